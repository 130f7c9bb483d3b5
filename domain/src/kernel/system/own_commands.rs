//! A command a process manager handles itself (a timeout it scheduled), delivered at least once
//! as an event is: twice under duplicate delivery or as often as the faults say, and again after
//! a crash, so that a process manager must be idempotent on its own timeouts too.

use super::super::{BoundedContext, CommandEnvelope, Entry, Input, Message};
use super::System;

impl<C: BoundedContext> System<C> {
    /// Hands `envelope` to process manager `p` once for each copy, each copy after the first a
    /// repeat. A command has no stream, and the process manager that handles it is its only
    /// subscriber, so its copies come one after the other, as a crashed event's redelivery does.
    pub(super) fn deliver_own_command(&mut self, p: usize, envelope: &CommandEnvelope<C::Command>) {
        let by = self.processes[p].name();
        let name = envelope.command.name();
        let mut waiting = self.copies(by, name, Input::Command(envelope), || name.to_string());
        let mut repeat = false;
        while waiting > 0 {
            waiting -= 1;
            self.journal.trace(|| Entry::HandledCommand {
                by,
                command: envelope.clone(),
                again: repeat,
            });
            if self.hand_to_process(p, Input::Command(envelope), repeat, false) {
                waiting += 1;
            }
            repeat = true;
        }
    }
}
