//! The workspace's `uniffi-bindgen`: generates the Swift and Kotlin sources from the built
//! library (`generate --library target/debug/liboffsession_uniffi.so`).
//!
//! One addition to uniffi's own generator: the Swift sources are made to honour `Task`
//! cancellation, as the Kotlin ones already honour coroutine cancellation. uniffi 0.32's Swift
//! template awaits a Rust future without ever telling Rust that the awaiting `Task` was
//! cancelled (mozilla/uniffi-rs#2771), so `task.cancel()` would neither return early nor stop a
//! request. After generating, this program rewrites that one helper (`uniffiRustCallAsync`) to
//! wrap its wait in `withTaskCancellationHandler`, whose handler calls uniffi's own
//! `rust_future_cancel` for the call's return type; the call then throws `CancellationError`
//! and the Rust future is dropped, which applies the library's rule (a resource call is
//! dropped, a flow runs to its end: see `src/runtime.rs`). Every async export here already
//! `throws`, so no signature changes. Should uniffi's template change, the rewrite fails loudly
//! instead of shipping Swift sources that ignore cancellation.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    // Exits the process itself on failure.
    uniffi::uniffi_bindgen_main();
    let Some(out_dir) = swift_out_dir(&args) else {
        return ExitCode::SUCCESS;
    };
    match make_swift_cancellable(&out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {}: {message}", out_dir.display());
            ExitCode::FAILURE
        }
    }
}

/// The output directory of a `generate` run that produced Swift, if this was one.
fn swift_out_dir(args: &[String]) -> Option<PathBuf> {
    let mut swift = false;
    let mut out_dir = None;
    let mut generate = false;
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (word.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| words.next().cloned());
        match flag {
            "generate" => generate = true,
            "--language" | "-l" => swift |= value().as_deref() == Some("swift"),
            "--out-dir" | "-o" => out_dir = value().map(PathBuf::from),
            _ => {}
        }
    }
    (generate && swift).then_some(out_dir).flatten()
}

/// Rewrites every generated `.swift` file in `dir` that holds uniffi's async helper.
fn make_swift_cancellable(dir: &Path) -> Result<(), String> {
    let mut patched = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| e.to_string())?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("swift") {
            continue;
        }
        let source = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        if !source.contains(HELPER) {
            continue;
        }
        let rewritten = cancellable(&source).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, rewritten).map_err(|e| e.to_string())?;
        patched += 1;
    }
    if patched == 0 {
        return Err(format!("no generated Swift file holds `{HELPER}`"));
    }
    Ok(())
}

const HELPER: &str = "fileprivate func uniffiRustCallAsync<F, T>(";
const MARK: &str = "// offsession (uniffi-bindgen.rs): a cancelled Task cancels the Rust future.";

/// The Swift source with `uniffiRustCallAsync` honouring `Task` cancellation.
fn cancellable(source: &str) -> Result<String, String> {
    if source.contains(MARK) {
        return Ok(source.to_owned());
    }
    // 1. The helper takes the cancel function that matches the call's free function: a C
    //    function pointer, which the `@Sendable` cancellation handler may call (Swift 5 and 6).
    let source = replace_once(
        source,
        "    freeFunc: (UInt64) -> (),\n    liftFunc: (F) throws -> T,\n",
        "    freeFunc: (UInt64) -> (),\n    cancelFunc: @convention(c) (UInt64) -> (),\n    liftFunc: (F) throws -> T,\n",
    )?;
    // 2. Its wait for the Rust future ends when the Task is cancelled.
    let start_marker = "    var pollResult: Int8;\n    repeat {\n";
    let end_marker = "    } while pollResult != UNIFFI_RUST_FUTURE_POLL_READY\n";
    let helper = source.find(HELPER).ok_or("no uniffiRustCallAsync")?;
    let start = helper
        + source[helper..]
            .find(start_marker)
            .ok_or("uniffiRustCallAsync's poll loop has changed")?;
    let end = start
        + source[start..]
            .find(end_marker)
            .ok_or("uniffiRustCallAsync's poll loop has changed")?
        + end_marker.len();
    let indented: String = source[start..end]
        .lines()
        .map(|line| format!("    {line}\n"))
        .collect();
    let wrapped = format!(
        "    {MARK}\n    \
         // The handler makes the pending poll answer \"ready\"; completing then reports the call\n    \
         // as cancelled (CancellationError below), and freeing the future drops it in Rust.\n    \
         await withTaskCancellationHandler {{\n{indented}    }} onCancel: {{\n        \
         cancelFunc(rustFuture)\n    }}\n"
    );
    let source = format!("{}{wrapped}{}", &source[..start], &source[end..]);
    // 3. A cancelled call throws Swift's own CancellationError instead of stopping the process.
    let source = replace_once(
        &source,
        "        case CALL_CANCELLED:\n            fatalError(\"Cancellation not supported yet\")\n",
        "        case CALL_CANCELLED:\n            throw CancellationError()\n",
    )?;
    // 4. Every call site passes the cancel function for its return type.
    let calls = source.matches("await uniffiRustCallAsync(").count();
    let mut passed = 0;
    let mut out = String::with_capacity(source.len() + calls * 80);
    for line in source.split_inclusive('\n') {
        out.push_str(line);
        let trimmed = line.trim();
        if let Some(free) = trimmed
            .strip_prefix("freeFunc: ")
            .and_then(|rest| rest.strip_suffix(','))
            .filter(|name| name.contains("_rust_future_free_"))
        {
            let indent = &line[..line.len() - line.trim_start().len()];
            let cancel = free.replacen("_rust_future_free_", "_rust_future_cancel_", 1);
            out.push_str(&format!("{indent}cancelFunc: {cancel},\n"));
            passed += 1;
        }
    }
    if passed != calls || calls == 0 {
        return Err(format!(
            "{calls} async calls, but {passed} free functions to pair with a cancel function"
        ));
    }
    Ok(out)
}

fn replace_once(source: &str, from: &str, to: &str) -> Result<String, String> {
    match source.matches(from).count() {
        1 => Ok(source.replacen(from, to, 1)),
        n => Err(format!(
            "expected uniffi's template text once, found it {n} times: {from:?}"
        )),
    }
}
