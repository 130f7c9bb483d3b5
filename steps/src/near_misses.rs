//! What an unknown step was most likely meant as. Domain experts slip against each family of
//! DSL.md's phrases in ways a plain edit distance cannot see, because their own names and
//! values fill the phrase (`Then read model SeatType has no entry for student` is far, letter by
//! letter, from `the read model <Name> has no entry for <id>`): a word left out or added, a word
//! of their own for ours, the clock set or an entry said absent in other words, weeks or seconds
//! where a step takes minutes, hours or days. Undoing those gives one phrase that reads, written with the author's own
//! names and values, or nothing when the step is too far from every phrase to guess.

mod alignment;
mod rewordings;
mod vocabulary;

use alignment::nearest_form;
pub(crate) use rewordings::instant_within;
use rewordings::REWORDINGS;

/// A step's text as its author may have meant it, and why it did not read so (empty when the
/// suggestion says it all).
pub(crate) type Meant = (String, String);

/// The text `text` was most likely meant as, among the phrases whose contract forms are `forms`
/// (`<Name>`, `<id>`, `<N>`, `"<text>"` and `<RFC 3339 instant>` standing for the author's
/// words), as long as `reads` accepts it: a suggestion that is no step would send the author
/// round again.
///
/// `closely` asks for a phrase the text misses by small slips only (no word changed or missing),
/// for the phrases of another keyword than the step's: the keyword is then a slip already.
pub(crate) fn meant<'f>(
    text: &str,
    forms: impl Iterator<Item = &'f str> + Clone,
    reads: impl Fn(&str) -> bool,
    closely: bool,
) -> Option<Meant> {
    let mut said = text.to_string();
    let mut why = String::new();
    for reword in REWORDINGS {
        if let Some((again, because)) = reword(&said) {
            said = again;
            if why.is_empty() {
                why = because;
            }
        }
    }
    if said != text && reads(&said) {
        return Some((said, why));
    }
    if let Some((aligned, lacks)) =
        nearest_form(&said, forms.clone(), closely).filter(|(t, _)| reads(t))
    {
        return Some((aligned, if why.is_empty() { lacks } else { why }));
    }
    // A rewording that led nowhere may have hidden what the text was near as written.
    nearest_form(text, forms, closely).filter(|(t, _)| reads(t))
}
