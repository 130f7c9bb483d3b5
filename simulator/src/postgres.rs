//! The PostgreSQL event store of real deployments: the `events` table of the `postgres-es`
//! crate (`aggregate_type, aggregate_id, sequence, event_type, event_version, payload,
//! metadata`). `load` fills it from a JSON-lines log with COPY, keeping the log's order in each
//! row's metadata (with the line's own `metadata`); `events` reads it back in that order through a cursor inside a read-only
//! transaction, a page at a time, so reading never writes and memory stays constant. Pages are fetched on one thread and parsed on another while the page before
//! is verified.

// The driver's part, by the `postgres` feature; what names a database, and a source shown
// without its password, are known without it, for a build without the driver to refuse one.
#[cfg(feature = "postgres")]
mod by_key;
#[cfg(feature = "postgres")]
mod connect;
#[cfg(feature = "postgres")]
mod contradicting_positions;
#[cfg(feature = "postgres")]
pub(crate) mod hosts;
#[cfg(feature = "postgres")]
mod layout;
#[cfg(feature = "postgres")]
mod load;
#[cfg(feature = "postgres")]
mod lock_wait;
#[cfg(feature = "postgres")]
mod metadata;
#[cfg(feature = "postgres")]
mod reading;
mod redact;
#[cfg(feature = "postgres")]
mod repeated_rows;
// How a table was read, which a report says: its type is the verification's either way.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
mod schema;
mod sources;
#[cfg(feature = "postgres")]
pub(crate) mod tls;
#[cfg(feature = "postgres")]
pub(crate) mod tls_settings;

#[cfg(feature = "postgres")]
pub(crate) use connect::said;
#[cfg(feature = "postgres")]
pub use connect::{connect, connect_to_write, connect_told};
#[cfg(feature = "postgres")]
pub use contradicting_positions::contradicting_positions;
#[cfg(feature = "postgres")]
pub use load::{load, Loaded, Progress};
#[cfg(feature = "postgres")]
pub use reading::{events, stall, PAGE};
#[cfg(feature = "postgres")]
pub(crate) use redact::query_start;
pub use redact::redact;
#[cfg(feature = "postgres")]
pub use repeated_rows::repeated_rows;
pub use schema::{Order, TableRead};
#[cfg(feature = "postgres")]
pub(crate) use sources::{is_url, password_may_run_on, refused};
pub use sources::{names_a_database, unreadable_file};

/// Why a build without the `postgres` feature refuses a database that `what` names (`--from
/// names a PostgreSQL database`): the source is not repeated, as it may hold a password.
pub fn not_built(what: &str) -> String {
    format!(
        "{what}, but this gwt was built without PostgreSQL support: build it with the cargo \
         feature `postgres` of gwt-simulator (a default feature; a crate that depends on \
         gwt-simulator with `default-features = false` adds `features = [\"postgres\"]`)"
    )
}
