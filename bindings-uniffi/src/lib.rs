//! Swift and Kotlin bindings (uniffi) for the offsession core: in progress.
