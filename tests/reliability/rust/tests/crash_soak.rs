//! Short mode of the crash soak, part of `cargo test --workspace`: about 30 charges, each made
//! by child processes (the `crash-soak` binary) killed with SIGKILL at random instants and run
//! again with the same key, counted from the simulator's state. `RELIABILITY_*` variables change
//! the parameters (tests/reliability/README.md); `scripts/reliability` runs the long mode.

use std::path::Path;

use offsession_reliability::{crash, Config, Soak};

#[test]
fn charges_whose_caller_is_killed_happen_exactly_once() {
    let config = Config::parse(Soak::Crash, std::iter::empty()).expect("RELIABILITY_* settings");
    let result =
        crash::run(&config, Path::new(env!("CARGO_BIN_EXE_crash-soak"))).expect("the soak ran");
    let report = result.report("rust", &config);
    println!("{report}");
    assert!(result.violations.is_empty(), "{report}");
    assert_eq!(result.counts.payment_intents, config.charges, "{report}");
    assert_eq!(result.counts.duplicates, 0, "{report}");
    assert!(
        result.kills.values().sum::<u64>() > 0,
        "no child was killed: {report}"
    );
}
