//! gwt's own domains as the command line judges and simulates them: for each, its invariants
//! (`Judged`, from the domain's own) and the command mix a history is drawn from (`Simulated`).

pub mod conference;
pub mod store;
