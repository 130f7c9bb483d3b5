//! A line that is a keyword's but for a slip: misspelt or in another case (`Scenaro:`, `Whenn`),
//! its colon spaced, left out or full-width, an English keyword in another language's file, a
//! keyword with no plain space before a step's text. What each was meant as, for the reading's
//! checks to tell.

use crate::dialect::{Block, Dialect};
use domain::kernel::nearest;

/// A step's phrase written after words Gherkin does not take for a keyword of the file.
pub(super) struct PrefixedStep {
    /// What keeps the line from being a step: the words before the phrase and why they are no
    /// keyword (`"Gegeben" is not a keyword`), or the quotation marks around it.
    pub said: String,
    /// The step as meant, with the file's keyword (`Angenommen no events`).
    pub meant: String,
    /// Whether the words are a keyword, of this file's language or English.
    pub keyword: bool,
}

/// A whole phrase's text after up to three words that are no keyword of the file: a keyword
/// with no space, a tab or a non-breaking space after it (`Soitthe events:`), an English one in
/// a file of another language (`Given the events:` in French), a keyword misspelt beyond what a
/// slip is taken for (`Gegeben no events`, `Étant donne que no events`), a keyword of a
/// language written without spaces misspelt (`前堤no events`).
pub(super) fn prefixed_step(d: &Dialect, t: &str) -> Option<PrefixedStep> {
    if let Some((meant, marks)) = quoted_step(d, t) {
        return Some(PrefixedStep {
            said: format!("the step stands in {marks}"),
            meant,
            keyword: true,
        });
    }
    let (words, rest, kind) = words_then_phrase(t)?;
    let bare = words.trim_end();
    let own = d.step_words().contains(&bare) || bare == "*";
    let english = Dialect::english().step_words().contains(&bare);
    let gap = &t[bare.len()..t.len() - rest.len()];
    // The file's keyword and a space: a step's line as written, whose mistake is elsewhere.
    if own && gap == " " {
        return None;
    }
    // Prose that ends in a phrase (`We make sure no events are recorded`) is no step: the words
    // must be a keyword's, or near one; or the phrase names an instant, which no sentence ends
    // with (`Also the time is 2026-01-05T09:20:00Z`).
    if !own
        && !english
        && !keywordish(d, bare)
        && !crate::dialect::any_language_step_word(bare)
        && !names_an_instant(rest)
    {
        return None;
    }
    let why = if own {
        match gap {
            "" => "has no space after it".to_string(),
            g if g.contains('\u{a0}') => "is followed by a non-breaking space".to_string(),
            g if g.contains('\t') => "is followed by a tab".to_string(),
            _ => "is not followed by a plain space".to_string(),
        }
    } else if english {
        "is an English keyword, and this file's `# language:` line names another".to_string()
    } else {
        "is not a keyword".to_string()
    };
    // The author's own keyword is kept (`And` stays `And`), followed as the language writes it.
    let meant = match own && bare != "*" {
        true if d.step_prefix(kind).ends_with(' ') => format!("{bare} {rest}"),
        true => format!("{bare}{rest}"),
        false => format!("{}{rest}", d.step_prefix(kind)),
    };
    Some(PrefixedStep {
        said: format!("\"{bare}\" {why}"),
        meant,
        keyword: own || english,
    })
}

/// The step inside `t` when `t` is a step of the file written in quotation marks, as copied from
/// a mail or a wiki (`"Given the time is …"`, `「前提no events」`), perhaps with a full stop
/// after it, inside the marks or out: the words before the phrase were the quotation mark and
/// the keyword, and the phrase kept the closing mark. The step as the file's language writes it,
/// or the step meant of one written otherwise inside (an English keyword in a French file).
fn quoted_step(d: &Dialect, t: &str) -> Option<(String, &'static str)> {
    // Brackets and a wiki's or chat's emphasis, as marks (`[When …]`, `*When …*`).
    const BRACKETS: [(char, char); 5] =
        [('[', ']'), ('(', ')'), ('{', '}'), ('<', '>'), ('*', '*')];
    const PAIRS: [(char, char); 17] = [
        ('„', '”'),
        ('"', '"'),
        ('‚', '‘'),
        ('‚', '’'),
        ('\'', '\''),
        ('`', '`'),
        ('“', '”'),
        ('„', '“'),
        ('”', '”'),
        ('‘', '’'),
        ('«', '»'),
        ('»', '«'),
        ('‹', '›'),
        ('「', '」'),
        ('『', '』'),
        ('＂', '＂'),
        ('“', '“'),
    ];
    let stop = |text: &str| {
        text.trim_end_matches(['.', '。', ';', ',', '，', '、'])
            .trim_end()
            .to_string()
    };
    // After the closing mark, what a sentence goes on with: a colon, an exclamation, a
    // question, an ellipsis, a dash, a note (`"Given no events" # setup`); none of them a
    // step's, which stands inside the marks.
    let after = |text: &str| {
        let text = match text.find(" #") {
            Some(at) => &text[..at],
            None => text,
        };
        stop(text.trim_end_matches([':', '!', '?', '…', '-', '–', '—', ' ']))
    };
    let mut inner = after(t);
    let mut marks = None;
    // Marks doubled (`''Given …''`), or quotation marks in brackets, are taken off one pair
    // at a time.
    for _ in 0..3 {
        let pair = |pairs: &[(char, char)]| {
            pairs.iter().find_map(|(open, close)| {
                inner
                    .strip_prefix(*open)?
                    .strip_suffix(*close)
                    .map(str::to_string)
            })
        };
        let (bare, these) = match (pair(&PAIRS), pair(&BRACKETS)) {
            (Some(bare), _) => (bare, "quotation marks"),
            (None, Some(bare)) if inner.starts_with('*') => (bare, "emphasis marks"),
            (None, Some(bare)) => (bare, "brackets"),
            (None, None) => break,
        };
        inner = stop(bare.trim());
        marks.get_or_insert(these);
    }
    let marks = marks.filter(|_| !inner.is_empty())?;
    let (words, rest, _) = words_then_phrase(&inner)?;
    let bare = words.trim_end();
    let gap = &inner[bare.len()..inner.len() - rest.len()];
    // Written as the language writes a step: its keyword, then a space where it takes one.
    let own = d.step_words().contains(&bare) || bare == "*";
    let spaced = d
        .step_prefixes()
        .iter()
        .any(|k| k.trim_end() == bare && k.ends_with(' '));
    match own && (gap == " " || (gap.is_empty() && !spaced)) {
        true => Some((inner, marks)),
        false => prefixed_step(d, &inner).map(|step| (step.meant, marks)),
    }
}

/// A whole phrase's text in `t` after up to three words (within its first 32 characters): the
/// words as written (with what follows them), the phrase's text, and the keyword it belongs to.
pub(super) fn words_then_phrase(t: &str) -> Option<(&str, &str, &'static str)> {
    t.char_indices().skip(1).take(32).find_map(|(j, _)| {
        let rest = t[j..].trim_start();
        let words = &t[..j];
        let kind = crate::phrases::keyword_of_step_text(rest)?;
        (!words.trim().is_empty() && words.split_whitespace().count() <= 3)
            .then_some((words, rest, kind))
    })
}

/// The block a line that is no block's line was meant to open, and the line as meant: it
/// starts with a block keyword (of the file's language, or English in a file of another),
/// perhaps in its plural or near it, then a space, a colon with a space before it, a full-width
/// colon or a dash, then a title (`Règle : orateurs` → `Règle: orateurs`); or the keyword alone,
/// as a heading is written (`Background`).
pub(super) fn malformed_block(d: &Dialect, t: &str) -> Option<(Block, String)> {
    if d.block_of(t).is_some() {
        return None;
    }
    let head_end = t.find([' ', ':', '：', '-', '–', '—']).unwrap_or(t.len());
    let mut keywords: Vec<(Block, &str)> = BLOCKS_TO_MEAN
        .iter()
        .flat_map(|b| d.keywords(*b).iter().map(move |k| (*b, k.as_str())))
        .chain(BLOCKS_TO_MEAN.iter().flat_map(|b| {
            Dialect::english()
                .keywords(*b)
                .iter()
                .map(move |k| (*b, k.as_str()))
        }))
        .collect();
    keywords.sort_by_key(|(_, k)| std::cmp::Reverse(k.len()));
    const SEPARATORS: [char; 7] = [' ', ':', '：', '-', '–', '—', '\t'];
    let head = &t[..head_end];
    let (block, written, rest) = keywords.iter().find_map(|(block, k)| {
        let (rest, written) = match t.strip_prefix(k) {
            // The file's own keyword, kept as written; alone, as a heading is written.
            Some(rest) if rest.is_empty() || rest.starts_with(SEPARATORS) => {
                let own = d.keywords(*block).iter().any(|o| o == k);
                (rest, own.then_some(*k))
            }
            // One word near the keyword (`Regle`, `Rle`), or its plural (`Rules`).
            _ => {
                let near = !k.contains(' ')
                    && (is_plural(head, k)
                        || (head.chars().count() >= 3
                            && strsim::levenshtein(&head.to_lowercase(), &k.to_lowercase()) == 1));
                if !near {
                    return None;
                }
                (&t[head_end..], None)
            }
        };
        let title = rest.trim_start_matches(SEPARATORS);
        let alone = title.is_empty() && rest.trim().is_empty();
        (alone || (rest.len() > title.len() && !title.is_empty()))
            .then_some((*block, written, title))
    })?;
    let keyword = written.unwrap_or_else(|| d.word(block));
    Some((block, format!("{keyword}: {rest}").trim_end().to_string()))
}

/// The blocks a line may be meant to open over lines of its own.
/// A Scenario's line so is told by its steps (`no_colon`).
const BLOCKS_TO_MEAN: [Block; 2] = [Block::Rule, Block::Background];

/// Whether `words` are a step keyword's, near enough to be one misspelt or cut short, of the
/// file's language or English (`Gegeben`, `Étant donne que`, `前堤`), or end with one after a
/// list's mark (`- Given`, `1) Given`).
fn keywordish(d: &Dialect, words: &str) -> bool {
    // A full-width star, as Chinese and Japanese keyboards write one.
    if words == "＊" {
        return true;
    }
    // A keyword in a wiki's emphasis (`**And**`, `_Given_`) or trailed by dots (`Then...`).
    let lower = words
        .to_lowercase()
        .trim_matches(['*', '_'])
        .trim_end_matches(['.', '…'])
        .to_string();
    let english = Dialect::english().step_words();
    d.step_words().iter().chain(english.iter()).any(|k| {
        let k = k.to_lowercase();
        let near = strsim::levenshtein(&lower, &k) <= (k.chars().count() / 4).max(1);
        let cut_short = lower.chars().count() >= 3 && k.starts_with(&lower);
        // A list's mark (`- Given`, `1. Given`) or a label (`Step 1: Given`) before it.
        let marked = lower.strip_suffix(&k).is_some_and(|mark| {
            mark.ends_with(' ')
                && (mark.trim().chars().all(|c| !c.is_alphabetic()) || mark.trim().ends_with(':'))
        });
        near || cut_short || marked
    })
}

/// The words at the start of `t` up to a colon, the colon with them, and the block or step
/// keyword they slip from.
pub(super) fn colon_slip<'t>(d: &Dialect, t: &'t str) -> Option<(&'t str, String)> {
    // A full-width colon (`场景：一`), as Chinese and Japanese keyboards write one: Gherkin takes
    // only `:` after a keyword.
    if let Some((head, _)) = t.split_once('：').filter(|(h, _)| !h.contains(':')) {
        let bare = head.trim_end();
        if d.block_keywords().any(|k| k == bare) {
            return Some((&t[..head.len() + '：'.len_utf8()], format!("{bare}:")));
        }
    }
    let (head, _) = t.split_once(':')?;
    let with_colon = &t[..head.len() + 1];
    // A keyword of many words with a space before its colon (`Plan du scénario : x`) too.
    let keyword_spaced =
        head.len() > head.trim_end().len() && d.block_keywords().any(|k| k == head.trim_end());
    // As many words as the longest block keyword (`Plan du scenario:`, its accent left out).
    let most_words = d
        .block_keywords()
        .map(|k| k.split_whitespace().count())
        .max()
        .unwrap_or(2)
        .max(2);
    if head.is_empty() || (head.split_whitespace().count() > most_words && !keyword_spaced) {
        return None;
    }
    // A keyword with a space before its colon, as French writes one (`Fonctionnalité : x`).
    if keyword_spaced {
        return Some((with_colon, format!("{}:", head.trim_end())));
    }
    let steps = d.step_words();
    // A step keyword with a colon in its space's place (`Given: the events:`), before a step's
    // text: before prose (`Given: the order is new.`) it is a sentence's word.
    let step_after = crate::phrases::is_step_text(t[with_colon.len()..].trim());
    if steps.contains(&head) {
        return step_after.then(|| (with_colon, head.to_string()));
    }
    // A keyword line, or a step whose text holds a colon, is not a slip.
    let first_word = head.split_whitespace().next().unwrap_or("");
    if d.block_keywords().any(|k| k == head) || steps.contains(&first_word) {
        return None;
    }
    // A step keyword takes no colon: one written with a colon is told (`and:`), but a word
    // near one is a sentence's (`Them: the registrants.` is no slip of `Then`). Nor is a block
    // keyword's plural (`Rules: see the wiki.`, `Regeln:`), which a slip seldom makes and a
    // sentence often.
    close_keyword(d, head)
        .filter(|k| k.ends_with(':') || (k.eq_ignore_ascii_case(head) && step_after))
        .filter(|k| {
            k.strip_suffix(':')
                .is_none_or(|k| !is_plural(head.trim_end(), k))
        })
        .map(|k| (with_colon, k))
}

/// Whether `word` is `keyword` with a plural's ending, as European languages write them
/// (`Rules`, `Règles`, `Regeln`, `Reglas`).
fn is_plural(word: &str, keyword: &str) -> bool {
    word.strip_prefix(keyword)
        .is_some_and(|ending| ["s", "es", "n", "en", "e"].contains(&ending))
}

/// A line opening a block with its keyword but no colon after it (`Scenario a payment is
/// refused`): the keyword, and the line as it was meant. Only asked of a line that does not
/// parse, or of a file that does not: a description line may well start with such a word.
pub(super) fn colon_missing<'d>(d: &'d Dialect, t: &str) -> Option<(&'d str, String)> {
    // Longest first: `Scenario Outline x` misses the colon of the outline.
    let mut opening: Vec<&str> = d.block_keywords().collect();
    opening.sort_by_key(|k| std::cmp::Reverse(k.len()));
    let keyword = opening.into_iter().find(|k| t.starts_with(k))?;
    let rest = &t[keyword.len()..];
    let title = rest.strip_prefix(' ')?.trim_start();
    // `Scenario : x` has its colon, only a space before it; `Scenario Outline:` is no slip of
    // `Scenario`.
    if title.starts_with(':') || title.is_empty() {
        return None;
    }
    // A longer keyword misspelt after it (`Scenario Outlin: x`, `Scenario outline: x`) is a
    // slip of that keyword, not a colon left out.
    if colon_slip(d, t).is_some() {
        return None;
    }
    Some((keyword, format!("{keyword}: {title}")))
}

/// The first word of `t` and the step keyword it slips from (`Whenn`, `Thn`, `given`): one
/// edit for `And` and `But`, two for the others, case aside; the caller asks for more evidence
/// where a plain word may stand (`They`).
pub(super) fn step_slip<'t, 'd>(d: &'d Dialect, t: &'t str) -> Option<(&'t str, &'d str)> {
    let word = t.split_whitespace().next()?;
    let steps = d.step_words();
    // Gherkin takes no comma after a keyword (`Then, long after, the invariants hold`).
    if let Some(bare) = word.strip_suffix(',').filter(|b| !b.is_empty()) {
        let keyword = steps
            .iter()
            .find(|k| **k == bare)
            .copied()
            .or_else(|| step_slip(d, bare).map(|(_, k)| k))?;
        return Some((word, keyword));
    }
    if steps.contains(&word) || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let lower = word.to_lowercase();
    steps
        .iter()
        .map(|k| (strsim::osa_distance(&lower, &k.to_lowercase()), *k))
        .filter(|(distance, k)| *distance <= if k.chars().count() <= 3 { 1 } else { 2 })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| (word, k))
}

/// What a line that does not parse misspells: a keyword before a colon (`Scenaro:`) or a step
/// keyword (`Whenn`).
pub(super) fn keyword_slip(d: &Dialect, t: &str) -> Option<(String, String)> {
    colon_slip(d, t)
        .map(|(head, k)| (head.to_string(), k))
        .or_else(|| step_slip(d, t).map(|(w, k)| (w.to_string(), k.to_string())))
}

/// The keyword `head` (the words before a colon) is a slip of, case aside: two edits away for
/// long keywords, one for keywords of four or five letters, and only a change of case for
/// `And` and `But` (`Add:` and `Bug:` are words of their own). The Feature's keyword is no
/// candidate: no description stands above it.
pub(super) fn close_keyword(d: &Dialect, head: &str) -> Option<String> {
    let steps = d.step_words();
    // Examples first: a slip between `Example:` and `Examples:` (`Exampels:`) is an outline's
    // rows far more often than a scenario.
    let examples = d.keywords(Block::Examples).iter().map(String::as_str);
    let blocks = examples.chain(d.block_keywords().filter(|k| {
        !d.keywords(Block::Feature).iter().any(|f| f == k)
            && !d.keywords(Block::Examples).iter().any(|e| e == k)
    }));
    let best = nearest(head, blocks.chain(steps.iter().copied()))?;
    if !slip_of(head, best) {
        return None;
    }
    Some(match steps.contains(&best) {
        true => best.to_string(),
        false => format!("{best}:"),
    })
}

/// Whether `head` is a slip of `keyword` (case aside): not it, and no more edits away than a
/// keyword of its length is taken to be misspelt by (none for three letters or fewer, one for
/// four or five, two beyond).
pub(super) fn slip_of(head: &str, keyword: &str) -> bool {
    let distance = strsim::levenshtein(&head.to_lowercase(), &keyword.to_lowercase());
    let allowed = match keyword.chars().count() {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    };
    distance <= allowed && head != keyword
}

/// Whether a step's text names an instant as RFC 3339 writes one (`2026-01-05T09:20:00Z`).
fn names_an_instant(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(11).any(|w| {
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        digits(0..4)
            && w[4] == b'-'
            && digits(5..7)
            && w[7] == b'-'
            && digits(8..10)
            && w[10] == b'T'
    })
}
