//! The most the boost can leave of a block's score, told by the index without reading the
//! block: whether it is a title (the postings of the `doc_type` field) and how long it is
//! (the token count the bigram field keeps).
//!
//! The boost ranks titles and short blocks down ([`Boost::factor`]), while the ranking by
//! words favours them, since a short block scores high. Where one agenda item is repeated in
//! every meeting, the best blocks by words are all titles, and a search that ranked by words
//! and read each block to learn its boost would read hundreds to find ten. Ranked instead by
//! their scores times this ceiling, the blocks come in an order that no block further down
//! can beat once boosted.

use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Scorer, TermQuery, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Term};

use super::boost::Boost;
use crate::index::Result;
use crate::index::document::DocType;

/// The ceiling of the blocks of one committed state of the index, for one query's boost.
pub(super) struct Ceiling<'s> {
    searcher: &'s tantivy::Searcher,
    titles: Box<dyn Weight>,
    text_bi: Field,
    bound: Box<dyn Fn(bool, (usize, usize)) -> f32 + Send + Sync>,
}

impl<'s> Ceiling<'s> {
    /// The ceiling of `boost` over the blocks `searcher` sees.
    pub(super) fn new(
        searcher: &'s tantivy::Searcher,
        doc_type: Field,
        text_bi: Field,
        boost: &Boost,
    ) -> Result<Ceiling<'s>> {
        let titles = titles(doc_type).weight(EnableScoring::disabled_from_searcher(searcher))?;
        Ok(Ceiling {
            searcher,
            titles,
            text_bi,
            bound: Box::new(boost.ceiling()),
        })
    }

    /// The ceiling of the blocks of segment `ord`, asked for in increasing order.
    pub(super) fn segment(&self, ord: u32) -> Result<SegmentCeiling<'_>> {
        let reader = self.searcher.segment_reader(ord);
        Ok(SegmentCeiling {
            titles: self.titles.scorer(reader, 1.0)?,
            norms: reader.get_fieldnorms_reader(self.text_bi).ok(),
            meetings: reader.fast_fields().u64("meeting_no").ok(),
            bound: self.bound.as_ref(),
        })
    }
}

/// The ceiling of the blocks of one segment.
pub(super) struct SegmentCeiling<'c> {
    titles: Box<dyn Scorer>,
    norms: Option<FieldNormReader>,
    meetings: Option<Column<u64>>,
    bound: &'c (dyn Fn(bool, (usize, usize)) -> f32 + Send + Sync),
}

impl SegmentCeiling<'_> {
    /// The ceiling of block `doc`. Blocks are asked for in increasing order (the title
    /// postings are read forward); a block asked for again gives the same.
    pub(super) fn of(&mut self, doc: DocId) -> f32 {
        if self.titles.doc() < doc {
            self.titles.seek(doc);
        }
        let title = self.titles.doc() == doc;
        let chars = self
            .norms
            .as_ref()
            .map_or((0, usize::MAX), |n| chars_of(n.fieldnorm(doc)));
        (self.bound)(title, chars)
    }

    /// The meeting number of block `doc` (see `search::rank_order`), which the index holds
    /// beside the ceiling.
    pub(super) fn meeting(&self, doc: DocId) -> u64 {
        self.meetings
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(0)
    }
}

/// Finds every title block ([`DocType::is_title`]).
fn titles(doc_type: Field) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        DocType::ALL
            .into_iter()
            .filter(|t| t.is_title())
            .map(|t| {
                let term = Term::from_field_text(doc_type, t.as_str());
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect(),
    ))
}

/// Token counts up to this the index keeps exactly; above, rounded down.
const EXACT_NORMS: usize = 40;

/// The fewest and the most characters (as the bigram field counts them) of a block whose
/// bigram field holds `fieldnorm` tokens as the index keeps the count. The field has one
/// token per pair of neighbouring characters, one for a block of one character.
pub(super) fn chars_of(fieldnorm: u32) -> (usize, usize) {
    match fieldnorm as usize {
        0 => (0, 0),
        1 => (1, 2),
        n if n <= EXACT_NORMS => (n + 1, n + 1),
        n => (n + 1, usize::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::search::reduce::reduce;
    use crate::index::tokenizer::{BigramTokenizer, DEFAULT_JAPANESE, bigram_form};
    use tantivy::Index;
    use tantivy::schema::{STRING, Schema, TextFieldIndexing, TextOptions};
    use tantivy::tokenizer::TextAnalyzer;

    /// A one-segment index of (doc_type, text) blocks with the two fields the ceiling reads.
    fn index(blocks: &[(DocType, &str)]) -> (Index, Field, Field) {
        let mut b = Schema::builder();
        let doc_type = b.add_text_field("doc_type", STRING);
        let text = b.add_text_field(
            "text_bi",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("bi")
                    .set_index_option(IndexRecordOption::Basic),
            ),
        );
        let index = Index::create_in_ram(b.build());
        index
            .tokenizers()
            .register("bi", TextAnalyzer::from(BigramTokenizer));
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (t, body) in blocks {
            let mut d = tantivy::TantivyDocument::default();
            d.add_text(doc_type, t.as_str());
            d.add_text(text, body);
            w.add_document(d).unwrap();
        }
        w.commit().unwrap();
        (index, doc_type, text)
    }

    #[test]
    fn no_block_is_boosted_above_its_ceiling() {
        let long = "地域生活支援拠点の整備について、委員から意見があった。".repeat(4);
        let blocks = [
            (DocType::Agenda, "地域生活支援拠点の整備について"),
            (DocType::Agenda, "地域生活支援拠点"),
            (
                DocType::Material,
                "資料２　地域生活支援拠点の整備状況（令和７年度）",
            ),
            (DocType::Header, "令和７年度　第２回　自立支援協議会"),
            (DocType::Entry, "地域生活支援拠点について。"),
            (DocType::Entry, "拠点"),
            (DocType::Entry, "案"),
            (DocType::Entry, ""),
            (DocType::Entry, long.as_str()),
            (
                DocType::Section,
                "就労部会では企業見学会を行い、地域生活支援拠点も見学した。",
            ),
            (DocType::Entry, "（「異議なし」の声あり）"),
        ];
        let (index, doc_type, text_bi) = index(&blocks);
        let searcher = index.reader().unwrap().searcher();
        let ja = DEFAULT_JAPANESE.as_ref().unwrap();
        for query in [
            "地域生活支援拠点",
            "地域生活支援拠点の整備について",
            "拠点 整備",
            "異議",
        ] {
            let boost = Boost::new(query, &reduce(ja, query));
            let ceiling = Ceiling::new(&searcher, doc_type, text_bi, &boost).unwrap();
            let mut seg = ceiling.segment(0).unwrap();
            for (d, (t, text)) in blocks.iter().enumerate() {
                let most = seg.of(d as DocId) * boost.max_factor();
                let factor = boost.factor(*t, None, text);
                assert!(factor <= most, "{query} / {text}: {factor} > {most}");
            }
        }
        // The ceiling is tight where the index tells enough: a title too long to be the
        // query, a short entry, a long one.
        let query = "地域生活支援拠点";
        let boost = Boost::new(query, &reduce(ja, query));
        let ceiling = Ceiling::new(&searcher, doc_type, text_bi, &boost).unwrap();
        let mut seg = ceiling.segment(0).unwrap();
        let of: Vec<f32> = [0, 1, 4, 8].into_iter().map(|d| seg.of(d)).collect();
        assert_eq!(of, vec![0.25, 1.0, 13.0 / 24.0, 1.0]);
        // Asked again, the same.
        assert_eq!(seg.of(8), 1.0);
    }

    #[test]
    fn a_blocks_length_lies_within_what_its_token_count_tells() {
        let texts = [
            "",
            "案",
            "議題",
            "報告事項",
            "Ｌｉｂｅｒｏかまくらの相談件数",
            "令和７年度 第２回 自立支援協議会 次第",
            &"地域生活支援拠点の整備について、".repeat(9),
        ];
        let blocks: Vec<(DocType, &str)> = texts.iter().map(|t| (DocType::Entry, *t)).collect();
        let (index, _, text_bi) = index(&blocks);
        let searcher = index.reader().unwrap().searcher();
        let norms = searcher
            .segment_reader(0)
            .get_fieldnorms_reader(text_bi)
            .unwrap();
        for (d, t) in texts.iter().enumerate() {
            let chars = bigram_form(t).chars().count();
            let (fewest, most) = chars_of(norms.fieldnorm(d as DocId));
            assert!(
                fewest <= chars && chars <= most,
                "{t:?}: {chars} ∉ {fewest}..={most}"
            );
            // Exact where the index keeps the count exactly, but for one token (one or two
            // characters).
            if chars > 2 && chars <= EXACT_NORMS + 1 {
                assert_eq!((fewest, most), (chars, chars), "{t:?}");
            }
        }
    }
}
