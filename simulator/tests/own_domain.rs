//! A domain in a crate of its own plugs into the command line: this test crate is such a crate.
//! It builds the library's loans from `examples/library` (which no module of gwt names) into a
//! `gwt` of its own, and runs that binary (itself, called back with `GWT_OWN_DOMAIN`) as a team
//! would: its suite, a simulation, an export verified, a catalog. Called back so, it is also the
//! team's `tests/features.rs` (`simulator::suite::main`), run as `cargo test` and cargo-nextest
//! run it.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};

use simulator::domains::{Domains, Registered};

#[path = "../examples/library/loans/mod.rs"]
#[allow(dead_code)]
mod loans;

mod common;

use common::expect;
use simulator::harness;

/// The environment variable that makes this binary the team's command line; its value says
/// which domains it registers.
const AS_COMMAND_LINE: &str = "GWT_OWN_DOMAIN";

/// A check of the team's binary: what went wrong, if anything.
type Check = fn() -> Result<(), String>;

fn library() -> Registered<loans::LibraryContext> {
    loans::registered()
}

fn main() -> ExitCode {
    match std::env::var(AS_COMMAND_LINE).as_deref() {
        Ok("beside the builtin ones") => {
            return simulator::cli::main(Domains::builtin().with(library()))
        }
        Ok("alone") => return simulator::cli::main(Domains::new().with(library())),
        Ok("with its version") => {
            return simulator::cli::main(Domains::new().with(library()).version("3.1.4"))
        }
        Ok("twice") => return simulator::cli::main(Domains::new().with(library()).with(library())),
        // The team's `tests/features.rs`, whole.
        Ok("its suite") => return simulator::suite::main(Domains::new().with(library())),
        Ok("its suite beside the builtin ones") => {
            return simulator::suite::main(Domains::builtin().with(library()))
        }
        Ok("its suite twice") => {
            return simulator::suite::main(Domains::new().with(library()).with(library()))
        }
        _ => {}
    }
    harness::main(
        checks()
            .into_iter()
            .map(|(sentence, check)| harness::Test::new(harness::name_of(sentence), check))
            .collect(),
    )
}

/// What this binary checks, as a team's `gwt`, each a test named by its sentence.
fn checks() -> [(&'static str, Check); 13] {
    [
        ("the help lists the team's domain", help_lists_the_domain),
        ("--version gives the team's version", version_is_the_team_s),
        ("its suite runs and covers it", its_suite_runs),
        (
            "registered alone, it is the default",
            alone_it_is_the_default,
        ),
        ("it simulates clean", it_simulates_clean),
        (
            "its export verifies, and another domain's verification points to it",
            its_export_verifies,
        ),
        (
            "an event its aggregate could not have recorded is told",
            its_judge_is_heard,
        ),
        ("a name registered twice is refused", twice_is_refused),
        ("no domain at all is refused", none_is_refused),
        ("this binary speaks libtest's command line", speaks_libtest),
        (
            "its tests/features.rs is a test per feature file, as nextest runs them",
            its_suite_speaks_libtest,
        ),
        (
            "its tests/features.rs fails the failing file alone, and a folder without its suite",
            its_suite_fails_what_fails,
        ),
        (
            "its tests/features.rs runs a file as gwt test runs it",
            its_suite_runs_as_gwt_test,
        ),
    ]
}

/// `cargo nextest` lists this binary's tests and runs each alone (see `simulator::harness`).
fn speaks_libtest() -> Result<(), String> {
    let names: Vec<String> = checks().iter().map(|(s, _)| harness::name_of(s)).collect();
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let run = |args: &[&str]| Command::new(&me).args(args).output();
    speaks_libtest_as(&run, &names, "version_gives_the_team_s_version")
}

/// Whether a binary (`run` with arguments) speaks libtest's command line as nextest asks it to:
/// `--list --format terse` gives `names` (each `NAME: test`) and nothing else, `--ignored` none
/// of them, `--exact NAME --nocapture` runs that test alone, a filter chooses the tests whose
/// names hold it, and an option it does not know is refused. `cheap`: a test quick to run.
fn speaks_libtest_as(
    run: &dyn Fn(&[&str]) -> std::io::Result<Output>,
    names: &[String],
    cheap: &str,
) -> Result<(), String> {
    let run = |args: &[&str]| run(args).map_err(|e| e.to_string());
    let said = |out: &Output| String::from_utf8_lossy(&out.stdout).to_string();
    let listed = run(&["--list", "--format", "terse"])?;
    let expected: String = names.iter().map(|n| format!("{n}: test\n")).collect();
    if !listed.status.success() || said(&listed) != expected {
        return Err(format!("--list --format terse gave:\n{}", said(&listed)));
    }
    let ignored = run(&["--list", "--format", "terse", "--ignored"])?;
    if !ignored.status.success() || !said(&ignored).is_empty() {
        return Err(format!("--list --ignored gave:\n{}", said(&ignored)));
    }
    let one = run(&[cheap, "--exact", "--nocapture"])?;
    if !one.status.success()
        || !said(&one).ends_with(&format!("ok: {cheap}\n1 test: 1 passed, 0 failed\n"))
    {
        return Err(format!("{cheap} --exact --nocapture gave:\n{}", said(&one)));
    }
    // A part of a name chooses it, not with `--exact`; a skip leaves it out.
    let part = &cheap[1..cheap.len() - 1];
    let listed = run(&["--list", "--format", "terse", part])?;
    let exact = run(&["--list", "--format", "terse", "--exact", part])?;
    let skipped = run(&["--list", "--format", "terse", "--skip", part])?;
    let chosen = format!("{cheap}: test\n");
    if !said(&listed).contains(&chosen)
        || said(&exact).contains(&chosen)
        || said(&skipped).contains(&chosen)
    {
        return Err(format!(
            "the filter `{part}` chose:\n{}with --exact:\n{}and skipped, left:\n{}",
            said(&listed),
            said(&exact),
            said(&skipped)
        ));
    }
    let unknown = run(&["--no-such-option"])?;
    match unknown.status.code() {
        Some(101) => Ok(()),
        other => Err(format!("an unknown option exited {other:?}")),
    }
}

fn twice_is_refused() -> Result<(), String> {
    // Building the list cannot fail; choosing from it can.
    match Domains::new().with(library()).with(library()).check() {
        Err(e) if e.contains("two domains are registered as `library`") => Ok(()),
        other => Err(format!("{other:?}")),
    }
}

fn none_is_refused() -> Result<(), String> {
    match Domains::new().check() {
        Err(e) if e.contains("no domain is registered") => Ok(()),
        other => Err(format!("{other:?}")),
    }
}

/// The example's folder: a team's repository, with its suite under `features/library`.
fn team_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/library")
}

/// This binary as the team's `gwt` registering `domains`, run with `args` in the team's folder.
fn team_gwt(domains: &str, args: &[&str]) -> Output {
    Command::new(std::env::current_exe().expect("the test binary's path"))
        .env(AS_COMMAND_LINE, domains)
        .current_dir(team_folder())
        .args(args)
        .output()
        .expect("the test binary runs")
}

fn version_is_the_team_s() -> Result<(), String> {
    let gwt = env!("CARGO_PKG_VERSION");
    let out = team_gwt("with its version", &["--version"]);
    expect(&out, 0, &[&format!("gwt 3.1.4 (gwt {gwt})")])?;
    let out = team_gwt("alone", &["--version"]);
    expect(&out, 0, &[&format!("gwt {gwt}\n")])
}

fn help_lists_the_domain() -> Result<(), String> {
    let out = team_gwt("beside the builtin ones", &["simulate", "--help"]);
    expect(
        &out,
        0,
        &[
            "- conference: The conference system",
            "- library:    Books lent and returned, and fines for late returns",
            "[default: conference]",
        ],
    )?;
    let out = team_gwt(
        "beside the builtin ones",
        &["catalog", "--domain", "lending"],
    );
    expect(
        &out,
        2,
        &[
            "invalid value 'lending'",
            "[possible values: conference, store, library]",
        ],
    )
}

fn its_suite_runs() -> Result<(), String> {
    let out = team_gwt("beside the builtin ones", &["test", "--domain", "library"]);
    expect(&out, 0, &["10 passed, 0 failed"])?;
    let out = team_gwt(
        "beside the builtin ones",
        &["coverage", "--domain", "library"],
    );
    expect(
        &out,
        0,
        &[
            "every message is mentioned",
            "every stated rule is specified",
        ],
    )
}

fn alone_it_is_the_default() -> Result<(), String> {
    expect(&team_gwt("alone", &["test"]), 0, &["10 passed, 0 failed"])?;
    expect(
        &team_gwt("alone", &["catalog"]),
        0,
        &[
            "Commands of `library`",
            "LendBook",
            "yes (COULD_RECORD)",
            // The email version 2 added, learned from the upcaster's `down`: the library
            // declares only the rename.
            "v1 (full_name, now name; without email), v2",
        ],
    )?;
    expect(
        &team_gwt("twice", &["catalog"]),
        2,
        &["two domains are registered as `library`"],
    )?;
    // Help is given whatever the list holds.
    expect(
        &team_gwt("twice", &["--help"]),
        0,
        &["Usage: gwt <COMMAND>"],
    )
}

fn it_simulates_clean() -> Result<(), String> {
    let out_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out_dir = out_dir.path().to_str().expect("a temporary path in UTF-8");
    let args = [
        "simulate",
        "--domain",
        "library",
        "--histories",
        "300",
        "--out",
        out_dir,
    ];
    let first = team_gwt("beside the builtin ones", &args);
    expect(&first, 0, &["histories", "failures", "checks run"])?;
    // The same seed gives the same simulation, in a team's binary as in gwt's own.
    let table = |out: &Output| {
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        stdout.split("\n\n").next().unwrap_or_default().to_string()
    };
    let second = team_gwt("beside the builtin ones", &args);
    match table(&first) == table(&second) {
        true => Ok(()),
        false => Err(format!(
            "two runs of one seed differ:\n{}\n{}",
            table(&first),
            table(&second)
        )),
    }
}

fn its_export_verifies() -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let log = dir.path().join("loans.jsonl");
    let log = log.to_str().expect("a temporary path in UTF-8");
    let export = [
        "simulate",
        "--domain",
        "library",
        "--export",
        log,
        "--histories",
        "200",
    ];
    expect(
        &team_gwt("beside the builtin ones", &export),
        0,
        &["written to"],
    )?;
    let verify = ["verify-migration", "--domain", "library", "--from", log];
    expect(
        &team_gwt("beside the builtin ones", &verify),
        0,
        &[
            "MemberRegistered",
            "clean: every event upcast, replayed and checked",
        ],
    )?;
    expect(
        &team_gwt(
            "beside the builtin ones",
            &["verify-migration", "--from", log],
        ),
        2,
        &[
            "holds events of the library domain",
            "run with --domain library",
        ],
    )
}

fn its_judge_is_heard() -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let log = dir.path().join("lent-unadded.jsonl");
    std::fs::write(
        &log,
        concat!(
            r#"{"stream":"Member/m-1","sequence":1,"event_type":"MemberRegistered","event_version":2,"payload":{"member_id":"m-1","name":"Ann","email":null},"recorded_at":"2026-01-05T09:00:00Z"}"#,
            "\n",
            r#"{"stream":"Book/b-9","sequence":1,"event_type":"BookLent","event_version":1,"payload":{"book_id":"b-9","member_id":"m-1","due":"2026-01-19T09:00:00Z"},"recorded_at":"2026-01-05T09:00:00Z"}"#,
            "\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let log = log.to_str().expect("a temporary path in UTF-8");
    expect(
        &team_gwt("alone", &["verify-migration", "--from", log]),
        1,
        &[
            "lent-unadded.jsonl:2: Book/b-9 #1: BookLent could not have been recorded: book b-9 \
             was never added",
        ],
    )
}

/// This binary as the team's `tests/features.rs` registering `domains`, run with `args` in
/// `folder`, as cargo and nextest run a test binary: in its package's root.
fn team_suite(folder: &Path, domains: &str, args: &[&str]) -> std::io::Result<Output> {
    Command::new(std::env::current_exe()?)
        .env(AS_COMMAND_LINE, domains)
        .current_dir(folder)
        .args(args)
        .output()
}

/// A team's package root holding `files` (paths under it, and texts), for its suite to run in.
fn team_package(files: &[(&str, &str)]) -> Result<tempfile::TempDir, String> {
    let root = tempfile::tempdir().map_err(|e| e.to_string())?;
    for (path, text) in files {
        let path = root.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(root)
}

const LOANS: &str = include_str!("../examples/library/features/library/loans.feature");

/// A scenario whose Then expects another member than the one registered.
const WRONG_MEMBER: &str = "Feature: a wrong expectation
  Scenario: a member registers under another id
    When the command is sent:
      | command        | member_id | name |
      | RegisterMember | m-3       | Cid  |
    Then these events are recorded:
      | event            | member_id | name |
      | MemberRegistered | m-4       | Cid  |
";

fn its_suite_speaks_libtest() -> Result<(), String> {
    let team = team_folder();
    let run = |args: &[&str]| team_suite(&team, "its suite", args);
    let names = ["library::folder", "library::loans.feature"].map(String::from);
    speaks_libtest_as(&run, &names, "library::folder")?;
    let run = |args: &[&str]| run(args).map_err(|e| e.to_string());
    // `cargo test`: every test, one after the other.
    expect(
        &run(&[])?,
        0,
        &[
            "ok: library::folder\n",
            "ok: library::loans.feature\n",
            "2 tests: 2 passed, 0 failed\n",
        ],
    )?;
    // `cargo test -- loans`, and nextest's run of the file alone: its scenarios run.
    for args in [
        &["loans"][..],
        &["library::loans.feature", "--exact", "--nocapture"],
    ] {
        let out = run(args)?;
        expect(
            &out,
            0,
            &["ok: library::loans.feature\n1 test: 1 passed, 0 failed\n"],
        )
        .and_then(
            |()| match common::text(&out).contains("a member registers") {
                true => Ok(()),
                false => Err("its scenarios did not run".into()),
            },
        )
        .map_err(|e| format!("{}: {e}", args.join(" ")))?;
    }
    // Domains the command line would refuse are refused before any test is listed.
    expect(
        &team_suite(&team, "its suite twice", &["--list", "--format", "terse"])
            .map_err(|e| e.to_string())?,
        101,
        &["two domains are registered as `library`"],
    )
}

fn its_suite_fails_what_fails() -> Result<(), String> {
    let team = team_package(&[
        ("features/library/loans.feature", LOANS),
        ("features/library/overdue/wrong.feature", WRONG_MEMBER),
    ])?;
    let run =
        |team: &Path, args: &[&str]| team_suite(team, "its suite", args).map_err(|e| e.to_string());
    expect(
        &run(team.path(), &[])?,
        1,
        &[
            "ok: library::folder\n",
            "ok: library::loans.feature\n",
            "FAILED: library::overdue/wrong.feature\n",
            "MemberRegistered",
            "3 tests: 2 passed, 1 failed: library::overdue/wrong.feature\n",
        ],
    )?;
    expect(
        &run(team.path(), &["--skip", "wrong"])?,
        0,
        &["2 tests: 2 passed, 0 failed\n"],
    )?;
    // A folder without a feature file, or no folder at all, is no suite: its test fails, as
    // `gwt test` fails such a run.
    let empty = team_package(&[])?;
    std::fs::create_dir_all(empty.path().join("features/library")).map_err(|e| e.to_string())?;
    let said = run(empty.path(), &["--list", "--format", "terse"])?;
    if String::from_utf8_lossy(&said.stdout) != "library::folder: test\n" {
        return Err(format!("an empty suite lists:\n{}", common::text(&said)));
    }
    expect(
        &run(empty.path(), &[])?,
        1,
        &["FAILED: library::folder\nnothing to read: no feature files under features/library\n"],
    )?;
    let none = team_package(&[])?;
    expect(
        &run(none.path(), &[])?,
        1,
        &["FAILED: library::folder\nfeatures/library: no such folder"],
    )?;
    // A link that leads nowhere is told by the folder's test; the files still run.
    #[cfg(unix)]
    {
        let linked = team_package(&[("features/library/loans.feature", LOANS)])?;
        let link = linked.path().join("features/library/gone.feature");
        std::os::unix::fs::symlink("nowhere.feature", &link).map_err(|e| e.to_string())?;
        expect(
            &run(linked.path(), &[])?,
            1,
            &[
                "FAILED: library::folder\nfeatures/library/gone.feature: a symbolic link that \
                 leads nowhere",
                "ok: library::loans.feature\n",
            ],
        )?;
    }
    Ok(())
}

fn its_suite_runs_as_gwt_test() -> Result<(), String> {
    // A message of another registered domain is named as such, as `gwt test` names it.
    let team = team_package(&[(
        "features/library/order.feature",
        "Feature: an order in the library
  Scenario: an order is requested
    When the command is sent:
      | command      | order_id |
      | RequestOrder | o-1      |
    Then these events are recorded:
      | event          | order_id |
      | OrderRequested | o-1      |
",
    )])?;
    let told = "RequestOrder is a message of the store domain: run with --domain store";
    let suite = team_suite(
        team.path(),
        "its suite beside the builtin ones",
        &["library::order.feature", "--exact"],
    )
    .map_err(|e| e.to_string())?;
    expect(&suite, 1, &[told, "FAILED: library::order.feature"])?;
    let gwt = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .env(AS_COMMAND_LINE, "beside the builtin ones")
        .current_dir(team.path())
        .args(["test", "--domain", "library"])
        .output()
        .map_err(|e| e.to_string())?;
    expect(&gwt, 1, &[told])
}
