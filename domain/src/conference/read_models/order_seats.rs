//! The `OrderSeats` read model: the seats of each confirmed order and who sits in them, keyed by
//! `order_id`.

use crate::conference::{ConferenceContext, ConferenceEvent, PersonalInfo, SeatPosition};
use crate::kernel::{Entries, Envelope, ReadModel, TakenIn, Text};
use crate::record;

record! {
    /// One seat of an order and its attendee, if someone has it.
    pub struct OrderSeat {
        pub position: u32,
        pub seat_type: Text,
        pub attendee: Option<PersonalInfo>,
    }
}

record! {
    /// The seat assignments of one confirmed order.
    pub struct OrderSeatsEntry {
        pub seats: Vec<OrderSeat>,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderSeatsReadModel {
    entries: Entries<OrderSeatsEntry>,
    /// The last position of each order's assignments stream applied, kept outside the entries
    /// (the catalog lists no version column) so a late duplicate cannot undo a newer assignment.
    versions: TakenIn,
}

impl ReadModel<ConferenceContext> for OrderSeatsReadModel {
    const NAME: &'static str = "OrderSeats";
    const KEY: &'static str = "order_id";
    const SUBSCRIBES: &'static [&'static str] = &[
        "SeatAssignmentsCreated",
        "SeatAssigned",
        "SeatAssignmentUpdated",
        "SeatUnassigned",
    ];
    type Entry = OrderSeatsEntry;

    fn apply(&mut self, event: &Envelope<ConferenceEvent>) {
        let sequence = event.sequence;
        match &event.message {
            ConferenceEvent::SeatAssignmentsCreated(e) => {
                self.open(&e.order_id, &e.seats, sequence)
            }
            ConferenceEvent::SeatAssigned(e) => {
                self.seat(&e.order_id, e.position, sequence, Some(&e.attendee))
            }
            ConferenceEvent::SeatAssignmentUpdated(e) => {
                self.seat(&e.order_id, e.position, sequence, Some(&e.attendee))
            }
            ConferenceEvent::SeatUnassigned(e) => {
                self.seat(&e.order_id, e.position, sequence, None)
            }
            _ => {}
        }
    }

    fn entries(&self) -> &Entries<OrderSeatsEntry> {
        &self.entries
    }
}

impl OrderSeatsReadModel {
    /// Opens an order's seats, nobody sitting in them yet.
    fn open(&mut self, order_id: &str, seats: &[SeatPosition], sequence: u64) {
        if !self.versions.take_in(order_id, sequence) {
            return;
        }
        let seats = seats
            .iter()
            .map(|seat| OrderSeat {
                position: seat.position,
                seat_type: seat.seat_type.clone(),
                attendee: None,
            })
            .collect();
        self.entries
            .insert(order_id.into(), Box::new(OrderSeatsEntry { seats }));
    }

    /// Puts an attendee in a seat (or nobody); a seat or order not opened is left alone.
    fn seat(
        &mut self,
        order_id: &str,
        position: u32,
        sequence: u64,
        attendee: Option<&PersonalInfo>,
    ) {
        // Taken in only once applied: a seat not opened yet is not a position seen.
        if !self.versions.is_news(order_id, sequence) {
            return;
        }
        let Some(seat) = self
            .entries
            .get_mut(order_id)
            .and_then(|order| order.seats.iter_mut().find(|s| s.position == position))
        else {
            return;
        };
        seat.attendee = attendee.cloned();
        self.versions.record(order_id, sequence);
    }
}
