//! A command decided by its handler and what it records appended to its stream, decided again
//! when another writer got there first.

use std::sync::Arc;

use super::super::{
    AppendError, BoundedContext, CommandEnvelope, Entry, Envelope, Instant, Message, StreamId,
};
use super::at_least_once::at;
use super::{owner_of, Handler, KernelError, System, Unrecordable, RETRIES};

impl<C: BoundedContext> System<C> {
    pub(super) fn execute(
        &mut self,
        envelope: CommandEnvelope<C::Command>,
    ) -> Result<(), KernelError> {
        let name = envelope.command.name();
        let handler = *self
            .routes
            .commands
            .get(name)
            .ok_or_else(|| KernelError::NoHandler(name.to_string()))?;
        match handler {
            Handler::Process(i) => {
                self.deliver_own_command(i, &envelope);
                Ok(())
            }
            Handler::Aggregate(i) => {
                let aggregate = &self.aggregates[i];
                let id = aggregate.command_stream(&envelope.command).ok_or_else(|| {
                    KernelError::NoInstance {
                        aggregate: aggregate.name(),
                        command: name.to_string(),
                    }
                })?;
                let stream = StreamId::new(aggregate.name(), id);
                self.decide_and_append(i, stream, envelope)
            }
        }
    }

    /// Decides a command against its aggregate and appends what it records, deciding again if
    /// another writer got to the stream first.
    fn decide_and_append(
        &mut self,
        aggregate: usize,
        stream: StreamId,
        envelope: CommandEnvelope<C::Command>,
    ) -> Result<(), KernelError> {
        for attempt in 0..=RETRIES {
            // The stream is the aggregate's own: its version is asked of it without looking
            // the aggregate up again by the stream's kind.
            let expected = self.aggregates[aggregate].version(&stream.id);
            let events = match self.aggregates[aggregate].decide(
                &stream.id,
                &envelope.command,
                self.clock,
            ) {
                Ok(events) => events,
                Err(rejection) => {
                    self.journal.push(
                        |c| &mut c.rejected,
                        || Entry::Rejected {
                            command: envelope,
                            rejection: rejection.clone(),
                        },
                    );
                    return Err(KernelError::Rejected(rejection));
                }
            };
            if attempt < RETRIES && self.conflict_on(&stream, expected, envelope.command.name()) {
                // Someone else wrote to the stream meanwhile: decide again on what is there now.
                continue;
            }
            let envelopes: Vec<Arc<Envelope<C::Event>>> = events
                .into_iter()
                .enumerate()
                .map(|(k, message)| {
                    Arc::new(Envelope {
                        id: envelope.id.child(k),
                        stream: stream.clone(),
                        sequence: expected + 1 + k as u64,
                        recorded_at: self.clock,
                        causation_id: Some(envelope.id),
                        correlation_id: envelope.correlation_id.or(Some(envelope.id)),
                        message,
                    })
                })
                .collect();
            if self.judge_history {
                self.hold_to_its_stream(aggregate, &envelopes, envelope.command.name());
            }
            self.place(&envelopes)?;
            for e in &envelopes {
                self.journal
                    .push(|c| &mut c.recorded, || Entry::Recorded((**e).clone()));
                self.enqueue(e.clone(), false);
            }
            if !self.deferred {
                self.drain();
            }
            return Ok(());
        }
        Ok(())
    }

    /// Whether the faults make another writer get to `stream` first. That writer is a command
    /// already waiting for the same stream, which then runs before this one; with none waiting
    /// the conflict is a stale read that changes nothing but costs a retry. `expected` is the
    /// stream's version the decision was made on.
    fn conflict_on(&mut self, stream: &StreamId, expected: u64, deciding: &'static str) -> bool {
        let Some(faults) = self.faults.as_mut() else {
            return false;
        };
        if !faults.conflict(stream, deciding, &|| at(stream, expected + 1)) {
            return false;
        }
        let rival = self.outbox.iter().position(|c| {
            let name = c.command.name();
            match self.routes.commands.get(name) {
                Some(Handler::Aggregate(a)) => {
                    self.aggregates[*a].name() == stream.kind
                        && self.aggregates[*a].command_stream(&c.command).as_deref()
                            == Some(stream.id.as_str())
                }
                _ => false,
            }
        });
        match rival.and_then(|i| self.outbox.remove(i)) {
            Some(first) => {
                let name = first.command.name();
                self.journal.trace(|| {
                    Entry::Fault(format!(
                        "conflict: {name}, waiting for {stream} too, runs first; {deciding} is \
                         decided again after it"
                    ))
                });
                let _ = self.execute(first);
            }
            None => self.journal.trace(|| {
                Entry::Fault(format!(
                    "conflict: {deciding} read {stream} stale; it is decided again, nothing \
                     having changed"
                ))
            }),
        }
        true
    }

    /// Holds each event a decision records to the stream its aggregate's `event_stream` names
    /// for it: the decision records it in the command's stream, and a log read back (or a
    /// Given) places it by `event_stream`, so a slip there recorded a history that reads back
    /// otherwise (`verify-migration` refuses it) while the live run went on well.
    fn hold_to_its_stream(
        &mut self,
        aggregate: usize,
        envelopes: &[Arc<Envelope<C::Event>>],
        command: &'static str,
    ) {
        let a = &self.aggregates[aggregate];
        for e in envelopes {
            let named = a.event_stream(&e.message);
            if named.as_deref() == Some(e.stream.id.as_str()) {
                continue;
            }
            let event = e.message.name();
            let names = match named {
                Some(id) => format!("names {}/{id} for it", a.name()),
                None => "names no stream for it".to_string(),
            };
            self.impossible.push(Unrecordable {
                stream: e.stream.clone(),
                sequence: e.sequence,
                event,
                why: format!(
                    "{}'s event_stream {names}, but its decision of {command} records it in {} \
                     (a log read back, or a Given, places it where event_stream says)",
                    a.name(),
                    e.stream
                ),
            });
        }
    }

    /// A root event (a Given, a published event) at `sequence` of its stream, placed and folded.
    pub(super) fn place_root(
        &mut self,
        stream: StreamId,
        sequence: u64,
        event: C::Event,
    ) -> Result<Arc<Envelope<C::Event>>, KernelError> {
        let envelope = Arc::new(Envelope {
            id: self.root_id(),
            stream,
            sequence,
            recorded_at: self.clock,
            causation_id: None,
            correlation_id: None,
            message: event,
        });
        self.place(std::slice::from_ref(&envelope))?;
        Ok(envelope)
    }

    /// Places envelopes at the positions they name, each beyond its stream's version, and folds
    /// each into its aggregate (which moves its stream on) and into every aggregate's view. An
    /// envelope at or before its stream's version is refused; those before it stay placed.
    pub(super) fn place(
        &mut self,
        envelopes: &[Arc<Envelope<C::Event>>],
    ) -> Result<(), AppendError> {
        for e in envelopes {
            // One look at the stream both checks the position and folds the event.
            let placed = match owner_of(&self.aggregates, &e.stream.kind) {
                Some(a) if self.judge_history => {
                    let placed = self.aggregates[a]
                        .evolve_judged(
                            &e.stream.id,
                            e.sequence,
                            e.recorded_at,
                            &e.message,
                            self.judge_with_views,
                        )
                        .map(|impossible| {
                            if let Some(why) = impossible {
                                self.impossible.push(Unrecordable {
                                    stream: e.stream.clone(),
                                    sequence: e.sequence,
                                    event: e.message.name(),
                                    why,
                                });
                            }
                        });
                    if placed.is_ok() {
                        self.hold_decision_whole(a, e);
                    }
                    placed
                }
                Some(a) => {
                    self.aggregates[a].evolve(&e.stream.id, e.sequence, e.recorded_at, &e.message)
                }
                None => self.store.place_loose(&e.stream, e.sequence),
            };
            if let Err(actual) = placed {
                return Err(AppendError {
                    stream: e.stream.clone(),
                    expected: e.sequence.saturating_sub(1),
                    actual,
                });
            }
            self.store.record(std::slice::from_ref(e));
            for a in self.aggregates.iter_mut() {
                a.observe(e);
            }
        }
        Ok(())
    }

    /// The position of a stream's last event and when it was recorded, for a stream an
    /// aggregate owns and that holds an event.
    pub fn stream_end(&self, stream: &StreamId) -> Option<(u64, Instant)> {
        self.aggregate_slot(&stream.kind)?.end(&stream.id)
    }

    /// The last sequence of a stream (0 when empty): its aggregate instance's version, or the
    /// store's for a stream no aggregate owns.
    pub fn version(&self, stream: &StreamId) -> u64 {
        match self.aggregate_slot(&stream.kind) {
            Some(a) => a.version(&stream.id),
            None => self.store.loose_version(stream),
        }
    }
}
