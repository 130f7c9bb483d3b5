//! A step's words aligned with a phrase's: the author's names and values fill its holes, and the
//! cheapest alignment within reach gives the phrase as the author would have written it.

use super::vocabulary::{
    negates, EMPTY_HOLE, FILLER, FILLERS, HOLE_WORD, LIGHT_WORDS, MARK, NEVER, NEVER_FOR, SLIP,
    SYNONYM, SYNONYMS, TYPO,
};
use super::Meant;

/// One piece of a contract form: a word, a punctuation mark, or a place the author's words fill.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Piece<'a> {
    Word(&'a str),
    Mark(char),
    /// A hole, and how the contract writes it.
    Hole(Hole, &'a str),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Hole {
    /// `<Name>`: one word.
    Name,
    /// `"<text>"`: one double-quoted text.
    Quoted,
    /// `<N>` and `<RFC 3339 instant>`: words that start with a digit.
    Number,
    /// `<id>`: any words.
    Any,
}

/// The marks a word may carry at its end (or `(` at its start) that are pieces of their own.
const MARKS: &[char] = &[':', ',', ';', '.', '(', ')'];

/// A text as pieces: words, a double-quoted text as one word, and marks.
pub(super) fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let end = if let Some(quoted) = rest.strip_prefix('"') {
            quoted.find('"').map_or(rest.len(), |i| i + 2)
        } else {
            rest.find(char::is_whitespace).unwrap_or(rest.len())
        };
        let (mut word, after) = rest.split_at(end);
        rest = after.trim_start();
        if word.starts_with('"') {
            out.push(word);
            continue;
        }
        while word.len() > 1 && word.starts_with('(') {
            out.push(&word[..1]);
            word = &word[1..];
        }
        let mut trailing = Vec::new();
        while word.len() > 1 && word.ends_with(MARKS) {
            let at = word.len() - 1;
            trailing.push(&word[at..]);
            word = &word[..at];
        }
        out.push(word);
        out.extend(trailing.into_iter().rev());
    }
    out
}

fn is_mark(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if MARKS.contains(&c))
}

fn pieces(form: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        let quoted = rest[..open].ends_with('"') && rest[close..].starts_with('"');
        let before = if quoted {
            &rest[..open - 1]
        } else {
            &rest[..open]
        };
        out.extend(words(before).into_iter().map(piece));
        let written = match quoted {
            true => &rest[open - 1..close + 1],
            false => &rest[open..close],
        };
        let hole = match written {
            _ if quoted => Hole::Quoted,
            "<Name>" => Hole::Name,
            "<id>" => Hole::Any,
            _ => Hole::Number,
        };
        out.push(Piece::Hole(hole, written));
        rest = if quoted {
            &rest[close + 1..]
        } else {
            &rest[close..]
        };
    }
    out.extend(words(rest).into_iter().map(piece));
    out
}

fn piece(word: &str) -> Piece<'_> {
    match is_mark(word) {
        true => Piece::Mark(word.chars().next().unwrap_or(':')),
        false => Piece::Word(word),
    }
}

fn replaces(ours: &str, theirs: &str) -> u32 {
    if theirs.starts_with('"') || is_mark(theirs) {
        return NEVER;
    }
    let (ours, theirs) = (ours.to_lowercase(), theirs.to_lowercase());
    if ours == theirs {
        return 0;
    }
    if negates(&ours) != negates(&theirs) {
        return NEVER;
    }
    let listed = |list: &[(&str, &[&str])]| {
        list.iter()
            .any(|(o, t)| *o == ours && t.contains(&theirs.as_str()))
    };
    if listed(NEVER_FOR) {
        return NEVER;
    }
    if listed(SYNONYMS) {
        return SYNONYM;
    }
    let letters = ours.chars().count();
    if letters >= 3 && strsim::levenshtein(&ours, &theirs) <= (letters / 4).max(1) {
        return TYPO;
    }
    SLIP
}

fn left_out(piece: Piece) -> u32 {
    match piece {
        Piece::Word(w) if negates(w) => NEVER,
        Piece::Word(w) if LIGHT_WORDS.contains(&w) => FILLER,
        Piece::Word(_) => SLIP,
        // A read model is named before its key: a name left out is the less likely reading
        // (`the read model SeatType is:` lacks its key, not its name).
        Piece::Hole(Hole::Name, _) => EMPTY_HOLE + 1,
        Piece::Hole(..) => EMPTY_HOLE,
        Piece::Mark(_) => MARK,
    }
}

pub(super) fn added(word: &str) -> u32 {
    if is_mark(word) {
        MARK
    } else if negates(&word.to_lowercase()) {
        NEVER
    } else if FILLERS.contains(&word.to_lowercase().as_str()) {
        FILLER
    } else {
        SLIP
    }
}

/// Whether a hole may take `word` (its first word when `first`) in `form`: never a word the
/// form writes itself, which would be read twice (`the read model SeatType is:` is not `… for
/// is is:`).
fn fills(form: &[Piece], hole: Hole, word: &str, first: bool) -> bool {
    let ours = |p: &Piece| matches!(p, Piece::Word(w) if w.eq_ignore_ascii_case(word));
    if is_mark(word) || (first && form.iter().any(ours)) {
        return false;
    }
    let quoted = word.starts_with('"');
    match hole {
        Hole::Name => first && !quoted,
        Hole::Quoted => first && quoted,
        Hole::Number => !quoted && (!first || word.starts_with(|c: char| c.is_ascii_digit())),
        Hole::Any => true,
    }
}

/// How `said` is best read as `form`, and what it costs: the form written with the author's words
/// in its holes, and the holes it leaves empty as the contract writes them. `None` when the
/// words cannot be read as the form at all (a negation added or left out).
fn align<'f>(form: &[Piece<'f>], said: &[&str]) -> Option<(u32, String, Vec<&'f str>)> {
    let (m, n) = (form.len(), said.len());
    // cost[i][j]: the cheapest reading of the form's first i pieces from the first j words;
    // step[i][j]: how it was reached, to write the reading out.
    #[derive(Clone, Copy)]
    enum Step {
        Start,
        Kept,
        LeftOut,
        Added,
        Filled(usize),
    }
    let mut cost = vec![vec![NEVER; n + 1]; m + 1];
    let mut step = vec![vec![Step::Start; n + 1]; m + 1];
    cost[0][0] = 0;
    for i in 0..=m {
        for j in 0..=n {
            let here = cost[i][j];
            if here >= NEVER {
                continue;
            }
            let mut offer = |i: usize, j: usize, c: u32, s: Step| {
                if here + c < cost[i][j] {
                    cost[i][j] = here + c;
                    step[i][j] = s;
                }
            };
            if j < n {
                offer(i, j + 1, added(said[j]), Step::Added);
            }
            let Some(&piece) = form.get(i) else { continue };
            offer(i + 1, j, left_out(piece), Step::LeftOut);
            match piece {
                Piece::Word(w) if j < n => offer(i + 1, j + 1, replaces(w, said[j]), Step::Kept),
                Piece::Mark(c) if j < n && said[j].chars().eq([c]) => {
                    offer(i + 1, j + 1, 0, Step::Kept)
                }
                Piece::Hole(hole, _) => {
                    for k in 1..=n - j {
                        if !fills(form, hole, said[j + k - 1], k == 1) {
                            break;
                        }
                        offer(i + 1, j + k, HOLE_WORD * (k as u32 - 1), Step::Filled(k));
                    }
                }
                _ => {}
            }
        }
    }
    if cost[m][n] >= NEVER {
        return None;
    }
    let mut written: Vec<String> = Vec::new();
    let mut empty = Vec::new();
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        match step[i][j] {
            Step::Added => j -= 1,
            s @ (Step::LeftOut | Step::Kept) => {
                i -= 1;
                if matches!(s, Step::Kept) {
                    j -= 1;
                }
                // A hole left out is written as the contract writes it, for the author to fill.
                written.push(match form[i] {
                    Piece::Word(w) => w.to_string(),
                    Piece::Hole(_, w) => {
                        empty.push(w);
                        w.to_string()
                    }
                    Piece::Mark(c) => c.to_string(),
                });
            }
            Step::Filled(k) => {
                i -= 1;
                j -= k;
                written.push(said[j..j + k].join(" "));
            }
            Step::Start => return None,
        }
    }
    written.reverse();
    let mut text = String::new();
    for word in written {
        // A colon or comma closes the word before it.
        if !(text.is_empty() || word == ":" || word == ",") {
            text.push(' ');
        }
        text.push_str(&word);
    }
    empty.reverse();
    Some((cost[m][n], text, empty))
}

/// The most words of a step read against the phrases.
const MOST_WORDS: usize = 40;

/// The form `said` is nearest to, written with the author's words in its holes, when it is near
/// enough to be a slip: up to a full slip for every three words of the form (one at least), or
/// `closely`, small slips only.
pub(super) fn nearest_form<'f>(
    said: &str,
    forms: impl Iterator<Item = &'f str>,
    closely: bool,
) -> Option<Meant> {
    let words = words(said);
    // No phrase is near a text this long, and reading it against one costs as its square.
    if words.len() > MOST_WORDS {
        return None;
    }
    forms
        .filter_map(|form| {
            let form = pieces(form);
            let (cost, text, empty) = align(&form, &words)?;
            let ours = form.iter().filter(|p| matches!(p, Piece::Word(_))).count() as u32;
            let most = match closely {
                true => SLIP - 1,
                false => (SLIP * ours / 3).max(SLIP),
            };
            let why = match empty.as_slice() {
                [] => String::new(),
                holes => {
                    let holes: Vec<String> = holes.iter().map(|h| format!("`{h}`")).collect();
                    format!("the step gives no {}", holes.join(" and no "))
                }
            };
            (cost <= most).then_some((cost, (text, why)))
        })
        .min_by_key(|(cost, _)| *cost)
        .map(|(_, meant)| meant)
}

#[cfg(test)]
mod tests {
    use super::super::{instant_within, meant};
    use super::*;

    #[test]
    fn words_keep_quoted_text_whole_and_split_marks_off() {
        assert_eq!(
            words(r#"the command is rejected with "no seats, sorry":"#),
            [
                "the",
                "command",
                "is",
                "rejected",
                "with",
                "\"no seats, sorry\"",
                ":"
            ]
        );
        assert_eq!(
            words("the time is 2026-01-05T09:00:00Z (the start)."),
            [
                "the",
                "time",
                "is",
                "2026-01-05T09:00:00Z",
                "(",
                "the",
                "start",
                ")",
                "."
            ]
        );
    }

    #[test]
    fn a_form_is_read_with_the_authors_words_in_its_holes() {
        let form = pieces("the read model <Name> has no entry for <id>");
        let (cost, text, _) = align(
            &form,
            &words("read model SeatType has no entry for student"),
        )
        .expect("reads");
        assert_eq!(text, "the read model SeatType has no entry for student");
        assert_eq!(cost, FILLER);
        // A hole left empty is written as the contract writes it, for the author to fill.
        let (_, text, empty) =
            align(&form, &words("the read model SeatType has no entry for")).unwrap();
        assert_eq!(text, "the read model SeatType has no entry for <id>");
        assert_eq!(empty, ["<id>"]);
    }

    #[test]
    fn the_instant_within_a_clocks_value_is_found_when_it_reads_alone() {
        assert_eq!(
            instant_within("set to 2026-01-05T09:00:00Z").as_deref(),
            Some("2026-01-05T09:00:00Z")
        );
        assert_eq!(
            instant_within("2026-01-05T09:00:00Z.").as_deref(),
            Some("2026-01-05T09:00:00Z")
        );
        // The value alone, or a date that is no instant, has nothing else to suggest.
        assert_eq!(instant_within("2026-01-05T09:00:00Z"), None);
        assert_eq!(instant_within("set to 2026-01-05"), None);
        assert_eq!(instant_within("noon"), None);
    }

    /// Whatever the text, a reading is found or not, without a panic, and soon: a long text is
    /// not read against the phrases at all.
    #[test]
    fn any_text_is_read_without_a_panic() {
        let forms = [
            "the read model <Name> for <id> is:",
            "the command is rejected with \"<text>\"",
        ];
        let long = "word ".repeat(10_000);
        for text in [
            "",
            "\"",
            "(((",
            ":::",
            "\u{3000}\u{3000}",
            "the read model \u{e9}t\u{e9} for \u{65e5} is",
            "99999999999999999999999 hours pass",
            "half a second passes",
            long.as_str(),
        ] {
            let _ = meant(text, forms.iter().copied(), |_| true, false);
        }
        assert_eq!(nearest_form(&long, forms.iter().copied(), false), None);
        assert_eq!(
            meant(
                "the read model \u{e9}t\u{e9} for \u{65e5} is",
                forms.iter().copied(),
                |_| true,
                false
            ),
            Some((
                "the read model \u{e9}t\u{e9} for \u{65e5} is:".to_string(),
                String::new()
            ))
        );
    }
}
