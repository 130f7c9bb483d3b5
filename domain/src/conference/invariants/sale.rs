//! A conference's sale, from its own stream: the Conference read model shows every conference
//! its log created, and shows it on sale exactly when the log last put it on sale.

use crate::kernel::System;

use super::super::read_models::conference::ConferenceEntry;
use super::super::ConferenceContext;
use super::seats::{SeatLedger, SeatLedgers};
use super::{by_key, entries_of, CONFERENCE_READ_MODEL};

/// Where the Conference read model and the conferences' own streams disagree on what exists
/// and what is on sale.
pub(super) fn sale_violations(
    system: &System<ConferenceContext>,
    seats: &SeatLedgers,
) -> Vec<String> {
    let mut violations = Vec::new();
    let Some(entries) =
        entries_of::<ConferenceEntry>(system, CONFERENCE_READ_MODEL, &mut violations)
    else {
        return violations;
    };
    let created = seats
        .conferences
        .iter()
        .map(|(id, ledger)| (id, &**ledger))
        .filter(|(_, ledger)| ledger.on_sale.is_some());
    violations.extend(by_key(
        created,
        |conference_id, ledger: &SeatLedger, violations| {
            let on_sale = ledger.on_sale == Some(true);
            match entries.get(conference_id) {
                None => violations.push(format!(
                    "conference {conference_id} was created, but the Conference read model does \
                     not show it"
                )),
                Some(entry) if entry.is_published != on_sale => violations.push(format!(
                    "the Conference read model shows conference {conference_id} {}, but its \
                     stream {}",
                    match entry.is_published {
                        true => "on sale",
                        false => "off sale",
                    },
                    match on_sale {
                        true => "last put it on sale (ConferencePublished)",
                        false => "has it off sale (created, or ConferenceUnpublished last)",
                    }
                )),
                Some(_) => {}
            }
        },
    ));
    let never_created = entries
        .iter()
        .filter(|(id, _)| seats.of(id).is_none_or(|ledger| ledger.on_sale.is_none()));
    violations.extend(by_key(never_created, |conference_id, _, violations| {
        violations.push(format!(
            "the Conference read model shows conference {conference_id}, which its stream never \
             created"
        ))
    }));
    violations
}
