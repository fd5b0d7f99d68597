//! Numbers as written in money amounts: digit runs with thousands and
//! decimal separators, read into exact decimals (never floating point).
//!
//! The scanner works on a matching key (see [`crate::text::fold`]), where
//! Arabic-Indic and Persian digits are already ASCII. Which separator is the
//! decimal one is decided only when the value is read, because the answer can
//! depend on the language of the words that follow the number.

use std::ops::Range;

/// A run of digits and separators found in a key, not yet interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawNumber {
    /// Byte range in the key.
    pub span: Range<usize>,
    /// The digit runs, each with the separator written before it (`None`
    /// for the first).
    runs: Vec<(Option<char>, String)>,
}

/// An exact decimal: `mantissa / 10^fraction_digits`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Decimal {
    pub mantissa: i128,
    pub fraction_digits: u32,
}

/// More digits than this cannot be a money amount and would overflow.
const MAX_DIGITS: usize = 30;

/// Separators that only ever group thousands; a run after one of them must
/// have exactly three digits. The Arabic comma (210،000) and the spaces of
/// French and Russian (1 000 000) are among them.
fn is_group_only(c: char) -> bool {
    matches!(
        c,
        '٬' | '،' | '\'' | '’' | ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}'
    )
}

/// Separators that may sit between two digit runs of one number.
fn is_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '٫' | '/') || is_group_only(c)
}

/// Every number in `key`, in order.
pub(super) fn scan(key: &str) -> Vec<RawNumber> {
    let bytes = key.as_bytes();
    let mut numbers = Vec::new();
    let mut at = 0;
    // A number ends where its digits do: the next digit, if any, starts
    // the next one.
    while let Some(digit) = first_digit(&bytes[at..]) {
        let number = scan_one(key, at + digit);
        at = number.span.end;
        numbers.push(number);
    }
    numbers
}

/// Where the first ASCII digit of `bytes` is. Stretches of 16 bytes are
/// tested whole first (a test without early exit, which is compiled to
/// vector instructions): most of a text has no digit.
fn first_digit(bytes: &[u8]) -> Option<usize> {
    const STRETCH: usize = 16;
    let stretches = bytes.chunks_exact(STRETCH);
    let tail = stretches.remainder();
    let mut skipped = 0;
    for stretch in stretches {
        let digits = (stretch.iter()).fold(0u8, |found, &b| found | u8::from(b.is_ascii_digit()));
        if digits != 0 {
            break;
        }
        skipped += STRETCH;
    }
    let rest = bytes.get(skipped..).unwrap_or(tail);
    rest.iter()
        .position(u8::is_ascii_digit)
        .map(|at| skipped + at)
}

/// End (exclusive) of the ASCII digit run starting at `at`.
fn digits_end(key: &str, at: usize) -> usize {
    at + key[at..].bytes().take_while(u8::is_ascii_digit).count()
}

fn scan_one(key: &str, start: usize) -> RawNumber {
    let mut end = digits_end(key, start);
    let mut runs = vec![(None, key[start..end].to_string())];
    while let Some(separator) = key[end..].chars().next().filter(|&c| is_separator(c)) {
        let after = end + separator.len_utf8();
        let run_end = digits_end(key, after);
        let run_len = run_end - after;
        if run_len == 0 {
            break;
        }
        if is_group_only(separator) && (run_len != 3 || runs[0].1.len() > 3) {
            break;
        }
        runs.push((Some(separator), key[after..run_end].to_string()));
        end = run_end;
    }
    RawNumber {
        span: start..end,
        runs,
    }
}

impl RawNumber {
    /// True for a number written with a slash (۲/۵), which is money only
    /// before a scale word: elsewhere it is a date or a fraction.
    pub fn has_slash(&self) -> bool {
        self.runs
            .iter()
            .any(|(separator, _)| *separator == Some('/'))
    }

    /// A number written as a word ("three", "ثلاثة", "一") or implied by
    /// a scale word alone ("مليار دولار"): a whole value with no place in
    /// the key.
    pub fn whole(value: u64) -> RawNumber {
        RawNumber {
            span: 0..0,
            runs: vec![(None, value.to_string())],
        }
    }

    /// Reads the number. `decimal` is the decimal separator of the text's
    /// locale (`.` or `,`), if known: it decides a lone `.`/`,` followed by
    /// exactly three digits (`1,500` is 1500 in English and 1.5 in French).
    /// Without it such a separator groups thousands. Returns `None` for
    /// runs that are not one well-formed number (`1.2.3`, `12,34,567`).
    pub fn value(&self, decimal: Option<char>) -> Option<Decimal> {
        let decimal_at = self.decimal_position(decimal)?;
        let mut digits = String::new();
        let mut fraction_digits = 0;
        for (index, (separator, run)) in self.runs.iter().enumerate() {
            let is_decimal = Some(index) == decimal_at;
            let is_group = separator.is_some() && !is_decimal;
            if is_group && (run.len() != 3 || self.runs[0].1.len() > 3) {
                return None;
            }
            if is_decimal {
                fraction_digits = u32::try_from(run.len()).ok()?;
            }
            digits.push_str(run);
        }
        if digits.len() > MAX_DIGITS {
            return None;
        }
        Some(Decimal {
            mantissa: digits.parse().ok()?,
            fraction_digits,
        })
    }

    /// Index of the run that follows the decimal separator, `None` when the
    /// number is whole. The outer `Option` is `None` for a malformed number.
    fn decimal_position(&self, decimal: Option<char>) -> Option<Option<usize>> {
        let separators: Vec<(usize, char, usize)> = self
            .runs
            .iter()
            .enumerate()
            .filter_map(|(i, (sep, run))| sep.map(|s| (i, s, run.len())))
            .collect();
        let Some(&(last_index, last_sep, last_len)) = separators.last() else {
            return Some(None);
        };
        let count = |c: char| separators.iter().filter(|(_, s, _)| *s == c).count();
        // Persian writes the decimal separator as a slash too: ۲/۵ میلیارد.
        for decimal_only in ['٫', '/'] {
            if count(decimal_only) > 0 {
                return (last_sep == decimal_only && count(decimal_only) == 1)
                    .then_some(Some(last_index));
            }
        }
        if !matches!(last_sep, '.' | ',') {
            return Some(None);
        }
        let other = if last_sep == '.' { ',' } else { '.' };
        if count(last_sep) > 1 {
            // 1,000,000 or 1.000.000: all group separators.
            return (count(other) == 0).then_some(None);
        }
        let has_other_groups = separators.len() > 1;
        if has_other_groups || last_len != 3 || decimal == Some(last_sep) {
            return Some(Some(last_index));
        }
        Some(None)
    }
}

impl Decimal {
    /// The value times `10^power`, in hundredths, rounded half away from
    /// zero when the written number has more than two decimals after
    /// scaling. `None` on overflow.
    pub fn cents(self, power: u32) -> Option<i128> {
        let shift = i64::from(power) + 2 - i64::from(self.fraction_digits);
        if shift >= 0 {
            let factor = 10_i128.checked_pow(u32::try_from(shift).ok()?)?;
            self.mantissa.checked_mul(factor)
        } else {
            let divisor = 10_i128.checked_pow(u32::try_from(-shift).ok()?)?;
            let quotient = self.mantissa / divisor;
            let remainder = self.mantissa % divisor;
            let round_up = remainder.checked_mul(2)? >= divisor;
            Some(quotient + i128::from(round_up))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(key: &str, decimal: Option<char>) -> Option<(i128, u32)> {
        let numbers = scan(key);
        assert_eq!(numbers.len(), 1, "{key}: {numbers:?}");
        numbers[0]
            .value(decimal)
            .map(|d| (d.mantissa, d.fraction_digits))
    }

    #[test]
    fn reads_thousands_and_decimals_per_locale() {
        assert_eq!(read("210،000", None), Some((210_000, 0)));
        assert_eq!(read("1,5", Some(',')), Some((15, 1)));
        assert_eq!(read("1,5", None), Some((15, 1)));
        assert_eq!(read("2.5", Some('.')), Some((25, 1)));
        assert_eq!(read("1 000 000", None), Some((1_000_000, 0)));
        assert_eq!(
            read("1\u{202F}000\u{202F}000,75", Some(',')),
            Some((100_000_075, 2))
        );
        assert_eq!(read("1,234,567.89", Some('.')), Some((123_456_789, 2)));
        assert_eq!(read("1.234.567,89", Some(',')), Some((123_456_789, 2)));
        assert_eq!(read("1,500", Some('.')), Some((1500, 0)));
        assert_eq!(read("1,500", Some(',')), Some((1500, 3)));
        assert_eq!(read("1,500", None), Some((1500, 0)));
        assert_eq!(read("2٫5", None), Some((25, 1)));
        assert_eq!(read("1٬250٬000", None), Some((1_250_000, 0)));
        assert_eq!(read("2/5", None), Some((25, 1)));
        assert_eq!(read("1399/12/25", None), None);
    }

    #[test]
    fn rejects_malformed_numbers() {
        assert_eq!(read("1.2.3", Some('.')), None);
        assert_eq!(read("12,34,567", Some('.')), None);
        assert_eq!(read("1,000.000.5", Some('.')), None);
    }

    #[test]
    fn spaces_group_only_three_digit_runs() {
        let numbers = scan("2021 600");
        assert_eq!(numbers.len(), 2);
        let numbers = scan("5 10");
        assert_eq!(numbers.len(), 2);
        let numbers = scan("12 345");
        assert_eq!(numbers.len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn the_first_digit_is_found(text in "[a-z \\u{0660}é]{0,40}[0-9]?[a-z0-9]{0,20}") {
            let expected = text.bytes().position(|b| b.is_ascii_digit());
            proptest::prop_assert_eq!(first_digit(text.as_bytes()), expected);
        }
    }

    #[test]
    fn cents_are_exact() {
        let d = |mantissa, fraction_digits| Decimal {
            mantissa,
            fraction_digits,
        };
        assert_eq!(d(25, 1).cents(9), Some(250_000_000_000));
        assert_eq!(d(600, 0).cents(6), Some(60_000_000_000));
        assert_eq!(d(1234, 3).cents(0), Some(123));
        assert_eq!(d(1235, 3).cents(0), Some(124));
        assert_eq!(d(i128::MAX / 10, 0).cents(12), None);
    }
}
