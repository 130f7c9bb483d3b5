//! The harness of the test binaries that are programs of their own (`harness = false`: the
//! feature suites, a team's `gwt`), speaking enough of libtest's command line for `cargo test`
//! and cargo-nextest alike. Nextest lists a binary's tests (`--list --format terse`, and
//! `--ignored` for the ignored ones, of which there are none here), then runs each in a process
//! of its own (`NAME --exact --nocapture`); a binary that ignored these ran everything when
//! asked for its list, and nextest could neither list nor run it. `cargo test` runs every test,
//! one after the other, and `cargo test -- FILTER` those whose names hold FILTER, as libtest's.

#![allow(dead_code)]

use std::process::ExitCode;

/// A test: its name, as listed and chosen, and what it checks (what went wrong, if anything).
pub struct Test {
    pub name: String,
    pub run: Box<dyn FnOnce() -> Result<(), String>>,
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
pub struct Asked {
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
pub fn asked(args: impl IntoIterator<Item = String>) -> Result<Asked, String> {
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

/// The binary's `main`: lists or runs `tests` as the command line asks. Exit status 0 when every
/// test run passed, 1 when one failed, 101 for arguments it cannot read (as libtest's).
pub fn main(tests: Vec<Test>) -> ExitCode {
    let asked = match asked(std::env::args().skip(1)) {
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
        match (test.run)() {
            Ok(()) => println!("ok: {}", test.name),
            Err(e) => {
                println!("FAILED: {}\n{e}\n", test.name);
                failed.push(test.name);
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

/// Whether this binary speaks libtest's command line as nextest asks it to: `--list --format
/// terse` gives `names` (each `NAME: test`) and nothing else, `--ignored` none of them,
/// `--exact NAME --nocapture` runs that test alone, a filter runs the tests whose names hold it,
/// and an option it does not know is refused. `cheap`: a test quick to run, not this one.
pub fn speaks_libtest(names: &[String], cheap: &str) -> Result<(), String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let run = |args: &[&str]| {
        std::process::Command::new(&me)
            .args(args)
            .output()
            .map_err(|e| e.to_string())
    };
    let said = |out: &std::process::Output| String::from_utf8_lossy(&out.stdout).to_string();
    let listed = run(&["--list", "--format", "terse"])?;
    let expected: String = names.iter().map(|n| format!("{n}: test\n")).collect();
    if !listed.status.success() || said(&listed) != expected {
        return Err(format!("--list --format terse gave:\n{}", said(&listed)));
    }
    let ignored = run(&["--list", "--format", "terse", "--ignored"])?;
    if !ignored.status.success() || !said(&ignored).is_empty() {
        return Err(format!("--list --ignored gave:\n{}", said(&ignored)));
    }
    let one = run(&[cheap, "--exact", "--nocapture"])?;
    if !one.status.success()
        || !said(&one).ends_with(&format!("ok: {cheap}\n1 test: 1 passed, 0 failed\n"))
    {
        return Err(format!("{cheap} --exact --nocapture gave:\n{}", said(&one)));
    }
    // A part of a name chooses it, not with `--exact`; a skip leaves it out.
    let part = &cheap[1..cheap.len() - 1];
    let listed = run(&["--list", "--format", "terse", part])?;
    let exact = run(&["--list", "--format", "terse", "--exact", part])?;
    let skipped = run(&["--list", "--format", "terse", "--skip", part])?;
    let chosen = format!("{cheap}: test\n");
    if !said(&listed).contains(&chosen)
        || said(&exact).contains(&chosen)
        || said(&skipped).contains(&chosen)
    {
        return Err(format!(
            "the filter `{part}` chose:\n{}with --exact:\n{}and skipped, left:\n{}",
            said(&listed),
            said(&exact),
            said(&skipped)
        ));
    }
    let unknown = run(&["--no-such-option"])?;
    match unknown.status.code() {
        Some(101) => Ok(()),
        other => Err(format!("an unknown option exited {other:?}")),
    }
}
