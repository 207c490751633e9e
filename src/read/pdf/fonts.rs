//! Fonts as far as text extraction needs them: how a string splits into codes,
//! what Unicode each code stands for (ToUnicode first, then the encoding) and how
//! far each glyph advances.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::lexer::{Lexer, Operand, Token};

/// How the bytes of a shown string become character codes.
#[derive(Debug, Clone)]
enum Codes {
    /// Simple fonts: one byte a code.
    OneByte,
    /// Type0 with Identity-H/V or a UCS-2 CMap: two bytes a code.
    TwoByte,
    /// Type0 with an embedded CMap: code lengths from its codespace ranges.
    Ranges(Vec<(usize, u32, u32)>),
    /// Predefined GB CMaps (GBK-EUC-H, GB-EUC-H, GBpc-EUC-H): the bytes are GBK.
    Gbk,
}

/// What the codes of a Type0 font mean when there is no ToUnicode.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Implicit {
    /// The codes are glyph/CID numbers: no text without ToUnicode.
    None,
    /// UniGB-UCS2 / UniGB-UTF16 CMaps: the codes are UTF-16 units.
    Ucs2,
    /// The bytes are GBK.
    Gbk,
}

#[derive(Debug, Clone)]
pub struct Font {
    codes: Codes,
    implicit: Implicit,
    to_unicode: HashMap<u32, Box<str>>,
    has_to_unicode: bool,
    /// Simple fonts: Unicode by code from the encoding and its differences.
    encoding: Option<Box<[Option<char>; 256]>>,
    /// Advance widths in text space units (glyph units / 1000, or via FontMatrix).
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Type3 fonts draw in their own glyph space: a scale for the vertical extent.
    pub vertical_scale: f64,
    pub name: String,
}

/// One decoded glyph of a string.
pub struct Decoded {
    /// False when the font cannot say what character the glyph is.
    pub mapped: bool,
    /// True for the single-byte code 32, to which word spacing applies.
    pub is_space_byte: bool,
    pub width: f64,
}

/// The most codes a ToUnicode range may expand to; larger ranges in hostile files
/// are cut rather than allocated.
const MAX_RANGE: u32 = 1 << 16;
/// Entries kept from one CMap.
const MAX_CMAP_ENTRIES: usize = 1 << 18;

impl Font {
    pub fn load(doc: &Document, dict: &Dictionary, limit: usize) -> Font {
        let subtype = name_of(doc, dict.get(b"Subtype").ok());
        let name = String::from_utf8_lossy(&name_of(doc, dict.get(b"BaseFont").ok())).into_owned();
        let mut font = Font {
            codes: Codes::OneByte,
            implicit: Implicit::None,
            to_unicode: HashMap::new(),
            has_to_unicode: false,
            encoding: None,
            widths: HashMap::new(),
            default_width: 0.5,
            vertical_scale: 1.0,
            name,
        };
        if let Some(tu) = deref(doc, dict.get(b"ToUnicode").ok())
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| s.decompressed_content_with_limit(limit).ok())
        {
            let cmap = parse_cmap(&tu);
            font.has_to_unicode = !cmap.map.is_empty();
            font.to_unicode = cmap.map;
        }
        if subtype == b"Type0" {
            font.load_type0(doc, dict, limit);
        } else {
            font.load_simple(doc, dict, subtype == b"Type3");
        }
        font
    }

    fn load_type0(&mut self, doc: &Document, dict: &Dictionary, limit: usize) {
        self.codes = Codes::TwoByte;
        match deref(doc, dict.get(b"Encoding").ok()) {
            Some(Object::Name(n)) => {
                let n = n.as_slice();
                if n.starts_with(b"UniGB-UCS2") || n.starts_with(b"UniGB-UTF16") {
                    self.implicit = Implicit::Ucs2;
                } else if n.starts_with(b"GBK-EUC")
                    || n.starts_with(b"GB-EUC")
                    || n.starts_with(b"GBpc-EUC")
                    || n.starts_with(b"GBKp-EUC")
                    || n.starts_with(b"GBK2K")
                {
                    self.codes = Codes::Gbk;
                    self.implicit = Implicit::Gbk;
                }
            }
            Some(Object::Stream(s)) => {
                if let Ok(data) = s.decompressed_content_with_limit(limit) {
                    let cmap = parse_cmap(&data);
                    if !cmap.ranges.is_empty() {
                        self.codes = Codes::Ranges(cmap.ranges);
                    }
                }
            }
            _ => {}
        }
        self.default_width = 1.0;
        let Some(desc) = deref(doc, dict.get(b"DescendantFonts").ok())
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, Some(o)))
            .and_then(|o| o.as_dict().ok())
        else {
            return;
        };
        if let Some(dw) = deref(doc, desc.get(b"DW").ok()).and_then(|o| o.as_float().ok()) {
            self.default_width = f64::from(dw) / 1000.0;
        }
        let Some(w) = deref(doc, desc.get(b"W").ok()).and_then(|o| o.as_array().ok()) else {
            return;
        };
        let num = |o: &Object| deref(doc, Some(o)).and_then(|o| o.as_float().ok());
        let mut i = 0;
        while i < w.len() && self.widths.len() < MAX_CMAP_ENTRIES {
            let Some(first) = num(&w[i]) else { break };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).and_then(|o| deref(doc, Some(o))) {
                Some(Object::Array(ws)) => {
                    for (k, x) in ws.iter().enumerate().take(MAX_RANGE as usize) {
                        if let Some(x) = num(x) {
                            self.widths
                                .insert(first.saturating_add(k as u32), f64::from(x) / 1000.0);
                        }
                    }
                    i += 2;
                }
                Some(_) => {
                    let last = w.get(i + 1).and_then(num).unwrap_or(0.0).max(0.0) as u32;
                    let x = w.get(i + 2).and_then(num).unwrap_or(1000.0);
                    let last = last.min(first.saturating_add(MAX_RANGE));
                    for c in first..=last {
                        self.widths.insert(c, f64::from(x) / 1000.0);
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }

    fn load_simple(&mut self, doc: &Document, dict: &Dictionary, type3: bool) {
        let mut scale = 1.0 / 1000.0;
        if type3 {
            if let Some(m) =
                deref(doc, dict.get(b"FontMatrix").ok()).and_then(|o| o.as_array().ok())
            {
                let v: Vec<f64> = m
                    .iter()
                    .filter_map(|o| o.as_float().ok().map(f64::from))
                    .collect();
                if let (Some(a), Some(d)) = (v.first(), v.get(3)) {
                    scale = *a;
                    self.vertical_scale = (d / 0.001).abs().clamp(0.01, 100.0);
                }
            }
        }
        let first = deref(doc, dict.get(b"FirstChar").ok())
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0)
            .clamp(0, 255) as u32;
        if let Some(ws) = deref(doc, dict.get(b"Widths").ok()).and_then(|o| o.as_array().ok()) {
            for (k, x) in ws.iter().enumerate().take(256) {
                if let Some(x) = deref(doc, Some(x)).and_then(|o| o.as_float().ok()) {
                    self.widths.insert(first + k as u32, f64::from(x) * scale);
                }
            }
        }
        if let Some(mw) = deref(doc, dict.get(b"FontDescriptor").ok())
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| deref(doc, d.get(b"MissingWidth").ok()))
            .and_then(|o| o.as_float().ok())
        {
            if mw > 0.0 {
                self.default_width = f64::from(mw) * scale;
            }
        }
        let mut table = Box::new(WIN_ANSI_TABLE());
        match deref(doc, dict.get(b"Encoding").ok()) {
            Some(Object::Name(n)) => apply_base(&mut table, n),
            Some(Object::Dictionary(d)) => {
                if let Ok(n) = d.get(b"BaseEncoding").and_then(|o| o.as_name()) {
                    apply_base(&mut table, n);
                }
                if let Some(diffs) =
                    deref(doc, d.get(b"Differences").ok()).and_then(|o| o.as_array().ok())
                {
                    let mut code: usize = 0;
                    for o in diffs {
                        match o {
                            Object::Integer(i) => code = (*i).clamp(0, 255) as usize,
                            Object::Name(n) => {
                                if let Some(slot) = table.get_mut(code) {
                                    *slot = glyph_name_char(n);
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        self.encoding = Some(table);
    }

    /// Splits a shown string into glyphs, calling `f` with each glyph and its text.
    pub fn decode(&self, bytes: &[u8], mut f: impl FnMut(&Decoded, &str)) {
        let mut i = 0;
        let mut buf = [0u8; 4];
        while i < bytes.len() {
            let (code, n) = self.next_code(&bytes[i..]);
            let n = n.max(1);
            i += n;
            let width = self
                .widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width);
            let is_space_byte = n == 1 && code == 32;
            let mut d = Decoded {
                mapped: true,
                is_space_byte,
                width,
            };
            if let Some(s) = self.to_unicode.get(&code) {
                f(&d, s);
                continue;
            }
            let ch: Option<char> = match (&self.codes, self.implicit) {
                (Codes::OneByte, _) => self
                    .encoding
                    .as_ref()
                    .and_then(|t| t.get(code as usize).copied().flatten()),
                (_, Implicit::Ucs2) => char::from_u32(code),
                (_, Implicit::Gbk) => {
                    let raw = if code > 0xFF {
                        vec![(code >> 8) as u8, code as u8]
                    } else {
                        vec![code as u8]
                    };
                    let (s, _, bad) = encoding_rs::GBK.decode(&raw);
                    if bad {
                        None
                    } else {
                        s.chars().next()
                    }
                }
                _ => None,
            };
            match ch {
                Some(c) => f(&d, c.encode_utf8(&mut buf)),
                None => {
                    d.mapped = false;
                    f(&d, "");
                }
            }
        }
    }

    fn next_code(&self, b: &[u8]) -> (u32, usize) {
        match &self.codes {
            Codes::OneByte => (u32::from(b[0]), 1),
            Codes::TwoByte => {
                if b.len() >= 2 {
                    (u32::from(b[0]) << 8 | u32::from(b[1]), 2)
                } else {
                    (u32::from(b[0]), 1)
                }
            }
            Codes::Gbk => {
                if b[0] >= 0x81 && b.len() >= 2 {
                    (u32::from(b[0]) << 8 | u32::from(b[1]), 2)
                } else {
                    (u32::from(b[0]), 1)
                }
            }
            Codes::Ranges(ranges) => {
                for len in 1..=4usize {
                    if b.len() < len {
                        break;
                    }
                    let code = b[..len]
                        .iter()
                        .fold(0u32, |acc, &x| acc << 8 | u32::from(x));
                    if ranges
                        .iter()
                        .any(|&(l, lo, hi)| l == len && code >= lo && code <= hi)
                    {
                        return (code, len);
                    }
                }
                if b.len() >= 2 {
                    (u32::from(b[0]) << 8 | u32::from(b[1]), 2)
                } else {
                    (u32::from(b[0]), 1)
                }
            }
        }
    }
}

fn deref<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Object> {
    let o = o?;
    doc.dereference(o).ok().map(|(_, o)| o)
}

fn name_of(doc: &Document, o: Option<&Object>) -> Vec<u8> {
    deref(doc, o)
        .and_then(|o| o.as_name().ok())
        .map(<[u8]>::to_vec)
        .unwrap_or_default()
}

pub struct CMap {
    pub map: HashMap<u32, Box<str>>,
    pub ranges: Vec<(usize, u32, u32)>,
}

fn code_of(b: &[u8]) -> u32 {
    b.iter()
        .take(4)
        .fold(0u32, |acc, &x| acc << 8 | u32::from(x))
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(c.get(1).copied().unwrap_or(0)))
        .collect();
    char::decode_utf16(units)
        .filter_map(Result::ok)
        .filter(|c| *c != '\0')
        .collect()
}

/// Reads bfchar/bfrange (ToUnicode), cidchar/cidrange and codespace ranges.
pub fn parse_cmap(data: &[u8]) -> CMap {
    let mut lx = Lexer::new(data);
    let mut ops: Vec<Operand> = Vec::new();
    let mut map: HashMap<u32, Box<str>> = HashMap::new();
    let mut ranges = Vec::new();
    while let Some(t) = lx.next_token() {
        match t {
            Token::Operand(o) => {
                if ops.len() < 3 * 10_000 {
                    ops.push(o)
                }
            }
            Token::InlineImage => ops.clear(),
            Token::Operator(w) => {
                match w {
                    b"endcodespacerange" => {
                        for p in ops.chunks(2) {
                            if let [Operand::Str(lo), Operand::Str(hi)] = p {
                                if (1..=4).contains(&lo.len()) {
                                    ranges.push((lo.len(), code_of(lo), code_of(hi)));
                                }
                            }
                        }
                    }
                    b"endbfchar" => {
                        for p in ops.chunks(2) {
                            if let [Operand::Str(src), Operand::Str(dst)] = p {
                                if map.len() < MAX_CMAP_ENTRIES {
                                    map.insert(code_of(src), utf16(dst).into_boxed_str());
                                }
                            }
                        }
                    }
                    b"endbfrange" => {
                        for p in ops.chunks(3) {
                            let [Operand::Str(lo), Operand::Str(hi), dst] = p else {
                                continue;
                            };
                            let (lo, hi) = (code_of(lo), code_of(hi));
                            let hi = hi.min(lo.saturating_add(MAX_RANGE));
                            match dst {
                                Operand::Str(d) => {
                                    let base = utf16(d);
                                    let mut chars: Vec<char> = base.chars().collect();
                                    for code in lo..=hi {
                                        if map.len() >= MAX_CMAP_ENTRIES {
                                            break;
                                        }
                                        map.insert(code, chars.iter().collect::<String>().into());
                                        if let Some(last) = chars.last_mut() {
                                            *last =
                                                char::from_u32(*last as u32 + 1).unwrap_or(*last);
                                        }
                                    }
                                }
                                Operand::Array(items) => {
                                    for (k, item) in items.iter().enumerate() {
                                        let code = lo.saturating_add(k as u32);
                                        if code > hi || map.len() >= MAX_CMAP_ENTRIES {
                                            break;
                                        }
                                        if let Operand::Str(d) = item {
                                            map.insert(code, utf16(d).into_boxed_str());
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
                ops.clear();
            }
        }
    }
    // Codes mapped to nothing, to U+FFFD or to private-use characters say nothing
    // about the text; treat them as unmapped.
    map.retain(|_, v| {
        !v.is_empty()
            && !v
                .chars()
                .all(|c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c))
    });
    CMap { map, ranges }
}

fn apply_base(table: &mut [Option<char>; 256], name: &[u8]) {
    match name {
        b"MacRomanEncoding" => {
            for (i, c) in MAC_ROMAN_HIGH.chars().enumerate() {
                table[0x80 + i] = Some(c);
            }
        }
        b"StandardEncoding" => {
            table[0x27] = Some('’');
            table[0x60] = Some('‘');
        }
        _ => {}
    }
}

const MAC_ROMAN_HIGH: &str = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»… ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{F8FF}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";

#[allow(non_snake_case)]
fn WIN_ANSI_TABLE() -> [Option<char>; 256] {
    let mut t = [None; 256];
    for (c, slot) in t.iter_mut().enumerate().skip(0x20) {
        *slot = char::from_u32(c as u32);
    }
    t[0x7F] = None;
    const HIGH: [u32; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    for (i, u) in HIGH.iter().enumerate() {
        t[0x80 + i] = if *u == 0 { None } else { char::from_u32(*u) };
    }
    t
}

/// Unicode for a glyph name: `uniXXXX`, `uXXXX`, single letters and the common
/// names of punctuation and digits. Other names (`g123`, `glyph7`) say nothing.
fn glyph_name_char(n: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(n).ok()?;
    let s = s.split('.').next().unwrap_or(s);
    if let Some(hex) = s.strip_prefix("uni") {
        if hex.len() >= 4 {
            return u32::from_str_radix(&hex[..4], 16)
                .ok()
                .and_then(char::from_u32);
        }
    }
    if let Some(hex) = s.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            if let Ok(v) = u32::from_str_radix(hex, 16) {
                return char::from_u32(v);
            }
        }
    }
    if s.len() == 1 {
        return s.chars().next().filter(char::is_ascii_alphabetic);
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("exclam", '!'),
        ("quotedbl", '"'),
        ("numbersign", '#'),
        ("dollar", '$'),
        ("percent", '%'),
        ("ampersand", '&'),
        ("quotesingle", '\''),
        ("quoteright", '’'),
        ("quoteleft", '‘'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("asterisk", '*'),
        ("plus", '+'),
        ("comma", ','),
        ("hyphen", '-'),
        ("minus", '−'),
        ("period", '.'),
        ("slash", '/'),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("less", '<'),
        ("equal", '='),
        ("greater", '>'),
        ("question", '?'),
        ("at", '@'),
        ("bracketleft", '['),
        ("backslash", '\\'),
        ("bracketright", ']'),
        ("underscore", '_'),
        ("braceleft", '{'),
        ("bar", '|'),
        ("braceright", '}'),
        ("asciitilde", '~'),
        ("endash", '–'),
        ("emdash", '—'),
        ("bullet", '•'),
        ("quotedblleft", '“'),
        ("quotedblright", '”'),
        ("ellipsis", '…'),
        ("degree", '°'),
        ("multiply", '×'),
        ("divide", '÷'),
        ("periodcentered", '·'),
        ("nbspace", '\u{A0}'),
    ];
    NAMES.iter().find(|(k, _)| *k == s).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_ranges_and_chars() {
        let cm = parse_cmap(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0004> <4E2D> endbfchar\n\
              2 beginbfrange <0010> <0012> <0030> <0020> <0021> [<0041> <D840DC00>] endbfrange\n\
              1 beginbfchar <0005> <E001> endbfchar",
        );
        assert_eq!(cm.ranges, vec![(2, 0, 0xFFFF)]);
        assert_eq!(cm.map.get(&4).map(|s| &**s), Some("中"));
        assert_eq!(cm.map.get(&0x12).map(|s| &**s), Some("2"));
        assert_eq!(cm.map.get(&0x21).map(|s| &**s), Some("\u{20000}"));
        assert!(!cm.map.contains_key(&5), "private-use targets are unmapped");
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_char(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_name_char(b"seven"), Some('7'));
        assert_eq!(glyph_name_char(b"g17"), None);
    }
}
