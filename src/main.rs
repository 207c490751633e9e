use clap::Parser;

fn main() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    limit_malloc_arenas();
    quiet_file_panics();
    let cli = match jixiao::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                jixiao::cli::EXIT_USAGE
            } else {
                0
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    match jixiao::cli::main_with(cli) {
        Ok(code) => std::process::exit(code),
        // The reader went away (`jixiao extract F | head`): there is no one left to tell,
        // so end quietly, as ripgrep and the coreutils do.
        Err(e) if is_broken_pipe(&e) => std::process::exit(0),
        Err(e) => {
            eprintln!("jixiao: {e:#}");
            std::process::exit(1);
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let kind = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => Some(io.kind()),
            None => cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind),
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// A panic while one file is read (a parser meeting content it cannot handle) is caught,
/// and the file's record says so with a `*.damaged` code; printing the panic as well
/// would fill an auditor's terminal with backtraces for files that were handled.
/// `JIXIAO_PANICS=1` prints them, for debugging; panics anywhere else print as usual.
fn quiet_file_panics() {
    if std::env::var_os("JIXIAO_PANICS").is_some() {
        return;
    }
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(jixiao::pipeline::FILE_THREAD) {
            default(info);
        }
    }));
}

/// Files are read on short-lived threads (one per file, so that a file that hangs can be
/// abandoned). glibc gives threads malloc arenas of their own, up to eight per core, and
/// each arena keeps the memory the largest file read in it needed: peak memory then
/// grows with the number of files (1.5× from 1,000 to 10,000 files), not only with the
/// largest file. One arena per core keeps it flat.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let arenas = libc::c_int::try_from(cores.clamp(2, 64)).unwrap_or(2);
    // SAFETY: mallopt only sets a parameter of the allocator, before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
    }
}
