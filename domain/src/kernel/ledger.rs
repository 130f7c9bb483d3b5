//! Ledgers: what a check keeps of a log, folded one event at a time, so that a log of any
//! length is judged on what the ledger kept rather than on the events themselves.

use std::sync::Arc;

use super::Envelope;

pub trait EventLedger<E>: Default {
    /// Takes one more event of the log into account.
    fn observe(&mut self, event: &Envelope<E>);

    /// The breaches `observe` found as events came, in the order found, each worded as the
    /// invariants report it: a check that judges each event as it comes knows which event broke
    /// the rule, so that a replay of a recorded log can say where that event was read.
    fn found_on_the_way(&self) -> &[String] {
        &[]
    }

    /// The ledger of a whole log.
    fn of_log(log: &[Arc<Envelope<E>>]) -> Self {
        let mut ledger = Self::default();
        for e in log {
            ledger.observe(e);
        }
        ledger
    }
}
