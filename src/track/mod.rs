//! Following things across meetings: a figure (Libero's case count), an agenda item (its history,
//! materials and resolutions), and the links between minutes and the materials handed out at them.
//!
//! Everything here works on records (as [`crate::index::search::Searcher::records`] returns them,
//! each with its id), never on the index directly, so the web page and the CLI share it. One
//! concept per file: `matcher.rs` (what a query matches), `links.rs` (minutes ↔ materials),
//! `facts.rs` (a figure's series), `chart.rs` (the series as SVG) and `agenda.rs` (an item's
//! history); this file is their public face.

use crate::record::Record;

mod agenda;
mod chart;
mod facts;
mod links;
mod matcher;

pub use agenda::{AgendaAppearance, agenda, agenda_series};
pub use chart::{LINE_COLOUR, svg, xml_escape};
pub use facts::{FactPoint, FactQuery, facts, facts_csv, normalize_unit, number, value_text};
pub use links::{LinkedRecord, MaterialLink, distributed_at, material_links};
pub use matcher::Matcher;

/// A record with its id (the first 12 hex digits of its file's SHA-256).
pub type Stored = (String, Record);
