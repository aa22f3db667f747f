//! The arguments several subcommands share: the index folder and the filters of a search.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::CliError;
use crate::index::search::{Filters, Searcher};
use crate::record::EntryKind;

/// `--index`: the index folder. Subcommands whose `--index` says more override its help with
/// `#[command(mut_arg("index", …))]`.
#[derive(Debug, Clone, Args)]
pub struct IndexArg {
    /// The index folder.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
}

/// The filters of `search` and of a saved search.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Meetings on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Meetings on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// Only this council (exact name).
    #[arg(long)]
    pub council: Option<String>,
    /// Only this body (全体会, a 部会's name).
    #[arg(long)]
    pub body: Option<String>,
    /// Only entries of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<EntryKind>,
    /// Only what this person said (田中, 田中委員, 会長, 事務局; 高橋 = 髙橋), whatever label
    /// form the minutes used.
    #[arg(long)]
    pub speaker: Option<String>,
}

impl FilterArgs {
    /// The search's filters, for at most `limit` hits; with `--speaker`, also the other names
    /// the person goes by meeting by meeting (`people::speaker_forms`).
    pub(super) fn filters(self, searcher: &Searcher, limit: usize) -> Result<Filters, CliError> {
        let speaker_in = match &self.speaker {
            Some(who) => crate::people::speaker_forms(&searcher.records_without_texts()?, who),
            None => Vec::new(),
        };
        Ok(Filters {
            from: self.from,
            to: self.to,
            council: self.council,
            body: self.body,
            kind: self.kind,
            speaker: self.speaker,
            speaker_in,
            ingested_after: None,
            limit,
        })
    }
}
