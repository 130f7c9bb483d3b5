//! Errors a feature author gets: the file, line and column of the mistake, what was expected,
//! and the nearest known name.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use cucumber::gherkin::Step;

use crate::dialect::Dialect;
use crate::tables::CellError;

/// A mistake with its place in a feature file.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// The text of a feature file, to find the column of a table cell.
#[derive(Clone, Debug, Default)]
pub struct Source {
    path: Option<PathBuf>,
    lines: Arc<Vec<String>>,
    /// The file's keywords (see [`Source::dialect`]), read with its lines; English when none.
    dialect: Option<&'static Dialect>,
}

/// A feature file's text as its reading found it, and its lines once something asked for them.
struct Kept {
    text: Arc<str>,
    lines: OnceLock<Arc<Vec<String>>>,
}

/// Every feature file's text, by path, as read once: a named pipe or `/dev/stdin` gives its
/// text to one read only, and a file read again could have changed since it was parsed.
fn cache() -> &'static Mutex<HashMap<PathBuf, Arc<Kept>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Kept>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Keeps the text of the feature file at `path` as its reading found it, for the messages and
/// echoes that quote its lines, in place of reading it again.
pub(crate) fn keep_text(path: &Path, text: &str) {
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    // Read again unchanged (each round of a benchmark), the lines split once stay.
    if cache.get(path).is_some_and(|kept| *kept.text == *text) {
        return;
    }
    let kept = Kept {
        text: text.into(),
        lines: OnceLock::new(),
    };
    cache.insert(path.to_path_buf(), Arc::new(kept));
}

fn kept(path: &Path) -> Arc<Kept> {
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(path.to_path_buf())
        .or_insert_with(|| {
            Arc::new(Kept {
                text: std::fs::read_to_string(path).unwrap_or_default().into(),
                lines: OnceLock::new(),
            })
        })
        .clone()
}

impl Source {
    pub fn load(path: Option<&Path>) -> Source {
        let Some(path) = path else {
            return Source::default();
        };
        let kept = kept(path);
        let lines = kept
            .lines
            .get_or_init(|| {
                Arc::new(
                    domain::kernel::without_byte_order_mark(&kept.text)
                        .lines()
                        .map(str::to_string)
                        .collect(),
                )
            })
            .clone();
        let first = lines.iter().find(|l| !l.trim().is_empty());
        Source {
            path: Some(path.to_path_buf()),
            dialect: Dialect::of(first.map_or("", String::as_str)),
            lines,
        }
    }

    /// The file's lines, as written.
    pub(crate) fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The keywords of the language the file is written in (English unless its first line
    /// names another), to quote its steps back as written.
    pub(crate) fn dialect(&self) -> &'static Dialect {
        self.dialect.unwrap_or_else(Dialect::english)
    }

    pub fn file(&self) -> String {
        self.path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "<feature>".into())
    }

    /// An error at the step itself.
    pub fn at_step(&self, step: &Step, message: impl Into<String>) -> Located {
        Located {
            file: self.file(),
            line: step.position.line,
            column: step.position.col,
            message: message.into(),
        }
    }

    /// An error at a cell of the step's table.
    pub fn at_cell(&self, step: &Step, error: &CellError) -> Located {
        let Some(table) = step.table.as_ref() else {
            return self.at_step(step, error.message.clone());
        };
        let line = self
            .table_row_lines(table)
            .get(error.row)
            .copied()
            .unwrap_or(table.position.line + error.row);
        let column = self
            .lines
            .get(line.wrapping_sub(1))
            .and_then(|text| cell_column(text, error.column))
            .unwrap_or(table.position.col);
        Located {
            file: self.file(),
            line,
            column,
            message: error.message.clone(),
        }
    }

    /// An error inside the step's doc string, at a line and column of its text as the doc string
    /// reads it: line 1 is the rest of the opening fence, and `text` is that text after Gherkin
    /// took the common indentation off, so the indentation is measured on the line itself.
    pub fn at_doc_string(
        &self,
        step: &Step,
        text: &str,
        line: usize,
        column: usize,
        message: String,
    ) -> Located {
        let at = step.position.line + line.max(1);
        let written = self.lines.get(at.wrapping_sub(1)).map(String::as_str);
        let read = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let column = match written {
            Some(w) if w.ends_with(read) => {
                w[..w.len() - read.len()].chars().count() + column.max(1)
            }
            Some(w) => {
                // Gherkin strips the fence's indentation from each line of a doc string.
                let fence = self
                    .lines
                    .get(step.position.line)
                    .map_or(0, |f| f.chars().take_while(|c| c.is_whitespace()).count());
                let strip = fence.min(w.chars().take_while(|c| c.is_whitespace()).count());
                let written: Vec<char> = w.chars().skip(strip).collect();
                strip + Self::written_column(&written, read, column.max(1))
            }
            None => column.max(1),
        };
        Located {
            file: self.file(),
            line: at,
            column,
            message,
        }
    }

    /// Where column `column` (from 1) of `read` stands in `written`, the line as the file writes it,
    /// where the two differ: an Outline's placeholder replaced by a value of another length. A
    /// column in the part they share at the start or the end keeps its place; one inside what was
    /// replaced points at where the replacement starts, the placeholder.
    fn written_column(written: &[char], read: &str, column: usize) -> usize {
        let read: Vec<char> = read.chars().collect();
        if let Some(at) = Self::through_placeholders(written, &read, column) {
            return at;
        }
        let prefix = written
            .iter()
            .zip(&read)
            .take_while(|(a, b)| a == b)
            .count();
        let room = written.len().min(read.len()) - prefix;
        let suffix = written
            .iter()
            .rev()
            .zip(read.iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        let i = column - 1;
        if i < prefix {
            column
        } else if i >= read.len().saturating_sub(suffix) && i <= read.len() {
            written.len() - (read.len() - i) + 1
        } else {
            prefix + 1
        }
    }

    /// `written_column` for a line written with placeholders (`<name>`), each replaced by its
    /// value: the text between them is found in `read` in turn, so that a column after the
    /// second placeholder is placed too (the shared start and end alone placed it at the first).
    /// `None` when the line has no placeholder, or the text between them is not found.
    fn through_placeholders(written: &[char], read: &[char], column: usize) -> Option<usize> {
        // The written line as literal runs and placeholders, each with where it starts.
        let mut pieces: Vec<(bool, usize, usize)> = Vec::new(); // (placeholder, start, end)
        let mut i = 0;
        while i < written.len() {
            let closes = (written[i] == '<')
                .then(|| written[i + 1..].iter().position(|&c| c == '>'))
                .flatten()
                .filter(|&n| n > 0 && !written[i + 1..i + 1 + n].iter().any(|c| c.is_whitespace()));
            match closes {
                Some(n) => {
                    pieces.push((true, i, i + n + 2));
                    i += n + 2;
                }
                None => {
                    match pieces.last_mut() {
                        Some((false, _, end)) => *end = i + 1,
                        _ => pieces.push((false, i, i + 1)),
                    }
                    i += 1;
                }
            }
        }
        if !pieces.iter().any(|p| p.0) {
            return None;
        }
        // Each piece's span in `read`: literals matched in turn, values whatever lies between.
        let mut at = 0;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (k, &(placeholder, start, end)) in pieces.iter().enumerate() {
            if placeholder {
                spans.push((at, at)); // its end is set when the next literal is found
                continue;
            }
            let literal = &written[start..end];
            let found = match k {
                0 => read.starts_with(literal).then_some(0)?,
                _ if k == pieces.len() - 1 => {
                    let from = read.len().checked_sub(literal.len())?;
                    (from >= at && read.ends_with(literal)).then_some(from)?
                }
                _ => {
                    at + read[at..]
                        .windows(literal.len())
                        .position(|w| w == literal)?
                }
            };
            if let Some(last) = spans.last_mut().filter(|_| k > 0 && pieces[k - 1].0) {
                last.1 = found;
            }
            spans.push((found, found + literal.len()));
            at = found + literal.len();
        }
        if pieces.last().is_some_and(|p| p.0) {
            if let Some(last) = spans.last_mut() {
                last.1 = read.len();
            }
        }
        let i = column - 1;
        pieces
            .iter()
            .zip(&spans)
            .find_map(
                |(&(placeholder, start, _), &(from, to))| match placeholder {
                    true => (i >= from && i < to.max(from + 1)).then_some(start + 1),
                    false => (i >= from && i < to).then_some(start + (i - from) + 1),
                },
            )
    }

    /// The 1-based column where the text of a line starts, if the line is known.
    pub fn text_column(&self, line: usize) -> Option<usize> {
        let text = self.lines.get(line.wrapping_sub(1))?;
        Some(text.chars().take_while(|c| c.is_whitespace()).count() + 1)
    }

    /// The line of each row of `table` (its header first), skipping the comments and blank
    /// lines between rows; as if contiguous when the file's text is not known.
    pub(crate) fn table_row_lines(&self, table: &cucumber::gherkin::Table) -> Vec<usize> {
        let first = table.position.line;
        let rows = table.rows.len();
        let found: Vec<usize> = self
            .lines
            .iter()
            .enumerate()
            .skip(first.saturating_sub(1))
            .filter(|(_, text)| text.trim_start().starts_with('|'))
            .map(|(i, _)| i + 1)
            .take(rows)
            .collect();
        match found.len() == rows {
            true => found,
            false => (first..first + rows).collect(),
        }
    }
}

/// The 1-based column where the text of cell `index` starts in a table line.
fn cell_column(text: &str, index: usize) -> Option<usize> {
    let bars: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| *c == '|')
        .map(|(i, _)| i)
        .collect();
    let start = *bars.get(index)? + 1;
    let cell = &text[start..bars.get(index + 1).copied().unwrap_or(text.len())];
    // A blank cell is pointed at where its text would start, one space in: past its blanks,
    // the column was the next cell's `|`.
    let offset = match cell.trim().is_empty() {
        true => usize::from(cell.starts_with(' ')),
        false => cell.len() - cell.trim_start().len(),
    };
    Some(text[..start + offset].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_columns_point_at_the_cell_text() {
        let line = "      | event       | order_id |";
        assert_eq!(cell_column(line, 0), Some(9));
        assert_eq!(cell_column(line, 1), Some(23));
        assert_eq!(cell_column(line, 5), None);
        // A blank cell: where its text would start, not the next cell's `|`.
        let line = "      |         | conf-9 |";
        assert_eq!(cell_column(line, 0), Some(9));
        assert_eq!(cell_column(line, 1), Some(19));
    }

    #[test]
    fn a_column_of_a_line_with_a_placeholder_replaced_is_placed_on_the_line_as_written() {
        let written: Vec<char> = r#"{"id": "<c>", "n": minus}"#.chars().collect();
        let read = r#"{"id": "conf-9-long", "n": minus}"#;
        // Before the placeholder, after it, and inside the value that replaced it.
        assert_eq!(Source::written_column(&written, read, 3), 3);
        let minus = read.find("minus").unwrap() + 1;
        let written_minus = r#"{"id": "<c>", "n": minus}"#.find("minus").unwrap() + 1;
        assert_eq!(Source::written_column(&written, read, minus), written_minus);
        assert_eq!(Source::written_column(&written, read, 12), 9);
    }

    /// With two placeholders or more, a column after the second is placed on the line as
    /// written, where the shared start and end alone put it at the first placeholder.
    #[test]
    fn a_column_after_two_placeholders_is_placed_on_the_line_as_written() {
        let line = r#"[{"c": "<conf>", "s": "<seat>", "quantity": <qty>}]"#;
        let written: Vec<char> = line.chars().collect();
        let read = r#"[{"c": "conf-1", "s": "full", "quantity": 2.5}]"#;
        let quantity_read = read.find("\"quantity").unwrap() + 1;
        let quantity_written = line.find("\"quantity").unwrap() + 1;
        assert_eq!(
            Source::written_column(&written, read, quantity_read),
            quantity_written
        );
        // Inside a value: the placeholder that gave it.
        let value = read.find("2.5").unwrap() + 1;
        assert_eq!(
            Source::written_column(&written, read, value),
            line.find("<qty>").unwrap() + 1
        );
        let seat = read.find("full").unwrap() + 2;
        assert_eq!(
            Source::written_column(&written, read, seat),
            line.find("<seat>").unwrap() + 1
        );
    }
}
