//! The text layer under every stage: the forms text is compared in ([`width`]), 和暦 dates
//! ([`era`]), the header and speaker labels in their printed spellings ([`labels`],
//! [`speakers`]), how alike two texts are by their character bigrams ([`similarity`]) and the
//! one synonym list of search and tracking ([`synonyms`]). It imports no stage: ingest,
//! normalize, parse, index and the front ends all build on it.

pub mod era;
pub mod labels;
pub mod names;
pub mod similarity;
pub mod speakers;
pub mod synonyms;
pub mod width;

pub use names::fold_name;
pub use width::{compact, fold_width, heal_join};
