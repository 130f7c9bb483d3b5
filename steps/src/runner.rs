//! Runs feature files against a domain with cucumber: the scenarios of every file or folder
//! given, filtered by tags and name, reported on the terminal (and as JUnit XML when asked),
//! ending with the line `N passed, N failed`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::gherkin::{Feature, Rule, Scenario};
use cucumber::tag::Ext as _;
use cucumber::writer::{self, Coloring};
use cucumber::{cli, event, parser, World as _, WriterExt as _};
use futures::{FutureExt, StreamExt};
use regex::Regex;

use crate::world::{current_domain, DomainFactory, GwtWorld};

/// How to run.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// A tag expression (`@slow and not @wip`); only matching scenarios run.
    pub tags: Option<String>,
    /// A regular expression; only scenarios whose name matches run.
    pub name: Option<String>,
    /// Where to write a JUnit XML report.
    pub junit: Option<PathBuf>,
    /// Runs the implicit checks (duplicate delivery, stored-form round trip).
    pub implicit_checks: bool,
    /// Prints nothing but the final line (for benchmarks).
    pub quiet: bool,
    /// Keeps snapshots in this folder instead of `snapshots/` beside each feature file, so that
    /// features in a folder that is not ours (read-only, shared) can be run.
    pub snapshots: Option<PathBuf>,
}

/// Scenario counts of a run, with what each failure said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    /// Feature files that could not be read or parsed.
    pub unreadable: usize,
    /// The message of every failed step, in the order scenarios finished.
    pub failures: Vec<String>,
    /// What passing steps had to say: new snapshots waiting for review.
    pub notes: Vec<String>,
}

impl Summary {
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.unreadable == 0 && self.passed > 0
    }

    /// The closing line every run prints.
    pub fn line(&self) -> String {
        format!(
            "{} passed, {} failed",
            self.passed,
            self.failed + self.unreadable
        )
    }
}

/// Reads the features of several files and folders, each as cucumber's own parser would.
struct Paths;

impl parser::Parser<Vec<PathBuf>> for Paths {
    type Cli = cli::Empty;
    type Output = futures::stream::Iter<std::vec::IntoIter<parser::Result<Feature>>>;

    fn parse(self, input: Vec<PathBuf>, _: cli::Empty) -> Self::Output {
        let mut all = Vec::new();
        for path in input {
            let features = parser::Parser::<&Path>::parse(
                parser::Basic::new(),
                path.as_path(),
                parser::basic::Cli::default(),
            );
            // The basic parser's stream is ready at once.
            if let Some(features) = features.collect::<Vec<_>>().now_or_never() {
                for f in &features {
                    if let Err(e) = f {
                        eprintln!("{}", describe_parse_error(e));
                    }
                }
                all.extend(features);
            }
        }
        futures::stream::iter(all)
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

/// A feature file that does not parse, as `file:line:col: what was expected`.
pub fn describe_parse_error(e: &parser::Error) -> String {
    match e {
        parser::Error::Parsing(e) => match e.as_ref() {
            cucumber::gherkin::ParseFileError::Parsing {
                path,
                error,
                source,
            } => {
                // gherkin writes its position as "Error at LINE:COL: {expected tokens}".
                let text = source.to_string();
                let position = text
                    .strip_prefix("Error at ")
                    .and_then(|t| t.split_once(": "))
                    .map_or("1:1", |(p, _)| p);
                let detail = error
                    .as_ref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default();
                format!(
                    "{}:{position}: this is not valid Gherkin{detail}; expected a keyword \
                     (Feature, Background, Scenario, Given, When, Then, And, But), a table row \
                     written `| … |`, or a doc string between `\"\"\"`",
                    path.display()
                )
            }
            other => other.to_string(),
        },
        other => other.to_string(),
    }
}

/// Every feature under `paths`, parsed, or the reason a file could not be.
pub fn read_features(paths: &[PathBuf]) -> Vec<Result<Feature, String>> {
    let mut out = Vec::new();
    for p in paths {
        if !p.exists() {
            out.push(Err(format!("{}: no such file or folder", p.display())));
            continue;
        }
        let stream = parser::Parser::<Vec<PathBuf>>::parse(Paths, vec![p.clone()], cli::Empty);
        if let Some(features) = stream.collect::<Vec<_>>().now_or_never() {
            out.extend(
                features
                    .into_iter()
                    .map(|f| f.map_err(|e| describe_parse_error(&e))),
            );
        }
    }
    out
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

/// Runs the features under `paths` against `domain`. Missing paths are reported and counted as
/// unreadable; everything else goes on.
pub fn run(
    domain: Arc<dyn DomainFactory>,
    paths: &[PathBuf],
    options: &RunOptions,
) -> Result<Summary, String> {
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
    let mut missing = 0;
    let mut existing = Vec::new();
    for p in paths {
        if p.exists() {
            existing.push(p.canonicalize().unwrap_or_else(|_| p.clone()));
        } else {
            eprintln!("{}: no such file or folder", p.display());
            missing += 1;
        }
    }
    let junit: Box<dyn Write> = match &options.junit {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| format!("cannot write the JUnit report {}: {e}", path.display()))?,
        ),
        None => Box::new(io::sink()),
    };
    let out: Box<dyn Write> = if options.quiet {
        Box::new(io::sink())
    } else {
        Box::new(io::stdout())
    };

    *current_domain().lock().unwrap_or_else(|e| e.into_inner()) = Some(domain);
    let counts = Arc::new(Mutex::new(Summary::default()));
    let after_counts = counts.clone();
    let implicit = options.implicit_checks;
    let snapshot_dir = options.snapshots.clone();
    crate::snapshots::take_notes();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runner: {e}"))?;
    let finished = runtime.block_on(async move {
        GwtWorld::cucumber::<PathBuf>()
            .with_parser(Paths)
            .with_writer(
                writer::Basic::raw(out, Coloring::Auto, 0)
                    .summarized()
                    .tee::<GwtWorld, _>(writer::JUnit::for_tee(junit, 0))
                    .normalized(),
            )
            .with_cli(cli::Opts::<_, _, _, cli::Empty>::default())
            .before(move |feature, rule, scenario, world| {
                let checks = implicit
                    && !tags_of(feature, rule, scenario).any(|t| t == "no-implicit-checks");
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
                Box::pin(async {})
            })
            .after(move |_, _, _, finished, _| {
                let mut c = after_counts.lock().unwrap_or_else(|e| e.into_inner());
                match finished {
                    event::ScenarioFinished::StepPassed => c.passed += 1,
                    event::ScenarioFinished::StepFailed(_, _, error) => {
                        c.failed += 1;
                        c.failures.push(step_error_text(error));
                    }
                    other => {
                        c.failed += 1;
                        c.failures.push(format!("{other:?}"));
                    }
                }
                Box::pin(async {})
            })
            .fail_on_skipped()
            .filter_run(existing, move |feature, rule, scenario| {
                tags.as_ref()
                    .is_none_or(|t| t.eval(tags_of(feature, rule, scenario)))
                    && name.as_ref().is_none_or(|n| n.is_match(&scenario.name))
            })
            .await
    });
    let mut summary = counts.lock().unwrap_or_else(|e| e.into_inner()).clone();
    summary.unreadable = missing + cucumber::writer::Stats::<GwtWorld>::parsing_errors(&finished);
    summary.notes = crate::snapshots::take_notes();
    if !options.quiet {
        for note in &summary.notes {
            println!("{note}");
        }
    }
    Ok(summary)
}
