//! `Then the invariants hold` judges the state after the When with the invariants the domain's
//! runtime was given: it passes when they hold, fails listing each breach, and says so when the
//! domain was given none.

mod common;

use domain::kernel::*;
use domain::{messages, record};
use steps::runner::{RunOptions, Summary};
use steps::world::ContextFactory;

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
            .read_model::<Balances>()
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
    pub struct Balance { pub balance: i64 }
}

#[derive(Default, Clone, Debug, PartialEq)]
struct Balances {
    entries: Entries<Balance>,
}

impl ReadModel<Bank> for Balances {
    const NAME: &'static str = "Balance";
    const SUBSCRIBES: &'static [&'static str] = &["Moved"];
    type Entry = Balance;
    fn apply(&mut self, e: &Envelope<BankEvent>) {
        let BankEvent::Moved(m) = &e.message;
        self.entries
            .entry(m.account_id.as_str().into())
            .or_insert(Box::new(Balance { balance: 0 }))
            .balance += m.by;
    }
    fn entries(&self) -> &Entries<Balance> {
        &self.entries
    }
}

/// No balance below zero.
fn overdrawn(system: &System<Bank>) -> Vec<String> {
    system
        .read_model_entries()
        .into_iter()
        .filter(|(_, _, entry)| entry["balance"].as_i64().is_some_and(|b| b < 0))
        .map(|(_, key, entry)| format!("account {key} is overdrawn: {}", entry["balance"]))
        .collect()
}

fn run_with(factory: ContextFactory<Bank>, name: &str, text: &str) -> Summary {
    common::run_feature_in(factory, "invariants", name, text, RunOptions::default()).0
}

/// `text` run on the bank, its invariants judged, and long after (an hour), what `judge` finds.
fn run_long_after(judge: fn(&System<Bank>) -> Vec<String>, name: &str, text: &str) -> Summary {
    let long_after = steps::runtime::LongAfter { minutes: 60, judge };
    let factory = ContextFactory::new()
        .unwrap()
        .with_invariants(overdrawn)
        .with_long_after(long_after);
    run_with(factory, name, text)
}

const MOVES: &str = "Feature: moves
  Scenario: a deposit
    When the command is sent:
      | command | account_id | by |
      | Move    | a-1        | 5  |
    Then the invariants hold

  Scenario: an overdraft
    Given the events:
      | event | account_id | by |
      | Moved | a-2        | 2  |
    When the command is sent:
      | command | account_id | by |
      | Move    | a-2        | -3 |
    Then the invariants hold
";

#[test]
fn the_invariants_pass_when_they_hold_list_each_breach_and_say_when_there_are_none() {
    let summary = run_with(
        ContextFactory::new().unwrap().with_invariants(overdrawn),
        "judged",
        MOVES,
    );
    assert_eq!(
        (summary.passed, summary.failed),
        (1, 1),
        "{:?}",
        summary.failures
    );
    assert!(
        summary.failures[0].contains(
            "judged.feature:15:5: the domain's invariants do not hold:\n  - account a-2 is \
             overdrawn: -1"
        ),
        "{}",
        summary.failures[0]
    );
    // In the same test: the runner's domain is one per process, so runs take turns.
    let summary = run_with(ContextFactory::new().unwrap(), "none", MOVES);
    assert_eq!((summary.passed, summary.failed), (0, 2));
    assert!(
        summary.failures[0].contains("the bank domain declares no invariants to check"),
        "{}",
        summary.failures[0]
    );
}

/// What must hold long after: the clock has moved on by then (a move made at 09:00 is judged
/// after 10:00), so the judge sees the time pass.
fn not_yet_an_hour(system: &System<Bank>) -> Vec<String> {
    let hour: Instant = "2026-01-05T10:00:00Z".parse().unwrap();
    if system.now() < hour {
        vec![format!("the clock stands at {}", system.now())]
    } else {
        vec!["judged long after".into()]
    }
}

const LONG_AFTER: &str = "Feature: long after
  Scenario: judged long after, the run left where the When left it
    When the command is sent:
      | command | account_id | by |
      | Move    | a-1        | 5  |
    Then long after, the invariants hold
    And these events are recorded:
      | event | account_id | by |
      | Moved | a-1        | 5  |
";

/// `Then long after, the invariants hold` lets the long-after time pass on a copy of each run,
/// then judges the invariants and what must hold by then; a Then after it still sees the When's
/// outcome; a domain given nothing to judge long after says so.
#[test]
fn long_after_the_invariants_are_judged_once_the_time_has_passed_on_a_copy_of_the_run() {
    let summary = run_long_after(not_yet_an_hour, "long-after", LONG_AFTER);
    assert_eq!((summary.passed, summary.failed), (0, 1));
    assert!(
        summary.failures[0].contains(
            "long-after.feature:6:5: long after the scenario (1 hour later, what was due by then \
             delivered and the system settled), the domain's invariants do not hold:\n  - \
             judged long after"
        ),
        "{}",
        summary.failures[0]
    );
    let summary = run_long_after(|_| Vec::new(), "long-after-holds", LONG_AFTER);
    assert_eq!(
        (summary.passed, summary.failed),
        (1, 0),
        "{:?}",
        summary.failures
    );
    let summary = run_with(
        ContextFactory::new().unwrap().with_invariants(overdrawn),
        "long-after-none",
        LONG_AFTER,
    );
    assert_eq!((summary.passed, summary.failed), (0, 1));
    assert!(
        summary.failures[0]
            .contains("the bank domain declares no invariants, or nothing to judge long after"),
        "{}",
        summary.failures[0]
    );
}

/// A scenario that takes the clock near the last instant it holds is told that the long-after
/// time cannot pass, as the step's failure, rather than overflowing the clock.
#[test]
fn long_after_the_last_instant_the_clock_holds_is_a_failure_not_a_panic() {
    let start: domain::kernel::Instant = "9999-12-31T00:00:00Z".parse().unwrap();
    let most = (domain::kernel::Instant::MAX_UTC - start).num_minutes();
    let text = format!(
        "Feature: the end of time
  Scenario: long after the last instant
    Given the time is 9999-12-31T00:00:00Z
    When {most} minutes pass
    Then long after, the invariants hold
"
    );
    let summary = run_long_after(|_| Vec::new(), "long-after-the-end", &text);
    assert_eq!((summary.passed, summary.failed), (0, 1));
    assert!(
        summary.failures[0].contains(
            "the long-after time (60 minutes) cannot pass after the scenario: the clock is at \
             +262142"
        ) && summary.failures[0].contains("and can go on at most 0 minutes"),
        "{}",
        summary.failures[0]
    );
}
