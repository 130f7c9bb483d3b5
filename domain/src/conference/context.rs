//! The conference bounded context as the tooling sees it: its handlers and its upcasters.

use crate::kernel::{BoundedContext, Rule, Upcasters, Wiring};

use super::management::Conference;
use super::order::Order;
use super::payments::ThirdPartyProcessorPayment;
use super::read_models::{
    conference::ConferenceReadModel, draft_order::DraftOrderReadModel,
    order_seats::OrderSeatsReadModel, priced_order::PricedOrderReadModel,
    seat_type::SeatTypeReadModel,
};
use super::registration_process::RegistrationProcessManager;
use super::seat_assignments::SeatAssignments;
use super::seat_assignments_policy::SeatAssignmentsPolicy;
use super::seat_quota_policy::SeatQuotaPolicy;
use super::seats_availability::SeatsAvailability;
use super::{upcasters, ConferenceCommand, ConferenceEvent};

/// The orders-and-registration system with conference management and payments beside it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConferenceContext;

impl BoundedContext for ConferenceContext {
    type Command = ConferenceCommand;
    type Event = ConferenceEvent;
    const NAME: &'static str = "conference";

    fn wiring() -> Wiring<Self> {
        Wiring::new()
            .aggregate::<Conference>()
            .aggregate::<SeatsAvailability>()
            .aggregate::<ThirdPartyProcessorPayment>()
            .aggregate::<Order>()
            .aggregate::<SeatAssignments>()
            .process::<RegistrationProcessManager>()
            .process::<SeatQuotaPolicy>()
            .process::<SeatAssignmentsPolicy>()
            .read_model::<ConferenceReadModel>()
            .read_model::<SeatTypeReadModel>()
            .read_model::<DraftOrderReadModel>()
            .read_model::<PricedOrderReadModel>()
            .read_model::<OrderSeatsReadModel>()
    }

    fn upcasters() -> Upcasters {
        upcasters::upcasters()
    }

    fn rules() -> Vec<Rule> {
        super::rules::rules()
    }
}
