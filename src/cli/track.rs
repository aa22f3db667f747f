//! `gijiroku track`: a figure (`facts`) or an agenda item (`agenda`) across the indexed meetings.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::CliError;
use super::args::IndexArg;

// The arguments of `track` (the subcommand's help is on `Command::Track`).
#[derive(Debug, Args)]
pub struct TrackArgs {
    /// What to follow.
    #[command(subcommand)]
    what: TrackCommand,
}

impl TrackArgs {
    /// Follows what was asked and prints it.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        run_track(self.what, out)
    }
}

/// What `track` follows.
#[derive(Debug, Subcommand)]
enum TrackCommand {
    /// A figure: the facts whose subject (or sentence) matches, one point per meeting, by date.
    Facts {
        /// Words that must all occur (`ケース`, `Libero ケース`); aliases and synonyms widen them.
        query: String,
        /// Only this counter word (件, 回, カ所, 名, 人, 世帯, …).
        #[arg(long)]
        unit: Option<String>,
        /// Only this council (part of its name).
        #[arg(long)]
        council: Option<String>,
        /// Every matching fact, not one per meeting.
        #[arg(long)]
        all: bool,
        /// Print CSV.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Also write a line chart to this SVG file.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        #[command(flatten)]
        index: IndexArg,
    },
    /// An agenda item: every meeting where it was on the agenda, with its materials, the entries
    /// under it by kind, and its resolutions.
    Agenda {
        /// Words of the item's title (`重層的支援`); similar wordings in other years are found too.
        query: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        index: IndexArg,
    },
}

fn run_track(what: TrackCommand, out: &mut dyn Write) -> Result<(), CliError> {
    use crate::index::search::Searcher;
    use crate::track;
    match what {
        TrackCommand::Facts {
            query,
            unit,
            council,
            all,
            csv,
            json,
            svg,
            index: IndexArg { index },
        } => {
            let records = Searcher::open(&index)?.records()?;
            let q = track::FactQuery {
                query: query.clone(),
                unit,
                council,
                all,
            };
            let points = track::facts(&records, &q);
            if let Some(path) = &svg {
                let title = match &q.unit {
                    Some(u) => format!("{query}（{u}）"),
                    None => query.clone(),
                };
                std::fs::write(path, track::svg(&points, &title)).map_err(|source| {
                    CliError::WriteFile {
                        path: path.clone(),
                        source,
                    }
                })?;
            }
            if json {
                let text = serde_json::to_string_pretty(&points).expect("points serialise");
                return writeln!(out, "{text}").map_err(CliError::Output);
            }
            if csv {
                return write!(out, "{}", track::facts_csv(&points)).map_err(CliError::Output);
            }
            if points.is_empty() {
                return writeln!(out, "no facts match {query:?}").map_err(CliError::Output);
            }
            for p in &points {
                writeln!(
                    out,
                    "{}  {:>6}  {}\n    「{}」\n    {}{} (id {})",
                    p.date.as_deref().unwrap_or("----------"),
                    track::value_text(p),
                    p.subject,
                    p.quote,
                    p.meeting_title.as_deref().unwrap_or(""),
                    p.agenda_ref
                        .as_deref()
                        .map(|a| format!("  {a}"))
                        .unwrap_or_default(),
                    p.meeting_id
                )
                .map_err(CliError::Output)?;
            }
            Ok(())
        }
        TrackCommand::Agenda {
            query,
            json,
            index: IndexArg { index },
        } => {
            let records = Searcher::open(&index)?.records()?;
            let rows = track::agenda(&records, &query);
            if json {
                let text = serde_json::to_string_pretty(&rows).expect("rows serialise");
                return writeln!(out, "{text}").map_err(CliError::Output);
            }
            if rows.is_empty() {
                return writeln!(out, "no agenda item matches {query:?}").map_err(CliError::Output);
            }
            for a in &rows {
                let mats = if a.materials.is_empty() {
                    String::new()
                } else {
                    format!("  （{}）", a.materials.join("、"))
                };
                let kinds: Vec<String> = a
                    .entries_by_kind
                    .iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect();
                writeln!(
                    out,
                    "{}  {}  {} {}{}\n    {} (id {})\n    entries: {}",
                    a.date.as_deref().unwrap_or("----------"),
                    a.body.as_deref().unwrap_or(""),
                    a.path,
                    a.title,
                    mats,
                    a.meeting_title.as_deref().unwrap_or(""),
                    a.meeting_id,
                    if kinds.is_empty() {
                        "none".to_string()
                    } else {
                        kinds.join(", ")
                    }
                )
                .map_err(CliError::Output)?;
                for r in &a.resolutions {
                    writeln!(out, "    ⇒ {r}").map_err(CliError::Output)?;
                }
            }
            Ok(())
        }
    }
}
