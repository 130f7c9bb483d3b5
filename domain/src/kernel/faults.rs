//! Faults a `System` can be put under, the way a real deployment misbehaves: duplicate delivery
//! (of events, and of the commands process managers handle), deliveries reordered across
//! streams, process managers crashing and restarting from what they persisted, scheduled
//! commands arriving late, and concurrent appends that conflict. The kernel asks; a simulator
//! answers from its seed. Without faults every answer is the orderly one.

use super::StreamId;

/// The message a decision is about (`copies`, `crash` and `lateness`, which are given it to ask
/// for: a command's fields are written out for it; the append `conflict` asks about; the
/// deliveries `pick` chooses among), named the same in every run that delivers it, whatever
/// else is in flight. A simulator that strikes by it, rather than by how many decisions came
/// before, strikes the same message when unrelated work comes and goes (a history shrunk by
/// taking out another order's steps), not whichever message came k-th.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct About {
    /// An event's stream, or a command's name and fields (a command has no stream), hashed.
    pub stream: u64,
    /// An event's position in its stream (for an append, the first it takes); 0 for a command.
    /// Taking out an earlier step on the same stream moves it, so a simulator that keeps
    /// decisions put counts it from the first position it was asked about.
    pub sequence: u64,
}

pub trait Faults: Send {
    /// How many times to deliver a message to a handler (at least 1): an event to a process
    /// manager or read model, or a command to the process manager that handles it (a timeout).
    fn copies(
        &mut self,
        _handler: &'static str,
        _message: &'static str,
        _about: &dyn Fn() -> About,
    ) -> usize {
        1
    }

    /// Which of `choices` pieces of work goes next: deliveries waiting (the oldest of each stream
    /// for each handler, so order within a stream is kept), then sent commands, then due ones.
    /// 0 is the orderly choice. `about(i)` names the i-th when it is a delivery, by the handler
    /// that takes it and its event; a command has `None`: sent and due commands wait in queues
    /// every stream shares, and only the one at the front of each may go.
    fn pick(
        &mut self,
        _choices: usize,
        _about: &dyn Fn(usize) -> Option<(&'static str, About)>,
    ) -> usize {
        0
    }

    /// Whether a process manager crashes right after handling a message: it restarts from its
    /// persisted state, and the message (whose receipt was not acknowledged) comes again.
    /// `again` says the delivery just handled repeats one already made (a duplicate, or the
    /// message that came again after a crash), so that faults may crash on first handlings only.
    fn crash(&mut self, _process: &'static str, _again: bool, _about: &dyn Fn() -> About) -> bool {
        false
    }

    /// How many minutes late a scheduled command (`about`) is delivered.
    fn lateness(&mut self, _command: &'static str, _about: &dyn Fn() -> About) -> i64 {
        0
    }

    /// Whether another writer gets to a stream between a decision and its append, so the append
    /// conflicts and the command is decided again. `about` is the append: the stream and the
    /// first position it takes, the same for each time the command is decided again at it.
    fn conflict(
        &mut self,
        _stream: &StreamId,
        _deciding: &'static str,
        _about: &dyn Fn() -> About,
    ) -> bool {
        false
    }
}
