//! The Givens a written feature needs: of the events recorded before the step that broke a
//! history, only the streams without which the step would show something else. Every history
//! runs on a scene of two conferences; a feature about one order on one of them reads better,
//! and says more, without the other.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use domain::kernel::{Envelope, Instant, Message, StreamId, System};
use serde_json::Value;

use crate::engine::{apply, Variant};
use crate::simulation::{Simulated, Step};

/// A read model's entry by read model and key, as JSON.
pub type Entries = BTreeMap<(String, String), Value>;

/// The scenario a feature is written about: its clock and its When, replayed on Givens.
pub struct Scenario<'a, C: Simulated> {
    pub start: Instant,
    pub now: Instant,
    pub stimulus: &'a Step<C>,
    /// Entries the step changed when it broke the history (under faults): the feature shows
    /// them whichever Givens it keeps, so what they hold must not change either.
    pub also: &'a BTreeSet<(String, String)>,
}

/// What a scenario shows of its step on one variant of the context: the commands refused, the
/// events recorded, the commands sent, the read-model entries the step changed, and the
/// invariants broken after it.
#[derive(PartialEq, Debug)]
struct Shown {
    refused: Vec<(String, String)>,
    recorded: Vec<(String, Value)>,
    sent: Vec<(String, Value, Option<Instant>)>,
    entries: BTreeMap<(String, String), Option<Value>>,
    broken: Vec<String>,
}

impl<C: Simulated> Scenario<'_, C> {
    /// A context of `variant` built from `givens` as the feature runner builds it, the clock
    /// set, the step applied: the context, the journal's mark before the step, and the entries
    /// before it.
    pub fn run(
        &self,
        variant: Variant<C>,
        givens: &[Arc<Envelope<C::Event>>],
    ) -> (System<C>, usize, Entries) {
        let mut system = variant.system(self.start);
        for e in givens {
            system.set_now(e.recorded_at);
            let _ = system.given(Some(e.stream.clone()), e.message.clone());
        }
        system.set_now(self.now);
        let mark = system.journal().mark();
        let before = entries(&system);
        apply(&mut system, self.stimulus);
        (system, mark, before)
    }

    fn shown(&self, variant: Variant<C>, givens: &[Arc<Envelope<C::Event>>]) -> Shown {
        let (system, mark, before) = self.run(variant, givens);
        let after = entries(&system);
        let mut keys = changed(&before, &after);
        keys.extend(self.also.iter().cloned());
        let journal = system.journal();
        Shown {
            refused: journal
                .rejections(mark)
                .map(|(c, r)| (c.command.name().to_string(), r.reason.clone()))
                .collect(),
            recorded: journal
                .recorded(mark)
                .map(|e| (e.message.name().to_string(), e.message.payload()))
                .collect(),
            sent: journal
                .sent(mark)
                .map(|(c, at)| (c.command.name().to_string(), c.command.payload(), at))
                .collect(),
            entries: keys
                .into_iter()
                .map(|k| {
                    let entry = after.get(&k).cloned();
                    (k, entry)
                })
                .collect(),
            broken: crate::domains::broken_invariants(&system),
        }
    }

    /// `logged` less every stream whose events the scenario does without: on each of
    /// `variants`, the step must show exactly what it shows after all of them. Streams are tried
    /// last first, as later streams build on earlier ones (an order on its conference), and
    /// again until none can go, as one may go only once another has.
    pub fn fewest_givens(
        &self,
        logged: &[Arc<Envelope<C::Event>>],
        variants: [Variant<C>; 2],
    ) -> Vec<Arc<Envelope<C::Event>>> {
        let whole: Vec<Shown> = variants.iter().map(|v| self.shown(*v, logged)).collect();
        let mut kept = logged.to_vec();
        loop {
            let mut streams: Vec<StreamId> = Vec::new();
            for e in &kept {
                if !streams.contains(&e.stream) {
                    streams.push(e.stream.clone());
                }
            }
            let before = kept.len();
            for stream in streams.iter().rev() {
                let without: Vec<_> = kept
                    .iter()
                    .filter(|e| &e.stream != stream)
                    .cloned()
                    .collect();
                if variants
                    .iter()
                    .zip(&whole)
                    .all(|(v, shown)| self.shown(*v, &without) == *shown)
                {
                    kept = without;
                }
            }
            if kept.len() == before {
                return kept;
            }
        }
    }
}

/// Every read model's entries in `system`.
pub fn entries<C: Simulated>(system: &System<C>) -> Entries {
    system
        .read_model_entries()
        .into_iter()
        .map(|(name, key, entry)| ((name.to_string(), key.into()), entry))
        .collect()
}

/// The entries that differ between `before` and `after`, or are in only one of them.
pub fn changed(before: &Entries, after: &Entries) -> BTreeSet<(String, String)> {
    before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .cloned()
        .collect()
}
