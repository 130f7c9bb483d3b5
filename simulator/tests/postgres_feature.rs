//! PostgreSQL is a feature (`postgres`, a default one): a `gwt` built without it refuses a
//! source or destination that names a database as unreadable input, saying which feature to
//! enable, and runs the rest of the command line as before; one built with it goes to the
//! server. Run in both builds: `cargo test` has the feature, `.ci/run` runs this file without
//! it. No server is needed: the databases named are on a port nothing listens on.

mod common;

use common::{conference_line, expect, text};
use std::process::{Command, Output};

const BUILT: bool = cfg!(feature = "postgres");
const NOT_BUILT: &str = "this gwt was built without PostgreSQL support: build it with the cargo \
                         feature `postgres` of gwt-simulator";

fn gwt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(args)
        // A password from the environment or a password file would change nothing here, but
        // keeps the runs alike wherever they are.
        .env("PGPASSFILE", "/nonexistent/gwt-test-pgpass")
        .env_remove("PGPASSWORD")
        .output()
        .expect("gwt runs")
}

/// The run exited 2, as for input it cannot read, said that the build lacks PostgreSQL where it
/// does (and only there), and neither showed the password nor panicked.
fn refused_or_tried(out: &Output, command: &str) {
    let said = text(out);
    assert_eq!(out.status.code(), Some(2), "{command}: {said}");
    assert_eq!(said.contains(NOT_BUILT), !BUILT, "{command}: {said}");
    assert!(!said.contains("s3cret"), "{command}: {said}");
    assert!(!said.contains("panicked"), "{command}: {said}");
}

#[test]
fn a_database_needs_the_feature_and_a_file_does_not() {
    let dir = tempfile::Builder::new()
        .prefix("gwt-postgres-feature-")
        .tempdir()
        .unwrap();
    let log = dir.path().join("log.jsonl");
    let lines: Vec<String> = (1..=3).map(|seq| conference_line("c1", seq)).collect();
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let log = log.to_str().unwrap();

    let url = "postgres://ann:s3cret@127.0.0.1:1/events";
    let pairs = "host=127.0.0.1 port=1 user=ann password=s3cret dbname=events";
    for source in [url, pairs] {
        let out = gwt(&[
            "verify-migration",
            "--domain",
            "conference",
            "--from",
            source,
        ]);
        refused_or_tried(&out, &format!("verify-migration --from {source}"));
        if !BUILT {
            assert!(
                text(&out).contains("--from names a PostgreSQL database"),
                "{}",
                text(&out)
            );
        }
        let out = gwt(&[
            "verify-migration",
            "--domain",
            "conference",
            "--bench",
            "--from",
            source,
        ]);
        refused_or_tried(&out, &format!("verify-migration --bench --from {source}"));
        let out = gwt(&["load", "--to", source, "--from", log]);
        refused_or_tried(&out, &format!("load --to {source}"));
        if !BUILT {
            assert!(text(&out).starts_with("gwt load: --to names a PostgreSQL database"));
        }
    }

    // The rest of the command line works either way: a file is verified, and a file that is
    // not there, whose name has an `=` but sets none of libpq's settings, is told as a file.
    let out = gwt(&["verify-migration", "--domain", "conference", "--from", log]);
    expect(&out, 0, &["3 events"]).unwrap();
    let missing = dir.path().join("a=b.jsonl");
    let missing = missing.to_str().unwrap();
    let out = gwt(&[
        "verify-migration",
        "--domain",
        "conference",
        "--from",
        missing,
    ]);
    expect(&out, 2, &[&format!("cannot read {missing}: ")]).unwrap();
    assert!(!text(&out).contains("PostgreSQL support"), "{}", text(&out));
}
