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

use litemap::LiteMap;
use rust_decimal::Decimal;

use crate::kernel::{
    insert_tight, Aggregate, Entries, Envelope, EventLedger, Money, ReadModel, StreamId, System,
    Text,
};

use super::management::Conference;
use super::order::Order;
use super::read_models::draft_order::{
    DraftOrderEntry, DraftOrderReadModel, CONFIRMED, PARTIALLY_RESERVED, PENDING_RESERVATION,
    REJECTED, RESERVATION_COMPLETED,
};
use super::read_models::priced_order::{PricedOrderEntry, PricedOrderReadModel};
use super::read_models::seat_type::{SeatTypeEntry, SeatTypeReadModel};
use super::seat_assignments::SeatAssignments;
use super::seats_availability::{Availability, SeatsAvailability};
use super::{ConferenceContext, ConferenceEvent, SeatQuantities};

const CONFERENCE: &str = <Conference as Aggregate<ConferenceContext>>::NAME;
const SEATS_AVAILABILITY: &str = <SeatsAvailability as Aggregate<ConferenceContext>>::NAME;
const ORDER: &str = <Order as Aggregate<ConferenceContext>>::NAME;
const SEAT_ASSIGNMENTS: &str = <SeatAssignments as Aggregate<ConferenceContext>>::NAME;
const SEAT_TYPE: &str = <SeatTypeReadModel as ReadModel<ConferenceContext>>::NAME;
const DRAFT_ORDER: &str = <DraftOrderReadModel as ReadModel<ConferenceContext>>::NAME;
const PRICED_ORDER: &str = <PricedOrderReadModel as ReadModel<ConferenceContext>>::NAME;

/// Seats per seat type, in seat-type order. A ledger holds one of these per conference and per
/// reservation, each naming one or two seat types: a flat sorted list, where a `BTreeMap` would
/// allocate a node sized for eleven for every one of them.
type Counts = LiteMap<Text, Count>;

/// An `i128` kept in two words aligned as `i64`s: beside its seat type it takes 40 bytes, where
/// an `i128`, aligned to 16, would take 48.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Count {
    low: u64,
    high: i64,
}

impl From<i128> for Count {
    fn from(n: i128) -> Self {
        Count {
            low: n as u64,
            high: (n >> 64) as i64,
        }
    }
}

impl From<Count> for i128 {
    fn from(c: Count) -> Self {
        (i128::from(c.high) << 64) | i128::from(c.low)
    }
}

/// What the invariants keep of a log, folded one event at a time: enough to judge the log
/// without keeping it, so that a replay of millions of events stays within the size of its state.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    seats: SeatLedgers,
    /// Hashed, as the other maps a replay touches for every event; checks read it in key order.
    orders: Entries<OrderLife>,
    /// Events at odds with another stream's: a reservation in a conference its order was not
    /// placed for, seats opened for assignment for an order never confirmed (they are rare).
    at_odds: Vec<String>,
    /// The breaches found as events came, in the order found (they are rare).
    found: Vec<String>,
    /// Conferences and orders whose streams lost an event (`lost`): not judged (they are rare).
    lost: Lost,
    /// Findings about them kept from being told.
    untold: u64,
    /// Each order whose last totals were told where they were read (`told`) as totals it could
    /// not have recorded, with what the PricedOrder check finds of those totals alone: an entry
    /// that shows them repeats that error (they are rare).
    told: BTreeMap<Text, Vec<String>>,
    /// Seats that cancellations told where they were read (`told`) gave back beyond what their
    /// reservation held, by conference and seat type: the end's seat counts are off by as many,
    /// and counts off by no more only repeat those errors (they are rare).
    told_back: BTreeMap<Text, Counts>,
    /// Overbookings found of reservations told where they were read (`told`) as taking seats of
    /// a seat type their conference never added: the seats it had to take were none, so the
    /// overbooking only repeats that error, told there in clearer words (they are rare).
    told_never_added: Vec<String>,
}

/// What a log's lost events leave unknown: the conferences (their own or their availability's
/// stream) and the orders (their own or their seat assignments' stream) they belonged to.
#[derive(Clone, Debug, Default)]
struct Lost {
    conferences: std::collections::BTreeSet<Text>,
    orders: std::collections::BTreeSet<Text>,
}

impl Lost {
    /// Whether a violation, as this module words it, names a lost conference (`conference
    /// conf-1`) or order (`order order-1`, `reservation order-1`): only a log with lost events
    /// asks, so the end's few violations are read rather than each check taught of losses.
    fn named_in(&self, violation: &str) -> bool {
        let named = |before: &str, id: &str| {
            violation.match_indices(id).any(|(at, _)| {
                let after = violation[at + id.len()..].chars().next();
                violation[..at].ends_with(before)
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
            })
        };
        self.conferences.iter().any(|id| named("conference ", id))
            || self
                .orders
                .iter()
                .any(|id| named("order ", id) || named("reservation ", id))
    }

    /// Whether `e` touches what a lost event left unknown: its conference or its order.
    fn touches(&self, e: &Envelope<ConferenceEvent>) -> bool {
        let kind = e.stream.kind.as_str();
        let id = e.stream.id.as_str();
        match &e.message {
            _ if kind == CONFERENCE || kind == SEATS_AVAILABILITY => {
                self.conferences.contains(id)
                    || matches!(&e.message, ConferenceEvent::SeatsReserved(r)
                        if self.orders.contains(r.reservation_id.as_str()))
            }
            _ if kind == ORDER || kind == SEAT_ASSIGNMENTS => self.orders.contains(id),
            _ => false,
        }
    }
}

impl EventLedger<ConferenceEvent> for Ledger {
    fn observe(&mut self, e: &Envelope<ConferenceEvent>) {
        // What follows from a lost event is folded, as the log has it, but not told.
        let untold = !self.lost.conferences.is_empty() || !self.lost.orders.is_empty();
        let untold = untold && self.lost.touches(e);
        let before = (
            self.found.len(),
            self.seats.on_the_way.len(),
            self.at_odds.len(),
        );
        self.fold(e);
        if untold && self.found.len() > before.0 {
            self.untold += (self.found.len() - before.0) as u64;
            self.found.truncate(before.0);
            self.seats.on_the_way.truncate(before.1);
            self.at_odds.truncate(before.2);
        }
    }

    fn found_on_the_way(&self) -> &[String] {
        &self.found
    }

    fn lost(&mut self, stream: &StreamId) {
        let id = stream.id.clone();
        match stream.kind.as_str() {
            kind if kind == CONFERENCE || kind == SEATS_AVAILABILITY => {
                self.lost.conferences.insert(id);
            }
            kind if kind == ORDER || kind == SEAT_ASSIGNMENTS => {
                self.lost.orders.insert(id);
            }
            _ => {}
        }
    }

    fn untold(&self) -> u64 {
        self.untold
    }

    fn told(&mut self, e: &Envelope<ConferenceEvent>) {
        // Three mistakes are found again: totals, which the PricedOrder read model shows as
        // recorded, seats given back that nothing held, which leave the seat counts off for good,
        // and seats taken of a seat type never added, which the fold finds overbooked. The other
        // read models are judged against the ledger, which folds the same event, and the other
        // events change no count.
        match &e.message {
            ConferenceEvent::OrderTotalsCalculated(totals) => {
                let lines = totals.lines.iter().map(|line| {
                    let (seat_type, quantity) = (&line.seat_type, line.quantity);
                    (seat_type, quantity, line.unit_price, line.line_total)
                });
                let mut found = Vec::new();
                mispriced(&totals.order_id, lines, Some(totals.total), &mut found);
                if !found.is_empty() {
                    self.told.insert(totals.order_id.clone(), found);
                }
            }
            ConferenceEvent::SeatsReservationCancelled(c) => {
                // What it gave back less what the fold took out of pending: a reservation never
                // made held nothing.
                let mut beyond = counts(&c.available_seats_changed);
                for (seat_type, &held) in self.seats.released.take().iter().flatten() {
                    add_one(&mut beyond, seat_type, -i128::from(held));
                }
                let told_back = self.told_back.entry(e.stream.id.clone()).or_default();
                add(told_back, &beyond);
            }
            ConferenceEvent::SeatsReserved(_) => {
                let never_added = &mut self.seats.never_added;
                self.told_never_added.append(never_added);
            }
            _ => {}
        }
    }

    fn retold(&self) -> Vec<String> {
        let mut retold: Vec<String> = self.told.values().flatten().cloned().collect();
        retold.extend(self.told_never_added.iter().cloned());
        for (conference_id, told_back) in &self.told_back {
            let Some(ledger) = self.seats.of(conference_id) else {
                continue;
            };
            for (seat_type, &back) in told_back.iter() {
                retold.extend(ledger.off_by_only(conference_id, seat_type, back.into()));
            }
        }
        retold
    }
}

impl Ledger {
    fn fold(&mut self, e: &Envelope<ConferenceEvent>) {
        // Later totals replace what the PricedOrder read model shows of the order's told ones.
        if let ConferenceEvent::OrderTotalsCalculated(totals) = &e.message {
            if !self.told.is_empty() {
                self.told.remove(&totals.order_id);
            }
        }
        if e.stream.kind == CONFERENCE {
            self.seats.stated(e);
        } else if e.stream.kind == SEATS_AVAILABILITY {
            let before = self.seats.on_the_way.len();
            self.seats.observe(e);
            self.found
                .extend_from_slice(&self.seats.on_the_way[before..]);
            if let ConferenceEvent::SeatsReserved(r) = &e.message {
                let before = self.at_odds.len();
                reserved_for_its_order(&self.orders, &e.stream.id, r, &mut self.at_odds);
                self.found.extend_from_slice(&self.at_odds[before..]);
            }
        } else if e.stream.kind == ORDER {
            observe_order(&mut self.orders, e, &mut self.found);
        } else if e.stream.kind == SEAT_ASSIGNMENTS {
            if let ConferenceEvent::SeatAssignmentsCreated(c) = &e.message {
                let before = self.at_odds.len();
                opened_once_confirmed(&self.orders, &c.order_id, &mut self.at_odds);
                self.found.extend_from_slice(&self.at_odds[before..]);
            }
        }
    }
}

/// Every violation that must never be seen once the system has settled.
pub fn invariants(system: &System<ConferenceContext>) -> Vec<String> {
    invariants_with(system, &Ledger::of_log(system.store().log()))
}

/// `invariants`, judged on what `ledger` kept of the system's log.
pub fn invariants_with(system: &System<ConferenceContext>, ledger: &Ledger) -> Vec<String> {
    let (seats, orders) = (&ledger.seats, &ledger.orders);
    let mut violations = Vec::new();
    violations.extend(conservation_violations(system, seats));
    violations.extend(seats.on_the_way.iter().cloned());
    violations.extend(seat_type_violations(system, seats));
    violations.extend(priced_order_violations(system));
    violations.extend(by_key(orders.iter(), |_, life, found| {
        found.extend(life.endings.iter().cloned())
    }));
    violations.extend(draft_order_violations(system, orders));
    violations.extend(ledger.at_odds.iter().cloned());
    // A conference or an order that lost an event is not known whole: what is found of it at
    // the end follows from the error told where the event was lost.
    let lost = &ledger.lost;
    if !lost.conferences.is_empty() || !lost.orders.is_empty() {
        violations.retain(|v| !lost.named_in(v));
    }
    violations
}

/// What `check` finds in each entry, found in the table's own order and told in its keys' order.
/// A long log's tables hold hundreds of thousands of keys: sorting them all to report none cost
/// a replay more than the checks themselves (6% of a verification's instructions).
fn by_key<'e, V: 'e>(
    entries: impl Iterator<Item = (&'e Text, &'e V)>,
    mut check: impl FnMut(&'e Text, &'e V, &mut Vec<String>),
) -> Vec<String> {
    let mut found: Vec<(&Text, Vec<String>)> = Vec::new();
    for (key, entry) in entries {
        let mut violations = Vec::new();
        check(key, entry, &mut violations);
        if !violations.is_empty() {
            found.push((key, violations));
        }
    }
    found.sort_by(|a, b| a.0.cmp(b.0));
    found.into_iter().flat_map(|(_, v)| v).collect()
}

/// What must also hold once enough time has passed after the last order activity (the caller
/// advances the clock at least an hour past it and settles): every order has ended, and an
/// expired order holds no seats.
pub fn settled_long_after(system: &System<ConferenceContext>) -> Vec<String> {
    settled_long_after_with(system, &Ledger::of_log(system.store().log()))
}

/// `settled_long_after`, judged on what `ledger` kept of the system's log.
pub fn settled_long_after_with(system: &System<ConferenceContext>, ledger: &Ledger) -> Vec<String> {
    let (seats, orders) = (&ledger.seats, &ledger.orders);
    let mut violations = Vec::new();
    let drafts = entries_of::<DraftOrderEntry>(system, DRAFT_ORDER, &mut violations);
    let placed = orders.iter().filter(|(_, life)| life.placed);
    violations.extend(by_key(placed, |order_id, life, violations| {
        // The read model is what the registrant sees; without an entry the log says it.
        let state = drafts
            .and_then(|d| d.get(order_id))
            .map_or(life.expected_state(), |entry| entry.state.as_str());
        if state != CONFIRMED && state != REJECTED {
            violations.push(format!(
                "order {order_id} is still {state} long after its last activity: by now it \
                 should be {CONFIRMED} or {REJECTED}"
            ));
        }
    }));
    let expired = orders.iter().filter(|(_, life)| life.expired_at.is_some());
    violations.extend(by_key(expired, |order_id, life, violations| {
        if let Some(conference_id) = &life.conference_id {
            violations.extend(unreleased_seats(system, seats, order_id, conference_id));
        }
    }));
    violations
}

// ---------------------------------------------------------------------------------------------
// Seats, from each conference's SeatsAvailability stream, and the quotas its own stream states

/// A seat type's quota: what availability was given, and what conference management stated.
#[derive(Clone, Copy, Debug, Default)]
struct Quota {
    /// Seats added minus seats removed, by `AvailableSeatsChanged`.
    carried: Count,
    /// The quantity conference management last stated, by `SeatCreated` or `SeatUpdated`.
    stated: Option<i64>,
    /// Changes of the quantity stated and not yet carried into availability: the seat quota
    /// policy sends one `AddSeats` or `RemoveSeats` for each, and availability records one
    /// `AvailableSeatsChanged` for each of those. Until they are all carried, availability
    /// legitimately lags what was stated.
    in_flight: u32,
    /// Availability changed with nothing stated left to carry (told where it was found, so
    /// that the quota it left is not told again at the end).
    overcarried: bool,
}

/// One conference's seats as its SeatsAvailability stream tells them, and the quotas its
/// conference management stated.
#[derive(Clone, Debug, Default)]
struct SeatLedger {
    /// Each seat type's quota, as given to availability and as stated.
    quota: LiteMap<Text, Quota>,
    /// The quota less what reservations took, plus what they gave back.
    remaining: Counts,
    /// What each pending reservation holds: its last `SeatsReserved` details. Only reservations
    /// in flight are pending: a flat sorted list holds them.
    pending: LiteMap<Text, Counts>,
    /// What each committed reservation holds for good (committed seats never come back).
    committed: BTreeMap<Text, Counts>,
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

    fn quota_of(&self, seat_type: &str) -> i128 {
        self.quota
            .get(seat_type)
            .map_or(0, |q| i128::from(q.carried))
    }

    fn quota_mut(&mut self, seat_type: &str) -> &mut Quota {
        // Seat types are few and known early: look up before allocating a key.
        if self.quota.get(seat_type).is_none() {
            insert_tight(&mut self.quota, seat_type.into(), Quota::default());
        }
        self.quota
            .get_mut(seat_type)
            .expect("inserted just above when missing")
    }

    /// What the end's checks find of `seat_type` when its counts are off by the `back` seats
    /// told cancellations gave back and by nothing else: seats not conserved, and a SeatType
    /// entry showing what remains, as it should, off its quantity less what is held. Counts off
    /// by any other amount are wrong for another reason too: nothing is retold, so the end's
    /// findings are told in full.
    fn off_by_only(&self, conference_id: &str, seat_type: &str, back: i128) -> Vec<String> {
        let added = self.quota_of(seat_type);
        let remaining = count(&self.remaining, seat_type);
        let held = self.held_by_pending(seat_type) + self.held_by_committed(seat_type);
        if remaining + held - added != back {
            return Vec::new();
        }
        let left = not_left_by_quantity(conference_id, seat_type, remaining, added, held);
        not_conserved(conference_id, seat_type, self)
            .into_iter()
            .chain(left)
            .collect()
    }

    /// Every seat type the ledger has heard of, once, in name order.
    fn seat_types(&self) -> Vec<Text> {
        let mut types: Vec<Text> = self
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

/// The ledgers of every conference, keyed by stream id (the aggregate's key), and what was found
/// on the way: reservations that took seats that did not remain, availability given seats no
/// stated quantity called for.
#[derive(Clone, Debug, Default)]
struct SeatLedgers {
    conferences: Entries<SeatLedger>,
    on_the_way: Vec<String>,
    /// What the last cancellation folded took out of pending (`None`: its reservation was not
    /// pending), kept until the next one: a cancellation told where it was read (`told`, just
    /// after its fold) gave back seats beyond these.
    released: Option<Counts>,
    /// What the last reservation folded was found to overbook of seat types its conference had
    /// never been given (none had been added, so any it took overbooked them), kept until the
    /// next one: a reservation told where it was read (`told`, just after its fold) as taking
    /// seats of a seat type never added was told that already.
    never_added: Vec<String>,
}

impl SeatLedgers {
    /// Folds an event of a conference's own stream: the quantities its seat types are stated to
    /// have, as the seat quota policy reads them (a first statement always sends a change, so
    /// that availability knows the seat type; a later one only when the quantity moved).
    fn stated(&mut self, e: &Envelope<ConferenceEvent>) {
        let (seat_type, quantity) = match &e.message {
            ConferenceEvent::SeatCreated(s) => (&s.seat_type, s.quantity),
            ConferenceEvent::SeatUpdated(s) => (&s.seat_type, s.quantity),
            _ => return,
        };
        let ledger = self.conferences.entry(e.stream.id.clone()).or_default();
        let quota = ledger.quota_mut(seat_type);
        if quota.stated != Some(quantity) {
            quota.in_flight = quota.in_flight.saturating_add(1);
        }
        quota.stated = Some(quantity);
    }

    /// Folds an event of a SeatsAvailability stream.
    fn observe(&mut self, e: &Envelope<ConferenceEvent>) {
        let conference_id = &e.stream.id;
        let ledger = self.conferences.entry(conference_id.clone()).or_default();
        match &e.message {
            ConferenceEvent::AvailableSeatsChanged(c) => {
                // Conference management stated a quantity of one of its seat types: availability
                // given seats of a seat type it never created carries what nothing called for.
                let managed = ledger.quota.values().any(|q| q.stated.is_some());
                for seat in c.seats.iter() {
                    let quota = ledger.quota_mut(&seat.seat_type);
                    quota.carried =
                        Count::from(i128::from(quota.carried) + i128::from(seat.quantity));
                    // A conference whose management never spoke (a log of the orders context
                    // alone) has nothing to carry, and is not judged here.
                    if !managed || quota.overcarried {
                        continue;
                    }
                    let called_for = match quota.stated {
                        Some(_) if quota.in_flight > 0 => {
                            quota.in_flight -= 1;
                            continue;
                        }
                        Some(stated) => format!(
                            "conference management stated {stated}, and each change of it had \
                             been carried already: an AvailableSeatsChanged repeated?"
                        ),
                        None => "conference management never created that seat type".into(),
                    };
                    quota.overcarried = true;
                    self.on_the_way.push(format!(
                        "conference {conference_id}: availability was given {} of seat type {} \
                         that no change of its quantity called for ({called_for})",
                        signed_seats(seat.quantity),
                        seat.seat_type,
                    ));
                }
                add(&mut ledger.remaining, &counts(&c.seats));
            }
            ConferenceEvent::SeatsReserved(r) => {
                self.never_added.clear();
                let changes = counts(&r.available_seats_changed);
                for (seat_type, &change) in changes.iter() {
                    let change = i128::from(change);
                    let before = count(&ledger.remaining, seat_type);
                    let after = before + change;
                    // Only seats that remain may be taken; once RemoveSeats pushed the count
                    // below zero a reservation may give seats back but take none.
                    if after < before.min(0) {
                        let overbooked = format!(
                            "conference {conference_id}: reservation {} overbooked seat type \
                             {seat_type}: it took {} when {before} remained, leaving {after}",
                            r.reservation_id,
                            n_seats(before - after),
                        );
                        // Known as SeatsAvailability knows a seat type: from any change of its
                        // remaining seats, not yet made by this reservation's.
                        if ledger.remaining.get(seat_type).is_none() {
                            self.never_added.push(overbooked.clone());
                        }
                        self.on_the_way.push(overbooked);
                    }
                }
                add(&mut ledger.remaining, &changes);
                // As the aggregate does: a reservation left with no seats is not pending.
                if r.reservation_details.is_empty() {
                    ledger.pending.remove(&r.reservation_id);
                } else {
                    insert_tight(
                        &mut ledger.pending,
                        r.reservation_id.clone(),
                        counts(&r.reservation_details),
                    );
                }
            }
            ConferenceEvent::SeatsReservationCancelled(c) => {
                self.released = ledger.pending.remove(&c.reservation_id);
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

    fn of(&self, conference_id: &str) -> Option<&SeatLedger> {
        self.conferences.get(conference_id).map(|ledger| &**ledger)
    }
}

/// The SeatsAvailability state of a conference as its aggregate holds it: `None` when it has
/// none, `Err` when the aggregate does not keep the conference's own state type.
fn availability<'s>(
    system: &'s System<ConferenceContext>,
    conference_id: &str,
) -> Result<Option<&'s Availability>, String> {
    system
        .aggregate_state_as::<Availability>(&StreamId::new(SEATS_AVAILABILITY, conference_id))
        .map_err(|e| {
            format!("the SeatsAvailability state of conference {conference_id} cannot be read: {e}")
        })
}

/// Seats added minus removed equal the seats remaining plus those held by reservations, and the
/// aggregate's remaining seats are the log's.
fn conservation_violations(system: &System<ConferenceContext>, seats: &SeatLedgers) -> Vec<String> {
    by_key(
        seats.conferences.iter(),
        |conference_id, ledger, violations| {
            let state = match availability(system, conference_id) {
                Ok(state) => state,
                Err(unreadable) => {
                    violations.push(unreadable);
                    None
                }
            };
            let mut seat_types = ledger.seat_types();
            if let Some(state) = state {
                seat_types.extend(state.remaining.keys().cloned());
                seat_types.sort();
                seat_types.dedup();
            }
            for seat_type in &seat_types {
                violations.extend(not_conserved(conference_id, seat_type, ledger));
                let remaining = count(&ledger.remaining, seat_type);
                if let Some(quota) = ledger.quota.get(seat_type) {
                    violations.extend(quota_not_carried(conference_id, seat_type, quota));
                }
                if let Some(state) = state {
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
        },
    )
}

/// Seats of `seat_type` added (less those removed) other than those remaining and held: worded
/// once, for the end's check and for what a told cancellation accounts for (`retold`).
fn not_conserved(conference_id: &str, seat_type: &str, ledger: &SeatLedger) -> Option<String> {
    let added = ledger.quota_of(seat_type);
    let remaining = count(&ledger.remaining, seat_type);
    let pending = ledger.held_by_pending(seat_type);
    let committed = ledger.held_by_committed(seat_type);
    (added != remaining + pending + committed).then(|| {
        format!(
            "conference {conference_id}, seat type {seat_type}: seats are not conserved: {} added \
             (less those removed), but {remaining} remain and {} are held ({pending} by pending \
             reservations, {committed} by committed ones), {} in all",
            n_seats(added),
            n_seats(pending + committed),
            remaining + pending + committed,
        )
    })
}

/// A seat type whose availability was given other than its stated quantity, with no change of
/// it on its way there. One given more than was stated was told where it happened.
fn quota_not_carried(conference_id: &str, seat_type: &str, quota: &Quota) -> Option<String> {
    let stated = quota.stated?;
    let carried = i128::from(quota.carried);
    (quota.in_flight == 0 && !quota.overcarried && carried != i128::from(stated)).then(|| {
        format!(
            "conference {conference_id}, seat type {seat_type}: conference management stated a \
             quantity of {stated}, but availability was given {} (added less removed), with no \
             change of it left to carry",
            n_seats(carried)
        )
    })
}

/// The SeatType read model shows as available what remains, and what its quota leaves once the
/// held seats are taken out.
fn seat_type_violations(system: &System<ConferenceContext>, seats: &SeatLedgers) -> Vec<String> {
    let empty = SeatLedger::default();
    let mut violations = Vec::new();
    let Some(entries) = entries_of::<SeatTypeEntry>(system, SEAT_TYPE, &mut violations) else {
        return violations;
    };
    violations.extend(by_key(
        entries.iter().map(|(k, v)| (k, &**v)),
        |seat_type, entry, violations| {
            let (conference_id, available) = (&entry.conference_id, entry.available_quantity);
            let available = i128::from(available);
            let ledger = seats.of(conference_id).unwrap_or(&empty);
            // Before any availability event the entry has counted nothing yet.
            let counted = entry.availability_version.is_some();
            let remaining = count(&ledger.remaining, seat_type);
            if counted && available != remaining {
                violations.push(format!(
                    "the SeatType read model shows {} of {seat_type} (conference {conference_id}) \
                 available, but {remaining} remain",
                    n_seats(available),
                ));
            }
            // The quota management set is only comparable once every change of it has reached
            // availability; until then the two legitimately differ.
            let quantity = entry.quantity.map(i128::from);
            if let Some(quantity) = quantity.filter(|&q| q == ledger.quota_of(seat_type)) {
                let held = ledger.held_by_pending(seat_type) + ledger.held_by_committed(seat_type);
                violations.extend(not_left_by_quantity(
                    conference_id,
                    seat_type,
                    available,
                    quantity,
                    held,
                ));
            }
        },
    ));
    violations
}

/// A SeatType entry showing `available` seats where its `quantity` less the `held` leaves
/// otherwise: worded once, for the end's check and for what a told cancellation accounts for
/// (`retold`).
fn not_left_by_quantity(
    conference_id: &str,
    seat_type: &str,
    available: i128,
    quantity: i128,
    held: i128,
) -> Option<String> {
    (available != quantity - held).then(|| {
        format!(
            "the SeatType read model shows {} of {seat_type} (conference {conference_id}) \
             available, but its quantity of {quantity} less the {held} held by reservations \
             leaves {}",
            n_seats(available),
            quantity - held,
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Prices

/// Every priced line is its unit price times its quantity, and the total is the sum of the lines.
fn priced_order_violations(system: &System<ConferenceContext>) -> Vec<String> {
    let mut violations = Vec::new();
    let Some(entries) = entries_of::<PricedOrderEntry>(system, PRICED_ORDER, &mut violations)
    else {
        return violations;
    };
    violations.extend(by_key(
        entries.iter().map(|(k, v)| (k, &**v)),
        |order_id, entry, violations| {
            let lines = entry.lines.iter().map(|line| {
                let (seat_type, quantity) = (&line.seat_type, line.quantity);
                (seat_type, quantity, line.unit_price, line.line_total)
            });
            mispriced(order_id, lines, entry.total, violations);
        },
    ));
    violations
}

/// What is wrong with an order's prices as shown: each line (seat type, quantity, unit price,
/// line total) is its unit price times its quantity, the total (`None`: not priced yet) the sum
/// of the lines. The PricedOrder read model's entries are judged by it, and so are totals told
/// where they were read, so that what the entry shows of them is known to repeat them.
fn mispriced<'l>(
    order_id: &str,
    lines: impl Iterator<Item = (&'l Text, i64, Money, Money)>,
    total: Option<Money>,
    violations: &mut Vec<String>,
) {
    // `None` once the sum cannot be counted: the total is then not compared.
    let mut sum = Some(Decimal::ZERO);
    for (i, (seat_type, quantity, unit_price, line_total)) in lines.enumerate() {
        let position = i + 1;
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
    // Not priced yet: there is no total to check.
    let (Some(total), Some(sum)) = (total, sum) else {
        return;
    };
    if total.decimal() != sum {
        violations.push(format!(
            "priced order {order_id} totals {total}, but its lines add up to {}",
            amount(sum)
        ));
    }
}

/// A decimal written as money is, with at least two places (`398.00`).
fn amount(mut decimal: Decimal) -> String {
    if decimal.scale() < 2 {
        decimal.rescale(2);
    }
    decimal.to_string()
}

// ---------------------------------------------------------------------------------------------
// Orders, from each order's stream

/// What an order's stream says about it.
#[derive(Clone, Debug, Default)]
struct OrderLife {
    placed: bool,
    /// The conference of its last `OrderPlaced`.
    conference_id: Option<Text>,
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

/// Folds an event of an order's stream into the lives of orders, keyed by stream id: the stream
/// is the order's history.
fn observe_order(
    orders: &mut Entries<OrderLife>,
    e: &Envelope<ConferenceEvent>,
    found: &mut Vec<String>,
) {
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
                let ending = format!(
                    "order {order_id} expired (position {at} of its stream) after it was \
                     confirmed (position {confirmed})"
                );
                found.push(ending.clone());
                life.endings.push(ending);
            }
            life.expired_at.get_or_insert(at);
            life.last = Some(("OrderExpired", REJECTED));
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

/// A reservation named after an order takes seats of the order's conference: the registration
/// process reserves an order's seats where the order was placed (an update keeps the conference).
fn reserved_for_its_order(
    orders: &Entries<OrderLife>,
    conference_id: &str,
    reserved: &super::SeatsReserved,
    found: &mut Vec<String>,
) {
    let reservation_id = &reserved.reservation_id;
    let placed_in = orders
        .get(reservation_id)
        .and_then(|life| life.conference_id.as_ref());
    if let Some(placed_in) = placed_in.filter(|placed_in| *placed_in != conference_id) {
        found.push(format!(
            "reservation {reservation_id} took seats of conference {conference_id}, but order \
             {reservation_id} was placed for conference {placed_in}"
        ));
    }
}

/// An order's seats are opened for assignment once it is confirmed (the seat assignments policy
/// asks for it on `OrderConfirmed`), so never for an order whose stream has not confirmed it.
fn opened_once_confirmed(orders: &Entries<OrderLife>, order_id: &str, found: &mut Vec<String>) {
    let life = orders.get(order_id);
    // A log with no order's stream at all keeps them elsewhere (the registration context's
    // store): what they say is not known, as a conference's whose management never spoke.
    if orders.is_empty() || life.is_some_and(|life| life.confirmed_at.is_some()) {
        return;
    }
    let why = match life.and_then(|life| life.expired_at) {
        Some(expired) => format!("it expired (position {expired} of its stream) unconfirmed"),
        None if life.is_some_and(|life| life.placed) => "it was never confirmed".to_string(),
        None => "it was never placed".to_string(),
    };
    found.push(format!(
        "the seats of order {order_id} were opened for assignment, but {why}"
    ));
}

/// Every placed order has a DraftOrder in the state its last event sets, and no DraftOrder
/// stands for an order never placed.
fn draft_order_violations(
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
            if let Some(held) = state.and_then(|s| s.pending.get(order_id)) {
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
    let holding = |held: Option<&Counts>| {
        held.filter(|h| h.values().any(|&n| n != Count::default()))
            .cloned()
    };
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

/// A read model's entries as the conference keeps them: a variant standing in its place must keep
/// the same entries, or the invariants cannot read it (which is reported).
fn entries_of<'s, E: 'static>(
    system: &'s System<ConferenceContext>,
    read_model: &str,
    violations: &mut Vec<String>,
) -> Option<&'s Entries<E>> {
    let entries = system.read_model_entries_as::<E>(read_model);
    if entries.is_none() {
        violations.push(format!(
            "the {read_model} read model is missing, or does not keep {} entries",
            std::any::type_name::<E>()
                .rsplit("::")
                .next()
                .unwrap_or("its own")
        ));
    }
    entries
}

/// A list of seat quantities summed per seat type (a type may be named twice).
fn counts(list: &SeatQuantities) -> Counts {
    let mut counts = Counts::new();
    for s in list.iter() {
        add_one(&mut counts, &s.seat_type, i128::from(s.quantity));
    }
    counts
}

fn count(counts: &Counts, seat_type: &str) -> i128 {
    counts.get(seat_type).map_or(0, |&n| i128::from(n))
}

fn add(to: &mut Counts, changes: &Counts) {
    for (seat_type, &change) in changes.iter() {
        add_one(to, seat_type, i128::from(change));
    }
}

fn add_one(to: &mut Counts, seat_type: &str, change: i128) {
    // Seat types are few and known early: look up before allocating a key.
    match to.get_mut(seat_type) {
        Some(n) => *n = Count::from(i128::from(*n) + change),
        None => {
            insert_tight(to, seat_type.into(), Count::from(change));
        }
    }
}

/// A change of seats with its sign: `+6 seats`, `-1 seat`.
fn signed_seats(n: i64) -> String {
    let sign = if n >= 0 { "+" } else { "" };
    match n.unsigned_abs() {
        1 => format!("{sign}{n} seat"),
        _ => format!("{sign}{n} seats"),
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
        .map(|(seat_type, &n)| (seat_type, i128::from(n)))
        .filter(|&(_, n)| n != 0)
        .map(|(seat_type, n)| format!("{n} {seat_type}"))
        .collect();
    if parts.is_empty() {
        "no seats".to_string()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn what_is_found_in_entries_is_told_in_their_keys_order_whatever_the_table_s_order() {
        let mut table: Entries<u32> = Entries::default();
        for (key, n) in [("o-3", 3), ("o-1", 1), ("o-2", 0), ("o-10", 2)] {
            table.insert(key.into(), Box::new(n));
        }
        let found = by_key(table.iter().map(|(k, v)| (k, &**v)), |key, n, found| {
            found.extend((0..*n).map(|i| format!("{key}:{i}")))
        });
        assert_eq!(
            found,
            ["o-1:0", "o-10:0", "o-10:1", "o-3:0", "o-3:1", "o-3:2"]
        );
    }

    proptest! {
        #[test]
        fn a_count_keeps_every_i128(n in any::<i128>()) {
            prop_assert_eq!(i128::from(Count::from(n)), n);
        }

        #[test]
        fn counts_add_as_i128s_do(a in any::<i64>(), b in any::<i64>(), c in any::<i64>()) {
            let mut counts = Counts::new();
            for change in [a, b, c] {
                add_one(&mut counts, "full", i128::from(change));
            }
            let sum = i128::from(a) + i128::from(b) + i128::from(c);
            prop_assert_eq!(count(&counts, "full"), sum);
            prop_assert_eq!(count(&counts, "workshop"), 0);
        }
    }

    /// The event `name` with `payload`, recorded at `sequence` of `stream`.
    fn recorded(
        stream: &str,
        sequence: u64,
        name: &str,
        payload: &str,
    ) -> Envelope<ConferenceEvent> {
        Envelope {
            id: crate::kernel::MessageId(sequence),
            stream: stream.parse().expect("a stream"),
            sequence,
            recorded_at: "2026-01-05T09:00:00Z".parse().expect("an instant"),
            causation_id: None,
            correlation_id: None,
            message: crate::conference::told::told(name, payload),
        }
    }

    /// The ledger of `log`, each event given as its stream, position, name and payload.
    fn ledger_of(log: &[(&str, u64, &str, &str)]) -> Ledger {
        let mut ledger = Ledger::default();
        for &(stream, sequence, name, payload) in log {
            ledger.observe(&recorded(stream, sequence, name, payload));
        }
        ledger
    }

    /// Conference management stating seat type `full` of conf-1 at `quantity` (created or
    /// updated).
    fn stated(
        name: &'static str,
        at: u64,
        quantity: i64,
    ) -> (&'static str, u64, &'static str, String) {
        (
            "Conference/conf-1",
            at,
            name,
            format!(
                r#"{{"conference_id":"conf-1","seat_type":"full","name":"Full","description":null,"price":"199.00","quantity":{quantity}}}"#
            ),
        )
    }

    /// Availability of conf-1 given `change` seats of `full`.
    fn given(at: u64, change: i64) -> (&'static str, u64, &'static str, String) {
        (
            "SeatsAvailability/conf-1",
            at,
            "AvailableSeatsChanged",
            format!(
                r#"{{"conference_id":"conf-1","seats":[{{"seat_type":"full","quantity":{change}}}]}}"#
            ),
        )
    }

    /// What the ledger of `log` found on the way, and what it finds of conf-1's `full` quota at
    /// the end.
    fn quota_judged(
        log: &[(&'static str, u64, &'static str, String)],
    ) -> (Vec<String>, Option<String>) {
        let log: Vec<(&str, u64, &str, &str)> = log
            .iter()
            .map(|(stream, at, name, payload)| (*stream, *at, *name, payload.as_str()))
            .collect();
        let ledger = ledger_of(&log);
        let at_end = ledger
            .seats
            .of("conf-1")
            .and_then(|l| l.quota.get("full"))
            .and_then(|quota| quota_not_carried("conf-1", "full", quota));
        (ledger.found_on_the_way().to_vec(), at_end)
    }

    #[test]
    fn availability_carries_each_stated_quantity_once() {
        let carried = [stated("SeatCreated", 2, 6), given(1, 6)];
        assert_eq!(quota_judged(&carried), (vec![], None));
        // Two changes stated, one carried so far: availability lags, legitimately.
        let lagging = [
            stated("SeatCreated", 2, 6),
            given(1, 6),
            stated("SeatUpdated", 3, 7),
            stated("SeatUpdated", 4, 8),
            given(2, 1),
        ];
        assert_eq!(quota_judged(&lagging), (vec![], None));
        // A statement that leaves the quantity as it was sends nothing.
        let renamed = [
            stated("SeatCreated", 2, 6),
            given(1, 6),
            stated("SeatUpdated", 3, 6),
        ];
        assert_eq!(quota_judged(&renamed), (vec![], None));
    }

    #[test]
    fn availability_given_seats_no_statement_called_for_is_told_where_it_was_given() {
        let repeated = [stated("SeatCreated", 2, 6), given(1, 6), given(2, 6)];
        assert_eq!(
            quota_judged(&repeated),
            (
                vec![
                    "conference conf-1: availability was given +6 seats of seat type full that \
                     no change of its quantity called for (conference management stated 6, and \
                     each change of it had been carried already: an AvailableSeatsChanged \
                     repeated?)"
                        .to_string()
                ],
                // Told once, where it happened, not again at the end.
                None
            )
        );
        let renamed_then_given = [
            stated("SeatCreated", 2, 6),
            given(1, 6),
            stated("SeatUpdated", 3, 6),
            given(2, -1),
        ];
        assert_eq!(quota_judged(&renamed_then_given).0.len(), 1);
    }

    #[test]
    fn availability_given_other_than_the_stated_quantity_is_told_once_nothing_is_left_to_carry() {
        let wrong_amount = [stated("SeatCreated", 2, 6), given(1, 10)];
        assert_eq!(
            quota_judged(&wrong_amount),
            (
                vec![],
                Some(
                    "conference conf-1, seat type full: conference management stated a quantity \
                     of 6, but availability was given 10 seats (added less removed), with no \
                     change of it left to carry"
                        .to_string()
                )
            )
        );
        // Still on its way: not judged yet.
        let on_its_way = [
            stated("SeatCreated", 2, 6),
            given(1, 10),
            stated("SeatUpdated", 3, 7),
        ];
        assert_eq!(quota_judged(&on_its_way), (vec![], None));
    }

    #[test]
    fn availability_given_a_seat_type_conference_management_never_created_is_told() {
        let other = (
            "SeatsAvailability/conf-1",
            2,
            "AvailableSeatsChanged",
            r#"{"conference_id":"conf-1","seats":[{"seat_type":"ghost","quantity":-1}]}"#
                .to_string(),
        );
        assert_eq!(
            quota_judged(&[stated("SeatCreated", 2, 6), given(1, 6), other]).0,
            [
                "conference conf-1: availability was given -1 seat of seat type ghost that no \
              change of its quantity called for (conference management never created that seat \
              type)"
            ]
        );
    }

    /// What follows from a lost event is not told: availability given seats after its stream
    /// lost the statement that called for them, seats opened for an order whose confirmation
    /// was lost. It is counted, and the other conferences and orders are judged as before.
    #[test]
    fn what_follows_from_a_lost_event_is_counted_not_told() {
        let mut ledger = Ledger::default();
        let feed = |ledger: &mut Ledger, (stream, at, name, payload): (&str, u64, &str, String)| {
            ledger.observe(&recorded(stream, at, name, &payload));
        };

        feed(&mut ledger, stated("SeatCreated", 2, 6));
        feed(&mut ledger, given(1, 6));
        // The SeatUpdated at #3 could not be read: its change reaches availability unstated.
        ledger.lost(&"Conference/conf-1".parse().expect("a stream"));
        feed(&mut ledger, given(2, 1));
        assert!(ledger.found_on_the_way().is_empty(), "{:?}", ledger.found);
        assert_eq!(ledger.untold(), 1);
        assert!(ledger
            .lost
            .named_in("conference conf-1: seats are not conserved"));
        assert!(!ledger
            .lost
            .named_in("conference conf-10: seats are not conserved"));
        // Another order's seats opened unconfirmed are still told.
        let opened = |order: &str| {
            (
                "SeatAssignments/order-2",
                1,
                "SeatAssignmentsCreated",
                format!(
                    r#"{{"order_id":"{order}","seats":[{{"position":0,"seat_type":"full"}}]}}"#
                ),
            )
        };
        let (stream, at, name, payload) = PLACED_IN_CONF_1;
        feed(&mut ledger, (stream, at, name, payload.to_string()));
        feed(&mut ledger, opened("order-2"));
        assert_eq!(ledger.found_on_the_way().len(), 1);
    }

    /// Totals of order-1 recorded at `at`: 2 `full` at 199.00 a line of 398.00, and `total`.
    fn priced(at: u64, total: &str) -> Envelope<ConferenceEvent> {
        recorded(
            "Order/order-1",
            at,
            "OrderTotalsCalculated",
            &format!(
                r#"{{"order_id":"order-1","total":"{total}","is_free_of_charge":false,"lines":[{{"seat_type":"full","quantity":2,"unit_price":"199.00","line_total":"398.00"}}]}}"#
            ),
        )
    }

    #[test]
    fn told_totals_account_for_what_the_priced_order_check_finds_until_later_totals_come() {
        let (stream, at, name, payload) = PLACED_IN_CONF_1;
        let mut ledger = ledger_of(&[(stream, at, name, payload)]);
        let wrong = priced(2, "400.00");
        ledger.observe(&wrong);
        assert!(ledger.retold().is_empty(), "only told totals are retold");
        ledger.told(&wrong);
        assert_eq!(
            ledger.retold(),
            ["priced order order-1 totals 400.00, but its lines add up to 398.00"]
        );
        // Later totals replace what the read model shows, right or wrong.
        ledger.observe(&priced(3, "398.00"));
        assert!(ledger.retold().is_empty());
        // Told totals with nothing for the read model's check to find leave nothing to retell
        // (told for another reason: the order could not be priced then).
        let right = priced(4, "398.00");
        ledger.observe(&right);
        ledger.told(&right);
        assert!(ledger.retold().is_empty());
    }

    /// A SeatsAvailability event of conf-1 at `at`, seat type `full` only.
    fn availability(at: u64, name: &str, payload: &str) -> Envelope<ConferenceEvent> {
        recorded("SeatsAvailability/conf-1", at, name, payload)
    }

    /// A cancellation of `reservation` giving back `quantity` seats of `full`.
    fn cancelled(at: u64, reservation: &str, quantity: i64) -> Envelope<ConferenceEvent> {
        availability(
            at,
            "SeatsReservationCancelled",
            &format!(
                r#"{{"conference_id":"conf-1","reservation_id":"{reservation}","available_seats_changed":[{{"seat_type":"full","quantity":{quantity}}}]}}"#
            ),
        )
    }

    /// A reservation of `reservation` holding `held` seats of `full`, having taken `taken`.
    fn reserved(at: u64, reservation: &str, held: i64, taken: i64) -> Envelope<ConferenceEvent> {
        availability(
            at,
            "SeatsReserved",
            &format!(
                r#"{{"conference_id":"conf-1","reservation_id":"{reservation}","reservation_details":[{{"seat_type":"full","quantity":{held}}}],"available_seats_changed":[{{"seat_type":"full","quantity":{}}}]}}"#,
                -taken
            ),
        )
    }

    /// The ledger of conf-1 given 10 seats of `full`, then `events`, each told where it was
    /// read when `told` says so.
    fn seats_after(events: &[(Envelope<ConferenceEvent>, bool)]) -> Ledger {
        let (stream, at, name, payload) = given(1, 10);
        let mut ledger = ledger_of(&[(stream, at, name, &payload)]);
        for (e, told) in events {
            ledger.observe(e);
            if *told {
                ledger.told(e);
            }
        }
        ledger
    }

    #[test]
    fn seats_a_told_cancellation_gave_back_account_for_the_end_s_counts_off_by_as_many() {
        let not_conserved = |remaining: i128, held: i128| {
            format!(
                "conference conf-1, seat type full: seats are not conserved: 10 seats added (less \
                 those removed), but {remaining} remain and {held} seats are held ({held} by \
                 pending reservations, 0 by committed ones), {} in all",
                remaining + held
            )
        };
        let not_left = |remaining: i128, held: i128| {
            format!(
                "the SeatType read model shows {remaining} seats of full (conference conf-1) \
                 available, but its quantity of 10 less the {held} held by reservations leaves \
                 {}",
                10 - held
            )
        };
        // A reservation never made gave back 2 seats: the counts are off by those 2 alone.
        let never_made = seats_after(&[(cancelled(2, "nobody", 2), true)]);
        assert_eq!(never_made.retold(), [not_conserved(12, 0), not_left(12, 0)]);
        // Not told where it was read (the simulator refuses nothing): nothing to retell.
        assert!(seats_after(&[(cancelled(2, "nobody", 2), false)])
            .retold()
            .is_empty());
        // A reservation that held 2 gave back 5: 3 beyond what it held.
        let too_many = seats_after(&[
            (reserved(2, "order-1", 2, 2), false),
            (cancelled(3, "order-1", 5), true),
        ]);
        assert_eq!(too_many.retold(), [not_conserved(13, 0), not_left(13, 0)]);
        // Counts off by more than told: a reservation holding 2 seats it never took. The end's
        // findings are wrong for that reason too, and none is retold.
        let and_a_ghost = seats_after(&[
            (cancelled(2, "nobody", 2), true),
            (reserved(3, "ghost", 2, 0), false),
        ]);
        assert!(and_a_ghost.retold().is_empty());
        // Seats a told cancellation gave back and a later fault took away again leave counts
        // that add up: nothing is found at the end, so nothing is retold.
        let evened = seats_after(&[
            (cancelled(2, "nobody", 2), true),
            (reserved(3, "order-2", 0, 2), false),
        ]);
        assert!(evened.retold().is_empty());
    }

    /// A reservation of conf-1 taking `taken` seats of each seat type listed.
    fn reserved_of(at: u64, reservation: &str, taken: &[(&str, i64)]) -> Envelope<ConferenceEvent> {
        let seats = |sign: i64| {
            let seats: Vec<String> = taken
                .iter()
                .map(|(seat_type, n)| {
                    format!(r#"{{"seat_type":"{seat_type}","quantity":{}}}"#, sign * n)
                })
                .collect();
            seats.join(",")
        };
        availability(
            at,
            "SeatsReserved",
            &format!(
                r#"{{"conference_id":"conf-1","reservation_id":"{reservation}","reservation_details":[{}],"available_seats_changed":[{}]}}"#,
                seats(1),
                seats(-1)
            ),
        )
    }

    #[test]
    fn seats_a_told_reservation_took_of_a_seat_type_never_added_are_not_told_again_as_overbooked() {
        let overbooked = |reservation: &str, seat_type: &str, took: i128, before: i128| {
            format!(
                "conference conf-1: reservation {reservation} overbooked seat type {seat_type}: \
                 it took {} when {before} remained, leaving {}",
                n_seats(took),
                before - took
            )
        };
        // Told where it was read as taking seats never added: its overbooking only repeats it.
        let ghost = seats_after(&[(reserved_of(2, "r1", &[("ghost", 2)]), true)]);
        assert_eq!(ghost.found_on_the_way(), [overbooked("r1", "ghost", 2, 0)]);
        assert_eq!(ghost.retold(), [overbooked("r1", "ghost", 2, 0)]);
        // Not told where it was read (the simulator refuses nothing): nothing to retell.
        let untold = seats_after(&[(reserved_of(2, "r1", &[("ghost", 2)]), false)]);
        assert_eq!(untold.found_on_the_way(), [overbooked("r1", "ghost", 2, 0)]);
        assert!(untold.retold().is_empty());
        // The same event overbooking a seat type that was added: that is a fault of its own.
        let both = seats_after(&[(reserved_of(2, "r1", &[("full", 12), ("ghost", 2)]), true)]);
        assert_eq!(
            both.found_on_the_way(),
            [
                overbooked("r1", "full", 12, 10),
                overbooked("r1", "ghost", 2, 0)
            ]
        );
        assert_eq!(both.retold(), [overbooked("r1", "ghost", 2, 0)]);
        // Once a reservation took seats of it, SeatsAvailability knows the seat type, with fewer
        // than none remaining: a later reservation's overbooking is not what it was told for.
        let later = seats_after(&[
            (reserved_of(2, "r1", &[("ghost", 2)]), true),
            (reserved_of(3, "r2", &[("ghost", 1)]), true),
        ]);
        assert_eq!(later.retold(), [overbooked("r1", "ghost", 2, 0)]);
        // What a reservation found is kept for its own telling only: a later reservation told
        // where it was read does not retell an earlier one's overbooking.
        let earlier = seats_after(&[
            (reserved_of(2, "r1", &[("ghost", 2)]), false),
            (reserved_of(3, "r2", &[("full", 1)]), true),
        ]);
        assert!(earlier.retold().is_empty());
    }

    #[test]
    fn a_conference_whose_management_never_spoke_is_not_judged_by_its_quotas() {
        // A log of the orders context alone.
        assert_eq!(quota_judged(&[given(1, 6), given(2, 6)]), (vec![], None));
    }

    const PLACED_IN_CONF_1: (&str, u64, &str, &str) = (
        "Order/order-1",
        1,
        "OrderPlaced",
        r#"{"order_id":"order-1","conference_id":"conf-1","seats":[{"seat_type":"full","quantity":1}],"reservation_auto_expiration":"2026-01-05T09:15:00Z","access_code":"ABC123"}"#,
    );

    fn reserved_in(conference: &'static str) -> (&'static str, u64, &'static str, String) {
        (
            conference,
            1,
            "SeatsReserved",
            format!(
                r#"{{"conference_id":"{}","reservation_id":"order-1","reservation_details":[],"available_seats_changed":[]}}"#,
                conference.trim_start_matches("SeatsAvailability/")
            ),
        )
    }

    #[test]
    fn a_reservation_takes_seats_of_the_conference_its_order_was_placed_for() {
        for (conference, found) in [
            ("SeatsAvailability/conf-1", None),
            (
                "SeatsAvailability/conf-2",
                Some(
                    "reservation order-1 took seats of conference conf-2, but order order-1 \
                     was placed for conference conf-1",
                ),
            ),
        ] {
            let (stream, at, name, payload) = reserved_in(conference);
            let ledger = ledger_of(&[PLACED_IN_CONF_1, (stream, at, name, &payload)]);
            assert_eq!(ledger.found_on_the_way().first().map(String::as_str), found);
            assert_eq!(ledger.at_odds.first().map(String::as_str), found);
        }
    }

    #[test]
    fn an_order_s_seats_are_opened_for_assignment_once_it_is_confirmed() {
        let opened = (
            "SeatAssignments/order-1",
            1,
            "SeatAssignmentsCreated",
            r#"{"order_id":"order-1","seats":[{"position":0,"seat_type":"full"}]}"#,
        );
        let confirmed = (
            "Order/order-1",
            2,
            "OrderConfirmed",
            r#"{"order_id":"order-1"}"#,
        );
        let expired = (
            "Order/order-1",
            2,
            "OrderExpired",
            r#"{"order_id":"order-1"}"#,
        );
        assert!(ledger_of(&[PLACED_IN_CONF_1, confirmed, opened])
            .found_on_the_way()
            .is_empty());
        assert_eq!(
            ledger_of(&[PLACED_IN_CONF_1, expired, opened]).found_on_the_way(),
            ["the seats of order order-1 were opened for assignment, but it expired (position 2 \
              of its stream) unconfirmed"]
        );
        assert_eq!(
            ledger_of(&[PLACED_IN_CONF_1, opened]).found_on_the_way(),
            ["the seats of order order-1 were opened for assignment, but it was never confirmed"]
        );
        // Placed elsewhere in the log's orders, not this one: never placed.
        let other = (
            "Order/order-2",
            1,
            "OrderPlaced",
            r#"{"order_id":"order-2","conference_id":"conf-1","seats":[{"seat_type":"full","quantity":1}],"reservation_auto_expiration":"2026-01-05T09:15:00Z","access_code":"ABC123"}"#,
        );
        assert_eq!(
            ledger_of(&[other, opened]).found_on_the_way(),
            ["the seats of order order-1 were opened for assignment, but it was never placed"]
        );
        // A log with no order's stream at all keeps them elsewhere: not judged.
        assert!(ledger_of(&[opened]).found_on_the_way().is_empty());
    }

    #[test]
    fn a_count_beside_its_seat_type_takes_five_words() {
        assert_eq!(std::mem::size_of::<(Text, Count)>(), 40);
    }
}
