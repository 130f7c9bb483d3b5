//! Loading the past: events given as a replay would load them, and stored forms decoded through
//! the upcasters.

use std::sync::Arc;

use super::super::{
    name as shown, BoundedContext, DecodeError, Envelope, Message, StoredEvent, StoredText,
    StreamId,
};
use super::{owner_of, KernelError, System};

impl<C: BoundedContext> System<C> {
    /// The stream an event belongs to, as its recording aggregate names it: of several that
    /// record it, the first in wiring order that names an instance for it.
    pub fn stream_of(&self, event: &C::Event) -> Result<StreamId, KernelError> {
        let owners = self.routes.event_owner.get(event.name());
        let owners = owners.into_iter().flatten();
        owners
            .clone()
            .find_map(|&owner| {
                let aggregate = &self.aggregates[owner];
                let id = aggregate.event_stream(event)?;
                Some(StreamId::new(aggregate.name(), id))
            })
            .ok_or_else(|| match owners.clone().next() {
                Some(&owner) => KernelError::NoEventInstance {
                    aggregate: self.aggregates[owner].name(),
                    event: event.name().to_string(),
                },
                None => KernelError::NoStream(event.name().to_string()),
            })
    }

    /// Whether `event` may stand in `stream`, as a recorded log names it: a stream an aggregate
    /// owns holds only events that aggregate records, each naming that very instance; an event
    /// an aggregate records stands in that aggregate's stream. Events no aggregate records (those
    /// of other systems) may stand anywhere.
    pub fn check_stream(&self, stream: &StreamId, event: &C::Event) -> Result<(), String> {
        let name = event.name();
        match owner_of(&self.aggregates, &stream.kind) {
            Some(a) => {
                let aggregate = &self.aggregates[a];
                if !aggregate.events().contains(&name) {
                    // Where it does belong, when some aggregate records it.
                    let belongs = self
                        .stream_of(event)
                        .map(|s| format!("; it belongs in {}", instance(&s)))
                        .unwrap_or_default();
                    return Err(format!(
                        "{name} is not an event of {} (expected one of: {}){belongs}",
                        stream.kind,
                        aggregate.events().join(", ")
                    ));
                }
                match aggregate.event_stream(event) {
                    Some(id) if id != stream.id => Err(format!(
                        "{name} names {}, but is stored in {}",
                        instance(&StreamId::new(stream.kind.clone(), id)),
                        shown(&stream.to_string())
                    )),
                    _ => Ok(()),
                }
            }
            None => match self.stream_of(event) {
                Ok(belongs) => Err(format!(
                    "{name} belongs in {}, but is stored in {}",
                    instance(&belongs),
                    shown(&stream.to_string())
                )),
                Err(_) => Ok(()),
            },
        }
    }

    /// Loads past events as a replay would: appended at the clock, folded into aggregates, views,
    /// process managers and read models. What process managers send now counts as handled; what
    /// they schedule after the clock stays scheduled. Gives back the event as it was appended.
    pub fn given(
        &mut self,
        stream: Option<StreamId>,
        event: C::Event,
    ) -> Result<Arc<Envelope<C::Event>>, KernelError> {
        let stream = match stream {
            Some(s) => s,
            None => self.stream_of(&event)?,
        };
        let sequence = self.version(&stream) + 1;
        self.given_at(stream, sequence, event)
    }

    /// Loads a past event as `given` does, at the position `sequence` of its stream, which must be
    /// beyond the stream's version (a gap is allowed): a replay of a recorded log keeps the log's
    /// positions.
    pub fn given_at(
        &mut self,
        stream: StreamId,
        sequence: u64,
        event: C::Event,
    ) -> Result<Arc<Envelope<C::Event>>, KernelError> {
        // Timeouts due by the event's instant were delivered before it was recorded.
        self.deliver_due();
        let envelope = self.place_root(stream, sequence, event)?;
        self.deliver(&envelope, true);
        Ok(envelope)
    }

    /// Loads a stored event (any known version) as `given` does, keeping its stream and
    /// checking that its sequence follows on.
    pub fn given_stored(&mut self, stored: &StoredEvent) -> Result<(), KernelError> {
        let expected = self.version(&stored.stream) + 1;
        if stored.sequence != expected {
            return Err(KernelError::Sequence {
                stream: stored.stream.clone(),
                expected,
                found: stored.sequence,
            });
        }
        let envelope = Arc::new(self.decode(stored)?);
        self.place(std::slice::from_ref(&envelope))?;
        self.deliver(&envelope, true);
        Ok(())
    }

    /// Decodes a stored form through the upcasters without loading it.
    pub fn decode(&self, stored: &StoredEvent) -> Result<Envelope<C::Event>, DecodeError> {
        stored.decode::<C>(&self.upcasters, |n| self.routes.current_events.contains(n))
    }

    /// `decode`, for a stored form as read from a log (its payload typed or still text); the
    /// payload is moved out of it.
    pub fn decode_text(
        &self,
        stored: &mut StoredText<C::Event>,
    ) -> Result<Envelope<C::Event>, DecodeError> {
        stored.take_envelope(&self.upcasters, |n| self.routes.current_events.contains(n))
    }

    /// `decode`, consuming the stored form (its payload is not copied).
    pub fn decode_owned(&self, stored: StoredEvent) -> Result<Envelope<C::Event>, DecodeError> {
        stored.into_envelope::<C>(&self.upcasters, |n| self.routes.current_events.contains(n))
    }
}

/// An instance an event names, for a message: an empty id said as such, where `Conference/`
/// would read as a name cut short.
fn instance(stream: &StreamId) -> String {
    match stream.id.is_empty() {
        true => format!("no {} (its id is empty)", stream.kind),
        // Quoted when it is not plain: `Conference/conf-1 ` (a trailing space) beside
        // `Conference/conf-1` read the same.
        false => shown(&stream.to_string()).into_owned(),
    }
}
