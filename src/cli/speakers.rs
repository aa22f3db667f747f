//! `gijiroku speakers`: the people who spoke, with their counts.

use std::io::Write;
use std::path::Path;

use super::CliError;
use crate::index::search::Searcher;
use crate::people;

/// Lists the people (those `name` names, or everyone), most turns first.
pub(super) fn speakers_cmd(
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
