//! Expected files of the extraction suite and paragraph-level scoring.
//!
//! Shared by `tests/extract.rs` (bayan's own extraction) and the crate
//! comparison in `tools/extract/compare/`, so that both are measured by one
//! rule. It needs only `serde_json`, `sha2` and `unicode-normalization`.
//!
//! The expected paragraphs are stored as fingerprints (SHA-256 of the
//! folded text, of its first and of its last 90 %, and its length), never as
//! text. A predicted paragraph P matches an expected paragraph E when, after
//! folding (NFKC, lower case, white-space runs to one space, trimmed):
//!
//! 1. P equals E; or
//! 2. E lies inside P and is at least 90 % of P's length (P carries a little
//!    extra: a trailing link, a merged label); or
//! 3. P is at least 90 % of E's length, shorter than E, and equal to E's
//!    first or last 90 % (P lost a little at one end).
//!
//! Each expected paragraph matches at most one predicted paragraph (the
//! first unmatched one in document order). Precision is the share of
//! predicted paragraphs that match, recall the share of expected ones that
//! are matched.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// The share (per cent) of a paragraph that rules 2 and 3 require.
pub const MATCH_PERCENT: usize = 90;

/// The comparison form of a paragraph.
pub fn fold(text: &str) -> String {
    let normalised: String = text.nfkc().collect::<String>().to_lowercase();
    normalised.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SHA-256 in lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `percent` % of `length`, rounded up.
fn share(length: usize, percent: usize) -> usize {
    (length * percent).div_ceil(100)
}

/// One expected paragraph, as its fingerprints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Length of the folded text in characters.
    pub chars: usize,
    pub sha256: String,
    /// SHA-256 of the first [`MATCH_PERCENT`] % of the folded text.
    pub head: String,
    /// SHA-256 of the last [`MATCH_PERCENT`] % of the folded text.
    pub tail: String,
}

impl Fingerprint {
    /// The fingerprint of a paragraph (how `tools/extract/annotate.py`
    /// makes them).
    pub fn of(paragraph: &str) -> Fingerprint {
        let folded: Vec<char> = fold(paragraph).chars().collect();
        let part = share(folded.len(), MATCH_PERCENT);
        Fingerprint {
            chars: folded.len(),
            sha256: sha256_hex(&collect(&folded)),
            head: sha256_hex(&collect(&folded[..part])),
            tail: sha256_hex(&collect(&folded[folded.len() - part..])),
        }
    }

    /// True when `predicted` matches this paragraph by the rules of the
    /// module documentation.
    pub fn matches(&self, predicted: &str) -> bool {
        let folded: Vec<char> = fold(predicted).chars().collect();
        let length = folded.len();
        if length == self.chars {
            return sha256_hex(&collect(&folded)) == self.sha256;
        }
        if length > self.chars {
            if self.chars < share(length, MATCH_PERCENT) {
                return false;
            }
            return (0..=length - self.chars)
                .any(|at| sha256_hex(&collect(&folded[at..at + self.chars])) == self.sha256);
        }
        if length < share(self.chars, MATCH_PERCENT) {
            return false;
        }
        let part = share(self.chars, MATCH_PERCENT);
        sha256_hex(&collect(&folded[..part])) == self.head
            || sha256_hex(&collect(&folded[length - part..])) == self.tail
    }
}

fn collect(chars: &[char]) -> String {
    chars.iter().collect()
}

/// For each predicted paragraph, the index of the expected paragraph it
/// matches: each expected paragraph is taken by the first unmatched
/// predicted paragraph, in document order, that matches it.
pub fn align(predicted: &[String], expected: &[Fingerprint]) -> Vec<Option<usize>> {
    let mut used = vec![false; expected.len()];
    predicted
        .iter()
        .map(|paragraph| {
            let index = (0..expected.len())
                .find(|&index| !used[index] && expected[index].matches(paragraph))?;
            used[index] = true;
            Some(index)
        })
        .collect()
}

/// Paragraph counts of one record or of a whole suite.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub predicted: usize,
    pub expected: usize,
    pub matched: usize,
}

impl Score {
    /// Matches `predicted` paragraphs against `expected` ones.
    pub fn of(predicted: &[String], expected: &[Fingerprint]) -> Score {
        Score {
            predicted: predicted.len(),
            expected: expected.len(),
            matched: align(predicted, expected).iter().flatten().count(),
        }
    }

    pub fn add(&mut self, other: Score) {
        self.predicted += other.predicted;
        self.expected += other.expected;
        self.matched += other.matched;
    }

    /// Share of predicted paragraphs that match (1 when none was predicted
    /// and none expected).
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted, self.expected == 0)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.expected, self.predicted == 0)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(part: usize, whole: usize, empty_is_perfect: bool) -> f64 {
    if whole == 0 {
        return if empty_is_perfect { 1.0 } else { 0.0 };
    }
    part as f64 / whole as f64
}

/// What a record of the suite should become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A statement with these fields.
    Statement(ExpectedStatement),
    /// A reject with this reason code (`not_a_statement`, `empty`, ...).
    Reject(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedStatement {
    pub title: String,
    pub published: Option<String>,
    pub issuer: Option<String>,
    pub url: Option<String>,
    pub paragraph_count: usize,
    pub first_paragraph: String,
    pub last_paragraph: String,
    pub paragraphs: Vec<Fingerprint>,
}

/// One expected file of `tests/extract/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The file's name without `.json`.
    pub name: String,
    /// Path under `../shared/corpus`.
    pub source: String,
    /// 1-based line or item number; 0 for a file that is one record.
    pub record: usize,
    pub outcome: Outcome,
}

impl Case {
    /// The name bayan gives the record in `source`: the file name, plus
    /// `#N` for the Nth record of a multi-record file.
    pub fn bayan_source(&self) -> String {
        let file = self.source.rsplit('/').next().unwrap_or(&self.source);
        match self.record {
            0 => file.to_string(),
            number => format!("{file}#{number}"),
        }
    }

    /// The corpus file, under the repository root `root`.
    pub fn path(&self, root: &Path) -> PathBuf {
        root.join("../shared/corpus").join(&self.source)
    }
}

/// Every expected file in `dir`, sorted by name.
pub fn load_cases(dir: &Path) -> Result<Vec<Case>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|path| load_case(path)).collect()
}

fn load_case(path: &Path) -> Result<Case, String> {
    let problem = |what: &str| format!("{}: {what}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| problem(&e.to_string()))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| problem(&e.to_string()))?;
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .ok_or_else(|| problem("no file name"))?;
    let source = string(&value, "source").ok_or_else(|| problem("no `source`"))?;
    let record = value["record"]
        .as_u64()
        .ok_or_else(|| problem("no `record`"))? as usize;
    let expect = string(&value, "expect").ok_or_else(|| problem("no `expect`"))?;
    let outcome =
        if expect == "statement" {
            Outcome::Statement(statement(&value).ok_or_else(|| {
                problem("incomplete statement: run tools/extract/annotate.py on it")
            })?)
        } else {
            Outcome::Reject(expect)
        };
    Ok(Case {
        name,
        source,
        record,
        outcome,
    })
}

fn statement(value: &Value) -> Option<ExpectedStatement> {
    let paragraphs = value["paragraphs"]
        .as_array()?
        .iter()
        .map(|item| {
            Some(Fingerprint {
                chars: item["chars"].as_u64()? as usize,
                sha256: string(item, "sha256")?,
                head: string(item, "head")?,
                tail: string(item, "tail")?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(ExpectedStatement {
        title: string(value, "title")?,
        published: string(value, "published"),
        issuer: string(value, "issuer"),
        url: string(value, "url"),
        paragraph_count: value["paragraph_count"].as_u64()? as usize,
        first_paragraph: string(value, "first_paragraph")?,
        last_paragraph: string(value, "last_paragraph")?,
        paragraphs,
    })
}

fn string(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_string)
}
