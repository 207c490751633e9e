//! SIGINT and SIGTERM (Ctrl-C, a scheduler's time limit) ask a run to stop cleanly:
//! no file is started after the signal, what is in the journal stays there, and the run
//! exits with 128 + the signal's number so that `--resume` can continue it.
//!
//! The handler only notes the signal, and is then reset to the default: a second Ctrl-C
//! ends the process at once (what was journalled is kept all the same).

use std::sync::atomic::{AtomicI32, Ordering};

static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// Whether a run is to stop, and why.
#[derive(Debug, Clone, Copy, Default)]
pub struct Interrupt {
    armed: bool,
}

/// A signal that stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal(pub i32);

impl Signal {
    /// The shell's exit code for a process ended by this signal: 130 for SIGINT, 143 for
    /// SIGTERM.
    pub fn exit_code(self) -> i32 {
        128 + self.0
    }

    pub fn name(self) -> &'static str {
        match self.0 {
            2 => "SIGINT",
            15 => "SIGTERM",
            _ => "a signal",
        }
    }
}

impl Interrupt {
    /// Never interrupted (library use, tests).
    pub fn never() -> Interrupt {
        Interrupt { armed: false }
    }

    /// Interrupted by SIGINT or SIGTERM from now on.
    pub fn on_signals() -> Interrupt {
        install();
        Interrupt { armed: true }
    }

    /// The signal received, if any.
    pub fn requested(&self) -> Option<Signal> {
        if !self.armed {
            return None;
        }
        match RECEIVED.load(Ordering::SeqCst) {
            0 => None,
            n => Some(Signal(n)),
        }
    }
}

#[cfg(unix)]
fn install() {
    extern "C" fn note(sig: libc::c_int) {
        // Only an atomic store: anything more is not async-signal-safe.
        RECEIVED.store(sig, Ordering::SeqCst);
    }
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a zeroed sigaction is a valid empty one; `note` is async-signal-safe;
        // SA_RESTART keeps reads and writes of the workers from failing with EINTR.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = note as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART | libc::SA_RESETHAND;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

/// Elsewhere the signals keep their default: the journal still lets `--resume` continue.
#[cfg(not(unix))]
fn install() {}
