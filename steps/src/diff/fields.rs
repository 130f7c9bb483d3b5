//! Fields compared one by one: each expected cell against the actual value, a nested value's
//! differing parts by their path, and why a wildcard did not match.

use domain::kernel::FieldType;
use serde_json::Value;

use super::written::render;
use super::written::render_cell;
use super::Line;
use crate::cells::{meets, same_value, Cell};
use crate::tables::{value_at, ExpectedField};

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
pub(super) fn check_rows(
    c: FieldCheck,
    indent: &str,
    why: &mut Vec<String>,
    of: &str,
) -> Vec<Line> {
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
