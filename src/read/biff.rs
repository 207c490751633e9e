//! What the .xls reader needs from the BIFF8 records themselves, beside calamine:
//! the extent of every sheet's grid (calamine allocates it densely, so it is bounded
//! first) and the number format of each number cell (calamine keeps .xls formats
//! private, so a percent cell would read as a bare fraction: 0.9406 for 94.06%).
//!
//! Both walk the workbook stream record by record; nothing is allocated beyond the
//! formats and the positions of percent-formatted cells.

use std::collections::HashMap;

/// One record: its type and body. A record running past the end of the stream gets
/// the bytes that are there; the walk stops after it.
fn records(data: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> + '_ {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = data.get(at..at + 4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let start = at;
        let body = data
            .get(at + 4..(at + 4 + len).min(data.len()))
            .unwrap_or(&[]);
        at += 4 + len;
        Some((start, typ, body))
    })
}

fn u16_at(body: &[u8], k: usize) -> Option<u16> {
    body.get(k..k + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(body: &[u8], k: usize) -> Option<u32> {
    body.get(k..k + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

const BOF: u16 = 0x0809;
const FORMULA: u16 = 0x0006;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;

/// The cells calamine allocates when it opens an .xls: it parses every sheet at once
/// and turns each sheet's values, and its formulas, into a dense grid from the first
/// to the last position used. Two values far apart (A1 and IV65536) make a grid of
/// 16 million cells; a hostile file asked for 4 GiB.
pub(crate) fn grid_cells(data: &[u8]) -> u64 {
    /// Bounds of the positions seen in one sheet.
    #[derive(Default)]
    struct Span(Option<(u16, u16, u16, u16)>);
    impl Span {
        fn add(&mut self, row: u16, col: u16) {
            let (r0, r1, c0, c1) = self.0.unwrap_or((row, row, col, col));
            self.0 = Some((r0.min(row), r1.max(row), c0.min(col), c1.max(col)));
        }
        fn cells(&self) -> u64 {
            self.0.map_or(0, |(r0, r1, c0, c1)| {
                (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
            })
        }
    }
    let (mut values, mut formulas) = (Span::default(), Span::default());
    let mut total = 0u64;
    for (_, typ, body) in records(data) {
        let pos = |k: usize| u16_at(body, k);
        match typ {
            BOF => {
                total += values.cells() + formulas.cells();
                values = Span::default();
                formulas = Span::default();
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst: one value at (row, col).
            NUMBER | 0x0204 | 0x00D6 | 0x0205 | RK | 0x00FD => {
                if let (Some(r), Some(c)) = (pos(0), pos(2)) {
                    values.add(r, c);
                }
            }
            FORMULA => {
                if let (Some(r), Some(c)) = (pos(0), pos(2)) {
                    values.add(r, c);
                    formulas.add(r, c);
                }
            }
            MULRK if body.len() >= 6 => {
                if let (Some(r), Some(c0), Some(c1)) = (pos(0), pos(2), pos(body.len() - 2)) {
                    values.add(r, c0);
                    values.add(r, c1);
                }
            }
            _ => {}
        }
    }
    total + values.cells() + formulas.cells()
}

/// Number cells whose format shows a percent, by sheet name: (row, col) → the
/// format code. Only percent formats are kept, the one kind of format that changes
/// what a number means on these forms.
pub(crate) type PercentCells = HashMap<String, HashMap<(u32, u32), String>>;

/// Reads the formats (FORMAT), the cell styles (XF, numbered in order of appearance),
/// the sheets' names by the offset of their BOF (BOUNDSHEET), then the style index of
/// every number cell. Built-in formats 9 and 10 are `0%` and `0.00%`.
pub(crate) fn percent_cells(data: &[u8], is_percent: impl Fn(&str) -> bool) -> PercentCells {
    let mut formats: HashMap<u16, String> =
        HashMap::from([(9, "0%".to_string()), (10, "0.00%".to_string())]);
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut sheets: HashMap<u32, String> = HashMap::new();
    let mut out = PercentCells::new();
    let mut current: Option<&mut HashMap<(u32, u32), String>> = None;
    for (offset, typ, body) in records(data) {
        match typ {
            FORMAT => {
                if let (Some(id), Some(code)) = (u16_at(body, 0), unicode_string(body, 2, true)) {
                    formats.insert(id, code);
                }
            }
            XF => xf_formats.push(u16_at(body, 2).unwrap_or(0)),
            BOUNDSHEET => {
                if let (Some(pos), Some(name)) = (u32_at(body, 0), unicode_string(body, 6, false)) {
                    sheets.insert(pos, name);
                }
            }
            BOF => {
                current = u32::try_from(offset)
                    .ok()
                    .and_then(|o| sheets.get(&o))
                    .map(|name| out.entry(name.clone()).or_default());
            }
            NUMBER | RK | FORMULA => {
                if let (Some(map), Some(r), Some(c), Some(xf)) = (
                    current.as_deref_mut(),
                    u16_at(body, 0),
                    u16_at(body, 2),
                    u16_at(body, 4),
                ) {
                    note(map, r, c, xf, &xf_formats, &formats, &is_percent);
                }
            }
            MULRK => {
                let (Some(map), Some(r), Some(c0)) =
                    (current.as_deref_mut(), u16_at(body, 0), u16_at(body, 2))
                else {
                    continue;
                };
                // (ixfe, rk) pairs of 6 bytes between the first column and the last.
                let pairs = body.len().saturating_sub(6) / 6;
                for i in 0..pairs {
                    if let Some(xf) = u16_at(body, 4 + i * 6) {
                        let c = c0.saturating_add(i as u16);
                        note(map, r, c, xf, &xf_formats, &formats, &is_percent);
                    }
                }
            }
            _ => {}
        }
    }
    out.retain(|_, cells| !cells.is_empty());
    out
}

fn note(
    map: &mut HashMap<(u32, u32), String>,
    row: u16,
    col: u16,
    xf: u16,
    xf_formats: &[u16],
    formats: &HashMap<u16, String>,
    is_percent: &impl Fn(&str) -> bool,
) {
    let Some(code) = xf_formats
        .get(usize::from(xf))
        .and_then(|id| formats.get(id))
    else {
        return;
    };
    if is_percent(code) {
        map.insert((u32::from(row), u32::from(col)), code.clone());
    }
}

/// A BIFF8 string at `k`: a character count (two bytes for XLUnicodeString, one for
/// ShortXLUnicodeString), a flags byte (bit 0: two bytes a character; bits 2 and 3:
/// phonetic and rich-text blocks, whose sizes come before the characters), then the
/// characters.
fn unicode_string(body: &[u8], k: usize, long: bool) -> Option<String> {
    let (count, mut at) = if long {
        (usize::from(u16_at(body, k)?), k + 2)
    } else {
        (usize::from(*body.get(k)?), k + 1)
    };
    let flags = *body.get(at)?;
    at += 1;
    if flags & 0x08 != 0 {
        at += 2;
    }
    if flags & 0x04 != 0 {
        at += 4;
    }
    if flags & 0x01 != 0 {
        let bytes = body.get(at..at + count * 2)?;
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        // Compressed: the low byte of each UTF-16 unit, i.e. Latin-1.
        let bytes = body.get(at..at + count)?;
        Some(bytes.iter().map(|&b| char::from(b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((body.len() as u16).to_le_bytes());
        out.extend(body);
        out
    }

    fn cell(row: u16, col: u16, xf: u16) -> Vec<u8> {
        [row.to_le_bytes(), col.to_le_bytes(), xf.to_le_bytes()].concat()
    }

    /// A workbook stream: globals with one custom format, three styles and one
    /// sheet, then the sheet with a custom-percent, a built-in-percent and a plain
    /// number, and a MULRK row mixing both.
    fn workbook() -> Vec<u8> {
        let mut globals = record(BOF, &[0; 16]);
        let mut fmt = 164u16.to_le_bytes().to_vec();
        fmt.extend(6u16.to_le_bytes());
        fmt.push(0);
        fmt.extend(b"0.000%");
        globals.extend(record(FORMAT, &fmt));
        for ifmt in [0u16, 164, 10] {
            let mut xf = 0u16.to_le_bytes().to_vec();
            xf.extend(ifmt.to_le_bytes());
            xf.extend([0; 16]);
            globals.extend(record(XF, &xf));
        }
        let sheet_name = "表1".encode_utf16().flat_map(u16::to_le_bytes);
        let mut bound_len = 0;
        let mut boundsheet = Vec::new();
        for pass in 0..2 {
            // The BOUNDSHEET body holds the sheet's offset, known once its size is.
            let offset = (globals.len() + 4 + bound_len) as u32;
            let mut body = offset.to_le_bytes().to_vec();
            body.extend([0, 0, 2, 1]);
            body.extend(sheet_name.clone());
            bound_len = body.len();
            if pass == 1 {
                boundsheet = record(BOUNDSHEET, &body);
            }
        }
        globals.extend(boundsheet);
        let mut sheet = record(BOF, &[0; 16]);
        sheet.extend(record(NUMBER, &[cell(1, 2, 1), vec![0; 8]].concat()));
        sheet.extend(record(RK, &[cell(2, 2, 2), vec![0; 4]].concat()));
        sheet.extend(record(NUMBER, &[cell(3, 2, 0), vec![0; 8]].concat()));
        let mut mulrk = [4u16.to_le_bytes(), 0u16.to_le_bytes()].concat();
        for xf in [0u16, 2] {
            mulrk.extend(xf.to_le_bytes());
            mulrk.extend([0; 4]);
        }
        mulrk.extend(1u16.to_le_bytes());
        sheet.extend(record(MULRK, &mulrk));
        [globals, sheet].concat()
    }

    #[test]
    fn percent_cells_follow_styles_to_custom_and_built_in_formats() {
        let got = percent_cells(&workbook(), |f| f.contains('%'));
        let cells = &got["表1"];
        assert_eq!(cells.get(&(1, 2)).map(String::as_str), Some("0.000%"));
        assert_eq!(cells.get(&(2, 2)).map(String::as_str), Some("0.00%"));
        assert_eq!(cells.get(&(4, 1)).map(String::as_str), Some("0.00%"));
        assert!(
            !cells.contains_key(&(3, 2)),
            "a General number is not a percent"
        );
        assert!(!cells.contains_key(&(4, 0)));
        assert_eq!(cells.len(), 3);
    }

    #[test]
    fn truncated_streams_give_what_was_read() {
        let data = workbook();
        for cut in 0..data.len() {
            let _ = percent_cells(&data[..cut], |f| f.contains('%'));
            let _ = grid_cells(&data[..cut]);
        }
        assert_eq!(grid_cells(&data), 4 * 3);
    }
}
