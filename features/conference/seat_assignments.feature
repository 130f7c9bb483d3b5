Feature: The seats of a confirmed order are assigned to attendees
  A confirmed order's seats are numbered from 0, one position per seat, in the order's seat order.
  The registrant then says who sits in each seat. An attendee is known by their email: giving a
  seat to another email first frees it, the same email with a new name only updates the name.

  Background:
    Given the events:
      | event                  | order_id | seats                                                                                                                  |
      | SeatAssignmentsCreated | order-1  | [{"position": 0, "seat_type": "full"}, {"position": 1, "seat_type": "full"}, {"position": 2, "seat_type": "workshop"}] |

  Rule: the seats of a confirmed order are numbered from 0

    Scenario: seat assignments number the seats from 0, in seat order
      When the command is sent:
        | command               | order_id | seats              |
        | CreateSeatAssignments | order-2  | 2 full, 1 workshop |
      Then these events are recorded:
        | event                  | order_id | seats                                                                                                                  |
        | SeatAssignmentsCreated | order-2  | [{"position": 0, "seat_type": "full"}, {"position": 1, "seat_type": "full"}, {"position": 2, "seat_type": "workshop"}] |

  Rule: a seat goes to one attendee, known by their email

    Scenario: a free seat is assigned to an attendee
      When the command is sent:
        | command    | order_id | position | attendee.first_name | attendee.last_name | attendee.email    |
        | AssignSeat | order-1  | 2        | Bruno               | Costa              | bruno@example.com |
      Then these events are recorded:
        | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email    |
        | SeatAssigned | order-1  | 2        | workshop  | Bruno               | Costa              | bruno@example.com |

    Scenario: a seat is not assigned to an attendee without an email
      When the command is sent:
        | command    | order_id | position | attendee.first_name | attendee.last_name |
        | AssignSeat | order-1  | 0        | Bruno               | Costa              |
      Then the command is rejected

    Scenario: a seat is not assigned to an attendee whose email is empty
      When the command is sent:
        | command    | order_id | position | attendee.first_name | attendee.last_name | attendee.email |
        | AssignSeat | order-1  | 0        | Bruno               | Costa              | ""             |
      Then the command is rejected

    Scenario: a seat at an unknown position cannot be assigned
      When the command is sent:
        | command    | order_id | position | attendee.first_name | attendee.last_name | attendee.email    |
        | AssignSeat | order-1  | 3        | Bruno               | Costa              | bruno@example.com |
      Then the command is rejected with "unknown position"

    Scenario: a seat given to someone else is first taken from its attendee
      Given the events:
        | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email  |
        | SeatAssigned | order-1  | 0        | full      | Ana                 | Almeida            | ana@example.com |
      When the command is sent:
        | command    | order_id | position | attendee.first_name | attendee.last_name | attendee.email    |
        | AssignSeat | order-1  | 0        | Bruno               | Costa              | bruno@example.com |
      Then these events are recorded:
        | event          | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email    |
        | SeatUnassigned | order-1  | 0        |           |                     |                    |                   |
        | SeatAssigned   | order-1  | 0        | full      | Bruno               | Costa              | bruno@example.com |

    Scenario: the same attendee with another name only updates the assignment
      Given the events:
        | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email  |
        | SeatAssigned | order-1  | 0        | full      | Ana                 | Almeida            | ana@example.com |
      When the command is sent:
        | command    | order_id | position | attendee.first_name | attendee.last_name | attendee.email  |
        | AssignSeat | order-1  | 0        | Ana                 | Almeida Silva      | ana@example.com |
      Then these events are recorded:
        | event                 | order_id | position | attendee.first_name | attendee.last_name | attendee.email  |
        | SeatAssignmentUpdated | order-1  | 0        | Ana                 | Almeida Silva      | ana@example.com |

    Scenario: an email written in other capitals is the same attendee
      Given the events:
        | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email  |
        | SeatAssigned | order-1  | 0        | full      | Ana                 | Almeida            | ana@example.com |
      When the command is sent:
        | command    | order_id | position | attendee.first_name | attendee.last_name | attendee.email  |
        | AssignSeat | order-1  | 0        | Ana Maria           | Almeida            | Ana@Example.com |
      Then these events are recorded:
        | event                 | order_id | position | attendee.first_name | attendee.last_name |
        | SeatAssignmentUpdated | order-1  | 0        | Ana Maria           | Almeida            |

    Scenario: assigning a seat to the attendee who already has it records nothing
      Given the events:
        | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email  |
        | SeatAssigned | order-1  | 0        | full      | Ana                 | Almeida            | ana@example.com |
      When the command is sent:
        | command    | order_id | position | attendee.first_name | attendee.last_name | attendee.email  |
        | AssignSeat | order-1  | 0        | Ana                 | Almeida            | ana@example.com |
      Then no events are recorded

  Rule: a seat can be freed again

    Scenario: unassigning a seat frees it
      Given the events:
        | event        | order_id | position | seat_type | attendee.first_name | attendee.last_name | attendee.email  |
        | SeatAssigned | order-1  | 1        | full      | Ana                 | Almeida            | ana@example.com |
      When the command is sent:
        | command      | order_id | position |
        | UnassignSeat | order-1  | 1        |
      Then these events are recorded:
        | event          | order_id | position |
        | SeatUnassigned | order-1  | 1        |

    Scenario: unassigning a seat nobody holds records nothing
      When the command is sent:
        | command      | order_id | position |
        | UnassignSeat | order-1  | 1        |
      Then no events are recorded
