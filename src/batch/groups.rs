//! Records that can affect each other's dataset findings: those that share a group key,
//! directly or through others (a union-find over the keys).

use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// The connected groups of `items` by shared keys, as indices: members ascending, groups
/// in the order of their first member. An item that shares no key with another is in no
/// group.
pub fn connected<T>(items: &[T], keys: impl Fn(&T) -> &[u64]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..items.len()).collect();
    let mut shared = vec![false; items.len()];
    let mut first_of: HashMap<u64, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        for &k in keys(item) {
            match first_of.entry(k) {
                Entry::Vacant(v) => {
                    v.insert(i);
                }
                Entry::Occupied(o) => {
                    let j = *o.get();
                    if j == i {
                        continue;
                    }
                    shared[i] = true;
                    shared[j] = true;
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    // The smaller index becomes the root, so a group's root is its first member.
                    if let Some(p) = parent.get_mut(a.max(b)) {
                        *p = a.min(b);
                    }
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    for i in (0..items.len()).filter(|&i| shared.get(i) == Some(&true)) {
        let r = root(&mut parent, i);
        let g = *group_of_root.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        if let Some(members) = groups.get_mut(g) {
            members.push(i);
        }
    }
    groups
}

/// The root of `i`, halving the path on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    loop {
        let Some(&p) = parent.get(i) else {
            return i;
        };
        if p == i {
            return i;
        }
        let up = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = up;
        }
        i = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(keys: &[&[u64]]) -> Vec<Vec<usize>> {
        connected(keys, |k| k)
    }

    #[test]
    fn items_sharing_a_key_directly_or_through_others_are_one_group() {
        // 0–2 share key 1, 2–4 share key 7: one group through 2; 3 and 5 share 9.
        let keys: &[&[u64]] = &[&[1], &[2], &[1, 7], &[9], &[7], &[9, 3], &[4]];
        assert_eq!(groups(keys), vec![vec![0, 2, 4], vec![3, 5]]);
    }

    #[test]
    fn a_chain_joined_late_keeps_its_first_member_as_root() {
        // 3 joins {1, 3} with {0, 2} only at the last item.
        let keys: &[&[u64]] = &[&[5], &[6], &[5], &[6], &[6, 5]];
        assert_eq!(groups(keys), vec![vec![0, 1, 2, 3, 4]]);
    }

    #[test]
    fn nothing_shared_gives_no_group() {
        let keys: &[&[u64]] = &[&[1], &[2], &[], &[3, 3]];
        assert!(groups(keys).is_empty());
    }
}
