//! Tokenizer for content streams and CMaps: operands are gathered until an
//! operator keyword, which is how both syntaxes are built.

/// One operand. Dictionaries (marked-content properties, CMap headers) are never
/// needed and are skipped as `Other`.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Other,
}

impl Operand {
    pub fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

/// What the lexer found next.
pub enum Token<'a> {
    Operand(Operand),
    Operator(&'a [u8]),
    /// Inline image data between `ID` and `EI`; skipped whole.
    InlineImage,
}

/// Deepest array nesting kept; deeper input is flattened to `Other`.
const MAX_ARRAY_DEPTH: usize = 8;
/// Longest array kept; a hostile stream cannot make one operand unbounded.
const MAX_ARRAY_LEN: usize = 1 << 16;

pub struct Lexer<'a> {
    s: &'a [u8],
    pub pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    pub fn new(s: &'a [u8]) -> Lexer<'a> {
        Lexer { s, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            // A stray delimiter (`)`, `}`, `>`): consume it so the lexer always advances.
            self.pos += 1;
        }
        self.s.get(start..self.pos).unwrap_or(&[])
    }

    /// The next token, or `None` at the end of the stream.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_white();
        let b = self.peek()?;
        match b {
            b'[' => {
                self.pos += 1;
                Some(Token::Operand(self.array(0)))
            }
            _ => {
                if let Some(op) = self.operand_or_none(0) {
                    return Some(Token::Operand(op));
                }
                let w = self.word();
                if w == b"ID" {
                    self.skip_inline_image();
                    return Some(Token::InlineImage);
                }
                Some(Token::Operator(w))
            }
        }
    }

    /// Reads an operand at the current position, or returns `None` (without moving)
    /// when a keyword starts here.
    fn operand_or_none(&mut self, depth: usize) -> Option<Operand> {
        let b = self.peek()?;
        match b {
            b'/' => {
                self.pos += 1;
                let start = self.pos;
                while let Some(c) = self.peek() {
                    if is_white(c) || is_delim(c) {
                        break;
                    }
                    self.pos += 1;
                }
                Some(Operand::Name(decode_name(
                    self.s.get(start..self.pos).unwrap_or(&[]),
                )))
            }
            b'(' => Some(Operand::Str(self.literal())),
            b'<' => {
                if self.s.get(self.pos + 1) == Some(&b'<') {
                    self.skip_dict();
                    Some(Operand::Other)
                } else {
                    Some(Operand::Str(self.hex()))
                }
            }
            b'[' => {
                self.pos += 1;
                Some(self.array(depth + 1))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let w = self.word();
                // Malformed numbers ("--1", "1.2.3") read as 0, as viewers do.
                let n = std::str::from_utf8(w)
                    .ok()
                    .and_then(|t| t.parse::<f64>().ok())
                    .unwrap_or(0.0);
                Some(Operand::Num(n))
            }
            b't' if self.s[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                Some(Operand::Other)
            }
            b'f' if self.s[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                Some(Operand::Other)
            }
            b'n' if self.s[self.pos..].starts_with(b"null") => {
                self.pos += 4;
                Some(Operand::Other)
            }
            _ => None,
        }
    }

    fn array(&mut self, depth: usize) -> Operand {
        let mut items = Vec::new();
        loop {
            self.skip_white();
            match self.peek() {
                None => break,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => match self.operand_or_none(depth) {
                    Some(op) => {
                        if items.len() < MAX_ARRAY_LEN {
                            items.push(op);
                        }
                    }
                    None => {
                        // A keyword inside an array is malformed; skip it.
                        self.word();
                    }
                },
            }
        }
        if depth > MAX_ARRAY_DEPTH {
            return Operand::Other;
        }
        Operand::Array(items)
    }

    fn skip_dict(&mut self) {
        let mut depth = 0usize;
        while self.pos < self.s.len() {
            let rest = &self.s[self.pos..];
            if rest.starts_with(b"<<") {
                depth += 1;
                self.pos += 2;
            } else if rest.starts_with(b">>") {
                depth = depth.saturating_sub(1);
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else if rest.starts_with(b"(") {
                self.literal();
            } else {
                self.pos += 1;
            }
        }
    }

    fn literal(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let v = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => continue,
            };
            match hi.take() {
                Some(h) => out.push(h << 4 | v),
                None => hi = Some(v),
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    /// Skips inline image data up to an `EI` followed by white space (writers do not
    /// always put white space before it: binary data may run straight into `EI`).
    fn skip_inline_image(&mut self) {
        // One white-space byte follows ID before the data.
        self.pos += 1;
        while self.pos + 2 <= self.s.len() {
            if self.s[self.pos..].starts_with(b"EI")
                && self.s.get(self.pos + 2).is_none_or(|&c| is_white(c))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = self.s.len();
    }
}

/// Names may carry `#xx` escapes.
fn decode_name(raw: &[u8]) -> Vec<u8> {
    if !raw.contains(&b'#') {
        return raw.to_vec();
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' && i + 2 < raw.len() {
            let h = std::str::from_utf8(&raw[i + 1..i + 3])
                .ok()
                .and_then(|t| u8::from_str_radix(t, 16).ok());
            if let Some(v) = h {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &[u8]) -> Vec<String> {
        let mut lx = Lexer::new(s);
        let mut out = Vec::new();
        while let Some(t) = lx.next_token() {
            out.push(match t {
                Token::Operand(o) => format!("{o:?}"),
                Token::Operator(w) => String::from_utf8_lossy(w).into_owned(),
                Token::InlineImage => "IMG".into(),
            });
        }
        out
    }

    #[test]
    fn operands_and_operators() {
        let t = tokens(b"BT /F1 10.5 Tf [(a\\051b) -20 <0041>] TJ ET");
        assert_eq!(
            t,
            vec![
                "BT",
                "Name([70, 49])",
                "Num(10.5)",
                "Tf",
                "Array([Str([97, 41, 98]), Num(-20.0), Str([0, 65])])",
                "TJ",
                "ET"
            ]
        );
    }

    #[test]
    fn inline_images_and_dicts_are_skipped() {
        let t = tokens(b"/P <</MCID 0>> BDC BI /W 1 ID \x00EI\xffEI Q");
        assert_eq!(
            t,
            vec![
                "Name([80])",
                "Other",
                "BDC",
                "BI",
                "Name([87])",
                "Num(1.0)",
                "IMG",
                "Q"
            ]
        );
    }

    #[test]
    fn garbage_terminates() {
        let t = tokens(b")))>>}}{{ ((( <<");
        assert!(t.len() < 20);
    }
}
