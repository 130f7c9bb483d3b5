//! The `SeatsAvailability` aggregate against the catalog: quotas, the partial-reservation formula,
//! the order of `reservation_details` and `available_seats_changed`, cancelling and committing,
//! and, as properties, no overbooking and a state that replaying its events rebuilds exactly.

mod common;

use common::{seats, Decision};
use domain::conference::seats_availability::{Availability, SeatsAvailability};
use domain::conference::*;
use domain::kernel::{Aggregate, Message, Text};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn given(events: Vec<ConferenceEvent>) -> Availability {
    common::given::<SeatsAvailability>(&events)
}

fn decide(state: &Availability, command: impl Into<ConferenceCommand>) -> Decision {
    common::decide::<SeatsAvailability>(state, command)
}

fn add(seat_type: &str, quantity: i64) -> AddSeats {
    AddSeats {
        conference_id: "conf-1".into(),
        seat_type: seat_type.into(),
        quantity,
    }
}

fn remove(seat_type: &str, quantity: i64) -> RemoveSeats {
    RemoveSeats {
        conference_id: "conf-1".into(),
        seat_type: seat_type.into(),
        quantity,
    }
}

fn reserve(reservation_id: &str, wanted: &[(&'static str, i64)]) -> MakeSeatReservation {
    MakeSeatReservation {
        conference_id: "conf-1".into(),
        reservation_id: reservation_id.into(),
        seats: seats(wanted),
    }
}

fn cancel(reservation_id: &str) -> CancelSeatReservation {
    CancelSeatReservation {
        conference_id: "conf-1".into(),
        reservation_id: reservation_id.into(),
    }
}

fn commit(reservation_id: &str) -> CommitSeatReservation {
    CommitSeatReservation {
        conference_id: "conf-1".into(),
        reservation_id: reservation_id.into(),
    }
}

fn changed(items: &[(&'static str, i64)]) -> ConferenceEvent {
    AvailableSeatsChanged {
        conference_id: "conf-1".into(),
        seats: seats(items),
    }
    .into()
}

fn reserved(
    reservation_id: &str,
    details: &[(&'static str, i64)],
    change: &[(&'static str, i64)],
) -> ConferenceEvent {
    SeatsReserved {
        conference_id: "conf-1".into(),
        reservation_id: reservation_id.into(),
        reservation_details: seats(details),
        available_seats_changed: seats(change),
    }
    .into()
}

fn cancelled(reservation_id: &str, released: &[(&'static str, i64)]) -> ConferenceEvent {
    SeatsReservationCancelled {
        conference_id: "conf-1".into(),
        reservation_id: reservation_id.into(),
        available_seats_changed: seats(released),
    }
    .into()
}

fn committed(reservation_id: &str) -> ConferenceEvent {
    SeatsReservationCommitted {
        conference_id: "conf-1".into(),
        reservation_id: reservation_id.into(),
    }
    .into()
}

/// Decides, insisting on success, and folds what was recorded into the state.
fn run(state: Availability, command: impl Into<ConferenceCommand>) -> Availability {
    let command = command.into();
    match decide(&state, command.clone()) {
        Ok(events) => events.iter().fold(state, SeatsAvailability::evolve),
        Err(r) => panic!("{} was rejected: {r}", command.name()),
    }
}

// ================================================================ quotas

#[test]
fn adding_seats_raises_the_quota() {
    let state = given(vec![changed(&[("full", 10)])]);
    assert_eq!(
        decide(&state, add("full", 5)),
        Ok(vec![changed(&[("full", 5)])])
    );
    assert_eq!(run(state, add("full", 5)).remaining_of("full"), 15);
}

#[test]
fn removing_seats_lowers_the_quota_even_below_zero() {
    let state = given(vec![changed(&[("full", 10)])]);
    assert_eq!(
        decide(&state, remove("full", 4)),
        Ok(vec![changed(&[("full", -4)])])
    );
    assert_eq!(run(state, remove("full", 15)).remaining_of("full"), -5);
}

#[test]
fn adding_seats_of_a_never_seen_seat_type_makes_it_known_and_removing_them_is_refused() {
    // A seat type created with no seats sends `AddSeats` of 0: it must still become reservable.
    let state = run(Availability::default(), add("sponsor", 0));
    assert_eq!(state.remaining.get("sponsor"), Some(&0));
    assert_eq!(
        decide(&state, reserve("order-1", &[("sponsor", 1)])),
        Ok(vec![reserved("order-1", &[], &[])])
    );
    // Removing seats of a seat type never added would make it reservable, where a reservation
    // of a seat type never added is refused.
    let refused = decide(&state, remove("vip", 2)).map_err(|r| r.to_string());
    assert_eq!(refused, Err("unknown seat type: vip".to_string()));
    let state = run(state, remove("sponsor", 2));
    assert_eq!(state.remaining.get("sponsor"), Some(&-2));
}

// ================================================================ reservations

#[test]
fn a_reservation_gets_every_seat_it_wants_while_enough_remain() {
    let state = given(vec![changed(&[("full", 10), ("workshop", 5)])]);
    assert_eq!(
        decide(&state, reserve("order-1", &[("full", 3), ("workshop", 2)])),
        Ok(vec![reserved(
            "order-1",
            &[("full", 3), ("workshop", 2)],
            &[("full", -3), ("workshop", -2)]
        )])
    );
    let state = run(state, reserve("order-1", &[("full", 3), ("workshop", 2)]));
    assert_eq!(state.remaining_of("full"), 7);
    assert_eq!(state.remaining_of("workshop"), 3);
    assert_eq!(
        state.held_by("order-1"),
        seats(&[("full", 3), ("workshop", 2)])
    );
}

#[test]
fn a_reservation_gets_only_the_seats_that_remain() {
    let state = given(vec![changed(&[("full", 2), ("workshop", 5)])]);
    assert_eq!(
        decide(&state, reserve("order-1", &[("full", 5), ("workshop", 1)])),
        Ok(vec![reserved(
            "order-1",
            &[("full", 2), ("workshop", 1)],
            &[("full", -2), ("workshop", -1)]
        )])
    );
}

#[test]
fn a_reservation_may_get_no_seats_at_all_and_is_then_not_pending() {
    let state = given(vec![
        changed(&[("full", 2)]),
        reserved("order-1", &[("full", 2)], &[("full", -2)]),
    ]);
    assert_eq!(
        decide(&state, reserve("order-2", &[("full", 3)])),
        Ok(vec![reserved("order-2", &[], &[])])
    );
    let state = run(state, reserve("order-2", &[("full", 3)]));
    assert!(!state.pending.contains_key("order-2"));
    assert_eq!(decide(&state, cancel("order-2")), Ok(vec![]));
    assert_eq!(decide(&state, commit("order-2")), Ok(vec![]));
}

#[test]
fn seats_removed_below_zero_are_not_handed_out() {
    let state = given(vec![changed(&[("full", 2)]), changed(&[("full", -5)])]);
    assert_eq!(
        decide(&state, reserve("order-1", &[("full", 1)])),
        Ok(vec![reserved("order-1", &[], &[])])
    );
}

#[test]
fn re_reserving_with_the_same_id_takes_more_seats_from_what_remains() {
    // Holds 3, 2 remain, wants 6: min(6, 2 + 3) = 5, so 2 more are taken.
    let state = given(vec![
        changed(&[("full", 5)]),
        reserved("order-1", &[("full", 3)], &[("full", -3)]),
    ]);
    assert_eq!(
        decide(&state, reserve("order-1", &[("full", 6)])),
        Ok(vec![reserved("order-1", &[("full", 5)], &[("full", -2)])])
    );
    let state = run(state, reserve("order-1", &[("full", 6)]));
    assert_eq!(state.remaining_of("full"), 0);
    assert_eq!(state.held_by("order-1"), seats(&[("full", 5)]));
}

#[test]
fn re_reserving_with_the_same_id_gives_back_seats_no_longer_wanted() {
    let state = given(vec![
        changed(&[("full", 5), ("workshop", 5)]),
        reserved(
            "order-1",
            &[("full", 3), ("workshop", 2)],
            &[("full", -3), ("workshop", -2)],
        ),
    ]);
    assert_eq!(
        decide(&state, reserve("order-1", &[("full", 1)])),
        Ok(vec![reserved(
            "order-1",
            &[("full", 1)],
            &[("full", 2), ("workshop", 2)]
        )])
    );
    let state = run(state, reserve("order-1", &[("full", 1)]));
    assert_eq!(state.remaining_of("full"), 4);
    assert_eq!(state.remaining_of("workshop"), 5);
    assert_eq!(state.held_by("order-1"), seats(&[("full", 1)]));
}

#[test]
fn a_reservation_keeps_what_it_holds_when_the_quota_is_lowered_below_it() {
    // Holds 3 full; the quota then drops so that -1 remain: it keeps its 3, gets no more.
    let state = given(vec![
        changed(&[("full", 5)]),
        reserved("order-1", &[("full", 3)], &[("full", -3)]),
        changed(&[("full", -3)]),
    ]);
    assert_eq!(state.remaining_of("full"), -1);
    assert_eq!(
        decide(&state, reserve("order-1", &[("full", 4)])),
        Ok(vec![reserved("order-1", &[("full", 3)], &[])])
    );
}

#[test]
fn reservation_lists_follow_the_commands_seats_then_the_seats_held_before() {
    // Held in the order vip, full, dinner; now wants workshop then full.
    let state = given(vec![
        changed(&[("dinner", 5), ("full", 5), ("vip", 5), ("workshop", 5)]),
        reserved(
            "order-1",
            &[("vip", 1), ("full", 2), ("dinner", 1)],
            &[("vip", -1), ("full", -2), ("dinner", -1)],
        ),
    ]);
    assert_eq!(
        decide(&state, reserve("order-1", &[("workshop", 2), ("full", 1)])),
        Ok(vec![reserved(
            "order-1",
            &[("workshop", 2), ("full", 1)],
            &[("workshop", -2), ("full", 1), ("vip", 1), ("dinner", 1)]
        )])
    );
}

#[test]
fn reserving_an_unknown_seat_type_is_rejected() {
    let state = given(vec![changed(&[("full", 10)])]);
    let result = decide(&state, reserve("order-1", &[("full", 1), ("vip", 1)]));
    match result {
        Err(r) => assert!(r.reason.contains("unknown seat type"), "{r}"),
        Ok(events) => panic!("expected a rejection, got {events:?}"),
    }
}

#[test]
fn a_seat_type_named_twice_is_wanted_once_with_both_quantities() {
    let state = given(vec![changed(&[("full", 10), ("workshop", 10)])]);
    assert_eq!(
        decide(
            &state,
            reserve("order-1", &[("full", 2), ("workshop", 1), ("full", 3)])
        ),
        Ok(vec![reserved(
            "order-1",
            &[("full", 5), ("workshop", 1)],
            &[("full", -5), ("workshop", -1)]
        )])
    );
}

#[test]
fn wanting_fewer_than_no_seats_is_wanting_none() {
    let state = given(vec![
        changed(&[("full", 10)]),
        reserved("order-1", &[("full", 2)], &[("full", -2)]),
    ]);
    assert_eq!(
        decide(&state, reserve("order-1", &[("full", -3)])),
        Ok(vec![reserved("order-1", &[], &[("full", 2)])])
    );
}

// ================================================================ cancelling and committing

#[test]
fn cancelling_a_pending_reservation_releases_its_seats() {
    let state = given(vec![
        changed(&[("full", 10), ("workshop", 5)]),
        reserved(
            "order-1",
            &[("workshop", 1), ("full", 3)],
            &[("workshop", -1), ("full", -3)],
        ),
    ]);
    assert_eq!(
        decide(&state, cancel("order-1")),
        Ok(vec![cancelled("order-1", &[("workshop", 1), ("full", 3)])])
    );
    let state = run(state, cancel("order-1"));
    assert_eq!(state.remaining_of("full"), 10);
    assert_eq!(state.remaining_of("workshop"), 5);
    assert!(state.pending.is_empty());
}

#[test]
fn cancelling_a_reservation_that_is_not_pending_records_nothing() {
    let state = given(vec![
        changed(&[("full", 10)]),
        reserved("order-1", &[("full", 3)], &[("full", -3)]),
        reserved("order-2", &[("full", 1)], &[("full", -1)]),
        cancelled("order-1", &[("full", 3)]),
        committed("order-2"),
    ]);
    assert_eq!(decide(&state, cancel("order-1")), Ok(vec![]));
    assert_eq!(decide(&state, cancel("order-2")), Ok(vec![]));
    assert_eq!(decide(&state, cancel("order-9")), Ok(vec![]));
}

#[test]
fn committing_a_pending_reservation_makes_its_seats_final() {
    let state = given(vec![
        changed(&[("full", 10)]),
        reserved("order-1", &[("full", 3)], &[("full", -3)]),
    ]);
    assert_eq!(
        decide(&state, commit("order-1")),
        Ok(vec![committed("order-1")])
    );
    let state = run(state, commit("order-1"));
    assert!(state.pending.is_empty());
    assert!(state.committed.contains("order-1"));
    // The committed seats stay taken: they are not released, nor can they be cancelled.
    assert_eq!(state.remaining_of("full"), 7);
    assert_eq!(decide(&state, cancel("order-1")), Ok(vec![]));
}

#[test]
fn committing_a_reservation_that_is_not_pending_records_nothing() {
    let state = given(vec![
        changed(&[("full", 10)]),
        reserved("order-1", &[("full", 3)], &[("full", -3)]),
        reserved("order-2", &[("full", 1)], &[("full", -1)]),
        committed("order-1"),
        cancelled("order-2", &[("full", 1)]),
    ]);
    assert_eq!(decide(&state, commit("order-1")), Ok(vec![]));
    assert_eq!(decide(&state, commit("order-2")), Ok(vec![]));
    assert_eq!(decide(&state, commit("order-9")), Ok(vec![]));
}

#[test]
fn a_committed_reservation_id_reserved_again_starts_a_new_hold() {
    let state = given(vec![
        changed(&[("full", 10)]),
        reserved("order-1", &[("full", 3)], &[("full", -3)]),
        committed("order-1"),
    ]);
    assert_eq!(
        decide(&state, reserve("order-1", &[("full", 2)])),
        Ok(vec![reserved("order-1", &[("full", 2)], &[("full", -2)])])
    );
}

// ================================================================ evolving

#[test]
fn recorded_events_rebuild_remaining_seats_and_holdings() {
    let state = given(vec![
        changed(&[("full", 10)]),
        changed(&[("workshop", 4)]),
        reserved(
            "order-1",
            &[("full", 3), ("workshop", 1)],
            &[("full", -3), ("workshop", -1)],
        ),
        reserved("order-2", &[("full", 2)], &[("full", -2)]),
        reserved("order-1", &[("full", 1)], &[("full", 2), ("workshop", 1)]),
        committed("order-2"),
    ]);
    assert_eq!(
        state.remaining.iter().collect::<Vec<_>>(),
        [(&Text::new("full"), &7), (&Text::new("workshop"), &4)]
    );
    assert_eq!(
        state.pending.iter().collect::<Vec<_>>(),
        [(&Text::new("order-1"), &seats(&[("full", 1)]))]
    );
    assert!(state.committed.contains("order-2"));
    let json = serde_json::to_value(&state).unwrap();
    assert_eq!(serde_json::from_value::<Availability>(json).unwrap(), state);
}

// ================================================================ the aggregate's frame

#[test]
fn commands_and_events_live_in_the_conference_availability_stream() {
    assert_eq!(SeatsAvailability::NAME, "SeatsAvailability");
    assert_eq!(
        SeatsAvailability::command_stream(&reserve("order-1", &[]).into()).as_deref(),
        Some("conf-1")
    );
    assert_eq!(
        SeatsAvailability::command_stream(&remove("full", 1).into()).as_deref(),
        Some("conf-1")
    );
    assert_eq!(
        SeatsAvailability::event_stream(&committed("order-1")).as_deref(),
        Some("conf-1")
    );
    let foreign = ConfirmOrder {
        order_id: "order-7".into(),
    };
    assert_eq!(
        SeatsAvailability::command_stream(&foreign.clone().into()),
        None
    );
    assert!(decide(&Availability::default(), foreign).is_err());
    for name in [
        "AddSeats",
        "RemoveSeats",
        "MakeSeatReservation",
        "CancelSeatReservation",
        "CommitSeatReservation",
    ] {
        assert!(SeatsAvailability::COMMANDS.contains(&name), "{name}");
    }
    for name in [
        "AvailableSeatsChanged",
        "SeatsReserved",
        "SeatsReservationCancelled",
        "SeatsReservationCommitted",
    ] {
        assert!(SeatsAvailability::EVENTS.contains(&name), "{name}");
    }
}

// ================================================================ properties

/// Seat types quotas are given for; `dinner` is only ever asked for, never added.
const SEAT_TYPES: [&str; 4] = ["full", "workshop", "vip", "dinner"];
const RESERVATIONS: [&str; 3] = ["order-1", "order-2", "order-3"];

#[derive(Clone, Debug)]
enum Op {
    Add(usize, i64),
    Remove(usize, i64),
    Reserve(usize, Vec<(usize, i64)>),
    Cancel(usize),
    Commit(usize),
}

impl Op {
    fn command(&self) -> ConferenceCommand {
        match self {
            Op::Add(t, q) => add(SEAT_TYPES[*t], *q).into(),
            Op::Remove(t, q) => remove(SEAT_TYPES[*t], *q).into(),
            Op::Reserve(r, wanted) => MakeSeatReservation {
                conference_id: "conf-1".into(),
                reservation_id: RESERVATIONS[*r].into(),
                seats: wanted
                    .iter()
                    .map(|(t, q)| SeatQuantity::new(SEAT_TYPES[*t], *q))
                    .collect(),
            }
            .into(),
            Op::Cancel(r) => cancel(RESERVATIONS[*r]).into(),
            Op::Commit(r) => commit(RESERVATIONS[*r]).into(),
        }
    }
}

fn op() -> impl Strategy<Value = Op> {
    let quota_type = 0..3usize;
    let wanted_type = prop_oneof![12 => 0..3usize, 1 => Just(3usize)];
    let reservation = 0..RESERVATIONS.len();
    prop_oneof![
        3 => (quota_type.clone(), 0..8i64).prop_map(|(t, q)| Op::Add(t, q)),
        1 => (quota_type, 0..6i64).prop_map(|(t, q)| Op::Remove(t, q)),
        5 => (reservation.clone(), prop::collection::vec((wanted_type, -1..7i64), 0..4))
            .prop_map(|(r, w)| Op::Reserve(r, w)),
        1 => reservation.clone().prop_map(Op::Cancel),
        1 => reservation.prop_map(Op::Commit),
    ]
}

/// What the test keeps beside the aggregate: seats added minus removed, and the seats of
/// committed reservations (the aggregate forgets those once committed).
#[derive(Default)]
struct Ledger {
    quota: BTreeMap<Text, i64>,
    committed: BTreeMap<Text, i64>,
    events: Vec<ConferenceEvent>,
}

fn pending_held(state: &Availability, seat_type: &str) -> i64 {
    state
        .pending
        .values()
        .map(|held| held.quantity_of(seat_type))
        .sum()
}

fn first_appearances<'a>(lists: impl IntoIterator<Item = &'a SeatQuantities>) -> Vec<Text> {
    let mut order: Vec<Text> = Vec::new();
    for s in lists.into_iter().flat_map(|l| l.iter()) {
        if !order.contains(&s.seat_type) {
            order.push(s.seat_type.clone());
        }
    }
    order
}

/// The seat types of `list`, which must be distinct and in the order of `order`.
fn follows(list: &SeatQuantities, order: &[Text]) -> bool {
    let positions: Vec<Option<usize>> = list
        .iter()
        .map(|s| order.iter().position(|t| *t == s.seat_type))
        .collect();
    positions.iter().all(Option::is_some) && positions.windows(2).all(|w| w[0] < w[1])
}

/// Checks one `SeatsReserved` against the state it was decided on and the command it answers.
fn check_reservation(
    before: &Availability,
    command: &MakeSeatReservation,
    e: &SeatsReserved,
) -> Result<(), TestCaseError> {
    let held = before.held_by(&command.reservation_id);
    let order = first_appearances([&command.seats, &held]);
    prop_assert!(follows(&e.reservation_details, &order), "{e:?}");
    prop_assert!(follows(&e.available_seats_changed, &order), "{e:?}");
    for seat_type in &order {
        let wanted = command.seats.quantity_of(seat_type).max(0);
        let existing = held.quantity_of(seat_type);
        let remaining = before.remaining_of(seat_type);
        let actual = e.reservation_details.quantity_of(seat_type);
        // Never more than wanted, never more than is free plus what it already held...
        prop_assert!(actual >= 0 && actual <= wanted, "{seat_type}: {e:?}");
        prop_assert!(
            actual <= remaining.max(0) + existing,
            "{seat_type}: {actual} handed out, {remaining} remained, {existing} held"
        );
        // ...but all of that when there is enough: the catalog's formula.
        prop_assert_eq!(actual, wanted.min(remaining.max(0) + existing));
        prop_assert_eq!(
            e.available_seats_changed.quantity_of(seat_type),
            existing - actual
        );
        // So a reservation never pushes the remaining seats below min(remaining, 0).
        prop_assert!(remaining + existing - actual >= remaining.min(0));
    }
    prop_assert!(e.reservation_details.iter().all(|s| s.quantity != 0));
    prop_assert!(e.available_seats_changed.iter().all(|s| s.quantity != 0));
    Ok(())
}

/// Runs the commands, checking every step; returns the state reached step by step (restored
/// from a JSON snapshot after every event, as a restarted process would) and the ledger.
fn play(ops: &[Op]) -> Result<(Availability, Ledger), TestCaseError> {
    let mut state = Availability::default();
    let mut ledger = Ledger::default();
    for op in ops {
        let command = op.command();
        let result = decide(&state, command.clone());
        let known = |seat_type: &str| state.remaining.contains_key(seat_type);
        let names_unknown = match &command {
            ConferenceCommand::MakeSeatReservation(c) => {
                c.seats.iter().any(|s| !known(&s.seat_type))
            }
            ConferenceCommand::RemoveSeats(c) => !known(&c.seat_type),
            _ => false,
        };
        prop_assert_eq!(result.is_err(), names_unknown, "{:?}", result);
        for event in result.unwrap_or_default() {
            match (&event, &command) {
                (ConferenceEvent::SeatsReserved(e), ConferenceCommand::MakeSeatReservation(c)) => {
                    check_reservation(&state, c, e)?
                }
                (ConferenceEvent::AvailableSeatsChanged(e), _) => {
                    for s in e.seats.iter() {
                        *ledger.quota.entry(s.seat_type.clone()).or_default() += s.quantity;
                    }
                }
                (ConferenceEvent::SeatsReservationCommitted(e), _) => {
                    for s in state.held_by(&e.reservation_id).iter() {
                        *ledger.committed.entry(s.seat_type.clone()).or_default() += s.quantity;
                    }
                }
                _ => {}
            }
            let next = SeatsAvailability::evolve(state, &event);
            state = serde_json::from_value(serde_json::to_value(&next).unwrap()).unwrap();
            ledger.events.push(event);
        }
        check_no_overbooking(&state, &ledger)?;
    }
    Ok((state, ledger))
}

/// The catalog's invariant, exactly: for every seat type, seats remaining plus seats held by
/// pending and committed reservations equal seats added minus removed. Reservations never drive
/// the remaining seats negative, so held seats exceed added minus removed only while a lowered
/// quota leaves the remaining seats negative: never while they are zero or more.
fn check_no_overbooking(state: &Availability, ledger: &Ledger) -> Result<(), TestCaseError> {
    for (seat_type, &quota) in &ledger.quota {
        let remaining = state.remaining_of(seat_type);
        let held =
            pending_held(state, seat_type) + ledger.committed.get(seat_type).copied().unwrap_or(0);
        prop_assert_eq!(remaining + held, quota, "{}", seat_type);
        if remaining >= 0 {
            prop_assert!(held <= quota, "{seat_type}: {held} held of {quota}");
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn reservations_never_hand_out_seats_that_are_not_there(
        ops in prop::collection::vec(op(), 0..40)
    ) {
        play(&ops)?;
    }

    #[test]
    fn without_lowered_quotas_held_seats_never_exceed_those_added(
        ops in prop::collection::vec(op(), 0..40)
    ) {
        let ops: Vec<Op> = ops.into_iter().filter(|o| !matches!(o, Op::Remove(..))).collect();
        let (state, ledger) = play(&ops)?;
        for (seat_type, &quota) in &ledger.quota {
            prop_assert!(state.remaining_of(seat_type) >= 0);
            let held = pending_held(&state, seat_type)
                + ledger.committed.get(seat_type).copied().unwrap_or(0);
            prop_assert!(held <= quota, "{seat_type}: {held} held of {quota}");
        }
    }

    #[test]
    fn replaying_the_recorded_events_rebuilds_the_state(
        ops in prop::collection::vec(op(), 0..40)
    ) {
        let (stepwise, ledger) = play(&ops)?;
        // Read back from their stored payloads, as a replay from the event store would.
        let mut replayed = Availability::default();
        for event in &ledger.events {
            let stored = ConferenceEvent::from_payload(event.name(), event.payload()).unwrap();
            replayed = SeatsAvailability::evolve(replayed, &stored);
        }
        prop_assert_eq!(replayed, stepwise);
    }
}
