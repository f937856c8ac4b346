//! Running a stream of documents in parallel, with results in input order and bounded memory.
//!
//! A reader thread pulls items from the source and packs them into batches of about
//! [`BATCH_BYTES`]; the batches go through a channel that holds at most two, so reading stays
//! only a little ahead of scanning. Each batch is scanned in parallel on the rayon pool, and its
//! results are handed to the sink in order while the reader fills the next batch. Memory is a
//! few batches, whatever the size of the corpus.
//!
//! ```
//! use despin::run::{ordered_parallel, Flow};
//!
//! let mut out = Vec::new();
//! ordered_parallel(1..=1000u64, |_| 8, |n| n * n, |sq| { out.push(sq); Ok(Flow::Continue) }).unwrap();
//! assert_eq!(out.len(), 1000);
//! assert_eq!(out[9], 100);
//! ```

use std::io;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

/// Target size of a batch, in bytes of input.
pub const BATCH_BYTES: usize = 4 << 20;

/// Most items in a batch.
pub const BATCH_ITEMS: usize = 2048;

/// What the sink wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Stop reading (the consumer of the output went away, say).
    Stop,
}

/// Runs `work` over every item of `source` on the current rayon pool and gives the results to
/// `sink` in the order of the source. `size` tells how many bytes an item holds, to size the
/// batches. Returns the first error of the sink; the source is not read further after it, nor
/// after [`Flow::Stop`].
pub fn ordered_parallel<I, T, R>(
    source: I,
    size: impl Fn(&T) -> usize + Send,
    work: impl Fn(T) -> R + Sync + Send,
    mut sink: impl FnMut(R) -> io::Result<Flow>,
) -> io::Result<()>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
{
    let (tx, rx) = sync_channel::<Vec<T>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for item in source {
                bytes += size(&item);
                batch.push(item);
                if bytes >= BATCH_BYTES || batch.len() >= BATCH_ITEMS {
                    if tx.send(std::mem::take(&mut batch)).is_err() {
                        return; // the consumer stopped
                    }
                    bytes = 0;
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        });
        // Owned here, so that returning early drops it and ends the reader at its next send.
        let rx = rx;
        for batch in rx.iter() {
            let results: Vec<R> = batch.into_par_iter().map(&work).collect();
            for r in results {
                if sink(r)? == Flow::Stop {
                    return Ok(());
                }
            }
        }
        Ok(())
    })
}
