//! The content-stream interpreter: every glyph with its box and size, every
//! straight stroke and thin filled rectangle, in page coordinates with the origin
//! at the top left of the page as displayed (after /Rotate), in points.

use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::Font;
use super::lexer::{Lexer, Operand, Token};

/// An affine matrix [a b c d e f] as PDF writes it (row vectors: p' = p × M).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct M(pub [f64; 6]);

impl M {
    pub const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// self then other.
    pub fn then(&self, o: &M) -> M {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        M([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn from_ops(ops: &[Operand]) -> Option<M> {
        if ops.len() < 6 {
            return None;
        }
        let mut m = [0.0; 6];
        for (slot, o) in m.iter_mut().zip(&ops[ops.len() - 6..]) {
            *slot = o.num()?;
        }
        Some(M(m))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub c: char,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Font size on the page (text size × scaling of the matrices).
    pub size: f64,
    /// Which font showed it, so runs can be told apart.
    pub font: u32,
}

impl Glyph {
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A ruling: horizontal when `y0 == y1`, vertical when `x0 == x1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[derive(Debug, Default)]
pub struct PageContent {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub hsegs: Vec<Seg>,
    pub vsegs: Vec<Seg>,
    pub images: usize,
    /// Glyphs whose font could not say what character they are.
    pub unmapped: usize,
    /// Names of the fonts those glyphs came from.
    pub unmapped_fonts: Vec<String>,
    /// Set when a limit cut the page short: the `limit.*` code and what happened.
    pub cut: Option<(&'static str, String)>,
    /// Operators run on the page, counted against the document's budget.
    pub ops: usize,
    /// Set when part of the page could not be read.
    pub damage: Option<String>,
}

/// Per-page limits of the interpreter.
#[derive(Debug, Clone)]
pub struct PageLimits {
    pub max_ops: usize,
    pub max_glyphs: usize,
    pub max_segs: usize,
    pub max_stream_bytes: usize,
    pub max_depth: usize,
    pub deadline: Instant,
}

#[derive(Clone)]
struct Gs {
    ctm: M,
    font: Option<(u32, Rc<Font>)>,
    size: f64,
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    rise: f64,
    line_width: f64,
    fill_white: bool,
    stroke_white: bool,
}

struct Sub {
    pts: Vec<(f64, f64)>,
    closed: bool,
    curved: bool,
}

/// A stop: a limit was reached (its `limit.*` code, and what happened); what was read
/// so far is kept.
struct Stop(&'static str, String);

pub struct Interp<'a> {
    doc: &'a Document,
    limits: PageLimits,
    /// Fonts by object id, loaded once per document.
    fonts: &'a mut HashMap<ObjectId, (u32, Rc<Font>)>,
    page: M,
    out: PageContent,
    ops: usize,
    /// Form XObjects being drawn, against cycles.
    active: Vec<ObjectId>,
}

/// Walks /Parent for an inheritable page attribute.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut d = page;
    for _ in 0..32 {
        if let Ok(o) = d.get(key) {
            return doc.dereference(o).ok().map(|(_, o)| o);
        }
        let parent = d.get(b"Parent").ok()?.as_reference().ok()?;
        d = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn rect_of(o: Option<&Object>, doc: &Document) -> Option<[f64; 4]> {
    let a = o?.as_array().ok()?;
    if a.len() < 4 {
        return None;
    }
    let mut v = [0.0; 4];
    for (slot, x) in v.iter_mut().zip(a) {
        let x = doc.dereference(x).ok()?.1.as_float().ok()?;
        *slot = f64::from(x);
    }
    if !v.iter().all(|x| x.is_finite()) {
        return None;
    }
    Some([
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ])
}

/// The text matrix and the text line matrix of a text object.
struct TextPos {
    tm: M,
    tlm: M,
}

impl Default for TextPos {
    fn default() -> TextPos {
        TextPos {
            tm: M::ID,
            tlm: M::ID,
        }
    }
}

impl TextPos {
    /// Starts a new line offset by (tx, ty) from the start of the current one.
    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = M([1.0, 0.0, 0.0, 1.0, tx, ty]).then(&self.tlm);
        self.tm = self.tlm;
    }
}

/// The `i`-th operand counted from the last, as a number (0 when absent or not one).
fn operand(ops: &[Operand], i: usize) -> f64 {
    ops.len()
        .checked_sub(i + 1)
        .and_then(|k| ops.get(k))
        .and_then(Operand::num)
        .unwrap_or(0.0)
}

fn is_white(ops: &[Operand], kind: u8) -> bool {
    let v: Vec<f64> = ops.iter().filter_map(Operand::num).collect();
    match (kind, v.len()) {
        (b'k', 4) => v.iter().all(|x| *x < 0.02),
        (_, 1) | (_, 3) => v.iter().all(|x| *x > 0.98),
        _ => false,
    }
}

impl<'a> Interp<'a> {
    pub fn new(
        doc: &'a Document,
        fonts: &'a mut HashMap<ObjectId, (u32, Rc<Font>)>,
        limits: PageLimits,
    ) -> Interp<'a> {
        Interp {
            doc,
            limits,
            fonts,
            page: M::ID,
            out: PageContent::default(),
            ops: 0,
            active: Vec::new(),
        }
    }

    /// Reads one page. Errors inside the page (a missing font, a bad operand) are
    /// skipped like a viewer would; a limit stops the page and is reported in `cut`.
    pub fn run_page(mut self, page_id: ObjectId) -> Result<PageContent, String> {
        let doc = self.doc;
        let page = doc
            .get_dictionary(page_id)
            .map_err(|e| format!("page object: {e}"))?;
        let media =
            rect_of(inherited(doc, page, b"MediaBox"), doc).unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let crop = rect_of(inherited(doc, page, b"CropBox"), doc).unwrap_or(media);
        let [x0, y0, x1, y1] = crop;
        let rot = inherited(doc, page, b"Rotate")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0)
            .rem_euclid(360);
        let (w, h) = (x1 - x0, y1 - y0);
        // User space to the displayed page, y downwards from its top-left corner.
        self.page = match rot {
            90 => M([0.0, 1.0, 1.0, 0.0, -y0, -x0]),
            180 => M([-1.0, 0.0, 0.0, 1.0, x1, -y0]),
            270 => M([0.0, -1.0, -1.0, 0.0, y1, x1]),
            _ => M([1.0, 0.0, 0.0, -1.0, -x0, y1]),
        };
        (self.out.width, self.out.height) = if rot == 90 || rot == 270 {
            (h, w)
        } else {
            (w, h)
        };
        let content = self.page_content(page_id);
        let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
        let empty = Dictionary::new();
        let gs = Gs {
            ctm: M::ID,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
            line_width: 1.0,
            fill_white: false,
            stroke_white: false,
        };
        if let Err(Stop(code, why)) = self.run(&content, resources.unwrap_or(&empty), gs, 0) {
            self.out.cut = Some((code, why));
        }
        self.out.ops = self.ops;
        Ok(self.out)
    }

    /// The page's content streams, joined. A stream that is missing or cannot be
    /// decompressed is left out and noted, so the rest of the page is still read.
    fn page_content(&mut self, page_id: ObjectId) -> Vec<u8> {
        let mut content = Vec::new();
        for id in self.doc.get_page_contents(page_id) {
            let Ok(stream) = self.doc.get_object(id).and_then(|o| o.as_stream()) else {
                self.out.damage = Some(format!("content stream {} {} is missing", id.0, id.1));
                continue;
            };
            let left = self.limits.max_stream_bytes.saturating_sub(content.len());
            match stream.decompressed_content_with_limit(left) {
                // lopdf gives nothing, not an error, for data its filter cannot decode.
                Ok(d)
                    if d.is_empty()
                        && !stream.content.is_empty()
                        && stream.dict.get(b"Filter").is_ok() =>
                {
                    self.out.damage = Some(format!(
                        "content stream {} {} cannot be decompressed",
                        id.0, id.1
                    ));
                }
                Ok(d) => content.extend_from_slice(&d),
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                })) => {
                    self.out.cut = Some((
                        "limit.stream_bytes",
                        format!(
                            "content decompresses to more than {} bytes",
                            self.limits.max_stream_bytes
                        ),
                    ));
                    break;
                }
                Err(_) if stream.dict.get(b"Filter").is_err() => {
                    content.extend_from_slice(&stream.content)
                }
                Err(e) => {
                    self.out.damage = Some(format!("content stream {} {}: {e}", id.0, id.1));
                }
            }
            content.push(b'\n');
        }
        content
    }

    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> Option<(u32, Rc<Font>)> {
        let doc = self.doc;
        let fonts = resources.get(b"Font").ok()?;
        let fonts = doc.dereference(fonts).ok()?.1.as_dict().ok()?;
        let entry = fonts.get(name).ok()?;
        let id = entry.as_reference().ok();
        if let Some(id) = id {
            if let Some(f) = self.fonts.get(&id) {
                return Some(f.clone());
            }
        }
        let dict = doc.dereference(entry).ok()?.1.as_dict().ok()?;
        let font = Rc::new(Font::load(doc, dict, self.limits.max_stream_bytes));
        let key = id.unwrap_or((u32::MAX - self.fonts.len() as u32, 0));
        let n = self.fonts.len() as u32;
        self.fonts.insert(key, (n, font.clone()));
        Some((n, font))
    }

    fn run(
        &mut self,
        content: &[u8],
        res: &Dictionary,
        mut gs: Gs,
        depth: usize,
    ) -> Result<(), Stop> {
        let mut lx = Lexer::new(content);
        let mut ops: Vec<Operand> = Vec::new();
        let mut stack: Vec<Gs> = Vec::new();
        let mut text = TextPos::default();
        let mut path: Vec<Sub> = Vec::new();
        while let Some(tok) = lx.next_token() {
            let op = match tok {
                Token::Operand(o) => {
                    if ops.len() < 64 {
                        ops.push(o);
                    }
                    continue;
                }
                Token::InlineImage => {
                    self.out.images += 1;
                    ops.clear();
                    continue;
                }
                Token::Operator(op) => op,
            };
            self.count_operator()?;
            match op {
                b"q" if stack.len() < 256 => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                b"cm" => {
                    if let Some(m) = M::from_ops(&ops) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                b"w" => gs.line_width = operand(&ops, 0).abs(),
                b"g" | b"rg" | b"k" | b"sc" | b"scn" => gs.fill_white = is_white(&ops, op[0]),
                b"G" | b"RG" | b"K" | b"SC" | b"SCN" => {
                    gs.stroke_white = is_white(&ops, op[0].to_ascii_lowercase())
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = ops.last() {
                        let name = name.clone();
                        self.xobject(res, &name, &gs, depth)?;
                    }
                }
                _ => {
                    if !self.text_op(op, &ops, res, &mut gs, &mut text)? {
                        self.path_op(op, &ops, &gs, &mut path);
                    }
                }
            }
            ops.clear();
        }
        Ok(())
    }

    /// Counts one operator against the operator and time limits.
    fn count_operator(&mut self) -> Result<(), Stop> {
        self.ops += 1;
        if self.ops > self.limits.max_ops {
            return Err(Stop(
                "limit.operators",
                format!("more than {} operators", self.limits.max_ops),
            ));
        }
        if self.ops.is_multiple_of(4096) && Instant::now() > self.limits.deadline {
            return Err(Stop("limit.millis", "time limit reached".into()));
        }
        Ok(())
    }

    /// Text state, positioning and showing operators; false when `op` is none of them.
    fn text_op(
        &mut self,
        op: &[u8],
        ops: &[Operand],
        res: &Dictionary,
        gs: &mut Gs,
        text: &mut TextPos,
    ) -> Result<bool, Stop> {
        let n = |i: usize| operand(ops, i);
        match op {
            b"BT" => *text = TextPos::default(),
            b"Tf" => {
                gs.size = n(0);
                gs.font = match ops.first() {
                    Some(Operand::Name(name)) => self.font(res, name),
                    _ => None,
                };
            }
            b"Tc" => gs.tc = n(0),
            b"Tw" => gs.tw = n(0),
            b"Tz" => gs.th = n(0) / 100.0,
            b"TL" => gs.tl = n(0),
            b"Ts" => gs.rise = n(0),
            b"Td" => text.next_line(n(1), n(0)),
            b"TD" => {
                gs.tl = -n(0);
                text.next_line(n(1), n(0));
            }
            b"Tm" => {
                if let Some(m) = M::from_ops(ops) {
                    text.tm = m;
                    text.tlm = m;
                }
            }
            b"T*" => text.next_line(0.0, -gs.tl),
            b"Tj" | b"'" | b"\"" => {
                if op == b"\"" {
                    gs.tw = n(2);
                    gs.tc = n(1);
                }
                if op != b"Tj" {
                    text.next_line(0.0, -gs.tl);
                }
                if let Some(Operand::Str(s)) = ops.last() {
                    self.show(s, gs, &mut text.tm)?;
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = ops.last() {
                    for it in items {
                        match it {
                            Operand::Str(s) => self.show(s, gs, &mut text.tm)?,
                            Operand::Num(k) if k.is_finite() => {
                                let tx = -k / 1000.0 * gs.size * gs.th;
                                text.tm = M([1.0, 0.0, 0.0, 1.0, tx, 0.0]).then(&text.tm);
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Path construction and painting operators; others are ignored.
    fn path_op(&mut self, op: &[u8], ops: &[Operand], gs: &Gs, path: &mut Vec<Sub>) {
        let n = |i: usize| operand(ops, i);
        match op {
            b"m" => path.push(Sub {
                pts: vec![gs.ctm.apply(n(1), n(0))],
                closed: false,
                curved: false,
            }),
            b"l" => {
                let p = gs.ctm.apply(n(1), n(0));
                match path.last_mut() {
                    Some(s) if s.pts.len() < 4096 => s.pts.push(p),
                    Some(_) => {}
                    None => path.push(Sub {
                        pts: vec![p],
                        closed: false,
                        curved: false,
                    }),
                }
            }
            b"c" | b"v" | b"y" => {
                let p = gs.ctm.apply(n(1), n(0));
                if let Some(s) = path.last_mut() {
                    s.curved = true;
                    if s.pts.len() < 4096 {
                        s.pts.push(p);
                    }
                }
            }
            b"h" => {
                if let Some(s) = path.last_mut() {
                    s.closed = true;
                }
            }
            b"re" => {
                let (x, y, w, h) = (n(3), n(2), n(1), n(0));
                let pts = vec![
                    gs.ctm.apply(x, y),
                    gs.ctm.apply(x + w, y),
                    gs.ctm.apply(x + w, y + h),
                    gs.ctm.apply(x, y + h),
                ];
                if path.len() < 100_000 {
                    path.push(Sub {
                        pts,
                        closed: true,
                        curved: false,
                    });
                }
            }
            b"S" | b"s" => {
                if op == b"s" {
                    if let Some(s) = path.last_mut() {
                        s.closed = true;
                    }
                }
                if !gs.stroke_white {
                    self.stroke(path, gs);
                }
                path.clear();
            }
            b"f" | b"F" | b"f*" => {
                if !gs.fill_white {
                    self.fill(path);
                }
                path.clear();
            }
            b"B" | b"B*" | b"b" | b"b*" => {
                if !gs.fill_white {
                    self.fill(path);
                }
                if !gs.stroke_white {
                    self.stroke(path, gs);
                }
                path.clear();
            }
            b"n" => path.clear(),
            _ => {}
        }
    }

    fn xobject(
        &mut self,
        res: &Dictionary,
        name: &[u8],
        gs: &Gs,
        depth: usize,
    ) -> Result<(), Stop> {
        let doc = self.doc;
        let Some(entry) = res
            .get(b"XObject")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
            .and_then(|d| d.get(name).ok())
        else {
            return Ok(());
        };
        let Ok((id, obj)) = doc.dereference(entry) else {
            return Ok(());
        };
        let Ok(stream) = obj.as_stream() else {
            return Ok(());
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .and_then(|o| o.as_name())
            .unwrap_or(b"");
        if subtype == b"Image" {
            self.out.images += 1;
            return Ok(());
        }
        if subtype != b"Form" {
            return Ok(());
        }
        if depth + 1 > self.limits.max_depth {
            return Err(Stop(
                "limit.depth",
                format!("form XObjects nested deeper than {}", self.limits.max_depth),
            ));
        }
        if let Some(id) = id {
            if self.active.contains(&id) {
                return Ok(());
            }
            self.active.push(id);
        }
        let data = match stream.decompressed_content_with_limit(self.limits.max_stream_bytes) {
            Ok(d) => d,
            Err(_) if stream.dict.get(b"Filter").is_err() => stream.content.clone(),
            Err(_) => {
                if id.is_some() {
                    self.active.pop();
                }
                return Ok(());
            }
        };
        let mut inner = gs.clone();
        if let Some(m) = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| o.as_array().ok())
            .and_then(|a| {
                let v: Vec<Operand> = a
                    .iter()
                    .filter_map(|x| x.as_float().ok().map(|f| Operand::Num(f64::from(f))))
                    .collect();
                M::from_ops(&v)
            })
        {
            inner.ctm = m.then(&gs.ctm);
        }
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let r = self.run(&data, own.unwrap_or(res), inner, depth + 1);
        if id.is_some() {
            self.active.pop();
        }
        r
    }

    fn show(&mut self, s: &[u8], gs: &Gs, tm: &mut M) -> Result<(), Stop> {
        let Some((fid, font)) = gs.font.clone() else {
            return Ok(());
        };
        let size = gs.size;
        let page = self.page;
        let mut err = None;
        let out = &mut self.out;
        let max_glyphs = self.limits.max_glyphs;
        font.decode(s, |d, text| {
            if err.is_some() {
                return;
            }
            let trm = M([size * gs.th, 0.0, 0.0, size, 0.0, gs.rise])
                .then(tm)
                .then(&gs.ctm)
                .then(&page);
            if !d.mapped {
                out.unmapped += 1;
                if !out.unmapped_fonts.contains(&font.name) && out.unmapped_fonts.len() < 16 {
                    out.unmapped_fonts.push(font.name.clone());
                }
            }
            let n = text.chars().count().max(1) as f64;
            let w = d.width;
            let vs = font.vertical_scale;
            let fs = (trm.0[2].powi(2) + trm.0[3].powi(2)).sqrt();
            for (k, c) in text.chars().enumerate() {
                if out.glyphs.len() >= max_glyphs {
                    err = Some(Stop(
                        "limit.glyphs",
                        format!("more than {max_glyphs} glyphs"),
                    ));
                    return;
                }
                if c.is_control() {
                    continue;
                }
                let a = w * k as f64 / n;
                let b = w * (k + 1) as f64 / n;
                let corners = [
                    trm.apply(a, -0.12 * vs),
                    trm.apply(b, -0.12 * vs),
                    trm.apply(a, 0.88 * vs),
                    trm.apply(b, 0.88 * vs),
                ];
                let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
                for (x, y) in corners {
                    x0 = x0.min(x);
                    y0 = y0.min(y);
                    x1 = x1.max(x);
                    y1 = y1.max(y);
                }
                if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
                    continue;
                }
                out.glyphs.push(Glyph {
                    c,
                    x0,
                    y0,
                    x1,
                    y1,
                    size: fs * vs,
                    font: fid,
                });
            }
            let mut adv = w * size + gs.tc;
            if d.is_space_byte {
                adv += gs.tw;
            }
            *tm = M([1.0, 0.0, 0.0, 1.0, adv * gs.th, 0.0]).then(tm);
        });
        match err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn push_seg(&mut self, (ax, ay): (f64, f64), (bx, by): (f64, f64)) {
        if self.out.hsegs.len() + self.out.vsegs.len() >= self.limits.max_segs {
            return;
        }
        let (ax, ay) = self.page.apply(ax, ay);
        let (bx, by) = self.page.apply(bx, by);
        if !(ax.is_finite() && ay.is_finite() && bx.is_finite() && by.is_finite()) {
            return;
        }
        let (dx, dy) = ((bx - ax).abs(), (by - ay).abs());
        if dy <= 0.5 && dx > 0.5 {
            let y = (ay + by) / 2.0;
            self.out.hsegs.push(Seg {
                x0: ax.min(bx),
                y0: y,
                x1: ax.max(bx),
                y1: y,
            });
        } else if dx <= 0.5 && dy > 0.5 {
            let x = (ax + bx) / 2.0;
            self.out.vsegs.push(Seg {
                x0: x,
                y0: ay.min(by),
                x1: x,
                y1: ay.max(by),
            });
        }
    }

    fn stroke(&mut self, path: &[Sub], gs: &Gs) {
        // Wide strokes are drawings, not rulings.
        let scale = (gs.ctm.0[0] * gs.ctm.0[3] - gs.ctm.0[1] * gs.ctm.0[2])
            .abs()
            .sqrt();
        if gs.line_width * scale > 6.0 {
            return;
        }
        for s in path {
            if s.curved {
                continue;
            }
            for pair in s.pts.windows(2) {
                self.push_seg(pair[0], pair[1]);
            }
            if s.closed && s.pts.len() > 2 {
                if let (Some(&a), Some(&b)) = (s.pts.last(), s.pts.first()) {
                    self.push_seg(a, b);
                }
            }
        }
    }

    fn fill(&mut self, path: &[Sub]) {
        for s in path {
            if s.curved || s.pts.len() < 4 || s.pts.len() > 5 {
                continue;
            }
            let pts: Vec<(f64, f64)> = s.pts.iter().map(|&(x, y)| self.page.apply(x, y)).collect();
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &(x, y) in &pts {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
            // Only axis-aligned rectangles: every corner on the box.
            let on_box = pts.iter().all(|&(x, y)| {
                ((x - x0).abs() < 0.01 || (x - x1).abs() < 0.01)
                    && ((y - y0).abs() < 0.01 || (y - y1).abs() < 0.01)
            });
            if !on_box || !x0.is_finite() || !y0.is_finite() {
                continue;
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if self.out.hsegs.len() + self.out.vsegs.len() >= self.limits.max_segs {
                return;
            }
            if h <= 3.0 && w > 2.0 * h && w > 1.0 {
                let y = (y0 + y1) / 2.0;
                self.out.hsegs.push(Seg {
                    x0,
                    y0: y,
                    x1,
                    y1: y,
                });
            } else if w <= 3.0 && h > 2.0 * w && h > 1.0 {
                let x = (x0 + x1) / 2.0;
                self.out.vsegs.push(Seg {
                    x0: x,
                    y0,
                    x1: x,
                    y1,
                });
            }
        }
    }
}
