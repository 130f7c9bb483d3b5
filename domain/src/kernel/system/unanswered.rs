//! Commands process managers send while a recorded log is replayed, watched for their answers:
//! the replay does not run them (the log records what they did), so a command whose answer the
//! log lost at its very end leaves no trace an invariant can see. Watched, each command stays
//! until its target stream records anything after it; those left at the end that their aggregate
//! would still act on are what the log records nothing of yet (in flight, or lost). Timeouts a
//! process manager schedules for itself are delivered to it when the log's clock reaches them,
//! as the live system did, so that what it sent on them is watched too.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::super::{
    instant_text, name as shown, BoundedContext, CommandEnvelope, Input, Instant, Message, StreamId,
};
use super::{Handler, System};

/// What a replay watches: the commands sent to aggregates not answered yet, and the timeouts
/// process managers wait for.
pub(super) struct Watch<C: BoundedContext> {
    on: bool,
    sent: Vec<Sent<C::Command>>,
    /// The length `sent` is swept at: twice what the last sweep left, so that sweeping costs a
    /// constant a command, and `sent` stays within twice what is outstanding.
    sweep_at: usize,
    /// By due instant, then the order they were scheduled in.
    timeouts: BinaryHeap<Reverse<Timeout<C::Command>>>,
    scheduled: u64,
}

impl<C: BoundedContext> Default for Watch<C> {
    fn default() -> Self {
        Watch {
            on: false,
            sent: Vec::new(),
            sweep_at: SMALLEST_SWEEP,
            timeouts: BinaryHeap::new(),
            scheduled: 0,
        }
    }
}

impl<C: BoundedContext> Clone for Watch<C> {
    fn clone(&self) -> Self {
        Watch {
            on: self.on,
            sent: self.sent.clone(),
            sweep_at: self.sweep_at,
            timeouts: self.timeouts.clone(),
            scheduled: self.scheduled,
        }
    }
}

/// Commands kept before the first sweep: a sweep looks up each command's stream, and a log's
/// commands are mostly answered by the next event of their stream.
const SMALLEST_SWEEP: usize = 1024;

/// A command sent to an aggregate, with where its stream stood when it was sent.
#[derive(Clone)]
struct Sent<Cmd> {
    by: &'static str,
    aggregate: usize,
    stream: StreamId,
    /// The stream's version as the command was sent: any event after it may be its answer.
    version: u64,
    at: Instant,
    /// When it was scheduled for, if it was.
    due: Option<Instant>,
    cause: Cause,
    command: Cmd,
}

/// What a process manager reacted to when it sent a command.
#[derive(Clone)]
enum Cause {
    Event {
        name: &'static str,
        stream: StreamId,
        sequence: u64,
    },
    Command(&'static str),
}

/// A command a process manager handles, waiting to be due.
#[derive(Clone)]
struct Timeout<Cmd> {
    due: Instant,
    order: u64,
    process: usize,
    command: CommandEnvelope<Cmd>,
}

impl<Cmd> PartialEq for Timeout<Cmd> {
    fn eq(&self, other: &Self) -> bool {
        (self.due, self.order) == (other.due, other.order)
    }
}
impl<Cmd> Eq for Timeout<Cmd> {}
impl<Cmd> PartialOrd for Timeout<Cmd> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<Cmd> Ord for Timeout<Cmd> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.due, self.order).cmp(&(other.due, other.order))
    }
}

/// A command sent while the log was replayed that the log records nothing of by its end, and
/// that its aggregate, as the log leaves it, would act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unanswered {
    pub command: &'static str,
    pub stream: StreamId,
    pub by: &'static str,
    pub sent_at: Instant,
    /// What it was sent in reaction to, in words.
    pub cause: String,
    /// The events its aggregate would record for it now.
    pub would_record: Vec<&'static str>,
}

impl std::fmt::Display for Unanswered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} to {}, sent by {} at {} {}: the log records nothing of it yet (it would record \
             {}): in flight, or lost",
            self.command,
            shown(&self.stream.to_string()),
            self.by,
            instant_text(self.sent_at),
            self.cause,
            self.would_record.join(", ")
        )
    }
}

impl<C: BoundedContext> System<C> {
    /// Watches, while past events are loaded, what process managers send (see the module's
    /// head): for a replay of a recorded log, read in its order, whose clock is the log's.
    pub fn watch_answers(&mut self, on: bool) {
        self.watch.on = on;
    }

    /// Keeps a command a process manager sent while past events were loaded, when watching;
    /// gives it back when not.
    pub(super) fn watched(
        &mut self,
        by: &'static str,
        cause: Input<'_, C>,
        due: Option<Instant>,
        command: CommandEnvelope<C::Command>,
    ) -> Option<CommandEnvelope<C::Command>> {
        if !self.watch.on {
            return Some(command);
        }
        match self.routes.commands.get(command.command.name()) {
            Some(&Handler::Process(process)) => {
                self.watch.scheduled += 1;
                self.watch.timeouts.push(Reverse(Timeout {
                    due: due.unwrap_or(self.clock),
                    order: self.watch.scheduled,
                    process,
                    command,
                }));
            }
            Some(&Handler::Aggregate(aggregate)) => {
                // One its aggregate names no instance for has no stream to be answered in.
                let id = self.aggregates[aggregate].command_stream(&command.command)?;
                let version = self.aggregates[aggregate].version(&id);
                let cause = match cause {
                    Input::Event(e) => Cause::Event {
                        name: e.message.name(),
                        stream: e.stream.clone(),
                        sequence: e.sequence,
                    },
                    Input::Command(c) => Cause::Command(c.command.name()),
                };
                if self.watch.sent.len() >= self.watch.sweep_at {
                    self.sweep_answered();
                }
                self.watch.sent.push(Sent {
                    by,
                    stream: StreamId::new(self.aggregates[aggregate].name(), id),
                    aggregate,
                    version,
                    at: self.clock,
                    due,
                    cause,
                    command: command.command,
                });
            }
            None => {}
        }
        None
    }

    /// Drops the commands whose stream recorded something since they were sent, and those their
    /// aggregate refuses or records nothing for as their stream stands: a stream that records
    /// nothing more leaves them so, and a log of many streams would otherwise keep one for each
    /// (memory that grew with the log's length, measured).
    fn sweep_answered(&mut self) {
        let (aggregates, now) = (&self.aggregates, self.clock);
        self.watch.sent.retain(|s| {
            let aggregate = &aggregates[s.aggregate];
            aggregate.version(&s.stream.id) == s.version
                && aggregate
                    .decide(&s.stream.id, &s.command, now)
                    .is_ok_and(|events| !events.is_empty())
        });
        self.watch.sweep_at = (2 * self.watch.sent.len()).max(SMALLEST_SWEEP);
    }

    /// Hands process managers their timeouts due by the clock, each at the instant it was due.
    #[inline]
    pub(super) fn deliver_due(&mut self) {
        while self
            .watch
            .timeouts
            .peek()
            .is_some_and(|Reverse(t)| t.due <= self.clock)
        {
            let Some(Reverse(timeout)) = self.watch.timeouts.pop() else {
                break;
            };
            let now = self.clock;
            self.clock = timeout.due;
            self.hand_to_process(
                timeout.process,
                Input::Command(&timeout.command),
                false,
                true,
            );
            self.clock = now;
        }
    }

    /// The commands watched that the log records nothing of by its end (`end`, its last
    /// instant) and that their aggregates would still record something for, in the order sent.
    /// One scheduled after `end` is expected to be unanswered and is left out; one its aggregate
    /// refuses, or records nothing for, had its effect or was turned down, and is left out too.
    pub fn unanswered(&self, end: Instant) -> Vec<Unanswered> {
        self.watch
            .sent
            .iter()
            .filter(|s| self.aggregates[s.aggregate].version(&s.stream.id) == s.version)
            .filter(|s| s.due.is_none_or(|due| due <= end))
            .filter_map(|s| {
                let events = self.aggregates[s.aggregate]
                    .decide(&s.stream.id, &s.command, end)
                    .ok()?;
                let mut would_record: Vec<&'static str> = Vec::new();
                for event in &events {
                    if !would_record.contains(&event.name()) {
                        would_record.push(event.name());
                    }
                }
                (!would_record.is_empty()).then(|| Unanswered {
                    command: s.command.name(),
                    stream: s.stream.clone(),
                    by: s.by,
                    sent_at: s.at,
                    cause: match &s.cause {
                        Cause::Event {
                            name,
                            stream,
                            sequence,
                        } => format!("after {name} of {} #{sequence}", shown(&stream.to_string())),
                        Cause::Command(name) => format!("when its {name} fell due"),
                    },
                    would_record,
                })
            })
            .collect()
    }
}
