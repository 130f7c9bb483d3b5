//! The rules a bounded context states, so tools can tell which of them no specification mentions,
//! and what a scenario says to specify one.

use serde::Serialize;

use super::Catalog;

/// A business rule, recognised in a scenario by words that all appear in it (the messages it
/// speaks of and, for a rejection, the words of the reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The rule in a domain expert's words.
    pub name: &'static str,
    /// Words that a scenario specifying the rule must all contain.
    pub mentions: &'static [&'static str],
}

impl Rule {
    pub const fn new(name: &'static str, mentions: &'static [&'static str]) -> Self {
        Rule { name, mentions }
    }

    /// What a scenario holds to specify the rule, told apart as a scenario must hold it: the
    /// catalog's messages, named where the feature language names one, and the other words,
    /// said. `mentions` mixed both, and an author took `never added` for a rejection's text.
    pub fn needs(&self, catalog: &Catalog) -> Needs {
        let (messages, words) = (self.mentions.iter()).partition(|m| catalog.message(m).is_some());
        Needs { messages, words }
    }
}

/// Where a rule's messages and words count, said under the catalog's rules and `gwt coverage`'s:
/// the words are the scenario's, not a rejection's text (`Then the command is rejected with
/// "never added"` was written for a rule whose rejection says `unknown seat type: vip`).
pub const WHERE_RULE_WORDS_COUNT: &str = "A message counts where a step names it as one (the \
     event or command column of its table); the words where a step, its table, a title the \
     scenario stands under, or its Rule's, its own or its Examples' description says them, whole \
     and in order: they need not be a rejection's text.";

/// A rule's mentions (or the part of them a scenario lacks) told apart: messages and words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Needs {
    /// Messages of the catalog, each named as a message by a step (an `event` or `command`
    /// column, or key of a doc string).
    pub messages: Vec<&'static str>,
    /// Phrases said anywhere in the scenario, each one's words whole and in order.
    pub words: Vec<&'static str>,
}

impl Needs {
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.words.is_empty()
    }
}

/// `CreateConference and the words "conference already exists"`: messages by name, words
/// quoted as words, so that neither reads as the other.
impl std::fmt::Display for Needs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let quoted: Vec<String> = self.words.iter().map(|w| format!("\"{w}\"")).collect();
        let words = match quoted.as_slice() {
            [] => None,
            // One word is `the word`, a phrase of several `the words`, as it is said.
            [one] if !self.words[0].trim().contains(char::is_whitespace) => {
                Some(format!("the word {one}"))
            }
            _ => Some(format!("the words {}", and_list(&quoted))),
        };
        let parts: Vec<String> = (self.messages.iter().map(|m| m.to_string()))
            .chain(words)
            .collect();
        f.write_str(&and_list(&parts))
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::Needs;

    #[test]
    fn needs_tell_messages_from_quoted_words() {
        let needs = |messages: &[&'static str], words: &[&'static str]| {
            Needs {
                messages: messages.to_vec(),
                words: words.to_vec(),
            }
            .to_string()
        };
        assert_eq!(
            needs(&["CreateConference"], &["conference already exists"]),
            "CreateConference and the words \"conference already exists\""
        );
        assert_eq!(
            needs(&["MakeSeatReservation", "SeatsReserved"], &["fewer"]),
            "MakeSeatReservation, SeatsReserved and the word \"fewer\""
        );
        assert_eq!(
            needs(&["SeatsReserved"], &["no commands are sent", "stale"]),
            "SeatsReserved and the words \"no commands are sent\" and \"stale\""
        );
        assert_eq!(
            needs(&["SeatCreated", "AddSeats"], &[]),
            "SeatCreated and AddSeats"
        );
        assert_eq!(needs(&[], &["late"]), "the word \"late\"");
    }
}
