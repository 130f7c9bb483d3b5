//! What a step carries, echoed under it in a run's report: its table, as written and padded,
//! and its doc string between its fences (an Outline's row shows its values in place). A long
//! table is shortened to its first and last rows and the rows a failure points at: a
//! 5,000-row Given echoed whole made one error half a megabyte long.

use std::borrow::Cow;

use cucumber::gherkin::{Feature, Step, Table};

use crate::diagnostics::Source;

/// Tables of up to this many rows under their header are echoed whole.
const MOST_ROWS: usize = 20;
/// What a longer table keeps of its start and its end.
const FIRST_ROWS: usize = 5;
const LAST_ROWS: usize = 3;

/// The step's table or doc string, each line led by a line end and `indent` spaces. `failure`
/// is what the step failed with: the rows of the table it places a mistake on are kept.
pub(crate) fn attachment_text(
    feature: &Feature,
    step: &Step,
    indent: usize,
    failure: Option<&str>,
) -> String {
    let mut out = String::new();
    if let Some(table) = &step.table {
        let kept = kept_rows(feature, table, failure);
        out.push_str(&table_text(table, indent, &kept));
    }
    if let Some(doc) = &step.docstring {
        let pad = " ".repeat(indent);
        // Gherkin's doc string starts with the rest of its opening fence's line (a content
        // type such as `json`, or nothing); after a content type its lines keep their
        // indentation, which is taken off here as it is otherwise.
        let mut lines = doc.split('\n').map(|l| l.trim_end_matches('\r'));
        let fence_rest = lines.next().unwrap_or_default();
        let mut body: Vec<&str> = lines.collect();
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
        // Counted in characters: white space may take several bytes (U+3000), and a line cut
        // inside one would be echoed blank.
        let common = body
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.chars().take_while(|c| c.is_whitespace()).count())
            .min()
            .unwrap_or(0);
        let fence_rest = domain::kernel::printable_lines(fence_rest);
        out.push_str(&format!("\n{pad}\"\"\"{fence_rest}"));
        let unindented = |l: &&str| -> String { l.chars().skip(common).collect() };
        for line in body.iter().map(unindented) {
            out.push('\n');
            if !line.is_empty() {
                let line = domain::kernel::printable_lines(&line);
                out.push_str(&format!("{pad}{}", cut_line(&line)));
            }
        }
        out.push_str(&format!("\n{pad}\"\"\""));
    }
    out
}

/// Which rows of a table to echo (the header is row 0): all of a short one; of a long one the
/// first and last rows and each row a failure names the line of.
fn kept_rows(feature: &Feature, table: &Table, failure: Option<&str>) -> Vec<bool> {
    let rows = table.rows.len();
    if rows <= MOST_ROWS + 1 {
        return vec![true; rows];
    }
    let mut kept: Vec<bool> = (0..rows)
        .map(|r| r <= FIRST_ROWS || r >= rows - LAST_ROWS)
        .collect();
    let (Some(failure), Some(path)) = (failure, &feature.path) else {
        return kept;
    };
    let source = Source::load(Some(path));
    let lines = source.table_row_lines(table);
    let place = format!("{}:", path.display());
    for at in failure.match_indices(&place) {
        let rest = &failure[at.0 + place.len()..];
        let line: Option<usize> = rest
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|l| l.parse().ok());
        if let Some(r) = line.and_then(|l| lines.iter().position(|&row| row == l)) {
            kept[r] = true;
        }
    }
    kept
}

/// The kept rows of a table, its columns padded to the widest kept cell, one row a line; rows
/// left out are counted where they stand.
pub(crate) fn table_text(table: &Table, indent: usize, kept: &[bool]) -> String {
    let shown = |r: usize| kept.get(r).copied().unwrap_or(true);
    // Each cell with the columns a terminal shows it in, counted once: padded by characters, a
    // cell of wide characters (`Étudiant 学生`) stuck out past its header.
    let rows: Vec<Vec<(Cow<'_, str>, usize)>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    let cell = as_in_a_table(cell);
                    let width = columns_of(&cell);
                    (cell, width)
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = Vec::new();
    for (_, row) in rows.iter().enumerate().filter(|(r, _)| shown(*r)) {
        for (i, (_, width)) in row.iter().enumerate() {
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(*width),
                None => widths.push(*width),
            }
        }
    }
    let mut out = String::new();
    let mut left_out = 0;
    for (r, row) in rows.iter().enumerate() {
        if !shown(r) {
            left_out += 1;
            continue;
        }
        if left_out > 0 {
            out.push_str(&format!(
                "\n{}{}",
                " ".repeat(indent),
                rows_left_out(left_out)
            ));
            left_out = 0;
        }
        out.push('\n');
        out.push_str(&" ".repeat(indent));
        // Padded by hand: `format!` with a width costs more than the rest of the echo.
        for ((cell, own), width) in row.iter().zip(&widths) {
            out.push_str("| ");
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', width.saturating_sub(*own) + 1));
        }
        out.push('|');
    }
    out
}

/// How many columns a terminal shows `text` in: a wide character (`学`) takes two, a combining
/// one none. Tables are padded by it.
pub(crate) fn columns_of(text: &str) -> usize {
    match text.is_ascii() {
        true => text.len(),
        false => unicode_width::UnicodeWidthStr::width(text),
    }
}

/// The most characters of a cell echoed whole: a long JSON value (an order's lines) fits; a
/// 200,000-character one, echoed whole, padded its column and every other row to its width.
pub(crate) const MOST_CELL: usize = 1_000;

/// The most characters of a line of the report shown whole (a step's text, a doc string's line,
/// a line of a message): a 500,000-character value quoted in a message made a line of 1 MB.
const MOST_LINE: usize = 4_000;

/// A line of the report, cut to its start and end past `MOST_LINE` characters.
pub(crate) fn cut_line(line: &str) -> Cow<'_, str> {
    domain::kernel::shortened(line, MOST_LINE)
}

/// A cell as a table writes it: a line end as `\n` and a bar as `\|`, which Gherkin read out of
/// them, so that the echoed row stays one line of its table; longer than `MOST_CELL`, by its
/// start and end; its control characters written out.
fn as_in_a_table(cell: &str) -> Cow<'_, str> {
    let cell = domain::kernel::shortened(cell, MOST_CELL);
    // A backslash too, as Gherkin reads `\\` in a cell: a cell holding `\t` as written and
    // one holding a tab were echoed alike.
    let cell: Cow<'_, str> = match cell.contains(['|', '\n', '\\']) {
        true => cell
            .replace('\\', "\\\\")
            .replace('|', "\\|")
            .replace('\n', "\\n")
            .into(),
        false => cell,
    };
    // Written out here, not only as the report is printed, so that the padding counts it; a
    // tab too, which a terminal shows as wide as it likes.
    match domain::kernel::printable(&cell) {
        Cow::Borrowed(_) => cell,
        Cow::Owned(written_out) => written_out.into(),
    }
}

fn rows_left_out(n: usize) -> String {
    match n {
        1 => "… 1 row …".into(),
        n => format!("… {} rows …", domain::kernel::readable_number(n as i128)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cucumber::gherkin::GherkinEnv;

    fn feature(text: &str) -> Feature {
        Feature::parse(text, GherkinEnv::default()).expect("parses")
    }

    /// A cell Gherkin read a line end or a bar out of is echoed as written: the line end broke
    /// the echoed row in two.
    #[test]
    fn a_cell_with_an_escaped_line_end_or_bar_is_echoed_as_written() {
        let f = feature(
            "Feature: f\n  Scenario: s\n    When the command is sent:\n      | command | note   |\n      | X       | a\\nb\\|c |\n",
        );
        let step = &f.scenarios[0].steps[0];
        assert_eq!(
            attachment_text(&f, step, 4, None),
            "\n    | command | note    |\n    | X       | a\\nb\\|c |"
        );
    }

    /// A cell of 200,000 characters is echoed by its start and end, and its column padded to
    /// that: echoed whole, it and the padding of every other row made a report of 400 KB.
    /// Cells of control characters are written out, padded as written out.
    #[test]
    fn a_very_long_cell_is_shortened_and_control_characters_written_out() {
        let long = "x".repeat(200_000);
        let f = feature(&format!(
            "Feature: f\n  Scenario: s\n    When the command is sent:\n      | command | note |\n      | X       | {long} |\n      | Y       | a{}b |\n",
            '\u{1b}'
        ));
        let echoed = attachment_text(&f, &f.scenarios[0].steps[0], 4, None);
        assert!(echoed.len() < 3_000, "{} bytes", echoed.len());
        assert!(echoed.contains("characters left out"), "{echoed}");
        let rows: Vec<&str> = echoed.lines().skip(1).collect();
        assert!(
            rows[2].starts_with("    | Y       | a\\u{1b}b "),
            "{echoed}"
        );
        // A tab too, which a terminal shows as wide as it likes (the review's F11).
        let f = feature(
            "Feature: f\n  Scenario: s\n    When the command is sent:\n      | command | note |\n      | X       | a\tb |\n",
        );
        let echoed = attachment_text(&f, &f.scenarios[0].steps[0], 4, None);
        assert!(echoed.contains("| a\\tb |"), "{echoed}");
        // And a backslash written `\\`, as Gherkin reads it, so that `x\\ty` as written and
        // a tab are echoed apart (the review of 2026-12-06, F15).
        let f = feature(
            "Feature: f\n  Scenario: s\n    When the command is sent:\n      | command | note  |\n      | X       | x\\\\ty |\n",
        );
        let echoed = attachment_text(&f, &f.scenarios[0].steps[0], 4, None);
        assert!(echoed.contains("| x\\\\ty |"), "{echoed}");
        let widths: Vec<usize> = rows.iter().map(|r| r.chars().count()).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}");
    }

    /// Columns line up on a terminal when cells hold wide characters: padded by characters, a
    /// cell of `学生` stuck out two columns past its header.
    #[test]
    fn cells_of_wide_characters_are_padded_to_the_columns_they_take() {
        let f = feature(
            "Feature: f\n  Scenario: s\n    When the command is sent:\n      | command | name |\n      | X       | Étudiant 学生 |\n      | Y       | a |\n",
        );
        let echoed = attachment_text(&f, &f.scenarios[0].steps[0], 4, None);
        let widths: Vec<usize> = echoed
            .lines()
            .skip(1)
            .map(unicode_width::UnicodeWidthStr::width)
            .collect();
        assert_eq!(widths.len(), 3, "{echoed}");
        assert!(
            widths.iter().all(|w| *w == widths[0]),
            "{widths:?}\n{echoed}"
        );
    }

    /// A line of the report past `MOST_LINE` characters is cut to its start and end; a shorter
    /// one is left whole.
    #[test]
    fn a_very_long_line_of_the_report_is_cut() {
        let long = "Q".repeat(500_000);
        let cut = cut_line(&long);
        assert!(cut.chars().count() < MOST_LINE + 100, "{}", cut.len());
        assert!(cut.contains("characters left out"));
        assert_eq!(cut_line("a short line"), "a short line");
    }

    #[test]
    fn a_doc_string_is_echoed_between_its_fences() {
        for fence_rest in ["", "json"] {
            let f = feature(&format!(
                "Feature: f\n  Scenario: s\n    When the command is sent:\n      \"\"\"{fence_rest}\n      [{{\"command\": \"X\",\n\n        \"id\": 1}}]\n      \"\"\"\n"
            ));
            let step = &f.scenarios[0].steps[0];
            assert_eq!(
                attachment_text(&f, step, 4, None),
                format!(
                    "\n    \"\"\"{fence_rest}\n    [{{\"command\": \"X\",\n\n      \"id\": 1}}]\n    \"\"\""
                )
            );
        }
    }

    /// Indentation is counted in characters: a line indented with a wide space (three bytes)
    /// beside one indented with two plain spaces was cut inside it, and echoed blank.
    #[test]
    fn a_doc_string_indented_with_wide_spaces_keeps_its_text() {
        let f = feature(
            "Feature: f\n  Scenario: s\n    When the command is sent:\n      \"\"\"\n\u{3000}a\n  b\n      \"\"\"\n",
        );
        let step = &f.scenarios[0].steps[0];
        let echoed = attachment_text(&f, step, 4, None);
        assert!(
            echoed.contains("    a\n") && echoed.contains("     b"),
            "{echoed:?}"
        );
    }

    #[test]
    fn a_long_table_keeps_its_first_and_last_rows_and_the_rows_a_failure_names() {
        let mut text =
            String::from("Feature: f\n  Scenario: s\n    Given the events:\n      | event | n |\n");
        for n in 0..100 {
            text.push_str(&format!("      | E | {n} |\n"));
        }
        let file = crate::temporary_feature(&text);
        let path = file.path();
        let mut f = feature(&text);
        f.path = Some(path.to_path_buf());
        let step = &f.scenarios[0].steps[0];
        // Row n stands on line 5 + n.
        let failure = format!("{}:55:13: n: not this one", path.display());
        let echoed = attachment_text(&f, step, 2, Some(&failure));
        let expected = [
            "| event | n  |",
            "| E     | 0  |",
            "| E     | 1  |",
            "| E     | 2  |",
            "| E     | 3  |",
            "| E     | 4  |",
            "… 45 rows …",
            "| E     | 50 |",
            "… 46 rows …",
            "| E     | 97 |",
            "| E     | 98 |",
            "| E     | 99 |",
        ]
        .map(|l| format!("\n  {l}"))
        .concat();
        assert_eq!(echoed, expected);
        // Without a failure, or short, a table is echoed as it was.
        assert_eq!(
            attachment_text(&f, step, 2, None).matches("rows …").count(),
            1
        );
    }
}
