//! Programmes: `❶ 包括的相談支援事業` with the description printed below it, up to the next
//! programme, heading or paragraph break.

use super::Parser;
use super::sections::{Paras, append};

pub(super) struct ProgrammeBuf {
    pub(super) number: String,
    pub(super) name: String,
    /// The index of the marker line.
    pub(super) at: usize,
    pub(super) paras: Paras,
    pub(super) spacing: Option<usize>,
}

impl Parser<'_> {
    pub(super) fn open_programme(&mut self, i: usize, number: String, rest: Option<String>) {
        let (name, description) = match rest {
            Some(r) => match r.split_once(['：', ':']) {
                Some((n, d)) => (n.trim().to_string(), Some(d.trim().to_string())),
                None => (r.trim().to_string(), None),
            },
            None => (String::new(), None),
        };
        if name.is_empty() {
            self.warn(i, "programme number without a name");
        }
        let mut p = ProgrammeBuf {
            number,
            name,
            at: i,
            paras: Paras::default(),
            spacing: None,
        };
        if let Some(d) = description.filter(|d| !d.is_empty()) {
            p.paras.items.push((self.lines[i].no, d));
            p.paras.last = Some(i);
            p.spacing = Some(1);
        }
        self.programmes.push(p);
        self.open_programme = true;
    }

    pub(super) fn close_programme(&mut self) {
        self.open_programme = false;
    }

    /// Adds line `i` to the open programme's description if it continues it.
    pub(super) fn continue_programme(&mut self, i: usize) -> bool {
        if !self.open_programme {
            return false;
        }
        let p = self.programmes.last().expect("open");
        let prev = p.paras.last.unwrap_or(p.at);
        let gap = self.lines_apart(prev, i);
        let continues = match p.spacing {
            None => gap <= 2,
            Some(spacing) => {
                !(self.shapes[prev].ends_sentence && (gap > spacing || self.heading_shaped(&[i])))
            }
        };
        if !continues {
            self.open_programme = false;
            return false;
        }
        let lines = self.lines;
        let shapes = &self.shapes;
        let p = self.programmes.last_mut().expect("open");
        if p.spacing.is_none() {
            p.spacing = Some(gap);
        }
        let text = lines[i].text.clone();
        append(&mut p.paras, lines, shapes, i, &text, false);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn programmes_with_descriptions() {
        let r = parse(
            "５つの事業\n❶ 相談受け止め事業\n相談を丸ごと受け止め、必要な支援につな\nぎます。\n\n❷ 参加支援事業：社会とのつながりをつくります。\n\n\nこのほかの事業もあります。",
        );
        let got: Vec<(&str, &str, &str)> = r
            .programmes
            .iter()
            .map(|p| (p.number.as_str(), p.name.as_str(), p.description.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "❶",
                    "相談受け止め事業",
                    "相談を丸ごと受け止め、必要な支援につなぎます。"
                ),
                ("❷", "参加支援事業", "社会とのつながりをつくります。"),
            ]
        );
        assert!(r.sections[0].text.contains("このほかの事業もあります。"));
    }
}
