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
mod long_rows;
mod no_steps;
mod recovery;
mod rule_lines;
mod sentences;
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
    /// How many feature files were read, whether or not they held a scenario that reads.
    pub files: usize,
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
            let why = match path.symlink_metadata() {
                Ok(_) => {
                    "a symbolic link that leads nowhere (to nothing there, or round in a loop)"
                }
                Err(_) => "no such file or folder",
            };
            reading.problems.push(format!("{}: {why}", path.display()));
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
            if !read.insert(std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone())) {
                continue;
            }
            let (feature, problems) = read_file(&file);
            reading.files += 1;
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
    // A byte order mark, which some editors write, is no part of the Gherkin; gherkin would
    // take it as the start of the first keyword.
    let unmarked = domain::kernel::without_byte_order_mark(&text);
    let bom = unmarked.len() < text.len();
    let text = unmarked.to_string();
    let stray = with_stray_backslashes_kept(&text);
    let rewritten = stray.is_some();
    let text = stray.unwrap_or(text);
    // English for a language Gherkin does not know, which refuses the file whole.
    let d = Dialect::of(&text).unwrap_or_else(Dialect::english);
    let typos = typos_at(path, &text);
    let typo_lines: Vec<usize> = typos.iter().map(|typo| typo.line).collect();
    let mut problems = Vec::new();
    // Parsed with the sentences the gherkin crate would refuse left out; read as written.
    let sentences = sentences::with_sentences_blanked(&text);
    let parsed_text = sentences.as_deref().unwrap_or(&text);
    let parsed = if bom || rewritten || sentences.is_some() {
        parse_text(path, parsed_text)
    } else {
        Feature::parse_path(path, GherkinEnv::default())
    };
    let feature = match parsed {
        Ok(feature) => Some(rule_lines::rules_apart(parsed_text, feature)),
        Err(e) => {
            let (feature, errors) = recover(path, parsed_text, &e, &typo_lines);
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

#[cfg(test)]
mod tests {
    use super::located::{table_and_doc_string, unclosed_doc_string, uneven_row};
    use super::typos::keyword_slip;
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

    /// A misspelt `Background:` under the Feature line leaves its steps in the description:
    /// every scenario runs short of them, and is taken out, said once; the Background's steps
    /// after it are not told again as steps with no `Background:` line. A step in an Examples
    /// description was never one of the outline's: the outline runs.
    #[test]
    fn a_misspelt_background_takes_out_every_scenario_and_a_step_in_examples_none() {
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
        assert_eq!(feature.expect("a feature").scenarios.len(), 1);
        assert_eq!(
            problems,
            [format!(
                "{}:6:7: \"Whenn\" is not a keyword, so `Whenn 1 minute passes` is read as \
                 description text; did you mean \"When\"?",
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
                "a tag goes on the line above a Feature, Rule, Scenario or Examples line, and this one stands above `Then no commands are sent`",
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

    /// A file in another language is told its mistakes in its own keywords: a block out of
    /// place, a misspelt keyword in a description. One naming a language Gherkin does not know is
    /// told at that line, with the code meant when it is near one, where Gherkin's words named
    /// the Feature line and listed English keywords.
    #[test]
    fn a_file_in_another_language_is_told_in_its_keywords_and_an_unknown_one_at_its_line() {
        let steps = "    Quand 1 minute passes\n    Alors no commands are sent\n";
        let text = format!(
            "# language: fr\nFonctionnalité: f\n  Scénario: s\n{steps}  Contexte:\n    Soit no \
             events\n  Scénario: t\n{steps}"
        );
        let file = crate::temporary_feature(&text);
        let (_, problems) = read_file(file.path());
        let shown = file.path().display();
        assert_eq!(
            problems,
            [format!(
                "{shown}:6:3: a `Contexte:` comes once, before the first scenario of its feature \
                 (or of its rule), and this one comes after a scenario: join its steps to the \
                 one before the scenarios; the scenario `s` is not run"
            )]
        );
        let text = "# language: de\nFunktionalität: f\n  Szenaro: s\n  Regeln: siehe Wiki\n";
        assert_eq!(
            typos(text),
            ["f.feature:3:3: \"Szenaro:\" is read as description text; did you mean \"Szenario:\"?"]
        );

        for (language, said) in [
            ("xx", "`xx`"),
            ("french", "`french`; did you mean `fr`?"),
            ("FR", "`FR`; did you mean `fr`?"),
            ("en_US", "`en_US`; did you mean `en`?"),
            ("fr ", "`fr ` (`fr` is, without the space after it)"),
        ] {
            let file = crate::temporary_feature(format!(
                "\n# language: {language}\nFeature: f\n  Scenario: s\n{steps}"
            ));
            let (feature, problems) = read_file(file.path());
            assert!(feature.is_none());
            let [problem] = &problems[..] else {
                panic!("{problems:?}")
            };
            let start = format!(
                "{}:2:1: `# language: {}` names a language Gherkin does not know: {said} \
                 (Gherkin knows af, ",
                file.path().display(),
                language.trim()
            );
            assert!(problem.starts_with(&start), "{problem}");
        }
    }

    /// Sentences of a description that begin with a keyword's word are description, as Gherkin
    /// reads them: the gherkin crate refused the file at each. A block's line with its colon left
    /// out and steps under it is told as that, where its steps were told as a Background's.
    #[test]
    fn sentences_that_begin_with_a_keyword_s_word_read_and_a_block_without_its_colon_is_told() {
        let steps = "    When 1 minute passes\n    Then no events are recorded\n";
        let text = format!(
            "Feature: f\n  Rules: see the wiki.\n  Background info.\n  Scenarios are listed \
             below.\n  Rule of thumb: be kind.\n  Scenario: s\n    Examples of this are \
             few.\n{steps}"
        );
        let file = crate::temporary_feature(&text);
        let (feature, problems) = read_file(file.path());
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(feature.expect("a feature").scenarios.len(), 1);

        let text =
            format!("Feature: f\n  Scenario a payment is refused\n{steps}  Scenario: s\n{steps}");
        let file = crate::temporary_feature(&text);
        let (feature, problems) = read_file(file.path());
        let names: Vec<String> = feature
            .expect("a feature")
            .scenarios
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["s"]);
        assert_eq!(
            problems,
            [format!(
                "{}:2:3: `Scenario a payment is refused` is read as description text, as \
                 `Scenario` takes a colon after it, and Gherkin drops it with the steps under it; \
                 did you mean `Scenario: a payment is refused`?",
                file.path().display()
            )]
        );
    }

    /// Two mistakes in one file are each told at their own line: a block took the first told
    /// mistake of the whole file for its own (a tag above a step), and a misspelt `Scenario:`
    /// after another scenario's steps, whose block parses alone as description, was told at the
    /// first line like it.
    #[test]
    fn each_of_two_mistakes_in_a_file_is_told_at_its_own_line() {
        let steps = "    When 1 minute passes\n    Then no events are recorded\n";
        let good = format!("  Scenario: good\n{steps}");
        for (text, lines) in [
            (
                format!(
                    "Feature: f\n  Scenario: one\n    When 1 minute passes\n    @wip\n    Then no \
                     events are recorded\n{good}  Scenaro: three\n{steps}{good}"
                ),
                [4, 9],
            ),
            (
                format!("Feature: f\n  Scenaro: one\n{steps}{good}  Scenaro: three\n{steps}{good}"),
                [2, 8],
            ),
        ] {
            let file = crate::temporary_feature(&text);
            let (feature, problems) = read_file(file.path());
            let told: Vec<usize> = problems
                .iter()
                .map(|p| {
                    let at = p
                        .strip_prefix(&format!("{}:", file.path().display()))
                        .unwrap();
                    at.split(':').next().unwrap().parse().unwrap()
                })
                .collect();
            assert_eq!(told, lines, "{problems:#?}");
            assert!(problems[1].contains("\"Scenaro:\" is not a keyword (`Scenaro: three`)"));
            assert_eq!(feature.expect("the good scenarios").scenarios.len(), 2);
        }
    }

    /// A step's phrase after words Gherkin takes for no keyword of the file is told, with the
    /// step meant: a keyword with no space, a tab or a non-breaking space after it, an English
    /// keyword in a French file, a keyword misspelt beyond a slip. Where Gherkin drops the line
    /// as description (a scenario's first step) and where it refuses it (after a step).
    #[test]
    fn a_phrase_after_words_that_are_no_keyword_of_the_file_is_told_with_the_step_meant() {
        let fr = |line: &str, at: &'static str| {
            (
                format!(
                    "# language: fr\nFonctionnalité: f\n  Scénario: s\n    {line}\n    Quand 1 \
                     minute passes\n    Alors no events are recorded\n"
                ),
                at,
            )
        };
        for ((text, at), said) in [
            (
                fr("Soitno events", "4:5"),
                "\"Soit\" has no space after it, so `Soitno events` is read as description \
                 text, and Gherkin drops it; the scenario `s` is not run; did you mean `Soit no \
                 events`?",
            ),
            (
                fr("Soit\u{a0}no events", "4:5"),
                "\"Soit\" is followed by a non-breaking space, so `Soit\u{a0}no events` is read \
                 as description text, and Gherkin drops it; the scenario `s` is not run; did you \
                 mean `Soit no events`?",
            ),
            (
                fr("Given no events", "4:5"),
                "\"Given\" is an English keyword, and this file's `# language:` line names \
                 another, so `Given no events` is read as description text, and Gherkin drops \
                 it; the scenario `s` is not run; did you mean `Soit no events`?",
            ),
            (
                fr("Étant donne que no events", "4:5"),
                "\"Étant donne que\" is not a keyword, so `Étant donne que no events` is read as \
                 description text, and Gherkin drops it; the scenario `s` is not run; did you \
                 mean `Soit no events`?",
            ),
            (
                (
                    "# language: fr\nFonctionnalité: f\n  Scénario: s\n    Soit no events\n    \
                     When 1 minute passes\n    Alors no events are recorded\n"
                        .to_string(),
                    "5:5",
                ),
                "\"When\" is an English keyword, and this file's `# language:` line names \
                 another (`When 1 minute passes`); the scenario `s` is not run; did you mean \
                 `Quand 1 minute passes`?",
            ),
            (
                (
                    "Feature: f\n  Scenario: s\n    Given no events\n    When1 minute passes\n"
                        .to_string(),
                    "4:5",
                ),
                "\"When\" has no space after it (`When1 minute passes`); the scenario `s` is not \
                 run; did you mean `When 1 minute passes`?",
            ),
        ] {
            let file = crate::temporary_feature(&text);
            let (_, problems) = read_file(file.path());
            assert_eq!(
                problems,
                [format!("{}:{at}: {said}", file.path().display())]
            );
        }
    }

    /// French writes a space before a colon: `Contexte : historique.` under a Feature line with
    /// no step after it, or in a scenario's description, is a sentence, and so is `Exemple de
    /// donnée : conf-9.` in a scenario's description; `Scénario : un` with steps under it is a
    /// scenario's line, told.
    #[test]
    fn a_keyword_and_a_space_before_a_colon_is_a_sentence_unless_steps_follow_it() {
        let steps =
            "    Soit no events\n    Quand 1 minute passes\n    Alors no events are recorded\n";
        let text = format!(
            "# language: fr\nFonctionnalité: f\n  Contexte : historique.\n  Règle de gestion : \
             aucune.\n\n  Scénario: un\n    Contexte : historique.\n    Exemple de donnée : \
             conf-9.\n{steps}"
        );
        let file = crate::temporary_feature(&text);
        let (feature, problems) = read_file(file.path());
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(feature.expect("a feature").scenarios[0].steps.len(), 3);

        let text = format!("# language: fr\nFonctionnalité: f\n  Scénario : un\n{steps}");
        let file = crate::temporary_feature(&text);
        let (_, problems) = read_file(file.path());
        assert_eq!(
            problems,
            [format!(
                "{}:3:3: \"Scénario :\" is read as description text; did you mean \"Scénario:\"?",
                file.path().display()
            )]
        );
    }

    /// A full-width colon after a keyword (`场景：一`), as Chinese and Japanese keyboards write
    /// one, is told at its line: its steps were told as steps with no Background line.
    #[test]
    fn a_full_width_colon_after_a_keyword_is_told_at_its_line() {
        let text =
            "# language: zh-CN\n功能: f\n  场景：一\n    假如no events\n    当1 minute passes\n";
        assert_eq!(
            typos(text),
            ["f.feature:3:3: \"场景：\" is read as description text; did you mean \"场景:\"?"]
        );
    }

    /// An Examples line with no scenario above it (`Examples: see below.` in a Feature's
    /// description) is no description for Gherkin: told so, where the crate named a keyword cut
    /// short (`Unknown keyword: 'Exam'`).
    #[test]
    fn an_examples_line_with_no_scenario_above_it_is_told_so() {
        let text = "Feature: f\n  Scenarios: below.\n  Scenario: s\n    When 1 minute passes\n";
        let file = crate::temporary_feature(text);
        let (_, problems) = read_file(file.path());
        assert_eq!(
            problems,
            [format!(
                "{}:2:3: the line `Scenarios: below.` opens an Examples block, the rows of the \
                 `Scenario Outline:` above it, and no scenario stands above it: in a description, \
                 reword it so that it does not start `Scenarios:`",
                file.path().display()
            )]
        );
    }

    /// A language line Gherkin does not read (under a note, or misspelt) is told, as is a Feature
    /// line in another language than the file is read in: every keyword after them was unknown.
    #[test]
    fn a_language_line_gherkin_does_not_read_and_a_feature_line_of_another_language_are_told() {
        let rest = "Fonctionnalité: f\n  Scénario: s\n    Quand 1 minute passes\n";
        for (head, at, said) in [
            (
                "# a note\n# language: fr\n",
                "2:1",
                "`# language: fr` is read as a comment: Gherkin reads the language only on the \
                 file's first written line: move it above the lines before it (`# language: fr`)",
            ),
            (
                "# Language: fr\n",
                "1:1",
                "`# Language: fr` is read as a comment: Gherkin's language line is written `# \
                 language: <code>`, in lower case, on the file's first written line (`# language: \
                 fr`)",
            ),
            (
                "",
                "1:1",
                "`Fonctionnalité: f` opens a feature in `fr`, and this file is read in English, \
                 Gherkin's own when the file's first line names no other: write `Feature:`, or \
                 name the file's language on its first line (`# language: fr`)",
            ),
        ] {
            let file = crate::temporary_feature(format!("{head}{rest}"));
            let (_, problems) = read_file(file.path());
            assert_eq!(
                problems,
                [format!("{}:{at}: {said}", file.path().display())]
            );
        }
    }

    /// A French scenario with no steps names the `Exemple:` line after it that took them, as an
    /// English one names an `Example:` line.
    #[test]
    fn a_french_scenario_with_no_steps_names_the_exemple_line_that_took_them() {
        let text =
            "# language: fr\nFonctionnalité: f\n  Scénario: deux places\n    Exemple: Alice \
                    achète deux places.\n    Quand 1 minute passes\n    Alors no events are \
                    recorded\n";
        let file = crate::temporary_feature(text);
        let (_, problems) = read_file(file.path());
        assert_eq!(
            problems,
            [format!(
                "{}:3:3: the scenario `deux places` has no steps (the line `Exemple: Alice achète \
                 deux places.` at line 4 opens a scenario of its own, as `Scénario:` does, and the \
                 steps under it are that one's), so nothing could fail it: it is not run (a \
                 scenario has exactly one When)",
                file.path().display()
            )]
        );
    }

    /// Prose in a description is not taken for a keyword's line: a keyword and punctuation
    /// (`Example, a case.`, `Scenario-wise`), a heading over bullets (`Rule of thumb` over `* one
    /// When per scenario`), a step keyword and a colon before prose (`Given: the order is new.`),
    /// a full-width colon with no step after it (`背景：去年场地太小。`), French spacing in an
    /// Examples description. An Examples line before a scenario's steps is told at its line.
    #[test]
    fn prose_in_a_description_is_not_taken_for_a_keyword_s_line() {
        let steps =
            "    Given no events\n    When 1 minute passes\n    Then no commands are sent\n";
        for description in [
            "Example, a case.",
            "Scenario-wise, these are common.",
            "Scenario's steps are short.",
            "Rule of thumb for the examples below\n  * one When per scenario",
            "Background of this feature\n  * one When per scenario",
            "Given: the order is new.",
            "We make sure no events are recorded",
            "Remember the events:\n  they come first.",
            "Glossary:\n  | term | meaning |\n  | order | a thing |",
        ] {
            let text = format!("Feature: f\n  {description}\n\n  Scenario: s\n{steps}");
            let file = crate::temporary_feature(&text);
            let (feature, problems) = read_file(file.path());
            assert_eq!(problems, Vec::<String>::new(), "{description}");
            assert_eq!(
                feature.expect("a feature").scenarios.len(),
                1,
                "{description}"
            );
        }
        // A glossary under a sentence of a scenario's description shows what it says.
        let text = format!(
            "Feature: f\n  Scenario: s\n    A note:\n    | term | meaning |\n    | order | a \
             thing |\n{steps}"
        );
        let file = crate::temporary_feature(&text);
        assert_eq!(read_file(file.path()).1, Vec::<String>::new());
        let zh = "# language: zh-CN\n功能: f\n  背景：去年场地太小。\n  例子：见下文。\n\n  场景: s\n    假如no events\n    当1 minute passes\n    那么no commands are sent\n";
        let file = crate::temporary_feature(zh);
        assert_eq!(read_file(file.path()).1, Vec::<String>::new());
        let fr = "# language: fr\nFonctionnalité: f\n  Plan du scénario: s <n>\n    Soit no events\n    Quand <n> minutes pass\n    Alors no commands are sent\n\n    Exemples: petit\n      Contexte : historique.\n      | n |\n      | 1 |\n";
        let file = crate::temporary_feature(fr);
        assert_eq!(read_file(file.path()).1, Vec::<String>::new());

        let text = format!("Feature: f\n  Scenario: s\n    Examples: see below.\n{steps}");
        let file = crate::temporary_feature(&text);
        let (_, problems) = read_file(file.path());
        assert_eq!(
            problems,
            [format!(
                "{}:3:5: the line `Examples: see below.` opens an Examples block, the rows of the \
                 scenario above it, and stands before that scenario's steps: in its description, \
                 reword it so that it does not start `Examples:`; the scenario `s` is not run",
                file.path().display()
            )]
        );
    }

    /// A Rule's line written otherwise than `Rule: title`, over its own lines indented under it,
    /// is told, and the feature's scenarios are not run: Gherkin read its Background as the
    /// feature's, for every rule (a third review's `Règle : orateurs`, `Rules: speakers`). So is a
    /// misspelt Rule line after a scenario's steps, with the scenarios under it.
    #[test]
    fn a_rule_line_written_otherwise_is_told_and_its_background_spreads_to_nothing() {
        let body = |background: &str, given: &str, scenario: &str, when: &str, then: &str| {
            format!(
                "    {background}:\n      {given} no events\n    {scenario}: a\n      {when} 1 \
                 minute passes\n      {then} no events are recorded\n"
            )
        };
        for (head, rule, said) in [
            (
                "Feature: f\n  Rules: speakers\n",
                body("Background", "Given", "Scenario", "When", "Then"),
                "2:3: `Rules: speakers` is read as description text, as Gherkin takes a line for a \
                 `Rule:` line only with the colon right after the keyword, and it reads the lines \
                 under it as the ones above's; the scenario `a` is not run; did you mean `Rule: \
                 speakers`?",
            ),
            (
                "# language: fr\nFonctionnalité: f\n  Règle : orateurs\n",
                body("Contexte", "Soit", "Scénario", "Quand", "Alors"),
                "3:3: `Règle : orateurs` is read as description text, as Gherkin takes a line for \
                 a `Règle:` line only with the colon right after the keyword, and it reads the \
                 lines under it as the ones above's; the scenario `a` is not run; did you mean \
                 `Règle: orateurs`?",
            ),
        ] {
            let file = crate::temporary_feature(format!("{head}{rule}"));
            let (feature, problems) = read_file(file.path());
            assert_eq!(problems, [format!("{}:{said}", file.path().display())]);
            let feature = feature.expect("a feature");
            assert!(feature.scenarios.is_empty() && feature.rules.is_empty());
        }
        let text = format!(
            "Feature: f\n  Rule: one\n{}  Rle: two\n{}",
            body("Background", "Given", "Scenario", "When", "Then"),
            body("Background", "Given", "Scenario", "When", "Then").replace(": a", ": b")
        );
        let file = crate::temporary_feature(&text);
        let (feature, problems) = read_file(file.path());
        assert_eq!(
            problems,
            [format!(
                "{}:8:3: \"Rle:\" is not a keyword (`Rle: two`); did you mean \"Rule:\"?",
                file.path().display()
            )]
        );
        let rules = feature.expect("a feature").rules;
        let names: Vec<&str> = rules
            .iter()
            .flat_map(|r| r.scenarios.iter().map(|s| s.name.as_str()))
            .collect();
        assert_eq!(names, ["a"]);
    }

    /// `Exemple:`, French's synonym of `Scénario:`, over an outline's rows is told with the
    /// keyword meant (`Exemples:`); a keyword alone as a heading over prose (`Background`) is
    /// description, and one over lines indented under it is the block's line, told.
    #[test]
    fn an_exemple_line_over_rows_and_a_keyword_alone_are_read_as_meant() {
        let text = "# language: fr\nFonctionnalité: f\n  Plan du scénario: s <n>\n    Quand <n> \
                    minutes pass\n    Alors no events are recorded\n\n    Exemple:\n      | n |\n \
                         | 1 |\n";
        let file = crate::temporary_feature(text);
        let (_, problems) = read_file(file.path());
        assert_eq!(
            problems,
            [format!(
                "{}:7:5: `Exemple:` opens a scenario of its own (as `Scénario:` does), and the \
                 table under it is read as its description; the scenario `` is not run; did you \
                 mean `Exemples:`, the rows of the outline above?",
                file.path().display()
            )]
        );
        let steps =
            "    Given no events\n    When 1 minute passes\n    Then no events are recorded\n";
        let heading = format!("Feature: f\n  Background\n  * kept short\n\n  Scenario: s\n{steps}");
        let file = crate::temporary_feature(&heading);
        assert_eq!(read_file(file.path()).1, Vec::<String>::new());
        let block =
            format!("Feature: f\n  Background\n    Given no events\n\n  Scenario: s\n{steps}");
        let file = crate::temporary_feature(&block);
        let (feature, problems) = read_file(file.path());
        assert!(
            problems[0].contains(":2:3: `Background` is read as description text"),
            "{problems:?}"
        );
        assert!(feature.is_none_or(|f| f.scenarios.is_empty()));
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
            "{}:4:5: this is not valid Gherkin (Unknown keyword: '<row>'): `<row> here`",
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
