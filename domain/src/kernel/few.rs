//! State that holds a few entries (a conference's seat types), kept in a flat sorted list that
//! grows one entry at a time while it is short: one or two entries then cost their own size, not
//! a vector's first four slots or a B-tree node sized for eleven. For the few only: an insertion
//! moves every entry after it.

use litemap::LiteMap;

/// Lists longer than this grow as vectors do (doubling), so that a list that turns out long is
/// not copied at every insertion.
const TIGHT_UP_TO: usize = 8;

/// Room for one more item: exactly one while the list is short.
fn make_room<T>(items: &mut Vec<T>) {
    if items.len() < TIGHT_UP_TO {
        items.reserve_exact(1);
    } else {
        items.reserve(1);
    }
}

/// Inserts into `map`, making room for exactly the new entry while the map is short; a key
/// already there only has its value replaced (the old one is returned).
pub fn insert_tight<K: Ord, V>(map: &mut LiteMap<K, V>, key: K, value: V) -> Option<V> {
    let at = match map.find_index(&key) {
        Ok(_) => return map.insert(key, value),
        Err(at) => at,
    };
    let mut entries = std::mem::take(map).into_tuple_vec();
    make_room(&mut entries);
    entries.insert(at, (key, value));
    *map = LiteMap::from_sorted_store_unchecked(entries);
    None
}

/// Adds `item` to a sorted list that holds each item once, making room for exactly it while the
/// list is short; whether it was new.
pub fn add_tight<T: Ord>(set: &mut Vec<T>, item: T) -> bool {
    match set.binary_search(&item) {
        Ok(_) => false,
        Err(at) => {
            make_room(set);
            set.insert(at, item);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tight_map_keeps_its_keys_sorted_once_with_no_spare_room() {
        let mut map = LiteMap::new();
        for (k, v) in [("b", 1), ("a", 2), ("c", 3)] {
            assert_eq!(insert_tight(&mut map, k, v), None);
        }
        assert_eq!(insert_tight(&mut map, "a", 4), Some(2));
        let entries = map.into_tuple_vec();
        assert_eq!(entries, vec![("a", 4), ("b", 1), ("c", 3)]);
        assert_eq!(entries.capacity(), 3);
    }

    #[test]
    fn a_long_map_grows_as_a_vector_does() {
        let mut map = LiteMap::new();
        for k in 0..100 {
            insert_tight(&mut map, k, ());
        }
        let entries = map.into_tuple_vec();
        assert!(entries.iter().map(|(k, _)| *k).eq(0..100));
        // Grown by doubling past the short lists' limit, not one slot at a time.
        assert!(entries.capacity() >= 128, "{}", entries.capacity());
    }

    #[test]
    fn a_tight_set_keeps_each_item_once_in_order_with_no_spare_room() {
        let mut set = Vec::new();
        assert!(add_tight(&mut set, "workshop"));
        assert!(add_tight(&mut set, "full"));
        assert!(!add_tight(&mut set, "workshop"));
        assert_eq!(set, vec!["full", "workshop"]);
        assert_eq!(set.capacity(), 2);
    }
}
