//! `gijiroku speakers`: the people who spoke, with their counts.

use std::io::Write;
use std::path::Path;

use clap::Args;

use super::CliError;
use super::args::IndexArg;
use crate::index::search::Searcher;
use crate::people;

// The arguments of `speakers` (the subcommand's help is on `Command::Speakers`).
#[derive(Debug, Args)]
pub struct SpeakersArgs {
    /// Only people whose name or a spelling contains this.
    name: Option<String>,
    #[command(flatten)]
    index: IndexArg,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

impl SpeakersArgs {
    /// Lists the people the arguments ask for.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        list_people(self.name.as_deref(), &self.index.index, self.json, out)
    }
}

/// Lists the people (those `name` names, or everyone), most turns first.
fn list_people(
    name: Option<&str>,
    index: &Path,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let records = Searcher::open(index)?.records_without_texts()?;
    let all = people::directory(&records);
    let shown: Vec<people::Person> = match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => people::find(&all, n).into_iter().cloned().collect(),
        None => all,
    };
    if json {
        let text = serde_json::to_string_pretty(&shown).expect("people serialise");
        return writeln!(out, "{text}").map_err(CliError::Output);
    }
    if shown.is_empty() {
        return writeln!(out, "no speakers found").map_err(CliError::Output);
    }
    write!(out, "{}", people::render_text(&shown)).map_err(CliError::Output)
}
