//! Parsing the values written in forms and prose: numbers, money, rates, targets.
//! Everything is normalised first (full-width → half-width, spaces dropped).

use serde::{Deserialize, Serialize};

/// How a target or actual constrains its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
    /// 左右: roughly.
    #[serde(rename = "~")]
    Approx,
    /// value .. value_hi
    #[serde(rename = "range")]
    Range,
    #[serde(rename = "not_below_last_year")]
    NotBelowLastYear,
    #[serde(rename = "not_above_last_year")]
    NotAboveLastYear,
    /// A graded word such as 明显提高, 有效缓解, 成效明显.
    #[serde(rename = "qualitative")]
    Qualitative,
    /// Anything else: kept as written (and any op a later version writes, read back).
    #[serde(rename = "text", other)]
    Text,
}

/// A parsed target or actual.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parsed {
    pub raw: String,
    pub op: Op,
    #[serde(serialize_with = "crate::record::ser_num")]
    pub value: Option<f64>,
    #[serde(serialize_with = "crate::record::ser_num")]
    pub value_hi: Option<f64>,
    pub unit: Option<String>,
}

/// A number as written, with the count of decimals written (for rounding-aware checks).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    pub value: f64,
    pub decimals: u32,
}

/// Money units as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MoneyUnit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    Wan,
    #[serde(rename = "亿元")]
    Yi,
}

impl MoneyUnit {
    /// How many 万元 one of this unit is.
    pub fn in_wan(self) -> f64 {
        match self {
            MoneyUnit::Yuan => 0.0001,
            MoneyUnit::Wan => 1.0,
            MoneyUnit::Yi => 10_000.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yi => "亿元",
        }
    }
}

/// An amount of money as written: "3359.62万", "28.71亿元", "1,012.41".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub num: Num,
    pub unit: Option<MoneyUnit>,
}

// ---- API ----

/// Full-width digits, letters and punctuation to half-width; ideographic and no-break
/// spaces to a plain space. `％` → `%`, `．` → `.`, `，` → `,`, `（）` → `()`, `～` → `~` …
pub fn halfwidth(s: &str) -> String {
    s.chars().map(halfwidth_char).collect()
}

fn halfwidth_char(c: char) -> char {
    match c {
        '\u{3000}' | '\u{a0}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Characters that are not white space to Unicode but still only pad text in the files.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// `halfwidth` with every kind of white space removed (spaces inside numbers and words are
/// extraction damage, never meaning: "全年预  算数", "1 146.81").
pub fn compact(s: &str) -> String {
    s.chars()
        .map(halfwidth_char)
        .filter(|c| !c.is_whitespace() && !is_invisible(*c))
        .collect()
}

/// The form `parse_value` reads: `compact` plus the comparison signs that have several
/// spellings folded to one (≧ → ≥, ≦ → ≤, ═ → =, 〜 → ~, − → -).
fn normalise(s: &str) -> String {
    s.chars()
        .map(halfwidth_char)
        .filter(|c| !c.is_whitespace() && !is_invisible(*c))
        .map(|c| match c {
            '≧' | '⩾' => '≥',
            '≦' | '⩽' => '≤',
            '═' => '=',
            '〜' => '~',
            '−' | '﹣' => '-',
            '﹪' => '%',
            _ => c,
        })
        .collect()
}

/// Scans a number at the start of an already normalised string: optional sign, digits
/// (thousands separators only in valid groups of three), optional decimals.
/// Returns the number and the byte length it takes.
fn scan_number(s: &str) -> Option<(Num, usize)> {
    let b = s.as_bytes();
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let run_from = |i: usize| {
        b.get(i..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };

    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i = 1;
    }
    let first = run_from(i);
    if first == 0 {
        return None;
    }
    i += first;
    if first <= 3 {
        while b.get(i) == Some(&b',')
            && digit_at(i + 1)
            && digit_at(i + 2)
            && digit_at(i + 3)
            && !digit_at(i + 4)
        {
            i += 4;
        }
    }
    let mut decimals = 0usize;
    if b.get(i) == Some(&b'.') && digit_at(i + 1) {
        decimals = run_from(i + 1);
        i += 1 + decimals;
    }
    let text: String = s.get(..i)?.chars().filter(|c| *c != ',').collect();
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    let decimals = u32::try_from(decimals).unwrap_or(u32::MAX);
    Some((Num { value, decimals }, i))
}

/// A bare number (the whole string): "1146.81", "1,012.41", "１１４６．８１", "-3".
/// Thousands separators must form valid groups ("1,23" is refused); no exponents, no
/// inf/nan, no lone or repeated decimal points.
pub fn parse_number(s: &str) -> Option<Num> {
    let t = normalise(s);
    let (n, len) = scan_number(&t)?;
    (len == t.len()).then_some(n)
}

/// A money amount with an optional unit: "3359.62万", "28.71亿元", "1,012.41".
/// Nothing else may follow the unit.
pub fn parse_amount(s: &str) -> Option<Amount> {
    let t = normalise(s);
    let (num, len) = scan_number(&t)?;
    let unit = match t.get(len..)? {
        "" => None,
        "元" => Some(MoneyUnit::Yuan),
        "万元" | "万" => Some(MoneyUnit::Wan),
        "亿元" | "亿" => Some(MoneyUnit::Yi),
        _ => return None,
    };
    Some(Amount { num, unit })
}

/// Rounds to `decimals` places where that is representable, to drop the noise that
/// scaling by 100 leaves (0.9406 × 100 = 94.06000000000001).
fn round_to(v: f64, decimals: u32) -> f64 {
    if decimals > 15 {
        return v;
    }
    let f = 10f64.powi(decimals as i32);
    let r = (v * f).round() / f;
    if r.is_finite() {
        r
    } else {
        v
    }
}

/// A rate as a percent (the whole string).
///
/// * "94.06%" → 94.06 (2 decimals); "100.00%" → 100 (2 decimals).
/// * A bare number written with decimals and at most 1.5 is a fraction:
///   "0.9406" → 94.06 (2 decimals), "1.00" → 100 (0 decimals). The decimals count drops by
///   two, never below zero.
/// * Any other bare number is taken as a percent already: "94.06" → 94.06, and "1" → 1
///   (an integer cannot be told apart from a fraction, and whole-number rates are the
///   common case in these forms).
pub fn parse_rate(s: &str) -> Option<Num> {
    let t = normalise(s);
    if let Some(head) = t.strip_suffix('%') {
        let (n, len) = scan_number(head)?;
        return (len == head.len()).then_some(n);
    }
    let (n, len) = scan_number(&t)?;
    if len != t.len() {
        return None;
    }
    if n.value.abs() <= 1.5 && n.decimals > 0 {
        let decimals = n.decimals.saturating_sub(2);
        Some(Num {
            value: round_to(n.value * 100.0, decimals),
            decimals,
        })
    } else {
        Some(n)
    }
}

/// The half-open interval a written number stands for: 94.06 → [94.055, 94.065).
pub fn interval(n: Num) -> (f64, f64) {
    let exp = i32::try_from(n.decimals).unwrap_or(i32::MAX);
    let half = 0.5 * 10f64.powi(-exp);
    (n.value - half, n.value + half)
}

/// Units that may follow a number. Matching takes the longest, so 万人次 wins over 万人.
const UNITS: &[&str] = &[
    "%",
    "‰",
    "个百分点",
    "百分点",
    "万人次",
    "人次",
    "万人",
    "人",
    "万户",
    "户",
    "万家",
    "家",
    "个工作日",
    "工作日",
    "个月",
    "个",
    "次",
    "万元",
    "亿元",
    "元",
    "天",
    "日",
    "年",
    "月",
    "周",
    "小时",
    "分钟",
    "件",
    "项",
    "套",
    "所",
    "台",
    "张",
    "份",
    "例",
    "批",
    "场",
    "期",
    "条",
    "篇",
    "名",
    "位",
    "辆",
    "处",
    "座",
    "间",
    "床",
    "册",
    "本",
    "种",
    "类",
    "级",
    "分",
    "万",
    "亿",
    "平方米",
    "公里",
    "千米",
    "米",
    "吨",
    "万亩",
    "亩",
    "公顷",
    "岁",
    "倍",
    "轮",
    "组",
    "支",
    "盒",
    "枚",
    "块",
    "单",
    "笔",
];

/// Longest unit spelt at the start of `s`, with "/人", "/期", "/年" … compounds.
fn scan_unit(s: &str) -> Option<(String, usize)> {
    let base = UNITS
        .iter()
        .filter(|u| s.starts_with(**u))
        .max_by_key(|u| u.len())?;
    let mut unit = (*base).to_string();
    let mut len = base.len();
    while let Some(rest) = s.get(len..).and_then(|r| r.strip_prefix('/')) {
        let Some(next) = UNITS
            .iter()
            .filter(|u| rest.starts_with(**u) && **u != "%")
            .max_by_key(|u| u.len())
        else {
            break;
        };
        if unit.chars().count() + 1 + next.chars().count() > 10 {
            break;
        }
        unit.push('/');
        unit.push_str(next);
        len += 1 + next.len();
    }
    Some((unit, len))
}

/// Words before a value that set its comparison. Longer spellings come before the shorter
/// ones they contain (不低于 before 低于).
const PREFIX_OPS: &[(&str, Op)] = &[
    ("大于或等于", Op::Ge),
    ("大于等于", Op::Ge),
    ("高于或等于", Op::Ge),
    ("小于或等于", Op::Le),
    ("小于等于", Op::Le),
    ("低于或等于", Op::Le),
    ("不得低于", Op::Ge),
    ("不应低于", Op::Ge),
    ("不得高于", Op::Le),
    ("不得超过", Op::Le),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不大于", Op::Le),
    ("不多于", Op::Le),
    ("控制在", Op::Le),
    ("保持在", Op::Ge),
    ("稳定在", Op::Ge),
    ("大约", Op::Approx),
    ("至少", Op::Ge),
    ("达到", Op::Ge),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("超过", Op::Gt),
    ("多于", Op::Gt),
    ("低于", Op::Lt),
    ("小于", Op::Lt),
    ("少于", Op::Lt),
    ("等于", Op::Eq),
    (">=", Op::Ge),
    ("=>", Op::Ge),
    ("<=", Op::Le),
    ("=<", Op::Le),
    ("≥", Op::Ge),
    ("≮", Op::Ge),
    ("≤", Op::Le),
    ("≯", Op::Le),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("=", Op::Eq),
    ("约", Op::Approx),
    ("为", Op::Eq),
];

/// Words after a value (and its unit) that set its comparison.
const SUFFIX_OPS: &[(&str, Op)] = &[
    ("及以上", Op::Ge),
    ("以上", Op::Ge),
    ("及以下", Op::Le),
    ("以下", Op::Le),
    ("以内", Op::Le),
    ("之内", Op::Le),
    ("左右", Op::Approx),
    ("上下", Op::Approx),
];

/// Lead-in words that say nothing about the value.
const LEAD_INS: &[&str] = &["原则上", "确保", "力争", "平均"];

/// Where a value cell turns into prose: "100%。符合救助条件的对象…".
fn is_clause_break(s: &str) -> bool {
    // "1,23" is a broken number, not the value 1 followed by prose.
    s.starts_with('。')
        || s.starts_with(';')
        || s.strip_prefix(',')
            .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_digit()))
}

fn strip_range_sep(s: &str) -> Option<&str> {
    ["-", "~", "—", "–", "―", "至", "到"]
        .iter()
        .find_map(|sep| s.strip_prefix(sep))
}

/// A string starting with a date: 2020年12月底, 12月底前, 2023年12月31日, 2023-12-31.
fn starts_with_date(s: &str) -> bool {
    let b = s.as_bytes();
    let run = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = s.get(run..).unwrap_or("");
    if run == 4 {
        let year = s.get(..4).and_then(|y| y.parse::<u32>().ok()).unwrap_or(0);
        if !(1900..=2100).contains(&year) {
            return false;
        }
        if rest.starts_with('年') {
            return true;
        }
        if let Some(r) = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix('/'))
            .or_else(|| rest.strip_prefix('.'))
        {
            let m = r.bytes().take_while(u8::is_ascii_digit).count();
            let after = r.get(m..).unwrap_or("");
            return (1..=2).contains(&m)
                && (after.is_empty() || after.starts_with(['-', '/', '.', '月']));
        }
        return false;
    }
    if (1..=2).contains(&run) && rest.starts_with('月') {
        let month = s
            .get(..run)
            .and_then(|m| m.parse::<u32>().ok())
            .unwrap_or(0);
        return (1..=12).contains(&month);
    }
    false
}

/// Words that only make sense as deadlines.
fn mentions_deadline(s: &str) -> bool {
    [
        "年底",
        "月底",
        "年末",
        "月末",
        "季度末",
        "年前",
        "月前",
        "日前",
        "日止",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// Exact short answers that grade rather than measure.
const QUALITATIVE_WORDS: &[&str] = &[
    "好",
    "较好",
    "良好",
    "优",
    "优秀",
    "是",
    "否",
    "合格",
    "达标",
    "完成",
    "已完成",
    "满意",
    "基本满意",
    "到位",
    "及时",
    "有效",
    "显著",
    "明显",
    "持平",
    "符合实际",
];

/// Stems of graded phrases (明显提高, 有效缓解, 成效明显, 逐步扩大 …).
const QUALITATIVE_STEMS: &[&str] = &[
    "提高",
    "提升",
    "扩大",
    "缓解",
    "明显",
    "显著",
    "改善",
    "增强",
    "加强",
    "降低",
    "减少",
    "减轻",
    "完成",
    "达标",
    "合格",
    "良好",
    "较好",
    "满意",
    "到位",
    "开展",
    "健全",
    "完善",
    "规范",
    "持平",
    "保持",
    "稳定",
    "有效",
    "稳步",
    "逐步",
    "持续",
    "符合实际",
    "上年",
    "实现",
    "达到",
    "落实",
    "增长",
    "下降",
    "好转",
    "成效",
];

/// A short graded phrase, or prose whose first clause is one.
fn is_qualitative(s: &str) -> bool {
    let first = s
        .split(['。', ';', ',', '!', '?'])
        .next()
        .unwrap_or("")
        .trim_end_matches(['、', '.']);
    if first.is_empty() || first.bytes().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if QUALITATIVE_WORDS.contains(&first) {
        return true;
    }
    // A quality named as a noun (资金使用有效性, 政策知晓度, 任务完成率) is what an
    // indicator measures, not a grade given to it.
    if first.ends_with(['性', '度', '率']) {
        return false;
    }
    first.chars().count() <= 8 && QUALITATIVE_STEMS.iter().any(|w| first.contains(w))
}

/// The numeric reading of a normalised value: op, value, value_hi, unit.
fn parse_numeric(s: &str) -> Option<(Op, f64, Option<f64>, Option<String>)> {
    let mut rest = s;
    while let Some(r) = LEAD_INS.iter().find_map(|w| rest.strip_prefix(w)) {
        rest = r;
    }
    let mut op = None;
    if let Some((r, o)) = PREFIX_OPS
        .iter()
        .find_map(|(w, o)| rest.strip_prefix(w).map(|r| (r, *o)))
    {
        rest = r;
        op = Some(o);
    }
    let (num, len) = scan_number(rest)?;
    rest = rest.get(len..)?;
    let mut unit = None;
    if let Some((u, l)) = scan_unit(rest) {
        unit = Some(u);
        rest = rest.get(l..)?;
    }
    let mut hi = None;
    if let Some(r) = strip_range_sep(rest) {
        if let Some((n2, l2)) = scan_number(r) {
            if !r.starts_with(['-', '+']) {
                hi = Some(n2.value);
                rest = r.get(l2..)?;
                if let Some((u, l)) = scan_unit(rest) {
                    unit = Some(u);
                    rest = rest.get(l..)?;
                }
            }
        }
    }
    if let Some(r) = rest.strip_prefix('(') {
        let close = r.find(')')?;
        let inner = r.get(..close)?;
        if unit.is_none() {
            if let Some((u, l)) = scan_unit(inner) {
                if l == inner.len() {
                    unit = Some(u);
                }
            }
        }
        rest = r.get(close + 1..)?;
    }
    if let Some((r, o)) = SUFFIX_OPS
        .iter()
        .find_map(|(w, o)| rest.strip_prefix(w).map(|r| (r, *o)))
    {
        rest = r;
        op = Some(o);
    }
    if !rest.is_empty() && !is_clause_break(rest) {
        return None;
    }
    let value = num.value;
    match hi {
        Some(h) => {
            let (lo, hi) = if h < value { (h, value) } else { (value, h) };
            Some((Op::Range, lo, Some(hi), unit))
        }
        None => Some((op.unwrap_or(Op::Eq), value, None, unit)),
    }
}

/// Phrases that set a target against last year's figure.
fn last_year_op(s: &str) -> Option<Op> {
    const BASES: [&str; 3] = ["上年", "上一年", "去年"];
    let has = |words: &[&str]| {
        words.iter().any(|w| {
            s.match_indices(w).any(|(at, _)| {
                s.get(at + w.len()..)
                    .is_some_and(|after| BASES.iter().any(|b| after.starts_with(b)))
            })
        })
    };
    if has(&["不低于", "不少于", "不小于", "不得低于"]) {
        Some(Op::NotBelowLastYear)
    } else if has(&["不高于", "不超过", "不大于", "不多于"]) {
        Some(Op::NotAboveLastYear)
    } else {
        None
    }
}

/// Parses a target or an actual as written in an indicator row.
///
/// * Comparisons: ≥ ≧ >= 不低于 不少于 至少 达到 …以上 (`Ge`); > ＞ 大于 高于 超过 (`Gt`);
///   ≤ ≦ 不高于 不超过 控制在 …以下 …以内 (`Le`); < 低于 小于 (`Lt`); 约 …左右 (`Approx`);
///   a, b with - ~ — 至 between (`Range`); a plain value or = ═ (`Eq`).
/// * `unit` is the unit written after the number (%, 人次, 万人, 元/人, 人/期, 个月 …) or in
///   brackets after it ("≥410 (万人)"); values are never scaled ("305万人" stays 305 万人).
/// * A cell that starts with a value and then goes on in prose ("100%。符合救助条件的…")
///   reads as that value; `raw` always keeps the whole cell as written.
/// * 不低于上年 … → `NotBelowLastYear`, 不高于上年 … → `NotAboveLastYear`, value `None`.
///   高于上年 / 低于上年 are graded words (`Qualitative`): they name a direction, not a bound.
/// * Graded words (明显提高, 有效缓解, 成效明显, 达标, 完成, 是 …) → `Qualitative`.
/// * Dates (2020年12月底, 12月底前, 2023年12月31日), placeholders (≥**%) and any other
///   prose → `Text` with no value and no unit.
pub fn parse_value(raw: &str) -> Parsed {
    let s = normalise(raw);
    let s = s.trim_end_matches(['。', ';', ',', '、']);
    let text = |op| Parsed {
        raw: raw.to_string(),
        op,
        value: None,
        value_hi: None,
        unit: None,
    };
    if s.is_empty() || s.contains('*') || starts_with_date(s) {
        return text(Op::Text);
    }
    if let Some((op, value, value_hi, unit)) = parse_numeric(s) {
        return Parsed {
            raw: raw.to_string(),
            op,
            value: Some(value),
            value_hi,
            unit,
        };
    }
    if let Some(op) = last_year_op(s) {
        return text(op);
    }
    if mentions_deadline(s) {
        return text(Op::Text);
    }
    if is_qualitative(s) {
        return text(Op::Qualitative);
    }
    text(Op::Text)
}

/// Phrases saying a target was not reached.
fn says_missed(s: &str) -> bool {
    [
        "未完成",
        "未达到",
        "未实现",
        "没有完成",
        "没有达到",
        "未达标",
        "未能完成",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// Words saying a target was reached.
const ACHIEVED: &[&str] = &[
    "完成",
    "已完成",
    "全部完成",
    "达到",
    "已达到",
    "达标",
    "已达标",
    "实现",
    "已实现",
];

/// Money units in 万元, for converting between 元, 万元 and 亿元.
fn money_in_wan(unit: &str) -> Option<f64> {
    match unit {
        "元" => Some(MoneyUnit::Yuan.in_wan()),
        "万元" | "万" => Some(MoneyUnit::Wan.in_wan()),
        "亿元" | "亿" => Some(MoneyUnit::Yi.in_wan()),
        _ => None,
    }
}

/// A unit-less value read against a percent: a fraction (≤ 1.5, written with decimals) is
/// scaled by 100, a value in 0..=100 is taken as a percent already, anything else is not
/// comparable.
fn bare_as_percent(v: f64, raw: &str) -> Option<f64> {
    if v > 0.0 && v <= 1.5 && (v.fract() != 0.0 || raw.contains(['.', '．'])) {
        Some(v * 100.0)
    } else if (0.0..=100.0).contains(&v) {
        Some(v)
    } else {
        None
    }
}

/// The actual's value in the target's unit, or `None` when the units do not compare.
fn in_target_unit(target: &Parsed, actual: &Parsed, a: f64) -> Option<f64> {
    match (target.unit.as_deref(), actual.unit.as_deref()) {
        (None, None) => Some(a),
        (Some(t), Some(u)) if t == u => Some(a),
        (Some("%"), None) => bare_as_percent(a, &actual.raw),
        (None, Some("%")) => Some(a),
        (Some(_), None) | (None, Some(_)) => Some(a),
        (Some(t), Some(u)) => {
            if let (Some(ft), Some(fu)) = (money_in_wan(t), money_in_wan(u)) {
                return Some(a * fu / ft);
            }
            if t.strip_prefix('万') == Some(u) {
                Some(a / 10_000.0)
            } else if u.strip_prefix('万') == Some(t) {
                Some(a * 10_000.0)
            } else {
                None
            }
        }
    }
}

/// The target's value, made comparable with a percent actual when the target has no unit.
fn target_value(target: &Parsed, actual: &Parsed, t: f64) -> Option<f64> {
    match (target.unit.as_deref(), actual.unit.as_deref()) {
        (None, Some("%")) => bare_as_percent(t, &target.raw),
        _ => Some(t),
    }
}

/// Whether an actual meets its target: `None` where the two cannot be compared.
///
/// * An empty actual → `None`.
/// * Numeric targets (≥ > ≤ < = ~ range) need a numeric actual (its own op, as in "≥99%",
///   is ignored: its value is what was reached) and compatible units: the same unit, or
///   one side without a unit, or a percent against a unit-less value that is a fraction
///   (≤ 1.5, compared ×100) or lies in 0..=100; 万人 against 人 (any 万X against X) and
///   元/万元/亿元 are scaled. Anything else → `None`.
/// * `>=`, `>`, `<=`, `<`: the plain comparison.
/// * `=`: a target of 0 needs exactly 0; any other plain number is a quantity to reach,
///   so the actual must be at least the target ("100%" needs 100%).
/// * `~` (左右): met within 10% of the target (70%左右: 74% is met, 60% is not).
/// * `range`: lo ≤ actual ≤ hi (6-9个月: 8 is met, 13 is not).
/// * `not_below_last_year` / `not_above_last_year`: only the actual's words decide
///   (高于上年, 不低于上年, 持平, 保持 …); a bare number cannot be compared with last year.
/// * `qualitative`: met when the actual repeats the target word or says 完成 / 达到 / 达标 /
///   实现; not met when it says 未完成 / 未达到 / 未实现 / 没有完成; otherwise `None`.
/// * `text`: `None`, unless the actual says the target was not reached.
///
/// Comparisons allow a relative error of 1e-9 so that scaled values compare as written.
pub fn met(target: &Parsed, actual: &Parsed) -> Option<bool> {
    let a_text = normalise(&actual.raw);
    if a_text.is_empty() {
        return None;
    }
    let missed = says_missed(&a_text);
    match target.op {
        Op::Text => missed.then_some(false),
        Op::Qualitative => {
            if missed {
                return Some(false);
            }
            let t_text = normalise(&target.raw);
            let t_text = t_text.trim_end_matches(['。', ';', ',', '、']);
            let first = a_text
                .split(['。', ';', ','])
                .next()
                .unwrap_or("")
                .trim_end_matches(['、', '.']);
            if (!t_text.is_empty() && a_text.contains(t_text)) || ACHIEVED.contains(&first) {
                Some(true)
            } else if matches!((t_text, first), ("是", "否") | ("否", "是")) {
                Some(false)
            } else {
                None
            }
        }
        Op::NotBelowLastYear | Op::NotAboveLastYear => {
            last_year_verdict(target.op == Op::NotBelowLastYear, &a_text)
        }
        Op::Ge | Op::Gt | Op::Le | Op::Lt | Op::Eq | Op::Approx | Op::Range => {
            let Some(a) = actual.value.filter(|_| {
                matches!(
                    actual.op,
                    Op::Eq | Op::Ge | Op::Gt | Op::Le | Op::Lt | Op::Approx
                )
            }) else {
                return missed.then_some(false);
            };
            let t = target_value(target, actual, target.value?)?;
            let a = in_target_unit(target, actual, a)?;
            let eps = 1e-9 * t.abs().max(1.0);
            match target.op {
                Op::Ge => Some(a >= t - eps),
                Op::Gt => Some(a > t + eps),
                Op::Le => Some(a <= t + eps),
                Op::Lt => Some(a < t - eps),
                Op::Eq if t == 0.0 => Some(a.abs() <= eps),
                Op::Eq => Some(a >= t - eps),
                Op::Approx => Some((a - t).abs() <= 0.1 * t.abs() + eps),
                _ => {
                    let hi = target_value(target, actual, target.value_hi?)?;
                    Some(a >= t - eps && a <= hi + eps)
                }
            }
        }
    }
}

/// [`met`] for an indicator whose quantity is better low (受害率, 投诉率 …): a bare
/// number target is then a ceiling (0.9 → at most 0.9), not a level to reach.
pub fn met_oriented(target: &Parsed, actual: &Parsed, lower_is_better: bool) -> Option<bool> {
    if lower_is_better && target.op == Op::Eq {
        let ceiling = Parsed {
            op: Op::Le,
            ..target.clone()
        };
        return met(&ceiling, actual);
    }
    met(target, actual)
}

/// Reads an actual's words against a last-year target.
fn last_year_verdict(not_below: bool, a: &str) -> Option<bool> {
    let same = ["持平", "保持", "一致"].iter().any(|w| a.contains(w));
    let not_lower = ["不低于上年", "不少于上年", "不低于去年"]
        .iter()
        .any(|w| a.contains(w));
    let not_higher = ["不高于上年", "不超过上年", "不高于去年"]
        .iter()
        .any(|w| a.contains(w));
    let higher = !not_higher
        && ["高于上年", "高于去年", "超过上年"]
            .iter()
            .any(|w| a.contains(w));
    let lower =
        (a.contains("低于上年") || a.contains("低于去年") || a.contains("少于上年")) && !not_lower;
    if not_below {
        if not_lower || higher || same {
            Some(true)
        } else if lower {
            Some(false)
        } else {
            None
        }
    } else if not_higher || lower || same {
        Some(true)
    } else if higher {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, op: Op, value: Option<f64>, hi: Option<f64>, unit: Option<&str>) {
        let p = parse_value(raw);
        assert_eq!(p.raw, raw, "raw of {raw:?}");
        assert_eq!(p.op, op, "op of {raw:?}");
        assert_eq!(p.value, value, "value of {raw:?}");
        assert_eq!(p.value_hi, hi, "value_hi of {raw:?}");
        assert_eq!(p.unit.as_deref(), unit, "unit of {raw:?}");
    }

    fn num(value: f64, decimals: u32) -> Num {
        Num { value, decimals }
    }

    #[test]
    fn halfwidth_and_compact() {
        assert_eq!(halfwidth("１１４６．８１"), "1146.81");
        assert_eq!(halfwidth("％，（）＞＜＝～"), "%,()><=~");
        assert_eq!(halfwidth("全年\u{3000}预算"), "全年 预算");
        assert_eq!(halfwidth("ＡＢｃ"), "ABc");
        assert_eq!(compact(" 全年预  算数\u{a0}\u{3000}\t\n"), "全年预算数");
        assert_eq!(compact("1 146．81 万元"), "1146.81万元");
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1146.81"), Some(num(1146.81, 2)));
        assert_eq!(parse_number("1,012.41"), Some(num(1012.41, 2)));
        assert_eq!(parse_number("１１４６．８１"), Some(num(1146.81, 2)));
        assert_eq!(parse_number("-3"), Some(num(-3.0, 0)));
        assert_eq!(parse_number("+3.50"), Some(num(3.5, 2)));
        assert_eq!(parse_number("208,629.83"), Some(num(208629.83, 2)));
        assert_eq!(parse_number("1,234,567"), Some(num(1234567.0, 0)));
        assert_eq!(parse_number(" 15329.53 "), Some(num(15329.53, 2)));
        for bad in [
            "",
            ".",
            "1.2.3",
            "1,23",
            "1,2345",
            "1234,567",
            ",123",
            "1.",
            ".5",
            "inf",
            "nan",
            "NaN",
            "1e5",
            "1E5",
            "-",
            "12a",
            "１２万",
            "--1",
        ] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn amounts() {
        let a = |s| parse_amount(s);
        assert_eq!(
            a("3359.62万"),
            Some(Amount {
                num: num(3359.62, 2),
                unit: Some(MoneyUnit::Wan)
            })
        );
        assert_eq!(
            a("28.71亿元"),
            Some(Amount {
                num: num(28.71, 2),
                unit: Some(MoneyUnit::Yi)
            })
        );
        assert_eq!(
            a("１１４６．８１"),
            Some(Amount {
                num: num(1146.81, 2),
                unit: None
            })
        );
        assert_eq!(
            a("1,012.41"),
            Some(Amount {
                num: num(1012.41, 2),
                unit: None
            })
        );
        assert_eq!(
            a("1412.75 万元"),
            Some(Amount {
                num: num(1412.75, 2),
                unit: Some(MoneyUnit::Wan)
            })
        );
        assert_eq!(
            a("550元"),
            Some(Amount {
                num: num(550.0, 0),
                unit: Some(MoneyUnit::Yuan)
            })
        );
        assert_eq!(
            a("5.45亿"),
            Some(Amount {
                num: num(5.45, 2),
                unit: Some(MoneyUnit::Yi)
            })
        );
        assert_eq!(a("1412.75万元,其中"), None);
        assert_eq!(a("万元"), None);
        assert_eq!(a("305万人"), None);
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("94.06%"), Some(num(94.06, 2)));
        assert_eq!(parse_rate("100.00%"), Some(num(100.0, 2)));
        assert_eq!(parse_rate("0.9406"), Some(num(94.06, 2)));
        assert_eq!(parse_rate("94.06"), Some(num(94.06, 2)));
        assert_eq!(parse_rate("1.00"), Some(num(100.0, 0)));
        assert_eq!(parse_rate("0.5"), Some(num(50.0, 0)));
        assert_eq!(parse_rate("1"), Some(num(1.0, 0)));
        assert_eq!(parse_rate("１０１％"), Some(num(101.0, 0)));
        assert_eq!(parse_rate("≥99%"), None);
        assert_eq!(parse_rate("%"), None);
        assert_eq!(parse_rate("15.36%%"), None);
    }

    #[test]
    fn intervals() {
        let (lo, hi) = interval(num(94.06, 2));
        assert!((lo - 94.055).abs() < 1e-9 && (hi - 94.065).abs() < 1e-9);
        assert_eq!(interval(num(31811.0, 0)), (31810.5, 31811.5));
        let (lo, hi) = interval(num(1.0, u32::MAX));
        assert_eq!((lo, hi), (1.0, 1.0));
    }

    #[test]
    fn comparisons() {
        use Op::*;
        let pct = Some("%");
        check("≥70%", Ge, Some(70.0), None, pct);
        check("≧70%", Ge, Some(70.0), None, pct);
        check(">=70%", Ge, Some(70.0), None, pct);
        check("＞90%", Gt, Some(90.0), None, pct);
        check("大于90%", Gt, Some(90.0), None, pct);
        check("高于90%", Gt, Some(90.0), None, pct);
        check("不低于95%", Ge, Some(95.0), None, pct);
        check("不少于100人", Ge, Some(100.0), None, Some("人"));
        check("至少3次", Ge, Some(3.0), None, Some("次"));
        check("达到95%以上", Ge, Some(95.0), None, pct);
        check("95%以上", Ge, Some(95.0), None, pct);
        check("95% 以上", Ge, Some(95.0), None, pct);
        check("≤5%", Le, Some(5.0), None, pct);
        check("≦5%", Le, Some(5.0), None, pct);
        check("不高于5%", Le, Some(5.0), None, pct);
        check("不超过5%", Le, Some(5.0), None, pct);
        check("低于5%", Lt, Some(5.0), None, pct);
        check("小于5%", Lt, Some(5.0), None, pct);
        check("控制在5%以内", Le, Some(5.0), None, pct);
        check("5%以下", Le, Some(5.0), None, pct);
        check("5%以内", Le, Some(5.0), None, pct);
        check("=100%", Eq, Some(100.0), None, pct);
        check("═100%", Eq, Some(100.0), None, pct);
        check("＝100％", Eq, Some(100.0), None, pct);
        check("70%左右", Approx, Some(70.0), None, pct);
        check("约70%", Approx, Some(70.0), None, pct);
        check("≥ 99 %", Ge, Some(99.0), None, pct);
    }

    #[test]
    fn plain_values_and_units() {
        use Op::*;
        check("100%", Eq, Some(100.0), None, Some("%"));
        check("0", Eq, Some(0.0), None, None);
        check("31811", Eq, Some(31811.0), None, None);
        check("1146.81万元", Eq, Some(1146.81), None, Some("万元"));
        check("≥410", Ge, Some(410.0), None, None);
        check("≥410 (万人)", Ge, Some(410.0), None, Some("万人"));
        check("≥410（万人）", Ge, Some(410.0), None, Some("万人"));
        check("≥550元", Ge, Some(550.0), None, Some("元"));
        check("1人/期", Eq, Some(1.0), None, Some("人/期"));
        check("21.96元/人", Eq, Some(21.96), None, Some("元/人"));
        check("305万人", Eq, Some(305.0), None, Some("万人"));
        check("525万人次", Eq, Some(525.0), None, Some("万人次"));
        check("2355人次", Eq, Some(2355.0), None, Some("人次"));
        check("13个月", Eq, Some(13.0), None, Some("个月"));
        check("3418家", Eq, Some(3418.0), None, Some("家"));
        check("18.37亿元", Eq, Some(18.37), None, Some("亿元"));
        check("30天", Eq, Some(30.0), None, Some("天"));
        check("15日", Eq, Some(15.0), None, Some("日"));
        check("3年", Eq, Some(3.0), None, Some("年"));
        check("85.15%", Eq, Some(85.15), None, Some("%"));
        check("92.00%", Eq, Some(92.0), None, Some("%"));
        check("≥99%", Ge, Some(99.0), None, Some("%"));
        check("1,012.41万元", Eq, Some(1012.41), None, Some("万元"));
        check("１１４６．８１", Eq, Some(1146.81), None, None);
    }

    #[test]
    fn ranges() {
        use Op::Range;
        let m = Some("个月");
        check("6-9个月", Range, Some(6.0), Some(9.0), m);
        check("6~9个月", Range, Some(6.0), Some(9.0), m);
        check("6～9个月", Range, Some(6.0), Some(9.0), m);
        check("6—9个月", Range, Some(6.0), Some(9.0), m);
        check("6至9个月", Range, Some(6.0), Some(9.0), m);
        check("6个月-9个月", Range, Some(6.0), Some(9.0), m);
        check("80%-90%", Range, Some(80.0), Some(90.0), Some("%"));
        check("100%-80%", Range, Some(80.0), Some(100.0), Some("%"));
    }

    #[test]
    fn last_year() {
        use Op::*;
        for raw in [
            "不低于上年",
            "不低于上年度",
            "不低于上年度前三季度",
            "不少于上年",
        ] {
            check(raw, NotBelowLastYear, None, None, None);
        }
        check(
            "原则上不低于上年度前三季度住院救助人次",
            NotBelowLastYear,
            None,
            None,
            None,
        );
        check(
            "原则上不低于上年度前三季度门诊救助人次",
            NotBelowLastYear,
            None,
            None,
            None,
        );
        check("不高于上年", NotAboveLastYear, None, None, None);
        check("不超过上年", NotAboveLastYear, None, None, None);
        check("高于上年", Qualitative, None, None, None);
        check("低于上年", Qualitative, None, None, None);
    }

    #[test]
    fn qualitative_words() {
        for raw in [
            "明显提高",
            "有效提高",
            "有所提升",
            "逐步扩大",
            "有效缓解",
            "成效明显",
            "显著",
            "稳步提高",
            "普遍开展",
            "达标",
            "合格",
            "完成",
            "已完成",
            "符合实际",
            "持续提高",
            "较好",
            "良好",
            "好",
            "是",
            "否",
            "有所提升。",
            "有所提升。2023年,广西持续加大…",
        ] {
            check(raw, Op::Qualitative, None, None, None);
        }
        // Names of qualities read like grades but are not.
        for raw in ["资金使用有效性", "制度健全有效性", "满意度", "完成率"] {
            check(raw, Op::Text, None, None, None);
        }
    }

    #[test]
    fn lower_is_better_targets_are_ceilings() {
        let t = parse_value("0.9");
        assert_eq!(
            met(&t, &parse_value("0")),
            Some(false),
            "bare target: at least"
        );
        assert_eq!(met_oriented(&t, &parse_value("0"), true), Some(true));
        assert_eq!(met_oriented(&t, &parse_value("1.2"), true), Some(false));
        // a written comparison is kept
        let ge = parse_value("≥0.9");
        assert_eq!(met_oriented(&ge, &parse_value("0"), true), Some(false));
    }

    #[test]
    fn dates_placeholders_and_text() {
        for raw in [
            "2020年12月底",
            "12月底前",
            "2023年12月31日",
            "2023-12-31",
            "2023年",
            "12月模拟运",
            "(≥**%)",
            "≥**%",
            "符合救助条件的对象按规定纳入救助范围",
            "覆盖低保、特困、农村低收入人口、低保边缘及因病致贫重病患者",
            "新增功能模块1个",
            "对符合条件的重点救助对象资助参加城乡居",
            "财政补助、个人减支高于上",
            "3-5年相对稳定",
            "无",
            "",
            "   ",
            "%",
            "-",
            "年底前完成",
        ] {
            check(raw, Op::Text, None, None, None);
        }
    }

    #[test]
    fn value_then_prose() {
        let raw = "100%。符合救助条件的对象已按规定纳入救助范围。2023年，广西医疗救助资金共资助参保305万人；直接救助对象525万人次。";
        check(raw, Op::Eq, Some(100.0), None, Some("%"));
        check(
            "100%。不低于上年。与上年保持一致。",
            Op::Eq,
            Some(100.0),
            None,
            Some("%"),
        );
        check(
            "305万人；直接救助对象525万人次",
            Op::Eq,
            Some(305.0),
            None,
            Some("万人"),
        );
    }

    /// Targets and actuals as written in the indicator tables of the four seed reports.
    #[test]
    fn seed_values() {
        use Op::*;
        type Row = (
            &'static str,
            Op,
            Option<f64>,
            Option<f64>,
            Option<&'static str>,
        );
        let pct = Some("%");
        let rows: &[Row] = &[
            // 000: 米易县 城乡医疗救助
            (
                "符合救助条件的对象按规定纳入救助范围",
                Text,
                None,
                None,
                None,
            ),
            ("31811", Eq, Some(31811.0), None, None),
            ("符合资助参保条件的对象人次数", Text, None, None, None),
            ("21575", Eq, Some(21575.0), None, None),
            ("2355", Eq, Some(2355.0), None, None),
            ("7881", Eq, Some(7881.0), None, None),
            ("≥70%", Ge, Some(70.0), None, pct),
            ("80%", Eq, Some(80.0), None, pct),
            ("不低于上年", NotBelowLastYear, None, None, None),
            ("覆盖人群", Text, None, None, None),
            ("明显提高", Qualitative, None, None, None),
            ("有效缓解", Qualitative, None, None, None),
            ("成效明显", Qualitative, None, None, None),
            ("≥95%", Ge, Some(95.0), None, pct),
            ("98%", Eq, Some(98.0), None, pct),
            ("94.06%", Eq, Some(94.06), None, pct),
            // 001: 绵阳市, three forms
            ("194279", Eq, Some(194279.0), None, None),
            ("150226", Eq, Some(150226.0), None, None),
            ("符合实际", Qualitative, None, None, None),
            ("70%", Eq, Some(70.0), None, pct),
            ("逐步扩大", Qualitative, None, None, None),
            ("≥80%", Ge, Some(80.0), None, pct),
            ("≥85%", Ge, Some(85.0), None, pct),
            ("85%", Eq, Some(85.0), None, pct),
            ("≥410", Ge, Some(410.0), None, None),
            ("412", Eq, Some(412.0), None, None),
            ("≥550元", Ge, Some(550.0), None, Some("元")),
            ("≥250元", Ge, Some(250.0), None, Some("元")),
            ("250", Eq, Some(250.0), None, None),
            ("≥91.5%", Ge, Some(91.5), None, pct),
            ("92.00%", Eq, Some(92.0), None, pct),
            ("≥98%", Ge, Some(98.0), None, pct),
            ("101%", Eq, Some(101.0), None, pct),
            ("0", Eq, Some(0.0), None, None),
            ("70%左右", Approx, Some(70.0), None, pct),
            ("74%", Eq, Some(74.0), None, pct),
            ("≥40%", Ge, Some(40.0), None, pct),
            ("52%", Eq, Some(52.0), None, pct),
            ("普遍开展", Qualitative, None, None, None),
            ("6-9个月", Range, Some(6.0), Some(9.0), Some("个月")),
            ("13", Eq, Some(13.0), None, None),
            ("≥90%", Ge, Some(90.0), None, pct),
            ("95%", Eq, Some(95.0), None, pct),
            ("2", Eq, Some(2.0), None, None),
            ("4", Eq, Some(4.0), None, None),
            ("7", Eq, Some(7.0), None, None),
            ("2020年12月底", Text, None, None, None),
            ("12月贯彻落", Text, None, None, None),
            ("新增功能模块1个", Text, None, None, None),
            ("1人/期", Eq, Some(1.0), None, Some("人/期")),
            ("嵌入核查功能模块1个", Text, None, None, None),
            ("≥78%", Ge, Some(78.0), None, pct),
            ("78%", Eq, Some(78.0), None, pct),
            ("高于上年", Qualitative, None, None, None),
            ("77.32%", Eq, Some(77.32), None, pct),
            ("15.36%", Eq, Some(15.36), None, pct),
            ("42.34%", Eq, Some(42.34), None, pct),
            // 002: 广西
            (
                "符合救助条件的对象按规定 纳入救助范围",
                Text,
                None,
                None,
                None,
            ),
            ("78.60%", Eq, Some(78.6), None, pct),
            ("≥99%", Ge, Some(99.0), None, pct),
            ("有所提升", Qualitative, None, None, None),
            (
                "100%。有所提升。2023年，广西持续加大医保基金监管力度",
                Eq,
                Some(100.0),
                None,
                pct,
            ),
            ("81.77%", Eq, Some(81.77), None, pct),
            ("85.15%", Eq, Some(85.15), None, pct),
            // 004: 钟山 (prose values)
            ("95%以上", Ge, Some(95.0), None, pct),
            ("90%以上", Ge, Some(90.0), None, pct),
            ("75% 左右", Approx, Some(75.0), None, pct),
            ("21.96 元/人", Eq, Some(21.96), None, Some("元/人")),
            ("610元/人", Eq, Some(610.0), None, Some("元/人")),
            ("46 万人", Eq, Some(46.0), None, Some("万人")),
            ("461025 人", Eq, Some(461025.0), None, Some("人")),
            ("1012.41 万元", Eq, Some(1012.41), None, Some("万元")),
        ];
        for (raw, op, value, hi, unit) in rows {
            check(raw, *op, *value, *hi, *unit);
        }
    }

    fn m(t: &str, a: &str) -> Option<bool> {
        met(&parse_value(t), &parse_value(a))
    }

    #[test]
    fn met_contract() {
        assert_eq!(m("≥70%", "80%"), Some(true));
        assert_eq!(m("≥70%", "70%"), Some(true));
        assert_eq!(m("≥70%", "69.99%"), Some(false));
        assert_eq!(m("≥98%", "101%"), Some(true));
        assert_eq!(m("6-9个月", "13"), Some(false));
        assert_eq!(m("6-9个月", "8"), Some(true));
        assert_eq!(m("6-9个月", "9个月"), Some(true));
        assert_eq!(m("70%左右", "74%"), Some(true));
        assert_eq!(m("70%左右", "60%"), Some(false));
        assert_eq!(m("≥550元", "550"), Some(true));
        assert_eq!(m("≥410", "412"), Some(true));
        assert_eq!(m("0", "0"), Some(true));
        assert_eq!(m("0", "3"), Some(false));
        assert_eq!(m("2", "4"), Some(true));
        assert_eq!(m("2", "1"), Some(false));
        assert_eq!(m("100%", "100%"), Some(true));
        assert_eq!(m("100%", "99%"), Some(false));
        assert_eq!(m("不低于上年", "100%"), None);
        assert_eq!(m("不低于上年", "高于上年"), Some(true));
        assert_eq!(m("不低于上年", "与上年持平"), Some(true));
        assert_eq!(m("不低于上年", "低于上年"), Some(false));
        assert_eq!(m("不高于上年", "高于上年"), Some(false));
        assert_eq!(m("不高于上年", "低于上年"), Some(true));
        assert_eq!(
            m(
                "不低于上年",
                "100%。不低于上年。与上年广西市域内一站式即时结算覆盖率保持一致。"
            ),
            Some(true)
        );
        assert_eq!(m("明显提高", "明显提高"), Some(true));
        assert_eq!(
            m("有所提升", "100%。有所提升。2023年,广西持续加大"),
            Some(true)
        );
        assert_eq!(m("普遍开展", "已完成"), Some(true));
        assert_eq!(m("普遍开展", "未完成"), Some(false));
        assert_eq!(m("明显提高", "有所提高"), None);
        assert_eq!(m("是", "是"), Some(true));
        assert_eq!(m("是", "否"), Some(false));
        assert_eq!(m("≥99%", "≥99%"), Some(true));
        assert_eq!(m("符合救助条件的对象按规定纳入救助范围", "31811"), None);
        assert_eq!(
            m("符合救助条件的对象按规定纳入救助范围", "未完成"),
            Some(false)
        );
        assert_eq!(m("2020年12月底", "12月模拟运"), None);
        assert_eq!(m("≥70%", ""), None);
        assert_eq!(m("≥70%", "   "), None);
        assert_eq!(m("≥70%", "有效缓解"), None);
        assert_eq!(m("≥70%", "未达到"), Some(false));
    }

    #[test]
    fn met_units() {
        // A fraction against a percent target is scaled; a bare value in 0..=100 is a percent.
        assert_eq!(m("≥90%", "0.95"), Some(true));
        assert_eq!(m("≥90%", "0.85"), Some(false));
        assert_eq!(m("≥90%", "95"), Some(true));
        assert_eq!(m("≥90%", "950"), None);
        assert_eq!(m("≥410万人", "412万人"), Some(true));
        assert_eq!(m("≥410万人", "4120000人"), Some(true));
        assert_eq!(m("≥410万人", "4000000人"), Some(false));
        assert_eq!(m("≥1万元", "9000元"), Some(false));
        assert_eq!(m("≥1万元", "1.2万元"), Some(true));
        assert_eq!(m("≤1亿元", "9000万元"), Some(true));
        assert_eq!(m("≥5人", "5户"), None);
        assert_eq!(m("≥90%", "95人"), None);
    }
}
