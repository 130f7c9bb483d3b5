//! Standard output for every report `gwt` writes (tables, closing lines, the feature runner's
//! progress): one place that writes it and remembers how writing went, so that an output that
//! cannot be written (a full disk, `>/dev/full`) ends the command with a message and exit
//! status 2 rather than a panic from `print!`, and a reader that stopped reading (`| head`)
//! ends it quietly, as it has what it wanted.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Mutex;

/// The first error writing standard output gave, other than a closed pipe; and whether the
/// pipe was closed (after which nothing more is written: no one reads it).
struct State {
    failed: Option<io::Error>,
    closed: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    failed: None,
    closed: false,
});

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Writes `text` to standard output. An error is remembered for `finish`, not returned: a
/// report goes on being built (its exit status still says how the run went), and the command
/// says once, at its end, that its output was lost.
pub fn print(text: &str) {
    let text = domain::kernel::printable_lines(text);
    let _ = Stdout.write_all(text.as_bytes());
}

/// Standard output as a writer that remembers its first error as `print` does; it returns the
/// error too, for writers (cucumber's) that stop on one.
pub struct Stdout;

impl Stdout {
    fn note<T>(result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            let mut s = state();
            match e.kind() {
                io::ErrorKind::BrokenPipe => s.closed = true,
                _ if s.failed.is_none() => s.failed = Some(io::Error::new(e.kind(), e.to_string())),
                _ => {}
            }
        }
        result
    }

    fn given_up() -> bool {
        let s = state();
        s.closed || s.failed.is_some()
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Once writing failed, the rest would fail the same way: it is dropped rather than
        // tried again (a long feature run writes thousands of lines).
        if Stdout::given_up() {
            return Ok(buf.len());
        }
        Stdout::note(io::stdout().write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        if Stdout::given_up() {
            return Ok(());
        }
        Stdout::note(io::stdout().flush())
    }
}

/// The exit status of `command` (`gwt simulate`) once its output is flushed: `status` when
/// everything was written, or the reader stopped reading; otherwise 2, an output that cannot be
/// used, said on standard error.
pub fn finish(command: &str, status: ExitCode) -> ExitCode {
    // Standard output keeps an unfinished line until it is flushed, and the flush at exit
    // ignores its error: it is flushed here, where the error can still be told.
    match flushed() {
        Ok(()) => status,
        Err(e) => {
            crate::say!("{command}: cannot write to standard output: {e}");
            ExitCode::from(2)
        }
    }
}

/// Whether writing standard output has failed (not counting a reader that stopped reading):
/// `finish` will tell it.
pub fn has_failed() -> bool {
    state().failed.is_some()
}

/// Flushes standard output, and gives what kept it from being written, if anything did; a
/// command that has done its work before it tells it (a load committed) then says so with the
/// failure, rather than leave `finish`'s plain "cannot write" to suggest nothing was done.
pub fn flushed() -> Result<(), String> {
    let _ = Stdout.flush();
    match state().failed.take() {
        None => Ok(()),
        Some(e) => Err(crate::write_errors::in_words(&e)),
    }
}

/// Writes a line to standard error, for messages and warnings. Where standard error itself
/// cannot be written (`2>/dev/full`) the line is lost: there is nowhere left to say so, and the
/// exit status still tells how the command went, where `eprintln!` would panic instead.
pub fn say(line: std::fmt::Arguments) {
    // What a message quotes of a file (a line of NULs, a cell's escape sequence) is written
    // out, not sent to the terminal to act on.
    let line = line.to_string();
    let line = domain::kernel::printable_lines(&line);
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(line.as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// `say` with `format!`'s arguments: `say!("gwt load: {e}")`.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::stdout::say(format_args!($($arg)*))
    };
}
