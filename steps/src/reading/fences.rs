//! The lines of a file as inside or outside its doc strings, whose text is no Gherkin.

use crate::dialect::Dialect;

/// The fence opening a doc string (`"""` or a backtick fence), if `line` is one.
pub(super) fn fence(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    if t.starts_with("\"\"\"") {
        Some("\"\"\"")
    } else if t.starts_with("```") {
        Some("```")
    } else {
        None
    }
}

/// Whether the doc string `line` opens with `fence` ends on that line: its fence comes again
/// after the opening one. Left open, every line after it would be taken for its text, and no
/// line Gherkin drops there would be told.
fn closes_on_its_line(line: &str, fence: &str) -> bool {
    line.trim_start()
        .get(fence.len()..)
        .is_some_and(|rest| rest.contains(fence))
}

/// What a line is to the doc strings around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fenced {
    /// It opens a doc string with this fence.
    Opens(&'static str),
    /// It is inside one: its text is the doc string's, not Gherkin.
    Inside,
    /// It closes one.
    Closes,
    /// It opens one and closes it on the same line (```` ```json``` ````): the gherkin crate
    /// ends a doc string at the next appearance of its fence, on its opening line too.
    Whole(&'static str),
    /// It is a fence no later line closes, or one in a description whose next fence of its kind
    /// opens a step's doc string, closed after it. In a description the gherkin crate reads it
    /// as one more line of text and goes on reading Gherkin after it; under a step it refuses
    /// the file, told as a doc string never closed. Either way the lines after it are Gherkin to
    /// check: taken for a doc string's text, to the end of the file or to the fence that opens
    /// the step's doc string, they hid every line dropped there, and that doc string's text was
    /// read as Gherkin.
    Unclosed(&'static str),
    /// It is Gherkin.
    Outside,
}

/// Each line of `lines` (0-based, from `from` to before `to`) with what it is to the doc strings
/// around it: the one place that knows where a doc string's text starts and ends. Whether an
/// opening fence is ever closed is looked for ahead, to the file's end (past `to`): a doc
/// string's own lines are read once more, and a fence never closed reads the rest once.
pub(super) fn fenced<'a>(
    lines: &'a [&'a str],
    from: usize,
    to: usize,
) -> impl Iterator<Item = (usize, &'a str, Fenced)> + 'a {
    let mut open: Option<&'static str> = None;
    let dialect = crate::dialect::language_named(lines.iter().copied())
        .map_or(Some(Dialect::english()), |(_, name)| Dialect::named(name))
        .unwrap_or(Dialect::english());
    lines
        .iter()
        .enumerate()
        .take(to)
        .skip(from)
        .map(move |(i, line)| {
            let here = fence(line);
            let what = match (open, here) {
                // A closing fence stands alone on its line, as Gherkin reads one: `""" the end`
                // is the doc string's text.
                (Some(f), Some(g)) if f == g && line.trim() == f => {
                    open = None;
                    Fenced::Closes
                }
                (Some(_), _) => Fenced::Inside,
                (None, Some(g)) if closes_on_its_line(line, g) => Fenced::Whole(g),
                (None, Some(g)) => match closing(lines, i, g) {
                    Some(j)
                        if under_a_step(lines, i, dialect)
                            || !opens_a_doc_string(lines, j, g, dialect) =>
                    {
                        open = Some(g);
                        Fenced::Opens(g)
                    }
                    _ => Fenced::Unclosed(g),
                },
                (None, None) => Fenced::Outside,
            };
            (i, *line, what)
        })
}

/// The line (0-based) after `i` that closes a doc string opened at `i` with `fence`.
fn closing(lines: &[&str], i: usize, fence: &str) -> Option<usize> {
    lines[i + 1..]
        .iter()
        .position(|l| l.trim() == fence)
        .map(|at| i + 1 + at)
}

/// Whether the line `i` stands right under a step's line, blank lines and comments between
/// aside: where the gherkin crate reads a doc string, and nowhere else.
fn under_a_step(lines: &[&str], i: usize, dialect: &Dialect) -> bool {
    lines[..i]
        .iter()
        .map(|l| l.trim())
        .rfind(|t| !t.is_empty() && !t.starts_with('#'))
        .is_some_and(|t| dialect.is_step_line(t))
}

/// Whether the fence at `i` opens a step's doc string that a later line closes.
fn opens_a_doc_string(lines: &[&str], i: usize, fence: &str, dialect: &Dialect) -> bool {
    under_a_step(lines, i, dialect) && closing(lines, i, fence).is_some()
}

/// The lines from `from` to before `to` that Gherkin reads for what they are, trimmed, with
/// their index: outside doc strings, neither blank nor comments.
pub(super) fn written<'a>(lines: &'a [&'a str], from: usize, to: usize) -> Vec<(usize, &'a str)> {
    fenced(lines, from, to)
        .filter(|(_, l, what)| {
            let t = l.trim();
            *what == Fenced::Outside && !t.is_empty() && !t.starts_with('#')
        })
        .map(|(i, l, _)| (i, l.trim()))
        .collect()
}
