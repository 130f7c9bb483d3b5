//! Stored forms: how an event sits in an event store (`{stream, sequence, event_type,
//! event_version, payload, recorded_at}`), and the way from there to a current typed envelope.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::{
    BoundedContext, Envelope, Instant, Message, MessageError, MessageId, StreamId, UpcastError,
    Upcasters,
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    pub stream: StreamId,
    pub sequence: u64,
    pub event_type: String,
    pub event_version: u32,
    pub payload: Value,
    pub recorded_at: Instant,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecodeError {
    #[error(transparent)]
    Upcast(#[from] UpcastError),
    #[error("after upcasting, {0}")]
    Message(#[from] MessageError),
    /// A payload in the current form (nothing upcast) that does not read as its message.
    #[error("{0}")]
    Payload(MessageError),
}

impl StoredEvent {
    /// The id a stored event is known by when it is read back: derived from its place, so the
    /// same log always gives the same ids.
    pub fn derived_id(stream: &StreamId, sequence: u64) -> MessageId {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in stream.kind.bytes().chain([b'/']).chain(stream.id.bytes()) {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        MessageId(h).child(sequence as usize)
    }

    /// Writes an envelope in the current stored form.
    pub fn encode<C: BoundedContext>(envelope: &Envelope<C::Event>, upcasters: &Upcasters) -> Self {
        let name = envelope.message.name();
        StoredEvent {
            stream: envelope.stream.clone(),
            sequence: envelope.sequence,
            event_type: name.to_string(),
            event_version: upcasters.current_version(name),
            payload: envelope.message.payload(),
            recorded_at: envelope.recorded_at,
        }
    }

    /// Writes an envelope in the stored form of `version`.
    pub fn encode_version<C: BoundedContext>(
        envelope: &Envelope<C::Event>,
        upcasters: &Upcasters,
        version: u32,
    ) -> Result<Self, UpcastError> {
        let (name, payload) =
            upcasters.downcast(envelope.message.name(), envelope.message.payload(), version)?;
        Ok(StoredEvent {
            stream: envelope.stream.clone(),
            sequence: envelope.sequence,
            event_type: name.to_string(),
            event_version: version,
            payload,
            recorded_at: envelope.recorded_at,
        })
    }

    /// Reads a stored form back as a current event, through the upcasters.
    pub fn decode<C: BoundedContext>(
        &self,
        upcasters: &Upcasters,
        is_current: impl Fn(&str) -> bool,
    ) -> Result<Envelope<C::Event>, DecodeError> {
        self.clone().into_envelope::<C>(upcasters, is_current)
    }

    /// `decode`, consuming the stored form: its payload is upcast in place instead of copied.
    pub fn into_envelope<C: BoundedContext>(
        self,
        upcasters: &Upcasters,
        is_current: impl Fn(&str) -> bool,
    ) -> Result<Envelope<C::Event>, DecodeError> {
        let (name, payload) = upcasters.upcast(
            &self.event_type,
            self.event_version,
            self.payload,
            is_current,
        )?;
        let message = C::Event::from_payload(name, payload)?;
        Ok(Envelope {
            id: Self::derived_id(&self.stream, self.sequence),
            stream: self.stream,
            sequence: self.sequence,
            recorded_at: self.recorded_at,
            causation_id: None,
            correlation_id: None,
            message,
        })
    }
}

/// A stored event as read from a log, its payload still JSON text. An event in its current form
/// is read straight into its typed message; only an older form goes through a JSON tree and the
/// upcasters. Reading a long log this way skips building and dropping a tree per event.
#[derive(Debug, Deserialize)]
pub struct StoredText {
    pub stream: StreamId,
    pub sequence: u64,
    pub event_type: String,
    pub event_version: u32,
    /// The payload's JSON text. Read from a JSON line it was checked to be JSON on the way; from
    /// elsewhere (a database's text column) it is checked when it is read into its message.
    #[serde(deserialize_with = "raw_text")]
    pub payload: Box<str>,
    pub recorded_at: Instant,
}

/// The text of any JSON value, as it stands in the input.
fn raw_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Box<str>, D::Error> {
    Box::<RawValue>::deserialize(deserializer).map(Box::<str>::from)
}

impl StoredText {
    /// Reads the stored form back as a current event, through the upcasters if it is older.
    pub fn decode<C: BoundedContext>(
        &self,
        upcasters: &Upcasters,
        is_current: impl Fn(&str) -> bool,
    ) -> Result<Envelope<C::Event>, DecodeError> {
        let current = is_current(&self.event_type)
            && upcasters.current_version(&self.event_type) == self.event_version;
        if !current {
            return self
                .to_stored()
                .map_err(DecodeError::Payload)?
                .into_envelope::<C>(upcasters, is_current);
        }
        let message = C::Event::from_payload_str(&self.event_type, &self.payload)
            .map_err(DecodeError::Payload)?;
        Ok(Envelope {
            id: StoredEvent::derived_id(&self.stream, self.sequence),
            stream: self.stream.clone(),
            sequence: self.sequence,
            recorded_at: self.recorded_at,
            causation_id: None,
            correlation_id: None,
            message,
        })
    }

    /// The same stored form with its payload as a JSON tree.
    pub fn to_stored(&self) -> Result<StoredEvent, MessageError> {
        let payload = serde_json::from_str(&self.payload).map_err(|e| MessageError::Invalid {
            name: self.event_type.clone(),
            reason: format!("the payload is not JSON: {e}"),
        })?;
        Ok(StoredEvent {
            stream: self.stream.clone(),
            sequence: self.sequence,
            event_type: self.event_type.clone(),
            event_version: self.event_version,
            payload,
            recorded_at: self.recorded_at,
        })
    }
}
