//! The dates extractor over a title (the first line) and a body; every
//! span must slice back into its field.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let statement = bayan_fuzz::statement(text);
    for found in bayan::normalise::dates::extract(&statement) {
        bayan_fuzz::assert_slices_back(&statement, found.span);
    }
});
