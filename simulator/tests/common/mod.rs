//! What the migration tests share: small conference streams whose every event is one its
//! aggregate could have recorded, for logs written by hand, as a log's lines; what a run of `gwt`
//! said, and whether it said what it should; the export of a mixed-version log.

#![allow(dead_code)]

use std::process::Output;

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

/// A line of a stored event, as a log holds it, recorded at 2026-01-05T09:00:00Z.
pub fn stored_at_version(stream: &str, seq: u64, ty: &str, v: u32, payload: &str) -> String {
    format!(
        r#"{{"stream":"{stream}","sequence":{seq},"event_type":"{ty}","event_version":{v},"payload":{payload},"recorded_at":"2026-01-05T09:00:00Z"}}"#
    )
}

/// A line of a stored event at version 1.
pub fn stored(stream: &str, seq: u64, ty: &str, payload: &str) -> String {
    stored_at_version(stream, seq, ty, 1, payload)
}

/// The line of the event conference `id`'s stream can hold at `seq` (see [`conference_event`]).
pub fn conference_line(id: &str, seq: u64) -> String {
    let (event_type, payload) = conference_event(id, seq);
    stored(&format!("Conference/{id}"), seq, event_type, &payload)
}

/// What a run said: its standard output, then its standard error.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Whether a run exited with `status` and said every one of `words`; if not, what it said.
pub fn expect(out: &Output, status: i32, words: &[&str]) -> Result<(), String> {
    let said = text(out);
    if out.status.code() != Some(status) {
        return Err(format!(
            "exit status {:?}, expected {status}; it said:\n{said}",
            out.status.code()
        ));
    }
    match words.iter().find(|w| !said.contains(*w)) {
        Some(missing) => Err(format!("`{missing}` not said; it said:\n{said}")),
        None => Ok(()),
    }
}

/// The arguments of `gwt simulate` exporting `histories` histories of `domain` to `log`, in
/// mixed versions.
pub fn export_mixed<'a>(domain: &'a str, histories: &'a str, log: &'a str) -> [&'a str; 9] {
    [
        "simulate",
        "--domain",
        domain,
        "--histories",
        histories,
        "--export",
        log,
        "--versions",
        "mixed",
    ]
}

/// A named pipe made at `path` (a log given as `<(zcat …)` or `mkfifo` is one).
#[cfg(unix)]
pub fn named_pipe(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}
