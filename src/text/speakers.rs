//! Speaker labels of verbatim minutes: `■事務局`, `○佐藤会長`, `◯議長（佐藤）`, `(事務局)`,
//! `(田中係長)定刻に…`, `事務局：…`, `佐藤委員：…`, `会長、…`, `【委員】`, a bare role on a line.

use std::sync::LazyLock;

use regex::Regex;

use super::fold_width;

/// A speaker turn's label and the speech printed on the same line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// The speaker as printed (`事務局`, `佐藤会長`, `議長（佐藤）`).
    pub speaker: String,
    /// The speech after the label on the same line (may be empty).
    pub rest: String,
    /// True when the label had a mark (■, ○, 【】, brackets) or a colon: a strong signal.
    pub marked: bool,
}

/// The speaker's part in the meeting, from the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerClass {
    /// 会長, 議長, 部会長, 座長, 委員長, 司会.
    Chair,
    /// A committee member.
    Member,
    /// 事務局 and officials.
    Secretariat,
    /// Anyone else.
    Other,
}

/// The chair's role words, `部会長` before the `会長` it ends with.
pub(crate) const CHAIR_ROLES: &[&str] = &["部会長", "会長", "議長", "座長", "委員長"];

/// The vice chair's role words.
pub(crate) const VICE_CHAIR_ROLES: &[&str] =
    &["副部会長", "副会長", "副議長", "副座長", "副委員長"];

/// The posts an official's label ends with (`田辺係長`, `障害福祉課長`), `課長補佐` before the
/// `課長` it begins with.
pub(crate) const POSTS: &[&str] = &[
    "センター長",
    "課長補佐",
    "課長",
    "係長",
    "部長",
    "主査",
    "主事",
    "室長",
    "所長",
    "次長",
    "局長",
    "担当",
    "職員",
    "相談員",
];

/// Who chairs a meeting: a chair, or the master of ceremonies (`司会`).
fn chairing() -> impl Iterator<Item = &'static str> {
    CHAIR_ROLES.iter().copied().chain(["司会"])
}

/// Who speaks for the administration: the secretariat, a post, an assistant or a coordinator.
fn official() -> impl Iterator<Item = &'static str> {
    ["事務局"]
        .into_iter()
        .chain(POSTS.iter().copied())
        .chain(["補佐", "コーディネーター"])
}

/// The role words a bare label ends with when speech follows it on the same line.
pub(crate) const ROLE_ENDINGS: &[&str] = &[
    "会長",
    "部会長",
    "委員長",
    "議長",
    "座長",
    "司会",
    "委員",
    "事務局",
    "課長",
    "係長",
    "部長",
    "室長",
    "所長",
    "次長",
    "局長",
];

/// Classifies a speaker label; `members` are the roster's names.
pub fn classify(speaker: &str, members: &[String]) -> SpeakerClass {
    let s = strip_parens(speaker);
    let head = s.as_str();
    if official().any(|w| head.starts_with(w)) || head.starts_with("事務局") {
        return SpeakerClass::Secretariat;
    }
    // A vice chair speaks as a member.
    if VICE_CHAIR_ROLES.iter().any(|w| head.ends_with(w)) {
        return SpeakerClass::Member;
    }
    if chairing().any(|w| head.ends_with(w) || head.starts_with(w)) && !head.ends_with("委員") {
        return SpeakerClass::Chair;
    }
    if head.ends_with("委員") || head == "委員" {
        return SpeakerClass::Member;
    }
    if official().any(|w| head.ends_with(w)) {
        return SpeakerClass::Secretariat;
    }
    if is_roster_name(head, members) {
        return SpeakerClass::Member;
    }
    SpeakerClass::Other
}

fn strip_parens(s: &str) -> String {
    static PARENS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[(（][^)）]*[)）]").unwrap());
    // Most labels have no parenthesis to strip.
    if !s.contains(['(', '（']) {
        return s.trim().to_string();
    }
    PARENS.replace_all(s, "").trim().to_string()
}

/// True when `label` reads as a speaker: a role word, a name with a role suffix, or a roster name.
pub fn plausible(label: &str, names: &[String]) -> bool {
    let n = label.chars().count();
    if n == 0 || n > 24 {
        return false;
    }
    if label.contains(['。', '、', '「', '」', '？', '?', '！']) {
        return false;
    }
    let core = strip_parens(label);
    if core.is_empty() {
        return false;
    }
    if core.chars().count() > 16 {
        return false;
    }
    let roles = chairing().chain(official()).chain([
        "委員",
        "副会長",
        "副部会長",
        "オブザーバー",
        "参考人",
        "説明員",
    ]);
    for r in roles {
        if core == r || core.ends_with(r) || core.starts_with("事務局") {
            return true;
        }
    }
    is_roster_name(&core, names)
}

/// True when `label` is a roster name, or the surname a full name in the roster begins with
/// (`中澤` for `中澤富之`).
fn is_roster_name(label: &str, names: &[String]) -> bool {
    names.iter().any(|m| {
        let m = m.replace(' ', "");
        !m.is_empty()
            && (label == m
                || (label.chars().count() >= 2
                    && m.chars().count() > label.chars().count()
                    && m.starts_with(label)))
    })
}

// The label patterns match the label and the separator after it; the speech is the rest of the
// line. (Capturing the rest with `(?P<rest>.*)$` made each match walk the whole line again.)

/// Example: `■上田部会長　それでは始めます。`, `■事務局`
static MARKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<mark>[■□●◆◇○◯〇])\s*(?P<spk>[^\s:：、。]{1,24}?(?:[(（][^)）]{1,16}[)）])?)(?:\s*[:：]\s*|\s+|$)").unwrap()
});

/// The marks that start a [`MARKED`] label.
const MARKS: [char; 8] = ['■', '□', '●', '◆', '◇', '○', '◯', '〇'];

/// Example: `(事務局)`, `（田中係長）定刻になりましたので…`, `【委員】`
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（【\[<＜〈](?P<spk>[^()（）【】\[\]<>＜＞〈〉]{1,20}(?:[(（][^()（）]{1,16}[)）])?)[)）】\]>＞〉]\s*[:：]?\s*").unwrap()
});

/// The brackets that open a [`BRACKETED`] label.
const OPENERS: [char; 7] = ['(', '（', '【', '[', '<', '＜', '〈'];

/// Example: `事務局（障害福祉課長）：本日は…`, `田村委員：…`
static COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<spk>[^\s:：。、「」]{1,20}?(?:[(（][^)）]{1,16}[)）])?)\s*[:：]\s*").unwrap()
});

/// Example: `会長、それでは議事に入ります。`
static COMMA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<spk>会長|副会長|部会長|議長|座長|委員長|事務局|司会)、").unwrap()
});

/// Example: `田中委員、計画の目標は…。` — in speech the same form addresses someone (`上田部会長、
/// ありがとうございました。`), so it is read only where the proceedings are summarised.
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<spk>[\p{Han}\p{Katakana}々ヶ--[各全他両諸本]]{0,4}(?:会長|部会長|議長|座長|委員長|委員|事務局|司会))、").unwrap()
});

/// A speaker written as the subject of a summarised point: `会長、【開会】`, `田中委員、…か。`.
pub(crate) fn subject_turn(folded: &str, names: &[String]) -> Option<Turn> {
    let (spk, rest) = label_match(&SUBJECT, folded)?;
    (plausible(spk, names) && !rest.trim().is_empty()).then(|| Turn {
        speaker: spk.to_string(),
        rest: rest.trim().to_string(),
        marked: false,
    })
}

/// The speaker and the speech after a label matched by `re`, if it matches.
fn label_match<'h>(re: &Regex, line: &'h str) -> Option<(&'h str, &'h str)> {
    let c = re.captures(line)?;
    let end = c.get(0).expect("the whole match").end();
    Some((c.name("spk").expect("a speaker").as_str(), &line[end..]))
}

/// Reads a speaker label at the start of `line`; `names` are roster names that may stand alone.
/// `line` is one line: it holds no line break.
pub fn turn(line: &str, names: &[String]) -> Option<Turn> {
    turn_folded(&fold_width(line.trim()), names)
}

/// [`turn`] for a trimmed line already in its [`fold_width`] form.
pub(crate) fn turn_folded(folded: &str, names: &[String]) -> Option<Turn> {
    let t = |spk: &str, rest: &str, marked: bool| Turn {
        speaker: spk.trim().to_string(),
        rest: rest.trim().to_string(),
        marked,
    };
    // Each pattern is tried only when the line has the character it needs.
    if folded.starts_with(MARKS)
        && let Some((spk, rest)) = label_match(&MARKED, folded)
        && plausible(spk, names)
    {
        return Some(t(spk, rest, true));
    }
    if folded.starts_with(OPENERS)
        && let Some((spk, rest)) = label_match(&BRACKETED, folded)
        && plausible(spk, names)
    {
        return Some(t(spk, rest, true));
    }
    if folded.contains([':', '：'])
        && let Some((spk, rest)) = label_match(&COLON, folded)
        && plausible(spk, names)
    {
        return Some(t(spk, rest, true));
    }
    if folded.contains('、')
        && let Some((spk, rest)) = label_match(&COMMA, folded)
        && plausible(spk, names)
    {
        return Some(t(spk, rest, false));
    }
    // A bare label alone on its line.
    if plausible(folded, names) && !folded.contains(' ') {
        return Some(t(folded, "", false));
    }
    // A role, or a name with its role, then a space and the speech: `会長 それでは始めます。`.
    if let Some((word, rest)) = folded.split_once([' ', '\t'])
        && ROLE_ENDINGS.iter().any(|r| word.ends_with(r))
        && word.chars().count() <= 12
        && plausible(word, names)
        && rest.trim().contains('。')
    {
        return Some(t(word, rest, false));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["佐藤".into(), "上田".into()]
    }

    #[test]
    fn label_forms() {
        let n = names();
        assert_eq!(turn("■事務局", &n).unwrap().speaker, "事務局");
        let tr = turn("■上田部会長　それでは始めます。", &n).unwrap();
        assert_eq!(
            (tr.speaker.as_str(), tr.rest.as_str()),
            ("上田部会長", "それでは始めます。")
        );
        assert_eq!(
            turn("○事務局(田中) 定刻です。", &n).unwrap().speaker,
            "事務局(田中)"
        );
        assert_eq!(turn("◯議長（佐藤）", &n).unwrap().speaker, "議長(佐藤)");
        let tr = turn("（田中係長）定刻になりましたので始めます。", &n).unwrap();
        assert_eq!(tr.speaker, "田中係長");
        let tr = turn("事務局（障害福祉課長）：本日はありがとうございます。", &n).unwrap();
        assert_eq!(tr.speaker, "事務局(障害福祉課長)");
        assert_eq!(
            turn("田村委員：質問です。", &n).unwrap().speaker,
            "田村委員"
        );
        assert_eq!(
            turn("会長、それでは議事に入ります。", &n).unwrap().speaker,
            "会長"
        );
        assert_eq!(turn("委員", &n).unwrap().speaker, "委員");
        let subject = |l: &str| subject_turn(l, &n).map(|t| t.speaker);
        assert_eq!(
            subject("上田委員、目標の根拠は何か。").as_deref(),
            Some("上田委員")
        );
        assert_eq!(subject("副会長、賛成である。").as_deref(), Some("副会長"));
        assert_eq!(subject("各委員、資料を御覧ください。"), None);
        assert_eq!(subject("それでは委員、お願いします。"), None);
        // In speech the form addresses someone: not a label there.
        assert!(turn("上田部会長、ありがとうございました。", &n).is_none());
        assert_eq!(turn("佐藤", &n).unwrap().speaker, "佐藤");
    }

    #[test]
    fn lines_that_are_not_labels() {
        let n = names();
        assert!(
            turn(
                "○本人の同意がとれないと会議にかけられないが、案件はあるか。",
                &n
            )
            .is_none()
        );
        assert!(turn("（「異議なし」の声あり）", &n).is_none());
        assert!(turn("（拍手）", &n).is_none());
        assert!(turn("日時：令和5年", &n).is_none());
        assert!(turn("地域部会：地域生活支援拠点に限定せず話していく。", &n).is_none());
    }

    #[test]
    fn classes() {
        let n = names();
        assert_eq!(classify("上田部会長", &n), SpeakerClass::Chair);
        assert_eq!(classify("事務局(田中)", &n), SpeakerClass::Secretariat);
        assert_eq!(classify("田村委員", &n), SpeakerClass::Member);
        assert_eq!(classify("佐藤", &n), SpeakerClass::Member);
        assert_eq!(classify("議長(佐藤)", &n), SpeakerClass::Chair);
    }
}
