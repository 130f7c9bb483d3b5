//! `Rule:` lines the gherkin crate reads as description text, read as the rules they open. Its
//! grammar ends the description of a Rule, a Background, a Scenario with no steps or an Examples
//! block with no table at the next Background or Scenario line, not at a Rule line: a Rule with
//! no scenarios yet took the next rule's line into its description, and its scenarios with it.

use std::collections::HashSet;

use cucumber::gherkin::{Background, Feature, GherkinEnv, Scenario, Span};

use super::fences::{fenced, Fenced};
use crate::dialect::{Block, Dialect};

/// A tag put in front of a swallowed Rule line before the file is read again: a line opening
/// with a tag ends any description, and a tag on the Rule's own line is the rule's. It is taken
/// off again, with the columns and offsets it moved.
const MARK: &str = "@gwt-rule-line ";

/// `feature`, read whole from `text`, with each Rule line that stands in a description read as
/// the rule it opens, that rule's description, Background and scenarios its own. Lines stay
/// where the file has them. Should the file not read again so, `feature` is given back as it was.
pub(super) fn rules_apart(d: &Dialect, text: &str, feature: Feature) -> Feature {
    let swallowed = swallowed_rule_lines(d, text, &feature);
    if swallowed.is_empty() {
        return feature;
    }
    let mut marked = String::with_capacity(text.len() + swallowed.len() * MARK.len());
    // Where each mark starts in the marked text: what lies past it moved by the mark's length.
    let mut marks = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if swallowed.contains(&(i + 1)) {
            // Gherkin's indentation: spaces and tabs.
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            marked.push_str(&line[..indent]);
            marks.push(marked.len());
            marked.push_str(MARK);
            marked.push_str(&line[indent..]);
        } else {
            marked.push_str(line);
        }
    }
    let Ok(mut apart) = Feature::parse(&marked, GherkinEnv::default()) else {
        return feature;
    };
    let tag = MARK.trim_start_matches('@').trim_end();
    for rule in &mut apart.rules {
        if swallowed.contains(&rule.position.line) {
            rule.tags.retain(|t| t != tag);
            rule.position.col = rule.position.col.saturating_sub(MARK.len());
        }
    }
    let opened: HashSet<usize> = apart.rules.iter().map(|r| r.position.line).collect();
    if !swallowed.iter().all(|line| opened.contains(line)) {
        return feature;
    }
    unmoved(&mut apart, &marks);
    apart.path = feature.path;
    apart
}

/// The lines (1-based) that open a rule by the file's language and stand in the description of
/// a block read from `text`: a line of a description that the parser, given it alone under a
/// Feature line, reads as a Rule.
fn swallowed_rule_lines(d: &Dialect, text: &str, feature: &Feature) -> HashSet<usize> {
    let described = described_lines(feature);
    if described.is_empty() {
        return HashSet::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let rules: HashSet<usize> = feature.rules.iter().map(|r| r.position.line).collect();
    fenced(&lines, 0, lines.len())
        .filter(|&(i, line, what)| {
            what == Fenced::Outside
                && !rules.contains(&(i + 1))
                && line.contains(':')
                && described.contains(line.trim())
                && d.opens(line.trim_start(), Block::Rule)
        })
        .map(|(i, _, _)| i + 1)
        .collect()
}

/// Every line of a description that could hold a Rule line: a Rule's, a Background's, a
/// Scenario's and an Examples block's. A Feature's description ends at a Rule line.
fn described_lines(feature: &Feature) -> HashSet<&str> {
    let backgrounds = (feature.background.iter())
        .chain(feature.rules.iter().filter_map(|r| r.background.as_ref()))
        .map(|b| &b.description);
    let rules = feature.rules.iter().map(|r| &r.description);
    let scenarios = scenario_descriptions(&feature.scenarios)
        .chain((feature.rules.iter()).flat_map(|r| scenario_descriptions(&r.scenarios)));
    backgrounds
        .chain(rules)
        .chain(scenarios)
        .flatten()
        .flat_map(|d| d.lines())
        .map(str::trim)
        .collect()
}

/// The descriptions of `scenarios` and of their Examples blocks.
fn scenario_descriptions(scenarios: &[Scenario]) -> impl Iterator<Item = &Option<String>> {
    scenarios.iter().flat_map(|s| {
        std::iter::once(&s.description).chain(s.examples.iter().map(|e| &e.description))
    })
}

/// Every offset of `feature` read from the marked text put back where the file has it: each
/// mark starting before an offset moved it by the mark's length.
fn unmoved(feature: &mut Feature, marks: &[usize]) {
    let back = |span: &mut Span| {
        let moved = |at: usize| marks.iter().filter(|&&m| m + MARK.len() <= at).count();
        span.start -= moved(span.start) * MARK.len();
        span.end -= moved(span.end) * MARK.len();
    };
    let scenarios = |list: &mut [Scenario]| {
        for s in list {
            back(&mut s.span);
            for step in &mut s.steps {
                back(&mut step.span);
                step.table.iter_mut().for_each(|t| back(&mut t.span));
            }
            for e in &mut s.examples {
                back(&mut e.span);
                e.table.iter_mut().for_each(|t| back(&mut t.span));
            }
        }
    };
    let background = |b: &mut Background| {
        back(&mut b.span);
        for step in &mut b.steps {
            back(&mut step.span);
            step.table.iter_mut().for_each(|t| back(&mut t.span));
        }
    };
    back(&mut feature.span);
    feature.background.iter_mut().for_each(&background);
    scenarios(&mut feature.scenarios);
    for rule in &mut feature.rules {
        back(&mut rule.span);
        rule.background.iter_mut().for_each(&background);
        scenarios(&mut rule.scenarios);
    }
}

#[cfg(test)]
mod tests {
    use super::super::read_file;
    use cucumber::gherkin::Feature;

    const STEPS: &str = "      When 1 minute passes\n      Then no events are recorded\n";

    /// The feature read from `text`, with the problems told of it.
    fn read(text: &str) -> (Feature, Vec<String>) {
        let file = crate::temporary_feature(text);
        let (feature, problems) = read_file(file.path());
        (feature.expect("a feature"), problems)
    }

    /// A rule as (name, line, column, description, its scenarios' names).
    type Read = (String, usize, usize, Option<String>, Vec<String>);

    fn rules(feature: &Feature) -> Vec<Read> {
        (feature.rules.iter())
            .map(|r| {
                let scenarios = r.scenarios.iter().map(|s| s.name.clone()).collect();
                let at = r.position;
                (
                    r.name.clone(),
                    at.line,
                    at.col,
                    r.description.clone(),
                    scenarios,
                )
            })
            .collect()
    }

    fn rule(
        name: &str,
        line: usize,
        col: usize,
        description: Option<&str>,
        scenarios: &[&str],
    ) -> Read {
        let scenarios = scenarios.iter().map(|s| s.to_string()).collect();
        (
            name.into(),
            line,
            col,
            description.map(Into::into),
            scenarios,
        )
    }

    #[test]
    fn a_rule_with_no_scenarios_keeps_none_and_the_next_rule_keeps_its_own() {
        let text = format!(
            "Feature: f\n  Rule: first, still to be written\n\n  Rule: second\n    Scenario: s\n{STEPS}"
        );
        let (feature, problems) = read(&text);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            rules(&feature),
            [
                rule("first, still to be written", 2, 3, None, &[]),
                rule("second", 4, 3, None, &["s"]),
            ]
        );
        let second = &feature.rules[1];
        assert!(second.tags.is_empty(), "{:?}", second.tags);
        // Offsets are the file's, as the lines are.
        let at = text.find("Rule: second").unwrap();
        assert_eq!(second.span.start, at);
        let step = &second.scenarios[0].steps[0];
        assert_eq!(step.span.start, text.find("When 1 minute").unwrap());
        assert_eq!((step.position.line, step.position.col), (6, 7));
        // Lines that end as Windows ends them are read alike.
        let (crlf, _) = read(&text.replace('\n', "\r\n"));
        assert_eq!(rules(&crlf), rules(&feature));
    }

    /// Rules with no scenarios in a row, with descriptions, tags and a Background of their own;
    /// a Rule line in a doc string is the doc string's.
    #[test]
    fn rules_in_a_row_each_keep_their_description_tags_and_background() {
        let text = r#"Feature: f
  Rule: one
    Said of one.
  Rule: two
    Said of two,
    on two lines.
  @wip
  Rule: three
    Background:
      Given no events
  Rule: four
    Said of four.
    Background:
      Given no events
    Scenario: s
      When the command is sent:
        """
        Rule: not one
        """
      Then no events are recorded
  Rule: five, at the end
"#;
        let (feature, problems) = read(text);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            rules(&feature),
            [
                rule("one", 2, 3, Some("Said of one."), &[]),
                rule("two", 4, 3, Some("Said of two,\non two lines."), &[]),
                rule("three", 8, 3, None, &[]),
                rule("four", 11, 3, Some("Said of four."), &["s"]),
                rule("five, at the end", 21, 3, None, &[]),
            ]
        );
        assert_eq!(feature.rules[2].tags, ["wip"]);
        let background = |r: usize| {
            feature.rules[r]
                .background
                .as_ref()
                .map(|b| b.position.line)
        };
        assert_eq!(background(2), Some(9));
        assert_eq!(background(3), Some(13));
        let doc = feature.rules[3].scenarios[0].steps[0].docstring.as_deref();
        assert_eq!(doc.map(str::trim), Some("Rule: not one"));
    }

    /// A Background, a Scenario with no steps and an Examples block with no table end at the
    /// next Rule line too: each took it into its description.
    #[test]
    fn a_rule_line_under_an_empty_background_scenario_or_examples_opens_its_rule() {
        for (text, kept) in [
            (
                format!("Feature: f\n  Rule: r\n    Background:\n  Rule: second\n    Scenario: s\n{STEPS}"),
                vec![rule("r", 2, 3, None, &[]), rule("second", 4, 3, None, &["s"])],
            ),
            (
                format!("Feature: f\n  Rule: r\n    Background:\n  Rule: second\n    Background:\n      Given no events\n    Scenario: s\n{STEPS}"),
                vec![rule("r", 2, 3, None, &[]), rule("second", 4, 3, None, &["s"])],
            ),
            (
                format!("Feature: f\n  Rule: r\n    Scenario Outline: o\n{STEPS}      Examples:\n  Rule: second\n    Scenario: s\n{STEPS}"),
                vec![rule("r", 2, 3, None, &["o"]), rule("second", 7, 3, None, &["s"])],
            ),
        ] {
            let (feature, _) = read(&text);
            assert_eq!(rules(&feature), kept, "{text}");
        }
        let text = format!("Feature: f\n  Rule: r\n    Background:\n  Rule: second\n    Background:\n      Given no events\n    Scenario: s\n{STEPS}");
        let (feature, _) = read(&text);
        assert!(feature.rules[0]
            .background
            .as_ref()
            .unwrap()
            .steps
            .is_empty());
        let second = feature.rules[1]
            .background
            .as_ref()
            .expect("second's Background");
        assert_eq!((second.position.line, second.steps.len()), (5, 1));

        // A scenario of the feature with no steps is told and not run; the rule after it is
        // read, with its scenario, where the scenario took the rule's line and ran its steps.
        let text = format!("Feature: f\n  Scenario: not yet\n  Rule: r\n    Scenario: s\n{STEPS}");
        let (feature, problems) = read(&text);
        assert!(feature.scenarios.is_empty(), "{:?}", feature.scenarios);
        assert_eq!(rules(&feature), [rule("r", 3, 3, None, &["s"])]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains(":2:3: the scenario `not yet` has no steps"),
            "{problems:?}"
        );
    }

    /// A Rule line is read by the file's language.
    #[test]
    fn a_rule_line_in_another_language_opens_its_rule() {
        let text = "# language: fr\nFonctionnalité: f\n  Règle: première\n\n  Règle: seconde\n    \
                    Scénario: s\n      Quand 1 minute passes\n";
        let (feature, _) = read(text);
        assert_eq!(
            rules(&feature),
            [
                rule("première", 3, 3, None, &[]),
                rule("seconde", 5, 3, None, &["s"])
            ]
        );
        // In English, `Règle:` is a sentence of the description.
        let text =
            format!("Feature: f\n  Rule: r\n    Règle: a sentence.\n    Scenario: s\n{STEPS}");
        let (feature, _) = read(&text);
        assert_eq!(
            rules(&feature),
            [rule("r", 2, 3, Some("Règle: a sentence."), &["s"])]
        );
    }
}
