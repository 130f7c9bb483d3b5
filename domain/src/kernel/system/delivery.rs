//! Events handed to process managers and read models, and what process managers send in reaction
//! sent on, scheduled or, for what the Givens replay, counted as handled.

use std::sync::Arc;

use super::super::{BoundedContext, CommandEnvelope, Entry, Envelope, Input, Message, Outgoing};
use super::{Delivery, Scheduled, System, Target};

impl<C: BoundedContext> System<C> {
    /// Hands an event to its process managers and read models at once.
    pub(super) fn deliver(&mut self, envelope: &Arc<Envelope<C::Event>>, replay: bool) {
        self.enqueue(envelope.clone(), replay);
        self.drain();
    }

    /// Queues an event for each of its subscribers (twice each under duplicate delivery, or as
    /// many times as the faults say).
    pub(super) fn enqueue(&mut self, event: Arc<Envelope<C::Event>>, replay: bool) {
        let name = event.message.name();
        let routes = self.routes.clone();
        for &(target, handler) in routes.event_targets.get(name).into_iter().flatten() {
            let copies = if self.duplicate_delivery {
                2
            } else {
                self.faults
                    .as_mut()
                    .map_or(1, |f| f.copies(handler, name).max(1))
            };
            if copies > 1 && !self.duplicate_delivery {
                self.journal.trace(|| {
                    Entry::Fault(format!(
                        "duplicate: {name} ({} #{}) is delivered {} to {handler}",
                        event.stream,
                        event.sequence,
                        match copies {
                            2 => "twice".to_string(),
                            n => format!("{n} times"),
                        }
                    ))
                });
            }
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
                let out = self.processes[p].deliver(input, self.clock, self.inbox);
                let by = self.processes[p].name();
                if watched && !out.is_empty() {
                    let sent: Vec<&str> = out.iter().map(|o| o.command().name()).collect();
                    self.repeat_violations.push(format!(
                        "{by} sent {} again when {} ({} #{}) was delivered again",
                        sent.join(", "),
                        delivery.event.message.name(),
                        delivery.event.stream,
                        delivery.event.sequence
                    ));
                }
                self.dispatch(by, input, out, delivery.replay);
                let crashed = self
                    .faults
                    .as_mut()
                    .is_some_and(|f| f.crash(by, delivery.repeat));
                if crashed {
                    // Worded only when a trace or a failure tells it.
                    let event = |d: &Delivery<C::Event>| {
                        format!(
                            "{} ({} #{})",
                            d.event.message.name(),
                            d.event.stream,
                            d.event.sequence
                        )
                    };
                    match self.processes[p].restart() {
                        Ok(()) => {
                            self.journal.trace(|| {
                                Entry::Fault(format!(
                                    "crash: {by} restarts from what it persisted, and {} comes \
                                     again",
                                    event(&delivery)
                                ))
                            });
                            // The receipt was not acknowledged before the crash: the message
                            // comes again.
                            self.pending.push_front(Delivery {
                                repeat: true,
                                ..delivery
                            });
                        }
                        Err(e) => {
                            let failed = format!(
                                "{by} crashed after taking in {} and could not restart from \
                                 what it persisted: {e}",
                                event(&delivery)
                            );
                            self.journal
                                .trace(|| Entry::Fault(format!("crash: {failed}")));
                            self.restart_failures.push(failed);
                        }
                    }
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
                    let late = self
                        .faults
                        .as_mut()
                        .map_or(0, |f| f.lateness(envelope.command.name()).max(0));
                    if late > 0 {
                        self.journal.trace(|| {
                            Entry::Fault(format!(
                                "late: {} arrives {} after it is due",
                                envelope.command.name(),
                                super::super::plural(late.unsigned_abs(), "minute", "minutes")
                            ))
                        });
                    }
                    let due = due + chrono::TimeDelta::minutes(late);
                    self.scheduled_order += 1;
                    self.scheduled.push(Scheduled {
                        due,
                        order: self.scheduled_order,
                        command: envelope,
                    });
                }
            }
        }
    }
}
