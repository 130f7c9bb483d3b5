//! What a system shows its checks: read models and aggregates by name, their rebuilds from the log
//! and replays, and the log in its stored forms.

use super::super::{
    AggregateSlot, BoundedContext, Message, ProcessSlot, ReadModelSlot, StoredEvent, StreamId,
};
use super::{owner_of, System, Target, Value};

impl<C: BoundedContext> System<C> {
    /// Names of the read models, in wiring order.
    pub fn read_model_names(&self) -> Vec<&'static str> {
        self.read_models.iter().map(|r| r.name()).collect()
    }

    /// A read model's entry for `key`, as JSON; `None` if the read model or the key is unknown.
    pub fn read_model(&self, name: &str, key: &str) -> Option<Value> {
        self.read_models
            .iter()
            .find(|r| r.name() == name)
            .and_then(|r| r.entry(key))
    }

    pub fn read_model_slot(&self, name: &str) -> Option<&dyn ReadModelSlot<C>> {
        self.read_models
            .iter()
            .find(|r| r.name() == name)
            .map(|r| r.as_ref())
    }

    pub fn read_model_slots(&self) -> &[Box<dyn ReadModelSlot<C>>] {
        &self.read_models
    }

    /// Every read-model entry as JSON: read model, key, entry, in wiring then key order.
    pub fn read_model_entries(&self) -> Vec<(&'static str, super::super::Text, Value)> {
        self.read_models
            .iter()
            .flat_map(|r| {
                r.keys()
                    .into_iter()
                    .filter_map(|k| r.entry(&k).map(|v| (r.name(), k, v)))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    pub fn aggregate_slots(&self) -> &[Box<dyn AggregateSlot<C>>] {
        &self.aggregates
    }

    /// The aggregate whose streams are of `kind`.
    pub fn aggregate_slot(&self, kind: &str) -> Option<&dyn AggregateSlot<C>> {
        owner_of(&self.aggregates, kind).map(|a| self.aggregates[a].as_ref())
    }

    pub fn process_slots(&self) -> &[Box<dyn ProcessSlot<C>>] {
        &self.processes
    }

    /// A read model's entries as their own type `E`; `None` when no read model of that name keeps
    /// entries of that type.
    pub fn read_model_entries_as<E: 'static>(
        &self,
        name: &str,
    ) -> Option<&super::super::Entries<E>> {
        self.read_model_slot(name)?.entries_any().downcast_ref()
    }

    /// An aggregate instance's state as its own type `S`: `Ok(None)` when the instance has none
    /// yet, `Err` when no aggregate of that name keeps states of that type.
    pub fn aggregate_state_as<S: 'static>(&self, stream: &StreamId) -> Result<Option<&S>, String> {
        let slot = self
            .aggregate_slot(&stream.kind)
            .ok_or_else(|| format!("there is no {} aggregate", stream.kind))?;
        match slot.state_any(&stream.id) {
            None => Ok(None),
            Some(state) => state.downcast_ref().map(Some).ok_or_else(|| {
                format!(
                    "the {} aggregate does not keep states of type {}",
                    stream.kind,
                    std::any::type_name::<S>()
                )
            }),
        }
    }

    /// An aggregate instance's state as JSON.
    pub fn aggregate_state(&self, stream: &StreamId) -> Option<Value> {
        self.aggregate_slot(&stream.kind)
            .and_then(|a| a.state(&stream.id))
    }

    /// Every read model rebuilt from the log, in log order, with single delivery.
    pub fn rebuild_read_models(&self) -> Vec<Box<dyn ReadModelSlot<C>>> {
        let fresh = self.read_models.iter().map(|r| r.fresh()).collect();
        self.continue_rebuild(fresh, 0)
    }

    /// A rebuild of the log's first `from` events carried on to its end: what a rebuild of the
    /// whole log gives, without folding again a prefix that every run shares.
    pub fn continue_rebuild(
        &self,
        mut models: Vec<Box<dyn ReadModelSlot<C>>>,
        from: usize,
    ) -> Vec<Box<dyn ReadModelSlot<C>>> {
        for e in self.store.log().get(from..).unwrap_or_default() {
            for (target, _) in self
                .routes
                .event_targets
                .get(e.message.name())
                .into_iter()
                .flatten()
            {
                if let Target::ReadModel(r) = *target {
                    models[r].apply(e);
                }
            }
        }
        models
    }

    /// The read models whose incrementally built state differs from a rebuild from the log.
    pub fn read_models_differing_from_rebuild(&self) -> Vec<&'static str> {
        self.rebuild_read_models()
            .iter()
            .zip(&self.read_models)
            .filter(|(rebuilt, live)| !rebuilt.same_as(live.as_ref()))
            .map(|(r, _)| r.name())
            .collect()
    }

    /// Every aggregate (with its view) replayed from the log.
    pub fn replay_aggregates(&self) -> Vec<Box<dyn AggregateSlot<C>>> {
        let fresh = self.aggregates.iter().map(|a| a.fresh()).collect();
        self.continue_replay(fresh, 0)
    }

    /// A replay of the log's first `from` events carried on to its end (see `continue_rebuild`).
    pub fn continue_replay(
        &self,
        mut aggregates: Vec<Box<dyn AggregateSlot<C>>>,
        from: usize,
    ) -> Vec<Box<dyn AggregateSlot<C>>> {
        for e in self.store.log().get(from..).unwrap_or_default() {
            if let Some(a) = owner_of(&aggregates, &e.stream.kind) {
                // The log holds each event at a position its stream was placed beyond.
                let _ = aggregates[a].evolve(&e.stream.id, e.sequence, e.recorded_at, &e.message);
            }
            for a in aggregates.iter_mut() {
                a.observe(e);
            }
        }
        aggregates
    }

    /// The aggregates whose live state differs from a replay of the log.
    pub fn aggregates_differing_from_replay(&self) -> Vec<&'static str> {
        self.aggregates
            .iter()
            .zip(&self.replay_aggregates())
            .filter(|(live, replayed)| !live.same_as(replayed.as_ref()))
            .map(|(live, _)| live.name())
            .collect()
    }

    /// The whole log in stored form at the current versions.
    pub fn stored_log(&self) -> Vec<StoredEvent> {
        self.store
            .log()
            .iter()
            .map(|e| StoredEvent::encode::<C>(e, &self.upcasters))
            .collect()
    }
}
