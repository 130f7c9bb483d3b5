//! What must hold of every conference history at a settled point, whatever the interleaving and
//! the faults: seats are conserved and never overbooked, the read models say what the log says,
//! prices add up, and an order ends once, confirmed or expired. `settled_long_after` adds what
//! must hold once every order has had time to finish. Checks report violations as sentences in a
//! domain expert's words; an empty list means the history is sound.
//!
//! The log is the judge: every count is recomputed from the recorded events, then compared with
//! what the aggregates and read models say. Counts are kept in `i128` so that no sum of recorded
//! quantities can overflow, where the domain saturates its `i64` counts.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::kernel::{Aggregate, Envelope, Money, ReadModel, StreamId, System};

use super::order::Order;
use super::read_models::draft_order::{
    DraftOrderReadModel, CONFIRMED, PARTIALLY_RESERVED, PENDING_RESERVATION, REJECTED,
    RESERVATION_COMPLETED,
};
use super::read_models::priced_order::PricedOrderReadModel;
use super::read_models::seat_type::SeatTypeReadModel;
use super::seats_availability::{Availability, SeatsAvailability};
use super::{ConferenceContext, ConferenceEvent, SeatQuantities};

const SEATS_AVAILABILITY: &str = <SeatsAvailability as Aggregate<ConferenceContext>>::NAME;
const ORDER: &str = <Order as Aggregate<ConferenceContext>>::NAME;
const SEAT_TYPE: &str = <SeatTypeReadModel as ReadModel<ConferenceContext>>::NAME;
const DRAFT_ORDER: &str = <DraftOrderReadModel as ReadModel<ConferenceContext>>::NAME;
const PRICED_ORDER: &str = <PricedOrderReadModel as ReadModel<ConferenceContext>>::NAME;

/// Seats per seat type.
type Counts = BTreeMap<String, i128>;

/// Every violation that must never be seen once the system has settled.
pub fn invariants(system: &System<ConferenceContext>) -> Vec<String> {
    let log = system.store().log();
    let seats = SeatLedgers::from_log(log);
    let orders = order_lives(log);
    let mut violations = Vec::new();
    violations.extend(conservation_violations(system, &seats));
    violations.extend(seats.overbookings.iter().cloned());
    violations.extend(seat_type_violations(system, &seats));
    violations.extend(priced_order_violations(system));
    violations.extend(orders.values().flat_map(|o| o.endings.iter().cloned()));
    violations.extend(draft_order_violations(system, &orders));
    violations
}

/// What must also hold once enough time has passed after the last order activity (the caller
/// advances the clock at least an hour past it and settles): every order has ended, and an
/// expired order holds no seats.
pub fn settled_long_after(system: &System<ConferenceContext>) -> Vec<String> {
    let log = system.store().log();
    let seats = SeatLedgers::from_log(log);
    let orders = order_lives(log);
    let mut violations = Vec::new();
    for (order_id, life) in orders.iter().filter(|(_, life)| life.placed) {
        // The read model is what the registrant sees; without an entry the log says it.
        let state = draft_order_state(system, order_id)
            .unwrap_or_else(|| life.expected_state().to_string());
        if state != CONFIRMED && state != REJECTED {
            violations.push(format!(
                "order {order_id} is still {state} long after its last activity: by now it \
                 should be {CONFIRMED} or {REJECTED}"
            ));
        }
    }
    for (order_id, life) in orders.iter().filter(|(_, life)| life.expired_at.is_some()) {
        let Some(conference_id) = &life.conference_id else {
            continue;
        };
        violations.extend(unreleased_seats(system, &seats, order_id, conference_id));
    }
    violations
}

// ---------------------------------------------------------------------------------------------
// Seats, from each conference's SeatsAvailability stream

/// One conference's seats as its SeatsAvailability stream tells them.
#[derive(Default)]
struct SeatLedger {
    /// Seats added minus seats removed.
    quota: Counts,
    /// The quota less what reservations took, plus what they gave back.
    remaining: Counts,
    /// What each pending reservation holds: its last `SeatsReserved` details.
    pending: BTreeMap<String, Counts>,
    /// What each committed reservation holds for good (committed seats never come back).
    committed: BTreeMap<String, Counts>,
}

impl SeatLedger {
    fn held_by_pending(&self, seat_type: &str) -> i128 {
        self.pending
            .values()
            .map(|held| count(held, seat_type))
            .sum()
    }

    fn held_by_committed(&self, seat_type: &str) -> i128 {
        self.committed
            .values()
            .map(|held| count(held, seat_type))
            .sum()
    }

    /// Every seat type the ledger has heard of, once, in name order.
    fn seat_types(&self) -> Vec<String> {
        let mut types: Vec<String> = self
            .quota
            .keys()
            .chain(self.remaining.keys())
            .chain(self.pending.values().flat_map(|held| held.keys()))
            .chain(self.committed.values().flat_map(|held| held.keys()))
            .cloned()
            .collect();
        types.sort();
        types.dedup();
        types
    }
}

/// The ledgers of every conference, keyed by stream id (the aggregate's key), and the
/// reservations that took seats that did not remain, found on the way.
#[derive(Default)]
struct SeatLedgers {
    conferences: BTreeMap<String, SeatLedger>,
    overbookings: Vec<String>,
}

impl SeatLedgers {
    fn from_log(log: &[Envelope<ConferenceEvent>]) -> Self {
        let mut ledgers = SeatLedgers::default();
        for e in log.iter().filter(|e| e.stream.kind == SEATS_AVAILABILITY) {
            let conference_id = &e.stream.id;
            let ledger = ledgers
                .conferences
                .entry(conference_id.clone())
                .or_default();
            match &e.message {
                ConferenceEvent::AvailableSeatsChanged(c) => {
                    let changes = counts(&c.seats);
                    add(&mut ledger.quota, &changes);
                    add(&mut ledger.remaining, &changes);
                }
                ConferenceEvent::SeatsReserved(r) => {
                    let changes = counts(&r.available_seats_changed);
                    for (seat_type, &change) in &changes {
                        let before = count(&ledger.remaining, seat_type);
                        let after = before + change;
                        // Only seats that remain may be taken; once RemoveSeats pushed the count
                        // below zero a reservation may give seats back but take none.
                        if after < before.min(0) {
                            ledgers.overbookings.push(format!(
                                "conference {conference_id}: reservation {} overbooked seat type \
                                 {seat_type}: it took {} when {before} remained, leaving {after}",
                                r.reservation_id,
                                n_seats(before - after),
                            ));
                        }
                    }
                    add(&mut ledger.remaining, &changes);
                    // As the aggregate does: a reservation left with no seats is not pending.
                    if r.reservation_details.is_empty() {
                        ledger.pending.remove(&r.reservation_id);
                    } else {
                        ledger
                            .pending
                            .insert(r.reservation_id.clone(), counts(&r.reservation_details));
                    }
                }
                ConferenceEvent::SeatsReservationCancelled(c) => {
                    ledger.pending.remove(&c.reservation_id);
                    add(&mut ledger.remaining, &counts(&c.available_seats_changed));
                }
                ConferenceEvent::SeatsReservationCommitted(c) => {
                    if let Some(held) = ledger.pending.remove(&c.reservation_id) {
                        let committed = ledger
                            .committed
                            .entry(c.reservation_id.clone())
                            .or_default();
                        add(committed, &held);
                    }
                }
                _ => {}
            }
        }
        ledgers
    }

    fn of(&self, conference_id: &str) -> Option<&SeatLedger> {
        self.conferences.get(conference_id)
    }
}

/// The SeatsAvailability state of a conference as its aggregate holds it: empty when it has
/// none, `Err` when it cannot be read as the aggregate's own state.
fn availability(
    system: &System<ConferenceContext>,
    conference_id: &str,
) -> Result<Availability, String> {
    match system.aggregate_state(&StreamId::new(SEATS_AVAILABILITY, conference_id)) {
        None => Ok(Availability::default()),
        Some(json) => serde_json::from_value(json).map_err(|e| {
            format!("the SeatsAvailability state of conference {conference_id} is unreadable: {e}")
        }),
    }
}

/// Seats added minus removed equal the seats remaining plus those held by reservations, and the
/// aggregate's remaining seats are the log's.
fn conservation_violations(system: &System<ConferenceContext>, seats: &SeatLedgers) -> Vec<String> {
    let mut violations = Vec::new();
    for (conference_id, ledger) in &seats.conferences {
        let state = match availability(system, conference_id) {
            Ok(state) => Some(state),
            Err(unreadable) => {
                violations.push(unreadable);
                None
            }
        };
        let mut seat_types = ledger.seat_types();
        if let Some(state) = &state {
            seat_types.extend(state.remaining.keys().cloned());
            seat_types.sort();
            seat_types.dedup();
        }
        for seat_type in &seat_types {
            let added = count(&ledger.quota, seat_type);
            let remaining = count(&ledger.remaining, seat_type);
            let pending = ledger.held_by_pending(seat_type);
            let committed = ledger.held_by_committed(seat_type);
            if added != remaining + pending + committed {
                violations.push(format!(
                    "conference {conference_id}, seat type {seat_type}: seats are not conserved: \
                     {} added (less those removed), but {remaining} remain and {} are held \
                     ({pending} by pending reservations, {committed} by committed ones), {} in all",
                    n_seats(added),
                    n_seats(pending + committed),
                    remaining + pending + committed,
                ));
            }
            if let Some(state) = &state {
                let said = i128::from(state.remaining_of(seat_type));
                if said != remaining {
                    violations.push(format!(
                        "conference {conference_id}, seat type {seat_type}: SeatsAvailability \
                         says {} remain, but its events leave {remaining}",
                        n_seats(said),
                    ));
                }
            }
        }
    }
    violations
}

/// The SeatType read model shows as available what remains, and what its quota leaves once the
/// held seats are taken out.
fn seat_type_violations(system: &System<ConferenceContext>, seats: &SeatLedgers) -> Vec<String> {
    let empty = SeatLedger::default();
    let mut violations = Vec::new();
    for seat_type in keys(system, SEAT_TYPE) {
        let Some(entry) = system.read_model(SEAT_TYPE, &seat_type) else {
            continue;
        };
        let (Some(conference_id), Some(available)) = (
            entry.get("conference_id").and_then(Value::as_str),
            entry.get("available_quantity").and_then(Value::as_i64),
        ) else {
            continue;
        };
        let available = i128::from(available);
        let ledger = seats.of(conference_id).unwrap_or(&empty);
        // Before any availability event the entry has counted nothing yet.
        let counted = entry
            .get("availability_version")
            .is_some_and(|v| !v.is_null());
        let remaining = count(&ledger.remaining, &seat_type);
        if counted && available != remaining {
            violations.push(format!(
                "the SeatType read model shows {} of {seat_type} (conference {conference_id}) \
                 available, but {remaining} remain",
                n_seats(available),
            ));
        }
        // The quota management set is only comparable once every change of it has reached
        // availability; until then the two legitimately differ.
        let quantity = entry
            .get("quantity")
            .and_then(Value::as_i64)
            .map(i128::from);
        if let Some(quantity) = quantity.filter(|&q| q == count(&ledger.quota, &seat_type)) {
            let held = ledger.held_by_pending(&seat_type) + ledger.held_by_committed(&seat_type);
            if available != quantity - held {
                violations.push(format!(
                    "the SeatType read model shows {} of {seat_type} (conference {conference_id}) \
                     available, but its quantity of {quantity} less the {held} held by \
                     reservations leaves {}",
                    n_seats(available),
                    quantity - held,
                ));
            }
        }
    }
    violations
}

// ---------------------------------------------------------------------------------------------
// Prices

/// Every priced line is its unit price times its quantity, and the total is the sum of the lines.
fn priced_order_violations(system: &System<ConferenceContext>) -> Vec<String> {
    let mut violations = Vec::new();
    for order_id in keys(system, PRICED_ORDER) {
        let Some(entry) = system.read_model(PRICED_ORDER, &order_id) else {
            continue;
        };
        let lines = entry
            .get("lines")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        // `None` once a line cannot be read or the sum cannot be counted: the total is then not
        // compared, the line having been reported.
        let mut sum = Some(Decimal::ZERO);
        for (i, line) in lines.iter().enumerate() {
            let position = i + 1;
            let seat_type = line.get("seat_type").and_then(Value::as_str).unwrap_or("?");
            let quantity = line.get("quantity").and_then(Value::as_i64);
            let unit_price = line.get("unit_price").and_then(money);
            let line_total = line.get("line_total").and_then(money);
            let (Some(quantity), Some(unit_price), Some(line_total)) =
                (quantity, unit_price, line_total)
            else {
                violations.push(format!(
                    "priced order {order_id}: line {position} ({seat_type}) does not give a \
                     readable quantity, unit price and line total: {line}"
                ));
                sum = None;
                continue;
            };
            match unit_price.decimal().checked_mul(Decimal::from(quantity)) {
                // Decimals compare by value, so 398 equals 398.00.
                Some(product) if product == line_total.decimal() => {}
                Some(product) => violations.push(format!(
                    "priced order {order_id}: line {position} ({seat_type}) totals {line_total}, \
                     but {quantity} × {unit_price} = {}",
                    amount(product)
                )),
                None => violations.push(format!(
                    "priced order {order_id}: line {position} ({seat_type}) totals {line_total}, \
                     but {quantity} × {unit_price} is beyond any amount of money"
                )),
            }
            sum = sum.and_then(|s| s.checked_add(line_total.decimal()));
        }
        let Some(total) = entry.get("total").filter(|t| !t.is_null()) else {
            // Not priced yet: there is no total to check.
            continue;
        };
        match (money(total), sum) {
            (None, _) => violations.push(format!(
                "priced order {order_id}: its total {total} is not an amount of money"
            )),
            (Some(total), Some(sum)) if total.decimal() != sum => violations.push(format!(
                "priced order {order_id} totals {total}, but its lines add up to {}",
                amount(sum)
            )),
            _ => {}
        }
    }
    violations
}

/// A decimal written as money is, with at least two places (`398.00`).
fn amount(mut decimal: Decimal) -> String {
    if decimal.scale() < 2 {
        decimal.rescale(2);
    }
    decimal.to_string()
}

/// An amount of money from JSON, a string or a number; `None` if it is neither.
fn money(value: &Value) -> Option<Money> {
    serde_json::from_value(value.clone()).ok()
}

// ---------------------------------------------------------------------------------------------
// Orders, from each order's stream

/// What an order's stream says about it.
#[derive(Default)]
struct OrderLife {
    placed: bool,
    /// The conference of its last `OrderPlaced`.
    conference_id: Option<String>,
    /// The last event that set its state, and the DraftOrder state it sets.
    last: Option<(&'static str, &'static str)>,
    confirmed_at: Option<u64>,
    expired_at: Option<u64>,
    /// An order confirmed after it expired, or expired after it was confirmed.
    endings: Vec<String>,
}

impl OrderLife {
    fn expected_state(&self) -> &'static str {
        self.last.map_or(PENDING_RESERVATION, |(_, state)| state)
    }
}

/// Every order of the log, keyed by its stream id: the stream is the order's history.
fn order_lives(log: &[Envelope<ConferenceEvent>]) -> BTreeMap<String, OrderLife> {
    let mut orders: BTreeMap<String, OrderLife> = BTreeMap::new();
    for e in log.iter().filter(|e| e.stream.kind == ORDER) {
        let order_id = &e.stream.id;
        let life = orders.entry(order_id.clone()).or_default();
        let at = e.sequence;
        match &e.message {
            ConferenceEvent::OrderPlaced(p) => {
                life.placed = true;
                life.conference_id = Some(p.conference_id.clone());
                life.last = Some(("OrderPlaced", PENDING_RESERVATION));
            }
            ConferenceEvent::OrderUpdated(_) => {
                life.last = Some(("OrderUpdated", PENDING_RESERVATION));
            }
            ConferenceEvent::OrderPartiallyReserved(_) => {
                life.last = Some(("OrderPartiallyReserved", PARTIALLY_RESERVED));
            }
            ConferenceEvent::OrderReservationCompleted(_) => {
                life.last = Some(("OrderReservationCompleted", RESERVATION_COMPLETED));
            }
            ConferenceEvent::OrderExpired(_) => {
                if let Some(confirmed) = life.confirmed_at {
                    life.endings.push(format!(
                        "order {order_id} expired (position {at} of its stream) after it was \
                         confirmed (position {confirmed})"
                    ));
                }
                life.expired_at.get_or_insert(at);
                life.last = Some(("OrderExpired", REJECTED));
            }
            ConferenceEvent::OrderConfirmed(_) => {
                if let Some(expired) = life.expired_at {
                    life.endings.push(format!(
                        "order {order_id} was confirmed (position {at} of its stream) after it \
                         expired (position {expired})"
                    ));
                }
                life.confirmed_at.get_or_insert(at);
                life.last = Some(("OrderConfirmed", CONFIRMED));
            }
            _ => {}
        }
    }
    orders
}

fn draft_order_state(system: &System<ConferenceContext>, order_id: &str) -> Option<String> {
    system
        .read_model(DRAFT_ORDER, order_id)
        .and_then(|entry| entry.get("state")?.as_str().map(str::to_string))
}

/// Every placed order has a DraftOrder in the state its last event sets, and no DraftOrder
/// stands for an order never placed.
fn draft_order_violations(
    system: &System<ConferenceContext>,
    orders: &BTreeMap<String, OrderLife>,
) -> Vec<String> {
    let mut violations = Vec::new();
    for (order_id, life) in orders.iter().filter(|(_, life)| life.placed) {
        let expected = life.expected_state();
        let event = life.last.map_or("OrderPlaced", |(event, _)| event);
        match draft_order_state(system, order_id) {
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
    }
    for order_id in keys(system, DRAFT_ORDER) {
        if !orders.get(&order_id).is_some_and(|life| life.placed) {
            violations.push(format!(
                "the DraftOrder read model has order {order_id}, which its stream never placed"
            ));
        }
    }
    violations
}

/// An expired order holds no seats: none pending in its conference's SeatsAvailability state,
/// and none left held (pending or committed) by its reservation in the log.
fn unreleased_seats(
    system: &System<ConferenceContext>,
    seats: &SeatLedgers,
    order_id: &str,
    conference_id: &str,
) -> Vec<String> {
    let mut violations = Vec::new();
    match availability(system, conference_id) {
        Ok(state) => {
            if let Some(held) = state.pending.get(order_id) {
                violations.push(format!(
                    "order {order_id} expired, but SeatsAvailability of conference \
                     {conference_id} still has its reservation pending, holding {}",
                    listed(&counts(held))
                ));
            }
        }
        Err(unreadable) => violations.push(unreadable),
    }
    let Some(ledger) = seats.of(conference_id) else {
        return violations;
    };
    let holding = |held: Option<&Counts>| held.filter(|h| h.values().any(|&n| n != 0)).cloned();
    if let Some(held) = holding(ledger.pending.get(order_id)) {
        violations.push(format!(
            "order {order_id} expired, but the log of conference {conference_id} never cancels \
             its reservation, which still holds {}",
            listed(&held)
        ));
    }
    if let Some(held) = holding(ledger.committed.get(order_id)) {
        violations.push(format!(
            "order {order_id} expired, but the log of conference {conference_id} shows its \
             reservation committed, holding {} for good",
            listed(&held)
        ));
    }
    violations
}

// ---------------------------------------------------------------------------------------------
// Small helpers

fn keys(system: &System<ConferenceContext>, read_model: &str) -> Vec<String> {
    system
        .read_model_slot(read_model)
        .map(|slot| slot.keys())
        .unwrap_or_default()
}

/// A list of seat quantities summed per seat type (a type may be named twice).
fn counts(list: &SeatQuantities) -> Counts {
    let mut counts = Counts::new();
    for s in list.iter() {
        *counts.entry(s.seat_type.clone()).or_insert(0) += i128::from(s.quantity);
    }
    counts
}

fn count(counts: &Counts, seat_type: &str) -> i128 {
    counts.get(seat_type).copied().unwrap_or(0)
}

fn add(to: &mut Counts, changes: &Counts) {
    for (seat_type, change) in changes {
        *to.entry(seat_type.clone()).or_insert(0) += change;
    }
}

fn n_seats(n: i128) -> String {
    if n == 1 {
        "1 seat".to_string()
    } else {
        format!("{n} seats")
    }
}

/// Seats in the catalog's literal form, `2 full, 1 workshop`.
fn listed(counts: &Counts) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(_, &n)| n != 0)
        .map(|(seat_type, n)| format!("{n} {seat_type}"))
        .collect();
    if parts.is_empty() {
        "no seats".to_string()
    } else {
        parts.join(", ")
    }
}
