//! gijiroku (議事録): a toolkit for the records of Japanese municipal councils, first of all the
//! 障害者支援協議会.
//!
//! The pipeline, one module per stage, talking only through [`record`] types:
//!
//! 1. [`ingest`]: a path (text, PDF, DOCX) becomes a [`ingest::Document`]: lines with their origin;
//! 2. [`normalize`]: page furniture is dropped, lost line breaks restored, widths folded for matching;
//! 3. [`parse`]: the clean lines become a [`record::Record`] (header, attendance, agenda,
//!    materials, proceedings, aliases, facts, warnings);
//! 4. [`index`] stores and searches the records; [`track`] follows figures and agenda items across
//!    them and links minutes to the materials handed out at their meetings; [`qa`] lists questions
//!    with their answers and [`people`] the speakers as people across meetings; [`watch`] keeps
//!    saved searches and finds what was ingested since they last ran;
//! 5. [`cli`] orchestrates the stages for the `gijiroku` binary, and [`web`] serves search, meetings
//!    and tracking as a local web page with a JSON API.
//!
//! Drafting runs the other way: [`notes`] (the secretariat's TOML) are checked by [`check`] and
//! rendered by [`render`] into the council's 会議概要 layout (text, Markdown, DOCX), which
//! [`parse`] reads back to the same content.
//!
//! ```no_run
//! let record = gijiroku::pipeline::read(std::path::Path::new("samples/minutes/2024-05-27_zentaikai_summary.txt"))?;
//! println!("{} entries", record.proceedings.iter().map(|s| s.entries.len()).sum::<usize>());
//! # Ok::<(), gijiroku::Error>(())
//! ```
#![deny(missing_docs)]

pub mod check;
pub mod cli;
pub mod error;
pub mod index;
pub mod ingest;
pub mod normalize;
pub mod notes;
pub mod parse;
pub mod people;
pub mod pipeline;
pub mod qa;
pub mod record;
pub mod render;
pub mod text;
pub mod track;
pub mod watch;
pub mod web;

pub use error::{Error, Result};
pub use record::Record;
