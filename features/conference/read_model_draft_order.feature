Feature: The DraftOrder read model shows where an order stands while it is registered
  The registrant sees their order's state, its seats, until when the seats are held once they are
  reserved, its access code and the registrant's email. Each order event comes with its position
  in the order's stream (order_version); an event already seen changes nothing.

  Background:
    Given the events:
      | event       | order_id | conference_id | seats              | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        | SAXSH9      |

  Scenario: a placed order waits for its reservation
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-2  | conf-1        | 1 full | 2026-01-05T09:15:00Z        | GKFMFO      |
    Then the read model DraftOrder for order-2 is:
      | conference_id | state              | lines  | reservation_expiration | access_code | registrant_email | order_version |
      | conf-1        | PendingReservation | 1 full | null                   | GKFMFO      | null             | 1             |

  Scenario: an order whose seats are all reserved shows its reservation completed
    When the event is published:
      | event                     | order_id | seats              | reservation_expiration |
      | OrderReservationCompleted | order-1  | 2 full, 1 workshop | 2026-01-05T09:15:00Z   |
    Then the read model DraftOrder for order-1 is:
      | state                | lines              | reservation_expiration | order_version |
      | ReservationCompleted | 2 full, 1 workshop | 2026-01-05T09:15:00Z   | 2             |
    And the read model DraftOrder for order-1 matches the snapshot

  Scenario: a partly reserved order shows only the seats it got
    When the event is published:
      | event                  | order_id | seats  | reservation_expiration |
      | OrderPartiallyReserved | order-1  | 1 full | 2026-01-05T09:15:00Z   |
    Then the read model DraftOrder for order-1 is:
      | state             | lines  | reservation_expiration |
      | PartiallyReserved | 1 full | 2026-01-05T09:15:00Z   |

  Scenario: an updated order waits for its reservation again, with its new seats
    Given the events:
      | event                     | order_id | seats              | reservation_expiration |
      | OrderReservationCompleted | order-1  | 2 full, 1 workshop | 2026-01-05T09:15:00Z   |
    When the event is published:
      | event        | order_id | seats  |
      | OrderUpdated | order-1  | 3 full |
    Then the read model DraftOrder for order-1 is:
      | state              | lines  | order_version |
      | PendingReservation | 3 full | 3             |

  Scenario: an expired order shows as rejected
    When the event is published:
      | event        | order_id |
      | OrderExpired | order-1  |
    Then the read model DraftOrder for order-1 is:
      | state    | lines              |
      | Rejected | 2 full, 1 workshop |

  Scenario: a confirmed order shows as confirmed
    Given the events:
      | event                     | order_id | seats              | reservation_expiration |
      | OrderReservationCompleted | order-1  | 2 full, 1 workshop | 2026-01-05T09:15:00Z   |
    When the event is published:
      | event          | order_id |
      | OrderConfirmed | order-1  |
    Then the read model DraftOrder for order-1 is:
      | state     | lines              | order_version |
      | Confirmed | 2 full, 1 workshop | 3             |

  Scenario: the registrant's email is shown once the registrant is named
    When the event is published:
      | event                   | order_id | first_name | last_name | email           |
      | OrderRegistrantAssigned | order-1  | Ana        | Almeida   | ana@example.com |
    Then the read model DraftOrder for order-1 is:
      | state              | registrant_email | order_version |
      | PendingReservation | ana@example.com  | 2             |

  Scenario: the totals of an order count as a position of its stream without changing its state
    Given the events:
      | event                 | order_id | total  | lines                                                                                                                                                                          | is_free_of_charge |
      | OrderTotalsCalculated | order-1  | 497.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}, {"seat_type": "workshop", "quantity": 1, "unit_price": "99.00", "line_total": "99.00"}] | false             |
    When the event is published:
      | event                     | order_id | seats              | reservation_expiration |
      | OrderReservationCompleted | order-1  | 2 full, 1 workshop | 2026-01-05T09:15:00Z   |
    Then the read model DraftOrder for order-1 is:
      | state                | order_version |
      | ReservationCompleted | 3             |

  Scenario: an order event delivered twice changes the order once
    When the event is published:
      | event        | order_id | seats  |
      | OrderUpdated | order-1  | 1 full |
    Then the read model DraftOrder for order-1 is:
      | state              | lines  | order_version |
      | PendingReservation | 1 full | 2             |
