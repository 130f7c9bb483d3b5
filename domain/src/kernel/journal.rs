//! The journal: everything a `System` recorded, published, sent, delivered and refused, in the
//! order it happened, so that a test can speak of what followed a stimulus.

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
}

#[derive(Clone, Debug)]
pub struct Journal<C: BoundedContext> {
    entries: Vec<Entry<C>>,
}

impl<C: BoundedContext> Default for Journal<C> {
    fn default() -> Self {
        Journal {
            entries: Vec::new(),
        }
    }
}

impl<C: BoundedContext> Journal<C> {
    pub(crate) fn push(&mut self, entry: Entry<C>) {
        self.entries.push(entry);
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
