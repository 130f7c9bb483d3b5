//! Specification coverage: which messages of the catalog and which stated rules no scenario of a
//! suite mentions, so authors see what is not yet specified, and for each such rule what a
//! scenario needs to specify it and which scenario comes nearest.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use cucumber::gherkin::{Feature, Step};
use domain::kernel::{Catalog, Needs};
use serde::Serialize;

/// What a suite leaves unspecified.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Coverage {
    pub scenarios: usize,
    pub messages_missing: Vec<&'static str>,
    pub rules_missing: Vec<&'static str>,
    /// The rules of `rules_missing`, in its order, each with what a scenario holds to specify
    /// it and the scenario that comes nearest: an author given the names alone guessed for an
    /// hour at what to write.
    pub rules_unspecified: Vec<Unspecified>,
    /// Feature files that could not be read, with the reason.
    pub unreadable: Vec<String>,
    /// Folders given that hold no feature file (`no feature files under empty`): nothing failed
    /// to read, but nothing was there to, which fails the measure as an unreadable file does
    /// (and `gwt test`'s run). Listed under `unreadable` before this key was added.
    pub nothing_to_read: Vec<String>,
    /// How many feature files were read, or found and not readable (a named pipe named as one):
    /// none, and nothing was given to measure.
    #[serde(skip)]
    pub files: usize,
    /// Scenarios left out as another domain's: each names a message that domain has and this
    /// one has not, and none that this one has and that one has not. Written even when empty,
    /// so that a script finds the same keys every run.
    pub elsewhere: Vec<Elsewhere>,
}

/// A rule no scenario specifies, with what one would hold to specify it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unspecified {
    pub rule: &'static str,
    /// Its messages and its words (`Rule::needs`).
    pub needs: Needs,
    /// The scenario that holds most of it; none when no scenario holds any of it.
    pub nearest: Option<Nearest>,
}

/// The scenario that comes nearest to specifying a rule, and what it lacks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Nearest {
    pub file: String,
    /// Its line; for a run of an Outline, the line of its Examples row.
    pub line: usize,
    pub title: String,
    pub lacks: Needs,
    /// The messages it lacks that it writes all the same, where no message is named (a title,
    /// a cell): they count where a step names them as messages.
    pub written_not_named: Vec<&'static str>,
}

/// Scenarios of another domain, found among the suite's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Elsewhere {
    pub domain: &'static str,
    pub scenarios: usize,
    /// The messages of that domain they name, which this domain does not have.
    pub messages: Vec<&'static str>,
}

impl Coverage {
    pub fn complete(&self) -> bool {
        self.messages_missing.is_empty()
            && self.rules_missing.is_empty()
            && self.unreadable.is_empty()
            && self.nothing_to_read.is_empty()
    }

    /// Whether there was no suite to measure: no feature file was found (an empty folder; a
    /// named pipe or a link leading nowhere named as one is a file that does not read), or
    /// the files read hold no scenario of this domain and no problem (another domain's suite).
    /// Files whose problems took out every scenario are a suite that does not read, as one with
    /// a scenario left is, and not the absence of one.
    pub fn no_suite(&self) -> bool {
        self.scenarios == 0
            && (self.files == 0 || (self.unreadable.is_empty() && self.nothing_to_read.is_empty()))
    }
}

/// The messages `step` names where DSL.md names one: the first column of a table headed `event`
/// or `command` (the one-row table of a When as the lists of a Given or a Then), and the `event`
/// or `command` key of each object of a doc string. Elsewhere a message's name is only a word:
/// a conference called `OrderPlaced` in an id's cell specifies no `OrderPlaced`.
fn named_messages(step: &Step, out: &mut BTreeSet<String>) {
    if let Some((header, rows)) = step.table.as_ref().and_then(|t| t.rows.split_first()) {
        let first = header.first().map(|h| h.trim().to_lowercase());
        if matches!(first.as_deref(), Some("event" | "command")) {
            let names = rows.iter().filter_map(|r| r.first()).map(|n| n.trim());
            out.extend(names.filter(|n| !n.is_empty()).map(str::to_string));
        }
    }
    let items = crate::doc_strings::doc_text(step).and_then(|(d, _)| serde_json::from_str(&d).ok());
    if let Some(serde_json::Value::Array(items)) = items {
        for item in items.iter().filter_map(serde_json::Value::as_object) {
            let names = ["event", "command"].into_iter().filter_map(|k| item.get(k));
            out.extend(
                names
                    .filter_map(|n| n.as_str())
                    .map(|n| n.trim().to_string()),
            );
        }
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

/// What one scenario says: the names it stands under (its feature's, rule's, its own and its
/// Examples block's) with their descriptions, and its steps with their tables and doc strings,
/// its backgrounds' included.
struct ScenarioText {
    file: String,
    /// Its line; for a run of an Outline, its Examples row's.
    line: usize,
    title: String,
    /// Each line of its text (steps, tables, doc strings, names and descriptions) as its words.
    lines: Vec<Vec<String>>,
    /// The messages its steps name where the feature language names one (`named_messages`):
    /// every message, a rule's and another domain's included, is looked up here alone.
    named: BTreeSet<String>,
}

impl ScenarioText {
    /// What of a rule's `needs` the scenario does not hold: the messages its steps do not name
    /// (a title that names one exercises nothing) and the other words (`never added`, a
    /// rejection's reason) that neither its steps nor its names say, as whole words: `late` is
    /// not said by `a template order`, nor `again` by `against`. It specifies the rule when it
    /// lacks none.
    fn lacks(&self, needs: &Needs) -> Needs {
        Needs {
            messages: (needs.messages.iter().copied())
                .filter(|m| !self.named.contains(*m))
                .collect(),
            words: (needs.words.iter().copied())
                .filter(|w| !said(&self.lines, w))
                .collect(),
        }
    }
}

/// The words of a line, as a rule's words are told apart: letters, digits and `_`.
fn words(line: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether one of `lines` (each as its words) holds the words of `phrase` one after another,
/// each whole.
fn said(lines: &[Vec<String>], phrase: &str) -> bool {
    let wanted = words(phrase);
    !wanted.is_empty()
        && lines
            .iter()
            .any(|line| line.windows(wanted.len()).any(|w| w == wanted))
}

/// A block's title and description, each line of them.
fn titled(name: &str, description: Option<&String>, out: &mut String) {
    for part in std::iter::once(name).chain(description.map(String::as_str)) {
        out.push_str(part);
        out.push('\n');
    }
}

/// The text of every scenario, its backgrounds' steps included.
fn scenario_texts(feature: &Feature) -> Vec<ScenarioText> {
    let file = feature
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| feature.name.clone());
    let mut texts = Vec::new();
    let (mut background, mut background_named) = (String::new(), BTreeSet::new());
    for s in feature.background.iter().flat_map(|b| &b.steps) {
        step_text(s, &mut background);
        named_messages(s, &mut background_named);
    }
    let mut feature_names = String::new();
    // A feature's description is prose about the whole file: counted, one sentence of it would
    // specify a rule of words for every scenario under it. Its title is counted, as it was.
    titled(&feature.name, None, &mut feature_names);
    let rules = feature.rules.iter().map(|r| (Some(r), &r.scenarios));
    for (rule, scenarios) in std::iter::once((None, &feature.scenarios)).chain(rules) {
        let (mut rule_background, mut rule_named) = (background.clone(), background_named.clone());
        for s in rule
            .iter()
            .flat_map(|r| r.background.iter())
            .flat_map(|b| &b.steps)
        {
            step_text(s, &mut rule_background);
            named_messages(s, &mut rule_named);
        }
        // A Rule's title and description name the case its scenarios are, as an Examples
        // block's do its rows'.
        let mut rule_names = feature_names.clone();
        if let Some(r) = rule {
            titled(&r.name, r.description.as_ref(), &mut rule_names);
        }
        for scenario in scenarios {
            let (mut text, mut named) = (rule_background.clone(), rule_named.clone());
            for s in &scenario.steps {
                step_text(s, &mut text);
                named_messages(s, &mut named);
            }
            text.push_str(&rule_names);
            titled(&scenario.name, scenario.description.as_ref(), &mut text);
            // A run of an Outline holds its one Examples block, the block its row is of: that
            // block's title and description are its text, another block's are not.
            for examples in &scenario.examples {
                let name = examples.name.as_deref().unwrap_or_default();
                titled(name, examples.description.as_ref(), &mut text);
            }
            texts.push(ScenarioText {
                file: file.clone(),
                line: crate::outlines::example_line(scenario).unwrap_or(scenario.position.line),
                title: scenario.name.clone(),
                lines: text.lines().map(words).collect(),
                named,
            });
        }
    }
    texts
}

/// The scenario of `texts` that holds most of `needs`, with what it lacks; none when none holds
/// any of it. Among those that hold as much, the one holding more of its messages (a scenario
/// that cancels a payment is nearer to a rule on cancelled payments than one that only says
/// `the command is rejected`), then more of the lacking phrases' words, apart (`already exists`
/// is nearer to `conference already exists` than `conference` alone), then the first read.
fn nearest(texts: &[ScenarioText], needs: &Needs) -> Option<Nearest> {
    let wanted = needs.messages.len() + needs.words.len();
    let mut best: Option<((usize, usize, usize), &ScenarioText, Needs)> = None;
    for text in texts {
        let lacks = text.lacks(needs);
        let holds = wanted - lacks.messages.len() - lacks.words.len();
        let apart: BTreeSet<String> = (lacks.words.iter())
            .flat_map(|w| words(w))
            .filter(|w| text.lines.iter().any(|line| line.contains(w)))
            .collect();
        let rank = (
            holds,
            needs.messages.len() - lacks.messages.len(),
            apart.len(),
        );
        if holds > 0 && best.as_ref().is_none_or(|(most, ..)| rank > *most) {
            best = Some((rank, text, lacks));
        }
    }
    best.map(|(_, text, lacks)| Nearest {
        file: text.file.clone(),
        line: text.line,
        title: text.title.clone(),
        written_not_named: (lacks.messages.iter().copied())
            .filter(|m| said(&text.lines, m))
            .collect(),
        lacks,
    })
}

/// A problem as coverage tells it: the reading says what it keeps from running (`the scenario
/// `s` is not run`), which here is what is not counted.
fn counted(problem: &str) -> String {
    problem
        .replace(" is not run", " is not counted")
        .replace(" are not run", " are not counted")
}

/// Measures the coverage of the features under `paths` against `catalog`. Scenario Outlines
/// count as `gwt test` runs them, one scenario an Examples row with its values in place: a
/// message named only in the Examples is mentioned by the rows that name it.
///
/// A scenario that names a message of one of `others` that this domain does not have, and none
/// of this domain's that that one does not have, is that domain's, and is left out (said in
/// `elsewhere`): the two domains share names (`PaymentCompleted`), and the store's scenarios
/// counted as the conference's coverage. Both are read from the messages a scenario names where
/// the language names one (`named_messages`), as what it mentions is: an id in a cell that
/// happens to spell another domain's message left a scenario out.
pub fn coverage(catalog: &Catalog, others: &[Arc<Catalog>], paths: &[PathBuf]) -> Coverage {
    let mut reading = crate::reading::read_paths(paths);
    let features = crate::outlines::expand(
        std::mem::take(&mut reading.features),
        &mut reading.problems,
        &reading.read,
    );
    let mut elsewhere: BTreeMap<&'static str, (usize, BTreeSet<&'static str>)> = BTreeMap::new();
    let texts: Vec<ScenarioText> = features
        .iter()
        .flat_map(scenario_texts)
        .filter(|text| {
            let named = &text.named;
            let theirs = others.iter().find_map(|other| {
                let only_in = |a: &Catalog, b: &Catalog| -> BTreeSet<&'static str> {
                    (a.messages.iter())
                        .map(|m| m.name)
                        .filter(|n| named.contains(*n) && b.message(n).is_none())
                        .collect()
                };
                let foreign = only_in(other, catalog);
                (!foreign.is_empty() && only_in(catalog, other).is_empty())
                    .then_some((other.domain, foreign))
            });
            match theirs {
                Some((domain, foreign)) => {
                    let (scenarios, messages) = elsewhere.entry(domain).or_default();
                    *scenarios += 1;
                    messages.extend(foreign);
                    false
                }
                None => true,
            }
        })
        .collect();
    let mut result = Coverage {
        scenarios: texts.len(),
        unreadable: (reading.problems.iter())
            .filter(|p| !reading.nothing_to_read.contains(p))
            .map(|p| counted(p))
            .collect(),
        nothing_to_read: (reading.nothing_to_read.iter())
            .map(|p| p.strip_prefix("nothing to read: ").unwrap_or(p).to_string())
            .collect(),
        files: reading.files,
        elsewhere: (elsewhere.into_iter())
            .map(|(domain, (scenarios, messages))| Elsewhere {
                domain,
                scenarios,
                messages: messages.into_iter().collect(),
            })
            .collect(),
        ..Coverage::default()
    };
    // A message is mentioned where a step names it as one: a title exercises nothing, nor does
    // an id that spells a message's name.
    let mentioned: BTreeSet<&str> = (texts.iter())
        .flat_map(|t| t.named.iter().map(String::as_str))
        .collect();
    result.messages_missing = catalog
        .messages
        .iter()
        .map(|m| m.name)
        .filter(|n| !mentioned.contains(n))
        .collect();
    result.rules_unspecified = catalog
        .rules
        .iter()
        .map(|r| (r, r.needs(catalog)))
        .filter(|(_, needs)| !texts.iter().any(|t| t.lacks(needs).is_empty()))
        .map(|(r, needs)| Unspecified {
            rule: r.name,
            nearest: nearest(&texts, &needs),
            needs,
        })
        .collect();
    result.rules_missing = result.rules_unspecified.iter().map(|u| u.rule).collect();
    result
}

/// The scenarios left out as another domain's, a line for each domain.
fn left_out(c: &Coverage) -> String {
    let mut out = String::new();
    for e in &c.elsewhere {
        let shown = match e.messages.len() {
            0..=3 => e.messages.join(", "),
            n => format!("{} and {} more", e.messages[..3].join(", "), n - 3),
        };
        out.push_str(&format!(
            "left out: {} of the {} domain (they name {shown}): run with --domain {}\n",
            domain::kernel::plural(e.scenarios as u64, "scenario", "scenarios"),
            e.domain,
            e.domain
        ));
    }
    out
}

/// The coverage as a report for the terminal.
pub fn report(domain: &str, c: &Coverage) -> String {
    let scenarios = domain::kernel::plural(c.scenarios as u64, "scenario", "scenarios");
    let mut out = format!("{scenarios} of `{domain}` read\n");
    for u in &c.unreadable {
        out.push_str(&format!("unreadable: {u}\n"));
    }
    for n in &c.nothing_to_read {
        out.push_str(&format!("nothing to read: {n}\n"));
    }
    out.push_str(&left_out(c));
    if c.scenarios == 0 {
        out.push_str("nothing to measure: no scenario of this domain was read\n");
        return out;
    }
    if c.messages_missing.is_empty() {
        out.push_str("every message is mentioned\n");
    } else {
        let n = c.messages_missing.len();
        out.push_str(&format!("messages no scenario mentions ({n}):\n"));
        for m in &c.messages_missing {
            out.push_str(&format!("  - {m}\n"));
        }
    }
    if c.rules_unspecified.is_empty() {
        out.push_str("every stated rule is specified\n");
        return out;
    }
    let n = c.rules_unspecified.len();
    out.push_str(&format!("rules no scenario specifies ({n}):\n"));
    for u in &c.rules_unspecified {
        out.push_str(&format!("  - {}\n    needs {}\n", u.rule, u.needs));
        out.push_str(&format!(
            "    nearest: {}\n",
            nearest_said(u.nearest.as_ref())
        ));
    }
    out.push_str(&format!("  {}\n", domain::kernel::WHERE_RULE_WORDS_COUNT));
    out
}

/// The scenario nearest to specifying a rule, where it is and what it lacks.
fn nearest_said(nearest: Option<&Nearest>) -> String {
    let Some(n) = nearest else {
        return "none: no scenario names or says any of it".to_string();
    };
    let mut said = format!(
        "{}:{} `{}`, which lacks {}",
        domain::kernel::printable(&n.file),
        n.line,
        domain::kernel::printable(&n.title),
        n.lacks
    );
    if !n.written_not_named.is_empty() {
        let names = n.written_not_named.join(", ");
        said.push_str(&format!(
            " ({names} written there, but not as a message: in a step's event or command \
             column)"
        ));
    }
    said
}

#[cfg(test)]
mod tests {
    use super::{said, words};

    /// Whether a line of `text` holds the words of `phrase` one after another, each whole.
    fn says(text: &str, phrase: &str) -> bool {
        said(&text.lines().map(words).collect::<Vec<_>>(), phrase)
    }

    #[test]
    fn a_rule_s_words_are_said_whole_and_in_order() {
        assert!(says("an order placed too late\n", "late"));
        assert!(says("| RegisterToConference | no seats |\n", "no seats"));
        assert!(!says("a template order expires\n", "late"));
        assert!(!says("OrderTotalsCalculated\n", "late"));
        assert!(!says("registered against the conference\n", "again"));
        assert!(!says("seats, no\nnothing\n", "no seats"));
        assert!(!says("seats no\n", "no seats"));
    }
}
