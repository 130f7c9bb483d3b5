//! Seats, from each conference's SeatsAvailability stream, and the quotas its own stream states:
//! conserved, never overbooked, and shown by the SeatType read model as the log leaves them.

use std::collections::BTreeMap;

use litemap::LiteMap;

use crate::kernel::{insert_tight, Entries, Envelope, StreamId, System, Text};

use super::super::read_models::seat_type::SeatTypeEntry;
use super::super::seats_availability::Availability;
use super::super::{ConferenceContext, ConferenceEvent, SeatQuantity};
use super::counts::{add, count, counts, n_seats, signed_seats, Count, Counts};
use super::{entries_of, in_key_order, SEATS_AVAILABILITY, SEAT_TYPE};

/// A seat type's quota: what availability was given, and what conference management stated.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Quota {
    /// Seats added minus seats removed, by `AvailableSeatsChanged`.
    pub(super) carried: Count,
    /// The quantity conference management last stated, by `SeatCreated` or `SeatUpdated`. The
    /// changes of it not yet carried into availability are kept by conference
    /// (`SeatLedgers::carrying`): until they are all carried, availability legitimately lags.
    pub(super) stated: Option<i64>,
    /// Availability changed with nothing stated left to carry (told where it was found, so
    /// that the quota it left is not told again at the end).
    overcarried: bool,
}

/// One conference's seats as its SeatsAvailability stream tells them, and the quotas its
/// conference management stated.
#[derive(Clone, Debug, Default)]
pub(super) struct SeatLedger {
    /// Each seat type's quota, as given to availability and as stated.
    pub(super) quota: LiteMap<Text, Quota>,
    /// The quota less what reservations took, plus what they gave back.
    pub(super) remaining: Counts,
    /// What each pending reservation holds: its last `SeatsReserved` details. Only reservations
    /// in flight are pending: a flat sorted list holds them.
    pub(super) pending: LiteMap<Text, Counts>,
    /// What each committed reservation holds for good (committed seats never come back).
    pub(super) committed: BTreeMap<Text, Counts>,
    /// Whether the conference's own stream has it on sale: `None` until it is created (kept
    /// here, where each conference has its ledger already, rather than in a table of its own).
    pub(super) on_sale: Option<bool>,
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
    pub(super) fn off_by_only(
        &self,
        conference_id: &str,
        seat_type: &str,
        back: i128,
    ) -> Vec<String> {
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
pub(super) struct SeatLedgers {
    pub(super) conferences: Entries<SeatLedger>,
    pub(super) on_the_way: Vec<String>,
    /// What the last cancellation or reservation folded took out of pending (`None`: its
    /// reservation was not pending), kept until the next one: a cancellation told where it was
    /// read (`told`, just after its fold) gave back seats beyond these, and a reservation told
    /// for its change of the free seats changed them by more than going from these to what it
    /// holds.
    pub(super) released: Option<Counts>,
    /// What the last reservation folded was found to overbook of seat types its conference had
    /// never been given (none had been added, so any it took overbooked them), kept until the
    /// next one: a reservation told where it was read (`told`, just after its fold) as taking
    /// seats of a seat type never added was told that already.
    pub(super) never_added: Vec<String>,
    /// The amount of each change of a stated quantity still on its way to availability, by
    /// conference, as (seat type, seats) in the order stated: the seat quota policy sends one
    /// `AddSeats` or `RemoveSeats` of the difference from the quantity stated before, and
    /// availability records one `AvailableSeatsChanged` for each. Kept apart from the quotas,
    /// since a change is on its way only a moment and most conferences have none.
    carrying: rustc_hash::FxHashMap<Text, Vec<(Text, i64)>>,
    /// Conferences availability was given seats of before their management created a seat
    /// type (`unmanaged`): a log of the orders context alone, or one that lost or moved their
    /// management's stream. A log in order holds none, so the end walks no conference for them.
    given_unmanaged: std::collections::BTreeSet<Text>,
}

impl SeatLedgers {
    /// Folds an event of a conference's own stream: the quantities its seat types are stated to
    /// have, as the seat quota policy reads them (a first statement always sends a change, so
    /// that availability knows the seat type; a later one only when the quantity moved).
    pub(super) fn stated(&mut self, e: &Envelope<ConferenceEvent>) {
        let (seat_type, quantity) = match &e.message {
            ConferenceEvent::SeatCreated(s) => (&s.seat_type, s.quantity),
            ConferenceEvent::SeatUpdated(s) => (&s.seat_type, s.quantity),
            _ => return self.on_sale(e),
        };
        let conference_id = &e.stream.id;
        let ledger = self.conferences.entry(conference_id.clone()).or_default();
        let quota = ledger.quota_mut(seat_type);
        let carried = i128::from(quota.carried);
        // The seat quota policy gives availability a seat type's seats once it is created, so
        // seats given before were moved ahead of the creation (an upcaster, or a copy that
        // reordered streams). Told here, the quota is not judged again at the end.
        let created = matches!(e.message, ConferenceEvent::SeatCreated(_));
        if created && quota.stated.is_none() && carried != 0 && !quota.overcarried {
            quota.overcarried = true;
            self.on_the_way.push(format!(
                "conference {conference_id} created seat type {seat_type} after availability \
                 was given {} of it (the seat quota policy gives availability a seat type's \
                 seats once it is created)",
                n_seats(carried)
            ));
        }
        if quota.stated != Some(quantity) {
            let amount = quantity.saturating_sub(quota.stated.unwrap_or(0));
            let carrying = self.carrying.entry(conference_id.clone()).or_default();
            carrying.push((seat_type.clone(), amount));
        }
        quota.stated = Some(quantity);
    }

    /// Whether a change of `seat_type`'s stated quantity is still on its way to availability.
    pub(super) fn in_flight(&self, conference_id: &str, seat_type: &str) -> bool {
        self.carrying
            .get(conference_id)
            .is_some_and(|changes| changes.iter().any(|(t, _)| t == seat_type))
    }

    /// Folds the events of a conference's own stream that put it on sale or take it off: a
    /// conference is created off sale, and one never created has no sale to follow.
    fn on_sale(&mut self, e: &Envelope<ConferenceEvent>) {
        let on_sale = match &e.message {
            ConferenceEvent::ConferenceCreated(_) => false,
            ConferenceEvent::ConferencePublished(_) => true,
            ConferenceEvent::ConferenceUnpublished(_) => false,
            _ => return,
        };
        let created = matches!(e.message, ConferenceEvent::ConferenceCreated(_));
        let known = self.of(&e.stream.id).is_some_and(|l| l.on_sale.is_some());
        match (created, known) {
            (true, false) => {
                let ledger = self.conferences.entry(e.stream.id.clone()).or_default();
                ledger.on_sale = Some(on_sale);
            }
            (false, true) => {
                if let Some(ledger) = self.conferences.get_mut(&e.stream.id) {
                    ledger.on_sale = Some(on_sale);
                }
            }
            // A second creation (refused live, so only a log's) leaves the sale as it was.
            (true, true) | (false, false) => {}
        }
    }

    /// Folds an event of a SeatsAvailability stream.
    pub(super) fn observe(&mut self, e: &Envelope<ConferenceEvent>) {
        let conference_id = &e.stream.id;
        let ledger = self.conferences.entry(conference_id.clone()).or_default();
        match &e.message {
            ConferenceEvent::AvailableSeatsChanged(c) => {
                // Conference management stated a quantity of one of its seat types: availability
                // given seats of a seat type it never created carries what nothing called for.
                let managed = ledger.quota.values().any(|q| q.stated.is_some());
                if !managed && !self.given_unmanaged.contains(conference_id) {
                    self.given_unmanaged.insert(conference_id.clone());
                }
                for seat in c.seats.iter() {
                    let quota = ledger.quota_mut(&seat.seat_type);
                    quota.carried =
                        Count::from(i128::from(quota.carried) + i128::from(seat.quantity));
                    // A conference whose management never spoke (a log of the orders context
                    // alone) has nothing to carry, and is not judged here.
                    if !managed || quota.overcarried {
                        continue;
                    }
                    let carried = carried_as_stated(&mut self.carrying, conference_id, seat);
                    let why = match (quota.stated, carried) {
                        (_, Some(Ok(()))) => continue,
                        (_, Some(Err(called_for))) => format!(
                            ", but the change of its quantity on its way called for \
                             {called_for} (the seat quota policy carries each change as \
                             conference management states it)"
                        ),
                        (Some(stated), None) => format!(
                            " that no change of its quantity called for (conference management \
                             stated {stated}, and each change of it had been carried already: \
                             an AvailableSeatsChanged repeated?)"
                        ),
                        (None, None) => " that no change of its quantity called for (conference \
                                 management had not created that seat type)"
                            .into(),
                    };
                    quota.overcarried = true;
                    self.on_the_way.push(format!(
                        "conference {conference_id}: availability was given {} of seat type \
                         {}{why}",
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
                self.released = ledger.pending.remove(&r.reservation_id);
                if !r.reservation_details.is_empty() {
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

    /// Whether conference management has created (or stated) a seat type of the conference.
    pub(super) fn created_seat_types(&self, conference_id: &str) -> bool {
        self.of(conference_id)
            .is_some_and(|ledger| ledger.quota.values().any(|q| q.stated.is_some()))
    }

    /// Conferences availability was given seats of while conference management created none of
    /// their seat types in the whole log: each with the seats carried by seat type, in key
    /// order. Only a log of the orders context alone holds them (the seat quota policy gives
    /// availability seats as management creates seat types); one that holds management's
    /// streams of other conferences lost these conferences' (`unmanaged_breaches`).
    pub(super) fn unmanaged(&self) -> Vec<(&Text, Vec<(&Text, i128)>)> {
        self.given_unmanaged
            .iter()
            .filter_map(|id| {
                let ledger = self.conferences.get(id)?;
                if ledger.quota.values().any(|q| q.stated.is_some()) {
                    return None;
                }
                let carried = ledger
                    .quota
                    .iter()
                    .map(|(seat_type, q)| (seat_type, i128::from(q.carried)))
                    .filter(|(_, carried)| *carried != 0)
                    .collect::<Vec<_>>();
                (!carried.is_empty()).then_some((id, carried))
            })
            .collect()
    }

    pub(super) fn of(&self, conference_id: &str) -> Option<&SeatLedger> {
        self.conferences.get(conference_id).map(|ledger| &**ledger)
    }
}

/// The SeatsAvailability state of a conference as its aggregate holds it: `None` when it has
/// none, `Err` when the aggregate does not keep the conference's own state type.
pub(super) fn availability<'s>(
    system: &'s System<ConferenceContext>,
    conference_id: &str,
) -> Result<Option<&'s Availability>, String> {
    system
        .aggregate_state_as::<Availability>(&StreamId::new(SEATS_AVAILABILITY, conference_id))
        .map_err(|e| {
            format!("the SeatsAvailability state of conference {conference_id} cannot be read: {e}")
        })
}

/// What the end's checks find of the seats, each list in the order it is told.
pub(super) struct SeatFindings {
    /// Seats added minus removed equal the seats remaining plus those held by reservations, and
    /// the aggregate's remaining seats are the log's; by conference.
    pub(super) conserved: Vec<String>,
    /// The SeatType read model shows as available what remains, and what its quota leaves once
    /// the held seats are taken out (by seat type); and every seat type conference management
    /// created has its own entry (by conference).
    pub(super) shown: Vec<String>,
}

/// The seats' end checks, in one walk of the conferences. Each seat type's SeatType entry is
/// found from its conference's ledger, where walking the entries and looking up each one's
/// ledger read two tables of a hundred thousand keys at random for every seat type: on a
/// million-event log, that took more than every other end check together.
pub(super) fn seat_violations(
    system: &System<ConferenceContext>,
    seats: &SeatLedgers,
) -> SeatFindings {
    let mut missing = Vec::new();
    let entries = entries_of::<SeatTypeEntry>(system, SEAT_TYPE, &mut missing);
    let mut conserved: Vec<(&Text, Vec<String>)> = Vec::new();
    let mut by_seat_type: Vec<(&Text, Vec<String>)> = Vec::new();
    let mut elsewhere: Vec<(&Text, Vec<String>)> = Vec::new();
    // Entries judged on the walk: in a log whose streams agree, every one.
    let mut judged = 0;
    for (conference_id, ledger) in seats.conferences.iter() {
        let mut found = Vec::new();
        let state = match availability(system, conference_id) {
            Ok(state) => state,
            Err(unreadable) => {
                found.push(unreadable);
                None
            }
        };
        for seat_type in &seat_types_of(ledger, state) {
            conservation(conference_id, seat_type, ledger, state, seats, &mut found);
            let Some((key, entry)) = entries.and_then(|e| e.get_key_value(seat_type.as_str()))
            else {
                continue;
            };
            if entry.conference_id == *conference_id {
                judged += 1;
                let mut shown = Vec::new();
                entry_shows(seat_type, entry, ledger, &mut shown);
                if !shown.is_empty() {
                    by_seat_type.push((key, shown));
                }
            } else if let Some(wrong) = shown_elsewhere(conference_id, seat_type, ledger, entry) {
                elsewhere.push((conference_id, vec![wrong]));
            }
        }
        if !found.is_empty() {
            conserved.push((conference_id, found));
        }
    }
    // Entries of conferences with no ledger, or of seat types theirs never heard of, judged as
    // the walk would have: with nothing counted of them.
    if let Some(entries) = entries.filter(|e| e.len() > judged) {
        let empty = SeatLedger::default();
        for (seat_type, entry) in entries.iter() {
            let ledger = seats.of(&entry.conference_id);
            let state = availability(system, &entry.conference_id).ok().flatten();
            let walked = ledger
                .is_some_and(|ledger| seat_types_of(ledger, state).iter().any(|t| t == seat_type));
            if !walked {
                let mut shown = Vec::new();
                entry_shows(seat_type, entry, ledger.unwrap_or(&empty), &mut shown);
                if !shown.is_empty() {
                    by_seat_type.push((seat_type, shown));
                }
            }
        }
    }
    SeatFindings {
        conserved: in_key_order(conserved),
        shown: missing
            .into_iter()
            .chain(in_key_order(by_seat_type))
            .chain(in_key_order(elsewhere))
            .collect(),
    }
}

/// Every seat type a conference's ledger has heard of and its SeatsAvailability state holds,
/// once, in name order.
fn seat_types_of(ledger: &SeatLedger, state: Option<&Availability>) -> Vec<Text> {
    let mut seat_types = ledger.seat_types();
    if let Some(state) = state {
        seat_types.extend(state.remaining.keys().cloned());
        seat_types.sort();
        seat_types.dedup();
    }
    seat_types
}

/// Seats of `seat_type` conserved, the quota stated carried to availability, and the
/// aggregate's remaining seats the log's.
fn conservation(
    conference_id: &str,
    seat_type: &str,
    ledger: &SeatLedger,
    state: Option<&Availability>,
    seats: &SeatLedgers,
    violations: &mut Vec<String>,
) {
    violations.extend(not_conserved(conference_id, seat_type, ledger));
    let remaining = count(&ledger.remaining, seat_type);
    if let Some(quota) = ledger.quota.get(seat_type) {
        let in_flight = seats.in_flight(conference_id, seat_type);
        violations.extend(quota_not_carried(
            conference_id,
            seat_type,
            quota,
            in_flight,
        ));
    }
    if let Some(state) = state {
        let said = i128::from(state.remaining_of(seat_type));
        if said != remaining {
            violations.push(format!(
                "conference {conference_id}, seat type {seat_type}: SeatsAvailability says {} \
                 remain, but its events leave {remaining}",
                n_seats(said),
            ));
        }
    }
}

/// Seats of `seat_type` added (less those removed) other than those remaining and held: worded
/// once, for the end's check and for what a told cancellation accounts for (`retold`).
pub(super) fn not_conserved(
    conference_id: &str,
    seat_type: &str,
    ledger: &SeatLedger,
) -> Option<String> {
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
pub(super) fn quota_not_carried(
    conference_id: &str,
    seat_type: &str,
    quota: &Quota,
    in_flight: bool,
) -> Option<String> {
    let stated = quota.stated?;
    let carried = i128::from(quota.carried);
    (!in_flight && !quota.overcarried && carried != i128::from(stated)).then(|| {
        format!(
            "conference {conference_id}, seat type {seat_type}: conference management stated a \
             quantity of {stated}, but availability was given {} (added less removed), with no \
             change of it left to carry",
            n_seats(carried)
        )
    })
}

/// The SeatType entry of `seat_type`, of its own conference (whose ledger is `ledger`), shows as
/// available what remains, and what its quota leaves once the held seats are taken out.
fn entry_shows(
    seat_type: &str,
    entry: &SeatTypeEntry,
    ledger: &SeatLedger,
    violations: &mut Vec<String>,
) {
    let (conference_id, available) = (&entry.conference_id, entry.available_quantity);
    let available = i128::from(available);
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
}

/// Every seat type conference management created has its own SeatType entry. The read model
/// keys a seat type by its id alone, as the catalog does (the CQRS Journey's ids are unique), so
/// a second conference creating a seat type of an id another already has is shown nowhere: its
/// events are ignored, as another conference's. `entry` is of another conference.
fn shown_elsewhere(
    conference_id: &str,
    seat_type: &str,
    ledger: &SeatLedger,
    entry: &SeatTypeEntry,
) -> Option<String> {
    let created = ledger
        .quota
        .get(seat_type)
        .is_some_and(|q| q.stated.is_some());
    created.then(|| {
        format!(
            "conference {conference_id} created seat type {seat_type}, but the SeatType read \
             model, which keys a seat type by its id alone, shows conference {}'s seat type of \
             that id: a seat type's id must be unique across conferences",
            entry.conference_id
        )
    })
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

/// Takes a change availability was given of a seat type off those on their way to it: the one
/// of that amount, or else the oldest, whose amount is then what the change called for (the
/// seat quota policy sends each change as it is stated, and availability records it as sent).
/// `None` when no change of that seat type is on its way.
fn carried_as_stated(
    carrying: &mut rustc_hash::FxHashMap<Text, Vec<(Text, i64)>>,
    conference_id: &Text,
    seat: &SeatQuantity,
) -> Option<Result<(), String>> {
    let changes = carrying.get_mut(conference_id)?;
    let of_type = |(seat_type, _): &(Text, i64)| *seat_type == seat.seat_type;
    let exact = changes
        .iter()
        .position(|change| of_type(change) && change.1 == seat.quantity);
    let taken = exact.or_else(|| changes.iter().position(of_type))?;
    let called_for = changes.remove(taken).1;
    if changes.is_empty() {
        carrying.remove(conference_id);
    }
    Some(match exact {
        Some(_) => Ok(()),
        None => Err(signed_seats(called_for)),
    })
}

/// What is said of conferences availability was given seats of while their management created
/// none in a log that holds conference management's streams (`SeatLedgers::unmanaged`).
pub(super) fn unmanaged_breaches(seats: &SeatLedgers) -> Vec<String> {
    seats
        .unmanaged()
        .into_iter()
        .map(|(conference_id, carried)| {
            let given = carried
                .iter()
                .map(|(seat_type, n)| {
                    let n = i64::try_from(*n).unwrap_or(if *n < 0 { i64::MIN } else { i64::MAX });
                    format!("{} of seat type {seat_type}", signed_seats(n))
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "conference {conference_id}: availability was given {given}, but conference \
                 management created no seat type of it in the log, though the log holds \
                 conference management's streams: the seat quota policy gives availability \
                 seats as conference management creates seat types"
            )
        })
        .collect()
}
