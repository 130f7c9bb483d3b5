//! The journal: everything a `System` recorded, published, sent, delivered and refused, in the
//! order it happened, so that a test can speak of what followed a stimulus.

use std::sync::Arc;

use super::{BoundedContext, CommandEnvelope, Envelope, Instant, Rejection};

#[derive(Clone, Debug, PartialEq)]
pub enum Entry<C: BoundedContext> {
    /// An event a handler recorded.
    Recorded(Envelope<C::Event>),
    /// An event that came from outside and was delivered without being decided here.
    Published(Envelope<C::Event>),
    /// A command a process manager sent: now (`due` is `None`) or for later.
    Sent {
        by: &'static str,
        command: CommandEnvelope<C::Command>,
        due: Option<Instant>,
    },
    /// A scheduled command reached its handler.
    Delivered(CommandEnvelope<C::Command>),
    /// A handler refused a command.
    Rejected {
        command: CommandEnvelope<C::Command>,
        rejection: Rejection,
    },
    /// A process manager or read model took in an event (`again`: a repeated delivery). Journaled
    /// only when tracing (`System::set_trace`).
    Handled {
        by: &'static str,
        event: Arc<Envelope<C::Event>>,
        again: bool,
    },
    /// A process manager took in one of its own commands (a timeout it scheduled; `again`: a
    /// repeated delivery). Journaled only when tracing.
    HandledCommand {
        by: &'static str,
        command: CommandEnvelope<C::Command>,
        again: bool,
    },
    /// A fault the system was put under, in words. Journaled only when tracing.
    Fault(String),
    /// A command a process manager sent while past events were loaded (`System::given`): it
    /// counts as handled in that past, so it was not run, and only what the past lists came of
    /// it. Kept with the entries, counted as nothing: a refusal later may come of it not having
    /// run (seats created but never made available), which the feature runner tells.
    SentInThePast {
        by: &'static str,
        command: CommandEnvelope<C::Command>,
    },
}

/// How many entries of each kind were journaled, kept or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub recorded: u64,
    pub published: u64,
    pub sent: u64,
    pub delivered: u64,
    pub rejected: u64,
}

#[derive(Clone, Debug)]
pub struct Journal<C: BoundedContext> {
    entries: Vec<Entry<C>>,
    /// A simulation that never speaks of "what followed" only counts: it runs millions of
    /// histories, and keeping every entry would cost more than the checks.
    keep: bool,
    /// Whether deliveries and faults are journaled too, to trace one run step by step.
    trace: bool,
    counts: Counts,
}

impl<C: BoundedContext> Default for Journal<C> {
    fn default() -> Self {
        Journal {
            entries: Vec::new(),
            keep: true,
            trace: false,
            counts: Counts::default(),
        }
    }
}

impl<C: BoundedContext> Journal<C> {
    /// Journals the entry `make` builds, which is only built if entries are kept.
    pub(crate) fn push(
        &mut self,
        kind: fn(&mut Counts) -> &mut u64,
        make: impl FnOnce() -> Entry<C>,
    ) {
        *kind(&mut self.counts) += 1;
        if self.keep {
            self.entries.push(make());
        }
    }

    /// Keeps entries (the default) or only counts them; not keeping also forgets those kept.
    pub(crate) fn set_keep(&mut self, keep: bool) {
        self.keep = keep;
        if !keep {
            self.entries = Vec::new();
            self.trace = false;
        }
    }

    /// Journals deliveries and faults too (and so keeps entries), or stops.
    pub(crate) fn set_trace(&mut self, trace: bool) {
        if trace {
            self.keep = true;
        }
        self.trace = trace;
    }

    pub(crate) fn tracing(&self) -> bool {
        self.trace
    }

    /// Journals the entry `make` builds when entries are kept; it counts as nothing.
    pub(crate) fn keep_uncounted(&mut self, make: impl FnOnce() -> Entry<C>) {
        if self.keep {
            self.entries.push(make());
        }
    }

    /// Journals the entry `make` builds when tracing; it counts as nothing.
    pub(crate) fn trace(&mut self, make: impl FnOnce() -> Entry<C>) {
        if self.trace {
            self.entries.push(make());
        }
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// A position to speak of "what happened since".
    pub fn mark(&self) -> usize {
        self.entries.len()
    }

    pub fn entries(&self) -> &[Entry<C>] {
        &self.entries
    }

    pub fn since(&self, mark: usize) -> &[Entry<C>] {
        &self.entries[mark.min(self.entries.len())..]
    }

    /// Events recorded since `mark`.
    pub fn recorded(&self, mark: usize) -> impl Iterator<Item = &Envelope<C::Event>> {
        self.since(mark).iter().filter_map(|e| match e {
            Entry::Recorded(env) => Some(env),
            _ => None,
        })
    }

    /// Commands sent since `mark`, with the instant they are due if scheduled.
    pub fn sent(
        &self,
        mark: usize,
    ) -> impl Iterator<Item = (&CommandEnvelope<C::Command>, Option<Instant>)> {
        self.since(mark).iter().filter_map(|e| match e {
            Entry::Sent { command, due, .. } => Some((command, *due)),
            _ => None,
        })
    }

    /// Rejections since `mark`.
    pub fn rejections(
        &self,
        mark: usize,
    ) -> impl Iterator<Item = (&CommandEnvelope<C::Command>, &Rejection)> {
        self.since(mark).iter().filter_map(|e| match e {
            Entry::Rejected { command, rejection } => Some((command, rejection)),
            _ => None,
        })
    }
}
