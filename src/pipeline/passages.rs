//! The passages of a material's long sections: each section's paragraphs found back in the
//! source lines, grouped into blocks that the index searches on their own.

use crate::index::Passages;
use crate::index::tokenizer::bigram_form;
use crate::ingest::Line;
use crate::record::Record;

/// A passage is closed once it holds this many characters (a heading or a short line joins
/// the paragraph after it).
const PASSAGE_MIN: usize = 40;

/// A passage spans at most this many source lines after its first.
const PASSAGE_LINES: usize = 5;

/// The passages of the long sections of a material: each section's paragraphs (its text's
/// lines, healed) found in the source lines in order, grouped so that each passage holds at
/// least [`PASSAGE_MIN`] characters within [`PASSAGE_LINES`] lines. A section of one passage
/// stays whole.
pub fn passages(record: &Record, lines: &[Line]) -> Passages {
    let key = |t: &str| -> Vec<char> { bigram_form(t).chars().collect() };
    let keyed: Vec<(usize, Vec<char>)> = lines
        .iter()
        .map(|l| (l.no, key(&l.text)))
        .filter(|(_, k)| !k.is_empty())
        .collect();
    let programmes = record
        .programmes
        .iter()
        .map(|p| {
            let name = key(&p.name);
            let number = key(&p.number);
            let first = |with_number: bool| {
                keyed.iter().find(|(_, l)| {
                    let l: String = l.iter().collect();
                    let n: String = name.iter().collect();
                    !n.is_empty()
                        && l.contains(&n)
                        && (!with_number || l.contains(&number.iter().collect::<String>()))
                })
            };
            first(true)
                .or_else(|| first(false))
                .map_or(0, |(no, _)| *no)
        })
        .collect();
    let mut cursor = 0;
    let mut out = Vec::with_capacity(record.sections.len());
    for s in &record.sections {
        while cursor < keyed.len() && keyed[cursor].0 <= s.line {
            cursor += 1;
        }
        // (offset in the text, line, characters) of each paragraph.
        let mut paras: Vec<(usize, usize, usize)> = Vec::new();
        let mut offset = 0;
        let mut last_line = s.line;
        for para in s.text.split('\n') {
            let k = key(para);
            if !k.is_empty() {
                let found = keyed[cursor..].iter().take(400).position(|(_, l)| {
                    let n = l.len().min(k.len()).min(8);
                    l[..n] == k[..n]
                });
                if let Some(p) = found {
                    last_line = keyed[cursor + p].0;
                    cursor += p + 1;
                }
                paras.push((offset, last_line, k.len()));
            }
            offset += para.len() + 1;
        }
        let mut starts: Vec<(usize, usize)> = Vec::new();
        let mut held = usize::MAX;
        for (off, line, len) in paras {
            let first_line = starts.last().map_or(0, |s| s.1);
            if held >= PASSAGE_MIN || line > first_line + PASSAGE_LINES {
                starts.push((off, line));
                held = 0;
            }
            held += len;
        }
        if let Some(first) = starts.first_mut() {
            // The first passage holds the title, on the section's own line.
            *first = (0, s.line);
        }
        if starts.len() < 2 {
            starts.clear();
        }
        out.push(starts);
    }
    Passages {
        sections: out,
        programmes,
    }
}
