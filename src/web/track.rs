//! The server's access to tracking: every stored record, for the facts series and the agenda
//! histories of the tracking page.

use std::path::Path;

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{Index, ReloadPolicy, Term};

use crate::index::search::Searcher;
use crate::index::{IndexError, Result, schema, tantivy_dir};
use crate::record::Record;

/// Every stored record of the index in `dir`, with its id.
pub fn records(_searcher: &Searcher, dir: &Path) -> Result<Vec<(String, Record)>> {
    let tdir = tantivy_dir(dir);
    let index = Index::open_in_dir(&tdir).map_err(|e| IndexError::Open {
        path: tdir.clone(),
        reason: e.to_string(),
    })?;
    let f = schema::fields_of(&index)?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let q = TermQuery::new(
        Term::from_field_text(f.doc_type, "record"),
        IndexRecordOption::Basic,
    );
    let mut out = Vec::new();
    for addr in searcher.search(&q, &DocSetCollector)? {
        let d: TantivyDocument = searcher.doc(addr)?;
        let s = |field| d.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
        let id = s(f.meeting_id).to_string();
        let record: Record = serde_json::from_str(s(f.record)).map_err(|e| IndexError::Read {
            reason: format!("the stored record of {id} is not valid: {e}"),
        })?;
        out.push((id, record));
    }
    Ok(out)
}
