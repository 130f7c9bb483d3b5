//! `gwt verify-migration` end to end: open the source (never for writing), verify, compare,
//! write the migrated copy and check it replays the same, print the report.

use std::io::{BufRead, BufReader, Chain, Cursor, IsTerminal, Read as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use crate::compressed::refuse_compressed;
use domain::kernel::{Catalog, MessageKind, System};
use serde_json::Value;
use std::sync::Arc;
use steps::same_file::same_file;

use crate::judging::Judged;
use crate::migration::{plural, read_models_json, verify, Report, VerifyOptions};
#[cfg(feature = "postgres")]
use crate::migration::{verify_events, Read};
use crate::output::{remove_partial_files_when_interrupted, Output};

pub struct Request {
    pub from: String,
    pub expect: Option<PathBuf>,
    pub write_migrated: Option<PathBuf>,
    pub export_read_models: Option<PathBuf>,
    pub max_errors: usize,
    /// A log with no events verifies clean; otherwise it is refused.
    pub allow_empty: bool,
    /// Names the commands process managers sent that the log records nothing of by its end.
    pub unanswered: bool,
}

/// A log of another domain fails on every line with an unknown event type; as `gwt test` does for
/// a name of another domain, one line says which `--domain` reads them.
fn other_domain_hint(report: &Report, own: &Catalog, others: &[Arc<Catalog>]) -> Option<String> {
    let unknown: Vec<&str> = report
        .forms
        .iter()
        .filter(|(name, versions)| {
            own.message(name).is_none() && versions.values().any(|c| c.failed > 0)
        })
        .map(|(name, _)| name.as_str())
        .collect();
    others.iter().find_map(|other| {
        let theirs: Vec<&str> = unknown
            .iter()
            .copied()
            .filter(|name| {
                other
                    .message(name)
                    .is_some_and(|m| m.kind == MessageKind::Event)
            })
            .collect();
        let shown = match theirs.len() {
            0 => return None,
            1..=3 => theirs.join(", "),
            n => format!("{} and {} more", theirs[..3].join(", "), n - 3),
        };
        // A log that holds this domain's events too mixes the two: the other domain would
        // refuse this one's as this one refuses its.
        let own_read: u64 = report
            .forms
            .iter()
            .filter(|(name, _)| own.message(name).is_some())
            .flat_map(|(_, versions)| versions.values())
            .map(|c| c.read - c.failed)
            .sum();
        Some(match own_read {
            0 => format!(
                "these are events of the {} domain ({shown}): run with --domain {}",
                other.domain, other.domain
            ),
            _ => format!(
                "the log mixes events of the {} domain ({shown}) with {own_read} of the {} \
                 domain: each domain verifies its own events, so split the log by stream, and \
                 verify each part with its --domain",
                other.domain, own.domain
            ),
        })
    })
}

/// How many of a log file's first events are looked at before it is read, to tell a log of
/// another domain at once.
const FIRST_EVENTS: usize = 64;

/// How far into a log file its first events are looked for.
const FIRST_BYTES: u64 = 1 << 20;

/// One of a log's first events, as far as telling its domain goes: its type, and the kind of
/// its stream (`Payment` of `Payment/ORD-3`) when it names one.
struct FirstEvent {
    event_type: String,
    kind: Option<String>,
}

/// Whether `catalog` knows `event_type` as an event, current or an older stored form.
fn knows_event(catalog: &Catalog, event_type: &str) -> bool {
    catalog.messages.iter().any(|m| is_event(m, event_type))
}

fn is_event(m: &domain::kernel::CatalogEntry, event_type: &str) -> bool {
    m.kind == MessageKind::Event
        && (m.name == event_type || m.stored_versions.iter().any(|v| v.event_type == event_type))
}

/// Whether `catalog` records `event` in the stream it is in: two domains may share an event's
/// name (`PaymentCompleted` is the store's, in `Payment` streams, and the conference's, in
/// `ThirdPartyProcessorPayment` ones), not the aggregate that records it. An event no aggregate
/// records (another system's, published in) may stand in any stream, as verification reads it.
fn records(catalog: &Catalog, event: &FirstEvent) -> bool {
    catalog.messages.iter().any(|m| {
        is_event(m, &event.event_type)
            && (event.kind.as_deref())
                .is_none_or(|kind| m.handled_by.is_none_or(|recorder| recorder == kind))
    })
}

/// What a log file's first bytes tell before it is read, its head read once: read models given
/// as the log, or a log of another domain. Standard input, a named pipe or a process substitution
/// (`<(zcat log.gz)`) cannot be read twice, so only a regular file is looked at: opening a named
/// pipe pairs with its writer, and closing it unread lost what the writer had put in it, the
/// reader after it waiting for a writer that had gone.
fn told_by_its_head(
    path: &Path,
    own: &Catalog,
    others: &[Arc<Catalog>],
    read_models: &[ReadModelName],
) -> Option<String> {
    use std::io::{BufRead, Read};
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut head = BufReader::new(std::fs::File::open(path).ok()?);
    if let Some(said) = read_models_as_log(head.fill_buf().ok()?, "it", read_models, None) {
        return Some(format!("cannot read {}: {said}", path.display()));
    }
    let first = first_events(head.take(FIRST_BYTES));
    of_another_domain(&first, &path.display().to_string(), own, others)
}

/// The event types of a log file's first events (up to `FIRST_EVENTS`), from its first bytes
/// (`first`): a file of anything but events would otherwise be read whole before its first
/// line's error. Lines that do not read as a stored event are skipped.
fn first_events(first: impl std::io::BufRead) -> Vec<FirstEvent> {
    #[derive(serde::Deserialize)]
    struct Typed {
        event_type: String,
        #[serde(default)]
        stream: Option<serde_json::Value>,
    }
    let mut events = Vec::new();
    for (i, line) in first.split(b'\n').enumerate() {
        if events.len() == FIRST_EVENTS {
            break;
        }
        let Ok(line) = line else { break };
        let line = domain::kernel::line_without_byte_order_mark(&line, i as u64 + 1);
        if let Ok(typed) = serde_json::from_slice::<Typed>(line) {
            let stream = typed.stream.as_ref().and_then(|s| s.as_str());
            let kind = stream
                .and_then(|s| s.parse::<domain::kernel::StreamId>().ok())
                .map(|s| s.kind.to_string());
            events.push(FirstEvent {
                event_type: typed.event_type,
                kind,
            });
        }
    }
    events
}

/// What is said of read models given as the log (`--from read-models.json`, as
/// --export-read-models writes them), by the file's first bytes (`head`): a JSON object whose
/// first key names a read model of the domain. Told as JSON over several lines, its advice
/// (`jq -c '.'`) led to an error on every key, where `--expect` was meant; a log given to
/// `--expect` is told so already. `it` names the log in the words said (`standard input`).
/// `read_models_to`: the command that takes read models, when it is not the one run.
fn read_models_as_log(
    head: &[u8],
    it: &str,
    read_models: &[ReadModelName],
    read_models_to: Option<&str>,
) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let text = domain::kernel::without_byte_order_mark(&text);
    let rest = text.trim_start().strip_prefix('{')?.trim_start();
    let mut key = serde_json::Deserializer::from_str(rest).into_iter::<String>();
    let first = key.next()?.ok()?;
    let (_, domain) = read_models.iter().find(|(name, _)| *name == first)?;
    // Another domain's read models go to --expect of that domain.
    let (of, with) = match domain {
        Some(domain) => (
            format!(" of the {domain} domain"),
            format!(" with --domain {domain}"),
        ),
        None => (String::new(), String::new()),
    };
    Some(format!(
        "{it} is read models{of} (`{first}` first, as --export-read-models writes them), not an \
         event log: {}",
        match read_models_to {
            None => format!("give it to --expect{with}, and the log to --from"),
            Some(command) => {
                format!("read models go to {command} --expect{with}, and a log to --from")
            }
        }
    ))
}

/// A read model's name, and the domain it is of when it is not the one run (`None`).
pub(crate) type ReadModelName = (&'static str, Option<&'static str>);

/// The read models of the domain run, then those of `others`, each named with its domain.
fn read_model_names<C: Judged>(others: &[Arc<Catalog>]) -> Vec<ReadModelName> {
    let wiring = C::wiring();
    let own = wiring.read_models.iter().map(|r| (r.name(), None));
    let theirs = others
        .iter()
        .flat_map(|c| c.read_models.iter().map(|r| (r.name, Some(c.domain))));
    own.chain(theirs).collect()
}

/// `input`, a log read once as it comes (standard input, a pipe), its first bytes looked at for
/// read models given as the log, as a file's are before it is read (`told_by_its_head`), and
/// given back before the rest. Read models piped in were told to be rewritten with `jq -c`,
/// which then failed on every key.
fn read_models_refused<R: BufRead>(
    mut input: R,
    it: &str,
    read_models: &[ReadModelName],
    read_models_to: Option<&str>,
) -> std::io::Result<Chain<Cursor<Vec<u8>>, R>> {
    // Read whole, not by one fill of a buffer: a pipe may hand over fewer bytes at first.
    let mut head = Vec::with_capacity(READ_MODELS_HEAD);
    let _ = (&mut input)
        .take(READ_MODELS_HEAD as u64)
        .read_to_end(&mut head);
    match read_models_as_log(&head, it, read_models, read_models_to) {
        Some(said) => Err(std::io::Error::other(said)),
        None => Ok(Cursor::new(head).chain(input)),
    }
}

/// How much of a piped log is looked at for read models: their first key, after `{` and what
/// white space a pretty-printer puts before it.
const READ_MODELS_HEAD: usize = 256;

/// A log of another domain, told before it is read: otherwise each of its events is an
/// `unknown event type` error up to --max-errors, and which domain reads it is said only after
/// them. It is told when the log's first events (`first`, of a file's first lines or a table's
/// first rows) are all events another domain records in their streams, and most of them are
/// not the chosen domain's: of a type it does not know, or in a stream of a kind that does not
/// record them (two domains may share a name, as `PaymentCompleted` is both the store's and the
/// conference's, each in its own aggregate's streams). A log with an event no other domain
/// records, or mixing domains, is left to the verification, which places each event's error.
fn of_another_domain(
    first: &[FirstEvent],
    source: &str,
    own: &Catalog,
    others: &[Arc<Catalog>],
) -> Option<String> {
    let foreign: Vec<&FirstEvent> = first.iter().filter(|e| !records(own, e)).collect();
    if foreign.len() * 2 <= first.len() {
        return None;
    }
    let other = others
        .iter()
        .find(|other| first.iter().all(|e| records(other, e)))?;
    // A type the chosen domain knows is named with the streams it is not recorded in.
    let shown: std::collections::BTreeSet<String> = foreign
        .iter()
        .map(|e| match (knows_event(own, &e.event_type), &e.kind) {
            (true, Some(kind)) => format!("{} in {kind} streams", e.event_type),
            _ => e.event_type.clone(),
        })
        .collect();
    let shown: Vec<String> = shown.into_iter().collect();
    let shown = match shown.len() {
        1..=3 => shown.join(", "),
        n => format!("{} and {} more", shown[..3].join(", "), n - 3),
    };
    Some(format!(
        "{source} holds events of the {other_domain} domain, not of the {own_domain} domain: of \
         its first {}, {} not events of the {own_domain} domain ({shown}), and all are events \
         of the {other_domain} domain; run with --domain {other_domain}",
        plural(first.len() as u64, "event", "events"),
        match foreign.len() {
            1 => "1 is".to_string(),
            n => format!("{n} are"),
        },
        other_domain = other.domain,
        own_domain = own.domain,
    ))
}

/// A progress bar on stderr while a log is read, hidden unless bars are drawn there: by bytes
/// for a file, whose size is known, by events for a database (counting its rows first would
/// cost a scan).
fn progress_bar(bytes: Option<u64>) -> ProgressBar {
    if !crate::output::bars_drawn() {
        return ProgressBar::hidden();
    }
    let bar = match bytes {
        Some(len) => ProgressBar::new(len),
        None => ProgressBar::new_spinner(),
    };
    bar.set_style(progress_style(bytes.is_some()));
    bar.set_prefix("verifying");
    bar
}

/// The progress bar's look: by bytes for a file, by events for a database, whose rate is in
/// whole events a second (indicatif's `{per_sec}` writes four decimals: `264,835.4942/s`).
fn progress_style(by_bytes: bool) -> ProgressStyle {
    let template = match by_bytes {
        true => "{prefix} {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
        false => "{prefix} {spinner} {human_pos} events ({events_per_sec})",
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "events_per_sec",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let rate = state.per_sec().round().max(0.0) as u64;
                let _ = write!(w, "{}/s", indicatif::HumanCount(rate));
            },
        )
}

/// Verifies a log file (`-`: standard input), its reading shown on a progress bar led by `doing`
/// (the migrated copy read back says so, or a second bar from the start looked like the run
/// begun again); `shown` names it in the report.
fn verify_file<C: Judged>(
    path: &Path,
    shown: &str,
    options: &VerifyOptions,
    migrated: Option<&mut dyn std::io::Write>,
    doing: &'static str,
    read_models: &[ReadModelName],
) -> std::io::Result<(Report, System<C>)> {
    const COMMAND: Option<&str> = Some("verify-migration");
    if path == Path::new("-") {
        let input = BufReader::new(std::io::stdin());
        let input = read_models_refused(input, "standard input", read_models, None)?;
        let input = refuse_compressed(input, "-", COMMAND)?;
        let (mut report, system) = verify::<C>(input, shown, options, migrated);
        read_once(&mut report);
        return Ok((report, system));
    }
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if metadata.is_dir() {
        return Err(std::io::Error::other("a folder, not a log file"));
    }
    // A terminal is a device too, and may be typed or pasted into (`--from /dev/stdin`).
    let device = crate::output::Special::of(&metadata).filter(|kind| kind.is_device());
    if let Some(device) = device.filter(|_| !file.is_terminal()) {
        return Err(std::io::Error::other(format!(
            "{}, not a log file (a device's bytes are no record of events)",
            device.words()
        )));
    }
    // A pipe (`<(zcat log.gz)`, a named pipe) is read once, as it comes, its length unknown.
    let bar = match metadata.is_file() {
        true => progress_bar(Some(metadata.len())),
        false => ProgressBar::hidden(),
    };
    bar.set_prefix(doing);
    // A regular file's head was looked at before (`told_by_its_head`); a pipe's is looked at
    // as it comes.
    let input = match metadata.is_file() {
        true => Cursor::new(Vec::new()).chain(BufReader::new(bar.wrap_read(file))),
        false => {
            let input = BufReader::new(bar.wrap_read(file));
            read_models_refused(input, "it", read_models, None)?
        }
    };
    let input = refuse_compressed(input, &path.display().to_string(), COMMAND)?;
    let (mut report, system) = verify::<C>(input, shown, options, migrated);
    bar.finish_and_clear();
    match metadata.is_file() {
        true => compare_repeats::<C>(path, shown, &metadata, &mut report),
        false => read_once(&mut report),
    }
    Ok((report, system))
}

/// A table's verification, how the table was read, and what was connected to.
#[cfg(feature = "postgres")]
type TableVerified<C> = (
    (Report, System<C>),
    crate::postgres::TableRead,
    Option<String>,
);

/// Verifies the `events` table `from` names (`source`: the name a report gives it): the
/// verification, how the table was read, and what was connected to where the source's text does
/// not say it all. `options` takes the order the table keeps.
#[cfg(feature = "postgres")]
fn verify_table<C: Judged>(
    from: &str,
    source: &str,
    others: &[Arc<Catalog>],
    options: &mut VerifyOptions,
    migrated: Option<&mut dyn std::io::Write>,
    copy_named: Option<(&str, &str)>,
) -> Result<TableVerified<C>, String> {
    let (client, connected_to) = crate::postgres::connect_told(from)?;
    match crate::postgres::events(client, from, crate::migration::stored_reader::<C>()) {
        Ok((events, read)) => {
            // A table's first rows tell a log of another domain, as a file's first lines
            // do: read ahead of the verification (asking the server for them apart would
            // cost a slow view its whole work twice) and given to it.
            let mut events = events.peekable();
            let mut first = Vec::new();
            while first.len() < FIRST_EVENTS {
                match events.next_if(|read| !matches!(read, Read::Fatal(_))) {
                    Some(read) => first.push(read),
                    None => break,
                }
            }
            let head: Vec<FirstEvent> = first
                .iter()
                .filter_map(|read| match read {
                    Read::Event(_, stored) | Read::Undated(_, stored) => Some(FirstEvent {
                        event_type: stored.event_type.to_string(),
                        kind: Some(stored.stream.kind.to_string()),
                    }),
                    _ => None,
                })
                .collect();
            if let Some(e) = of_another_domain(&head, source, &Catalog::of::<C>(), others) {
                return Err(e);
            }
            // A copy the whole reading would refuse is refused now, where its first rows or the
            // order the table keeps already say so: a table of millions was read, and verified,
            // for a refusal known at its first row.
            if let (Some((shown, left)), false) = (copy_named, first.is_empty()) {
                let undated = first.iter().find_map(|read| match read {
                    Read::Undated(_, stored) => Some(format!(
                        "row {}#{}",
                        crate::migration::shown(&stored.stream),
                        stored.sequence
                    )),
                    _ => None,
                });
                if let Some(why) = read.copy_refused_before_reading(undated.as_deref()) {
                    return Err(format!(
                        "--write-migrated {shown}: not written, and the table not read past \
                         its first rows: {why}{left}; nothing was verified (without \
                         --write-migrated the table is verified, and the report says what it \
                         holds)"
                    ));
                }
            }
            let events = first.into_iter().chain(events);
            // Rows read by key, all or some, tell no order across streams.
            options.order_across_streams_unknown = !read.order.across_streams_known();
            options.streams_in_sequence = read.order.streams_in_sequence();
            let bar = progress_bar(None);
            let events = events.enumerate().map(|(i, read)| {
                if i % EVENTS_A_TICK == 0 {
                    bar.set_position(i as u64);
                }
                read
            });
            let verified = verify_events::<C>(events, options, migrated);
            bar.finish_and_clear();
            Ok((verified, read, connected_to))
        }
        // Where the source left some of it out (no database: the user's name), what was
        // connected to says where the table was looked for.
        Err(e) => Err(match connected_to {
            Some(told) => format!("{e} ({told})"),
            None => e,
        }),
    }
}

/// Tells each repeat of a table's `report` how the rows at its key compare, and each row whose
/// position contradicts its stream's sequence the two positions, asked of the table once
/// reading is over: a table read stream by stream is not read again, and only the keys told
/// are looked up.
#[cfg(feature = "postgres")]
fn ask_the_table_again<C: Judged>(source: &str, report: &mut Report) {
    if report.repeats.is_empty() && report.contradictions.is_empty() {
        return;
    }
    let keys: Vec<_> = report
        .repeats
        .iter()
        .map(|repeat| (repeat.stream.clone(), repeat.sequence))
        .collect();
    let rows: Vec<_> = report
        .contradictions
        .iter()
        .map(|c| (c.stream.clone(), c.sequence, c.after))
        .collect();
    let reader = crate::migration::stored_reader::<C>();
    let told = crate::postgres::connect(source).and_then(|mut client| {
        Ok((
            crate::postgres::repeated_rows::<C::Event>(&mut client, &keys, &reader)?,
            crate::postgres::contradicting_positions(&mut client, &rows)?,
        ))
    });
    match told {
        Ok(((repeated, summary), positions)) => {
            report.notes.extend(summary);
            let errors = report.repeats.iter().map(|r| r.error).zip(repeated);
            let errors = errors.chain(report.contradictions.iter().map(|c| c.error).zip(positions));
            for (error, told) in errors {
                if let Some(error) = report.errors.get_mut(error) {
                    error.push_str(&told);
                }
            }
        }
        Err(e) => {
            let mut unasked = Vec::new();
            if !report.repeats.is_empty() {
                unasked.push(format!(
                    "rows at a key taken already: {}, not compared with the other rows at their \
                     keys",
                    report.repeats.len()
                ));
            }
            if !report.contradictions.is_empty() {
                unasked.push(format!(
                    "rows whose position contradicts their stream's sequence: {}, their \
                     metadata.position not shown",
                    report.contradictions.len()
                ));
            }
            report.notes.push(format!(
                "{}, as the table could not be asked for them again: {e}",
                unasked.join("; ")
            ));
        }
    }
}

/// Says, of a log read once as it came (standard input, a pipe), why its repeats are told
/// without the line that first held their position.
fn read_once(report: &mut Report) {
    crate::migration::not_compared(
        report,
        "as the log was read once, as it came (verify the file itself to compare them)",
    );
}

/// Reads the file at `path` again to tell each repeat of `report` with the first line at its
/// position, unless the file changed since `read` was taken of it (a log still written to):
/// its lines would not be those the report numbers.
fn compare_repeats<C: Judged>(
    path: &Path,
    shown: &str,
    read: &std::fs::Metadata,
    report: &mut Report,
) {
    if report.repeats.is_empty() {
        return;
    }
    let unchanged = |now: &std::fs::Metadata| {
        now.len() == read.len() && now.modified().ok() == read.modified().ok()
    };
    let file = std::fs::File::open(path)
        .ok()
        .filter(|file| file.metadata().is_ok_and(|now| unchanged(&now)));
    let Some(file) = file else {
        crate::migration::not_compared(
            report,
            "as the file changed while it was read (or can no longer be opened)",
        );
        return;
    };
    let bar = progress_bar(Some(read.len()));
    bar.set_prefix("comparing repeats");
    crate::migration::compare_repeats::<C>(BufReader::new(bar.wrap_read(file)), shown, report);
    bar.finish_and_clear();
}

/// Events between two moves of the database's progress bar, so that the bar costs nothing on
/// the replay's path.
#[cfg(feature = "postgres")]
const EVENTS_A_TICK: usize = 4096;

fn unreadable(message: String) -> ExitCode {
    // The message may quote the log or the database (a name, a server's words).
    steps::say!(
        "gwt verify-migration: {}",
        crate::report::printable(&message)
    );
    ExitCode::from(2)
}

/// Refuses outputs that would overwrite the log being verified, the expected read models, or
/// each other: the source is never written.
fn check_outputs(r: &Request, from_database: bool) -> Result<(), String> {
    let outputs = [
        ("--write-migrated", &r.write_migrated),
        ("--export-read-models", &r.export_read_models),
    ];
    let mut inputs: Vec<(&str, &Path)> = Vec::new();
    if !from_database && r.from != "-" {
        inputs.push(("--from", Path::new(&r.from)));
    }
    if let Some(expect) = &r.expect {
        inputs.push(("--expect", expect));
    }
    let outputs: Vec<(&str, &Path)> = outputs
        .iter()
        .filter_map(|(flag, path)| path.as_deref().map(|p| (*flag, p)))
        .collect();
    for (i, (flag, out)) in outputs.iter().enumerate() {
        if r.from == "-" && steps::same_file::is_standard_input(out) {
            return Err(format!(
                "{flag} {} is the file standard input reads: it would be overwritten; write to \
                 another file",
                out.display()
            ));
        }
        let earlier = inputs.iter().chain(&outputs[..i]);
        if let Some((other, _)) = earlier.into_iter().find(|(_, p)| same_file(p, out)) {
            return Err(format!(
                "{flag} {} is the file given to {other}: it would be overwritten; write to \
                 another file",
                out.display()
            ));
        }
    }
    Ok(())
}

/// Expected read models as `--export-read-models` writes them: one object whose members are the
/// context's read models, each an object of entries by key.
fn read_expected(path: &Path, read_models: &[&str]) -> Result<Value, String> {
    if path == Path::new("-") {
        return Err(
            "standard input is the log's to give (--from -): give the expected read models as a \
             file"
                .into(),
        );
    }
    // A device (`/dev/zero`, `/dev/urandom`) never ends: read whole, it exhausted memory.
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if let Some(device) = crate::output::Special::of(&metadata).filter(|k| k.is_device()) {
        return Err(format!(
            "{}, not a file of read models (expected a file as --export-read-models writes)",
            device.words()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if let Some((what, convert)) = crate::compressed::not_plain_text(&bytes) {
        return Err(format!(
            "it is {what}, and gwt reads the expected read models as JSON in UTF-8: convert it \
             first ({convert} {} > read-models.json)",
            path.display()
        ));
    }
    // Placed as a log's line is: the error's own words ("stream did not contain valid UTF-8")
    // said neither where nor what was expected.
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, column) = domain::kernel::not_utf8_place(&bytes, &e);
        format!(
            "not UTF-8 text (byte {} is not part of a character), at line {line}, column \
             {column}; expected JSON",
            e.valid_up_to() + 1
        )
    })?;
    let text = domain::kernel::without_byte_order_mark(text);
    let expected_shape = "expected an object of read models by name, each an object of \
                          entries by key, as --export-read-models writes";
    if text.trim().is_empty() {
        return Err(format!("the file is empty ({expected_shape})"));
    }
    // An event log given here by mistake reads as JSON up to its second line.
    let first = text.lines().next().unwrap_or_default();
    if let Ok(Value::Object(line)) = serde_json::from_str::<Value>(first) {
        if line.contains_key("stream") && line.contains_key("event_type") {
            return Err(format!(
                "it is an event log (its first line is a stored event), not read models: give \
                 it to --from ({expected_shape})"
            ));
        }
    }
    // A key given twice would silently drop an entry or field the author wrote.
    let value = domain::kernel::strict_tree(text, "the file").map_err(|e| match e {
        domain::kernel::TreeError::Json(e)
        | domain::kernel::TreeError::Repeated { error: e, .. } => {
            let said = e.to_string();
            let words = said.rfind(" at line ").map_or(&said[..], |at| &said[..at]);
            // serde_json places an end of file after the last newline, at column 0 of a line
            // the file does not have; the author looks for it at the end of the last one.
            let place = match domain::kernel::json_place(&e, text) {
                (line, 0) if line > 1 => format!("at the end of line {}", line - 1),
                (line, column) => format!("at line {line}, column {column}"),
            };
            format!(
                "{}, {place}",
                domain::kernel::plain_json_words(words, "the file")
            )
        }
        domain::kernel::TreeError::Inexact {
            line,
            column,
            number,
        } => format!(
            "{}, at line {line}, column {column}",
            domain::kernel::inexact_reason(&number)
        ),
    })?;
    let Value::Object(models) = &value else {
        return Err(format!("not an object of read models ({expected_shape})"));
    };
    for (name, entries) in models {
        let shown = quoted(name);
        // A read model this version no longer has is a difference the comparison tells, with
        // the others compared (a migration may drop or rename one).
        if !read_models.contains(&name.as_str()) {
            continue;
        }
        let Value::Object(entries) = entries else {
            return Err(format!(
                "{shown} is not an object of entries by key ({expected_shape})"
            ));
        };
        // Anything but an object would be compared as fields that are all missing.
        if let Some((key, entry)) = entries.iter().find(|(_, entry)| !entry.is_object()) {
            return Err(format!(
                "the entry for {} in {shown} must be an object of fields, not {}",
                quoted(key),
                domain::kernel::shortened(&entry.to_string(), crate::report::MOST_NAME)
            ));
        }
    }
    Ok(value)
}

/// A name from the user's file between backticks, as messages write names; one that holds a
/// backtick or a character that shows as nothing is quoted and escaped instead (`"a`b"`), and a
/// long one shortened, as a name from a log is (`report::name`).
fn quoted(text: &str) -> String {
    let shown = domain::kernel::shortened(text, crate::report::MOST_NAME);
    match text.contains('`') || domain::kernel::printable(text) != text {
        true => format!("{shown:?}"),
        false => format!("`{shown}`"),
    }
}

/// `gwt verify-migration` of a log of `C`; `others` are the other domains' catalogs, to say
/// where a log's events belong.
fn verify_log<C: Judged>(r: &Request, others: &[Arc<Catalog>]) -> ExitCode {
    let from_database = crate::postgres::names_a_database(&r.from);
    if from_database && cfg!(not(feature = "postgres")) {
        return unreadable(crate::postgres::not_built(
            "--from names a PostgreSQL database",
        ));
    }
    if let Err(e) = check_outputs(r, from_database) {
        return unreadable(e);
    }
    let names = read_model_names::<C>(others);
    let read_models: Vec<&str> = names
        .iter()
        .filter(|(_, domain)| domain.is_none())
        .map(|(name, _)| *name)
        .collect();
    if !from_database && r.from != "-" {
        let told = told_by_its_head(Path::new(&r.from), &Catalog::of::<C>(), others, &names);
        if let Some(e) = told {
            return unreadable(e);
        }
    }
    let expect = match &r.expect {
        Some(path) => match read_expected(path, &read_models) {
            Ok(v) => Some(v),
            Err(e) => {
                return unreadable(format!(
                    "--expect {}: cannot read the expected read models: {e}",
                    path.display()
                ))
            }
        },
        None => None,
    };
    // Set by a table's reading, which a build without the driver does not have.
    #[cfg_attr(not(feature = "postgres"), allow(unused_mut))]
    let mut options = VerifyOptions {
        max_errors: r.max_errors,
        expect,
        rows: from_database,
        order_across_streams_unknown: false,
        streams_in_sequence: false,
        unanswered: r.unanswered,
    };
    if r.write_migrated.is_some() || r.export_read_models.is_some() {
        remove_partial_files_when_interrupted("gwt verify-migration");
    }
    let mut copy = match &r.write_migrated {
        Some(path) => match Output::create(path, "--write-migrated") {
            Ok(out) => Some(out),
            Err(e) => return unreadable(e),
        },
        None => None,
    };
    let models_out = match &r.export_read_models {
        Some(path) => match Output::create(path, "--export-read-models") {
            Ok(out) => Some(out),
            Err(e) => return unreadable(e),
        },
        None => None,
    };
    let source = if from_database {
        crate::postgres::redact(&r.from)
    } else if r.from == "-" {
        "standard input".to_string()
    } else {
        r.from.clone()
    };
    // The copy as messages name it, and what they say of a file there from before, for a
    // table's reading to refuse it at its first rows (without the driver, no table is read).
    #[cfg_attr(not(feature = "postgres"), allow(unused_variables))]
    let copy_named = copy
        .as_ref()
        .map(|out| (out.shown.clone(), left_as_it_was(&out.path)));
    let mut writer = copy
        .as_mut()
        .map(|out| std::io::BufWriter::new(out.file.as_file_mut()));
    let migrated = writer.as_mut().map(|w| w as &mut dyn std::io::Write);
    let read: (_, Option<crate::postgres::TableRead>, Option<String>) = match from_database {
        // Without the driver, a database was refused above.
        #[cfg(feature = "postgres")]
        true => match verify_table::<C>(
            &r.from,
            &source,
            others,
            &mut options,
            migrated,
            copy_named
                .as_ref()
                .map(|(shown, left)| (shown.as_str(), *left)),
        ) {
            Ok((verified, read, told)) => (verified, Some(read), told),
            Err(e) => return unreadable(e),
        },
        _ => {
            let verified = verify_file::<C>(
                Path::new(&r.from),
                &source,
                &options,
                migrated,
                "verifying",
                &names,
            );
            match verified {
                Ok(verified) => (verified, None, None),
                Err(e) => return unreadable(crate::postgres::unreadable_file(&r.from, &e)),
            }
        }
    };
    let ((mut report, system), read_in, connected_to) = read;
    report.connected_to = connected_to;
    #[cfg(feature = "postgres")]
    if from_database {
        ask_the_table_again::<C>(&r.from, &mut report);
    }
    let written = writer.map(|mut w| w.flush());
    // How a table was read, then what the run wrote or refused to write, said after the
    // report. An empty table was read in no order worth a caveat, but which table it was is.
    let mut notes: Vec<String> = read_in
        .iter()
        .map(|read| read.described(report.lines, !report.errors.is_empty()))
        .collect();
    let mut output_failed = false;
    if let (Some(copy), Some(written)) = (copy, written) {
        let shown = copy.shown.clone();
        if let Err(e) = written {
            notes.push(format!(
                "--write-migrated {shown}: not written: {}",
                steps::write_errors::in_words(&e)
            ));
            output_failed = true;
        } else if !report.errors.is_empty() {
            notes.push(format!(
                "--write-migrated {shown}: not written: the log did not read whole ({} \
                 above), and a copy of what did would not be the log{}",
                plural(report.errors.len() as u64, "error", "errors"),
                left_as_it_was(&copy.path)
            ));
        } else if report.undated > 0 {
            notes.push(format!(
                "--write-migrated {shown}: not written: {} no `recorded_at` in {} metadata, \
                 and each line of a log gives the instant its event was recorded, which the copy \
                 would have to make up{}",
                plural(report.undated, "row gives", "rows give"),
                match report.undated {
                    1 => "its",
                    _ => "their",
                },
                left_as_it_was(&copy.path)
            ));
            output_failed = true;
        } else if options.order_across_streams_unknown {
            // Its lines would give an order (theirs), which verifying the copy judges: a table
            // read stream by stream gave a copy that told dozens of breaches the table did not.
            let why = read_in
                .as_ref()
                .map(|read| read.why_no_order())
                .unwrap_or_default();
            notes.push(format!(
                "--write-migrated {shown}: not written: {why}; a log's lines give an order \
                 across streams, so the copy would hold one the reading did not, and verifying \
                 it would judge that order{}",
                left_as_it_was(&copy.path)
            ));
            output_failed = true;
        } else if let Some(why) = read_in.as_ref().and_then(|read| read.positions_not_gwts()) {
            // Written, the copy would be refused by `gwt load`: table, copy and table again
            // would not make the round it is for.
            notes.push(format!(
                "--write-migrated {shown}: not written: {why}{}",
                left_as_it_was(&copy.path)
            ));
            output_failed = true;
        } else {
            match read_back::<C>(&copy, &shown, &system) {
                Ok(()) => match copy.persist() {
                    Ok(()) => notes.push(format!(
                        "--write-migrated {shown}: written, {} in their current stored \
                         forms; replaying it builds what upcasting on read built{}",
                        plural(report.events, "event", "events"),
                        kept_findings(&report),
                    )),
                    Err(e) => {
                        notes.push(format!("--write-migrated: {e}"));
                        output_failed = true;
                    }
                },
                Err(ReadBack::Unreadable(why)) => {
                    // Nothing was compared: no difference, but an output that could not be
                    // made (exit 2), as one that could not be written.
                    notes.push(format!(
                        "--write-migrated {shown}: not written: {why}, so it could not be \
                         replayed to check it{}",
                        left_as_it_was(&copy.path)
                    ));
                    output_failed = true;
                }
                Err(ReadBack::Otherwise(why)) => {
                    report.add_difference(crate::migration::Difference {
                        kind: COPY_REPLAYS_OTHERWISE.into(),
                        text: why,
                    });
                    notes.push(format!(
                        "--write-migrated {shown}: not written: the copy does not replay \
                         as the log does{}",
                        left_as_it_was(&copy.path)
                    ));
                }
            }
        }
    }
    if let Some(out) = models_out {
        let shown = out.shown.clone();
        if !report.errors.is_empty() || report.stopped_early {
            // They would be read models of part of the log, in place of whatever was there.
            notes.push(format!(
                "--export-read-models {shown}: not written: the log did not read whole ({} \
                 above), so the read models are of part of it{}",
                plural(report.errors.len() as u64, "error", "errors"),
                left_as_it_was(&out.path)
            ));
        } else {
            let text = serde_json::to_string_pretty(&read_models_json(&system)).unwrap_or_default();
            let written = std::fs::write(out.file.path(), text)
                .map_err(|e| {
                    format!(
                        "cannot write {shown}: {}",
                        steps::write_errors::in_words(&e)
                    )
                })
                .and_then(|()| out.persist());
            match written {
                Ok(()) => notes.push(format!("--export-read-models {shown}: written")),
                Err(e) => {
                    notes.push(format!("--export-read-models: {e}"));
                    output_failed = true;
                }
            }
        }
    }
    if let (Some(path), Some(expected)) = (&r.expect, &options.expect) {
        if report.stopped_early {
            notes.push(format!(
                "--expect {}: not compared: reading stopped at --max-errors, so the rebuilt \
                 read models are of part of the log",
                path.display()
            ));
        }
        // Said when nothing differs, so that a clean run says the comparison was made.
        if report.differences.is_empty() && report.errors.is_empty() && !report.stopped_early {
            let models = expected.as_object().map_or(0, |m| m.len());
            let entries: usize = expected.as_object().map_or(0, |m| {
                m.values()
                    .filter_map(Value::as_object)
                    .map(|e| e.len())
                    .sum()
            });
            notes.push(format!(
                "--expect {}: the rebuilt read models equal the expected ones ({} of {})",
                path.display(),
                plural(entries as u64, "entry", "entries"),
                plural(models as u64, "read model", "read models")
            ));
        }
    }
    if let Some(hint) = other_domain_hint(&report, &Catalog::of::<C>(), others) {
        notes.push(hint);
    }
    let refused_empty = report.lines == 0 && report.errors.is_empty() && !r.allow_empty;
    if refused_empty {
        notes.push(
            "an empty log is refused (exit 2): a wrong path or database would otherwise \
             pass for a verified log; give --allow-empty when the log is expected to be empty"
                .to_string(),
        );
    }
    steps::stdout::print(&report.render(&source, r.max_errors));
    for note in &notes {
        steps::stdout::print(&format!("{}\n", crate::report::printable(note)));
    }
    let status = match output_failed || refused_empty {
        true => 2,
        false => report.exit_code(),
    };
    let otherwise = match refused_empty {
        true => "the log holds no events",
        false => "an output could not be written (said above)",
    };
    if let Some(verdict) = report.verdict(status, otherwise) {
        steps::stdout::print(&format!("{verdict}\n"));
    }
    ExitCode::from(status)
}

/// Said of an output not written where a file stands already, from an earlier run: a CI step
/// that keeps the outputs whatever the run's end would otherwise keep that one as this run's.
fn left_as_it_was(path: &Path) -> &'static str {
    match path.exists() {
        true => "; the file there from before is left as it was, and is not this run's",
        false => "",
    }
}

/// What a migrated copy carries over from a log that read whole but was not clean: the copy is
/// the log, findings and all, and must not pass for a log the replay found sound.
fn kept_findings(report: &Report) -> String {
    let breaches = report.invariant_breaches.len() as u64;
    let differences = report.differences.len() as u64;
    match (breaches, differences) {
        (0, 0) => String::new(),
        _ => format!(
            "; but the replay found {} (above), and the copy holds {} as the log does",
            domain::kernel::counted(&[
                (breaches, "breach", "breaches"),
                (differences, "difference", "differences"),
            ])
            .join(" and "),
            match breaches + differences {
                1 => "it",
                _ => "them",
            }
        ),
    }
}

/// The migrated copy, read back with no upcasting left to do, must read clean and build the
/// same aggregates and read models as the log upcast on read.
fn read_back<C: Judged>(copy: &Output, shown: &str, system: &System<C>) -> Result<(), ReadBack> {
    let (again, replayed) = verify_file::<C>(
        copy.file.path(),
        shown,
        &VerifyOptions::default(),
        None,
        "reading back the migrated copy",
        &[],
    )
    .map_err(|e| ReadBack::Unreadable(format!("the copy cannot be read back: {e}")))?;
    if let Some(e) = again.errors.first() {
        return Err(ReadBack::Otherwise(format!(
            "the migrated copy does not read clean: {e}"
        )));
    }
    let same = replayed
        .aggregate_slots()
        .iter()
        .zip(system.aggregate_slots())
        .all(|(a, b)| a.same_as(b.as_ref()))
        && replayed
            .read_model_slots()
            .iter()
            .zip(system.read_model_slots())
            .all(|(a, b)| a.same_as(b.as_ref()));
    match same {
        true => Ok(()),
        false => Err(ReadBack::Otherwise(format!(
            "the migrated copy {shown} builds other aggregates or read models than upcasting on \
             read"
        ))),
    }
}

/// Why a migrated copy is not written: it could not be read back at all (a file the run cannot
/// read: nothing was compared), or it reads back otherwise than the log (a difference).
enum ReadBack {
    Unreadable(String),
    Otherwise(String),
}

/// The kind of difference a migrated copy that replays otherwise is listed under.
pub const COPY_REPLAYS_OTHERWISE: &str = "the migrated copy replays otherwise";

/// `gwt verify-migration`.
pub fn run<C: Judged>(request: &Request, others: &[Arc<Catalog>]) -> ExitCode {
    if request.from.trim().is_empty() {
        return unreadable(
            "--from is empty: name a JSON-lines file, `-` for standard input, a postgres:// URL \
             or a key=value connection string"
                .into(),
        );
    }
    verify_log::<C>(request, others)
}

/// `gwt load --to postgres://… --from FILE|-`: fills the events table from a JSON-lines log
/// (`-`: standard input). Its errors are named `gwt load`, not the verification's.
/// `read_models`: the names of every domain's read models, for read models given as the log to
/// be told as such.
#[cfg(feature = "postgres")]
pub fn load(to: &str, from: &std::path::Path, read_models: &[ReadModelName]) -> ExitCode {
    let failed = |e: &str| {
        steps::say!("gwt load: {}", crate::report::printable(e));
        ExitCode::from(2)
    };
    const COMMAND: Option<&str> = Some("load --to URL");
    const TO: Option<&str> = Some("gwt verify-migration");
    let progress = Arc::new(crate::postgres::Progress::default());
    let watch = watch_the_load(progress.clone());
    let loaded = if from == Path::new("-") {
        let told = read_models_refused(std::io::stdin().lock(), "standard input", read_models, TO);
        match told.and_then(|input| refuse_compressed(input, "-", COMMAND)) {
            Ok(input) => crate::postgres::load(to, input, "standard input", &progress),
            Err(e) => return failed(&format!("cannot read -: {e}")),
        }
    } else {
        let file = match std::fs::File::open(from) {
            Ok(f) => f,
            Err(e) => return failed(&format!("cannot read {}: {e}", from.display())),
        };
        match file.metadata() {
            Ok(m) if m.is_dir() => {
                return failed(&format!(
                    "cannot read {}: a folder, not a log file",
                    from.display()
                ))
            }
            // A device never ends (`/dev/zero` was read until memory ran out), as verification
            // refuses it.
            Ok(m) if crate::output::Special::of(&m).is_some_and(|k| k.is_device()) => {
                let device = crate::output::Special::of(&m).map_or("a device", |k| k.words());
                return failed(&format!(
                    "cannot read {}: {device}, not a log file (a device's bytes are no record \
                     of events)",
                    from.display()
                ));
            }
            _ => {}
        }
        let shown = from.display().to_string();
        let told = read_models_refused(BufReader::new(file), "it", read_models, TO);
        match told.and_then(|input| refuse_compressed(input, &shown, COMMAND)) {
            Ok(input) => crate::postgres::load(to, input, &shown, &progress),
            Err(e) => return failed(&format!("cannot read {shown}: {e}")),
        }
    };
    drop(watch);
    match loaded {
        Ok(crate::postgres::Loaded { rows, told, table }) => {
            // Named when the search path found a table outside `public` (another schema's
            // `events`, where `public` was meant, would go unseen).
            let into = match table.as_str() {
                "public.events" => String::new(),
                table => format!("{table} of "),
            };
            let copied = format!(
                "{} copied into {into}{}",
                plural(rows, "event", "events"),
                crate::postgres::redact(to)
            );
            steps::stdout::print(&format!("{copied}\n"));
            if let Some(told) = told {
                steps::stdout::print(&format!("{}\n", crate::report::printable(&told)));
            }
            // The rows are committed: an output that fails says so, or a retry would be
            // refused by a table that already holds them with nothing to say why.
            if let Err(e) = steps::stdout::flushed() {
                steps::say!(
                    "gwt load: {copied} (committed), but cannot write to standard output: {e}"
                );
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e),
    }
}

/// `gwt load` in a build without the driver: refused, as a database it cannot write.
#[cfg(not(feature = "postgres"))]
pub fn load(_: &str, _: &std::path::Path, _: &[ReadModelName]) -> ExitCode {
    steps::say!(
        "gwt load: {}",
        crate::postgres::not_built("--to names a PostgreSQL database")
    );
    ExitCode::from(2)
}

/// Watches a load on a thread of its own while the returned sender lives: a load that makes no
/// progress for `GWT_PG_STALL_SECONDS` (300 by default) is stuck on a server that stopped
/// answering with its connection still open, where no write or wait of the driver's times out,
/// so the command ends here, saying so. Until the commit was sent, the server undoes the load
/// once it sees the connection closed.
#[cfg(feature = "postgres")]
fn watch_the_load(progress: Arc<crate::postgres::Progress>) -> std::sync::mpsc::Sender<()> {
    let (done, watching) = std::sync::mpsc::channel::<()>();
    let stall = crate::postgres::stall();
    std::thread::spawn(move || {
        let mut seen = progress.steps();
        let mut since = std::time::Instant::now();
        // The sender dropped (the load ended) disconnects the channel.
        while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
            watching.recv_timeout(std::time::Duration::from_millis(250))
        {
            let now = progress.steps();
            if now != seen || progress.reading_the_log() {
                (seen, since) = (now, std::time::Instant::now());
                continue;
            }
            if since.elapsed() < stall {
                continue;
            }
            let outcome = match progress.committing() {
                false => {
                    "the load was not committed, so nothing was copied (the server undoes \
                          it once it sees the connection closed)"
                }
                true => {
                    "the commit was sent but not answered, so whether the rows were copied \
                         is not known: count them (SELECT count(*) FROM events) before loading \
                         again"
                }
            };
            steps::say!(
                "gwt load: the database sent nothing for {} and the connection is still open: \
                 it stopped answering (GWT_PG_STALL_SECONDS sets how long to wait); {outcome}",
                plural(stall.as_secs(), "second", "seconds")
            );
            std::process::exit(2);
        }
    });
    done
}

/// `gwt verify-migration --bench --from FILE|postgres://…`.
pub fn bench<C: Judged>(source: &str, others: &[Arc<Catalog>]) -> ExitCode {
    if source == "-" {
        return unreadable(
            "--bench reads the log more than once, so it takes a file or a database, not \
             standard input (write the log to a file first)"
                .to_string(),
        );
    }
    if crate::postgres::names_a_database(source) {
        #[cfg(not(feature = "postgres"))]
        return unreadable(crate::postgres::not_built(
            "--from names a PostgreSQL database",
        ));
        #[cfg(feature = "postgres")]
        return match crate::migration::bench_database::<C>(source, 3) {
            Ok(figures) => {
                steps::stdout::print(&figures.report(&crate::postgres::redact(source)));
                ExitCode::SUCCESS
            }
            Err(e) => unreadable(e),
        };
    }
    // Only a file holds still to be read again: a pipe (`<(zcat …)`, a named pipe, a piped
    // `/dev/stdin`) gave its bytes to the first reading and none to the timed rounds, which
    // measured nothing (0 events/s, exit 0), or waited forever for a writer gone.
    match std::fs::metadata(source) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            let what = crate::output::Special::of(&m).map_or("not a file", |kind| kind.words());
            return unreadable(format!(
                "{source}: --bench reads the log more than once, so it takes a file or a \
                 database, and this is {what} (write the log to a file first)"
            ));
        }
        _ => {}
    }
    let names = read_model_names::<C>(others);
    if let Some(e) = told_by_its_head(Path::new(source), &Catalog::of::<C>(), others, &names) {
        return unreadable(e);
    }
    // Memory first, streaming from the file as a real run does, before the timed rounds
    // hold the whole text.
    let input = std::fs::File::open(source).and_then(|file| {
        // The bench reads the file whole, more than once: no pipe.
        refuse_compressed(BufReader::new(file), source, None)
    });
    let memory = match input.map(|input| crate::migration::measure_memory::<C>(input, source)) {
        // Figures of nothing read are no figures (a ratio of 188,160 to nothing).
        Ok(Ok(memory)) if memory.events == 0 => {
            return unreadable(format!(
                "{source}: the log holds no events, so there is nothing to measure"
            ))
        }
        Ok(Ok(memory)) => memory,
        Ok(Err(unsound)) => return unreadable(unsound),
        Err(e) => return unreadable(crate::postgres::unreadable_file(source, &e)),
    };
    match std::fs::read_to_string(source) {
        Ok(text) => {
            steps::stdout::print(&crate::migration::bench::<C>(&text, 5).report(source));
            steps::stdout::print(&memory.report());
            ExitCode::SUCCESS
        }
        Err(e) => unreadable(crate::postgres::unreadable_file(source, &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A terminal that keeps what is drawn on it.
    #[derive(Debug, Default, Clone)]
    struct Screen(Arc<Mutex<String>>);

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            100
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            self.write_str("\n")
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// indicatif's `{per_sec}` writes four decimals (`264,835.4942/s`): the rate of events read
    /// from a database is shown in whole events.
    #[test]
    fn the_database_progress_bar_shows_a_whole_number_of_events_a_second() {
        let screen = Screen::default();
        let bar = ProgressBar::with_draw_target(
            None,
            indicatif::ProgressDrawTarget::term_like(Box::new(screen.clone())),
        )
        .with_style(progress_style(false));
        for step in 1..=6u64 {
            std::thread::sleep(std::time::Duration::from_millis(15));
            bar.set_position(step * 44_139 + step % 3);
            bar.tick();
        }
        let drawn = screen.0.lock().unwrap().clone();
        let rates: Vec<&str> = drawn
            .lines()
            .filter_map(|line| line.trim_end().split_once(" events (")?.1.strip_suffix(")"))
            .collect();
        assert!(!rates.is_empty(), "nothing drawn: {drawn:?}");
        for rate in rates {
            let digits = rate.strip_suffix("/s").unwrap_or(rate);
            assert!(
                !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == ','),
                "{rate} is not a whole number of events a second"
            );
        }
    }
}
