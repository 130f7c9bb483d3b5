//! What every delivery to a process manager goes through, an event's or one of its own commands'
//! (a timeout it scheduled): at-least-once delivery. A repeat is watched for what it sends or
//! changes, and after each handling the process manager may crash, restart from what it
//! persisted and get the message again.

use std::fmt::Write;

use super::super::{About, BoundedContext, Entry, Input, Message, StreamId};
use super::System;

impl<C: BoundedContext> System<C> {
    /// How many times to deliver `input` (message `name`) to `handler`: twice under duplicate
    /// delivery, else as many times as the faults say (at least once), a fault told with `what`
    /// names the message.
    pub(super) fn copies(
        &mut self,
        handler: &'static str,
        name: &'static str,
        input: Input<'_, C>,
        what: impl Fn() -> String,
    ) -> usize {
        if self.duplicate_delivery {
            return 2;
        }
        let copies = self
            .faults
            .as_mut()
            .map_or(1, |f| f.copies(handler, name, &|| about(&input)).max(1));
        if copies > 1 {
            self.journal.trace(|| {
                Entry::Fault(format!(
                    "duplicate: {} is delivered {} to {handler}",
                    what(),
                    match copies {
                        2 => "twice".to_string(),
                        n => format!("{n} times"),
                    }
                ))
            });
        }
        copies
    }

    /// Hands `input` to process manager `p` and sends on what it reacts with; `repeat` says it
    /// was delivered before. Returns whether the process manager crashed and restarted before
    /// acknowledging it, so the message must come again (as a repeat).
    pub(super) fn hand_to_process(
        &mut self,
        p: usize,
        input: Input<'_, C>,
        repeat: bool,
        replay: bool,
    ) -> bool {
        let by = self.processes[p].name();
        let watched = repeat && self.watch_repeats;
        let (out, changed) = if watched {
            self.processes[p].deliver_watched(input, self.clock, self.inbox)
        } else {
            let out = self.processes[p].deliver(input, self.clock, self.inbox);
            (out, false)
        };
        if watched && !out.is_empty() {
            let sent: Vec<&str> = out.iter().map(|o| o.command().name()).collect();
            self.repeat_violations.push(format!(
                "{by} sent {} again when {} was delivered again",
                sent.join(", "),
                in_words(&input)
            ));
        } else if changed {
            self.repeat_violations.push(format!(
                "{by} changed what it persists when {} was delivered again",
                in_words(&input)
            ));
        }
        self.dispatch(by, input, out, replay);
        self.crashed_and_restarted(p, input, repeat)
    }

    /// Whether the faults crash process manager `p` right after it handled `input`, and it
    /// restarted from what it persisted; a restart that fails is kept as a failure, and then
    /// nothing comes again.
    fn crashed_and_restarted(&mut self, p: usize, input: Input<'_, C>, repeat: bool) -> bool {
        let by = self.processes[p].name();
        if !self
            .faults
            .as_mut()
            .is_some_and(|f| f.crash(by, repeat, &|| about(&input)))
        {
            return false;
        }
        match self.processes[p].restart() {
            Ok(()) => {
                self.journal.trace(|| {
                    Entry::Fault(format!(
                        "crash: {by} restarts from what it persisted, and {} comes again",
                        in_words(&input)
                    ))
                });
                // The receipt was not acknowledged before the crash: the message comes again.
                true
            }
            Err(e) => {
                let failed = format!(
                    "{by} crashed after taking in {} and could not restart from what it \
                     persisted: {e}",
                    in_words(&input)
                );
                self.journal
                    .trace(|| Entry::Fault(format!("crash: {failed}")));
                self.restart_failures.push(failed);
                false
            }
        }
    }
}

/// `input` as `Faults` is told what a decision is about: an event by its stream and position, a
/// command, which has neither, by its fields. Worked out only when the faults ask (a
/// simulator's wait): hashing every delivery's stream, and writing out the fields of every
/// timeout as JSON, was 2.5% of `gwt simulate`'s instructions.
pub(super) fn about<C: BoundedContext>(input: &Input<'_, C>) -> About {
    match input {
        Input::Event(e) => at(&e.stream, e.sequence),
        Input::Command(c) => {
            // Its fields as `Debug` writes them, straight into the hash: the same within a
            // build, which is all a replay asks, and nothing allocated.
            let mut hash = Fnv::new();
            let _ = write!(hash, "{:?}", c.command);
            About {
                stream: hash.0,
                sequence: 0,
            }
        }
    }
}

/// Position `sequence` of `stream`, as `Faults` is told it: an event there, or an append that
/// takes it first (a conflict), named alike.
pub(super) fn at(stream: &StreamId, sequence: u64) -> About {
    let mut hash = Fnv::new();
    hash.text(&stream.kind);
    hash.text(&stream.id);
    About {
        stream: hash.0,
        sequence,
    }
}

/// FNV-1a: no random state, so the same in every run, as a replay must be.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    }

    /// A text and then a byte no UTF-8 text holds, so that `Type/ab` + `c` is not `Type/a` +
    /// `bc`.
    fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
        self.bytes(&[0xff]);
    }
}

impl std::fmt::Write for Fnv {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.bytes(text.as_bytes());
        Ok(())
    }
}

/// A message delivered to a process manager, as failures and traces name it: an event with its
/// stream and position, a command by its name (it has no stream).
pub(super) fn in_words<C: BoundedContext>(input: &Input<'_, C>) -> String {
    match input {
        Input::Event(e) => format!("{} ({} #{})", e.message.name(), e.stream, e.sequence),
        Input::Command(c) => c.command.name().to_string(),
    }
}
