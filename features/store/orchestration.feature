Feature: An order is taken, paid and mailed, one task after the other
  The saga asks for the next task when one completes; workers complete what is asked of them;
  the order view gathers what every worker produced and every event in order.

  Scenario: a request for an order runs the whole flow
    When the command is sent and the system settles:
      | command      | order_id  |
      | RequestOrder | ORD-B384F |
    Then these events are recorded:
      | event            | order_id  | body                        |
      | OrderRequested   | ORD-B384F |                             |
      | OrderCompleted   | ORD-B384F | ORD-B384F_ORDER_COMPLETED   |
      | PaymentRequested | ORD-B384F |                             |
      | PaymentCompleted | ORD-B384F | ORD-B384F_PAYMENT_COMPLETED |
      | MailRequested    | ORD-B384F |                             |
      | MailCompleted    | ORD-B384F | ORD-B384F_MAIL_COMPLETED    |
    And the read model OrderView for ORD-B384F is:
      | type           | detail.body               | mail.body                |
      | MAIL_COMPLETED | ORD-B384F_ORDER_COMPLETED | ORD-B384F_MAIL_COMPLETED |
    And the read model OrderView for ORD-B384F matches the snapshot

  Scenario: the saga asks for the payment once the order is completed
    Given the events:
      | event          | order_id |
      | OrderRequested | ORD-1    |
    When the event is published:
      | event          | order_id | body                  |
      | OrderCompleted | ORD-1    | ORD-1_ORDER_COMPLETED |
    Then these commands are sent:
      | command        | order_id |
      | RequestPayment | ORD-1    |

  Scenario: a worker completes what it is asked
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-2    |
    Then these events are recorded:
      | event          | order_id |
      | OrderRequested | ORD-2    |
    And these commands are sent:
      | command       | order_id | body                  |
      | CompleteOrder | ORD-2    | ORD-2_ORDER_COMPLETED |

  Scenario: a payment is not asked for before its order is completed
    Given the events:
      | event          | order_id |
      | OrderRequested | ORD-3    |
    When the command is sent:
      | command        | order_id |
      | RequestPayment | ORD-3    |
    Then the command is rejected with "is not completed"

  Scenario: a task is not completed twice
    Given the events:
      | event          | order_id | body                  |
      | OrderRequested | ORD-4    |                       |
      | OrderCompleted | ORD-4    | ORD-4_ORDER_COMPLETED |
    When the command is sent:
      | command       | order_id | body  |
      | CompleteOrder | ORD-4    | again |
    Then the command is rejected with "already completed"

  Scenario: the mail comes last, after the payment
    Given the events:
      | event            | order_id | body                    |
      | OrderRequested   | ORD-5    |                         |
      | OrderCompleted   | ORD-5    | ORD-5_ORDER_COMPLETED   |
      | PaymentRequested | ORD-5    |                         |
    When the command is sent:
      | command     | order_id |
      | RequestMail | ORD-5    |
    Then the command is rejected with "payment"
    And the read model OrderView for ORD-5 is:
      | type              | payment | events                                                   |
      | PAYMENT_REQUESTED | null    | ["ORDER_REQUESTED","ORDER_COMPLETED","PAYMENT_REQUESTED"] |

  Scenario: the payment worker completes a requested payment
    Given the events:
      | event            | order_id | body                  |
      | OrderRequested   | ORD-6    |                       |
      | OrderCompleted   | ORD-6    | ORD-6_ORDER_COMPLETED |
    When the event is published:
      | event            | order_id |
      | PaymentRequested | ORD-6    |
    Then these commands are sent:
      | command         | order_id | body                    |
      | CompletePayment | ORD-6    | ORD-6_PAYMENT_COMPLETED |

  Scenario: the mail worker sends a requested mail
    Given the events:
      | event            | order_id | body                    |
      | OrderRequested   | ORD-7    |                         |
      | OrderCompleted   | ORD-7    | ORD-7_ORDER_COMPLETED   |
      | PaymentRequested | ORD-7    |                         |
      | PaymentCompleted | ORD-7    | ORD-7_PAYMENT_COMPLETED |
    When the event is published:
      | event         | order_id |
      | MailRequested | ORD-7    |
    Then these commands are sent:
      | command      | order_id | body                 |
      | CompleteMail | ORD-7    | ORD-7_MAIL_COMPLETED |

  Scenario: a completed payment asks for the mail
    Given the events:
      | event            | order_id | body                  |
      | OrderRequested   | ORD-8    |                       |
      | OrderCompleted   | ORD-8    | ORD-8_ORDER_COMPLETED |
      | PaymentRequested | ORD-8    |                       |
    When the event is published:
      | event            | order_id | body                    |
      | PaymentCompleted | ORD-8    | ORD-8_PAYMENT_COMPLETED |
    Then these commands are sent:
      | command     | order_id |
      | RequestMail | ORD-8    |

  Scenario: an order is requested once
    Given the events:
      | event          | order_id |
      | OrderRequested | ORD-9    |
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-9    |
    Then the command is rejected with "already requested"

  Scenario: a task never requested cannot be completed
    When the command is sent:
      | command      | order_id | body |
      | CompleteMail | ORD-10   | done |
    Then the command is rejected with "never requested"
