//! The two policies of the orders context against the catalog: seat quotas carried into seat
//! availability, and seat assignments opened when an order is confirmed.

use chrono::{TimeZone, Utc};
use domain::conference::seat_assignments_policy::{OrderSeatsTracker, SeatAssignmentsPolicy};
use domain::conference::seat_quota_policy::{SeatQuotaPolicy, SeatQuotas};
use domain::conference::*;
use domain::kernel::{
    minutes, Envelope, Input, Instant, MessageId, Money, Outgoing, ProcessContext, ProcessManager,
    StreamId,
};

type Out = Vec<Outgoing<ConferenceCommand>>;

fn t0() -> Instant {
    Utc.with_ymd_and_hms(2024, 5, 1, 9, 0, 0).unwrap()
}

fn event(id: u64, e: impl Into<ConferenceEvent>) -> Envelope<ConferenceEvent> {
    Envelope {
        id: MessageId(id),
        stream: StreamId::new("Test", "x"),
        sequence: 1,
        recorded_at: t0(),
        causation_id: None,
        correlation_id: None,
        message: e.into(),
    }
}

/// Folds events through a process manager as the kernel would, collecting what it sends.
fn run<P: ProcessManager<ConferenceContext>>(
    state: P::State,
    events: &[Envelope<ConferenceEvent>],
) -> (Out, P::State) {
    events.iter().fold((vec![], state), |(mut sent, state), e| {
        let input = Input::Event(e);
        let ctx = ProcessContext {
            now: t0(),
            message_id: e.id,
        };
        sent.extend(P::react(&state, &input, &ctx));
        (sent, P::evolve(state, &input, &ctx))
    })
}

fn seats(items: &[(&'static str, i64)]) -> SeatQuantities {
    SeatQuantities::new(items.iter().copied())
}

fn send(c: impl Into<ConferenceCommand>) -> Outgoing<ConferenceCommand> {
    Outgoing::Send(c.into())
}

// ================================================================ SeatQuotaPolicy

fn seat_created(id: u64, seat_type: &str, quantity: i64) -> Envelope<ConferenceEvent> {
    event(
        id,
        SeatCreated {
            conference_id: "conf-1".into(),
            seat_type: seat_type.into(),
            name: format!("{seat_type} pass").into(),
            description: None,
            price: Money::from_cents(19900),
            quantity,
        },
    )
}

fn seat_updated(id: u64, seat_type: &str, quantity: i64) -> Envelope<ConferenceEvent> {
    event(
        id,
        SeatUpdated {
            conference_id: "conf-1".into(),
            seat_type: seat_type.into(),
            name: format!("{seat_type} pass").into(),
            description: None,
            price: Money::from_cents(24900),
            quantity,
        },
    )
}

fn add_seats(seat_type: &str, quantity: i64) -> Outgoing<ConferenceCommand> {
    send(AddSeats {
        conference_id: "conf-1".into(),
        seat_type: seat_type.into(),
        quantity,
    })
}

fn remove_seats(seat_type: &str, quantity: i64) -> Outgoing<ConferenceCommand> {
    send(RemoveSeats {
        conference_id: "conf-1".into(),
        seat_type: seat_type.into(),
        quantity,
    })
}

fn quotas(events: &[Envelope<ConferenceEvent>]) -> (Out, SeatQuotas) {
    run::<SeatQuotaPolicy>(SeatQuotas::default(), events)
}

#[test]
fn seat_events_belong_to_the_instance_of_their_conference() {
    let created = seat_created(1, "full", 10);
    let updated = seat_updated(2, "full", 12);
    let placed = order_placed(3, &[("full", 1)]);
    assert_eq!(
        SeatQuotaPolicy::instance(&Input::Event(&created)).as_deref(),
        Some("conf-1")
    );
    assert_eq!(
        SeatQuotaPolicy::instance(&Input::Event(&updated)).as_deref(),
        Some("conf-1")
    );
    assert_eq!(SeatQuotaPolicy::instance(&Input::Event(&placed)), None);
    assert_eq!(SeatQuotaPolicy::SUBSCRIBES, ["SeatCreated", "SeatUpdated"]);
    assert!(SeatQuotaPolicy::HANDLES.is_empty());
}

#[test]
fn a_created_seat_type_adds_its_quantity_to_availability() {
    let (sent, state) = quotas(&[seat_created(1, "full", 10)]);
    assert_eq!(sent, vec![add_seats("full", 10)]);
    assert_eq!(state.quantities.get("full"), Some(&10));
}

#[test]
fn a_seat_type_created_with_no_seats_is_still_made_known_to_availability() {
    let (sent, _) = quotas(&[seat_created(1, "vip", 0)]);
    assert_eq!(sent, vec![add_seats("vip", 0)]);
}

#[test]
fn raising_a_quota_adds_the_increase() {
    let (sent, state) = quotas(&[seat_created(1, "full", 10), seat_updated(2, "full", 15)]);
    assert_eq!(sent, vec![add_seats("full", 10), add_seats("full", 5)]);
    assert_eq!(state.quantities.get("full"), Some(&15));
}

#[test]
fn lowering_a_quota_removes_the_decrease() {
    let (sent, state) = quotas(&[seat_created(1, "full", 10), seat_updated(2, "full", 7)]);
    assert_eq!(sent, vec![add_seats("full", 10), remove_seats("full", 3)]);
    assert_eq!(state.quantities.get("full"), Some(&7));
}

#[test]
fn an_update_that_keeps_the_quantity_sends_nothing() {
    let (sent, _) = quotas(&[seat_created(1, "full", 10), seat_updated(2, "full", 10)]);
    assert_eq!(sent, vec![add_seats("full", 10)]);
}

#[test]
fn each_update_is_measured_against_the_last_known_quantity_of_its_own_seat_type() {
    let (sent, state) = quotas(&[
        seat_created(1, "full", 10),
        seat_created(2, "workshop", 4),
        seat_updated(3, "full", 15),
        seat_updated(4, "workshop", 6),
        seat_updated(5, "full", 12),
        seat_updated(6, "full", 12),
    ]);
    assert_eq!(
        sent,
        vec![
            add_seats("full", 10),
            add_seats("workshop", 4),
            add_seats("full", 5),
            add_seats("workshop", 2),
            remove_seats("full", 3),
        ]
    );
    assert_eq!(state.quantities.get("full"), Some(&12));
    assert_eq!(state.quantities.get("workshop"), Some(&6));
}

#[test]
fn a_repeated_seat_created_only_sends_what_changed() {
    let (sent, _) = quotas(&[seat_created(1, "full", 10), seat_created(2, "full", 10)]);
    assert_eq!(sent, vec![add_seats("full", 10)]);
    let (sent, _) = quotas(&[seat_created(1, "full", 10), seat_created(2, "full", 12)]);
    assert_eq!(sent, vec![add_seats("full", 10), add_seats("full", 2)]);
}

#[test]
fn an_update_of_a_seat_type_never_seen_created_adds_its_whole_quantity() {
    let (sent, _) = quotas(&[seat_updated(1, "full", 8)]);
    assert_eq!(sent, vec![add_seats("full", 8)]);
}

#[test]
fn extreme_quantities_saturate_instead_of_overflowing() {
    let (sent, _) = quotas(&[
        seat_created(1, "full", i64::MAX),
        seat_updated(2, "full", i64::MIN),
    ]);
    assert_eq!(
        sent,
        vec![add_seats("full", i64::MAX), remove_seats("full", i64::MAX)]
    );
}

// ================================================================ SeatAssignmentsPolicy

fn order_placed(id: u64, s: &[(&'static str, i64)]) -> Envelope<ConferenceEvent> {
    event(
        id,
        OrderPlaced {
            order_id: "order-7".into(),
            conference_id: "conf-1".into(),
            seats: seats(s),
            reservation_auto_expiration: t0() + minutes(15),
            access_code: "ABC123".into(),
        },
    )
}

fn order_updated(id: u64, s: &[(&'static str, i64)]) -> Envelope<ConferenceEvent> {
    event(
        id,
        OrderUpdated {
            order_id: "order-7".into(),
            seats: seats(s),
        },
    )
}

fn partially_reserved(id: u64, s: &[(&'static str, i64)]) -> Envelope<ConferenceEvent> {
    event(
        id,
        OrderPartiallyReserved {
            order_id: "order-7".into(),
            reservation_expiration: t0() + minutes(15),
            seats: seats(s),
        },
    )
}

fn reservation_completed(id: u64, s: &[(&'static str, i64)]) -> Envelope<ConferenceEvent> {
    event(
        id,
        OrderReservationCompleted {
            order_id: "order-7".into(),
            reservation_expiration: t0() + minutes(15),
            seats: seats(s),
        },
    )
}

fn order_confirmed(id: u64) -> Envelope<ConferenceEvent> {
    event(
        id,
        OrderConfirmed {
            order_id: "order-7".into(),
        },
    )
}

fn create_assignments(s: &[(&'static str, i64)]) -> Outgoing<ConferenceCommand> {
    send(CreateSeatAssignments {
        order_id: "order-7".into(),
        seats: seats(s),
    })
}

fn assignments(events: &[Envelope<ConferenceEvent>]) -> Out {
    run::<SeatAssignmentsPolicy>(OrderSeatsTracker::default(), events).0
}

#[test]
fn order_events_belong_to_the_instance_of_their_order() {
    let events = [
        order_placed(1, &[("full", 1)]),
        order_updated(2, &[("full", 1)]),
        partially_reserved(3, &[("full", 1)]),
        reservation_completed(4, &[("full", 1)]),
        order_confirmed(5),
    ];
    for e in &events {
        assert_eq!(
            SeatAssignmentsPolicy::instance(&Input::Event(e)).as_deref(),
            Some("order-7"),
            "{:?}",
            e.message
        );
    }
    let created = seat_created(6, "full", 1);
    assert_eq!(
        SeatAssignmentsPolicy::instance(&Input::Event(&created)),
        None
    );
    assert!(SeatAssignmentsPolicy::HANDLES.is_empty());
}

#[test]
fn a_confirmed_order_gets_its_seat_assignments_with_the_seats_it_holds() {
    let sent = assignments(&[
        order_placed(1, &[("full", 3), ("workshop", 2)]),
        reservation_completed(2, &[("full", 3), ("workshop", 2)]),
        order_confirmed(3),
    ]);
    assert_eq!(
        sent,
        vec![create_assignments(&[("full", 3), ("workshop", 2)])]
    );
}

#[test]
fn a_fully_reserved_order_gets_assignments_for_the_seats_its_reservation_names() {
    // The order also listed a seat type it wanted none of; the reservation does not.
    let sent = assignments(&[
        order_placed(1, &[("full", 3), ("workshop", 0)]),
        reservation_completed(2, &[("full", 3)]),
        order_confirmed(3),
    ]);
    assert_eq!(sent, vec![create_assignments(&[("full", 3)])]);
}

#[test]
fn a_partially_reserved_order_gets_assignments_for_the_reserved_seats_only() {
    let sent = assignments(&[
        order_placed(1, &[("full", 3), ("workshop", 2)]),
        partially_reserved(2, &[("full", 1)]),
        order_confirmed(3),
    ]);
    assert_eq!(sent, vec![create_assignments(&[("full", 1)])]);
}

#[test]
fn an_updated_order_gets_assignments_for_its_new_seats() {
    let sent = assignments(&[
        order_placed(1, &[("full", 3)]),
        order_updated(2, &[("workshop", 2)]),
        order_confirmed(3),
    ]);
    assert_eq!(sent, vec![create_assignments(&[("workshop", 2)])]);
}

#[test]
fn the_latest_seat_event_wins() {
    let sent = assignments(&[
        order_placed(1, &[("full", 3)]),
        partially_reserved(2, &[("full", 1)]),
        order_updated(3, &[("full", 2)]),
        reservation_completed(4, &[("full", 2)]),
        order_confirmed(5),
    ]);
    assert_eq!(sent, vec![create_assignments(&[("full", 2)])]);
}

#[test]
fn nothing_is_sent_until_the_order_is_confirmed() {
    let sent = assignments(&[
        order_placed(1, &[("full", 3)]),
        order_updated(2, &[("full", 2)]),
        partially_reserved(3, &[("full", 1)]),
        reservation_completed(4, &[("full", 1)]),
    ]);
    assert_eq!(sent, vec![]);
}

#[test]
fn a_second_order_confirmed_sends_nothing_more() {
    let sent = assignments(&[
        order_placed(1, &[("full", 3)]),
        order_confirmed(2),
        order_confirmed(3),
    ]);
    assert_eq!(sent, vec![create_assignments(&[("full", 3)])]);
}

#[test]
fn an_order_confirmed_without_any_known_seats_sends_nothing() {
    assert_eq!(assignments(&[order_confirmed(1)]), vec![]);
}
