//! A scenario that lost a step to its description (its keyword left out, or misspelt) is not run:
//! Gherkin drops the step without a word, and what remains could pass where the scenario as
//! written fails. The problem told at the step's line is the failure, counted once, and names
//! the scenario; every other scenario of the file runs.

mod common;

use domain::kernel::Text;

use domain::kernel::*;
use domain::{messages, record};
use steps::runner::{RunOptions, Summary};
use steps::world::ContextFactory;

record! {
    pub struct Count { pub counter_id: String }
}
record! {
    pub struct Counted { pub counter_id: String }
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
        Wiring::new().aggregate::<Counter>()
    }
}

/// Counts once: a counter counted already refuses to count again, so a history dropped makes
/// a wrong Then (`Counted` recorded) pass.
struct Counter;

impl Aggregate<Toy> for Counter {
    const NAME: &'static str = "Counter";
    const COMMANDS: &'static [&'static str] = &["Count"];
    const EVENTS: &'static [&'static str] = &["Counted"];
    type State = bool;
    type View = NoView;
    fn command_stream(c: &ToyCommand) -> Option<Text> {
        let ToyCommand::Count(c) = c;
        Some(c.counter_id.as_str().into())
    }
    fn event_stream(e: &ToyEvent) -> Option<Text> {
        let ToyEvent::Counted(e) = e;
        Some(e.counter_id.as_str().into())
    }
    fn decide(
        counted: &bool,
        c: &ToyCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<ToyEvent>, Rejection> {
        if *counted {
            return Err(Rejection::new("counted already"));
        }
        let ToyCommand::Count(c) = c;
        Ok(vec![Counted {
            counter_id: c.counter_id.clone(),
        }
        .into()])
    }
    fn evolve(_: bool, _: &ToyEvent) -> bool {
        true
    }
}

/// The summary of `text` run as `{name}.feature`, and the file's path as problems name it.
fn run_feature(name: &str, text: &str) -> (Summary, String) {
    let (summary, dir) = common::run_feature_in(
        ContextFactory::<Toy>::new().unwrap(),
        "swallowed",
        name,
        text,
        RunOptions::default(),
    );
    let path = dir
        .path()
        .canonicalize()
        .unwrap()
        .join(format!("{name}.feature"));
    (summary, path.display().to_string())
}

/// Scenarios passed, failed, and problems in feature files (each a failure of its own).
fn assert_counts(summary: &Summary, counts: (usize, usize, usize)) {
    assert_eq!(
        (summary.passed, summary.failed, summary.unreadable),
        counts,
        "{summary:#?}"
    );
}

/// A Then that passes only without the history: counting again is refused.
const COUNTED_AGAIN: &str = "    When the command is sent:
      | command | counter_id |
      | Count   | c-1        |
    Then these events are recorded:
      | event   | counter_id |
      | Counted | c-1        |
";

const GOOD: &str = "
  Scenario: a first count
    Given no events
    When the command is sent:
      | command | counter_id |
      | Count   | c-1        |
    Then these events are recorded:
      | event   | counter_id |
      | Counted | c-1        |
";

#[test]
fn a_scenario_whose_given_lost_its_keyword_is_not_run_and_fails_once() {
    let text = format!(
        "Feature: counting
  Scenario: counted twice
    the events:
      | event   | counter_id |
      | Counted | c-1        |
{COUNTED_AGAIN}{GOOD}"
    );
    let (summary, file) = run_feature("keyword", &text);
    assert_counts(&summary, (1, 0, 1));
    assert_eq!(
        summary.problems,
        [format!(
            "{file}:3:5: `the events:` is read as description text, as no keyword starts it, and \
             Gherkin drops it; the scenario `counted twice` is not run; did you mean `Given the \
             events:`?"
        )]
    );
    assert_eq!(
        summary.line(),
        "1 passed, 1 failed (1 problem in feature files, listed above)"
    );
}

/// A step's table whose line was left out, a misspelt keyword: each takes its scenario out, and
/// a second problem in the same scenario does not say so again.
#[test]
fn a_table_with_no_step_and_a_misspelt_keyword_take_out_their_scenario_each() {
    let text = format!(
        "Feature: counting
  Scenario: a table alone
      | event   | counter_id |
      | Counted | c-1        |
{COUNTED_AGAIN}
  Scenario: a misspelt Given, then a step with no keyword
    Givn the events:
      | event   | counter_id |
      | Counted | c-1        |
    the events:
      | event   | counter_id |
      | Counted | c-2        |
{COUNTED_AGAIN}{GOOD}"
    );
    let (summary, file) = run_feature("table", &text);
    assert_counts(&summary, (1, 0, 3));
    assert!(
        summary.problems[0].starts_with(&format!(
            "{file}:3:7: a table with no step above it is read as description text, and Gherkin \
             drops it; the scenario `a table alone` is not run; a step's table"
        )),
        "{summary:#?}"
    );
    assert_eq!(
        summary.problems[1..],
        [
            format!(
                "{file}:13:5: \"Givn\" is not a keyword, so `Givn the events:` is read as \
                 description text; the scenario `a misspelt Given, then a step with no keyword` \
                 is not run; did you mean \"Given\"?"
            ),
            format!(
                "{file}:16:5: `the events:` is read as description text, as no keyword starts \
                 it, and Gherkin drops it; did you mean `Given the events:`?"
            ),
        ]
    );
}

/// Every scenario a Background serves runs without the step its description swallowed, and
/// so does every scenario under a Feature line whose steps stood with no `Background:` line.
#[test]
fn a_step_lost_to_a_background_or_a_feature_takes_out_every_scenario_it_serves() {
    let background = format!(
        "Feature: counting
  Background:
    the events:
      | event   | counter_id |
      | Counted | c-1        |

  Scenario: counted twice
{COUNTED_AGAIN}
  Scenario: counted twice again
{COUNTED_AGAIN}"
    );
    let (summary, file) = run_feature("background", &background);
    assert_counts(&summary, (0, 0, 1));
    assert!(
        summary.problems[0].starts_with(&format!(
            "{file}:3:5: `the events:` is read as description text, as no keyword starts it, \
             and Gherkin drops it; the 2 scenarios of this feature are not run; did you mean"
        )),
        "{summary:#?}"
    );

    let no_background_line = format!(
        "Feature: counting
  Given the events:
    | event   | counter_id |
    | Counted | c-1        |

  Scenario: counted twice
{COUNTED_AGAIN}
  Rule: within a rule too
    Scenario: counted twice in a rule
{COUNTED_AGAIN}"
    );
    let (summary, file) = run_feature("feature", &no_background_line);
    assert_counts(&summary, (0, 0, 1));
    assert!(
        summary.problems[0].starts_with(&format!(
            "{file}:2:3: `Given the events:` stands under a Feature or Rule line with no \
             `Background:` or `Scenario:` above it, so Gherkin reads it as description text and \
             drops it; the 2 scenarios of this feature are not run; was a"
        )),
        "{summary:#?}"
    );
}

/// A Rule's Background serves the rule's scenarios only: the feature's others run.
#[test]
fn a_step_lost_to_a_rule_s_background_takes_out_that_rule_s_scenarios_only() {
    let text = format!(
        "Feature: counting
  Rule: counting twice
    Background:
      | event   | counter_id |
      | Counted | c-1        |

    Scenario: counted twice
{COUNTED_AGAIN}
  Rule: counting once
{GOOD}"
    );
    let (summary, file) = run_feature("rule", &text);
    assert_counts(&summary, (1, 0, 1));
    assert!(
        summary.problems[0].starts_with(&format!(
            "{file}:4:7: a table with no step above it is read as description text, and Gherkin \
             drops it; the scenario `counted twice` is not run;"
        )),
        "{summary:#?}"
    );
}

/// A misspelt `Scenario:` under a scenario's line merges the scenario meant into that one, which
/// runs the other's steps under its own name: it is not run. Under the Feature line, the
/// scenario meant is never read and no other loses a step: every other one runs, and the steps
/// of the lost one are not taken for a Background's.
#[test]
fn a_misspelt_scenario_line_takes_out_the_scenario_that_swallowed_it_and_no_other() {
    let merged = format!(
        "Feature: counting
  Scenario: counted before
  Scenaro: counted twice
{COUNTED_AGAIN}{GOOD}"
    );
    let (summary, file) = run_feature("merged", &merged);
    assert_counts(&summary, (1, 0, 1));
    assert_eq!(
        summary.problems,
        [format!(
            "{file}:3:3: \"Scenaro:\" is read as description text; the scenario `counted before` \
             is not run; did you mean \"Scenario:\"?"
        )]
    );

    let under_the_feature = format!(
        "Feature: counting
  Scenaro: counted twice
{COUNTED_AGAIN}{GOOD}"
    );
    let (summary, file) = run_feature("lost", &under_the_feature);
    assert_counts(&summary, (1, 0, 1));
    assert_eq!(
        summary.problems,
        [format!(
            "{file}:2:3: \"Scenaro:\" is read as description text; did you mean \"Scenario:\"?"
        )]
    );
}

/// An outline that lost a step is not run, none of its rows.
#[test]
fn an_outline_that_lost_a_step_runs_none_of_its_rows() {
    let text = format!(
        "Feature: counting
  Scenario Outline: counted twice, <n>
    the events:
      | event   | counter_id |
      | Counted | c-1        |
{COUNTED_AGAIN}
    Examples:
      | n |
      | 1 |
      | 2 |
{GOOD}"
    );
    let (summary, file) = run_feature("outline", &text);
    assert_counts(&summary, (1, 0, 1));
    assert!(
        summary.problems[0].contains("; the Scenario Outline `counted twice, <n>` is not run; "),
        "{summary:#?}"
    );
    assert!(summary.problems[0].starts_with(&format!("{file}:3:5: ")));
}

/// Under a Feature line, a step's text whose keyword was left out, and its `Background:` line
/// too, with its table: every scenario of the feature is taken out. A glossary's sentence
/// before its table reads as no phrase, and stays description.
#[test]
fn a_step_text_with_its_table_under_the_feature_line_takes_out_every_scenario() {
    let text = format!(
        "Feature: counting
  the events:
    | event   | counter_id |
    | Counted | c-1        |

  Scenario: counted twice
{COUNTED_AGAIN}"
    );
    let (summary, file) = run_feature("feature_text", &text);
    assert_counts(&summary, (0, 0, 1));
    assert_eq!(
        summary.problems,
        [format!(
            "{file}:2:3: `the events:` stands under a Feature or Rule line with no keyword, and \
             no `Background:` or `Scenario:` above it, so Gherkin reads it and what is under it \
             as description text and drops them; the scenario `counted twice` is not run; were \
             a `Background:` line and the keyword left out (`Given the events:`)?"
        )]
    );

    let glossary = format!(
        "Feature: counting
  The words used below:
    | word    | meaning                  |
    | counter | what is counted, once    |
{GOOD}"
    );
    let (summary, _) = run_feature("glossary", &glossary);
    assert_counts(&summary, (1, 0, 0));
}

/// A scenario with no steps proves nothing: it is told as a problem of its file and not run.
/// `Example:` opening a description's sentence opens a scenario, which takes the steps under it:
/// the line is named.
#[test]
fn a_scenario_with_no_steps_is_told_and_not_run() {
    let text = format!(
        "Feature: counting
  Scenario: written later
    Nothing here yet.
{GOOD}
  Scenario: counting once more
    For instance:
    Example: c-1 counted a second time.
    Given the events:
      | event   | counter_id |
      | Counted | c-1        |
    When the command is sent:
      | command | counter_id |
      | Count   | c-1        |
    Then the command is rejected with \"counted already\"
"
    );
    let (summary, file) = run_feature("stepless", &text);
    assert_counts(&summary, (2, 0, 2));
    assert_eq!(
        summary.problems,
        [
            format!(
                "{file}:2:3: the scenario `written later` has no steps, so nothing could fail \
                 it: it is not run (a scenario has exactly one When)"
            ),
            format!(
                "{file}:14:3: the scenario `counting once more` has no steps (the line \
                 `Example: c-1 counted a second time.` at line 16 opens a scenario of its own, \
                 as `Scenario:` does, and the steps under it are that one's), so nothing could \
                 fail it: it is not run (a scenario has exactly one When)"
            ),
        ]
    );
}

/// Under a Feature line, a step keyword with a colon in its space's place (`Given:`), a phrase
/// begun with a capital as a sentence is (`The events:`) with its table, and a whole phrase with
/// no table (`the time is …`) are steps lost with their `Background:` line: each is told, and
/// takes out the feature's scenarios.
#[test]
fn steps_lost_under_the_feature_line_in_a_sentence_s_shape_are_told() {
    let table = "    | event   | counter_id |\n    | Counted | c-1        |\n";
    for (name, lost, told) in [
        (
            "colon",
            format!("  Given: the events:\n{table}"),
            "\"Given:\" is read as description text; the scenario `counted twice` is not run; \
             did you mean \"Given\"?",
        ),
        (
            "capital",
            format!("  The events:\n{table}"),
            "`The events:` stands under a Feature or Rule line with no keyword, and no \
             `Background:` or `Scenario:` above it, so Gherkin reads it and what is under it as \
             description text and drops them; the scenario `counted twice` is not run; were a \
             `Background:` line and the keyword left out (`Given the events:`)?",
        ),
        (
            "time",
            "  the time is 2026-01-05T09:00:00Z\n".to_string(),
            "`the time is 2026-01-05T09:00:00Z` stands under a Feature or Rule line with no \
             keyword, and no `Background:` or `Scenario:` above it, so Gherkin reads it as \
             description text and drops it; the scenario `counted twice` is not run; were a \
             `Background:` line and the keyword left out (`Given the time is \
             2026-01-05T09:00:00Z`)?",
        ),
    ] {
        let text = format!(
            "Feature: counting
{lost}
  Scenario: counted twice
{COUNTED_AGAIN}"
        );
        let (summary, file) = run_feature(name, &text);
        assert_counts(&summary, (0, 0, 1));
        assert_eq!(summary.problems, [format!("{file}:2:3: {told}")], "{name}");
    }
}

/// [`GOOD`] in French.
const GOOD_FR: &str = "  Scénario: a first count
    Soit no events
    Quand the command is sent:
      | command | counter_id |
      | Count   | c-1        |
    Alors these events are recorded:
      | event   | counter_id |
      | Counted | c-1        |
";

/// A file in another language (`# language: fr`) is read with its own keywords: a step that
/// lost its keyword, a misspelt one, and steps under the Feature line with no Background line
/// are told as in English, naming the language's keywords, and take out what they spoil. The
/// phrases stay English.
#[test]
fn steps_lost_in_a_french_or_german_file_are_told_with_its_keywords() {
    let table = "      | event   | counter_id |\n      | Counted | c-1        |\n";
    let again = "    Quand the command is sent:
      | command | counter_id |
      | Count   | c-1        |
    Alors these events are recorded:
      | event   | counter_id |
      | Counted | c-1        |
";
    let good = GOOD_FR;
    let text = format!(
        "# language: fr
Fonctionnalité: counting
  Scénario: counted twice
    the events:
{table}{again}
  Scénario: a misspelt Given
    Soi the events:
{table}{again}
{good}"
    );
    let (summary, file) = run_feature("french", &text);
    assert_counts(&summary, (1, 0, 2));
    assert_eq!(
        summary.problems,
        [
            format!(
                "{file}:4:5: `the events:` is read as description text, as no keyword starts \
                 it, and Gherkin drops it; the scenario `counted twice` is not run; did you mean \
                 `Soit the events:`?"
            ),
            format!(
                "{file}:15:5: \"Soi\" is not a keyword, so `Soi the events:` is read as \
                 description text; the scenario `a misspelt Given` is not run; did you mean \
                 \"Soit\"?"
            ),
        ]
    );

    let text = format!(
        "# language: de
Funktionalität: counting
  Angenommen the events:
{table}
  Szenario: counted twice
{}",
        again.replace("Quand", "Wenn").replace("Alors", "Dann")
    );
    let (summary, file) = run_feature("german", &text);
    assert_counts(&summary, (0, 0, 1));
    assert_eq!(
        summary.problems,
        [format!(
            "{file}:3:3: `Angenommen the events:` stands under a Funktionalität or Regel line \
             with no `Grundlage:` or `Szenario:` above it, so Gherkin reads it as description text and \
             drops it; the scenario `counted twice` is not run; was a `Grundlage:` line left out \
             above it?"
        )]
    );
}

/// A French scenario that does not parse takes out itself alone, as an English one does: the
/// file is read again scenario by scenario, each found by its French keyword.
#[test]
fn a_french_scenario_that_does_not_parse_leaves_the_others_running() {
    let text = format!(
        "# language: fr
Fonctionnalité: counting
  Scénario: broken
    Soit no events
    the command is sent:
      | command | counter_id |
      | Count   | c-1        |
    Alors no events are recorded

{GOOD_FR}"
    );
    let (summary, file) = run_feature("french_broken", &text);
    assert_counts(&summary, (1, 0, 1));
    assert_eq!(
        summary.problems,
        [format!(
            "{file}:5:5: `the command is sent:` has no keyword; the scenario `broken` is not \
             run; did you mean `Quand the command is sent:`?"
        )]
    );
}

/// A step's table or doc string standing alone under the Feature line, its step's line and the
/// Background's both left out, is told and takes out the feature's scenarios: a table of
/// messages (an `event` column beside an instance's id), or a doc string of messages as DSL.md
/// writes them. A glossary's table is description.
#[test]
fn a_table_or_doc_string_of_messages_alone_under_the_feature_line_is_told() {
    for (name, lost) in [
        (
            "table",
            "  | event   | counter_id |\n  | Counted | c-1        |\n",
        ),
        (
            "doc",
            "  \"\"\"\n  [{\"event\": \"Counted\", \"counter_id\": \"c-1\"}]\n  \"\"\"\n",
        ),
    ] {
        let text = format!("Feature: counting\n{lost}\n  Scenario: counted twice\n{COUNTED_AGAIN}");
        let (summary, file) = run_feature(name, &text);
        assert_counts(&summary, (0, 0, 1));
        let what = if name == "table" {
            "a table"
        } else {
            "a doc string"
        };
        assert_eq!(
            summary.problems,
            [format!(
                "{file}:2:3: {what} of messages (`event` or `command`) stands under a Feature or \
                 Rule line with no step above it, so Gherkin reads it as description text and \
                 drops it; the scenario `counted twice` is not run; were a `Background:` line \
                 and its step (`Given the events:`) left out above it? (An example shown to the \
                 reader goes in comments, `# …` lines, which Gherkin leaves alone.)"
            )],
            "{name}"
        );
    }
    let glossary = format!(
        "Feature: counting\n  | event   | what it means |\n  | Counted | counted once  |\n{GOOD}"
    );
    let (summary, _) = run_feature("glossary", &glossary);
    assert_counts(&summary, (1, 0, 0));
}

/// A Feature's description goes on past prose that starts with a step's keyword (`When in
/// doubt, …`), and past a glossary's table: a misspelt Background or Scenario line after them,
/// or a step with no Background line, was dropped without a word, and the run passed. A line
/// near a phrase (`Given the time was …`) there is told as a step too, with the phrase meant.
#[test]
fn a_line_lost_after_prose_or_a_glossary_under_the_feature_line_is_still_told() {
    let given =
        "    Given the events:\n      | event   | counter_id |\n      | Counted | c-1        |\n";
    for (name, head, told) in [
        (
            "prose",
            format!("  When in doubt, ask the committee.\n  Backgrund:\n{given}"),
            "3:3: \"Backgrund:\" is read as description text; the scenario `counted twice` is \
             not run; did you mean \"Background:\"?",
        ),
        (
            "glossary",
            "  | term    | meaning      |\n  | counter | what counts  |\n  Given the \
             events:\n      | event   | counter_id |\n      | Counted | c-1        |\n"
                .to_string(),
            "4:3: `Given the events:` stands under a Feature or Rule line with no `Background:` \
             or `Scenario:` above it, so Gherkin reads it as description text and drops it; the \
             scenario `counted twice` is not run; was a `Background:` line left out above it?",
        ),
    ] {
        let text = format!("Feature: counting\n{head}\n  Scenario: counted twice\n{COUNTED_AGAIN}");
        let (summary, file) = run_feature(name, &text);
        assert_counts(&summary, (0, 0, 1));
        assert_eq!(summary.problems, [format!("{file}:{told}")], "{name}");
    }
    let text = format!(
        "Feature: counting\n  Given the time was 2026-01-05T09:20:00Z\n\n  Scenario: counted \
         twice\n{COUNTED_AGAIN}"
    );
    let (summary, file) = run_feature("near", &text);
    assert_counts(&summary, (0, 0, 1));
    assert_eq!(
        summary.problems,
        [format!(
            "{file}:2:3: `Given the time was 2026-01-05T09:20:00Z` stands under a Feature or Rule \
             line with no `Background:` or `Scenario:` above it, so Gherkin reads it as \
             description text and drops it; the scenario `counted twice` is not run; was a \
             `Background:` line left out above it, and did you mean `Given the time is \
             2026-01-05T09:20:00Z`?"
        )]
    );
}

/// A Background written after a scenario was meant for the scenarios after it: they would run
/// without it, and a Then that holds only without its history would pass. They are not run,
/// and the problem says so; the scenario above it runs, as written.
#[test]
fn the_scenarios_after_a_background_out_of_place_are_not_run() {
    let text = format!(
        "Feature: counting
{GOOD}
  Background:
    Given the events:
      | event   | counter_id |
      | Counted | c-1        |

  Scenario: counted twice
{COUNTED_AGAIN}"
    );
    let (summary, file) = run_feature("late_background", &text);
    assert_counts(&summary, (1, 0, 1));
    assert_eq!(
        summary.problems,
        [format!(
            "{file}:12:3: a `Background:` comes once, before the first scenario of its feature \
             (or of its rule), and this one comes after a scenario: move it above the first \
             scenario; the scenario after it is not run"
        )]
    );
}
