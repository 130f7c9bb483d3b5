//! The registration process manager against the catalog: every transition, the correlation check,
//! the 29-minute expiry, and the repeated, stale and late messages it must shrug off.

use chrono::{TimeZone, Utc};
use domain::conference::registration_process::{
    expiry_due, ProcessState, RegistrationProcess, RegistrationProcessManager,
};
use domain::conference::*;
use domain::kernel::{
    minutes, CommandEnvelope, Envelope, Input, Instant, Message, MessageId, Outgoing,
    ProcessContext, ProcessManager, StreamId,
};

type Pm = RegistrationProcessManager;
type Out = Vec<Outgoing<ConferenceCommand>>;

fn t0() -> Instant {
    Utc.with_ymd_and_hms(2024, 5, 1, 9, 0, 0).unwrap()
}

fn event(
    id: u64,
    causation: Option<MessageId>,
    e: impl Into<ConferenceEvent>,
) -> Envelope<ConferenceEvent> {
    Envelope {
        id: MessageId(id),
        stream: StreamId::new("Test", "x"),
        // Messages are numbered in the order they happen, so their ids serve as positions.
        sequence: id,
        recorded_at: t0(),
        causation_id: causation,
        correlation_id: None,
        message: e.into(),
    }
}

fn command(id: u64, c: impl Into<ConferenceCommand>) -> CommandEnvelope<ConferenceCommand> {
    CommandEnvelope {
        id: MessageId(id),
        issued_at: t0(),
        causation_id: None,
        correlation_id: None,
        command: c.into(),
    }
}

/// Hands one message to the process as the kernel would: react on the state before, then evolve.
fn handle(
    state: RegistrationProcess,
    input: Input<'_, ConferenceContext>,
    now: Instant,
) -> (Out, RegistrationProcess) {
    let ctx = ProcessContext {
        now,
        message_id: input.id(),
    };
    let out = Pm::react(&state, &input, &ctx);
    let next = Pm::evolve(state, &input, &ctx);
    (out, next)
}

fn on_event(
    state: RegistrationProcess,
    e: &Envelope<ConferenceEvent>,
    now: Instant,
) -> (Out, RegistrationProcess) {
    handle(state, Input::Event(e), now)
}

fn on_command(
    state: RegistrationProcess,
    c: &CommandEnvelope<ConferenceCommand>,
    now: Instant,
) -> (Out, RegistrationProcess) {
    handle(state, Input::Command(c), now)
}

fn seats(items: &[(&'static str, i64)]) -> SeatQuantities {
    SeatQuantities::new(items.iter().copied())
}

fn order_placed(expiration: Instant) -> OrderPlaced {
    OrderPlaced {
        order_id: "order-7".into(),
        conference_id: "conf-1".into(),
        seats: seats(&[("full", 3), ("workshop", 2)]),
        reservation_auto_expiration: expiration,
        access_code: "ABC123".into(),
    }
}

/// A fresh order, placed at `t0`, expiring 15 minutes later.
fn fresh_order() -> Envelope<ConferenceEvent> {
    event(1, None, order_placed(t0() + minutes(15)))
}

fn order_updated(id: u64, s: &[(&'static str, i64)]) -> Envelope<ConferenceEvent> {
    event(
        id,
        None,
        OrderUpdated {
            order_id: "order-7".into(),
            seats: seats(s),
        },
    )
}

fn seats_reserved(
    id: u64,
    causation: Option<MessageId>,
    details: &[(&'static str, i64)],
) -> Envelope<ConferenceEvent> {
    event(
        id,
        causation,
        SeatsReserved {
            conference_id: "conf-1".into(),
            reservation_id: "order-7".into(),
            reservation_details: seats(details),
            available_seats_changed: SeatQuantities::default(),
        },
    )
}

fn payment_completed(id: u64) -> Envelope<ConferenceEvent> {
    event(
        id,
        None,
        PaymentCompleted {
            payment_id: "pay-1".into(),
            payment_source_id: "order-7".into(),
        },
    )
}

fn order_confirmed(id: u64) -> Envelope<ConferenceEvent> {
    event(
        id,
        None,
        OrderConfirmed {
            order_id: "order-7".into(),
        },
    )
}

fn expire(id: u64) -> CommandEnvelope<ConferenceCommand> {
    command(
        id,
        ExpireRegistrationProcess {
            order_id: "order-7".into(),
        },
    )
}

/// The id the process gave the MakeSeatReservation sent in reaction to message `id`.
fn reservation_request_of(id: u64) -> MessageId {
    MessageId(id).child(0)
}

fn awaiting() -> RegistrationProcess {
    on_event(RegistrationProcess::default(), &fresh_order(), t0()).1
}

fn reservation_received() -> RegistrationProcess {
    let state = awaiting();
    on_event(
        state,
        &seats_reserved(
            2,
            Some(reservation_request_of(1)),
            &[("full", 3), ("workshop", 2)],
        ),
        t0(),
    )
    .1
}

fn payment_received() -> RegistrationProcess {
    on_event(reservation_received(), &payment_completed(3), t0()).1
}

fn completed_by_confirmation() -> RegistrationProcess {
    on_event(payment_received(), &order_confirmed(4), t0()).1
}

fn send(c: impl Into<ConferenceCommand>) -> Outgoing<ConferenceCommand> {
    Outgoing::Send(c.into())
}

fn make_reservation(s: &[(&'static str, i64)]) -> Outgoing<ConferenceCommand> {
    send(MakeSeatReservation {
        conference_id: "conf-1".into(),
        reservation_id: "order-7".into(),
        seats: seats(s),
    })
}

fn reject_order() -> Outgoing<ConferenceCommand> {
    send(RejectOrder {
        order_id: "order-7".into(),
    })
}

fn cancel_reservation() -> Outgoing<ConferenceCommand> {
    send(CancelSeatReservation {
        conference_id: "conf-1".into(),
        reservation_id: "order-7".into(),
    })
}

// ---------------------------------------------------------------- instances and wiring

#[test]
fn every_message_belongs_to_the_instance_of_its_order() {
    let messages = [
        fresh_order(),
        order_updated(2, &[("full", 1)]),
        seats_reserved(3, None, &[("full", 1)]),
        payment_completed(4),
        order_confirmed(5),
    ];
    for m in &messages {
        assert_eq!(
            Pm::instance(&Input::Event(m)).as_deref(),
            Some("order-7"),
            "{:?}",
            m.message
        );
    }
    assert_eq!(
        Pm::instance(&Input::Command(&expire(6))).as_deref(),
        Some("order-7")
    );
}

#[test]
fn seats_reserved_and_payments_are_routed_by_reservation_and_payment_source_not_their_own_ids() {
    let reserved = event(
        1,
        None,
        SeatsReserved {
            conference_id: "conf-1".into(),
            reservation_id: "order-9".into(),
            reservation_details: seats(&[("full", 1)]),
            available_seats_changed: SeatQuantities::default(),
        },
    );
    let paid = event(
        2,
        None,
        PaymentCompleted {
            payment_id: "pay-3".into(),
            payment_source_id: "order-9".into(),
        },
    );
    assert_eq!(
        Pm::instance(&Input::Event(&reserved)).as_deref(),
        Some("order-9")
    );
    assert_eq!(
        Pm::instance(&Input::Event(&paid)).as_deref(),
        Some("order-9")
    );
}

#[test]
fn messages_the_process_does_not_follow_belong_to_no_instance() {
    let expired = event(
        1,
        None,
        OrderExpired {
            order_id: "order-7".into(),
        },
    );
    let reject = command(
        2,
        RejectOrder {
            order_id: "order-7".into(),
        },
    );
    assert_eq!(Pm::instance(&Input::Event(&expired)), None);
    assert_eq!(Pm::instance(&Input::Command(&reject)), None);
}

#[test]
fn it_subscribes_to_the_catalogs_events_and_handles_its_own_timeout() {
    let mut subscribed = Pm::SUBSCRIBES.to_vec();
    subscribed.sort_unstable();
    assert_eq!(
        subscribed,
        [
            "OrderConfirmed",
            "OrderPlaced",
            "OrderUpdated",
            "PaymentCompleted",
            "SeatsReserved"
        ]
    );
    assert_eq!(Pm::HANDLES, ["ExpireRegistrationProcess"]);
    assert_eq!(Pm::NAME, "RegistrationProcessManager");
}

// ---------------------------------------------------------------- OrderPlaced

#[test]
fn a_fresh_order_reserves_its_seats_now_and_schedules_expiry_29_minutes_later() {
    let (out, state) = on_event(RegistrationProcess::default(), &fresh_order(), t0());
    assert_eq!(
        out,
        vec![
            make_reservation(&[("full", 3), ("workshop", 2)]),
            Outgoing::Schedule {
                at: t0() + minutes(29),
                command: ExpireRegistrationProcess {
                    order_id: "order-7".into()
                }
                .into(),
            },
        ]
    );
    assert_eq!(state.state, ProcessState::AwaitingReservationConfirmation);
    assert_eq!(state.conference_id, "conf-1");
    assert_eq!(state.seats, seats(&[("full", 3), ("workshop", 2)]));
    assert_eq!(state.reservation_auto_expiration, Some(t0() + minutes(15)));
    assert_eq!(
        state.seat_reservation_command_id,
        Some(reservation_request_of(1))
    );
}

#[test]
fn expiry_is_due_14_minutes_after_the_reservation_runs_out_whenever_the_order_is_seen() {
    // Seen 10 minutes after it was placed: 5 minutes of reservation left, expiry 19 minutes on.
    let now = t0() + minutes(10);
    let (out, _) = on_event(RegistrationProcess::default(), &fresh_order(), now);
    assert_eq!(
        out.get(1),
        Some(&Outgoing::Schedule {
            at: t0() + minutes(15 + 14),
            command: ExpireRegistrationProcess {
                order_id: "order-7".into()
            }
            .into(),
        })
    );
    assert_eq!(expiry_due(t0()), t0() + minutes(14));
}

#[test]
fn an_order_whose_reservation_already_ran_out_is_rejected_and_the_process_completes() {
    let late = event(1, None, order_placed(t0() - minutes(1)));
    let (out, state) = on_event(RegistrationProcess::default(), &late, t0());
    assert_eq!(out, vec![reject_order()]);
    assert_eq!(state.state, ProcessState::Completed);
}

#[test]
fn an_order_whose_reservation_runs_out_exactly_now_is_rejected() {
    let late = event(1, None, order_placed(t0()));
    let (out, state) = on_event(RegistrationProcess::default(), &late, t0());
    assert_eq!(out, vec![reject_order()]);
    assert_eq!(state.state, ProcessState::Completed);
}

#[test]
fn a_second_order_placed_changes_nothing() {
    let state = awaiting();
    let again = event(9, None, order_placed(t0() + minutes(40)));
    let (out, next) = on_event(state.clone(), &again, t0() + minutes(5));
    assert_eq!(out, vec![]);
    assert_eq!(next, state);
}

#[test]
fn an_order_placed_after_a_late_rejection_changes_nothing() {
    let late = event(1, None, order_placed(t0() - minutes(1)));
    let (_, rejected) = on_event(RegistrationProcess::default(), &late, t0());
    let (out, next) = on_event(rejected.clone(), &fresh_order(), t0() - minutes(30));
    assert_eq!(out, vec![]);
    assert_eq!(next, rejected);
}

#[test]
fn an_instant_too_far_off_to_add_the_grace_period_schedules_at_the_end_of_time() {
    let far = event(1, None, order_placed(Instant::MAX_UTC));
    let (out, _) = on_event(RegistrationProcess::default(), &far, t0());
    assert!(matches!(out.get(1), Some(Outgoing::Schedule { at, .. }) if *at == Instant::MAX_UTC));
}

// ---------------------------------------------------------------- OrderUpdated

#[test]
fn an_update_while_awaiting_asks_for_a_new_reservation_with_the_new_seats() {
    let (out, state) = on_event(awaiting(), &order_updated(5, &[("full", 1)]), t0());
    assert_eq!(out, vec![make_reservation(&[("full", 1)])]);
    assert_eq!(state.state, ProcessState::AwaitingReservationConfirmation);
    assert_eq!(state.seats, seats(&[("full", 1)]));
    assert_eq!(
        state.seat_reservation_command_id,
        Some(reservation_request_of(5))
    );
}

#[test]
fn an_update_delivered_twice_asks_for_seats_once() {
    let update = order_updated(5, &[("full", 1)]);
    let (_, state) = on_event(awaiting(), &update, t0());
    let (out, again) = on_event(state.clone(), &update, t0());
    assert_eq!(out, vec![]);
    assert_eq!(again, state);
    // A later update of the same order is news and asks again.
    let (out, _) = on_event(state, &order_updated(6, &[("full", 2)]), t0());
    assert_eq!(out, vec![make_reservation(&[("full", 2)])]);
}

#[test]
fn an_update_after_the_reservation_was_received_goes_back_to_awaiting() {
    let (out, state) = on_event(
        reservation_received(),
        &order_updated(5, &[("workshop", 4)]),
        t0(),
    );
    assert_eq!(out, vec![make_reservation(&[("workshop", 4)])]);
    assert_eq!(state.state, ProcessState::AwaitingReservationConfirmation);
    assert_eq!(
        state.seat_reservation_command_id,
        Some(reservation_request_of(5))
    );
    // The expiry is not moved: it was scheduled once, for the order's reservation.
    assert_eq!(state.reservation_auto_expiration, Some(t0() + minutes(15)));
}

#[test]
fn an_update_after_payment_or_completion_or_before_the_order_is_ignored() {
    for state in [
        payment_received(),
        completed_by_confirmation(),
        RegistrationProcess::default(),
    ] {
        let (out, next) = on_event(state.clone(), &order_updated(5, &[("full", 1)]), t0());
        assert_eq!(out, vec![], "{:?}", state.state);
        assert_eq!(next, state);
    }
}

// ---------------------------------------------------------------- SeatsReserved

#[test]
fn the_answer_to_the_latest_reservation_request_marks_the_seats_as_reserved() {
    let answer = seats_reserved(2, Some(reservation_request_of(1)), &[("full", 2)]);
    let (out, state) = on_event(awaiting(), &answer, t0());
    assert_eq!(
        out,
        vec![send(MarkSeatsAsReserved {
            order_id: "order-7".into(),
            seats: seats(&[("full", 2)]),
            expiration: t0() + minutes(15),
        })]
    );
    assert_eq!(state.state, ProcessState::ReservationConfirmationReceived);
}

#[test]
fn seats_reserved_naming_no_request_is_taken_as_the_answer() {
    let (out, state) = on_event(awaiting(), &seats_reserved(2, None, &[("full", 3)]), t0());
    assert_eq!(
        out,
        vec![send(MarkSeatsAsReserved {
            order_id: "order-7".into(),
            seats: seats(&[("full", 3)]),
            expiration: t0() + minutes(15),
        })]
    );
    assert_eq!(state.state, ProcessState::ReservationConfirmationReceived);
}

#[test]
fn a_stale_answer_to_a_request_made_before_the_update_is_ignored_and_the_fresh_one_acted_on() {
    let (_, updated) = on_event(awaiting(), &order_updated(5, &[("full", 1)]), t0());
    let stale = seats_reserved(
        6,
        Some(reservation_request_of(1)),
        &[("full", 3), ("workshop", 2)],
    );
    let (out, still) = on_event(updated.clone(), &stale, t0());
    assert_eq!(out, vec![]);
    assert_eq!(still, updated);

    let fresh = seats_reserved(7, Some(reservation_request_of(5)), &[("full", 1)]);
    let (out, state) = on_event(still, &fresh, t0());
    assert_eq!(
        out,
        vec![send(MarkSeatsAsReserved {
            order_id: "order-7".into(),
            seats: seats(&[("full", 1)]),
            expiration: t0() + minutes(15),
        })]
    );
    assert_eq!(state.state, ProcessState::ReservationConfirmationReceived);
}

#[test]
fn an_answer_to_a_request_this_process_never_sent_is_ignored() {
    let stranger = seats_reserved(2, Some(MessageId(424242)), &[("full", 3)]);
    let state = awaiting();
    let (out, next) = on_event(state.clone(), &stranger, t0());
    assert_eq!(out, vec![]);
    assert_eq!(next, state);
}

#[test]
fn a_duplicate_seats_reserved_is_ignored() {
    let state = reservation_received();
    let again = seats_reserved(
        8,
        Some(reservation_request_of(1)),
        &[("full", 3), ("workshop", 2)],
    );
    let (out, next) = on_event(state.clone(), &again, t0());
    assert_eq!(out, vec![]);
    assert_eq!(next, state);
}

#[test]
fn seats_reserved_outside_awaiting_is_ignored() {
    for state in [
        RegistrationProcess::default(),
        payment_received(),
        completed_by_confirmation(),
    ] {
        let (out, next) = on_event(
            state.clone(),
            &seats_reserved(8, None, &[("full", 3)]),
            t0(),
        );
        assert_eq!(out, vec![], "{:?}", state.state);
        assert_eq!(next, state);
    }
}

// ---------------------------------------------------------------- PaymentCompleted

#[test]
fn a_payment_for_a_reserved_order_confirms_it() {
    let (out, state) = on_event(reservation_received(), &payment_completed(3), t0());
    assert_eq!(
        out,
        vec![send(ConfirmOrder {
            order_id: "order-7".into()
        })]
    );
    assert_eq!(state.state, ProcessState::PaymentConfirmationReceived);
}

#[test]
fn a_payment_while_awaiting_a_reservation_or_after_one_already_came_is_ignored() {
    for state in [
        RegistrationProcess::default(),
        awaiting(),
        payment_received(),
        completed_by_confirmation(),
    ] {
        let (out, next) = on_event(state.clone(), &payment_completed(9), t0());
        assert_eq!(out, vec![], "{:?}", state.state);
        assert_eq!(next, state);
    }
}

// ---------------------------------------------------------------- OrderConfirmed

#[test]
fn a_paid_order_confirmed_commits_the_reservation_and_completes() {
    let (out, state) = on_event(payment_received(), &order_confirmed(4), t0());
    assert_eq!(
        out,
        vec![send(CommitSeatReservation {
            conference_id: "conf-1".into(),
            reservation_id: "order-7".into(),
        })]
    );
    assert_eq!(state.state, ProcessState::Completed);
}

#[test]
fn a_free_order_confirmed_without_payment_commits_the_reservation_and_completes() {
    let (out, state) = on_event(reservation_received(), &order_confirmed(4), t0());
    assert_eq!(
        out,
        vec![send(CommitSeatReservation {
            conference_id: "conf-1".into(),
            reservation_id: "order-7".into(),
        })]
    );
    assert_eq!(state.state, ProcessState::Completed);
}

#[test]
fn order_confirmed_while_awaiting_or_after_completion_is_ignored() {
    for state in [
        RegistrationProcess::default(),
        awaiting(),
        completed_by_confirmation(),
    ] {
        let (out, next) = on_event(state.clone(), &order_confirmed(9), t0());
        assert_eq!(out, vec![], "{:?}", state.state);
        assert_eq!(next, state);
    }
}

// ---------------------------------------------------------------- ExpireRegistrationProcess

#[test]
fn expiry_of_an_unfinished_registration_rejects_the_order_and_cancels_the_reservation() {
    for state in [awaiting(), reservation_received(), payment_received()] {
        let (out, next) = on_command(state.clone(), &expire(10), t0() + minutes(29));
        assert_eq!(
            out,
            vec![reject_order(), cancel_reservation()],
            "{:?}",
            state.state
        );
        assert_eq!(next.state, ProcessState::Completed);
    }
}

#[test]
fn expiry_after_confirmation_does_nothing() {
    let state = completed_by_confirmation();
    let (out, next) = on_command(state.clone(), &expire(10), t0() + minutes(29));
    assert_eq!(out, vec![]);
    assert_eq!(next, state);
}

#[test]
fn expiry_after_a_late_rejection_or_a_previous_expiry_does_nothing() {
    let late = event(1, None, order_placed(t0() - minutes(1)));
    let (_, rejected) = on_event(RegistrationProcess::default(), &late, t0());
    let (_, expired) = on_command(awaiting(), &expire(10), t0() + minutes(29));
    for state in [rejected, expired] {
        let (out, next) = on_command(state.clone(), &expire(11), t0() + minutes(30));
        assert_eq!(out, vec![]);
        assert_eq!(next, state);
    }
}

#[test]
fn expiry_of_a_process_that_never_started_does_nothing() {
    let (out, next) = on_command(RegistrationProcess::default(), &expire(10), t0());
    assert_eq!(out, vec![]);
    assert_eq!(next, RegistrationProcess::default());
}

#[test]
fn nothing_moves_a_process_after_it_expired() {
    let (_, expired) = on_command(reservation_received(), &expire(10), t0() + minutes(29));
    let late_messages = [
        order_updated(11, &[("full", 1)]),
        seats_reserved(12, None, &[("full", 1)]),
        payment_completed(13),
        order_confirmed(14),
    ];
    for m in &late_messages {
        let (out, next) = on_event(expired.clone(), m, t0() + minutes(30));
        assert_eq!(out, vec![], "{:?}", m.message);
        assert_eq!(next, expired);
    }
}

// ---------------------------------------------------------------- the whole walk

#[test]
fn a_paid_order_walks_every_state_and_sends_each_command_once() {
    let mut state = RegistrationProcess::default();
    let mut sent = Vec::new();
    let placed = fresh_order();
    let reserved = seats_reserved(
        2,
        Some(reservation_request_of(1)),
        &[("full", 3), ("workshop", 2)],
    );
    let paid = payment_completed(3);
    let confirmed = order_confirmed(4);
    let mut states = Vec::new();
    for e in [
        &placed, &reserved, &paid, &confirmed, &reserved, &paid, &confirmed,
    ] {
        let (out, next) = on_event(state, e, t0() + minutes(1));
        sent.extend(out.into_iter().map(|o| o.command().name()));
        states.push(next.state);
        state = next;
    }
    let (out, _) = on_command(state, &expire(5), t0() + minutes(29));
    assert_eq!(out, vec![]);
    assert_eq!(
        sent,
        [
            "MakeSeatReservation",
            "ExpireRegistrationProcess",
            "MarkSeatsAsReserved",
            "ConfirmOrder",
            "CommitSeatReservation"
        ]
    );
    assert_eq!(
        states[..4],
        [
            ProcessState::AwaitingReservationConfirmation,
            ProcessState::ReservationConfirmationReceived,
            ProcessState::PaymentConfirmationReceived,
            ProcessState::Completed
        ]
    );
}

#[test]
fn the_state_is_stored_with_the_catalogs_state_names_and_reads_back_unchanged() {
    let state = reservation_received();
    let json = serde_json::to_value(&state).unwrap();
    assert_eq!(json["state"], "ReservationConfirmationReceived");
    assert_eq!(json["conference_id"], "conf-1");
    let back: RegistrationProcess = serde_json::from_value(json).unwrap();
    assert_eq!(back, state);
}

/// Where a registration stands at a log's end (`in_flight`, the verification's line of what was
/// under way): every state but the first and the last is under way, until its expiry falls due,
/// which gives the order up by then although a log never shows the timeout (a command).
#[test]
fn a_registration_is_in_flight_until_it_completes_or_its_expiry_falls_due() {
    let expires = t0() + minutes(15);
    let due = expiry_due(expires);
    let at = |state: ProcessState| RegistrationProcess {
        state,
        reservation_auto_expiration: Some(expires),
        ..RegistrationProcess::default()
    };
    let before = due - minutes(1);
    for (state, said) in [
        (ProcessState::NotStarted, None),
        (
            ProcessState::AwaitingReservationConfirmation,
            Some("awaiting SeatsReserved until "),
        ),
        (
            ProcessState::ReservationConfirmationReceived,
            Some("seats reserved, awaiting PaymentCompleted until "),
        ),
        (
            ProcessState::PaymentConfirmationReceived,
            Some("paid, awaiting OrderConfirmed"),
        ),
        (ProcessState::Completed, None),
    ] {
        let open = Pm::in_flight(&at(state), before);
        assert_eq!(open.is_some(), said.is_some(), "{state:?}: {open:?}");
        if let (Some(open), Some(said)) = (open, said) {
            assert!(open.starts_with(said), "{state:?}: {open}");
        }
        assert_eq!(
            Pm::in_flight(&at(state), due),
            None,
            "{state:?} at its expiry"
        );
    }
}
