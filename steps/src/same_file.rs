//! Whether two paths name one file, so that no output is written over a file a command reads.

use std::path::Path;

/// The same file, under any name (a link, `..`): by identity where both exist, else by the
/// absolute path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match same_file::is_same_file(a, b) {
        Ok(same) => same,
        Err(_) => match (std::path::absolute(a), std::path::absolute(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
    }
}
