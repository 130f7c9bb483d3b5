Feature: The seat quota policy carries seat quotas from conference management to seat availability
  Whenever conference management creates a seat type or changes its quantity, the orders context
  learns of it: the seats become available to reserve (AddSeats) or are taken away (RemoveSeats),
  by the difference with the last quantity it knew.

  Scenario: a new seat type adds all its seats
    Given no events
    When the event is published:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
    Then these commands are sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | full      | 100      |

  Scenario: a raised quota adds only the increase
    Given the events:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
    When the event is published:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatUpdated | conf-1        | full      | Full conference | 199.00 | 120      |
    Then these commands are sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | full      | 20       |

  Scenario: a lowered quota removes only the decrease
    Given the events:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
    When the event is published:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatUpdated | conf-1        | full      | Full conference | 199.00 | 80       |
    Then these commands are sent:
      | command     | conference_id | seat_type | quantity |
      | RemoveSeats | conf-1        | full      | 20       |

  Scenario: a quota is compared with the last quantity known, not the first
    Given the events:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
      | SeatUpdated | conf-1        | full      | Full conference | 199.00 | 120      |
    When the event is published:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatUpdated | conf-1        | full      | Full conference | 199.00 | 110      |
    Then these commands are sent:
      | command     | conference_id | seat_type | quantity |
      | RemoveSeats | conf-1        | full      | 10       |

  Scenario: a new price with an unchanged quota sends nothing
    Given the events:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
    When the event is published:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatUpdated | conf-1        | full      | Full conference | 149.00 | 100      |
    Then no commands are sent

  Scenario: each seat type keeps its own quota
    Given the events:
      | event       | conference_id | seat_type | name            | price  | quantity |
      | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
      | SeatCreated | conf-1        | workshop  | Workshop        | 99.00  | 20       |
    When the event is published:
      | event       | conference_id | seat_type | name     | price | quantity |
      | SeatUpdated | conf-1        | workshop  | Workshop | 99.00 | 25       |
    Then these commands are sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | workshop  | 5        |

  Scenario: an organizer's new seat type becomes available to reserve
    Given the events:
      | event             | conference_id | name      | slug      | start_date           | end_date             |
      | ConferenceCreated | conf-1        | CQRS Days | cqrs-days | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z |
    When the command is sent and the system settles:
      | command    | conference_id | seat_type | name            | price  | quantity |
      | CreateSeat | conf-1        | full      | Full conference | 199.00 | 100      |
    Then these events are recorded:
      | event                 | conference_id | seat_type | quantity | seats    |
      | SeatCreated           | conf-1        | full      | 100      |          |
      | AvailableSeatsChanged | conf-1        |           |          | 100 full |
    And these commands are sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | full      | 100      |
    And the read model SeatType for full is:
      | conference_id | name            | price  | quantity | available_quantity |
      | conf-1        | Full conference | 199.00 | 100      | 100                |
