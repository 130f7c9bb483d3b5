//! Comparing what a Then-step expects with what happened, field by field, and showing both side
//! by side with every mismatch marked.

use domain::kernel::{Catalog, FieldSpec, FieldType};
use serde_json::Value;

use crate::cells::{meets, same_value, Cell};
use crate::runtime::{SeenCommand, SeenEvent};
use crate::tables::{delay_text, in_order, value_at, Expectation, ExpectedField};

/// One field compared.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldCheck {
    pub label: String,
    pub expected: String,
    pub actual: String,
    pub ok: bool,
    /// For a nested value that differs, each differing part by its path below the field
    /// (`[0].quantity`), expected and actual: a one-line JSON of a whole list hides which part
    /// of it is wrong.
    pub parts: Vec<(String, String, String)>,
    /// Why it failed where the two sides alone do not say: `<any>` beside `null` reads as a
    /// match to anyone who has not read that the wildcard needs a value.
    pub why: Vec<String>,
}

/// What the wildcard asks of a field that has no value, said under the comparison.
fn wildcard_unmet(label: &str, actual: &str) -> Option<String> {
    let has = match actual {
        "null" => "is null (not known)",
        "(missing)" => "is missing",
        _ => return None,
    };
    Some(format!("{label}: `<any>` needs a value; the field {has}"))
}

/// The most parts of one nested value a failure lists; the rest are counted.
const MOST_PARTS: usize = 12;

/// The parts of `expected` that `actual` does not meet, by path (see `FieldCheck::parts`), each
/// judged with its own type as the whole was: a record's field absent counts as null, money and
/// instants by value.
fn differing_parts(
    path: String,
    expected: &Value,
    actual: Option<&Value>,
    ty: Option<&FieldType>,
    out: &mut Vec<(String, String, String)>,
) {
    let mut ty = ty;
    while let Some(FieldType::Optional(inner) | FieldType::Literal { inner, .. }) = ty {
        ty = Some(inner);
    }
    match (expected, actual) {
        (Value::Object(e), Some(Value::Object(a))) => {
            let fields = match ty {
                Some(FieldType::Record { fields, .. }) => Some(fields),
                _ => None,
            };
            let field_ty =
                |k: &str| fields.and_then(|fs| fs.iter().find(|f| f.name == k).map(|f| &f.ty));
            // Parts in the catalog's order of the record's fields, as its top-level fields
            // are listed; a JSON object keeps its keys sorted, which is nobody's order.
            let place = |k: &str| {
                fields
                    .and_then(|fs| fs.iter().position(|f| f.name == k))
                    .unwrap_or(usize::MAX)
            };
            let mut keys: Vec<&String> = e
                .keys()
                .chain(
                    a.iter()
                        .filter(|(k, v)| !e.contains_key(*k) && !v.is_null())
                        .map(|(k, _)| k),
                )
                .collect();
            keys.sort_by_key(|k| place(k));
            for k in keys {
                match e.get(k) {
                    Some(v) => {
                        let found = match (a.get(k), fields) {
                            (None, Some(_)) => Some(&Value::Null),
                            (found, _) => found,
                        };
                        differing_parts(format!("{path}.{k}"), v, found, field_ty(k), out);
                    }
                    None => {
                        let shown = render(a.get(k), field_ty(k));
                        out.push((format!("{path}.{k}"), "(missing)".into(), shown));
                    }
                }
            }
        }
        (Value::Array(e), Some(Value::Array(a))) => {
            let inner = match ty {
                Some(FieldType::List(inner)) => Some(&**inner),
                _ => None,
            };
            for i in 0..e.len().max(a.len()) {
                let here = format!("{path}[{i}]");
                match e.get(i) {
                    Some(v) => differing_parts(here, v, a.get(i), inner, out),
                    None => out.push((here, "(missing)".into(), render(a.get(i), inner))),
                }
            }
        }
        (e, a) => {
            if !a.is_some_and(|a| meets(e, a, ty)) {
                out.push((path, render(Some(e), ty), render(a, ty)));
            }
        }
    }
}

/// The parts of a failed field worth listing: only where the whole is shown as JSON (a literal
/// form such as `12 student` already reads part by part).
fn parts_of(
    expected: &Cell,
    shown: &str,
    actual: Option<&Value>,
    ty: Option<&FieldType>,
) -> Vec<(String, String, String)> {
    let (Cell::Value(expected @ (Value::Array(_) | Value::Object(_))), Some(actual)) =
        (expected, actual)
    else {
        return Vec::new();
    };
    if !(shown.starts_with('[') || shown.starts_with('{'))
        || !(actual.is_array() || actual.is_object())
    {
        return Vec::new();
    }
    let mut parts = Vec::new();
    differing_parts(String::new(), expected, Some(actual), ty, &mut parts);
    if parts.len() > MOST_PARTS {
        let more = parts.len() - MOST_PARTS;
        parts.truncate(MOST_PARTS);
        parts.push((format!("… and {more} more"), String::new(), String::new()));
    }
    parts
}

/// The rows of a field check, its differing parts under it; why it failed, where the rows do
/// not say, goes to `why`, led by `of` (which message of a list it is).
fn check_rows(c: FieldCheck, indent: &str, why: &mut Vec<String>, of: &str) -> Vec<Line> {
    why.extend(c.why.iter().map(|w| format!("{of}{w}")));
    let mark = if c.ok { " " } else { "✗" };
    let mut rows = vec![Line::Columns(
        format!("{mark}{indent}{}", c.label),
        c.expected,
        c.actual,
    )];
    for (path, expected, actual) in c.parts {
        rows.push(Line::Columns(
            format!(" {indent}  {}{path}", c.label),
            expected,
            actual,
        ));
    }
    rows
}

/// A value as an author would write it in a cell (literal forms where the type has one).
pub fn render(value: Option<&Value>, ty: Option<&FieldType>) -> String {
    let Some(value) = value else {
        return "(missing)".into();
    };
    let mut ty = ty;
    while let Some(FieldType::Optional(inner)) = ty {
        if value.is_null() {
            break;
        }
        ty = Some(inner);
    }
    if let Some(FieldType::Literal { format, .. }) = ty {
        if let Some(text) = format(value) {
            return text;
        }
    }
    match value {
        // Only text can be mistaken: an amount or an instant is read by its type.
        Value::String(s) if matches!(ty, None | Some(FieldType::Text)) => text_as_cell(s),
        Value::String(s) => s.clone(),
        other => {
            let mut out = String::new();
            write_in_catalog_order(other, ty, &mut out);
            out
        }
    }
}

/// Text as a cell would show it: as it is, unless a cell would read it as something else
/// (`null`, a number, a list) or could not show it (empty, or white space at an end):
/// then quoted, as a cell meaning it verbatim is written. Text `"null"` against `null`, or `WS `
/// against `WS`, showed the same on both sides.
fn text_as_cell(text: &str) -> String {
    // `<any>` stays as it is: in a nested expected value it is the wildcard.
    let other_meaning = serde_json::from_str::<Value>(text).is_ok();
    if text.is_empty() || text.trim() != text || other_meaning {
        Value::String(text.to_string()).to_string()
    } else {
        text.to_string()
    }
}

/// `value` as compact JSON whose records list their fields in the catalog's order, as tables
/// do, where a JSON object keeps its keys sorted; keys the catalog does not name come last.
fn write_in_catalog_order(value: &Value, ty: Option<&FieldType>, out: &mut String) {
    let mut ty = ty;
    while let Some(FieldType::Optional(inner) | FieldType::Literal { inner, .. }) = ty {
        ty = Some(inner);
    }
    match value {
        Value::Object(map) => {
            let fields = match ty {
                Some(FieldType::Record { fields, .. }) => fields.as_slice(),
                _ => &[],
            };
            let place = |k: &str| fields.iter().position(|f| f.name == k);
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| place(k).unwrap_or(usize::MAX));
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                let field_ty = place(k).map(|at| &fields[at].ty);
                write_in_catalog_order(&map[k.as_str()], field_ty, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            let inner = match ty {
                Some(FieldType::List(inner)) => Some(&**inner),
                _ => None,
            };
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_in_catalog_order(item, inner, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn render_cell(cell: &Cell, ty: Option<&FieldType>) -> String {
    match cell {
        Cell::Blank => String::new(),
        Cell::Any => "<any>".into(),
        Cell::Value(v) => render(Some(v), ty),
    }
}

/// Compares every expected field with the actual payload or entry.
pub fn check_fields(fields: &[ExpectedField], actual: &Value) -> Vec<FieldCheck> {
    fields
        .iter()
        .map(|f| {
            let found = value_at(actual, &f.path);
            let ok = match (&f.cell, found) {
                (Cell::Blank, _) => true,
                (Cell::Any, Some(v)) => !v.is_null(),
                (Cell::Any, None) => false,
                (Cell::Value(expected), Some(v)) => same_value(expected, v, f.ty),
                (Cell::Value(expected), None) => expected.is_null(),
            };
            let expected = render_cell(&f.cell, f.ty);
            let parts = match ok {
                true => Vec::new(),
                false => parts_of(&f.cell, &expected, found, f.ty),
            };
            let actual = render(found, f.ty);
            let unmet = |label: &str, e: &str, a: &str| {
                (e == crate::cells::ANY).then(|| wildcard_unmet(label, a))?
            };
            let why = match ok {
                true => Vec::new(),
                false => unmet(&f.label, &expected, &actual)
                    .into_iter()
                    .chain(
                        parts
                            .iter()
                            .filter_map(|(p, e, a)| unmet(&format!("{}{p}", f.label), e, a)),
                    )
                    .collect(),
            };
            FieldCheck {
                label: f.label.clone(),
                expected,
                actual,
                ok,
                parts,
                why,
            }
        })
        .collect()
}

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
            (Some(e), Some(a)) => all_ok(&compare(&expected[*e], &actual[*a])),
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
    Err(out)
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
                .filter(|&a| all_ok(&compare(e, &actual[a])))
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

/// A line of a side-by-side comparison: three columns, or a note across them.
enum Line {
    Columns(String, String, String),
    Note(String),
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
                if let Some((_, want)) = e.delay {
                    lines.push(Line::Columns(
                        "    delay".into(),
                        want.text(),
                        String::new(),
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
            match a.delay_ms() {
                Some(got) if delay_column || got.is_some() => {
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

/// Field checks of a read-model entry as a report, `Ok` when all hold.
pub fn check_entry(
    owner: &str,
    key: &str,
    fields: &[ExpectedField],
    actual: &Value,
) -> Result<(), String> {
    let checks = check_fields(fields, actual);
    if checks.iter().all(|c| c.ok) {
        return Ok(());
    }
    let mut lines = vec![Line::Columns(
        String::new(),
        "expected".into(),
        "actual".into(),
    )];
    let mut why = Vec::new();
    for c in checks {
        lines.extend(check_rows(c, " ", &mut why, ""));
    }
    Err(format!(
        "the read model {owner} for {key} differs:\n{}{}",
        table(&lines),
        said_under(&why)
    ))
}

/// A read model's entry as its fields, one a line in the catalog's order, each value as a cell
/// would write it.
pub fn entry_fields(fields: &[FieldSpec], entry: &Value) -> String {
    let Value::Object(map) = entry else {
        return format!("  {}\n", render(Some(entry), None));
    };
    let entries = in_order(map, |k| fields.iter().position(|f| f.name == k));
    let width = entries
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    entries
        .into_iter()
        .map(|(k, v)| {
            let ty = fields.iter().find(|f| f.name == k).map(|f| &f.ty);
            let pad = " ".repeat(width - k.chars().count());
            format!("  {k}{pad}  {}\n", render(Some(v), ty))
        })
        .collect()
}

/// What a side-by-side table cannot show, one line each under it.
fn said_under(why: &[String]) -> String {
    why.iter().map(|w| format!("  {w}\n")).collect()
}

/// Columns padded to the widest of their cells; a note stands on its own line, at the indent.
fn table(lines: &[Line]) -> String {
    let columns = || {
        lines.iter().filter_map(|l| match l {
            Line::Columns(a, b, _) => Some((a, b)),
            Line::Note(_) => None,
        })
    };
    let w0 = columns().map(|(a, _)| a.chars().count()).max().unwrap_or(0);
    let w1 = columns().map(|(_, b)| b.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for line in lines {
        match line {
            Line::Columns(a, b, c) => {
                let pad0 = w0 - a.chars().count();
                let pad1 = w1 - b.chars().count();
                out.push_str(&format!(
                    "  {a}{}  {b}{} | {c}\n",
                    " ".repeat(pad0),
                    " ".repeat(pad1)
                ));
            }
            Line::Note(note) => out.push_str(&format!("  {note}\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Text a cell would read as something else, or could not show, is quoted; other text, and
    /// values read by their type, are shown as they are.
    #[test]
    fn text_that_a_cell_would_misread_or_hide_is_shown_quoted() {
        let text = |s: &str| render(Some(&json!(s)), Some(&FieldType::Text));
        assert_eq!(text("null"), r#""null""#);
        assert_eq!(text("12"), r#""12""#);
        assert_eq!(text("[1]"), r#""[1]""#);
        assert_eq!(text(""), r#""""#);
        assert_eq!(text("WS "), r#""WS ""#);
        assert_eq!(text(" WS"), r#"" WS""#);
        assert_eq!(text("order-1"), "order-1");
        assert_eq!(text("Full pass"), "Full pass");
        assert_eq!(
            render(Some(&json!("25.00")), Some(&FieldType::Decimal)),
            "25.00"
        );
        assert_eq!(render(Some(&Value::Null), Some(&FieldType::Text)), "null");
    }

    fn field(label: &str, expected: Value) -> ExpectedField<'static> {
        ExpectedField {
            column: 0,
            label: label.into(),
            path: vec![label.into()],
            cell: Cell::Value(expected),
            ty: None,
        }
    }

    #[test]
    fn a_nested_value_that_differs_lists_each_differing_part_by_its_path() {
        let expected =
            json!([{"seat_type": "full", "quantity": 3, "note": "<any>"}, {"seat_type": "vip"}]);
        let actual =
            json!({"lines": [{"seat_type": "full", "quantity": 2, "note": null, "extra": 1}]});
        let [check] = check_fields(&[field("lines", expected)], &actual)
            .try_into()
            .unwrap();
        assert!(!check.ok);
        let parts: Vec<(&str, &str, &str)> = check
            .parts
            .iter()
            .map(|(p, e, a)| (p.as_str(), e.as_str(), a.as_str()))
            .collect();
        assert_eq!(
            parts,
            [
                ("[0].note", "<any>", "null"),
                ("[0].quantity", "3", "2"),
                ("[0].extra", "(missing)", "1"),
                ("[1]", "{\"seat_type\":\"vip\"}", "(missing)"),
            ]
        );
        assert_eq!(
            check.why,
            ["lines[0].note: `<any>` needs a value; the field is null (not known)"]
        );
        let same = json!({"lines": [{"seat_type": "full", "quantity": 3.0, "note": "x"}, {"seat_type": "vip"}]});
        let expected =
            json!([{"seat_type": "full", "quantity": 3, "note": "<any>"}, {"seat_type": "vip"}]);
        let [check] = check_fields(&[field("lines", expected)], &same)
            .try_into()
            .unwrap();
        assert!(check.ok && check.parts.is_empty(), "{check:?}");
    }

    #[test]
    fn a_wildcard_on_a_field_without_a_value_says_why_it_fails() {
        let any = |label: &str| ExpectedField {
            cell: Cell::Any,
            ..field(label, Value::Null)
        };
        let checks = check_fields(
            &[any("description"), any("tagline"), any("name")],
            &json!({"description": null, "name": "Conf"}),
        );
        let why: Vec<&str> = checks
            .iter()
            .flat_map(|c| &c.why)
            .map(String::as_str)
            .collect();
        assert_eq!(
            why,
            [
                "description: `<any>` needs a value; the field is null (not known)",
                "tagline: `<any>` needs a value; the field is missing",
            ]
        );
        let report = check_entry(
            "Conference",
            "conf-1",
            &[any("description")],
            &json!({"description": null}),
        )
        .unwrap_err();
        assert!(
            report.ends_with(
                "| null\n  description: `<any>` needs a value; the field is null (not known)\n"
            ),
            "{report}"
        );
    }

    #[test]
    fn the_parts_of_a_record_are_listed_in_the_catalogs_order_of_its_fields() {
        let spec = |name: &'static str, ty: FieldType| FieldSpec {
            name,
            type_name: "",
            ty,
            required: true,
        };
        let record = FieldType::Record {
            name: "SeatQuantity",
            fields: vec![
                spec("seat_type", FieldType::Text),
                spec(
                    "quantity",
                    FieldType::Integer(domain::kernel::WholeRange::I64),
                ),
                spec("attendee", FieldType::Text),
            ],
        };
        let list = FieldType::List(Box::new(record));
        let mut lines = field("lines", json!([{"quantity": 3, "seat_type": "full"}]));
        lines.ty = Some(&list);
        let actual = json!({"lines": [{"attendee": "ann", "quantity": 2, "seat_type": "vip"}]});
        let [check] = check_fields(&[lines], &actual).try_into().unwrap();
        let paths: Vec<&str> = check.parts.iter().map(|(p, _, _)| p.as_str()).collect();
        assert_eq!(paths, ["[0].seat_type", "[0].quantity", "[0].attendee"]);
        let actual = json!([{"attendee": "ann", "quantity": 2, "seat_type": "vip", "zz": [1]}]);
        assert_eq!(
            render(Some(&actual), Some(&list)),
            r#"[{"seat_type":"vip","quantity":2,"attendee":"ann","zz":[1]}]"#
        );
    }

    /// `n` commands `Ping` numbered 0 to n - 1 as expected, and as sent but for `wrong`, each
    /// sent with the number 99: the report of their comparison.
    fn pings(n: usize, wrong: &[usize]) -> String {
        pings_compared(n, n, wrong)
    }

    /// `expected` commands `Ping` numbered from 0 as expected, `sent` of them as sent, each of
    /// `wrong` sent with the number 99: the report of their comparison.
    fn pings_compared(expected: usize, sent: usize, wrong: &[usize]) -> String {
        let catalog = Catalog {
            domain: "test",
            messages: Vec::new(),
            aggregates: Vec::new(),
            read_models: Vec::new(),
            rules: Vec::new(),
        };
        let expected: Vec<Expectation> = (0..expected)
            .map(|i| Expectation {
                row: i + 1,
                name: "Ping",
                fields: vec![field("n", json!(i))],
                delay: None,
            })
            .collect();
        let sent: Vec<SeenCommand> = (0..sent)
            .map(|i| SeenCommand {
                name: "Ping",
                payload: json!({"n": if wrong.contains(&i) { 99 } else { i }}),
                delay: None,
            })
            .collect();
        check_messages("commands", &catalog, &expected, &sent, false).unwrap_err()
    }

    /// The numbers of the messages a report shows, in order.
    fn shown(report: &str) -> Vec<usize> {
        report
            .lines()
            .filter_map(|l| l.trim_start_matches([' ', '✗']).split_once(". "))
            .filter_map(|(n, _)| n.parse().ok())
            .collect()
    }

    /// A long list that differs in a few messages shows those, two on either side of each, and
    /// counts the matching ones left out where they stand; every differing message is shown.
    #[test]
    fn a_long_comparison_shows_what_differs_with_context_and_counts_what_it_leaves_out() {
        let report = pings(30, &[14, 17, 29]);
        assert_eq!(
            shown(&report),
            [13, 14, 15, 16, 17, 18, 19, 20, 28, 29, 30],
            "{report}"
        );
        let notes: Vec<&str> = report.lines().filter(|l| l.contains('…')).collect();
        assert_eq!(
            notes,
            [
                "  … 12 matching commands left out (1. to 12.) …",
                "  … 7 matching commands left out (21. to 27.) …",
            ],
            "{report}"
        );
        // Each note stands where its messages would: the first before 13., the second after 20.
        let at = |needle: &str| report.find(needle).unwrap();
        assert!(at("(1. to 12.)") < at("  13. "), "{report}");
        assert!(at("  20. ") < at("(21. to 27.)") && at("(21. to 27.)") < at("  28. "));
        for n in [15, 18, 30] {
            assert!(report.contains(&format!("✗ {n}.")), "{n} in {report}");
        }
        assert!(
            report
                .lines()
                .any(|l| l.starts_with("  ✗   n  14 ") && l.ends_with("| 99")),
            "{report}"
        );
        // One message left out between two shown is counted as one.
        let report = pings(25, &[3, 9]);
        assert!(
            report.contains("  … 1 matching command left out (7.) …\n"),
            "{report}"
        );
        assert!(
            report.ends_with("  … 13 matching commands left out (13. to 25.) …\n"),
            "{report}"
        );
    }

    /// Up to twenty messages are compared whole, as before.
    #[test]
    fn a_comparison_of_twenty_messages_shows_them_all() {
        let report = pings(20, &[0]);
        assert_eq!(shown(&report), (1..=20).collect::<Vec<_>>(), "{report}");
        assert!(!report.contains('…'), "{report}");
        // A list that is longer because more were sent than expected shortens too.
        let report = pings_compared(24, 25, &[]);
        assert!(
            report.starts_with("expected 24 commands, but 25 were:\n"),
            "{report}"
        );
        assert_eq!(shown(&report), [23, 24, 25], "{report}");
        assert!(report.contains("✗ 25.  (nothing)"), "{report}");
    }
}
