//! `gwt verify-migration` on files: a log exported with mixed versions verifies clean and its
//! migrated copy replays the same; every kind of bad input is reported with its line and what
//! was expected, without a panic, with the documented exit status; the source is never written.

mod common;

use common::{conference_line as published, export_mixed, stored, stored_at_version, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

fn gwt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(args)
        .output()
        .expect("gwt runs")
}

/// A folder of the test's own, named after it, removed when the test ends, pass or fail: a run
/// of the suite would otherwise leave one behind for each test.
fn dir(name: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("gwt-verify-{name}-"))
        .tempdir()
        .expect("a temporary folder")
}

fn export(d: &Path, histories: &str) -> PathBuf {
    let log = d.join("log.jsonl");
    let out = gwt(&export_mixed(
        "conference",
        histories,
        log.to_str().unwrap(),
    ));
    assert!(out.status.success(), "{}", text(&out));
    log
}

/// `log`'s lines, changed by `change`, written beside it as `damaged.jsonl`.
fn damaged(log: &Path, change: impl FnOnce(&mut Vec<String>)) -> PathBuf {
    let text = std::fs::read_to_string(log).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    change(&mut lines);
    let damaged = log.with_file_name("damaged.jsonl");
    std::fs::write(&damaged, lines.join("\n") + "\n").unwrap();
    damaged
}

/// A log of `histories` exported, verified clean, and the read models it builds exported beside
/// it: what a deployment's `--expect` compares with.
fn exported_with_read_models(d: &Path, histories: &str) -> (PathBuf, PathBuf) {
    let log = export(d, histories);
    let models = d.join("read-models.json");
    let out = verify_from(
        log.to_str().unwrap(),
        &["--export-read-models", models.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    (log, models)
}

/// `log` with its first line that places an order changed by `change` (the line read as JSON),
/// written beside it as `damaged.jsonl`; and that line's number.
fn first_order_placed_changed(
    log: &Path,
    change: impl FnOnce(&mut serde_json::Value),
) -> (PathBuf, usize) {
    let mut number = 0;
    let damaged = damaged(log, |lines| {
        let at = first_order_placed(lines);
        let mut line: serde_json::Value = serde_json::from_str(&lines[at]).unwrap();
        change(&mut line);
        lines[at] = line.to_string();
        number = at + 1;
    });
    (damaged, number)
}

/// Where the first line that places an order stands among `lines`.
fn first_order_placed(lines: &[String]) -> usize {
    lines
        .iter()
        .position(|l| l.contains(r#""event_type":"OrderPlaced""#))
        .expect("an order is placed")
}

/// `gwt verify-migration --from from`, then `more`.
fn verify_from(from: &str, more: &[&str]) -> Output {
    gwt(&[&["verify-migration", "--from", from], more].concat())
}

/// `gwt verify-migration --from -` reading `bytes` from a pipe. A write the other end stopped
/// reading is no failure: it may stop once it has seen enough (the magic bytes of a gzip file).
fn verify_piped(bytes: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["verify-migration", "--from", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(bytes);
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn an_exported_mixed_log_verifies_clean_and_its_migrated_copy_replays_the_same() {
    let tmp = dir("clean");
    let d = tmp.path();
    let log = export(d, "60");
    let before = std::fs::read(&log).unwrap();
    let text_log = String::from_utf8_lossy(&before);
    assert!(
        text_log.contains("\"event_version\":1") && text_log.contains("price_cents"),
        "no older forms were written"
    );
    let migrated = d.join("migrated.jsonl");
    let models = d.join("read-models.json");
    let out = verify_from(
        log.to_str().unwrap(),
        &[
            "--write-migrated",
            migrated.to_str().unwrap(),
            "--export-read-models",
            models.to_str().unwrap(),
        ],
    );
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(report.contains("clean"), "{report}");
    assert!(
        report.contains("SeatCreated") && report.contains("OrderTotalsCalculated"),
        "{report}"
    );
    assert_eq!(
        std::fs::read(&log).unwrap(),
        before,
        "the source was written to"
    );
    let copy = std::fs::read_to_string(&migrated).unwrap();
    assert!(
        !copy.contains("price_cents") && !copy.contains("OrderPaymentConfirmed"),
        "the copy is not current"
    );
    // The copy verifies the same, and the exported read models are what the copy rebuilds.
    let out = verify_from(
        migrated.to_str().unwrap(),
        &["--expect", models.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // A clean run says that the comparison was made, and of how much.
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&models).unwrap()).unwrap();
    let entries: usize = exported
        .as_object()
        .unwrap()
        .values()
        .map(|m| m.as_object().unwrap().len())
        .sum();
    assert!(
        text(&out).contains(&format!(
            "the rebuilt read models equal the expected ones ({entries} entries of {} read models)",
            exported.as_object().unwrap().len()
        )),
        "{}",
        text(&out)
    );
}

#[test]
fn read_models_that_differ_from_the_expected_ones_are_shown_by_key_and_field() {
    let tmp = dir("expect");
    let d = tmp.path();
    let (log, models) = exported_with_read_models(d, "10");
    let mut expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&models).unwrap()).unwrap();
    let conference = expected["Conference"].as_object_mut().unwrap();
    let key = conference.keys().next().unwrap().clone();
    conference[&key]["name"] = "Renamed".into();
    std::fs::write(&models, expected.to_string()).unwrap();
    let out = verify_from(
        log.to_str().unwrap(),
        &["--expect", models.to_str().unwrap()],
    );
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains(&format!(
            "Conference {key}.name: expected \"Renamed\", rebuilt"
        )),
        "{report}"
    );
    // A key holding a dot or a space is quoted, so that it cannot be read as part of the path.
    let conference = expected["Conference"].as_object_mut().unwrap();
    conference.remove(&key);
    conference.insert("my conf.name".into(), serde_json::json!({"name": "x"}));
    std::fs::write(&models, expected.to_string()).unwrap();
    let out = verify_from(
        log.to_str().unwrap(),
        &["--expect", models.to_str().unwrap()],
    );
    let report = text(&out);
    assert!(
        report.contains("Conference \"my conf.name\": expected, but the rebuild has no entry"),
        "{report}"
    );
}

/// An amount as a live system might export it: a JSON number (`500`, `199.5`).
fn amount_as_number(amount: &serde_json::Value) -> serde_json::Value {
    let text = amount.as_str().expect("amounts are exported as text");
    serde_json::from_str(text.trim_end_matches('0').trim_end_matches('.')).unwrap()
}

/// An instant as a live system might export it: `+00:00` for `Z`, or an hour ahead in `+01:00`.
fn instant_elsewhere(instant: &serde_json::Value, ahead: bool) -> serde_json::Value {
    let text = instant.as_str().expect("instants are exported as text");
    let utc = chrono::DateTime::parse_from_rfc3339(text).unwrap();
    match ahead {
        false => text.replace('Z', "+00:00").into(),
        true => utc
            .with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap())
            .to_rfc3339()
            .into(),
    }
}

#[test]
fn amounts_instants_and_numbers_written_otherwise_are_no_difference_but_other_values_are() {
    let tmp = dir("expect-by-value");
    let d = tmp.path();
    let (log, models) = exported_with_read_models(d, "60");
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&models).unwrap()).unwrap();
    let mut expected = exported.clone();
    // Every amount, instant and whole number written as another system would write it.
    let mut changed = 0;
    for (i, seat_type) in expected["SeatType"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .enumerate()
    {
        if let Some(price) = seat_type["price"].as_str().map(str::to_owned) {
            // "199.00" as "199", or as the number 199.
            seat_type["price"] = match i % 2 {
                0 => price.trim_end_matches('0').trim_end_matches('.').into(),
                _ => amount_as_number(&seat_type["price"]),
            };
            changed += 1;
        }
        let available = seat_type["available_quantity"].as_i64().unwrap();
        seat_type["available_quantity"] = serde_json::json!(available as f64);
    }
    for order in expected["PricedOrder"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        if order["total"].is_string() {
            order["total"] = amount_as_number(&order["total"]);
            changed += 1;
        }
        for line in order["lines"].as_array_mut().unwrap() {
            line["unit_price"] = amount_as_number(&line["unit_price"]);
            line["line_total"] = amount_as_number(&line["line_total"]);
        }
    }
    for (i, order) in expected["DraftOrder"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .enumerate()
    {
        if order["reservation_expiration"].is_string() {
            order["reservation_expiration"] =
                instant_elsewhere(&order["reservation_expiration"], i % 2 == 1);
            changed += 1;
        }
    }
    for (i, conference) in expected["Conference"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .enumerate()
    {
        conference["start_date"] = instant_elsewhere(&conference["start_date"], i % 2 == 1);
        changed += 1;
    }
    assert!(changed > 10, "too little was written otherwise");
    let written = expected.to_string();
    assert!(
        written.contains("+00:00") && written.contains("+01:00") && written.contains("\"total\":"),
        "{written}"
    );
    std::fs::write(&models, &written).unwrap();
    let verify = || {
        verify_from(
            log.to_str().unwrap(),
            &["--expect", models.to_str().unwrap()],
        )
    };
    let out = verify();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // A cent, a minute or a different kind of value is still a difference, shown as written.
    let (seat_type, rebuilt_price) = exported["SeatType"]
        .as_object()
        .unwrap()
        .iter()
        .find_map(|(key, entry)| Some((key.clone(), entry["price"].as_str()?.to_string())))
        .unwrap();
    // A cent more or less: "199.00" as "199.01".
    let mut price = rebuilt_price.clone();
    let cent = if price.ends_with('0') { "1" } else { "0" };
    price.replace_range(price.len() - 1.., cent);
    let entry = &mut expected["SeatType"][&seat_type];
    entry["price"] = price.clone().into();
    // An id written as a number is not the text it was.
    entry["conference_id"] = 1.into();
    let conferences = expected["Conference"].as_object_mut().unwrap();
    let (conference, entry) = conferences.iter_mut().next().unwrap();
    let start = entry["start_date"].as_str().unwrap().to_string();
    entry["start_date"] = start.replace(":00+00:00", ":01+00:00").into();
    let conference = conference.clone();
    std::fs::write(&models, expected.to_string()).unwrap();
    let out = verify();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    for difference in [
        format!("SeatType {seat_type}.price: expected \"{price}\", rebuilt \"{rebuilt_price}\""),
        format!("SeatType {seat_type}.conference_id: expected 1, rebuilt \""),
        format!(
            "Conference {conference}.start_date: expected \"{}\", rebuilt \"{}\"",
            start.replace(":00+00:00", ":01+00:00"),
            start.replace("+00:00", "Z")
        ),
    ] {
        assert!(
            said.contains(&difference),
            "missing `{difference}` in:\n{said}"
        );
    }
    assert!(
        said.contains("differences from the expected read models (3)"),
        "{said}"
    );
}

#[test]
fn bad_input_is_reported_with_its_line_and_what_was_expected() {
    let tmp = dir("bad");
    let d = tmp.path();
    // Lines of Conference/c1's stream: position, type, version, payload.
    let good = |seq, ty, v, payload| stored_at_version("Conference/c1", seq, ty, v, payload);
    let c1 = r#"{"conference_id":"c1"}"#;
    let lines = [
        good(1, "ConferencePublished", 1, c1),
        "{not json".to_string(),
        good(2, "ConferenceTeleported", 1, c1),
        good(3, "SeatCreated", 7, c1),
        good(
            4,
            "SeatCreated",
            1,
            r#"{"conference_id":"c1","seat_type":"full","name":"Full","description":null,"quantity":3}"#,
        ),
        good(4, "ConferencePublished", 1, c1),
        good(9, "ConferencePublished", 1, c1),
        good(2, "ConferencePublished", 1, r#"{"conference_id":"c2"}"#),
    ];
    let log = d.join("bad.jsonl");
    // A line that is not even text comes last: it is one more bad line, not the end of reading.
    let mut bytes = (lines.join("\n") + "\n").into_bytes();
    bytes.extend_from_slice(b"{\"stream\":\"Conference/c\xff\"}\n");
    bytes.extend_from_slice(lines[0].replace("c1", "c2").as_bytes());
    std::fs::write(&log, bytes).unwrap();
    let source = log.to_str().unwrap();
    let out = verify_from(source, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    for expected in [
        format!("{source}:2: not JSON at column 2: a key must be quoted text"),
        format!("{source}:3: Conference/c1 #2: ConferenceTeleported version 1: unknown event type `ConferenceTeleported`"),
        format!("{source}:4: Conference/c1 #3: SeatCreated version 7: `SeatCreated` has no version 7 (known: 1, 2)"),
        format!("{source}:5: Conference/c1 #4: SeatCreated version 1:"),
        format!("{source}:6: Conference/c1 #4 comes again: its position is taken already (expected #5)"),
        format!("{source}:7: Conference/c1 jumps from #4 to #9: a gap (#5–#8 never come, unless it is in a line above that could not be read)"),
        // Another conference's event at a position taken is no repeat of the one there.
        format!(
            "{source}:8: Conference/c1 #2 comes again, after #9 (expected #10), and is no event \
             of that stream: ConferencePublished names Conference/c2, but is stored in \
             Conference/c1"
        ),
        format!("{source}:9: not UTF-8 text: the byte at column 24 (0xFF) is not part of a UTF-8 character (a file written in Windows-1252 or Latin-1 throughout reads as UTF-8 once turned by `iconv -f WINDOWS-1252 -t UTF-8`; not one that holds UTF-8 already)"),
    ] {
        assert!(report.contains(&expected), "missing `{expected}` in:\n{report}");
    }
    assert!(
        report.contains("price_cents"),
        "the missing field is not named:\n{report}"
    );
    assert!(!report.contains("panicked"), "{report}");
    // The line after it was read, upcast and replayed: five ConferencePublished read, three
    // placed (lines 1, 7 and 10).
    assert!(
        report.contains(": 10 lines read, 8 of them stored events (2 not)"),
        "{report}"
    );
    // Serde's own "line 1" of the one line it was given would read as the file's first line.
    assert!(!report.contains("at line 1"), "{report}");
    let published: Vec<&str> = report
        .lines()
        .find(|l| l.trim_start().starts_with("ConferencePublished"))
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default();
    assert_eq!(
        published,
        // Read 5, 2 failed; the current form needs no upcasting.
        ["ConferencePublished", "1", "5", "current", "2"],
        "{report}"
    );

    let out = verify_from(source, &["--max-errors", "2"]);
    let report = text(&out);
    assert!(report.contains("stopped at --max-errors"), "{report}");
    assert!(!report.contains(&format!("{source}:4:")), "{report}");

    let out = verify_from("/nonexistent/log.jsonl", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("cannot read /nonexistent/log.jsonl"));
}

#[test]
fn reading_on_other_threads_reports_what_one_thread_reports() {
    use domain::conference::ConferenceContext;
    use simulator::export::{export, Versions};
    use simulator::migration::{verify, verify_on_one_thread, verify_on_threads, VerifyOptions};
    use simulator::search::Options;
    let mut log = Vec::new();
    export::<ConferenceContext>(&Options::new(300, 5, 1), Versions::Mixed, &mut log).unwrap();
    let text = String::from_utf8(log).unwrap();
    // Spoilt lines spread over several pages of lines, and blank lines, which count in the line
    // numbers errors give.
    let spoilt: String = text
        .lines()
        .enumerate()
        .map(|(i, line)| match i % 1500 {
            700 => line.replace("\"payload\":{", "\"payload\":{\"x\":"),
            1000 => format!("{line}\n  "),
            1400 => line[..line.len() / 2].to_string(),
            _ => line.to_string(),
        })
        .map(|line| line + "\n")
        .collect();
    for (log, max_errors) in [(&text, 0), (&spoilt, 0), (&spoilt, 3)] {
        let options = VerifyOptions {
            max_errors,
            ..VerifyOptions::default()
        };
        let (one, _) =
            verify_on_one_thread::<ConferenceContext>(log.as_bytes(), "log", &options, None);
        assert_eq!(one.errors.is_empty(), std::ptr::eq(log, &text));
        assert_eq!(
            one.stopped_early,
            max_errors == 3,
            "{}",
            one.render("log", 0)
        );
        let (as_it_runs, _) = verify::<ConferenceContext>(log.as_bytes(), "log", &options, None);
        assert_eq!(as_it_runs.render("log", 0), one.render("log", 0));
        // Pages go to the parsing threads in turn and must come back in order, however many.
        for readers in [1, 2, 3] {
            let (parallel, _) = verify_on_threads::<ConferenceContext>(
                log.as_bytes(),
                "log",
                &options,
                None,
                readers,
            );
            assert_eq!(
                parallel.render("log", 0),
                one.render("log", 0),
                "{readers} readers"
            );
        }
    }
}

/// A list of records that differs in one field of one item is told at that item and field
/// (`lines[0].quantity`), where both lists were printed whole.
#[test]
fn an_expected_list_that_differs_is_told_by_item_and_field() {
    let tmp = dir("expect-parts");
    let d = tmp.path();
    let log = export(d, "60");
    let models = d.join("models.json");
    let out = verify_from(
        log.to_str().unwrap(),
        &["--export-read-models", models.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&models).unwrap()).unwrap();
    let (key, quantity) = {
        let priced = m["PricedOrder"].as_object_mut().unwrap();
        let (key, entry) = priced
            .iter_mut()
            .find(|(_, e)| e["lines"].as_array().is_some_and(|l| !l.is_empty()))
            .expect("a priced order with lines");
        let line = &mut entry["lines"][0];
        let quantity = line["quantity"].as_i64().unwrap();
        line["quantity"] = (quantity + 1).into();
        (key.clone(), quantity)
    };
    let expect = d.join("expect.json");
    std::fs::write(&expect, m.to_string()).unwrap();
    let out = verify_from(
        log.to_str().unwrap(),
        &["--expect", expect.to_str().unwrap()],
    );
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains(&format!(
            "PricedOrder {key}.lines[0].quantity: expected {}, rebuilt {quantity}",
            quantity + 1
        )),
        "{report}"
    );
    assert!(
        report.contains("differences from the expected read models (1):"),
        "{report}"
    );
}

/// A payload written as a list of its fields in order is refused: it read as if the fields were
/// named, and the migrated copy wrote them as an object.
#[test]
fn a_payload_written_as_a_list_of_its_fields_is_refused() {
    let tmp = dir("positional");
    let d = tmp.path();
    let log = export(d, "12");
    let (damaged, at) = first_order_placed_changed(&log, |line| {
        let fields: Vec<serde_json::Value> = line["payload"]
            .as_object()
            .unwrap()
            .values()
            .cloned()
            .collect();
        line["payload"] = fields.into();
    });
    let out = verify_from(damaged.to_str().unwrap(), &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(
        report.contains(
            " #1: OrderPlaced version 1: `OrderPlaced` does not fit: found a list where an \
             object was expected, at column 1 of the payload"
        ) && report.contains(&format!("damaged.jsonl:{at}: Order/")),
        "{report}"
    );
}

/// A record inside a payload (an order's line of seats) written as a list is refused as the
/// payload itself is: serde read it as if its fields were named.
#[test]
fn a_record_inside_a_payload_written_as_a_list_is_refused() {
    let tmp = dir("positional-inside");
    let d = tmp.path();
    let log = export(d, "12");
    let (damaged, at) = first_order_placed_changed(&log, |line| {
        let seats = &mut line["payload"]["seats"][0];
        *seats = serde_json::json!([seats["seat_type"].clone(), seats["quantity"].clone()]);
    });
    let out = verify_from(damaged.to_str().unwrap(), &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(
        report.contains(
            " #1: OrderPlaced version 1: `OrderPlaced` does not fit: found a list where an \
             object was expected"
        ) && report.contains(&format!("damaged.jsonl:{at}: Order/")),
        "{report}"
    );
}

/// A line that cannot be read far enough to name its stream (here a seat type's creation) may
/// be what a later breach across streams misses: the breach is told, and said to be perhaps
/// only that line's doing. It read as a breach of the log's own.
#[test]
fn a_breach_after_a_line_whose_stream_is_unknown_says_it_may_follow_from_it() {
    let tmp = dir("unplaced");
    let d = tmp.path();
    let log = export(d, "5");
    let damaged = damaged(&log, |lines| {
        // A conference's second seat type (its management has spoken, so availability given
        // seats of a seat type it never created is a breach), its seats given on the next line,
        // before the gap its stream shows later is found.
        let stream_of = |line: &str| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            v["stream"].as_str().unwrap_or_default().to_string()
        };
        let is = |line: &str, event: &str| line.contains(&format!(r#""event_type":"{event}""#));
        let created = (1..lines.len() - 1)
            .find(|&i| {
                is(&lines[i], "SeatCreated")
                    && is(&lines[i + 1], "AvailableSeatsChanged")
                    && lines[..i]
                        .iter()
                        .any(|l| is(l, "SeatCreated") && stream_of(l) == stream_of(&lines[i]))
            })
            .expect("a conference's second seat type");
        lines[created] = "garbage".into();
    });
    let out = verify_from(damaged.to_str().unwrap(), &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(
        report.contains(
            "that no change of its quantity called for (conference management had not created \
             that seat type) (perhaps only because a line above could not be read: which stream \
             that line was of is not known)"
        ),
        "{report}"
    );
}

/// A log missing a stream others depend on is not clean: a conference's own stream, or one
/// order's, wherever in the log the first of their kind came (the first order's stream lost
/// verified clean). A log that holds no stream of a kind at all (of one context alone) is not
/// judged for it, and says so where it said "clean" of every check.
/// A reading stopped at --max-errors told, of reservations whose orders stood in the part not
/// read, that "the log never placed that order" (the review of 2026-12-06, M3): what never came
/// is not judged of a log read in part.
#[test]
fn what_never_came_is_not_judged_of_a_log_read_in_part() {
    let tmp = dir("read-in-part");
    let d = tmp.path();
    let log = export(d, "40");
    // Orders' streams last, after two lines that do not read.
    let damaged = damaged(&log, |lines| {
        let (orders, others): (Vec<String>, Vec<String>) = lines
            .drain(..)
            .partition(|l| l.contains("\"stream\":\"Order/"));
        lines.extend(["not a line".to_string(), "nor this".to_string()]);
        lines.extend(others);
        lines.extend(orders);
    });
    let whole = text(&verify_from(
        damaged.to_str().unwrap(),
        &["--max-errors", "0"],
    ));
    assert!(!whole.contains("never placed"), "{whole}");
    let out = verify_from(damaged.to_str().unwrap(), &["--max-errors", "2"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("stopped at --max-errors"), "{said}");
    assert!(!said.contains("never placed"), "{said}");
}

/// What must follow an order's end, lost, verified clean: a confirmed order's reservation never
/// committed (its SeatsReservationCommitted lost), its seats never opened for assignment (its
/// SeatAssignments stream lost), an expired order's seats never released (its
/// SeatsReservationCancelled lost) (the review of 2026-12-06, H1). Each is an event that ends
/// its stream, so the stream shows no gap; each is told once the order's time has long run out.
#[test]
fn what_must_follow_an_orders_end_lost_is_a_breach() {
    let tmp = dir("lost-follow-up");
    let d = tmp.path();
    let log = export(d, "200");
    let text_of = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<serde_json::Value> = text_of
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stream = |v: &serde_json::Value| v["stream"].as_str().unwrap().to_string();
    // The last event of its stream, of this type.
    let last_of = |event_type: &str| {
        (0..lines.len())
            .find(|&i| {
                lines[i]["event_type"] == event_type
                    && !lines[i + 1..]
                        .iter()
                        .any(|l| stream(l) == stream(&lines[i]))
            })
            .unwrap_or_else(|| panic!("a {event_type} that ends its stream"))
    };
    for (event_type, said) in [
        (
            "SeatsReservationCommitted",
            "was confirmed, but SeatsAvailability of conference ",
        ),
        (
            "SeatsReservationCancelled",
            "expired, but SeatsAvailability of conference ",
        ),
    ] {
        let at = last_of(event_type);
        let order = lines[at]["payload"]["reservation_id"]
            .as_str()
            .unwrap()
            .to_string();
        let damaged = damaged(&log, |lines| {
            lines.remove(at);
        });
        let out = verify_from(damaged.to_str().unwrap(), &[]);
        let report = text(&out);
        assert_eq!(out.status.code(), Some(1), "{event_type}: {report}");
        assert!(
            report.contains(&format!("order {order} {said}")),
            "{event_type}: {report}"
        );
        assert_eq!(
            report.matches(&format!("order {order} ")).count(),
            1,
            "{report}"
        );
    }
    let opened = lines
        .iter()
        .find(|l| l["event_type"] == "SeatAssignmentsCreated")
        .map(stream)
        .expect("seats opened for assignment");
    let damaged = damaged(&log, |lines| {
        lines.retain(|l| !l.contains(&format!("\"stream\":\"{opened}\"")))
    });
    let out = verify_from(damaged.to_str().unwrap(), &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let order = opened.trim_start_matches("SeatAssignments/");
    assert!(
        report.contains(&format!(
            "order {order} was confirmed, but the log never opens its seats for assignment"
        )),
        "{report}"
    );
}

#[test]
fn a_log_that_lost_a_stream_others_depend_on_is_not_clean_and_one_of_a_context_alone_says_so() {
    let tmp = dir("lost-stream");
    let d = tmp.path();
    let log = export(d, "40");
    let stream_of = |line: &str| -> String {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        v["stream"].as_str().unwrap_or_default().to_string()
    };
    let text_of = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text_of.lines().collect();
    // The conference of the log's first order, and that order.
    let placed: serde_json::Value = serde_json::from_str(
        lines[first_order_placed(&lines.iter().map(|l| l.to_string()).collect::<Vec<_>>())],
    )
    .unwrap();
    let order = placed["stream"].as_str().unwrap().to_string();
    let conference = format!(
        "Conference/{}",
        placed["payload"]["conference_id"].as_str().unwrap()
    );
    for (lost, said) in [
        (
            conference.clone(),
            "whose management created no seat type in the log",
        ),
        (order.clone(), "but the log never placed that order"),
    ] {
        let damaged = damaged(&log, |lines| lines.retain(|l| stream_of(l) != lost));
        let out = verify_from(damaged.to_str().unwrap(), &[]);
        let report = text(&out);
        assert_eq!(out.status.code(), Some(1), "{lost}: {report}");
        assert!(report.contains(said), "{lost}: {report}");
    }
    // Every order's stream left out: a log of seat availability and management alone.
    let damaged = damaged(&log, |lines| {
        lines.retain(|l| !stream_of(l).starts_with("Order/"))
    });
    let out = verify_from(damaged.to_str().unwrap(), &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains("reservations of seats for orders, and the log holds no Order stream"),
        "{report}"
    );
    assert!(
        report.contains(
            "clean: every event upcast and replayed, and checked but for what is not judged above"
        ),
        "{report}"
    );
    // The whole log: every check judged.
    let out = verify_from(log.to_str().unwrap(), &[]);
    let report = text(&out);
    assert!(!report.contains("not judged"), "{report}");
    assert!(
        report.contains("clean: every event upcast, replayed and checked"),
        "{report}"
    );
}

/// The bench measures only a log that reads whole, and takes no option it would not use: a
/// damaged log printed figures and exit 0, and `--expect` or `--write-migrated` beside it were
/// passed over in silence.
#[test]
fn the_bench_refuses_a_log_that_does_not_read_whole_and_options_it_would_ignore() {
    let tmp = dir("bench-refuses");
    let d = tmp.path();
    let log = export(d, "5");
    let damaged = damaged(&log, |lines| lines.push("garbage".into()));
    let out = gwt(&[
        "verify-migration",
        "--bench",
        "--from",
        damaged.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("the log does not read whole: "), "{err}");
    assert!(err.contains("damaged.jsonl:"), "{err}");
    for option in ["--expect", "--write-migrated", "--export-read-models"] {
        let out = gwt(&[
            "verify-migration",
            "--bench",
            "--from",
            log.to_str().unwrap(),
            option,
            d.join("x.json").to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("cannot be used with"), "{err}");
        assert!(!d.join("x.json").exists());
    }
}

#[test]
fn the_bench_prints_one_core_against_the_baseline_the_tool_as_it_runs_parsing_and_peak_memory() {
    let tmp = dir("bench");
    let d = tmp.path();
    let log = export(d, "40");
    let out = gwt(&[
        "verify-migration",
        "--bench",
        "--from",
        log.to_str().unwrap(),
    ]);
    let report = text(&out);
    assert!(out.status.success(), "{report}");
    let events = std::fs::read_to_string(&log).unwrap().lines().count();
    assert!(
        report.starts_with(&format!("{events} events from ")),
        "{report}"
    );
    for expected in [
        "verify-migration on one core",
        "baseline on one core",
        "of the baseline, the median of the rounds' own",
        "verify-migration as it runs",
        "lines only parsed into typed events on one core",
        "peak memory of a streaming verification",
    ] {
        assert!(
            report.contains(expected),
            "missing `{expected}` in:\n{report}"
        );
    }
    // Each target says whether it was met, as the figure beside it says.
    let ratio: f64 = report
        .split("ratio: ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|r| r.parse().ok())
        .expect("a ratio");
    let verdict = if ratio >= 0.6 { "met" } else { "not met" };
    assert!(
        report.contains(&format!("(target: at least 0.6, {verdict};")),
        "{report}"
    );
    // A small log's peak memory is the program's, and the ratio says nothing of the target.
    assert!(
        report.contains(
            "(target: at most 2, not met); a log this small measures mostly the program itself"
        ),
        "{report}"
    );
}

/// The temporary files of outputs being written in `d`.
fn partial_files(d: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".partial"))
        .collect()
}

/// Writes `lines` as the log `log` and verifies it: the log's name, the run, and all it said.
fn verify_lines(log: &Path, lines: &[String]) -> (String, Output, String) {
    std::fs::write(log, lines.join("\n")).unwrap();
    let source = log.to_str().unwrap().to_string();
    let out = verify_from(&source, &[]);
    let said = text(&out);
    (source, out, said)
}

#[test]
fn outputs_never_overwrite_the_log_or_each_other_and_are_written_only_whole() {
    let tmp = dir("outputs");
    let d = tmp.path();
    let log = export(d, "5");
    let before = std::fs::read(&log).unwrap();
    let source = log.to_str().unwrap();
    let link = d.join("link.jsonl");
    std::fs::hard_link(&log, &link).unwrap();
    let roundabout = d.join("sub/../log.jsonl");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    for (flag, out) in [
        ("--write-migrated", source),
        ("--write-migrated", link.to_str().unwrap()),
        ("--export-read-models", roundabout.to_str().unwrap()),
    ] {
        let out = verify_from(source, &[flag, out]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains("is the file given to --from: it would be overwritten"),
            "{said}"
        );
        assert_eq!(
            std::fs::read(&log).unwrap(),
            before,
            "the source was written"
        );
    }
    let both = d.join("both.json");
    let out = verify_from(
        source,
        &[
            "--write-migrated",
            both.to_str().unwrap(),
            "--export-read-models",
            both.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is the file given to --write-migrated"));

    // An output that cannot be written fails before the log is read, with exit status 2.
    let out = verify_from(
        source,
        &[
            "--export-read-models",
            d.join("no-such-folder/models.json").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("there is no folder"), "{}", text(&out));
    assert!(!text(&out).contains("clean"), "{}", text(&out));

    // A log that does not read whole leaves the migrated copy unwritten (and an older copy as
    // it was): a copy of what did read would lose events.
    let damaged = d.join("damaged.jsonl");
    let mut lines: Vec<String> = String::from_utf8(before.clone())
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines[3] = "{cut short".into();
    std::fs::write(&damaged, lines.join("\n")).unwrap();
    let copy = d.join("copy.jsonl");
    std::fs::write(&copy, "an older copy\n").unwrap();
    let out = verify_from(
        damaged.to_str().unwrap(),
        &["--write-migrated", copy.to_str().unwrap()],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("not written: the log did not read whole"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), "an older copy\n");
    let leftovers = partial_files(d);
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A whole log replaces it, and says so.
    let out = verify_from(source, &["--write-migrated", copy.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("written, "), "{said}");
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap().lines().count(),
        before.iter().filter(|&&b| b == b'\n').count()
    );
}

#[test]
fn expected_read_models_must_be_read_models_of_the_context_and_their_differences_are_limited() {
    let tmp = dir("expect-shape");
    let d = tmp.path();
    let log = export(d, "8");
    let source = log.to_str().unwrap();
    let expect = d.join("expect.json");
    for (content, said) in [
        ("[1, 2, 3]", "not an object of read models"),
        (
            r#"{"Conference": 5}"#,
            "`Conference` is not an object of entries by key",
        ),
        (
            "{\"Conference\": ",
            "the file ends too early, where a value was expected, at line 1, column 15",
        ),
        // Cut before its last brace, after a newline: the end is the last line the file has.
        (
            "{\"Conference\": {\n  \"c1\": {\"name\": \"x\"}\n",
            "the file ends too early, inside an object, at the end of line 2",
        ),
    ] {
        std::fs::write(&expect, content).unwrap();
        let out = verify_from(source, &["--expect", expect.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{content}: {}", text(&out));
        assert!(text(&out).contains(said), "{content}: {}", text(&out));
    }
    // Every conference renamed: more differences than --max-errors shows.
    let models = d.join("models.json");
    let out = verify_from(source, &["--export-read-models", models.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&models).unwrap()).unwrap();
    // Read models this version does not have (dropped, renamed, mistyped) are differences, the
    // others compared as before; a name holding a backtick is quoted whole (found by fuzzing).
    let mut more = expected.clone();
    more["Conferense"] = serde_json::json!({"c1": {"name": "x"}, "c2": {"name": "y"}});
    more["a`b"] = serde_json::json!({});
    std::fs::write(&expect, more.to_string()).unwrap();
    let out = verify_from(source, &["--expect", expect.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    for expected in [
        "differences from the expected read models (2):",
        "  Conferense: expected, with 2 entries, but this version has no such read model (did \
         you mean `Conference`?)",
        "  \"a`b\": expected, with 0 entries, but this version has no such read model",
    ] {
        assert!(said.contains(expected), "no `{expected}` in:\n{said}");
    }
    let conferences = expected["Conference"].as_object_mut().unwrap();
    let renamed = conferences.len();
    assert!(renamed > 3);
    for entry in conferences.values_mut() {
        entry["name"] = "Renamed".into();
    }
    std::fs::write(&expect, expected.to_string()).unwrap();
    let out = verify_from(
        source,
        &["--expect", expect.to_str().unwrap(), "--max-errors", "3"],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "differences from the expected read models ({renamed})"
        )),
        "{said}"
    );
    assert_eq!(said.matches("expected \"Renamed\"").count(), 3, "{said}");
    assert!(
        said.contains(&format!("… and {} more", renamed - 3)),
        "{said}"
    );
}

#[test]
fn a_stream_out_of_order_is_reported_once_where_it_went_wrong() {
    let tmp = dir("order");
    let d = tmp.path();
    let lines = [
        published("c1", 1),
        published("c1", 3),
        published("c1", 2),
        // A line cut short still names its stream and position: no gap follows it.
        published("c2", 1),
        published("c2", 2)[..60].to_string(),
        published("c2", 3),
        published("c3", 1),
        published("c3", 3),
    ];
    let (source, out, said) = verify_lines(&d.join("order.jsonl"), &lines);
    let source = source.as_str();
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:3: Conference/c1 #2 comes after #3: the stream's events out of order (it jumped from #1 to #3 at {source}:2)"
        )),
        "{said}"
    );
    assert!(!said.contains("Conference/c1 jumps"), "{said}");
    assert!(
        said.contains(&format!("{source}:5: not JSON at column 60")),
        "{said}"
    );
    assert!(!said.contains("Conference/c2 jumps"), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:8: Conference/c3 jumps from #1 to #3: a gap (#2 never comes)"
        )),
        "{said}"
    );
    // Each error once. (Conferences published but never created are breaches besides, listed
    // apart from the errors.)
    let errors = errors(&said);
    let of_the_log = errors
        .iter()
        .filter(|l| l.starts_with(&format!("{source}:")));
    assert_eq!(of_the_log.count(), 3, "{said}");
}

/// A value 100,000 characters long (an event type, an older form's payload) is reported by its
/// start and end, with how much was left out: each was echoed whole, in the event-type table and
/// in its error, a 300 KB report for a one-line log (found by fuzzing).
#[test]
fn a_long_value_from_the_log_is_reported_by_its_start_and_end() {
    let tmp = dir("long");
    let d = tmp.path();
    let long_type = "E".repeat(100_000);
    let long_text = format!("\"{}\"", "x".repeat(100_000));
    let lines = [
        stored("Conference/c1", 1, &long_type, r#"{"conference_id":"c1"}"#),
        stored_at_version("Conference/c1", 2, "SeatUpdated", 1, &long_text),
    ];
    let (source, out, said) = verify_lines(&d.join("long.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.len() < 3_000, "{} bytes:\n{said}", said.len());
    assert!(
        said.contains(&format!(
            "{source}:1: Conference/c1 #1: {}… (99,900 characters left out) …{} version 1: \
             unknown event type `",
            "E".repeat(80),
            "E".repeat(20)
        )),
        "{said}"
    );
    assert!(
        said.contains("the payload is \"xxxxx") && said.contains("characters left out)"),
        "{said}"
    );
}

/// What follows a line's object and cannot be seen is named: a NUL, or a carriage return where
/// lines end with one alone (the whole file then reads as one line); found by fuzzing.
#[test]
fn an_invisible_character_after_a_line_s_object_is_named() {
    let tmp = dir("follows");
    let d = tmp.path();
    let cr = d.join("cr.jsonl");
    std::fs::write(&cr, [published("c1", 1), published("c1", 2)].join("\r")).unwrap();
    let out = verify_from(cr.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains(
            "something follows the object (after a carriage return: lines must end with a line \
             feed, and these seem to end with a carriage return alone, so the file reads as one \
             line)"
        ),
        "{}",
        text(&out)
    );
    let (_, out, said) = verify_lines(&d.join("nul.jsonl"), &[published("c1", 1) + "\0"]);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("something follows the object (`\\0`, a character that shows as nothing)"),
        "{said}"
    );
    // Inside a line, and a line of NULs (a crash's zero-filled tail): both looked empty or
    // whole, told only that a value or a `:` was expected.
    let line = published("c1", 1);
    let key_end = line.find("\":").unwrap() + 1;
    let inside = format!("{}\0{}", &line[..key_end], &line[key_end..]);
    let (source, out, said) = verify_lines(
        &d.join("nul-inside.jsonl"),
        &[inside, published("c1", 2), "\0".repeat(4096)],
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:1: not JSON at column {}: expected `:` between a key and its value (found \
             `\\0`, a character that shows as nothing)",
            key_end + 1
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "{source}:3: not JSON at column 1: expected a value (quoted text, a number, an \
             object, a list, `true`, `false` or `null`) (found `\\0`: the line is 4096 NUL \
             bytes, the zero-filled tail a crash can leave at a file's end?)"
        )),
        "{said}"
    );
}

#[test]
fn a_copy_read_ahead_of_its_place_is_named_where_its_original_comes() {
    let tmp = dir("copy-ahead");
    let d = tmp.path();
    // A copy of c1's #2 stands before the stream's first event: the stream jumps to it, #1
    // fills the gap out of order, and the original #2, at its place, is the repeat. The
    // repeat's message names the copy's line, the one to mend.
    let lines = [
        published("c1", 2),
        published("c1", 1),
        published("c1", 2),
        // A repeat with no jump before it names no other line.
        published("c2", 1),
        published("c2", 1),
    ];
    let (source, out, said) = verify_lines(&d.join("ahead.jsonl"), &lines);
    let source = source.as_str();
    assert_eq!(out.status.code(), Some(2), "{said}");
    for expected in [
        format!("{source}:2: Conference/c1 #1 comes after #2: the stream's events out of order (it started at #2, at {source}:1)"),
        format!("{source}:3: Conference/c1 #2 comes again: its position is taken already, by the event the stream jumped to at {source}:1 (expected #3)"),
        format!("{source}:5: Conference/c2 #1 comes again: its position is taken already (expected #2)"),
    ] {
        assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    }
}

#[test]
fn an_event_in_a_stream_not_its_own_is_reported() {
    let tmp = dir("streams");
    let d = tmp.path();
    let reserved = |stream: &str, reservation: &str| {
        stored(
            stream,
            1,
            "SeatsReservationCommitted",
            &format!(r#"{{"conference_id":"c1","reservation_id":"{reservation}"}}"#),
        )
    };
    let lines = [
        published("c1", 1),
        // Published names c1, but stands in c2's stream.
        stored(
            "Conference/c2",
            1,
            "ConferencePublished",
            r#"{"conference_id":"c1"}"#,
        ),
        reserved("Order/o1", "o1"),
        reserved("Nowhere/x", "o1"),
        // An older form, its names perhaps the upcaster's doing.
        stored(
            "Order/o2",
            1,
            "OrderPaymentConfirmed",
            r#"{"order_id":"o3"}"#,
        ),
        // An id left empty names no instance, rather than a name cut short.
        stored(
            "Conference/c3",
            1,
            "ConferencePublished",
            r#"{"conference_id":""}"#,
        ),
        // A stream with a trailing space, or an invisible character, is quoted: unquoted, it
        // read as the stream its event names.
        stored(
            "Conference/c4 ",
            1,
            "ConferencePublished",
            r#"{"conference_id":"c4"}"#,
        ),
        stored(
            "Conference/c5",
            1,
            "ConferencePublished",
            r#"{"conference_id":"c5\u200b"}"#,
        ),
    ];
    let (source, out, said) = verify_lines(&d.join("streams.jsonl"), &lines);
    let source = source.as_str();
    assert_eq!(out.status.code(), Some(2), "{said}");
    for expected in [
        format!("{source}:2: ConferencePublished names Conference/c1, but is stored in Conference/c2"),
        format!("{source}:3: SeatsReservationCommitted is not an event of Order (expected one of: "),
        format!("{source}:4: SeatsReservationCommitted belongs in SeatsAvailability/c1, but is stored in Nowhere/x"),
        format!("{source}:5: OrderPaymentConfirmed version 1: after upcasting, OrderConfirmed names Order/o3, but is stored in Order/o2"),
        format!("{source}:6: ConferencePublished names no Conference (its id is empty), but is stored in Conference/c3"),
        format!("{source}:7: ConferencePublished names Conference/c4, but is stored in \"Conference/c4 \""),
        format!("{source}:8: ConferencePublished names \"Conference/c5\\u{{200b}}\", but is stored in Conference/c5"),
    ] {
        assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    }
}

/// A line whose stream and event disagree takes no position: the stream's own event there is
/// read and replayed, not dropped as a repeat, and the gap the line left in the stream its event
/// names is told that it may be that line.
#[test]
fn an_event_stored_in_another_instances_stream_takes_no_position_there() {
    let tmp = dir("intruder");
    let d = tmp.path();
    let lines = [
        published("c1", 1),
        published("c2", 1),
        // c1's second event, stored as c2's second.
        stored(
            "Conference/c2",
            2,
            "ConferencePublished",
            r#"{"conference_id":"c1"}"#,
        ),
        published("c2", 2),
        published("c1", 3),
    ];
    let (source, out, said) = verify_lines(&d.join("intruder.jsonl"), &lines);
    let source = source.as_str();
    assert_eq!(out.status.code(), Some(2), "{said}");
    let errors = errors(&said);
    assert_eq!(
        errors,
        [
            format!("{source}:3: ConferencePublished names Conference/c1, but is stored in Conference/c2"),
            format!(
                "{source}:5: Conference/c1 jumps from #1 to #3: a gap (#2 never comes, unless \
                 it is the event at {source}:3, which names this stream but is stored in \
                 Conference/c2 #2)"
            ),
        ],
        "{said}"
    );
    assert!(said.contains(": 5 events read"), "{said}");
}

/// A position a stream jumped over that comes later in a line that cannot be read (a row read
/// last for its metadata) came: the line is told, and no gap besides it.
#[test]
fn a_position_jumped_over_that_comes_unreadable_is_no_gap() {
    let tmp = dir("late-unreadable");
    let d = tmp.path();
    let lines = [
        published("c1", 1),
        published("c1", 3),
        published("c1", 2).replace("2026-01-05T09:00:00Z", "not yet"),
    ];
    let (source, out, said) = verify_lines(&d.join("late.jsonl"), &lines);
    let source = source.as_str();
    assert_eq!(out.status.code(), Some(2), "{said}");
    let errors = errors(&said);
    assert_eq!(errors.len(), 1, "{said}");
    assert!(errors[0].starts_with(&format!("{source}:3: ")), "{said}");
    assert!(!said.contains("gap"), "{said}");
}

/// What a gap's missing events may be instead is said after one `unless`, the choices joined
/// by `or`: two `unless` clauses read as if both had to hold.
#[test]
fn a_gap_says_what_it_may_be_after_one_unless() {
    let tmp = dir("two-unless");
    let d = tmp.path();
    let lines = [
        "not a line".to_string(),
        published("c1", 1),
        published("c1", 2).replace("\"sequence\":2", "\"sequence\":-2"),
        published("c1", 3),
    ];
    let (source, out, said) = verify_lines(&d.join("two.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let gap = format!(
        "{source}:4: Conference/c1 jumps from #1 to #3: a gap (#2 never comes, unless it is the \
         line at {source}:3, of this stream, whose position could not be read, or in a line \
         above that could not be read)"
    );
    assert!(errors(&said).contains(&gap), "missing `{gap}` in:\n{said}");
}

/// A line whose stream reads but whose position does not (`-3`, `3.5`, `"3"`) is of that
/// stream: the gap it leaves says it may be that line, and what follows is not judged, where
/// the line was taken for one of no known stream and every later breach said it might be it.
#[test]
fn a_line_whose_position_does_not_read_is_still_of_its_stream() {
    for sequence in ["-2", "2.5", "\"2\""] {
        let tmp = dir("unpositioned");
        let d = tmp.path();
        let lines = [
            published("c1", 1),
            published("c1", 2).replace("\"sequence\":2", &format!("\"sequence\":{sequence}")),
            published("c1", 3),
        ];
        let (source, out, said) = verify_lines(&d.join("unpositioned.jsonl"), &lines);
        let source = source.as_str();
        assert_eq!(out.status.code(), Some(2), "{said}");
        let errors = errors(&said);
        assert_eq!(errors.len(), 2, "{sequence}: {said}");
        assert!(errors[0].starts_with(&format!("{source}:2: ")), "{said}");
        assert_eq!(
            errors[1],
            format!(
                "{source}:3: Conference/c1 jumps from #1 to #3: a gap (#2 never comes, unless it \
                 is the line at {source}:2, of this stream, whose position could not be read)"
            ),
            "{sequence}: {said}"
        );
        assert!(
            !said.contains("which stream that line was of is not known"),
            "{said}"
        );
    }
}

#[test]
fn a_breach_found_as_an_event_comes_names_where_the_event_was_read() {
    let tmp = dir("breach");
    let d = tmp.path();
    let lines = [
        stored(
            "SeatsAvailability/c1",
            1,
            "AvailableSeatsChanged",
            r#"{"conference_id":"c1","seats":[{"quantity":6,"seat_type":"full"}]}"#,
        ),
        stored(
            "SeatsAvailability/c1",
            2,
            "SeatsReserved",
            r#"{"available_seats_changed":[{"quantity":-1000,"seat_type":"full"}],"conference_id":"c1","reservation_details":[{"quantity":1000,"seat_type":"full"}],"reservation_id":"o1"}"#,
        ),
    ];
    let (source, out, said) = verify_lines(&d.join("breach.jsonl"), &lines);
    let source = source.as_str();
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:2: conference c1: reservation o1 overbooked seat type full"
        )),
        "{said}"
    );
    // The bench measures such a log, whose verification does the work of any other, and says
    // that it is not clean.
    let bench = gwt(&["verify-migration", "--bench", "--from", source]);
    let said = text(&bench);
    assert_eq!(bench.status.code(), Some(0), "{said}");
    assert!(
        said.contains("the log is not clean: the verification found 1 invariant breach;"),
        "{said}"
    );
    assert!(said.contains("peak memory"), "{said}");
}

#[test]
fn the_bench_refuses_standard_input_and_a_log_of_another_domain_saying_why() {
    let out = gwt(&["verify-migration", "--bench", "--from", "-"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("--bench reads the log more than once, so it takes a file or a database"),
        "{said}"
    );
    let tmp = dir("bench-other-domain");
    let log = tmp.path().join("store.jsonl");
    let export = gwt(&export_mixed("store", "5", log.to_str().unwrap()));
    assert!(export.status.success(), "{}", text(&export));
    let out = gwt(&[
        "verify-migration",
        "--bench",
        "--from",
        log.to_str().unwrap(),
    ]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("run with --domain store"), "{said}");
    // A named pipe gives its bytes once: the timed rounds measured nothing, or waited forever.
    let fifo = tmp.path().join("log.fifo");
    common::named_pipe(&fifo);
    let out = gwt(&[
        "verify-migration",
        "--bench",
        "--from",
        fifo.to_str().unwrap(),
    ]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "--bench reads the log more than once, so it takes a file or a database, and this \
             is a pipe"
        ),
        "{said}"
    );
    // An empty log has nothing to measure.
    let empty = tmp.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = gwt(&[
        "verify-migration",
        "--bench",
        "--from",
        empty.to_str().unwrap(),
    ]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the log holds no events, so there is nothing to measure"),
        "{said}"
    );
}

#[test]
fn a_log_with_a_byte_order_mark_or_from_standard_input_reads_as_any_other() {
    let tmp = dir("bom");
    let d = tmp.path();
    let log = export(d, "3");
    let plain = verify_from(log.to_str().unwrap(), &[]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain));
    let events = text(&plain)
        .lines()
        .next()
        .unwrap()
        .split(": ")
        .nth(1)
        .unwrap()
        .to_string();
    let bom = d.join("bom.jsonl");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(&log).unwrap());
    std::fs::write(&bom, &bytes).unwrap();
    let out = verify_from(bom.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains(&events), "{}", text(&out));

    let out = verify_piped(&bytes);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).starts_with(&format!("verified standard input: {events}")),
        "{}",
        text(&out)
    );

    let empty = d.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = verify_from(empty.to_str().unwrap(), &[]);
    assert!(
        text(&out).contains("nothing to verify: the log holds no events"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("clean"), "{}", text(&out));
    // A wrong path or database must not pass for a clean log.
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--allow-empty"), "{}", text(&out));
    let allowed = gwt(&[
        "verify-migration",
        "--allow-empty",
        "--from",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed));
    assert!(
        text(&allowed).contains("nothing to verify: the log holds no events"),
        "{}",
        text(&allowed)
    );
}

#[test]
fn outputs_go_through_links_keep_their_permissions_and_never_replace_what_is_not_a_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = dir("links");
    let d = tmp.path();
    let log = export(d, "4");
    let source = log.to_str().unwrap();
    // Through a link: the link stays, the file it names is replaced, with its permissions.
    let models = d.join("models.json");
    std::fs::write(&models, "old").unwrap();
    std::fs::set_permissions(&models, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = d.join("link.json");
    std::os::unix::fs::symlink(&models, &link).unwrap();
    let out = verify_from(source, &["--export-read-models", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&models)
        .unwrap()
        .contains("Conference"));
    let mode = std::fs::metadata(&models).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    // A link to the log is the log.
    let to_log = d.join("to-log.jsonl");
    std::os::unix::fs::symlink(&log, &to_log).unwrap();
    for (flag, target, said) in [
        (
            "--write-migrated",
            to_log.to_str().unwrap(),
            "is the file given to --from",
        ),
        ("--write-migrated", "/dev/null", "it is not a regular file"),
        (
            "--export-read-models",
            "-",
            "standard output carries the report",
        ),
    ] {
        let out = verify_from(source, &[flag, target]);
        assert_eq!(out.status.code(), Some(2), "{target}: {}", text(&out));
        assert!(text(&out).contains(said), "{target}: {}", text(&out));
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());

    // Standard input read from the log: writing the copy over it is refused.
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args([
            "verify-migration",
            "--from",
            "-",
            "--write-migrated",
            source,
        ])
        .stdin(std::fs::File::open(&log).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("is the file standard input reads"),
        "{}",
        text(&out)
    );
}

#[test]
fn an_interrupted_run_leaves_no_partial_file_and_the_old_outputs_as_they_were() {
    let tmp = dir("interrupt");
    let d = tmp.path();
    let copy = d.join("copy.jsonl");
    std::fs::write(&copy, "the old copy\n").unwrap();
    // Standard input left open: the run waits for more of the log, so the signal comes mid-run.
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args([
            "verify-migration",
            "--from",
            "-",
            "--write-migrated",
            copy.to_str().unwrap(),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(published("c1", 1).as_bytes()).unwrap();
    stdin.write_all(b"\n").unwrap();
    let partial = || partial_files(d).len();
    // The temporary file exists once the run has started.
    let started = std::time::Instant::now();
    while partial() == 0 && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(partial(), 1, "the run never started writing");
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(out.status.code(), Some(130), "{}", text(&out));
    assert!(text(&out).contains("interrupted"), "{}", text(&out));
    assert_eq!(partial(), 0, "a partial file was left");
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), "the old copy\n");
}

#[test]
fn a_partly_read_log_writes_no_read_models_and_its_jumps_count_toward_max_errors() {
    let tmp = dir("partly");
    let d = tmp.path();
    let models = d.join("models.json");
    std::fs::write(&models, "old").unwrap();
    // Every stream starts at #2: each is a gap, known as soon as its first line is read.
    let lines: Vec<String> = (1..=10).map(|i| published(&format!("c{i}"), 2)).collect();
    let log = d.join("gaps.jsonl");
    std::fs::write(&log, lines.join("\n")).unwrap();
    let out = verify_from(
        log.to_str().unwrap(),
        &[
            "--max-errors",
            "3",
            "--export-read-models",
            models.to_str().unwrap(),
        ],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains(": 3 events read"), "{said}");
    assert!(said.contains("stopped at --max-errors"), "{said}");
    assert!(
        said.contains("Conference/c1 starts at #2: a gap (#1 not seen before reading stopped)"),
        "{said}"
    );
    assert!(
        said.contains("--export-read-models") && said.contains("not written"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&models).unwrap(), "old");

    let one = d.join("one.jsonl");
    std::fs::write(&one, "{oops\n").unwrap();
    let out = verify_from(one.to_str().unwrap(), &[]);
    assert!(
        text(&out).contains(": 1 line read, 0 of them stored events"),
        "{}",
        text(&out)
    );
}

/// A file of another domain is told before it is read, with one message and exit 2, instead of
/// an `unknown event type` per line up to --max-errors; from standard input, which cannot be
/// looked at first, the report still ends by naming the domain.
#[test]
fn a_log_of_another_domain_is_told_at_once_which_domain_reads_it() {
    let tmp = dir("other-domain");
    let d = tmp.path();
    let log = d.join("store.jsonl");
    let out = gwt(&[
        "simulate",
        "--domain",
        "store",
        "--histories",
        "20",
        "--export",
        log.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = verify_from(log.to_str().unwrap(), &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(out.stdout.is_empty(), "{report}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "gwt verify-migration: {} holds events of the store domain, not of the conference \
             domain: of its first 64 events, 64 are not events of the conference domain \
             (MailCompleted, MailRequested, OrderCompleted and 3 more), and all are events of the \
             store domain; run with --domain store\n",
            log.display()
        )
    );
    // Events of a name both domains know are told by the streams they are in: the store's
    // PaymentCompleted, in Payment streams, failed as the conference's, each line twice (its
    // payload, and a gap), with no word of the store (the review's L8).
    let payments = d.join("payments.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .filter(|l| l.contains("\"PaymentCompleted\""))
        .take(3)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(lines.len(), 3);
    std::fs::write(&payments, lines.concat()).unwrap();
    let out = verify_from(payments.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "gwt verify-migration: {} holds events of the store domain, not of the conference \
             domain: of its first 3 events, 3 are not events of the conference domain \
             (PaymentCompleted in Payment streams), and all are events of the store domain; run \
             with --domain store\n",
            payments.display()
        )
    );
    let out = verify_from(payments.to_str().unwrap(), &["--domain", "store"]);
    assert!(!text(&out).contains("run with --domain"), "{}", text(&out));

    // From standard input the log is read as before, and the domain named after the report.
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["verify-migration", "--from", "-"])
        .stdin(std::fs::File::open(&log).unwrap())
        .output()
        .unwrap();
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(
        report.contains("unknown event type `OrderRequested`"),
        "{report}"
    );
    assert_eq!(
        report.matches("are events of the store domain (").count(),
        1,
        "{report}"
    );

    // Read with the domain it names, the log is clean and no hint is given.
    let out = gwt(&[
        "verify-migration",
        "--domain",
        "store",
        "--from",
        log.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("run with --domain"), "{}", text(&out));

    // A conference log with one store event among its first is the conference's, read whole:
    // the stray line is placed by the verification.
    let conference = export(d, "5");
    let mut lines: Vec<String> = std::fs::read_to_string(&conference)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines.insert(
        3,
        stored("Mail/ORD-1", 1, "MailRequested", r#"{"order_id":"ORD-1"}"#),
    );
    std::fs::write(&conference, lines.join("\n") + "\n").unwrap();
    let out = gwt(&["verify-migration", "--from", conference.to_str().unwrap()]);
    let report = text(&out);
    assert!(
        report.contains(
            ":4: Mail/ORD-1 #1: MailRequested version 1: unknown event type `MailRequested`"
        ),
        "{report}"
    );
    assert!(!report.contains("holds events of"), "{report}");
    // A log of both domains is told it mixes them, not sent to the other domain, which would
    // refuse this one's events as this one refuses its (the review of 2026-12-06, M5).
    assert!(
        report.contains("the log mixes events of the store domain (MailRequested) with ")
            && report.contains(
                " of the conference domain: each domain verifies its own events, so split the \
                 log by stream, and verify each part with its --domain"
            ),
        "{report}"
    );
    assert!(!report.contains("run with --domain store"), "{report}");
}

#[test]
fn an_empty_source_says_what_a_source_is() {
    let out = verify_from("", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("--from is empty: name a JSON-lines file, `-` for standard input"),
        "{}",
        text(&out)
    );
}

#[test]
fn control_characters_from_the_log_are_escaped_and_odd_names_quoted() {
    let tmp = dir("controls");
    let d = tmp.path();
    let bell = r"c9\u001b]0;pwned\u0007";
    let lines = [
        stored(
            "Conference/c1",
            1,
            r"Order\u001b[31mRED\u0000X",
            r#"{"conference_id":"c1"}"#,
        ),
        published(bell, 1),
        published(bell, 1),
        published("c2 ", 1),
        published("c2 ", 1),
    ];
    let (source, out, said) = verify_lines(&d.join("log.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    for control in ['\u{1b}', '\0', '\u{7}'] {
        assert!(
            !said.contains(control),
            "{control:?} printed raw in:\n{said}"
        );
    }
    for expected in [
        r#"  "Order\u{1b}[31mRED\0X" "#.to_string(),
        format!(r#"{source}:3: "Conference/c9\u{{1b}}]0;pwned\u{{7}}" #1 comes again"#),
        format!(r#"{source}:5: "Conference/c2 " #1 comes again"#),
    ] {
        assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    }
}

#[test]
fn position_0_is_no_position_rather_than_a_repeat() {
    let tmp = dir("zero");
    let d = tmp.path();
    let lines = [published("c1", 0), published("c1", 1), published("c1", 2)];
    let (source, out, said) = verify_lines(&d.join("log.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let expected = format!("{source}:1: Conference/c1 position 0: a stream's positions start at 1");
    assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    assert!(said.contains("errors (1):"), "{said}");
    assert!(!said.contains("repeat"), "{said}");

    // A stream whose first line stands at 0 then starts at #2: the gap was told as a second
    // error with nothing linking the two (the ops review's 5); it names that line now.
    let lines = [published("c1", 0), published("c1", 2)];
    let (source, out, said) = verify_lines(&d.join("late.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let expected = format!(
        "{source}:2: Conference/c1 starts at #2: a gap (#1 never comes, unless it is the line at \
         {source}:1, of this stream, at position 0, which is no position)"
    );
    assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
}

/// Refusals that said what was wrong and not what it likely means (the ops review's 4 and 5):
/// a field the current form does not know, in an event at its current version, is most likely
/// a newer release's, and the copy would lose it; an event type at a version it never had by
/// that name had it under the name it was renamed from; and the stop at --max-errors says how
/// to read everything.
#[test]
fn a_refusal_says_what_it_likely_means_where_the_catalog_can_tell() {
    let tmp = dir("likely");
    let d = tmp.path();
    let log = export(d, "30");
    let (newer, line) = first_order_placed_changed(&log, |event| {
        event["payload"]["currency"] = "EUR".into();
    });
    let out = verify_from(newer.to_str().unwrap(), &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(":{line}: ")) && said.contains(
            "`currency` is not a field of the payload (expected one of: `order_id`, "
        ) && said.contains(
            "(written by a newer release of the system than this build knows? this build cannot \
             keep the field, so --write-migrated would lose it)"
        ),
        "{said}"
    );

    let mut renamed_at = 0;
    let renamed = damaged(&log, |lines| {
        renamed_at = lines
            .iter()
            .position(|l| l.contains(r#""event_type":"OrderPaymentConfirmed","event_version":1"#))
            .expect("a mixed export stores a confirmation in its first form");
        lines[renamed_at] = lines[renamed_at].replace(
            r#""event_type":"OrderPaymentConfirmed""#,
            r#""event_type":"OrderConfirmed""#,
        );
    });
    let out = verify_from(renamed.to_str().unwrap(), &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(":{}: ", renamed_at + 1))
            && said.contains(
                "`OrderConfirmed` has no version 1 (known: 2); version 1 of it was stored as \
                 `OrderPaymentConfirmed`, renamed since: a line of that version names it \
                 `OrderPaymentConfirmed`"
            ),
        "{said}"
    );

    let unknown =
        |n: usize| published(&format!("c{n}"), 1).replace("ConferenceCreated", "ConferenceCreatd");
    let (_, out, said) = verify_lines(&d.join("many.jsonl"), &[unknown(1), unknown(2), unknown(3)]);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("errors (3):"), "{said}");
    let many = d.join("many.jsonl");
    let out = verify_from(many.to_str().unwrap(), &["--max-errors", "2"]);
    let said = text(&out);
    assert!(
        said.contains(
            "stopped at --max-errors; later lines were not read (--max-errors 0 reads them all)"
        ),
        "{said}"
    );
    let out = verify_from(many.to_str().unwrap(), &["--max-errors", "0"]);
    assert!(text(&out).contains("errors (3):"), "{}", text(&out));
}

#[test]
fn a_line_naming_its_sequence_twice_does_not_move_its_stream() {
    let tmp = dir("twice");
    let d = tmp.path();
    let lines = [
        published("c1", 1),
        published("c1", 2).replace(r#""sequence":2"#, r#""sequence":2,"sequence":7"#),
        published("c1", 3),
        published("c1", 4),
    ];
    let (source, out, said) = verify_lines(&d.join("log.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!("{source}:2: not a stored event")),
        "{said}"
    );
    // Whether #2 or #7 was meant cannot be told: the stream is not moved to #7, so #3 and #4
    // are no repeats; #2 is missing, and may be that line.
    assert!(!said.contains("repeat"), "{said}");
    let gap = format!(
        "{source}:3: Conference/c1 jumps from #1 to #3: a gap (#2 never comes, unless it is in a \
         line above that could not be read)"
    );
    assert!(said.contains(&gap), "missing `{gap}` in:\n{said}");
}

#[test]
fn expected_read_models_that_are_empty_repeat_a_key_or_hold_no_object_are_refused_where_they_are() {
    let tmp = dir("expect-refused");
    let d = tmp.path();
    let log = d.join("log.jsonl");
    std::fs::write(&log, published("c1", 1)).unwrap();
    let expect = d.join("expect.json");
    for (content, said) in [
        (
            "",
            "cannot read the expected read models: the file is empty (expected an object",
        ),
        ("\u{feff} \n", "the file is empty"),
        (
            "{\"Conference\": {\n  \"c1\": {\"name\": \"A\"},\n  \"c1\": {\"name\": \"B\"}}}",
            "the file gives `c1` twice, at line 3, column 6",
        ),
        (
            r#"{"Conference": {"full-h0": "x"}}"#,
            "the entry for `full-h0` in `Conference` must be an object of fields, not \"x\"",
        ),
        // serde_json's words for a bad escape, said plainly (found by fuzzing).
        (
            r#"{"Conference": {"c1": {"name": "a\qb"}}}"#,
            "a backslash that starts no escape in quoted text (write `\\\\` for a backslash), \
             at line 1, column 35",
        ),
        (
            r#"{"Conference": {"c1": {"name": "\ud800"}}}"#,
            "a `\\u` escape cut short (it takes four hexadecimal digits, and the first half of a \
             surrogate pair takes a second `\\u` escape after it)",
        ),
    ] {
        std::fs::write(&expect, content).unwrap();
        let out = verify_from(
            log.to_str().unwrap(),
            &["--expect", expect.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(2), "{content}: {}", text(&out));
        assert!(text(&out).contains(said), "{content}: {}", text(&out));
        assert!(!text(&out).contains("EOF"), "{content}: {}", text(&out));
    }
    // Bytes that are not UTF-8 are placed, as a log's are (they were told in the I/O error's
    // own words, "stream did not contain valid UTF-8"; found by fuzzing).
    std::fs::write(
        &expect,
        b"{\"Conference\": {\n  \"c1\": {\"name\": \"\xff\"}}}",
    )
    .unwrap();
    let out = verify_from(
        log.to_str().unwrap(),
        &["--expect", expect.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains(
            "cannot read the expected read models: not UTF-8 text (byte 36 is not part of a \
             character), at line 2, column 19; expected JSON"
        ),
        "{}",
        text(&out)
    );
}

#[test]
fn standard_input_that_cannot_be_read_says_so_once() {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["verify-migration", "--from", "-"])
        .stdin(std::fs::File::open(std::env::temp_dir()).unwrap())
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("cannot read the line"), "{said}");
    assert!(!said.contains("nothing to verify"), "{said}");
}

/// An older form's payload is read into a tree for its upcasters: a key given twice, or a
/// number the tree would round, would be lost from the migrated copy without a word.
#[test]
fn an_older_payload_that_gives_a_key_twice_or_a_number_too_long_is_refused() {
    let tmp = dir("older-losses");
    let d = tmp.path();
    let totals = |total: &str| {
        stored(
            "Order/order-1",
            1,
            "OrderTotalsCalculated",
            &format!(
                r#"{{"lines":[{{"line_total":"597.00","quantity":3,"seat_type":"full","unit_price":"199.00"}}],"order_id":"order-1",{total}}}"#
            ),
        )
    };
    let migrated = d.join("migrated.jsonl");
    for (total, said) in [
        (
            r#""total":"1.00","total":"597.00""#,
            "the payload gives `total` twice, at column",
        ),
        (
            r#""total":"597.00","lines":[]"#,
            "the payload gives `lines` twice, at column",
        ),
        (
            r#""total":597.000000000000000000000000001"#,
            "`597.000000000000000000000000001` cannot be held exactly as a number",
        ),
    ] {
        let log = d.join("log.jsonl");
        std::fs::write(&log, totals(total) + "\n").unwrap();
        let out = verify_from(
            log.to_str().unwrap(),
            &["--write-migrated", migrated.to_str().unwrap()],
        );
        let report = text(&out);
        assert_eq!(out.status.code(), Some(2), "{report}");
        assert!(
            report.contains(&format!(
                "{}:1: Order/order-1 #1: OrderTotalsCalculated version 1:",
                log.display()
            )) && report.contains(said),
            "missing `{said}` in:\n{report}"
        );
        assert!(!migrated.exists(), "a migrated copy was written:\n{report}");
    }
}

/// A decimal holds 28 significant digits; an amount with more, as text or as a number, would
/// be written back rounded by `--write-migrated`.
#[test]
fn an_amount_a_decimal_cannot_hold_exactly_is_refused_not_rounded() {
    let tmp = dir("long-amount");
    let d = tmp.path();
    let migrated = d.join("migrated.jsonl");
    for price in [
        r#""199.000000000000000000000000001""#,
        "199.000000000000000000000000001",
    ] {
        let log = d.join("log.jsonl");
        let line = stored_at_version(
            "Conference/c1",
            1,
            "SeatCreated",
            2,
            &format!(
                r#"{{"conference_id":"c1","description":"d","name":"Full","price":{price},"quantity":6,"seat_type":"full"}}"#
            ),
        );
        std::fs::write(&log, line + "\n").unwrap();
        let out = verify_from(
            log.to_str().unwrap(),
            &["--write-migrated", migrated.to_str().unwrap()],
        );
        let report = text(&out);
        assert_eq!(out.status.code(), Some(2), "{report}");
        assert!(
            report
                .contains("`199.000000000000000000000000001` cannot be held exactly as an amount"),
            "{report}"
        );
        assert!(!migrated.exists(), "a migrated copy was written:\n{report}");
    }
}

/// A line that is not a stored event says what is wrong in plain words, naming the field where
/// it can and keeping the column: none of serde's or chrono's own wording.
#[test]
fn a_malformed_line_says_what_is_wrong_in_plain_words() {
    let tmp = dir("plain-words");
    let d = tmp.path();
    let line = |sequence: &str, version: &str, payload: &str, at: &str| {
        format!(
            r#"{{"stream":"Conference/c1","sequence":{sequence},"event_type":"ConferencePublished","event_version":{version},"payload":{payload},"recorded_at":{at}}}"#
        )
    };
    let good_at = r#""2026-01-05T09:00:00Z""#;
    let payload = r#"{"conference_id":"c1"}"#;
    let cases = [
        (line(r#""x""#, "1", payload, good_at), "`sequence` must be a position in its stream, a whole number (1 or more) such as 2; found the text \"x\", at column 40 of the line"),
        (line("[1]", "1", payload, good_at), "`sequence` must be a position in its stream, a whole number (1 or more) such as 2; found a list"),
        (line("99999999999999999999999", "1", payload, good_at), "`sequence` is too large a number for a position in its stream (at most 18,446,744,073,709,551,615)"),
        (line("18446744073709551616", "1", payload, good_at), "`sequence` is too large a number for a position in its stream (at most 18,446,744,073,709,551,615)"),
        (line("2.0", "1", payload, good_at), "`sequence` must be a position in its stream, a whole number (1 or more) such as 2; found the number 2.0"),
        (line("1", "-1", payload, good_at), "`event_version` must be a version, a whole number (0 or more) such as 2 (or text: \"2\", \"2.0\" or \"2.0.0\"); found the number -1"),
        (line("1", "99999999999", payload, good_at), "`event_version` 99999999999 is too large a number for a version (at most 4,294,967,295)"),
        (line("1", "1", payload, r#""2026-01-05""#), "`recorded_at` is \"2026-01-05\", not an RFC 3339 instant such as `2026-01-05T09:00:00Z` (it ends too early)"),
        (line("1", "1", payload, r#""2026-01-05T09:00""#), "`recorded_at` is \"2026-01-05T09:00\", not an RFC 3339 instant"),
        ("[1,2]".to_string(), "the line is not a JSON object: it begins `[1,2]`"),
        // A reader that does not name its field is told it (the reader counted columns).
        (
            r#"{"stream":"Conference/c1","sequence":1,"event_type":null,"event_version":1,"payload":{},"recorded_at":"2026-01-05T09:00:00Z"}"#.to_string(),
            "found null where text was expected, in `event_type`, at column 56 of the line",
        ),
    ];
    // Text that is not JSON says so at its column, before anything about the fields.
    let not_json = [
        (line("1", "1", payload, good_at)[..60].to_string(), "column 60: the line ends too early, inside quoted text"),
        (line("1", "1", payload, good_at) + " x", "column 164: something follows the object"),
        (r#"{"stream":"Conference/c1",1:2}"#.to_string(), "column 27: a key must be quoted text"),
        (r#"{"stream":"Conference/c1","sequence":tru}"#.to_string(), "column 41: an unquoted word (only `true`, `false` and `null` are written without quotes; text must be in quotes)"),
        (line("1", "1", "not json", good_at), "column 104: an unquoted word"),
        // Cut short after an unknown key: the cut is told, not the key.
        (r#"{"oops""#.to_string(), "column 7: the line ends too early, inside an object"),
    ];
    let lines: Vec<String> = cases
        .iter()
        .chain(&not_json)
        .map(|(line, _)| line.clone())
        .collect();
    let (source, out, said) = verify_lines(&d.join("log.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    for (i, (_, expected)) in cases.iter().enumerate() {
        let expected = format!("{source}:{}: not a stored event ({expected}", i + 1);
        assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    }
    for (i, (_, expected)) in not_json.iter().enumerate() {
        let expected = format!("{source}:{}: not JSON at {expected}", cases.len() + i + 1);
        assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    }
    assert!(!said.contains("expected `true`"), "{said}");
    for jargon in [
        "invalid type",
        "expected u",
        "expected i64",
        "struct",
        "EOF",
        "trailing",
        "key must be a string",
        "ident",
        "floating point",
        "premature",
        "invalid characters",
    ] {
        assert!(!said.contains(jargon), "`{jargon}` in:\n{said}");
    }
    // In a payload too, with the field and the column in it.
    let (_, _, said) = verify_lines(
        &d.join("payload.jsonl"),
        &[line("1", "1", r#"{"conference_id":5}"#, good_at)],
    );
    assert!(
        said.contains("`ConferencePublished` does not fit: found the number 5 where text was expected, in `conference_id`, at column 18 of the payload"),
        "{said}"
    );
}

/// A version written as quoted text reads as a database's text column reads: its major number,
/// with a minor and patch of 0 only.
#[test]
fn a_version_written_as_text_reads_as_its_number() {
    let tmp = dir("version-text");
    let d = tmp.path();
    let line = stored(
        "Conference/c1",
        1,
        "ConferencePublished",
        r#"{"conference_id":"c1"}"#,
    )
    .replace(r#""event_version":1"#, r#""event_version":"1.0""#);
    let bad = stored(
        "Conference/c2",
        1,
        "ConferencePublished",
        r#"{"conference_id":"c2"}"#,
    )
    .replace(r#""event_version":1"#, r#""event_version":"one""#);
    let (source, out, said) = verify_lines(&d.join("log.jsonl"), &[line, bad]);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("ConferencePublished                    1          1"),
        "{said}"
    );
    assert!(
        said.contains(&format!("{source}:2: not a stored event (`event_version` \"one\" is not a version (expected a whole number such as \"2\", or \"2.0\" or \"2.0.0\")")),
        "{said}"
    );
}

/// `"2.1"` and `"2.9.7"` were read as version 2, counted under it in the report and upcast as
/// it; `"1.99"` was refused as "version 1", hiding what the log held. Each is refused, quoting
/// the text, saying what was expected. A JSON number must be whole: `2.0` is refused, pointing
/// to the text forms.
#[test]
fn a_version_with_a_minor_or_patch_other_than_zero_is_refused_quoting_it() {
    let tmp = dir("version-minor");
    let d = tmp.path();
    let seat_created = |id: &str, version: &str| {
        stored_at_version(
            &format!("Conference/{id}"),
            1,
            "SeatCreated",
            2,
            &format!(
                r#"{{"conference_id":"{id}","description":"d","name":"Full","price":"10.00","quantity":6,"seat_type":"full"}}"#
            ),
        )
        .replace(r#""event_version":2"#, &format!(r#""event_version":{version}"#))
    };
    let lines = [
        seat_created("c1", r#""2.1""#),
        seat_created("c2", r#""2.9.7""#),
        seat_created("c3", r#""1.99""#),
        seat_created("c4", "2.0"),
        seat_created("c5", r#""2.0.0""#),
    ];
    let (source, out, said) = verify_lines(&d.join("log.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    for (line, text, major) in [(1, "2.1", 2), (2, "2.9.7", 2), (3, "1.99", 1)] {
        let expected = format!(
            "{source}:{line}: not a stored event (`event_version` \"{text}\" has a minor or \
             patch number other than 0, and a stored form's version is its major number alone: \
             no upcaster reads \"{text}\" (expected \"{major}\", \"{major}.0\" or \"{major}.0.0\")"
        );
        assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    }
    assert!(
        said.contains(&format!(
            "{source}:4: not a stored event (`event_version` must be a version, a whole number \
             (0 or more) such as 2 (or text: \"2\", \"2.0\" or \"2.0.0\"); found the number 2.0"
        )),
        "{said}"
    );
    // Only the one read whole is counted, under its version.
    assert!(
        said.contains("5 lines read, 1 of them stored events (4 not)"),
        "{said}"
    );
    assert!(
        said.contains("SeatCreated                            2          1"),
        "{said}"
    );
}

/// An exported log read as JSON values, one a line, to corrupt as a faulty store or a careless
/// hand might: each corruption leaves every line a well-formed stored event.
struct Exported(Vec<serde_json::Value>);

impl Exported {
    fn read(log: &Path) -> Self {
        let text = std::fs::read_to_string(log).unwrap();
        Exported(
            text.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
        )
    }

    /// The line (counted from 0) of the first event of `event_type` that `fits`.
    fn find(&self, event_type: &str, fits: impl Fn(&serde_json::Value) -> bool) -> usize {
        self.0
            .iter()
            .position(|e| e["event_type"] == event_type && fits(e))
            .unwrap_or_else(|| panic!("the export holds no {event_type} that fits"))
    }

    fn has(&self, stream: &str, event_type: &str) -> bool {
        self.0
            .iter()
            .any(|e| e["stream"] == stream && e["event_type"] == event_type)
    }

    fn stream_of(&self, line: usize) -> String {
        self.0[line]["stream"].as_str().unwrap().to_string()
    }

    /// `event` (of `event_type`, version 1, with `payload`) after the last event of `stream`,
    /// at the end of the log: the line it is written on, counted from 1.
    fn append(&mut self, stream: &str, event_type: &str, payload: serde_json::Value) -> usize {
        self.append_at_version(stream, event_type, 1, payload)
    }

    /// `append`, the event stored at `version`.
    fn append_at_version(
        &mut self,
        stream: &str,
        event_type: &str,
        version: u64,
        payload: serde_json::Value,
    ) -> usize {
        let last = self
            .0
            .iter()
            .filter(|e| e["stream"] == stream)
            .map(|e| e["sequence"].as_u64().unwrap())
            .max()
            .unwrap_or(0);
        let recorded_at = self.0.last().unwrap()["recorded_at"].clone();
        self.0.push(serde_json::json!({
            "stream": stream,
            "sequence": last + 1,
            "event_type": event_type,
            "event_version": version,
            "payload": payload,
            "recorded_at": recorded_at,
        }));
        self.0.len()
    }

    /// Writes the log as `name` in `d` and verifies it: the log's name, the run, and all it said.
    fn verify(&self, d: &Path, name: &str) -> (String, Output, String) {
        let lines: Vec<String> = self.0.iter().map(|e| e.to_string()).collect();
        verify_lines(&d.join(name), &lines)
    }
}

#[test]
fn an_event_its_aggregate_could_not_have_recorded_is_reported_where_it_was_read() {
    use serde_json::json;
    let tmp = dir("impossible");
    let d = tmp.path();
    let clean = Exported::read(&export(d, "300"));
    let confirmed = clean.find("OrderPaymentConfirmed", |_| true);
    let order = clean.0[confirmed]["payload"]["order_id"]
        .as_str()
        .unwrap()
        .to_string();
    let order_stream = clean.stream_of(confirmed);
    let placed = clean.find("OrderPlaced", |e| e["stream"] == order_stream.as_str());
    let paid = clean.find("PaymentCompleted", |_| true);
    let payment_stream = clean.stream_of(paid);
    let opened = clean.find("SeatAssignmentsCreated", |e| {
        e["payload"]["seats"].as_array().unwrap().len() == 1
    });
    let assignments = clean.stream_of(opened);
    let assigned_order = clean.0[opened]["payload"]["order_id"].clone();
    // Ada given a seat of the assigned order.
    let ada_at = |position: u32, seat_type: &str| {
        json!({
            "order_id": assigned_order, "position": position, "seat_type": seat_type,
            "attendee": {"first_name": "Ada", "email": "ada@example.com"}
        })
    };
    let expired = clean.find("OrderExpired", |e| {
        let id = e["payload"]["order_id"].as_str().unwrap();
        !clean.has(&format!("SeatAssignments/{id}"), "SeatAssignmentsCreated")
    });
    let expired_order = clean.0[expired]["payload"]["order_id"]
        .as_str()
        .unwrap()
        .to_string();
    let availability = clean.find("AvailableSeatsChanged", |_| true);
    let conference_seats = clean.stream_of(availability);
    let conference = clean.0[availability]["payload"]["conference_id"].clone();
    let cents = clean.find("SeatCreated", |e| e["event_version"] == 1);
    let seat_created = clean.find("SeatCreated", |_| true);
    let free = clean.find("OrderTotalsCalculated", |e| {
        e["event_version"] == 2 && e["payload"]["total"] != "0.00"
    });
    let total = clean.0[free]["payload"]["total"]
        .as_str()
        .unwrap()
        .to_string();
    let free_order = clean.0[free]["payload"]["order_id"]
        .as_str()
        .unwrap()
        .to_string();
    let reserved = clean.find("SeatsReserved", |e| {
        e["payload"]["conference_id"]
            .as_str()
            .unwrap()
            .starts_with("conf-2")
    });
    let reservation = clean.0[reserved]["payload"]["reservation_id"]
        .as_str()
        .unwrap();
    let reserved_in = clean.0[reserved]["payload"]["conference_id"]
        .as_str()
        .unwrap();
    let placed_elsewhere = clean.find("OrderPlaced", |e| e["payload"]["order_id"] == reservation);
    // The totals its placing records with it, on the line after it.
    let priced = clean.find("OrderTotalsCalculated", |e| {
        e["stream"] == order_stream.as_str()
    });
    assert_eq!(
        priced,
        placed + 1,
        "a decision's events stand on adjacent lines"
    );
    let elsewhere = reserved_in.replacen("conf-2", "conf-1", 1);

    type Corruption<'a> = Box<dyn Fn(&mut Exported) -> (usize, String) + 'a>;
    let cases: Vec<(&str, Corruption)> = vec![
        (
            "placed-again",
            Box::new(|log| {
                let again = log.0[placed]["payload"].clone();
                let line = log.append(&order_stream, "OrderPlaced", again);
                (line, format!("{order_stream} #{}: OrderPlaced could not have been recorded: order {order} was placed already, and is confirmed", log.0[line - 1]["sequence"]))
            }),
        ),
        (
            "updated-after-confirmed",
            Box::new(|log| {
                let line = log.append(
                    &order_stream,
                    "OrderUpdated",
                    json!({"order_id": order, "seats": []}),
                );
                (line, format!("OrderUpdated could not have been recorded: order {order} is confirmed: its seats can no longer change"))
            }),
        ),
        (
            "conference-created-twice",
            Box::new(|log| {
                let again = log.0[0]["payload"].clone();
                let stream = log.stream_of(0);
                let id = again["conference_id"].as_str().unwrap().to_string();
                let line = log.append(&stream, "ConferenceCreated", again);
                (line, format!("ConferenceCreated could not have been recorded: conference {id} was created already"))
            }),
        ),
        (
            "seat-type-created-twice",
            Box::new(|log| {
                let again = log.0[seat_created]["payload"].clone();
                let stream = log.stream_of(seat_created);
                let (id, seat_type) = (
                    again["conference_id"].as_str().unwrap().to_string(),
                    again["seat_type"].as_str().unwrap().to_string(),
                );
                let version = log.0[seat_created]["event_version"].as_u64().unwrap();
                let line = log.append_at_version(&stream, "SeatCreated", version, again);
                (line, format!("SeatCreated could not have been recorded: seat type {seat_type} of conference {id} was created already"))
            }),
        ),
        (
            "paid-twice",
            Box::new(|log| {
                let again = log.0[paid]["payload"].clone();
                let line = log.append(&payment_stream, "PaymentCompleted", again);
                let payment = log.0[paid]["payload"]["payment_id"]
                    .as_str()
                    .unwrap()
                    .to_string();
                (line, format!("PaymentCompleted could not have been recorded: payment {payment} was completed already"))
            }),
        ),
        (
            "paid-for-another-order",
            Box::new(|log| {
                log.0[paid]["payload"]["payment_source_id"] = json!("order-elsewhere");
                let payload = &log.0[paid]["payload"];
                let payment = payload["payment_id"].as_str().unwrap().to_string();
                let order = clean.0[paid]["payload"]["payment_source_id"]
                    .as_str()
                    .unwrap()
                    .to_string();
                (paid + 1, format!("PaymentCompleted could not have been recorded: payment {payment} pays order {order}, but its answer names order order-elsewhere"))
            }),
        ),
        (
            "seat-9",
            Box::new(|log| {
                let line = log.append(&assignments, "SeatAssigned", ada_at(9, "full"));
                (line, format!("SeatAssigned could not have been recorded: order {} has no seat at position 9 (it has 1 seat)", assigned_order.as_str().unwrap()))
            }),
        ),
        (
            "wrong-seat-type",
            Box::new(|log| {
                let seat_type = log.0[opened]["payload"]["seats"][0]["seat_type"]
                    .as_str()
                    .unwrap()
                    .to_string();
                let line = log.append(&assignments, "SeatAssigned", ada_at(0, "ghost"));
                (line, format!("SeatAssigned could not have been recorded: seat 0 of order {} is a {seat_type} seat, not ghost", assigned_order.as_str().unwrap()))
            }),
        ),
        (
            "committed-never-made",
            Box::new(|log| {
                let line = log.append(
                    &conference_seats,
                    "SeatsReservationCommitted",
                    json!({
                        "conference_id": conference, "reservation_id": "nobody"
                    }),
                );
                (line, format!("SeatsReservationCommitted could not have been recorded: conference {} holds no reservation nobody", conference.as_str().unwrap()))
            }),
        ),
        (
            "opened-after-expiry",
            Box::new(|log| {
                let line = log.append(
                    &format!("SeatAssignments/{expired_order}"),
                    "SeatAssignmentsCreated",
                    json!({
                        "order_id": expired_order, "seats": [{"position": 0, "seat_type": "full"}]
                    }),
                );
                (line, format!("the seats of order {expired_order} were opened for assignment, but it expired"))
            }),
        ),
        (
            "negative-price",
            Box::new(|log| {
                log.0[cents]["payload"]["price_cents"] = json!(-4900);
                let seat_type = log.0[cents]["payload"]["seat_type"]
                    .as_str()
                    .unwrap()
                    .to_string();
                (cents + 1, format!("SeatCreated could not have been recorded: seat type {seat_type} is priced at -49.00: a price is never below zero"))
            }),
        ),
        (
            "placing-without-its-totals",
            Box::new(|log| {
                log.0[priced]["event_type"] = json!("OrderRegistrantAssigned");
                log.0[priced]["event_version"] = json!(1);
                log.0[priced]["payload"] = json!({
                    "order_id": order, "first_name": "Ada", "last_name": "Lovelace",
                    "email": "ada@example.com"
                });
                (priced + 1, format!("{order_stream} #2: OrderRegistrantAssigned could not have been recorded: it comes right after OrderPlaced (#1), which is only ever recorded with an OrderTotalsCalculated right after it"))
            }),
        ),
        (
            // The log lost the rest of the order's stream: its last event owes the next.
            "placing-ends-its-stream",
            Box::new(|log| {
                let mut line = 0;
                log.0.retain(|e| {
                    line += 1;
                    line <= placed + 1 || e["stream"] != order_stream.as_str()
                });
                (placed + 1, format!("{order_stream} #1: OrderPlaced could not have been recorded: it ends its stream, but is only ever recorded with an OrderTotalsCalculated right after it"))
            }),
        ),
        (
            "free-of-charge-at-a-price",
            Box::new(|log| {
                log.0[free]["payload"]["is_free_of_charge"] = json!(true);
                (free + 1, format!("OrderTotalsCalculated could not have been recorded: order {free_order} totals {total}, but is said to be free of charge"))
            }),
        ),
        (
            "placed-in-another-conference",
            Box::new(|log| {
                log.0[placed_elsewhere]["payload"]["conference_id"] = json!(elsewhere);
                (reserved + 1, format!("reservation {reservation} took seats of conference {reserved_in}, but order {reservation} was placed for conference {elsewhere}"))
            }),
        ),
    ];
    let (_, out, said) = clean.verify(d, "clean.jsonl");
    assert_eq!(out.status.code(), Some(0), "{said}");
    for (name, corrupt) in cases {
        let mut log = Exported(clean.0.clone());
        let (line, expected) = corrupt(&mut log);
        let (source, out, said) = log.verify(d, &format!("{name}.jsonl"));
        assert_eq!(out.status.code(), Some(1), "{name}:\n{said}");
        let place = format!("  {source}:{line}: ");
        assert!(
            said.lines()
                .any(|l| l.starts_with(&place) && l.contains(&expected)),
            "{name}: no line `{place}…{expected}…` in:\n{said}"
        );
    }
}

/// A team migrating its store with the copy must not lose what its events carry beyond their
/// stored form: a line's `metadata` is written back as read; a field the stored form does not
/// have is refused at its line rather than dropped from the copy.
#[test]
fn the_migrated_copy_keeps_each_events_metadata_and_a_field_it_would_drop_is_refused() {
    let tmp = dir("metadata");
    let d = tmp.path();
    let metadata = r#"{"correlation_id":"k1","causation_id":"e0","n":1.50}"#;
    let with_metadata = published("c1", 2).replace(
        r#""recorded_at""#,
        &format!(r#""metadata":{metadata},"recorded_at""#),
    );
    let log = d.join("log.jsonl");
    std::fs::write(&log, format!("{}\n{with_metadata}\n", published("c1", 1))).unwrap();
    let migrated = d.join("migrated.jsonl");
    let out = verify_from(
        log.to_str().unwrap(),
        &["--write-migrated", migrated.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let copy = std::fs::read_to_string(&migrated).unwrap();
    let lines: Vec<&str> = copy.lines().collect();
    assert!(!lines[0].contains("metadata"), "{copy}");
    assert!(
        lines[1].ends_with(&format!(r#","metadata":{metadata}}}"#)),
        "{copy}"
    );
}

/// A key beside the stored form's fields (a store's `global_position`, an exporter's
/// `event_id`) failed every line that gave it (`` `global_position` is not a field of the line
/// ``, 23 errors of 23 lines, the ops review's 1): the lines are verified now, the key told once
/// a name as not an error, and the migrated copy writes each back where it stood on its line.
/// A required field misspelt is still refused, naming the key that may be it.
#[test]
fn a_key_beside_the_stored_form_is_read_past_told_once_and_kept_in_the_migrated_copy() {
    let tmp = dir("other-keys");
    let d = tmp.path();
    let first = published("c1", 1).replacen('{', r#"{"global_position":1,"#, 1);
    let second = published("c1", 2).replace(r#""recorded_at""#, r#""event_id":"e2","recorded_at""#);
    let third = published("c1", 3).replace(
        r#""recorded_at""#,
        r#""global_position":{"at":3},"recorded_at""#,
    );
    let log = d.join("log.jsonl");
    let (source, out, said) = verify_lines(&log, &[first, second, third]);
    assert_eq!(out.status.code(), Some(0), "{said}");
    for told in [
        format!(
            "not an error: 2 lines give `global_position`, which is no field of a stored event \
             (the first: {source}:1): read past and not judged; --write-migrated writes it back \
             as it was"
        ),
        format!("not an error: 1 line gives `event_id`, which is no field of a stored event (the first: {source}:2)"),
    ] {
        assert!(said.contains(&told), "{told}\n{said}");
    }
    assert_eq!(said.matches("global_position").count(), 1, "{said}");

    let migrated = d.join("migrated.jsonl");
    let out = verify_from(&source, &["--write-migrated", migrated.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let copy = std::fs::read_to_string(&migrated).unwrap();
    let lines: Vec<&str> = copy.lines().collect();
    assert!(
        lines[0].starts_with(r#"{"global_position":1,"stream":"Conference/c1","#),
        "{copy}"
    );
    assert!(
        lines[1].contains(r#","event_id":"e2","recorded_at":"#),
        "{copy}"
    );
    assert!(
        lines[2].contains(r#","global_position":{"at":3},"recorded_at":"#),
        "{copy}"
    );
    for line in &lines {
        serde_json::from_str::<serde_json::Value>(line).expect("the copy's lines are JSON");
    }

    let misspelt = published("c1", 1).replace(r#""event_type""#, r#""event_typ""#);
    let (source, out, said) =
        verify_lines(&d.join("misspelt.jsonl"), std::slice::from_ref(&misspelt));
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:1: not a stored event (missing field `event_type` (the line gives \
             `event_typ`: `event_type` misspelt?)"
        )),
        "{said}"
    );
    assert!(!said.contains("not an error"), "{said}");
    let (_, out, said) = verify_lines(&d.join("misspelt2.jsonl"), &[misspelt.clone(), misspelt]);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("  2 line without `event_type` (lines 1–2)"),
        "{said}"
    );
}

/// The summary by kind named a line's stream that has no `/` by its value (`` 1 line's
/// `devconf26` does not read ``, the ops review's 2): a kind is what went wrong and where,
/// never a value the message quotes, so that one cause over many lines is one kind.
#[test]
fn a_line_s_mistake_is_summed_up_by_its_field_never_by_the_value_it_quotes() {
    let tmp = dir("line-kinds");
    let d = tmp.path();
    let lines: Vec<String> = ["c1", "c2", "c3"]
        .iter()
        .map(|id| published(id, 1).replace(&format!(r#""Conference/{id}""#), &format!(r#""{id}""#)))
        .chain([
            published("c4", 1).replace(r#""sequence":1"#, r#""sequence":"1""#),
            published("c5", 1).replace(r#""sequence":1"#, r#""sequence":1.5"#),
            published("c6", 1).replace(r#""sequence":1,"#, r#""sequence":1,"sequence":1,"#),
        ])
        .collect();
    let (_, out, said) = verify_lines(&d.join("log.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let summary = said
        .split("errors by kind, the most first:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{said}"));
    for kind in [
        "  3 line's `stream` is not `Type/id` (lines 1–3)",
        "  2 line's `sequence` does not read (lines 4–5)",
        "  1 line gives `sequence` twice (line 6)",
    ] {
        assert!(summary.contains(kind), "{kind}\n{said}");
    }
    for value in ["`c1`", "`c2`", "`1.5`", "`\"1\"`"] {
        assert!(!summary.contains(value), "{value}\n{said}");
    }
}

/// A file's last line cut short, with no newline at its end, was told as any line in the middle
/// (the ops review's 3): it is what a write cut off part-way leaves, and is said to be. The same
/// line ended by a newline, or cut in the middle of the file, is not.
#[test]
fn a_last_line_cut_short_without_a_newline_is_told_as_a_write_cut_off() {
    let tmp = dir("torn");
    let d = tmp.path();
    let whole = published("c1", 2);
    let cut = &whole[..whole.len() / 2];
    let torn = "it is the file's last line, and no newline ends it: a write cut off part-way";
    for (name, bytes, is_torn) in [
        ("torn.jsonl", format!("{}\n{cut}", published("c1", 1)), true),
        (
            "ended.jsonl",
            format!("{}\n{cut}\n", published("c1", 1)),
            false,
        ),
        (
            "middle.jsonl",
            format!("{}\n{cut}\n{}", published("c1", 1), published("c1", 3)),
            false,
        ),
    ] {
        let log = d.join(name);
        std::fs::write(&log, bytes).unwrap();
        let out = verify_from(log.to_str().unwrap(), &[]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert_eq!(said.contains(torn), is_torn, "{name}\n{said}");
        assert!(said.contains(":2: not JSON at column "), "{said}");
    }
}

/// A line's metadata may keep the store's own `recorded_at` and `position`; where they disagree
/// with the line (another instant, a position that is no number or runs back), the log verified
/// with nothing said (the review's L4). Each kind is told once, as not an error, and the exit
/// status stays 0. A line that gives `recorded_at` only in its metadata is told where it is.
#[test]
fn metadata_that_disagrees_with_its_line_is_told_as_not_an_error() {
    let tmp = dir("line-metadata");
    let d = tmp.path();
    let with = |seq: u64, metadata: &str| {
        published("c1", seq).replace(
            r#""recorded_at""#,
            &format!(r#""metadata":{metadata},"recorded_at""#),
        )
    };
    let (source, out, said) = verify_lines(
        &d.join("log.jsonl"),
        &[
            with(1, r#"{"position":7,"recorded_at":"2030-01-01T00:00:00Z"}"#),
            with(2, r#"{"position":"abc"}"#),
            with(3, r#"{"position":5}"#),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    for told in [
        format!(
            "not an error: 1 line's metadata gives a `recorded_at` other than the line's own \
             (the first: {source}:1, \"2030-01-01T00:00:00Z\" against its own "
        ),
        format!(
            "not an error: 1 line's metadata gives a `position` that is not a whole number (the \
             first: {source}:2, \"abc\")"
        ),
        format!(
            "not an error: 1 line's metadata gives a `position` that does not rise with the \
             lines (one no later than the last given before it) (the first: {source}:3, 5 \
             after 7 at {source}:1)"
        ),
    ] {
        assert!(said.contains(&told), "{told}\n{said}");
    }

    let moved = published("c1", 1);
    let instant = moved
        .split(r#""recorded_at":"#)
        .nth(1)
        .unwrap()
        .trim_end_matches('}');
    let only_in_metadata = moved.replace(
        &format!(r#","recorded_at":{instant}"#),
        &format!(r#","metadata":{{"recorded_at":{instant}}}"#),
    );
    assert_ne!(only_in_metadata, moved);
    let (source, out, said) = verify_lines(
        &d.join("moved.jsonl"),
        &[
            only_in_metadata.clone(),
            published("c1", 2),
            only_in_metadata,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:1: not a stored event (missing field `recorded_at`"
        )) && said.contains(") (its metadata gives one: a line gives it beside `payload`"),
        "{said}"
    );
    // Told in full once; and the jq it gives moves the instant on such lines alone (the review
    // of 2026-12-06, M6: it wrote null on every other line).
    assert_eq!(said.matches("jq -c").count(), 1, "{said}");
    assert!(
        said.contains("(its metadata gives one: see the first such error above)"),
        "{said}"
    );
    assert!(
        said.contains(
            "jq -c 'if .recorded_at == null and .metadata.recorded_at != null then .recorded_at \
             = .metadata.recorded_at | del(.metadata.recorded_at) else . end'"
        ),
        "{said}"
    );
}

/// Every id of an export's history carries that history's suffix, those that name no stream in
/// it too: an order paid for but never placed is named by its payment's `payment_source_id`
/// alone, and was left as `order-3`, shared by every history that paid for it.
#[test]
fn every_id_of_an_export_carries_its_historys_suffix() {
    let tmp = dir("suffixes");
    let d = tmp.path();
    let log = export(d, "200");
    let written = std::fs::read_to_string(&log).unwrap();
    fn strings<'a>(value: &'a serde_json::Value, into: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::String(s) => into.push(s),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, into)),
            serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, into)),
            _ => {}
        }
    }
    let mut checked = 0;
    for line in written.lines() {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        let stream = event["stream"].as_str().unwrap();
        let suffix = &stream[stream.rfind("-h").expect("a suffixed stream")..];
        let mut found = Vec::new();
        strings(&event["payload"], &mut found);
        for s in found {
            let pooled = ["order-", "conf-", "pay-order-"]
                .iter()
                .any(|p| s.starts_with(p))
                || ["full", "workshop", "vip", "speaker", "ghost"]
                    .iter()
                    .any(|t| s == *t || s.starts_with(&format!("{t}-h")));
            if pooled {
                checked += 1;
                assert!(s.ends_with(suffix), "`{s}` in {line}");
            }
        }
    }
    assert!(checked > 1000, "{checked}");
    let out = verify_from(log.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// A source that cannot be used is named without its password, however it is spelt: white
/// space of several bytes before `password=` once made the name's slicing panic (exit 101),
/// and the panic printed the whole source.
#[test]
fn a_source_with_wide_white_space_is_refused_without_a_panic_or_its_password() {
    for space in ['\u{a0}', '\u{3000}'] {
        let source = format!("postgres://u@h/db?sslmode=disable{space}password=hunter2");
        let out = verify_from(&source, &[]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(said.contains("is not a PostgreSQL URL"), "{said}");
        assert!(!said.contains("hunter2"), "the password is printed: {said}");
    }
}

/// `gwt load --to` something that is no database says what to write, as verify-migration does:
/// it said only `invalid connection string: unexpected EOF`.
#[test]
fn load_to_what_is_no_database_says_what_to_write() {
    let tmp = dir("load-to-no-database");
    let log = export(tmp.path(), "1");
    for to in ["log.jsonl", "postgres:/x"] {
        let out = gwt(&["load", "--to", to, "--from", log.to_str().unwrap()]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(
                "(write postgres://USER@HOST:PORT/DATABASE, or host=HOST port=PORT user=USER \
                 dbname=DATABASE)"
            ),
            "{said}"
        );
    }
}

/// A source that names no file and does not read as a connection string is refused as a
/// connection string (the file's error first was noise), without its password; a file whose name
/// reads as a connection string is read as the file it is.
#[test]
fn a_mistyped_connection_string_is_not_printed_with_its_password_and_a_file_stays_a_file() {
    let source = "hots=127.0.0.1 user=ann password=hunter2 dbname=store";
    let out = verify_from(source, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "hots=127.0.0.1 user=ann password=*** dbname=store is not a PostgreSQL connection \
             string gwt can read: invalid connection string: unknown option `hots`"
        ),
        "{said}"
    );
    assert!(!said.contains("hunter2"), "the password is printed: {said}");

    let tmp = dir("named-like-a-connection-string");

    let d = tmp.path();
    let log = export(d, "3");
    let name = "host=127.0.0.1 dbname=store";
    std::fs::rename(&log, d.join(name)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["verify-migration", "--from", name])
        .current_dir(d)
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.starts_with(&format!("verified {name}: ")), "{said}");
}

/// A stream that lost an event (here its first, unreadable) is told once, as the error it is:
/// its later events are not judged against a state that misses what came first ("conference
/// … was never created" three times over), and the report says how many were not.
#[test]
fn a_stream_that_lost_an_event_is_told_once_not_once_for_each_event_after_it() {
    let tmp = dir("lost");
    let d = tmp.path();
    let log = export(d, "2");
    let text_of_log = std::fs::read_to_string(&log).unwrap();
    let mut lines: Vec<String> = text_of_log.lines().map(str::to_string).collect();
    let created = lines
        .iter()
        .position(|l| l.contains("\"event_type\":\"ConferenceCreated\""))
        .expect("a conference is created");
    // Cut inside its quoted text: the line cannot be read.
    let half = lines[created].len() / 2;
    lines[created].truncate(half);
    let spoilt = d.join("spoilt.jsonl");
    std::fs::write(&spoilt, lines.join("\n") + "\n").unwrap();
    let out = verify_from(spoilt.to_str().unwrap(), &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(
        report.contains(&format!("spoilt.jsonl:{}: not JSON", created + 1)),
        "{report}"
    );
    assert!(!report.contains("was never created"), "{report}");
    assert!(report.contains("not checked: "), "{report}");
    assert!(
        report.contains("about what a lost event (an error above) left unknown"),
        "{report}"
    );
}

/// chrono reads a fraction of a second to the nanosecond and drops the rest: accepted, an
/// instant with more digits verified clean and its migrated copy held less than the log. It is
/// refused, in `recorded_at` and in a payload's instant alike; zeros past the ninth lose nothing.
#[test]
fn an_instant_finer_than_nanoseconds_is_refused_rather_than_cut_short() {
    let tmp = dir("finer-than-nanoseconds");
    let d = tmp.path();
    let log = export(d, "2");
    let lines: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let first = &lines[0];
    assert!(
        first.contains(r#""recorded_at":"2026-01-05T09:00:00Z""#)
            && first.contains(r#""start_date":"2026-03-01T09:00:00Z""#),
        "{first}"
    );
    let migrated = d.join("migrated.jsonl");
    let verify = |lines: &[String]| {
        std::fs::write(&log, lines.join("\n") + "\n").unwrap();
        verify_from(
            log.to_str().unwrap(),
            &["--write-migrated", migrated.to_str().unwrap()],
        )
    };
    // In the kernel's words, after where the instant was: the line's `recorded_at`, the
    // payload's column.
    for (from, to, instant, place) in [
        (
            r#""recorded_at":"2026-01-05T09:00:00Z""#,
            r#""recorded_at":"2026-01-05T09:00:00.12345678987654321Z""#,
            "2026-01-05T09:00:00.12345678987654321Z",
            ("`recorded_at` ", ", at column "),
        ),
        (
            r#""start_date":"2026-03-01T09:00:00Z""#,
            r#""start_date":"2026-03-01T09:00:00.1234567891Z""#,
            "2026-03-01T09:00:00.1234567891Z",
            ("does not fit: ", ", in `start_date`, at column "),
        ),
    ] {
        let mut spoilt = lines.clone();
        spoilt[0] = first.replace(from, to);
        let out = verify(&spoilt);
        let report = text(&out);
        assert_eq!(out.status.code(), Some(2), "{report}");
        let kernel = domain::kernel::parse_instant(instant)
            .unwrap_err()
            .of(instant);
        assert!(
            report.contains(&format!("{}{kernel}{}", place.0, place.1)),
            "{report}"
        );
        assert!(!migrated.exists(), "a migrated copy was written:\n{report}");
    }
    let mut zeros = lines.clone();
    zeros[0] = first.replace(
        r#""recorded_at":"2026-01-05T09:00:00Z""#,
        r#""recorded_at":"2026-01-05T09:00:00.123456789000Z""#,
    );
    let out = verify(&zeros);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let copy = std::fs::read_to_string(&migrated).unwrap();
    assert!(
        copy.lines()
            .next()
            .unwrap()
            .contains("2026-01-05T09:00:00.123456789Z"),
        "{copy}"
    );
}

/// serde_json counts columns in bytes: each `日` (three bytes) before a mistake put it two
/// columns further right than a reader counts. A line written in another script says the same
/// column as the same line in ASCII, of the same length in characters, wherever the column is
/// shown: not JSON, a field of the line, a field of the payload, an `--expect` file.
#[test]
fn columns_are_counted_in_characters_not_bytes() {
    let tmp = dir("columns-in-characters");
    let d = tmp.path();
    let lines = |name: &str| {
        let payload = format!(
            r#"{{"conference_id":"c1","name":"{name}","slug":5,"start_date":"2026-03-01T09:00:00Z","end_date":"2026-03-03T17:00:00Z","location":"x","description":null,"owner_name":null,"owner_email":null,"tagline":null}}"#
        );
        let good = |stream| stored(stream, 1, "ConferenceCreated", &payload);
        let at = r#""recorded_at":"2026-01-05T09:00:00Z""#;
        vec![
            // Not JSON.
            good("Conference/c1").replace(at, r#""recorded_at":nope"#),
            // A field of the line, after the payload.
            good("Conference/c2").replace(at, r#""recorded_at":7"#),
            // A field of the payload.
            good("Conference/c3"),
        ]
    };
    let log = d.join("log.jsonl");
    let columns = |name: &str| -> Vec<String> {
        let (_, out, said) = verify_lines(&log, &lines(name));
        assert_eq!(out.status.code(), Some(2), "{said}");
        said.lines()
            .filter(|l| l.trim_start().starts_with(&format!("{}:", log.display())))
            .map(|l| {
                let at = l
                    .find("column ")
                    .unwrap_or_else(|| panic!("no column in {l}"));
                l[at..].split([',', ':', ')']).next().unwrap().to_string()
            })
            .collect()
    };
    let ascii = columns("abcdefghi");
    assert_eq!(ascii.len(), 3, "{ascii:?}");
    assert_eq!(columns("日本語日本語日本語"), ascii);

    let expect = |name: &str| {
        let file = d.join("expect.json");
        std::fs::write(&file, format!("{{\"Conference\": {{\"{name}\": {{}} x}}}}")).unwrap();
        std::fs::write(&log, "").unwrap();
        let out = verify_from(log.to_str().unwrap(), &["--expect", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        let said = text(&out);
        said[said.find("column ").unwrap_or_else(|| panic!("{said}"))..].to_string()
    };
    assert_eq!(expect("日本語日本語日本語"), expect("abcdefghi"));
}

/// A stream at the largest position a log can write has no next position: the repeat after it
/// said `expected #{last + 1}`, which wrapped to #0 in a release build and panicked in a debug
/// one.
#[test]
fn a_repeat_at_the_last_possible_position_says_no_event_can_follow() {
    let tmp = dir("last-position");
    let d = tmp.path();
    let last = u64::MAX;
    let event = published("c1", 1);
    let at_last = event.replace(r#""sequence":1"#, &format!(r#""sequence":{last}"#));
    assert_ne!(at_last, event);
    let (source, out, said) = verify_lines(&d.join("log.jsonl"), &[at_last.clone(), at_last]);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:2: Conference/c1 #{last} comes again: its position is taken already (the \
             stream is at its last \
             possible position, #{last}: no event can follow it)"
        )),
        "{said}"
    );
    assert!(!said.contains("panicked") && !said.contains("#0"), "{said}");
}

/// A compressed log was read as lines of bytes, each "not UTF-8 text": one error a line. Its
/// first bytes say it is compressed, so it is refused once, exit 2, saying how to feed it.
#[test]
fn a_compressed_log_is_refused_once_saying_how_to_feed_it() {
    let tmp = dir("compressed");
    let d = tmp.path();
    // The formats' magic bytes, then what a compressed stream would go on with.
    let body: Vec<u8> = (0u8..=255).cycle().take(4000).collect();
    for (name, magic, tool) in [
        ("log.jsonl.gz", &[0x1f, 0x8b, 0x08, 0x00][..], "zcat"),
        ("log.jsonl.zst", &[0x28, 0xb5, 0x2f, 0xfd][..], "zstdcat"),
        ("log.jsonl.bz2", &b"BZh91AY&SY"[..], "bzcat"),
        (
            "log.jsonl.xz",
            &[0xfd, b'7', b'z', b'X', b'Z', 0x00][..],
            "xzcat",
        ),
    ] {
        let file = d.join(name);
        std::fs::write(&file, [magic, &body[..]].concat()).unwrap();
        let path = file.to_str().unwrap();
        let out = verify_from(path, &[]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!(
                "gwt verify-migration: cannot read {path}: it is {}-compressed, and gwt reads \
                 JSON lines as they are: decompress it on the way in ({tool} {path} | gwt \
                 verify-migration --from -)",
                name.rsplit('.')
                    .next()
                    .map(|ext| match ext {
                        "gz" => "gzip",
                        "zst" => "zstd",
                        "bz2" => "bzip2",
                        other => other,
                    })
                    .unwrap()
            )),
            "{said}"
        );
        assert_eq!(said.lines().count(), 1, "{said}");
        assert!(!said.contains("UTF-8"), "{said}");
        let out = gwt(&[
            "load",
            "--to",
            "postgres://nobody@127.0.0.1:1/none",
            "--from",
            path,
        ]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(said.contains("| gwt load --to URL --from -)"), "{said}");
    }
    // From standard input too.
    let out = verify_piped(&[&[0x1f, 0x8b][..], &body[..]].concat());
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "standard input is gzip-compressed, and gwt reads JSON lines as they are: \
             decompress it on the way in (zcat FILE | gwt verify-migration --from -)"
        ),
        "{said}"
    );
}

/// An order is judged by the price its seat type had when its totals were recorded: one priced
/// before a price change verifies clean, though the conference sells at another price by the
/// log's end; one priced at a price the seat type did not have then is a breach at its line.
#[test]
fn an_order_is_judged_by_the_price_its_seat_type_had_when_it_was_priced() {
    let tmp = dir("price-when-priced");
    let d = tmp.path();
    let seat = |seq: u64, event: &str, price: &str| {
        stored_at_version(
            "Conference/c1",
            seq,
            event,
            2,
            &format!(
                r#"{{"conference_id":"c1","description":"d","name":"Full","price":"{price}","quantity":10,"seat_type":"full"}}"#
            ),
        )
    };
    let priced_at = |price: &str| {
        // Two seats: each at half the line.
        let unit = format!("{:.2}", price.parse::<f64>().unwrap() / 2.0);
        vec![
            stored(
                "Order/o1",
                1,
                "OrderPlaced",
                r#"{"access_code":"KT8GZH","conference_id":"c1","order_id":"o1","reservation_auto_expiration":"2026-01-05T09:15:00Z","seats":[{"quantity":2,"seat_type":"full"}]}"#,
            ),
            stored_at_version(
                "Order/o1",
                2,
                "OrderTotalsCalculated",
                2,
                &format!(
                    r#"{{"is_free_of_charge":false,"lines":[{{"line_total":"{price}","quantity":2,"seat_type":"full","unit_price":"{unit}"}}],"order_id":"o1","total":"{price}"}}"#
                ),
            ),
        ]
    };
    let log = |order_price: &str| {
        let mut lines = vec![
            published("c1", 1),
            seat(2, "SeatCreated", "199.00"),
            stored(
                "SeatsAvailability/c1",
                1,
                "AvailableSeatsChanged",
                r#"{"conference_id":"c1","seats":[{"quantity":10,"seat_type":"full"}]}"#,
            ),
        ];
        lines.extend(priced_at(order_price));
        // The price changes after the order was priced; the quantity stays.
        lines.push(seat(3, "SeatUpdated", "249.00"));
        lines
    };
    let (_, out, said) = verify_lines(&d.join("before.jsonl"), &log("398.00"));
    assert_eq!(out.status.code(), Some(0), "{said}");
    let (source, out, said) = verify_lines(&d.join("after.jsonl"), &log("498.00"));
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:5: Order/o1 #2: OrderTotalsCalculated could not have been recorded: order \
             o1: line 1 prices full at 249.00, but conference c1 sold it at 199.00 when the \
             totals were recorded"
        )),
        "{said}"
    );
}

/// Wrong totals of an order that does not expire are told once, where they were read: the
/// PricedOrder read model shows what they recorded to the end, and its check at the end would
/// only find the same mistake again. The report counts what it did not tell again.
#[test]
fn wrong_totals_are_told_where_they_were_read_and_not_again_by_the_read_model_showing_them() {
    use serde_json::json;
    let tmp = dir("told-once");
    let d = tmp.path();
    let clean = Exported::read(&export(d, "200"));
    // The last totals of an order confirmed later, priced in one line: what its PricedOrder
    // entry shows at the end (an expired order's entry is removed).
    let last_totals = |stream: &str| {
        clean
            .0
            .iter()
            .rposition(|e| e["stream"] == stream && e["event_type"] == "OrderTotalsCalculated")
    };
    let priced = clean
        .0
        .iter()
        .filter(|e| e["event_type"] == "OrderConfirmed")
        .filter_map(|e| last_totals(e["stream"].as_str().unwrap()))
        .find(|&at| clean.0[at]["payload"]["lines"].as_array().unwrap().len() == 1)
        .expect("an order confirmed after it was priced in one line");
    let (stream, sequence) = (clean.stream_of(priced), &clean.0[priced]["sequence"]);
    let payload = &clean.0[priced]["payload"];
    let order = payload["order_id"].as_str().unwrap().to_string();
    let line = &payload["lines"][0];
    let (quantity, unit_price) = (&line["quantity"], line["unit_price"].as_str().unwrap());
    let line_total = line["line_total"].as_str().unwrap();

    let cases = [
        (
            "total",
            json!({"total": "99999.00"}),
            format!("order {order} totals 99999.00, but its lines add up to {line_total}"),
        ),
        (
            "line-total",
            json!({"total": "99999.00", "line_total": "99999.00"}),
            format!("order {order}: line 1 totals 99999.00, but {quantity} × {unit_price} = {line_total}"),
        ),
    ];
    for (name, wrong, told) in cases {
        let mut log = Exported(clean.0.clone());
        let totals = &mut log.0[priced]["payload"];
        totals["total"] = wrong["total"].clone();
        if let Some(line_total) = wrong.get("line_total") {
            totals["lines"][0]["line_total"] = line_total.clone();
        }
        let (source, out, said) = log.verify(d, &format!("{name}.jsonl"));
        assert_eq!(out.status.code(), Some(1), "{name}:\n{said}");
        let at_its_line = format!(
            "  {source}:{}: {stream} #{sequence}: OrderTotalsCalculated could not have been \
             recorded: {told}",
            priced + 1
        );
        assert!(
            said.lines().any(|l| l == at_its_line),
            "{name}: no line `{at_its_line}` in:\n{said}"
        );
        assert!(said.contains("invariant breaches (1):"), "{name}:\n{said}");
        assert!(
            !said.contains(&format!("priced order {order}")),
            "{name}: told again at the end:\n{said}"
        );
        assert!(
            said.contains(
                "not told again: 1 finding following only from what an event told above \
                 recorded (one its aggregate could not have recorded)"
            ),
            "{name}:\n{said}"
        );
    }
}

/// Conference c1, published, with one seat type, `full`, of 10 seats made available.
fn conference_with_ten_full_seats() -> [String; 3] {
    [
        published("c1", 1),
        stored_at_version(
            "Conference/c1",
            2,
            "SeatCreated",
            2,
            r#"{"conference_id":"c1","description":"d","name":"Full","price":"199.00","quantity":10,"seat_type":"full"}"#,
        ),
        stored(
            "SeatsAvailability/c1",
            1,
            "AvailableSeatsChanged",
            r#"{"conference_id":"c1","seats":[{"quantity":10,"seat_type":"full"}]}"#,
        ),
    ]
}

/// The entries a report lists under `title` (`errors`, `invariant breaches`), each as printed,
/// without its indent.
fn listed(said: &str, title: &str) -> Vec<String> {
    let heading = format!("{title} (");
    said.lines()
        .skip_while(|l| !l.starts_with(&heading))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim_start().to_string())
        .collect()
}

/// The breaches a report lists (see `listed`).
fn breaches(said: &str) -> Vec<String> {
    listed(said, "invariant breaches")
}

/// The errors a report lists (see `listed`).
fn errors(said: &str) -> Vec<String> {
    listed(said, "errors")
}

/// A cancellation of a reservation never made gives back seats nothing held: it is told where
/// it was read, and the seat counts it leaves off at the end (seats not conserved, a SeatType
/// entry showing more than its quantity less what is held) only repeat it, so they are counted,
/// not told again. So is a reservation holding seats it never took from the free ones, and the
/// two together. (Counts off by anything else are told at the end in full: the ledger's tests.)
#[test]
fn a_reservation_never_made_cancelled_is_told_once_where_it_was_read() {
    let tmp = dir("cancelled-never-made");
    let d = tmp.path();
    let start = conference_with_ten_full_seats();
    let cancelled = stored(
        "SeatsAvailability/c1",
        2,
        "SeatsReservationCancelled",
        r#"{"available_seats_changed":[{"quantity":2,"seat_type":"full"}],"conference_id":"c1","reservation_id":"nobody"}"#,
    );
    let ghost = |sequence: u64| {
        stored(
            "SeatsAvailability/c1",
            sequence,
            "SeatsReserved",
            r#"{"available_seats_changed":[],"conference_id":"c1","reservation_details":[{"quantity":2,"seat_type":"full"}],"reservation_id":"ghost"}"#,
        )
    };
    // The conference, then `then`.
    let log = |then: &[&str]| -> Vec<String> {
        let then = then.iter().map(|line| line.to_string());
        start.iter().cloned().chain(then).collect()
    };
    let told = "SeatsAvailability/c1 #2: SeatsReservationCancelled could not have been recorded: \
                conference c1 holds no reservation nobody: it was never made, or was cancelled \
                or left with no seats";
    let not_told_again = "not told again: 2 findings following only from what an event told \
                          above recorded (one its aggregate could not have recorded)";

    let (source, out, said) = verify_lines(&d.join("cancelled.jsonl"), &log(&[&cancelled]));
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(breaches(&said), [format!("{source}:4: {told}")], "{said}");
    assert_eq!(said.matches("nobody").count(), 1, "{said}");
    assert!(said.contains(not_told_again), "{said}");

    // Seats held that were never taken from the free ones: told where the reservation was read.
    let ghost_told = |at: u64| {
        format!(
            "SeatsAvailability/c1 #{at}: SeatsReserved could not have been recorded: reservation \
             ghost went from holding no seats to 2 full, which changes the free seats of full by \
             -2, but it changed them by 0"
        )
    };
    let (source, out, said) = verify_lines(&d.join("ghost.jsonl"), &log(&[&ghost(2)]));
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(
        breaches(&said),
        [format!("{source}:4: {}", ghost_told(2))],
        "{said}"
    );
    assert!(said.contains(not_told_again), "{said}");

    // Both: the counts are off by what the two told add up to.
    let (source, out, said) = verify_lines(
        &d.join("cancelled-and-ghost.jsonl"),
        &log(&[&cancelled, &ghost(3)]),
    );
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(
        breaches(&said),
        [
            format!("{source}:4: {told}"),
            format!("{source}:5: {}", ghost_told(3))
        ],
        "{said}"
    );
    assert!(said.contains("not told again: 2 findings"), "{said}");
}

/// A reservation taking seats of a seat type its conference never added is told where it was
/// read, as that: the invariants' overbooking of the seat type (none remained, so any taken
/// overbooked it) only repeats it, so it is counted, not told again. Overbooking a seat type that
/// was added is a fault of its own, and is still told, alone or beside it.
#[test]
fn seats_taken_of_a_seat_type_never_added_are_told_once_where_they_were_read() {
    let tmp = dir("never-added");
    let d = tmp.path();
    let start = conference_with_ten_full_seats();
    // Reservation r1 holding and taking `taken` seats of each seat type listed.
    let reserved = |taken: &[(&str, i64)]| -> String {
        let seats = |sign: i64| {
            let seats: Vec<String> = taken
                .iter()
                .map(|(seat_type, n)| {
                    format!(r#"{{"quantity":{},"seat_type":"{seat_type}"}}"#, sign * n)
                })
                .collect();
            seats.join(",")
        };
        stored(
            "SeatsAvailability/c1",
            2,
            "SeatsReserved",
            &format!(
                r#"{{"available_seats_changed":[{}],"conference_id":"c1","reservation_details":[{}],"reservation_id":"r1"}}"#,
                seats(-1),
                seats(1)
            ),
        )
    };
    let log = |then: String| -> Vec<String> { start.iter().cloned().chain([then]).collect() };
    let never_added = "SeatsAvailability/c1 #2: SeatsReserved could not have been recorded: \
                       reservation r1 took seats of type ghost, which conference c1 never added";
    let full_overbooked = "conference c1: reservation r1 overbooked seat type full: it took 12 \
                           seats when 10 remained, leaving -2";
    let not_told_again = "not told again: 1 finding following only from what an event told \
                          above recorded (one its aggregate could not have recorded)";

    let (source, out, said) = verify_lines(&d.join("ghost.jsonl"), &log(reserved(&[("ghost", 2)])));
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(
        breaches(&said),
        [format!("{source}:4: {never_added}")],
        "{said}"
    );
    assert!(!said.contains("overbooked"), "{said}");
    assert!(said.contains(not_told_again), "{said}");

    // Seats of a seat type that was added, more than remained: overbooking is the fault.
    let (source, out, said) = verify_lines(&d.join("full.jsonl"), &log(reserved(&[("full", 12)])));
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(
        breaches(&said),
        [format!("{source}:4: {full_overbooked}")],
        "{said}"
    );
    assert!(!said.contains("not told again"), "{said}");

    // Both in one reservation: each told once, the seat type never added as such.
    let (source, out, said) = verify_lines(
        &d.join("both.jsonl"),
        &log(reserved(&[("full", 12), ("ghost", 2)])),
    );
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(
        breaches(&said),
        [
            format!("{source}:4: {never_added}"),
            format!("{source}:4: {full_overbooked}"),
        ],
        "{said}"
    );
    assert!(!said.contains("overbooked seat type ghost"), "{said}");
    assert!(said.contains(not_told_again), "{said}");
}

/// A reading stopped at `--max-errors` is not compared with `--expect`: every entry the rest of
/// the log builds was told as a difference, thousands of them, before the stop was said.
#[test]
fn a_reading_stopped_at_max_errors_is_not_compared_with_the_expected_read_models() {
    let tmp = dir("expect-stopped");
    let d = tmp.path();
    let (log, models) = exported_with_read_models(d, "10");
    let damaged = damaged(&log, |lines| {
        for line in lines.iter_mut().take(3) {
            *line = line.replace("\"payload\":", "\"payload\":x");
        }
    });
    let expect = ["--expect", models.to_str().unwrap()];
    let out = verify_from(
        damaged.to_str().unwrap(),
        &[&expect[..], &["--max-errors", "2"]].concat(),
    );
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(report.contains("stopped at --max-errors"), "{report}");
    assert!(
        !report.contains("differences from the expected"),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "--expect {}: not compared: reading stopped at --max-errors, so the rebuilt read \
             models are of part of the log",
            models.display()
        )),
        "{report}"
    );
    // Read whole, the same log is compared, its lost lines' entries told.
    let out = verify_from(damaged.to_str().unwrap(), &expect);
    let report = text(&out);
    assert!(report.contains("differences from the expected"), "{report}");
}

/// A migrated copy of a log with breaches is written (the copy is the log, findings and all),
/// and says so: it read as if the replay had found the log sound.
#[test]
fn a_migrated_copy_of_a_log_with_breaches_says_it_keeps_them() {
    let tmp = dir("copy-with-breaches");
    let d = tmp.path();
    let log = export(d, "12");
    let (damaged, _) = first_order_placed_changed(&log, |line| {
        line["payload"]["access_code"] = "WRONG1".into();
    });
    let copy = d.join("copy.jsonl");
    let out = verify_from(
        damaged.to_str().unwrap(),
        &["--write-migrated", copy.to_str().unwrap()],
    );
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(copy.exists(), "{report}");
    assert!(
        report.contains(
            "replaying it builds what upcasting on read built; but the replay found 1 breach \
             (above), and the copy holds it as the log does"
        ),
        "{report}"
    );
}

/// A copy that reordered streams, the conference's own moved after the first order placed for
/// it, verified clean: its order's prices went unjudged while the conference was unknown, and
/// availability's seats came before the seat types they belong to. Both are told where the
/// conference's events now stand.
#[test]
fn a_conference_moved_after_its_first_order_is_told_where_its_seat_types_are_created() {
    let tmp = dir("moved");
    let d = tmp.path();
    let log = export(d, "12");
    let (mut order, mut conference) = (String::new(), String::new());
    let moved = damaged(&log, |lines| {
        let at = first_order_placed(lines);
        let placed: serde_json::Value = serde_json::from_str(&lines[at]).unwrap();
        order = placed["payload"]["order_id"].as_str().unwrap().to_string();
        conference = placed["payload"]["conference_id"]
            .as_str()
            .unwrap()
            .to_string();
        let own = format!(r#""stream":"Conference/{conference}""#);
        let (mut theirs, mut i) = (Vec::new(), 0);
        lines.retain(|l| {
            let before = i < at;
            i += 1;
            let keep = !(before && l.contains(&own));
            if !keep {
                theirs.push(l.clone());
            }
            keep
        });
        let at = at - theirs.len();
        lines.splice(at + 1..at + 1, theirs);
    });
    let out = verify_from(moved.to_str().unwrap(), &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "after order {order} was placed for it (position 1 of the order's stream): an order \
             is placed only for seat types its conference has created"
        )) && said.contains(&format!(
            "conference {conference} created its first seat type ("
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!("conference {conference} created seat type "))
            && said.contains("after availability was given"),
        "{said}"
    );
    // In the order the live system wrote, the same log verifies clean.
    assert_eq!(
        verify_from(log.to_str().unwrap(), &[]).status.code(),
        Some(0)
    );
}

/// A log given as a path that reads only once (a named pipe, `<(zcat log.gz)`, `/dev/stdin`) was
/// opened twice, first to tell a log of another domain: the first 24 KB were gone from the
/// verification without a word (a 27-event log verified clean as empty), or the second open
/// waited forever on a named pipe. It is read once, as standard input is.
#[cfg(unix)]
#[test]
fn a_log_given_as_a_named_pipe_is_read_once_and_whole() {
    let tmp = dir("pipe");
    let d = tmp.path();
    let log = export(d, "30");
    let plain = text(&verify_from(log.to_str().unwrap(), &[]));
    let fifo = d.join("log.fifo");
    common::named_pipe(&fifo);
    let (from, to) = (log.clone(), fifo.clone());
    // Opening a pipe to write waits for its reader, so the writer has a thread of its own.
    let writer = std::thread::spawn(move || {
        let bytes = std::fs::read(from).unwrap();
        std::fs::write(to, bytes).unwrap();
    });
    let out = verify_from(fifo.to_str().unwrap(), &[]);
    writer.join().unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    // The same report, but for the name of the source.
    let same = said.replace(fifo.to_str().unwrap(), log.to_str().unwrap());
    assert_eq!(same, plain);
}

/// `gwt verify-migration` with `args`, ended and failed if it has not finished within a minute:
/// a test of what once waited forever fails rather than hangs.
#[cfg(unix)]
fn verify_within_a_minute(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .arg("verify-migration")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("gwt verify-migration {args:?} had not finished after a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Outputs are told apart from the inputs by what `stat` says of them, not by opening them:
/// opening a named pipe waits for its other end. An output that is a named pipe waited forever
/// (nobody writes into it), where it is refused as a pipe; and a log given as a named pipe beside
/// an output was opened once for the check and closed unread, so that its writer died of a
/// broken pipe and the reading waited forever for another.
#[cfg(unix)]
#[test]
fn named_pipes_beside_outputs_are_never_opened_to_be_compared() {
    let tmp = dir("pipe-outputs");
    let d = tmp.path();
    let log = export(d, "30");
    assert!(
        std::fs::metadata(&log).unwrap().len() > 65_536,
        "more than a pipe holds"
    );
    let out_pipe = d.join("out.fifo");
    common::named_pipe(&out_pipe);
    for flag in ["--write-migrated", "--export-read-models"] {
        let out = verify_within_a_minute(&[
            "--from",
            log.to_str().unwrap(),
            flag,
            out_pipe.to_str().unwrap(),
        ]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!(
                "{flag} {}: cannot write it: it is a pipe",
                out_pipe.display()
            )),
            "{said}"
        );
    }
    let in_pipe = d.join("log.fifo");
    common::named_pipe(&in_pipe);
    let (from, to) = (log.clone(), in_pipe.clone());
    let writer = std::thread::spawn(move || std::fs::write(to, std::fs::read(from).unwrap()));
    let copy = d.join("copy.jsonl");
    let out = verify_within_a_minute(&[
        "--from",
        in_pipe.to_str().unwrap(),
        "--write-migrated",
        copy.to_str().unwrap(),
    ]);
    let written = writer.join().unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(written.is_ok(), "the log's writer: {written:?}");
    assert!(copy.exists(), "{said}");
}

/// A migrated copy the run cannot read back (it replaces a write-only file, whose permissions a
/// replaced file keeps) was listed as a "difference from the expected read models", exit 1,
/// with no `--expect` given, and said not to replay as the log does, though it was never
/// replayed: it is an output that could not be made (exit 2), and the old file stays.
#[cfg(unix)]
#[test]
fn a_migrated_copy_that_cannot_be_read_back_is_no_difference() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = dir("unreadable-copy");
    let d = tmp.path();
    let log = export(d, "10");
    let out = d.join("out.jsonl");
    std::fs::write(&out, "old\n").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o200)).unwrap();
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let run = match root {
        // Root reads any file: the run is made as `nobody`, from a copy of the binary it may
        // run, in a folder it may write in.
        true => {
            let nobody = 65534;
            let bin = d.join("gwt");
            std::fs::copy(env!("CARGO_BIN_EXE_gwt"), &bin).unwrap();
            for (path, mode) in [(d, 0o777), (bin.as_path(), 0o755), (log.as_path(), 0o644)] {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
            }
            std::os::unix::fs::chown(&out, Some(nobody), Some(nobody)).unwrap();
            Command::new("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&bin)
                .args(["verify-migration", "--from"])
                .arg(&log)
                .arg("--write-migrated")
                .arg(&out)
                .output()
                .unwrap()
        }
        false => gwt(&[
            "verify-migration",
            "--from",
            log.to_str().unwrap(),
            "--write-migrated",
            out.to_str().unwrap(),
        ]),
    };
    let said = text(&run);
    assert_eq!(run.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "--write-migrated {}: not written: the copy cannot be read back: ",
            out.display()
        )) && said.contains(", so it could not be replayed to check it"),
        "{said}"
    );
    assert!(!said.contains("differences"), "{said}");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
}

/// A device never ends in a last line (`/dev/zero`, `/dev/urandom`): it is refused before it is
/// read, where `/dev/urandom` was read forever and `/dev/zero` until memory ran out; as the log,
/// and as the expected read models (read whole, which took gigabytes in seconds).
#[cfg(unix)]
#[test]
fn a_device_is_refused_as_no_log_file() {
    let out = verify_from("/dev/zero", &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("a character device, not a log file"),
        "{said}"
    );
    let tmp = dir("device-expect");
    let log = export(tmp.path(), "2");
    let out = verify_from(log.to_str().unwrap(), &["--expect", "/dev/zero"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("a character device, not a file of read models"),
        "{said}"
    );
    // Nor is one loaded (refused before any server is asked).
    let out = gwt(&[
        "load",
        "--to",
        "postgres://nobody@127.0.0.1:1/none",
        "--from",
        "/dev/zero",
    ]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("/dev/zero: a character device, not a log file"),
        "{said}"
    );
}

/// A line longer than any stored event (a file of another kind, a device's bytes fed through
/// standard input) is one error at its line, saying how it begins, and is not held whole: the
/// lines after it are read.
#[test]
fn a_line_longer_than_any_stored_event_is_one_error_and_the_lines_after_it_are_read() {
    let tmp = dir("long-line");
    let d = tmp.path();
    let log = d.join("long.jsonl");
    let mut bytes = vec![b'x'; 65 << 20];
    bytes.push(b'\n');
    bytes.extend(published("c1", 1).as_bytes());
    std::fs::write(&log, &bytes).unwrap();
    drop(bytes);
    let source = log.to_str().unwrap();
    let out = verify_from(source, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let expected = format!(
        "{source}:1: a line of 68,157,441 bytes, longer than any stored event (at most 64 MiB \
         were looked for); it begins `{}…`",
        "x".repeat(64)
    );
    assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    assert!(said.contains("2 lines read"), "{said}");
}

/// `--expect` given what is not read models is told what it is, as `--from` is: standard input
/// (it said "No such file or directory"), a compressed file (it said "not UTF-8 text"), an
/// event log (it said "something follows the object, at line 2").
#[test]
fn expected_read_models_that_are_stdin_compressed_or_a_log_are_told_what_they_are() {
    let tmp = dir("expect-kinds");
    let d = tmp.path();
    let (log, models) = exported_with_read_models(d, "3");
    let gz = d.join("models.json.gz");
    let mut compressed = vec![0x1f, 0x8b, 8, 0];
    compressed.extend(std::fs::read(&models).unwrap());
    std::fs::write(&gz, compressed).unwrap();
    let from = log.to_str().unwrap();
    for (expect, said) in [
        (
            "-".to_string(),
            "--expect -: cannot read the expected read models: standard input is the log's to \
             give (--from -): give the expected read models as a file"
                .to_string(),
        ),
        (
            gz.display().to_string(),
            format!(
                "it is gzip-compressed, and gwt reads the expected read models as JSON in \
                 UTF-8: convert it first (zcat {} > read-models.json)",
                gz.display()
            ),
        ),
        (
            from.to_string(),
            "it is an event log (its first line is a stored event), not read models: give it to \
             --from"
                .to_string(),
        ),
    ] {
        let out = verify_from(from, &["--expect", &expect]);
        let report = text(&out);
        assert_eq!(out.status.code(), Some(2), "{report}");
        assert!(report.contains(&said), "missing `{said}` in:\n{report}");
    }
}

/// An event type that is a slip of a known one is told with the one meant, as a misspelt name
/// in a feature file is: it said only "unknown event type".
#[test]
fn an_unknown_event_type_names_the_one_it_may_be_a_slip_of() {
    let tmp = dir("slip");
    let d = tmp.path();
    let lines = [
        published("c1", 1),
        published("c1", 2).replace("ConferencePublished", "ConferencePublishd"),
        published("c2", 1),
        published("c2", 2).replace("ConferencePublished", "ConferencePublishd"),
    ];
    let (source, out, said) = verify_lines(&d.join("slip.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    // The log is the deployed build's: a name this build lacks is as likely one it renamed, the
    // step from the old name forgotten (a rename throughout the code renames it in the step's
    // `from` too), which no wiring check can see. Told in full once, then referred to.
    let full = "; did you mean `ConferencePublished`? (if this build renamed the event, an \
                upcaster must still read the name the log stores: a step `from: (\"<that \
                name>\", <its version>)` to the new name; renaming the event throughout the \
                code renames the step's `from` too)";
    let again = "; did you mean `ConferencePublished`? (renamed without a step from this \
                 name? see the first such error above)";
    for (line, stream, advice) in [(2, "c1", full), (4, "c2", again)] {
        let expected = format!(
            "{source}:{line}: Conference/{stream} #2: ConferencePublishd version 1: unknown event \
             type `ConferencePublishd`{advice}"
        );
        assert!(said.contains(&expected), "`{expected}` not in:\n{said}");
    }
}

/// The exported read models `models` with `field` of every entry of each `model` set to `value`,
/// written to `changed.json` in `d` for `--expect`: differences the verification must report.
fn expect_changed(
    d: &Path,
    models: &Path,
    changes: &[(&str, &str, serde_json::Value)],
) -> (PathBuf, serde_json::Value) {
    let mut expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(models).unwrap()).unwrap();
    for (model, field, value) in changes {
        for entry in expected[*model].as_object_mut().unwrap().values_mut() {
            entry[*field] = value.clone();
        }
    }
    let changed = d.join("changed.json");
    std::fs::write(&changed, expected.to_string()).unwrap();
    (changed, expected)
}

/// A difference names a read model's entry and field, not a line: the report says which older
/// stored forms were upcast into the events each differing read model reads (their upcasters
/// are the first suspects, an event renamed named as it is read), and says of a read model that
/// read none that its difference is not an upcaster's.
#[test]
fn a_differing_read_model_is_told_with_the_older_forms_upcast_into_what_it_reads() {
    let tmp = dir("suspects");
    let d = tmp.path();
    let (log, models) = exported_with_read_models(d, "30");
    let (changed, _) = expect_changed(
        d,
        &models,
        &[
            ("SeatType", "price", serde_json::json!("1.00")),
            ("Conference", "location", serde_json::json!("X")),
            ("DraftOrder", "state", serde_json::json!("X")),
        ],
    );
    let out = verify_from(
        log.to_str().unwrap(),
        &["--expect", changed.to_str().unwrap()],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    // The counts the report's own table gives each form as upcast.
    let upcast = |event_type: &str| -> String {
        let row = said
            .lines()
            .find(|l| l.split_whitespace().take(2).eq([event_type, "1"]))
            .unwrap_or_else(|| panic!("no {event_type} version 1 in:\n{said}"));
        row.split_whitespace().nth(3).unwrap().to_string()
    };
    for expected in [
        format!(
            "SeatType differs; of the events it reads, these were upcast from older stored \
             forms, and their upcasters are the first to check: `SeatCreated` version 1 ({} \
             upcast), `SeatUpdated` version 1 ({} upcast)",
            upcast("SeatCreated"),
            upcast("SeatUpdated")
        ),
        format!(
            "DraftOrder differs; of the events it reads, these were upcast from older stored \
             forms, and their upcasters are the first to check: `OrderPaymentConfirmed` version \
             1 ({} upcast, read as `OrderConfirmed`)",
            upcast("OrderPaymentConfirmed")
        ),
        "Conference differs, and no event it reads was upcast from an older stored form: the \
         difference is not an upcaster's, but the domain's own change (how the read model or \
         the events it reads are built)"
            .to_string(),
    ] {
        assert!(said.contains(&expected), "`{expected}` not in:\n{said}");
    }
    // Read models that equal the expected ones are not named.
    assert!(!said.contains("PricedOrder differs"), "{said}");
}

/// A CI user reads the tail of a long report: the kinds of difference a cut list hides are
/// counted, differences that only follow from lines lost are counted rather than listed, the
/// last line says what was found and the exit status, and an output not written says that the
/// file an earlier run left there is not this run's.
#[test]
fn a_long_report_counts_its_differences_by_kind_and_ends_with_its_verdict() {
    let tmp = dir("by-kind");
    let d = tmp.path();
    let (log, models) = exported_with_read_models(d, "30");
    let (changed, expected) = expect_changed(
        d,
        &models,
        &[
            ("SeatType", "price", serde_json::json!("1.00")),
            ("Conference", "location", serde_json::json!("X")),
        ],
    );
    let (seat_types, conferences) = (
        expected["SeatType"].as_object().unwrap().len(),
        expected["Conference"].as_object().unwrap().len(),
    );
    let out = verify_from(
        log.to_str().unwrap(),
        &["--expect", changed.to_str().unwrap(), "--max-errors", "3"],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let all = seat_types + conferences;
    for expected in [
        format!(
            "  … and {} more (--max-errors 3 shows 3; 0 shows all)",
            all - 3
        ),
        "  all of them, by kind:".to_string(),
        format!("    SeatType.price: {seat_types}"),
        format!("    Conference.location: {conferences}"),
    ] {
        assert!(said.contains(&expected), "`{expected}` not in:\n{said}");
    }
    assert!(
        said.trim_end()
            .ends_with(&format!("not clean: {all} differences (exit status 1)")),
        "{said}"
    );
    // A line lost: the read models differ for that alone, counted by kind, not listed; and the
    // migrated copy an earlier run wrote is left, said not to be this run's.
    let lost = damaged(&log, |lines| lines.insert(3, "{not json".into()));
    let stale = d.join("stale.jsonl");
    std::fs::write(&stale, "an earlier run's copy\n").unwrap();
    let out = verify_from(
        lost.to_str().unwrap(),
        &[
            "--expect",
            changed.to_str().unwrap(),
            "--write-migrated",
            stale.to_str().unwrap(),
        ],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("not listed, as the log did not read whole (errors above)"),
        "{said}"
    );
    assert!(!said.contains("Conference conf-"), "{said}");
    // Nor are upcasters suspected of differences a lost line explains.
    assert!(!said.contains("differs"), "{said}");
    assert!(
        said.contains("the file there from before is left as it was, and is not this run's"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(&stale).unwrap(),
        "an earlier run's copy\n"
    );
    assert!(said.trim_end().ends_with("(exit status 2)"), "{said}");
}

/// A position given twice is told with the first line that holds it, and whether the two hold
/// the same event: a copy is a double write, safe to drop; another event is a writer's record
/// lost. From a pipe the log cannot be read again, and the repeat is told as before.
#[test]
fn a_repeat_is_told_with_the_first_line_at_its_position_and_how_the_two_events_compare() {
    let tmp = dir("repeats-compared");
    let d = tmp.path();
    let seat = |version: u32, price: &str| {
        stored_at_version(
            "Conference/c3",
            2,
            "SeatCreated",
            version,
            &format!(
                r#"{{"conference_id":"c3","description":null,"name":"Full","{price},"quantity":3,"seat_type":"full"}}"#
            ),
        )
    };
    let lines = [
        published("c1", 1),
        published("c1", 2),
        published("c1", 1),
        published("c1", 2).replace("2026-01-05T09:00:00Z", "2026-01-06T10:30:00Z"),
        published("c1", 3).replace(r#""sequence":3"#, r#""sequence":2"#),
        published("c2", 1),
        published("c2", 1).replace(r#""name":"C""#, r#""name":"D""#),
        published("c3", 1),
        seat(1, r#"price_cents":4900"#),
        seat(2, r#"price":"49.00""#),
        seat(2, r#"price":"59.00""#),
        // A first line whose payload does not read, then a repeat that does, then one that
        // does not either.
        published("c4", 1),
        stored_at_version(
            "Conference/c4",
            2,
            "ConferencePublished",
            9,
            r#"{"conference_id":"c4"}"#,
        ),
        published("c4", 2),
        stored_at_version(
            "Conference/c4",
            2,
            "ConferencePublished",
            8,
            r#"{"conference_id":"c4"}"#,
        ),
        // A first line cut short, read far enough to place it.
        r#"{"stream":"Conference/c5","sequence":1,"event_type":"ConferenceCre"#.to_string(),
        published("c5", 1),
        // At a position taken, an event of another stream: compared all the same.
        published("c1", 2).replace(r#"{"conference_id":"c1"}"#, r#"{"conference_id":"c2"}"#),
    ];
    let (source, out, said) = verify_lines(&d.join("repeats.jsonl"), &lines);
    let source = source.as_str();
    assert_eq!(out.status.code(), Some(2), "{said}");
    let taken = "its position is taken already";
    let first = |line: u32| format!("; {source}:{line}, the first line at that position, holds");
    for expected in [
        format!("{source}:3: Conference/c1 #1 comes again, after #2: {taken} (expected #3){} the same event: this line repeats it\n", first(1)),
        format!("{source}:4: Conference/c1 #2 comes again: {taken} (expected #3){} the same event, recorded at 2026-01-05T09:00:00Z there, 2026-01-06T10:30:00Z here\n", first(2)),
        format!("{source}:5: Conference/c1 #2 comes again: {taken} (expected #3){} another event: ConferencePublished there, ConferenceUnpublished here\n", first(2)),
        format!("{source}:7: Conference/c2 #1 comes again: {taken} (expected #2){} another ConferenceCreated: `name` \"C\" there, \"D\" here\n", first(6)),
        format!("{source}:10: Conference/c3 #2 comes again: {taken} (expected #3){} the same event, stored in version 1 there, 2 here\n", first(9)),
        format!("{source}:11: Conference/c3 #2 comes again: {taken} (expected #3){} another SeatCreated: `price` \"49.00\" there, \"59.00\" here\n", first(9)),
        format!("{source}:14: Conference/c4 #2 comes again: {taken} (expected #3){} a ConferencePublished too, not compared: its payload does not read (its error is told above)\n", first(13)),
        format!("{source}:15: Conference/c4 #2 comes again: {taken} (expected #3); its payload does not read either: `ConferencePublished` has no version 8 (known: 1){} a ConferencePublished too, not compared: neither payload reads\n", first(13)),
        format!("{source}:17: Conference/c5 #1 comes again: {taken} (expected #2); {source}:16, the first line at that position, could not be read (its error is told above)\n"),
        format!("{source}:18: Conference/c1 #2 comes again (expected #3), and is no event of that stream: ConferencePublished names Conference/c2, but is stored in Conference/c1{} another ConferencePublished: `conference_id` \"c1\" there, \"c2\" here\n", first(2)),
        "lines at a position taken already: 10 (1 of the same event as the first line at their position, 2 of the same event stored otherwise, 4 of another event, 3 not compared, as a line does not read)\n".to_string(),
    ] {
        assert!(said.contains(&expected), "expected {expected:?} in:\n{said}");
    }

    // Piped, the log is read once: the repeats are told without their first line.
    let out = verify_piped(lines.join("\n").as_bytes());
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "standard input:3: Conference/c1 #1 comes again, after #2: {taken} (expected #3)\n"
        )),
        "{said}"
    );
    // The repeat's own payload error is told all the same.
    assert!(
        said.contains("standard input:15: Conference/c4 #2 comes again: its position is taken already (expected #3); its payload does not read either: `ConferencePublished` has no version 8 (known: 1)\n"),
        "{said}"
    );
    assert!(!said.contains("the first line at that position"), "{said}");
    assert!(
        said.contains("lines at a position taken already: 10, not compared with the first lines at their positions, as the log was read once, as it came (verify the file itself to compare them)\n"),
        "{said}"
    );
}

/// A payload written as JSON text that holds the object (a store's text column, an export that
/// encoded it twice) is told as that, with how to decode it, not echoed as text where an object
/// was expected; in a current form and in an older one alike, how to decode told in full once.
#[test]
fn a_payload_encoded_twice_is_told_as_such_with_how_to_decode_it() {
    let tmp = dir("encoded-twice");
    let d = tmp.path();
    let twice = |payload: &str| serde_json::Value::String(payload.to_string()).to_string();
    let lines = [
        published("c1", 1),
        stored(
            "Conference/c1",
            2,
            "ConferencePublished",
            &twice(r#"{"conference_id":"c1"}"#),
        ),
        stored_at_version(
            "Conference/c1",
            3,
            "SeatCreated",
            1,
            &twice(
                r#"{"conference_id":"c1","description":null,"name":"Full","price_cents":4900,"quantity":3,"seat_type":"full"}"#,
            ),
        ),
        // Text that holds no object is still told as text where an object was expected.
        stored("Conference/c2", 1, "ConferencePublished", r#""c2""#),
    ];
    let (source, out, said) = verify_lines(&d.join("twice.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let hint = "the payload is text that holds a JSON object (the object encoded twice), where \
                the object itself was expected: decode such payloads first, leaving the others \
                as they are, as `jq -c '.payload = (.payload | if type == \"string\" then (. as \
                $text | try fromjson catch $text) else . end)' FILE` does (jq before 1.7 rounds \
                long numbers), and `(payload #>> '{}')::jsonb` for a PostgreSQL row whose \
                payload is a JSON string";
    // Told in full once; a log whose every payload is encoded twice would otherwise give the
    // same paragraph once a line.
    let again = "the payload is text that holds a JSON object (the object encoded twice), where \
                 the object itself was expected: decode such payloads first (how: at the first \
                 such error above)";
    for expected in [
        format!("{source}:2: Conference/c1 #2: ConferencePublished version 1: `ConferencePublished` does not fit: {hint}\n"),
        format!("{source}:3: Conference/c1 #3: SeatCreated version 1: `SeatCreated` does not fit: {again}\n"),
    ] {
        assert!(said.contains(&expected), "expected {expected:?} in:\n{said}");
    }
    let c2 = said
        .lines()
        .find(|l| l.contains("Conference/c2 #1"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        c2.contains(r#"found the text "c2""#) && !c2.contains("encoded twice"),
        "{c2}"
    );
}

/// A stream's events are appended in the order of their positions, but each is dated by the
/// clock of whichever server wrote it, and two servers' clocks drift apart: an event dated
/// before the one before it in its stream is not judged (a sound deployment would break on most
/// of its events), but told once, summed up, with how far back it went at most (and which went
/// that far) and the first, so that drift (milliseconds) can be told from instants rewritten
/// (days). Across streams the
/// log's lines may go back in time: writers run side by side.
#[test]
fn events_dated_before_the_one_before_them_in_their_stream_are_summed_up_not_judged() {
    let tmp = dir("dated-before");
    let d = tmp.path();
    let at = |line: String, instant: &str| line.replace("2026-01-05T09:00:00Z", instant);
    let lines = [
        at(published("c1", 1), "2026-01-05T10:00:00Z"),
        published("c2", 1),
        at(published("c1", 2), "2026-01-05T09:59:59.75Z"),
        at(published("c1", 3), "2026-01-05T11:00:00Z"),
        // The same instant as the event before it is no step back.
        published("c2", 2),
        at(published("c3", 1), "2026-01-07T09:00:00Z"),
        at(published("c3", 2), "2026-01-05T21:00:00Z"),
    ];
    let (source, out, said) = verify_lines(&d.join("dated.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let note = format!(
        "not an error: 2 events are dated before the event before them in their stream, by up to \
         1.5 days ({source}:7: Conference/c3 #2, dated 2026-01-05T21:00:00Z, after #1, dated \
         2026-01-07T09:00:00Z); the first: {source}:3: Conference/c1 #2, dated \
         2026-01-05T09:59:59.750Z, after #1, dated 2026-01-05T10:00:00Z (a stream's events are \
         appended in order: writers' clocks that disagree, or instants rewritten)\n"
    );
    assert!(said.contains(&note), "expected {note:?} in:\n{said}");
    assert!(
        said.ends_with("clean: every event upcast, replayed and checked\n"),
        "{said}"
    );

    // One event, by a quarter of a second.
    let (_, out, said) = verify_lines(&d.join("one.jsonl"), &lines[..5]);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(
            "not an error: 1 event is dated before the event before it in its stream, by 250 ms; "
        ),
        "{said}"
    );
    // The first went furthest back: named once.
    let mut nearer = lines[..4].to_vec();
    nearer.push(at(published("c1", 4), "2026-01-05T10:59:59.9Z"));
    let (source, out, said) = verify_lines(&d.join("nearer.jsonl"), &nearer);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let note = format!(
        "by up to 250 ms; the first and furthest: {source}:3: Conference/c1 #2, dated \
         2026-01-05T09:59:59.750Z, after #1, dated 2026-01-05T10:00:00Z (a stream's"
    );
    assert!(said.contains(&note), "expected {note:?} in:\n{said}");
    // In order, nothing is said.
    let (_, out, said) = verify_lines(
        &d.join("ordered.jsonl"),
        &[published("c1", 1), published("c1", 2)],
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(!said.contains("dated before"), "{said}");
}

/// A byte that is no part of a UTF-8 character is placed by its column in characters, as every
/// other mistake is, and named by its value: "byte 24" read as a byte's value, and counted
/// bytes, so that each `é` before it moved it one column to the right.
#[test]
fn a_byte_that_is_not_utf8_is_placed_by_its_column_in_characters_and_named() {
    let tmp = dir("latin1");
    let d = tmp.path();
    let log = d.join("latin1.jsonl");
    let mut bytes = published("c1", 1).into_bytes();
    bytes.extend_from_slice("\n{\"stream\":\"Conférence/Zürich-".as_bytes());
    bytes.extend_from_slice(b"\xf6\"}\n");
    std::fs::write(&log, bytes).unwrap();
    let out = verify_from(log.to_str().unwrap(), &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{}:2: not UTF-8 text: the byte at column 30 (0xF6) is not part of a UTF-8 character",
            log.display()
        )),
        "{said}"
    );
    // A line that holds UTF-8 already is no Windows-1252 file: turning the whole file would
    // spoil its good characters.
    assert!(!said.contains("iconv"), "{said}");
}

/// A byte-order mark after the first line (two files joined) is named, with how to take it out,
/// not echoed as the invisible start of a line that is no JSON object.
#[test]
fn a_byte_order_mark_past_the_first_line_is_named() {
    let tmp = dir("bom-joined");
    let d = tmp.path();
    let lines = [
        published("c1", 1),
        format!("\u{feff}{}", published("c1", 2)),
        // Joined on without a line end between the two.
        format!("{}\u{feff}{}", published("c1", 3), published("c1", 4)),
    ];
    let (source, out, said) = verify_lines(&d.join("joined.jsonl"), &lines);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:2: not a stored event (the line begins with a byte-order mark (U+FEFF), \
             which only a file's first line may carry: a second file joined on here?"
        )),
        "{said}"
    );
    let third = said
        .lines()
        .find(|l| l.contains(&format!("{source}:3: ")))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        third.contains(
            "something follows the object (a byte-order mark: a second file joined on without \
             a line end between the two?)"
        ),
        "{third}"
    );
}

/// A postgres-es table's rows written as JSON lines (its stream in two columns) are named as
/// such, with the table to verify instead or how to write them as lines, where each line was
/// told that `aggregate_type` is no field of a line.
#[test]
fn rows_of_a_postgres_es_table_written_as_lines_are_named_as_such() {
    let tmp = dir("table-rows");
    let d = tmp.path();
    let row = |id: &str, sequence: u64| {
        let (event_type, payload) = common::conference_event(id, sequence);
        format!(
            r#"{{"aggregate_type":"Conference","aggregate_id":"{id}","sequence":{sequence},"event_type":"{event_type}","event_version":"1.0","payload":{payload},"metadata":{{"recorded_at":"2026-01-05T09:00:00Z"}}}}"#
        )
    };
    let (source, out, said) = verify_lines(&d.join("rows.jsonl"), &[row("c1", 1), row("c1", 2)]);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{source}:1: not a stored event (a row of a postgres-es `events` table \
             (`aggregate_type`, `aggregate_id`, …), not a stored event's line: verify the table \
             itself (`--from postgres://…`), or write its rows as lines"
        )),
        "{said}"
    );
}

/// An order stream that lost its last event (its expiry, its confirmation) left nothing after
/// it to show the loss, and verified clean. A log that runs on more than the domain's long-after
/// time past the order's expiry must show it ended: the order is told, still in its state.
/// Within that time, at the log's end, an order may be in flight (a log cut from a live store),
/// and is not judged.
#[test]
fn an_order_that_lost_its_ending_is_told_once_the_log_runs_on_past_its_time() {
    let tmp = dir("lost-ending");
    let d = tmp.path();
    // 150 histories: an export whose last order to expire does so in the log's last hour (the
    // second case asserts it).
    let log = export(d, "150");
    // Each order stream's last line, by stream: (line index, its event type).
    let endings = |lines: &[String]| {
        let mut last: std::collections::BTreeMap<String, (usize, String)> =
            std::collections::BTreeMap::new();
        for (i, line) in lines.iter().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let stream = v["stream"].as_str().unwrap().to_string();
            if stream.starts_with("Order/") {
                last.insert(stream, (i, v["event_type"].as_str().unwrap().to_string()));
            }
        }
        last
    };
    let mut lost = None;
    let early = damaged(&log, |lines| {
        let last = endings(lines);
        // An early order's expiry: the log runs on for hours after it.
        let (stream, (at, _)) = last
            .iter()
            .filter(|(_, (_, t))| t == "OrderExpired")
            .min_by_key(|(_, (at, _))| *at)
            .expect("an order expires");
        lost = Some(stream.trim_start_matches("Order/").to_string());
        lines.remove(*at);
    });
    let out = verify_from(early.to_str().unwrap(), &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let order = lost.unwrap();
    let told = breaches(&said);
    assert_eq!(told.len(), 1, "{said}");
    assert!(
        told[0].starts_with(&format!("order {order} is still "))
            && told[0].contains(" at the log's end, ")
            && told[0].contains(
                ", more than 60 minutes before: by then it should be Confirmed or Rejected"
            )
            && told[0].contains(&format!("(its stream, Order/{order}, ends at #")),
        "{said}"
    );

    // The order whose time to end falls last, in the log's last hour: in flight, as far as the
    // log can tell. Chosen by its reservation's expiry, not by where its end stands: an export's
    // histories follow one another in the file, and an expiry delivered late (a fault) ends an
    // order after its time.
    let instant = |text: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(text.as_str().unwrap()).unwrap()
    };
    let late = damaged(&log, |lines| {
        let last = endings(lines);
        let mut expiry = std::collections::BTreeMap::new();
        let mut log_end = None;
        for line in lines.iter() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            log_end = log_end.max(Some(instant(&v["recorded_at"])));
            for field in ["reservation_expiration", "reservation_auto_expiration"] {
                if v["payload"][field].is_string() {
                    expiry.insert(
                        v["stream"].as_str().unwrap().to_string(),
                        instant(&v["payload"][field]),
                    );
                }
            }
        }
        let (stream, (at, _)) = last
            .iter()
            .filter(|(_, (_, t))| t == "OrderExpired" || t == "OrderConfirmed")
            .max_by_key(|(stream, _)| expiry[*stream])
            .expect("an order ends");
        // The case this tests: an order whose time to end falls within the log's last hour.
        assert!(
            log_end.unwrap() - expiry[stream] < chrono::Duration::minutes(60),
            "the export's last order to expire does so more than an hour before the log ends: \
             {stream}"
        );
        lines.remove(*at);
    });
    let out = verify_from(late.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// Read models given as the log (`--from read-models.json`) are told as such, with where they
/// go: told as JSON over several lines, the advice (`jq -c '.'`) led to an error on every key.
/// Written on one line (`jq -c`), they are told alike.
#[test]
fn read_models_given_as_the_log_are_told_to_go_to_expect() {
    let tmp = dir("models-as-log");
    let d = tmp.path();
    let (_, models) = exported_with_read_models(d, "10");
    let compact = d.join("compact.json");
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&models).unwrap()).unwrap();
    std::fs::write(&compact, value.to_string()).unwrap();
    for file in [&models, &compact] {
        let out = verify_from(file.to_str().unwrap(), &[]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!(
                "cannot read {}: it is read models (`Conference` first, as \
                 --export-read-models writes them), not an event log: give it to --expect, and \
                 the log to --from",
                file.display()
            )),
            "{said}"
        );
    }
    // The bench reads the file's head as the verification does: told alike, before measuring.
    let out = verify_from(models.to_str().unwrap(), &["--bench"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("it is read models (`Conference` first"),
        "{said}"
    );
    // Piped in, they were told to be rewritten with `jq -c '.'` (pretty-printed), or failed on
    // their first key (written on one line); and `gwt load` told either alike (the review's L6).
    for file in [&models, &compact] {
        let out = verify_piped(&std::fs::read(file).unwrap());
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(
                "cannot read -: standard input is read models (`Conference` first, as \
                 --export-read-models writes them), not an event log: give it to --expect"
            ),
            "{said}"
        );
        let out = gwt(&[
            "load",
            "--to",
            "postgres://nobody@127.0.0.1:1/none",
            "--from",
            file.to_str().unwrap(),
        ]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!(
                "gwt load: cannot read {}: it is read models of the conference domain \
                 (`Conference` first, as --export-read-models writes them), not an event log: \
                 read models go to gwt verify-migration --expect with --domain conference, and a \
                 log to --from",
                file.display()
            )),
            "{said}"
        );
    }
    // Another domain's, given to this one's verification, are told whose they are (the review
    // of 2026-12-06, M8: they were told to be rewritten with `jq -c`).
    let out = verify_from(models.to_str().unwrap(), &["--domain", "store"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "it is read models of the conference domain (`Conference` first, as \
             --export-read-models writes them), not an event log: give it to --expect with \
             --domain conference, and the log to --from"
        ),
        "{said}"
    );
    // A log piped in still reads whole.
    let log = export(d, "10");
    let out = verify_piped(&std::fs::read(&log).unwrap());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// The lines of a report from its `errors by kind` line to the last line that sums up a kind.
fn errors_by_kind(said: &str) -> Vec<&str> {
    let mut lines = said
        .lines()
        .skip_while(|l| !l.starts_with("errors by kind"));
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    std::iter::once(header)
        .chain(lines.take_while(|l| l.starts_with("  ")))
        .collect()
}

/// A log broken four ways, one cause on a run of lines, the others scattered: under the list
/// of errors, each kind is counted once, the most frequent first, with where it was seen (a run
/// as a range, a few places each, many by the first and the last), not with the values each
/// line quotes.
#[test]
fn errors_are_summed_up_by_kind_the_most_first_with_where_they_were_seen() {
    let tmp = dir("kinds");
    let d = tmp.path();
    let log = export(d, "5");
    let broken = damaged(&log, |lines| {
        assert!(lines.len() >= 60, "{} lines", lines.len());
        let mut change = |number: usize, change: &dyn Fn(&mut serde_json::Value)| {
            let mut line: serde_json::Value = serde_json::from_str(&lines[number - 1]).unwrap();
            change(&mut line);
            lines[number - 1] = line.to_string();
        };
        // Every payload on lines 3 to 8 written as text holding its object.
        for number in 3..=8 {
            change(number, &|line| {
                line["payload"] = line["payload"].to_string().into();
            });
        }
        for number in [11, 15, 22] {
            change(number, &|line| line["event_type"] = "OrderPlacd".into());
        }
        for number in [40, 45, 50, 55] {
            change(number, &|line| {
                line.as_object_mut().unwrap().remove("recorded_at");
            });
        }
        // Cut short after its position, which it still gives: no gap follows from it.
        let cut = lines[29].find(",\"payload\"").unwrap();
        lines[29].truncate(cut);
    });
    let out = verify_from(broken.to_str().unwrap(), &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert_eq!(
        errors_by_kind(&said),
        [
            "errors by kind, the most first:",
            "  6 payload encoded twice (lines 3–8)",
            "  4 line without `recorded_at` (first line 40, last line 55)",
            "  3 unknown event type `OrderPlacd` (lines 11, 15, 22)",
            "  1 line not JSON (line 30)",
        ],
        "{said}"
    );
    // Under the list, which still gives each error its line.
    let list = said.find("errors (14):").expect(&said);
    assert!(list < said.find("errors by kind").unwrap(), "{said}");
}

/// One cause on every line, read until --max-errors stopped the reading: the summary counts
/// what was read, and says so; with no limit, it counts the whole log.
#[test]
fn a_summary_of_a_reading_stopped_at_max_errors_counts_what_was_read() {
    let tmp = dir("kinds-stopped");
    let d = tmp.path();
    let log = export(d, "3");
    let mut count = 0;
    let broken = damaged(&log, |lines| {
        count = lines.len();
        for line in lines.iter_mut() {
            let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["payload"] = value["payload"].to_string().into();
            *line = value.to_string();
        }
    });
    let out = verify_from(broken.to_str().unwrap(), &["--max-errors", "10"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert_eq!(
        errors_by_kind(&said),
        [
            "errors by kind, the most first (counted in the lines read before --max-errors \
             stopped the reading; later lines may hold more):",
            "  10 payload encoded twice (lines 1–10)",
        ],
        "{said}"
    );
    let out = verify_from(broken.to_str().unwrap(), &["--max-errors", "0"]);
    let said = text(&out);
    assert_eq!(
        errors_by_kind(&said),
        [
            "errors by kind, the most first:".to_string(),
            format!("  {count} payload encoded twice (lines 1–{count})"),
        ],
        "{said}"
    );
}

/// A single error is its own summary: none is added under it.
#[test]
fn a_single_error_is_not_summed_up() {
    let tmp = dir("kinds-one");
    let d = tmp.path();
    let log = export(d, "3");
    let broken = damaged(&log, |lines| {
        let cut = lines[4].find(",\"payload\"").unwrap();
        lines[4].truncate(cut);
    });
    let out = verify_from(broken.to_str().unwrap(), &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("errors (1):"), "{said}");
    assert!(!said.contains("errors by kind"), "{said}");
}

/// A log that ends in the middle of a process verified plain clean, saying nothing of it (the
/// ops review's 6): a live system's log always does, so it is no error, and the clean report
/// names what was under way, as each process manager tells it. The whole log names nothing a
/// process manager holds under way.
#[test]
fn a_clean_log_says_what_was_in_flight_at_its_end() {
    let tmp = dir("in-flight");
    let d = tmp.path();
    let log = export(d, "30");
    let whole = verify_from(log.to_str().unwrap(), &[]);
    assert_eq!(whole.status.code(), Some(0), "{}", text(&whole));
    let mut order = String::new();
    let cut = damaged(&log, |lines| {
        let reserved = lines
            .iter()
            .position(|l| l.contains(r#""event_type":"SeatsReserved""#))
            .expect("seats are reserved in 30 histories");
        order = lines[reserved]
            .split(r#""reservation_id":""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        lines.truncate(reserved + 1);
    });
    let out = verify_from(cut.to_str().unwrap(), &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let line = said
        .lines()
        .find(|l| l.starts_with("in flight at the log's end (not an error: "))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        line.contains("RegistrationProcessManager instance")
            && line.contains(&format!(
                "{order}: seats reserved, awaiting PaymentCompleted until "
            )),
        "{said}"
    );
    assert!(
        said.ends_with("clean: every event upcast, replayed and checked\n"),
        "{said}"
    );
}

/// A log whose last answer to a process manager's command was lost (the seats an expired order
/// held, never given back) verified clean without a word: no invariant can tell it from an
/// answer not recorded yet. The report names the command, its stream and what it would record,
/// as not an error, when `--unanswered` asks for it; a log that records the answer, and the
/// whole log, name none.
#[test]
fn a_clean_log_names_the_commands_its_end_records_no_answer_to() {
    let tmp = dir("unanswered");
    let d = tmp.path();
    let log = export(d, "30");
    let whole = verify_from(log.to_str().unwrap(), &["--unanswered"]);
    let said = text(&whole);
    assert_eq!(whole.status.code(), Some(0), "{said}");
    assert!(!said.contains("sent and not answered"), "{said}");
    let lines: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let cancelled = lines
        .iter()
        .position(|l| l.contains(r#""event_type":"SeatsReservationCancelled""#))
        .expect("an expired order's seats are given back in 30 histories");
    let line: serde_json::Value = serde_json::from_str(&lines[cancelled]).unwrap();
    let stream = line["stream"].as_str().unwrap().to_owned();
    let command =
        format!("CancelSeatReservation to {stream}, sent by RegistrationProcessManager at ");
    let cut_at = |end: usize, more: &[&str]| {
        let cut = d.join(format!("cut-{end}.jsonl"));
        std::fs::write(&cut, lines[..end].join("\n") + "\n").unwrap();
        verify_from(cut.to_str().unwrap(), more)
    };
    // Not asked for, the note is not given (watching costs the replay about 3%).
    let quiet = cut_at(cancelled, &[]);
    let said = text(&quiet);
    assert_eq!(quiet.status.code(), Some(0), "{said}");
    assert!(!said.contains("sent and not answered"), "{said}");
    let lost = cut_at(cancelled, &["--unanswered"]);
    let said = text(&lost);
    assert_eq!(lost.status.code(), Some(0), "{said}");
    let note = said
        .lines()
        .find(|l| {
            l.starts_with(
                "sent and not answered at the log's end (not an error: a live system's log may \
                 end before a command's effect is recorded",
            )
        })
        .unwrap_or_else(|| panic!("{said}"));
    let told = note
        .split(&command)
        .nth(1)
        .unwrap_or_else(|| panic!("{note}"));
    assert!(
        told.contains(
            " when its ExpireRegistrationProcess fell due: the log records nothing of it yet (it \
             would record SeatsReservationCancelled): in flight, or lost"
        ),
        "{note}"
    );
    assert!(
        said.ends_with("clean: every event upcast, replayed and checked\n"),
        "{said}"
    );
    // Its answer recorded, it is not named.
    let answered = cut_at(cancelled + 1, &["--unanswered"]);
    let said = text(&answered);
    assert_eq!(answered.status.code(), Some(0), "{said}");
    assert!(!said.contains(&command), "{said}");
}
