//! Scenario Outlines expanded into their runs, one an Examples row, as cucumber's own parser
//! does, in time and memory that grow with the rows; what an Outline that cannot be expanded
//! lacks, told at its place; and where each run's row stands in the file.

use cucumber::feature::Ext as _;
use cucumber::gherkin::{Feature, Scenario};

/// Each Scenario Outline expanded into one scenario an Examples row, as cucumber's own parser
/// does (without it an Outline ran once, its `<placeholders>` unreplaced). An Outline that
/// cannot be expanded (a placeholder no Examples column gives, no Examples, Examples with no
/// rows) is a problem of the reading, listed and counted with the others, rather than an error
/// only cucumber's summary counts; it is left out, and the file's other scenarios run.
/// Taken whole: a copy of every feature, which the run never read again, cost each run of a
/// suite a copy of all its steps and tables.
pub(crate) fn expand(
    features: Vec<Feature>,
    problems: &mut Vec<String>,
    read: &[String],
) -> Vec<Feature> {
    let mut expanded = Vec::with_capacity(features.len());
    for mut f in features {
        // Expanded in the feature without them (its name, path and Background are what an
        // expansion reads).
        let scenarios = std::mem::take(&mut f.scenarios);
        let rules: Vec<Vec<Scenario>> = (f.rules.iter_mut())
            .map(|rule| std::mem::take(&mut rule.scenarios))
            .collect();
        f.scenarios = expand_each(&f, scenarios, problems);
        for (i, scenarios) in rules.into_iter().enumerate() {
            let expanded = expand_each(&f, scenarios, problems);
            f.rules[i].scenarios = expanded;
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
        let source =
            source.get_or_init(|| crate::diagnostics::Source::load(feature.path.as_deref()));
        let lines = source.lines();
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
                .map(|t| source.table_row_lines(t))
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
/// and its cells by column (`line 27 (col = seats; val = 11 workshop, 2 full)`). Cells are
/// parted by `; `, not `, `: a value may hold commas (`12 full, 2 workshop`), and `wanted = 12
/// full, 2 workshop, got = …` read as four cells. Only what is said changes: snapshot names are
/// made of the row's values (`snapshots::snapshot_scenario`), JUnit's case names of its line,
/// and `--name` matches the scenario's name alone.
pub(crate) fn examples_row(scenario: &Scenario) -> Option<String> {
    let (examples, header, row) = example_of(scenario)?;
    let cells = header
        .iter()
        .zip(row)
        .map(|(h, v)| format!("{h} = {v}"))
        .collect::<Vec<_>>()
        .join("; ");
    // In the file's own word (`Exemples`, `Beispiele`).
    Some(format!(
        "{} row at line {} ({cells})",
        examples.keyword.trim(),
        example_line(scenario)?
    ))
}

/// The Examples row of an expanded Outline scenario as its heading in the report names it: as
/// a failure does (`examples_row`), followed by the title of its Examples block where it has one
/// (`under `Examples: sold out``), which the report showed nowhere.
pub(crate) fn examples_heading(scenario: &Scenario) -> Option<String> {
    let row = examples_row(scenario)?;
    let (examples, _, _) = example_of(scenario)?;
    let name = examples.name.as_deref().unwrap_or_default().trim();
    Some(match name.is_empty() {
        true => row,
        false => format!("{row} under `{}: {name}`", examples.keyword.trim()),
    })
}

/// The line of the Examples row a scenario expanded from an outline runs: its Examples table,
/// which holds the header and that row, stands at that line (`at_its_row`).
pub(crate) fn example_line(scenario: &Scenario) -> Option<usize> {
    let (examples, _, _) = example_of(scenario)?;
    Some(examples.table.as_ref()?.position.line)
}

/// Places the Examples table of `run`, expanded from `examples`, at the line of the row it runs
/// (`rows`: the line of each row of the block's table, its header first, found once for the
/// block by `Source::table_row_lines`, where each run looked for its own from the file's
/// start). cucumber places a run at
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
    let line = rows.get(index + 1).copied().unwrap_or(header + 1 + index);
    for table in run.examples.iter_mut().filter_map(|e| e.table.as_mut()) {
        table.position.line = line;
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
        let file = crate::temporary_feature(&text);
        let rows = crate::diagnostics::Source::load(Some(file.path()))
            .table_row_lines(examples.table.as_ref().unwrap());
        assert_eq!(rows.len(), 101);
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
            "nothing to read: no feature files under q",
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
                "nothing to read: no feature files under q",
            ]
        );
        // Files in the order read, though the one read first was told last.
        in_file_order(&mut problems, &["b.feature".to_string()]);
        assert_eq!(problems[0], "b.feature:2:1: z");
        assert_eq!(problems[1], "C:/a b.feature:6:10: w, at line 1:2: no");
    }
}
