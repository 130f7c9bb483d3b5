//! What kept an output from being written, in words an operator can act on: the system's own
//! words, and for a limit the run was given rather than a fault of the disk, which limit.

/// `e` as the reason a write failed. `File too large` alone reads as a fault of the file
/// system, where it is almost always the shell's limit on a file's size (`ulimit -f`).
pub fn in_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::FileTooLarge => format!(
            "{e}: the file reached the largest size this run may write (`ulimit -f` shows the \
             limit; raise it, or write where no limit applies)"
        ),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_past_the_size_limit_names_the_limit() {
        let e = std::io::Error::from(std::io::ErrorKind::FileTooLarge);
        assert!(in_words(&e).contains("ulimit -f"), "{}", in_words(&e));
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert_eq!(in_words(&full), full.to_string());
    }
}
