//! `gwt simulate --replay SEED --trace`: one history told step by step from the scene every
//! history starts from (its commands listed first), with what each step set off (events recorded, commands sent, rejected or
//! delivered when due, each event a process manager or read model took in) and every fault drawn,
//! so that a failure the feature file cannot show (a reorder, a crash) can be followed.

use domain::kernel::{Entry, Envelope, Message, System};

use crate::engine::{run_watched, Moment, Scene};
use crate::faults::FaultKinds;
use crate::simulation::{Drawn, Simulated, Step};

/// The trace of `history` run from `scene` under the faults `seed` draws, ending with the check
/// that failed, if one did.
pub fn trace<C: Simulated>(
    scene: &Scene<C>,
    history: &[Drawn<C>],
    seed: u64,
    kinds: FaultKinds,
) -> String {
    // The scene every history starts from, which its first step may act on (a conference
    // created there): its commands, untraced, as they set it.
    let mut out = String::new();
    for command in C::setup() {
        out.push_str(&format!(
            "scene: {} {}\n",
            command.name(),
            command.payload()
        ));
    }
    let mut mark = 0;
    let mut told = |moment: Moment, system: &System<C>| {
        let mut sent = None;
        match moment {
            Moment::Step(i) => {
                let what = match &history[i].step {
                    Step::Send(command) => {
                        sent = Some(command.name());
                        format!("{} {}", command.name(), command.payload())
                    }
                    Step::Wait(minutes) => steps::phrases::time_passes_text(*minutes),
                };
                out.push_str(&format!("step {}: {what}\n", i + 1));
            }
            Moment::LongAfter => out.push_str(&format!(
                "long after the last step: {}\n",
                steps::phrases::time_passes_text(C::LONG_AFTER_MINUTES)
            )),
        }
        let entries = system.journal().since(mark);
        // A command taken that records nothing (an order given up that was never placed) left
        // no line, as if it had not run.
        let outcome = entries
            .iter()
            .any(|e| matches!(e, Entry::Recorded(_) | Entry::Rejected { .. }));
        if let (Some(name), false) = (sent, outcome) {
            out.push_str(&format!("  {name} is accepted, and records nothing\n"));
        }
        for entry in entries {
            out.push_str(&format!("  {}\n", line(entry)));
        }
        mark = system.journal().mark();
    };
    let (run, _) = run_watched(scene, history, seed, kinds, Some(&mut told));
    match run.failure {
        Some(failure) => out.push_str(&format!(
            "failed: {} ({}): {}\n",
            failure.check.describe(),
            match failure.step {
                Some(i) => format!("after step {}", i + 1),
                None => "after the history".to_string(),
            },
            failure.message
        )),
        None => out.push_str("every check passed\n"),
    }
    out
}

/// An event recorded or published, in words: where it stands and its fields.
fn event_line<E: Message>(verb: &str, e: &Envelope<E>) -> String {
    format!(
        "{verb} {} on {} #{} {}",
        e.message.name(),
        e.stream,
        e.sequence,
        e.message.payload()
    )
}

/// A journal entry, in words.
fn line<C: Simulated>(entry: &Entry<C>) -> String {
    match entry {
        Entry::Recorded(e) => event_line("recorded", e),
        Entry::Published(e) => event_line("published", e),
        Entry::Sent { by, command, due } => {
            let due = due.map_or_else(String::new, |d| {
                format!(" for {}", domain::kernel::instant_text(d))
            });
            format!(
                "{by} sends {}{due} {}",
                command.command.name(),
                command.command.payload()
            )
        }
        Entry::Delivered(command) => format!("{} is due and delivered", command.command.name()),
        Entry::Rejected { command, rejection } => {
            format!("{} is rejected: {rejection}", command.command.name())
        }
        Entry::Handled { by, event, again } => format!(
            "{by} takes in {} ({} #{}){}",
            event.message.name(),
            event.stream,
            event.sequence,
            if *again { " again" } else { "" }
        ),
        Entry::HandledCommand { by, command, again } => format!(
            "{by} takes in {}{}",
            command.command.name(),
            if *again { " again" } else { "" }
        ),
        Entry::Fault(text) => format!("fault: {text}"),
        // A history is run, not loaded from the past: it sends nothing so; a line is ready all
        // the same.
        Entry::SentInThePast { by, command } => format!(
            "{by} sends {} {} in the past (counted as handled)",
            command.command.name(),
            command.command.payload()
        ),
    }
}

#[cfg(test)]
mod tests {
    use domain::conference::ConferenceContext;

    use super::trace;
    use crate::engine::{prepare, run_from, Variant};
    use crate::faults::FaultKinds;
    use crate::search::{history_of, history_seed};
    use crate::simulation::Simulated;

    #[test]
    fn a_trace_tells_every_fault_the_run_drew_and_changes_nothing() {
        let scene = prepare::<ConferenceContext>(steps::world::default_start(), Variant::default());
        let mut told = [0u64; 5];
        let mut drawn = [0u64; 5];
        for index in 0..60 {
            let seed = history_seed(3, index);
            let history = history_of::<ConferenceContext>(seed, 30).expect("a history");
            let text = trace(&scene, &history, seed, FaultKinds::ALL);
            let (run, _) = run_from(&scene, &history, seed, FaultKinds::ALL);
            for (i, kind) in ["duplicate", "reorder", "crash", "late", "conflict"]
                .iter()
                .enumerate()
            {
                told[i] += text.matches(&format!("fault: {kind}: ")).count() as u64;
                drawn[i] += run.faults[i];
            }
            // Watched, the run is the one unwatched: the same checks, the same outcome, told
            // after the step it followed.
            let last = text.lines().last().unwrap_or_default();
            match &run.failure {
                Some(f) => assert!(
                    last.starts_with(&format!("failed: {}", f.check.describe()))
                        && last.ends_with(&f.message),
                    "{text}"
                ),
                None => assert_eq!(last, "every check passed", "{text}"),
            }
            // A conflict says what it did: a rival ran first, or a stale read changed nothing.
            for conflict in text
                .lines()
                .filter(|l| l.starts_with("  fault: conflict: "))
            {
                assert!(
                    conflict.ends_with("is decided again, nothing having changed")
                        || conflict.contains(" too, runs first; "),
                    "{conflict}"
                );
            }
            // The scene's commands come first, and every command a step sends has an outcome.
            let scene = text.lines().filter(|l| l.starts_with("scene: ")).count();
            assert_eq!(scene, ConferenceContext::setup().len(), "{text}");
            let blocks = text.split("\nstep ").skip(1);
            for block in blocks.filter(|b| !b.lines().next().unwrap_or("").contains(" pass")) {
                assert!(
                    block.contains("\n  recorded ")
                        || block.contains(" is rejected: ")
                        || block.contains(" is accepted, and records nothing"),
                    "a command without its outcome: {block}"
                );
            }
            let steps_told = text.lines().filter(|l| l.starts_with("step ")).count();
            let steps_run = run
                .failure
                .as_ref()
                .and_then(|f| f.step)
                .map_or(history.len(), |s| s + 1);
            assert_eq!(steps_told, steps_run, "{text}");
        }
        assert_eq!(told, drawn, "faults told against drawn, by kind");
        assert!(
            drawn.iter().all(|&n| n > 0),
            "every kind drawn in 60 histories: {drawn:?}"
        );
    }
}
