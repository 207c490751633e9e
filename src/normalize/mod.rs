//! Maps the wording of forms onto canonical ids (the `id`s of patterns/*.toml), driven by the
//! human-editable files in `patterns/`. Exact, then pattern, then fuzzy with a
//! confidence; below the threshold a name stays unmapped.
//!
//! Everything is compiled once when the patterns are loaded: cleaned literal
//! expansions in a hash map (exact), a regex set for wildcards and curator regexes
//! (pattern), a sorted list for cut-off cells (truncated) and bigram sets (fuzzy).

mod clean;
mod load;
mod wording;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use regex::RegexSet;

use crate::error::PatternError;

/// A column of the fund block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FundColumn {
    Initial,
    Budget,
    Executed,
    Rate,
    Weight,
    Score,
    /// 原因 / 偏差原因: why a line was under- or over-executed.
    Reason,
}

/// How an indicator name was mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    Exact,
    Pattern,
    Fuzzy,
    None,
}

impl MatchKind {
    /// The value written in records: exact matches count as pattern matches.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact | MatchKind::Pattern => "pattern",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::None => "none",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorMatch {
    pub canonical: Option<String>,
    pub kind: MatchKind,
    pub confidence: f64,
}

impl IndicatorMatch {
    fn none() -> IndicatorMatch {
        IndicatorMatch {
            canonical: None,
            kind: MatchKind::None,
            confidence: 0.0,
        }
    }
}

/// Matching thresholds from `config.toml`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Config {
    pub fuzzy_threshold: f64,
    pub truncated_min_chars: usize,
    pub truncated_confidence: f64,
    /// Names ending in one of these are 一级/二级 category labels, never indicators.
    pub label_suffixes: Vec<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            fuzzy_threshold: 0.85,
            truncated_min_chars: 8,
            truncated_confidence: 0.9,
            label_suffixes: vec!["指标".to_string()],
        }
    }
}

/// A wildcard wording or curator regex of one id.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    pub id: usize,
    /// Literal characters in the pattern: the most specific match wins.
    pub rank: usize,
}

/// Ids with their compiled wordings (fund lines or indicators).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub ids: Vec<String>,
    pub exact: HashMap<String, usize>,
    pub matchers: Vec<Matcher>,
    pub set: RegexSet,
    /// Cleaned literal expansions, sorted, for prefix (truncated cell) look-ups.
    pub sorted: Vec<(String, usize)>,
    /// Distinct character bigrams of each literal expansion, for fuzzy matching.
    pub bigrams: Vec<(Vec<(char, char)>, usize)>,
}

impl Default for Table {
    fn default() -> Table {
        Table {
            ids: Vec::new(),
            exact: HashMap::new(),
            matchers: Vec::new(),
            set: RegexSet::empty(),
            sorted: Vec::new(),
            bigrams: Vec::new(),
        }
    }
}

impl Table {
    /// The most specific wildcard or regex match. `Err(())` when different ids tie.
    fn pattern(&self, name: &str) -> Result<Option<usize>, ()> {
        let mut best: Option<(usize, usize)> = None;
        let mut tied = false;
        for i in self.set.matches(name).iter() {
            let Some(m) = self.matchers.get(i) else {
                continue;
            };
            match best {
                None => best = Some((m.id, m.rank)),
                Some((id, rank)) => {
                    if m.rank > rank {
                        best = Some((m.id, m.rank));
                        tied = false;
                    } else if m.rank == rank && m.id != id {
                        tied = true;
                    }
                }
            }
        }
        if tied {
            return Err(());
        }
        Ok(best.map(|(id, _)| id))
    }

    /// The one id whose literal expansions `name` begins. `Err(())` when wordings of
    /// different ids begin with it.
    fn truncated(&self, name: &str) -> Result<Option<usize>, ()> {
        let start = self.sorted.partition_point(|(s, _)| s.as_str() < name);
        let mut found: Option<usize> = None;
        for (s, id) in self.sorted.get(start..).unwrap_or_default() {
            if !s.starts_with(name) {
                break;
            }
            if s.len() == name.len() {
                continue;
            }
            match found {
                None => found = Some(*id),
                Some(f) if f != *id => return Err(()),
                Some(_) => {}
            }
        }
        Ok(found)
    }

    /// The id most similar to `name` and its similarity; `None` when ids tie.
    fn fuzzy(&self, name: &str) -> Option<(usize, f64)> {
        let grams = bigrams(name);
        if grams.is_empty() {
            return None;
        }
        let mut per_id: HashMap<usize, f64> = HashMap::new();
        for (g, id) in &self.bigrams {
            let sim = dice(&grams, g);
            let e = per_id.entry(*id).or_insert(0.0);
            if sim > *e {
                *e = sim;
            }
        }
        let mut best: Option<(usize, f64)> = None;
        let mut tied = false;
        for (id, sim) in per_id {
            match best {
                None => best = Some((id, sim)),
                Some((_, b)) if sim > b + 1e-9 => {
                    best = Some((id, sim));
                    tied = false;
                }
                Some((_, b)) if (sim - b).abs() <= 1e-9 => tied = true,
                Some(_) => {}
            }
        }
        if tied {
            return None;
        }
        best
    }
}

pub(crate) fn bigrams(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    let mut g: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    g.sort_unstable();
    g.dedup();
    g
}

/// Dice coefficient of two sorted, deduplicated bigram lists.
fn dice(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// The loaded pattern set. Cloning is cheap: the compiled tables are shared.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    inner: Arc<Compiled>,
}

#[derive(Debug, Default)]
pub(crate) struct Compiled {
    pub(crate) aliases: clean::Aliases,
    pub(crate) lines: Table,
    /// Cleaned, suffix-stripped column wordings, longest first.
    pub(crate) columns: Vec<(String, FundColumn)>,
    pub(crate) indicators: Table,
    pub(crate) bounded: HashSet<String>,
    pub(crate) config: Config,
}

/// The repository's `patterns/` files, compiled into the binary.
const BUILTIN: [(&str, &str); 4] = [
    ("funds.toml", include_str!("../../patterns/funds.toml")),
    (
        "indicators.toml",
        include_str!("../../patterns/indicators.toml"),
    ),
    ("aliases.toml", include_str!("../../patterns/aliases.toml")),
    ("config.toml", include_str!("../../patterns/config.toml")),
];

impl Patterns {
    pub(crate) fn from_compiled(c: Compiled) -> Patterns {
        Patterns { inner: Arc::new(c) }
    }

    /// The patterns compiled into the binary (the repository's `patterns/`).
    pub fn builtin() -> Patterns {
        static BUILT: OnceLock<Patterns> = OnceLock::new();
        BUILT
            .get_or_init(|| Patterns::try_builtin().unwrap_or_default())
            .clone()
    }

    /// The built-in patterns, with the error if they do not compile (tests guard this).
    pub fn try_builtin() -> Result<Patterns, PatternError> {
        let get = |name: &str| {
            BUILTIN
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| text.to_string())
        };
        load::build(
            "patterns",
            get("funds.toml"),
            get("indicators.toml"),
            get("aliases.toml"),
            get("config.toml"),
        )
    }

    /// Patterns from a directory laid out like `patterns/`. `funds.toml` and
    /// `indicators.toml` are required; `aliases.toml` and `config.toml` may be left out.
    pub fn load_dir(dir: &Path) -> Result<Patterns, PatternError> {
        let read = |name: &str, required: bool| -> Result<Option<String>, PatternError> {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(t) => Ok(Some(t)),
                Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(source) => Err(PatternError::Io {
                    path: path.display().to_string(),
                    source,
                }),
            }
        };
        load::build(
            &dir.display().to_string(),
            read("funds.toml", true)?,
            read("indicators.toml", true)?,
            read("aliases.toml", false)?,
            read("config.toml", false)?,
        )
    }

    /// A name as the matcher sees it: half-width, simplified, upper-case ASCII, without
    /// spaces, quotes, numbering (指标1:, 1., (1), 一、, ①), 其中, trailing colons, unit
    /// glosses ((万元), (%)) or placeholders ((≥**%)).
    pub fn clean_name(&self, s: &str) -> String {
        clean::clean(s, &self.inner.aliases)
    }

    /// The simplified form of a traditional (or variant) character, as `aliases.toml`
    /// gives it; other characters unchanged. The prose reader folds with it.
    pub fn simplified_char(&self, c: char) -> char {
        self.inner.aliases.chars.get(&c).copied().unwrap_or(c)
    }

    /// Text for keyword tests: half-width, simplified characters, no white space or
    /// quotes. Header words (三級指標, 說明) are recognised through it.
    pub fn simplify(&self, s: &str) -> String {
        clean::normalize_chars(s, &self.inner.aliases)
    }

    /// The canonical fund line of a fund-block row label, e.g. "其中：中央补助" → "central".
    pub fn fund_line(&self, label: &str) -> Option<&str> {
        let c = self.clean_name(label);
        if c.is_empty() {
            return None;
        }
        let id = self.line_of(&c).or_else(|| {
            let bare = clean::strip_trailing_bracket(&c)?;
            self.line_of(&self.clean_name(&bare))
        })?;
        self.inner.lines.ids.get(id).map(String::as_str)
    }

    fn line_of(&self, c: &str) -> Option<usize> {
        if let Some(id) = self.inner.lines.exact.get(c) {
            return Some(*id);
        }
        self.inner.lines.pattern(c).ok().flatten()
    }

    /// The fund column a header cell names, e.g. "全年预算数（A）" → Budget.
    pub fn fund_column(&self, header: &str) -> Option<FundColumn> {
        let c = clean::strip_column_suffix(&self.clean_name(header));
        if c.is_empty() {
            return None;
        }
        if let Some((_, col)) = self.inner.columns.iter().find(|(w, _)| *w == c) {
            return Some(*col);
        }
        // Longest first, so 年初预算数 wins over 预算数 and 预算执行率 over 执行率.
        if let Some((_, col)) = self
            .inner
            .columns
            .iter()
            .find(|(w, _)| c.contains(w.as_str()))
        {
            return Some(*col);
        }
        self.column_short_of_one(&c)
    }

    /// A heading that is a column wording with one character missing (预算行率 for
    /// 预算执行率): a seal or a fold over a scanned heading takes characters out, and
    /// the rest still names the column. Only wordings of four characters and more
    /// (three left are still a name, not a fragment), and only when every wording
    /// it falls short of names the same column.
    fn column_short_of_one(&self, c: &str) -> Option<FundColumn> {
        let got: Vec<char> = c.chars().collect();
        let mut found = None;
        for (w, col) in &self.inner.columns {
            let w: Vec<char> = w.chars().collect();
            if w.len() < 4 || w.len() != got.len() + 1 {
                continue;
            }
            let skip = (0..w.len()).any(|i| w[..i] == got[..i] && w[i + 1..] == got[i..]);
            if !skip {
                continue;
            }
            match found {
                Some(f) if f != *col => return None,
                _ => found = Some(*col),
            }
        }
        found
    }

    /// The canonical indicator of a 三级指标 name. A name that matches nothing is tried
    /// again without a place prefix (全县参合人数 is 参合人数 counted over the county).
    pub fn indicator(&self, name: &str) -> IndicatorMatch {
        let c = self.clean_name(name);
        let m = self.indicator_cleaned(&c);
        if m.kind != MatchKind::None {
            return m;
        }
        match clean::strip_place_prefix(&c) {
            Some(rest) => self.indicator_cleaned(rest),
            None => m,
        }
    }

    fn indicator_cleaned(&self, c: &str) -> IndicatorMatch {
        let c = c.to_string();
        if c.is_empty() {
            return IndicatorMatch::none();
        }
        let t = &self.inner.indicators;
        let found = |id: usize, kind: MatchKind, confidence: f64| IndicatorMatch {
            canonical: t.ids.get(id).cloned(),
            kind,
            confidence,
        };
        if let Some(id) = t.exact.get(&c) {
            return found(*id, MatchKind::Exact, 1.0);
        }
        match t.pattern(&c) {
            Ok(Some(id)) => return found(id, MatchKind::Pattern, 1.0),
            Ok(None) => {}
            Err(()) => return IndicatorMatch::none(),
        }
        if self
            .inner
            .config
            .label_suffixes
            .iter()
            .any(|s| !s.is_empty() && c.ends_with(s.as_str()))
        {
            return IndicatorMatch::none();
        }
        match t.truncated(&c) {
            Ok(Some(id)) if c.chars().count() >= self.inner.config.truncated_min_chars => {
                return found(
                    id,
                    MatchKind::Pattern,
                    self.inner.config.truncated_confidence,
                )
            }
            Ok(_) => {}
            // The beginning of wordings of two ids (资金到位 → 资金到位率, 资金到位及时率):
            // fuzzy would pick whichever wording happens to be shorter.
            Err(()) => return IndicatorMatch::none(),
        }
        match t.fuzzy(&c) {
            Some((id, sim)) if sim >= self.inner.config.fuzzy_threshold => {
                found(id, MatchKind::Fuzzy, sim)
            }
            _ => IndicatorMatch::none(),
        }
    }

    /// Whether a canonical indicator is a bounded ratio (cannot exceed 100 %).
    pub fn is_bounded(&self, id: &str) -> bool {
        self.inner.bounded.contains(id)
    }

    /// Every canonical indicator id, in the order of `indicators.toml`.
    pub fn indicator_ids(&self) -> impl Iterator<Item = &str> {
        self.inner.indicators.ids.iter().map(String::as_str)
    }

    /// Every fund line id, in the order of `funds.toml`.
    pub fn fund_line_ids(&self) -> impl Iterator<Item = &str> {
        self.inner.lines.ids.iter().map(String::as_str)
    }
}
