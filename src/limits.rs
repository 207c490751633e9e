//! Resource limits that keep one hostile or huge file from stalling a batch.
//! Every reader checks them; exceeding one gives a `limit.*` error or, where
//! something useful was read before the limit, a `partial` record.

/// Limits applied while reading one file.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Bytes of the input file itself.
    pub max_file_bytes: u64,
    /// Bytes decompressed from a single zip entry.
    pub max_entry_bytes: u64,
    /// Ratio of decompressed to compressed size of a zip entry (zip bombs).
    pub max_compression_ratio: u64,
    /// Table cells kept per document (all tables together).
    pub max_cells: usize,
    /// Rows kept per table or sheet.
    pub max_rows: usize,
    /// Paragraphs kept per document.
    pub max_paragraphs: usize,
    /// Nesting depth of XML elements / tables.
    pub max_depth: usize,
    /// Wall-clock time for one file, in milliseconds.
    pub max_millis: u64,
    /// Pages read from a paginated document.
    pub max_pages: u32,
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
        }
    }
}
