//! The `ThirdPartyProcessorPayment` aggregate: a payment for an order through an outside
//! processor, which ends exactly once, completed or rejected. One stream per payment,
//! `ThirdPartyProcessorPayment/<payment_id>`.

use serde::{Deserialize, Serialize};

use crate::kernel::{Aggregate, Context, Message, NoView, Rejection, Text};

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
}
