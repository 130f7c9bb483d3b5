//! One stored event read from a source, or why it could not be read, with where it was read.

use std::sync::Arc;

use domain::kernel::{StoredText, StreamId};

use super::error_kinds::Spot;
use super::shown;

/// Where a stored event was read: a file's line, or a database row (named by its key, which is
/// the event's stream and sequence). Written out only when an error needs it, so that reading a
/// long log builds no text per event.
#[derive(Clone, Debug)]
pub enum Place {
    Line(Arc<str>, u64),
    Row(Arc<str>),
}

impl Place {
    /// `file:line`, or `postgres://… row Type/id#sequence`.
    pub fn describe<E>(&self, stored: &StoredText<E>) -> String {
        self.describe_at(&stored.stream, stored.sequence)
    }

    /// `describe`, and for a line the event's stream and position too, which a row's place
    /// names already: for what is told of the event itself (its type, version or payload), so
    /// that it can be found in the store as well as in the file.
    pub fn describe_event<E>(&self, stored: &StoredText<E>) -> String {
        match self {
            Place::Line(..) => format!(
                "{}: {} #{}",
                self.describe(stored),
                shown(&stored.stream),
                stored.sequence
            ),
            Place::Row(_) => self.describe(stored),
        }
    }

    /// Where the summary of errors by kind names the event at `sequence` of `stream`.
    pub fn spot(&self, stream: &StreamId, sequence: u64) -> Spot {
        match self {
            Place::Line(_, line) => Spot::Line(*line),
            Place::Row(_) => Spot::Row(format!("{}#{sequence}", shown(stream))),
        }
    }

    /// `describe`, for the event at `sequence` of `stream`.
    pub fn describe_at(&self, stream: &StreamId, sequence: u64) -> String {
        match self {
            Place::Line(source, line) => format!("{source}:{line}"),
            Place::Row(source) => format!("{source} row {}#{sequence}", shown(stream)),
        }
    }
}

/// One stored event read from a source, with where it was read, or why it could not be read
/// (with where, written out, and the stream and position it stands at as far as they could be
/// made out, so that its stream is not then reported as having a gap; and the kind of fault
/// and where, for the errors to be summed up by kind). `Undated`: a stored event
/// whose source does not say when it was recorded (a postgres-es row's metadata `{}`), replayed
/// all the same; its `recorded_at` means nothing. `Fatal` ends the reading (the source went away).
pub enum Read<E> {
    Event(Place, StoredText<E>),
    Undated(Place, StoredText<E>),
    Unreadable {
        place: String,
        why: String,
        position: Option<(StreamId, Option<u64>)>,
        kind: String,
        spot: Spot,
    },
    Fatal(String),
}
