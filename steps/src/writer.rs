//! How a run reads on the terminal: each feature, scenario and step as it finishes, and a failed
//! step followed by our own located message, in the words of the feature file.
//!
//! cucumber's `writer::Basic` prints a failure as `Step panicked. Captured output: …` with
//! `Defined:` (the path cut at its leading `/`) and `Matched: steps/src/steps.rs:…`: a domain
//! expert reads a crash and the runner's insides. Our steps fail with a message that already
//! starts with `file:line:column`, so this writer prints that message and nothing of Rust.
//! It prints a step once, when it has finished, and never rewrites lines (Basic does on a
//! terminal), so the output is the same wherever it goes, colours aside (only on a terminal).

use std::fmt::Debug;
use std::io::{self, Write};

use cucumber::event::{self, Cucumber, HookType, Source};
use cucumber::gherkin::{self, Feature};
use cucumber::writer::{self, basic, out::Styles};
use cucumber::{cli::Colored as _, parser, Event, World};

/// Whose line a heading is.
#[derive(Clone, Copy)]
enum Heading {
    Feature,
    Rule,
}

/// The terminal report of a run (wrap it in `Summarize` for cucumber's closing counts).
pub struct Report<Out: Write> {
    out: Out,
    styles: Styles,
    /// Two spaces per open rule, so a rule's scenarios stand under it.
    rule_depth: usize,
    /// Only failing scenarios are written (`gwt test --quiet`): a scenario's lines are held
    /// until it finishes, and its feature's and rule's lines until one of theirs fails.
    only_failures: bool,
    held: Vec<String>,
    failed: bool,
    feature_line: Option<String>,
    rule_line: Option<String>,
}

impl<Out: Write> Report<Out> {
    pub fn new(out: Out) -> Self {
        Report {
            out,
            styles: Styles::new(),
            rule_depth: 0,
            only_failures: false,
            held: Vec::new(),
            failed: false,
            feature_line: None,
            rule_line: None,
        }
    }

    /// Writes only the scenarios that fail, each under its feature's (and rule's) line.
    pub fn only_failures(mut self, on: bool) -> Self {
        self.only_failures = on;
        self
    }

    /// A line of a scenario: held until it finishes when only failures are written.
    fn scenario_line(&mut self, text: String) -> io::Result<()> {
        match self.only_failures {
            true => {
                self.held.push(text);
                Ok(())
            }
            false => self.line(&text),
        }
    }

    /// A feature's or a rule's line: held, when only failures are written, until one of its
    /// scenarios fails.
    fn heading(&mut self, text: String, of: Heading) -> io::Result<()> {
        if !self.only_failures {
            return self.line(&text);
        }
        match of {
            Heading::Feature => self.feature_line = Some(text),
            Heading::Rule => self.rule_line = Some(text),
        }
        Ok(())
    }

    /// A scenario finished: when only failures are written, a failed one is written now, after
    /// its feature's and rule's lines if they are not written yet.
    fn scenario_finished(&mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        let failed = std::mem::replace(&mut self.failed, false);
        if !self.only_failures || !failed {
            return Ok(());
        }
        for header in [self.feature_line.take(), self.rule_line.take()]
            .into_iter()
            .flatten()
        {
            self.line(&header)?;
        }
        held.iter().try_for_each(|line| self.line(line))
    }

    /// A report without colours, for text kept elsewhere (the JUnit report's `system-out`).
    pub(crate) fn plain(out: Out) -> Self {
        let mut report = Report::new(out);
        report.styles.apply_coloring(writer::Coloring::Never);
        report
    }

    /// What has been written so far.
    pub(crate) fn output(&mut self) -> &mut Out {
        &mut self.out
    }

    fn line(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")
    }

    pub(crate) fn scenario<W>(
        &mut self,
        feature: &Feature,
        scenario: &gherkin::Scenario,
        ev: &event::Scenario<W>,
    ) -> io::Result<()> {
        let indent = 2 + 2 * self.rule_depth;
        match ev {
            event::Scenario::Started => {
                // An Outline's rows all bear its name: each is told by its row, as its failures
                // name it.
                let row = crate::outlines::examples_heading(scenario)
                    .map(|row| format!(", in the {row}"))
                    .unwrap_or_default();
                // Names are the author's text: a control character in one must not drive the terminal.
                let text = format!(
                    "{:indent$}{}: {}{}",
                    "",
                    scenario.keyword,
                    domain::kernel::printable(&scenario.name),
                    domain::kernel::printable(&row)
                );
                let text = crate::echo::cut_line(&text).into_owned();
                let styled = self.styles.ok(text).to_string();
                self.scenario_line(styled)
            }
            event::Scenario::Background(step, ev) => self.step(feature, step, ev, indent, '>'),
            event::Scenario::Step(step, ev) => self.step(feature, step, ev, indent, ' '),
            event::Scenario::Hook(which, event::Hook::Failed(_, info)) => {
                self.failed = true;
                let text = format!(
                    "{:indent$} ✘  {}",
                    "",
                    hook_failure_text(feature, scenario, *which, info)
                );
                let styled = self.styles.err(text).to_string();
                self.scenario_line(styled)
            }
            event::Scenario::Log(text) => match self.only_failures {
                true => {
                    self.held.push(text.trim_end_matches('\n').to_string());
                    Ok(())
                }
                false => write!(self.out, "{text}"),
            },
            event::Scenario::Finished => self.scenario_finished(),
            event::Scenario::Hook(..) => Ok(()),
        }
    }

    /// A finished step: `✔`, `✘` or `?`, its keyword and text, its table, and for a failure the
    /// message under it. `mark` is `>` for a Background step, as Basic marks them.
    fn step<W>(
        &mut self,
        feature: &Feature,
        step: &gherkin::Step,
        ev: &event::Step<W>,
        indent: usize,
        mark: char,
    ) -> io::Result<()> {
        let (sign, failure) = match ev {
            event::Step::Started => return Ok(()),
            event::Step::Passed(..) => ('✔', None),
            event::Step::Skipped => ('?', None),
            event::Step::Failed(_, _, _, error) => {
                self.failed = true;
                ('✘', Some(failure_text(feature, step, error)))
            }
        };
        // What quotes the file is written out where a terminal would act on it: the step's
        // text here, the message below, the cells and doc strings as they are echoed (the
        // colours are added after).
        let mut text = format!(
            "{:indent$} {sign}{mark} {}{}",
            "",
            step.keyword,
            crate::echo::cut_line(&domain::kernel::printable_lines(&step.value))
        );
        text.push_str(&crate::echo::attachment_text(
            feature,
            step,
            indent + 5,
            failure.as_deref(),
        ));
        if let Some(message) = failure {
            let message = domain::kernel::printable_lines(&message);
            for line in message.lines() {
                text.push('\n');
                if !line.is_empty() {
                    let line = crate::echo::cut_line(line);
                    text.push_str(&format!("{:1$}{line}", "", indent + 4));
                }
            }
        }
        let styled = match ev {
            event::Step::Passed(..) => self.styles.ok(text),
            event::Step::Skipped => self.styles.skipped(text),
            _ => self.styles.err(text),
        }
        .to_string();
        self.scenario_line(styled)
    }
}

/// What a failed step has to say, starting with where: our steps' messages already start with
/// the feature file's path, line and column; anything else (a panic in the runner, a step no
/// definition matches) is given the step's place here.
pub fn failure_text(feature: &Feature, step: &gherkin::Step, error: &event::StepError) -> String {
    let text = match error {
        event::StepError::Panic(info) => panic_text(info),
        event::StepError::NotFound => format!("no step matches `{}{}`", step.keyword, step.value),
        event::StepError::AmbiguousMatch(e) => e.to_string(),
    };
    located(feature, step.position.line, step.position.col, &text)
}

/// What the runner has to say when its work before or after a scenario failed, at the
/// scenario's place.
pub fn hook_failure_text(
    feature: &Feature,
    scenario: &gherkin::Scenario,
    which: HookType,
    info: &event::Info,
) -> String {
    let which = match which {
        HookType::Before => "before",
        HookType::After => "after",
    };
    format!(
        "the runner failed {which} the scenario: {}",
        located(
            feature,
            scenario.position.line,
            scenario.position.col,
            &panic_text(info)
        )
    )
}

/// `text` with `path:line:col: ` in front, unless it already starts with the feature's path.
fn located(feature: &Feature, line: usize, col: usize, text: &str) -> String {
    let path = feature
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| feature.name.clone());
    if text.starts_with(&format!("{path}:")) {
        text.to_string()
    } else {
        format!("{path}:{line}:{col}: {text}")
    }
}

/// A panic's payload as text (our steps fail with their message as the payload).
fn panic_text(info: &event::Info) -> String {
    info.downcast_ref::<String>()
        .cloned()
        .or_else(|| info.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "the step failed without saying why".into())
}

impl<W, Out> cucumber::Writer<W> for Report<Out>
where
    W: World + Debug,
    Out: Write,
{
    type Cli = basic::Cli;

    async fn handle_event(&mut self, event: parser::Result<Event<Cucumber<W>>>, cli: &Self::Cli) {
        self.styles.apply_coloring(cli.coloring());
        // A terminal that went away (a closed pipe) is not the run's failure: it goes on, and
        // its exit status still says how it went.
        let _ = match event.map(Event::into_inner) {
            Err(error) => {
                let text = format!("a feature could not be read: {error}");
                let styled = self.styles.err(text).to_string();
                self.line(&styled)
            }
            Ok(Cucumber::Feature(feature, ev)) => self.feature(&feature, ev),
            Ok(_) => Ok(()),
        };
    }
}

impl<Out: Write> Report<Out> {
    fn feature<W>(&mut self, feature: &Source<Feature>, ev: event::Feature<W>) -> io::Result<()> {
        match ev {
            event::Feature::Started => {
                let text = format!(
                    "{}: {}",
                    feature.keyword,
                    domain::kernel::printable(&feature.name)
                );
                let styled = self.styles.ok(text).to_string();
                self.heading(styled, Heading::Feature)
            }
            event::Feature::Rule(rule, event::Rule::Started) => {
                let text = format!(
                    "  {}: {}",
                    rule.keyword,
                    domain::kernel::printable(&rule.name)
                );
                let styled = self.styles.ok(text).to_string();
                self.rule_depth += 1;
                self.heading(styled, Heading::Rule)
            }
            event::Feature::Rule(_, event::Rule::Finished) => {
                self.rule_depth = self.rule_depth.saturating_sub(1);
                self.rule_line = None;
                Ok(())
            }
            event::Feature::Rule(_, event::Rule::Scenario(scenario, ev))
            | event::Feature::Scenario(scenario, ev) => {
                self.scenario(feature, &scenario, &ev.event)
            }
            event::Feature::Finished => Ok(()),
        }
    }
}

/// Lines written outside the events: only `Summarize`'s closing counts, which are not written.
/// They count scenarios alone (`2 scenarios (2 passed)`), where the run's own closing line
/// (`runner::Summary::line`) counts problems in feature files as failures too: two summaries
/// that disagree, one line apart. `Summarize` stays for the parsing errors it counts.
impl<W, Out> writer::Arbitrary<W, String> for Report<Out>
where
    W: World + Debug,
    Out: Write,
{
    async fn write(&mut self, _: String) {}
}

/// It writes what it is given and hands nothing on, so `Summarize` may count around it.
impl<Out: Write> writer::NonTransforming for Report<Out> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn feature() -> Feature {
        let text = "Feature: f\n  Scenario: s\n    Given no events\n";
        let mut f = Feature::parse(text, gherkin::GherkinEnv::default()).expect("parses");
        f.path = Some("/abs/f.feature".into());
        f
    }

    #[test]
    fn a_located_message_is_shown_as_it_is_and_any_other_gets_the_step_s_place() {
        let f = feature();
        let step = &f.scenarios[0].steps[0];
        let ours = event::StepError::Panic(Arc::new(String::from(
            "/abs/f.feature:3:5: expected 1 event",
        )));
        assert_eq!(
            failure_text(&f, step, &ours),
            "/abs/f.feature:3:5: expected 1 event"
        );
        let other = event::StepError::Panic(Arc::new("index out of bounds"));
        assert_eq!(
            failure_text(&f, step, &other),
            "/abs/f.feature:3:5: index out of bounds"
        );
        assert_eq!(
            failure_text(&f, step, &event::StepError::NotFound),
            "/abs/f.feature:3:5: no step matches `Given no events`"
        );
    }

    #[test]
    fn tables_are_padded_to_their_widest_cell() {
        let table = gherkin::Table {
            rows: vec![
                vec!["event".into(), "id".into()],
                vec!["Née".into(), "order-1".into()],
            ],
            span: Default::default(),
            position: Default::default(),
        };
        assert_eq!(
            crate::echo::table_text(&table, 2, &[]),
            "\n  | event | id      |\n  | Née   | order-1 |"
        );
    }
}
