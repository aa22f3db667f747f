//! The text layer under every stage: the forms text is compared in ([`width`]), 和暦 dates
//! ([`era`]) and the header and speaker labels in their printed spellings ([`labels`],
//! [`speakers`]). It imports no stage: ingest, normalize, parse, index and the front ends all build on it.

pub mod era;
pub mod labels;
pub mod names;
pub mod speakers;
pub mod width;

pub use names::fold_name;
pub use width::{compact, fold_width, heal_join};
