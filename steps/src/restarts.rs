//! The stored-form run's crash: every process manager restarts from what it persisted right
//! after each message it handles (an event, or one of its own commands), and that message comes
//! again, as the simulator's crash fault does at random. A state JSON cannot write or read back, or a process manager that is not
//! idempotent once restarted, fails the scenario rather than waiting for `gwt simulate`.

use domain::kernel::{About, Faults};

/// Crashes a process manager after every first handling of a message, never after a repeat:
/// the message that comes again after the crash is a repeat, so the run cannot loop. Asked per
/// delivery rather than kept as a toggle, it stays right when a restart fails (nothing comes
/// again then) and when several process managers take the same event.
pub struct RestartAfterEachMessage;

impl Faults for RestartAfterEachMessage {
    fn crash(&mut self, _process: &'static str, again: bool, _about: &dyn Fn() -> About) -> bool {
        !again
    }
}
