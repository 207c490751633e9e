//! Resource limits that keep one hostile or huge file from stalling a batch.
//! Every reader checks them; exceeding one gives a `limit.*` error (a `failed`
//! record) or, where something useful was read before the limit, a `limit.*`
//! issue on a `partial` record.
//!
//! Limits are set by name, from the command line (`--limit rows=50000`) or from a
//! TOML file (`--limits limits.toml`, keys as in [`LIMITS`], optionally under a
//! `[limits]` table). [`LIMITS`] lists every name with its default, unit and the
//! error codes it produces.

/// Limits applied while reading one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the input file itself (`limit.file_bytes`, checked before reading).
    pub max_file_bytes: u64,
    /// Bytes decompressed from a single zip entry (`limit.zip_entry_bytes`; the whole
    /// archive may declare twice this, `limit.zip_total_bytes`) or from one PDF stream
    /// (`limit.stream_bytes`, never more than 64 MiB); a .doc's text is cut at half this
    /// in characters (`limit.text`).
    pub max_entry_bytes: u64,
    /// Ratio of decompressed to compressed size of a zip entry larger than 1 MiB
    /// (`limit.zip_ratio`): zip bombs are refused before anything is inflated.
    pub max_compression_ratio: u64,
    /// Table cells kept per document, all tables together (`limit.cells`).
    pub max_cells: usize,
    /// Rows kept per table or sheet (`limit.rows`).
    pub max_rows: usize,
    /// Paragraphs kept per document (`limit.paragraphs`).
    pub max_paragraphs: usize,
    /// Nesting depth of XML elements, tables, PDF objects and content-stream
    /// save/restore pairs (`limit.depth`).
    pub max_depth: usize,
    /// Wall-clock time for one file, in milliseconds (`limit.millis`). Readers check
    /// it as they go and keep what they read so far; a file still busy at twice this
    /// is abandoned by the batch and recorded as failed.
    pub max_millis: u64,
    /// Pages read from a paginated document (`limit.pages`).
    pub max_pages: u32,
    /// Glyphs (characters shown) read from a PDF, all pages together (`limit.glyphs`).
    pub max_glyphs: u64,
    /// Content-stream operators executed in a PDF, all pages together
    /// (`limit.operators`).
    pub max_operators: u64,
    /// Indirect objects parsed from a PDF, or text pieces of a .doc (`limit.objects`).
    pub max_objects: usize,
    /// Pages of a scanned PDF read by OCR (`limit.ocr_pages`). OCR costs seconds a page;
    /// 0 turns it off, for a quick first pass over an archive: such files then keep
    /// their `pdf.no_text` issue.
    pub max_ocr_pages: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_entry_bytes: 256 * 1024 * 1024,
            max_compression_ratio: 200,
            max_cells: 200_000,
            max_rows: 20_000,
            max_paragraphs: 100_000,
            max_depth: 64,
            max_millis: 60_000,
            max_pages: 2_000,
            max_glyphs: 20_000_000,
            max_operators: 50_000_000,
            max_objects: 1_000_000,
            max_ocr_pages: 2_000,
        }
    }
}

/// One settable limit: its name on the command line and in TOML, its unit, the codes
/// a file that exceeds it gets, and what it bounds.
#[derive(Debug, Clone, Copy)]
pub struct LimitInfo {
    pub name: &'static str,
    pub unit: &'static str,
    pub codes: &'static str,
    pub what: &'static str,
}

/// Every limit, in the order `jixiao limits` prints them.
pub const LIMITS: &[LimitInfo] = &[
    LimitInfo {
        name: "file_bytes",
        unit: "bytes",
        codes: "limit.file_bytes",
        what: "size of the input file; larger files are not read at all",
    },
    LimitInfo {
        name: "entry_bytes",
        unit: "bytes",
        codes: "limit.zip_entry_bytes, limit.zip_total_bytes, limit.stream_bytes, limit.text",
        what: "bytes inflated from one zip entry (the archive: twice this) or one PDF stream (at most 64 MiB); a .doc's text is cut at half this in characters",
    },
    LimitInfo {
        name: "compression_ratio",
        unit: "ratio",
        codes: "limit.zip_ratio",
        what: "inflated/compressed size of a zip entry over 1 MiB (zip bombs)",
    },
    LimitInfo {
        name: "cells",
        unit: "cells",
        codes: "limit.cells",
        what: "table cells kept per document (an .xls/.ods spanning ten times this is refused)",
    },
    LimitInfo {
        name: "rows",
        unit: "rows",
        codes: "limit.rows",
        what: "rows kept per table or sheet",
    },
    LimitInfo {
        name: "paragraphs",
        unit: "paragraphs",
        codes: "limit.paragraphs",
        what: "paragraphs kept per document",
    },
    LimitInfo {
        name: "depth",
        unit: "levels",
        codes: "limit.depth",
        what: "nesting of XML elements, tables, PDF objects",
    },
    LimitInfo {
        name: "millis",
        unit: "ms",
        codes: "limit.millis",
        what: "time per file; readers stop and keep what they read, the batch abandons a file still busy at twice this",
    },
    LimitInfo {
        name: "pages",
        unit: "pages",
        codes: "limit.pages",
        what: "pages read from a PDF",
    },
    LimitInfo {
        name: "glyphs",
        unit: "glyphs",
        codes: "limit.glyphs",
        what: "characters shown in a PDF, all pages together",
    },
    LimitInfo {
        name: "operators",
        unit: "operators",
        codes: "limit.operators",
        what: "content-stream operators run in a PDF, all pages together",
    },
    LimitInfo {
        name: "objects",
        unit: "objects",
        codes: "limit.objects",
        what: "objects parsed from a PDF; text pieces of a .doc",
    },
    LimitInfo {
        name: "ocr_pages",
        unit: "pages",
        codes: "limit.ocr_pages",
        what: "pages of a scanned PDF read by OCR (seconds a page); 0 turns OCR off",
    },
];

impl Limits {
    /// The value of a limit by its name in [`LIMITS`] (a `max_` prefix is accepted).
    pub fn get(&self, name: &str) -> Option<u64> {
        let n = name.strip_prefix("max_").unwrap_or(name);
        Some(match n {
            "file_bytes" => self.max_file_bytes,
            "entry_bytes" => self.max_entry_bytes,
            "compression_ratio" => self.max_compression_ratio,
            "cells" => self.max_cells as u64,
            "rows" => self.max_rows as u64,
            "paragraphs" => self.max_paragraphs as u64,
            "depth" => self.max_depth as u64,
            "millis" => self.max_millis,
            "pages" => u64::from(self.max_pages),
            "glyphs" => self.max_glyphs,
            "operators" => self.max_operators,
            "objects" => self.max_objects as u64,
            "ocr_pages" => u64::from(self.max_ocr_pages),
            _ => return None,
        })
    }

    /// Sets a limit by name. Zero is refused, as a limit of nothing would fail every
    /// file, except for `ocr_pages`, where it turns OCR off.
    pub fn set(&mut self, name: &str, value: u64) -> Result<(), String> {
        let n = name.strip_prefix("max_").unwrap_or(name);
        if value == 0 && n != "ocr_pages" {
            return Err(format!("limit {name} must be at least 1"));
        }
        let small = |v: u64| usize::try_from(v).map_err(|_| format!("limit {n} is too large"));
        match n {
            "file_bytes" => self.max_file_bytes = value,
            "entry_bytes" => self.max_entry_bytes = value,
            "compression_ratio" => self.max_compression_ratio = value,
            "cells" => self.max_cells = small(value)?,
            "rows" => self.max_rows = small(value)?,
            "paragraphs" => self.max_paragraphs = small(value)?,
            "depth" => self.max_depth = small(value)?,
            "millis" => self.max_millis = value,
            "pages" => {
                self.max_pages =
                    u32::try_from(value).map_err(|_| format!("limit {n} is too large"))?
            }
            "glyphs" => self.max_glyphs = value,
            "operators" => self.max_operators = value,
            "objects" => self.max_objects = small(value)?,
            "ocr_pages" => {
                self.max_ocr_pages =
                    u32::try_from(value).map_err(|_| format!("limit {n} is too large"))?
            }
            _ => {
                let names: Vec<&str> = LIMITS.iter().map(|l| l.name).collect();
                return Err(format!(
                    "no limit named {name:?} (limits: {})",
                    names.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// Applies one `NAME=VALUE` setting, as given to `--limit`. Values are whole
    /// numbers, with `_` allowed between digits and an optional binary suffix `k`, `m`
    /// or `g` (`512m` is 512 MiB).
    pub fn apply(&mut self, setting: &str) -> Result<(), String> {
        let (name, value) = setting
            .split_once('=')
            .ok_or_else(|| format!("--limit takes NAME=VALUE, not {setting:?}"))?;
        let v = parse_amount(value)
            .ok_or_else(|| format!("limit {}: {value:?} is not a whole number", name.trim()))?;
        self.set(name.trim(), v)
    }

    /// Default limits overridden by a TOML document: `rows = 50000`, `millis = 30000`,
    /// `file_bytes = "1g"` …, at the top level or under `[limits]`. Unknown names and
    /// values that are not positive whole numbers are errors, so that a typo does not
    /// silently leave a limit at its default.
    pub fn from_toml(text: &str) -> Result<Limits, String> {
        let table: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
        let table = match table.get("limits") {
            Some(toml::Value::Table(t)) => t.clone(),
            Some(_) => return Err("`limits` must be a table".into()),
            None => table,
        };
        let mut limits = Limits::default();
        for (name, value) in &table {
            let v = match value {
                toml::Value::Integer(i) => u64::try_from(*i).ok(),
                toml::Value::String(s) => parse_amount(s),
                _ => None,
            }
            .ok_or_else(|| format!("limit {name}: {value} is not a positive whole number"))?;
            limits.set(name, v)?;
        }
        Ok(limits)
    }

    /// [`Limits::from_toml`] on a file.
    pub fn from_toml_file(path: &std::path::Path) -> Result<Limits, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Limits::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// "20000", "20_000", "512m", "1G".
fn parse_amount(s: &str) -> Option<u64> {
    let s = s.trim();
    let (digits, scale) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (s.get(..i)?, 1u64 << 10),
        Some((i, 'm' | 'M')) => (s.get(..i)?, 1 << 20),
        Some((i, 'g' | 'G')) => (s.get(..i)?, 1 << 30),
        _ => (s, 1),
    };
    let digits = digits.trim();
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    digits
        .replace('_', "")
        .parse::<u64>()
        .ok()?
        .checked_mul(scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_limit_can_be_read_and_set() {
        for info in LIMITS {
            let mut l = Limits::default();
            assert!(l.get(info.name).is_some(), "{}", info.name);
            l.set(info.name, 7).expect(info.name);
            assert_eq!(l.get(info.name), Some(7), "{}", info.name);
            assert_ne!(l, Limits::default(), "{}", info.name);
        }
    }

    #[test]
    fn settings_from_the_command_line() {
        let mut l = Limits::default();
        l.apply("rows=50_000").expect("rows");
        l.apply(" millis = 1500 ").expect("millis");
        l.apply("max_file_bytes=1g").expect("bytes");
        assert_eq!(l.max_rows, 50_000);
        assert_eq!(l.max_millis, 1_500);
        assert_eq!(l.max_file_bytes, 1 << 30);
        assert!(l.apply("rows").is_err());
        assert!(l.apply("rows=0").is_err());
        assert!(l.apply("rows=-1").is_err());
        assert!(l.apply("rows=1.5").is_err());
        assert!(l.apply("colour=3").is_err());
        assert!(l.apply("bytes=99999999999999999999g").is_err());
    }

    #[test]
    fn settings_from_toml() {
        let l = Limits::from_toml("[limits]\nrows = 100\nentry_bytes = \"64m\"\n").expect("toml");
        assert_eq!(l.max_rows, 100);
        assert_eq!(l.max_entry_bytes, 64 << 20);
        assert_eq!(l.max_cells, Limits::default().max_cells);
        let l = Limits::from_toml("pages = 10").expect("top level");
        assert_eq!(l.max_pages, 10);
        assert!(Limits::from_toml("rowz = 10").is_err());
        assert!(Limits::from_toml("rows = -10").is_err());
        assert!(Limits::from_toml("rows = 1.5").is_err());
        assert!(Limits::from_toml("rows = ").is_err());
    }
}
