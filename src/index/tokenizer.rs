//! The two analysers of the search index, as tantivy tokenizers:
//!
//! - [`JapaneseTokenizer`]: lindera with IPADIC (built from Debian's mecab-ipadic by `build.rs`
//!   and embedded) and the domain user dictionary, NFKC and iteration-mark normalisation, base
//!   forms, particles and auxiliaries dropped, katakana long vowels stemmed, Latin lower-cased.
//!   It ranks.
//! - [`BigramTokenizer`]: overlapping character bigrams of the NFKC, lower-cased text without white
//!   space, each at its own position so that phrase queries over it find exact substrings. It
//!   guarantees grep-like recall.

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::sync::{Arc, LazyLock};

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_analysis::character_filter::BoxCharacterFilter;
use lindera_analysis::character_filter::japanese_iteration_mark::JapaneseIterationMarkCharacterFilter;
use lindera_analysis::character_filter::unicode_normalize::{
    UnicodeNormalizeCharacterFilter, UnicodeNormalizeKind,
};
use lindera_analysis::token_filter::BoxTokenFilter;
use lindera_analysis::token_filter::japanese_base_form::JapaneseBaseFormTokenFilter;
use lindera_analysis::token_filter::japanese_katakana_stem::JapaneseKatakanaStemTokenFilter;
use lindera_analysis::token_filter::japanese_stop_tags::JapaneseStopTagsTokenFilter;
use lindera_analysis::token_filter::lowercase::LowercaseTokenFilter;
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

/// Parts of speech that carry no meaning for search (full 4-level IPADIC keys).
const STOP_TAGS: &[&str] = &[
    "助詞,格助詞,一般,*",
    "助詞,格助詞,引用,*",
    "助詞,格助詞,連語,*",
    "助詞,係助詞,*,*",
    "助詞,副助詞,*,*",
    "助詞,間投助詞,*,*",
    "助詞,並立助詞,*,*",
    "助詞,終助詞,*,*",
    "助詞,副助詞／並立助詞／終助詞,*,*",
    "助詞,連体化,*,*",
    "助詞,副詞化,*,*",
    "助詞,特殊,*,*",
    "助詞,接続助詞,*,*",
    "助動詞,*,*,*",
    "記号,一般,*,*",
    "記号,読点,*,*",
    "記号,句点,*,*",
    "記号,空白,*,*",
    "記号,括弧開,*,*",
    "記号,括弧閉,*,*",
    "フィラー,*,*,*",
    "非言語音,*,*,*",
];

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

/// The lindera analysis chain, shared by every clone of the tokenizer.
#[derive(Clone)]
pub struct JapaneseTokenizer {
    inner: Arc<lindera_analysis::tokenizer::Tokenizer>,
}

impl JapaneseTokenizer {
    /// Builds the analyser; `extra_words` join the user dictionary.
    pub fn new(extra_words: &[String]) -> lindera::LinderaResult<JapaneseTokenizer> {
        let dictionary = embedded::load()?;
        let segmenter = Segmenter::new(Mode::Normal, dictionary, user_dictionary(extra_words));
        let mut tokenizer = lindera_analysis::tokenizer::Tokenizer::new(segmenter);
        tokenizer
            .append_character_filter(BoxCharacterFilter::from(
                UnicodeNormalizeCharacterFilter::new(UnicodeNormalizeKind::NFKC),
            ))
            .append_character_filter(BoxCharacterFilter::from(
                JapaneseIterationMarkCharacterFilter::new(true, true),
            ))
            .append_token_filter(BoxTokenFilter::from(JapaneseBaseFormTokenFilter::new()))
            .append_token_filter(BoxTokenFilter::from(JapaneseStopTagsTokenFilter::new(
                STOP_TAGS.iter().map(|s| s.to_string()).collect(),
            )))
            .append_token_filter(BoxTokenFilter::from(JapaneseKatakanaStemTokenFilter::new(
                NonZeroUsize::new(3).expect("3 is not zero"),
            )))
            .append_token_filter(BoxTokenFilter::from(LowercaseTokenFilter::new()));
        Ok(JapaneseTokenizer {
            inner: Arc::new(tokenizer),
        })
    }

    /// Tokenizes with a lattice kept per thread: allocating a new one for every call costs more
    /// than the segmentation of a short entry.
    fn tokenize<'a>(
        &'a self,
        text: &'a str,
    ) -> lindera::LinderaResult<Vec<lindera::token::Token<'a>>> {
        thread_local! {
            static LATTICE: std::cell::RefCell<lindera::dictionary::Lattice> =
                std::cell::RefCell::new(lindera::dictionary::Lattice::default());
        }
        LATTICE.with(|l| self.inner.tokenize_with_lattice(text, &mut l.borrow_mut()))
    }

    /// The terms of `text`, in order (what the index stores for it).
    pub fn terms(&self, text: &str) -> Vec<String> {
        match self.tokenize(text) {
            Ok(tokens) => tokens
                .into_iter()
                .map(|t| t.surface.into_owned())
                .filter(|s| !s.trim().is_empty())
                .collect(),
            Err(_) => Vec::new(),
        }
    }
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

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = match self.tokenize(text) {
            Ok(tokens) => tokens
                .into_iter()
                .filter(|t| !t.surface.trim().is_empty())
                .enumerate()
                .map(|(i, t)| Token {
                    offset_from: t.byte_start,
                    offset_to: t.byte_end,
                    position: i,
                    text: t.surface.into_owned(),
                    position_length: 1,
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        VecTokenStream { tokens, index: 0 }
    }
}

/// Normalises text for the bigram field: NFKC per character, lower case, white space dropped;
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
    fn offsets_point_into_the_original_text() {
        let mut t = ja();
        let text = "ＮＰＯ法人が説明した";
        let mut stream = t.token_stream(text);
        stream.advance();
        let tok = stream.token().clone();
        assert_eq!(&text[tok.offset_from..tok.offset_to], "ＮＰＯ");
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
}
