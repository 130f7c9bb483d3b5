//! What must hold of every conference history at a settled point, whatever the interleaving and
//! the faults: seats are conserved and never overbooked, the read models say what the log says
//! (which conferences are on sale among them), prices add up, and an order ends once, confirmed
//! or expired. `settled_long_after` adds what must hold once every order has had time to
//! finish. Checks report violations as sentences in a domain expert's words; an empty list
//! means the history is sound.
//!
//! The log is the judge: every count is recomputed from the recorded events, then compared with
//! what the aggregates and read models say. Counts are kept in `i128` so that no sum of recorded
//! quantities can overflow, where the domain saturates its `i64` counts.

mod counts;
mod orders;
mod prices;
mod sale;
mod seats;

use std::collections::BTreeMap;

use crate::kernel::{
    instant_text, Aggregate, Entries, Envelope, EventLedger, Instant, ReadModel, StreamId, System,
    Text,
};

use super::management::Conference;
use super::order::Order;
use super::read_models::conference::ConferenceReadModel;
use super::read_models::draft_order::{DraftOrderEntry, DraftOrderReadModel, CONFIRMED, REJECTED};
use super::read_models::priced_order::PricedOrderReadModel;
use super::read_models::seat_type::SeatTypeReadModel;
use super::seat_assignments::SeatAssignments;
use super::seats_availability::SeatsAvailability;
use super::{ConferenceContext, ConferenceEvent};

use counts::{add, add_one, counts, Counts};
use orders::{
    committed_before_confirmed, created_after_placed, draft_order_violations,
    marked_before_reserved, marked_unreserved, observe_order, opened_once_confirmed,
    opened_unconfirmed, placed_never_priced, reserved_before_placed, reserved_for_its_order,
    reserved_never_placed, uncommitted_seats, unreleased_seats, OrderLife,
};
use prices::{mispriced, priced_order_violations};
use sale::sale_violations;
use seats::{seat_violations, unmanaged_breaches, SeatLedgers};

const CONFERENCE: &str = <Conference as Aggregate<ConferenceContext>>::NAME;
const SEATS_AVAILABILITY: &str = <SeatsAvailability as Aggregate<ConferenceContext>>::NAME;
const ORDER: &str = <Order as Aggregate<ConferenceContext>>::NAME;
const SEAT_ASSIGNMENTS: &str = <SeatAssignments as Aggregate<ConferenceContext>>::NAME;
const SEAT_TYPE: &str = <SeatTypeReadModel as ReadModel<ConferenceContext>>::NAME;
const DRAFT_ORDER: &str = <DraftOrderReadModel as ReadModel<ConferenceContext>>::NAME;
const PRICED_ORDER: &str = <PricedOrderReadModel as ReadModel<ConferenceContext>>::NAME;
const CONFERENCE_READ_MODEL: &str = <ConferenceReadModel as ReadModel<ConferenceContext>>::NAME;

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
    /// Whether the log has shown a seats availability stream: one of the orders context alone
    /// keeps availability elsewhere, and is not judged for it.
    availability_seen: bool,
    /// Whether the log has shown a conference management stream: one of the orders context
    /// alone hears of seat types elsewhere, and is not judged for them.
    management_seen: bool,
    /// Whether the log has shown a seat assignments stream: one without keeps them elsewhere,
    /// and a confirmed order's are not looked for.
    assignments_seen: bool,
    /// Orders marked reserved before the log showed any availability stream, each with its
    /// position: judged at the end, once it is known whether the log holds availability's
    /// streams at all (one that does shows its reservations after these marks).
    marked_unseen: Vec<(Text, u64)>,
    /// The breaches found as events came, in the order found (they are rare).
    found: Vec<String>,
    /// Conferences an order was placed for while conference management had created none of
    /// their seat types, each with the first such order and its position: an order is priced
    /// from the seat types its conference created, so one created later in the log was moved
    /// after the order (told then). Those left at the end were never created: told, in a log
    /// that holds conference management's streams (`placed_never_priced`); a log of the orders
    /// context alone is not judged for them.
    placed_unpriced: BTreeMap<Text, (Text, u64)>,
    /// Reservations made for an order its stream had not placed, each with the first
    /// reservation's conference and position: the registration process asks for an order's
    /// seats once it is placed, so a placing that comes later was moved (told then). Those left
    /// at the end were never placed: told in a log that holds orders' streams, wherever in the
    /// log its first order came (they are rare).
    reserved_unplaced: BTreeMap<Text, (Text, u64)>,
    /// Conferences and orders whose streams lost an event (`lost`): not judged (they are rare).
    lost: Lost,
    /// The log was read in part (`read_in_part`): what never came may be in the rest.
    in_part: bool,
    /// Findings about them kept from being told.
    untold: u64,
    /// Each order whose last totals were told where they were read (`told`) as totals it could
    /// not have recorded, with what the PricedOrder check finds of those totals alone: an entry
    /// that shows them repeats that error (they are rare).
    told: BTreeMap<Text, Vec<String>>,
    /// Seats that cancellations told where they were read (`told`) gave back beyond what their
    /// reservation held, and that reservations told there freed beyond going from what they held
    /// to what they hold, by conference and seat type: the end's seat counts are off by as many,
    /// and counts off by no more only repeat those errors (they are rare).
    told_back: BTreeMap<Text, Counts>,
    /// Overbookings found of reservations told where they were read (`told`) as taking seats of
    /// a seat type their conference never added: the seats it had to take were none, so the
    /// overbooking only repeats that error, told there in clearer words (they are rare).
    told_never_added: Vec<String>,
    /// The log's order across streams is not known (`order_across_streams_unknown`): what came
    /// first of two streams' events is not judged (an order placed before its conference
    /// created seat types, reserved before placed, marked reserved before availability
    /// reserved, committed before confirmed, opened for assignment before confirmed).
    unordered: bool,
    /// What those checks would have judged as the events came, kept when the order is not known,
    /// to judge at the end whether what they waited for came at all (it is judged so of
    /// placings and seat types already): a lost confirmation passed as clean.
    waiting: Vec<Waiting>,
}

/// An event of one stream that waits for another's, kept in a log whose order across streams
/// is not known: judged at its end on whether the other came at all.
#[derive(Clone, Debug)]
enum Waiting {
    /// A conference committed an order's reservation (at this position of its availability).
    Committed {
        conference: Text,
        at: u64,
        order: Text,
    },
    /// An order's seats were opened for assignment.
    Opened { order: Text },
    /// An order's seats were marked reserved (at this position of its stream).
    Marked { order: Text, at: u64 },
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
                    || matches!(&e.message, ConferenceEvent::SeatsReservationCommitted(c)
                        if self.orders.contains(c.reservation_id.as_str()))
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

    fn read_in_part(&mut self) {
        self.in_part = true;
    }

    fn not_judged(&self) -> Vec<String> {
        let mut said = Vec::new();
        let n = |count: usize, one: &str, many: &str| match count {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        };
        if self.orders.is_empty() && !self.reserved_unplaced.is_empty() {
            said.push(format!(
                "{} for orders, and the log holds no Order stream to tell whether they were \
                 placed (a log of seat availability alone?)",
                n(
                    self.reserved_unplaced.len(),
                    "reservation of seats",
                    "reservations of seats"
                )
            ));
        }
        let unmanaged = match self.management_seen {
            true => 0,
            false => self.seats.unmanaged().len(),
        };
        if !self.management_seen && (!self.placed_unpriced.is_empty() || unmanaged > 0) {
            let mut what = Vec::new();
            if !self.placed_unpriced.is_empty() {
                what.push(format!(
                    "orders placed for {}",
                    n(self.placed_unpriced.len(), "conference", "conferences")
                ));
            }
            if unmanaged > 0 {
                what.push(format!(
                    "the seats availability was given of {}",
                    n(unmanaged, "conference", "conferences")
                ));
            }
            said.push(format!(
                "{}, against the seat types conference management created: the log holds no \
                 Conference stream (a log of the orders context alone?)",
                what.join(", and ")
            ));
        }
        if !self.availability_seen && !self.marked_unseen.is_empty() {
            // Orders counted once each, however often their seats were marked reserved: a count
            // of marks read as more orders than the log holds.
            let orders: std::collections::BTreeSet<&Text> =
                self.marked_unseen.iter().map(|(order, _)| order).collect();
            let marks = match self.marked_unseen.len() {
                m if m == orders.len() => String::new(),
                m => format!(" ({m} times in all)"),
            };
            said.push(format!(
                "{} marked reserved{marks}, against availability's reservations: the log holds \
                 no SeatsAvailability stream",
                n(orders.len(), "order", "orders")
            ));
        }
        if self.unordered {
            said.push(
                "which of two streams' events came first (an order placed before its \
                 conference created seat types, seats reserved before their order was placed \
                 or marked reserved before they were reserved, a reservation committed or seats \
                 opened for assignment before their order was confirmed): the log was read, in \
                 whole or in part, in no order across streams, so only what never came at all is \
                 judged, at its end"
                    .to_string(),
            );
        }
        said
    }

    fn told(&mut self, e: &Envelope<ConferenceEvent>) {
        // Four mistakes are found again: totals, which the PricedOrder read model shows as
        // recorded, seats given back that nothing held and seats freed or taken beyond what a
        // reservation's change of seats calls for, which leave the seat counts off for good, and
        // seats taken of a seat type never added, which the fold finds overbooked. The other
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
            ConferenceEvent::SeatsReserved(r) => {
                let never_added = &mut self.seats.never_added;
                self.told_never_added.append(never_added);
                // What it freed beyond going from what it held to what it holds (nothing, when
                // it was told for another reason): the seat counts are off by as much for good.
                let mut beyond = counts(&r.available_seats_changed);
                for (seat_type, &held) in self.seats.released.take().iter().flatten() {
                    add_one(&mut beyond, seat_type, -i128::from(held));
                }
                add(&mut beyond, &counts(&r.reservation_details));
                let told_back = self.told_back.entry(e.stream.id.clone()).or_default();
                add(told_back, &beyond);
            }
            _ => {}
        }
    }

    fn order_across_streams_unknown(&mut self) {
        self.unordered = true;
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
            self.management_seen = true;
            if let ConferenceEvent::SeatCreated(created) = &e.message {
                let placed = self.placed_unpriced.remove(&e.stream.id);
                if let Some(placed) = placed.filter(|_| !self.unordered) {
                    let before = self.at_odds.len();
                    created_after_placed(
                        &e.stream.id,
                        &created.seat_type,
                        placed,
                        &mut self.at_odds,
                    );
                    self.found.extend_from_slice(&self.at_odds[before..]);
                }
            }
            let before = self.seats.on_the_way.len();
            self.seats.stated(e);
            self.found
                .extend_from_slice(&self.seats.on_the_way[before..]);
        } else if e.stream.kind == SEATS_AVAILABILITY {
            let before = self.seats.on_the_way.len();
            self.seats.observe(e);
            self.found
                .extend_from_slice(&self.seats.on_the_way[before..]);
            self.availability_seen = true;
            match &e.message {
                ConferenceEvent::SeatsReservationCommitted(c) if self.unordered => {
                    self.waiting.push(Waiting::Committed {
                        conference: e.stream.id.clone(),
                        at: e.sequence,
                        order: c.reservation_id.clone(),
                    });
                }
                ConferenceEvent::SeatsReservationCommitted(c) => {
                    let before = self.at_odds.len();
                    let at = (e.stream.id.as_str(), e.sequence);
                    let id = &c.reservation_id;
                    committed_before_confirmed(&self.orders, at, id, false, &mut self.at_odds);
                    self.found.extend_from_slice(&self.at_odds[before..]);
                }
                _ => {}
            }
            if let ConferenceEvent::SeatsReserved(r) = &e.message {
                // Its order is looked up once: a replay meets a reservation every few events.
                let order = self
                    .orders
                    .get_mut(&r.reservation_id)
                    .map(|life| &mut **life);
                let before = self.at_odds.len();
                reserved_for_its_order(order.as_deref(), &e.stream.id, r, &mut self.at_odds);
                self.found.extend_from_slice(&self.at_odds[before..]);
                let placed = order.is_some_and(|life| {
                    life.reserved = true;
                    life.placed
                });
                if !placed {
                    let reserved = (e.stream.id.clone(), e.sequence);
                    self.reserved_unplaced
                        .entry(r.reservation_id.clone())
                        .or_insert(reserved);
                }
            }
        } else if e.stream.kind == ORDER {
            let reserved_before = match &e.message {
                ConferenceEvent::OrderPlaced(p) => self.placing(e, &p.conference_id),
                _ => false,
            };
            observe_order(&mut self.orders, e, &mut self.found);
            // Seats reserved before the order was read (told then, in a log in order) were
            // reserved for it: a mark of them is not told again as one of seats never reserved.
            if reserved_before {
                if let Some(life) = self.orders.get_mut(&e.stream.id) {
                    life.reserved = true;
                }
            }
            let marked = matches!(
                e.message,
                ConferenceEvent::OrderReservationCompleted(_)
                    | ConferenceEvent::OrderPartiallyReserved(_)
            );
            // A log of the orders context alone keeps availability elsewhere: not judged; nor
            // an order whose conference's availability lost an event (its reservation may be it).
            if marked && self.unordered {
                self.waiting.push(Waiting::Marked {
                    order: e.stream.id.clone(),
                    at: e.sequence,
                });
            } else if marked {
                let life = self.orders.get(&e.stream.id);
                let lost = |conference: &Text| self.lost.conferences.contains(conference);
                if let Some(life) = life.filter(|l| !l.conference_id.as_ref().is_some_and(lost)) {
                    if self.availability_seen {
                        let before = self.at_odds.len();
                        marked_before_reserved(life, &e.stream.id, e.sequence, &mut self.at_odds);
                        self.found.extend_from_slice(&self.at_odds[before..]);
                    } else if life.placed && !life.reserved {
                        self.marked_unseen.push((e.stream.id.clone(), e.sequence));
                    }
                }
            }
        } else if e.stream.kind == SEAT_ASSIGNMENTS {
            self.assignments_seen = true;
            if let ConferenceEvent::SeatAssignmentsCreated(c) = &e.message {
                match self.unordered {
                    true => self.waiting.push(Waiting::Opened {
                        order: c.order_id.clone(),
                    }),
                    false => {
                        let before = self.at_odds.len();
                        opened_once_confirmed(&self.orders, c, &mut self.at_odds);
                        self.found.extend_from_slice(&self.at_odds[before..]);
                    }
                }
                if let Some(life) = self.orders.get_mut(&c.order_id) {
                    life.seats = None;
                    life.opened = true;
                }
            }
        }
    }

    /// An order's placing in `conference_id`, against what other streams recorded before it: a
    /// conference that has created no seat type yet is kept, to be told when it creates one
    /// (`created_after_placed`); a reservation already made for the order is told here
    /// (`reserved_before_placed`).
    /// Whether seats were reserved for it already.
    fn placing(&mut self, e: &Envelope<ConferenceEvent>, conference_id: &Text) -> bool {
        if !self.seats.created_seat_types(conference_id) {
            let order = (e.stream.id.clone(), e.sequence);
            self.placed_unpriced
                .entry(conference_id.clone())
                .or_insert(order);
        }
        let reserved = self.reserved_unplaced.remove(&e.stream.id);
        let was_reserved = reserved.is_some();
        if let Some(reserved) = reserved.filter(|_| !self.unordered) {
            let before = self.at_odds.len();
            reserved_before_placed(&e.stream.id, e.sequence, reserved, &mut self.at_odds);
            self.found.extend_from_slice(&self.at_odds[before..]);
        }
        was_reserved
    }

    /// What the log's end tells of events that waited for another stream's: a reservation for
    /// an order never placed, an order placed for a conference that never created a seat type,
    /// availability given seats of a conference management never spoke of, an order marked
    /// reserved before any reservation. Each is told where the log holds streams of the kind it
    /// waited for, wherever in the log they came; a log that holds none (of one context alone)
    /// keeps them elsewhere, and is said not judged for them (`EventLedger::not_judged`).
    fn never_seen(&self) -> Vec<String> {
        let mut found = Vec::new();
        if self.in_part {
            return found;
        }
        if !self.orders.is_empty() {
            found.extend(reserved_never_placed(&self.reserved_unplaced));
        }
        if self.management_seen {
            found.extend(placed_never_priced(&self.placed_unpriced));
            found.extend(unmanaged_breaches(&self.seats));
        }
        if self.availability_seen {
            found.extend(self.marked_unseen.iter().filter_map(|(order_id, at)| {
                let life = self.orders.get(order_id)?;
                Some(marked_unreserved(life, order_id, *at, false))
            }));
        }
        found.extend(self.never_came());
        found
    }

    /// In a log whose order across streams is not known, what waited for another stream's
    /// event that never came at all: a commit or an opening for assignment of an order the log
    /// never confirmed, a mark of seats reserved that no reservation in the log made. Judged on
    /// what the log holds by its end, so the order it was read in does not matter.
    fn never_came(&self) -> Vec<String> {
        let mut found = Vec::new();
        for waiting in &self.waiting {
            match waiting {
                Waiting::Committed {
                    conference,
                    at,
                    order,
                } => committed_before_confirmed(
                    &self.orders,
                    (conference.as_str(), *at),
                    order,
                    true,
                    &mut found,
                ),
                Waiting::Opened { order } => {
                    found.extend(opened_unconfirmed(&self.orders, order, true));
                }
                Waiting::Marked { order, at } => {
                    let life = self.orders.get(order);
                    if let Some(life) = life.filter(|_| self.availability_seen) {
                        if life.placed && !life.reserved {
                            found.push(marked_unreserved(life, order, *at, true));
                        }
                    }
                }
            }
        }
        found
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
    let found = seat_violations(system, seats);
    violations.extend(found.conserved);
    violations.extend(seats.on_the_way.iter().cloned());
    violations.extend(found.shown);
    violations.extend(sale_violations(system, seats));
    violations.extend(priced_order_violations(system));
    violations.extend(by_key(orders.iter(), |_, life, found| {
        found.extend(life.endings.iter().cloned())
    }));
    violations.extend(draft_order_violations(system, orders));
    violations.extend(ledger.at_odds.iter().cloned());
    violations.extend(ledger.never_seen());
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
    in_key_order(found)
}

/// What each key's checks found, told in the keys' order.
fn in_key_order(mut found: Vec<(&Text, Vec<String>)>) -> Vec<String> {
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
        let state = order_state(drafts, order_id, life);
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
    // What follows a confirmation, as a recorded log is judged for it (`followed_its_end`).
    let confirmed = orders
        .iter()
        .filter(|(order_id, life)| life.placed && order_state(drafts, order_id, life) == CONFIRMED);
    violations.extend(by_key(confirmed, |order_id, life, violations| {
        violations.extend(followed_its_end(system, ledger, order_id, life, CONFIRMED));
    }));
    violations
}

/// What a recorded log that runs on to `end` must have settled by then: every order whose
/// reservation expired more than `long_after` before `end` has ended, confirmed or rejected, as
/// `settled_long_after` holds of a history once the time has passed. An order expiring later may
/// still be in flight in a log cut from a live store, and is not judged; nor is one that lost an
/// event. A log whose order stream lost its last event (its confirmation, its expiry) verified
/// clean without this, as nothing in its own stream follows the loss.
pub fn settled_by_with(
    system: &System<ConferenceContext>,
    ledger: &Ledger,
    end: Instant,
    long_after: chrono::TimeDelta,
) -> Vec<String> {
    let mut violations = Vec::new();
    let drafts = entries_of::<DraftOrderEntry>(system, DRAFT_ORDER, &mut violations);
    // An expiry at the end of time (a log may say anything) has no time after it to run out.
    let due = ledger.orders.iter().filter(|(_, life)| {
        life.placed
            && life
                .held_until()
                .and_then(|held| held.checked_add_signed(long_after))
                .is_some_and(|settled| settled < end)
    });
    violations.extend(by_key(due, |order_id, life, violations| {
        let state = order_state(drafts, order_id, life);
        if state == CONFIRMED || state == REJECTED {
            violations.extend(followed_its_end(system, ledger, order_id, life, state));
        }
        if let (false, Some(held)) = (state == CONFIRMED || state == REJECTED, life.held_until()) {
            // Where to look: every other finding names its line, and this one, found at the
            // end, names the event its stream ends on.
            let stream = StreamId::new(ORDER, order_id.as_str());
            let ends = match system.stream_end(&stream) {
                Some((last, _)) => format!("its stream, {stream}, ends at #{last}: "),
                None => String::new(),
            };
            violations.push(format!(
                "order {order_id} is still {state} at the log's end, {}, though its reservation \
                 expired at {}, more than {} minutes before: by then it should be {CONFIRMED} or \
                 {REJECTED} ({ends}an event that ended it is missing, or what ends an order \
                 stood still)",
                instant_text(end),
                instant_text(held),
                long_after.num_minutes()
            ));
        }
    }));
    let lost = &ledger.lost;
    if !lost.orders.is_empty() {
        violations.retain(|v| !lost.named_in(v));
    }
    violations
}

/// What must follow an order's end, long after its reservation expired, that a log whose own
/// stream ends well could still have lost (the review of 2026-12-06): its reservation no longer
/// pending in its conference's availability, committed once the order is confirmed or cancelled
/// once it expired (the registration process cancels a reservation its order's confirmation did
/// not commit, when the order's time runs out); and a confirmed order's seats opened for
/// assignment (a policy creates them on every confirmation). Judged only where the log holds
/// availability's, and seat assignments', streams: a log of one context alone keeps them
/// elsewhere.
fn followed_its_end(
    system: &System<ConferenceContext>,
    ledger: &Ledger,
    order_id: &Text,
    life: &OrderLife,
    state: &str,
) -> Vec<String> {
    let mut violations = Vec::new();
    if let (Some(conference_id), true) = (&life.conference_id, ledger.availability_seen) {
        match state == CONFIRMED {
            true => violations.extend(uncommitted_seats(
                system,
                &ledger.seats,
                order_id,
                conference_id,
            )),
            false if life.expired_at.is_some() => violations.extend(unreleased_seats(
                system,
                &ledger.seats,
                order_id,
                conference_id,
            )),
            false => {}
        }
    }
    if state == CONFIRMED && ledger.assignments_seen && !life.opened {
        violations.push(format!(
            "order {order_id} was confirmed, but the log never opens its seats for assignment \
             (no SeatAssignmentsCreated in SeatAssignments/{order_id}): a policy creates them \
             when an order is confirmed"
        ));
    }
    violations
}

/// The orders a recorded log leaves open at its end, each named with its state and until when
/// its seats were held: what `settled_by_with` judges once their time to settle has run out,
/// told for a log that gives no instant to judge by. A log with no clock that lost an order's
/// expiry or confirmation reads as clean otherwise; the order it leaves open shows here.
pub fn left_open_with(system: &System<ConferenceContext>, ledger: &Ledger) -> Vec<String> {
    let mut ignored = Vec::new();
    let drafts = entries_of::<DraftOrderEntry>(system, DRAFT_ORDER, &mut ignored);
    let placed = ledger
        .orders
        .iter()
        .filter(|(order_id, life)| life.placed && !ledger.lost.orders.contains(*order_id));
    by_key(placed, |order_id, life, open| {
        let state = order_state(drafts, order_id, life);
        if state != CONFIRMED && state != REJECTED {
            open.push(match life.held_until() {
                Some(held) => format!(
                    "order {order_id} is left {state}, its seats held until {}",
                    instant_text(held)
                ),
                None => format!("order {order_id} is left {state}"),
            });
        }
    })
}

/// An order's state as the registrant sees it, the DraftOrder read model's; without an entry,
/// the state its events set.
fn order_state<'a>(
    drafts: Option<&'a Entries<DraftOrderEntry>>,
    order_id: &Text,
    life: &OrderLife,
) -> &'a str {
    drafts
        .and_then(|d| d.get(order_id))
        .map_or(life.expected_state(), |entry| entry.state.as_str())
}

// ---------------------------------------------------------------------------------------------
// Seats, from each conference's SeatsAvailability stream, and the quotas its own stream states

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

#[cfg(test)]
mod tests;
