//! The end-of-simulation table: histories, commands, events, faults by kind, checks, failures,
//! time and throughput.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};

use crate::search::Totals;

pub const FAULT_NAMES: [&str; 5] = ["duplicate", "reorder", "crash", "late", "conflict"];

pub fn table(domain: &str, totals: &Totals) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(vec!["simulation", domain]);
    let secs = totals.elapsed.as_secs_f64().max(1e-9);
    t.add_row(vec!["histories".to_string(), totals.histories.to_string()]);
    t.add_row(vec!["commands".to_string(), totals.commands.to_string()]);
    t.add_row(vec!["events".to_string(), totals.events.to_string()]);
    for (name, n) in FAULT_NAMES.iter().zip(totals.faults) {
        t.add_row(vec![format!("faults: {name}"), n.to_string()]);
    }
    t.add_row(vec!["checks run".to_string(), totals.checks.to_string()]);
    t.add_row(vec!["failures".to_string(), totals.failures.to_string()]);
    t.add_row(vec!["elapsed".to_string(), format!("{secs:.2} s")]);
    t.add_row(vec![
        "histories/s".to_string(),
        format!("{:.0}", totals.histories as f64 / secs),
    ]);
    t.add_row(vec![
        "events/s".to_string(),
        format!("{:.0}", totals.events as f64 / secs),
    ]);
    format!("{t}\n")
}
