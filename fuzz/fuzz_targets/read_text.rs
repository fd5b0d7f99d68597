//! Plain-text inputs: arbitrary bytes through decoding, then the text
//! reader, the parser and the normalisers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = bayan::read::text::decode(bytes) {
        bayan_fuzz::parse_and_normalise(vec![bayan::read::text::record("fuzz.txt", text)]);
    }
});
