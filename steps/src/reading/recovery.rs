//! A file Gherkin cannot read whole, read block by block: each scenario that reads runs, and each
//! block that does not is one problem at its line.

use std::path::Path;

use super::left_out::one_not_run;
use super::located::{located_error, misspelt_keyword, told_at};
use super::parse_text;
use super::pieces::Pieces;
use super::slips::{colon_missing, colon_slip, malformed_block};
use crate::dialect::{Block, Dialect};
use cucumber::gherkin::{self, Feature};

/// A line opening a scenario, or meant to (`Scenario Outlin:`, `Scenario a is refused`): a
/// misspelled one still ends the block before it, so that only its own scenario is lost to the
/// mistake.
pub(super) fn opens_scenario(d: &Dialect, line: &str) -> bool {
    let t = line.trim_start();
    let scenario = |b: Option<Block>| matches!(b, Some(Block::Scenario | Block::Outline));
    scenario(d.block_of(t))
        || colon_slip(d, t).is_some_and(|(_, meant)| scenario(d.block_of(&meant)))
        || colon_missing(d, t).is_some_and(|(_, meant)| scenario(d.block_of(&meant)))
}

/// A line opening a rule, or meant to (`Rle: two`, `Règle : orateurs`), as [`opens_scenario`].
pub(super) fn opens_rule(d: &Dialect, line: &str) -> bool {
    let t = line.trim_start();
    d.opens(t, Block::Rule)
        || colon_slip(d, t).is_some_and(|(_, meant)| d.block_of(&meant) == Some(Block::Rule))
        || malformed_block(d, t).is_some_and(|(block, _)| block == Block::Rule)
}

/// Whether `line` opens a Background or a Feature, or is meant to.
fn opens_head(d: &Dialect, line: &str) -> bool {
    let t = line.trim_start();
    d.opens_loosely(t, Block::Background) || d.opens_loosely(t, Block::Feature)
}

/// The first line of each scenario or rule block, its tags above it included; and of each
/// Background or Feature line after a scenario (out of place), a block of its own, so that the
/// scenario above it is read without it.
fn block_starts(d: &Dialect, lines: &[&str]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut after_scenario = false;
    for (i, line) in lines.iter().enumerate() {
        let misplaced = after_scenario && opens_head(d, line);
        if opens_scenario(d, line) {
            after_scenario = true;
        } else if opens_rule(d, line) {
            // A rule's own Background follows its line.
            after_scenario = false;
        }
        if opens_scenario(d, line) || opens_rule(d, line) || misplaced {
            starts.push(with_tags_above(lines, i));
        }
    }
    starts
}

/// The first line of the block whose keyword stands at line `i`: its tags above it included.
pub(super) fn with_tags_above(lines: &[&str], i: usize) -> usize {
    let mut start = i;
    while start > 0 && lines[start - 1].trim_start().starts_with('@') {
        start -= 1;
    }
    start
}

/// A file that does not parse, read again scenario by scenario: each scenario with the lines
/// before the first block (Feature, description, Background) and, inside a Rule, the rule's
/// own head; every other line is blanked, so that positions stay those of the file. A block
/// holding a line already reported as a misspelled keyword (`typo_lines`) is not reported
/// again: that line is why it does not parse.
pub(super) fn recover(
    d: &Dialect,
    path: &Path,
    text: &str,
    whole: &gherkin::ParseFileError,
    typo_lines: &[usize],
) -> (Option<Feature>, Vec<(usize, String)>) {
    let lines: Vec<&str> = text.lines().collect();
    let typo_within = |(a, b): (usize, usize)| typo_lines.iter().any(|&l| a < l && l <= b);
    let starts = block_starts(d, &lines);
    let pieces = Pieces::of(&lines);
    // The `n`th block: its first line, the line after its last, and its opening line (past
    // its tags).
    let block = |n: usize| {
        let start = starts[n];
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let opening = (start..end)
            .find(|&i| !lines[i].trim_start().starts_with('@'))
            .unwrap_or(start);
        (start, end, opening)
    };
    let Some(&first) = starts.first() else {
        let error = located_error(d, path, &lines, whole, None);
        return (
            None,
            Vec::from_iter((!typo_within((0, lines.len()))).then_some(error)),
        );
    };
    let keep = |ranges: &[(usize, usize)]| -> String {
        let mut out = String::new();
        for (i, line) in lines.iter().enumerate() {
            if ranges.iter().any(|&(a, b)| a <= i && i < b) {
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    };
    // A head that does not parse on its own spoils every scenario: report its error once, and
    // what else keeps a scenario of the feature's own from parsing, each under the Feature
    // line alone, so that one mistake in a Background hides no other (they were told only once
    // it was mended).
    if let Err(e) = parse_text(path, &keep(&[(0, first)])) {
        let mut errors: Vec<(usize, String)> = (!typo_within((0, first)))
            .then(|| located_error(d, path, &lines, &e, Some((0, first))))
            .into_iter()
            .collect();
        let feature_line = (0..first).find(|&i| d.opens(lines[i].trim_start(), Block::Feature));
        for n in 0..starts.len() {
            let (start, end, opening) = block(n);
            // A rule's scenarios read with its head, which is the rule's own matter.
            if opens_rule(d, lines[opening]) {
                break;
            }
            let (Some(at), false) = (feature_line, typo_within((start, end))) else {
                continue;
            };
            // With the lines above the Feature line: the language line among them.
            let ranges = [(0, at + 1), (start, end)];
            let parsed = pieces.parse(path, &ranges, || parse_text(path, &keep(&ranges)));
            if let Err(e) = parsed {
                let error = located_error(d, path, &lines, &e, Some((start, end)));
                if !errors.contains(&error) {
                    errors.push(error);
                }
            }
        }
        return (None, errors);
    }
    let mut base: Option<Feature> = None;
    let mut problems = Vec::new();
    let mut failed_blocks = 0;
    let mut rule_head: Option<(usize, usize)> = None;
    // Whether the rule under way was opened by a misspelt line: its scenarios would run under
    // another rule's head, or the feature's.
    let mut broken_rule = false;
    // A Background or Feature line out of place (after a scenario) was meant for the scenarios
    // after it, which would run without it: they are not run, the file's or their rule's. The
    // problem that told it, and how many it kept from running.
    let mut lost_head: Option<(usize, bool)> = None;
    // The rule head last found to parse alone.
    let mut head_parses: Option<(usize, usize)> = None;
    let mut lost = 0;
    for n in 0..starts.len() {
        let (start, end, opening) = block(n);
        if opens_rule(d, lines[opening]) {
            // The rule's head (its line, description, Background) goes with each scenario in it.
            rule_head = Some((start, end));
            // A rule's own Background lost loses its scenarios only; the feature's, all.
            lost_head = lost_head.filter(|(_, feature)| *feature);
            broken_rule = !d.opens(lines[opening].trim_start(), Block::Rule);
            if broken_rule {
                failed_blocks += 1;
                if !typo_within((start, end)) {
                    problems.push(opening_told(d, path, &lines, opening));
                }
            }
            continue;
        }
        if broken_rule {
            continue;
        }
        if opens_head(d, lines[opening]) {
            // Out of place, after a scenario: told, and the scenarios after it (meant to have
            // it) are not run; the ones above it are read without it.
            failed_blocks += 1;
            if lost_head.is_none() && !typo_within((start, end)) {
                let (line, error) = located_error(d, path, &lines, whole, Some((start, end)));
                problems.push((line, error));
                let feature = meant_for_the_feature(d, &lines, rule_head, line.max(1) - 1);
                lost_head = Some((problems.len() - 1, feature));
            }
            continue;
        }
        if lost_head.is_some() {
            lost += 1;
            continue;
        }
        let mut ranges = vec![(0, first), (start, end)];
        ranges.extend(rule_head);
        ranges.sort_unstable();
        let parsed = pieces.parse(path, &ranges, || parse_text(path, &keep(&ranges)));
        match parsed {
            Ok(piece) if scenarios_in(&piece) == 0 => {
                // The block's line was read as description of the lines above it: a misspelt
                // keyword, which after another scenario's steps keeps the whole file from
                // parsing. Told at that line, not at the first like it in the file.
                failed_blocks += 1;
                if !typo_within((start, end)) {
                    problems.push(opening_told(d, path, &lines, opening));
                }
            }
            Ok(piece) => match &mut base {
                None => base = Some(piece),
                Some(base) => merge(base, piece),
            },
            Err(e) => {
                failed_blocks += 1;
                // A line told in the block, or in the head of its rule, is why.
                if typo_within((start, end)) || rule_head.is_some_and(typo_within) {
                    continue;
                }
                // Not in the block but in its rule's head (a row of the rule's Background, a
                // tag line above the rule), which every scenario of the rule reads with: the
                // head alone does not parse either.
                let head_error = rule_head
                    .filter(|&h| head_parses != Some(h))
                    .and_then(|head| {
                        match parse_text(path, &keep(&[(0, first), head])) {
                            Ok(_) => {
                                // Known to parse: not parsed again for the rule's next block.
                                head_parses = Some(head);
                                None
                            }
                            Err(e) => Some(located_error(d, path, &lines, &e, Some(head))),
                        }
                    });
                let in_head = head_error.is_some();
                let (line, error) = head_error
                    .unwrap_or_else(|| located_error(d, path, &lines, &e, Some((start, end))));
                // Said before what was meant, where the error ends with it, as a typo's is.
                let not_run = not_run(d, lines[opening]);
                let error = match error.find("; did you mean") {
                    Some(at) => format!("{}{not_run}{}", &error[..at], &error[at..]),
                    None => format!("{error}{not_run}"),
                };
                let head = lines.get(line.wrapping_sub(1)).map(|l| l.trim_start());
                let misplaced = head.is_some_and(|t| {
                    d.opens_loosely(t, Block::Background) || d.opens_loosely(t, Block::Feature)
                });
                if in_head {
                    // Told once, with this scenario; the rule's others are not run either.
                    problems.push((line, error));
                    lost_head = Some((problems.len() - 1, false));
                    continue;
                }
                let error = (line, error);
                if !problems.contains(&error) {
                    problems.push(error);
                }
                if misplaced {
                    let feature = meant_for_the_feature(d, &lines, rule_head, line - 1);
                    lost_head = Some((problems.len() - 1, feature));
                }
            }
        }
    }
    if let (Some((told, _)), 1..) = (lost_head, lost) {
        let scenarios = match lost {
            1 => "the scenario after it is".to_string(),
            n => format!("the {n} scenarios after it are"),
        };
        let told = &mut problems[told].1;
        let either = match told.contains(" not run") {
            true => " either",
            false => "",
        };
        told.push_str(&format!("; {scenarios} not run{either}"));
    }
    if failed_blocks == 0 && typo_lines.is_empty() {
        // Every block parses on its own: the mistake lies between them; report the file's error,
        // unless a line told already explains it.
        problems.push(located_error(d, path, &lines, whole, None));
    }
    (base, problems)
}

/// Whether the Background or Feature line `i` (0-based), out of place, was meant for the
/// feature's scenarios rather than its rule's: a Feature line is; a Background written as deep
/// as its rule's line, or with no rule, too.
fn meant_for_the_feature(
    d: &Dialect,
    lines: &[&str],
    rule_head: Option<(usize, usize)>,
    i: usize,
) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let rule_indent = rule_head.map(|(r, _)| {
        let rule_line = (r..lines.len())
            .find(|&i| !lines[i].trim_start().starts_with('@'))
            .unwrap_or(r);
        indent(lines[rule_line])
    });
    let t = lines.get(i).map_or("", |l| l.trim_start());
    rule_indent.is_none_or(|r| indent(lines[i]) <= r) || d.opens_loosely(t, Block::Feature)
}

/// What a block that does not parse keeps from running, said after its error: the scenario its
/// opening line names (a mistake further down, such as a misspelt `Rule:` after its steps,
/// took it out with no word of it).
fn not_run(d: &Dialect, opening: &str) -> String {
    match opening.trim().split_once(':') {
        Some((keyword, name)) => one_not_run(d, d.is_outline(keyword), name),
        None => String::new(),
    }
}

/// What is said of a block's opening line (from 0) that is no block's line: a misspelt keyword
/// (`Rle: two`), a colon left out or written otherwise (`Règle : orateurs`).
fn opening_told(d: &Dialect, path: &Path, lines: &[&str], opening: usize) -> (usize, String) {
    let t = lines[opening].trim();
    let said = misspelt_keyword(d, t)
        .or_else(|| {
            malformed_block(d, t).map(|(_, meant)| {
                format!("this is read as description text (`{t}`); did you mean `{meant}`?")
            })
        })
        .unwrap_or_else(|| format!("this is read as description text (`{t}`)"));
    told_at(path, lines, opening, said)
}

/// The scenarios of a piece, its rules' included.
pub(super) fn scenarios_in(piece: &Feature) -> usize {
    piece.scenarios.len() + piece.rules.iter().map(|r| r.scenarios.len()).sum::<usize>()
}

/// Adds a piece's scenarios (or its rule's) to the feature pieced together so far.
pub(super) fn merge(base: &mut Feature, piece: Feature) {
    base.scenarios.extend(piece.scenarios);
    for rule in piece.rules {
        match base.rules.iter_mut().find(|r| r.position == rule.position) {
            Some(known) => known.scenarios.extend(rule.scenarios),
            None => base.rules.push(rule),
        }
    }
}
