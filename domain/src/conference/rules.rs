//! The conference domain's rules as the catalog states them, each with the words a scenario
//! specifying it contains, so `gwt coverage` can tell which are not yet specified.

use crate::kernel::Rule;

/// Every rule, rejection and process-manager transition of the catalog.
pub fn rules() -> Vec<Rule> {
    vec![
        // Conference management
        Rule::new(
            "a conference is created once",
            &["CreateConference", "conference already exists"],
        ),
        Rule::new(
            "only a known conference is updated",
            &["UpdateConference", "unknown conference"],
        ),
        Rule::new(
            "only a known conference is published",
            &["PublishConference", "unknown conference"],
        ),
        Rule::new(
            "publishing a published conference records nothing",
            &[
                "ConferencePublished",
                "PublishConference",
                "no events are recorded",
            ],
        ),
        Rule::new(
            "only a known conference is unpublished",
            &["UnpublishConference", "unknown conference"],
        ),
        Rule::new(
            "a seat type needs a known conference",
            &["CreateSeat", "unknown conference"],
        ),
        Rule::new(
            "a seat type is created once",
            &["CreateSeat", "seat type already exists"],
        ),
        Rule::new(
            "a seat type's price is not negative",
            &["CreateSeat", "negative price"],
        ),
        Rule::new(
            "a seat type's quantity is not negative",
            &["CreateSeat", "negative quantity"],
        ),
        Rule::new(
            "only a known seat type is updated",
            &["UpdateSeat", "unknown seat type"],
        ),
        Rule::new(
            "a seat type's price is not changed to a negative one",
            &["UpdateSeat", "negative price"],
        ),
        // Seat quota policy
        Rule::new(
            "a new seat type adds its seats",
            &["SeatCreated", "AddSeats"],
        ),
        Rule::new(
            "a raised quota adds the increase",
            &["SeatUpdated", "AddSeats"],
        ),
        Rule::new(
            "a lowered quota removes the decrease",
            &["SeatUpdated", "RemoveSeats"],
        ),
        Rule::new(
            "an unchanged quota sends nothing",
            &["SeatUpdated", "no commands are sent"],
        ),
        // Seats availability
        Rule::new(
            "adding seats makes them available",
            &["AddSeats", "AvailableSeatsChanged"],
        ),
        Rule::new(
            "removing seats takes them away",
            &["RemoveSeats", "AvailableSeatsChanged"],
        ),
        Rule::new(
            "removing seats of a seat type never added is refused",
            &["RemoveSeats", "never added"],
        ),
        Rule::new(
            "a reservation of an unknown seat type is refused",
            &["MakeSeatReservation", "unknown seat type"],
        ),
        Rule::new(
            "a reservation may get fewer seats than wanted",
            &["MakeSeatReservation", "SeatsReserved", "fewer"],
        ),
        Rule::new(
            "reserving again with the same id adjusts the reservation",
            &["MakeSeatReservation", "SeatsReserved", "again"],
        ),
        Rule::new(
            "cancelling a reservation releases its seats",
            &["CancelSeatReservation", "SeatsReservationCancelled"],
        ),
        Rule::new(
            "cancelling a reservation that is not pending records nothing",
            &["CancelSeatReservation", "no events are recorded"],
        ),
        Rule::new(
            "committing a reservation makes it final",
            &["CommitSeatReservation", "SeatsReservationCommitted"],
        ),
        Rule::new(
            "committing a reservation that is not pending records nothing",
            &["CommitSeatReservation", "no events are recorded"],
        ),
        // Order
        Rule::new(
            "a new order is placed and priced",
            &[
                "RegisterToConference",
                "OrderPlaced",
                "OrderTotalsCalculated",
            ],
        ),
        Rule::new(
            "registering again updates the order",
            &["RegisterToConference", "OrderUpdated"],
        ),
        Rule::new(
            "an order for a seat type without a price is refused",
            &["RegisterToConference", "unknown seat type"],
        ),
        Rule::new(
            "an order without a positive quantity is refused",
            &[
                "RegisterToConference",
                "the command is rejected",
                "no seats",
            ],
        ),
        Rule::new(
            "a confirmed order is not changed",
            &["RegisterToConference", "OrderConfirmed", "confirmed"],
        ),
        Rule::new(
            "an order fully reserved is completed",
            &["MarkSeatsAsReserved", "OrderReservationCompleted"],
        ),
        Rule::new(
            "an order partly reserved is repriced",
            &[
                "MarkSeatsAsReserved",
                "OrderPartiallyReserved",
                "OrderTotalsCalculated",
            ],
        ),
        Rule::new(
            "a confirmed order's reservation is not marked",
            &["MarkSeatsAsReserved", "OrderConfirmed", "confirmed"],
        ),
        Rule::new(
            "rejecting an order expires it",
            &["RejectOrder", "OrderExpired"],
        ),
        Rule::new(
            "rejecting an unknown order records nothing",
            &["RejectOrder", "no events are recorded"],
        ),
        Rule::new(
            "a confirmed order is not rejected",
            &["RejectOrder", "OrderConfirmed", "confirmed"],
        ),
        Rule::new(
            "an expired order is not changed, marked or confirmed",
            &["OrderExpired", "order expired"],
        ),
        Rule::new(
            "rejecting an expired order records nothing",
            &["OrderExpired", "RejectOrder", "no events are recorded"],
        ),
        Rule::new(
            "the registrant is named",
            &["AssignRegistrantDetails", "OrderRegistrantAssigned"],
        ),
        Rule::new("confirming an order", &["ConfirmOrder", "OrderConfirmed"]),
        Rule::new(
            "a free order is free of charge",
            &["OrderTotalsCalculated", "is_free_of_charge", "true"],
        ),
        // Seat assignments
        Rule::new(
            "a confirmed order opens its seats for assignment",
            &["OrderConfirmed", "CreateSeatAssignments"],
        ),
        Rule::new(
            "seat assignments number the seats from 0",
            &["CreateSeatAssignments", "SeatAssignmentsCreated"],
        ),
        Rule::new(
            "a seat is assigned to an attendee",
            &["AssignSeat", "SeatAssigned"],
        ),
        Rule::new(
            "a seat is not assigned without an email",
            // Rejected: every assignment names the attendee's email (`attendee.email`).
            &["AssignSeat", "the command is rejected", "email"],
        ),
        Rule::new(
            "an unknown position is refused",
            &["AssignSeat", "unknown position"],
        ),
        Rule::new(
            "a seat given to someone else is first unassigned",
            &["AssignSeat", "SeatUnassigned", "SeatAssigned"],
        ),
        Rule::new(
            "the same attendee with another name updates the assignment",
            &["AssignSeat", "SeatAssignmentUpdated"],
        ),
        Rule::new(
            "unassigning a held seat",
            &["UnassignSeat", "SeatUnassigned"],
        ),
        Rule::new(
            "unassigning a free seat records nothing",
            &["UnassignSeat", "no events are recorded"],
        ),
        // Payments
        Rule::new(
            "a payment is initiated",
            &["InitiateThirdPartyProcessorPayment", "PaymentInitiated"],
        ),
        Rule::new(
            "a payment is completed",
            &["CompleteThirdPartyProcessorPayment", "PaymentCompleted"],
        ),
        Rule::new(
            "a payment is cancelled",
            &["CancelThirdPartyProcessorPayment", "PaymentRejected"],
        ),
        Rule::new(
            "only an initiated payment is completed",
            &[
                "CompleteThirdPartyProcessorPayment",
                "payment not initiated",
            ],
        ),
        Rule::new(
            "a payment is completed once",
            &[
                "CompleteThirdPartyProcessorPayment",
                "payment already completed",
            ],
        ),
        Rule::new(
            "only an initiated payment is cancelled",
            &[
                "CancelThirdPartyProcessorPayment",
                "the command is rejected",
            ],
        ),
        // RegistrationProcessManager
        Rule::new(
            "a placed order asks for seats and schedules its expiry",
            &[
                "OrderPlaced",
                "MakeSeatReservation",
                "ExpireRegistrationProcess",
                "29 minutes",
            ],
        ),
        Rule::new(
            "an order placed too late is rejected",
            &["OrderPlaced", "RejectOrder", "late"],
        ),
        Rule::new(
            "a second OrderPlaced changes nothing",
            &["OrderPlaced", "no commands are sent", "second"],
        ),
        Rule::new(
            "an updated order asks for seats again",
            &["OrderUpdated", "MakeSeatReservation"],
        ),
        Rule::new(
            "reserved seats are marked on the order",
            &["SeatsReserved", "MarkSeatsAsReserved"],
        ),
        Rule::new(
            "a stale reservation answer is ignored",
            &["SeatsReserved", "no commands are sent", "stale"],
        ),
        Rule::new(
            "a completed payment confirms the order",
            &["PaymentCompleted", "ConfirmOrder"],
        ),
        Rule::new(
            "a confirmed order commits its seats",
            &["OrderConfirmed", "CommitSeatReservation"],
        ),
        Rule::new(
            "an expired registration rejects the order and releases the seats",
            &["minutes pass", "RejectOrder", "CancelSeatReservation"],
        ),
        Rule::new(
            "a confirmed order does not expire",
            &["OrderConfirmed", "minutes pass", "no commands are sent"],
        ),
        // Read models
        Rule::new(
            "the conference read model follows publishing",
            &["read model Conference", "is_published"],
        ),
        Rule::new(
            "available seats follow the availability",
            &["read model SeatType", "available_quantity"],
        ),
        Rule::new(
            "an availability event already seen is ignored",
            &["read model SeatType", "availability_version"],
        ),
        Rule::new(
            "a draft order follows the order's state",
            &["read model DraftOrder", "state"],
        ),
        Rule::new(
            "a priced order lists its lines with the seat names",
            &["read model PricedOrder", "description"],
        ),
        Rule::new(
            "an expired order has no priced order",
            &["read model PricedOrder has no entry"],
        ),
        Rule::new(
            "order seats follow assignments",
            &["read model OrderSeats", "attendee"],
        ),
        // Stored forms
        Rule::new(
            "a payment confirmation stored in version 1 reads as OrderConfirmed",
            &["version 1", "OrderPaymentConfirmed"],
        ),
        Rule::new(
            "totals stored in version 1 read with is_free_of_charge",
            &["version 1", "OrderTotalsCalculated"],
        ),
        Rule::new(
            "seat prices stored in whole cents read as decimals",
            &["version 1", "price_cents"],
        ),
    ]
}
