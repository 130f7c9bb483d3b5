//! What a bounded context provides to be judged: the invariants its systems keep and what must
//! have settled once time has passed, held to a scenario's `Then the invariants hold`, to a
//! recorded log by `gwt verify-migration`, and to every simulated history. A context is judged
//! before it is simulated: drawing histories (`crate::simulation::Simulated`) builds on this, so
//! that a team can run its feature files and verify its logs before it writes a generator.

use domain::kernel::{BoundedContext, EventLedger, Instant, System};

/// A bounded context whose systems and recorded logs gwt can judge: the rules they must keep,
/// whoever drove them (a scenario, a recorded log, the simulator).
pub trait Judged: BoundedContext {
    /// What the invariants keep of the log, folded one event at a time: a long replay is then
    /// judged without keeping its events.
    type Ledger: EventLedger<Self::Event> + Clone;

    /// Violations at a settled point (nothing left to do), judged on the system and on what
    /// `ledger` kept of every event it recorded. What the ledger found on the way
    /// (`EventLedger::found_on_the_way`) is told whether or not this repeats it (see
    /// `breaches`): repeating it, worded alike, only places it among the others.
    fn invariants(system: &System<Self>, ledger: &Self::Ledger) -> Vec<String>;

    /// How long the engine waits after a history before `settled_long_after` (and a scenario's
    /// `Then long after, the invariants hold`): longer than the context's longest timeout plus
    /// the most the `late` fault delays a scheduled command (`crate::faults::MOST_LATE_MINUTES`),
    /// or a timeout still pending would be judged as if it had been lost. An hour suits timeouts
    /// of up to 40 minutes; a context with longer ones says so here.
    const LONG_AFTER_MINUTES: i64 = 60;

    /// Whether `settled_by` judges anything: a recorded log whose events do not say when they
    /// were recorded is then told that what must have settled by its end is not judged. A
    /// context whose work has no deadline leaves it false, and is told nothing of it.
    const SETTLES_BY_TIME: bool = false;

    /// Violations once `LONG_AFTER_MINUTES` have passed after the last step.
    fn settled_long_after(_system: &System<Self>, _ledger: &Self::Ledger) -> Vec<String> {
        Vec::new()
    }

    /// Violations of a recorded log that runs on to `end`: what `settled_long_after` holds of a
    /// history, for each part of the log whose time to settle (`LONG_AFTER_MINUTES` after its
    /// last deadline) ran out before `end`. A part still within it may be in flight in a log cut
    /// from a live store, and is not judged.
    fn settled_by(_system: &System<Self>, _ledger: &Self::Ledger, _end: Instant) -> Vec<String> {
        Vec::new()
    }

    /// What a recorded log leaves in flight at its end, each part named: what `settled_by`
    /// would judge once its time to settle ran out. Told, as not judged, for a log that gives
    /// no instant to judge by, where an event lost at the end of a stream (what ended it) would
    /// otherwise go unseen.
    fn left_open(_system: &System<Self>, _ledger: &Self::Ledger) -> Vec<String> {
        Vec::new()
    }
}

/// Every invariant `system` breaks, as the engine, the runner and a replay of a recorded log all
/// judge them: `Judged::invariants`, then what the ledger found on the way that they leave
/// out. A replay places a finding at the line of the event that broke it only if the ledger
/// found it on the way, so a domain whose `invariants` forgot to repeat those findings would
/// otherwise lose them without a word.
pub fn breaches<C: Judged>(system: &System<C>, ledger: &C::Ledger) -> Vec<String> {
    with_found_on_the_way(C::invariants(system, ledger), ledger.found_on_the_way())
}

/// `at_end`, then each of `on_the_way` it does not hold already, in the order found.
fn with_found_on_the_way(mut at_end: Vec<String>, on_the_way: &[String]) -> Vec<String> {
    if on_the_way.is_empty() {
        return at_end;
    }
    let told: std::collections::HashSet<&str> = at_end.iter().map(String::as_str).collect();
    let missing: Vec<String> = on_the_way
        .iter()
        .filter(|found| !told.contains(found.as_str()))
        .cloned()
        .collect();
    at_end.extend(missing);
    at_end
}

#[cfg(test)]
mod tests {
    use super::with_found_on_the_way;

    fn texts(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn what_the_ledger_found_on_the_way_is_told_once_whether_or_not_the_invariants_repeat_it() {
        // Repeated, among the end's own findings: told where the invariants put it, once.
        assert_eq!(
            with_found_on_the_way(texts(&["a", "on way", "b"]), &texts(&["on way"])),
            texts(&["a", "on way", "b"])
        );
        // Left out: told after the end's findings rather than lost.
        assert_eq!(
            with_found_on_the_way(texts(&["a"]), &texts(&["on way 1", "on way 2"])),
            texts(&["a", "on way 1", "on way 2"])
        );
        // Some repeated, some not.
        assert_eq!(
            with_found_on_the_way(texts(&["on way 2"]), &texts(&["on way 1", "on way 2"])),
            texts(&["on way 2", "on way 1"])
        );
        assert_eq!(with_found_on_the_way(texts(&["a"]), &[]), texts(&["a"]));
    }
}
