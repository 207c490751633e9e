//! The text of a value before it is parsed: full-width to half-width, invisible
//! characters and spaces dropped, comparison signs folded to one spelling.

/// Full-width digits, letters and punctuation to half-width; ideographic and no-break
/// spaces to a plain space. `％` → `%`, `．` → `.`, `，` → `,`, `（）` → `()`, `～` → `~` …
pub fn halfwidth(s: &str) -> String {
    s.chars().map(halfwidth_char).collect()
}

pub(super) fn halfwidth_char(c: char) -> char {
    match c {
        '\u{3000}' | '\u{a0}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Characters that are not white space to Unicode but still only pad text in the files.
pub(super) fn is_invisible(c: char) -> bool {
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
pub(super) fn normalise(s: &str) -> String {
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
