Feature: A payment through a third-party processor ends exactly once
  A registrant pays an order through an outside processor. The payment is started for the order
  (its payment source), and then the processor either completes it or it is cancelled; once it
  has ended it cannot end again.

  Scenario: a payment is initiated for an order
    Given no events
    When the command is sent:
      | command                            | payment_id | payment_source_id | conference_id | description        | total_amount | items                                                    |
      | InitiateThirdPartyProcessorPayment | pay-1      | order-1           | conf-1        | CQRS Days, 2 seats | 398.00       | [{"description": "Full conference", "amount": "398.00"}] |
    Then these events are recorded:
      | event            | payment_id | payment_source_id |
      | PaymentInitiated | pay-1      | order-1           |

  Scenario: the processor completes a payment, for the order it was started for
    Given the events:
      | event            | payment_id | payment_source_id |
      | PaymentInitiated | pay-1      | order-1           |
    When the command is sent:
      | command                            | payment_id |
      | CompleteThirdPartyProcessorPayment | pay-1      |
    Then these events are recorded:
      | event            | payment_id | payment_source_id |
      | PaymentCompleted | pay-1      | order-1           |

  Scenario: a payment is cancelled
    Given the events:
      | event            | payment_id | payment_source_id |
      | PaymentInitiated | pay-1      | order-1           |
    When the command is sent:
      | command                          | payment_id |
      | CancelThirdPartyProcessorPayment | pay-1      |
    Then these events are recorded:
      | event           | payment_id | payment_source_id |
      | PaymentRejected | pay-1      | order-1           |

  Scenario: a payment never started cannot be completed
    Given no events
    When the command is sent:
      | command                            | payment_id |
      | CompleteThirdPartyProcessorPayment | pay-404    |
    Then the command is rejected with "payment not initiated"

  Scenario: a payment is not completed twice
    Given the events:
      | event            | payment_id | payment_source_id |
      | PaymentInitiated | pay-1      | order-1           |
      | PaymentCompleted | pay-1      | order-1           |
    When the command is sent:
      | command                            | payment_id |
      | CompleteThirdPartyProcessorPayment | pay-1      |
    Then the command is rejected with "payment already completed"

  Scenario: a cancelled payment cannot be completed afterwards
    Given the events:
      | event            | payment_id | payment_source_id |
      | PaymentInitiated | pay-1      | order-1           |
      | PaymentRejected  | pay-1      | order-1           |
    When the command is sent:
      | command                            | payment_id |
      | CompleteThirdPartyProcessorPayment | pay-1      |
    Then the command is rejected

  Scenario: a payment never started cannot be cancelled
    Given no events
    When the command is sent:
      | command                          | payment_id |
      | CancelThirdPartyProcessorPayment | pay-404    |
    Then the command is rejected

  Scenario: a completed payment cannot be cancelled
    Given the events:
      | event            | payment_id | payment_source_id |
      | PaymentInitiated | pay-1      | order-1           |
      | PaymentCompleted | pay-1      | order-1           |
    When the command is sent:
      | command                          | payment_id |
      | CancelThirdPartyProcessorPayment | pay-1      |
    Then the command is rejected with "payment already completed"

  Scenario: a payment is not cancelled twice
    Given the events:
      | event            | payment_id | payment_source_id |
      | PaymentInitiated | pay-1      | order-1           |
      | PaymentRejected  | pay-1      | order-1           |
    When the command is sent:
      | command                          | payment_id |
      | CancelThirdPartyProcessorPayment | pay-1      |
    Then the command is rejected
