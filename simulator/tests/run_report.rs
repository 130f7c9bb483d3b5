//! How `gwt test` and `gwt coverage` read on the terminal, and what they make of the files and
//! options they are given: one summary, each Outline row told apart, tables and doc strings
//! echoed under their steps, files that are not text or hold nothing told so.

mod feature_runs;

use feature_runs::gwt;

#[test]
fn the_bench_takes_from_1_to_10000_scenarios() {
    for (count, says) in [
        ("0", "0 scenarios: there is nothing to measure"),
        ("10001", "(at most 10000)"),
        (
            "99999999999999999999",
            "is not a whole number of scenarios from 1 to 10000",
        ),
    ] {
        let (out, said) = gwt(&["test", "--bench", count]);
        assert_eq!(out.status.code(), Some(2), "{count}: {said}");
        assert!(said.contains(says), "{count}: {said}");
        assert!(
            !said.contains("NaN") && !said.contains("panicked"),
            "{said}"
        );
    }
}

#[test]
fn a_file_that_is_not_utf8_or_holds_no_feature_is_told_so_and_the_others_run() {
    let tmp = feature_runs::folder(
        "unreadable",
        &[
            ("a.feature", b"Feature: f\n\n  Scenario: caf\xe9\n"),
            ("b.feature", b""),
            ("c.feature", b"# language: en\n\n# nothing yet\n"),
            (
                "d.feature",
                b"Feature: d\n  Scenario: s\n    Given no events\n    When 1 minute passes\n    Then no events are recorded\n",
            ),
        ],
    );
    let dir = tmp.path().canonicalize().unwrap();
    let (out, said) = gwt(&["test", dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let at = |file: &str| dir.join(file).display().to_string();
    for expected in [
        format!(
            "{}:3:16: this file is not UTF-8 text: the byte 0xE9 here is not UTF-8",
            at("a.feature")
        ),
        format!(
            "{}: the file is empty: it has no `Feature:` line",
            at("b.feature")
        ),
        format!("{}: the file holds only comments", at("c.feature")),
        "1 passed, 3 failed (3 problems in feature files, listed above)".into(),
    ] {
        assert!(said.contains(&expected), "{expected} missing in {said}");
    }
    assert!(
        !said.contains("stream did not contain valid UTF-8"),
        "{said}"
    );
}

#[test]
fn coverage_reads_an_outline_s_rows_as_the_scenarios_gwt_test_runs() {
    let outline = "Feature: coverage of outlines

  Scenario Outline: unknown conferences cannot be unpublished
    Given no events
    When the command is sent:
      | command   | conference_id |
      | <command> | nowhere       |
    Then the command is rejected with \"unknown conference\"

    Examples:
      | command             |
      | UnpublishConference |
";
    let tmp = feature_runs::folder("coverage-outline", &[("c.feature", outline.as_bytes())]);
    let dir = tmp.path();
    let (_, said) = gwt(&["coverage", dir.to_str().unwrap()]);
    assert!(
        said.starts_with("1 scenario of `conference` read\n"),
        "{said}"
    );
    let missing = after(&said, "messages no scenario mentions");
    let rules = after(&said, "rules no scenario specifies");
    assert!(!missing.contains("- UnpublishConference\n"), "{said}");
    assert!(
        !rules.contains("only a known conference is unpublished"),
        "{said}"
    );
    // As many scenarios as `gwt test` runs, a second row included.
    let two = outline.replace(
        "UnpublishConference |",
        "UnpublishConference |\n      | PublishConference   |",
    );
    let tmp = feature_runs::folder("coverage-outline-2", &[("c.feature", two.as_bytes())]);
    let dir = tmp.path();
    let (_, said) = gwt(&["coverage", dir.to_str().unwrap()]);
    assert!(
        said.starts_with("2 scenarios of `conference` read\n"),
        "{said}"
    );
    let (_, ran) = gwt(&["test", dir.to_str().unwrap()]);
    assert!(ran.contains("2 passed, 0 failed"), "{ran}");
}

/// An Outline whose doc string takes its row's values, a long Given with a mistake in its middle
/// row, and a file with a problem beside them.
const ECHOED: &str = r#"Feature: echoed
  Scenario Outline: a doc string takes its row's values
    When the command is sent:
      """
      [{"command": "UnpublishConference", "conference_id": "<conference>"}]
      """
    Then the command is rejected with "unknown conference"

    Examples:
      | conference |
      | nowhere    |
      | elsewhere  |
"#;

#[test]
fn outline_rows_doc_strings_and_long_tables_read_apart_under_one_summary() {
    let mut long = String::from(
        "Feature: long\n  Scenario: many seats added\n    Given the events:\n      | event                 | conference_id | seats  |\n",
    );
    for n in 0..500 {
        let seats = if n == 250 { "one full" } else { "1 full" };
        long.push_str(&format!(
            "      | AvailableSeatsChanged | conf-{n} | {seats} |\n"
        ));
    }
    long.push_str("    When 1 minute passes\n    Then no events are recorded\n");
    let tmp = feature_runs::folder(
        "echoed",
        &[
            ("echoed.feature", ECHOED.as_bytes()),
            ("long.feature", long.as_bytes()),
            ("nothing.feature", b"Feature: nothing here\n"),
        ],
    );
    let dir = tmp.path().canonicalize().unwrap();
    let (out, said) = gwt(&["test", dir.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Each row of the Outline, as its failures name it, and its doc string with its value.
    for row in [
        "  Scenario Outline: a doc string takes its row's values, in the Examples row at line 11 \
         (conference = nowhere)\n   ✔  When the command is sent:\n       \"\"\"\n       \
         [{\"command\": \"UnpublishConference\", \"conference_id\": \"nowhere\"}]\n       \"\"\"\n",
        "in the Examples row at line 12 (conference = elsewhere)\n",
        "\"conference_id\": \"elsewhere\"}]",
    ] {
        assert!(said.contains(row), "{row} missing in {said}");
    }
    // The long Given: its first and last rows, the row in error, and counts between.
    let file = dir.join("long.feature");
    for kept in [
        "| AvailableSeatsChanged | conf-0        | 1 full   |",
        "… 245 rows …",
        "| AvailableSeatsChanged | conf-250      | one full |",
        "… 246 rows …",
        "| AvailableSeatsChanged | conf-499      | 1 full   |",
        &format!("{}:255:", file.display()),
    ] {
        assert!(said.contains(kept), "{kept} missing in {said}");
    }
    assert!(!said.contains("conf-100 "), "{said}");
    assert!(said.len() < 10_000, "{} bytes: {said}", said.len());
    // One summary, which counts the file's problem among the failures.
    assert!(
        !said.contains("[Summary]") && !said.contains("scenarios ("),
        "{said}"
    );
    assert!(
        stdout.ends_with(
            "2 passed, 2 failed (1 scenario; 1 problem in feature files, listed above)\n"
        ),
        "{stdout}"
    );
}

/// A Rule with no scenarios yet took the next Rule line into its description, and the next
/// rule's scenarios with it: the terminal, the JUnit report and `gwt coverage` named them under
/// the empty rule's name, and the rule they are under was gone. Each is now under its own rule;
/// the empty one, which Gherkin allows, runs nothing and is no failure.
#[test]
fn a_rule_with_no_scenarios_leaves_the_next_rule_its_scenarios() {
    let text = "Feature: rules
  Rule: first, still to be written

  Rule: UnpublishConference of an unknown conference
    Scenario: refused
      When the command is sent:
        | command             | conference_id |
        | UnpublishConference | conf-9        |
      Then the command is rejected with \"unknown conference\"
";
    let tmp = feature_runs::folder("empty-rule", &[("r.feature", text.as_bytes())]);
    let dir = tmp.path().canonicalize().unwrap();
    let junit = dir.join("report.xml");
    let (out, said) = gwt(&[
        "test",
        "--junit",
        junit.to_str().unwrap(),
        dir.join("r.feature").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "Feature: rules\n  Rule: UnpublishConference of an unknown conference\n    \
             Scenario: refused\n"
        ),
        "{stdout}"
    );
    assert!(!said.contains("still to be written"), "{said}");
    assert!(stdout.ends_with("1 passed, 0 failed\n"), "{stdout}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains(
            "<testcase name=\"UnpublishConference of an unknown conference: refused\" \
             classname=\"rules\""
        ),
        "{xml}"
    );
    assert!(!xml.contains("still to be written"), "{xml}");
    // The rule's name is read with its scenario, as `gwt test` runs it: a rule of the catalog
    // whose words it says counts as specified (its message named in the steps, as a title that
    // names one exercises nothing).
    let (_, said) = gwt(&["coverage", dir.join("r.feature").to_str().unwrap()]);
    assert!(
        said.starts_with("1 scenario of `conference` read\n"),
        "{said}"
    );
    let rules = after(&said, "rules no scenario specifies");
    assert!(!rules.is_empty(), "{said}");
    assert!(
        !rules.contains("only a known conference is unpublished"),
        "{said}"
    );
    assert!(!said.contains("  - UnpublishConference\n"), "{said}");
}

/// What a report says after `heading` (a section of `gwt coverage`), or nothing.
fn after<'s>(said: &'s str, heading: &str) -> &'s str {
    said.split(heading).nth(1).unwrap_or("")
}

/// A CI log is read from its end: the closing line has each failed scenario's first line above
/// it, at its step, however far above the scenario ran.
#[test]
fn the_failed_scenarios_are_listed_above_the_closing_line() {
    let scenario = |name: &str, expected: &str| {
        format!(
            "  Scenario: {name}\n    When the command is sent:\n      | command      | order_id |\n      \
             | RequestOrder | ORD-1    |\n    Then these events are recorded:\n      \
             | event          | order_id |\n      | OrderRequested | {expected} |\n\n"
        )
    };
    let text = format!(
        "Feature: f\n\n{}{}{}",
        scenario("wrong id", "ORD-9"),
        scenario("right id", "ORD-1"),
        scenario("another wrong id", "ORD-8"),
    );
    for quiet in [false, true] {
        let dir = feature_runs::folder("failed-listed", &[("f.feature", text.as_bytes())]);
        let file = dir.path().join("f.feature").canonicalize().unwrap();
        let mut args = vec!["test", "--domain", "store", file.to_str().unwrap()];
        if quiet {
            args.push("--quiet");
        }
        let (out, _) = gwt(&args);
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let tail: Vec<&str> = stdout.lines().rev().take(5).collect();
        let f = file.display();
        assert_eq!(
            tail,
            [
                "1 passed, 2 failed",
                "Implicit checks: each scenario also ran with every delivery made twice, and with \
                 its Givens read back from their stored form and its process managers restarted \
                 after each message.",
                &format!("  {f}:23:5: expected 1 event; the 1 recorded differs:"),
                &format!("  {f}:7:5: expected 1 event; the 1 recorded differs:"),
                "Scenarios that failed:",
            ],
            "{stdout}"
        );
    }
}

/// An Outline row is told by cells parted with `; `, since a value may hold commas, and by the
/// title of its Examples block; above the closing line, which stays as it was, the run says
/// that the implicit checks ran, and on how many scenarios they did not (the review's F9).
#[test]
fn an_outline_row_s_cells_read_apart_and_the_implicit_checks_are_said_above_the_closing_line() {
    let text = r#"Feature: rows
  Scenario Outline: unpublishing <conference>
    When the command is sent:
      | command             | conference_id |
      | UnpublishConference | <conference>  |
    Then the command is rejected with "<reason>"

    Examples: conferences never created
      | conference | reason                    |
      | nowhere    | unknown conference        |
      | elsewhere  | unknown conference, or so |

  @no-implicit-checks
  Scenario: a minute, checked as written only
    When 1 minute passes
    Then no events are recorded
"#;
    let dir = feature_runs::folder("rows-apart", &[("f.feature", text.as_bytes())]);
    let file = dir.path().join("f.feature").canonicalize().unwrap();
    let junit = dir.path().join("report.xml");
    let f = file.to_str().unwrap();
    let (out, said) = gwt(&["test", "--junit", junit.to_str().unwrap(), f]);
    assert_eq!(out.status.code(), Some(1), "{said}");
    for expected in [
        "  Scenario Outline: unpublishing nowhere, in the Examples row at line 10 (conference = \
         nowhere; reason = unknown conference) under `Examples: conferences never created`\n",
        "  Scenario Outline: unpublishing elsewhere, in the Examples row at line 11 (conference = \
         elsewhere; reason = unknown conference, or so) under `Examples: conferences never \
         created`\n",
        &format!(
            "{f}:6:5: in the Examples row at line 11 (conference = elsewhere; reason = unknown \
             conference, or so): "
        ),
    ] {
        assert!(said.contains(expected), "{expected} missing in {said}");
    }
    // JUnit names a row's case by its line, as before.
    let report = std::fs::read_to_string(&junit).unwrap();
    assert!(
        report.contains("name=\"unpublishing elsewhere (example at line 11)\""),
        "{report}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let tail: Vec<&str> = stdout.lines().rev().take(2).collect();
    assert_eq!(
        tail,
        [
            "2 passed, 1 failed",
            "Implicit checks: each scenario also ran with every delivery made twice, and with its \
             Givens read back from their stored form and its process managers restarted after \
             each message, but for 1 scenario tagged @no-implicit-checks.",
        ],
        "{stdout}"
    );
    let (out, said) = gwt(&["test", "--no-implicit-checks", "--quiet", f]);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let tail: Vec<&str> = stdout.lines().rev().take(2).collect();
    assert_eq!(
        tail,
        [
            "2 passed, 1 failed",
            "Implicit checks off (--no-implicit-checks): no scenario also ran with every delivery \
             made twice, and with its Givens read back from their stored form and its process \
             managers restarted after each message.",
        ],
        "{stdout}"
    );
}

/// A CI job's timeout stops a run with SIGTERM: the run exits 143, saying what it counted, and
/// its JUnit report holds the scenarios that finished and a failed case saying the run was cut
/// short. The report was an empty file, which CI's readers refuse as XML.
#[cfg(unix)]
#[test]
fn a_run_sigterm_stops_writes_a_junit_report_of_what_finished() {
    use std::io::BufRead;
    let mut text = String::from("Feature: long\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "\n  Scenario: s{i}\n    When the command is sent:\n      | command      | order_id |\n      \
             | RequestOrder | O-{i} |\n    Then these events are recorded:\n      \
             | event          | order_id |\n      | OrderRequested | O-{i} |\n"
        ));
    }
    let dir = feature_runs::folder("sigterm", &[("long.feature", text.as_bytes())]);
    let report = dir.path().join("report.xml");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["test", "--domain", "store", "--junit"])
        .arg(&report)
        .arg(dir.path().join("long.feature"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while stdout.read_line(&mut line).unwrap() > 0 && !line.contains("Scenario: s20\n") {
        line.clear();
    }
    assert!(line.contains("Scenario: s20"), "the run never reached s20");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::io::copy(&mut stdout, &mut std::io::sink()).unwrap();
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{said}");
    assert!(
        said.contains("gwt test: interrupted by SIGTERM after ")
            && said.contains(&format!("the JUnit report {} holds them", report.display())),
        "{said}"
    );
    let xml = std::fs::read_to_string(&report).unwrap();
    let junit = quick_junit::Report::deserialize_from_str(&xml).expect("the report is JUnit XML");
    assert!(junit.tests >= 21 && junit.tests < 20_000, "{}", junit.tests);
    assert_eq!(junit.failures, 1, "{xml}");
    let cut = junit.test_suites.last().unwrap().test_cases.last().unwrap();
    assert!(
        cut.name
            .as_str()
            .starts_with("interrupted by SIGTERM after ")
            && cut
                .name
                .as_str()
                .ends_with(" scenarios; the scenario under way and those after it did not run"),
        "{}",
        cut.name.as_str()
    );
}
