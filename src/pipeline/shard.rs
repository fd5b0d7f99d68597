//! `--shard I/N`: which records belong to one of N disjoint parts of a job.
//!
//! A record belongs to shard `I` (1-based, `1 ≤ I ≤ N`) when the first
//! eight bytes of the SHA-256 of its `source` (the input's path as given,
//! plus `#line` for a record of a multi-record input), read as a
//! big-endian number, are `I - 1` modulo `N`. Membership depends on
//! nothing but the source string, so the same inputs split the same way on
//! every machine and run, the N shards are disjoint, and their union is the
//! unsharded run's records. Files with many records split too.
//!
//! Duplicates are looked for within one shard only: two copies of a
//! statement that land in different shards are both exported, and merging
//! the shards' datasets is where they meet.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// One part of a job split N ways; the whole job when N is 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    index: u64,
    count: u64,
}

impl Shard {
    /// The whole job: every record.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Shard `index` (1-based) of `count`.
    pub fn new(index: u64, count: u64) -> Result<Shard, String> {
        if count == 0 {
            return Err("a job cannot be split into 0 shards; use N ≥ 1".to_string());
        }
        if index == 0 || index > count {
            return Err(format!(
                "shard {index} of {count} does not exist; shards are numbered 1 to {count}"
            ));
        }
        Ok(Shard { index, count })
    }

    pub fn is_all(&self) -> bool {
        self.count == 1
    }

    /// Whether the record read from `source` belongs to this shard.
    pub fn holds(&self, source: &str) -> bool {
        if self.is_all() {
            return true;
        }
        let digest = Sha256::digest(source.as_bytes());
        let mut head = [0u8; 8];
        head.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(head) % self.count == self.index - 1
    }
}

impl Default for Shard {
    fn default() -> Shard {
        Shard::ALL
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `I/N`, as in `--shard 2/8`.
    fn from_str(text: &str) -> Result<Shard, String> {
        let usage = || format!("{text:?} is not a shard; write I/N, e.g. 2/8 (1-based)");
        let (index, count) = text.split_once('/').ok_or_else(usage)?;
        let index = index.trim().parse().map_err(|_| usage())?;
        let count = count.trim().parse().map_err(|_| usage())?;
        Shard::new(index, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_parsed_and_checked() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        assert_eq!(" 1 / 1 ".parse::<Shard>(), Ok(Shard::ALL));
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", "-1/4", "1/4/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad} was accepted");
        }
        assert_eq!(
            Shard::new(3, 7).map(|s| s.to_string()),
            Ok("3/7".to_string())
        );
    }

    #[test]
    fn every_source_is_in_exactly_one_shard() {
        let sources: Vec<String> = (0..500).map(|n| format!("feed.jsonl#{n}")).collect();
        for count in [2, 3, 7] {
            let shards: Vec<Shard> = (1..=count).map(|i| Shard::new(i, count).unwrap()).collect();
            let mut sizes = vec![0usize; shards.len()];
            for source in &sources {
                let owners: Vec<usize> = (0..shards.len())
                    .filter(|&i| shards[i].holds(source))
                    .collect();
                assert_eq!(owners.len(), 1, "{source} in shards {owners:?} of {count}");
                sizes[owners[0]] += 1;
            }
            let fair = sources.len() / count as usize;
            assert!(
                sizes.iter().all(|&size| size > fair / 2),
                "uneven split {sizes:?}"
            );
        }
    }

    #[test]
    fn membership_is_fixed_by_the_source_alone() {
        // SHA-256("a.txt") begins 18b7cb099a9ea3f5: a change of the rule
        // would move records between the shards of existing jobs.
        let owner = |count| (1..=count).find(|&i| Shard::new(i, count).unwrap().holds("a.txt"));
        assert_eq!(owner(3), Some(3));
        assert_eq!(owner(7), Some(3));
        assert!(Shard::ALL.holds("anything"));
    }
}
