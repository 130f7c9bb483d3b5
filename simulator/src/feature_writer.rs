//! A failing history written as a ready-to-run feature file: the events recorded before the step
//! that broke it as Givens, that step as the When, and as Thens what the context does with that
//! step when run orderly (no faults): its rejection, or the events it records and the commands it
//! sends, and the read-model entries the step touched. The seed to replay it
//! heads the file; the same seed gives the same bytes.

mod header;
mod own_check;
mod tables;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use domain::kernel::{Catalog, Envelope, FieldSpec, Instant, Message, MessageKind, System};
use serde_json::Value;
use steps::runtime::{RunKind, Runtime};

use crate::engine::{apply_drawn, long_after, prepare, Check, Variant};
use crate::faults::FaultCounts;
use crate::fewest_givens::{changed, entries, Fewest, Scenario, Unsteady};
use crate::migration::plural;
use crate::search::{Found, Options};
use crate::simulation::{Simulated, Step};
pub use header::replay_command;
use header::{describe_step, fails_without_faults, not_caught_because};
use header::{first_breaking_step, last_step_long_after};
use own_check::own_check;
use tables::{as_given, cell, delay_cell, entry_table, givens_text, spec_of, table, then_messages};

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

/// The scene's system, for a history to be replayed on under its faults (`apply_drawn`).
fn scene_system<C: Simulated>(options: &Options, variant: Variant<C>) -> System<C> {
    prepare::<C>(options.start, variant).into_system()
}

/// The clock and step a scenario is written with, from those of the history. A timeout a
/// `late` fault delayed past the clock still waits before the step that broke the history, but a
/// Given's timeout due at or before a scenario's clock counts as handled: written as it stood,
/// the scenario dropped it, and a wait that fired it under faults fired nothing. So the clock is
/// set back by whole minutes to just before that timeout was due, and the wait made as much
/// longer, ending where the history's did. Only a wait lets it fire, and the clock cannot be set
/// back past an event given.
fn clock_before_delayed<C: Simulated>(
    now: Instant,
    stimulus: Step<C>,
    delayed: Option<Instant>,
    last_given: Option<Instant>,
) -> (Instant, Step<C>) {
    let (Step::Wait(minutes), Some(due)) = (&stimulus, delayed) else {
        return (now, stimulus);
    };
    if due > now {
        return (now, stimulus);
    }
    let back = (now - due).num_minutes() + 1;
    let clock = now - chrono::TimeDelta::minutes(back);
    if last_given.is_some_and(|given| given > clock) {
        return (now, stimulus);
    }
    (clock, Step::Wait(minutes + back))
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
    let mut system = scene_system::<C>(options, faulty);
    for drawn in &history[..failing.min(history.len())] {
        apply_drawn(&mut system, drawn, options.kinds, &counts);
    }
    let drawn_stimulus = history.get(failing);
    let stimulus: Step<C> = match drawn_stimulus {
        Some(drawn) => drawn.step.clone(),
        None => Step::Wait(C::LONG_AFTER_MINUTES),
    };
    let logged: Vec<Arc<Envelope<C::Event>>> = system.store().log().to_vec();
    let last_given = logged.iter().map(|e| e.recorded_at).max();
    let (now, stimulus) = clock_before_delayed::<C>(
        system.now(),
        stimulus,
        system.earliest_delayed(),
        last_given,
    );
    let before: BTreeMap<(String, String), Value> = entries(&system);
    match drawn_stimulus {
        Some(drawn) => apply_drawn(&mut system, drawn, options.kinds, &counts),
        None => long_after(&mut system, found.history_seed, options.kinds, &counts),
    }
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
    // Whatever check failed, an outcome that breaks an invariant run orderly is the bug's: a
    // file expecting it (seats counted twice, shown as 7 of 6) passed against the bug's plain
    // run and failed once the bug was fixed. The invariants are expected instead.
    let expects = |all: &Fewest<C>| (!all.oracle_breaks(), judged || all.oracle_breaks());
    let caught = all.caught_by(expects(&all));
    // The Givens are cut by what `gwt test`'s runs show; when none shows the failure, that
    // cannot tell a Given the failure needs from one it does not, but the simulator's own check
    // can, when the scenario run as written fails it. Otherwise every Given is kept.
    let check = found.failure.check;
    let fails_own = |scenario: &Scenario<'_, C>, givens: &[Arc<Envelope<C::Event>>]| {
        own_check(check, scenario.run(faulty, RunKind::Plain, givens).system())
    };
    let own = caught.is_empty() && fails_own(&scenario, &all.givens).is_some();
    // A failure that check finds on the Givens alone needs no step after them: the When lets no
    // time pass, and the Thens say that nothing follows, rather than what a step of no part in
    // the failure does (an hour's wait expiring the order whose fold is not pure).
    let idle = Step::Wait(0);
    let untouched = BTreeSet::new();
    let alone = Scenario {
        start: options.start,
        catalog: scenario.catalog.clone(),
        now,
        stimulus: &idle,
        changed_under_faults: &untouched,
        long_after: scenario.long_after,
    };
    let (scenario, all, step_needed) = match own && fails_own(&alone, &all.givens).is_some() {
        true => {
            let all_alone = alone.all_givens(&logged, oracle, faulty);
            match all_alone.caught_by(expects(&all_alone)).is_empty() {
                true => (alone, all_alone, false),
                false => (scenario, all, true),
            }
        }
        false => (scenario, all, true),
    };
    let stimulus = scenario.stimulus;
    let (outcome_expected, invariants_expected) = expects(&all);
    let fewest = if !caught.is_empty() {
        // The Thens are written from the cut scenario's own runs; should they no longer catch
        // what the whole log's did, no Given is cut.
        let cut = scenario.cut(all, oracle, faulty);
        match cut
            .caught_by((outcome_expected, invariants_expected))
            .is_empty()
        {
            true => scenario.all_givens(&logged, oracle, faulty),
            false => cut,
        }
    } else if own {
        scenario.cut_keeping(all, oracle, faulty, |system| {
            own_check(check, system).is_some()
        })
    } else {
        all
    };
    let caught = fewest.caught_by((outcome_expected, invariants_expected));
    let givens = &fewest.givens;
    // What an orderly system (no faults, inbox on) does with the same step, run as `gwt test`
    // runs the feature.
    let ran = scenario.run(oracle, RunKind::Plain, givens);
    let (orderly, orderly_mark) = (ran.system(), ran.mark);

    let mut text = String::new();
    text.push_str(&format!(
        "# Found by `gwt simulate --domain {}`; replay it with `{}`.\n",
        C::NAME,
        replay_command::<C>(options, found.history_seed)
    ));
    // A failure found long after the history has the wait as its When, which is no step of the
    // history: said, or `1` above a When of hours reads as a miscount.
    let when_is_the_wait = match (drawn_stimulus, step_needed) {
        (None, true) => format!(
            "; the When below is the wait after the history ({}), where it was found",
            steps::phrases::time_in_words(C::LONG_AFTER_MINUTES)
        ),
        (Some(_), true) => String::new(),
        (drawn, false) => format!(
            ".\n# The simulator's own check fails on the Givens alone, so the When below lets no \
             time pass: the\n# step the history failed after ({}) has no part in the failure",
            match drawn {
                Some(drawn) => describe_step(&drawn.step),
                None => format!(
                    "the wait of {} after it",
                    steps::phrases::time_in_words(C::LONG_AFTER_MINUTES)
                ),
            }
        ),
    };
    text.push_str(&format!(
        "# Shrunk from {} to {}{when_is_the_wait}.\n",
        plural(
            found.original_steps as u64,
            "simulated step",
            "simulated steps"
        ),
        history.len(),
    ));
    // The failure's message as the history written shows it: the scenario below, run against
    // the faulty code, where its check can be made there; otherwise the simulated history's.
    let as_written = if own {
        fails_own(&scenario, &fewest.givens).map(|message| {
            (
                "as the simulator's own check finds it on the scenario below, run as written \
                 against the faulty code"
                    .to_string(),
                message,
            )
        })
    } else if caught.is_empty() {
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
    // Faults the failure does not need are no reason `gwt test` misses it.
    let needed = match caught.is_empty() && (own || fails_without_faults(found, options, faulty)) {
        true => [0; 5],
        false => drawn,
    };
    let because = not_caught_because(found.failure.check, &needed);
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
             command above\n# (seed 0x{:016x}), adding `--trace` to follow it step by step. \
             {}",
            found.history_seed,
            match own {
                true => {
                    "Its Givens are only those\n# the failure needs: without any of them, the \
                     simulator's own check no longer fails on the\n# scenario run as written.\n"
                }
                false => {
                    "Its Givens are every event\n# the history recorded before the When, none \
                     cut: what chooses the Givens to cut is what\n# `gwt test` sees, and it \
                     misses this failure.\n"
                }
            }
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
        "  Scenario: {} {}\n",
        found.failure.check.describe(),
        match step_needed {
            true => format!("after {}", describe_step(stimulus)),
            false => "from the Givens alone".into(),
        }
    ));
    text.push_str(&givens_text(
        &catalog,
        givens,
        now,
        [oracle, faulty],
        options.start,
    ));
    match stimulus {
        Step::Send(c) => {
            text.push_str("    When the command is sent and the system settles:\n");
            let specs = spec_of(&catalog, MessageKind::Command, c.name());
            text.push_str(&table(
                &catalog,
                "command",
                &[(c.name(), None, as_given(c, specs))],
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
    // Every read-model entry the step touched, as a correct system shows it (`Fewest::expected`).
    let expected = fewest.expected();
    let named: BTreeSet<&(String, String)> = expected
        .entries
        .keys()
        .chain(expected.unsteady.keys())
        .collect();
    for key in named {
        let (name, id) = key;
        let specs = catalog
            .read_models
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.fields.clone())
            .unwrap_or_default();
        if let Some(unsteady) = expected.unsteady.get(key) {
            thens.push_str(&unsteady_comment(name, id, &specs, unsteady));
        }
        if let Some(live) = expected.live.get(key) {
            thens.push_str(&comment_lines(&format!(
                "Live, the code under test shows the read model {name} for {id} {}; a rebuild \
                 from the log gives what follows, as a correct system shows it.",
                match live {
                    Some(entry) => format!("as {entry}"),
                    None => "with no entry".into(),
                }
            )));
        }
        match expected.entries.get(key) {
            Some(Some(Value::Object(fields))) => {
                thens.push_str(&format!(
                    "    {} the read model {name} for {id} is:\n",
                    keyword()
                ));
                thens.push_str(&entry_table(&specs, fields));
            }
            Some(None) => thens.push_str(&format!(
                "    {} the read model {name} has no entry for {id}\n",
                keyword()
            )),
            _ => {}
        }
    }
    // An invariant the context itself breaks on this step, run orderly, or an event it records
    // that its aggregate says it could not have recorded, is a bug in the domain, whichever
    // check found it: what it does then is no outcome to expect, and a file that expected it
    // would pass against the bug and fail once it is fixed. Only the invariants are expected;
    // what it did is shown.
    if judged || fewest.oracle_breaks() {
        if !fewest.oracle_breaks() {
            thens.push_str(&format!("    {} {invariants_then}\n", keyword()));
        } else {
            text.push_str(match found.failure.check {
                _ if !judged => {
                    "    # Run orderly, the context breaks an invariant on this step, so\n"
                }
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
                let line = line.trim_start();
                match line.starts_with('#') {
                    true => text.push_str(&format!("    {line}\n")),
                    false => text.push_str(&format!("    # {line}\n")),
                }
            }
            thens = format!("    Then {invariants_then}\n");
        }
    }
    text.push_str(&thens);
    Rendered { text, not_caught }
}

/// What the Thens leave out of an entry the code under test shows otherwise from run to run,
/// said with what each run showed, in comment lines.
fn unsteady_comment(name: &str, id: &str, specs: &[FieldSpec], unsteady: &Unsteady) -> String {
    let runs = [
        "as written",
        "with every delivery made twice",
        "in the stored-form run",
    ];
    let shown = |values: &[Option<Value>], field: Option<&str>| -> String {
        let ty = field
            .and_then(|f| specs.iter().find(|s| s.name == f))
            .map(|s| &s.ty);
        let each: Vec<String> = values
            .iter()
            .zip(runs)
            .map(|(v, run)| match (v, field) {
                (Some(v), Some(_)) => format!("{} {run}", cell(v, ty)),
                (Some(v), None) => format!("{v} {run}"),
                (None, Some(_)) => format!("not set {run}"),
                (None, None) => format!("no entry {run}"),
            })
            .collect();
        each.join(", ")
    };
    let (what, it, lines) = match unsteady {
        Unsteady::Fields(fields) => (
            format!("these fields of the read model {name} for {id}"),
            "them",
            fields
                .iter()
                .map(|(field, values)| format!("{field}: {}", shown(values, Some(field))))
                .collect(),
        ),
        Unsteady::Entry(values) => (
            format!("the read model {name} for {id}"),
            "it",
            vec![shown(values, None)],
        ),
    };
    let mut text = comment_lines(&format!(
        "The code under test shows {what} otherwise from run to run, where a correct system \
         shows {it} alike in every run; which is right is not known, so no Then expects {it}:"
    ));
    for line in lines {
        text.push_str(&format!("    #   {line}\n"));
    }
    text
}

/// `text` as comment lines of a scenario's steps, wrapped at 100 columns.
fn comment_lines(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("    #");
    for word in text.split(' ') {
        if line.len() > "    #".len() && line.len() + 1 + word.len() > 100 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("    #");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
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
        // The check's own words first: the Then lists the invariants broken, then the events
        // that could not have been recorded, and a header naming one check quoted the other's.
        Check::Invariant | Check::Recordable | Check::LongAfter => {
            let (kind, broken) = fewest.faulty_breaks()?;
            Some((shown_in(kind), own_words(check, broken)?.clone()))
        }
        // Both runs repeat deliveries: the duplicate-delivery run each one, the stored-form run
        // each message after the restart that follows it, which a guard lost on the way shows.
        Check::RepeatedDelivery => [RunKind::DuplicateDelivery, RunKind::StoredRoundTrip]
            .into_iter()
            .find_map(|kind| {
                let ran = scenario.run(faulty, kind, &fewest.givens);
                Some((shown_in(kind), ran.repeat_change?))
            }),
        Check::Rebuild | Check::Replay | Check::Snapshot => {
            let kind = RunKind::Plain;
            let ran = scenario.run(faulty, kind, &fewest.givens);
            Some((shown_in(kind), own_check(check, ran.system())?))
        }
        Check::Restart => {
            let kind = RunKind::StoredRoundTrip;
            let ran = scenario.run(faulty, kind, &fewest.givens);
            Some((shown_in(kind), ran.restart_failure?))
        }
        Check::StoredForms => None,
    }
}

/// Of what `Then the invariants hold` finds (the invariants broken, then the events that could
/// not have been recorded), the words of `check` itself, else the first.
fn own_words(check: Check, broken: &[String]) -> Option<&String> {
    let unrecordable = |m: &&String| m.contains(domain::kernel::Unrecordable::SAID);
    let own = match check {
        Check::Recordable => broken.iter().find(unrecordable),
        _ => broken.iter().find(|m| !unrecordable(m)),
    };
    own.or(broken.first())
}

#[cfg(test)]
mod tests {
    use super::tables::mostly_filled;
    use super::*;
    use serde_json::json;

    /// A header names the check that failed and quotes its own words: an overdraft both broke
    /// an invariant and could not have been recorded, and a file written for the second quoted
    /// the first (an outside team's review).
    #[test]
    fn a_header_quotes_the_failed_check_s_own_words() {
        let broken = [
            "the balance of account acc-2 went negative: -0.01".to_string(),
            "Account/acc-2 #2: MoneyWithdrawn could not have been recorded: a withdrawal of 0.01 \
             from a balance of 0.00"
                .to_string(),
        ];
        assert_eq!(own_words(Check::Recordable, &broken), Some(&broken[1]));
        assert_eq!(own_words(Check::Invariant, &broken), Some(&broken[0]));
        assert_eq!(own_words(Check::LongAfter, &broken[1..]), Some(&broken[1]));
        assert_eq!(own_words(Check::Recordable, &[]), None);
    }

    /// A timeout a late fault kept waiting past the clock stays waiting in the scenario: its
    /// clock is set back to just before the timeout was due, the wait ending where it did.
    #[test]
    fn a_timeout_delayed_past_the_clock_is_left_waiting_by_the_scenario() {
        use domain::conference::ConferenceContext;
        let at = |t: &str| -> Instant { format!("2026-01-05T{t}Z").parse().unwrap() };
        let written = |stimulus: Step<ConferenceContext>, delayed: &str, given: &str| {
            let (clock, step) =
                clock_before_delayed(at("09:29:00"), stimulus, Some(at(delayed)), Some(at(given)));
            (clock, format!("{step:?}"))
        };
        assert_eq!(
            written(Step::Wait(29), "09:29:00", "09:00:00"),
            (at("09:28:00"), "Wait(30 minutes)".to_string())
        );
        assert_eq!(
            written(Step::Wait(5), "09:27:30", "09:00:00"),
            (at("09:27:00"), "Wait(7 minutes)".to_string())
        );
        // Not before an event given; not for a timeout the clock has not reached; not when the
        // step sends a command, which lets no time pass.
        for (stimulus, delayed, given) in [
            (Step::Wait(29), "09:29:00", "09:28:30"),
            (Step::Wait(29), "09:30:00", "09:00:00"),
        ] {
            assert_eq!(
                written(stimulus, delayed, given),
                (at("09:29:00"), "Wait(29 minutes)".to_string())
            );
        }
        let send = Step::Send(
            domain::conference::ConfirmOrder {
                order_id: "order-1".into(),
            }
            .into(),
        );
        assert_eq!(written(send, "09:29:00", "09:00:00").0, at("09:29:00"));
    }

    /// The cells of a table row as Gherkin reads them: `\|` and `\\` unescaped.
    fn cells(row: &str) -> Vec<String> {
        let inner = row.trim().strip_prefix('|').unwrap();
        let mut cells = vec![String::new()];
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => cells.last_mut().unwrap().push(chars.next().unwrap()),
                '|' => cells.push(String::new()),
                c => cells.last_mut().unwrap().push(c),
            }
        }
        cells.pop();
        cells.into_iter().map(|c| c.trim().to_string()).collect()
    }

    /// Givens read back as `gwt test` reads them give the very events they were written from,
    /// though a field not set is left blank rather than written `null` (the conference's
    /// optional description, tagline and owner), as an author writes it.
    #[test]
    fn givens_read_back_as_the_events_they_were_written_from_with_unset_fields_blank() {
        use domain::conference::{ConferenceContext, ConferenceEvent};
        use steps::tables::input_messages;
        type C = ConferenceContext;
        let options = Options::new(1, 11, 1);
        let mut system = scene_system::<C>(&options, Variant::default());
        let counts = Arc::new(FaultCounts::default());
        for index in 0..40 {
            let seed = crate::search::history_seed(11, index);
            for drawn in crate::search::history_of::<C>(seed, 30).unwrap() {
                apply_drawn(
                    &mut system,
                    &drawn,
                    crate::faults::FaultKinds::NONE,
                    &counts,
                );
            }
        }
        let log = system.store().log().to_vec();
        let catalog = Catalog::of::<C>();
        let text = givens_text::<C>(
            &catalog,
            &log,
            system.now(),
            [Variant::default(); 2],
            options.start,
        );
        // The scene's conferences leave optional fields unset: had they been written `null`,
        // this would not say that a blank reads back the same.
        assert!(log.iter().any(|e| e.message.payload()["tagline"].is_null()));
        assert!(!text.contains("| null "), "{text}");
        let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
        for line in text.lines() {
            match line.trim_start().starts_with('|') {
                true => tables.last_mut().unwrap().push(cells(line)),
                false if line.ends_with("the events:") => tables.push(Vec::new()),
                false => {}
            }
        }
        let read: Vec<Value> = tables
            .iter()
            .flat_map(|table| input_messages(&catalog, MessageKind::Event, table, None).unwrap())
            .map(|m| {
                ConferenceEvent::from_payload(&m.name, m.payload)
                    .unwrap()
                    .payload()
            })
            .collect();
        let given: Vec<Value> = log.iter().map(|e| e.message.payload()).collect();
        assert!(given.len() > 100, "{} events", given.len());
        assert_eq!(read, given);
    }

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
