Feature: The OrderSeats read model shows who sits in each seat of a confirmed order
  Once an order's seats are open for assignment, the registrant sees every seat by position with
  its attendee, or null while nobody holds it.

  Background:
    Given the events:
      | event                  | order_id | seats                                                                                                                  |
      | SeatAssignmentsCreated | order-1  | [{"position": 0, "seat_type": "full"}, {"position": 1, "seat_type": "full"}, {"position": 2, "seat_type": "workshop"}] |

  Scenario: the seats of a confirmed order are shown with nobody in them
    When the event is published:
      | event                  | order_id | seats                                                                            |
      | SeatAssignmentsCreated | order-2  | [{"position": 0, "seat_type": "workshop"}, {"position": 1, "seat_type": "full"}] |
    Then the read model OrderSeats for order-2 is:
      | seats                                                                                                                |
      | [{"position": 0, "seat_type": "workshop", "attendee": null}, {"position": 1, "seat_type": "full", "attendee": null}] |

  Scenario: an assigned seat shows its attendee
    When the event is published:
      | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email  |
      | SeatAssigned | order-1  | 1        | full      | Ana                 | Almeida            | ana@example.com |
    Then the read model OrderSeats for order-1 is:
      | seats                                                                                                                                                                                                                                             |
      | [{"position": 0, "seat_type": "full", "attendee": null}, {"position": 1, "seat_type": "full", "attendee": {"first_name": "Ana", "last_name": "Almeida", "email": "ana@example.com"}}, {"position": 2, "seat_type": "workshop", "attendee": null}] |
    And the read model OrderSeats for order-1 matches the snapshot

  Scenario: an attendee's new name is shown
    Given the events:
      | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email  |
      | SeatAssigned | order-1  | 1        | full      | Ana                 | Almeida            | ana@example.com |
    When the event is published:
      | event                 | order_id | position | attendee.first_name | attendee.last_name | attendee.email  |
      | SeatAssignmentUpdated | order-1  | 1        | Ana                 | Almeida Silva      | ana@example.com |
    Then the read model OrderSeats for order-1 is:
      | seats                                                                                                                                                                                                                                                   |
      | [{"position": 0, "seat_type": "full", "attendee": null}, {"position": 1, "seat_type": "full", "attendee": {"first_name": "Ana", "last_name": "Almeida Silva", "email": "ana@example.com"}}, {"position": 2, "seat_type": "workshop", "attendee": null}] |

  Scenario: an unassigned seat shows nobody again
    Given the events:
      | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email  |
      | SeatAssigned | order-1  | 1        | full      | Ana                 | Almeida            | ana@example.com |
    When the event is published:
      | event          | order_id | position |
      | SeatUnassigned | order-1  | 1        |
    Then the read model OrderSeats for order-1 is:
      | seats                                                                                                                                                                        |
      | [{"position": 0, "seat_type": "full", "attendee": null}, {"position": 1, "seat_type": "full", "attendee": null}, {"position": 2, "seat_type": "workshop", "attendee": null}] |

  Scenario: a seat passed to someone else shows its new attendee
    Given the events:
      | event          | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email  |
      | SeatAssigned   | order-1  | 0        | full      | Ana                 | Almeida            | ana@example.com |
      | SeatUnassigned | order-1  | 0        |           |                     |                    |                 |
    When the event is published:
      | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email    |
      | SeatAssigned | order-1  | 0        | full      | Bruno               | Costa              | bruno@example.com |
    Then the read model OrderSeats for order-1 is:
      | seats                                                                                                                                                                                                                                               |
      | [{"position": 0, "seat_type": "full", "attendee": {"first_name": "Bruno", "last_name": "Costa", "email": "bruno@example.com"}}, {"position": 1, "seat_type": "full", "attendee": null}, {"position": 2, "seat_type": "workshop", "attendee": null}] |
