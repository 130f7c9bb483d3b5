//! A failing history written as a ready-to-run feature file: the events recorded before the step
//! that broke it as Givens, that step as the When, and as Thens what the context does with that
//! step when run orderly (no faults): its rejection, or the events it records and the commands it
//! sends, and the read-model entries the step touched. The seed to replay it
//! heads the file; the same seed gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use domain::kernel::{
    Catalog, Envelope, FieldSpec, FieldType, Instant, Message, MessageKind, System,
};
use serde_json::Value;
use steps::runtime::{RunKind, Runtime};
use steps::tables::delay_text;

use crate::engine::{apply, prepare, rebuild_differs, Check, Variant};
use crate::faults::{FaultCounts, FaultPlan};
use crate::fewest_givens::{changed, entries, Scenario};
use crate::migration::plural;
use crate::search::{Found, Options};
use crate::simulation::{Simulated, Step};

/// Writes the feature of a failure under `out` and returns its path.
pub fn write_feature<C: Simulated>(
    found: &Found<C>,
    options: &Options,
    out: &Path,
) -> io::Result<PathBuf> {
    write_feature_with(found, options, out, Variant::default(), Variant::default())
}

/// `write_feature` for a failure found on a variant of the context (`faulty`), with the Thens
/// taken from `oracle`: a test plants a bug and checks that the feature catches it.
pub fn write_feature_with<C: Simulated>(
    found: &Found<C>,
    options: &Options,
    out: &Path,
    faulty: Variant<C>,
    oracle: Variant<C>,
) -> io::Result<PathBuf> {
    std::fs::create_dir_all(out)?;
    let path = out.join(feature_file_name(found));
    std::fs::write(&path, render_with(found, options, faulty, oracle))?;
    Ok(path)
}

/// The name of a failure's feature file: the domain and the seed that replays it.
pub fn feature_file_name<C: Simulated>(found: &Found<C>) -> String {
    format!("{}-{:016x}.feature", C::NAME, found.history_seed)
}

fn system_under_faults<C: Simulated>(
    options: &Options,
    seed: u64,
    variant: Variant<C>,
    counts: Arc<FaultCounts>,
) -> System<C> {
    let mut system = prepare::<C>(options.start, variant).into_system();
    system.set_faults(Some(Box::new(FaultPlan::new(seed, options.kinds, counts))));
    system
}

/// The feature of a failure, and, when no run `gwt test` makes of it sees the failure against
/// the faulty code, why, in a line for the console.
pub struct Rendered {
    pub text: String,
    pub not_caught: Option<String>,
}

/// The text of the feature of a failure.
pub fn render<C: Simulated>(found: &Found<C>, options: &Options) -> String {
    render_feature(found, options).text
}

/// The feature of a failure, as `gwt simulate` writes it: the faulty code is its own oracle.
pub fn render_feature<C: Simulated>(found: &Found<C>, options: &Options) -> Rendered {
    render_feature_with(found, options, Variant::default(), Variant::default())
}

/// The text of the feature of a failure found on `faulty`, its Thens taken from `oracle`.
pub fn render_with<C: Simulated>(
    found: &Found<C>,
    options: &Options,
    faulty: Variant<C>,
    oracle: Variant<C>,
) -> String {
    render_feature_with(found, options, faulty, oracle).text
}

/// The feature of a failure found on `faulty`, its Thens taken from `oracle`.
pub fn render_feature_with<C: Simulated>(
    found: &Found<C>,
    options: &Options,
    faulty: Variant<C>,
    oracle: Variant<C>,
) -> Rendered {
    let catalog = Catalog::of::<C>();
    let history = &found.history;
    let failing = found
        .failure
        .step
        .or_else(|| first_breaking_step(found, options, faulty))
        .or_else(|| last_step_long_after(found))
        .unwrap_or(history.len());
    // Replay the history up to the step that broke it, under the same faults, counting them.
    let counts = Arc::new(FaultCounts::default());
    let mut system = system_under_faults::<C>(options, found.history_seed, faulty, counts.clone());
    for step in &history[..failing.min(history.len())] {
        apply(&mut system, step);
    }
    let stimulus: Step<C> = match history.get(failing) {
        Some(step) => step.clone(),
        None => Step::Wait(C::LONG_AFTER_MINUTES),
    };
    let logged: Vec<Arc<Envelope<C::Event>>> = system.store().log().to_vec();
    let now = system.now();
    let before: BTreeMap<(String, String), Value> = entries(&system);
    apply(&mut system, &stimulus);
    let drawn = counts.snapshot();
    let after = entries(&system);
    let touched_under_faults: BTreeSet<(String, String)> = changed(&before, &after);
    let scenario = Scenario {
        start: options.start,
        catalog: Arc::new(catalog.clone()),
        now,
        stimulus: &stimulus,
        changed_under_faults: &touched_under_faults,
        long_after: found.failure.check == Check::LongAfter,
    };
    // What the file catches, where its Thens alone would not show it: the faulty code run the
    // ways `gwt test` runs every scenario. A failure `Then the invariants hold` judges (an
    // invariant broken, an event its aggregate could not have recorded) gets that Then, and one
    // found long after the history (`settled_long_after`) gets `Then long after, the invariants
    // hold`; when the oracle's code does the same on this step, it is the only Then (below):
    // the outcome is the bug's, no outcome to expect.
    let judged = matches!(
        found.failure.check,
        Check::Invariant | Check::Recordable | Check::LongAfter
    );
    let invariants_then = if scenario.long_after {
        "long after, the invariants hold"
    } else {
        "the invariants hold"
    };
    let all = scenario.all_givens(&logged, oracle, faulty);
    let outcome_expected = !judged || !all.oracle_breaks();
    let caught = all.caught_by((outcome_expected, judged));
    // The Givens are cut by what `gwt test`'s runs show: when none shows the failure, that
    // cannot tell a Given the failure needs from one it does not, and every one is kept.
    let fewest = if caught.is_empty() {
        all
    } else {
        scenario.cut(all, oracle, faulty)
    };
    let givens = &fewest.givens;
    // What an orderly system (no faults, inbox on) does with the same step, run as `gwt test`
    // runs the feature.
    let ran = scenario.run(oracle, RunKind::Plain, givens);
    let (orderly, orderly_mark, orderly_before) = (ran.system(), ran.mark, &ran.before);
    let orderly_after = entries(orderly);

    let mut text = String::new();
    text.push_str(&format!(
        "# Found by `gwt simulate --domain {}`; replay it with `{}`.\n",
        C::NAME,
        replay_command::<C>(options, found.history_seed)
    ));
    text.push_str(&format!(
        "# Shrunk from {} to {}.\n",
        plural(
            found.original_steps as u64,
            "simulated step",
            "simulated steps"
        ),
        history.len(),
    ));
    // The failure's message as the history written shows it: the scenario below, run against
    // the faulty code, where its check can be made there; otherwise the simulated history's.
    let as_written = if caught.is_empty() {
        None
    } else {
        message_as_written(found.failure.check, &fewest, &scenario, faulty)
    };
    let (whose, message) = match as_written {
        Some((whose, message)) => (whose, message),
        None if caught.is_empty() => (
            "in the simulated history, whose events before the When are the Givens below"
                .to_string(),
            found.failure.message.clone(),
        ),
        None => (
            "in the simulated history, before its Givens were cut to those below; the \
             scenario below does not make this check"
                .to_string(),
            found.failure.message.clone(),
        ),
    };
    text.push_str(&format!(
        "# Failed check ({whose}): {}\n#   {}\n",
        found.failure.check.describe(),
        message.replace('\n', "\n#   ")
    ));
    let because = not_caught_because(found.failure.check, &drawn);
    let not_caught = caught.is_empty().then(|| because.join("; "));
    if caught.is_empty() {
        text.push_str(
            "# `gwt test` does NOT catch this failure: against the faulty code, every run it \
             makes of the\n# scenario below passes, because\n",
        );
        for (i, reason) in because.iter().enumerate() {
            let end = if i + 1 == because.len() { "." } else { ";" };
            text.push_str(&format!("#   - {reason}{end}\n"));
        }
        text.push_str(&format!(
            "# So this file does not pin the bug down: replay the failing history with the \
             command above\n# (seed 0x{:016x}), adding `--trace` to follow it step by step. Its \
             Givens are every event\n# the history recorded before the When, none cut: what \
             chooses the Givens to cut is what\n# `gwt test` sees, and it misses this failure.\n",
            found.history_seed
        ));
    } else {
        text.push_str("# Against the faulty code, `gwt test` sees it in:\n");
        for line in caught {
            text.push_str(&format!("#   {line}\n"));
        }
    }
    text.push_str(&format!(
        "Feature: A history found by the simulator (seed 0x{:016x})\n\n",
        found.history_seed
    ));
    text.push_str(&format!(
        "  Scenario: {} after {}\n",
        found.failure.check.describe(),
        describe_step(&stimulus)
    ));
    text.push_str(&givens_text(
        &catalog,
        givens,
        now,
        [oracle, faulty],
        options.start,
    ));
    match &stimulus {
        Step::Send(c) => {
            text.push_str("    When the command is sent and the system settles:\n");
            text.push_str(&table(
                &catalog,
                "command",
                &[(c.name(), None, c.payload())],
            ));
        }
        Step::Wait(m) => text.push_str(&format!(
            "    When {} and the system settles\n",
            steps::phrases::time_passes_text(*m)
        )),
    }
    // Thens: what the context, run orderly, does with the same step: the rejection, or the
    // events it records and the commands it sends, and every read-model entry the step touched.
    let mut thens = String::new();
    let mut first = true;
    let mut keyword = || {
        let k = if first { "Then" } else { "And" };
        first = false;
        k
    };
    let rejection = orderly
        .journal()
        .rejections(orderly_mark)
        .find(|(c, _)| c.causation_id.is_none())
        .map(|(_, r)| r.reason.clone());
    if let Some(reason) = rejection {
        thens.push_str(&format!(
            "    {} the command is rejected with \"{}\"\n",
            keyword(),
            reason.replace('"', "'")
        ));
    } else {
        let recorded: Vec<(&str, Option<String>, Value)> = orderly
            .journal()
            .recorded(orderly_mark)
            .map(|e| (e.message.name(), None, e.message.payload()))
            .collect();
        thens.push_str(&then_messages(
            keyword(),
            &catalog,
            ("event", "events are recorded"),
            &recorded,
        ));
    }
    // A command scheduled for later says when (`delay`), and then every command says it, so
    // that one sent now is not read as one that waits, nor the reverse.
    // Read as the runner reads them, delays included.
    let seen = ran.run.sent(orderly_mark);
    let scheduled = seen.iter().any(|c| c.delay.is_some());
    let sent: Vec<(&str, Option<String>, Value)> = seen
        .into_iter()
        .map(|c| {
            let mut payload = c.payload;
            if let (true, Value::Object(fields)) = (scheduled, &mut payload) {
                let delay = c.delay.map(|d| d.num_milliseconds());
                fields.insert("delay".into(), Value::String(delay_cell(delay)));
            }
            (c.name, None, payload)
        })
        .collect();
    thens.push_str(&then_messages(
        keyword(),
        &catalog,
        ("command", "commands are sent"),
        &sent,
    ));
    let mut touched = touched_under_faults;
    touched.extend(changed(orderly_before, &orderly_after));
    for key in &touched {
        let (name, id) = key;
        match orderly_after.get(key) {
            Some(Value::Object(fields)) => {
                thens.push_str(&format!(
                    "    {} the read model {name} for {id} is:\n",
                    keyword()
                ));
                let specs = catalog
                    .read_models
                    .iter()
                    .find(|r| r.name == name)
                    .map(|r| r.fields.clone())
                    .unwrap_or_default();
                thens.push_str(&entry_table(&specs, fields));
            }
            Some(_) => {}
            None => thens.push_str(&format!(
                "    {} the read model {name} has no entry for {id}\n",
                keyword()
            )),
        }
    }
    // An invariant the context itself breaks on this step, run orderly, or an event it records
    // that its aggregate says it could not have recorded, is a bug in the domain: what it does
    // then is no outcome to expect, and a file that expected it would pass against the bug and
    // fail once it is fixed. Only the invariants are expected; what it did is shown.
    if judged {
        if !fewest.oracle_breaks() {
            thens.push_str(&format!("    {} {invariants_then}\n", keyword()));
        } else {
            text.push_str(match found.failure.check {
                Check::Recordable => {
                    "    # Run orderly, the context records what it says it could not on this \
                     step too, so\n"
                }
                Check::LongAfter => {
                    "    # Run orderly, the context leaves the invariants broken long after this \
                     step too, so\n"
                }
                _ => "    # Run orderly, the context breaks the invariant on this step too, so\n",
            });
            text.push_str("    # what it does is not expected here. It did this:\n");
            for line in thens.lines() {
                text.push_str(&format!("    # {}\n", line.trim_start()));
            }
            thens = format!("    Then {invariants_then}\n");
        }
    }
    text.push_str(&thens);
    Rendered { text, not_caught }
}

/// The message of `check` as the written scenario shows it against the faulty code, and where:
/// what `Then the invariants hold` finds in the first run of `gwt test` that finds anything, or
/// the simulator's check made on the scenario run as `gwt test` runs it. `None` for a check the
/// scenario cannot make, or that it does not fail.
fn message_as_written<C: Simulated>(
    check: Check,
    fewest: &crate::fewest_givens::Fewest<C>,
    scenario: &Scenario<'_, C>,
    faulty: Variant<C>,
) -> Option<(String, String)> {
    let shown_in = |kind: RunKind| {
        format!(
            "as the scenario below shows it against the faulty code, in {}",
            kind.describe()
        )
    };
    match check {
        Check::Invariant | Check::Recordable | Check::LongAfter => {
            let (kind, broken) = fewest.faulty_breaks()?;
            Some((shown_in(kind), broken.first()?.clone()))
        }
        Check::RepeatedDelivery => {
            let kind = RunKind::DuplicateDelivery;
            let mut ran = scenario.run_watched(faulty, kind, &fewest.givens);
            let repeated = ran.run.system_mut().take_repeat_violations();
            Some((shown_in(kind), repeated.into_iter().next()?))
        }
        Check::Rebuild => {
            let kind = RunKind::Plain;
            let ran = scenario.run(faulty, kind, &fewest.givens);
            let system = ran.system();
            Some((
                shown_in(kind),
                rebuild_differs(system, &system.rebuild_read_models())?,
            ))
        }
        Check::Replay => {
            let kind = RunKind::Plain;
            let ran = scenario.run(faulty, kind, &fewest.givens);
            let differing = ran.system().aggregates_differing_from_replay();
            (!differing.is_empty()).then(|| {
                (
                    shown_in(kind),
                    format!("{} differs from a replay of the log", differing.join(", ")),
                )
            })
        }
        Check::Restart => {
            let kind = RunKind::StoredRoundTrip;
            let ran = scenario.run(faulty, kind, &fewest.givens);
            Some((shown_in(kind), ran.restart_failure?))
        }
        Check::Snapshot | Check::StoredForms => None,
    }
}

/// Why no run of `gwt test` may see a failure of `check` found under the faults counted in
/// `drawn` (by kind, as `FaultCounts::snapshot` gives them): the check it does not make, the
/// faults it does not draw.
fn not_caught_because(check: Check, drawn: &[u64; 5]) -> Vec<String> {
    let mut reasons = Vec::new();
    let lacking = match check {
        Check::Rebuild => Some("read models against a rebuild from the log"),
        Check::Replay => Some("aggregates against a replay of their streams"),
        Check::Snapshot => Some("aggregates from a snapshot and the tail against a full replay"),
        Check::StoredForms => Some("the log written in older stored forms and read back"),
        Check::RepeatedDelivery => Some(
            "a repeated delivery changing nothing (its duplicate-delivery run is judged by the \
             Thens only)",
        ),
        Check::Invariant | Check::Recordable | Check::LongAfter | Check::Restart => None,
    };
    if let Some(lacking) = lacking {
        reasons.push(format!(
            "`gwt test` does not make the check that failed: {lacking}"
        ));
    }
    let names = ["duplicate", "reorder", "crash", "late", "conflict"];
    let faults: Vec<String> = names
        .iter()
        .zip(drawn)
        .filter(|(_, n)| **n > 0)
        .map(|(name, n)| format!("{name} ({n})"))
        .collect();
    if !faults.is_empty() {
        reasons.push(format!(
            "the history ran under faults `gwt test` does not draw: {}",
            faults.join(", ")
        ));
    }
    if reasons.is_empty() {
        reasons.push(
            "neither a check nor a fault it lacks explains it: what the history had pending at \
             the When (commands scheduled or on their way) is no Given"
                .into(),
        );
    }
    reasons
}

/// The invariants run once a history is over; to write a scenario about the step that broke one,
/// the history is replayed under the same faults, checking after every step.
fn first_breaking_step<C: Simulated>(
    found: &Found<C>,
    options: &Options,
    faulty: Variant<C>,
) -> Option<usize> {
    if found.failure.check != Check::Invariant {
        return None;
    }
    let mut system =
        system_under_faults::<C>(options, found.history_seed, faulty, Default::default());
    found.history.iter().position(|step| {
        apply(&mut system, step);
        !crate::domains::broken_invariants(&system).is_empty()
    })
}

/// A failure found long after a history (`settled_long_after`) is written about the history's
/// last step, judged long after it as the simulator judged it: its Givens are what the steps
/// before it recorded (what those scheduled is still pending at the When), and `Then long after,
/// the invariants hold` lets the same time pass after it. A history of no steps has none.
fn last_step_long_after<C: Simulated>(found: &Found<C>) -> Option<usize> {
    (found.failure.check == Check::LongAfter)
        .then(|| found.history.len().checked_sub(1))
        .flatten()
}

/// A `delay` cell as an author writes it, in the largest unit that says it exactly: `now`,
/// `15 minutes`, `2 hours`, `3 days`, `29 minutes 30 seconds`.
fn delay_cell(delay: Option<i64>) -> String {
    match delay {
        Some(ms) if ms % 60_000 == 0 => steps::phrases::time_in_words(ms / 60_000),
        other => delay_text(other),
    }
}

/// The command that runs the history of `history_seed` again: every option the history is
/// drawn or run with (the seed alone draws another history under another `--max-steps`, and
/// runs it under other faults under another `--faults`).
pub fn replay_command<C: Simulated>(options: &Options, history_seed: u64) -> String {
    format!(
        "gwt simulate --domain {} --faults {} --max-steps {} --replay 0x{history_seed:016x}",
        C::NAME,
        fault_list(options),
        options.max_steps
    )
}

fn fault_list(options: &Options) -> String {
    let names = options.kinds.names();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(",")
    }
}

fn describe_step<C: Simulated>(step: &Step<C>) -> String {
    match step {
        Step::Send(c) => c.name().to_string(),
        Step::Wait(m) => steps::phrases::time_in_words(*m),
    }
}

/// A cell as an author would write it: literal forms where the type has one, quotes where text
/// would otherwise read as something else.
fn cell(value: &Value, ty: Option<&FieldType>) -> String {
    let mut ty = ty;
    while let Some(FieldType::Optional(inner)) = ty {
        if value.is_null() {
            return "null".into();
        }
        ty = Some(inner);
    }
    if let Some(FieldType::Literal { format, .. }) = ty {
        if let Some(text) = format(value) {
            return escape(&text);
        }
    }
    match value {
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.trim() == s
                && !matches!(s.as_str(), "null" | "true" | "false" | "<any>")
                && !s.starts_with('"');
            if plain {
                escape(s)
            } else {
                format!("\"{}\"", escape(s))
            }
        }
        other => escape(&other.to_string()),
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|")
}

fn spec_of<'c>(catalog: &'c Catalog, kind: MessageKind, name: &str) -> &'c [FieldSpec] {
    catalog
        .messages
        .iter()
        .find(|m| m.name == name && m.kind == kind)
        .map(|m| m.fields.as_slice())
        .unwrap_or(&[])
}

/// The Givens as steps: the clock set wherever it moves on (the first time, and again before the
/// When if it moved after the last Given), and between, the events recorded at it in tables.
fn givens_text<C: Simulated>(
    catalog: &Catalog,
    givens: &[Arc<Envelope<C::Event>>],
    now: Instant,
    variants: [Variant<C>; 2],
    start: Instant,
) -> String {
    let at = |i: Instant| i.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    let mut text = String::new();
    let mut keyword = "Given";
    // The stream column only where some event is stored elsewhere than the domain puts it.
    let systems = variants.map(|v| v.system(start));
    let routed = givens.iter().all(|e| {
        systems
            .iter()
            .all(|s| s.stream_of(&e.message).is_ok_and(|s| s == e.stream))
    });
    for recorded in givens.chunk_by(|a, b| a.recorded_at == b.recorded_at) {
        text.push_str(&format!(
            "    {keyword} the time is {}\n",
            at(recorded[0].recorded_at)
        ));
        keyword = "And";
        let rows: Vec<(&str, Option<String>, Value)> = recorded
            .iter()
            .map(|e| {
                (
                    e.message.name(),
                    (!routed).then(|| e.stream.to_string()),
                    e.message.payload(),
                )
            })
            .collect();
        for rows in mostly_filled(&rows) {
            text.push_str("    And the events:\n");
            text.push_str(&table(catalog, "event", rows));
        }
    }
    if givens.last().map(|e| e.recorded_at) != Some(now) {
        text.push_str(&format!("    {keyword} the time is {}\n", at(now)));
    }
    if givens.is_empty() {
        text.push_str("    And no events\n");
    }
    text
}

/// `rows` in order, cut into runs that each make a table at least half filled: a table starts
/// anew where another row would leave more than half its cells blank, so that messages with few
/// fields in common do not share one table of mostly empty columns.
fn mostly_filled<'r, 'n>(
    rows: &'r [(&'n str, Option<String>, Value)],
) -> Vec<&'r [(&'n str, Option<String>, Value)]> {
    let fields = |payload: &'r Value| -> Vec<&'r str> {
        payload
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default()
    };
    let mut runs = Vec::new();
    let mut start = 0;
    let mut columns: BTreeSet<&str> = BTreeSet::new();
    let mut filled = 0;
    for (i, (_, _, payload)) in rows.iter().enumerate() {
        let own = fields(payload);
        let mut wider = columns.clone();
        wider.extend(own.iter().copied());
        let cells = wider.len() * (i - start + 1);
        if i > start && 2 * (filled + own.len()) < cells {
            runs.push(&rows[start..i]);
            start = i;
            columns = own.iter().copied().collect();
            filled = own.len();
        } else {
            columns = wider;
            filled += own.len();
        }
    }
    if start < rows.len() {
        runs.push(&rows[start..]);
    }
    runs
}

/// A message table: the name column, `stream` when given, then every field any row has.
/// A Then of the messages a step gave (`what`: the table's first column, and the phrase's noun
/// and verb), or that it gave none.
fn then_messages(
    keyword: &str,
    catalog: &Catalog,
    (first, what): (&str, &str),
    rows: &[(&str, Option<String>, Value)],
) -> String {
    if rows.is_empty() {
        format!("    {keyword} no {what}\n")
    } else {
        format!(
            "    {keyword} these {what}, in any order:\n{}",
            table(catalog, first, rows)
        )
    }
}

fn table(catalog: &Catalog, first: &str, rows: &[(&str, Option<String>, Value)]) -> String {
    let kind = if first == "event" {
        MessageKind::Event
    } else {
        MessageKind::Command
    };
    let with_stream = rows.iter().any(|r| r.1.is_some());
    // Each message's fields in the catalog's order (its ids first, as the catalog lists them),
    // where a JSON object sorts them; what is no field (a command's `delay`) last.
    let mut columns: Vec<String> = Vec::new();
    for (name, _, payload) in rows {
        if let Value::Object(map) = payload {
            let fields = spec_of(catalog, kind, name).iter().map(|f| f.name);
            for k in fields.filter(|f| map.contains_key(*f)) {
                if !columns.iter().any(|c| c == k) {
                    columns.push(k.to_string());
                }
            }
        }
    }
    for (_, _, payload) in rows {
        if let Value::Object(map) = payload {
            for k in map.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    let mut header = vec![first.to_string()];
    if with_stream {
        header.push("stream".into());
    }
    header.extend(columns.iter().cloned());
    let mut lines = vec![header];
    for (name, stream, payload) in rows {
        let specs = spec_of(catalog, kind, name);
        let mut line = vec![name.to_string()];
        if with_stream {
            line.push(stream.clone().unwrap_or_default());
        }
        for c in &columns {
            let ty = specs.iter().find(|f| f.name == c).map(|f| &f.ty);
            line.push(payload.get(c).map(|v| cell(v, ty)).unwrap_or_default());
        }
        lines.push(line);
    }
    render_rows(&lines)
}

/// A read-model entry's one-row table, its fields in the catalog's order.
fn entry_table(specs: &[FieldSpec], fields: &serde_json::Map<String, Value>) -> String {
    let place = |k: &str| specs.iter().position(|f| f.name == k).unwrap_or(usize::MAX);
    let mut ordered: Vec<(&String, &Value)> = fields.iter().collect();
    ordered.sort_by_key(|(k, _)| place(k));
    let header: Vec<String> = ordered.iter().map(|(k, _)| (*k).clone()).collect();
    let row: Vec<String> = ordered
        .iter()
        .map(|(k, v)| cell(v, specs.iter().find(|f| f.name == *k).map(|f| &f.ty)))
        .collect();
    render_rows(&[header, row])
}

fn render_rows(lines: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|i| {
            lines
                .iter()
                .map(|l| l.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in lines {
        out.push_str("      |");
        for (i, c) in line.iter().enumerate() {
            out.push_str(&format!(
                " {c}{} |",
                " ".repeat(widths[i] - c.chars().count())
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names<'r>(runs: &[&'r [(&'r str, Option<String>, Value)]]) -> Vec<Vec<&'r str>> {
        runs.iter()
            .map(|run| run.iter().map(|r| r.0).collect())
            .collect()
    }

    /// `Then long after, the invariants hold` makes the long-after check: a failure found by it
    /// is missed by `gwt test` only for what else it lacks, the faults it does not draw.
    #[test]
    fn a_failure_long_after_is_not_caught_only_for_the_faults_gwt_test_does_not_draw() {
        let because = not_caught_because(Check::LongAfter, &[0, 0, 0, 2, 0]);
        assert_eq!(
            because,
            vec!["the history ran under faults `gwt test` does not draw: late (2)".to_string()]
        );
        let rebuild = not_caught_because(Check::Rebuild, &[0; 5]);
        assert!(
            rebuild[0].contains("does not make the check"),
            "{rebuild:?}"
        );
    }

    /// Delays are written in the largest unit that says them exactly, and read back.
    #[test]
    fn delay_cells_are_in_the_largest_exact_unit() {
        for (ms, text) in [
            (None, "now"),
            (Some(15 * 60_000), "15 minutes"),
            (Some(120 * 60_000), "2 hours"),
            (Some(60 * 60_000), "1 hour"),
            (Some(3 * 1440 * 60_000), "3 days"),
            (Some(90 * 60_000), "90 minutes"),
            (Some(1_770_000), "29 minutes 30 seconds"),
        ] {
            assert_eq!(delay_cell(ms), text);
            assert_eq!(steps::tables::parse_delay(text), Ok(ms), "{text}");
        }
    }

    #[test]
    fn givens_are_cut_where_a_row_would_leave_a_table_more_than_half_blank() {
        let rows = vec![
            (
                "SeatCreated",
                None,
                json!({"conference_id": "c", "seat_type": "s", "name": "n", "price": "1.00"}),
            ),
            // Five columns, 6 of 10 cells filled: kept.
            (
                "AvailableSeatsChanged",
                None,
                json!({"conference_id": "c", "seats": "1 s"}),
            ),
            // 7 of 15 cells: cut.
            ("ConferencePublished", None, json!({"conference_id": "c"})),
            ("ConferencePublished", None, json!({"conference_id": "d"})),
            (
                "ConferenceCreated",
                None,
                json!({"conference_id": "e", "name": "n"}),
            ),
        ];
        assert_eq!(
            names(&mostly_filled(&rows)),
            vec![
                vec!["SeatCreated", "AvailableSeatsChanged"],
                vec![
                    "ConferencePublished",
                    "ConferencePublished",
                    "ConferenceCreated"
                ],
            ]
        );
        assert!(mostly_filled(&[]).is_empty());
        let one = [("ConferencePublished", None, json!({}))];
        assert_eq!(
            names(&mostly_filled(&one)),
            vec![vec!["ConferencePublished"]]
        );
    }
}
