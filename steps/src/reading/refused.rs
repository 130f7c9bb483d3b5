//! Lines Gherkin refuses whose mistake its parser blames on a line after them, or names an
//! unknown keyword: a tag line holding words, a table row missing a `|`, prose among steps, a
//! doc string in a description, a second doc string under one step. Each is told at its own
//! line, with what to write.

use super::fences::{fenced, written, Fenced};
use crate::dialect::{Block, Dialect};

/// A tag line (`@smoke @slow`) holding something that is no tag: words after the tags (`@smoke
/// this is a tag`), or an `@` with no name after it. Gherkin reads a tag line as tags alone, up
/// to a `#` that starts a comment.
pub(super) fn not_a_tag(
    d: &Dialect,
    lines: &[&str],
    from: usize,
    to: usize,
) -> Option<(usize, String)> {
    fenced(lines, from, to)
        .filter(|(_, line, what)| *what == Fenced::Outside && line.trim_start().starts_with('@'))
        .find_map(|(i, line, _)| {
            let t = line.trim();
            // A step written with an `@` for its keyword's capital (`@given the time is …`).
            let step = t[1..]
                .chars()
                .next()
                .map(|c| format!("{}{}", c.to_uppercase(), &t[1 + c.len_utf8()..]))
                .filter(|step| d.is_step_line(step) && super::typos::reads_as_a_step(d, step));
            if let Some(step) = step {
                let why = format!(
                    "`{t}` is a step with an `@` before it, which makes it a tag line; did you \
                     mean `{step}`?"
                );
                return Some((i, why));
            }
            let mut words = t.split_whitespace().take_while(|w| !w.starts_with('#'));
            let bad = words
                .position(|w| !w.starts_with('@') || w.split('@').skip(1).any(str::is_empty))?;
            let rest = t
                .split_whitespace()
                .take_while(|w| !w.starts_with('#'))
                .skip(bad)
                .collect::<Vec<_>>();
            let why = match rest[0].starts_with('@') {
                true => format!("`{}` has an `@` with no name after it", rest[0]),
                false => format!(
                    "`{}` is no tag: join its words into one (`@{}`), or write them as a \
                     comment after the tags (`# {}`)",
                    rest.join(" "),
                    rest.join("-"),
                    rest.join(" ")
                ),
            };
            Some((
                i,
                format!(
                    "a line that starts with `@` holds tags only, each an `@` and a name with no \
                     space in it (`@smoke @slow`), and {why}: `{t}`"
                ),
            ))
        })
}

/// A table row missing the `|` it starts or ends with, among the rows of its table (the row
/// above or below it is written whole), or one that starts with `|` and leaves the last off.
pub(super) fn open_row(lines: &[&str], from: usize, to: usize) -> Option<(usize, String)> {
    open_rows(lines, from, to)
        .into_iter()
        .next()
        .map(|(i, _, why)| (i, why))
}

/// Every row [`open_row`] finds, each with whether it is its first `|` that is missing: a line
/// that starts with `|` is a row to Gherkin, which refuses it unclosed; one that does not start
/// so is description text where a description may stand (an Examples header `n |`), dropped.
pub(super) fn open_rows(lines: &[&str], from: usize, to: usize) -> Vec<(usize, bool, String)> {
    let written = written(lines, from, to);
    let whole = |t: &str| t.len() > 1 && t.starts_with('|') && closed(t);
    let mut open = Vec::new();
    for (k, &(i, t)) in written.iter().enumerate() {
        let beside = |j: Option<usize>| {
            j.and_then(|j| written.get(j))
                .is_some_and(|&(_, u)| whole(u))
        };
        let among_rows = beside(k.checked_sub(1)) || beside(Some(k + 1));
        // A comment after a row's last `|` (`| 12 student | # twelve seats`).
        if let Some((row, comment)) = t
            .rsplit_once('|')
            .filter(|(_, c)| c.trim_start().starts_with('#'))
        {
            if t.starts_with('|') {
                open.push((
                    i,
                    false,
                    format!(
                        "a comment goes on a line of its own, and this one follows a table row: \
                         `{}` (write it above the row, or leave it out: `{row}|`)",
                        comment.trim()
                    ),
                ));
                continue;
            }
        }
        let (start, meant) = if t.starts_with('|') && !closed(t) {
            (false, format!("{t} |"))
        } else if !t.starts_with('|') && closed(t) && among_rows {
            (true, format!("| {t}"))
        } else {
            continue;
        };
        let end = if start { "start" } else { "end" };
        open.push((
            i,
            start,
            format!(
                "a table row starts and ends with `|`, and this one does not {end} with one: \
                 `{t}` (write `{meant}`)"
            ),
        ));
    }
    open
}

/// Whether a row's text ends with a `|` of its own, not one escaped as a cell's (`\|`).
pub(super) fn closed(t: &str) -> bool {
    t.ends_with('|') && !t.ends_with("\\|")
}

/// What is said of line `i`, words no keyword starts, when it comes after a step: a scenario's
/// description ends at its first step, and Gherkin refuses prose among steps. When that step is
/// no phrase and stands right under the description (`Given the constraints, we keep it
/// short.`), the author meant it as description too, and is told so.
pub(super) fn among_steps(d: &Dialect, lines: &[&str], i: usize) -> Option<String> {
    let written = written(lines, 0, i);
    // The step above, past its table or doc string.
    let mut above = written
        .iter()
        .rev()
        .skip_while(|(_, t)| t.starts_with('|') || super::fences::fence(t).is_some());
    let &(j, step) = above.next().filter(|(_, t)| d.is_step_line(t))?;
    let t = lines[i].trim();
    // A word and a colon (`Scen: x`) is a keyword not known, and told so.
    if t.split_whitespace().next()?.ends_with(':') {
        return None;
    }
    let keyword = d.step_keyword(step).unwrap_or_default().trim_end();
    let under_description = !super::typos::reads_as_a_step(d, step)
        && above.next().is_some_and(|(_, u)| !d.is_step_line(u));
    let meant = match under_description {
        true => format!(
            "; if `{step}` (line {}) is description too, start it with another word: a line \
             that starts with `{keyword}` is a step, and ends the description",
            j + 1
        ),
        false => String::new(),
    };
    let block = written[..written.iter().position(|&(k, _)| k == j)?]
        .iter()
        .rev()
        .find_map(|(_, u)| d.block_of(u))
        .unwrap_or(Block::Scenario);
    Some(format!(
        "`{t}` stands among the steps (after `{step}`, line {}), where only steps, their tables \
         and doc strings, and comments go: write it as a comment (`# {t}`), or as description \
         right under the `{}:` line{meant}",
        j + 1,
        d.word(block)
    ))
}

/// A doc string opened where no step stands above it, in a description (`How to write one:`
/// over `"""`): Gherkin takes a description's lines as text up to the fence, then names the
/// closing fence an unknown keyword, or a line after it.
pub(super) fn doc_string_in_description(
    d: &Dialect,
    lines: &[&str],
    from: usize,
    to: usize,
) -> Option<(usize, String)> {
    let mut above: Option<&str> = None;
    for (i, line, what) in fenced(lines, from, to) {
        let t = line.trim();
        if let Fenced::Opens(_) | Fenced::Whole(_) = what {
            let under_step = above.is_some_and(|u| d.is_step_line(u));
            if !under_step {
                let place = match above {
                    Some(u) => format!(" (under `{u}`)"),
                    None => String::new(),
                };
                return Some((
                    i,
                    format!(
                        "a doc string goes right under a step's line, and this one stands in a \
                         description{place}, where Gherkin takes none: to show an example there, \
                         write its lines as comments (`# …`)"
                    ),
                ));
            }
        }
        // A step's table is the step's: a doc string under it is told as both.
        if what == Fenced::Outside && !t.is_empty() && !t.starts_with('#') && !t.starts_with('|') {
            above = Some(t);
        }
    }
    None
}

/// A doc string right after another, under one step: Gherkin takes one a step, and names the
/// second's text or its closing fence an unknown keyword.
pub(super) fn second_doc_string(lines: &[&str], from: usize, to: usize) -> Option<(usize, String)> {
    let mut closed = false;
    let mut step: Option<&str> = None;
    for (i, line, what) in fenced(lines, from, to) {
        let t = line.trim();
        match what {
            Fenced::Opens(_) | Fenced::Whole(_) | Fenced::Unclosed(_) if closed => {
                let under = step.map_or(String::new(), |s| format!(" under `{s}`"));
                return Some((
                    i,
                    format!(
                        "a step takes one doc string, and this is a second{under}: join the two \
                         into one, or give the second a step of its own"
                    ),
                ));
            }
            Fenced::Closes | Fenced::Whole(_) => closed = true,
            Fenced::Outside if !t.is_empty() && !t.starts_with('#') => {
                closed = false;
                step = Some(t);
            }
            _ => {}
        }
    }
    None
}

/// A step after an outline's Examples (its rows, or its line), where Gherkin takes none: the
/// outline's steps go above its `Examples:` line.
pub(super) fn step_after_examples(d: &Dialect, lines: &[&str], i: usize) -> Option<String> {
    let t = lines[i].trim();
    if !d.is_step_line(t) {
        return None;
    }
    let written = written(lines, 0, i);
    let &(j, _) = written
        .iter()
        .rev()
        .find(|(_, u)| !u.starts_with('|'))
        .filter(|(_, u)| d.block_of(u) == Some(Block::Examples))?;
    Some(format!(
        "`{t}` comes after the {} at line {}, where Gherkin takes no step: an outline's steps \
         go above its `{}:` line",
        d.word(Block::Examples),
        j + 1,
        d.word(Block::Examples)
    ))
}
