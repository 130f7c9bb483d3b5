//! The libraries behind the `gwt` command line: the command line itself over the domains a
//! binary registers, how it shows them, and the simulator that runs random histories under
//! faults and shrinks what fails. A binary only registers its domains and calls `cli::main`; a
//! test binary runs their suites with `suite::main`.

pub mod bench;
pub mod catalog_view;
pub mod cli;
pub mod compressed;
#[cfg(feature = "postgres")]
pub mod connection;
pub mod domains;
pub mod engine;
pub mod export;
pub mod faults;
pub mod feature_writer;
pub mod fewest_givens;
pub mod harness;
pub mod interrupt;
pub mod judging;
pub mod migration;
#[cfg(feature = "reference-domains")]
pub mod mixes;
pub mod output;
pub mod postgres;
pub mod report;
pub mod run_migration;
pub mod run_simulation;
pub mod search;
pub mod simulation;
mod state_differences;
pub mod stream_checks;
pub mod suite;
pub mod trace;
