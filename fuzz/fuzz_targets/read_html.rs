//! HTML inputs: the HTML reader (meta tags), the HTML parser and the
//! normalisers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    bayan_fuzz::parse_and_normalise(vec![bayan::read::html::record(
        "fuzz.html",
        html.to_string(),
    )]);
});
