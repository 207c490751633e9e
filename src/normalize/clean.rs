//! Name cleaning shared by fund lines, fund columns and indicators: whatever a form
//! wraps around a name (numbering, 其中, colons, unit glosses, placeholders, quotes,
//! spaces, traditional characters) is removed so that one wording covers them all.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::value::halfwidth;

/// Character and word aliases from `aliases.toml`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Aliases {
    pub chars: HashMap<char, char>,
    /// Applied after `chars`, longest key first.
    pub words: Vec<(String, String)>,
}

struct Affixes {
    leading: Vec<Regex>,
    /// `^[0-9]{1,3}\.`: only numbering when no digit follows (so 1.5倍 stays).
    leading_decimal: Regex,
    trailing: Vec<Regex>,
    column_suffix: Vec<Regex>,
    trailing_bracket: Regex,
}

fn affixes() -> Option<&'static Affixes> {
    static AFFIXES: OnceLock<Option<Affixes>> = OnceLock::new();
    AFFIXES
        .get_or_init(|| {
            let re = |s: &str| Regex::new(s).ok();
            const NUM: &str = "[0-9一二三四五六七八九十]{1,3}";
            Some(Affixes {
                leading: vec![
                    re(&format!("^(?:指标|目标){NUM}[:.、)]?"))?,
                    re("^[0-9]{1,3}[、:)]")?,
                    re(&format!(r"^\({NUM}\)"))?,
                    re("^[一二三四五六七八九十]{1,3}[、.:]")?,
                    // ①..⑳, ⑴..⒇, ⒈..⒛, ❶..➓
                    re("^[\u{2460}-\u{249B}\u{2776}-\u{2793}]")?,
                    re("^其中:?")?,
                    re("^[:;,.、]+")?,
                ],
                leading_decimal: re(r"^[0-9]{1,3}\.")?,
                trailing: vec![
                    re("[:;,.、。]+$")?,
                    re(concat!(
                        r"\((?:万元|元|亿元|%|‰|人|万人|人次|万人次|户|个|次|家|天|日|月|个月|年|",
                        r"件|项|元/人|元/人/年|元/人·年|分|倍|小时|工作日|张|份|所|台|套|场|期)\)$"
                    ))?,
                    re(r"\((?:[≥≤><=]{1,2})?(?:\*+|[Xx]+)%?\)$")?,
                    re(r"[≥≤><=]{1,2}(?:\*+|[Xx]{2,})%?$")?,
                ],
                column_suffix: vec![re(r"[×X*]100%$")?, re(r"\([^()]*\)$")?],
                trailing_bracket: re(r"\([^()]*\)?$")?,
            })
        })
        .as_ref()
}

fn is_dropped(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'
                ..='\u{200F}'
                    | '\u{2060}'
                    | '\u{FEFF}'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '"'
                    | '\''
                    | '「'
                    | '」'
                    | '『'
                    | '』'
        )
}

/// Characters only: half-width, no white space or quotes, simplified, ASCII upper case.
/// Used for the literal parts of wildcard wordings, which must not lose affixes.
pub(crate) fn normalize_chars(s: &str, aliases: &Aliases) -> String {
    let mut out: String = halfwidth(s)
        .chars()
        .filter(|c| !is_dropped(*c))
        .map(|c| aliases.chars.get(&c).copied().unwrap_or(c))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    for (from, to) in &aliases.words {
        if out.contains(from.as_str()) {
            out = out.replace(from.as_str(), to);
        }
    }
    out
}

/// The full cleaning: `normalize_chars`, then numbering, 其中, colons, unit glosses and
/// placeholders are peeled off both ends until nothing more changes.
pub(crate) fn clean(s: &str, aliases: &Aliases) -> String {
    let mut out = normalize_chars(s, aliases);
    let Some(aff) = affixes() else {
        return out;
    };
    // Each pass removes at least one character, so this ends; the bound is a backstop.
    for _ in 0..16 {
        let before = out.len();
        for re in &aff.leading {
            if let Some(m) = re.find(&out) {
                out = out[m.end()..].to_string();
            }
        }
        if let Some(m) = aff.leading_decimal.find(&out) {
            let rest = &out[m.end()..];
            if !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit()) {
                out = rest.to_string();
            }
        }
        for re in &aff.trailing {
            if let Some(m) = re.find(&out) {
                out.truncate(m.start());
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}

/// A cleaned column header without its (A) / (B/A) / ×100% decorations.
pub(crate) fn strip_column_suffix(s: &str) -> String {
    let mut out = s.to_string();
    let Some(aff) = affixes() else {
        return out;
    };
    for _ in 0..8 {
        let before = out.len();
        for re in &aff.column_suffix {
            if let Some(m) = re.find(&out) {
                if m.start() > 0 {
                    out.truncate(m.start());
                }
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}

/// A cleaned row label without a trailing bracketed gloss, closed or cut off:
/// 其他资金(含…) and 其他资金(含与中央 both give 其他资金.
pub(crate) fn strip_trailing_bracket(s: &str) -> Option<String> {
    let aff = affixes()?;
    let m = aff.trailing_bracket.find(s)?;
    if m.start() == 0 {
        return None;
    }
    Some(s[..m.start()].to_string())
}

/// A cleaned name without a leading place word that only says where it was counted
/// (全县, 全市, 我省, 本区 …), when something is left after it.
pub(crate) fn strip_place_prefix(s: &str) -> Option<&str> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let (_, second) = chars.next()?;
    if !matches!(first, '全' | '我' | '本')
        || !matches!(
            second,
            '省' | '市' | '县' | '区' | '旗' | '州' | '盟' | '乡' | '镇'
        )
    {
        return None;
    }
    let rest = chars.next().map(|(i, _)| &s[i..])?;
    (rest.chars().count() >= 2).then_some(rest)
}
