//! The PostgreSQL event store of real deployments: the `events` table of the `postgres-es`
//! crate (`aggregate_type, aggregate_id, sequence, event_type, event_version, payload,
//! metadata`). `load` fills it from a JSON-lines log with COPY, keeping the log's order in each
//! row's metadata (with the line's own `metadata`); `events` reads it back in that order through a cursor inside a read-only
//! transaction, a page at a time, so reading never writes and memory stays constant. Pages are fetched on one thread and parsed on another while the page before
//! is verified.

mod by_key;
mod connect;
mod contradicting_positions;
pub(crate) mod hosts;
mod load;
mod lock_wait;
mod metadata;
mod reading;
mod redact;
mod repeated_rows;
mod schema;
mod sources;
pub(crate) mod tls;
pub(crate) mod tls_settings;

pub(crate) use connect::said;
pub use connect::{connect, connect_to_write, connect_told};
pub use contradicting_positions::contradicting_positions;
pub use load::{load, Loaded, Progress};
pub use reading::{events, stall, PAGE};
pub(crate) use redact::query_start;
pub use redact::redact;
pub use repeated_rows::repeated_rows;
pub use schema::{Order, TableRead};
pub(crate) use sources::{is_url, password_may_run_on, refused};
pub use sources::{names_a_database, unreadable_file};
