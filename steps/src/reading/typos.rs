//! Keywords misspelt, and steps, tables and doc strings written without their keyword, where
//! Gherkin reads them as description text, which it drops silently: each told at its line, with
//! what was meant and the scenarios that would run without it.

use std::path::Path;

use super::fences::{fenced, Fenced};
use super::left_out::Owner;
use super::slips::{
    close_keyword, colon_missing, colon_slip, malformed_block, prefixed_step, step_slip,
    words_then_phrase,
};
use crate::dialect::{Block, Dialect};

/// Description lines that look like a misspelled keyword: the words before a colon at the start
/// of a line, near a keyword (`Scenaro:`), or a first word near a step keyword when the rest
/// reads as a known step (`Whenn 1 minute passes`). Gherkin takes such a line as description
/// text, so the scenario or step it was meant to open is silently lost. Only lines where
/// Gherkin reads description are looked at (under a Feature, Rule, Background, Scenario or
/// Examples line, before its first step or table): anywhere else such a line is a parse error,
/// which `located_error` names the same way.
pub fn description_typos(path: &Path, text: &str) -> Vec<String> {
    let Some(d) = Dialect::of(text) else {
        return Vec::new();
    };
    typos_at(d, path, text)
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
    pub(super) fn at(i: usize, said: String, meant: impl Into<String>, spoils: Owner) -> Typo {
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
///
/// A file in another language (`# language: fr`) is read with its own keywords, `d`.
pub(super) fn typos_at(d: &Dialect, path: &Path, text: &str) -> Vec<Typo> {
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
    // A line of a Feature's or Rule's description that opens a block but for its colon
    // (`Scenario a payment is refused`): the steps after it are that block's, not steps whose
    // Background line was left out.
    let mut headless: Option<usize> = None;
    // The last block opened other than Examples: an outline's rows follow it.
    let mut last_block: Option<Block> = None;
    // The line of the last outline opened, for a line that opens a scenario where it meant its
    // Examples.
    let mut last_outline: Option<usize> = None;
    let lines: Vec<&str> = text.lines().collect();
    let place_of = |i: usize| {
        let column = lines[i].chars().take_while(|c| c.is_whitespace()).count() + 1;
        format!("{}:{}:{column}", path.display(), i + 1)
    };
    for (i, line, what) in fenced(&lines, 0, lines.len()) {
        let t = line.trim();
        match what {
            // A fence never closed is one more line of text to the crate (under a step, the
            // file is refused and told so elsewhere).
            Fenced::Inside | Fenced::Closes | Fenced::Unclosed(_) => continue,
            Fenced::Opens(_) | Fenced::Whole(_) => {
                // Under a sentence of a scenario's description (`A note:`), a doc string that
                // holds no messages shows what the sentence says.
                let shown = in_description
                    && steps_block
                    && !steps_told
                    && !told_above
                    && !first_under_its_block(d, &lines, i)
                    && !doc_string_of_messages(&lines, i)
                    && phrase_above(d, &lines, i).is_none();
                if in_description && (steps_block || steps_told) && !shown {
                    if !told_above {
                        out.push(orphan(d, &lines, i, &place_of, "a doc string", owner));
                    }
                    told_above = true;
                    continue;
                }
                if in_description && above_all && doc_string_of_messages(&lines, i) {
                    out.push(lost_part(d, i, &place_of(i), "a doc string", owner));
                    steps_told = true;
                    told_above = true;
                    continue;
                }
                // Under an Examples line, where no step stands: one of the outline's steps,
                // left there with its keyword line lost.
                let examples = matches!(owner, Owner::Examples { .. });
                if in_description && examples && doc_string_of_messages(&lines, i) && !told_above {
                    let word = d.word(Block::Examples);
                    // `an `Examples:` line`, `a `Beispiele:` line`.
                    let article = domain::kernel::article(word);
                    out.push(Typo::at(
                        i,
                        format!(
                            "{}: a doc string of messages (`event` or `command`) stands under \
                             {article} `{word}:` line, where no step stands, so Gherkin reads it \
                             as description text and drops it",
                            place_of(i),
                        ),
                        format!(
                            "; was its step left out? (A step and its doc string go among the \
                             steps of the {} above.)",
                            d.word(Block::Outline)
                        ),
                        owner,
                    ));
                    told_above = true;
                    continue;
                }
                // A Feature's or Rule's description goes on past a table or doc string of its
                // own, as past any line but a block's: what comes after is still dropped.
                in_description &= above_all;
                continue;
            }
            Fenced::Outside => {}
        }
        if t.is_empty() || t.starts_with('#') || t.starts_with('@') {
            continue;
        }
        if t.starts_with('|') {
            // So does a glossary's table there: one of messages is a step's.
            let shown = in_description
                && steps_block
                && !steps_told
                && !told_above
                && !first_under_its_block(d, &lines, i)
                && !table_of_messages(t)
                && phrase_above(d, &lines, i).is_none();
            if shown {
                told_above = true;
                continue;
            }
            if in_description && (steps_block || steps_told) {
                if !told_above {
                    out.push(orphan(d, &lines, i, &place_of, "a table", owner));
                }
                told_above = true;
                continue;
            }
            if in_description && above_all && table_of_messages(t) {
                out.push(lost_part(d, i, &place_of(i), "a table", owner));
                steps_told = true;
                told_above = true;
                continue;
            }
            in_description &= above_all;
            continue;
        }
        told_above = false;
        if d.is_step_line(t) {
            // Under a Feature or Rule line, before any Background or Scenario, a step is read
            // as description: its `Background:` line was left out.
            let near = match in_description && above_all && !steps_told {
                true => near_step(d, t),
                false => None,
            };
            if in_description
                && above_all
                && !steps_told
                && (reads_as_a_step(d, t) || near.is_some())
            {
                if let Some(h) = headless {
                    out.push(no_colon(d, h, &place_of(h), lines[h].trim(), owner));
                    steps_told = true;
                    told_above = true;
                    continue;
                }
                out.push(Typo::at(
                    i,
                    format!(
                        "{}: `{t}` stands under a {} or {} line with no `{}:` or `{}:` above it, \
                         so Gherkin reads it as description text and drops it",
                        place_of(i),
                        d.word(Block::Feature),
                        d.word(Block::Rule),
                        d.word(Block::Background),
                        d.word(Block::Scenario),
                    ),
                    format!(
                        "; was a `{}:` line left out above it{}?",
                        d.word(Block::Background),
                        near.filter(|meant| meant != t)
                            .map(|meant| format!(", and did you mean `{meant}`"))
                            .unwrap_or_default()
                    ),
                    owner,
                ));
                steps_told = true;
                told_above = true;
                continue;
            }
            // Prose (`When in doubt, ask.`) goes on a Feature's or Rule's description.
            if !steps_told && !above_all {
                in_description = false;
            }
            told_above = steps_told;
            continue;
        }
        if let Some(block) = d.block_of(t) {
            headless = None;
            in_description = true;
            steps_block = holds_steps(block);
            above_all = matches!(block, Block::Feature | Block::Rule);
            steps_told = false;
            match block {
                Block::Feature => rule = None,
                Block::Rule => rule = Some(i + 1),
                _ => {}
            }
            let outline = last_outline.filter(|_| last_block == Some(Block::Outline));
            owner = block_owner(block, i + 1, rule, outline);
            // `Exemple:` (a scenario's synonym) over a table, after an outline: its rows, meant
            // under `Exemples:`, open a scenario with no steps and the outline runs none.
            let synonym = match d.keywords(Block::Scenario) {
                [synonym, _, ..] => t.starts_with(&format!("{synonym}:")),
                _ => false,
            };
            let meant_examples =
                synonym && last_block == Some(Block::Outline) && holds_part_under(&lines, i);
            if let (true, Some(outline)) = (meant_examples, last_outline) {
                out.push(Typo::at(
                    i,
                    format!(
                        "{}: `{t}` opens a scenario of its own (as `{}:` does), and the table \
                         under it is read as its description",
                        place_of(i),
                        d.word(Block::Scenario)
                    ),
                    format!(
                        "; did you mean `{}:`, the rows of the outline above?",
                        d.word(Block::Examples)
                    ),
                    // The outline runs no rows either: told here, not again as one without
                    // Examples.
                    Owner::Scenarios(i + 1, outline),
                ));
                told_above = true;
                steps_told = true;
            }
            if block == Block::Outline {
                last_outline = Some(i + 1);
            }
            if block != Block::Examples {
                last_block = Some(block);
            }
            continue;
        }
        if !in_description {
            continue;
        }
        let place = place_of(i);
        // An Examples block's description holds no step: one there was meant for the outline.
        let examples = matches!(owner, Owner::Examples { .. });
        if steps_block || examples {
            if let Some(keyword) = crate::phrases::keyword_of_step_text(t) {
                let keyword = d.step_prefix(keyword);
                let among = match examples {
                    true => format!(" among the steps of the {} above", d.word(Block::Outline)),
                    false => String::new(),
                };
                out.push(Typo::at(
                    i,
                    format!(
                        "{place}: `{t}` is read as description text, as no keyword starts it, \
                         and Gherkin drops it"
                    ),
                    format!("; did you mean `{keyword}{t}`{among}?"),
                    owner,
                ));
                // The table or doc string under it is that step's: told with it.
                told_above = true;
                continue;
            }
        } else if above_all {
            // A block's line written otherwise than `Keyword: title` (`Règle : orateurs`, `Rule
            // speakers`, `Rules: speakers`, `Rule: x` in a French file) over lines indented
            // under it, as a block's are: Gherkin reads it as description, and what is under it
            // as the lines above's (a Rule's Background as the Feature's, for every rule).
            if let Some((block, meant)) = malformed_block(d, t).filter(|_| parent_of(d, &lines, i))
            {
                let spoils = match block {
                    Block::Rule | Block::Background => owner,
                    _ => Owner::None,
                };
                out.push(Typo::at(
                    i,
                    format!(
                        "{place}: `{t}` is read as description text, as Gherkin takes a line \
                         for a `{}:` line only with the colon right after the keyword, and it \
                         reads the lines under it as the ones above's",
                        d.word(block)
                    ),
                    format!("; did you mean `{meant}`?"),
                    spoils,
                ));
                steps_told = true;
                told_above = true;
                continue;
            }
        }
        // Under a Feature or Rule line, before a step is told there.
        if !steps_block && above_all && !steps_told {
            if colon_missing(d, t).is_some() {
                headless = Some(i);
                continue;
            }
            // Under a Feature or Rule line, a step whose keyword and `Background:` line were
            // both left out.
            if let Some((keyword, text)) = lost_step(d, t, &lines, i) {
                if let Some(h) = headless {
                    out.push(no_colon(d, h, &place_of(h), lines[h].trim(), owner));
                    steps_told = true;
                    told_above = true;
                    continue;
                }
                let read = match holds_part_under(&lines, i) {
                    true => "it and what is under it as description text and drops them",
                    false => "it as description text and drops it",
                };
                out.push(Typo::at(
                    i,
                    format!(
                        "{place}: `{t}` stands under a {} or {} line with no keyword, and no \
                         `{}:` or `{}:` above it, so Gherkin reads {read}",
                        d.word(Block::Feature),
                        d.word(Block::Rule),
                        d.word(Block::Background),
                        d.word(Block::Scenario),
                    ),
                    format!(
                        "; were a `{}:` line and the keyword left out (`{keyword}{text}`)?",
                        d.word(Block::Background)
                    ),
                    owner,
                ));
                steps_told = true;
                told_above = true;
                continue;
            }
        }
        // Under a Feature or Rule line, a keyword with a space before its colon and no step
        // after it is a sentence, as French writes one (`Contexte : historique.`).
        // In a scenario's description, a Background's or Rule's keyword so is one too: neither
        // block opens there.
        // So is a keyword with a full-width colon (`背景：去年…`), as Chinese writes one. In
        // any other description, steps or none after it, both are sentences.
        let sentence = |head: &str| {
            let wide = head.ends_with('：');
            let head = head.trim_end_matches([':', '：']);
            let bare = head.trim_end();
            if bare.len() == head.len() && !wide {
                return false;
            }
            // A keyword near one too (`Scenario :` in French), spaced as French writes it.
            let block = d
                .block_of(&format!("{bare}:"))
                .or_else(|| close_keyword(d, bare).and_then(|k| d.block_of(&k)));
            match block {
                Some(_) if above_all => !super::sentences::steps_follow(d, &lines, i),
                Some(_) => true,
                None => false,
            }
        };
        if let Some((head, keyword)) = colon_slip(d, t).filter(|(head, _)| !sentence(head)) {
            // A step keyword's slip loses a step; a block keyword's, what the lines after it
            // were meant as (see `typos_at`).
            let meant = d.block_of(&keyword);
            // A Rule's line lost takes its head and scenarios into the block above.
            let spoils = match steps_block
                || meant.is_none_or(|b| matches!(b, Block::Background | Block::Rule))
            {
                true => owner,
                false => Owner::None,
            };
            out.push(Typo::at(
                i,
                format!("{place}: \"{head}\" is read as description text"),
                format!("; did you mean \"{keyword}\"?"),
                spoils,
            ));
            if meant.is_none() {
                // A step's: the table or doc string under it is that step's, told with it.
                told_above = true;
                steps_told |= above_all;
            }
            if let Some(meant) = meant.filter(|_| !steps_block) {
                steps_block = holds_steps(meant);
                above_all = meant == Block::Rule;
                steps_told = false;
                if !matches!(meant, Block::Background | Block::Rule) {
                    owner = Owner::None;
                }
            }
        } else if let Some((word, keyword)) =
            step_slip(d, t).filter(|(word, _)| crate::phrases::is_step_text(t[word.len()..].trim()))
        {
            out.push(Typo::at(
                i,
                format!(
                    "{place}: \"{word}\" is not a keyword, so `{t}` is read as description text"
                ),
                format!("; did you mean \"{keyword}\"?"),
                owner,
            ));
            told_above = true;
        } else if let Some(step) = prefixed_step(d, t).filter(|_| steps_block || !steps_told) {
            // Steps go nowhere under Examples: one there was meant for the outline's.
            let under = match (steps_block, owner) {
                (true, _) => String::new(),
                (false, Owner::Examples { .. }) => {
                    format!(" among the steps of the {} above", d.word(Block::Outline))
                }
                (false, _) => format!(" under a `{}:` line", d.word(Block::Background)),
            };
            out.push(Typo::at(
                i,
                format!(
                    "{place}: {}, so `{t}` is read as description text, and Gherkin drops it",
                    step.said
                ),
                format!("; did you mean `{}`{under}?", step.meant),
                owner,
            ));
            told_above = true;
            steps_told |= above_all;
        }
    }
    out
}

/// Whether the next block's or step's line after line `i` is indented deeper than it, as a
/// block's own lines are under its line.
fn parent_of(d: &Dialect, lines: &[&str], i: usize) -> bool {
    let indent = |l: &str| l.chars().take_while(|c| c.is_whitespace()).count();
    lines[i + 1..]
        .iter()
        .find(|l| {
            let t = l.trim();
            d.block_of(t).is_some() || reads_as_a_step(d, t) || malformed_block(d, t).is_some()
        })
        .is_some_and(|l| indent(l) > indent(lines[i]))
}

/// The keyword and text of a step whose keyword was left out, at line `i` of a Feature's or
/// Rule's description: a whole phrase's text (`the time is 2026-01-05T09:00:00Z`), or one
/// begun with a capital, as a sentence is (`The events:`), when a table or doc string stands
/// under it. A glossary's sentence before its table reads as no phrase.
fn lost_step<'d>(d: &'d Dialect, t: &str, lines: &[&str], i: usize) -> Option<(&'d str, String)> {
    if let Some(keyword) = crate::phrases::keyword_of_step_text(t) {
        return Some((d.step_prefix(keyword), t.to_string()));
    }
    let mut chars = t.chars();
    let first = chars.next().filter(char::is_ascii_uppercase)?;
    let text = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
    if !t.ends_with(':') || !holds_part_under(lines, i) {
        return None;
    }
    crate::phrases::keyword_of_step_text(&text).map(|keyword| (d.step_prefix(keyword), text))
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

/// The scenarios a line lost in the description of `block` (opened at `line`, under the Rule at
/// `rule` if any, after the outline at `outline` if any) spoils: the scenario, every scenario a
/// Background (or the steps meant for one under a Feature or Rule line) serves, an Examples
/// block's rows (a step lost there was meant for the outline they run: its rows ran without it,
/// and passed).
fn block_owner(block: Block, line: usize, rule: Option<usize>, outline: Option<usize>) -> Owner {
    let serves = rule.map_or(Owner::Feature, Owner::Rule);
    match block {
        Block::Background | Block::Feature | Block::Rule => serves,
        Block::Scenario | Block::Outline => Owner::Scenario(line),
        Block::Examples => match outline {
            Some(scenario) => Owner::Examples {
                scenario,
                examples: line,
            },
            None => Owner::None,
        },
    }
}

/// The step a line with a step keyword was meant as, when it is a near miss of a phrase
/// (`Given the time was 2026-01-05T09:20:00Z`): prose (`When in doubt, ask.`) is none.
fn near_step(d: &Dialect, t: &str) -> Option<String> {
    use cucumber::gherkin::StepType;
    let keyword = d.step_keyword(t)?;
    let rest = t[keyword.len()..].trim();
    let kinds = match d.kind_of(keyword) {
        Some(kind) => vec![kind],
        None => vec![StepType::Given, StepType::When, StepType::Then],
    };
    kinds.into_iter().find_map(|ty| {
        match crate::phrases::recognise(ty, rest) {
            // The clock's phrase takes any words (`the time is right, we ship.`): an instant
            // has digits.
            Ok(crate::phrases::Phrase::GivenTime(at)) => at
                .contains(|c: char| c.is_ascii_digit())
                .then(|| t.to_string()),
            Ok(_) => Some(t.to_string()),
            Err(_) => crate::phrases::meant_step(ty, rest)
                .map(|(of, meant)| format!("{}{meant}", d.prefix_of(of))),
        }
    })
}

/// Whether a line with a step keyword reads as one of the phrases (`Given the events:`).
pub(super) fn reads_as_a_step(d: &Dialect, t: &str) -> bool {
    let rest = d.step_keyword(t).map_or(t, |k| &t[k.len()..]);
    crate::phrases::keyword_of_step_text(rest.trim_start()).is_some()
}

/// Whether `block` holds steps, whose description a step's table, doc string or text cannot
/// stand in unnoticed: a Scenario (or Example, Outline, Template) or a Background, not a Feature
/// or Rule, whose descriptions may show a table of their own, nor Examples.
fn holds_steps(block: Block) -> bool {
    matches!(block, Block::Scenario | Block::Outline | Block::Background)
}

/// What is said of line `h`, `t`, a block's line with its colon left out, whose steps were read
/// as description: a Background's spoil every scenario it serves (`owner`); a scenario's are
/// never read, and it is lost whole.
fn no_colon(d: &Dialect, h: usize, place: &str, t: &str, owner: Owner) -> Typo {
    let Some((keyword, meant)) = colon_missing(d, t) else {
        return Typo::at(
            h,
            format!("{place}: `{t}` is read as description text"),
            "",
            owner,
        );
    };
    let spoils = match d.block_of(&meant) {
        Some(Block::Background) => owner,
        _ => Owner::None,
    };
    Typo::at(
        h,
        format!(
            "{place}: `{t}` is read as description text, as `{keyword}` takes a colon after it, \
             and Gherkin drops it with the steps under it"
        ),
        format!("; did you mean `{meant}`?"),
        spoils,
    )
}

/// Whether line `i` comes right under its Feature or Rule line, blank lines and comments aside:
/// a table or doc string there is a step's whose line was left out, where one under a sentence
/// (`Example payload, for the curious:`) shows what the sentence says.
fn first_under_its_block(d: &Dialect, lines: &[&str], i: usize) -> bool {
    lines[..i]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|t| !t.is_empty() && !t.starts_with('#'))
        .is_some_and(|t| d.block_of(t).is_some())
}

/// Whether a table's header row `t` is a step's: an `event` or `command` column beside a field
/// that names an instance (`order_id`). A glossary's table (`| event | what it means |`) is none.
fn table_of_messages(t: &str) -> bool {
    let cells: Vec<&str> = t
        .trim()
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect();
    cells
        .iter()
        .any(|c| c.eq_ignore_ascii_case("event") || c.eq_ignore_ascii_case("command"))
        && cells.iter().any(|c| c.ends_with("_id"))
}

/// Whether the doc string opened at line `i` holds a step's messages: a JSON array of objects
/// each naming its message under `event` or `command`, as DSL.md writes them.
fn doc_string_of_messages(lines: &[&str], i: usize) -> bool {
    let text: Vec<&str> = fenced(lines, i, lines.len())
        .skip(1)
        .take_while(|(_, _, what)| *what == Fenced::Inside)
        .map(|(_, line, _)| line)
        .collect();
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str(&text.join("\n")) else {
        return false;
    };
    !items.is_empty()
        && items.iter().all(|item| {
            item.as_object()
                .is_some_and(|o| o.contains_key("event") || o.contains_key("command"))
        })
}

/// What is said of a step's table or doc string (`what`) under a Feature or Rule line, at
/// `place` (line `i`, from 0), its step's line and the Background's both left out.
fn lost_part(d: &Dialect, i: usize, place: &str, what: &str, spoils: Owner) -> Typo {
    Typo::at(
        i,
        format!(
            "{place}: {what} of messages (`event` or `command`) stands under a {} or {} line \
             with no step above it, so Gherkin reads it as description text and drops it",
            d.word(Block::Feature),
            d.word(Block::Rule),
        ),
        format!(
            "; were a `{}:` line and its step (`{}the events:`) left out above it? (An example \
             shown to the reader goes in comments, `# …` lines, which Gherkin leaves alone.)",
            d.word(Block::Background),
            d.step_prefix("Given")
        ),
        spoils,
    )
}

/// What is said of a table or doc string with no step above it, at line `i` (from 0, placed
/// by `place_of`) among `lines`: at the line above instead when it writes a phrase after words
/// that are no keyword (`Also the command is sent:`), the step the table was written for.
fn orphan(
    d: &Dialect,
    lines: &[&str],
    i: usize,
    place_of: &dyn Fn(usize) -> String,
    what: &str,
    spoils: Owner,
) -> Typo {
    if let Some((j, words, meant)) = phrase_above(d, lines, i) {
        let t = lines[j].trim();
        return Typo::at(
            j,
            format!(
                "{}: \"{words}\" is not a keyword, so `{t}` is read as description text, and \
                 {what} under it with it, and Gherkin drops them",
                place_of(j)
            ),
            format!("; did you mean `{meant}`?"),
            spoils,
        );
    }
    Typo::at(
        i,
        format!(
            "{}: {what} with no step above it is read as description text, and Gherkin drops it",
            place_of(i)
        ),
        format!(
            "; a step's table or doc string goes right under the step's line (`{}the events:`, \
             `{}the command is sent:`, …): was that line left out, or its keyword?",
            d.step_prefix("Given"),
            d.step_prefix("When")
        ),
        spoils,
    )
}

/// The line above line `i` (a table's or doc string's first), when it writes a phrase after
/// words that are no keyword: its index, the words and the step meant.
fn phrase_above(d: &Dialect, lines: &[&str], i: usize) -> Option<(usize, String, String)> {
    let j = (0..i).rev().find(|&j| {
        let t = lines[j].trim();
        !t.is_empty() && !t.starts_with('#')
    })?;
    let t = lines[j].trim();
    if t.starts_with('|') {
        return None;
    }
    // A sentence that ends in a phrase elsewhere is prose; over a table, a step lost.
    let (words, rest, kind) = words_then_phrase(t)?;
    Some((
        j,
        words.trim().to_string(),
        format!("{}{rest}", d.step_prefix(kind)),
    ))
}
