//! Ledgers: what a check keeps of a log, folded one event at a time, so that a log of any
//! length is judged on what the ledger kept rather than on the events themselves.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Envelope, Text};

pub trait EventLedger<E>: Default {
    /// Takes one more event of the log into account.
    fn observe(&mut self, event: &Envelope<E>);

    /// The ledger of a whole log.
    fn of_log(log: &[Arc<Envelope<E>>]) -> Self {
        let mut ledger = Self::default();
        for e in log {
            ledger.observe(e);
        }
        ledger
    }
}

/// The value a ledger keeps for `key`, made by `new` if there is none. Looked up before
/// inserting, so the key is copied once per stream or order, not once per event.
pub fn kept_for<'m, V>(
    map: &'m mut BTreeMap<Text, V>,
    key: &str,
    new: impl FnOnce() -> V,
) -> Option<&'m mut V> {
    if !map.contains_key(key) {
        map.insert(key.into(), new());
    }
    map.get_mut(key)
}
