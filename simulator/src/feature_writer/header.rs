//! The comments heading a written feature: the command that replays it, the check that failed,
//! and why `gwt test` does not catch it when it does not.

use domain::kernel::Message;

use super::scene_system;
use crate::engine::{apply_drawn, prepare, run_from, Check, Variant};
use crate::faults::FaultKinds;
use crate::search::{Found, Options};
use crate::simulation::{Simulated, Step};

/// Why no run of `gwt test` may see a failure of `check` found under the faults counted in
/// `drawn` (by kind, as `FaultCounts::snapshot` gives them): the check it does not make, the
/// faults it does not draw.
pub(super) fn not_caught_because(check: Check, drawn: &[u64; 5]) -> Vec<String> {
    let mut reasons = Vec::new();
    let lacking = match check {
        Check::Rebuild => Some("read models against a rebuild from the log"),
        Check::Replay => Some("aggregates against a replay of their streams"),
        Check::Snapshot => Some("aggregates from a snapshot and the tail against a full replay"),
        Check::StoredForms => Some("the log written in older stored forms and read back"),
        Check::RepeatedDelivery => Some(
            "a repeated delivery changing nothing (its duplicate-delivery and stored-form runs \
             are judged by the Thens only)",
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

/// Whether the history fails the same check with no fault drawn: a failure found under faults
/// that comes without them too (a snapshot that drops a field) was said to have run "under
/// faults `gwt test` does not draw", as if they were needed.
pub(crate) fn fails_without_faults<C: Simulated>(
    found: &Found<C>,
    options: &Options,
    faulty: Variant<C>,
) -> bool {
    let scene = prepare::<C>(options.start, faulty);
    let (run, _) = run_from(&scene, &found.history, found.history_seed, FaultKinds::NONE);
    run.failure.is_some_and(|f| f.check == found.failure.check)
}

/// The invariants run once a history is over; to write a scenario about the step that broke one,
/// the history is replayed under the same faults, checking after every step.
pub(super) fn first_breaking_step<C: Simulated>(
    found: &Found<C>,
    options: &Options,
    faulty: Variant<C>,
) -> Option<usize> {
    if found.failure.check != Check::Invariant {
        return None;
    }
    let mut system = scene_system::<C>(options, faulty);
    let counts = Default::default();
    found.history.iter().position(|drawn| {
        apply_drawn(&mut system, drawn, options.kinds, &counts);
        !crate::domains::broken_invariants(&system).is_empty()
    })
}

/// A failure found long after a history (`settled_long_after`) is written about the history's
/// last step, judged long after it as the simulator judged it: its Givens are what the steps
/// before it recorded (what those scheduled is still pending at the When), and `Then long after,
/// the invariants hold` lets the same time pass after it. A history of no steps has none.
pub(super) fn last_step_long_after<C: Simulated>(found: &Found<C>) -> Option<usize> {
    (found.failure.check == Check::LongAfter)
        .then(|| found.history.len().checked_sub(1))
        .flatten()
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

pub(super) fn describe_step<C: Simulated>(step: &Step<C>) -> String {
    match step {
        Step::Send(c) => c.name().to_string(),
        Step::Wait(m) => steps::phrases::time_in_words(*m),
    }
}
