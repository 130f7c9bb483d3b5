//! Orders, from each order's stream: each ends once, and is given up by the registration
//! process no earlier than its reservation runs out; its reservation is in its own conference and
//! goes round in order (reserved once placed, marked once reserved, committed once confirmed),
//! its seats are opened for assignment once confirmed and as it holds them, and its DraftOrder
//! says what its stream says.

use crate::kernel::{Entries, Envelope, Instant, System, Text};

use super::super::read_models::draft_order::{
    DraftOrderEntry, CONFIRMED, PARTIALLY_RESERVED, PENDING_RESERVATION, REJECTED,
    RESERVATION_COMPLETED,
};
use super::super::seat_assignments::seat_by_seat;
use super::super::seat_assignments_policy::current_seats;
use super::super::{
    ConferenceContext, ConferenceEvent, SeatAssignmentsCreated, SeatPosition, SeatQuantities,
    SeatQuantity,
};
use super::counts::{counts, listed, Count, Counts};
use super::seats::{availability, SeatLedgers};
use super::{by_key, entries_of, DRAFT_ORDER};

/// What an order's stream says about it.
#[derive(Clone, Debug, Default)]
pub(super) struct OrderLife {
    pub(super) placed: bool,
    /// The conference of its last `OrderPlaced`.
    pub(super) conference_id: Option<Text>,
    /// Until when its first `OrderPlaced` held its seats.
    held_until: Option<Instant>,
    /// The last event that set its state, and the DraftOrder state it sets.
    pub(super) last: Option<(&'static str, &'static str)>,
    /// Its seats as last placed, updated or reserved: those its assignments number once it is
    /// confirmed (after which they no longer change). Dropped once they are numbered, or the
    /// order expires: a replay holds every order's life, and most orders end one of those ways.
    pub(super) seats: Option<SeatQuantities>,
    /// Whether availability has reserved seats for it since it was placed.
    pub(super) reserved: bool,
    confirmed_at: Option<u64>,
    pub(super) expired_at: Option<u64>,
    /// Whether its seats were opened for assignment (`SeatAssignmentsCreated`).
    pub(super) opened: bool,
    /// An order confirmed after it expired, or expired after it was confirmed.
    pub(super) endings: Vec<String>,
}

impl OrderLife {
    /// Until when its first placing held its seats: by then it is confirmed, or it expires.
    pub(super) fn held_until(&self) -> Option<Instant> {
        self.held_until
    }

    pub(super) fn expected_state(&self) -> &'static str {
        self.last.map_or(PENDING_RESERVATION, |(_, state)| state)
    }
}

/// Folds an event of an order's stream into the lives of orders, keyed by stream id: the stream
/// is the order's history.
pub(super) fn observe_order(
    orders: &mut Entries<OrderLife>,
    e: &Envelope<ConferenceEvent>,
    found: &mut Vec<String>,
) {
    let order_id = &e.stream.id;
    let life = orders.entry(order_id.clone()).or_default();
    let at = e.sequence;
    if let Some(seats) = current_seats(&e.message) {
        life.seats = Some(seats.clone());
    }
    match &e.message {
        ConferenceEvent::OrderPlaced(p) => {
            life.placed = true;
            life.conference_id = Some(p.conference_id.clone());
            life.held_until.get_or_insert(p.reservation_auto_expiration);
            life.last = Some(("OrderPlaced", PENDING_RESERVATION));
        }
        ConferenceEvent::OrderUpdated(_) => {
            life.last = Some(("OrderUpdated", PENDING_RESERVATION));
        }
        ConferenceEvent::OrderPartiallyReserved(r) => {
            reserved_until_held(life, order_id, at, r.reservation_expiration, found);
            life.last = Some(("OrderPartiallyReserved", PARTIALLY_RESERVED));
        }
        ConferenceEvent::OrderReservationCompleted(r) => {
            reserved_until_held(life, order_id, at, r.reservation_expiration, found);
            life.last = Some(("OrderReservationCompleted", RESERVATION_COMPLETED));
        }
        ConferenceEvent::OrderExpired(_) => {
            if let Some(ending) = given_up_early(life, order_id, e) {
                found.push(ending.clone());
                life.endings.push(ending);
            }
            if let Some(confirmed) = life.confirmed_at {
                let ending = format!(
                    "order {order_id} expired (position {at} of its stream) after it was \
                     confirmed (position {confirmed})"
                );
                found.push(ending.clone());
                life.endings.push(ending);
            }
            life.expired_at.get_or_insert(at);
            life.last = Some(("OrderExpired", REJECTED));
            life.seats = None;
        }
        ConferenceEvent::OrderConfirmed(_) => {
            if let Some(expired) = life.expired_at {
                let ending = format!(
                    "order {order_id} was confirmed (position {at} of its stream) after it \
                     expired (position {expired})"
                );
                found.push(ending.clone());
                life.endings.push(ending);
            }
            life.confirmed_at.get_or_insert(at);
            life.last = Some(("OrderConfirmed", CONFIRMED));
        }
        _ => {}
    }
}

/// What is told of an order the registration process gave up before its reservation ran out,
/// if it did. The process gives an order up (`RejectOrder`, recorded as `OrderExpired`) a grace
/// period after the reservation its first `OrderPlaced` holds runs out (`expiry_due`), or at once
/// when it hears of the placing only after that instant: never before it, whatever the delay of
/// its timeout (a late one gives up later). A process's command is told by its chain: its events
/// name a cause other than the chain's root (`causation_id` is not `correlation_id`), where one
/// sent from outside is its chain's root. `RejectOrder` is a public command, which may expire an
/// order at any time, and a log whose events carry no chain (a recorded one) is not judged.
/// Scheduling the timeout from the instant of placing gave orders up 15 minutes early, which
/// nothing else told.
fn given_up_early(
    life: &OrderLife,
    order_id: &str,
    e: &Envelope<ConferenceEvent>,
) -> Option<String> {
    let held = life.held_until?;
    let sent_by_a_process = e.causation_id.is_some() && e.causation_id != e.correlation_id;
    if !sent_by_a_process || e.recorded_at >= held {
        return None;
    }
    let written = crate::kernel::instant_text;
    Some(format!(
        "order {order_id} was given up by the registration process (OrderExpired, position {} \
         of its stream) at {}, before its reservation ran out at {}: the process gives an order \
         up only once its reservation has run out ({} minutes after, for an order placed in \
         time)",
        e.sequence,
        written(e.recorded_at),
        written(held),
        super::super::registration_process::EXPIRY_GRACE_MINUTES
    ))
}

/// An order's seats are marked reserved until the instant its placing held them: the
/// registration process, the one sender of `MarkSeatsAsReserved`, gives the order's own
/// `reservation_auto_expiration` (the catalog). An upcaster that moved one of the two instants
/// (read in local time, say) verified clean: the read models clear the expiration before the end.
fn reserved_until_held(
    life: &OrderLife,
    order_id: &str,
    at: u64,
    until: Instant,
    found: &mut Vec<String>,
) {
    if let Some(held) = life.held_until.filter(|held| *held != until) {
        let written = crate::kernel::instant_text;
        found.push(format!(
            "order {order_id}'s seats were marked reserved (position {at} of its stream) until \
             {}, but it was placed holding them until {} (the registration process marks them \
             reserved until the order's own expiration)",
            written(until),
            written(held)
        ));
    }
}

/// An order is placed for seat types its conference created (the order is priced from them,
/// and refused for a seat type with no known price), so a conference whose first seat type is
/// created after an order was placed for it was moved after the order, by an upcaster or a copy
/// of the log that reordered streams.
pub(super) fn created_after_placed(
    conference_id: &str,
    seat_type: &str,
    (order_id, at): (Text, u64),
    found: &mut Vec<String>,
) {
    found.push(format!(
        "conference {conference_id} created its first seat type ({seat_type}) after order \
         {order_id} was placed for it (position {at} of the order's stream): an order is \
         placed only for seat types its conference has created"
    ));
}

/// The registration process asks for an order's seats once the order is placed, so a
/// reservation made for it before its placing was moved ahead of the order's stream.
pub(super) fn reserved_before_placed(
    order_id: &str,
    at: u64,
    (conference_id, reserved_at): (Text, u64),
    found: &mut Vec<String>,
) {
    found.push(format!(
        "order {order_id} was placed (position {at} of its stream) after conference \
         {conference_id} reserved seats for it (position {reserved_at} of its availability \
         stream): the registration process asks for an order's seats once it is placed"
    ));
}

/// Reservations made for orders the log holds no placing of, in a log that holds orders' streams:
/// the registration process asks for an order's seats once it is placed, and a log that ends
/// has recorded every placing it asked for.
pub(super) fn reserved_never_placed(
    unplaced: &std::collections::BTreeMap<Text, (Text, u64)>,
) -> impl Iterator<Item = String> + '_ {
    unplaced.iter().map(|(order_id, (conference_id, at))| {
        format!(
            "conference {conference_id} reserved seats for order {order_id} (position {at} of \
             its availability stream), but the log never placed that order: the registration \
             process asks for an order's seats once it is placed"
        )
    })
}

/// The registration process marks an order's seats reserved (`MarkSeatsAsReserved`) when
/// availability has reserved them, so an order marked reserved before any reservation for it was
/// moved ahead of availability's stream, or its reservation lost. `at` is the order's position.
pub(super) fn marked_before_reserved(
    life: &OrderLife,
    order_id: &str,
    at: u64,
    found: &mut Vec<String>,
) {
    if life.placed && !life.reserved {
        found.push(marked_unreserved(life, order_id, at, false));
    }
}

/// What `marked_before_reserved` says of an order marked reserved at position `at` of its
/// stream before availability reserved any of its seats; `at_end`: judged once the log is read
/// (its order across streams not known), where no reservation in the log reserved them.
pub(super) fn marked_unreserved(life: &OrderLife, order_id: &str, at: u64, at_end: bool) -> String {
    let conference = life.conference_id.as_deref().unwrap_or("?");
    let unreserved = match at_end {
        false => format!(" before conference {conference} reserved any for it"),
        true => format!(", but conference {conference} reserved none for it in the log"),
    };
    format!(
        "order {order_id}'s seats were marked reserved (position {at} of its stream){unreserved}: \
         the registration process marks an order's seats reserved once availability has \
         reserved them"
    )
}

/// Orders placed for conferences whose management created no seat type in the whole log, in a
/// log that holds conference management's streams of others: each conference with its first
/// such order and that order's position. An order is priced from the seat types its conference
/// created, so the conference's stream was lost.
pub(super) fn placed_never_priced(
    unpriced: &std::collections::BTreeMap<Text, (Text, u64)>,
) -> impl Iterator<Item = String> + '_ {
    unpriced.iter().map(|(conference_id, (order_id, at))| {
        format!(
            "order {order_id} was placed (position {at} of its stream) for conference \
             {conference_id}, whose management created no seat type in the log, though the log \
             holds conference management's streams: an order is placed only for seat types its \
             conference has created"
        )
    })
}

/// The registration process commits an order's reservation (`CommitSeatReservation`) once the
/// order is confirmed, so a commit before the order's stream confirms it was moved ahead of it.
/// `at_end`: judged once the log is read (its order across streams not known), on whether the
/// log confirmed the order at all.
pub(super) fn committed_before_confirmed(
    orders: &Entries<OrderLife>,
    (conference_id, at): (&str, u64),
    reservation_id: &str,
    at_end: bool,
    found: &mut Vec<String>,
) {
    let life = orders.get(reservation_id);
    if let Some(life) = life.filter(|life| life.placed && life.confirmed_at.is_none()) {
        let why = match (life.expired_at, at_end) {
            (Some(expired), _) => {
                format!("it expired (position {expired} of its stream) unconfirmed")
            }
            (None, false) => "its stream had not confirmed it".to_string(),
            (None, true) => "the log never confirmed it".to_string(),
        };
        found.push(format!(
            "conference {conference_id} committed the reservation of order {reservation_id} \
             (position {at} of its availability stream), but {why}: the registration process \
             commits an order's seats once it is confirmed"
        ));
    }
}

/// A reservation named after an order takes seats of the order's conference: the registration
/// process reserves an order's seats where the order was placed (an update keeps the conference).
pub(super) fn reserved_for_its_order(
    order: Option<&OrderLife>,
    conference_id: &str,
    reserved: &super::super::SeatsReserved,
    found: &mut Vec<String>,
) {
    let reservation_id = &reserved.reservation_id;
    let placed_in = order.and_then(|life| life.conference_id.as_ref());
    if let Some(placed_in) = placed_in.filter(|placed_in| *placed_in != conference_id) {
        found.push(format!(
            "reservation {reservation_id} took seats of conference {conference_id}, but order \
             {reservation_id} was placed for conference {placed_in}"
        ));
    }
}

/// An order's seats are opened for assignment once it is confirmed (the seat assignments policy
/// asks for it on `OrderConfirmed`), so never for an order whose stream has not confirmed it;
/// and they are the order's seats, one position a seat in seat order, as the policy sends them.
pub(super) fn opened_once_confirmed(
    orders: &Entries<OrderLife>,
    opened: &SeatAssignmentsCreated,
    found: &mut Vec<String>,
) {
    let order_id = &opened.order_id;
    let confirmed = orders
        .get(order_id)
        .filter(|life| life.confirmed_at.is_some());
    match confirmed {
        Some(life) => {
            if let Some(seats) = life.seats.as_ref().filter(|s| !numbers(s, &opened.seats)) {
                found.push(format!(
                    "the seats of order {order_id} were opened for assignment as {}, but the \
                     order holds {seats} (one position a seat, in the order's seat order)",
                    as_quantities(&opened.seats)
                ));
            }
        }
        None => found.extend(opened_unconfirmed(orders, order_id, false)),
    }
}

/// What is told of an order whose seats were opened for assignment while its stream had not
/// confirmed it, if so; `at_end`: judged once the log is read (its order across streams not
/// known), on whether the log confirmed it at all.
pub(super) fn opened_unconfirmed(
    orders: &Entries<OrderLife>,
    order_id: &str,
    at_end: bool,
) -> Option<String> {
    // A log with no order's stream at all keeps them elsewhere (the registration context's
    // store): what they say is not known, as a conference's whose management never spoke.
    if orders.is_empty() {
        return None;
    }
    let life = orders.get(order_id);
    if life.is_some_and(|life| life.confirmed_at.is_some()) {
        return None;
    }
    let placed = life.is_some_and(|life| life.placed);
    let why = match (life.and_then(|life| life.expired_at), placed, at_end) {
        (Some(expired), ..) => format!("it expired (position {expired} of its stream) unconfirmed"),
        (None, true, false) => "it had not been confirmed".to_string(),
        (None, false, false) => "it had not been placed".to_string(),
        (None, true, true) => "the log never confirmed it".to_string(),
        (None, false, true) => "the log never placed it".to_string(),
    };
    Some(format!(
        "the seats of order {order_id} were opened for assignment, but {why}"
    ))
}

/// Whether `positions` number `seats` as `CreateSeatAssignments` does (`seat_by_seat`). Compared
/// seat by seat, so a count past what positions a log can hold ends at the first one missing.
fn numbers(seats: &SeatQuantities, positions: &[SeatPosition]) -> bool {
    seat_by_seat(seats).eq(positions.iter().map(|p| p.seat_type.as_str()))
}

/// Positions told as seats, runs of one seat type counted (`2 full, 1 vip`).
fn as_quantities(positions: &[SeatPosition]) -> String {
    let mut runs: Vec<SeatQuantity> = Vec::new();
    for p in positions {
        match runs.last_mut() {
            Some(run) if run.seat_type == p.seat_type => run.quantity += 1,
            _ => runs.push(SeatQuantity::new(p.seat_type.clone(), 1)),
        }
    }
    match runs.is_empty() {
        true => "no seats".to_string(),
        false => SeatQuantities(runs).to_string(),
    }
}

/// Every placed order has a DraftOrder in the state its last event sets, and no DraftOrder
/// stands for an order never placed.
pub(super) fn draft_order_violations(
    system: &System<ConferenceContext>,
    orders: &Entries<OrderLife>,
) -> Vec<String> {
    let mut violations = Vec::new();
    let Some(drafts) = entries_of::<DraftOrderEntry>(system, DRAFT_ORDER, &mut violations) else {
        return violations;
    };
    let placed = orders.iter().filter(|(_, life)| life.placed);
    violations.extend(by_key(placed, |order_id, life, violations| {
        let expected = life.expected_state();
        let event = life.last.map_or("OrderPlaced", |(event, _)| event);
        match drafts.get(order_id).map(|entry| entry.state.as_str()) {
            None => violations.push(format!(
                "order {order_id} was placed, but the DraftOrder read model has no entry for it \
                 (its last event {event} makes it {expected})"
            )),
            Some(state) if state != expected => violations.push(format!(
                "the DraftOrder of order {order_id} says {state}, but its last event {event} \
                 makes it {expected}"
            )),
            Some(_) => {}
        }
    }));
    violations.extend(by_key(drafts.iter(), |order_id, _, violations| {
        if !orders.get(order_id).is_some_and(|life| life.placed) {
            violations.push(format!(
                "the DraftOrder read model has order {order_id}, which its stream never placed"
            ));
        }
    }));
    violations
}

/// The seats an order's reservation still holds pending: in its conference's SeatsAvailability
/// state (`in_state` words them, listed), or why that state cannot be read; else, when that
/// state says nothing of them, in the log's own seat ledger (`in_log`), so that one lost ending
/// is told once.
fn still_pending(
    system: &System<ConferenceContext>,
    seats: &SeatLedgers,
    (order_id, conference_id): (&str, &str),
    in_state: impl FnOnce(String) -> String,
    in_log: impl FnOnce(String) -> String,
) -> Vec<String> {
    let in_state: Vec<String> = match availability(system, conference_id) {
        Ok(state) => state
            .and_then(|s| s.pending.get(order_id))
            .map(|held| in_state(listed(&counts(held))))
            .into_iter()
            .collect(),
        Err(unreadable) => vec![unreadable],
    };
    if !in_state.is_empty() {
        return in_state;
    }
    holding(seats, conference_id, |ledger| ledger.pending.get(order_id))
        .map(|held| in_log(listed(held)))
        .into_iter()
        .collect()
}

/// A confirmed order's reservation is no longer pending once its time has run out: the
/// registration process commits it on the confirmation, or cancels it when the order's time
/// runs out (a confirmation that came before the seats were reserved commits nothing).
pub(super) fn uncommitted_seats(
    system: &System<ConferenceContext>,
    seats: &SeatLedgers,
    order_id: &str,
    conference_id: &str,
) -> Vec<String> {
    still_pending(
        system,
        seats,
        (order_id, conference_id),
        |held| {
            format!(
                "order {order_id} was confirmed, but SeatsAvailability of conference \
                 {conference_id} still has its reservation pending, holding {held}: the \
                 registration process commits it on the confirmation (its \
                 SeatsReservationCommitted is missing), or cancels it once the order's time \
                 runs out"
            )
        },
        |held| {
            format!(
                "order {order_id} was confirmed, but the log of conference {conference_id} \
                 never commits or cancels its reservation, which still holds {held}"
            )
        },
    )
}

/// An expired order holds no seats: none pending in its conference's SeatsAvailability state,
/// and none left held (pending or committed) by its reservation in the log.
pub(super) fn unreleased_seats(
    system: &System<ConferenceContext>,
    seats: &SeatLedgers,
    order_id: &str,
    conference_id: &str,
) -> Vec<String> {
    let mut violations = still_pending(
        system,
        seats,
        (order_id, conference_id),
        |held| {
            format!(
                "order {order_id} expired, but SeatsAvailability of conference {conference_id} \
                 still has its reservation pending, holding {held}"
            )
        },
        |held| {
            format!(
                "order {order_id} expired, but the log of conference {conference_id} never \
                 cancels its reservation, which still holds {held}"
            )
        },
    );
    if let Some(held) = holding(seats, conference_id, |ledger| {
        ledger.committed.get(order_id)
    }) {
        violations.push(format!(
            "order {order_id} expired, but the log of conference {conference_id} shows its \
             reservation committed, holding {} for good",
            listed(held)
        ));
    }
    violations
}

/// The seats the log of a conference still holds for a reservation, as `of` finds them in its
/// seat ledger (pending, or committed), when they are any.
fn holding<'s>(
    seats: &'s SeatLedgers,
    conference_id: &str,
    of: impl FnOnce(&'s super::seats::SeatLedger) -> Option<&'s Counts>,
) -> Option<&'s Counts> {
    seats
        .of(conference_id)
        .and_then(of)
        .filter(|h| h.values().any(|&n| n != Count::default()))
}
