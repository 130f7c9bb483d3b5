//! A domain in a crate of its own plugs into the command line: this test crate is such a crate.
//! It builds the library's loans from `examples/library` (which no module of gwt names) into a
//! `gwt` of its own, and runs that binary (itself, called back with `GWT_OWN_DOMAIN`) as a team
//! would: its suite, a simulation, an export verified, a catalog.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};

use simulator::domains::{Domains, Registered};

#[path = "../examples/library/loans/mod.rs"]
#[allow(dead_code)]
mod loans;

mod common;
mod harness;

use common::expect;

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
fn checks() -> [(&'static str, Check); 10] {
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
    ]
}

/// `cargo nextest` lists this binary's tests and runs each alone (see `harness`).
fn speaks_libtest() -> Result<(), String> {
    let names: Vec<String> = checks().iter().map(|(s, _)| harness::name_of(s)).collect();
    harness::speaks_libtest(&names, "version_gives_the_team_s_version")
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
        &["Commands of `library`", "LendBook", "yes (COULD_RECORD)"],
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
