//! Time passing in a When, and how far the clock can go.

use cucumber::gherkin::Step;

use super::givens::stimulus;
use crate::diagnostics::Located;

use crate::phrases::TimeUnit;
use crate::world::{GwtWorld, Stimulus};

pub(super) fn minutes_pass(
    world: &mut GwtWorld,
    step: &Step,
    minutes: i64,
    settle: bool,
) -> Result<(), Located> {
    stimulus(world, step, None, settle, |run| {
        run.outcome = Some(Stimulus::Time);
        // Settling only once the clock stood at the target would record what follows from each
        // timeout at the target rather than when it fell due.
        match settle {
            true => run.runtime.advance_and_settle(minutes),
            false => {
                run.runtime.advance(minutes);
                Ok(())
            }
        }
    })
}

/// The clock holds instants up to the year 262143; time passing beyond that cannot be run. How
/// far it can still go is said in minutes, and in the step's own unit when it counts in hours or
/// days.
pub(super) fn check_clock_reach(
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
            domain::kernel::instant_text(now)
        ),
    ))
}
