//! The proceedings: sections matched to agenda items by number and title in document order, and
//! entries by kind and speaker, for both summary style (`《事務局より》`, `〔委員からの主な意見等〕`,
//! `○` questions, `→` answers, `⇒` resolutions) and verbatim style (one turn per speaker label).

use std::sync::LazyLock;

use regex::Regex;

use super::agenda::{self, NumStyle, Numbered};
use crate::normalize::CleanLine;
use crate::record::{AgendaItem, AgendaWalk, Entry, EntryKind, Section, Style};
use crate::text::similarity::Bigrams;
use crate::text::speakers::{self, SpeakerClass};
use crate::text::{compact, fold_width, heal_join};

/// The result of parsing the proceedings.
#[derive(Debug, Clone)]
pub struct Proceedings {
    /// The style detected.
    pub style: Style,
    /// The sections.
    pub sections: Vec<Section>,
}

/// Agenda items in document order, for matching headings.
struct AgendaIndex {
    items: Vec<(String, String, String)>, // path, last key, compact title
    /// The bigrams of each item's compact title, computed once.
    item_bigrams: Vec<Bigrams>,
    cursor: usize,
    stack: Vec<NumStyle>,
    keys: Vec<String>,
}

/// Alias definitions and material references do not belong to a title when comparing.
static TITLE_NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]\s*以下[^)）]*[)）]|[(（【][^)）】]*資料[^)）】]*[)）】]|[(（]仮[)）]")
        .unwrap()
});

fn title_key(s: &str) -> String {
    compact(&TITLE_NOISE.replace_all(&fold_width(s), ""))
}

impl AgendaIndex {
    fn new(agenda: &[AgendaItem]) -> AgendaIndex {
        let items: Vec<(String, String, String)> = AgendaWalk::new(agenda)
            .map(|(_, it)| {
                let last = if it.number.is_some() {
                    agenda::numbered(&format!("{} x", it.number.as_deref().unwrap_or("")))
                        .map(|n| n.key)
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                (it.path.clone(), last, title_key(&it.title))
            })
            .collect();
        AgendaIndex {
            item_bigrams: items.iter().map(|(_, _, t)| Bigrams::of(t)).collect(),
            items,
            cursor: 0,
            stack: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Finds the agenda item a numbered line heads; returns its index.
    fn find(&self, n: &Numbered) -> Option<usize> {
        let title = title_key(&n.rest);
        let title_bigrams = Bigrams::of(&title);
        let fits = |i: usize, need_key: bool| {
            let (_, key, t) = &self.items[i];
            let key_ok = *key == n.key;
            if need_key && !key_ok {
                return false;
            }
            if title.is_empty() {
                return key_ok;
            }
            let sim = title_bigrams.similarity(&self.item_bigrams[i]);
            let prefix = title.chars().count() >= 2 && t.starts_with(&title);
            if key_ok {
                sim >= 0.5 || prefix || (t.chars().count() >= 2 && title.contains(t.as_str()))
            } else {
                sim >= 0.85 || (title == *t && !t.is_empty())
            }
        };
        let order: Vec<usize> = (self.cursor..self.items.len())
            .chain(0..self.cursor)
            .collect();
        order
            .iter()
            .copied()
            .find(|&i| fits(i, true))
            .or_else(|| order.iter().copied().find(|&i| fits(i, false)))
    }

    /// When there is no agenda, numbered headings build their own paths.
    fn path_without_agenda(&mut self, n: &Numbered) -> String {
        match self.stack.iter().position(|&s| s == n.style) {
            Some(d) => {
                self.stack.truncate(d + 1);
                self.keys.truncate(d);
            }
            None => self.stack.push(n.style),
        }
        self.keys.push(n.key.clone());
        self.keys.concat()
    }
}

/// An agenda item announced in speech: `議題（２）「…」です`, `次第の3`, `議事(1)`.
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:議題|議事|次第の?|案件)\s*(?:[(]\s*(?P<p>\d{1,2})\s*[)]|(?P<d>\d{1,2})(?:\s*[.、]|\s*番?目?の|\s|について|に|を|は))").unwrap()
});

/// The item number a [`MENTION`] names.
fn mentioned(caps: &regex::Captures) -> Option<u32> {
    caps.name("p").or(caps.name("d"))?.as_str().parse().ok()
}

/// True when an item's own number is `n`, however it is printed: `議題(2)` names the item
/// printed `2.` as well as `(2)`.
fn keyed(key: &str, n: u32) -> bool {
    key == format!("({n})") || key == format!("{n}.")
}

/// A resolution in summary style: `⇒了承。`, `→承認`, `承認される。`
static RESOLUTION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:了承|承認|異議なく承認|原案(?:の)?とおり|事務局案(?:の)?とおり)").unwrap()
});

/// A chair's ruling in verbatim style: `それでは、承認とさせていただきます。`
static RULING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:承認|了承|決定)(?:と|を|されました|いたします|します|させて|することと)|(?:原案|事務局案)のとおり(?:決定|承認)")
        .unwrap()
});

/// A question: ends with か。, ？, でしょうか.
static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[？?]|(?:か|でしょうか|ますか|ですか|のか)[。\s]*$|(?:か|でしょうか|ますか|ですか)。|(?:教えて|お聞かせ)(?:ください|いただきたい|ほしい)|(?:お聞き|お伺い|伺い|確認)したい",
    )
    .unwrap()
});

/// The business of opening a meeting and keeping it going, not its matter: quorum, roll call,
/// materials check, greetings and self-introductions, recording, microphones, interpreters,
/// handing over the chair. Example: `定足数を満たしております`, `資料の確認をさせていただきます`
static PROCEDURAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"定刻|開会|閉会|開催(?:いた)?します|開催させて|始めさせて|定足数|成立|過半数|資料(?:の|を)?(?:ご|御)?確認|お手元|配付資料|配布資料|出席(?:者|状況|委員)|欠席|遅参|遅れ|(?:ご|御)?挨拶|あいさつ|申します|と申し|でございます。|ありがとうございます|よろしくお願い|録音|録画|レコーディング|マイク|手話通訳|進行を|司会|傍聴|ミュート|公開|委嘱|着座|(?:ご|御)参集|(?:ご|御)出席|お集まり|務めさせて|やらせていただ|最後|回目|自己紹介",
    )
    .unwrap()
});

/// A speaker's own view: `…だと思う`, `…と考えます`, `…してほしい`; not the chair's polite
/// `お願いしたいと思います`.
static VIEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[^た]と|のでは)思(?:う|い|っ)|思いがあ|思いもあ|と考え(?:る|ます|てい)|と感じ|べきだ|べきで|ではないか|してほしい|してもらいたい|要望|賛成|反対")
        .unwrap()
});

/// True when a turn gives a view of its own, not only the polite `…したいと思います` of an
/// intention.
fn holds_view(text: &str) -> bool {
    let t = text
        .replace("たいと思います", "たい")
        .replace("たいと思う", "たい")
        .replace("たいと思っております", "たい");
    VIEW.is_match(&t)
}

/// A chair's turn that only moves the meeting on: `ご意見をお願いします`, `次に議題(2)に移ります`.
static MODERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"お願い(?:します|いたします|したい)|進めて|移ります|移りたい|次に|続いて|続きまして|ほかに|他に|いかがでしょうか")
        .unwrap()
});

/// A turn that reports an explanation given rather than quoting it: `資料1について説明`,
/// `【会議資料1、2について事務局説明】`.
static EXPLAINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:説明|報告)(?:を行った|した|を受けた)?[)）】\]]?[。]?$").unwrap()
});

/// A turn that presents a report or materials: `資料1をご覧ください`, `ご報告いたします`.
static REPORTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"資料\s*[0-9０-９-]*\s*(?:を|に沿って)?ご覧|(?:ご|御)?報告(?:いた|させていただ|申し上げ)|(?:ご|御)?説明(?:いた|させていただ|申し上げ)")
        .unwrap()
});

/// A turn made only of bracketed stage notes: `【開会】【資料確認】`, `(配布資料の確認)`.
static ONLY_BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[【\[［(（〔][^】\]］)）〕]*[】\]］)）〕]\s*)+$").unwrap());

/// A decision reported in the third person: `承認される。`, `了承された。`, `異議なく承認`.
static NARRATED_RESOLUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:承認|了承|可決|決定)(?:される|された|されました|となった|とする)|異議なく|原案(?:の)?とおり(?:承認|決定|了承)").unwrap()
});

/// A stage note that is not speech: `（「異議なし」の声あり）`, `（拍手）`, `［資料説明］`.
static STAGE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[(（][^()（）]*[)）]|[\[［〔【][^\]］〕】]*[\]］〕】])$").unwrap()
});

/// Who is named at the start of a bullet: `事務局から、出席者の確認を行った。`
static BULLET_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<s>事務局|会長|副会長|部会長|議長|座長|委員長|[^、。]{1,12}?(?:部会長|委員|課長|センター))(?:から|より)")
        .unwrap()
});

/// `《部会長から資料と合わせ活動概要を説明》` → `部会長`; `《相談支援部会:佐藤委員》` → `佐藤委員`.
fn block_speaker(inner: &str) -> String {
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
enum Mode {
    None,
    Opinion,
    Qa,
}

/// Section label lines: `〔委員からの主な意見等〕`, `【質疑応答】`, `(質疑)`.
fn mode_label(folded: &str) -> Option<Mode> {
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

struct Builder<'a> {
    sections: Vec<Section>,
    index: AgendaIndex,
    has_agenda: bool,
    names: &'a [String],
    /// Heading text waiting for its continuation line, with the agenda title it should reach.
    pending_heading: Option<String>,
    /// A block cue waiting for the entry it introduces.
    pending_cue: Option<String>,
    open: bool,
}

impl Builder<'_> {
    fn section(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section {
                agenda_ref: None,
                heading: None,
                entries: Vec::new(),
            });
        }
        self.sections.last_mut().unwrap()
    }

    fn push(&mut self, kind: EntryKind, speaker: Option<String>, text: &str, line: &CleanLine) {
        let cue = self.pending_cue.take();
        self.section().entries.push(Entry {
            kind,
            speaker,
            text: text.trim().to_string(),
            line: line.no,
            page: line.page,
            cue,
            reply_to: None,
            person: None,
        });
        self.open = true;
    }

    fn last_entry(&mut self) -> Option<&mut Entry> {
        if !self.open {
            return None;
        }
        self.sections.last_mut()?.entries.last_mut()
    }

    /// Opens a section if `line` heads an agenda item (or, without an agenda, any short numbered
    /// line); returns true when it did.
    /// `folded` is `text` in its [`fold_width`] form.
    fn heading(&mut self, text: &str, folded: &str) -> bool {
        // `議題（１）…`, `【議題1】…`
        let stripped = folded
            .trim_start_matches(['【', '['])
            .trim_start_matches("議題")
            .replace(['】', ']'], " ");
        let candidate = agenda::numbered_folded(text.trim(), folded.trim()).or_else(|| {
            if stripped != folded {
                agenda::numbered(&stripped)
            } else {
                None
            }
        });
        let Some(n) = candidate else { return false };
        let agenda_ref = if self.has_agenda {
            match self.index.find(&n) {
                Some(i) => {
                    self.index.cursor = i + 1;
                    let (path, _, title) = &self.index.items[i];
                    let head = title_key(&n.rest);
                    self.pending_heading = (!head.is_empty()
                        && title.starts_with(&head)
                        && head.chars().count() < title.chars().count())
                    .then(|| title.clone());
                    path.clone()
                }
                None => return false,
            }
        } else {
            if n.rest.chars().count() > 60 || n.rest.ends_with('。') || n.rest.is_empty() {
                return false;
            }
            self.index.path_without_agenda(&n)
        };
        self.sections.push(Section {
            agenda_ref: Some(agenda_ref),
            heading: Some(text.trim().to_string()),
            entries: Vec::new(),
        });
        self.open = false;
        true
    }

    /// True when `line_text` names an agenda item not yet opened.
    fn announces(&self, line_text: &str) -> bool {
        if !self.has_agenda {
            return false;
        }
        let folded = fold_width(line_text);
        MENTION.captures_iter(&folded).any(|caps| {
            let Some(n) = mentioned(&caps) else {
                return false;
            };
            (self.index.cursor..self.index.items.len()).any(|i| keyed(&self.index.items[i].1, n))
        })
    }

    /// Opens the section of agenda item `i` with the last entry pushed.
    fn open_with_last(&mut self, i: usize) {
        self.index.cursor = i + 1;
        let path = self.index.items[i].0.clone();
        let Some(entry) = self.sections.last_mut().and_then(|s| s.entries.pop()) else {
            return;
        };
        self.sections.push(Section {
            agenda_ref: Some(path),
            heading: None,
            entries: vec![entry],
        });
    }

    /// In verbatim minutes the chair announces the next item (`続いて、議題（２）…`): the turn that
    /// does so opens the item's section.
    fn announced(&mut self, line_text: &str) {
        if !self.has_agenda || !self.open {
            return;
        }
        let folded = fold_width(line_text);
        // The last item named is the one being opened: `特に議題(2)は…。まず議題(1)について…`.
        let mut target = None;
        for caps in MENTION.captures_iter(&folded) {
            let Some(n) = mentioned(&caps) else {
                continue;
            };
            // Only forward, to an item not yet opened; the number as printed (`次第の2` is `2.`,
            // `議題(2)` is `(2)`) before the other style.
            let exact = if caps.name("p").is_some() {
                format!("({n})")
            } else {
                format!("{n}.")
            };
            let ahead = self.index.cursor..self.index.items.len();
            if let Some(i) = ahead
                .clone()
                .find(|&i| self.index.items[i].1 == exact)
                .or_else(|| ahead.clone().find(|&i| keyed(&self.index.items[i].1, n)))
            {
                target = Some(i);
            }
        }
        if let Some(i) = target {
            self.open_with_last(i);
        }
    }

    /// A stage note in brackets that names an agenda item (`【開会】【資料確認】`, `(閉会)`)
    /// records that item: the entry that holds it opens the item's section.
    fn staged(&mut self, line_text: &str) {
        if !self.has_agenda || !self.open {
            return;
        }
        let folded = fold_width(line_text);
        let target = STAGE_BRACKETS.captures_iter(&folded).find_map(|caps| {
            let named = compact(&caps[1]);
            (self.index.cursor..self.index.items.len())
                .find(|&i| compact(&self.index.items[i].2) == named)
        });
        if let Some(i) = target {
            self.open_with_last(i);
        }
    }

    /// Continues a heading cut at the end of a line (`…協議事項等に` / `ついて`).
    fn continue_heading(&mut self, text: &str) -> bool {
        let Some(target) = self.pending_heading.clone() else {
            return false;
        };
        let section = self.sections.last_mut().unwrap();
        let mut heading = section.heading.clone().unwrap_or_default();
        heal_join(&mut heading, text);
        let key = title_key(
            agenda::numbered(&heading)
                .map(|n| n.rest)
                .as_deref()
                .unwrap_or(&heading),
        );
        if target.starts_with(&key) {
            section.heading = Some(heading);
            if key.chars().count() >= target.chars().count() {
                self.pending_heading = None;
            }
            true
        } else {
            self.pending_heading = None;
            false
        }
    }
}

/// Detects the style of a proceedings part.
pub fn detect_style(lines: &[CleanLine], names: &[String]) -> Style {
    let folded: Vec<String> = lines.iter().map(|l| fold_width(&l.text)).collect();
    style_of(&folded, names)
}

/// [`detect_style`] from the lines in their [`fold_width`] form.
fn style_of(folded: &[String], names: &[String]) -> Style {
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

/// The words of a stage note in brackets: `【開会】`, `(閉会)`.
static STAGE_BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[【(]([^】)]{1,20})[】)]").unwrap());

/// The polite endings of spoken sentences.
static POLITE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:ます|です|ました|でした|ません|ましょう|ございます|ください|下さい|ですね|ますね|ですか|ますか|でしょうか|でしょう|まして|ますが|ですが|ません|お願いします)$")
        .unwrap()
});

/// Parses the proceedings lines.
pub fn parse(lines: &[CleanLine], agenda: &[AgendaItem], names: &[String]) -> Proceedings {
    // Each line is folded once, for style detection and for parsing.
    let folded: Vec<String> = lines.iter().map(|l| fold_width(&l.text)).collect();
    let style = style_of(&folded, names);
    let mut b = Builder {
        sections: Vec::new(),
        index: AgendaIndex::new(agenda),
        has_agenda: !agenda.is_empty(),
        names,
        pending_heading: None,
        pending_cue: None,
        open: false,
    };
    match style {
        Style::Summary => summary(lines, &folded, &mut b),
        Style::Verbatim => verbatim(lines, &folded, &mut b),
    }
    // Drop an empty leading section.
    b.sections
        .retain(|s| !(s.heading.is_none() && s.entries.is_empty()));
    Proceedings {
        style,
        sections: b.sections,
    }
}

fn is_end(text: &str) -> bool {
    matches!(
        compact(text).as_str(),
        "以上" | "(以上)" | "—以上—" | "-以上-"
    )
}

/// Parses summary-style proceedings; `folded_lines` holds the lines in their [`fold_width`] form.
fn summary(lines: &[CleanLine], folded_lines: &[String], b: &mut Builder) {
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

/// The kind of a summarised point under a speaker's label: a member's question or view, the
/// officials' answer to a question just asked, or an explanation.
fn labelled_kind(speaker: &str, folded: &str, b: &Builder) -> EntryKind {
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

/// Parses verbatim proceedings; `folded_lines` holds the lines in their [`fold_width`] form.
fn verbatim(lines: &[CleanLine], folded_lines: &[String], b: &mut Builder) {
    let names = b.names;
    let mut current_speaker: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        // Folding keeps white space white space, so this is `fold_width(text)`.
        let folded = folded_lines[i].trim();
        if i + 1 == lines.len() && is_end(text) {
            continue;
        }
        let turn = speakers::turn_folded(folded.trim(), names);
        if turn.is_none() && b.continue_heading(text) {
            continue;
        }
        b.pending_heading = None;
        // A heading is a short numbered line that matches the agenda.
        if turn.is_none()
            && folded.chars().count() <= 80
            && !folded.contains('。')
            && b.heading(text, folded)
        {
            continue;
        }
        if let Some(t) = turn {
            current_speaker = Some(t.speaker.clone());
            let class = speakers::classify(&t.speaker, names);
            b.push(EntryKind::Explanation, Some(t.speaker), &t.rest, line);
            if matches!(class, SpeakerClass::Chair | SpeakerClass::Secretariat) {
                b.announced(&t.rest);
                b.staged(&t.rest);
            }
            continue;
        }
        if STAGE_NOTE.is_match(folded) {
            b.push(EntryKind::Note, None, text, line);
            b.staged(text);
            b.open = false;
            continue;
        }
        let class = current_speaker
            .as_deref()
            .map(|s| speakers::classify(s, names))
            .unwrap_or(SpeakerClass::Other);
        let announces =
            matches!(class, SpeakerClass::Chair | SpeakerClass::Secretariat) && b.announces(text);
        match b.last_entry() {
            // The chair's `次に議題(2)について…` opens the next item: what came before stays
            // with the previous one (a ruling on item 1, say).
            Some(e) if e.kind != EntryKind::Note && !announces => heal_join(&mut e.text, text),
            _ => b.push(EntryKind::Explanation, current_speaker.clone(), text, line),
        }
        if announces {
            b.announced(text);
        }
    }
    // Classify turns now that their text is complete.
    classify_turns(&mut b.sections, names);
}

/// The kind of each verbatim turn, from its speaker, where it stands and what it says: a
/// member's turn that asks is a question and the officials' turns after it answers, until the
/// next member speaks; a member's view or request an opinion; the chair's ruling a resolution;
/// the opening of the meeting (before its first agenda item) and the chair's moderation notes;
/// reports and explanations of materials explanations.
fn classify_turns(sections: &mut [Section], names: &[String]) {
    let mut after_question = false;
    let mut just_asked = false;
    let mut opening = true;
    for section in sections.iter_mut() {
        section
            .entries
            .retain(|e| !(e.text.is_empty() && e.kind != EntryKind::Note));
        if section.agenda_ref.is_some() && !is_opening_heading(section.heading.as_deref()) {
            opening = false;
        }
        for e in &mut section.entries {
            let folded = fold_width(&e.text);
            let stage = ONLY_BRACKETS.is_match(folded.trim());
            if e.kind == EntryKind::Note && e.speaker.is_none() {
                continue;
            }
            let class = e
                .speaker
                .as_deref()
                .map(|s| speakers::classify(s, names))
                .unwrap_or(SpeakerClass::Other);
            let procedural = PROCEDURAL.is_match(&e.text);
            e.kind =
                if stage_kind(&folded).is_some() && (stage || EXPLAINED.is_match(folded.trim())) {
                    stage_kind(&folded).expect("checked")
                } else {
                    match class {
                        SpeakerClass::Chair if RULING.is_match(&e.text) => EntryKind::Resolution,
                        SpeakerClass::Other
                            if e.speaker.is_none() && NARRATED_RESOLUTION.is_match(&e.text) =>
                        {
                            EntryKind::Resolution
                        }
                        SpeakerClass::Member if QUESTION.is_match(&e.text) => EntryKind::Question,
                        // A member reporting for a body (`部会の上田です。資料1をご覧ください`).
                        SpeakerClass::Member if REPORTS.is_match(&e.text) => EntryKind::Explanation,
                        SpeakerClass::Member => EntryKind::Opinion,
                        _ if opening && (procedural || class != SpeakerClass::Member) => {
                            EntryKind::Note
                        }
                        SpeakerClass::Secretariat | SpeakerClass::Other if after_question => {
                            EntryKind::Answer
                        }
                        SpeakerClass::Chair if just_asked => EntryKind::Answer,
                        SpeakerClass::Chair if holds_view(&e.text) => EntryKind::Opinion,
                        SpeakerClass::Chair if MODERATION.is_match(&e.text) || procedural => {
                            EntryKind::Note
                        }
                        _ => EntryKind::Explanation,
                    }
                };
            // Officials keep answering until a member speaks again; the chair answers only
            // right after the question.
            just_asked = e.kind == EntryKind::Question;
            after_question = just_asked
                || (e.kind == EntryKind::Answer
                    && matches!(class, SpeakerClass::Secretariat | SpeakerClass::Other));
        }
    }
}

/// The kind a turn that is only a stage direction or a summary of what was done has:
/// `(配布資料の確認)` a note, `資料1について説明` an explanation, `【会議公開の承認】` a
/// resolution.
fn stage_kind(folded: &str) -> Option<EntryKind> {
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

/// Items that open a meeting: `開会`, `開会あいさつ`, `資料確認`.
fn is_opening_heading(heading: Option<&str>) -> bool {
    heading.is_some_and(|h| {
        let c = compact(h);
        let c = c.trim_start_matches(|ch: char| ch.is_ascii_digit() || "().、 ".contains(ch));
        c.starts_with("開会")
            || c.starts_with("開 会")
            || c.contains("資料確認")
            || c.contains("出席確認")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::agenda::{AgendaLine, build_agenda};

    fn clines(texts: &[&str]) -> Vec<CleanLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| CleanLine {
                text: t.to_string(),
                no: i + 1,
                page: None,
            })
            .collect()
    }

    fn agenda(texts: &[&str]) -> Vec<AgendaItem> {
        build_agenda(
            &texts
                .iter()
                .enumerate()
                .map(|(i, t)| AgendaLine {
                    text: t.to_string(),
                    no: i + 1,
                })
                .collect::<Vec<_>>(),
        )
    }

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

    #[test]
    fn verbatim_turns() {
        let names = vec!["上田".to_string(), "田村".to_string()];
        let p = parse(
            &clines(&[
                "定刻になりましたので始めます。",
                "（１）活動報告について",
                "■事務局",
                "資料１に沿って説明します。",
                "相談は４２件でした。",
                "■田村委員",
                "件数が増えた理由は何ですか。",
                "■事務局",
                "周知が進んだためです。",
                "■上田部会長",
                "それでは、承認とさせていただきます。",
                "（「異議なし」の声あり）",
            ]),
            &agenda(&["（１）活動報告について"]),
            &names,
        );
        assert_eq!(p.style, Style::Verbatim);
        assert_eq!(p.sections[0].agenda_ref, None);
        // The opening, before the first item, is procedure.
        assert_eq!(p.sections[0].entries[0].kind, EntryKind::Note);
        let s = &p.sections[1];
        assert_eq!(s.agenda_ref.as_deref(), Some("(1)"));
        let e: Vec<(EntryKind, &str)> = s
            .entries
            .iter()
            .map(|e| (e.kind, e.speaker.as_deref().unwrap_or("-")))
            .collect();
        assert_eq!(
            e,
            [
                (EntryKind::Explanation, "事務局"),
                (EntryKind::Question, "田村委員"),
                (EntryKind::Answer, "事務局"),
                (EntryKind::Resolution, "上田部会長"),
                (EntryKind::Note, "-"),
            ]
        );
        assert_eq!(
            s.entries[0].text,
            "資料１に沿って説明します。相談は４２件でした。"
        );
    }

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
