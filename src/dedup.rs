//! Duplicate statements: the first copy read is kept, later ones become
//! `duplicate` rejects.
//!
//! Records must come in dataset order (by input path, then record number):
//! "first" is the first in that order, which is what makes an export, a
//! `map` stream and a merge of shards agree on which copy is kept and on
//! the words of every reject.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::record::{Record, RejectReason};

/// Remembers every statement accepted so far, by content and by id, and
/// rejects a later one with the same content or id as `duplicate`, with
/// the words an export uses, so that a merged release and a single export
/// agree on every reject.
///
/// A part's own `duplicate` reject names the copy that part kept; when the
/// merge finds that copy to be itself a copy of an earlier part's
/// statement, the reject is made to name that statement, as one export of
/// every input would.
///
/// It holds a few words per statement kept, for the whole run: the source
/// once, and the content hash and the id as 128-bit [`Key`]s, about 170
/// bytes a statement (17 MB for 100,000), where strings took 450.
#[derive(Debug, Default)]
pub struct Deduplicator {
    /// The sources of the statements kept, in the order kept.
    kept: Vec<Box<str>>,
    /// Content hash to the index of its statement in `kept`.
    by_content: HashMap<Key, usize>,
    /// Statement id to the index of its statement in `kept`.
    by_id: HashMap<Key, usize>,
    /// Records rejected here as a copy, by source: the source kept instead.
    copies: HashMap<String, String>,
}

/// A content hash or statement id as the first 128 bits of its SHA-256:
/// a fixed-size key whatever the string, and as good as the string itself
/// (two different strings share one with a chance of about n² / 2¹²⁹ among
/// n statements: nil for any corpus).
type Key = u128;

fn key(text: &str) -> Key {
    let digest = Sha256::digest(text.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    u128::from_be_bytes(first)
}

const COPY_BEFORE: &str = "same title and body as ";
const SAME_URL_BEFORE: &str = "same URL as ";
const COPY_AFTER: &str = ", which was exported; remove one of the copies";

/// The detail of a reject for the same content as `kept`.
fn copy_detail(kept: &str) -> String {
    format!("{COPY_BEFORE}{kept}{COPY_AFTER}")
}

/// Whether `record` was rejected for the URL of a statement kept before
/// it, and only for that: its statement is still whole. Such a reject is
/// the one decision of a shard that another shard can undo (the statement
/// kept for that URL may be a copy of an earlier one elsewhere, which a
/// single export would have rejected, keeping this one), so shards hold
/// these statements back ([`crate::write::ndjson::HELD_BACK_FILE`]) for
/// the merge to decide again.
pub fn is_held_back(record: &Record) -> bool {
    record.reject.as_ref().is_some_and(|reject| {
        reject.reason == RejectReason::Duplicate && reject.detail.starts_with(SAME_URL_BEFORE)
    })
}

impl Deduplicator {
    pub fn check(&mut self, record: &mut Record) {
        if !record.is_accepted() {
            self.follow_copy(record);
            return;
        }
        let content = key(&record.statement.content_sha256);
        let id = key(&record.statement.statement_id);
        if let Some(kept) = self
            .by_content
            .get(&content)
            .and_then(|&at| self.kept.get(at))
        {
            let kept = kept.to_string();
            record.reject(RejectReason::Duplicate, copy_detail(&kept));
            self.copies.insert(record.source.clone(), kept);
            return;
        }
        if let Some(kept) = self.by_id.get(&id).and_then(|&at| self.kept.get(at)) {
            let detail = format!(
                "{SAME_URL_BEFORE}{kept}, which was exported, but different text (a revised \
                 version?); keep the version you want in the inputs"
            );
            record.reject(RejectReason::Duplicate, detail);
            return;
        }
        // The maps only ever hold indexes of `kept`, pushed here.
        let index = self.kept.len();
        self.kept.push(record.source.as_str().into());
        self.by_content.insert(content, index);
        self.by_id.insert(id, index);
    }

    /// Points a part's copy reject at the statement kept in the end.
    fn follow_copy(&mut self, record: &mut Record) {
        let Some(reject) = &mut record.reject else {
            return;
        };
        if reject.reason != RejectReason::Duplicate {
            return;
        }
        let named = reject
            .detail
            .strip_prefix(COPY_BEFORE)
            .and_then(|rest| rest.strip_suffix(COPY_AFTER));
        if let Some(kept) = named.and_then(|named| self.copies.get(named)) {
            let kept = kept.clone();
            reject.detail = copy_detail(&kept);
            self.copies.insert(record.source.clone(), kept);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::test_records;

    #[test]
    fn the_first_copy_is_kept() {
        let mut dedup = Deduplicator::default();
        let mut first = test_records::english_statement();
        let mut copy = first.clone();
        copy.source = "z.txt".to_string();
        dedup.check(&mut first);
        dedup.check(&mut copy);
        assert!(first.is_accepted());
        assert_eq!(copy.reject.map(|r| r.reason), Some(RejectReason::Duplicate));
    }

    #[test]
    fn a_copy_of_a_copy_names_the_first() {
        let mut dedup = Deduplicator::default();
        let mut first = test_records::english_statement();
        first.source = "a.txt".to_string();
        let mut second = first.clone();
        second.source = "b.txt".to_string();
        let mut third = test_records::rejected();
        third.source = "c.txt".to_string();
        third.reject = None;
        third.reject(RejectReason::Duplicate, copy_detail("b.txt"));
        for record in [&mut first, &mut second, &mut third] {
            dedup.check(record);
        }
        let detail = third.reject.map(|r| r.detail).unwrap_or_default();
        assert_eq!(detail, copy_detail("a.txt"));
    }

    fn accepted(source: &str, id: &str, content: &str) -> Record {
        let mut record = Record::new(source, Default::default());
        record.statement.statement_id = id.to_string();
        record.statement.content_sha256 = content.to_string();
        record
    }

    #[test]
    fn same_id_with_other_content_is_a_duplicate() {
        let mut dedup = Deduplicator::default();
        let mut first = accepted("feed.jsonl#3", "1", "x");
        let mut revised = accepted("feed.jsonl#9", "1", "y");
        dedup.check(&mut first);
        dedup.check(&mut revised);
        assert!(first.is_accepted());
        let reject = revised.reject.clone().expect("rejected");
        assert_eq!(reject.reason, RejectReason::Duplicate);
        assert!(reject.detail.contains("same URL as feed.jsonl#3"));
        assert!(is_held_back(&revised));
        assert!(!is_held_back(&first));
    }

    #[test]
    fn a_copy_is_not_held_back() {
        let mut dedup = Deduplicator::default();
        let mut first = accepted("a.txt", "1", "x");
        let mut copy = accepted("b.txt", "2", "x");
        dedup.check(&mut first);
        dedup.check(&mut copy);
        assert_eq!(
            copy.reject.as_ref().map(|r| r.reason),
            Some(RejectReason::Duplicate)
        );
        assert!(!is_held_back(&copy));
    }
}
