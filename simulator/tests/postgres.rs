//! PostgreSQL for real: a mixed-version log loaded with `gwt load` (COPY) verifies from the
//! database with the same report as from the file; reading never writes; a bad row is reported
//! with its key; a database that is not there is unreadable input. The server comes from
//! `GWT_POSTGRES_URL` (`.ci/run` starts one); without it the test fails under `CI=true` and says
//! loudly that it did not run otherwise.

mod common;

use common::conference_event;
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
            // Written to standard error itself: the test harness keeps what `eprintln!` says
            // for the tests that fail, and these pass. Once for the whole file.
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                use std::io::Write;
                let _ = std::io::stderr().write_all(
                    b"\n*** PostgreSQL tests DID NOT RUN: set GWT_POSTGRES_URL (see .ci/run) ***\n\n",
                );
            });
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

/// A report without its first line, which names the source, and the line that says in what
/// order a table was read.
fn body(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("rows read "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A mixed-version log of `histories` histories of `domain`, exported and loaded with `gwt load`
/// into a fresh database named after `name`: the database's URL and the log.
fn exported_and_loaded(
    server: &str,
    domain: &str,
    histories: &str,
    name: &str,
) -> (String, std::path::PathBuf) {
    let url = fresh_database(server, &format!("gwt_{name}_{}", std::process::id()));
    let dir = std::env::temp_dir().join(format!("gwt-pg-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("log.jsonl");
    let out = gwt(&[
        "simulate",
        "--domain",
        domain,
        "--histories",
        histories,
        "--export",
        log.to_str().unwrap(),
        "--versions",
        "mixed",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    (url, log)
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
    let (url, log) = exported_and_loaded(&server, "conference", "80", "verify");
    let rows = count(&url);
    assert_eq!(
        rows as usize,
        std::fs::read_to_string(&log).unwrap().lines().count()
    );

    let from_file = gwt(&["verify-migration", "--from", log.to_str().unwrap()]);
    let from_db = gwt(&["verify-migration", "--from", &url]);
    assert_eq!(from_db.status.code(), Some(0), "{}", text(&from_db));
    assert_eq!(body(&from_db), body(&from_file), "the reports differ");
    assert!(text(&from_db).contains("rows read in the order they were recorded"));
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
    let (mut reads, _) =
        simulator::postgres::events::<ConferenceEvent>(client, &url, reader).unwrap();
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

/// A row of the events table, as SQL values.
fn row(id: &str, sequence: &str, version: &str, metadata: &str) -> String {
    let (event_type, payload) = conference_event(id, sequence.parse().unwrap_or(2));
    format!(
        "('Conference', '{id}', {sequence}, '{event_type}', {version}, '{payload}', {metadata})"
    )
}

const RECORDED: &str = r#"'{"recorded_at":"2026-01-05T09:00:00Z"}'"#;

#[test]
fn a_table_of_another_schema_reads_if_it_can_and_is_refused_once_by_its_column_if_not() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, &format!("gwt_schema_{}", std::process::id()));
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    // Integers of another width read as bigints do.
    client
        .batch_execute(&format!(
            "CREATE TABLE events (aggregate_type text, aggregate_id text, sequence int, \
             event_type text, event_version int, payload json, metadata json);
             INSERT INTO events VALUES {}, {}",
            row("c1", "1", "1", RECORDED),
            row("c1", "2", "1", RECORDED),
        ))
        .unwrap();
    let out = gwt(&["verify-migration", "--from", &url]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("2 events read") && said.contains("clean"),
        "{said}"
    );

    // A type that does not read as a position is refused once, by the column's name.
    client
        .batch_execute("ALTER TABLE events ALTER COLUMN sequence TYPE numeric")
        .unwrap();
    let out = gwt(&["verify-migration", "--from", &url]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "the events table's column `sequence` is of type numeric; expected bigint (or \
             integer, smallint)"
        ),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
}

#[test]
fn bad_rows_say_which_column_is_wrong_and_how_and_the_report_counts_rows() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, &format!("gwt_rows_{}", std::process::id()));
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE TABLE events (aggregate_type text, aggregate_id text, sequence bigint, \
             event_type text, event_version text, payload json, metadata json);
             INSERT INTO events VALUES {}",
            [
                row("c0", "0", "'1'", RECORDED),
                row("c0", "1", "'1'", RECORDED),
                row("c1", "NULL", "'1'", RECORDED),
                row("c2", "1", "NULL", RECORDED),
                row("c3", "1", "'1.x'", RECORDED),
                row("c4", "1", "' 1'", RECORDED),
                row("c5", "1", "'1'", r#"'{"recorded_at":5}'"#),
                row("c6", "1", "'1'", r#"'{"recorded_at":"nope"}'"#),
                row("c7", "1", "'1'", r#"'{"at":"2026-01-05T09:00:00Z"}'"#),
                // A json column keeps a key given twice; which one counts cannot be told.
                row(
                    "c8",
                    "1",
                    "'1'",
                    r#"'{"recorded_at":"2026-01-05T09:00:00Z","recorded_at":"2031-01-01T00:00:00Z"}'"#,
                ),
                row(
                    "c9",
                    "1",
                    "'1'",
                    r#"'{"recorded_at":5,"recorded_at":"2026-01-05T09:00:00Z"}'"#,
                ),
                row(
                    "c10",
                    "1",
                    "'1'",
                    r#"'{"recorded_at":"2026-01-05T09:00:00Z","position":1,"position":2}'"#,
                ),
                // Read as version 2 before, and counted under it.
                row("c11", "1", "'1.1'", RECORDED),
                // The column counted in characters: `日` is three bytes.
                row(
                    "c12",
                    "1",
                    "'1'",
                    r#"'{"note":"日本語","recorded_at":"2026-01-05T09:00:00Z","recorded_at":"2031-01-01T00:00:00Z"}'"#,
                ),
                row(
                    "c13",
                    "1",
                    "'1'",
                    r#"'{"recorded_at":"2026-01-05T09:00:00.12345678987654321Z"}'"#,
                ),
            ]
            .join(", ")
        ))
        .unwrap();
    let out = gwt(&["verify-migration", "--from", &url]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    for expected in [
        "15 rows read, 2 of them stored events (13 not)",
        "row Conference/c0#0: Conference/c0 position 0: a stream's positions start at 1",
        "row Conference/c1#NULL: `sequence` is NULL (expected a whole number)",
        "row Conference/c2#1: `event_version` is NULL",
        "row Conference/c3#1: `event_version` \"1.x\" is not a version (expected a whole number such as \"2\", or \"2.0\" or \"2.0.0\")",
        "row Conference/c4#1: `event_version` \" 1\" is not a version",
        "row Conference/c5#1: the metadata's `recorded_at` is 5, not text",
        "row Conference/c6#1: the metadata's `recorded_at` \"nope\" is not an instant: a character out of place",
        "row Conference/c7#1: the metadata has no `recorded_at`",
        "row Conference/c8#1: the metadata gives `recorded_at` twice, at column 51 of the metadata",
        "row Conference/c9#1: the metadata gives `recorded_at` twice",
        "row Conference/c10#1: the metadata gives `position` twice",
        "row Conference/c11#1: `event_version` \"1.1\" has a minor or patch number other than 0, \
         and a stored form's version is its major number alone: no upcaster reads \"1.1\" \
         (expected \"1\", \"1.0\" or \"1.0.0\")",
        "row Conference/c12#1: the metadata gives `recorded_at` twice, at column 64 of the metadata",
        "row Conference/c13#1: the metadata's `recorded_at` \"2026-01-05T09:00:00.12345678987654321Z\" \
         is not an instant: its fraction of a second has 17 digits",
    ] {
        assert!(said.contains(expected), "missing `{expected}` in:\n{said}");
    }
    assert!(
        !said.contains("repeat") && !said.contains("lines"),
        "{said}"
    );
    assert!(!said.contains("not a JSON object"), "{said}");
}

#[test]
fn a_connection_that_fails_says_why() {
    let Some(server) = server() else { return };
    let Ok(config) = server.parse::<postgres::Config>() else {
        panic!("GWT_POSTGRES_URL is not a URL")
    };
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => return,
    };
    // A port nobody listens on: the cause is said, not only "error connecting to server".
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let out = gwt(&[
        "verify-migration",
        "--from",
        &format!("postgres://u:p@127.0.0.1:{port}/db"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("Connection refused"), "{}", text(&out));
    let out = gwt(&[
        "verify-migration",
        "--from",
        &format!("postgres://{host}:5433/db"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("names no user: write postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
        "{}",
        text(&out)
    );
}

#[test]
fn load_reads_what_verify_reads_and_names_the_line_it_stopped_at() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, &format!("gwt_load_{}", std::process::id()));
    let dir = std::env::temp_dir().join(format!("gwt-pg-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let line = |id: &str, seq: u64| {
        let (event_type, payload) = conference_event(id, seq);
        format!(
            r#"{{"stream":"Conference/{id}","sequence":{seq},"event_type":"{event_type}","event_version":1,"payload":{payload},"recorded_at":"2026-01-05T09:00:00Z"}}"#
        )
    };
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    // A byte order mark, as verify-migration reads it.
    let bom = write(
        "bom.jsonl",
        format!("\u{feff}{}\n{}\n", line("c1", 1), line("c1", 2)),
    );
    let out = gwt(&["verify-migration", "--from", &bom]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = gwt(&["load", "--to", &url, "--from", &bom]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(count(&url), 2);

    // A row the server refuses is named by the file's line, blank lines counted.
    let again = write(
        "again.jsonl",
        format!(
            "{}\n\n{}\n{}\n",
            line("c2", 1),
            line("c1", 2),
            line("c2", 2)
        ),
    );
    let out = gwt(&["load", "--to", &url, "--from", &again]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.starts_with("gwt load: "), "{said}");
    assert!(
        said.contains(&format!("{again}:3: the database refused the row"))
            && said.contains("already exists")
            && said.contains("nothing was copied"),
        "{said}"
    );
    assert_eq!(count(&url), 2, "part of a refused load was written");

    // A line that is not a stored event is named by its line in the file, not the JSON's own.
    let spoilt = write(
        "spoilt.jsonl",
        format!(
            "{}\n\n{}\n",
            line("c3", 1),
            line("c3", 2).replace("\"payload\":", "\"payload\":x")
        ),
    );
    let out = gwt(&["load", "--to", &url, "--from", &spoilt]);
    let said = text(&out);
    assert!(
        said.contains(&format!("{spoilt}:3: not JSON at column 103")),
        "{said}"
    );
    assert!(!said.contains("line 1"), "{said}");
    let huge = write(
        "huge.jsonl",
        line("c4", 1).replace("\"sequence\":1,", "\"sequence\":9223372036854775808,"),
    );
    let said = text(&gwt(&["load", "--to", &url, "--from", &huge]));
    assert!(
        said.contains(&format!(
            "{huge}:1: sequence 9223372036854775808 is more than"
        )),
        "{said}"
    );
    assert_eq!(count(&url), 2);

    // Its errors are its own, and `-` is standard input.
    let said = text(&gwt(&[
        "load",
        "--to",
        &url,
        "--from",
        "/nonexistent/log.jsonl",
    ]));
    assert!(
        said.starts_with("gwt load: cannot read /nonexistent/log.jsonl"),
        "{said}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["load", "--to", &url, "--from", "-"])
        .stdin(std::fs::File::open(write("stdin.jsonl", line("c5", 1))).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(count(&url), 3);
}

#[test]
fn load_copies_each_payload_as_written_and_a_version_written_as_text() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, &format!("gwt_load_text_{}", std::process::id()));
    let dir = std::env::temp_dir().join(format!("gwt-pg-load-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A key given twice and a number a float would round: verify refuses both, so the table
    // must hold them as the log does for verify to see them there too.
    let payload =
        r#"{"conference_id":"c1","conference_id":"c2","n":597.000000000000000000000000001}"#;
    let log = dir.join("log.jsonl");
    std::fs::write(
        &log,
        format!(
            r#"{{"stream":"Conference/c1","sequence":1,"event_type":"ConferencePublished","event_version":"1","payload":{payload},"recorded_at":"2026-01-05T09:00:00Z"}}"#
        ) + "\n",
    )
    .unwrap();
    let out = gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let row = client
        .query_one("SELECT payload::text, event_version FROM events", &[])
        .unwrap();
    assert_eq!(row.get::<_, String>(0), payload);
    assert_eq!(row.get::<_, String>(1), "1");
}

/// The store's checks depend on the order of events across streams (a mail is asked for after
/// its payment): read by key, every Mail stream would come before its Order and Payment ones.
/// The table keeps the log's order as `gwt load` recorded it (and indexed it); a table that keeps
/// none is read by key, and the report says what that may change. A second log loaded comes
/// after the first.
#[test]
fn a_table_is_read_in_the_order_its_log_was_recorded_and_by_key_only_when_it_keeps_none() {
    let Some(server) = server() else { return };
    let (url, log) = exported_and_loaded(&server, "store", "60", "order");
    let dir = log.parent().unwrap().to_path_buf();

    let from_file = gwt(&[
        "verify-migration",
        "--domain",
        "store",
        "--from",
        log.to_str().unwrap(),
    ]);
    let from_db = gwt(&["verify-migration", "--domain", "store", "--from", &url]);
    assert_eq!(from_file.status.code(), Some(0), "{}", text(&from_file));
    assert_eq!(from_db.status.code(), Some(0), "{}", text(&from_db));
    assert_eq!(body(&from_db), body(&from_file), "the reports differ");
    assert!(
        text(&from_db).contains("rows read in the order they were recorded (metadata.position"),
        "{}",
        text(&from_db)
    );

    // Positions the rows keep order the reading, not their keys: the first row by key, last.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let positions = |client: &mut postgres::Client| -> Vec<i64> {
        client
            .query(
                "SELECT (metadata->>'position')::bigint FROM events \
                 ORDER BY aggregate_type, aggregate_id, sequence",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let first = positions(&mut client);
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(sorted, (1..=first.len() as i64).collect::<Vec<_>>());
    // A second log (another domain's streams cannot clash with these keys: the store's own log
    // with its streams renamed) comes after the first.
    let renamed = dir.join("renamed.jsonl");
    std::fs::write(
        &renamed,
        std::fs::read_to_string(&log)
            .unwrap()
            .replace("-h", "-second-h"),
    )
    .unwrap();
    let out = gwt(&["load", "--to", &url, "--from", renamed.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let all = positions(&mut client);
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        (1..=all.len() as i64).collect::<Vec<_>>(),
        "positions repeat"
    );

    // A row written since by another system, without a position, is read after the others, and
    // the report says so.
    let key = "(aggregate_type, aggregate_id, sequence) = (SELECT aggregate_type, aggregate_id, \
               sequence FROM events ORDER BY 1, 2, 3 LIMIT 1)";
    let kept: String = client
        .query_one(
            &format!("SELECT metadata::text FROM events WHERE {key}"),
            &[],
        )
        .unwrap()
        .get(0);
    client
        .batch_execute(&format!(
            "UPDATE events SET metadata = json_build_object('recorded_at', metadata->>'recorded_at') \
             WHERE {key}"
        ))
        .unwrap();
    let said = text(&gwt(&[
        "verify-migration",
        "--domain",
        "store",
        "--from",
        &url,
    ]));
    assert!(
        said.contains(
            "rows read in the order they were recorded (metadata.position, as gwt load keeps a \
             log's order), then 1 row without one, stream by stream (by key)"
        ),
        "{said}"
    );
    client
        .execute(
            &format!("UPDATE events SET metadata = $1::text::json WHERE {key}"),
            &[&kept],
        )
        .unwrap();

    // A row another writer gave a position that is no whole number refuses the next load (the
    // index could not be kept) before anything is copied, saying why.
    let before = count(&url);
    client
        .batch_execute(&format!(
            "DROP INDEX events_recorded_order; INSERT INTO events VALUES {}",
            row(
                "odd",
                "1",
                "'1'",
                r#"'{"recorded_at":"2026-01-05T09:00:00Z","position":"x"}'"#
            )
        ))
        .unwrap();
    let third = dir.join("third.jsonl");
    std::fs::write(
        &third,
        std::fs::read_to_string(&log)
            .unwrap()
            .replace("-h", "-third-h"),
    )
    .unwrap();
    let out = gwt(&["load", "--to", &url, "--from", third.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains(
            "1 rows of the events table keep a `position` in their metadata that is not a whole \
             number"
        ),
        "{}",
        text(&out)
    );
    assert_eq!(count(&url), before + 1, "the refused load copied rows");
    client
        .batch_execute("DELETE FROM events WHERE aggregate_id = 'odd'")
        .unwrap();

    // A table that keeps no order (a deployment's own: no positions, no index on them) is read
    // by key, and the report says what that may change.
    client
        .batch_execute(
            "UPDATE events SET metadata = json_build_object('recorded_at', metadata->>'recorded_at')",
        )
        .unwrap();
    let by_key = gwt(&["verify-migration", "--domain", "store", "--from", &url]);
    let said = text(&by_key);
    assert!(
        said.contains(
            "rows read stream by stream (by key): the table records no order across streams"
        ),
        "{said}"
    );
    assert!(
        said.contains("MailRequested happened before PaymentCompleted"),
        "{said}"
    );
}

/// A jsonb column refuses what json holds (`\u0000`, a lone surrogate); the server's context
/// names the line within the JSON before the COPY's row, and the row is the file's line.
#[test]
fn load_names_the_line_a_jsonb_table_refuses() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, &format!("gwt_load_jsonb_{}", std::process::id()));
    let dir = std::env::temp_dir().join(format!("gwt-pg-load-jsonb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "CREATE TABLE events (aggregate_type text NOT NULL, aggregate_id text NOT NULL,
             sequence bigint NOT NULL, event_type text NOT NULL, event_version text NOT NULL,
             payload jsonb NOT NULL, metadata jsonb NOT NULL,
             PRIMARY KEY (aggregate_type, aggregate_id, sequence))",
        )
        .unwrap();
    let line = |seq: u64, id: &str| {
        format!(
            r#"{{"stream":"Conference/c1","sequence":{seq},"event_type":"ConferencePublished","event_version":1,"payload":{{"conference_id":"{id}"}},"recorded_at":"2026-01-05T09:00:00Z"}}"#
        )
    };
    for (name, id) in [("nul", r"a\u0000b"), ("surrogate", r"a\ud800b")] {
        let log = dir.join(format!("{name}.jsonl"));
        std::fs::write(
            &log,
            format!("{}\n{}\n\n{}\n", line(1, "c1"), line(2, "c1"), line(3, id)),
        )
        .unwrap();
        let out = gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!(
                "{}:4: the database refused the row",
                log.display()
            )),
            "{said}"
        );
        assert_eq!(count(&url), 0, "part of a refused load was written");
    }
}

/// Metadata beyond what the tool keeps (`recorded_at`, `position`) goes into the migrated copy
/// as the line's `metadata`, and `gwt load` puts a line's `metadata` back into the column: a store
/// migrated through the copy keeps its correlation and causation ids.
#[test]
fn metadata_goes_into_the_migrated_copy_and_back_into_the_table() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, &format!("gwt_meta_{}", std::process::id()));
    let again = fresh_database(&server, &format!("gwt_meta_again_{}", std::process::id()));
    let dir = std::env::temp_dir().join(format!("gwt-pg-meta-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE TABLE events (aggregate_type text, aggregate_id text, sequence bigint, \
             event_type text, event_version text, payload json, metadata json);
             INSERT INTO events VALUES {}, {}",
            row(
                "c1",
                "1",
                "'1'",
                r#"'{"recorded_at":"2026-01-05T09:00:00Z","correlation_id":"k1","causation_id":{"id":[1, 2]}}'"#
            ),
            row("c1", "2", "'1'", RECORDED),
        ))
        .unwrap();
    let copy = dir.join("copy.jsonl");
    let out = gwt(&[
        "verify-migration",
        "--from",
        &url,
        "--write-migrated",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let written = std::fs::read_to_string(&copy).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert!(
        lines[0].ends_with(r#","metadata":{"correlation_id":"k1","causation_id":{"id":[1, 2]}}}"#),
        "{written}"
    );
    assert!(!lines[1].contains("metadata"), "{written}");

    let out = gwt(&["load", "--to", &again, "--from", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let mut client = postgres::Client::connect(&again, postgres::NoTls).unwrap();
    let rows: Vec<String> = client
        .query("SELECT metadata::text FROM events ORDER BY sequence", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        rows,
        [
            r#"{"position":1,"recorded_at":"2026-01-05T09:00:00Z","correlation_id":"k1","causation_id":{"id":[1, 2]}}"#,
            r#"{"position":2,"recorded_at":"2026-01-05T09:00:00Z"}"#,
        ]
    );
}
