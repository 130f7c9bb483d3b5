//! Where a file Gherkin refused goes wrong, and why, in a feature author's words: a doc string
//! never closed, a row of the wrong width, a table beside a doc string, a misspelt keyword.

use std::path::Path;

use super::fences::{fenced, Fenced};
use super::refused::{
    among_steps, doc_string_in_description, not_a_tag, open_row, second_doc_string,
    step_after_examples,
};
use super::slips::{
    colon_missing, colon_slip, keyword_slip, prefixed_step, slip_of, step_slip, PrefixedStep,
};
use crate::dialect::{
    known_languages, language_called, language_named, languages_opening_feature, Block, Dialect,
};
use cucumber::gherkin::{self};

/// A parse error as `file:line: …`, with its line (0 when it has none), looked for within
/// `within` (the block that failed), else in the whole file. Gherkin's position is where its
/// parser gave up, often lines past the mistake, and its detail may mislead (an unclosed doc
/// string is an "unknown keyword" at the end of the file), so the mistakes it makes of them are
/// looked for first: a doc string never closed, a table row with more or fewer cells than its
/// header, a misspelled keyword. Otherwise an unknown keyword is looked for where it is
/// written, else the last written line of the block up to the parser's position.
pub(super) fn located_error(
    d: &Dialect,
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
    let at = |i: usize, text: String| told_at(path, lines, i, text);
    // A language line Gherkin did not read leaves every keyword after it unknown.
    if let Some((i, why)) =
        misplaced_language(lines).filter(|_| language_named(lines.iter().copied()).is_none())
    {
        return at(i, why);
    }
    if let Some((i, trailing)) = text_after_a_closing_fence(lines, from, to) {
        return at(
            i,
            format!(
                "`{trailing}` follows the doc string closed on this line, and the gherkin crate \
                 reads it as the next line's start: a closing fence ends its line"
            ),
        );
    }
    if let Some((i, fence)) = unclosed_doc_string(lines, from, to) {
        // A fence with text after it, which the author likely meant to close it with: the line
        // to change.
        let meant = (i + 1..to.max(i + 1)).find(|&k| lines[k].trim_start().starts_with(fence));
        return match meant {
            Some(k) => at(
                k,
                format!(
                    "`{}` does not close the doc string opened at line {}, as text follows the \
                     fence: a closing {fence} stands alone on its line",
                    lines[k].trim(),
                    i + 1
                ),
            ),
            None => at(
                i,
                format!("a doc string opened here is never closed (expected a closing {fence})"),
            ),
        };
    }
    if let Some(gherkin::EnvError::InconsistentCellCount(_)) = detail {
        if let Some(row) = uneven_row(lines, from, to) {
            return at(row.line, uneven_row_message(lines, &row));
        }
    }
    // Gherkin blames the line after a tag line it could not read.
    if let Some((i, why)) = not_a_tag(d, lines, from, to).or_else(|| open_row(lines, from, to)) {
        return at(i, why);
    }
    // Gherkin's own words for these name a keyword cut short (`'Back'`), at the line after.
    if let Some((i, why)) = out_of_place(d, lines, from..to) {
        return at(i, why);
    }
    if let Some((i, why)) = second_doc_string(lines, from, to) {
        return at(i, why);
    }
    if let Some(i) = table_and_doc_string(lines, from, to) {
        return at(
            i,
            "a step takes a table or a doc string, not both: keep one of them".into(),
        );
    }
    if let Some(gherkin::EnvError::UnknownKeyword(k)) = detail {
        if super::fences::fence(k).is_some() {
            if let Some((i, why)) = doc_string_in_description(d, lines, from, to) {
                return at(i, why);
            }
        }
    }
    // The gherkin crate may cut the unknown word short on an indented line (`<row> here`
    // comes back as `<row`), so a line that merely starts with it is the second choice.
    let keyword_line = match detail {
        Some(gherkin::EnvError::UnknownKeyword(k)) if !k.is_empty() => {
            // A line Gherkin reads well (`Scenario: fine`) is not the one it could not read,
            // though it starts with the word Gherkin names (`Scenario Outlin:`).
            let starts = |i: &usize| {
                let t = lines[*i].trim_start();
                t.starts_with(k.as_str()) && d.block_of(t).is_none() && !d.is_step_line(t)
            };
            let whole = |i: &usize| {
                starts(i)
                    && lines[*i].trim_start()[k.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| c == ':' || c == ' ')
            };
            // Nearest the line Gherkin gave up at, at or above it: a description line above
            // that starts with the same word (`This is the setup.`) was read well.
            let upto = position.map_or(to, |p| p.clamp(from + 1, to.max(from + 1)));
            (from..upto)
                .rev()
                .find(whole)
                .or_else(|| (from..to).find(whole))
                .or_else(|| (from..upto).rev().find(starts))
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
        // A file whose first line is no Gherkin at all misses its `Feature:` line, whatever
        // step keyword its first word is near (`this is not …` is no slip of `Then`).
        if let Some(first) = first_line_not_a_feature(d, lines).filter(|&f| f == i) {
            let t = lines[first].trim();
            if colon_missing(d, t).is_none() {
                return at(first, no_feature_line(d, lines[first]));
            }
        }
        // A step's text with no keyword takes the keyword of its phrase, not the one its
        // first word is near (`the command is sent:` is no slip of `Then`).
        if let Some(keyword) = crate::phrases::keyword_of_step_text(lines[i].trim()) {
            let keyword = d.step_prefix(keyword);
            return at(
                i,
                format!(
                    "`{}` has no keyword; did you mean `{keyword}{}`?",
                    lines[i].trim(),
                    lines[i].trim()
                ),
            );
        }
        // A keyword misused (an English one, one with no space after it) before a phrase says
        // more than the nearest keyword does; a word near one is a slip of it.
        let prefixed = prefixed_step(d, lines[i].trim());
        let told = |step: &PrefixedStep| {
            format!(
                "{} (`{}`); did you mean `{}`?",
                step.said,
                lines[i].trim(),
                step.meant
            )
        };
        if let Some(step) = prefixed.as_ref().filter(|s| s.keyword) {
            return at(i, told(step));
        }
        // A word near a step keyword before words that are no step (`This is what we do.`)
        // is prose, told as prose among steps below, not as a slip of `Then`.
        let t = lines[i].trim();
        let prose = step_slip(d, t).is_some_and(|(word, _)| {
            colon_slip(d, t).is_none() && !crate::phrases::is_step_text(t[word.len()..].trim())
        });
        if let Some(said) = misspelt_keyword(d, t).filter(|_| !prose) {
            return at(i, said);
        }
        if let Some(step) = &prefixed {
            return at(i, told(step));
        }
    }
    if let Some(i) = before_any_feature(d, lines) {
        return at(i, no_feature_line(d, lines[i]));
    }
    // Nothing to place the error at but a file whose first written line is no Feature line
    // (`Scenario waiting` under a comment, `Scenario:` in a French file): that line.
    if let Some(i) = first_line_not_a_feature(d, lines).filter(|_| line.is_none()) {
        return at(i, no_feature_line(d, lines[i]));
    }
    let is_prose = |i: &usize| {
        let t = lines[*i].trim();
        !d.is_step_line(t) && d.block_of(t).is_none()
    };
    if let Some((i, why)) = line.and_then(|i| Some((i, step_after_examples(d, lines, i)?))) {
        return at(i, why);
    }
    // A block's keyword alone on its line, its colon left out (`Examples`).
    if let Some(i) = line.filter(|&i| d.block_of(&format!("{}:", lines[i].trim())).is_some()) {
        let t = lines[i].trim();
        return at(
            i,
            format!("`{t}` takes a colon after it (`{t}`); did you mean `{t}:`?"),
        );
    }
    if let Some((i, why)) = line
        .filter(is_prose)
        .and_then(|i| Some((i, among_steps(d, lines, i)?)))
    {
        return at(i, why);
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
    let expected = format!(
        "expected a keyword ({}), a table row written `| … |`, a doc string between `\"\"\"`, \
         or description text right under a `{}:`, `{}:` or `{}:` line",
        d.listed(),
        d.word(Block::Feature),
        d.word(Block::Rule),
        d.word(Block::Scenario)
    );
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

/// What is said of line `t` when it misspells a keyword (`Scenaro: x`, `Whenn 1 minute passes`)
/// or leaves out a block keyword's colon (`Scenario a payment is refused`).
pub(super) fn misspelt_keyword(d: &Dialect, t: &str) -> Option<String> {
    if let Some((word, keyword)) = keyword_slip(d, t) {
        return Some(format!(
            "\"{word}\" is not a keyword (`{t}`); did you mean \"{keyword}\"?"
        ));
    }
    colon_missing(d, t).map(|(keyword, meant)| {
        format!("`{keyword}` takes a colon after it (`{t}`); did you mean `{meant}`?")
    })
}

/// `text` told at line `i` (from 0) of `lines`, at the line's first character, as a step's
/// mistake is told at its keyword; with the line from 1.
pub(super) fn told_at(path: &Path, lines: &[&str], i: usize, text: String) -> (usize, String) {
    let column = lines
        .get(i)
        .map_or(0, |l| l.chars().take_while(|c| c.is_whitespace()).count())
        + 1;
    (
        i + 1,
        format!("{}:{}:{column}: {text}", path.display(), i + 1),
    )
}

/// What is said of a file's first written line, `line`, that comes before any Feature line.
fn no_feature_line(d: &Dialect, line: &str) -> String {
    let feature = d.word(Block::Feature);
    // A Feature line misspelt (`Featur: Seats`, `Fonctionnalite:`) is a slip of it.
    let t = line.trim();
    if let Some((head, _)) = t.split_once(':') {
        let head = head.trim();
        let near = d.keywords(Block::Feature).iter().find(|k| slip_of(head, k));
        if let Some(keyword) = near {
            return format!("\"{head}:\" is not a keyword (`{t}`); did you mean \"{keyword}:\"?");
        }
    }
    // A Feature line in another language than the file's (`Feature:` under `# language: fr`).
    let theirs = languages_opening_feature(line.trim());
    if !theirs.is_empty() {
        let codes = theirs
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let named = match std::ptr::eq(d, Dialect::english()) {
            true => "English, Gherkin's own when the file's first line names no other",
            false => "the language its first line names",
        };
        return format!(
            "`{}` opens a feature in {codes}, and this file is read in {named}: write `{feature}:`, \
             or name the file's language on its first line (`# language: {}`)",
            line.trim(),
            theirs[0]
        );
    }
    format!(
        "a feature file starts with a `{feature}:` line, and this comes before any: `{}` (write \
         `{feature}: <what the file is about>` above it)",
        line.trim()
    )
}

/// The first written line, when it is neither a `Feature:` line nor a comment, tag or language
/// line.
fn first_line_not_a_feature(d: &Dialect, lines: &[&str]) -> Option<usize> {
    let i = first_written(lines)?;
    let t = lines[i].trim_start();
    let feature = d
        .keywords(Block::Feature)
        .iter()
        .any(|k| t.starts_with(k.as_str()));
    (!feature).then_some(i)
}

/// The first line of a file, other than blanks, comments and tags, when it is a keyword's line
/// but not `Feature:`: Gherkin then names every keyword it takes, where the file lacks just its
/// Feature line.
fn before_any_feature(d: &Dialect, lines: &[&str]) -> Option<usize> {
    let i = first_written(lines)?;
    let t = lines[i].trim_start();
    let block = d.block_of(t).is_some_and(|b| b != Block::Feature);
    (block || d.is_step_line(t)).then_some(i)
}

/// The first line that is not blank, a comment or a tag.
fn first_written(lines: &[&str]) -> Option<usize> {
    lines.iter().position(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#') && !t.starts_with('@')
    })
}

/// What is said of a file that names a language Gherkin does not know, at its language line:
/// Gherkin's own words name neither the line nor the languages it knows.
pub(super) fn unknown_language(path: &Path, lines: &[&str]) -> String {
    match language_line_told(lines) {
        Some((i, why)) => told_at(path, lines, i, why).1,
        None => format!("{}: names a language Gherkin does not know", path.display()),
    }
}

/// The language line of a file that names a language Gherkin does not know, and what to say of
/// it.
fn language_line_told(lines: &[&str]) -> Option<(usize, String)> {
    let (i, name) = language_named(lines.iter().copied())?;
    let trimmed = name.trim();
    let hint = match Dialect::named(trimmed) {
        Some(_) => format!(" (`{trimmed}` is, without the space after it)"),
        None => {
            let known = known_languages();
            match nearest_language(trimmed, &known) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => {
                    // `zh` for `zh-CN` or `zh-TW`: each of a language's regional codes.
                    let lower = trimmed.to_lowercase();
                    let regional: Vec<String> = known
                        .iter()
                        .filter(|k| k.to_lowercase().starts_with(&format!("{lower}-")))
                        .map(|k| format!("`{k}`"))
                        .collect();
                    match regional.as_slice() {
                        [] => String::new(),
                        [one] => format!("; did you mean {one}?"),
                        [first @ .., last] => {
                            format!("; did you mean {} or {last}?", first.join(", "))
                        }
                    }
                }
            }
        }
    };
    Some((
        i,
        format!(
            "`{}` names a language Gherkin does not know: `{name}`{hint} (Gherkin knows {})",
            lines[i].trim(),
            known_languages().join(", ")
        ),
    ))
}

/// The language code nearest to `name`, case aside (`FR` for `fr`, `en_US` for `en`), or the
/// one it is the name of (`french` for `fr`).
fn nearest_language<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_lowercase().replace('_', "-");
    known
        .iter()
        .find(|k| k.to_lowercase() == lower)
        .or_else(|| {
            known
                .iter()
                .find(|k| lower.starts_with(&format!("{}-", k.to_lowercase())))
        })
        .copied()
        .or_else(|| {
            let code = language_called(name).or_else(|| country_named(&lower))?;
            known.iter().find(|k| **k == code).copied()
        })
}

/// The language of a country whose code is written for it (`jp`, the country, for `ja`, the
/// language), among those Gherkin knows whose codes differ so.
fn country_named(code: &str) -> Option<&'static str> {
    const COUNTRIES: [(&str, &str); 12] = [
        ("jp", "ja"),
        ("kr", "ko"),
        ("cn", "zh-CN"),
        ("tw", "zh-TW"),
        ("ua", "uk"),
        ("cz", "cs"),
        ("dk", "da"),
        ("se", "sv"),
        ("gr", "el"),
        ("ee", "et"),
        ("il", "he"),
        ("br", "pt"),
    ];
    COUNTRIES
        .iter()
        .find(|(country, _)| *country == code)
        .map(|(_, language)| *language)
}

/// A comment before the Feature line meant as the language line, which Gherkin reads only on
/// the file's first written line and written `# language: <code>`: one further down (under a
/// note, or under the feature's tags, where it was told as a tag above no Feature line), or
/// misspelt (`# Language: fr`, `# langue: fr`). Its line and what to say of it.
fn misplaced_language(lines: &[&str]) -> Option<(usize, String)> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    lines
        .iter()
        .enumerate()
        .take_while(|(_, l)| {
            let t = l.trim_start();
            t.is_empty() || t.starts_with('#') || t.starts_with('@')
        })
        .find_map(|(i, l)| {
            let comment = l.trim().strip_prefix('#')?;
            let (word, code) = comment.split_once(':')?;
            let (word, code) = (word.trim(), code.trim());
            let spelt = word == "language";
            let meant = spelt
                || word.eq_ignore_ascii_case("language")
                || strsim::levenshtein(&word.to_lowercase(), "language") <= 2
                || ["lang", "langue", "sprache", "idioma", "lingua", "taal"]
                    .contains(&word.to_lowercase().as_str());
            if !meant || Dialect::named(code).is_none() || (spelt && i == first) {
                return None;
            }
            let why = match spelt {
                true => {
                    "Gherkin reads the language only on the file's first written line: move it \
                         above the lines before it"
                }
                false => {
                    "Gherkin's language line is written `# language: <code>`, in lower case, on \
                          the file's first written line"
                }
            };
            Some((
                i,
                format!(
                    "`{}` is read as a comment: {why} (`# language: {code}`)",
                    l.trim()
                ),
            ))
        })
}

/// The line (0-based) and fence of a doc string opened between `from` and `to` and not closed
/// before `to`.
pub(super) fn unclosed_doc_string(
    lines: &[&str],
    from: usize,
    to: usize,
) -> Option<(usize, &'static str)> {
    let mut open = None;
    let mut unclosed = None;
    for (i, _, what) in fenced(lines, from, to) {
        match what {
            Fenced::Opens(g) => open = Some((i, g)),
            Fenced::Closes => open = None,
            Fenced::Unclosed(g) => {
                unclosed.get_or_insert((i, g));
            }
            Fenced::Whole(_) | Fenced::Inside | Fenced::Outside => {}
        }
    }
    open.or(unclosed)
}

/// A doc string opened and closed on one line (```` """[]""" ````) with text after its closing
/// fence, which the gherkin crate takes for the start of the line after it: told there, quoting
/// that line, as an unknown keyword. The line (0-based) and the text after the fence.
fn text_after_a_closing_fence(lines: &[&str], from: usize, to: usize) -> Option<(usize, String)> {
    fenced(lines, from, to).find_map(|(i, line, what)| {
        let Fenced::Whole(fence) = what else {
            return None;
        };
        let rest = &line.trim_start()[fence.len()..];
        let after = rest[rest.find(fence)? + fence.len()..].trim();
        (!after.is_empty()).then(|| (i, after.to_string()))
    })
}

/// The line (0-based) where a step's second attachment starts: a doc string's opening fence
/// right after a table, or a table's first row right after a doc string's closing fence (blank
/// lines and comments between them aside). Gherkin calls the first an unknown keyword `"""` on
/// the line after the fence.
pub(super) fn table_and_doc_string(lines: &[&str], from: usize, to: usize) -> Option<usize> {
    let mut last: Option<(&str, Fenced)> = None;
    for (i, line, what) in fenced(lines, from, to) {
        let t = line.trim();
        if what == Fenced::Outside && (t.is_empty() || t.starts_with('#')) {
            continue;
        }
        let row = |text: &str, what: Fenced| what == Fenced::Outside && text.starts_with('|');
        match (last, what) {
            (Some((before, was)), Fenced::Opens(_) | Fenced::Whole(_) | Fenced::Unclosed(_))
                if row(before, was) =>
            {
                return Some(i)
            }
            (Some((_, Fenced::Closes | Fenced::Whole(_))), _) if row(t, what) => return Some(i),
            _ => {}
        }
        if what != Fenced::Inside {
            last = Some((t, what));
        }
    }
    None
}

/// A table row whose cell count is not its header's (lines 0-based).
pub(super) struct UnevenRow {
    pub(super) line: usize,
    pub(super) cells: usize,
    pub(super) header: usize,
    pub(super) header_cells: usize,
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
pub(super) fn uneven_row(lines: &[&str], from: usize, to: usize) -> Option<UnevenRow> {
    uneven_rows(lines, from, to).into_iter().next()
}

/// Every table row between `from` and `to` whose cell count differs from its table's first row.
pub(super) fn uneven_rows(lines: &[&str], from: usize, to: usize) -> Vec<UnevenRow> {
    let mut header: Option<(usize, usize)> = None;
    let mut uneven = Vec::new();
    for (i, line, what) in fenced(lines, from, to) {
        let t = line.trim();
        if what == Fenced::Inside || what == Fenced::Closes {
            continue;
        }
        if let Fenced::Opens(_) | Fenced::Whole(_) | Fenced::Unclosed(_) = what {
            header = None;
        } else if t.starts_with('|') && !super::refused::closed(t) {
            // A row left open is told as such (`open_row`), not measured against its table.
            header = None;
        } else if t.starts_with('|') {
            let cells = cell_count(t);
            match header {
                None => header = Some((i, cells)),
                Some((h, header_cells)) if cells != header_cells => uneven.push(UnevenRow {
                    line: i,
                    cells,
                    header: h,
                    header_cells,
                }),
                Some(_) => {}
            }
        } else if !t.is_empty() && !t.starts_with('#') {
            header = None;
        }
    }
    uneven
}

/// What to say of a row of the wrong width.
pub(super) fn uneven_row_message(lines: &[&str], row: &UnevenRow) -> String {
    format!(
        "this table row has {} where the table's header (line {}) has {}: `{}`",
        cells_text(row.cells),
        row.header + 1,
        cells_text(row.header_cells),
        lines[row.line].trim()
    )
}

/// A line in a place Gherkin does not take it, with why: a second `Feature:`, a `Background:`
/// after a scenario or a second one (of the feature, or of a rule), a tag above a line that
/// takes none. Doc strings' text is not looked at.
///
/// Only a line within `within` is told: the file is read from its start, for what came before,
/// but a block is told its own mistake, not another's.
fn out_of_place(
    d: &Dialect,
    lines: &[&str],
    within: std::ops::Range<usize>,
) -> Option<(usize, String)> {
    let mut feature = false;
    // Of the feature, or of the rule under way: whether a Background or a Scenario came.
    let (mut background, mut scenario) = (false, false);
    // Whether an Examples line came, and no row of its table yet: its description under way.
    let mut examples = false;
    // Whether the scenario under way has a step yet.
    let mut steps = false;
    let mut tag: Option<usize> = None;
    for (i, line, what) in fenced(lines, 0, lines.len()) {
        let t = line.trim();
        if what != Fenced::Outside || t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(at) = tag.take() {
            let tagged = [
                Block::Feature,
                Block::Rule,
                Block::Scenario,
                Block::Outline,
                Block::Examples,
            ]
            .iter()
            .flat_map(|b| d.keywords(*b))
            .any(|k| t.starts_with(k.as_str()))
                || t.starts_with('@');
            if !tagged && within.contains(&at) {
                // The tag is where it belongs, over a block's keyword misspelt (`Exampels:`).
                let block = colon_slip(d, t).is_some() || colon_missing(d, t).is_some();
                if let Some(said) = misspelt_keyword(d, t).filter(|_| block) {
                    return Some((i, said));
                }
                return Some((
                    at,
                    format!(
                        "a tag goes on the line above a `{}:`, `{}:`, `{}:` or `{}:` line, and \
                         this one stands above `{t}`: move it, or write it as a comment (`# {}`)",
                        d.word(Block::Feature),
                        d.word(Block::Rule),
                        d.word(Block::Scenario),
                        d.word(Block::Examples),
                        lines[at].trim()
                    ),
                ));
            }
        }
        if t.starts_with('@') {
            tag = Some(i);
            continue;
        }
        let opens = |b: Block| d.opens_loosely(t, b);
        // The crate takes a Feature line only with its colon right after the keyword.
        if d.opens(t, Block::Feature) {
            if feature && within.contains(&i) {
                return Some((
                    i,
                    format!(
                        "a feature file holds one `{}:`, and this is a second (`{t}`): put its \
                         scenarios in a file of their own, or under the first as scenarios or a \
                         `{}:`",
                        d.word(Block::Feature),
                        d.word(Block::Rule)
                    ),
                ));
            }
            feature = true;
        } else if opens(Block::Rule) {
            (background, scenario) = (false, false);
        } else if opens(Block::Background) {
            if (background || scenario) && within.contains(&i) {
                let why = match scenario {
                    true => "after a scenario",
                    false => "a second time",
                };
                // With one before the scenarios, its steps join that one; with none, it moves.
                let mend = match background {
                    true => "join its steps to the one before the scenarios",
                    false => "move it above the first scenario",
                };
                return Some((
                    i,
                    format!(
                        "a `{}:` comes once, before the first scenario of its feature (or of its \
                         rule), and this one comes {why}: {mend}",
                        d.word(Block::Background)
                    ),
                ));
            }
            background = true;
        } else if opens(Block::Scenario) || opens(Block::Outline) {
            scenario = true;
            examples = false;
            steps = false;
        } else if opens(Block::Examples) {
            if scenario && !steps && within.contains(&i) {
                let written = t.split(':').next().unwrap_or_default().trim_end();
                return Some((
                    i,
                    format!(
                        "the line `{t}` opens an Examples block, the rows of the scenario above \
                         it, and stands before that scenario's steps: in its description, reword \
                         it so that it does not start `{written}:`"
                    ),
                ));
            }
            examples = true;
        } else if t.starts_with('|') {
            examples = false;
        } else if !examples && d.is_step_line(t) {
            steps = true;
        } else if examples && d.is_step_line(t) && within.contains(&i) {
            let keyword = d.step_keyword(t).unwrap_or_default().trim_end();
            let examples = d.word(Block::Examples);
            // `an `Examples:` line`, `a `Beispiele:` line`: the article goes with the word.
            let article = domain::kernel::article(examples);
            return Some((
                i,
                format!(
                    "`{t}` starts with `{keyword}`, so Gherkin reads it as a step, and no step \
                     stands under {article} `{examples}:` line before its rows: a step of the \
                     {} goes among its steps, above the `{examples}:` line; as its description, \
                     reword it so that it does not start with a step's keyword",
                    d.word(Block::Outline)
                ),
            ));
        }
        if opens(Block::Examples) && !scenario && within.contains(&i) {
            let written = t.split(':').next().unwrap_or_default().trim_end();
            return Some((
                i,
                format!(
                    "the line `{t}` opens an Examples block, the rows of the `{}:` above it, and \
                     no scenario stands above it: in a description, reword it so that it does \
                     not start `{written}:`",
                    d.word(Block::Outline)
                ),
            ));
        }
    }
    None
}
