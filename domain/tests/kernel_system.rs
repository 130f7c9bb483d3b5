//! The kernel's `System` on a toy bounded context (counters, an alarm process, a totals read
//! model): dispatch, journal, outbox, scheduling, replayed histories, duplicates, rebuilds,
//! stored forms and upcasting, independent of any real domain.

use chrono::{TimeZone, Utc};
use domain::kernel::*;
use domain::{messages, record};
use serde::{Deserialize, Serialize};
use serde_json::json;

record! {
    pub struct Increment { pub counter_id: String, pub by: i64 }
}
record! {
    pub struct Ring { pub counter_id: String }
}
record! {
    pub struct Unhandled { pub counter_id: String }
}
record! {
    pub struct Incremented { pub counter_id: String, pub by: i64 }
}

messages! {
    pub enum ToyCommand { Increment, Ring, Unhandled }
}
messages! {
    pub enum ToyEvent { Incremented }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Toy;

impl BoundedContext for Toy {
    type Command = ToyCommand;
    type Event = ToyEvent;
    const NAME: &'static str = "toy";
    fn wiring() -> Wiring<Self> {
        Wiring::new()
            .aggregate::<Counter>()
            .process::<Alarm>()
            .read_model::<Totals>()
    }
    fn upcasters() -> Upcasters {
        // Version 1 called the amount `amount`, and its first writers left the counter's id to
        // the stream's.
        Upcasters::default()
            .current("Incremented", 2)
            .step(Upcaster {
                from: ("Incremented", 1),
                to: ("Incremented", 2),
                up: |mut p, recorded| {
                    let amount = p
                        .as_object_mut()
                        .and_then(|o| o.remove("amount"))
                        .ok_or("missing field `amount`")?;
                    p["by"] = amount;
                    if p.get("counter_id").is_none() {
                        let stream = recorded.stream.ok_or(
                            "no `counter_id`, and no stream to take it from: give the event's \
                             stream",
                        )?;
                        p["counter_id"] = json!(stream.id.as_str());
                    }
                    Ok(p)
                },
                down: |mut p, _| {
                    let by = p
                        .as_object_mut()
                        .and_then(|o| o.remove("by"))
                        .ok_or("missing field `by`")?;
                    p["amount"] = by;
                    Ok(p)
                },
                replaced_fields: &[("amount", "by")],
            })
    }
}

struct Counter;

#[derive(Default, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct CounterState {
    total: i64,
}

impl Aggregate<Toy> for Counter {
    const NAME: &'static str = "Counter";
    // `Unhandled` is listed but routed nowhere by `command_stream`, to see what sending it says.
    const COMMANDS: &'static [&'static str] = &["Increment", "Unhandled"];
    const EVENTS: &'static [&'static str] = &["Incremented"];
    type State = CounterState;
    type View = NoView;

    fn command_stream(command: &ToyCommand) -> Option<Text> {
        match command {
            ToyCommand::Increment(c) => Some(c.counter_id.as_str().into()),
            _ => None,
        }
    }
    // A counter with no id is named by no stream, to see what giving its event says.
    fn event_stream(event: &ToyEvent) -> Option<Text> {
        let ToyEvent::Incremented(e) = event;
        (!e.counter_id.is_empty()).then(|| e.counter_id.as_str().into())
    }
    fn decide(
        _: &CounterState,
        command: &ToyCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<ToyEvent>, Rejection> {
        match command {
            ToyCommand::Increment(c) if c.by > 0 => Ok(vec![Incremented {
                counter_id: c.counter_id.clone(),
                by: c.by,
            }
            .into()]),
            ToyCommand::Increment(_) => Err(Rejection::new("must be positive")),
            _ => Err(Rejection::new("not a counter command")),
        }
    }
    fn evolve(mut state: CounterState, event: &ToyEvent) -> CounterState {
        let ToyEvent::Incremented(e) = event;
        state.total += e.by;
        state
    }
    const COULD_RECORD: Option<CouldRecord<Toy, Self>> = Some(|state, _, event| {
        let ToyEvent::Incremented(e) = event;
        match e.by > 0 {
            true => Ok(()),
            false => Err(format!(
                "a counter at {} only goes up, never by {}",
                state.total, e.by
            )),
        }
    });
}

/// On every increment: ring in ten minutes. On a ring: increment by one, at once.
struct Alarm;

#[derive(Default, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct AlarmState {
    rings: u32,
}

impl ProcessManager<Toy> for Alarm {
    const NAME: &'static str = "Alarm";
    const SUBSCRIBES: &'static [&'static str] = &["Incremented"];
    const HANDLES: &'static [&'static str] = &["Ring"];
    type State = AlarmState;

    fn instance(input: &Input<'_, Toy>) -> Option<Text> {
        match input {
            Input::Event(e) => {
                let ToyEvent::Incremented(i) = &e.message;
                Some(i.counter_id.as_str().into())
            }
            Input::Command(c) => match &c.command {
                ToyCommand::Ring(r) => Some(r.counter_id.as_str().into()),
                _ => None,
            },
        }
    }
    fn react(
        _: &AlarmState,
        input: &Input<'_, Toy>,
        context: &ProcessContext,
    ) -> Vec<Outgoing<ToyCommand>> {
        match input {
            Input::Event(e) => {
                let ToyEvent::Incremented(i) = &e.message;
                vec![Outgoing::Schedule {
                    at: context.now + minutes(10),
                    command: Ring {
                        counter_id: i.counter_id.clone(),
                    }
                    .into(),
                }]
            }
            Input::Command(c) => match &c.command {
                ToyCommand::Ring(r) => vec![Outgoing::Send(
                    Increment {
                        counter_id: r.counter_id.clone(),
                        by: 1,
                    }
                    .into(),
                )],
                _ => vec![],
            },
        }
    }
    fn evolve(mut state: AlarmState, input: &Input<'_, Toy>, _: &ProcessContext) -> AlarmState {
        if input.command().is_some() {
            state.rings += 1;
        }
        state
    }
}

record! {
    pub struct Total { pub total: i64, pub version: u64 }
}

/// The entry of counter `id`, opened at nothing.
fn counter_total<'a>(entries: &'a mut Entries<Total>, id: &str) -> &'a mut Total {
    entries.entry(id.into()).or_insert(Box::new(Total {
        total: 0,
        version: 0,
    }))
}

#[derive(Default, Clone, Debug, PartialEq)]
struct Totals {
    entries: Entries<Total>,
}

impl ReadModel<Toy> for Totals {
    const NAME: &'static str = "Totals";
    const SUBSCRIBES: &'static [&'static str] = &["Incremented"];
    type Entry = Total;
    fn apply(&mut self, event: &Envelope<ToyEvent>) {
        let ToyEvent::Incremented(i) = &event.message;
        let entry = counter_total(&mut self.entries, &i.counter_id);
        if take_news(&mut entry.version, event.sequence) {
            entry.total += i.by;
        }
    }
    fn entries(&self) -> &Entries<Total> {
        &self.entries
    }
}

/// Every increment a counter's stream has had, kept apart from its positions: the count would
/// go up again on a repeat without the kernel's `TakenIn` to tell it, when `guarded`.
#[derive(Default, Clone, Debug, PartialEq)]
struct Tally<const GUARDED: bool> {
    entries: Entries<Total>,
    taken_in: TakenIn<StreamId>,
}

impl<const GUARDED: bool> ReadModel<Toy> for Tally<GUARDED> {
    const NAME: &'static str = "Tally";
    const SUBSCRIBES: &'static [&'static str] = &["Incremented"];
    type Entry = Total;
    fn apply(&mut self, event: &Envelope<ToyEvent>) {
        if GUARDED && !self.taken_in.take_in(&event.stream, event.sequence) {
            return;
        }
        let ToyEvent::Incremented(i) = &event.message;
        let entry = counter_total(&mut self.entries, &i.counter_id);
        entry.total += i.by;
        entry.version = event.sequence;
    }
    fn entries(&self) -> &Entries<Total> {
        &self.entries
    }
}

fn start() -> Instant {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap()
}

fn inc(counter: &str, by: i64) -> ToyCommand {
    Increment {
        counter_id: counter.into(),
        by,
    }
    .into()
}

fn ring(counter: &str) -> ToyCommand {
    Ring {
        counter_id: counter.into(),
    }
    .into()
}

fn incremented(counter: &str, by: i64) -> ToyEvent {
    Incremented {
        counter_id: counter.into(),
        by,
    }
    .into()
}

#[test]
fn a_command_is_decided_recorded_and_delivered_and_reactions_wait_in_the_schedule() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.send(inc("a", 3)).unwrap();
    let recorded: Vec<_> = system.journal().recorded(0).collect();
    assert_eq!(recorded.len(), 1);
    let e = recorded[0];
    assert_eq!(e.stream, StreamId::new("Counter", "a"));
    assert_eq!(e.sequence, 1);
    assert_eq!(e.recorded_at, start());
    assert!(e.causation_id.is_some());
    let sent: Vec<_> = system.journal().sent(0).collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, Some(start() + minutes(10)));
    assert_eq!(sent[0].0.causation_id, Some(e.id));
    assert_eq!(
        system.read_model("Totals", "a"),
        Some(json!({"total": 3, "version": 1}))
    );
    assert_eq!(
        system.aggregate_state(&StreamId::new("Counter", "a")),
        Some(json!({"total": 3}))
    );
}

#[test]
fn a_history_judged_names_each_event_its_aggregate_could_not_have_recorded_and_folds_it() {
    let counter = || StreamId::new("Counter", "a");
    // Not judged (a scenario's Givens): anything the log says is folded, and nothing is said.
    let mut system = System::<Toy>::new(start()).unwrap();
    system.given(Some(counter()), incremented("a", -2)).unwrap();
    assert!(system.take_impossible().is_empty());
    // Judged (a recorded log): the event is named with its place, and folded all the same.
    let mut system = System::<Toy>::new(start()).unwrap();
    system.judge_history(true);
    system.given(Some(counter()), incremented("a", 5)).unwrap();
    assert!(system.take_impossible().is_empty());
    system.given(Some(counter()), incremented("a", -2)).unwrap();
    assert_eq!(
        impossible(&mut system),
        [
            "Counter/a #2: Incremented could not have been recorded: a counter at 5 only goes up, \
          never by -2"
        ]
    );
    assert!(system.take_impossible().is_empty(), "taken once");
    assert_eq!(
        system.aggregate_state(&counter()),
        Some(json!({"total": 3}))
    );
    // A first event is judged against the state an instance starts in.
    system
        .given(Some(StreamId::new("Counter", "b")), incremented("b", 0))
        .unwrap();
    assert_eq!(
        impossible(&mut system),
        [
            "Counter/b #1: Incremented could not have been recorded: a counter at 0 only goes up, \
          never by 0"
        ]
    );
}

#[test]
fn a_rejection_is_journaled_and_records_nothing() {
    let mut system = System::<Toy>::new(start()).unwrap();
    let err = system.send(inc("a", 0)).unwrap_err();
    assert_eq!(
        err,
        KernelError::Rejected(Rejection::new("must be positive"))
    );
    assert_eq!(system.journal().recorded(0).count(), 0);
    let rejections: Vec<_> = system.journal().rejections(0).collect();
    assert_eq!(rejections.len(), 1);
    assert_eq!(rejections[0].1.reason, "must be positive");
    assert!(system.store().is_empty());
}

#[test]
fn a_command_its_aggregate_names_no_instance_for_is_an_error_naming_the_aggregate() {
    let mut system = System::<Toy>::new(start()).unwrap();
    let err = system
        .send(
            Unhandled {
                counter_id: "a".into(),
            }
            .into(),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the aggregate Counter lists `Unhandled` in COMMANDS, but its command_stream names no \
         instance for it"
    );
}

/// An event its aggregate lists, given where its event_stream names no instance: told as the
/// aggregate's slip, where it was told as an event no aggregate records.
#[test]
fn an_event_its_aggregate_names_no_instance_for_is_an_error_naming_the_aggregate() {
    let mut system = System::<Toy>::new(start()).unwrap();
    let err = system.given(None, incremented("", 1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the aggregate Counter lists `Incremented` in EVENTS, but its event_stream names no \
         instance for it (and no stream was given)"
    );
}

#[test]
fn passing_time_delivers_due_commands_in_order_and_their_reactions_wait_in_the_outbox() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.send(inc("a", 1)).unwrap();
    system.advance(minutes(5));
    system.send(inc("b", 1)).unwrap();
    let mark = system.journal().mark();
    system.advance(minutes(9)); // a's ring (at 09:10) is due, b's (09:15) is not
    assert_eq!(system.now(), start() + minutes(14));
    let delivered: Vec<_> = system
        .journal()
        .since(mark)
        .iter()
        .filter_map(|e| match e {
            Entry::Delivered(c) => Some(c.command.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(delivered, vec![ring("a")]);
    // The ring's reaction is sent, not executed.
    let sent: Vec<_> = system
        .journal()
        .sent(mark)
        .map(|(c, due)| (c.command.clone(), due))
        .collect();
    assert_eq!(sent, vec![(inc("a", 1), None)]);
    assert_eq!(system.outbox().count(), 1);
    assert_eq!(system.store().len(), 2);
    // Settling runs the outbox: the increment is recorded and schedules another ring.
    system.settle().unwrap();
    assert_eq!(system.store().len(), 3);
    assert_eq!(
        system.read_model("Totals", "a"),
        Some(json!({"total": 2, "version": 2}))
    );
    assert_eq!(system.scheduled().len(), 2);
    assert_eq!(system.scheduled()[0].0, start() + minutes(15));
}

#[test]
fn a_scheduled_command_is_handled_at_its_due_instant() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.send(inc("a", 1)).unwrap();
    system.advance(minutes(30));
    system.settle().unwrap();
    let second = system.store().log()[1].clone();
    assert_eq!(second.recorded_at, start() + minutes(30));
    // The clock stood at 09:10 while the ring was handled; the increment ran at settle time.
    let rings: Vec<_> = system
        .journal()
        .sent(0)
        .filter(|(_, due)| due.is_some())
        .collect();
    assert_eq!(rings[0].0.issued_at, start());
}

#[test]
fn givens_replay_counts_sent_commands_as_handled_and_keeps_later_timeouts() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.given(None, incremented("a", 2)).unwrap();
    assert!(
        system.journal().entries().is_empty(),
        "givens are not outcomes"
    );
    assert_eq!(
        system.read_model("Totals", "a"),
        Some(json!({"total": 2, "version": 1}))
    );
    assert_eq!(
        system.aggregate_state(&StreamId::new("Counter", "a")),
        Some(json!({"total": 2}))
    );
    assert_eq!(system.outbox().count(), 0);
    assert_eq!(
        system.scheduled().len(),
        1,
        "the ring at 09:10 stays scheduled"
    );

    // Givens are recorded at the scenario clock, so their timeouts count from there.
    let mut late = System::<Toy>::new(start()).unwrap();
    late.set_now(start() + minutes(20));
    late.given(None, incremented("a", 2)).unwrap();
    assert_eq!(late.scheduled()[0].0, start() + minutes(30));
    let mut past = System::<Toy>::new(start()).unwrap();
    past.given(Some(StreamId::new("Counter", "x")), incremented("a", 2))
        .unwrap();
    assert_eq!(past.store().log()[0].stream, StreamId::new("Counter", "x"));
}

#[test]
fn a_published_event_takes_the_next_position_and_is_not_recorded() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.given(None, incremented("a", 2)).unwrap();
    let mark = system.journal().mark();
    system.publish(None, incremented("a", 5)).unwrap();
    assert_eq!(system.journal().recorded(mark).count(), 0);
    match &system.journal().since(mark)[0] {
        Entry::Published(e) => assert_eq!(e.sequence, 2),
        other => panic!("expected a published entry, got {other:?}"),
    }
    assert_eq!(
        system.read_model("Totals", "a"),
        Some(json!({"total": 7, "version": 2}))
    );
    assert_eq!(system.journal().sent(mark).count(), 1);
}

#[test]
fn duplicate_delivery_changes_no_guarded_read_model_and_sends_nothing_twice() {
    let run = |duplicates: bool| {
        let mut system = System::<Toy>::new(start()).unwrap();
        system.set_duplicate_delivery(duplicates);
        system.send(inc("a", 1)).unwrap();
        system.advance(minutes(10));
        system.settle().unwrap();
        let sent: Vec<_> = system
            .journal()
            .sent(0)
            .map(|(c, d)| (c.command.clone(), d))
            .collect();
        (system.read_model("Totals", "a"), sent)
    };
    assert_eq!(run(false), run(true));
}

#[test]
fn read_models_and_aggregates_equal_a_rebuild_from_the_log() {
    let mut system = System::<Toy>::new(start()).unwrap();
    for (c, by) in [("a", 1), ("b", 2), ("a", 3)] {
        system.send(inc(c, by)).unwrap();
    }
    system.advance(minutes(10));
    system.settle().unwrap();
    assert!(system.read_models_differing_from_rebuild().is_empty());
    assert!(system.aggregates_differing_from_replay().is_empty());

    // Under duplicate delivery the guarded read model still equals the rebuild.
    let mut unguarded = system.clone();
    unguarded.set_duplicate_delivery(true);
    unguarded
        .publish(Some(StreamId::new("Other", "z")), incremented("a", 1))
        .unwrap();
    assert!(unguarded.read_models_differing_from_rebuild().is_empty());
}

#[test]
fn a_copy_of_a_system_and_its_original_go_their_own_ways() {
    let mut original = System::<Toy>::new(start()).unwrap();
    original.send(inc("a", 1)).unwrap();
    original.settle().unwrap();
    let mut copy = original.clone();
    let counter = StreamId::new("Counter", "a");
    let (state, entry) = (
        original.aggregate_state(&counter),
        original.read_model("Totals", "a"),
    );

    copy.send(inc("a", 5)).unwrap();
    copy.settle().unwrap();
    assert_ne!(copy.read_model("Totals", "a"), entry);
    assert_ne!(copy.aggregate_state(&counter), state);
    // What the copy wrote, it wrote to its own: the original still holds what it held.
    assert_eq!(original.read_model("Totals", "a"), entry);
    assert_eq!(original.aggregate_state(&counter), state);

    original.send(inc("a", 2)).unwrap();
    original.settle().unwrap();
    assert_ne!(
        original.read_model("Totals", "a"),
        copy.read_model("Totals", "a")
    );
}

#[test]
fn a_rebuild_carried_on_from_a_prefix_equals_a_whole_one() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.send(inc("a", 1)).unwrap();
    system.settle().unwrap();
    let prefix = system.store().len();
    let (models, aggregates) = (system.rebuild_read_models(), system.replay_aggregates());
    for (c, by) in [("b", 2), ("a", 3)] {
        system.send(inc(c, by)).unwrap();
    }
    system.advance(minutes(10));
    system.settle().unwrap();

    let carried = system.continue_rebuild(models, prefix);
    let whole = system.rebuild_read_models();
    assert_eq!(carried.len(), whole.len());
    assert!(carried
        .iter()
        .zip(&whole)
        .all(|(c, w)| c.same_as(w.as_ref())));
    assert_eq!(carried[0].entry("a"), system.read_model("Totals", "a"));
    let carried = system.continue_replay(aggregates, prefix);
    let replayed = system.replay_aggregates();
    assert!(carried
        .iter()
        .zip(&replayed)
        .all(|(c, r)| c.same_as(r.as_ref())));

    // The prefix is not folded again: carried on from nothing, the first event is missing.
    let fresh = system
        .read_model_slots()
        .iter()
        .map(|r| r.fresh())
        .collect();
    let tail_only = system.continue_rebuild(fresh, prefix);
    assert!(!tail_only[0].same_as(whole[0].as_ref()));
}

#[test]
fn stored_forms_round_trip_and_older_versions_upcast() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.send(inc("a", 4)).unwrap();
    let stored = system.stored_log();
    assert_eq!(stored[0].event_type, "Incremented");
    assert_eq!(stored[0].event_version, 2);
    assert_eq!(stored[0].payload, json!({"counter_id": "a", "by": 4}));
    let text = serde_json::to_string(&stored[0]).unwrap();
    assert!(text.contains("\"stream\":\"Counter/a\""), "{text}");

    let env = &system.store().log()[0];
    let v1 = StoredEvent::encode_version::<Toy>(env, system.upcasters(), 1).unwrap();
    assert_eq!(v1.payload, json!({"counter_id": "a", "amount": 4}));
    let back = system.decode(&v1).unwrap();
    assert_eq!(back.message, env.message);

    let mut replay = System::<Toy>::new(start()).unwrap();
    replay.given_stored(&v1).unwrap();
    assert_eq!(
        replay.read_model("Totals", "a"),
        system.read_model("Totals", "a")
    );
}

/// A step reads where its event was stored: a version 1 form with no counter id takes the
/// stream's, and one with no stream to take it from is refused in the step's words.
#[test]
fn an_upcaster_reads_the_stream_its_event_was_stored_in() {
    let system = System::<Toy>::new(start()).unwrap();
    let stored = StoredEvent {
        stream: StreamId::new("Counter", "b"),
        sequence: 1,
        event_type: "Incremented".into(),
        event_version: 1,
        payload: json!({"amount": 3}),
        recorded_at: start(),
    };
    let read = system.decode(&stored).unwrap();
    assert_eq!(
        read.message.payload(),
        json!({"counter_id": "b", "by": 3}),
        "{read:?}"
    );
    let nowhere = Recorded {
        stream: None,
        recorded_at: start(),
    };
    let refused = system
        .upcasters()
        .upcast("Incremented", 1, json!({"amount": 3}), &nowhere, |n| {
            n == "Incremented"
        })
        .unwrap_err()
        .to_string();
    assert!(refused.contains("no stream to take it from"), "{refused}");
}

#[test]
fn bad_stored_forms_are_errors_that_name_what_is_wrong() {
    let system = System::<Toy>::new(start()).unwrap();
    let mut stored = StoredEvent {
        stream: StreamId::new("Counter", "a"),
        sequence: 1,
        event_type: "Incremented".into(),
        event_version: 7,
        payload: json!({"counter_id": "a", "by": 1}),
        recorded_at: start(),
    };
    let err = system.decode(&stored).unwrap_err().to_string();
    assert!(
        err.contains("Incremented") && err.contains('7') && err.contains("1, 2"),
        "{err}"
    );
    stored.event_type = "Decremented".into();
    let err = system.decode(&stored).unwrap_err().to_string();
    assert!(err.contains("unknown event type `Decremented`"), "{err}");
    stored.event_type = "Incremented".into();
    stored.event_version = 1;
    let err = system.decode(&stored).unwrap_err().to_string();
    assert!(err.contains("amount"), "{err}");
    stored.event_version = 2;
    stored.payload = json!({"counter_id": "a", "by": "x"});
    let err = system.decode(&stored).unwrap_err().to_string();
    assert!(
        err.contains("Incremented")
            && err.contains("found the text \"x\" where a whole number")
            && !err.contains("invalid type"),
        "{err}"
    );

    let mut loading = System::<Toy>::new(start()).unwrap();
    stored.payload = json!({"counter_id": "a", "by": 1});
    stored.sequence = 2;
    let err = loading.given_stored(&stored).unwrap_err();
    assert!(matches!(
        err,
        KernelError::Sequence {
            expected: 1,
            found: 2,
            ..
        }
    ));
    assert!(loading.store().is_empty());
}

#[test]
fn the_same_inputs_give_the_same_journal() {
    let run = || {
        let mut system = System::<Toy>::new(start()).unwrap();
        for i in 0..5 {
            system.send(inc(&format!("c{}", i % 2), i + 1)).unwrap();
            system.advance(minutes(7));
            system.settle().unwrap();
        }
        format!("{:?}", system.journal().entries())
    };
    assert_eq!(run(), run());
}

#[test]
fn the_catalog_lists_messages_with_fields_handlers_subscribers_and_versions() {
    let catalog = Catalog::of::<Toy>();
    let inc = catalog.message("Increment").unwrap();
    assert_eq!(inc.kind, MessageKind::Command);
    assert_eq!(inc.handled_by, Some("Counter"));
    assert_eq!(
        inc.fields
            .iter()
            .map(|f| (f.name, f.type_name))
            .collect::<Vec<_>>(),
        vec![("counter_id", "String"), ("by", "i64")]
    );
    assert_eq!(catalog.message("Ring").unwrap().handled_by, Some("Alarm"));
    assert_eq!(
        catalog.message("Unhandled").unwrap().handled_by,
        Some("Counter")
    );
    let ev = catalog.message("Incremented").unwrap();
    assert_eq!(ev.handled_by, Some("Counter"));
    assert_eq!(ev.subscribers, vec!["Alarm", "Totals"]);
    assert_eq!(
        ev.stored_versions,
        vec![
            StoredVersion {
                event_type: "Incremented",
                version: 1,
                replaced_fields: vec![("amount", "by")],
                lacks_fields: Some(Vec::new()),
            },
            StoredVersion {
                event_type: "Incremented",
                version: 2,
                replaced_fields: Vec::new(),
                lacks_fields: Some(Vec::new()),
            }
        ]
    );
    // Where an older field's value went, as the upcaster declares it.
    assert_eq!(ev.replaced_field("amount"), Some((1, "by")));
    assert_eq!(ev.replaced_field("by"), None);
    assert_eq!(catalog.nearest_message("Incremnted"), Some("Incremented"));
}

#[test]
fn an_event_placed_at_or_before_its_streams_version_conflicts_and_a_gap_is_kept() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.send(inc("a", 1)).unwrap();
    let counter = StreamId::new("Counter", "a");
    assert_eq!(system.version(&counter), 1);
    let err = system
        .given_at(counter.clone(), 1, incremented("a", 1))
        .unwrap_err();
    assert!(
        matches!(&err, KernelError::Conflict(e) if (e.expected, e.actual) == (0, 1)),
        "{err:?}"
    );
    system
        .given_at(counter.clone(), 4, incremented("a", 2))
        .unwrap();
    assert_eq!(system.version(&counter), 4);
    assert_eq!(system.store().len(), 2);
    // A stream no aggregate owns is versioned by the store, apart from the aggregate's.
    let loose = StreamId::new("Elsewhere", "a");
    system
        .given(Some(loose.clone()), incremented("a", 1))
        .unwrap();
    system
        .given(Some(loose.clone()), incremented("a", 1))
        .unwrap();
    assert_eq!((system.version(&loose), system.version(&counter)), (2, 4));
    assert!(system.given_at(loose, 2, incremented("a", 1)).is_err());
}

/// Faults answered from a script, to see each one do what it says.
#[derive(Default)]
struct Scripted {
    copies: usize,
    picks: Vec<usize>,
    crash_every: bool,
    late: i64,
    conflicts: usize,
}

impl Faults for Scripted {
    fn copies(&mut self, _: &'static str, _: &'static str, _: &dyn Fn() -> About) -> usize {
        self.copies.max(1)
    }
    fn pick(
        &mut self,
        choices: usize,
        _: &dyn Fn(usize) -> Option<(&'static str, About)>,
    ) -> usize {
        if self.picks.is_empty() {
            0
        } else {
            self.picks.remove(0) % choices
        }
    }
    fn crash(&mut self, _: &'static str, _: bool, _: &dyn Fn() -> About) -> bool {
        std::mem::take(&mut self.crash_every)
    }
    fn lateness(&mut self, _: &'static str, _: &dyn Fn() -> About) -> i64 {
        self.late
    }
    fn conflict(&mut self, _: &StreamId, _: &'static str, _: &dyn Fn() -> About) -> bool {
        if self.conflicts > 0 {
            self.conflicts -= 1;
            true
        } else {
            false
        }
    }
}

#[test]
fn duplicate_deliveries_pass_the_inbox_only_when_it_is_off() {
    let run = |inbox: bool| {
        let mut system = System::<Toy>::new(start()).unwrap();
        system.set_inbox(inbox);
        system.set_faults(Some(Box::new(Scripted {
            copies: 2,
            ..Scripted::default()
        })));
        system.send(inc("a", 1)).unwrap();
        system.journal().sent(0).count()
    };
    assert_eq!(run(true), 1, "the inbox drops the second copy");
    assert_eq!(run(false), 2, "without it the alarm reacts to both copies");
}

#[test]
fn deliveries_may_be_reordered_across_streams_but_never_within_one() {
    let mut system = System::<Toy>::new(start()).unwrap();
    // Three increments waiting in the outbox as reactions: two for `a`, one for `b`.
    for c in ["a", "b", "a"] {
        system.send(ring(c)).unwrap();
    }
    system.set_faults(Some(Box::new(Scripted {
        picks: vec![2, 2, 1, 1, 1, 1, 1, 1, 1, 1],
        ..Scripted::default()
    })));
    system.settle().unwrap();
    let a: Vec<u64> = system
        .store()
        .log()
        .iter()
        .filter(|e| e.stream.id == "a")
        .map(|e| e.sequence)
        .collect();
    assert_eq!(a, vec![1, 2]);
    // b's increment was recorded after a's first, yet its alarm went out first: the delivery of
    // a's event waited while b's command ran and b's event was delivered.
    let recorded: Vec<&str> = system
        .journal()
        .recorded(0)
        .map(|e| e.stream.id.as_str())
        .collect();
    let rang: Vec<String> = system
        .journal()
        .sent(0)
        .filter_map(|(c, _)| match &c.command {
            ToyCommand::Ring(r) => Some(r.counter_id.as_str().into()),
            _ => None,
        })
        .collect();
    assert_eq!(recorded, vec!["a", "b", "a"]);
    assert_eq!(rang, vec!["b", "a", "a"], "recorded {recorded:?}");
    // The totals read model saw each stream in order, so it equals its rebuild.
    assert!(system.read_models_differing_from_rebuild().is_empty());
    assert_eq!(
        system.read_model("Totals", "a"),
        Some(json!({"total": 2, "version": 2}))
    );
}

#[test]
fn a_repeat_delivery_is_ignored_by_the_positions_taken_in_and_caught_without_them() {
    /// Three increments of `a` and one of `b`, each delivered three times to every subscriber
    /// with deliveries reordered across streams, repeats watched; the tally of `a`, and what
    /// the watch found.
    fn run<const GUARDED: bool>() -> (Option<serde_json::Value>, Vec<String>) {
        let wiring = Toy::wiring().read_model::<Tally<GUARDED>>();
        let mut system = System::from_parts(start(), wiring, Toy::upcasters()).unwrap();
        // The toy alarm relies on the inbox, which stands between repeats and process managers
        // only: read models meet every copy.
        system.watch_repeated_deliveries(true);
        system.set_faults(Some(Box::new(Scripted {
            copies: 3,
            picks: vec![1, 2, 1, 3, 1, 2, 1, 1, 2],
            ..Scripted::default()
        })));
        for (c, by) in [("a", 1), ("b", 5), ("a", 2), ("a", 3)] {
            system.send(inc(c, by)).unwrap();
            system.settle().unwrap();
        }
        // A rebuild delivers each event once: only the guarded tally equals it.
        let differing = system.read_models_differing_from_rebuild();
        assert_eq!(differing.is_empty(), GUARDED, "{differing:?}");
        (
            system.read_model("Tally", "a"),
            system.take_repeat_violations(),
        )
    }
    let (tally, repeats) = run::<true>();
    assert_eq!(tally, Some(json!({"total": 6, "version": 3})));
    assert_eq!(repeats, Vec::<String>::new());

    // Without them the same deliveries count again, and the watch says which repeat did it.
    let (tally, repeats) = run::<false>();
    assert_ne!(tally, Some(json!({"total": 6, "version": 3})));
    assert!(
        repeats
            .iter()
            .any(|r| r.starts_with("the read model Tally changed when Incremented (Counter/a #1)")),
        "{repeats:?}"
    );
}

#[test]
fn a_crashed_process_restarts_from_what_it_persisted_and_gets_the_message_again() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.set_faults(Some(Box::new(Scripted {
        crash_every: true,
        ..Scripted::default()
    })));
    system.send(inc("a", 1)).unwrap();
    // The redelivery met the persisted inbox: the alarm was scheduled once.
    assert_eq!(system.scheduled().len(), 1);
}

/// Crashes a process manager on every first handling, never on a repeat, and keeps what it was
/// asked.
struct FirstHandlings(std::sync::Arc<std::sync::Mutex<Vec<(&'static str, bool)>>>);

impl Faults for FirstHandlings {
    fn crash(&mut self, process: &'static str, again: bool, _: &dyn Fn() -> About) -> bool {
        self.0.lock().unwrap().push((process, again));
        !again
    }
}

#[test]
fn the_message_that_comes_again_after_a_crash_is_told_as_a_repeat() {
    let asked = std::sync::Arc::default();
    let mut system = System::<Toy>::new(start()).unwrap();
    system.set_faults(Some(Box::new(FirstHandlings(std::sync::Arc::clone(
        &asked,
    )))));
    system.send(inc("a", 1)).unwrap();
    system.send(inc("a", 1)).unwrap();
    // Each increment crashed the alarm once; what came again was not crashed, so nothing loops.
    assert_eq!(
        *asked.lock().unwrap(),
        [
            ("Alarm", false),
            ("Alarm", true),
            ("Alarm", false),
            ("Alarm", true)
        ]
    );
    assert!(system.take_restart_failures().is_empty());
}

#[test]
fn a_replay_of_a_recorded_log_may_drop_what_givens_schedule() {
    let given = |keep: bool| {
        let mut system = System::<Toy>::new(start()).unwrap();
        system.set_keep_given_schedule(keep);
        system.given(None, incremented("a", 1)).unwrap();
        system.scheduled().len()
    };
    assert_eq!(given(true), 1, "a scenario's later time may run the alarm");
    assert_eq!(given(false), 0, "a replay never runs it");
}

#[test]
fn a_late_scheduled_command_arrives_late() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.set_faults(Some(Box::new(Scripted {
        late: 5,
        ..Scripted::default()
    })));
    system.send(inc("a", 1)).unwrap();
    assert_eq!(system.scheduled()[0].0, start() + minutes(15));
    assert_eq!(
        system.earliest_delayed(),
        Some(start() + minutes(10)),
        "it was due at 10 minutes as sent"
    );
    system.advance(minutes(10));
    assert!(system.outbox().next().is_none());
    system.advance(minutes(5));
    assert_eq!(system.outbox().count(), 1);
    assert_eq!(system.earliest_delayed(), None, "nothing delayed waits");
}

/// What a timeout leads to happens at the instant it falls due (its `late` delay included), and
/// the clock moves on only after: each increment a ring sends is recorded at the ring's instant,
/// and the ring that increment schedules falls due within the same span, whatever the faults.
#[test]
fn time_passing_and_settling_handles_what_each_timeout_leads_to_at_its_instant() {
    let run = |faults: Option<Scripted>| {
        let mut system = System::<Toy>::new(start()).unwrap();
        system.set_faults(faults.map(|f| Box::new(f) as Box<dyn Faults>));
        system.send_and_settle(inc("a", 1)).unwrap();
        system.advance_and_settle(minutes(30)).unwrap();
        assert_eq!(system.now(), start() + minutes(30));
        assert!(system.outbox().next().is_none(), "nothing is left waiting");
        let minutes_in = |at: Instant| (at - start()).num_minutes();
        let recorded: Vec<i64> = (system.store().log().iter())
            .map(|e| minutes_in(e.recorded_at))
            .collect();
        let next = system.scheduled().first().map(|(due, _)| minutes_in(*due));
        (recorded, next)
    };
    assert_eq!(run(None), (vec![0, 10, 20, 30], Some(40)));
    let late = || Scripted {
        late: 5,
        ..Scripted::default()
    };
    assert_eq!(run(Some(late())), (vec![0, 15, 30], Some(45)));
    // Every message delivered twice, the work reordered wherever there is a choice.
    let shuffled = Scripted {
        copies: 2,
        picks: (0..200).map(|i| i % 3).collect(),
        ..late()
    };
    assert_eq!(run(Some(shuffled)), (vec![0, 15, 30], Some(45)));
    // A conflict on the counter's stream: decided again, at the same instant.
    let conflicting = Scripted {
        conflicts: 2,
        ..late()
    };
    assert_eq!(run(Some(conflicting)), (vec![0, 15, 30], Some(45)));

    // `advance` and one `settle` after it: the first ring's increment waited for the target.
    let mut system = System::<Toy>::new(start()).unwrap();
    system.send_and_settle(inc("a", 1)).unwrap();
    system.advance(minutes(30));
    system.settle().unwrap();
    let recorded: Vec<Instant> = system.store().log().iter().map(|e| e.recorded_at).collect();
    assert_eq!(recorded, vec![start(), start() + minutes(30)]);
}

/// Work left waiting before time passes is done where it was left, before the first timeout.
#[test]
fn time_passing_and_settling_first_settles_what_was_left_waiting() {
    let mut system = System::<Toy>::new(start()).unwrap();
    system.send(ring("a")).unwrap();
    assert_eq!(system.outbox().count(), 1);
    system.advance_and_settle(minutes(15)).unwrap();
    let recorded: Vec<i64> = (system.store().log().iter())
        .map(|e| (e.recorded_at - start()).num_minutes())
        .collect();
    assert_eq!(recorded, vec![0, 10]);
}

/// Time past the clock's last instant is refused before anything runs.
#[test]
fn time_passing_and_settling_past_the_clocks_last_instant_changes_nothing() {
    let mut system = System::<Toy>::new(Instant::MAX_UTC - minutes(60)).unwrap();
    system.send(inc("a", 1)).unwrap();
    let err = system
        .advance_and_settle(chrono::TimeDelta::minutes(61))
        .unwrap_err();
    assert!(matches!(err, KernelError::BeyondTheClock { .. }), "{err}");
    assert_eq!(system.now(), Instant::MAX_UTC - minutes(60));
    assert_eq!(
        system.outbox().count(),
        0,
        "the alarm only scheduled a ring"
    );
    assert_eq!(system.store().len(), 1);
}

#[test]
fn a_conflicting_append_lets_the_rival_write_first_and_decides_again() {
    let mut system = System::<Toy>::new(start()).unwrap();
    for _ in 0..2 {
        system.send(ring("a")).unwrap();
    }
    assert_eq!(system.outbox().count(), 2);
    system.set_faults(Some(Box::new(Scripted {
        conflicts: 1,
        ..Scripted::default()
    })));
    system.settle().unwrap();
    let sequences: Vec<u64> = system.store().log().iter().map(|e| e.sequence).collect();
    assert_eq!(
        sequences,
        vec![1, 2],
        "both increments landed, one after the other"
    );
    assert_eq!(
        system.aggregate_state(&StreamId::new("Counter", "a")),
        Some(json!({"total": 2}))
    );
    assert!(system.aggregates_differing_from_replay().is_empty());
}

#[test]
fn a_stored_form_read_as_text_gives_what_its_json_tree_gives() {
    let system = System::<Toy>::new(start()).unwrap();
    let current = CurrentForms::new::<ToyEvent>(system.upcasters());
    let reader = StoredReader::new::<ToyEvent>(system.upcasters().clone());
    let text = |version: u32, payload: &str| {
        format!(
            r#"{{"stream":"Counter/a","sequence":1,"event_type":"Incremented","event_version":{version},"payload":{payload},"recorded_at":"2026-01-05T09:00:00Z"}}"#
        )
    };
    // Read in one pass, with the payload kept as text, or with it read (and upcast) ahead of
    // decoding, as a reading thread does: the same event, or the same error, every way.
    let readings = |line: &str| -> [StoredText<ToyEvent>; 3] {
        [
            StoredText::from_line(line, &current).unwrap(),
            serde_json::from_str(line).unwrap(),
            reader.read_line(line).unwrap(),
        ]
    };
    // The current form goes straight to its message; an older one through the upcasters.
    for (line, typed) in [
        (text(2, r#"{"counter_id":"a","by":3}"#), true),
        (text(1, r#"{"counter_id":"a","amount":3}"#), false),
    ] {
        for (i, mut stored) in readings(&line).into_iter().enumerate() {
            assert_eq!(
                matches!(stored.payload, Payload::Typed(_)),
                (typed && i == 0) || i == 2,
                "the one-pass reading types a current form's payload; reading ahead, any form's"
            );
            let from_tree = system
                .decode(&serde_json::from_str::<StoredEvent>(&line).unwrap())
                .unwrap();
            let from_text = system.decode_text(&mut stored).unwrap();
            assert_eq!(from_text, from_tree);
            assert_eq!(from_text.message, incremented("a", 3));
        }
    }
    // The payload may come first: it is then read as text, to the same event.
    let first = r#"{"payload":{"counter_id":"a","by":3},"stream":"Counter/a","sequence":1,"event_type":"Incremented","event_version":2,"recorded_at":"2026-01-05T09:00:00Z"}"#;
    let mut stored = StoredText::<ToyEvent>::from_line(first, &current).unwrap();
    assert!(matches!(stored.payload, Payload::Text(_)));
    assert_eq!(
        system.decode_text(&mut stored).unwrap().message,
        incremented("a", 3)
    );
    // A current payload that does not fit names its message; nothing was upcast. Both readings
    // say so alike.
    for mut stored in readings(&text(2, r#"{"counter_id":"a","by":"x"}"#)) {
        let err = system.decode_text(&mut stored).unwrap_err().to_string();
        assert!(
            err.contains("Incremented")
                && err.contains("found the text \"x\" where a whole number")
                && !err.contains("upcast"),
            "{err}"
        );
    }
    // An older one names the upcast that failed.
    for mut stored in readings(&text(1, r#"{"counter_id":"a"}"#)) {
        let err = system.decode_text(&mut stored).unwrap_err().to_string();
        assert!(err.contains("amount"), "{err}");
    }
    // A repeated field, or one missing, is refused by both readings with the plain one's error.
    for line in [
        text(2, r#"{"counter_id":"a","by":3},"sequence":2"#),
        r#"{"stream":"Counter/a","sequence":1,"event_type":"Incremented","event_version":2,"payload":{"counter_id":"a","by":3}}"#.to_string(),
    ] {
        let plain = serde_json::from_str::<StoredText<ToyEvent>>(&line).unwrap_err();
        let one_pass = StoredText::<ToyEvent>::from_line(&line, &current).unwrap_err();
        assert_eq!(one_pass.to_string(), plain.to_string());
    }
}

/// What an event carries beyond its stored form is kept as written, for a migrated copy to
/// write back: its metadata, and a key the stored form does not have, which was refused before
/// (2026-12-07), and is now kept with where it stood, by both readings.
#[test]
fn a_line_keeps_its_metadata_and_other_keys_as_written() {
    let system = System::<Toy>::new(start()).unwrap();
    let current = CurrentForms::new::<ToyEvent>(system.upcasters());
    let line = |extra: &str| {
        format!(
            r#"{{"stream":"Counter/a","sequence":1,"event_type":"Incremented","event_version":2,"payload":{{"counter_id":"a","by":3}},"recorded_at":"2026-01-05T09:00:00Z"{extra}}}"#
        )
    };
    let metadata = r#"{"correlation_id": "k1", "n": 1.50}"#;
    for stored in [
        StoredText::<ToyEvent>::from_line(&line(&format!(r#","metadata":{metadata}"#)), &current)
            .unwrap(),
        serde_json::from_str(&line(&format!(r#","metadata":{metadata}"#))).unwrap(),
    ] {
        assert_eq!(stored.metadata.as_deref(), Some(metadata));
    }
    assert_eq!(
        StoredText::<ToyEvent>::from_line(&line(""), &current)
            .unwrap()
            .metadata,
        None
    );
    // A store's own keys of those names are the event's, kept as written: the line's own
    // `recorded_at` is when it was recorded (only gwt load, which keeps both in a table's
    // metadata, refuses them).
    for metadata in [
        r#"{"recorded_at":"2031-01-01T00:00:00Z"}"#,
        r#"{"position":4}"#,
    ] {
        let text = line(&format!(r#","metadata":{metadata}"#));
        let stored = StoredText::<ToyEvent>::from_line(&text, &current).unwrap();
        assert_eq!(stored.metadata.as_deref(), Some(metadata));
        assert_ne!(stored.recorded_at.to_string(), "2031-01-01 00:00:00 UTC");
    }
    let with_other = line(r#","event_id":{"n": 1.50}"#).replacen('{', r#"{"at":7,"#, 1);
    let plain: StoredText<ToyEvent> = serde_json::from_str(&with_other).unwrap();
    for stored in [
        StoredText::<ToyEvent>::from_line(&with_other, &current).unwrap(),
        plain,
    ] {
        let others = stored.others.as_deref().unwrap();
        let kept: Vec<(&str, &str, u8)> = others
            .iter()
            .map(|o| (&*o.name, &*o.value, o.after))
            .collect();
        assert_eq!(kept, [("at", "7", 0), ("event_id", r#"{"n": 1.50}"#, 6)]);
        let event = StoredEvent {
            stream: stored.stream.clone(),
            sequence: stored.sequence,
            event_type: stored.event_type.to_string(),
            event_version: stored.event_version,
            payload: serde_json::json!({"counter_id": "a", "by": 3}),
            recorded_at: stored.recorded_at,
        };
        assert_eq!(
            event.line_with(Some(r#"{"k":1}"#), Some(others)).unwrap(),
            r#"{"at":7,"stream":"Counter/a","sequence":1,"event_type":"Incremented","event_version":2,"payload":{"by":3,"counter_id":"a"},"recorded_at":"2026-01-05T09:00:00Z","event_id":{"n": 1.50},"metadata":{"k":1}}"#
        );
    }
    for (extra, said) in [
        (r#","metadata":"k1""#, "`metadata` must be a JSON object"),
        (
            r#","metadata":[{"k":1}]"#,
            "`metadata` must be a JSON object",
        ),
    ] {
        let text = line(extra);
        let error = StoredText::<ToyEvent>::from_line(&text, &current).unwrap_err();
        let shown = domain::kernel::json_error_in(&error.error, "the line", &text);
        assert!(shown.contains(said), "{shown}");
    }
}

/// A line with keys beside its stored form is written back in its own order, fields and other
/// keys alike, so that each other key keeps its neighbours (docs/decisions.md): first, last,
/// between two fields, with the fields in the stored form's order or another, by both readings.
/// A line without other keys is written in the stored form's order, whatever its own: an
/// export's lines stay byte for byte what they were.
#[test]
fn a_line_with_other_keys_is_written_back_in_its_own_order() {
    let system = System::<Toy>::new(start()).unwrap();
    let current = CurrentForms::new::<ToyEvent>(system.upcasters());
    let written_back = |line: &str| -> Vec<String> {
        let plain: StoredText<ToyEvent> = serde_json::from_str(line).unwrap();
        let one_pass = StoredText::<ToyEvent>::from_line(line, &current).unwrap();
        [plain, one_pass]
            .into_iter()
            .map(|stored| {
                let event = StoredEvent {
                    stream: stored.stream.clone(),
                    sequence: stored.sequence,
                    event_type: stored.event_type.to_string(),
                    event_version: stored.event_version,
                    payload: serde_json::json!({"counter_id": "a", "by": 3}),
                    recorded_at: stored.recorded_at,
                };
                event
                    .line_with(stored.metadata.as_deref(), stored.others.as_deref())
                    .unwrap()
            })
            .collect()
    };
    let stream = r#""stream":"Counter/a""#;
    let sequence = r#""sequence":1"#;
    let event_type = r#""event_type":"Incremented""#;
    let version = r#""event_version":2"#;
    let payload = r#""payload":{"by":3,"counter_id":"a"}"#;
    let at = r#""recorded_at":"2026-01-05T09:00:00Z""#;
    let metadata = r#""metadata":{"k": 1.50}"#;
    let key = r#""global_position":7"#;
    let id = r#""id":{"n": 1.50}"#;
    let line = |keys: &[&str]| format!("{{{}}}", keys.join(","));
    for keys in [
        // First, the fields after it in another order.
        vec![key, at, stream, sequence, event_type, version, payload],
        // Last, after the fields in another order, metadata among them.
        vec![
            payload, metadata, stream, at, version, sequence, event_type, key,
        ],
        // Between payload and stream.
        vec![event_type, version, payload, key, stream, sequence, at],
        // Two, apart, the stored form's order otherwise (as written before).
        vec![
            stream, key, sequence, event_type, version, payload, at, metadata, id,
        ],
        // Two together, between two fields, in another order.
        vec![
            at, sequence, id, key, stream, payload, event_type, version, metadata,
        ],
    ] {
        let line = line(&keys);
        for back in written_back(&line) {
            assert_eq!(back, line);
        }
    }
    // Without other keys, the stored form's order.
    let standard = line(&[stream, sequence, event_type, version, payload, at, metadata]);
    for back in written_back(&line(&[
        metadata, at, payload, version, event_type, sequence, stream,
    ])) {
        assert_eq!(back, standard);
    }
    // The fields the line gave, in its order, and its other keys among them.
    let stored: StoredText<ToyEvent> = serde_json::from_str(&line(&[
        at, key, stream, sequence, event_type, version, payload,
    ]))
    .unwrap();
    let others = stored.others.as_deref().unwrap();
    assert_eq!(
        others.fields().collect::<Vec<_>>(),
        [
            "recorded_at",
            "stream",
            "sequence",
            "event_type",
            "event_version",
            "payload"
        ]
    );
    assert_eq!(others.keys()[0].after, 1);
}

mod one_pass_reading {
    use super::*;
    use proptest::prelude::*;

    /// A stored line's fields, each maybe spoilt, in any order, maybe repeated or missing; most
    /// lines are good, so that every way of reading is held to events as well as to errors.
    fn lines() -> impl Strategy<Value = String> {
        let field = |key: &'static str, good: Vec<&'static str>, bad: Vec<&'static str>| {
            let values: Vec<&'static str> = good
                .iter()
                .flat_map(|g| std::iter::repeat_n(*g, 40))
                .chain(bad)
                .collect();
            prop::sample::select(values).prop_map(move |v| format!("\"{key}\":{v}"))
        };
        let fields = (
            field("stream", vec!["\"Counter/a\""], vec!["\"Counter\"", "7"]),
            field("sequence", vec!["1", "4"], vec!["-1", "\"1\""]),
            field(
                "event_type",
                vec!["\"Incremented\""],
                vec!["\"Nope\"", "null"],
            ),
            field("event_version", vec!["2", "1"], vec!["3", "\"2\""]),
            field(
                "payload",
                vec![
                    r#"{"counter_id":"a","by":3}"#,
                    r#"{"counter_id":"a","amount":3}"#,
                ],
                vec![
                    r#"{"counter_id":"a","by":"x"}"#,
                    r#"{"counter_id":"a","by":3,"extra":1}"#,
                    r#"[1,2]"#,
                    r#""text""#,
                ],
            ),
            field(
                "recorded_at",
                vec![
                    "\"2026-01-05T09:00:00Z\"",
                    "\"2026-01-05T09:00:00.25+00:00\"",
                ],
                vec![
                    "\"2026-01-05 09:00:00+01:00\"",
                    "\"2026-02-30T09:00:00Z\"",
                    "5",
                ],
            ),
            field(
                "metadata",
                vec![r#"{"correlation_id":"k1","deep":[1]}"#],
                vec![r#"{"recorded_at":"2026-01-05T09:00:00Z"}"#, "[1]", "null"],
            ),
        );
        (fields, any::<u8>(), any::<u8>(), any::<u8>()).prop_flat_map(
            |((a, b, c, d, e, f, g), dropped, repeat, tail)| {
                let all = [a, b, c, d, e, f, g];
                let mut kept: Vec<String> = all
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| dropped % 24 != *i as u8)
                    .map(|(_, f)| f.clone())
                    .collect();
                if repeat % 12 == 0 {
                    kept.push(all[usize::from(repeat / 12) % all.len()].clone());
                }
                let tail = if tail % 16 == 0 { " x" } else { "" };
                Just(kept)
                    .prop_shuffle()
                    .prop_map(move |fields| format!("{{{}}}{tail}", fields.join(",")))
            },
        )
    }

    fn outcome(
        system: &System<Toy>,
        read: serde_json::Result<StoredText<ToyEvent>>,
    ) -> Result<(Envelope<ToyEvent>, Option<Box<str>>), String> {
        let mut stored = read.map_err(|e| format!("unreadable: {e}"))?;
        let envelope = system.decode_text(&mut stored).map_err(|e| e.to_string())?;
        Ok((envelope, stored.metadata))
    }

    proptest! {
        /// Whatever the line, reading it in one pass, or all the way to its message ahead of
        /// decoding, ends where the plain reading (payload kept as text) ends: the same event,
        /// or the same error.
        #[test]
        fn reads_every_line_as_the_plain_reading_does(line in lines()) {
            let system = System::<Toy>::new(start()).unwrap();
            let reader = StoredReader::new::<ToyEvent>(system.upcasters().clone());
            let plain = outcome(&system, serde_json::from_str(&line));
            let one_pass = outcome(&system, StoredText::from_line(&line, &CurrentForms::new::<ToyEvent>(system.upcasters())).map_err(|e| e.error));
            let ahead = outcome(&system, reader.read_line(&line).map_err(|e| e.error));
            prop_assert_eq!(&one_pass, &plain, "{}", line);
            prop_assert_eq!(&ahead, &plain, "{}", line);
        }
    }
}

/// The events found that their aggregates could not have recorded, in words.
fn impossible(system: &mut System<Toy>) -> Vec<String> {
    system
        .take_impossible()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Time passing beyond the clock's last instant is refused, saying how far the clock can go,
/// and leaves the clock where it stood.
#[test]
fn time_past_the_clocks_last_instant_is_refused_with_how_far_it_can_go() {
    let start = domain::kernel::Instant::MAX_UTC - chrono::TimeDelta::minutes(60);
    let mut system = System::<Toy>::new(start).unwrap();
    let refused = system
        .try_advance(chrono::TimeDelta::minutes(61))
        .expect_err("61 minutes when 60 are left");
    assert_eq!(
        refused.to_string(),
        format!(
            "the clock is at {}, and can go on at most 60 minutes",
            start.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
        )
    );
    assert_eq!(system.now(), start);
    system.try_advance(chrono::TimeDelta::minutes(60)).unwrap();
    assert_eq!(system.now(), start + chrono::TimeDelta::minutes(60));
}

/// A payload that does not fit its message names the field the mistake is in, however deep,
/// from text (with its column, and its line when the payload spans several) and from a tree
/// (an upcast payload, which has no column to count).
#[test]
fn a_payload_that_does_not_fit_names_the_field_the_mistake_is_in() {
    use domain::conference::ConferenceEvent;
    let reason = |e: MessageError| match e {
        MessageError::Invalid { reason, .. } => reason,
        other => panic!("{other:?}"),
    };
    let said = reason(
        ToyEvent::from_payload_str("Incremented", r#"{"counter_id":"c1","by":"two"}"#).unwrap_err(),
    );
    assert!(
        said.ends_with(", in `by`, at column 29 of the payload"),
        "{said}"
    );
    let nested = r#"{"access_code":"A","conference_id":"c","order_id":"o","reservation_auto_expiration":"2026-01-05T09:36:00Z","seats":[{"quantity":1,"seat_type":"a"},{"quantity":"one","seat_type":"b"}]}"#;
    let said = reason(ConferenceEvent::from_payload_str("OrderPlaced", nested).unwrap_err());
    assert!(
        said.contains(", in `seats[1].quantity`, at column "),
        "{said}"
    );
    let tree: serde_json::Value = serde_json::from_str(nested).unwrap();
    let said = reason(ConferenceEvent::from_payload("OrderPlaced", tree).unwrap_err());
    assert!(said.ends_with(", in `seats[1].quantity`"), "{said}");
    // Pretty-printed, as a database's column may hold it: placed by line and column.
    let pretty = "{\n  \"counter_id\": \"c1\",\n  \"by\": [\n    1\n  ]\n}";
    let said = reason(ToyEvent::from_payload_str("Incremented", pretty).unwrap_err());
    assert!(said.contains(", in `by`, at line 3, column "), "{said}");
    // An amount, read from its JSON text, is named by its field alone.
    let totals = r#"{"order_id":"o","total":"19x","lines":[],"is_free_of_charge":false}"#;
    let said =
        reason(ConferenceEvent::from_payload_str("OrderTotalsCalculated", totals).unwrap_err());
    assert!(said.contains(", in `total`, at column "), "{said}");
    assert!(!said.contains('$'), "{said}");
    // A mistake of the payload's own names no field.
    let said = reason(ToyEvent::from_payload_str("Incremented", "[1]").unwrap_err());
    assert!(!said.contains(" in `"), "{said}");
}

/// What a process manager sends while past events are loaded counts as handled: not sent, not
/// counted, but journaled as sent in the past where the journal is kept (a feature's run, which
/// tells a refusal that may come of it), and not at all where it is not (a simulation or a
/// verification, which load millions of events).
#[test]
fn a_command_sent_in_the_past_is_journaled_as_such_only_where_the_journal_is_kept() {
    let load = |keep_journal: bool| {
        let mut system = System::<Toy>::new(start()).unwrap();
        system.set_keep_journal(keep_journal);
        // The alarm's ring is scheduled after the clock: dropped with the past too.
        system.set_keep_given_schedule(false);
        system.given(None, incremented("a", 2)).unwrap();
        system
    };
    let kept = load(true);
    let past: Vec<_> = kept
        .journal()
        .entries()
        .iter()
        .filter_map(|e| match e {
            Entry::SentInThePast { by, command } => Some((*by, command.command.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(past, vec![("Alarm", ring("a"))]);
    assert_eq!(kept.journal().sent(0).count(), 0, "not sent");
    assert_eq!(kept.journal().counts().sent, 0, "not counted");
    assert!(load(false).journal().entries().is_empty());
    // Commands go to their aggregate's stream; a process manager's own command to none, so
    // nothing sent in the past is said to go where it does.
    assert_eq!(
        kept.command_stream(&inc("a", 1)),
        Some(StreamId::new("Counter", "a"))
    );
    assert_eq!(kept.command_stream(&ring("a")), None);
    assert!(kept.sent_in_the_past_to(&ring("a")).is_empty());
}

/// On an increment of 5: an increment by -1, which the counter refuses. On one of 7: an
/// increment by 1, scheduled an hour on. Sends nothing else (it takes the context's `Ring`,
/// which some handler must, and ignores it).
struct Doubter;

impl ProcessManager<Toy> for Doubter {
    const NAME: &'static str = "Doubter";
    const SUBSCRIBES: &'static [&'static str] = &["Incremented"];
    const HANDLES: &'static [&'static str] = &["Ring"];
    type State = AlarmState;

    fn instance(input: &Input<'_, Toy>) -> Option<Text> {
        let ToyEvent::Incremented(i) = input.event()?;
        Some(i.counter_id.as_str().into())
    }
    fn react(
        _: &AlarmState,
        input: &Input<'_, Toy>,
        context: &ProcessContext,
    ) -> Vec<Outgoing<ToyCommand>> {
        let Some(ToyEvent::Incremented(i)) = input.event() else {
            return vec![];
        };
        match i.by {
            5 => vec![Outgoing::Send(inc(&i.counter_id, -1))],
            7 => vec![Outgoing::Schedule {
                at: context.now + minutes(60),
                command: inc(&i.counter_id, 1),
            }],
            _ => vec![],
        }
    }
    fn evolve(state: AlarmState, _: &Input<'_, Toy>, _: &ProcessContext) -> AlarmState {
        state
    }
}

/// The state of the alarm of counter `id`.
fn alarm_state(system: &System<Toy>, id: &str) -> Option<serde_json::Value> {
    system.process_slots()[0].state(id)
}

/// A replay that watches answers: events given at the log's positions, each at its instant.
fn watching(wiring: Wiring<Toy>) -> System<Toy> {
    let mut system = System::from_parts(start(), wiring, Toy::upcasters()).unwrap();
    system.watch_answers(true);
    system.set_keep_given_schedule(false);
    system
}

fn given_at(system: &mut System<Toy>, at: Instant, counter: &str, sequence: u64, by: i64) {
    system.set_now(at);
    system
        .given_at(
            StreamId::new("Counter", counter),
            sequence,
            incremented(counter, by),
        )
        .unwrap();
}

/// A replay watching answers hands a process manager its timeout when the log's clock reaches
/// it: what it sends then is kept until its stream records something, and one its stream never
/// answers, which its aggregate would still act on, is told with what it reacted to and what it
/// would record. Its answer, any event of its stream after it, clears it.
#[test]
fn a_command_sent_on_a_timeout_is_unanswered_until_its_stream_records_after_it() {
    let mut system = watching(Toy::wiring());
    given_at(&mut system, start(), "a", 1, 2);
    // The ring falls due at 09:10; the increment it sends goes to Counter/a, at #1.
    given_at(&mut system, start() + minutes(10), "b", 1, 2);
    let end = start() + minutes(10);
    let unanswered = system.unanswered(end);
    assert_eq!(unanswered.len(), 1, "{unanswered:?}");
    let told = unanswered[0].to_string();
    assert_eq!(
        told,
        "Increment to Counter/a, sent by Alarm at 2026-01-05T09:10:00Z when its Ring fell due: \
         the log records nothing of it yet (it would record Incremented): in flight, or lost"
    );
    assert_eq!(
        alarm_state(&system, "a"),
        Some(json!({"rings": 1})),
        "the timeout was delivered"
    );
    // Counter/b's ring falls due at 09:20, after the end: nothing it sends is known.
    let mut answered = system.clone();
    given_at(&mut answered, end, "a", 2, 1);
    assert_eq!(answered.unanswered(end), vec![]);
    // Without watching, nothing is kept and no timeout is delivered.
    let mut unwatched = System::<Toy>::new(start()).unwrap();
    unwatched.set_keep_given_schedule(false);
    given_at(&mut unwatched, start(), "a", 1, 2);
    given_at(&mut unwatched, end, "b", 1, 2);
    assert_eq!(unwatched.unanswered(end), vec![]);
    assert_eq!(alarm_state(&unwatched, "a"), Some(json!({"rings": 0})));
}

/// A command its aggregate refuses had no effect to record, rightly: it is not told. One
/// scheduled after the log's end is expected to be unanswered, and is not told either, until
/// the log's end passes its due instant.
#[test]
fn a_refused_command_and_one_due_after_the_end_are_not_told() {
    let wiring = Wiring::new().aggregate::<Counter>().process::<Doubter>();
    let mut system = watching(wiring);
    given_at(&mut system, start(), "a", 1, 5);
    given_at(&mut system, start(), "b", 1, 7);
    assert_eq!(system.unanswered(start()), vec![]);
    let later = start() + minutes(60);
    let told: Vec<String> = system
        .unanswered(later)
        .iter()
        .map(|u| u.to_string())
        .collect();
    assert_eq!(
        told,
        [
            "Increment to Counter/b, sent by Doubter at 2026-01-05T09:00:00Z after Incremented \
          of Counter/b #1: the log records nothing of it yet (it would record Incremented): in \
          flight, or lost"
        ]
    );
}

/// What is kept is swept of the answered as it grows: a command left unanswered early is still
/// told after thousands answered since.
#[test]
fn an_early_unanswered_command_survives_the_sweeps_of_answered_ones() {
    let mut system = watching(Toy::wiring());
    given_at(&mut system, start(), "z", 1, 2);
    let mut at = start();
    for sequence in 1..=3000 {
        at += minutes(10);
        // Each event answers the increment the ring on the one before sent.
        given_at(&mut system, at, "a", sequence, 2);
    }
    let told: Vec<String> = system
        .unanswered(at)
        .iter()
        .map(|u| format!("{} {}", u.stream, u.sent_at))
        .collect();
    assert_eq!(told, [format!("Counter/z {}", start() + minutes(10))]);
}
