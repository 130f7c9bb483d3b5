//! Sentences of a description that begin with a block keyword's word (`Rules: see the wiki.`,
//! `Background info.`, `Examples of refunds follow.`): Gherkin reads them as description, which
//! only a keyword and its colon end, but the gherkin crate ends a description at any line that
//! starts with such a word, and then refuses the file. They are blanked in the text the crate
//! parses; every line keeps its place, and no check reads a description from what it parsed.

use crate::dialect::{Block, Dialect};

use super::fences::{fenced, Fenced};
use super::typos::reads_as_a_step;

/// Where a line stands, for what the gherkin crate ends a description at.
#[derive(Clone, Copy, PartialEq)]
enum Description {
    /// Under a Feature line: its Background, Rule and scenario keywords end it.
    Feature,
    /// Under a Rule line: its Background and scenario keywords.
    Rule,
    /// Under a Background, Scenario or Examples line: scenario keywords (and steps).
    Steps,
    /// No description: steps or a table came.
    None,
}

/// `text` with each sentence of a description that the gherkin crate would take for a keyword
/// left blank, or `None` when it has none.
///
/// A sentence is a line that starts with a block keyword's letters as part of another word
/// (`Rules`, `Scenarios`, `Examples`, `Backgrounds`), or, under a Feature or Rule line, the keyword
/// and a space (before words or a colon, `Contexte : historique.`) with no step after it before
/// the next block. A keyword and a space with steps after it there (`Scenario a payment is
/// refused`) is a block whose colon was left out: it is left as written, for the crate to
/// refuse and the reading to tell. In a scenario's description, where steps always follow, the
/// keyword and words are a sentence (`Example taken from the wiki.`), and the keyword, a space
/// and a colon (`Scénario : deux`) a block's line, told.
pub(super) fn with_sentences_blanked(d: &Dialect, text: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let trimmed: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    let mut sentences = Vec::new();
    let mut under = Description::None;
    for (i, _, what) in fenced(&lines, 0, lines.len()) {
        let t = trimmed[i];
        if what != Fenced::Outside {
            if what != Fenced::Inside && matches!(under, Description::Steps) {
                under = Description::None;
            }
            continue;
        }
        // Steps and rows, most of a file, end no description but a scenario's, and open none.
        if under == Description::None && (t.starts_with('|') || d.is_step_line(t)) {
            continue;
        }
        if let Some(block) = d.block_of(t) {
            under = match block {
                Block::Feature => Description::Feature,
                Block::Rule => Description::Rule,
                _ => Description::Steps,
            };
        } else if under == Description::Steps && (d.is_step_line(t) || t.starts_with('|')) {
            // A Feature's or Rule's description goes on past steps and tables, for the crate:
            // only a block's keyword ends it.
            under = Description::None;
        } else if under != Description::None && is_sentence(d, under, &trimmed, i) {
            sentences.push(i);
        }
    }
    if sentences.is_empty() {
        return None;
    }
    // The text is copied only when it holds a sentence to leave out.
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        match sentences.binary_search(&i) {
            Ok(_) => out.push_str(&line[line.trim_end().len()..]),
            Err(_) => out.push_str(line),
        }
    }
    Some(out)
}

/// Whether line `i`, in a description of kind `under`, starts with a word the crate ends that
/// description at, and reads as a sentence (see [`with_sentences_blanked`]).
fn is_sentence(d: &Dialect, under: Description, lines: &[&str], i: usize) -> bool {
    let t = lines[i];
    let ending: &[Block] = match under {
        Description::Feature => &[
            Block::Background,
            Block::Rule,
            Block::Scenario,
            Block::Outline,
        ],
        Description::Rule => &[Block::Background, Block::Scenario, Block::Outline],
        Description::Steps => &[Block::Scenario, Block::Outline],
        Description::None => return false,
    };
    let Some(rest) = ending
        .iter()
        .flat_map(|b| d.keywords(*b))
        .find_map(|k| t.strip_prefix(k.as_str()))
    else {
        return false;
    };
    match rest.chars().next() {
        // A block's line.
        Some(':') => false,
        // Another word that starts with the keyword's letters, or the keyword and punctuation
        // (`Example, a case.`, `Scenario-wise`, `Scenario's steps`).
        Some(c) if !c.is_whitespace() && c != '：' => true,
        // The keyword and words, a space before its colon as French writes one (`Contexte :
        // historique.`), or a full-width colon as Chinese does (`背景：去年…`): a sentence,
        // unless steps follow it under a Feature or Rule line. So is the keyword alone, as a
        // heading over prose or bullets is written (`Background`).
        _ => under == Description::Steps || !steps_follow(d, lines, i),
    }
}

/// Whether a step comes after line `i` before the next line that starts with a block keyword,
/// colon or not (`Scenario a payment is refused` is the block its steps are meant for): a line
/// that reads as a step, not a bullet of prose (`* one When per scenario`).
pub(super) fn steps_follow(d: &Dialect, lines: &[&str], i: usize) -> bool {
    let opens = |t: &str| d.block_keywords().any(|k| t.starts_with(k));
    let step = |t: &str| d.is_step_line(t) && reads_as_a_step(d, t);
    lines[i + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|t| step(t) || opens(t))
        .is_some_and(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_that_start_with_a_keyword_s_word_are_blanked_and_blocks_are_not() {
        let text = "Feature: f\n  Rules: see the wiki.\n  Background info.\n  Examples of refunds follow.\n  Scenario a payment is refused\n    When 1 minute passes\n  Scenario: s\n    Scenarios like this one are few.\n    Scenario described below.\n    When 1 minute passes\n";
        let blanked = with_sentences_blanked(Dialect::english(), text).expect("sentences");
        let lines: Vec<&str> = blanked.lines().collect();
        assert_eq!(
            lines,
            [
                "Feature: f",
                "",
                "",
                "",
                "  Scenario a payment is refused",
                "    When 1 minute passes",
                "  Scenario: s",
                "",
                "",
                "    When 1 minute passes",
            ]
        );
        assert_eq!(
            with_sentences_blanked(Dialect::english(), "Feature: f\n  Scenario: s\n"),
            None
        );
        let french = "# language: fr\nFonctionnalité: f\n  Règles: voir le wiki.\n  Scénario: s\n";
        assert_eq!(
            with_sentences_blanked(Dialect::of(french).expect("French"), french).as_deref(),
            Some("# language: fr\nFonctionnalité: f\n\n  Scénario: s\n")
        );
    }
}
