//! `offsession-sim [--port N] [--host 127.0.0.1]`: prints the base URL alone on the first line
//! of stdout, then serves until killed.

use std::io::Write;
use std::process::ExitCode;

use offsession_sim::SimConfig;

const USAGE: &str = "usage: offsession-sim [--port N] [--host 127.0.0.1|localhost|::1]";

fn main() -> ExitCode {
    let mut config = SimConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| args.next());
        match name.as_str() {
            "--port" | "-p" => match value().and_then(|v| v.parse().ok()) {
                Some(port) => config.port = port,
                None => return usage_error("--port needs a number from 0 to 65535"),
            },
            "--host" => match value() {
                Some(host) => config.host = host,
                None => return usage_error("--host needs a value"),
            },
            "--help" | "-h" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage_error(&format!("unknown argument: {other}")),
        }
    }
    let sim = match offsession_sim::start_with(config) {
        Ok(sim) => sim,
        Err(error) => {
            eprintln!("offsession-sim: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    // The first line is the contract with scripts that start the simulator.
    if writeln!(stdout, "{}", sim.url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    loop {
        std::thread::park();
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("offsession-sim: {message}\n{USAGE}");
    ExitCode::from(2)
}
