//! The wiring of a bounded context, checked once when its `System` is built. Handlers declare
//! the messages they take by name (`COMMANDS`, `EVENTS`, `SUBSCRIBES`, `HANDLES`), and a name
//! that is wrong routes nothing and says nothing at run time: a process manager subscribed to a
//! misspelt event never hears it, the second of two handlers of one command is never asked. So
//! every such mistake is found before anything runs, and told with the component, the name and
//! the nearest real name.
//!
//! What is checked:
//! - every name listed is a message of the context's enums, of the kind the list holds;
//! - every field a read model lists in `POSITIONS` is a field of its entries;
//! - no list names a message twice (a read model subscribed twice would fold each event twice);
//! - the events an aggregate's decisions record together (`RECORDED_WITH`) are its own, each
//!   first of a pair once;
//! - every command of the context has exactly one handler, an aggregate or a process manager;
//! - no two aggregates, process managers or read models share a name (streams, faults and
//!   read-model lookups go by name, so the second would never be found);
//! - every upcaster leads, step by step, to a current form, and every declared current version
//!   is of an event of the context (see `upcasters_check`).
//!
//! What is allowed on purpose:
//! - an event no aggregate records: another system's event, published into this context
//!   (`System::publish`, or a Given naming its stream); it may stand in any stream no aggregate
//!   owns;
//! - an event several aggregates record, each in its own streams; a Given written without its
//!   stream goes to the first of them, in wiring order, that names an instance for it;
//! - an event no one subscribes to, or one that several process managers and read models hear;
//! - an aggregate and a read model of the same name (the conference's `Conference`): streams
//!   and read models are looked up apart.

use super::upcasters_check::{upcasters_mistakes, UpcastersMistake};
use super::{nearest, with_article, BoundedContext, Message, Upcasters, Wiring};

/// What kind of handler a component of the wiring is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComponentKind {
    Aggregate,
    ProcessManager,
    ReadModel,
}

/// One handler of the wiring, as a mistake names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Component {
    pub kind: ComponentKind,
    pub name: &'static str,
}

impl std::fmt::Display for Component {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            ComponentKind::Aggregate => "aggregate",
            ComponentKind::ProcessManager => "process manager",
            ComponentKind::ReadModel => "read model",
        };
        write!(f, "the {kind} {}", self.name)
    }
}

/// One mistake of a context's wiring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WiringMistake {
    /// A name listed in `list` (`SUBSCRIBES`) that is no message of the kind the list holds.
    /// `other_kind` when it is a message of the other kind (an event listed as a command).
    UnknownName {
        component: Component,
        list: &'static str,
        name: &'static str,
        nearest: Option<&'static str>,
        other_kind: bool,
    },
    /// A name listed twice in one list.
    Repeated {
        component: Component,
        list: &'static str,
        name: &'static str,
    },
    /// A command two handlers list: only the first would ever be given it.
    TwoHandlers {
        command: &'static str,
        first: Component,
        second: Component,
    },
    /// A command of the context no handler lists: sending it would fail at run time.
    Unhandled { command: &'static str },
    /// Two components of one kind under one name.
    SameName { component: Component },
    /// A field listed in a read model's `POSITIONS` that its entries do not have.
    UnknownField {
        component: Component,
        name: &'static str,
        nearest: Option<&'static str>,
    },
    /// An event an aggregate lists in `RECORDED_WITH` that is not one of its `EVENTS`: the pair
    /// would never be met, or would hold another aggregate's stream to it.
    NotRecorded {
        component: Component,
        name: &'static str,
    },
    /// A mistake in the context's upcasters (`BoundedContext::upcasters`).
    Upcasters(UpcastersMistake),
}

impl std::fmt::Display for WiringMistake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WiringMistake::UnknownName {
                component,
                list,
                name,
                nearest,
                other_kind,
            } => {
                let kind = kind_of(list);
                write!(f, "{component} lists `{name}` in {list}, ")?;
                if *other_kind {
                    let other = match kind {
                        "command" => "event",
                        _ => "command",
                    };
                    return write!(
                        f,
                        "but `{name}` is {}, not {}",
                        with_article(other),
                        with_article(kind)
                    );
                }
                write!(f, "but there is no {kind} of that name")?;
                match nearest {
                    Some(meant) => write!(f, "; did you mean `{meant}`?"),
                    None => Ok(()),
                }
            }
            WiringMistake::Repeated {
                component,
                list,
                name,
            } => {
                let effect = match *list {
                    "SUBSCRIBES" => "each entry is one more delivery of the event",
                    "RECORDED_WITH" => {
                        "as the first of two pairs: it owes two events right \
                                        after it, and no stream could give both"
                    }
                    _ => "once is enough",
                };
                write!(f, "{component} lists `{name}` twice in {list} ({effect})")
            }
            WiringMistake::NotRecorded { component, name } => write!(
                f,
                "{component} lists `{name}` in RECORDED_WITH, but `{name}` is not one of its \
                 EVENTS"
            ),
            WiringMistake::TwoHandlers {
                command,
                first,
                second,
            } => write!(
                f,
                "the command `{command}` is listed by both {first} and {second}: a command has \
                 exactly one handler (only one of them would be given it)"
            ),
            WiringMistake::Unhandled { command } => write!(
                f,
                "the command `{command}` is listed by no aggregate (COMMANDS) and no process \
                 manager (HANDLES): sending it would fail at run time"
            ),
            WiringMistake::UnknownField {
                component,
                name,
                nearest,
            } => {
                write!(
                    f,
                    "{component} lists `{name}` in POSITIONS, but its entries have no field of \
                     that name"
                )?;
                match nearest {
                    Some(meant) => write!(f, "; did you mean `{meant}`?"),
                    None => Ok(()),
                }
            }
            WiringMistake::Upcasters(mistake) => write!(f, "{mistake}"),
            WiringMistake::SameName { component } => {
                let why = match component.kind {
                    ComponentKind::Aggregate => "an aggregate's name is the kind of its streams",
                    ComponentKind::ProcessManager => "process managers are told apart by name",
                    ComponentKind::ReadModel => "read models are looked up by name",
                };
                write!(
                    f,
                    "{component} is wired twice, or two share its name ({why})"
                )
            }
        }
    }
}

/// The kind of message a list holds.
fn kind_of(list: &str) -> &'static str {
    match list {
        "COMMANDS" | "HANDLES" => "command",
        _ => "event",
    }
}

/// Every mistake of a context's wiring, in the order of its components.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct WiringError {
    /// The context's name (`conference`).
    pub context: &'static str,
    pub mistakes: Vec<WiringMistake>,
}

impl std::fmt::Display for WiringError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.mistakes.as_slice() {
            [one] => write!(f, "the wiring of the {} context: {one}", self.context),
            many => {
                write!(
                    f,
                    "the wiring of the {} context has {} mistakes:",
                    self.context,
                    many.len()
                )?;
                for m in many {
                    write!(f, "\n  - {m}")?;
                }
                Ok(())
            }
        }
    }
}

impl<C: BoundedContext> Wiring<C> {
    /// Every mistake of this wiring (see the module's documentation), or `Ok` when there is none;
    /// the context's own upcasters are checked with it.
    pub fn check(&self) -> Result<(), WiringError> {
        self.check_with(&C::upcasters())
    }

    /// `check`, with `upcasters` checked for the context's upcasters.
    pub fn check_with(&self, upcasters: &Upcasters) -> Result<(), WiringError> {
        let commands = C::Command::names();
        let events = C::Event::names();
        let mut mistakes = Vec::new();
        let mut lists: Vec<(Component, &'static str, &'static [&'static str])> = Vec::new();
        for a in &self.aggregates {
            let component = Component {
                kind: ComponentKind::Aggregate,
                name: a.name(),
            };
            lists.push((component, "COMMANDS", a.commands()));
            lists.push((component, "EVENTS", a.events()));
            let pairs = a.recorded_with();
            for (i, &(first, then)) in pairs.iter().enumerate() {
                for name in [first, then] {
                    if !a.events().contains(&name) {
                        mistakes.push(WiringMistake::NotRecorded { component, name });
                    }
                }
                // A first with two partners owes both right after it: never met.
                if pairs[..i].iter().any(|&(earlier, _)| earlier == first) {
                    mistakes.push(WiringMistake::Repeated {
                        component,
                        list: "RECORDED_WITH",
                        name: first,
                    });
                }
            }
        }
        for p in &self.processes {
            let component = Component {
                kind: ComponentKind::ProcessManager,
                name: p.name(),
            };
            lists.push((component, "SUBSCRIBES", p.subscribes()));
            lists.push((component, "HANDLES", p.handles()));
        }
        for r in &self.read_models {
            let component = Component {
                kind: ComponentKind::ReadModel,
                name: r.name(),
            };
            lists.push((component, "SUBSCRIBES", r.subscribes()));
            let fields = r.fields();
            for &name in r.positions() {
                if !fields.iter().any(|f| f.name == name) {
                    mistakes.push(WiringMistake::UnknownField {
                        component,
                        name,
                        nearest: nearest(name, fields.iter().map(|f| f.name)),
                    });
                }
            }
        }

        for &(component, list, names) in &lists {
            let (own, other) = match kind_of(list) {
                "command" => (commands, events),
                _ => (events, commands),
            };
            for (i, &name) in names.iter().enumerate() {
                if !own.contains(&name) {
                    mistakes.push(WiringMistake::UnknownName {
                        component,
                        list,
                        name,
                        nearest: nearest(name, own.iter().copied()),
                        other_kind: other.contains(&name),
                    });
                } else if names[..i].contains(&name) {
                    mistakes.push(WiringMistake::Repeated {
                        component,
                        list,
                        name,
                    });
                }
            }
        }

        // Counted from the wiring itself: aggregates and process managers have two lists each.
        let mut named: Vec<Component> = Vec::new();
        let all = self
            .aggregates
            .iter()
            .map(|a| (ComponentKind::Aggregate, a.name()))
            .chain(
                self.processes
                    .iter()
                    .map(|p| (ComponentKind::ProcessManager, p.name())),
            )
            .chain(
                self.read_models
                    .iter()
                    .map(|r| (ComponentKind::ReadModel, r.name())),
            );
        for (kind, name) in all {
            let component = Component { kind, name };
            if named.contains(&component) {
                mistakes.push(WiringMistake::SameName { component });
            } else {
                named.push(component);
            }
        }

        for &command in commands {
            let mut handlers = lists
                .iter()
                .filter(|(_, list, names)| kind_of(list) == "command" && names.contains(&command))
                .map(|(component, _, _)| *component);
            match (handlers.next(), handlers.next()) {
                (None, _) => mistakes.push(WiringMistake::Unhandled { command }),
                (Some(first), Some(second)) => mistakes.push(WiringMistake::TwoHandlers {
                    command,
                    first,
                    second,
                }),
                (Some(_), None) => {}
            }
        }

        mistakes.extend(
            upcasters_mistakes(upcasters, events)
                .into_iter()
                .map(WiringMistake::Upcasters),
        );

        match mistakes.is_empty() {
            true => Ok(()),
            false => Err(WiringError {
                context: C::NAME,
                mistakes,
            }),
        }
    }
}
