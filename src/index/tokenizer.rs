//! The two analysers of the search index, as tantivy tokenizers:
//!
//! - [`JapaneseTokenizer`]: lindera with IPADIC (built from Debian's mecab-ipadic by `build.rs`
//!   and embedded) and the domain user dictionary, NFKC and iteration-mark normalization, base
//!   forms, particles and auxiliaries dropped, katakana long vowels stemmed, Latin lower-cased.
//!   It ranks.
//! - [`BigramTokenizer`]: overlapping character bigrams of the NFKC, lower-cased text without white
//!   space, each at its own position so that phrase queries over it find exact substrings. It
//!   guarantees grep-like recall.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{Arc, LazyLock, RwLock};

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::UserDictionary;
use lindera_dictionary::dictionary::metadata::Metadata;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

mod embedded {
    lindera_dictionary::embedded_dictionary!("/ipadic", EmbeddedIpadic);
}

/// The domain words, in the full 13-column IPADIC format with real context ids (名詞,一般 = 1285,
/// 名詞,固有名詞,組織 = 1292): a 3-column entry would change the parts of speech around it.
const USER_DICTIONARY: &str = include_str!("user_dict.csv");

/// Parts of speech that carry no meaning for search: every particle (助詞) and auxiliary
/// (助動詞), fillers, non-verbal sounds, and punctuation (記号 but for letters of the alphabet).
fn is_stop(pos: &str, sub: &str) -> bool {
    match pos {
        "助詞" | "助動詞" | "フィラー" | "非言語音" => true,
        "記号" => matches!(sub, "一般" | "読点" | "句点" | "空白" | "括弧開" | "括弧閉"),
        _ => false,
    }
}

/// The index of the base form among IPADIC's detail fields.
const BASE_FORM: usize = 6;

/// The shortest katakana word whose final long-vowel mark is dropped (`サーバー` = `サーバ`).
const KATAKANA_STEM_MIN: usize = 3;

/// Normalizes text before segmentation: NFKC (full-width letters and digits, half-width kana),
/// the iteration marks `ゝゞヽヾ` spelt out. Case is kept for the dictionary (`Liberoかまくら`) and
/// folded on the terms. Token offsets are not kept: the morphological field ranks, snippets are
/// marked from the text itself.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            prev = Some(c);
            continue;
        }
        let repeated = match (c, prev) {
            ('ゝ', Some(p)) | ('ヽ', Some(p)) => Some(p),
            ('ゞ', Some(p)) | ('ヾ', Some(p)) => Some(voiced(p)),
            _ => None,
        };
        if let Some(r) = repeated {
            out.push(r);
            continue;
        }
        if stable(c) {
            out.push(c);
            prev = Some(c);
            continue;
        }
        for n in std::iter::once(c).nfkc() {
            out.push(n);
            prev = Some(n);
        }
    }
    out
}

/// Whether NFKC leaves a character as it is and it has no case: the kanji, kana and Japanese
/// punctuation that make up most of a minutes' text, which then skip the normalizer.
fn stable(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{3041}'..='\u{3096}' // hiragana
        | '\u{30A1}'..='\u{30FA}' // katakana
        | 'ー' | '、' | '。' | '「' | '」' | '・')
}

/// The voiced form of a kana (`か` → `が`), for `ゞ`; other characters as they are.
fn voiced(c: char) -> char {
    let unvoiced =
        "かきくけこさしすせそたちつてとはひふへほカキクケコサシスセソタチツテトハヒフヘホ";
    if unvoiced.contains(c) {
        char::from_u32(c as u32 + 1).unwrap_or(c)
    } else {
        c
    }
}

/// `サーバー` → `サーバ`: the final long-vowel mark of a katakana word of at least
/// [`KATAKANA_STEM_MIN`] characters.
fn katakana_stem(term: &mut String) {
    let n = term.chars().count();
    if n >= KATAKANA_STEM_MIN
        && term.ends_with('ー')
        && term.chars().all(|c| ('\u{30A0}'..='\u{30FF}').contains(&c))
    {
        term.truncate(term.len() - 'ー'.len_utf8());
    }
}

/// Builds the user dictionary from the built-in domain words and extra words (aliases found in
/// ingested records), each extra word entered as a general noun.
fn user_dictionary(extra: &[String]) -> Option<UserDictionary> {
    let mut csv = USER_DICTIONARY.to_string();
    let known: HashSet<&str> = USER_DICTIONARY
        .lines()
        .filter_map(|l| l.split(',').next())
        .collect();
    for w in extra {
        let w = w.trim();
        if w.chars().count() < 2 || w.contains([',', '"', '\n']) || known.contains(w) {
            continue;
        }
        csv.push_str(&format!("{w},1285,1285,-5000,名詞,一般,*,*,*,*,{w},*,*\n"));
    }
    let metadata = Metadata {
        default_left_context_id: 1285,
        default_right_context_id: 1285,
        ..embedded::load().ok()?.metadata.as_ref().clone()
    };
    DictionaryBuilder::new(metadata)
        .build_user_dict_from_reader(csv.as_bytes())
        .ok()
}

/// lindera's segmenter over IPADIC with the domain words and `extra_words`.
fn segmenter(extra_words: &[String]) -> lindera::LinderaResult<Segmenter> {
    let dictionary = embedded::load()?;
    Ok(Segmenter::new(
        Mode::Normal,
        dictionary,
        user_dictionary(extra_words),
    ))
}

/// The Japanese analyser, shared by every clone: lindera's segmenter over the normalized text,
/// then base forms, stop parts of speech dropped and katakana stems, read from each token's
/// dictionary details in one pass.
///
/// The segmenter sits in a cell that every clone shares, so that an ingest can teach the analyser
/// it registered with the index new words ([`JapaneseTokenizer::learn`]) while it indexes.
#[derive(Clone)]
pub struct JapaneseTokenizer {
    segmenter: Arc<RwLock<Arc<Segmenter>>>,
}

/// The longest piece of text segmented at once, in bytes: a longer text is segmented piece by
/// piece, cut after a sentence (or a line, a comma, a space; else anywhere between two
/// characters), so that lindera's lattice, which grows with the text and is kept per thread,
/// stays small whatever the entry (a 1 MiB line needs over a gigabyte in one piece).
const MAX_PIECE_BYTES: usize = 16 * 1024;

/// `text` cut into pieces of at most [`MAX_PIECE_BYTES`] (more only for a single character).
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if rest.len() <= MAX_PIECE_BYTES {
            return Some(std::mem::take(&mut rest));
        }
        let mut limit = MAX_PIECE_BYTES;
        while !rest.is_char_boundary(limit) {
            limit -= 1;
        }
        let head = &rest[..limit];
        let cut = ['。', '\n', '、', ' ', '　']
            .iter()
            .find_map(|&c| head.rfind(c).map(|i| i + c.len_utf8()))
            .filter(|&i| i > limit / 2)
            .unwrap_or(if limit == 0 {
                rest.chars().next().map_or(rest.len(), char::len_utf8)
            } else {
                limit
            });
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

impl JapaneseTokenizer {
    /// Builds the analyser; `extra_words` join the user dictionary.
    pub fn new(extra_words: &[String]) -> lindera::LinderaResult<JapaneseTokenizer> {
        Ok(JapaneseTokenizer {
            segmenter: Arc::new(RwLock::new(Arc::new(segmenter(extra_words)?))),
        })
    }

    /// Replaces the extra words of the user dictionary, for this analyser and every clone of it:
    /// the texts analysed from now on are segmented with `extra_words`.
    pub fn learn(&self, extra_words: &[String]) -> lindera::LinderaResult<()> {
        let new = Arc::new(segmenter(extra_words)?);
        *self.segmenter.write().unwrap_or_else(|e| e.into_inner()) = new;
        Ok(())
    }

    /// The segmenter in use.
    fn current(&self) -> Arc<Segmenter> {
        self.segmenter
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Calls `each` with every token of `text` (surface, part of speech, its first
    /// subdivision, base form), over a lattice kept per thread (allocating one for every call
    /// costs more than segmenting a short entry).
    fn walk(&self, text: &str, mut each: impl FnMut(&str, &str, &str, Option<&str>)) {
        thread_local! {
            static LATTICE: std::cell::RefCell<lindera::dictionary::Lattice> =
                std::cell::RefCell::new(lindera::dictionary::Lattice::default());
        }
        let norm = normalize(text);
        let segmenter = self.current();
        LATTICE.with(|l| {
            let mut lattice = l.borrow_mut();
            for piece in pieces(&norm) {
                let Ok(tokens) = segmenter.segment_with_lattice(Cow::Borrowed(piece), &mut lattice)
                else {
                    continue;
                };
                for t in tokens {
                    if t.surface.trim().is_empty() {
                        continue;
                    }
                    // The token's dictionary fields, read in place (no copy of the details).
                    let id = t.word_id.id() as usize;
                    let mut details = if t.word_id.is_unknown() {
                        t.dictionary.unknown_word_details_iter(id)
                    } else if t.word_id.is_system() {
                        t.dictionary.word_details_iter(id)
                    } else {
                        match t.user_dictionary {
                            Some(u) => u.word_details_iter(id),
                            None => lindera_dictionary::dictionary::DetailFields::unk(),
                        }
                    };
                    let pos = details.next().unwrap_or("");
                    let sub = details.next().unwrap_or("");
                    let base = details
                        .nth(BASE_FORM - 2)
                        .filter(|b| !b.is_empty() && *b != "*");
                    each(&t.surface, pos, sub, base);
                }
            }
        })
    }

    /// The analysed terms of `text`, in order.
    fn analyse(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.walk(text, |surface, pos, sub, base| {
            if is_stop(pos, sub) {
                return;
            }
            let mut term = match base {
                Some(b) => b.to_lowercase(),
                None => surface.to_lowercase(),
            };
            katakana_stem(&mut term);
            out.push(term);
        });
        out
    }

    /// Every token of `text` with its part of speech, stop words included: what a query is
    /// reduced to its content words by (see `search::reduce`).
    pub fn morphemes(&self, text: &str) -> Vec<Morpheme> {
        let mut out = Vec::new();
        self.walk(text, |surface, pos, sub, base| {
            out.push(Morpheme {
                surface: surface.to_string(),
                pos: pos.to_string(),
                sub: sub.to_string(),
                base: base.unwrap_or(surface).to_string(),
            });
        });
        out
    }

    /// How many tokens lindera's segmenter alone makes of `text`, without the filters: the
    /// floor the analysis chain is measured against (`benches/ingest.rs`).
    #[doc(hidden)]
    pub fn segment_only(&self, text: &str) -> usize {
        thread_local! {
            static LATTICE: std::cell::RefCell<lindera::dictionary::Lattice> =
                std::cell::RefCell::new(lindera::dictionary::Lattice::default());
        }
        let segmenter = self.current();
        LATTICE.with(|l| {
            segmenter
                .segment_with_lattice(std::borrow::Cow::Borrowed(text), &mut l.borrow_mut())
                .map(|t| t.len())
                .unwrap_or(0)
        })
    }

    /// The terms of `text`, in order (what the index stores for it).
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyse(text)
    }
}

/// One token of the Japanese analyser with its dictionary details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morpheme {
    /// The text as segmented (after NFKC).
    pub surface: String,
    /// The part of speech (`名詞`, `助詞`, …).
    pub pos: String,
    /// Its first subdivision (`一般`, `非自立`, `代名詞`, …).
    pub sub: String,
    /// The base form (the surface when the dictionary gives none).
    pub base: String,
}

/// A token stream over a vector of tokens.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

impl Tokenizer for JapaneseTokenizer {
    type TokenStream<'a> = VecTokenStream;

    /// Offsets are those of the whole text: the morphological field ranks and is never used
    /// to mark snippets.
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = self
            .analyse(text)
            .into_iter()
            .enumerate()
            .map(|(i, term)| Token {
                offset_from: 0,
                offset_to: text.len(),
                position: i,
                text: term,
                position_length: 1,
            })
            .collect();
        VecTokenStream { tokens, index: 0 }
    }
}

/// Normalizes text for the bigram field: NFKC per character, lower case, white space dropped;
/// returns the characters with the byte range each came from.
pub fn bigram_chars(text: &str) -> Vec<(char, usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 2);
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii() {
            out.push((c.to_ascii_lowercase(), i, end));
            continue;
        }
        if stable(c) {
            out.push((c, i, end));
            continue;
        }
        for n in c.nfkc() {
            if n.is_whitespace() {
                continue;
            }
            for l in n.to_lowercase() {
                out.push((l, i, end));
            }
        }
    }
    out
}

/// The text as the bigram field sees it: [`bigram_chars`] without their places.
pub fn bigram_form(text: &str) -> String {
    bigram_chars(text).into_iter().map(|c| c.0).collect()
}

/// The bigram terms of `text` in order (a one-character text gives its one character).
pub fn bigrams(text: &str) -> Vec<String> {
    let chars = bigram_chars(text);
    if chars.len() == 1 {
        return vec![chars[0].0.to_string()];
    }
    chars
        .windows(2)
        .map(|w| [w[0].0, w[1].0].iter().collect())
        .collect()
}

/// Character bigrams with numbered positions.
#[derive(Clone, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let chars = bigram_chars(text);
        let tokens = if chars.len() == 1 {
            vec![Token {
                offset_from: chars[0].1,
                offset_to: chars[0].2,
                position: 0,
                text: chars[0].0.to_string(),
                position_length: 1,
            }]
        } else {
            chars
                .windows(2)
                .enumerate()
                .map(|(i, w)| Token {
                    offset_from: w[0].1,
                    offset_to: w[1].2,
                    position: i,
                    text: [w[0].0, w[1].0].iter().collect(),
                    position_length: 1,
                })
                .collect()
        };
        VecTokenStream { tokens, index: 0 }
    }
}

/// The shared analyser with no extra words, built once.
pub static DEFAULT_JAPANESE: LazyLock<Option<JapaneseTokenizer>> =
    LazyLock::new(|| JapaneseTokenizer::new(&[]).ok());

#[cfg(test)]
mod tests {
    use super::*;

    fn ja() -> JapaneseTokenizer {
        JapaneseTokenizer::new(&["地域部会".to_string()]).unwrap()
    }

    #[test]
    fn domain_words_stay_whole() {
        let t = ja();
        let terms = t.terms("Liberoかまくらが重層的支援体制整備事業を始めた");
        assert!(terms.contains(&"liberoかまくら".to_string()), "{terms:?}");
        assert!(
            terms.contains(&"重層的支援体制整備事業".to_string()),
            "{terms:?}"
        );
        assert!(!terms.iter().any(|t| t == "が" || t == "を"), "{terms:?}");
        assert!(t.terms("地域部会で協議").contains(&"地域部会".to_string()));
    }

    #[test]
    fn widths_and_base_forms() {
        let t = ja();
        assert_eq!(t.terms("ＬＩＢＥＲＯ"), ["libero"]);
        let terms = t.terms("検討していきたい");
        assert!(terms.contains(&"検討".to_string()), "{terms:?}");
    }

    #[test]
    fn positions_follow_the_kept_terms() {
        let mut t = ja();
        let text = "ＮＰＯ法人が説明した。サーバー、ゞ";
        let mut stream = t.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            let tok = stream.token();
            assert!(tok.offset_to <= text.len());
            seen.push((tok.text.clone(), tok.position));
        }
        assert_eq!(seen[0], ("npo".to_string(), 0));
        assert!(seen.iter().any(|(w, _)| w == "説明"), "{seen:?}");
        assert!(seen.iter().any(|(w, _)| w == "サーバ"), "{seen:?}");
        assert!(
            !seen.iter().any(|(w, _)| w == "が" || w == "、"),
            "{seen:?}"
        );
        let positions: Vec<usize> = seen.iter().map(|s| s.1).collect();
        assert_eq!(positions, (0..seen.len()).collect::<Vec<_>>());
    }

    #[test]
    fn the_fast_path_agrees_with_nfkc() {
        for c in ('\u{3000}'..='\u{30FF}').chain('\u{4E00}'..='\u{9FFF}') {
            if stable(c) {
                let n: String = std::iter::once(c).nfkc().collect();
                assert_eq!(n, c.to_string(), "{c:?}");
                assert_eq!(c.to_lowercase().to_string(), c.to_string(), "{c:?}");
            }
        }
    }

    #[test]
    fn iteration_marks_are_spelt_out() {
        assert_eq!(normalize("いすゞ"), "いすず");
        assert_eq!(normalize("ＡＢｃ　ｶﾀｶﾅ"), "ABc カタカナ");
    }

    #[test]
    fn bigrams_ignore_space_and_width() {
        assert_eq!(bigrams("Libero かまくら"), bigrams("Ｌｉｂｅｒｏかまくら"));
        assert_eq!(bigrams("会議"), ["会議"]);
        assert_eq!(bigrams("件"), ["件"]);
        let mut b = BigramTokenizer;
        let mut s = b.token_stream("支援会議");
        let mut positions = Vec::new();
        while s.advance() {
            positions.push((s.token().text.clone(), s.token().position));
        }
        assert_eq!(
            positions,
            [("支援".into(), 0), ("援会".into(), 1), ("会議".into(), 2)]
        );
    }

    #[test]
    fn a_long_text_is_cut_after_sentences_and_never_inside_a_character() {
        let sentence = "相談支援事業所の件数について報告がありました。";
        let text = sentence.repeat(2000); // about 138 KB
        let cut: Vec<&str> = pieces(&text).collect();
        assert!(cut.len() > 8, "{}", cut.len());
        assert_eq!(cut.concat(), text);
        assert!(cut.iter().all(|p| p.len() <= MAX_PIECE_BYTES));
        assert!(cut[..cut.len() - 1].iter().all(|p| p.ends_with('。')));
        // Without any break: cut between characters.
        let run = "あ".repeat(20_000);
        let cut: Vec<&str> = pieces(&run).collect();
        assert_eq!(cut.concat(), run);
        assert!(
            cut.iter()
                .all(|p| !p.is_empty() && p.len() <= MAX_PIECE_BYTES)
        );
        assert_eq!(pieces("").count(), 0);
        assert_eq!(pieces("短い").collect::<Vec<_>>(), ["短い"]);
    }

    #[test]
    fn a_long_text_has_the_terms_of_its_sentences() {
        let sentence = "地域部会で短期入所の利用状況を確認した。";
        let one = ja().terms(sentence);
        let long = ja().terms(&sentence.repeat(3000));
        assert_eq!(long.len(), one.len() * 3000);
        assert_eq!(&long[..one.len()], one.as_slice());
        assert_eq!(&long[long.len() - one.len()..], one.as_slice());
    }

    #[test]
    fn learning_words_changes_every_clone() {
        let a = JapaneseTokenizer::new(&[]).unwrap();
        let b = a.clone();
        assert!(!b.terms("推進業務の報告").contains(&"推進業務".to_string()));
        a.learn(&["推進業務".to_string()]).unwrap();
        assert_eq!(b.terms("推進業務の報告"), ["推進業務", "報告"]);
    }
}
