//! Use the library without the CLI: parse one set of minutes and print who said what under each
//! agenda item.
//!
//! ```text
//! cargo run --example parse -- samples/minutes/2024-05-27_zentaikai_summary.txt
//! ```

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| "samples/minutes/2024-05-27_zentaikai_summary.txt".into());
    let record = gijiroku::pipeline::read(&path)?;
    let m = &record.meeting;
    println!(
        "{} — {} {}",
        m.title.as_deref().unwrap_or("(no title)"),
        m.date.as_deref().unwrap_or("????-??-??"),
        m.venue.as_deref().unwrap_or("")
    );
    for section in &record.proceedings {
        println!(
            "\n[{}] {}",
            section.agenda_ref.as_deref().unwrap_or("-"),
            section.heading.as_deref().unwrap_or("")
        );
        for e in &section.entries {
            let text: String = e.text.chars().take(40).collect();
            println!(
                "  {:?} {}: {text}…",
                e.kind,
                e.speaker.as_deref().unwrap_or("?")
            );
        }
    }
    for f in &record.facts {
        println!(
            "fact: {} = {} {} ({})",
            f.subject,
            f.value,
            f.unit,
            f.agenda_ref.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
