//! Short mode of the fault soak, part of `cargo test --workspace`: about 80 charges under random
//! faults through the Rust core, counted from the simulator's state. `RELIABILITY_*` variables
//! change the parameters (see tests/reliability/README.md); `scripts/reliability` runs the long mode.

use offsession_reliability::{run, Config};

#[test]
fn charges_under_random_faults_happen_exactly_once() {
    let config = Config::from_env().expect("RELIABILITY_* settings");
    let result = run(&config).expect("the soak ran");
    let report = result.report("rust", &config);
    println!("{report}");
    assert!(result.violations.is_empty(), "{report}");
    assert_eq!(result.counts.payment_intents, config.charges, "{report}");
    assert_eq!(result.counts.duplicates, 0, "{report}");
}
