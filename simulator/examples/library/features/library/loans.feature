Feature: Books are lent for 14 days, and kept too long they cost a fine

  Background:
    Given the events:
      | event            | member_id | name | book_id | title |
      | MemberRegistered | m-1       | Ann  |         |       |
      | BookAdded        |           |      | b-1     | Dune  |

  Scenario: a member registers
    When the command is sent:
      | command        | member_id | name | email           |
      | RegisterMember | m-3       | Cid  | cid@example.org |
    Then these events are recorded:
      | event            | member_id | name | email           |
      | MemberRegistered | m-3       | Cid  | cid@example.org |

  Scenario: a book joins the shelves
    When the command is sent:
      | command | book_id | title   |
      | AddBook | b-2     | Solaris |
    Then these events are recorded:
      | event     | book_id | title   |
      | BookAdded | b-2     | Solaris |

  Scenario: a registered member borrows a book for 14 days
    When the command is sent:
      | command  | book_id | member_id |
      | LendBook | b-1     | m-1       |
    Then these events are recorded:
      | event    | book_id | member_id | due                  |
      | BookLent | b-1     | m-1       | 2026-01-19T09:00:00Z |
    And these commands are sent:
      | command   | book_id | due                  | delay   |
      | CheckLoan | b-1     | 2026-01-19T09:00:00Z | 14 days |
    And the read model MemberAccount for m-1 is:
      | name | books_on_loan | fines |
      | Ann  | ["b-1"]       | 0     |

  Scenario: a book is lent to one member at a time
    Given the events:
      | event            | member_id | name | book_id | due                  |
      | MemberRegistered | m-2       | Bob  |         |                      |
      | BookLent         | m-1       |      | b-1     | 2026-01-19T09:00:00Z |
    When the command is sent:
      | command  | book_id | member_id |
      | LendBook | b-1     | m-2       |
    Then the command is rejected with "already lent"

  Scenario: only a registered member borrows
    When the command is sent:
      | command  | book_id | member_id |
      | LendBook | b-1     | m-9       |
    Then the command is rejected with "unknown member"

  Scenario: a loan still open at its due date is fined
    Given the events:
      | event    | book_id | member_id | due                  |
      | BookLent | b-1     | m-1       | 2026-01-19T09:00:00Z |
    And the time is 2026-01-19T09:00:00Z
    When the command is sent:
      | command   | book_id | due                  |
      | CheckLoan | b-1     | 2026-01-19T09:00:00Z |
    Then these commands are sent:
      | command    | member_id | book_id | due                  | amount |
      | ChargeFine | m-1       | b-1     | 2026-01-19T09:00:00Z | 5.00   |

  Scenario: fourteen days after a loan, the book still out, its borrower owes a fine
    Given the events:
      | event    | book_id | member_id | due                  |
      | BookLent | b-1     | m-1       | 2026-01-19T09:00:00Z |
    When 14 days pass and the system settles
    Then these events are recorded:
      | event       | member_id | book_id | due                  | amount |
      | MemberFined | m-1       | b-1     | 2026-01-19T09:00:00Z | 5.00   |
    And the read model MemberAccount for m-1 is:
      | books_on_loan | fines | fines_total |
      | ["b-1"]       | 1     | 5.00        |
    And the invariants hold

  Scenario: a book returned in time costs nothing
    Given the events:
      | event    | book_id | member_id | due                  |
      | BookLent | b-1     | m-1       | 2026-01-19T09:00:00Z |
    When the command is sent and the system settles:
      | command    | book_id | member_id |
      | ReturnBook | b-1     | m-1       |
    Then these events are recorded:
      | event        | book_id | member_id | late  |
      | BookReturned | b-1     | m-1       | false |
    And no commands are sent
    And the read model MemberAccount for m-1 is:
      | books_on_loan | fines |
      | []            | 0     |

  Scenario: a book returned late is fined once
    Given the events:
      | event    | book_id | member_id | due                  |
      | BookLent | b-1     | m-1       | 2026-01-19T09:00:00Z |
    And the time is 2026-01-20T09:00:00Z
    When the command is sent and the system settles:
      | command    | book_id | member_id |
      | ReturnBook | b-1     | m-1       |
    Then these events are recorded:
      | event        | book_id | member_id | late | amount |
      | BookReturned | b-1     | m-1       | true |        |
      | MemberFined  | b-1     | m-1       |      | 5.00   |
    And the invariants hold
    And long after, the invariants hold

  Scenario: an older member registration is read in its first form
    Given the events in version 1:
      | event            | member_id | full_name |
      | MemberRegistered | m-2       | Bob       |
    When 1 minute passes
    Then the read model MemberAccount for m-2 is:
      | name |
      | Bob  |
