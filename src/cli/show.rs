//! `gijiroku show`: one record from the index as readable text (or as JSON), with where its
//! materials were found or the meetings it was handed out at.

use std::fmt::Write as _;
use std::io::Write;

use clap::Args;

use super::CliError;
use super::args::IndexArg;
use crate::record::{DocumentKind, Record, Role};

// The arguments of `show` (the subcommand's help is on `Command::Show`).
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The meeting id (as `search` prints it) or the document's path.
    id: String,
    #[command(flatten)]
    index: IndexArg,
    /// Print the record as JSON.
    #[arg(long)]
    json: bool,
}

impl ShowArgs {
    /// Prints the record.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        let searcher = crate::index::search::Searcher::open(&self.index.index)?;
        let record = searcher.record(&self.id)?;
        if self.json {
            let text = serde_json::to_string_pretty(&record).expect("records serialise");
            return writeln!(out, "{text}").map_err(CliError::Output);
        }
        let mut text = record_text(&record);
        let records = searcher.records()?;
        text.push_str(&links_text(&record, &records));
        write!(out, "{text}").map_err(CliError::Output)
    }
}

/// A readable rendering of a record (without its links to others).
fn record_text(r: &Record) -> String {
    let mut o = String::new();
    let m = &r.meeting;
    let title = r.title().unwrap_or("(no title)");
    let _ = writeln!(o, "{title}");
    let field = |o: &mut String, label: &str, v: Option<String>| {
        if let Some(v) = v {
            let _ = writeln!(o, "  {label}: {v}");
        }
    };
    field(&mut o, "council", m.council.clone());
    field(&mut o, "body", m.body.clone());
    field(
        &mut o,
        "date",
        m.date.as_ref().map(|d| {
            let time = match (&m.start_time, &m.end_time) {
                (Some(s), Some(e)) => format!(" {s}–{e}"),
                (Some(s), None) => format!(" {s}–"),
                _ => String::new(),
            };
            format!("{d} ({}){time}", m.weekday.as_deref().unwrap_or("?"))
        }),
    );
    field(&mut o, "fiscal year", m.fiscal_year.map(|y| y.to_string()));
    field(&mut o, "venue", m.venue.clone());
    field(&mut o, "issued", r.issued.clone());
    field(
        &mut o,
        "source",
        Some(format!("{} ({:?})", r.source.path, r.source.format)),
    );
    let a = &r.attendance;
    if !a.members.is_empty() {
        let names = |present: bool| -> Vec<String> {
            a.members
                .iter()
                .filter(|p| p.present == present)
                .map(|p| match p.role {
                    Role::Chair => format!("◎{}", p.name),
                    Role::ViceChair => format!("○{}", p.name),
                    Role::Member => p.name.clone(),
                })
                .collect()
        };
        let _ = writeln!(o, "\nattendance: {}", names(true).join("、"));
        let absent = names(false);
        if !absent.is_empty() {
            let _ = writeln!(o, "  absent: {}", absent.join("、"));
        }
        let sec: Vec<&str> = a.secretariat.iter().map(|p| p.name.as_str()).collect();
        if !sec.is_empty() {
            let _ = writeln!(o, "  secretariat: {}", sec.join("、"));
        }
    }
    if !r.agenda.is_empty() {
        let _ = writeln!(o, "\nagenda:");
        for (depth, it) in r.agenda_items() {
            let refs = if it.materials.is_empty() {
                String::new()
            } else {
                format!(" （{}）", it.materials.join("、"))
            };
            let _ = writeln!(
                o,
                "{}{} {}{refs}",
                "  ".repeat(depth + 1),
                it.path,
                it.title
            );
        }
    }
    if !r.materials.is_empty() {
        let _ = writeln!(o, "\nmaterials:");
        for mat in &r.materials {
            let _ = writeln!(o, "  {} {}", mat.id.as_deref().unwrap_or("・"), mat.title);
        }
    }
    for s in &r.proceedings {
        let _ = writeln!(
            o,
            "\n[{}] {}",
            s.agenda_ref.as_deref().unwrap_or("-"),
            s.heading.as_deref().unwrap_or("")
        );
        for e in &s.entries {
            let _ = writeln!(
                o,
                "  {:?} {}: {}",
                e.kind,
                e.speaker.as_deref().unwrap_or("-"),
                e.text
            );
        }
    }
    for s in &r.sections {
        let _ = writeln!(o, "\n{} {}", s.number.as_deref().unwrap_or(""), s.title);
        if !s.text.is_empty() {
            let _ = writeln!(o, "{}", s.text);
        }
    }
    if !r.facts.is_empty() {
        let _ = writeln!(o, "\nfacts:");
        for f in &r.facts {
            let _ = writeln!(
                o,
                "  {} {}{} [{}] {}",
                f.subject,
                f.value,
                f.unit,
                f.agenda_ref.as_deref().unwrap_or("-"),
                f.quote
            );
        }
    }
    for w in &r.warnings {
        let _ = writeln!(
            o,
            "warning (line {}): {}",
            w.line.map(|l| l.to_string()).unwrap_or("?".into()),
            w.message
        );
    }
    o
}

/// The `show` lines that link a record to others: for minutes, where each material it lists or
/// cites was found in the index (or that it was not); for a material, the meetings it was handed
/// out at.
fn links_text(record: &Record, records: &[crate::track::Stored]) -> String {
    let mut s = String::new();
    match record.kind {
        DocumentKind::Minutes => {
            let links = crate::track::material_links(record, records);
            if links.is_empty() {
                return s;
            }
            s.push_str("\n資料の所在:\n");
            for l in &links {
                let name = l.id.clone().unwrap_or_else(|| "（番号なし）".into());
                let title = if l.title.is_empty() {
                    String::new()
                } else {
                    format!(" {}", l.title)
                };
                let cited = if l.cited_by.is_empty() {
                    String::new()
                } else {
                    format!(" [議題 {}]", l.cited_by.join("、"))
                };
                match &l.resolved {
                    Some(r) => {
                        let _ = writeln!(
                            s,
                            "  {name}{title}{cited}\n      → {} (id {})",
                            r.path, r.record_id
                        );
                    }
                    None if l.id.is_some() => {
                        let _ = writeln!(
                            s,
                            "  {name}{title}{cited}\n      → 未登録 (not in the index)"
                        );
                    }
                    None => {
                        let _ = writeln!(s, "  {name}{title}{cited}");
                    }
                }
            }
        }
        DocumentKind::Material => {
            let at = crate::track::distributed_at(record, records);
            if let Some(id) = &record.material_id {
                let _ = writeln!(s, "\n資料番号: {id}");
            }
            if !at.is_empty() {
                s.push_str("\n配布された会議:\n");
                for m in at {
                    let _ = writeln!(
                        s,
                        "  {}  {} (id {})",
                        m.date.unwrap_or_default(),
                        m.title.unwrap_or_default(),
                        m.record_id
                    );
                }
            }
        }
    }
    s
}

#[cfg(test)]
impl ShowArgs {
    pub(super) fn index_dir(&self) -> &std::path::Path {
        &self.index.index
    }
}
