//! Reads feature files for a run: every `.feature` under the folders given, parsed as Gherkin,
//! with what an author must hear about a file that does not read as meant. One scenario that
//! does not parse never loses the others (DSL.md: a mistake "never stops the other scenarios"):
//! the file is read again scenario by scenario, each with the Feature header and Background, and
//! only the scenarios that still do not parse are reported. A file with no scenarios is reported,
//! and so is a description line that looks like a misspelled keyword, which Gherkin would
//! otherwise take silently as description text.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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
            let mut files = Vec::new();
            feature_files(path, &mut files);
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

fn feature_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            feature_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
}

/// One feature file: the feature with every scenario that parses, and what to report.
pub fn read_file(path: &Path) -> (Option<Feature>, Vec<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            return (
                None,
                vec![format!("{}: cannot be read: {e}", path.display())],
            )
        }
    };
    let mut problems = description_typos(path, &text);
    let feature = match Feature::parse_path(path, GherkinEnv::default()) {
        Ok(feature) => Some(feature),
        Err(e) => {
            let (feature, errors) = recover(path, &text, &e);
            problems.extend(errors);
            feature
        }
    };
    if let Some(f) = &feature {
        let scenarios =
            f.scenarios.len() + f.rules.iter().map(|r| r.scenarios.len()).sum::<usize>();
        if scenarios == 0 {
            problems.push(format!("{}: no scenarios found", path.display()));
        }
    }
    (feature, problems)
}

/// The keywords that open a block of their own, as Gherkin writes them (English).
const SCENARIO_KEYWORDS: [&str; 4] = [
    "Scenario:",
    "Scenario Outline:",
    "Scenario Template:",
    "Example:",
];

fn opens_scenario(line: &str) -> bool {
    let t = line.trim_start();
    SCENARIO_KEYWORDS.iter().any(|k| t.starts_with(k))
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
/// own head; every other line is blanked, so that positions stay those of the file.
fn recover(
    path: &Path,
    text: &str,
    whole: &gherkin::ParseFileError,
) -> (Option<Feature>, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let whole_error = located_error(path, &lines, whole, None);
    let starts = block_starts(&lines);
    let Some(&first) = starts.first() else {
        return (None, vec![whole_error]);
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
    // A head that does not parse on its own spoils every scenario: report the file's error once.
    if parse_text(path, &keep(&[(0, first)])).is_err() {
        return (None, vec![whole_error]);
    }
    let mut base: Option<Feature> = None;
    let mut problems = Vec::new();
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
                let error = located_error(path, &lines, &e, Some((start, end)));
                if !problems.contains(&error) {
                    problems.push(error);
                }
            }
        }
    }
    if problems.is_empty() {
        // Every block parses on its own: the mistake lies between them; report the file's error.
        problems.push(whole_error);
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
/// the unknown keyword, is not given back for text), through a temporary file.
fn parse_text(path: &Path, text: &str) -> Result<Feature, gherkin::ParseFileError> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let temp = std::env::temp_dir().join(format!(
        "gwt-piece-{}-{}.feature",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    if let Err(e) = std::fs::write(&temp, text) {
        return Err(gherkin::ParseFileError::Reading {
            path: path.to_path_buf(),
            source: e,
        });
    }
    let parsed = Feature::parse_path(&temp, GherkinEnv::default());
    let _ = std::fs::remove_file(&temp);
    parsed.map(|mut f| {
        f.path = Some(path.to_path_buf());
        f
    })
}

/// A parse error as `file:line: this is not valid Gherkin: `the line`; expected …`. Gherkin's
/// position is where its parser gave up, often a line past the mistake: an unknown keyword is
/// looked for where it is written, else the last written line up to that position.
fn located_error(
    path: &Path,
    lines: &[&str],
    error: &gherkin::ParseFileError,
    within: Option<(usize, usize)>,
) -> String {
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
            return format!("{}: cannot be read: {source}", path.display());
        }
    };
    let (from, to) = within.unwrap_or((0, lines.len()));
    let keyword_line = match detail {
        Some(gherkin::EnvError::UnknownKeyword(k)) => (from..to.min(lines.len())).find(|&i| {
            let t = lines[i].trim_start();
            t.strip_prefix(k.as_str()).is_some_and(|rest| {
                rest.starts_with(':') || rest.starts_with(' ') || rest.is_empty()
            })
        }),
        _ => None,
    };
    let line = keyword_line.or_else(|| {
        let last = position.unwrap_or(1).min(lines.len()).max(1) - 1;
        (0..=last).rev().find(|&i| {
            let t = lines[i].trim();
            !t.is_empty() && !t.starts_with('#')
        })
    });
    let detail = detail
        .map(|d| format!(" ({})", d.to_string().trim_end_matches('.')))
        .unwrap_or_default();
    let expected = "expected a keyword (Feature, Background, Rule, Scenario, Scenario Outline, \
                    Examples, Given, When, Then, And, But), a table row written `| … |`, a doc \
                    string between `\"\"\"`, or description text right under a Feature, Rule or \
                    Scenario line";
    match line {
        Some(i) => format!(
            "{}:{}: this is not valid Gherkin{detail}: `{}`; {expected}",
            path.display(),
            i + 1,
            lines[i].trim()
        ),
        None => format!(
            "{}: this is not valid Gherkin{detail}; {expected}",
            path.display()
        ),
    }
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
/// of a line, near a keyword (`Scenaro:`). Gherkin takes such a line as description text, so
/// the scenario it was meant to open is silently lost. Tables, doc strings, comments, tags and
/// lines that are keywords already are not looked at.
pub fn description_typos(path: &Path, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_doc: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(fence) = in_doc {
            if t.starts_with(fence) {
                in_doc = None;
            }
            continue;
        }
        if t.starts_with("\"\"\"") || t.starts_with("```") {
            in_doc = Some(&t[..3]);
            continue;
        }
        if t.is_empty() || t.starts_with('|') || t.starts_with('#') || t.starts_with('@') {
            continue;
        }
        let Some((head, _)) = t.split_once(':') else {
            continue;
        };
        if head.is_empty() || head.split_whitespace().count() > 2 {
            continue;
        }
        // A keyword line, or a step whose text holds a colon, is not description text.
        let first_word = head.split_whitespace().next().unwrap_or("");
        if BLOCK_KEYWORDS.contains(&head)
            || ["Feature", "Scenario Template", "Scenarios"].contains(&head)
            || STEP_KEYWORDS.contains(&first_word)
        {
            continue;
        }
        if let Some(keyword) = close_keyword(head) {
            out.push(format!(
                "{}:{}: \"{head}:\" is read as description text; did you mean \"{keyword}\"?",
                path.display(),
                i + 1
            ));
        }
    }
    out
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

    #[test]
    fn a_misspelled_keyword_in_a_description_is_pointed_out() {
        let found =
            typos("Feature: x\n  Scenaro: a\n  Backgrund:\n  scenario outline: b\n  and: c\n");
        assert_eq!(
            found,
            [
                "f.feature:2: \"Scenaro:\" is read as description text; did you mean \"Scenario:\"?",
                "f.feature:3: \"Backgrund:\" is read as description text; did you mean \"Background:\"?",
                "f.feature:4: \"scenario outline:\" is read as description text; did you mean \"Scenario Outline:\"?",
                "f.feature:5: \"and:\" is read as description text; did you mean \"And\"?",
            ]
        );
    }

    #[test]
    fn keywords_steps_tables_doc_strings_and_plain_words_are_left_alone() {
        let text = "Feature: x\n  Note: a remark\n  Bug: another\n  Scenario: s\n    Given the time is 2026-01-05T09:00:00Z\n    Given the events in version 1:\n      \"\"\"\n      Scenaro: inside a doc string\n      \"\"\"\n      | Scenaro: | x |\n  # Scenaro: a comment\n  Examples:\n  Rule: r\n";
        assert_eq!(typos(text), Vec::<String>::new());
    }
}
