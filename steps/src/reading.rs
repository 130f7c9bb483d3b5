//! Reads feature files for a run: every `.feature` under the folders given, parsed as Gherkin,
//! with what an author must hear about a file that does not read as meant. One scenario that
//! does not parse never loses the others (DSL.md: a mistake "never stops the other scenarios"):
//! the file is read again scenario by scenario, each with the Feature header and Background, and
//! only the scenarios that still do not parse are reported. A file with no scenarios is reported,
//! and so is a description line that looks like a misspelled keyword or a step without one,
//! which Gherkin would otherwise drop silently as description text; a scenario that would run
//! without that line is left out of the run, as one that does not parse is.

mod fences;
mod left_out;
mod located;
mod long_files;
mod long_rows;
mod no_steps;
mod odd_spaces;
mod pieces;
mod recovery;
mod refused;
mod rule_lines;
mod sentences;
mod slips;
mod tags;
mod typos;

use std::path::{Path, PathBuf};

use crate::dialect::{Block, Dialect};
use cucumber::gherkin::{self, Feature, GherkinEnv};
use fences::{fenced, Fenced};
use recovery::recover;
pub use typos::description_typos;
use typos::{typos_at, Typo};

/// The features found under some paths, and the problems to report (each a failure of the run).
#[derive(Debug, Default)]
pub struct Reading {
    pub features: Vec<Feature>,
    pub problems: Vec<String>,
    /// How many feature files were read, whether or not they held a scenario that reads, and
    /// how many entries of a folder named as one could not be (a named pipe, a link that leads
    /// nowhere): each is a feature file that does not read, as one given by name is.
    pub files: usize,
    /// Each file read, as its problems name it, in the order read: the problems found later (an
    /// Outline's) are put among each file's.
    pub read: Vec<String>,
    /// The folders given that hold no feature file (`nothing to read: no feature files under
    /// …`), each among `problems` too: `gwt coverage` names them apart from what did not read.
    pub nothing_to_read: Vec<String>,
}

/// Reads every feature file under `paths` (files, or folders searched recursively, in name
/// order).
pub fn read_paths(paths: &[PathBuf]) -> Reading {
    let mut reading = Reading::default();
    // A file reached twice (a path given twice, a folder and a file in it) is read once: its
    // scenarios ran, and counted, twice.
    let mut read = std::collections::BTreeSet::new();
    for path in paths {
        if !path.exists() {
            // A link that is there but leads nowhere is no missing path.
            // It is a feature file that does not read, as one found in a folder is (counted
            // among the files: a suite with a problem, not the absence of one).
            let why = match path.symlink_metadata() {
                Ok(_) => {
                    reading.files += 1;
                    crate::folders::LEADS_NOWHERE
                }
                Err(_) => "no such file or folder",
            };
            reading.problems.push(format!("{}: {why}", path.display()));
            continue;
        }
        let files = if path.is_dir() {
            let found = crate::folders::feature_files(path);
            reading.problems.extend(found.problems());
            reading.files += found.not_files.len() + found.broken_links.len();
            if let Some(nothing) = found.nothing_to_read(path) {
                reading.problems.push(nothing.clone());
                reading.nothing_to_read.push(nothing);
            }
            let mut files = found.files;
            files.sort();
            files
        } else {
            vec![path.clone()]
        };
        for file in files {
            if !read.insert(std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone())) {
                continue;
            }
            let (feature, problems) = read_file(&file);
            reading.files += 1;
            reading.read.push(file.display().to_string());
            reading.features.extend(feature);
            reading.problems.extend(problems);
        }
    }
    reading
}

/// One feature file: the feature with every scenario that parses and runs all its lines, and what
/// to report, in the order of the file's lines (a problem of the whole file last).
pub fn read_file(path: &Path) -> (Option<Feature>, Vec<String>) {
    let text = match crate::file_text::feature_text(path) {
        Ok(t) => t,
        Err(problem) => return (None, vec![problem]),
    };
    // Read once: a named pipe or `/dev/stdin` gives its text to one read only, so the parser and
    // the messages that quote the file's lines take this copy.
    crate::diagnostics::keep_text(path, &text);
    // A byte order mark, which some editors write, is no part of the Gherkin; gherkin would
    // take it as the start of the first keyword.
    let unmarked = domain::kernel::without_byte_order_mark(&text);
    let text = unmarked.to_string();
    let spaced = crate::dialect::with_language_blanks_dropped(&text);
    let text = spaced.unwrap_or(text);
    let stray = with_stray_backslashes_kept(&text);
    let text = stray.unwrap_or(text);
    // A language Gherkin does not know: it refuses the file whole, and names neither the
    // language line nor the languages it knows.
    let Some(d) = Dialect::of(&text) else {
        let lines: Vec<&str> = text.lines().collect();
        return (None, vec![located::unknown_language(path, &lines)]);
    };
    let (plain, odd) = odd_spaces::with_odd_spaces_plain(d, path, &text);
    let text = plain.unwrap_or(text);
    let (apart, tagged) = tags::with_tags_apart(d, path, &text);
    let text = apart.unwrap_or(text);
    let mut typos = typos_at(d, path, &text);
    typos.extend(odd);
    typos.extend(tagged);
    typos.extend(tags::tag_slips(d, path, &text));
    typos.extend(rows_read_as_description(d, path, &text));
    // Stable: a line's problems keep the order they were found in.
    typos.sort_by_key(|typo| typo.line);
    let typo_lines: Vec<usize> = typos.iter().map(|typo| typo.line).collect();
    let mut problems = Vec::new();
    // Parsed with the sentences the gherkin crate would refuse left out; read as written.
    let sentences = sentences::with_sentences_blanked(d, &text);
    let parsed_text = sentences.as_deref().unwrap_or(&text);
    let in_pieces =
        long_files::parse_in_pieces(d, path, parsed_text, long_files::LONG, long_files::PIECE);
    let feature = match in_pieces.map_or_else(|| parse(path, parsed_text), Ok) {
        Ok(feature) => Some(rule_lines::rules_apart(d, parsed_text, feature)),
        Err(e) => {
            let (feature, errors) = recover(d, path, parsed_text, &e, &typo_lines);
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
                format!(
                    "{}: no scenarios found (under its `{}:` line a feature file holds \
                     scenarios, each `{}: <what it shows>` with its steps)",
                    path.display(),
                    d.word(Block::Feature),
                    d.word(Block::Scenario),
                ),
            ));
        }
    }
    // After the count: a file whose only scenario lost its Given, or has a row too wide, has
    // scenarios. The typos first, in the order they were found, as two problems of one line keep
    // it.
    let mut feature = feature;
    let mut problems: Vec<(usize, String)> = told_leaving_out(d, typos, feature.as_mut())
        .into_iter()
        .chain(problems)
        .collect();
    let told: Vec<usize> = problems.iter().map(|(line, _)| *line).collect();
    problems.extend(long_rows::cut_long_rows(
        d,
        path,
        &text,
        feature.as_mut(),
        &told,
    ));
    if let Some(feature) = feature.as_mut() {
        problems.extend(no_steps::without_steps(d, path, feature));
    }
    // Stable: two problems of one line keep the order they were found in.
    problems.sort_by_key(|(line, _)| *line);
    (feature, problems.into_iter().map(|(_, p)| p).collect())
}

/// Rows missing their first `|` (`n |` over `| 5 |`): Gherkin reads such a line as description
/// text where one may stand (an Examples header), and drops it; told as typos are, with the
/// block they belong to. Elsewhere Gherkin refuses the line, and `located_error` tells it.
fn rows_read_as_description(d: &Dialect, path: &Path, text: &str) -> Vec<Typo> {
    let lines: Vec<&str> = text.lines().collect();
    // Most files have no such line: read no further.
    let candidate = |l: &&str| {
        let t = l.trim();
        !t.starts_with('|') && t.ends_with('|')
    };
    if !lines.iter().any(candidate) {
        return Vec::new();
    }
    refused::open_rows(&lines, 0, lines.len())
        .into_iter()
        .filter(|&(i, start, _)| {
            // In a description: under a block's line or its text, not a step or a row.
            let above = lines[..i]
                .iter()
                .map(|l| l.trim())
                .rfind(|t| !t.is_empty() && !t.starts_with('#'));
            start
                && above.is_some_and(|t| {
                    !d.is_step_line(t) && !t.starts_with('|') && fences::fence(t).is_none()
                })
        })
        .map(|(i, _, why)| {
            let (_, said) = located::told_at(path, &lines, i, why);
            Typo::at(i, said, "", long_rows::owner(d, &lines, i))
        })
        .collect()
}

/// Each typo as told, with its line, the scenarios it spoils taken out of `feature`: what
/// remains of them could pass where they as written fail. The first problem of a block says
/// which scenarios are not run; a second finds them gone and says nothing of them.
fn told_leaving_out(
    d: &Dialect,
    typos: Vec<Typo>,
    mut feature: Option<&mut Feature>,
) -> Vec<(usize, String)> {
    typos
        .into_iter()
        .map(|typo| {
            let taken = match feature.as_deref_mut() {
                Some(f) => left_out::take_out(f, typo.spoils),
                None => Vec::new(),
            };
            (
                typo.line,
                typo.told(&left_out::not_run(d, typo.spoils, &taken)),
            )
        })
        .collect()
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

/// Parses `text`, the feature file at `path` as read (and rewritten where Gherkin would misread
/// it). The gherkin crate gives back the detail of an error (the unknown keyword that places
/// it) for a file it reads only: a text that does not parse is parsed again from a file.
fn parse(path: &Path, text: &str) -> Result<Feature, gherkin::ParseFileError> {
    match Feature::parse(text, GherkinEnv::default()) {
        Ok(mut feature) => {
            feature.path = Some(path.to_path_buf());
            Ok(feature)
        }
        Err(_) => parse_text(path, text),
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

/// Test helpers: a file's scenarios and problems read from its text.
#[cfg(test)]
mod read_back {
    use super::*;

    /// The names of the feature's own scenarios that a file holding `text` runs, and its
    /// problems, its path written `f.feature`.
    pub(super) fn read_scenarios(text: &str) -> (Vec<String>, Vec<String>) {
        let file = crate::temporary_feature(text);
        let path = file.path().display().to_string();
        let (feature, problems) = read_file(file.path());
        let names = feature
            .expect("a feature")
            .scenarios
            .iter()
            .map(|s| s.name.clone())
            .collect();
        let problems = problems
            .into_iter()
            .map(|p| p.replace(&path, "f.feature"))
            .collect();
        (names, problems)
    }

    /// The problems of a file holding `text`, its path written `f.feature`.
    pub(super) fn read_problems(text: &str) -> Vec<String> {
        let file = crate::temporary_feature(text);
        let path = file.path().display().to_string();
        let (_, problems) = read_file(file.path());
        problems
            .into_iter()
            .map(|p| p.replace(&path, "f.feature"))
            .collect()
    }
}

#[cfg(test)]
mod in_every_language;

#[cfg(test)]
mod tests {
    use super::located::{table_and_doc_string, unclosed_doc_string, uneven_row};
    use super::read_back::{read_problems, read_scenarios};
    use super::slips::keyword_slip;
    use super::*;

    fn typos(text: &str) -> Vec<String> {
        description_typos(Path::new("f.feature"), text)
    }

    /// Gherkin takes no comma after a step keyword: `Then, long after, …` is answered with the
    /// keyword, as a misspelt one is.
    #[test]
    fn a_keyword_followed_by_a_comma_is_a_slip_of_the_keyword() {
        let slip = |t: &str| keyword_slip(crate::dialect::Dialect::english(), t);
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
        let found = typos(
            "Feature: x\n  Scenaro: a\n  Backgrund:\n  scenario outline: b\n  and: no events\n",
        );
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
        let text = "Feature: x\n  Note: a remark\n  Bug: another\n  Rules: see the wiki\n  Them: the registrants\n  Scenario: s\n    Given the time is 2026-01-05T09:00:00Z\n    Given the events in version 1:\n      \"\"\"\n      Scenaro: inside a doc string\n      \"\"\"\n      | Scenaro: | x |\n  # Scenaro: a comment\n  Examples:\n  Rule: r\n";
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

    /// A step's line left out, or its keyword, leaves its text, table or doc string in the
    /// scenario's description, which Gherkin drops without a word: the history of a Given gone,
    /// a wrong Then could pass. Each is told once, at its first line. A Feature's or Rule's
    /// description may show a table of its own, and Examples hold theirs.
    #[test]
    fn a_step_s_text_table_or_doc_string_with_no_keyword_above_it_is_pointed_out() {
        let text = "Feature: x\n  Scenario: s\n    the events:\n      | event | a |\n      | X | 1 |\n    When 1 minute passes\n  Scenario: t\n      | event | a |\n    When 1 minute passes\n  Background:\n      \"\"\"\n      []\n      \"\"\"\n";
        assert_eq!(
            typos(text),
            [
                "f.feature:3:5: `the events:` is read as description text, as no keyword starts it, and Gherkin drops it; did you mean `Given the events:`?",
                "f.feature:8:7: a table with no step above it is read as description text, and Gherkin drops it; a step's table or doc string goes right under the step's line (`Given the events:`, `When the command is sent:`, …): was that line left out, or its keyword?",
                "f.feature:11:7: a doc string with no step above it is read as description text, and Gherkin drops it; a step's table or doc string goes right under the step's line (`Given the events:`, `When the command is sent:`, …): was that line left out, or its keyword?",
            ]
        );
        let text = "Feature: x\n  | a | b |\n  Rule: r\n    | c |\n    Scenario Outline: s\n      A plain description.\n      When <n> minutes pass\n      Examples:\n        | n |\n        | 1 |\n";
        assert_eq!(typos(text), Vec::<String>::new());
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
    /// A step under a Feature or Rule line, its `Background:` line left out, is read as the
    /// description and dropped: told once, its table and the steps after it with it. Each step
    /// text left without its keyword in a scenario's description is told, not the first alone;
    /// prose that only starts as a phrase does is not.
    #[test]
    fn steps_left_in_a_description_are_each_told_once_and_prose_is_not() {
        let text = "Feature: x\n  Given the events:\n    | event | a |\n  And no events\n  Scenario: s\n    the events:\n      | event | a |\n    the command is sent:\n      | command | a |\n    When 1 minute passes\n  Scenario: t\n    the time is what decides whether an order expires.\n    When 1 minute passes\n";
        assert_eq!(
            typos(text),
            [
                "f.feature:2:3: `Given the events:` stands under a Feature or Rule line with no `Background:` or `Scenario:` above it, so Gherkin reads it as description text and drops it; was a `Background:` line left out above it?",
                "f.feature:6:5: `the events:` is read as description text, as no keyword starts it, and Gherkin drops it; did you mean `Given the events:`?",
                "f.feature:8:5: `the command is sent:` is read as description text, as no keyword starts it, and Gherkin drops it; did you mean `When the command is sent:`?",
            ]
        );
    }

    /// Gherkin blames the line after a tag line holding words, and names a table row missing
    /// its first `|` an unknown keyword: each is told at its own line, with what to write, and
    /// the file's other scenarios run.
    #[test]
    fn a_tag_line_with_words_and_a_row_missing_a_bar_are_told_at_their_lines() {
        let text = "Feature: f\n  Scenario: runs\n    When 1 minute passes\n  @smoke this is a tag # why\n  Scenario: a\n    When 1 minute passes\n  Scenario: b\n    Given the events:\n      | event | a |\n      X | 1 |\n  Scenario: c\n    Given the events:\n      | event | a |\n      | X | 1\n  @ok @\n  Scenario: d\n    When 1 minute passes\n  Scenario: e\n    @when 1 minute passes\n";
        let (names, problems) = read_scenarios(text);
        assert_eq!(names, ["runs"]);
        assert_eq!(
            problems,
            [
                "f.feature:4:3: a line that starts with `@` holds tags only, each an `@` and a name with no space in it (`@smoke @slow`), and `this is a tag` is no tag: join its words into one (`@this-is-a-tag`), or write them as a comment after the tags (`# this is a tag`): `@smoke this is a tag # why`; the scenario `a` is not run",
                "f.feature:10:7: a table row starts and ends with `|`, and this one does not start with one: `X | 1 |` (write `| X | 1 |`); the scenario `b` is not run",
                "f.feature:14:7: a table row starts and ends with `|`, and this one does not end with one: `| X | 1` (write `| X | 1 |`); the scenario `c` is not run",
                "f.feature:15:3: a line that starts with `@` holds tags only, each an `@` and a name with no space in it (`@smoke @slow`), and `@` has an `@` with no name after it: `@ok @`; the scenario `d` is not run",
                "f.feature:19:5: `@when 1 minute passes` is a step with an `@` before it, which makes it a tag line; the scenario `e` is not run; did you mean `When 1 minute passes`?",
            ]
        );
    }

    /// Prose after a step is refused by Gherkin as an unknown keyword: told as prose among the
    /// steps, and when the step above is no phrase and stands under the description, as a
    /// description line taken for a step by its first word. In the file's own keywords.
    #[test]
    fn prose_among_steps_is_told_with_the_step_it_follows() {
        let text = "Feature: f\n  Scenario: s\n    About orders.\n    Given the constraints, we keep it short.\n    It has more prose.\n    When 1 minute passes\n  Scenario: t\n    Given no events\n    Note that it matters.\n    When 1 minute passes\n";
        assert_eq!(
            read_problems(text),
            [
                "f.feature:5:5: `It has more prose.` stands among the steps (after `Given the constraints, we keep it short.`, line 4), where only steps, their tables and doc strings, and comments go: write it as a comment (`# It has more prose.`), or as description right under the `Scenario:` line; if `Given the constraints, we keep it short.` (line 4) is description too, start it with another word: a line that starts with `Given` is a step, and ends the description; the scenario `s` is not run",
                "f.feature:9:5: `Note that it matters.` stands among the steps (after `Given no events`, line 8), where only steps, their tables and doc strings, and comments go: write it as a comment (`# Note that it matters.`), or as description right under the `Scenario:` line; the scenario `t` is not run",
            ]
        );
        // A description line above that starts with the same word is not blamed, and a word
        // near a keyword before prose is no slip of it.
        let text = "Feature: f\n  Scenario: s\n    This is the setup.\n    Given no events\n    This is what we do.\n    When 1 minute passes\n";
        assert_eq!(
            read_problems(text),
            ["f.feature:5:5: `This is what we do.` stands among the steps (after `Given no events`, line 4), where only steps, their tables and doc strings, and comments go: write it as a comment (`# This is what we do.`), or as description right under the `Scenario:` line; the scenario `s` is not run"]
        );
        let text = "# language: fr\nFonctionnalité: f\n  Contexte:\n    Soit no events\n      | a |\n    Ceci compte.\n  Scénario: s\n    Quand 1 minute passes\n";
        assert_eq!(
            read_problems(text),
            ["f.feature:6:5: `Ceci compte.` stands among the steps (after `Soit no events`, line 4), where only steps, their tables and doc strings, and comments go: write it as a comment (`# Ceci compte.`), or as description right under the `Contexte:` line"]
        );
    }

    /// A doc string in a description is refused by Gherkin at its closing fence, or at a step
    /// after it: told at its opening, under the line it follows; a step after it is not blamed.
    /// So is a second doc string under one step, whose text Gherkin blamed.
    #[test]
    fn a_doc_string_in_a_description_is_told_at_its_opening() {
        let text = "Feature: f\n  Scenario: s\n    To set the clock:\n    \"\"\"\n    Given the time is 2026-01-05T09:20:00Z\n    \"\"\"\n    but the default is fine.\n    When 1 minute passes\n    Then no commands are sent\n";
        assert_eq!(
            read_problems(text),
            ["f.feature:4:5: a doc string goes right under a step's line, and this one stands in a description (under `To set the clock:`), where Gherkin takes none: to show an example there, write its lines as comments (`# …`); the scenario `s` is not run"]
        );
        let text = "Feature: f\n  Scenario: s\n    Given the events:\n      \"\"\"\n      []\n      \"\"\"\n      \"\"\"\n      []\n      \"\"\"\n    When 1 minute passes\n";
        assert_eq!(
            read_problems(text),
            ["f.feature:7:7: a step takes one doc string, and this is a second under `Given the events:`: join the two into one, or give the second a step of its own; the scenario `s` is not run"]
        );
    }

    /// A fence that comes again on its own line (```` ```json``` ````) opens and closes a doc
    /// string there, as the gherkin crate reads one: under a step it is the step's doc string,
    /// in a description one line of it. Taken for a doc string left open, it hid every line
    /// Gherkin dropped after it, and their scenarios passed.
    #[test]
    fn a_doc_string_closed_on_its_opening_line_hides_no_line_after_it() {
        let quoted_later = "\n  Scenario: later\n    \"Given the time is 2026-01-05T10:00:00Z\"\n    When 5 minutes pass\n    Then no commands are sent\n";
        let text = format!("Feature: x\n  Scenario: one line\n    ```json```\n    When 5 minutes pass\n    Then no commands are sent\n{quoted_later}");
        assert_eq!(
            read_problems(&text),
            [
                "f.feature:3:5: a doc string with no step above it is read as description text, and Gherkin drops it; the scenario `one line` is not run; a step's table or doc string goes right under the step's line (`Given the events:`, `When the command is sent:`, …): was that line left out, or its keyword?",
                "f.feature:8:5: the step stands in quotation marks, so `\"Given the time is 2026-01-05T10:00:00Z\"` is read as description text, and Gherkin drops it; the scenario `later` is not run; did you mean `Given the time is 2026-01-05T10:00:00Z`?",
            ]
        );
        let under_a_step = "Feature: x\n  Scenario: s\n    Given the events:\n      \"\"\"[]\"\"\"\n    When 5 minutes pass\n";
        let feature = Feature::parse(under_a_step, GherkinEnv::default()).expect("it parses");
        let steps = &feature.scenarios[0].steps;
        assert_eq!(
            (steps.len(), steps[0].docstring.as_deref()),
            (2, Some("[]"))
        );
        let (names, problems) = read_scenarios(&format!("{under_a_step}{quoted_later}"));
        assert_eq!(names, ["s"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("f.feature:8:5: the step stands in quotation marks"));
    }

    /// A step lost in an Examples block's description was meant for the outline its rows run:
    /// the rows ran without it, and passed, while the problem was told (the review's F7), and
    /// the step was advised under a Background. Those rows are not run now (the outline, when
    /// it has no other Examples), and the step is advised among the outline's.
    #[test]
    fn a_step_lost_in_an_examples_description_keeps_its_rows_from_running() {
        let outline = "Feature: x\n  Scenario Outline: o\n    Given no events\n    When <n> minutes pass\n    Then no commands are sent\n    Examples: some\n      \"Given the time is 2026-01-05T10:00:00Z\"\n      | n |\n      | 5 |\n";
        let meant = "did you mean `Given the time is 2026-01-05T10:00:00Z` among the steps of the Scenario Outline above?";
        let (names, problems) = read_scenarios(outline);
        assert!(names.is_empty(), "{names:?}");
        assert_eq!(
            problems,
            [format!("f.feature:7:7: the step stands in quotation marks, so `\"Given the time is 2026-01-05T10:00:00Z\"` is read as description text, and Gherkin drops it; the Scenario Outline `o` is not run; {meant}")]
        );
        let (names, problems) = read_scenarios(&format!(
            "{outline}    Examples: others\n      | n |\n      | 6 |\n"
        ));
        assert_eq!(names, ["o"]);
        assert!(
            problems[0].ends_with(&format!(
                "Gherkin drops it; the rows of the Examples at line 6 are not run; {meant}"
            )),
            "{problems:?}"
        );
    }

    /// A fence no later line closes, in a description or under a step, was taken for a doc
    /// string's text to the end of the file: no line dropped after it was told, and those
    /// scenarios passed (the review of 2026-12-06, F1 and F2). In a description the crate reads
    /// it as text and the scenarios after it run; under a step it is told never closed. Either
    /// way, what follows is checked.
    #[test]
    fn a_fence_never_closed_hides_no_line_after_it() {
        let later = "\n  Scenario: later\n    the events:\n      | event | conference_id |\n      | ConferenceCreated | c1 |\n    When 5 minutes pass\n    Then no commands are sent\n";
        let in_description = format!("Feature: x\n  Payloads as in the wiki:\n  ```\n{later}");
        let (names, problems) = read_scenarios(&in_description);
        assert!(names.is_empty(), "{names:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("f.feature:6:5: `the events:` is read as description text"),
            "{problems:?}"
        );
        let under_a_step = format!("Feature: x\n  Scenario: first\n    Given the events:\n      \"\"\"\n      []\n    When 5 minutes pass\n{later}");
        let problems = read_problems(&under_a_step);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("f.feature:4:7: a doc string opened here is never closed")
                && problems[1]
                    .starts_with("f.feature:9:5: `the events:` is read as description text"),
            "{problems:?}"
        );
    }

    /// A lone fence in a description is one more line of it for the gherkin crate, even where
    /// a step's doc string later opens with the same fence: it was paired with that opening,
    /// so the lines between were taken for a doc string's text (a step lost there not told) and
    /// the doc string's own text for Gherkin (its closing fence told as a step out of place).
    #[test]
    fn a_lone_fence_in_a_description_is_not_paired_with_a_step_s_doc_string() {
        let text = "Feature: x\n  Payloads go between fences, such as:\n  ```\n\n  Scenario: placed\n    the events:\n      | event | conference_id |\n      | ConferenceCreated | c1 |\n    When the command is sent:\n      ```\n      {\"command\": \"MakeSeatReservation\"}\n      ```\n    Then the command is rejected\n";
        let (names, problems) = read_scenarios(text);
        assert!(names.is_empty(), "{names:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("f.feature:6:5: `the events:` is read as description text"),
            "{problems:?}"
        );
        // The same file with the step's keyword runs as the crate reads it.
        let (names, problems) =
            read_scenarios(&text.replace("    the events:", "    Given the events:"));
        assert_eq!(
            (names.as_slice(), problems.as_slice()),
            (["placed".to_string()].as_slice(), [].as_slice())
        );
    }

    /// A step in brackets or emphasis, or in quotation marks with a sentence's end after them
    /// (a colon, `!`, `?`, a dash, a note), or Polish marks, or its keyword in emphasis or
    /// trailed by dots, was dropped without a word; so was a step with no keyword in an Examples
    /// block's description (the review of 2026-12-06, F3 and F4). Prose in brackets is left.
    #[test]
    fn steps_in_brackets_emphasis_or_quotes_with_a_sentence_s_end_are_told() {
        let text = "Feature: x\n  Scenario: s\n    [Given no events]\n    *Given no events*\n    \"Given no events\":\n    \"Given no events\" # setup\n    „Given no events”\n    **Given** no events\n    Given...no events\n    (see the wiki)\n    When 1 minute passes\n";
        let said = typos(text);
        let starts: Vec<&str> = said
            .iter()
            .map(|p| &p[..p.find(", so").unwrap_or(p.len())])
            .collect();
        assert_eq!(
            starts,
            [
                "f.feature:3:5: the step stands in brackets",
                "f.feature:4:5: the step stands in emphasis marks",
                "f.feature:5:5: the step stands in quotation marks",
                "f.feature:6:5: the step stands in quotation marks",
                "f.feature:7:5: the step stands in quotation marks",
                "f.feature:8:5: \"**Given**\" is not a keyword",
                "f.feature:9:5: \"Given...\" is not a keyword",
            ],
            "{said:?}"
        );
        assert!(
            said.iter()
                .all(|p| p.ends_with("did you mean `Given no events`?")),
            "{said:?}"
        );
        let outline = "Feature: x\n  Scenario Outline: o\n    Given no events\n    When <n> minutes pass\n    Then no commands are sent\n    Examples:\n      the command is rejected\n      | n |\n      | 5 |\n";
        let (names, problems) = read_scenarios(outline);
        assert!(names.is_empty(), "{names:?}");
        assert_eq!(
            problems,
            ["f.feature:7:7: `the command is rejected` is read as description text, as no keyword starts it, and Gherkin drops it; the Scenario Outline `o` is not run; did you mean `Then the command is rejected` among the steps of the Scenario Outline above?"]
        );
    }

    /// A doc string of messages under an Examples line, where no step stands, was dropped
    /// without a word and the outline passed (the review of 2026-12-06, F10).
    #[test]
    fn a_doc_string_of_messages_under_examples_is_told() {
        let text = "Feature: x\n  Scenario Outline: o\n    Given no events\n    When <n> minutes pass\n    Then no commands are sent\n    Examples:\n      \"\"\"\n      [{\"event\": \"SeatsReserved\", \"conference_id\": \"c1\"}]\n      \"\"\"\n      | n |\n      | 5 |\n";
        let (names, problems) = read_scenarios(text);
        assert!(names.is_empty(), "{names:?}");
        assert_eq!(
            problems,
            ["f.feature:7:7: a doc string of messages (`event` or `command`) stands under an `Examples:` line, where no step stands, so Gherkin reads it as description text and drops it; the Scenario Outline `o` is not run; was its step left out? (A step and its doc string go among the steps of the Scenario Outline above.)"]
        );
    }

    /// A Background that does not parse kept every scenario from running, and its one problem
    /// hid the others of the file, told only once it was mended (the review of 2026-12-06, F6).
    #[test]
    fn a_background_that_does_not_parse_hides_no_other_problem() {
        for (head, steps) in [
            ("Feature: x\n  Background:\n    Given the events:\n      | event | a |\n      | A |\n", ("When", "Thn")),
            ("# language: fr\nFonctionnalité: x\n  Contexte:\n    Soit the events:\n      | event | a |\n      | A |\n", ("Quand", "Alrs")),
        ] {
            let text = format!("{head}  Scenario: s\n    {} 5 minutes pass\n    {} no commands are sent\n", steps.0, steps.1);
            let text = text.replace("Scenario:", if head.contains("fr") { "Scénario:" } else { "Scenario:" });
            let problems = read_problems(&text);
            assert_eq!(problems.len(), 2, "{problems:?}");
            assert!(problems[1].contains(&format!("\"{}\" is not a keyword", steps.1)), "{problems:?}");
        }
    }

    /// Text after a one-line doc string's closing fence was told at the next line, quoting it,
    /// as an unknown keyword made of the text's first letters (the review of 2026-12-06, F7).
    #[test]
    fn text_after_a_one_line_doc_string_is_told_at_its_line() {
        let text = "Feature: x\n  Scenario: s\n    Given the events:\n      \"\"\"[]\"\"\" trailing\n    When 5 minutes pass\n    Then no commands are sent\n";
        assert_eq!(
            read_problems(text),
            ["f.feature:4:7: `trailing` follows the doc string closed on this line, and the gherkin crate reads it as the next line's start: a closing fence ends its line; the scenario `s` is not run"]
        );
    }

    /// A tag stands where it belongs above a block's keyword misspelt: the keyword is told,
    /// not the tag. Above a step, a tag is out of place.
    #[test]
    fn a_tag_above_a_misspelt_examples_line_is_not_blamed() {
        let text = "Feature: f\n  Scenario Outline: o <n>\n    When <n> minutes pass\n\n    @slow\n    Exampels:\n      | n |\n      | 1 |\n  Scenario: s\n    Given no events\n    @wip\n    Whenn 1 minute passes\n";
        assert_eq!(
            read_problems(text),
            [
                "f.feature:6:5: \"Exampels:\" is not a keyword (`Exampels:`); the Scenario Outline `o <n>` is not run; did you mean \"Examples:\"?",
                "f.feature:11:5: a tag goes on the line above a `Feature:`, `Rule:`, `Scenario:` or `Examples:` line, and this one stands above `Whenn 1 minute passes`: move it, or write it as a comment (`# @wip`); the scenario `s` is not run",
            ]
        );
    }

    /// A step indented with a space Gherkin does not indent with (a non-breaking space pasted
    /// from a wiki) was read as description text and dropped with its table, the scenario
    /// passing without it; later in a scenario, refused. Each is told at its line and its
    /// scenario leaves the run; a doc string's text and a comment so indented are left alone.
    #[test]
    fn a_line_indented_with_a_non_breaking_space_is_told_and_its_scenario_not_run() {
        let text = "Feature: f\n  Scenario: first\n    \u{a0}Given the events:\n      | event | a |\n      | X | 1 |\n    When 1 minute passes\n  Scenario: second\n    Given no events\n  \u{2003}  When 1 minute passes\n  Scenario: runs\n  \u{a0} # a note\n    Given the events in version 1:\n      \"\"\"\n      \u{a0} []\n      \"\"\"\n    When 1 minute passes\n";
        let (names, problems) = read_scenarios(text);
        assert_eq!(names, ["runs"]);
        assert_eq!(
            problems,
            [
                "f.feature:3:5: `Given the events:` is indented with a non-breaking space (U+00A0), which Gherkin does not take for a space: it reads the line as description text, or refuses it; the scenario `first` is not run; indent it with spaces or a tab",
                "f.feature:9:3: `When 1 minute passes` is indented with an em space (U+2003), which Gherkin does not take for a space: it reads the line as description text, or refuses it; the scenario `second` is not run; indent it with spaces or a tab",
            ]
        );
    }

    /// A phrase after a word that is no keyword is dropped as description text: told when the
    /// words end in a keyword after a label (`Step 1: Given`), or the phrase names an instant,
    /// which no sentence ends with; prose that ends in a phrase is not.
    #[test]
    fn a_phrase_after_a_label_or_naming_an_instant_is_told_and_prose_is_not() {
        let text = "Feature: x\n  Scenario: s\n    Also the time is 2026-01-05T09:20:00Z\n    Step 1: Given no events\n    We make sure no events are recorded\n    When 1 minute passes\n";
        assert_eq!(
            typos(text),
            [
                "f.feature:3:5: \"Also\" is not a keyword, so `Also the time is 2026-01-05T09:20:00Z` is read as description text, and Gherkin drops it; did you mean `Given the time is 2026-01-05T09:20:00Z`?",
                "f.feature:4:5: \"Step 1: Given\" is not a keyword, so `Step 1: Given no events` is read as description text, and Gherkin drops it; did you mean `Given no events`?",
            ]
        );
        // A table under a phrase after a word makes a step of it: told at the step's line.
        let text = "Feature: x\n  Scenario: s\n    Also the command is sent:\n      | command | a |\n      | X | 1 |\n    Then no events are recorded\n";
        assert_eq!(
            typos(text),
            ["f.feature:3:5: \"Also\" is not a keyword, so `Also the command is sent:` is read as description text, and a table under it with it, and Gherkin drops them; did you mean `When the command is sent:`?"]
        );
    }

    /// A step copied with its quotation marks (from a mail, a wiki) is told as such, the step
    /// meant without them: the opening mark was taken for part of a word before the keyword
    /// (`""Given" is not a keyword`), and the closing one kept in the step meant. A quoted
    /// sentence that is no step is prose.
    #[test]
    fn a_step_in_quotation_marks_is_told_as_such() {
        let text = "Feature: x\n  Scenario: s\n    \"Given the time is 2026-01-05T09:20:00Z\"\n    “When 1 minute passes”\n    \"We check it\"\n    Then no events are recorded\n";
        assert_eq!(
            typos(text),
            [
                "f.feature:3:5: the step stands in quotation marks, so `\"Given the time is 2026-01-05T09:20:00Z\"` is read as description text, and Gherkin drops it; did you mean `Given the time is 2026-01-05T09:20:00Z`?",
                "f.feature:4:5: the step stands in quotation marks, so `“When 1 minute passes”` is read as description text, and Gherkin drops it; did you mean `When 1 minute passes`?",
            ]
        );
        // Other marks, a full stop, a bullet; a keyword that takes no space (Japanese); an
        // English step in a French file: each was dropped without a word, its scenario passing.
        let text = "Feature: x\n  Scenario: s\n    「Given no events」\n    \"Given no events.\"\n    ''* no events''\n    When 1 minute passes\n    Then no events are recorded\n";
        let said = typos(text);
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said
            .iter()
            .all(|p| p.contains("the step stands in quotation marks")));
        assert!(
            said[1].ends_with("did you mean `Given no events`?"),
            "{said:?}"
        );
        // A comma after the closing mark, as in a sentence that goes on: its keyword was told
        // as `""Given"`, and the step advised kept the mark and the comma.
        let said = typos(
            "Feature: x\n  Scenario: s\n    \"Given no events\",\n    When 1 minute passes\n",
        );
        assert_eq!(
            said,
            ["f.feature:3:5: the step stands in quotation marks, so `\"Given no events\",` is read as description text, and Gherkin drops it; did you mean `Given no events`?"]
        );
        // German single marks (`‚Und …‘`): told as no keyword, and `Angenommen …‘` advised.
        let said = read_problems("# language: de\nFunktionalität: x\n  Szenario: y\n    Angenommen no events\n    ‚Und the time is 2026-01-05T09:00:00Z‘\n    Wenn 1 minute passes\n");
        assert!(
            said[0].contains("the step stands in quotation marks")
                && said[0].ends_with("did you mean `Und the time is 2026-01-05T09:00:00Z`?"),
            "{said:?}"
        );
        let said = read_problems("# language: ja\nフィーチャ: x\n  シナリオ: y\n    \"前提no events\"\n    もし1 minute passes\n");
        assert!(
            said[0].ends_with("did you mean `前提no events`?"),
            "{said:?}"
        );
        let said = read_problems("# language: fr\nFonctionnalité: x\n  Scénario: y\n    \"Given no events\"\n    Quand 1 minute passes\n");
        assert!(
            said[0].ends_with("did you mean `Soit no events`?"),
            "{said:?}"
        );
    }

    /// Tags read otherwise than meant are told, and their scenarios still run: commas between
    /// them (`@smoke,` is the tag), a misspelling of the one the runner reads, a tag at the
    /// end of a Scenario line (part of its name); a name ending in someone's `@handle` is not.
    #[test]
    fn tags_written_with_commas_misspelt_or_in_a_name_are_told() {
        let text = "Feature: f\n  @smoke, @wip\n  Scenario: a\n    When 1 minute passes\n  @no-implict-checks\n  Scenario: b @slow\n    When 1 minute passes\n  Scenario: mail to @ann\n    When 1 minute passes\n";
        let file = crate::temporary_feature(text);
        let (feature, problems) = read_file(file.path());
        assert_eq!(feature.expect("a feature").scenarios.len(), 3);
        let path = file.path().display();
        assert_eq!(
            problems,
            [
                format!("{path}:2:3: the tag `@smoke,` ends with `,`, which Gherkin keeps as part of its name: tags are parted by spaces alone (`@smoke, @wip`); did you mean `@smoke @wip`?"),
                format!("{path}:5:3: the tag `@no-implict-checks` is near `@no-implicit-checks`, which the runner reads, and is not it: the scenario runs as if it had no such tag; did you mean `@no-implicit-checks`?"),
                format!("{path}:6:15: `@slow` at the end of `Scenario: b @slow` is read as words of its name, not as tags: a block's tags go on the line above it; did you mean `@slow` over `Scenario: b`?"),
            ]
        );
    }

    /// A mistake in a rule's head (a row of its Background, a tag line above it) was told with
    /// no line, once for each scenario of the rule: told at its line, once, and the rule's
    /// scenarios are not run; the feature's others run.
    #[test]
    fn a_mistake_in_a_rule_s_head_is_told_once_at_its_line() {
        let text = "Feature: f\n  Scenario: runs\n    When 1 minute passes\n  Rule: r\n    Background:\n      Given the events:\n        | event | a |\n        X | 1 |\n    Scenario: a\n      When 1 minute passes\n    Scenario: b\n      When 1 minute passes\n";
        let file = crate::temporary_feature(text);
        let (feature, problems) = read_file(file.path());
        let feature = feature.expect("a feature");
        assert_eq!(feature.scenarios.len(), 1);
        assert!(feature.rules.iter().all(|r| r.scenarios.is_empty()));
        assert_eq!(
            problems,
            [format!("{}:8:9: a table row starts and ends with `|`, and this one does not start with one: `X | 1 |` (write `| X | 1 |`); the scenario `a` is not run; the scenario after it is not run either", file.path().display())]
        );
    }

    /// An Examples header missing its first `|` was read as the block's description and the
    /// block told as having no rows: told as the row it is.
    #[test]
    fn an_examples_header_missing_its_first_bar_is_told_as_a_row() {
        let text = "Feature: f\n  Scenario Outline: o\n    When <n> minutes pass\n    Examples:\n      n |\n      | 5 |\n";
        assert_eq!(
            read_problems(text),
            ["f.feature:5:7: a table row starts and ends with `|`, and this one does not start with one: `n |` (write `| n |`); the Scenario Outline `o` is not run"]
        );
    }

    /// Tags before a Scenario's keyword on its line: before the file's first block, Gherkin
    /// read the line as the feature's description and its steps as lost under it (told as a
    /// missing `Background:`); told as it is, and the scenario (its tags lost) not run.
    #[test]
    fn tags_and_a_scenario_line_in_one_are_told_as_such() {
        let text = "Feature: f\n  @wip Scenario: first\n    When 1 minute passes\n  Scenario: second\n    When 1 minute passes\n";
        let file = crate::temporary_feature(text);
        let (feature, problems) = read_file(file.path());
        let names: Vec<String> = feature
            .expect("a feature")
            .scenarios
            .iter()
            .map(|s| s.name.clone())
            .collect();
        assert_eq!(names, ["second"]);
        assert_eq!(
            problems,
            [format!("{}:2:3: `@wip Scenario: first` holds tags and its `Scenario:` line in one, and Gherkin reads tags on a line of their own (here, before the file's first scenario, it reads this line as description text); the scenario `first` is not run; did you mean `@wip` on the line above `Scenario: first`?", file.path().display())]
        );
        // Tags that end the file tag nothing: told, and the scenario above them runs.
        let text = "Feature: f\n  Scenario: s\n    When 1 minute passes\n  @wip\n";
        let file = crate::temporary_feature(text);
        let (feature, problems) = read_file(file.path());
        assert_eq!(feature.expect("a feature").scenarios.len(), 1);
        assert_eq!(
            problems,
            [format!("{}:4:3: `@wip` tags nothing: a tag goes on the line above a `Feature:`, `Rule:`, `Scenario:` or `Examples:` line, and none follows it in the file; remove it, or move it above the block it was meant for", file.path().display())]
        );
    }

    /// A file with no Feature line whose first written line Gherkin cannot place (under a
    /// comment, `Scenario` with no colon; in a French file, an English `Scenario:`) was told
    /// with no line: told at that line, as missing the Feature line above it.
    #[test]
    fn a_file_with_no_feature_line_is_told_at_its_first_written_line() {
        for (text, said) in [
            ("# Seats\nScenario waiting\n  Given no events\n", "2:1: a feature file starts with a `Feature:` line, and this comes before any: `Scenario waiting`"),
            ("# language: fr\n  Scenario: attendre\n    Soit no events\n", "2:3: a feature file starts with a `Fonctionnalité:` line, and this comes before any: `Scenario: attendre`"),
        ] {
            let file = crate::temporary_feature(text);
            let (_, problems) = read_file(file.path());
            let at = format!("{}:{said}", file.path().display());
            assert!(problems.len() == 1 && problems[0].starts_with(&at), "{problems:?}");
        }
    }

    /// A closing fence with text after it does not close its doc string (Gherkin blamed the
    /// step after it): told at that line. A header row left open is told once, as open, not
    /// again as narrower than the row under it.
    #[test]
    fn a_fence_with_text_after_it_and_an_open_header_are_told_once_at_their_lines() {
        let text = "Feature: f\n  Scenario: a\n    Given the events:\n      \"\"\"\n      []\n      \"\"\" the end\n    When 1 minute passes\n  Scenario: b\n    Given the events:\n      | event | a\n      | X | 1 |\n    When 1 minute passes\n";
        assert_eq!(
            read_problems(text),
            [
                "f.feature:6:7: `\"\"\" the end` does not close the doc string opened at line 4, as text follows the fence: a closing \"\"\" stands alone on its line; the scenario `a` is not run",
                "f.feature:10:7: a table row starts and ends with `|`, and this one does not end with one: `| event | a` (write `| event | a |`); the scenario `b` is not run",
            ]
        );
    }

    /// Three lines Gherkin refused in its own words: a comment after a row, a step after an
    /// outline's Examples, a block keyword alone with its colon left out. Each told plainly.
    #[test]
    fn a_comment_after_a_row_a_step_after_examples_and_a_bare_keyword_are_told_plainly() {
        let text = "Feature: f\n  Scenario: a\n    Given the events:\n      | event | a |\n      | X | 1 | # one\n    When 1 minute passes\n  Scenario Outline: b\n    When <n> minutes pass\n    Examples:\n      | n |\n      | 1 |\n    Then no events are recorded\n  Scenario Outline: c\n    When <n> minutes pass\n    Examples\n      | n |\n      | 1 |\n";
        assert_eq!(
            read_problems(text),
            [
                "f.feature:5:7: a comment goes on a line of its own, and this one follows a table row: `# one` (write it above the row, or leave it out: `| X | 1 |`); the scenario `a` is not run",
                "f.feature:12:5: `Then no events are recorded` comes after the Examples at line 9, where Gherkin takes no step: an outline's steps go above its `Examples:` line; the Scenario Outline `b` is not run",
                "f.feature:15:5: `Examples` takes a colon after it (`Examples`); the Scenario Outline `c` is not run; did you mean `Examples:`?",
            ]
        );
    }

    /// Suggestions that fit what was written: a longer keyword misspelt after a shorter one
    /// (`Scenario Outlin:`) is a slip of it, not `Scenario` missing its colon; a misspelt
    /// Feature line is a slip of it, not a line before the Feature's; a keyword followed by a
    /// non-breaking space keeps the author's keyword (`And`); lines ended by carriage returns
    /// alone are said so, where no scenario was found.
    #[test]
    fn suggestions_keep_what_was_written_and_old_mac_line_ends_are_named() {
        assert_eq!(
            typos("Feature: f\n  Scenario Outlin: o\n    When <n> minutes pass\n"),
            ["f.feature:2:3: \"Scenario Outlin:\" is read as description text; did you mean \"Scenario Outline:\"?"]
        );
        assert_eq!(
            read_problems("Featur: f\n  Scenario: s\n    When 1 minute passes\n"),
            ["f.feature:1:1: \"Featur:\" is not a keyword (`Featur: f`); did you mean \"Feature:\"?"]
        );
        let (names, problems) = read_scenarios("Feature: f\n  Scenario: s\n    When 1 minute passes\n    And\u{a0}no events are recorded\n  Scenario: t\n    When 1 minute passes\n");
        assert_eq!(names, ["t"]);
        assert_eq!(
            problems,
            ["f.feature:4:5: \"And\" is followed by a non-breaking space (`And\u{a0}no events are recorded`); the scenario `s` is not run; did you mean `And no events are recorded`?"]
        );
        assert_eq!(
            read_problems("Feature: f\r  Scenario: s\r    When 1 minute passes\r"),
            ["f.feature: its lines end with a carriage return alone (as old Mac OS editors save them), which Gherkin does not take for line ends: save it with line feeds, or turn it with `tr '\\r' '\\n'`"]
        );
        // A block with no name is named by what it is, not as `` (an empty name); the outline
        // that meant it as its Examples runs none, said with it rather than again as an outline
        // with no Examples.
        let (names, said) = read_scenarios("Feature: f\n  Scenario Outline: o\n    When <n> minutes pass\n    Example:\n      | n |\n      | 5 |\n  Scenario: t\n    When 1 minute passes\n");
        assert!(
            said[0].contains(
                "the Scenario Outline `o` and the scenario it opens, with no name, are not run"
            ),
            "{said:?}"
        );
        assert_eq!(names, ["t"]);
    }

    /// A misspelt `Background:` under the Feature line leaves its steps in the description:
    /// every scenario runs short of them, and is taken out, said once; the Background's steps
    /// after it are not told again as steps with no `Background:` line. A step in an Examples
    /// description was meant for the outline, whose rows would run short of it: they are not run
    /// (they ran, and passed, beside the problem told).
    #[test]
    fn a_misspelt_background_takes_out_every_scenario_and_a_step_in_examples_its_rows() {
        let text = "Feature: f\n  Backgrund:\n    Given the events:\n      | event | a |\n      | A | 1 |\n\n  Scenario: s\n    When 1 minute passes\n    Then no events are recorded\n  Rule: r\n    Scenario: t\n      When 1 minute passes\n      Then no events are recorded\n";
        let file = crate::temporary_feature(text);
        let (feature, problems) = read_file(file.path());
        let feature = feature.expect("a feature");
        assert!(feature.scenarios.is_empty() && feature.rules[0].scenarios.is_empty());
        assert_eq!(
            problems,
            [format!(
                "{}:2:3: \"Backgrund:\" is read as description text; the 2 scenarios of this \
                 feature are not run; did you mean \"Background:\"?",
                file.path().display()
            )]
        );

        let text = "Feature: f\n  Scenario Outline: o\n    When <n> minutes pass\n    Then no events are recorded\n    Examples:\n      Whenn 1 minute passes\n      | n |\n      | 1 |\n";
        let file = crate::temporary_feature(text);
        let (feature, problems) = read_file(file.path());
        assert_eq!(feature.expect("a feature").scenarios.len(), 0);
        assert_eq!(
            problems,
            [format!(
                "{}:6:7: \"Whenn\" is not a keyword, so `Whenn 1 minute passes` is read as \
                 description text; the Scenario Outline `o` is not run; did you mean \"When\"?",
                file.path().display()
            )]
        );
    }

    /// A second Feature, a Background after a scenario or twice, and a tag above a step were
    /// told in Gherkin's words, a keyword cut short (`Unknown keyword: 'Back'`) at the line
    /// after: each is now told at its own line, with what goes where.
    #[test]
    fn a_block_or_a_tag_out_of_place_is_told_at_its_line_with_where_it_goes() {
        let steps = "    When 1 minutes pass\n    Then no commands are sent\n";
        for (text, at, said) in [
            (
                format!("Feature: one\n  Scenario: s\n{steps}Feature: two\n  Scenario: t\n{steps}"),
                "5:1",
                "a feature file holds one `Feature:`, and this is a second (`Feature: two`)",
            ),
            (
                format!("Feature: f\n  Background:\n    Given no events\n  Background:\n    Given no events\n  Scenario: s\n{steps}"),
                "4:3",
                "a `Background:` comes once, before the first scenario of its feature (or of its rule), and this one comes a second time",
            ),
            (
                format!("Feature: f\n  Scenario: s\n{steps}  Background:\n    Given no events\n  Scenario: t\n{steps}"),
                "5:3",
                "a `Background:` comes once, before the first scenario of its feature (or of its rule), and this one comes after a scenario",
            ),
            (
                "Feature: f\n  Scenario: s\n    When 1 minutes pass\n    @oops\n    Then no commands are sent\n".to_string(),
                "4:5",
                "a tag goes on the line above a `Feature:`, `Rule:`, `Scenario:` or `Examples:` line, and this one stands above `Then no commands are sent`",
            ),
        ] {
            let file = crate::temporary_feature(&text);
            let path = file.path();
            let (_, problems) = read_file(path);
            let said_all = problems.join("\n");
            assert!(
                said_all.contains(&format!("{}:{at}: {said}", path.display())),
                "{said_all}"
            );
        }
        // A Rule has a Background of its own, and tags stand above scenarios and examples.
        let text = format!("@a\nFeature: f\n  Background:\n    Given no events\n  Rule: r\n    Background:\n      Given no events\n    @b @c\n    Scenario: s\n  {steps}");
        let file = crate::temporary_feature(&text);
        let (_, problems) = read_file(file.path());
        assert_eq!(problems, Vec::<String>::new());
    }

    /// A link that leads nowhere is said to be one, not a path that is not there.
    #[cfg(unix)]
    #[test]
    fn a_link_that_leads_nowhere_is_said_to_be_one() {
        let dir = tempfile::tempdir().unwrap();
        let looping = dir.path().join("loop.feature");
        std::os::unix::fs::symlink(&looping, &looping).unwrap();
        let missing = dir.path().join("missing.feature");
        let reading = read_paths(&[looping.clone(), missing.clone()]);
        assert_eq!(
            reading.problems,
            [
                format!(
                    "{}: a symbolic link that leads nowhere (to nothing there, or round in a loop)",
                    looping.display()
                ),
                format!("{}: no such file or folder", missing.display()),
            ]
        );
    }

    #[test]
    fn an_unknown_word_on_an_indented_line_is_found_on_its_own_line_and_named_whole() {
        let text = "Feature: f\n  Scenario Outline: o\n    Given no events\n    <row> here\n    \
                    When 1 minutes pass\n    Then no events are recorded\n\n    Examples:\n      \
                    | a |\n      | 1 |\n";
        let file = crate::temporary_feature(text);
        let path = file.path();
        let (_, problems) = read_file(path);
        let said = problems.join("\n");
        let at = format!(
            "{}:4:5: `<row> here` stands among the steps (after `Given no events`, line 3)",
            path.display()
        );
        assert!(said.contains(&at), "{said}");
    }

    #[test]
    fn a_row_wider_than_its_header_is_told_and_takes_only_its_own_scenarios_out() {
        let text = "Feature: f\n\
                    \x20 Scenario: kept\n    Given no events\n    Then no events are recorded\n\
                    \x20 Scenario: wide\n    Given no events\n    Then these events are recorded:\n\
                    \x20     | event | id |\n      | A     | 1  | 9 hours |\n\
                    \x20 Scenario Outline: o\n    Given no events\n    Examples:\n\
                    \x20     | a |\n      | 1 |\n\
                    \x20 Rule: r\n    Background:\n      Given the events:\n\
                    \x20       | event |\n        | A | x |\n\
                    \x20   Scenario: in the rule\n      Given no events\n";
        let file = crate::temporary_feature(text);
        let path = file.path();
        let (feature, problems) = read_file(path);
        let feature = feature.expect("the scenarios that read");
        let names: Vec<&str> = feature.scenarios.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["kept", "o"]);
        assert!(feature.rules[0].scenarios.is_empty());
        let shown = path.display();
        assert_eq!(
            problems,
            [
                format!(
                    "{shown}:9:7: this table row has 3 cells where the table's header (line 8) \
                     has 2 cells: `| A     | 1  | 9 hours |`"
                ),
                format!(
                    "{shown}:19:9: this table row has 2 cells where the table's header (line 18) \
                     has 1 cell: `| A | x |`"
                ),
            ]
        );
    }

    #[test]
    fn a_wide_row_in_one_examples_block_leaves_the_outline_s_other_blocks_and_every_bad_row_is_told(
    ) {
        let text = "Feature: f\n\
                    \x20 Scenario Outline: wait <n>\n    When <n> minutes pass\n\
                    \x20   Then no commands are sent\n\
                    \x20   Examples: good\n      | n |\n      | 1 |\n\
                    \x20   Examples: bad\n      | n |\n      | 3 | 4 |\n\
                    \x20 Scenario: rows of both widths\n    When 1 minute passes\n\
                    \x20   Then these commands are sent:\n      | command | order_id |\n\
                    \x20     | A | 1 | x |\n      | B |\n      | C | 2 | y |\n";
        let file = crate::temporary_feature(text);
        let path = file.path();
        let (feature, problems) = read_file(path);
        let feature = feature.expect("the outline's good block");
        assert_eq!(feature.scenarios.len(), 1);
        let kept: Vec<&str> = feature.scenarios[0]
            .examples
            .iter()
            .map(|e| e.name.as_deref().unwrap_or_default())
            .collect();
        assert_eq!(kept, ["good"]);
        let lines: Vec<&str> = problems
            .iter()
            .map(|p| p.split(": this table row").next().unwrap())
            .collect();
        let shown = path.display();
        assert_eq!(
            lines,
            [
                format!("{shown}:10:7"),
                format!("{shown}:15:7"),
                format!("{shown}:16:7"),
                format!("{shown}:17:7"),
            ],
            "{problems:#?}"
        );
    }
}
