//! Keywords misspelt, and steps, tables and doc strings written without their keyword, where
//! Gherkin reads them as description text, which it drops silently: each told at its line, with
//! what was meant and the scenarios that would run without it.

use std::path::Path;

use super::fences::{fenced, Fenced};
use super::left_out::Owner;
use domain::kernel::nearest;

/// Block keywords (written with a colon) and step keywords a description line may misspell.
const BLOCK_KEYWORDS: [&str; 6] = [
    "Scenario",
    "Scenario Outline",
    "Background",
    "Rule",
    "Example",
    "Examples",
];

const STEP_KEYWORDS: [&str; 5] = ["Given", "When", "Then", "And", "But"];

/// Description lines that look like a misspelled keyword: the words before a colon at the start
/// of a line, near a keyword (`Scenaro:`), or a first word near a step keyword when the rest
/// reads as a known step (`Whenn 1 minute passes`). Gherkin takes such a line as description
/// text, so the scenario or step it was meant to open is silently lost. Only lines where
/// Gherkin reads description are looked at (under a Feature, Rule, Background, Scenario or
/// Examples line, before its first step or table): anywhere else such a line is a parse error,
/// which `located_error` names the same way.
pub fn description_typos(path: &Path, text: &str) -> Vec<String> {
    typos_at(path, text)
        .into_iter()
        .map(|typo| typo.told(""))
        .collect()
}

/// A line Gherkin reads as description text where the author meant more: what is told of it,
/// and which scenarios run without what it was meant to be.
pub(super) struct Typo {
    /// The line, from 1.
    pub line: usize,
    /// What Gherkin makes of the line (`f.feature:3:5: … is read as description text`).
    said: String,
    /// What was meant, or what to look at (`; did you mean …?`).
    meant: String,
    /// The scenarios that run short of the line (see [`typos_at`]).
    pub spoils: Owner,
}

impl Typo {
    /// The typo at line `i` (from 0).
    fn at(i: usize, said: String, meant: impl Into<String>, spoils: Owner) -> Typo {
        Typo {
            line: i + 1,
            said,
            meant: meant.into(),
            spoils,
        }
    }

    /// The problem as told, with what it leaves out of the run (`; the scenario `s` is not run`)
    /// between what Gherkin makes of the line and what was meant, which ends it.
    pub fn told(&self, not_run: &str) -> String {
        format!("{}{not_run}{}", self.said, self.meant)
    }
}

/// [`description_typos`], each with its line and the scenarios it spoils.
///
/// What a line lost in a description spoils is read from the block whose description it
/// stands in. A Scenario's (or Example's, Outline's) is that scenario, which runs without the
/// line; a Background's, every scenario the Background serves. In a Feature's or Rule's
/// description, a step (its `Background:` line left out or misspelt) spoils every scenario of
/// that feature or rule, as its Background's would; a misspelt `Scenario:` (or `Rule:`,
/// `Examples:`) there spoils nothing: the scenario meant is never read, and no other runs
/// short of a step. The lines after it are read as the block meant, so that its steps are not
/// taken for a Background's. In an Examples description nothing is spoilt: no step stands there.
pub(super) fn typos_at(path: &Path, text: &str) -> Vec<Typo> {
    let mut out = Vec::new();
    let mut in_description = false;
    // Whether the block whose description this is holds steps (a Scenario, a Background):
    // a table, a doc string or a step's text there, with no keyword above it, is a step's
    // part whose keyword was left out, and Gherkin drops it without a word, reading on as
    // description until the first step.
    let mut steps_block = false;
    // Whether the table or doc string under way is told already (as one with no step above
    // it, or with the step text above it that was told).
    let mut told_above = false;
    // Whether a step in a Feature's or Rule's description (its `Background:` line left out)
    // was told: the steps after it are of the same block.
    let mut steps_told = false;
    // Whether the block is a Feature or a Rule, under whose line steps need a `Background:`.
    let mut above_all = false;
    // The scenarios a line lost in this description spoils, and the Rule line it stands under.
    let mut owner = Owner::None;
    let mut rule: Option<usize> = None;
    let lines: Vec<&str> = text.lines().collect();
    let place = |i: usize| {
        let column = lines[i].chars().take_while(|c| c.is_whitespace()).count() + 1;
        format!("{}:{}:{column}", path.display(), i + 1)
    };
    for (i, line, what) in fenced(&lines, 0, lines.len()) {
        let t = line.trim();
        match what {
            Fenced::Inside | Fenced::Closes => continue,
            Fenced::Opens(_) => {
                if in_description && (steps_block || steps_told) {
                    if !told_above {
                        out.push(orphan(i, &place(i), "a doc string", owner));
                    }
                    told_above = true;
                    continue;
                }
                in_description = false;
                continue;
            }
            Fenced::Outside => {}
        }
        if t.is_empty() || t.starts_with('#') || t.starts_with('@') {
            continue;
        }
        if t.starts_with('|') {
            if in_description && (steps_block || steps_told) {
                if !told_above {
                    out.push(orphan(i, &place(i), "a table", owner));
                }
                told_above = true;
                continue;
            }
            in_description = false;
            continue;
        }
        told_above = false;
        if is_step_line(t) {
            // Under a Feature or Rule line, before any Background or Scenario, a step is read
            // as description: its `Background:` line was left out.
            if in_description && above_all && !steps_told && reads_as_a_step(t) {
                out.push(Typo::at(
                    i,
                    format!(
                        "{}: `{t}` stands under a Feature or Rule line with no `Background:` or \
                         `Scenario:` above it, so Gherkin reads it as description text and drops \
                         it",
                        place(i)
                    ),
                    "; was a `Background:` line left out above it?",
                    owner,
                ));
                steps_told = true;
                told_above = true;
                continue;
            }
            if !steps_told {
                in_description = false;
            }
            told_above = steps_told;
            continue;
        }
        if opens_block(t) {
            in_description = true;
            steps_block = holds_steps(t);
            above_all = opens(t, "Feature") || opens(t, "Rule");
            steps_told = false;
            if opens(t, "Feature") {
                rule = None;
            } else if opens(t, "Rule") {
                rule = Some(i + 1);
            }
            owner = block_owner(t, i + 1, rule);
            continue;
        }
        if !in_description {
            continue;
        }
        let place = place(i);
        if steps_block {
            if let Some(keyword) = crate::phrases::keyword_of_step_text(t) {
                out.push(Typo::at(
                    i,
                    format!(
                        "{place}: `{t}` is read as description text, as no keyword starts it, \
                         and Gherkin drops it"
                    ),
                    format!("; did you mean `{keyword} {t}`?"),
                    owner,
                ));
                // The table or doc string under it is that step's: told with it.
                told_above = true;
                continue;
            }
        } else if above_all && !steps_told {
            // Under a Feature or Rule line, a step whose keyword and `Background:` line were
            // both left out.
            if let Some((keyword, text)) = lost_step(t, &lines, i) {
                let read = match holds_part_under(&lines, i) {
                    true => "it and what is under it as description text and drops them",
                    false => "it as description text and drops it",
                };
                out.push(Typo::at(
                    i,
                    format!(
                        "{place}: `{t}` stands under a Feature or Rule line with no keyword, and \
                         no `Background:` or `Scenario:` above it, so Gherkin reads {read}"
                    ),
                    format!("; were a `Background:` line and the keyword left out (`{keyword} {text}`)?"),
                    owner,
                ));
                steps_told = true;
                told_above = true;
                continue;
            }
        }
        if let Some((head, keyword)) = colon_slip(t) {
            // A step keyword's slip loses a step; a block keyword's, what the lines after it
            // were meant as (see `typos_at`).
            let block = keyword.ends_with(':');
            let spoils = match steps_block || !block || keyword == "Background:" {
                true => owner,
                false => Owner::None,
            };
            out.push(Typo::at(
                i,
                format!("{place}: \"{head}:\" is read as description text"),
                format!("; did you mean \"{keyword}\"?"),
                spoils,
            ));
            if block && !steps_block {
                steps_block = holds_steps(&keyword);
                above_all = keyword == "Rule:";
                steps_told = false;
                if !matches!(keyword.as_str(), "Background:" | "Rule:") {
                    owner = Owner::None;
                }
            }
        } else if let Some((word, keyword)) = step_slip(t) {
            let rest = t[word.len()..].trim();
            if crate::phrases::is_step_text(rest) {
                out.push(Typo::at(
                    i,
                    format!(
                        "{place}: \"{word}\" is not a keyword, so `{t}` is read as description \
                         text"
                    ),
                    format!("; did you mean \"{keyword}\"?"),
                    owner,
                ));
                told_above = true;
            }
        }
    }
    out
}

/// The keyword and text of a step whose keyword was left out, at line `i` of a Feature's or
/// Rule's description: a whole phrase's text (`the time is 2026-01-05T09:00:00Z`), or one
/// begun with a capital, as a sentence is (`The events:`), when a table or doc string stands
/// under it. A glossary's sentence before its table reads as no phrase.
fn lost_step(t: &str, lines: &[&str], i: usize) -> Option<(&'static str, String)> {
    if let Some(keyword) = crate::phrases::keyword_of_step_text(t) {
        return Some((keyword, t.to_string()));
    }
    let mut chars = t.chars();
    let first = chars.next().filter(char::is_ascii_uppercase)?;
    let text = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
    if !t.ends_with(':') || !holds_part_under(lines, i) {
        return None;
    }
    crate::phrases::keyword_of_step_text(&text).map(|keyword| (keyword, text))
}

/// Whether the next line of `lines` after line `i` that is not blank or a comment opens a table
/// or a doc string.
fn holds_part_under(lines: &[&str], i: usize) -> bool {
    lines[i + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|t| !t.is_empty() && !t.starts_with('#'))
        .is_some_and(|t| t.starts_with('|') || t.starts_with("\"\"\"") || t.starts_with("```"))
}

/// Whether `t` opens a block with `keyword` (`Rule:`), colon and all.
fn opens(t: &str, keyword: &str) -> bool {
    t.strip_prefix(keyword).is_some_and(|r| r.starts_with(':'))
}

/// The scenarios a line lost in the description of the block `t` opens (at `line`, under the
/// Rule at `rule` if any) spoils: the scenario, every scenario a Background (or the steps
/// meant for one under a Feature or Rule line) serves, none for Examples.
fn block_owner(t: &str, line: usize, rule: Option<usize>) -> Owner {
    let serves = rule.map_or(Owner::Feature, Owner::Rule);
    if opens(t, "Background") || opens(t, "Feature") || opens(t, "Rule") {
        serves
    } else if holds_steps(t) {
        Owner::Scenario(line)
    } else {
        Owner::None
    }
}

/// Whether a line with a step keyword reads as one of the phrases (`Given the events:`).
fn reads_as_a_step(t: &str) -> bool {
    let rest = t
        .strip_prefix("* ")
        .or_else(|| {
            STEP_KEYWORDS
                .iter()
                .find_map(|k| t.strip_prefix(k).filter(|r| r.starts_with(' ')))
        })
        .unwrap_or(t);
    crate::phrases::keyword_of_step_text(rest).is_some()
}

/// Whether the block `t` opens holds steps, whose description a step's table, doc string or
/// text cannot stand in unnoticed: a Scenario (or Example, Outline, Template) or a Background,
/// not a Feature or Rule, whose descriptions may show a table of their own, nor Examples.
fn holds_steps(t: &str) -> bool {
    [
        "Scenario Outline",
        "Scenario Template",
        "Scenario",
        "Example",
        "Background",
    ]
    .iter()
    .any(|k| t.strip_prefix(k).is_some_and(|r| r.starts_with(':')))
}

/// What is said of a table or doc string with no step above it, at `place` (line `i`, from 0).
fn orphan(i: usize, place: &str, what: &str, spoils: Owner) -> Typo {
    Typo::at(
        i,
        format!(
            "{place}: {what} with no step above it is read as description text, and Gherkin \
             drops it"
        ),
        "; a step's table or doc string goes right under the step's line (`Given the events:`, \
         `When the command is sent:`, …): was that line left out, or its keyword?",
        spoils,
    )
}

/// A line Gherkin reads as a step.
pub(super) fn is_step_line(t: &str) -> bool {
    t.starts_with("* ")
        || STEP_KEYWORDS
            .iter()
            .any(|k| t.strip_prefix(k).is_some_and(|r| r.starts_with(' ')))
}

/// A line that opens a block Gherkin reads description under.
pub(super) fn opens_block(t: &str) -> bool {
    ["Feature", "Scenario Template", "Scenarios"]
        .iter()
        .chain(BLOCK_KEYWORDS.iter())
        .any(|k| t.strip_prefix(k).is_some_and(|r| r.starts_with(':')))
}

/// The words before a colon at the start of `t` and the block or step keyword they slip from.
pub(super) fn colon_slip(t: &str) -> Option<(&str, String)> {
    let (head, _) = t.split_once(':')?;
    if head.is_empty() || head.split_whitespace().count() > 2 {
        return None;
    }
    // A keyword line, or a step whose text holds a colon, is not a slip.
    let first_word = head.split_whitespace().next().unwrap_or("");
    // A step keyword with a colon in its space's place (`Given: the events:`).
    if STEP_KEYWORDS.contains(&head) {
        return Some((head, head.to_string()));
    }
    if BLOCK_KEYWORDS.contains(&head)
        || ["Feature", "Scenario Template", "Scenarios"].contains(&head)
        || STEP_KEYWORDS.contains(&first_word)
    {
        return None;
    }
    // A step keyword takes no colon: one written with a colon is told (`and:`), but a word
    // near one is a sentence's (`Them: the registrants.` is no slip of `Then`). Nor is a block
    // keyword's plural (`Rules: see the wiki.`), which a slip seldom makes and a sentence often.
    close_keyword(head)
        .filter(|k| k.ends_with(':') || k.eq_ignore_ascii_case(head))
        .filter(|k| {
            k.strip_suffix(':')
                .is_none_or(|k| head.strip_suffix('s') != Some(k))
        })
        .map(|k| (head, k))
}

/// A line opening a block with its keyword but no colon after it (`Scenario a payment is
/// refused`): the keyword, and the line as it was meant. Only asked of a line that does not
/// parse, or of a file that does not: a description line may well start with such a word.
pub(super) fn colon_missing(t: &str) -> Option<(&'static str, String)> {
    // Longest first: `Scenario Outline x` misses the colon of the outline.
    const OPENING: [&str; 7] = [
        "Scenario Outline",
        "Scenario Template",
        "Scenario",
        "Background",
        "Examples",
        "Feature",
        "Rule",
    ];
    let keyword = OPENING.into_iter().find(|k| t.starts_with(k))?;
    let rest = &t[keyword.len()..];
    let title = rest.strip_prefix(' ')?.trim_start();
    // `Scenario : x` has its colon, only a space before it; `Scenario Outline:` is no slip of
    // `Scenario`.
    if title.starts_with(':') || title.is_empty() {
        return None;
    }
    Some((keyword, format!("{keyword}: {title}")))
}

/// The first word of `t` and the step keyword it slips from (`Whenn`, `Thn`, `given`): one
/// edit for `And` and `But`, two for the others, case aside; the caller asks for more evidence
/// where a plain word may stand (`They`).
fn step_slip(t: &str) -> Option<(&str, &'static str)> {
    let word = t.split_whitespace().next()?;
    // Gherkin takes no comma after a keyword (`Then, long after, the invariants hold`).
    if let Some(bare) = word.strip_suffix(',').filter(|b| !b.is_empty()) {
        let keyword = STEP_KEYWORDS
            .iter()
            .find(|k| **k == bare)
            .copied()
            .or_else(|| step_slip(bare).map(|(_, k)| k))?;
        return Some((word, keyword));
    }
    if STEP_KEYWORDS.contains(&word) || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let lower = word.to_lowercase();
    STEP_KEYWORDS
        .iter()
        .map(|k| (strsim::osa_distance(&lower, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= if k.len() <= 3 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| (word, k))
}

/// What a line that does not parse misspells: a keyword before a colon (`Scenaro:`) or a step
/// keyword (`Whenn`).
pub(super) fn keyword_slip(t: &str) -> Option<(String, String)> {
    colon_slip(t)
        .map(|(head, k)| (format!("{head}:"), k))
        .or_else(|| step_slip(t).map(|(w, k)| (w.to_string(), k.to_string())))
}

/// The keyword `head` (the words before a colon) is a slip of, case aside: two edits away for
/// long keywords, one for keywords of four or five letters, and only a change of case for
/// `And` and `But` (`Add:` and `Bug:` are words of their own).
fn close_keyword(head: &str) -> Option<String> {
    let candidates = BLOCK_KEYWORDS.iter().chain(STEP_KEYWORDS.iter());
    let best = nearest(head, candidates.copied())?;
    let lower_head = head.to_lowercase();
    let lower_best = best.to_lowercase();
    let distance = strsim::levenshtein(&lower_head, &lower_best);
    let allowed = match best.len() {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    };
    if distance > allowed || head == best {
        return None;
    }
    Some(if STEP_KEYWORDS.contains(&best) {
        best.to_string()
    } else {
        format!("{best}:")
    })
}
