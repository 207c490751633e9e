//! A lenient, bounded reader of compound files (the container of .xls and .doc), used to
//! vet a workbook before calamine parses it.
//!
//! calamine has its own compound-file reader, more lenient than the `cfb` crate (which
//! refuses files calamine still reads) and without bounds: it follows a sector chain
//! until its end marker or the size the directory declares, so a chain that loops grows
//! a buffer until memory runs out, and a sector just past the end of the file makes it
//! slice out of bounds. This reader reads what calamine would read, the same way, but
//! every chain is bounded by the number of sectors the file can hold.

const END: u32 = 0xFFFF_FFFE;
/// Sector numbers from here up are markers (free, end of chain, FAT, DIFAT).
const RESERVED: u32 = 0xFFFF_FFFA;
const MINI_SECTOR: usize = 64;

/// A directory entry: name, kind (1 storage, 2 stream, 5 root), first sector, size.
struct Entry {
    name: String,
    kind: u8,
    start: u32,
    len: u64,
}

pub(crate) struct Compound<'a> {
    bytes: &'a [u8],
    size: usize,
    fat: Vec<u32>,
    entries: Vec<Entry>,
    /// Streams shorter than this live in the mini stream.
    cutoff: u64,
}

/// Why a compound file cannot be read safely.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Broken {
    /// The header is not one this reader judges (calamine reports it itself).
    Unjudged,
    /// A chain loops or reaches past the end of the file.
    Chains,
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

impl<'a> Compound<'a> {
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Compound<'a>, Broken> {
        let u32_at =
            |at: usize| -> Option<u32> { bytes.get(at..at + 4).and_then(|b| u32s(b).next()) };
        let shift = bytes
            .get(0x1E..0x20)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .ok_or(Broken::Unjudged)?;
        if !(7..=16).contains(&shift) {
            return Err(Broken::Unjudged);
        }
        let mut c = Compound {
            bytes,
            size: 1usize << shift,
            fat: Vec::new(),
            entries: Vec::new(),
            cutoff: u64::from(u32_at(0x38).unwrap_or(4096)),
        };
        let max_sectors = bytes.len() / c.size + 1;
        // The allocation table's sectors: 109 in the header, the rest in the DIFAT chain.
        let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(0x4C + 4 * i)).collect();
        let mut difat = u32_at(0x44).unwrap_or(END);
        let mut hops = 0;
        while difat < RESERVED {
            hops += 1;
            if hops > max_sectors {
                return Err(Broken::Chains);
            }
            let mut w: Vec<u32> = u32s(c.sector(difat).ok_or(Broken::Chains)?).collect();
            difat = w.pop().unwrap_or(END);
            fat_sectors.extend(w);
        }
        let mut fat = Vec::new();
        for id in fat_sectors.into_iter().filter(|id| *id < RESERVED) {
            fat.extend(u32s(c.sector(id).ok_or(Broken::Chains)?));
        }
        c.fat = fat;
        let dir = c.chain(u32_at(0x30).unwrap_or(END))?;
        for id in dir {
            let Some(sec) = c.sector(id) else { break };
            for e in sec.chunks_exact(128) {
                let name_len = usize::from(u16::from_le_bytes([e[64], e[65]])).min(64);
                let units: Vec<u16> = e[..name_len]
                    .chunks_exact(2)
                    .map(|u| u16::from_le_bytes([u[0], u[1]]))
                    .take_while(|u| *u != 0)
                    .collect();
                c.entries.push(Entry {
                    name: String::from_utf16_lossy(&units),
                    kind: e[66],
                    start: u32s(&e[116..120]).next().unwrap_or(END),
                    len: u64::from_le_bytes([
                        e[120], e[121], e[122], e[123], e[124], e[125], e[126], e[127],
                    ]),
                });
            }
        }
        Ok(c)
    }

    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.size)?;
        self.bytes.get(start..start.checked_add(self.size)?)
    }

    /// The sectors of a chain, in order. A chain longer than the table has entries
    /// loops; a sector past the end of the file is damage.
    fn chain(&self, start: u32) -> Result<Vec<u32>, Broken> {
        let mut out = Vec::new();
        let mut id = start;
        for _ in 0..=self.fat.len() {
            if id >= RESERVED {
                return Ok(out);
            }
            if self.sector(id).is_none() {
                return Err(Broken::Chains);
            }
            out.push(id);
            match self.fat.get(id as usize) {
                Some(next) => id = *next,
                None => return Ok(out),
            }
        }
        Err(Broken::Chains)
    }

    /// Whether every chain calamine follows in full sectors (the root's mini stream and
    /// the large streams) ends inside the file.
    pub(crate) fn chains_end(&self) -> bool {
        self.entries.iter().all(|e| {
            // calamine goes by name, not by kind: any entry may be read as a stream.
            let in_fat = e.kind == 5 || e.len >= self.cutoff;
            !in_fat || self.chain(e.start).is_ok()
        })
    }

    /// The bytes of the first entry of that name (any case, any kind but the root, as
    /// calamine finds it), at most its declared length and never more than the file
    /// holds.
    pub(crate) fn stream(&self, name: &str) -> Option<Vec<u8>> {
        let e = self
            .entries
            .iter()
            .find(|e| e.kind != 5 && e.name.eq_ignore_ascii_case(name))?;
        let len = usize::try_from(e.len).ok()?.min(self.bytes.len());
        let mut out = Vec::new();
        if e.len >= self.cutoff {
            for id in self.chain(e.start).ok()? {
                out.extend_from_slice(self.sector(id)?);
                if out.len() >= len {
                    break;
                }
            }
        } else {
            let root = self.entries.iter().find(|e| e.kind == 5)?;
            let mut mini = Vec::new();
            for id in self.chain(root.start).ok()? {
                mini.extend_from_slice(self.sector(id)?);
            }
            let u32_at = |at: usize| self.bytes.get(at..at + 4).and_then(|b| u32s(b).next());
            let mut minifat = Vec::new();
            for id in self.chain(u32_at(0x3C).unwrap_or(END)).ok()? {
                minifat.extend(u32s(self.sector(id)?));
            }
            let mut id = e.start;
            for _ in 0..=minifat.len() {
                if id >= RESERVED || out.len() >= len {
                    break;
                }
                let at = (id as usize).checked_mul(MINI_SECTOR)?;
                out.extend_from_slice(mini.get(at..at + MINI_SECTOR)?);
                id = minifat.get(id as usize).copied().unwrap_or(END);
            }
        }
        out.truncate(len);
        Some(out)
    }
}
