//! RSS and Atom feeds: one record per item.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    bayan_fuzz::parse_and_normalise(bayan::read::feed::read("fuzz.xml", text));
});
