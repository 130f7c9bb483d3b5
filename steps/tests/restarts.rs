//! The stored-form run restarts every process manager from what it persisted after each message
//! it handles, and the message comes again: a state JSON cannot write fails the scenario at the
//! step where it is first persisted (a Given, the When, time passing, or long after), with the
//! kernel's words; a process manager whose guard is lost in the stored state sends again; a
//! correct one passes, each process manager taking an event crashing once on it.

mod common;

use std::collections::BTreeMap;

use domain::kernel::*;
use domain::{messages, record};
use serde::{Deserialize, Serialize};
use steps::runner::{RunOptions, Summary};
use steps::runtime::{LongAfter, RunKind, Runtime, SystemRuntime};
use steps::world::{default_start, ContextFactory};

record! {
    pub struct Count { pub counter_id: String }
}
record! {
    pub struct Ring { pub counter_id: String }
}
record! {
    pub struct Counted { pub counter_id: String }
}
record! {
    pub struct Rang { pub counter_id: String }
}
messages! {
    pub enum ToyCommand { Count, Ring }
}
messages! {
    pub enum ToyEvent { Counted, Rang }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Toy;

impl BoundedContext for Toy {
    type Command = ToyCommand;
    type Event = ToyEvent;
    const NAME: &'static str = "toy";
    fn wiring() -> Wiring<Self> {
        Wiring::new().aggregate::<Counter>().process::<Bell<true>>()
    }
}

/// Records what it is told: `Count` as `Counted`, `Ring` as `Rang`.
struct Counter;

impl Aggregate<Toy> for Counter {
    const NAME: &'static str = "Counter";
    const COMMANDS: &'static [&'static str] = &["Count", "Ring"];
    const EVENTS: &'static [&'static str] = &["Counted", "Rang"];
    type State = ();
    type View = NoView;
    fn command_stream(c: &ToyCommand) -> Option<Text> {
        match c {
            ToyCommand::Count(c) => Some(c.counter_id.as_str().into()),
            ToyCommand::Ring(c) => Some(c.counter_id.as_str().into()),
        }
    }
    fn event_stream(e: &ToyEvent) -> Option<Text> {
        match e {
            ToyEvent::Counted(e) => Some(e.counter_id.as_str().into()),
            ToyEvent::Rang(e) => Some(e.counter_id.as_str().into()),
        }
    }
    fn decide(_: &(), c: &ToyCommand, _: &Context<'_, NoView>) -> Result<Vec<ToyEvent>, Rejection> {
        Ok(vec![match c {
            ToyCommand::Count(c) => Counted {
                counter_id: c.counter_id.clone(),
            }
            .into(),
            ToyCommand::Ring(c) => Rang {
                counter_id: c.counter_id.clone(),
            }
            .into(),
        }])
    }
    fn evolve(state: (), _: &ToyEvent) {
        state
    }
}

fn counter_of(input: &Input<'_, Toy>) -> Option<Text> {
    match input.event()? {
        ToyEvent::Counted(e) => Some(e.counter_id.as_str().into()),
        ToyEvent::Rang(e) => Some(e.counter_id.as_str().into()),
    }
}

/// Schedules a `Ring` ten minutes after each count, once per position of the counter's stream.
#[derive(Default, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct BellState {
    last: u64,
}

/// The bug, for `PERSISTED` false: the position taken in is not written with the state, so
/// after a restart the count that comes again is news once more.
#[derive(Default, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ForgetfulState {
    #[serde(skip)]
    last: u64,
}

struct Bell<const PERSISTED: bool>;

macro_rules! bell {
    ($persisted:literal, $state:ty, $name:literal) => {
        impl ProcessManager<Toy> for Bell<$persisted> {
            const NAME: &'static str = $name;
            const SUBSCRIBES: &'static [&'static str] = &["Counted"];
            const HANDLES: &'static [&'static str] = &[];
            type State = $state;
            fn instance(input: &Input<'_, Toy>) -> Option<Text> {
                counter_of(input)
            }
            fn react(
                state: &$state,
                input: &Input<'_, Toy>,
                ctx: &ProcessContext,
            ) -> Vec<Outgoing<ToyCommand>> {
                let (Some(counter_id), Input::Event(e)) = (counter_of(input), input) else {
                    return Vec::new();
                };
                if !is_news(e.sequence, state.last) {
                    return Vec::new();
                }
                vec![Outgoing::Schedule {
                    at: ctx.now + chrono::TimeDelta::minutes(10),
                    command: Ring {
                        counter_id: counter_id.to_string(),
                    }
                    .into(),
                }]
            }
            fn evolve(mut state: $state, input: &Input<'_, Toy>, _: &ProcessContext) -> $state {
                if let Input::Event(e) = input {
                    take_news(&mut state.last, e.sequence);
                }
                state
            }
        }
    };
}

bell!(true, BellState, "Bell");
bell!(false, ForgetfulState, "ForgetfulBell");

/// The bug the restart must find: a map keyed by pairs, which JSON cannot write as an object,
/// filled by each ring it takes in.
#[derive(Default, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct PairKeyedState {
    rang: BTreeMap<(String, u64), bool>,
}

struct RingTally;

impl ProcessManager<Toy> for RingTally {
    const NAME: &'static str = "RingTally";
    const SUBSCRIBES: &'static [&'static str] = &["Rang"];
    const HANDLES: &'static [&'static str] = &[];
    type State = PairKeyedState;
    fn instance(input: &Input<'_, Toy>) -> Option<Text> {
        counter_of(input)
    }
    fn react(
        _: &PairKeyedState,
        _: &Input<'_, Toy>,
        _: &ProcessContext,
    ) -> Vec<Outgoing<ToyCommand>> {
        Vec::new()
    }
    fn evolve(
        mut state: PairKeyedState,
        input: &Input<'_, Toy>,
        _: &ProcessContext,
    ) -> PairKeyedState {
        if let Input::Event(e) = input {
            state.rang.insert((e.stream.to_string(), e.sequence), true);
        }
        state
    }
}

/// Counts its rings too, in a state that persists: a second process manager taking the events
/// the bell's rings record.
#[derive(Default, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct RingCount {
    rang: u64,
}

struct RingCounter;

impl ProcessManager<Toy> for RingCounter {
    const NAME: &'static str = "RingCounter";
    const SUBSCRIBES: &'static [&'static str] = &["Counted"];
    const HANDLES: &'static [&'static str] = &[];
    type State = RingCount;
    fn instance(input: &Input<'_, Toy>) -> Option<Text> {
        counter_of(input)
    }
    fn react(_: &RingCount, _: &Input<'_, Toy>, _: &ProcessContext) -> Vec<Outgoing<ToyCommand>> {
        Vec::new()
    }
    fn evolve(state: RingCount, _: &Input<'_, Toy>, _: &ProcessContext) -> RingCount {
        RingCount {
            rang: state.rang + 1,
        }
    }
}

fn with_ring_tally() -> Wiring<Toy> {
    Toy::wiring().process::<RingTally>()
}

fn forgetful() -> Wiring<Toy> {
    Wiring::new()
        .aggregate::<Counter>()
        .process::<Bell<false>>()
}

/// Runs `text` as `{name}.feature` on the toy wired by `wiring`, implicit checks on (or off),
/// judging the invariants (none) long after an hour.
fn run(name: &str, wiring: fn() -> Wiring<Toy>, implicit_checks: bool, text: &str) -> Summary {
    let fresh = System::from_parts(default_start(), wiring(), Toy::upcasters()).unwrap();
    let factory = ContextFactory::from_system(fresh)
        .with_invariants(|_| Vec::new())
        .with_long_after(LongAfter {
            minutes: 60,
            judge: |_| Vec::new(),
        });
    let options = RunOptions {
        implicit_checks,
        ..RunOptions::default()
    };
    let (summary, _dir) = common::run_feature_in(factory, "restarts", name, text, options);
    summary
}

const STORED_FORM_RUN: &str = "in the stored-form run (every Given written to its stored form and \
                               read back, and every process manager restarted from what it \
                               persisted after each message): ";

/// Where the one failure of a run is (`feature.feature:line:column`), and what it says.
fn one_failure(summary: Summary) -> (String, String) {
    assert_eq!(
        (summary.passed, summary.failed),
        (0, 1),
        "{:?}",
        summary.failures
    );
    let failure = &summary.failures[0];
    // The feature's folder is the test's own, made afresh.
    let file = failure.find(".feature:").expect("a failure names its file");
    let at = &failure[failure[..file].rfind('/').map_or(0, |slash| slash + 1)..];
    let (place, message) = at.split_once(": ").unwrap_or((at, ""));
    (place.to_string(), message.to_string())
}

fn cannot_restart(event: &str) -> String {
    format!(
        "{STORED_FORM_RUN}RingTally crashed after taking in {event} and could not restart from \
         what it persisted: key must be a string"
    )
}

const RING_WHEN: &str = "Feature: rings
  Scenario: a ring is counted
    When the command is sent:
      | command | counter_id |
      | Ring    | c-1        |
    Then these events are recorded:
      | event | counter_id |
      | Rang  | c-1        |
";

#[test]
fn a_state_json_cannot_write_fails_the_when_in_the_stored_form_run_with_the_kernels_words() {
    let (place, message) = one_failure(run("when", with_ring_tally, true, RING_WHEN));
    assert_eq!(place, "when.feature:5:9");
    assert_eq!(message, cannot_restart("Rang (Counter/c-1 #1)"));
    // Run as written only, nothing restarts: it passes.
    let summary = run("when-plain", with_ring_tally, false, RING_WHEN);
    assert_eq!(
        (summary.passed, summary.failed),
        (1, 0),
        "{:?}",
        summary.failures
    );
}

#[test]
fn a_state_json_cannot_write_fails_the_given_that_reaches_it() {
    let given = "Feature: rings
  Scenario: a past ring
    Given the events:
      | event   | counter_id |
      | Counted | c-1        |
      | Rang    | c-1        |
    When the command is sent:
      | command | counter_id |
      | Count   | c-1        |
    Then these events are recorded:
      | event   | counter_id |
      | Counted | c-1        |
";
    let (place, message) = one_failure(run("given", with_ring_tally, true, given));
    assert_eq!(place, "given.feature:6:9");
    assert_eq!(message, cannot_restart("Rang (Counter/c-1 #2)"));
}

#[test]
fn a_state_json_cannot_write_fails_time_passing_and_long_after() {
    // The bell rings ten minutes after a count: as the time passes, in the When…
    let passing = "Feature: rings
  Scenario: the bell rings
    Given the events:
      | event   | counter_id |
      | Counted | c-1        |
    When 10 minutes pass
    Then these events are recorded:
      | event | counter_id |
      | Rang  | c-1        |
";
    let (place, message) = one_failure(run("passing", with_ring_tally, true, passing));
    assert_eq!(place, "passing.feature:6:5");
    assert_eq!(message, cannot_restart("Rang (Counter/c-1 #2)"));

    // …or only long after the scenario, where the Then that lets the time pass fails.
    let long_after = "Feature: rings
  Scenario: the bell rings later
    When the command is sent:
      | command | counter_id |
      | Count   | c-1        |
    Then these events are recorded:
      | event   | counter_id |
      | Counted | c-1        |
    And long after, the invariants hold
";
    let (place, message) = one_failure(run("later", with_ring_tally, true, long_after));
    assert_eq!(place, "later.feature:9:5");
    assert_eq!(
        message,
        format!(
            "{STORED_FORM_RUN}long after the scenario (1 hour later, what was due by then \
             delivered and the system settled), the domain's invariants do not hold:\n  - \
             RingTally crashed after taking in Rang (Counter/c-1 #2) and could not restart from \
             what it persisted: key must be a string"
        )
    );
}

/// A judgement long after that finds something wrong while a timeout longer than the wait is
/// still scheduled says so, with the knob that lengthens the wait, as the simulator does (an
/// outside team's review: a day-long timeout judged an hour after looked lost).
#[test]
fn judged_long_after_with_a_timeout_still_scheduled_says_to_wait_longer() {
    let fresh = System::from_parts(default_start(), Toy::wiring(), Toy::upcasters()).unwrap();
    let factory = ContextFactory::from_system(fresh)
        .with_invariants(|_| Vec::new())
        .with_long_after(LongAfter {
            minutes: 5,
            judge: |_| vec!["the bell never rang".into()],
        });
    let (summary, _dir) =
        common::run_feature_in(factory, "restarts", "waiting", COUNT, RunOptions::default());
    let (_, message) = one_failure(summary);
    assert!(
        message.ends_with(
            "the bell never rang (judged 5 minutes after the scenario, while Ring was still \
             scheduled, the first due at 2026-01-05T09:10:00Z: if the domain's timeouts are \
             longer than that wait, raise its long-after time past the longest of them, \
             `Judged::LONG_AFTER_MINUTES` for gwt's command line)"
        ),
        "{message}"
    );
}

const COUNT: &str = "Feature: counting
  Scenario: a count rings the bell later
    When the command is sent and the system settles:
      | command | counter_id |
      | Count   | c-1        |
    Then these commands are sent:
      | command | counter_id | delay      |
      | Ring    | c-1        | 10 minutes |
    And long after, the invariants hold
";

#[test]
fn a_guard_lost_in_the_stored_state_is_told_at_the_restart_in_the_stored_form_run_only() {
    let (place, message) = one_failure(run("forgetful", forgetful, true, COUNT));
    // Told at the When, where the restart read back less than was held, before any Then (it
    // was told when the message came again, and the bell rang twice).
    assert_eq!(place, "forgetful.feature:5:9");
    assert_eq!(
        message,
        format!(
            "{STORED_FORM_RUN}ForgetfulBell crashed after taking in Counted (Counter/c-1 #1) and \
             could not restart from what it persisted: its state reads back from what it \
             persisted as ForgetfulState {{ last: 0 }}, where it held ForgetfulState {{ last: 1 \
             }}: a field it holds is not persisted (`#[serde(skip)]`), or does not read back as \
             it was written"
        )
    );
    // Delivered twice without a restart, the guard held: the duplicate-delivery run passed.
}

#[test]
fn a_process_manager_that_persists_what_it_needs_passes_every_run() {
    let summary = run("bell", Toy::wiring, true, COUNT);
    assert_eq!(
        (summary.passed, summary.failed),
        (1, 0),
        "{:?}",
        summary.failures
    );
}

fn with_ring_counter() -> Wiring<Toy> {
    Toy::wiring().process::<RingCounter>()
}

/// A process manager whose repeat sends nothing again but counts again shows in no Then: the
/// duplicate-delivery run tells it where the repeat was made, as `gwt simulate` does.
#[test]
fn a_process_manager_whose_repeat_changes_only_its_own_state_fails_the_duplicate_delivery_run() {
    let (place, message) = one_failure(run("counting", with_ring_counter, true, COUNT));
    assert_eq!(place, "counting.feature:5:9");
    assert_eq!(
        message,
        "in the duplicate-delivery run (every delivery made twice): RingCounter changed what \
         it persists when Counted (Counter/c-1 #1) was delivered again, where a message that \
         comes again must change nothing (delivery is at least once)"
    );
    // Run as written only, nothing is repeated: it passes.
    let summary = run("counting-plain", with_ring_counter, false, COUNT);
    assert_eq!(
        (summary.passed, summary.failed),
        (1, 0),
        "{:?}",
        summary.failures
    );
}

/// Two process managers take the same event: each crashes once after taking it in and takes it
/// once more, the repeat not crashing, so the stored-form run neither loops nor skips one.
#[test]
fn every_process_manager_taking_an_event_restarts_once_after_it() {
    let wiring = with_ring_counter();
    let mut system = System::from_parts(default_start(), wiring, Toy::upcasters()).unwrap();
    system.set_trace(true);
    let catalog = std::sync::Arc::new(Catalog::of::<Toy>());
    let mut run = SystemRuntime::from_system(system, catalog, RunKind::StoredRoundTrip);
    let counted = serde_json::json!({"counter_id": "c-1"});
    run.given(None, "Counted", counted.clone()).unwrap();
    run.publish(None, "Counted", counted).unwrap();
    run.restarted().unwrap();
    let handled: Vec<(&str, u64, bool)> = run
        .system()
        .journal()
        .entries()
        .iter()
        .filter_map(|entry| match entry {
            Entry::Handled { by, event, again } => Some((*by, event.sequence, *again)),
            _ => None,
        })
        .collect();
    assert_eq!(
        handled,
        [
            ("Bell", 1, false),
            ("Bell", 1, true),
            ("RingCounter", 1, false),
            ("RingCounter", 1, true),
            ("Bell", 2, false),
            ("Bell", 2, true),
            ("RingCounter", 2, false),
            ("RingCounter", 2, true),
        ]
    );
    // The counter is a state machine without a guard: each delivery counts, the repeats too.
    let counter = run
        .system()
        .process_slots()
        .iter()
        .find(|p| p.name() == "RingCounter")
        .and_then(|p| p.state("c-1"));
    assert_eq!(counter, Some(serde_json::json!({"rang": 4})));
}
