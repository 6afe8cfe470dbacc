//! `crash-soak [--short|--long] [--charges N] [--seed N] [--rate R] [--concurrency N]`: runs the
//! crash soak through the Rust core, prints the figures, exits 1 on any violation.
//! `crash-soak --child <json>` is one child: the driver runs this same binary as its children.

use std::process::ExitCode;

use offsession_reliability::{crash, Config, Soak};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, input] = args.as_slice() {
        if flag == "--child" {
            return crash::child_main(input);
        }
    }
    let config = match Config::parse(Soak::Crash, args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("crash-soak: {message}");
            return ExitCode::from(2);
        }
    };
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("crash-soak: cannot find this binary to run it as the child: {e}");
            return ExitCode::FAILURE;
        }
    };
    match crash::run(&config, &exe) {
        Ok(result) => {
            print!("{}", result.report("rust", &config));
            if result.violations.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("crash-soak: {message}");
            ExitCode::FAILURE
        }
    }
}
