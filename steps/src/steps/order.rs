//! Where a step stands and which keyword it is: Givens, then one When, then Thens, a `*` step
//! as its phrase's keyword and an `And` or `But` as the one it continues, each mistake of order
//! told in the author's keywords.

use cucumber::gherkin::{Step, StepType};

use crate::diagnostics::Located;
use crate::dialect::Dialect;
use crate::phrases::recognise;
use crate::world::GwtWorld;

/// A Background sets the scene every scenario starts from: DSL.md has its Given steps add up
/// with each scenario's own. A When there was taken as each scenario's When (and a scenario
/// without one of its own passed, having been given one unseen); a Then, as each scenario's
/// check of that When.
pub(super) fn in_background_only_givens(world: &GwtWorld, step: &Step) -> Result<(), Located> {
    if step.ty == StepType::Given || !world.background_lines.contains(&step.position.line) {
        return Ok(());
    }
    let d = world.source.dialect();
    Err(world.source.at_step(
        step,
        format!(
            "a {} holds only {} steps (what already happened before each scenario), and this is \
             a {} step: write it in each scenario instead",
            d.word(crate::dialect::Block::Background),
            d.step_word("Given"),
            d.prefix_of(step.ty).trim_end()
        ),
    ))
}

/// A scenario reads as DSL.md orders it: its Givens, then one When, then its Thens. A step out
/// of that order would run against a state the author did not mean (a Then before the When
/// checks nothing the When did; a Given after it is not "what already happened").
pub(super) fn check_order(world: &mut GwtWorld, step: &Step) -> Result<(), Located> {
    let misplaced = misplaced(world, step.ty);
    if step.ty == StepType::Then && world.then_line.is_none() {
        world.then_line = Some(step.position.line);
    }
    match misplaced {
        Some(what) => Err(world
            .source
            .at_step(step, format!("{what}: {}", order(world.source.dialect())))),
        None => Ok(()),
    }
}

/// The order DSL.md gives a scenario's steps, in the file's keywords.
fn order(d: &Dialect) -> String {
    format!(
        "a scenario lists its {} steps, then one {}, then its {} steps",
        d.step_word("Given"),
        d.step_word("When"),
        d.step_word("Then")
    )
}

/// Why a step of type `ty` is out of order where the scenario stands, if it is, in the file's
/// keywords.
fn misplaced(world: &GwtWorld, ty: StepType) -> Option<String> {
    use StepType::{Given, Then, When};
    // The keywords are looked up only for a step out of order: every step asks.
    let d = world.source.dialect();
    let (given, when, then) = (
        || d.step_word("Given"),
        || d.step_word("When"),
        || d.step_word("Then"),
    );
    match (ty, world.when_line, world.then_line) {
        (Given, Some(line), _) => Some(format!(
            "this {} comes after the {} (line {line})",
            given(),
            when()
        )),
        (Given, None, Some(line)) => Some(format!(
            "this {} comes after a {} (line {line})",
            given(),
            then()
        )),
        (When, _, Some(line)) => Some(format!(
            "this {} comes after a {} (line {line})",
            when(),
            then()
        )),
        // Without any When, the missing When is reported instead (see `dispatch`).
        (Then, None, _) if world.missing_when.is_none() => {
            Some(format!("this {} comes before the {}", then(), when()))
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
pub(super) fn as_its_keyword(world: &mut GwtWorld, step: &Step) -> Option<Step> {
    match step.keyword.trim() {
        "*" => {
            let resolved = star_as_its_phrase(world, step);
            world.continued = Some(resolved.as_ref().map_or(step.ty, |s| s.ty));
            resolved
        }
        written if world.source.dialect().continues(written) => {
            world.continued.filter(|&ty| ty != step.ty).map(|ty| {
                let mut continued = step.clone();
                continued.ty = ty;
                continued
            })
        }
        _ => {
            world.continued = None;
            None
        }
    }
}

/// An `And`, `But` or `*` step that is no step of the keyword it continues but is one of
/// another, placed out of order (`And the time is …` after a Then): the order is the mistake,
/// not the phrase, and Gherkin has already called it a Then.
pub(super) fn continued_out_of_order(world: &GwtWorld, step: &Step) -> Option<Located> {
    let written = step.keyword.trim();
    if written != "*" && !world.source.dialect().continues(written) {
        return None;
    }
    let ty = other_keyword_of(step)?;
    let what = misplaced(world, ty)?;
    let d = world.source.dialect();
    let keyword = d.step_word(crate::phrases::keyword(ty));
    Some(world.source.at_step(
        step,
        format!(
            "`{} {}` is a {keyword} step, and {what}: {}",
            step.keyword.trim(),
            step.value.trim(),
            order(d)
        ),
    ))
}

/// An unknown step's error in the author's keyword: `But 1 minute passes` was told as `Given 1
/// minute passes`, a step no one wrote (Gherkin reads an `And` or `But` as the keyword it
/// continues, and Given when it continues none).
pub(super) fn as_written(dialect: &Dialect, step: &Step, error: String) -> String {
    let written = &step.keyword;
    if !dialect.continues(written) {
        return error;
    }
    let read_as = dialect.prefix_of(step.ty);
    let told = format!("unknown step `{read_as}{}`", step.value.trim());
    // Read as a Given, it may have continued nothing: said only then.
    let first = match step.ty {
        cucumber::gherkin::StepType::Given => {
            format!(
                ", and a scenario's first step is a {}",
                dialect.step_word("Given")
            )
        }
        _ => String::new(),
    };
    match error.strip_prefix(&told) {
        Some(rest) => format!(
            "unknown step `{written}{}` (read as `{read_as}{}`: {} and {} continue the keyword \
             of the step before them{first}){rest}",
            step.value.trim(),
            step.value.trim(),
            dialect.step_word("And"),
            dialect.step_word("But"),
        ),
        None => error,
    }
}
