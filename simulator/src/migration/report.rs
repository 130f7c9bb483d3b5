//! What a verification found, and the report it prints: counts by stored form, then errors,
//! differences and breaches, each with where it was read.

use std::collections::BTreeMap;

use domain::kernel::{Advice, AdviceTold, CurrentForms, StreamId, STORED_FORM_ADVICE};
use rustc_hash::FxHashMap;

use super::plural;

/// Counts of one stored form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormCount {
    pub read: u64,
    /// Read into the current form: upcast, or for a current form, read as it stands.
    pub upcast: u64,
    pub failed: u64,
    /// The form is its event type's current one: there was nothing to upcast.
    pub current: bool,
}

/// The advice errors may end with, told in full at the first error that gives it.
const ADVICE: [Advice; 6] = [
    STORED_FORM_ADVICE[0],
    STORED_FORM_ADVICE[1],
    super::lines::WINDOWS_1252,
    super::lines::INSTANT_IN_METADATA,
    super::lines::STORED_EVENT_LINE,
    super::verify::RENAMED_EVENT,
];

/// What a verification found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Lines (or rows) read, stored events or not.
    pub lines: u64,
    /// Of those, the ones read as stored events.
    pub events: u64,
    /// Of the events, those whose source does not say when they were recorded (a row whose
    /// metadata gives no `recorded_at`, as postgres-es writes it): replayed without the clock.
    pub undated: u64,
    /// By event type, then version.
    pub forms: BTreeMap<String, BTreeMap<u32, FormCount>>,
    /// Lines that could not be read, upcast or placed, with where and what was expected.
    pub errors: Vec<String>,
    /// The errors by kind, the most frequent first: told under their list when there are two
    /// or more.
    pub error_kinds: Vec<super::ErrorKind>,
    pub stopped_early: bool,
    /// Rebuilt read models that differ from the expected ones, by key and field.
    pub differences: Vec<String>,
    /// How many of `differences` are of each kind (a read model's field, its entries missing or
    /// extra): told when the list is too long to show whole, or not shown.
    pub difference_kinds: BTreeMap<String, u64>,
    pub invariant_breaches: Vec<String>,
    /// The log was a table's rows, not a file's lines: the report counts rows.
    pub rows: bool,
    /// Findings not told (events no aggregate could have recorded, breaches the invariants found
    /// on the way): they follow from an event lost (an error told above), on its stream or on
    /// what depends on it, so what could come next there is not known.
    pub unjudged: u64,
    /// What the domain's checks could not judge for want of a kind of stream the log never
    /// showed (`EventLedger::not_judged`): the log may be of one context alone.
    pub not_judged: Vec<String>,
    /// Findings of the end's checks not told again: they only repeat an event told above as one
    /// its aggregate could not have recorded (a read model showing what it recorded, counts it
    /// left off, a finding on the way that words it otherwise).
    pub retold: u64,
    /// What a database source connected to, when its text does not say it all (the environment
    /// or a default gave some of it): said under the first line, which names the source.
    pub connected_to: Option<String>,
    /// Events dated before the event before them in their stream, summed up.
    pub dated_back: Option<DatedBack>,
    /// What the report says once, after its lists, of what they hold or leave out (how the
    /// repeats compare, why they are told without their first line).
    pub notes: Vec<String>,
    /// Lines whose position was taken already, for a second reading of a file to tell each
    /// with the first line at that position (`repeats::compare`).
    pub repeats: Vec<super::repeats::Repeat>,
    /// Rows of a table whose positions contradict their stream's sequence, for the table to be
    /// asked, once reading is over, for the two positions (`postgres::contradicting_positions`).
    pub contradictions: Vec<Contradiction>,
}

/// A row read after a later row of its stream (`after`), by the table's positions: the error
/// told of it, by its index in `Report::errors`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contradiction {
    pub error: usize,
    pub stream: StreamId,
    pub sequence: u64,
    pub after: u64,
}

/// Events dated before the event before them in their stream. A stream's events are appended
/// in the order of their positions, but each `recorded_at` is read from the clock of whichever
/// server wrote it, and two servers' clocks drift apart: judged, a sound deployment would break
/// on most of its events (see docs/decisions.md). So they are told once, summed up, for an
/// operator to tell drift (milliseconds) from instants rewritten (days), and change no exit
/// status.
#[derive(Clone, Debug)]
pub struct DatedBack {
    pub events: u64,
    /// The furthest back an event went, and that event, in words, where it was read: when the
    /// first is drift, it is the one that tells of instants rewritten.
    pub most: chrono::TimeDelta,
    pub furthest: String,
    /// The first one, in words, where it was read.
    pub first: String,
}

impl DatedBack {
    /// One more event dated `back` before the event before it, which `said` says in words
    /// when it is the first or the furthest back so far.
    pub(super) fn note(
        dated_back: &mut Option<DatedBack>,
        back: chrono::TimeDelta,
        said: impl Fn() -> String,
    ) {
        match dated_back {
            Some(d) => {
                d.events += 1;
                if back > d.most {
                    d.most = back;
                    d.furthest = said();
                }
            }
            None => {
                let first = said();
                *dated_back = Some(DatedBack {
                    events: 1,
                    most: back,
                    furthest: first.clone(),
                    first,
                })
            }
        }
    }

    fn told(&self) -> String {
        let (are, them, their) = match self.events {
            1 => ("is", "it", "its"),
            _ => ("are", "them", "their"),
        };
        let which = match (self.events, self.furthest == self.first) {
            (1, _) => format!("{}; {}", lapse(self.most), self.first),
            (_, true) => format!(
                "up to {}; the first and furthest: {}",
                lapse(self.most),
                self.first
            ),
            (_, false) => format!(
                "up to {} ({}); the first: {}",
                lapse(self.most),
                self.furthest,
                self.first
            ),
        };
        format!(
            "not an error: {} {are} dated before the event before {them} in {their} stream, by \
             {which} (a stream's events are appended in order: writers' clocks that disagree, or \
             instants rewritten)",
            plural(self.events, "event", "events"),
        )
    }
}

/// A lapse of time in the unit that says it best, to three significant figures at most:
/// `250 ms`, `3.5 s`, `2 min`, `5 h`, `1.5 days`.
fn lapse(t: chrono::TimeDelta) -> String {
    let seconds = t
        .num_nanoseconds()
        .map_or(t.num_seconds() as f64, |n| n as f64 / 1e9);
    let (amount, unit) = match seconds {
        s if s < 1e-6 => (s * 1e9, "ns"),
        s if s < 1e-3 => (s * 1e6, "µs"),
        s if s < 1.0 => (s * 1e3, "ms"),
        s if s < 60.0 => (s, "s"),
        s if s < 3600.0 => (s / 60.0, "min"),
        s if s < 86400.0 => (s / 3600.0, "h"),
        s => (s / 86400.0, "days"),
    };
    let shown = match amount {
        a if a >= 100.0 => format!("{a:.0}"),
        a if a >= 10.0 => format!("{a:.1}"),
        a => format!("{a:.2}"),
    };
    let shown = match shown.contains('.') {
        true => shown.trim_end_matches('0').trim_end_matches('.'),
        false => &shown,
    };
    match (shown, unit) {
        ("1", "days") => "1 day".to_string(),
        _ => format!("{shown} {unit}"),
    }
}

#[cfg(test)]
mod lapse_tests {
    use super::lapse;
    use chrono::TimeDelta;

    #[test]
    fn a_lapse_is_said_in_the_unit_that_says_it_best_to_three_figures() {
        for (t, said) in [
            (TimeDelta::nanoseconds(1), "1 ns"),
            (TimeDelta::microseconds(12), "12 µs"),
            (TimeDelta::milliseconds(250), "250 ms"),
            (TimeDelta::milliseconds(3500), "3.5 s"),
            (TimeDelta::seconds(120), "2 min"),
            (TimeDelta::minutes(100), "1.67 h"),
            (TimeDelta::hours(36), "1.5 days"),
            (TimeDelta::days(1), "1 day"),
            (TimeDelta::days(400), "400 days"),
        ] {
            assert_eq!(lapse(t), said, "{t:?}");
        }
    }
}

/// The counts of every stored form met while reading. A log names a few dozen forms millions of
/// times, so they are found by hashing, and sorted for the report once reading ends.
#[derive(Default)]
pub(super) struct Forms(FxHashMap<Box<str>, FxHashMap<u32, FormCount>>);

impl Forms {
    /// The counts of a stored form, found without allocating once it has been seen.
    pub(super) fn of(&mut self, event_type: &str, version: u32) -> &mut FormCount {
        if !self.0.contains_key(event_type) {
            self.0.insert(event_type.into(), FxHashMap::default());
        }
        self.0
            .get_mut(event_type)
            .map(|versions| versions.entry(version).or_default())
            .expect("the type was inserted above")
    }

    /// The counts by type and version, each marked current or not by `current`.
    pub(super) fn sorted(
        self,
        current: &CurrentForms,
    ) -> BTreeMap<String, BTreeMap<u32, FormCount>> {
        self.0
            .into_iter()
            .map(|(name, versions)| {
                let versions = versions
                    .into_iter()
                    .map(|(version, count)| {
                        let current = current.is_current(&name, version);
                        (version, FormCount { current, ..count })
                    })
                    .collect();
                (name.into(), versions)
            })
            .collect()
    }
}

impl Report {
    /// 0 clean, 1 differences or invariant breaches, 2 unreadable input.
    pub fn exit_code(&self) -> u8 {
        if !self.errors.is_empty() {
            2
        } else if !self.differences.is_empty() || !self.invariant_breaches.is_empty() {
            1
        } else {
            0
        }
    }

    /// The report as printed; each list shows at most `limit` entries (0: all), the rest
    /// counted. Every line goes through `line`, which escapes control characters: the names and
    /// messages come from the log, and must neither drive the terminal nor break a line.
    pub fn render(&self, source: &str, limit: usize) -> String {
        let mut out = String::new();
        let mut line = |text: &str| {
            out.push_str(&crate::report::printable(text));
            out.push('\n');
        };
        let (unit, units) = match self.rows {
            true => ("row", "rows"),
            false => ("line", "lines"),
        };
        // A run stopped at --max-errors verified only part of the log: said where it is named.
        let source = match self.stopped_early {
            true => format!("{source}, up to --max-errors"),
            false => source.to_string(),
        };
        line(&match self.lines - self.events {
            0 => format!(
                "verified {source}: {} read",
                plural(self.events, "event", "events")
            ),
            not_events => format!(
                "verified {source}: {} read, {} of them stored events ({not_events} not)",
                plural(self.lines, unit, units),
                self.events
            ),
        });
        if let Some(connected_to) = &self.connected_to {
            line(connected_to);
        }
        line(&format!(
            "  {:<32} {:>7} {:>10} {:>10} {:>8}",
            "event type", "version", "read", "upcast", "failed"
        ));
        for (event_type, version, c) in self
            .forms
            .iter()
            .flat_map(|(t, vs)| vs.iter().map(move |(v, c)| (t, v, c)))
        {
            // A current form is read as it stands: there is nothing to upcast.
            let upcast = match c.current {
                true => "current".to_string(),
                false => c.upcast.to_string(),
            };
            line(&format!(
                "  {:<32} {version:>7} {:>10} {upcast:>10} {:>8}",
                crate::report::name(event_type),
                c.read,
                c.failed
            ));
        }
        // Named by what was compared: a migrated copy that replays otherwise is no difference
        // from expected read models, and is told so when no `--expect` was given.
        let copy = crate::run_migration::COPY_REPLAYS_OTHERWISE;
        let of_copy = self.difference_kinds.get(copy).copied().unwrap_or(0);
        let differences = match of_copy {
            0 => "differences from the expected read models",
            n if n == self.differences.len() as u64 => {
                "differences between the log and its migrated copy"
            }
            _ => "differences from the expected read models and the migrated copy",
        };
        for (title, list) in [
            ("errors", &self.errors),
            (differences, &self.differences),
            ("invariant breaches", &self.invariant_breaches),
        ] {
            if list.is_empty() {
                continue;
            }
            let is_differences = std::ptr::eq(list, &self.differences);
            // Read models rebuilt without the events the errors lost differ for that reason
            // alone, in every entry those events built: listed, they buried the errors.
            if is_differences && !self.errors.is_empty() {
                line(&format!(
                    "{title} ({}): not listed, as the log did not read whole (errors above) and \
                     the read models were rebuilt without the events it lost; by kind:",
                    list.len()
                ));
                self.kinds_of_differences(&mut line);
                continue;
            }
            line(&format!("{title} ({}):", list.len()));
            let shown = if limit == 0 { list.len() } else { limit };
            // A log with one mistake on every line would give the same paragraph once a line.
            let mut advice = AdviceTold::new(&ADVICE);
            for e in list.iter().take(shown) {
                line(&format!(
                    "  {}",
                    domain::kernel::shortened(&advice.tell(e), crate::report::MOST_MESSAGE)
                ));
            }
            if list.len() > shown {
                line(&format!(
                    "  … and {} more (--max-errors {shown} shows {shown}; 0 shows all)",
                    list.len() - shown
                ));
                // The first few of a long list may all be of one kind, and hide the others.
                if is_differences && self.difference_kinds.len() > 1 {
                    line("  all of them, by kind:");
                    self.kinds_of_differences(&mut line);
                }
            }
            // One cause repeated across a log is one line a place above: summed up, it is
            // counted once, with where it starts and ends.
            if std::ptr::eq(list, &self.errors) {
                let told =
                    super::error_kinds::told(&self.error_kinds, self.rows, self.stopped_early);
                for said in told {
                    line(&said);
                }
            }
        }
        if self.retold > 0 {
            line(&format!(
                "not told again: {} following only from what an event told above recorded (one \
                 its aggregate could not have recorded)",
                plural(self.retold, "finding", "findings")
            ));
        }
        if self.unjudged > 0 {
            line(&format!(
                "not checked: {} about what a lost event (an error above) left unknown, on its \
                 stream or on what depends on it",
                plural(self.unjudged, "later finding", "later findings")
            ));
        }
        for what in &self.not_judged {
            line(&format!("not judged: {what}"));
        }
        if let Some(back) = &self.dated_back {
            line(&back.told());
        }
        for note in &self.notes {
            line(note);
        }
        if self.stopped_early {
            line(&format!(
                "stopped at --max-errors; later {units} were not read (--max-errors 0 reads them \
                 all)"
            ));
        }
        // A source that could not be read at all has said so among the errors.
        if self.lines == 0 && self.errors.is_empty() {
            line("nothing to verify: the log holds no events");
        } else if self.exit_code() == 0 {
            line(match self.not_judged.is_empty() {
                true => "clean: every event upcast, replayed and checked",
                false => {
                    "clean: every event upcast and replayed, and checked but for what is not \
                          judged above"
                }
            });
        }
        out
    }
}

impl Report {
    /// One more difference from the expected read models, counted by its kind.
    pub fn add_difference(&mut self, difference: super::Difference) {
        *self.difference_kinds.entry(difference.kind).or_default() += 1;
        self.differences.push(difference.text);
    }

    /// How many differences there are of each kind, the most first (at most `MOST_KINDS`, the
    /// rest counted), a line each.
    fn kinds_of_differences(&self, line: &mut impl FnMut(&str)) {
        const MOST_KINDS: usize = 20;
        let mut kinds: Vec<(&String, &u64)> = self.difference_kinds.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (kind, n) in kinds.iter().take(MOST_KINDS) {
            line(&format!("    {kind}: {n}"));
        }
        if kinds.len() > MOST_KINDS {
            line(&format!("    and {} more kinds", kinds.len() - MOST_KINDS));
        }
    }

    /// The closing line of a run that is not clean, for the tail of a CI log: what it found,
    /// and the exit status it ends with; `otherwise` says why when it found nothing (an output
    /// that could not be written, an empty log refused).
    pub fn verdict(&self, status: u8, otherwise: &str) -> Option<String> {
        if status == 0 {
            return None;
        }
        let found = domain::kernel::counted(&[
            (self.errors.len() as u64, "error", "errors"),
            (self.differences.len() as u64, "difference", "differences"),
            (
                self.invariant_breaches.len() as u64,
                "invariant breach",
                "invariant breaches",
            ),
        ]);
        Some(match found.is_empty() {
            true => format!("failed: {otherwise} (exit status {status})"),
            false => format!("not clean: {} (exit status {status})", found.join(", ")),
        })
    }
}

/// A stream as the report names it: quoted when its name has characters one cannot see or that
/// would pass for others (`Order/order-1 `, with a space, beside `Order/order-1`).
pub(crate) fn shown(stream: &StreamId) -> String {
    crate::report::name(&stream.to_string()).into_owned()
}
