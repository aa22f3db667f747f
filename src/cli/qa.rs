//! `gijiroku qa`: questions with their answers, by meeting or for a query.

use std::io::Write;
use std::path::Path;

use clap::Args;

use super::CliError;
use super::args::IndexArg;
use crate::index::search::{Filters, Searcher};
use crate::qa::{self, PairFilters};

// The arguments of `qa` (the subcommand's help is on `Command::Qa`).
#[derive(Debug, Args)]
pub struct QaArgs {
    /// Words to find in the questions and answers (as `search` takes them); none: every pair.
    query: Option<String>,
    #[command(flatten)]
    index: IndexArg,
    /// Meetings on or after this date (YYYY-MM-DD).
    #[arg(long)]
    from: Option<chrono::NaiveDate>,
    /// Meetings on or before this date (YYYY-MM-DD).
    #[arg(long)]
    to: Option<chrono::NaiveDate>,
    /// Only this council (exact name).
    #[arg(long)]
    council: Option<String>,
    /// Only this body (全体会, a 部会's name).
    #[arg(long)]
    body: Option<String>,
    /// Only this meeting (its id, as `search` prints it).
    #[arg(long)]
    meeting: Option<String>,
    /// Only questions asked by this person (田中, 田中委員, 高橋 = 髙橋).
    #[arg(long)]
    speaker: Option<String>,
    /// With a query: how many pairs.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print the pairs as JSON.
    #[arg(long)]
    json: bool,
}

impl QaArgs {
    /// Lists the pairs the arguments ask for.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        let filters = PairFilters {
            from: self.from,
            to: self.to,
            council: self.council,
            body: self.body,
            meeting: self.meeting,
            speaker: self.speaker,
        };
        list_pairs(
            self.query.as_deref(),
            &self.index.index,
            &filters,
            self.limit,
            self.json,
            out,
        )
    }
}

/// Lists the pairs: every pair of the meetings that pass the filters, by meeting, or with a
/// query the pairs whose question or answers it finds (best first, at most `limit`).
fn list_pairs(
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
                from: filters.from,
                to: filters.to,
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
