//! Snippets: a window of a block's text around its first match, with every match marked.

use crate::index::tokenizer::{bigram_chars, bigram_form};

/// A window of `text` around the first match of any of `needles` (compared as the bigram field
/// compares: widths folded, case and white space ignored), with every match marked.
pub fn snippet(text: &str, needles: &[String], width: usize) -> (String, Vec<(usize, usize)>) {
    let hay = bigram_chars(text);
    let mut ranges: Vec<(usize, usize)> = Vec::new(); // byte ranges in text
    for n in needles {
        let pat: Vec<char> = bigram_form(n).chars().collect();
        if pat.is_empty() || pat.len() > hay.len() {
            continue;
        }
        let mut i = 0;
        while i + pat.len() <= hay.len() {
            if (0..pat.len()).all(|k| hay[i + k].0 == pat[k]) {
                ranges.push((hay[i].1, hay[i + pat.len() - 1].2));
                i += pat.len();
            } else {
                i += 1;
            }
        }
    }
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    // The window, in characters.
    let char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let total = char_starts.len();
    let char_of = |byte: usize| char_starts.partition_point(|&s| s < byte);
    let first = merged.first().map(|r| char_of(r.0)).unwrap_or(0);
    let start = first.saturating_sub(width / 3);
    let end = (start + width).min(total);
    let byte_start = char_starts.get(start).copied().unwrap_or(text.len());
    let byte_end = char_starts.get(end).copied().unwrap_or(text.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let offset = out.chars().count();
    out.push_str(&text[byte_start..byte_end].replace('\n', " "));
    if end < total {
        out.push('…');
    }
    let highlights = merged
        .into_iter()
        .filter(|r| r.0 >= byte_start && r.1 <= byte_end)
        .map(|r| (char_of(r.0) - start + offset, char_of(r.1) - start + offset))
        .collect();
    (out, highlights)
}

/// Marks the highlights of a snippet with `open` and `close`.
pub fn mark(snippet: &str, highlights: &[(usize, usize)], open: &str, close: &str) -> String {
    let mut out = String::new();
    for (i, c) in snippet.chars().enumerate() {
        if highlights.iter().any(|h| h.0 == i) {
            out.push_str(open);
        }
        out.push(c);
        if highlights.iter().any(|h| h.1 == i + 1) {
            out.push_str(close);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_matches_across_widths_and_spaces() {
        let text = "2021年11月から Libero かまくらが新たに立ち上がった。";
        let (s, h) = snippet(text, &["Liberoかまくら".to_string()], 60);
        assert_eq!(
            mark(&s, &h, "[", "]"),
            "2021年11月から [Libero かまくら]が新たに立ち上がった。"
        );
        let (s, h) = snippet("相談件数は１２件", &["12件".to_string()], 60);
        assert_eq!(mark(&s, &h, "[", "]"), "相談件数は[１２件]");
    }
}
