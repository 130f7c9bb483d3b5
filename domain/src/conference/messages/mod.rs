//! Every command and event of the conference domain, named and shaped as the catalog says.

mod assignments;
mod availability;
mod management;
mod orders;
mod payments;
mod registration;
mod values;

pub use assignments::*;
pub use availability::*;
pub use management::*;
pub use orders::*;
pub use payments::*;
pub use registration::*;
pub use values::*;

use crate::messages;

messages! {
    /// Every command of the conference domain.
    pub enum ConferenceCommand {
        CreateConference,
        UpdateConference,
        PublishConference,
        UnpublishConference,
        CreateSeat,
        UpdateSeat,
        AddSeats,
        RemoveSeats,
        MakeSeatReservation,
        CancelSeatReservation,
        CommitSeatReservation,
        RegisterToConference,
        MarkSeatsAsReserved,
        RejectOrder,
        AssignRegistrantDetails,
        ConfirmOrder,
        CreateSeatAssignments,
        AssignSeat,
        UnassignSeat,
        InitiateThirdPartyProcessorPayment,
        CompleteThirdPartyProcessorPayment,
        CancelThirdPartyProcessorPayment,
        ExpireRegistrationProcess,
    }
}

messages! {
    /// Every event of the conference domain.
    pub enum ConferenceEvent {
        ConferenceCreated,
        ConferenceUpdated,
        ConferencePublished,
        ConferenceUnpublished,
        SeatCreated,
        SeatUpdated,
        AvailableSeatsChanged,
        SeatsReserved,
        SeatsReservationCancelled,
        SeatsReservationCommitted,
        OrderPlaced,
        OrderUpdated,
        OrderTotalsCalculated,
        OrderPartiallyReserved,
        OrderReservationCompleted,
        OrderExpired,
        OrderRegistrantAssigned,
        OrderConfirmed,
        SeatAssignmentsCreated,
        SeatAssigned,
        SeatAssignmentUpdated,
        SeatUnassigned,
        PaymentInitiated,
        PaymentCompleted,
        PaymentRejected,
    }
}
