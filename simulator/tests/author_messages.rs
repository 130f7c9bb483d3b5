//! What a feature author is told for mistakes a domain expert's review found told badly or not
//! at all: each at its file, line and column, in the expert's words, with what was expected.

mod feature_runs;

use feature_runs::{assert_located, run_one};

#[test]
fn numbers_too_large_are_said_too_large_with_their_bounds_grouped() {
    let feature = "Feature: numbers too large
  Scenario: a huge price
    When the command is sent:
      | command    | conference_id | seat_type | name | price                            | quantity |
      | CreateSeat | conf-1        | full      | Full | 99999999999999999999999999999.00 | 1        |
    Then the command is rejected

  Scenario: a huge quantity in a seat list
    When the command is sent:
      | command             | conference_id | reservation_id | seats                        |
      | MakeSeatReservation | conf-1        | r-1            | 99999999999999999999999 full |
    Then the command is rejected

  Scenario: a huge quantity
    When the command is sent:
      | command  | conference_id | seat_type | quantity                 |
      | AddSeats | conf-1        | full      | 999999999999999999999999 |
    Then the command is rejected
";
    let (file, _, said) = run_one("too-large", feature);
    assert_located(
        &said,
        &file,
        &[
            (
                5,
                57,
                "price: `99999999999999999999999999999.00` is too large an amount of money: the \
                 largest is 792,281,625,142,643,375,935,439,503.35 (either side of zero)",
            ),
            (
                11,
                64,
                "seats: `99999999999999999999999` in `99999999999999999999999 full` is too large: \
                 a quantity is at most 9,223,372,036,854,775,807",
            ),
            (
                17,
                48,
                "quantity: `999999999999999999999999` is too large: this field takes a whole \
                 number of at most 9,223,372,036,854,775,807",
            ),
        ],
    );
}

#[test]
fn an_event_where_a_command_belongs_is_an_event_not_a_event() {
    let feature = "Feature: kinds
  Scenario: an event sent as a command
    When the command is sent:
      | command             | conference_id |
      | ConferencePublished | conf-1        |
    Then no events are recorded
";
    let (file, _, said) = run_one("an-event", feature);
    assert_located(
        &said,
        &file,
        &[(5, 9, "`ConferencePublished` is an event, not a command")],
    );
}

#[test]
fn a_yes_or_no_cell_that_is_neither_lists_every_word_taken() {
    let feature = "Feature: yes or no
  Scenario Outline: what counts as a boolean
    Given the events:
      | event             | conference_id | name | slug | start_date           | end_date             |
      | ConferenceCreated | conf-1        | Conf | conf | 2026-06-01T08:00:00Z | 2026-06-02T17:00:00Z |
    When 1 minute passes
    Then the read model Conference for conf-1 is:
      | is_published |
      | <value>      |

    Examples:
      | value |
      | no    |
      | FALSE |
      | maybe |
";
    let (file, _, said) = run_one("yes-or-no", feature);
    assert_located(
        &said,
        &file,
        &[(
            9,
            9,
            "in the Examples row at line 15 (value = maybe): is_published: `maybe` is not a \
             yes-or-no value: write `true` or `false` (`yes` and `no` are read as them too, in \
             any case)",
        )],
    );
    assert!(said.contains("2 passed, 1 failed"), "{said}");
}

#[test]
fn a_wildcard_on_a_field_that_is_null_says_it_needs_a_value() {
    let feature = "Feature: any vs null
  Scenario: an optional detail left out
    When the command is sent:
      | command          | conference_id | name | slug | start_date           | end_date             |
      | CreateConference | conf-1        | Conf | conf | 2026-06-01T08:00:00Z | 2026-06-02T17:00:00Z |
    Then these events are recorded:
      | event             | conference_id | description |
      | ConferenceCreated | conf-1        | <any>       |

  Scenario: a read model's field not known yet
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 1 full | 2026-01-05T09:15:00Z        | ABC123      |
    Then the read model DraftOrder for order-1 is:
      | state              | reservation_expiration |
      | PendingReservation | <any>                  |

  Scenario: the advice taken: no value expected with null
    When the command is sent:
      | command          | conference_id | name | slug | start_date           | end_date             |
      | CreateConference | conf-1        | Conf | conf | 2026-06-01T08:00:00Z | 2026-06-02T17:00:00Z |
    Then these events are recorded:
      | event             | conference_id | description |
      | ConferenceCreated | conf-1        | null        |
";
    let (file, _, said) = run_one("any-null", feature);
    assert_located(
        &said,
        &file,
        &[
            (6, 5, "expected 1 event; the 1 recorded differs:"),
            (14, 5, "the read model DraftOrder for order-1 differs:"),
        ],
    );
    for why in [
        "1. description: `<any>` needs a value; the field is null (not known) (to expect no \
         value, write `null` in the cell)",
        "reservation_expiration: `<any>` needs a value; the field is null (not known) (to expect \
         no value, write `null` in the cell)",
    ] {
        assert!(said.contains(why), "{why} missing in {said}");
    }
    assert!(said.contains("1 passed, 2 failed"), "{said}");
}

#[test]
fn any_delay_is_written_with_the_wildcard_in_the_delay_column() {
    let feature = r#"Feature: any delay
  Scenario: the expiry is scheduled, whenever it is due
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 1 full | 2026-01-05T09:15:00Z        | ABC123      |
    Then these commands are sent:
      | command                   | order_id | reservation_id | delay |
      | MakeSeatReservation       |          | order-1        | <any> |
      | ExpireRegistrationProcess | order-1  |                | <any> |

  Scenario: in a doc string too, and shown as written beside the delay it met
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 1 full | 2026-01-05T09:15:00Z        | ABC123      |
    Then these commands are sent:
      """
      [{"command": "MakeSeatReservation", "reservation_id": "order-1", "delay": "<any>"},
       {"command": "ExpireRegistrationProcess", "order_id": "order-9", "delay": "<any>"}]
      """
"#;
    let (file, _, said) = run_one("any-delay", feature);
    assert_located(
        &said,
        &file,
        &[(15, 5, "expected 2 commands; the 2 sent differ:")],
    );
    assert!(
        said.contains("    delay           <any>                     | 29 minutes"),
        "{said}"
    );
    assert!(said.contains("1 passed, 1 failed"), "{said}");
    assert!(!said.contains("is not a delay"), "{said}");
}

#[test]
fn an_unclosed_quote_in_a_cell_and_a_when_in_a_background_are_refused_where_written() {
    let feature = r#"Feature: lenient no more
  Background:
    Given no events
    When 1 minute passes

  Scenario: its own When
    When 2 minutes pass
    Then no commands are sent

  Scenario: no When of its own
    Then no commands are sent
"#;
    let (file, _, said) = run_one("background-when", feature);
    let refused = "a Background holds only Given steps (what already happened before each \
                   scenario), and this is a When step: write it in each scenario instead";
    assert_located(&said, &file, &[(4, 5, refused)]);
    // Under each scenario, and again in the list of failed scenarios above the closing line.
    assert_eq!(said.matches(refused).count(), 4, "{said}");
    assert!(said.contains("0 passed, 2 failed"), "{said}");

    let feature = r#"Feature: quotes
  Scenario: a payment id with its quote left open
    When the command is sent:
      | command                            | payment_id |
      | CompleteThirdPartyProcessorPayment | "pay-1     |
    Then the command is rejected
"#;
    let (file, _, said) = run_one("open-quote", feature);
    assert_located(
        &said,
        &file,
        &[(
            5,
            46,
            "payment_id: `\"pay-1` opens a quote that it does not close: write `\"pay-1\"`",
        )],
    );
}

#[test]
fn a_phrase_missed_by_its_quotes_or_a_whole_number_says_what_it_needs() {
    let feature = r#"Feature: near misses
  Scenario: the reason unquoted
    When the command is sent:
      | command             | conference_id |
      | UnpublishConference | nowhere       |
    Then the command is rejected with unknown conference

  Scenario: a fraction of minutes
    When 1.5 minutes pass
    Then no commands are sent
"#;
    let (file, _, said) = run_one("near-misses", feature);
    assert_located(
        &said,
        &file,
        &[
            (
                6,
                5,
                "unknown step `Then the command is rejected with unknown conference`; did you \
                 mean `Then the command is rejected with \"unknown conference\"`? (the text the \
                 reason contains is written in double quotes)",
            ),
            (
                9,
                5,
                "unknown step `When 1.5 minutes pass`; did you mean `When <N> minutes pass`? \
                 (`<N>` is a whole number of minutes (0 or more), which `1.5` is not)",
            ),
        ],
    );
    assert!(!said.contains("known Then steps"), "{said}");
}

/// An outsider's near misses that were answered with the whole list of steps: each is one
/// phrase, with the author's own names and values, at the step's line and column.
#[test]
fn a_phrase_said_in_other_words_gets_the_one_phrase_meant_at_its_step() {
    let feature = r#"Feature: near misses in other words
  Scenario: the clock set without its article
    Given time is 2026-01-05T09:00:00Z
    When 5 minutes pass
    Then no commands are sent

  Scenario: the clock set with words besides the instant
    Given the time is set to 2026-01-05T10:00:00Z
    When 5 minutes pass
    Then no commands are sent

  Scenario: an absent entry without its article
    Given no events
    When 5 minutes pass
    Then read model DraftOrder has no entry for order-1

  Scenario: an absent entry said in other words
    Given no events
    When 5 minutes pass
    Then the read model DraftOrder for order-1 does not exist

  Scenario: no events said in other words
    Given nothing happened
    When 5 minutes pass
    Then no commands are sent

  Scenario: a fraction of an hour, which is no whole number of hours
    Given no events
    When 1.5 hours pass
    Then no commands are sent
"#;
    let (file, _, said) = run_one("other-words", feature);
    assert_located(
        &said,
        &file,
        &[
            (
                3,
                5,
                "unknown step `Given time is 2026-01-05T09:00:00Z`; did you mean `Given the time \
                 is 2026-01-05T09:00:00Z`?",
            ),
            (
                8,
                5,
                "`set to 2026-01-05T10:00:00Z` is not an RFC 3339 instant (such as \
                 `2026-01-05T09:15:00Z`); did you mean `Given the time is 2026-01-05T10:00:00Z`?",
            ),
            (
                15,
                5,
                "unknown step `Then read model DraftOrder has no entry for order-1`; did you mean \
                 `Then the read model DraftOrder has no entry for order-1`?",
            ),
            (
                20,
                5,
                "unknown step `Then the read model DraftOrder for order-1 does not exist`; did \
                 you mean `Then the read model DraftOrder has no entry for order-1`?",
            ),
            (
                23,
                5,
                "unknown step `Given nothing happened`; did you mean `Given no events`?",
            ),
            (
                29,
                5,
                "unknown step `When 1.5 hours pass`; did you mean `When 90 minutes pass`? (time \
                 passes in whole minutes, hours or days in a step)",
            ),
        ],
    );
    assert!(!said.contains("(known "), "{said}");
}

#[test]
fn an_older_stored_form_where_the_current_one_is_read_names_the_version_it_belongs_to() {
    let feature = r#"Feature: old names in current tables
  Scenario: the old name without its version
    Given the events:
      | event                 | order_id |
      | OrderPaymentConfirmed | order-1  |
    When 1 minute passes
    Then no commands are sent

  Scenario: the old field without its version
    Given the events:
      | event       | conference_id | seat_type | name | price_cents | quantity |
      | SeatCreated | conf-1        | full      | Full | 100         | 1        |
    When 1 minute passes
    Then no commands are sent

  Scenario: the current name in version 1
    Given the events in version 1:
      | event          | order_id |
      | OrderConfirmed | order-1  |
    When 1 minute passes
    Then no commands are sent

  Scenario: the old field in a doc string
    Given the events:
      """
      [{"event": "SeatUpdated", "conference_id": "conf-1", "seat_type": "full", "name": "Full",
        "price_cents": 100, "quantity": 1}]
      """
    When 1 minute passes
    Then no commands are sent

  Scenario: the current field in version 1
    Given the events in version 1:
      | event       | conference_id | seat_type | name | price | quantity |
      | SeatCreated | conf-1        | full      | Full | 100   | 1        |
    When 1 minute passes
    Then no commands are sent
"#;
    let (file, _, said) = run_one("older-forms", feature);
    let instead = "the current form has `price` instead (a Given gives the version-1 form under \
                   `Given the events in version 1:`)";
    assert_located(
        &said,
        &file,
        &[
            (
                5,
                9,
                "`OrderPaymentConfirmed` is the version-1 name of `OrderConfirmed`: write \
                 `OrderConfirmed` here (a Given gives the version-1 form under `Given the events \
                 in version 1:`)"
                    .to_string(),
            ),
            (
                11,
                58,
                format!(
                    "`price_cents` is not a field of `SeatCreated` (its fields: conference_id, \
                     seat_type, name, description, price, quantity): version 1 stored \
                     `price_cents`, and {instead}"
                ),
            ),
            (
                19,
                9,
                "`OrderConfirmed` has no stored form in version 1 (it is stored in version 2); \
                 its version-1 form is named `OrderPaymentConfirmed`: write \
                 `OrderPaymentConfirmed` under `Given the events in version 1:`"
                    .to_string(),
            ),
        ],
    );
    assert_located(
        &said,
        &file,
        &[(
            27,
            9,
            format!(
                "in message 1 of the doc string: `price_cents` is not a field of `SeatUpdated` \
                 (its fields: conference_id, seat_type, name, description, price, quantity): \
                 version 1 stored `price_cents`, and {instead}"
            ),
        )],
    );
    // The upcaster names the field as version 1 had it: nothing is added to its words.
    assert_located(
        &said,
        &file,
        &[(
            35,
            9,
            "cannot upcast `SeatCreated` version 1: version 1 has no `price` (it came with \
             version 2): version 1 gives the price as `price_cents`, a whole number of cents"
                .to_string(),
        )],
    );
    assert!(!said.contains("is the current form's name"), "{said}");
    assert!(!said.contains("did you mean `OrderConfirmed`"), "{said}");
}

#[test]
fn a_stream_no_aggregate_would_read_the_event_from_is_refused_at_its_cell() {
    let feature = r#"Feature: a typo in the stream column
  Scenario Outline: the order placed in the stream named
    Given the events:
      | event       | stream   | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | <stream> | order-1  | conf-1        | 1 full | 2026-01-05T09:15:00Z        | ABC123      |
    When the command is sent:
      | command     | order_id |
      | RejectOrder | order-1  |
    Then these events are recorded:
      | event        | order_id |
      | OrderExpired | order-1  |

    Examples:
      | stream                   |
      | Order/order-1            |
      | Ordr/order-1             |
      | SeatsAvailability/conf-1 |
      | Order/order-2            |

  Scenario: a doc string is held to it too
    Given the events:
      """
      [{"event": "OrderExpired", "stream": "Order/order-9", "order_id": "order-1"}]
      """
    When 1 minute passes
    Then no commands are sent

  Scenario: and a published event
    When the event is published:
      | event        | stream             | order_id |
      | OrderExpired | Conference/order-1 | order-1  |
    Then no commands are sent

  Scenario: a command goes to its handler, not to a stream
    When the command is sent:
      | command     | stream        | order_id |
      | RejectOrder | Order/order-1 | order-1  |
    Then no events are recorded
"#;
    let (file, _, said) = run_one("stream-cells", feature);
    let blank = "; leave the cell blank and the event goes to the stream the domain routes it to";
    assert_located(
        &said,
        &file,
        &[
            (
                5,
                23,
                format!(
                    "in the Examples row at line 16 (stream = Ordr/order-1): stream: OrderPlaced \
                     belongs in Order/order-1, but is stored in Ordr/order-1 (`Ordr` is no \
                     stream type of the conference domain; did you mean `Order`?){blank}"
                ),
            ),
            (
                5,
                23,
                format!(
                    "in the Examples row at line 17 (stream = SeatsAvailability/conf-1): stream: \
                     OrderPlaced is not an event of SeatsAvailability (expected one of: \
                     AvailableSeatsChanged, SeatsReserved, SeatsReservationCancelled, \
                     SeatsReservationCommitted); it belongs in Order/order-1{blank}"
                ),
            ),
            (
                5,
                23,
                format!(
                    "in the Examples row at line 18 (stream = Order/order-2): stream: OrderPlaced \
                     names Order/order-1, but is stored in Order/order-2{blank}"
                ),
            ),
            (
                23,
                34,
                "in message 1 of the doc string: stream: OrderExpired names Order/order-1, but \
                 is stored in Order/order-9; leave the key out and the event goes to the stream \
                 the domain routes it to"
                    .to_string(),
            ),
            (
                31,
                24,
                format!(
                    "stream: OrderExpired is not an event of Conference (expected one of: \
                     ConferenceCreated, ConferenceUpdated, ConferencePublished, \
                     ConferenceUnpublished, SeatCreated, SeatUpdated); it belongs in \
                     Order/order-1{blank}"
                ),
            ),
            (
                37,
                23,
                "stream: a command is given no stream: it goes to the one handler that owns it \
                 (a `stream` column names where a Given event goes); leave it out"
                    .to_string(),
            ),
        ],
    );
    assert!(said.contains("1 passed, 6 failed"), "{said}");
}

/// What a file holds that a terminal would act on (an escape sequence in a cell or a step, NULs
/// before the `Feature:` line) is written out in the report and its messages, not sent to the
/// terminal: a cell's `ESC[2J` cleared the screen.
#[test]
fn control_characters_of_a_file_are_written_out_not_sent_to_the_terminal() {
    let feature = "Feature: escapes
  Scenario: a cell and a step with escape sequences
    When the command is sent:
      | command     | order_id          |
      | RejectOrder | a\u{1b}[2Jb\u{7}c |
    Then the comm\u{1b}[31mand is rejected
";
    let raw_bytes = |out: &std::process::Output, said: &str| {
        for (name, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let raw = text
                .iter()
                .filter(|&&b| b == 0x1b || b == 0 || b == 7)
                .count();
            assert_eq!(raw, 0, "{name} holds {raw} raw control bytes:\n{said}");
        }
    };
    let (_, out, said) = run_one("escapes", feature);
    assert!(!out.status.success(), "{said}");
    raw_bytes(&out, &said);
    for written_out in [
        "| RejectOrder | a\\u{1b}[2Jb\\u{7}c |",
        "unknown step `Then the comm\\u{1b}[31mand is rejected`",
    ] {
        assert!(said.contains(written_out), "no `{written_out}` in:\n{said}");
    }
    let (_, out, said) = run_one("nuls", "\0\0\0Feature: late\n");
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("`\\0\\0\\0Feature: late`"), "{said}");
    raw_bytes(&out, &said);
}

/// A file in another language is quoted back in its own keywords: an unknown step as written
/// (`Soit …`, not `Given …`), what it was likely meant as, an `Et` read as the keyword it
/// continues, the step that takes a table, and the kinds of step named (`a Quand step`). The
/// phrases stay English.
#[test]
fn a_french_file_s_steps_are_quoted_back_in_its_keywords() {
    let feature = "# language: fr
Fonctionnalité: en français
  Scénario: a phrase of our own
    Soit the following events:
      | event             | conference_id | name | slug | start_date           | end_date             |
      | ConferenceCreated | conf-1        | Conf | conf | 2026-06-01T08:00:00Z | 2026-06-02T17:00:00Z |
    Quand 1 minute passes
    Alors no events are recorded

  Scénario: an Et that continues a Given
    Soit no events
    Et 1 minute passes
    Quand 1 minute passes
    Alors no events are recorded

  Scénario: a keyword of many words, quoted as written
    Étant donné que no event
    Quand 1 minute passes
    Alors no events are recorded

  Scénario: a table where none is read
    Quand 1 minute passes
      | a |
    Alors no events are recorded

  Scénario: no When
    Soit no events
    Alors no events are recorded

  Scénario: out of order
    Soit no events
    Alors no events are recorded
    Quand 1 minute passes

  Plan du scénario: nothing refused
    Soit no events
    Quand <n> minutes pass
    Alors the command is rejected

    Exemples:
      | n |
      | 5 |
";
    let (file, _, said) = run_one("french", feature);
    assert_located(
        &said,
        &file,
        &[
            (
                4,
                5,
                "unknown step `Soit the following events:`; did you mean `Soit the events:`?",
            ),
            (
                12,
                5,
                "unknown step `Et 1 minute passes` (read as `Soit 1 minute passes`: Et and Mais \
                 continue the keyword of the step before them, and a scenario's first step is a \
                 Soit); `1 minute passes` is a Quand step",
            ),
            (
                17,
                5,
                "unknown step `Étant donné que no event`; did you mean `Étant donné que no \
                 events`?",
            ),
            (
                23,
                7,
                "`Quand 1 minute passes` takes no table or doc string, but a table is under it: \
                 remove it, or use a step that reads one (such as `Quand the command is sent:`)",
            ),
            (
                26,
                3,
                "a scenario has exactly one Quand, and this one has none: expected `Quand the \
                 command is sent:`, `Quand the event is published:` or `Quand <N> minutes pass` \
                 (or hours or days) before its Alors steps",
            ),
            (
                32,
                5,
                "this Alors comes before the Quand: a scenario lists its Soit steps, then one \
                 Quand, then its Alors steps",
            ),
            // Named in the file's words (the review of 2026-12-06, F11).
            (
                38,
                5,
                "in the Exemples row at line 42 (n = 5): no command was rejected: no command \
                 handled after the Quand was refused (with `Quand the command is sent:`, the \
                 command is the one sent)",
            ),
        ],
    );
}

/// A JSON object in a Then cell compared whole (the review's F8): every key written on one side
/// and not the other is listed under it, the one that differs marked, and a record's key left
/// out beside `null` said to count as null, where only `attendee.first_name (missing) | Ada` was
/// shown and `last_name` (left out, null in the event) was not.
#[test]
fn a_json_object_in_a_then_lists_each_key_left_out_and_says_it_counts_as_null() {
    let feature = r#"Feature: whole values
  Scenario: part of an attendee expected
    Given the events:
      | event                  | order_id | seats                               |
      | SeatAssignmentsCreated | order-1  | [{"position":0,"seat_type":"full"}] |
    When the command is sent:
      | command    | order_id | position | attendee.first_name | attendee.email  |
      | AssignSeat | order-1  | 0        | Ada                 | ada@example.com |
    Then these events are recorded:
      | event        | order_id | attendee                     |
      | SeatAssigned | order-1  | {"email": "ada@example.com"} |
"#;
    let (file, _, said) = run_one("whole-object", feature);
    assert_located(
        &said,
        &file,
        &[(9, 5, "expected 1 event; the 1 recorded differs:")],
    );
    // Each line as read, its padding aside.
    let lines: Vec<String> = said
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for row in [
        "✗ attendee.first_name (not given, counts as null) | Ada",
        "attendee.last_name (not given, counts as null) | null",
    ] {
        assert!(lines.iter().any(|l| l == row), "{row} missing in {said}");
    }
}
