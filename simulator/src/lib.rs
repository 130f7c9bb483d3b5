//! The libraries behind the `gwt` command line: which domains it knows and how it shows them,
//! and the simulator that runs random histories under faults and shrinks what fails. The binary
//! only parses arguments and calls in here.

pub mod bench;
pub mod catalog_view;
pub mod compressed;
pub mod connection;
pub mod domains;
pub mod engine;
pub mod export;
pub mod faults;
pub mod feature_writer;
pub mod fewest_givens;
pub mod migration;
pub mod mixes;
pub mod output;
pub mod postgres;
pub mod report;
pub mod run_migration;
pub mod run_simulation;
pub mod search;
pub mod simulation;
