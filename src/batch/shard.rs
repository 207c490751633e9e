//! `--shard I/N`: a deterministic share of the inputs, so that many machines (a batch
//! scheduler's array) split one archive without talking to each other.

use crate::pipeline;

/// Share `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// "I/N" with 1 ≤ I ≤ N.
    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = || format!("{s:?}: a shard is I/N with 1 ≤ I ≤ N, e.g. 2/8");
        let (i, n) = s.trim().split_once('/').ok_or_else(usage)?;
        let (index, count) = match (i.trim().parse::<u64>(), n.trim().parse::<u64>()) {
            (Ok(i), Ok(n)) if 1 <= i && i <= n => (i, n),
            _ => return Err(usage()),
        };
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the file shown as `display` belongs to this share.
    pub fn holds(&self, display: &str) -> bool {
        shard_of(display, self.count) == self.index - 1
    }
}

/// The 0-based shard of a file among `n`: from the SHA-256 of its displayed path (with
/// `/` separators), so every machine given the same inputs splits them the same way.
pub fn shard_of(display: &str, n: u64) -> u64 {
    let hex = pipeline::sha256_hex(display.replace('\\', "/").as_bytes());
    let head = hex.get(..16).and_then(|h| u64::from_str_radix(h, 16).ok());
    head.unwrap_or(0) % n.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_as_i_of_n() {
        let s: Shard = " 2/8 ".parse().expect("a shard");
        assert_eq!((s.index, s.count), (2, 8));
        for bad in ["0/8", "9/8", "x", "2/", "/8", "-1/8", "2/8/1"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_path_is_in_exactly_one_shard() {
        for p in ["a.docx", "b/c.xlsx", "d\\e.pdf", ""] {
            let held = (1..=5)
                .filter(|&index| Shard { index, count: 5 }.holds(p))
                .count();
            assert_eq!(held, 1, "{p}");
        }
    }
}
