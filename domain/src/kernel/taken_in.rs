//! What a read model or process manager has taken in from each stream, so that it can ignore a
//! message delivered again: delivery is at least once, and in order within a stream for each
//! subscriber (`System` never lets an event overtake an earlier one of its stream on its way to
//! the same subscriber), so an event at or before the last position taken in is one already
//! seen. The rule is written here once; which key a handler keeps positions by, and whether it
//! takes a position in before or after acting on it, is the handler's own (the catalog says, for
//! some read models, that the guard is per entry and shows the version in the entry).
//!
//! The bookkeeping stays with each handler rather than in the kernel's delivery: see
//! "Duplicate-delivery bookkeeping" in `docs/decisions.md`.

use std::borrow::Borrow;
use std::fmt;
use std::hash::Hash;

use rustc_hash::FxHashMap;

use super::Text;

/// Whether the event at `sequence` of its stream is news to a handler whose last position taken
/// in from that stream is `last` (`None`, or 0 as positions start at 1, when it has taken in
/// none): a position at or before `last` was delivered before.
#[inline]
pub fn is_news(sequence: u64, last: impl Into<Option<u64>>) -> bool {
    last.into().is_none_or(|last| sequence > last)
}

/// Takes in the position `sequence` if it is news after `last` (see `is_news`), moving `last`
/// on to it; whether it was news.
#[inline]
pub fn take_news(last: &mut u64, sequence: u64) -> bool {
    let news = is_news(sequence, *last);
    if news {
        *last = sequence;
    }
    news
}

/// The last position taken in, by key (a stream, or whatever the handler's entries are keyed by
/// when its events come from one stream per key). A plain hashed table of the key and a `u64`:
/// it costs what a handler's own table of versions did.
#[derive(Clone, PartialEq)]
pub struct TakenIn<K: Eq + Hash = Text> {
    last: FxHashMap<K, u64>,
}

impl<K: Eq + Hash> Default for TakenIn<K> {
    fn default() -> Self {
        TakenIn {
            last: FxHashMap::default(),
        }
    }
}

/// Shown as the table it is, as the handlers' own tables of versions were.
impl<K: Eq + Hash + fmt::Debug> fmt::Debug for TakenIn<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.last.fmt(f)
    }
}

/// Written as a map from key to position, keys in order, so that a process manager, whose state
/// is persisted and compared after every repeated delivery, can keep one (`ProcessManager::State`
/// must serialize) and two equal tables write alike.
impl<K: Eq + Hash + Ord + serde::Serialize> serde::Serialize for TakenIn<K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let ordered: std::collections::BTreeMap<&K, u64> =
            self.last.iter().map(|(k, v)| (k, *v)).collect();
        ordered.serialize(serializer)
    }
}

impl<'de, K: Eq + Hash + serde::Deserialize<'de>> serde::Deserialize<'de> for TakenIn<K> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(TakenIn {
            last: FxHashMap::deserialize(deserializer)?,
        })
    }
}

/// A table's key built from what it is looked up by: a key of its own type (`&Text`, a stream
/// id) cloned, text (`&str`) made into the key directly. A bound of `From<&Q>` took `&str` only,
/// and on `&Text` rustc crashed instead of saying so; going through `ToOwned` allocated a
/// `String` for every new key of text, on the replay's path.
pub trait KeyOf<Q: ?Sized> {
    fn key_of(key: &Q) -> Self;
}

impl<K: Clone> KeyOf<K> for K {
    fn key_of(key: &K) -> K {
        key.clone()
    }
}

impl KeyOf<str> for Text {
    fn key_of(key: &str) -> Text {
        Text::from(key)
    }
}

impl KeyOf<str> for String {
    fn key_of(key: &str) -> String {
        key.to_string()
    }
}

impl<K: Eq + Hash> TakenIn<K> {
    /// The last position taken in for `key`, if any.
    pub fn last<Q>(&self, key: &Q) -> Option<u64>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.last.get(key).copied()
    }

    /// Whether position `sequence` is news for `key` (see `is_news`); nothing is taken in, for a
    /// handler that records a position only once it has acted on it (`record`).
    pub fn is_news<Q>(&self, key: &Q, sequence: u64) -> bool
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        is_news(sequence, self.last(key))
    }

    /// Takes in position `sequence` for `key` if it is news; whether it was.
    pub fn take_in<Q>(&mut self, key: &Q, sequence: u64) -> bool
    where
        K: Borrow<Q> + KeyOf<Q>,
        Q: Eq + Hash + ?Sized,
    {
        // In place when the key is known: it is not built again for every event.
        match self.last.get_mut(key) {
            Some(last) => take_news(last, sequence),
            None => {
                self.last.insert(K::key_of(key), sequence);
                true
            }
        }
    }

    /// Records that the handler has acted on position `sequence` for `key`, which `is_news`
    /// said was news.
    pub fn record<Q>(&mut self, key: &Q, sequence: u64)
    where
        K: Borrow<Q> + KeyOf<Q>,
        Q: Eq + Hash + ?Sized,
    {
        match self.last.get_mut(key) {
            Some(last) => *last = sequence,
            None => {
                self.last.insert(K::key_of(key), sequence);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::StreamId;

    /// A process manager's state must serialize, and is compared as written after every
    /// repeated delivery: a table of positions by stream reads back as it was, keys in order.
    #[test]
    fn a_table_by_stream_is_written_in_key_order_and_reads_back_the_same() {
        let mut taken: TakenIn<StreamId> = TakenIn::default();
        for (stream, sequence) in [
            ("Vehicle/CAR-2", 3),
            ("Garage/g-1", 7),
            ("Vehicle/CAR-1", 1),
        ] {
            let stream: StreamId = stream.parse().unwrap();
            assert!(taken.take_in(&stream, sequence));
        }
        let written = serde_json::to_string(&taken).unwrap();
        assert_eq!(
            written,
            r#"{"Garage/g-1":7,"Vehicle/CAR-1":1,"Vehicle/CAR-2":3}"#
        );
        let back: TakenIn<StreamId> = serde_json::from_str(&written).unwrap();
        assert_eq!(back, taken);
    }

    #[test]
    fn a_position_at_or_before_the_last_taken_in_is_not_news() {
        assert!(is_news(1, None));
        assert!(is_news(1, 0));
        assert!(is_news(3, Some(2)));
        assert!(!is_news(2, Some(2)));
        assert!(!is_news(1, 2));
    }

    #[test]
    fn taking_news_in_moves_the_last_position_on_and_a_repeat_leaves_it() {
        let mut last = 0;
        assert!(take_news(&mut last, 1));
        assert!(take_news(&mut last, 3));
        assert!(!take_news(&mut last, 3), "a repeat");
        assert!(!take_news(&mut last, 2), "a late repeat");
        assert_eq!(last, 3);
    }

    #[test]
    fn positions_are_taken_in_per_key() {
        let mut taken: TakenIn = TakenIn::default();
        assert!(taken.take_in("conf-1", 1));
        assert!(!taken.take_in("conf-1", 1), "a repeat");
        assert!(taken.take_in("conf-2", 1), "another key's first");
        assert!(taken.take_in("conf-1", 2));
        assert!(!taken.take_in("conf-1", 1), "a late repeat");
        assert_eq!(taken.last("conf-1"), Some(2));
        assert_eq!(taken.last("conf-3"), None);
        // By a key of the table's own type too, as a handler holding an id from its event has it
        // (a bound of `From<&Q>` took `&str` only, and rustc crashed on `&Text`).
        let id = Text::from("conf-4");
        assert!(taken.take_in(&id, 1));
        assert!(!taken.take_in(&id, 1));
        taken.record(&id, 2);
        assert_eq!(taken.last("conf-4"), Some(2));
    }

    #[test]
    fn a_position_looked_at_is_not_taken_in_until_recorded() {
        let mut taken: TakenIn<StreamId> = TakenIn::default();
        let stream = StreamId::new("Order", "order-1");
        assert!(taken.is_news(&stream, 1));
        assert!(taken.is_news(&stream, 1), "only looked at");
        taken.record(&stream, 1);
        assert!(!taken.is_news(&stream, 1));
        assert!(taken.is_news(&stream, 2));
        assert_eq!(format!("{taken:?}"), r#"{Order/order-1: 1}"#);
    }
}
