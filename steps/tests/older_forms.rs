//! A Given of an older stored form that writes a field that form lacks is refused in plain
//! words naming the version, whatever the upcaster does with the field: here it fills the field
//! in over the author's value without a word, and the domain declares nothing about it.

mod common;

use domain::kernel::*;
use domain::{messages, record};
use serde_json::{json, Value};
use steps::runner::RunOptions;
use steps::world::ContextFactory;

record! {
    pub struct Open { pub ticket_id: String }
}
record! {
    pub struct Opened { pub ticket_id: String, pub title: String, pub priority: u8, pub queue: String }
}
messages! {
    pub enum ToyCommand { Open }
}
messages! {
    pub enum ToyEvent { Opened }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Toy;

impl BoundedContext for Toy {
    type Command = ToyCommand;
    type Event = ToyEvent;
    const NAME: &'static str = "toy";
    fn wiring() -> Wiring<Self> {
        Wiring::new().aggregate::<Tickets>()
    }
    fn upcasters() -> Upcasters {
        // Version 1 had neither a priority (every ticket was 0) nor a queue (every ticket was
        // the desk's): `up` sets both, over whatever the payload held.
        fn up(mut p: Value, _: &Recorded) -> Result<Value, String> {
            p["priority"] = json!(0);
            p["queue"] = json!("desk");
            Ok(p)
        }
        fn down(mut p: Value, _: &Recorded) -> Result<Value, String> {
            let fields = p.as_object_mut().ok_or("not an object")?;
            fields.remove("priority");
            fields.remove("queue");
            Ok(p)
        }
        Upcasters::default().current("Opened", 2).step(Upcaster {
            from: ("Opened", 1),
            to: ("Opened", 2),
            up,
            down,
            replaced_fields: &[],
        })
    }
}

struct Tickets;

impl Aggregate<Toy> for Tickets {
    const NAME: &'static str = "Ticket";
    const COMMANDS: &'static [&'static str] = &["Open"];
    const EVENTS: &'static [&'static str] = &["Opened"];
    type State = ();
    type View = NoView;
    fn command_stream(c: &ToyCommand) -> Option<Text> {
        let ToyCommand::Open(c) = c;
        Some(c.ticket_id.as_str().into())
    }
    fn event_stream(e: &ToyEvent) -> Option<Text> {
        let ToyEvent::Opened(e) = e;
        Some(e.ticket_id.as_str().into())
    }
    fn decide(_: &(), _: &ToyCommand, _: &Context<'_, NoView>) -> Result<Vec<ToyEvent>, Rejection> {
        Err(Rejection::new("not here"))
    }
    fn evolve(state: (), _: &ToyEvent) {
        state
    }
}

#[test]
fn a_given_in_an_older_form_with_a_field_that_form_lacks_is_refused_naming_the_version() {
    let (summary, _) = common::run_feature_in(
        ContextFactory::<Toy>::new().unwrap(),
        "older-forms",
        "lacks",
        "Feature: older forms
  Scenario: version 1 as it was stored
    Given the events in version 1:
      | event  | ticket_id | title |
      | Opened | T-1       | Help  |
    When 1 minute passes
    Then no events are recorded

  Scenario: a field version 1 lacks
    Given the events in version 1:
      | event  | ticket_id | title | priority |
      | Opened | T-1       | Help  | 2        |
    When 1 minute passes
    Then no events are recorded

  Scenario: two fields version 1 lacks
    Given the events in version 1:
      | event  | ticket_id | title | queue | priority |
      | Opened | T-1       | Help  | sales | 2        |
    When 1 minute passes
    Then no events are recorded
",
        RunOptions::default(),
    );
    assert_eq!((summary.passed, summary.failed), (1, 2), "{summary:?}");
    let failures = summary.failures.join("\n");
    for said in [
        "`Opened` version 1 has no `priority`: that field came with a later version (`gwt \
         catalog` lists `v1 (without priority, queue)`); leave it out under `Given the events \
         in version 1:`, or give the event in its current form under `Given the events:`",
        "`Opened` version 1 has no `priority` or `queue`: those fields came with later versions \
         (`gwt catalog` lists `v1 (without priority, queue)`); leave them out under",
    ] {
        assert!(failures.contains(said), "{said} missing in {failures}");
    }
}
