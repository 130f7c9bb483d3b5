//! The steps themselves: one dispatcher per keyword recognises the phrase and runs it on every
//! run of the scenario. Nothing here knows a domain; messages are found in the catalog by name.

use cucumber::gherkin::{Step, StepType};
use cucumber::{given, then, when};
use domain::kernel::{Catalog, MessageKind};
use serde_json::Value;
use std::collections::BTreeSet;

use crate::diagnostics::Located;
use crate::diff::{check_entry, check_messages, Seen};
use crate::doc_strings::{doc_array, doc_entry, in_doc_message};
use crate::phrases::{recognise, Phrase, TimeUnit};
use crate::tables::{
    self, doc_entry_expectation, doc_expectations, entry_expectation, expectations, input_messages,
    CellError, InputMessage,
};
use crate::world::{in_run, outcome_of, GwtWorld, Run, Stimulus};
use crate::{snapshots, tables::doc_messages};

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
            e.message = format!("in the Examples row at {row}: {}", e.message);
        }
        e
    })
}

fn dispatch_step(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    world.step_line = step.position.line;
    in_background_only_givens(world, step)?;
    let Some(((line, column), _)) = world
        .missing_when
        .filter(|&(_, fail_at)| fail_at == step.position.line)
    else {
        return run_step(world, step);
    };
    let missing = Located {
        file: world.source.file(),
        line,
        column,
        message: "a scenario has exactly one When, and this one has none: expected \
                  `When the command is sent:`, `When the event is published:` or \
                  `When <N> minutes pass` (or hours or days) before its Then steps"
            .into(),
    };
    // At a Then, the missing When is the mistake; at the last step of a scenario with no Then,
    // that step's own mistake comes first.
    if step.ty != cucumber::gherkin::StepType::Then {
        run_step(world, step)?;
    }
    Err(missing)
}

/// A Background sets the scene every scenario starts from: DSL.md has its Given steps add up
/// with each scenario's own. A When there was taken as each scenario's When (and a scenario
/// without one of its own passed, having been given one unseen); a Then, as each scenario's
/// check of that When.
fn in_background_only_givens(world: &GwtWorld, step: &Step) -> Result<(), Located> {
    if step.ty == StepType::Given || !world.background_lines.contains(&step.position.line) {
        return Ok(());
    }
    let keyword = crate::phrases::keyword(step.ty);
    Err(world.source.at_step(
        step,
        format!(
            "a Background holds only Given steps (what already happened before each scenario), \
             and this is a {keyword} step: write it in each scenario instead"
        ),
    ))
}

/// A scenario reads as DSL.md orders it: its Givens, then one When, then its Thens. A step out
/// of that order would run against a state the author did not mean (a Then before the When
/// checks nothing the When did; a Given after it is not "what already happened").
fn check_order(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    let misplaced = misplaced(world, step.ty);
    if step.ty == StepType::Then && world.then_line.is_none() {
        world.then_line = Some(step.position.line);
    }
    match misplaced {
        Some(what) => Err(world.source.at_step(step, format!("{what}: {ORDER}"))),
        None => Ok(()),
    }
}

const ORDER: &str = "a scenario lists its Given steps, then one When, then its Then steps";

/// Why a step of type `ty` is out of order where the scenario stands, if it is.
fn misplaced(world: &GwtWorld, ty: StepType) -> Option<String> {
    use StepType::{Given, Then, When};
    match (ty, world.when_line, world.then_line) {
        (Given, Some(line), _) => Some(format!("this Given comes after the When (line {line})")),
        (Given, None, Some(line)) => Some(format!("this Given comes after a Then (line {line})")),
        (When, _, Some(line)) => Some(format!("this When comes after a Then (line {line})")),
        // Without any When, the missing When is reported instead (see `dispatch`).
        (Then, None, _) if world.missing_when.is_none() => {
            Some("this Then comes before the When".to_string())
        }
        _ => None,
    }
}

/// The keyword, other than the one Gherkin gave the step, whose phrase it is.
fn other_keyword_of(step: &Step) -> Option<StepType> {
    [StepType::Given, StepType::When, StepType::Then]
        .into_iter()
        .filter(|&ty| ty != step.ty)
        .find(|&ty| recognise(ty, &step.value).is_ok())
}

/// A `*` step as the keyword its phrase belongs to, when that is not the one Gherkin gave it
/// (the step before's, or Given when first) and it stands in order there: Gherkin lets `*` stand
/// for any keyword, and our phrases each belong to one, so `* the command is sent:` is a When.
fn star_as_its_phrase(world: &GwtWorld, step: &Step) -> Option<Step> {
    if step.keyword.trim() != "*" || recognise(step.ty, &step.value).is_ok() {
        return None;
    }
    let ty = other_keyword_of(step)?;
    // Out of order, it is reported as such (see `continued_out_of_order`).
    if misplaced(world, ty).is_some() {
        return None;
    }
    let mut resolved = step.clone();
    resolved.ty = ty;
    Some(resolved)
}

/// The step as the keyword it stands for, when that is not the one Gherkin gave it: a `*` step
/// its phrase's (`star_as_its_phrase`), and an `And` or `But` after one the keyword that `*` step
/// stood for. Gherkin gives a step after a `*` the `*`'s own keyword (the one before it, or
/// Given), so `* the command is sent:` then `And no commands are sent` read as a Given.
fn as_its_keyword(world: &mut GwtWorld, step: &Step) -> Option<Step> {
    match step.keyword.trim() {
        "*" => {
            let resolved = star_as_its_phrase(world, step);
            world.continued = Some(resolved.as_ref().map_or(step.ty, |s| s.ty));
            resolved
        }
        "And" | "But" => world.continued.filter(|&ty| ty != step.ty).map(|ty| {
            let mut continued = step.clone();
            continued.ty = ty;
            continued
        }),
        _ => {
            world.continued = None;
            None
        }
    }
}

/// An `And`, `But` or `*` step that is no step of the keyword it continues but is one of
/// another, placed out of order (`And the time is …` after a Then): the order is the mistake,
/// not the phrase, and Gherkin has already called it a Then.
fn continued_out_of_order(world: &GwtWorld, step: &Step) -> Option<Located> {
    if !matches!(step.keyword.trim(), "And" | "But" | "*") {
        return None;
    }
    let ty = other_keyword_of(step)?;
    let what = misplaced(world, ty)?;
    let keyword = crate::phrases::keyword(ty);
    Some(world.source.at_step(
        step,
        format!(
            "`{} {}` is a {keyword} step, and {what}: {ORDER}",
            step.keyword.trim(),
            step.value.trim()
        ),
    ))
}

/// A table or doc string under a step that reads none would be ignored, and what the author
/// wrote there never checked; a step given both would use one and ignore the other.
fn check_attachments(world: &GwtWorld, step: &Step, phrase: &Phrase) -> Result<(), Located> {
    let keyword = crate::phrases::keyword(step.ty);
    let what = match (&step.table, &step.docstring) {
        // Gherkin reads a table after a doc string (the other order is no Gherkin at all, and
        // is reported as the file is read, in the same words): the table is the one too many.
        (Some(table), Some(_)) if phrase.takes_table() => {
            let mut at = world.source.at_step(
                step,
                "a step takes a table or a doc string, not both: keep one of them",
            );
            (at.line, at.column) = (table.position.line, table.position.col);
            return Err(at);
        }
        (Some(_), _) => "a table",
        (None, Some(_)) => "a doc string",
        (None, None) => return Ok(()),
    };
    if phrase.takes_table() {
        return Ok(());
    }
    // A step of the same keyword that reads one, since the author meant a step of that kind.
    let instead = match step.ty {
        StepType::Given => "Given the events:",
        StepType::When => "When the command is sent:",
        StepType::Then => "Then these events are recorded:",
    };
    let mut at = world.source.at_step(
        step,
        format!(
            "`{keyword} {}` takes no table or doc string, but {what} is under it: remove it, \
             or use a step that reads one (such as `{instead}`)",
            step.value.trim()
        ),
    );
    if let Some(table) = &step.table {
        at.line = table.position.line;
        at.column = table.position.col;
    } else {
        at.line = step.position.line + 1;
        at.column = world.source.text_column(at.line).unwrap_or(at.column);
    }
    Err(at)
}

/// An unknown step's error in the author's keyword: `But 1 minute passes` was told as `Given 1
/// minute passes`, a step no one wrote (Gherkin reads an `And` or `But` as the keyword it
/// continues, and Given when it continues none).
fn as_written(step: &Step, error: String) -> String {
    let written = step.keyword.trim();
    if !matches!(written, "And" | "But") {
        return error;
    }
    let read_as = crate::phrases::keyword(step.ty);
    let told = format!("unknown step `{read_as} {}`", step.value.trim());
    match error.strip_prefix(&told) {
        Some(rest) => format!(
            "unknown step `{written} {}` (read as `{read_as} {}`: And and But continue the \
             keyword of the step before them, and a scenario's first step is a Given){rest}",
            step.value.trim(),
            step.value.trim()
        ),
        None => error,
    }
}

fn run_step(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    check_order(world, step)?;
    let phrase = recognise(step.ty, &step.value).map_err(|e| {
        continued_out_of_order(world, step)
            .unwrap_or_else(|| world.source.at_step(step, as_written(step, e)))
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
                    return Err(format!("the command was rejected: {reason}"));
                }
                // A command refused after the stimulus recorded nothing too, but the step says
                // every command was accepted; a refusal no step could see would pass unseen.
                if let Some((command, reason)) = run.rejected_after_stimulus().first() {
                    return Err(format!(
                        "{} was rejected after the When: {reason}",
                        command.name
                    ));
                }
                let recorded = run.runtime.recorded(run.mark);
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
        Phrase::Rejected { with } => world
            .check_runs(|run| rejected(run, with.as_deref()))
            .map_err(|e| at_step(world, e)),
        Phrase::ReadModelIs { name, key } => {
            let fields = read_model_fields(&catalog, &name).map_err(|e| at_step(world, e))?;
            let expected = match &step.table {
                Some(table) => entry_expectation(&fields, &name, &table.rows)
                    .map_err(|e| world.source.at_cell(step, &e))?,
                None => {
                    let (entry, keys) = doc_entry(world, step, &name)?;
                    doc_entry_expectation(&fields, &name, &entry, &keys).map_err(|e| {
                        world
                            .source
                            .at_step(step, format!("in the doc string: {e}"))
                    })?
                }
            };
            world
                .check_runs(|run| match run.runtime.read_model(&name, &key) {
                    Some(actual) => check_entry(&name, &key, &expected, &actual),
                    None => Err(no_entry(run, &name, &key)),
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
                    "long after the scenario ({} later, what was scheduled delivered and the \
                     system settled), the domain's invariants do not hold:\n  - {}",
                    crate::phrases::time_in_words(minutes),
                    broken.join("\n  - ")
                )),
            })
            .map_err(|e| at_step(world, e)),
    }
}

fn minutes_pass(
    world: &mut GwtWorld,
    step: &Step,
    minutes: i64,
    settle: bool,
) -> Result<(), Located> {
    stimulus(world, step, None, settle, |run| {
        run.runtime.advance(minutes);
        run.outcome = Some(Stimulus::Time);
        Ok(())
    })
}

/// The clock holds instants up to the year 262143; time passing beyond that cannot be run. How
/// far it can still go is said in minutes, and in the step's own unit when it counts in hours or
/// days.
fn check_clock_reach(
    world: &GwtWorld,
    step: &Step,
    minutes: i64,
    unit: TimeUnit,
) -> Result<(), Located> {
    let Some(run) = world.runs.first() else {
        return Ok(());
    };
    let now = run.runtime.now();
    let reached = chrono::TimeDelta::try_minutes(minutes).and_then(|d| now.checked_add_signed(d));
    if reached.is_some() {
        return Ok(());
    }
    let most = domain::kernel::minutes_left(now);
    let in_unit = match unit {
        TimeUnit::Minutes => String::new(),
        unit => format!(" ({} {})", most / unit.minutes(), unit.name()),
    };
    Err(world.source.at_step(
        step,
        format!(
            "`When {}` is too far in the future: the clock is at {} and can go on at most {most} \
             minutes{in_unit}",
            step.value.trim(),
            now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
        ),
    ))
}

/// A Then that lists the events recorded or the commands sent: in every run, what `seen` gives
/// must match the step's table.
fn messages_seen<S: Seen>(
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
                .map_err(|e| with_rejection(run, e))
        })
        .map_err(|e| world.source.at_step(step, e))
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

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

fn given_events(
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
            run.runtime.restarted()
        });
        result.map_err(|e| at_message(world, step, m, e))?;
    }
    Ok(())
}

fn one_message(
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
        return Err(world.source.at_step(
            step,
            format!(
                "a When step takes exactly one {word}, but {} are given",
                messages.len()
            ),
        ));
    }
    Ok(messages.remove(0))
}

fn stimulus(
    world: &mut GwtWorld,
    step: &Step,
    message: Option<&InputMessage>,
    settle: bool,
    mut apply: impl FnMut(&mut Run) -> Result<(), String>,
) -> Result<(), Located> {
    if let Some(line) = world.when_line {
        return Err(world.source.at_step(
            step,
            format!("a scenario has exactly one When, and it already has one (line {line})"),
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
        run.runtime.restarted()
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

fn with_rejection(run: &Run, report: String) -> String {
    match &run.outcome {
        Some(Stimulus::Command(Err(reason))) => {
            format!("the command was rejected ({reason}), and {report}")
        }
        _ => report,
    }
}

fn rejected(run: &Run, with: Option<&str>) -> Result<(), String> {
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
                (false, true) => Err(
                    "no command was rejected: no command handled after the When \
                     was refused (with `When the command is sent:`, the command is the one sent)"
                        .into(),
                ),
                (false, false) => Err(format!(
                    "the commands rejected after the When were rejected with {}, none of which \
                     contains \"{}\"",
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

fn read_model_fields(
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

fn no_entry(run: &Run, name: &str, key: &str) -> String {
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
