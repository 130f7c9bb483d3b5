//! Messages of conference management: conferences and their seat types.

use crate::kernel::{Instant, Money};
use crate::record;

macro_rules! conference_details {
    ($($(#[$m:meta])* $name:ident),*) => {$(
        record! {
            $(#[$m])*
            pub struct $name {
                pub conference_id: String,
                pub name: String,
                pub slug: String,
                pub description: Option<String>,
                pub location: Option<String>,
                pub tagline: Option<String>,
                pub start_date: Instant,
                pub end_date: Instant,
                pub owner_name: Option<String>,
                pub owner_email: Option<String>,
            }
        }
    )*};
}

conference_details!(
    /// Creates a conference.
    CreateConference,
    /// A conference was created.
    ConferenceCreated,
    /// Changes a conference's details.
    UpdateConference,
    /// A conference's details changed.
    ConferenceUpdated
);

macro_rules! conference_only {
    ($($(#[$m:meta])* $name:ident),*) => {$(
        record! {
            $(#[$m])*
            pub struct $name {
                pub conference_id: String,
            }
        }
    )*};
}

conference_only!(
    /// Puts a conference on sale.
    PublishConference,
    /// A conference went on sale.
    ConferencePublished,
    /// Takes a conference off sale.
    UnpublishConference,
    /// A conference went off sale.
    ConferenceUnpublished
);

macro_rules! seat_details {
    ($($(#[$m:meta])* $name:ident),*) => {$(
        record! {
            $(#[$m])*
            pub struct $name {
                pub conference_id: String,
                pub seat_type: String,
                pub name: String,
                pub description: Option<String>,
                pub price: Money,
                pub quantity: i64,
            }
        }
    )*};
}

seat_details!(
    /// Adds a seat type to a conference.
    CreateSeat,
    /// A seat type was added to a conference.
    SeatCreated,
    /// Changes a seat type's name, price or quota.
    UpdateSeat,
    /// A seat type changed.
    SeatUpdated
);
