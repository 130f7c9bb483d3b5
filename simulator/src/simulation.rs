//! What a bounded context provides to be simulated: a scene set before every history and the
//! steps a history is drawn from, over what it provides to be judged (`Judged`: the invariants
//! that must hold). The engine knows nothing else.

use domain::kernel::{BoundedContext, Instant, StoredEvent, Text};
use proptest::strategy::BoxedStrategy;
use std::fmt;

use crate::judging::Judged;

/// The instant every simulated history starts at (`2026-01-05T09:00:00Z`, the clock of a
/// scenario without `Given the time is`). `Simulated::step` draws commands without a clock, so a
/// command that carries an instant of its own (a due date, a deadline) is drawn around this one,
/// `history_start() + days`, to fall where a history's time runs. An export starts each history
/// later and moves every instant its events hold with it.
pub fn history_start() -> Instant {
    steps::world::default_start()
}

/// One step of a history: a command from outside, or time passing. Either way the system then
/// settles (under faults).
pub enum Step<C: BoundedContext> {
    Send(C::Command),
    Wait(i64),
}

impl<C: BoundedContext> Clone for Step<C> {
    fn clone(&self) -> Self {
        match self {
            Step::Send(c) => Step::Send(c.clone()),
            Step::Wait(m) => Step::Wait(*m),
        }
    }
}

impl<C: BoundedContext> fmt::Debug for Step<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Send(c) => write!(f, "Send({c:?})"),
            Step::Wait(m) => write!(f, "Wait({m} minutes)"),
        }
    }
}

/// A step as a history holds it: the step, and the seed of the faults that strike while it runs.
/// Each step draws its faults from a seed of its own, so that shrinking, which takes steps out,
/// leaves the faults of the steps it keeps as they were: drawn from one generator for the whole
/// history, they shifted with every step taken out, and a shrunk history kept steps whose only
/// part in the failure was to move the faults into place.
pub struct Drawn<C: BoundedContext> {
    pub step: Step<C>,
    pub faults: u64,
}

impl<C: BoundedContext> Clone for Drawn<C> {
    fn clone(&self) -> Self {
        Drawn {
            step: self.step.clone(),
            faults: self.faults,
        }
    }
}

/// A history is shown by its steps: their faults' seeds tell a reader nothing.
impl<C: BoundedContext> fmt::Debug for Drawn<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.step.fmt(f)
    }
}

/// A bounded context the simulator can drive: its histories' generator, judged as every
/// `Judged` context is. Only `gwt simulate` needs it (see `Registered::new`).
pub trait Simulated: Judged {
    /// Commands that set the scene before every history (never shrunk away).
    fn setup() -> Vec<Self::Command> {
        Vec::new()
    }

    /// One random step of a history of at most `max_steps` steps; histories are lists of
    /// these. Steps should aim at unknown or wrong-state targets about as often as at valid
    /// ones. Ids drawn from small pools make commands meet on the same targets; a pool may grow
    /// with `max_steps`, so that a long history meets fresh targets as often as a short one
    /// (the same `max_steps` draws the same history again: a replay names it).
    fn step(max_steps: usize) -> BoxedStrategy<Step<Self>>;

    /// Every id the histories of at most `max_steps` steps draw from a pool: an export suffixes
    /// them, as it does stream ids, so that the histories of one log share nothing. Stream ids
    /// alone would miss an id that stands in a payload without a stream of its own in that
    /// history (a seat type; an order paid for but never placed).
    fn shared_ids(_max_steps: usize) -> Vec<Text> {
        Vec::new()
    }

    /// An exported event once its ids are suffixed: what the context derives from an id is
    /// derived again from the suffixed one, so that the log holds only events its commands could
    /// have recorded (an order's access code comes from its id).
    fn exported(_stored: &mut StoredEvent) {}
}

#[cfg(test)]
mod tests {
    use super::history_start;

    #[test]
    fn histories_start_where_the_command_line_starts_them() {
        let options = crate::search::Options::new(1, 0, 0);
        assert_eq!(options.start, history_start());
        assert_eq!(history_start(), steps::world::default_start());
    }
}
