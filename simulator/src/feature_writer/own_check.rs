//! The simulator's own checks made on a written scenario. `gwt test` does not compare
//! aggregates with a replay or a snapshot, nor read models with a rebuild, nor read the log back
//! from older stored forms; when none of its runs sees a failure of such a check, the simulator
//! can still make that check on the scenario, to tell which Givens (and whether the When) the
//! failure needs and what the scenario itself gives.

use domain::kernel::{Message, System};

use crate::engine::{older_forms, rebuild_differs, stored_form_differs, Check};
use crate::simulation::Simulated;

/// What `check` finds wrong with `system`, a run of a written scenario, or `None` when it finds
/// nothing or is not a check the simulator can make on one run (the others are `gwt test`'s
/// own).
pub(super) fn own_check<C: Simulated>(check: Check, system: &System<C>) -> Option<String> {
    match check {
        Check::Rebuild => rebuild_differs(system, &system.rebuild_read_models()),
        // The stream and both states, as the simulation names them: "Order differs from a
        // replay of the log" named neither the order nor what differs. The whole aggregate is
        // compared after, for what no one stream shows (its view of other events).
        Check::Replay => {
            crate::stream_checks::every_stream_at_every_point(system, |c| c == Check::Replay)
                .map(|(_, message)| message)
                .or_else(|| {
                    let differing = system.aggregates_differing_from_replay();
                    (!differing.is_empty()).then(|| {
                        format!("{} differs from a replay of the log", differing.join(", "))
                    })
                })
        }
        // Every stream at every point: a point drawn as the simulation draws it moves as the
        // Givens are cut, and could miss what another point shows.
        Check::Snapshot => {
            crate::stream_checks::every_stream_at_every_point(system, |c| c == Check::Snapshot)
                .map(|(_, message)| message)
        }
        // Every event in every older form it has: a history draws one form per event, and the
        // form drawn moves as the Givens are cut.
        Check::StoredForms => {
            let older = older_forms::<C>(system.upcasters());
            system.store().log().iter().find_map(|e| {
                older
                    .get(e.message.name())?
                    .iter()
                    .find_map(|&form| stored_form_differs(system, e, form))
            })
        }
        Check::Invariant
        | Check::RepeatedDelivery
        | Check::LongAfter
        | Check::Recordable
        | Check::Restart => None,
    }
}
