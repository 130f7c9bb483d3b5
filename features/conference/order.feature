Feature: An order is placed, priced, reserved and then confirmed or given up
  A registrant orders seats of a conference. The order holds its seats for 15 minutes, is priced
  with the seat prices the orders context knows from conference management, learns which seats
  its reservation got, and ends confirmed (paid, or free) or expired. A confirmed order is final.

  Background:
    Given the events:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
      | SeatCreated | conf-1        | workshop  | Workshop        | 99.00  | 20       |
      | SeatCreated | conf-1        | speaker   | Speaker         | 0.00   | 10       |

  Rule: registering places an order, or changes it, and prices it with the known seat prices

    Scenario: a new order is placed, held for 15 minutes and priced
      When the command is sent:
        | command              | order_id | conference_id | seats              |
        | RegisterToConference | order-1  | conf-1        | 2 full, 1 workshop |
      Then these events are recorded:
        | event                 | order_id | conference_id | seats              | reservation_auto_expiration | access_code | total  | lines                                                                                                                                                                          | is_free_of_charge |
        | OrderPlaced           | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        | <any>       |        |                                                                                                                                                                                |                   |
        | OrderTotalsCalculated | order-1  |               |                    |                             |             | 497.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}, {"seat_type": "workshop", "quantity": 1, "unit_price": "99.00", "line_total": "99.00"}] | false             |
      And the outcome matches the snapshot

    Scenario: registering again for the same order updates its seats and prices it again
      Given the events:
        | event                 | order_id | conference_id | seats  | reservation_auto_expiration | access_code | total  | lines                                                                                  | is_free_of_charge |
        | OrderPlaced           | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |        |                                                                                        |                   |
        | OrderTotalsCalculated | order-1  |               |        |                             |             | 398.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}] | false             |
      When the command is sent:
        | command              | order_id | conference_id | seats              |
        | RegisterToConference | order-1  | conf-1        | 1 full, 2 workshop |
      Then these events are recorded:
        | event                 | order_id | seats              | total  | lines                                                                                                                                                                           | is_free_of_charge |
        | OrderUpdated          | order-1  | 1 full, 2 workshop |        |                                                                                                                                                                                 |                   |
        | OrderTotalsCalculated | order-1  |                    | 397.00 | [{"seat_type": "full", "quantity": 1, "unit_price": "199.00", "line_total": "199.00"}, {"seat_type": "workshop", "quantity": 2, "unit_price": "99.00", "line_total": "198.00"}] | false             |

    Scenario: an order whose total could not be written as money, with its cents, is refused
      Given the events:
        | event       | conference_id | seat_type | name   | price                          | quantity |
        | SeatCreated | conf-1        | gold      | Patron | 792281625142643375935439503.35 | 1        |
      When the command is sent:
        | command              | order_id | conference_id | seats  |
        | RegisterToConference | order-1  | conf-1        | 2 gold |
      Then the command is rejected with "order total too large"

    Scenario: an order is priced with the seat's latest price
      Given the events:
        | event       | conference_id | seat_type | name      | price  | quantity |
        | SeatUpdated | conf-1        | full      | Full pass | 249.00 | 100      |
      When the command is sent:
        | command              | order_id | conference_id | seats  |
        | RegisterToConference | order-1  | conf-1        | 2 full |
      Then these events are recorded:
        | event                 | order_id | total  | lines                                                                                  | is_free_of_charge |
        | OrderPlaced           | order-1  |        |                                                                                        |                   |
        | OrderTotalsCalculated | order-1  | 498.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "249.00", "line_total": "498.00"}] | false             |

    Scenario: an order of free seats is free of charge
      When the command is sent:
        | command              | order_id | conference_id | seats     |
        | RegisterToConference | order-1  | conf-1        | 2 speaker |
      Then these events are recorded:
        | event                 | order_id | total | lines                                                                                 | is_free_of_charge |
        | OrderPlaced           | order-1  |       |                                                                                       |                   |
        | OrderTotalsCalculated | order-1  | 0.00  | [{"seat_type": "speaker", "quantity": 2, "unit_price": "0.00", "line_total": "0.00"}] | true              |

    Scenario: an order for a seat type without a price is refused
      When the command is sent:
        | command              | order_id | conference_id | seats         |
        | RegisterToConference | order-1  | conf-1        | 2 full, 1 vip |
      Then the command is rejected with "unknown seat type"

    Scenario: a seat type of another conference has no price in this one
      Given the events:
        | event       | conference_id | seat_type | name | price  | quantity |
        | SeatCreated | conf-2        | vip       | VIP  | 499.00 | 5        |
      When the command is sent:
        | command              | order_id | conference_id | seats |
        | RegisterToConference | order-1  | conf-1        | 1 vip |
      Then the command is rejected with "unknown seat type"

    Scenario: an order with no seats is refused
      When the command is sent:
        | command              | order_id | conference_id | seats              |
        | RegisterToConference | order-1  | conf-1        | 0 full, 0 workshop |
      Then the command is rejected with "no seats"

    Scenario: an order listing no seats at all is refused
      When the command is sent:
        | command              | order_id | conference_id | seats |
        | RegisterToConference | order-1  | conf-1        | []    |
      Then the command is rejected

    Scenario: a confirmed order cannot be changed any more
      Given the events:
        | event          | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced    | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
        | OrderConfirmed | order-1  |               |        |                             |             |
      When the command is sent:
        | command              | order_id | conference_id | seats  |
        | RegisterToConference | order-1  | conf-1        | 3 full |
      Then the command is rejected with "confirmed"

  Rule: the order learns which seats were reserved: all of them, or only some and then it is priced again

    Background:
      Given the events:
        | event       | order_id | conference_id | seats              | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        | SAXSH9      |

    Scenario: an order whose seats are all reserved completes its reservation
      When the command is sent:
        | command             | order_id | seats              | expiration           |
        | MarkSeatsAsReserved | order-1  | 2 full, 1 workshop | 2026-01-05T09:15:00Z |
      Then these events are recorded:
        | event                     | order_id | seats              | reservation_expiration |
        | OrderReservationCompleted | order-1  | 2 full, 1 workshop | 2026-01-05T09:15:00Z   |

    Scenario: the reserved seats may come in another order and still complete the reservation
      When the command is sent:
        | command             | order_id | seats              | expiration           |
        | MarkSeatsAsReserved | order-1  | 1 workshop, 2 full | 2026-01-05T09:15:00Z |
      Then these events are recorded:
        | event                     | order_id | seats              | reservation_expiration |
        | OrderReservationCompleted | order-1  | 1 workshop, 2 full | 2026-01-05T09:15:00Z   |

    Scenario: an order partly reserved is priced again for the seats it got
      When the command is sent:
        | command             | order_id | seats              | expiration           |
        | MarkSeatsAsReserved | order-1  | 1 full, 1 workshop | 2026-01-05T09:15:00Z |
      Then these events are recorded:
        | event                  | order_id | seats              | reservation_expiration | total  | lines                                                                                                                                                                          | is_free_of_charge |
        | OrderPartiallyReserved | order-1  | 1 full, 1 workshop | 2026-01-05T09:15:00Z   |        |                                                                                                                                                                                |                   |
        | OrderTotalsCalculated  | order-1  |                    |                        | 298.00 | [{"seat_type": "full", "quantity": 1, "unit_price": "199.00", "line_total": "199.00"}, {"seat_type": "workshop", "quantity": 1, "unit_price": "99.00", "line_total": "99.00"}] | false             |

    Scenario: seats of a type the order did not ask for leave its reservation complete
      When the command is sent:
        | command             | order_id | seats                        | expiration           |
        | MarkSeatsAsReserved | order-1  | 2 full, 1 workshop, 1 dinner | 2026-01-05T09:15:00Z |
      Then these events are recorded:
        | event                     | order_id | seats                        | reservation_expiration |
        | OrderReservationCompleted | order-1  | 2 full, 1 workshop, 1 dinner | 2026-01-05T09:15:00Z   |

    Scenario: an order that got no seats at all is partly reserved with nothing to pay
      When the command is sent:
        | command             | order_id | seats | expiration           |
        | MarkSeatsAsReserved | order-1  | []    | 2026-01-05T09:15:00Z |
      Then these events are recorded:
        | event                  | order_id | seats | reservation_expiration | total | lines | is_free_of_charge |
        | OrderPartiallyReserved | order-1  | []    | 2026-01-05T09:15:00Z   |       |       |                   |
        | OrderTotalsCalculated  | order-1  |       |                        | 0.00  | []    | true              |

    Scenario: an updated order is completed against its new seats
      Given the events:
        | event        | order_id | seats  |
        | OrderUpdated | order-1  | 3 full |
      When the command is sent:
        | command             | order_id | seats  | expiration           |
        | MarkSeatsAsReserved | order-1  | 3 full | 2026-01-05T09:15:00Z |
      Then these events are recorded:
        | event                     | order_id | seats  | reservation_expiration |
        | OrderReservationCompleted | order-1  | 3 full | 2026-01-05T09:15:00Z   |

    Scenario: a confirmed order's reservation is not marked again
      Given the events:
        | event                     | order_id | seats              | reservation_expiration |
        | OrderReservationCompleted | order-1  | 2 full, 1 workshop | 2026-01-05T09:15:00Z   |
        | OrderConfirmed            | order-1  |                    |                        |
      When the command is sent:
        | command             | order_id | seats  | expiration           |
        | MarkSeatsAsReserved | order-1  | 1 full | 2026-01-05T09:15:00Z |
      Then the command is rejected with "confirmed"

  Rule: an order is given up when asked, unless it is confirmed

    Scenario: rejecting an order expires it
      Given the events:
        | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
      When the command is sent:
        | command     | order_id |
        | RejectOrder | order-1  |
      Then these events are recorded:
        | event        | order_id |
        | OrderExpired | order-1  |

    Scenario: rejecting an order never placed records nothing
      When the command is sent:
        | command     | order_id  |
        | RejectOrder | order-404 |
      Then no events are recorded

    Scenario: a confirmed order is not rejected
      Given the events:
        | event          | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced    | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
        | OrderConfirmed | order-1  |               |        |                             |             |
      When the command is sent:
        | command     | order_id |
        | RejectOrder | order-1  |
      Then the command is rejected with "confirmed"

  Rule: an expired order has released its seats, so it is not changed, marked or confirmed any more

    Background:
      Given the events:
        | event        | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced  | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
        | OrderExpired | order-1  |               |        |                             |             |

    Scenario: an expired order cannot be changed
      When the command is sent:
        | command              | order_id | conference_id | seats  |
        | RegisterToConference | order-1  | conf-1        | 1 full |
      Then the command is rejected with "order expired"

    Scenario: an expired order's reservation is not marked
      When the command is sent:
        | command             | order_id | seats  | expiration           |
        | MarkSeatsAsReserved | order-1  | 2 full | 2026-01-05T09:15:00Z |
      Then the command is rejected with "order expired"

    Scenario: an expired order cannot be confirmed
      When the command is sent:
        | command      | order_id |
        | ConfirmOrder | order-1  |
      Then the command is rejected with "order expired"

    Scenario: rejecting an expired order again records nothing
      When the command is sent:
        | command     | order_id |
        | RejectOrder | order-1  |
      Then no events are recorded

  Rule: the registrant is named and the order is confirmed, after payment or at once when it is free

    Background:
      Given the events:
        | event                     | order_id | conference_id | seats  | reservation_auto_expiration | reservation_expiration | access_code |
        | OrderPlaced               | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        |                        | SAXSH9      |
        | OrderReservationCompleted | order-1  |               | 2 full |                             | 2026-01-05T09:15:00Z   |             |

    Scenario: the registrant of an order is named
      When the command is sent:
        | command                 | order_id | first_name | last_name | email           |
        | AssignRegistrantDetails | order-1  | Ana        | Almeida   | ana@example.com |
      Then these events are recorded:
        | event                   | order_id | first_name | last_name | email           |
        | OrderRegistrantAssigned | order-1  | Ana        | Almeida   | ana@example.com |

    Scenario: confirming an order
      When the command is sent:
        | command      | order_id |
        | ConfirmOrder | order-1  |
      Then these events are recorded:
        | event          | order_id |
        | OrderConfirmed | order-1  |

    Scenario: a free order is confirmed without any payment
      Given the events:
        | event                     | order_id | conference_id | seats     | reservation_auto_expiration | reservation_expiration | access_code | total | lines                                                                                 | is_free_of_charge |
        | OrderPlaced               | order-2  | conf-1        | 2 speaker | 2026-01-05T09:15:00Z        |                        | GKFMFO      |       |                                                                                       |                   |
        | OrderTotalsCalculated     | order-2  |               |           |                             |                        |             | 0.00  | [{"seat_type": "speaker", "quantity": 2, "unit_price": "0.00", "line_total": "0.00"}] | true              |
        | OrderReservationCompleted | order-2  |               | 2 speaker |                             | 2026-01-05T09:15:00Z   |             |       |                                                                                       |                   |
      When the command is sent:
        | command      | order_id |
        | ConfirmOrder | order-2  |
      Then these events are recorded:
        | event          | order_id |
        | OrderConfirmed | order-2  |
