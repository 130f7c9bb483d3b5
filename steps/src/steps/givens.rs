//! The Givens and the When's message: rows and doc strings read into messages, loaded into every
//! run or sent to it, the past the same in every run.

use cucumber::gherkin::Step;
use domain::kernel::{Catalog, MessageKind};
use serde_json::Value;
use std::collections::BTreeSet;

use crate::diagnostics::Located;

use crate::doc_strings::{doc_array, in_doc_message};
use crate::tables::doc_messages;
use crate::tables::{input_messages, CellError, InputMessage};
use crate::world::{in_run, GwtWorld, Run};

/// The messages under a step, from its table or its doc string.
fn messages_of(
    world: &GwtWorld,
    step: &Step,
    catalog: &Catalog,
    kind: MessageKind,
    version: Option<u32>,
) -> Result<Vec<InputMessage>, Located> {
    if let Some(table) = &step.table {
        return input_messages(catalog, kind, &table.rows, version)
            .map_err(|e| world.source.at_cell(step, &e));
    }
    let (items, _) = doc_array(world, step, kind)?;
    doc_messages(catalog, kind, &items, version).map_err(|e| in_doc_message(world, step, e))
}

/// Where a message came from, to point an error at it.
fn at_message(world: &GwtWorld, step: &Step, m: &InputMessage, message: String) -> Located {
    if step.table.is_some() {
        world.source.at_cell(
            step,
            &CellError {
                row: m.row,
                column: 0,
                message,
            },
        )
    } else {
        in_doc_message(world, step, (m.row, message).into())
    }
}

pub(super) fn given_events(
    world: &mut GwtWorld,
    step: &Step,
    catalog: &Catalog,
    version: Option<u32>,
) -> Result<(), Located> {
    let messages = messages_of(world, step, catalog, MessageKind::Event, version)?;
    for m in &messages {
        crate::streams::check_named_stream(world, step, catalog, m, version)?;
        let result = world.each_run(|run| {
            match version {
                None => run
                    .runtime
                    .given(m.stream.clone(), &m.name, m.payload.clone()),
                Some(v) => {
                    run.runtime
                        .given_stored(m.stream.clone(), &m.name, v, m.payload.clone())
                }
            }?;
            run.runtime.restarted()?;
            run.runtime.repeats_changed_nothing()
        });
        result.map_err(|e| at_message(world, step, m, e))?;
    }
    Ok(())
}

pub(super) fn one_message(
    world: &GwtWorld,
    step: &Step,
    catalog: &Catalog,
    kind: MessageKind,
) -> Result<InputMessage, Located> {
    let mut messages = messages_of(world, step, catalog, kind, None)?;
    if messages.len() != 1 {
        let word = match kind {
            MessageKind::Command => "command",
            MessageKind::Event => "event",
        };
        let message = format!(
            "a {} step takes exactly one {word}, but {} are given",
            world.source.dialect().step_word("When"),
            messages.len()
        );
        // Placed at the second message, the first one too many, where there is one.
        return Err(match (messages.len(), &step.table) {
            (0 | 1, _) => world.source.at_step(step, message),
            (_, Some(_)) => world.source.at_cell(
                step,
                &crate::tables::CellError {
                    row: 2,
                    column: 0,
                    message,
                },
            ),
            (_, None) => crate::doc_strings::in_doc_message(
                world,
                step,
                crate::tables::DocMistake {
                    item: 1,
                    key: None,
                    message,
                },
            ),
        });
    }
    Ok(messages.remove(0))
}

pub(super) fn stimulus(
    world: &mut GwtWorld,
    step: &Step,
    message: Option<&InputMessage>,
    settle: bool,
    mut apply: impl FnMut(&mut Run) -> Result<(), String>,
) -> Result<(), Located> {
    if let Some(line) = world.when_line {
        return Err(world.source.at_step(
            step,
            format!(
                "a scenario has exactly one {}, and it already has one (line {line})",
                world.source.dialect().step_word("When")
            ),
        ));
    }
    world.when_line = Some(step.position.line);
    // Read once, for the outcome snapshot and for comparing the implicit runs with the plain one.
    let keep_entries = world.wants_outcome || world.runs.len() > 1;
    for run in &mut world.runs {
        run.entries_before = keep_entries.then(|| run.entries());
    }
    same_past_in_every_run(world).map_err(|e| world.source.at_step(step, e))?;
    let result = world.each_run(|run| {
        run.mark = run.runtime.mark();
        apply(run)?;
        if settle {
            run.runtime.settle()?;
        }
        run.runtime.restarted()?;
        run.runtime.repeats_changed_nothing()
    });
    result.map_err(|e| match message {
        Some(m) => at_message(world, step, m, e),
        None => world.source.at_step(step, e),
    })
}

/// Before the When, every run must have made of the Givens the read models the scenario as
/// written made. Checked only after the When, a fault in the Givens can cancel one in the When
/// out: a read model that counts every repeated delivery again counts `+6` twice in the Givens
/// and `-6` twice in the When, and ends where the plain run does.
fn same_past_in_every_run(world: &GwtWorld) -> Result<(), String> {
    let Some((plain, others)) = world.runs.split_first() else {
        return Ok(());
    };
    // Recorded as the When arrives, in every run, whenever there is more than one.
    let Some(expected) = &plain.entries_before else {
        return Ok(());
    };
    let show = |entry: Option<&Value>| entry.map_or("no entry".to_string(), Value::to_string);
    // The first difference of each run: each run's kind of fault is a finding of its own.
    let differences: Vec<String> = others
        .iter()
        .filter_map(|run| {
            let actual = run.entries_before.as_ref()?;
            let keys: BTreeSet<_> = expected.keys().chain(actual.keys()).collect();
            let key @ (name, id) = keys
                .into_iter()
                .find(|&key| expected.get(key) != actual.get(key))?;
            Some(in_run(
                run.kind,
                format!(
                    "after the Givens, before the When, the read model {name} for {id} is {}, \
                     where the scenario as written has {}",
                    show(actual.get(key)),
                    show(expected.get(key))
                ),
            ))
        })
        .collect();
    match differences.is_empty() {
        true => Ok(()),
        false => Err(differences.join("\n")),
    }
}
