//! The `ThirdPartyProcessorPayment` aggregate against the catalog: a payment is initiated for an
//! order, then completed or rejected exactly once.

mod common;

use common::{rejection, Decision};
use domain::conference::payments::{PaymentState, ThirdPartyProcessorPayment};
use domain::conference::*;
use domain::kernel::{Aggregate, Money};

fn given(events: Vec<ConferenceEvent>) -> PaymentState {
    common::given::<ThirdPartyProcessorPayment>(&events)
}

fn decide(state: &PaymentState, command: impl Into<ConferenceCommand>) -> Decision {
    common::decide::<ThirdPartyProcessorPayment>(state, command)
}

fn initiate() -> InitiateThirdPartyProcessorPayment {
    InitiateThirdPartyProcessorPayment {
        payment_id: "pay-1".into(),
        payment_source_id: "order-7".into(),
        conference_id: "conf-1".into(),
        description: "RustConf registration".into(),
        total_amount: Money::from_cents(39800),
        items: vec![PaymentItem {
            description: "2 full".into(),
            amount: Money::from_cents(39800),
        }],
    }
}

fn complete() -> CompleteThirdPartyProcessorPayment {
    CompleteThirdPartyProcessorPayment {
        payment_id: "pay-1".into(),
    }
}

fn cancel() -> CancelThirdPartyProcessorPayment {
    CancelThirdPartyProcessorPayment {
        payment_id: "pay-1".into(),
    }
}

fn initiated() -> ConferenceEvent {
    PaymentInitiated {
        payment_id: "pay-1".into(),
        payment_source_id: "order-7".into(),
    }
    .into()
}

fn completed() -> ConferenceEvent {
    PaymentCompleted {
        payment_id: "pay-1".into(),
        payment_source_id: "order-7".into(),
    }
    .into()
}

fn rejected() -> ConferenceEvent {
    PaymentRejected {
        payment_id: "pay-1".into(),
        payment_source_id: "order-7".into(),
    }
    .into()
}

#[test]
fn initiating_a_payment_records_it_for_its_order() {
    assert_eq!(decide(&given(vec![]), initiate()), Ok(vec![initiated()]));
}

#[test]
fn initiating_a_payment_twice_is_rejected() {
    for history in [
        vec![initiated()],
        vec![initiated(), completed()],
        vec![initiated(), rejected()],
    ] {
        assert_eq!(
            rejection(decide(&given(history), initiate())),
            "payment already initiated"
        );
    }
}

#[test]
fn completing_an_initiated_payment_names_the_order_it_paid() {
    assert_eq!(
        decide(&given(vec![initiated()]), complete()),
        Ok(vec![completed()])
    );
}

#[test]
fn cancelling_an_initiated_payment_rejects_it_naming_the_order() {
    assert_eq!(
        decide(&given(vec![initiated()]), cancel()),
        Ok(vec![rejected()])
    );
}

#[test]
fn completing_or_cancelling_a_payment_never_initiated_is_rejected() {
    assert_eq!(
        rejection(decide(&given(vec![]), complete())),
        "payment not initiated"
    );
    assert_eq!(
        rejection(decide(&given(vec![]), cancel())),
        "payment not initiated"
    );
}

#[test]
fn completing_or_cancelling_a_completed_payment_is_rejected() {
    let state = given(vec![initiated(), completed()]);
    assert_eq!(
        rejection(decide(&state, complete())),
        "payment already completed"
    );
    assert_eq!(
        rejection(decide(&state, cancel())),
        "payment already completed"
    );
}

#[test]
fn completing_or_cancelling_a_rejected_payment_is_rejected() {
    let state = given(vec![initiated(), rejected()]);
    assert_eq!(
        rejection(decide(&state, complete())),
        "payment already rejected"
    );
    assert_eq!(
        rejection(decide(&state, cancel())),
        "payment already rejected"
    );
}

#[test]
fn recorded_events_rebuild_where_the_payment_stands() {
    assert_eq!(given(vec![]), PaymentState::NotInitiated);
    assert_eq!(
        given(vec![initiated()]),
        PaymentState::Initiated {
            payment_source_id: "order-7".into()
        }
    );
    assert_eq!(
        given(vec![initiated(), completed()]),
        PaymentState::Completed {
            payment_source_id: "order-7".into()
        }
    );
    let state = given(vec![initiated(), rejected()]);
    assert_eq!(
        state,
        PaymentState::Rejected {
            payment_source_id: "order-7".into()
        }
    );
    let json = serde_json::to_value(&state).unwrap();
    assert_eq!(serde_json::from_value::<PaymentState>(json).unwrap(), state);
}

#[test]
fn commands_and_events_live_in_the_payment_stream() {
    assert_eq!(
        ThirdPartyProcessorPayment::NAME,
        "ThirdPartyProcessorPayment"
    );
    assert_eq!(
        ThirdPartyProcessorPayment::command_stream(&initiate().into()).as_deref(),
        Some("pay-1")
    );
    assert_eq!(
        ThirdPartyProcessorPayment::command_stream(&cancel().into()).as_deref(),
        Some("pay-1")
    );
    assert_eq!(
        ThirdPartyProcessorPayment::event_stream(&rejected()).as_deref(),
        Some("pay-1")
    );
    let foreign = ConfirmOrder {
        order_id: "order-7".into(),
    };
    assert_eq!(
        ThirdPartyProcessorPayment::command_stream(&foreign.clone().into()),
        None
    );
    assert!(decide(&given(vec![initiated()]), foreign).is_err());
    for name in [
        "InitiateThirdPartyProcessorPayment",
        "CompleteThirdPartyProcessorPayment",
        "CancelThirdPartyProcessorPayment",
    ] {
        assert!(
            ThirdPartyProcessorPayment::COMMANDS.contains(&name),
            "{name}"
        );
    }
    for name in ["PaymentInitiated", "PaymentCompleted", "PaymentRejected"] {
        assert!(ThirdPartyProcessorPayment::EVENTS.contains(&name), "{name}");
    }
}
