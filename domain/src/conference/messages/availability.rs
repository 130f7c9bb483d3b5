//! Messages of seat availability: the seat quota of a conference and reservations against it.

use crate::kernel::Text;

use super::SeatQuantities;
use crate::record;

record! {
    /// Raises the quota of a seat type.
    pub struct AddSeats {
        pub conference_id: Text,
        pub seat_type: Text,
        pub quantity: i64,
    }
}

record! {
    /// Lowers the quota of a seat type.
    pub struct RemoveSeats {
        pub conference_id: Text,
        pub seat_type: Text,
        pub quantity: i64,
    }
}

record! {
    /// Holds seats for a reservation (re-reserving with the same id adjusts it).
    pub struct MakeSeatReservation {
        pub conference_id: Text,
        pub reservation_id: Text,
        pub seats: SeatQuantities,
    }
}

record! {
    /// Releases a pending reservation's seats.
    pub struct CancelSeatReservation {
        pub conference_id: Text,
        pub reservation_id: Text,
    }
}

record! {
    /// Makes a pending reservation final.
    pub struct CommitSeatReservation {
        pub conference_id: Text,
        pub reservation_id: Text,
    }
}

record! {
    /// The number of seats available changed.
    pub struct AvailableSeatsChanged {
        pub conference_id: Text,
        pub seats: SeatQuantities,
    }
}

record! {
    /// Seats were held for a reservation, perhaps fewer than wanted.
    pub struct SeatsReserved {
        pub conference_id: Text,
        pub reservation_id: Text,
        pub reservation_details: SeatQuantities,
        pub available_seats_changed: SeatQuantities,
    }
}

record! {
    /// A reservation's seats were released.
    pub struct SeatsReservationCancelled {
        pub conference_id: Text,
        pub reservation_id: Text,
        pub available_seats_changed: SeatQuantities,
    }
}

record! {
    /// A reservation became final.
    pub struct SeatsReservationCommitted {
        pub conference_id: Text,
        pub reservation_id: Text,
    }
}
