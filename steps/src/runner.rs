//! Runs feature files against a domain with cucumber: the scenarios of every file or folder
//! given, filtered by tags and name, reported on the terminal (and as JUnit XML when asked),
//! ending with the line `N passed, N failed`.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cucumber::feature::Ext as _;
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
}

/// Why a run that found nothing to run fails: said on the closing line and in the JUnit report.
pub(crate) const NOTHING_RAN: &str =
    "no scenario ran: the paths given hold none, or none that --tags and --name choose";

/// Hands cucumber the features read beforehand (see `reading`) and expanded (see `expand`),
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

/// Each Scenario Outline expanded into one scenario an Examples row, as cucumber's own parser
/// does (without it an Outline ran once, its `<placeholders>` unreplaced). An Outline that
/// cannot be expanded (a placeholder no Examples column gives, no Examples, Examples with no
/// rows) is a problem of the reading, listed and counted with the others, rather than an error
/// only cucumber's summary counts; it is left out, and the file's other scenarios run.
pub(crate) fn expand(
    features: &[Feature],
    problems: &mut Vec<String>,
    read: &[String],
) -> Vec<Feature> {
    let mut expanded = Vec::with_capacity(features.len());
    for feature in features {
        let mut f = feature.clone();
        f.scenarios = expand_each(feature, std::mem::take(&mut f.scenarios), problems);
        for rule in &mut f.rules {
            rule.scenarios = expand_each(feature, std::mem::take(&mut rule.scenarios), problems);
        }
        expanded.push(f);
    }
    in_file_order(problems, read);
    expanded
}

/// Puts the problems of each file in the order of its lines, files in the order they were `read`
/// (then any other in the order first told): those the expansion finds came after all the
/// reading's, so a file told lines 18, 25, 6 and 13, and the file read first was told last. A
/// problem of a whole file (`f.feature: no scenarios found`) keeps its place after the file's
/// lines; one of no file keeps its own.
fn in_file_order(problems: &mut Vec<String>, read: &[String]) {
    // `path:line:col: …`, the first such place in the text: a path and its numbers.
    fn place(problem: &str) -> (&str, usize, usize) {
        for (at, _) in problem.match_indices(':') {
            let mut numbers = problem[at + 1..].splitn(3, ':');
            let (Some(line), Some(col), Some(rest)) =
                (numbers.next(), numbers.next(), numbers.next())
            else {
                break;
            };
            if let (Ok(line), Ok(col), true) = (line.parse(), col.parse(), rest.starts_with(' ')) {
                return (&problem[..at], line, col);
            }
        }
        let file = problem.split(": ").next().unwrap_or(problem);
        (file, usize::MAX, usize::MAX)
    }
    // Looked up for every problem: a run may read thousands of files.
    let mut files: std::collections::HashMap<String, usize> = read
        .iter()
        .enumerate()
        .map(|(rank, file)| (file.clone(), rank))
        .collect();
    let mut keyed: Vec<((usize, usize, usize), String)> = std::mem::take(problems)
        .into_iter()
        .map(|problem| {
            let (file, line, col) = place(&problem);
            let next = files.len();
            let rank = *files.entry(file.to_string()).or_insert(next);
            ((rank, line, col), problem)
        })
        .collect();
    // Stable: two problems of one place keep the order they were found in.
    keyed.sort_by_key(|(key, _)| *key);
    problems.extend(keyed.into_iter().map(|(_, problem)| problem));
}

fn expand_each(
    feature: &Feature,
    scenarios: Vec<Scenario>,
    problems: &mut Vec<String>,
) -> Vec<Scenario> {
    let file = feature
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| feature.name.clone());
    let mut out = Vec::with_capacity(scenarios.len());
    // The file's lines, read once and only for a file with Outlines, to place a placeholder and
    // each run's Examples row.
    let source = std::cell::OnceCell::new();
    // The feature without its scenarios, to expand one Outline in: a copy of the whole feature
    // for each Examples block made a file of many Outlines take the square of its length.
    let bare = std::cell::OnceCell::new();
    for scenario in scenarios {
        // In the file's language (`Plan du scénario`), whose Examples keyword is named back.
        let outline = crate::dialect::of_outline_keyword(&scenario.keyword);
        if scenario.examples.is_empty() {
            if let Some(d) = outline {
                problems.push(format!(
                    "{file}:{}:{}: the {} `{}` has no {examples}: add `{examples}:` with a header \
                     naming its placeholders and one row for each run",
                    scenario.position.line,
                    scenario.position.col,
                    scenario.keyword.trim(),
                    scenario.name,
                    examples = d.word(crate::dialect::Block::Examples)
                ));
            } else {
                out.push(scenario);
            }
            continue;
        }
        // Named in the file's own words (`Beispiele`, `Szenariogrundriss`).
        let examples_word = outline.map_or("Examples", |d| d.word(crate::dialect::Block::Examples));
        for examples in &scenario.examples {
            if examples.table.as_ref().is_none_or(|t| t.rows.len() < 2) {
                problems.push(format!(
                    "{file}:{}:{}: these {examples_word} of `{}` have no rows: under a header \
                     naming the placeholders, each row is one run of the {}",
                    examples.position.line,
                    examples.position.col,
                    scenario.name,
                    scenario.keyword.trim()
                ));
            }
        }
        // Each Examples block expanded alone, so that a placeholder one block lacks leaves out
        // that block's runs only; Gherkin names the placeholder, not the block, so the block is
        // told here, and the placeholder found where it is written.
        // As read for the run, not read again: a named pipe gives its text once.
        let lines = source
            .get_or_init(|| crate::diagnostics::Source::load(feature.path.as_deref()))
            .lines();
        let bare = bare.get_or_init(|| without_scenarios(feature));
        let placeholders = crate::examples_columns::placeholders(&scenario);
        let outline = Scenario {
            examples: Vec::new(),
            ..scenario.clone()
        };
        for examples in &scenario.examples {
            // `<any>` is the DSL's wildcard, written as Gherkin writes a placeholder: an Examples
            // block without a column of that name gets one whose cells are `<any>` again, taken
            // out of each run's row once expanded (so that a row is named by its own columns).
            let (expanded, any_added) = with_any_column(examples);
            // A column no run reads leaves the block out: its runs would pass without it. (A
            // placeholder the block lacks is told instead: the column is likely it, misspelt.)
            let unread =
                crate::examples_columns::unread_columns(&scenario, &placeholders, examples, lines);
            let rows = examples
                .table
                .as_ref()
                .map(|t| row_lines(lines, t.position.line))
                .unwrap_or_default();
            match runs_of(bare, &outline, &expanded) {
                Ok(_) if !unread.is_empty() => {
                    problems.extend(unread.into_iter().map(|(line, col, what)| {
                        format!(
                            "{file}:{line}:{col}: {what}; these {} are not run",
                            examples.keyword.trim()
                        )
                    }))
                }
                Ok(runs) => out.extend(runs.into_iter().map(|mut run| {
                    at_its_row(&mut run, examples, &rows);
                    if any_added {
                        for examples in &mut run.examples {
                            for row in examples.table.iter_mut().flat_map(|t| t.rows.iter_mut()) {
                                row.pop();
                            }
                        }
                    }
                    run
                })),
                Err(e) => {
                    let header: Vec<String> = examples
                        .table
                        .as_ref()
                        .and_then(|t| t.rows.first())
                        .map(|h| h.iter().map(|c| c.trim().to_string()).collect())
                        .unwrap_or_default();
                    // Every placeholder the block lacks, told at once: Gherkin names the first.
                    for name in lacking(bare, &outline, expanded, e.name) {
                        let hint =
                            domain::kernel::nearest(&name, header.iter().map(String::as_str))
                                .map(|n| format!("; did you mean `<{n}>`?"))
                                .unwrap_or_default();
                        // Where the Outline writes it, between its own line and its Examples:
                        // Gherkin's position may be the Examples' or another line.
                        let (from, to) = (scenario.position.line, examples.position.line);
                        let (line, col) = placeholder_at(lines, &format!("<{name}>"), from, to)
                            .unwrap_or((scenario.position.line, scenario.position.col));
                        problems.push(format!(
                            "{file}:{line}:{col}: `<{name}>` is not a column of the \
                             {examples_word} at line {} (its columns: {}), so its rows are left \
                             out{hint}",
                            examples.position.line,
                            header.join(", ")
                        ))
                    }
                }
            }
        }
    }
    out
}

/// The placeholders of the Outline `outline` that its Examples block `examples` has no column
/// for, `first` (the one Gherkin named) first: each found by expanding again with a column for
/// those found so far. The block's first row alone: which placeholders a block lacks does not
/// depend on its rows, and each expansion copies the Outline for every row.
fn lacking(
    bare: &Feature,
    outline: &Scenario,
    mut examples: cucumber::gherkin::Examples,
    first: String,
) -> Vec<String> {
    let mut lacking = vec![first];
    if let Some(table) = examples.table.as_mut() {
        table.rows.truncate(2);
    }
    // Bounded: each round finds a new name or stops, and an outline has few placeholders.
    for _ in 0..64 {
        let Some(table) = examples.table.as_mut() else {
            break;
        };
        let name = lacking.last().cloned().unwrap_or_default();
        for (i, row) in table.rows.iter_mut().enumerate() {
            row.push(if i == 0 { name.clone() } else { String::new() });
        }
        match runs_of(bare, outline, &examples) {
            Err(e) if !lacking.contains(&e.name) => lacking.push(e.name),
            _ => break,
        }
    }
    lacking
}

/// `feature` without its scenarios and rules, to expand one Outline in.
fn without_scenarios(feature: &Feature) -> Feature {
    Feature {
        keyword: feature.keyword.clone(),
        name: feature.name.clone(),
        description: feature.description.clone(),
        background: feature.background.clone(),
        scenarios: Vec::new(),
        rules: Vec::new(),
        tags: feature.tags.clone(),
        span: feature.span,
        position: feature.position,
        path: feature.path.clone(),
    }
}

/// How many rows of an Examples block are expanded at once: cucumber copies the whole Outline,
/// every row of the block with it, for each row it makes a run of, so a block of 20,000 rows
/// took a minute and 12 GB expanded whole.
const ROWS_AT_ONCE: usize = 64;

/// The runs of the Outline `outline` (without its Examples) for each row of `examples`, as
/// cucumber expands them in `bare` (the feature without its scenarios), `ROWS_AT_ONCE` rows at a
/// time; or the first placeholder the block lacks.
fn runs_of(
    bare: &Feature,
    outline: &Scenario,
    examples: &cucumber::gherkin::Examples,
) -> Result<Vec<Scenario>, cucumber::feature::ExpandExamplesError> {
    let mut shell = examples.clone();
    let Some(table) = shell.table.take() else {
        return Ok(Vec::new());
    };
    let Some((header, rows)) = table.rows.split_first() else {
        return Ok(Vec::new());
    };
    let mut runs = Vec::with_capacity(rows.len());
    for (n, some) in rows.chunks(ROWS_AT_ONCE).enumerate() {
        let mut part = shell.clone();
        // cucumber places a run at its block's line + 2 + the row's index in the block: the
        // part stands as many lines lower as rows come before it.
        part.position.line += n * ROWS_AT_ONCE;
        part.table = Some(cucumber::gherkin::Table {
            rows: std::iter::once(header).chain(some).cloned().collect(),
            span: table.span,
            position: table.position,
        });
        let mut one = bare.clone();
        one.scenarios = vec![Scenario {
            examples: vec![part],
            ..outline.clone()
        }];
        for mut run in one.expand_examples()?.scenarios {
            for e in &mut run.examples {
                e.position = examples.position;
            }
            runs.push(run);
        }
    }
    Ok(runs)
}

/// `examples` with a last column `any` whose every cell is `<any>`, when it has no such column
/// of its own (and whether it was added).
fn with_any_column(examples: &cucumber::gherkin::Examples) -> (cucumber::gherkin::Examples, bool) {
    let mut examples = examples.clone();
    let Some(table) = examples.table.as_mut() else {
        return (examples, false);
    };
    let has_any = table
        .rows
        .first()
        .is_some_and(|header| header.iter().any(|h| h.trim() == "any"));
    if has_any || table.rows.is_empty() {
        return (examples, false);
    }
    for (i, row) in table.rows.iter_mut().enumerate() {
        row.push(if i == 0 { "any" } else { crate::cells::ANY }.to_string());
    }
    (examples, true)
}

/// Where `placeholder` is first written from line `from` up to line `to` (line and column,
/// from 1) of the file's `lines`.
fn placeholder_at(
    lines: &[String],
    placeholder: &str,
    from: usize,
    to: usize,
) -> Option<(usize, usize)> {
    lines
        .iter()
        .enumerate()
        .take(to)
        .skip(from.saturating_sub(1))
        .find_map(|(i, line)| {
            let byte = line.find(placeholder)?;
            Some((i + 1, line[..byte].chars().count() + 1))
        })
}

/// For a scenario expanded from an Outline, its Examples block (holding its one row), the
/// block's header and the row.
pub(crate) fn example_of(
    scenario: &Scenario,
) -> Option<(&cucumber::gherkin::Examples, &[String], &[String])> {
    let [examples] = scenario.examples.as_slice() else {
        return None;
    };
    let [header, row] = examples.table.as_ref()?.rows.as_slice() else {
        return None;
    };
    Some((examples, header, row))
}

/// The Examples row an expanded Outline scenario was made from, as a failure names it: its line
/// and its cells by column (`line 27 (col = seats, val = 11 workshop)`).
pub(crate) fn examples_row(scenario: &Scenario) -> Option<String> {
    let (examples, header, row) = example_of(scenario)?;
    let cells = header
        .iter()
        .zip(row)
        .map(|(h, v)| format!("{h} = {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    // In the file's own word (`Exemples`, `Beispiele`).
    Some(format!(
        "{} row at line {} ({cells})",
        examples.keyword.trim(),
        example_line(scenario)?
    ))
}

/// The line of the Examples row a scenario expanded from an outline runs: its Examples table,
/// which holds the header and that row, stands at that line (`at_its_row`).
pub(crate) fn example_line(scenario: &Scenario) -> Option<usize> {
    let (examples, _, _) = example_of(scenario)?;
    Some(examples.table.as_ref()?.position.line)
}

/// Places the Examples table of `run`, expanded from `examples`, at the line of the row it runs
/// (`rows`: the line of each of the block's rows, from `row_lines`). cucumber places a run at
/// its Examples line + 2 + the row's index, as if the table stood right under the Examples line
/// with no line between its rows: a description above the table, or a comment or blank line
/// between rows, moves the row off that count.
fn at_its_row(run: &mut Scenario, examples: &cucumber::gherkin::Examples, rows: &[usize]) {
    let (Some(header), Some(index)) = (
        examples.table.as_ref().map(|t| t.position.line),
        run.position.line.checked_sub(examples.position.line + 2),
    ) else {
        return;
    };
    let line = rows.get(index).copied().unwrap_or(header + 1 + index);
    for table in run.examples.iter_mut().filter_map(|e| e.table.as_mut()) {
        table.position.line = line;
    }
}

/// The line (1-based) of each row under the header at line `header` of the file's `lines`,
/// comment and blank lines between its rows skipped: found once for a block, where each run
/// looked for its own from the file's start.
fn row_lines(lines: &[String], header: usize) -> Vec<usize> {
    let Some(from) = header.checked_sub(1) else {
        return Vec::new();
    };
    lines
        .iter()
        .enumerate()
        .skip(from)
        .map(|(i, line)| (i + 1, line.trim()))
        .take_while(|(_, t)| t.is_empty() || t.starts_with('#') || t.starts_with('|'))
        .filter(|(_, t)| t.starts_with('|'))
        .skip(1)
        .map(|(line, _)| line)
        .collect()
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
    let features = expand(&reading.features, &mut reading.problems, &reading.read);
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

    /// An Outline whose Examples block has `rows` rows, with a description above its table and
    /// a comment and a blank line among its rows.
    fn outline_of(rows: usize) -> String {
        let mut text = String::from(
            "Feature: f\n  Scenario Outline: run <n>\n    When <n> minutes pass\n    Then no \
             events are recorded\n\n    @block\n    Examples: some\n      Said above.\n      | n |\n",
        );
        for i in 0..rows {
            text += &format!("      | {i} |\n");
            if i == 70 {
                text += "      # a comment\n\n";
            }
        }
        text
    }

    /// An Examples block is expanded some rows at a time into what cucumber's expansion of the
    /// whole block gives, run for run: names, tags, positions, each run's one row.
    #[test]
    fn a_block_expanded_some_rows_at_a_time_gives_cucumber_s_runs() {
        for rows in [1, ROWS_AT_ONCE, ROWS_AT_ONCE + 1, 3 * ROWS_AT_ONCE + 7] {
            let text = outline_of(rows);
            let feature = Feature::parse(&text, cucumber::gherkin::GherkinEnv::default()).unwrap();
            let whole = feature.clone().expand_examples().unwrap().scenarios;
            let outline = Scenario {
                examples: Vec::new(),
                ..feature.scenarios[0].clone()
            };
            let examples = &feature.scenarios[0].examples[0];
            let runs = runs_of(&without_scenarios(&feature), &outline, examples).unwrap();
            assert_eq!(runs.len(), rows);
            assert_eq!(runs, whole, "{rows} rows");
        }
    }

    /// Each run's table stands at the line of the row it runs, comments and blank lines between
    /// rows skipped, found once for the block.
    #[test]
    fn each_run_is_placed_at_its_row_s_line() {
        let text = outline_of(100);
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let feature = Feature::parse(&text, cucumber::gherkin::GherkinEnv::default()).unwrap();
        let examples = &feature.scenarios[0].examples[0];
        let header = examples.table.as_ref().unwrap().position.line;
        let rows = row_lines(&lines, header);
        assert_eq!(rows.len(), 100);
        let outline = Scenario {
            examples: Vec::new(),
            ..feature.scenarios[0].clone()
        };
        let runs = runs_of(&without_scenarios(&feature), &outline, examples).unwrap();
        for (i, mut run) in runs.into_iter().enumerate() {
            at_its_row(&mut run, examples, &rows);
            let line = example_line(&run).unwrap();
            assert_eq!(lines[line - 1].trim(), format!("| {i} |"));
        }
    }

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

    /// The expansion's problems join the reading's in each file's line order, files in the
    /// order read: a German file was told at lines 18, 25, 6, 13.
    #[test]
    fn problems_are_told_in_each_file_s_line_order() {
        let mut problems: Vec<String> = [
            "C:/a b.feature:18:3: x",
            "C:/a b.feature:25:3: y",
            "b.feature:2:1: z",
            "C:/a b.feature: no scenarios found",
            "C:/a b.feature:6:10: w, at line 1:2: no",
            "no feature files under q",
            "C:/a b.feature:6:10: v",
        ]
        .map(String::from)
        .to_vec();
        let mut first_told = problems.clone();
        in_file_order(&mut first_told, &[]);
        assert_eq!(
            first_told,
            [
                "C:/a b.feature:6:10: w, at line 1:2: no",
                "C:/a b.feature:6:10: v",
                "C:/a b.feature:18:3: x",
                "C:/a b.feature:25:3: y",
                "C:/a b.feature: no scenarios found",
                "b.feature:2:1: z",
                "no feature files under q",
            ]
        );
        // Files in the order read, though the one read first was told last.
        in_file_order(&mut problems, &["b.feature".to_string()]);
        assert_eq!(problems[0], "b.feature:2:1: z");
        assert_eq!(problems[1], "C:/a b.feature:6:10: w, at line 1:2: no");
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
