//! A Given's `stream` cell is held to what a recorded log is held to: an event an aggregate
//! records stands in that aggregate's stream, in the instance it names; an event no aggregate
//! records (another system's) may stand in any stream the author names.

mod common;

use domain::kernel::Text;

use domain::kernel::*;
use domain::{messages, record};
use steps::runner::RunOptions;
use steps::world::ContextFactory;

record! {
    pub struct Count { pub counter_id: String }
}
record! {
    pub struct Counted { pub counter_id: String }
}
record! {
    pub struct Noticed { pub counter_id: String }
}
messages! {
    pub enum ToyCommand { Count }
}
messages! {
    pub enum ToyEvent { Counted, Noticed }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Toy;

impl BoundedContext for Toy {
    type Command = ToyCommand;
    type Event = ToyEvent;
    const NAME: &'static str = "toy";
    fn wiring() -> Wiring<Self> {
        Wiring::new().aggregate::<Counter>()
    }
}

/// Records `Counted`; `Noticed` comes from another system, which no aggregate here records.
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
        match e {
            ToyEvent::Counted(e) => Some(e.counter_id.as_str().into()),
            ToyEvent::Noticed(_) => None,
        }
    }
    fn decide(_: &(), c: &ToyCommand, _: &Context<'_, NoView>) -> Result<Vec<ToyEvent>, Rejection> {
        let ToyCommand::Count(c) = c;
        Ok(vec![Counted {
            counter_id: c.counter_id.clone(),
        }
        .into()])
    }
    fn evolve(state: (), _: &ToyEvent) {
        state
    }
}

fn run_feature(name: &str, text: &str) -> steps::runner::Summary {
    let (summary, _) = common::run_feature_in(
        ContextFactory::<Toy>::new().unwrap(),
        "streams",
        name,
        text,
        RunOptions::default(),
    );
    summary
}

#[test]
fn a_named_stream_is_refused_only_where_an_aggregate_would_not_read_the_event() {
    let summary = run_feature(
        "streams",
        "Feature: streams
  Scenario: another system's event, in a stream of its own naming
    Given the events:
      | event   | stream          | counter_id |
      | Noticed | Elsewhere/n-1   | c-1        |
      | Counted | Counter/c-1     | c-1        |
    When 1 minute passes
    Then no events are recorded

  Scenario: a recorded event in a misspelt stream type
    Given the events:
      | event   | stream      | counter_id |
      | Counted | Countr/c-1  | c-1        |
    When 1 minute passes
    Then no events are recorded

  Scenario: a recorded event in another instance's stream
    Given the events:
      | event   | stream      | counter_id |
      | Counted | Counter/c-2 | c-1        |
    When 1 minute passes
    Then no events are recorded
",
    );
    assert_eq!((summary.passed, summary.failed), (1, 2), "{summary:?}");
    let failures = summary.failures.join("\n");
    for said in [
        ":13:19: stream: Counted belongs in Counter/c-1, but is stored in Countr/c-1 (`Countr` is \
         no stream type of the toy domain; did you mean `Counter`?); leave the cell blank and \
         the event goes to the stream the domain routes it to",
        ":20:19: stream: Counted names Counter/c-1, but is stored in Counter/c-2; leave the cell \
         blank",
    ] {
        assert!(failures.contains(said), "{said} missing in {failures}");
    }
}

/// A quoted `stream` cell is its text, verbatim, as any quoted cell is; in a doc string, a
/// `stream` of null or nothing names no stream, as a blank cell does.
#[test]
fn a_stream_named_in_quotes_or_left_null_is_read_as_any_other_cell() {
    let summary = run_feature(
        "quoted",
        r#"Feature: streams written otherwise
  Scenario: quoted
    Given the events:
      | event   | stream        | counter_id |
      | Counted | "Counter/c-1" | c-1        |
    When 1 minute passes
    Then no events are recorded

  Scenario: null and empty in a doc string
    Given the events:
      """
      [{"event": "Counted", "stream": null, "counter_id": "c-1"},
       {"event": "Counted", "stream": "", "counter_id": "c-2"}]
      """
    When 1 minute passes
    Then no events are recorded

  Scenario: a number is no stream name
    Given the events:
      """
      [{"event": "Counted", "stream": 7, "counter_id": "c-1"}]
      """
    When 1 minute passes
    Then no events are recorded
"#,
    );
    assert_eq!((summary.passed, summary.failed), (2, 1), "{summary:?}");
    let failures = summary.failures.join("\n");
    assert!(
        failures.contains("stream: 7 is not a stream name (expected text, `Type/id`"),
        "{failures}"
    );
}

/// `<any>` is written as a Gherkin placeholder is: in an Outline whose Examples have no `any`
/// column it stays the wildcard (it threw the whole Outline out, "not a column of the
/// Examples"), and a run is named by its own columns only.
#[test]
fn the_wildcard_in_a_scenario_outline_is_no_placeholder() {
    let summary = run_feature(
        "outline-any",
        "Feature: the wildcard in an Outline
  Scenario Outline: counting <counter>
    When the command is sent:
      | command | counter_id |
      | Count   | <counter>  |
    Then these events are recorded:
      | event   | counter_id |
      | Counted | <any>      |

    Examples:
      | counter |
      | c-1     |
      | c-2     |
",
    );
    assert_eq!((summary.passed, summary.failed), (2, 0), "{summary:?}");
}
