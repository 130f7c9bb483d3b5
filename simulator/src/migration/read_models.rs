//! The read models a replay rebuilt, written as JSON and compared with exported ones.

use domain::kernel::{Catalog, System};
use serde_json::Value;
use steps::cells::same_by_type;

use crate::simulation::Simulated;

/// Every read model entry, as `{read model: {key: entry}}`, for `--export-read-models`.
pub fn read_models_json<C: Simulated>(system: &System<C>) -> Value {
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
pub fn compare_read_models<C: Simulated>(system: &System<C>, expected: &Value) -> Vec<String> {
    let actual = read_models_json(system);
    let catalog = Catalog::of::<C>();
    let mut out = Vec::new();
    for name in keys_of_either(&actual, expected) {
        let (a, e) = (&actual[name], &expected[name]);
        if e.is_null() {
            let rebuilt = a.as_object().map_or(0, |entries| entries.len());
            if rebuilt > 0 {
                out.push(format!(
                    "{name}: not in the expected read models, but the rebuild has {rebuilt} \
                     entries"
                ));
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
        for key in keys_of_either(a, e) {
            match (e.get(key), a.get(key)) {
                (Some(_), None) => out.push(format!(
                    "{name} {key}: expected, but the rebuild has no entry"
                )),
                (None, Some(_)) => out.push(format!("{name} {key}: rebuilt, but not expected")),
                (Some(ev), Some(av)) if ev != av => {
                    for f in keys_of_either(ev, av) {
                        let (x, y) = (ev.get(f), av.get(f));
                        let null = &Value::Null;
                        if !same_by_type(x.unwrap_or(null), y.unwrap_or(null), type_of(f)) {
                            out.push(format!(
                                "{name} {key}.{f}: expected {}, rebuilt {}",
                                x.map_or("nothing".into(), Value::to_string),
                                y.map_or("nothing".into(), Value::to_string)
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The keys of two JSON objects, each once, in order (nothing of what is not an object).
fn keys_of_either<'v>(a: &'v Value, b: &'v Value) -> std::collections::BTreeSet<&'v String> {
    let keys = |v: &'v Value| v.as_object().into_iter().flat_map(|o| o.keys());
    keys(a).chain(keys(b)).collect()
}
