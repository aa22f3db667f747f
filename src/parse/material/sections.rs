//! Sections: the walk over the lines that opens a section at each chapter and heading, decides
//! which short lines are headings of what follows them, and collects each section's text
//! paragraph by paragraph, with the facts read from it.

use super::directory::{CONTACT_DETAIL, join_name};
use super::lines::{BULLETS, Kind, Shape, is_hiragana, reads_as_sentence};
use super::{HEADING_MAX, Parser, Role};
use crate::normalize::CleanLine;
use crate::parse::facts;
use crate::record::Fact;
use crate::text::{compact, heal_join};

/// Text collected for a section or a programme description, paragraph by paragraph.
#[derive(Default)]
pub(super) struct Paras {
    pub(super) items: Vec<(usize, String)>,
    pub(super) last: Option<usize>,
}

pub(super) struct SectionBuf {
    pub(super) level: u32,
    pub(super) number: Option<String>,
    pub(super) title: String,
    pub(super) line: usize,
    pub(super) paras: Paras,
}

/// Which structure ends a run of short lines; decides which of them become headings.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Follows {
    /// Body text (the line, if any) or a numbered heading: the last short line may be its
    /// heading.
    Body(Option<usize>),
    /// A directory table or entry: the short lines right above it may be its headings.
    Directory,
    /// Nothing that a heading introduces.
    Text,
}

/// Appends line `i` to a text: joined to the paragraph it continues, or as a new paragraph after
/// a sentence end, a bullet, or a short line followed by a blank line.
pub(super) fn append(
    paras: &mut Paras,
    lines: &[CleanLine],
    shapes: &[Shape],
    i: usize,
    text: &str,
    new_paragraph: bool,
) {
    let join = !new_paragraph
        && !shapes[i].bullet
        && paras.last.is_some_and(|p| {
            let prev = &shapes[p];
            !prev.ends_sentence && (prev.full || lines[i].no == lines[p].no + 1)
        })
        && !paras.items.is_empty();
    if join {
        heal_join(&mut paras.items.last_mut().unwrap().1, text);
    } else {
        paras.items.push((lines[i].no, text.trim().to_string()));
    }
    paras.last = Some(i);
}

pub(super) fn join_paras(items: &[(usize, String)]) -> String {
    items
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Facts of each paragraph; a count printed under its label (`地域包括支援センター` /
/// `10 カ所`) is read together with the label.
pub(super) fn paragraph_facts(items: &[(usize, String)]) -> Vec<Fact> {
    let mut out = Vec::new();
    for (k, (line, text)) in items.iter().enumerate() {
        // A list item's fact reads without its bullet (`・相談支援専門員からの相談　２件`).
        let text = text.trim_start_matches(BULLETS).trim_start();
        let mut found = facts::find(text, None, *line);
        if k > 0 && found.iter().any(|f| f.subject.is_empty()) {
            let (label_line, label) = &items[k - 1];
            let label_chars = compact(label).chars().count();
            if label_chars <= HEADING_MAX
                && !label.ends_with(['。', '！', '？', '…'])
                && !label.contains(['。', '、'])
            {
                let joined = format!("{label} {text}");
                let with_label = facts::find(&joined, None, *label_line);
                let own = facts::find(label, None, *label_line).len();
                if with_label.len() == found.len() + own {
                    found = with_label.into_iter().skip(own).collect();
                }
            }
        }
        out.extend(found);
    }
    out
}

impl Parser<'_> {
    pub(super) fn walk(&mut self) {
        // The organisations whose entry starts on each line.
        let mut starting_here: Vec<Vec<usize>> = vec![Vec::new(); self.lines.len()];
        for (org, &at) in self.org_start.iter().enumerate() {
            starting_here[at].push(org);
        }
        if let Some(t) = self.roles.iter().position(|u| *u == Role::Title) {
            self.push_section(1, None, self.title.clone().unwrap_or_default(), t);
        }
        let mut i = 0;
        while i < self.lines.len() {
            match (self.kinds[i].clone(), self.roles[i]) {
                (_, Role::Title) => {
                    if let Some((_, date)) = self.title_date.clone() {
                        self.add_text(i, &date, true);
                    }
                }
                (
                    Kind::Chapter {
                        number,
                        title,
                        level,
                    },
                    _,
                ) => {
                    self.close_programme();
                    self.resolve(Follows::Text);
                    let chapter = i;
                    // The title is printed on the next line when it is not on this one.
                    let title = title.or_else(|| {
                        let next = i + 1;
                        (next < self.lines.len()
                            && self.is_free_text(next)
                            && !self.shapes[next].body())
                        .then(|| {
                            i = next;
                            self.lines[next].text.trim().to_string()
                        })
                    });
                    if title.is_none() {
                        self.warn(chapter, "chapter without a title");
                    }
                    self.numbered_level = level;
                    self.push_section(level, Some(number), title.unwrap_or_default(), chapter);
                }
                (
                    Kind::Heading {
                        number,
                        title,
                        level,
                    },
                    _,
                ) => {
                    self.close_programme();
                    self.resolve(Follows::Body(None));
                    let level = match level {
                        Some(l) => {
                            self.numbered_level = l;
                            l
                        }
                        None => self.numbered_level.max(1) + 1,
                    };
                    self.push_section(level, number, title, i);
                }
                (Kind::Programme { number, rest }, _) => {
                    self.close_programme();
                    self.resolve(Follows::Body(None));
                    self.open_programme(i, number, rest);
                }
                (Kind::TableHeader, _) => {
                    // Column headers are table furniture: the entries below carry their content.
                    self.close_programme();
                    self.resolve(Follows::Directory);
                }
                (_, Role::NamePart(org)) => {
                    if self.org_start[org] == i {
                        self.close_programme();
                        self.resolve(Follows::Directory);
                        self.categorize(org);
                    }
                }
                (_, Role::OrgLine(_)) => {
                    self.close_programme();
                    let introduced = std::mem::take(&mut starting_here[i]);
                    self.resolve(if introduced.is_empty() {
                        Follows::Text
                    } else {
                        Follows::Directory
                    });
                    for org in introduced {
                        self.categorize(org);
                    }
                    if let Some(rest) = self.leftovers[i].clone() {
                        self.add_text(i, &rest, true);
                    }
                }
                (_, Role::LabelLine(_)) => {}
                (_, Role::Meta) | (Kind::Issue, _) => {
                    self.close_programme();
                    self.resolve(Follows::Text);
                    let text = self.lines[i].text.clone();
                    self.add_text(i, &text, true);
                    if self.kinds[i] == Kind::Issue {
                        self.in_colophon = true;
                    }
                }
                (Kind::Text, Role::Free) => {
                    if !self.continue_programme(i) {
                        if self.shapes[i].body() {
                            self.resolve(Follows::Body(Some(i)));
                            let text = self.lines[i].text.clone();
                            self.add_text(i, &text, false);
                        } else {
                            self.buffer.push(i);
                        }
                    }
                }
            }
            i += 1;
        }
        self.close_programme();
        self.resolve(Follows::Text);
    }

    pub(super) fn push_section(
        &mut self,
        level: u32,
        number: Option<String>,
        title: String,
        i: usize,
    ) {
        self.in_colophon = false;
        self.sections.push(SectionBuf {
            level,
            number,
            title,
            line: self.lines[i].no,
            paras: Paras::default(),
        });
    }

    /// Appends a line to the current section. Text before any title or heading opens the first
    /// section, titled with that line when the line is complete (not the first part of a
    /// wrapped sentence).
    pub(super) fn add_text(&mut self, i: usize, text: &str, new_paragraph: bool) {
        if self.sections.is_empty() {
            if self.shapes[i].full {
                self.push_section(1, None, String::new(), i);
            } else {
                self.push_section(1, None, text.trim().to_string(), i);
                return;
            }
        }
        let lines = self.lines;
        let shapes = &self.shapes;
        let paras = &mut self.sections.last_mut().expect("created above").paras;
        append(paras, lines, shapes, i, text, new_paragraph);
    }

    /// Places the short lines collected so far: the last ones may be headings of what follows,
    /// the rest is text.
    pub(super) fn resolve(&mut self, next: Follows) {
        let buffer = std::mem::take(&mut self.buffer);
        if buffer.is_empty() {
            return;
        }
        // Units: runs of lines printed without a blank line between them.
        let mut units: Vec<Vec<usize>> = Vec::new();
        for &i in &buffer {
            match units.last_mut() {
                Some(u) if self.lines_apart(*u.last().unwrap(), i) == 1 => u.push(i),
                _ => units.push(vec![i]),
            }
        }
        let mut headings = Vec::new();
        while let Some(u) = units.last() {
            let wanted = match next {
                Follows::Body(_) => headings.is_empty(),
                Follows::Directory => true,
                Follows::Text => false,
            };
            if !wanted || !self.heading_shaped(u) {
                break;
            }
            // `…検討し` printed right above `ていただければと思います。` is one sentence: the
            // first line of a wrapped sentence is at least as wide as its last.
            if let Follows::Body(Some(b)) = next {
                let last = *u.last().unwrap();
                let runs_on = self.lines_apart(last, b) == 1
                    && !self.shapes[b].full
                    && !self.shapes[b].bullet
                    && self.shapes[b].len <= self.shapes[last].len
                    && self.lines[last]
                        .text
                        .trim_end()
                        .chars()
                        .last()
                        .is_some_and(is_hiragana);
                if runs_on {
                    break;
                }
            }
            headings.push(units.pop().unwrap());
        }
        headings.reverse();
        for u in units {
            for i in u {
                let text = self.lines[i].text.clone();
                self.add_text(i, &text, false);
            }
        }
        for u in headings {
            let title = join_name(u.iter().map(|&i| self.lines[i].text.as_str()));
            let level = self.numbered_level.max(1) + 1;
            self.push_section(level, None, title, u[0]);
        }
    }

    /// A run of one or two short lines that reads as a title, not continuing a full line above.
    pub(super) fn heading_shaped(&self, unit: &[usize]) -> bool {
        if unit.len() > 2 {
            return false;
        }
        let first = unit[0];
        if first > 0 && self.roles[first - 1] == Role::Free && self.kinds[first - 1] == Kind::Text {
            // A line that continues a full line, or an open list item right above it.
            let prev = &self.shapes[first - 1];
            if !prev.ends_sentence
                && (prev.full || (prev.bullet && self.lines_apart(first - 1, first) == 1))
            {
                return false;
            }
        }
        let len: usize = unit.iter().map(|&i| self.shapes[i].len).sum();
        (2..=HEADING_MAX).contains(&len)
            && unit.iter().all(|&i| {
                let s = &self.shapes[i];
                let t = &self.lines[i].text;
                self.roles[i] == Role::Free
                    && !s.full
                    && !s.bullet
                    && !s.ends_sentence
                    && !t.contains(['。', '、', '，', '：', ':'])
                    && !CONTACT_DETAIL.is_match(t)
                    && t.chars().any(|c| !c.is_ascii_digit() && !c.is_whitespace())
            })
            && !reads_as_sentence(&self.lines[*unit.last().unwrap()].text)
            && !self.lines[first]
                .text
                .trim_start()
                .starts_with(['…', '‥', '、', '。', '，'])
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn chapter_without_a_title_is_a_warning() {
        let r = parse("ガイド\n第３章");
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, Some(2));
    }

    #[test]
    fn short_line_before_body_text_is_a_heading() {
        let r = parse(
            "第１章\n\nくらしの相談\n\n相談の窓口\n\n市内の相談窓口では、障害のある方やその家族からの相談を受け付けて\n\nいます。",
        );
        assert_eq!(titles(&r), ["くらしの相談", "相談の窓口"]);
        assert_eq!(r.sections[1].level, 2);
        assert_eq!(
            r.sections[1].text,
            "市内の相談窓口では、障害のある方やその家族からの相談を受け付けています。"
        );
    }

    #[test]
    fn a_wrapped_line_is_not_a_heading() {
        let r = parse(
            "第１章\nしくみ\n各事業所が受け止めた相談のうち、解決が難しいものはプラ\nンを作成します\n・支援会議で検討します。",
        );
        assert_eq!(titles(&r), ["しくみ"]);
        assert_eq!(
            r.sections[0].text,
            "各事業所が受け止めた相談のうち、解決が難しいものはプランを作成します\n・支援会議で検討します。"
        );
    }

    #[test]
    fn untitled_text_opens_the_first_section() {
        let r = parse("今日は相談会を開きました。\n参加者は12名でした。");
        assert_eq!(r.title, None);
        assert_eq!(r.sections[0].title, "今日は相談会を開きました。");
        assert_eq!(r.sections[0].text, "参加者は12名でした。");
    }

    #[test]
    fn count_under_its_label() {
        let r = parse(
            "窓口の数\n\n市内では 9 カ所の機関が担っています。\n\n基幹相談支援センター\n\n2 カ所（p.5 を参照）",
        );
        let got: Vec<(f64, &str)> = r
            .facts
            .iter()
            .map(|f| (f.value, f.subject.as_str()))
            .collect();
        assert_eq!(got, [(9.0, "市内"), (2.0, "基幹相談支援センター")]);
        assert!(r.facts[1].quote.contains("2 カ所"));
    }

    #[test]
    fn paragraphs_in_double_spaced_text() {
        let r = parse(
            "第１章\n\nはじめに\n\nこの冊子は、さくら台市内で障害のある方やその家族の相談を受ける機関を紹介する\n\nものです。\n\n周りが\n気づくのが\n大切です\n\nひとりで悩まずに",
        );
        assert_eq!(
            r.sections[0].text,
            "この冊子は、さくら台市内で障害のある方やその家族の相談を受ける機関を紹介するものです。\n周りが気づくのが大切です\nひとりで悩まずに"
        );
    }
}
