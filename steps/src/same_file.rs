//! Whether two paths name one file, so that no output is written over a file a command reads.

use std::path::Path;

/// The same file, under any name (a link, `..`): by identity where both exist, else by the
/// absolute path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (identity(a), identity(b)) {
        (Some(a), Some(b)) => a == b,
        _ => match (std::path::absolute(a), std::path::absolute(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
    }
}

/// Whether `path` names the file standard input reads (`< log.jsonl` beside `--write-migrated
/// log.jsonl`).
pub fn is_standard_input(path: &Path) -> bool {
    match (standard_input_identity(), identity(path)) {
        (Some(stdin), Some(file)) => stdin == file,
        _ => false,
    }
}

/// What makes a file itself: its device and inode, as `stat` gives them (through symbolic
/// links). Asked of the file's metadata, never by opening it: opening a named pipe waits for
/// the other end, forever for an output nobody reads, and takes a one-shot input's only reading.
#[cfg(unix)]
type Identity = (u64, u64);

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(unix)]
fn standard_input_identity() -> Option<Identity> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    let metadata = std::fs::File::from(fd).metadata().ok()?;
    Some((metadata.dev(), metadata.ino()))
}

/// Elsewhere, the files' handles (which opens them).
#[cfg(not(unix))]
type Identity = same_file::Handle;

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    same_file::Handle::from_path(path).ok()
}

#[cfg(not(unix))]
fn standard_input_identity() -> Option<Identity> {
    same_file::Handle::stdin().ok()
}
