Feature: Numbers compare by value
  DSL.md: numbers and money compare by value, so a whole number may be written with a zero
  fraction (`8.0`), in a cell, inside a JSON cell or in a doc string.

  Background:
    Given the events:
      | event       | conference_id | seat_type | name | price | quantity |
      | SeatCreated | conf-1        | full      | Full | 10    | 10.0     |

  Scenario: a whole number with a zero fraction, in cells and in JSON cells
    When the command is sent:
      | command              | order_id | conference_id | seats                                  |
      | RegisterToConference | o1       | conf-1        | [{"seat_type": "full", "quantity": 2.0}] |
    Then these events are recorded:
      | event                 | seats                                | lines                                                                     |
      | OrderPlaced           | [{"seat_type":"full","quantity":2.0}] |                                                                           |
      | OrderTotalsCalculated |                                      | [{"seat_type":"full","quantity":2.0,"unit_price":"10","line_total":20}] |

  Scenario: in a doc string
    When the command is sent:
      """
      [{"command": "AddSeats", "conference_id": "conf-1", "seat_type": "full", "quantity": 3.0}]
      """
    Then these events are recorded:
      """
      [{"event": "AvailableSeatsChanged", "seats": [{"seat_type": "full", "quantity": 3.00}]}]
      """
    And the read model SeatType for full is:
      | quantity | available_quantity |
      | 10.0     | 3.0                |

  Scenario: an exponent that leaves no fraction, in a cell as in a doc string, and a zero fraction in a literal form
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | full      | 3e0      |
    Then these events are recorded:
      | event                 | seats    |
      | AvailableSeatsChanged | 3.0 full |
    And these events are recorded:
      """
      [{"event": "AvailableSeatsChanged", "seats": [{"seat_type": "full", "quantity": 0.3e1}]}]
      """
    And the read model SeatType for full is:
      | quantity | available_quantity |
      | 1e1      | 30e-1              |

  Scenario: an older stored form's whole numbers by value too, before its upcaster reads them
    Given the events in version 1:
      | event       | conference_id | seat_type | name    | price_cents | quantity |
      | SeatCreated | conf-1        | student   | Student | 2.5e3       | 4.0      |
    And the events in version 1:
      """
      [{"event": "SeatCreated", "conference_id": "conf-1", "seat_type": "speaker", "name": "Speaker",
        "price_cents": 1e4, "quantity": 5.0}]
      """
    When the event is published:
      | event                 | conference_id | seats                |
      | AvailableSeatsChanged | conf-1        | 4 student, 5 speaker |
    Then the read model SeatType for student is:
      | price | available_quantity |
      | 25.00 | 4                  |
    And the read model SeatType for speaker is:
      | price  | available_quantity |
      | 100.00 | 5                  |

  Scenario: an older form's amount written as a JSON number keeps every digit a float holds
    Given the events:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | ord-1    | conf-1        | 1 full | 2026-01-05T09:15:00Z        | ASD456      |
    And the events in version 1:
      """
      [{"event": "OrderTotalsCalculated", "order_id": "ord-1", "total": 92233720368547.75, "lines": []}]
      """
    When 1 minute passes
    Then the read model PricedOrder for ord-1 is:
      | total             |
      | 92233720368547.75 |
