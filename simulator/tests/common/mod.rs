//! What the migration tests share: small conference streams whose every event is one its
//! aggregate could have recorded, for logs written by hand.

/// An event conference `id`'s stream can hold at `sequence` (its type and payload): created
/// first, then published and unpublished by turns.
pub fn conference_event(id: &str, sequence: u64) -> (&'static str, String) {
    match sequence {
        1 => (
            "ConferenceCreated",
            format!(
                r#"{{"conference_id":"{id}","description":null,"end_date":"2026-03-03T17:00:00Z","location":"Redmond","name":"C","owner_email":null,"owner_name":null,"slug":"{id}","start_date":"2026-03-01T09:00:00Z","tagline":null}}"#
            ),
        ),
        n if n % 2 == 0 => (
            "ConferencePublished",
            format!(r#"{{"conference_id":"{id}"}}"#),
        ),
        _ => (
            "ConferenceUnpublished",
            format!(r#"{{"conference_id":"{id}"}}"#),
        ),
    }
}
