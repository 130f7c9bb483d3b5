//! What a message says to do about a mistake, told in full the first time a report gives it and
//! shortened after: a log whose every line has the same mistake would otherwise bury its
//! findings under the same paragraph, once a line.

use std::borrow::Cow;

/// Advice a message may end with, and what stands in its place when a report has told it
/// already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Advice {
    pub full: &'static str,
    pub again: &'static str,
}

/// A report's messages, in the order it prints them, with each piece of advice told in full
/// only the first time.
#[derive(Debug)]
pub struct AdviceTold<'a> {
    advice: &'a [Advice],
    told: Vec<bool>,
}

impl<'a> AdviceTold<'a> {
    pub fn new(advice: &'a [Advice]) -> Self {
        AdviceTold {
            advice,
            told: vec![false; advice.len()],
        }
    }

    /// `message` as the report prints it next: advice told before, shortened.
    pub fn tell<'m>(&mut self, message: &'m str) -> Cow<'m, str> {
        let mut said = Cow::Borrowed(message);
        for (advice, told) in self.advice.iter().zip(&mut self.told) {
            if !said.contains(advice.full) {
                continue;
            }
            match told {
                true => said = Cow::Owned(said.replacen(advice.full, advice.again, 1)),
                false => *told = true,
            }
        }
        said
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIX: Advice = Advice {
        full: ": do this, then that, then the other thing",
        again: ": do as told above",
    };
    const OTHER: Advice = Advice {
        full: " (see the manual, chapter 3)",
        again: " (see above)",
    };

    #[test]
    fn advice_is_told_in_full_once_and_shortened_after_each_piece_on_its_own() {
        let mut told = AdviceTold::new(&[FIX, OTHER]);
        let said: Vec<String> = [
            "line 1: broken: do this, then that, then the other thing",
            "line 2: odd (see the manual, chapter 3)",
            "line 3: broken: do this, then that, then the other thing",
            "line 4: fine",
            "line 5: odd (see the manual, chapter 3)",
        ]
        .iter()
        .map(|m| told.tell(m).into_owned())
        .collect();
        assert_eq!(
            said,
            [
                "line 1: broken: do this, then that, then the other thing",
                "line 2: odd (see the manual, chapter 3)",
                "line 3: broken: do as told above",
                "line 4: fine",
                "line 5: odd (see above)",
            ]
        );
    }
}
