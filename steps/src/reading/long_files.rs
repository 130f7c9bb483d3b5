//! A long feature file parsed a run of scenarios at a time. The gherkin crate's parse grows with
//! the square of a text's lines (see `pieces`): a file of 16,000 scenarios took seven seconds
//! to parse whole. Pieces of a few hundred lines, each with the file's head (and its rule's),
//! take time in proportion to the file's length, and give back what the whole file's parse
//! gives; a file whose pieces might not (a Feature or Background line after a scenario, a block
//! starting inside a doc string, a piece that does not parse or reads another count of scenarios
//! than it holds) is parsed whole, as any other.

use std::path::Path;

use super::fences::{fenced, Fenced};
use super::pieces::{each_place, Pieces};
use super::recovery::{merge, scenarios_in, with_tags_above};
use crate::dialect::{Block, Dialect};
use cucumber::gherkin::Feature;

/// Files shorter than this are parsed whole: their square is small.
pub(super) const LONG: usize = 1_000;
/// About how many lines of scenarios a piece holds: the square of a piece this long costs about
/// what its lines do.
pub(super) const PIECE: usize = 250;

/// `text`, the feature file at `path`, parsed in pieces of about `piece` lines of scenarios when
/// it is at least `long` lines long; None when it is shorter, or when its pieces might not read
/// as the whole file does.
pub(super) fn parse_in_pieces(
    d: &Dialect,
    path: &Path,
    text: &str,
    long: usize,
    piece: usize,
) -> Option<Feature> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() < long {
        return None;
    }
    let starts = block_starts(d, &lines)?;
    let head = (0, *starts.first()?);
    if starts_in_a_doc_string(&lines, &starts) {
        return None;
    }
    let pieces = Pieces::of(&lines);
    let mut planned: Vec<Planned> = Vec::new();
    let mut rule: Option<(usize, usize)> = None;
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let opening = (start..end).find(|&i| !lines[i].trim_start().starts_with('@'))?;
        let t = lines[opening].trim_start();
        if d.opens(t, Block::Rule) {
            rule = Some((start, end));
            // A rule with no scenario is still the file's: read with its head alone.
            planned.push(Planned::new(head, rule, None));
            continue;
        }
        match planned.last_mut() {
            Some(last) if last.rule == rule && last.takes(start, piece) => last.add(end),
            _ => planned.push(Planned::new(head, rule, Some((start, end)))),
        }
    }
    let mut feature: Option<Feature> = None;
    for plan in planned
        .iter()
        .filter(|p| p.scenarios > 0 || p.is_rule_alone())
    {
        let part = pieces.parse_alone(path, &plan.ranges())?;
        let rules_expected = usize::from(plan.rule.is_some());
        if scenarios_in(&part) != plan.scenarios || part.rules.len() != rules_expected {
            return None;
        }
        match &mut feature {
            None => feature = Some(part),
            Some(whole) => merge(whole, part),
        }
    }
    let mut feature = feature?;
    spans_over_the_file(&mut feature, &pieces, &planned, &lines);
    Some(feature)
}

/// The first line of each scenario or rule, its tags above it included, by its keyword as
/// written (a misspelt one is a line of the block above it, which the block's piece reads as the
/// whole file does); None where a Feature or Background line stands after a scenario, which reads
/// otherwise alone than in the whole file. Not `recovery`'s, which also finds the lines meant
/// to open a block, at several times the cost of the parse.
fn block_starts(d: &Dialect, lines: &[&str]) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    let mut after_scenario = false;
    for (i, line) in lines.iter().enumerate() {
        match d.block_of(line.trim_start()) {
            Some(Block::Scenario | Block::Outline | Block::Rule) => {}
            Some(Block::Feature | Block::Background) if after_scenario => return None,
            _ => continue,
        }
        after_scenario = !d.opens(line.trim_start(), Block::Rule);
        starts.push(with_tags_above(lines, i));
    }
    Some(starts)
}

/// Whether a block starts inside a doc string (its `Scenario:` line is the doc string's text,
/// as the whole file's parse reads it), or a fence is never closed.
fn starts_in_a_doc_string(lines: &[&str], starts: &[usize]) -> bool {
    let mut starts = starts.iter().peekable();
    fenced(lines, 0, lines.len()).any(|(i, _, what)| {
        let a_start = starts.next_if_eq(&&i).is_some();
        (a_start && what == Fenced::Inside) || matches!(what, Fenced::Unclosed(_))
    })
}

/// A piece to parse: the file's head, its rule's head if in one, and a run of scenario blocks.
struct Planned {
    head: (usize, usize),
    rule: Option<(usize, usize)>,
    blocks: Option<(usize, usize)>,
    scenarios: usize,
}

impl Planned {
    fn new(
        head: (usize, usize),
        rule: Option<(usize, usize)>,
        blocks: Option<(usize, usize)>,
    ) -> Self {
        Planned {
            head,
            rule,
            blocks,
            scenarios: usize::from(blocks.is_some()),
        }
    }

    /// Whether the block starting at `start` joins this piece: it follows its last, and the
    /// piece is not yet full (a rule's lone head takes its rule's first block).
    fn takes(&self, start: usize, piece: usize) -> bool {
        match self.blocks {
            Some((from, to)) => to == start && to - from < piece,
            None => self.rule.is_some_and(|(_, end)| end == start),
        }
    }

    fn add(&mut self, end: usize) {
        let from = self
            .blocks
            .map_or_else(|| self.rule.map_or(0, |r| r.1), |b| b.0);
        self.blocks = Some((from, end));
        self.scenarios += 1;
    }

    fn is_rule_alone(&self) -> bool {
        self.rule.is_some() && self.blocks.is_none()
    }

    fn ranges(&self) -> Vec<(usize, usize)> {
        [Some(self.head), self.rule, self.blocks]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// The feature's span and each rule's run to the end of what is theirs in the file, as the
/// whole file's parse has them: each piece's ended with the piece. And whatever ended a piece
/// before the file's end runs on, as there, over the next line's indent, to the next keyword.
fn spans_over_the_file(
    feature: &mut Feature,
    pieces: &Pieces,
    planned: &[Planned],
    lines: &[&str],
) {
    // Where what runs to the start of line `end` ends in the whole file.
    let end_at = |end: usize| {
        let indent = lines
            .get(end)
            .map_or(0, |line| line.len() - line.trim_start().len());
        pieces.offset(end) + indent
    };
    // Looked up for every span: a long file has hundreds of pieces.
    let ends: std::collections::HashMap<usize, usize> = planned
        .iter()
        .filter_map(|p| p.blocks.or(p.rule).map(|(_, end)| end))
        .map(|end| (pieces.offset(end), end_at(end)))
        .collect();
    each_place(feature, &mut |_| {}, &mut |span| {
        if let Some(&to) = ends.get(&span.end) {
            span.end = to;
        }
    });
    feature.span.end = pieces.offset(lines.len());
    for rule in &mut feature.rules {
        let last = planned
            .iter()
            .filter(|p| {
                p.rule
                    .is_some_and(|(start, end)| (start + 1..=end).contains(&rule.position.line))
            })
            .filter_map(|p| p.blocks.or(p.rule).map(|(_, end)| end))
            .max();
        if let Some(end) = last {
            rule.span.end = end_at(end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule_lines::rules_apart;
    use super::*;
    use cucumber::gherkin::GherkinEnv;
    use std::path::PathBuf;

    /// The file parsed whole, and in pieces of every size from one scenario up: the same feature.
    fn read_alike_in_pieces(path: &Path, text: &str) {
        let d = Dialect::of(text).expect("a known language");
        let mut whole = Feature::parse(text, GherkinEnv::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        whole.path = Some(path.to_path_buf());
        // As `read_file` has it: a Rule line the crate reads as the description of an empty
        // rule above it (which no piece holds) opens its own rule.
        let whole = rules_apart(d, text, whole);
        for piece in [1, 2, 3, 7, 40, PIECE] {
            let parsed = parse_in_pieces(d, path, text, 0, piece)
                .unwrap_or_else(|| panic!("{} in pieces of {piece}: not read", path.display()));
            let parsed = rules_apart(d, text, parsed);
            assert_eq!(
                parsed,
                whole,
                "{} in pieces of {piece} lines",
                path.display()
            );
        }
    }

    fn feature_files(folder: &Path, found: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                feature_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "feature") {
                found.push(path);
            }
        }
    }

    #[test]
    fn every_feature_file_of_the_project_reads_in_pieces_as_whole() {
        let mut files = Vec::new();
        feature_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../features"),
            &mut files,
        );
        assert!(files.len() >= 20, "{files:?}");
        let mut with_rules = 0;
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            // As `read_file` reads it: the gherkin crate refuses a backslash that escapes
            // nothing.
            let text = crate::reading::with_stray_backslashes_kept(&text).unwrap_or(text);
            with_rules += usize::from(text.contains("Rule:"));
            read_alike_in_pieces(path, &text);
        }
        assert!(with_rules > 0);
    }

    #[test]
    fn rules_backgrounds_outlines_tags_and_comments_read_in_pieces_as_whole() {
        let text = "\
# a comment above all
@file
Feature: long
  A description
  over two lines.

  Background:
    Given no events

  # before the first scenario
  Scenario: one
    Given no events
    When 5 minutes pass
    Then no events are recorded


  @tagged @twice
  Scenario Outline: two <n>
    When <n> minutes pass
    Then no commands are sent

    Examples: small
      | n |
      | 1 |

    @more
    Examples:
      | n |
      | 2 |

  @ruled
  Rule: a rule with a background
    The rule's description.

    Background:
      Given no events

    Scenario: three
      Then no events are recorded
      \"\"\"
      A doc string's text: Given no events
      \"\"\"

    Scenario: four
      When 1 minutes pass

  Rule: a rule with nothing in it

  Rule: the last rule
    Scenario: five
      Then no events are recorded
    # a trailing comment

";
        read_alike_in_pieces(Path::new("long.feature"), text);
        let french = "# language: fr\nFonctionnalité: longue\n\n  Scénario: un\n    Soit no events\n\n  Règle: r\n    Scénario: deux\n      Soit no events\n";
        read_alike_in_pieces(Path::new("fr.feature"), french);
    }

    /// A file of `n` scenarios, each four lines long.
    fn long_file(n: usize) -> String {
        let mut text = String::from("Feature: long\n  Background:\n    Given no events\n");
        for i in 0..n {
            text += &format!("\n  @n{i}\n  Scenario: s{i}\n    When {i} minutes pass\n");
        }
        text
    }

    /// A file past `LONG` lines is read in pieces, as its whole parse has it; one with a mistake
    /// halfway is read block by block, as any file that does not parse, its other scenarios kept.
    #[test]
    fn a_long_file_reads_as_its_whole_parse_and_a_mistake_in_it_loses_one_scenario() {
        let text = long_file(400);
        assert!(text.lines().count() > LONG);
        let file = crate::temporary_feature(&text);
        let (feature, problems) = crate::reading::read_file(file.path());
        assert_eq!(problems, Vec::<String>::new());
        let mut whole = Feature::parse(&text, GherkinEnv::default()).unwrap();
        whole.path = Some(file.path().to_path_buf());
        assert_eq!(feature, Some(whole));

        let broken = text.replace("Scenario: s200\n", "Scenaro: s200\n");
        let file = crate::temporary_feature(&broken);
        let (feature, problems) = crate::reading::read_file(file.path());
        let feature = feature.unwrap();
        assert_eq!(feature.scenarios.len(), 399);
        assert_eq!(feature.scenarios[200].name, "s201");
        assert_eq!(feature.scenarios[200].position.line, 810);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains(":806:"), "{problems:?}");
    }

    /// A file whose pieces might read otherwise than the whole is parsed whole; one that does
    /// not parse whole does not parse in pieces.
    #[test]
    fn a_misspelt_or_misplaced_block_and_a_short_file_are_parsed_whole() {
        let parse =
            |text: &str| parse_in_pieces(Dialect::english(), Path::new("f.feature"), text, 0, 1);
        let good =
            "Feature: f\n  Scenario: a\n    Given no events\n  Scenario: b\n    Given no events\n";
        assert!(parse(good).is_some());
        let odd = [
            good.replace("Scenario: b", "Scenaro: b"),
            good.replace(
                "  Scenario: b\n    Given",
                "  Scenario: b\n  Scenaro: c\n    Given",
            ),
            good.replace("Scenario: b", "Scenario : b"),
            good.replace(
                "  Scenario: b",
                "  Background:\n    Given no events\n  Scenario: b",
            ),
            good.replace("  Scenario: b", "  Feature: g\n  Scenario: b"),
            // Gherkin reads a doc string left open to the end of the file.
            good.replace("Scenario: a\n", "Scenario: a\n    Given\n    \"\"\"\n"),
            good.replace(
                "Scenario: a\n",
                "Scenario: a\n    Given\n    ```\n  Scenario: c\n    ```\n",
            ),
        ];
        for text in &odd {
            let whole = Feature::parse(text, GherkinEnv::default()).ok();
            match (parse(text), whole) {
                (None, _) => {}
                (Some(mut pieces), Some(whole)) => {
                    pieces.path = None;
                    assert_eq!(pieces, whole, "{text}");
                }
                (Some(_), None) => panic!("read in pieces, not whole: {text}"),
            }
        }
        for misplaced in &odd[3..] {
            assert!(parse(misplaced).is_none(), "{misplaced}");
        }
        let short = parse_in_pieces(Dialect::english(), Path::new("f.feature"), good, 100, 1);
        assert!(short.is_none());
    }
}
