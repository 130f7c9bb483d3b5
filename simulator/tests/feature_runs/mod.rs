//! What the tests of `gwt test` share: feature files written into a folder of the test's own,
//! run through the binary, and the located messages looked for in what it said.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A fresh folder holding `files` (name and text), named after the test, removed when dropped:
/// at the end of the test, pass or fail.
pub fn folder(name: &str, files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix(&format!("gwt-runs-{name}-"))
        .tempdir()
        .expect("a temporary folder");
    for (file, bytes) in files {
        std::fs::write(dir.path().join(file), bytes).unwrap();
    }
    dir
}

/// Runs `gwt` with `args`: its output, and standard output and error together.
pub fn gwt(args: &[&str]) -> (Output, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(args)
        .output()
        .expect("gwt runs");
    let text = text(&out);
    (out, text)
}

/// What a run said: its standard output, then its standard error.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `gwt test` on one feature file of the conference domain, written into a folder of its
/// own: the file's path as reports name it, the run's output and what it said.
pub fn run_one(name: &str, text: &str) -> (PathBuf, Output, String) {
    run_one_in(name, text, "conference")
}

/// [`run_one`] for a domain.
pub fn run_one_in(name: &str, text: &str, domain: &str) -> (PathBuf, Output, String) {
    // The folder goes once the run is over: its callers only look for the file's path in what
    // the run said.
    let dir = folder(name, &[("f.feature", text.as_bytes())]);
    let file = dir.path().join("f.feature").canonicalize().unwrap();
    let (out, said) = gwt(&["test", "--domain", domain, file.to_str().unwrap()]);
    (file, out, said)
}

/// Asserts that `text` says each message at `file:line:column`.
pub fn assert_located<M: AsRef<str>>(text: &str, file: &Path, expected: &[(usize, usize, M)]) {
    for (line, col, message) in expected {
        let at = format!("{}:{line}:{col}: {}", file.display(), message.as_ref());
        assert!(text.contains(&at), "{at} missing in {text}");
    }
}
