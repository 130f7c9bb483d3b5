//! `gwt catalog --json` lists every message of the catalog with its fields, handler and
//! subscribers, for both domains.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn catalog(domain: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["catalog", "--json", "--domain", domain])
        .output()
        .expect("gwt runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the catalog is JSON")
}

fn message<'a>(catalog: &'a Value, name: &str) -> &'a Value {
    catalog["messages"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["name"] == name))
        .unwrap_or_else(|| panic!("{name} is not in the catalog"))
}

fn field_names(m: &Value) -> Vec<&str> {
    m["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|f| f["name"].as_str()).collect())
        .unwrap_or_default()
}

/// The fields of a conference's creation and update, commands and events alike.
const CONFERENCE_FIELDS: &[&str] = &[
    "conference_id",
    "name",
    "slug",
    "description",
    "location",
    "tagline",
    "start_date",
    "end_date",
    "owner_name",
    "owner_email",
];

/// The fields of a seat type's creation and update, commands and events alike.
const SEAT_FIELDS: &[&str] = &[
    "conference_id",
    "seat_type",
    "name",
    "description",
    "price",
    "quantity",
];

#[test]
fn every_conference_message_of_the_catalog_is_listed_with_its_fields() {
    let c = catalog("conference");
    let expected: &[(&str, &str, &[&str])] = &[
        ("CreateConference", "command", CONFERENCE_FIELDS),
        ("UpdateConference", "command", CONFERENCE_FIELDS),
        ("PublishConference", "command", &["conference_id"]),
        ("UnpublishConference", "command", &["conference_id"]),
        ("CreateSeat", "command", SEAT_FIELDS),
        ("UpdateSeat", "command", SEAT_FIELDS),
        (
            "AddSeats",
            "command",
            &["conference_id", "seat_type", "quantity"],
        ),
        (
            "RemoveSeats",
            "command",
            &["conference_id", "seat_type", "quantity"],
        ),
        (
            "MakeSeatReservation",
            "command",
            &["conference_id", "reservation_id", "seats"],
        ),
        (
            "CancelSeatReservation",
            "command",
            &["conference_id", "reservation_id"],
        ),
        (
            "CommitSeatReservation",
            "command",
            &["conference_id", "reservation_id"],
        ),
        (
            "RegisterToConference",
            "command",
            &["order_id", "conference_id", "seats"],
        ),
        (
            "MarkSeatsAsReserved",
            "command",
            &["order_id", "seats", "expiration"],
        ),
        ("RejectOrder", "command", &["order_id"]),
        (
            "AssignRegistrantDetails",
            "command",
            &["order_id", "first_name", "last_name", "email"],
        ),
        ("ConfirmOrder", "command", &["order_id"]),
        ("CreateSeatAssignments", "command", &["order_id", "seats"]),
        (
            "AssignSeat",
            "command",
            &["order_id", "position", "attendee"],
        ),
        ("UnassignSeat", "command", &["order_id", "position"]),
        (
            "InitiateThirdPartyProcessorPayment",
            "command",
            &[
                "payment_id",
                "payment_source_id",
                "conference_id",
                "description",
                "total_amount",
                "items",
            ],
        ),
        (
            "CompleteThirdPartyProcessorPayment",
            "command",
            &["payment_id"],
        ),
        (
            "CancelThirdPartyProcessorPayment",
            "command",
            &["payment_id"],
        ),
        ("ExpireRegistrationProcess", "command", &["order_id"]),
        ("ConferenceCreated", "event", CONFERENCE_FIELDS),
        ("ConferenceUpdated", "event", CONFERENCE_FIELDS),
        ("ConferencePublished", "event", &["conference_id"]),
        ("ConferenceUnpublished", "event", &["conference_id"]),
        ("SeatCreated", "event", SEAT_FIELDS),
        ("SeatUpdated", "event", SEAT_FIELDS),
        (
            "AvailableSeatsChanged",
            "event",
            &["conference_id", "seats"],
        ),
        (
            "SeatsReserved",
            "event",
            &[
                "conference_id",
                "reservation_id",
                "reservation_details",
                "available_seats_changed",
            ],
        ),
        (
            "SeatsReservationCancelled",
            "event",
            &["conference_id", "reservation_id", "available_seats_changed"],
        ),
        (
            "SeatsReservationCommitted",
            "event",
            &["conference_id", "reservation_id"],
        ),
        (
            "OrderPlaced",
            "event",
            &[
                "order_id",
                "conference_id",
                "seats",
                "reservation_auto_expiration",
                "access_code",
            ],
        ),
        ("OrderUpdated", "event", &["order_id", "seats"]),
        (
            "OrderTotalsCalculated",
            "event",
            &["order_id", "total", "lines", "is_free_of_charge"],
        ),
        (
            "OrderPartiallyReserved",
            "event",
            &["order_id", "reservation_expiration", "seats"],
        ),
        (
            "OrderReservationCompleted",
            "event",
            &["order_id", "reservation_expiration", "seats"],
        ),
        ("OrderExpired", "event", &["order_id"]),
        (
            "OrderRegistrantAssigned",
            "event",
            &["order_id", "first_name", "last_name", "email"],
        ),
        ("OrderConfirmed", "event", &["order_id"]),
        ("SeatAssignmentsCreated", "event", &["order_id", "seats"]),
        (
            "SeatAssigned",
            "event",
            &["order_id", "position", "seat_type", "attendee"],
        ),
        (
            "SeatAssignmentUpdated",
            "event",
            &["order_id", "position", "attendee"],
        ),
        ("SeatUnassigned", "event", &["order_id", "position"]),
        (
            "PaymentInitiated",
            "event",
            &["payment_id", "payment_source_id"],
        ),
        (
            "PaymentCompleted",
            "event",
            &["payment_id", "payment_source_id"],
        ),
        (
            "PaymentRejected",
            "event",
            &["payment_id", "payment_source_id"],
        ),
    ];
    assert_eq!(c["messages"].as_array().map(Vec::len), Some(expected.len()));
    for (name, kind, fields) in expected {
        let m = message(&c, name);
        assert_eq!(m["kind"], *kind, "{name}");
        assert_eq!(field_names(m), *fields, "{name}");
        assert!(
            m["fields"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["type"].is_string()),
            "{name}"
        );
        // Tools get the shape in the catalog's words too.
        let shapes: Vec<&str> = m["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["shape"].as_str().unwrap_or(""))
            .collect();
        assert!(
            shapes
                .iter()
                .all(|s| !s.is_empty() && !s.contains('<') && !s.contains("i64")),
            "{name}: {shapes:?}"
        );
        assert!(
            m["handled_by"].is_string(),
            "{name} has no handler or recorder"
        );
    }
    // And as JSON, which a program reads without parsing the words: a literal with its cell
    // form and the records its JSON holds, an option of a number.
    let field = |message_name: &str, field: &str| {
        let fields = message(&c, message_name)["fields"].as_array().unwrap();
        let f = fields.iter().find(|f| f["name"] == field).unwrap();
        f["json_type"].clone()
    };
    assert_eq!(
        field("MakeSeatReservation", "seats"),
        serde_json::json!({
            "literal": "SeatQuantities",
            "example": "3 full, 2 workshop",
            "in_json": {"list": {"record": "SeatQuantity", "fields": [
                {"name": "seat_type", "type": "Text", "shape": "text", "json_type": "text",
                 "required": true},
                {"name": "quantity", "type": "i64", "shape": "integer", "json_type": "integer",
                 "required": true},
            ]}}
        })
    );
    assert_eq!(
        field("CreateConference", "start_date"),
        serde_json::json!("instant")
    );
    assert_eq!(
        field("CreateSeat", "description"),
        serde_json::json!({"optional": "text"})
    );
    assert_eq!(
        message(&c, "SeatsReserved")["handled_by"],
        "SeatsAvailability"
    );
    assert_eq!(
        message(&c, "ExpireRegistrationProcess")["handled_by"],
        "RegistrationProcessManager"
    );
    let subscribers = &message(&c, "SeatsReserved")["subscribers"];
    assert!(subscribers
        .as_array()
        .unwrap()
        .contains(&"RegistrationProcessManager".into()));
    assert!(subscribers.as_array().unwrap().contains(&"SeatType".into()));
    let versions = &message(&c, "OrderConfirmed")["stored_versions"];
    assert_eq!(
        versions,
        &serde_json::json!([
            {"event_type": "OrderPaymentConfirmed", "version": 1},
            {"event_type": "OrderConfirmed", "version": 2}
        ])
    );
    // Where an older form's field went, as its upcaster declares it.
    assert_eq!(
        message(&c, "SeatCreated")["stored_versions"],
        serde_json::json!([
            {"event_type": "SeatCreated", "version": 1, "replaced_fields": [["price_cents", "price"]]},
            {"event_type": "SeatCreated", "version": 2}
        ])
    );
    // What an older form lacks, learned from the upcaster's `down`: version 1 of the totals has
    // no `is_free_of_charge`, which its upcaster derives from the total.
    assert_eq!(
        message(&c, "OrderTotalsCalculated")["stored_versions"],
        serde_json::json!([
            {"event_type": "OrderTotalsCalculated", "version": 1, "lacks_fields": ["is_free_of_charge"]},
            {"event_type": "OrderTotalsCalculated", "version": 2}
        ])
    );
    let read_models: Vec<&str> = c["read_models"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(
        read_models,
        [
            "Conference",
            "SeatType",
            "DraftOrder",
            "PricedOrder",
            "OrderSeats"
        ]
    );
    // The fields that hold a stream position, which a written feature's Givens may renumber.
    let positions: Vec<(&str, &Value)> = c["read_models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("positions").is_some())
        .map(|r| (r["name"].as_str().unwrap(), &r["positions"]))
        .collect();
    assert_eq!(
        positions,
        [
            ("SeatType", &serde_json::json!(["availability_version"])),
            ("DraftOrder", &serde_json::json!(["order_version"])),
            ("PricedOrder", &serde_json::json!(["order_version"]))
        ]
    );
}

#[test]
fn the_store_catalog_lists_the_seed_events() {
    let c = catalog("store");
    for name in [
        "OrderRequested",
        "OrderCompleted",
        "PaymentRequested",
        "PaymentCompleted",
        "MailRequested",
        "MailCompleted",
    ] {
        let m = message(&c, name);
        assert_eq!(m["kind"], "event");
        assert!(field_names(m).contains(&"order_id"));
    }
}

/// Which aggregates judge their events, in the JSON and the table alike: every conference
/// aggregate does, no store task does, and the table says what that costs.
#[test]
fn the_catalog_shows_which_aggregates_judge_their_events() {
    let judges = |domain: &str| -> Vec<(String, bool)> {
        catalog(domain)["aggregates"]
            .as_array()
            .expect("aggregates are listed")
            .iter()
            .map(|a| {
                (
                    a["name"].as_str().unwrap().to_string(),
                    a["judges_events"] == true,
                )
            })
            .collect()
    };
    let conference = judges("conference");
    assert_eq!(
        conference
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>(),
        [
            "Conference",
            "SeatsAvailability",
            "ThirdPartyProcessorPayment",
            "Order",
            "SeatAssignments"
        ]
    );
    assert!(conference.iter().all(|(_, j)| *j), "{conference:?}");
    let store = judges("store");
    assert_eq!(store.len(), 3);
    assert!(store.iter().all(|(_, j)| !*j), "{store:?}");
    let order = &catalog("store")["aggregates"][0];
    assert_eq!(
        order["events"],
        serde_json::json!(["OrderRequested", "OrderCompleted"])
    );
    assert_eq!(
        order["commands"],
        serde_json::json!(["RequestOrder", "CompleteOrder"])
    );

    let table = |domain: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
            .args(["catalog", "--domain", domain])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let store = table("store");
    let aggregates = &store[store
        .find("Aggregates of `store`")
        .expect("aggregates table")..];
    assert_eq!(
        aggregates
            .matches("no: verify-migration admits any of its events")
            .count(),
        3,
        "{aggregates}"
    );
    let conference = table("conference");
    assert_eq!(
        conference.matches("yes (COULD_RECORD)").count(),
        5,
        "{conference}"
    );
}

#[test]
fn the_table_names_every_message_and_an_unknown_domain_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .arg("catalog")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "MakeSeatReservation",
        "SeatsReserved",
        "OrderPaymentConfirmed",
        "PricedOrder",
    ] {
        assert!(text.contains(name), "{name} missing from the table");
    }
    // Types in the words of the catalog, not of Rust; read models with their keys, and the
    // value types they name spelled out.
    for shown in [
        "description: text or null",
        "quantity: integer",
        "DraftOrder [order_id]",
        "SeatType [seat_type]",
        "availability_version: integer or null, a stream position",
        "lines: list of PricedOrderLine",
        "written in a cell as `3 full, 2 workshop`",
        "in JSON: list of SeatQuantity",
        "Rules of `conference`",
        "a conference is created once",
        // Each older stored form with where its fields went and what it lacks.
        "v1 (price_cents, now price), v2",
        "v1 (without is_free_of_charge), v2",
        "v1 as OrderPaymentConfirmed, v2",
    ] {
        assert!(
            text.contains(shown),
            "`{shown}` missing from the table:\n{text}"
        );
    }
    let value_types = &text[text.find("Value types of").expect("value types")..];
    for record in ["PersonalInfo", "PricedOrderLine", "SeatQuantity "] {
        assert!(value_types.contains(record), "{record} not spelled out");
    }
    for rust in ["Option<", "Vec<", ": i64", ": u32", ": u64", ": bool "] {
        assert!(!text.contains(rust), "`{rust}` in the table:\n{text}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["catalog", "--domain", "bank"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("conference"));
}

#[test]
fn the_suites_leave_no_message_or_rule_unspecified() {
    for domain in ["conference", "store"] {
        let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
            .args(["coverage", "--domain", domain])
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{domain}: {text}");
        assert!(text.contains("every message is mentioned"), "{text}");
        assert!(text.contains("every stated rule is specified"), "{text}");
    }
}

/// `gwt coverage` reads time passing in hours and days as the steps they are: a scenario that
/// passes days counts, and the same step under a misspelt keyword, which Gherkin reads as
/// description text, is reported as the step it was meant as (it was passed over in silence
/// when only minutes were a step), its scenario left out as `gwt test` leaves it out, and told
/// as not counted (where `gwt test` tells it as not run).
#[test]
fn coverage_reads_hours_and_days_as_steps() {
    let (_, c, file) = store_coverage_of(
        "days",
        "Feature: days\n  Scenario: a misspelt fortnight\n    Whenn 14 days pass\n    Given no events\n    When 14 days pass\n    Then no commands are sent\n\n  Scenario: a fortnight\n    When 14 days pass\n    Then no commands are sent\n\n  Scenario: an hour\n    When 1 hour passes and the system settles\n    Then no commands are sent\n",
    );
    assert_eq!(c["scenarios"], 2, "{c}");
    assert_eq!(
        c["unreadable"],
        serde_json::json!([format!(
            "{}:3:5: \"Whenn\" is not a keyword, so `Whenn 14 days pass` is read as description \
             text; the scenario `a misspelt fortnight` is not counted; did you mean \"When\"?",
            file.display()
        )]),
        "{c}"
    );
}

/// `gwt coverage --domain store --json` of a folder of its own holding one feature file,
/// `{name}.feature` with `text`: its exit status, its report, and the file's path (the folder
/// is removed once read, whether or not the report could be).
fn store_coverage_of(name: &str, text: &str) -> (Option<i32>, Value, std::path::PathBuf) {
    coverage_of("store", name, text)
}

/// `gwt coverage --domain {domain} --json` of a folder of its own holding `{name}.feature`
/// with `text`, as `store_coverage_of`.
fn coverage_of(domain: &str, name: &str, text: &str) -> (Option<i32>, Value, std::path::PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix(&format!("gwt-coverage-{name}-"))
        .tempdir()
        .expect("a temporary folder");
    let file = dir.path().join(format!("{name}.feature"));
    std::fs::write(&file, text).unwrap();
    let (status, c) = coverage_json(domain, dir.path());
    (status, c, file)
}

/// `gwt coverage --domain {domain} --json` of `folder`: its exit status and its report.
fn coverage_json(domain: &str, folder: &std::path::Path) -> (Option<i32>, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["coverage", "--domain", domain, "--json"])
        .arg(folder)
        .output()
        .unwrap();
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code(), c)
}

#[test]
fn coverage_names_what_a_suite_leaves_out() {
    let (status, c, _) = store_coverage_of(
        "one",
        "Feature: one\n  Scenario: an order\n    When the command is sent:\n      | command      | order_id |\n      | RequestOrder | ORD-1    |\n    Then these events are recorded:\n      | event          | order_id |\n      | OrderRequested | ORD-1    |\n",
    );
    assert_eq!(status, Some(1));
    let missing: Vec<&str> = c["messages_missing"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        missing.contains(&"MailCompleted") && !missing.contains(&"RequestOrder"),
        "{missing:?}"
    );
    let rules: Vec<&str> = c["rules_missing"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(rules.contains(&"a task is completed once"), "{rules:?}");
    assert!(
        !rules.contains(&"a requested order is completed by its worker")
            || missing.contains(&"CompleteOrder")
    );
}

/// A message is mentioned where a step names it: a scenario whose title alone names messages
/// (and a rule's words) exercised none of them, and counted them all (the domain review's #3).
#[test]
fn coverage_counts_the_messages_a_scenario_s_steps_name_not_its_title() {
    let strings = |c: &Value, key: &str| -> Vec<String> {
        (c[key].as_array().unwrap().iter())
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let titled = "Feature: one\n  Scenario: OrderRequested then CompleteOrder\n    When 1 minute passes\n    Then no commands are sent\n";
    let (status, c, _) = store_coverage_of("titled", titled);
    assert_eq!(status, Some(1));
    let (missing, rules) = (
        strings(&c, "messages_missing"),
        strings(&c, "rules_missing"),
    );
    assert!(
        missing.contains(&"OrderRequested".to_string())
            && missing.contains(&"CompleteOrder".to_string()),
        "{missing:?}"
    );
    assert!(
        rules.contains(&"a requested order is completed by its worker".to_string()),
        "{rules:?}"
    );
    let stepped = "Feature: one\n  Scenario: the worker\n    When the event is published:\n      | event          | order_id |\n      | OrderRequested | ORD-1    |\n    Then these commands are sent:\n      | command       | order_id |\n      | CompleteOrder | ORD-1    |\n";
    let (_, c, _) = store_coverage_of("stepped", stepped);
    let (missing, rules) = (
        strings(&c, "messages_missing"),
        strings(&c, "rules_missing"),
    );
    assert!(
        !missing.contains(&"OrderRequested".to_string())
            && !missing.contains(&"CompleteOrder".to_string()),
        "{missing:?}"
    );
    assert!(
        !rules.contains(&"a requested order is completed by its worker".to_string()),
        "{rules:?}"
    );
}

/// A message is mentioned where the language names one, in the `event` or `command` column of a
/// table or under that key in a doc string: a conference whose id is `OrderPlaced`, in a cell
/// or a doc string, counted the event as mentioned, and an order and a conference so named
/// specified the rule that a new order is placed and priced (the coverage review's F7a).
#[test]
fn coverage_counts_a_message_where_a_step_names_it_as_one_not_an_id_that_spells_it() {
    let text = r#"Feature: ids that spell messages
  Scenario: a conference called OrderPlaced
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | OrderPlaced   | full      | 5        |
    Then these events are recorded:
      | event                 | conference_id | seats  |
      | AvailableSeatsChanged | OrderPlaced   | 5 full |

  Scenario: a seat type of a conference called OrderTotalsCalculated
    Given the events:
      """json
      [{"event": "SeatCreated", "conference_id": "OrderTotalsCalculated", "seat_type": "full",
        "name": "Full", "description": null, "price": "199.00", "quantity": 10}]
      """
    When the command is sent:
      | command              | order_id    | conference_id         | seats  |
      | RegisterToConference | OrderPlaced | OrderTotalsCalculated | 1 full |
    Then the command is rejected
"#;
    let (status, c, _) = coverage_of("conference", "ids", text);
    assert_eq!(status, Some(1), "{c}");
    assert_eq!(c["scenarios"], 2, "{c}");
    let listed = |key: &str, name: &str| {
        (c[key].as_array().unwrap().iter()).any(|v| v.as_str() == Some(name))
    };
    for spelt in ["OrderPlaced", "OrderTotalsCalculated"] {
        assert!(listed("messages_missing", spelt), "{spelt}: {c}");
    }
    for named in [
        "AddSeats",
        "AvailableSeatsChanged",
        "SeatCreated",
        "RegisterToConference",
    ] {
        assert!(!listed("messages_missing", named), "{named}: {c}");
    }
    assert!(
        listed("rules_missing", "a new order is placed and priced"),
        "{c}"
    );
    assert!(
        !listed("rules_missing", "adding seats makes them available"),
        "{c}"
    );
}

/// A scenario is another domain's by the messages it names as messages, and only when it names
/// none that this domain has and that one has not: a conference scenario whose order is called
/// `CompleteOrder` (a store command) was left out of the conference's coverage as the store's,
/// and one naming messages of both was too (the coverage review's F7b). A store scenario is
/// still left out, its store messages named.
#[test]
fn coverage_leaves_out_a_scenario_by_the_messages_it_names_not_an_id_of_another_domain() {
    let text = r#"Feature: two domains
  Scenario: an order called CompleteOrder
    When the command is sent:
      | command              | order_id      | conference_id | seats  |
      | RegisterToConference | CompleteOrder | conf-1        | 1 full |
    Then the command is rejected

  Scenario: the store's worker
    When the event is published:
      | event          | order_id |
      | OrderRequested | ORD-1    |
    Then these commands are sent:
      | command       | order_id |
      | CompleteOrder | ORD-1    |
"#;
    let (status, c, _) = coverage_of("conference", "ids", text);
    assert_eq!(status, Some(1), "{c}");
    assert_eq!(c["scenarios"], 1, "{c}");
    assert_eq!(
        c["elsewhere"],
        serde_json::json!([{"domain": "store", "scenarios": 1,
                            "messages": ["CompleteOrder", "OrderRequested"]}]),
        "{c}"
    );
    let missing = c["messages_missing"].as_array().unwrap();
    assert!(
        !missing.contains(&Value::from("RegisterToConference")),
        "{c}"
    );
    let mixed = "Feature: mixed\n  Scenario: both\n    When the command is sent:\n      | command              | order_id | conference_id | seats  |\n      | RegisterToConference | o-1      | conf-1        | 1 full |\n    Then these commands are sent:\n      | command       | order_id |\n      | CompleteOrder | o-1      |\n";
    let (_, c, _) = coverage_of("conference", "mixed", mixed);
    assert_eq!(c["scenarios"], 1, "{c}");
    assert_eq!(c["elsewhere"], serde_json::json!([]), "{c}");
}

/// The catalog lists the process managers, with the events each takes in and its own commands:
/// the registration process and its timeout were named only among each message's subscribers
/// and handlers (an outside team's review).
#[test]
fn the_catalog_lists_the_process_managers_with_what_they_take_in_and_their_timeouts() {
    let c = catalog("conference");
    let registration = (c["process_managers"]
        .as_array()
        .expect("process managers")
        .iter())
    .find(|p| p["name"] == "RegistrationProcessManager")
    .expect("the registration process");
    assert_eq!(
        registration["handles"],
        serde_json::json!(["ExpireRegistrationProcess"])
    );
    assert!(
        (registration["subscribes"].as_array().unwrap().iter()).any(|e| e == "OrderPlaced"),
        "{registration}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["catalog", "--domain", "conference"])
        .output()
        .expect("gwt runs");
    let table = String::from_utf8_lossy(&out.stdout);
    let section = table
        .split("Process managers of `conference`\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no process managers in:\n{table}"));
    assert!(
        section
            .lines()
            .any(|l| l.contains("RegistrationProcessManager")
                && l.contains("OrderPlaced")
                && l.contains("ExpireRegistrationProcess")),
        "{table}"
    );
}

/// The JSON names the value types its fields stand for, as the table's last part does: they
/// stood undefined (`PersonalInfo`, `SeatQuantities`).
#[test]
fn the_json_catalog_defines_the_value_types_its_fields_name() {
    let c = catalog("conference");
    let values = c["value_types"].as_object().expect("value types");
    for name in ["PersonalInfo", "SeatQuantities", "OrderLine"] {
        assert!(values.contains_key(name), "{name} missing: {values:?}");
    }
    let info = values["PersonalInfo"].as_str().unwrap_or_default();
    assert!(info.contains("email"), "{info}");
    let seats = values["SeatQuantities"].as_str().unwrap_or_default();
    assert!(seats.contains("written in a cell as `"), "{seats}");
}

/// A path that is not there is no suite: `gwt coverage` says so and exits 2, where it listed
/// every message as unmentioned and exited 1, as for a suite with gaps.
#[test]
fn coverage_of_a_path_that_is_not_there_exits_2_saying_so() {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args([
            "coverage",
            "--domain",
            "store",
            "no-such-folder-of-features",
        ])
        .output()
        .expect("gwt runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no-such-folder-of-features: no such file or folder"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

/// Another domain's suite is left out of a domain's coverage, saying which domain reads it: the
/// store's scenarios counted as the conference's (a name the two share, `PaymentCompleted`,
/// passed for a mention), and the store's suite alone listed every conference message as
/// unmentioned. A run that reads no scenario of the domain (that, or an empty folder) is no
/// suite at all, and exits 2 without the lists.
#[test]
fn coverage_leaves_out_another_domains_scenarios_saying_which_domain_reads_them() {
    let coverage = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
            .arg("coverage")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("gwt runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    let (status, said) = coverage(&["../features/store"]);
    assert_eq!(status, Some(2), "{said}");
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines[0], "0 scenarios of `conference` read", "{said}");
    assert!(
        lines[1].starts_with("left out: ")
            && lines[1].contains(" scenarios of the store domain (they name CompleteMail, ")
            && lines[1].ends_with("): run with --domain store"),
        "{said}"
    );
    assert!(lines[2].starts_with("nothing to measure"), "{said}");
    assert!(!said.contains("messages no scenario mentions"), "{said}");
    let (status, said) = coverage(&["../features"]);
    assert_eq!(status, Some(0), "{said}");
    assert!(
        said.contains("left out: 11 scenarios of the store domain"),
        "{said}"
    );
    let empty = tempfile::tempdir().unwrap();
    let (status, said) = coverage(&[empty.path().to_str().unwrap()]);
    assert_eq!(status, Some(2), "{said}");
    assert!(
        said.contains("nothing to read: no feature files under"),
        "{said}"
    );
}

/// A folder with no feature file given beside a suite is most likely a path mistaken: `gwt
/// coverage` fails it (exit 1) as `gwt test` fails the run, and names it for what it is, nothing
/// to read. It said `unreadable:`, and listed it under the JSON's `unreadable`, though nothing
/// failed to read; the JSON lists it under `nothing_to_read`, and `unreadable` keeps the files
/// that did not read.
#[test]
fn an_empty_folder_beside_a_suite_is_nothing_to_read_not_unreadable() {
    let team = tempfile::tempdir().unwrap();
    std::fs::create_dir(team.path().join("empty")).unwrap();
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../features/store");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
            .args(args)
            .arg(&suite)
            .arg("empty")
            .current_dir(team.path())
            .output()
            .expect("gwt runs");
        let said = String::from_utf8_lossy(&out.stdout).to_string();
        (out.status.code(), said)
    };
    let (status, said) = run(&["coverage", "--domain", "store"]);
    assert_eq!(status, Some(1), "{said}");
    assert!(
        said.contains("\nnothing to read: no feature files under empty\n")
            && !said.contains("unreadable")
            && said.contains("every message is mentioned"),
        "{said}"
    );
    let (status, json) = run(&["coverage", "--domain", "store", "--json"]);
    assert_eq!(status, Some(1), "{json}");
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["nothing_to_read"],
        serde_json::json!(["no feature files under empty"]),
        "{json}"
    );
    assert_eq!(json["unreadable"], serde_json::json!([]), "{json}");
    // `gwt test` fails the same run for the same reason, in the same words.
    let (status, said) = run(&["test", "--domain", "store", "--quiet"]);
    assert_eq!(status, Some(1), "{said}");
    assert!(
        said.contains("nothing to read: no feature files under ")
            && said.contains("11 passed, 1 failed"),
        "{said}"
    );
}

/// A file whose every scenario is taken out by a problem of its own (a misspelt keyword, a row
/// wider than its header, a Given lost to the description) is a file that does not read, as one
/// with a scenario left is: `gwt coverage` tells its problem and exits 1, as `gwt test` does for
/// it. It exited 2, the status of a path that is not there, as if no feature file had been given.
/// Nothing is measured: with no scenario read, every message would read as unmentioned.
#[test]
fn coverage_of_a_file_whose_every_scenario_is_taken_out_exits_1_telling_its_problem() {
    let steps = "    When 14 days pass\n    Then no commands are sent\n";
    for (name, text, told) in [
        (
            "typo",
            format!("Feature: f\n  Scenario: s\n    Scenaro: x\n{steps}"),
            "3:5: \"Scenaro:\" is read as description text",
        ),
        (
            "wide-row",
            format!(
                "Feature: f\n  Scenario: s\n    Given the events:\n      | event | order_id |\n      \
                 | OrderRequested | ORD-1 | x |\n{steps}"
            ),
            "5:7: this table row has 3 cells where the table's header (line 4) has 2 cells",
        ),
        (
            "lost-given",
            format!(
                "Feature: f\n  Scenario: s\n    the events:\n      | event | order_id |\n      \
                 | OrderRequested | ORD-1 |\n{steps}"
            ),
            "3:5: `the events:` is read as description text",
        ),
        (
            "no-scenario",
            "Feature: f\n".to_string(),
            ": no scenarios found",
        ),
    ] {
        let dir = tempfile::Builder::new()
            .prefix(&format!("gwt-coverage-{name}-"))
            .tempdir()
            .expect("a temporary folder");
        let file = dir.path().join("f.feature");
        std::fs::write(&file, &text).unwrap();
        let run = |args: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_gwt"))
                .args(args)
                .args(["--domain", "store"])
                .arg(dir.path())
                .output()
                .unwrap()
        };
        let out = run(&["coverage", "--json"]);
        let c: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: {c}");
        assert_eq!(c["scenarios"], 0, "{name}: {c}");
        // Nothing measured, as the text report says: every message listed as missing read as
        // a gap (the review of 2026-12-06, F16).
        assert_eq!(c["messages_missing"], serde_json::json!([]), "{name}: {c}");
        assert_eq!(c["rules_missing"], serde_json::json!([]), "{name}: {c}");
        assert_eq!(c["rules_unspecified"], serde_json::json!([]), "{name}: {c}");
        assert_eq!(
            c["nothing_to_measure"], "no scenario of this domain was read",
            "{name}: {c}"
        );
        let unreadable = c["unreadable"].as_array().expect("the problems");
        assert_eq!(unreadable.len(), 1, "{name}: {c}");
        let problem = unreadable[0].as_str().unwrap_or_default();
        assert!(
            problem.starts_with(&format!("{}:", file.display())) && problem.contains(told),
            "{name}: {problem}"
        );
        // The report for the terminal exits as its JSON does, and measures nothing.
        let out = run(&["coverage"]);
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{name}: {said}");
        assert!(
            said.starts_with("0 scenarios of `store` read\nunreadable: "),
            "{said}"
        );
        assert!(said.contains("nothing to measure"), "{said}");
        assert!(!said.contains("messages no scenario mentions"), "{said}");
        assert_eq!(run(&["test"]).status.code(), Some(1), "{name}");
    }
}

/// An entry of a folder named as a feature file that is no file (a named pipe, a link that
/// leads nowhere) is a feature file that does not read, as one given by name is: `gwt coverage`
/// tells it and exits 1, as the help says and `gwt test` does. It exited 2, the status of a
/// folder holding no feature file.
#[cfg(unix)]
#[test]
fn coverage_of_a_folder_whose_feature_file_is_no_file_exits_1_telling_it() {
    for (name, make) in [
        ("pipe", "mkfifo y.FEATURE"),
        ("link", "ln -s nowhere.feature y.feature"),
    ] {
        let dir = tempfile::Builder::new()
            .prefix(&format!("gwt-coverage-{name}-"))
            .tempdir()
            .expect("a temporary folder");
        let made = Command::new("sh")
            .args(["-c", make])
            .current_dir(dir.path())
            .status();
        assert!(made.is_ok_and(|s| s.success()), "{make}");
        let run = |command: &str| {
            Command::new(env!("CARGO_BIN_EXE_gwt"))
                .args([command, "--domain", "store"])
                .arg(dir.path())
                .output()
                .unwrap()
        };
        let out = run("coverage");
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{name}: {said}");
        assert!(
            said.starts_with("0 scenarios of `store` read\nunreadable: ")
                && said.contains("y.")
                && said.contains("nothing to measure"),
            "{name}: {said}"
        );
        assert_eq!(run("test").status.code(), Some(1), "{name}");
    }
}

/// A link that leads nowhere, named as a feature file, is a feature file that does not read, as
/// it is found in a folder and as `gwt test` takes it: `gwt coverage` exited 2 saying `no such
/// file or folder`, the status and words of a path never there.
#[cfg(unix)]
#[test]
fn coverage_of_a_link_that_leads_nowhere_named_as_a_feature_file_exits_1_telling_it() {
    let dir = tempfile::Builder::new()
        .prefix("gwt-coverage-named-link-")
        .tempdir()
        .expect("a temporary folder");
    let link = dir.path().join("y.feature");
    std::os::unix::fs::symlink(dir.path().join("nowhere.feature"), &link).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["coverage", "--domain", "store"])
        .arg(&link)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}{err}");
    assert!(
        said.contains("unreadable: ") && said.contains("a symbolic link that leads nowhere"),
        "{said}"
    );
}

/// A rule's words count as whole words: a scenario titled `a template order expires` said the
/// `late` of `an order placed too late is rejected`, and specified that rule with an expiry.
#[test]
fn coverage_reads_a_rule_s_words_whole_not_inside_others() {
    let dir = tempfile::Builder::new()
        .prefix("gwt-coverage-words-")
        .tempdir()
        .expect("a temporary folder");
    let scenario = |title: &str| {
        format!(
            "Feature: ordering\n  Scenario: {title}\n    Given the events:\n      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |\n      | OrderPlaced | order-1  | conf-1        | 1 full | 2026-01-05T09:15:00Z        | ABC123      |\n    When the command is sent:\n      | command                   | order_id |\n      | ExpireRegistrationProcess | order-1  |\n    Then these commands are sent:\n      | command               | order_id | conference_id | reservation_id |\n      | RejectOrder           | order-1  |               |                |\n      | CancelSeatReservation |          | conf-1        | order-1        |\n"
        )
    };
    let rules_missing = |title: &str| {
        std::fs::write(dir.path().join("o.feature"), scenario(title)).unwrap();
        coverage_json("conference", dir.path()).1["rules_missing"].clone()
    };
    let rule = serde_json::json!("an order placed too late is rejected");
    let template = rules_missing("a template order expires");
    assert!(template.as_array().unwrap().contains(&rule), "{template}");
    let late = rules_missing("an order placed late");
    assert!(!late.as_array().unwrap().contains(&rule), "{late}");
}

/// A seat assigned is no rejection for want of an email: every assignment names the attendee's
/// email (`attendee.email`), and the rule counted as specified by one that succeeds.
#[test]
fn coverage_of_a_seat_assigned_leaves_the_rule_on_a_missing_email_unspecified() {
    let dir = tempfile::Builder::new()
        .prefix("gwt-coverage-email-")
        .tempdir()
        .expect("a temporary folder");
    let assigned = "Feature: seats\n  Scenario: a seat is assigned\n    Given the events:\n      | event                  | order_id | seats  |\n      | SeatAssignmentsCreated | order-1  | [{\"position\": 0, \"seat_type\": \"full\"}] |\n    When the command is sent:\n      | command    | order_id | position | attendee.first_name | attendee.last_name | attendee.email |\n      | AssignSeat | order-1  | 0        | Ann                 | Lee                | ann@example.com |\n    Then these events are recorded:\n      | event        | order_id | position | seat_type |\n      | SeatAssigned | order-1  | 0        | full      |\n";
    std::fs::write(dir.path().join("s.feature"), assigned).unwrap();
    let (_, c) = coverage_json("conference", dir.path());
    let rules = c["rules_missing"].as_array().unwrap();
    assert!(
        rules.contains(&serde_json::json!(
            "a seat is not assigned without an email"
        )) && !rules.contains(&serde_json::json!("a seat is assigned to an attendee")),
        "{c}"
    );
}

/// `gwt coverage --json` writes the same keys every run, with the domain measured, as the
/// report's first line names it: `elsewhere` came only when something was left out.
#[test]
fn coverage_json_names_its_domain_and_keeps_its_keys() {
    let (_, c, _) = store_coverage_of(
        "keys",
        "Feature: one\n  Scenario: an order\n    When the command is sent:\n      | command      | order_id |\n      | RequestOrder | ORD-1    |\n    Then these events are recorded:\n      | event          | order_id |\n      | OrderRequested | ORD-1    |\n",
    );
    assert_eq!(c["domain"], "store", "{c}");
    assert_eq!(c["elsewhere"], serde_json::json!([]), "{c}");
    // Keys are added, never renamed or taken away: a script reads them by name.
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "domain",
            "elsewhere",
            "messages_missing",
            "nothing_to_read",
            "rules_missing",
            "rules_unspecified",
            "scenarios",
            "unreadable"
        ],
        "{c}"
    );
}

/// `gwt coverage --domain {domain}` of `folder` as the terminal reads it: its exit status and
/// its report.
fn coverage_text(domain: &str, folder: &std::path::Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["coverage", "--domain", domain])
        .arg(folder)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A scenario answered by a late reservation, titled `title`, under a Rule whose description is
/// `about`; first a scenario that holds less of the rule on stale answers (`SeatsReserved`
/// alone), then one whose title names `ConfirmOrder` where no message is named.
fn stale_answers(title: &str, about: &str) -> String {
    format!(
        r#"Feature: answers
  Scenario: seats reserved are marked
    When the event is published:
      | event         | conference_id | reservation_id | reservation_details |
      | SeatsReserved | conf-1        | order-1        | 2 full              |
    Then these commands are sent:
      | command             | order_id |
      | MarkSeatsAsReserved | order-1  |

  Rule: answers
    {about}

    Scenario: {title}
      Given the events:
        | event        | order_id | conference_id | seats  |
        | OrderUpdated | order-1  |               | 3 full |
      When the event is published:
        | event         | conference_id | reservation_id | reservation_details |
        | SeatsReserved | conf-1        | order-1        | 2 full              |
      Then no commands are sent

  Scenario: a completed payment sends ConfirmOrder
    When the event is published:
      | event            | payment_id | payment_source_id |
      | PaymentCompleted | pay-1      | order-1           |
    Then no events are recorded
"#
    )
}

/// Each rule no scenario specifies is told with what a scenario holds to specify it, messages
/// and quoted words apart, and the scenario nearest to it with exactly what it lacks: given the
/// rules' names alone, an outside author guessed for an hour (F5), and took the rule on stale
/// answers for one the language cannot say (F5c). What the nearest lacks is all it lacks: said
/// in its title, or in its Rule's description, the rule is specified.
#[test]
fn coverage_tells_what_an_unspecified_rule_needs_and_the_scenario_nearest_to_it() {
    let dir = tempfile::Builder::new()
        .prefix("gwt-coverage-needs-")
        .tempdir()
        .expect("a temporary folder");
    let file = dir.path().join("a.feature");
    std::fs::write(
        &file,
        stale_answers("an answer to an earlier request", "Said of answers."),
    )
    .unwrap();
    let (status, said) = coverage_text("conference", dir.path());
    assert_eq!(status, Some(1), "{said}");
    let stale = format!(
        "  - a stale reservation answer is ignored\n    needs SeatsReserved and the words \"no \
         commands are sent\" and \"stale\"\n    nearest: {}:13 `an answer to an earlier \
         request`, which lacks the word \"stale\"\n",
        file.display()
    );
    assert!(said.contains(&stale), "{said}");
    let confirms = format!(
        "  - a completed payment confirms the order\n    needs PaymentCompleted and \
         ConfirmOrder\n    nearest: {}:22 `a completed payment sends ConfirmOrder`, which lacks \
         ConfirmOrder (ConfirmOrder written there, but not as a message: in a step's event or \
         command column)\n",
        file.display()
    );
    assert!(said.contains(&confirms), "{said}");
    assert!(
        said.contains(
            "  - a conference is created once\n    needs CreateConference and the \
             words \"conference already exists\"\n    nearest: none: no scenario names or says \
             any of it\n"
        ),
        "{said}"
    );
    assert!(
        said.trim_end()
            .ends_with("they need not be a rejection's text."),
        "{said}"
    );
    // The JSON says the same, in keys added beside `rules_missing`.
    let (_, c) = coverage_json("conference", dir.path());
    let told = (c["rules_unspecified"].as_array().unwrap().iter())
        .find(|u| u["rule"] == "a stale reservation answer is ignored")
        .cloned();
    assert_eq!(
        told,
        Some(serde_json::json!({
            "rule": "a stale reservation answer is ignored",
            "needs": {"messages": ["SeatsReserved"], "words": ["no commands are sent", "stale"]},
            "nearest": {
                "file": file.display().to_string(), "line": 13,
                "title": "an answer to an earlier request",
                "lacks": {"messages": [], "words": ["stale"]},
                "written_not_named": []
            }
        })),
        "{c}"
    );
    let names: Vec<&Value> = (c["rules_unspecified"].as_array().unwrap().iter())
        .map(|u| &u["rule"])
        .collect();
    assert_eq!(
        names,
        c["rules_missing"]
            .as_array()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
    );
    // The word it lacked, said in its title or its Rule's description, specifies the rule.
    for (title, about) in [
        ("a stale answer to an earlier request", "Said of answers."),
        (
            "an answer to an earlier request",
            "A stale answer changes nothing.",
        ),
    ] {
        std::fs::write(&file, stale_answers(title, about)).unwrap();
        let (_, said) = coverage_text("conference", dir.path());
        assert!(!said.contains("a stale reservation answer"), "{said}");
        assert!(
            said.contains("a completed payment confirms the order"),
            "{said}"
        );
    }
    // The feature's description is prose about the whole file: the word said there specifies
    // nothing, where its title would.
    let described = stale_answers("an answer to an earlier request", "Said of answers.").replacen(
        "Feature: answers\n",
        "Feature: answers\n  A stale answer changes nothing.\n\n",
        1,
    );
    std::fs::write(&file, described).unwrap();
    let (_, said) = coverage_text("conference", dir.path());
    assert!(said.contains("a stale reservation answer"), "{said}");
}

/// An Examples block's title (and description) is the text of its rows' scenarios, and of no
/// other block's: `Examples: fewer seats than wanted when the quota is short` did not specify
/// that a reservation may get fewer seats than wanted, where the same words in the Outline's
/// title did (F5b); and `again` in the title of a block whose rows cancel does not make the
/// reservations of the block above it reserve again.
#[test]
fn coverage_reads_an_examples_title_as_the_text_of_its_own_rows_only() {
    let text = r#"Feature: reservations
  Scenario Outline: reservations
    When the command is sent:
      | command   | conference_id | reservation_id | seats  |
      | <command> | conf-1        | order-1        | 2 full |
    Then these events are recorded:
      | event   | conference_id | reservation_id |
      | <event> | conf-1        | order-1        |

    Examples: fewer seats than wanted when the quota is short
      | command             | event         |
      | MakeSeatReservation | SeatsReserved |

    Examples: cancelled
      Cancelled, and never reserved again.
      | command               | event                     |
      | CancelSeatReservation | SeatsReservationCancelled |
"#;
    let dir = tempfile::Builder::new()
        .prefix("gwt-coverage-examples-")
        .tempdir()
        .expect("a temporary folder");
    let file = dir.path().join("outline.feature");
    std::fs::write(&file, text).unwrap();
    let (status, c) = coverage_json("conference", dir.path());
    assert_eq!(status, Some(1), "{c}");
    assert_eq!(c["scenarios"], 2, "{c}");
    let missing = c["rules_missing"].as_array().unwrap();
    for specified in [
        "a reservation may get fewer seats than wanted",
        "cancelling a reservation releases its seats",
    ] {
        assert!(
            !missing.contains(&Value::from(specified)),
            "{specified}: {c}"
        );
    }
    let again = "reserving again with the same id adjusts the reservation";
    assert!(missing.contains(&Value::from(again)), "{c}");
    // Nearest to it, the first block's row, placed at its line, lacking the other block's word.
    let (_, said) = coverage_text("conference", dir.path());
    let told = format!(
        "  - {again}\n    needs MakeSeatReservation, SeatsReserved and the word \"again\"\n    \
         nearest: {}:12 `reservations`, which lacks the word \"again\"\n",
        file.display()
    );
    assert!(said.contains(&told), "{said}");
}

/// The catalog's rules table tells a rule's messages from the words a scenario says, quoted:
/// `RemoveSeats, never added` was read as a rejection's text, and `Then the command is rejected
/// with "never added"` written for a rejection that says `unknown seat type: vip` (F3). The JSON
/// keeps `mentions` and adds them apart.
#[test]
fn the_catalog_tells_a_rule_s_messages_from_its_quoted_words() {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .arg("catalog")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let rules = &text[text.find("Rules of `conference`").expect("the rules")..];
    for shown in [
        "a scenario specifying it names these messages and says these \"words\"",
        "RemoveSeats and the words \"never added\"",
        "MakeSeatReservation, SeatsReserved and the word \"fewer\"",
        "they need not be a rejection's text.",
    ] {
        assert!(rules.contains(shown), "`{shown}` missing:\n{rules}");
    }
    assert!(!rules.contains("RemoveSeats, never added"), "{rules}");
    let json = catalog("conference");
    let rule = (json["rules"].as_array().unwrap().iter())
        .find(|r| r["name"] == "removing seats of a seat type never added is refused")
        .expect("the rule");
    assert_eq!(
        rule["mentions"],
        serde_json::json!(["RemoveSeats", "never added"])
    );
    assert_eq!(rule["messages"], serde_json::json!(["RemoveSeats"]));
    assert_eq!(rule["words"], serde_json::json!(["never added"]));
}
