//! The workspace's `uniffi-bindgen`: generates the Swift and Kotlin sources from the built
//! library (`generate --library target/debug/liboffsession_uniffi.so`).

fn main() {
    uniffi::uniffi_bindgen_main()
}
