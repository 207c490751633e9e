//! Inline SVG charts for the overview of the review page: plain shapes and text, no
//! script and nothing from outside. Labels that have words come in both languages (two
//! `<text>` elements, one shown by the page's language).

use std::fmt::Write as _;

/// A label in both languages (the same text twice for names and numbers).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Label {
    pub zh: String,
    pub en: String,
}

impl Label {
    pub fn same(s: impl Into<String>) -> Label {
        let s = s.into();
        Label {
            zh: s.clone(),
            en: s,
        }
    }
}

pub const RED: &str = "#cf222e";
pub const AMBER: &str = "#d4a72c";
pub const BLUE: &str = "#54aeff";
pub const GREEN: &str = "#2da44e";

const WIDTH: f64 = 520.0;
const LABEL_W: f64 = 170.0;
const ROW_H: f64 = 20.0;
/// Characters of a label shown before it is cut (CJK count double).
const LABEL_CHARS: f64 = 24.0;

fn esc(s: &str) -> String {
    super::html::esc(s)
}

/// The label cut to fit its column, with an ellipsis.
fn fit(s: &str) -> String {
    let mut w = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        w += if (c as u32) >= 0x1100 { 2.0 } else { 1.0 };
        if w > LABEL_CHARS {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// `<text>` at (x, y) in both languages.
fn text(out: &mut String, x: f64, y: f64, anchor: &str, label: &Label) {
    let one = |out: &mut String, class: &str, t: &str| {
        let _ = write!(
            out,
            "<text{class} x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\"><title>{}</title>{}</text>",
            esc(t),
            esc(&fit(t))
        );
    };
    if label.zh == label.en {
        one(out, "", &label.zh);
    } else {
        one(out, " class=\"zh\"", &label.zh);
        one(out, " class=\"en\"", &label.en);
    }
}

/// Horizontal bars, one a row, each made of coloured parts (counts), the total at its end.
pub fn bars(rows: &[(Label, Vec<(usize, &str)>)]) -> String {
    let max = rows
        .iter()
        .map(|(_, parts)| parts.iter().map(|p| p.0).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let h = ROW_H * rows.len().max(1) as f64 + 4.0;
    let scale = (WIDTH - LABEL_W - 50.0) / max;
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {h}\" width=\"{WIDTH}\" height=\"{h}\" \
         role=\"img\">"
    );
    for (i, (label, parts)) in rows.iter().enumerate() {
        let y = i as f64 * ROW_H + 2.0;
        text(&mut out, LABEL_W - 6.0, y + 14.0, "end", label);
        let mut x = LABEL_W;
        for (n, colour) in parts {
            let w = *n as f64 * scale;
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{colour}\"/>",
                y + 3.0,
                ROW_H - 6.0
            );
            x += w;
        }
        let total: usize = parts.iter().map(|p| p.0).sum();
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\">{total}</text>",
            x + 4.0,
            y + 14.0
        );
    }
    out.push_str("</svg>");
    out
}

/// Columns of counts over consecutive ranges labelled below, with a dashed line at the
/// left edge of column `line_at` (labelled `line`).
pub fn histogram(counts: &[usize], ticks: &[String], line_at: usize, line: &Label) -> String {
    let (h, base, top) = (196.0, 166.0, 32.0);
    let n = counts.len().max(1) as f64;
    let (left, right) = (30.0, WIDTH - 10.0);
    let col_w = (right - left) / n;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {h}\" width=\"{WIDTH}\" height=\"{h}\" \
         role=\"img\"><line x1=\"{left}\" y1=\"{base}\" x2=\"{right}\" y2=\"{base}\" \
         stroke=\"#8c959f\"/>"
    );
    for (i, c) in counts.iter().enumerate() {
        let x = left + i as f64 * col_w;
        let bh = *c as f64 / max * (base - top);
        let colour = if i < line_at { AMBER } else { GREEN };
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{colour}\">\
             <title>{}: {c}</title></rect>",
            x + 2.0,
            base - bh,
            col_w - 4.0,
            esc(ticks.get(i).map(String::as_str).unwrap_or(""))
        );
        if *c > 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{c}</text>",
                x + col_w / 2.0,
                base - bh - 3.0
            );
        }
        if let Some(t) = ticks.get(i) {
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + col_w / 2.0,
                base + 14.0,
                esc(t)
            );
        }
    }
    let lx = left + line_at as f64 * col_w;
    let _ = write!(
        out,
        "<line class=\"mark\" x1=\"{lx:.1}\" y1=\"{:.1}\" x2=\"{lx:.1}\" y2=\"{base}\" \
         stroke=\"{RED}\" stroke-dasharray=\"4 3\"/>",
        16.0
    );
    text(&mut out, lx + 4.0, 12.0, "start", line);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_labels() {
        let svg = bars(&[
            (Label::same("F002"), vec![(4, AMBER)]),
            (
                Label {
                    zh: "失败".into(),
                    en: "<failed>".into(),
                },
                vec![(1, RED), (1, BLUE)],
            ),
        ]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("&lt;failed&gt;") && svg.contains("class=\"zh\""));
        assert!(svg.contains(">4</text>") && svg.contains(">2</text>"));
        assert_eq!(fit(&"长".repeat(30)).chars().count(), 13);
    }

    #[test]
    fn histogram_marks_its_line() {
        let ticks: Vec<String> = (0..3).map(|i| i.to_string()).collect();
        let svg = histogram(&[0, 5, 2], &ticks, 1, &Label::same("90%"));
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("stroke-dasharray") && svg.contains(">90%</text>"));
        // empty data still gives a chart
        assert!(histogram(&[], &[], 0, &Label::same("x")).contains("</svg>"));
    }
}
