//! The conference system of the CQRS Journey (conference management, orders and registration,
//! seat availability, seat assignments, payments) on the generic kernel.

pub mod context;
pub mod invariants;
pub mod management;
pub mod messages;
pub mod order;
pub mod payments;
pub mod prices;
pub mod read_models;
pub mod registration_process;
pub mod rules;
pub mod seat_assignments;
pub mod seat_assignments_policy;
pub mod seat_quota_policy;
pub mod seats_availability;
#[cfg(test)]
mod told;
pub mod upcasters;

pub use context::ConferenceContext;
pub use messages::*;
