//! Reads feature files for a run: every `.feature` under the folders given, parsed as Gherkin,
//! with what an author must hear about a file that does not read as meant. One scenario that
//! does not parse never loses the others (DSL.md: a mistake "never stops the other scenarios"):
//! the file is read again scenario by scenario, each with the Feature header and Background, and
//! only the scenarios that still do not parse are reported. A file with no scenarios is reported,
//! and so is a description line that looks like a misspelled keyword, which Gherkin would
//! otherwise take silently as description text.

use std::path::{Path, PathBuf};

use cucumber::gherkin::{self, Feature, GherkinEnv};
use domain::kernel::nearest;

/// The features found under some paths, and the problems to report (each a failure of the run).
#[derive(Debug, Default)]
pub struct Reading {
    pub features: Vec<Feature>,
    pub problems: Vec<String>,
}

/// Reads every feature file under `paths` (files, or folders searched recursively, in name
/// order).
pub fn read_paths(paths: &[PathBuf]) -> Reading {
    let mut reading = Reading::default();
    for path in paths {
        if !path.exists() {
            reading
                .problems
                .push(format!("{}: no such file or folder", path.display()));
            continue;
        }
        let files = if path.is_dir() {
            let mut files = crate::folders::feature_files(path);
            files.sort();
            if files.is_empty() {
                reading
                    .problems
                    .push(format!("no feature files under {}", path.display()));
            }
            files
        } else {
            vec![path.clone()]
        };
        for file in files {
            let (feature, problems) = read_file(&file);
            reading.features.extend(feature);
            reading.problems.extend(problems);
        }
    }
    reading
}

/// One feature file: the feature with every scenario that parses, and what to report, in the
/// order of the file's lines (a problem of the whole file last).
pub fn read_file(path: &Path) -> (Option<Feature>, Vec<String>) {
    let text = match crate::file_text::feature_text(path) {
        Ok(t) => t,
        Err(problem) => return (None, vec![problem]),
    };
    // A byte order mark, which some editors write, is no part of the Gherkin; gherkin would
    // take it as the start of the first keyword.
    let unmarked = domain::kernel::without_byte_order_mark(&text);
    let bom = unmarked.len() < text.len();
    let text = unmarked.to_string();
    let stray = with_stray_backslashes_kept(&text);
    let rewritten = stray.is_some();
    let text = stray.unwrap_or(text);
    let mut problems = typos_at(path, &text);
    let typo_lines: Vec<usize> = problems.iter().map(|(line, _)| *line).collect();
    let parsed = if bom || rewritten {
        parse_text(path, &text)
    } else {
        Feature::parse_path(path, GherkinEnv::default())
    };
    let feature = match parsed {
        Ok(feature) => Some(feature),
        Err(e) => {
            let (feature, errors) = recover(path, &text, &e, &typo_lines);
            problems.extend(errors);
            feature
        }
    };
    if let Some(f) = &feature {
        let scenarios =
            f.scenarios.len() + f.rules.iter().map(|r| r.scenarios.len()).sum::<usize>();
        if scenarios == 0 {
            problems.push((
                usize::MAX,
                format!("{}: no scenarios found", path.display()),
            ));
        }
    }
    // Stable: two problems of one line keep the order they were found in.
    problems.sort_by_key(|(line, _)| *line);
    (feature, problems.into_iter().map(|(_, p)| p).collect())
}

/// `text` with every backslash in a table row that escapes nothing doubled, or `None` when it
/// has none. Gherkin escapes only `\|`, `\\` and `\n` in a cell and keeps any other backslash
/// as written (`C:\temp`, `say \"hi\"`), but the gherkin crate refuses the whole file at such a
/// row ("Unknown keyword"); doubled, the cell reads as Gherkin means it. Lines stay where they
/// are, and doc strings, whose text is not Gherkin, are left alone.
fn with_stray_backslashes_kept(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for (_, line, what) in fenced(&lines, 0, lines.len()) {
        if what != Fenced::Outside || !line.trim_start().starts_with('|') {
            out.push_str(line);
            continue;
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            out.push(c);
            if c != '\\' {
                continue;
            }
            match chars.peek() {
                Some(&next @ ('|' | '\\' | 'n')) => {
                    out.push(next);
                    chars.next();
                }
                _ => {
                    out.push('\\');
                    changed = true;
                }
            }
        }
    }
    changed.then_some(out)
}

/// The keywords that open a block of their own, as Gherkin writes them (English).
const SCENARIO_KEYWORDS: [&str; 4] = [
    "Scenario:",
    "Scenario Outline:",
    "Scenario Template:",
    "Example:",
];

/// A line opening a scenario, or meant to (`Scenario Outlin:`): a misspelled one still ends the
/// block before it, so that only its own scenario is lost to the mistake.
fn opens_scenario(line: &str) -> bool {
    let t = line.trim_start();
    SCENARIO_KEYWORDS.iter().any(|k| t.starts_with(k))
        || colon_slip(t).is_some_and(|(_, meant)| SCENARIO_KEYWORDS.contains(&meant.as_str()))
}

fn opens_rule(line: &str) -> bool {
    line.trim_start().starts_with("Rule:")
}

/// The first line of each scenario or rule block, its tags above it included.
fn block_starts(lines: &[&str]) -> Vec<usize> {
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if opens_scenario(line) || opens_rule(line) {
            let mut start = i;
            while start > 0 && lines[start - 1].trim_start().starts_with('@') {
                start -= 1;
            }
            starts.push(start);
        }
    }
    starts
}

/// A file that does not parse, read again scenario by scenario: each scenario with the lines
/// before the first block (Feature, description, Background) and, inside a Rule, the rule's
/// own head; every other line is blanked, so that positions stay those of the file. A block
/// holding a line already reported as a misspelled keyword (`typo_lines`) is not reported
/// again: that line is why it does not parse.
fn recover(
    path: &Path,
    text: &str,
    whole: &gherkin::ParseFileError,
    typo_lines: &[usize],
) -> (Option<Feature>, Vec<(usize, String)>) {
    let lines: Vec<&str> = text.lines().collect();
    let typo_within = |(a, b): (usize, usize)| typo_lines.iter().any(|&l| a < l && l <= b);
    let starts = block_starts(&lines);
    let Some(&first) = starts.first() else {
        let error = located_error(path, &lines, whole, None);
        return (
            None,
            Vec::from_iter((!typo_within((0, lines.len()))).then_some(error)),
        );
    };
    let keep = |ranges: &[(usize, usize)]| -> String {
        let mut out = String::new();
        for (i, line) in lines.iter().enumerate() {
            if ranges.iter().any(|&(a, b)| a <= i && i < b) {
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    };
    // A head that does not parse on its own spoils every scenario: report its error once.
    if let Err(e) = parse_text(path, &keep(&[(0, first)])) {
        let errors =
            (!typo_within((0, first))).then(|| located_error(path, &lines, &e, Some((0, first))));
        return (None, errors.into_iter().collect());
    }
    let mut base: Option<Feature> = None;
    let mut problems = Vec::new();
    let mut failed_blocks = 0;
    let mut rule_head: Option<(usize, usize)> = None;
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let opening = (start..end)
            .find(|&i| !lines[i].trim_start().starts_with('@'))
            .unwrap_or(start);
        if opens_rule(lines[opening]) {
            // The rule's head (its line, description, Background) goes with each scenario in it.
            rule_head = Some((start, end));
            continue;
        }
        let mut ranges = vec![(0, first), (start, end)];
        ranges.extend(rule_head);
        match parse_text(path, &keep(&ranges)) {
            Ok(piece) => match &mut base {
                None => base = Some(piece),
                Some(base) => merge(base, piece),
            },
            Err(e) => {
                failed_blocks += 1;
                if typo_within((start, end)) {
                    continue;
                }
                let error = located_error(path, &lines, &e, Some((start, end)));
                if !problems.contains(&error) {
                    problems.push(error);
                }
            }
        }
    }
    if failed_blocks == 0 {
        // Every block parses on its own: the mistake lies between them; report the file's error.
        problems.push(located_error(path, &lines, whole, None));
    }
    (base, problems)
}

/// Adds a piece's scenarios (or its rule's) to the feature pieced together so far.
fn merge(base: &mut Feature, piece: Feature) {
    base.scenarios.extend(piece.scenarios);
    for rule in piece.rules {
        match base.rules.iter_mut().find(|r| r.position == rule.position) {
            Some(known) => known.scenarios.extend(rule.scenarios),
            None => base.rules.push(rule),
        }
    }
}

/// Parses text as the feature file at `path` (gherkin reads files only: its error detail, such as
/// the unknown keyword, is not given back for text), through a temporary file removed when it is
/// dropped, whatever happens while it is read.
fn parse_text(path: &Path, text: &str) -> Result<Feature, gherkin::ParseFileError> {
    let reading = |source: std::io::Error| gherkin::ParseFileError::Reading {
        path: path.to_path_buf(),
        source,
    };
    let mut temp = tempfile::Builder::new()
        .prefix("gwt-piece-")
        .suffix(".feature")
        .tempfile()
        .map_err(reading)?;
    std::io::Write::write_all(&mut temp, text.as_bytes()).map_err(reading)?;
    let parsed = Feature::parse_path(temp.path(), GherkinEnv::default());
    parsed.map(|mut f| {
        f.path = Some(path.to_path_buf());
        f
    })
}

/// A parse error as `file:line: …`, with its line (0 when it has none), looked for within
/// `within` (the block that failed), else in the whole file. Gherkin's position is where its
/// parser gave up, often lines past the mistake, and its detail may mislead (an unclosed doc
/// string is an "unknown keyword" at the end of the file), so the mistakes it makes of them are
/// looked for first: a doc string never closed, a table row with more or fewer cells than its
/// header, a misspelled keyword. Otherwise an unknown keyword is looked for where it is
/// written, else the last written line of the block up to the parser's position.
fn located_error(
    path: &Path,
    lines: &[&str],
    error: &gherkin::ParseFileError,
    within: Option<(usize, usize)>,
) -> (usize, String) {
    let (detail, position) = match error {
        gherkin::ParseFileError::Parsing { error, source, .. } => {
            let text = source.to_string();
            let position = text
                .strip_prefix("Error at ")
                .and_then(|t| t.split_once(": "))
                .and_then(|(p, _)| p.split_once(':'))
                .and_then(|(l, _)| l.parse::<usize>().ok());
            (error.as_ref(), position)
        }
        gherkin::ParseFileError::Reading { source, .. } => {
            return (0, format!("{}: cannot be read: {source}", path.display()));
        }
    };
    let (from, to) = within.unwrap_or((0, lines.len()));
    let to = to.min(lines.len());
    // At the line's first character, as a step's mistake is told at its keyword.
    let at = |i: usize, text: String| {
        let column = lines
            .get(i)
            .map_or(0, |l| l.chars().take_while(|c| c.is_whitespace()).count())
            + 1;
        (
            i + 1,
            format!("{}:{}:{column}: {text}", path.display(), i + 1),
        )
    };
    if let Some((i, fence)) = unclosed_doc_string(lines, from, to) {
        return at(
            i,
            format!("a doc string opened here is never closed (expected a closing {fence})"),
        );
    }
    if let Some(gherkin::EnvError::InconsistentCellCount(_)) = detail {
        if let Some(row) = uneven_row(lines, from, to) {
            return at(
                row.line,
                format!(
                    "this table row has {} where the table's header (line {}) has {}: `{}`",
                    cells_text(row.cells),
                    row.header + 1,
                    cells_text(row.header_cells),
                    lines[row.line].trim()
                ),
            );
        }
    }
    if let Some(i) = table_and_doc_string(lines, from, to) {
        return at(
            i,
            "a step takes a table or a doc string, not both: keep one of them".into(),
        );
    }
    // The gherkin crate may cut the unknown word short on an indented line (`<row> here`
    // comes back as `<row`), so a line that merely starts with it is the second choice.
    let keyword_line = match detail {
        Some(gherkin::EnvError::UnknownKeyword(k)) if !k.is_empty() => {
            // A line Gherkin reads well (`Scenario: fine`) is not the one it could not read,
            // though it starts with the word Gherkin names (`Scenario Outlin:`).
            let starts = |i: &usize| {
                let t = lines[*i].trim_start();
                t.starts_with(k.as_str()) && !opens_block(t) && !is_step_line(t)
            };
            (from..to)
                .find(|i| {
                    starts(i)
                        && lines[*i].trim_start()[k.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| c == ':' || c == ' ')
                })
                .or_else(|| (from..to).find(starts))
        }
        _ => None,
    };
    let line = keyword_line.or_else(|| {
        let last = position.unwrap_or(1).clamp(1, to.max(1)) - 1;
        (from..=last).rev().find(|&i| {
            let t = lines.get(i).map_or("", |l| l.trim());
            !t.is_empty() && !t.starts_with('#')
        })
    });
    if let Some(i) = line {
        if let Some((word, keyword)) = keyword_slip(lines[i].trim()) {
            return at(
                i,
                format!(
                    "\"{word}\" is not a keyword (`{}`); did you mean \"{keyword}\"?",
                    lines[i].trim()
                ),
            );
        }
    }
    if let Some(i) = before_any_feature(lines) {
        return at(
            i,
            format!(
                "a feature file starts with a `Feature:` line, and this comes before any: `{}` \
                 (write `Feature: <what the file is about>` above it)",
                lines[i].trim()
            ),
        );
    }
    let detail = match (detail, keyword_line) {
        (Some(gherkin::EnvError::UnknownKeyword(_)), Some(i)) => {
            let word = lines[i].split_whitespace().next().unwrap_or_default();
            let word = word.strip_suffix(':').unwrap_or(word);
            format!(" (Unknown keyword: '{word}')")
        }
        _ => detail
            .map(|d| {
                // Gherkin's detail may quote a whole line, its end of line included.
                let d = d.to_string().replace(['\n', '\r'], "");
                format!(" ({})", d.trim().trim_end_matches('.'))
            })
            .unwrap_or_default(),
    };
    let expected = "expected a keyword (Feature, Background, Rule, Scenario, Scenario Outline, \
                    Examples, Given, When, Then, And, But), a table row written `| … |`, a doc \
                    string between `\"\"\"`, or description text right under a Feature, Rule or \
                    Scenario line";
    match line {
        Some(i) => at(
            i,
            format!(
                "this is not valid Gherkin{detail}: `{}`; {expected}",
                lines[i].trim()
            ),
        ),
        None => (
            0,
            format!(
                "{}: this is not valid Gherkin{detail}; {expected}",
                path.display()
            ),
        ),
    }
}

/// The first line of a file, other than blanks, comments and tags, when it is a keyword's line
/// but not `Feature:`: Gherkin then names every keyword it takes, where the file lacks just its
/// Feature line. A file in another language (`# language:`) is left to Gherkin.
fn before_any_feature(lines: &[&str]) -> Option<usize> {
    if lines
        .iter()
        .any(|l| l.trim_start().starts_with("# language:"))
    {
        return None;
    }
    let i = lines.iter().position(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#') && !t.starts_with('@')
    })?;
    let t = lines[i].trim_start();
    let keywords = [
        "Background:",
        "Scenario:",
        "Scenario Outline:",
        "Scenario Template:",
        "Example:",
        "Examples:",
        "Scenarios:",
        "Rule:",
        "Given ",
        "When ",
        "Then ",
        "And ",
        "But ",
        "* ",
    ];
    keywords.iter().any(|k| t.starts_with(k)).then_some(i)
}

/// The fence opening a doc string (`"""` or a backtick fence), if `line` is one.
fn fence(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    if t.starts_with("\"\"\"") {
        Some("\"\"\"")
    } else if t.starts_with("```") {
        Some("```")
    } else {
        None
    }
}

/// What a line is to the doc strings around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fenced {
    /// It opens a doc string with this fence.
    Opens(&'static str),
    /// It is inside one: its text is the doc string's, not Gherkin.
    Inside,
    /// It closes one.
    Closes,
    /// It is Gherkin.
    Outside,
}

/// Each line of `lines` (0-based, from `from` to before `to`) with what it is to the doc strings
/// around it: the one place that knows where a doc string's text starts and ends.
fn fenced<'a>(
    lines: &'a [&'a str],
    from: usize,
    to: usize,
) -> impl Iterator<Item = (usize, &'a str, Fenced)> + 'a {
    let mut open: Option<&'static str> = None;
    lines
        .iter()
        .enumerate()
        .take(to)
        .skip(from)
        .map(move |(i, line)| {
            let here = fence(line);
            let what = match (open, here) {
                (Some(f), Some(g)) if f == g => {
                    open = None;
                    Fenced::Closes
                }
                (Some(_), _) => Fenced::Inside,
                (None, Some(g)) => {
                    open = Some(g);
                    Fenced::Opens(g)
                }
                (None, None) => Fenced::Outside,
            };
            (i, *line, what)
        })
}

/// The line (0-based) and fence of a doc string opened between `from` and `to` and not closed
/// before `to`.
fn unclosed_doc_string(lines: &[&str], from: usize, to: usize) -> Option<(usize, &'static str)> {
    let mut open = None;
    for (i, _, what) in fenced(lines, from, to) {
        match what {
            Fenced::Opens(g) => open = Some((i, g)),
            Fenced::Closes => open = None,
            Fenced::Inside | Fenced::Outside => {}
        }
    }
    open
}

/// The line (0-based) where a step's second attachment starts: a doc string's opening fence
/// right after a table, or a table's first row right after a doc string's closing fence (blank
/// lines and comments between them aside). Gherkin calls the first an unknown keyword `"""` on
/// the line after the fence.
fn table_and_doc_string(lines: &[&str], from: usize, to: usize) -> Option<usize> {
    let mut last: Option<(&str, Fenced)> = None;
    for (i, line, what) in fenced(lines, from, to) {
        let t = line.trim();
        if what == Fenced::Outside && (t.is_empty() || t.starts_with('#')) {
            continue;
        }
        let row = |text: &str, what: Fenced| what == Fenced::Outside && text.starts_with('|');
        match (last, what) {
            (Some((before, was)), Fenced::Opens(_)) if row(before, was) => return Some(i),
            (Some((_, Fenced::Closes)), _) if row(t, what) => return Some(i),
            _ => {}
        }
        if what != Fenced::Inside {
            last = Some((t, what));
        }
    }
    None
}

/// A table row whose cell count is not its header's (lines 0-based).
struct UnevenRow {
    line: usize,
    cells: usize,
    header: usize,
    header_cells: usize,
}

/// The cells of a table row: its unescaped `|` less one (`\|` is a bar inside a cell).
fn cell_count(row: &str) -> usize {
    let mut bars: usize = 0;
    let mut chars = row.trim().chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => bars += 1,
            _ => {}
        }
    }
    bars.saturating_sub(1)
}

fn cells_text(n: usize) -> String {
    if n == 1 {
        "1 cell".into()
    } else {
        format!("{n} cells")
    }
}

/// The first table row between `from` and `to` whose cell count differs from its table's first
/// row; blank lines and comments do not end a table, doc strings are skipped.
fn uneven_row(lines: &[&str], from: usize, to: usize) -> Option<UnevenRow> {
    let mut header: Option<(usize, usize)> = None;
    for (i, line, what) in fenced(lines, from, to) {
        let t = line.trim();
        if what == Fenced::Inside || what == Fenced::Closes {
            continue;
        }
        if let Fenced::Opens(_) = what {
            header = None;
        } else if t.starts_with('|') {
            let cells = cell_count(t);
            match header {
                None => header = Some((i, cells)),
                Some((h, header_cells)) if cells != header_cells => {
                    return Some(UnevenRow {
                        line: i,
                        cells,
                        header: h,
                        header_cells,
                    })
                }
                Some(_) => {}
            }
        } else if !t.is_empty() && !t.starts_with('#') {
            header = None;
        }
    }
    None
}

/// Block keywords (written with a colon) and step keywords a description line may misspell.
const BLOCK_KEYWORDS: [&str; 6] = [
    "Scenario",
    "Scenario Outline",
    "Background",
    "Rule",
    "Example",
    "Examples",
];
const STEP_KEYWORDS: [&str; 5] = ["Given", "When", "Then", "And", "But"];

/// Description lines that look like a misspelled keyword: the words before a colon at the start
/// of a line, near a keyword (`Scenaro:`), or a first word near a step keyword when the rest
/// reads as a known step (`Whenn 1 minute passes`). Gherkin takes such a line as description
/// text, so the scenario or step it was meant to open is silently lost. Only lines where
/// Gherkin reads description are looked at (under a Feature, Rule, Background, Scenario or
/// Examples line, before its first step or table): anywhere else such a line is a parse error,
/// which `located_error` names the same way.
pub fn description_typos(path: &Path, text: &str) -> Vec<String> {
    typos_at(path, text).into_iter().map(|(_, t)| t).collect()
}

/// [`description_typos`], each with its line (1-based).
fn typos_at(path: &Path, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_description = false;
    let lines: Vec<&str> = text.lines().collect();
    for (i, line, what) in fenced(&lines, 0, lines.len()) {
        let t = line.trim();
        match what {
            Fenced::Inside | Fenced::Closes => continue,
            Fenced::Opens(_) => {
                in_description = false;
                continue;
            }
            Fenced::Outside => {}
        }
        if t.is_empty() || t.starts_with('#') || t.starts_with('@') {
            continue;
        }
        if t.starts_with('|') || is_step_line(t) {
            in_description = false;
            continue;
        }
        if opens_block(t) {
            in_description = true;
            continue;
        }
        if !in_description {
            continue;
        }
        let column = lines[i].chars().take_while(|c| c.is_whitespace()).count() + 1;
        let place = format!("{}:{}:{column}", path.display(), i + 1);
        if let Some((head, keyword)) = colon_slip(t) {
            out.push((
                i + 1,
                format!(
                    "{place}: \"{head}:\" is read as description text; did you mean \"{keyword}\"?"
                ),
            ));
        } else if let Some((word, keyword)) = step_slip(t) {
            let rest = t[word.len()..].trim();
            if crate::phrases::is_step_text(rest) {
                out.push((
                    i + 1,
                    format!(
                        "{place}: \"{word}\" is not a keyword, so `{t}` is read as description \
                         text; did you mean \"{keyword}\"?"
                    ),
                ));
            }
        }
    }
    out
}

/// A line Gherkin reads as a step.
fn is_step_line(t: &str) -> bool {
    t.starts_with("* ")
        || STEP_KEYWORDS
            .iter()
            .any(|k| t.strip_prefix(k).is_some_and(|r| r.starts_with(' ')))
}

/// A line that opens a block Gherkin reads description under.
fn opens_block(t: &str) -> bool {
    ["Feature", "Scenario Template", "Scenarios"]
        .iter()
        .chain(BLOCK_KEYWORDS.iter())
        .any(|k| t.strip_prefix(k).is_some_and(|r| r.starts_with(':')))
}

/// The words before a colon at the start of `t` and the block or step keyword they slip from.
fn colon_slip(t: &str) -> Option<(&str, String)> {
    let (head, _) = t.split_once(':')?;
    if head.is_empty() || head.split_whitespace().count() > 2 {
        return None;
    }
    // A keyword line, or a step whose text holds a colon, is not a slip.
    let first_word = head.split_whitespace().next().unwrap_or("");
    if BLOCK_KEYWORDS.contains(&head)
        || ["Feature", "Scenario Template", "Scenarios"].contains(&head)
        || STEP_KEYWORDS.contains(&first_word)
    {
        return None;
    }
    close_keyword(head).map(|k| (head, k))
}

/// The first word of `t` and the step keyword it slips from (`Whenn`, `Thn`, `given`): one
/// edit for `And` and `But`, two for the others, case aside; the caller asks for more evidence
/// where a plain word may stand (`They`).
fn step_slip(t: &str) -> Option<(&str, &'static str)> {
    let word = t.split_whitespace().next()?;
    // Gherkin takes no comma after a keyword (`Then, long after, the invariants hold`).
    if let Some(bare) = word.strip_suffix(',').filter(|b| !b.is_empty()) {
        let keyword = STEP_KEYWORDS
            .iter()
            .find(|k| **k == bare)
            .copied()
            .or_else(|| step_slip(bare).map(|(_, k)| k))?;
        return Some((word, keyword));
    }
    if STEP_KEYWORDS.contains(&word) || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let lower = word.to_lowercase();
    STEP_KEYWORDS
        .iter()
        .map(|k| (strsim::osa_distance(&lower, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= if k.len() <= 3 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| (word, k))
}

/// What a line that does not parse misspells: a keyword before a colon (`Scenaro:`) or a step
/// keyword (`Whenn`).
fn keyword_slip(t: &str) -> Option<(String, String)> {
    colon_slip(t)
        .map(|(head, k)| (format!("{head}:"), k))
        .or_else(|| step_slip(t).map(|(w, k)| (w.to_string(), k.to_string())))
}

/// The keyword `head` (the words before a colon) is a slip of, case aside: two edits away for
/// long keywords, one for keywords of four or five letters, and only a change of case for
/// `And` and `But` (`Add:` and `Bug:` are words of their own).
fn close_keyword(head: &str) -> Option<String> {
    let candidates = BLOCK_KEYWORDS.iter().chain(STEP_KEYWORDS.iter());
    let best = nearest(head, candidates.copied())?;
    let lower_head = head.to_lowercase();
    let lower_best = best.to_lowercase();
    let distance = strsim::levenshtein(&lower_head, &lower_best);
    let allowed = match best.len() {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    };
    if distance > allowed || head == best {
        return None;
    }
    Some(if STEP_KEYWORDS.contains(&best) {
        best.to_string()
    } else {
        format!("{best}:")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typos(text: &str) -> Vec<String> {
        description_typos(Path::new("f.feature"), text)
    }

    /// Gherkin takes no comma after a step keyword: `Then, long after, …` is answered with the
    /// keyword, as a misspelt one is.
    #[test]
    fn a_keyword_followed_by_a_comma_is_a_slip_of_the_keyword() {
        let slip = |t: &str| keyword_slip(t);
        assert_eq!(
            slip("Then, long after, the invariants hold"),
            Some(("Then,".into(), "Then".into()))
        );
        assert_eq!(slip("And, later"), Some(("And,".into(), "And".into())));
        assert_eq!(slip("Thn, x"), Some(("Thn,".into(), "Then".into())));
        assert_eq!(slip("Meanwhile, x"), None);
        assert_eq!(slip(", x"), None);
    }

    #[test]
    fn a_backslash_that_escapes_nothing_is_doubled_in_table_rows_only() {
        let text = "Feature: x\n  | a\\b | \\| | \\\\ | \\n | c\\ |\r\n  \"\"\"\n  | d\\e |\n  \"\"\"\n  e\\f\n";
        assert_eq!(
            with_stray_backslashes_kept(text).as_deref(),
            Some("Feature: x\n  | a\\\\b | \\| | \\\\ | \\n | c\\\\ |\r\n  \"\"\"\n  | d\\e |\n  \"\"\"\n  e\\f\n")
        );
        assert_eq!(with_stray_backslashes_kept("  | a\\| \\\\ |\n"), None);
    }

    #[test]
    fn a_misspelled_keyword_in_a_description_is_pointed_out() {
        let found =
            typos("Feature: x\n  Scenaro: a\n  Backgrund:\n  scenario outline: b\n  and: c\n");
        assert_eq!(
            found,
            [
                "f.feature:2:3: \"Scenaro:\" is read as description text; did you mean \"Scenario:\"?",
                "f.feature:3:3: \"Backgrund:\" is read as description text; did you mean \"Background:\"?",
                "f.feature:4:3: \"scenario outline:\" is read as description text; did you mean \"Scenario Outline:\"?",
                "f.feature:5:3: \"and:\" is read as description text; did you mean \"And\"?",
            ]
        );
    }

    #[test]
    fn keywords_steps_tables_doc_strings_and_plain_words_are_left_alone() {
        let text = "Feature: x\n  Note: a remark\n  Bug: another\n  Scenario: s\n    Given the time is 2026-01-05T09:00:00Z\n    Given the events in version 1:\n      \"\"\"\n      Scenaro: inside a doc string\n      \"\"\"\n      | Scenaro: | x |\n  # Scenaro: a comment\n  Examples:\n  Rule: r\n";
        assert_eq!(typos(text), Vec::<String>::new());
    }

    #[test]
    fn a_misspelled_step_keyword_in_a_scenario_s_description_is_pointed_out_and_words_are_not() {
        let text = "Feature: x\n  and so on, but They said\n  Scenario: s\n    They pay on time\n    Whenn 1 minutes pass\n    Then no events are recorded\n";
        assert_eq!(
            typos(text),
            ["f.feature:5:5: \"Whenn\" is not a keyword, so `Whenn 1 minutes pass` is read as description text; did you mean \"When\"?"]
        );
        // Hours and days are steps as minutes are (`When <N> hours pass`).
        let text =
            "Feature: x\n  Scenario: s\n    Whenn 2 hours pass\n    Then no events are recorded\n";
        assert_eq!(
            typos(text),
            ["f.feature:3:5: \"Whenn\" is not a keyword, so `Whenn 2 hours pass` is read as description text; did you mean \"When\"?"]
        );
        // After a step Gherkin reads no description: that line is a parse error, named there.
        assert_eq!(
            typos("Feature: x\n  Scenario: s\n    Given no events\n    Whenn 1 minutes pass\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_table_and_a_doc_string_under_one_step_are_found_at_the_second() {
        let table_first = [
            "When x:", "  | a |", "", "  \"\"\"", "  []", "  \"\"\"", "Then y",
        ];
        assert_eq!(table_and_doc_string(&table_first, 0, 7), Some(3));
        let doc_first = [
            "When x:", "  ```", "  | a |", "  ```", "  # note", "  | a |",
        ];
        assert_eq!(table_and_doc_string(&doc_first, 0, 6), Some(5));
        let apart = [
            "When x:", "  | a |", "Then y:", "  \"\"\"", "  | a |", "  \"\"\"",
        ];
        assert_eq!(table_and_doc_string(&apart, 0, 6), None);
    }

    #[test]
    fn a_short_row_and_an_unclosed_doc_string_are_found_where_they_are_written() {
        let lines = [
            "  | a | b \\| c |",
            "  # note",
            "  | 1 |",
            "  \"\"\"",
            "  | x |",
        ];
        let row = uneven_row(&lines, 0, lines.len()).expect("an uneven row");
        assert_eq!(
            (row.line, row.cells, row.header, row.header_cells),
            (2, 1, 0, 2)
        );
        assert_eq!(
            unclosed_doc_string(&lines, 0, lines.len()),
            Some((3, "\"\"\""))
        );
        assert_eq!(unclosed_doc_string(&lines, 0, 3), None);
    }
    #[test]
    fn an_unknown_word_on_an_indented_line_is_found_on_its_own_line_and_named_whole() {
        let file = tempfile::Builder::new()
            .prefix("gwt-stray-")
            .suffix(".feature")
            .tempfile()
            .expect("a temporary file");
        let path = file.path();
        let text = "Feature: f\n  Scenario Outline: o\n    Given no events\n    <row> here\n    \
                    When 1 minutes pass\n    Then no events are recorded\n\n    Examples:\n      \
                    | a |\n      | 1 |\n";
        std::fs::write(path, text).unwrap();
        let (_, problems) = read_file(path);
        let said = problems.join("\n");
        let at = format!(
            "{}:4:5: this is not valid Gherkin (Unknown keyword: '<row>'): `<row> here`",
            path.display()
        );
        assert!(said.contains(&at), "{said}");
    }
}
