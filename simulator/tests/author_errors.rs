//! What a feature author gets for a mistake: the file, line and column, what was expected and the
//! nearest known name; the other scenarios go on; a failed Then shows expected and actual side by
//! side; the run ends with `N passed, N failed` and a failing exit status.

mod feature_runs;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

use feature_runs::{assert_located, gwt, text};

/// A fresh folder holding `files` (name and text), named after the test, removed when dropped.
fn folder(name: &str, files: &[(&str, &str)]) -> TempDir {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(f, t)| (*f, t.as_bytes())).collect();
    feature_runs::folder(&format!("author-errors-{name}"), &files)
}

/// Runs `gwt test` on a folder holding one feature file: the file's path as reports name it,
/// the run's output, and its text. The folder goes once the run is over: a test that reads the
/// file again makes its own.
fn run_one(name: &str, file: &str, text: &str, domain: &str) -> (PathBuf, Output, String) {
    let dir = folder(name, &[(file, text)]);
    let (out, said) = gwt_test(domain, dir.path());
    (dir.path().join(file).canonicalize().unwrap(), out, said)
}

fn gwt_test(domain: &str, path: &Path) -> (Output, String) {
    gwt(&["test", "--domain", domain, &path.to_string_lossy()])
}

/// `gwt test` of the store's features in `dir`, with `extra` options, `CI` set to `ci` and
/// insta's own update mode unset (snapshots are written as the run alone decides).
fn store_test_with_ci(dir: &Path, ci: &str, extra: &[&str]) -> (Output, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--domain", "store"])
        .args(extra)
        .arg(dir)
        .env("CI", ci)
        .env_remove("INSTA_UPDATE")
        .output()
        .unwrap();
    let text = text(&out);
    (out, text)
}

const MISTAKES: &str = "Feature: mistakes

  Scenario: unknown event
    Given the events:
      | event         | order_id |
      | OrderRequestd | ORD-1    |

  Scenario: unknown field
    Given the events:
      | event          | ordr_id |
      | OrderRequested | ORD-1   |

  Scenario: missing field
    When the command is sent:
      | command       | order_id |
      | CompleteOrder | ORD-1    |

  Scenario: second when
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-1    |
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-2    |

  Scenario: unknown step
    Given the event:
      | event          | order_id |
      | OrderRequested | ORD-1    |

  Scenario: failed then
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-1    |
    Then these events are recorded:
      | event          | order_id |
      | OrderRequested | ORD-2    |

  Scenario: a command where an event belongs
    Given the events:
      | event        | order_id |
      | RequestOrder | ORD-1    |

  Scenario: this one is fine
    Given no events
    When 1 minute passes
    Then no events are recorded

  Scenario: no when
    Given no events
    Then no events are recorded

  Scenario: no steps at all
";

/// The start of a feature whose one scenario fails at its Then (line 9), shared by the tests of
/// how failures are written.
const FAILING_THEN: &str = "Feature: failures
  Background:
    Given no events

  Scenario: a Then that does not hold
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-1    |
    Then these events are recorded:
      | event          | order_id |
      | OrderRequested | ORD-2    |
";

#[test]
fn each_mistake_is_located_and_explained_and_the_rest_goes_on() {
    let (file, out, text) = run_one("mistakes", "mistakes.feature", MISTAKES, "store");
    let at = |line: usize, col: usize| format!("{}:{line}:{col}: ", file.display());
    let expect = [
        (
            at(6, 9),
            "unknown event `OrderRequestd`; did you mean `OrderRequested`?",
        ),
        (
            at(10, 26),
            "`ordr_id` is not a field of `OrderRequested`; did you mean `order_id`?",
        ),
        (
            at(16, 9),
            "`CompleteOrder` needs `body`, text: add a column `body`",
        ),
        (
            at(22, 5),
            "a scenario has exactly one When, and it already has one (line 19)",
        ),
        (
            at(27, 5),
            "unknown step `Given the event:`; did you mean `Given the events:`?",
        ),
        (at(42, 9), "`RequestOrder` is a command, not an event"),
        (
            at(49, 3),
            "a scenario has exactly one When, and this one has none: expected \
             `When the command is sent:`, `When the event is published:` or \
             `When <N> minutes pass` (or hours or days) before its Then steps",
        ),
        (
            at(53, 3),
            "the scenario `no steps at all` has no steps, so nothing could fail it: it is not \
             run (a scenario has exactly one When)",
        ),
    ];
    for (place, message) in expect {
        assert!(
            text.contains(&format!("{place}{message}")),
            "missing `{place}{message}` in:\n{text}"
        );
    }
    assert!(
        text.contains(&format!(
            "{}expected 1 event; the 1 recorded differs:",
            at(35, 5)
        )),
        "{text}"
    );
    let diff_line = text
        .lines()
        .find(|l| l.contains("order_id") && l.contains("ORD-2") && l.contains("ORD-1"))
        .unwrap_or_else(|| panic!("no side-by-side line in:\n{text}"));
    assert!(
        diff_line.contains('✗'),
        "the mismatch is not marked: {diff_line}"
    );
    assert!(
        text.lines()
            .any(|l| l
                == "1 passed, 9 failed (8 scenarios; 1 problem in feature files, listed above)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_cell_that_does_not_fit_its_field_says_what_was_expected() {
    let feature = "Feature: cells
  Scenario: a quantity in words
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | full      | twelve   |

  Scenario: seats in JSON cut short
    When the command is sent:
      | command             | conference_id | reservation_id | seats                                 |
      | MakeSeatReservation | conf-1        | r1             | [{\"seat_type\": \"full\", \"quantity\": 2} |

  Scenario: an order line without its price
    Given the events:
      | event                 | order_id | total | is_free_of_charge | lines                                                    |
      | OrderTotalsCalculated | order-1  | 10    | false             | [{\"seat_type\": \"full\", \"quantity\": 1, \"line_total\": 10}] |
    When 1 minute passes
    Then no commands are sent
";
    let tmp = folder("cells", &[("cells.feature", feature)]);
    let dir = tmp.path();
    let (_, text) = gwt_test("conference", dir);
    assert!(
        text.contains("cells.feature:5:48: quantity: `twelve` is not a whole number"),
        "{text}"
    );
    assert!(
        text.contains(
            "cells.feature:10:64: seats: `[{\"seat_type\": \"full\", \"quantity\": 2}` is not \
             valid JSON (EOF while parsing a list); expected SeatQuantities, written `3 full, 2 \
             workshop` (in JSON: list of SeatQuantity)"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "cells.feature:15:72: lines: `{\"line_total\":\"10.00\",\"quantity\":1,\"seat_type\":\
             \"full\"}` has no `unit_price` (OrderLine needs it: an amount"
        ),
        "{text}"
    );
}

#[test]
fn a_file_that_is_not_gherkin_is_reported_with_its_place_and_the_others_run() {
    let broken =
        "Feature: broken\n  Scenario: x\n    Given the events:\n      | event | order_id\n";
    let fine = "Feature: fine\n  Scenario: nothing\n    Given no events\n    When 1 minute passes\n    Then no events are recorded\n";
    let tmp = folder(
        "broken",
        &[("broken.feature", broken), ("fine.feature", fine)],
    );
    let dir = tmp.path();
    let (out, text) = gwt_test("store", dir);
    assert!(
        text.contains(
            "broken.feature:4:7: a table row starts and ends with `|`, and this one does not end \
             with one: `| event | order_id` (write `| event | order_id |`)"
        ),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l == "1 passed, 1 failed (1 problem in feature files, listed above)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// A feature file read from a pipe gives its text once: given as `/dev/stdin`, `<(cat f)` or a
/// named pipe's name, it is parsed, checked and quoted from that one read. Read again, a named
/// pipe waited for a writer for ever, and standard input gave an empty file ("`Feature: x` takes
/// a colon after it") and no line to place an Outline's column at.
#[cfg(unix)]
#[test]
fn a_feature_file_from_a_pipe_is_read_once() {
    use std::io::Write;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let feature = "Feature: x\n\n  Scenario: y\n    Given no events\n    When 5 minutes pass\n    Then no commands are sent\n\n  Scenario Outline: o\n    When <n> minutes pass\n    Then no commands are sent\n    Examples:\n      | n | m |\n      | 5 | 1 |\n";
    let said = |out: &Output| {
        let said = text(out);
        assert!(said.contains("1 passed, 1 failed"), "{said}");
        assert!(!said.contains("takes a colon"), "{said}");
        said
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--domain", "conference", "/dev/stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gwt runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(feature.as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        said(&out).contains("/dev/stdin:12:13: no step of `o` reads the column `m`"),
        "{}",
        text(&out)
    );

    let tmp = folder("pipe", &[]);
    let pipe = tmp.path().join("p.feature");
    let made = Command::new("mkfifo").arg(&pipe).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", pipe.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--domain", "conference", pipe.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gwt runs");
    // Opening a named pipe to write waits for its reader: the writer is the one to wait.
    std::fs::write(&pipe, feature).unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("gwt test waited for the named pipe to be written again");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let at = format!("{}:12:13: no step of `o` reads", pipe.display());
    assert!(said(&out).contains(&at), "{at} missing in {}", text(&out));
}

#[test]
fn a_missing_path_is_reported_and_counted() {
    let (out, text) = gwt_test("store", Path::new("/nonexistent/features"));
    assert!(
        text.contains("/nonexistent/features: no such file or folder"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l == "0 passed, 1 failed (1 problem in feature files, listed above)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// `gwt test --domain store ARGS --junit DIR/report.xml DIR`: what it printed, and the report
/// it wrote (empty if none).
fn with_junit(dir: &Path, args: &[&str]) -> (Output, String) {
    let junit = dir.join("report.xml");
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--domain", "store"])
        .args(args)
        .arg("--junit")
        .arg(&junit)
        .arg(dir)
        .output()
        .unwrap();
    (out, std::fs::read_to_string(&junit).unwrap_or_default())
}

/// `--junit` naming a feature file, or the file the run reads, is refused before anything is
/// written: the report emptied the feature file it was given.
#[test]
fn a_junit_report_never_overwrites_a_feature_file() {
    let feature =
        "Feature: kept\n  Scenario: s\n    When 1 minute passes\n    Then no commands are sent\n";
    let tmp = folder(
        "junit-kept",
        &[("kept.feature", feature), ("notes.txt", feature)],
    );
    // A hard link is the file it links under another name.
    std::fs::hard_link(tmp.path().join("notes.txt"), tmp.path().join("report.xml")).unwrap();
    for (report, read) in [
        ("kept.feature", "kept.feature"),
        ("notes.txt", "notes.txt"),
        ("report.xml", "notes.txt"),
    ] {
        let path = tmp.path().join(report);
        let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
            .args(["test", "--domain", "conference", "--junit"])
            .arg(&path)
            .arg(tmp.path().join(read))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("would overwrite a feature file"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), feature);
    }
}

/// A report named in folders that are not there yet is written there, the folders made, as a
/// CI job's `--junit reports/gwt.xml` expects; one under a file is refused before the run.
#[test]
fn a_junit_report_s_missing_folders_are_made() {
    let feature =
        "Feature: f\n  Scenario: s\n    When 1 minute passes\n    Then no commands are sent\n";
    let tmp = folder("junit-folders", &[("f.feature", feature)]);
    let run = |report: &Path| {
        Command::new(env!("CARGO_BIN_EXE_gwt"))
            .args(["test", "--domain", "store", "--junit"])
            .arg(report)
            .arg(tmp.path().join("f.feature"))
            .output()
            .unwrap()
    };
    let report = tmp.path().join("reports/ci/gwt.xml");
    let out = run(&report);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = std::fs::read_to_string(&report).unwrap();
    assert!(
        xml.contains("<testcase") && xml.contains("name=\"s\""),
        "{xml}"
    );

    let under_a_file = tmp.path().join("f.feature/gwt.xml");
    let out = run(&under_a_file);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write the JUnit report"), "{err}");
}

#[test]
fn tags_and_names_choose_scenarios_and_junit_is_written() {
    let feature = "Feature: choosing
  @fast
  Scenario: tagged fast
    Given no events
    When 1 minute passes
    Then no events are recorded

  @slow
  Scenario: tagged slow
    Given no events
    Then these events are recorded:
      | event          | order_id |
      | OrderRequested | ORD-1    |
";
    let tmp = folder("tags", &[("tags.feature", feature)]);
    let dir = tmp.path();
    let (out, xml) = with_junit(dir, &["--tags", "@fast"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l == "1 passed, 0 failed"), "{text}");
    assert!(out.status.success());
    assert!(
        xml.contains("tagged fast") && !xml.contains("tagged slow"),
        "{xml}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--domain", "store", "--name", "slow$"])
        .arg(dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l == "0 passed, 1 failed"), "{text}");
    assert!(!out.status.success());
}

/// An outline's rows are named in the JUnit report and the terminal by their own lines, an
/// Examples description above the table and a comment between rows included (cucumber places a
/// row as if its table stood right under the Examples line, its rows on lines that follow).
#[test]
fn an_outline_row_is_named_by_its_own_line_under_a_description_and_past_a_comment() {
    let feature = "Feature: rows
  Scenario Outline: passing <n>
    Given no events
    When <n> minutes pass
    Then no events are recorded

    Examples: some
      These rows are
      described first.
      | n |
      | 1 |
      # the second
      | 2 |
";
    let tmp = folder("rows", &[("rows.feature", feature)]);
    let dir = tmp.path();
    let (out, xml) = with_junit(dir, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        xml.contains("passing 1 (example at line 11)")
            && xml.contains("passing 2 (example at line 13)"),
        "{xml}"
    );
    assert!(
        text(&out).contains("passing 2, in the Examples row at line 13 (n = 2)"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_missing_snapshot_fails_and_outside_ci_waits_for_review() {
    let feature = "Feature: snap
  Scenario: a view
    When the command is sent and the system settles:
      | command      | order_id |
      | RequestOrder | ORD-1    |
    Then the read model OrderView for ORD-1 matches the snapshot
";
    let tmp = folder("snapshots", &[("snap.feature", feature)]);
    let dir = tmp.path();
    let run = |ci: &str, extra: &[&str]| store_test_with_ci(dir, ci, extra);
    let pending = dir.join("snapshots/snap__a_view__orderview_ord_1.snap.new");
    let accepted = dir.join("snapshots/snap__a_view__orderview_ord_1.snap");

    let (out, text) = run("true", &[]);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!("no reviewed snapshot: {}", accepted.display())),
        "{text}"
    );
    assert!(!pending.exists(), "CI must not write snapshots");

    // A step compared with nothing reviewed fails, as insta's assertion does, and leaves what
    // it saw for review.
    let (out, text) = run("", &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a new snapshot fails outside CI too: {text}"
    );
    assert!(
        text.contains(&format!(
            "no reviewed snapshot yet: {}; the new one waits for review in {}: accept it with \
             `gwt test --accept-snapshots` (or `cargo insta review`, or rename it to .snap)",
            accepted.display(),
            pending.display()
        )),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "0 passed, 1 failed"), "{text}");
    // insta's own report (its snapshot summary, "Stopped on the first failure") is not mixed in.
    assert!(
        !text.contains("Snapshot Summary") && !text.contains("cargo insta test"),
        "{text}"
    );
    let written = std::fs::read_to_string(&pending).unwrap();
    assert!(written.contains("type: MAIL_COMPLETED"), "{written}");

    std::fs::rename(&pending, &accepted).unwrap();
    let (out, text) = run("true", &[]);
    assert!(out.status.success(), "{text}");
    assert!(!text.contains("new snapshot"), "{text}");

    std::fs::write(
        &accepted,
        written.replace("MAIL_COMPLETED", "ORDER_COMPLETED"),
    )
    .unwrap();
    let (out, text) = run("true", &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a changed snapshot fails: {text}"
    );
    assert!(
        text.contains("does not match its reviewed snapshot"),
        "{text}"
    );
    assert!(
        text.contains("- type: ORDER_COMPLETED") && text.contains("+ type: MAIL_COMPLETED"),
        "the difference is shown line by line: {text}"
    );
    assert!(!pending.exists(), "CI must not write snapshots");
    let (out, text) = run("", &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a changed snapshot fails outside CI too: {text}"
    );
    assert!(
        pending.exists(),
        "outside CI the changed form waits for review"
    );

    // `--snapshots DIR` keeps them elsewhere: the folder beside the feature is not read.
    let elsewhere = dir.join("elsewhere");
    let (out, text) = run("true", &["--snapshots", elsewhere.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "no reviewed snapshot: {}",
            elsewhere
                .join("snap__a_view__orderview_ord_1.snap")
                .display()
        )),
        "{text}"
    );
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("snap__a_view__orderview_ord_1.snap"),
        &written,
    )
    .unwrap();
    let (out, text) = run("true", &["--snapshots", elsewhere.to_str().unwrap()]);
    assert!(out.status.success(), "{text}");
}

/// `gwt test --accept-snapshots` accepts snapshots with gwt alone (the review's F6: the advice
/// was `cargo insta review`, and an author with the binary alone has no cargo): a new one and a
/// changed one are written as the reviewed `.snap`, their steps pass, and the run says which it
/// wrote; under CI=true it is refused and nothing is written. An Outline row's snapshot keeps
/// its name, its values' commas and all, and is found again by a CI run.
#[test]
fn accept_snapshots_writes_new_and_changed_ones_as_reviewed_and_is_refused_under_ci() {
    let feature = "Feature: accepted
  Scenario Outline: ordering (<wanted>)
    When the command is sent and the system settles:
      | command      | order_id |
      | RequestOrder | <order>  |
    Then the outcome matches the snapshot

    Examples: two orders
      | order | wanted              |
      | ORD-1 | 12 full, 2 workshop |
";
    let tmp = folder("accept", &[("acc.feature", feature)]);
    let dir = tmp.path().canonicalize().unwrap();
    let run = |ci: &str, extra: &[&str]| store_test_with_ci(&dir, ci, extra);
    let snapshots = dir.join("snapshots");
    // Named as before the Examples row's cells were parted by `; ` in what the run says.
    let reviewed = snapshots
        .join("acc__ordering_12_full_2_workshop_example_ord_1_12_full_2_workshop__outcome.snap");
    let pending = reviewed.with_extension("snap.new");

    let (out, text) = run("true", &["--accept-snapshots"]);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains(
            "gwt test: --accept-snapshots writes snapshots as reviewed, and a CI run (CI=true) \
             writes none"
        ),
        "{text}"
    );
    assert!(!snapshots.exists(), "CI must not write snapshots: {text}");

    let (out, text) = run("", &[]);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("accept it with `gwt test --accept-snapshots`"),
        "{text}"
    );
    assert!(pending.exists() && !reviewed.exists(), "{text}");

    let (out, text) = run("", &["--accept-snapshots"]);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(&format!(
            "--accept-snapshots wrote 1 snapshot as reviewed (look at them before you commit \
             them):\n  {} (new)\n",
            reviewed.display()
        )),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "1 passed, 0 failed"), "{text}");
    assert!(reviewed.exists() && !pending.exists(), "{text}");
    let written = std::fs::read_to_string(&reviewed).unwrap();
    assert!(written.contains("type: MAIL_COMPLETED"), "{written}");

    // Reviewed now: a CI run finds it under the same name.
    let (out, text) = run("true", &[]);
    assert!(out.status.success(), "{text}");

    std::fs::write(
        &reviewed,
        written.replace("MAIL_COMPLETED", "ORDER_COMPLETED"),
    )
    .unwrap();
    let (out, text) = run("", &[]);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "accept it with `gwt test --accept-snapshots` (or `cargo insta review`) if \
             the change is meant"
        ),
        "{text}"
    );
    let (out, text) = run("", &["--accept-snapshots"]);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(&format!("  {} (changed)\n", reviewed.display())),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(&reviewed).unwrap(), written);
    assert!(!pending.exists(), "the out-of-date form is gone: {text}");

    let (out, text) = run("", &["--accept-snapshots"]);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("--accept-snapshots: every snapshot matched its reviewed form; none written"),
        "{text}"
    );
}

#[test]
fn without_paths_the_domain_s_own_suite_runs_and_the_help_says_so() {
    let fine = "Feature: fine\n  Scenario: a request\n    When the command is sent:\n      | command      | order_id |\n      | RequestOrder | ORD-1    |\n    Then these events are recorded:\n      | event          | order_id |\n      | OrderRequested | ORD-1    |\n";
    let tmp = folder("default-paths", &[]);
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("features/store")).unwrap();
    std::fs::write(dir.join("features/store/fine.feature"), fine).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--domain", "store"])
        .current_dir(dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l == "1 passed, 0 failed"), "{text}");
    assert!(out.status.success());
    let help = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("default: `features/<domain>`"), "{help}");
}

/// Run with no paths where the domain's suite is not (outside the project), `gwt test` and
/// `gwt coverage` say what to give, once, with exit 2: the run told only
/// `features/store: no such file or folder`, as if that path had been given.
#[test]
fn without_paths_away_from_the_suite_the_run_says_what_to_give() {
    let tmp = folder("no-suite-here", &[]);
    for command in ["test", "coverage"] {
        let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
            .args([command, "--domain", "store"])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!(
                "gwt {command}: no feature files or folders given, and features/store (the \
                 domain's own suite, which gwt reads when none are given, from the project's \
                 root) is not here: give the feature files or folders to read (gwt {command} \
                 FILE|FOLDER …)"
            )),
            "{said}"
        );
    }
}

#[test]
fn a_scenario_that_does_not_parse_is_reported_and_the_file_s_others_still_run() {
    let text = "Feature: three scenarios

  Background:
    Given no events

  Scenario: first
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-1    |
    Then these events are recorded:
      | event          | order_id |
      | OrderRequested | ORD-1    |

  Scenario: second
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-2    |
    Scen: x
    Then no commands are sent

  @tagged
  Scenario: third
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-3    |
    Then these events are recorded:
      | event          | order_id |
      | OrderRequested | ORD-3    |
";
    let (file, out, text) = run_one("broken-scenario", "broken2.feature", text, "store");
    assert!(
        text.contains(&format!(
            "{}:18:5: this is not valid Gherkin (Unknown keyword: 'Scen'): `Scen: x`; expected a keyword",
            file.display()
        )),
        "{text}"
    );
    assert!(
        text.contains("Scenario: first") && text.contains("Scenario: third"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l == "2 passed, 1 failed (1 problem in feature files, listed above)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_file_without_scenarios_and_a_misspelled_keyword_are_reported() {
    let typo =
        "Feature: typo\n\nScenaro: x\n    When 1 minute passes\n    Then no events are recorded\n";
    let (file, out, text) = run_one("typo", "typo.feature", typo, "store");
    assert!(
        text.contains(&format!(
            "{}:3:1: \"Scenaro:\" is read as description text; did you mean \"Scenario:\"?",
            file.display()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}: no scenarios found", file.display())),
        "{text}"
    );
    assert_ne!(out.status.code(), Some(0), "{text}");

    // A first line that is no Gherkin at all misses its `Feature:` line; its first word was
    // taken for a slip of `Then`.
    let not_gherkin = "this is not gherkin at all
  Scenario: x
    When 1 minute passes
";
    let (file, _, text) = run_one("not-gherkin", "not.feature", not_gherkin, "store");
    assert!(
        text.contains(&format!(
            "{}:1:1: a feature file starts with a `Feature:` line, and this comes before any: \
             `this is not gherkin at all` (write `Feature: <what the file is about>` above it)",
            file.display()
        )),
        "{text}"
    );
    assert!(!text.contains("did you mean \"Then\""), "{text}");

    let empty_tmp = folder("empty", &[]);
    let empty = empty_tmp.path();
    let (out, text) = gwt_test("store", empty);
    assert!(
        text.contains(&format!(
            "nothing to read: no feature files under {}",
            empty.canonicalize().unwrap().display()
        )),
        "{text}"
    );
    assert_ne!(out.status.code(), Some(0), "{text}");
}

#[test]
fn a_name_of_another_domain_says_which_domain_to_run_with() {
    let feature = "Feature: store messages
  Scenario: run against the wrong domain
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-1    |
    Then the read model OrderView for ORD-1 is:
      | type |
      | x    |
";
    let tmp = folder("wrong-domain", &[("store.feature", feature)]);
    let dir = tmp.path();
    let (out, text) = gwt_test("conference", dir);
    assert!(
        text.contains(
            "store.feature:5:9: unknown command `RequestOrder`; did you mean `RejectOrder`? \
             (RequestOrder is a message of the store domain: run with --domain store)"
        ),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
    let text = feature.replace("When the command is sent:\n      | command      | order_id |\n      | RequestOrder | ORD-1    |\n", "When 1 minute passes\n");
    let tmp = folder("wrong-domain-view", &[("store.feature", &text)]);
    let dir = tmp.path();
    let (_, text) = gwt_test("conference", dir);
    assert!(
        text.contains("unknown read model `OrderView`")
            && text.contains(
                "(OrderView is a read model of the store domain: run with --domain store)"
            ),
        "{text}"
    );
}

#[test]
fn a_misspelt_column_is_located_at_its_header() {
    let feature = "Feature: columns
  Scenario: a misspelt column
    When the command is sent:
      | command  | conference_id | seat_type | quantitty |
      | AddSeats | conf-1        | full      | 3         |
    Then these events are recorded:
      | event                 | conference_id |
      | AvailableSeatsChanged | conf-1        |
";
    let tmp = folder("columns", &[("columns.feature", feature)]);
    let dir = tmp.path();
    let (_, text) = gwt_test("conference", dir);
    assert!(
        text.contains(
            "columns.feature:4:48: `quantitty` is not a field of `AddSeats`; did you mean `quantity`?"
        ),
        "{text}"
    );
}

/// An unknown step written with `But` was told as `Given …`, a step no one wrote.
#[test]
fn an_unknown_step_written_with_and_or_but_is_told_in_the_author_s_keyword() {
    let cases = [
        (
            "But first",
            "    But 1 minute passes\n    Then no commands are sent\n",
            "but.feature:3:5: unknown step `But 1 minute passes` (read as `Given 1 minute \
             passes`: And and But continue the keyword of the step before them, and a \
             scenario's first step is a Given); `1 minute passes` is a When step",
        ),
        // After a When, it continues the When: nothing about first steps.
        (
            "But after a When",
            "    When 5 minutes pass\n    But no commands are sent\n",
            "but.feature:4:5: unknown step `But no commands are sent` (read as `When no \
             commands are sent`: And and But continue the keyword of the step before them); \
             `no commands are sent` is a Then step",
        ),
    ];
    for (name, steps, told) in cases {
        let feature = format!("Feature: keywords\n  Scenario: {name}\n{steps}");
        let tmp = folder("but", &[("but.feature", &feature)]);
        let (_, text) = gwt_test("conference", tmp.path());
        assert!(text.contains(told), "{name}:\n{text}");
    }
}

/// A misspelt column left blank in every row was never compared, silently; a column naming a
/// field of a message not in the table stays allowed, blank (DSL.md: a column that names no
/// field of a row's message is left blank).
#[test]
fn a_misspelt_column_is_told_even_when_every_cell_of_it_is_blank() {
    let feature = "Feature: blank columns
  Scenario: a misspelt column, blank
    Given the events:
      | event                 | conference_id | seats   |
      | AvailableSeatsChanged | conf-1        | 10 full |
    When the command is sent:
      | command             | conference_id | reservation_id | seats  |
      | MakeSeatReservation | conf-1        | r1             | 1 full |
    Then these events are recorded:
      | event         | reservaton_id |
      | SeatsReserved |               |

  Scenario: another message's column, blank
    Given the events:
      | event                 | conference_id | seats   | reservation_expiration |
      | AvailableSeatsChanged | conf-1        | 10 full |                        |
    When the command is sent:
      | command             | conference_id | reservation_id | seats  | payment_id |
      | MakeSeatReservation | conf-1        | r1             | 1 full |            |
    Then these events are recorded:
      | event         | reservation_id | access_code |
      | SeatsReserved | r1             |             |
";
    let tmp = folder("blank-columns", &[("blank.feature", feature)]);
    let (_, text) = gwt_test("conference", tmp.path());
    assert!(
        text.contains(
            "blank.feature:10:25: `reservaton_id` is not a field of `SeatsReserved`; did you mean \
             `reservation_id`?"
        ),
        "{text}"
    );
    assert!(text.contains("1 passed, 1 failed"), "{text}");
}

/// A When written in a scenario's description in marks the reading does not take for a quoted
/// step (`"When 30 minutes pass!"`) is dropped by Gherkin: the missing When is told with that
/// line and the step meant, where the author, who sees a When, was given the list of phrases.
#[test]
fn a_when_lost_to_the_description_is_named_where_the_missing_when_is_told() {
    let feature = "Feature: lost Whens

  Scenario: exclaimed

    \"When 30 minutes pass!\"
    Then no commands are sent

  Scenario: in brackets
    (When 30 minutes pass)
    Then no commands are sent

  Scenario: said
    \"When 30 minutes pass\", she said.
    Then no commands are sent

  Scenario: none at all
    We wait.
    Then no commands are sent
";
    let (file, _, text) = run_one("lost-whens", "f.feature", feature, "conference");
    let lost = |written: &str, line: usize| {
        format!(
            "a scenario has exactly one When, and this one has none that Gherkin reads: \
             `{written}` (line {line}) is read as description text, and Gherkin drops it; did \
             you mean `When 30 minutes pass`?"
        )
    };
    assert_located(
        &text,
        &file,
        &[
            (3, 3, lost("\"When 30 minutes pass!\"", 5)),
            // Brackets are read as marks around a step, told at its line, its scenario not run.
            (
                9,
                5,
                "the step stands in brackets, so `(When 30 minutes pass)` is read as description \
                 text, and Gherkin drops it; the scenario `in brackets` is not run; did you mean \
                 `When 30 minutes pass`?"
                    .to_string(),
            ),
            (12, 3, lost("\"When 30 minutes pass\", she said.", 13)),
            (
                16,
                3,
                "a scenario has exactly one When, and this one has none: expected `When the \
                 command is sent:`"
                    .to_string(),
            ),
        ],
    );
    let french = "# language: fr\nFonctionnalité: f\n  Scénario: s\n    « Quand 30 minutes pass ! »\n    Alors no commands are sent\n";
    let (file, _, text) = run_one("lost-whens-fr", "f.feature", french, "conference");
    assert_located(
        &text,
        &file,
        &[(
            3,
            3,
            "a scenario has exactly one Quand, and this one has none that Gherkin reads: \
             `« Quand 30 minutes pass ! »` (line 4) is read as description text, and Gherkin \
             drops it; did you mean `Quand 30 minutes pass`?",
        )],
    );
}

/// A blank first cell names no message, in a Then's table as in a Given's: it was an "unknown
/// event ``" there. A blank first header cell is said to be blank, not "``".
#[test]
fn a_blank_first_cell_is_told_as_blank_in_every_table() {
    let feature = "Feature: blank first cells
  Scenario: a blank event in a Then row
    Given no events
    When the command is sent:
      | command             | conference_id | reservation_id | seats  |
      | MakeSeatReservation | conf-1        | r1             | 1 full |
    Then these events are recorded:
      | event | reservation_id |
      |       | r1             |

  Scenario: a blank first header cell in a Then
    Given no events
    When 5 minutes pass
    Then these events are recorded:
      |               | reservation_id |
      | SeatsReserved | r1             |

  Scenario: a blank first header cell in a Given
    Given the events:
      |                       | conference_id | seats   |
      | AvailableSeatsChanged | conf-1        | 10 full |
    When 5 minutes pass
    Then no commands are sent

  Scenario: a blank header cell after the first in a Then
    Given no events
    When the command is sent:
      | command             | conference_id | reservation_id | seats  |
      | MakeSeatReservation | conf-1        | r1             | 1 full |
    Then these events are recorded:
      | event         | conference_id |   |
      | SeatsReserved | conf-1        | x |
";
    let tmp = folder("blank-first-cells", &[("blank.feature", feature)]);
    let (_, text) = gwt_test("conference", tmp.path());
    let file = tmp.path().join("blank.feature").canonicalize().unwrap();
    let blank_header = "the first column must be `event` (it names the event of each row), and \
                        this one is blank";
    assert_located(
        &text,
        &file,
        &[
            (9, 9, "name the event of this row"),
            (15, 9, blank_header),
            (20, 9, blank_header),
            // It was "`` is not a field of `SeatsReserved`" (the review of 2026-12-06, F14).
            (
                31,
                41,
                "this column has no name: name the field of its cells, or leave the column out",
            ),
        ],
    );
    assert!(!text.contains("``"), "{text}");
    assert!(text.contains("0 passed, 4 failed"), "{text}");
}

#[test]
fn a_failure_reads_as_the_step_and_our_message_not_a_crash_of_the_runner() {
    let feature = format!(
        "{FAILING_THEN}
  Rule: with a Background of its own
    Background:
      Given the events:
        | event         | order_id |
        | OrderRequestd | ORD-1    |

    Scenario: a Background step that fails
      When 1 minute passes
      Then no events are recorded
"
    );
    let tmp = folder("failure-block", &[("failures.feature", &feature)]);
    let dir = tmp.path();
    let (out, xml) = with_junit(dir, &[]);
    let text = text(&out);
    let file = dir.join("failures.feature").canonicalize().unwrap();
    let file = file.display().to_string();
    // The scenario, the failed step, then our located message under it.
    let then = format!(
        "  Scenario: a Then that does not hold\n   ✔> Given no events\n   ✔  When the command is sent:\n       | command      | order_id |\n       | RequestOrder | ORD-1    |\n   ✘  Then these events are recorded:\n       | event          | order_id |\n       | OrderRequested | ORD-2    |\n      {file}:9:5: expected 1 event; the 1 recorded differs:\n"
    );
    assert!(text.contains(&then), "missing\n{then}\nin:\n{text}");
    assert!(
        text.contains(&format!(
            "     ✘> Given the events:\n         | event         | order_id |\n         | OrderRequestd | ORD-1    |\n        {file}:17:11: unknown event `OrderRequestd`; did you mean `OrderRequested`?\n"
        )),
        "{text}"
    );
    // Nothing of Rust: no panic, no place in the runner's source, no cucumber headings.
    for inside in [
        "panicked",
        "panic",
        "steps/src/",
        "Matched:",
        "Defined:",
        "Step failed",
    ] {
        assert!(!text.contains(inside), "`{inside}` in:\n{text}");
    }
    // Every mention of the feature file names it whole (Basic cut the leading `/`).
    for line in text.lines().filter(|l| l.contains("failures.feature")) {
        assert!(line.contains(&file), "a path cut short: {line}");
    }
    assert!(text.lines().any(|l| l == "0 passed, 2 failed"), "{text}");
    // One summary: cucumber's, which counts scenarios only, is not printed.
    assert!(!text.contains("[Summary]"), "{text}");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        xml.contains("a Then that does not hold") && xml.contains("failures=\"2\""),
        "{xml}"
    );
}

#[test]
fn the_junit_report_says_what_the_terminal_says_and_counts_the_runs_own_problems() {
    let feature = format!(
        "{FAILING_THEN}
  Scenario Outline: a minute passes for <order>
    When 1 minute passes
    Then no events are recorded
    Examples:
      | order |
      | ORD-1 |
      | ORD-2 |

  Rule: with a Background of its own
    Background:
      Given the events:
        | event         | order_id |
        | OrderRequestd | ORD-1    |

    Scenario: a Background step that fails
      When 1 minute passes
      Then no events are recorded
"
    );
    let tmp = folder(
        "junit",
        &[
            ("failures.feature", &feature),
            ("empty.feature", "Feature: nothing here\n"),
        ],
    );
    let dir = tmp.path();
    let (out, xml) = with_junit(dir, &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l
                == "2 passed, 3 failed (2 scenarios; 1 problem in feature files, listed above)"),
        "{text}"
    );
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("the report is JUnit XML");
    assert_eq!(
        (report.tests, report.failures, report.errors),
        (5, 3, 0),
        "{xml}"
    );
    // Measured times, where CI's report readers look for them (in seconds, to the millisecond):
    // the run's, each feature's, each scenario's. Scenarios run one at a time, so a feature's
    // add up to no more than its own, give or take the rounding of each written value.
    let elements = ["<testsuites ", "<testsuite ", "<testcase "]
        .iter()
        .map(|tag| xml.matches(tag).count())
        .sum::<usize>();
    let times: Vec<&str> = xml
        .split(" time=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default())
        .collect();
    assert_eq!(times.len(), elements, "{xml}");
    for time in &times {
        let (seconds, millis) = time.split_once('.').unwrap_or_default();
        assert!(
            !seconds.is_empty()
                && millis.len() == 3
                && (seconds.to_string() + millis)
                    .bytes()
                    .all(|b| b.is_ascii_digit()),
            "time=\"{time}\" in:\n{xml}"
        );
    }
    let run = report.time.expect("the run's time");
    assert!(run > std::time::Duration::ZERO, "{xml}");
    let rounding = |values: usize| std::time::Duration::from_micros(500) * values as u32;
    for suite in &report.test_suites {
        let time = suite.time.expect("a suite's time");
        assert!(time <= run + rounding(2), "{xml}");
        let cases: std::time::Duration = suite
            .test_cases
            .iter()
            .map(|case| case.time.expect("a case's time"))
            .sum();
        assert!(
            cases <= time + rounding(suite.test_cases.len() + 1),
            "{xml}"
        );
    }

    let dir = dir.canonicalize().unwrap();
    let file = dir.join("failures.feature").display().to_string();
    let cases: Vec<&quick_junit::TestCase> = report
        .test_suites
        .iter()
        .flat_map(|s| &s.test_cases)
        .collect();
    let case = |name: &str| {
        *cases
            .iter()
            .find(|c| c.name.as_str() == name)
            .unwrap_or_else(|| panic!("no test case `{name}` in:\n{xml}"))
    };
    // A failure: our located message, its first line as the message, the failed step with the
    // whole message as its text.
    let failure = |name: &str| match &case(name).status {
        quick_junit::TestCaseStatus::NonSuccess {
            kind: quick_junit::NonSuccessKind::Failure,
            message,
            description,
            ..
        } => (
            message
                .as_ref()
                .map(|m| m.as_str().to_string())
                .unwrap_or_default(),
            description
                .as_ref()
                .map(|d| d.as_str().to_string())
                .unwrap_or_default(),
        ),
        other => panic!("`{name}` did not fail: {other:?}"),
    };
    let (message, description) = failure("a Then that does not hold");
    assert_eq!(
        message,
        format!("{file}:9:5: expected 1 event; the 1 recorded differs:")
    );
    assert!(
        description.starts_with("Then these events are recorded:\n")
            && description.contains(&message)
            && description.contains("ORD-2"),
        "{description}"
    );
    assert_eq!(
        case("a Then that does not hold")
            .classname
            .as_ref()
            .map(|c| c.as_str()),
        Some("failures")
    );
    let (message, description) =
        failure("with a Background of its own: a Background step that fails");
    assert_eq!(
        message,
        format!("{file}:25:11: unknown event `OrderRequestd`; did you mean `OrderRequested`?")
    );
    assert!(
        description.starts_with("Given the events:\n"),
        "{description}"
    );
    // Each example of the Outline is a case of its own, named by its row.
    for example in ["a minute passes for ORD-1", "a minute passes for ORD-2"] {
        let name = cases
            .iter()
            .map(|c| c.name.as_str())
            .find(|n| n.starts_with(example))
            .unwrap_or_else(|| panic!("no case for `{example}` in:\n{xml}"));
        assert!(
            matches!(
                case(name).status,
                quick_junit::TestCaseStatus::Success { .. }
            ),
            "{xml}"
        );
    }
    // The runner's own findings are failed cases too.
    let empty = dir.join("empty.feature").display().to_string();
    let no_scenarios = format!(
        "{empty}: no scenarios found (under its `Feature:` line a feature file holds scenarios, \
         each `Scenario: <what it shows>` with its steps)"
    );
    let (message, _) = failure(&no_scenarios);
    assert_eq!(message, no_scenarios);
    // Nothing of Rust, and the feature's path whole wherever it is named.
    for inside in ["panic", "Panic", "Matched:", "Defined:", "steps/src/"] {
        assert!(!xml.contains(inside), "`{inside}` in:\n{xml}");
    }
    for line in xml.lines().filter(|l| l.contains("failures.feature")) {
        assert!(line.contains(&file), "a path cut short: {line}");
    }

    // A run with nothing to run says so in the report too.
    let junit = dir.join("report.xml");
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args([
            "test",
            "--domain",
            "store",
            "--name",
            "^no such scenario$",
            "--junit",
        ])
        .arg(&junit)
        .arg(dir.join("failures.feature"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let xml = std::fs::read_to_string(&junit).unwrap();
    let report = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!((report.tests, report.failures), (1, 1), "{xml}");
    assert!(xml.contains("no scenario ran"), "{xml}");
}

#[test]
fn two_steps_that_would_share_a_snapshot_fail_instead_of_comparing_with_each_other() {
    let feature = |order: &str| {
        format!(
            "Feature: same name
  Scenario: a view
    When the command is sent and the system settles:
      | command      | order_id |
      | RequestOrder | {order}  |
    Then the outcome matches the snapshot
"
        )
    };
    let tmp = folder("shared-names", &[]);
    let dir = tmp.path();
    for (sub, order) in [("a", "ORD-1"), ("b", "ORD-2")] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(dir.join(sub).join("x.feature"), feature(order)).unwrap();
    }
    std::fs::write(dir.join("y.feature"), feature("ORD-3")).unwrap();
    let snapshots = dir.join("snapshots");
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--domain", "store", "--snapshots"])
        .arg(&snapshots)
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .arg(dir.join("y.feature"))
        .env_remove("CI")
        .output()
        .unwrap();
    let text = text(&out);
    let a = dir.join("a/x.feature").canonicalize().unwrap();
    let b = dir.join("b/x.feature").canonicalize().unwrap();
    let shared = snapshots.join("x__a_view__outcome.snap");
    for (this, other) in [(&a, &b), (&b, &a)] {
        let expected = format!(
            "{}:6:5: this step's snapshot {} would also be the one of {}:6; expected one snapshot a step",
            this.display(),
            shared.display(),
            other.display()
        );
        assert!(text.contains(&expected), "missing `{expected}` in:\n{text}");
    }
    // The third step's snapshot is its own: new, so written for review (and failing, unreviewed).
    assert!(text.lines().any(|l| l == "0 passed, 3 failed"), "{text}");
    assert!(!snapshots.join("x__a_view__outcome.snap.new").exists());
    assert!(snapshots.join("y__a_view__outcome.snap.new").exists());
}

#[test]
fn each_row_of_a_scenario_outline_has_a_snapshot_of_its_own() {
    let outline = |rows: &str| {
        format!(
            "Feature: rows
  Scenario Outline: ordering
    When the command is sent and the system settles:
      | command      | order_id |
      | RequestOrder | <order>  |
    Then the outcome matches the snapshot

    Examples:
      | order |
{rows}"
        )
    };
    let tmp = folder(
        "outline-snapshots",
        &[
            (
                "rows.feature",
                &outline("      | ORD-1 |\n      | ORD-2 |\n"),
            ),
            (
                "clash.feature",
                &outline("      | ORD 3 |\n      | ORD-3 |\n"),
            ),
        ],
    );
    let dir = tmp.path();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
            .args(["test", "--domain", "store"])
            .arg(dir)
            .env_remove("CI")
            .output()
            .unwrap();
        text(&out)
    };
    let text = run();
    let snapshots = dir.join("snapshots");
    let row = |order: &str| snapshots.join(format!("rows__ordering_example_{order}__outcome.snap"));
    for order in ["ord_1", "ord_2"] {
        let pending = row(order).with_extension("snap.new");
        assert!(pending.exists(), "{} missing: {text}", pending.display());
        std::fs::rename(&pending, row(order)).unwrap();
    }
    // Accepted, each row compares with its own: the second no longer fails against the first's.
    let text = run();
    let clash = dir.join("clash.feature").canonicalize().unwrap();
    let expected = format!(
        "{}:6:5: in the Examples row at line 10 (order = ORD 3): this step's snapshot {} would \
         also be the one of {}:6 (another row of its Scenario Outline)",
        clash.display(),
        snapshots
            .join("clash__ordering_example_ord_3__outcome.snap")
            .display(),
        clash.display()
    );
    assert!(text.contains(&expected), "missing `{expected}` in:\n{text}");
    assert!(text.lines().any(|l| l == "2 passed, 2 failed"), "{text}");
}

/// The review's file: scenarios that run, one that fails, and three mistakes Gherkin places
/// badly (a short table row, a misspelled When taken as description, a doc string never closed).
const MISPLACED: &str = r#"Feature: misplaced

  Scenario: fine
    When 1 minute passes
    Then no events are recorded

  Scenario: a Then that does not hold
    When 1 minute passes
    Then the command is rejected

  Scenario: a short row
    When the command is sent:
      | command      | order_id | body |
      | RequestOrder | ORD-1    |
    Then the command is rejected

  Scenario: a misspelled When
    Whenn 1 minutes pass
    Then no events are recorded

  Scenario: a doc string never closed
    Given the events:
      """
      [{"event": "OrderRequested", "order_id": "ORD-1"}]
    When 1 minute passes
    Then no events are recorded

  Scenario: last
    When 1 minute passes
    Then no events are recorded
"#;

#[test]
fn problems_are_placed_on_their_line_in_order_and_the_closing_line_says_what_failed() {
    let tmp = folder("misplaced", &[("misplaced.feature", MISPLACED)]);
    let dir = tmp.path();
    let (out, xml) = with_junit(dir, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let file = dir.join("misplaced.feature").canonicalize().unwrap();
    let f = file.display();
    let problems = [
        format!(
            "{f}:14:7: this table row has 2 cells where the table's header (line 13) has 3 cells: \
             `| RequestOrder | ORD-1    |`; the scenario `a short row` is not run"
        ),
        format!(
            "{f}:18:5: \"Whenn\" is not a keyword, so `Whenn 1 minutes pass` is read as \
             description text; the scenario `a misspelled When` is not run; did you mean \"When\"?"
        ),
        format!(
            "{f}:23:7: a doc string opened here is never closed (expected a closing \"\"\"); \
             the scenario `a doc string never closed` is not run"
        ),
    ];
    // Before the run, in the file's order.
    let before: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{f}:")) && !l.contains(" a scenario has"))
        .collect();
    assert_eq!(before, problems, "{stderr}");
    // Again beside the closing line, which says how many of the failures they are.
    let tail: Vec<&str> = stdout.lines().rev().take(6).collect();
    let mut listed: Vec<String> = problems.iter().rev().map(|p| format!("  {p}")).collect();
    listed.insert(
        0,
        "2 passed, 4 failed (1 scenario; 3 problems in feature files, listed above)".into(),
    );
    listed.insert(
        1,
        "Implicit checks: each scenario also ran with every delivery made twice, and with its \
         Givens read back from their stored form and its process managers restarted after each \
         message."
            .into(),
    );
    listed.push("Feature files that did not read as written (each counts as failed):".into());
    assert_eq!(tail, listed, "{stdout}");
    // The misspelled When's scenario is not run, its problem its one failure (it failed a
    // second time for want of a When); the scenario after the unclosed doc string ran and
    // passed.
    assert!(
        !stdout.contains("Scenario: a misspelled When")
            && !stdout.contains("a scenario has exactly one When"),
        "{stdout}"
    );
    assert!(stdout.contains("Scenario: last"), "{stdout}");
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("the report is JUnit XML");
    assert_eq!((report.tests, report.failures), (6, 4), "{xml}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_diff_shows_extra_messages_in_literal_form_and_with_their_delay() {
    let feature = "Feature: diffs
  Scenario: an extra event
    Given the events:
      | event                 | conference_id | seats      |
      | AvailableSeatsChanged | conf-1        | 10 student |
    When the command is sent:
      | command             | conference_id | reservation_id | seats     |
      | MakeSeatReservation | conf-1        | order-1        | 2 student |
    Then these events are recorded:
      | event                 | conference_id | seats     |
      | AvailableSeatsChanged | conf-1        | 2 student |

  Scenario: an extra command, scheduled
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:00Z        | SAXSH9      |
    Then these commands are sent:
      | command             | conference_id | reservation_id | seats  |
      | MakeSeatReservation | conf-1        | order-1        | 2 full |
";
    let tmp = folder("diffs", &[("diffs.feature", feature)]);
    let dir = tmp.path();
    let (_, text) = gwt_test("conference", dir);
    let row = |label: &str, value: &str| {
        text.lines().any(|l| {
            let l = l.trim();
            l.starts_with(label) && l.ends_with(&format!("| {value}"))
        })
    };
    assert!(row("available_seats_changed", "-2 student"), "{text}");
    assert!(row("reservation_details", "2 student"), "{text}");
    assert!(!text.contains("\"seat_type\""), "{text}");
    assert!(row("delay", "29 minutes"), "{text}");
    assert!(text.lines().any(|l| l == "0 passed, 2 failed"), "{text}");
}

/// A Then listing thirty commands that differ in one printed all thirty side by side: the
/// report shows the one that differs, two on either side, and counts the matching ones left out.
#[test]
fn a_long_diff_shows_the_messages_that_differ_with_context_and_counts_the_rest() {
    let placed: String = (0..15)
        .map(|i| {
            format!(
                "      | OrderPlaced | ord-{i:02} | conf-9 | 1 student | 2026-01-05T09:15:00Z | A{i:05} |\n"
            )
        })
        .collect();
    let sent: String = (0..15)
        .map(|i| {
            let order = if i == 7 { 77 } else { i };
            format!(
                "      | RejectOrder | ord-{order:02} | | |\n      | CancelSeatReservation | | conf-9 | ord-{i:02} |\n"
            )
        })
        .collect();
    let feature = format!(
        "Feature: a long diff
  Scenario: fifteen orders expire
    Given the events:
      | event                 | conference_id | seat_type | name    | description | price | quantity | seats      |
      | SeatCreated           | conf-9        | student   | Student | Discounted  | 25.00 | 40       |            |
      | AvailableSeatsChanged | conf-9        |           |         |             |       |          | 40 student |
    And the events:
      | event       | order_id | conference_id | seats     | reservation_auto_expiration | access_code |
{placed}    When 29 minutes pass
    Then these commands are sent:
      | command               | order_id | conference_id | reservation_id |
{sent}"
    );
    let tmp = folder("long-diff", &[("long.feature", &feature)]);
    let dir = tmp.path();
    let (_, text) = gwt_test("conference", dir);
    let report = &text[text.find("expected 30 commands").expect("a report")..];
    let numbered: Vec<&str> = report
        .lines()
        .map(|l| l.trim_start_matches([' ', '✗']))
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .map(|l| l.split_once('.').unwrap().0)
        .collect();
    assert_eq!(numbered, ["13", "14", "15", "16", "17"], "{text}");
    assert!(
        report.contains("… 12 matching commands left out (1. to 12.) …"),
        "{text}"
    );
    assert!(
        report.contains("… 13 matching commands left out (18. to 30.) …"),
        "{text}"
    );
    assert!(
        report
            .lines()
            .any(|l| l.trim_start().starts_with("✗   order_id") && l.contains("ord-77")),
        "{text}"
    );
    assert!(!report.contains("ord-00"), "{text}");
}

#[test]
fn a_then_step_s_doc_string_is_compared_as_its_table_would_be_and_its_mistakes_are_located() {
    let feature = r#"Feature: doc strings
  Scenario: a recorded event differs
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-1    |
    Then these events are recorded:
      """
      [{"event": "OrderRequested", "order_id": "ORD-2"}]
      """

  Scenario: a sent command is not due when the doc string says
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-1    |
    Then these commands are sent:
      """
      [{"command": "CompleteOrder", "order_id": "ORD-1", "delay": "5 minutes"}]
      """

  Scenario: the JSON is broken on its third line
    When the command is sent:
      """json
      [
        {"command": "RequestOrder"
         "order_id": "ORD-1"}
      ]
      """
    Then no events are recorded
"#;
    let (file, _, text) = run_one("then-doc-strings", "doc.feature", feature, "store");
    for (place, message) in [
        ((6, 5), "expected 1 event; the 1 recorded differs"),
        ((15, 5), "expected 1 command; the 1 sent differs"),
        (
            (25, 10),
            "the doc string is not valid JSON: expected `,` or `}`",
        ),
    ] {
        let at = format!("{}:{}:{}: {message}", file.display(), place.0, place.1);
        assert!(text.contains(&at), "{at} missing in {text}");
    }
    assert!(text.contains("order_id  ORD-2          | ORD-1"), "{text}");
    assert!(text.contains("delay     5 minutes     | now"), "{text}");
    assert!(!text.contains("column 10"), "{text}");
    assert!(text.contains("0 passed, 3 failed"), "{text}");
}

#[test]
fn a_delay_that_is_not_a_whole_number_of_minutes_is_compared_and_shown_exactly() {
    let feature = "Feature: delays
  Scenario: the expiry is not 29 minutes away
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:30Z        | SAXSH9      |
    Then these commands are sent:
      | command                   | order_id | delay      |
      | MakeSeatReservation       |          |            |
      | ExpireRegistrationProcess | order-1  | 29 minutes |
";
    let tmp = folder("delays", &[("delays.feature", feature)]);
    let dir = tmp.path();
    let (out, text) = gwt_test("conference", dir);
    assert!(
        text.contains("✗   delay     29 minutes                | 29 minutes 30 seconds"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_outline_that_cannot_be_expanded_is_a_problem_and_the_file_s_other_scenarios_run() {
    let feature = "Feature: outlines
  Scenario Outline: a placeholder no column gives
    Given no events
    When <m> minutes pass
    Then no events are recorded
    Examples:
      | n |
      | 1 |

  Scenario Outline: no Examples
    Given no events
    When <n> minutes pass
    Then no events are recorded

  Scenario Outline: Examples with a header only
    Given no events
    When <n> minutes pass
    Then no events are recorded
    Examples:
      | n |

  Scenario Outline: one row fails
    When the command is sent:
      | command      | order_id |
      | RequestOrder | ORD-1    |
    Then these events are recorded:
      | event          | order_id |
      | OrderRequested | <id>     |
    Examples:
      | id    |
      | ORD-1 |
      | ORD-9 |

  Scenario: fine
    Given no events
    When 1 minute passes
    Then no events are recorded
";
    let (file, out, text) = run_one("outlines", "outlines.feature", feature, "store");
    assert_located(
        &text,
        &file,
        &[
            (
                4,
                10,
                "`<m>` is not a column of the Examples at line 6 (its columns: n), so its rows are \
                 left out; did you mean `<n>`?",
            ),
            (10, 3, "the Scenario Outline `no Examples` has no Examples"),
            (
                19,
                5,
                "these Examples of `Examples with a header only` have no rows",
            ),
            (
                26,
                5,
                "in the Examples row at line 32 (id = ORD-9): expected 1 event",
            ),
        ],
    );
    // No step ran with its placeholder left in.
    let ran_unreplaced =
        |l: &str| (l.contains('✔') || l.contains('✘')) && (l.contains("<n>") || l.contains("<m>"));
    assert!(!text.lines().any(ran_unreplaced), "{text}");
    assert!(
        text.contains("2 passed, 4 failed (1 scenario; 3 problems in feature files"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn steps_out_of_order_fail_their_scenario_saying_the_order_expected() {
    let feature = "Feature: order
  Scenario: a Then before the When
    Given no events
    Then no events are recorded
    When 1 minute passes

  Scenario: a Given after the When
    When 1 minute passes
    Given no events
    Then no events are recorded

  Scenario: a When after a Then
    Given no events
    When 1 minute passes
    Then no events are recorded
    When 2 minutes pass
";
    let (file, _, text) = run_one("order", "order.feature", feature, "store");
    const ORDER: &str = "a scenario lists its Given steps, then one When, then its Then steps";
    for (line, what) in [
        (4, "this Then comes before the When"),
        (9, "this Given comes after the When (line 8)"),
        (16, "this When comes after a Then (line 15)"),
    ] {
        let at = format!("{}:{line}:5: {what}: {ORDER}", file.display());
        assert!(text.contains(&at), "{at} missing in {text}");
    }
    assert!(text.contains("0 passed, 3 failed"), "{text}");
}

#[test]
fn a_repeated_column_and_a_table_or_doc_string_no_step_reads_are_mistakes() {
    let feature = r#"Feature: tables
  Scenario: a column named twice
    When the command is sent:
      | command      | order_id | order_id |
      | RequestOrder | ORD-1    | ORD-2    |
    Then no events are recorded

  Scenario: a table under a step that takes none
    Given no events
      | event          | order_id |
      | OrderRequested | ORD-1    |
    When 1 minute passes
    Then no events are recorded

  Scenario: a doc string under a step that takes none
    Given no events
    When 1 minute passes
    Then no events are recorded
      """
      [{"event": "OrderRequested", "order_id": "ORD-1"}]
      """

  Scenario: a read model's row with a column named twice
    When 1 minute passes
    Then the read model OrderView for ORD-1 is:
      | type | type |
      | x    | y    |
"#;
    let (file, _, text) = run_one("tables", "tables.feature", feature, "store");
    assert_located(&text, &file, &[
        (
            4,
            35,
            "the column `order_id` is named twice, as columns 2 and 3: give each field one column",
        ),
        (
            10,
            7,
            "`Given no events` takes no table or doc string, but a table is under it: remove it, \
             or use a step that reads one (such as `Given the events:`)",
        ),
        (
            19,
            7,
            "`Then no events are recorded` takes no table or doc string, but a doc string is under \
             it: remove it, or use a step that reads one (such as `Then these events are \
             recorded:`)",
        ),
        (
            26,
            16,
            "the column `type` is named twice, as columns 1 and 2",
        ),
    ]);
    assert!(text.contains("0 passed, 4 failed"), "{text}");
}

#[test]
fn a_value_that_does_not_fit_its_field_is_told_in_the_catalog_s_words_at_its_cell() {
    let feature = r#"Feature: values
  Scenario: quoted text for a whole number
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | full      | "3"      |
    Then no commands are sent

  Scenario: a fraction for a whole number
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | full      | 2.5      |
    Then no commands are sent

  Scenario: text for a whole number in a doc string
    When the command is sent:
      """
      [{"command": "AddSeats", "conference_id": "conf-1", "seat_type": "full", "quantity": "3"}]
      """
    Then no commands are sent
"#;
    let (file, _, text) = run_one("values", "values.feature", feature, "conference");
    assert_located(
        &text,
        &file,
        &[
            (
                5,
                48,
                "quantity: `\"3\"` is quoted text, but this field must be a whole number",
            ),
            (11, 48, "quantity: `2.5` is not a whole number"),
            (
                17,
                80,
                "in message 1 of the doc string: quantity: `\"3\"` is not a whole number",
            ),
        ],
    );
    assert!(!text.contains("i64"), "{text}");
}

#[test]
fn too_many_minutes_are_too_far_in_the_future_and_a_byte_order_mark_is_read() {
    let far = "Feature: far
  Scenario: more minutes than the clock can take
    When 5000000000000 minutes pass
    Then no events are recorded

  Scenario: more minutes than a number holds
    When 99999999999999999999 minutes pass
    Then no events are recorded

  Scenario: a day more than the clock can take
    When 95005779 days pass
    Then no events are recorded

  Scenario: more days than a number of minutes holds
    When 6405119470038039 days pass
    Then no events are recorded

  Scenario: more hours than a number holds
    When 99999999999999999999 hours pass and the system settles
    Then no events are recorded

  Scenario: the most days the clock can take
    When 95005778 days pass
    Then no events are recorded
";
    let bom = "\u{feff}Feature: written by an editor that marks its bytes
  Scenario: fine
    Given no events
    When 1 minute passes
    Then no events are recorded
";
    let tmp = folder("far", &[("far.feature", far), ("bom.feature", bom)]);
    let dir = tmp.path();
    let (_, text) = gwt_test("store", dir);
    let file = dir.join("far.feature").canonicalize().unwrap();
    let most = "the clock is at 2026-01-05T09:00:00Z and can go on at most 136808321219 minutes";
    for (line, step, in_unit) in [
        (3, "5000000000000 minutes pass", ""),
        (7, "99999999999999999999 minutes pass", ""),
        (11, "95005779 days pass", " (95005778 days)"),
        (15, "6405119470038039 days pass", " (95005778 days)"),
        (
            19,
            "99999999999999999999 hours pass and the system settles",
            " (2280138686 hours)",
        ),
    ] {
        let at = format!(
            "{}:{line}:5: `When {step}` is too far in the future: {most}{in_unit}\n",
            file.display()
        );
        assert!(text.contains(&at), "{at} missing in {text}");
    }
    assert!(!text.contains(":23:5:"), "{text}");
    assert!(!text.contains("overflow"), "{text}");
    assert!(text.contains("2 passed, 5 failed"), "{text}");
}

#[test]
fn a_doc_string_that_lists_nothing_repeats_a_key_or_holds_no_json_is_refused_where_it_goes_wrong() {
    let feature = r#"Feature: doc strings that say too little or too much

  Scenario: an empty array after a rejection
    When the command is sent:
      """
      [{"command": "AssignSeat", "order_id": "nope", "position": 0, "attendee": {"email": "a@x"}}]
      """
    Then these events are recorded:
      """
      []
      """

  Scenario: an empty array of commands
    When 1 minute passes
    Then these commands are sent, in any order:
      """json
        []
      """

  Scenario: a table with no rows under a Then
    When 1 minute passes
    Then these commands are sent:
      | command |

  Scenario: a key written twice
    When the command is sent:
      """
      [{"command": "AddSeats", "conference_id": "conf-1", "seat_type": "full",
        "quantity": 3, "quantity": 5}]
      """
    Then no commands are sent

  Scenario: a key written twice in a nested object of a Then
    When 1 minute passes
    Then these events are recorded:
      """
      [{"event": "SeatAssigned", "attendee": {"email": "a@x", "email": "b@x"}}]
      """

  Scenario: an empty doc string
    When the command is sent:
      """
      """
    Then no events are recorded

  Scenario: a doc string in another language
    When the command is sent:
      """yaml
      - command: AddSeats
      """
    Then no events are recorded
"#;
    let (file, _, text) = run_one("doc-edges", "doc.feature", feature, "conference");
    assert_located(&text, &file, &[
        (
            10,
            7,
            "the doc string lists no event: to expect none, write `Then no events are recorded`",
        ),
        (
            17,
            9,
            "the doc string lists no command: to expect none, write `Then no commands are sent`",
        ),
        (
            23,
            9,
            "the table lists no command: to expect none, write `Then no commands are sent`",
        ),
        (
            29,
            24,
            "in the doc string: the key `quantity` is written twice in one object: give each \
             field once",
        ),
        (
            37,
            63,
            "in the doc string: the key `email` is written twice in one object: give each field \
             once",
        ),
        (
            41,
            5,
            "the doc string is empty: it must hold JSON, such as `[{\"event\": \"<Name>\", ...}]`",
        ),
        (
            49,
            7,
            "the doc string is marked `yaml`, but a doc string under a step must hold JSON",
        ),
    ]);
    assert!(!text.contains("EOF while"), "{text}");
    assert!(text.contains("0 passed, 7 failed"), "{text}");
}

#[test]
fn a_field_set_by_a_column_and_by_a_dotted_column_under_it_is_named_twice() {
    let feature = r#"Feature: one field, two columns
  Scenario: the nested field first
    When the command is sent:
      | command    | order_id | position | attendee.email | attendee         |
      | AssignSeat | o1       | 0        | a@x            | {"email": "b@x"} |
    Then no commands are sent

  Scenario: the whole object first, under a Then
    When 1 minute passes
    Then these events are recorded:
      | event        | attendee         | attendee.email |
      | SeatAssigned | {"email": "b@x"} | a@x            |

  Scenario: a nested field and its own field are not the same
    When 1 minute passes
    Then these events are recorded:
      | event        | attendee.email | attendee.email_2 |
      | SeatAssigned | a@x            | b@x              |

  Scenario: a dotted column under a field that is no object sets nothing twice
    When the command is sent:
      | command    | order_id | order_id.y | position | attendee.email |
      | AssignSeat | o-1      | 1          | 0        | a@b.c          |
    Then no events are recorded

  Scenario: the same in a doc string
    When the command is sent:
      """
      [{"command": "AssignSeat", "order_id": "o-1", "order_id.y": 1, "position": 0,
        "attendee": {"email": "a@b.c"}}]
      """
    Then no events are recorded
"#;
    let (file, _, text) = run_one("two-columns", "two.feature", feature, "conference");
    assert_located(&text, &file, &[
        (
            4,
            61,
            "the column `attendee` sets the whole of `attendee`, so the column `attendee.email` \
             cannot set a field of it too, as columns 4 and 5: give each field one column (the \
             whole object in one, or each of its fields in a dotted column)",
        ),
        (
            11,
            43,
            "the column `attendee` sets the whole of `attendee`, so the column `attendee.email` \
             cannot set a field of it too, as columns 2 and 3",
        ),
        (
            17,
            41,
            "`email_2` is not a field of `PersonalInfo`; did you mean `email`?",
        ),
        (
            22,
            33,
            "`order_id` of `AssignSeat` is text, which has no field `y`",
        ),
        (
            29,
            53,
            "in message 1 of the doc string: `order_id` of `AssignSeat` is text, which has no \
             field `y`",
        ),
    ]);
    assert!(!text.contains("both set"), "{text}");
    assert!(text.contains("0 passed, 5 failed"), "{text}");
}

#[test]
fn a_negative_delay_or_a_unit_given_twice_is_refused_at_its_cell() {
    let feature = r#"Feature: delays that cannot be
  Scenario: a command sent before its cause
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:30Z        | SAXSH9      |
    Then these commands are sent:
      | command                   | delay      |
      | MakeSeatReservation       | now        |
      | ExpireRegistrationProcess | -5 minutes |

  Scenario: minutes given twice
    When the event is published:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T09:15:30Z        | SAXSH9      |
    Then these commands are sent:
      | command                   | delay                           |
      | MakeSeatReservation       | now                             |
      | ExpireRegistrationProcess | 20 minutes 9 minutes 30 seconds |
"#;
    let (file, _, text) = run_one("delays", "delays.feature", feature, "conference");
    for (line, message) in [
        (
            9,
            "`-5 minutes` is a negative delay: a command is sent now or later, never earlier",
        ),
        (
            18,
            "`20 minutes 9 minutes 30 seconds` gives minutes twice: give each unit once",
        ),
    ] {
        let at = format!("{}:{line}:37: {message}", file.display());
        assert!(text.contains(&at), "{at} missing in {text}");
    }
    assert!(text.contains("0 passed, 2 failed"), "{text}");
}

#[test]
fn a_doc_string_key_and_a_dotted_key_under_it_set_one_field_twice() {
    let feature = r#"Feature: one field, two keys
  Scenario: in a command
    When the command is sent:
      """
      [{"command": "AssignSeat", "order_id": "o1", "position": 0,
        "attendee": {"email": "b@x"}, "attendee.email": "a@x"}]
      """
    Then no events are recorded

  Scenario: in a read model's entry
    When 1 minute passes
    Then the read model OrderSeats for o1 is:
      """
      {"seats": [], "seats.x": 1}
      """
"#;
    let (file, _, text) = run_one("two-keys", "two.feature", feature, "conference");
    assert_located(&text, &file, &[
        (
            5,
            8,
            "in message 1 of the doc string: the key `attendee` sets the whole of `attendee`, so \
             the key `attendee.email` cannot set a field of it too: give each field once (the \
             whole object under one key, or each of its fields under a dotted key)",
        ),
        // `seats` is a list: `seats.x` names nothing, and that is what is wrong with it (told
        // at its key since 2026-12-07, as a message's doc string's mistakes are).
        (
            14,
            21,
            "in the doc string: `seats` of `OrderSeats` is a list of OrderSeat, which has no \
             field `x`",
        ),
    ]);
    assert!(text.contains("0 passed, 2 failed"), "{text}");
}

#[test]
fn a_value_type_is_named_as_the_catalog_describes_it_never_as_a_rust_type() {
    let feature = r#"Feature: value types
  Scenario: quoted seats
    When the command is sent:
      | command             | conference_id | reservation_id | seats    |
      | MakeSeatReservation | conf-1        | r1             | "3 full" |
    Then no commands are sent

  Scenario: no seats
    When the command is sent:
      | command             | conference_id | reservation_id |
      | MakeSeatReservation | conf-1        | r1             |
    Then no commands are sent
"#;
    let (file, _, text) = run_one("value-types", "types.feature", feature, "conference");
    let seats = "SeatQuantities, written `3 full, 2 workshop` (in JSON: list of SeatQuantity)";
    assert_located(
        &text,
        &file,
        &[
            (
                5,
                64,
                format!(
                    "seats: `\"3 full\"` is quoted text, but this field must be {seats}: write it \
                 without quotes"
                ),
            ),
            (
                11,
                9,
                format!("`MakeSeatReservation` needs `seats`, {seats}: add a column `seats`"),
            ),
        ],
    );
    assert!(!text.contains("a SeatQuantities"), "{text}");
}

#[test]
fn a_step_with_a_table_and_a_doc_string_is_one_plain_problem_at_the_second() {
    let feature = r#"Feature: both
  Scenario: a table, then a doc string
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | full      | 3        |
      """
      [{"command": "AddSeats", "conference_id": "conf-1", "seat_type": "full", "quantity": 3}]
      """
    Then no commands are sent

  Scenario: a doc string, then a table
    When the command is sent:
      """
      [{"command": "AddSeats", "conference_id": "conf-1", "seat_type": "full", "quantity": 3}]
      """
      | command  | conference_id | seat_type | quantity |
      | AddSeats | conf-1        | full      | 3        |
    Then no commands are sent

  Scenario: the others still run
    When 1 minute passes
    Then no commands are sent
"#;
    let (file, _, text) = run_one("both", "both.feature", feature, "conference");
    for place in ["6:7", "16:7"] {
        let at = format!(
            "{}:{place}: a step takes a table or a doc string, not both: keep one of them",
            file.display()
        );
        assert!(text.contains(&at), "{at} missing in {text}");
    }
    assert!(!text.contains("Unknown keyword"), "{text}");
    assert!(text.contains("1 passed, 2 failed"), "{text}");
}

#[test]
fn of_two_examples_blocks_the_one_that_lacks_a_placeholder_s_column_is_named_and_the_other_runs() {
    let feature = "Feature: outlines
  Scenario Outline: two blocks, the second lacks a column
    When <n> minutes pass
    Then no events are recorded

    Examples: a
      | n |
      | 5 |

    Examples: b
      | m |
      | 6 |
";
    let (file, _, text) = run_one("two-examples", "two.feature", feature, "store");
    let at = format!(
        "{}:3:10: `<n>` is not a column of the Examples at line 10 (its columns: m), so its rows \
         are left out; did you mean `<m>`?",
        file.display()
    );
    assert!(text.contains(&at), "{at} missing in {text}");
    // The first block has the column: its row runs.
    assert!(
        text.lines().any(|l| l.starts_with("1 passed, 1 failed")),
        "{text}"
    );
}

/// An Examples column no run reads (named by no placeholder, named twice, or unnamed) was
/// dropped without a word and the runs passed without it: told at its header cell, and the
/// block is not run; a block whose columns are all read runs.
#[test]
fn an_examples_column_no_step_reads_is_told_and_its_block_not_run() {
    let feature = "Feature: outlines
  Scenario Outline: waiting <n>
    When <n> minutes pass
    Then no events are recorded

    Examples: read
      | n |
      | 5 |

    Examples: not checked
      | n | expected |
      | 6 | nothing  |

    Examples: twice
      | n | n   |
      | 7 | 700 |

    Examples: unnamed
      | n |   |
      | 8 | 9 |
";
    let (file, _, text) = run_one("unread-columns", "unread.feature", feature, "store");
    let file = file.display();
    for at in [
        format!(
            "{file}:11:13: no step of `waiting <n>` reads the column `expected` of the Examples \
             at line 10 (its placeholders: `<n>`), so its values are never checked: write \
             `<expected>` where it is meant, or leave the column out; these Examples are not run"
        ),
        format!(
            "{file}:15:13: `n` names two columns of the Examples at line 14: the second's values \
             are never read; these Examples are not run"
        ),
        format!(
            "{file}:19:12: column 2 of the Examples at line 18 has no name, so no step reads its \
             values; these Examples are not run"
        ),
    ] {
        assert!(text.contains(&at), "{at} missing in {text}");
    }
    assert!(
        text.lines().any(|l| l.starts_with("1 passed, 3 failed")),
        "{text}"
    );
}

#[test]
fn an_and_or_but_step_of_another_keyword_out_of_order_gets_the_step_order_message() {
    let feature = "Feature: continued out of order
  Scenario: the clock set after a Then
    When 5 minutes pass
    Then no events are recorded
    And the time is 2026-01-05T09:00:00Z

  Scenario: the clock set after the When
    When 5 minutes pass
    But the time is 2026-01-05T09:00:00Z
    Then no events are recorded

  Scenario: a Then phrase continuing a Given
    Given no events
    And no events are recorded
    When 5 minutes pass
    Then no events are recorded
";
    let (file, _, text) = run_one("continued", "continued.feature", feature, "store");
    let order = "a scenario lists its Given steps, then one When, then its Then steps";
    for (line, message) in [
        (
            5,
            format!(
                "`And the time is 2026-01-05T09:00:00Z` is a Given step, and this Given comes \
                 after the When (line 3): {order}"
            ),
        ),
        (
            9,
            format!(
                "`But the time is 2026-01-05T09:00:00Z` is a Given step, and this Given comes \
                 after the When (line 8): {order}"
            ),
        ),
        (
            14,
            format!(
                "`And no events are recorded` is a Then step, and this Then comes before the \
                 When: {order}"
            ),
        ),
    ] {
        let at = format!("{}:{line}:5: {message}", file.display());
        assert!(text.contains(&at), "{at} missing in {text}");
    }
    assert!(!text.contains("unknown step `Then the time"), "{text}");
}

#[test]
fn money_in_a_doc_string_s_failure_has_its_two_places_and_a_read_model_step_asks_for_one_object() {
    let feature = r#"Feature: cosmetics
  Scenario: a total written as a bare number
    Given the events:
      """
      [{"event": "SeatCreated", "conference_id": "conf-1", "seat_type": "full", "name": "Full",
        "price": 199, "quantity": 100}]
      """
    When the command is sent:
      """
      [{"command": "RegisterToConference", "order_id": "order-1", "conference_id": "conf-1", "seats": "2 full"}]
      """
    Then these events are recorded, in any order:
      """
      [{"event": "OrderPlaced"}, {"event": "OrderTotalsCalculated", "total": 399}]
      """

  Scenario: a read model step with nothing under it
    When 1 minute passes
    Then the read model SeatType for full is:
"#;
    let (file, _, text) = run_one("cosmetics", "cosmetics.feature", feature, "conference");
    assert!(text.contains("399.00"), "{text}");
    assert!(text.contains("398.00"), "{text}");
    assert!(!text.contains(" 399 "), "{text}");
    let at = format!(
        "{}:19:5: this step needs a one-row table of `SeatType` fields (or a doc string holding \
         one JSON object of them) under it",
        file.display()
    );
    assert!(text.contains(&at), "{at} missing in {text}");
}

#[test]
fn an_older_stored_form_is_read_in_the_catalog_s_words_once_upcast() {
    let feature = "Feature: older forms
  Scenario: a whole number written with a zero fraction
    Given the events in version 1:
      | event       | conference_id | seat_type | name | price_cents | quantity |
      | SeatCreated | conf-1        | full      | Full | 100         | 8.0      |
    When 1 minute passes
    Then no commands are sent

  Scenario: a fraction of a seat
    Given the events in version 1:
      | event       | conference_id | seat_type | name | price_cents | quantity |
      | SeatCreated | conf-1        | full      | Full | 100         | 2.5      |
    When 1 minute passes
    Then no commands are sent

  Scenario: a quantity left out
    Given the events in version 1:
      | event       | conference_id | seat_type | name | price_cents |
      | SeatCreated | conf-1        | full      | Full | 100         |
    When 1 minute passes
    Then no commands are sent
";
    let tmp = folder("older-forms", &[("older.feature", feature)]);
    let dir = tmp.path();
    let (_, text) = gwt_test("conference", dir);
    assert!(text.contains("1 passed, 2 failed"), "{text}");
    assert!(
        text.contains(
            "older.feature:12:9: after upcasting to the current `SeatCreated`, quantity: `2.5` is \
             not a whole number"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "older.feature:19:9: after upcasting to the current `SeatCreated`, `SeatCreated` \
             needs `quantity`, a whole number"
        ),
        "{text}"
    );
    assert!(
        !text.contains("i64") && !text.contains("missing field"),
        "{text}"
    );
}

const WILDCARD_IN_GIVEN: &str = r#"Feature: nested any in input
  Scenario: table
    Given the events:
      | event                 | conference_id | seats                                  |
      | AvailableSeatsChanged | conf-9        | [{"seat_type": "<any>", "quantity": 4}] |
    When 1 minutes pass
    Then no events are recorded

  Scenario: doc
    Given the events:
      """
      [{"event": "AvailableSeatsChanged", "conference_id": "conf-9", "seats": [{"seat_type": "x", "quantity": "<any>"}]}]
      """
    When 1 minutes pass
    Then no events are recorded

  Scenario: doc v1
    Given the events in version 1:
      """
      [{"event": "SeatCreated", "conference_id": "conf-9", "seat_type": "speaker", "name": "<any>",
        "description": "Free for speakers", "price_cents": 0, "quantity": 5}]
      """
    When 1 minutes pass
    Then no events are recorded
"#;

#[test]
fn the_wildcard_written_in_a_given_is_refused_at_its_cell_or_object_in_a_table_or_doc_string() {
    let (file, out, text) = run_one(
        "wildcard-in-given",
        "wildcard.feature",
        WILDCARD_IN_GIVEN,
        "conference",
    );
    let said = "is only allowed in Then steps: a Given or When gives every value it names";
    assert_located(
        &text,
        &file,
        &[
            (5, 49, format!("seats: `<any>` {said}")),
            (
                12,
                70,
                format!("in message 1 of the doc string: seats: `<any>` {said}"),
            ),
            (
                20,
                84,
                format!("in message 1 of the doc string: name: `<any>` {said}"),
            ),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
}

const OLDER_FORM_MISTAKES: &str = r#"Feature: w3
  Scenario: doc v1
    Given the events in version 1:
      """
      [{"event": "SeatCreated", "conference_id": "conf-9", "seat_type": "a", "name": "S", "price_cents": 100, "quantity": 5},
       {"event": "SeatCreated", "conference_id": "conf-9", "seat_type": "b", "name": "S", "price_cents": 12.5, "quantity": 5}]
      """
    When 1 minutes pass
    Then no events are recorded

  Scenario: table v1
    Given the events in version 1:
      | event       | conference_id | seat_type | name | price_cents | price | quantity |
      | SeatCreated | conf-9        | a         | S    | 100         |       | 5        |
      | SeatCreated | conf-9        | b         | S    | 100         | 5.00  | 5        |
    When 1 minutes pass
    Then no events are recorded
"#;

#[test]
fn an_older_form_the_upcaster_refuses_is_placed_at_its_object_or_row() {
    let (file, out, text) = run_one(
        "older-form-mistakes",
        "older.feature",
        OLDER_FORM_MISTAKES,
        "conference",
    );
    let upcast = "cannot upcast `SeatCreated` version 1";
    assert_located(
        &text,
        &file,
        &[
            (
                6,
                8,
                format!(
                    "in message 2 of the doc string: {upcast}: `price_cents` is 12.5, expected \
                     a whole number of cents"
                ),
            ),
            (
                15,
                9,
                format!("{upcast}: version 1 has no `price` (it came with version 2)"),
            ),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
}

const MISSPELLED_OUTLINE: &str = r#"Feature: misspelled step in description position

  Scenario: D1 misspelled When as first line
    Wehn 5 minutes pass
    Then no commands are sent

  Scenario: D2 lowercase then as a step after When
    When 5 minutes pass
    then no commands are sent

  Scenario Outlin: D3 misspelled outline
    When <m> minutes pass
    Then no commands are sent
    Examples:
      | m |
      | 1 |

  Scenario: D4 a passing one
    When 5 minutes pass
    Then no commands are sent
"#;

#[test]
fn a_misspelled_scenario_outline_is_named_on_its_own_line_and_the_scenarios_around_it_run() {
    let (file, out, text) = run_one(
        "misspelled-outline",
        "outline.feature",
        MISSPELLED_OUTLINE,
        "conference",
    );
    let at = |place: &str| format!("{}:{place}: ", file.display());
    for expected in [
        format!("{}\"Wehn\" is not a keyword", at("4:5")),
        format!("{}\"then\" is not a keyword", at("9:5")),
        format!(
            "{}\"Scenario Outlin:\" is not a keyword (`Scenario Outlin: D3 misspelled outline`); \
             the Scenario Outline `D3 misspelled outline` is not run; did you mean \"Scenario \
             Outline:\"?",
            at("11:3")
        ),
    ] {
        assert!(text.contains(&expected), "missing `{expected}` in:\n{text}");
    }
    // Line 3 (`Scenario: D1 …`) reads well: only its scenario's own failure is placed there.
    let blamed = text.lines().any(|l| {
        l.contains(&at("3:3")) && (l.contains("not a keyword") || l.contains("not valid Gherkin"))
    });
    assert!(!blamed, "a line that reads well is blamed:\n{text}");
    assert!(text.contains("D4 a passing one"), "{text}");
    // D1 lost its When to its description: it is not run, its problem its one failure.
    assert!(
        text.lines()
            .any(|l| l == "1 passed, 3 failed (3 problems in feature files, listed above)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_clock_set_back_past_events_already_given_is_refused_at_its_step() {
    let text = "Feature: clock
  Scenario: back
    Given the time is 2026-01-05T10:00:00Z
    And the events:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 2 full | 2026-01-05T10:15:00Z        | SAXSH9      |
    And the time is 2026-01-05T09:00:00+01:00
    When 1 minute passes
    Then no commands are sent

  Scenario: back before any event
    Given the time is 2026-01-05T10:00:00Z
    And the time is 2026-01-05T09:00:00Z
    When 1 minute passes
    Then no commands are sent
";
    let (file, out, said) = run_one("clock-back", "clock.feature", text, "conference");
    assert_located(
        &said,
        &file,
        &[(
            7,
            5,
            "the clock cannot go back to 2026-01-05T08:00:00Z: it stands at 2026-01-05T10:00:00Z, \
             and events were given before it (write `Given the time is` before them)",
        )],
    );
    assert!(said.lines().any(|l| l == "1 passed, 1 failed"), "{said}");
    assert_eq!(out.status.code(), Some(1));
}

const UNEXPECTED_MESSAGE: &str = r#"Feature: extra
  Background:
    Given the events:
      | event                 | conference_id | seat_type | name     | description | price | quantity | seats       |
      | SeatCreated           | conf-9        | student   | Student  | Discounted  | 25.00 | 40       |             |
      | AvailableSeatsChanged | conf-9        |           |          |             |       |          | 40 student  |
  Scenario: extra
    When the command is sent:
      | command             | conference_id | reservation_id | seats      |
      | MakeSeatReservation | conf-9        | res-a          | 12 student |
    Then no events are recorded
  Scenario: extra2
    When the command is sent:
      | command             | conference_id | reservation_id | seats      |
      | MakeSeatReservation | conf-9        | res-a          | 12 student |
    Then these events are recorded:
      | event         | reservation_id |
      | SeatsReservationCancelled | res-b          |
"#;

#[test]
fn a_message_not_expected_lists_its_fields_in_the_catalog_s_order() {
    let (_, _, text) = run_one(
        "catalog-order",
        "extra.feature",
        UNEXPECTED_MESSAGE,
        "conference",
    );
    let at = |field: &str| {
        text.find(&format!("    {field} "))
            .unwrap_or_else(|| panic!("{field} missing in {text}"))
    };
    let places: Vec<usize> = [
        "conference_id",
        "reservation_details",
        "available_seats_changed",
    ]
    .iter()
    .map(|f| at(f))
    .collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{text}");
}

const AN_ENTRY_THERE: &str = r#"Feature: ne
  Scenario: has entry
    Given the events:
      | event                 | conference_id | seat_type | name     | description | price | quantity | seats       |
      | SeatCreated           | conf-9        | student   | Student  | Discounted  | 25.00 | 40       |             |
    When the event is published:
      | event                 | conference_id | seats      |
      | AvailableSeatsChanged | conf-9        | 40 student |
    Then the read model SeatType has no entry for student
"#;

#[test]
fn an_entry_that_should_not_be_there_is_shown_field_by_field_in_the_catalog_s_order() {
    let (file, _, text) = run_one("entry-there", "entry.feature", AN_ENTRY_THERE, "conference");
    let expected = format!(
        "{}:9:5: the read model SeatType has an entry for student:
        conference_id         conf-9
        name                  Student
        description           Discounted
        price                 25.00
        quantity              40
        available_quantity    40
",
        file.display()
    );
    assert!(text.contains(&expected), "missing `{expected}` in:\n{text}");
}

const PLACEHOLDER_IN_A_TABLE: &str = r#"Feature: o4

  Scenario Outline: first
    When the command is sent:
      | command             | conference_id | reservation_id | seats      |
      | MakeSeatReservation | conf-9        | <res>          | 1 student  |
    Then no events are recorded

    Examples:
      | rs |
      | x  |
"#;

#[test]
fn a_placeholder_no_column_gives_is_placed_where_its_outline_writes_it() {
    let (file, _, text) = run_one(
        "placeholder-place",
        "placeholder.feature",
        PLACEHOLDER_IN_A_TABLE,
        "conference",
    );
    assert_located(
        &text,
        &file,
        &[(
            6,
            47,
            "`<res>` is not a column of the Examples at line 9 (its columns: rs), so its rows \
             are left out; did you mean `<rs>`?",
        )],
    );
}

const A_NUMBER_TOO_LONG: &str = r#"Feature: inexact
  Scenario: long number
    When the command is sent:
      """
      [{"command": "AddSeats", "conference_id": "conf-9", "seat_type": "vip", "quantity": 3.000000000000000000001}]
      """
    Then no events are recorded
"#;

#[test]
fn a_doc_string_number_no_float_holds_as_written_is_refused_at_its_place() {
    let (file, _, text) = run_one("too-long", "long.feature", A_NUMBER_TOO_LONG, "conference");
    assert_located(
        &text,
        &file,
        &[(
            5,
            91,
            "in the doc string: `3.000000000000000000001` cannot be held exactly as a number",
        )],
    );
}

const JSON_IN_CELLS: &str = r#"Feature: JSON in cells
  Scenario: a whole number past 64 bits
    Given the events:
      | event                  | order_id | seats                                           |
      | SeatAssignmentsCreated | order-1  | [{"position": 18446744073709551616, "seat_type": "full"}] |
    When 1 minutes pass
    Then no events are recorded

  Scenario: a key given twice
    Given the events:
      | event                  | order_id | seats                                                |
      | SeatAssignmentsCreated | order-1  | [{"position": 1, "position": 2, "seat_type": "full"}] |
    When 1 minutes pass
    Then no events are recorded
"#;

/// JSON in a table's cell is read as a doc string's is: a whole number past 64 bits is told as
/// written (it was told back as the float `1.8446744073709552e+19`), and a key given twice is
/// refused (the last was kept, unseen); found by fuzzing the feature runner.
#[test]
fn json_in_a_cell_refuses_a_number_it_would_round_and_a_key_given_twice_as_written() {
    let (file, _, text) = run_one("cell-json", "cells.feature", JSON_IN_CELLS, "conference");
    assert_located(
        &text,
        &file,
        &[
            (
                5,
                45,
                "seats: `18446744073709551616` is out of range for a whole number (whole numbers \
                 run from -9,223,372,036,854,775,808 to 18,446,744,073,709,551,615)",
            ),
            (
                12,
                45,
                "seats: `[{\"position\": 1, \"position\": 2, \"seat_type\": \"full\"}]` gives \
                 the key `position` twice: give each field once",
            ),
        ],
    );
    assert!(!text.contains("e+19"), "{text}");
}

/// A command refused after the When (sent by a process manager as the system settled, or
/// delivered as time passed) is part of the outcome: `no events are recorded` fails naming it,
/// `the command is rejected with` can say it, and the outcome snapshot lists it. It used to pass
/// unseen.
#[test]
fn a_command_refused_after_the_when_is_seen_by_the_then_steps() {
    let given = "    Given the events:
      | event          | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced    | order-1  | conf-1        | 1 full | 2026-01-05T09:15:00Z        | AAAAAA      |
      | OrderConfirmed | order-1  |               |        |                             |             |
    When 29 minutes pass and the system settles
";
    let feature = format!(
        "Feature: refused while settling

  Scenario: nothing recorded
{given}    Then no events are recorded

  Scenario: rejected as confirmed
{given}    Then the command is rejected with \"confirmed\"

  Scenario: rejected otherwise
{given}    Then the command is rejected with \"sold out\"

  Scenario: an outcome
{given}    Then the outcome matches the snapshot

  Scenario: events expected
{given}    Then these events are recorded:
      | event        |
      | OrderExpired |
"
    );
    // The file is run again below: its folder is kept to the end.
    let dir = folder("settle-rejected", &[("refused.feature", &feature)]);
    let (out, text) = gwt_test("conference", dir.path());
    let file = dir.path().join("refused.feature").canonicalize().unwrap();
    assert_located(
        &text,
        &file,
        &[
            (
                9,
                5,
                "RejectOrder was rejected after the When: order already confirmed",
            ),
            (
                25,
                5,
                "the commands rejected after the When were rejected with \"order already \
                 confirmed\" (RejectOrder), none of which contains \"sold out\"",
            ),
        ],
    );
    // Events that never came are shown with the refusal that may be why, below what was
    // expected and seen.
    let expected = text
        .find(&format!(
            "{}:41:5: expected 1 event, but 0 were",
            file.display()
        ))
        .unwrap_or_else(|| panic!("no expected events at line 41:\n{text}"));
    let why = text[expected..]
        .lines()
        .find(|l| l.contains("RejectOrder was rejected after the When"));
    assert_eq!(
        why.map(str::trim),
        Some("RejectOrder was rejected after the When: order already confirmed"),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "1 passed, 4 failed"), "{text}");
    assert_eq!(out.status.code(), Some(1));
    // Under CI no snapshot is written: the outcome is read from one written outside it.
    let outside_ci = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--domain", "conference", "--name", "an outcome"])
        .arg(&file)
        .env_remove("CI")
        .output()
        .expect("gwt runs");
    assert_eq!(outside_ci.status.code(), Some(1), "unreviewed, it fails");
    let pending = file
        .parent()
        .unwrap()
        .join("snapshots/refused__an_outcome__outcome.snap.new");
    let written = std::fs::read_to_string(&pending).unwrap();
    assert!(
        written.contains(
            "rejected_commands:\n  - command: RejectOrder\n    order_id: order-1\n    \
             reason: order already confirmed"
        ),
        "{written}"
    );
}

/// A command a process manager sent as the Givens were loaded counts as handled (DSL.md), so an
/// author who gives `SeatCreated` and not the availability it leads to finds a reservation
/// refused for a seat type "unknown": the refusal names the command that did not run, what it
/// records, and what the refused command comes to were it run first; and says nothing of it
/// when the Givens list what it records, or when running it leaves the refusal as it was (a
/// seat type the Givens never created: the note would point away from the cause).
#[test]
fn a_refusal_names_a_command_the_givens_counted_as_handled() {
    let conference = "      | ConferenceCreated   | conf-1        | Conf | conf | 2026-03-01T09:00:00Z | 2026-03-02T17:00:00Z |           |        |          |
      | SeatCreated         | conf-1        | Full |      |                      |                      | full      | 100.00 | 10       |
";
    let head = "      | event               | conference_id | name | slug | start_date           | end_date             | seat_type | price  | quantity |
";
    let feature = format!(
        "Feature: seats never made available

  Scenario: settled
    Given the events:
{head}{conference}      | ConferencePublished | conf-1        |      |      |                      |                      |           |        |          |
    When the command is sent and the system settles:
      | command              | order_id | conference_id | seats  |
      | RegisterToConference | order-1  | conf-1        | 2 full |
    Then these events are recorded, in any order:
      | event                     | order_id |
      | OrderPlaced               | order-1  |
      | OrderReservationCompleted | order-1  |
      | OrderTotalsCalculated     | order-1  |

  Scenario: at once
    Given the events:
{head}{conference}    When the command is sent:
      | command             | conference_id | reservation_id | seats  |
      | MakeSeatReservation | conf-1        | res-1          | 2 full |
    Then no events are recorded

  Scenario: made available
    Given the events:
{head}{conference}    And the events:
      | event                 | conference_id | seats   |
      | AvailableSeatsChanged | conf-1        | 10 full |
    When the command is sent:
      | command             | conference_id | reservation_id | seats      |
      | MakeSeatReservation | conf-1        | res-1          | 2 workshop |
    Then no events are recorded

  Scenario: never created
    Given the events:
{head}{conference}    When the command is sent:
      | command             | conference_id | reservation_id | seats      |
      | MakeSeatReservation | conf-1        | res-1          | 2 workshop |
    Then no events are recorded

  Scenario: another reason then
    Given the events:
{head}{conference}    When the command is sent:
      | command             | conference_id | reservation_id | seats              |
      | MakeSeatReservation | conf-1        | res-1          | 2 full, 1 workshop |
    Then no events are recorded
"
    );
    let (file, out, text) = run_one("sent-in-the-past", "past.feature", &feature, "conference");
    let hint = "SeatQuotaPolicy sent AddSeats {\"conference_id\":\"conf-1\",\"quantity\":10,\
                \"seat_type\":\"full\"} to the same stream as the Givens were loaded: DSL.md \
                counts a command sent in the past as handled, so it did not run; give what it \
                records among the Givens (AvailableSeatsChanged, were it run now)";
    // Each failure's report, from its place to the next scenario's.
    let report = |line: u32| {
        let at = format!("{}:{line}:5:", file.display());
        let start = text
            .find(&at)
            .unwrap_or_else(|| panic!("nothing at line {line}:\n{text}"));
        let end = text[start..]
            .find("  Scenario:")
            .map_or(text.len(), |e| start + e);
        text[start..end].to_string()
    };
    let settled = report(12);
    assert!(
        settled.contains("MakeSeatReservation was rejected after the When: unknown seat type"),
        "{settled}"
    );
    // The note, then on the line under it what the refused command comes to were it run first.
    let then = |report: &str, verdict: &str| {
        let lines: Vec<&str> = report.lines().map(str::trim).collect();
        lines.windows(2).any(|w| w[0] == hint && w[1] == verdict)
    };
    let accepted = "were it run first, MakeSeatReservation would have been accepted";
    assert!(then(&settled, accepted), "{settled}");
    let at_once = report(26);
    assert!(
        at_once.contains("the command was rejected: unknown seat type: full"),
        "{at_once}"
    );
    assert!(then(&at_once, accepted), "{at_once}");
    // The availability given, a refusal for another seat type is told alone.
    let available = report(39);
    assert!(
        available.contains("the command was rejected: unknown seat type: workshop"),
        "{available}"
    );
    assert!(
        !available.contains("as the Givens were loaded"),
        "{available}"
    );
    // Seats of another type made available would leave the workshop as unknown as before.
    let never_created = report(49);
    assert!(
        never_created.contains("the command was rejected: unknown seat type: workshop"),
        "{never_created}"
    );
    assert!(
        !never_created.contains("as the Givens were loaded"),
        "{never_created}"
    );
    // The full seats made available, the workshop is still unknown: another reason, told.
    let another = report(59);
    assert!(
        another.contains("the command was rejected: unknown seat type: full"),
        "{another}"
    );
    assert!(
        then(
            &another,
            "were it run first, MakeSeatReservation would have been refused for another reason: \
             unknown seat type: workshop"
        ),
        "{another}"
    );
    assert!(text.lines().any(|l| l == "0 passed, 5 failed"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn null_where_a_field_cannot_be_null_is_refused_at_its_cell_naming_the_field() {
    let feature = r#"Feature: nulls
  Scenario: text in a When
    When the command is sent:
      | command          | conference_id | name | slug | start_date           | end_date             |
      | CreateConference | c-1           | C    | null | 2026-06-01T09:00:00Z | 2026-06-03T17:00:00Z |
    Then no events are recorded

  Scenario: an instant in a Given
    Given the events:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | order-1  | conf-1        | 1 full | null                        | AAAAAA      |
    When 1 minute passes
    Then no events are recorded

  Scenario: text in a doc string
    When the command is sent:
      """
      [{"command": "CreateConference", "conference_id": "c-1", "name": "C", "slug": null,
        "start_date": "2026-06-01T09:00:00Z", "end_date": "2026-06-03T17:00:00Z"}]
      """
    Then no events are recorded

  Scenario: the word, quoted, and null where the field may be null
    When the command is sent:
      | command          | conference_id | name | slug   | tagline | start_date           | end_date             |
      | CreateConference | c-1           | C    | "null" | null    | 2026-06-01T09:00:00Z | 2026-06-03T17:00:00Z |
    Then these events are recorded:
      | event             | slug   | tagline |
      | ConferenceCreated | "null" | null    |
"#;
    let (file, _, text) = run_one("nulls", "nulls.feature", feature, "conference");
    let text_null = "slug: `null` does not fit: this field cannot be null; it takes text (write \
                     `\"null\"` for the word)";
    assert_located(
        &text,
        &file,
        &[
            (5, 51, text_null.to_string()),
            (
                11,
                59,
                "reservation_auto_expiration: `null` does not fit: this field cannot be null; it \
                 takes an RFC 3339 instant"
                    .to_string(),
            ),
            (
                18,
                77,
                format!("in message 1 of the doc string: {text_null}"),
            ),
        ],
    );
    assert!(text.contains("1 passed, 3 failed"), "{text}");
}

#[test]
fn a_number_out_of_its_field_s_range_is_refused_at_its_cell_with_the_field_and_its_range() {
    let feature = r#"Feature: ranges
  Scenario: a negative position in a When
    When the command is sent:
      | command    | order_id | position | attendee.email |
      | AssignSeat | order-1  | -1       | a@b.c          |
    Then the command is rejected

  Scenario: a position past 64 bits in a Given
    Given the events:
      | event        | order_id | position             | seat_type | attendee.email |
      | SeatAssigned | order-1  | 18446744073709551615 | full      | a@b.c          |
    When 1 minute passes
    Then no events are recorded

  Scenario: a position just past its range in a doc string
    When the command is sent:
      """
      [{"command": "AssignSeat", "order_id": "order-1", "position": 4294967296,
        "attendee": {"email": "a@b.c"}}]
      """
    Then the command is rejected
"#;
    let (file, _, text) = run_one("ranges", "ranges.feature", feature, "conference");
    let range = "this field takes a whole number from 0 to 4,294,967,295";
    assert_located(
        &text,
        &file,
        &[
            (5, 33, format!("position: `-1` is too small: {range}")),
            (
                11,
                35,
                format!("position: `18446744073709551615` is too large: {range}"),
            ),
            (
                18,
                57,
                format!(
                    "in message 1 of the doc string: position: `4294967296` is too large: {range}"
                ),
            ),
        ],
    );
    assert!(!text.contains("9,223,372,036,854,775,807"), "{text}");
    assert!(text.contains("0 passed, 3 failed"), "{text}");
}

#[test]
fn a_doc_string_that_is_not_json_says_in_plain_words_what_was_expected_there() {
    let feature = r#"Feature: doc strings
  Scenario: unquoted text
    When the command is sent:
      """
      [{"command": "RequestOrder", "order_id": nobody}]
      """
    Then no events are recorded
"#;
    let (file, _, text) = run_one("doc-not-json", "doc.feature", feature, "store");
    assert_located(
        &text,
        &file,
        &[(
            5,
            49,
            "the doc string is not valid JSON: an unquoted word (only `true`, `false` and `null` \
             are written without quotes; text must be in quotes)",
        )],
    );
    assert!(!text.contains("ident"), "{text}");
}

#[test]
fn a_seat_list_ending_in_a_comma_says_nothing_follows_it() {
    let feature = r#"Feature: seats
  Scenario: a trailing comma
    When the command is sent:
      | command              | order_id | conference_id | seats   |
      | RegisterToConference | order-1  | conf-1        | 1 full, |
    Then no events are recorded
"#;
    let (file, _, text) = run_one("seat-comma", "seats.feature", feature, "conference");
    assert_located(
        &text,
        &file,
        &[(
            5,
            59,
            "seats: `1 full,` has an empty item, nothing after its last comma (write `3 full, 2 \
             workshop`)",
        )],
    );
}

#[test]
fn a_file_without_a_feature_line_is_told_to_start_with_one() {
    let feature = "# a comment\n@tagged\nScenario: no feature\n  When 1 minutes pass\n  Then no commands are sent\n";
    let (file, _, text) = run_one("no-feature", "bare.feature", feature, "conference");
    // A file's own problems are placed at their line, as Gherkin's are.
    let at = format!(
        "{}:3:1: a feature file starts with a `Feature:` line, and this comes before any: \
         `Scenario: no feature` (write `Feature: <what the file is about>` above it)",
        file.display()
    );
    assert!(text.contains(&at), "{at} missing in {text}");
    assert!(!text.contains("expected a keyword"), "{text}");
}

#[test]
fn an_instant_finer_than_nanoseconds_is_refused_at_its_cell_or_step() {
    let feature = "Feature: instants finer than an instant holds
  Scenario: in a cell
    Given the events:
      | event             | conference_id | name | slug | start_date                             | end_date             |
      | ConferenceCreated | conf-1        | Days | days | 2026-03-10T09:00:00.12345678987654321Z | 2026-03-11T18:00:00Z |
    When 1 minute passes
    Then no commands are sent

  Scenario: as the clock
    Given the time is 2026-01-05T09:00:00.1234567891Z
    When 1 minute passes
    Then no commands are sent

  Scenario: zeros past the ninth digit lose nothing
    Given the time is 2026-01-05T09:00:00.123456789000Z
    Given the events:
      | event             | conference_id | name | slug | start_date                     | end_date             |
      | ConferenceCreated | conf-1        | Days | days | 2026-03-10T09:00:00.1000000000Z | 2026-03-11T18:00:00Z |
    When 1 minute passes
    Then no commands are sent
";
    let (file, _, text) = run_one("finer-instants", "finer.feature", feature, "conference");
    assert_located(
        &text,
        &file,
        &[
            (
                5,
                59,
                "start_date: \"2026-03-10T09:00:00.12345678987654321Z\" is finer than an instant \
                 holds: its fraction of a second has 17 digits, and an instant holds nanoseconds \
                 at most (9 digits): the digits past the ninth would be lost; expected at most \
                 nanoseconds, such as `2026-01-05T09:00:00.123456789Z`",
            ),
            (
                10,
                5,
                "\"2026-01-05T09:00:00.1234567891Z\" is finer than an instant holds: its \
                 fraction of a second has 10 digits",
            ),
        ],
    );
    assert!(text.contains("1 passed, 2 failed"), "{text}");
}

/// An amount past what two decimal places hold panicked on its way to cents, and the step said
/// only "Multiplication overflowed", with no cell.
#[test]
fn an_amount_too_large_for_two_decimal_places_is_refused_at_its_cell() {
    let feature = r#"Feature: amounts too large
  Scenario: in a cell
    Given the events:
      | event       | conference_id | seat_type | name | price                         | quantity |
      | SeatCreated | conf-1        | full      | Full | 79228162514264337593543950335 | 100      |
    When 1 minute passes
    Then no commands are sent

  Scenario: in a doc string
    Given the events:
      """
      [{"event": "SeatCreated", "conference_id": "conf-1", "seat_type": "full", "name": "Full",
        "price": "-79228162514264337593543950335", "quantity": 100}]
      """
    When 1 minute passes
    Then no commands are sent

  Scenario: the largest that fits
    Given the events:
      | event       | conference_id | seat_type | name | price                          | quantity |
      | SeatCreated | conf-1        | full      | Full | 792281625142643375935439503.35 | 100      |
    When 1 minute passes
    Then no commands are sent
"#;
    let (file, _, text) = run_one("huge-amounts", "huge.feature", feature, "conference");
    let too_large = "is too large an amount of money: the largest is \
                     792,281,625,142,643,375,935,439,503.35 (either side of zero)";
    assert_located(
        &text,
        &file,
        &[
            (
                5,
                58,
                format!("price: `79228162514264337593543950335` {too_large}"),
            ),
            (
                13,
                9,
                format!("in message 1 of the doc string: price: `-79228162514264337593543950335` {too_large}"),
            ),
        ],
    );
    assert!(!text.contains("overflow"), "{text}");
    assert!(text.contains("1 passed, 2 failed"), "{text}");
}

/// serde_json counts columns in bytes, the runner in characters: each `日` (three bytes) before
/// a mistake put it two columns further right.
#[test]
fn a_doc_string_mistake_after_characters_of_several_bytes_is_placed_at_its_character() {
    let feature = r#"Feature: doc strings in other scripts
  Scenario: not JSON
    When the command is sent:
      """
      [{"command": "CreateConference", "name": "日本語日本語日本語", "slug" "s"}]
      """
    Then no events are recorded

  Scenario: a key given twice
    When the command is sent:
      """
      [{"command": "CreateConference", "name": "日本語日本語日本語日本語", "slug": "s", "slug": "t", "x": {"slug": 1}}]
      """
    Then no events are recorded
"#;
    let (file, _, text) = run_one("wide-characters", "wide.feature", feature, "conference");
    let line =
        r#"      [{"command": "CreateConference", "name": "日本語日本語日本語", "slug" "s"}]"#;
    let colon_expected = line.chars().count() - r#""s"}]"#.len() + 1;
    let twice = r#"      [{"command": "CreateConference", "name": "日本語日本語日本語日本語", "slug": "s", "#;
    let second_slug = twice.chars().count() + 1;
    assert_located(
        &text,
        &file,
        &[
            (
                5,
                colon_expected,
                "the doc string is not valid JSON: expected `:` between a key and its value",
            ),
            (
                12,
                second_slug,
                "in the doc string: the key `slug` is written twice in one object",
            ),
        ],
    );
    assert_eq!((colon_expected, second_slug), (68, 77));
}

#[test]
fn a_version_too_large_is_said_so_at_its_step() {
    let feature = "Feature: versions
  Scenario: past what a version holds
    Given the events in version 4294967296:
      | event       | conference_id |
      | SeatCreated | conf-1        |
    When 1 minute passes
    Then no commands are sent
";
    let (file, _, text) = run_one("big-version", "version.feature", feature, "conference");
    assert_located(
        &text,
        &file,
        &[(
            3,
            5,
            "version 4294967296 is too large (at most 4,294,967,295)",
        )],
    );
    assert!(!text.contains("unknown step"), "{text}");
}

/// A scenario line that lost its colon is not Gherkin, and Gherkin blames it with "Unknown
/// keyword: 'Scenario'", a keyword if any is. It is said to take a colon, and it no longer takes
/// the scenario before it down with it: that one read well, and runs.
#[test]
fn a_scenario_line_without_its_colon_is_told_so_and_the_scenario_before_it_runs() {
    let text = "Feature: colons
  Scenario: a reads well
    When 0 minutes pass
    Then no commands are sent

  Scenario b forgets its colon
    When 0 minutes pass
    Then no commands are sent

  Scenario: c reads well
    When 0 minutes pass
    Then no commands are sent
";
    let (file, out, said) = run_one("colon", "colon.feature", text, "conference");
    let expected = format!(
        "{}:6:3: `Scenario` takes a colon after it (`Scenario b forgets its colon`); did you \
         mean `Scenario: b forgets its colon`?",
        file.display()
    );
    assert!(said.contains(&expected), "missing `{expected}` in:\n{said}");
    assert!(said.contains("a reads well"), "{said}");
    assert!(said.contains("c reads well"), "{said}");
    assert!(
        said.lines().any(|l| l.starts_with("2 passed, 1 failed")),
        "{said}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// `no events are recorded` failing on a command refused after the When also says what was
/// recorded before the refusal: it said only the refusal, as if nothing had been.
#[test]
fn no_events_refused_after_the_when_says_what_was_recorded_too() {
    let text = "Feature: refused while settling
  Scenario: the reservation is refused while settling
    Given the events:
      | event       | conference_id | seat_type | name | price  | quantity |
      | SeatCreated | conf-1        | full      | Full | 199.00 | 100      |
    When the command is sent and the system settles:
      | command              | order_id | conference_id | seats  |
      | RegisterToConference | o-1      | conf-1        | 1 full |
    Then no events are recorded
";
    let (file, out, said) = run_one("refused-recorded", "refused.feature", text, "conference");
    assert_located(
        &said,
        &file,
        &[(
            9,
            5,
            "MakeSeatReservation was rejected after the When: unknown seat type: full; and these \
             were recorded: OrderPlaced, OrderTotalsCalculated",
        )],
    );
    assert_eq!(out.status.code(), Some(1));
}

/// Every placeholder an Examples block has no column for is told at once, each where the Outline
/// writes it: Gherkin names only the first, so an author mended one and met the next.
#[test]
fn every_placeholder_an_examples_block_lacks_is_told_at_once() {
    let feature = "Feature: placeholders
  Scenario Outline: two missing <what>
    When the command is sent:
      | command     | order_id |
      | RequestOrder | <id>    |
    Then no commands are sent
    Examples:
      | ids   |
      | ORD-1 |
";
    let (file, out, text) = run_one("placeholders", "placeholders.feature", feature, "store");
    assert_located(
        &text,
        &file,
        &[
            (
                2,
                33,
                "`<what>` is not a column of the Examples at line 7 (its columns: ids), so its \
                 rows are left out",
            ),
            (
                5,
                24,
                "`<id>` is not a column of the Examples at line 7 (its columns: ids), so its rows \
                 are left out; did you mean `<ids>`?",
            ),
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{text}");
}

/// `gwt test --quiet` writes only the scenarios that fail, each under its feature's and rule's
/// lines, and the closing line: a suite of hundreds of green scenarios hid its one red among
/// every step's table.
#[test]
fn quiet_writes_only_the_failing_scenarios_under_their_feature_and_rule() {
    let text = "Feature: quiet
  Scenario: green before
    When 1 minute passes
    Then no commands are sent

  Rule: a rule with one red
    Scenario: red
      When 1 minute passes
      Then these events are recorded:
        | event        |
        | OrderExpired |

    Scenario: green in the rule
      When 1 minute passes
      Then no commands are sent

  Rule: a rule all green
    Scenario: green in the other rule
      When 1 minute passes
      Then no commands are sent
";
    let dir = folder("quiet", &[("quiet.feature", text)]);
    let (out, said) = gwt(&[
        "test",
        "--quiet",
        "--domain",
        "conference",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "Feature: quiet",
            "  Rule: a rule with one red",
            "    Scenario: red"
        ],
        "{said}"
    );
    assert!(said.contains("expected 1 event, but 0 were"), "{said}");
    for green in [
        "green before",
        "green in the rule",
        "a rule all green",
        "✔  Then no commands",
    ] {
        assert!(!said.contains(green), "`{green}` in:\n{said}");
    }
    assert_eq!(lines.last(), Some(&"3 passed, 1 failed"), "{said}");
}

/// Scenarios are reported in the order the file writes them: a feature's Rules were reported
/// before the scenarios written above them.
#[test]
fn scenarios_are_reported_in_the_order_the_file_writes_them() {
    let text = "Feature: order
  Scenario: first, above the rule
    When 1 minute passes
    Then no commands are sent

  Rule: second
    Scenario: third, in the rule
      When 1 minute passes
      Then no commands are sent
";
    let (_, out, said) = run_one("order", "order.feature", text, "conference");
    assert_eq!(out.status.code(), Some(0), "{said}");
    let heads: Vec<&str> = said
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("Scenario:") || l.starts_with("Rule:"))
        .collect();
    assert_eq!(
        heads,
        [
            "Scenario: first, above the rule",
            "Rule: second",
            "Scenario: third, in the rule"
        ],
        "{said}"
    );
}

/// A feature file reached twice (a path given twice, a folder and a file in it) runs once: its
/// scenarios ran, and were counted, twice.
#[test]
fn a_file_reached_twice_runs_once() {
    let text = "Feature: once
  Scenario: counted once
    When 1 minute passes
    Then no commands are sent
";
    let dir = folder("twice", &[("once.feature", text)]);
    let folder_path = dir.path().to_string_lossy().to_string();
    let file = dir
        .path()
        .join("once.feature")
        .to_string_lossy()
        .to_string();
    let (out, said) = gwt(&[
        "test",
        "--domain",
        "conference",
        &folder_path,
        &folder_path,
        &file,
    ]);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert_eq!(said.lines().last(), Some("1 passed, 0 failed"), "{said}");
}

/// DSL.md counts a command due before the scenario clock as handled: a clock set past a timeout
/// after the Givens silently took it away, and a Then that expected its effects said only that
/// nothing came.
#[test]
fn a_then_missing_a_timeout_the_clock_was_set_past_says_why_it_never_came() {
    let text = "Feature: clock

  Background:
    Given the events:
      | event       | conference_id | seat_type | name | description | price  | quantity |
      | SeatCreated | conf-1        | full      | Full | d           | 100.00 | 10       |
    And the events:
      | event       | order_id | conference_id | seats  | reservation_auto_expiration | access_code |
      | OrderPlaced | o1       | conf-1        | 2 full | 2026-01-05T09:15:00Z        | KT8GZH      |

  Scenario: the expiry was due before the time set
    Given the time is 2026-01-05T09:30:00Z
    When 14 minutes pass
    Then these commands are sent:
      | command     | order_id |
      | RejectOrder | o1       |

  Scenario: a rejection explains it better
    Given the time is 2026-01-05T09:30:00Z
    When the command is sent:
      | command              | order_id | conference_id | seats  |
      | RegisterToConference | o2       | conf-1        | 1 nope |
    Then these commands are sent:
      | command     | order_id |
      | RejectOrder | o2       |

  Scenario: set before it, the expiry is delivered
    Given the time is 2026-01-05T09:28:00Z
    When 1 minute passes
    Then these commands are sent, in any order:
      | command               | order_id | conference_id | reservation_id |
      | RejectOrder           | o1       |               |                |
      | CancelSeatReservation |          | conf-1        | o1             |
";
    let (_, out, said) = run_one("clock-past", "clock.feature", text, "conference");
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("1 passed, 2 failed"), "{said}");
    // Named where nothing else explains the Then, and not beside a rejection.
    assert_eq!(
        said.matches("is not delivered: `the time is").count(),
        1,
        "{said}"
    );
    assert!(said.contains("unknown seat type"), "{said}");
    assert!(
        said.contains(
            "ExpireRegistrationProcess, scheduled by the Givens for 2026-01-05T09:29:00Z, is not \
             delivered: `the time is 2026-01-05T09:30:00Z` set the clock past it"
        ),
        "{said}"
    );
}

/// DSL.md has every scenario say what must follow: one with no Then checked nothing and passed.
#[test]
fn a_scenario_with_a_when_and_no_then_fails_at_its_last_step() {
    let text = "Feature: no then

  Scenario: only a When
    When 5 minutes pass

  Scenario: with its Then
    When 5 minutes pass
    Then no commands are sent
";
    let (path, out, said) = run_one("no-then", "no-then.feature", text, "conference");
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("1 passed, 1 failed"), "{said}");
    assert!(
        said.contains(&format!(
            "{}:4:5: a scenario says what must follow its When, and this one has no Then",
            path.display()
        )),
        "{said}"
    );
}

/// An Outline's problems are told in the file's own words and among the reading's in line order:
/// a German file was told `the Scenario Outline` and `the Examples`, and after its other lines.
#[test]
fn an_outline_s_problems_are_told_in_the_file_s_words_and_line_order() {
    let text = "# language: de\nFunktionalität: f\n  Szenariogrundriss: falsch\n    Wenn <n> minutes pass\n    Dann no commands are sent\n    Beispiele:\n      | m |\n      | 5 |\n\n  Szenariogrundriss: ohne\n    Wenn <n> minutes pass\n    Dann no commands are sent\n\n  Szenario: leer\n";
    let (path, out, said) = run_one("outline-de", "de.feature", text, "conference");
    assert_eq!(out.status.code(), Some(1), "{said}");
    let path = path.display();
    let told: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with(&path.to_string()))
        .collect();
    assert_eq!(told.len(), 3, "{said}");
    assert!(
        told[0].starts_with(&format!(
            "{path}:4:10: `<n>` is not a column of the Beispiele at line 6"
        )),
        "{said}"
    );
    assert!(
        told[1].starts_with(&format!(
            "{path}:10:3: the Szenariogrundriss `ohne` has no Beispiele: add `Beispiele:`"
        )),
        "{said}"
    );
    assert!(told[2].starts_with(&format!("{path}:14:3: ")), "{said}");
}

/// A read-model Then that fails after a rejection says so, as a Then of events or commands does:
/// the When's own command refused (`unknown seat type`), or a command a process manager sent as
/// the system settled. It said only that the entry was missing or differed, and the author
/// looked for a bug in the read model where the cause was a refusal (an outside review).
#[test]
fn a_failed_read_model_then_names_the_rejection() {
    let text = "Feature: read models after a refusal

  Scenario: the When's command refused
    When the command is sent:
      | command              | order_id | conference_id | seats |
      | RegisterToConference | o1       | c1            | 1 a   |
    Then the read model DraftOrder for o1 is:
      | state              |
      | PendingReservation |

  Scenario: refused while settling
    Given the events:
      | event       | conference_id | seat_type | name | description | price | quantity |
      | SeatCreated | c1            | a         | A    | d           | 10    | 5        |
    When the command is sent and the system settles:
      | command              | order_id | conference_id | seats |
      | RegisterToConference | o1       | c1            | 1 a   |
    Then the read model DraftOrder for o1 is:
      | state                |
      | ReservationCompleted |

  Scenario: a snapshot of an entry never made
    When the command is sent:
      | command              | order_id | conference_id | seats |
      | RegisterToConference | o1       | c1            | 1 a   |
    Then the read model DraftOrder for o1 matches the snapshot
";
    let (path, out, said) = run_one("read-model-rejected", "r.feature", text, "conference");
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_located(
        &said,
        &path,
        &[
            (
                7,
                5,
                "the command was rejected (unknown seat type: a), and the read model \
                 DraftOrder has no entry for o1 (it has no entries)",
            ),
            (18, 5, "the read model DraftOrder for o1 differs:"),
            (
                26,
                5,
                "the command was rejected (unknown seat type: a), and the read model \
                 DraftOrder has no entry for o1, so there is nothing to compare",
            ),
        ],
    );
    let differs = said
        .find(&format!("{}:18:5:", path.display()))
        .unwrap_or_else(|| panic!("no failure at line 18:\n{said}"));
    let why = said[differs..]
        .lines()
        .take(5)
        .find(|l| l.contains("was rejected after the When"));
    assert_eq!(
        why.map(str::trim),
        Some("MakeSeatReservation was rejected after the When: unknown seat type: a"),
        "{said}"
    );
}

/// Commands expected in order that all came in another order: each pair of another name shows
/// the delay of both on one line, as a field the two share (it stood on two lines, one side
/// blank on each), and the report says that every command came, in which order, and which
/// phrase takes them in any order (an outside review read two wrong commands there).
#[test]
fn commands_in_another_order_are_said_so_with_their_delays_side_by_side() {
    let text = "Feature: order of commands

  Scenario: listed in another order
    Given the events:
      | event                 | conference_id | seats  | seat_type | name | description | price | quantity |
      | SeatCreated           | c1            |        | full      | Full | d           | 10    | 5        |
      | AvailableSeatsChanged | c1            | 5 full |           |      |             |       |          |
    When the command is sent and the system settles:
      | command              | order_id | conference_id | seats  |
      | RegisterToConference | o1       | c1            | 2 full |
    Then these commands are sent:
      | command                   | order_id | reservation_id | delay      |
      | MakeSeatReservation       |          | o1             | now        |
      | MarkSeatsAsReserved       | o1       |                | now        |
      | ExpireRegistrationProcess | o1       |                | 29 minutes |

  Scenario: not all came
    Given the events:
      | event                 | conference_id | seats  | seat_type | name | description | price | quantity |
      | SeatCreated           | c1            |        | full      | Full | d           | 10    | 5        |
      | AvailableSeatsChanged | c1            | 5 full |           |      |             |       |          |
    When the command is sent and the system settles:
      | command              | order_id | conference_id | seats  |
      | RegisterToConference | o1       | c1            | 2 full |
    Then these commands are sent:
      | command                   | order_id | reservation_id | delay      |
      | MakeSeatReservation       |          | o1             | now        |
      | MarkSeatsAsReserved       | o2       |                | now        |
      | ExpireRegistrationProcess | o1       |                | 29 minutes |
";
    let (path, out, said) = run_one("another-order", "o.feature", text, "conference");
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_located(
        &said,
        &path,
        &[
            (11, 5, "expected 3 commands; the 3 sent differ:"),
            (25, 5, "expected 3 commands; the 3 sent differ:"),
        ],
    );
    let first = said.find(&format!("{}:11:5:", path.display())).unwrap();
    let second = said.find(&format!("{}:25:5:", path.display())).unwrap();
    let report: Vec<&str> = said[first..second].lines().map(str::trim).collect();
    let delays: Vec<&&str> = report.iter().filter(|l| l.starts_with("delay")).collect();
    let squeezed: Vec<String> = delays
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        squeezed,
        [
            "delay now | now",
            "delay now | 29 minutes",
            "delay 29 minutes | now"
        ],
        "{said}"
    );
    assert!(
        report.contains(
            &"every command expected was sent, but in another order: MakeSeatReservation (1.), \
              ExpireRegistrationProcess (3.), MarkSeatsAsReserved (2.); if their order does not \
              matter, write `these commands are sent, in any order:`"
        ),
        "{said}"
    );
    // A command that did not come as expected (`o2`) is no matter of order.
    assert!(!said[second..].contains("in another order"), "{said}");
}

/// A field missing from a doc string's message is to be added as a key: a doc string has no
/// columns or cells, which the advice named.
#[test]
fn a_field_missing_in_a_doc_string_is_asked_for_as_a_key() {
    let text = r#"Feature: doc strings

  Scenario: no seat type
    When the command is sent:
      """
      [{"command": "AddSeats", "conference_id": "c1", "quantity": 2}]
      """
    Then no events are recorded

  Scenario: no seat type in a table
    When the command is sent:
      | command  | conference_id | quantity |
      | AddSeats | c1            | 2        |
    Then no events are recorded
"#;
    let (path, out, said) = run_one("doc-missing-key", "d.feature", text, "conference");
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_located(
        &said,
        &path,
        &[
            (
                6,
                8,
                "in message 1 of the doc string: `AddSeats` needs `seat_type`, text: add the \
                 key `\"seat_type\"`",
            ),
            (
                13,
                9,
                "`AddSeats` needs `seat_type`, text: add a column `seat_type` or fill its cell",
            ),
        ],
    );
}

/// A mistake in a read model's doc string is placed at its key, as one in a message's doc string
/// is: it was told at the step's line, whatever the doc string's length.
#[test]
fn a_read_model_doc_string_s_mistake_is_placed_at_its_key() {
    let text = r#"Feature: read-model doc strings

  Scenario: a bare object
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | c1            | a         | 2        |
    Then the read model SeatType for a is:
      """
      {
        "available_quantity": 2,
          "availble": 2
      }
      """

  Scenario: an array holding one
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | c1            | a         | 2        |
    Then the read model SeatType for a is:
      """
      [{"available_quantity": 2, "price": "x"}]
      """
"#;
    let (path, out, said) = run_one("read-model-doc-key", "k.feature", text, "conference");
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_located(
        &said,
        &path,
        &[
            (
                11,
                11,
                "in the doc string: `availble` is not a field of `SeatType`",
            ),
            (
                21,
                34,
                "in the doc string: price: `x` is not an amount of money",
            ),
        ],
    );
}

/// A second message under a When is told where it is written, the first one too many: the
/// step's line was given, and a long table or doc string left the author to count.
#[test]
fn a_second_message_under_a_when_is_told_at_its_row() {
    let text = r#"Feature: one command

  Scenario: two rows
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | c1            | a         | 2        |
      | AddSeats | c1            | b         | 2        |
    Then no commands are sent

  Scenario: two objects
    When the command is sent:
      """
      [{"command": "AddSeats", "conference_id": "c1", "seat_type": "a", "quantity": 2},
       {"command": "AddSeats", "conference_id": "c1", "seat_type": "b", "quantity": 2}]
      """
    Then no commands are sent
"#;
    let (path, out, said) = run_one("two-whens-rows", "w.feature", text, "conference");
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_located(
        &said,
        &path,
        &[
            (
                7,
                9,
                "a When step takes exactly one command, but 2 are given",
            ),
            (
                14,
                8,
                "in message 2 of the doc string: a When step takes exactly one command, but 2 \
                 are given",
            ),
        ],
    );
}

/// A `stream` column under a Then (a Given's table copied with it) is told for what it is: the
/// column a Given or a published event takes, which a Then does not compare. It was told as no
/// field of the message, though the Given above had just taken the same column.
#[test]
fn a_stream_column_under_a_then_is_told_as_not_compared() {
    let text = r#"Feature: streams in a Then

  Scenario: a table
    Given the events:
      | event                 | stream               | conference_id | seats  |
      | AvailableSeatsChanged | SeatsAvailability/c1 | c1            | 5 full |
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | c1            | full      | 1        |
    Then these events are recorded:
      | event                 | stream               | seats  |
      | AvailableSeatsChanged | SeatsAvailability/c1 | 1 full |

  Scenario: a doc string
    When the command is sent:
      | command  | conference_id | seat_type | quantity |
      | AddSeats | c1            | full      | 1        |
    Then these events are recorded:
      """
      [{"event": "AvailableSeatsChanged", "stream": "SeatsAvailability/c1"}]
      """
"#;
    let (path, out, said) = run_one("stream-in-then", "s.feature", text, "conference");
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_located(
        &said,
        &path,
        &[
            (
                12,
                33,
                "a Then does not compare the `stream`: the column names the stream a Given's or \
                 published event goes to",
            ),
            (
                20,
                43,
                "in message 1 of the doc string: a Then does not compare the `stream`: the key \
                 names the stream",
            ),
        ],
    );
    assert!(!said.contains("`stream` is not a field"), "{said}");
}
