//! A map from non-zero 64-bit keys to small numbers, by open addressing:
//! the detector's lookups (a text's characters and trigrams, the profiles'
//! trigrams) without a hasher or an allocation per entry.
//!
//! The keys are characters and trigrams packed into numbers, none of them
//! zero, so zero marks an empty slot. A key is placed by the top bits of its
//! product with a large odd number (Fibonacci hashing), and a taken slot
//! passes it on to the next. The table is at most half full, so a search
//! ends after a slot or two.

/// A key's slot: the key and its value; key zero is an empty slot.
type Slot = (u64, u32);

/// The map.
#[derive(Debug, Clone)]
pub struct KeyTable {
    slots: Vec<Slot>,
    /// How many slots are taken.
    len: usize,
    /// 64 less the bits of a slot's place.
    shift: u32,
}

/// 2⁶⁴ divided by the golden ratio, odd: consecutive keys land far apart.
const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

impl KeyTable {
    /// A table that takes `keys` keys before it grows.
    pub fn with_capacity(keys: usize) -> KeyTable {
        let slots = (2 * keys).next_power_of_two().max(16);
        KeyTable {
            slots: vec![(0, 0); slots],
            len: 0,
            shift: u64::BITS - slots.trailing_zeros(),
        }
    }

    /// The value of `key`, if it is in the table.
    #[inline]
    pub fn get(&self, key: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut place = self.home(key);
        loop {
            let (taken, value) = self.slots[place];
            if taken == 0 {
                return None;
            }
            if taken == key {
                return Some(value);
            }
            place = (place + 1) & mask;
        }
    }

    /// The value of `key`; a key not in the table yet is put in with
    /// `value`, which is then returned. `key` is not zero.
    pub fn get_or_insert(&mut self, key: u64, value: u32) -> u32 {
        debug_assert_ne!(key, 0, "zero marks an empty slot");
        let mask = self.slots.len() - 1;
        let mut place = self.home(key);
        loop {
            let (taken, found) = self.slots[place];
            if taken == key {
                return found;
            }
            if taken == 0 {
                break;
            }
            place = (place + 1) & mask;
        }
        self.slots[place] = (key, value);
        self.len += 1;
        if 2 * self.len > self.slots.len() {
            self.grow();
        }
        value
    }

    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(MULTIPLIER) >> self.shift) as usize
    }

    /// Twice the slots, the keys placed again.
    fn grow(&mut self) {
        let mut grown = KeyTable::with_capacity(self.slots.len());
        for &(key, value) in self.slots.iter().filter(|(key, _)| *key != 0) {
            grown.get_or_insert(key, value);
        }
        *self = grown;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    proptest! {
        #[test]
        fn maps_keys_as_a_hash_map_does(
            keys in prop::collection::vec(prop_oneof![1u64..64, 1u64..u64::MAX], 0..500),
            capacity in 0usize..40,
        ) {
            let mut table = KeyTable::with_capacity(capacity);
            let mut expected: HashMap<u64, u32> = HashMap::new();
            for (value, &key) in (0u32..).zip(&keys) {
                let first = *expected.entry(key).or_insert(value);
                prop_assert_eq!(table.get_or_insert(key, value), first);
            }
            for key in 0..70 {
                prop_assert_eq!(table.get(key), expected.get(&key).copied());
            }
            for &key in &keys {
                prop_assert_eq!(table.get(key), expected.get(&key).copied());
            }
        }
    }
}
