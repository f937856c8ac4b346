//! Originals beyond the thesaurus: the words nearest a spun word in vector space (GloVe,
//! `tables/vectors.tsv`). A thesaurus spinner's choice is often a word used in the same
//! contexts as the original without being listed as its synonym anywhere ("lattice" for
//! "grid"); the nearest words are candidates, and the language model, reading the context,
//! chooses among them.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::LazyLock;

use crate::lang::lexicon::{parse_vector, DIMENSIONS, VECTORS};
use crate::lang::trigram::TrigramModel;
use crate::text::hash::{word_hash, HashedMap};

/// The words with vectors that the language model knows, and their vectors.
struct Space {
    words: Vec<Box<str>>,
    vectors: Vec<[i8; DIMENSIONS]>,
    index: HashedMap<u32>,
}

static SPACE: LazyLock<Space> = LazyLock::new(|| {
    let lm = TrigramModel::get();
    let mut space = Space { words: Vec::new(), vectors: Vec::new(), index: HashedMap::default() };
    for line in VECTORS.lines().filter(|l| !l.starts_with('#')) {
        let Some((w, hex)) = line.split_once('\t') else { continue };
        let Some(v) = parse_vector(hex.trim()) else { continue };
        if !w.bytes().all(|b| b.is_ascii_lowercase()) || lm.word(word_hash(w.as_bytes())).is_none() {
            continue;
        }
        space.index.insert(word_hash(w.as_bytes()), space.words.len() as u32);
        space.words.push(Box::from(w));
        space.vectors.push(v);
    }
    space
});

/// A word's neighbours and their cosines, best first.
type Neighbours = Rc<Vec<(Box<str>, f32)>>;

thread_local! {
    /// Neighbours a thread has looked up, by word hash (bounded).
    static CACHE: RefCell<HashedMap<Neighbours>> = RefCell::new(HashedMap::default());
}

/// Words kept in a thread's cache before it is cleared.
const CACHE_WORDS: usize = 50_000;

/// The `k` words nearest `word` (by its hash) with a cosine of at least `min`, nearest first;
/// empty for a word without a vector.
pub fn neighbours(hash: u64, k: usize, min: f32) -> Neighbours {
    CACHE.with(|c| {
        if let Some(v) = c.borrow().get(&hash) {
            return Rc::clone(v);
        }
        let found = Rc::new(search(hash, k, min));
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_WORDS {
            c.clear();
        }
        c.insert(hash, Rc::clone(&found));
        found
    })
}

fn search(hash: u64, k: usize, min: f32) -> Vec<(Box<str>, f32)> {
    let space = &*SPACE;
    let Some(&at) = space.index.get(&hash) else { return Vec::new() };
    let q = &space.vectors[at as usize];
    let floor = (min * 127.0 * 127.0) as i32;
    let mut best: Vec<(i32, u32)> = Vec::with_capacity(k + 1);
    for (i, v) in space.vectors.iter().enumerate() {
        let dot: i32 = q.iter().zip(v).map(|(&a, &b)| i32::from(a) * i32::from(b)).sum();
        if dot < floor || i as u32 == at || (best.len() == k && dot <= best[k - 1].0) {
            continue;
        }
        let pos = best.partition_point(|x| x.0 >= dot);
        best.insert(pos, (dot, i as u32));
        best.truncate(k);
    }
    best.into_iter().map(|(d, i)| (space.words[i as usize].clone(), d as f32 / (127.0 * 127.0))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_words_are_used_alike() {
        let near = neighbours(word_hash(b"lattice"), 20, 0.5);
        assert!(!near.is_empty());
        assert!(near.windows(2).all(|w| w[0].1 >= w[1].1));
        assert!(near.iter().all(|(w, _)| &**w != "lattice"));
        assert!(neighbours(word_hash(b"qzxv"), 10, 0.5).is_empty());
    }
}
