//! Messages of orders: registering, reserving, pricing, expiring and confirming.

use super::{OrderLine, SeatQuantities};
use crate::kernel::{Instant, Money, Text};
use crate::record;

record! {
    /// Places a new order, or changes the seats of an existing one.
    pub struct RegisterToConference {
        pub order_id: Text,
        pub conference_id: Text,
        pub seats: SeatQuantities,
    }
}

record! {
    /// An order was placed; its seats are held until `reservation_auto_expiration`.
    pub struct OrderPlaced {
        pub order_id: Text,
        pub conference_id: Text,
        pub seats: SeatQuantities,
        #[serde(deserialize_with = "crate::kernel::deserialize_instant")]
        pub reservation_auto_expiration: Instant,
        pub access_code: Text,
    }
}

record! {
    /// An order's seats changed.
    pub struct OrderUpdated {
        pub order_id: Text,
        pub seats: SeatQuantities,
    }
}

record! {
    /// An order was priced.
    pub struct OrderTotalsCalculated {
        pub order_id: Text,
        pub total: Money,
        pub lines: Vec<OrderLine>,
        pub is_free_of_charge: bool,
    }
}

record! {
    /// Tells an order which seats its reservation got.
    pub struct MarkSeatsAsReserved {
        pub order_id: Text,
        pub seats: SeatQuantities,
        #[serde(deserialize_with = "crate::kernel::deserialize_instant")]
        pub expiration: Instant,
    }
}

record! {
    /// Every seat the order wanted is reserved.
    pub struct OrderReservationCompleted {
        pub order_id: Text,
        #[serde(deserialize_with = "crate::kernel::deserialize_instant")]
        pub reservation_expiration: Instant,
        pub seats: SeatQuantities,
    }
}

record! {
    /// Only some of the seats the order wanted are reserved.
    pub struct OrderPartiallyReserved {
        pub order_id: Text,
        #[serde(deserialize_with = "crate::kernel::deserialize_instant")]
        pub reservation_expiration: Instant,
        pub seats: SeatQuantities,
    }
}

record! {
    /// Gives up an order (its reservation expired).
    pub struct RejectOrder {
        pub order_id: Text,
    }
}

record! {
    /// An order was given up.
    pub struct OrderExpired {
        pub order_id: Text,
    }
}

record! {
    /// Names the person who registers the order.
    pub struct AssignRegistrantDetails {
        pub order_id: Text,
        pub first_name: Text,
        pub last_name: Text,
        pub email: Text,
    }
}

record! {
    /// The person who registers the order was named.
    pub struct OrderRegistrantAssigned {
        pub order_id: Text,
        pub first_name: Text,
        pub last_name: Text,
        pub email: Text,
    }
}

record! {
    /// Confirms an order (after payment, or at once when it is free).
    pub struct ConfirmOrder {
        pub order_id: Text,
    }
}

record! {
    /// An order was confirmed.
    pub struct OrderConfirmed {
        pub order_id: Text,
    }
}
