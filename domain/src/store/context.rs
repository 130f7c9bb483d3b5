//! The store bounded context as the tooling sees it: the three task aggregates, the saga and its
//! workers, and the order view.

use crate::kernel::{BoundedContext, Rule, Wiring};

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

    fn rules() -> Vec<Rule> {
        vec![
            Rule::new(
                "a requested order is completed by its worker",
                &["OrderRequested", "CompleteOrder"],
            ),
            Rule::new(
                "a completed order asks for its payment",
                &["OrderCompleted", "RequestPayment"],
            ),
            Rule::new(
                "a requested payment is completed by its worker",
                &["PaymentRequested", "CompletePayment"],
            ),
            Rule::new(
                "a completed payment asks for the mail",
                &["PaymentCompleted", "RequestMail"],
            ),
            Rule::new(
                "a requested mail is sent by its worker",
                &["MailRequested", "CompleteMail"],
            ),
            Rule::new("a task is requested once", &["already requested"]),
            Rule::new("only a requested task is completed", &["never requested"]),
            Rule::new("a task is completed once", &["already completed"]),
            Rule::new(
                "a payment waits for its order",
                &["RequestPayment", "is not completed"],
            ),
            Rule::new(
                "the mail waits for the payment",
                &["RequestMail", "payment"],
            ),
            Rule::new(
                "the order view gathers every event in order",
                &["read model OrderView", "events"],
            ),
        ]
    }
}
