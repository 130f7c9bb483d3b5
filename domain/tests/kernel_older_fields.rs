//! The catalog learns which fields of an event's current form each older stored form lacks from
//! the upcasters' `down` steps alone, on a toy helpdesk that declares nothing about them: its
//! upcasters name the fields they rename (`replaced_fields`), as before, and no more.

use domain::kernel::*;
use domain::{messages, record};
use serde_json::{json, Map, Value};

record! {
    pub struct OpenTicket { pub ticket_id: String }
}
record! {
    pub struct TicketOpened {
        pub ticket_id: String,
        pub title: String,
        pub priority: u8,
        pub tags: Vec<String>,
        pub urgent: bool,
        pub assignee: Option<String>,
    }
}
record! {
    pub struct TicketClosed { pub ticket_id: String, pub reason: String }
}
record! {
    pub struct TicketMoved { pub ticket_id: String, pub queue: String }
}
record! {
    pub struct Agent { pub name: String, pub phone: String }
}
record! {
    pub struct Watcher { pub name: String, pub email: Option<String> }
}
record! {
    pub struct Queue { pub name: String, pub tier: u8 }
}
record! {
    pub struct TicketEscalated {
        pub ticket_id: String,
        pub agent: Agent,
        pub watchers: Vec<Watcher>,
        pub backup: Option<Agent>,
        pub queue: Queue,
    }
}

messages! {
    pub enum HelpdeskCommand { OpenTicket }
}
messages! {
    pub enum HelpdeskEvent { TicketOpened, TicketClosed, TicketMoved, TicketEscalated }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Helpdesk;

fn fields(payload: Value) -> Result<Map<String, Value>, String> {
    match payload {
        Value::Object(fields) => Ok(fields),
        other => Err(format!("{other} is not an object")),
    }
}

/// `change` made to the record at `key` of `p`, when it holds one.
fn in_record(
    p: &mut Map<String, Value>,
    key: &str,
    change: impl FnOnce(&mut Map<String, Value>) -> Result<(), String>,
) -> Result<(), String> {
    match p.get_mut(key) {
        Some(Value::Object(record)) => change(record),
        _ => Ok(()),
    }
}

/// `change` made to each record in the list at `key` of `p`.
fn in_each(
    p: &mut Map<String, Value>,
    key: &str,
    change: impl Fn(&mut Map<String, Value>) -> Result<(), String>,
) -> Result<(), String> {
    let Some(Value::Array(items)) = p.get_mut(key) else {
        return Ok(());
    };
    items.iter_mut().try_for_each(|item| match item {
        Value::Object(record) => change(record),
        _ => Ok(()),
    })
}

impl BoundedContext for Helpdesk {
    type Command = HelpdeskCommand;
    type Event = HelpdeskEvent;
    const NAME: &'static str = "helpdesk";
    fn wiring() -> Wiring<Self> {
        Wiring::new().aggregate::<Ticket>()
    }
    fn upcasters() -> Upcasters {
        Upcasters::default()
            .current("TicketOpened", 3)
            .current("TicketClosed", 2)
            .current("TicketMoved", 2)
            .current("TicketEscalated", 2)
            // Version 1 called the title `subject` and had no priority: every ticket was 0, the
            // highest.
            .step(Upcaster {
                from: ("TicketOpened", 1),
                to: ("TicketOpened", 2),
                up: |p, _| {
                    let mut p = fields(p)?;
                    let subject = p.remove("subject").ok_or("missing field `subject`")?;
                    p.insert("title".into(), subject);
                    p.insert("priority".into(), json!(0));
                    Ok(Value::Object(p))
                },
                down: |p, _| {
                    let mut p = fields(p)?;
                    let title = p.remove("title").ok_or("missing field `title`")?;
                    p.insert("subject".into(), title);
                    match p.remove("priority") {
                        Some(v) if v == json!(0) => Ok(Value::Object(p)),
                        _ => Err("version 1 only held priority 0".into()),
                    }
                },
                replaced_fields: &[("subject", "title")],
            })
            // Version 2 had no tags, and a ticket was urgent exactly at priority 0; it left the
            // assignee out rather than write it empty.
            .step(Upcaster {
                from: ("TicketOpened", 2),
                to: ("TicketOpened", 3),
                up: |p, _| {
                    let mut p = fields(p)?;
                    let urgent = p.get("priority") == Some(&json!(0));
                    p.insert("urgent".into(), json!(urgent));
                    p.insert("tags".into(), json!([]));
                    p.entry("assignee").or_insert(Value::Null);
                    Ok(Value::Object(p))
                },
                down: |p, _| {
                    let mut p = fields(p)?;
                    let urgent = p.remove("urgent") == Some(json!(true));
                    if urgent != (p.get("priority") == Some(&json!(0))) {
                        return Err("version 2 is urgent exactly at priority 0".into());
                    }
                    if p.remove("tags") != Some(json!([])) {
                        return Err("version 2 has no tags".into());
                    }
                    if p.get("assignee") == Some(&Value::Null) {
                        p.remove("assignee");
                    }
                    Ok(Value::Object(p))
                },
                replaced_fields: &[],
            })
            // No closed ticket is ever written in version 1 again.
            .step(Upcaster {
                from: ("TicketClosed", 1),
                to: ("TicketClosed", 2),
                up: |p, _| {
                    let mut p = fields(p)?;
                    p.insert("reason".into(), json!("closed"));
                    Ok(Value::Object(p))
                },
                down: |_, _| Err("version 1 is read, never written".into()),
                replaced_fields: &[],
            })
            // A rename alone: version 1 lacks nothing.
            .step(Upcaster {
                from: ("TicketMoved", 1),
                to: ("TicketMoved", 2),
                up: |p, _| {
                    let mut p = fields(p)?;
                    let queue = p.remove("to").ok_or("missing field `to`")?;
                    p.insert("queue".into(), queue);
                    Ok(Value::Object(p))
                },
                down: |p, _| {
                    let mut p = fields(p)?;
                    let queue = p.remove("queue").ok_or("missing field `queue`")?;
                    p.insert("to".into(), queue);
                    Ok(Value::Object(p))
                },
                replaced_fields: &[("to", "queue")],
            })
            // Version 1 called the agent's name `full_name` and had no phone numbers, no
            // watcher's email (a watcher was told in the ticket itself) and no queue.
            .step(Upcaster {
                from: ("TicketEscalated", 1),
                to: ("TicketEscalated", 2),
                up: |p, _| {
                    let mut p = fields(p)?;
                    let agent_up = |a: &mut Map<String, Value>| {
                        let name = a.remove("full_name").ok_or("missing field `full_name`")?;
                        a.insert("name".into(), name);
                        a.insert("phone".into(), json!(""));
                        Ok(())
                    };
                    in_record(&mut p, "agent", agent_up)?;
                    in_record(&mut p, "backup", agent_up)?;
                    in_each(&mut p, "watchers", |w| {
                        w.insert("email".into(), Value::Null);
                        Ok(())
                    })?;
                    p.insert("queue".into(), json!({"name": "support", "tier": 1}));
                    Ok(Value::Object(p))
                },
                down: |p, _| {
                    let mut p = fields(p)?;
                    let agent_down = |a: &mut Map<String, Value>| {
                        let name = a.remove("name").ok_or("missing field `name`")?;
                        a.insert("full_name".into(), name);
                        a.remove("phone");
                        Ok(())
                    };
                    in_record(&mut p, "agent", agent_down)?;
                    in_record(&mut p, "backup", agent_down)?;
                    in_each(&mut p, "watchers", |w| match w.remove("email") {
                        Some(Value::Null) => Ok(()),
                        _ => Err("version 1 holds no watcher's email".into()),
                    })?;
                    p.remove("queue");
                    Ok(Value::Object(p))
                },
                replaced_fields: &[
                    ("agent.full_name", "agent.name"),
                    ("backup.full_name", "backup.name"),
                ],
            })
    }
}

struct Ticket;

impl Aggregate<Helpdesk> for Ticket {
    const NAME: &'static str = "Ticket";
    const COMMANDS: &'static [&'static str] = &["OpenTicket"];
    const EVENTS: &'static [&'static str] = &[
        "TicketOpened",
        "TicketClosed",
        "TicketMoved",
        "TicketEscalated",
    ];
    type State = ();
    type View = NoView;
    fn command_stream(c: &HelpdeskCommand) -> Option<Text> {
        let HelpdeskCommand::OpenTicket(c) = c;
        Some(c.ticket_id.as_str().into())
    }
    fn event_stream(e: &HelpdeskEvent) -> Option<Text> {
        Some(match e {
            HelpdeskEvent::TicketOpened(e) => e.ticket_id.as_str().into(),
            HelpdeskEvent::TicketClosed(e) => e.ticket_id.as_str().into(),
            HelpdeskEvent::TicketMoved(e) => e.ticket_id.as_str().into(),
            HelpdeskEvent::TicketEscalated(e) => e.ticket_id.as_str().into(),
        })
    }
    fn decide(
        _: &(),
        _: &HelpdeskCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<HelpdeskEvent>, Rejection> {
        Err(Rejection::new("not here"))
    }
    fn evolve(state: (), _: &HelpdeskEvent) {
        state
    }
}

/// Each stored form of `event`: its version and the fields it lacks, as the catalog says.
fn lacks<'c>(catalog: &'c Catalog, event: &str) -> Vec<(u32, Option<Vec<&'c str>>)> {
    let versions = &catalog.message(event).unwrap().stored_versions;
    let lacked = |v: &'c StoredVersion| -> Option<Vec<&'c str>> {
        Some(
            v.lacks_fields
                .as_ref()?
                .iter()
                .map(String::as_str)
                .collect(),
        )
    };
    versions.iter().map(|v| (v.version, lacked(v))).collect()
}

#[test]
fn what_each_older_form_lacks_is_learned_from_its_down_steps() {
    let catalog = Catalog::of::<Helpdesk>();
    // Version 1 holds the title as `subject`, so lacks only what later versions added; the
    // assignee version 2 leaves out when empty it holds when set, so it is not lacked; and
    // `down` to version 2 refuses the first exemplars tried (not urgent at priority 0).
    assert_eq!(
        lacks(&catalog, "TicketOpened"),
        [
            (1, Some(vec!["priority", "tags", "urgent"])),
            (2, Some(vec!["tags", "urgent"])),
            (3, Some(vec![])),
        ]
    );
    assert_eq!(
        lacks(&catalog, "TicketMoved"),
        [(1, Some(vec![])), (2, Some(vec![]))],
        "a renamed field is held under its older name"
    );
    // Every exemplar refused: the catalog says it cannot tell, rather than "nothing".
    assert_eq!(
        lacks(&catalog, "TicketClosed"),
        [(1, None), (2, Some(vec![]))]
    );
}

#[test]
fn a_field_inside_a_record_an_older_form_lacks_is_named_by_its_path() {
    let catalog = Catalog::of::<Helpdesk>();
    // The agent's and the backup's names version 1 held as `full_name` are not lacked; a phone inside the
    // agent, an email inside each watcher of the list and a phone inside the optional backup
    // are, each after the field that holds it; the queue, lacked whole, is named alone, not
    // with its fields.
    assert_eq!(
        lacks(&catalog, "TicketEscalated"),
        [
            (
                1,
                Some(vec![
                    "agent.phone",
                    "watchers.email",
                    "backup.phone",
                    "queue"
                ])
            ),
            (2, Some(vec![])),
        ]
    );
}

#[test]
fn the_json_names_what_a_form_lacks_and_null_when_it_cannot_tell() {
    let catalog = Catalog::of::<Helpdesk>();
    let versions = |event: &str| {
        serde_json::to_value(&catalog.message(event).unwrap().stored_versions).unwrap()
    };
    assert_eq!(
        versions("TicketOpened"),
        json!([
            {"event_type": "TicketOpened", "version": 1,
             "replaced_fields": [["subject", "title"]],
             "lacks_fields": ["priority", "tags", "urgent"]},
            {"event_type": "TicketOpened", "version": 2, "lacks_fields": ["tags", "urgent"]},
            {"event_type": "TicketOpened", "version": 3}
        ])
    );
    assert_eq!(
        versions("TicketClosed"),
        json!([
            {"event_type": "TicketClosed", "version": 1, "lacks_fields": null},
            {"event_type": "TicketClosed", "version": 2}
        ])
    );
    assert_eq!(
        versions("TicketEscalated")[0]["lacks_fields"],
        json!(["agent.phone", "watchers.email", "backup.phone", "queue"])
    );
}
