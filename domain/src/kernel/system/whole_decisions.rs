//! A decision's events stand together in their stream: an event that a decision only records with
//! another right after it (`Aggregate::RECORDED_WITH`) is followed by it, where events are judged.

use super::super::{with_article, BoundedContext, Envelope, Message, StreamId};
use super::{System, Unrecordable};

/// An event judged whose decision records `then` right after it, not yet followed by it.
#[derive(Clone, Debug)]
pub(super) struct Owed {
    stream: StreamId,
    sequence: u64,
    first: &'static str,
    then: &'static str,
}

impl<C: BoundedContext> System<C> {
    /// Holds `e`, just placed in a stream of the aggregate at `a`, to what the stream owes: the
    /// event a decision records right after the one before it, if any; and notes what `e` owes in
    /// turn. A log holds a decision's events on adjacent lines, so what is owed is owed for a
    /// line or two, and the list is almost always empty.
    pub(super) fn hold_decision_whole(&mut self, a: usize, e: &Envelope<C::Event>) {
        // Asked of every event a log holds: most owe nothing and are owed nothing.
        let pairs = self.aggregates[a].recorded_with();
        if pairs.is_empty() && self.owed.is_empty() {
            return;
        }
        let name = e.message.name();
        if let Some(at) = self.owed.iter().position(|o| o.stream == e.stream) {
            let owed = self.owed.swap_remove(at);
            if owed.then != name {
                self.impossible.push(Unrecordable {
                    stream: e.stream.clone(),
                    sequence: e.sequence,
                    event: name,
                    why: format!(
                        "it comes right after {} (#{}), which is only ever recorded with {} right \
                         after it",
                        owed.first,
                        owed.sequence,
                        with_article(owed.then)
                    ),
                });
            }
        }
        if let Some(&(first, then)) = pairs.iter().find(|&&(first, _)| first == name) {
            self.owed.push(Owed {
                stream: e.stream.clone(),
                sequence: e.sequence,
                first,
                then,
            });
        }
    }

    /// The events judged, since last taken, whose decision records another right after them
    /// that has not followed (`Aggregate::RECORDED_WITH`), in stream order; forgotten once
    /// taken. At the end of a recorded log, each is a stream that lost its last event; where a
    /// scenario's Givens end, a past told in a few strokes, as DSL.md allows.
    pub fn take_told_in_part(&mut self) -> Vec<Unrecordable> {
        let told = self.told_in_part();
        self.owed.clear();
        told
    }

    /// Everything a settled point (a simulated step, a scenario's Then) finds its history
    /// could not hold, since last taken: the events their aggregates could not have recorded
    /// (`take_impossible`), then the decisions told in part (`take_told_in_part`), every
    /// decision's events being in by then.
    pub fn take_unrecordable(&mut self) -> Vec<Unrecordable> {
        // Asked after every simulated step, which almost always finds nothing.
        if self.impossible.is_empty() && self.owed.is_empty() {
            return Vec::new();
        }
        let mut found = self.take_impossible();
        found.extend(self.take_told_in_part());
        found
    }

    /// `take_unrecordable`, left in place.
    pub fn unrecordable(&self) -> Vec<Unrecordable> {
        let mut found = self.impossible().to_vec();
        found.extend(self.told_in_part());
        found
    }

    /// The position of the event that `stream` owes the next one after (see
    /// `take_told_in_part`), if it owes one.
    #[inline]
    pub fn owes(&self, stream: &StreamId) -> Option<u64> {
        self.owed
            .iter()
            .find(|o| o.stream == *stream)
            .map(|o| o.sequence)
    }

    /// `take_told_in_part`, left in place.
    pub fn told_in_part(&self) -> Vec<Unrecordable> {
        let mut owed: Vec<Unrecordable> = self.owed.iter().map(told_in_part).collect();
        owed.sort();
        owed
    }
}

fn told_in_part(owed: &Owed) -> Unrecordable {
    Unrecordable {
        why: format!(
            "it ends its stream, but is only ever recorded with {} right after it",
            with_article(owed.then)
        ),
        stream: owed.stream.clone(),
        sequence: owed.sequence,
        event: owed.first,
    }
}
