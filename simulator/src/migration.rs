//! `gwt verify-migration`: reads a recorded log of stored forms line by line, upcasts every event
//! to the current schema, replays the result through the current domain, checks its invariants,
//! and reports per event type and version what was read and upcast, and every failure with its
//! line. It can compare the rebuilt read models with exported ones and write the log migrated.

mod bench;
mod error_kinds;
mod gaps;
mod line_metadata;
mod lines;
#[cfg(feature = "postgres")]
pub(crate) use lines::{read_line_into, MOST_LINE};
mod memory;
mod parallel;
mod read_models;
mod reads;
mod repeats;
mod report;
mod verify;

pub use bench::{bench, parse_and_fold, parse_only, BenchFigures};
#[cfg(feature = "postgres")]
pub use bench::{bench_database, DatabaseFigures};
// The PostgreSQL reading names a row's metadata faults as the file's readers do.
#[cfg(feature = "postgres")]
pub(crate) use error_kinds::{field_fault, FieldFault};
pub use error_kinds::{ErrorKind, Spot};
pub use lines::{line_mistake, not_text};
pub use memory::{measure_memory, peak_memory, MemoryFigures};
pub use read_models::{compare_read_models, read_models_json, Difference};
pub use reads::{Place, Read};
pub use repeats::{compare as compare_repeats, likeness, not_compared, Kind, Kinds, Repeat, Words};
pub(crate) use report::shown;
pub use report::{Contradiction, FormCount, Report};
pub use verify::{
    stored_reader, verify, verify_events, verify_on_one_thread, verify_on_threads, VerifyOptions,
};

pub(crate) use domain::kernel::plural;
