//! The `DraftOrder` read model: where each order stands in registration, which seats it holds
//! and until when, keyed by `order_id`.

use crate::conference::{ConferenceContext, ConferenceEvent, OrderPlaced, SeatQuantities};
use crate::kernel::{is_news, Entries, Envelope, Instant, ReadModel, Text};
use crate::record;

/// The order waits for its seats to be reserved (just placed or updated).
pub const PENDING_RESERVATION: &str = "PendingReservation";
/// Only some of the seats the order wanted could be reserved.
pub const PARTIALLY_RESERVED: &str = "PartiallyReserved";
/// Every seat the order wanted is reserved.
pub const RESERVATION_COMPLETED: &str = "ReservationCompleted";
/// The order was given up.
pub const REJECTED: &str = "Rejected";
/// The order was confirmed.
pub const CONFIRMED: &str = "Confirmed";

record! {
    /// An order as its registrant sees it while registering.
    pub struct DraftOrderEntry {
        pub conference_id: Text,
        pub state: Text,
        pub lines: SeatQuantities,
        pub reservation_expiration: Option<Instant>,
        pub access_code: Text,
        pub registrant_email: Option<Text>,
        pub order_version: u64,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftOrderReadModel {
    entries: Entries<DraftOrderEntry>,
}

impl ReadModel<ConferenceContext> for DraftOrderReadModel {
    const NAME: &'static str = "DraftOrder";
    const KEY: &'static str = "order_id";
    const POSITIONS: &'static [&'static str] = &["order_version"];
    const SUBSCRIBES: &'static [&'static str] = &[
        "OrderPlaced",
        "OrderUpdated",
        "OrderPartiallyReserved",
        "OrderReservationCompleted",
        "OrderExpired",
        "OrderConfirmed",
        "OrderRegistrantAssigned",
    ];
    type Entry = DraftOrderEntry;

    fn apply(&mut self, event: &Envelope<ConferenceEvent>) {
        let sequence = event.sequence;
        match &event.message {
            ConferenceEvent::OrderPlaced(e) => self.place(e, sequence),
            ConferenceEvent::OrderUpdated(e) => self.change(&e.order_id, sequence, |order| {
                order.state = PENDING_RESERVATION.into();
                order.lines = e.seats.clone();
            }),
            ConferenceEvent::OrderPartiallyReserved(e) => {
                self.change(&e.order_id, sequence, |order| {
                    order.state = PARTIALLY_RESERVED.into();
                    order.lines = e.seats.clone();
                    order.reservation_expiration = Some(e.reservation_expiration);
                })
            }
            ConferenceEvent::OrderReservationCompleted(e) => {
                self.change(&e.order_id, sequence, |order| {
                    order.state = RESERVATION_COMPLETED.into();
                    order.lines = e.seats.clone();
                    order.reservation_expiration = Some(e.reservation_expiration);
                })
            }
            ConferenceEvent::OrderExpired(e) => self.change(&e.order_id, sequence, |order| {
                order.state = REJECTED.into();
            }),
            ConferenceEvent::OrderConfirmed(e) => self.change(&e.order_id, sequence, |order| {
                order.state = CONFIRMED.into();
            }),
            ConferenceEvent::OrderRegistrantAssigned(e) => {
                self.change(&e.order_id, sequence, |order| {
                    order.registrant_email = Some(e.email.clone());
                })
            }
            _ => {}
        }
    }

    fn entries(&self) -> &Entries<DraftOrderEntry> {
        &self.entries
    }
}

impl DraftOrderReadModel {
    /// Starts an order's entry afresh, unless this position of its stream was already seen.
    fn place(&mut self, placed: &OrderPlaced, sequence: u64) {
        if self
            .entries
            .get(&placed.order_id)
            .is_some_and(|order| !is_news(sequence, order.order_version))
        {
            return;
        }
        self.entries.insert(
            placed.order_id.clone(),
            Box::new(DraftOrderEntry {
                conference_id: placed.conference_id.clone(),
                state: PENDING_RESERVATION.into(),
                lines: placed.seats.clone(),
                reservation_expiration: None,
                access_code: placed.access_code.clone(),
                registrant_email: None,
                order_version: sequence,
            }),
        );
    }

    /// Changes a placed order with an event newer than any it has seen; an order never placed
    /// has no entry, so there is nothing to change.
    fn change(&mut self, order_id: &str, sequence: u64, apply: impl FnOnce(&mut DraftOrderEntry)) {
        if let Some(order) = self
            .entries
            .get_mut(order_id)
            .filter(|order| is_news(sequence, order.order_version))
        {
            apply(order);
            order.order_version = sequence;
        }
    }
}
