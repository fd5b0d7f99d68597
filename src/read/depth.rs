//! How deeply an HTML text nests its elements, measured without parsing it.
//!
//! The HTML tree builder (html5ever, under `scraper`) looks through the
//! whole stack of open elements at every start tag, so a page nested
//! 100,000 levels deep takes hours to parse. Real pages stay far shallower
//! (a few dozen levels), so a page over [`MAX_HTML_DEPTH`] is refused before
//! anything parses it. The scan is a single pass over the bytes, jumping from
//! one `<` to the next.

/// The deepest nesting of elements accepted. Real pages, even heavy ones,
/// stay below a hundred levels; at this depth parsing still takes
/// milliseconds.
pub const MAX_HTML_DEPTH: usize = 500;

/// True for the name of an element that counts as a level: not one that
/// never holds others (void), nor one whose end tag is optional and
/// usually left out. `name` is ASCII letters and digits, in any case.
fn is_a_level(name: &str) -> bool {
    // No name of the list is longer than eight letters.
    let mut lower = [0u8; 8];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return true;
    };
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    !matches!(
        &*lower,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// The deepest level of element nesting in `html`, counting start tags
/// against end tags (self-closing tags, declarations and the elements
/// [`is_a_level`] turns down do not count). Text inside comments or
/// `<script>` that looks like a tag may count too: the measure errs on the
/// deep side only a little, and the limit is far above real pages.
pub fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut at = 0usize;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset + 1;
        let (closing, name_start) = match bytes.get(start) {
            Some(b'/') => (true, start + 1),
            Some(b) if b.is_ascii_alphabetic() => (false, start),
            _ => {
                at = start;
                continue;
            }
        };
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |n| name_start + n);
        let name = &html[name_start..name_end];
        let tag_end =
            memchr::memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |n| name_end + n);
        let self_closing = tag_end > name_end && bytes.get(tag_end - 1) == Some(&b'/');
        let counts = !name.is_empty() && !self_closing && is_a_level(name);
        if counts && closing {
            depth = depth.saturating_sub(1);
        } else if counts {
            depth += 1;
            deepest = deepest.max(depth);
        }
        at = tag_end.max(start);
    }
    deepest
}

/// `Err` with a sentence a person can act on when `html` nests deeper than
/// [`MAX_HTML_DEPTH`].
pub fn check(html: &str) -> Result<(), String> {
    let depth = nesting_depth(html);
    if depth > MAX_HTML_DEPTH {
        Err(format!(
            "its HTML nests elements {depth} levels deep, over the limit of {MAX_HTML_DEPTH}; \
             real pages are far shallower, so the file is broken or hostile: check where it came from"
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_real_nesting() {
        assert_eq!(nesting_depth("<div><span>a</span><b>c</b></div>"), 2);
        assert_eq!(nesting_depth("<p>one<p>two<p>three"), 0);
        assert_eq!(nesting_depth("<div><br><img src=x><hr/></div>"), 1);
        assert_eq!(nesting_depth("<!-- <div> --> text < 3"), 1);
        assert_eq!(nesting_depth(""), 0);
        assert_eq!(nesting_depth("<"), 0);
        assert_eq!(nesting_depth("<div"), 1);
    }

    #[test]
    fn deep_pages_are_refused_shallow_ones_kept() {
        let deep = "<div>".repeat(100_000);
        assert!(check(&deep).is_err());
        let unclosed = "<div><span><b>".repeat(30_000);
        assert!(check(&unclosed).is_err());
        let page = format!(
            "<html><body>{}</body></html>",
            "<div><p>text</p></div>".repeat(5_000)
        );
        assert_eq!(check(&page), Ok(()));
    }

    /// The elements that are not a level, as a list.
    const NOT_A_LEVEL: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
        "thead", "tbody", "tfoot", "colgroup", "caption", "rt", "rp", "html", "head", "body",
    ];

    proptest::proptest! {
        #[test]
        fn a_level_is_a_name_not_on_the_list(name in "[a-zA-Z0-9]{0,10}|(?i)(colgroups?|optgroup|t[dhr]|bodyx)") {
            let listed = NOT_A_LEVEL.iter().any(|n| n.eq_ignore_ascii_case(&name));
            proptest::prop_assert_eq!(is_a_level(&name), !listed);
        }
    }

    #[test]
    fn the_listed_names_are_no_level_in_any_case() {
        for name in NOT_A_LEVEL {
            assert!(!is_a_level(name) && !is_a_level(&name.to_ascii_uppercase()));
        }
        assert!(is_a_level("div") && is_a_level("Section") && is_a_level("blockquote"));
    }

    #[test]
    fn never_panics_on_cut_input() {
        for text in ["</", "<a", "<a/", "</a", "<a b='>", "<é>", "<a\u{0}>"] {
            nesting_depth(text);
        }
    }
}
