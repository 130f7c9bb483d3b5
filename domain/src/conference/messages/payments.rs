//! Messages of payments through a third-party processor.

use super::PaymentItem;
use crate::kernel::Money;
use crate::record;

record! {
    /// Starts a payment for an order (`payment_source_id` is the order id).
    pub struct InitiateThirdPartyProcessorPayment {
        pub payment_id: String,
        pub payment_source_id: String,
        pub conference_id: String,
        pub description: String,
        pub total_amount: Money,
        pub items: Vec<PaymentItem>,
    }
}

record! {
    /// The processor accepted the payment.
    pub struct CompleteThirdPartyProcessorPayment {
        pub payment_id: String,
    }
}

record! {
    /// The payer gave up, or the processor refused.
    pub struct CancelThirdPartyProcessorPayment {
        pub payment_id: String,
    }
}

record! {
    /// A payment was started.
    pub struct PaymentInitiated {
        pub payment_id: String,
        pub payment_source_id: String,
    }
}

record! {
    /// A payment went through.
    pub struct PaymentCompleted {
        pub payment_id: String,
        pub payment_source_id: String,
    }
}

record! {
    /// A payment did not go through.
    pub struct PaymentRejected {
        pub payment_id: String,
        pub payment_source_id: String,
    }
}
