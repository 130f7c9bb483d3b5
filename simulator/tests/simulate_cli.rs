//! `gwt simulate` from the outside: a clean run exits 0 with its table; shards split the
//! histories between them; the same seed prints the same counts; bad flags are refused.

use std::path::Path;
use std::process::{Command, Output};

fn simulate(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .arg("simulate")
        .args(args)
        .output()
        .expect("gwt runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The number in a row of the closing table.
fn figure(table: &str, row: &str) -> u64 {
    cell(table, row)
        .parse()
        .unwrap_or_else(|_| panic!("no number in `{row}` of:\n{table}"))
}

/// What a row of the closing table says.
fn cell(table: &str, row: &str) -> String {
    table
        .lines()
        .find(|l| l.contains(&format!(" {row} ")))
        .and_then(|l| l.split('┆').nth(1))
        .map(|v| v.trim().trim_end_matches('│').trim().to_string())
        .unwrap_or_else(|| panic!("no `{row}` in:\n{table}"))
}

#[test]
fn a_clean_run_prints_its_table_and_exits_zero() {
    let (ok, out, err) = simulate(&["--domain", "store", "--histories", "200"]);
    assert!(ok, "{out}{err}");
    assert_eq!(figure(&out, "histories"), 200);
    assert_eq!(figure(&out, "failures"), 0);
    assert!(figure(&out, "events") > 200);
    assert!(figure(&out, "faults: duplicate") > 0 && figure(&out, "faults: reorder") > 0);
    assert!(figure(&out, "checks run") > 0);
    for row in ["elapsed", "histories/s", "events/s", "commands"] {
        assert!(out.contains(row), "{out}");
    }
}

#[test]
fn shards_split_the_histories_and_the_same_seed_counts_the_same() {
    let all = simulate(&["--domain", "conference", "--histories", "60", "--seed", "3"]).1;
    let a = simulate(&[
        "--domain",
        "conference",
        "--histories",
        "60",
        "--seed",
        "3",
        "--shard",
        "0/2",
    ])
    .1;
    let b = simulate(&[
        "--domain",
        "conference",
        "--histories",
        "60",
        "--seed",
        "3",
        "--shard",
        "1/2",
    ])
    .1;
    assert_eq!(figure(&a, "histories") + figure(&b, "histories"), 60);
    assert_eq!(
        figure(&a, "events") + figure(&b, "events"),
        figure(&all, "events")
    );
    let again = simulate(&["--domain", "conference", "--histories", "60", "--seed", "3"]).1;
    for row in [
        "events",
        "commands",
        "faults: duplicate",
        "faults: reorder",
        "faults: crash",
        "faults: conflict",
    ] {
        assert_eq!(figure(&all, row), figure(&again, row), "{row}");
    }
    let other = simulate(&["--domain", "conference", "--histories", "60", "--seed", "4"]).1;
    assert_ne!(figure(&all, "events"), figure(&other, "events"));
}

#[test]
fn faults_can_be_chosen_and_bad_flags_are_refused() {
    let (ok, out, _) = simulate(&["--domain", "store", "--histories", "50", "--faults", "none"]);
    assert!(ok);
    // A fault left out is said to be, not counted as one never drawn.
    for fault in ["duplicate", "reorder", "crash", "late", "conflict"] {
        assert_eq!(cell(&out, &format!("faults: {fault}")), "off", "{out}");
    }
    assert_eq!(figure(&out, "max steps"), 30, "{out}");
    let (ok, _, err) = simulate(&["--faults", "gremlins"]);
    assert!(!ok && err.contains("gremlins"), "{err}");
    let (ok, _, err) = simulate(&["--shard", "2/2"]);
    assert!(!ok && err.contains("below the count"), "{err}");
    let (ok, out, _) = simulate(&["--domain", "store", "--replay", "0x2a"]);
    assert!(ok);
    assert_eq!(figure(&out, "histories"), 1);
}

/// Runs `gwt simulate` and gives its exit code and everything it printed.
fn simulate_code(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .arg("simulate")
        .args(args)
        .output()
        .expect("gwt runs");
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn counts_out_of_range_and_fault_lists_that_contradict_themselves_are_refused_clearly() {
    for (args, says) in [
        (&["--max-steps", "0"][..], "at least 1 step"),
        (&["--max-steps", "18446744073709551615"], "from 1 to 10000"),
        (&["--max-steps", "1000000000000"], "from 1 to 10000"),
        (&["--max-steps", "4294967295"], "from 1 to 10000"),
        (
            &["--max-steps", "99999999999999999999999"],
            "from 1 to 10000",
        ),
        (&["--histories", "0"], "nothing to run"),
        (&["--bench", "--histories", "0"], "nothing to run"),
        (&["--bench", "--histories", "10001"], "at most 10000"),
        (
            &["--bench", "--histories", "1000", "--max-steps", "10000"],
            "(at most 300,000 steps in all, histories × --max-steps)",
        ),
        (
            &["--bench", "--histories", "3", "--versions", "current"],
            "cannot be used with",
        ),
        (&["--shard", "0/0"], "the count must be at least 1"),
        (
            &["--histories", "5", "--shard", "5/10"],
            "--shard 5/10 of 5 histories: this shard runs none of them (only shards 0 to 4 have one)",
        ),
        (&["--histories", "1", "--shard", "3/4"], "(only shard 0 has one): nothing to run"),
        (&["--faults", ""], "no fault named"),
        (&["--faults", "all,none"], "stands alone"),
        (&["--faults", "none,duplicate"], "`none` stands alone"),
        (&["--faults", "duplicate,,late"], "empty entry"),
        (&["--faults", "all,all"], "`all,all` lists `all` twice"),
        // A name that is no fault is told as such, not as a name listed twice.
        (&["--faults", "dup,dup"], "unknown fault `dup`"),
        (&["--faults", "duplicat"], "did you mean `duplicate`?"),
        (&["--shard", "a/b"], "(expected `i/n`, two whole numbers such as `0/4`"),
        // A hyphen's index is the option's value, not another option (the review's F8).
        (
            &["--shard", "-1/3"],
            "invalid value '-1/3' for '--shard <SHARD>': `-1` is not a shard index",
        ),
        (
            &["--shard", "1/99999999999999999999"],
            "99999999999999999999 is more than a shard count can be (at most 18,446,744,073,709,551,615)",
        ),
        (&["--trace", "--histories", "3"], "Usage: gwt simulate "),
        (
            &["--histories", "99999999999999999999"],
            "histories are more than can be counted (at most 18,446,744,073,709,551,615)",
        ),
        (&["--faults", "none,none"], "lists `none` twice"),
        (
            &["--faults", "duplicate,late,duplicate"],
            "`duplicate,late,duplicate` lists `duplicate` twice",
        ),
        (
            &["--seed", "-1"],
            "`-1` is not a seed (a whole number from 0 to",
        ),
        (&["--replay", "-3"], "`-3` is not a seed"),
        (
            &["--keep", "99999999999999999999"],
            "is not a number of failures to keep",
        ),
    ] {
        let (code, said) = simulate_code(args);
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(said.contains(says), "{args:?}: {said}");
        assert!(
            !said.contains("panicked") && !said.contains("NaN"),
            "{said}"
        );
    }
    // The longest history allowed runs.
    let (code, said) = simulate_code(&["--max-steps", "10000", "--histories", "1"]);
    assert_eq!(code, Some(0), "{said}");
    // The last shard that has a history runs it.
    let (ok, out, err) = simulate(&["--domain", "store", "--histories", "5", "--shard", "4/10"]);
    assert!(ok, "{err}");
    assert_eq!(figure(&out, "histories"), 1);
}

#[test]
fn an_export_runs_every_history_so_shards_replays_and_the_bench_are_refused_with_it() {
    for other in [&["--shard", "1/2"][..], &["--replay", "0x2a"], &["--bench"]] {
        let mut args = vec!["--export", "never-written.jsonl"];
        args.extend_from_slice(other);
        let (code, said) = simulate_code(&args);
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(said.contains("cannot be used with"), "{args:?}: {said}");
        assert!(!Path::new("never-written.jsonl").exists());
    }
    // The replayed history is named by its own seed alone: a run's seed, count and share say
    // nothing about it. What is kept is of failures, and an export checks nothing.
    for args in [
        &["--bench", "--shard", "0/2"][..],
        &["--replay", "5", "--histories", "7"],
        &["--replay", "5", "--shard", "1/2"],
        &["--replay", "5", "--seed", "3"],
        &["--export", "never-written.jsonl", "--keep", "3"],
        // Neither an export nor the bench writes feature files, so where and how many are not
        // theirs to take.
        &["--export", "never-written.jsonl", "--out", "never-made"],
        &["--bench", "--out", "never-made", "--histories", "3"],
        &["--bench", "--keep", "3", "--histories", "3"],
    ] {
        let (code, said) = simulate_code(args);
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(said.contains("cannot be used with"), "{args:?}: {said}");
        assert!(!Path::new("never-made").exists());
    }
}

#[test]
fn an_export_to_a_reader_that_stops_early_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["simulate", "--export", "-", "--histories", "2000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("gwt runs");
    let mut first = [0u8; 17];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first, b"{\"stream\":\"Confer");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn the_replay_command_in_a_feature_file_replays_the_same_history() {
    use domain::conference::ConferenceContext;
    use simulator::engine::{Check, Failure};
    use simulator::search::{history_of, history_seed, simulate as run, Found, Options};

    let mut options = Options::new(1, 11, 1);
    options.max_steps = 4;
    options.kinds = "duplicate,late".parse().unwrap();
    let hs = history_seed(11, 0);
    let history = history_of::<ConferenceContext>(hs, options.max_steps).unwrap();
    let found = Found {
        history_seed: hs,
        original_steps: history.len(),
        history,
        failure: Failure {
            check: Check::Rebuild,
            step: None,
            message: "a failure made up for the test".into(),
        },
    };
    let text = simulator::feature_writer::render::<ConferenceContext>(&found, &options);
    let head = text.lines().next().unwrap();
    let command = head
        .split('`')
        .nth(3)
        .unwrap_or_else(|| panic!("no replay command in {head}"));
    let args: Vec<&str> = command
        .strip_prefix("gwt simulate ")
        .unwrap()
        .split(' ')
        .collect();
    let (ok, out, err) = simulate(&args);
    assert!(ok, "{out}{err}");
    options.replay = Some(hs);
    let (replayed, _) = run::<ConferenceContext>(&options, |_| std::ops::ControlFlow::Continue(()));
    let mut figures = vec![
        ("events".to_string(), replayed.events.to_string()),
        ("commands".to_string(), replayed.commands.to_string()),
    ];
    let on = options.kinds.names();
    for (name, n) in simulator::report::FAULT_NAMES.iter().zip(replayed.faults) {
        let shown = match (
            on.contains(name),
            *name == "late" && replayed.scheduled == 0,
        ) {
            (false, _) => "off".to_string(),
            (true, true) => format!("{n} (nothing scheduled)"),
            (true, false) => n.to_string(),
        };
        figures.push((format!("faults: {name}"), shown));
    }
    for (row, expected) in figures {
        assert_eq!(cell(&out, &row), expected, "{row} of `{command}`");
    }
    // Without the options it names, the seed draws or runs another history.
    let bare = simulate(&["--replay", &format!("0x{hs:016x}")]).1;
    assert_ne!(
        (figure(&bare, "events"), figure(&bare, "faults: reorder")),
        (replayed.events, replayed.faults[1]),
        "the test cannot tell"
    );
    // Its head reads as English.
    let steps = found.history.len();
    let noun = if steps == 1 { "step" } else { "steps" };
    assert!(
        text.contains(&format!(
            "# Shrunk from {steps} simulated {noun} to {steps}; the When below is the wait \
             after the history (1 hour), where it was found.\n# Failed check (in the \
             simulated history, whose events before the When are the Givens below): a read \
             model differs"
        )),
        "{text}"
    );
    // The real domain differs from nothing: no run of `gwt test` catches a made-up failure,
    // and the head says so, with the check `gwt test` does not make.
    assert!(
        text.contains("# `gwt test` does NOT catch this failure")
            && text.contains(
                "`gwt test` does not make the check that failed: read models against a rebuild"
            ),
        "{text}"
    );
}

/// A folder of the test's own, named after it, removed when the test ends, pass or fail.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("gwt-simulate-{name}-"))
        .tempdir()
        .expect("a temporary folder")
}

#[test]
fn an_export_to_standard_output_carries_only_the_log_and_one_history_is_singular() {
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["simulate", "--histories", "1", "--export", "-"])
        .output()
        .expect("gwt runs");
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stdout);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(log.lines().count() > 10, "{log}");
    for line in log.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("every line is JSON");
        assert!(v.get("event_type").is_some(), "{line}");
    }
    assert!(
        said.contains("of 1 history written to standard output"),
        "{said}"
    );
    let tmp = scratch("export-one");
    let d = tmp.path();
    let file = d.join("log.jsonl");
    let (code, said) = simulate_code(&["--histories", "1", "--export", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains(" of 1 history written to "), "{said}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), log);
}

#[test]
fn an_interrupted_export_leaves_the_earlier_export_whole_and_no_partial_file() {
    let tmp = scratch("export-interrupted");
    let d = tmp.path();
    let file = d.join("log.jsonl");
    std::fs::write(&file, "the earlier export\n").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args([
            "simulate",
            "--histories",
            "100000000",
            "--export",
            file.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let partial = || {
        std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
            .count()
    };
    // The temporary file exists, and grows, once the export has started.
    let started = std::time::Instant::now();
    while partial() == 0 && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(partial(), 1, "the export never started writing");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    // The status a shell gives a run SIGTERM ended (128 + 15), not Ctrl-C's 130.
    assert_eq!(out.status.code(), Some(143), "{said}");
    assert!(said.contains("interrupted"), "{said}");
    assert_eq!(partial(), 0, "a partial file was left");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "the earlier export\n"
    );
}

/// A run killed outright (SIGKILL: no handler runs) leaves its half-written file; the next run
/// writing beside it removes it and says so, and leaves alone the file of a run still writing
/// (here one the test holds locked, as a live run holds its own).
#[test]
fn a_file_a_killed_export_left_is_removed_by_the_next_run_and_one_being_written_is_not() {
    let tmp = scratch("export-killed");
    let d = tmp.path();
    let file = d.join("log.jsonl");
    let partials = || {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".partial"))
            .collect();
        names.sort();
        names
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["simulate", "--histories", "100000000", "--export"])
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while partials().is_empty() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let left = partials();
    assert_eq!(left.len(), 1, "the killed export left {left:?}");
    // Another run's file, being written: locked, as every run locks its own.
    let live = d.join(".gwt-live.partial");
    std::fs::write(&live, "being written").unwrap();
    let held = std::fs::File::open(&live).unwrap();
    held.lock().unwrap();

    let (code, said) = simulate_code(&["--histories", "1", "--export", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "--export {}: removed {}, a file a run was writing when it was killed",
            file.display(),
            d.join(&left[0]).display()
        )),
        "{said}"
    );
    assert!(!said.contains(".gwt-live.partial"), "{said}");
    assert_eq!(partials(), vec![".gwt-live.partial".to_string()]);
    assert!(std::fs::read_to_string(&file).unwrap().lines().count() > 10);
    drop(held);
}

#[test]
fn an_out_that_is_not_a_folder_is_said_once_before_the_run_with_exit_two() {
    let tmp = scratch("out");
    let d = tmp.path();
    let file = d.join("a-file");
    std::fs::write(&file, "mine\n").unwrap();
    for out in [file.clone(), file.join("below")] {
        let (code, said) = simulate_code(&["--histories", "5", "--out", out.to_str().unwrap()]);
        assert_eq!(code, Some(2), "{said}");
        assert_eq!(said.matches("expected a folder").count(), 1, "{said}");
        assert!(said.contains(&out.display().to_string()), "{said}");
        // Said before the run: no table of a simulation that could not keep its failures.
        assert!(!said.contains("histories/s"), "{said}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
    // A folder that does not exist yet is made only when a failure is written.
    let later = d.join("later");
    let (code, said) = simulate_code(&[
        "--domain",
        "store",
        "--histories",
        "5",
        "--out",
        later.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{said}");
    assert!(!later.exists());
}

#[test]
fn the_bench_of_one_history_says_history_and_gives_ratios() {
    let (ok, out, err) = simulate(&["--bench", "--histories", "1", "--domain", "store"]);
    assert!(ok, "{out}{err}");
    assert!(out.starts_with("1 history of `store`, "), "{out}");
    let ratio = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("ratio: "))
        .unwrap_or_else(|| panic!("no ratio in {out}"));
    let first: f64 = ratio.split(' ').next().unwrap().parse().unwrap();
    assert!(first.is_finite() && first > 0.0, "{out}");
    // Whether the target is met is said, not left to the reader.
    assert!(
        ratio.ends_with("(target: at least 0.25, met)")
            || ratio.contains("(target: at least 0.25, not met by "),
        "{out}"
    );
    // A history that records no event has no rate: refused, where the ratios were NaN.
    let (ok, out, err) = simulate(&[
        "--bench",
        "--histories",
        "1",
        "--seed",
        "3",
        "--domain",
        "store",
    ]);
    assert!(!ok && out.is_empty(), "{out}{err}");
    assert_eq!(
        err,
        "gwt simulate --bench: 1 history of `store` recorded no event: nothing to measure (give \
         more --histories or --max-steps)\n"
    );
}

#[test]
fn a_shard_runs_only_its_own_histories_without_visiting_the_others() {
    // Shard 0 of 10^12 holds one history; visiting every k to test `k % n == i` never ended.
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args([
            "simulate",
            "--domain",
            "store",
            "--histories",
            "1000000000000",
        ])
        .args(["--shard", "0/1000000000000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("gwt runs");
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("a shard of one history did not end in a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{table}");
    assert_eq!(figure(&table, "histories"), 1);
    // The same histories as before: every third from the second, of ten.
    let mut options = simulator::search::Options::new(10, 3, 0);
    options.shard = (1, 3);
    let (sharded, _) = simulator::search::simulate::<domain::store::StoreContext>(&options, |_| {
        std::ops::ControlFlow::Continue(())
    });
    let mut events = 0;
    for k in [1, 4, 7] {
        let mut one = simulator::search::Options::new(1, 3, 0);
        one.replay = Some(simulator::search::history_seed(3, k));
        events += simulator::search::simulate::<domain::store::StoreContext>(&one, |_| {
            std::ops::ControlFlow::Continue(())
        })
        .0
        .events;
    }
    assert_eq!(sharded.histories, 3);
    assert_eq!(sharded.events, events);
}

#[test]
fn the_same_seed_prints_the_same_table_and_a_timing_table_below_as_the_help_says() {
    // The simulation table; the timing table follows it after a blank line.
    let untimed = |tables: &str| -> String {
        let (simulation, timing) = tables.split_once("\n\n").expect("two tables");
        for row in ["elapsed", "histories/s", "events/s"] {
            assert!(
                !simulation.contains(row) && timing.contains(row),
                "{tables}"
            );
        }
        simulation.to_string()
    };
    let args = ["--domain", "store", "--histories", "30", "--seed", "9"];
    let (a, b) = (simulate(&args).1, simulate(&args).1);
    assert_eq!(untimed(&a), untimed(&b));
    assert!(untimed(&a).contains("events"), "{a}");
    let help = help_in_words();
    assert!(
        help.contains(
            "the same closing table; the timing table below it (elapsed, histories/s, events/s) \
             measures this run"
        ),
        "{help}"
    );
}

#[test]
fn a_folder_that_takes_no_file_is_named_as_the_user_gave_it_without_temporary_names() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    for (args, says) in [
        (
            &["--histories", "1", "--out", "/proc/gwt-failures"][..],
            "--out /proc/gwt-failures: the folder /proc cannot be written in (no file can be made \
             there)",
        ),
        (
            &["--histories", "1", "--export", "/proc/gwt-log.jsonl"],
            "--export /proc/gwt-log.jsonl: cannot write it: the folder /proc cannot be written in \
             (no file can be made there)",
        ),
    ] {
        let (code, said) = simulate_code(args);
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(said.contains(says), "{args:?}: {said}");
        assert!(
            !said.contains(".gwt-") && !said.contains("os error"),
            "{said}"
        );
    }
}

#[test]
fn a_replay_is_traced_step_by_step_before_its_table_and_a_trace_needs_a_replay() {
    let out_dir = tempfile::tempdir().expect("a temporary folder");
    let out_dir = out_dir.path().to_str().expect("a UTF-8 path");
    let args = ["--replay", "12346", "--trace", "--out", out_dir];
    let (ok, out, err) = simulate(&args);
    assert!(ok, "{out}{err}");
    assert!(
        out.starts_with(
            "trace of history 0x000000000000303a (15 steps; faults: duplicate, reorder, crash, \
             late, conflict):\nscene: CreateConference "
        ),
        "{out}"
    );
    assert!(out.contains("\nstep 1: "), "{out}");
    let (trace, table) = out.split_once("\n\n").expect("the trace, then the table");
    assert!(trace.ends_with("every check passed"), "{trace}");
    let told = |kind: &str| trace.matches(&format!("fault: {kind}: ")).count() as u64;
    for (kind, row) in [("duplicate", "duplicate"), ("reorder", "reorder")] {
        // A history with faults of both kinds, or the two counts agree by being nought.
        assert!(told(kind) > 0, "{out}");
        assert_eq!(
            told(kind),
            figure(table, &format!("faults: {row}")),
            "{out}"
        );
    }
    // The same seed traces the same, byte for byte.
    let again = simulate(&args).1;
    assert_eq!(again.split_once("\n\n").map(|(t, _)| t), Some(trace));
    let (ok, _, err) = simulate(&["--trace"]);
    assert!(!ok && err.contains("--replay <REPLAY>"), "{err}");
    // Beside --export it was taken, and traced nothing.
    let (ok, _, err) = simulate(&["--trace", "--export", "-", "--histories", "1"]);
    assert!(
        !ok && err.contains("'--trace' cannot be used with '--export"),
        "{err}"
    );
}

/// An export into a pipe (`--export >(gzip > log.gz)`, a named pipe) is refused as a pipe, saying
/// to export to standard output: the process substitution's `/dev/fd/…` was called "a broken
/// link".
#[cfg(unix)]
#[test]
fn an_export_into_a_pipe_says_to_export_to_standard_output() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("log.fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let out = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .args(["simulate", "--histories", "3", "--export"])
        .arg(&fifo)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(
            "cannot write it: it is a pipe, and an output is written to a file whole or not at \
             all; to write into a pipe, export to standard output: --export - | gzip"
        ),
        "{said}"
    );
}

/// `gwt simulate` with `args`, sent Ctrl-C once `started` (given the running child) returns.
fn interrupted(args: &[&str], started: impl FnOnce(&mut std::process::Child)) -> Output {
    signalled("-INT", args, started)
}

/// `gwt simulate` with `args`, sent `signal` (as `kill` names it) once `started` returns.
fn signalled(
    signal: &str,
    args: &[&str],
    started: impl FnOnce(&mut std::process::Child),
) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwt"))
        .arg("simulate")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("gwt runs");
    started(&mut child);
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    child.wait_with_output().expect("gwt ends")
}

/// Long enough for the handler to be set and some histories to run.
fn a_while(_: &mut std::process::Child) {
    std::thread::sleep(std::time::Duration::from_millis(1500));
}

/// Ctrl-C where nothing can be taken back or shown is said, with exit 130: the log written to
/// standard output is cut in the middle of histories, and a bench has measured nothing (the
/// simulate review's F1 and F5: both ended by the signal, with no word).
#[test]
fn ctrl_c_during_an_export_to_standard_output_or_a_bench_is_said() {
    use std::io::Read;
    let told = |out: Output| {
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // The export has written its first bytes, so its handler is set.
    let (code, said) = told(interrupted(
        &["--histories", "100000000", "--export", "-"],
        |child| {
            let mut first = [0u8; 1];
            child
                .stdout
                .as_mut()
                .unwrap()
                .read_exact(&mut first)
                .unwrap();
        },
    ));
    assert_eq!(code, Some(130), "{said}");
    assert!(
        said.ends_with(
            "gwt simulate --export -: interrupted; the log written to standard output is cut \
             short, in the middle of histories (they are written as one timeline), and does not \
             verify whole\n"
        ),
        "{said}"
    );
    let (code, said) = told(interrupted(&["--bench", "--histories", "10000"], a_while));
    assert_eq!(code, Some(130), "{said}");
    assert_eq!(
        said,
        "gwt simulate --bench: interrupted; nothing was measured\n"
    );
}

#[test]
fn ctrl_c_stops_the_run_and_still_prints_what_it_counted() {
    let out = interrupted(&["--histories", "1000000000", "--seed", "4"], a_while);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(130), "{stdout}{stderr}");
    let histories = figure(&stdout, "histories");
    assert!(histories > 0 && histories < 1_000_000_000, "{stdout}");
    assert_eq!(figure(&stdout, "seed"), 4);
    assert_eq!(
        cell(&stdout, "stopped"),
        format!("by Ctrl-C, after {histories} of 1000000000"),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "interrupted after {histories} histories of 1000000000; the table counts those, \
             none of which failed"
        )),
        "{stderr}"
    );
}

/// A supervisor's stop (SIGTERM) or a closed terminal (SIGHUP) is named in the table and the
/// notice, not taken for a user's Ctrl-C: the table of a CI job stopped by its timeout said
/// `by Ctrl-C`, and the notice "Ctrl-C again". The notice comes before the run's summary of
/// what it counted, which it once could follow (the run was asked to stop before it was said).
#[test]
fn a_termination_signal_is_named_in_the_table_and_said_before_the_summary() {
    let help = help_in_words();
    assert!(
        help.contains(
            "130 stopped by Ctrl-C with no failure found (143 by SIGTERM, 129 by SIGHUP;"
        ),
        "{help}"
    );
    for (signal, name, code) in [("-TERM", "SIGTERM", 143), ("-HUP", "SIGHUP", 129)] {
        let out = signalled(
            signal,
            &["--histories", "1000000000", "--seed", "4"],
            a_while,
        );
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(code), "{stdout}{stderr}");
        let histories = figure(&stdout, "histories");
        assert_eq!(
            cell(&stdout, "stopped"),
            format!("by {name}, after {histories} of 1000000000"),
            "{stdout}"
        );
        assert_eq!(
            stderr,
            format!(
                "gwt simulate: interrupted by {name}; stopping after the history under way to \
                 write what was found ({name} again to stop at once)\n\
                 gwt simulate: interrupted after {histories} histories of 1000000000; the table \
                 counts those, none of which failed\n"
            )
        );
    }
}

#[test]
fn late_faults_asked_for_where_nothing_is_scheduled_are_told_as_never_drawn() {
    let (ok, out, err) = simulate(&[
        "--domain",
        "store",
        "--faults",
        "late,duplicate",
        "--histories",
        "100",
    ]);
    assert!(ok, "{out}{err}");
    assert_eq!(cell(&out, "faults: late"), "0 (nothing scheduled)");
    assert!(
        err.contains(
            "--faults late: nothing was made late, because no command was scheduled \
             for later in 100 histories"
        ),
        "{err}"
    );
    // The conference's registrations schedule their expiry: late faults are drawn, and nothing
    // is said.
    let (ok, out, err) = simulate(&["--faults", "late", "--histories", "100"]);
    assert!(ok, "{out}{err}");
    assert!(figure(&out, "faults: late") > 0, "{out}");
    assert!(!err.contains("--faults late"), "{err}");
    // Through `all`, the table says why its zero is one (the store schedules nothing).
    let (_, out, err) = simulate(&["--domain", "store", "--histories", "20"]);
    assert!(!err.contains("--faults late"), "{err}");
    assert_eq!(cell(&out, "faults: late"), "0 (nothing scheduled)");
}

/// `--trace` tells one replayed history: without `--replay` it is refused, whatever else is
/// given. With `--seed`, `--histories` or `--shard` (which `--replay` conflicts with) clap let
/// it through, and a whole simulation ran, traced nothing, and passed.
#[test]
fn trace_without_replay_is_refused_whatever_else_is_given() {
    for others in [
        &[][..],
        &["--seed", "2"],
        &["--histories", "3"],
        &["--shard", "1/2"],
    ] {
        let args = [&["--domain", "store", "--trace"][..], others].concat();
        let (code, said) = simulate_code(&args);
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(said.contains("--replay"), "{args:?}: {said}");
        assert!(!said.contains("checks run"), "{args:?} ran: {said}");
    }
}

/// An `--out` that is a link to nothing, or round a loop of links, can never be made a folder:
/// refused before the run (exit 2), as a file is, where it passed and would have failed only at
/// the first failure, after the run.
#[cfg(unix)]
#[test]
fn an_out_that_is_a_link_to_no_folder_is_refused_before_the_run() {
    let tmp = scratch("out-links");
    let d = tmp.path();
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("dangling")).unwrap();
    std::os::unix::fs::symlink(d.join("loop2"), d.join("loop1")).unwrap();
    std::os::unix::fs::symlink(d.join("loop1"), d.join("loop2")).unwrap();
    for out in ["dangling", "dangling/sub", "loop1"] {
        let out = d.join(out);
        let (code, said) = simulate_code(&[
            "--domain",
            "store",
            "--histories",
            "3",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, Some(2), "{out:?}: {said}");
        assert!(
            said.contains("that leads to no folder") && !said.contains("checks run"),
            "{out:?}: {said}"
        );
    }
    assert!(!d.join("nowhere").exists());
}

/// An export in which no history recorded an event writes an empty log, which
/// `verify-migration` refuses: the export says so as it writes it.
#[test]
fn an_export_of_no_events_says_the_log_is_empty() {
    let tmp = scratch("empty-export");
    let log = tmp.path().join("empty.jsonl");
    let (code, said) = simulate_code(&[
        "--domain",
        "store",
        "--histories",
        "1",
        "--max-steps",
        "1",
        "--export",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{said}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "");
    assert!(
        said.contains("0 events of 1 history written to")
            && said.contains(": the log is empty, as no history recorded an event"),
        "{said}"
    );
}

/// Each exported history starts a minute after the one before: a count whose last history
/// would start past the last instant the clock holds is refused before anything is written
/// (it would have panicked once the export got that far).
#[test]
fn an_export_of_more_histories_than_the_clock_holds_is_refused() {
    let (code, said) = simulate_code(&[
        "--domain",
        "store",
        "--histories",
        "18446744073709551615",
        "--export",
        "-",
    ]);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("past the last instant the clock holds")
            && said.contains("export at most 136,807,267,139"),
        "{said}"
    );
}

/// A file size limit (`ulimit -f`) reached mid-export is an error the run tells, with the limit
/// named, and cleans up after, as a full disk is: not a signal (SIGXFSZ) that kills the run and
/// leaves its half-written file behind. Standard output under the limit is told once.
#[cfg(unix)]
#[test]
fn an_export_past_the_file_size_limit_is_told_and_leaves_no_partial_file() {
    let tmp = scratch("export-size-limit");
    let d = tmp.path();
    let file = d.join("log.jsonl");
    // 20 blocks of 1,024 bytes: a few histories' worth.
    let limited = |to: &str| {
        Command::new("bash")
            .arg("-c")
            .arg(format!(
                "ulimit -f 20; exec \"$0\" simulate --histories 300 --export {to}"
            ))
            .arg(env!("CARGO_BIN_EXE_gwt"))
            .current_dir(d)
            .output()
            .expect("bash runs")
    };
    let out = limited("log.jsonl");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "cannot write {}: File too large",
            Path::new("log.jsonl").display()
        )) && said.contains("`ulimit -f`"),
        "{said}"
    );
    let left: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(!file.exists());

    let out = limited("- > piped.jsonl");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert_eq!(said.matches("File too large").count(), 1, "{said}");
    assert!(said.contains("`ulimit -f`"), "{said}");
}

/// `gwt simulate --help`, read as words: help wraps its lines to the terminal.
fn help_in_words() -> String {
    simulate(&["--help"])
        .1
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An option's usage in an error names what the user gave, not `--out`, whose default stood
/// there as if typed (`Usage: gwt simulate --replay <REPLAY> --out <DIR>`); the default still
/// applies, and the help says it.
#[test]
fn an_error_s_usage_line_names_no_out_the_user_did_not_give() {
    let (ok, _, said) = simulate(&["--replay", "1", "--seed", "3"]);
    assert!(!ok);
    let usage = said
        .lines()
        .find(|l| l.starts_with("Usage:"))
        .unwrap_or_else(|| panic!("no usage line in:\n{said}"));
    assert_eq!(usage, "Usage: gwt simulate --replay <REPLAY>", "{said}");
    assert!(
        help_in_words().contains("by default simulation-failures in the current folder"),
        "{}",
        help_in_words()
    );
}
