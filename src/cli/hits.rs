//! How `search` and `watch run` print hits on the terminal.

use crate::record::EntryKind;
use std::io::Write;

use super::CliError;

/// Prints hits as `search` does: where and who, the snippet with the matches marked (in colour
/// on a terminal), the meetings a material was handed out at, and each hit's pair (clipped to
/// a line unless `full`).
pub(crate) fn print_hits(
    hits: &[crate::index::search::Hit],
    full: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::index::search::mark;
    use std::io::IsTerminal;

    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for h in hits {
        let mut where_ = vec![h.date.clone().unwrap_or_else(|| "----------".into())];
        where_.push(h.title.clone());
        if let Some(a) = &h.agenda_ref {
            where_.push(a.clone());
        }
        let mut who = Vec::new();
        who.push(
            h.kind
                .map_or(h.doc_type.as_str(), EntryKind::as_str)
                .to_string(),
        );
        if let Some(s) = &h.speaker {
            who.push(s.clone());
        }
        writeln!(
            out,
            "{}  ({}, {}, id {}{}){}\n    {}",
            where_.join("  "),
            who.join(" "),
            format_args!("{:.2}", h.score),
            h.meeting_id,
            h.line.map(|l| format!(", line {l}")).unwrap_or_default(),
            if h.fallback {
                format!("  {}", h.matched.label())
            } else {
                String::new()
            },
            mark(&h.snippet, &h.highlights, open, close)
        )
        .map_err(CliError::Output)?;
        for m in &h.distributed_at {
            writeln!(
                out,
                "    配布: {} {} (id {})",
                m.date.as_deref().unwrap_or(""),
                m.title,
                m.meeting_id
            )
            .map_err(CliError::Output)?;
        }
        let shown = |text: &str| {
            if full {
                text.to_string()
            } else {
                crate::qa::clip(text, 60)
            }
        };
        if let Some(q) = &h.question {
            writeln!(
                out,
                "    ← 問{} (line {}): {}",
                q.by(),
                q.line,
                shown(&q.text)
            )
            .map_err(CliError::Output)?;
        }
        for a in &h.answers {
            writeln!(
                out,
                "    → 答{} (line {}): {}",
                a.by(),
                a.line,
                shown(&a.text)
            )
            .map_err(CliError::Output)?;
        }
    }
    Ok(())
}
