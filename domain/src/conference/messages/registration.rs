//! Messages of the registration process itself.

use crate::kernel::Text;

use crate::record;

record! {
    /// The registration process's own timeout: the order's reservation has run out.
    pub struct ExpireRegistrationProcess {
        pub order_id: Text,
    }
}
