//! `gwt simulate` end to end: a progress bar on a terminal, the simulation, the failures written
//! as feature files, and the closing table.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use crate::feature_writer::{feature_file_name, render_feature, replay_command, Rendered};
use crate::migration::plural;
use crate::output::{remove_partial_files_when_interrupted, Output};
use crate::report::table;
use crate::search::{simulate, Found, Options, Totals};
use crate::simulation::Simulated;

/// `gwt simulate`: runs the simulation, writes its failures under `out`, prints the closing
/// table.
pub fn run<C: Simulated>(options: &Options, out: &Path) -> ExitCode {
    if let Err(e) = check_out(out) {
        steps::say!("gwt simulate: {e}");
        return ExitCode::from(2);
    }
    // A shard runs every `count`-th history from its `index`, and its bar counts those.
    let total = options.share();
    let bar = if crate::output::bars_drawn() {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{wide_bar} {pos}/{len} histories, {msg} ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        // Its first frame is drawn before the first history ends.
        bar.set_message("0 failures");
        bar
    } else {
        ProgressBar::hidden()
    };
    crate::interrupt::stop_when_asked("gwt simulate");
    let (mut totals, found) = simulate::<C>(options, |t| {
        bar.set_position(t.histories);
        bar.set_message(format!("{} failures", t.failures));
        match crate::interrupt::asked() {
            Some(_) => ControlFlow::Break(()),
            None => ControlFlow::Continue(()),
        }
    });
    crate::interrupt::run_over();
    bar.finish_and_clear();
    let mut status = ExitCode::SUCCESS;
    if totals.stopped {
        steps::say!(
            "gwt simulate: interrupted after {} of {total}; the table counts those{}",
            plural(totals.histories, "history", "histories"),
            match totals.failures {
                0 => ", none of which failed".to_string(),
                n => format!(", and {} among them", plural(n, "failure", "failures")),
            }
        );
        // A run cut short is not a clean run, whatever it found: a script must not take it
        // for one.
        let signal = crate::interrupt::asked().unwrap_or(crate::interrupt::CTRL_C);
        status = ExitCode::from(crate::interrupt::status_of(signal));
        totals.stopped_by = Some(signal);
    }
    if totals.failures > 0 {
        status = ExitCode::FAILURE;
    }
    if let Some(note) = late_not_drawn(options, &totals) {
        steps::say!("{note}");
    }
    // Cutting each failure's Givens runs its scenario many times: seconds a file, when the bar
    // of the histories is gone. A bar of its own says it, and the timing table how long it took.
    let writing = std::time::Instant::now();
    let bar = match (crate::output::bars_drawn(), found.len() as u64) {
        (true, n @ 1..) => {
            let bar = ProgressBar::new(n);
            bar.set_style(
                ProgressStyle::with_template(
                    "{wide_bar} {pos}/{len} failures written as feature files ({eta} left)",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.tick();
            bar
        }
        _ => ProgressBar::hidden(),
    };
    let written = write_failures(&found, totals.failures, options, out, |f| {
        let rendered = render_feature::<C>(f, options);
        bar.inc(1);
        rendered
    });
    bar.finish_and_clear();
    if !found.is_empty() {
        totals.writing = Some(writing.elapsed());
    }
    for line in &written.lines {
        steps::say!("{line}");
    }
    if let Some(note) = unkept_seeds::<C>(options, &totals) {
        steps::say!("{note}");
    }
    if !written.out_usable {
        status = ExitCode::from(2);
    }
    if let (true, Some(seed)) = (options.trace, options.replay) {
        let scene = crate::engine::prepare(options.start, crate::engine::Variant::default());
        steps::stdout::print(&traced(&scene, options, seed, found.first()));
    }
    steps::stdout::print(&table(C::NAME, options, &totals));
    status
}

/// `--faults` that names `late` (not through `all`) in a run where no command was made late:
/// the run tried nothing of what was asked, which its table's zero alone does not explain.
fn late_not_drawn(options: &Options, totals: &Totals) -> Option<String> {
    let asked = options.kinds.late && options.kinds != crate::faults::FaultKinds::ALL;
    if !asked || totals.faults[crate::faults::Kind::Late as usize] > 0 || totals.histories == 0 {
        return None;
    }
    let histories = plural(totals.histories, "history", "histories");
    Some(match totals.scheduled {
        0 => format!(
            "gwt simulate: --faults late: nothing was made late, because no command was \
             scheduled for later in {histories} (a late fault delays such a command, a timeout)"
        ),
        n => format!(
            "gwt simulate: --faults late: none of the {} scheduled for later in {histories} \
             was drawn late (one in three is); run more histories",
            plural(n, "command", "commands")
        ),
    })
}

/// `--trace`: the history of `seed` run from `scene`, told step by step; the shrunk history when
/// it failed and was kept (the one its feature file holds), else the history as drawn.
pub fn traced<C: Simulated>(
    scene: &crate::engine::Scene<C>,
    options: &Options,
    seed: u64,
    found: Option<&Found<C>>,
) -> String {
    let (history, which) = match found {
        Some(f) => (
            f.history.clone(),
            format!(
                "shrunk to {} of its {}, as its feature file has it; the table below counts the \
                 history as drawn",
                f.history.len(),
                plural(f.original_steps as u64, "step", "steps")
            ),
        ),
        None => match crate::search::history_of::<C>(seed, options.max_steps) {
            Some(h) => {
                let steps = plural(h.len() as u64, "step", "steps");
                (h, steps)
            }
            None => return String::new(),
        },
    };
    let faults = match options.kinds.names() {
        names if names.is_empty() => "none".to_string(),
        names => names.join(", "),
    };
    format!(
        "trace of history 0x{seed:016x} ({which}; faults: {faults}):\n{}\n",
        crate::trace::trace(scene, &history, seed, options.kinds)
    )
}

/// The seeds of the first failures not kept, each replayable: with `--keep 0`, or past it, the
/// run said how many failed and nothing a user could replay, but to run it all again.
pub fn unkept_seeds<C: Simulated>(options: &Options, totals: &Totals) -> Option<String> {
    let first = totals.unkept.first()?;
    let seeds: Vec<String> = totals
        .unkept
        .iter()
        .map(|s| format!("0x{s:016x}"))
        .collect();
    let (shown, unkept) = (
        totals.unkept.len() as u64,
        totals.failures.saturating_sub(options.keep as u64),
    );
    Some(format!(
        "{} not kept: {}{}; replay one with `{}`",
        match shown {
            1 => "failing history",
            _ => "failing histories",
        },
        seeds.join(", "),
        match shown < unkept {
            true => format!(" (the first {shown} of {unkept})"),
            false => String::new(),
        },
        replay_command::<C>(options, *first),
    ))
}

/// What writing the feature files of a simulation's failures said, and whether `--out` could
/// be written.
pub struct Written {
    /// For standard error, in order: each failure, where it went, and the failures not kept.
    pub lines: Vec<String>,
    pub files: Vec<PathBuf>,
    pub out_usable: bool,
}

/// Writes the feature file of each failure in `found` (`render` gives it) under `out`, once for
/// each scenario, and says how many of the `failures` were not kept, and of each file that
/// `gwt test` does not catch the failure, why and how to replay it.
pub fn write_failures<C: Simulated>(
    found: &[Found<C>],
    failures: u64,
    options: &Options,
    out: &Path,
    render: impl Fn(&Found<C>) -> Rendered,
) -> Written {
    let mut written = Written {
        lines: Vec::new(),
        files: Vec::new(),
        out_usable: true,
    };
    // Shrunk failures often come down to one scenario: its second file would say nothing new.
    let mut bodies: Vec<String> = Vec::new();
    for f in found {
        let Rendered { text, not_caught } = render(f);
        let body = scenario_body(&text).to_string();
        let mut headline = format!(
            "failure: {} ({} of {} after shrinking): {}",
            f.failure.check.describe(),
            f.history.len(),
            plural(f.original_steps as u64, "step", "steps"),
            f.failure.message,
        );
        if let Some(because) = not_caught {
            headline.push_str(&format!(
                "\n  `gwt test` does NOT catch it in the file written: {because}; replay it with \
                 `{} --trace` to follow it step by step",
                replay_command::<C>(options, f.history_seed)
            ));
        }
        if let Some(i) = bodies.iter().position(|b| *b == body) {
            written.lines.push(format!(
                "{headline}\n  the same scenario as {}; not written again",
                written.files[i].display()
            ));
            continue;
        }
        let (path, kept) = free_path(out, &feature_file_name::<C>(f), &text);
        let write = match kept {
            Kept::Same => Ok(()),
            _ => std::fs::create_dir_all(out)
                .map_err(|e| {
                    format!(
                        "--out {}: cannot write feature files there: {}",
                        out.display(),
                        steps::write_errors::in_words(&e)
                    )
                })
                .and_then(|()| write_whole(&path, &text)),
        };
        match write {
            Ok(()) => {
                let said = match kept {
                    Kept::Nothing => String::new(),
                    Kept::Same => " (it was there already, the same, from an earlier run)".into(),
                    // The name is the history seed's alone, which other code, --max-steps or
                    // --faults give another history or failure: not "this history" again.
                    Kept::Other(other) => format!(
                        " ({} holds another scenario of this history seed, from an earlier run \
                         with other code, --max-steps or --faults: kept)",
                        other.display()
                    ),
                };
                written
                    .lines
                    .push(format!("{headline}\n  written to {}{said}", path.display()));
                bodies.push(body);
                written.files.push(path);
            }
            Err(e) => {
                // The folder was checked before the run and went bad since: one message, not
                // one for every failure.
                written.lines.push(format!("{headline}\ngwt simulate: {e}"));
                written.out_usable = false;
                break;
            }
        }
    }
    let unkept = failures.saturating_sub(found.len() as u64);
    if unkept > 0 {
        written.lines.push(format!(
            "{unkept} of {} not shrunk or written (--keep {} keeps {}): run with \
             --keep {failures} to write them all",
            plural(failures, "failure", "failures"),
            options.keep,
            match options.keep {
                0 => "none".to_string(),
                n => format!("the first {n}"),
            },
        ));
    }
    written
}

/// What a failure's file found where it goes.
enum Kept {
    /// Nothing: the file is new.
    Nothing,
    /// The same text: nothing to write.
    Same,
    /// Another failure's file under the name (an earlier run's, of the same history seed, with
    /// other code): left as it was, the new one written beside it.
    Other(PathBuf),
}

/// Where a failure's feature file `name` goes under `out`: its name, unless a file of an earlier
/// run holds another text there, then the first of `name-2`, `name-3`… that is free or holds the
/// same text. Histories are named by their seed, which every run of the same seed repeats: a run
/// after a change overwrote the failures of the one before without a word.
fn free_path(out: &Path, name: &str, text: &str) -> (PathBuf, Kept) {
    let first = out.join(name);
    let stem = name.trim_end_matches(".feature");
    let mut other = None;
    for n in 1u32.. {
        let path = match n {
            1 => first.clone(),
            n => out.join(format!("{stem}-{n}.feature")),
        };
        match std::fs::read(&path) {
            Ok(held) if held == text.as_bytes() => return (path, Kept::Same),
            Ok(_) => {
                other.get_or_insert_with(|| path.clone());
            }
            // Not there (or not readable, which writing it will tell).
            Err(_) => {
                let kept = other.map_or(Kept::Nothing, Kept::Other);
                return (path, kept);
            }
        }
    }
    unreachable!("a name is free before u32 runs out")
}

/// A failure's feature file, written whole or not at all, as an export is: a disk that fills,
/// or a second Ctrl-C, mid-write leaves no half a scenario under the file's name for `gwt test`
/// to report as a broken file.
fn write_whole(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut output = Output::create(path, "--out")?;
    output.file.write_all(text.as_bytes()).map_err(|e| {
        format!(
            "--out {}: cannot write it: {}",
            path.display(),
            steps::write_errors::in_words(&e)
        )
    })?;
    output.persist()
}

/// The scenario of a feature file, without the head that names its seed: two failures shrunk
/// to the same history under different seeds give the same body.
fn scenario_body(text: &str) -> &str {
    text.find("\n  Scenario:").map_or(text, |at| &text[at..])
}

/// `--out` must be a folder this run can write in, or one it can make: said once, before the
/// histories run, rather than once for every failure after.
fn check_out(out: &Path) -> Result<(), String> {
    let shown = out.display();
    let expected = "expected a folder to write feature files in";
    // The folder itself, or the nearest folder above it that exists (where it would be made).
    let mut existing = out;
    loop {
        match std::fs::metadata(existing) {
            Ok(m) if m.is_dir() => break,
            Ok(m) if existing == out => {
                let what = crate::output::Special::of(&m).map_or("a file", |kind| kind.words());
                return Err(format!("--out {shown}: it is {what} ({expected})"));
            }
            Ok(_) => {
                return Err(format!(
                    "--out {shown}: {} is a file, so no folder can be made there ({expected})",
                    existing.display()
                ))
            }
            // A link to nothing (or to itself, round a loop): no folder can be made there,
            // and making one would fail only at the first failure, after the run.
            Err(e) if std::fs::symlink_metadata(existing).is_ok() => {
                let target = std::fs::read_link(existing)
                    .map(|t| format!(" to {}", t.display()))
                    .unwrap_or_default();
                return Err(format!(
                    "--out {shown}: {} is a link{target} that leads to no folder ({}), so no \
                     folder can be made there ({expected})",
                    existing.display(),
                    match e.kind() {
                        std::io::ErrorKind::NotFound =>
                            "what it leads to does not exist".to_string(),
                        _ => e.to_string(),
                    }
                ));
            }
            Err(_) => match existing.parent() {
                Some(p) if !p.as_os_str().is_empty() => existing = p,
                _ => {
                    existing = Path::new(".");
                    break;
                }
            },
        }
    }
    // Permissions are not enough to tell (a read-only mount, an administrator's rights): a file
    // made and removed at once tells.
    tempfile::Builder::new()
        .prefix(".gwt-probe-")
        .tempfile_in(existing)
        .map(drop)
        .map_err(|e| {
            format!(
                "--out {shown}: {}; {expected}",
                crate::output::folder_not_writable(existing, &e)
            )
        })
}

/// What an export of `n` events adds to saying so: a log with none is no log to verify
/// (`verify-migration` refuses it), which the export says when it writes it.
fn empty_log(n: u64) -> &'static str {
    match n {
        0 => {
            ": the log is empty, as no history recorded an event (give more --histories or \
              --max-steps); verify-migration refuses an empty log"
        }
        _ => "",
    }
}

/// `gwt simulate --export FILE`: the histories' logs as stored forms, checked for nothing.
pub fn export<C: Simulated>(
    options: &Options,
    versions: crate::export::Versions,
    file: &Path,
) -> ExitCode {
    let histories = plural(options.histories, "history", "histories");
    // Each history starts a minute after the one before: past this many, the last would start
    // beyond what the clock holds.
    let most = crate::export::most_histories(options.start);
    if options.histories > most {
        steps::say!(
            "gwt simulate --export: {histories} would start the last one past the last instant \
             the clock holds (each starts a minute after the one before): export at most {}",
            domain::kernel::readable_number(most.into())
        );
        return ExitCode::from(2);
    }
    if file == Path::new("-") {
        // The log is the output: what is said about it goes to standard error, so that
        // `gwt simulate --export - | gwt verify-migration --from -` reads only the log.
        // Its histories are written as one timeline, so a stop cuts many of them short.
        crate::output::say_when_interrupted(
            "gwt simulate --export -",
            "the log written to standard output is cut short, in the middle of histories \
             (they are written as one timeline), and does not verify whole",
        );
        // Through the report's own standard output, which remembers a failure for `finish` to
        // tell once at the end (std's would be flushed again there, and fail again).
        let mut out = std::io::BufWriter::new(steps::stdout::Stdout);
        return match crate::export::export::<C>(options, versions, &mut out) {
            Ok(n) => {
                let events = plural(n, "event", "events");
                steps::say!(
                    "{events} of {histories} written to standard output{}",
                    empty_log(n)
                );
                ExitCode::SUCCESS
            }
            // The reader stopped reading (`| head`): it has what it wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                if !steps::stdout::has_failed() {
                    steps::say!("gwt simulate --export: cannot write the log: {e}");
                }
                ExitCode::from(2)
            }
        };
    }
    remove_partial_files_when_interrupted("gwt simulate --export");
    let mut output = match Output::create(file, "--export") {
        Ok(output) => output,
        Err(e) => {
            steps::say!("gwt simulate: {e}");
            return ExitCode::from(2);
        }
    };
    let written = {
        let mut out = std::io::BufWriter::new(output.file.as_file_mut());
        crate::export::export::<C>(options, versions, &mut out)
            .and_then(|n| out.flush().map(|()| n))
    };
    let written = written
        .map_err(|e| {
            format!(
                "cannot write {}: {}",
                file.display(),
                steps::write_errors::in_words(&e)
            )
        })
        .and_then(|n| output.persist().map(|()| n));
    match written {
        Ok(n) => {
            steps::stdout::print(&format!(
                "{} of {histories} written to {}{}\n",
                plural(n, "event", "events"),
                file.display(),
                empty_log(n)
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            steps::say!("gwt simulate --export: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two runs of one seed name their failures alike: the second, after a change, overwrote the
    /// first's without a word.
    #[test]
    fn a_failure_file_of_an_earlier_run_is_kept_and_the_new_one_written_beside_it() {
        let out = tempfile::tempdir().expect("a folder");
        let out = out.path();
        let name = "conference-00000000000000aa.feature";
        let (path, kept) = free_path(out, name, "one");
        assert_eq!(path, out.join(name));
        assert!(matches!(kept, Kept::Nothing));
        std::fs::write(&path, "one").unwrap();
        // The same text again: nothing to write.
        let (same, kept) = free_path(out, name, "one");
        assert_eq!(same, path);
        assert!(matches!(kept, Kept::Same));
        // Another text: beside it, naming the one kept.
        let (beside, kept) = free_path(out, name, "two");
        assert_eq!(beside, out.join("conference-00000000000000aa-2.feature"));
        assert!(matches!(kept, Kept::Other(ref p) if *p == path));
        std::fs::write(&beside, "two").unwrap();
        let (again, kept) = free_path(out, name, "two");
        assert_eq!(again, beside);
        assert!(matches!(kept, Kept::Same));
    }

    /// A failure's file is written as an export is, through a file beside it moved into place
    /// once whole: one a killed run left half-written is removed, and a name that cannot take
    /// the file (a folder stands there) is told and leaves nothing beside it.
    #[test]
    fn a_failure_file_is_written_whole_or_not_at_all() {
        let out = tempfile::tempdir().expect("a folder");
        let out = out.path();
        let left = out.join(".gwt-killed.partial");
        std::fs::write(&left, "Feature: cut sh").unwrap();
        let path = out.join("conference-00000000000000aa.feature");
        write_whole(&path, "Feature: whole\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "Feature: whole\n");
        assert!(!left.exists(), "the killed run's file was left");

        let taken = out.join("conference-00000000000000bb.feature");
        std::fs::create_dir(&taken).unwrap();
        let e = write_whole(&taken, "Feature: two\n").unwrap_err();
        assert!(e.contains("it is a folder"), "{e}");
        let mut names: Vec<_> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "conference-00000000000000aa.feature",
                "conference-00000000000000bb.feature"
            ]
        );
    }
}
