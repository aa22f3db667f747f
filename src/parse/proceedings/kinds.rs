//! What an entry is from its words: questions, answers, views, procedural remarks, reports,
//! rulings and resolutions, and the bracketed stage notes (`（拍手）`, `【了承】`).

use std::sync::LazyLock;

use regex::Regex;

use crate::record::EntryKind;

/// A resolution in summary style: `⇒了承。`, `→承認`, `承認される。`
pub(super) static RESOLUTION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:了承|承認|異議なく承認|原案(?:の)?とおり|事務局案(?:の)?とおり)").unwrap()
});

/// A chair's ruling in verbatim style: `それでは、承認とさせていただきます。`
pub(super) static RULING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:承認|了承|決定)(?:と|を|されました|いたします|します|させて|することと)|(?:原案|事務局案)のとおり(?:決定|承認)")
        .unwrap()
});

/// A question: ends with か。, ？, でしょうか.
pub(super) static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[？?]|(?:か|でしょうか|ますか|ですか|のか)[。\s]*$|(?:か|でしょうか|ますか|ですか)。|(?:教えて|お聞かせ)(?:ください|いただきたい|ほしい)|(?:お聞き|お伺い|伺い|確認)したい",
    )
    .unwrap()
});

/// The business of opening a meeting and keeping it going, not its matter: quorum, roll call,
/// materials check, greetings and self-introductions, recording, microphones, interpreters,
/// handing over the chair. Example: `定足数を満たしております`, `資料の確認をさせていただきます`
pub(super) static PROCEDURAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"定刻|開会|閉会|開催(?:いた)?します|開催させて|始めさせて|定足数|成立|過半数|資料(?:の|を)?(?:ご|御)?確認|お手元|配付資料|配布資料|出席(?:者|状況|委員)|欠席|遅参|遅れ|(?:ご|御)?挨拶|あいさつ|申します|と申し|でございます。|ありがとうございます|よろしくお願い|録音|録画|レコーディング|マイク|手話通訳|進行を|司会|傍聴|ミュート|公開|委嘱|着座|(?:ご|御)参集|(?:ご|御)出席|お集まり|務めさせて|やらせていただ|最後|回目|自己紹介",
    )
    .unwrap()
});

/// A speaker's own view: `…だと思う`, `…と考えます`, `…してほしい`; not the chair's polite
/// `お願いしたいと思います`.
pub(super) static VIEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[^た]と|のでは)思(?:う|い|っ)|思いがあ|思いもあ|と考え(?:る|ます|てい)|と感じ|べきだ|べきで|ではないか|してほしい|してもらいたい|要望|賛成|反対")
        .unwrap()
});

/// True when a turn gives a view of its own, not only the polite `…したいと思います` of an
/// intention.
pub(super) fn holds_view(text: &str) -> bool {
    let t = text
        .replace("たいと思います", "たい")
        .replace("たいと思う", "たい")
        .replace("たいと思っております", "たい");
    VIEW.is_match(&t)
}

/// A chair's turn that only moves the meeting on: `ご意見をお願いします`, `次に議題(2)に移ります`.
pub(super) static MODERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"お願い(?:します|いたします|したい)|進めて|移ります|移りたい|次に|続いて|続きまして|ほかに|他に|いかがでしょうか")
        .unwrap()
});

/// A turn that reports an explanation given rather than quoting it: `資料1について説明`,
/// `【会議資料1、2について事務局説明】`.
pub(super) static EXPLAINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:説明|報告)(?:を行った|した|を受けた)?[)）】\]]?[。]?$").unwrap()
});

/// A turn that presents a report or materials: `資料1をご覧ください`, `ご報告いたします`.
pub(super) static REPORTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"資料\s*[0-9０-９-]*\s*(?:を|に沿って)?ご覧|(?:ご|御)?報告(?:いた|させていただ|申し上げ)|(?:ご|御)?説明(?:いた|させていただ|申し上げ)")
        .unwrap()
});

/// A turn made only of bracketed stage notes: `【開会】【資料確認】`, `(配布資料の確認)`.
pub(super) static ONLY_BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[【\[［(（〔][^】\]］)）〕]*[】\]］)）〕]\s*)+$").unwrap());

/// A decision reported in the third person: `承認される。`, `了承された。`, `異議なく承認`.
pub(super) static NARRATED_RESOLUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:承認|了承|可決|決定)(?:される|された|されました|となった|とする)|異議なく|原案(?:の)?とおり(?:承認|決定|了承)").unwrap()
});

/// A stage note that is not speech: `（「異議なし」の声あり）`, `（拍手）`, `［資料説明］`.
pub(super) static STAGE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[(（][^()（）]*[)）]|[\[［〔【][^\]］〕】]*[\]］〕】])$").unwrap()
});

/// The kind a turn that is only a stage direction or a summary of what was done has:
/// `(配布資料の確認)` a note, `資料1について説明` an explanation, `【会議公開の承認】` a
/// resolution.
pub(super) fn stage_kind(folded: &str) -> Option<EntryKind> {
    let t = folded.trim();
    if RULING.is_match(t) || t.contains("承認】") || t.contains("承認)") || t.ends_with("承認")
    {
        return Some(EntryKind::Resolution);
    }
    if EXPLAINED.is_match(t) {
        return Some(EntryKind::Explanation);
    }
    if STAGE_NOTE.is_match(t) || t.starts_with(['【', '(', '（']) {
        return Some(EntryKind::Note);
    }
    None
}
