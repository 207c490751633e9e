//! Reading and compiling the pattern files. Every mistake a curator can make (a typo in
//! a key, a bad regex, one wording given to two ids) is reported as
//! `PatternError::Invalid` naming the file, rather than silently matching less.

use std::collections::{BTreeMap, HashMap, HashSet};

use regex::RegexSet;
use serde::Deserialize;

use super::clean::{self, normalize_chars, Aliases};
use super::wording;
use super::{bigrams, Compiled, Config, FundColumn, Matcher, Patterns, Table};
use crate::error::PatternError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    #[serde(default)]
    bounded: Option<bool>,
    #[serde(default)]
    wordings: Vec<String>,
    #[serde(default)]
    regex: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FundsFile {
    #[serde(default)]
    line: Vec<Entry>,
    #[serde(default)]
    column: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorsFile {
    #[serde(default)]
    indicator: Vec<Entry>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AliasesFile {
    #[serde(default)]
    chars: BTreeMap<String, String>,
    #[serde(default)]
    words: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    fuzzy_threshold: Option<f64>,
    truncated_min_chars: Option<usize>,
    truncated_confidence: Option<f64>,
    label_suffixes: Option<Vec<String>>,
}

fn invalid(path: &str, message: impl ToString) -> PatternError {
    PatternError::Invalid {
        path: path.to_string(),
        message: message.to_string(),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(path: &str, text: &str) -> Result<T, PatternError> {
    toml::from_str(text).map_err(|e| invalid(path, e))
}

pub(crate) fn build(
    dir: &str,
    funds: Option<String>,
    indicators: Option<String>,
    aliases: Option<String>,
    config: Option<String>,
) -> Result<Patterns, PatternError> {
    let path = |name: &str| format!("{dir}/{name}");

    let aliases_path = path("aliases.toml");
    let aliases_file: AliasesFile = match &aliases {
        Some(t) => parse(&aliases_path, t)?,
        None => AliasesFile::default(),
    };
    let aliases = compile_aliases(&aliases_path, aliases_file)?;

    let config_path = path("config.toml");
    let config_file: ConfigFile = match &config {
        Some(t) => parse(&config_path, t)?,
        None => ConfigFile::default(),
    };
    let config = compile_config(&config_path, config_file, &aliases)?;

    let funds_path = path("funds.toml");
    let funds_file: FundsFile = parse(&funds_path, funds.as_deref().unwrap_or_default())?;
    for e in &funds_file.line {
        if e.bounded.is_some() {
            return Err(invalid(
                &funds_path,
                format!("line {}: bounded is for indicators", e.id),
            ));
        }
    }
    let lines = compile_table(&funds_path, &funds_file.line, &aliases)?;
    let columns = compile_columns(&funds_path, &funds_file.column, &aliases)?;

    let ind_path = path("indicators.toml");
    let ind_file: IndicatorsFile = parse(&ind_path, indicators.as_deref().unwrap_or_default())?;
    if ind_file.indicator.is_empty() {
        return Err(invalid(&ind_path, "no [[indicator]] entries"));
    }
    let indicators = compile_table(&ind_path, &ind_file.indicator, &aliases)?;
    let bounded = ind_file
        .indicator
        .iter()
        .filter(|e| e.bounded == Some(true))
        .map(|e| e.id.clone())
        .collect();

    Ok(Patterns::from_compiled(Compiled {
        aliases,
        lines,
        columns,
        indicators,
        bounded,
        config,
    }))
}

fn compile_aliases(path: &str, file: AliasesFile) -> Result<Aliases, PatternError> {
    let mut chars = HashMap::new();
    for (from, to) in file.chars {
        let mut f = from.chars();
        let mut t = to.chars();
        match (f.next(), f.next(), t.next(), t.next()) {
            (Some(a), None, Some(b), None) => {
                chars.insert(a, b);
            }
            _ => {
                return Err(invalid(
                    path,
                    format!("[chars] maps one character to one: \"{from}\" = \"{to}\""),
                ))
            }
        }
    }
    let mut words: Vec<(String, String)> = Vec::new();
    for (from, to) in file.words {
        if from.is_empty() {
            return Err(invalid(path, "[words] has an empty key"));
        }
        words.push((from, to));
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.0.chars().count()));
    Ok(Aliases { chars, words })
}

fn compile_config(path: &str, file: ConfigFile, aliases: &Aliases) -> Result<Config, PatternError> {
    let mut c = Config::default();
    if let Some(t) = file.fuzzy_threshold {
        if !(t > 0.0 && t <= 1.0) {
            return Err(invalid(path, "fuzzy_threshold must be in (0, 1]"));
        }
        c.fuzzy_threshold = t;
    }
    if let Some(n) = file.truncated_min_chars {
        if n < 2 {
            return Err(invalid(path, "truncated_min_chars must be at least 2"));
        }
        c.truncated_min_chars = n;
    }
    if let Some(t) = file.truncated_confidence {
        if !(t > 0.0 && t <= 1.0) {
            return Err(invalid(path, "truncated_confidence must be in (0, 1]"));
        }
        c.truncated_confidence = t;
    }
    if let Some(l) = file.label_suffixes {
        c.label_suffixes = l.iter().map(|s| normalize_chars(s, aliases)).collect();
    }
    Ok(c)
}

fn compile_table(path: &str, entries: &[Entry], aliases: &Aliases) -> Result<Table, PatternError> {
    let mut t = Table::default();
    let mut patterns: Vec<String> = Vec::new();
    let mut seen_ids = HashSet::new();
    for (idx, e) in entries.iter().enumerate() {
        if e.id.trim().is_empty() {
            return Err(invalid(path, "an entry has an empty id"));
        }
        if !seen_ids.insert(e.id.as_str()) {
            return Err(invalid(path, format!("id {} appears twice", e.id)));
        }
        if e.wordings.is_empty() && e.regex.is_empty() {
            return Err(invalid(
                path,
                format!("{} has neither wordings nor regex", e.id),
            ));
        }
        t.ids.push(e.id.clone());
        for w in &e.wordings {
            let c = wording::compile(w, aliases)
                .map_err(|m| invalid(path, format!("{}: {m}", e.id)))?;
            for lit in c.literals {
                match t.exact.get(&lit) {
                    Some(other) if *other != idx => {
                        let other = t.ids.get(*other).cloned().unwrap_or_default();
                        return Err(invalid(
                            path,
                            format!(
                                "\"{lit}\" (from \"{w}\") belongs to both {other} and {}",
                                e.id
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        t.bigrams.push((bigrams(&lit), idx));
                        t.sorted.push((lit.clone(), idx));
                        t.exact.insert(lit, idx);
                    }
                }
            }
            for (re, rank) in c.globs {
                patterns.push(re);
                t.matchers.push(Matcher { id: idx, rank });
            }
        }
        for r in &e.regex {
            let (_, rank) =
                wording::compile_regex(r).map_err(|m| invalid(path, format!("{}: {m}", e.id)))?;
            patterns.push(r.clone());
            t.matchers.push(Matcher { id: idx, rank });
        }
    }
    t.sorted.sort();
    t.set = RegexSet::new(&patterns).map_err(|e| invalid(path, e))?;
    Ok(t)
}

fn compile_columns(
    path: &str,
    entries: &[Entry],
    aliases: &Aliases,
) -> Result<Vec<(String, FundColumn)>, PatternError> {
    let mut out: Vec<(String, FundColumn)> = Vec::new();
    for e in entries {
        let col = match e.id.as_str() {
            "initial" => FundColumn::Initial,
            "budget" => FundColumn::Budget,
            "executed" => FundColumn::Executed,
            "rate" => FundColumn::Rate,
            "weight" => FundColumn::Weight,
            "score" => FundColumn::Score,
            "reason" => FundColumn::Reason,
            other => {
                return Err(invalid(
                    path,
                    format!("unknown column id {other} (initial, budget, executed, rate, weight, score, reason)"),
                ))
            }
        };
        if !e.regex.is_empty() || e.bounded.is_some() {
            return Err(invalid(
                path,
                format!("column {}: only wordings are allowed", e.id),
            ));
        }
        for w in &e.wordings {
            let c = wording::compile(w, aliases)
                .map_err(|m| invalid(path, format!("column {}: {m}", e.id)))?;
            if !c.globs.is_empty() {
                return Err(invalid(
                    path,
                    format!("column {}: wildcards are not allowed", e.id),
                ));
            }
            for lit in c.literals {
                let lit = clean::strip_column_suffix(&lit);
                if lit.is_empty() {
                    continue;
                }
                match out.iter().find(|(w, _)| *w == lit) {
                    Some((_, other)) if *other != col => {
                        return Err(invalid(
                            path,
                            format!("column wording \"{lit}\" is given twice"),
                        ))
                    }
                    Some(_) => {}
                    None => out.push((lit, col)),
                }
            }
        }
    }
    // Stable: equal lengths keep the file's order.
    out.sort_by_key(|w| std::cmp::Reverse(w.0.chars().count()));
    Ok(out)
}
