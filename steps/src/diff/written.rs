//! A value as an author would write it in a cell: literal forms where the type has one, records'
//! fields in the catalog's order, and text quoted where a cell would misread it.

use domain::kernel::FieldType;
use serde_json::Value;

use crate::cells::Cell;

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

pub(super) fn render_cell(cell: &Cell, ty: Option<&FieldType>) -> String {
    match cell {
        Cell::Blank => String::new(),
        Cell::Any => "<any>".into(),
        Cell::Value(v) => render(Some(v), ty),
    }
}
