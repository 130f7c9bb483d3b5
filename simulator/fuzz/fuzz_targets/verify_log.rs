//! `gwt verify-migration` on any bytes as a log, for both domains: it must never panic, and a
//! log that reads whole must give a migrated copy that reads clean.
#![no_main]

use domain::conference::ConferenceContext;
use domain::store::StoreContext;
use libfuzzer_sys::fuzz_target;
use simulator::judging::Judged;
use simulator::migration::{read_models_json, verify, VerifyOptions};

fn verified<C: Judged>(data: &[u8], max_errors: usize) {
    let options = VerifyOptions {
        max_errors,
        ..Default::default()
    };
    let mut migrated: Vec<u8> = Vec::new();
    let log = std::io::Cursor::new(data);
    let (report, system) = verify::<C>(log, "fuzz.jsonl", &options, Some(&mut migrated));
    let _ = report.render("fuzz.jsonl", max_errors);
    let _ = serde_json::to_string_pretty(&read_models_json(&system));
    if report.errors.is_empty() && !report.stopped_early {
        let copy = std::io::Cursor::new(&migrated[..]);
        let (again, _) = verify::<C>(copy, "copy.jsonl", &VerifyOptions::default(), None);
        if let Some(e) = again.errors.first() {
            panic!("the migrated copy of a log that read whole does not read clean: {e}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    verified::<ConferenceContext>(data, 0);
    verified::<StoreContext>(data, 3);
});
