//! Table rows wider than their header. The gherkin crate cuts such a row to the header's width
//! without a word, so an extra expectation in a Then (a delay, a field) would pass unchecked: each
//! is told at its line, and the scenarios it belongs to leave the run, as with a row too short.

use std::path::Path;

use cucumber::gherkin::Feature;

use super::left_out::{take_out, Owner};
use super::located::{uneven_row_message, uneven_rows};
use super::recovery::{opens_rule, opens_scenario};
use crate::dialect::{Block, Dialect};

/// Tells each row of `text` of another width than its header, unless a problem is told at its
/// line already (`told`: a row too narrow fails its block's parse, and the first one is told
/// there), and takes what a row too wide belongs to out of `feature`: its Examples block, its
/// scenario, or every scenario a Background serves. A row too narrow took its block out already.
pub(super) fn cut_long_rows(
    d: &Dialect,
    path: &Path,
    text: &str,
    mut feature: Option<&mut Feature>,
    told: &[usize],
) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut problems = Vec::new();
    let uneven = uneven_rows(&lines, 0, lines.len())
        .into_iter()
        .filter(|row| !told.contains(&(row.line + 1)));
    for row in uneven {
        let column = lines[row.line]
            .chars()
            .take_while(|c| c.is_whitespace())
            .count()
            + 1;
        problems.push((
            row.line + 1,
            format!(
                "{}:{}:{column}: {}",
                path.display(),
                row.line + 1,
                uneven_row_message(&lines, &row)
            ),
        ));
        if let (Some(feature), true) = (feature.as_deref_mut(), row.cells > row.header_cells) {
            take_out(feature, owner(d, &lines, row.line));
        }
    }
    problems
}

/// The block a line (0-based) is written in: the nearest scenario or Background above it, and
/// for a Background, the rule or feature it serves.
pub(super) fn owner(d: &Dialect, lines: &[&str], line: usize) -> Owner {
    let mut background = false;
    let mut examples = None;
    for i in (0..line).rev() {
        let t = lines[i].trim_start();
        if examples.is_none() && !background && d.opens(t, Block::Examples) {
            examples = Some(i + 1);
            continue;
        }
        if opens_rule(d, t) {
            return match background {
                true => Owner::Rule(i + 1),
                false => Owner::None,
            };
        }
        if d.opens(t, Block::Feature) {
            return match background {
                true => Owner::Feature,
                false => Owner::None,
            };
        }
        if background {
            continue;
        }
        if d.opens(t, Block::Background) {
            background = true;
        } else if opens_scenario(d, t) {
            return match examples {
                Some(examples) => Owner::Examples {
                    scenario: i + 1,
                    examples,
                },
                None => Owner::Scenario(i + 1),
            };
        }
    }
    Owner::None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_belongs_to_the_scenario_or_background_written_above_it() {
        let lines = [
            "Feature: f",
            "  Background:",
            "    Given the events:",
            "      | a |",
            "  Scenario Outline: o",
            "    When x:",
            "      | a |",
            "    Examples:",
            "      | b |",
            "  Rule: r",
            "    Background:",
            "      Given y:",
            "        | c |",
            "    Scenario: s",
            "      Then z:",
            "        | d |",
        ];
        assert_eq!(owner(Dialect::english(), &lines, 3), Owner::Feature);
        assert_eq!(owner(Dialect::english(), &lines, 6), Owner::Scenario(5));
        assert_eq!(
            owner(Dialect::english(), &lines, 8),
            Owner::Examples {
                scenario: 5,
                examples: 8
            }
        );
        assert_eq!(owner(Dialect::english(), &lines, 12), Owner::Rule(10));
        assert_eq!(owner(Dialect::english(), &lines, 15), Owner::Scenario(14));
        assert_eq!(owner(Dialect::english(), &lines, 0), Owner::None);
    }
}
