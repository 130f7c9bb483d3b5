//! Lines indented with a space Gherkin does not take for one: a non-breaking space (what text
//! pasted from a wiki, a word processor or a chat carries), an em or ideographic space. Gherkin
//! indents with spaces and tabs alone, so such a step is read as description text and dropped
//! without a word (its table with it), or refused. Each is told at its line, and the scenarios
//! it belongs to leave the run; the file is read with plain spaces there, as its author meant.

use std::path::Path;

use super::fences::{fenced, Fenced};
use super::left_out::Owner;
use super::long_rows::owner;
use super::typos::Typo;
use crate::dialect::Dialect;

/// What a space Gherkin does not indent with is called, by its character.
fn called(c: char) -> String {
    match c {
        '\u{a0}' => "a non-breaking space (U+00A0)".into(),
        '\u{202f}' => "a narrow non-breaking space (U+202F)".into(),
        '\u{3000}' => "an ideographic space (U+3000)".into(),
        '\u{2003}' => "an em space (U+2003)".into(),
        '\u{2002}' => "an en space (U+2002)".into(),
        c => format!(
            "a space character Gherkin does not indent with (U+{:04X})",
            c as u32
        ),
    }
}

/// `text` with each line's indentation outside doc strings written in plain spaces, where it
/// holds another space, or `None` when none does; and each line whose text Gherkin reads for
/// what it is (a keyword, a table row, a tag, a doc string's fence) told, with the
/// scenarios it belongs to. Lines stay where they are; a doc string's text is its own.
pub(super) fn with_odd_spaces_plain(
    d: &Dialect,
    path: &Path,
    text: &str,
) -> (Option<String>, Vec<Typo>) {
    // Every space Gherkin indents with is ASCII: a file of ASCII alone has none other.
    if text.is_ascii() {
        return (None, Vec::new());
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let bare: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut told = Vec::new();
    for (i, line, what) in fenced(&lines, 0, lines.len()) {
        let indent = line.len() - line.trim_start().len();
        let odd = line[..indent].chars().find(|c| *c != ' ' && *c != '\t');
        // A doc string's closing fence is Gherkin's, as its opening one is.
        let gherkin = what == Fenced::Outside || what == Fenced::Closes;
        let (Some(odd), true) = (odd, gherkin) else {
            out.push_str(line);
            continue;
        };
        let plain: String = line[..indent]
            .chars()
            .map(|c| {
                if c == '\t' || c == '\n' || c == '\r' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        out.push_str(&plain);
        out.push_str(&line[indent..]);
        let t = line.trim();
        if t.is_empty() || !read_for_what_it_is(d, t) {
            continue;
        }
        let column = line[..indent].chars().position(|c| c == odd).unwrap_or(0) + 1;
        // A block's line spoils the block it opens; a tag line, which only names, nothing.
        let spoils = match t.starts_with('@') {
            true => Owner::None,
            false if d.block_of(t).is_some() => owner(d, &bare, i + 1),
            false => owner(d, &bare, i),
        };
        told.push(Typo::at(
            i,
            format!(
                "{}:{}:{column}: `{t}` is indented with {}, which Gherkin does not take for a \
                 space: it reads the line as description text, or refuses it",
                path.display(),
                i + 1,
                called(odd)
            ),
            "; indent it with spaces or a tab",
            spoils,
        ));
    }
    let changed = out != text;
    (changed.then_some(out), told)
}

/// Whether Gherkin reads a line for what it is rather than as description text: a keyword's,
/// a table row, a tag line, a doc string's fence. (A comment so indented is read as one: it
/// says nothing the run needs.)
fn read_for_what_it_is(d: &Dialect, t: &str) -> bool {
    d.block_of(t).is_some()
        || d.is_step_line(t)
        || t.starts_with('|')
        || t.starts_with('@')
        || super::fences::fence(t).is_some()
}
