Feature: The registration process walks each order from placement to confirmation, or gives it up
  One registration process follows each order. It asks seats availability for the order's seats,
  tells the order which seats were reserved, confirms the order once it is paid, commits the
  seats once the order is confirmed, and gives the order up (releasing its seats) when the
  reservation has run out: 14 minutes of grace after the order's reservation_auto_expiration,
  so 29 minutes after a fresh order is placed at 09:00 with seats held until 09:15.

  Rule: a placed order asks for its seats and sets the moment it will be given up

    Scenario: a placed order asks for its seats and schedules its expiry 29 minutes later
      When the event is published:
        | event       | order_id | conference_id | seats              | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        | SAXSH9      |
      Then these commands are sent:
        | command                   | order_id | conference_id | reservation_id | seats              | delay      |
        | MakeSeatReservation       |          | conf-1        | order-1        | 2 full, 1 workshop | now        |
        | ExpireRegistrationProcess | order-1  |               |                |                    | 29 minutes |

    Scenario: the expiry waits 14 minutes past the end of the reservation
      When the event is published:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:20:00Z        | SAXSH9      |
      Then these commands are sent:
        | command                   | order_id | conference_id | reservation_id | seats  | delay      |
        | MakeSeatReservation       |          | conf-1        | order-1        | 2 full | now        |
        | ExpireRegistrationProcess | order-1  |               |                |        | 34 minutes |

    Scenario: an order placed too late, its reservation already over, is rejected at once
      Given the time is 2026-01-05T09:20:00Z
      When the event is published:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
      Then these commands are sent:
        | command     | order_id |
        | RejectOrder | order-1  |

    Scenario: an order whose reservation ends this very minute is too late as well
      Given the time is 2026-01-05T09:15:00Z
      When the event is published:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
      Then these commands are sent:
        | command     | order_id |
        | RejectOrder | order-1  |

    Scenario: a second OrderPlaced for the same order changes nothing
      Given the events:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
      When the event is published:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 3 full | 2026-01-05T09:15:00Z        | SAXSH9      |
      Then no commands are sent

  Rule: a changed order asks for its seats again, until it is paid

    Scenario: an updated order asks for its new seats while it waits for its reservation
      Given the events:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
      When the event is published:
        | event        | order_id | seats              |
        | OrderUpdated | order-1  | 3 full, 1 workshop |
      Then these commands are sent:
        | command             | conference_id | reservation_id | seats              |
        | MakeSeatReservation | conf-1        | order-1        | 3 full, 1 workshop |

    Scenario: an order updated after its seats were reserved asks for seats again
      Given the events:
        | event         | order_id | conference_id | seats  | reservation_auto_expiration | access_code | reservation_id | reservation_details | available_seats_changed |
        | OrderPlaced   | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |                |                     |                         |
        | SeatsReserved |          | conf-1        |        |                             |             | order-1        | 2 full              | -2 full                 |
      When the event is published:
        | event        | order_id | seats  |
        | OrderUpdated | order-1  | 1 full |
      Then these commands are sent:
        | command             | conference_id | reservation_id | seats  |
        | MakeSeatReservation | conf-1        | order-1        | 1 full |

    Scenario: after the asked-for seats are reserved again, the order is told of them
      Given the events:
        | event         | order_id | conference_id | seats  | reservation_auto_expiration | access_code | reservation_id | reservation_details | available_seats_changed |
        | OrderPlaced   | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |                |                     |                         |
        | SeatsReserved |          | conf-1        |        |                             |             | order-1        | 2 full              | -2 full                 |
        | OrderUpdated  | order-1  |               | 3 full |                             |             |                |                     |                         |
      When the event is published:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 3 full              | -1 full                 |
      Then these commands are sent:
        | command             | order_id | seats  | expiration           |
        | MarkSeatsAsReserved | order-1  | 3 full | 2026-01-05T09:15:00Z |

    Scenario: an order updated once paid does not ask for seats again
      Given the events:
        | event            | order_id | conference_id | seats  | reservation_auto_expiration | access_code | reservation_id | reservation_details | available_seats_changed | payment_id | payment_source_id |
        | OrderPlaced      | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |                |                     |                         |            |                   |
        | SeatsReserved    |          | conf-1        |        |                             |             | order-1        | 2 full              | -2 full                 |            |                   |
        | PaymentCompleted |          |               |        |                             |             |                |                     |                         | pay-1      | order-1           |
      When the event is published:
        | event        | order_id | seats  |
        | OrderUpdated | order-1  | 5 full |
      Then no commands are sent

  Rule: the seats reserved are told to the order, once, and only in answer to the latest request

    Background:
      Given the events:
        | event       | order_id | conference_id | seats              | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        | SAXSH9      |

    Scenario: reserved seats are marked on the order, with the order's expiration
      When the event is published:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 2 full, 1 workshop  | -2 full, -1 workshop    |
      Then these commands are sent:
        | command             | order_id | seats              | expiration           |
        | MarkSeatsAsReserved | order-1  | 2 full, 1 workshop | 2026-01-05T09:15:00Z |

    Scenario: fewer seats reserved than wanted are marked as they are
      When the event is published:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 1 full              | -1 full                 |
      Then these commands are sent:
        | command             | order_id | seats  | expiration           |
        | MarkSeatsAsReserved | order-1  | 1 full | 2026-01-05T09:15:00Z |

    Scenario: the same reservation told twice is marked once
      Given the events:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 2 full, 1 workshop  | -2 full, -1 workshop    |
      When the event is published:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 2 full, 1 workshop  | []                      |
      Then no commands are sent

    Scenario: a stale answer to an earlier seat request is ignored
      The order was changed to 3 full seats, so the process now waits for the answer to its
      latest request. A reservation made for an earlier request (2 full, 1 workshop) arrives late:
      the SeatsReserved it records answers a request that is no longer the latest one.
      Given the events:
        | event                 | order_id | conference_id | seats      |
        | OrderUpdated          | order-1  |               | 3 full     |
        | AvailableSeatsChanged |          | conf-1        | 10 full    |
        | AvailableSeatsChanged |          | conf-1        | 5 workshop |
      When the command is sent:
        | command             | conference_id | reservation_id | seats              |
        | MakeSeatReservation | conf-1        | order-1        | 2 full, 1 workshop |
      Then these events are recorded:
        | event         | conference_id | reservation_id | reservation_details |
        | SeatsReserved | conf-1        | order-1        | 2 full, 1 workshop  |
      And no commands are sent

  Rule: a payment counts only once the order's seats are reserved

    Scenario: a payment completed before the seats are reserved confirms nothing
      Given the events:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
      When the event is published:
        | event            | payment_id | payment_source_id |
        | PaymentCompleted | pay-1      | order-1           |
      Then no commands are sent

  Rule: a paid order is confirmed, and a confirmed order's seats are committed

    Background:
      Given the events:
        | event         | order_id | conference_id | seats  | reservation_auto_expiration | access_code | reservation_id | reservation_details | available_seats_changed |
        | OrderPlaced   | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |                |                     |                         |
        | SeatsReserved |          | conf-1        |        |                             |             | order-1        | 2 full              | -2 full                 |

    Scenario: a completed payment confirms the order it pays
      When the event is published:
        | event            | payment_id | payment_source_id |
        | PaymentCompleted | pay-1      | order-1           |
      Then these commands are sent:
        | command      | order_id |
        | ConfirmOrder | order-1  |

    Scenario: a payment for another order confirms nothing here
      When the event is published:
        | event            | payment_id | payment_source_id |
        | PaymentCompleted | pay-9      | order-9           |
      Then no commands are sent

    Scenario: a paid order, once confirmed, commits its seats
      Given the events:
        | event            | payment_id | payment_source_id |
        | PaymentCompleted | pay-1      | order-1           |
      When the event is published:
        | event          | order_id |
        | OrderConfirmed | order-1  |
      Then these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id | seats  |
        | CommitSeatReservation |          | conf-1        | order-1        |        |
        | CreateSeatAssignments | order-1  |               |                | 2 full |

    Scenario: a free order confirmed without payment commits its seats
      When the event is published:
        | event          | order_id |
        | OrderConfirmed | order-1  |
      Then these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id | seats  |
        | CommitSeatReservation |          | conf-1        | order-1        |        |
        | CreateSeatAssignments | order-1  |               |                | 2 full |

  Rule: an order whose reservation ran out is rejected and its seats released, unless it was confirmed

    Background:
      Given the events:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |

    Scenario: after 29 minutes an unconfirmed order is rejected and its seats released
      When 29 minutes pass
      Then these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id |
        | RejectOrder           | order-1  |               |                |
        | CancelSeatReservation |          | conf-1        | order-1        |

    Scenario: an order whose seats are reserved but not paid expires as well
      Given the events:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 2 full              | -2 full                 |
      When 29 minutes pass
      Then these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id |
        | RejectOrder           | order-1  |               |                |
        | CancelSeatReservation |          | conf-1        | order-1        |

    Scenario: before its 29 minutes are up an order is left alone
      When 28 minutes pass
      Then no commands are sent

    Scenario: an hour on, an unconfirmed order has been rejected and its seats released
      When 1 hour passes
      Then these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id |
        | RejectOrder           | order-1  |               |                |
        | CancelSeatReservation |          | conf-1        | order-1        |

    Scenario: a clock set past the expiry after the order tells that its expiry fired in the past
      Given the time is 2026-01-05T10:00:00Z
      When 1 minute passes
      Then no commands are sent

    Scenario: a process that waited past its expiry in the Givens still takes up its seats, as the Givens tell it
      Given the time is 2026-01-05T10:00:00Z
      When the event is published:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 2 full              | -2 full                 |
      Then these commands are sent:
        | command             | order_id | seats  | expiration           |
        | MarkSeatsAsReserved | order-1  | 2 full | 2026-01-05T09:15:00Z |

    Scenario: a clock set short of the expiry leaves it scheduled
      Given the time is 2026-01-05T09:20:00Z
      When 9 minutes pass
      Then these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id |
        | RejectOrder           | order-1  |               |                |
        | CancelSeatReservation |          | conf-1        | order-1        |

    Scenario: a confirmed order does not expire when its 29 minutes are up
      Given the events:
        | event          | order_id | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved  |          | conf-1        | order-1        | 2 full              | -2 full                 |
        | OrderConfirmed | order-1  |               |                |                     |                         |
      When 29 minutes pass
      Then no commands are sent

  Rule: an order whose seats are held for days is given up 14 minutes after its reservation ends, to the minute

    Background:
      Given the events:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-07T09:00:00Z        | SAXSH9      |

    Scenario: two days on, its expiry is still 14 minutes away
      When 2 days pass
      Then no commands are sent

    Scenario: 49 hours on, it has been rejected and its seats released
      When 49 hours pass
      Then these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id |
        | RejectOrder           | order-1  |               |                |
        | CancelSeatReservation |          | conf-1        | order-1        |

    Scenario: on the third day it has been given up once, and the system settles on that
      When 3 days pass and the system settles
      Then these commands are sent, in any order:
        | command               | order_id | conference_id | reservation_id |
        | RejectOrder           | order-1  |               |                |
        | CancelSeatReservation |          | conf-1        | order-1        |
