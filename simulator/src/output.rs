//! Files a run writes, made beside where they go and moved there whole once complete; on Ctrl-C
//! or a termination signal the ones being written are removed, and one a killed run left behind
//! is removed by the next run that writes beside it. `verify-migration`'s outputs,
//! `simulate --export` and the simulation's failure files share this, so none leaves a cut file
//! under the final name.

use std::path::{Path, PathBuf};

/// A file the run writes, made beside where it goes and moved there whole only once it is
/// complete and checked: a run that fails or is stopped leaves the old file, if any, as it was,
/// and nothing half-written.
pub struct Output {
    /// Where the file goes: through a symbolic link, to the file it names.
    pub path: PathBuf,
    /// As the user wrote it, for messages.
    pub shown: String,
    pub file: tempfile::NamedTempFile,
}

/// Files being written, to remove if the run is interrupted (they are big, and half-written), and
/// folders a run makes for its own use.
static PARTIAL: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// On Ctrl-C or a termination signal, removes the files being written, then ends the run: the
/// outputs keep what they held before it.
pub fn remove_partial_files_when_interrupted(command: &'static str) {
    crate::interrupt::on_signal(move |signal| {
        if let Ok(partial) = PARTIAL.lock() {
            for path in partial.iter() {
                if std::fs::remove_file(path).is_err() {
                    let _ = std::fs::remove_dir_all(path);
                }
            }
        }
        let new_line = new_line_after_a_bar();
        steps::say!("{new_line}{command}: interrupted; no output was written");
        std::process::exit(crate::interrupt::status_of(signal).into());
    });
}

/// On Ctrl-C or a termination signal, says `what` (after `command: interrupted; `) and exits
/// with the signal's status (130 for Ctrl-C), for a run whose output cannot be taken back (a log written to standard output) or
/// that has nothing to show until it ends (a bench): it ended by the signal, with no word.
pub fn say_when_interrupted(command: &'static str, what: &'static str) {
    crate::interrupt::on_signal(move |signal| {
        let new_line = new_line_after_a_bar();
        steps::say!("{new_line}{command}: interrupted; {what}");
        std::process::exit(crate::interrupt::status_of(signal).into());
    });
}

/// What a message said while a progress bar may be drawn starts with: a line end where bars are
/// drawn, as the bar stands unfinished on the line the cursor is on; nothing elsewhere.
pub fn new_line_after_a_bar() -> &'static str {
    match bars_drawn() {
        true => "\n",
        false => "",
    }
}

/// Whether progress bars are drawn on standard error: on a terminal that can take them. A bar is
/// redrawn with a carriage return and an escape sequence that clears the line, which a terminal
/// that says it is `dumb` (`TERM=dumb`: an editor's compilation buffer, some CI consoles) shows
/// as text, `^[[2K` on every redraw.
pub fn bars_drawn() -> bool {
    bars_drawn_on(
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
        std::env::var_os("TERM").as_deref(),
    )
}

fn bars_drawn_on(terminal: bool, term: Option<&std::ffi::OsStr>) -> bool {
    terminal && term.is_none_or(|t| t != "dumb")
}

/// Removes `path`, a file or a folder the run makes for its own use, on Ctrl-C or a
/// termination signal (`gwt test --bench`'s generated scenarios), as the outputs being written
/// are removed.
pub fn remove_when_interrupted(command: &'static str, path: PathBuf) {
    remove_partial_files_when_interrupted(command);
    if let Ok(mut partial) = PARTIAL.lock() {
        partial.push(path);
    }
}

/// What a path is when it is neither a file nor a folder: said by the outputs that cannot go
/// there and by the inputs that cannot be read from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    Pipe,
    CharacterDevice,
    BlockDevice,
    Socket,
}

impl Special {
    /// What `metadata` is of, if it is neither a file nor a folder (nor a link).
    pub fn of(metadata: &std::fs::Metadata) -> Option<Special> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let kind = metadata.file_type();
            if kind.is_fifo() {
                return Some(Special::Pipe);
            }
            if kind.is_char_device() {
                return Some(Special::CharacterDevice);
            }
            if kind.is_block_device() {
                return Some(Special::BlockDevice);
            }
            if kind.is_socket() {
                return Some(Special::Socket);
            }
        }
        let _ = metadata;
        None
    }

    pub fn is_device(self) -> bool {
        matches!(self, Special::CharacterDevice | Special::BlockDevice)
    }

    /// `a pipe`, `a character device`…
    pub fn words(self) -> &'static str {
        match self {
            Special::Pipe => "a pipe",
            Special::CharacterDevice => "a character device",
            Special::BlockDevice => "a block device",
            Special::Socket => "a socket",
        }
    }
}

/// Why an output cannot go to what is neither a file nor a folder: it is written whole or not
/// at all (a temporary file moved over its target), which a pipe or a device cannot take.
/// `--export` writes to standard output instead, which a pipe can.
fn not_a_file(metadata: &std::fs::Metadata, flag: &str) -> String {
    let what = match Special::of(metadata) {
        Some(Special::Pipe) => Special::Pipe.words().to_string(),
        Some(other) => format!("not a regular file ({})", other.words()),
        None => "not a regular file".to_string(),
    };
    let instead = match flag {
        "--export" => {
            "; to write into a pipe, export to standard output: --export - | gzip > log.jsonl.gz"
        }
        _ => "",
    };
    format!("it is {what}, and an output is written to a file whole or not at all{instead}")
}

impl Output {
    /// Fails at once, before a long verification, if the file could not be written.
    pub fn create(path: &Path, flag: &str) -> Result<Output, String> {
        let shown = path.display().to_string();
        let cannot = |why: String| format!("{flag} {shown}: cannot write it: {why}");
        if path == Path::new("-") {
            return Err(cannot(
                "standard output carries the report; name a file".into(),
            ));
        }
        // Written through a link, so that the link stays and the file it names is replaced.
        let target = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
                Ok(target) => target,
                // A process substitution's `/dev/fd/63` links to `pipe:[…]`, which is no path:
                // what it is, not a broken link.
                Err(e) => match std::fs::metadata(path) {
                    Ok(m) if !m.is_file() && !m.is_dir() => {
                        return Err(cannot(not_a_file(&m, flag)))
                    }
                    _ => return Err(cannot(format!("a broken link: {e}"))),
                },
            },
            _ => path.to_path_buf(),
        };
        let existing = std::fs::metadata(&target).ok();
        if let Some(m) = &existing {
            if m.is_dir() {
                return Err(cannot("it is a folder".into()));
            }
            if !m.is_file() {
                return Err(cannot(not_a_file(m, flag)));
            }
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(cannot(format!("there is no folder {}", folder.display())));
        }
        remove_left_by_killed_runs(folder, &format!("{flag} {shown}"));
        let mut builder = tempfile::Builder::new();
        builder.prefix(PREFIX).suffix(SUFFIX);
        // The file replaced keeps its permissions; a new one gets what the umask leaves of
        // read and write for all, as any file a program creates (a temporary file's own are
        // the owner's alone).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(match &existing {
                Some(m) => m.permissions(),
                None => std::fs::Permissions::from_mode(0o666),
            });
        }
        let file = builder
            .tempfile_in(folder)
            .map_err(|e| cannot(folder_not_writable(folder, &e)))?;
        // Held while the run lives, and let go by the system however it ends: a later run that
        // can take it knows the file's writer is gone.
        let _ = file.as_file().try_lock();
        if let Ok(mut partial) = PARTIAL.lock() {
            partial.push(file.path().to_path_buf());
        }
        Ok(Output {
            path: target,
            shown,
            file,
        })
    }

    pub fn persist(self) -> Result<(), String> {
        let temporary = self.file.path().to_path_buf();
        let persisted = self
            .file
            .persist(&self.path)
            .map(drop)
            .map_err(|e| format!("cannot write {}: {}", self.shown, e.error));
        if let Ok(mut partial) = PARTIAL.lock() {
            partial.retain(|p| *p != temporary);
        }
        persisted
    }
}

/// How the files being written are named, beside where they go.
const PREFIX: &str = ".gwt-";
const SUFFIX: &str = ".partial";

/// Removes from `folder` the files being written that a run left when it was killed (SIGKILL,
/// a power cut), which no signal handler could remove: each is locked while its run lives, so
/// one whose lock can be taken has no writer left. One another run is writing is left alone.
/// Each removal is told, for `output` (the flag and file that brought this run here).
fn remove_left_by_killed_runs(folder: &Path, output: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
            continue;
        }
        // Only a plain file is opened: opening a pipe of that name would wait for a writer.
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        if !std::fs::File::open(&path).is_ok_and(|f| f.try_lock().is_ok()) {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => steps::say!(
                "{output}: removed {}, a file a run was writing when it was killed",
                path.display()
            ),
            Err(e) => steps::say!(
                "{output}: {} was left by a run that was killed, and cannot be removed: {e}",
                path.display()
            ),
        }
    }
}

/// Why no file could be made in `folder`, in the user's words: the folder they named (or the one
/// above where their file or folder would go), never the temporary file that was tried, whose
/// name they never gave. `/proc` refuses new files with "No such file or directory", which reads
/// as though the folder were missing: a folder that exists is said to take no new file.
pub fn folder_not_writable(folder: &Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let why = match e.kind() {
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::ReadOnlyFilesystem => "a read-only file system".to_string(),
        ErrorKind::NotFound if folder.is_dir() => "no file can be made there".to_string(),
        // tempfile adds `at path "<the temporary file>"` to the system's reason.
        _ => {
            let text = e.to_string();
            match text.split_once(" at path ") {
                Some((reason, _)) => reason.to_string(),
                None => text,
            }
        }
    };
    format!(
        "the folder {} cannot be written in ({why})",
        folder.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn bars_are_drawn_on_a_terminal_but_a_dumb_one() {
        assert!(bars_drawn_on(true, None));
        assert!(bars_drawn_on(true, Some(OsStr::new("xterm-256color"))));
        assert!(!bars_drawn_on(true, Some(OsStr::new("dumb"))));
        assert!(!bars_drawn_on(false, Some(OsStr::new("xterm"))));
    }
}
