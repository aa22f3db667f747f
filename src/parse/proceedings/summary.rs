//! Summary-style proceedings: blocks opened by cues (`《事務局より》`, `〔委員からの主な意見等〕`) and
//! section labels, bullets as entries, `○` questions, `→` answers and `⇒` resolutions.

use std::sync::LazyLock;

use regex::Regex;

use super::builder::Builder;
use super::is_end;
use super::kinds::{
    EXPLAINED, NARRATED_RESOLUTION, ONLY_BRACKETS, PROCEDURAL, QUESTION, RESOLUTION_WORDS,
    STAGE_NOTE, VIEW, stage_kind,
};
use crate::normalize::CleanLine;
use crate::parse::agenda;
use crate::record::EntryKind;
use crate::text::speakers::{self, SpeakerClass};
use crate::text::{fold_width, heal_join};

/// Parses summary-style proceedings; `folded_lines` holds the lines in their [`fold_width`] form.
pub(super) fn summary(lines: &[CleanLine], folded_lines: &[String], b: &mut Builder) {
    let mut mode = Mode::None;
    let mut speaker: Option<String> = None;
    let mut block_kind = EntryKind::Explanation;
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        // Folding keeps white space white space, so this is `fold_width(text)`.
        let folded = folded_lines[i].trim();
        if i + 1 == lines.len() && is_end(text) {
            continue;
        }
        // `Q 研修の参加者は何名か。` / `A 24名である。`: Latin question and answer marks.
        let qa_mark = {
            let mut cs = folded.chars();
            match (cs.next(), cs.next()) {
                (Some(c @ ('Q' | 'A')), Some(n))
                    if n.is_whitespace() || matches!(n, '.' | ':' | '、' | '．' | '：') =>
                {
                    Some(c)
                }
                _ => None,
            }
        };
        let marker = match qa_mark {
            Some('Q') => '○',
            Some(_) => '→',
            None => folded.chars().next().unwrap_or(' '),
        };
        let has_marker = matches!(
            marker,
            '・' | '《' | '〔' | '⇒' | '→' | '○' | '〇' | '◯' | '＊' | '*' | '※' | '【' | '●'
        ) || agenda::numbered_folded(text, folded).is_some();
        if !has_marker && b.continue_heading(text) {
            continue;
        }
        b.pending_heading = None;
        if b.heading(text, folded) {
            mode = Mode::None;
            speaker = None;
            block_kind = EntryKind::Explanation;
            continue;
        }
        // A speaker's label alone on its line: `(関口委員)`, `委員`, `事務局`, `中澤` — the
        // paragraphs after it are theirs.
        if mode_label(folded).is_none()
            && !folded.starts_with(['《', '〔'])
            && let Some(t) = speakers::turn_folded(folded, b.names)
            && t.rest.is_empty()
        {
            speaker = Some(t.speaker);
            block_kind = EntryKind::Explanation;
            b.open = false;
            continue;
        }
        // `会長、【会議公開の承認】`, `事務局、議題(1)について説明`: the speaker as the subject
        // of the point on the same line.
        if mode_label(folded).is_none()
            && let Some(t) = speakers::subject_turn(folded, b.names)
        {
            let rest = fold_width(&t.rest);
            let kind = match stage_kind(&rest) {
                Some(k)
                    if ONLY_BRACKETS.is_match(rest.trim()) || EXPLAINED.is_match(rest.trim()) =>
                {
                    k
                }
                _ => labelled_kind(&t.speaker, &rest, b),
            };
            let class = speakers::classify(&t.speaker, b.names);
            b.push(kind, Some(t.speaker.clone()), &t.rest, line);
            if matches!(class, SpeakerClass::Chair | SpeakerClass::Secretariat) {
                b.announced(&t.rest);
                b.staged(&t.rest);
            }
            speaker = Some(t.speaker);
            block_kind = EntryKind::Explanation;
            continue;
        }
        if let Some(m) = mode_label(folded) {
            mode = m;
            speaker = None;
            b.open = false;
            b.pending_cue = Some(text.to_string());
            continue;
        }
        if marker == '《' {
            let (inner, rest) = match folded.find('》') {
                Some(j) => (
                    &folded['《'.len_utf8()..j],
                    folded[j + '》'.len_utf8()..].trim(),
                ),
                None => (&folded['《'.len_utf8()..], ""),
            };
            speaker = Some(block_speaker(inner));
            let printed_inner_end = text
                .find('》')
                .map(|j| j + '》'.len_utf8())
                .unwrap_or(text.len());
            b.pending_cue = Some(text[..printed_inner_end].to_string());
            block_kind = if mode == Mode::None {
                EntryKind::Explanation
            } else {
                EntryKind::Answer
            };
            b.open = false;
            if !rest.is_empty() {
                let rest = rest.trim_start_matches('・').to_string();
                b.push(block_kind, speaker.clone(), &rest, line);
            }
            continue;
        }
        let body = |t: &str| -> String {
            let mut cs = t.chars();
            cs.next();
            cs.as_str()
                .trim_start_matches(['.', ':', '、', '．', '：'])
                .trim()
                .to_string()
        };
        match marker {
            '⇒' => b.push(EntryKind::Resolution, None, &body(text), line),
            '→' => {
                let rest = body(text);
                if RESOLUTION_WORDS.is_match(&rest) {
                    b.push(EntryKind::Resolution, None, &rest, line);
                } else {
                    // A plain bullet just before an answer was a question.
                    if let Some(prev) = b.last_entry()
                        && matches!(
                            prev.kind,
                            EntryKind::Explanation | EntryKind::Note | EntryKind::Opinion
                        )
                        && QUESTION.is_match(&prev.text)
                    {
                        prev.kind = EntryKind::Question;
                        if prev.speaker.is_none() {
                            prev.speaker = Some("委員".into());
                        }
                    }
                    b.push(EntryKind::Answer, None, &rest, line);
                }
            }
            '○' | '〇' | '◯' => {
                speaker = None;
                b.push(EntryKind::Question, Some("委員".into()), &body(text), line);
            }
            '＊' | '*' | '※' => b.push(EntryKind::Note, None, &body(text), line),
            '・' | '●' => {
                let t = body(text);
                let (kind, spk) = match (&speaker, mode) {
                    (Some(s), _) => (block_kind, Some(s.clone())),
                    (None, Mode::Opinion) => (EntryKind::Opinion, Some("委員".to_string())),
                    (None, Mode::Qa) => {
                        if QUESTION.is_match(&t) {
                            (EntryKind::Question, Some("委員".to_string()))
                        } else {
                            (EntryKind::Answer, None)
                        }
                    }
                    (None, Mode::None) => (
                        EntryKind::Explanation,
                        BULLET_SPEAKER
                            .captures(&fold_width(&t))
                            .map(|c| c["s"].to_string()),
                    ),
                };
                b.push(kind, spk, &t, line);
            }
            _ if STAGE_NOTE.is_match(folded) => {
                b.push(EntryKind::Note, None, text, line);
                b.staged(text);
            }
            _ if !has_marker && b.last_entry().is_some() => {
                let e = b.last_entry().unwrap();
                heal_join(&mut e.text, text);
                // `前回の会議録の確認。` / `承認される。`: the decision closes the point.
                if NARRATED_RESOLUTION.is_match(folded) && e.kind != EntryKind::Question {
                    e.kind = EntryKind::Resolution;
                }
            }
            _ => {
                // Text with no marker and nothing to continue: a paragraph of its own.
                let kind = if RESOLUTION_WORDS.is_match(folded) {
                    EntryKind::Resolution
                } else if let Some(s) = speaker
                    .as_deref()
                    .filter(|_| block_kind == EntryKind::Explanation)
                {
                    labelled_kind(s, folded, b)
                } else if speaker.is_some() {
                    block_kind
                } else if folded.chars().count() <= 40
                    && (PROCEDURAL.is_match(folded) || folded.contains("次のとおり"))
                {
                    // `開催に先立ち、会議の成立について報告。`, `質疑等は次のとおり。`
                    EntryKind::Note
                } else if mode == Mode::Opinion {
                    EntryKind::Opinion
                } else {
                    EntryKind::Explanation
                };
                let spk = speaker
                    .clone()
                    .or_else(|| (mode == Mode::Opinion).then(|| "委員".into()));
                b.push(kind, spk, text, line);
            }
        }
    }
}

/// Who is named at the start of a bullet: `事務局から、出席者の確認を行った。`
pub(super) static BULLET_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<s>事務局|会長|副会長|部会長|議長|座長|委員長|[^、。]{1,12}?(?:部会長|委員|課長|センター))(?:から|より)")
        .unwrap()
});

/// `《部会長から資料と合わせ活動概要を説明》` → `部会長`; `《相談支援部会:佐藤委員》` → `佐藤委員`.
pub(super) fn block_speaker(inner: &str) -> String {
    let inner = inner.trim();
    if let Some((_, after)) = inner.split_once([':', '：']) {
        return after.trim().to_string();
    }
    for sep in ["から", "より"] {
        if let Some(i) = inner.find(sep) {
            return inner[..i].trim().to_string();
        }
    }
    inner.trim_end_matches("説明").trim().to_string()
}

/// The section-label modes of summary style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    None,
    Opinion,
    Qa,
}

/// Section label lines: `〔委員からの主な意見等〕`, `【質疑応答】`, `(質疑)`.
pub(super) fn mode_label(folded: &str) -> Option<Mode> {
    let t = folded.trim();
    let inner = t
        .strip_prefix(['〔', '【', '[', '(', '<', '〈', '［'])?
        .strip_suffix(['〕', '】', ']', ')', '>', '〉', '］'])?;
    if inner.chars().count() > 20 {
        return None;
    }
    if inner.contains("質疑") || inner.contains("質問") || inner.contains("Q&A") {
        Some(Mode::Qa)
    } else if inner.contains("意見") {
        Some(Mode::Opinion)
    } else {
        None
    }
}

/// The kind of a summarised point under a speaker's label: a member's question or view, the
/// officials' answer to a question just asked, or an explanation.
pub(super) fn labelled_kind(speaker: &str, folded: &str, b: &Builder) -> EntryKind {
    let asked = b
        .sections
        .last()
        .and_then(|sec| sec.entries.last())
        .is_some_and(|e| e.kind == EntryKind::Question);
    match speakers::classify(speaker, b.names) {
        SpeakerClass::Member if QUESTION.is_match(folded) => EntryKind::Question,
        SpeakerClass::Member if VIEW.is_match(folded) => EntryKind::Opinion,
        SpeakerClass::Secretariat | SpeakerClass::Other if asked => EntryKind::Answer,
        _ => EntryKind::Explanation,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn speaker_as_subject_and_stage_notes_that_open_items() {
        let ag = agenda(&["1 開会", "2 議題", "(1)計画の進捗について", "3 閉会"]);
        let p = parse(
            &clines(&[
                "事務局、【開会】【出席確認】",
                "会長、【会長あいさつ】【会議録署名人の承認】",
                "事務局、議題(1)計画の進捗について【資料1について事務局説明】",
                "委員、数値目標はどのように決めたのか。",
                "事務局、前年度の実績から見込んだ。",
                "事務局、【閉会】",
            ]),
            &ag,
            &[],
        );
        assert_eq!(p.style, Style::Summary);
        let got: Vec<(Option<&str>, EntryKind, Option<&str>)> = p
            .sections
            .iter()
            .flat_map(|s| {
                s.entries
                    .iter()
                    .map(|e| (s.agenda_ref.as_deref(), e.kind, e.speaker.as_deref()))
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some("1."), EntryKind::Note, Some("事務局")),
                (Some("1."), EntryKind::Resolution, Some("会長")),
                (Some("2.(1)"), EntryKind::Explanation, Some("事務局")),
                (Some("2.(1)"), EntryKind::Question, Some("委員")),
                (Some("2.(1)"), EntryKind::Answer, Some("事務局")),
                (Some("3."), EntryKind::Note, Some("事務局")),
            ]
        );
    }

    #[test]
    fn summary_blocks_modes_and_skipped_level() {
        let ag = agenda(&[
            "1.開会",
            "2.報告",
            "(1)活動状況について",
            "3.検討事項",
            "(1)協議事項",
            "(2)体制について",
        ]);
        let p = parse(
            &clines(&[
                "1.開会",
                "・事務局から、資料の確認を行った。",
                "2.報告",
                "(1)活動状況につい",
                "て",
                "《事務局より説明》",
                "・部会を３回開催し",
                "た。",
                "〔委員からの主な意見等〕",
                "・良い取組だ。",
                "〔委員との質疑等〕",
                "○相談は何件あるか。",
                "《会長より》",
                "・現在は２件である。",
                "⇒了承。",
                "(2)体制について",
                "・説明した。",
                "以上",
            ]),
            &ag,
            &[],
        );
        assert_eq!(p.style, Style::Summary);
        let refs: Vec<Option<&str>> = p.sections.iter().map(|s| s.agenda_ref.as_deref()).collect();
        assert_eq!(refs, [Some("1."), Some("2."), Some("2.(1)"), Some("3.(2)")]);
        assert_eq!(
            p.sections[2].heading.as_deref(),
            Some("(1)活動状況について")
        );
        let e: Vec<(EntryKind, Option<&str>, &str)> = p.sections[2]
            .entries
            .iter()
            .map(|e| (e.kind, e.speaker.as_deref(), e.text.as_str()))
            .collect();
        assert_eq!(
            e,
            [
                (
                    EntryKind::Explanation,
                    Some("事務局"),
                    "部会を３回開催した。"
                ),
                (EntryKind::Opinion, Some("委員"), "良い取組だ。"),
                (EntryKind::Question, Some("委員"), "相談は何件あるか。"),
                (EntryKind::Answer, Some("会長"), "現在は２件である。"),
                (EntryKind::Resolution, None, "了承。"),
            ]
        );
        assert_eq!(p.sections[0].entries[0].speaker.as_deref(), Some("事務局"));
    }

    #[test]
    fn bullet_before_an_arrow_is_a_question() {
        let p = parse(
            &clines(&[
                "4.その他",
                "・傍聴はあるのか。",
                "→検討したい。",
                "・以上について説明した。",
            ]),
            &agenda(&["4.その他"]),
            &[],
        );
        let kinds: Vec<EntryKind> = p.sections[0].entries.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EntryKind::Question,
                EntryKind::Answer,
                EntryKind::Explanation
            ]
        );
    }

    #[test]
    fn latin_q_and_a_marks() {
        let p = parse(
            &clines(&[
                "【質疑応答】",
                "Q 研修の参加者は何名か。",
                "A 24名である。",
                "→承認",
            ]),
            &[],
            &[],
        );
        let e: Vec<(EntryKind, &str)> = p.sections[0]
            .entries
            .iter()
            .map(|e| (e.kind, e.text.as_str()))
            .collect();
        assert_eq!(
            e,
            [
                (EntryKind::Question, "研修の参加者は何名か。"),
                (EntryKind::Answer, "24名である。"),
                (EntryKind::Resolution, "承認"),
            ]
        );
    }

    #[test]
    fn the_announcing_line_opens_the_next_item() {
        let p = parse(
            &clines(&[
                "◯議長（佐藤）　議題(1)について説明をお願いします。",
                "◯事務局（中村）　資料1をご覧ください。",
                "◯議長（佐藤）　それでは、議題(1)は承認とさせていただきます。",
                "　次に議題(2)について説明をお願いします。",
            ]),
            &agenda(&["(1) 実績について", "(2) 計画について"]),
            &[],
        );
        let refs: Vec<(Option<&str>, usize)> = p
            .sections
            .iter()
            .map(|s| (s.agenda_ref.as_deref(), s.entries.len()))
            .collect();
        assert_eq!(refs, [(Some("(1)"), 3), (Some("(2)"), 1)]);
        assert_eq!(p.sections[0].entries[2].kind, EntryKind::Resolution);
    }
}
