Feature: Registering for a conference, from the order to the seats of the attendees
  The whole orders-and-registration system at work: every scenario lets the system settle, so
  that what one part records reaches the others (the registration process, the policies, the
  read models) and the commands they send are handled in turn. Together the scenarios follow a
  registrant's journey: register, get the seats reserved, pay, have the order confirmed and the
  seats committed, then say who sits where; or forget to pay and see the order given up.

  Background:
    Given the events:
      | event               | conference_id | name      | slug      | start_date           | end_date             |
      | ConferenceCreated   | conf-1        | CQRS Days | cqrs-days | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z |
      | ConferencePublished | conf-1        |           |           |                      |                      |
    And the events:
      | event                 | conference_id | seat_type | name            | price  | quantity | seats      |
      | SeatCreated           | conf-1        | full      | Full conference | 199.00 | 10       |            |
      | SeatCreated           | conf-1        | workshop  | Workshop        | 99.00  | 2        |            |
      | SeatCreated           | conf-1        | speaker   | Speaker         | 0.00   | 5        |            |
      | AvailableSeatsChanged | conf-1        |           |                 |        |          | 10 full    |
      | AvailableSeatsChanged | conf-1        |           |                 |        |          | 2 workshop |
      | AvailableSeatsChanged | conf-1        |           |                 |        |          | 5 speaker  |

  Rule: a registrant who pays in time gets the seats and assigns them

    Scenario: 1. registering places the order and reserves its seats at once
      When the command is sent and the system settles:
        | command              | order_id | conference_id | seats              |
        | RegisterToConference | order-1  | conf-1        | 2 full, 1 workshop |
      Then these events are recorded:
        | event                     | order_id | conference_id | reservation_id | seats              | reservation_details | total  | reservation_expiration |
        | OrderPlaced               | order-1  | conf-1        |                | 2 full, 1 workshop |                     |        |                        |
        | OrderTotalsCalculated     | order-1  |               |                |                    |                     | 497.00 |                        |
        | SeatsReserved             |          | conf-1        | order-1        |                    | 2 full, 1 workshop  |        |                        |
        | OrderReservationCompleted | order-1  |               |                | 2 full, 1 workshop |                     |        | 2026-01-05T09:15:00Z   |
      And these commands are sent:
        | command                   | order_id | conference_id | reservation_id | seats              | expiration           | delay      |
        | MakeSeatReservation       |          | conf-1        | order-1        | 2 full, 1 workshop |                      | now        |
        | ExpireRegistrationProcess | order-1  |               |                |                    |                      | 29 minutes |
        | MarkSeatsAsReserved       | order-1  |               |                | 2 full, 1 workshop | 2026-01-05T09:15:00Z | now        |
      And the read model SeatType for full is:
        | available_quantity |
        | 8                  |
      And the read model SeatType for workshop is:
        | available_quantity |
        | 1                  |
      And the read model DraftOrder for order-1 is:
        | state                | lines              | reservation_expiration | access_code |
        | ReservationCompleted | 2 full, 1 workshop | 2026-01-05T09:15:00Z   | SAXSH9      |
      And the read model PricedOrder for order-1 is:
        | total  | is_free_of_charge | reservation_expiration |
        | 497.00 | false             | 2026-01-05T09:15:00Z   |

    Scenario: 2. the registrant starts paying for the reserved seats
      Given the events:
        | event                     | order_id | conference_id | seats              | reservation_auto_expiration | reservation_expiration | access_code |
        | OrderPlaced               | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        |                        | SAXSH9      |
        | OrderReservationCompleted | order-1  |               | 2 full, 1 workshop |                             | 2026-01-05T09:15:00Z   |             |
      When the command is sent and the system settles:
        | command                            | payment_id | payment_source_id | conference_id | description                   | total_amount | items                                                                                                    |
        | InitiateThirdPartyProcessorPayment | pay-1      | order-1           | conf-1        | CQRS Days: 2 full, 1 workshop | 497.00       | [{"description": "Full conference", "amount": "398.00"}, {"description": "Workshop", "amount": "99.00"}] |
      Then these events are recorded:
        | event            | payment_id | payment_source_id |
        | PaymentInitiated | pay-1      | order-1           |
      And no commands are sent

    Scenario: 3. a completed payment confirms the order, commits its seats and opens them for assignment
      Given the events:
        | event       | order_id | conference_id | seats              | reservation_auto_expiration | reservation_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        |                        | SAXSH9      |
      And the events:
        | event                 | order_id | total  | lines                                                                                                                                                                          | is_free_of_charge |
        | OrderTotalsCalculated | order-1  | 497.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}, {"seat_type": "workshop", "quantity": 1, "unit_price": "99.00", "line_total": "99.00"}] | false             |
      And the events:
        | event                     | order_id | conference_id | reservation_id | reservation_details | available_seats_changed | seats              | reservation_expiration | payment_id | payment_source_id |
        | SeatsReserved             |          | conf-1        | order-1        | 2 full, 1 workshop  | -2 full, -1 workshop    |                    |                        |            |                   |
        | OrderReservationCompleted | order-1  |               |                |                     |                         | 2 full, 1 workshop | 2026-01-05T09:15:00Z   |            |                   |
        | PaymentInitiated          |          |               |                |                     |                         |                    |                        | pay-1      | order-1           |
      When the command is sent and the system settles:
        | command                            | payment_id |
        | CompleteThirdPartyProcessorPayment | pay-1      |
      Then these events are recorded, in any order:
        | event                     | order_id | conference_id | reservation_id | payment_id | payment_source_id | seats                                                                                                                  |
        | PaymentCompleted          |          |               |                | pay-1      | order-1           |                                                                                                                        |
        | OrderConfirmed            | order-1  |               |                |            |                   |                                                                                                                        |
        | SeatsReservationCommitted |          | conf-1        | order-1        |            |                   |                                                                                                                        |
        | SeatAssignmentsCreated    | order-1  |               |                |            |                   | [{"position": 0, "seat_type": "full"}, {"position": 1, "seat_type": "full"}, {"position": 2, "seat_type": "workshop"}] |
      And these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id | seats              |
        | ConfirmOrder          | order-1  |               |                |                    |
        | CommitSeatReservation |          | conf-1        | order-1        |                    |
        | CreateSeatAssignments | order-1  |               |                | 2 full, 1 workshop |
      And the read model DraftOrder for order-1 is:
        | state     |
        | Confirmed |
      And the read model PricedOrder for order-1 is:
        | total  | reservation_expiration |
        | 497.00 | null                   |
      And the outcome matches the snapshot

    Scenario: 4. the registrant says who sits in a seat
      Given the events:
        | event                  | order_id | seats                                                                                                                  |
        | SeatAssignmentsCreated | order-1  | [{"position": 0, "seat_type": "full"}, {"position": 1, "seat_type": "full"}, {"position": 2, "seat_type": "workshop"}] |
      When the command is sent and the system settles:
        | command    | order_id | position | attendee.first_name | attendee.last_name | attendee.email  |
        | AssignSeat | order-1  | 2        | Ana                 | Almeida            | ana@example.com |
      Then these events are recorded:
        | event        | order_id | position | seat_type | attendee.email  |
        | SeatAssigned | order-1  | 2        | workshop  | ana@example.com |
      And no commands are sent
      And the read model OrderSeats for order-1 is:
        | seats                                                                                                                                                                                                                                             |
        | [{"position": 0, "seat_type": "full", "attendee": null}, {"position": 1, "seat_type": "full", "attendee": null}, {"position": 2, "seat_type": "workshop", "attendee": {"first_name": "Ana", "last_name": "Almeida", "email": "ana@example.com"}}] |

    Scenario: 5. a paid and confirmed order is kept when its 29 minutes are up
      Given the events:
        | event                     | order_id | conference_id | seats              | reservation_auto_expiration | reservation_expiration | access_code | reservation_id | reservation_details | available_seats_changed | payment_id | payment_source_id |
        | OrderPlaced               | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        |                        | SAXSH9      |                |                     |                         |            |                   |
        | SeatsReserved             |          | conf-1        |                    |                             |                        |             | order-1        | 2 full, 1 workshop  | -2 full, -1 workshop    |            |                   |
        | OrderReservationCompleted | order-1  |               | 2 full, 1 workshop |                             | 2026-01-05T09:15:00Z   |             |                |                     |                         |            |                   |
        | PaymentInitiated          |          |               |                    |                             |                        |             |                |                     |                         | pay-1      | order-1           |
        | PaymentCompleted          |          |               |                    |                             |                        |             |                |                     |                         | pay-1      | order-1           |
        | OrderConfirmed            | order-1  |               |                    |                             |                        |             |                |                     |                         |            |                   |
        | SeatsReservationCommitted |          | conf-1        |                    |                             |                        |             | order-1        |                     |                         |            |                   |
      When 29 minutes pass and the system settles
      Then no events are recorded
      And no commands are sent
      And the read model SeatType for full is:
        | available_quantity |
        | 8                  |

  Rule: an order nobody pays for is given up and its seats are released

    Background:
      Given the events:
        | event                     | order_id | conference_id | seats              | reservation_auto_expiration | reservation_expiration | access_code | reservation_id | reservation_details | available_seats_changed |
        | OrderPlaced               | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        |                        | SAXSH9      |                |                     |                         |
        | SeatsReserved             |          | conf-1        |                    |                             |                        |             | order-1        | 2 full, 1 workshop  | -2 full, -1 workshop    |
        | OrderReservationCompleted | order-1  |               | 2 full, 1 workshop |                             | 2026-01-05T09:15:00Z   |             |                |                     |                         |
      And the events:
        | event                 | order_id | total  | lines                                                                                                                                                                          | is_free_of_charge |
        | OrderTotalsCalculated | order-1  | 497.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}, {"seat_type": "workshop", "quantity": 1, "unit_price": "99.00", "line_total": "99.00"}] | false             |

    Scenario: an unpaid order is given up 29 minutes after it was placed and its seats are released
      When 29 minutes pass and the system settles
      Then these events are recorded, in any order:
        | event                     | order_id | conference_id | reservation_id | available_seats_changed |
        | OrderExpired              | order-1  |               |                |                         |
        | SeatsReservationCancelled |          | conf-1        | order-1        | 2 full, 1 workshop      |
      And these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id |
        | RejectOrder           | order-1  |               |                |
        | CancelSeatReservation |          | conf-1        | order-1        |
      And the read model SeatType for full is:
        | available_quantity |
        | 10                 |
      And the read model SeatType for workshop is:
        | available_quantity |
        | 2                  |
      And the read model DraftOrder for order-1 is:
        | state    |
        | Rejected |
      And the read model PricedOrder has no entry for order-1
      And the outcome matches the snapshot

    Scenario: an unpaid order is still held 28 minutes after it was placed
      When 28 minutes pass and the system settles
      Then no events are recorded
      And no commands are sent
      And the read model DraftOrder for order-1 is:
        | state                |
        | ReservationCompleted |

    Scenario: the released seats can be reserved by the next registrant
      Given the events:
        | event                     | order_id | conference_id | reservation_id | available_seats_changed |
        | OrderExpired              | order-1  |               |                |                         |
        | SeatsReservationCancelled |          | conf-1        | order-1        | 2 full, 1 workshop      |
      When the command is sent and the system settles:
        | command              | order_id | conference_id | seats      |
        | RegisterToConference | order-2  | conf-1        | 2 workshop |
      Then these events are recorded:
        | event                     | order_id | conference_id | reservation_id | seats      | reservation_details |
        | OrderPlaced               | order-2  | conf-1        |                | 2 workshop |                     |
        | OrderTotalsCalculated     | order-2  |               |                |            |                     |
        | SeatsReserved             |          | conf-1        | order-2        |            | 2 workshop          |
        | OrderReservationCompleted | order-2  |               |                | 2 workshop |                     |

  Rule: an order gets what is left when not all its seats are free, and changes as its registrant changes it

    Scenario: a partial reservation: the order gets the seats that are left and is priced again
      When the command is sent and the system settles:
        | command              | order_id | conference_id | seats              |
        | RegisterToConference | order-1  | conf-1        | 2 full, 3 workshop |
      Then these events are recorded:
        | event                  | order_id | conference_id | reservation_id | seats              | reservation_details | available_seats_changed | total  | reservation_expiration |
        | OrderPlaced            | order-1  | conf-1        |                | 2 full, 3 workshop |                     |                         |        |                        |
        | OrderTotalsCalculated  | order-1  |               |                |                    |                     |                         | 695.00 |                        |
        | SeatsReserved          |          | conf-1        | order-1        |                    | 2 full, 2 workshop  | -2 full, -2 workshop    |        |                        |
        | OrderPartiallyReserved | order-1  |               |                | 2 full, 2 workshop |                     |                         |        | 2026-01-05T09:15:00Z   |
        | OrderTotalsCalculated  | order-1  |               |                |                    |                     |                         | 596.00 |                        |
      And the read model DraftOrder for order-1 is:
        | state             | lines              |
        | PartiallyReserved | 2 full, 2 workshop |
      And the read model PricedOrder for order-1 is:
        | total  | lines                                                                                                                                                                                                                                        |
        | 596.00 | [{"seat_type": "full", "description": "Full conference", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}, {"seat_type": "workshop", "description": "Workshop", "quantity": 2, "unit_price": "99.00", "line_total": "198.00"}] |
      And the read model SeatType for workshop is:
        | available_quantity |
        | 0                  |

    Scenario: a registrant changes a reserved order and the reservation follows
      Given the events:
        | event                     | order_id | conference_id | seats              | reservation_auto_expiration | reservation_expiration | access_code | reservation_id | reservation_details | available_seats_changed |
        | OrderPlaced               | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        |                        | SAXSH9      |                |                     |                         |
        | SeatsReserved             |          | conf-1        |                    |                             |                        |             | order-1        | 2 full, 1 workshop  | -2 full, -1 workshop    |
        | OrderReservationCompleted | order-1  |               | 2 full, 1 workshop |                             | 2026-01-05T09:15:00Z   |             |                |                     |                         |
      When the command is sent and the system settles:
        | command              | order_id | conference_id | seats  |
        | RegisterToConference | order-1  | conf-1        | 3 full |
      Then these events are recorded:
        | event                     | order_id | conference_id | reservation_id | seats  | reservation_details | available_seats_changed | total  | reservation_expiration |
        | OrderUpdated              | order-1  |               |                | 3 full |                     |                         |        |                        |
        | OrderTotalsCalculated     | order-1  |               |                |        |                     |                         | 597.00 |                        |
        | SeatsReserved             |          | conf-1        | order-1        |        | 3 full              | -1 full, 1 workshop     |        |                        |
        | OrderReservationCompleted | order-1  |               |                | 3 full |                     |                         |        | 2026-01-05T09:15:00Z   |
      And the read model SeatType for full is:
        | available_quantity |
        | 7                  |
      And the read model SeatType for workshop is:
        | available_quantity |
        | 2                  |

  Rule: a free order is confirmed without payment

    Scenario: a free order is confirmed at once and its seats are committed and opened for assignment
      Given the events:
        | event                     | order_id | conference_id | seats     | reservation_auto_expiration | reservation_expiration | access_code | reservation_id | reservation_details | available_seats_changed |
        | OrderPlaced               | order-2  | conf-1        | 1 speaker | 2026-01-05T09:15:00Z        |                        | GKFMFO      |                |                     |                         |
        | SeatsReserved             |          | conf-1        |           |                             |                        |             | order-2        | 1 speaker           | -1 speaker              |
        | OrderReservationCompleted | order-2  |               | 1 speaker |                             | 2026-01-05T09:15:00Z   |             |                |                     |                         |
      When the command is sent and the system settles:
        | command      | order_id |
        | ConfirmOrder | order-2  |
      Then these events are recorded, in any order:
        | event                     | order_id | conference_id | reservation_id | seats                                     |
        | OrderConfirmed            | order-2  |               |                |                                           |
        | SeatsReservationCommitted |          | conf-1        | order-2        |                                           |
        | SeatAssignmentsCreated    | order-2  |               |                | [{"position": 0, "seat_type": "speaker"}] |
