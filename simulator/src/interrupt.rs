//! Ctrl-C and the termination signals: one handler a process, told which signal came, so that a
//! run ends with the status shells give a process that signal ended (130 for Ctrl-C, 143 for
//! SIGTERM, 129 for SIGHUP). During a long run that has something to show for itself (`gwt
//! simulate`), the first asks the run to stop at the next history and report what it found; a
//! second ends it at once.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::OnceLock;

/// The signal that asked the run to stop; 0 while none has.
static ASKED: AtomicI32 = AtomicI32::new(0);

/// Whether a handler is set: one a process, the first that asks (a test in the same process
/// asking again keeps it, as the handlers all do the same with their own words).
static SET: OnceLock<()> = OnceLock::new();

/// Whether the run has nothing left to stop at: its histories are all run, and what it found
/// is being written, which a signal lets finish.
static RUN_OVER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// SIGINT's number, which Ctrl-C sends, for a platform that tells no other.
pub const CTRL_C: i32 = 2;

/// Calls `handler` with the signal's number on Ctrl-C, SIGTERM or SIGHUP, each time one comes,
/// on a thread of its own. Only the first call in a process sets it.
pub fn on_signal(handler: impl Fn(i32) + Send + 'static) {
    if SET.set(()).is_err() {
        return;
    }
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // A handler that cannot be set leaves the signal's default: the run ends at once, as it
        // would have without this.
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    handler(signal);
                }
            });
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrlc::set_handler(move || handler(CTRL_C));
    }
}

/// Makes a write past the file size limit (`ulimit -f`) an error the write returns (`File too
/// large`), told and cleaned up as a full disk is, rather than a signal that kills the run and
/// leaves its output half written under its temporary name.
pub fn writes_past_the_size_limit_fail() {
    #[cfg(unix)]
    {
        // Caught, the signal does nothing; what matters is that it is not the default, which
        // ends the process.
        let caught = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, caught);
    }
}

/// The status a run a signal ended exits with, as shells give it: 128 and the signal's number.
pub fn status_of(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(128 + CTRL_C as u8)
}

/// From now on, Ctrl-C (or a termination signal) asks the run to stop rather than ending it: a
/// simulation of an hour stopped after half of it has failures worth writing and a table worth
/// reading. A second signal, for a user who will not wait for the history under way, ends it.
pub fn stop_when_asked(command: &'static str) {
    on_signal(move |signal| {
        let new_line = crate::output::new_line_after_a_bar();
        // The handler's thread takes the signals one at a time, so nothing else sets `ASKED`
        // between this look and the store below.
        if ASKED.load(Ordering::SeqCst) != 0 {
            steps::say!(
                "{new_line}{command}: interrupted again; stopped at once, nothing more written"
            );
            std::process::exit(status_of(signal).into());
        }
        // Said before the run is asked to stop: asked first, the run could end and sum up what
        // it did before this notice was written.
        steps::say!(
            "{new_line}{}",
            notice(command, signal, RUN_OVER.load(Ordering::SeqCst))
        );
        ASKED.store(signal, Ordering::SeqCst);
    });
}

/// What `command` says when `signal` first comes: that it stops after the history under way,
/// or, once every history has run (`run_over`), that what was found is being written, which a
/// notice of a stop to come would misstate.
fn notice(command: &str, signal: i32, run_over: bool) -> String {
    let name = signal_name(signal);
    let by = match signal {
        CTRL_C => String::new(),
        _ => format!(" by {name}"),
    };
    let doing = match run_over {
        true => "every history has run, and what was found is being written",
        false => "stopping after the history under way to write what was found",
    };
    format!("{command}: interrupted{by}; {doing} ({name} again to stop at once)")
}

/// A signal as a user knows it: Ctrl-C for SIGINT, which is how one is mostly sent, else its
/// name (`SIGTERM`, a supervisor's stop; `SIGHUP`, a closed terminal).
pub fn signal_name(signal: i32) -> &'static str {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGTERM};
        match signal {
            SIGTERM => return "SIGTERM",
            SIGHUP => return "SIGHUP",
            _ => {}
        }
    }
    match signal {
        CTRL_C => "Ctrl-C",
        _ => "a signal",
    }
}

/// From now on a signal finds the run's histories all run: its notice says so rather than
/// promise a stop after the history under way.
pub fn run_over() {
    RUN_OVER.store(true, Ordering::SeqCst);
}

/// The signal that asked the run to stop, if one has.
pub fn asked() -> Option<i32> {
    match ASKED.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_once_every_history_has_run_promises_no_stop() {
        assert_eq!(
            notice("gwt simulate", CTRL_C, false),
            "gwt simulate: interrupted; stopping after the history under way to write what was \
             found (Ctrl-C again to stop at once)"
        );
        assert_eq!(
            notice("gwt simulate", CTRL_C, true),
            "gwt simulate: interrupted; every history has run, and what was found is being \
             written (Ctrl-C again to stop at once)"
        );
        #[cfg(unix)]
        assert_eq!(
            notice("gwt simulate", signal_hook::consts::SIGTERM, true),
            "gwt simulate: interrupted by SIGTERM; every history has run, and what was found is \
             being written (SIGTERM again to stop at once)"
        );
    }
}
