//! Scenarios taken out of the run for a mistake in the lines they run: a table row wider than its
//! header, a step Gherkin read as description text. What remains of such a scenario could pass
//! where the scenario as written fails, so it is not run, and the problem told is its failure.

use cucumber::gherkin::{Feature, Scenario};

use crate::dialect::{Block, Dialect};

/// Whose steps a line is part of (lines 1-based, as Gherkin's positions are).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Owner {
    /// The Examples block opened at line `examples` of the outline opened at line `scenario`.
    Examples {
        scenario: usize,
        examples: usize,
    },
    /// The scenario (or outline, its Examples included) opened at this line.
    Scenario(usize),
    /// The scenarios opened at these two lines: a line that opens one (`Example:`) where the
    /// outline above meant it as its Examples, so that the outline runs none either.
    Scenarios(usize, usize),
    /// Every scenario of the rule opened at this line: the line is in its Background (or stands
    /// where one was meant).
    Rule(usize),
    /// Every scenario of the file: the line is in the feature's Background (or stands where one
    /// was meant).
    Feature,
    None,
}

/// Takes out of `feature` what a line of `owner` spoils, and gives back the scenarios (or
/// outlines) it took out whole.
pub(super) fn take_out(feature: &mut Feature, owner: Owner) -> Vec<Scenario> {
    let mut taken = Vec::new();
    let mut take = |list: &mut Vec<Scenario>, spoilt: &dyn Fn(&Scenario) -> bool| {
        let (out, kept): (Vec<Scenario>, Vec<Scenario>) =
            std::mem::take(list).into_iter().partition(spoilt);
        *list = kept;
        taken.extend(out);
    };
    match owner {
        Owner::Examples { scenario, examples } => {
            // The outline's other Examples blocks still run; with none left, nor does it.
            for list in lists(feature) {
                for s in list.iter_mut().filter(|s| s.position.line == scenario) {
                    s.examples.retain(|e| e.position.line != examples);
                }
                take(list, &|s| {
                    s.position.line == scenario && s.examples.is_empty()
                });
            }
        }
        Owner::Scenario(line) => {
            for list in lists(feature) {
                take(list, &|s| s.position.line == line);
            }
        }
        Owner::Scenarios(one, other) => {
            for list in lists(feature) {
                take(list, &|s| {
                    s.position.line == one || s.position.line == other
                });
            }
        }
        Owner::Rule(line) => {
            for rule in feature.rules.iter_mut().filter(|r| r.position.line == line) {
                take(&mut rule.scenarios, &|_| true);
            }
        }
        Owner::Feature => {
            for list in lists(feature) {
                take(list, &|_| true);
            }
        }
        Owner::None => {}
    }
    taken
}

/// The feature's own scenarios, and each rule's: every list a scenario stands in.
fn lists(feature: &mut Feature) -> Vec<&mut Vec<Scenario>> {
    let rules = feature.rules.iter_mut().map(|r| &mut r.scenarios);
    std::iter::once(&mut feature.scenarios)
        .chain(rules)
        .collect()
}

/// What a problem says of the scenarios of `owner` it took out (`taken`): named when it is one,
/// counted when they are more. Empty when none was.
pub(super) fn not_run(d: &Dialect, owner: Owner, taken: &[Scenario]) -> String {
    match taken {
        // An outline's other Examples still run.
        [] => match owner {
            Owner::Examples { examples, .. } => format!(
                "; the rows of the {} at line {examples} are not run",
                d.word(Block::Examples)
            ),
            _ => String::new(),
        },
        [one] => one_not_run(d, d.is_outline(&one.keyword), &one.name),
        [one, other] if matches!(owner, Owner::Scenarios(..)) => {
            // `…, with no name` closes its aside with a comma before what follows.
            let each = |s: &Scenario| match s.name.trim().is_empty() {
                true => format!("{},", named(d, d.is_outline(&s.keyword), &s.name)),
                false => named(d, d.is_outline(&s.keyword), &s.name),
            };
            format!("; {} and {} are not run", each(one), each(other))
        }
        more => {
            let of = match owner {
                Owner::Rule(_) => "this rule",
                _ => "this feature",
            };
            format!("; the {} scenarios of {of} are not run", more.len())
        }
    }
}

/// What a problem says of the one scenario it keeps from running: an Outline (or Template, or
/// either misspelt: `Scenario Outlin`) said as one.
pub(super) fn one_not_run(d: &Dialect, outline: bool, name: &str) -> String {
    format!("; {} is not run", named(d, outline, name))
}

/// A scenario as a problem names it: `the Scenario Outline `x``, `the scenario `y``. An Outline
/// is named by the file's own keyword (`Szenariogrundriss`), as its author wrote it.
fn named(d: &Dialect, outline: bool, name: &str) -> String {
    let what = match outline {
        true => d.word(Block::Outline),
        false => "scenario",
    };
    // A block with no name (`Example:` alone) is named by what it is.
    match name.trim() {
        "" => format!("the {what} it opens, with no name"),
        name => format!("the {what} `{name}`"),
    }
}
