//! One run per output folder: an advisory lock on a file in OUT, held for the run.
//!
//! The lock is `flock(2)` on `OUT/.jixiao.lock`; the file says which process holds it
//! and since when, for the message a second run prints. The kernel drops the lock when
//! its holder dies however it dies, so the file a killed run leaves behind is a stale
//! lock that the next run simply takes. Where the file system has no locks (some
//! network mounts) the run goes on unlocked, with a warning.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use thiserror::Error;

pub const LOCK_FILE: &str = ".jixiao.lock";

#[derive(Debug, Error)]
pub enum LockError {
    #[error(
        "{dir} is in use by another jixiao run ({holder}); wait for it to end, or write to \
         another folder"
    )]
    Busy { dir: String, holder: String },
    #[error("cannot lock {dir}: {source}")]
    Io {
        dir: String,
        #[source]
        source: std::io::Error,
    },
}

/// The lock on an output folder, released (and its file removed) when dropped.
#[derive(Debug)]
pub struct OutLock {
    file: Option<File>,
    path: PathBuf,
}

impl OutLock {
    /// Locks `dir` (which must exist) for this process. `taken_over` is told who held a
    /// stale lock, when the file names a holder that is gone.
    pub fn acquire(dir: &Path, taken_over: &mut dyn FnMut(&str)) -> Result<OutLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let io = |source| LockError::Io {
            dir: dir.display().to_string(),
            source,
        };
        // A run that ends removes the file while it holds the lock: a run that opened the
        // file just before may then lock a file no longer in the folder, and tries again.
        for _ in 0..16 {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io)?;
            match try_lock(&file) {
                Ok(true) => {}
                Ok(false) => {
                    return Err(LockError::Busy {
                        dir: dir.display().to_string(),
                        holder: holder(&mut file),
                    })
                }
                Err(e) => {
                    eprintln!(
                        "jixiao: warning: {} cannot be locked ({e}); make sure no other run \
                         writes to it",
                        dir.display()
                    );
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                    return Ok(OutLock { file: None, path });
                }
            }
            if !same_file(&file, &path) {
                continue;
            }
            let before = holder(&mut file);
            if before != UNKNOWN {
                taken_over(&before);
            }
            let started = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let stamp = format!("pid {}\nstarted {started}\n", std::process::id());
            file.set_len(0).map_err(io)?;
            file.rewind().map_err(io)?;
            file.write_all(stamp.as_bytes()).map_err(io)?;
            return Ok(OutLock {
                file: Some(file),
                path,
            });
        }
        Err(io(std::io::Error::other(
            "the lock file keeps being replaced",
        )))
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        // Removed while still held, then released by closing the file.
        if let Some(file) = self.file.take() {
            let _ = std::fs::remove_file(&self.path);
            drop(file);
        }
    }
}

const UNKNOWN: &str = "a process that left no details";

/// "pid 4242, started 2026-05-01 08:12:03 UTC", from the lock file's content.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    if file.rewind().is_err()
        || Read::by_ref(file)
            .take(4096)
            .read_to_string(&mut text)
            .is_err()
    {
        return UNKNOWN.to_string();
    }
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .and_then(|v| v.parse::<u64>().ok())
    };
    match (field("pid "), field("started ")) {
        (Some(pid), Some(t)) => format!("pid {pid}, started {}", utc(t)),
        (Some(pid), None) => format!("pid {pid}"),
        _ => UNKNOWN.to_string(),
    }
}

/// Seconds since 1970 as "YYYY-MM-DD hh:mm:ss UTC" (the civil calendar from days, after
/// Howard Hinnant's algorithm).
fn utc(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock only acts on the descriptor, which `file` keeps open.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.kind() == std::io::ErrorKind::WouldBlock {
        Ok(false)
    } else {
        Err(e)
    }
}

/// Without flock the folder is not locked.
#[cfg(not(unix))]
fn try_lock(_file: &File) -> std::io::Result<bool> {
    Err(std::io::Error::other("no advisory locks on this system"))
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        super::super::test_dir(&format!("lock-{name}"))
    }

    #[test]
    fn a_second_lock_is_refused_with_the_holder_and_freed_on_drop() {
        let dir = scratch("busy");
        let first = OutLock::acquire(&dir, &mut |_| panic!("nothing to take over"))
            .expect("the first lock");
        match OutLock::acquire(&dir, &mut |_| {}) {
            Err(LockError::Busy { holder, .. }) => {
                assert!(
                    holder.starts_with(&format!("pid {}, started 20", std::process::id())),
                    "{holder}"
                );
                assert!(holder.ends_with(" UTC"), "{holder}");
            }
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(first);
        assert!(
            !dir.join(LOCK_FILE).exists(),
            "the lock file goes with the lock"
        );
        let again = OutLock::acquire(&dir, &mut |_| panic!("nothing to take over"));
        assert!(again.is_ok());
        drop(again);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_lock_file_nobody_holds_is_taken_over() {
        let dir = scratch("stale");
        std::fs::write(dir.join(LOCK_FILE), "pid 999999999\nstarted 0\n").expect("write");
        let mut told = String::new();
        let lock = OutLock::acquire(&dir, &mut |h| told = h.to_string()).expect("taken over");
        assert_eq!(told, "pid 999999999, started 1970-01-01 00:00:00 UTC");
        let text = std::fs::read_to_string(dir.join(LOCK_FILE)).expect("read");
        assert!(
            text.starts_with(&format!("pid {}\n", std::process::id())),
            "{text}"
        );
        drop(lock);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_767_225_599), "2025-12-31 23:59:59 UTC");
        assert_eq!(utc(4_107_542_400), "2100-03-01 00:00:00 UTC");
    }
}
