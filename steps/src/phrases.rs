//! The phrases of the feature language (`../shared/DSL.md`), recognised by one dispatcher per
//! keyword so that an unknown step gets a "did you mean" instead of being skipped.

use std::sync::OnceLock;

use cucumber::gherkin::StepType;
use domain::kernel::nearest;
use regex::Regex;

/// A recognised step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phrase {
    GivenEvents { version: Option<u32> },
    GivenNoEvents,
    GivenTime(String),
    WhenCommand { settle: bool },
    WhenEvent { settle: bool },
    WhenMinutesPass { minutes: i64, settle: bool },
    EventsRecorded { any_order: bool },
    NoEventsRecorded,
    CommandsSent { any_order: bool },
    NoCommandsSent,
    Rejected { with: Option<String> },
    ReadModelIs { name: String, key: String },
    ReadModelSnapshot { name: String, key: String },
    ReadModelHasNoEntry { name: String, key: String },
    OutcomeSnapshot,
    InvariantsHold,
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

fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let p = |ty, re: &str, template, build| Pattern {
            ty,
            regex: Regex::new(re).expect("the phrase patterns are valid"),
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
            p(
                When,
                &format!(r"^(?P<n>\d+) minutes? pass(?:es)?{SETTLE2}$"),
                "<N> minutes pass",
                |c| {
                    // More minutes than an i64 holds are too many for the clock all the same;
                    // the step says so (see `steps`), rather than not being a step at all.
                    let minutes = c["n"].parse().unwrap_or(i64::MAX);
                    Ok(Phrase::WhenMinutesPass {
                        minutes,
                        settle: settles(c),
                    })
                },
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

/// Words an author may use for a phrase's own (`refused` for `rejected`).
const SYNONYMS: [(&str, &str); 3] = [
    ("refused", "rejected"),
    ("emitted", "recorded"),
    ("raised", "recorded"),
];

/// A step's text as its author may have meant it, and why it did not read so (empty when the
/// suggestion says it all).
type Rewording = fn(&str) -> Option<(String, &'static str)>;

/// Slips an author makes in a phrase that would read with a small change: each gives the text
/// as meant, which is suggested when it reads as a step.
const REWORDINGS: [Rewording; 3] = [with_our_words, with_its_text_quoted, in_minutes];

fn with_our_words(text: &str) -> Option<(String, &'static str)> {
    let mut plain = text.to_string();
    for (word, ours) in SYNONYMS {
        plain = plain.replace(word, ours);
    }
    (plain != text).then_some((plain, ""))
}

/// `the command is rejected with unknown conference`: the reason's text, unquoted (or in
/// single or curly quotes).
fn with_its_text_quoted(text: &str) -> Option<(String, &'static str)> {
    let (head, reason) = text.split_once(" rejected with ")?;
    let reason = reason.trim();
    let bare = ["'", "\u{2018}", "\u{201c}"]
        .iter()
        .zip(["'", "\u{2019}", "\u{201d}"])
        .find_map(|(open, close)| reason.strip_prefix(open)?.strip_suffix(close))
        .unwrap_or(reason);
    if bare.is_empty() || reason.starts_with('"') {
        return None;
    }
    Some((
        format!("{head} rejected with \"{bare}\""),
        "the text the reason contains is written in double quotes",
    ))
}

/// `2 hours pass`, `1 day passes`: time passes in minutes in a step (a delay cell takes hours
/// and days, so an author may well write them here).
fn in_minutes(text: &str) -> Option<(String, &'static str)> {
    static UNITS: OnceLock<Regex> = OnceLock::new();
    let re = UNITS.get_or_init(|| {
        Regex::new(r"^(?P<n>\d+) (?P<unit>hours?|days?) pass(?:es)?(?P<rest>.*)$")
            .expect("the pattern is valid")
    });
    let c = re.captures(text)?;
    let per = if c["unit"].starts_with("hour") {
        60
    } else {
        24 * 60
    };
    let minutes = c["n"].parse::<u64>().ok()?.checked_mul(per)?;
    let rest = &c["rest"];
    let meant = match minutes {
        1 => format!("1 minute passes{rest}"),
        m => format!("{m} minutes pass{rest}"),
    };
    Some((meant, "time passes in minutes in a step"))
}

/// What a number in a step must be, where the step's text has one that is not: the phrase's
/// `<N>` is whole, and the nearest phrase alone does not say why `1.5 minutes pass` is none.
fn number_note(ty: StepType, text: &str) -> Option<String> {
    static LOOSE: OnceLock<[(StepType, Regex, &'static str); 2]> = OnceLock::new();
    let loose = LOOSE.get_or_init(|| {
        let re = |r: &str| Regex::new(r).expect("the loose patterns are valid");
        [
            (
                StepType::When,
                re(r"^(?P<n>\S+) minutes? pass"),
                "a whole number of minutes (0 or more)",
            ),
            (
                StepType::Given,
                re(r"^the events in version (?P<n>\S+?):?$"),
                "a whole number (such as `1`)",
            ),
        ]
    });
    loose.iter().find_map(|(t, re, whole)| {
        let n = &re.captures(text).filter(|_| *t == ty)?["n"];
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
    patterns().iter().any(|p| p.regex.is_match(text))
}

/// Recognises a step, or says what was expected with the nearest known phrase.
pub fn recognise(ty: StepType, text: &str) -> Result<Phrase, String> {
    let text = text.trim();
    for p in patterns().iter().filter(|p| p.ty == ty) {
        if let Some(c) = p.regex.captures(text) {
            return (p.build)(&c);
        }
    }
    // With a slip undone (a synonym, a reason left unquoted), the step may read as meant.
    let reworded = REWORDINGS.iter().find_map(|reword| {
        let (meant, why) = reword(text)?;
        let reads = patterns()
            .iter()
            .any(|p| p.ty == ty && p.regex.is_match(&meant));
        reads.then_some((meant, why))
    });
    let note = match (&reworded, number_note(ty, text)) {
        (Some((_, why)), _) if !why.is_empty() => format!(" ({why})"),
        (_, Some(note)) => format!(" ({note})"),
        _ => String::new(),
    };
    let hint = reworded
        .as_ref()
        .map(|(meant, _)| meant.as_str())
        .or_else(|| nearest(text, forms(ty)))
        .map(|t| format!("; did you mean `{} {t}`?{note}", keyword(ty)))
        .or_else(|| {
            patterns()
                .iter()
                .find(|p| p.regex.is_match(text))
                .map(|p| format!("; `{text}` is a {} step", keyword(p.ty)))
        })
        .unwrap_or_else(|| {
            let known = forms(ty)
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(" (known {} steps: {known})", keyword(ty))
        });
    Err(format!("unknown step `{} {text}`{hint}", keyword(ty)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_and_days_are_suggested_in_minutes() {
        let said = recognise(StepType::When, "2 hours pass and the system settles").unwrap_err();
        assert!(
            said.contains(
                "did you mean `When 120 minutes pass and the system settles`? (time passes in \
                 minutes in a step)"
            ),
            "{said}"
        );
        let said = recognise(StepType::When, "1 day passes").unwrap_err();
        assert!(
            said.contains("did you mean `When 1440 minutes pass`?"),
            "{said}"
        );
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
                WhenMinutesPass {
                    minutes: 29,
                    settle: false,
                },
            ),
            (
                When,
                "1 minute passes and the system settles",
                WhenMinutesPass {
                    minutes: 1,
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

    #[test]
    fn the_list_of_known_steps_shows_every_form() {
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
