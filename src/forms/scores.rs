//! Points and grades: the 分值/得分 a block title states, the figures of the total row
//! (合计 / 总分 / 自评得分), the grade (自评等级 优 …), and forms that state a scoring
//! scheme of their own for the execution rate.

use std::sync::LazyLock;

use regex::Regex;

use crate::forms::grid::RowView;
use crate::model::Source;
use crate::value::{compact, parse_number, Num};

/// The points a title states: 预算执行情况（10分）, 绩效指标（90分）, 产出指标(满分50分).
pub fn points_in(key: &str) -> Option<Num> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\((?:满分|共|计)?(\d+(?:\.\d+)?)分\)").expect("valid regex"));
    let caps = RE.captures(key)?;
    parse_number(caps.get(1)?.as_str())
}

/// A cell figure read as points: a number, optionally followed by 分 (10分).
pub fn points_value(text: &str) -> Option<Num> {
    let t = text.trim();
    let t = t.strip_suffix('分').unwrap_or(t);
    parse_number(t).filter(|n| n.value.is_finite())
}

/// Wording that states a tiered or deducting scheme for the execution rate
/// (执行率≥90%得10分，80%（含）-90%得8分…, 每低1个百分点扣0.5分, 分档计分): S001's
/// proportional 分值 × B/A does not apply to such a form.
pub fn states_tiered_rate_scheme(key: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"[扣得计减]\d+(?:\.\d+)?分|得满分|不得分|不计分|分档|档次|每(?:低|降低|下降|减少)",
        )
        .expect("valid regex")
    });
    key.contains("执行率") && RE.is_match(key)
}

/// The labels a grade is written after.
fn is_grade_label(key: &str) -> bool {
    let k = key.trim_end_matches([':', '：']);
    [
        "自评等级",
        "评价等级",
        "考评等级",
        "绩效等级",
        "综合评级",
        "评定等级",
        "自评结果等级",
    ]
    .iter()
    .any(|w| k.starts_with(w))
        || k == "等级"
}

/// A grade on the 优/良/中/差 scale, from the words forms use (优秀, 良好, 合格 …).
/// A box list with one box ticked (优□ 良☑ 中□ 差□) gives the ticked one.
pub fn grade_level(text: &str) -> Option<&'static str> {
    let k = compact(text);
    const TICKS: [char; 5] = ['☑', '√', '■', '✓', '✔'];
    if k.contains(TICKS) {
        // The word right before (or after) the tick.
        let i = k.find(TICKS)?;
        let before: String = k[..i]
            .chars()
            .rev()
            .take_while(|c| !matches!(c, '□' | '☐' | ' '))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return level_word(&before).or_else(|| {
            let after = &k[i..];
            let after = after.trim_start_matches(TICKS);
            level_word(after.split(['□', '☐']).next().unwrap_or(""))
        });
    }
    level_word(&k)
}

fn level_word(k: &str) -> Option<&'static str> {
    let k = k.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | '。' | '“' | '”' | '"'));
    // 不合格 and 不及格 before 合格 and 及格.
    const WORDS: [(&str, &str); 14] = [
        ("不合格", "差"),
        ("不及格", "差"),
        ("较差", "差"),
        ("优秀", "优"),
        ("良好", "良"),
        ("合格", "中"),
        ("及格", "中"),
        ("中等", "中"),
        ("一般", "中"),
        ("优", "优"),
        ("良", "良"),
        ("中", "中"),
        ("差", "差"),
        ("低", "差"),
    ];
    // The word alone, or followed by its band (优(90分以上), 良好80-90分).
    WORDS.iter().find_map(|&(w, level)| {
        let rest = k.strip_prefix(w)?;
        let banded = rest.is_empty()
            || rest.starts_with('(')
            || rest.starts_with(|c: char| c.is_ascii_digit())
            || rest.starts_with('等')
            || rest.starts_with('级');
        banded.then_some(level)
    })
}

/// A figure of the total row: value, decimals written, cell.
#[derive(Debug, Clone)]
pub struct Figure {
    pub num: Num,
    pub source: Source,
}

/// What a total or grade row states.
#[derive(Debug, Default)]
pub struct TotalRow {
    pub score: Option<Figure>,
    pub weight: Option<Figure>,
    pub grade: Option<(String, Source)>,
}

/// Reads a closing row: its total 得分 and 分值 and a grade written in it.
/// `score_col` and `weight_col` are the block's 得分 and 分值 columns where it has them.
pub fn total_row(rv: &RowView, score_col: Option<usize>, weight_col: Option<usize>) -> TotalRow {
    let filled = rv.filled();
    let mut out = TotalRow::default();
    let figure = |c: usize| {
        points_value(rv.own_text(c)).map(|num| Figure {
            num,
            source: rv.source(c),
        })
    };
    // The grade: after its label (自评等级 | 优), or in the label's cell (自评等级：优).
    let mut grade_at = None;
    for (i, &c) in filled.iter().enumerate() {
        let key = rv.key(c);
        if !is_grade_label(key) {
            continue;
        }
        let inline = key
            .split_once([':', '：'])
            .map(|(_, v)| v)
            .filter(|v| !v.is_empty());
        let (text, src) = match inline {
            Some(_) => {
                let t = rv.text(c);
                let v = t.split_once([':', '：']).map_or("", |(_, v)| v);
                (v.trim().to_string(), rv.source(c))
            }
            None => match filled.get(i + 1) {
                Some(&n) => (rv.text(n).trim().to_string(), rv.source(n)),
                None => continue,
            },
        };
        if !text.is_empty() {
            grade_at = Some(c);
            out.grade = Some((text, src));
        }
        break;
    }
    // Figures left of the grade label belong to the total.
    let before_grade = |c: &usize| grade_at.is_none_or(|g| *c < g);
    let figures: Vec<usize> = filled
        .iter()
        .copied()
        .skip(1)
        .filter(before_grade)
        .filter(|&c| points_value(rv.own_text(c)).is_some())
        .collect();
    // 自评得分 | 95: a label that names the score is followed by it.
    let first_key = filled.first().map_or("", |&c| rv.key(c));
    if first_key.contains("得分") || (first_key.contains("总分") && score_col.is_none()) {
        out.score = figures.first().and_then(|&c| figure(c));
        return out;
    }
    if score_col.is_some() || weight_col.is_some() {
        out.score = score_col.and_then(figure);
        out.weight = weight_col.and_then(figure);
        if out.score.is_some() || out.weight.is_some() {
            return out;
        }
    }
    // No column says which figure is which: two figures are 分值 then 得分 (100 | 94),
    // one is the score.
    match figures[..] {
        [w, .., s] => {
            out.weight = figure(w);
            out.score = figure(s);
        }
        [s] => out.score = figure(s),
        [] => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_in_titles() {
        assert_eq!(points_in("预算执行情况(10分)").map(|n| n.value), Some(10.0));
        assert_eq!(points_in("绩效指标(90分)").map(|n| n.value), Some(90.0));
        assert_eq!(
            points_in("预算执行情况(万元)(20分)").map(|n| n.value),
            Some(20.0)
        );
        assert_eq!(points_in("得分(20分*执行率)"), None);
        assert_eq!(points_in("绩效指标"), None);
    }

    #[test]
    fn grades_by_class_of_wording() {
        for (t, want) in [
            ("优", "优"),
            ("优秀", "优"),
            ("良好", "良"),
            ("良", "良"),
            ("中", "中"),
            ("合格", "中"),
            ("不合格", "差"),
            ("差", "差"),
            ("优（90分以上）", "优"),
            ("优□ 良☑ 中□ 差□", "良"),
        ] {
            assert_eq!(grade_level(t), Some(want), "{t}");
        }
        assert_eq!(grade_level("中央补助"), None);
        assert_eq!(grade_level("优化"), None);
        assert_eq!(grade_level(""), None);
    }

    #[test]
    fn tiered_schemes_are_told_from_the_proportional_one() {
        assert!(states_tiered_rate_scheme(
            "预算执行率≥90%得10分,80%-90%得8分,低于60%不得分"
        ));
        assert!(states_tiered_rate_scheme("执行率每低1个百分点扣0.5分"));
        assert!(states_tiered_rate_scheme("预算执行率≥95%得满分"));
        assert!(!states_tiered_rate_scheme("得分(20分*执行率)"));
        assert!(!states_tiered_rate_scheme(
            "执行率=实际支出/全年预算,执行率低于90%的应说明原因"
        ));
        assert!(!states_tiered_rate_scheme("部分资金未拨付"));
    }
}
