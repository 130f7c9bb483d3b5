//! Messages expected against messages seen, in order or as a set, shown side by side with what
//! differs marked and long runs of what matches counted rather than shown.

use domain::kernel::Catalog;
use serde_json::Value;

use super::fields::check_rows;
use super::fields::{check_fields, fields_match, FieldCheck};
use super::written::{render, render_cell};
use super::Line;
use super::{said_under, table};
use crate::runtime::{SeenCommand, SeenEvent};
use crate::tables::{delay_text, in_order, value_at, Expectation};

/// Something that happened, as the Then-steps compare it.
pub trait Seen {
    fn name(&self) -> &str;
    fn payload(&self) -> &Value;
    fn delay_ms(&self) -> Option<Option<i64>> {
        None
    }
}

impl Seen for SeenEvent {
    fn name(&self) -> &str {
        self.name
    }
    fn payload(&self) -> &Value {
        &self.payload
    }
}

impl Seen for SeenCommand {
    fn name(&self) -> &str {
        self.name
    }
    fn payload(&self) -> &Value {
        &self.payload
    }
    fn delay_ms(&self) -> Option<Option<i64>> {
        Some(self.delay.map(|d| d.num_milliseconds()))
    }
}

/// The field checks of one expectation against one actual message, `None` if the names differ.
fn compare<S: Seen>(e: &Expectation, actual: &S) -> Option<Vec<FieldCheck>> {
    if e.name != actual.name() {
        return None;
    }
    let mut checks = check_fields(&e.fields, actual.payload());
    match (e.delay, actual.delay_ms()) {
        (Some((_, want)), Some(got)) => checks.push(FieldCheck {
            label: "delay".into(),
            expected: want.text(),
            actual: delay_text(got),
            ok: want.meets(got),
            parts: Vec::new(),
            why: Vec::new(),
        }),
        // Not compared (the table has no delay column), but shown: that a command waits is
        // often why the author looks.
        (None, Some(Some(got))) => checks.push(FieldCheck {
            label: "delay".into(),
            expected: String::new(),
            actual: delay_text(Some(got)),
            ok: true,
            parts: Vec::new(),
            why: Vec::new(),
        }),
        _ => {}
    }
    Some(checks)
}

fn all_ok(checks: &Option<Vec<FieldCheck>>) -> bool {
    checks.as_ref().is_some_and(|c| c.iter().all(|f| f.ok))
}

/// Whether `actual` is what `e` expects, as `compare` judges it, without writing either side
/// out (asked of every pair, and of every pair of a set, where only a failure is shown).
fn matches<S: Seen>(e: &Expectation, actual: &S) -> bool {
    e.name == actual.name()
        && fields_match(&e.fields, actual.payload())
        && match (e.delay, actual.delay_ms()) {
            (Some((_, want)), Some(got)) => want.meets(got),
            _ => true,
        }
}

/// Checks a list of messages against expectations, in order or as a set. `Ok` when they match;
/// otherwise a side-by-side report.
pub fn check_messages<S: Seen>(
    what: &str,
    catalog: &Catalog,
    expected: &[Expectation],
    actual: &[S],
    any_order: bool,
) -> Result<(), String> {
    let pairs: Vec<(Option<usize>, Option<usize>)> = if any_order {
        match_as_set(expected, actual)
    } else {
        (0..expected.len().max(actual.len()))
            .map(|i| {
                (
                    (i < expected.len()).then_some(i),
                    (i < actual.len()).then_some(i),
                )
            })
            .collect()
    };
    let ok = expected.len() == actual.len()
        && pairs.iter().all(|(e, a)| match (e, a) {
            (Some(e), Some(a)) => matches(&expected[*e], &actual[*a]),
            _ => false,
        });
    if ok {
        return Ok(());
    }
    let noun = if expected.len() == 1 {
        what.trim_end_matches('s')
    } else {
        what
    };
    let order = if any_order { " in any order" } else { "" };
    let mut out = if expected.len() == actual.len() {
        // As many as expected: what differs is their contents (or order), not their number.
        let done = if what == "commands" {
            "sent"
        } else {
            "recorded"
        };
        format!(
            "expected {} {noun}{order}; the {} {done} {}:\n",
            expected.len(),
            actual.len(),
            if actual.len() == 1 {
                "differs"
            } else {
                "differ"
            }
        )
    } else {
        format!(
            "expected {} {noun}{order}, but {} {}:\n",
            expected.len(),
            actual.len(),
            if actual.len() == 1 { "was" } else { "were" }
        )
    };
    let rows = side_by_side(what, catalog, expected, actual, &pairs);
    out.push_str(&rows);
    if !any_order {
        out.push_str(&in_another_order(what, expected, actual));
    }
    Err(out)
}

/// When the messages compared in order all came, but in another order, a line that says so and
/// which phrase takes them in any order: the side-by-side table shows each pair as differing in
/// every field, and the author reads wrong messages where only their order is.
fn in_another_order<S: Seen>(what: &str, expected: &[Expectation], actual: &[S]) -> String {
    if expected.len() != actual.len() || expected.len() < 2 {
        return String::new();
    }
    let as_set = match_as_set(expected, actual);
    let all_match = as_set.iter().all(|(e, a)| match (e, a) {
        (Some(e), Some(a)) => matches(&expected[*e], &actual[*a]),
        _ => false,
    });
    if !all_match {
        return String::new();
    }
    // Each actual message numbered by the expected row it matches.
    let mut row_of = vec![0; actual.len()];
    for (e, a) in as_set.iter().filter_map(|(e, a)| Some(((*e)?, (*a)?))) {
        row_of[a] = e + 1;
    }
    let came = row_of
        .iter()
        .zip(actual)
        .map(|(row, a)| format!("{} ({row}.)", a.name()))
        .collect::<Vec<_>>()
        .join(", ");
    let (phrase, done) = match what {
        "commands" => ("these commands are sent, in any order:", "sent"),
        _ => ("these events are recorded, in any order:", "recorded"),
    };
    format!(
        "  every {noun} expected was {done}, but in another order: {came}; if their order does \
         not matter, write `{phrase}`\n",
        noun = what.trim_end_matches('s'),
    )
}

/// Pairs each expectation with a distinct matching actual message (a maximum bipartite
/// matching, so that a loose expectation cannot steal the only match of a stricter one), then
/// pairs the rest by name where possible.
fn match_as_set<S: Seen>(
    expected: &[Expectation],
    actual: &[S],
) -> Vec<(Option<usize>, Option<usize>)> {
    let fits: Vec<Vec<usize>> = expected
        .iter()
        .map(|e| {
            (0..actual.len())
                .filter(|&a| matches(e, &actual[a]))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; actual.len()];
    fn augment(
        e: usize,
        fits: &[Vec<usize>],
        owner: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for &a in &fits[e] {
            if !seen[a] {
                seen[a] = true;
                if owner[a].is_none_or(|o| augment(o, fits, owner, seen)) {
                    owner[a] = Some(e);
                    return true;
                }
            }
        }
        false
    }
    for e in 0..expected.len() {
        let mut seen = vec![false; actual.len()];
        augment(e, &fits, &mut owner, &mut seen);
    }
    let mut partner: Vec<Option<usize>> = vec![None; expected.len()];
    for (a, o) in owner.iter().enumerate() {
        if let Some(e) = o {
            partner[*e] = Some(a);
        }
    }
    // Unmatched expectations take an unmatched actual of the same name, to show the difference.
    for e in 0..expected.len() {
        if partner[e].is_none() {
            if let Some(a) = (0..actual.len())
                .find(|&a| owner[a].is_none() && actual[a].name() == expected[e].name)
            {
                owner[a] = Some(e);
                partner[e] = Some(a);
            }
        }
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = partner
        .iter()
        .enumerate()
        .map(|(e, a)| (Some(e), *a))
        .collect();
    pairs.extend(
        (0..actual.len())
            .filter(|a| owner[*a].is_none())
            .map(|a| (None, Some(a))),
    );
    pairs
}

/// Lists of up to this many messages are compared whole; a longer one shows the messages that
/// differ and `CONTEXT` on either side of each, and counts the matching ones left out, as the
/// echo shortens a long table (a 5,000-row Then that differs in one row printed all 5,000).
const MOST_MESSAGES: usize = 20;

const CONTEXT: usize = 2;

/// Which pairs of a comparison to show: all of a short list; of a long one each pair that
/// differs and the pairs within `CONTEXT` of it.
fn shown_pairs(differs: &[bool]) -> Vec<bool> {
    let n = differs.len();
    if n <= MOST_MESSAGES || !differs.contains(&true) {
        return vec![true; n];
    }
    let mut shown = vec![false; n];
    for (at, _) in differs.iter().enumerate().filter(|(_, d)| **d) {
        let around = at.saturating_sub(CONTEXT)..(at + CONTEXT + 1).min(n);
        shown[around].iter_mut().for_each(|s| *s = true);
    }
    shown
}

/// What stands for matching messages left out of a comparison, numbered as those shown are.
fn matching_left_out(what: &str, from: usize, to: usize) -> String {
    let count = to - from + 1;
    let noun = what.trim_end_matches('s');
    let which = match count {
        1 => format!("{from}."),
        _ => format!("{from}. to {to}."),
    };
    format!(
        "… {} left out ({which}) …",
        domain::kernel::plural(
            count as u64,
            &format!("matching {noun}"),
            &format!("matching {what}")
        )
    )
}

/// The expected and actual messages side by side. A message with no partner shows its fields
/// as its own side writes them: an expectation's cells, an actual message's values in their
/// literal form where the catalog gives the field one (`12 student`, as the cells compared
/// show them), and the delay when the table has a `delay` column or the command was scheduled.
/// A long list shows only what differs, with context (see `shown_pairs`).
fn side_by_side<S: Seen>(
    what: &str,
    catalog: &Catalog,
    expected: &[Expectation],
    actual: &[S],
    pairs: &[(Option<usize>, Option<usize>)],
) -> String {
    let delay_column = expected.iter().any(|e| e.delay.is_some());
    let mut lines = vec![Line::Columns(
        String::new(),
        "expected".into(),
        "actual".into(),
    )];
    let mut why = Vec::new();
    let checked: Vec<Option<Vec<FieldCheck>>> = pairs
        .iter()
        .map(|(e, a)| match (e, a) {
            (Some(e), Some(a)) => compare(&expected[*e], &actual[*a]),
            _ => None,
        })
        .collect();
    let visible = shown_pairs(&checked.iter().map(|c| !all_ok(c)).collect::<Vec<_>>());
    // Where the run of matching pairs left out that has not been counted yet starts.
    let mut left_out: Option<usize> = None;
    for (n, ((e, a), checks)) in pairs.iter().zip(checked).enumerate() {
        if !visible[n] {
            left_out.get_or_insert(n);
            continue;
        }
        if let Some(from) = left_out.take() {
            lines.push(Line::Note(matching_left_out(what, from + 1, n)));
        }
        let e = e.map(|i| &expected[i]);
        let a = a.map(|i| &actual[i]);
        let name_ok = checks.is_some();
        let mark = if all_ok(&checks) { " " } else { "✗" };
        lines.push(Line::Columns(
            format!("{mark} {}.", n + 1),
            e.map(|e| e.name.to_string())
                .unwrap_or_else(|| "(nothing)".into()),
            a.map(|a| a.name().to_string())
                .unwrap_or_else(|| "(nothing)".into()),
        ));
        match (e, checks) {
            (Some(_), Some(checks)) => {
                for c in checks {
                    lines.extend(check_rows(c, "   ", &mut why, &format!("{}. ", n + 1)));
                }
            }
            (Some(e), None) => {
                // Names differ: each expected field beside what the actual message holds under
                // that name, so a field the two share reads on one line.
                for f in &e.fields {
                    let held = a.and_then(|a| value_at(a.payload(), &f.path));
                    lines.push(Line::Columns(
                        format!("    {}", f.label),
                        render_cell(&f.cell, f.ty),
                        held.map(|v| render(Some(v), f.ty)).unwrap_or_default(),
                    ));
                }
                // The delay too: both sides of a command have one.
                if let Some((_, want)) = e.delay {
                    let got = a.and_then(|a| a.delay_ms()).map(delay_text);
                    lines.push(Line::Columns(
                        "    delay".into(),
                        want.text(),
                        got.unwrap_or_default(),
                    ));
                }
            }
            (None, _) => {}
        }
        if let (Some(a), false) = (a, name_ok && e.is_some()) {
            let fields = catalog.message(a.name()).map(|m| m.fields.as_slice());
            // Fields already shown beside an expected one are not listed again.
            let shown: Vec<&str> = e
                .map(|e| {
                    e.fields
                        .iter()
                        .filter(|f| f.path.len() == 1)
                        .map(|f| f.path[0].as_str())
                        .collect()
                })
                .unwrap_or_default();
            if let Value::Object(map) = a.payload() {
                // In the catalog's order of the message's fields, as the author reads them there.
                let place = |k: &str| fields.and_then(|fs| fs.iter().position(|f| f.name == k));
                let rest = in_order(map, place)
                    .into_iter()
                    .filter(|(k, _)| !shown.contains(&k.as_str()));
                for (k, v) in rest {
                    let ty = fields
                        .and_then(|fs| fs.iter().find(|f| f.name == k))
                        .map(|f| &f.ty);
                    lines.push(Line::Columns(
                        format!("    {k}"),
                        String::new(),
                        render(Some(v), ty),
                    ));
                }
            }
            // Not again when it was shown beside the expected one.
            let delay_shown = e.is_some_and(|e| e.delay.is_some());
            match a.delay_ms() {
                Some(got) if !delay_shown && (delay_column || got.is_some()) => {
                    lines.push(Line::Columns(
                        "    delay".into(),
                        String::new(),
                        delay_text(got),
                    ));
                }
                _ => {}
            }
        }
    }
    if let Some(from) = left_out {
        lines.push(Line::Note(matching_left_out(what, from + 1, pairs.len())));
    }
    table(&lines) + &said_under(&why)
}
