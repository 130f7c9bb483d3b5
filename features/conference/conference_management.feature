Feature: Conference management keeps a conference's details, its publication and its seat types
  An organizer creates a conference, describes it, puts it on sale and defines the seat types it
  sells, each with a price and a quota. Conference management is a simple record of these facts:
  it refuses only what makes no sense (an unknown conference or seat type, a negative price or quota).

  Rule: a conference is created once and changed only once it exists

    Scenario: an organizer creates a conference
      Given no events
      When the command is sent:
        | command          | conference_id | name      | slug      | description                | location | tagline        | start_date           | end_date             | owner_name  | owner_email     |
        | CreateConference | conf-1        | CQRS Days | cqrs-days | Two days of event sourcing | Lisbon   | Events, please | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z | Ana Almeida | ana@example.com |
      Then these events are recorded:
        | event             | conference_id | name      | slug      | description                | location | tagline        | start_date           | end_date             | owner_name  | owner_email     |
        | ConferenceCreated | conf-1        | CQRS Days | cqrs-days | Two days of event sourcing | Lisbon   | Events, please | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z | Ana Almeida | ana@example.com |

    Scenario: a backslash in a cell that escapes nothing is kept as written
      Given no events
      When the command is sent:
        | command          | conference_id | name          | slug      | location       | start_date           | end_date             |
        | CreateConference | conf-1        | Paths \ Pipes | cqrs-days | C:\Lisbon\Hall | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z |
      Then the read model Conference for conf-1 is:
        | name          | location       |
        | Paths \ Pipes | C:\Lisbon\Hall |

    Scenario: a conference is not created twice
      Given the events:
        | event             | conference_id | name      | slug      | start_date           | end_date             |
        | ConferenceCreated | conf-1        | CQRS Days | cqrs-days | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z |
      When the command is sent:
        | command          | conference_id | name        | slug        | start_date           | end_date             |
        | CreateConference | conf-1        | CQRS Days 2 | cqrs-days-2 | 2026-04-10T09:00:00Z | 2026-04-11T18:00:00Z |
      Then the command is rejected with "conference already exists"

    Scenario: an organizer changes a conference's details
      Given the events:
        | event             | conference_id | name      | slug      | start_date           | end_date             |
        | ConferenceCreated | conf-1        | CQRS Days | cqrs-days | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z |
      When the command is sent:
        | command          | conference_id | name           | slug      | location | start_date           | end_date             |
        | UpdateConference | conf-1        | CQRS Days 2026 | cqrs-days | Porto    | 2026-03-12T09:00:00Z | 2026-03-13T18:00:00Z |
      Then these events are recorded:
        | event             | conference_id | name           | slug      | location | start_date           | end_date             |
        | ConferenceUpdated | conf-1        | CQRS Days 2026 | cqrs-days | Porto    | 2026-03-12T09:00:00Z | 2026-03-13T18:00:00Z |

    Scenario: an unknown conference cannot be updated
      Given no events
      When the command is sent:
        | command          | conference_id | name      | slug      | start_date           | end_date             |
        | UpdateConference | conf-404      | CQRS Days | cqrs-days | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z |
      Then the command is rejected with "unknown conference"

  Rule: a conference is put on sale by publishing it and taken off sale by unpublishing it

    Background:
      Given the events:
        | event             | conference_id | name      | slug      | start_date           | end_date             |
        | ConferenceCreated | conf-1        | CQRS Days | cqrs-days | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z |

    Scenario: publishing a conference puts it on sale
      When the command is sent:
        | command           | conference_id |
        | PublishConference | conf-1        |
      Then these events are recorded:
        | event               | conference_id |
        | ConferencePublished | conf-1        |

    Scenario: an unknown conference cannot be published
      When the command is sent:
        | command           | conference_id |
        | PublishConference | conf-404      |
      Then the command is rejected with "unknown conference"

    Scenario: publishing a conference already on sale changes nothing
      Given the events:
        | event               | conference_id |
        | ConferencePublished | conf-1        |
      When the command is sent:
        | command           | conference_id |
        | PublishConference | conf-1        |
      Then no events are recorded

    Scenario: unpublishing a conference takes it off sale
      Given the events:
        | event               | conference_id |
        | ConferencePublished | conf-1        |
      When the command is sent:
        | command             | conference_id |
        | UnpublishConference | conf-1        |
      Then these events are recorded:
        | event                 | conference_id |
        | ConferenceUnpublished | conf-1        |

    Scenario: an unknown conference cannot be unpublished
      When the command is sent:
        | command             | conference_id |
        | UnpublishConference | conf-404      |
      Then the command is rejected with "unknown conference"

  Rule: a seat type belongs to a known conference, is created once and has no negative price or quota

    Background:
      Given the events:
        | event             | conference_id | name      | slug      | start_date           | end_date             |
        | ConferenceCreated | conf-1        | CQRS Days | cqrs-days | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z |

    Scenario: an organizer adds a seat type to a conference
      When the command is sent:
        | command    | conference_id | seat_type | name            | description          | price  | quantity |
        | CreateSeat | conf-1        | full      | Full conference | Both days, all talks | 199.00 | 100      |
      Then these events are recorded:
        | event       | conference_id | seat_type | name            | description          | price  | quantity |
        | SeatCreated | conf-1        | full      | Full conference | Both days, all talks | 199.00 | 100      |

    Scenario: a free seat type may be added
      When the command is sent:
        | command    | conference_id | seat_type | name    | price | quantity |
        | CreateSeat | conf-1        | speaker   | Speaker | 0.00  | 10       |
      Then these events are recorded:
        | event       | conference_id | seat_type | name    | price | quantity |
        | SeatCreated | conf-1        | speaker   | Speaker | 0.00  | 10       |

    Scenario: a seat type cannot be added to an unknown conference
      When the command is sent:
        | command    | conference_id | seat_type | name            | price  | quantity |
        | CreateSeat | conf-404      | full      | Full conference | 199.00 | 100      |
      Then the command is rejected with "unknown conference"

    Scenario: a seat type is not created twice
      Given the events:
        | event       | conference_id | seat_type | name            | price  | quantity |
        | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
      When the command is sent:
        | command    | conference_id | seat_type | name      | price  | quantity |
        | CreateSeat | conf-1        | full      | Full pass | 249.00 | 50       |
      Then the command is rejected with "seat type already exists"

    Scenario: a seat type cannot have a negative price
      When the command is sent:
        | command    | conference_id | seat_type | name            | price  | quantity |
        | CreateSeat | conf-1        | full      | Full conference | -10.00 | 100      |
      Then the command is rejected with "negative price"

    Scenario: a seat type cannot have a negative quantity
      When the command is sent:
        | command    | conference_id | seat_type | name            | price  | quantity |
        | CreateSeat | conf-1        | full      | Full conference | 199.00 | -1       |
      Then the command is rejected with "negative quantity"

    Scenario: an organizer changes a seat type's price and quota
      Given the events:
        | event       | conference_id | seat_type | name            | price  | quantity |
        | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
      When the command is sent:
        | command    | conference_id | seat_type | name      | description       | price  | quantity |
        | UpdateSeat | conf-1        | full      | Full pass | Now with a dinner | 249.00 | 120      |
      Then these events are recorded:
        | event       | conference_id | seat_type | name      | description       | price  | quantity |
        | SeatUpdated | conf-1        | full      | Full pass | Now with a dinner | 249.00 | 120      |

    Scenario: a seat type's price cannot be changed to a negative one
      Given the events:
        | event       | conference_id | seat_type | name            | price  | quantity |
        | SeatCreated | conf-1        | full      | Full conference | 199.00 | 100      |
      When the command is sent:
        | command    | conference_id | seat_type | name            | price | quantity |
        | UpdateSeat | conf-1        | full      | Full conference | -1.00 | 100      |
      Then the command is rejected with "negative price"

    Scenario: an unknown seat type cannot be updated
      When the command is sent:
        | command    | conference_id | seat_type | name | price  | quantity |
        | UpdateSeat | conf-1        | vip       | VIP  | 499.00 | 5        |
      Then the command is rejected with "unknown seat type"
