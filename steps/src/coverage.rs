//! Specification coverage: which messages of the catalog and which stated rules no scenario of a
//! suite mentions, so authors see what is not yet specified.

use std::collections::BTreeSet;
use std::path::PathBuf;

use cucumber::gherkin::{Feature, Step};
use domain::kernel::Catalog;
use serde::Serialize;

/// What a suite leaves unspecified.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Coverage {
    pub scenarios: usize,
    pub messages_missing: Vec<&'static str>,
    pub rules_missing: Vec<&'static str>,
    /// Feature files that could not be read, with the reason.
    pub unreadable: Vec<String>,
}

impl Coverage {
    pub fn complete(&self) -> bool {
        self.messages_missing.is_empty()
            && self.rules_missing.is_empty()
            && self.unreadable.is_empty()
    }
}

fn step_text(step: &Step, out: &mut String) {
    out.push_str(&step.value);
    out.push('\n');
    if let Some(t) = &step.table {
        for row in &t.rows {
            out.push_str(&row.join(" | "));
            out.push('\n');
        }
    }
    if let Some(d) = &step.docstring {
        out.push_str(d);
        out.push('\n');
    }
}

/// The text of every scenario: its names and steps, its backgrounds included.
fn scenario_texts(feature: &Feature) -> Vec<String> {
    let mut texts = Vec::new();
    let mut background = format!("{}\n", feature.name);
    for s in feature.background.iter().flat_map(|b| &b.steps) {
        step_text(s, &mut background);
    }
    let rules = feature.rules.iter().map(|r| (Some(r), &r.scenarios));
    for (rule, scenarios) in std::iter::once((None, &feature.scenarios)).chain(rules) {
        let mut rule_background = background.clone();
        if let Some(r) = rule {
            rule_background.push_str(&r.name);
            rule_background.push('\n');
        }
        for s in rule
            .iter()
            .flat_map(|r| r.background.iter())
            .flat_map(|b| &b.steps)
        {
            step_text(s, &mut rule_background);
        }
        for scenario in scenarios {
            let mut text = format!("{}{}\n", rule_background, scenario.name);
            for s in &scenario.steps {
                step_text(s, &mut text);
            }
            texts.push(text);
        }
    }
    texts
}

fn words(text: &str) -> BTreeSet<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Measures the coverage of the features under `paths` against `catalog`. Scenario Outlines
/// count as `gwt test` runs them, one scenario an Examples row with its values in place: a
/// message named only in the Examples is mentioned by the rows that name it.
pub fn coverage(catalog: &Catalog, paths: &[PathBuf]) -> Coverage {
    let mut reading = crate::reading::read_paths(paths);
    let features = crate::runner::expand(&reading.features, &mut reading.problems);
    let texts: Vec<String> = features.iter().flat_map(scenario_texts).collect();
    let mut result = Coverage {
        scenarios: texts.len(),
        unreadable: reading.problems,
        ..Coverage::default()
    };
    let mentioned: BTreeSet<&str> = texts.iter().flat_map(|t| words(t)).collect();
    result.messages_missing = catalog
        .messages
        .iter()
        .map(|m| m.name)
        .filter(|n| !mentioned.contains(n))
        .collect();
    result.rules_missing = catalog
        .rules
        .iter()
        .filter(|r| {
            !texts
                .iter()
                .any(|t| r.mentions.iter().all(|m| t.contains(m)))
        })
        .map(|r| r.name)
        .collect();
    result
}

/// The coverage as a report for the terminal.
pub fn report(domain: &str, c: &Coverage) -> String {
    let scenarios = domain::kernel::plural(c.scenarios as u64, "scenario", "scenarios");
    let mut out = format!("{scenarios} of `{domain}` read\n");
    for u in &c.unreadable {
        out.push_str(&format!("unreadable: {u}\n"));
    }
    for (missing, none, some) in [
        (
            &c.messages_missing,
            "every message is mentioned",
            "messages no scenario mentions",
        ),
        (
            &c.rules_missing,
            "every stated rule is specified",
            "rules no scenario specifies",
        ),
    ] {
        if missing.is_empty() {
            out.push_str(&format!("{none}\n"));
        } else {
            out.push_str(&format!("{some} ({}):\n", missing.len()));
            for m in missing {
                out.push_str(&format!("  - {m}\n"));
            }
        }
    }
    out
}
