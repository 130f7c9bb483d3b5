Feature: History stored in older forms reads as today's events
  Events are stored for good. When an event changes shape, what was stored before is read
  through an upcaster, so that years-old orders and seat types still mean what they meant:
  - OrderPaymentConfirmed (version 1) was renamed OrderConfirmed;
  - OrderTotalsCalculated version 1 had no is_free_of_charge: an order was free exactly when its total was 0;
  - SeatCreated and SeatUpdated version 1 stored the price in whole cents, as price_cents.
  Every other event is stored in version 1, which is also its current form.

  Rule: a payment confirmation stored in version 1 is an OrderConfirmed

    Scenario: an order confirmed under the old name cannot be rejected any more
      Given the events in version 1:
        | event                 | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
        | OrderPlaced           | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
        | OrderPaymentConfirmed | order-1  |               |        |                             |             |
      When the command is sent:
        | command     | order_id |
        | RejectOrder | order-1  |
      Then the command is rejected with "confirmed"
      And the read model DraftOrder for order-1 is:
        | state     |
        | Confirmed |

    Scenario: an order confirmed under the old name does not expire
      Given the events:
        | event         | order_id | conference_id | seats  | reservation_auto_expiration | access_code | reservation_id | reservation_details | available_seats_changed |
        | OrderPlaced   | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |                |                     |                         |
        | SeatsReserved |          | conf-1        |        |                             |             | order-1        | 2 full              | -2 full                 |
      And the events in version 1:
        """
        [{"event": "OrderPaymentConfirmed", "order_id": "order-1"}]
        """
      When 29 minutes pass
      Then no commands are sent
      And the read model PricedOrder for order-1 is:
        | reservation_expiration |
        | null                   |

  Rule: totals stored in version 1 are free of charge exactly when their total is 0

    Background:
      Given the events:
        | event       | conference_id | seat_type | name            | price  | quantity |
        | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
        | SeatCreated | conf-1        | speaker   | Speaker         | 0.00   | 10       |

    Scenario: old totals of a paying order read as not free of charge
      Given the events in version 1:
        | event                 | order_id | conference_id | seats  | reservation_auto_expiration | access_code | total  | lines                                                                                  |
        | OrderPlaced           | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |        |                                                                                        |
        | OrderTotalsCalculated | order-1  |               |        |                             |             | 398.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}] |
      When the event is published:
        | event          | order_id |
        | OrderConfirmed | order-1  |
      Then the read model PricedOrder for order-1 is:
        | total  | is_free_of_charge | reservation_expiration | lines                                                                                                                    |
        | 398.00 | false             | null                   | [{"seat_type": "full", "description": "Full conference", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}] |

    Scenario: old totals of an order with nothing to pay read as free of charge
      Given the events in version 1:
        """
        [{"event": "OrderPlaced", "order_id": "order-2", "conference_id": "conf-1", "seats": "2 speaker",
          "reservation_auto_expiration": "2026-01-05T09:15:00Z", "access_code": "GKFMFO"},
         {"event": "OrderTotalsCalculated", "order_id": "order-2", "total": "0.00",
          "lines": [{"seat_type": "speaker", "quantity": 2, "unit_price": "0.00", "line_total": "0.00"}]}]
        """
      When the event is published:
        | event          | order_id |
        | OrderConfirmed | order-2  |
      Then the read model PricedOrder for order-2 is:
        | total | is_free_of_charge | reservation_expiration |
        | 0.00  | true              | null                   |

  Rule: seat prices stored in whole cents (price_cents, version 1) read as decimal prices

    Scenario: a seat type stored with its price in cents is shown with a decimal price
      Given the events in version 1:
        | event       | conference_id | seat_type | name            | description          | price_cents | quantity |
        | SeatCreated | conf-1        | full      | Full conference | Both days, all talks | 19950       | 100      |
      When the event is published:
        | event                 | conference_id | seats    |
        | AvailableSeatsChanged | conf-1        | 100 full |
      Then the read model SeatType for full is:
        | name            | price  | quantity | available_quantity |
        | Full conference | 199.50 | 100      | 100                |

    Scenario: an order is priced with a seat price stored in cents
      Given the events in version 1:
        | event       | conference_id | seat_type | name            | price_cents | quantity |
        | SeatCreated | conf-1        | full      | Full conference | 19900       | 100      |
        | SeatCreated | conf-1        | workshop  | Workshop        | 9900        | 20       |
      When the command is sent:
        | command              | order_id | conference_id | seats              |
        | RegisterToConference | order-1  | conf-1        | 2 full, 1 workshop |
      Then these events are recorded:
        | event                 | order_id | total  | lines                                                                                                                                                                          | is_free_of_charge |
        | OrderPlaced           | order-1  |        |                                                                                                                                                                                |                   |
        | OrderTotalsCalculated | order-1  | 497.00 | [{"seat_type": "full", "quantity": 2, "unit_price": "199.00", "line_total": "398.00"}, {"seat_type": "workshop", "quantity": 1, "unit_price": "99.00", "line_total": "99.00"}] | false             |

    Scenario: a seat update stored with its price in cents prices later orders
      Given the events in version 1:
        """
        [{"event": "SeatCreated", "conference_id": "conf-1", "seat_type": "full", "name": "Full conference",
          "description": null, "price_cents": 19900, "quantity": 100},
         {"event": "SeatUpdated", "conference_id": "conf-1", "seat_type": "full", "name": "Full pass",
          "description": "Now with a dinner", "price_cents": 24900, "quantity": 120}]
        """
      When the command is sent:
        | command              | order_id | conference_id | seats  |
        | RegisterToConference | order-1  | conf-1        | 1 full |
      Then these events are recorded:
        | event                 | order_id | total  | lines                                                                                  |
        | OrderPlaced           | order-1  |        |                                                                                        |
        | OrderTotalsCalculated | order-1  | 249.00 | [{"seat_type": "full", "quantity": 1, "unit_price": "249.00", "line_total": "249.00"}] |
      And the read model SeatType for full is:
        | name      | price  | quantity |
        | Full pass | 249.00 | 120      |

    Scenario: seat types stored in cents keep their quotas flowing to availability
      Given the events in version 1:
        | event       | conference_id | seat_type | name            | price_cents | quantity |
        | SeatCreated | conf-1        | full      | Full conference | 19900       | 100      |
      When the event is published:
        | event       | conference_id | seat_type | name            | price  | quantity |
        | SeatUpdated | conf-1        | full      | Full conference | 199.00 | 150      |
      Then these commands are sent:
        | command  | conference_id | seat_type | quantity |
        | AddSeats | conf-1        | full      | 50       |
