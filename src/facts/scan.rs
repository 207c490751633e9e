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

/// Allocation and receipt words say budget, spending words say executed. 应 before a
/// spending verb (应执行数, 应发放) is what was due: a budget. Order matters only
/// between words ending at the same character: the earlier entry wins.
const CUES: &[(&str, Cue)] = &[
    ("应执行", Cue::Budget),
    ("应支出", Cue::Budget),
    ("应发放", Cue::Budget),
    ("应拨付", Cue::Budget),
    ("应支付", Cue::Budget),
    ("下达", Cue::Budget),
    ("下拨", Cue::Budget),
    ("预拨", Cue::Budget),
    ("安排", Cue::Budget),
    ("预算", Cue::Budget),
    ("补助资金", Cue::Budget),
    ("到位资金", Cue::Budget),
    ("到位", Cue::Budget),
    ("筹集", Cue::Budget),
    ("投入", Cue::Budget),
    ("收到", Cue::Budget),
    ("申请", Cue::Budget),
    ("争取", Cue::Budget),
    ("获得", Cue::Budget),
    ("补贴", Cue::Budget),
    ("补助", Cue::Budget),
    ("支出", Cue::Executed),
    ("拨付", Cue::Executed),
    ("执行", Cue::Executed),
    ("兑付", Cue::Executed),
    ("兑现", Cue::Executed),
    ("发放", Cue::Executed),
    ("使用", Cue::Executed),
    ("支付", Cue::Executed),
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
    /// The only level words are a lower level acting (区级下达): the reporter's own
    /// level handing out the whole, unless the text splits money by level elsewhere.
    actor_level: bool,
    total_mark: bool,
    /// Words that make the figure the whole program's without adding anything up:
    /// 全年, 全县, 本项目, 总量, or 全部 after it (资金500万元全部执行到位).
    whole: bool,
    /// The percentage a money figure is the share of (中央财政补贴47.5%为614.39万元).
    share_of: Option<usize>,
    /// The figure is both allotted and spent (下达并拨付, 全部执行到位).
    both: bool,
    /// The figure of another fund concept whose line a bare column word shares.
    follows: Option<usize>,
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
const WEAK_CUES: &[&str] = &["补助资金", "到位资金", "预算", "补贴", "补助", "到位"];

/// Where `w` occurs in `s` as a cue: 剩余的配套资金 is more money, not what is left.
fn cue_hits<'a>(s: &'a str, w: &'a str) -> impl Iterator<Item = usize> + 'a {
    s.match_indices(w).map(|(p, _)| p).filter(move |&p| {
        let rest = s.get(p + w.len()..).unwrap_or("");
        let before = s.get(..p).unwrap_or("");
        // 中央转移支付资金 is the kind of money, not a payment
        let not_cue = (matches!(w, "剩余" | "结余" | "节余") && rest.starts_with('的'))
            || (w == "支付" && before.ends_with("转移"));
        !not_cue
    })
}

/// The cue ending nearest the end of `s` (the one closest to the figure); verbs win over
/// nouns.
fn last_cue(s: &str) -> Option<(Cue, usize)> {
    let mut best: Option<(Cue, usize, bool)> = None;
    for (w, c) in CUES {
        if let Some(p) = cue_hits(s, w).last() {
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
        if let Some(p) = cue_hits(s, w).next() {
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

/// Whether a label names the whole program (see `Info::whole`).
fn whole_marked(label: &str) -> bool {
    if contains_any(label, &["全年", "本项目", "该项目", "总量", "总体"]) {
        return true;
    }
    let cs: Vec<char> = label.chars().collect();
    cs.windows(2).any(|w| {
        w.first() == Some(&'全')
            && matches!(
                w.get(1),
                Some('县' | '区' | '市' | '盟' | '省' | '州' | '旗')
            )
    })
}

/// Lines that prose names by their source rather than by a level.
fn named_line(label: &str) -> Option<&'static str> {
    const NAMED: &[(&str, &[&str])] = &[
        (
            "carryover",
            &[
                "上年结转",
                "结转结余",
                "以前年度结转",
                "结转资金",
                "上年结余",
            ],
        ),
        ("appropriation", &["财政拨款", "一般公共预算"]),
        (
            "unit_own",
            &["自有资金", "单位资金", "自筹资金", "单位自筹"],
        ),
        ("lottery", &["彩票公益金"]),
        ("special_account", &["财政专户"]),
        (
            "other",
            &["其他资金", "其它资金", "社会资金", "社会投入", "银行贷款"],
        ),
    ];
    if label.starts_with("其他") || label.starts_with("其它") {
        return Some("other");
    }
    NAMED
        .iter()
        .find(|(_, ws)| contains_any(label, ws))
        .map(|(line, _)| *line)
}

/// Goal words of a sentence; 计划生育 and 计划和实际 are not plans.
fn target_sentence(s: &str) -> bool {
    TARGET_SENTENCE.iter().any(|w| {
        cue_hits(s, w).any(|p| {
            let rest = s.get(p + w.len()..).unwrap_or("");
            match *w {
                "计划" => !["生育", "和实际", "与实际", "单列", "内", "外", "管理"]
                    .iter()
                    .any(|x| rest.starts_with(x)),
                "争取" => !["到", "中央", "上级", "省", "资金", "项目"]
                    .iter()
                    .any(|x| rest.starts_with(x)),
                _ => true,
            }
        })
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
fn levels_in(label: &str) -> (Vec<&'static str>, bool) {
    let mut out: Vec<&'static str> = Vec::new();
    let mut actor_only = true;
    let mut consumed = vec![false; label.len() + 1];
    for (w, line) in LEVELS {
        let mut from = 0;
        while let Some(p) = label.get(from..).and_then(|s| s.find(w)).map(|p| p + from) {
            from = p + w.len();
            if consumed.get(p).copied().unwrap_or(true) {
                continue;
            }
            let after = label.get(from..).unwrap_or("");
            let noun = after.is_empty()
                || [
                    "级",
                    "财政",
                    "资金",
                    "补助",
                    "补贴",
                    "配套",
                    "专项",
                    "和",
                    "、",
                    "及",
                    "本级",
                    "直达",
                    "转移支付",
                ]
                .iter()
                .any(|x| after.starts_with(x));
            // 中央下达, 省级下拨: the level that gives the money
            let verb = [
                "下达", "下拨", "预拨", "拨付", "投入", "安排", "承担", "到位", "筹集",
            ]
            .iter()
            .any(|x| after.starts_with(x));
            for c in consumed.iter_mut().take(from).skip(p) {
                *c = true;
            }
            if (noun || verb) && !out.contains(line) {
                out.push(line);
                actor_only &= verb && !noun && !matches!(*line, "central" | "provincial");
            }
        }
    }
    let actor = actor_only && !out.is_empty();
    (out, actor)
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

/// Where a figure's own words start, the words, where they end (before a bracketed
/// gloss of the item) and the share figure the money belongs to (`中央财政补助40%为
/// 120万元`: the money's words stand before its share).
fn figure_label(
    n: &Norm,
    out: &[Info],
    f: &Figure,
    prev_end: usize,
) -> (usize, String, usize, Option<usize>) {
    let ca = Norm::seg_start(&n.clause, f.start);
    let mut la = ca.max(prev_end.min(f.start));
    if n.clause.get(prev_end.saturating_sub(1)) != n.clause.get(f.start) {
        la = ca;
    }
    let mut label = n.s(la, f.start);
    // "中央财政补助40%为120万元": the money's words stand before its share
    let mut share_of = None;
    if let Some(prev) = out.last() {
        if prev.f.kind == Kind::Percent
            && f.kind.is_money()
            && n.clause.get(prev.f.start) == n.clause.get(f.start)
            && strip_tail(&label).is_empty()
        {
            share_of = Some(out.len() - 1);
            la = prev.la;
            label = n.s(la, prev.f.start);
        }
    }
    // "自筹资金(包括单位结余、捐赠收入)80万元": a bracketed gloss belongs to the
    // item; its words are the ones before the bracket, and its words are no cue
    let mut cut = f.start;
    if strip_tail(&label).is_empty() && la > 0 && n.at(la - 1) == ')' {
        let close = la - 1;
        let d = n.depth.get(close).copied();
        let open = (0..close)
            .rev()
            .find(|&j| n.at(j) == '(' && n.depth.get(j).copied() == d);
        if let Some(open) = open.filter(|&o| o >= prev_end && o > 0) {
            la = Norm::seg_start(&n.clause, open - 1).max(prev_end);
            label = n.s(la, open);
            cut = open;
        }
    }
    // "中央和省级财政补助资金，1146.81万元": the words sit in the clause before
    if strip_tail(&label).is_empty() && la > 0 && n.sent.get(la - 1) == n.sent.get(f.start) {
        let pa = Norm::seg_start(&n.clause, la - 1);
        if pa >= prev_end {
            la = pa;
            label = n.s(pa, f.start);
        }
    }
    (la, label, cut, share_of)
}

/// Words of a change over time (增长, 提高到 …): the figure is a level reached, not money.
fn is_growth(label: &str) -> bool {
    contains_any(label, GROWTH)
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
        .any(|w| label.ends_with(w))
}

/// Whether the figure stands in a 含/包括 list of its sentence (a closed bracket before
/// it is a gloss of its item, not the list's start).
fn in_including_list(n: &Norm, sa: usize, start: usize) -> bool {
    let mut j = start;
    let mut seg_start = sa;
    let mut closed = 0u32;
    while j > sa {
        j -= 1;
        let c = n.at(j);
        // a closed bracket before the figure is a gloss of its item
        if c == ')' {
            closed += 1;
            continue;
        }
        if c == '(' && closed > 0 {
            closed -= 1;
            continue;
        }
        if closed > 0 {
            continue;
        }
        if c == '(' || c == ',' || c == ';' || c == ':' {
            seg_start = j + 1;
            break;
        }
    }
    let seg = n.s(seg_start, start);
    ["含", "包含", "包括", "不含"]
        .iter()
        .any(|w| seg.starts_with(w))
}

fn analyse(n: &Norm, figs: Vec<Figure>, all_target: bool, year: Option<i32>) -> Vec<Info> {
    let mut out: Vec<Info> = Vec::new();
    let mut prev_end = 0usize;
    for f in figs {
        let ca = Norm::seg_start(&n.clause, f.start);
        let (la, label, cut, share_of) = figure_label(n, &out, &f, prev_end);
        let sa = Norm::seg_start(&n.sent, f.start);
        let sentence_before = without_titles(n, sa, cut);
        let clause_end = n.seg_end(&n.clause, f.start);
        let after = without_titles(n, f.end, clause_end);
        let label_plain = without_titles(n, la, cut);
        let mut cue = last_cue(&label_plain)
            .map(|c| c.0)
            .or_else(|| first_cue(&after))
            .or_else(|| last_cue(&sentence_before).map(|c| c.0));
        // 以前年度结转结余资金 is money brought forward into the budget, not a balance
        if cue == Some(Cue::Balance) && label_plain.contains("结转") {
            cue = Some(Cue::Budget);
        }
        // 下达并拨付, 到位并支出: one figure, allotted and spent
        let joined = label_plain.rfind('并').is_some_and(|p| {
            let (a, b) = label_plain.split_at(p);
            last_cue(a).is_some_and(|c| c.0 == Cue::Budget)
                && first_cue(b).is_some_and(|c| c == Cue::Executed)
        });
        // 资金500万元全部执行到位: all of it, spent
        let all_spent = ["全部", "全额", "足额"]
            .iter()
            .any(|w| after.starts_with(w))
            && first_cue(&after) == Some(Cue::Executed);
        if joined {
            cue = Some(Cue::Executed);
        }
        let cue_pos = last_cue(&sentence_before).map(|c| c.1).unwrap_or(0);
        let veto = contains_any(&label_plain, MONEY_VETO)
            || sentence_before
                .get(cue_pos..)
                .is_some_and(|s| contains_any(s, MONEY_VETO));
        let growth = is_growth(&label);
        // goals
        let sentence_label = n.s(sa, f.start);
        let target =
            all_target || target_sentence(&sentence_label) || contains_any(&label, TARGET_CLAUSE);
        // 含 / 包括 lists
        let including = in_including_list(n, sa, f.start);
        let clause_text = n.s(ca, clause_end);
        let other_period = contains_any(
            &clause_text.replace("上年结转", "").replace("上年结余", ""),
            &["上年", "去年", "上一年", "前年", "同期"],
        ) || match (year, years_in(&sentence_label).last()) {
            (Some(y), Some(&found)) => found != y,
            _ => false,
        };
        let (levels, actor_level) = if f.kind.is_money() || f.kind == Kind::Percent {
            levels_in(&label)
        } else {
            (Vec::new(), false)
        };
        prev_end = f.end;
        out.push(Info {
            la,
            total_mark: has_total_mark(&label),
            purpose: contains_any(&label, PURPOSE),
            fund_pool: label.contains("基金"),
            whole: whole_marked(&label) || all_spent,
            share_of,
            both: joined || all_spent,
            follows: None,
            actor_level,
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
    // every part names its source (a level, 其他资金, 财政拨款 …): the sources split
    // the money completely
    if parts
        .iter()
        .all(|p| !p.levels.is_empty() || named_line(&p.label).is_some())
    {
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
    let mut out = listed_after(n, infos, &markers);
    out.extend(summed_before(n, infos, &markers));
    out.extend(bracketed(n, infos));
    out
}

/// 其中 / 分别: the figure before the marker, the figures after it.
fn listed_after(n: &Norm, infos: &[Info], markers: &[(usize, &'static str)]) -> Vec<Found> {
    let mut out = Vec::new();
    // 其中 / 分别: the figure before, the figures after
    for &(p, m) in markers {
        let fs = n.full.get(p).copied();
        let d = n.depth.get(p).copied();
        // "项目支出300万元。其中：…": a 其中 opening a sentence still breaks down the
        // total of the sentence before
        let opens = p == 0 || n.full.get(p - 1).copied() != fs;
        let total_fs = match fs {
            Some(f) if opens && m == "其中" && f > 0 => Some(f - 1),
            _ => fs,
        };
        let Some(ti) = infos.iter().rposition(|i| {
            i.f.end <= p
                && n.full.get(i.f.start).copied() == total_fs
                && n.depth.get(i.f.start).copied() == d
                && i.f.kind.addable()
                && !i.growth
                && !i.including
        }) else {
            continue;
        };
        let Some(t) = infos.get(ti) else { continue };
        let mut parts = Vec::new();
        let mut from = p + 2;
        for (k, i) in infos.iter().enumerate().skip(ti + 1) {
            if i.f.start < p {
                continue;
            }
            if n.full.get(i.f.start).copied() != fs {
                break;
            }
            // the list ends at an adjustment or at the next 其中 / 分别
            let between = n.s(from, i.f.start);
            if contains_any(
                &between,
                &["调减", "调增", "调整", "其中", "分别", "另外", "此外"],
            ) {
                break;
            }
            if n.depth.get(i.f.start).copied() != d || !addable(i, t.f.kind) {
                continue;
            }
            if i.total_mark || cue_conflict(t, i) || i.target != t.target {
                break;
            }
            from = i.f.end;
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
    out
}

/// 合计 / 共计 / 共: a total mark and the figures before it, back to the last marker.
fn summed_before(n: &Norm, infos: &[Info], markers: &[(usize, &'static str)]) -> Vec<Found> {
    let mut out = Vec::new();
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
    out
}

/// 1146.81万元（中央756.03万元、省级390.78万元）: parts in brackets after the total.
fn bracketed(n: &Norm, infos: &[Info]) -> Vec<Found> {
    let mut out = Vec::new();
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

/// Where a piece of prose sits and what its context says.
pub(super) struct Place<'a> {
    pub base: &'a Source,
    pub report: Option<usize>,
    /// Every figure is a goal.
    pub all_target: bool,
    pub year: Option<i32>,
    /// The heading above speaks of the whole program (一、项目总体情况).
    pub overall: bool,
    /// The heading above goes through the parts one by one (各县区情况): nothing under
    /// it is the whole unless a total word says so.
    pub parts: bool,
    /// The run's patterns, for folding traditional characters.
    pub patterns: &'a crate::normalize::Patterns,
}

/// A fact with what the document-wide pass still needs to know of it.
pub(super) struct Candidate {
    pub fact: Fact,
    /// A money amount (or execution rate) with no line, no part role and nothing that
    /// ties it to a piece of the money: the program's total when it is the only one.
    pub lone: bool,
    /// A bare column word (执行数, 实际支出, 执行率) after a figure of another fund concept
    /// in its sentence: it shares that figure's line once the line is known.
    pub follows: Option<Source>,
}

pub(super) fn unit(text: &str, at: &Place, facts: &mut Vec<Candidate>, narrative: &mut Narrative) {
    let (base, report) = (at.base, at.report);
    let n = Norm::read(text, base.table.is_some(), at.patterns);
    let figs = figures(&n);
    if figs.is_empty() {
        return;
    }
    let mut infos = analyse(&n, figs, at.all_target, at.year);
    // a lower level handing out money (区级下达) is a level only where the text splits
    // money by level
    let split_by_level = infos.iter().filter(|i| !i.levels.is_empty()).count() >= 2;
    for i in infos.iter_mut() {
        if i.actor_level && !split_by_level {
            i.levels.clear();
        }
    }
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
    assign_concepts(&mut infos, at);
    inherit_lines(&n, &mut infos);
    push_candidates(&n, at, &infos, facts);
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
    for (num, den, rate, name) in stated_shares(&n, &infos) {
        narrative.ratios.push(Ratio {
            name: name.to_string(),
            numerator: quantity(&n, base, num),
            denominator: quantity(&n, base, den),
            rate: quantity(&n, base, rate),
            text: full_text(rate.f.start),
            report,
        });
    }
}

/// The concept of each figure from its cue or words, and the fund line of money and
/// execution rates.
fn assign_concepts(infos: &mut [Info], at: &Place) {
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
                if at.parts {
                    i.whole = false;
                }
                i.line = money_line(i, at.overall);
            }
            Kind::Percent if contains_any(&i.label, &["执行率", "支出率"]) => {
                i.concept = Some("fund.rate".to_string());
                i.line = money_line(i, at.overall);
            }
            k => {
                i.concept = lexicon::concept(&i.label, k).map(str::to_string);
            }
        }
    }
}

/// One candidate fact for every figure with a concept (two for a figure both allotted
/// and spent).
fn push_candidates(n: &Norm, at: &Place, infos: &[Info], facts: &mut Vec<Candidate>) {
    let (base, report) = (at.base, at.report);
    for i in infos {
        let Some(concept) = &i.concept else { continue };
        let ca = Norm::seg_start(&n.clause, i.f.start);
        let ce = n.seg_end(&n.clause, i.f.start);
        let text = n.orig_text(ca.min(i.la), ce.max(i.f.end));
        let fact = Fact {
            concept: concept.clone(),
            line: i.line.clone(),
            label: i.label.clone(),
            value: i.f.value(),
            unit: Some(i.f.unit.clone()),
            value_wan: i.f.wan(),
            text,
            source: source(n, base, &i.f),
            qualifier: i.f.qualifier.map(str::to_string),
            target: i.target,
            report,
            half: i.f.half(),
            other_period: i.other_period,
            share: i.share_of.is_some(),
        };
        let lone = i.line.is_none()
            && !at.parts
            && (i.f.kind.is_money() || concept == "fund.rate")
            && !i.is_part
            && !i.purpose
            && !i.fund_pool
            && i.levels.is_empty()
            && i.share_of.is_none()
            && named_line(&i.label).is_none();
        if i.both && concept == "fund.executed" {
            facts.push(Candidate {
                fact: Fact {
                    concept: "fund.budget".to_string(),
                    ..fact.clone()
                },
                lone,
                follows: None,
            });
        }
        let follows = i
            .follows
            .and_then(|k| infos.get(k))
            .map(|p| source(n, base, &p.f));
        facts.push(Candidate {
            fact,
            lone,
            follows,
        });
    }
}

/// The fund line the words give: a level, a named source, or the total where the text
/// marks the figure as the whole. Nothing else defaults to the total: an amount whose
/// line the text does not give keeps none.
fn money_line(i: &Info, overall: bool) -> Option<String> {
    // 结余60万元（含上年结转资金20万元）: what another figure contains, not a line
    if i.including {
        return None;
    }
    match i.levels.as_slice() {
        [one] => return Some(one.to_string()),
        [] => {}
        _ => return None,
    }
    if let Some(line) = named_line(&i.label) {
        return Some(line.to_string());
    }
    // a 基金's own spending is the pool's, not the program's total
    if i.fund_pool {
        return None;
    }
    // 全年, 本项目 … name the whole only for a figure that is not one of a list's parts
    let whole = i.total_mark || i.is_total || (i.whole && !i.is_part && !i.purpose);
    (whole || (overall && !i.is_part && !i.purpose && i.share_of.is_none()))
        .then(|| "total".to_string())
}

/// 投入中央资金40万，执行数40万，执行率100%: a bare column word (执行数, 执行率)
/// after a figure of another concept in the same sentence speaks of that figure's line.
fn inherit_lines(n: &Norm, infos: &mut [Info]) {
    for k in 0..infos.len() {
        let Some(i) = infos.get(k) else { continue };
        let Some(concept) = i.concept.clone() else {
            continue;
        };
        if i.line.is_some()
            || !concept.starts_with("fund.")
            || !i.levels.is_empty()
            || i.is_part
            || i.label.chars().count() > 5
        {
            continue;
        }
        let fs = n.full.get(i.f.start).copied();
        let earlier = infos
            .get(..k)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, p)| n.full.get(p.f.start).copied() == fs)
            .find(|(_, p)| p.f.kind.is_money() && p.concept.is_some())
            .filter(|(_, p)| p.concept.as_deref() != Some(concept.as_str()));
        let line = earlier.and_then(|(_, p)| p.line.clone());
        let follows = earlier.map(|(j, _)| j);
        if let Some(slot) = infos.get_mut(k) {
            slot.follows = follows;
            slot.line = line;
        }
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
                        // the figures may stand in the sentences before, within the
                        // paragraph
                        _ => paragraph_pair(infos, r),
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

/// The allotment and the spending an execution rate relates, where the paragraph states
/// exactly one of each before it.
fn paragraph_pair<'a>(infos: &'a [Info], r: &Info) -> Option<(&'a Info, &'a Info)> {
    let before = |cue: Cue| -> Vec<&'a Info> {
        infos
            .iter()
            .filter(|i| {
                i.f.start < r.f.start
                    && i.f.kind.is_money()
                    && i.cue == Some(cue)
                    && !i.growth
                    && !i.including
                    && !i.other_period
                    && !i.is_part
                    && i.target == r.target
            })
            .collect()
    };
    match (
        before(Cue::Executed).as_slice(),
        before(Cue::Budget).as_slice(),
    ) {
        ([e], [b]) => Some((*e, *b)),
        _ => None,
    }
}

/// Percentages that say which share one figure is of another: 完成计划数500人的
/// 110% and 占总额…的…% (the figure before is the numerator), and 中央财政补助40%为
/// 120万元 (the share of the last amount stated before it in the paragraph).
fn stated_shares<'a>(
    n: &Norm,
    infos: &'a [Info],
) -> Vec<(&'a Info, &'a Info, &'a Info, &'static str)> {
    let plain = |i: &Info| !i.growth && !i.including && !i.other_period && i.f.qualifier.is_none();
    let mut out = Vec::new();
    for (k, r) in infos.iter().enumerate() {
        if r.f.kind != Kind::Percent || !plain(r) {
            continue;
        }
        let Some(d) = k.checked_sub(1).and_then(|j| infos.get(j)) else {
            continue;
        };
        if n.s(d.f.end, r.f.start) != "的" || !plain(d) || !d.f.kind.addable() {
            continue;
        }
        let clause_words = n.s(Norm::seg_start(&n.clause, d.f.start), d.f.start);
        let name = if clause_words.contains("完成") {
            "完成率"
        } else if clause_words.contains('占') {
            "占比"
        } else {
            continue;
        };
        let fs = n.full.get(d.f.start).copied();
        let num = infos
            .get(..k - 1)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|i| n.full.get(i.f.start).copied() == fs)
            .find(|i| i.f.kind.same(d.f.kind) && i.f.kind != Kind::Percent);
        if let Some(num) = num.filter(|i| plain(i)) {
            out.push((num, d, r, name));
        }
    }
    for (k, m) in infos.iter().enumerate() {
        let Some(r) = m.share_of.and_then(|p| infos.get(p)) else {
            continue;
        };
        if !plain(m) || !plain(r) {
            continue;
        }
        let base = infos
            .get(..k)
            .unwrap_or_default()
            .iter()
            .rev()
            .filter(|i| i.f.start < r.f.start)
            .find(|i| i.f.kind.is_money() && i.share_of.is_none() && plain(i));
        if let Some(base) = base {
            out.push((m, base, r, "占比"));
        }
    }
    out
}
