//! .doc (Word 97–2003): a reader of the binary format on the `cfb` crate.
//!
//! The text of the main document is assembled from the piece table (the CLX in the
//! table stream): each piece is either UTF-16LE (all Chinese text) or 8-bit cp1252.
//! Paragraph properties come from the PAPX FKP pages; they tell table paragraphs
//! (`sprmPFInTable`) and row ends (`sprmPFTtp`) apart, and the row end carries the
//! row's cell boundaries and merge flags (`sprmTDefTable`, `sprmTVertMerge`).
//!
//! The model is the one the .docx reader builds, so that the same form gives the
//! same record in both formats:
//! - grid columns are the union of every row's cell boundaries, so a cell spanning
//!   boundaries other rows have gets `col_span` > 1;
//! - a cell flagged as continuing a vertical merge extends the cell above it with the
//!   same left boundary (`row_span`), legacy horizontal merges extend the cell to
//!   their left; their text, if any, is appended to the origin cell;
//! - a cell's paragraphs are joined with '\n', blank paragraphs are dropped, a tab
//!   becomes a space, a line break '\n';
//! - field instructions are dropped and field results kept, as Word displays them.
//!
//! Not read: headers, footers, footnotes, comments and text boxes (other
//! sub-documents of the stream), properties stored only in styles or in the piece
//! table's property modifiers (fast-saved files), Word 6/95 files. Nested tables are
//! flattened into the text of the containing cell.
//!
//! Errors: an encrypted or obfuscated file gives `doc.encrypted` (FIB `fEncrypted`),
//! a file whose compound container, FIB or piece table cannot be read gives
//! `doc.damaged`. Paragraph properties that cannot be read leave the text readable:
//! the paragraphs are kept without table structure and the record gets a
//! `doc.damaged` issue. Bounded: pieces, characters, paragraphs, cells and time are
//! checked against [`Limits`].

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::time::Instant;

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Block, Cell, Document, Format, Issue, Paragraph, Table};
use crate::read::Reader;

pub struct DocReader;

impl Reader for DocReader {
    fn format(&self) -> Format {
        Format::Doc
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
        read_doc(bytes, limits)
    }
}

const F_ENCRYPTED: u16 = 0x0100;
const F_WHICH_TBL_STM: u16 = 0x0200;
const F_OBFUSCATED: u16 = 0x8000;
/// Word 97 and later; older files use another FIB and piece encoding.
const MIN_NFIB: u16 = 0x00C1;
const MAX_GRID_COLS: usize = 256;

const SPRM_P_FIN_TABLE: u16 = 0x2416;
const SPRM_P_FTTP: u16 = 0x2417;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_P_FINNER_TABLE_CELL: u16 = 0x244B;
const SPRM_P_FINNER_TTP: u16 = 0x244C;
const SPRM_P_CHG_TABS: u16 = 0xC615;
/// Properties too long for an FKP page live in the Data stream; this points there.
const SPRM_P_HUGE_PAPX: u16 = 0x6646;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_VERT_MERGE: u16 = 0xD62B;

const TC_FIRST_MERGED: u16 = 0x0001;
const TC_MERGED: u16 = 0x0002;
const TC_VERT_MERGE: u16 = 0x0020;
const TC_VERT_RESTART: u16 = 0x0040;

/// Reads a .doc file into the document model.
pub fn read_doc(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let started = Instant::now();
    let mut comp = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| ReadError::damaged("doc", format!("not a readable compound file: {e}")))?;
    let word = read_stream(&mut comp, "/WordDocument", bytes.len())?
        .ok_or_else(|| ReadError::damaged("doc", "the WordDocument stream is missing"))?;
    let fib = Fib::parse(&word)?;
    if fib.flags & (F_ENCRYPTED | F_OBFUSCATED) != 0 {
        return Err(ReadError::Encrypted { format: "doc" });
    }
    let table_name = if fib.flags & F_WHICH_TBL_STM != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = read_stream(&mut comp, table_name, bytes.len())?
        .ok_or_else(|| ReadError::damaged("doc", format!("the {table_name} stream is missing")))?;
    let data = read_stream(&mut comp, "/Data", bytes.len())?.unwrap_or_default();
    let pieces = parse_clx(&table, fib.fc_clx, fib.lcb_clx, limits.max_objects)?;
    let max_chars = (limits.max_entry_bytes / 2).min(u32::MAX as u64) as u32;
    let mut doc = Document::new(Format::Doc);
    let ccp = if fib.ccp_text > max_chars {
        doc.issues.push(Issue {
            code: "limit.text".into(),
            message: format!(
                "the document has {} characters; only the first {max_chars} are read",
                fib.ccp_text
            ),
        });
        max_chars
    } else {
        fib.ccp_text
    };
    let paras = split_paragraphs(&word, &pieces, ccp)?;
    let mut papx = PapxIndex::new(&word, &data, &table, fib.fc_bte_papx, fib.lcb_bte_papx);
    let mut b = Builder::new(limits, started);
    for p in paras {
        if b.stopped {
            break;
        }
        let props = match papx.props(p.fc_mark) {
            Ok(props) => props,
            Err(message) => {
                b.damaged(message);
                ParaProps::default()
            }
        };
        b.paragraph(p, props);
    }
    b.finish_table();
    doc.issues.extend(b.issues);
    doc.blocks = b.blocks;
    Ok(doc)
}

fn read_stream(
    comp: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    max: usize,
) -> Result<Option<Vec<u8>>, ReadError> {
    if !comp.is_stream(name) {
        return Ok(None);
    }
    let s = comp
        .open_stream(name)
        .map_err(|e| ReadError::damaged("doc", format!("{name}: {e}")))?;
    // A stream cannot hold more than the file; a larger declared length is a lie.
    let mut out = Vec::new();
    s.take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::damaged("doc", format!("{name}: {e}")))?;
    if out.len() > max {
        return Err(ReadError::damaged(
            "doc",
            format!("{name} is longer than the file"),
        ));
    }
    Ok(Some(out))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn i16_at(b: &[u8], at: usize) -> Option<i16> {
    u16_at(b, at).map(|v| v as i16)
}

/// The parts of the File Information Block this reader needs.
#[derive(Debug)]
struct Fib {
    flags: u16,
    ccp_text: u32,
    fc_clx: u32,
    lcb_clx: u32,
    fc_bte_papx: u32,
    lcb_bte_papx: u32,
}

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib, ReadError> {
        let bad = |m: &str| ReadError::damaged("doc", format!("file information block: {m}"));
        if u16_at(w, 0) != Some(0xA5EC) {
            return Err(bad("wrong signature"));
        }
        let nfib = u16_at(w, 2).ok_or_else(|| bad("truncated"))?;
        let flags = u16_at(w, 0x0A).ok_or_else(|| bad("truncated"))?;
        if flags & (F_ENCRYPTED | F_OBFUSCATED) == 0 && nfib < MIN_NFIB {
            return Err(ReadError::Unsupported {
                format: "doc",
                message: format!("Word 6/95 file (nFib {nfib:#x}); save it as Word 97 or later"),
            });
        }
        // FibBase (32 bytes), then three variable arrays each led by its length.
        let csw = u16_at(w, 32).ok_or_else(|| bad("truncated"))? as usize;
        let lw = 34 + csw * 2;
        let cslw = u16_at(w, lw).ok_or_else(|| bad("truncated"))? as usize;
        let rg_lw = lw + 2;
        let fc_lcb = rg_lw + cslw * 4;
        let cb_fc_lcb = u16_at(w, fc_lcb).ok_or_else(|| bad("truncated"))? as usize;
        let rg_fc_lcb = fc_lcb + 2;
        if cslw < 4 || cb_fc_lcb < 34 {
            // An encrypted file's FIB is readable; only report it as such.
            if flags & (F_ENCRYPTED | F_OBFUSCATED) != 0 {
                return Ok(Fib {
                    flags,
                    ccp_text: 0,
                    fc_clx: 0,
                    lcb_clx: 0,
                    fc_bte_papx: 0,
                    lcb_bte_papx: 0,
                });
            }
            return Err(bad("too short for Word 97"));
        }
        let pair = |i: usize| -> Result<(u32, u32), ReadError> {
            let at = rg_fc_lcb + i * 8;
            match (u32_at(w, at), u32_at(w, at + 4)) {
                (Some(fc), Some(lcb)) => Ok((fc, lcb)),
                _ => Err(bad("truncated")),
            }
        };
        let (fc_clx, lcb_clx) = pair(33)?;
        let (fc_bte_papx, lcb_bte_papx) = pair(13)?;
        Ok(Fib {
            flags,
            ccp_text: u32_at(w, rg_lw + 12).ok_or_else(|| bad("truncated"))?,
            fc_clx,
            lcb_clx,
            fc_bte_papx,
            lcb_bte_papx,
        })
    }
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    cp_start: u32,
    cp_end: u32,
    /// Byte offset of the piece's first character in the WordDocument stream.
    offset: u32,
    compressed: bool,
}

/// The piece table: the Pcdt inside the CLX, after any Prc property blocks.
fn parse_clx(table: &[u8], fc: u32, lcb: u32, max_pieces: usize) -> Result<Vec<Piece>, ReadError> {
    let bad = |m: String| ReadError::damaged("doc", format!("piece table: {m}"));
    let start = fc as usize;
    let end = start
        .checked_add(lcb as usize)
        .filter(|&e| e <= table.len())
        .ok_or_else(|| bad("outside the table stream".into()))?;
    let clx = &table[start..end];
    let mut at = 0usize;
    loop {
        match clx.get(at) {
            Some(1) => {
                let cb = u16_at(clx, at + 1).ok_or_else(|| bad("truncated Prc".into()))?;
                at += 3 + cb as usize;
            }
            Some(2) => break,
            Some(t) => return Err(bad(format!("unexpected block type {t}"))),
            None => return Err(bad("no Pcdt".into())),
        }
    }
    let lcb_pcd = u32_at(clx, at + 1).ok_or_else(|| bad("truncated Pcdt".into()))? as usize;
    let plc = clx
        .get(at + 5..)
        .and_then(|r| r.get(..lcb_pcd))
        .ok_or_else(|| bad("Pcdt longer than the CLX".into()))?;
    // A PLC of n pieces holds n+1 character positions (4 bytes) and n PCDs (8 bytes).
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(bad(format!("PlcPcd of {} bytes", plc.len())));
    }
    let n = (plc.len() - 4) / 12;
    if n > max_pieces {
        return Err(ReadError::limit(
            "objects",
            format!("{n} text pieces > {max_pieces}"),
        ));
    }
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, i * 4).unwrap_or(0);
        let cp_end = u32_at(plc, i * 4 + 4).unwrap_or(0);
        let pcd = 4 * (n + 1) + i * 8;
        let fc = u32_at(plc, pcd + 2).unwrap_or(0);
        let compressed = fc & 0x4000_0000 != 0;
        let raw = fc & 0x3FFF_FFFF;
        if cp_end < cp_start {
            return Err(bad(format!("piece {i} ends before it starts")));
        }
        pieces.push(Piece {
            cp_start,
            cp_end,
            offset: if compressed { raw / 2 } else { raw },
            compressed,
        });
    }
    Ok(pieces)
}

/// A paragraph of the main text as it comes from the pieces.
#[derive(Debug)]
struct RawPara {
    text: String,
    /// Stream offset of the paragraph mark, which finds its properties.
    fc_mark: u32,
    /// The mark: '\r' (paragraph), '\x07' (cell or row end), '\x0c' (break).
    mark: char,
}

fn cp1252_table() -> [char; 256] {
    let mut t = ['\u{fffd}'; 256];
    for (b, slot) in t.iter_mut().enumerate() {
        let byte = [b as u8];
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        *slot = s.chars().next().unwrap_or('\u{fffd}');
    }
    t
}

/// Splits the main document text (CP 0..ccp) into paragraphs.
fn split_paragraphs(word: &[u8], pieces: &[Piece], ccp: u32) -> Result<Vec<RawPara>, ReadError> {
    let cp1252 = cp1252_table();
    let mut out = Vec::new();
    let mut cur = String::new();
    // Field nesting: true while in a field's instruction, false in its result.
    let mut fields: Vec<bool> = Vec::new();
    let mut read_any = false;
    for p in pieces {
        if p.cp_start >= ccp {
            continue;
        }
        let len = (p.cp_end.min(ccp) - p.cp_start) as usize;
        let width = if p.compressed { 1 } else { 2 };
        let start = p.offset as usize;
        let Some(bytes) = start
            .checked_add(len * width)
            .and_then(|end| word.get(start..end))
        else {
            return Err(ReadError::damaged(
                "doc",
                format!("a text piece lies outside the WordDocument stream (at {start})"),
            ));
        };
        read_any = true;
        let mut i = 0;
        while i < len {
            let (ch, fc) = if p.compressed {
                (cp1252[bytes[i] as usize], p.offset as usize + i)
            } else {
                let u = u16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]]);
                let fc = p.offset as usize + 2 * i;
                if (0xD800..0xDC00).contains(&u) && i + 1 < len {
                    let lo = u16::from_le_bytes([bytes[2 * i + 2], bytes[2 * i + 3]]);
                    let c = char::decode_utf16([u, lo])
                        .next()
                        .and_then(|r| r.ok())
                        .unwrap_or('\u{fffd}');
                    i += 2;
                    push_char(&mut cur, &mut fields, c);
                    continue;
                }
                (char::from_u32(u as u32).unwrap_or('\u{fffd}'), fc)
            };
            i += 1;
            match ch {
                '\r' | '\u{7}' | '\u{c}' => {
                    out.push(RawPara {
                        text: std::mem::take(&mut cur),
                        fc_mark: fc as u32,
                        mark: ch,
                    });
                }
                _ => push_char(&mut cur, &mut fields, ch),
            }
        }
    }
    if !read_any && ccp > 0 {
        return Err(ReadError::damaged(
            "doc",
            "no text piece in the main document",
        ));
    }
    if !cur.trim().is_empty() {
        out.push(RawPara {
            text: cur,
            fc_mark: u32::MAX,
            mark: '\r',
        });
    }
    Ok(out)
}

fn push_char(cur: &mut String, fields: &mut Vec<bool>, ch: char) {
    match ch {
        '\u{13}' => {
            // Nesting deeper than any real document is flattened, not tracked.
            if fields.len() < 64 {
                fields.push(true);
            }
        }
        '\u{14}' => {
            if let Some(top) = fields.last_mut() {
                *top = false;
            }
        }
        '\u{15}' => {
            fields.pop();
        }
        _ if fields.iter().any(|&instr| instr) => {}
        '\t' => cur.push(' '),
        '\u{b}' => cur.push('\n'),
        '\u{1e}' => cur.push('-'),
        c if (c as u32) < 0x20 => {}
        c => cur.push(c),
    }
}

/// What a paragraph's properties say about tables.
#[derive(Debug, Default, Clone)]
struct ParaProps {
    in_table: bool,
    ttp: bool,
    depth: i32,
    inner_cell: bool,
    inner_ttp: bool,
    tap: Option<RowDef>,
}

/// A table row's definition: cell boundaries (twips) and per-cell merge flags.
#[derive(Debug, Default, Clone)]
struct RowDef {
    bounds: Vec<i16>,
    flags: Vec<u16>,
}

/// Paragraph properties by stream offset: PlcBtePapx → FKP pages → PAPX.
struct PapxIndex<'a> {
    word: &'a [u8],
    data: &'a [u8],
    /// (first fc, end fc, page number) of each FKP page.
    bte: Result<Vec<(u32, u32, u32)>, String>,
    pages: HashMap<u32, Vec<(u32, u32, Vec<u8>)>>,
}

impl<'a> PapxIndex<'a> {
    fn new(word: &'a [u8], data: &'a [u8], table: &[u8], fc: u32, lcb: u32) -> PapxIndex<'a> {
        let bte = (|| {
            let plc = table
                .get(fc as usize..(fc as usize).checked_add(lcb as usize)?)
                .filter(|p| p.len() >= 4 && (p.len() - 4) % 8 == 0)?;
            let n = (plc.len() - 4) / 8;
            let mut v = Vec::with_capacity(n);
            for i in 0..n {
                let a = u32_at(plc, i * 4)?;
                let b = u32_at(plc, i * 4 + 4)?;
                let pn = u32_at(plc, 4 * (n + 1) + i * 4)? & 0x003F_FFFF;
                v.push((a, b, pn));
            }
            Some(v)
        })()
        .ok_or_else(|| "the paragraph property index (PlcBtePapx) cannot be read".to_string());
        PapxIndex {
            word,
            data,
            bte,
            pages: HashMap::new(),
        }
    }

    fn props(&mut self, fc: u32) -> Result<ParaProps, String> {
        let bte = self.bte.as_ref().map_err(Clone::clone)?;
        let Some(&(_, _, pn)) = bte.iter().find(|&&(a, b, _)| fc >= a && fc < b) else {
            // Text outside every FKP range has default (non-table) properties.
            return Ok(ParaProps::default());
        };
        if !self.pages.contains_key(&pn) {
            let page = parse_fkp(self.word, pn)
                .ok_or_else(|| format!("paragraph property page {pn} cannot be read"))?;
            // Bounded: at most one parse per page of the stream.
            self.pages.insert(pn, page);
        }
        let runs = self.pages.get(&pn).map(Vec::as_slice).unwrap_or(&[]);
        let Some((_, _, grpprl)) = runs.iter().find(|&&(a, b, _)| fc >= a && fc < b) else {
            return Ok(ParaProps::default());
        };
        Ok(apply_sprms(grpprl, self.data))
    }
}

/// One 512-byte PapxFkp page: runs of (first fc, end fc, grpprl without istd).
fn parse_fkp(word: &[u8], pn: u32) -> Option<Vec<(u32, u32, Vec<u8>)>> {
    let start = (pn as usize).checked_mul(512)?;
    let page = word.get(start..start.checked_add(512)?)?;
    let crun = page[511] as usize;
    if 4 * (crun + 1) + 13 * crun > 511 {
        return None;
    }
    let mut runs = Vec::with_capacity(crun);
    for i in 0..crun {
        let a = u32_at(page, i * 4)?;
        let b = u32_at(page, i * 4 + 4)?;
        let bx = 4 * (crun + 1) + 13 * i;
        let off = *page.get(bx)? as usize * 2;
        if off == 0 {
            runs.push((a, b, Vec::new()));
            continue;
        }
        let cb = *page.get(off)? as usize;
        let (body, len) = if cb == 0 {
            (off + 2, *page.get(off + 1)? as usize * 2)
        } else {
            (off + 1, 2 * cb - 1)
        };
        let data = page.get(body..(body + len).min(511))?;
        // The first two bytes are the style index.
        runs.push((a, b, data.get(2..).unwrap_or(&[]).to_vec()));
    }
    Some(runs)
}

fn operand_len(sprm: u16, data: &[u8], at: usize) -> Option<usize> {
    match sprm >> 13 {
        0 | 1 => Some(1),
        2 | 4 | 5 => Some(2),
        3 => Some(4),
        7 => Some(3),
        _ => {
            if sprm == SPRM_T_DEF_TABLE {
                let cb = u16_at(data, at)? as usize;
                (cb != 0).then_some(cb + 1)
            } else if sprm == SPRM_P_CHG_TABS && *data.get(at)? == 255 {
                let del = *data.get(at + 1)? as usize;
                let add_at = at + 2 + 4 * del;
                let add = *data.get(add_at)? as usize;
                Some(add_at + 1 + 3 * add - at)
            } else {
                Some(1 + *data.get(at)? as usize)
            }
        }
    }
}

fn apply_sprms(grpprl: &[u8], data: &[u8]) -> ParaProps {
    let mut p = ParaProps::default();
    apply_into(&mut p, grpprl, data, true);
    if p.depth == 0 && p.in_table {
        p.depth = 1;
    }
    p
}

fn apply_into(p: &mut ParaProps, grpprl: &[u8], data: &[u8], follow_huge: bool) {
    let mut at = 0;
    while let Some(sprm) = u16_at(grpprl, at) {
        let op = at + 2;
        let Some(len) = operand_len(sprm, grpprl, op) else {
            break;
        };
        let Some(operand) = grpprl.get(op..op + len) else {
            break;
        };
        let flag = operand.first().is_some_and(|&b| b != 0);
        match sprm {
            SPRM_P_FIN_TABLE => p.in_table = flag,
            SPRM_P_FTTP => p.ttp = flag,
            SPRM_P_ITAP => p.depth = u32_at(operand, 0).unwrap_or(0) as i32,
            SPRM_P_FINNER_TABLE_CELL => p.inner_cell = flag,
            SPRM_P_FINNER_TTP => p.inner_ttp = flag,
            SPRM_T_DEF_TABLE => p.tap = parse_tdef(operand.get(2..).unwrap_or(&[])),
            SPRM_P_HUGE_PAPX if follow_huge => {
                // A PrcData in the Data stream: its length, then the properties.
                let at = u32_at(operand, 0).unwrap_or(u32::MAX) as usize;
                if let Some(cb) = u16_at(data, at) {
                    if let Some(huge) = data.get(at + 2..).and_then(|d| d.get(..cb as usize)) {
                        apply_into(p, huge, data, false);
                    }
                }
            }
            SPRM_T_VERT_MERGE => {
                // Operand: size byte, cell index, merge value (1 merge, 3 restart).
                if let (Some(tap), Some(&itc), Some(&v)) =
                    (p.tap.as_mut(), operand.get(1), operand.get(2))
                {
                    if let Some(f) = tap.flags.get_mut(itc as usize) {
                        *f &= !(TC_VERT_MERGE | TC_VERT_RESTART);
                        if v & 1 != 0 {
                            *f |= TC_VERT_MERGE;
                        }
                        if v & 2 != 0 {
                            *f |= TC_VERT_RESTART;
                        }
                    }
                }
            }
            _ => {}
        }
        at = op + len;
    }
}

fn parse_tdef(op: &[u8]) -> Option<RowDef> {
    let n = *op.first()? as usize;
    let mut bounds = Vec::with_capacity(n + 1);
    for i in 0..=n {
        bounds.push(i16_at(op, 1 + 2 * i)?);
    }
    let tc_at = 1 + 2 * (n + 1);
    // TC80 entries may be cut short; missing ones have no flags.
    let flags = (0..n)
        .map(|i| u16_at(op, tc_at + 20 * i).unwrap_or(0))
        .collect();
    Some(RowDef { bounds, flags })
}

/// A cell as read, before the grid is known.
#[derive(Debug)]
struct RawCell {
    text: String,
}

/// Builds blocks from paragraphs: table paragraphs are collected per cell and row
/// until the row end, rows until the first paragraph outside the table.
struct Builder<'l> {
    limits: &'l Limits,
    started: Instant,
    blocks: Vec<Block>,
    issues: Vec<Issue>,
    paragraphs: usize,
    tables: usize,
    cells_total: usize,
    /// Lines of the cell being read.
    cell: Vec<String>,
    /// Cells of the row being read.
    row: Vec<RawCell>,
    /// Rows of the table being read, with their definitions.
    rows: Vec<(Vec<RawCell>, RowDef)>,
    stopped: bool,
    damaged_reported: bool,
}

impl<'l> Builder<'l> {
    fn new(limits: &'l Limits, started: Instant) -> Builder<'l> {
        Builder {
            limits,
            started,
            blocks: Vec::new(),
            issues: Vec::new(),
            paragraphs: 0,
            tables: 0,
            cells_total: 0,
            cell: Vec::new(),
            row: Vec::new(),
            rows: Vec::new(),
            stopped: false,
            damaged_reported: false,
        }
    }

    fn issue(&mut self, code: &str, message: String) {
        if !self.issues.iter().any(|i| i.code == code) {
            self.issues.push(Issue {
                code: code.into(),
                message,
            });
        }
    }

    fn damaged(&mut self, message: String) {
        if !self.damaged_reported {
            self.damaged_reported = true;
            self.issue(
                "doc.damaged",
                format!("{message}; text is kept without table structure"),
            );
        }
    }

    fn paragraph(&mut self, p: RawPara, props: ParaProps) {
        if self.started.elapsed().as_millis() as u64 > self.limits.max_millis {
            self.issue(
                "limit.millis",
                format!(
                    "reading took longer than {} ms; the rest is not read",
                    self.limits.max_millis
                ),
            );
            self.stopped = true;
            return;
        }
        if !props.in_table && props.depth <= 0 {
            self.finish_table();
            if p.text.trim().is_empty() {
                return;
            }
            self.push_paragraph(p.text);
            return;
        }
        if props.depth > 1 {
            // A nested table's cells become lines of the enclosing cell.
            if !(props.inner_ttp && p.text.trim().is_empty()) {
                add_line(&mut self.cell, p.text);
            }
            return;
        }
        if p.mark == '\u{7}' && props.ttp {
            // Row end: the text before the mark is empty; the cell lines, if any
            // remain, belong to a cell whose mark was lost.
            if !self.cell.is_empty() {
                self.end_cell();
            }
            let def = props.tap.unwrap_or_default();
            let cells = std::mem::take(&mut self.row);
            if self.rows.len() >= self.limits.max_rows {
                let max = self.limits.max_rows;
                self.issue(
                    "limit.rows",
                    format!("a table has more than {max} rows; the rest is not read"),
                );
                return;
            }
            self.rows.push((cells, def));
            return;
        }
        add_line(&mut self.cell, p.text);
        if p.mark == '\u{7}' {
            self.end_cell();
        }
    }

    fn end_cell(&mut self) {
        let text = std::mem::take(&mut self.cell).join("\n");
        if self.cells_total >= self.limits.max_cells {
            let max = self.limits.max_cells;
            self.issue(
                "limit.cells",
                format!("the document has more than {max} table cells; the rest is not read"),
            );
            return;
        }
        self.cells_total += 1;
        self.row.push(RawCell { text });
    }

    fn push_paragraph(&mut self, text: String) {
        if self.paragraphs >= self.limits.max_paragraphs {
            let max = self.limits.max_paragraphs;
            self.issue(
                "limit.paragraphs",
                format!("the document has more than {max} paragraphs; the rest is not read"),
            );
            return;
        }
        self.blocks.push(Block::Paragraph(Paragraph {
            index: self.paragraphs,
            text,
            page: None,
            bbox: None,
        }));
        self.paragraphs += 1;
    }

    fn finish_table(&mut self) {
        if !self.cell.is_empty() {
            self.end_cell();
        }
        if !self.row.is_empty() {
            // A row without its end mark: keep it with an unknown definition.
            let cells = std::mem::take(&mut self.row);
            self.rows.push((cells, RowDef::default()));
        }
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        let (cells, cut) = grid_cells(rows);
        if cut {
            self.issue(
                "limit.cols",
                format!("a table has more than {MAX_GRID_COLS} columns; the rest is not read"),
            );
        }
        if cells.is_empty() {
            return;
        }
        let mut t = Table::from_cells(0, cells);
        t.index = self.tables;
        self.tables += 1;
        self.blocks.push(Block::Table(t));
    }
}

fn add_line(lines: &mut Vec<String>, text: String) {
    if !text.trim().is_empty() {
        lines.push(text);
    }
}

/// Places the cells of each row on the table's grid: the grid columns are the union
/// of every row's boundaries; merges follow the TC flags.
fn grid_cells(rows: Vec<(Vec<RawCell>, RowDef)>) -> (Vec<Cell>, bool) {
    let mut edges: Vec<i16> = rows
        .iter()
        .flat_map(|(_, d)| d.bounds.iter().copied())
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let col_of = |x: i16| edges.binary_search(&x).unwrap_or_else(|i| i);
    let mut cut = false;
    let mut out: Vec<Cell> = Vec::new();
    // For each grid column, the index in `out` of the cell a vertical merge continues.
    let mut open: HashMap<usize, usize> = HashMap::new();
    for (r, (cells, def)) in rows.into_iter().enumerate() {
        let mut last: Option<usize> = None;
        let mut next_col = 0usize;
        for (i, raw) in cells.into_iter().enumerate() {
            let (col, span) = match (def.bounds.get(i), def.bounds.get(i + 1)) {
                (Some(&a), Some(&b)) if b > a => {
                    let (ca, cb) = (col_of(a), col_of(b));
                    (ca, cb.saturating_sub(ca).max(1))
                }
                // Cells beyond the definition, or a row without one, go left to right.
                _ => (next_col, 1),
            };
            if col >= MAX_GRID_COLS {
                cut = true;
                continue;
            }
            let span = span.min(MAX_GRID_COLS - col);
            next_col = col + span;
            let flags = def.flags.get(i).copied().unwrap_or(0);
            if flags & TC_MERGED != 0 && flags & TC_FIRST_MERGED == 0 {
                if let Some(prev) = last.and_then(|k| out.get_mut(k)) {
                    if prev.row == r {
                        prev.col_span += span;
                        append_text(&mut prev.text, &raw.text);
                        continue;
                    }
                }
            }
            if flags & TC_VERT_MERGE != 0 && flags & TC_VERT_RESTART == 0 {
                if let Some(&k) = open.get(&col) {
                    if let Some(o) = out.get_mut(k) {
                        if o.row + o.row_span == r {
                            o.row_span += 1;
                            append_text(&mut o.text, &raw.text);
                            last = Some(k);
                            continue;
                        }
                    }
                }
            }
            let k = out.len();
            for c in col..col + span {
                open.remove(&c);
            }
            if flags & TC_VERT_RESTART != 0 {
                open.insert(col, k);
            }
            let mut cell = Cell::new(r, col, raw.text);
            cell.col_span = span;
            out.push(cell);
            last = Some(k);
        }
    }
    (out, cut)
}

fn append_text(buf: &mut String, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    if !buf.is_empty() {
        buf.push('\n');
    }
    buf.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprm_operand_lengths_follow_spra() {
        assert_eq!(operand_len(0x2416, &[1], 0), Some(1));
        assert_eq!(operand_len(0x6649, &[1, 0, 0, 0], 0), Some(4));
        assert_eq!(operand_len(0xD608, &[3, 0, 1, 2], 0), Some(4));
        assert_eq!(operand_len(0xD608, &[0, 0], 0), None);
        assert_eq!(operand_len(0xC615, &[255, 1, 0, 0, 0, 0, 0], 0), Some(7));
    }

    #[test]
    fn fields_keep_their_result_only() {
        let mut s = String::new();
        let mut f = Vec::new();
        for c in "a\u{13}HYPERLINK x\u{14}link\u{15}\tb".chars() {
            push_char(&mut s, &mut f, c);
        }
        assert_eq!(s, "alink b");
    }

    #[test]
    fn vertical_merge_extends_the_cell_above() {
        let def = |flags: Vec<u16>| RowDef {
            bounds: vec![0, 100, 200],
            flags,
        };
        let rows = vec![
            (
                vec![RawCell { text: "a".into() }, RawCell { text: "b".into() }],
                def(vec![TC_VERT_RESTART | TC_VERT_MERGE, 0]),
            ),
            (
                vec![RawCell { text: "".into() }, RawCell { text: "c".into() }],
                def(vec![TC_VERT_MERGE, 0]),
            ),
        ];
        let (cells, cut) = grid_cells(rows);
        assert!(!cut);
        assert_eq!(cells.len(), 3);
        assert_eq!((cells[0].row_span, cells[0].text.as_str()), (2, "a"));
        assert_eq!(
            (cells[2].row, cells[2].col, cells[2].text.as_str()),
            (1, 1, "c")
        );
    }

    #[test]
    fn wide_cell_spans_the_boundaries_of_other_rows() {
        let rows = vec![
            (
                vec![RawCell {
                    text: "title".into(),
                }],
                RowDef {
                    bounds: vec![0, 300],
                    flags: vec![0],
                },
            ),
            (
                vec![
                    RawCell { text: "x".into() },
                    RawCell { text: "y".into() },
                    RawCell { text: "z".into() },
                ],
                RowDef {
                    bounds: vec![0, 100, 200, 300],
                    flags: vec![0, 0, 0],
                },
            ),
        ];
        let (cells, _) = grid_cells(rows);
        assert_eq!(cells[0].col_span, 3);
        assert_eq!((cells[3].col, cells[3].text.as_str()), (2, "z"));
    }

    #[test]
    fn garbage_is_damaged_not_a_panic() {
        let limits = Limits::default();
        assert!(read_doc(b"not a compound file", &limits).is_err());
    }
}
