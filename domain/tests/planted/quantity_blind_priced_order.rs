//! A planted PricedOrder read model that forgets quantities, shared by the domain's invariant
//! tests and the simulator's planted-bug tests (included by path, as test crates share no code
//! otherwise): both must find the same faulty read model.

use domain::conference::read_models::priced_order::{PricedOrderEntry, PricedOrderReadModel};
use domain::conference::{ConferenceContext, ConferenceEvent};
use domain::kernel::{Entries, Envelope, ReadModel};

/// PricedOrder forgetting quantities: each line totals its unit price.
#[derive(Default, Clone, Debug, PartialEq)]
pub struct QuantityBlindPricedOrder {
    inner: PricedOrderReadModel,
    entries: Entries<PricedOrderEntry>,
}

impl ReadModel<ConferenceContext> for QuantityBlindPricedOrder {
    const NAME: &'static str = "PricedOrder";
    const SUBSCRIBES: &'static [&'static str] =
        <PricedOrderReadModel as ReadModel<ConferenceContext>>::SUBSCRIBES;
    type Entry = PricedOrderEntry;
    fn apply(&mut self, event: &Envelope<ConferenceEvent>) {
        self.inner.apply(event);
        self.entries = self.inner.entries().clone();
        for entry in self.entries.values_mut() {
            for line in &mut entry.lines {
                line.line_total = line.unit_price;
            }
        }
    }
    fn entries(&self) -> &Entries<PricedOrderEntry> {
        &self.entries
    }
}
