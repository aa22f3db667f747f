//! `gijiroku qa`: questions with their answers, by meeting or for a query.

use std::io::Write;
use std::path::Path;

use super::CliError;
use crate::index::search::{Filters, Searcher};
use crate::qa::{self, PairFilters};

/// Lists the pairs: every pair of the meetings that pass the filters, by meeting, or with a
/// query the pairs whose question or answers it finds (best first, at most `limit`).
pub(super) fn qa_cmd(
    query: Option<&str>,
    index: &Path,
    filters: &PairFilters,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let searcher = Searcher::open(index)?;
    let records = searcher.records()?;
    let pairs = match query.map(str::trim).filter(|q| !q.is_empty()) {
        None => qa::pairs(&records, filters),
        Some(q) => {
            let search = Filters {
                from: filters.from.clone(),
                to: filters.to.clone(),
                council: filters.council.clone(),
                body: filters.body.clone(),
                limit: limit.clamp(1, crate::index::search::MAX_LIMIT / 4),
                ..Filters::default()
            };
            let mut found = qa::matching(&searcher, q, &search)?;
            // The meeting and speaker filters apply to the pairs found.
            let allowed = qa::pairs(&records, filters);
            found.retain(|p| {
                allowed
                    .iter()
                    .any(|a| a.meeting_id == p.meeting_id && a.question.entry == p.question.entry)
            });
            found
        }
    };
    if json {
        let text = serde_json::to_string_pretty(&pairs).expect("pairs serialise");
        return writeln!(out, "{text}").map_err(CliError::Output);
    }
    if pairs.is_empty() {
        return writeln!(out, "no question–answer pairs").map_err(CliError::Output);
    }
    write!(out, "{}", qa::render_text(&pairs)).map_err(CliError::Output)
}
