//! The progress bar on stderr: bytes read, documents, throughput, and the time left when the
//! size of the input is known. Messages are printed above it, clear of the bar.

use despin_corpus::run::Monitor;

/// A progress bar that is also the run's [`Monitor`].
pub struct ProgressBar {
    bar: indicatif::ProgressBar,
}

impl ProgressBar {
    /// A bar for `total` bytes, or a spinner when the size is unknown.
    pub fn new(total: Option<u64>) -> ProgressBar {
        use indicatif::{ProgressDrawTarget, ProgressStyle};
        let bar = match total {
            Some(t) => indicatif::ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr_with_hz(4))
                .with_style(
                    ProgressStyle::with_template(
                        "{bar:30} {bytes}/{total_bytes} {msg} {binary_bytes_per_sec} ETA {eta}",
                    )
                    .expect("valid template"),
                ),
            None => indicatif::ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4)).with_style(
                ProgressStyle::with_template("{spinner} {bytes} {msg} {binary_bytes_per_sec} {elapsed}")
                    .expect("valid template"),
            ),
        };
        ProgressBar { bar }
    }
}

impl Monitor for ProgressBar {
    fn message(&self, line: &str) {
        self.bar.suspend(|| eprintln!("despin: {line}"));
    }

    fn progress(&self, bytes: u64, documents: u64) {
        self.bar.set_position(bytes);
        if documents % 64 == 1 {
            self.bar.set_message(format!("{documents} docs"));
        }
    }
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
