//! The Thens: what was recorded and sent, a rejection, and a read model's entry, judged in every
//! run and told side by side.

use cucumber::gherkin::Step;
use domain::kernel::{Catalog, MessageKind};

use crate::diagnostics::Located;
use crate::diff::{check_messages, Seen};
use crate::doc_strings::{doc_array, in_doc_message};
use crate::tables::{doc_expectations, expectations};
use crate::world::{GwtWorld, Run, Stimulus};

/// A Then that lists the events recorded or the commands sent: in every run, what `seen` gives
/// must match the step's table.
pub(super) fn messages_seen<S: Seen>(
    world: &GwtWorld,
    step: &Step,
    catalog: &Catalog,
    kind: MessageKind,
    any_order: bool,
    seen: impl Fn(&Run) -> Vec<S>,
) -> Result<(), Located> {
    let what = match kind {
        MessageKind::Event => "events",
        MessageKind::Command => "commands",
    };
    let expected = match &step.table {
        Some(table) => {
            expectations(catalog, kind, &table.rows).map_err(|e| world.source.at_cell(step, &e))?
        }
        None => {
            let (items, keys) = doc_array(world, step, kind)?;
            doc_expectations(catalog, kind, &items, &keys)
                .map_err(|e| in_doc_message(world, step, e))?
        }
    };
    world
        .check_runs(|run| {
            check_messages(what, catalog, &expected, &seen(run), any_order)
                .map_err(|e| run.with_rejection(e))
        })
        .map_err(|e| world.source.at_step(step, e))
}

pub(super) fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

pub(super) fn rejected(run: &Run, with: Option<&str>, when: &str) -> Result<(), String> {
    match &run.outcome {
        Some(Stimulus::Command(Err(reason))) => match with {
            Some(text) if !reason.contains(text) => Err(format!(
                "the command was rejected with \"{reason}\", which does not contain \"{text}\""
            )),
            _ => Ok(()),
        },
        Some(Stimulus::Command(Ok(()))) => {
            let recorded = run.runtime.recorded(run.mark);
            Err(if recorded.is_empty() {
                "the command was accepted (it recorded nothing)".to_string()
            } else {
                format!(
                    "the command was accepted and recorded: {}",
                    names(recorded.iter().map(|e| e.name))
                )
            })
        }
        // After an event or time, the commands that followed are the ones that can be refused:
        // a process manager's, sent as the system settled, or one delivered as time passed.
        _ => {
            let rejected = run.rejected_after_stimulus();
            let matching = rejected
                .iter()
                .any(|(_, reason)| with.is_none_or(|text| reason.contains(text)));
            match (matching, rejected.is_empty()) {
                (true, _) => Ok(()),
                (false, true) => Err(format!(
                    "no command was rejected: no command handled after the {} was refused \
                     (with `{when}the command is sent:`, the command is the one sent)",
                    when.trim()
                )),
                (false, false) => Err(format!(
                    "the commands rejected after the {} were rejected with {}, none of which \
                     contains \"{}\"",
                    when.trim(),
                    rejected
                        .iter()
                        .map(|(c, reason)| format!("\"{reason}\" ({})", c.name))
                        .collect::<Vec<_>>()
                        .join(", "),
                    with.unwrap_or_default()
                )),
            }
        }
    }
}

pub(super) fn read_model_fields(
    catalog: &Catalog,
    name: &str,
) -> Result<Vec<domain::kernel::FieldSpec>, String> {
    match catalog.read_models.iter().find(|r| r.name == name) {
        Some(r) => Ok(r.fields.clone()),
        None => {
            let hint = domain::kernel::nearest(name, catalog.read_models.iter().map(|r| r.name))
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_else(|| {
                    format!(
                        " (known read models: {})",
                        names(catalog.read_models.iter().map(|r| r.name))
                    )
                });
            Err(format!(
                "unknown read model `{name}`{hint}{}",
                crate::world::known_elsewhere(name, true)
            ))
        }
    }
}

pub(super) fn no_entry(run: &Run, name: &str, key: &str) -> String {
    let keys = run.runtime.read_model_keys(name);
    let hint = domain::kernel::nearest(key, keys.iter().map(String::as_str))
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    let known = if keys.is_empty() {
        "it has no entries".to_string()
    } else {
        format!("its entries: {}", keys.join(", "))
    };
    format!("the read model {name} has no entry for {key} ({known}){hint}")
}
