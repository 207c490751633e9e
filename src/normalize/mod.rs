//! Maps the wording of forms onto CATALOGUE.md's canonical ids, driven by the
//! human-editable files in `patterns/`. Exact, then pattern, then fuzzy with a
//! confidence; below the threshold a name stays unmapped.

use std::path::Path;

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

/// The loaded pattern set.
#[derive(Debug, Clone, Default)]
pub struct Patterns {}

impl Patterns {
    /// The patterns compiled into the binary (the repository's `patterns/`).
    pub fn builtin() -> Patterns {
        Patterns {}
    }

    /// Patterns from a directory laid out like `patterns/`.
    pub fn load_dir(_dir: &Path) -> Result<Patterns, PatternError> {
        Ok(Patterns {})
    }

    /// The canonical fund line of a fund-block row label, e.g. "其中：中央补助" → "central".
    pub fn fund_line(&self, _label: &str) -> Option<&str> {
        None
    }

    /// The fund column a header cell names, e.g. "全年预算数（A）" → Budget.
    pub fn fund_column(&self, _header: &str) -> Option<FundColumn> {
        None
    }

    /// The canonical indicator of a 三级指标 name.
    pub fn indicator(&self, _name: &str) -> IndicatorMatch {
        IndicatorMatch {
            canonical: None,
            kind: MatchKind::None,
            confidence: 0.0,
        }
    }

    /// Whether a canonical indicator is a bounded ratio (cannot exceed 100 %).
    pub fn is_bounded(&self, _id: &str) -> bool {
        false
    }
}
