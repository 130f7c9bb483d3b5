//! Runs feature files against a domain with cucumber: the scenarios of every file or folder
//! given, filtered by tags and name, reported on the terminal (and as JUnit XML when asked),
//! ending with what the implicit checks ran on and the line `N passed, N failed`.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::outlines::{examples_row, expand};
use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::gherkin::{Feature, Rule, Scenario};
use cucumber::tag::Ext as _;
use cucumber::{cli, event, parser, World as _, WriterExt as _};
use regex::Regex;

use domain::kernel::{plural, Catalog};

use crate::world::{other_catalogs, DomainFactory, GwtWorld};

/// How to run.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// A tag expression (`@slow and not @wip`); only matching scenarios run.
    pub tags: Option<String>,
    /// A regular expression; only scenarios whose name matches run.
    pub name: Option<String>,
    /// Where to write a JUnit XML report.
    pub junit: Option<PathBuf>,
    /// Runs the implicit checks (duplicate delivery; stored-form round trip, process managers
    /// restarted after each message).
    pub implicit_checks: bool,
    /// Prints nothing but the final line (for benchmarks).
    pub quiet: bool,
    /// Prints only the scenarios that fail, each under its feature's line (`gwt test --quiet`).
    pub only_failures: bool,
    /// The catalogs of the other domains there are, so that a name unknown in this one but
    /// known in another says which domain to run with.
    pub other_domains: Vec<Arc<Catalog>>,
    /// Keeps snapshots in this folder instead of `snapshots/` beside each feature file, so that
    /// features in a folder that is not ours (read-only, shared) can be run.
    pub snapshots: Option<PathBuf>,
    /// Writes snapshots not yet reviewed, and changed ones, as reviewed `.snap` files and
    /// passes their steps (`gwt test --accept-snapshots`), for an author who has `gwt` and no
    /// `cargo insta`. Refused under `CI=true`, where nothing is written.
    pub accept_snapshots: bool,
}

/// Scenario counts of a run, with what each failure said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    /// Feature files that could not be read or parsed, or did not read as written (each problem
    /// counts as one failure).
    pub unreadable: usize,
    /// What each of those problems is, in file then line order.
    pub problems: Vec<String>,
    /// The message of every failed step, in the order scenarios finished.
    pub failures: Vec<String>,
    /// Scenarios run without the implicit checks: tagged `@no-implicit-checks`, or every one
    /// when the run turned them off.
    pub without_implicit_checks: usize,
    /// The run turned the implicit checks off (`--no-implicit-checks`).
    pub implicit_checks_off: bool,
    /// The snapshots `--accept-snapshots` wrote as reviewed, in the order their steps ran.
    pub accepted_snapshots: Vec<crate::snapshots::Accepted>,
}

impl Summary {
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.unreadable == 0 && self.passed > 0
    }

    /// The closing line every run prints, its only summary. Problems in feature files count as
    /// failures (the exit status and the JUnit report count them so); the line says how many of
    /// the failures they are, apart from the scenarios.
    pub fn line(&self) -> String {
        let failed = self.failed + self.unreadable;
        let mut line = format!("{} passed, {failed} failed", self.passed);
        if self.passed + failed == 0 {
            line.push_str(&format!(": {NOTHING_RAN}"));
        }
        if self.unreadable > 0 {
            let scenarios = match self.failed {
                0 => String::new(),
                n => format!("{}; ", plural(n as u64, "scenario", "scenarios")),
            };
            let problems = plural(self.unreadable as u64, "problem", "problems");
            line.push_str(&format!(
                " ({scenarios}{problems} in feature files, listed above)"
            ));
        }
        line
    }

    /// The line said just above the closing one: what every scenario was run with besides its
    /// steps, and which were not. A passing run said nothing of the checks it had made, and an
    /// author could not tell that a scenario which passed had also held with every delivery
    /// made twice and its Givens read back from their stored form. `None` when no scenario ran.
    /// The closing line itself stays as it is: CI jobs and tests read it.
    pub fn implicit_checks_line(&self) -> Option<String> {
        let ran = self.passed + self.failed;
        if ran == 0 {
            return None;
        }
        const RUNS: &str = "every delivery made twice, and with its Givens read back from their \
                            stored form and its process managers restarted after each message";
        let without = self.without_implicit_checks.min(ran);
        Some(if self.implicit_checks_off {
            format!("Implicit checks off (--no-implicit-checks): no scenario also ran with {RUNS}.")
        } else if without == ran {
            format!(
                "Implicit checks off: {} tagged @no-implicit-checks, so none also ran with {RUNS}.",
                match ran {
                    1 => "the scenario is".to_string(),
                    n => format!("all {n} scenarios are"),
                }
            )
        } else if without == 0 {
            format!("Implicit checks: each scenario also ran with {RUNS}.")
        } else {
            format!(
                "Implicit checks: each scenario also ran with {RUNS}, but for {} tagged \
                 @no-implicit-checks.",
                plural(without as u64, "scenario", "scenarios")
            )
        })
    }
}

/// Why a run that found nothing to run fails: said on the closing line and in the JUnit report.
pub(crate) const NOTHING_RAN: &str =
    "no scenario ran: the paths given hold none, or none that --tags and --name choose";

/// Hands cucumber the features read beforehand (see `reading`) and expanded (see `outlines`),
/// so that what the author must hear about a file is said once, in our words, and the
/// scenarios that parse still run.
struct Given;

impl parser::Parser<Vec<Feature>> for Given {
    type Cli = cli::Empty;
    type Output = futures::stream::Iter<std::vec::IntoIter<parser::Result<Feature>>>;

    fn parse(self, input: Vec<Feature>, _: cli::Empty) -> Self::Output {
        futures::stream::iter(input.into_iter().map(Ok).collect::<Vec<_>>())
    }
}

/// What a failed step said: our steps fail with a located message as their panic payload.
fn step_error_text(error: &event::StepError) -> String {
    match error {
        event::StepError::Panic(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the step failed".into()),
        other => other.to_string(),
    }
}

/// Where a scenario that has no When is reported: DSL.md gives every scenario exactly one. The
/// scenario's position, and the line of the step that fails for it (its first Then, or its last
/// step). Background steps count, as they run first.
fn missing_when(
    feature: &Feature,
    rule: Option<&Rule>,
    scenario: &Scenario,
) -> Option<crate::world::MissingWhen> {
    let steps: Vec<&cucumber::gherkin::Step> = feature
        .background
        .iter()
        .flat_map(|b| b.steps.iter())
        .chain(
            rule.and_then(|r| r.background.as_ref())
                .into_iter()
                .flat_map(|b| b.steps.iter()),
        )
        .chain(scenario.steps.iter())
        .collect();
    // A `*` step with a When's phrase is the When (see `steps`), whatever Gherkin called it.
    let is_when = |s: &&cucumber::gherkin::Step| {
        s.ty == cucumber::gherkin::StepType::When
            || (s.keyword.trim() == "*"
                && crate::phrases::recognise(cucumber::gherkin::StepType::When, &s.value).is_ok())
    };
    if steps.iter().any(is_when) {
        return None;
    }
    let at = steps
        .iter()
        .find(|s| s.ty == cucumber::gherkin::StepType::Then)
        .or(steps.last())?;
    Some(crate::world::MissingWhen {
        at: (scenario.position.line, scenario.position.col),
        fail_at: at.position.line,
        in_description: when_in_description(feature, scenario),
    })
}

/// A line of the scenario's description holding a When with a phrase after it, in words or
/// marks the reading does not take for a quoted step (`"When 30 minutes pass!"`, `(When 30
/// minutes pass)`): its line, as written, and the step meant. Looked for only in a scenario
/// with no When, which fails.
fn when_in_description(feature: &Feature, scenario: &Scenario) -> Option<(usize, String, String)> {
    use cucumber::gherkin::StepType;
    let description = scenario.description.as_deref()?;
    let source = crate::diagnostics::Source::load(feature.path.as_deref());
    let dialect = source.dialect();
    let whens: Vec<&str> = (dialect.step_prefixes().iter())
        .map(String::as_str)
        .filter(|k| dialect.kind_of(k) == Some(StepType::When))
        .collect();
    let (written, meant) = description.lines().map(str::trim).find_map(|line| {
        whens.iter().find_map(|when| {
            let (_, rest) = line.split_once(when)?;
            // Up to its closing mark (`"When 30 minutes pass", she said.`), or the line's end.
            let quoted = rest.split(|c: char| "\"'`“”‘’«»‹›「」『』＂)".contains(c));
            [quoted.into_iter().next().unwrap_or(rest), rest]
                .into_iter()
                .map(|p| p.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ':'))
                .find(|p| crate::phrases::recognise(StepType::When, p).is_ok())
                .map(|phrase| (line.to_string(), format!("{when}{phrase}")))
        })
    })?;
    // Gherkin keeps a description's text, not its lines: found again under the scenario's line.
    let at = (source.lines().iter().enumerate())
        .skip(scenario.position.line)
        .find(|(_, l)| l.trim() == written)
        .map(|(i, _)| i + 1)?;
    Some((at, written, meant))
}

/// Where a scenario that has a When but no Then is reported: DSL.md has every scenario say what
/// must follow, and one that says nothing checks nothing, passing whatever the domain does. The
/// line of its last step (a Then is never in a Background).
fn missing_then(scenario: &Scenario) -> Option<usize> {
    let is_then = |s: &cucumber::gherkin::Step| {
        s.ty == cucumber::gherkin::StepType::Then
            || (s.keyword.trim() == "*"
                && crate::phrases::recognise(cucumber::gherkin::StepType::Then, &s.value).is_ok())
    };
    match scenario.steps.iter().any(is_then) {
        true => None,
        false => scenario.steps.last().map(|s| s.position.line),
    }
}

/// `file:line:column` of a scenario.
fn place_of(feature: &Feature, scenario: &Scenario) -> String {
    format!(
        "{}:{}:{}",
        feature
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        scenario.position.line,
        scenario.position.col
    )
}

fn tags_of<'a>(
    feature: &'a Feature,
    rule: Option<&'a Rule>,
    scenario: &'a Scenario,
) -> impl Iterator<Item = &'a String> + Clone {
    feature
        .tags
        .iter()
        .chain(rule.into_iter().flat_map(|r| r.tags.iter()))
        .chain(scenario.tags.iter())
}

/// Whether standard output and standard error are one file or pipe (`2>&1`): the same device
/// and inode.
fn outputs_are_one_file() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let of = |fd: std::os::fd::BorrowedFd<'_>| {
        let file = std::fs::File::from(fd.try_clone_to_owned().ok()?);
        file.metadata().ok().map(|m| (m.dev(), m.ino()))
    };
    let (out, err) = (io::stdout(), io::stderr());
    match (of(out.as_fd()), of(err.as_fd())) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The run under way, for a signal that ends it: where its JUnit report goes and what it holds so
/// far, the problems its reading found, and its counts.
struct UnderWay {
    junit: Option<(PathBuf, crate::junit::Collector)>,
    problems: Vec<String>,
    counts: Arc<Mutex<Summary>>,
}

static UNDER_WAY: Mutex<Option<UnderWay>> = Mutex::new(None);

/// For a signal that ends the run under way (`why`: `interrupted by SIGTERM`), before the process
/// exits: writes its JUnit report, the scenarios that finished and a failed case saying the run
/// was cut short, over the empty file made at its start (which CI's report readers refused as
/// XML that ends before its root), and says what it counted. `None` when no run is under way.
pub fn interrupted(why: &str) -> Option<String> {
    // Held until the process exits: the run's own end waits for it rather than write its report
    // over this one.
    let mut under_way = UNDER_WAY.lock().unwrap_or_else(|e| e.into_inner());
    let run = under_way.take()?;
    let counts = run.counts.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let mut said = format!(
        "{why} after {} ({} passed, {} failed)",
        plural(
            (counts.passed + counts.failed) as u64,
            "scenario",
            "scenarios"
        ),
        counts.passed,
        counts.failed
    );
    if let Some((path, collector)) = run.junit {
        let written = std::fs::File::create(&path).and_then(|file| {
            collector
                .interrupted_report(&run.problems, why)
                .serialize(io::BufWriter::new(file))
                .map_err(io::Error::other)
        });
        said.push_str(&match written {
            Ok(()) => format!("; the JUnit report {} holds them", path.display()),
            Err(e) => format!("; cannot write the JUnit report {}: {e}", path.display()),
        });
    }
    Some(said)
}

/// Runs the features under `paths` against `domain`. Missing paths are reported and counted as
/// unreadable; everything else goes on.
pub fn run(
    domain: Arc<dyn DomainFactory>,
    paths: &[PathBuf],
    options: &RunOptions,
) -> Result<Summary, String> {
    if options.accept_snapshots && crate::snapshots::is_ci() {
        return Err(crate::snapshots::ACCEPT_IN_CI.into());
    }
    let tags: Option<TagOperation> = match &options.tags {
        Some(t) => Some(
            t.parse()
                .map_err(|e| format!("--tags `{t}` is not a tag expression: {e}"))?,
        ),
        None => None,
    };
    let name = match &options.name {
        Some(n) => Some(
            Regex::new(n).map_err(|e| format!("--name `{n}` is not a regular expression: {e}"))?,
        ),
        None => None,
    };
    let paths: Vec<PathBuf> = paths
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .collect();
    let mut reading = crate::reading::read_paths(&paths);
    let features = expand(
        std::mem::take(&mut reading.features),
        &mut reading.problems,
        &reading.read,
    );
    // Said as soon as they are found, on standard error, unless both outputs are one terminal,
    // or one file or pipe (`2>&1 | less`, a CI log): the list beside the closing line says them
    // again there, and a reader saw each twice.
    let listed_at_the_end = !options.quiet;
    let one_output =
        (io::stdout().is_terminal() && io::stderr().is_terminal()) || outputs_are_one_file();
    if !(listed_at_the_end && one_output) {
        for problem in &reading.problems {
            crate::say!("{}", crate::echo::cut_line(problem));
        }
    }
    // Created before the run, so that a report that cannot be written stops it before it starts.
    if let Some(path) = &options.junit {
        junit_keeps_the_features(path, &paths)?;
    }
    let junit_file = match &options.junit {
        Some(path) => Some((
            path,
            // Its folder made if missing, as CI jobs name one (`reports/gwt.xml`) that nothing
            // made before.
            path.parent()
                .filter(|folder| !folder.as_os_str().is_empty())
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::File::create(path))
                .map_err(|e| format!("cannot write the JUnit report {}: {e}", path.display()))?,
        )),
        None => None,
    };
    let junit = crate::junit::Collector::default();
    let junit_writer = match junit_file {
        Some(_) => junit.writer(),
        None => crate::junit::JUnit::none(),
    };
    let out: Box<dyn Write> = if options.quiet {
        Box::new(io::sink())
    } else {
        // Through `stdout`, so that a report that cannot be written is said once at the end
        // (exit 2) rather than lost without a word.
        Box::new(crate::stdout::Stdout)
    };

    // One run at a time in a process (tests run in parallel threads): the other domains'
    // catalogs, the snapshot plan and cucumber's panic hook (taken and put back around every
    // run) are process-wide.
    static ONE_RUN_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _running = ONE_RUN_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    *other_catalogs().lock().unwrap_or_else(|e| e.into_inner()) = options.other_domains.clone();
    let counts = Arc::new(Mutex::new(Summary::default()));
    let after_counts = counts.clone();
    let before_counts = counts.clone();
    *UNDER_WAY.lock().unwrap_or_else(|e| e.into_inner()) = Some(UnderWay {
        junit: options
            .junit
            .as_ref()
            .map(|path| (path.clone(), junit.clone())),
        problems: reading.problems.clone(),
        counts: counts.clone(),
    });
    let implicit = options.implicit_checks;
    let snapshot_dir = options.snapshots.clone();
    let accept_snapshots = options.accept_snapshots;
    crate::snapshots::plan(&features, options.snapshots.as_deref());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runner: {e}"))?;
    let finished = runtime.block_on(async move {
        GwtWorld::cucumber::<PathBuf>()
            .with_parser(Given)
            .with_writer(
                // Our reports rather than cucumber's `Basic` and `JUnit`, which print a failure
                // as a panic with the runner's source lines (see `writer` and `junit`).
                crate::writer::Report::new(out)
                    .only_failures(options.only_failures)
                    .summarized()
                    .tee::<GwtWorld, _>(
                        junit_writer
                            .discard_stats_writes()
                            .discard_arbitrary_writes(),
                    )
                    .normalized(),
            )
            .with_cli(cli::Opts::<_, _, _, cli::Empty>::default())
            .before(move |feature, rule, scenario, world| {
                world.factory = Some(domain.clone());
                let checks = implicit
                    && !tags_of(feature, rule, scenario).any(|t| t == "no-implicit-checks");
                if !checks {
                    let mut c = before_counts.lock().unwrap_or_else(|e| e.into_inner());
                    c.without_implicit_checks += 1;
                }
                let wants_outcome = scenario
                    .steps
                    .iter()
                    .any(|s| s.value.trim() == "the outcome matches the snapshot");
                world.start(
                    feature.path.as_deref(),
                    &scenario.name,
                    checks,
                    wants_outcome,
                );
                world.snapshot_dir = snapshot_dir.clone();
                world.accept_snapshots = accept_snapshots;
                world.missing_when = missing_when(feature, rule, scenario);
                world.missing_then = world
                    .missing_when
                    .is_none()
                    .then(|| missing_then(scenario))
                    .flatten();
                world.examples_row = examples_row(scenario);
                world.snapshot_name = crate::snapshots::snapshot_scenario(scenario);
                world.scenario_line = scenario.position.line;
                world.background_lines = feature
                    .background
                    .iter()
                    .chain(rule.and_then(|r| r.background.as_ref()))
                    .flat_map(|b| b.steps.iter().map(|s| s.position.line))
                    .collect();
                Box::pin(async {})
            })
            .after(move |feature, _, scenario, finished, _| {
                let mut c = after_counts.lock().unwrap_or_else(|e| e.into_inner());
                // A scenario with no steps does not come here: reading took it out
                // (`reading::no_steps`).
                match finished {
                    event::ScenarioFinished::StepPassed => c.passed += 1,
                    event::ScenarioFinished::StepFailed(_, _, error) => {
                        c.failed += 1;
                        c.failures.push(step_error_text(error));
                    }
                    event::ScenarioFinished::StepSkipped
                    | event::ScenarioFinished::BeforeHookFailed(_) => {
                        // Unknown phrases fail (see `steps`), so no step is left without a
                        // match; should one be skipped all the same, the scenario proved nothing.
                        let message = format!(
                            "{}: the scenario `{}` did not run all its steps",
                            place_of(feature, scenario),
                            scenario.name
                        );
                        c.failed += 1;
                        c.failures.push(message);
                    }
                }
                Box::pin(async {})
            })
            // One scenario at a time: the steps are synchronous on one thread, so running
            // several at once gains nothing, and it started a feature's Rules before the
            // scenarios written above them, which the report then showed first.
            .max_concurrent_scenarios(1)
            .fail_on_skipped()
            .filter_run(features, move |feature, rule, scenario| {
                tags.as_ref()
                    .is_none_or(|t| t.eval(tags_of(feature, rule, scenario)))
                    && name.as_ref().is_none_or(|n| n.is_match(&scenario.name))
            })
            .await
    });
    // Held while the report is written: a signal from now on waits for it to be whole, then
    // finds no run under way.
    let mut over = UNDER_WAY.lock().unwrap_or_else(|e| e.into_inner());
    *over = None;
    let mut summary = counts.lock().unwrap_or_else(|e| e.into_inner()).clone();
    summary.unreadable =
        reading.problems.len() + cucumber::writer::Stats::<GwtWorld>::parsing_errors(&finished);
    summary.problems = reading.problems.clone();
    summary.implicit_checks_off = !options.implicit_checks;
    summary.accepted_snapshots = crate::snapshots::accepted();
    if let Some((path, file)) = junit_file {
        junit
            .report(&reading.problems)
            .serialize(io::BufWriter::new(file))
            .map_err(|e| format!("cannot write the JUnit report {}: {e}", path.display()))?;
    }
    if !options.quiet {
        // Each failed scenario's first line, at its failed step, as the closing line's
        // neighbours: a CI log is read from its end, and a suite's report runs to thousands of
        // lines, where one failure was told only where its scenario ran.
        if !summary.failures.is_empty() {
            crate::stdout::print("Scenarios that failed:\n");
            for failure in &summary.failures {
                let first = failure.lines().next().unwrap_or_default();
                crate::stdout::print(&format!("  {}\n", crate::echo::cut_line(first)));
            }
        }
        // Again here, beside the closing line that counts them: printed before the run, they
        // may be far above it.
        if !summary.problems.is_empty() {
            crate::stdout::print(
                "Feature files that did not read as written (each counts as failed):\n",
            );
            for problem in &summary.problems {
                crate::stdout::print(&format!("  {}\n", crate::echo::cut_line(problem)));
            }
        }
        if options.accept_snapshots {
            crate::stdout::print(&crate::snapshots::accepted_report(
                &summary.accepted_snapshots,
            ));
        }
        if let Some(line) = summary.implicit_checks_line() {
            crate::stdout::print(&format!("{line}\n"));
        }
    }
    Ok(summary)
}

/// Refuses a JUnit report named as a feature file, or as a file the run reads: creating it would
/// empty that file before the run began (`--junit f.feature` beside `f.feature` overwrote it).
fn junit_keeps_the_features(report: &Path, inputs: &[PathBuf]) -> Result<(), String> {
    let is_feature = report
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("feature"));
    let same = inputs
        .iter()
        .any(|input| crate::same_file::same_file(report, input));
    match is_feature || same {
        true => Err(format!(
            "--junit {} would overwrite a feature file: name the report otherwise (such as \
             report.xml)",
            report.display()
        )),
        false => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closing_line_says_how_many_failures_are_problems_in_feature_files() {
        let mut s = Summary {
            passed: 3,
            failed: 1,
            ..Summary::default()
        };
        assert_eq!(s.line(), "3 passed, 1 failed");
        s.unreadable = 3;
        assert_eq!(
            s.line(),
            "3 passed, 4 failed (1 scenario; 3 problems in feature files, listed above)"
        );
        s.failed = 0;
        s.unreadable = 1;
        assert_eq!(
            s.line(),
            "3 passed, 1 failed (1 problem in feature files, listed above)"
        );
    }

    /// The line above the closing one says what the scenarios also ran with, or that they did
    /// not, and nothing when no scenario ran.
    #[test]
    fn the_line_above_the_closing_one_says_what_the_implicit_checks_ran_on() {
        let mut s = Summary {
            passed: 3,
            failed: 1,
            ..Summary::default()
        };
        let said = |s: &Summary| s.implicit_checks_line().unwrap_or_default();
        assert_eq!(
            said(&s),
            "Implicit checks: each scenario also ran with every delivery made twice, and with \
             its Givens read back from their stored form and its process managers restarted \
             after each message."
        );
        s.without_implicit_checks = 2;
        assert!(
            said(&s).ends_with("message, but for 2 scenarios tagged @no-implicit-checks."),
            "{}",
            said(&s)
        );
        s.without_implicit_checks = 4;
        assert!(
            said(&s).starts_with(
                "Implicit checks off: all 4 scenarios are tagged @no-implicit-checks, so none \
                 also ran with every delivery made twice"
            ),
            "{}",
            said(&s)
        );
        s.implicit_checks_off = true;
        assert!(
            said(&s).starts_with("Implicit checks off (--no-implicit-checks): no scenario"),
            "{}",
            said(&s)
        );
        assert_eq!(s.line(), "3 passed, 1 failed");
        assert_eq!(Summary::default().implicit_checks_line(), None);
    }

    #[test]
    fn a_run_with_nothing_to_run_says_so_on_its_closing_line() {
        let s = Summary::default();
        assert!(!s.ok());
        assert_eq!(
            s.line(),
            "0 passed, 0 failed: no scenario ran: the paths given hold none, or none that --tags \
             and --name choose"
        );
    }
}
