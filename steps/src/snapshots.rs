//! Reviewed snapshots of read models and of whole outcomes, rendered as YAML in insta's file
//! format and kept in a `snapshots/` folder beside the feature file (or in the folder the run
//! names); `gwt test --accept-snapshots` or `cargo insta review` accepts new ones.
//!
//! The comparison is ours rather than insta's assertion macro: the macro prints its own report
//! into the runner's output, stops "on the first failure", and cannot tell a snapshot that was
//! never reviewed from one that changed. Both fail the step, as insta's assertion does: a
//! missing snapshot is written as `.snap.new` for review (under `CI=true` nothing is written); a
//! changed one fails with a line-by-line diff, and outside CI its new form waits beside it as
//! `.snap.new`. With `--accept-snapshots` both are written as reviewed `.snap` files instead,
//! and pass: an author with the `gwt` binary alone has no cargo to run `cargo insta review`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use cucumber::gherkin::{Feature, Scenario};
use insta::_macro_support::{serialize_value, SerializationFormat};
use insta::internals::{SnapshotContents, TextSnapshotContents};
use insta::TextSnapshotKind;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::phrases::{recognise, Phrase};
use crate::world::{in_run, GwtWorld, Run, Stimulus};

/// `Then the read model <Name> for <id> matches the snapshot`.
pub fn read_model(world: &mut GwtWorld, name: &str, key: &str) -> Result<(), String> {
    let value = agreed(world, |run| {
        run.runtime.read_model(name, key).ok_or_else(|| {
            run.with_rejection(format!(
                "the read model {name} has no entry for {key}, so there is nothing to compare"
            ))
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
/// rejection if any and the commands refused after it, and the read-model entries that changed.
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
                // Whole minutes keep the form reviewed snapshots were written in (`1 minutes`
                // included); anything finer is written exactly.
                let ms = d.num_milliseconds();
                let text = if ms % 60_000 == 0 {
                    format!("{} minutes", ms / 60_000)
                } else {
                    crate::tables::delay_text(Some(ms))
                };
                m.insert("delay".into(), json!(text));
            }
            if let Value::Object(fields) = c.payload {
                m.extend(fields);
            }
            Value::Object(m)
        })
        .collect();
    let before = run.entries_before.clone().unwrap_or_default();
    let after = run.entries();
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
    // Only when there are some, so that reviewed snapshots of outcomes without any stand.
    let refused: Vec<Value> = run
        .rejected_after_stimulus()
        .into_iter()
        .map(|(c, reason)| {
            let mut m = Map::new();
            m.insert("command".into(), json!(c.name));
            m.insert("reason".into(), json!(reason));
            if let Value::Object(fields) = c.payload {
                m.extend(fields);
            }
            Value::Object(m)
        })
        .collect();
    if !refused.is_empty() {
        out.insert("rejected_commands".into(), Value::Array(refused));
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

/// Is this a CI run? The same reading of `CI` as insta's, so that `cargo insta` and `gwt test`
/// agree on it.
pub fn is_ci() -> bool {
    match std::env::var("CI").ok().as_deref() {
        Some("false") | Some("0") | Some("") => false,
        None => std::env::var("TF_BUILD").is_ok(),
        Some(_) => true,
    }
}

/// The folder a feature's snapshots live in: the run's `--snapshots` folder, or `snapshots/`
/// beside the feature file.
pub fn folder_of(feature: &Path, chosen: Option<&Path>) -> PathBuf {
    match chosen {
        Some(dir) => dir.to_path_buf(),
        None => feature
            .parent()
            .map(|p| p.join("snapshots"))
            .unwrap_or_else(|| "snapshots".into()),
    }
}

/// The header of a snapshot file, in the order insta writes it.
#[derive(Serialize)]
struct Header<'a> {
    source: &'a str,
    assertion_line: usize,
    description: &'a str,
    input_file: &'a str,
}

/// insta's own YAML rendering (what `assert_yaml_snapshot!` writes), so that snapshots reviewed
/// with `cargo insta` and with earlier versions compare equal. It is insta's hidden API, hence
/// the exact version in Cargo.toml.
fn yaml(value: &impl Serialize) -> String {
    serialize_value(value, SerializationFormat::Yaml)
}

/// The reviewed snapshot of a step: `<feature file stem>__<scenario>__<what>.snap` in the
/// feature's snapshot folder (`what` is `outcome` or `<ReadModel>-<key>`).
fn snapshot_path(feature: &Path, chosen: Option<&Path>, scenario: &str, what: &str) -> PathBuf {
    let stem = feature
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let name = format!("{}__{}__{}", slug(&stem), slug(scenario), slug(what));
    folder_of(feature, chosen).join(format!("{name}.snap"))
}

/// The name a scenario's snapshots are made from: its own, followed for a row of a Scenario
/// Outline by the row's values. Every row of an Outline bears the Outline's name (its
/// placeholders replaced, when its title has any), so without them the rows wrote, and compared
/// against, one snapshot.
pub(crate) fn snapshot_scenario(scenario: &Scenario) -> String {
    match crate::outlines::example_of(scenario) {
        Some((_, _, row)) => format!("{} example {}", scenario.name, row.join(" ")),
        None => scenario.name.clone(),
    }
}

/// Snapshot steps of this run that would share one snapshot file with another step, by feature
/// file, step line and scenario line (the rows of an Outline share their step lines), with what
/// to tell the author. Names are made of the file's stem and the
/// scenario's name, so two `x.feature` in different folders under one `--snapshots` folder, or
/// two scenarios whose names differ only in punctuation, would compare against (and overwrite)
/// each other's snapshot; such steps fail instead, whichever runs first.
fn clashes() -> &'static Mutex<HashMap<StepPlace, String>> {
    static CLASHES: OnceLock<Mutex<HashMap<StepPlace, String>>> = OnceLock::new();
    CLASHES.get_or_init(Default::default)
}

/// A snapshot `--accept-snapshots` wrote as reviewed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub path: PathBuf,
    /// It had no reviewed form before (rather than one that differed).
    pub new: bool,
}

/// Why a run under CI is refused `--accept-snapshots`.
pub const ACCEPT_IN_CI: &str = "--accept-snapshots writes snapshots as reviewed, and a CI run \
     (CI=true) writes none, so that it only checks what was reviewed: accept them in a run \
     outside CI and commit the .snap files it writes";

/// The snapshots this run has accepted so far (see `plan`, which empties it).
fn accepted_so_far() -> &'static Mutex<Vec<Accepted>> {
    static ACCEPTED: OnceLock<Mutex<Vec<Accepted>>> = OnceLock::new();
    ACCEPTED.get_or_init(Default::default)
}

/// The snapshots this run accepted, in the order their steps ran.
pub fn accepted() -> Vec<Accepted> {
    accepted_so_far()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// What a run with `--accept-snapshots` says it wrote, one file a line, so that the author
/// knows which to look at before committing them.
pub fn accepted_report(accepted: &[Accepted]) -> String {
    if accepted.is_empty() {
        return "--accept-snapshots: every snapshot matched its reviewed form; none written\n"
            .into();
    }
    let mut out = format!(
        "--accept-snapshots wrote {} as reviewed (look at them before you commit them):\n",
        domain::kernel::plural(accepted.len() as u64, "snapshot", "snapshots")
    );
    for a in accepted {
        let what = if a.new { "new" } else { "changed" };
        out.push_str(&format!(
            "  {} ({what})\n",
            crate::echo::cut_line(&domain::kernel::printable(&a.path.display().to_string()))
        ));
    }
    out
}

/// A step as a run places it: feature file, step line, scenario line.
type StepPlace = (PathBuf, usize, usize);

/// Finds, before a run, the snapshot steps of `features` that would share a snapshot file.
pub fn plan(features: &[Feature], chosen: Option<&Path>) {
    let mut owners: BTreeMap<PathBuf, BTreeSet<StepPlace>> = BTreeMap::new();
    for feature in features {
        let Some(file) = &feature.path else { continue };
        let scenarios = feature
            .scenarios
            .iter()
            .chain(feature.rules.iter().flat_map(|r| r.scenarios.iter()));
        for scenario in scenarios {
            // Both snapshot phrases say "snapshot", and only such a step is recognised here,
            // not every step of the run before it starts.
            let snapshot_steps = (scenario.steps.iter()).filter(|s| s.value.contains("snapshot"));
            for step in snapshot_steps {
                let what = match recognise(step.ty, &step.value) {
                    Ok(Phrase::OutcomeSnapshot) => "outcome".to_string(),
                    Ok(Phrase::ReadModelSnapshot { name, key }) => format!("{name}-{key}"),
                    _ => continue,
                };
                let path = snapshot_path(file, chosen, &snapshot_scenario(scenario), &what);
                owners.entry(path).or_default().insert((
                    file.clone(),
                    step.position.line,
                    scenario.position.line,
                ));
            }
        }
    }
    accepted_so_far()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
    let mut found = clashes().lock().unwrap_or_else(|e| e.into_inner());
    found.clear();
    for (path, steps) in owners.into_iter().filter(|(_, steps)| steps.len() > 1) {
        for step in &steps {
            let others: Vec<String> = steps
                .iter()
                .filter(|other| *other != step)
                .map(|(file, line, _)| {
                    let row = if (file, line) == (&step.0, &step.1) {
                        " (another row of its Scenario Outline)"
                    } else {
                        ""
                    };
                    format!("{}:{line}{row}", file.display())
                })
                .collect();
            found.insert(
                step.clone(),
                format!(
                    "this step's snapshot {} would also be the one of {}; expected one snapshot \
                     a step: give the scenarios names that differ in letters or digits, or keep \
                     the snapshots of feature files of the same name in folders of their own \
                     (one `--snapshots` folder a run)",
                    path.display(),
                    others.join(", ")
                ),
            );
        }
    }
}

fn assert_snapshot(world: &mut GwtWorld, what: &str, value: &Value) -> Result<(), String> {
    let Some(feature) = world.feature.clone() else {
        return Err("snapshots need a feature file to live beside".into());
    };
    if let Some(clash) = clashes().lock().unwrap_or_else(|e| e.into_inner()).get(&(
        feature.clone(),
        world.step_line,
        world.scenario_line,
    )) {
        return Err(clash.clone());
    }
    let path = snapshot_path(
        &feature,
        world.snapshot_dir.as_deref(),
        &world.snapshot_name,
        what,
    );
    let pending = path.with_extension("snap.new");
    let new = TextSnapshotContents::new(yaml(value), TextSnapshotKind::File);
    let input = relative(&feature);
    let header = Header {
        source: &input,
        assertion_line: world.step_line,
        description: &format!("{} — {what}", world.scenario),
        input_file: &input,
    };
    let file_text = format!("---\n{}---\n{new}\n", yaml(&header));

    if !path.exists() {
        if is_ci() {
            return Err(format!(
                "no reviewed snapshot: {} (run without CI=true to write it for review, or to \
                 accept it with `gwt test --accept-snapshots`)",
                path.display()
            ));
        }
        if world.accept_snapshots {
            return accept(&path, &pending, &file_text, true);
        }
        // A step compared with nothing reviewed has checked nothing: it fails, as insta's
        // assertion does, and leaves what it saw for review.
        write_pending(&pending, &file_text)?;
        return Err(format!(
            "no reviewed snapshot yet: {}; the new one waits for review in {}: accept it with \
             `gwt test --accept-snapshots` (or `cargo insta review`, or rename it to .snap) and \
             run again",
            path.display(),
            pending.display()
        ));
    }
    let old = match insta::Snapshot::from_file(&path) {
        Ok(old) => old,
        // Accepting takes what the step sees now, whatever stood there.
        Err(_) if world.accept_snapshots => return accept(&path, &pending, &file_text, false),
        Err(e) => {
            return Err(format!(
                "the reviewed snapshot {} cannot be read: {e}",
                path.display()
            ))
        }
    };
    if old.contents() == &SnapshotContents::Text(new.clone()) {
        // A pending form left by an earlier run is out of date once the reviewed one matches.
        let _ = std::fs::remove_file(&pending);
        return Ok(());
    }
    if world.accept_snapshots {
        return accept(&path, &pending, &file_text, false);
    }
    let old_text = old.as_text().map(|t| t.to_string()).unwrap_or_default();
    let mut report = format!(
        "{what} does not match its reviewed snapshot {}\n{}",
        path.display(),
        line_diff(&old_text, &new.to_string())
    );
    if !is_ci() {
        write_pending(&pending, &file_text)?;
        report.push_str(&format!(
            "\nthe new form waits for review in {}; accept it with `gwt test --accept-snapshots` \
             (or `cargo insta review`) if the change is meant",
            pending.display()
        ));
    }
    Err(report)
}

/// The feature file as the snapshot names it: relative to the working folder when inside it.
fn relative(feature: &Path) -> String {
    let here = std::env::current_dir().ok();
    here.as_deref()
        .and_then(|h| feature.strip_prefix(h).ok())
        .unwrap_or(feature)
        .display()
        .to_string()
}

/// Writes what the step sees as the reviewed snapshot at `path`, as `cargo insta review` would
/// (the `.snap.new` an earlier run left is out of date), and notes it for the run's report.
fn accept(path: &Path, pending: &Path, text: &str, new: bool) -> Result<(), String> {
    write_pending(path, text)?;
    let _ = std::fs::remove_file(pending);
    accepted_so_far()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Accepted {
            path: path.to_path_buf(),
            new,
        });
    Ok(())
}

fn write_pending(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the snapshot folder {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text)
        .map_err(|e| format!("cannot write the new snapshot {}: {e}", path.display()))
}

/// The reviewed and the new YAML, line by line: `-` reviewed, `+` new, unchanged lines as
/// context.
fn line_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::from("  (- reviewed, + now)\n");
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => '-',
            similar::ChangeTag::Insert => '+',
            similar::ChangeTag::Equal => ' ',
        };
        out.push_str(&format!("  {sign} {}", change.value()));
        if !change.value().ends_with('\n') {
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_marks_reviewed_and_new_lines() {
        let d = line_diff("a: 1\nb: 2\n", "a: 1\nb: 3");
        assert!(d.contains("  - b: 2\n  + b: 3"), "{d}");
        assert!(d.contains("    a: 1"), "{d}");
    }

    /// The rendering reviewed snapshots were written with, to the byte: an insta release that
    /// renders otherwise fails here before it fails every reviewed snapshot.
    #[test]
    fn yaml_is_rendered_as_reviewed_snapshots_are() {
        let value = json!({
            "id": "order-1",
            "count": 12,
            "total": 12.5,
            "number_as_text": "12",
            "flag": true,
            "missing": null,
            "empty": [],
            "none": {},
            "lines": [{"seat_type": "full", "quantity": 3}, "a: colon"],
            "text": "two\nlines",
            "name": "Née",
        });
        assert_eq!(
            yaml(&value),
            "count: 12
empty: []
flag: true
id: order-1
lines:
  - quantity: 3
    seat_type: full
  - \"a: colon\"
missing: ~
name: Née
none: {}
number_as_text: \"12\"
text: \"two\\nlines\"
total: 12.5
"
        );
    }

    #[test]
    fn snapshots_live_beside_the_feature_unless_a_folder_is_chosen() {
        let f = Path::new("/x/features/tour.feature");
        assert_eq!(folder_of(f, None), Path::new("/x/features/snapshots"));
        assert_eq!(folder_of(f, Some(Path::new("/y"))), Path::new("/y"));
    }
}
