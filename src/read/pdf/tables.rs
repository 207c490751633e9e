//! Tables from rulings: segments merged into lines, lines grouped into tables,
//! grid boundaries from the lines, spans from the boundaries that are missing.
//! Tables continued on the next page are joined in `mod.rs` from these pieces.

use super::content::{Glyph, Seg};
use super::layout::{self, Line};

/// One cell of a table piece, in grid units of that piece.
#[derive(Debug, Clone)]
pub struct PCell {
    pub row: usize,
    pub col: usize,
    pub rs: usize,
    pub cs: usize,
    pub text: String,
    pub bbox: [f64; 4],
    pub page: u32,
    /// The last line of text, and the width of the first word: to tell whether
    /// the text runs on into the same cell on the next page.
    pub last: Option<Line>,
    pub first_w: f64,
    pub n_lines: usize,
}

/// A table as found on one page.
#[derive(Debug, Clone)]
pub struct PTable {
    pub xs: Vec<f64>,
    pub n_rows: usize,
    pub cells: Vec<PCell>,
    pub bbox: [f64; 4],
    pub page: u32,
}

/// Tolerance for lines that are the same line (double rulings, rounding).
const SNAP: f64 = 2.0;

fn cluster(mut v: Vec<f64>, tol: f64) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    let mut group: Vec<f64> = Vec::new();
    for x in v {
        if let Some(&last) = group.last() {
            if x - last > tol {
                out.push(group.iter().sum::<f64>() / group.len() as f64);
                group.clear();
            }
        }
        group.push(x);
    }
    if !group.is_empty() {
        out.push(group.iter().sum::<f64>() / group.len() as f64);
    }
    out
}

/// Merges collinear, touching segments. `horizontal` selects the axis.
fn merge(segs: &[Seg], horizontal: bool) -> Vec<Seg> {
    // (position across, start, end)
    let mut v: Vec<(f64, f64, f64)> = segs
        .iter()
        .map(|s| {
            if horizontal {
                (s.y0, s.x0.min(s.x1), s.x0.max(s.x1))
            } else {
                (s.x0, s.y0.min(s.y1), s.y0.max(s.y1))
            }
        })
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    // Bucket by position, then merge along.
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1].0 - v[j].0 <= 1.0 {
            j += 1;
        }
        let mut group: Vec<(f64, f64, f64)> = v[i..=j].to_vec();
        let pos = group.iter().map(|g| g.0).sum::<f64>() / group.len() as f64;
        group.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut cur: Option<(f64, f64)> = None;
        for (_, a, b) in group {
            cur = match cur {
                Some((s, e)) if a <= e + SNAP => Some((s, e.max(b))),
                Some((s, e)) => {
                    out.push(mk(horizontal, pos, s, e));
                    Some((a, b))
                }
                None => Some((a, b)),
            };
        }
        if let Some((s, e)) = cur {
            out.push(mk(horizontal, pos, s, e));
        }
        i = j + 1;
    }
    out
}

fn mk(horizontal: bool, pos: f64, s: f64, e: f64) -> Seg {
    if horizontal {
        Seg {
            x0: s,
            y0: pos,
            x1: e,
            y1: pos,
        }
    } else {
        Seg {
            x0: pos,
            y0: s,
            x1: pos,
            y1: e,
        }
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Most merged rulings considered on one page; beyond that the page is a drawing.
const MAX_LINES: usize = 4000;

/// Finds the ruled tables of a page and fills them with the glyphs inside them.
/// Returns the tables and the glyphs that fell outside every table.
pub fn find_tables(
    hsegs: &[Seg],
    vsegs: &[Seg],
    glyphs: Vec<Glyph>,
    page: u32,
) -> (Vec<PTable>, Vec<Glyph>) {
    let hs = merge(hsegs, true);
    let vs = merge(vsegs, false);
    if hs.len() + vs.len() > MAX_LINES || hs.is_empty() || vs.is_empty() {
        return (Vec::new(), glyphs);
    }
    // Connected groups of crossing or touching lines.
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if v.x0 >= h.x0 - SNAP
                && v.x0 <= h.x1 + SNAP
                && h.y0 >= v.y0 - SNAP
                && h.y0 <= v.y1 + SNAP
            {
                let (a, b) = (find(&mut parent, i), find(&mut parent, hs.len() + j));
                if a != b {
                    parent[a] = b;
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Seg>, Vec<Seg>)> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = groups.entry(r).or_default();
        if i < hs.len() {
            e.0.push(hs[i]);
        } else {
            e.1.push(vs[i - hs.len()]);
        }
    }
    let mut tables = Vec::new();
    let mut rest = glyphs;
    for (_, (h, v)) in groups {
        if h.len() < 2 || v.len() < 2 {
            continue;
        }
        let Some((t, outside)) = build(&h, &v, rest.clone(), page) else {
            continue;
        };
        rest = outside;
        tables.push(t);
    }
    tables.sort_by(|a, b| a.bbox[1].total_cmp(&b.bbox[1]));
    (tables, rest)
}

fn build(h: &[Seg], v: &[Seg], glyphs: Vec<Glyph>, page: u32) -> Option<(PTable, Vec<Glyph>)> {
    let left = h.iter().map(|s| s.x0).fold(f64::MAX, f64::min);
    let right = h.iter().map(|s| s.x1).fold(f64::MIN, f64::max);
    let top = v.iter().map(|s| s.y0).fold(f64::MAX, f64::min);
    let bottom = v.iter().map(|s| s.y1).fold(f64::MIN, f64::max);
    let mut xv: Vec<f64> = v.iter().map(|s| s.x0).collect();
    xv.push(left);
    xv.push(right);
    let mut yv: Vec<f64> = h.iter().map(|s| s.y0).collect();
    yv.push(top);
    yv.push(bottom);
    let xs = cluster(xv, SNAP);
    let ys = cluster(yv, SNAP);
    if xs.len() < 2 || ys.len() < 2 || xs.len() > 513 || ys.len() > 20_001 {
        return None;
    }
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    let (x_lo, x_hi) = (xs[0], xs[nc]);
    let (y_lo, y_hi) = (ys[0], ys[nr]);
    // Is the boundary at xs[j] drawn between ys[r] and ys[r+1]?
    let has_v = |j: usize, r: usize| -> bool {
        if j == 0 || j == nc {
            return true;
        }
        let (a, b) = (ys[r], ys[r + 1]);
        let m = 0.25 * (b - a);
        v.iter()
            .any(|s| (s.x0 - xs[j]).abs() <= SNAP && s.y0 <= a + m && s.y1 >= b - m)
    };
    let has_h = |i: usize, c: usize| -> bool {
        if i == 0 || i == nr {
            return true;
        }
        let (a, b) = (xs[c], xs[c + 1]);
        let m = 0.25 * (b - a);
        h.iter()
            .any(|s| (s.y0 - ys[i]).abs() <= SNAP && s.x0 <= a + m && s.x1 >= b - m)
    };
    let mut owner: Vec<Option<usize>> = vec![None; nr * nc];
    let mut cells: Vec<PCell> = Vec::new();
    for r in 0..nr {
        for c in 0..nc {
            if owner[r * nc + c].is_some() {
                continue;
            }
            let mut cs = 1;
            while c + cs < nc && !has_v(c + cs, r) && owner[r * nc + c + cs].is_none() {
                cs += 1;
            }
            let mut rs = 1;
            while r + rs < nr
                && (c..c + cs).all(|cc| !has_h(r + rs, cc) && owner[(r + rs) * nc + cc].is_none())
            {
                rs += 1;
            }
            let id = cells.len();
            for rr in r..r + rs {
                for cc in c..c + cs {
                    owner[rr * nc + cc] = Some(id);
                }
            }
            cells.push(PCell {
                row: r,
                col: c,
                rs,
                cs,
                text: String::new(),
                bbox: [xs[c], ys[r], xs[c + cs], ys[r + rs]],
                page,
                last: None,
                first_w: 0.0,
                n_lines: 0,
            });
        }
    }
    let mut inside: Vec<Vec<Glyph>> = vec![Vec::new(); cells.len()];
    let mut outside = Vec::new();
    for g in glyphs {
        let (cx, cy) = (g.cx(), g.cy());
        if cx < x_lo || cx > x_hi || cy < y_lo || cy > y_hi {
            outside.push(g);
            continue;
        }
        let c = xs.partition_point(|&x| x <= cx).clamp(1, nc) - 1;
        let r = ys.partition_point(|&y| y <= cy).clamp(1, nr) - 1;
        match owner.get(r * nc + c).copied().flatten() {
            Some(id) => inside[id].push(g),
            None => outside.push(g),
        }
    }
    for (cell, gl) in cells.iter_mut().zip(inside) {
        if gl.is_empty() {
            continue;
        }
        let ls: Vec<Line> = layout::lines(gl);
        cell.text = layout::cell_text(&ls, cell.bbox[2]);
        cell.last = ls.last().cloned();
        cell.n_lines = ls.len();
        cell.first_w = ls.first().map_or(0.0, layout::first_token_width);
    }
    // Rulings that enclose no text and a single cell are frames or underlines.
    if cells.len() < 2 {
        return None;
    }
    Some((
        PTable {
            xs,
            n_rows: nr,
            cells,
            bbox: [x_lo, y_lo, x_hi, y_hi],
            page,
        },
        outside,
    ))
}

/// A table from text alignment, for pages without rulings: three or more
/// consecutive lines split into two or more chunks at wide gaps, chunks placed
/// in columns by where they start.
pub fn borderless(lines: &[Line], page: u32) -> Vec<(usize, usize, PTable)> {
    let mut out = Vec::new();
    let parts: Vec<Vec<(f64, f64, Vec<Glyph>)>> =
        lines.iter().map(|l| layout::chunks(l, 2.0)).collect();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && parts[j].len() >= 2 {
            j += 1;
        }
        if j - i >= 3 {
            let starts: Vec<f64> = parts[i..j]
                .iter()
                .flat_map(|p| p.iter().map(|c| c.0))
                .collect();
            let size = lines[i].size;
            let cols = cluster(starts, 1.5 * size);
            if cols.len() >= 2 && cols.len() <= 64 {
                let mut cells = Vec::new();
                for (r, p) in parts[i..j].iter().enumerate() {
                    let l = &lines[i + r];
                    for (x0, x1, gl) in p {
                        let col = cols
                            .iter()
                            .enumerate()
                            .min_by(|a, b| (a.1 - x0).abs().total_cmp(&(b.1 - x0).abs()))
                            .map_or(0, |(k, _)| k);
                        cells.push(PCell {
                            row: r,
                            col,
                            rs: 1,
                            cs: 1,
                            text: layout::glyph_text(gl),
                            bbox: [*x0, l.y0, *x1, l.y1],
                            page,
                            last: None,
                            first_w: 0.0,
                            n_lines: 1,
                        });
                    }
                }
                // Two chunks of one line in the same column: join them.
                cells.sort_by_key(|c| (c.row, c.col));
                cells.dedup_by(|b, a| {
                    if a.row == b.row && a.col == b.col {
                        a.text.push(' ');
                        a.text.push_str(&b.text);
                        a.bbox[2] = a.bbox[2].max(b.bbox[2]);
                        true
                    } else {
                        false
                    }
                });
                let x0 = lines[i..j].iter().map(|l| l.x0).fold(f64::MAX, f64::min);
                let x1 = lines[i..j].iter().map(|l| l.x1).fold(f64::MIN, f64::max);
                let mut xs = cols.clone();
                xs.push(x1);
                out.push((
                    i,
                    j,
                    PTable {
                        xs,
                        n_rows: j - i,
                        cells,
                        bbox: [x0, lines[i].y0, x1, lines[j - 1].y1],
                        page,
                    },
                ));
            }
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(y: f64, x0: f64, x1: f64) -> Seg {
        Seg {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn vs(x: f64, y0: f64, y1: f64) -> Seg {
        Seg {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn spans_from_missing_rulings() {
        // 3 columns, 3 rows; row 0 merged across; column 0 merged down rows 1-2.
        let h = vec![
            hs(0.0, 0.0, 300.0),
            hs(20.0, 0.0, 300.0),
            hs(40.0, 100.0, 300.0),
            hs(60.0, 0.0, 300.0),
        ];
        let v = vec![
            vs(0.0, 0.0, 60.0),
            vs(100.0, 20.0, 60.0),
            vs(200.0, 20.0, 60.0),
            vs(300.0, 0.0, 60.0),
        ];
        let (t, _) = find_tables(&h, &v, Vec::new(), 1);
        assert_eq!(t.len(), 1);
        let spans: Vec<(usize, usize, usize, usize)> = t[0]
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.rs, c.cs))
            .collect();
        assert_eq!(
            spans,
            vec![
                (0, 0, 1, 3),
                (1, 0, 2, 1),
                (1, 1, 1, 1),
                (1, 2, 1, 1),
                (2, 1, 1, 1),
                (2, 2, 1, 1)
            ]
        );
    }
}
