//! PostgreSQL for real: a mixed-version log loaded with `gwt load` (COPY) verifies from the
//! database with the same report as from the file; reading never writes; a bad row is reported
//! with its key; a database that is not there is unreadable input. The server comes from
//! `GWT_POSTGRES_URL` (`.ci/run` starts one); without it the test fails under `CI=true` and says
//! loudly that it did not run otherwise.

mod common;

use common::{conference_event, conference_line, export_mixed, stored, text};
use domain::conference::{ConferenceContext, ConferenceEvent};
use domain::kernel::Text;
use std::process::{Command, Output};
use tempfile::TempDir;

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
    gwt_with(args, &[])
}

/// libpq's variables, which gwt reads for what a source leaves out: none is taken from the
/// environment the tests run in, and no password file from its home.
const LIBPQ_VARIABLES: [&str; 11] = [
    "PGUSER",
    "PGPASSWORD",
    "PGDATABASE",
    "PGHOST",
    "PGPORT",
    "PGPASSFILE",
    "PGSSLMODE",
    "PGSSLROOTCERT",
    "PGSSLCERT",
    "PGSSLKEY",
    "PGCONNECT_TIMEOUT",
];

/// gwt run with only the libpq variables given.
fn gwt_with(args: &[&str], variables: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gwt"));
    for name in LIBPQ_VARIABLES {
        command.env_remove(name);
    }
    command
        .env("PGPASSFILE", "/nonexistent/gwt-test-pgpass")
        .envs(variables.iter().copied())
        .args(args)
        .output()
        .expect("gwt runs")
}

/// A fresh database `gwt_{name}_{process}` on the server, and its URL.
fn fresh_database(server: &str, name: &str) -> String {
    let name = format!("gwt_{name}_{}", std::process::id());
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

/// A fresh database (see [`fresh_database`]) and a fresh folder `gwt-pg-{name}-…` (see
/// [`scratch`]).
fn fresh_database_and_folder(server: &str, name: &str) -> (String, TempDir) {
    let url = fresh_database(server, name);
    (url, scratch(&format!("gwt-pg-{name}-")))
}

/// A folder of the test's own, its name starting with `prefix`, removed when dropped: at the end
/// of the test, pass or fail.
fn scratch(prefix: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("a temporary folder")
}

/// `gwt verify-migration --from from`, then `more`.
fn verify_from(from: &str, more: &[&str]) -> Output {
    gwt(&[&["verify-migration", "--from", from], more].concat())
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
/// into a fresh database named after `name`: the database's URL, the log, and the folder that
/// holds it (the log goes when it is dropped).
fn exported_and_loaded(
    server: &str,
    domain: &str,
    histories: &str,
    name: &str,
) -> (String, std::path::PathBuf, TempDir) {
    let (url, log, tmp) = exported(server, domain, histories, name);
    let out = gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    (url, log, tmp)
}

/// A mixed-version log of `histories` histories of `domain`, exported beside a fresh database
/// named after `name`, not loaded: the database's URL, the log, and the folder that holds it.
fn exported(
    server: &str,
    domain: &str,
    histories: &str,
    name: &str,
) -> (String, std::path::PathBuf, TempDir) {
    let (url, tmp) = fresh_database_and_folder(server, name);
    let log = tmp.path().join("log.jsonl");
    let out = gwt(&export_mixed(domain, histories, log.to_str().unwrap()));
    assert!(out.status.success(), "{}", text(&out));
    (url, log, tmp)
}

fn count(url: &str) -> i64 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .query_one("SELECT count(*) FROM events", &[])
        .unwrap()
        .get(0)
}

/// The `events` table as postgres-es makes it, its payload and metadata of type `json` or `jsonb`.
fn postgres_es_table(json: &str) -> String {
    format!(
        "CREATE TABLE events (aggregate_type text NOT NULL, aggregate_id text NOT NULL,
         sequence bigint NOT NULL, event_type text NOT NULL, event_version text NOT NULL,
         payload {json} NOT NULL, metadata {json} NOT NULL,
         PRIMARY KEY (aggregate_type, aggregate_id, sequence))"
    )
}

#[test]
fn a_mixed_log_verifies_the_same_from_the_file_and_from_postgres() {
    let Some(server) = server() else { return };
    let (url, log, _dir) = exported_and_loaded(&server, "conference", "80", "verify");
    let rows = count(&url);
    assert_eq!(
        rows as usize,
        std::fs::read_to_string(&log).unwrap().lines().count()
    );

    let from_file = verify_from(log.to_str().unwrap(), &[]);
    let from_db = verify_from(&url, &[]);
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
    let out = verify_from(&url, &[]);
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
    let url = fresh_database(&server, "empty");
    let out = verify_from(&url, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("cannot read the events table")
            && text(&out).contains("relation \"events\" does not exist")
            && text(&out).contains(
                "; expected postgres-es's `events` table in a schema of the search path \
                 (\"$user\", public), or a database that holds it"
            ),
        "{}",
        text(&out)
    );
    // A URL that names no database is connected to the user's, whose name was left unsaid:
    // the error says where the table was looked for (the review's L5).
    let unnamed = match url.rsplit_once('/') {
        Some((server, _database)) => server.to_string(),
        None => url.clone(),
    };
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let user: String = client.query_one("SELECT current_user", &[]).unwrap().get(0);
    let has_events: bool = postgres::Client::connect(&unnamed, postgres::NoTls)
        .unwrap()
        .query_one("SELECT to_regclass('events') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    if !has_events {
        let said = text(&verify_from(&unnamed, &[]));
        assert!(
            said.contains("relation \"events\" does not exist")
                && said.contains(&format!("database {user} (the user's name), user {user})")),
            "{said}"
        );
    }
    // A table without a column postgres-es writes is told the columns expected.
    client
        .batch_execute("CREATE TABLE events (aggregate_type text, aggregate_id text)")
        .unwrap();
    let said = text(&verify_from(&url, &[]));
    assert!(
        said.contains(
            "; expected the columns postgres-es writes: aggregate_type, aggregate_id, sequence, \
             event_type, event_version, payload, metadata"
        ),
        "{said}"
    );
}

/// A load whose standard output cannot be written (`> /dev/full`) has committed its rows: it
/// says so beside the failure, where it said only that it could not write.
#[test]
fn a_load_whose_output_fails_says_its_rows_are_committed() {
    let Some(server) = server() else { return };
    let (url, log, _tmp) = exported(&server, "conference", "3", "load_full");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["load", "--to", &url, "--from", log.to_str().unwrap()])
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let rows = std::fs::read_to_string(&log).unwrap().lines().count();
    assert!(
        err.contains(&format!("{rows} events copied into "))
            && err.contains("(committed), but cannot write to standard output"),
        "{err}"
    );
    assert_eq!(count(&url), rows as i64);
}

#[test]
fn a_database_that_is_not_there_is_unreadable_input() {
    let Some(server) = server() else { return };
    let base = server
        .rsplit_once('/')
        .map_or(server.as_str(), |(b, _)| b)
        .to_string();
    let out = verify_from(&format!("{base}/gwt_no_such_database"), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("cannot connect"), "{}", text(&out));
}

#[test]
fn a_database_that_goes_away_mid_read_ends_the_reading_with_how_far_it_got() {
    use simulator::migration::Read;
    let Some(server) = server() else { return };
    let (url, tmp) = fresh_database_and_folder(&server, "away");
    let dir = tmp.path();
    let name = format!("gwt_away_{}", std::process::id());
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
    let mut last = String::new();
    let mut count_in = |read: Option<Read<ConferenceEvent>>| match read {
        Some(Read::Event(_, stored)) => {
            events += 1;
            last = format!("{}#{}", stored.stream, stored.sequence);
            None
        }
        other => Some(other),
    };
    for _ in 0..page {
        assert!(count_in(reads.next()).is_none());
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
        if let Some(other) = count_in(Some(read)) {
            ending = other;
            break;
        }
    }
    assert!(
        (events as i64) < count(&url),
        "the reading went on after the database was gone"
    );
    match ending {
        // The last row read named by its key and its place in the log's order.
        Some(Read::Fatal(why)) => assert!(
            why.contains(&format!(
                "stopped answering after {events} rows (the last read: row {last}, \
                 metadata.position {events}): "
            )),
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
    let url = fresh_database(&server, "schema");
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
    let out = verify_from(&url, &[]);
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
    let out = verify_from(&url, &[]);
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

    // Every column of the wrong type is named at once, not the first alone.
    client
        .batch_execute(
            "ALTER TABLE events ALTER COLUMN payload TYPE bytea \
             USING convert_to(payload::text, 'UTF8')",
        )
        .unwrap();
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "the events table's columns are not of the types postgres-es writes: `sequence` is \
             of type numeric, expected bigint (or integer, smallint); `payload` is of type \
             bytea, expected json (or jsonb, text)"
        ),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
}

#[test]
fn bad_rows_say_which_column_is_wrong_and_how_and_the_report_counts_rows() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, "rows");
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
                // No `recorded_at`, and a sequence no stored event has: not a stored event.
                row("c14", "-1", "'1'", "'{}'"),
            ]
            .join(", ")
        ))
        .unwrap();
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    for expected in [
        // c7 is a stored event whose metadata does not say when it was recorded: replayed,
        // and said once what that leaves unjudged.
        "16 rows read, 3 of them stored events (13 not)",
        "1 row gives no `recorded_at` in its metadata (the first: Conference/c7#1;",
        "row Conference/c14#-1: sequence -1 is negative",
        "row Conference/c0#0: Conference/c0 position 0: a stream's positions start at 1",
        "row Conference/c1#NULL: `sequence` is NULL (expected a whole number)",
        "row Conference/c2#1: `event_version` is NULL",
        "row Conference/c3#1: `event_version` \"1.x\" is not a version (expected a whole number such as \"2\", or \"2.0\" or \"2.0.0\")",
        "row Conference/c4#1: `event_version` \" 1\" is not a version",
        "row Conference/c5#1: the metadata's `recorded_at` is 5, not text",
        "row Conference/c6#1: the metadata's `recorded_at` \"nope\" is not an instant: a character out of place",
        "row Conference/c8#1: the metadata gives `recorded_at` twice, at column 51 of the metadata",
        "row Conference/c9#1: the metadata gives `recorded_at` twice",
        "row Conference/c10#1: the metadata gives `position` twice",
        "row Conference/c11#1: `event_version` \"1.1\" has a minor or patch number other than 0, \
         and a stored form's version is its major number alone: no upcaster reads \"1.1\" \
         (expected \"1\", \"1.0\" or \"1.0.0\")",
        "row Conference/c12#1: the metadata gives `recorded_at` twice, at column 64 of the metadata",
        "row Conference/c13#1: the metadata's `recorded_at` \"2026-01-05T09:00:00.12345678987654321Z\" \
         is finer than an instant holds: its fraction of a second has 17 digits, and an instant \
         holds nanoseconds at most (9 digits): the digits past the ninth would be lost; expected \
         at most nanoseconds, such as `2026-01-05T09:00:00.123456789Z`",
    ] {
        assert!(said.contains(expected), "missing `{expected}` in:\n{said}");
    }
    assert!(!said.contains("row Conference/c7#1"), "{said}");
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
    let out = verify_from(&format!("postgres://u:p@127.0.0.1:{port}/db"), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("Connection refused"), "{}", text(&out));
    let out = verify_from(&format!("postgres://{host}:5433/db"), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains(
            "names no user: write postgres://USER@HOST:PORT/DATABASE, or host=HOST port=PORT \
             user=USER dbname=DATABASE, or set PGUSER"
        ),
        "{}",
        text(&out)
    );
}

/// A port that answers, but not as PostgreSQL does (an HTTP server, given the wrong port), is
/// said so in plain words, by both commands: the driver's were `error communicating with the
/// server: bytes remaining on stream` (the review of 2026-12-06, F11). Needs no server.
#[test]
fn a_port_that_is_not_postgres_is_said_so_in_plain_words() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut client in listener.incoming().flatten() {
            let _ = client.read(&mut [0u8; 1024]);
            let _ = client.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            // Whatever else the client sent is read before the socket is closed: closed with
            // bytes unread, the system answers with a reset, which the client may see before
            // the answer above (the first read can return before a whole startup message came).
            let _ = client.shutdown(std::net::Shutdown::Write);
            let _ = client.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            while client.read(&mut [0u8; 1024]).is_ok_and(|n| n > 0) {}
        }
    });
    let dir = scratch("gwt-pg-not-postgres-");
    let log = dir.path().join("log.jsonl");
    std::fs::write(&log, conference_line("c1", 1) + "\n").unwrap();
    for sslmode in ["disable", "prefer"] {
        let url = format!("postgres://u:p@127.0.0.1:{port}/db?sslmode={sslmode}");
        for out in [
            verify_from(&url, &[]),
            gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]),
        ] {
            let said = text(&out);
            assert_eq!(out.status.code(), Some(2), "{said}");
            assert!(
                said.contains(&format!(
                    "/db?sslmode={sslmode}: the server at 127.0.0.1:{port} did not answer as \
                     PostgreSQL does (is this the right port?)"
                )),
                "{said}"
            );
            assert!(!said.contains("bytes remaining"), "{said}");
        }
    }
}

/// `url` through a proxy of the test's own that hangs up after passing on `bytes` of what the
/// server sends (past the session's start and into the rows); None when `url` names no TCP host.
fn through_a_proxy_that_hangs_up(url: &str, bytes: usize) -> Option<String> {
    use std::io::{Read, Write};
    let config: postgres::Config = url.parse().unwrap();
    let Some(postgres::config::Host::Tcp(host)) = config.get_hosts().first().cloned() else {
        return None;
    };
    let target = (host, config.get_ports().first().copied().unwrap_or(5432));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(upstream) = std::net::TcpStream::connect(target.clone()) else {
                return;
            };
            let (mut from_client, mut to_server) =
                (client.try_clone().unwrap(), upstream.try_clone().unwrap());
            std::thread::spawn(move || std::io::copy(&mut from_client, &mut to_server));
            let (mut from_server, mut to_client) = (upstream, client);
            let mut left = bytes;
            let mut buffer = [0u8; 8192];
            while left > 0 {
                let n = match from_server.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n.min(left),
                };
                if to_client.write_all(&buffer[..n]).is_err() {
                    break;
                }
                left -= n;
            }
            let _ = to_client.shutdown(std::net::Shutdown::Both);
            let _ = from_server.shutdown(std::net::Shutdown::Both);
        }
    });
    let (authority, rest) = url
        .split_once('@')
        .map(|(credentials, after)| {
            let path = after.find('/').unwrap_or(after.len());
            (credentials, &after[path..])
        })
        .unwrap();
    Some(format!("{authority}@127.0.0.1:{proxy}{rest}"))
}

/// A connection cut while rows come (a server stopped, a proxy or a network that hangs up) is
/// said in plain words: over TLS the driver's were `error communicating with the server: peer
/// closed connection without sending TLS close_notify: https://docs.rs/rustls/…` (the review of
/// 2026-12-06, F11). A proxy between gwt and the server hangs up after some of the rows.
#[test]
fn a_connection_closed_mid_read_is_said_in_plain_words() {
    let Some(server) = server() else { return };
    let (url, _, _dir) = exported_and_loaded(&server, "conference", "30", "cut_mid_read");
    let Some(through) = through_a_proxy_that_hangs_up(&url, 200_000) else {
        return;
    };
    let out = verify_from(&through, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(": the connection was closed by the server"),
        "{said}"
    );
    assert!(
        !said.contains("error communicating") && !said.contains("rustls"),
        "{said}"
    );
}

/// A connection cut in the middle of a page of rows: the rows that came before the cut are
/// read, and the error counts them exactly and names the last, by its key and its position in
/// the table's order. The page was fetched whole before, so the rows of a page cut short were
/// lost, and the count said was rounded down to a page (here, 0 rows).
#[test]
fn a_reading_cut_mid_page_counts_the_rows_read_exactly_and_names_the_last() {
    use simulator::migration::Read;
    let Some(server) = server() else { return };
    let (url, _, _dir) = exported_and_loaded(&server, "conference", "100", "cut_mid_page");
    let rows = count(&url);
    let Some(through) = through_a_proxy_that_hangs_up(&url, 200_000) else {
        return;
    };
    let client = simulator::postgres::connect(&through).unwrap();
    let reader = simulator::migration::stored_reader::<ConferenceContext>();
    let (reads, _) =
        simulator::postgres::events::<ConferenceEvent>(client, &through, reader).unwrap();
    let mut read = 0u64;
    let mut last = None;
    let mut ending = None;
    for r in reads {
        match r {
            Read::Event(_, stored) | Read::Undated(_, stored) => {
                read += 1;
                last = Some(format!("{}#{}", stored.stream, stored.sequence));
            }
            Read::Unreadable { .. } => panic!("every row of the table reads"),
            Read::Fatal(why) => ending = Some(why),
        }
    }
    let page = simulator::postgres::PAGE as u64;
    assert!(
        read > 0 && read < page && (read as i64) < rows,
        "{read} of {rows} rows read: the cut is not inside the first page"
    );
    let why = ending.expect("the reading ends with an error");
    // `gwt load` numbers the rows from 1 in the log's order, which the reading follows.
    let last = last.unwrap();
    assert!(
        why.contains(&format!(
            "after {read} rows (the last read: row {last}, metadata.position {read}): "
        )),
        "{why}"
    );
}

/// The one command that writes does not take the server's default database: a URL that names
/// none would have filled the user's (often the maintenance database), said only after the copy.
#[test]
fn load_into_a_source_that_names_no_database_is_refused_before_connecting() {
    let Some(server) = server() else { return };
    let (url, log, _tmp) = exported(&server, "conference", "2", "load_no_database");
    let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
    let log = log.to_str().unwrap();
    let out = gwt(&["load", "--to", base, "--from", log]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("names no database to fill: the server would take the user's name")
            && said.contains("nothing was copied"),
        "{said}"
    );
    // Verification, which only reads, takes the server's default as libpq does.
    let out = gwt(&["verify-migration", "--from", base]);
    assert!(!text(&out).contains("names no database"), "{}", text(&out));
    // PGDATABASE names it.
    let database = url.rsplit_once('/').unwrap().1;
    let out = gwt_with(
        &["load", "--to", base, "--from", log],
        &[("PGDATABASE", database)],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        count(&url),
        std::fs::read_to_string(log).unwrap().lines().count() as i64
    );
}

#[test]
fn load_reads_what_verify_reads_and_names_the_line_it_stopped_at() {
    let Some(server) = server() else { return };
    let (url, tmp) = fresh_database_and_folder(&server, "load");
    let dir = tmp.path();
    let line = conference_line;
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
    let out = verify_from(&bom, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = gwt(&["load", "--to", &url, "--from", &bom]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(count(&url), 2);
    postgres::Client::connect(&url, postgres::NoTls)
        .unwrap()
        .batch_execute("TRUNCATE events")
        .unwrap();

    // A row the server refuses is named by the file's line, blank lines counted.
    let again = write(
        "again.jsonl",
        format!(
            "{}\n\n{}\n{}\n",
            line("c2", 1),
            line("c2", 1),
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
    assert_eq!(count(&url), 0, "part of a refused load was written");

    // A line longer than any stored event is one error at its line, not held whole (a line of
    // a gigabyte took three).
    let long = write(
        "long.jsonl",
        format!("{}\n{}\n", line("c4", 1), "x".repeat((64 << 20) + 1)),
    );
    let out = gwt(&["load", "--to", &url, "--from", &long]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{long}:2: a line of 67,108,866 bytes, longer than any stored event (at most 64 MiB \
             were looked for)"
        )) && said.contains("nothing was copied"),
        "{said}"
    );
    assert_eq!(count(&url), 0, "part of a refused load was written");

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
    // A table's rows exported as JSON lines are told as such, with how to write them as lines.
    let rows = write(
        "rows.jsonl",
        "{\"aggregate_type\":\"Conference\",\"aggregate_id\":\"c7\",\"sequence\":1,\
         \"event_type\":\"ConferenceCreated\",\"event_version\":1,\"payload\":{},\
         \"metadata\":{}}\n"
            .to_string(),
    );
    let said = text(&gwt(&["load", "--to", &url, "--from", &rows]));
    assert!(
        said.contains(&format!(
            "{rows}:1: a row of a postgres-es `events` table (`aggregate_type`, `aggregate_id`, \
             …), not a stored event's line: gwt load fills a table from stored events' lines; \
             write its rows as lines, as `jq -c '{{stream: (.aggregate_type + \"/\" + \
             .aggregate_id)"
        )) && said.contains("nothing was copied"),
        "{said}"
    );
    assert_eq!(count(&url), 0);
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
    assert_eq!(count(&url), 0);
    // A line that is not UTF-8 is placed by its byte, as verify-migration places it.
    let path = dir.join("bytes.jsonl");
    let mut bytes = format!("{}\n", line("c6", 1)).into_bytes();
    bytes.extend_from_slice(b"{\"stream\":\"Conference/c\xff\"}\n");
    std::fs::write(&path, bytes).unwrap();
    let bytes = path.to_str().unwrap();
    let said = text(&gwt(&["load", "--to", &url, "--from", bytes]));
    let verified = text(&verify_from(bytes, &[]));
    let placed = format!(
        "{bytes}:2: not UTF-8 text: the byte at column 24 (0xFF) is not part of a UTF-8 character"
    );
    assert!(said.contains(&placed), "{said}");
    assert!(verified.contains(&placed), "{verified}");
    assert_eq!(count(&url), 0);

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
    assert_eq!(count(&url), 1);
}

#[test]
fn load_copies_each_payload_as_written_and_a_version_written_as_text() {
    let Some(server) = server() else { return };
    let (url, tmp) = fresh_database_and_folder(&server, "load_text");
    let dir = tmp.path();
    // A key given twice and a number a float would round: verify refuses both, so the table
    // must hold them as the log does for verify to see them there too.
    let payload =
        r#"{"conference_id":"c1","conference_id":"c2","n":597.000000000000000000000000001}"#;
    let log = dir.join("log.jsonl");
    let line = stored("Conference/c1", 1, "ConferencePublished", payload)
        .replace(r#""event_version":1"#, r#""event_version":"1""#);
    std::fs::write(&log, line + "\n").unwrap();
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
/// none is read by key, and the report says what that may change.
#[test]
fn a_table_is_read_in_the_order_its_log_was_recorded_and_by_key_only_when_it_keeps_none() {
    let Some(server) = server() else { return };
    let (url, log, _dir) = exported_and_loaded(&server, "store", "60", "order");
    let dir = log.parent().unwrap().to_path_buf();

    let from_file = verify_from(log.to_str().unwrap(), &["--domain", "store"]);
    let from_db = verify_from(&url, &["--domain", "store"]);
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
    // A second log is not loaded beside the first: the two would be read as one history.
    let renamed = dir.join("renamed.jsonl");
    std::fs::write(
        &renamed,
        std::fs::read_to_string(&log)
            .unwrap()
            .replace("-h", "-second-h"),
    )
    .unwrap();
    let out = gwt(&["load", "--to", &url, "--from", renamed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(positions(&mut client), first, "a refused load wrote");

    // A row written since by another system, without a position, is read after the others, and
    // the report says so: the last of its stream.
    let key = "(aggregate_type, aggregate_id, sequence) = (SELECT aggregate_type, aggregate_id, \
               max(sequence) FROM events GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 1)";
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
    let out = verify_from(&url, &["--domain", "store"]);
    let said = text(&out);
    assert!(
        said.contains(
            "rows read in the order they were recorded (metadata.position, as gwt load keeps a \
             log's order), then 1 row without one, stream by stream (by key)"
        ),
        "{said}"
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    client
        .execute(
            &format!("UPDATE events SET metadata = $1::text::json WHERE {key}"),
            &[&kept],
        )
        .unwrap();

    // One that stands before rows of its stream that give a position, read after them, was
    // told out of order for the reading's own doing; the table is read by key then, and a row
    // whose metadata is unreadable is told where its stream has it.
    let first = key.replace("max(sequence)", "min(sequence)");
    let kept: String = client
        .query_one(
            &format!("SELECT metadata::text FROM events WHERE {first}"),
            &[],
        )
        .unwrap()
        .get(0);
    client
        .batch_execute(&format!(
            "UPDATE events SET metadata = json_build_object('recorded_at', metadata->>'recorded_at') \
             WHERE {first}"
        ))
        .unwrap();
    let named: String = client
        .query_one(
            &format!(
                "SELECT aggregate_type || '/' || aggregate_id || '#' || sequence FROM events \
                 WHERE {first}"
            ),
            &[],
        )
        .unwrap()
        .get(0);
    let out = verify_from(&url, &["--domain", "store"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "rows read stream by stream (by key): 1 row gives no metadata.position (row \
             {named}), and stands before a row of its own stream that gives one, so the order \
             the rows were recorded in is not known"
        )),
        "{said}"
    );
    client
        .batch_execute(&format!(
            "UPDATE events SET metadata = 'null' WHERE {first}"
        ))
        .unwrap();
    let out = verify_from(&url, &["--domain", "store"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(!said.contains("out of order"), "{said}");
    assert!(said.contains("errors (1):"), "{said}");
    client
        .execute(
            &format!("UPDATE events SET metadata = $1::text::json WHERE {first}"),
            &[&kept],
        )
        .unwrap();

    // A table that keeps no order (a deployment's own: no positions, no index on them) is read
    // by key, and the report says what that may change.
    client
        .batch_execute(
            "DROP INDEX events_recorded_order; \
             UPDATE events SET metadata = json_build_object('recorded_at', metadata->>'recorded_at')",
        )
        .unwrap();
    let by_key = verify_from(&url, &["--domain", "store"]);
    let said = text(&by_key);
    assert!(
        said.contains(
            "rows read stream by stream (by key): the table records no order across streams"
        ),
        "{said}"
    );
    // Which of an order's tasks came first across its streams is not judged: read by key, its
    // mail came before its payment in every order, each breach the reading's own.
    assert_eq!(by_key.status.code(), Some(0), "{said}");
    assert!(!said.contains("happened before"), "{said}");
}

/// A jsonb column refuses what json holds (`\u0000`, a lone surrogate); the server's context
/// names the line within the JSON before the COPY's row, and the row is the file's line.
#[test]
fn load_names_the_line_a_jsonb_table_refuses() {
    let Some(server) = server() else { return };
    let (url, tmp) = fresh_database_and_folder(&server, "load_jsonb");
    let dir = tmp.path();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute(&postgres_es_table("jsonb")).unwrap();
    let line = |seq: u64, id: &str| {
        let payload = format!(r#"{{"conference_id":"{id}"}}"#);
        stored("Conference/c1", seq, "ConferencePublished", &payload)
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
    // A key given twice is kept once by jsonb: the table would verify clean where the log
    // does not. Refused, naming the line and the key; in the metadata as in the payload.
    let twice = line(2, "c1").replace(
        r#"{"conference_id":"c1"}"#,
        r#"{"conference_id":"zz","conference_id":"c1"}"#,
    );
    let with_metadata = line(2, "c1").replacen(
        r#""recorded_at""#,
        r#""metadata":{"corr":"a","corr":"b"},"recorded_at""#,
        1,
    );
    for (second, said_of_it) in [
        (
            twice,
            "the payload gives `conference_id` twice, and the table's payload column is jsonb",
        ),
        (
            with_metadata,
            "the metadata gives `corr` twice, and the table's metadata column is jsonb",
        ),
    ] {
        let log = dir.join("twice.jsonl");
        std::fs::write(&log, format!("{}\n{second}\n", line(1, "c1"))).unwrap();
        let out = gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!("{}:2: {said_of_it}", log.display())),
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
    let (url, tmp) = fresh_database_and_folder(&server, "meta");
    let dir = tmp.path();
    let again = fresh_database(&server, "meta_again");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE TABLE events (aggregate_type text, aggregate_id text, sequence bigint, \
             event_type text, event_version text, payload json, metadata json);
             INSERT INTO events VALUES {}, {};
             CREATE INDEX events_recorded_order ON events (((metadata->>'position')::bigint), \
             aggregate_type, aggregate_id, sequence)",
            row(
                "c1",
                "1",
                "'1'",
                r#"'{"recorded_at":"2026-01-05T09:00:00Z","position":1,"correlation_id":"k1","causation_id":{"id":[1, 2]}}'"#
            ),
            row(
                "c1",
                "2",
                "'1'",
                r#"'{"recorded_at":"2026-01-05T09:00:00Z","position":2}'"#
            ),
        ))
        .unwrap();
    let copy = dir.join("copy.jsonl");
    let out = verify_from(&url, &["--write-migrated", copy.to_str().unwrap()]);
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

/// A row whose metadata gives a `position` of the application's own (not the whole number gwt
/// load writes) verifies, read by key (the table keeps no order of gwt's); its migrated copy is
/// refused, as any of a table that records no order across streams: the copy's lines would give
/// one, and verifying it would judge that order. A log line's metadata may give `position` (it
/// was refused), and only `gwt load`, whose rows' `position` is its own, refuses it, at its line.
#[test]
fn a_position_of_the_application_s_own_verifies_and_only_a_load_refuses_it() {
    let Some(server) = server() else { return };
    let (url, log, tmp) = exported_and_loaded(&server, "conference", "5", "own_position");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            // A table of the application's own has no index on gwt's position.
            "DROP INDEX events_recorded_order; \
             UPDATE events SET metadata = json_build_object('recorded_at', \
             metadata->>'recorded_at', 'position', 'north', 'user', 'ann') \
             WHERE aggregate_type = 'Conference'",
        )
        .unwrap();
    let copy = tmp.path().join("copy.jsonl");
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(
            "clean: every event upcast and replayed, and checked but for what is not judged above"
        ),
        "{said}"
    );
    // The copy is refused before the rows are read, for want of the index.
    let out = verify_from(&url, &["--write-migrated", copy.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "not written, and the table not read past its first rows: the table lacks the index \
             on metadata.position that gwt reads the order of recording through"
        ),
        "{said}"
    );
    assert!(!copy.exists(), "{said}");

    // A log whose lines' metadata give a store's own position verifies, and keeps it in its copy.
    let own = tmp.path().join("own.jsonl");
    let text_of_log = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<String> = text_of_log
        .lines()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "{},\"metadata\":{{\"position\":{}}}}}",
                &l[..l.len() - 1],
                i + 100
            )
        })
        .collect();
    std::fs::write(&own, lines.join("\n") + "\n").unwrap();
    let out = verify_from(
        own.to_str().unwrap(),
        &["--write-migrated", copy.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let written = std::fs::read_to_string(&copy).unwrap();
    assert!(
        written
            .lines()
            .next()
            .is_some_and(|l| l.ends_with(r#","metadata":{"position":100}}"#)),
        "{written}"
    );
    let fresh = fresh_database(&server, "own_position_copy");
    let out = gwt(&["load", "--to", &fresh, "--from", copy.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{}:1: the metadata gives `position`, a key gwt load writes into each row's \
             metadata itself (for the log's order)",
            copy.display()
        )),
        "{said}"
    );
}

/// A position written as JSON text (`"3"`) orders the reading, as the index casts it, but is
/// not gwt load's (a JSON number from 1): the report names the row, and the migrated copy, which
/// would keep it as the application's own key that `gwt load` then refuses, is not written
/// (the review of 2026-12-06, F3: it was written, and table, copy, table did not round-trip).
/// Written back as a number, the copy is written and loads.
#[test]
fn a_position_written_as_text_keeps_the_copy_from_being_written() {
    let Some(server) = server() else { return };
    let (url, _, tmp) = exported_and_loaded(&server, "conference", "3", "text_position");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let (kind, id, sequence): (String, String, i64) = {
        let row = client
            .query_one(
                "SELECT aggregate_type, aggregate_id, sequence FROM events WHERE \
                 (metadata->>'position')::bigint = 3",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1), row.get(2))
    };
    let set_position = |client: &mut postgres::Client, position: &str| {
        client
            .batch_execute(&format!(
                "UPDATE events SET metadata = json_build_object('position', {position}, \
                 'recorded_at', metadata->>'recorded_at') WHERE \
                 (metadata->>'position')::bigint = 3"
            ))
            .unwrap();
    };
    set_position(&mut client, "metadata->>'position'");
    let copy = tmp.path().join("copy.jsonl");
    let out = verify_from(&url, &["--write-migrated", copy.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let row = format!("row {kind}/{id}#{sequence}, \"3\"");
    assert!(
        said.contains(&format!(
            "rows read in the order they were recorded (metadata.position, as gwt load keeps a \
             log's order); 1 row gives a metadata.position that gwt load does not write (the \
             first: {row}; gwt load writes a JSON number from 1)"
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "--write-migrated {}: not written: 1 row gives a metadata.position that gwt load \
             does not write (the first: {row}), which the copy would keep as the application's \
             own key",
            copy.display()
        )),
        "{said}"
    );
    assert!(!copy.exists(), "{said}");

    set_position(&mut client, "3");
    let out = verify_from(&url, &["--write-migrated", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let again = fresh_database(&server, "text_position_again");
    let out = gwt(&["load", "--to", &again, "--from", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
}

/// The URL's settings as a libpq key=value connection string, quoted as libpq quotes values.
fn key_values(url: &str, with_password: bool) -> String {
    let config: postgres::Config = url.parse().expect("GWT_POSTGRES_URL is a URL");
    let quoted = |v: &str| format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"));
    let mut pairs = Vec::new();
    for host in config.get_hosts() {
        if let postgres::config::Host::Tcp(host) = host {
            pairs.push(format!("host={}", quoted(host)));
        }
    }
    if let Some(port) = config.get_ports().first() {
        pairs.push(format!("port={port}"));
    }
    if let Some(user) = config.get_user() {
        pairs.push(format!("user={}", quoted(user)));
    }
    if let (true, Some(password)) = (with_password, config.get_password()) {
        pairs.push(format!(
            "password={}",
            quoted(&String::from_utf8_lossy(password))
        ));
    }
    if let Some(dbname) = config.get_dbname() {
        pairs.push(format!("dbname={}", quoted(dbname)));
    }
    pairs.join(" ")
}

/// An ops engineer's libpq connection string reads as the URL does, and its password is never
/// printed; it was taken for a file's name, and the error printed it whole.
#[test]
fn a_key_value_connection_string_is_read_as_the_url_is() {
    let Some(server) = server() else { return };
    let (url, _, _) = exported_and_loaded(&server, "conference", "5", "keyvalue");
    let source = key_values(&url, true);
    let from_url = verify_from(&url, &[]);
    let from_pairs = verify_from(&source, &[]);
    let said = text(&from_pairs);
    assert_eq!(from_pairs.status.code(), Some(0), "{said}");
    assert_eq!(body(&from_pairs), body(&from_url), "the reports differ");
    assert!(said.contains("password=***"), "{said}");
    let password = url
        .parse::<postgres::Config>()
        .unwrap()
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned());
    if let Some(password) = password {
        assert!(!said.contains(&format!("password='{password}'")), "{said}");
    }
}

/// The password, user, database, TCP host and port a test server's URL names.
fn parts_of(url: &str) -> (String, String, String, String, u16) {
    let config: postgres::Config = url.parse().unwrap();
    let Some(password) = config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned())
    else {
        panic!("GWT_POSTGRES_URL names no password: the server must ask for one for this test")
    };
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => panic!("GWT_POSTGRES_URL names no TCP host"),
    };
    (
        password,
        config.get_user().unwrap().to_string(),
        config.get_dbname().unwrap().to_string(),
        host,
        config.get_ports().first().copied().unwrap_or(5432),
    )
}

/// A password needs not be written where `ps` and the shell's history show it: as libpq, gwt
/// takes it from the source, else PGPASSWORD, else the password file (PGPASSFILE, else
/// ~/.pgpass), which it does not read when others may; PGUSER and PGDATABASE fill in what the
/// source leaves out.
#[test]
fn the_password_comes_from_pgpassword_or_the_password_file_as_libpq_takes_it() {
    let Some(server) = server() else { return };
    let (url, _, _) = exported_and_loaded(&server, "conference", "3", "pgpass");
    let (password, user, database, host, port) = parts_of(&url);
    let (password, user, database) = (password.as_str(), user.as_str(), database.as_str());
    let port = port.to_string();
    let bare = format!("postgres://{user}@{host}:{port}/{database}");
    let verify = |source: &str, variables: &[(&str, &str)]| {
        let out = gwt_with(&["verify-migration", "--from", source], variables);
        (out.status.code(), text(&out))
    };

    // Without a password anywhere, the error says where to give one.
    let (code, said) = verify(&bare, &[]);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("give the password in PGPASSWORD or the password file"),
        "{said}"
    );

    // PGPASSWORD.
    let (code, said) = verify(&bare, &[("PGPASSWORD", password)]);
    assert_eq!(code, Some(0), "{said}");
    // The source's own password wins over it, and a wrong one says whose it was.
    let (code, said) = verify(&url, &[("PGPASSWORD", "wrong")]);
    assert_eq!(code, Some(0), "{said}");
    let (code, said) = verify(&bare, &[("PGPASSWORD", "wrong")]);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("the password was PGPASSWORD's"), "{said}");

    // The password file, libpq's format: wildcards, an escaped colon in a field, a comment.
    let tmp = scratch("gwt-pg-pgpass-");
    let dir = tmp.path();
    let pgpass = dir.join("pgpass");
    let escaped = password.replace('\\', "\\\\").replace(':', "\\:");
    std::fs::write(
        &pgpass,
        format!(
            "# gwt's test\nother.host:*:*:*:wrong\n{host}:{port}:*:{user}:{escaped}\n*:*:*:*:wrong\n"
        ),
    )
    .unwrap();
    let chmod = |mode: u32| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    chmod(0o600);
    let file = pgpass.to_str().unwrap();
    let (code, said) = verify(&bare, &[("PGPASSFILE", file)]);
    assert_eq!(code, Some(0), "{said}");
    // PGPASSWORD wins over the file.
    let (code, said) = verify(&bare, &[("PGPASSFILE", file), ("PGPASSWORD", "wrong")]);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("the password was PGPASSWORD's"), "{said}");
    // The default file is ~/.pgpass.
    std::fs::copy(&pgpass, dir.join(".pgpass")).unwrap();
    let home = dir.to_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["verify-migration", "--from", &bare])
        .env_remove("PGPASSFILE")
        .env_remove("PGPASSWORD")
        .env("HOME", home)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // A line of the file that the server refuses is named.
    std::fs::write(&pgpass, format!("*:*:*:{user}:wrong\n")).unwrap();
    let (code, said) = verify(&bare, &[("PGPASSFILE", file)]);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "the password was read from the password file {file}, line 1"
        )),
        "{said}"
    );
    // A file others may read is not read, and said so.
    std::fs::write(&pgpass, format!("*:*:*:*:{escaped}\n")).unwrap();
    chmod(0o644);
    let (code, said) = verify(&bare, &[("PGPASSFILE", file)]);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "gwt: warning: the password file {file} can be read or written by its group or \
             others, so it was not read"
        )),
        "{said}"
    );

    // PGUSER and PGDATABASE fill in what a source leaves out; the report says what was
    // connected to.
    let (code, said) = verify(
        &format!("host={host} port={port}"),
        &[
            ("PGUSER", user),
            ("PGDATABASE", database),
            ("PGPASSWORD", password),
        ],
    );
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.starts_with(&format!("verified host={host} port={port}: ")),
        "{said}"
    );
    // (The host is followed by the server's address when it is a name.)
    let told = said.lines().nth(1).unwrap_or_default();
    assert!(
        told.starts_with(&format!("connected to host {host}"))
            && told.ends_with(&format!(
                ", port {port}, database {database} (PGDATABASE's), user {user} (PGUSER's)"
            )),
        "{said}"
    );
    // gwt load takes them as verify-migration does.
    let log = dir.join("one.jsonl");
    std::fs::write(&log, conference_line("c1", 1) + "\n").unwrap();
    let fresh = fresh_database(&server, "pgpass_load");
    let fresh_name = fresh.rsplit_once('/').unwrap().1;
    let out = gwt_with(
        &[
            "load",
            "--to",
            &format!("host={host} port={port}"),
            "--from",
            log.to_str().unwrap(),
        ],
        &[
            ("PGUSER", user),
            ("PGDATABASE", fresh_name),
            ("PGPASSWORD", password),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(count(&fresh), 1);
}

/// libpq looks the password file up for each host of a list it tries, by that host's name and
/// port; gwt gave every host the first host's line. The first host here is a port nobody listens
/// on with a line of its own: the server after it is offered its own line and connects, and,
/// with no line of its own, none: the error says where its password was looked for.
#[test]
fn each_host_of_a_list_is_offered_its_own_line_of_the_password_file() {
    let Some(server) = server() else { return };
    let (url, _, _) = exported_and_loaded(&server, "conference", "3", "pgpass_hosts");
    let (password, user, database, host, port) = parts_of(&url);
    let escaped = password.replace('\\', "\\\\").replace(':', "\\:");
    let free = free_port();
    let tmp = scratch("gwt-pg-pgpass-hosts-");
    let pgpass = tmp.path().join("pgpass");
    let file = pgpass.to_str().unwrap();
    let write = |text: String| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(&pgpass, text).unwrap();
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    };
    let verify = |source: &str| {
        let out = gwt_with(
            &["verify-migration", "--from", source],
            &[("PGPASSFILE", file)],
        );
        (out.status.code(), text(&out))
    };
    let list = format!("host={host},{host} port={free},{port} user={user} dbname={database}");
    let url_list = format!("postgres://{user}@{host}:{free},{host}:{port}/{database}");

    write(format!(
        "{host}:{free}:*:*:wrong\n{host}:{port}:*:{user}:{escaped}\n"
    ));
    for source in [&list, &url_list] {
        let (code, said) = verify(source);
        assert_eq!(code, Some(0), "{source}: {said}");
    }

    write(format!("{host}:{free}:*:*:{escaped}\n"));
    let (code, said) = verify(&list);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("password missing"), "{said}");
    assert!(
        said.contains(&format!(
            "the password file {file} has no line for this connection"
        )),
        "{said}"
    );
}

/// What a source leaves out comes from the environment or a default, so its text does not say
/// which server was read: the report says what was connected to (host, port, database and user,
/// and where each came from), `gwt load` says what it wrote to, and a connection that fails says
/// what it tried. The password shows nowhere, however it was given.
#[test]
fn the_report_says_what_was_connected_to_when_the_source_leaves_some_of_it_out() {
    let Some(server) = server() else { return };
    let (url, _, _) = exported_and_loaded(&server, "conference", "3", "told");
    let config: postgres::Config = url.parse().unwrap();
    let password = config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .expect("GWT_POSTGRES_URL names a password");
    let password = password.as_str();
    let user = config.get_user().unwrap();
    let database = config.get_dbname().unwrap();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => panic!("GWT_POSTGRES_URL names no TCP host"),
    };
    let port_text = port.to_string();
    // A host named by name (`localhost`) is said with the address the server gives.
    let address: Option<String> = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap()
        .query_one("SELECT host(inet_server_addr())", &[])
        .unwrap()
        .get(0);
    let address = address
        .filter(|a| *a != host)
        .map(|a| format!("the server's address {a}"));
    let from_pghost = match &address {
        Some(address) => format!("{host} (PGHOST's; {address})"),
        None => format!("{host} (PGHOST's)"),
    };
    let named = match &address {
        Some(address) => format!("{host} ({address})"),
        None => host.clone(),
    };
    let no_password = |said: &str| {
        for shown in [
            format!(":{password}@"),
            format!("password={password}"),
            format!("password='{password}'"),
            format!("({password})"),
        ] {
            assert!(!said.contains(&shown), "the password is printed: {said}");
        }
    };
    let everything = [
        ("PGHOST", host.as_str()),
        ("PGPORT", port_text.as_str()),
        ("PGUSER", user),
        ("PGDATABASE", database),
        ("PGPASSWORD", password),
    ];

    // All four from the environment.
    let out = gwt_with(
        &["verify-migration", "--from", "sslmode=disable"],
        &everything,
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let lines: Vec<&str> = said.lines().collect();
    assert!(lines[0].starts_with("verified sslmode=disable: "), "{said}");
    assert_eq!(
        lines[1],
        format!(
            "connected to host {from_pghost}, port {port} (PGPORT's), database {database} \
             (PGDATABASE's), user {user} (PGUSER's)"
        ),
        "{said}"
    );
    no_password(&said);

    // The database left out, the password in the source: in the URL, and as a pair, quoted.
    for source in [
        format!("postgres://{user}:{password}@{host}:{port}"),
        format!("host={host} port={port} user={user} password={password}"),
        format!("host={host} port={port} user={user} password='{password}'"),
    ] {
        let out = gwt_with(
            &["verify-migration", "--from", &source],
            &[("PGDATABASE", database)],
        );
        let said = text(&out);
        assert_eq!(out.status.code(), Some(0), "{said}");
        assert_eq!(
            said.lines().nth(1),
            Some(
                format!(
                    "connected to host {named}, port {port}, database {database} \
                     (PGDATABASE's), user {user}"
                )
                .as_str()
            ),
            "{said}"
        );
        no_password(&said);
    }

    // A source that names its host but no port takes PGPORT's, as libpq does, a URL as well as
    // a key=value string: a URL's was 5432, and PGPORT said unread (the review of 2026-12-06,
    // F9). Both commands.
    for source in [
        format!("postgres://{user}:{password}@{host}/{database}"),
        format!("postgres://{user}:{password}@{host}:/{database}"),
        format!("host={host} user={user} password={password} dbname={database}"),
    ] {
        let out = gwt_with(
            &["verify-migration", "--from", &source],
            &[("PGPORT", port_text.as_str())],
        );
        let said = text(&out);
        assert_eq!(out.status.code(), Some(0), "{said}");
        assert_eq!(
            said.lines().nth(1),
            Some(
                format!(
                    "connected to host {named}, port {port} (PGPORT's), database {database}, \
                     user {user}"
                )
                .as_str()
            ),
            "{said}"
        );
        no_password(&said);
    }

    // A source that names all four says nothing more: its first line says it.
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(!said.contains("connected to"), "{said}");

    // gwt load says where it wrote.
    let fresh = fresh_database(&server, "told_load");
    let fresh_name = fresh.rsplit_once('/').unwrap().1;
    let tmp = scratch("gwt-pg-told-");
    let log = tmp.path().join("told.jsonl");
    std::fs::write(&log, conference_line("c1", 1) + "\n").unwrap();
    let mut variables = everything;
    variables[3] = ("PGDATABASE", fresh_name);
    let out = gwt_with(
        &[
            "load",
            "--to",
            "sslmode=disable",
            "--from",
            log.to_str().unwrap(),
        ],
        &variables,
    );
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert_eq!(
        said.lines().collect::<Vec<_>>(),
        [
            "1 event copied into sslmode=disable".to_string(),
            format!(
                "connected to host {from_pghost}, port {port} (PGPORT's), database \
                 {fresh_name} (PGDATABASE's), user {user} (PGUSER's)"
            )
        ],
        "{said}"
    );
    assert_eq!(count(&fresh), 1);

    // gwt load reads PGPORT for a URL's host as verification does.
    let into = fresh_database(&server, "told_load_pgport");
    let into_name = into.rsplit_once('/').unwrap().1;
    let out = gwt_with(
        &[
            "load",
            "--to",
            &format!("postgres://{user}:{password}@{host}/{into_name}"),
            "--from",
            log.to_str().unwrap(),
        ],
        &[("PGPORT", port_text.as_str())],
    );
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(&format!("port {port} (PGPORT's)")), "{said}");
    assert_eq!(count(&into), 1);

    // A connection that fails says what it tried: here a port nobody listens on, PGPORT's.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let free = listener.local_addr().unwrap().port().to_string();
    drop(listener);
    let mut variables = everything;
    variables[0] = ("PGHOST", "127.0.0.1");
    variables[1] = ("PGPORT", free.as_str());
    let out = gwt_with(
        &["verify-migration", "--from", "sslmode=disable"],
        &variables,
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "; tried host 127.0.0.1 (PGHOST's), port {free} (PGPORT's), database {database} \
             (PGDATABASE's), user {user} (PGUSER's)"
        )),
        "{said}"
    );
    no_password(&said);
}

/// Rows that carry their positions in a table without gwt load's index (dropped, or copied
/// without it) are read by key: the report says that they carry positions and which index
/// would read them in order, and builds nothing. It said the table recorded no order; and the
/// migrated copy it refuses says the index is what it lacks, where it said the rows gave no
/// positions (the review of 2026-12-06, F7).
#[test]
fn rows_with_positions_but_no_index_say_which_index_reads_them_in_order() {
    let Some(server) = server() else { return };
    let (url, _, dir) = exported_and_loaded(&server, "store", "20", "unindexed");
    let copy = dir.path().join("copy.jsonl");
    let rows = count(&url);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let index_exists = |client: &mut postgres::Client| -> bool {
        client
            .query_one(
                "SELECT to_regclass('events_recorded_order') IS NOT NULL",
                &[],
            )
            .unwrap()
            .get(0)
    };
    client
        .batch_execute("DROP INDEX events_recorded_order")
        .unwrap();
    let statement = "CREATE INDEX events_recorded_order ON events \
                     (((metadata->>'position')::bigint), aggregate_type, aggregate_id, sequence)";
    // The migrated copy is refused before the rows are read, the order the table keeps being
    // known first: its index is what it lacks, where it said the rows gave no positions.
    let out = verify_from(
        &url,
        &[
            "--domain",
            "store",
            "--write-migrated",
            copy.to_str().unwrap(),
        ],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "--write-migrated {}: not written, and the table not read past its first rows: the \
             table lacks the index on metadata.position that gwt reads the order of recording \
             through, so its rows would be read stream by stream (where they carry that order, \
             as gwt load writes it, building the index lets the copy be written: {statement})",
            copy.display()
        )),
        "{said}"
    );
    assert!(!copy.exists(), "{said}");
    let out = verify_from(&url, &["--domain", "store"]);
    let said = text(&out);
    // Read stream by stream, an order's payment and mail come in no order the live system saw:
    // the order of its tasks across streams is not judged (thousands of breaches were told,
    // each of the reading's making), that each came once is.
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("clean: every event upcast and replayed"),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "rows read stream by stream (by key): the rows carry the order they were recorded \
             in (metadata.position, as gwt load writes it), but the table lacks the index that \
             gwt reads that order through, so read models and invariants that depend on the \
             order of events across streams may differ from the live system's; to read them in \
             the order they were recorded, build it (gwt never writes to a store it reads): \
             {statement}\n"
        )),
        "{said}"
    );
    assert!(!said.contains("the table records no order"), "{said}");
    assert!(!index_exists(&mut client), "reading built the index");
    assert_eq!(count(&url), rows, "reading wrote to the store");

    // An index on the positions left invalid by a build that failed is not the index: a row
    // repeating a position makes a unique build fail, and goes again after it.
    client
        .batch_execute(
            "INSERT INTO events SELECT aggregate_type, aggregate_id, sequence + 1000, event_type, \
             event_version, payload, metadata FROM events LIMIT 1",
        )
        .unwrap();
    client
        .batch_execute(
            "CREATE UNIQUE INDEX CONCURRENTLY broken_order ON events \
             (((metadata->>'position')::bigint))",
        )
        .unwrap_err();
    client
        .batch_execute("DELETE FROM events WHERE sequence > 1000")
        .unwrap();
    let said = text(&verify_from(&url, &["--domain", "store"]));
    assert!(
        said.contains(
            "has an index on that order, broken_order, that is not valid (a build that failed), \
             not the index that gwt reads that order through"
        ) && said.contains(&format!("DROP INDEX broken_order; {statement}\n")),
        "{said}"
    );
    client.batch_execute("DROP INDEX broken_order").unwrap();

    // The statement given is the one that reads them in order; under any name (renamed, or
    // made by `CREATE TABLE … LIKE … INCLUDING ALL`), as it indexes the same.
    client.batch_execute(statement).unwrap();
    for rename in [
        "",
        "ALTER INDEX events_recorded_order RENAME TO my_position_idx",
    ] {
        client.batch_execute(rename).unwrap();
        let out = verify_from(&url, &["--domain", "store"]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(0), "{said}");
        assert!(
            said.contains("rows read in the order they were recorded (metadata.position"),
            "{rename}: {said}"
        );
    }

    // A metadata column of text takes no `->>`: the index given was refused. The statement
    // given makes it json first, and is then the one that reads them in order.
    client
        .batch_execute(
            "DROP INDEX my_position_idx; \
             ALTER TABLE events ALTER COLUMN metadata TYPE text USING metadata::text",
        )
        .unwrap();
    let said = text(&verify_from(&url, &["--domain", "store"]));
    let mended = format!(
        "ALTER TABLE events ALTER COLUMN metadata TYPE json USING metadata::json; {statement}"
    );
    assert!(said.contains(&format!("{mended}\n")), "{said}");
    client.batch_execute(&mended).unwrap();
    let said = text(&verify_from(&url, &["--domain", "store"]));
    assert!(
        said.contains("rows read in the order they were recorded (metadata.position"),
        "{said}"
    );

    // Without the index, rows that give no position are counted, and one whose position is no
    // whole number is named before the index, which it would stop from being built; the report
    // said "the rows carry the order" of them all (the review's L1 and L2).
    client
        .batch_execute(
            "DROP INDEX events_recorded_order; \
             UPDATE events SET metadata = '{}' WHERE aggregate_type = 'Mail'; \
             UPDATE events SET metadata = '{\"position\": \"abc\"}' WHERE (aggregate_type, \
             aggregate_id, sequence) = (SELECT aggregate_type, aggregate_id, sequence FROM \
             events WHERE aggregate_type = 'Order' ORDER BY aggregate_id, sequence LIMIT 1)",
        )
        .unwrap();
    let mail: i64 = client
        .query_one(
            "SELECT count(*) FROM events WHERE aggregate_type = 'Mail'",
            &[],
        )
        .unwrap()
        .get(0);
    let said = text(&verify_from(&url, &["--domain", "store"]));
    assert!(
        said.contains(&format!(
            "rows read stream by stream (by key): all but {mail} of them ({mail} rows give no \
             metadata.position"
        )) && said.contains(
            "mend the 1 row whose metadata.position is not a whole number, which the index \
             cannot be built on (the first: row Order/"
        ) && said.contains(&format!(
            ", \"abc\"), then build it (gwt never writes to a store it \
             reads): {statement}"
        )),
        "{said}"
    );
}

/// Another session holding the events table locked (`LOCK TABLE … IN ACCESS EXCLUSIVE MODE`,
/// as an ALTER TABLE does) held the reading, and the load, without a word for as long as it
/// lasted. The transaction now waits 10 s at most, unless the connection sets its own wait,
/// and the error names the lock (exit 2).
fn locked_table_is_said(command: &str) {
    let Some(server) = server() else { return };
    let (url, log, _dir) =
        exported_and_loaded(&server, "conference", "2", &format!("locked_{command}"));
    let mut holder = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut lock = holder.transaction().unwrap();
    lock.batch_execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let run = |source: &str| {
        let started = std::time::Instant::now();
        let out = match command {
            "verify" => verify_from(source, &[]),
            _ => gwt(&["load", "--to", source, "--from", log.to_str().unwrap()]),
        };
        (out, started.elapsed())
    };
    let (out, took) = run(&url);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the events table is locked by another session; waited 10 s for it"),
        "{said}"
    );
    assert!(took >= std::time::Duration::from_secs(9), "{took:?}");
    // The connection's own wait wins.
    let (out, took) = run(&format!("{url}?options=-c%20lock_timeout%3D1500"));
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the events table is locked by another session; waited 1500 ms for it"),
        "{said}"
    );
    assert!(took < std::time::Duration::from_secs(9), "{took:?}");
    lock.rollback().unwrap();
}

#[test]
fn a_locked_table_stops_the_reading_after_a_while_saying_why() {
    locked_table_is_said("verify");
}

#[test]
fn a_locked_table_stops_the_load_after_a_while_saying_why() {
    locked_table_is_said("load");
}

/// A role refused what a load does is told what the load needs, and a table that exists is
/// not created again: CREATE on the schema was asked of a role given the table.
#[test]
fn a_load_refused_a_privilege_says_what_it_needs() {
    let Some(server) = server() else { return };
    let (url, log, _tmp) = exported(&server, "conference", "3", "privileges");
    let role = format!("gwt_loader_{}", std::process::id());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN PASSWORD 'l'; \
             REVOKE CREATE ON SCHEMA public FROM PUBLIC"
        ))
        .unwrap();
    let as_role = url.replacen("://", &format!("://{role}:l@"), 1);
    let as_role = match as_role.split_once('@') {
        // The server's URL gives its own user: the role's replaces it.
        Some((role_part, rest)) if rest.contains('@') => {
            format!("{role_part}@{}", rest.split_once('@').unwrap().1)
        }
        _ => as_role,
    };
    let load = || gwt(&["load", "--to", &as_role, "--from", log.to_str().unwrap()]);
    let out = load();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "(gwt load creates the events table where the search path finds none, \
                       which takes CREATE on the schema;"
        ),
        "{said}"
    );
    // Given the table, and only what copying takes, it is told it must own the table.
    client.batch_execute(&postgres_es_table("json")).unwrap();
    client
        .batch_execute(&format!("GRANT SELECT, INSERT ON events TO {role}"))
        .unwrap();
    let out = load();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("which take owning the table and CREATE on its schema)"),
        "{said}"
    );
    assert!(
        said.contains("permission denied for table events"),
        "{said}"
    );
    // Owning it, with the schema's CREATE for the index, the role loads it.
    client
        .batch_execute(&format!(
            "ALTER TABLE events OWNER TO {role}; GRANT CREATE ON SCHEMA public TO {role}"
        ))
        .unwrap();
    let out = load();
    assert!(out.status.success(), "{}", text(&out));
    client
        .batch_execute(&format!(
            "ALTER TABLE events OWNER TO CURRENT_USER; \
             REVOKE CREATE ON SCHEMA public FROM {role}; DROP ROLE {role}"
        ))
        .unwrap();
}

/// Two loads into one database without the table take turns: one copies, the other finds the
/// rows and says so (it was told of a duplicate key in `pg_type_typname_nsp_index` when both
/// created the table at once).
#[test]
fn two_loads_at_once_take_turns() {
    let Some(server) = server() else { return };
    let (url, log, _tmp) = exported(&server, "conference", "100", "two_loads");
    let loads: Vec<_> = (0..2)
        .map(|_| {
            let (url, log) = (url.clone(), log.clone());
            std::thread::spawn(move || {
                gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()])
            })
        })
        .collect();
    let outs: Vec<Output> = loads.into_iter().map(|l| l.join().unwrap()).collect();
    let said: Vec<String> = outs.iter().map(text).collect();
    let copied = outs.iter().filter(|o| o.status.success()).count();
    assert_eq!(copied, 1, "{said:?}");
    assert!(
        said.iter()
            .any(|s| s.contains("the events table already holds")),
        "{said:?}"
    );
    assert!(
        !said.iter().any(|s| s.contains("duplicate key")),
        "{said:?}"
    );
}

/// gwt load into a table that holds rows (another system's, without positions) added its index
/// and its rows beside them, which were then read after the log's as one history. It is
/// refused before anything is copied, saying how many rows the table holds and what to do.
#[test]
fn load_refuses_a_table_that_holds_rows_and_copies_nothing() {
    let Some(server) = server() else { return };
    let (url, tmp) = fresh_database_and_folder(&server, "load_full");
    let dir = tmp.path();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "{}; INSERT INTO events VALUES {}, {}, {}",
            postgres_es_table("json"),
            row("c1", "1", "'1'", RECORDED),
            row("c1", "2", "'1'", RECORDED),
            row("c2", "1", "'1'", RECORDED),
        ))
        .unwrap();
    let log = dir.join("log.jsonl");
    std::fs::write(&log, conference_line("c9", 1) + "\n").unwrap();
    let out = gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "gwt load: the events table already holds 3 rows: gwt load fills an empty table, \
             since a log loaded beside other rows would be read as one history with them; load \
             into a fresh database, or empty the table first (TRUNCATE events); the load was \
             refused as a whole: nothing was copied"
        ),
        "{said}"
    );
    assert_eq!(count(&url), 3, "the refused load wrote rows");
    let indexed: bool = client
        .query_one(
            "SELECT to_regclass('events_recorded_order') IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(!indexed, "the refused load built its index");

    client.batch_execute("TRUNCATE events").unwrap();
    let out = gwt(&["load", "--to", &url, "--from", log.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(count(&url), 1);
}

/// An empty table has nothing to be read in one order or another: the report says there is
/// nothing to verify, without the caveat of a table read by key.
#[test]
fn an_empty_table_says_nothing_of_the_order_it_was_read_in() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, "empty_table");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute(&postgres_es_table("json")).unwrap();
    let out = verify_from(&url, &[]);
    let said = text(&out);
    // An empty log vouches for nothing: refused unless asked for.
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("nothing to verify"), "{said}");
    assert!(!said.contains("rows read"), "{said}");
    let out = gwt(&["verify-migration", "--allow-empty", "--from", &url]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("nothing to verify"), "{said}");
    assert!(!said.contains("rows read"), "{said}");
    // It names the table it read, which a search path may have taken from a schema not meant.
    assert!(said.contains("public.events holds no rows"), "{said}");
}

/// A reading the server ends with an error (here a statement timeout, on a view slow to give
/// its first page) says that the server gave an error, not that it stopped answering, with
/// what lifts the timeout; and says nothing of how many rows the table holds, where it said
/// that a table of hundreds held none.
#[test]
fn a_reading_the_server_ends_with_an_error_says_so_and_not_that_the_table_is_empty() {
    let Some(server) = server() else { return };
    let (url, _log, _tmp) = exported_and_loaded(&server, "conference", "20", "timeout");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "CREATE SCHEMA slow; CREATE VIEW slow.events AS SELECT e.* FROM public.events e \
             WHERE pg_sleep(0.01) IS NOT NULL",
        )
        .unwrap();
    let timed = format!("{url}?options=-csearch_path%3Dslow%20-cstatement_timeout%3D200");
    let out = verify_from(&timed, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the database gave an error after 0 rows: db error: canceling statement due to statement timeout; a statement_timeout"),
        "{said}"
    );
    assert!(
        said.contains("slow.events: no row was read before the error above"),
        "{said}"
    );
    assert!(!said.contains("holds no rows"), "{said}");
    assert!(!said.contains("stopped answering"), "{said}");
}

/// A table the search path finds in a schema other than `public` is named in the report, and
/// by the load: with `search_path=public,es` the empty `public.events` was read, with nothing
/// to say which.
#[test]
fn the_report_names_the_schema_of_a_table_not_in_public() {
    let Some(server) = server() else { return };
    let (url, log, _tmp) = exported(&server, "conference", "5", "schema");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute("CREATE SCHEMA es").unwrap();
    let in_es = format!("{url}?options=-csearch_path%3Des");
    let out = gwt(&["load", "--to", &in_es, "--from", log.to_str().unwrap()]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    // The load names it too.
    assert!(
        said.contains(" events copied into es.events of postgres://"),
        "{said}"
    );
    let out = verify_from(&in_es, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("rows of es.events read in the order they were recorded"),
        "{said}"
    );
    // What it advises names the table as read: `events` alone, in a session whose search path
    // finds `public.events`, would be that one.
    client
        .batch_execute("DROP INDEX es.events_recorded_order")
        .unwrap();
    let said = text(&verify_from(&in_es, &[]));
    assert!(
        said.contains("build it (gwt never writes to a store it reads): CREATE INDEX events_recorded_order ON es.events ("),
        "{said}"
    );
}

/// A payload column of text that holds no JSON says so, with where, as the metadata column
/// does: it was "does not fit: an unquoted word", as if the JSON were of the wrong shape.
#[test]
fn a_payload_that_is_not_json_says_so_as_the_metadata_does() {
    let Some(server) = server() else { return };
    let url = fresh_database(&server, "not_json");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let recorded = r#"{"recorded_at":"2026-01-05T09:00:00Z"}"#;
    client
        .batch_execute(&format!(
            "CREATE TABLE events (aggregate_type text, aggregate_id text, sequence bigint, \
             event_type text, event_version text, payload text, metadata text);
             INSERT INTO events VALUES
             ('Conference', 'current', 1, 'ConferencePublished', '1', 'nope', '{recorded}'),
             ('Conference', 'older', 1, 'SeatCreated', '1', '{{\"seat_type\": hello}}', '{recorded}'),
             ('Conference', 'meta', 1, 'ConferencePublished', '1', '{{\"conference_id\":\"meta\"}}', 'nope')"
        ))
        .unwrap();
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    const WORD: &str = "an unquoted word (only `true`, `false` and `null` are written without \
                        quotes; text must be in quotes)";
    const VALUE: &str =
        "expected a value (quoted text, a number, an object, a list, `true`, `false` or `null`)";
    for expected in [
        format!(
            "row Conference/current#1: ConferencePublished version 1: the payload is not JSON \
             ({WORD}, at column 2 of the payload)"
        ),
        format!(
            "row Conference/older#1: SeatCreated version 1: the payload is not JSON ({VALUE}, \
             at column 15 of the payload)"
        ),
        format!(
            "row Conference/meta#1: the metadata is not JSON ({WORD}, at column 2 of the metadata)"
        ),
    ] {
        assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    }
    assert!(!said.contains("does not fit"), "{said}");
}

/// postgres-es writes `{}` as an event's metadata unless the application adds to it, and keeps
/// no order across streams: a deployment's own table says neither when an event was recorded nor
/// where it stands in the log. It verifies all the same, into the read models the log's file
/// builds, and the report says once what went unjudged for want of time. Each row was an error
/// before, a hundred times over, and such a table could not be verified at all.
#[test]
fn a_table_as_postgres_es_writes_it_verifies_and_says_once_what_time_would_judge() {
    let Some(server) = server() else { return };
    let (url, log, dir) = exported_and_loaded(&server, "conference", "80", "no_recorded");
    let models = dir.path().join("models.json");
    let out = verify_from(
        log.to_str().unwrap(),
        &["--export-read-models", models.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    // With gwt load's index still there, no row gives a position: none is read in order, which
    // the report said it read them in ("in the order they were recorded, then 1,600 rows
    // without one").
    client
        .batch_execute("UPDATE events SET metadata = '{}'")
        .unwrap();
    let said = text(&verify_from(&url, &[]));
    assert!(
        said.contains("rows read stream by stream (by key): the table records no order"),
        "{said}"
    );
    assert!(!said.contains("in the order they were recorded"), "{said}");
    client
        .batch_execute("DROP INDEX events_recorded_order")
        .unwrap();
    let out = verify_from(&url, &["--expect", models.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(!said.contains("errors"), "{said}");
    assert_eq!(
        said.matches("not judged: what depends on when events were recorded, such as what must have settled by the log's end: no row's metadata gives `recorded_at`").count(),
        1,
        "{said}"
    );
    assert_eq!(
        said.matches("postgres-es writes `{}` there").count(),
        1,
        "{said}"
    );
    for expected in [
        "rows read stream by stream (by key)",
        "the rebuilt read models equal the expected ones",
        "clean: every event upcast and replayed, and checked but for what is not judged above",
    ] {
        assert!(said.contains(expected), "missing `{expected}` in:\n{said}");
    }

    // A migrated copy would have to make up when each event was recorded: refused at the
    // first row, which says so.
    let copy = dir.path().join("copy.jsonl");
    let out = verify_from(&url, &["--write-migrated", copy.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("not written, and the table not read past its first rows: row ")
            && said.contains(
                ", among the first read, gives no `recorded_at` in its metadata (postgres-es \
                 writes `{}` unless the application adds to it), and each line of a log gives \
                 the instant its event was recorded"
            ),
        "{said}"
    );
    assert!(!copy.exists());

    // Some rows dated: what must have settled is judged as of the last instant they give.
    client
        .batch_execute(
            "UPDATE events SET metadata = '{\"recorded_at\":\"2026-01-05T09:00:00Z\"}' \
             WHERE aggregate_type <> 'Conference'",
        )
        .unwrap();
    let undated: i64 = client
        .query_one(
            "SELECT count(*) FROM events WHERE aggregate_type = 'Conference'",
            &[],
        )
        .unwrap()
        .get(0);
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "(judged as of 2026-01-05T09:00:00Z, the last instant a row gives): {undated} rows \
             give no `recorded_at` in their metadata (the first: Conference/"
        )),
        "{said}"
    );
}

/// What the second review of reading tables found told wrongly or not at all (its M2, L3 and
/// L7): with no clock, an order whose expiry was lost is named among what is not judged (it
/// verified clean with nothing to tell it from a log that lost nothing); one row whose position
/// contradicts its stream's sequence is one error (it was one for each row it was put before);
/// and in a table read by key, a gap is certain even where reading stopped at --max-errors.
#[test]
fn a_table_tells_a_lost_ending_a_wrong_position_and_a_certain_gap_as_they_are() {
    let Some(server) = server() else { return };
    let (url, _log, _dir) = exported_and_loaded(&server, "conference", "80", "told_as_they_are");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let (order, sequence): (String, i64) = {
        let row = client
            .query_one(
                "SELECT aggregate_id, sequence FROM events WHERE event_type = 'OrderExpired' \
                 AND sequence >= 3 ORDER BY aggregate_id LIMIT 1",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    let first: String = client
        .query_one(
            "SELECT metadata::jsonb->>'position' FROM events WHERE aggregate_type = 'Order' AND \
             aggregate_id = $1 AND sequence = 1",
            &[&order],
        )
        .unwrap()
        .get(0);
    // The last row of the order's stream put first of all.
    client
        .batch_execute(&format!(
            "UPDATE events SET metadata = jsonb_set(metadata::jsonb, '{{position}}', '0')::json \
             WHERE aggregate_type = 'Order' AND aggregate_id = '{order}' AND sequence = {sequence}"
        ))
        .unwrap();
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert_eq!(said.matches(" is read after #").count(), 1, "{said}");
    // The two positions, which are what an operator mends, are asked of the table once reading
    // is over (the review's L1).
    assert!(
        said.contains(&format!(
            "Order/{order} #1 is read after #{sequence}, at postgres://"
        )) && said.contains(&format!(
            " row Order/{order}#{sequence}: the rows' positions (metadata.position, their order \
             across streams) put it after"
        )) && said.contains(&format!(
            "not replayed either; #1's metadata.position is {first}, and #{sequence}'s 0\n"
        )),
        "{said}"
    );
    assert!(!said.contains("out of order"), "{said}");

    // As postgres-es writes a table, less the order's expiry.
    client
        .batch_execute(&format!(
            "DROP INDEX events_recorded_order; UPDATE events SET metadata = '{{}}'; DELETE FROM \
             events WHERE aggregate_type = 'Order' AND aggregate_id = '{order}' AND sequence = \
             {sequence}"
        ))
        .unwrap();
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "not judged: whether what the log leaves open at its end should have settled by \
             then, with no instant to judge by (what ended it may be missing): order {order} is \
             left "
        )),
        "{said}"
    );

    // Read by key, a stream's first row lost and a later stream's row lost too: reading stops
    // at the second error, and the first gap is no less certain for it.
    client
        .batch_execute(
            "DELETE FROM events WHERE (aggregate_type, aggregate_id, sequence) IN ((SELECT \
             aggregate_type, aggregate_id, 1::bigint FROM events ORDER BY aggregate_type, \
             aggregate_id LIMIT 1) UNION ALL (SELECT aggregate_type, aggregate_id, 1::bigint \
             FROM events ORDER BY aggregate_type DESC, aggregate_id DESC LIMIT 1))",
        )
        .unwrap();
    let out = verify_from(&url, &["--max-errors", "1"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("starts at #2: a gap (#1 never comes)"),
        "{said}"
    );
    assert!(!said.contains("not seen before reading stopped"), "{said}");
}

/// A table of another domain's events is told in one line before it is read, as a file is:
/// it listed up to --max-errors `unknown event type` rows first (the review's L7).
#[test]
fn a_table_of_another_domain_is_told_before_it_is_read() {
    let Some(server) = server() else { return };
    let (url, _log, _dir) = exported_and_loaded(&server, "store", "40", "other_domain");
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            " holds events of the store domain, not of the conference domain: of its first 64 \
             events, "
        ) && said.contains("run with --domain store"),
        "{said}"
    );
    assert!(!said.contains("unknown event type"), "{said}");
    let out = verify_from(&url, &["--domain", "store"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// What a table's positions say of its order is told from the rows as they were read (the
/// review of 2026-12-06, M1, M2 and M9): without the index, a table where one row alone gives
/// a position is said to carry the order in that row alone (one row asked, the first the server
/// found, decided it for the whole table); a position no later than the one before it in its
/// stream is named before the index is advised (the index would read it out of its stream's
/// order); with the index, rows that share a position are said to have been put in their key's
/// order.
#[test]
fn positions_are_told_as_the_rows_give_them() {
    let Some(server) = server() else { return };
    let (url, _log, _dir) = exported_and_loaded(&server, "conference", "20", "positions_told");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let rows = count(&url);
    let first = "(SELECT aggregate_type, aggregate_id FROM events WHERE aggregate_type = \
                 'Conference' ORDER BY aggregate_id LIMIT 1)";
    // Two rows of one stream at one position.
    client
        .batch_execute(&format!(
            "UPDATE events SET metadata = jsonb_set(metadata::jsonb, '{{position}}', \
             (SELECT metadata->'position' FROM events WHERE (aggregate_type, aggregate_id) = \
             {first} AND sequence = 1)::jsonb)::json WHERE (aggregate_type, aggregate_id) = \
             {first} AND sequence = 2"
        ))
        .unwrap();
    let said = text(&verify_from(&url, &[]));
    assert!(
        said.contains(
            "rows read in the order they were recorded (metadata.position, as gwt load keeps a \
             log's order); 1 row gives the position of the row read before it (the first: row \
             Conference/"
        ),
        "{said}"
    );
    // Without the index: the stream's second row before its first.
    client
        .batch_execute(&format!(
            "DROP INDEX events_recorded_order; UPDATE events SET metadata = \
             jsonb_set(metadata::jsonb, '{{position}}', '0')::json WHERE (aggregate_type, \
             aggregate_id) = {first} AND sequence = 2"
        ))
        .unwrap();
    let said = text(&verify_from(&url, &[]));
    assert!(
        said.contains(
            "mend the 1 row whose metadata.position is no later than the one before it in its \
             stream, which the index would read out of its stream's order (the first: row \
             Conference/"
        ) && said.contains("#2, at 0, after #1 at "),
        "{said}"
    );
    // Positions in one row alone.
    client
        .batch_execute(&format!(
            "UPDATE events SET metadata = '{{}}' WHERE (aggregate_type, aggregate_id, sequence) \
             <> (SELECT aggregate_type, aggregate_id, 1 FROM {first} f)"
        ))
        .unwrap();
    let said = text(&verify_from(&url, &[]));
    assert!(
        said.contains(&format!(
            "rows read stream by stream (by key): only 1 of the {rows} rows ({} rows give no \
             metadata.position, and would be read after the others, or with the others by key \
             should one stand before a row of its stream that gives one) carries the order it \
             was recorded in",
            rows - 1
        )),
        "{said}"
    );
    // In none: the table keeps no order, whatever row the server finds first.
    client
        .batch_execute("UPDATE events SET metadata = '{}'")
        .unwrap();
    let said = text(&verify_from(&url, &[]));
    assert!(
        said.contains(
            "rows read stream by stream (by key): the table records no order across \
                       streams (no metadata.position)"
        ),
        "{said}"
    );
}

/// A table read in the order of its positions, many of whose streams run backwards: each
/// stream's first row read opened a gap that its later rows resolved, and those gaps counted
/// toward --max-errors, so that reading stopped with gaps that were not there, told as such
/// (the review of 2026-12-06, M4). Only the contradictions are errors now.
#[test]
fn positions_run_backwards_are_errors_and_no_gaps_at_max_errors() {
    let Some(server) = server() else { return };
    let (url, _log, _dir) = exported_and_loaded(&server, "conference", "80", "backwards");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "UPDATE events e SET metadata = jsonb_set(metadata::jsonb, '{position}', \
             to_jsonb(100000 - e.sequence))::json WHERE aggregate_type = 'Order'",
        )
        .unwrap();
    let out = verify_from(&url, &["--max-errors", "5"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("stopped at --max-errors"), "{said}");
    assert_eq!(said.matches(" is read after #").count(), 5, "{said}");
    assert!(!said.contains("a gap ("), "{said}");
    // The streams not read whole are counted, as not checked.
    assert!(
        said.contains(" jumped ahead of their first rows, which had not come when reading stopped"),
        "{said}"
    );
}

/// A store table as postgres-es writes it was told that what must have settled by its end was
/// not judged, though the store's tasks have no deadline and nothing of it is judged with a
/// clock either; an empty table was told what its reading left unjudged (the review of
/// 2026-12-06, L9 and L4).
#[test]
fn not_judged_is_said_only_of_what_a_clock_or_an_order_would_judge() {
    let Some(server) = server() else { return };
    let (url, _log, _dir) = exported_and_loaded(&server, "store", "20", "store_no_clock");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute("DROP INDEX events_recorded_order; UPDATE events SET metadata = '{}'")
        .unwrap();
    let out = verify_from(&url, &["--domain", "store"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        !said.contains("what depends on when events were recorded"),
        "{said}"
    );
    assert!(
        said.contains("the log was read, in whole or in part, in no order across streams"),
        "{said}"
    );
    client.batch_execute("DELETE FROM events").unwrap();
    let out = verify_from(&url, &["--domain", "store", "--allow-empty"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(!said.contains("not judged"), "{said}");
}

/// A table without postgres-es's primary key may hold a key twice: each repeated row is told
/// against the first row at its key as a file's repeated line is told against the first line at
/// its position, in the file's words (it was told only that its position came again, the
/// review's L7). gwt load's `metadata.position`, which differs between any two rows appended,
/// is no part of the comparison: an exact double write appended again was told "two writers that
/// disagreed" for it, and a payload that differs named only the column (the review of
/// 2026-12-06, F2).
#[test]
fn rows_at_a_key_taken_twice_are_told_alike_or_where_they_differ() {
    let Some(server) = server() else { return };
    let (url, _log, _dir) = exported_and_loaded(&server, "conference", "20", "repeated_rows");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    // Three conferences' first events written again, appended as a writer appends (each at a
    // position of its own after the others): alike, 0.5 s later, and under another name; the
    // first twice, whose third row is told against the first too.
    let again = |k: usize, payload: &str, recorded_at: &str| {
        format!(
            "INSERT INTO events SELECT aggregate_type, aggregate_id, sequence, event_type, \
             event_version, {payload}, json_build_object('position', (SELECT max((metadata->>\
             'position')::bigint) FROM events) + 1, 'recorded_at', {recorded_at}) FROM events \
             WHERE aggregate_type = 'Conference' AND sequence = 1 AND aggregate_id = (SELECT \
             DISTINCT aggregate_id FROM events WHERE aggregate_type = 'Conference' ORDER BY 1 \
             LIMIT 1 OFFSET {k}) ORDER BY (metadata->>'position')::bigint LIMIT 1;"
        )
    };
    let at = "metadata->>'recorded_at'";
    let later = "to_char(((metadata->>'recorded_at')::timestamptz + interval '0.5 second') AT \
                 TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    let renamed = "jsonb_set(payload::jsonb, '{name}', '\"Renamed\"')::json";
    client
        .batch_execute(&format!(
            "ALTER TABLE events DROP CONSTRAINT events_pkey; {}{}{}{}",
            again(0, "payload", at),
            again(1, "payload", later),
            again(2, renamed, at),
            again(0, "payload", at),
        ))
        .unwrap();
    // Each stream's rows at #1, in the order of their positions: id, recorded_at, position, name.
    let rows_of = |client: &mut postgres::Client, k: i64| -> Vec<(String, String, i64, String)> {
        client
            .query(
                "SELECT aggregate_id, metadata->>'recorded_at', (metadata->>'position')::bigint, \
                 payload->>'name' FROM events WHERE aggregate_type = 'Conference' AND sequence \
                 = 1 AND aggregate_id = (SELECT DISTINCT aggregate_id FROM events WHERE \
                 aggregate_type = 'Conference' ORDER BY 1 LIMIT 1 OFFSET $1) ORDER BY 3",
                &[&k],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect()
    };
    let (alike, later, other) = (
        rows_of(&mut client, 0),
        rows_of(&mut client, 1),
        rows_of(&mut client, 2),
    );
    let rows = count(&url);
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let held = |rows: &[(String, String, i64, String)], this: usize| {
        let positions: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| match i == this {
                true => format!("{} (this row)", row.2),
                false => row.2.to_string(),
            })
            .collect();
        let (rest, last) = positions.split_at(positions.len() - 1);
        format!(
            "; the table holds {} rows at that key, at metadata.position {} and {}: the first \
             holds ",
            rows.len(),
            rest.join(", "),
            last[0]
        )
    };
    for expected in [
        format!("{}the same event: this row repeats it", held(&alike, 1)),
        format!("{}the same event: this row repeats it", held(&alike, 2)),
        format!(
            "{}the same event, recorded at {} there, {} here",
            held(&later, 1),
            later[0].1,
            later[1].1
        ),
        format!(
            "{}another ConferenceCreated: `name` \"{}\" there, \"Renamed\" here",
            held(&other, 1),
            other[0].3
        ),
        "rows at a key taken already: 4 (2 of the same event as the first row at their key, 1 \
         of the same event stored otherwise, 1 of another event)"
            .to_string(),
    ] {
        assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    }
    assert!(!said.contains("differ in"), "{said}");
    assert_eq!(
        count(&url),
        rows,
        "reading, or asking for the rows again, wrote to the store"
    );
}

/// TLS as libpq's `sslmode` asks for it. `PGSSLMODE=require` was read by no one, and the
/// connection went out unencrypted without a word; `sslmode=require` in the source failed with
/// "no TLS implementation configured", and `verify-full` was "not a PostgreSQL URL". Now the
/// server's certificate is checked against the authority given (`sslrootcert`), and its name
/// too for `verify-full`: the test server's certificate names `localhost`, so connecting by that
/// name passes and by its address does not, which only a TLS handshake can tell.
#[test]
fn tls_is_spoken_as_sslmode_asks_and_the_servers_certificate_checked() {
    let Some(server) = server() else { return };
    let Some(certificate) = tls_certificate(&server, "the TLS test") else {
        return;
    };
    let (url, _, _) = exported_and_loaded(&server, "conference", "3", "tls");
    let by_name = url.replacen("127.0.0.1", "localhost", 1);
    let root = format!("sslrootcert={certificate}");
    for (source, variables, clean) in [
        (format!("{url}?sslmode=require"), vec![], true),
        (url.clone(), vec![("PGSSLMODE", "require")], true),
        (format!("{url}?sslmode=verify-ca&{root}"), vec![], true),
        (
            format!("{by_name}?sslmode=verify-full&{root}"),
            vec![],
            true,
        ),
        (
            by_name.clone(),
            vec![
                ("PGSSLMODE", "verify-full"),
                ("PGSSLROOTCERT", certificate.as_str()),
            ],
            true,
        ),
        (format!("{url}?sslmode=verify-full&{root}"), vec![], false),
    ] {
        let out = gwt_with(&["verify-migration", "--from", &source], &variables);
        let said = text(&out);
        match clean {
            true => assert_eq!(out.status.code(), Some(0), "{source}: {said}"),
            false => {
                assert_eq!(out.status.code(), Some(2), "{source}: {said}");
                assert!(
                    said.contains("certificate not valid for name \"127.0.0.1\""),
                    "{said}"
                );
            }
        }
    }
}

/// What a TLS setting lacks or gets wrong is told before anything is sent.
#[test]
fn tls_settings_that_cannot_be_met_are_told_before_connecting() {
    let source = "postgres://ann:secret@127.0.0.1:1/db";
    for (args, variables, says) in [
        (
            vec![
                "verify-migration",
                "--from",
                "postgres://ann:secret@127.0.0.1:1/db?sslmode=verify-full",
            ],
            vec![],
            "sslmode=verify-full checks the server's certificate against the authority that \
             signed it: give that authority's certificate as sslrootcert=",
        ),
        (
            vec!["verify-migration", "--from", source],
            vec![("PGSSLMODE", "bogus")],
            "PGSSLMODE `bogus` is not an sslmode (disable, allow, prefer",
        ),
        (
            vec![
                "load",
                "--to",
                "host=127.0.0.1 port=1 user=ann password=secret dbname=db sslmode=verify-ca \
                 sslrootcert=/nonexistent/ca.pem",
                "--from",
                "-",
            ],
            vec![],
            "sslrootcert /nonexistent/ca.pem: cannot read certificates from it",
        ),
        (
            vec!["verify-migration", "--from", source],
            vec![("PGSSLCERT", "/nonexistent/client.pem")],
            "sslcert is given without its sslkey",
        ),
    ] {
        let out = gwt_with(&args, &variables);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(said.contains(says), "missing `{says}` in: {said}");
        assert!(!said.contains("secret"), "{said}");
    }
}

/// The folder of the test server's Unix socket, and its URL's port, user and password, when the
/// server takes a connection there as the URL's user; `None` (said, and refused under CI, whose
/// server takes one: see `.ci/run`) when it does not, as a server on another machine does not.
fn over_the_socket(url: &str) -> Option<(String, u16, String, String)> {
    let config: postgres::Config = url.parse().expect("GWT_POSTGRES_URL is a URL");
    let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let folders: String = admin
        .query_one("SHOW unix_socket_directories", &[])
        .unwrap()
        .get(0);
    let folder = folders
        .split(',')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config
        .get_user()
        .expect("GWT_POSTGRES_URL names a user")
        .to_string();
    let password = config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .unwrap_or_default();
    let mut socket = postgres::Config::new();
    socket
        .host_path(&folder)
        .port(port)
        .user(&user)
        .password(&password)
        .dbname(config.get_dbname().unwrap_or(&user));
    if let Err(e) = socket.connect(postgres::NoTls) {
        assert!(
            std::env::var("CI").map_or(true, |v| v.is_empty() || v == "false"),
            "CI needs a PostgreSQL server that takes a connection on its Unix socket in \
             {folder} (see .ci/run): {e}"
        );
        eprintln!("*** the Unix socket tests DID NOT RUN: no connection in {folder}: {e} ***");
        return None;
    }
    Some((folder, port, user, password))
}

/// A port on 127.0.0.1 that nobody listens on.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A list that names a Unix socket first and a TCP host after it was connected with one TLS
/// mode for the whole list, the driver's: TLS was tried on the socket, which PostgreSQL never
/// speaks there, and the connection failed where libpq's connects. Now each host is tried in
/// turn with the mode right for it: none over the socket. The TCP host here is a port nobody
/// listens on, so that only the socket can answer; a verifying mode with no root certificate
/// at hand does not stop it either (the TCP host alone would need one). The report says which
/// host answered.
#[test]
fn a_unix_socket_first_in_a_host_list_is_connected_to_without_tls() {
    let Some(server) = server() else { return };
    let (url, _, _) = exported_and_loaded(&server, "conference", "3", "socket_first");
    let Some((folder, port, user, password)) = over_the_socket(&url) else {
        return;
    };
    let database = url.rsplit_once('/').unwrap().1;
    let free = free_port();
    let home = scratch("gwt-pg-socket-home-");
    let home = home.path().to_str().unwrap();
    let encoded = folder.replace('/', "%2F");
    for (source, variables) in [
        (
            format!(
                "host={folder},127.0.0.1 port={port},{free} user={user} password={password} \
                 dbname={database} sslmode=require"
            ),
            vec![("HOME", home)],
        ),
        (
            format!(
                "postgres://{user}:{password}@{encoded}:{port},127.0.0.1:{free}/{database}\
                 ?sslmode=require"
            ),
            vec![("HOME", home)],
        ),
        (
            format!(
                "host={folder},127.0.0.1 port={port},{free} user={user} password={password} \
                 dbname={database}"
            ),
            vec![("HOME", home), ("PGSSLMODE", "verify-full")],
        ),
        // The default, prefer: the driver tried TLS on the socket and failed on its folder as
        // no server name.
        (
            format!(
                "host={folder},127.0.0.1 port={port},{free} user={user} password={password} \
                 dbname={database}"
            ),
            vec![("HOME", home)],
        ),
    ] {
        let out = gwt_with(&["verify-migration", "--from", &source], &variables);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(0), "{source}: {said}");
        assert_eq!(
            said.lines().nth(1),
            Some(
                format!(
                    "connected to host {folder},127.0.0.1 ({folder} answered), port \
                     {port},{free}, database {database}, user {user}"
                )
                .as_str()
            ),
            "{said}"
        );
    }
}

/// `verify-full` and `verify-ca` asked for a root certificate even when every host was a Unix
/// socket, where no TLS is spoken and the certificate would not be read: the connection was
/// refused before it was tried. It is not asked for there now.
#[test]
fn a_verifying_sslmode_over_a_unix_socket_alone_asks_for_no_root_certificate() {
    let Some(server) = server() else { return };
    let (url, _, _) = exported_and_loaded(&server, "conference", "3", "socket_verify");
    let Some((folder, port, user, password)) = over_the_socket(&url) else {
        return;
    };
    let database = url.rsplit_once('/').unwrap().1;
    // A home without libpq's ~/.postgresql/root.crt.
    let home = scratch("gwt-pg-socket-home-");
    let home = home.path().to_str().unwrap();
    let pairs = format!("host={folder} port={port} user={user} password={password}");
    let encoded = folder.replace('/', "%2F");
    for (source, variables) in [
        (
            format!("{pairs} dbname={database} sslmode=verify-full"),
            vec![("HOME", home)],
        ),
        (
            format!("postgres://{user}:{password}@{encoded}:{port}/{database}?sslmode=verify-ca"),
            vec![("HOME", home)],
        ),
        (
            format!("{pairs} dbname={database}"),
            vec![("HOME", home), ("PGSSLMODE", "verify-full")],
        ),
    ] {
        let out = gwt_with(&["verify-migration", "--from", &source], &variables);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(0), "{source}: {said}");
        assert!(!said.contains("sslrootcert"), "{said}");
    }
}

/// The server's certificate file, when it speaks TLS; `None`, said loudly, when it does not,
/// which fails `test` under CI (its server speaks TLS, see .ci/run).
fn tls_certificate(server: &str, test: &str) -> Option<String> {
    let mut admin = postgres::Client::connect(server, postgres::NoTls).unwrap();
    let on: String = admin.query_one("SHOW ssl", &[]).unwrap().get(0);
    if on != "on" {
        assert!(
            std::env::var("CI").map_or(true, |v| v.is_empty() || v == "false"),
            "CI needs a PostgreSQL server with TLS on (see .ci/run)"
        );
        eprintln!("*** {test} DID NOT RUN: the server has ssl = {on} ***");
        return None;
    }
    Some(admin.query_one("SHOW ssl_cert_file", &[]).unwrap().get(0))
}

/// The TCP hosts of a list that names a Unix socket too are connected to as `sslmode` asks, and
/// a failure says, host by host, what each said: here the socket's folder holds no server, and
/// `verify-full` by the server's address fails on its certificate's name, which only a TLS
/// handshake can tell; by the name the certificate gives (`localhost`) it connects.
#[test]
fn the_tcp_hosts_of_a_list_with_a_unix_socket_speak_tls_as_sslmode_asks() {
    let Some(server) = server() else { return };
    let Some(certificate) = tls_certificate(&server, "the mixed host list TLS test") else {
        return;
    };
    let (url, _, _) = exported_and_loaded(&server, "conference", "3", "mixed_tls");
    let config: postgres::Config = url.parse().unwrap();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap();
    let password = config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .unwrap_or_default();
    let database = config.get_dbname().unwrap();
    let empty = scratch("gwt-pg-no-socket-");
    let empty = empty.path().to_str().unwrap();
    let source = |host: &str| {
        format!(
            "host={empty},{host} port={port} user={user} password={password} \
             dbname={database} sslmode=verify-full sslrootcert={certificate}"
        )
    };
    let out = gwt_with(&["verify-migration", "--from", &source("127.0.0.1")], &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    for each in [
        format!("host {empty}, port {port}: error connecting to server: No such file"),
        format!(
            "host 127.0.0.1, port {port}: error performing TLS handshake: invalid peer \
             certificate: certificate not valid for name \"127.0.0.1\""
        ),
    ] {
        assert!(said.contains(&each), "missing `{each}` in: {said}");
    }
    let out = gwt_with(&["verify-migration", "--from", &source("localhost")], &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "connected to host {empty},localhost (localhost answered"
        )),
        "{said}"
    );
}

/// In a list that names a Unix socket, only the TCP hosts need the root certificate a
/// verifying mode checks against: its lack is said of them when they are tried (the socket
/// before them may connect, as libpq's does), not of the whole list before it is tried.
#[test]
fn a_missing_root_certificate_fails_the_tcp_hosts_of_a_mixed_list_alone() {
    let empty = scratch("gwt-pg-no-socket-");
    let empty = empty.path().to_str().unwrap();
    let home = scratch("gwt-pg-socket-home-");
    let out = gwt_with(
        &[
            "verify-migration",
            "--from",
            &format!(
                "host={empty},127.0.0.1 port=1 user=ann password=secret dbname=db \
                 sslmode=verify-full"
            ),
        ],
        &[("HOME", home.path().to_str().unwrap())],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    for each in [
        format!("host {empty}, port 1: error connecting to server: No such file"),
        "host 127.0.0.1, port 1: sslmode=verify-full checks the server's certificate against \
         the authority that signed it"
            .to_string(),
    ] {
        assert!(said.contains(&each), "missing `{each}` in: {said}");
    }
    assert!(!said.contains("secret"), "{said}");
}

/// A server that takes the connection and never answers held gwt forever, `connect_timeout`
/// or not (the driver bounds only the socket's connection by it): the whole connection is now
/// bounded by it, or by `PGCONNECT_TIMEOUT`.
#[test]
fn a_server_that_never_answers_is_given_up_after_the_connect_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        // Taken and held, never answered.
        let held: Vec<_> = listener.incoming().collect();
        drop(held);
    });
    for (source, variables) in [
        (
            format!("postgres://ann@127.0.0.1:{port}/db?connect_timeout=2"),
            vec![],
        ),
        (
            format!("postgres://ann@127.0.0.1:{port}/db"),
            vec![("PGCONNECT_TIMEOUT", "2")],
        ),
    ] {
        let started = std::time::Instant::now();
        let out = gwt_with(&["verify-migration", "--from", &source], &variables);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains("the server said nothing within 2 s of being asked"),
            "{said}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }
}

/// Which way a proxy goes silent, after how many bytes have passed that way.
enum Silence {
    /// The server's answers.
    Answers(usize),
    /// The client's requests.
    Requests(usize),
}

/// A proxy before the server of `url` for one connection: bytes pass both ways until the side
/// `silence` names has sent as many as it says; what that side sends after is taken and
/// dropped, and both connections stay open until the sender returned is dropped (a server, or a
/// network, that stops answering without closing). Gives the URL through the proxy.
fn going_silent(
    url: &str,
    silence: Silence,
) -> (
    String,
    std::sync::mpsc::Sender<()>,
    std::thread::JoinHandle<()>,
) {
    use std::io::{Read as _, Write as _};
    use std::net::{Shutdown, TcpListener, TcpStream};
    // The server's address, from its URL (`postgres://user:pw@host:port/db`).
    let authority = url.split('@').nth(1).unwrap().split('/').next().unwrap();
    let upstream = authority.to_string();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (end, ended) = std::sync::mpsc::channel::<()>();
    let (answers, requests) = match silence {
        Silence::Answers(after) => (after, usize::MAX),
        Silence::Requests(after) => (usize::MAX, after),
    };
    let pump = |mut from: TcpStream, mut to: TcpStream, passing: usize| {
        std::thread::spawn(move || {
            let (mut passed, mut buf) = (0, [0u8; 8192]);
            while let Ok(n) = from.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if passed < passing {
                    passed += n;
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        })
    };
    let proxy = std::thread::spawn(move || {
        let Some(Ok(client)) = listener.incoming().next() else {
            return;
        };
        let server = TcpStream::connect(&upstream).unwrap();
        let clone = |s: &TcpStream| s.try_clone().unwrap();
        pump(clone(&server), clone(&client), answers);
        pump(clone(&client), clone(&server), requests);
        let _ = ended.recv();
        // Closed both ways for every handle: the server sees the connection end.
        let _ = client.shutdown(Shutdown::Both);
        let _ = server.shutdown(Shutdown::Both);
    });
    let proxied = url.replace(authority, &format!("127.0.0.1:{port}"));
    (proxied, end, proxy)
}

/// A database that stops sending mid-read without closing the connection (a proxy that hangs)
/// held the reading forever: after `GWT_PG_STALL_SECONDS` (300 by default) without a page, the
/// reading ends with an error counting the rows read.
#[test]
fn a_database_that_stops_sending_mid_read_is_given_up_after_a_while() {
    let Some(server) = server() else { return };
    let (url, _, _) = exported_and_loaded(&server, "conference", "300", "stall");
    // The server's answers pass until 200 KB have, then nothing more does.
    let (out, said) = silenced(
        &url,
        Silence::Answers(200_000),
        &["verify-migration", "--from", &url],
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the database sent nothing for 3 seconds after")
            && said.contains("rows, and the connection is still open: it stopped answering"),
        "{said}"
    );
}

/// `gwt args`, `url` among them taken through a proxy going silent as `silence` says, with a
/// wait of 3 seconds for the database (`GWT_PG_STALL_SECONDS`): what it said, once the proxy's
/// connections are closed. It must end within 45 seconds.
fn silenced(url: &str, silence: Silence, args: &[&str]) -> (Output, String) {
    let (proxied, end, proxy) = going_silent(url, silence);
    let args: Vec<&str> = args
        .iter()
        .map(|&a| if a == url { proxied.as_str() } else { a })
        .collect();
    let started = std::time::Instant::now();
    let out = gwt_with(&args, &[("GWT_PG_STALL_SECONDS", "3")]);
    let said = text(&out);
    drop(end);
    proxy.join().unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(45),
        "{said}"
    );
    (out, said)
}

/// A database that stops taking a load's rows without closing the connection (a hung backend,
/// a proxy gone silent) held `gwt load` forever: after `GWT_PG_STALL_SECONDS` without progress it
/// ends, saying so, and the load, never committed, leaves nothing behind.
#[test]
fn a_database_that_stops_taking_a_load_is_given_up_after_a_while() {
    let Some(server) = server() else { return };
    let (url, log, _tmp) = exported(&server, "conference", "300", "load_stall");
    // The client's first 100 KB pass (the session's start, the statements, the first rows);
    // what it sends after is dropped, so the server waits for rows that never come and the
    // load for an answer that never comes.
    let (out, said) = silenced(
        &url,
        Silence::Requests(100_000),
        &["load", "--to", &url, "--from", log.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "gwt load: the database sent nothing for 3 seconds and the connection is \
             still open: it stopped answering"
        ) && said.contains("the load was not committed, so nothing was copied"),
        "{said}"
    );
    // The server, its connection closed, undid the load: no table was left.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let others = "SELECT count(*) FROM pg_stat_activity \
                  WHERE datname = current_database() AND pid <> pg_backend_pid()";
    for _ in 0..100 {
        let sessions: i64 = client.query_one(others, &[]).unwrap().get(0);
        if sessions == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let sessions: i64 = client.query_one(others, &[]).unwrap().get(0);
    assert_eq!(sessions, 0, "the load's session is still open");
    let table: Option<String> = client
        .query_one("SELECT to_regclass('events')::text", &[])
        .unwrap()
        .get(0);
    assert_eq!(table, None, "{said}");
}

/// `--bench` from a table says how many rounds it timed, in what order it read the rows, and
/// whether the target was met; a table with no rows gives no figures (a ratio of 239,718 to
/// nothing, exit 0).
#[test]
fn the_bench_from_a_table_says_its_rounds_and_order_and_refuses_an_empty_table() {
    let Some(server) = server() else { return };
    let (url, _, _tmp) = exported_and_loaded(&server, "conference", "20", "bench");
    let out = gwt(&["verify-migration", "--bench", "--from", &url]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(", best of 3 rounds; rows read in the order they were recorded"),
        "{said}"
    );
    assert!(
        said.contains("(target: at least 300k, met)")
            || said.contains("(target: at least 300k, not met)"),
        "{said}"
    );
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute("TRUNCATE events").unwrap();
    let out = gwt(&["verify-migration", "--bench", "--from", &url]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the table holds no events, so there is nothing to measure"),
        "{said}"
    );
}

/// `gwt load` refuses what would load as no log: an empty input (a wrong path behind a pipe,
/// `zcat missing.gz | gwt load --from -`, made an empty table and said `0 events copied`), and
/// metadata holding `\u0000` (a log that verifies clean, whose load the order index refused
/// naming no line). Each refusal leaves nothing behind.
#[test]
fn load_refuses_an_empty_log_and_metadata_postgres_cannot_read_naming_the_line() {
    let Some(server) = server() else { return };
    let (url, tmp) = fresh_database_and_folder(&server, "load_refusals");
    let dir = tmp.path();
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, "\n\n").unwrap();
    let out = gwt(&["load", "--to", &url, "--from", empty.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("holds no events: nothing to load"), "{said}");
    let nul = dir.join("nul.jsonl");
    let with_metadata = conference_line("c1", 2).replacen(
        "\"recorded_at\"",
        "\"metadata\":{\"note\":\"a\\u0000b\"},\"recorded_at\"",
        1,
    );
    std::fs::write(
        &nul,
        format!("{}\n{with_metadata}\n", conference_line("c1", 1)),
    )
    .unwrap();
    let out = verify_from(nul.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = gwt(&["load", "--to", &url, "--from", nul.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{}:2: the metadata holds `\\u0000`, which PostgreSQL cannot read as text",
            nul.display()
        )),
        "{said}"
    );
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let table: Option<String> = client
        .query_one("SELECT to_regclass('events')::text", &[])
        .unwrap()
        .get(0);
    assert_eq!(table, None, "a refused load left a table behind");
}

/// An `events` view over a table loaded by gwt carries the positions but takes no index: the
/// advice was a `CREATE INDEX … ON events`, which PostgreSQL refuses on a view. It says to read
/// the table the view reads, with its index.
#[test]
fn a_view_named_events_is_read_by_key_and_not_advised_an_index_it_cannot_take() {
    let Some(server) = server() else { return };
    let (url, _log, _dir) = exported_and_loaded(&server, "conference", "5", "view");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "ALTER TABLE events RENAME TO events_t; CREATE VIEW events AS SELECT * FROM events_t",
        )
        .unwrap();
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("but events is a view, and gwt reads that order only through an index"),
        "{said}"
    );
    assert!(
        said.contains("CREATE INDEX events_recorded_order ON <that table> ("),
        "{said}"
    );
    assert!(!said.contains("ON events ("), "{said}");
}

/// A table read stream by stream (no `metadata.position`, as any postgres-es table) is not held
/// to which of two streams' events came first, but is to what never came at all: a lost
/// confirmation passed as clean (exit 0), its commit and its seats' opening for assignment left
/// unjudged without a word. The report says what is not judged, and `--bench` judges the table
/// as the verification does (it told breaches the verification did not).
#[test]
fn a_table_read_stream_by_stream_is_judged_on_what_never_came_and_says_what_is_not() {
    let Some(server) = server() else { return };
    let (url, _, _tmp) = exported_and_loaded(&server, "conference", "60", "unordered");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "DROP INDEX events_recorded_order; \
             UPDATE events SET metadata = json_build_object('recorded_at', metadata->'recorded_at')",
        )
        .unwrap();
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("not judged: which of two streams' events came first"),
        "{said}"
    );
    let out = gwt(&["verify-migration", "--bench", "--from", &url]);
    let bench = text(&out);
    assert_eq!(out.status.code(), Some(0), "{bench}");
    assert!(!bench.contains("the log is not clean"), "{bench}");

    let confirmed: String = client
        .query_one(
            "SELECT aggregate_id FROM events WHERE event_type = 'OrderConfirmed' \
             AND aggregate_id IN (SELECT aggregate_id FROM events WHERE aggregate_type = \
             'SeatAssignments') ORDER BY aggregate_id LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    client
        .execute(
            "DELETE FROM events WHERE aggregate_id = $1 AND event_type = 'OrderConfirmed'",
            &[&confirmed],
        )
        .unwrap();
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    for expected in [
        format!("the seats of order {confirmed} were opened for assignment, but the log never confirmed it"),
        format!("committed the reservation of order {confirmed} (position "),
    ] {
        assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    }
}

/// `url` as `role` (password `password`) connects, the server's user and password replaced.
fn as_role(url: &str, role: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{role}:{password}@{rest}")
}

/// Whether `table` (`public.events`) stands in the database at `url`.
fn stands(url: &str, table: &str) -> bool {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap()
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&table])
        .unwrap()
        .get(0)
}

/// The advice a message gives to put a schema on the search path, as it spells it for a URL:
/// what to append (`?options=-c%20search_path%3Des`).
fn appended(said: &str) -> String {
    let after = said
        .split("put its schema on the search path: append ")
        .nth(1);
    let advice = after
        .and_then(|a| a.split_once(" to the URL"))
        .map(|(a, _)| a);
    advice
        .unwrap_or_else(|| panic!("no advice: {said}"))
        .to_string()
}

/// An `events` table of another application's layout, with rows or without, is told as such
/// by `gwt load`, naming the columns it lacks and those it has, and left as it was: it was told
/// to empty the table (TRUNCATE events), after which the load failed on the driver's words
/// alone (`column "aggregate_type" of relation "events" does not exist`). verify-migration names
/// every column missing too, not the first the query met.
#[test]
fn load_into_an_events_table_of_another_layout_names_what_it_lacks_and_leaves_it_alone() {
    let Some(server) = server() else { return };
    let (url, log, _tmp) = exported(&server, "conference", "3", "other_layout");
    let log = log.to_str().unwrap();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "CREATE TABLE events (id serial PRIMARY KEY, kind text, body jsonb); \
             INSERT INTO events (kind, body) VALUES ('signup', '{}')",
        )
        .unwrap();
    let out = gwt(&["load", "--to", &url, "--from", log]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "gwt load: public.events is not postgres-es's events table: it has none of the \
             columns postgres-es writes (aggregate_type, aggregate_id, sequence, event_type, \
             event_version, payload, metadata; its columns: id, kind, body); gwt load fills \
             only a table of postgres-es's columns (which verify-migration reads), and leaves \
             this one as it was: load into a database that has no events table (gwt load makes \
             one) or postgres-es's; the load was refused as a whole: nothing was copied"
        ),
        "{said}"
    );
    assert!(!said.contains("TRUNCATE"), "{said}");
    assert!(!said.contains("already holds"), "{said}");
    assert_eq!(count(&url), 1, "the other application's row");

    // Empty, and sharing some columns: those it lacks are named, not the driver's first.
    client
        .batch_execute(
            "DROP TABLE events; \
             CREATE TABLE events (aggregate_type text, aggregate_id text, body jsonb)",
        )
        .unwrap();
    let lacks = "public.events is not postgres-es's events table: it lacks the columns \
                 sequence, event_type, event_version, payload, metadata (its columns: \
                 aggregate_type, aggregate_id, body); expected the columns postgres-es writes: \
                 aggregate_type, aggregate_id, sequence, event_type, event_version, payload, \
                 metadata";
    let out = gwt(&["load", "--to", &url, "--from", log]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!("gwt load: {lacks}; gwt load fills")),
        "{said}"
    );
    assert!(!said.contains("db error"), "{said}");
    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!("/{}: {lacks}", url.rsplit('/').next().unwrap())),
        "{said}"
    );
    assert_eq!(count(&url), 0);

    // postgres-es's own table in a schema the search path does not take is pointed at, by
    // both commands.
    client
        .batch_execute(&format!(
            "CREATE SCHEMA es; SET search_path = es; {}; SET search_path = public",
            postgres_es_table("json")
        ))
        .unwrap();
    for (out, verb) in [
        (gwt(&["load", "--to", &url, "--from", log]), "load into"),
        (verify_from(&url, &[]), "read"),
    ] {
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!(
                "; the database has es.events outside the search path: to {verb} es.events, put \
                 its schema on the search path: append ?options=-c%20search_path%3Des to the \
                 URL, or run gwt with PGOPTIONS='-c search_path=es'"
            )),
            "{said}"
        );
    }
}

/// postgres-es's table in a schema the search path does not take (`es.events`) is found, for
/// load and verify-migration alike, and said with how to put its schema on the search path, in
/// the spelling the source is written in; the advice, followed as given, reads and fills it.
/// gwt load makes no table beside it. A role that may only read the table is told the same,
/// and one that may not read it, what it lacks.
#[test]
fn an_events_table_outside_the_search_path_is_found_and_the_advice_reaches_it() {
    let Some(server) = server() else { return };
    let (url, log, _tmp) = exported(&server, "conference", "3", "elsewhere");
    let log = log.to_str().unwrap();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE SCHEMA es; SET search_path = es; {}; SET search_path = public",
            postgres_es_table("json")
        ))
        .unwrap();

    let out = gwt(&["load", "--to", &url, "--from", log]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "gwt load: no schema of the search path (\"$user\", public) has an events table, \
             and gwt load makes none beside postgres-es's own: the database has es.events \
             outside the search path: to load into es.events, put its schema on the search \
             path: append ?options=-c%20search_path%3Des to the URL, or run gwt with \
             PGOPTIONS='-c search_path=es'; to load into a new table in public instead, make it \
             first (CREATE TABLE public.events (LIKE es.events INCLUDING ALL)); the load was \
             refused as a whole: nothing was copied"
        ),
        "{said}"
    );
    assert!(
        !stands(&url, "public.events"),
        "a table was made beside es.events"
    );
    // The advice, as given, fills es.events.
    let pointed = format!("{url}{}", appended(&said));
    let out = gwt(&["load", "--to", &pointed, "--from", log]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(" events copied into es.events of "), "{said}");
    assert!(!stands(&url, "public.events"));

    let out = verify_from(&url, &[]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "relation \"events\" does not exist; expected postgres-es's `events` table in a \
             schema of the search path (\"$user\", public), or a database that holds it; the \
             database has es.events outside the search path: to read es.events, put its schema \
             on the search path: append ?options=-c%20search_path%3Des to the URL, or run gwt \
             with PGOPTIONS='-c search_path=es'"
        ),
        "{said}"
    );
    let out = verify_from(&format!("{url}{}", appended(&said)), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("rows of es.events read in the order"),
        "{}",
        text(&out)
    );
    let out = gwt_with(
        &["verify-migration", "--from", &url],
        &[("PGOPTIONS", "-c search_path=es")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // A key=value string is told its own spelling, which reads it too.
    let said = text(&verify_from(&key_values(&url, true), &[]));
    let advice = "add options='-c search_path=es' to the connection string";
    assert!(said.contains(advice), "{said}");
    let out = verify_from(
        &format!("{} options='-c search_path=es'", key_values(&url, true)),
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // A schema whose name SQL quotes, with a space in it: quoted, escaped for the server's
    // options and percent-encoded, as the driver and the server read them.
    client
        .batch_execute("ALTER SCHEMA es RENAME TO \"Event Log\"")
        .unwrap();
    let said = text(&verify_from(&url, &[]));
    assert!(
        said.contains(
            "to read \"Event Log\".events, put its schema on the search path: append \
             ?options=-c%20search_path%3D%22Event%5C%20Log%22 to the URL"
        ),
        "{said}"
    );
    let out = verify_from(&format!("{url}{}", appended(&said)), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    client
        .batch_execute("ALTER SCHEMA \"Event Log\" RENAME TO es")
        .unwrap();

    // A role that may only read the table is told the same; one that may not, what it lacks.
    let role = format!("gwt_reader_{}", std::process::id());
    client
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN PASSWORD 'r'; \
             GRANT USAGE ON SCHEMA es TO {role}; GRANT SELECT ON es.events TO {role}"
        ))
        .unwrap();
    let reader = as_role(&url, &role, "r");
    let said = text(&verify_from(&reader, &[]));
    assert!(
        said.contains(
            "the database has es.events outside the search path: to read es.events, put its \
             schema on the search path: append ?options=-c%20search_path%3Des to the URL"
        ),
        "{said}"
    );
    let out = verify_from(&format!("{reader}{}", appended(&said)), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    client
        .batch_execute(&format!("REVOKE USAGE ON SCHEMA es FROM {role}"))
        .unwrap();
    let said = text(&verify_from(&reader, &[]));
    assert!(
        said.contains(
            "the database has es.events (this user lacks USAGE on its schema) outside the \
             search path: to read es.events, put its schema on the search path: append \
             ?options=-c%20search_path%3Des to the URL, or run gwt with PGOPTIONS='-c \
             search_path=es' (and have this user granted USAGE on its schema)"
        ),
        "{said}"
    );
    client
        .batch_execute(&format!(
            "REVOKE SELECT ON es.events FROM {role}; DROP ROLE {role}"
        ))
        .unwrap();
}

/// `--write-migrated` from a table whose rows give no `recorded_at` (postgres-es's `{}`), or
/// that keeps no order across streams, is refused at its first rows, saying why, where the whole
/// table was read and verified first; the reading writes nothing, and a file there from before
/// is left as it was. Without `--write-migrated` the same table is verified.
#[test]
fn write_migrated_from_a_table_that_cannot_give_a_copy_is_refused_at_its_first_rows() {
    let Some(server) = server() else { return };
    let (url, _log, tmp) = exported_and_loaded(&server, "conference", "20", "copy_refused");
    let rows = count(&url);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute("DROP INDEX events_recorded_order; UPDATE events SET metadata = '{}'")
        .unwrap();
    let copy = tmp.path().join("copy.jsonl");
    std::fs::write(&copy, "before\n").unwrap();
    let copy = copy.to_str().unwrap();
    let out = verify_from(&url, &["--write-migrated", copy]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "gwt verify-migration: --write-migrated {copy}: not written, and the table not \
             read past its first rows: row Conference/"
        )),
        "{said}"
    );
    assert!(
        said.contains(
            ", among the first read, gives no `recorded_at` in its metadata (postgres-es \
             writes `{}` unless the application adds to it), and each line of a log gives the \
             instant its event was recorded, which the copy would have to make up; and the \
             table lacks the index on metadata.position that gwt reads the order of recording \
             through, so its rows would be read stream by stream"
        ),
        "{said}"
    );
    assert!(
        said.contains(
            "; the file there from before is left as it was, and is not this run's; nothing \
             was verified"
        ),
        "{said}"
    );
    // Refused before the verification: no report.
    assert!(!said.contains("events read"), "{said}");
    assert_eq!(std::fs::read_to_string(copy).unwrap(), "before\n");
    assert_eq!(count(&url), rows, "reading wrote to the store");
    assert!(
        !stands(&url, "events_recorded_order"),
        "reading built an index"
    );
    let out = verify_from(&url, &[]);
    assert!(
        text(&out).contains(&format!("{rows} events read")),
        "{}",
        text(&out)
    );

    // Dated rows, with the index, but none with a position: no order across streams, which
    // the order the table keeps says before any row is verified.
    client
        .batch_execute(&format!(
            "UPDATE events SET metadata = '{{\"recorded_at\":\"2026-01-05T09:00:00Z\"}}'; {}",
            "CREATE INDEX events_recorded_order ON events \
             (((metadata->>'position')::bigint), aggregate_type, aggregate_id, sequence)"
        ))
        .unwrap();
    let out = verify_from(&url, &["--write-migrated", copy]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "not written, and the table not read past its first rows: the table records no \
             order across streams (its rows give no metadata.position); the file there from \
             before"
        ),
        "{said}"
    );
    assert!(!said.contains("events read"), "{said}");
}

/// What a reading must leave as it was: `table`'s rows, byte for byte in key order, and the
/// relations of the database (a built index, a table made, would show).
fn untouched(url: &str, table: &str) -> (i64, String, String) {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let rows = client
        .query_one(
            &format!(
                "SELECT count(*), md5(coalesce(string_agg(e::text, E'\\n' ORDER BY \
                 aggregate_type, aggregate_id, sequence), '')) FROM {table} e"
            ),
            &[],
        )
        .unwrap();
    let relations: String = client
        .query_one(
            "SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' \
             ORDER BY n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n \
             ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', \
             'information_schema', 'pg_toast')",
            &[],
        )
        .unwrap()
        .get(0);
    (rows.get(0), rows.get(1), relations)
}

/// `--write-migrated` into a file not there yet, from `url`, refused at the table's first rows
/// for one of `whys` (where the server may name one row of several): exit 2, the message naming the copy and the cause, no report (nothing verified),
/// no file written in the copy's folder (the copy, or a temporary one left behind), and `table`
/// (what `url`'s `events` reads) as it was.
fn copy_refused_at_first_rows(url: &str, table: &str, whys: &[String]) {
    let folder = scratch("gwt-pg-copy-refused-");
    let copy = folder.path().join("copy.jsonl");
    let copy = copy.to_str().unwrap();
    let before = untouched(url, table);
    let out = verify_from(url, &["--write-migrated", copy]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let refused = |why: &String| {
        said.contains(&format!(
            "gwt verify-migration: --write-migrated {copy}: not written, and the table not read \
             past its first rows: {why}; nothing was verified (without --write-migrated the \
             table is verified, and the report says what it holds)"
        ))
    };
    assert!(
        whys.iter().any(refused),
        "missing the refusal for {whys:?} in:\n{said}"
    );
    assert!(!said.contains("events read"), "{said}");
    let written: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        written.is_empty(),
        "written beside the refusal: {written:?}"
    );
    assert_eq!(untouched(url, table), before, "reading wrote to the store");
    // Without --write-migrated the same table is read and verified whole.
    let out = verify_from(url, &[]);
    assert!(
        text(&out).contains(&format!("{} events read", before.0)),
        "{}",
        text(&out)
    );
}

/// An `events` view over a table `gwt load` filled, its rows dated and placed, takes no index on
/// the order of recording, so its rows would be read stream by stream: `--write-migrated` is
/// refused at its first rows, naming the view (by its schema where it is not `public`'s).
#[test]
fn write_migrated_from_a_view_is_refused_at_its_first_rows_naming_it() {
    let Some(server) = server() else { return };
    let (url, _log, _tmp) = exported_and_loaded(&server, "conference", "10", "copy_view");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "ALTER TABLE events RENAME TO events_t; CREATE VIEW events AS SELECT * FROM events_t",
        )
        .unwrap();
    copy_refused_at_first_rows(
        &url,
        "events_t",
        &[
            "the table is a view, which takes no index on the order of recording, so its rows \
           would be read stream by stream"
                .to_string(),
        ],
    );
    client
        .batch_execute("CREATE SCHEMA es; ALTER VIEW events SET SCHEMA es")
        .unwrap();
    copy_refused_at_first_rows(
        &format!("{url}?options=-c%20search_path%3Des"),
        "public.events_t",
        &[
            "es.events is a view, which takes no index on the order of recording, so its rows \
           would be read stream by stream"
                .to_string(),
        ],
    );
}

/// The key of the row of the first stream (by key) of more than one row, at its first
/// (`min`) or last (`max`) sequence, as SQL's condition on it.
fn row_of_a_long_stream(at: &str, skip: u32) -> String {
    format!(
        "(aggregate_type, aggregate_id, sequence) = (SELECT aggregate_type, aggregate_id, \
         {at}(sequence) FROM events GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 1 \
         OFFSET {skip})"
    )
}

/// Takes the position out of the metadata of the row `key` names, as a system that writes
/// after `gwt load` would write it: dated, unplaced. The row as messages name it
/// (`row Conference/conf-1-h0#4`).
fn unplace(client: &mut postgres::Client, key: &str) -> String {
    let rows = client
        .query(
            &format!(
                "UPDATE events SET metadata = json_build_object('recorded_at', \
                 metadata->>'recorded_at') WHERE {key} \
                 RETURNING aggregate_type, aggregate_id, sequence"
            ),
            &[],
        )
        .unwrap();
    assert_eq!(rows.len(), 1, "no row at {key}");
    let (kind, id, sequence): (String, String, i64) =
        (rows[0].get(0), rows[0].get(1), rows[0].get(2));
    format!("row {kind}/{id}#{sequence}")
}

/// Rows without a position among placed ones, each the last of its stream: read after the
/// others, where they stand in the order across streams is not known, and `--write-migrated` is
/// refused at the first rows (read in order, they come last), saying how many.
#[test]
fn write_migrated_from_a_table_with_unplaced_rows_is_refused_at_its_first_rows() {
    let Some(server) = server() else { return };
    let (url, _log, _tmp) = exported_and_loaded(&server, "conference", "10", "copy_unplaced");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let last = unplace(&mut client, &row_of_a_long_stream("max", 0));
    copy_refused_at_first_rows(
        &url,
        "events",
        &[format!(
            "1 row gives no metadata.position ({last}), so where it stands in the order across \
             streams is not known"
        )],
    );
    let another = unplace(&mut client, &row_of_a_long_stream("max", 1));
    // Which the server finds first is its own: either is named.
    let whys: Vec<String> = [&last, &another]
        .iter()
        .map(|row| {
            format!(
                "2 rows give no metadata.position (the first found: {row}), so where they \
                 stand in the order across streams is not known"
            )
        })
        .collect();
    copy_refused_at_first_rows(&url, "events", &whys);
}

/// Rows without a position, some standing before rows of their own stream that give one:
/// the table is read stream by stream, and `--write-migrated` is refused at its first rows. One
/// such row is said as one (it was `1 row gives …, some of them before rows …`).
#[test]
fn write_migrated_from_a_table_with_interleaved_rows_is_refused_at_its_first_rows() {
    let Some(server) = server() else { return };
    let (url, _log, _tmp) = exported_and_loaded(&server, "conference", "10", "copy_interleaved");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let first = unplace(&mut client, &row_of_a_long_stream("min", 0));
    copy_refused_at_first_rows(
        &url,
        "events",
        &[format!(
            "1 row gives no metadata.position ({first}), and stands before a row of its own \
             stream that gives one, so the rows would be read stream by stream"
        )],
    );
    // The last of another stream stands before none of its own: the first is the one named.
    unplace(&mut client, &row_of_a_long_stream("max", 1));
    copy_refused_at_first_rows(
        &url,
        "events",
        &[format!(
            "2 rows give no metadata.position, some of them before rows of their own stream \
             that give one (the first found: {first}), so the rows would be read stream by stream"
        )],
    );
}
