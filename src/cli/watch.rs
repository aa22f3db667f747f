//! `gijiroku watch`: saved searches, and what is new for them since they last ran.

use std::io::Write;
use std::path::Path;

use clap::{Args, Subcommand};

use super::CliError;
use super::args::{FilterArgs, IndexArg};
use super::hits::print_hits;
use crate::watch::{self, WatchFilters};

/// What `watch` does.
#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Save a search under a name. It has seen what the index holds now: its first run
    /// reports what is ingested afterwards.
    #[command(mut_arg("index", |a| a.help(
        "The index folder (the watches are kept in it, in `watches.json`)"
    )))]
    Add {
        /// The name (letters, digits, `-`, `_`); the web page serves its feed at
        /// `/feeds/NAME.atom`.
        name: String,
        /// The query, as `search` takes it.
        query: String,
        #[command(flatten)]
        index: IndexArg,
        /// The filters, as `search` takes them.
        #[command(flatten)]
        filters: FilterArgs,
    },
    /// List the saved searches.
    List {
        #[command(flatten)]
        index: IndexArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove a saved search.
    Remove {
        /// Its name.
        name: String,
        #[command(flatten)]
        index: IndexArg,
    },
    /// What is new for the saved searches (those named, or all) since they last ran: the hits
    /// among the entries ingested since, newest meeting first. Prints nothing when nothing is
    /// new, so a scheduled job (cron) only reports news.
    Run {
        /// The saved searches to run (default: all).
        names: Vec<String>,
        #[command(flatten)]
        index: IndexArg,
        /// Print JSON (every watch run, with its hits, even when none is new).
        #[arg(long)]
        json: bool,
    },
}

// The arguments of `watch` (the subcommand's help is on `Command::Watch`).
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// What to do.
    #[command(subcommand)]
    what: WatchCommand,
}

impl WatchArgs {
    /// Runs `gijiroku watch …`.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        run_watch(self.what, out)
    }
}

fn run_watch(what: WatchCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match what {
        WatchCommand::Add {
            name,
            query,
            index: IndexArg { index },
            filters: f,
        } => {
            let filters = WatchFilters {
                from: f.from,
                to: f.to,
                council: f.council,
                body: f.body,
                kind: f.kind.map(|k| k.as_str().to_string()),
                speaker: f.speaker,
            };
            let w = watch::add(&index, &name, &query, filters)?;
            writeln!(
                out,
                "saved {:?} ({}); `gijiroku watch run {}` reports what is ingested from now on",
                w.name,
                describe(&w),
                w.name
            )
            .map_err(CliError::Output)
        }
        WatchCommand::List {
            index: IndexArg { index },
            json,
        } => list(&index, json, out),
        WatchCommand::Remove {
            name,
            index: IndexArg { index },
        } => {
            let w = watch::remove(&index, &name)?;
            writeln!(out, "removed {:?} ({})", w.name, describe(&w)).map_err(CliError::Output)
        }
        WatchCommand::Run {
            names,
            index: IndexArg { index },
            json,
        } => {
            let runs = watch::run(&index, &names)?;
            if json {
                let text = serde_json::to_string_pretty(&runs).expect("runs serialise");
                return writeln!(out, "{text}").map_err(CliError::Output);
            }
            for r in runs.iter().filter(|r| !r.hits.is_empty()) {
                writeln!(
                    out,
                    "== {} ({}): {} new{}",
                    r.watch.name,
                    describe(&r.watch),
                    r.hits.len(),
                    if r.truncated { " (and more)" } else { "" }
                )
                .map_err(CliError::Output)?;
                print_hits(&r.hits, false, out)?;
            }
            Ok(())
        }
    }
}

fn list(index: &Path, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let watches = watch::load(index)?;
    if json {
        let text = serde_json::to_string_pretty(&watches).expect("watches serialise");
        return writeln!(out, "{text}").map_err(CliError::Output);
    }
    if watches.is_empty() {
        return writeln!(
            out,
            "no saved searches (`gijiroku watch add NAME QUERY` saves one)"
        )
        .map_err(CliError::Output);
    }
    for w in &watches {
        writeln!(
            out,
            "{}  {}  (saved {}, last run {})",
            w.name,
            describe(w),
            w.created,
            w.last_run.as_deref().unwrap_or("never")
        )
        .map_err(CliError::Output)?;
    }
    Ok(())
}

/// The query and filters of a watch, as they would be typed.
fn describe(w: &watch::Watch) -> String {
    let mut s = format!("{:?}", w.query);
    for (name, v) in w.filters.set() {
        s.push_str(&format!(" --{name} {v}"));
    }
    s
}
