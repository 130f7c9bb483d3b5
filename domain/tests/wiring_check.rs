//! The wiring check on a toy library context: each kind of mistake a developer can make in the
//! name lists (`COMMANDS`, `EVENTS`, `SUBSCRIBES`, `HANDLES`, `POSITIONS`) is refused when the system is
//! built, told with the component, the name and the nearest real name; what is shared on
//! purpose (an event of another system, an event two aggregates record) is accepted. The real
//! domains' wirings are checked here too, so a slip in them fails the workspace's tests.

use chrono::{TimeZone, Utc};
use domain::conference::ConferenceContext;
use domain::kernel::*;
use domain::store::StoreContext;
use domain::{messages, record};
use std::marker::PhantomData;

record! {
    pub struct Lend { pub book_id: String }
}
record! {
    pub struct Return { pub book_id: String }
}
record! {
    pub struct Check { pub book_id: String }
}
record! {
    pub struct BookLent { pub book_id: String }
}
record! {
    pub struct BookReturned { pub book_id: String }
}
record! {
    pub struct FineCharged { pub book_id: String }
}

messages! {
    pub enum LibraryCommand { Lend, Return, Check }
}
messages! {
    pub enum LibraryEvent { BookLent, BookReturned, FineCharged }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Library;

impl BoundedContext for Library {
    type Command = LibraryCommand;
    type Event = LibraryEvent;
    const NAME: &'static str = "library";
    fn wiring() -> Wiring<Self> {
        Wiring::new()
            .aggregate::<Book<Sound>>()
            .process::<Fines<Sound>>()
            .read_model::<Loans<Sound>>()
    }
}

/// The name lists of the toy's handlers, so that each test can get one of them wrong.
trait Lists: Default + Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static {
    const BOOK_COMMANDS: &'static [&'static str] = &["Lend", "Return"];
    const BOOK_EVENTS: &'static [&'static str] = &["BookLent", "BookReturned"];
    const FINES_SUBSCRIBES: &'static [&'static str] = &["BookLent"];
    const FINES_HANDLES: &'static [&'static str] = &["Check"];
    const LOANS_SUBSCRIBES: &'static [&'static str] = &["BookLent", "BookReturned"];
    const LOANS_POSITIONS: &'static [&'static str] = &[];
    const BOOK_RECORDED_WITH: &'static [(&'static str, &'static str)] = &[];
}

// A set of lists, with its changes from the sound ones. `Loans<L>` derives `Default` and friends only where `L` has them; the lists are types with
// nothing in them, so they have them all.
macro_rules! lists {
    ($name:ident { $($item:item)* }) => {
        #[derive(Default, Clone, Debug, PartialEq)]
        struct $name;
        impl Lists for $name { $($item)* }
    };
}

lists!(Sound {});

/// Every message of the toy is about one book.
fn book_of(payload: serde_json::Value) -> Option<Text> {
    payload["book_id"].as_str().map(Text::from)
}

struct Book<L>(PhantomData<L>);

impl<L: Lists> Aggregate<Library> for Book<L> {
    const NAME: &'static str = "Book";
    const COMMANDS: &'static [&'static str] = L::BOOK_COMMANDS;
    const EVENTS: &'static [&'static str] = L::BOOK_EVENTS;
    const RECORDED_WITH: &'static [(&'static str, &'static str)] = L::BOOK_RECORDED_WITH;
    type State = bool;
    type View = NoView;

    fn command_stream(command: &LibraryCommand) -> Option<Text> {
        book_of(command.payload())
    }
    fn event_stream(event: &LibraryEvent) -> Option<Text> {
        book_of(event.payload())
    }
    fn decide(
        _: &bool,
        command: &LibraryCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<LibraryEvent>, Rejection> {
        match command {
            LibraryCommand::Lend(c) => Ok(vec![BookLent {
                book_id: c.book_id.clone(),
            }
            .into()]),
            _ => Ok(vec![]),
        }
    }
    fn evolve(_: bool, event: &LibraryEvent) -> bool {
        matches!(event, LibraryEvent::BookLent(_))
    }
}

/// A second aggregate that records `BookReturned` too, in its own streams (a shelf's).
struct Shelf;

impl Aggregate<Library> for Shelf {
    const NAME: &'static str = "Shelf";
    const COMMANDS: &'static [&'static str] = &[];
    const EVENTS: &'static [&'static str] = &["BookReturned"];
    type State = u32;
    type View = NoView;

    fn command_stream(_: &LibraryCommand) -> Option<Text> {
        None
    }
    fn event_stream(_: &LibraryEvent) -> Option<Text> {
        Some("main".into())
    }
    fn decide(
        _: &u32,
        _: &LibraryCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<LibraryEvent>, Rejection> {
        Ok(vec![])
    }
    fn evolve(n: u32, _: &LibraryEvent) -> u32 {
        n + 1
    }
}

struct Fines<L>(PhantomData<L>);

impl<L: Lists> ProcessManager<Library> for Fines<L> {
    const NAME: &'static str = "Fines";
    const SUBSCRIBES: &'static [&'static str] = L::FINES_SUBSCRIBES;
    const HANDLES: &'static [&'static str] = L::FINES_HANDLES;
    type State = u32;

    fn instance(input: &Input<'_, Library>) -> Option<Text> {
        input.event().and_then(|e| book_of(e.payload()))
    }
    fn react(_: &u32, _: &Input<'_, Library>, _: &ProcessContext) -> Vec<Outgoing<LibraryCommand>> {
        vec![]
    }
    fn evolve(n: u32, _: &Input<'_, Library>, _: &ProcessContext) -> u32 {
        n + 1
    }
}

record! {
    pub struct Loan { pub lent: u32 }
}

#[derive(Default, Clone, Debug, PartialEq)]
struct Loans<L> {
    entries: Entries<Loan>,
    _lists: PhantomData<fn() -> L>,
}

impl<L: Lists> ReadModel<Library> for Loans<L> {
    const NAME: &'static str = "Loans";
    const SUBSCRIBES: &'static [&'static str] = L::LOANS_SUBSCRIBES;
    const POSITIONS: &'static [&'static str] = L::LOANS_POSITIONS;
    type Entry = Loan;
    fn apply(&mut self, event: &Envelope<LibraryEvent>) {
        if let LibraryEvent::BookLent(e) = &event.message {
            let entry = self.entries.entry(e.book_id.as_str().into());
            entry.or_insert(Box::new(Loan { lent: 0 })).lent += 1;
        }
    }
    fn entries(&self) -> &Entries<Loan> {
        &self.entries
    }
}

fn start() -> Instant {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap()
}

/// The toy's wiring with the lists of `L`.
fn wiring<L: Lists>() -> Wiring<Library> {
    Wiring::new()
        .aggregate::<Book<L>>()
        .process::<Fines<L>>()
        .read_model::<Loans<L>>()
}

/// The one mistake `wiring` has, as told.
fn the_mistake(wiring: Wiring<Library>) -> String {
    let error = wiring.check().expect_err("the wiring has a mistake");
    assert_eq!(error.mistakes.len(), 1, "{error}");
    error.to_string()
}

#[test]
fn the_real_domains_are_wired_soundly() {
    ConferenceContext::wiring().check().unwrap();
    StoreContext::wiring().check().unwrap();
    Library::wiring().check().unwrap();
}

#[test]
fn a_misspelt_subscription_is_refused_when_the_system_is_built_with_the_name_meant() {
    lists!(Misspelt {
        const FINES_SUBSCRIBES: &'static [&'static str] = &["BookLnet"];
    });
    let error = System::from_parts(start(), wiring::<Misspelt>(), Upcasters::default())
        .err()
        .expect("a misspelt subscription is refused");
    assert_eq!(
        error.mistakes,
        vec![WiringMistake::UnknownName {
            component: Component {
                kind: ComponentKind::ProcessManager,
                name: "Fines",
            },
            list: "SUBSCRIBES",
            name: "BookLnet",
            nearest: Some("BookLent"),
            other_kind: false,
        }]
    );
    assert_eq!(
        error.to_string(),
        "the wiring of the library context: the process manager Fines lists `BookLnet` in \
         SUBSCRIBES, but there is no event of that name; did you mean `BookLent`?"
    );
}

#[test]
fn a_name_far_from_every_message_is_refused_without_a_guess() {
    lists!(Stranger {
        const LOANS_SUBSCRIBES: &'static [&'static str] = &["BookLent", "Banana"];
    });
    assert_eq!(
        the_mistake(wiring::<Stranger>()),
        "the wiring of the library context: the read model Loans lists `Banana` in SUBSCRIBES, \
         but there is no event of that name"
    );
}

#[test]
fn an_event_listed_as_a_command_is_told_as_such() {
    lists!(Crossed {
        const BOOK_COMMANDS: &'static [&'static str] = &["Lend", "Return", "BookLent"];
    });
    assert_eq!(
        the_mistake(wiring::<Crossed>()),
        "the wiring of the library context: the aggregate Book lists `BookLent` in COMMANDS, but \
         `BookLent` is an event, not a command"
    );
}

#[test]
fn a_command_two_handlers_list_is_refused_naming_both() {
    lists!(Twice {
        const FINES_HANDLES: &'static [&'static str] = &["Check", "Lend"];
    });
    assert_eq!(
        the_mistake(wiring::<Twice>()),
        "the wiring of the library context: the command `Lend` is listed by both the aggregate \
         Book and the process manager Fines: a command has exactly one handler (only one of them \
         would be given it)"
    );
}

#[test]
fn a_command_no_handler_lists_is_refused_before_it_is_sent() {
    lists!(Orphan {
        const FINES_HANDLES: &'static [&'static str] = &[];
    });
    assert_eq!(
        the_mistake(wiring::<Orphan>()),
        "the wiring of the library context: the command `Check` is listed by no aggregate \
         (COMMANDS) and no process manager (HANDLES): sending it would fail at run time"
    );
}

#[test]
fn a_subscription_listed_twice_is_refused_as_a_second_delivery() {
    lists!(Repeated {
        const LOANS_SUBSCRIBES: &'static [&'static str] = &["BookLent", "BookReturned", "BookLent"];
    });
    assert_eq!(
        the_mistake(wiring::<Repeated>()),
        "the wiring of the library context: the read model Loans lists `BookLent` twice in \
         SUBSCRIBES (each entry is one more delivery of the event)"
    );
}

#[test]
fn events_recorded_together_must_be_the_aggregates_own_each_first_once() {
    // `FineCharged` is an event of the context, but no book records it.
    lists!(NotItsOwn {
        const BOOK_RECORDED_WITH: &'static [(&'static str, &'static str)] =
            &[("BookLent", "FineCharged")];
    });
    assert_eq!(
        the_mistake(wiring::<NotItsOwn>()),
        "the wiring of the library context: the aggregate Book lists `FineCharged` in \
         RECORDED_WITH, but `FineCharged` is not one of its EVENTS"
    );
    lists!(TwoPartners {
        const BOOK_RECORDED_WITH: &'static [(&'static str, &'static str)] =
            &[("BookLent", "BookReturned"), ("BookLent", "BookLent")];
    });
    assert_eq!(
        the_mistake(wiring::<TwoPartners>()),
        "the wiring of the library context: the aggregate Book lists `BookLent` twice in \
         RECORDED_WITH (as the first of two pairs: it owes two events right after it, and no \
         stream could give both)"
    );
    lists!(Together {
        const BOOK_RECORDED_WITH: &'static [(&'static str, &'static str)] =
            &[("BookLent", "BookReturned")];
    });
    wiring::<Together>().check().unwrap();
}

#[test]
fn a_position_that_is_no_field_of_the_entries_is_refused_with_the_field_meant() {
    lists!(Misplaced {
        const LOANS_POSITIONS: &'static [&'static str] = &["lnet"];
    });
    assert_eq!(
        the_mistake(wiring::<Misplaced>()),
        "the wiring of the library context: the read model Loans lists `lnet` in POSITIONS, but \
         its entries have no field of that name; did you mean `lent`?"
    );
    lists!(Placed {
        const LOANS_POSITIONS: &'static [&'static str] = &["lent"];
    });
    wiring::<Placed>().check().unwrap();
}

#[test]
fn a_handler_wired_twice_is_refused() {
    let twice = wiring::<Sound>().read_model::<Loans<Sound>>();
    assert_eq!(
        the_mistake(twice),
        "the wiring of the library context: the read model Loans is wired twice, or two share \
         its name (read models are looked up by name)"
    );
}

#[test]
fn every_mistake_is_told_at_once() {
    lists!(Sloppy {
        const BOOK_EVENTS: &'static [&'static str] = &["BookLent", "BookReturnd"];
        const FINES_HANDLES: &'static [&'static str] = &["Chek"];
    });
    let error = wiring::<Sloppy>().check().unwrap_err();
    assert_eq!(
        error.to_string(),
        "the wiring of the library context has 3 mistakes:\n  \
         - the aggregate Book lists `BookReturnd` in EVENTS, but there is no event of that name; \
         did you mean `BookReturned`?\n  \
         - the process manager Fines lists `Chek` in HANDLES, but there is no command of that \
         name; did you mean `Check`?\n  \
         - the command `Check` is listed by no aggregate (COMMANDS) and no process manager \
         (HANDLES): sending it would fail at run time"
    );
}

/// `FineCharged` is no aggregate's (another system's, published here); `BookReturned` is
/// recorded by both `Book` and `Shelf`, each in its own streams.
#[test]
fn an_event_of_another_system_and_an_event_two_aggregates_record_are_allowed() {
    let shared = wiring::<Sound>().aggregate::<Shelf>();
    let mut system = System::from_parts(start(), shared, Upcasters::default()).unwrap();
    let returned = LibraryEvent::from(BookReturned {
        book_id: "b-1".into(),
    });
    // Without a stream, the first aggregate in wiring order that names an instance.
    assert_eq!(
        system.stream_of(&returned).unwrap(),
        StreamId::new("Book", "b-1")
    );
    system
        .given(Some(StreamId::new("Shelf", "main")), returned.clone())
        .unwrap();
    system.given(None, returned).unwrap();
    assert_eq!(system.version(&StreamId::new("Shelf", "main")), 1);
    assert_eq!(system.version(&StreamId::new("Book", "b-1")), 1);
    let fine = LibraryEvent::from(FineCharged {
        book_id: "b-1".into(),
    });
    system
        .publish(Some(StreamId::new("Fees", "b-1")), fine)
        .unwrap();
    assert_eq!(system.store().log().len(), 3);
}

/// An upcaster that leads past the event's declared current version is refused with the
/// system, as a misspelt name is: it read no log wrong until one was verified, and then blamed
/// the log.
#[test]
fn an_upcaster_to_a_version_not_declared_current_is_refused_when_the_system_is_built() {
    fn same(
        v: serde_json::Value,
        _: &domain::kernel::Recorded,
    ) -> Result<serde_json::Value, String> {
        Ok(v)
    }
    let step = Upcaster {
        from: ("BookLent", 1),
        to: ("BookLent", 2),
        up: same,
        down: same,
        replaced_fields: &[],
    };
    let forgotten = Upcasters::default().step(step.clone());
    let error = System::from_parts(start(), wiring::<Sound>(), forgotten)
        .err()
        .expect("a step from the current form is refused");
    assert_eq!(
        error.to_string(),
        "the wiring of the library context: the upcaster from `BookLent` version 1 reads the \
         current form of `BookLent`: current events would be taken past it (declare the \
         version it leads to current)"
    );
    let declared = Upcasters::default().current("BookLent", 2).step(step);
    assert!(System::from_parts(start(), wiring::<Sound>(), declared).is_ok());
}
