Feature: Every step that takes a table takes a doc string instead
  DSL.md: instead of a table, a step may carry a doc string holding a JSON array of objects, each
  with an `event` or `command` key beside its fields. Then-steps read them as their tables: keys
  left out are not compared, a command's `delay` is written as the delay column's cells are, and
  a read model's one row is one object.

  Background:
    Given the events:
      """json
      [{"event": "SeatCreated", "conference_id": "conf-1", "seat_type": "full", "name": "Full",
        "description": null, "price": "199.00", "quantity": 10},
       {"event": "AvailableSeatsChanged", "conference_id": "conf-1", "seats": "10 full"}]
      """

  Scenario: the events recorded, in order and in any order
    When the command is sent:
      ```json
      [{"command": "MakeSeatReservation", "conference_id": "conf-1", "reservation_id": "r1", "seats": "3 full"}]
      ```
    Then these events are recorded:
      """
      [{"event": "SeatsReserved", "conference_id": "conf-1", "reservation_id": "r1",
        "reservation_details": [{"seat_type": "full", "quantity": 3}], "available_seats_changed": "-3 full"}]
      """
    And these events are recorded, in any order:
      """
      [{"event": "SeatsReserved", "reservation_id": "r1", "conference_id": "<any>"}]
      """

  Scenario: "<any>" stands for a value wherever it is written, in a nested list too
    When the command is sent:
      | command             | conference_id | reservation_id | seats  |
      | MakeSeatReservation | conf-1        | r2             | 4 full |
    Then these events are recorded:
      """
      [{"event": "SeatsReserved", "reservation_id": "r2",
        "reservation_details": [{"seat_type": "full", "quantity": "<any>"}]}]
      """
    And these events are recorded:
      | event         | reservation_details                          |
      | SeatsReserved | [{"seat_type": "<any>", "quantity": 4}]      |

  Scenario: the commands sent, one of them later
    When the event is published:
      """
      [{"event": "OrderPlaced", "order_id": "o1", "conference_id": "conf-1", "seats": "2 full",
        "reservation_auto_expiration": "2026-01-05T09:15:00Z", "access_code": "ABC123"}]
      """
    Then these commands are sent:
      """
      [{"command": "MakeSeatReservation", "conference_id": "conf-1", "reservation_id": "o1", "seats": "2 full", "delay": "now"},
       {"command": "ExpireRegistrationProcess", "order_id": "o1", "delay": "29 minutes"}]
      """
    And these commands are sent, in any order:
      """
      [{"command": "ExpireRegistrationProcess", "order_id": "o1"},
       {"command": "MakeSeatReservation", "reservation_id": "o1"}]
      """

  Scenario: a read model's entry
    When the event is published:
      """
      [{"event": "AvailableSeatsChanged", "conference_id": "conf-1", "seats": "-2 full"}]
      """
    Then the read model SeatType for full is:
      """
      {"available_quantity": 8, "price": 199, "name": "Full"}
      """
    And the read model SeatType for full is:
      """
      [{"available_quantity": 8}]
      """

  Scenario: one field of a nested object, named by a dotted key as a dotted column names it
    Given the events:
      """
      [{"event": "SeatAssignmentsCreated", "order_id": "o1", "seats": [{"position": 0, "seat_type": "full"}]}]
      """
    When the command is sent:
      """
      [{"command": "AssignSeat", "order_id": "o1", "position": 0,
        "attendee.email": "ana@example.com", "attendee.first_name": "Ana", "attendee.last_name": "Almeida"}]
      """
    Then these events are recorded:
      """
      [{"event": "SeatAssigned", "attendee.email": "ana@example.com"}]
      """
