Feature: A delay is compared exactly, seconds included
  An order whose reservation runs out at 09:15:30 is given up 14 minutes later, at 09:29:30:
  29 minutes 30 seconds after it was placed at 09:00. A delay of 29 or 30 minutes is not that.

  Scenario: the expiry of an order held to the half minute is scheduled to the second
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:30Z        | SAXSH9      |
    Then these commands are sent:
      | command                   | order_id | reservation_id | delay                 |
      | MakeSeatReservation       |          | order-1        | now                   |
      | ExpireRegistrationProcess | order-1  |                | 29 minutes 30 seconds |

  Scenario: in seconds alone, or in a doc string
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:30Z        | SAXSH9      |
    Then these commands are sent, in any order:
      | command                   | order_id | delay        |
      | ExpireRegistrationProcess | order-1  | 1770 seconds |
      | MakeSeatReservation       |          |              |
    And these commands are sent:
      """
      [{"command": "MakeSeatReservation"},
       {"command": "ExpireRegistrationProcess", "delay": "29 minutes 30 seconds"}]
      """

  Scenario: a delay held to the half second is written with its fraction, as the diff writes it
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:30.500Z    | SAXSH9      |
    Then these commands are sent:
      | command                   | delay                   |
      | MakeSeatReservation       | now                     |
      | ExpireRegistrationProcess | 29 minutes 30.5 seconds |
    And these commands are sent, in any order:
      """
      [{"command": "ExpireRegistrationProcess", "delay": "1770.5 seconds"},
       {"command": "MakeSeatReservation", "delay": "now"}]
      """
