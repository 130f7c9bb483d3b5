//! The checks every scenario gets for free find what the scenario as written cannot: a read model
//! without a duplicate guard fails the duplicate-delivery run, a field lost in the stored form
//! fails the stored-form run, and each failure names its run. `@no-implicit-checks` turns them off.

mod common;

use domain::kernel::Text;

use domain::kernel::*;
use domain::{messages, record};
use serde::{Deserialize, Serialize};
use steps::runner::RunOptions;
use steps::world::ContextFactory;

record! {
    pub struct Count { pub counter_id: String, pub by: i64 }
}
record! {
    pub struct Counted {
        pub counter_id: String,
        pub by: i64,
        // A bug planted for the stored-form run: the note never reaches the stored form.
        #[serde(skip_serializing)]
        pub note: Option<String>,
    }
}
messages! {
    pub enum ToyCommand { Count }
}
messages! {
    pub enum ToyEvent { Counted }
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
            .read_model::<Unguarded>()
            .read_model::<Notes>()
    }
}

struct Counter;

impl Aggregate<Toy> for Counter {
    const NAME: &'static str = "Counter";
    const COMMANDS: &'static [&'static str] = &["Count"];
    const EVENTS: &'static [&'static str] = &["Counted"];
    type State = ();
    type View = NoView;
    fn command_stream(c: &ToyCommand) -> Option<Text> {
        let ToyCommand::Count(c) = c;
        Some(c.counter_id.as_str().into())
    }
    fn event_stream(e: &ToyEvent) -> Option<Text> {
        let ToyEvent::Counted(e) = e;
        Some(e.counter_id.as_str().into())
    }
    fn decide(_: &(), c: &ToyCommand, _: &Context<'_, NoView>) -> Result<Vec<ToyEvent>, Rejection> {
        let ToyCommand::Count(c) = c;
        Ok(vec![Counted {
            counter_id: c.counter_id.clone(),
            by: c.by,
            note: None,
        }
        .into()])
    }
    fn evolve(state: (), _: &ToyEvent) {
        state
    }
}

record! {
    pub struct Total { pub total: i64, pub notes: Vec<String> }
}

/// Adds every delivery, duplicates included: the bug the duplicate-delivery run must find.
#[derive(Default, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Unguarded {
    entries: Entries<Total>,
}

impl ReadModel<Toy> for Unguarded {
    const NAME: &'static str = "Total";
    const SUBSCRIBES: &'static [&'static str] = &["Counted"];
    type Entry = Total;
    fn apply(&mut self, e: &Envelope<ToyEvent>) {
        let ToyEvent::Counted(c) = &e.message;
        let entry = self
            .entries
            .entry(c.counter_id.as_str().into())
            .or_insert(Box::new(Total {
                total: 0,
                notes: vec![],
            }));
        entry.total += c.by;
        entry.notes.extend(c.note.clone());
    }
    fn entries(&self) -> &Entries<Total> {
        &self.entries
    }
}

record! {
    pub struct NoteList { pub notes: Vec<String>, pub version: u64 }
}

/// Keeps every note, ignoring what it has already seen.
#[derive(Default, Clone, Debug, PartialEq)]
struct Notes {
    entries: Entries<NoteList>,
}

impl ReadModel<Toy> for Notes {
    const NAME: &'static str = "Notes";
    const SUBSCRIBES: &'static [&'static str] = &["Counted"];
    type Entry = NoteList;
    fn apply(&mut self, e: &Envelope<ToyEvent>) {
        let ToyEvent::Counted(c) = &e.message;
        let entry = self
            .entries
            .entry(c.counter_id.as_str().into())
            .or_insert(Box::new(NoteList {
                notes: vec![],
                version: 0,
            }));
        if take_news(&mut entry.version, e.sequence) {
            entry.notes.extend(c.note.clone());
        }
    }
    fn entries(&self) -> &Entries<NoteList> {
        &self.entries
    }
}

fn run_feature(name: &str, text: &str) -> (steps::runner::Summary, String) {
    run_feature_on(ContextFactory::<Toy>::new().unwrap(), name, text)
}

fn run_feature_on(
    factory: ContextFactory<Toy>,
    name: &str,
    text: &str,
) -> (steps::runner::Summary, String) {
    let options = RunOptions {
        implicit_checks: true,
        ..RunOptions::default()
    };
    let (summary, dir) = common::run_feature_in(factory, "implicit", name, text, options);
    (summary, dir.path().display().to_string())
}

/// The toy without its unguarded read model, whose repeats the duplicate-delivery run would
/// find first.
fn guarded() -> ContextFactory<Toy> {
    let wiring = Wiring::new().aggregate::<Counter>().read_model::<Notes>();
    let system = System::from_parts(steps::world::default_start(), wiring, Toy::upcasters());
    ContextFactory::from_system(system.unwrap())
}

const DOUBLE_COUNT: &str = "Feature: counting
  Scenario: one count
    When the command is sent:
      | command | counter_id | by |
      | Count   | c-1        | 2  |
    Then the read model Total for c-1 is:
      | total |
      | 2     |
";

#[test]
fn a_read_model_without_a_duplicate_guard_fails_the_duplicate_delivery_run() {
    let (summary, _) = run_feature("dup", DOUBLE_COUNT);
    assert_eq!((summary.passed, summary.failed), (0, 1));
    let tagged = DOUBLE_COUNT.replace("  Scenario:", "  @no-implicit-checks\n  Scenario:");
    let (summary, _) = run_feature("dup-off", &tagged);
    assert_eq!((summary.passed, summary.failed), (1, 0));
}

/// The Givens count 2 and the When takes 2 away: doubled, the run ends at 0 as the plain run
/// does, so the Then cannot show the repeated delivery; the Given that was repeated does.
const CANCELLING: &str = "Feature: counting
  Scenario: a count taken back
    Given the events:
      | event   | counter_id | by |
      | Counted | c-1        | 2  |
    When the command is sent:
      | command | counter_id | by |
      | Count   | c-1        | -2 |
    Then the read model Total for c-1 is:
      | total |
      | 0     |
";

#[test]
fn a_repeated_delivery_the_when_cancels_out_is_caught_where_it_was_repeated() {
    let (summary, dir) = run_feature("cancelling", CANCELLING);
    assert_eq!((summary.passed, summary.failed), (0, 1));
    assert_eq!(
        summary.failures[0],
        format!(
            "{dir}/cancelling.feature:5:9: in the duplicate-delivery run (every delivery made \
             twice): the read model Total changed when Counted (Counter/c-1 #1) was delivered \
             again, where a message that comes again must change nothing (delivery is at least \
             once)"
        )
    );
}

const STORED_NOTE: &str = "Feature: notes
  Scenario: a note survives
    Given the events:
      | event   | counter_id | by | note  |
      | Counted | c-1        | 1  | hello |
    When 1 minute passes
    Then the read model Notes for c-1 is:
      | notes     |
      | [\"hello\"] |
";

#[test]
fn a_field_lost_in_the_stored_form_fails_the_stored_form_run_and_says_so() {
    let (summary, _) = run_feature_on(guarded(), "stored", &STORED_NOTE.replace("\\\"", "\""));
    assert_eq!(
        (summary.passed, summary.failed),
        (0, 1),
        "{:?}",
        summary.failures
    );
    let failure = &summary.failures[0];
    assert!(failure.contains("in the stored-form run"), "{failure}");
    assert!(failure.contains("notes"), "{failure}");
}

#[test]
fn a_duplicate_delivery_failure_names_its_run() {
    let (summary, _) = run_feature("dup-msg", DOUBLE_COUNT);
    let failure = &summary.failures[0];
    assert!(
        failure.contains("in the duplicate-delivery run"),
        "{failure}"
    );
    assert!(
        failure.contains("the read model Total changed when Counted"),
        "{failure}"
    );
}

/// The run says, above its closing line, that the implicit checks ran, and on how many
/// scenarios they did not: a run that passed said nothing of them (the review's F9).
#[test]
fn the_run_counts_the_scenarios_run_without_the_implicit_checks() {
    let two = format!(
        "{}\n{}",
        CANCELLING,
        CANCELLING.replace("Feature: counting\n", "").replace(
            "  Scenario: a count taken back",
            "  @no-implicit-checks\n  Scenario: as written only"
        )
    );
    let (summary, _) = run_feature("counted", &two);
    assert_eq!((summary.passed, summary.failed), (1, 1));
    assert_eq!(summary.without_implicit_checks, 1);
    assert_eq!(
        summary.implicit_checks_line().unwrap(),
        "Implicit checks: each scenario also ran with every delivery made twice, and with its \
         Givens read back from their stored form and its process managers restarted after each \
         message, but for 1 scenario tagged @no-implicit-checks."
    );
    let options = RunOptions {
        implicit_checks: false,
        ..RunOptions::default()
    };
    let factory = ContextFactory::<Toy>::new().unwrap();
    let (summary, _dir) = common::run_feature_in(factory, "implicit", "off", &two, options);
    assert_eq!((summary.passed, summary.failed), (2, 0));
    assert_eq!(summary.without_implicit_checks, 2);
    assert!(
        summary
            .implicit_checks_line()
            .unwrap()
            .starts_with("Implicit checks off (--no-implicit-checks): no scenario also ran with"),
        "{summary:?}"
    );
}
