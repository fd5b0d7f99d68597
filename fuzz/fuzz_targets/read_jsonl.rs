//! JSON Lines and JSON documents: one record per line or element.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    bayan_fuzz::parse_and_normalise(bayan::read::jsonl::read_lines("fuzz.jsonl", text));
    bayan_fuzz::parse_and_normalise(bayan::read::jsonl::read_document("fuzz.json", text, &[]));
});
