//! Read models: keyed entries folded from enveloped events. Delivery is at least once (the
//! simulator and the feature runner deliver duplicates on purpose), so a read model must ignore
//! an event it has already folded: the envelope carries the stream position to tell, and
//! `taken_in.rs` the rule and a table to keep positions in.

use std::fmt::Debug;

use serde::Serialize;

use super::{BoundedContext, Described, Envelope, Text};

/// A read model's entries by key (and any keyed state a replay looks up for every event, such
/// as an invariants' ledger). Hashed rather than ordered: such state is shown only at the end,
/// so the order is paid for once, by whoever shows it (`sorted`). Each entry is boxed: a hash
/// table grows by doubling, so up to half its slots stand empty, and an empty slot should cost
/// a pointer, not a whole entry.
pub type Entries<E> = rustc_hash::FxHashMap<Text, Box<E>>;

/// Entries in the order of their keys, as they are shown and checked.
pub fn sorted<E>(entries: &Entries<E>) -> Vec<(&Text, &E)> {
    let mut sorted: Vec<_> = entries.iter().map(|(k, v)| (k, &**v)).collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    sorted
}

/// The keys of entries, in order.
pub fn sorted_keys<E>(entries: &Entries<E>) -> Vec<Text> {
    let mut keys: Vec<Text> = entries.keys().cloned().collect();
    keys.sort_unstable();
    keys
}

pub trait ReadModel<C: BoundedContext>:
    Default + Clone + Debug + PartialEq + Send + Sync + 'static
{
    const NAME: &'static str;
    /// What its entries are keyed by, in the catalog's words (`order_id`), for readers of the
    /// catalog; `key` when a read model does not say.
    const KEY: &'static str = "key";
    /// Events this read model folds, by name.
    const SUBSCRIBES: &'static [&'static str];
    /// Fields of an entry that hold a position in a stream (the version a duplicate is told
    /// by, `taken_in.rs`). The feature runner numbers a stream's events as they are given, so
    /// such a field moves when a Given before it is left out: the simulator, cutting a written
    /// feature's Givens, compares these fields by whether they are set, not by their number.
    /// Each must be a field of `Entry` (the wiring check says so when one is not).
    const POSITIONS: &'static [&'static str] = &[];
    type Entry: Serialize + Described + Clone + Debug + PartialEq + 'static;

    fn apply(&mut self, event: &Envelope<C::Event>);

    /// Every entry, by key.
    fn entries(&self) -> &Entries<Self::Entry>;
}
