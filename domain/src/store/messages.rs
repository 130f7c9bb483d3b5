//! Every command and event of the store: one request and one completion per task (order, payment,
//! mail), each about one order, and the seed's SCREAMING_SNAKE names for event types.

use crate::kernel::Text;

use crate::{messages, record};

record! {
    /// Asks for an order to be taken (the seed's single command, `GET /command`).
    pub struct RequestOrder {
        pub order_id: Text,
    }
}

record! {
    /// The order worker reports the order's detail as done.
    pub struct CompleteOrder {
        pub order_id: Text,
        pub body: Text,
    }
}

record! {
    /// Asks for an order to be paid.
    pub struct RequestPayment {
        pub order_id: Text,
    }
}

record! {
    /// The payment worker reports the payment as done.
    pub struct CompletePayment {
        pub order_id: Text,
        pub body: Text,
    }
}

record! {
    /// Asks for the order's mail to be sent.
    pub struct RequestMail {
        pub order_id: Text,
    }
}

record! {
    /// The mail worker reports the mail as sent.
    pub struct CompleteMail {
        pub order_id: Text,
        pub body: Text,
    }
}

record! {
    /// An order was asked for.
    pub struct OrderRequested {
        pub order_id: Text,
    }
}

record! {
    /// The order's detail is done; `body` is what the order worker produced.
    pub struct OrderCompleted {
        pub order_id: Text,
        pub body: Text,
    }
}

record! {
    /// The order's payment was asked for.
    pub struct PaymentRequested {
        pub order_id: Text,
    }
}

record! {
    /// The order is paid; `body` is what the payment worker produced.
    pub struct PaymentCompleted {
        pub order_id: Text,
        pub body: Text,
    }
}

record! {
    /// The order's mail was asked for.
    pub struct MailRequested {
        pub order_id: Text,
    }
}

record! {
    /// The order's mail is sent; `body` is what the mail worker produced.
    pub struct MailCompleted {
        pub order_id: Text,
        pub body: Text,
    }
}

messages! {
    /// Every command of the store.
    pub enum StoreCommand {
        RequestOrder,
        CompleteOrder,
        RequestPayment,
        CompletePayment,
        RequestMail,
        CompleteMail,
    }
}

messages! {
    /// Every event of the store.
    pub enum StoreEvent {
        OrderRequested,
        OrderCompleted,
        PaymentRequested,
        PaymentCompleted,
        MailRequested,
        MailCompleted,
    }
}

impl StoreCommand {
    /// The order the command is about.
    pub fn order_id(&self) -> &str {
        match self {
            StoreCommand::RequestOrder(c) => &c.order_id,
            StoreCommand::CompleteOrder(c) => &c.order_id,
            StoreCommand::RequestPayment(c) => &c.order_id,
            StoreCommand::CompletePayment(c) => &c.order_id,
            StoreCommand::RequestMail(c) => &c.order_id,
            StoreCommand::CompleteMail(c) => &c.order_id,
        }
    }
}

/// The seed's flow, by event name: order, payment, mail; each requested, then completed. Every
/// order's events follow it, each once.
pub const FLOW: [&str; 6] = [
    "OrderRequested",
    "OrderCompleted",
    "PaymentRequested",
    "PaymentCompleted",
    "MailRequested",
    "MailCompleted",
];

/// `FLOW` in the seed's names for event types (`event_type` of each).
pub const FLOW_TYPES: [&str; 6] = [
    "ORDER_REQUESTED",
    "ORDER_COMPLETED",
    "PAYMENT_REQUESTED",
    "PAYMENT_COMPLETED",
    "MAIL_REQUESTED",
    "MAIL_COMPLETED",
];

impl StoreEvent {
    /// Where the event stands in `FLOW`.
    pub fn flow_step(&self) -> usize {
        match self {
            StoreEvent::OrderRequested(_) => 0,
            StoreEvent::OrderCompleted(_) => 1,
            StoreEvent::PaymentRequested(_) => 2,
            StoreEvent::PaymentCompleted(_) => 3,
            StoreEvent::MailRequested(_) => 4,
            StoreEvent::MailCompleted(_) => 5,
        }
    }

    /// The seed's name for the event's type (`ORDER_COMPLETED`), without spelling it out anew:
    /// the view and the invariants ask it of every event.
    pub fn event_type(&self) -> &'static str {
        FLOW_TYPES[self.flow_step()]
    }

    /// The order the event is about.
    pub fn order_id(&self) -> &str {
        match self {
            StoreEvent::OrderRequested(e) => &e.order_id,
            StoreEvent::OrderCompleted(e) => &e.order_id,
            StoreEvent::PaymentRequested(e) => &e.order_id,
            StoreEvent::PaymentCompleted(e) => &e.order_id,
            StoreEvent::MailRequested(e) => &e.order_id,
            StoreEvent::MailCompleted(e) => &e.order_id,
        }
    }
}

/// The seed's name for an event type, as its topics and its query carry it: `OrderCompleted` is
/// `ORDER_COMPLETED`.
pub fn event_type(name: &str) -> Text {
    let mut out = smol_str::SmolStrBuilder::new();
    for (i, c) in name.char_indices() {
        // Message names are ASCII: the Unicode tables are only asked about anything else.
        let upper = if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            c.is_uppercase()
        };
        if upper && i > 0 {
            out.push('_');
        }
        if c.is_ascii() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.extend(c.to_uppercase());
        }
    }
    out.finish()
}

/// What a worker reports when it has done its task: the order id and the completion's type, as
/// the seed's workers write it (`ORD-B384F_ORDER_COMPLETED`).
pub fn completion_body(order_id: &str, completion: &str) -> Text {
    // A worker writes one for every task it does: the flow's own names are looked up rather
    // than spelt out letter by letter, and the text built without the formatting machinery
    // (the two were a twentieth of a simulated store history).
    let mut out = smol_str::SmolStrBuilder::new();
    out.push_str(order_id);
    out.push('_');
    match FLOW.iter().position(|&f| f == completion) {
        Some(step) => out.push_str(FLOW_TYPES[step]),
        None => out.push_str(&event_type(completion)),
    }
    out.finish()
}
