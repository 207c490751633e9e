//! One paragraph or cell: its figures, what each names, and the relations among them.

use crate::model::Source;
use crate::record::Fact;

use super::lexicon;
use super::text::{figures, Figure, Kind, Norm};
use super::{Breakdown, Narrative, Product, Quantity, Ratio};

/// What the words around a money figure say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Budget,
    Executed,
    Balance,
}

impl Cue {
    fn concept(self) -> &'static str {
        match self {
            Cue::Budget => "fund.budget",
            Cue::Executed => "fund.executed",
            Cue::Balance => "fund.balance",
        }
    }
}

const CUES: &[(&str, Cue)] = &[
    ("下达", Cue::Budget),
    ("安排", Cue::Budget),
    ("预算", Cue::Budget),
    ("补助资金", Cue::Budget),
    ("到位资金", Cue::Budget),
    ("筹集", Cue::Budget),
    ("投入", Cue::Budget),
    ("支出", Cue::Executed),
    ("拨付", Cue::Executed),
    ("执行", Cue::Executed),
    ("兑付", Cue::Executed),
    ("使用资金", Cue::Executed),
    ("结余", Cue::Balance),
    ("节余", Cue::Balance),
    ("剩余", Cue::Balance),
    ("结存", Cue::Balance),
];

/// Money words that name something other than the program's funds.
const MONEY_VETO: &[&str] = &[
    "费用", "罚款", "追回", "金额", "查处", "收入", "征缴", "缴费", "保费", "挽回", "拒付", "垫资",
    "欠费", "收益",
];

/// Words that make a figure a change rather than a level.
const GROWTH: &[&str] = &[
    "同比",
    "环比",
    "增长",
    "增幅",
    "降幅",
    "下降",
    "减少",
    "增加",
    "提高",
    "提升",
    "上升",
    "降低",
    "较上年",
    "比上年",
    "上涨",
    "回落",
];

/// Goal words that make every later figure of their sentence a target.
const TARGET_SENTENCE: &[&str] = &[
    "确保", "力争", "计划", "预计", "目标", "要求", "争取", "预期", "拟",
];
/// Goal words that only make their own clause a target.
const TARGET_CLAUSE: &[&str] = &["设定", "指标值", "预定"];

const LEVELS: &[(&str, &str)] = &[
    ("中央", "central"),
    ("自治区", "provincial"),
    ("省级", "provincial"),
    ("省", "provincial"),
    ("市级", "municipal"),
    ("州级", "municipal"),
    ("盟市", "municipal"),
    ("县级", "county"),
    ("区级", "county"),
    ("旗县", "county"),
    ("地方", "local"),
];

const PURPOSE: &[&str] = &[
    "用于",
    "资助参保",
    "参保资助",
    "门诊",
    "住院",
    "部分",
    "其中",
    "人均",
    "每人",
    "基金",
];

/// A figure with what its words say.
struct Info {
    f: Figure,
    /// Normalised label span (the words before the figure in its clause).
    la: usize,
    label: String,
    cue: Option<Cue>,
    veto: bool,
    fund_pool: bool,
    levels: Vec<&'static str>,
    total_mark: bool,
    purpose: bool,
    target: bool,
    growth: bool,
    including: bool,
    other_period: bool,
    concept: Option<String>,
    line: Option<String>,
    is_total: bool,
    is_part: bool,
}

fn contains_any(s: &str, ws: &[&str]) -> bool {
    ws.iter().any(|w| s.contains(w))
}

/// `s` with the contents of 《…》 titles blanked, so that a law's name gives no cue.
fn without_titles(n: &Norm, a: usize, b: usize) -> String {
    let mut depth = 0u32;
    let mut out = String::new();
    for i in a..b.min(n.len()) {
        let c = n.at(i);
        if c == '《' {
            depth += 1;
        }
        out.push(if depth > 0 { ' ' } else { c });
        if c == '》' {
            depth = depth.saturating_sub(1);
        }
    }
    out
}

/// Nouns that name an allotment only when no verb in the words says otherwise:
/// 拨付…补助资金 is spending.
const WEAK_CUES: &[&str] = &["补助资金", "到位资金", "预算"];

/// The cue ending nearest the end of `s` (the one closest to the figure); verbs win over
/// nouns.
fn last_cue(s: &str) -> Option<(Cue, usize)> {
    let mut best: Option<(Cue, usize, bool)> = None;
    for (w, c) in CUES {
        if let Some(p) = s.rfind(w) {
            let end = p + w.len();
            let weak = WEAK_CUES.contains(w);
            let better = match best {
                None => true,
                Some((_, bend, bweak)) => (bweak && !weak) || (bweak == weak && end > bend),
            };
            if better {
                best = Some((*c, end, weak));
            }
        }
    }
    best.map(|b| (b.0, b.1))
}

fn first_cue(s: &str) -> Option<Cue> {
    let mut best: Option<(Cue, usize)> = None;
    for (w, c) in CUES {
        if let Some(p) = s.find(w) {
            if best.is_none_or(|b| p < b.1) {
                best = Some((*c, p));
            }
        }
    }
    best.map(|b| b.0)
}

/// Whether 共 in `s` marks a total (共下达, 共计) rather than 共同, 公共, 中共.
pub(super) fn has_total_mark(s: &str) -> bool {
    if contains_any(
        s,
        &["合计", "总计", "共计", "总额", "总金额", "总数", "一共"],
    ) {
        return true;
    }
    let cs: Vec<char> = s.chars().collect();
    cs.iter().enumerate().any(|(i, &c)| {
        c == '共'
            && !matches!(cs.get(i + 1), Some('同' | '享' | '建' | '产' | '治'))
            && !matches!(i.checked_sub(1).and_then(|j| cs.get(j)), Some('公' | '中'))
    })
}

fn clean_label(label: &str) -> String {
    let mut s: &str = label;
    // a leading year: "2022年", "2022年度"
    let cs: Vec<char> = s.chars().collect();
    let digits = cs.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 4 && cs.get(4) == Some(&'年') {
        let skip = if cs.get(5) == Some(&'度') { 6 } else { 5 };
        let byte = cs.iter().take(skip).map(|c| c.len_utf8()).sum::<usize>();
        s = s.get(byte..).unwrap_or(s);
    }
    // a leading place name: 米易县, 绵阳市
    let cs: Vec<char> = s.chars().collect();
    if let Some(p) = cs
        .iter()
        .take(7)
        .position(|c| matches!(c, '县' | '市' | '省'))
    {
        let rest: String = cs.iter().skip(p + 1).collect();
        if p >= 2 && rest.chars().count() >= 2 && !rest.starts_with('级') {
            return strip_tail(&rest);
        }
    }
    strip_tail(s)
}

fn strip_tail(s: &str) -> String {
    let mut t = s
        .trim_matches(|c: char| c.is_ascii_punctuation() || c == '、')
        .to_string();
    loop {
        let before = t.len();
        for w in [
            "大于或等于",
            "大于等于",
            "小于等于",
            "不低于",
            "不少于",
            "不超过",
            "不高于",
            "保持在",
            "稳定在",
            "达到",
            "超过",
            "高于",
            "低于",
            "大于",
            "小于",
            "为",
            "达",
            "是",
            "约",
            "近",
            "≥",
            "≤",
            ">=",
            "<=",
            ">",
            "<",
            "=",
            ":",
        ] {
            if let Some(x) = t.strip_suffix(w) {
                t = x.to_string();
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// Level words that qualify the money (县级财政补助资金, 中央756.03万元), not an actor
/// (区级下达 …).
fn levels_in(label: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut consumed = vec![false; label.len() + 1];
    for (w, line) in LEVELS {
        let mut from = 0;
        while let Some(p) = label.get(from..).and_then(|s| s.find(w)).map(|p| p + from) {
            from = p + w.len();
            if consumed.get(p).copied().unwrap_or(true) {
                continue;
            }
            let after = label.get(from..).unwrap_or("");
            let qualifies = after.is_empty()
                || [
                    "级", "财政", "资金", "补助", "配套", "专项", "和", "、", "及", "本级",
                ]
                .iter()
                .any(|x| after.starts_with(x));
            for c in consumed.iter_mut().take(from).skip(p) {
                *c = true;
            }
            if qualifies && !out.contains(line) {
                out.push(line);
            }
        }
    }
    out
}

fn years_in(s: &str) -> Vec<i32> {
    let cs: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 < cs.len() + 1 {
        let w: String = cs.iter().skip(i).take(4).collect();
        let before_digit = i > 0 && cs.get(i - 1).is_some_and(|c| c.is_ascii_digit());
        if !before_digit
            && w.len() == 4
            && w.chars().all(|c| c.is_ascii_digit())
            && cs.get(i + 4) == Some(&'年')
        {
            if let Ok(y) = w.parse::<i32>() {
                if (1990..=2100).contains(&y) {
                    out.push(y);
                }
            }
            i += 5;
        } else {
            i += 1;
        }
    }
    out
}

fn analyse(n: &Norm, figs: Vec<Figure>, all_target: bool, year: Option<i32>) -> Vec<Info> {
    let mut out: Vec<Info> = Vec::new();
    let mut prev_end = 0usize;
    for f in figs {
        let ca = Norm::seg_start(&n.clause, f.start);
        let mut la = ca.max(prev_end.min(f.start));
        if n.clause.get(prev_end.saturating_sub(1)) != n.clause.get(f.start) {
            la = ca;
        }
        let mut label = n.s(la, f.start);
        // "中央和省级财政补助资金，1146.81万元": the words sit in the clause before
        if strip_tail(&label).is_empty() && la > 0 && n.sent.get(la - 1) == n.sent.get(f.start) {
            let pa = Norm::seg_start(&n.clause, la - 1);
            if pa >= prev_end {
                la = pa;
                label = n.s(pa, f.start);
            }
        }
        let sa = Norm::seg_start(&n.sent, f.start);
        let sentence_before = without_titles(n, sa, f.start);
        let clause_end = n.seg_end(&n.clause, f.start);
        let after = without_titles(n, f.end, clause_end);
        let label_plain = without_titles(n, la, f.start);
        let cue = last_cue(&label_plain)
            .map(|c| c.0)
            .or_else(|| first_cue(&after))
            .or_else(|| last_cue(&sentence_before).map(|c| c.0));
        let cue_pos = last_cue(&sentence_before).map(|c| c.1).unwrap_or(0);
        let veto = contains_any(&label_plain, MONEY_VETO)
            || sentence_before
                .get(cue_pos..)
                .is_some_and(|s| contains_any(s, MONEY_VETO));
        let growth = contains_any(&label, GROWTH)
            || label.ends_with('从')
            || [
                "提高到",
                "增加到",
                "上升到",
                "下降到",
                "降低到",
                "增至",
                "降至",
            ]
            .iter()
            .any(|w| label.ends_with(w));
        // goals
        let sentence_label = n.s(sa, f.start);
        let target = all_target
            || contains_any(&sentence_label, TARGET_SENTENCE)
            || contains_any(&label, TARGET_CLAUSE);
        // 含 / 包括 lists
        let including = {
            let mut j = f.start;
            let mut seg_start = sa;
            while j > sa {
                j -= 1;
                let c = n.at(j);
                if c == '(' || c == ',' || c == ';' || c == ':' {
                    seg_start = j + 1;
                    break;
                }
            }
            let seg = n.s(seg_start, f.start);
            ["含", "包含", "包括", "不含"]
                .iter()
                .any(|w| seg.starts_with(w))
        };
        let clause_text = n.s(ca, clause_end);
        let other_period = contains_any(&clause_text, &["上年", "去年", "上一年", "前年", "同期"])
            || match (year, years_in(&sentence_label).last()) {
                (Some(y), Some(&found)) => found != y,
                _ => false,
            };
        let levels = if f.kind.is_money() || f.kind == Kind::Percent {
            levels_in(&label)
        } else {
            Vec::new()
        };
        prev_end = f.end;
        out.push(Info {
            la,
            total_mark: has_total_mark(&label),
            purpose: contains_any(&label, PURPOSE),
            fund_pool: label.contains("基金"),
            label: clean_label(&label),
            cue,
            veto,
            levels,
            target,
            growth,
            including,
            other_period,
            concept: None,
            line: None,
            is_total: false,
            is_part: false,
            f,
        });
    }
    out
}

fn source(n: &Norm, base: &Source, f: &Figure) -> Source {
    let (s, e) = n.orig_span(f.start, f.end);
    Source {
        start: Some(s),
        end: Some(e),
        ..base.clone()
    }
}

fn quantity(n: &Norm, base: &Source, i: &Info) -> Quantity {
    let iv = i.f.interval();
    Quantity {
        label: i.label.clone(),
        concept: i.concept.clone(),
        line: i.line.clone(),
        value: i.f.value(),
        unit: i.f.unit.clone(),
        lo: iv.lo,
        hi: iv.hi,
        written: n.orig_text(i.f.start, i.f.end),
        source: source(n, base, &i.f),
    }
}

/// Whether `i` may be added up with figures of `kind`.
fn addable(i: &Info, kind: Kind) -> bool {
    i.f.kind.addable() && i.f.kind.same(kind) && !i.growth && !i.including
}

fn cue_conflict(a: &Info, b: &Info) -> bool {
    a.f.kind.is_money() && matches!((a.cue, b.cue), (Some(x), Some(y)) if x != y)
}

/// 住院 and 门诊 split a headcount completely; fund levels split money completely.
fn complementary(parts: &[&Info]) -> bool {
    if parts.len() < 2 {
        return false;
    }
    if parts.iter().all(|p| !p.levels.is_empty()) {
        return true;
    }
    let kinds: Vec<&str> = parts
        .iter()
        .filter_map(|p| {
            if p.label.contains("住院") {
                Some("住院")
            } else if p.label.contains("门诊") {
                Some("门诊")
            } else {
                None
            }
        })
        .collect();
    kinds.len() == parts.len() && kinds.contains(&"住院") && kinds.contains(&"门诊")
}

struct Found {
    marker: &'static str,
    total: usize,
    parts: Vec<usize>,
    exhaustive: bool,
}

fn marker_positions(n: &Norm, word: &str) -> Vec<usize> {
    let w: Vec<char> = word.chars().collect();
    (0..n.len())
        .filter(|&i| w.iter().enumerate().all(|(k, c)| n.at(i + k) == *c))
        .collect()
}

fn breakdowns(n: &Norm, infos: &[Info]) -> Vec<Found> {
    let mut out = Vec::new();
    let qizhong: Vec<usize> = marker_positions(n, "其中")
        .into_iter()
        .filter(|&p| n.at(p + 2) != '含' && !(n.at(p + 2) == ':' && n.at(p + 3) == '含'))
        .collect();
    let fenbie = marker_positions(n, "分别");
    let mut markers: Vec<(usize, &'static str)> = qizhong
        .iter()
        .map(|&p| (p, "其中"))
        .chain(fenbie.iter().map(|&p| (p, "分别")))
        .collect();
    markers.sort();
    // 其中 / 分别: the figure before, the figures after
    for &(p, m) in &markers {
        let fs = n.full.get(p).copied();
        let d = n.depth.get(p).copied();
        let Some(ti) = infos.iter().rposition(|i| {
            i.f.end <= p
                && n.full.get(i.f.start).copied() == fs
                && n.depth.get(i.f.start).copied() == d
                && i.f.kind.addable()
                && !i.growth
                && !i.including
        }) else {
            continue;
        };
        let Some(t) = infos.get(ti) else { continue };
        let mut parts = Vec::new();
        for (k, i) in infos.iter().enumerate().skip(ti + 1) {
            if n.full.get(i.f.start).copied() != fs {
                break;
            }
            if i.f.start < p || n.depth.get(i.f.start).copied() != d || !addable(i, t.f.kind) {
                continue;
            }
            if i.total_mark || cue_conflict(t, i) || i.target != t.target {
                break;
            }
            parts.push(k);
        }
        if parts.is_empty() {
            continue;
        }
        let prefs: Vec<&Info> = parts.iter().filter_map(|&k| infos.get(k)).collect();
        let exhaustive = m == "分别" || complementary(&prefs);
        out.push(Found {
            marker: m,
            total: ti,
            parts,
            exhaustive,
        });
    }
    // 合计 / 共计 / 共: the figures before
    for (ti, t) in infos.iter().enumerate() {
        if !t.total_mark || !t.f.kind.addable() || t.growth || t.including {
            continue;
        }
        let fs = n.full.get(t.f.start).copied();
        let d = n.depth.get(t.f.start).copied();
        let floor = markers
            .iter()
            .map(|m| m.0)
            .filter(|&p| p < t.la)
            .filter(|&p| n.full.get(p).copied() == fs)
            .max()
            .unwrap_or(0);
        let mut parts = Vec::new();
        for k in (0..ti).rev() {
            let Some(i) = infos.get(k) else { break };
            if n.full.get(i.f.start).copied() != fs || i.f.start < floor {
                break;
            }
            if n.depth.get(i.f.start).copied() != d || !addable(i, t.f.kind) {
                continue;
            }
            if i.total_mark || cue_conflict(t, i) || i.target != t.target {
                break;
            }
            parts.push(k);
        }
        parts.reverse();
        if parts.len() >= 2 {
            out.push(Found {
                marker: "合计",
                total: ti,
                parts,
                exhaustive: true,
            });
        }
    }
    // 1146.81万元（中央756.03万元、省级390.78万元）
    for (ti, t) in infos.iter().enumerate() {
        if n.at(t.f.end) != '(' || !t.f.kind.addable() || t.growth {
            continue;
        }
        let open = t.f.end;
        let d = n.depth.get(open).copied().unwrap_or(0) + 1;
        let inner = n.s(open + 1, (open + 4).min(n.len()));
        if ["含", "包含", "包括", "不含"]
            .iter()
            .any(|w| inner.starts_with(w))
        {
            continue;
        }
        let mut parts = Vec::new();
        let mut j = open + 1;
        while j < n.len() && !(n.at(j) == ')' && n.depth.get(j).copied() == Some(d - 1)) {
            j += 1;
        }
        for (k, i) in infos.iter().enumerate().skip(ti + 1) {
            if i.f.start >= j {
                break;
            }
            if n.depth.get(i.f.start).copied() == Some(d) && addable(i, t.f.kind) {
                parts.push(k);
            }
        }
        let prefs: Vec<&Info> = parts.iter().filter_map(|&k| infos.get(k)).collect();
        if parts.len() >= 2 && (inner.starts_with("其中") || complementary(&prefs)) {
            out.push(Found {
                marker: "括注",
                total: ti,
                parts,
                exhaustive: true,
            });
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
pub(super) fn unit(
    text: &str,
    base: &Source,
    report: Option<usize>,
    all_target: bool,
    year: Option<i32>,
    facts: &mut Vec<Fact>,
    narrative: &mut Narrative,
) {
    let n = Norm::new(text);
    let figs = figures(&n);
    if figs.is_empty() {
        return;
    }
    let mut infos = analyse(&n, figs, all_target, year);
    let found = breakdowns(&n, &infos);
    for b in &found {
        if let Some(t) = infos.get_mut(b.total) {
            t.is_total = true;
        }
        for &k in &b.parts {
            if let Some(p) = infos.get_mut(k) {
                p.is_part = true;
            }
        }
    }
    // concepts and lines
    for i in infos.iter_mut() {
        if i.growth {
            continue;
        }
        match i.f.kind {
            Kind::Money(_) => {
                if i.veto {
                    continue;
                }
                let Some(cue) = i.cue else { continue };
                i.concept = Some(cue.concept().to_string());
                i.line = money_line(i);
            }
            Kind::Percent if contains_any(&i.label, &["执行率", "支出率"]) => {
                i.concept = Some("fund.rate".to_string());
                i.line = money_line(i);
            }
            k => {
                i.concept = lexicon::concept(&i.label, k).map(str::to_string);
            }
        }
    }
    for i in &infos {
        let Some(concept) = &i.concept else { continue };
        let ca = Norm::seg_start(&n.clause, i.f.start);
        let ce = n.seg_end(&n.clause, i.f.start);
        let text = n.orig_text(ca.min(i.la), ce.max(i.f.end));
        facts.push(Fact {
            concept: concept.clone(),
            line: i.line.clone(),
            label: i.label.clone(),
            value: i.f.value(),
            unit: Some(i.f.unit.clone()),
            value_wan: i.f.wan(),
            text,
            source: source(&n, base, &i.f),
            qualifier: i.f.qualifier.map(str::to_string),
            target: i.target,
            report,
            half: i.f.half(),
            other_period: i.other_period,
        });
    }
    let full_text = |a: usize| -> String {
        let s = Norm::seg_start(&n.full, a);
        let e = n.seg_end(&n.full, a);
        n.orig_text(s, e)
    };
    for b in &found {
        let Some(t) = infos.get(b.total) else {
            continue;
        };
        if t.other_period {
            continue;
        }
        narrative.breakdowns.push(Breakdown {
            marker: b.marker,
            total: quantity(&n, base, t),
            parts: b
                .parts
                .iter()
                .filter_map(|&k| infos.get(k))
                .map(|i| quantity(&n, base, i))
                .collect(),
            exhaustive: b.exhaustive,
            text: full_text(t.f.start),
            report,
        });
    }
    products_and_ratios(&n, base, report, &infos, narrative, &full_text);
}

fn money_line(i: &Info) -> Option<String> {
    if i.fund_pool {
        return None;
    }
    match i.levels.as_slice() {
        [one] => return Some(one.to_string()),
        [] => {}
        _ => return None,
    }
    if i.total_mark || i.is_total || (!i.is_part && !i.purpose) {
        Some("total".to_string())
    } else {
        None
    }
}

fn products_and_ratios(
    n: &Norm,
    base: &Source,
    report: Option<usize>,
    infos: &[Info],
    narrative: &mut Narrative,
    full_text: &dyn Fn(usize) -> String,
) {
    let mut sentences: Vec<usize> = infos
        .iter()
        .filter_map(|i| n.full.get(i.f.start).copied())
        .collect();
    sentences.dedup();
    for s in sentences {
        let here: Vec<&Info> = infos
            .iter()
            .filter(|i| {
                n.full.get(i.f.start).copied() == Some(s)
                    && !i.growth
                    && !i.including
                    && !i.other_period
            })
            .collect();
        // count × standard = amount
        let of = |k: Kind| -> Vec<&&Info> { here.iter().filter(|i| i.f.kind.same(k)).collect() };
        let counts = of(Kind::Persons);
        let stds = of(Kind::PerCapita);
        let money: Vec<&&Info> = here.iter().filter(|i| i.f.kind.is_money()).collect();
        if let ([c], [st], [m]) = (counts.as_slice(), stds.as_slice(), money.as_slice()) {
            let same_role = c.target == st.target && st.target == m.target;
            let exact =
                c.f.qualifier.is_none() && st.f.qualifier.is_none() && m.f.qualifier.is_none();
            if same_role && exact && m.cue != Some(Cue::Balance) {
                narrative.products.push(Product {
                    count: quantity(n, base, c),
                    standard: quantity(n, base, st),
                    amount: quantity(n, base, m),
                    text: full_text(c.f.start),
                    report,
                });
            }
        }
        // stated rates and the figures they relate
        for r in here.iter().filter(|i| i.f.kind == Kind::Percent) {
            if r.f.qualifier.is_some() {
                continue;
            }
            let before: Vec<&&Info> = here
                .iter()
                .filter(|i| i.f.start < r.f.start && i.f.kind != Kind::Percent)
                .collect();
            let name;
            let pair: Option<(&Info, &Info)> =
                if r.label.ends_with("执行率") || r.label.ends_with("支出率") {
                    name = "执行率";
                    let ex: Vec<&&&Info> = before
                        .iter()
                        .filter(|i| i.f.kind.is_money() && i.cue == Some(Cue::Executed))
                        .collect();
                    let bu: Vec<&&&Info> = before
                        .iter()
                        .filter(|i| i.f.kind.is_money() && i.cue == Some(Cue::Budget))
                        .collect();
                    match (ex.as_slice(), bu.as_slice()) {
                        ([e], [b]) => Some((***e, ***b)),
                        _ => None,
                    }
                } else if r.label.ends_with("完成率") {
                    name = "完成率";
                    match before.as_slice() {
                        [a, b] if a.f.kind.same(b.f.kind) && a.target != b.target => {
                            if a.target {
                                Some((**b, **a))
                            } else {
                                Some((**a, **b))
                            }
                        }
                        _ => None,
                    }
                } else {
                    continue;
                };
            let Some((num, den)) = pair else { continue };
            if num.f.qualifier.is_some() || den.f.qualifier.is_some() {
                continue;
            }
            narrative.ratios.push(Ratio {
                name: name.to_string(),
                numerator: quantity(n, base, num),
                denominator: quantity(n, base, den),
                rate: quantity(n, base, r),
                text: full_text(r.f.start),
                report,
            });
        }
    }
}
