//! The `main` of a test binary that is a program of its own (`harness = false` in Cargo.toml: a
//! feature suite, a team's checks of its `gwt`), speaking enough of libtest's command line for
//! `cargo test` and cargo-nextest alike. Nextest lists a binary's tests (`--list --format
//! terse`, and `--ignored` for the ignored ones, of which there are none here), then runs each in
//! a process of its own (`NAME --exact --nocapture`); a binary that ignored these ran everything
//! when asked for its list, and nextest could neither list nor run it. `cargo test` runs every
//! test, one after the other, and `cargo test -- FILTER` those whose names hold FILTER, as
//! libtest's. [`crate::suite`] builds a domain's feature suite on it.

use std::process::ExitCode;

/// A test: its name, as listed and chosen, and what it checks (what went wrong, if anything).
pub struct Test {
    name: String,
    run: Box<dyn FnOnce() -> Result<(), String>>,
}

impl Test {
    pub fn new(
        name: impl Into<String>,
        run: impl FnOnce() -> Result<(), String> + 'static,
    ) -> Test {
        Test {
            name: name.into(),
            run: Box::new(run),
        }
    }

    /// The name it is listed and chosen by.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs it: what went wrong, if anything. A panic is a failure of this test alone, as under
    /// libtest: the tests after it still run under `cargo test`.
    fn run(self) -> Result<(), String> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(self.run)).unwrap_or_else(|panic| {
            let message = (panic.downcast_ref::<String>().map(String::as_str))
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("a panic without a message");
            Err(format!("panicked: {message}"))
        })
    }
}

/// A test's name made of a sentence (`the help lists the team's domain`): words joined by `_`,
/// as libtest's names are, for filters and nextest's list to take as one word.
pub fn name_of(sentence: &str) -> String {
    let words: Vec<String> = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join("_")
}

/// What the command line asks of the binary.
#[derive(Debug, Default, PartialEq)]
struct Asked {
    /// `--list`: the tests' names, not their runs.
    list: bool,
    /// `--format terse`: only the names (with `--list`).
    terse: bool,
    /// `--ignored`: only the ignored tests, which none of these is.
    ignored: bool,
    /// `--exact`: a filter is a whole name, not a part of one.
    exact: bool,
    filters: Vec<String>,
    skips: Vec<String>,
}

/// libtest's options that take a value, and those that change nothing here (output is never
/// captured: each test says what it ran on standard output, and nextest keeps it per test).
const WITH_VALUES: [&str; 6] = [
    "--test-threads",
    "--color",
    "--logfile",
    "--shuffle-seed",
    "-Z",
    "--report-time-format",
];
const NO_EFFECT: [&str; 11] = [
    "--nocapture",
    "--no-capture",
    "--show-output",
    "--quiet",
    "-q",
    "--include-ignored",
    "--test",
    "--report-time",
    "--ensure-time",
    "--shuffle",
    "--exclude-should-panic",
];

/// Reads libtest's arguments (`args`, the program's name left out).
fn asked(args: impl IntoIterator<Item = String>) -> Result<Asked, String> {
    let mut asked = Asked::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (option, inline) = match arg.split_once('=') {
            Some((option, value)) if option.starts_with('-') => (option.to_string(), Some(value)),
            _ => (arg.clone(), None),
        };
        let mut value = |option: &str| match inline {
            Some(value) => Ok(value.to_string()),
            None => args.next().ok_or_else(|| format!("{option} takes a value")),
        };
        match option.as_str() {
            "--list" => asked.list = true,
            "--ignored" => asked.ignored = true,
            "--exact" => asked.exact = true,
            "--format" => asked.terse = value("--format")? == "terse",
            "--skip" => asked.skips.push(value("--skip")?),
            o if WITH_VALUES.contains(&o) => {
                value(o)?;
            }
            o if NO_EFFECT.contains(&o) => {}
            o if o.starts_with('-') => return Err(format!("unrecognized option: {o}")),
            _ => asked.filters.push(arg),
        }
    }
    Ok(asked)
}

impl Asked {
    /// Whether the test named `name` is chosen, as libtest chooses: by any filter (all when
    /// none is given), no skip, and not when only ignored tests are asked for.
    fn chooses(&self, name: &str) -> bool {
        let matches = |pattern: &String| match self.exact {
            true => name == pattern,
            false => name.contains(pattern.as_str()),
        };
        !self.ignored
            && (self.filters.is_empty() || self.filters.iter().any(matches))
            && !self.skips.iter().any(matches)
    }
}

/// The binary's `main`: lists or runs `tests` as its command line asks. Exit status 0 when every
/// test run passed, 1 when one failed, 101 for arguments it cannot read (as libtest's).
pub fn main(tests: Vec<Test>) -> ExitCode {
    main_from(tests, std::env::args().skip(1))
}

/// [`main`] with the arguments given (the program's name left out).
pub fn main_from(tests: Vec<Test>, args: impl IntoIterator<Item = String>) -> ExitCode {
    let asked = match asked(args) {
        Ok(asked) => asked,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(101);
        }
    };
    let chosen: Vec<Test> = tests
        .into_iter()
        .filter(|t| asked.chooses(&t.name))
        .collect();
    if asked.list {
        for test in &chosen {
            println!("{}: test", test.name);
        }
        if !asked.terse {
            println!("\n{} tests, 0 benchmarks", chosen.len());
        }
        return ExitCode::SUCCESS;
    }
    let mut failed = Vec::new();
    let count = chosen.len();
    for test in chosen {
        let name = test.name.clone();
        match test.run() {
            Ok(()) => println!("ok: {name}"),
            Err(e) => {
                println!("FAILED: {name}\n{e}\n");
                failed.push(name);
            }
        }
    }
    println!(
        "{}: {} passed, {} failed{}",
        domain::kernel::plural(count as u64, "test", "tests"),
        count - failed.len(),
        failed.len(),
        match failed.is_empty() {
            true => String::new(),
            false => format!(": {}", failed.join(", ")),
        }
    );
    match failed.is_empty() {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(args: &[&str]) -> Result<Asked, String> {
        asked(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn nextest_s_list_and_run_are_read_as_libtest_reads_them() {
        let list = read(&["--list", "--format", "terse"]).unwrap();
        assert!(list.list && list.terse && !list.ignored);
        assert!(
            read(&["--list", "--format=terse", "--ignored"])
                .unwrap()
                .ignored
        );
        let one = read(&["conference::order.feature", "--exact", "--nocapture"]).unwrap();
        assert!(one.exact && !one.list);
        assert_eq!(one.filters, ["conference::order.feature"]);
        // Options that take a value take it, inline or after, and leave no filter behind.
        let valued = read(&["--test-threads", "1", "--color=never", "-q"]).unwrap();
        assert!(valued.filters.is_empty());
        assert_eq!(read(&["--skip"]), Err("--skip takes a value".into()));
        assert_eq!(
            read(&["--no-such-option"]),
            Err("unrecognized option: --no-such-option".into())
        );
    }

    #[test]
    fn a_filter_chooses_the_names_that_hold_it_and_a_skip_leaves_them_out() {
        let chosen = |args: &[&str]| {
            let asked = read(args).unwrap();
            [
                "store::folder",
                "store::order.feature",
                "conference::order.feature",
            ]
            .into_iter()
            .filter(|name| asked.chooses(name))
            .collect::<Vec<_>>()
        };
        assert_eq!(chosen(&[]).len(), 3);
        assert_eq!(
            chosen(&["store::"]),
            ["store::folder", "store::order.feature"]
        );
        assert_eq!(
            chosen(&["order", "--skip", "conference"]),
            ["store::order.feature"]
        );
        assert_eq!(chosen(&["order.feature", "--exact"]), Vec::<&str>::new());
        assert_eq!(
            chosen(&["--exact", "store::folder", "conference::order.feature"]),
            ["store::folder", "conference::order.feature"]
        );
        assert_eq!(chosen(&["--ignored"]), Vec::<&str>::new());
    }

    #[test]
    fn a_test_that_panics_fails_alone() {
        let panics = Test::new("panics", || panic!("the wiring is wrong"));
        assert_eq!(panics.run(), Err("panicked: the wiring is wrong".into()));
        let formatted = Test::new("formatted", || panic!("{} is wrong", "the wiring"));
        assert_eq!(formatted.run(), Err("panicked: the wiring is wrong".into()));
    }

    #[test]
    fn a_sentence_names_a_test_by_its_words() {
        assert_eq!(
            name_of("--version gives the team's version"),
            "version_gives_the_team_s_version"
        );
    }
}
