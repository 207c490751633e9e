//! Reading figures out of one piece of prose (a paragraph or a cell's text).
//!
//! The text is normalised character by character (full-width to half-width, white
//! space dropped) while remembering where each character came from, so that spans
//! are reported in characters of the text as written even though matching happens on
//! the normalised form ("1060 万元" and "１０６０万元" read alike).

use crate::value::MoneyUnit;

/// The normalised text of a paragraph or cell, with segment boundaries.
pub struct Norm {
    /// Normalised characters; line breaks are kept as '\n'.
    pub c: Vec<char>,
    /// For each normalised character, its index among the original characters.
    pub orig: Vec<usize>,
    /// The original characters.
    pub raw: Vec<char>,
    /// Per character: the full sentence (。 ! ? line break), the sentence (also ；),
    /// the clause (also ， ： 、 and brackets) it belongs to, and its bracket depth.
    pub full: Vec<usize>,
    pub sent: Vec<usize>,
    pub clause: Vec<usize>,
    pub depth: Vec<u32>,
}

fn half(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3014}' | '\u{3010}' => '[',
        '\u{3015}' | '\u{3011}' => ']',
        _ => c,
    }
}

fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn is_full_end(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '\n')
}

fn is_sent_end(c: char) -> bool {
    is_full_end(c) || c == ';'
}

fn is_clause_end(c: char) -> bool {
    is_sent_end(c) || matches!(c, ',' | ':' | '、' | '(' | ')' | '[' | ']' | '《' | '》')
}

impl Norm {
    #[cfg(test)]
    pub fn new(text: &str) -> Norm {
        Norm::read(text, false, &crate::normalize::Patterns::builtin())
    }

    /// `cell`: the text is a table cell's, whose line breaks between two ideographs are
    /// wrapping ("重点救助 / 对象" in a PDF cell), not the end of a sentence. A paragraph's
    /// break may end a heading without a stop, so it is kept there.
    pub fn read(text: &str, cell: bool, patterns: &crate::normalize::Patterns) -> Norm {
        let raw: Vec<char> = text.chars().collect();
        // traditional characters fold to simplified so that one cue list reads both
        // (資金 → 资金); the record quotes `raw`, the text as written
        let mut c = Vec::with_capacity(raw.len());
        let mut orig = Vec::with_capacity(raw.len());
        for (i, &ch) in raw.iter().enumerate() {
            if ch == '\n' || ch == '\r' {
                let next = raw
                    .get(i + 1..)
                    .and_then(|r| r.iter().find(|x| !x.is_whitespace()));
                let wrapped = cell
                    && c.last().is_some_and(|&p| is_ideograph(p))
                    && next.is_some_and(|&x| is_ideograph(x));
                if wrapped {
                    continue;
                }
                if c.last() != Some(&'\n') {
                    c.push('\n');
                    orig.push(i);
                }
                continue;
            }
            let h = patterns.simplified_char(half(ch));
            if h.is_whitespace() {
                continue;
            }
            c.push(h);
            orig.push(i);
        }
        let n = c.len();
        let (mut full, mut sent, mut clause, mut depth) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut f, mut s, mut k, mut d) = (0usize, 0usize, 0usize, 0u32);
        for &ch in &c {
            if ch == ')' || ch == ']' {
                d = d.saturating_sub(1);
            }
            full.push(f);
            sent.push(s);
            clause.push(k);
            depth.push(d);
            if ch == '(' || ch == '[' {
                d = d.saturating_add(1).min(16);
            }
            if is_full_end(ch) {
                f += 1;
                d = 0;
            }
            if is_sent_end(ch) {
                s += 1;
            }
            if is_clause_end(ch) {
                k += 1;
            }
        }
        Norm {
            c,
            orig,
            raw,
            full,
            sent,
            clause,
            depth,
        }
    }

    pub fn len(&self) -> usize {
        self.c.len()
    }

    pub fn is_empty(&self) -> bool {
        self.c.is_empty()
    }

    /// The normalised characters in `a..b` as a string.
    pub fn s(&self, a: usize, b: usize) -> String {
        self.c
            .get(a..b.min(self.c.len()))
            .map(|x| x.iter().collect())
            .unwrap_or_default()
    }

    pub fn at(&self, i: usize) -> char {
        self.c.get(i).copied().unwrap_or('\0')
    }

    /// Index in the original text of normalised position `i` (the end maps past the last).
    pub fn orig_at(&self, i: usize) -> usize {
        self.orig.get(i).copied().unwrap_or(self.raw.len())
    }

    /// Original character span of normalised `a..b`.
    pub fn orig_span(&self, a: usize, b: usize) -> (usize, usize) {
        let start = self.orig_at(a);
        let end = if b == 0 {
            start
        } else {
            self.orig
                .get(b - 1)
                .map(|x| x + 1)
                .unwrap_or(self.raw.len())
        };
        (start, end.max(start))
    }

    /// The original text of normalised `a..b`, trimmed.
    pub fn orig_text(&self, a: usize, b: usize) -> String {
        let (s, e) = self.orig_span(a, b);
        self.raw
            .get(s..e)
            .map(|x| x.iter().collect::<String>())
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// Start of the segment `ids` holds for position `i`.
    pub fn seg_start(ids: &[usize], i: usize) -> usize {
        let Some(&id) = ids.get(i) else { return i };
        let mut j = i;
        while j > 0 && ids.get(j - 1) == Some(&id) {
            j -= 1;
        }
        j
    }

    /// End (exclusive, before the delimiter) of the segment holding position `i`.
    pub fn seg_end(&self, ids: &[usize], i: usize) -> usize {
        let Some(&id) = ids.get(i) else { return i };
        let mut j = i;
        while ids.get(j) == Some(&id) {
            j += 1;
        }
        // the delimiter closing a segment belongs to it; leave it out
        if j > i && j <= self.c.len() && self.c.get(j - 1).is_some_and(|&ch| is_clause_end(ch)) {
            j - 1
        } else {
            j
        }
    }
}

/// What a figure counts or measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Money(MoneyUnit),
    Persons,
    Visits,
    Households,
    Percent,
    Months,
    PerCapita,
    /// Other counted things (家, 个, 次, 例, 项): kept for sums, never a catalogue figure
    /// unless a label says so.
    Count(&'static str),
}

impl Kind {
    /// Whether two figures can be added or compared.
    pub fn same(self, o: Kind) -> bool {
        match (self, o) {
            (Kind::Money(_), Kind::Money(_)) => true,
            (Kind::Count(a), Kind::Count(b)) => a == b,
            (a, b) => a == b,
        }
    }

    pub fn is_money(self) -> bool {
        matches!(self, Kind::Money(_))
    }

    /// Counts of people, visits or households.
    pub fn is_headcount(self) -> bool {
        matches!(self, Kind::Persons | Kind::Visits | Kind::Households)
    }

    pub fn addable(self) -> bool {
        !matches!(self, Kind::Percent | Kind::PerCapita | Kind::Months)
    }
}

/// A number with its unit, found in the normalised text.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Normalised span of the number and its unit (and a trailing qualifier word).
    pub start: usize,
    pub num_end: usize,
    pub end: usize,
    pub number: f64,
    pub decimals: u32,
    pub kind: Kind,
    pub unit: String,
    /// value = number × scale (万人 → × 10 000); money keeps its written unit.
    pub scale: f64,
    pub qualifier: Option<&'static str>,
}

impl Figure {
    pub fn value(&self) -> f64 {
        self.number * self.scale
    }

    /// Half the rounding step of the written number, in value units.
    pub fn half(&self) -> f64 {
        0.5 * 10f64.powi(-(self.decimals.min(15) as i32)) * self.scale
    }

    /// The value in 万元 for money.
    pub fn wan(&self) -> Option<f64> {
        match self.kind {
            Kind::Money(u) => Some(self.number * u.in_wan()),
            _ => None,
        }
    }

    /// The rounding interval, in 万元 for money and in value units otherwise.
    pub fn interval(&self) -> crate::value::Interval {
        let k = match self.kind {
            Kind::Money(u) => u.in_wan(),
            _ => 1.0,
        };
        let v = self.value();
        let h = self.half();
        crate::value::Interval {
            lo: (v - h) * k,
            hi: (v + h) * k,
        }
    }
}

const UNITS: &[(&str, Unit)] = &[
    ("亿元", Unit::K(Kind::Money(MoneyUnit::Yi), 1.0)),
    ("万元", Unit::K(Kind::Money(MoneyUnit::Wan), 1.0)),
    ("元/人", Unit::K(Kind::PerCapita, 1.0)),
    ("元每人", Unit::K(Kind::PerCapita, 1.0)),
    ("元", Unit::K(Kind::Money(MoneyUnit::Yuan), 1.0)),
    ("万人次", Unit::K(Kind::Visits, 10_000.0)),
    ("万人", Unit::K(Kind::Persons, 10_000.0)),
    ("万名", Unit::K(Kind::Persons, 10_000.0)),
    ("万户", Unit::K(Kind::Households, 10_000.0)),
    ("万家", Unit::K(Kind::Count("家"), 10_000.0)),
    ("万个", Unit::K(Kind::Count("个"), 10_000.0)),
    ("万次", Unit::K(Kind::Count("次"), 10_000.0)),
    ("万", Unit::BareWan),
    ("亿", Unit::K(Kind::Money(MoneyUnit::Yi), 1.0)),
    ("人次", Unit::K(Kind::Visits, 1.0)),
    ("人", Unit::K(Kind::Persons, 1.0)),
    ("名", Unit::K(Kind::Persons, 1.0)),
    ("户", Unit::K(Kind::Households, 1.0)),
    ("个月", Unit::K(Kind::Months, 1.0)),
    ("%", Unit::K(Kind::Percent, 1.0)),
    ("‰", Unit::K(Kind::Percent, 0.1)),
    ("家", Unit::K(Kind::Count("家"), 1.0)),
    ("个", Unit::K(Kind::Count("个"), 1.0)),
    ("次", Unit::K(Kind::Count("次"), 1.0)),
    ("例", Unit::K(Kind::Count("例"), 1.0)),
    ("项", Unit::K(Kind::Count("项"), 1.0)),
];

/// Measure words of things counted in 万 that are not money or people.
const MEASURES: &[char] = &[
    '亩', '头', '只', '吨', '份', '册', '张', '辆', '件', '套', '条', '株', '羽', '箱', '台', '座',
    '斤', '米', '平', '公', '册', '篇', '所', '批', '期',
];

#[derive(Clone, Copy)]
enum Unit {
    K(Kind, f64),
    /// "3359.62万": money when a money word names it, else nothing.
    BareWan,
}

fn starts_with(n: &Norm, i: usize, w: &str) -> bool {
    (i..).zip(w.chars()).all(|(j, ch)| n.at(j) == ch)
}

/// Whether a bare "万" after a number is money, judged by the words before it.
fn money_context(n: &Norm, i: usize) -> bool {
    let a = Norm::seg_start(&n.sent, i);
    let s = n.s(a, i);
    [
        "资金", "预算", "支出", "拨付", "下达", "安排", "金额", "经费",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// The digits of a number from `i` (thousands commas dropped, one decimal point) and
/// where they end.
fn scan_digits(n: &Norm, i: usize) -> (String, usize) {
    let len = n.len();
    let mut j = i;
    let mut text = String::new();
    let mut seen_dot = false;
    while j < len {
        let c = n.at(j);
        if c.is_ascii_digit() {
            text.push(c);
            j += 1;
        } else if c == '.' && !seen_dot && n.at(j + 1).is_ascii_digit() {
            seen_dot = true;
            text.push('.');
            j += 1;
        } else if c == ','
            && !seen_dot
            && (1..=3).all(|k| n.at(j + k).is_ascii_digit())
            && !n.at(j + 4).is_ascii_digit()
            && text.len() <= 3 + 4 * 4
        {
            j += 1;
        } else {
            break;
        }
    }
    (text, j)
}

/// A qualifier written after the unit (以上, 以内, 左右 …) and its length in characters.
fn suffix_qualifier(n: &Norm, end: usize) -> Option<(&'static str, usize)> {
    [
        ("以上", ">="),
        ("及以上", ">="),
        ("以下", "<="),
        ("以内", "<="),
        ("左右", "~"),
        ("上下", "~"),
    ]
    .into_iter()
    .find(|(w, _)| starts_with(n, end, w))
    .map(|(w, q)| (q, w.chars().count()))
}

/// Every figure of the text, in order. Years, dates, document and section numbers are
/// never figures: they carry no unit from the list above, or sit in ranges and brackets
/// that mark them as something else.
pub fn figures(n: &Norm) -> Vec<Figure> {
    let mut out = Vec::new();
    let len = n.len();
    let mut i = 0;
    while i < len {
        let ch = n.at(i);
        if !ch.is_ascii_digit() {
            i += 1;
            continue;
        }
        let prev = if i > 0 { n.at(i - 1) } else { '\0' };
        // the number: digits, thousands commas, one decimal point
        let start = i;
        let (text, j) = scan_digits(n, i);
        let num_end = j;
        i = j.max(i + 1);
        // part of a code or identifier (DRG2, H5, 1.2.3) or a decimal cut in two
        if prev.is_ascii_alphabetic() || prev == '.' || prev == '_' || prev == '/' {
            continue;
        }
        let Ok(number) = text.parse::<f64>() else {
            continue;
        };
        if !number.is_finite() {
            continue;
        }
        let decimals = text
            .split_once('.')
            .map(|(_, d)| d.len() as u32)
            .unwrap_or(0);
        // unit
        let mut unit = None;
        for (w, u) in UNITS {
            if starts_with(n, num_end, w) {
                unit = Some((*w, *u));
                break;
            }
        }
        let Some((uw, u)) = unit else { continue };
        // "42.59万元亩", "57.54万亩", "33.05万头": a measure word after the unit makes it
        // an area or a herd (a typo'd 万元亩 included), never money
        if matches!(u, Unit::BareWan | Unit::K(Kind::Money(_), _))
            && MEASURES.contains(&n.at(num_end + uw.chars().count()))
        {
            i = num_end + uw.chars().count() + 1;
            continue;
        }
        let (kind, scale, uw) = match u {
            Unit::K(k, s) => (k, s, uw.to_string()),
            Unit::BareWan => {
                if money_context(n, start) {
                    (Kind::Money(MoneyUnit::Wan), 1.0, "万".to_string())
                } else {
                    continue;
                }
            }
        };
        let mut end = num_end + uw.chars().count();
        // "元/人/年", "元/人·年"
        if kind == Kind::PerCapita && (starts_with(n, end, "/年") || starts_with(n, end, "·年"))
        {
            end += 2;
        }
        // ranges (6-9个月, 100%-80%) and bracketed numbers (〔2022〕) are not figures
        let before_range = matches!(prev, '-' | '~' | '—' | '至' | '到')
            && start >= 2
            && (n.at(start.saturating_sub(2)).is_ascii_digit()
                || n.at(start.saturating_sub(2)) == '%');
        let after_range =
            matches!(n.at(end), '-' | '~' | '—' | '至') && n.at(end + 1).is_ascii_digit();
        let after_range_plain =
            matches!(n.at(num_end), '-' | '~' | '—') && n.at(num_end + 1).is_ascii_digit();
        if before_range || after_range || after_range_plain || prev == '[' {
            i = end;
            continue;
        }
        // a qualifier written after the unit, else before the number
        let qualifier = match suffix_qualifier(n, end) {
            Some((q, w)) => {
                end += w;
                Some(q)
            }
            None => prefix_qualifier(n, start),
        };
        out.push(Figure {
            start,
            num_end,
            end,
            number,
            decimals,
            kind,
            unit: uw,
            scale,
            qualifier,
        });
        i = end;
    }
    out
}

/// A qualifier written just before the number: ≥, 不低于, 约 …
fn prefix_qualifier(n: &Norm, start: usize) -> Option<&'static str> {
    let a = start.saturating_sub(6);
    let s = n.s(a, start);
    for (w, q) in [
        ("大于等于", ">="),
        ("大于或等于", ">="),
        ("不低于", ">="),
        ("不少于", ">="),
        ("≥", ">="),
        (">=", ">="),
        ("小于等于", "<="),
        ("不超过", "<="),
        ("不高于", "<="),
        ("≤", "<="),
        ("<=", "<="),
        ("超过", ">"),
        ("高于", ">"),
        ("大于", ">"),
        (">", ">"),
        ("低于", "<"),
        ("小于", "<"),
        ("<", "<"),
        ("约", "~"),
        ("近", "~"),
    ] {
        if s.ends_with(w) {
            return Some(q);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(s: &str) -> Vec<(f64, String)> {
        let n = Norm::new(s);
        figures(&n)
            .into_iter()
            .map(|f| (f.value(), f.unit))
            .collect()
    }

    #[test]
    fn units_scales_and_non_figures() {
        assert_eq!(
            figs("2022 年区级下达预算资金 1060 万元，按照配套标准 21.96 元/人"),
            vec![(1060.0, "万元".into()), (21.96, "元/人".into())]
        );
        assert_eq!(figs("资助参保305万人"), vec![(3_050_000.0, "万人".into())]);
        assert_eq!(
            figs("（桂医保发〔2022〕35号）30日内，1.产出指标，6-9个月，100%-80%（含）"),
            vec![]
        );
        assert_eq!(figs("１，０１２．４１万元"), vec![(1012.41, "万元".into())]);
    }

    #[test]
    fn spans_map_back_to_the_text_as_written() {
        let s = "配套资金 1012.41 万元拨付到位";
        let n = Norm::new(s);
        let f = figures(&n);
        let (a, b) = n.orig_span(f[0].start, f[0].end);
        let got: String = s.chars().skip(a).take(b - a).collect();
        assert_eq!(got, "1012.41 万元");
    }

    #[test]
    fn qualifiers() {
        let n = Norm::new("参保率稳定保持在 95% 以上，报销比例75%左右，满意度大于等于95%");
        let q: Vec<_> = figures(&n).iter().map(|f| f.qualifier).collect();
        assert_eq!(q, vec![Some(">="), Some("~"), Some(">=")]);
    }
}
