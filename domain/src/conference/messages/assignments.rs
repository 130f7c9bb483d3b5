//! Messages of seat assignments: who sits in each seat of a confirmed order.

use crate::kernel::Text;

use super::{PersonalInfo, SeatPosition, SeatQuantities};
use crate::record;

record! {
    /// Opens the seats of a confirmed order for assignment.
    pub struct CreateSeatAssignments {
        pub order_id: Text,
        pub seats: SeatQuantities,
    }
}

record! {
    /// A confirmed order's seats were numbered from 0, in seat order.
    pub struct SeatAssignmentsCreated {
        pub order_id: Text,
        pub seats: Vec<SeatPosition>,
    }
}

record! {
    /// Gives a seat to an attendee.
    pub struct AssignSeat {
        pub order_id: Text,
        pub position: u32,
        pub attendee: PersonalInfo,
    }
}

record! {
    /// Takes a seat away from its attendee.
    pub struct UnassignSeat {
        pub order_id: Text,
        pub position: u32,
    }
}

record! {
    /// A seat was given to an attendee.
    pub struct SeatAssigned {
        pub order_id: Text,
        pub position: u32,
        pub seat_type: Text,
        pub attendee: PersonalInfo,
    }
}

record! {
    /// The attendee of a seat changed their name.
    pub struct SeatAssignmentUpdated {
        pub order_id: Text,
        pub position: u32,
        pub attendee: PersonalInfo,
    }
}

record! {
    /// A seat has no attendee any more.
    pub struct SeatUnassigned {
        pub order_id: Text,
        pub position: u32,
    }
}
