//! Positions a stream jumped over, told once as what they turned out to be: out of order or a gap.

use domain::kernel::StreamId;
use rustc_hash::FxHashMap;

use super::error_kinds::Spot;
use super::shown;

/// Positions a stream jumped over, kept until they come (then they were out of order, and are
/// reported where they come) or reading ends (then they are a gap, reported where the stream
/// jumped): each reported once, as what it turned out to be. Gaps are rare, so they are few.
#[derive(Default)]
pub(super) struct Gaps {
    by_stream: FxHashMap<StreamId, Vec<Gap>>,
    /// How many, all streams together: asked after every event.
    pending: usize,
    /// Where each jump whose gap was filled landed: the event it landed on came ahead of its
    /// place, so it may be a copy, and the original, when it comes, is told where that was.
    landings: FxHashMap<StreamId, Vec<(u64, String)>>,
}

struct Gap {
    /// The stream's last position before the jump, and where it jumped to.
    from: u64,
    to: u64,
    /// The positions in between not seen yet, as first and last of each run.
    missing: Vec<(u64, u64)>,
    place: String,
    /// Where the jump was read, for the summary of errors by kind.
    spot: Spot,
    ordinal: u64,
}

/// Lines refused for standing in a stream their event does not name, by each stream a gap may
/// show them in: they took no position where they stand, and a gap at a line's position, in
/// that stream or the one its event names, may be it. Kept by stream, so that each gap asks
/// only its own stream's (a log of many such lines has many gaps too).
#[derive(Default)]
pub(super) struct Misplaced(FxHashMap<StreamId, Vec<(u64, String)>>);

impl Misplaced {
    /// The line at `place`, stored in `stored_in` at `sequence`, of an event that names `names`
    /// (when an aggregate records it).
    pub(super) fn note(
        &mut self,
        stored_in: &StreamId,
        sequence: u64,
        names: Option<&StreamId>,
        place: &str,
    ) {
        let naming = match names {
            Some(names) => format!("naming {}", shown(names)),
            None => "of no aggregate's stream".to_string(),
        };
        self.0.entry(stored_in.clone()).or_default().push((
            sequence,
            format!("the event at {place}, stored there at #{sequence} but {naming}"),
        ));
        if let Some(names) = names {
            self.0.entry(names.clone()).or_default().push((
                sequence,
                format!(
                    "the event at {place}, which names this stream but is stored in {} \
                     #{sequence}",
                    shown(stored_in)
                ),
            ));
        }
    }

    /// What a gap of `stream` that left out `missing` is told of the lines it may be.
    fn told_to<'m>(
        &'m self,
        stream: &StreamId,
        missing: &'m [(u64, u64)],
    ) -> impl Iterator<Item = &'m str> + 'm {
        let lines = self.0.get(stream).map_or(&[][..], Vec::as_slice);
        lines
            .iter()
            .filter(move |(sequence, _)| {
                missing
                    .iter()
                    .any(|&(first, last)| (first..=last).contains(sequence))
            })
            .map(|(_, told)| told.as_str())
    }
}

/// What a gap still open when reading ends may be instead, and how reading ended.
pub(super) struct Suspects<'a> {
    /// Reading stopped before the log's end, and a position not seen may come after (not in a
    /// table read by key, where it would have come before).
    pub stopped_early: bool,
    /// The first line that could not be read far enough to say which stream it was of.
    pub first_unplaced: Option<u64>,
    /// Rows of a table, not lines of a file.
    pub rows: bool,
    pub misplaced: &'a Misplaced,
    /// The first line of each stream whose position could not be read (or was 0, which is
    /// none), with what is said of it (`whose position could not be read`).
    pub unpositioned: &'a FxHashMap<StreamId, (String, &'static str)>,
}

impl Gaps {
    pub(super) fn open(
        &mut self,
        stream: &StreamId,
        from: u64,
        to: u64,
        (place, spot): (String, Spot),
        ordinal: u64,
    ) {
        self.pending += 1;
        self.by_stream.entry(stream.clone()).or_default().push(Gap {
            from,
            to,
            missing: vec![(from + 1, to - 1)],
            place,
            spot,
            ordinal,
        });
    }

    /// Where `stream` jumped to `sequence`, if it did and every position it jumped over came.
    pub(super) fn landed(&self, stream: &StreamId, sequence: u64) -> Option<&str> {
        let landings = self.landings.get(stream)?;
        landings
            .iter()
            .rev()
            .find(|(to, _)| *to == sequence)
            .map(|(_, place)| place.as_str())
    }

    /// Positions jumped over and not seen yet, all streams together.
    pub(super) fn pending(&self) -> usize {
        self.pending
    }

    /// If a gap of `stream` left out `sequence`, it is seen now: gives where the stream jumped
    /// over it, and from and to which positions.
    pub(super) fn fill(&mut self, stream: &StreamId, sequence: u64) -> Option<(String, u64, u64)> {
        let gaps = self.by_stream.get_mut(stream)?;
        let (g, r) = gaps.iter().enumerate().find_map(|(g, gap)| {
            let r = gap
                .missing
                .iter()
                .position(|&(first, last)| (first..=last).contains(&sequence))?;
            Some((g, r))
        })?;
        let gap = &mut gaps[g];
        let (first, last) = gap.missing.remove(r);
        let mut rest = Vec::new();
        if first < sequence {
            rest.push((first, sequence - 1));
        }
        if sequence < last {
            rest.push((sequence + 1, last));
        }
        gap.missing.splice(r..r, rest);
        let jump = (gap.place.clone(), gap.from, gap.to);
        if gap.missing.is_empty() {
            let gap = gaps.remove(g);
            self.pending -= 1;
            // Every position it jumped over came after it: it came early.
            self.landings
                .entry(stream.clone())
                .or_default()
                .push((gap.to, gap.place));
        }
        Some(jump)
    }

    /// The gaps still open when reading ends, each as an error where its stream jumped (with
    /// the ordinal of that read, and its spot); a gap after a line whose stream could not be
    /// made out may be that line.
    pub(super) fn close<'s>(
        self,
        suspects: &'s Suspects<'s>,
    ) -> impl Iterator<Item = (u64, String, Spot)> + 's {
        let Suspects {
            stopped_early,
            first_unplaced,
            rows,
            misplaced,
            unpositioned,
        } = *suspects;
        self.by_stream.into_iter().flat_map(move |(stream, gaps)| {
            gaps.into_iter().map(move |gap| {
                let runs: Vec<String> = gap
                    .missing
                    .iter()
                    .map(|&(first, last)| match first == last {
                        true => format!("#{first}"),
                        false => format!("#{first}–#{last}"),
                    })
                    .collect();
                let one = gap
                    .missing
                    .iter()
                    .map(|(first, last)| last - first + 1)
                    .sum::<u64>()
                    == 1;
                let mut never = match (stopped_early, one) {
                    (true, _) => "not seen before reading stopped",
                    (false, true) => "never comes",
                    (false, false) => "never come",
                }
                .to_string();
                // What the missing events may be instead, each said once after one `unless`:
                // two clauses each with its own read as if both had to hold.
                let mut maybe: Vec<String> = misplaced
                    .told_to(&stream, &gap.missing)
                    .map(String::from)
                    .collect();
                if let Some((place, why)) = unpositioned.get(&stream) {
                    // A row's place names it already (`postgres://… row Order/o1#-5`).
                    let which = match rows {
                        true => place.to_string(),
                        false => format!("the line at {place}"),
                    };
                    maybe.push(format!("{which}, of this stream, {why}"));
                }
                if first_unplaced.is_some_and(|line| line < gap.ordinal) {
                    maybe.push(match rows {
                        true => "in a row above that could not be read".to_string(),
                        false => "in a line above that could not be read".to_string(),
                    });
                }
                if !maybe.is_empty() {
                    never.push_str(", unless it is ");
                    never.push_str(&maybe.join(", or "));
                }
                let jump = match gap.from {
                    0 => format!("starts at #{}", gap.to),
                    from => format!("jumps from #{from} to #{}", gap.to),
                };
                (
                    gap.ordinal,
                    format!(
                        "{}: {} {jump}: a gap ({} {never})",
                        gap.place,
                        shown(&stream),
                        runs.join(", ")
                    ),
                    gap.spot,
                )
            })
        })
    }
}
