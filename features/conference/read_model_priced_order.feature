Feature: The PricedOrder read model shows what an order costs and until when its seats are held
  The registrant is asked to pay the order's lines, each described by its seat type's name as it
  was when the order was priced, and the total. A confirmed order is no longer held against a
  deadline; an expired order has nothing left to pay and disappears.

  Background:
    Given the events:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
      | SeatCreated | conf-1        | workshop  | Workshop        | 99.00  | 20       |
      | SeatCreated | conf-1        | speaker   | Speaker         | 0.00   | 10       |
    And the events:
      | event       | order_id | conference_id | seats              | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        | SAXSH9      |

  Scenario: a placed order is held until its automatic expiration, not yet priced
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-2  | conf-1        | 1 full | 2026-01-05T09:20:00Z        | GKFMFO      |
    Then the read model PricedOrder for order-2 is:
      | total | is_free_of_charge | reservation_expiration | lines | order_version |
      | null  | null              | 2026-01-05T09:20:00Z   | []    | 1             |

  Scenario: a priced order lists its lines, each described by its seat type's name
    When the event is published:
      | event                 | order_id | total  | lines                                                                                                                                                                          | is_free_of_charge |
      | OrderTotalsCalculated | order-1  | 497.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}, {"seat_type": "workshop", "quantity": 1, "unit_price": "99.00", "line_total": "99.00"}] | false             |
    Then the read model PricedOrder for order-1 is:
      | total  | is_free_of_charge | reservation_expiration | lines                                                                                                                                                                                                                                       | order_version |
      | 497.00 | false             | 2026-01-05T09:15:00Z   | [{"seat_type": "full", "description": "Full conference", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}, {"seat_type": "workshop", "description": "Workshop", "quantity": 1, "unit_price": "99.00", "line_total": "99.00"}] | 2             |
    And the read model PricedOrder for order-1 matches the snapshot

  Scenario: new totals replace the old lines
    Given the events:
      | event                 | order_id | total  | lines                                                                                                                                                                          | is_free_of_charge |
      | OrderTotalsCalculated | order-1  | 497.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}, {"seat_type": "workshop", "quantity": 1, "unit_price": "99.00", "line_total": "99.00"}] | false             |
    When the event is published:
      | event                 | order_id | total  | lines                                                                                  | is_free_of_charge |
      | OrderTotalsCalculated | order-1  | 199.00 | [{"seat_type": "full", "quantity": 1, "unit_price": "199.00", "line_total": "199.00"}] | false             |
    Then the read model PricedOrder for order-1 is:
      | total  | lines                                                                                                                    | order_version |
      | 199.00 | [{"seat_type": "full", "description": "Full conference", "quantity": 1, "unit_price": "199.00", "line_total": "199.00"}] | 3             |

  Scenario: a line keeps the seat type's name from when the order was priced
    Given the events:
      | event                 | order_id | total  | lines                                                                                  | is_free_of_charge |
      | OrderTotalsCalculated | order-1  | 398.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}] | false             |
    When the event is published:
      | event       | conference_id | seat_type | name      | price  | quantity |
      | SeatUpdated | conf-1        | full      | Full pass | 249.00 | 100      |
    Then the read model PricedOrder for order-1 is:
      | total  | lines                                                                                                                    |
      | 398.00 | [{"seat_type": "full", "description": "Full conference", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}] |

  Scenario: an order priced after a seat type was renamed describes its line with the new name
    Given the events:
      | event       | conference_id | seat_type | name      | price  | quantity |
      | SeatUpdated | conf-1        | full      | Full pass | 199.00 | 100      |
    When the event is published:
      | event                 | order_id | total  | lines                                                                                  | is_free_of_charge |
      | OrderTotalsCalculated | order-1  | 398.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}] | false             |
    Then the read model PricedOrder for order-1 is:
      | lines                                                                                                              |
      | [{"seat_type": "full", "description": "Full pass", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}] |

  Scenario: a free order shows it is free of charge
    When the event is published:
      | event                 | order_id | total | lines                                                                                 | is_free_of_charge |
      | OrderTotalsCalculated | order-1  | 0.00  | [{"seat_type": "speaker", "quantity": 2, "unit_price": "0.00", "line_total": "0.00"}] | true              |
    Then the read model PricedOrder for order-1 is:
      | total | is_free_of_charge | lines                                                                                                           |
      | 0.00  | true              | [{"seat_type": "speaker", "description": "Speaker", "quantity": 2, "unit_price": "0.00", "line_total": "0.00"}] |

  Scenario: a confirmed order is no longer held against a deadline
    When the event is published:
      | event          | order_id |
      | OrderConfirmed | order-1  |
    Then the read model PricedOrder for order-1 is:
      | reservation_expiration | order_version |
      | null                   | 2             |

  Scenario: an expired order has no priced order any more
    Given the events:
      | event                 | order_id | total  | lines                                                                                  | is_free_of_charge |
      | OrderTotalsCalculated | order-1  | 398.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}] | false             |
    When the event is published:
      | event        | order_id |
      | OrderExpired | order-1  |
    Then the read model PricedOrder has no entry for order-1
