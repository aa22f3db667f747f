//! `gijiroku notes`: scaffold the next meeting's notes from the last meeting.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::args::IndexArg;
use crate::error::Error;
use crate::record::DocumentKind;

// The arguments of `notes` (the subcommand's help is on `Command::Notes`).
#[derive(Debug, Args)]
#[command(mut_arg("index", |a| a.help("The index folder, for an id or the latest meeting")))]
pub struct NotesArgs {
    /// The last meeting: a record (.json), a minutes document, or an index id; default the
    /// latest meeting in the index.
    #[arg(long)]
    from: Option<String>,
    #[command(flatten)]
    index: IndexArg,
    /// With no --from, the latest meeting of this body (全体会, a 部会's name).
    #[arg(long)]
    body: Option<String>,
    /// The next meeting's date (YYYY-MM-DD); default 13 weeks after the last.
    #[arg(long)]
    date: Option<String>,
    /// Write the notes here instead of standard output.
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
}

impl NotesArgs {
    /// Writes the scaffold.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        scaffold(
            self.from.as_deref(),
            &self.index.index,
            self.body.as_deref(),
            self.date.as_deref(),
            self.output.as_deref(),
            out,
        )
    }
}

fn scaffold(
    from: Option<&str>,
    index: &std::path::Path,
    body: Option<&str>,
    date: Option<&str>,
    output: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let date = date
        .map(|d| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|e| CliError::Usage {
                arg: "--date",
                reason: format!("{d:?} is not a YYYY-MM-DD date ({e})"),
            })
        })
        .transpose()?;
    let (last, name) = match from {
        Some(f) if std::path::Path::new(f).exists() => {
            let path = std::path::Path::new(f);
            let record = if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                serde_json::from_str(&text).map_err(|e| CliError::Usage {
                    arg: "--from",
                    reason: format!("{f} is not a gijiroku record: {e}"),
                })?
            } else {
                crate::pipeline::read(path)?
            };
            (record, f.to_string())
        }
        Some(id) => {
            let searcher = crate::index::search::Searcher::open(index)?;
            (searcher.record(id)?, format!("{id} in {}", index.display()))
        }
        None => {
            let searcher = crate::index::search::Searcher::open(index)?;
            let latest = searcher
                .records()?
                .into_iter()
                .map(|(_, r)| r)
                .filter(|r| r.kind == DocumentKind::Minutes && r.meeting.date.is_some())
                .filter(|r| body.is_none() || r.meeting.body.as_deref() == body)
                .max_by(|a, b| a.meeting.date.cmp(&b.meeting.date))
                .ok_or_else(|| CliError::Usage {
                    arg: "--from",
                    reason: format!(
                        "no dated minutes{} in {}; give --from",
                        body.map(|b| format!(" of {b}")).unwrap_or_default(),
                        index.display()
                    ),
                })?;
            let name = latest.source.path.clone();
            (latest, name)
        }
    };
    let notes = crate::notes::scaffold::next_notes(&last, date);
    let text = crate::notes::scaffold::to_commented_toml(&notes, &name);
    match output {
        Some(p) => {
            std::fs::write(p, text).map_err(|source| Error::Write {
                path: p.to_path_buf(),
                source,
            })?;
            writeln!(out, "wrote {}", p.display()).map_err(CliError::Output)
        }
        None => write!(out, "{text}").map_err(CliError::Output),
    }
}
