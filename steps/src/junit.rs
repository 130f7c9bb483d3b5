//! The JUnit XML report of a run (`gwt test --junit FILE`), in the words of the terminal report.
//!
//! cucumber's own `writer::JUnit` types every failure `Step Panicked`, starts its message with
//! "Step panicked. Captured output:" and carries `Defined:` (the path cut at its leading `/`) and
//! `Matched: steps/src/steps.rs:…`, which reads like a crash to whoever reads CI results; it
//! offers no way to render a failure otherwise. This writer builds the report with `quick-junit`
//! instead: one `<testsuite>` a feature, one `<testcase>` a scenario (classname the feature,
//! name the scenario), a failure typed in our words, its message the first line of our located
//! message and its text the failed step with the whole message, the scenario as the terminal
//! shows it in `system-out`. What the runner finds outside cucumber (files that do not read, no
//! scenario at all) is added as failed test cases when the report is written, so a CI dashboard
//! shows the run failing for the same reasons its exit status does.
//!
//! Times are measured, as CI's report readers show them (seconds, to the millisecond): a test
//! case's from its scenario's first event to its last, a suite's from its feature's start to its
//! end, the whole report's from the run's start to its end (or to the report's writing, when a
//! signal cut the run short), each from cucumber's timestamps; the report and each feature's
//! suite carry when they started (`timestamp`) too. The cases of problems found outside any
//! scenario took none.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use cucumber::event::{self, Cucumber, Source};
use cucumber::gherkin::{self, Feature, Rule, Scenario};
use cucumber::{cli, parser, Event, World};
use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use crate::writer::{failure_text, hook_failure_text};

/// The test suites written so far, the feature under way's included, shared between the writer
/// (fed by cucumber) and the runner, which adds its own findings and writes the report once the
/// run is over, or when a signal ends it.
#[derive(Clone, Default)]
pub struct Collector(Arc<Mutex<Collected>>);

#[derive(Default)]
struct Collected {
    suites: Vec<TestSuite>,
    /// What cucumber could not turn into scenarios (an Examples placeholder with no column).
    unreadable: Vec<String>,
    /// When the run started and ended, as cucumber told them.
    started: Option<SystemTime>,
    finished: Option<SystemTime>,
    /// When the feature under way (the last suite) started, until it ends.
    feature_started: Option<SystemTime>,
}

impl Collector {
    /// The writer to tee beside the terminal's.
    pub fn writer(&self) -> JUnit {
        JUnit {
            into: Some(self.clone()),
            open: None,
        }
    }

    /// The whole report: the features' suites, then a suite of the problems found outside any
    /// scenario (`problems`, what the runner read; what cucumber could not read), or, when there
    /// is nothing at all to show, a failure saying that no scenario ran.
    pub fn report(&self, problems: &[String]) -> Report {
        self.report_of(problems, None)
    }

    /// The report of a run a signal ended (`why`: `interrupted by SIGTERM`): the scenarios that
    /// finished, and a failed case saying that the run was cut short, so that a CI dashboard
    /// shows the run failing, with what it did run, rather than an empty file.
    pub fn interrupted_report(&self, problems: &[String], why: &str) -> Report {
        self.report_of(problems, Some(why))
    }

    fn report_of(&self, problems: &[String], interrupted: Option<&str>) -> Report {
        let collected = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut report = Report::new("gwt test");
        // A run a signal cut short ends now, and so does the feature it was running.
        let now = SystemTime::now();
        let ended = collected.finished.unwrap_or(now);
        let mut suites = collected.suites.clone();
        if let (Some(started), Some(last)) = (collected.feature_started, suites.last_mut()) {
            last.set_time(between(started, now));
        }
        report.add_test_suites(suites);
        if let Some(started) = collected.started {
            report
                .set_timestamp(timestamp(started))
                .set_time(between(started, ended));
        }
        let mut not_run = TestSuite::new("feature files");
        not_run.set_time(Duration::ZERO);
        for problem in problems.iter().chain(&collected.unreadable) {
            not_run.add_test_case(problem_case("unreadable", problem));
        }
        if let Some(why) = interrupted {
            let text = format!(
                "{why} after {}; the scenario under way and those after it did not run",
                domain::kernel::plural(report.tests as u64, "scenario", "scenarios")
            );
            not_run.add_test_case(problem_case("interrupted", &text));
        }
        if report.tests == 0 && not_run.test_cases.is_empty() {
            not_run.add_test_case(problem_case("no scenarios", crate::runner::NOTHING_RAN));
        }
        if !not_run.test_cases.is_empty() {
            report.add_test_suite(not_run);
        }
        report
    }
}

/// A failure found outside any scenario, as a test case of its own named by what it says.
fn problem_case(ty: &str, text: &str) -> TestCase {
    let first = text.lines().next().unwrap_or(text);
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status.set_type(ty).set_message(first).set_description(text);
    let mut case = TestCase::new(first, status);
    case.set_classname("feature files").set_time(Duration::ZERO);
    case
}

/// The time from `start` to `end`; none when the clock went back between them.
fn between(start: SystemTime, end: SystemTime) -> Duration {
    end.duration_since(start).unwrap_or(Duration::ZERO)
}

/// A moment as a report's `timestamp` (UTC).
fn timestamp(at: SystemTime) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::<chrono::Utc>::from(at).fixed_offset()
}

/// The cucumber writer feeding a [`Collector`]; it expects normalized events (each scenario's
/// events together), as the runner's writer chain gives it.
pub struct JUnit {
    /// `None` when no report was asked for: every event is then dropped unread.
    into: Option<Collector>,
    open: Option<Open>,
}

impl JUnit {
    /// A writer that writes nothing, for runs without `--junit`.
    pub fn none() -> Self {
        JUnit {
            into: None,
            open: None,
        }
    }
}

/// The scenario being run.
struct Open {
    started: SystemTime,
    /// The scenario as the terminal report shows it.
    output: crate::writer::Report<Vec<u8>>,
    /// The first failure: later events (an after hook) do not hide what failed first.
    failure: Option<Failure>,
    skipped: bool,
}

struct Failure {
    ty: &'static str,
    /// The whole located message.
    message: String,
    /// What failed, as written in the feature file (a step with its table), when it was a step.
    step: Option<String>,
}

impl<W: World + Debug> cucumber::Writer<W> for JUnit {
    type Cli = cli::Empty;

    async fn handle_event(&mut self, event: parser::Result<Event<Cucumber<W>>>, _: &cli::Empty) {
        let Some(into) = &self.into else { return };
        match event.map(Event::split) {
            Ok((Cucumber::Started, meta)) => {
                into.0.lock().unwrap_or_else(|e| e.into_inner()).started = Some(meta.at);
            }
            Ok((Cucumber::Finished, meta)) => {
                into.0.lock().unwrap_or_else(|e| e.into_inner()).finished = Some(meta.at);
            }
            Err(error) => into
                .0
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .unreadable
                .push(format!("a feature could not be read: {error}")),
            Ok((Cucumber::Feature(feature, ev), meta)) => match ev {
                // Kept in the collector from its start, so that a signal's report holds the
                // scenarios of the feature under way that finished.
                event::Feature::Started => {
                    let mut collected = into.0.lock().unwrap_or_else(|e| e.into_inner());
                    collected.suites.push(suite(&feature, meta.at));
                    collected.feature_started = Some(meta.at);
                }
                event::Feature::Finished => {
                    let mut collected = into.0.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(started) = collected.feature_started.take() {
                        if let Some(suite) = collected.suites.last_mut() {
                            suite.set_time(between(started, meta.at));
                        }
                    }
                }
                event::Feature::Rule(rule, event::Rule::Scenario(scenario, ev)) => {
                    self.scenario(&feature, Some(&rule), &scenario, ev.event, meta.at)
                }
                event::Feature::Scenario(scenario, ev) => {
                    self.scenario(&feature, None, &scenario, ev.event, meta.at)
                }
                event::Feature::Rule(..) => {}
            },
            Ok(_) => {}
        }
    }
}

/// It keeps what it is given and hands nothing on.
impl cucumber::writer::NonTransforming for JUnit {}

/// A feature's suite: named by the feature (or its file when it has no name), its file whole,
/// started `at`.
fn suite(feature: &Source<Feature>, at: SystemTime) -> TestSuite {
    let mut suite = TestSuite::new(feature_name(feature));
    suite.set_timestamp(timestamp(at));
    if let Some(path) = &feature.path {
        suite.add_property(Property::new("file", path.display().to_string()));
    }
    suite
}

fn feature_name(feature: &Feature) -> String {
    match (&feature.path, feature.name.trim()) {
        (Some(path), "") => path.display().to_string(),
        (_, name) => name.to_string(),
    }
}

/// A scenario's test case name: its name, after its Rule's, and for an example of a Scenario
/// Outline the line of its Examples row (cucumber gives every row the Outline's name, and a
/// dashboard would merge cases of one name).
fn case_name(rule: Option<&Rule>, scenario: &Scenario) -> String {
    let mut name = scenario.name.clone();
    if !scenario.examples.is_empty() {
        let line = crate::outlines::example_line(scenario).unwrap_or(scenario.position.line);
        name = format!("{name} (example at line {line})");
    }
    match rule {
        Some(rule) => format!("{}: {name}", rule.name),
        None => name,
    }
}

impl JUnit {
    fn scenario<W>(
        &mut self,
        feature: &Feature,
        rule: Option<&Rule>,
        scenario: &Scenario,
        ev: event::Scenario<W>,
        at: SystemTime,
    ) {
        let open = self.open.get_or_insert_with(|| Open {
            started: at,
            output: crate::writer::Report::plain(Vec::new()),
            failure: None,
            skipped: false,
        });
        // Writing into a Vec cannot fail.
        let _ = open.output.scenario(feature, scenario, &ev);
        let failure = match &ev {
            event::Scenario::Step(step, event::Step::Failed(_, _, _, error))
            | event::Scenario::Background(step, event::Step::Failed(_, _, _, error)) => {
                let message = failure_text(feature, step, error);
                Some(Failure {
                    ty: "failed step",
                    step: Some(step_text(feature, step, &message)),
                    message,
                })
            }
            event::Scenario::Hook(which, event::Hook::Failed(_, info)) => Some(Failure {
                ty: "runner failed",
                message: hook_failure_text(feature, scenario, *which, info),
                step: None,
            }),
            event::Scenario::Step(_, event::Step::Skipped)
            | event::Scenario::Background(_, event::Step::Skipped) => {
                open.skipped = true;
                None
            }
            _ => None,
        };
        if open.failure.is_none() {
            open.failure = failure;
        }
        if !matches!(ev, event::Scenario::Finished) {
            return;
        }
        let Some(mut open) = self.open.take() else {
            return;
        };
        let status = match open.failure {
            Some(failure) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let first = failure.message.lines().next().unwrap_or_default();
                let text = match failure.step {
                    Some(step) => format!("{step}\n{}", failure.message),
                    None => failure.message.clone(),
                };
                status
                    .set_type(failure.ty)
                    .set_message(first)
                    .set_description(text);
                status
            }
            None if open.skipped => {
                let mut status = TestCaseStatus::skipped();
                status.set_message("a step was skipped");
                status
            }
            None => TestCaseStatus::success(),
        };
        let mut case = TestCase::new(case_name(rule, scenario), status);
        case.set_classname(feature_name(feature))
            .set_time(between(open.started, at))
            .set_system_out_lossy(open.output.output());
        if let Some(into) = &self.into {
            let mut collected = into.0.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(suite) = collected.suites.last_mut() {
                suite.add_test_case(case);
            }
        }
    }
}

/// A failed step as the terminal echoes it: its keyword and text, its table or doc string.
fn step_text(feature: &Feature, step: &gherkin::Step, failure: &str) -> String {
    let mut text = format!("{}{}", step.keyword, step.value);
    text.push_str(&crate::echo::attachment_text(
        feature,
        step,
        2,
        Some(failure),
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_failed_cases_and_a_run_with_nothing_says_so() {
        let collector = Collector::default();
        let report = collector.report(&["/abs/x.feature: no scenarios found".into()]);
        assert_eq!((report.tests, report.failures), (1, 1));
        let case = &report.test_suites[0].test_cases[0];
        assert_eq!(case.name.as_str(), "/abs/x.feature: no scenarios found");

        let report = collector.report(&[]);
        assert_eq!((report.tests, report.failures), (1, 1));
        match &report.test_suites[0].test_cases[0].status {
            TestCaseStatus::NonSuccess { ty, .. } => {
                assert_eq!(ty.as_ref().map(|t| t.as_str()), Some("no scenarios"))
            }
            other => panic!("{other:?}"),
        }
    }

    /// Each time is the span between the events that open and close what it times, as
    /// cucumber stamped them: the run's, the feature's, the scenario's; each written in seconds
    /// to the millisecond, where CI's report readers look for them.
    #[test]
    fn times_are_the_spans_between_the_events_cucumber_stamped() {
        use crate::world::GwtWorld;
        use cucumber::event::{RetryableScenario, Scenario as Ev};
        use cucumber::Writer as _;

        let text = "Feature: timed\n\n  Scenario: one\n    Given nothing\n";
        let feature = Feature::parse(text, gherkin::GherkinEnv::default()).unwrap();
        let scenario = Source::new(feature.scenarios[0].clone());
        let feature = Source::new(feature);
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let at = |millis: u64| t0 + Duration::from_millis(millis);
        let scenario_event = |ev: Ev<GwtWorld>| {
            event::Feature::Scenario(
                scenario.clone(),
                RetryableScenario {
                    event: ev,
                    retries: None,
                },
            )
        };
        let events: Vec<(Cucumber<GwtWorld>, SystemTime)> = vec![
            (Cucumber::Started, at(0)),
            (
                Cucumber::Feature(feature.clone(), event::Feature::Started),
                at(1_000),
            ),
            (
                Cucumber::Feature(feature.clone(), scenario_event(Ev::Started)),
                at(2_000),
            ),
            (
                Cucumber::Feature(feature.clone(), scenario_event(Ev::Finished)),
                at(2_250),
            ),
            (
                Cucumber::Feature(feature.clone(), event::Feature::Finished),
                at(4_000),
            ),
            (Cucumber::Finished, at(5_500)),
        ];
        let collector = Collector::default();
        let mut writer = collector.writer();
        for (value, at) in events {
            let mut event = Event::new(value);
            event.at = at;
            futures::executor::block_on(writer.handle_event(Ok(event), &cli::Empty));
        }
        let report = collector.report(&[]);
        assert_eq!(report.time, Some(Duration::from_millis(5_500)));
        assert_eq!(report.timestamp, Some(timestamp(at(0))));
        let suite = &report.test_suites[0];
        assert_eq!(suite.time, Some(Duration::from_millis(3_000)));
        assert_eq!(suite.timestamp, Some(timestamp(at(1_000))));
        assert_eq!(suite.test_cases[0].time, Some(Duration::from_millis(250)));
        let xml = report.to_string().unwrap();
        for written in [
            r#"<testsuites name="gwt test" tests="1" skipped="0" failures="0" errors="0" timestamp="2027-01-15T08:00:00.000+00:00" time="5.500">"#,
            r#"timestamp="2027-01-15T08:00:01.000+00:00" time="3.000">"#,
            r#"<testcase name="one" classname="timed" time="0.250">"#,
        ] {
            assert!(xml.contains(written), "{written} not in\n{xml}");
        }

        // A run a signal cut short: its feature under way, and the run, last until the report.
        let collector = Collector::default();
        let mut writer = collector.writer();
        let started = SystemTime::now() - Duration::from_secs(60);
        for (value, at) in [
            (Cucumber::<GwtWorld>::Started, started),
            (
                Cucumber::Feature(feature.clone(), event::Feature::Started),
                started,
            ),
        ] {
            let mut event = Event::new(value);
            event.at = at;
            futures::executor::block_on(writer.handle_event(Ok(event), &cli::Empty));
        }
        let report = collector.interrupted_report(&[], "interrupted by SIGTERM");
        let minute = Duration::from_secs(60);
        assert!(
            report.time.is_some_and(|t| t >= minute),
            "{:?}",
            report.time
        );
        assert!(report.test_suites[0].time.is_some_and(|t| t >= minute));
        // The cases of problems found outside any scenario took no time as cases.
        let not_run = &report.test_suites[1];
        assert_eq!(not_run.time, Some(Duration::ZERO));
        assert_eq!(not_run.test_cases[0].time, Some(Duration::ZERO));
    }
}
