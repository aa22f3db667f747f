//! Width folding and line healing, the forms every stage compares text in: [`fold_width`]
//! (full-width ASCII to half-width, dash and tilde variants unified), [`compact`] (NFKC without
//! white space) and [`heal_join`] (a line joined to the text it continues).

use unicode_normalization::UnicodeNormalization;

/// Folds full-width ASCII to half-width, the ideographic space to a space, and the dash and tilde
/// variants to `-` and `～`; leaves everything else (circled numbers, kana) as printed.
pub fn fold_width(s: &str) -> String {
    // Only characters whose UTF-8 starts with one of the byte pairs [`may_fold`] names can fold:
    // look at those, and copy the runs between them whole. The search is for the second byte
    // of the pair (80, 88, BC, BD), far rarer in Japanese text than the lead bytes (E3 leads
    // every kana), and then looks at the byte before.
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut kept = 0;
    let mut from = 1;
    while let Some(at) = bytes.get(from..).and_then(|rest| {
        rest.iter()
            .position(|&b| matches!(b, 0x80 | 0x88 | 0xBC | 0xBD))
    }) {
        let i = from + at - 1;
        from = i + 2;
        if !may_fold(bytes[i], Some(bytes[i + 1])) {
            continue;
        }
        // A lead byte starts a character, so `i` is a character boundary.
        let c = s[i..].chars().next().expect("a character at a lead byte");
        let f = fold_char(c);
        if f != c {
            out.push_str(&s[kept..i]);
            out.push(f);
            kept = i + c.len_utf8();
        }
    }
    out.push_str(&s[kept..]);
    out
}

/// True when the character whose UTF-8 starts with `lead`, `next` may fold: every character
/// [`fold_char`] changes is encoded in three bytes starting E2 80 (U+2010–U+2013), E2 88
/// (U+2212, U+223C), E3 80 (U+3000, U+301C) or EF BC / EF BD (U+FF01–U+FF5E).
fn may_fold(lead: u8, next: Option<u8>) -> bool {
    matches!(
        (lead, next),
        (0xE2, Some(0x80 | 0x88)) | (0xE3, Some(0x80)) | (0xEF, Some(0xBC | 0xBD))
    )
}

/// One character as [`fold_width`] folds it.
fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF5E}' | '\u{301C}' | '\u{223C}' => '～',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FF0D}' => '-',
        '\u{FF01}'..='\u{FF5D}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// NFKC with white space removed: the form used to compare labels and titles.
pub fn compact(s: &str) -> String {
    // Fast path: when every character normalizes on its own, map them one by one; anything
    // else (combining marks, half-width kana, compatibility sequences) takes full NFKC.
    let mut out = String::with_capacity(s.len());
    // The run of characters since `kept` that NFKC leaves as they are, copied whole.
    let mut kept = 0;
    for (i, c) in s.char_indices() {
        if is_nfkc_stable(c) {
            continue;
        }
        out.push_str(&s[kept..i]);
        kept = i + c.len_utf8();
        if !c.is_whitespace() && !push_nfkc_alone(c, &mut out) {
            return s.nfkc().filter(|c| !c.is_whitespace()).collect();
        }
    }
    out.push_str(&s[kept..]);
    out
}

/// Characters that NFKC leaves as they are, whatever their neighbours, and that are not white
/// space: printable ASCII, kana, the prolonged sound mark and CJK ideographs.
fn is_nfkc_stable(c: char) -> bool {
    matches!(c,
        '\u{21}'..='\u{7E}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

/// Pushes the NFKC form of `c` when it does not depend on its neighbours, and says whether it
/// did. ASCII, CJK ideographs, kana, the prolonged sound mark, CJK brackets and punctuation,
/// arrows, bullets and geometric shapes stay as they are; full-width ASCII becomes ASCII, ①–⑳
/// their digits and `…` three dots. None of these characters or forms is a combining mark or
/// composes with a neighbour, so NFKC of a string of them is the string of their forms. (White
/// space, which [`compact`] drops, normalizes to white space.)
fn push_nfkc_alone(c: char, out: &mut String) -> bool {
    match c {
        '\u{0}'..='\u{7F}'
        | '\u{2022}'
        | '\u{203B}'
        | '\u{2190}'..='\u{2199}'
        | '\u{21D2}'..='\u{21D4}'
        | '\u{25A0}'..='\u{25FF}'
        | '\u{3001}'..='\u{3003}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3008}'..='\u{301C}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FC}'
        | '\u{4E00}'..='\u{9FFF}' => out.push(c),
        '\u{FF01}'..='\u{FF5E}' => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        '\u{2460}'..='\u{2473}' => {
            let n = c as u32 - 0x2460 + 1;
            out.push_str(&n.to_string());
        }
        '\u{2026}' => out.push_str("..."),
        _ => return false,
    }
    true
}

/// True for characters of Latin script words (letters and digits of ASCII or full width).
fn is_latin(c: char) -> bool {
    fold_width(&c.to_string())
        .chars()
        .all(|c| c.is_ascii_alphanumeric())
}

/// Joins a line to the text it continues: Japanese text joins without a space, a Latin word cut
/// at the end of a line gets one.
pub fn heal_join(text: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let trimmed_len = text.trim_end().len();
    text.truncate(trimmed_len);
    if let (Some(a), Some(b)) = (text.chars().last(), next.chars().next())
        && is_latin(a)
        && is_latin(b)
        && !(a.is_ascii_digit() && b.is_ascii_digit())
    {
        text.push(' ');
    }
    text.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heals_japanese_without_space_and_latin_with_one() {
        let mut s = "地域づ".to_string();
        heal_join(&mut s, "くり向けた");
        assert_eq!(s, "地域づくり向けた");
        let mut s = "全て Libero".to_string();
        heal_join(&mut s, "かまくらに");
        assert_eq!(s, "全て Liberoかまくらに");
        let mut s = "the support".to_string();
        heal_join(&mut s, "network");
        assert_eq!(s, "the support network");
    }

    /// The characters [`compact`] maps alone are mapped to their NFKC forms.
    #[test]
    fn characters_normalized_alone_are_their_nfkc() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_nfkc_stable(c) {
                assert!(!c.is_whitespace(), "U+{:04X}", c as u32);
                let mut alone = String::new();
                assert!(push_nfkc_alone(c, &mut alone), "U+{:04X}", c as u32);
                assert_eq!(alone, c.to_string(), "U+{:04X}", c as u32);
            }
            let mut utf8 = [0; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            if fold_char(c) != c {
                assert!(
                    may_fold(bytes[0], bytes.get(1).copied()),
                    "U+{:04X}",
                    c as u32
                );
            }
            let mut alone = String::new();
            if push_nfkc_alone(c, &mut alone) {
                let nfkc: String = c.to_string().nfkc().collect();
                assert_eq!(nfkc, alone, "U+{:04X}", c as u32);
            }
            if c.is_whitespace() {
                assert!(
                    c.to_string().nfkc().all(char::is_whitespace),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    proptest::proptest! {
        /// The fast path of `compact` agrees with full NFKC, combining marks and half-width kana
        /// included.
        #[test]
        fn compact_is_nfkc_without_white_space(
            s in "[a-zA-Z0-9 (（）)\u{3000}あかがカガｶﾞﾟ\u{3099}\u{309A}\u{338}ー々。、会議１２Ａ㈱①⑩⑳…○→⇒•※〔〕é\u{301}\u{FF5E}\u{FF65}]{0,12}"
        ) {
            let slow: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
            proptest::prop_assert_eq!(compact(&s), slow);
        }

        /// `fold_width` folds every character, whatever precedes it.
        #[test]
        fn fold_width_folds_each_character(s in "[a-z（１－\u{3000}あ〜∼‐、「∈Ｚ｀｝｡丼]{0,12}") {
            let each: String = s.chars().map(fold_char).collect();
            proptest::prop_assert_eq!(fold_width(&s), each);
        }
    }

    #[test]
    fn folds_widths_but_keeps_circled_numbers() {
        assert_eq!(fold_width("（資料１－１）①"), "(資料1-1)①");
    }
}
