//! Shared by the targets whose readers wrap a third-party parser in `catch_unwind`.
//!
//! libfuzzer-sys aborts on every panic, even one the reader catches on purpose. A
//! panic raised inside a dependency (lopdf, calamine) is such a case: the reader turns
//! it into a `damaged` record, which is the behaviour wanted, so it must not stop the
//! run. A panic in jixiao's own code is a bug and still aborts, whether caught or not.

use std::sync::Once;

pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_dependency = info
                .location()
                .is_some_and(|l| l.file().contains("/.cargo/registry/"));
            if !in_dependency {
                previous(info);
                std::process::abort();
            }
        }));
    });
}
