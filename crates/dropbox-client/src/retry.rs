//! Retries as bounded policy: a 429 waits as long as Dropbox asks; a server error or a broken
//! connection backs off exponentially with jitter, but only for calls that are safe to replay.
//! Every wait is reported, so the UI can show "Retrying in 12 s".

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;

use crate::error::Error;

/// How a client retries. The defaults suit an interactive app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The first backoff after a server error; it doubles each time.
    pub base_delay: Duration,
    /// Backoff never waits longer than this.
    pub max_delay: Duration,
    /// A 429 asking for longer than this waits this long.
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_rate_limit_wait: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The backoff before attempt `attempt + 1`: exponential, with "equal jitter" (between
    /// half and all of it) so that many clients do not retry in step.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let full = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        let half = full / 2;
        half + full
            .saturating_sub(half)
            .mul_f64(rand::rng().random::<f64>())
    }
}

/// Why a call is waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitReason {
    /// Dropbox answered 429 and said how long to wait (or a default).
    RateLimited,
    /// Dropbox answered with a server error.
    ServerError,
    /// The connection failed or broke.
    Connection,
}

/// A wait before another attempt, as reported to the observer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    pub route: String,
    /// The attempt that failed (1 = the first).
    pub attempt: u32,
    pub delay: Duration,
    pub reason: WaitReason,
}

/// Told about every wait before it starts.
pub type WaitObserver = Arc<dyn Fn(&Wait) + Send + Sync>;

/// Whether a call may be sent again after a failure that may have reached Dropbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Replay {
    /// Reads and other calls whose repetition changes nothing.
    Safe,
    /// Creates and other writes: only a 429 (which Dropbox did not act on) is retried.
    RateLimitOnly,
}

/// Runs `attempt` until it succeeds, fails for good, or `policy` runs out, telling
/// `observer` of every wait before it starts.
pub(crate) async fn run<T, E, F, Fut>(
    policy: &RetryPolicy,
    observer: Option<&WaitObserver>,
    route: &str,
    replay: Replay,
    mut attempt: F,
) -> Result<T, Error<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
{
    let mut tries = 0;
    loop {
        tries += 1;
        let result = attempt().await;
        let Err(error) = &result else {
            return result;
        };
        if tries >= policy.max_attempts {
            return result;
        }
        let wait = match error {
            Error::RateLimited { retry_after } => Some((
                (*retry_after).min(policy.max_rate_limit_wait),
                WaitReason::RateLimited,
            )),
            Error::Server { .. } if replay == Replay::Safe => {
                Some((policy.backoff(tries), WaitReason::ServerError))
            }
            Error::Transport(_) if replay == Replay::Safe => {
                Some((policy.backoff(tries), WaitReason::Connection))
            }
            _ => None,
        };
        let Some((delay, reason)) = wait else {
            return result;
        };
        let wait = Wait {
            route: route.to_owned(),
            attempt: tries,
            delay,
            reason,
        };
        tracing::info!(
            route,
            attempt = tries,
            ?delay,
            ?reason,
            "waiting before retrying"
        );
        if let Some(observer) = observer {
            observer(&wait);
        }
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_and_stops_at_the_cap() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let first = policy.backoff(1);
            assert!((50..=100).contains(&first.as_millis()), "{first:?}");
            let second = policy.backoff(2);
            assert!((100..=200).contains(&second.as_millis()), "{second:?}");
            let capped = policy.backoff(10);
            assert!((175..=350).contains(&capped.as_millis()), "{capped:?}");
        }
    }
}
