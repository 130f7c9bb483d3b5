//! The upcasters a context declares, checked with its wiring: a step that leads to no current
//! form, or a current version declared without the step to it, reads nothing wrong until a log
//! of that form is verified, and then blames the log (a step to version 2 of an event left
//! current at version 1 had the simulator index past the end of the event's older forms).

use super::{nearest, Upcasters};

/// One mistake in the declared upcasters, as the wiring check tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpcastersMistake {
    /// `.current` names no event of the context, or version 0.
    Current {
        event_type: &'static str,
        version: u32,
        nearest: Option<&'static str>,
    },
    /// A step whose form it leads to is neither current nor read on by another step.
    LeadsNowhere {
        from: (&'static str, u32),
        to: (&'static str, u32),
        /// The version `to`'s event is current at, when it is an event of the context.
        current: Option<u32>,
        nearest: Option<&'static str>,
    },
    /// A step to a version no newer than the one it reads, under the same name.
    NotNewer {
        from: (&'static str, u32),
        to: (&'static str, u32),
    },
    /// A step from the current form of an event: stored forms of it would be taken past it.
    FromCurrent { from: (&'static str, u32) },
    /// Two steps read the same form: only the first would ever be taken.
    Repeated { from: (&'static str, u32) },
}

impl std::fmt::Display for UpcastersMistake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let form = |(name, version): (&str, u32)| format!("`{name}` version {version}");
        let meant = |nearest: &Option<&str>| match nearest {
            Some(name) => format!("; did you mean `{name}`?"),
            None => String::new(),
        };
        match self {
            UpcastersMistake::Current {
                event_type,
                version: 0,
                ..
            } => write!(
                f,
                "the upcasters declare `{event_type}` current at version 0, but versions count \
                 from 1"
            ),
            UpcastersMistake::Current {
                event_type,
                version,
                nearest,
            } => write!(
                f,
                "the upcasters declare `{event_type}` current at version {version}, but there is \
                 no event of that name{}",
                meant(nearest)
            ),
            UpcastersMistake::LeadsNowhere {
                from,
                to,
                current: Some(current),
                ..
            } => write!(
                f,
                "the upcaster from {} leads to {}, but `{}` is current at version {current} \
                 and no step reads on from version {}: declare `.current(\"{}\", {})`",
                form(*from),
                form(*to),
                to.0,
                to.1,
                to.0,
                to.1
            ),
            UpcastersMistake::LeadsNowhere {
                from, to, nearest, ..
            } => write!(
                f,
                "the upcaster from {} leads to {}, but there is no event of that name and no \
                 step reads on from it{}",
                form(*from),
                form(*to),
                meant(nearest)
            ),
            UpcastersMistake::NotNewer { from, to } => write!(
                f,
                "the upcaster from {} leads to version {}: a step leads to a newer version",
                form(*from),
                to.1
            ),
            UpcastersMistake::FromCurrent { from } => write!(
                f,
                "the upcaster from {} reads the current form of `{}`: current events would be \
                 taken past it (declare the version it leads to current)",
                form(*from),
                from.0
            ),
            UpcastersMistake::Repeated { from } => write!(
                f,
                "two upcasters read {}: only the first would ever be taken",
                form(*from)
            ),
        }
    }
}

/// Every mistake in `upcasters`, whose context has the events `events`.
pub fn upcasters_mistakes(
    upcasters: &Upcasters,
    events: &'static [&'static str],
) -> Vec<UpcastersMistake> {
    let mut mistakes = Vec::new();
    let mut declared: Vec<(&'static str, u32)> = upcasters.current_versions().collect();
    // In a fixed order: the declarations are kept in a hash map.
    declared.sort_unstable();
    for (event_type, version) in declared {
        if version == 0 || !events.contains(&event_type) {
            mistakes.push(UpcastersMistake::Current {
                event_type,
                version,
                nearest: nearest(event_type, events.iter().copied()),
            });
        }
    }
    let steps = upcasters.steps();
    let current = |(name, version): (&str, u32)| {
        events.contains(&name) && upcasters.current_version(name) == version
    };
    for (i, step) in steps.iter().enumerate() {
        if steps[..i].iter().any(|s| s.from == step.from) {
            mistakes.push(UpcastersMistake::Repeated { from: step.from });
            continue;
        }
        if step.from.0 == step.to.0 && step.to.1 <= step.from.1 {
            mistakes.push(UpcastersMistake::NotNewer {
                from: step.from,
                to: step.to,
            });
            continue;
        }
        if current(step.from) {
            mistakes.push(UpcastersMistake::FromCurrent { from: step.from });
            continue;
        }
        if !current(step.to) && !steps.iter().any(|s| s.from == step.to) {
            let known = events.contains(&step.to.0);
            mistakes.push(UpcastersMistake::LeadsNowhere {
                from: step.from,
                to: step.to,
                current: known.then(|| upcasters.current_version(step.to.0)),
                nearest: match known {
                    true => None,
                    false => nearest(step.to.0, events.iter().copied()),
                },
            });
        }
    }
    mistakes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::Upcaster;
    use serde_json::Value;

    fn same(v: Value, _: &crate::kernel::Recorded) -> Result<Value, String> {
        Ok(v)
    }

    fn step(from: (&'static str, u32), to: (&'static str, u32)) -> Upcaster {
        Upcaster {
            from,
            to,
            up: same,
            down: same,
            replaced_fields: &[],
        }
    }

    const EVENTS: &[&str] = &["OrderPlaced", "OrderConfirmed"];

    fn told(upcasters: Upcasters) -> Vec<String> {
        upcasters_mistakes(&upcasters, EVENTS)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_chain_to_the_current_forms_and_a_rename_are_sound() {
        let sound = Upcasters::default()
            .current("OrderPlaced", 3)
            .current("OrderConfirmed", 2)
            .step(step(("OrderPlaced", 1), ("OrderPlaced", 2)))
            .step(step(("OrderPlaced", 2), ("OrderPlaced", 3)))
            .step(step(("OrderPaymentConfirmed", 1), ("OrderConfirmed", 2)));
        assert_eq!(told(sound), Vec::<String>::new());
    }

    #[test]
    fn a_step_to_a_version_left_uncurrent_is_told_with_the_declaration_it_needs() {
        let forgotten = Upcasters::default().step(step(("OrderPlaced", 1), ("OrderPlaced", 2)));
        assert_eq!(
            told(forgotten),
            [
                "the upcaster from `OrderPlaced` version 1 reads the current form of \
              `OrderPlaced`: current events would be taken past it (declare the version it \
              leads to current)"
            ]
        );
        let short = Upcasters::default()
            .current("OrderPlaced", 3)
            .step(step(("OrderPlaced", 1), ("OrderPlaced", 2)));
        assert_eq!(
            told(short),
            [
                "the upcaster from `OrderPlaced` version 1 leads to `OrderPlaced` version 2, but \
              `OrderPlaced` is current at version 3 and no step reads on from version 2: \
              declare `.current(\"OrderPlaced\", 2)`"
            ]
        );
    }

    #[test]
    fn misnamed_repeated_and_backward_steps_are_told() {
        let wrong = Upcasters::default()
            .current("OrderPlacd", 2)
            .current("OrderConfirmed", 0)
            .step(step(("OrderPaymentConfirmed", 1), ("OrderConfirmd", 2)))
            .step(step(("OrderPaymentConfirmed", 1), ("OrderConfirmed", 2)))
            .step(step(("OrderPlaced", 3), ("OrderPlaced", 2)));
        assert_eq!(
            told(wrong),
            [
                "the upcasters declare `OrderConfirmed` current at version 0, but versions \
                 count from 1",
                "the upcasters declare `OrderPlacd` current at version 2, but there is no \
                 event of that name; did you mean `OrderPlaced`?",
                "the upcaster from `OrderPaymentConfirmed` version 1 leads to `OrderConfirmd` \
                 version 2, but there is no event of that name and no step reads on from it; \
                 did you mean `OrderConfirmed`?",
                "two upcasters read `OrderPaymentConfirmed` version 1: only the first would \
                 ever be taken",
                "the upcaster from `OrderPlaced` version 3 leads to version 2: a step leads to \
                 a newer version",
            ]
        );
    }
}
