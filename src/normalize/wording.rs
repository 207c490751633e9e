//! The curator's wording syntax: literal text, （…） / (...) optional parts, … / * for
//! any text. A wording expands into literal strings (exact and truncated matching,
//! fuzzy comparison) or, when it holds a wildcard, into anchored regular expressions.

use regex::Regex;

use super::clean::{clean, normalize_chars, Aliases};

/// Too many optional parts would multiply expansions (three per part).
const MAX_OPTIONAL_PARTS: usize = 6;

#[derive(Debug)]
enum Piece {
    Text(String),
    Optional(String),
    Any,
}

fn parse(w: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = w.chars();
    while let Some(c) = chars.next() {
        match c {
            '（' | '(' => {
                let mut inner = String::new();
                let mut closed = false;
                for d in chars.by_ref() {
                    match d {
                        '）' | ')' => {
                            closed = true;
                            break;
                        }
                        '（' | '(' => return Err(format!("nested brackets in \"{w}\"")),
                        _ => inner.push(d),
                    }
                }
                if !closed {
                    return Err(format!("unclosed bracket in \"{w}\""));
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Optional(inner));
            }
            '）' | ')' => return Err(format!("unmatched closing bracket in \"{w}\"")),
            '…' | '*' => {
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                // …… (two ellipsis characters) is one wildcard.
                if !matches!(pieces.last(), Some(Piece::Any)) {
                    pieces.push(Piece::Any);
                }
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    let optional = pieces
        .iter()
        .filter(|p| matches!(p, Piece::Optional(_)))
        .count();
    if optional > MAX_OPTIONAL_PARTS {
        return Err(format!(
            "more than {MAX_OPTIONAL_PARTS} optional parts in \"{w}\""
        ));
    }
    Ok(pieces)
}

/// One variant of a wording: text segments separated by wildcards.
type Variant = Vec<String>;

fn variants(pieces: &[Piece]) -> Vec<Variant> {
    let mut out: Vec<Variant> = vec![vec![String::new()]];
    for p in pieces {
        match p {
            Piece::Text(t) => out.iter_mut().for_each(|v| push_text(v, t)),
            Piece::Any => out.iter_mut().for_each(|v| v.push(String::new())),
            Piece::Optional(t) => {
                // Left out, written plainly, or written with its brackets as forms do.
                let mut next = Vec::with_capacity(out.len() * 3);
                for v in out {
                    let mut plain = v.clone();
                    push_text(&mut plain, t);
                    let mut bracketed = v.clone();
                    push_text(&mut bracketed, &format!("({t})"));
                    next.push(v);
                    next.push(plain);
                    next.push(bracketed);
                }
                out = next;
            }
        }
    }
    out
}

fn push_text(v: &mut Variant, t: &str) {
    if let Some(last) = v.last_mut() {
        last.push_str(t);
    }
}

/// A compiled wording.
pub(crate) struct Compiled {
    /// Cleaned literal expansions.
    pub literals: Vec<String>,
    /// Wildcard expansions as anchored regexes, each with its count of literal chars.
    pub globs: Vec<(String, usize)>,
}

pub(crate) fn compile(w: &str, aliases: &Aliases) -> Result<Compiled, String> {
    let pieces = parse(w)?;
    let mut literals = Vec::new();
    let mut globs = Vec::new();
    for v in variants(&pieces) {
        if v.len() == 1 {
            let c = v.first().map(|s| clean(s, aliases)).unwrap_or_default();
            if !c.is_empty() && !literals.contains(&c) {
                literals.push(c);
            }
        } else {
            let segs: Vec<String> = v.iter().map(|s| normalize_chars(s, aliases)).collect();
            let literal_chars: usize = segs.iter().map(|s| s.chars().count()).sum();
            if literal_chars == 0 {
                return Err(format!("wording \"{w}\" matches anything"));
            }
            let body: Vec<String> = segs.iter().map(|s| regex::escape(s)).collect();
            let re = format!("^{}$", body.join(".*"));
            if !globs.iter().any(|(g, _)| g == &re) {
                globs.push((re, literal_chars));
            }
        }
    }
    if literals.is_empty() && globs.is_empty() {
        return Err(format!("wording \"{w}\" is empty after cleaning"));
    }
    Ok(Compiled { literals, globs })
}

/// A curator's regex: checked, and ranked by the characters that are not syntax.
pub(crate) fn compile_regex(r: &str) -> Result<(Regex, usize), String> {
    let re = Regex::new(r).map_err(|e| format!("bad regex \"{r}\": {e}"))?;
    let rank = r
        .chars()
        .filter(|c| !c.is_ascii_punctuation() && !c.is_whitespace())
        .count();
    Ok((re, rank))
}
