//! The `SeatsAvailability` aggregate: a conference's seat quota per seat type and the reservations
//! held against it, so that no more seats are handed out than remain. One stream per conference,
//! `SeatsAvailability/<conference_id>`.

use std::collections::BTreeSet;

use litemap::LiteMap;
use serde::{Deserialize, Serialize};

use crate::kernel::{
    insert_tight, Aggregate, Context, CouldRecord, Message, NoView, Rejection, Text,
};

use super::{
    AvailableSeatsChanged, ConferenceCommand, ConferenceContext, ConferenceEvent,
    MakeSeatReservation, SeatQuantities, SeatQuantity, SeatsReservationCancelled,
    SeatsReservationCommitted, SeatsReserved,
};

/// Seats still free per seat type (negative once the quota is lowered below what is held), the
/// seats each pending reservation holds in the order it took them, and the committed reservations.
/// A conference has a handful of seat types, and only the reservations in flight are pending: flat
/// sorted lists hold both (they read and write as the same JSON objects maps would). Committed
/// reservations, which only grow, stay in a B-tree.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Availability {
    pub remaining: LiteMap<Text, i64>,
    pub pending: LiteMap<Text, SeatQuantities>,
    pub committed: BTreeSet<Text>,
}

impl Availability {
    /// Seats of `seat_type` still free; a seat type never added has none.
    pub fn remaining_of(&self, seat_type: &str) -> i64 {
        self.remaining.get(seat_type).copied().unwrap_or(0)
    }

    /// Seats a pending reservation holds, empty when it is not pending.
    pub fn held_by(&self, reservation_id: &str) -> SeatQuantities {
        self.pending
            .get(reservation_id)
            .cloned()
            .unwrap_or_default()
    }

    fn is_known(&self, seat_type: &str) -> bool {
        self.remaining.contains_key(seat_type)
    }

    fn change_remaining(&mut self, changes: &SeatQuantities) {
        for change in changes.iter() {
            match self.remaining.get_mut(change.seat_type.as_str()) {
                Some(remaining) => *remaining = remaining.saturating_add(change.quantity),
                None => {
                    insert_tight(
                        &mut self.remaining,
                        change.seat_type.clone(),
                        change.quantity,
                    );
                }
            }
        }
    }
}

/// The aggregate, one instance per `conference_id`.
pub struct SeatsAvailability;

impl Aggregate<ConferenceContext> for SeatsAvailability {
    const NAME: &'static str = "SeatsAvailability";
    const COMMANDS: &'static [&'static str] = &[
        "AddSeats",
        "RemoveSeats",
        "MakeSeatReservation",
        "CancelSeatReservation",
        "CommitSeatReservation",
    ];
    const EVENTS: &'static [&'static str] = &[
        "AvailableSeatsChanged",
        "SeatsReserved",
        "SeatsReservationCancelled",
        "SeatsReservationCommitted",
    ];
    type State = Availability;
    type View = NoView;

    fn command_stream(command: &ConferenceCommand) -> Option<Text> {
        let id = match command {
            ConferenceCommand::AddSeats(c) => &c.conference_id,
            ConferenceCommand::RemoveSeats(c) => &c.conference_id,
            ConferenceCommand::MakeSeatReservation(c) => &c.conference_id,
            ConferenceCommand::CancelSeatReservation(c) => &c.conference_id,
            ConferenceCommand::CommitSeatReservation(c) => &c.conference_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn event_stream(event: &ConferenceEvent) -> Option<Text> {
        let id = match event {
            ConferenceEvent::AvailableSeatsChanged(e) => &e.conference_id,
            ConferenceEvent::SeatsReserved(e) => &e.conference_id,
            ConferenceEvent::SeatsReservationCancelled(e) => &e.conference_id,
            ConferenceEvent::SeatsReservationCommitted(e) => &e.conference_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn decide(
        state: &Availability,
        command: &ConferenceCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<ConferenceEvent>, Rejection> {
        match command {
            ConferenceCommand::AddSeats(c) => Ok(vec![quota_changed(
                &c.conference_id,
                &c.seat_type,
                within_count(state, &c.seat_type, Some(c.quantity))?,
            )]),
            // Only adding makes a seat type known: seats removed from one never added would
            // make it reservable, where `MakeSeatReservation` refuses a seat type never added.
            ConferenceCommand::RemoveSeats(c) if !state.is_known(&c.seat_type) => Err(
                Rejection::new(format!("unknown seat type: {}", c.seat_type)),
            ),
            ConferenceCommand::RemoveSeats(c) => Ok(vec![quota_changed(
                &c.conference_id,
                &c.seat_type,
                within_count(state, &c.seat_type, c.quantity.checked_neg())?,
            )]),
            ConferenceCommand::MakeSeatReservation(c) => Ok(vec![reserve(state, c)?.into()]),
            ConferenceCommand::CancelSeatReservation(c) => Ok(state
                .pending
                .get(&c.reservation_id)
                .map(|held| {
                    SeatsReservationCancelled {
                        conference_id: c.conference_id.clone(),
                        reservation_id: c.reservation_id.clone(),
                        available_seats_changed: held.clone(),
                    }
                    .into()
                })
                .into_iter()
                .collect()),
            ConferenceCommand::CommitSeatReservation(c) => Ok(state
                .pending
                .get(&c.reservation_id)
                .map(|_| {
                    SeatsReservationCommitted {
                        conference_id: c.conference_id.clone(),
                        reservation_id: c.reservation_id.clone(),
                    }
                    .into()
                })
                .into_iter()
                .collect()),
            other => Err(Rejection::new(format!(
                "seats availability does not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(mut state: Availability, event: &ConferenceEvent) -> Availability {
        match event {
            ConferenceEvent::AvailableSeatsChanged(e) => state.change_remaining(&e.seats),
            ConferenceEvent::SeatsReserved(e) => {
                // A reservation left with no seats is no longer pending, as in the CQRS Journey.
                if e.reservation_details.is_empty() {
                    state.pending.remove(&e.reservation_id);
                } else {
                    insert_tight(
                        &mut state.pending,
                        e.reservation_id.clone(),
                        e.reservation_details.clone(),
                    );
                }
                state.change_remaining(&e.available_seats_changed);
            }
            ConferenceEvent::SeatsReservationCancelled(e) => {
                state.pending.remove(&e.reservation_id);
                state.change_remaining(&e.available_seats_changed);
            }
            ConferenceEvent::SeatsReservationCommitted(e) => {
                state.pending.remove(&e.reservation_id);
                state.committed.insert(e.reservation_id.clone());
            }
            _ => {}
        }
        state
    }

    const COULD_RECORD: Option<CouldRecord<ConferenceContext, Self>> =
        Some(|state, _, event| could_record(state, event));
}

/// Why a conference's seats in `state` could not have recorded `event`, as `decide` would never
/// have: seats are reserved only of seat types added, and only a pending reservation is
/// cancelled (giving back what it held) or committed. Overbooking is the invariants' to tell,
/// with the seats that remained.
fn could_record(state: &Availability, event: &ConferenceEvent) -> Result<(), String> {
    match event {
        ConferenceEvent::SeatsReserved(e) => {
            // Every seat type never added is named: the invariants' overbooking of one only
            // repeats this, and is not told again (`EventLedger::told`), so a seat type left
            // unnamed here would be told nowhere.
            let mut unknown: Vec<&str> = Vec::new();
            let seats = e.reservation_details.iter();
            for s in seats.chain(e.available_seats_changed.iter()) {
                let seat_type = s.seat_type.as_str();
                if !state.is_known(seat_type) && !unknown.contains(&seat_type) {
                    unknown.push(seat_type);
                }
            }
            let (reservation, conference) = (&e.reservation_id, &e.conference_id);
            match unknown.as_slice() {
                [] => freed_as_held(state, e),
                [one] => Err(format!(
                    "reservation {reservation} took seats of type {one}, which conference \
                     {conference} never added"
                )),
                [some @ .., last] => Err(format!(
                    "reservation {reservation} took seats of types {} and {last}, which \
                     conference {conference} never added",
                    some.join(", ")
                )),
            }
        }
        ConferenceEvent::SeatsReservationCancelled(e) => {
            match state.pending.get(&e.reservation_id) {
                None => Err(not_pending(state, &e.conference_id, &e.reservation_id)),
                // Compared seat type by seat type: another system's log may list them in
                // another order, or a type in two parts.
                Some(held) if !same_seats(held, &e.available_seats_changed) => Err(format!(
                    "reservation {} gave back {}, but it held {held}",
                    e.reservation_id, e.available_seats_changed
                )),
                Some(_) => Ok(()),
            }
        }
        ConferenceEvent::SeatsReservationCommitted(e)
            if !state.pending.contains_key(&e.reservation_id) =>
        {
            Err(not_pending(state, &e.conference_id, &e.reservation_id))
        }
        _ => Ok(()),
    }
}

/// Whether a reservation's change of the free seats is what going from the seats it held to those
/// it now holds frees or takes, seat type by seat type, as `reserve` records it: a change that
/// differs hands out seats no reservation holds, or loses some, and a later one can make up for
/// it, so that the counts at the end add up.
fn freed_as_held(state: &Availability, e: &SeatsReserved) -> Result<(), String> {
    // Asked of every reservation a log holds: nothing is copied unless it is refused.
    let held = state.pending.get(&e.reservation_id);
    let (details, changed) = (&e.reservation_details, &e.available_seats_changed);
    let expected = |seat_type: &str| {
        let held = held.map_or(0, |held| quantity_in(held, seat_type));
        held.saturating_sub(quantity_in(details, seat_type))
    };
    let Some(wrong) = details
        .iter()
        .chain(changed.iter())
        .chain(held.into_iter().flat_map(|held| held.iter()))
        .map(|s| s.seat_type.as_str())
        .find(|t| quantity_in(changed, t) != expected(t))
    else {
        return Ok(());
    };
    let seats = |s: Option<&SeatQuantities>| match s.filter(|s| !s.is_empty()) {
        Some(s) => s.to_string(),
        None => "no seats".to_string(),
    };
    Err(format!(
        "reservation {} went from holding {} to {}, which changes the free seats of {wrong} by \
         {}, but it changed them by {}",
        e.reservation_id,
        seats(held),
        seats(Some(details)),
        expected(wrong),
        quantity_in(changed, wrong)
    ))
}

/// Why a reservation that is not pending could not have been cancelled or committed.
fn not_pending(state: &Availability, conference_id: &str, reservation_id: &str) -> String {
    if state.committed.contains(reservation_id) {
        format!("reservation {reservation_id} of conference {conference_id} was committed already")
    } else {
        format!(
            "conference {conference_id} holds no reservation {reservation_id}: it was never \
             made, or was cancelled or left with no seats"
        )
    }
}

fn quota_changed(conference_id: &str, seat_type: &str, quantity: i64) -> ConferenceEvent {
    AvailableSeatsChanged {
        conference_id: conference_id.into(),
        seats: SeatQuantities(vec![SeatQuantity::new(seat_type, quantity)]),
    }
    .into()
}

/// One seat type of a reservation request: how many are wanted, how many the reservation
/// already holds, and how many are free.
struct Wish {
    seat_type: Text,
    wanted: i64,
    existing: i64,
    remaining: i64,
}

impl Wish {
    /// What the reservation gets: what it wants, at most what is free plus what it already holds.
    fn actual(&self) -> i64 {
        self.wanted
            .min(self.remaining.max(0).saturating_add(self.existing))
    }

    /// How the free seats change: the seats newly taken, negative, or those given back.
    fn availability_change(&self) -> i64 {
        self.existing.saturating_sub(self.actual())
    }
}

/// Holds what can be held of what is wanted, adjusting the reservation if it already holds seats.
fn reserve(
    state: &Availability,
    command: &MakeSeatReservation,
) -> Result<SeatsReserved, Rejection> {
    if let Some(unknown) = command.seats.iter().find(|s| !state.is_known(&s.seat_type)) {
        return Err(Rejection::new(format!(
            "unknown seat type: {}",
            unknown.seat_type
        )));
    }
    let wishes = wishes(state, command);
    let non_zero = |seat_type: &str, quantity: i64| {
        (quantity != 0).then(|| SeatQuantity::new(seat_type, quantity))
    };
    Ok(SeatsReserved {
        conference_id: command.conference_id.clone(),
        reservation_id: command.reservation_id.clone(),
        reservation_details: wishes
            .iter()
            .filter_map(|w| non_zero(&w.seat_type, w.actual()))
            .collect(),
        available_seats_changed: wishes
            .iter()
            .filter_map(|w| non_zero(&w.seat_type, w.availability_change()))
            .collect(),
    })
}

/// Every seat type wanted (in the command's order, a repeated type counted once with its
/// quantities summed) then every one held before and no longer wanted (in the order held).
fn wishes(state: &Availability, command: &MakeSeatReservation) -> Vec<Wish> {
    let held = state.held_by(&command.reservation_id);
    let mut seat_types: Vec<&str> = Vec::new();
    for seat_type in command
        .seats
        .iter()
        .chain(held.iter())
        .map(|s| s.seat_type.as_str())
    {
        if !seat_types.contains(&seat_type) {
            seat_types.push(seat_type);
        }
    }
    seat_types
        .into_iter()
        .map(|seat_type| Wish {
            seat_type: seat_type.into(),
            // Asking for fewer than none is asking for none.
            wanted: quantity_in(&command.seats, seat_type).max(0),
            existing: quantity_in(&held, seat_type),
            remaining: state.remaining_of(seat_type),
        })
        .collect()
}

/// A change of `seat_type`'s seats that leaves what remains within what a count holds; one past
/// it is refused, where it was recorded and the state stopped at the limit while the log went on
/// counting (`None`: a removal whose negation no count holds).
fn within_count(
    state: &Availability,
    seat_type: &str,
    change: Option<i64>,
) -> Result<i64, Rejection> {
    let remaining = state.remaining_of(seat_type);
    change
        .filter(|&change| remaining.checked_add(change).is_some())
        .ok_or_else(|| {
            // Past either end: a change that goes below the least count is no "too many" (a
            // removal whose negation no count holds adds more than any count holds).
            let which = match change {
                Some(change) if change < 0 => "too few seats",
                _ => "too many seats",
            };
            Rejection::new(format!(
                "{which}: {remaining} of {seat_type} remain, and the change would take them \
                 past what a count holds ({} to {})",
                i64::MIN,
                i64::MAX
            ))
        })
}

/// Whether two lists of seats hold as many of each seat type, however listed.
fn same_seats(a: &SeatQuantities, b: &SeatQuantities) -> bool {
    a.iter()
        .chain(b.iter())
        .all(|s| quantity_in(a, &s.seat_type) == quantity_in(b, &s.seat_type))
}

/// Like `SeatQuantities::quantity_of`, but saturating: quantities come from messages.
fn quantity_in(seats: &SeatQuantities, seat_type: &str) -> i64 {
    seats
        .iter()
        .filter(|s| s.seat_type == seat_type)
        .fold(0i64, |sum, s| sum.saturating_add(s.quantity))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conference::told::{refused, told};

    fn added() -> ConferenceEvent {
        told(
            "AvailableSeatsChanged",
            r#"{"conference_id":"conf-1","seats":[{"seat_type":"full","quantity":10}]}"#,
        )
    }

    fn reserved(seat_type: &str) -> ConferenceEvent {
        told(
            "SeatsReserved",
            &format!(
                r#"{{"conference_id":"conf-1","reservation_id":"order-1","reservation_details":[{{"seat_type":"{seat_type}","quantity":2}}],"available_seats_changed":[{{"seat_type":"{seat_type}","quantity":-2}}]}}"#
            ),
        )
    }

    fn cancelled(quantity: i64) -> ConferenceEvent {
        told(
            "SeatsReservationCancelled",
            &format!(
                r#"{{"conference_id":"conf-1","reservation_id":"order-1","available_seats_changed":[{{"seat_type":"full","quantity":{quantity}}}]}}"#
            ),
        )
    }

    fn committed() -> ConferenceEvent {
        told(
            "SeatsReservationCommitted",
            r#"{"conference_id":"conf-1","reservation_id":"order-1"}"#,
        )
    }

    fn refused_after(past: &[ConferenceEvent], next: ConferenceEvent) -> Option<String> {
        refused::<SeatsAvailability>(past, &next)
    }

    #[test]
    fn reservations_made_cancelled_and_committed_are_admitted() {
        for end in [cancelled(2), committed()] {
            let life = [added(), reserved("full"), end];
            for (i, next) in life.iter().enumerate() {
                assert_eq!(
                    refused::<SeatsAvailability>(&life[..i], next),
                    None,
                    "{next:?}"
                );
            }
        }
    }

    #[test]
    fn only_a_pending_reservation_is_committed_or_cancelled() {
        assert_eq!(
            refused_after(&[added()], committed()).as_deref(),
            Some(
                "conference conf-1 holds no reservation order-1: it was never made, or was \
                 cancelled or left with no seats"
            )
        );
        assert_eq!(
            refused_after(&[added(), reserved("full"), committed()], committed()).as_deref(),
            Some("reservation order-1 of conference conf-1 was committed already")
        );
        assert_eq!(
            refused_after(&[added(), reserved("full"), cancelled(2)], cancelled(2)).as_deref(),
            Some(
                "conference conf-1 holds no reservation order-1: it was never made, or was \
                 cancelled or left with no seats"
            )
        );
    }

    #[test]
    fn a_reservation_changes_the_free_seats_by_what_it_takes_beyond_what_it_held() {
        let again = |details: i64, changed: &str| {
            told(
                "SeatsReserved",
                &format!(
                    r#"{{"conference_id":"conf-1","reservation_id":"order-1","reservation_details":[{{"seat_type":"full","quantity":{details}}}],"available_seats_changed":{changed}}}"#
                ),
            )
        };
        let past = [added(), reserved("full")];
        // Held 2: holding 3 takes one more, holding 1 gives one back, holding 2 changes nothing.
        for (details, changed) in [
            (3, r#"[{"seat_type":"full","quantity":-1}]"#),
            (1, r#"[{"seat_type":"full","quantity":1}]"#),
            (2, "[]"),
        ] {
            assert_eq!(refused_after(&past, again(details, changed)), None);
        }
        assert_eq!(
            refused_after(&past, again(2, r#"[{"seat_type":"full","quantity":-2}]"#)).as_deref(),
            Some(
                "reservation order-1 went from holding 2 full to 2 full, which changes the free \
                 seats of full by 0, but it changed them by -2"
            )
        );
        assert_eq!(
            refused_after(&[added()], again(2, "[]")).as_deref(),
            Some(
                "reservation order-1 went from holding no seats to 2 full, which changes the free \
                 seats of full by -2, but it changed them by 0"
            )
        );
    }

    #[test]
    fn a_cancelled_reservation_gives_back_what_it_held() {
        assert_eq!(
            refused_after(&[added(), reserved("full")], cancelled(5)).as_deref(),
            Some("reservation order-1 gave back 5 full, but it held 2 full")
        );
    }

    #[test]
    fn seats_given_back_compare_seat_type_by_seat_type_however_listed() {
        let added = told(
            "AvailableSeatsChanged",
            r#"{"conference_id":"conf-1","seats":[{"seat_type":"full","quantity":10},{"seat_type":"vip","quantity":5}]}"#,
        );
        let reserved = told(
            "SeatsReserved",
            r#"{"conference_id":"conf-1","reservation_id":"order-1","reservation_details":[{"seat_type":"full","quantity":2},{"seat_type":"vip","quantity":1}],"available_seats_changed":[{"seat_type":"full","quantity":-2},{"seat_type":"vip","quantity":-1}]}"#,
        );
        let back = |seats: &str| {
            told(
                "SeatsReservationCancelled",
                &format!(
                    r#"{{"conference_id":"conf-1","reservation_id":"order-1","available_seats_changed":{seats}}}"#
                ),
            )
        };
        let past = [added, reserved];
        for (seats, refused) in [
            (
                r#"[{"seat_type":"vip","quantity":1},{"seat_type":"full","quantity":2}]"#,
                false,
            ),
            (
                r#"[{"seat_type":"full","quantity":1},{"seat_type":"vip","quantity":1},{"seat_type":"full","quantity":1}]"#,
                false,
            ),
            (r#"[{"seat_type":"vip","quantity":1}]"#, true),
            (
                r#"[{"seat_type":"vip","quantity":1},{"seat_type":"full","quantity":3}]"#,
                true,
            ),
        ] {
            assert_eq!(
                refused_after(&past, back(seats)).is_some(),
                refused,
                "{seats}"
            );
        }
    }

    #[test]
    fn seats_are_reserved_only_of_seat_types_added() {
        assert_eq!(
            refused_after(&[added()], reserved("vip")).as_deref(),
            Some("reservation order-1 took seats of type vip, which conference conf-1 never added")
        );
        // Each seat type never added is named once, in the order the event first names it.
        let several = told(
            "SeatsReserved",
            r#"{"conference_id":"conf-1","reservation_id":"order-1","reservation_details":[{"seat_type":"vip","quantity":1},{"seat_type":"full","quantity":1}],"available_seats_changed":[{"seat_type":"dinner","quantity":-1},{"seat_type":"vip","quantity":-1},{"seat_type":"full","quantity":-1}]}"#,
        );
        assert_eq!(
            refused_after(&[added()], several).as_deref(),
            Some(
                "reservation order-1 took seats of types vip and dinner, which conference conf-1 \
                 never added"
            )
        );
    }
}
