#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| offsession_fuzz_targets::decode(data));
