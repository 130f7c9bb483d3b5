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
    /// For a nested value that differs, its parts worth a line (see `Part`): a one-line JSON of
    /// a whole list hides which part of it is wrong.
    pub parts: Vec<Part>,
    /// Why it failed where the two sides alone do not say: `<any>` beside `null` reads as a
    /// match to anyone who has not read that the wildcard needs a value.
    pub why: Vec<String>,
}

/// A part of a nested value, by its path below the field (`[0].quantity`), expected and actual
/// as written. Every part that differs, and every key written on one side and not the other
/// beside `null`, differing or not: whether a key left out is the same as `null` is the rule an
/// author cannot see from the two JSONs (in a record it is, as in the messages themselves;
/// anywhere else it is not), and listing only the parts that differ left them guessing.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub path: String,
    pub expected: String,
    pub actual: String,
    pub differs: bool,
}

/// A key the expected value does not write: in a record it counts as null, elsewhere the value
/// must not have it.
const NOT_GIVEN: &str = "(not given)";
const NOT_GIVEN_NULL: &str = "(not given, counts as null)";
/// A key the actual value does not have, likewise.
const MISSING: &str = "(missing)";
const MISSING_NULL: &str = "(missing, counts as null)";

/// What the wildcard asks of a field that has no value, said under the comparison, with how to
/// expect none: DSL.md's "the field must be present" reads to many as "null will do", and the
/// failure is where they learn otherwise. `nested`: the wildcard stands inside a JSON value, so
/// `null` goes in its place there rather than in the whole cell.
fn wildcard_unmet(label: &str, actual: &str, nested: bool) -> Option<String> {
    let has = match actual {
        "null" => "is null (not known)",
        MISSING | MISSING_NULL => "is missing",
        _ => return None,
    };
    let there = match nested {
        true => "in its place",
        false => "in the cell",
    };
    Some(format!(
        "{label}: `<any>` needs a value; the field {has} (to expect no value, write `null` {there})"
    ))
}

/// The most parts of one nested value a failure lists; the rest are counted.
const MOST_PARTS: usize = 12;

/// The parts of `expected` against `actual` worth a line, by path (see `Part`), each judged
/// with its own type as the whole was: a record's field absent counts as null, money and
/// instants by value.
fn differing_parts(
    path: String,
    expected: &Value,
    actual: Option<&Value>,
    ty: Option<&FieldType>,
    out: &mut Vec<Part>,
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
                .chain(a.keys().filter(|k| !e.contains_key(*k)))
                .collect();
            keys.sort_by_key(|k| place(k));
            // In a record a key left out is null (`same_value` compares so); in any other
            // object it is a key the other side lacks.
            let record = fields.is_some();
            for k in keys {
                let here = format!("{path}.{k}");
                match (e.get(k), a.get(k)) {
                    (Some(v), Some(found)) => {
                        differing_parts(here, v, Some(found), field_ty(k), out)
                    }
                    (Some(v), None) if record => {
                        let differs = !meets(v, &Value::Null, field_ty(k));
                        if differs || v.is_null() {
                            let shown = render(Some(v), field_ty(k));
                            out.push(Part {
                                path: here,
                                expected: shown,
                                actual: MISSING_NULL.into(),
                                differs,
                            });
                        }
                    }
                    (Some(v), None) => differing_parts(here, v, None, field_ty(k), out),
                    (None, found) => {
                        let shown = render(found, field_ty(k));
                        let (given, differs) = match record {
                            true => (NOT_GIVEN_NULL, !found.is_some_and(Value::is_null)),
                            false => (NOT_GIVEN, true),
                        };
                        out.push(Part {
                            path: here,
                            expected: given.into(),
                            actual: shown,
                            differs,
                        });
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
                    None => out.push(Part {
                        path: here,
                        expected: NOT_GIVEN.into(),
                        actual: render(a.get(i), inner),
                        differs: true,
                    }),
                }
            }
        }
        (e, a) => {
            if !a.is_some_and(|a| meets(e, a, ty)) {
                out.push(Part {
                    path,
                    expected: render(Some(e), ty),
                    actual: render(a, ty),
                    differs: true,
                });
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
) -> Vec<Part> {
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
        // Those that differ first: a record of many fields left null fills the list with
        // keys that agree, and pushed out the one that failed.
        let keep_agreeing = MOST_PARTS.saturating_sub(parts.iter().filter(|p| p.differs).count());
        let mut agreeing = 0;
        let total = parts.len();
        parts.retain(|p| {
            agreeing += usize::from(!p.differs);
            p.differs || agreeing <= keep_agreeing
        });
        parts.truncate(MOST_PARTS);
        parts.push(Part {
            path: format!("… and {} more", total - MOST_PARTS),
            expected: String::new(),
            actual: String::new(),
            differs: false,
        });
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
    for part in c.parts {
        // Marked as the fields above them are: a key left out beside `null` that agrees is
        // listed unmarked, so that the rule shows (see `Part`).
        let mark = if part.differs { "✗" } else { " " };
        rows.push(Line::Columns(
            format!("{mark}{indent}  {}{}", c.label, part.path),
            part.expected,
            part.actual,
        ));
    }
    rows
}

/// Whether the field `f` expects is what `found` holds (its value at the field's path).
fn field_ok(f: &ExpectedField, found: Option<&Value>) -> bool {
    match (&f.cell, found) {
        (Cell::Blank, _) => true,
        (Cell::Any, Some(v)) => !v.is_null(),
        (Cell::Any, None) => false,
        (Cell::Value(expected), Some(v)) => same_value(expected, v, f.ty),
        (Cell::Value(expected), None) => expected.is_null(),
    }
}

/// Whether every expected field is met, as `check_fields` judges it, without writing either
/// side out: a passing Then is asked only this, and the words of every field, written for
/// every row of every Then, were thrown away unread.
pub fn fields_match(fields: &[ExpectedField], actual: &Value) -> bool {
    fields
        .iter()
        .all(|f| field_ok(f, value_at(actual, &f.path)))
}

/// Compares every expected field with the actual payload or entry.
pub fn check_fields(fields: &[ExpectedField], actual: &Value) -> Vec<FieldCheck> {
    fields
        .iter()
        .map(|f| {
            let found = value_at(actual, &f.path);
            let ok = field_ok(f, found);
            let expected = render_cell(&f.cell, f.ty);
            let parts = match ok {
                true => Vec::new(),
                false => parts_of(&f.cell, &expected, found, f.ty),
            };
            let actual = render(found, f.ty);
            let unmet = |label: &str, e: &str, a: &str, nested: bool| {
                (e == crate::cells::ANY).then(|| wildcard_unmet(label, a, nested))?
            };
            let why = match ok {
                true => Vec::new(),
                false => unmet(&f.label, &expected, &actual, false)
                    .into_iter()
                    .chain(parts.iter().filter_map(|p| {
                        unmet(
                            &format!("{}{}", f.label, p.path),
                            &p.expected,
                            &p.actual,
                            true,
                        )
                    }))
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
