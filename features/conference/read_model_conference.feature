Feature: The Conference read model shows each conference's public details and whether it is on sale
  Attendees browse conferences by what conference management says of them: name, slug,
  description, location and start date, and whether the conference is published.

  Background:
    Given the events:
      | event             | conference_id | name      | slug      | description                | location | start_date           | end_date             |
      | ConferenceCreated | conf-1        | CQRS Days | cqrs-days | Two days of event sourcing | Lisbon   | 2026-03-10T09:00:00Z | 2026-03-11T18:00:00Z |

  Scenario: a new conference is shown unpublished
    When the event is published:
      | event             | conference_id | name         | slug         | start_date           | end_date             |
      | ConferenceCreated | conf-2        | DDD Workshop | ddd-workshop | 2026-05-04T09:00:00Z | 2026-05-04T17:00:00Z |
    Then the read model Conference for conf-2 is:
      | name         | slug         | description | location | start_date           | is_published |
      | DDD Workshop | ddd-workshop | null        | null     | 2026-05-04T09:00:00Z | false        |
    And the read model Conference for conf-1 is:
      | name      | slug      | description                | location | start_date           | is_published |
      | CQRS Days | cqrs-days | Two days of event sourcing | Lisbon   | 2026-03-10T09:00:00Z | false        |

  Scenario: a published conference is shown on sale
    When the event is published:
      | event               | conference_id |
      | ConferencePublished | conf-1        |
    Then the read model Conference for conf-1 is:
      | name      | is_published |
      | CQRS Days | true         |
    And the read model Conference for conf-1 matches the snapshot

  Scenario: an unpublished conference is shown off sale again
    Given the events:
      | event               | conference_id |
      | ConferencePublished | conf-1        |
    When the event is published:
      | event                 | conference_id |
      | ConferenceUnpublished | conf-1        |
    Then the read model Conference for conf-1 is:
      | is_published |
      | false        |

  Scenario: new details replace the old ones and keep the conference on sale
    Given the events:
      | event               | conference_id |
      | ConferencePublished | conf-1        |
    When the event is published:
      | event             | conference_id | name           | slug      | location | start_date           | end_date             |
      | ConferenceUpdated | conf-1        | CQRS Days 2026 | cqrs-days | Porto    | 2026-03-12T09:00:00Z | 2026-03-13T18:00:00Z |
    Then the read model Conference for conf-1 is:
      | name           | slug      | description | location | start_date           | is_published |
      | CQRS Days 2026 | cqrs-days | null        | Porto    | 2026-03-12T09:00:00Z | true         |

  Scenario: an organizer publishing a conference puts it on sale for attendees
    When the command is sent and the system settles:
      | command           | conference_id |
      | PublishConference | conf-1        |
    Then these events are recorded:
      | event               | conference_id |
      | ConferencePublished | conf-1        |
    And the read model Conference for conf-1 is:
      | is_published |
      | true         |
