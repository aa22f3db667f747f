//! `gijiroku ingest`: parse every document under the paths and index it, with a progress bar.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
use super::args::IndexArg;

// The arguments of `ingest` (the subcommand's help is on `Command::Ingest`).
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    index: IndexArg,
    /// Remove from the index the files under these paths that no longer exist.
    #[arg(long)]
    prune: bool,
    /// Commit after this many files (and at the end): an ingest that is stopped keeps
    /// what it committed.
    #[arg(long, default_value_t = crate::pipeline::COMMIT_EVERY)]
    commit_every: usize,
}

impl IngestArgs {
    /// Ingests the paths, reporting each file, and prints the totals.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        let options = crate::pipeline::Options {
            prune: self.prune,
            commit_every: self.commit_every,
        };
        ingest(&self.paths, &self.index.index, &options, out)
    }
}

fn ingest(
    paths: &[PathBuf],
    index: &Path,
    options: &crate::pipeline::Options,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::pipeline::{Event, collect_files, ingest_with};
    use std::io::IsTerminal;

    let total = collect_files(paths, index).len();
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .expect("a valid template"),
        );
        Some(bar)
    } else {
        None
    };
    let on_event = |e: &Event| {
        let line = match e {
            Event::Added(p) => format!("added     {}", p.display()),
            Event::Updated(p) => format!("updated   {}", p.display()),
            Event::Unchanged(p) => format!("unchanged {}", p.display()),
            Event::Removed(p) => format!("removed   {p}"),
            // The messages name their file already.
            Event::Failed(p, msg) => format!("error: {}", with_path(p, msg)),
            Event::Skipped(p, msg) => format!("warning: {}", with_path(p, msg)),
        };
        match &bar {
            Some(bar) => {
                bar.inc(1);
                if matches!(e, Event::Failed(..) | Event::Skipped(..)) {
                    bar.println(&line);
                } else {
                    bar.set_message(line);
                }
            }
            None => eprintln!("{line}"),
        }
    };
    let report = ingest_with(index, paths, options, &on_event)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    writeln!(
        out,
        "{} added, {} updated, {} unchanged, {} removed, {} failed ({})",
        report.added,
        report.updated,
        report.unchanged,
        report.removed,
        report.failed.len(),
        index.display()
    )
    .map_err(CliError::Output)?;
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::PartialIngest {
            failed: report.failed.len(),
            total,
        })
    }
}

/// `msg` as `path: msg`, unless it names the path already.
fn with_path(path: &Path, msg: &str) -> String {
    let shown = path.display().to_string();
    if msg.contains(&shown) {
        msg.to_string()
    } else {
        format!("{shown}: {msg}")
    }
}
