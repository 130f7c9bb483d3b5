//! The steps themselves: one dispatcher per keyword recognises the phrase and runs it on every
//! run of the scenario. Nothing here knows a domain; messages are found in the catalog by name.

mod attachments;
mod givens;
mod order;
mod thens;
mod time;

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use domain::kernel::MessageKind;

use crate::diagnostics::Located;
use crate::diff::check_entry;
use crate::doc_strings::{doc_entry, in_doc_entry};
use crate::phrases::{recognise_in, Phrase};
use crate::snapshots;
use crate::tables::{self, doc_entry_expectation, entry_expectation};
use crate::world::{outcome_of, GwtWorld, Stimulus};
use attachments::check_attachments;
use givens::{given_events, one_message, stimulus};
use order::{
    as_its_keyword, as_written, check_order, continued_out_of_order, in_background_only_givens,
};
use thens::{messages_seen, names, no_entry, read_model_fields, rejected};
use time::{check_clock_reach, minutes_pass};

#[given(regex = r"^.+$")]
fn given_step(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    dispatch(world, step)
}

#[when(regex = r"^.+$")]
fn when_step(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    dispatch(world, step)
}

#[then(regex = r"^.+$")]
fn then_step(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    dispatch(world, step)
}

fn dispatch(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    let resolved = as_its_keyword(world, step);
    let step = resolved.as_ref().unwrap_or(step);
    dispatch_step(world, step).map_err(|mut e| {
        if let Some(row) = &world.examples_row {
            e.message = format!("in the {row}: {}", e.message);
        }
        e
    })
}

fn dispatch_step(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    world.step_line = step.position.line;
    in_background_only_givens(world, step)?;
    // Steps are named back in the file's keywords (`Alors …` in French).
    let dialect = world.source.dialect();
    if world.missing_then == Some(step.position.line) {
        run_step(world, step)?;
        let then = dialect.step_prefix("Then");
        return Err(world.source.at_step(
            step,
            format!(
                "a scenario says what must follow its When, and this one has no Then: it checks \
                 nothing, and would pass whatever the domain did (expected a Then after it, such \
                 as `{then}these events are recorded:`, `{then}no events are recorded`, \
                 `{then}the command is rejected` or `{then}the read model <Name> for <id> is:`)"
            ),
        ));
    }
    let Some(crate::world::MissingWhen {
        at: (line, column),
        in_description,
        ..
    }) = world
        .missing_when
        .clone()
        .filter(|m| m.fail_at == step.position.line)
    else {
        return run_step(world, step);
    };
    let when_word = dialect.step_word("When");
    let message = match in_description {
        // The author wrote one: where it went is what they need, not the phrases.
        Some((at, written, meant)) => format!(
            "a scenario has exactly one {when_word}, and this one has none that Gherkin reads: \
             `{written}` (line {at}) is read as description text, and Gherkin drops it; did you \
             mean `{meant}`?"
        ),
        None => {
            let when = dialect.step_prefix("When");
            format!(
                "a scenario has exactly one {when_word}, and this one has none: expected \
                 `{when}the command is sent:`, `{when}the event is published:` or `{when}<N> \
                 minutes pass` (or hours or days) before its {} steps",
                dialect.step_word("Then")
            )
        }
    };
    let missing = Located {
        file: world.source.file(),
        line,
        column,
        message,
    };
    // At a Then, the missing When is the mistake; at the last step of a scenario with no Then,
    // that step's own mistake comes first.
    if step.ty != cucumber::gherkin::StepType::Then {
        run_step(world, step)?;
    }
    Err(missing)
}

fn run_step(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    check_order(world, step)?;
    let dialect = world.source.dialect();
    // The step's own keyword as written, unless it continues another's (an And, told as the
    // keyword it is read as: see `as_written`).
    let own = !dialect.continues(&step.keyword);
    let word = |ty| match ty == step.ty && own {
        true => step.keyword.clone(),
        false => dialect.prefix_of(ty).to_string(),
    };
    let kind = |ty| dialect.prefix_of(ty).trim_end().to_string();
    let phrase = recognise_in(step.ty, &step.value, &word, &kind).map_err(|e| {
        continued_out_of_order(world, step)
            .unwrap_or_else(|| world.source.at_step(step, as_written(dialect, step, e)))
    })?;
    check_attachments(world, step, &phrase)?;
    let Some(catalog) = world.catalog() else {
        return Err(world
            .source
            .at_step(step, "no domain was chosen for this run (use `--domain`)"));
    };
    let at_step = |world: &GwtWorld, e: String| world.source.at_step(step, e);
    match phrase {
        Phrase::GivenEvents { version } => given_events(world, step, &catalog, version),
        Phrase::GivenNoEvents => Ok(()),
        Phrase::GivenTime(text) => {
            let now = tables::instant(&text).map_err(|e| {
                let e = match crate::near_misses::instant_within(&text) {
                    Some(t) => format!("{e}; did you mean `Given the time is {t}`?"),
                    None => e,
                };
                at_step(world, e)
            })?;
            world
                .runs
                .iter_mut()
                .try_for_each(|run| run.runtime.set_given_clock(now))
                .map_err(|e| at_step(world, e))
        }
        Phrase::WhenCommand { settle } => {
            let message = one_message(world, step, &catalog, MessageKind::Command)?;
            stimulus(world, step, Some(&message), settle, |run| {
                let m = &message;
                let outcome = outcome_of(run.runtime.send(&m.name, m.payload.clone()))?;
                run.outcome = Some(outcome);
                Ok(())
            })
        }
        Phrase::WhenEvent { settle } => {
            let message = one_message(world, step, &catalog, MessageKind::Event)?;
            crate::streams::check_named_stream(world, step, &catalog, &message, None)?;
            stimulus(world, step, Some(&message), settle, |run| {
                run.runtime.publish(
                    message.stream.clone(),
                    &message.name,
                    message.payload.clone(),
                )?;
                run.outcome = Some(Stimulus::Event);
                Ok(())
            })
        }
        Phrase::WhenTimePasses {
            minutes,
            unit,
            settle,
        } => {
            check_clock_reach(world, step, minutes, unit)?;
            minutes_pass(world, step, minutes, settle)
        }

        Phrase::EventsRecorded { any_order } => messages_seen(
            world,
            step,
            &catalog,
            MessageKind::Event,
            any_order,
            |run| run.runtime.recorded(run.mark),
        ),
        Phrase::NoEventsRecorded => world
            .check_runs(|run| {
                if let Some(Stimulus::Command(Err(reason))) = &run.outcome {
                    let past = run.sent_in_the_past_to_the_when();
                    return Err(format!("the command was rejected: {reason}{past}"));
                }
                // A command refused after the stimulus recorded nothing too, but the step says
                // every command was accepted; a refusal no step could see would pass unseen.
                let recorded = run.runtime.recorded(run.mark);
                if let Some((command, reason)) = run.rejected_after_stimulus().first() {
                    // What was recorded before it, if anything, is said too.
                    let and_recorded = match recorded.is_empty() {
                        true => String::new(),
                        false => format!(
                            "; and these were recorded: {}",
                            names(recorded.iter().map(|e| e.name))
                        ),
                    };
                    return Err(format!(
                        "{} was rejected after the When: {reason}{and_recorded}{}",
                        command.name,
                        run.sent_in_the_past_to(command, reason)
                    ));
                }
                if recorded.is_empty() {
                    Ok(())
                } else {
                    Err(format!(
                        "expected no events, but these were recorded: {}",
                        names(recorded.iter().map(|e| e.name))
                    ))
                }
            })
            .map_err(|e| at_step(world, e)),
        Phrase::CommandsSent { any_order } => messages_seen(
            world,
            step,
            &catalog,
            MessageKind::Command,
            any_order,
            |run| run.runtime.sent(run.mark),
        ),
        Phrase::NoCommandsSent => world
            .check_runs(|run| {
                let sent = run.runtime.sent(run.mark);
                if sent.is_empty() {
                    Ok(())
                } else {
                    Err(format!(
                        "expected no commands, but these were sent: {}",
                        names(sent.iter().map(|c| c.name))
                    ))
                }
            })
            .map_err(|e| at_step(world, e)),
        Phrase::Rejected { with } => {
            // The When named as the file writes it (`Quand`).
            let when = world.source.dialect().step_prefix("When");
            world
                .check_runs(|run| rejected(run, with.as_deref(), when))
                .map_err(|e| at_step(world, e))
        }
        Phrase::ReadModelIs { name, key } => {
            let fields = read_model_fields(&catalog, &name).map_err(|e| at_step(world, e))?;
            let expected = match &step.table {
                Some(table) => entry_expectation(&fields, &name, &table.rows)
                    .map_err(|e| world.source.at_cell(step, &e))?,
                None => {
                    let (entry, keys) = doc_entry(world, step, &name)?;
                    doc_entry_expectation(&fields, &name, &entry, &keys)
                        .map_err(|e| in_doc_entry(world, step, e))?
                }
            };
            world
                .check_runs(|run| match run.runtime.read_model(&name, &key) {
                    Some(actual) => check_entry(&name, &key, &expected, &actual)
                        .map_err(|e| run.with_rejection(e)),
                    None => Err(run.with_rejection(no_entry(run, &name, &key))),
                })
                .map_err(|e| at_step(world, e))
        }
        Phrase::ReadModelHasNoEntry { name, key } => {
            let fields = read_model_fields(&catalog, &name).map_err(|e| at_step(world, e))?;
            world
                .check_runs(|run| match run.runtime.read_model(&name, &key) {
                    Some(entry) => Err(format!(
                        "the read model {name} has an entry for {key}:\n{}",
                        crate::diff::entry_fields(&fields, &entry)
                    )),
                    None => Ok(()),
                })
                .map_err(|e| at_step(world, e))
        }
        Phrase::ReadModelSnapshot { name, key } => {
            read_model_fields(&catalog, &name).map_err(|e| at_step(world, e))?;
            snapshots::read_model(world, &name, &key).map_err(|e| at_step(world, e))
        }
        Phrase::OutcomeSnapshot => snapshots::outcome(world).map_err(|e| at_step(world, e)),
        Phrase::InvariantsHold => world
            .check_runs(|run| match run.runtime.broken_invariants() {
                None => Err(format!(
                    "the {} domain declares no invariants to check",
                    catalog.domain
                )),
                Some(broken) if broken.is_empty() => Ok(()),
                Some(broken) => Err(format!(
                    "the domain's invariants do not hold:\n  - {}",
                    broken.join("\n  - ")
                )),
            })
            .map_err(|e| at_step(world, e)),
        Phrase::InvariantsHoldLongAfter => world
            .check_runs(|run| match run.runtime.broken_long_after() {
                None => Err(format!(
                    "the {} domain declares no invariants, or nothing to judge long after",
                    catalog.domain
                )),
                Some((_, broken)) if broken.is_empty() => Ok(()),
                Some((minutes, broken)) => Err(format!(
                    "long after the scenario ({} later, what was due by then delivered and the \
                     system settled), the domain's invariants do not hold:\n  - {}",
                    crate::phrases::time_in_words(minutes),
                    broken.join("\n  - ")
                )),
            })
            .map_err(|e| at_step(world, e)),
    }
}
