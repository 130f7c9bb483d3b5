//! An in-memory event store: one global log in append order, streams with optimistic
//! concurrency (an append names the version it expects the stream to be at).

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
    versions: HashMap<StreamId, u64>,
    /// Without the log, only stream versions are kept: a replay of a long history then takes
    /// memory for its state, not for its events.
    keep_log: bool,
    appended: usize,
}

impl<E> Default for EventStore<E> {
    fn default() -> Self {
        EventStore {
            log: Vec::new(),
            versions: HashMap::default(),
            keep_log: true,
            appended: 0,
        }
    }
}

impl<E: Clone> EventStore<E> {
    /// The last sequence of a stream (0 when empty).
    pub fn version(&self, stream: &StreamId) -> u64 {
        self.versions.get(stream).copied().unwrap_or(0)
    }

    /// Appends envelopes to one stream if it is still at `expected`; their sequences must follow on.
    pub fn append(
        &mut self,
        stream: &StreamId,
        expected: u64,
        events: &[Arc<Envelope<E>>],
    ) -> Result<(), AppendError> {
        let actual = self.version(stream);
        if actual != expected {
            return Err(AppendError {
                stream: stream.clone(),
                expected,
                actual,
            });
        }
        let mut next = expected;
        for e in events {
            next += 1;
            debug_assert_eq!(&e.stream, stream);
            debug_assert_eq!(e.sequence, next);
        }
        match self.versions.get_mut(stream) {
            Some(version) => *version = next,
            None => {
                self.versions.insert(stream.clone(), next);
            }
        }
        self.appended += events.len();
        if self.keep_log {
            self.log.extend(events.iter().cloned());
        }
        Ok(())
    }

    /// Places one envelope at the sequence it names, which must be beyond the stream's version:
    /// a replay of a recorded log keeps the log's positions, gaps included.
    pub fn place(&mut self, envelope: &Arc<Envelope<E>>) -> Result<(), AppendError> {
        let actual = self.version(&envelope.stream);
        if envelope.sequence <= actual {
            return Err(AppendError {
                stream: envelope.stream.clone(),
                expected: envelope.sequence.saturating_sub(1),
                actual,
            });
        }
        match self.versions.get_mut(&envelope.stream) {
            Some(version) => *version = envelope.sequence,
            None => {
                self.versions
                    .insert(envelope.stream.clone(), envelope.sequence);
            }
        }
        self.appended += 1;
        if self.keep_log {
            self.log.push(envelope.clone());
        }
        Ok(())
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
    fn a_placed_event_keeps_its_position_and_may_leave_a_gap_but_never_goes_back() {
        let s = StreamId::new("T", "a");
        let mut store = EventStore::default();
        store.place(&env(&s, 1)).unwrap();
        store.place(&env(&s, 4)).unwrap();
        assert_eq!(store.version(&s), 4);
        let err = store.place(&env(&s, 4)).unwrap_err();
        assert_eq!(err.actual, 4);
        assert!(store.place(&env(&s, 2)).is_err());
        assert_eq!((store.len(), store.version(&s)), (2, 4));
    }

    #[test]
    fn an_append_expecting_a_stale_version_conflicts_and_changes_nothing() {
        let s = StreamId::new("T", "a");
        let mut store = EventStore::default();
        store.append(&s, 0, &[env(&s, 1), env(&s, 2)]).unwrap();
        let err = store.append(&s, 1, &[env(&s, 2)]).unwrap_err();
        assert_eq!((err.expected, err.actual), (1, 2));
        assert_eq!(store.len(), 2);
        store.append(&s, 2, &[env(&s, 3)]).unwrap();
        assert_eq!(store.version(&s), 3);
    }
}
