//! The soak's parameters: defaults per mode, then `RELIABILITY_*` environment variables, then
//! command-line flags (the same names in the Rust, Python and Node drivers).

use std::time::Duration;

/// Short mode runs inside the test commands; long mode is `scripts/reliability`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// About 80 charges, a few seconds.
    Short,
    /// 1000 charges.
    Long,
}

/// What one soak run does.
#[derive(Clone, Debug)]
pub struct Config {
    /// Short or long (sets the default number of charges).
    pub mode: Mode,
    /// Logical charges (`--charges`, `RELIABILITY_CHARGES`).
    pub charges: usize,
    /// Seed of the simulator's random faults (`--seed`, `RELIABILITY_SEED`).
    pub seed: u64,
    /// Probability of a fault per charge request (`--rate`, `RELIABILITY_RATE`).
    pub rate: f64,
    /// Charges in flight at once (`--concurrency`, `RELIABILITY_CONCURRENCY`).
    pub concurrency: usize,
    /// Customers the charges are spread over (one card each).
    pub customers: usize,
    /// The client's per-attempt timeout: short, so that `delay` faults time out.
    pub timeout: Duration,
    /// How long a `delay` fault holds a request: longer than `timeout`.
    pub delay: Duration,
    /// The client's own retries, kept small so that the caller's retries happen too.
    pub max_retries: u32,
    /// Calls of one charge before the soak gives up on it (a violation).
    pub max_attempts: u32,
}

const SHORT_CHARGES: usize = 80;
const LONG_CHARGES: usize = 1000;

/// Which soak a configuration is for: they share the flags, not every default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Soak {
    /// The fault soak (section A): charges in one process, retried on transient errors.
    Fault,
    /// The crash soak (section C): each charge made by child processes killed at random.
    Crash,
}

impl Soak {
    /// The variables that set the number of charges and the concurrency. The crash soak has
    /// its own, since its charges are ten times dearer (a process each, several runs).
    fn variables(self) -> (&'static str, &'static str) {
        match self {
            Soak::Fault => ("RELIABILITY_CHARGES", "RELIABILITY_CONCURRENCY"),
            Soak::Crash => ("RELIABILITY_CRASH_CHARGES", "RELIABILITY_CRASH_CONCURRENCY"),
        }
    }
}

impl Config {
    /// The crash soak's defaults: 30 or 300 charges, 4 children at once (each a process on a
    /// 2-core machine). A child waits out `delay` faults (timeout 5 s) instead of timing out,
    /// so a kill can land while its request is held, and has no retries of its own: every
    /// failure goes back to the driver, which runs the charge again in a new child. The fault
    /// rate is higher than the fault soak's (0.4, so one request in twelve is held), as held
    /// requests are the wide windows the kills need.
    pub fn crash_defaults(mode: Mode) -> Self {
        Config {
            charges: match mode {
                Mode::Short => 30,
                Mode::Long => 300,
            },
            rate: 0.4,
            concurrency: 4,
            timeout: Duration::from_secs(5),
            delay: Duration::from_millis(400),
            max_retries: 0,
            max_attempts: 60,
            ..Config::defaults(mode)
        }
    }

    /// The defaults of a mode.
    pub fn defaults(mode: Mode) -> Self {
        Config {
            mode,
            charges: match mode {
                Mode::Short => SHORT_CHARGES,
                Mode::Long => LONG_CHARGES,
            },
            seed: 20_260_930,
            rate: 0.25,
            concurrency: 16,
            customers: 30,
            timeout: Duration::from_millis(250),
            delay: Duration::from_millis(600),
            max_retries: 1,
            max_attempts: 50,
        }
    }

    /// Defaults for `RELIABILITY_MODE` (short unless `long`), then the other variables.
    pub fn from_env() -> Result<Self, String> {
        Self::from_args(std::iter::empty())
    }

    /// `--short`/`--long`, `--charges N`, `--seed N`, `--rate R`, `--concurrency N` (also
    /// `--name=value`), over the `RELIABILITY_*` environment variables.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        Self::parse(Soak::Fault, args)
    }

    /// As [`from_args`](Self::from_args), over the defaults and variables of `soak`.
    pub fn parse(soak: Soak, args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let (charges_var, concurrency_var) = soak.variables();
        let mut pairs: Vec<(String, Option<String>)> = Vec::new();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) => (name.to_string(), Some(value.to_string())),
                None => (arg, None),
            };
            let value = match name.as_str() {
                "--short" | "--long" => None,
                "--charges" | "--seed" | "--rate" | "--concurrency" => Some(
                    inline
                        .or_else(|| args.next())
                        .ok_or(format!("{name} needs a value"))?,
                ),
                other => {
                    let usage = match soak {
                        Soak::Fault => USAGE,
                        Soak::Crash => CRASH_USAGE,
                    };
                    return Err(format!("unknown argument {other:?}\n{usage}"));
                }
            };
            pairs.push((name, value));
        }
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let long = match pairs
            .iter()
            .rev()
            .find(|(n, _)| n == "--short" || n == "--long")
        {
            Some((name, _)) => name == "--long",
            None => env("RELIABILITY_MODE").as_deref() == Some("long"),
        };
        let mode = if long { Mode::Long } else { Mode::Short };
        let mut config = match soak {
            Soak::Fault => Config::defaults(mode),
            Soak::Crash => Config::crash_defaults(mode),
        };
        let flag = |flag: &str, var: &str| {
            pairs
                .iter()
                .rev()
                .find(|(n, _)| n == flag)
                .and_then(|(_, v)| v.clone())
                .or_else(|| env(var))
        };
        if let Some(v) = flag("--charges", charges_var) {
            config.charges = parse(&v, "charges")?;
        }
        if let Some(v) = flag("--seed", "RELIABILITY_SEED") {
            config.seed = parse(&v, "seed")?;
        }
        if let Some(v) = flag("--rate", "RELIABILITY_RATE") {
            config.rate = parse(&v, "rate")?;
            if !(0.0..=1.0).contains(&config.rate) {
                return Err("rate must be from 0 to 1".into());
            }
        }
        if let Some(v) = flag("--concurrency", concurrency_var) {
            config.concurrency = parse(&v, "concurrency")?;
        }
        if config.charges == 0 || config.concurrency == 0 {
            return Err("charges and concurrency must be at least 1".into());
        }
        config.customers = config.customers.min(config.charges);
        Ok(config)
    }
}

/// Usage of the `fault-soak` binary.
pub const USAGE: &str = "usage: fault-soak [--short|--long] [--charges N] [--seed N] [--rate R] [--concurrency N]
environment: RELIABILITY_MODE=short|long RELIABILITY_CHARGES RELIABILITY_SEED RELIABILITY_RATE RELIABILITY_CONCURRENCY";

/// Usage of the `crash-soak` binary.
pub const CRASH_USAGE: &str = "usage: crash-soak [--short|--long] [--charges N] [--seed N] [--rate R] [--concurrency N]
environment: RELIABILITY_MODE=short|long RELIABILITY_CRASH_CHARGES RELIABILITY_SEED RELIABILITY_RATE RELIABILITY_CRASH_CONCURRENCY";

fn parse<T: std::str::FromStr>(value: &str, name: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{name}: {value:?} is not a valid value"))
}
