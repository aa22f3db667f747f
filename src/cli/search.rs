//! `gijiroku search`: ranked hits, the matching files (`--files`) or hits per meeting (`--group`).

use std::io::Write;

use clap::{Args, ValueEnum};

use super::CliError;
use super::args::{FilterArgs, IndexArg};
use super::hits::print_hits;
use crate::index::search::{Filters, Searcher};

// The arguments of `search` (the subcommand's help is on `Command::Search`).
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Terms (all must occur in one entry), `"a phrase"`, `-excluded`.
    query: String,
    #[command(flatten)]
    index: IndexArg,
    /// The filters.
    #[command(flatten)]
    filters: FilterArgs,
    /// How many hits.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print the hits as JSON.
    #[arg(long)]
    json: bool,
    /// Print only the paths of the matching documents, all of them (like `grep -l`).
    #[arg(long, conflicts_with = "json")]
    files: bool,
    /// With `--files`: terms may occur anywhere in a document, not all in one entry.
    #[arg(long, requires = "files")]
    whole_document: bool,
    /// The order of hits: `score` (best first), `date` (oldest first) or `-date` (newest
    /// first; by date every strict hit is ordered, then `--limit` kept).
    #[arg(long, value_enum, default_value = "score", allow_hyphen_values = true)]
    sort: SortArg,
    /// One line per meeting with its number of hits (like `grep -c`) instead of the hits.
    #[arg(long, value_enum, conflicts_with = "files")]
    group: Option<GroupArg>,
    /// Only hits that are part of a question–answer pair, each shown with the whole pair
    /// in full (a question with its answers, an answer with its question); without it a
    /// hit's pair is shown clipped to a line.
    #[arg(long, conflicts_with_all = ["files", "group"])]
    with_answers: bool,
}

/// The order of search hits on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best first.
    Score,
    /// Oldest meeting first.
    Date,
    /// Newest meeting first.
    #[value(name = "-date")]
    DateDesc,
}

impl From<SortArg> for crate::index::search::Sort {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Score => crate::index::search::Sort::Score,
            SortArg::Date => crate::index::search::Sort::Date,
            SortArg::DateDesc => crate::index::search::Sort::DateDesc,
        }
    }
}

/// How search hits are grouped on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupArg {
    /// One line per meeting (or material).
    Meeting,
}

impl SearchArgs {
    /// Runs the search and prints what was asked for.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        let SearchArgs {
            query,
            index: IndexArg { index },
            filters,
            limit,
            json,
            files,
            whole_document,
            sort,
            group,
            with_answers,
        } = self;
        let searcher = Searcher::open(&index)?;
        let filters = filters.filters(&searcher, limit)?;
        if files {
            for p in searcher.matching_paths(&query, &filters, whole_document)? {
                writeln!(out, "{p}").map_err(CliError::Output)?;
            }
            return Ok(());
        }
        let how = SearchOutput {
            json,
            sort: sort.into(),
            group: group.is_some(),
            with_answers,
        };
        search(&query, &searcher, &filters, how, out)
    }
}

/// How `search` prints its hits.
struct SearchOutput {
    json: bool,
    sort: crate::index::search::Sort,
    group: bool,
    with_answers: bool,
}

/// One meeting's line of `search --group meeting`.
#[derive(serde::Serialize)]
struct MeetingCount {
    meeting_id: String,
    title: String,
    date: Option<String>,
    path: String,
    /// Hits of the strict search.
    hits: usize,
    /// Hits of the fallback (only when the strict search found fewer than the limit).
    fallback_hits: usize,
}

fn search(
    query: &str,
    searcher: &Searcher,
    filters: &Filters,
    how: SearchOutput,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let json = how.json;
    if how.group {
        // Every hit of the strict search (the fallback's only when there are none), counted
        // per meeting, in the order asked for (by score: the order of each meeting's best hit).
        let all = Filters {
            limit: crate::index::search::MAX_LIMIT,
            ..filters.clone()
        };
        let mut hits = searcher.search_sorted(query, &all, how.sort)?;
        if hits.iter().any(|h| !h.fallback) {
            hits.retain(|h| !h.fallback);
        }
        let mut groups: Vec<MeetingCount> = Vec::new();
        for h in &hits {
            let i = match groups.iter().position(|g| g.meeting_id == h.meeting_id) {
                Some(i) => i,
                None => {
                    groups.push(MeetingCount {
                        meeting_id: h.meeting_id.clone(),
                        title: h.title.clone(),
                        date: h.date.clone(),
                        path: h.path.clone(),
                        hits: 0,
                        fallback_hits: 0,
                    });
                    groups.len() - 1
                }
            };
            if h.fallback {
                groups[i].fallback_hits += 1;
            } else {
                groups[i].hits += 1;
            }
        }
        if json {
            let text = serde_json::to_string_pretty(&groups).expect("counts serialise");
            return writeln!(out, "{text}").map_err(CliError::Output);
        }
        if groups.is_empty() {
            return writeln!(out, "no hits for {query:?}").map_err(CliError::Output);
        }
        for g in &groups {
            let fallback = if g.fallback_hits > 0 {
                format!(" (+{} ≈ fallback)", g.fallback_hits)
            } else {
                String::new()
            };
            writeln!(
                out,
                "{}  {}  {}{}  (id {})",
                g.date.as_deref().unwrap_or("----------"),
                g.title,
                g.hits,
                fallback,
                g.meeting_id
            )
            .map_err(CliError::Output)?;
        }
        return Ok(());
    }
    let mut hits = if how.with_answers {
        // Only hits with a pair: read deeper, keep the first `limit` of them.
        let deeper = Filters {
            limit: (filters.limit.max(1) * 4).min(crate::index::search::MAX_LIMIT),
            ..filters.clone()
        };
        searcher.search_sorted(query, &deeper, how.sort)?
    } else {
        searcher.search_sorted(query, filters, how.sort)?
    };
    crate::qa::attach(searcher, &mut hits)?;
    if how.with_answers {
        hits.retain(|h| h.question.is_some() || !h.answers.is_empty());
        hits.truncate(filters.limit.max(1));
    }
    if json {
        let text = serde_json::to_string_pretty(&hits).expect("hits serialise");
        return writeln!(out, "{text}").map_err(CliError::Output);
    }
    if hits.is_empty() {
        return writeln!(out, "no hits for {query:?}").map_err(CliError::Output);
    }
    print_hits(&hits, how.with_answers, out)
}

#[cfg(test)]
impl SearchArgs {
    pub(super) fn index_dir(&self) -> &std::path::Path {
        &self.index.index
    }

    pub(super) fn kind(&self) -> Option<crate::record::EntryKind> {
        self.filters.kind
    }
}
