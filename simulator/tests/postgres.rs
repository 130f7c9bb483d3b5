//! PostgreSQL for real: a mixed-version log loaded with `gwt load` (COPY) verifies from the
//! database with the same report as from the file; reading never writes; a bad row is reported
//! with its key; a database that is not there is unreadable input. The server comes from
//! `GWT_POSTGRES_URL` (`.ci/run` starts one); without it the test fails under `CI=true` and says
//! loudly that it did not run otherwise.

use domain::conference::{ConferenceContext, ConferenceEvent};
use domain::kernel::Text;
use std::process::{Command, Output};

fn server() -> Option<Text> {
    match std::env::var("GWT_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url.into()),
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v.is_empty() || v == "false"),
                "CI needs PostgreSQL: GWT_POSTGRES_URL is not set"
            );
            eprintln!(
                "\n*** PostgreSQL tests DID NOT RUN: set GWT_POSTGRES_URL (see .ci/run) ***\n"
            );
            None
        }
    }
}

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

/// A fresh database on the server, and its URL.
fn fresh_database(server: &str, name: &str) -> String {
    let mut client =
        postgres::Client::connect(server, postgres::NoTls).expect("the server answers");
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let base = server.rsplit_once('/').map_or(server, |(b, _)| b);
    format!("{base}/{name}")
}

fn count(url: &str) -> i64 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .query_one("SELECT count(*) FROM events", &[])
        .unwrap()
        .get(0)
}

#[test]
fn a_mixed_log_verifies_the_same_from_the_file_and_from_postgres() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, &format!("gwt_verify_{}", std::process::id()));
    let dir = std::env::temp_dir().join(format!("gwt-pg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("log.jsonl");
    let out = gwt(&[
        "simulate",
        "--histories",
        "80",
        "--export",
        log.to_str().unwrap(),
        "--versions",
        "mixed",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let rows = count(&url);
    assert_eq!(
        rows as usize,
        std::fs::read_to_string(&log).unwrap().lines().count()
    );

    let from_file = gwt(&["verify-migration", "--from", log.to_str().unwrap()]);
    let from_db = gwt(&["verify-migration", "--from", &url]);
    assert_eq!(from_db.status.code(), Some(0), "{}", text(&from_db));
    let body = |o: &Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&from_db), body(&from_file), "the reports differ");
    assert!(!text(&from_db).contains(":gwt@"), "the password is printed");
    assert_eq!(count(&url), rows, "reading wrote to the store");

    // A bad row is reported with its key and makes the input unreadable.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "INSERT INTO events VALUES ('Conference', 'zz-bad', 1, 'SeatCreated', '9.0.0', '{}', '{\"recorded_at\":\"2026-01-05T09:00:00Z\"}')",
        )
        .unwrap();
    // So are payloads that do not fit, in the current form and in an older one (read on the
    // reading thread, reported by the replay).
    client
        .batch_execute(
            "INSERT INTO events VALUES
             ('Conference', 'zz-bad2', 1, 'ConferencePublished', '1', '{\"conference_id\": 5}', '{\"recorded_at\":\"2026-01-05T09:00:00Z\"}'),
             ('Conference', 'zz-bad3', 1, 'SeatCreated', '1', '{\"conference_id\":\"zz-bad3\",\"seat_type\":\"s\",\"name\":\"S\",\"description\":null,\"quantity\":3}', '{\"recorded_at\":\"2026-01-05T09:00:00Z\"}')",
        )
        .unwrap();
    let out = gwt(&["verify-migration", "--from", &url]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    for expected in [
        "row Conference/zz-bad#1: SeatCreated version 9",
        "row Conference/zz-bad2#1: ConferencePublished version 1: `ConferencePublished` does not fit: found the number 5 where text was expected",
        "row Conference/zz-bad3#1: SeatCreated version 1:",
    ] {
        assert!(report.contains(expected), "missing `{expected}` in:\n{report}");
    }
    assert!(report.contains("price_cents"), "{report}");
}

#[test]
fn a_database_without_an_events_table_says_so() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, &format!("gwt_empty_{}", std::process::id()));
    let out = gwt(&["verify-migration", "--from", &url]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("cannot read the events table")
            && text(&out).contains("relation \"events\" does not exist"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_database_that_is_not_there_is_unreadable_input() {
    let Some(server) = server() else { return };
    let base = server
        .rsplit_once('/')
        .map_or(server.as_str(), |(b, _)| b)
        .to_string();
    let out = gwt(&[
        "verify-migration",
        "--from",
        &format!("{base}/gwt_no_such_database"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("cannot connect"), "{}", text(&out));
}

#[test]
fn a_database_that_goes_away_mid_read_ends_the_reading_with_how_far_it_got() {
    use simulator::migration::Read;
    let Some(server) = server() else { return };
    let name = format!("gwt_away_{}", std::process::id());
    let url = fresh_database(&server, &name);
    let dir = std::env::temp_dir().join(format!("gwt-pg-away-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("log.jsonl");
    let out = gwt(&[
        "simulate",
        "--histories",
        "3000",
        "--export",
        log.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let page = simulator::postgres::PAGE as i64;
    assert!(
        count(&url) > 4 * page,
        "the log must span more pages than the reader reads ahead"
    );

    let client = simulator::postgres::connect(&url).unwrap();
    let reader = simulator::migration::stored_reader::<ConferenceContext>();
    let mut reads = simulator::postgres::events::<ConferenceEvent>(client, &url, reader).unwrap();
    let mut events = 0;
    for _ in 0..page {
        assert!(matches!(reads.next(), Some(Read::Event(..))));
        events += 1;
    }
    // The server ends every other session on the database: the reader's included.
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&name],
        )
        .unwrap();
    // What was read ahead before the end still arrives, then the error, which counts it all.
    let mut ending = None;
    for read in reads.by_ref() {
        match read {
            Read::Event(..) => events += 1,
            other => {
                ending = Some(other);
                break;
            }
        }
    }
    assert!(
        (events as i64) < count(&url),
        "the reading went on after the database was gone"
    );
    match ending {
        Some(Read::Fatal(why)) => assert!(
            why.contains(&format!("stopped answering after {events} rows")),
            "{why}"
        ),
        _ => panic!("the reading did not end with an error"),
    }
    assert!(
        reads.next().is_none(),
        "nothing more is read once the database is gone"
    );
}
