//! The phrases of the feature language (`../shared/DSL.md`), recognised by one dispatcher per
//! keyword so that an unknown step gets a "did you mean" instead of being skipped.

use std::sync::OnceLock;

use cucumber::gherkin::StepType;
use domain::kernel::nearest;
use regex::Regex;

/// A recognised step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phrase {
    GivenEvents {
        version: Option<u32>,
    },
    GivenNoEvents,
    GivenTime(String),
    WhenCommand {
        settle: bool,
    },
    WhenEvent {
        settle: bool,
    },
    /// `When <N> minutes pass`, or hours or days: `minutes` is all the time that passes, in
    /// minutes (`i64::MAX` when more than an `i64` holds), `unit` the unit the step counts in.
    WhenTimePasses {
        minutes: i64,
        unit: TimeUnit,
        settle: bool,
    },
    EventsRecorded {
        any_order: bool,
    },
    NoEventsRecorded,
    CommandsSent {
        any_order: bool,
    },
    NoCommandsSent,
    Rejected {
        with: Option<String>,
    },
    ReadModelIs {
        name: String,
        key: String,
    },
    ReadModelSnapshot {
        name: String,
        key: String,
    },
    ReadModelHasNoEntry {
        name: String,
        key: String,
    },
    OutcomeSnapshot,
    InvariantsHold,
    /// `Then long after, the invariants hold`: the invariants, and what must hold once time has
    /// passed with nothing more happening, judged long after the scenario (see
    /// `Runtime::broken_long_after`).
    InvariantsHoldLongAfter,
}

/// A unit a step passes time in: DSL.md's minutes, and hours and days, which a domain expert
/// of a day-scale domain speaks in (`When 14 days pass`, not `When 20160 minutes pass`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
}

impl TimeUnit {
    /// How many minutes one of the unit is.
    pub fn minutes(self) -> i64 {
        match self {
            TimeUnit::Minutes => 1,
            TimeUnit::Hours => 60,
            TimeUnit::Days => 1440,
        }
    }

    /// The unit's name, plural.
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Minutes => "minutes",
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
        }
    }

    /// The unit a step's word names (`minute`, `hours`, `days`).
    fn of_word(word: &str) -> Option<TimeUnit> {
        match word.strip_suffix('s').unwrap_or(word) {
            "minute" => Some(TimeUnit::Minutes),
            "hour" => Some(TimeUnit::Hours),
            "day" => Some(TimeUnit::Days),
            _ => None,
        }
    }
}

/// `minutes` in the largest unit that says them exactly: 4320 minutes are 3 days, 120 are 2
/// hours, 90 stay 90 minutes (and 0 stay 0 minutes).
pub fn in_largest_unit(minutes: i64) -> (i64, TimeUnit) {
    [TimeUnit::Days, TimeUnit::Hours]
        .into_iter()
        .find(|u| minutes != 0 && minutes % u.minutes() == 0)
        .map_or((minutes, TimeUnit::Minutes), |u| (minutes / u.minutes(), u))
}

/// `minutes` as an author says them, in the largest unit that says them exactly: `3 days`,
/// `1 hour`, `45 minutes`.
pub fn time_in_words(minutes: i64) -> String {
    let (n, unit) = in_largest_unit(minutes);
    let name = unit.name();
    if n == 1 {
        format!("1 {}", &name[..name.len() - 1])
    } else {
        format!("{n} {name}")
    }
}

/// The `When` step's text for `minutes` passing, in the largest unit that says them exactly:
/// `3 days pass`, `1 hour passes`, `45 minutes pass`.
pub fn time_passes_text(minutes: i64) -> String {
    let verb = if in_largest_unit(minutes).0 == 1 {
        "passes"
    } else {
        "pass"
    };
    format!("{} {verb}", time_in_words(minutes))
}

/// `When <N> minutes pass` (or hours or days): N of the unit, in minutes.
fn time_passes(c: &regex::Captures) -> Result<Phrase, String> {
    let unit = TimeUnit::of_word(&c["unit"]).unwrap_or(TimeUnit::Minutes);
    // More minutes than an i64 holds (a number past 64 bits, or days that are more minutes
    // than that) are too many for the clock all the same; the step says so (see `steps`),
    // rather than not being a step at all.
    let minutes = c["n"]
        .parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(unit.minutes()))
        .unwrap_or(i64::MAX);
    Ok(Phrase::WhenTimePasses {
        minutes,
        unit,
        settle: settles(c),
    })
}

impl Phrase {
    /// Whether the step reads a table or doc string under it.
    pub fn takes_table(&self) -> bool {
        matches!(
            self,
            Phrase::GivenEvents { .. }
                | Phrase::WhenCommand { .. }
                | Phrase::WhenEvent { .. }
                | Phrase::EventsRecorded { .. }
                | Phrase::CommandsSent { .. }
                | Phrase::ReadModelIs { .. }
        )
    }
}

struct Pattern {
    ty: StepType,
    regex: Regex,
    /// The literals every match starts with (`the read model `), tried before the regex: a step
    /// is tried against every phrase of its keyword, and a regex's captures cost more than all
    /// the rest of recognising it.
    leads: Option<Vec<Vec<u8>>>,
    /// How the phrase reads in the contract, for "did you mean".
    template: &'static str,
    /// The phrase, or what is wrong with the value it names (a number past its range): the
    /// step is recognised all the same, and fails saying so rather than as no step at all.
    build: fn(&regex::Captures) -> Result<Phrase, String>,
}

fn settles(c: &regex::Captures) -> bool {
    c.name("s1").is_some() || c.name("s2").is_some()
}

fn key(c: &regex::Captures) -> String {
    let k = c["key"].trim();
    k.strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .unwrap_or(k)
        .to_string()
}

impl Pattern {
    /// Whether `text` starts as every match of the pattern does (always, where it has no leads).
    fn may_match(&self, text: &str) -> bool {
        match &self.leads {
            Some(leads) => leads.iter().any(|l| text.as_bytes().starts_with(l)),
            None => true,
        }
    }

    fn captures<'t>(&self, text: &'t str) -> Option<regex::Captures<'t>> {
        match self.may_match(text) {
            true => self.regex.captures(text),
            false => None,
        }
    }

    fn is_match(&self, text: &str) -> bool {
        self.may_match(text) && self.regex.is_match(text)
    }
}

/// The literals one of which every match of `re` starts the text with, when `re` is anchored
/// at the start (`^`, in every alternative) and they are finitely many: regex-syntax's prefix
/// extraction, which reads groups, classes, alternatives and flags as the regex itself does.
/// None: the regex is tried on any text.
fn leads(re: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::{literal::Extractor, Look};
    let hir = regex_syntax::Parser::new().parse(re).ok()?;
    if !hir.properties().look_set_prefix().contains(Look::Start) {
        return None;
    }
    let prefixes = Extractor::new().extract(&hir);
    Some(
        (prefixes.literals()?.iter())
            .map(|l| l.as_bytes().to_vec())
            .collect(),
    )
}

fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let p = |ty, re: &str, template, build| Pattern {
            ty,
            regex: Regex::new(re).expect("the phrase patterns are valid"),
            leads: leads(re),
            template,
            build,
        };
        use StepType::{Given, Then, When};
        const SETTLE1: &str = r"(?P<s1> and the system settles)?";
        const SETTLE2: &str = r"(?P<s2> and the system settles)?";
        vec![
            p(Given, r"^the events:$", "the events:", |_| {
                Ok(Phrase::GivenEvents { version: None })
            }),
            p(
                Given,
                r"^the events in version (?P<v>\d+):$",
                "the events in version <N>:",
                |c| {
                    let v = &c["v"];
                    v.parse()
                        .map(|v| Phrase::GivenEvents { version: Some(v) })
                        .map_err(|_| {
                            format!(
                                "version {v} is too large (at most {})",
                                domain::kernel::readable_number(u32::MAX.into())
                            )
                        })
                },
            ),
            p(Given, r"^no events$", "no events", |_| {
                Ok(Phrase::GivenNoEvents)
            }),
            p(
                Given,
                r"^the time is (?P<t>.+)$",
                "the time is <RFC 3339 instant>",
                |c| Ok(Phrase::GivenTime(c["t"].trim().to_string())),
            ),
            p(
                When,
                &format!(r"^the command is sent{SETTLE1}:{SETTLE2}$"),
                "the command is sent:",
                |c| Ok(Phrase::WhenCommand { settle: settles(c) }),
            ),
            p(
                When,
                &format!(r"^the event is published{SETTLE1}:{SETTLE2}$"),
                "the event is published:",
                |c| Ok(Phrase::WhenEvent { settle: settles(c) }),
            ),
            // DSL.md's `<N> minutes pass`, and the same in hours and days (an extension); each
            // unit singular or plural (`1 hour passes`).
            p(
                When,
                &format!(r"^(?P<n>\d+) (?P<unit>minute)s? pass(?:es)?{SETTLE2}$"),
                "<N> minutes pass",
                time_passes,
            ),
            p(
                When,
                &format!(r"^(?P<n>\d+) (?P<unit>hour)s? pass(?:es)?{SETTLE2}$"),
                "<N> hours pass",
                time_passes,
            ),
            p(
                When,
                &format!(r"^(?P<n>\d+) (?P<unit>day)s? pass(?:es)?{SETTLE2}$"),
                "<N> days pass",
                time_passes,
            ),
            p(
                Then,
                r"^these events are recorded(?P<any>, in any order)?:$",
                "these events are recorded:",
                |c| {
                    Ok(Phrase::EventsRecorded {
                        any_order: c.name("any").is_some(),
                    })
                },
            ),
            p(
                Then,
                r"^no events are recorded$",
                "no events are recorded",
                |_| Ok(Phrase::NoEventsRecorded),
            ),
            p(
                Then,
                r"^these commands are sent(?P<any>, in any order)?:$",
                "these commands are sent:",
                |c| {
                    Ok(Phrase::CommandsSent {
                        any_order: c.name("any").is_some(),
                    })
                },
            ),
            p(
                Then,
                r"^no commands are sent$",
                "no commands are sent",
                |_| Ok(Phrase::NoCommandsSent),
            ),
            p(
                Then,
                r#"^the command is rejected(?: with "(?P<text>.*)")?$"#,
                "the command is rejected with \"<text>\"",
                |c| {
                    Ok(Phrase::Rejected {
                        with: c.name("text").map(|t| t.as_str().to_string()),
                    })
                },
            ),
            p(
                Then,
                r"^the read model (?P<name>\S+) for (?P<key>.+) is:$",
                "the read model <Name> for <id> is:",
                |c| {
                    Ok(Phrase::ReadModelIs {
                        name: c["name"].to_string(),
                        key: key(c),
                    })
                },
            ),
            p(
                Then,
                r"^the read model (?P<name>\S+) for (?P<key>.+) matches the snapshot$",
                "the read model <Name> for <id> matches the snapshot",
                |c| {
                    Ok(Phrase::ReadModelSnapshot {
                        name: c["name"].to_string(),
                        key: key(c),
                    })
                },
            ),
            p(
                Then,
                r"^the read model (?P<name>\S+) has no entry for (?P<key>.+)$",
                "the read model <Name> has no entry for <id>",
                |c| {
                    Ok(Phrase::ReadModelHasNoEntry {
                        name: c["name"].to_string(),
                        key: key(c),
                    })
                },
            ),
            p(
                Then,
                r"^the outcome matches the snapshot$",
                "the outcome matches the snapshot",
                |_| Ok(Phrase::OutcomeSnapshot),
            ),
            p(
                Then,
                r"^the invariants hold$",
                "the invariants hold",
                |_| Ok(Phrase::InvariantsHold),
            ),
            // `Then, long after, …` would read best, but Gherkin takes no comma after its
            // keyword (`Then,` is no keyword; the reader says so); the comma after `after` may
            // be left out.
            p(
                Then,
                r"^long after,? the invariants hold$",
                "long after, the invariants hold",
                |_| Ok(Phrase::InvariantsHoldLongAfter),
            ),
        ]
    })
}

pub(crate) fn keyword(ty: StepType) -> &'static str {
    match ty {
        StepType::Given => "Given",
        StepType::When => "When",
        StepType::Then => "Then",
    }
}

/// Forms of the phrases above that their one template does not show, for the list of known
/// steps and "did you mean".
const OTHER_FORMS: [(StepType, &str); 6] = [
    (
        StepType::When,
        "the command is sent and the system settles:",
    ),
    (
        StepType::When,
        "the event is published and the system settles:",
    ),
    (StepType::When, "<N> minutes pass and the system settles"),
    (StepType::Then, "these events are recorded, in any order:"),
    (StepType::Then, "these commands are sent, in any order:"),
    (StepType::Then, "the command is rejected"),
];

/// What a number in a step must be, where the step's text has one that is not: the phrase's
/// `<N>` is whole, and the nearest phrase alone does not say why `1.5 minutes pass` is none.
fn number_note(ty: StepType, text: &str) -> Option<String> {
    static LOOSE: OnceLock<[(StepType, Regex); 2]> = OnceLock::new();
    let loose = LOOSE.get_or_init(|| {
        let re = |r: &str| Regex::new(r).expect("the loose patterns are valid");
        [
            (
                StepType::When,
                re(r"^(?P<n>\S+) (?P<unit>minute|hour|day)s? pass"),
            ),
            (
                StepType::Given,
                re(r"^the events in version (?P<n>\S+?):?$"),
            ),
        ]
    });
    loose.iter().find_map(|(t, re)| {
        let c = re.captures(text).filter(|_| *t == ty)?;
        let n = &c["n"];
        let whole = match c.name("unit").and_then(|u| TimeUnit::of_word(u.as_str())) {
            Some(unit) => format!("a whole number of {} (0 or more)", unit.name()),
            None => "a whole number (such as `1`)".to_string(),
        };
        let is_whole = n.bytes().all(|b| b.is_ascii_digit());
        (!is_whole).then(|| format!("`<N>` is {whole}, which `{n}` is not"))
    })
}

/// Every form of the phrases of one keyword, as the contract writes them.
fn forms(ty: StepType) -> impl Iterator<Item = &'static str> + Clone {
    patterns()
        .iter()
        .filter(move |p| p.ty == ty)
        .map(|p| p.template)
        .chain(
            OTHER_FORMS
                .iter()
                .filter(move |(t, _)| *t == ty)
                .map(|(_, f)| *f),
        )
}

/// Whether `text` is the text of a known step of any keyword (`1 minute passes`,
/// `the command is sent:`): the evidence that a line Gherkin took as description was meant as
/// a step.
pub fn is_step_text(text: &str) -> bool {
    let text = text.trim();
    patterns().iter().any(|p| p.is_match(text))
}

/// The keyword of the first phrase `text` reads as whole, without its keyword (`the events:` is
/// a Given's): prose that only starts as a phrase does (`the time is what decides …`, no
/// instant) reads as none.
pub fn keyword_of_step_text(text: &str) -> Option<&'static str> {
    let text = text.trim();
    patterns()
        .iter()
        .find(|p| {
            p.captures(text).is_some_and(|c| match (p.build)(&c) {
                // The time is read at its step; here an instant starts with its year.
                Ok(Phrase::GivenTime(t)) => t.starts_with(|c: char| c.is_ascii_digit()),
                Ok(_) => true,
                Err(_) => false,
            })
        })
        .map(|p| keyword(p.ty))
}

/// Whether `text` reads as a step of keyword `ty`.
fn reads(ty: StepType, text: &str) -> bool {
    patterns().iter().any(|p| p.ty == ty && p.is_match(text))
}

/// Recognises a step, or says what was expected: the one phrase it was most likely meant as
/// (see `near_misses`), or else every phrase of its keyword.
pub fn recognise(ty: StepType, text: &str) -> Result<Phrase, String> {
    recognise_in(ty, text, &|ty| format!("{} ", keyword(ty)), &|ty| {
        keyword(ty).to_string()
    })
}

/// The phrase of keyword `of` that `text` was most likely meant as (see `near_misses`), and why
/// it did not read so.
fn meant_of(of: StepType, text: &str, closely: bool) -> Option<crate::near_misses::Meant> {
    crate::near_misses::meant(text, forms(of), |t| reads(of, t), closely)
}

/// The step `text`, a step of keyword `ty` that reads as none, was most likely meant as, with
/// the keyword it is meant under: its own keyword's phrase, closely or loosely, else another
/// keyword's, closely (`recognise` suggests the same, and says why).
pub(crate) fn meant_step(ty: StepType, text: &str) -> Option<(StepType, String)> {
    let text = text.trim();
    let own = |closely| meant_of(ty, text, closely).map(|(meant, _)| (ty, meant));
    own(true).or_else(|| own(false)).or_else(|| {
        [StepType::Given, StepType::When, StepType::Then]
            .into_iter()
            .filter(|&other| other != ty)
            .find_map(|other| Some((other, meant_of(other, text, true)?.0)))
    })
}

/// [`recognise`], quoting steps with the keywords `word` gives, each as written before a step's
/// text (the step's own, `Étant donné `, or a French file's `Soit `, `Quand `, `Alors `), and
/// naming kinds of step by `kind` (`a Quand step`): an author reads back the step as written,
/// not one in another language.
pub fn recognise_in(
    ty: StepType,
    text: &str,
    word: &dyn Fn(StepType) -> String,
    kind: &dyn Fn(StepType) -> String,
) -> Result<Phrase, String> {
    let text = text.trim();
    for p in patterns().iter().filter(|p| p.ty == ty) {
        if let Some(c) = p.captures(text) {
            return (p.build)(&c);
        }
    }
    let said = |meant: &str, why: &str, of: StepType| {
        let note = match (why.is_empty(), number_note(ty, text)) {
            (false, _) => format!(" ({why})"),
            (true, Some(note)) => format!(" ({note})"),
            (true, None) => String::new(),
        };
        format!("; did you mean `{}{meant}`?{note}", word(of))
    };
    let meant = |of: StepType, closely: bool| meant_of(of, text, closely);
    let hint = meant(ty, true)
        .map(|(meant, why)| said(&meant, &why, ty))
        // Another keyword's phrase as written is a surer reading than a looser one of this
        // keyword's (`Then the events:`).
        .or_else(|| {
            patterns()
                .iter()
                .find(|p| p.is_match(text))
                .map(|p| format!("; `{text}` is a {} step", kind(p.ty)))
        })
        .or_else(|| meant(ty, false).map(|(meant, why)| said(&meant, &why, ty)))
        // A number the phrase takes whole and the step does not write whole (`1.5 minutes
        // pass`) leaves no reading with the author's words; the phrase as the contract writes
        // it, and why, does.
        .or_else(|| {
            number_note(ty, text)?;
            nearest(text, forms(ty)).map(|t| said(t, "", ty))
        })
        // A near miss of another keyword's phrase (`When the clock is …`): that phrase, saying
        // whose it is.
        .or_else(|| {
            let (other, (meant, why)) = [StepType::Given, StepType::When, StepType::Then]
                .into_iter()
                .filter(|&other| other != ty)
                .find_map(|other| Some((other, meant(other, true)?)))?;
            let whose = format!("a {} step", kind(other));
            let why = match why.is_empty() {
                true => whose,
                false => format!("{whose}; {why}"),
            };
            Some(said(&meant, &why, other))
        })
        .unwrap_or_else(|| {
            let known = forms(ty)
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(" (known {} steps: {known})", kind(ty))
        });
    Err(format!("unknown step `{}{text}`{hint}", word(ty)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a phrase is matched against only once it starts with one of the pattern's leads:
    /// each must be what a match may start with (an optional mark either way), or a step that
    /// reads as the phrase would not be recognised.
    #[test]
    fn a_pattern_is_tried_only_on_text_that_starts_as_its_matches_do() {
        let leads_of = |re| -> Option<Vec<String>> {
            let leads = leads(re)?.into_iter();
            Some(leads.map(|l| String::from_utf8(l).unwrap()).collect())
        };
        let some = |l: &[&str]| Some(l.iter().map(|l| l.to_string()).collect::<Vec<_>>());
        assert_eq!(
            leads_of(r"^long after,? the invariants hold$"),
            some(&[
                "long after, the invariants hold",
                "long after the invariants hold"
            ])
        );
        assert_eq!(
            leads_of(r"^the read model (?P<name>\S+) for"),
            some(&["the read model "])
        );
        assert_eq!(leads_of(r"^(?P<n>\d+) (?P<unit>minute)s? pass"), None);
        assert_eq!(leads_of(r"^no events$"), some(&["no events"]));
        assert_eq!(leads_of(r"^events* here"), some(&["events", "event here"]));
        assert_eq!(leads_of(r"no anchor"), None);
        assert_eq!(
            leads_of(r"^the (?P<a>x|y) [|(]z"),
            some(&["the x (z", "the x |z", "the y (z", "the y |z"])
        );
        assert_eq!(leads_of(r"^the \| bar"), some(&["the | bar"]));
        assert_eq!(leads_of(r"^the (?P<a>x)|other"), None);
        for p in patterns() {
            // Each template, its placeholders filled, is a match, and starts with the lead.
            let text = p
                .template
                .replace("<Name>", "Name")
                .replace("<id>", "id-1")
                .replace("<N>", "2")
                .replace("<text>", "why")
                .replace("<RFC 3339 instant>", "2026-01-05T09:00:00Z");
            assert!(p.regex.is_match(&text), "{text}");
            assert!(p.may_match(&text), "{text} / {:?}", p.leads);
            assert!(p.is_match(&text), "{text}");
        }
        for (ty, form) in OTHER_FORMS {
            let text = form.replace("<N>", "2");
            assert!(reads(ty, &text), "{text}");
        }
        assert!(reads(StepType::Then, "long after the invariants hold"));
    }

    /// The leads are a cut, never a change of answer: whatever the pattern, a text its regex
    /// matches starts with one of them. `^` anchors only a pattern's first alternative, so one
    /// with an alternative outside its groups has none (else `other` went unrecognised below).
    #[test]
    fn the_lead_never_turns_away_a_text_the_regex_matches() {
        for (re, texts) in [
            (r"^the (?P<a>x)|other", &["the x", "other", "an other"][..]),
            (r"^say [|(]|then", &["say |", "then", "say ("]),
            (r"^say [^]|]x|then", &["say ax", "and then"]),
            (r"^a \(b|then", &["a (b", "then"]),
            (r"^no events$", &["no events", "no event"]),
        ] {
            let regex = Regex::new(re).unwrap();
            let pattern = Pattern {
                ty: StepType::Given,
                leads: leads(re),
                regex: regex.clone(),
                template: "",
                build: |_| Err(String::new()),
            };
            for text in texts {
                assert_eq!(
                    pattern.is_match(text),
                    regex.is_match(text),
                    "{re} on {text} (leads {:?})",
                    pattern.leads
                );
            }
        }
    }

    /// Time passes in minutes (DSL.md), and in hours and days: N of them are exactly N×60 or
    /// N×1440 minutes, each unit singular or plural, settling or not.
    #[test]
    fn time_passes_in_minutes_hours_and_days() {
        use TimeUnit::*;
        let passes = |minutes, unit, settle| {
            Ok(Phrase::WhenTimePasses {
                minutes,
                unit,
                settle,
            })
        };
        for (text, said) in [
            ("1 minute passes", passes(1, Minutes, false)),
            ("90 minutes pass", passes(90, Minutes, false)),
            ("1 hour passes", passes(60, Hours, false)),
            ("2 hours pass", passes(120, Hours, false)),
            (
                "2 hours pass and the system settles",
                passes(120, Hours, true),
            ),
            ("1 day passes", passes(1440, Days, false)),
            ("14 days pass", passes(20160, Days, false)),
            (
                "1 day passes and the system settles",
                passes(1440, Days, true),
            ),
            ("0 days pass", passes(0, Days, false)),
        ] {
            assert_eq!(recognise(StepType::When, text), said, "{text}");
            assert!(is_step_text(text), "{text}");
        }
        // The phrase is a When step: as a Given it is said so, not turned into minutes.
        let said = recognise(StepType::Given, "14 days pass").unwrap_err();
        assert!(said.ends_with("`14 days pass` is a When step"), "{said}");
    }

    /// The writer says time in the largest unit that says it exactly, and the step reads back.
    #[test]
    fn time_is_said_in_the_largest_exact_unit_and_reads_back() {
        for (minutes, text) in [
            (4320, "3 days pass"),
            (1440, "1 day passes"),
            (120, "2 hours pass"),
            (60, "1 hour passes"),
            (90, "90 minutes pass"),
            (45, "45 minutes pass"),
            (1, "1 minute passes"),
            (1500, "25 hours pass"),
            (0, "0 minutes pass"),
        ] {
            assert_eq!(time_passes_text(minutes), text);
            match recognise(StepType::When, text) {
                Ok(Phrase::WhenTimePasses { minutes: read, .. }) => {
                    assert_eq!(read, minutes, "{text}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        assert_eq!(time_in_words(60), "1 hour");
    }

    /// More days or hours than an i64 holds in minutes, or a number past 64 bits, is the phrase
    /// with too much time (the step then says the clock cannot go that far), never an overflow
    /// or no step at all.
    #[test]
    fn too_many_hours_or_days_are_the_phrase_with_too_much_time() {
        let most_days = i64::MAX / 1440;
        for text in [
            format!("{} days pass", most_days + 1),
            format!("{} hours pass", i64::MAX / 60 + 1),
            "99999999999999999999 days pass".to_string(),
            "99999999999999999999 minutes pass".to_string(),
        ] {
            let Ok(Phrase::WhenTimePasses { minutes, .. }) = recognise(StepType::When, &text)
            else {
                panic!("{text} is not the phrase");
            };
            assert_eq!(minutes, i64::MAX, "{text}");
        }
        assert_eq!(
            recognise(StepType::When, &format!("{most_days} days pass")),
            Ok(Phrase::WhenTimePasses {
                minutes: most_days * 1440,
                unit: TimeUnit::Days,
                settle: false,
            })
        );
    }

    /// What is still no step: a fraction, words for the number, weeks, seconds. Each gets the
    /// step in the largest of minutes, hours and days that says it exactly, or the phrase with
    /// a note on its `<N>` where none does.
    #[test]
    fn time_in_fractions_words_weeks_or_seconds_is_suggested_as_a_step() {
        for (text, meant, why) in [
            (
                "1.5 hours pass",
                "When 90 minutes pass",
                "time passes in whole minutes, hours or days in a step",
            ),
            (
                "1.5 days pass and the system settles",
                "When 36 hours pass and the system settles",
                "time passes in whole minutes, hours or days in a step",
            ),
            (
                "0.5 days pass",
                "When 12 hours pass",
                "time passes in whole minutes, hours or days in a step",
            ),
            (
                "2 weeks pass",
                "When 14 days pass",
                "time passes in whole minutes, hours or days in a step",
            ),
            (
                "half an hour passes",
                "When 30 minutes pass",
                "time passes in whole minutes, hours or days in a step",
            ),
            (
                "3600 seconds pass",
                "When 1 hour passes",
                "time passes in whole minutes, hours or days in a step",
            ),
            (
                "two hours pass",
                "When 2 hours pass",
                "the hours are written in digits",
            ),
            (
                "a day passes",
                "When 1 day passes",
                "the days are written in digits",
            ),
            (
                "fourteen days pass",
                "When 14 days pass",
                "the days are written in digits",
            ),
        ] {
            let said = recognise(StepType::When, text).unwrap_err();
            assert_eq!(
                said,
                format!("unknown step `When {text}`; did you mean `{meant}`? ({why})"),
            );
        }
        // Whole hours and days in other words keep the author's unit, with nothing to explain.
        for (text, meant) in [
            ("14 days have passed", "When 14 days pass"),
            ("after 14 days", "When 14 days pass"),
            ("2 hrs pass", "When 2 hours pass"),
            ("the clock advances by 3 hours", "When 3 hours pass"),
            ("1 day passed", "When 1 day passes"),
            ("1 hour has passed", "When 1 hour passes"),
            (
                "2 days pass and everything settles",
                "When 2 days pass and the system settles",
            ),
        ] {
            let said = recognise(StepType::When, text).unwrap_err();
            assert_eq!(
                said,
                format!("unknown step `When {text}`; did you mean `{meant}`?")
            );
        }
        // A fraction that is no whole minutes: the phrase, and what its `<N>` must be.
        let said = recognise(StepType::When, "0.01 hours pass").unwrap_err();
        assert_eq!(
            said,
            "unknown step `When 0.01 hours pass`; did you mean `When <N> hours pass`? (`<N>` is \
             a whole number of hours (0 or more), which `0.01` is not)"
        );
        let said = recognise(StepType::When, "1.5 days pass").unwrap_err();
        assert!(said.contains("`When 36 hours pass`"), "{said}");
    }

    #[test]
    fn every_phrase_of_the_contract_is_recognised() {
        use Phrase::*;
        use StepType::*;
        let cases = [
            (Given, "the events:", GivenEvents { version: None }),
            (
                Given,
                "the events in version 1:",
                GivenEvents { version: Some(1) },
            ),
            (Given, "no events", GivenNoEvents),
            (
                Given,
                "the time is 2026-01-05T09:00:00Z",
                GivenTime("2026-01-05T09:00:00Z".into()),
            ),
            (When, "the command is sent:", WhenCommand { settle: false }),
            (
                When,
                "the command is sent and the system settles:",
                WhenCommand { settle: true },
            ),
            (
                When,
                "the command is sent: and the system settles",
                WhenCommand { settle: true },
            ),
            (When, "the event is published:", WhenEvent { settle: false }),
            (
                When,
                "the event is published and the system settles:",
                WhenEvent { settle: true },
            ),
            (
                When,
                "29 minutes pass",
                WhenTimePasses {
                    minutes: 29,
                    unit: TimeUnit::Minutes,
                    settle: false,
                },
            ),
            (
                When,
                "1 minute passes and the system settles",
                WhenTimePasses {
                    minutes: 1,
                    unit: TimeUnit::Minutes,
                    settle: true,
                },
            ),
            (
                Then,
                "these events are recorded:",
                EventsRecorded { any_order: false },
            ),
            (
                Then,
                "these events are recorded, in any order:",
                EventsRecorded { any_order: true },
            ),
            (Then, "no events are recorded", NoEventsRecorded),
            (
                Then,
                "these commands are sent:",
                CommandsSent { any_order: false },
            ),
            (
                Then,
                "these commands are sent, in any order:",
                CommandsSent { any_order: true },
            ),
            (Then, "no commands are sent", NoCommandsSent),
            (Then, "the command is rejected", Rejected { with: None }),
            (
                Then,
                "the command is rejected with \"unknown seat type\"",
                Rejected {
                    with: Some("unknown seat type".into()),
                },
            ),
            (
                Then,
                "the read model SeatType for student is:",
                ReadModelIs {
                    name: "SeatType".into(),
                    key: "student".into(),
                },
            ),
            (
                Then,
                "the read model PricedOrder for \"ord 42\" matches the snapshot",
                ReadModelSnapshot {
                    name: "PricedOrder".into(),
                    key: "ord 42".into(),
                },
            ),
            (
                Then,
                "the read model DraftOrder has no entry for ord-1",
                ReadModelHasNoEntry {
                    name: "DraftOrder".into(),
                    key: "ord-1".into(),
                },
            ),
            (Then, "the outcome matches the snapshot", OutcomeSnapshot),
            (Then, "the invariants hold", InvariantsHold),
            (
                Then,
                "long after, the invariants hold",
                InvariantsHoldLongAfter,
            ),
            (
                Then,
                "long after the invariants hold",
                InvariantsHoldLongAfter,
            ),
        ];
        for (ty, text, phrase) in cases {
            assert_eq!(recognise(ty, text), Ok(phrase), "{text}");
        }
    }

    #[test]
    fn an_unknown_step_names_the_nearest_phrase() {
        let err = recognise(StepType::Given, "the event:").unwrap_err();
        assert!(err.contains("did you mean `Given the events:`"), "{err}");
        let err = recognise(StepType::Then, "the commands are sent:").unwrap_err();
        assert!(
            err.contains("did you mean `Then these commands are sent:`"),
            "{err}"
        );
        let err = recognise(StepType::Given, "the command is sent:").unwrap_err();
        assert!(err.contains("is a When step"), "{err}");
        let err = recognise(StepType::Then, "the command is refused").unwrap_err();
        assert!(
            err.contains("did you mean `Then the command is rejected`?"),
            "{err}"
        );
        let err =
            recognise(StepType::Then, "the command is refused with \"no seats\"").unwrap_err();
        assert!(
            err.contains("did you mean `Then the command is rejected with \"no seats\"`?"),
            "{err}"
        );
    }

    /// A version past u32 was called no step at all, with the phrase it is as the "did you
    /// mean"; it is that phrase, with a number too large.
    #[test]
    fn a_version_too_large_is_said_so_not_called_an_unknown_step() {
        assert_eq!(
            recognise(StepType::Given, "the events in version 4294967295:"),
            Ok(Phrase::GivenEvents {
                version: Some(u32::MAX)
            })
        );
        for v in ["4294967296", "99999999999999999999999"] {
            let text = format!("the events in version {v}:");
            assert_eq!(
                recognise(StepType::Given, &text),
                Err(format!("version {v} is too large (at most 4,294,967,295)"))
            );
            assert!(is_step_text(&text), "{text}");
        }
    }

    #[test]
    fn a_near_miss_says_what_the_phrase_needs_that_the_step_lacks() {
        let err = recognise(
            StepType::Then,
            "the command is rejected with unknown conference",
        )
        .unwrap_err();
        assert_eq!(
            err,
            "unknown step `Then the command is rejected with unknown conference`; did you mean \
             `Then the command is rejected with \"unknown conference\"`? (the text the reason \
             contains is written in double quotes)"
        );
        let err = recognise(StepType::Then, "the command is rejected with 'no seats'").unwrap_err();
        assert!(
            err.contains("did you mean `Then the command is rejected with \"no seats\"`?"),
            "{err}"
        );
        let err = recognise(StepType::When, "1.5 minutes pass").unwrap_err();
        assert_eq!(
            err,
            "unknown step `When 1.5 minutes pass`; did you mean `When <N> minutes pass`? (`<N>` \
             is a whole number of minutes (0 or more), which `1.5` is not)"
        );
        let err = recognise(StepType::Given, "the events in version v1:").unwrap_err();
        assert!(err.contains("`v1` is not"), "{err}");
        // A whole number keeps the plain suggestion.
        let err = recognise(StepType::When, "2 minute passes by").unwrap_err();
        assert!(!err.contains("whole number"), "{err}");
    }

    /// The suggestion for a step, or what was said instead.
    fn suggested(ty: StepType, text: &str) -> String {
        let said = recognise(ty, text).expect_err(text);
        said.split_once("; did you mean `")
            .and_then(|(_, rest)| rest.split_once("`?"))
            .map_or(said.clone(), |(meant, _)| meant.to_string())
    }

    /// Common ways a domain expert misses each family of DSL.md's phrases, each answered with
    /// the one phrase meant, written with the expert's own names and values; the list of every
    /// step was given for most of them.
    #[test]
    fn a_near_miss_of_each_phrase_family_gets_the_one_phrase_meant() {
        use StepType::*;
        let cases: &[(StepType, &str, &str)] = &[
            // Given the events:
            (Given, "the following events:", "Given the events:"),
            (Given, "the events", "Given the events:"),
            (Given, "these events:", "Given the events:"),
            (Given, "an event:", "Given the events:"),
            (Given, "The events:", "Given the events:"),
            (Given, "the events have happened:", "Given the events:"),
            (
                Given,
                "the following events have been recorded:",
                "Given the events:",
            ),
            // Given the events in version <N>:
            (
                Given,
                "the events in version 1",
                "Given the events in version 1:",
            ),
            (
                Given,
                "the events at version 2:",
                "Given the events in version 2:",
            ),
            (
                Given,
                "the version 1 events:",
                "Given the events in version 1:",
            ),
            (
                Given,
                "the events (version 1):",
                "Given the events in version 1:",
            ),
            // Given no events
            (Given, "no events happened", "Given no events"),
            (Given, "there are no events", "Given no events"),
            (Given, "nothing has happened yet", "Given no events"),
            (Given, "no events are recorded", "Given no events"),
            // Given the time is <instant>
            (
                Given,
                "time is 2026-01-05T09:00:00Z",
                "Given the time is 2026-01-05T09:00:00Z",
            ),
            (
                Given,
                "the clock is at 2026-01-05T10:30:00+01:00",
                "Given the time is 2026-01-05T10:30:00+01:00",
            ),
            (
                Given,
                "it is 2026-01-05T09:00:00Z",
                "Given the time is 2026-01-05T09:00:00Z",
            ),
            (
                Given,
                "the current time is 2026-01-05T09:00:00Z",
                "Given the time is 2026-01-05T09:00:00Z",
            ),
            (
                Given,
                "the time 2026-01-05T09:00:00Z",
                "Given the time is 2026-01-05T09:00:00Z",
            ),
            // When the command is sent:
            (When, "the command is sent", "When the command is sent:"),
            (When, "a command is issued:", "When the command is sent:"),
            (
                When,
                "the following command is sent:",
                "When the command is sent:",
            ),
            (When, "I send the command:", "When the command is sent:"),
            (When, "the command:", "When the command is sent:"),
            (
                When,
                "the command is sent and everything settles:",
                "When the command is sent and the system settles:",
            ),
            // When the event is published:
            (
                When,
                "the event is published",
                "When the event is published:",
            ),
            (When, "the event is raised:", "When the event is published:"),
            (When, "the event occurs:", "When the event is published:"),
            (
                When,
                "the event is published and the system has settled",
                "When the event is published and the system settles:",
            ),
            // When <N> minutes pass
            (When, "30 minutes have passed", "When 30 minutes pass"),
            (When, "30 mins pass", "When 30 minutes pass"),
            (When, "after 15 minutes", "When 15 minutes pass"),
            (
                When,
                "the clock advances by 30 minutes",
                "When 30 minutes pass",
            ),
            (When, "half an hour passes", "When 30 minutes pass"),
            (When, "thirty minutes pass", "When 30 minutes pass"),
            (When, "1 minute passed", "When 1 minute passes"),
            (When, "120 seconds pass", "When 2 minutes pass"),
            (
                When,
                "30 minutes pass and the system settled",
                "When 30 minutes pass and the system settles",
            ),
            // Then these events are recorded:
            (
                Then,
                "these events are recorded",
                "Then these events are recorded:",
            ),
            (
                Then,
                "the following events are recorded:",
                "Then these events are recorded:",
            ),
            (
                Then,
                "these events were emitted:",
                "Then these events are recorded:",
            ),
            (
                Then,
                "this event is recorded:",
                "Then these events are recorded:",
            ),
            (
                Then,
                "these events are recorded in any order:",
                "Then these events are recorded, in any order:",
            ),
            (
                Then,
                "these events are recorded (in any order):",
                "Then these events are recorded, in any order:",
            ),
            (
                Then,
                "these events are recorded, in this order:",
                "Then these events are recorded:",
            ),
            // Then no events are recorded
            (Then, "no events recorded", "Then no events are recorded"),
            (Then, "no event is emitted", "Then no events are recorded"),
            (Then, "nothing is recorded", "Then no events are recorded"),
            // Then these commands are sent:
            (
                Then,
                "the following commands are sent:",
                "Then these commands are sent:",
            ),
            (
                Then,
                "these commands are scheduled:",
                "Then these commands are sent:",
            ),
            (
                Then,
                "the command is sent:",
                "Then these commands are sent:",
            ),
            (
                Then,
                "these commands are sent in any order:",
                "Then these commands are sent, in any order:",
            ),
            // Then no commands are sent
            (Then, "no command is sent", "Then no commands are sent"),
            (Then, "nothing is sent", "Then no commands are sent"),
            // Then the command is rejected (with "<text>")
            (Then, "the command fails", "Then the command is rejected"),
            (
                Then,
                "the command should be rejected",
                "Then the command is rejected",
            ),
            (
                Then,
                "the command is rejected because \"unknown seat type\"",
                "Then the command is rejected with \"unknown seat type\"",
            ),
            (
                Then,
                "the command is refused with the reason \"unknown seat type\"",
                "Then the command is rejected with \"unknown seat type\"",
            ),
            // Then the read model <Name> for <id> is:
            (
                Then,
                "read model SeatType for student is:",
                "Then the read model SeatType for student is:",
            ),
            (
                Then,
                "the read model SeatType for student contains:",
                "Then the read model SeatType for student is:",
            ),
            (
                Then,
                "the SeatType read model for student is:",
                "Then the read model SeatType for student is:",
            ),
            (
                Then,
                "the read model SeatType with id student is:",
                "Then the read model SeatType for student is:",
            ),
            // Then the read model <Name> for <id> matches the snapshot
            (
                Then,
                "the read model PricedOrder for \"ord 42\" matches its snapshot",
                "Then the read model PricedOrder for \"ord 42\" matches the snapshot",
            ),
            // Then the read model <Name> has no entry for <id>
            (
                Then,
                "read model SeatType has no entry for student",
                "Then the read model SeatType has no entry for student",
            ),
            (
                Then,
                "the read model SeatType has no entry student",
                "Then the read model SeatType has no entry for student",
            ),
            (
                Then,
                "the read model SeatType for student has no entry",
                "Then the read model SeatType has no entry for student",
            ),
            (
                Then,
                "the read model SeatType for student does not exist",
                "Then the read model SeatType has no entry for student",
            ),
            (
                Then,
                "the read model DraftOrder for o1 has no entry for o1",
                "Then the read model DraftOrder has no entry for o1",
            ),
            (
                Then,
                "there is no entry for student in the read model SeatType",
                "Then the read model SeatType has no entry for student",
            ),
            (
                Then,
                "the read model SeatType does not have an entry for student",
                "Then the read model SeatType has no entry for student",
            ),
            (
                Then,
                "the read model SeatType has no entries for student",
                "Then the read model SeatType has no entry for student",
            ),
            // Then the outcome matches the snapshot
            (
                Then,
                "the outcome matches its snapshot",
                "Then the outcome matches the snapshot",
            ),
            (
                Then,
                "the result matches the snapshot",
                "Then the outcome matches the snapshot",
            ),
            // Then the invariants hold
            (Then, "all invariants hold", "Then the invariants hold"),
            (
                Then,
                "the invariants are satisfied",
                "Then the invariants hold",
            ),
            // Then long after, the invariants hold
            (
                Then,
                "long after, all invariants hold",
                "Then long after, the invariants hold",
            ),
            (
                Then,
                "long after, the invariant holds",
                "Then long after, the invariants hold",
            ),
            (
                Then,
                "the invariants hold long after",
                "Then long after, the invariants hold",
            ),
            (
                Then,
                "eventually the invariants hold",
                "Then long after, the invariants hold",
            ),
        ];
        let mut wrong = Vec::new();
        for (ty, text, meant) in cases {
            let said = suggested(*ty, text);
            if said != *meant {
                wrong.push(format!("{} {text}: {said}", keyword(*ty)));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Dropping or adding a negation would suggest the step that checks the opposite of what
    /// its author wrote: such a step gets the list of steps, not a guess.
    #[test]
    fn a_near_miss_is_never_answered_with_its_opposite() {
        for (ty, text) in [
            (StepType::Then, "these events are not recorded:"),
            (StepType::Then, "the command is not rejected"),
            (StepType::Then, "events are recorded"),
            (StepType::Given, "events"),
        ] {
            let said = recognise(ty, text).unwrap_err();
            assert!(!said.contains(" no events"), "{text}: {said}");
            assert!(!said.contains("rejected`?"), "{text}: {said}");
        }
        assert_eq!(
            suggested(StepType::Then, "events are recorded"),
            "Then these events are recorded:"
        );
        let said = recognise(StepType::Then, "these events are not recorded:").unwrap_err();
        assert!(said.contains("(known Then steps: "), "{said}");
    }

    /// A phrase whose name, key or value the step leaves out is suggested with its hole as
    /// the contract writes it, and the why names what to fill in.
    #[test]
    fn a_near_miss_without_its_value_shows_what_to_fill_in() {
        let said = recognise(StepType::Then, "the read model SeatType is:").unwrap_err();
        assert_eq!(
            said,
            "unknown step `Then the read model SeatType is:`; did you mean `Then the read model \
             SeatType for <id> is:`? (the step gives no `<id>`)"
        );
        let said = recognise(StepType::Given, "the time is").unwrap_err();
        assert!(
            said.ends_with(
                "did you mean `Given the time is <RFC 3339 instant>`? (the step gives no `<RFC \
                 3339 instant>`)"
            ),
            "{said}"
        );
    }

    /// The outsider's two findings: each was answered with the whole list of steps.
    #[test]
    fn the_clock_set_and_an_absent_entry_in_other_words_get_the_phrase_meant() {
        assert_eq!(
            recognise(StepType::Given, "time is 2026-01-05T09:00:00Z").unwrap_err(),
            "unknown step `Given time is 2026-01-05T09:00:00Z`; did you mean `Given the time is \
             2026-01-05T09:00:00Z`?"
        );
        assert_eq!(
            recognise(
                StepType::Then,
                "read model DraftOrder has no entry for ord-1"
            )
            .unwrap_err(),
            "unknown step `Then read model DraftOrder has no entry for ord-1`; did you mean `Then \
             the read model DraftOrder has no entry for ord-1`?"
        );
        // A date without its time reads as the phrase but fails as an instant: said at once.
        let said = recognise(StepType::Given, "the date is 2026-01-05").unwrap_err();
        assert!(
            said.ends_with(
                "did you mean `Given the time is 2026-01-05`? (an instant is written in RFC \
                 3339, with its time and offset (such as `2026-01-05T09:00:00Z`), which \
                 `2026-01-05` is not)"
            ),
            "{said}"
        );
    }

    /// A near miss of another keyword's phrase is that phrase, saying whose it is; a phrase of
    /// another keyword as written is said so, rather than a looser reading of this keyword's.
    #[test]
    fn a_near_miss_of_another_keywords_phrase_says_whose_it_is() {
        let said = recognise(StepType::When, "the clock is 2026-01-05T10:00:00Z").unwrap_err();
        assert!(
            said.ends_with("did you mean `Given the time is 2026-01-05T10:00:00Z`? (a Given step)"),
            "{said}"
        );
        let said = recognise(StepType::Then, "the events:").unwrap_err();
        assert!(said.ends_with("`the events:` is a Given step"), "{said}");
        let said = recognise(StepType::Given, "1.5 hours pass").unwrap_err();
        assert!(
            said.ends_with(
                "did you mean `When 90 minutes pass`? (a When step; time passes in whole \
                 minutes, hours or days in a step)"
            ),
            "{said}"
        );
    }

    #[test]
    fn seconds_that_are_no_whole_minutes_are_rounded_up_and_said_so() {
        let said = recognise(StepType::When, "90 seconds pass").unwrap_err();
        assert!(
            said.ends_with(
                "did you mean `When 2 minutes pass`? (time passes in whole minutes in a step: 90 \
                 seconds, rounded up)"
            ),
            "{said}"
        );
    }

    #[test]
    fn the_list_of_known_steps_shows_every_form() {
        let err = recognise(StepType::When, "all is well and good today").unwrap_err();
        for form in [
            "`<N> minutes pass`",
            "`<N> hours pass`",
            "`<N> days pass`",
            "`<N> minutes pass and the system settles`",
        ] {
            assert!(err.contains(form), "{form} missing in {err}");
        }
        let err = recognise(StepType::Then, "all is well and good today").unwrap_err();
        for form in [
            "`the command is rejected`",
            "`the command is rejected with \"<text>\"`",
            "`these events are recorded, in any order:`",
            "`these commands are sent, in any order:`",
        ] {
            assert!(err.contains(form), "{form} missing in {err}");
        }
    }
}
