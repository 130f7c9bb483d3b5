//! The read models of the conference domain, each a fold of events into keyed entries.

pub mod conference;
pub mod draft_order;
pub mod order_seats;
pub mod priced_order;
pub mod seat_type;
