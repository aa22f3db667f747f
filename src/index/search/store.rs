//! The record store: each record kept once, its blocks' texts put back in their places, and
//! the commit stamps of what the searcher sees.

use std::collections::{BTreeMap, HashSet};

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};

use super::Searcher;
use super::plan::exact;
use crate::index::document::{put_back, stored_record};
use crate::index::schema::Slot;
use crate::index::{DocType, IndexError, Result};
use crate::record::Record;

impl Searcher {
    /// The latest stamp of the documents this searcher sees (0 for an empty index): a saved
    /// search run now has seen every block up to it.
    pub fn latest_stamp(&self) -> Result<u64> {
        crate::index::latest_stamp(&self.reader.searcher())
    }

    /// The stamps of the commits whose documents this searcher sees, oldest first (one per
    /// commit that left a live document).
    pub fn stamps(&self) -> Result<Vec<u64>> {
        let searcher = self.reader.searcher();
        let mut stamps = std::collections::BTreeSet::new();
        for reader in searcher.segment_readers() {
            let column = reader.fast_fields().u64("ingested")?;
            let alive = reader.alive_bitset();
            for doc in 0..reader.max_doc() {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    continue;
                }
                if let Some(s) = column.first(doc) {
                    stamps.insert(s);
                }
            }
        }
        Ok(stamps.into_iter().collect())
    }

    /// How many documents of a type (`record`, `entry`, `header`, `agenda`, `material`,
    /// `section`) the index holds.
    pub fn count(&self, doc_type: DocType) -> Result<usize> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.doc_type, doc_type.as_str()),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&q, &tantivy::collector::Count)?)
    }

    /// Every stored record with its id, sorted by date and path (for tracking across meetings).
    pub fn records(&self) -> Result<Vec<(String, Record)>> {
        self.records_with(true)
    }

    /// [`Searcher::records`] without the texts of entries and material sections (left empty):
    /// what needs only who spoke and what kind of entry it was (the people across meetings)
    /// reads the record documents alone.
    pub fn records_without_texts(&self) -> Result<Vec<(String, Record)>> {
        self.records_with(false)
    }

    pub(super) fn records_with(&self, texts: bool) -> Result<Vec<(String, Record)>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let q = TermQuery::new(
            Term::from_field_text(f.doc_type, DocType::Record.as_str()),
            IndexRecordOption::Basic,
        );
        let mut records: BTreeMap<String, Record> = BTreeMap::new();
        for addr in in_store_order(searcher.search(&q, &tantivy::collector::DocSetCollector)?) {
            let d: TantivyDocument = searcher.doc(addr)?;
            let (id, record) = stored_record(&self.fields, &d)?;
            records.insert(id, record);
        }
        if !texts {
            let mut out: Vec<(String, Record)> = records.into_iter().collect();
            out.sort_by(|a, b| {
                (&a.1.meeting.date, &a.1.source.path).cmp(&(&b.1.meeting.date, &b.1.source.path))
            });
            return Ok(out);
        }
        // The texts the records leave out, from every block that has a place in one.
        let blocks = BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.doc_type, DocType::Entry.as_str()),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.doc_type, DocType::Section.as_str()),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        for addr in in_store_order(searcher.search(&blocks, &tantivy::collector::DocSetCollector)?)
        {
            let d: TantivyDocument = searcher.doc(addr)?;
            let id = d.get_first(f.meeting_id).and_then(|v| v.as_str());
            if let Some(record) = id.and_then(|id| records.get_mut(id)) {
                put_back(&self.fields, record, &d);
            }
        }
        let mut out: Vec<(String, Record)> = records.into_iter().collect();
        out.sort_by(|a, b| {
            (&a.1.meeting.date, &a.1.source.path).cmp(&(&b.1.meeting.date, &b.1.source.path))
        });
        Ok(out)
    }

    /// The stored record whose id (or path) is `id`.
    pub fn record(&self, id: &str) -> Result<Record> {
        let (id, mut record) = self.record_alone(id)?;
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let blocks = BooleanQuery::new(vec![
            (Occur::Must, exact(f.meeting_id, &id)),
            (Occur::MustNot, exact(f.doc_type, DocType::Record.as_str())),
        ]);
        for addr in in_store_order(searcher.search(&blocks, &tantivy::collector::DocSetCollector)?)
        {
            let d: TantivyDocument = searcher.doc(addr)?;
            put_back(&self.fields, &mut record, &d);
        }
        Ok(record)
    }

    /// [`Searcher::record`] without the texts of its entries and material sections (left
    /// empty), with its id: the record document alone. [`Searcher::put_back_entries`] then
    /// fills in the texts that are needed.
    pub fn record_alone(&self, id: &str) -> Result<(String, Record)> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        for field in [f.meeting_id, f.path] {
            let q = BooleanQuery::new(vec![
                (Occur::Must, exact(field, id)),
                (Occur::Must, exact(f.doc_type, DocType::Record.as_str())),
            ]);
            let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
            if let Some((_, addr)) = top.first() {
                let d: TantivyDocument = searcher.doc(*addr)?;
                return stored_record(&self.fields, &d);
            }
        }
        Err(IndexError::NotFound { id: id.to_string() })
    }

    /// Puts back the texts of the entries at `places` (section, entry) of the record of
    /// meeting `id`, reading only their blocks: the meeting's entries are found in the index
    /// and told apart by their `slot` fast field. An index made before `slot` was a fast field
    /// has every entry of the meeting read, and only those asked for put back.
    pub fn put_back_entries(
        &self,
        id: &str,
        record: &mut Record,
        places: &[(usize, usize)],
    ) -> Result<()> {
        if places.is_empty() {
            return Ok(());
        }
        let wanted: HashSet<u64> = places
            .iter()
            .map(|&(section, entry)| Slot::Entry { section, entry }.encode())
            .collect();
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let entries = BooleanQuery::new(vec![
            (Occur::Must, exact(f.meeting_id, id)),
            (Occur::Must, exact(f.doc_type, DocType::Entry.as_str())),
        ]);
        let mut slots: Vec<Option<Option<Column<u64>>>> =
            vec![None; searcher.segment_readers().len()];
        for addr in in_store_order(searcher.search(&entries, &tantivy::collector::DocSetCollector)?)
        {
            let column = slots[addr.segment_ord as usize].get_or_insert_with(|| {
                searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64("slot")
                    .ok()
            });
            if let Some(column) = column
                && !column
                    .first(addr.doc_id)
                    .is_some_and(|s| wanted.contains(&s))
            {
                continue;
            }
            let d: TantivyDocument = searcher.doc(addr)?;
            let slot = d.get_first(f.slot).and_then(|v| v.as_u64());
            if slot.is_some_and(|s| wanted.contains(&s)) {
                put_back(&self.fields, record, &d);
            }
        }
        Ok(())
    }
}

/// Documents in the order of the document store: reading them so decompresses each store
/// block once (in any other order, a block is decompressed again for each of its documents
/// that comes after another block's).
pub(super) fn in_store_order(
    docs: std::collections::HashSet<tantivy::DocAddress>,
) -> Vec<tantivy::DocAddress> {
    let mut docs: Vec<tantivy::DocAddress> = docs.into_iter().collect();
    docs.sort_unstable();
    docs
}
