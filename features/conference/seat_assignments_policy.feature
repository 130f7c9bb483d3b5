Feature: The seat assignments policy opens a confirmed order's seats for assignment
  Once an order is confirmed, its registrant can say who sits in each seat. The policy asks for
  the order's seat assignments with the seats the order holds at that moment: as placed, as
  updated, or as reserved when fewer seats than wanted could be reserved.

  Scenario: a confirmed order opens its seats for assignment
    Given the events:
      | event                     | order_id | conference_id | seats              | reservation_auto_expiration | reservation_expiration | access_code |
      | OrderPlaced               | order-1  | conf-1        | 2 full, 1 workshop | 2026-01-05T09:15:00Z        |                        | SAXSH9      |
      | OrderReservationCompleted | order-1  |               | 2 full, 1 workshop |                             | 2026-01-05T09:15:00Z   |             |
    When the event is published:
      | event          | order_id |
      | OrderConfirmed | order-1  |
    Then these commands are sent:
      | command               | order_id | seats              |
      | CreateSeatAssignments | order-1  | 2 full, 1 workshop |

  Scenario: a partly reserved order opens only the seats it got
    Given the events:
      | event                  | order_id | conference_id | seats              | reservation_auto_expiration | reservation_expiration | access_code |
      | OrderPlaced            | order-1  | conf-1        | 4 full, 1 workshop | 2026-01-05T09:15:00Z        |                        | SAXSH9      |
      | OrderPartiallyReserved | order-1  |               | 2 full, 1 workshop |                             | 2026-01-05T09:15:00Z   |             |
    When the event is published:
      | event          | order_id |
      | OrderConfirmed | order-1  |
    Then these commands are sent:
      | command               | order_id | seats              |
      | CreateSeatAssignments | order-1  | 2 full, 1 workshop |

  Scenario: an updated order opens the seats it was updated to
    Given the events:
      | event        | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced  | order-1  | conf-1        | 1 full | 2026-01-05T09:15:00Z        | SAXSH9      |
      | OrderUpdated | order-1  |               | 3 full |                             |             |
    When the event is published:
      | event          | order_id |
      | OrderConfirmed | order-1  |
    Then these commands are sent:
      | command               | order_id | seats  |
      | CreateSeatAssignments | order-1  | 3 full |

  Scenario: an order confirmed again does not open its seats twice
    Given the events:
      | event          | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced    | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
      | OrderConfirmed | order-1  |               |        |                             |             |
    When the event is published:
      | event          | order_id |
      | OrderConfirmed | order-1  |
    Then no commands are sent

  Scenario: an order not yet confirmed has no seats to assign
    Given the events:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
    When the event is published:
      | event                     | order_id | seats  | reservation_expiration |
      | OrderReservationCompleted | order-1  | 2 full | 2026-01-05T09:15:00Z   |
    Then no commands are sent
