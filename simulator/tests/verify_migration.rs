//! `gwt verify-migration` on files: a log exported with mixed versions verifies clean and its
//! migrated copy replays the same; every kind of bad input is reported with its line and what
//! was expected, without a panic, with the documented exit status; the source is never written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gwt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(args)
        .output()
        .expect("gwt runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gwt-verify-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn export(d: &Path, histories: &str) -> PathBuf {
    let log = d.join("log.jsonl");
    let out = gwt(&[
        "simulate",
        "--histories",
        histories,
        "--export",
        log.to_str().unwrap(),
        "--versions",
        "mixed",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    log
}

#[test]
fn an_exported_mixed_log_verifies_clean_and_its_migrated_copy_replays_the_same() {
    let d = dir("clean");
    let log = export(&d, "60");
    let before = std::fs::read(&log).unwrap();
    let text_log = String::from_utf8_lossy(&before);
    assert!(
        text_log.contains("\"event_version\":1") && text_log.contains("price_cents"),
        "no older forms were written"
    );
    let migrated = d.join("migrated.jsonl");
    let models = d.join("read-models.json");
    let out = gwt(&[
        "verify-migration",
        "--from",
        log.to_str().unwrap(),
        "--write-migrated",
        migrated.to_str().unwrap(),
        "--export-read-models",
        models.to_str().unwrap(),
    ]);
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
    let out = gwt(&[
        "verify-migration",
        "--from",
        migrated.to_str().unwrap(),
        "--expect",
        models.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn read_models_that_differ_from_the_expected_ones_are_shown_by_key_and_field() {
    let d = dir("expect");
    let log = export(&d, "10");
    let models = d.join("read-models.json");
    let out = gwt(&[
        "verify-migration",
        "--from",
        log.to_str().unwrap(),
        "--export-read-models",
        models.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let mut expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&models).unwrap()).unwrap();
    let conference = expected["Conference"].as_object_mut().unwrap();
    let key = conference.keys().next().unwrap().clone();
    conference[&key]["name"] = "Renamed".into();
    std::fs::write(&models, expected.to_string()).unwrap();
    let out = gwt(&[
        "verify-migration",
        "--from",
        log.to_str().unwrap(),
        "--expect",
        models.to_str().unwrap(),
    ]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains(&format!(
            "Conference {key}.name: expected \"Renamed\", rebuilt"
        )),
        "{report}"
    );
}

#[test]
fn bad_input_is_reported_with_its_line_and_what_was_expected() {
    let d = dir("bad");
    let good = |stream: &str, seq: u64, ty: &str, v: u32, payload: &str| {
        format!(
            r#"{{"stream":"{stream}","sequence":{seq},"event_type":"{ty}","event_version":{v},"payload":{payload},"recorded_at":"2026-01-05T09:00:00Z"}}"#
        )
    };
    let lines = [
        good(
            "Conference/c1",
            1,
            "ConferencePublished",
            1,
            r#"{"conference_id":"c1"}"#,
        ),
        "{not json".to_string(),
        good(
            "Conference/c1",
            2,
            "ConferenceTeleported",
            1,
            r#"{"conference_id":"c1"}"#,
        ),
        good(
            "Conference/c1",
            3,
            "SeatCreated",
            7,
            r#"{"conference_id":"c1"}"#,
        ),
        good(
            "Conference/c1",
            4,
            "SeatCreated",
            1,
            r#"{"conference_id":"c1","seat_type":"full","name":"Full","description":null,"quantity":3}"#,
        ),
        good(
            "Conference/c1",
            4,
            "ConferencePublished",
            1,
            r#"{"conference_id":"c1"}"#,
        ),
        good(
            "Conference/c1",
            9,
            "ConferencePublished",
            1,
            r#"{"conference_id":"c1"}"#,
        ),
        good(
            "Conference/c1",
            2,
            "ConferencePublished",
            1,
            r#"{"conference_id":"c1"}"#,
        ),
    ];
    let log = d.join("bad.jsonl");
    // A line that is not even text comes last: it is one more bad line, not the end of reading.
    let mut bytes = (lines.join("\n") + "\n").into_bytes();
    bytes.extend_from_slice(b"{\"stream\":\"Conference/c\xff\"}\n");
    bytes.extend_from_slice(lines[0].replace("c1", "c2").as_bytes());
    std::fs::write(&log, bytes).unwrap();
    let source = log.to_str().unwrap();
    let out = gwt(&["verify-migration", "--from", source]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    for expected in [
        format!("{source}:2: not a stored event"),
        format!("{source}:3: ConferenceTeleported version 1: unknown event type `ConferenceTeleported`"),
        format!("{source}:4: SeatCreated version 7: `SeatCreated` has no version 7 (known: 1, 2)"),
        format!("{source}:5: SeatCreated version 1:"),
        format!("{source}:6: Conference/c1 #4 comes after #4: a repeat (expected #5)"),
        format!("{source}:7: Conference/c1 jumps from #4 to #9: a gap (expected #5)"),
        format!("{source}:8: Conference/c1 #2 comes after #9: a stream's events out of order (expected #10)"),
        format!("{source}:9: not UTF-8 text (byte 24 is not part of a character)"),
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
    assert!(report.contains(": 10 events read"), "{report}");
    let published: Vec<&str> = report
        .lines()
        .find(|l| l.trim_start().starts_with("ConferencePublished"))
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default();
    assert_eq!(
        published,
        ["ConferencePublished", "1", "5", "3", "2"],
        "{report}"
    );

    let out = gwt(&["verify-migration", "--from", source, "--max-errors", "2"]);
    let report = text(&out);
    assert!(report.contains("stopped at --max-errors"), "{report}");
    assert!(!report.contains(&format!("{source}:4:")), "{report}");

    let out = gwt(&["verify-migration", "--from", "/nonexistent/log.jsonl"]);
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
        assert_eq!(one.stopped_early, max_errors == 3, "{}", one.render("log"));
        let (as_it_runs, _) = verify::<ConferenceContext>(log.as_bytes(), "log", &options, None);
        assert_eq!(as_it_runs.render("log"), one.render("log"));
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
                parallel.render("log"),
                one.render("log"),
                "{readers} readers"
            );
        }
    }
}

#[test]
fn the_bench_prints_one_core_against_the_baseline_the_tool_as_it_runs_parsing_and_peak_memory() {
    let d = dir("bench");
    let log = export(&d, "40");
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
}
