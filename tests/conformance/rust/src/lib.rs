//! The Rust runner of the conformance cases in `tests/conformance/cases/` (format in
//! `tests/conformance/README.md`): each case runs against a fresh simulator, each `do` step is
//! mapped onto the core's API, and anything the runner cannot express fails the case.

mod calls;
mod case;
mod matchers;
mod refs;
mod sim_control;

use std::path::{Path, PathBuf};

pub use case::{Case, Step};

/// The folder holding the case files.
pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases")
}

/// Every case file, sorted by name.
pub fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/conformance/cases")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// Runs one case file against a fresh simulator. `Err` says which step failed and why.
pub fn run_case_file(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    run_case_json(&text)
}

/// Runs one case given as JSON text against a fresh simulator.
pub fn run_case_json(text: &str) -> Result<(), String> {
    let case: Case = serde_json::from_str(text).map_err(|e| format!("not a valid case: {e}"))?;
    let sim = offsession_sim::start().map_err(|e| format!("the simulator did not start: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))?;
    runtime.block_on(case.run(sim.url()))
}

#[cfg(test)]
mod tests {
    //! The runner must be able to fail: wrong expectations and steps it cannot express.
    use super::run_case_json;

    fn run(steps: &str) -> Result<(), String> {
        run_case_json(&format!(r#"{{"name": "self-test", "steps": {steps}}}"#))
    }

    #[test]
    fn a_passing_case_passes() {
        run(r#"[{"do": "create_customer", "with": {"email": "a@example.com"}, "as": "c",
                 "expect": {"id": {"prefix": "cus_"}, "email": {"equals": "a@example.com"}}},
                {"sim": "objects", "with": {"kind": "customers"}, "expect": {"data.0.id": {"equals": "$c.id"}}}]"#)
        .unwrap();
    }

    #[test]
    fn a_wrong_expectation_fails() {
        let error = run(
            r#"[{"do": "create_customer", "with": {"email": "a@example.com"},
                              "expect": {"email": {"equals": "b@example.com"}}}]"#,
        )
        .unwrap_err();
        assert!(error.contains("expected equals"), "{error}");
    }

    #[test]
    fn an_expected_error_that_does_not_happen_fails() {
        let error = run(r#"[{"do": "create_customer", "with": {}, "expect_error": {"kind": {"equals": "card_error"}}}]"#)
            .unwrap_err();
        assert!(error.contains("expected an error"), "{error}");
    }

    #[test]
    fn what_the_runner_cannot_express_fails() {
        for steps in [
            r#"[{"do": "teleport_customer"}]"#,
            r#"[{"sim": "teleport"}]"#,
            r#"[{"do": "create_customer", "with": {"favourite_colour": "blue"}}]"#,
            r#"[{"do": "create_customer", "expect": {"id": {"resembles": "cus_"}}}]"#,
            r#"[{"do": "retrieve_customer", "with": {"id": "$nothing.id"}}]"#,
            r#"[{"do": "create_customer", "sim": "objects"}]"#,
        ] {
            assert!(run(steps).is_err(), "{steps} passed");
        }
    }
}
