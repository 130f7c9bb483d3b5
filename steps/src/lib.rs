//! Generic Gherkin steps for any bounded context built on the gwt kernel: table cells and rows
//! turned into messages, expectations compared field by field, and the errors a feature author gets.

pub mod bench;
pub mod cells;
pub mod coverage;
pub mod diagnostics;
mod dialect;
pub mod diff;
mod doc_strings;
mod echo;
mod examples_columns;
mod file_text;
pub mod folders;
pub mod junit;
mod near_misses;
mod older_forms;
mod outlines;
pub mod phrases;
pub mod reading;
mod restarts;
pub mod runner;
pub mod runtime;
pub mod same_file;
pub mod snapshots;
pub mod stdout;
mod steps;
mod streams;
pub mod tables;
pub mod world;
pub mod write_errors;
pub mod writer;

/// A temporary `.feature` file holding `bytes`, removed when dropped: for the tests of what reads
/// one from its path.
#[cfg(test)]
pub(crate) fn temporary_feature(bytes: impl AsRef<[u8]>) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new()
        .prefix("gwt-test-")
        .suffix(".feature")
        .tempfile()
        .expect("a temporary file");
    std::fs::write(file.path(), bytes).expect("the temporary file is written");
    file
}
