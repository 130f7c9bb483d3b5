Feature: The SeatType read model shows each seat type, its price and how many seats are left
  Buyers see a seat type as conference management describes it, with the seats still available
  as the conference's seats availability says. Availability events come with their position in the
  conference's SeatsAvailability stream (availability_version): one already seen is not counted
  again, which is why every scenario here also holds when each event is delivered twice.

  Background:
    Given the events:
      | event       | conference_id | seat_type | name            | description          | price  | quantity |
      | SeatCreated | conf-1        | full      | Full conference | Both days, all talks | 199.00 | 100      |

  Scenario: a new seat type is shown with no seats available yet
    When the event is published:
      | event       | conference_id | seat_type | name     | description  | price | quantity |
      | SeatCreated | conf-1        | workshop  | Workshop | Hands-on day | 99.00 | 20       |
    Then the read model SeatType for workshop is:
      | conference_id | name     | description  | price | quantity | available_quantity | availability_version |
      | conf-1        | Workshop | Hands-on day | 99.00 | 20       | 0                  | null                 |

  Scenario: added seats become available
    When the event is published:
      | event                 | conference_id | seats    |
      | AvailableSeatsChanged | conf-1        | 100 full |
    Then the read model SeatType for full is:
      | name            | price  | quantity | available_quantity | availability_version |
      | Full conference | 199.00 | 100      | 100                | 1                    |

  Scenario: reserved seats are no longer available
    Given the events:
      | event                 | conference_id | seats    |
      | AvailableSeatsChanged | conf-1        | 100 full |
    When the event is published:
      | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
      | SeatsReserved | conf-1        | order-1        | 3 full              | -3 full                 |
    Then the read model SeatType for full is:
      | available_quantity | availability_version |
      | 97                 | 2                    |

  Scenario: a cancelled reservation makes its seats available again
    Given the events:
      | event                 | conference_id | reservation_id | seats    | reservation_details | available_seats_changed |
      | AvailableSeatsChanged | conf-1        |                | 100 full |                     |                         |
      | SeatsReserved         | conf-1        | order-1        |          | 3 full              | -3 full                 |
    When the event is published:
      | event                     | conference_id | reservation_id | available_seats_changed |
      | SeatsReservationCancelled | conf-1        | order-1        | 3 full                  |
    Then the read model SeatType for full is:
      | available_quantity | availability_version |
      | 100                | 3                    |

  Scenario: removed seats are taken off what is available
    Given the events:
      | event                 | conference_id | seats    |
      | AvailableSeatsChanged | conf-1        | 100 full |
    When the event is published:
      | event                 | conference_id | seats    |
      | AvailableSeatsChanged | conf-1        | -30 full |
    Then the read model SeatType for full is:
      | available_quantity | availability_version |
      | 70                 | 2                    |

  Scenario: a reservation of several seat types counts each one
    Given the events:
      | event                 | conference_id | seat_type | name     | price | quantity | seats       |
      | SeatCreated           | conf-1        | workshop  | Workshop | 99.00 | 20       |             |
      | AvailableSeatsChanged | conf-1        |           |          |       |          | 100 full    |
      | AvailableSeatsChanged | conf-1        |           |          |       |          | 20 workshop |
    When the event is published:
      | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
      | SeatsReserved | conf-1        | order-1        | 2 full, 5 workshop  | -2 full, -5 workshop    |
    Then the read model SeatType for full is:
      | available_quantity | availability_version |
      | 98                 | 3                    |
    And the read model SeatType for workshop is:
      | available_quantity | availability_version |
      | 15                 | 3                    |

  Scenario: an availability event delivered twice is counted once
    Given the events:
      | event                 | conference_id | seats    |
      | AvailableSeatsChanged | conf-1        | 100 full |
    When the event is published:
      | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
      | SeatsReserved | conf-1        | order-1        | 10 full             | -10 full                |
    Then the read model SeatType for full is:
      | available_quantity | availability_version |
      | 90                 | 2                    |

  Scenario: a seat type's new details replace the old ones, its availability aside
    Given the events:
      | event                 | conference_id | seats    |
      | AvailableSeatsChanged | conf-1        | 100 full |
    When the event is published:
      | event       | conference_id | seat_type | name      | description       | price  | quantity |
      | SeatUpdated | conf-1        | full      | Full pass | Now with a dinner | 249.00 | 120      |
    Then the read model SeatType for full is:
      | conference_id | name      | description       | price  | quantity | available_quantity | availability_version |
      | conf-1        | Full pass | Now with a dinner | 249.00 | 120      | 100                | 1                    |
    And the read model SeatType for full matches the snapshot
