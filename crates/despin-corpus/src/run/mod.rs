//! Running a stream of documents in parallel, with results in input order and bounded memory.
//!
//! A reader thread pulls items from the source and packs them into batches of about
//! [`BATCH_BYTES`]; the batches go through a channel that holds at most two, so reading stays
//! only a little ahead of scanning. Each batch is scanned in parallel on the rayon pool, and its
//! results go, through a channel that holds one, to the sink, which takes them in order while
//! the pool scans the next batch and the reader fills the one after. Memory is a few batches,
//! whatever the size of the corpus.
//!
//! ```
//! use despin_corpus::run::{ordered_parallel, Flow};
//!
//! let mut out = Vec::new();
//! ordered_parallel(1..=1000u64, |_| 8, |n| n * n, |sq| { out.push(sq); Ok(Flow::Continue) }).unwrap();
//! assert_eq!(out.len(), 1000);
//! assert_eq!(out[9], 100);
//! ```

use std::io;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

mod driver;

pub use driver::{Driver, Monitor, Outcome, Scanned, Stderr, Tally, DUPLICATE_CHECK_LIMIT, WARNINGS_SHOWN};

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
    let (done_tx, done_rx) = sync_channel::<Vec<R>>(1);
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
        // The batches are scanned on their own thread, so that the sink of one batch runs
        // while the pool scans the next: the pool never waits for the output.
        let work = &work;
        scope.spawn(move || {
            for batch in rx.iter() {
                let results: Vec<R> = batch.into_par_iter().map(work).collect();
                if done_tx.send(results).is_err() {
                    return; // the sink stopped; dropping `rx` stops the reader
                }
            }
        });
        // Owned here, so that returning early drops it and ends the others at their next send.
        let done_rx = done_rx;
        for results in done_rx.iter() {
            for r in results {
                if sink(r)? == Flow::Stop {
                    return Ok(());
                }
            }
        }
        Ok(())
    })
}
