//! How `gwt test` and `gwt coverage` read on the terminal, and what they make of the files and
//! options they are given: one summary, each Outline row told apart, tables and doc strings
//! echoed under their steps, files that are not text or hold nothing told so.

mod feature_runs;

use feature_runs::gwt;

#[test]
fn the_bench_takes_from_1_to_10000_scenarios() {
    for (count, says) in [
        ("0", "0 scenarios: there is nothing to measure"),
        ("10001", "(at most 10000)"),
        (
            "99999999999999999999",
            "is not a whole number of scenarios from 1 to 10000",
        ),
    ] {
        let (out, said) = gwt(&["test", "--bench", count]);
        assert_eq!(out.status.code(), Some(2), "{count}: {said}");
        assert!(said.contains(says), "{count}: {said}");
        assert!(
            !said.contains("NaN") && !said.contains("panicked"),
            "{said}"
        );
    }
}
