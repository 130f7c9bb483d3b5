//! Read models: keyed entries folded from enveloped events. The envelope carries the stream
//! position, so a read model can ignore what it has already seen.

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::Serialize;

use super::{BoundedContext, Described, Envelope, Text};

pub trait ReadModel<C: BoundedContext>:
    Default + Clone + Debug + PartialEq + Send + Sync + 'static
{
    const NAME: &'static str;
    /// Events this read model folds, by name.
    const SUBSCRIBES: &'static [&'static str];
    type Entry: Serialize + Described + Clone + Debug + PartialEq + 'static;

    fn apply(&mut self, event: &Envelope<C::Event>);

    /// Every entry, by key.
    fn entries(&self) -> &BTreeMap<Text, Self::Entry>;
}
