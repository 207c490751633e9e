//! The table grid of a page image: ruling lines found in the ink, turned into
//! cells with their spans.
//!
//! Horizontal rules are long, thin dark runs; between two rules, a vertical rule is a
//! column dark over nearly the whole band (and right under and over the rules, so
//! strokes of characters do not count). Columns are the union of all bands' rules; a
//! cell whose rule above is missing continues the cell above (`row_span`), and a cell
//! crossing a column edge without a rule spans those columns (`col_span`).

use super::raster::Ink;
use super::DPI;

/// A cell found in the grid, in pixels of the upright page.
#[derive(Debug, Clone)]
pub struct GridCell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub rect: [usize; 4],
}

#[derive(Debug, Clone)]
pub struct GridTable {
    pub top: usize,
    pub bottom: usize,
    /// Column edges in pixels.
    pub edges: Vec<usize>,
    pub cells: Vec<GridCell>,
    /// Rules found: horizontal (y0, y1, x0, x1) and vertical (x, y0, y1), for erasing.
    pub lines: Vec<[usize; 4]>,
}

/// What to read on a page: tables and the text strips between them, top to bottom.
#[derive(Debug)]
pub enum Region {
    Strip([usize; 4]),
    Table(GridTable),
}

/// Gaps a scanned rule may have: pixels lost to a light print, JPEG blocks or a
/// seal's colour taken out. The gaps between strokes of text are as wide, so a run
/// must also be nearly all dark ([`RUN_FILL`]): a row through bold text in a
/// 150 dpi scan is up to 0.93 dark over a few characters, a broken rule 0.97 and
/// more.
const RULE_GAP: usize = (DPI / 40) as usize;
/// Share of a rule's run that is dark.
const RUN_FILL: f64 = 0.95;

/// The extent of the runs of `dark` positions in 0..n that bridge gaps up to
/// [`RULE_GAP`], are at least `min_len` long and [`RUN_FILL`] dark: (first, last).
/// A rule broken by a wider gap (a stamp, a fold) is one rule still.
fn rule_extent(
    n: usize,
    dark: impl Fn(usize) -> bool,
    min_len: usize,
    (gap, fill): (usize, f64),
) -> Option<(usize, usize)> {
    let mut extent: Option<(usize, usize)> = None;
    let mut run: Option<(usize, usize, usize)> = None; // (start, last dark, dark count)
    let close = |r: (usize, usize, usize), extent: &mut Option<(usize, usize)>| {
        let len = r.1 - r.0 + 1;
        if len >= min_len && r.2 as f64 >= len as f64 * fill {
            *extent = Some(extent.map_or((r.0, r.1), |e| (e.0.min(r.0), e.1.max(r.1))));
        }
    };
    for x in 0..n {
        if !dark(x) {
            continue;
        }
        run = match run {
            Some((s, last, c)) if x <= last + gap + 1 => Some((s, x, c + 1)),
            Some(r) => {
                close(r, &mut extent);
                Some((x, x, 1))
            }
            None => Some((x, x, 1)),
        };
    }
    if let Some(r) = run {
        close(r, &mut extent);
    }
    extent
}

/// A run of lighter ink this long on a rule's rows is rule, not text.
const RULE_RUN: usize = (DPI / 5) as usize;
/// Share of a band a vertical rule covers in the darker ink. Bold text in a
/// one-line band covers up to 0.8 of a column too; what else tells a rule is that
/// it meets the rules above and below, where text keeps a margin (`verticals`).
const V_FILL: f64 = 0.85;
/// Share of a band a vertical rule covers where the table has a column edge.
const V_FILL_KNOWN: f64 = 0.4;
/// Share of a band along which a rule has paper on both sides, where the column is
/// new or the rule faint. Rules of the development set's scans have 0.8 to 1.0, of a
/// 150 dpi scan with a grey seal 0.7 and more; strokes of characters in tight rows
/// of bold text, taken for rules, 0.6 at most and mostly under 0.4.
const V_MARGIN: f64 = 0.65;
/// Where the paper beside a rule is looked at: from `near` to `far` pixels off its
/// centre (past a scanned rule's own width, within a cell's padding).
const MARGIN: (usize, usize) = (3, 7);
/// Pixels two rules of the same column edge may lie apart.
const EDGE_SLACK: usize = 8;

/// Tables and strips of a page, top to bottom: horizontal rules found in `core`
/// (the darker ink: a lighter level lets rows through bold text pass for rules),
/// vertical rules in `core`, and at the columns the table has in `light` too (a
/// faded vertical rule breaks up at the darker level, and where bold text fills
/// tight rows, columns of its strokes meet the rules above and below in the
/// lighter ink).
pub fn layout(core: &Ink, light: &Ink) -> Vec<Region> {
    light.layout(Ink::rules(core, light), core)
}

/// Paints the rules of the tables white, so that recognition sees text only (a
/// rule at a crop's edge reads as 1, l or |).
pub fn erase(regions: &[Region], grey: &mut [u8], w: usize) {
    for r in regions {
        let Region::Table(t) = r else { continue };
        for &[x0, y0, x1, y1] in &t.lines {
            for y in y0..y1 {
                for x in x0..x1 {
                    if let Some(g) = grey.get_mut(y * w + x) {
                        *g = 255;
                    }
                }
            }
        }
    }
}

impl Ink {
    /// Horizontal rules: (y from, y to, x from, x to) of each group of rows holding a
    /// long, mostly dark run.
    /// Rules are looked for in the darker ink (`core`), and, twice as long, in the
    /// lighter (`light`): a faded rule, fainter than the rest of its table, is a
    /// long one still, and rows through bold text make only short runs there.
    fn rules(core: &Ink, light: &Ink) -> Vec<(usize, usize, usize, usize)> {
        let min_len = (DPI / 2) as usize;
        let mut rows: Vec<(usize, usize, usize)> = Vec::new();
        for y in 0..core.h {
            // A hairline rotated by the deskew lies over two rows, each one broken
            // where the other is dark.
            // Three ways a row holds a rule: a nearly unbroken run in the core,
            // one twice as long in the light ink, or an unbroken one in the core
            // row itself (gaps of two pixels, as printed rules have).
            let bridged = (RULE_GAP, RUN_FILL);
            let found = [
                (core, min_len, bridged, 1),
                (light, 2 * min_len, bridged, 1),
                (core, min_len, (2, 0.0), 0),
            ]
            .map(|(ink, len, how, below)| {
                rule_extent(ink.w, |x| ink.at(x, y) || ink.at(x, y + below), len, how)
            });
            let extent = found
                .into_iter()
                .flatten()
                .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
            if let Some((x0, x1)) = extent {
                rows.push((y, x0, x1));
            }
        }
        let mut out: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (y, x0, x1) in rows {
            match out.last_mut() {
                Some(last) if y <= last.1 + 2 => {
                    last.1 = y;
                    last.2 = last.2.min(x0);
                    last.3 = last.3.max(x1);
                }
                _ => out.push((y, y, x0, x1)),
            }
        }
        // Rules are thin; a thick group is a filled area or text.
        out.retain(|r| r.1 - r.0 <= (DPI / 25) as usize);
        out
    }

    /// Vertical rules within a band: x centres of columns dark over `need` of it
    /// and dark right under the rule above and right over the rule below. Text has a
    /// margin to the rules, so a stroke of a character in a low row does not count.
    /// `through_seal`: pixels under a seal count as dark (a rule known from the
    /// rows around runs on under it).
    fn verticals(&self, y0: usize, y1: usize, need: f64, through_seal: bool) -> Vec<usize> {
        let (x0, x1) = (0usize, self.w.saturating_sub(1));
        if y1 <= y0 + 6 {
            return Vec::new();
        }
        let (top, bottom) = (y0 + 1, y1);
        let need = ((bottom - top) as f64 * need) as usize;
        let dark = |x: usize, y: usize| {
            self.at(x, y)
                || (x > 0 && self.at(x - 1, y))
                || self.at(x + 1, y)
                || (through_seal && self.hidden(x, y))
        };
        let mut hits = Vec::new();
        for x in x0.saturating_sub(3)..(x1 + 4).min(self.w) {
            // Three of the four rows at each end: a scanned rule has gaps of a
            // pixel; a stroke of text reaching to a rule fills one or two of them.
            let end = |ys: std::ops::Range<usize>| ys.filter(|&y| dark(x, y)).count() >= 3;
            if !end(top..top + 4) || !end(bottom - 4..bottom) {
                continue;
            }
            let n = (top..bottom).filter(|&y| dark(x, y)).count();
            if n >= need {
                hits.push(x);
            }
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        for x in hits {
            match out.last_mut() {
                Some(g) if x <= g.1 + 2 => g.1 = x,
                _ => out.push((x, x)),
            }
        }
        out.into_iter().map(|(a, b)| (a + b) / 2).collect()
    }

    /// Whether the column x has paper on both sides along most of the band
    /// ([`V_MARGIN`]): a rule stands apart from the text of the cells beside it,
    /// while a vertical stroke of a character in a tight row has the character's
    /// other strokes beside it, and the edge of the paper on a darker scanner bed
    /// has the bed.
    fn clear_beside(&self, x: usize, y0: usize, y1: usize) -> bool {
        let (near, far) = MARGIN;
        if y1 <= y0 + 1 || x < far {
            return false;
        }
        let clear = (y0 + 1..y1)
            .filter(|&y| (near..far).all(|d| !self.at(x - d, y) && !self.at(x + d, y)))
            .count();
        clear as f64 >= (y1 - y0 - 1) as f64 * V_MARGIN
    }

    /// The rules of a band: those clearly there ([`V_FILL`] in the darker ink, or in
    /// the lighter with paper beside them), and, in the lighter ink and at the
    /// columns the table already has, those that are there in part
    /// ([`V_FILL_KNOWN`]) or hidden by a seal: on a poor scan a rule fades and
    /// breaks along its length, and a rule seen in the rows around is evidence that
    /// a faint one at the same place is a rule too. A column new to the table needs
    /// paper beside its rule ([`Ink::clear_beside`]).
    fn band_verticals(&self, core: &Ink, y0: usize, y1: usize, known: &[usize]) -> Vec<usize> {
        let at_known = |x: usize| known.iter().any(|&k| k.abs_diff(x) <= EDGE_SLACK);
        let mut v = core.verticals(y0, y1, V_FILL, false);
        v.retain(|&x| {
            at_known(x) || (core.clear_beside(x, y0, y1) && self.clear_beside(x, y0, y1))
        });
        // A rule faint all along (a one-row table, or the piece of a table carried
        // over to a page of its own, has no other row to make its columns known).
        let whole = self.verticals(y0, y1, V_FILL, false);
        let faint = if known.is_empty() {
            whole.clone()
        } else {
            self.verticals(y0, y1, V_FILL_KNOWN, true)
        };
        for x in faint {
            let new = v.iter().all(|&h| h.abs_diff(x) > EDGE_SLACK);
            let whole = whole.iter().any(|&h| h.abs_diff(x) <= 2);
            // A rule new to the table needs paper beside it in the lighter ink too:
            // the edge of a grey blot (a shadow, a stain) is a line of JPEG ringing
            // in the darker ink with the blot, light there, beside it.
            let lone = at_known(x) || self.clear_beside(x, y0, y1);
            if (at_known(x) || whole) && new && lone && core.clear_beside(x, y0, y1) {
                v.push(x);
            }
        }
        v.sort_unstable();
        v
    }

    /// Share of [x0, x1) along a horizontal rule (rows y0..=y1) that is rule: dark
    /// in `core` near it, under a seal (the rule runs across the table; where a
    /// seal took it out, nothing says it stops), or part of a long run in this (lighter)
    /// ink on the rule's rows. Not the lighter ink near it: a label centred on a
    /// merged cell straddles the rule of the rows beside it, and its fringes would
    /// pass for the rule.
    fn rule_cover(&self, core: &Ink, y0: usize, y1: usize, x0: usize, x1: usize) -> f64 {
        if x1 <= x0 {
            return 0.0;
        }
        let mut on = vec![false; x1 - x0];
        for y in y0..=y1 {
            let mut run: Option<(usize, usize)> = None;
            for x in x0..=x1 {
                let dark = x < x1 && self.at(x, y);
                match (dark, run) {
                    (true, Some((s, _))) => run = Some((s, x)),
                    (true, None) => run = Some((x, x)),
                    (false, Some((s, e))) if x > e + RULE_GAP || x == x1 => {
                        if e + 1 - s >= RULE_RUN {
                            on[s - x0..=e - x0].iter_mut().for_each(|v| *v = true);
                        }
                        run = None;
                    }
                    _ => {}
                }
            }
        }
        let near = || y0.saturating_sub(2)..=y1 + 2;
        let n = (x0..x1)
            .filter(|&x| on[x - x0] || near().any(|y| core.at(x, y) || self.hidden(x, y)))
            .count();
        n as f64 / (x1 - x0) as f64
    }

    fn layout(&self, rules: Vec<(usize, usize, usize, usize)>, core: &Ink) -> Vec<Region> {
        let mut tables: Vec<GridTable> = Vec::new();
        let mut i = 0;
        while i + 1 < rules.len() {
            // Grow a table from rule i while the band below each rule has side rules.
            let mut bands: Vec<(usize, Vec<usize>)> = Vec::new();
            let mut known: Vec<usize> = Vec::new();
            let mut j = i;
            while j + 1 < rules.len() {
                let (a, b) = (rules[j], rules[j + 1]);
                // The whole width: a rule interrupted by a merged cell starts
                // right of the table's left border.
                let v = self.band_verticals(core, a.1, b.0, &known);
                if v.len() < 2 {
                    break;
                }
                // Only rules clearly there make columns known: a faint one taken
                // at a known column must not make more columns known.
                known.extend(
                    core.verticals(a.1, b.0, V_FILL, false)
                        .into_iter()
                        .filter(|&x| core.clear_beside(x, a.1, b.0)),
                );
                known.sort_unstable();
                known.dedup();
                bands.push((j, v));
                j += 1;
            }
            // The first bands were read before the table's columns were known.
            for (j, v) in bands.iter_mut() {
                let (a, b) = (rules[*j], rules[*j + 1]);
                *v = self.band_verticals(core, a.1, b.0, &known);
            }
            if bands.is_empty() {
                i += 1;
                continue;
            }
            tables.push(self.grid(&rules, &bands, core));
            i = j + 1;
        }
        let mut regions = Vec::new();
        let mut y = 0;
        for t in tables {
            if t.top > y + 10 {
                regions.push(Region::Strip([0, y, self.w, t.top.saturating_sub(2)]));
            }
            y = t.bottom + 3;
            regions.push(Region::Table(t));
        }
        if y + 10 < self.h {
            regions.push(Region::Strip([0, y, self.w, self.h]));
        }
        regions
    }

    fn grid(
        &self,
        rules: &[(usize, usize, usize, usize)],
        bands: &[(usize, Vec<usize>)],
        core: &Ink,
    ) -> GridTable {
        let mut xs: Vec<usize> = bands.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        xs.sort_unstable();
        let mut edges: Vec<usize> = Vec::new();
        let mut group: Vec<usize> = Vec::new();
        for x in xs {
            if group.last().is_some_and(|&l| x > l + EDGE_SLACK) {
                edges.push(group.iter().sum::<usize>() / group.len().max(1));
                group.clear();
            }
            group.push(x);
        }
        if !group.is_empty() {
            edges.push(group.iter().sum::<usize>() / group.len());
        }
        let col_of = |x: usize| {
            edges
                .iter()
                .enumerate()
                .min_by_key(|(_, &e)| e.abs_diff(x))
                .map(|(i, _)| i)
                .unwrap_or(0)
        };
        let mut cells: Vec<GridCell> = Vec::new();
        let mut lines: Vec<[usize; 4]> = Vec::new();
        let pad = 2;
        for (r, (j, v)) in bands.iter().enumerate() {
            let (Some(top), Some(bottom)) = (rules.get(*j), rules.get(j + 1)) else {
                continue;
            };
            for rule in [top, bottom] {
                lines.push([
                    rule.2,
                    rule.0.saturating_sub(pad),
                    rule.3 + 1,
                    rule.1 + pad + 1,
                ]);
            }
            for &x in v {
                lines.push([x.saturating_sub(pad + 1), top.0, x + pad + 2, bottom.1 + 1]);
            }
            for w in v.windows(2) {
                let (x0, x1) = (w[0], w[1]);
                let (c0, c1) = (col_of(x0), col_of(x1));
                if c1 <= c0 {
                    continue;
                }
                // A missing rule above the cell means it continues the cell above.
                let cover = self.rule_cover(core, top.0, top.1, x0 + 6, x1.saturating_sub(6));
                let open = r > 0 && cover < 0.5;
                if open {
                    if let Some(above) = cells
                        .iter_mut()
                        .find(|c| c.col == c0 && c.col_span == c1 - c0 && c.row + c.row_span == r)
                    {
                        above.row_span += 1;
                        above.rect[3] = bottom.0;
                        continue;
                    }
                }
                cells.push(GridCell {
                    row: r,
                    col: c0,
                    row_span: 1,
                    col_span: c1 - c0,
                    rect: [x0, top.1, x1, bottom.0],
                });
            }
        }
        let top = bands
            .first()
            .and_then(|(j, _)| rules.get(*j))
            .map(|r| r.0)
            .unwrap_or(0);
        let bottom = bands
            .last()
            .and_then(|(j, _)| rules.get(j + 1))
            .map(|r| r.1)
            .unwrap_or(top);
        GridTable {
            top,
            bottom,
            edges,
            cells,
            lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: (usize, f64) = (RULE_GAP, RUN_FILL);

    #[test]
    fn a_rule_has_paper_beside_it_and_a_stroke_of_a_character_has_not() {
        let (w, h) = (120, 40);
        let mut ink = vec![false; w * h];
        let mut dark = |x: usize, y: usize| ink[y * w + x] = true;
        for y in 0..h {
            // A rule two pixels wide at x = 20, text starting 9 pixels right of it.
            dark(20, y);
            dark(21, y);
            // An upright of bold characters at x = 80: other strokes beside it in
            // two rows of three.
            dark(80, y);
            dark(81, y);
            if y % 3 != 0 {
                (72..90).for_each(|x| dark(x, y));
            }
            // The edge of the paper at x = 110, the scanner's bed beyond it.
            (110..w).for_each(|x| dark(x, y));
        }
        for y in (0..h).step_by(2) {
            (30..40).for_each(|x| dark(x, y));
        }
        let ink = Ink {
            w,
            h,
            ink,
            hidden: Vec::new(),
        };
        assert!(ink.clear_beside(20, 0, h));
        assert!(!ink.clear_beside(80, 0, h));
        assert!(!ink.clear_beside(110, 0, h));
    }

    #[test]
    fn a_faint_rule_is_a_rule_and_the_edge_of_a_grey_blot_is_not() {
        let (w, h) = (200, 70);
        let ink = |marks: &[(usize, usize)]| {
            let mut ink = vec![false; w * h];
            for y in 0..h {
                for &(x0, x1) in marks {
                    (x0..x1).for_each(|x| ink[y * w + x] = true);
                }
            }
            Ink {
                w,
                h,
                ink,
                hidden: Vec::new(),
            }
        };
        // The darker ink: only the ringing along the blot's left edge (x = 50).
        let core = ink(&[(50, 52)]);
        // The lighter: the blot itself beside it, and a faint rule at x = 150.
        let light = ink(&[(50, 120), (150, 152)]);
        let found = light.band_verticals(&core, 10, 60, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].abs_diff(150) <= 1, "{found:?}");
    }

    #[test]
    fn a_broken_rule_is_one_rule_and_a_row_of_text_is_none() {
        // A rule over 0..300 with a 2-pixel gap every 60 pixels (97 % dark).
        let broken = |x: usize| x % 60 < 58;
        assert_eq!(rule_extent(300, broken, 100, B), Some((0, 297)));
        // A row through bold text: strokes of 12 pixels, gaps of 3 (80 % dark).
        let text = |x: usize| x % 15 < 12;
        assert_eq!(rule_extent(300, text, 100, B), None);
        // A rule cut by a stamp: two long pieces make one rule.
        let cut = |x: usize| !(120..180).contains(&x);
        assert_eq!(rule_extent(400, cut, 100, B), Some((0, 399)));
        // Too short to be a rule.
        assert_eq!(rule_extent(300, |x| x < 80, 100, B), None);
    }
}
