//! The style of the proceedings, summary or verbatim, from their wording and their labels.

use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::CleanLine;
use crate::record::Style;
use crate::text::fold_width;
use crate::text::speakers::{self, SpeakerClass};

/// Detects the style of a proceedings part.
pub fn detect_style(lines: &[CleanLine], names: &[String]) -> Style {
    let folded: Vec<String> = lines.iter().map(|l| fold_width(&l.text)).collect();
    style_of(&folded, names)
}

/// [`detect_style`] from the lines in their [`fold_width`] form.
pub(super) fn style_of(folded: &[String], names: &[String]) -> Style {
    let mut summary = 0;
    let mut verbatim = 0;
    // Turns whose marked label and words share a line (`(和田委員)15番の事例だが、…`): a record
    // of speech however plainly it is worded.
    let mut marked_inline = 0;
    for f in folded {
        if f.starts_with(['《', '〔', '⇒', '・']) {
            summary += 1;
        } else if let Some(t) = speakers::turn_folded(f.trim(), names) {
            // `会長、…`: the speaker written as the subject of a summarised point, the form of
            // the standard 会議要旨 layouts, not a record of speech.
            let as_subject = !t.marked
                && f.trim()
                    .strip_prefix(t.speaker.as_str())
                    .is_some_and(|r| r.starts_with('、'));
            if as_subject {
                summary += 1;
            } else if t.marked
                || t.rest.is_empty()
                || speakers::classify(&t.speaker, names) != SpeakerClass::Other
            {
                verbatim += 1;
                if t.marked && !t.rest.is_empty() {
                    marked_inline += 1;
                }
            }
        }
    }
    // Verbatim minutes record speech, whose sentences end politely (`…ます。`, `…です。`);
    // summaries, even with speakers' names before their points, end plainly (`…である。`,
    // `…した。`, `…のか。`), or narrate in the past (`…説明がありました。`).
    let (mut polite, mut plain, mut spoken) = (0usize, 0usize, 0usize);
    for f in folded {
        for sentence in f.split_inclusive('。') {
            let Some(body) = sentence.trim().strip_suffix('。') else {
                continue;
            };
            let body = body.trim_end_matches(['」', ')', '）']);
            if body.chars().count() < 6 {
                continue;
            }
            if POLITE_END.is_match(body) {
                polite += 1;
                if !body.ends_with("ました") && !body.ends_with("でした") {
                    spoken += 1;
                }
            } else {
                plain += 1;
            }
        }
    }
    let sentences = polite + plain;
    if verbatim > summary {
        // Labels of speakers, but plainly worded points under them: a summary — unless the
        // labels share their lines with the words, which only a record of speech does.
        if marked_inline < 3 && sentences >= 3 && polite * 10 < sentences * 3 {
            Style::Summary
        } else {
            Style::Verbatim
        }
    } else if spoken >= 3 && spoken * 10 >= sentences * 7 {
        // Few or no labels, but the words are speech (`…開催いたします。…と申します。`).
        Style::Verbatim
    } else {
        Style::Summary
    }
}

/// The polite endings of spoken sentences.
pub(super) static POLITE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:ます|です|ました|でした|ません|ましょう|ございます|ください|下さい|ですね|ますね|ですか|ますか|でしょうか|でしょう|まして|ますが|ですが|ません|お願いします)$")
        .unwrap()
});

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn style_from_the_wording_and_the_labels() {
        // Plain endings under labels on their own lines: a summary.
        let summary = clines(&[
            "委員",
            "計画書は色刷りにするのか。分かるようにしてほしい。",
            "事務局",
            "色刷りの費用を検討する。印刷の部数も確認する。",
        ]);
        assert_eq!(detect_style(&summary, &[]), Style::Summary);
        // Plain endings, but each turn's label on the line of its words: speech as recorded.
        let verbatim = clines(&[
            "(山田会長)事例の多さに驚いている。意見をお願いしたい。",
            "(川上委員)バスの件だが、よくある話だと思う。",
            "(森委員)補助金が出ている。市も出している。",
        ]);
        assert_eq!(detect_style(&verbatim, &[]), Style::Verbatim);
        // One label and a stage note, but the words are spoken: speech as recorded.
        let spoken = clines(&[
            "(事務局)",
            "定刻になりましたので、ただ今から部会を開催いたします。司会の山本と申します。",
            "《配布資料の確認》",
            "本日の欠席は森委員と川上委員です。よろしくお願いいたします。",
        ]);
        assert_eq!(detect_style(&spoken, &[]), Style::Verbatim);
        // Narrated in the past, politely: still a summary.
        let narrated = clines(&[
            "《議題1》",
            "事務局から資料1の説明がありました。委員から質問がありました。",
            "計画の案を承認しました。",
        ]);
        assert_eq!(detect_style(&narrated, &[]), Style::Summary);
        // `会長、…`: the speaker as the subject of a summarised point.
        let subject = clines(&[
            "事務局、【開会】【資料確認】",
            "会長、【会長あいさつ】",
            "事務局、議題(1)について説明",
        ]);
        assert_eq!(detect_style(&subject, &[]), Style::Summary);
    }
}
