//! Every conformance case as its own test, each against a fresh simulator.

use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let files = offsession_conformance::case_files();
    assert!(
        files.len() >= 30,
        "expected at least 30 conformance cases, found {}",
        files.len()
    );
    let trials = files
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            Trial::test(name, move || {
                offsession_conformance::run_case_file(&path).map_err(Failed::from)
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
