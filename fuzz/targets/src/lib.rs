//! The fuzz targets of the `offsession` core, as plain functions of `&[u8]`.
//!
//! cargo-fuzz (`fuzz/fuzz_targets/*.rs`, a workspace of its own) calls them under libFuzzer, and
//! `tests/replay_corpus.rs` replays the committed corpus (`fuzz/corpus/<target>/`) through them
//! in the ordinary `cargo test`, so every input that once found a bug stays a regression test.
//!
//! Each target reaches the core only through its public API. Beyond "never panics", each checks
//! an invariant that a bug would break: signatures recomputed independently, decode → encode →
//! decode round trips that lose no field, and the form body compared with an independent model
//! of the encoding and parsed back with `form_urlencoded`.

#![forbid(unsafe_code)]

mod decode;
mod event;
mod form;
mod json;
mod webhook;

pub use decode::decode;
pub use event::event;
pub use form::form;
pub use webhook::webhook;

/// A fuzz target: takes any bytes, panics only when an invariant is broken.
pub type Target = fn(&[u8]);

/// Every target by name, as cargo-fuzz and the corpus folders name them.
pub const TARGETS: [(&str, Target); 4] = [
    ("webhook", webhook),
    ("event", event),
    ("decode", decode),
    ("form", form),
];
