//! Messages of conference management: conferences and their seat types.

use crate::kernel::{Instant, Money, Text};
use crate::record;

macro_rules! conference_details {
    ($($(#[$m:meta])* $name:ident),*) => {$(
        record! {
            $(#[$m])*
            pub struct $name {
                pub conference_id: Text,
                pub name: Text,
                pub slug: Text,
                pub description: Option<Text>,
                pub location: Option<Text>,
                pub tagline: Option<Text>,
                #[serde(deserialize_with = "crate::kernel::deserialize_instant")]
                pub start_date: Instant,
                #[serde(deserialize_with = "crate::kernel::deserialize_instant")]
                pub end_date: Instant,
                pub owner_name: Option<Text>,
                pub owner_email: Option<Text>,
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
                pub conference_id: Text,
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
                pub conference_id: Text,
                pub seat_type: Text,
                pub name: Text,
                pub description: Option<Text>,
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

/// An update restating what a creation says, field by field (the catalog's `{same fields}`):
/// the details something was created with, to be set again or changed one by one. The update's
/// struct literal names every field of it, so a field the update gains fails to compile here.
macro_rules! restates {
    ($created:ident => $update:ident { $($field:ident),* }) => {
        impl From<$created> for $update {
            fn from(created: $created) -> Self {
                $update { $($field: created.$field),* }
            }
        }
    };
}

restates!(CreateConference => UpdateConference {
    conference_id, name, slug, description, location, tagline, start_date, end_date, owner_name,
    owner_email
});
restates!(CreateSeat => UpdateSeat {
    conference_id, seat_type, name, description, price, quantity
});
