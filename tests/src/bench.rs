//! What the app benchmarks share.

use std::time::Duration;

/// Latency per call: `BENCH_LATENCY_MS`, else `default_ms`.
pub fn latency(default_ms: u64) -> Duration {
    let ms = std::env::var("BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_ms);
    Duration::from_millis(ms)
}

/// The middle value of a benchmark's runs (at least one).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
