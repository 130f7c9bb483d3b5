//! The `SeatAssignments` aggregate against the catalog: numbering a confirmed order's seats,
//! assigning, reassigning, renaming and unassigning attendees, every rejection, and, as a
//! property, that positions number every seat once, in seat order.

mod common;

use common::{rejection as rejection_of, seats, Decision};
use domain::conference::seat_assignments::{Assignments, SeatAssignments};
use domain::conference::*;
use domain::kernel::{Aggregate, Message};
use proptest::prelude::*;
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// Building assignments and commands

fn given(events: &[ConferenceEvent]) -> Assignments {
    common::given::<SeatAssignments>(events)
}

fn decide(state: &Assignments, command: impl Into<ConferenceCommand>) -> Decision {
    common::decide::<SeatAssignments>(state, command)
}

fn person(first_name: &str, last_name: &str, email: &str) -> PersonalInfo {
    PersonalInfo {
        first_name: Some(first_name.into()),
        last_name: Some(last_name.into()),
        email: Some(email.into()),
    }
}

fn ada() -> PersonalInfo {
    person("Ada", "Lovelace", "ada@example.com")
}

fn grace() -> PersonalInfo {
    person("Grace", "Hopper", "grace@example.com")
}

fn create(wanted: &[(&'static str, i64)]) -> CreateSeatAssignments {
    CreateSeatAssignments {
        order_id: "order-7".into(),
        seats: seats(wanted),
    }
}

fn assign(position: u32, attendee: PersonalInfo) -> AssignSeat {
    AssignSeat {
        order_id: "order-7".into(),
        position,
        attendee,
    }
}

fn unassign(position: u32) -> UnassignSeat {
    UnassignSeat {
        order_id: "order-7".into(),
        position,
    }
}

fn created(positions: &[(u32, &str)]) -> ConferenceEvent {
    SeatAssignmentsCreated {
        order_id: "order-7".into(),
        seats: positions
            .iter()
            .map(|&(position, seat_type)| SeatPosition {
                position,
                seat_type: seat_type.into(),
            })
            .collect(),
    }
    .into()
}

fn assigned(position: u32, seat_type: &str, attendee: PersonalInfo) -> ConferenceEvent {
    SeatAssigned {
        order_id: "order-7".into(),
        position,
        seat_type: seat_type.into(),
        attendee,
    }
    .into()
}

fn updated(position: u32, attendee: PersonalInfo) -> ConferenceEvent {
    SeatAssignmentUpdated {
        order_id: "order-7".into(),
        position,
        attendee,
    }
    .into()
}

fn unassigned(position: u32) -> ConferenceEvent {
    SeatUnassigned {
        order_id: "order-7".into(),
        position,
    }
    .into()
}

/// An order of two full passes and a workshop, its seats open for assignment.
fn three_seats() -> Vec<ConferenceEvent> {
    vec![created(&[(0, "full"), (1, "full"), (2, "workshop")])]
}

/// The same, with Ada in seat 1.
fn ada_in_seat_1() -> Vec<ConferenceEvent> {
    let mut history = three_seats();
    history.push(assigned(1, "full", ada()));
    history
}

// ---------------------------------------------------------------------------------------------
// CreateSeatAssignments

#[test]
fn seat_assignments_number_the_seats_from_0_in_seat_order() {
    let events = decide(
        &Assignments::default(),
        create(&[("full", 2), ("workshop", 1)]),
    )
    .unwrap();
    assert_eq!(events, three_seats());
}

#[test]
fn seat_types_without_seats_get_no_position() {
    let events = decide(
        &Assignments::default(),
        create(&[("vip", 0), ("full", 1), ("workshop", -2), ("full", 1)]),
    )
    .unwrap();
    assert_eq!(events, vec![created(&[(0, "full"), (1, "full")])]);
}

#[test]
fn every_seat_starts_without_an_attendee() {
    let state = given(&three_seats());
    assert!(state.created);
    assert_eq!(state.seats.len(), 3);
    assert!(state.seats.iter().all(|s| s.attendee.is_none()));
}

#[test]
fn seats_are_opened_for_assignment_once() {
    let state = given(&ada_in_seat_1());
    assert_eq!(decide(&state, create(&[("full", 5)])).unwrap(), vec![]);
}

#[test]
fn more_seats_than_positions_can_number_are_refused_without_numbering_them() {
    let reason = rejection_of(decide(
        &Assignments::default(),
        create(&[("full", i64::MAX)]),
    ));
    assert!(reason.contains("too many seats"), "{reason}");
    let reason = rejection_of(decide(
        &Assignments::default(),
        create(&[("full", u32::MAX as i64), ("workshop", 2)]),
    ));
    assert!(reason.contains("too many seats"), "{reason}");
    // The cap keeps a malformed command from numbering millions of seats.
    let cap = domain::conference::seat_assignments::MAX_SEATS_PER_ORDER as i64;
    let reason = rejection_of(decide(
        &Assignments::default(),
        create(&[("full", cap), ("workshop", 1)]),
    ));
    assert!(reason.contains("at most 100000"), "{reason}");
    assert_eq!(
        decide(&Assignments::default(), create(&[("full", cap)])).map(|e| e.len()),
        Ok(1)
    );
}

// ---------------------------------------------------------------------------------------------
// AssignSeat

#[test]
fn a_free_seat_is_assigned_to_an_attendee_with_its_seat_type() {
    let events = decide(&given(&three_seats()), assign(2, ada())).unwrap();
    assert_eq!(events, vec![assigned(2, "workshop", ada())]);
    let state = given(&[three_seats(), events].concat());
    assert_eq!(state.seats[2].attendee, Some(ada()));
}

#[test]
fn a_seat_is_not_assigned_without_an_email() {
    let state = given(&three_seats());
    let missing: PersonalInfo =
        serde_json::from_value(json!({"first_name": "Ada", "last_name": "Lovelace"})).unwrap();
    let null: PersonalInfo = serde_json::from_value(
        json!({"first_name": "Ada", "last_name": "Lovelace", "email": null}),
    )
    .unwrap();
    let empty = person("Ada", "Lovelace", "");
    let blank = person("Ada", "Lovelace", "   ");
    for attendee in [missing, null, empty, blank] {
        let reason = rejection_of(decide(&state, assign(0, attendee.clone())));
        assert!(reason.contains("email"), "{attendee:?}: {reason}");
    }
}

#[test]
fn an_unknown_position_is_refused() {
    let reason = rejection_of(decide(&given(&three_seats()), assign(3, ada())));
    assert!(reason.contains("unknown position"), "{reason}");
}

#[test]
fn no_position_is_known_before_the_seats_are_opened() {
    let reason = rejection_of(decide(&Assignments::default(), assign(0, ada())));
    assert!(reason.contains("unknown position"), "{reason}");
}

#[test]
fn a_seat_given_to_someone_else_is_first_unassigned() {
    let events = decide(&given(&ada_in_seat_1()), assign(1, grace())).unwrap();
    assert_eq!(events, vec![unassigned(1), assigned(1, "full", grace())]);
    let state = given(&[ada_in_seat_1(), events].concat());
    assert_eq!(state.seats[1].attendee, Some(grace()));
}

#[test]
fn a_seat_freed_before_is_assigned_without_unassigning_anyone() {
    let history = [ada_in_seat_1(), vec![unassigned(1)]].concat();
    let events = decide(&given(&history), assign(1, grace())).unwrap();
    assert_eq!(events, vec![assigned(1, "full", grace())]);
}

#[test]
fn the_same_attendee_with_another_name_updates_the_assignment() {
    let renamed = person("Augusta Ada", "King", "ada@example.com");
    let events = decide(&given(&ada_in_seat_1()), assign(1, renamed.clone())).unwrap();
    assert_eq!(events, vec![updated(1, renamed.clone())]);
    let state = given(&[ada_in_seat_1(), events].concat());
    assert_eq!(state.seats[1].attendee, Some(renamed));
}

#[test]
fn emails_are_the_same_whatever_their_case() {
    let renamed = person("Augusta Ada", "King", "ADA@Example.COM");
    let events = decide(&given(&ada_in_seat_1()), assign(1, renamed.clone())).unwrap();
    assert_eq!(events, vec![updated(1, renamed)]);
}

#[test]
fn the_same_attendee_with_the_same_name_records_nothing() {
    let state = given(&ada_in_seat_1());
    assert_eq!(decide(&state, assign(1, ada())).unwrap(), vec![]);
    let shouted = person("Ada", "Lovelace", "Ada@Example.com");
    assert_eq!(decide(&state, assign(1, shouted)).unwrap(), vec![]);
}

#[test]
fn an_attendee_may_hold_several_seats() {
    let events = decide(&given(&ada_in_seat_1()), assign(0, ada())).unwrap();
    assert_eq!(events, vec![assigned(0, "full", ada())]);
}

// ---------------------------------------------------------------------------------------------
// UnassignSeat

#[test]
fn unassigning_a_held_seat() {
    let events = decide(&given(&ada_in_seat_1()), unassign(1)).unwrap();
    assert_eq!(events, vec![unassigned(1)]);
    let state = given(&[ada_in_seat_1(), events].concat());
    assert_eq!(state.seats[1].attendee, None);
}

#[test]
fn unassigning_a_free_seat_records_nothing() {
    assert_eq!(
        decide(&given(&ada_in_seat_1()), unassign(0)).unwrap(),
        vec![]
    );
}

#[test]
fn unassigning_an_unknown_position_records_nothing() {
    assert_eq!(
        decide(&given(&ada_in_seat_1()), unassign(9)).unwrap(),
        vec![]
    );
    assert_eq!(
        decide(&Assignments::default(), unassign(0)).unwrap(),
        vec![]
    );
}

// ---------------------------------------------------------------------------------------------
// Routing

#[test]
fn assignment_commands_and_events_go_to_the_order_s_stream() {
    let commands: Vec<ConferenceCommand> = vec![
        create(&[("full", 1)]).into(),
        assign(0, ada()).into(),
        unassign(0).into(),
    ];
    for command in &commands {
        assert_eq!(
            SeatAssignments::command_stream(command).as_deref(),
            Some("order-7")
        );
        assert!(SeatAssignments::COMMANDS.contains(&command.name()));
    }
    let events = vec![
        created(&[]),
        assigned(0, "full", ada()),
        updated(0, ada()),
        unassigned(0),
    ];
    for event in &events {
        assert_eq!(
            SeatAssignments::event_stream(event).as_deref(),
            Some("order-7")
        );
        assert!(SeatAssignments::EVENTS.contains(&event.name()));
    }
    assert_eq!(SeatAssignments::EVENTS.len(), events.len());
}

#[test]
fn other_messages_are_not_the_assignments() {
    let confirm = ConferenceCommand::from(ConfirmOrder {
        order_id: "order-7".into(),
    });
    assert_eq!(SeatAssignments::command_stream(&confirm), None);
    assert!(decide(&Assignments::default(), confirm).is_err());
    let confirmed = ConferenceEvent::from(OrderConfirmed {
        order_id: "order-7".into(),
    });
    assert_eq!(SeatAssignments::event_stream(&confirmed), None);
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #[test]
    fn positions_number_every_seat_once_in_seat_order(
        wanted in prop::collection::vec(
            (prop_oneof![Just("full"), Just("workshop"), Just("vip")], -3i64..6),
            0..6,
        )
    ) {
        let seats: SeatQuantities = wanted
            .iter()
            .map(|&(seat_type, quantity)| SeatQuantity::new(seat_type, quantity))
            .collect();
        let events = decide(
            &Assignments::default(),
            CreateSeatAssignments { order_id: "order-7".into(), seats },
        )
        .unwrap();
        let [ConferenceEvent::SeatAssignmentsCreated(created)] = events.as_slice() else {
            panic!("expected SeatAssignmentsCreated alone, got {events:?}");
        };
        let expected: Vec<&str> = wanted
            .iter()
            .flat_map(|&(seat_type, quantity)| {
                std::iter::repeat_n(seat_type, quantity.max(0) as usize)
            })
            .collect();
        let numbered: Vec<&str> = created.seats.iter().map(|s| s.seat_type.as_str()).collect();
        prop_assert_eq!(numbered, expected);
        for (i, seat) in created.seats.iter().enumerate() {
            prop_assert_eq!(seat.position as usize, i);
        }
    }
}
