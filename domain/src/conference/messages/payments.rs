//! Messages of payments through a third-party processor.

use super::PaymentItem;
use crate::kernel::{Money, Text};
use crate::record;

record! {
    /// Starts a payment for an order (`payment_source_id` is the order id).
    pub struct InitiateThirdPartyProcessorPayment {
        pub payment_id: Text,
        pub payment_source_id: Text,
        pub conference_id: Text,
        pub description: Text,
        pub total_amount: Money,
        pub items: Vec<PaymentItem>,
    }
}

record! {
    /// The processor accepted the payment.
    pub struct CompleteThirdPartyProcessorPayment {
        pub payment_id: Text,
    }
}

record! {
    /// The payer gave up, or the processor refused.
    pub struct CancelThirdPartyProcessorPayment {
        pub payment_id: Text,
    }
}

record! {
    /// A payment was started.
    pub struct PaymentInitiated {
        pub payment_id: Text,
        pub payment_source_id: Text,
    }
}

record! {
    /// A payment went through.
    pub struct PaymentCompleted {
        pub payment_id: Text,
        pub payment_source_id: Text,
    }
}

record! {
    /// A payment did not go through.
    pub struct PaymentRejected {
        pub payment_id: Text,
        pub payment_source_id: Text,
    }
}
