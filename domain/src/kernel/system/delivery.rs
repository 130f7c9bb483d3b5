//! Events handed to process managers and read models, and what process managers send in reaction
//! sent on, scheduled or, for what the Givens replay, counted as handled.

use std::sync::Arc;

use super::super::{BoundedContext, CommandEnvelope, Entry, Envelope, Input, Message, Outgoing};
use super::at_least_once::about;
use super::{Delivery, Scheduled, System, Target};

impl<C: BoundedContext> System<C> {
    /// Hands an event to its process managers and read models at once.
    pub(super) fn deliver(&mut self, envelope: &Arc<Envelope<C::Event>>, replay: bool) {
        self.enqueue(envelope.clone(), replay);
        self.drain();
    }

    /// Queues an event for each of its subscribers, as many times as `copies` says.
    pub(super) fn enqueue(&mut self, event: Arc<Envelope<C::Event>>, replay: bool) {
        let name = event.message.name();
        let routes = self.routes.clone();
        for &(target, handler) in routes.event_targets.get(name).into_iter().flatten() {
            let copies = self.copies(handler, name, Input::Event(&event), || {
                format!("{name} ({} #{})", event.stream, event.sequence)
            });
            for copy in 0..copies {
                self.pending.push_back(Delivery {
                    event: event.clone(),
                    target,
                    replay,
                    repeat: copy > 0,
                });
            }
        }
    }

    pub(super) fn deliver_one(&mut self, delivery: Delivery<C::Event>) {
        if self.journal.tracing() {
            let by = self.target_name(delivery.target);
            self.journal.trace(|| Entry::Handled {
                by,
                event: delivery.event.clone(),
                again: delivery.repeat,
            });
        }
        let watched = delivery.repeat && self.watch_repeats;
        match delivery.target {
            Target::ReadModel(r) if watched => {
                if self.read_models[r].apply_changes(&delivery.event) {
                    self.repeat_violations.push(format!(
                        "the read model {} changed when {} ({} #{}) was delivered again",
                        self.read_models[r].name(),
                        delivery.event.message.name(),
                        delivery.event.stream,
                        delivery.event.sequence
                    ));
                }
            }
            Target::ReadModel(r) => self.read_models[r].apply(&delivery.event),
            Target::Process(p) => {
                let input = Input::Event(&delivery.event);
                if self.hand_to_process(p, input, delivery.repeat, delivery.replay) {
                    self.pending.push_front(Delivery {
                        repeat: true,
                        ..delivery
                    });
                }
            }
        }
    }

    pub(super) fn dispatch(
        &mut self,
        by: &'static str,
        cause: Input<'_, C>,
        out: Vec<Outgoing<C::Command>>,
        replay: bool,
    ) {
        let correlation = match cause {
            Input::Event(e) => e.correlation_id,
            Input::Command(c) => c.correlation_id,
        }
        .or(Some(cause.id()));
        for (k, outgoing) in out.into_iter().enumerate() {
            let (due, command) = match outgoing {
                Outgoing::Send(c) => (None, c),
                Outgoing::Schedule { at, command } => (Some(at), command),
            };
            let envelope = CommandEnvelope {
                id: cause.id().child(k),
                issued_at: self.clock,
                causation_id: Some(cause.id()),
                correlation_id: correlation,
                command,
            };
            if replay && (due.is_none_or(|d| d <= self.clock) || !self.keep_given_schedule) {
                // Watched, it is kept to see whether the log records its answer; the journal
                // would keep it only to be asked of after a refusal, which a replay of a log
                // never asks.
                let Some(envelope) = self.watched(by, cause, due, envelope) else {
                    continue;
                };
                self.journal.keep_uncounted(|| Entry::SentInThePast {
                    by,
                    command: envelope,
                });
                continue;
            }
            if !replay {
                self.journal.push(
                    |c| &mut c.sent,
                    || Entry::Sent {
                        by,
                        command: envelope.clone(),
                        due,
                    },
                );
            }
            match due {
                None => self.outbox.push_back(envelope),
                Some(due) => {
                    let late = self.faults.as_mut().map_or(0, |f| {
                        let due = || about::<C>(&Input::Command(&envelope));
                        f.lateness(envelope.command.name(), &due).max(0)
                    });
                    if late > 0 {
                        self.journal.trace(|| {
                            Entry::Fault(format!(
                                "late: {} arrives {} after it is due",
                                envelope.command.name(),
                                super::super::plural(late.unsigned_abs(), "minute", "minutes")
                            ))
                        });
                    }
                    self.scheduled_order += 1;
                    self.scheduled.push(Scheduled {
                        due: due + chrono::TimeDelta::minutes(late),
                        sent_due: due,
                        order: self.scheduled_order,
                        command: envelope,
                    });
                }
            }
        }
    }
}
