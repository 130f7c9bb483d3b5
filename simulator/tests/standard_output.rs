//! Every `gwt` command whose standard output cannot be written (a full disk, here `/dev/full`)
//! says so on standard error and exits 2, an output that cannot be used, never with a panic;
//! one whose reader stopped reading (a closed pipe) ends quietly with its own status.

use std::process::{Command, Stdio};

/// A folder of the test's own, named after it, removed when the test ends, pass or fail.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("gwt-stdout-{name}-"))
        .tempdir()
        .expect("a temporary folder")
}

/// Runs `gwt` with standard output on a full device; its exit code and standard error.
fn to_full_device(args: &[&str]) -> (Option<i32>, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdout(full)
        .output()
        .expect("gwt runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_report_that_cannot_be_written_is_said_with_exit_two_not_a_panic() {
    let tmp = scratch("full");
    let d = tmp.path();
    let log = d.join("log.jsonl");
    let (code, said) = to_full_device(&[
        "simulate",
        "--domain",
        "store",
        "--histories",
        "3",
        "--export",
        "-",
    ]);
    assert_eq!(code, Some(2), "{said}");
    // A log to verify.
    let made = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["simulate", "--domain", "store", "--histories", "3"])
        .arg("--export")
        .arg(&log)
        .output()
        .unwrap();
    assert!(made.status.success());
    let features = concat!(env!("CARGO_MANIFEST_DIR"), "/../features/store");
    let out = d.join("failures");
    for (args, command) in [
        (
            vec!["simulate", "--domain", "store", "--histories", "20"],
            "gwt simulate",
        ),
        (
            vec!["simulate", "--domain", "store", "--replay", "5"],
            "gwt simulate",
        ),
        (
            vec![
                "simulate",
                "--domain",
                "store",
                "--bench",
                "--histories",
                "1",
            ],
            "gwt simulate",
        ),
        (
            vec![
                "simulate",
                "--domain",
                "store",
                "--histories",
                "2",
                "--export",
                d.join("again.jsonl").to_str().unwrap(),
            ],
            "gwt simulate",
        ),
        (
            vec![
                "verify-migration",
                "--domain",
                "store",
                "--from",
                log.to_str().unwrap(),
            ],
            "gwt verify-migration",
        ),
        (vec!["test", "--domain", "store", features], "gwt test"),
        (vec!["catalog"], "gwt catalog"),
        (vec!["catalog", "--json"], "gwt catalog"),
        (
            vec!["coverage", "--domain", "store", features],
            "gwt coverage",
        ),
    ] {
        let mut args = args;
        // Feature files of failures, if any, go to scratch (the bench and an export write none).
        if args[0] == "simulate" && !args.contains(&"--bench") && !args.contains(&"--export") {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        let (code, said) = to_full_device(&args);
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(
            said.contains(&format!(
                "{command}: cannot write to standard output: No space left on device"
            )),
            "{args:?}: {said}"
        );
        assert!(!said.contains("panicked"), "{args:?}: {said}");
        assert_eq!(
            said.matches("standard output").count(),
            1,
            "{args:?}: {said}"
        );
    }
}

#[test]
fn a_reader_that_stops_reading_ends_the_command_quietly_with_its_own_status() {
    for args in [
        &["simulate", "--domain", "store", "--histories", "20"][..],
        &["catalog"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("gwt runs");
        // Closed before anything was read: every write meets a closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {said}");
        assert_eq!(said, "", "{args:?}");
    }
}

/// Runs `gwt` with standard error on a full device; its exit code.
fn errors_to_full_device(args: &[&str]) -> Option<i32> {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::null())
        .stderr(full)
        .status()
        .expect("gwt runs")
        .code()
}

#[test]
fn a_message_that_cannot_be_written_to_standard_error_leaves_the_exit_status_as_it_was() {
    let tmp = scratch("stderr");
    let d = tmp.path();
    let missing = d.join("missing.jsonl");
    let missing = missing.to_str().unwrap();
    let unreachable = "postgres://gwt@127.0.0.1:1/gwt?connect_timeout=2";
    for (args, status) in [
        (vec!["verify-migration", "--from", missing], 2),
        (vec!["load", "--to", unreachable, "--from", missing], 2),
        (vec!["test", missing], 1),
        // Says on standard error how many events it wrote.
        (
            vec![
                "simulate",
                "--domain",
                "store",
                "--histories",
                "5",
                "--export",
                "-",
            ],
            0,
        ),
    ] {
        assert_eq!(errors_to_full_device(&args), Some(status), "{args:?}");
    }
}

#[test]
fn help_and_version_that_cannot_be_written_are_said_with_exit_two() {
    for args in [
        vec!["--help"],
        vec!["help", "simulate"],
        vec!["verify-migration", "--help"],
        vec!["--version"],
    ] {
        let (code, said) = to_full_device(&args);
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(said.contains("cannot write to standard output"), "{said}");
    }
}

/// A feature file's problem is said on standard error as soon as it is found, and listed again
/// beside the closing line: with both outputs one file or pipe (`2>&1 | less`, a CI log) each
/// was read twice (the review of 2026-12-06, F12). It is said once there; apart, on each.
#[test]
fn a_problem_is_said_once_when_both_outputs_are_one_file() {
    let tmp = scratch("one-file");
    let d = tmp.path();
    let feature = d.join("q.feature");
    std::fs::write(
        &feature,
        "Feature: x\n\n  Scenario: y\n    \"Given no events\"\n    When 5 minutes pass\n    Then no commands are sent\n",
    )
    .unwrap();
    let both = d.join("both.txt");
    let file = std::fs::File::create(&both).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", feature.to_str().unwrap()])
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let said = std::fs::read_to_string(&both).unwrap();
    assert_eq!(
        said.matches("the step stands in quotation marks").count(),
        1,
        "{said}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", feature.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    for said in [&out.stdout, &out.stderr] {
        let said = String::from_utf8_lossy(said);
        assert_eq!(
            said.matches("the step stands in quotation marks").count(),
            1,
            "{said}"
        );
    }
}
