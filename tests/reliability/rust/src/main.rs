//! `fault-soak [--short|--long] [--charges N] [--seed N] [--rate R] [--concurrency N]`: runs
//! the fault soak through the Rust core, prints the figures, exits 1 on any violation.

use std::process::ExitCode;

use offsession_reliability::{run, Config};

fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("fault-soak: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&config) {
        Ok(result) => {
            print!("{}", result.report("rust", &config));
            if result.violations.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("fault-soak: {message}");
            ExitCode::FAILURE
        }
    }
}
