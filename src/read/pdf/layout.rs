//! Glyphs to lines, lines to text and paragraphs, in reading order.

use super::content::Glyph;

#[derive(Debug, Clone)]
pub struct Line {
    /// Left to right.
    pub glyphs: Vec<Glyph>,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub size: f64,
}

impl Line {
    fn from_glyphs(mut glyphs: Vec<Glyph>) -> Line {
        glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        // Fake bold draws each glyph twice, a hair apart: keep one.
        let mut kept: Vec<Glyph> = Vec::with_capacity(glyphs.len());
        for g in glyphs {
            let dup = kept
                .iter()
                .rev()
                .take(3)
                .any(|k| k.c == g.c && (k.x0 - g.x0).abs() < 0.25 * g.size.max(1.0));
            if !dup {
                kept.push(g);
            }
        }
        let mut l = Line {
            x0: f64::MAX,
            y0: f64::MAX,
            x1: f64::MIN,
            y1: f64::MIN,
            size: 0.0,
            glyphs: Vec::new(),
        };
        let mut sizes: Vec<f64> = Vec::with_capacity(kept.len());
        for g in &kept {
            if g.c != ' ' {
                l.x0 = l.x0.min(g.x0);
                l.x1 = l.x1.max(g.x1);
            }
            l.y0 = l.y0.min(g.y0);
            l.y1 = l.y1.max(g.y1);
            sizes.push(g.size);
        }
        if l.x0 > l.x1 {
            l.x0 = kept.first().map_or(0.0, |g| g.x0);
            l.x1 = kept.last().map_or(0.0, |g| g.x1);
        }
        sizes.sort_by(f64::total_cmp);
        l.size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0);
        l.glyphs = kept;
        l
    }

    pub fn text(&self) -> String {
        glyph_text(&self.glyphs)
    }

    pub fn is_blank(&self) -> bool {
        self.glyphs.iter().all(|g| g.c.is_whitespace())
    }
}

/// Characters that are written without spaces between them.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// The text of glyphs on one line, left to right. A space is added where the gap
/// between two glyphs is wider than a word space; between CJK characters (which
/// justified text spreads apart) only where it is much wider.
pub fn glyph_text(glyphs: &[Glyph]) -> String {
    let mut s = String::with_capacity(glyphs.len() * 3);
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            let size = p.size.min(g.size).max(1.0);
            let thr = if is_cjk(p.c) && is_cjk(g.c) {
                1.5 * size
            } else if is_cjk(p.c) || is_cjk(g.c) {
                0.6 * size
            } else {
                0.2 * size
            };
            if gap > thr && p.c != ' ' && g.c != ' ' {
                s.push(' ');
            }
        }
        s.push(g.c);
        prev = Some(g);
    }
    s
}

/// Groups glyphs into lines: glyphs whose vertical centres lie within a fraction of
/// their size of each other share a line.
pub fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    let mut out: Vec<Line> = Vec::new();
    let mut cur: Vec<Glyph> = Vec::new();
    let mut cy = 0.0;
    let mut size: f64 = 0.0;
    for g in glyphs {
        if let Some(first) = cur.first() {
            let tol = 0.45 * first.size.min(g.size).max(1.0);
            if (g.cy() - cy).abs() > tol.min(0.45 * size.max(1.0)) {
                out.push(Line::from_glyphs(std::mem::take(&mut cur)));
            }
        }
        if cur.is_empty() {
            cy = g.cy();
            size = g.size;
        }
        cur.push(g);
    }
    if !cur.is_empty() {
        out.push(Line::from_glyphs(cur));
    }
    out.retain(|l| !l.is_blank());
    out
}

/// Width of what a line starts with that cannot be broken: a CJK character (with
/// the punctuation that may not start a line), or a Latin word or number.
pub fn first_token_width(l: &Line) -> f64 {
    let mut it = l.glyphs.iter().skip_while(|g| g.c == ' ');
    let Some(first) = it.next() else {
        return 0.0;
    };
    let mut x1 = first.x1;
    if is_cjk(first.c) {
        if let Some(g) = it.next() {
            if "。，、；：？！）》」』”’".contains(g.c) {
                x1 = g.x1;
            }
        }
    } else {
        for g in it {
            if g.c == ' ' || is_cjk(g.c) {
                break;
            }
            x1 = g.x1;
        }
    }
    x1 - first.x0
}

/// True when a line stops where the next line's first word would not have fit
/// before `right` (the cell's edge, less its padding): the text wrapped there
/// rather than ending a paragraph. One character more is allowed, since line
/// breaking may push a character down to keep punctuation off a line start.
pub fn wrapped(prev: &Line, next_first: f64, right: f64) -> bool {
    right - prev.x1 <= 7.0 + next_first + 1.1 * prev.size
}

/// Like [`wrapped`], for a line whose text continues with `next` (its first
/// character `b`): between two Latin characters there is no break opportunity,
/// so a line ends there only when it is full to the edge.
pub fn wrapped_before(prev: &Line, next_first: f64, b: char, right: f64) -> bool {
    let a = prev.glyphs.last().map_or(' ', |g| g.c);
    if !is_cjk(a) && !is_cjk(b) && a != ' ' && b != ' ' {
        right - prev.x1 <= 7.0 + 0.6 * prev.size
    } else {
        wrapped(prev, next_first, right)
    }
}

/// Joins the lines of one table cell. A line that reaches the cell's right edge
/// wrapped, and the next one continues it (a space only between two Latin
/// words); a line that stops short ended a paragraph of the cell ('\n').
pub fn cell_text(lines: &[Line], right: f64) -> String {
    let mut s = String::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.text();
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        if i > 0 && !s.is_empty() {
            let prev = &lines[i - 1];
            let a = s.chars().last().unwrap_or(' ');
            let b = t.chars().next().unwrap_or(' ');
            let wrapped = wrapped_before(prev, first_token_width(l), b, right);
            if !wrapped {
                s.push('\n');
            } else if needs_space(a, b) {
                s.push(' ');
            }
        }
        s.push_str(t);
    }
    s
}

/// Two Latin words meeting at a line break are separated by a space; a number
/// broken over two lines is not.
pub fn needs_space(a: char, b: char) -> bool {
    !is_cjk(a) && !is_cjk(b) && a.is_alphabetic() && b.is_alphabetic()
}

pub struct Para {
    pub text: String,
    pub bbox: [f64; 4],
}

/// Lines outside tables into paragraphs: a paragraph ends where the line spacing
/// opens up, where a line stops short of the text column's right edge, before an
/// indented line, or where the font size changes.
pub fn paragraphs(lines: &[Line]) -> Vec<Para> {
    let mut out = Vec::new();
    if lines.is_empty() {
        return out;
    }
    let left = lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
    // The text column's right edge: most full lines end there; a line that runs
    // past it (an unbreakable number) must not make every other line look short.
    let mut ends: Vec<f64> = lines.iter().map(|l| l.x1).collect();
    ends.sort_by(f64::total_cmp);
    let right = ends.get(ends.len() * 4 / 5).copied().unwrap_or(0.0);
    let mut pitches: Vec<f64> = lines
        .windows(2)
        .map(|w| w[1].y1 - w[0].y1)
        .filter(|d| *d > 0.0)
        .collect();
    pitches.sort_by(f64::total_cmp);
    let pitch = pitches.get(pitches.len() / 3).copied().unwrap_or(0.0);
    let mut cur: Vec<&Line> = Vec::new();
    let flush = |cur: &mut Vec<&Line>, out: &mut Vec<Para>| {
        if cur.is_empty() {
            return;
        }
        let mut text = String::new();
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for l in cur.iter() {
            let t = l.text();
            let t = t.trim();
            if let (Some(a), Some(b)) = (text.chars().last(), t.chars().next()) {
                if needs_space(a, b) {
                    text.push(' ');
                }
            }
            text.push_str(t);
            bbox = [
                bbox[0].min(l.x0),
                bbox[1].min(l.y0),
                bbox[2].max(l.x1),
                bbox[3].max(l.y1),
            ];
        }
        out.push(Para { text, bbox });
        cur.clear();
    };
    for l in lines {
        if let Some(prev) = cur.last() {
            let d = l.y1 - prev.y1;
            let size = prev.size.max(l.size);
            let gap_break = d > 2.2 * size || (pitch > 0.0 && d > 1.25 * pitch + 0.5);
            // A short line is a paragraph's end unless the next line's first word
            // (up to a space: 元/人，2022 after 21.96) would not have fitted on it.
            let b = l.glyphs.first().map_or(' ', |g| g.c);
            let short = prev.x1 < right - 2.0 * size
                && !wrapped_before(prev, first_token_width(l), b, right)
                && !space_word_wrapped(prev, l, right);
            let indented = l.x0 > left + 1.2 * l.size;
            let resized = (prev.size - l.size).abs() > 0.15 * size;
            if gap_break || short || indented || resized {
                flush(&mut cur, &mut out);
            }
        }
        cur.push(l);
    }
    flush(&mut cur, &mut out);
    out
}

/// Whether `next` begins with a word that the writer had to move off `prev` because
/// it did not fit before the right edge: Latin-style breaking at a space.
fn space_word_wrapped(prev: &Line, next: &Line, right: f64) -> bool {
    if prev
        .glyphs
        .last()
        .is_some_and(|g| matches!(g.c, '。' | '！' | '？' | '：' | ':' | '；'))
    {
        return false;
    }
    let Some(space) = next.glyphs.iter().position(|g| g.c == ' ') else {
        return false;
    };
    let Some(last) = space.checked_sub(1).and_then(|i| next.glyphs.get(i)) else {
        return false;
    };
    let word = last.x1 - next.x0;
    let room = right - prev.x1;
    word > room
}

/// Text chunks of a line: runs of glyphs separated by gaps wider than `gap`
/// times the size. Used to find borderless tables.
pub fn chunks(line: &Line, gap: f64) -> Vec<(f64, f64, Vec<Glyph>)> {
    let mut out: Vec<(f64, f64, Vec<Glyph>)> = Vec::new();
    let mut last_x1 = f64::MIN;
    for g in &line.glyphs {
        if g.c == ' ' {
            continue;
        }
        let new = out.is_empty() || g.x0 - last_x1 > gap * g.size.max(1.0);
        if new {
            out.push((g.x0, g.x1, vec![*g]));
        } else if let Some(c) = out.last_mut() {
            c.1 = g.x1;
            c.2.push(*g);
        }
        last_x1 = g.x1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(c: char, x0: f64, y: f64, w: f64, font: u32) -> Glyph {
        Glyph {
            c,
            x0,
            y0: y - 8.8,
            x1: x0 + w,
            y1: y + 1.2,
            size: 10.0,
            font,
        }
    }

    #[test]
    fn cjk_and_digit_runs_join() {
        // 预算1146.81万元: digits in another font, a hair apart, justified CJK.
        let mut gl = vec![g('预', 10.0, 100.0, 10.0, 1), g('算', 20.5, 100.0, 10.0, 1)];
        let mut x = 30.6;
        for c in "1146.81".chars() {
            gl.push(g(c, x, 100.0, 5.0, 2));
            x += 5.0;
        }
        gl.push(g('万', x + 0.1, 100.0, 10.0, 1));
        gl.push(g('元', x + 10.4, 100.0, 10.0, 1));
        let ls = lines(gl);
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].text(), "预算1146.81万元");
    }

    #[test]
    fn latin_words_get_spaces() {
        let gl = vec![
            g('a', 0.0, 50.0, 5.0, 1),
            g('b', 5.0, 50.0, 5.0, 1),
            g('c', 12.5, 50.0, 5.0, 1),
        ];
        assert_eq!(lines(gl)[0].text(), "ab c");
    }

    #[test]
    fn wrapped_cell_lines_join_short_lines_break() {
        let l1 = lines(vec![
            g('产', 0.0, 10.0, 10.0, 1),
            g('出', 10.0, 10.0, 10.0, 1),
        ]);
        let l2 = lines(vec![
            g('指', 0.0, 24.0, 10.0, 1),
            g('标', 10.0, 24.0, 10.0, 1),
        ]);
        let both: Vec<Line> = l1.into_iter().chain(l2).collect();
        assert_eq!(cell_text(&both, 80.0), "产出\n指标");
        assert_eq!(cell_text(&both, 25.0), "产出指标");
    }
}
