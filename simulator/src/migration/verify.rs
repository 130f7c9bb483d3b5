//! The replay at the heart of `gwt verify-migration`: each stored event placed in its stream,
//! upcast, folded through the current domain and judged, every failure kept with where it was.

use std::io::{BufRead, Write};
use std::sync::Arc;

use domain::kernel::{
    instant_text, CurrentForms, EventLedger, Instant, StoredEvent, StoredReader, StoredText,
    StreamId, System,
};
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use super::error_kinds::{self, of_decoding, Spot};
use super::gaps::{Gaps, Misplaced, Suspects};
use super::line_metadata::{LineMetadata, OtherKeys};
use super::lines::{line_pages, lines_of, read_page, LinePage, READ_AHEAD_PAGE};
use super::parallel::read_in_parallel;
use super::report::{Contradiction, DatedBack, Forms};
use super::{compare_read_models, plural, shown, Place, Read, Repeat, Report};
use crate::judging::Judged;

/// What to do besides reading.
#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    /// Stops reading after this many errors (0: never).
    pub max_errors: usize,
    /// Read models exported by the system being migrated, to compare with.
    pub expect: Option<Value>,
    /// The log is a table's rows, not a file's lines: what the report counts and says.
    pub rows: bool,
    /// The log's order across streams is not known (a table read stream by stream): an event
    /// is then judged without what its aggregate's view held when it was recorded, since the
    /// view would hold what other streams recorded after it.
    pub order_across_streams_unknown: bool,
    /// Each stream's events are read together, in the order of their positions (a table read
    /// by key): a position jumped over would have come before the event after it, so a gap is
    /// certain even where reading stopped early.
    pub streams_in_sequence: bool,
    /// Names the commands process managers sent that the log records nothing of by its end
    /// (`--unanswered`): off by default, since watching them costs the replay about 3%
    /// (docs/decisions.md).
    pub unanswered: bool,
}

/// Marks `stream` as one that lost an event: its later events are not judged, the ledger stops
/// telling what follows from it, and no event is judged with its aggregate's view any more
/// (views are fed by every stream, so one that lost an event may have missed it).
fn lose<C: Judged>(
    stream: StreamId,
    unjudged: &mut FxHashSet<StreamId>,
    ledger: &mut C::Ledger,
    system: &mut System<C>,
) {
    ledger.lost(&stream);
    system.judge_with_views(false);
    unjudged.insert(stream);
}

/// Where a stream stands while reading, to catch gaps, repeats and events out of order: the
/// position of its last event in the replaying store, or of a later one that could not be
/// loaded (kept aside, as such events are few), so that one bad event is reported once.
#[derive(Default)]
struct Positions(FxHashMap<StreamId, u64>);

impl Positions {
    fn last<C: Judged>(&self, system: &System<C>, stream: &StreamId) -> u64 {
        self.past(stream, system.version(stream))
    }

    /// `last`, and the position and instant of the last event the stream loaded, found by one
    /// lookup of the stream (its aggregate's instance) where it has one.
    fn end<C: Judged>(
        &self,
        system: &System<C>,
        stream: &StreamId,
    ) -> (u64, Option<(u64, Instant)>) {
        match system.stream_end(stream) {
            Some((loaded, at)) => (self.past(stream, loaded), Some((loaded, at))),
            None => (self.last(system, stream), None),
        }
    }

    /// Where a stream stands that loaded up to `loaded`: there, or at a later position skipped.
    fn past(&self, stream: &StreamId, loaded: u64) -> u64 {
        self.0
            .get(stream)
            .map_or(loaded, |&skipped| skipped.max(loaded))
    }

    fn skip(&mut self, stream: &StreamId, sequence: u64) {
        self.0.insert(stream.clone(), sequence);
    }
}

/// The position expected after `last` in its stream, in words: a stream that reached the
/// largest position a log can write has none after it (where `last + 1` would wrap to 0, or
/// panic).
fn expected_after(last: u64) -> String {
    match last.checked_add(1) {
        Some(next) => format!("expected #{next}"),
        None => {
            format!("the stream is at its last possible position, #{last}: no event can follow it")
        }
    }
}

/// An event its aggregate could not have recorded, told after the place it was read at: a row
/// is named by its stream and position already, which a line's report gives after its number.
fn unrecordable_at(place: &Place, unrecordable: &domain::kernel::Unrecordable) -> String {
    let at = place.describe_at(&unrecordable.stream, unrecordable.sequence);
    match place {
        Place::Row(_) => format!(
            "{at}: {} could not have been recorded: {}",
            unrecordable.event, unrecordable.why
        ),
        Place::Line(..) => format!("{at}: {unrecordable}"),
    }
}

/// What reads the context's stored events into their current messages.
pub fn stored_reader<C: Judged>() -> StoredReader {
    StoredReader::new::<C::Event>(C::upcasters())
}

/// Verifies the log read from `input`; `migrated` receives each event in its current stored form.
/// Lines are read and parsed on threads of their own while the events before them are replayed:
/// one thread, or one per core the replay leaves free. More parsers than free cores would take
/// time from the replay, which the scheduler shares out evenly (measured: on two cores, two
/// parsing threads verify a million events 10% slower than one).
pub fn verify<C: Judged>(
    input: impl BufRead + Send,
    source: &str,
    options: &VerifyOptions,
    migrated: Option<&mut dyn Write>,
) -> (Report, System<C>) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let readers = cores.saturating_sub(1).clamp(1, MAX_READERS);
    verify_on_threads(input, source, options, migrated, readers)
}

/// Threads that parse lines at most: a parsing thread does about one and a half times the
/// replay's work an event, so three keep the replay busy.
const MAX_READERS: usize = 3;

/// `verify` with `readers` threads parsing lines (at least one).
pub fn verify_on_threads<C: Judged>(
    input: impl BufRead + Send,
    source: &str,
    options: &VerifyOptions,
    migrated: Option<&mut dyn Write>,
    readers: usize,
) -> (Report, System<C>) {
    let reader = stored_reader::<C>();
    let shared: Arc<str> = source.into();
    std::thread::scope(|scope| {
        let pages = line_pages(input, source, READ_AHEAD_PAGE);
        let reads = read_in_parallel(scope, pages, readers, move |page: LinePage| {
            read_page(&page, &shared, &reader)
        });
        verify_events(reads, options, migrated)
    })
}

/// `verify` on the calling thread alone: what the benchmark's one-core figure measures.
pub fn verify_on_one_thread<C: Judged>(
    input: impl BufRead,
    source: &str,
    options: &VerifyOptions,
    migrated: Option<&mut dyn Write>,
) -> (Report, System<C>) {
    verify_events(
        lines_of(input, source, stored_reader::<C>()),
        options,
        migrated,
    )
}

/// Verifies the stored events of any source.
pub fn verify_events<C: Judged>(
    events: impl Iterator<Item = Read<C::Event>>,
    options: &VerifyOptions,
    mut migrated: Option<&mut dyn Write>,
) -> (Report, System<C>) {
    let mut report = Report {
        rows: options.rows,
        ..Report::default()
    };
    let mut system = checked(System::<C>::new(steps::world::default_start()));
    // The invariants judge what the ledger keeps, so the events themselves need not stay: memory
    // follows the state the log builds, not the log's length.
    system.set_keep_log(false);
    system.set_keep_journal(false);
    // Nothing in a recorded log comes twice (a repeat is reported and skipped) and its clock never
    // runs on, so handled ids and timeouts would only be kept, never read.
    system.set_inbox(false);
    system.set_keep_given_schedule(false);
    // A recorded log holds only what its aggregates recorded: an event none could have recorded
    // in the state its stream had reached (an order placed twice) is reported where it was read.
    system.judge_history(true);
    system.judge_with_views(!options.order_across_streams_unknown);
    // Asked for (`--unanswered`), what process managers send is watched for its answer in the
    // log, which needs the log's order: read stream by stream, an answer may come before the
    // command it answers.
    let watched = options.unanswered && !options.order_across_streams_unknown;
    system.watch_answers(watched);
    let mut impossible: Vec<(u64, String)> = Vec::new();
    let mut ledger = C::Ledger::default();
    if options.order_across_streams_unknown {
        ledger.order_across_streams_unknown();
    }
    let mut positions = Positions::default();
    let mut gaps = Gaps::default();
    let mut misplaced = Misplaced::default();
    // The first line of each stream whose position could not be read.
    let mut unpositioned: FxHashMap<StreamId, (String, &str)> = FxHashMap::default();
    let mut forms = Forms::default();
    // Each error with the ordinal of the read it is about, so that gaps, reported once reading
    // ends, take their place among the others.
    // With each its kind and where, for the summary by kind.
    let mut errors: Vec<(u64, String, Kinded)> = Vec::new();
    // Where the events were read that broke an invariant as they came.
    let mut breach_places: FxHashMap<String, (u64, String)> = FxHashMap::default();
    let mut located = 0;
    // The first line that could not be read far enough to say which stream it was of.
    let mut first_unplaced = None;
    // Streams that miss an event (one that could not be read or placed, or positions jumped
    // over): what their aggregates could record next is no longer known, so their later
    // events are not judged. The error was told; what follows from it would only repeat it.
    let mut unjudged: FxHashSet<StreamId> = FxHashSet::default();
    // Whether reading ended before the log did (the source went away).
    let mut cut_short = false;
    let mut owing: Vec<(StreamId, u64, u64, Place)> = Vec::new();
    // Lines whose position was taken already: the ordinal of the read, its stream, position
    // and line.
    let mut repeats: Vec<(u64, StreamId, u64, u64)> = Vec::new();
    // The log's last instant: what it holds must have settled by then, but for what was still
    // within its time to settle.
    let mut end = Instant::MIN_UTC;
    // The first event whose source does not say when it was recorded, as its stream and position.
    let mut first_undated = None;
    // In a table, by each jump of a stream that later rows filled (the stream, and the position
    // it jumped to): the first of them, whose position contradicts the stream's sequence, and
    // the positions of those after it (see `behind_in_table`).
    let mut behind: FxHashMap<(StreamId, u64), Behind> = FxHashMap::default();
    let mut line_metadata = LineMetadata::default();
    let mut other_keys = OtherKeys::default();
    for read in events {
        // A jump is an error already: the positions it skipped come late (out of order) or never
        // (a gap). Not in a table read in the order of its positions: there the rows it skipped
        // coming late are one error with it (`behind_in_table`), so that a table of many
        // contradicting positions stopped at jumps that were no errors of their own.
        let pending = match options.rows && !options.streams_in_sequence {
            true => 0,
            false => gaps.pending(),
        };
        if options.max_errors > 0 && errors.len() + pending >= options.max_errors {
            report.stopped_early = true;
            break;
        }
        let ordinal = report.lines;
        let (place, mut stored, dated) = match read {
            Read::Event(place, stored) => (place, stored, true),
            Read::Undated(place, stored) => (place, stored, false),
            Read::Unreadable {
                place,
                why,
                position,
                kind,
                spot,
            } => {
                report.lines += 1;
                errors.push((ordinal, format!("{place}: {why}"), Kinded { kind, spot }));
                // Its stream goes on after it, reported once: here.
                match position {
                    Some((stream, Some(sequence))) => {
                        if sequence > positions.last(&system, &stream) {
                            positions.skip(&stream, sequence);
                        }
                        // A position jumped over came, unreadable (a row read last for its
                        // metadata): no gap, as the row is told already.
                        gaps.fill(&stream, sequence);
                        lose(stream, &mut unjudged, &mut ledger, &mut system);
                    }
                    // Its stream is known, its position not: a gap in that stream may be it.
                    Some((stream, None)) => {
                        unpositioned
                            .entry(stream.clone())
                            .or_insert((place, "whose position could not be read"));
                        lose(stream, &mut unjudged, &mut ledger, &mut system);
                    }
                    None => {
                        first_unplaced.get_or_insert(ordinal);
                    }
                }
                continue;
            }
            Read::Fatal(why) => {
                let kind = Kinded {
                    kind: "reading cut short (the source could not be read on)".to_string(),
                    spot: Spot::Nowhere,
                };
                errors.push((ordinal, why, kind));
                cut_short = true;
                break;
            }
        };
        report.lines += 1;
        report.events += 1;
        if let (Place::Line(..), Some(metadata)) = (&place, &stored.metadata) {
            line_metadata.observe(&place.describe(&stored), stored.recorded_at, metadata);
        }
        if let Some(others) = &stored.others {
            other_keys.observe(others, || place.describe(&stored));
        }
        let form = forms.of(&stored.event_type, stored.event_version);
        form.read += 1;
        // Positions start at 1: a 0 is no position, not a repeat of the one before the first.
        if stored.sequence == 0 {
            form.failed += 1;
            // The gap its stream then starts with may be this line: said there, as of a line
            // whose position did not read.
            unpositioned.entry(stored.stream.clone()).or_insert((
                place.describe(&stored),
                "at position 0, which is no position",
            ));
            lose(
                stored.stream.clone(),
                &mut unjudged,
                &mut ledger,
                &mut system,
            );
            errors.push((
                ordinal,
                format!(
                    "{}: {} position 0: a stream's positions start at 1",
                    place.describe(&stored),
                    shown(&stored.stream)
                ),
                Kinded::at(&place, &stored, "position 0".to_string()),
            ));
            continue;
        }
        let (last, loaded) = positions.end(&system, &stored.stream);
        if stored.sequence <= last {
            form.failed += 1;
            let here = place.describe(&stored);
            // An event of another stream moved to a position taken is no repeat: said so, as
            // a line at a free position would be (read only here, on the way to an error).
            // A repeat whose payload does not read is told why, here: a second reading, when
            // there is one, only compares it with the first line at its position.
            let (elsewhere, unread) = match system.decode_text(&mut stored) {
                Ok(e) => (system.check_stream(&stored.stream, &e.message).err(), None),
                Err(e) => (None, Some(e.naming_nearest::<C::Event>(system.upcasters()))),
            };
            // A copy read ahead of its place made the stream jump to it: the original, read
            // at its place, is told where the copy stood, which is the line to look at.
            let landed = gaps
                .landed(&stored.stream, stored.sequence)
                .map(|at| format!(", by the event the stream jumped to at {at}"))
                .unwrap_or_default();
            // Not "a repeat": the event at that position is not kept to compare, and two
            // writers that disagree are no harmless copy.
            let repeat = |expected: String| {
                let said = match &elsewhere {
                    Some(not_here) => {
                        format!(" ({expected}), and is no event of that stream: {not_here}")
                    }
                    None => format!(": its position is taken already{landed} ({expected})"),
                };
                match &unread {
                    Some(e) => format!("{said}; its payload does not read either: {e}"),
                    None => said,
                }
            };
            let filled = gaps.fill(&stored.stream, stored.sequence);
            let is_out_of_order = filled.is_some();
            if let (Some((_, _, to)), true) = (&filled, options.rows) {
                match behind.entry((stored.stream.clone(), *to)) {
                    std::collections::hash_map::Entry::Occupied(mut told) => {
                        told.get_mut().also.push(stored.sequence);
                        continue;
                    }
                    std::collections::hash_map::Entry::Vacant(first) => {
                        first.insert(Behind {
                            error: errors.len(),
                            ordinal,
                            sequence: stored.sequence,
                            also: Vec::new(),
                        });
                    }
                }
            }
            let kind = match (&filled, options.rows) {
                (Some(_), true) => "position contradicts its stream's sequence",
                (Some(_), false) => "stream's events out of order",
                (None, _) => "position taken already",
            };
            let kind = Kinded::at(&place, &stored, kind.to_string());
            let why = match filled {
                Some((jumped_at, _, to)) if options.rows => format!(
                    "{here}: {} #{} is read after #{to}, at {jumped_at}: the rows' positions \
                     (metadata.position, their order across streams) put it after #{to}, which \
                     follows it in its stream, so one of the two positions contradicts the \
                     stream's sequence, and the stream cannot be replayed in the order the \
                     table records",
                    shown(&stored.stream),
                    stored.sequence,
                ),
                Some((jumped_at, from, to)) => format!(
                    "{here}: {} #{} comes after #{last}: the stream's events out of order ({})",
                    shown(&stored.stream),
                    stored.sequence,
                    // Positions start at 1: a stream that "jumped from #0" started there.
                    match from {
                        0 => format!("it started at #{to}, at {jumped_at}"),
                        _ => format!("it jumped from #{from} to #{to} at {jumped_at}"),
                    }
                ),
                // Its position was taken (or a line that could not be read stood there).
                None if stored.sequence == last => format!(
                    "{here}: {} #{} comes again{}",
                    shown(&stored.stream),
                    stored.sequence,
                    repeat(expected_after(last))
                ),
                None => format!(
                    "{here}: {} #{} comes again, after #{last}{}",
                    shown(&stored.stream),
                    stored.sequence,
                    repeat(expected_after(last))
                ),
            };
            // A repeat is told, once reading ends, with the first line at its position (a file
            // read again), or the rows at its key (a table asked for them; line 0).
            if !is_out_of_order {
                let line = match &place {
                    Place::Line(_, line) => *line,
                    Place::Row(_) => 0,
                };
                repeats.push((ordinal, stored.stream.clone(), stored.sequence, line));
            }
            errors.push((ordinal, why, kind));
            continue;
        }
        // A jump over positions, opened as a gap once the event is known to be in its stream.
        // `stored.sequence > last` here: no overflow at the last position.
        let jumped = stored.sequence - last > 1;
        if jumped {
            lose(
                stored.stream.clone(),
                &mut unjudged,
                &mut ledger,
                &mut system,
            );
        }
        let open_gap = |gaps: &mut Gaps, stored: &StoredText<C::Event>| {
            if jumped {
                let here = place.describe(stored);
                let spot = place.spot(&stored.stream, stored.sequence);
                gaps.open(&stored.stream, last, stored.sequence, (here, spot), ordinal);
            }
        };
        let envelope = match system.decode_text(&mut stored) {
            Ok(e) => e,
            Err(e) => {
                let e = e.naming_nearest::<C::Event>(system.upcasters());
                open_gap(&mut gaps, &stored);
                positions.skip(&stored.stream, stored.sequence);
                lose(
                    stored.stream.clone(),
                    &mut unjudged,
                    &mut ledger,
                    &mut system,
                );
                form.failed += 1;
                let kind = of_decoding(&e, &stored.event_type, stored.event_version);
                errors.push((
                    ordinal,
                    format!(
                        "{}: {} version {}: {e}{}",
                        place.describe_event(&stored),
                        crate::report::name(&stored.event_type),
                        stored.event_version,
                        what_it_may_mean::<C>(&e, &stored, system.upcasters())
                    ),
                    Kinded::at(&place, &stored, kind),
                ));
                continue;
            }
        };
        if let Err(why) = system.check_stream(&envelope.stream, &envelope.message) {
            // Which of the two is wrong, the stream the line gives or the event's own, is not
            // known: the line takes no position (the stream's own event there, read later, is
            // no repeat), and both streams go unjudged. A gap at its position in either is told
            // that it may be this line.
            let names = system.stream_of(&envelope.message).ok();
            for stream in std::iter::once(&stored.stream).chain(names.as_ref()) {
                lose(stream.clone(), &mut unjudged, &mut ledger, &mut system);
            }
            misplaced.note(
                &stored.stream,
                stored.sequence,
                names.as_ref(),
                &place.describe(&stored),
            );
            form.failed += 1;
            // Upcast, the names the event gives may be the upcaster's doing: said as a payload
            // that does not fit after upcasting is.
            let upcast = domain::kernel::Message::name(&envelope.message) != &*stored.event_type
                || system.upcasters().current_version(&stored.event_type) != stored.event_version;
            let why = match upcast {
                true => format!(
                    "{} version {}: after upcasting, {why}",
                    crate::report::name(&stored.event_type),
                    stored.event_version
                ),
                false => why,
            };
            let kind = format!(
                "{} in a stream not its own",
                error_kinds::form(&stored.event_type, stored.event_version)
            );
            errors.push((
                ordinal,
                format!("{}: {why}", place.describe(&stored)),
                Kinded::at(&place, &stored, kind),
            ));
            continue;
        }
        open_gap(&mut gaps, &stored);
        form.upcast += 1;
        if !dated {
            // Counted as it is replayed: one that could not be read was told for that.
            report.undated += 1;
            first_undated
                .get_or_insert_with(|| format!("{}#{}", shown(&stored.stream), stored.sequence));
            // Replayed before any instant, so that the stream's next dated event is not told
            // dated back after it, and the log's end is not moved.
            system.set_now(Instant::MIN_UTC);
        } else {
            if let Some((before, at)) = loaded.filter(|(_, at)| envelope.recorded_at < *at) {
                DatedBack::note(&mut report.dated_back, at - envelope.recorded_at, || {
                    format!(
                        "{}, dated {}, after #{before}, dated {}",
                        place.describe_event(&stored),
                        instant_text(envelope.recorded_at),
                        instant_text(at)
                    )
                });
            }
            end = end.max(envelope.recorded_at);
            system.set_now(envelope.recorded_at);
        }
        let appended = match system.given_at(envelope.stream, envelope.sequence, envelope.message) {
            Ok(appended) => appended,
            Err(e) => {
                positions.skip(&stored.stream, stored.sequence);
                lose(
                    stored.stream.clone(),
                    &mut unjudged,
                    &mut ledger,
                    &mut system,
                );
                let kind = format!(
                    "{} could not be loaded",
                    error_kinds::form(&stored.event_type, stored.event_version)
                );
                errors.push((
                    ordinal,
                    format!("{}: {e}", place.describe(&stored)),
                    Kinded::at(&place, &stored, kind),
                ));
                continue;
            }
        };
        // An event told here as one its aggregate could not have recorded is told to the ledger
        // too, after it is folded, so that the end's checks do not tell it again.
        let mut refused = false;
        for unrecordable in system.take_impossible() {
            if unjudged.contains(&unrecordable.stream) {
                report.unjudged += 1;
                continue;
            }
            impossible.push((ordinal, unrecordable_at(&place, &unrecordable)));
            refused = true;
        }
        // Where each event that owes its stream the next one was read, while it owes it: a
        // log holds a decision's events on adjacent lines, so the list holds a stream or two.
        if !owing.is_empty() {
            owing.retain(|(stream, sequence, ..)| system.owes(stream) == Some(*sequence));
        }
        if system.owes(&appended.stream) == Some(appended.sequence) {
            owing.push((
                appended.stream.clone(),
                appended.sequence,
                ordinal,
                place.clone(),
            ));
        }
        ledger.observe(&appended);
        if refused {
            ledger.told(&appended);
        }
        let found = ledger.found_on_the_way();
        if found.len() > located {
            for breach in &found[located..] {
                breach_places
                    .entry(breach.clone())
                    .or_insert_with(|| (ordinal, place.describe(&stored)));
            }
            located = found.len();
        }
        if let Some(out) = migrated.as_deref_mut() {
            let current = StoredEvent::encode::<C>(&appended, system.upcasters());
            // What the event carries beyond its stored form goes with it, as it was read.
            if let Ok(text) =
                current.line_with(stored.metadata.as_deref(), stored.others.as_deref())
            {
                let _ = writeln!(out, "{text}");
            }
        }
    }
    // A stream that ends on an event its decision only records with another after it lost its
    // last event; a log read in part ends streams anywhere.
    if !report.stopped_early && !cut_short {
        for unrecordable in system.take_told_in_part() {
            if unjudged.contains(&unrecordable.stream) {
                report.unjudged += 1;
                continue;
            }
            let read_at = owing.iter().find(|(stream, sequence, ..)| {
                *stream == unrecordable.stream && *sequence == unrecordable.sequence
            });
            // Told where the event was read, in the log's order with the others.
            impossible.push(match read_at {
                Some((.., ordinal, place)) => (*ordinal, unrecordable_at(place, &unrecordable)),
                None => (report.lines, unrecordable.to_string()),
            });
        }
    }
    behind_in_table(&mut errors, &behind);
    // In a table read in the order of its positions and stopped early, a stream that jumped
    // ahead may have its earlier rows later in the table: not told as gaps, counted.
    let in_position_order = options.rows && !options.streams_in_sequence;
    if let (true, true, jumps @ 1..) = (report.stopped_early, in_position_order, gaps.pending()) {
        report.notes.push(format!(
            "not checked: {} jumped ahead of {} first rows, which had not come when reading \
             stopped (they may stand later in the table's order)",
            plural(jumps as u64, "stream", "streams"),
            match jumps {
                1 => "its",
                _ => "their",
            }
        ));
    } else {
        errors.extend(
            gaps.close(&Suspects {
                stopped_early: report.stopped_early && !options.streams_in_sequence,
                first_unplaced,
                rows: options.rows,
                misplaced: &misplaced,
                unpositioned: &unpositioned,
            })
            .map(|(ordinal, said, spot)| {
                let kind = "gap: a stream jumps over positions".to_string();
                (ordinal, said, Kinded { kind, spot })
            }),
        );
    }
    errors.sort_by_key(|(ordinal, ..)| *ordinal);
    // A repeat's read told one error, the only one of its ordinal, and so did a contradiction's.
    let error_of = |ordinal: u64| {
        let error = errors.partition_point(|(o, ..)| *o < ordinal);
        (errors.get(error).map(|(o, ..)| *o) == Some(ordinal)).then_some(error)
    };
    report.repeats = repeats
        .into_iter()
        .filter_map(|(ordinal, stream, sequence, line)| {
            error_of(ordinal).map(|error| Repeat {
                error,
                stream,
                sequence,
                line,
            })
        })
        .collect();
    report.contradictions = behind
        .into_iter()
        .filter_map(|((stream, after), first)| {
            error_of(first.ordinal).map(|error| Contradiction {
                error,
                stream,
                sequence: first.sequence,
                after,
            })
        })
        .collect();
    report.contradictions.sort_by_key(|c| c.error);
    report.error_kinds =
        error_kinds::summed_up(errors.iter().map(|(_, _, k)| (k.kind.as_str(), &k.spot)));
    report.errors = errors.into_iter().map(|(_, e, _)| e).collect();
    report.notes.extend(line_metadata.told());
    report.notes.extend(other_keys.told());
    // What a live system's log ends in the middle of: told of a log read whole without errors,
    // where every process under way is the log's own, not one an error left standing.
    if report.errors.is_empty() && !report.stopped_early && !cut_short {
        report.notes.extend(in_flight_at(&system, end));
        if watched && end != Instant::MIN_UTC {
            report.notes.extend(unanswered_at(&system, end));
        }
    }
    report.forms = forms.sorted(&CurrentForms::new::<C::Event>(system.upcasters()));
    report.unjudged += ledger.untold();
    // A log read in part may hold further on the streams it has not shown yet, and what one
    // stream waited for from another in the part not read.
    // A log with no events leaves nothing unjudged.
    if !report.stopped_early && !cut_short && report.events > 0 {
        report.not_judged = ledger.not_judged();
    } else if report.stopped_early || cut_short {
        ledger.read_in_part();
    }
    if let (Some(first), true) = (first_undated, C::SETTLES_BY_TIME) {
        report
            .not_judged
            .push(undated_not_judged(&report, &first, end));
        // With no instant at all, nothing left open can be judged late: what it is, is named,
        // as a lost ending (an order's expiry) leaves no other trace.
        if end == Instant::MIN_UTC && !report.stopped_early && !cut_short {
            report
                .not_judged
                .extend(left_open_not_judged(C::left_open(&system, &ledger)));
        }
    }
    // Those found as events came first, in the log's order (for one event, what its aggregate
    // could not have recorded before what the invariants found); then those judged on the end
    // state.
    // Each with whether the invariants found it (across streams) rather than the event's own
    // aggregate (whose stream would show a lost event as a gap).
    let mut breaches: Vec<(u64, String, bool)> =
        impossible.into_iter().map(|(o, b)| (o, b, false)).collect();
    let retold = ledger.retold();
    let retold: FxHashSet<&str> = retold.iter().map(String::as_str).collect();
    // A log read in part ends anywhere: what it left out may have settled what it holds.
    let unsettled = match report.stopped_early || cut_short {
        true => Vec::new(),
        false => C::settled_by(&system, &ledger, end),
    };
    for breach in crate::judging::breaches(&system, &ledger)
        .into_iter()
        .chain(unsettled)
    {
        if retold.contains(breach.as_str()) {
            report.retold += 1;
            continue;
        }
        breaches.push(match breach_places.get(&breach) {
            Some((ordinal, place)) => (*ordinal, format!("{place}: {breach}"), true),
            None => (u64::MAX, breach, true),
        });
    }
    breaches.sort_by_key(|(ordinal, _, _)| *ordinal);
    // A line that could not be read far enough to name its stream may be the event a later
    // breach misses (a seat type's creation, before seats given of it): which stream it lost is
    // not known, so what follows is told, and said to be perhaps only that line's doing.
    let (unit, where_) = match options.rows {
        true => ("row", "a row above"),
        false => ("line", "a line above"),
    };
    report.invariant_breaches = breaches
        .into_iter()
        .map(|(ordinal, b, across_streams)| match first_unplaced {
            Some(unplaced) if across_streams && ordinal > unplaced => format!(
                "{b} (perhaps only because {where_} could not be read: which stream that {unit} \
                 was of is not known)"
            ),
            _ => b,
        })
        .collect();
    // Read models of part of the log would differ from the expected ones in every entry the
    // rest of it builds.
    if let (Some(expected), false) = (&options.expect, report.stopped_early) {
        for difference in compare_read_models(&system, expected) {
            report.add_difference(difference);
        }
        // A log that lost events differs for that alone: its differences point at no upcaster.
        if report.errors.is_empty() {
            report
                .notes
                .extend(upcast_into_differing::<C>(&report, system.upcasters()));
        }
    }
    (report, system)
}

/// What is not judged of a log some of whose events do not say when they were recorded (rows
/// whose metadata gives no `recorded_at`, `first` the first of them): they are replayed in the
/// order read, before any instant, and what must have settled by the log's end is
/// judged by `end`, the last instant the others give, which the log's own end cannot precede.
fn undated_not_judged(report: &Report, first: &str, end: Instant) -> String {
    const WHAT: &str = "what depends on when events were recorded, such as what must have \
                        settled by the log's end";
    const WHY: &str = "postgres-es writes `{}` there unless the application adds to it; gwt \
                       load writes {\"recorded_at\": \"2026-01-05T09:00:00Z\", …}";
    match end == Instant::MIN_UTC {
        true => format!(
            "{WHAT}: no row's metadata gives `recorded_at`, the instant its event was recorded \
             ({WHY}), so the events were replayed in the order read, with no clock"
        ),
        false => format!(
            "{WHAT} (judged as of {}, the last instant a row gives): {} no `recorded_at` in \
             {} metadata (the first: {first}; {WHY}), so {} replayed in the order read, with no \
             clock",
            instant_text(end),
            plural(report.undated, "row gives", "rows give"),
            match report.undated {
                1 => "its",
                _ => "their",
            },
            match report.undated {
                1 => "it was",
                _ => "they were",
            },
        ),
    }
}

/// What a payload that does not read likely means, where the catalog can tell: a current form
/// with a field this build does not know was most likely written by a newer release of the
/// system; a version a type never had, by its name, is one it had under a name renamed since
/// (`OrderPaymentConfirmed` version 1, now `OrderConfirmed`), the line giving the new name with
/// the old version.
fn what_it_may_mean<C: Judged>(
    e: &domain::kernel::DecodeError,
    stored: &StoredText<C::Event>,
    upcasters: &domain::kernel::Upcasters,
) -> String {
    use domain::kernel::{DecodeError, Message, MessageError, UpcastError};
    match e {
        DecodeError::Payload(MessageError::Invalid { reason, .. })
            if reason.contains("is not a field of the payload") =>
        {
            " (written by a newer release of the system than this build knows? this build \
             cannot keep the field, so --write-migrated would lose it)"
                .to_string()
        }
        // The log was written by the deployed build, so a name no current event has is most
        // often one this build renamed, whose step still reads the new name (a rename made
        // throughout the code renames the step's `from` too): the wiring check cannot tell,
        // as only the log holds the old name.
        DecodeError::Upcast(UpcastError::UnknownType { .. }) => RENAMED_EVENT.full.to_string(),
        DecodeError::Upcast(UpcastError::UnknownVersion { version, .. }) => {
            let Some(&name) = C::Event::names()
                .iter()
                .find(|name| **name == &*stored.event_type)
            else {
                return String::new();
            };
            upcasters
                .stored_forms(name)
                .into_iter()
                .find(|&(other, v)| v == *version && other != name)
                .map(|(other, _)| {
                    format!(
                        "; version {version} of it was stored as `{other}`, renamed since: a line \
                         of that version names it `{other}`"
                    )
                })
                .unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// For each read model that differs from the expected ones, the older stored forms this log
/// upcast into the events it reads: a difference names a read model's entry and field, not the
/// line that made it, and of a log the deployed build read, those forms' upcasters are where a
/// new build most often goes wrong (a default that means otherwise, a unit changed). Said too
/// when it read none, which puts the difference in the domain's own change. Worked out once,
/// from the counts by form, so that reading pays nothing for it.
fn upcast_into_differing<C: Judged>(
    report: &Report,
    upcasters: &domain::kernel::Upcasters,
) -> Vec<String> {
    let catalog = domain::kernel::Catalog::of::<C>();
    // The current event a stored form is read as, following the steps from it.
    let current_of = |name: &str, version: u32| -> Option<&'static str> {
        let mut form = (name, version);
        let mut reached = None;
        while let Some(step) = upcasters.step_from(form) {
            reached = Some(step.to.0);
            form = step.to;
        }
        reached
    };
    catalog
        .read_models
        .iter()
        .filter(|model| {
            let (whole, of_field) = (format!("{}:", model.name), format!("{}.", model.name));
            report
                .difference_kinds
                .keys()
                .any(|kind| kind.starts_with(&whole) || kind.starts_with(&of_field))
        })
        .map(|model| {
            let forms: Vec<String> = report
                .forms
                .iter()
                .flat_map(|(name, versions)| versions.iter().map(move |(v, c)| (name, *v, c)))
                .filter(|(_, _, c)| !c.current && c.upcast > 0)
                .filter_map(|(name, version, c)| {
                    let into = current_of(name, version)?;
                    model.subscribes.contains(&into).then(|| {
                        let renamed = match into == name.as_str() {
                            true => String::new(),
                            false => format!(", read as `{into}`"),
                        };
                        format!(
                            "`{}` version {version} ({} upcast{renamed})",
                            crate::report::name(name),
                            readable(c.upcast)
                        )
                    })
                })
                .collect();
            match forms.is_empty() {
                true => format!(
                    "{} differs, and no event it reads was upcast from an older stored form: \
                     the difference is not an upcaster's, but the domain's own change (how the \
                     read model or the events it reads are built)",
                    model.name
                ),
                false => format!(
                    "{} differs; of the events it reads, these were upcast from older stored \
                     forms, and their upcasters are the first to check: {}",
                    model.name,
                    forms.join(", ")
                ),
            }
        })
        .collect()
}

fn readable(n: u64) -> String {
    domain::kernel::readable_number(n.into())
}

/// What an unknown event type is told it may be: an event renamed without a step from the name
/// the log stores.
pub(super) const RENAMED_EVENT: domain::kernel::Advice = domain::kernel::Advice {
    full: " (if this build renamed the event, an upcaster must still read the name the log \
     stores: a step `from: (\"<that name>\", <its version>)` to the new name; renaming the \
     event throughout the code renames the step's `from` too)",
    again: " (renamed without a step from this name? see the first such error above)",
};

/// The processes under way at the log's `end`, by process manager, as each can tell
/// (`ProcessManager::in_flight`): a line, naming the first few instances of each. None when none
/// is under way.
fn in_flight_at<C: Judged>(system: &System<C>, end: Instant) -> Option<String> {
    const NAMED: usize = 3;
    let by_process: Vec<String> = system
        .process_slots()
        .iter()
        .filter_map(|slot| {
            let open = slot.in_flight(end);
            let named: Vec<String> = open
                .iter()
                .take(NAMED)
                .map(|(id, at)| format!("{}: {at}", crate::report::name(id)))
                .collect();
            let more = match open.len().saturating_sub(NAMED) {
                0 => String::new(),
                rest => format!("; and {rest} more"),
            };
            (!open.is_empty()).then(|| {
                format!(
                    "{} {} {} ({}{more})",
                    open.len(),
                    slot.name(),
                    match open.len() {
                        1 => "instance",
                        _ => "instances",
                    },
                    named.join("; ")
                )
            })
        })
        .collect();
    (!by_process.is_empty()).then(|| {
        format!(
            "in flight at the log's end (not an error: a live system's log ends with processes \
             under way): {}",
            by_process.join("; ")
        )
    })
}

/// The commands process managers sent that the log records nothing of by its `end`, and that
/// their aggregates would still act on (`System::unanswered`): a line naming the first few. At
/// the log's end an answer lost cannot be told from one not recorded yet, so it is no error;
/// an answer lost before a later event of its stream is the invariants' to find.
fn unanswered_at<C: Judged>(system: &System<C>, end: Instant) -> Option<String> {
    const NAMED: usize = 3;
    let unanswered = system.unanswered(end);
    if unanswered.is_empty() {
        return None;
    }
    let named: Vec<String> = unanswered
        .iter()
        .take(NAMED)
        .map(|u| u.to_string())
        .collect();
    let more = match unanswered.len().saturating_sub(NAMED) {
        0 => String::new(),
        rest => format!("; and {rest} more"),
    };
    Some(format!(
        "sent and not answered at the log's end (not an error: a live system's log may end \
         before a command's effect is recorded, and a command lost on its way leaves the same \
         trace): {} ({}{more})",
        plural(unanswered.len() as u64, "command", "commands"),
        named.join("; ")
    ))
}

/// An error's kind, and where it was found, for the summary by kind (`error_kinds`).
struct Kinded {
    kind: String,
    spot: Spot,
}

impl Kinded {
    /// Of the event `stored`, read at `place`.
    fn at<E>(place: &Place, stored: &StoredText<E>, kind: String) -> Self {
        Kinded {
            kind,
            spot: place.spot(&stored.stream, stored.sequence),
        }
    }
}

/// The first row of a stream read after a later one of its own, in a table: the error told of
/// it (by its index before the errors are sorted, and by the ordinal of its read), its position,
/// and the positions of the rows of its stream read after that later one too.
struct Behind {
    error: usize,
    ordinal: u64,
    sequence: u64,
    also: Vec<u64>,
}

/// Tells, at the first row of a stream read after a later one of its own (`behind`: the error
/// told of it, by the stream and the position it was read after), the others read after that
/// one too. In a table a stream's sequence is its key, so its rows come out of order only where
/// their positions contradict it, and one wrong position makes every row it was put before
/// late: one error, not one a row (a file's lines are each where they stand, and each told).
fn behind_in_table(
    errors: &mut [(u64, String, Kinded)],
    behind: &FxHashMap<(StreamId, u64), Behind>,
) {
    for first in behind.values() {
        if let (Some((_, said, _)), false) = (errors.get_mut(first.error), first.also.is_empty()) {
            let also: Vec<String> = first.also.iter().map(|s| format!("#{s}")).collect();
            said.push_str(&format!(
                "; {} read after that row too, and not replayed either",
                match also.as_slice() {
                    [one] => format!("{one} is"),
                    several => format!("{} are", several.join(", ")),
                }
            ));
        }
    }
}

/// What a log with no clock leaves open at its end (`Judged::left_open`), the first
/// `LEFT_OPEN_NAMED` of it named: whether each should have settled by the end is not judged.
fn left_open_not_judged(open: Vec<String>) -> Option<String> {
    const LEFT_OPEN_NAMED: usize = 10;
    if open.is_empty() {
        return None;
    }
    let more = match open.len().saturating_sub(LEFT_OPEN_NAMED) {
        0 => String::new(),
        rest => format!("; and {rest} more"),
    };
    let named = &open[..open.len().min(LEFT_OPEN_NAMED)];
    Some(format!(
        "whether what the log leaves open at its end should have settled by then, with no \
         instant to judge by (what ended it may be missing): {}{more}",
        named.join("; ")
    ))
}

/// A system of a context whose wiring `gwt` has checked already (`domains::check_wiring`).
///
/// # Panics
/// With the wiring's mistakes, for a caller that did not check it.
pub(super) fn checked<C: domain::kernel::BoundedContext>(
    system: Result<System<C>, domain::kernel::WiringError>,
) -> System<C> {
    system.unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows whose metadata gives no `recorded_at` (a postgres-es table's) are replayed, their
    /// instant not known: they build the same read models, the stream's next dated event is not
    /// told dated back after them, and the report says what was not judged for want of it.
    /// Each row was an error before, so that a postgres-es table could not be verified at all.
    #[test]
    fn rows_without_recorded_at_are_replayed_and_what_depends_on_time_is_not_judged() {
        use crate::export::{export, Versions};
        use crate::search::Options;
        use domain::conference::ConferenceContext;
        let mut log = Vec::new();
        export::<ConferenceContext>(&Options::new(60, 5, 1), Versions::Mixed, &mut log).unwrap();
        let options = VerifyOptions {
            rows: true,
            ..VerifyOptions::default()
        };
        // Every `undated`-th event read without its instant (0: none).
        let verify_with = |undated: usize| {
            let reader = stored_reader::<ConferenceContext>();
            let reads = lines_of(&log[..], "db", reader)
                .enumerate()
                .map(|(i, read)| match read {
                    Read::Event(place, stored) if undated > 0 && i % undated == 1 % undated => {
                        Read::Undated(place, stored)
                    }
                    read => read,
                });
            verify_events::<ConferenceContext>(reads, &options, None)
        };
        let (dated, dated_system) = verify_with(0);
        assert_eq!(dated.exit_code(), 0, "{}", dated.render("db", 0));
        assert!(dated.not_judged.is_empty());
        let models = crate::migration::read_models_json(&dated_system);
        for undated in [1, 3] {
            let (report, system) = verify_with(undated);
            let said = report.render("db", 0);
            assert_eq!(report.exit_code(), 0, "{said}");
            assert_eq!(report.events, dated.events, "{said}");
            assert!(report.dated_back.is_none(), "{said}");
            assert_eq!(crate::migration::read_models_json(&system), models);
            let not_judged = report.not_judged.join("\n");
            assert!(
                said.ends_with(
                    "clean: every event upcast and replayed, and checked but for what is not \
                     judged above\n"
                ),
                "{said}"
            );
            match undated {
                1 => assert!(
                    not_judged.contains(
                        "what depends on when events were recorded, such as what must have \
                         settled by the log's end: no row's metadata gives `recorded_at`"
                    ),
                    "{said}"
                ),
                _ => {
                    // Rows 1, 4, 7… (counted from 0): `div_ceil` counted one too many for a
                    // log of 3k + 1 events.
                    let count = (report.events + 1) / 3;
                    assert_eq!(report.undated, count);
                    assert!(
                        not_judged.contains(&format!(
                            "{count} rows give no `recorded_at` in their metadata (the first: "
                        )),
                        "{said}"
                    );
                }
            }
        }
    }
    /// With no clock at all, a log that lost an order's expiry verified clean, the `not judged:`
    /// line saying only that what must settle by the end was not judged. The order it leaves
    /// open is named there now (the review's M2), and a log that lost nothing names none.
    #[test]
    fn with_no_clock_the_orders_left_open_are_named() {
        use crate::export::{export, Versions};
        use crate::search::Options;
        use domain::conference::ConferenceContext;
        let mut log = Vec::new();
        export::<ConferenceContext>(&Options::new(60, 5, 1), Versions::Mixed, &mut log).unwrap();
        let text = String::from_utf8(log).unwrap();
        let expiry = text
            .lines()
            .find(|l| l.contains("\"event_type\":\"OrderExpired\""))
            .expect("an order expires in 60 histories");
        let order = expiry
            .split("\"stream\":\"Order/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        let lost: String = text
            .lines()
            .filter(|l| *l != expiry)
            .flat_map(|l| [l, "\n"])
            .collect();
        let options = VerifyOptions {
            rows: true,
            ..VerifyOptions::default()
        };
        let verify =
            |log: &str| {
                let reads = lines_of(log.as_bytes(), "db", stored_reader::<ConferenceContext>())
                    .map(|read| match read {
                        Read::Event(place, stored) => Read::Undated(place, stored),
                        read => read,
                    });
                verify_events::<ConferenceContext>(reads, &options, None).0
            };
        let clean = verify(&text);
        assert_eq!(clean.exit_code(), 0, "{}", clean.render("db", 0));
        assert_eq!(clean.not_judged.len(), 1, "{:?}", clean.not_judged);
        let report = verify(&lost);
        let said = report.render("db", 0);
        assert_eq!(report.exit_code(), 0, "{said}");
        let open = report
            .not_judged
            .iter()
            .find(|line| line.starts_with("whether what the log leaves open at its end"))
            .unwrap_or_else(|| panic!("{said}"));
        assert!(open.contains(&format!("order {order} is left ")), "{open}");
        assert!(open.contains(", its seats held until "), "{open}");
        // Dated, the same loss is told as a breach, and nothing is said not judged.
        let (dated, _) = verify_events::<ConferenceContext>(
            lines_of(lost.as_bytes(), "db", stored_reader::<ConferenceContext>()),
            &options,
            None,
        );
        assert_eq!(dated.exit_code(), 1, "{}", dated.render("db", 0));
        assert!(dated.not_judged.is_empty());
    }
    /// A table's row whose position puts it before the earlier events of its own stream was
    /// told out of order at each of them (three errors for one wrong position, the review's
    /// L3): one error now, naming the positions as what contradicts the sequence. A file's
    /// lines are each where they stand, and each is told.
    #[test]
    fn in_a_table_one_contradicting_position_is_one_error() {
        use crate::export::{export, Versions};
        use crate::search::Options;
        use domain::conference::ConferenceContext;
        let mut log = Vec::new();
        export::<ConferenceContext>(&Options::new(60, 5, 1), Versions::Mixed, &mut log).unwrap();
        let text = String::from_utf8(log).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        let stream_of = |line: &str| {
            line.split("\"stream\":\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        };
        // A stream's fourth event moved before its first.
        let fourth = lines
            .iter()
            .position(|l| l.contains("\"sequence\":4,"))
            .unwrap();
        let stream = stream_of(lines[fourth]);
        let first = lines.iter().position(|l| stream_of(l) == stream).unwrap();
        let moved = lines.remove(fourth);
        lines.insert(first, moved);
        let log: String = lines.iter().flat_map(|l| [*l, "\n"]).collect();
        let verify = |rows: bool| {
            let options = VerifyOptions {
                rows,
                ..VerifyOptions::default()
            };
            let reads = lines_of(log.as_bytes(), "db", stored_reader::<ConferenceContext>());
            verify_events::<ConferenceContext>(reads, &options, None).0
        };
        let table = verify(true);
        let said = table.render("db", 0);
        assert_eq!(table.exit_code(), 2, "{said}");
        assert_eq!(table.errors.len(), 1, "{said}");
        assert!(
            table.errors[0].contains(&format!(
                "{stream} #1 is read after #4, at db:1: the rows' positions"
            )) && table.errors[0]
                .ends_with("; #2, #3 are read after that row too, and not replayed either"),
            "{said}"
        );
        let file = verify(false);
        let said = file.render("db", 0);
        assert_eq!(file.errors.len(), 3, "{said}");
        assert!(
            file.errors
                .iter()
                .all(|e| e.contains("the stream's events out of order")),
            "{said}"
        );
    }
}
