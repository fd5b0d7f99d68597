//! Zip archives: arbitrary bytes through the archive opener, the entry
//! listing (names, types, sizes), decompression under the pipeline's
//! budget, then each entry's own reader, the parser and the normalisers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // The pipeline's default limits, so that a zip bomb or a `..` entry is
    // refused as it would be in a real run.
    let options = bayan::read::ReadOptions::default();
    bayan_fuzz::parse_and_normalise(bayan::read::zip::read("fuzz.zip", bytes, &options));
});
