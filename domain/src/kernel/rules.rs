//! The rules a bounded context states, so tools can tell which of them no specification mentions.

use serde::Serialize;

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
}
