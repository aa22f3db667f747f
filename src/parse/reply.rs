//! Questions paired with their answers: a post-pass over the parsed entries that sets each
//! answer's `reply_to` (see [`crate::record::Entry::reply_to`]).
//!
//! Entry kinds are the proceedings parser's; this pass only links them. Within one section, an
//! answer replies to the last question asked — in summary style the `○`/`Q.` or
//! `〔委員との質疑等〕` question before its `→`/`A.` answers, in verbatim style a member's question
//! turn before the officials' turns after it — and, where no question is open, to the opinion it
//! responds to (`〔委員からの主な意見等〕` … `→ 第２回で報告する`). A question stays open across
//! the chair's moderation and the officials' turns; a member's turn (another view, a report)
//! closes it, and a member's follow-up question opens a new one that replies to nothing.

use crate::record::{Entry, EntryKind, PersonGroup, Record, Role, Style};

/// Sets `reply_to` on every answer of a record's proceedings (and clears it elsewhere).
pub fn link(record: &mut Record) {
    let verbatim = record.meeting.style == Some(Style::Verbatim);
    let mut offset = 0;
    for section in &mut record.proceedings {
        let mut question: Option<usize> = None;
        let mut opinion: Option<usize> = None;
        for (i, e) in section.entries.iter_mut().enumerate() {
            let at = offset + i;
            e.reply_to = None;
            match e.kind {
                EntryKind::Question => {
                    question = Some(at);
                    opinion = None;
                }
                EntryKind::Answer => e.reply_to = question.or(opinion),
                EntryKind::Opinion => {
                    question = None;
                    opinion = Some(at);
                }
                EntryKind::Explanation => {
                    // In verbatim minutes the chair's and the officials' explanations are part
                    // of the exchange; a member's report, and in summaries any explanation
                    // block, starts something new.
                    if !verbatim || member_not_chair(e) {
                        question = None;
                        opinion = None;
                    }
                }
                EntryKind::Resolution => {
                    question = None;
                    opinion = None;
                }
                EntryKind::Note => {}
            }
        }
        offset += section.entries.len();
    }
}

/// True for a turn of a committee member who is not in the chair.
fn member_not_chair(e: &Entry) -> bool {
    if let Some(p) = &e.person {
        return p.group == PersonGroup::Member && p.role != Some(Role::Chair);
    }
    let label = e.speaker.as_deref().unwrap_or("");
    label.ends_with("委員") && !label.contains("事務局")
}

/// The entries of a record in document order, as `reply_to` counts them.
pub fn flat(record: &Record) -> Vec<&Entry> {
    record
        .proceedings
        .iter()
        .flat_map(|s| s.entries.iter())
        .collect()
}

/// The index in document order of entry `entry` of section `section`, if it exists.
pub fn flat_index(record: &Record, section: usize, entry: usize) -> Option<usize> {
    let s = record.proceedings.get(section)?;
    if entry >= s.entries.len() {
        return None;
    }
    Some(
        record.proceedings[..section]
            .iter()
            .map(|s| s.entries.len())
            .sum::<usize>()
            + entry,
    )
}

/// The place (section, entry) of the entry at index `at` in document order, if it exists: the
/// inverse of [`flat_index`].
pub fn place(record: &Record, at: usize) -> Option<(usize, usize)> {
    let mut before = 0;
    for (section, s) in record.proceedings.iter().enumerate() {
        if at < before + s.entries.len() {
            return Some((section, at - before));
        }
        before += s.entries.len();
    }
    None
}

/// The answers to entry `at` (indices in document order).
pub fn answers_to(record: &Record, at: usize) -> Vec<usize> {
    flat(record)
        .iter()
        .enumerate()
        .filter(|(_, e)| e.reply_to == Some(at))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Meeting, Section};

    fn entry(kind: EntryKind, speaker: Option<&str>) -> Entry {
        Entry {
            kind,
            speaker: speaker.map(str::to_string),
            text: "…".into(),
            line: 1,
            page: None,
            cue: None,
            reply_to: None,
            person: None,
        }
    }

    fn record(style: Style, sections: Vec<Vec<Entry>>) -> Record {
        let mut r: Record = serde_json::from_value(serde_json::json!({
            "schema_version": 1, "kind": "minutes",
            "source": {"path": "x", "sha256": "0", "format": "txt", "encoding": "UTF-8", "pages": null},
            "meeting": {}, "attendance": {"members": [], "secretariat": [], "observers": [], "printed_count": null},
            "agenda": [], "materials": [], "proceedings": [], "aliases": [], "facts": [],
            "header_notes": [], "title": null, "issuer": null, "issued": null, "sections": [],
            "organizations": [], "programmes": [], "warnings": []
        }))
        .unwrap();
        r.meeting = Meeting {
            style: Some(style),
            ..Meeting::default()
        };
        r.proceedings = sections
            .into_iter()
            .map(|entries| Section {
                agenda_ref: None,
                heading: None,
                entries,
            })
            .collect();
        link(&mut r);
        r
    }

    fn replies(r: &Record) -> Vec<Option<usize>> {
        flat(r).iter().map(|e| e.reply_to).collect()
    }

    use EntryKind::*;

    /// The pairs of invented minutes parsed whole: (question's text, answer's text).
    fn parsed_pairs(text: &str) -> Vec<(String, String)> {
        let doc = crate::ingest::Document::from_text(text);
        let r = crate::parse::parse_as(&doc, Some(crate::record::DocumentKind::Minutes));
        let flat = flat(&r);
        flat.iter()
            .filter_map(|e| {
                let q = flat.get(e.reply_to?)?;
                Some((q.text.clone(), e.text.clone()))
            })
            .collect()
    }

    const HEAD: &str = "令和6年度 第1回 みどり市障害者支援協議会 会議概要\n\
        日時 令和6年5月13日（月）午後2時から4時\n場所 みどり市役所 会議室\n\
        出席者 ◎山本、佐藤、鈴木\n事務局 障害福祉課 武藤\n";

    #[test]
    fn parsed_summary_styles_pair_their_questions_and_answers() {
        let marks = format!(
            "{HEAD}1 報告\n○ 相談の件数はどのくらいか。\n→ 昨年度は１２件であった。\n\
             ○ 来年度の予定はどうか。\n→ 同じ体制で続ける。\n⇒ 了承。\n"
        );
        assert_eq!(
            parsed_pairs(&marks),
            vec![
                (
                    "相談の件数はどのくらいか。".into(),
                    "昨年度は１２件であった。".into()
                ),
                ("来年度の予定はどうか。".into(), "同じ体制で続ける。".into()),
            ]
        );
        let qa = format!("{HEAD}1 報告\nQ. 研修は何回か。\nA. 年２回である。\n");
        assert_eq!(
            parsed_pairs(&qa),
            vec![("研修は何回か。".into(), "年２回である。".into())]
        );
    }

    #[test]
    fn parsed_verbatim_turns_pair_a_members_question_with_the_officials_answers() {
        let text = "令和6年度 第2回 みどり市障害者支援協議会 会議録\n\
            日時 令和6年9月9日（月）午後2時から4時\n場所 みどり市役所 会議室\n\
            出席委員 ◎山本、田中、鈴木\n事務局 障害福祉課 武藤\n議題 (1)相談の状況について\n\
            ○山本会長 議題（１）について、事務局から説明をお願いします。\n\
            ○事務局(武藤) 資料１をご覧ください。今年度の相談の状況を説明します。\n\
            ○山本会長 ご質問はありますか。\n\
            ○田中委員 相談の件数は、昨年度と比べてどうなっていますか。\n\
            ○事務局(武藤) 昨年度より２割ほど増えています。\n\
            ○鈴木委員 地域の事業所とも連携を進めてほしいと思います。\n";
        let doc = crate::ingest::Document::from_text(text);
        let r = crate::parse::parse_as(&doc, Some(crate::record::DocumentKind::Minutes));
        let flat = flat(&r);
        let q = flat
            .iter()
            .position(|e| e.text.starts_with("相談の件数は"))
            .unwrap();
        assert_eq!(flat[q].kind, Question);
        let a = flat
            .iter()
            .position(|e| e.text.starts_with("昨年度より"))
            .unwrap();
        assert_eq!(flat[a].reply_to, Some(q));
        assert_eq!(flat[a].person.as_ref().unwrap().name, "武藤");
        assert_eq!(flat[q].person.as_ref().unwrap().name, "田中");
        // The member's view after the answer answers nothing and is answered by nothing.
        assert!(flat.iter().skip(a + 1).all(|e| e.reply_to.is_none()));
    }

    #[test]
    fn summary_questions_then_answers_and_a_second_answer() {
        let r = record(
            Style::Summary,
            vec![vec![
                entry(Explanation, Some("事務局")),
                entry(Question, Some("委員")),
                entry(Answer, None),
                entry(Question, Some("委員")),
                entry(Answer, Some("会長")),
                entry(Answer, Some("会長")),
                entry(Resolution, None),
            ]],
        );
        assert_eq!(
            replies(&r),
            vec![None, None, Some(1), None, Some(3), Some(3), None]
        );
        assert_eq!(answers_to(&r, 3), vec![4, 5]);
    }

    #[test]
    fn an_answer_to_opinions_points_at_the_last_and_sections_do_not_leak() {
        let r = record(
            Style::Summary,
            vec![
                vec![entry(Question, Some("委員"))],
                vec![
                    entry(Opinion, Some("委員")),
                    entry(Opinion, Some("委員")),
                    entry(Answer, None),
                ],
                vec![entry(Answer, None)],
            ],
        );
        assert_eq!(replies(&r), vec![None, None, None, Some(2), None]);
        assert_eq!(flat_index(&r, 1, 2), Some(3));
        assert_eq!(flat_index(&r, 2, 1), None);
        assert_eq!(place(&r, 3), Some((1, 2)));
        assert_eq!(place(&r, 4), Some((2, 0)));
        assert_eq!(place(&r, 5), None);
        for at in 0..5 {
            let (section, entry) = place(&r, at).unwrap();
            assert_eq!(flat_index(&r, section, entry), Some(at));
        }
    }

    #[test]
    fn verbatim_answers_until_a_member_speaks_again() {
        let r = record(
            Style::Verbatim,
            vec![vec![
                entry(Question, Some("田中委員")),
                entry(Note, Some("山本会長")),
                entry(Answer, Some("事務局(武藤)")),
                entry(Explanation, Some("事務局(武藤)")),
                entry(Answer, Some("障害福祉課長")),
                // A follow-up by the same member is a new question.
                entry(Question, Some("田中委員")),
                entry(Answer, Some("事務局(武藤)")),
                entry(Explanation, Some("佐藤委員")),
                entry(Answer, Some("事務局(武藤)")),
            ]],
        );
        assert_eq!(
            replies(&r),
            vec![
                None,
                None,
                Some(0),
                None,
                Some(0),
                None,
                Some(5),
                None,
                None
            ]
        );
    }
}
