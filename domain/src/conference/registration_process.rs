//! The registration process manager: one per order, it walks the order from placement through
//! seat reservation and payment to confirmation, and gives the order up when its reservation runs out.

use serde::{Deserialize, Serialize};

use crate::conference::{
    CancelSeatReservation, CommitSeatReservation, ConferenceCommand, ConferenceContext,
    ConferenceEvent, ConfirmOrder, ExpireRegistrationProcess, MakeSeatReservation,
    MarkSeatsAsReserved, OrderPlaced, OrderUpdated, RejectOrder, SeatQuantities, SeatsReserved,
};
use crate::kernel::{
    is_news, minutes, take_news, Envelope, Input, Instant, MessageId, Outgoing, ProcessContext,
    ProcessManager, Text,
};

/// How long after the reservation runs out the process still waits before giving the order up,
/// so that a payment started just before expiry can finish (the CQRS Journey's grace period).
pub const EXPIRY_GRACE_MINUTES: i64 = 14;

/// Where a registration stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProcessState {
    #[default]
    NotStarted,
    AwaitingReservationConfirmation,
    ReservationConfirmationReceived,
    PaymentConfirmationReceived,
    Completed,
}

/// What the process remembers about its order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistrationProcess {
    pub state: ProcessState,
    pub conference_id: Text,
    /// The seats the order wants, as last placed or updated.
    pub seats: SeatQuantities,
    pub reservation_auto_expiration: Option<Instant>,
    /// The latest `MakeSeatReservation` sent: only its answer is acted on.
    pub seat_reservation_command_id: Option<MessageId>,
    /// The position of the last event of the order's own stream this process has seen. An order
    /// event at or before it is a redelivery, and a redelivered `OrderUpdated` must not ask for
    /// seats again (the catalog: a message delivered twice sends its commands once).
    #[serde(default)]
    pub order_version: u64,
}

/// The process manager of the catalog, keyed by `order_id`.
pub struct RegistrationProcessManager;

/// What a message means for the process, decided once so that `react` and `evolve` agree.
enum Step<'a> {
    Ignore,
    ReserveSeats(&'a OrderPlaced),
    RejectLateOrder(&'a OrderPlaced),
    ReReserveSeats(&'a OrderUpdated),
    MarkSeatsAsReserved(&'a SeatsReserved, Instant),
    ConfirmPaidOrder(&'a str),
    CommitReservation(&'a str),
    Expire(&'a str),
}

/// The index of `MakeSeatReservation` in every reaction that sends it, which fixes its id.
const RESERVATION_INDEX: usize = 0;

impl ProcessManager<ConferenceContext> for RegistrationProcessManager {
    const NAME: &'static str = "RegistrationProcessManager";
    const SUBSCRIBES: &'static [&'static str] = &[
        "OrderPlaced",
        "OrderUpdated",
        "SeatsReserved",
        "PaymentCompleted",
        "OrderConfirmed",
    ];
    const HANDLES: &'static [&'static str] = &["ExpireRegistrationProcess"];
    type State = RegistrationProcess;

    fn instance(input: &Input<'_, ConferenceContext>) -> Option<Text> {
        match input {
            Input::Event(e) => match &e.message {
                ConferenceEvent::OrderPlaced(m) => Some(m.order_id.clone()),
                ConferenceEvent::OrderUpdated(m) => Some(m.order_id.clone()),
                ConferenceEvent::SeatsReserved(m) => Some(m.reservation_id.clone()),
                ConferenceEvent::PaymentCompleted(m) => Some(m.payment_source_id.clone()),
                ConferenceEvent::OrderConfirmed(m) => Some(m.order_id.clone()),
                _ => None,
            },
            Input::Command(c) => match &c.command {
                ConferenceCommand::ExpireRegistrationProcess(m) => Some(m.order_id.clone()),
                _ => None,
            },
        }
    }

    fn react(
        state: &RegistrationProcess,
        input: &Input<'_, ConferenceContext>,
        context: &ProcessContext,
    ) -> Vec<Outgoing<ConferenceCommand>> {
        match step(state, input, context.now) {
            Step::Ignore => vec![],
            Step::ReserveSeats(placed) => vec![
                Outgoing::Send(seat_reservation(
                    &placed.conference_id,
                    &placed.order_id,
                    &placed.seats,
                )),
                Outgoing::Schedule {
                    at: expiry_due(placed.reservation_auto_expiration),
                    command: ExpireRegistrationProcess {
                        order_id: placed.order_id.clone(),
                    }
                    .into(),
                },
            ],
            Step::RejectLateOrder(placed) => vec![Outgoing::Send(reject(&placed.order_id))],
            Step::ReReserveSeats(updated) => vec![Outgoing::Send(seat_reservation(
                &state.conference_id,
                &updated.order_id,
                &updated.seats,
            ))],
            Step::MarkSeatsAsReserved(reserved, expiration) => vec![Outgoing::Send(
                MarkSeatsAsReserved {
                    order_id: reserved.reservation_id.clone(),
                    seats: reserved.reservation_details.clone(),
                    expiration,
                }
                .into(),
            )],
            Step::ConfirmPaidOrder(order_id) => vec![Outgoing::Send(
                ConfirmOrder {
                    order_id: order_id.into(),
                }
                .into(),
            )],
            Step::CommitReservation(order_id) => vec![Outgoing::Send(
                CommitSeatReservation {
                    conference_id: state.conference_id.clone(),
                    reservation_id: order_id.into(),
                }
                .into(),
            )],
            Step::Expire(order_id) => vec![
                Outgoing::Send(reject(order_id)),
                Outgoing::Send(
                    CancelSeatReservation {
                        conference_id: state.conference_id.clone(),
                        reservation_id: order_id.into(),
                    }
                    .into(),
                ),
            ],
        }
    }

    /// Under way until it completes; one whose expiry fell due by `end` has given its order up
    /// by then (its timeout, a command, is in no log).
    fn in_flight(state: &RegistrationProcess, end: Instant) -> Option<String> {
        use ProcessState::*;
        let due = state.reservation_auto_expiration.map(expiry_due);
        if due.is_some_and(|due| due <= end) {
            return None;
        }
        let until = due
            .map(|due| format!(" until {}", crate::kernel::instant_text(due)))
            .unwrap_or_default();
        match state.state {
            NotStarted | Completed => None,
            AwaitingReservationConfirmation => Some(format!("awaiting SeatsReserved{until}")),
            ReservationConfirmationReceived => {
                Some(format!("seats reserved, awaiting PaymentCompleted{until}"))
            }
            PaymentConfirmationReceived => Some("paid, awaiting OrderConfirmed".to_string()),
        }
    }

    fn evolve(
        mut state: RegistrationProcess,
        input: &Input<'_, ConferenceContext>,
        context: &ProcessContext,
    ) -> RegistrationProcess {
        let step = step(&state, input, context.now);
        // Only an order event acted on moves the position: an ignored one changes nothing, and
        // ignoring it again when it comes twice is harmless.
        if let (Input::Event(e), false) = (input, matches!(step, Step::Ignore)) {
            if from_order_stream(e) {
                take_news(&mut state.order_version, e.sequence);
            }
        }
        match step {
            Step::Ignore => {}
            Step::ReserveSeats(placed) => {
                remember_order(&mut state, placed);
                state.state = ProcessState::AwaitingReservationConfirmation;
                state.seat_reservation_command_id = Some(context.sent_id(RESERVATION_INDEX));
            }
            Step::RejectLateOrder(placed) => {
                remember_order(&mut state, placed);
                state.state = ProcessState::Completed;
            }
            Step::ReReserveSeats(updated) => {
                state.seats = updated.seats.clone();
                state.state = ProcessState::AwaitingReservationConfirmation;
                state.seat_reservation_command_id = Some(context.sent_id(RESERVATION_INDEX));
            }
            Step::MarkSeatsAsReserved(..) => {
                state.state = ProcessState::ReservationConfirmationReceived;
            }
            Step::ConfirmPaidOrder(_) => {
                state.state = ProcessState::PaymentConfirmationReceived;
            }
            Step::CommitReservation(_) | Step::Expire(_) => {
                state.state = ProcessState::Completed;
            }
        }
        state
    }
}

/// The one place where the catalog's guards live: which transition a message makes, if any.
/// Whether an event comes from the order's own stream (placed, updated, confirmed).
fn from_order_stream(e: &Envelope<ConferenceEvent>) -> bool {
    matches!(
        e.message,
        ConferenceEvent::OrderPlaced(_)
            | ConferenceEvent::OrderUpdated(_)
            | ConferenceEvent::OrderConfirmed(_)
    )
}

fn step<'a>(
    process: &RegistrationProcess,
    input: &Input<'a, ConferenceContext>,
    now: Instant,
) -> Step<'a> {
    use ProcessState::*;
    let state = process.state;
    match input {
        Input::Event(e) if from_order_stream(e) && !is_news(e.sequence, process.order_version) => {
            Step::Ignore
        }
        Input::Event(e) => match &e.message {
            ConferenceEvent::OrderPlaced(placed) if state == NotStarted => {
                if placed.reservation_auto_expiration > now {
                    Step::ReserveSeats(placed)
                } else {
                    Step::RejectLateOrder(placed)
                }
            }
            ConferenceEvent::OrderUpdated(updated)
                if matches!(
                    state,
                    AwaitingReservationConfirmation | ReservationConfirmationReceived
                ) =>
            {
                Step::ReReserveSeats(updated)
            }
            ConferenceEvent::SeatsReserved(reserved)
                if state == AwaitingReservationConfirmation
                    && answers_latest_request(process, e.causation_id) =>
            {
                // Awaiting is only reached from an order, so its expiration is known.
                match process.reservation_auto_expiration {
                    Some(expiration) => Step::MarkSeatsAsReserved(reserved, expiration),
                    None => Step::Ignore,
                }
            }
            ConferenceEvent::PaymentCompleted(paid) if state == ReservationConfirmationReceived => {
                Step::ConfirmPaidOrder(&paid.payment_source_id)
            }
            ConferenceEvent::OrderConfirmed(confirmed)
                if matches!(
                    state,
                    ReservationConfirmationReceived | PaymentConfirmationReceived
                ) =>
            {
                Step::CommitReservation(&confirmed.order_id)
            }
            _ => Step::Ignore,
        },
        Input::Command(c) => match &c.command {
            ConferenceCommand::ExpireRegistrationProcess(expire)
                if !matches!(state, NotStarted | Completed) =>
            {
                Step::Expire(&expire.order_id)
            }
            _ => Step::Ignore,
        },
    }
}

/// The correlation check: an answer naming the request it answers must answer the latest one;
/// an answer naming none (written in a scenario) is taken as the answer.
fn answers_latest_request(process: &RegistrationProcess, causation: Option<MessageId>) -> bool {
    match causation {
        None => true,
        Some(id) => process.seat_reservation_command_id == Some(id),
    }
}

/// When the process gives the order up: the grace period after its reservation runs out (or
/// the end of time, for an expiration so far off that the grace period cannot be added).
pub fn expiry_due(reservation_auto_expiration: Instant) -> Instant {
    reservation_auto_expiration
        .checked_add_signed(minutes(EXPIRY_GRACE_MINUTES))
        .unwrap_or(Instant::MAX_UTC)
}

fn remember_order(state: &mut RegistrationProcess, placed: &OrderPlaced) {
    state.conference_id = placed.conference_id.clone();
    state.seats = placed.seats.clone();
    state.reservation_auto_expiration = Some(placed.reservation_auto_expiration);
}

fn seat_reservation(
    conference_id: &str,
    order_id: &str,
    seats: &SeatQuantities,
) -> ConferenceCommand {
    MakeSeatReservation {
        conference_id: conference_id.into(),
        reservation_id: order_id.into(),
        seats: seats.clone(),
    }
    .into()
}

fn reject(order_id: &str) -> ConferenceCommand {
    RejectOrder {
        order_id: order_id.into(),
    }
    .into()
}
