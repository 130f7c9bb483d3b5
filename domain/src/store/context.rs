//! The store bounded context as the tooling sees it: the three task aggregates, the saga and its
//! workers, and the order view.

use crate::kernel::{BoundedContext, Wiring};

use super::{
    Mail, MailWorker, Order, OrderSaga, OrderView, OrderWorker, Payment, PaymentWorker,
    StoreCommand, StoreEvent,
};

/// The seed's order → payment → mail orchestration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreContext;

impl BoundedContext for StoreContext {
    type Command = StoreCommand;
    type Event = StoreEvent;
    const NAME: &'static str = "store";

    fn wiring() -> Wiring<Self> {
        Wiring::new()
            .aggregate::<Order>()
            .aggregate::<Payment>()
            .aggregate::<Mail>()
            .process::<OrderSaga>()
            .process::<OrderWorker>()
            .process::<PaymentWorker>()
            .process::<MailWorker>()
            .read_model::<OrderView>()
    }
}
