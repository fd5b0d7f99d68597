//! WARC archives: arbitrary bytes through the record splitter, the HTTP
//! response parser, chunked and gzip/deflate decoding, then the HTML reader,
//! the parser and the normalisers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // The pipeline's default page limit, so that a gzip bomb is refused as
    // it would be in a real run.
    let max_record_bytes = bayan::read::ReadOptions::default().max_record_bytes;
    bayan_fuzz::parse_and_normalise(bayan::read::warc::read(
        "fuzz.warc",
        bytes,
        max_record_bytes,
    ));
});
