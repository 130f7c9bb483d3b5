//! The `ThirdPartyProcessorPayment` aggregate: a payment for an order through an outside
//! processor, which ends exactly once, completed or rejected. One stream per payment,
//! `ThirdPartyProcessorPayment/<payment_id>`.

use serde::{Deserialize, Serialize};

use crate::kernel::{Aggregate, Context, CouldRecord, Message, NoView, Rejection, Text};

use super::{
    ConferenceCommand, ConferenceContext, ConferenceEvent, PaymentCompleted, PaymentInitiated,
    PaymentRejected,
};

/// Where a payment stands; every started payment remembers the order it pays
/// (`payment_source_id`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status")]
pub enum PaymentState {
    #[default]
    NotInitiated,
    Initiated {
        payment_source_id: Text,
    },
    Completed {
        payment_source_id: Text,
    },
    Rejected {
        payment_source_id: Text,
    },
}

impl PaymentState {
    /// The order of a payment still waiting for the processor's answer; refused otherwise.
    fn awaiting_answer(&self) -> Result<&str, Rejection> {
        match self {
            PaymentState::NotInitiated => Err(Rejection::new("payment not initiated")),
            PaymentState::Initiated { payment_source_id } => Ok(payment_source_id),
            PaymentState::Completed { .. } => Err(Rejection::new("payment already completed")),
            PaymentState::Rejected { .. } => Err(Rejection::new("payment already rejected")),
        }
    }
}

/// The aggregate, one instance per `payment_id`.
pub struct ThirdPartyProcessorPayment;

impl Aggregate<ConferenceContext> for ThirdPartyProcessorPayment {
    const NAME: &'static str = "ThirdPartyProcessorPayment";
    const COMMANDS: &'static [&'static str] = &[
        "InitiateThirdPartyProcessorPayment",
        "CompleteThirdPartyProcessorPayment",
        "CancelThirdPartyProcessorPayment",
    ];
    const EVENTS: &'static [&'static str] =
        &["PaymentInitiated", "PaymentCompleted", "PaymentRejected"];
    type State = PaymentState;
    type View = NoView;

    fn command_stream(command: &ConferenceCommand) -> Option<Text> {
        let id = match command {
            ConferenceCommand::InitiateThirdPartyProcessorPayment(c) => &c.payment_id,
            ConferenceCommand::CompleteThirdPartyProcessorPayment(c) => &c.payment_id,
            ConferenceCommand::CancelThirdPartyProcessorPayment(c) => &c.payment_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn event_stream(event: &ConferenceEvent) -> Option<Text> {
        let id = match event {
            ConferenceEvent::PaymentInitiated(e) => &e.payment_id,
            ConferenceEvent::PaymentCompleted(e) => &e.payment_id,
            ConferenceEvent::PaymentRejected(e) => &e.payment_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn decide(
        state: &PaymentState,
        command: &ConferenceCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<ConferenceEvent>, Rejection> {
        match command {
            ConferenceCommand::InitiateThirdPartyProcessorPayment(c) => {
                // Starting a payment again could reopen one already completed and pay twice.
                if *state != PaymentState::NotInitiated {
                    return Err(Rejection::new("payment already initiated"));
                }
                Ok(vec![PaymentInitiated {
                    payment_id: c.payment_id.clone(),
                    payment_source_id: c.payment_source_id.clone(),
                }
                .into()])
            }
            ConferenceCommand::CompleteThirdPartyProcessorPayment(c) => {
                let payment_source_id = state.awaiting_answer()?;
                Ok(vec![PaymentCompleted {
                    payment_id: c.payment_id.clone(),
                    payment_source_id: payment_source_id.into(),
                }
                .into()])
            }
            ConferenceCommand::CancelThirdPartyProcessorPayment(c) => {
                let payment_source_id = state.awaiting_answer()?;
                Ok(vec![PaymentRejected {
                    payment_id: c.payment_id.clone(),
                    payment_source_id: payment_source_id.into(),
                }
                .into()])
            }
            other => Err(Rejection::new(format!(
                "a third-party processor payment does not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(state: PaymentState, event: &ConferenceEvent) -> PaymentState {
        match event {
            ConferenceEvent::PaymentInitiated(e) => PaymentState::Initiated {
                payment_source_id: e.payment_source_id.clone(),
            },
            ConferenceEvent::PaymentCompleted(e) => PaymentState::Completed {
                payment_source_id: e.payment_source_id.clone(),
            },
            ConferenceEvent::PaymentRejected(e) => PaymentState::Rejected {
                payment_source_id: e.payment_source_id.clone(),
            },
            _ => state,
        }
    }

    const COULD_RECORD: Option<CouldRecord<ConferenceContext, Self>> =
        Some(|state, _, event| could_record(state, event));
}

/// Why a payment in `state` could not have recorded `event`, as `decide` would never have: it is
/// initiated once, then completed or rejected once, for the order it was initiated for.
fn could_record(state: &PaymentState, event: &ConferenceEvent) -> Result<(), String> {
    let (payment_id, answered_for) = match event {
        ConferenceEvent::PaymentInitiated(e) if *state != PaymentState::NotInitiated => {
            return Err(format!("payment {} was initiated already", e.payment_id));
        }
        ConferenceEvent::PaymentCompleted(e) => (&e.payment_id, &e.payment_source_id),
        ConferenceEvent::PaymentRejected(e) => (&e.payment_id, &e.payment_source_id),
        _ => return Ok(()),
    };
    match state {
        PaymentState::Initiated { payment_source_id } if payment_source_id == answered_for => {
            Ok(())
        }
        PaymentState::Initiated { payment_source_id } => Err(format!(
            "payment {payment_id} pays order {payment_source_id}, but its answer names order \
             {answered_for}"
        )),
        PaymentState::NotInitiated => Err(format!("payment {payment_id} was never initiated")),
        PaymentState::Completed { .. } => {
            Err(format!("payment {payment_id} was completed already"))
        }
        PaymentState::Rejected { .. } => Err(format!("payment {payment_id} was rejected already")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conference::told::{refused, told};

    fn answer(event: &str, order_id: &str) -> ConferenceEvent {
        told(
            event,
            &format!(r#"{{"payment_id":"pay-1","payment_source_id":"{order_id}"}}"#),
        )
    }

    fn initiated() -> ConferenceEvent {
        answer("PaymentInitiated", "order-1")
    }

    #[test]
    fn a_payment_is_initiated_then_answered_once_for_its_order() {
        for answer_event in ["PaymentCompleted", "PaymentRejected"] {
            let next = answer(answer_event, "order-1");
            assert_eq!(
                refused::<ThirdPartyProcessorPayment>(&[initiated()], &next),
                None
            );
        }
        assert_eq!(
            refused::<ThirdPartyProcessorPayment>(&[initiated()], &initiated()).as_deref(),
            Some("payment pay-1 was initiated already")
        );
    }

    #[test]
    fn a_payment_answered_twice_or_never_initiated_is_refused() {
        let completed = answer("PaymentCompleted", "order-1");
        assert_eq!(
            refused::<ThirdPartyProcessorPayment>(&[initiated(), completed.clone()], &completed)
                .as_deref(),
            Some("payment pay-1 was completed already")
        );
        let rejected = answer("PaymentRejected", "order-1");
        assert_eq!(
            refused::<ThirdPartyProcessorPayment>(&[initiated(), rejected], &completed).as_deref(),
            Some("payment pay-1 was rejected already")
        );
        assert_eq!(
            refused::<ThirdPartyProcessorPayment>(&[], &completed).as_deref(),
            Some("payment pay-1 was never initiated")
        );
    }

    #[test]
    fn a_payment_is_answered_for_the_order_it_pays() {
        assert_eq!(
            refused::<ThirdPartyProcessorPayment>(
                &[initiated()],
                &answer("PaymentCompleted", "order-2")
            )
            .as_deref(),
            Some("payment pay-1 pays order order-1, but its answer names order order-2")
        );
    }
}
