//! Envelopes: what the kernel knows about a message besides its content — where it sits in its
//! stream, when it was recorded, and which message caused it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Instant, Text};

/// A message identifier. Ids are deterministic: a root message takes the next number of its
/// `System`; a message caused by another takes `cause.child(i)` for the i-th thing the cause
/// produced, so a process manager can know the ids of the commands it sends without asking.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MessageId(pub u64);

impl MessageId {
    pub fn child(self, index: usize) -> MessageId {
        // splitmix64: cheap, well mixed, and the same on every machine. Wrapping throughout: a
        // stored event's id is derived from its sequence, which a log may write as u64::MAX.
        let mut z = self
            .0
            .wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul((index as u64).wrapping_add(1)));
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        MessageId(z ^ (z >> 31))
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{self}")
    }
}

/// A stream, written `Type/id` (`SeatsAvailability/conf-1`): the aggregate type and its key.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct StreamId {
    /// Mostly an aggregate's own name: a short text, kept inline, so that reading a stream name
    /// from each line of a log allocates nothing.
    pub kind: Text,
    pub id: Text,
}

impl StreamId {
    pub fn new(kind: impl Into<Text>, id: impl Into<Text>) -> Self {
        StreamId {
            kind: kind.into(),
            id: id.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a stream name (expected `Type/id`, such as `Order/order-7`)")]
pub struct StreamIdError(pub String);

impl FromStr for StreamId {
    type Err = StreamIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // A byte search: the kind before the slash is a short name, and `split_once`'s
        // character searcher took half the time of reading a stream name from a line of a log.
        match s.bytes().position(|b| b == b'/') {
            Some(slash) if slash > 0 && slash + 1 < s.len() => {
                Ok(StreamId::new(&s[..slash], &s[slash + 1..]))
            }
            _ => Err(StreamIdError(s.to_string())),
        }
    }
}

/// Read from the text itself, borrowed where the input allows, rather than through a `String`.
impl<'de> Deserialize<'de> for StreamId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = StreamId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a stream name, `Type/id`")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<StreamId, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Name)
    }
}

/// A copy of a stream's name, as a table keyed by streams keeps one (`TakenIn`).
impl From<&StreamId> for StreamId {
    fn from(s: &StreamId) -> StreamId {
        s.clone()
    }
}

impl From<StreamId> for String {
    fn from(s: StreamId) -> String {
        s.to_string()
    }
}

impl fmt::Display for StreamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind, self.id)
    }
}

impl fmt::Debug for StreamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// A recorded (or published) event with its place in its stream. Sequences start at 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope<E> {
    pub id: MessageId,
    pub stream: StreamId,
    pub sequence: u64,
    pub recorded_at: Instant,
    pub causation_id: Option<MessageId>,
    pub correlation_id: Option<MessageId>,
    pub message: E,
}

/// A command on its way to its handler.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandEnvelope<C> {
    pub id: MessageId,
    pub issued_at: Instant,
    pub causation_id: Option<MessageId>,
    pub correlation_id: Option<MessageId>,
    pub command: C,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_ids_parse_and_print_as_type_slash_id() {
        let s: StreamId = "Order/order-7".parse().unwrap();
        assert_eq!(s, StreamId::new("Order", "order-7"));
        assert_eq!(s.to_string(), "Order/order-7");
        assert!("Order".parse::<StreamId>().is_err());
        assert!("/x".parse::<StreamId>().is_err());
    }

    #[test]
    fn child_ids_are_deterministic_and_distinct() {
        let a = MessageId(7);
        assert_eq!(a.child(0), MessageId(7).child(0));
        assert_ne!(a.child(0), a.child(1));
        assert_ne!(a.child(0), MessageId(8).child(0));
    }
}
