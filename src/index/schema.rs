//! The index schema, defined once: field names and options, and the tokenizers registered for it.

use tantivy::Index;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};

use super::tokenizer::{BigramTokenizer, JapaneseTokenizer};

/// Name of the morphological analyser in tantivy's tokenizer manager.
pub const JA: &str = "gijiroku_ja";
/// Name of the bigram analyser.
pub const BIGRAM: &str = "gijiroku_bigram";

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// What the document is: `record` (one per meeting, holding the JSON), `entry`, `header`,
    /// `agenda`, `material`, `section`.
    pub doc_type: Field,
    /// The source path (deletion key for incremental ingest).
    pub path: Field,
    /// The meeting (or material) id: the first 12 hex digits of the file's SHA-256.
    pub meeting_id: Field,
    /// The file's SHA-256, with its sidecar's after a `+` when it has one (tells unchanged files).
    pub sha256: Field,
    /// Meeting title (or material title).
    pub title: Field,
    /// Council, exact.
    pub council: Field,
    /// Body, exact.
    pub body: Field,
    /// Meeting date as `YYYYMMDD` (0 when unknown).
    pub date: Field,
    /// Fiscal year.
    pub fiscal_year: Field,
    /// Agenda path of the entry.
    pub agenda_ref: Field,
    /// Section heading.
    pub heading: Field,
    /// Entry kind (`opinion`, `question`, …), exact.
    pub kind: Field,
    /// Speaker, bigram-indexed so that `--speaker 会長` finds `河野会長`.
    pub speaker: Field,
    /// The text as printed (stored only).
    pub text: Field,
    /// The text, morphologically analysed (ranks).
    pub text_ja: Field,
    /// The text as character bigrams (recall).
    pub text_bi: Field,
    /// The line the entry starts on.
    pub line: Field,
    /// The whole record as JSON, on `record` documents.
    pub record: Field,
    /// The kind of the record the document belongs to: `minutes` or `material`, exact.
    pub record_kind: Field,
    /// The meeting id as a number (its 12 hex digits), a fast field: which meetings match,
    /// without reading stored documents.
    pub meeting_no: Field,
    /// Where a block's text belongs in its record (see [`Slot`]): the stored record leaves these
    /// texts out, and reading a record puts them back. A fast field, so that a few entries'
    /// texts are read without the meeting's other blocks (an index made before it was one reads
    /// them all).
    pub slot: Field,
    /// When the document was committed, in microseconds since 1970 (UTC): every commit's stamp
    /// is later than any before it, so "ingested since" a stamp is one range query (saved
    /// searches report what is new with it, see [`crate::watch`]).
    pub ingested: Field,
}

/// Where the text of a searchable block belongs in its record. The record is stored once per
/// meeting without the texts of its entries and material sections, which the blocks store
/// already; [`Slot::encode`] numbers the place, [`Slot::decode`] reads it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Entry `entry` of proceedings section `section`.
    Entry {
        /// Index into `proceedings`.
        section: usize,
        /// Index into the section's `entries`.
        entry: usize,
    },
    /// Section `section` of a material (its block's text is the title, a line break, the text).
    MaterialSection {
        /// Index into `sections`.
        section: usize,
    },
    /// Passage `passage` of a long material section: searched on its own so that a hit points
    /// at the paragraph that answers; the section's text comes back from its own block.
    Passage {
        /// Index into `sections`.
        section: usize,
        /// The passage's place in the section.
        passage: usize,
    },
}

impl Slot {
    const ENTRY: u64 = 1 << 40;
    const MATERIAL_SECTION: u64 = 2 << 40;
    const PASSAGE: u64 = 3 << 40;
    const LOW: u64 = (1 << 20) - 1;

    /// The number stored in the `slot` field.
    pub fn encode(self) -> u64 {
        match self {
            Slot::Entry { section, entry } => {
                Slot::ENTRY | ((section as u64 & Slot::LOW) << 20) | (entry as u64 & Slot::LOW)
            }
            Slot::MaterialSection { section } => {
                Slot::MATERIAL_SECTION | (section as u64 & Slot::LOW)
            }
            Slot::Passage { section, passage } => {
                Slot::PASSAGE | ((section as u64 & Slot::LOW) << 20) | (passage as u64 & Slot::LOW)
            }
        }
    }

    /// The section and the place in it of a block that has neighbours (an entry in its agenda
    /// item, a passage in its material section); a whole material section has none.
    pub fn in_section(self) -> Option<(usize, usize)> {
        match self {
            Slot::Entry { section, entry } => Some((section, entry)),
            Slot::Passage { section, passage } => Some((section, passage)),
            Slot::MaterialSection { .. } => None,
        }
    }

    /// The place a stored number stands for.
    pub fn decode(n: u64) -> Option<Slot> {
        match n >> 40 {
            1 => Some(Slot::Entry {
                section: ((n >> 20) & Slot::LOW) as usize,
                entry: (n & Slot::LOW) as usize,
            }),
            2 => Some(Slot::MaterialSection {
                section: (n & Slot::LOW) as usize,
            }),
            3 => Some(Slot::Passage {
                section: ((n >> 20) & Slot::LOW) as usize,
                passage: (n & Slot::LOW) as usize,
            }),
            _ => None,
        }
    }
}

/// Builds the schema.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = |tokenizer: &str, option: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(option),
        )
    };
    let number = NumericOptions::default()
        .set_indexed()
        .set_stored()
        .set_fast();
    let fields = Fields {
        doc_type: b.add_text_field("doc_type", STRING | STORED),
        path: b.add_text_field("path", STRING | STORED),
        meeting_id: b.add_text_field("meeting_id", STRING | STORED),
        sha256: b.add_text_field("sha256", STORED),
        title: b.add_text_field("title", STORED),
        council: b.add_text_field("council", STRING | STORED),
        body: b.add_text_field("body", STRING | STORED),
        date: b.add_u64_field("date", number.clone()),
        fiscal_year: b.add_u64_field("fiscal_year", number.clone()),
        agenda_ref: b.add_text_field("agenda_ref", STRING | STORED),
        heading: b.add_text_field("heading", STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        speaker: b.add_text_field(
            "speaker",
            analysed(BIGRAM, IndexRecordOption::WithFreqsAndPositions) | STORED,
        ),
        text: b.add_text_field("text", STORED),
        // Ranks: term frequencies, no positions.
        text_ja: b.add_text_field("text_ja", analysed(JA, IndexRecordOption::WithFreqs)),
        // Finds: which blocks hold every bigram of a term. The order of the bigrams is checked
        // on the stored text of the few blocks a search reads, so no positions are kept.
        text_bi: b.add_text_field("text_bi", analysed(BIGRAM, IndexRecordOption::Basic)),
        line: b.add_u64_field("line", STORED),
        record: b.add_text_field("record", STORED),
        record_kind: b.add_text_field("record_kind", STRING | STORED),
        meeting_no: b.add_u64_field("meeting_no", NumericOptions::default().set_fast()),
        // Fast: which block of a meeting holds an entry, without reading the others.
        slot: b.add_u64_field("slot", NumericOptions::default().set_stored().set_fast()),
        ingested: b.add_u64_field("ingested", number),
    };
    (b.build(), fields)
}

/// Looks the fields up in an opened index's schema.
pub fn fields_of(index: &Index) -> tantivy::Result<Fields> {
    let s = index.schema();
    let f = |name: &str| {
        s.get_field(name).map_err(|_| {
            tantivy::TantivyError::SchemaError(format!(
                "the index has no field `{name}`: it was made by an older gijiroku; \
                 delete the index folder and ingest again"
            ))
        })
    };
    Ok(Fields {
        doc_type: f("doc_type")?,
        path: f("path")?,
        meeting_id: f("meeting_id")?,
        sha256: f("sha256")?,
        title: f("title")?,
        council: f("council")?,
        body: f("body")?,
        date: f("date")?,
        fiscal_year: f("fiscal_year")?,
        agenda_ref: f("agenda_ref")?,
        heading: f("heading")?,
        kind: f("kind")?,
        speaker: f("speaker")?,
        text: f("text")?,
        text_ja: f("text_ja")?,
        text_bi: f("text_bi")?,
        line: f("line")?,
        record: f("record")?,
        record_kind: f("record_kind")?,
        meeting_no: f("meeting_no")?,
        slot: f("slot")?,
        ingested: f("ingested")?,
    })
}

/// Registers the analysers on an index; `japanese` carries the user dictionary in force.
pub fn register(index: &Index, japanese: JapaneseTokenizer) {
    index.tokenizers().register(JA, japanese);
    index.tokenizers().register(BIGRAM, BigramTokenizer);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slot() -> impl Strategy<Value = Slot> {
        let place = 0..=Slot::LOW as usize;
        prop_oneof![
            (place.clone(), place.clone())
                .prop_map(|(section, entry)| Slot::Entry { section, entry }),
            place
                .clone()
                .prop_map(|section| Slot::MaterialSection { section }),
            (place.clone(), place)
                .prop_map(|(section, passage)| Slot::Passage { section, passage }),
        ]
    }

    proptest! {
        #[test]
        fn every_place_reads_back_as_itself(s in slot()) {
            prop_assert_eq!(Slot::decode(s.encode()), Some(s));
        }

        #[test]
        fn places_of_different_kinds_never_share_a_number(a in slot(), b in slot()) {
            if a != b {
                prop_assert_ne!(a.encode(), b.encode());
            }
        }
    }

    #[test]
    fn numbers_that_stand_for_no_place_read_as_none() {
        assert_eq!(Slot::decode(0), None);
        assert_eq!(Slot::decode(4 << 40), None);
        assert_eq!(
            Slot::decode(
                Slot::Entry {
                    section: 3,
                    entry: 7
                }
                .encode()
            ),
            Some(Slot::Entry {
                section: 3,
                entry: 7
            })
        );
    }
}
