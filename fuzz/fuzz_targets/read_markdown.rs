//! Markdown with YAML front matter.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    bayan_fuzz::parse_and_normalise(vec![bayan::read::markdown::record("fuzz.md", text)]);
});
