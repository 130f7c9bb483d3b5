//! An in-memory event store: one global log in append order. The `System` checks each append
//! against its stream's version (optimistic concurrency) before it records it here.

// Keys are message names and stream ids of the project's own logs: speed matters more here than
// resistance to keys crafted to collide.
use rustc_hash::FxHashMap as HashMap;

use std::sync::Arc;

use super::{Envelope, StreamId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stream {stream} is at version {actual}, not {expected}")]
pub struct AppendError {
    pub stream: StreamId,
    pub expected: u64,
    pub actual: u64,
}

#[derive(Clone, Debug)]
pub struct EventStore<E> {
    /// Shared with the deliveries of each event, so that recording one copies nothing.
    log: Vec<Arc<Envelope<E>>>,
    /// Versions of the streams no aggregate owns (an event given on a stream of its own). An
    /// aggregate's streams are versioned with its instances, so that a replay's state holds one
    /// entry per stream, not two (see `System::version`).
    loose: HashMap<StreamId, u64>,
    /// Without the log, a replay of a long history takes memory for its state, not for its
    /// events.
    keep_log: bool,
    appended: usize,
}

impl<E> Default for EventStore<E> {
    fn default() -> Self {
        EventStore {
            log: Vec::new(),
            loose: HashMap::default(),
            keep_log: true,
            appended: 0,
        }
    }
}

impl<E: Clone> EventStore<E> {
    /// The last sequence of a stream no aggregate owns (0 when empty).
    pub fn loose_version(&self, stream: &StreamId) -> u64 {
        self.loose.get(stream).copied().unwrap_or(0)
    }

    /// Moves a stream no aggregate owns to `sequence`, if that lies beyond its version;
    /// otherwise changes nothing and gives that version.
    pub fn place_loose(&mut self, stream: &StreamId, sequence: u64) -> Result<(), u64> {
        match self.loose.get_mut(stream) {
            Some(version) if sequence <= *version => Err(*version),
            Some(version) => {
                *version = sequence;
                Ok(())
            }
            None if sequence == 0 => Err(0),
            None => {
                self.loose.insert(stream.clone(), sequence);
                Ok(())
            }
        }
    }

    /// Records envelopes whose positions the caller has checked against their streams' versions.
    pub fn record(&mut self, events: &[Arc<Envelope<E>>]) {
        self.appended += events.len();
        if self.keep_log {
            self.log.extend(events.iter().cloned());
        }
    }

    /// Keeps (the default) or forgets appended events; forgetting also empties the log.
    pub fn set_keep_log(&mut self, keep: bool) {
        self.keep_log = keep;
        if !keep {
            self.log = Vec::new();
        }
    }

    /// Every envelope, in append order.
    pub fn log(&self) -> &[Arc<Envelope<E>>] {
        &self.log
    }

    /// How many events were appended (kept or not).
    pub fn len(&self) -> usize {
        self.appended
    }

    pub fn is_empty(&self) -> bool {
        self.appended == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::MessageId;

    fn env(stream: &StreamId, sequence: u64) -> Arc<Envelope<u8>> {
        Arc::new(Envelope {
            id: MessageId(sequence),
            stream: stream.clone(),
            sequence,
            recorded_at: Default::default(),
            causation_id: None,
            correlation_id: None,
            message: 0,
        })
    }

    #[test]
    fn a_store_that_forgets_its_log_still_counts_what_was_recorded() {
        let s = StreamId::new("T", "a");
        let mut store = EventStore::default();
        store.record(&[env(&s, 1), env(&s, 2)]);
        store.set_keep_log(false);
        store.record(&[env(&s, 3)]);
        assert!(store.log().is_empty());
        assert_eq!(store.len(), 3);
    }

    #[test]
    fn loose_streams_keep_their_own_versions_and_never_go_back() {
        let (a, b) = (StreamId::new("T", "a"), StreamId::new("T", "b"));
        let mut store = EventStore::<u8>::default();
        assert_eq!(store.place_loose(&a, 0), Err(0));
        store.place_loose(&a, 4).unwrap();
        assert_eq!((store.loose_version(&a), store.loose_version(&b)), (4, 0));
        assert_eq!(store.place_loose(&a, 4), Err(4));
        assert_eq!(store.place_loose(&a, 2), Err(4));
        store.place_loose(&a, 5).unwrap();
        assert_eq!(store.loose_version(&a), 5);
    }
}
