//! The libraries behind the `gwt` command line: which domains it knows and how it shows them.
//! The binary only parses arguments and calls in here.

pub mod catalog_view;
pub mod domains;
