//! Running one child process and killing it with SIGKILL as planned.
//!
//! The workspace's tokio has no process support (it would add a dependency to Cargo.lock), so
//! the child is a `std::process::Child`, polled every millisecond from the async driver, and a
//! thread reads its stdout as it comes, to time the `ready` line.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::stage;
use super::timing::Plan;
use crate::sim_control::SimControl;

/// SIGKILL's number on Linux (std has no constant, and libc is not this crate's dependency).
const SIGKILL: i32 = 9;

/// The line a child prints just before it calls `charge_off_session`.
pub const READY: &str = "ready";

/// One killed child.
pub struct Kill {
    /// Its User-Agent.
    pub tag: String,
    /// Its requests that the simulator had answered (or cut) when the child was reaped, by
    /// `seq`.
    pub answered: Vec<u64>,
    /// How many of its requests the log had then.
    pub seen: usize,
}

/// How a child ended.
pub enum End {
    /// Killed as planned.
    Killed(Kill),
    /// It printed this line (its last but `ready`).
    Answered(Value),
    /// It exited without a line (a crash of its own).
    Broken(String),
}

/// A child's end and its timings.
pub struct Ran {
    /// How it ended.
    pub end: End,
    /// Start to exit (or to the kill).
    pub run: Duration,
    /// `ready` to exit, if it printed `ready`.
    pub charge: Option<Duration>,
}

#[derive(Default)]
struct Output {
    ready: Option<Instant>,
    lines: Vec<String>,
}

/// Runs `exe --child <input>`, killing it as `plan` says unless it ended first. After a kill
/// the request log is read at once, to see which of the child's requests had their answer.
pub async fn run_child(
    exe: &Path,
    control: &SimControl,
    input: &Value,
    tag: &str,
    plan: Plan,
) -> Result<Ran, String> {
    let mut child = Command::new(exe)
        .arg("--child")
        .arg(input.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting {}: {e}", exe.display()))?;
    let started = Instant::now();
    let output = Arc::new(Mutex::new(Output::default()));
    let stdout = child.stdout.take().ok_or("child without stdout")?;
    let reader = {
        let output = Arc::clone(&output);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(mut output) = output.lock() {
                    if line == READY {
                        output.ready = Some(Instant::now());
                    } else {
                        output.lines.push(line);
                    }
                }
            }
        })
    };
    let ready = || output.lock().ok().and_then(|o| o.ready);
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("child: {e}"))? {
            break status;
        }
        let due = match plan {
            Plan::Spare => false,
            Plan::FromStart(after) => started.elapsed() >= after,
            Plan::FromReady(after) => ready().is_some_and(|r| r.elapsed() >= after),
        };
        if due {
            // std's kill is SIGKILL on Unix: no handler, no flush, no destructor runs. A child
            // that exited just before is not killed (kill() on a zombie does nothing).
            child.kill().map_err(|e| format!("killing {tag}: {e}"))?;
            break child.wait().map_err(|e| format!("reaping {tag}: {e}"))?;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    };
    let exited = Instant::now();
    let run = exited - started;
    let _ = reader.join();
    if status.signal() == Some(SIGKILL) {
        let log = control.requests().await?;
        let entries = stage::entries_of(&log, tag);
        let kill = Kill {
            tag: tag.to_owned(),
            answered: entries
                .iter()
                .filter(|e| stage::answered(e))
                .filter_map(|e| e.get("seq").and_then(Value::as_u64))
                .collect(),
            seen: entries.len(),
        };
        return Ok(Ran {
            end: End::Killed(kill),
            run,
            charge: None,
        });
    }
    let mut err = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut err);
    }
    let output = output.lock().map_err(|_| "child output lock poisoned")?;
    let line = output.lines.iter().rev().find(|l| !l.trim().is_empty());
    let end = match line.and_then(|l| serde_json::from_str::<Value>(l).ok()) {
        Some(line) if status.success() => End::Answered(line),
        _ => End::Broken(format!(
            "child {tag} exited with {status} without an answer; stdout {:?}, stderr {err:?}",
            output.lines
        )),
    };
    Ok(Ran {
        end,
        run,
        charge: output
            .ready
            .map(|ready| exited.saturating_duration_since(ready)),
    })
}
