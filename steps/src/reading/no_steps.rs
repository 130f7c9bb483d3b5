//! Scenarios with no steps at all, their Backgrounds' included: no step would run, so nothing
//! could fail them, and DSL.md gives every scenario exactly one When. Each is told as a problem
//! of its file, at its line, and left out of the run, as a scenario that lost a line is.

use std::path::Path;

use cucumber::gherkin::{Feature, Scenario, Step};

use crate::dialect::{Block, Dialect};

/// Takes the scenarios of `feature` that have no steps out of it, and tells each, with its line.
pub(super) fn without_steps(
    d: &Dialect,
    path: &Path,
    feature: &mut Feature,
) -> Vec<(usize, String)> {
    let feature_steps = has_steps(feature.background.as_ref().map(|b| &b.steps[..]));
    let mut told = Vec::new();
    let mut take = |scenarios: &mut Vec<Scenario>, background_steps: bool| {
        if background_steps {
            return;
        }
        for (i, s) in scenarios.iter().enumerate() {
            if s.steps.is_empty() {
                told.push((s.position.line, told_of(d, path, s, scenarios.get(i + 1))));
            }
        }
        scenarios.retain(|s| !s.steps.is_empty());
    };
    take(&mut feature.scenarios, feature_steps);
    for rule in &mut feature.rules {
        let rule_steps = has_steps(rule.background.as_ref().map(|b| &b.steps[..]));
        take(&mut rule.scenarios, feature_steps || rule_steps);
    }
    told
}

fn has_steps(steps: Option<&[Step]>) -> bool {
    steps.is_some_and(|s| !s.is_empty())
}

/// What is said of a scenario with no steps. When the scenario after it was opened by `Example:`
/// (a synonym of `Scenario:`, `Exemple:` in French), that line is named: written as a sentence of
/// the description (`Example: Alice buys two seats.`), it took the steps under it into a scenario
/// of its own.
fn told_of(d: &Dialect, path: &Path, scenario: &Scenario, next: Option<&Scenario>) -> String {
    let synonym = match d.keywords(Block::Scenario) {
        [synonym, _, ..] => synonym.as_str(),
        _ => "",
    };
    let took = match next.filter(|n| n.keyword.trim() == synonym) {
        Some(n) => format!(
            " (the line `{synonym}: {}` at line {} opens a scenario of its own, as `{}:` does, \
             and the steps under it are that one's)",
            n.name,
            n.position.line,
            d.word(Block::Scenario)
        ),
        None => String::new(),
    };
    format!(
        "{}:{}:{}: the scenario `{}` has no steps{took}, so nothing could fail it: it is not \
         run (a scenario has exactly one {})",
        path.display(),
        scenario.position.line,
        scenario.position.col,
        scenario.name,
        d.step_word("When")
    )
}
