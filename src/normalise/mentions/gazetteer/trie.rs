//! The matching keys of a gazetteer in a trie: the keys that start at a
//! given byte of a text.
//!
//! The gazetteer only looks for keys that start where a name may start
//! (see [`super::search`]), never for every key ending anywhere, so it
//! needs none of an Aho-Corasick automaton's failure transitions nor its
//! lists of the keys that are suffixes of others, which take most of the
//! time of building one for tens of thousands of keys. A trie is built in a
//! single pass over the keys, and deduplicates them as they come.
//!
//! Nodes are numbered breadth first, so the children of a node are
//! consecutive nodes and a node needs only where its children begin; their
//! bytes are sorted, for the nodes with many children.

/// No node: a child of the root in [`Trie::root`] (no edge leads to the
/// root), and no key of a node in [`Node::key`].
const NONE: u32 = u32::MAX;

/// Keys as they are added, each node's children in a linked list.
#[derive(Debug, Clone)]
pub(super) struct TrieBuilder {
    nodes: Vec<BuilderNode>,
    /// The children of the root by byte: most keys start with one of a
    /// few dozen bytes, which a list would make slow to find.
    root: [u32; 256],
    keys: u32,
}

#[derive(Debug, Clone, Copy)]
struct BuilderNode {
    byte: u8,
    first_child: u32,
    next_sibling: u32,
    key: u32,
}

impl Default for TrieBuilder {
    fn default() -> TrieBuilder {
        TrieBuilder {
            nodes: vec![BuilderNode {
                byte: 0,
                first_child: NONE,
                next_sibling: NONE,
                key: NONE,
            }],
            root: [NONE; 256],
            keys: 0,
        }
    }
}

impl TrieBuilder {
    /// The index of `key`: the number of keys added before it, or the index
    /// it was given when it was first added. Also whether it is new.
    pub fn add(&mut self, key: &[u8]) -> (usize, bool) {
        let mut node = 0;
        for &byte in key {
            node = self.child(node, byte);
        }
        let Some(end) = self.nodes.get_mut(node as usize) else {
            return (0, false);
        };
        if end.key != NONE {
            return (end.key as usize, false);
        }
        end.key = self.keys;
        self.keys += 1;
        (end.key as usize, true)
    }

    /// The child of `node` by `byte`, added if missing.
    fn child(&mut self, node: u32, byte: u8) -> u32 {
        let found = if node == 0 {
            self.root[usize::from(byte)]
        } else {
            self.find_child(node, byte)
        };
        if found != NONE {
            return found;
        }
        let added = u32::try_from(self.nodes.len()).unwrap_or(NONE);
        let first = if node == 0 {
            self.root[usize::from(byte)] = added;
            NONE
        } else {
            self.nodes.get_mut(node as usize).map_or(NONE, |parent| {
                std::mem::replace(&mut parent.first_child, added)
            })
        };
        self.nodes.push(BuilderNode {
            byte,
            first_child: NONE,
            next_sibling: first,
            key: NONE,
        });
        added
    }

    fn find_child(&self, node: u32, byte: u8) -> u32 {
        let mut child = self
            .nodes
            .get(node as usize)
            .map_or(NONE, |n| n.first_child);
        while let Some(candidate) = self.nodes.get(child as usize) {
            if candidate.byte == byte {
                return child;
            }
            child = candidate.next_sibling;
        }
        NONE
    }

    /// Appends the children of `parent` to `order`, sorted by byte. Most
    /// nodes have one child or none: they are pushed where they go, with
    /// no list of their own to sort and copy.
    fn push_children(&self, parent: &BuilderNode, order: &mut Vec<u32>) {
        let first = order.len();
        let mut child = parent.first_child;
        while let Some(node) = self.nodes.get(child as usize) {
            order.push(child);
            child = node.next_sibling;
        }
        if let Some(children @ [_, _, ..]) = order.get_mut(first..) {
            // Siblings have different bytes: the order is the same however
            // the sort breaks ties.
            children.sort_unstable_by_key(|&child| self.nodes.get(child as usize).map(|n| n.byte));
        }
    }

    /// The trie for searching, its nodes numbered breadth first.
    pub fn build(&self) -> Trie {
        let mut order: Vec<u32> = Vec::with_capacity(self.nodes.len());
        let mut nodes: Vec<Node> = Vec::with_capacity(self.nodes.len() + 1);
        let mut bytes: Vec<u8> = Vec::with_capacity(self.nodes.len());
        let mut root = [NONE; 256];
        for (byte, &child) in self.root.iter().enumerate() {
            if child != NONE {
                root[byte] = u32::try_from(order.len() + 1).unwrap_or(NONE);
                order.push(child);
            }
        }
        nodes.push(Node {
            first_child: 1,
            key: NONE,
        });
        bytes.push(0);
        let mut next = 0;
        while let Some(&old) = order.get(next) {
            next += 1;
            let Some(at) = self.nodes.get(old as usize) else {
                continue;
            };
            nodes.push(Node {
                first_child: u32::try_from(order.len() + 1).unwrap_or(NONE),
                key: at.key,
            });
            bytes.push(at.byte);
            self.push_children(at, &mut order);
        }
        // The end of the last node's children.
        nodes.push(Node {
            first_child: u32::try_from(order.len() + 1).unwrap_or(NONE),
            key: NONE,
        });
        Trie { nodes, bytes, root }
    }
}

/// A trie of keys for anchored walks.
#[derive(Debug, Clone)]
pub(super) struct Trie {
    /// Per node, then one more to end the last node's children.
    nodes: Vec<Node>,
    /// Per node: the byte on the edge into it.
    bytes: Vec<u8>,
    /// The children of the root (node 0) by byte.
    root: [u32; 256],
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The first of the node's children; the next node's `first_child`
    /// ends them.
    first_child: u32,
    /// The index of the key that ends at this node, or [`NONE`].
    key: u32,
}

/// Above this many children, a node's child is found by binary search.
const LINEAR_CHILDREN: usize = 16;

impl Trie {
    /// Calls `found(end, key)` for every key that starts at byte `start` of
    /// `bytes`, in order of `end`.
    #[inline]
    pub fn walk(&self, bytes: &[u8], start: usize, mut found: impl FnMut(usize, usize)) {
        let rest = bytes.get(start..).unwrap_or_default();
        let Some((&first, rest)) = rest.split_first() else {
            return;
        };
        let mut node = self.root[usize::from(first)];
        let mut end = start + 1;
        let mut rest = rest.iter();
        loop {
            let Some(&Node { first_child, key }) = self.nodes.get(node as usize) else {
                return;
            };
            if key != NONE {
                found(end, key as usize);
            }
            let Some(&byte) = rest.next() else {
                return;
            };
            let last_child = self
                .nodes
                .get(node as usize + 1)
                .map_or(0, |n| n.first_child);
            let labels = (self.bytes)
                .get(first_child as usize..last_child as usize)
                .unwrap_or_default();
            let offset = if labels.len() > LINEAR_CHILDREN {
                labels.binary_search(&byte).ok()
            } else {
                labels.iter().position(|&label| label == byte)
            };
            let Some(offset) = offset else {
                return;
            };
            node = first_child + offset as u32;
            end += 1;
        }
    }

    /// Every key with its index, in order of index.
    #[cfg(test)]
    pub fn keys(&self) -> Vec<Vec<u8>> {
        let mut keys: Vec<(u32, Vec<u8>)> = Vec::new();
        let mut paths: Vec<Vec<u8>> = vec![Vec::new(); self.nodes.len()];
        for (byte, &child) in self.root.iter().enumerate() {
            if child != NONE {
                paths[child as usize] = vec![byte as u8];
            }
        }
        for node in 1..self.nodes.len() - 1 {
            let path = paths[node].clone();
            let Node { first_child, key } = self.nodes[node];
            if key != NONE {
                keys.push((key, path.clone()));
            }
            for child in first_child..self.nodes[node + 1].first_child {
                let mut longer = path.clone();
                longer.push(self.bytes[child as usize]);
                paths[child as usize] = longer;
            }
        }
        keys.sort();
        keys.into_iter().map(|(_, key)| key).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn trie(keys: &[Vec<u8>]) -> (Trie, Vec<usize>) {
        let mut builder = TrieBuilder::default();
        let indices = keys.iter().map(|key| builder.add(key).0).collect();
        (builder.build(), indices)
    }

    /// The keys that start at `start`, by comparing each key with the text
    /// there.
    fn starting_one_by_one(keys: &[Vec<u8>], text: &[u8], start: usize) -> Vec<(usize, usize)> {
        let rest = text.get(start..).unwrap_or_default();
        let mut found: Vec<(usize, usize)> = keys
            .iter()
            .enumerate()
            .filter(|(_, key)| !key.is_empty() && rest.starts_with(key))
            .map(|(index, key)| (start + key.len(), index))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn finds_the_keys_that_start_at_a_byte() {
        let keys: Vec<Vec<u8>> = ["united", "united states", "states", "ted", "united"]
            .iter()
            .map(|k| k.as_bytes().to_vec())
            .collect();
        let (trie, indices) = trie(&keys);
        assert_eq!(indices, [0, 1, 2, 3, 0]);
        let walk = |start| {
            let mut found = Vec::new();
            trie.walk(b"united states", start, |end, key| found.push((end, key)));
            found
        };
        assert_eq!(walk(0), [(6, 0), (13, 1)]);
        assert_eq!(walk(3), [(6, 3)]);
        assert_eq!(walk(7), [(13, 2)]);
        assert_eq!(walk(13), []);
        assert_eq!(walk(99), []);
        assert_eq!(trie.keys(), keys[..4]);
    }

    const ALPHABET: &[u8] = b"abcdefghijklmnopqrs \x00\xd8\xd9\xa7\xff";

    proptest! {
        /// Keys of a few bytes over a small alphabet, most starting with
        /// one of two bytes, so that they share prefixes and some nodes have
        /// more children than are searched one by one.
        #[test]
        fn walks_find_what_comparing_every_key_finds(
            keys in proptest::collection::vec(
                (
                    proptest::sample::select(b"a\xd8".to_vec()),
                    proptest::collection::vec(proptest::sample::select(ALPHABET.to_vec()), 0..4),
                )
                    .prop_map(|(first, rest)| [vec![first], rest].concat()),
                0..80,
            ),
            text in proptest::collection::vec(proptest::sample::select(ALPHABET.to_vec()), 0..30),
        ) {
            let mut unique: Vec<Vec<u8>> = Vec::new();
            for key in &keys {
                if !unique.contains(key) {
                    unique.push(key.clone());
                }
            }
            let (trie, indices) = trie(&keys);
            let expected: Vec<usize> = keys
                .iter()
                .map(|key| unique.iter().position(|u| u == key).unwrap_or(usize::MAX))
                .collect();
            prop_assert_eq!(indices, expected);
            prop_assert_eq!(trie.keys(), unique.clone());
            for start in 0..=text.len() {
                let mut found = Vec::new();
                trie.walk(&text, start, |end, key| found.push((end, key)));
                prop_assert_eq!(found, starting_one_by_one(&unique, &text, start));
            }
        }
    }
}
