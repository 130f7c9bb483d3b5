//! Generic Gherkin steps for any bounded context built on the gwt kernel: table cells and rows
//! turned into messages, expectations compared field by field, and the errors a feature author gets.

pub mod bench;
pub mod cells;
pub mod coverage;
pub mod diagnostics;
pub mod diff;
mod doc_strings;
mod echo;
mod file_text;
mod folders;
pub mod junit;
mod near_misses;
mod older_forms;
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
pub mod writer;
