//! The read models a replay rebuilt, written as JSON and compared with exported ones.

use domain::kernel::{Catalog, FieldType, System};
use serde_json::Value;
use steps::cells::same_by_type;

use crate::judging::Judged;

/// Every read model entry, as `{read model: {key: entry}}`, for `--export-read-models`.
pub fn read_models_json<C: Judged>(system: &System<C>) -> Value {
    let mut all: serde_json::Map<String, Value> = system
        .read_model_names()
        .into_iter()
        .map(|name| (name.to_string(), Value::Object(Default::default())))
        .collect();
    for (name, key, entry) in system.read_model_entries() {
        if let Some(Value::Object(entries)) = all.get_mut(name) {
            entries.insert(key.into(), entry);
        }
    }
    Value::Object(all)
}

/// Differences between rebuilt read models and expected ones, by read model, key and field.
/// Fields compare by the type the catalog gives them, as Then-steps do (`steps::cells`): an
/// export from the live system may write `199` or `"199.00"` for an amount and `+00:00` or `Z`
/// for an instant, and equal values are no difference; text is compared as written. A field
/// absent on one side counts as null, as in a record's nested fields. A difference shows both
/// values as the files hold them.
pub fn compare_read_models<C: Judged>(system: &System<C>, expected: &Value) -> Vec<Difference> {
    let actual = read_models_json(system);
    let catalog = Catalog::of::<C>();
    let mut out = Vec::new();
    for name in keys_of_either(&actual, expected) {
        let (a, e) = (&actual[name], &expected[name]);
        if a.is_null() {
            let expected_entries = e.as_object().map_or(0, |entries| entries.len());
            let nearest = domain::kernel::nearest(name, catalog.read_models.iter().map(|r| r.name))
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            // The name is the file's, not the catalog's: shown as a log's names are.
            let shown = crate::report::name(name);
            out.push(Difference {
                kind: format!("{shown}: no such read model"),
                text: format!(
                    "{shown}: expected, with {}, but this version has no such read model{nearest}",
                    crate::migration::plural(expected_entries as u64, "entry", "entries")
                ),
            });
            continue;
        }
        if e.is_null() {
            let rebuilt = a.as_object().map_or(0, |entries| entries.len());
            if rebuilt > 0 {
                out.push(Difference {
                    kind: format!("{name}: not in the expected read models"),
                    text: format!(
                        "{name}: not in the expected read models, but the rebuild has \
                         {rebuilt} entries"
                    ),
                });
            }
            continue;
        }
        let fields = catalog
            .read_models
            .iter()
            .find(|r| r.name == name)
            .map_or(&[][..], |r| &r.fields[..]);
        let type_of = |f: &str| {
            fields
                .iter()
                .find(|spec| spec.name == f)
                .map(|spec| &spec.ty)
        };
        for key_read in keys_of_either(a, e) {
            let key = &*entry_key(key_read);
            match (e.get(key_read), a.get(key_read)) {
                (Some(_), None) => out.push(Difference {
                    kind: format!("{name}: entries expected, not rebuilt"),
                    text: format!("{name} {key}: expected, but the rebuild has no entry"),
                }),
                (None, Some(_)) => out.push(Difference {
                    kind: format!("{name}: entries rebuilt, not expected"),
                    text: format!("{name} {key}: rebuilt, but not expected"),
                }),
                (Some(ev), Some(av)) if ev != av => {
                    for f in keys_of_either(ev, av) {
                        let (x, y) = (ev.get(f), av.get(f));
                        let null = &Value::Null;
                        let (x_or_null, y_or_null) = (x.unwrap_or(null), y.unwrap_or(null));
                        if same_by_type(x_or_null, y_or_null, type_of(f)) {
                            continue;
                        }
                        let mut parts = Vec::new();
                        differing_parts(
                            &format!("{key}.{f}"),
                            x_or_null,
                            y_or_null,
                            type_of(f),
                            &mut parts,
                        );
                        for (path, x, y) in parts {
                            let shown = |v: &Value, there: bool| match there {
                                true => v.to_string(),
                                false => "nothing".into(),
                            };
                            let whole = path == format!("{key}.{f}");
                            // The field's path without the entry's key, list items alike.
                            let field = path.get(key.len() + 1..).unwrap_or(f);
                            out.push(Difference {
                                kind: format!("{name}.{}", without_indices(field)),
                                text: format!(
                                    "{name} {path}: expected {}, rebuilt {}",
                                    shown(x, !whole || ev.get(f).is_some()),
                                    shown(y, !whole || av.get(f).is_some())
                                ),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A rebuilt read model's difference from the expected one: what it says, and what kind it is
/// (a read model's field, its entries missing or extra), for a report too long to list whole to
/// count by kind.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub kind: String,
    pub text: String,
}

/// A field's path with its list positions left out (`lines[].price`), so that the differences
/// of every item count as one kind.
fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_brackets = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_brackets = true;
                out.push('[');
            }
            ']' => {
                in_brackets = false;
                out.push(']');
            }
            _ if in_brackets => {}
            c => out.push(c),
        }
    }
    out
}

/// An entry's key as a difference names it, before the path of its field: quoted when it
/// holds what a path or the eye would misread (`"my conf.name".slug`, not `my conf.name.slug`),
/// as names from a log are.
fn entry_key(key: &str) -> std::borrow::Cow<'_, str> {
    match key.contains(['.', '[', ']', '"']) {
        true => format!(
            "{:?}",
            domain::kernel::shortened(key, crate::report::MOST_NAME)
        )
        .into(),
        false => crate::report::name(key),
    }
}

/// Where two values of a field differ, by path: a list of records item by item and a record
/// field by field (`lines[1].quantity`), each compared by the type the catalog gives it, so
/// that one wrong number in a list of lines is shown alone rather than the two lists whole. A
/// list whose length differs, or values of other shapes, differ whole.
fn differing_parts<'v>(
    path: &str,
    expected: &'v Value,
    rebuilt: &'v Value,
    ty: Option<&FieldType>,
    out: &mut Vec<(String, &'v Value, &'v Value)>,
) {
    if same_by_type(expected, rebuilt, ty) {
        return;
    }
    let mut ty = ty;
    while let Some(FieldType::Optional(inner) | FieldType::Literal { inner, .. }) = ty {
        ty = Some(inner);
    }
    match (expected, rebuilt, ty) {
        (Value::Array(x), Value::Array(y), Some(FieldType::List(item))) if x.len() == y.len() => {
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                differing_parts(&format!("{path}[{i}]"), x, y, Some(item), out);
            }
        }
        (Value::Object(x), Value::Object(y), Some(FieldType::Record { fields, .. })) => {
            for f in keys_of_either(expected, rebuilt) {
                let spec = fields.iter().find(|s| s.name == f).map(|s| &s.ty);
                let null = &Value::Null;
                let (x, y) = (x.get(f).unwrap_or(null), y.get(f).unwrap_or(null));
                differing_parts(&format!("{path}.{f}"), x, y, spec, out);
            }
        }
        _ => out.push((path.to_string(), expected, rebuilt)),
    }
}

/// The keys of two JSON objects, each once, in order (nothing of what is not an object).
fn keys_of_either<'v>(a: &'v Value, b: &'v Value) -> std::collections::BTreeSet<&'v String> {
    let keys = |v: &'v Value| v.as_object().into_iter().flat_map(|o| o.keys());
    keys(a).chain(keys(b)).collect()
}
