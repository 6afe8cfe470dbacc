//! The workspace's own build configuration gives the core tokio as released. The Node add-on
//! alone needs `--cfg tokio_unstable`, and gets it from `bindings-node/.cargo/config.toml`,
//! which cargo reads only when it runs in that folder; the wheel, the uniffi library and
//! anyone building the core with this workspace's configuration must not inherit it.

#[test]
// The constant is the build's own flag: it is what this test is about.
#[allow(clippy::assertions_on_constants)]
fn the_workspace_builds_without_tokio_unstable() {
    assert!(
        !cfg!(tokio_unstable),
        "--cfg tokio_unstable reached a workspace build: keep it in bindings-node/.cargo/config.toml"
    );
}
