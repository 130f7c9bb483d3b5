//! The end-of-simulation table: histories, commands, events, faults by kind, checks, failures,
//! time and throughput.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};

use crate::search::{Options, Totals};

pub const FAULT_NAMES: [&str; 5] = ["duplicate", "reorder", "crash", "late", "conflict"];

/// The closing tables: what the simulation did, which the same seed repeats byte for byte, and
/// below it what this run's timing was, in a table of its own so that its widths (a long
/// `elapsed` on a loaded machine) cannot move the first table's borders. The first names the
/// seed and the shard, so that a table kept from a run, or one of several machines' tables,
/// says which histories it counts.
pub fn table(domain: &str, options: &Options, totals: &Totals) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(vec!["simulation", domain]);
    match options.replay {
        Some(seed) => t.add_row(vec!["history".to_string(), format!("0x{seed:016x}")]),
        None => t.add_row(vec!["seed".to_string(), options.seed.to_string()]),
    };
    let (index, count) = options.shard;
    if count > 1 && options.replay.is_none() {
        t.add_row(vec!["shard".to_string(), format!("{index}/{count}")]);
    }
    t.add_row(vec!["histories".to_string(), totals.histories.to_string()]);
    if totals.stopped {
        t.add_row(vec![
            "stopped".to_string(),
            format!(
                "by {}, after {} of {}",
                crate::interrupt::signal_name(
                    totals.stopped_by.unwrap_or(crate::interrupt::CTRL_C)
                ),
                totals.histories,
                options.share()
            ),
        ]);
    }
    // What the histories depend on besides the seed, so that a table kept from a run says how
    // to run them again.
    t.add_row(vec!["max steps".to_string(), options.max_steps.to_string()]);
    t.add_row(vec!["commands".to_string(), totals.commands.to_string()]);
    t.add_row(vec!["events".to_string(), totals.events.to_string()]);
    // A fault turned off (`--faults`) is said to be, not counted as one never drawn.
    let on = options.kinds.names();
    for (name, n) in FAULT_NAMES.iter().zip(totals.faults) {
        // A late fault delays a command scheduled for later: where none was, none could be
        // drawn, and the zero says nothing of the fault (the store schedules nothing).
        let count = match (on.contains(name), *name == "late" && totals.scheduled == 0) {
            (false, _) => "off".to_string(),
            (true, true) if totals.histories > 0 => format!("{n} (nothing scheduled)"),
            (true, _) => n.to_string(),
        };
        t.add_row(vec![format!("faults: {name}"), count]);
    }
    t.add_row(vec!["checks run".to_string(), totals.checks.to_string()]);
    t.add_row(vec!["failures".to_string(), totals.failures.to_string()]);
    let secs = totals.elapsed.as_secs_f64().max(1e-9);
    let mut timing = Table::new();
    timing.load_preset(UTF8_FULL_CONDENSED);
    timing.set_header(vec!["timing", "this run"]);
    timing.add_row(vec!["elapsed".to_string(), format!("{secs:.2} s")]);
    timing.add_row(vec![
        "histories/s".to_string(),
        format!("{:.0}", totals.histories as f64 / secs),
    ]);
    timing.add_row(vec![
        "events/s".to_string(),
        format!("{:.0}", totals.events as f64 / secs),
    ]);
    // The feature files are written after the histories, which `elapsed` times: a run whose
    // failures took longer to write than its histories to run said only the histories' time.
    if let Some(writing) = totals.writing {
        timing.add_row(vec![
            "writing failures".to_string(),
            format!("{:.2} s", writing.as_secs_f64()),
        ]);
    }
    format!("{t}\n\n{timing}\n")
}

pub use domain::kernel::printable;

pub use domain::kernel::{name, MOST_NAME};

/// The most characters of one message a report shows whole (an error, a difference, a breach):
/// one that echoes a long value from the log is shown by its start and end.
pub const MOST_MESSAGE: usize = 2_000;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_simulation_table_is_the_same_however_long_the_run_took() {
        let timed = |secs| {
            let totals = Totals {
                histories: 40_000,
                events: 900_000,
                elapsed: std::time::Duration::from_secs(secs),
                ..Totals::default()
            };
            let text = table("store", &Options::new(40_000, 1, 5), &totals);
            let (simulation, timing) = text.split_once("\n\n").unwrap();
            (simulation.to_string(), timing.to_string())
        };
        let (quick, slow) = (timed(1), timed(100_000));
        assert_eq!(quick.0, slow.0);
        assert_ne!(quick.1, slow.1);
        assert!(quick.0.contains("histories") && quick.1.contains("events/s"));
    }

    /// Writing the failures' feature files is timed apart, below the rates: a run of 3.7 s
    /// whose 30 files took 9 s more to write said `elapsed 3.70 s` and nothing of the rest.
    #[test]
    fn the_time_the_failures_took_to_write_is_in_the_timing_table_and_only_there() {
        let totals = |writing| Totals {
            histories: 500,
            failures: 166,
            elapsed: std::time::Duration::from_millis(3_700),
            writing,
            ..Totals::default()
        };
        let options = Options::new(500, 7, 1000);
        let written = table(
            "conference",
            &options,
            &totals(Some(Duration::from_secs(9))),
        );
        let unwritten = table("conference", &options, &totals(None));
        let (simulation, timing) = written.split_once("\n\n").unwrap();
        assert_eq!(simulation, unwritten.split_once("\n\n").unwrap().0);
        let row = timing
            .lines()
            .find(|l| l.contains("writing failures"))
            .unwrap_or_else(|| panic!("no writing row in:\n{timing}"));
        assert!(row.contains("9.00 s"), "{timing}");
        assert!(timing.contains("3.70 s"), "{timing}");
        assert!(!unwritten.contains("writing failures"), "{unwritten}");
    }

    #[test]
    fn control_characters_are_escaped_and_odd_names_quoted() {
        assert_eq!(printable("a\u{1b}[31mb\0c\u{7}"), "a\\u{1b}[31mb\\0c\\u{7}");
        assert_eq!(printable("plain é \"q\" ┆"), "plain é \"q\" ┆");
        assert_eq!(
            printable("Pay\u{85}ment\u{200b}X"),
            "Pay\\u{85}ment\\u{200b}X"
        );
        assert_eq!(name("Order/order-1-h0"), "Order/order-1-h0");
        assert_eq!(name("Order/order-1-h0 "), "\"Order/order-1-h0 \"");
        assert_eq!(name("a\u{200b}b"), "\"a\\u{200b}b\"");
        assert_eq!(name(""), "\"\"");
    }
}
