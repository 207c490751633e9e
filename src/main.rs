use clap::Parser;

fn main() {
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
