//! The seat assignments policy: when an order is confirmed, it opens the order's seats for
//! assignment to attendees, with the seats the order holds at that moment.

use serde::{Deserialize, Serialize};

use crate::conference::{
    ConferenceCommand, ConferenceContext, ConferenceEvent, CreateSeatAssignments, SeatQuantities,
};
use crate::kernel::{Input, Outgoing, ProcessContext, ProcessManager, Text};

/// What the policy knows of one order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderSeatsTracker {
    /// The order's seats as last placed, updated or reserved; `None` until any is known.
    pub seats: Option<SeatQuantities>,
    /// Whether the seat assignments were asked for already.
    pub assignments_requested: bool,
}

/// The policy, one instance per `order_id`.
pub struct SeatAssignmentsPolicy;

impl ProcessManager<ConferenceContext> for SeatAssignmentsPolicy {
    const NAME: &'static str = "SeatAssignmentsPolicy";
    const SUBSCRIBES: &'static [&'static str] = &[
        "OrderPlaced",
        "OrderUpdated",
        "OrderPartiallyReserved",
        "OrderReservationCompleted",
        "OrderConfirmed",
    ];
    const HANDLES: &'static [&'static str] = &[];
    type State = OrderSeatsTracker;

    fn instance(input: &Input<'_, ConferenceContext>) -> Option<Text> {
        match input.event()? {
            ConferenceEvent::OrderPlaced(e) => Some(e.order_id.clone()),
            ConferenceEvent::OrderUpdated(e) => Some(e.order_id.clone()),
            ConferenceEvent::OrderPartiallyReserved(e) => Some(e.order_id.clone()),
            ConferenceEvent::OrderReservationCompleted(e) => Some(e.order_id.clone()),
            ConferenceEvent::OrderConfirmed(e) => Some(e.order_id.clone()),
            _ => None,
        }
    }

    fn react(
        state: &OrderSeatsTracker,
        input: &Input<'_, ConferenceContext>,
        _: &ProcessContext,
    ) -> Vec<Outgoing<ConferenceCommand>> {
        let Some(ConferenceEvent::OrderConfirmed(confirmed)) = input.event() else {
            return vec![];
        };
        if state.assignments_requested {
            return vec![];
        }
        // An order never seen placed or reserved has no seats to hand out.
        let Some(seats) = &state.seats else {
            return vec![];
        };
        vec![Outgoing::Send(
            CreateSeatAssignments {
                order_id: confirmed.order_id.clone(),
                seats: seats.clone(),
            }
            .into(),
        )]
    }

    fn evolve(
        mut state: OrderSeatsTracker,
        input: &Input<'_, ConferenceContext>,
        _: &ProcessContext,
    ) -> OrderSeatsTracker {
        match input.event() {
            Some(ConferenceEvent::OrderConfirmed(_)) => {
                state.assignments_requested |= state.seats.is_some();
            }
            Some(event) => {
                if let Some(seats) = current_seats(event) {
                    state.seats = Some(seats.clone());
                }
            }
            None => {}
        }
        state
    }
}

/// The seats an order event says the order now holds or wants.
pub(crate) fn current_seats(event: &ConferenceEvent) -> Option<&SeatQuantities> {
    match event {
        ConferenceEvent::OrderPlaced(e) => Some(&e.seats),
        ConferenceEvent::OrderUpdated(e) => Some(&e.seats),
        ConferenceEvent::OrderPartiallyReserved(e) => Some(&e.seats),
        ConferenceEvent::OrderReservationCompleted(e) => Some(&e.seats),
        _ => None,
    }
}
