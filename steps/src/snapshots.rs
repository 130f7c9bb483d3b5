//! Reviewed snapshots (insta) of read models and of whole outcomes, rendered as YAML and kept in a
//! `snapshots/` folder beside the feature file; `cargo insta review` accepts new ones.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::{json, Map, Value};

use crate::world::{in_run, GwtWorld, Run, Stimulus};

/// `Then the read model <Name> for <id> matches the snapshot`.
pub fn read_model(world: &mut GwtWorld, name: &str, key: &str) -> Result<(), String> {
    let value = agreed(world, |run| {
        run.runtime.read_model(name, key).ok_or_else(|| {
            format!("the read model {name} has no entry for {key}, so there is nothing to compare")
        })
    })?;
    assert_snapshot(world, &format!("{name}-{key}"), &value)
}

/// `Then the outcome matches the snapshot`.
pub fn outcome(world: &mut GwtWorld) -> Result<(), String> {
    let value = agreed(world, |run| Ok(render_outcome(run)))?;
    assert_snapshot(world, "outcome", &value)
}

/// Everything that followed the stimulus: events recorded, commands sent (with delays), the
/// rejection if any, and the read-model entries that changed.
fn render_outcome(run: &Run) -> Value {
    let recorded: Vec<Value> = run
        .runtime
        .recorded(run.mark)
        .into_iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("event".into(), json!(e.name));
            m.insert("stream".into(), json!(e.stream.to_string()));
            m.insert("sequence".into(), json!(e.sequence));
            if let Value::Object(fields) = e.payload {
                m.extend(fields);
            }
            Value::Object(m)
        })
        .collect();
    let sent: Vec<Value> = run
        .runtime
        .sent(run.mark)
        .into_iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("command".into(), json!(c.name));
            if let Some(d) = c.delay {
                m.insert(
                    "delay".into(),
                    json!(format!("{} minutes", d.num_minutes())),
                );
            }
            if let Value::Object(fields) = c.payload {
                m.extend(fields);
            }
            Value::Object(m)
        })
        .collect();
    let before = run.entries_before.clone().unwrap_or_default();
    let after: BTreeMap<(String, String), Value> = run
        .runtime
        .read_model_entries()
        .into_iter()
        .map(|(n, k, v)| ((n.to_string(), k), v))
        .collect();
    let mut changed = Map::new();
    for (key, value) in &after {
        if before.get(key) != Some(value) {
            changed.insert(format!("{}/{}", key.0, key.1), value.clone());
        }
    }
    for key in before.keys().filter(|k| !after.contains_key(*k)) {
        changed.insert(format!("{}/{}", key.0, key.1), Value::Null);
    }
    let mut out = Map::new();
    if let Some(Stimulus::Command(Err(reason))) = &run.outcome {
        out.insert("rejected".into(), json!(reason));
    }
    out.insert("recorded".into(), Value::Array(recorded));
    out.insert("sent".into(), Value::Array(sent));
    out.insert("read_models".into(), Value::Object(changed));
    Value::Object(out)
}

/// The value every run gives; a run that differs from the scenario as written fails the step.
fn agreed(
    world: &GwtWorld,
    render: impl Fn(&Run) -> Result<Value, String>,
) -> Result<Value, String> {
    let mut runs = world.runs.iter();
    let first = runs.next().ok_or("the scenario has no run")?;
    let value = render(first)?;
    for run in runs {
        let other = render(run).map_err(|e| in_run(run.kind, e))?;
        if other != value {
            return Err(in_run(
                run.kind,
                format!("the result differs from the scenario as written:\n  written: {value}\n  here:    {other}"),
            ));
        }
    }
    Ok(value)
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

fn assert_snapshot(world: &mut GwtWorld, what: &str, value: &Value) -> Result<(), String> {
    let Some(feature) = world.feature.clone() else {
        return Err("snapshots need a feature file to live beside".into());
    };
    let dir = feature
        .parent()
        .map(|p| p.join("snapshots"))
        .unwrap_or_else(|| "snapshots".into());
    let stem = feature
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let name = format!("{}__{}__{}", slug(&stem), slug(&world.scenario), slug(what));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(&feature);
    settings.set_description(format!("{} — {what}", world.scenario));
    let result = catch_unwind(AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_yaml_snapshot!(name.as_str(), value));
    }));
    result.map_err(|_| {
        format!(
            "{what} does not match its reviewed snapshot {}/{name}.snap (the difference is shown above); \
             review it with `cargo insta review`",
            dir.display()
        )
    })
}
