use clap::Parser;

fn main() {
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
        Err(e) => {
            eprintln!("jixiao: {e:#}");
            std::process::exit(1);
        }
    }
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
