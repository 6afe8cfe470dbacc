//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through every target, so the
//! seeds and every input that once found a bug run in the ordinary `cargo test`.
//!
//! Fails when a target's corpus folder is missing or holds fewer than [`MIN_INPUTS`] files, and
//! names every input that panicked.

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use offsession_fuzz_targets::TARGETS;

/// Fewest inputs a target's corpus may hold: the seeds alone are more than this.
const MIN_INPUTS: usize = 10;

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../corpus")
        .join(target)
}

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = corpus_dir(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "the {target} corpus {} is missing ({e}); run `python3 fuzz/make_corpus.py`",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if panic::catch_unwind(AssertUnwindSafe(|| run(&data))).is_err() {
            failures.push(file.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "{target}: {} of {} corpus inputs panicked:\n  {}",
        failures.len(),
        files.len(),
        failures.join("\n  ")
    );
    assert!(
        files.len() >= MIN_INPUTS,
        "{target}: only {} inputs in {} (at least {MIN_INPUTS} expected)",
        files.len(),
        dir.display()
    );
    files.len()
}

/// Replays one target's corpus and reports the count on stderr.
fn replay_and_report(target: &str) {
    let Some((_, run)) = TARGETS.iter().find(|(name, _)| *name == target) else {
        panic!("no target named {target}");
    };
    let count = replay(target, *run);
    // Written to the stderr handle, not with `eprintln!`, so the count shows with or without
    // `--nocapture` (libtest captures only the print macros).
    let _ = writeln!(
        std::io::stderr(),
        "fuzz corpus replay: {target}: {count} inputs"
    );
}

#[test]
fn webhook_corpus() {
    replay_and_report("webhook");
}

#[test]
fn event_corpus() {
    replay_and_report("event");
}

#[test]
fn decode_corpus() {
    replay_and_report("decode");
}

#[test]
fn form_corpus() {
    replay_and_report("form");
}

#[test]
fn each_target_has_a_test_here_and_a_fuzz_binary() {
    let this = include_str!("replay_corpus.rs");
    for (target, _) in TARGETS {
        assert!(
            this.contains(&format!("replay_and_report(\"{target}\")")),
            "no replay test for {target}"
        );
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fuzz_targets")
            .join(format!("{target}.rs"));
        let text = std::fs::read_to_string(&source)
            .unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        assert!(
            text.contains(&format!("offsession_fuzz_targets::{target}(")),
            "{} does not call offsession_fuzz_targets::{target}",
            source.display()
        );
    }
}
