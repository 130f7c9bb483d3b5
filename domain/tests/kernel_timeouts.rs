//! A process manager's own commands (timeouts it scheduled for itself) are delivered at least
//! once, as events are: twice under duplicate delivery or as the faults say, and again after a
//! crash, from what it persisted. A toy lending context: lending an item schedules a check when
//! it falls due, and the check sends a reminder, once if the process manager remembers it did.

use std::sync::{Arc, Mutex};

use chrono::{TimeZone, Utc};
use domain::kernel::*;
use domain::{messages, record};
use serde::{Deserialize, Serialize};

record! {
    pub struct Lend { pub item_id: String }
}
record! {
    pub struct Remind { pub item_id: String }
}
record! {
    pub struct CheckDue { pub item_id: String }
}
record! {
    pub struct Lent { pub item_id: String }
}
record! {
    pub struct Reminded { pub item_id: String }
}

messages! {
    pub enum LendingCommand { Lend, Remind, CheckDue }
}
messages! {
    pub enum LendingEvent { Lent, Reminded }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Lending;

impl BoundedContext for Lending {
    type Command = LendingCommand;
    type Event = LendingEvent;
    const NAME: &'static str = "lending";
    fn wiring() -> Wiring<Self> {
        Wiring::new()
            .aggregate::<Item>()
            .process::<Reminders<GUARDED>>()
    }
    fn upcasters() -> Upcasters {
        Upcasters::default()
    }
}

/// An item lent and reminded of; it records whatever it is told.
struct Item;

impl Aggregate<Lending> for Item {
    const NAME: &'static str = "Item";
    const COMMANDS: &'static [&'static str] = &["Lend", "Remind"];
    const EVENTS: &'static [&'static str] = &["Lent", "Reminded"];
    type State = ();
    type View = NoView;

    fn command_stream(command: &LendingCommand) -> Option<Text> {
        match command {
            LendingCommand::Lend(c) => Some(c.item_id.as_str().into()),
            LendingCommand::Remind(c) => Some(c.item_id.as_str().into()),
            LendingCommand::CheckDue(_) => None,
        }
    }
    fn event_stream(event: &LendingEvent) -> Option<Text> {
        match event {
            LendingEvent::Lent(e) => Some(e.item_id.as_str().into()),
            LendingEvent::Reminded(e) => Some(e.item_id.as_str().into()),
        }
    }
    fn decide(
        _: &(),
        command: &LendingCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<LendingEvent>, Rejection> {
        match command {
            LendingCommand::Lend(c) => Ok(vec![Lent {
                item_id: c.item_id.clone(),
            }
            .into()]),
            LendingCommand::Remind(c) => Ok(vec![Reminded {
                item_id: c.item_id.clone(),
            }
            .into()]),
            LendingCommand::CheckDue(_) => Err(Rejection::new("not the item's")),
        }
    }
    fn evolve(state: (), _: &LendingEvent) {
        state
    }
}

/// Which guard keeps `Reminders` from reminding twice.
const UNGUARDED: u8 = 0;
/// Remembers it reminded, in what it persists.
const GUARDED: u8 = 1;
/// Remembers it reminded only in memory: the guard is lost on a restart.
const GUARD_NOT_PERSISTED: u8 = 2;

/// On an item lent (taken in once, by its position): check it in ten minutes. On the check:
/// remind, guarded as `GUARD` says.
struct Reminders<const GUARD: u8>;

#[derive(Default, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Watch {
    seen: u64,
    reminded: bool,
    #[serde(skip)]
    reminded_in_memory: bool,
}

impl Watch {
    fn reminded<const GUARD: u8>(&self) -> bool {
        match GUARD {
            GUARDED => self.reminded,
            GUARD_NOT_PERSISTED => self.reminded_in_memory,
            _ => false,
        }
    }
}

fn item_of(input: &Input<'_, Lending>) -> Option<Text> {
    match input {
        Input::Event(e) => match &e.message {
            LendingEvent::Lent(l) => Some(l.item_id.as_str().into()),
            LendingEvent::Reminded(_) => None,
        },
        Input::Command(c) => match &c.command {
            LendingCommand::CheckDue(c) => Some(c.item_id.as_str().into()),
            _ => None,
        },
    }
}

impl<const GUARD: u8> ProcessManager<Lending> for Reminders<GUARD> {
    const NAME: &'static str = "Reminders";
    const SUBSCRIBES: &'static [&'static str] = &["Lent"];
    const HANDLES: &'static [&'static str] = &["CheckDue"];
    type State = Watch;

    fn instance(input: &Input<'_, Lending>) -> Option<Text> {
        item_of(input)
    }
    fn react(
        state: &Watch,
        input: &Input<'_, Lending>,
        context: &ProcessContext,
    ) -> Vec<Outgoing<LendingCommand>> {
        let item_id = item_of(input).unwrap_or_default().to_string();
        match input {
            Input::Event(e) if is_news(e.sequence, state.seen) => vec![Outgoing::Schedule {
                at: context.now + minutes(10),
                command: CheckDue { item_id }.into(),
            }],
            Input::Command(_) if !state.reminded::<GUARD>() => {
                vec![Outgoing::Send(Remind { item_id }.into())]
            }
            _ => vec![],
        }
    }
    fn evolve(mut state: Watch, input: &Input<'_, Lending>, _: &ProcessContext) -> Watch {
        match input {
            Input::Event(e) => {
                take_news(&mut state.seen, e.sequence);
            }
            Input::Command(_) => {
                state.reminded = true;
                // Held only by the variant whose guard it is: held and not persisted, it is
                // what a restart tells, as it restarts the instance as another.
                state.reminded_in_memory = GUARD == GUARD_NOT_PERSISTED;
            }
        }
        state
    }
}

/// Logs every check it takes in and sends nothing: a repeat changes only what it persists, a
/// map keyed by pairs, which JSON cannot write, so it cannot restart once it holds a check.
struct CheckLog;

#[derive(Default, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Checks {
    seen: u64,
    log: std::collections::BTreeMap<(String, usize), bool>,
}

impl ProcessManager<Lending> for CheckLog {
    const NAME: &'static str = "Reminders";
    const SUBSCRIBES: &'static [&'static str] = &["Lent"];
    const HANDLES: &'static [&'static str] = &["CheckDue"];
    type State = Checks;

    fn instance(input: &Input<'_, Lending>) -> Option<Text> {
        item_of(input)
    }
    fn react(
        checks: &Checks,
        input: &Input<'_, Lending>,
        context: &ProcessContext,
    ) -> Vec<Outgoing<LendingCommand>> {
        match input {
            Input::Event(e) if is_news(e.sequence, checks.seen) => vec![Outgoing::Schedule {
                at: context.now + minutes(10),
                command: CheckDue {
                    item_id: item_of(input).unwrap_or_default().to_string(),
                }
                .into(),
            }],
            _ => vec![],
        }
    }
    fn evolve(mut checks: Checks, input: &Input<'_, Lending>, _: &ProcessContext) -> Checks {
        match input {
            Input::Event(e) => {
                take_news(&mut checks.seen, e.sequence);
            }
            Input::Command(_) => {
                let taken = checks.log.len();
                checks.log.insert(("check".into(), taken), true);
            }
        }
        checks
    }
}

fn with_process<P: ProcessManager<Lending>>() -> System<Lending> {
    let wiring = Wiring::new().aggregate::<Item>().process::<P>();
    System::from_parts(start(), wiring, Lending::upcasters()).unwrap()
}

fn start() -> Instant {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap()
}

/// Lends an item and lets its check fall due; the reminders sent, and the repeats the watch
/// found.
fn lend_and_check(system: &mut System<Lending>) -> (usize, Vec<String>) {
    system.watch_repeated_deliveries(true);
    system
        .send(
            Lend {
                item_id: "book-1".into(),
            }
            .into(),
        )
        .unwrap();
    system.advance(minutes(10));
    system.settle().unwrap();
    let reminders = system
        .journal()
        .sent(0)
        .filter(|(c, _)| matches!(c.command, LendingCommand::Remind(_)))
        .count();
    (reminders, system.take_repeat_violations())
}

/// Faults that deliver one message twice, and every other once.
struct Twice(&'static str);

impl Faults for Twice {
    fn copies(&mut self, _: &'static str, message: &'static str, _: &dyn Fn() -> About) -> usize {
        if message == self.0 {
            2
        } else {
            1
        }
    }
}

const SENT_AGAIN: &str = "Reminders sent Remind again when CheckDue was delivered again";

#[test]
fn a_timeout_the_faults_deliver_twice_reaches_the_process_managers_own_guard() {
    let run = |system: &mut System<Lending>, inbox: bool| {
        system.set_inbox(inbox);
        system.set_faults(Some(Box::new(Twice("CheckDue"))));
        lend_and_check(system)
    };
    // Without the inbox, only the process manager's own memory stops the second reminder.
    assert_eq!(
        run(&mut with_process::<Reminders<UNGUARDED>>(), false),
        (2, vec![SENT_AGAIN.to_string()])
    );
    assert_eq!(
        run(&mut with_process::<Reminders<GUARDED>>(), false),
        (1, vec![])
    );
    // With it, the repeat's id was handled, and nothing reaches the state machine.
    assert_eq!(
        run(&mut with_process::<Reminders<UNGUARDED>>(), true),
        (1, vec![])
    );
}

#[test]
fn duplicate_delivery_delivers_a_timeout_twice_too() {
    let run = |system: &mut System<Lending>| {
        system.set_inbox(false);
        system.set_duplicate_delivery(true);
        lend_and_check(system)
    };
    assert_eq!(
        run(&mut with_process::<Reminders<UNGUARDED>>()),
        (2, vec![SENT_AGAIN.to_string()])
    );
    assert_eq!(run(&mut with_process::<Reminders<GUARDED>>()), (1, vec![]));
}

/// Crashes a process manager after every first handling of a message (as the feature runner's
/// stored-form run does), and keeps what it was asked.
struct FirstHandlings(Arc<Mutex<Vec<(&'static str, bool)>>>);

impl Faults for FirstHandlings {
    fn crash(&mut self, process: &'static str, again: bool, _: &dyn Fn() -> About) -> bool {
        self.0.lock().unwrap().push((process, again));
        !again
    }
}

#[test]
fn after_a_crash_on_its_timeout_a_process_manager_restarts_and_takes_it_in_again() {
    let run = |system: &mut System<Lending>| {
        let asked = Arc::default();
        system.set_inbox(false);
        system.set_faults(Some(Box::new(FirstHandlings(Arc::clone(&asked)))));
        let outcome = lend_and_check(system);
        let asked = asked.lock().unwrap().clone();
        (outcome, asked, system.take_restart_failures())
    };
    // The lending, then the check: each crashed once, and came again as a repeat.
    let both_crashed = vec![
        ("Reminders", false),
        ("Reminders", true),
        ("Reminders", false),
        ("Reminders", true),
    ];
    assert_eq!(
        run(&mut with_process::<Reminders<GUARDED>>()),
        ((1, vec![]), both_crashed.clone(), vec![])
    );
    // A guard kept only in memory holds against a duplicate, and is lost on the restart: what
    // reads back is not what was held, which the restart says (it took the timeout in again as
    // another instance, and sent the reminder twice), and then nothing comes again.
    let mut forgetful = with_process::<Reminders<GUARD_NOT_PERSISTED>>();
    assert_eq!(
        run(&mut forgetful),
        (
            (1, vec![]),
            both_crashed[..3].to_vec(),
            vec![
                "Reminders crashed after taking in CheckDue and could not restart from what it \
                  persisted: its state reads back from what it persisted as Watch { seen: 1, \
                  reminded: true, reminded_in_memory: false }, where it held Watch { seen: 1, \
                  reminded: true, reminded_in_memory: true }: a field it holds is not persisted \
                  (`#[serde(skip)]`), or does not read back as it was written"
                    .to_string()
            ]
        )
    );
    let mut duplicated = with_process::<Reminders<GUARD_NOT_PERSISTED>>();
    duplicated.set_inbox(false);
    duplicated.set_duplicate_delivery(true);
    assert_eq!(lend_and_check(&mut duplicated), (1, vec![]));
}

#[test]
fn a_repeated_timeout_that_changes_only_what_is_persisted_is_caught() {
    let mut system = with_process::<CheckLog>();
    system.set_inbox(false);
    system.set_faults(Some(Box::new(Twice("CheckDue"))));
    assert_eq!(
        lend_and_check(&mut system),
        (
            0,
            vec!["Reminders changed what it persists when CheckDue was delivered again".into()]
        )
    );
}

#[test]
fn a_process_manager_that_cannot_restart_after_its_timeout_is_a_restart_failure() {
    let mut system = with_process::<CheckLog>();
    system.set_inbox(false);
    system.set_faults(Some(Box::new(FirstHandlings(Arc::default()))));
    lend_and_check(&mut system);
    assert_eq!(
        system.take_restart_failures(),
        vec![
            "Reminders crashed after taking in CheckDue and could not restart from what it \
             persisted: key must be a string"
                .to_string()
        ]
    );
}

#[test]
fn a_traced_run_tells_each_delivery_of_a_timeout_and_the_duplicate_fault() {
    let mut system = with_process::<Reminders<GUARDED>>();
    system.set_inbox(false);
    system.set_trace(true);
    system.set_faults(Some(Box::new(Twice("CheckDue"))));
    lend_and_check(&mut system);
    let told: Vec<String> = system
        .journal()
        .since(0)
        .iter()
        .filter_map(|entry| match entry {
            Entry::HandledCommand { by, command, again } => {
                Some(format!("{by} {} {again}", command.command.name()))
            }
            Entry::Fault(fault) => Some(fault.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        told,
        [
            "duplicate: CheckDue is delivered twice to Reminders",
            "Reminders CheckDue false",
            "Reminders CheckDue true"
        ]
    );
}
