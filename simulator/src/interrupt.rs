//! Ctrl-C during a long run that has something to show for itself (`gwt simulate`): the first
//! asks the run to stop at the next history and report what it found; a second ends it at once.

use std::sync::atomic::{AtomicBool, Ordering};

static ASKED: AtomicBool = AtomicBool::new(false);

/// From now on, Ctrl-C (or a termination signal) asks the run to stop rather than ending it: a
/// simulation of an hour stopped after half of it has failures worth writing and a table worth
/// reading. A second signal, for a user who will not wait for the history under way, ends it.
pub fn stop_when_asked(command: &'static str) {
    // Only one handler may be set in a process; a second call (from a test in the same
    // process) keeps the first.
    let _ = ctrlc::set_handler(move || {
        let new_line = crate::output::new_line_after_a_bar();
        if ASKED.swap(true, Ordering::SeqCst) {
            steps::say!(
                "{new_line}{command}: interrupted again; stopped at once, nothing more written"
            );
            std::process::exit(130);
        }
        steps::say!(
            "{new_line}{command}: interrupted; stopping after the history under way to write \
             what was found (Ctrl-C again to stop at once)"
        );
    });
}

/// Whether the user has asked the run to stop.
pub fn asked() -> bool {
    ASKED.load(Ordering::SeqCst)
}
