Feature: Seats availability hands out no more seats than a conference has
  Each conference keeps, per seat type, how many seats are still free and which reservations hold
  seats. A reservation gets what it wants if the seats are there, and otherwise what is left; it
  may be adjusted, cancelled (the seats come back) or committed (the seats are sold for good).

  Background:
    Given the events:
      | event                 | conference_id | seats      |
      | AvailableSeatsChanged | conf-1        | 10 full    |
      | AvailableSeatsChanged | conf-1        | 4 workshop |

  Rule: the quota of a seat type goes up and down as conference management says

    Scenario: adding seats makes them available
      When the command is sent:
        | command  | conference_id | seat_type | quantity |
        | AddSeats | conf-1        | full      | 5        |
      Then these events are recorded:
        | event                 | conference_id | seats  |
        | AvailableSeatsChanged | conf-1        | 5 full |

    Scenario: a seat type is known from the moment it is added, even with no seats yet
      When the command is sent:
        | command  | conference_id | seat_type | quantity |
        | AddSeats | conf-1        | speaker   | 0        |
      Then these events are recorded:
        | event                 | conference_id | seats     |
        | AvailableSeatsChanged | conf-1        | 0 speaker |

    Scenario: seats added past what a count holds are refused (10 and these make the most a count holds)
      Given the events:
        | event                 | conference_id | seats                    |
        | AvailableSeatsChanged | conf-1        | 9223372036854775797 full |
      When the command is sent:
        | command  | conference_id | seat_type | quantity |
        | AddSeats | conf-1        | full      | 1        |
      Then the command is rejected with "too many seats"

    Scenario: seats removed past the least a count holds are refused as too few (10 and these make the least)
      Given the events:
        | event                 | conference_id | seats                     |
        | AvailableSeatsChanged | conf-1        | -9223372036854775808 full |
        | AvailableSeatsChanged | conf-1        | -10 full                  |
      When the command is sent:
        | command     | conference_id | seat_type | quantity |
        | RemoveSeats | conf-1        | full      | 1        |
      Then the command is rejected with "too few seats: -9223372036854775808 of full remain"

    Scenario: removing seats takes them away
      When the command is sent:
        | command     | conference_id | seat_type | quantity |
        | RemoveSeats | conf-1        | full      | 3        |
      Then these events are recorded:
        | event                 | conference_id | seats   |
        | AvailableSeatsChanged | conf-1        | -3 full |

    Scenario: seats of a seat type never added cannot be removed, so it never becomes reservable
      When the command is sent:
        | command     | conference_id | seat_type | quantity |
        | RemoveSeats | conf-1        | vip       | 2        |
      Then the command is rejected with "unknown seat type: vip"

  Rule: a reservation gets what it wants, at most what is free plus what it already holds

    Scenario: a reservation gets every seat it wants when they are free
      When the command is sent:
        | command             | conference_id | reservation_id | seats              |
        | MakeSeatReservation | conf-1        | order-1        | 3 full, 2 workshop |
      Then these events are recorded:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 3 full, 2 workshop  | -3 full, -2 workshop    |

    Scenario: the same, written with `*` for every keyword
      * the command is sent:
        | command             | conference_id | reservation_id | seats              |
        | MakeSeatReservation | conf-1        | order-1        | 3 full, 2 workshop |
      * these events are recorded:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 3 full, 2 workshop  | -3 full, -2 workshop    |
      * the invariants hold

    Scenario: `And` and `But` after a `*` step continue the keyword it stands for
      * the command is sent:
        | command             | conference_id | reservation_id | seats  |
        | MakeSeatReservation | conf-1        | order-1        | 1 full |
      * these events are recorded:
        | event         | reservation_id | reservation_details |
        | SeatsReserved | order-1        | 1 full              |
      And no commands are sent
      But the read model SeatType for full is:
        | available_quantity |
        | 9                  |

    Scenario: a reservation of a seat type never added is refused
      When the command is sent:
        | command             | conference_id | reservation_id | seats         |
        | MakeSeatReservation | conf-1        | order-1        | 2 full, 1 vip |
      Then the command is rejected with "unknown seat type"

    Scenario: a reservation may get fewer seats than wanted
      When the command is sent:
        | command             | conference_id | reservation_id | seats               |
        | MakeSeatReservation | conf-1        | order-1        | 12 full, 2 workshop |
      Then these events are recorded:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 10 full, 2 workshop | -10 full, -2 workshop   |
      And the invariants hold

    Scenario: a reservation gets no seats at all when none are left
      Given the events:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 10 full             | -10 full                |
      When the command is sent:
        | command             | conference_id | reservation_id | seats  |
        | MakeSeatReservation | conf-1        | order-2        | 2 full |
      Then these events are recorded:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-2        | []                  | []                      |

    Scenario: a quota lowered below what is held leaves nothing to reserve
      Given the events:
        | event                 | conference_id | reservation_id | seats   | reservation_details | available_seats_changed |
        | SeatsReserved         | conf-1        | order-1        |         | 8 full              | -8 full                 |
        | AvailableSeatsChanged | conf-1        |                | -5 full |                     |                         |
      When the command is sent:
        | command             | conference_id | reservation_id | seats              |
        | MakeSeatReservation | conf-1        | order-2        | 1 full, 1 workshop |
      Then these events are recorded:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-2        | 1 workshop          | -1 workshop             |

    Scenario: reserving again with the same id takes only the extra seats
      Given the events:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 3 full              | -3 full                 |
      When the command is sent:
        | command             | conference_id | reservation_id | seats  |
        | MakeSeatReservation | conf-1        | order-1        | 5 full |
      Then these events are recorded:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 5 full              | -2 full                 |

    Scenario: reserving again with fewer seats gives the rest back, seat types no longer wanted last
      Given the events:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 3 full, 2 workshop  | -3 full, -2 workshop    |
      When the command is sent:
        | command             | conference_id | reservation_id | seats  |
        | MakeSeatReservation | conf-1        | order-1        | 1 full |
      Then these events are recorded:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 1 full              | 2 full, 2 workshop      |

    Scenario: reserving again keeps the seats already held even when no others are free
      Given the events:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 4 full              | -4 full                 |
        | SeatsReserved | conf-1        | order-2        | 6 full              | -6 full                 |
      When the command is sent:
        | command             | conference_id | reservation_id | seats  |
        | MakeSeatReservation | conf-1        | order-1        | 6 full |
      Then these events are recorded:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 4 full              | []                      |

  Rule: a pending reservation is either cancelled, giving its seats back, or committed

    Scenario: cancelling a reservation releases its seats
      Given the events:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 3 full, 2 workshop  | -3 full, -2 workshop    |
      When the command is sent:
        | command               | conference_id | reservation_id |
        | CancelSeatReservation | conf-1        | order-1        |
      Then these events are recorded:
        | event                     | conference_id | reservation_id | available_seats_changed |
        | SeatsReservationCancelled | conf-1        | order-1        | 3 full, 2 workshop      |

    Scenario: cancelling a reservation that holds nothing records nothing
      When the command is sent:
        | command               | conference_id | reservation_id |
        | CancelSeatReservation | conf-1        | order-404      |
      Then no events are recorded

    Scenario: cancelling a reservation already committed records nothing
      Given the events:
        | event                     | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved             | conf-1        | order-1        | 3 full              | -3 full                 |
        | SeatsReservationCommitted | conf-1        | order-1        |                     |                         |
      When the command is sent:
        | command               | conference_id | reservation_id |
        | CancelSeatReservation | conf-1        | order-1        |
      Then no events are recorded

    Scenario: committing a reservation makes it final
      Given the events:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-1        | 3 full              | -3 full                 |
      When the command is sent:
        | command               | conference_id | reservation_id |
        | CommitSeatReservation | conf-1        | order-1        |
      Then these events are recorded:
        | event                     | conference_id | reservation_id |
        | SeatsReservationCommitted | conf-1        | order-1        |

    Scenario: committing a reservation that is no longer pending records nothing
      Given the events:
        | event                     | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved             | conf-1        | order-1        | 3 full              | -3 full                 |
        | SeatsReservationCancelled | conf-1        | order-1        |                     | 3 full                  |
      When the command is sent:
        | command               | conference_id | reservation_id |
        | CommitSeatReservation | conf-1        | order-1        |
      Then no events are recorded

    Scenario: committing a reservation twice records it once
      Given the events:
        | event                     | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved             | conf-1        | order-1        | 3 full              | -3 full                 |
        | SeatsReservationCommitted | conf-1        | order-1        |                     |                         |
      When the command is sent:
        | command               | conference_id | reservation_id |
        | CommitSeatReservation | conf-1        | order-1        |
      Then no events are recorded

    Scenario: committed seats are not handed out again
      Given the events:
        | event                     | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved             | conf-1        | order-1        | 10 full             | -10 full                |
        | SeatsReservationCommitted | conf-1        | order-1        |                     |                         |
      When the command is sent:
        | command             | conference_id | reservation_id | seats  |
        | MakeSeatReservation | conf-1        | order-2        | 1 full |
      Then these events are recorded:
        | event         | conference_id | reservation_id | reservation_details | available_seats_changed |
        | SeatsReserved | conf-1        | order-2        | []                  | []                      |
