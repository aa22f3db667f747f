//! The chart of a series: a standalone SVG line chart of [`FactPoint`]s ([`svg`]), drawn by hand
//! (dates to scale, values from 0 on a scale of round steps), and the escaping its text needs.

use super::facts::{FactPoint, number, value_text};

/// Escapes text for XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The colour of the series' line and points.
pub const LINE_COLOUR: &str = "#1a5fb4";

/// A standalone SVG line chart of the dated points: x is the date (to scale), y the value from 0;
/// each point is labelled with its value, each date printed under the axis. Points without a
/// date are left out. Fonts name Japanese faces first, so labels read on any system that has one.
pub fn svg(points: &[FactPoint], title: &str) -> String {
    let dated: Vec<(chrono::NaiveDate, &FactPoint)> = points
        .iter()
        .filter_map(|p| {
            let d = chrono::NaiveDate::parse_from_str(p.date.as_deref()?, "%Y-%m-%d").ok()?;
            Some((d, p))
        })
        .collect();
    let (w, h) = (760.0_f64, 420.0_f64);
    let (left, right, top, bottom) = (84.0, 32.0, 56.0, 96.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" font-family=\"'IPAexGothic', 'Noto Sans CJK JP', 'Yu Gothic', 'Hiragino Sans', sans-serif\">\n",
        xml_escape(title)
    ));
    s.push_str(&format!(
        "<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
        xml_escape(title)
    ));
    s.push_str(&format!(
        "<text x=\"{}\" y=\"32\" font-size=\"20\" text-anchor=\"middle\" fill=\"#1c1c1c\">{}</text>\n",
        w / 2.0,
        xml_escape(title)
    ));
    if dated.is_empty() {
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"16\" text-anchor=\"middle\" fill=\"#444\">該当する数値がありません</text>\n</svg>\n",
            w / 2.0,
            h / 2.0
        ));
        return s;
    }
    let first = dated.iter().map(|(d, _)| *d).min().expect("not empty");
    let last = dated.iter().map(|(d, _)| *d).max().expect("not empty");
    let span = (last - first).num_days().max(1) as f64;
    let max_v = dated
        .iter()
        .map(|(_, p)| p.value_max.unwrap_or(p.value))
        .fold(0.0, f64::max);
    let (step, top_v) = nice_scale(max_v);
    let x = |d: chrono::NaiveDate| -> f64 {
        if first == last {
            left + plot_w / 2.0
        } else {
            left + (d - first).num_days() as f64 / span * plot_w
        }
    };
    let y = |v: f64| -> f64 { top + plot_h - v / top_v * plot_h };
    // Grid and y axis.
    let mut v = 0.0;
    while v <= top_v + 1e-9 {
        s.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>\n<text x=\"{}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"#333\">{}</text>\n",
            left + plot_w,
            left - 8.0,
            y(v) + 4.0,
            number(v),
            y = y(v)
        ));
        v += step;
    }
    let unit = dated
        .first()
        .map(|(_, p)| p.unit.clone())
        .unwrap_or_default();
    s.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"start\" fill=\"#333\">（{}）</text>\n",
        8.0,
        top - 12.0,
        xml_escape(&unit)
    ));
    // X axis with each point's date.
    s.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"#333\" stroke-width=\"1.5\"/>\n",
        left + plot_w,
        b = top + plot_h
    ));
    let mut dates: Vec<chrono::NaiveDate> = dated.iter().map(|(d, _)| *d).collect();
    dates.dedup();
    for d in &dates {
        let xx = x(*d);
        s.push_str(&format!(
            "<line x1=\"{xx:.1}\" y1=\"{b}\" x2=\"{xx:.1}\" y2=\"{}\" stroke=\"#333\"/>\n<text x=\"{xx:.1}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#333\" transform=\"rotate(-40 {xx:.1} {})\">{}</text>\n",
            top + plot_h + 5.0,
            top + plot_h + 18.0,
            top + plot_h + 18.0,
            d.format("%Y-%m-%d"),
            b = top + plot_h
        ));
    }
    // The series: a line through the primary points, the others as hollow dots.
    let line: Vec<(f64, f64)> = dated
        .iter()
        .filter(|(_, p)| p.primary)
        .map(|(d, p)| (x(*d), y(p.value)))
        .collect();
    if line.len() > 1 {
        let pts: Vec<String> = line.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
        s.push_str(&format!(
            "<polyline class=\"series\" points=\"{}\" fill=\"none\" stroke=\"{LINE_COLOUR}\" stroke-width=\"3\" stroke-linejoin=\"round\"/>\n",
            pts.join(" ")
        ));
    }
    for (d, p) in &dated {
        let (px, py) = (x(*d), y(p.value));
        let label = value_text(p);
        if p.primary {
            s.push_str(&format!(
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"5\" fill=\"{LINE_COLOUR}\"><title>{} {}：{}</title></circle>\n<text x=\"{px:.1}\" y=\"{:.1}\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1c1c1c\">{}</text>\n",
                d.format("%Y-%m-%d"),
                xml_escape(&p.subject),
                xml_escape(&label),
                py - 10.0,
                xml_escape(&label)
            ));
        } else {
            s.push_str(&format!(
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"#ffffff\" stroke=\"#777\" stroke-width=\"1.5\"><title>{} {}：{}</title></circle>\n",
                d.format("%Y-%m-%d"),
                xml_escape(&p.subject),
                xml_escape(&label)
            ));
        }
    }
    s.push_str("</svg>\n");
    s
}

/// A tick step and the axis top for values up to `max`: steps of 1, 2 or 5 times a power of ten,
/// about five ticks.
fn nice_scale(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    let top = (max / step).ceil() * step;
    (
        step,
        if top < max + step * 0.2 {
            top + step
        } else {
            top
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::DocumentKind;

    #[test]
    fn scales_have_round_steps() {
        assert_eq!(nice_scale(11.0), (5.0, 15.0));
        assert_eq!(nice_scale(1.0), (1.0, 2.0));
    }

    #[test]
    fn svg_escapes_and_draws() {
        let mk = |d: &str, v: f64| FactPoint {
            date: Some(d.into()),
            value: v,
            value_max: None,
            approximate: false,
            unit: "件".into(),
            subject: "<b>ケース</b>".into(),
            quote: String::new(),
            meeting_id: d.into(),
            record_kind: DocumentKind::Minutes,
            meeting_title: None,
            body: None,
            agenda_ref: None,
            entry_kind: None,
            line: 1,
            primary: true,
        };
        let s = svg(
            &[mk("2023-05-22", 2.0), mk("2024-05-27", 6.0)],
            "Libero & ケース",
        );
        assert!(s.contains("Libero &amp; ケース"));
        assert!(s.contains("&lt;b&gt;ケース"));
        assert!(!s.contains("<b>"));
        assert_eq!(s.matches("<circle").count(), 2);
        assert!(s.contains("<polyline class=\"series\""));
        assert!(s.contains(">2023-05-22</text>"));
        assert!(s.contains(">6件</text>"));
    }
}
