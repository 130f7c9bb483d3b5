//! A domain judged but not simulated plugs into the command line: a team that has its context,
//! its invariants and its feature files, and no generator of histories yet, registers it with
//! `Registered::without_simulation`. This test crate is such a team's `gwt` (itself, called back
//! with `GWT_UNSIMULATED`): its context, a small bank, implements `Judged` and not `Simulated`,
//! so that it compiles at all shows the registration asks for nothing more. Its suite runs,
//! passing and failing; its catalog and coverage are given; a recorded log verifies; and
//! `gwt simulate` says what the domain lacks (exit 2) instead of running. Called back so, it is
//! also the team's `tests/features.rs` (`simulator::suite::main`), whose runs have the implicit
//! checks on, as `gwt test`'s.

use std::path::Path;
use std::process::{Command, ExitCode, Output};

use domain::kernel::*;
use domain::{messages, record};
use simulator::domains::{Domains, Registered};
use simulator::judging::Judged;

mod common;
use simulator::harness;

use common::expect;

record! {
    pub struct Move { pub account_id: String, pub by: i64 }
}
record! {
    pub struct Moved { pub account_id: String, pub by: i64 }
}
messages! {
    pub enum BankCommand { Move }
}
messages! {
    pub enum BankEvent { Moved }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Bank;

impl BoundedContext for Bank {
    type Command = BankCommand;
    type Event = BankEvent;
    const NAME: &'static str = "bank";
    fn wiring() -> Wiring<Self> {
        Wiring::new()
            .aggregate::<Account>()
            .read_model::<MoveCounts>()
    }
}

/// Takes every move, overdrafts included: the invariant is what catches them.
struct Account;

impl Aggregate<Bank> for Account {
    const NAME: &'static str = "Account";
    const COMMANDS: &'static [&'static str] = &["Move"];
    const EVENTS: &'static [&'static str] = &["Moved"];
    type State = ();
    type View = NoView;
    fn command_stream(c: &BankCommand) -> Option<Text> {
        let BankCommand::Move(c) = c;
        Some(c.account_id.as_str().into())
    }
    fn event_stream(e: &BankEvent) -> Option<Text> {
        let BankEvent::Moved(e) = e;
        Some(e.account_id.as_str().into())
    }
    fn decide(
        _: &(),
        c: &BankCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<BankEvent>, Rejection> {
        let BankCommand::Move(c) = c;
        Ok(vec![Moved {
            account_id: c.account_id.clone(),
            by: c.by,
        }
        .into()])
    }
    fn evolve(state: (), _: &BankEvent) {
        state
    }
}

record! {
    pub struct MoveCount { pub moves: u32 }
}

/// How many moves each account had. A move of nothing slips past the guard against a delivery
/// made again, and is counted twice when it comes twice: a fault the implicit checks' duplicate
/// delivery finds, and a run without them does not.
#[derive(Clone, Debug, Default, PartialEq)]
struct MoveCounts {
    entries: Entries<MoveCount>,
    taken_in: TakenIn<StreamId>,
}

impl ReadModel<Bank> for MoveCounts {
    const NAME: &'static str = "MoveCounts";
    const KEY: &'static str = "account_id";
    const SUBSCRIBES: &'static [&'static str] = &["Moved"];
    type Entry = MoveCount;

    fn apply(&mut self, event: &Envelope<BankEvent>) {
        let BankEvent::Moved(m) = &event.message;
        if !self.taken_in.take_in(&event.stream, event.sequence) && m.by != 0 {
            return;
        }
        let entry = (self.entries)
            .entry(m.account_id.as_str().into())
            .or_insert_with(|| Box::new(MoveCount { moves: 0 }));
        entry.moves += 1;
    }

    fn entries(&self) -> &Entries<MoveCount> {
        &self.entries
    }
}

/// Each account's balance, folded from the log.
#[derive(Clone, Default)]
struct Ledger {
    balances: std::collections::BTreeMap<String, i64>,
}

impl EventLedger<BankEvent> for Ledger {
    fn observe(&mut self, event: &Envelope<BankEvent>) {
        let BankEvent::Moved(m) = &event.message;
        *self.balances.entry(m.account_id.clone()).or_default() += m.by;
    }
}

/// No balance below zero: all the bank is held to, and all it needs to be registered.
impl Judged for Bank {
    type Ledger = Ledger;

    fn invariants(_: &System<Self>, ledger: &Ledger) -> Vec<String> {
        (ledger.balances.iter())
            .filter(|(_, balance)| **balance < 0)
            .map(|(account, balance)| format!("account {account} is overdrawn: {balance}"))
            .collect()
    }
}

/// The environment variable that makes this binary the team's command line; its value says
/// which domains it registers.
const AS_COMMAND_LINE: &str = "GWT_UNSIMULATED";

fn bank() -> Registered<Bank> {
    Registered::without_simulation().about("Accounts moved by deposits and withdrawals")
}

const MOVES: &str = "Feature: moves
  Scenario: a deposit
    When the command is sent:
      | command | account_id | by |
      | Move    | a-1        | 5  |
    Then these events are recorded:
      | event | account_id | by |
      | Moved | a-1        | 5  |
    And the invariants hold
";

const OVERDRAFT: &str = "Feature: an overdraft
  Scenario: a withdrawal past the balance
    Given the events:
      | event | account_id | by |
      | Moved | a-2        | 2  |
    When the command is sent:
      | command | account_id | by |
      | Move    | a-2        | -3 |
    Then the invariants hold
";

/// A check of the team's binary, run in the team's folder: what went wrong, if anything.
type Check = fn(&Path) -> Result<(), String>;

fn main() -> ExitCode {
    match std::env::var(AS_COMMAND_LINE).as_deref() {
        Ok("alone") => return simulator::cli::main(Domains::new().with(bank())),
        Ok("beside the builtin ones") => {
            return simulator::cli::main(Domains::builtin().with(bank()))
        }
        // The team's `tests/features.rs`, whole.
        Ok("its suite") => return simulator::suite::main(Domains::new().with(bank())),
        _ => {}
    }
    let checks: [(&str, Check); 7] = [
        ("its suite runs, passing and failing", its_suite_runs),
        ("its catalog and coverage are given", its_catalog_is_listed),
        ("a recorded log of it verifies", its_log_verifies),
        (
            "gwt simulate says it has no generator",
            simulate_says_what_it_lacks,
        ),
        (
            "the simulated domains beside it still simulate",
            the_others_still_simulate,
        ),
        (
            "its catalog lists it beside the builtin ones",
            beside_the_builtin_ones,
        ),
        (
            "its tests/features.rs runs the implicit checks, as gwt test does",
            its_suite_checks_duplicates,
        ),
    ];
    // Each in a team's folder of its own.
    let tests = checks.into_iter().map(|(sentence, check)| {
        harness::Test::new(harness::name_of(sentence), move || {
            let team = tempfile::tempdir().map_err(|e| e.to_string())?;
            team_folder(team.path())?;
            check(team.path())
        })
    });
    harness::main(tests.collect())
}

/// The team's repository: its suite under `features/bank`, and a feature whose scenario breaks
/// the invariant under `broken/`.
fn team_folder(folder: &Path) -> Result<(), String> {
    let write = |path: &str, text: &str| {
        let path = folder.join(path);
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    write("features/bank/moves.feature", MOVES)?;
    write("broken/overdraft.feature", OVERDRAFT)
}

/// This binary as the team's `gwt` registering `domains`, run with `args` in `folder`.
fn team_gwt(folder: &Path, domains: &str, args: &[&str]) -> Output {
    Command::new(std::env::current_exe().expect("the test binary's path"))
        .env(AS_COMMAND_LINE, domains)
        .current_dir(folder)
        .args(args)
        .output()
        .expect("the test binary runs")
}

fn its_suite_runs(team: &Path) -> Result<(), String> {
    expect(
        &team_gwt(team, "alone", &["test"]),
        0,
        &["1 passed, 0 failed"],
    )?;
    expect(
        &team_gwt(team, "alone", &["test", "broken"]),
        1,
        &["account a-2 is overdrawn: -1", "0 passed, 1 failed"],
    )
}

fn its_catalog_is_listed(team: &Path) -> Result<(), String> {
    expect(
        &team_gwt(team, "alone", &["catalog"]),
        0,
        &["Commands of `bank`", "Move", "Moved"],
    )?;
    expect(
        &team_gwt(team, "alone", &["coverage"]),
        0,
        &["every message is mentioned"],
    )
}

fn its_log_verifies(team: &Path) -> Result<(), String> {
    let line = |seq: u64, account: &str, by: i64| {
        common::stored(
            &format!("Account/{account}"),
            seq,
            "Moved",
            &format!(r#"{{"account_id":"{account}","by":{by}}}"#),
        )
    };
    let write = |name: &str, lines: &[String]| -> Result<String, String> {
        let path = team.join(name);
        std::fs::write(&path, lines.join("\n") + "\n").map_err(|e| e.to_string())?;
        Ok(path
            .to_str()
            .expect("a temporary path in UTF-8")
            .to_string())
    };
    let clean = write("clean.jsonl", &[line(1, "a-1", 5), line(2, "a-1", -5)])?;
    expect(
        &team_gwt(team, "alone", &["verify-migration", "--from", &clean]),
        0,
        &["clean: every event upcast, replayed and checked"],
    )?;
    expect(
        &team_gwt(
            team,
            "alone",
            &["verify-migration", "--bench", "--from", &clean],
        ),
        0,
        &["events/s"],
    )?;
    let overdrawn = write("overdrawn.jsonl", &[line(1, "a-2", 2), line(2, "a-2", -3)])?;
    expect(
        &team_gwt(team, "alone", &["verify-migration", "--from", &overdrawn]),
        1,
        &["account a-2 is overdrawn: -1"],
    )
}

/// Exit 2, the domain named, what to implement, and nothing written: where the plain run would
/// have put its failures, or the export its log.
fn simulate_says_what_it_lacks(team: &Path) -> Result<(), String> {
    let lacks = [
        "the domain bank registers no generator of histories",
        "implement `simulator::simulation::Simulated` for its context",
        "register it with `Registered::new()`",
    ];
    let export = team.join("bank.jsonl");
    let export = export.to_str().expect("a temporary path in UTF-8");
    for (args, command) in [
        (&["simulate"][..], "gwt simulate: "),
        (
            &["simulate", "--domain", "bank", "--histories", "5"],
            "gwt simulate: ",
        ),
        (&["simulate", "--bench"], "gwt simulate --bench: "),
        (&["simulate", "--export", export], "gwt simulate --export: "),
        (&["simulate", "--replay", "3", "--trace"], "gwt simulate: "),
    ] {
        let out = team_gwt(team, "alone", args);
        expect(&out, 2, &lacks)
            .and_then(|()| expect(&out, 2, &[command]))
            .map_err(|e| format!("gwt {}: {e}", args.join(" ")))?;
        if common::text(&out).contains("panicked") {
            return Err(format!("gwt {}: it panicked", args.join(" ")));
        }
    }
    for written in ["simulation-failures", "bank.jsonl"] {
        if team.join(written).exists() {
            return Err(format!("{written} was written"));
        }
    }
    Ok(())
}

fn the_others_still_simulate(team: &Path) -> Result<(), String> {
    let out = team.join("failures");
    let args = [
        "simulate",
        "--domain",
        "store",
        "--histories",
        "3",
        "--out",
        out.to_str().expect("a temporary path in UTF-8"),
    ];
    expect(
        &team_gwt(team, "beside the builtin ones", &args),
        0,
        &["histories", "checks run"],
    )?;
    expect(
        &team_gwt(
            team,
            "beside the builtin ones",
            &["simulate", "--domain", "bank"],
        ),
        2,
        &["the domain bank registers no generator of histories"],
    )
}

fn beside_the_builtin_ones(team: &Path) -> Result<(), String> {
    expect(
        &team_gwt(team, "beside the builtin ones", &["simulate", "--help"]),
        0,
        &[
            "- store:      The order → payment → mail orchestration\n",
            // clap wraps the line at the word.
            "- bank:       Accounts moved by deposits and withdrawals (not simulated: registered",
            "without a generator of histories)",
        ],
    )?;
    // The other commands run on it: their help does not set it apart.
    expect(
        &team_gwt(team, "beside the builtin ones", &["test", "--help"]),
        0,
        &["- bank:       Accounts moved by deposits and withdrawals\n"],
    )?;
    expect(
        &team_gwt(
            team,
            "beside the builtin ones",
            &["catalog", "--domain", "bank"],
        ),
        0,
        &["Commands of `bank`"],
    )?;
    expect(
        &team_gwt(
            team,
            "beside the builtin ones",
            &["test", "--domain", "bank"],
        ),
        0,
        &["1 passed, 0 failed"],
    )
}

/// A scenario that passes on the plain run, and fails when its move of nothing is delivered twice.
const COUNTED: &str = "Feature: moves counted
  Scenario: a second move
    Given the events:
      | event | account_id | by |
      | Moved | a-3        | 4  |
    When the command is sent:
      | command | account_id | by |
      | Move    | a-3        | 0  |
    Then the read model MoveCounts for a-3 is:
      | moves |
      | 2     |
";

fn its_suite_checks_duplicates(team: &Path) -> Result<(), String> {
    let counted = team.join("features/bank/counted.feature");
    std::fs::write(&counted, COUNTED).map_err(|e| e.to_string())?;
    let suite = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .env(AS_COMMAND_LINE, "its suite")
        .current_dir(team)
        .output()
        .map_err(|e| e.to_string())?;
    expect(
        &suite,
        1,
        &[
            "ok: bank::moves.feature\n",
            "FAILED: bank::counted.feature\n",
            "in the duplicate-delivery run (every delivery made twice): the read model \
             MoveCounts changed when Moved (Account/a-3 #2) was delivered again",
            "3 tests: 2 passed, 1 failed: bank::counted.feature\n",
        ],
    )?;
    // The same file fails `gwt test` for the same reason, and passes without the implicit checks.
    let counted = counted.to_str().expect("a temporary path in UTF-8");
    expect(
        &team_gwt(team, "alone", &["test", counted]),
        1,
        &["0 passed, 1 failed"],
    )?;
    expect(
        &team_gwt(team, "alone", &["test", "--no-implicit-checks", counted]),
        0,
        &["1 passed, 0 failed"],
    )
}
