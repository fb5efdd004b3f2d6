use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The emulator's notion of "now": the system time plus an offset that tests move forward
/// through the control API (to expire tokens or pass deadlines without sleeping).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset: Arc<Mutex<Duration>>,
}

impl Clock {
    pub fn now(&self) -> SystemTime {
        let offset = *self.offset.lock().unwrap_or_else(PoisonError::into_inner);
        SystemTime::now()
            .checked_add(offset)
            .unwrap_or_else(SystemTime::now)
    }

    /// Whole seconds since the Unix epoch: Dropbox's timestamps have no fractions.
    pub fn now_unix(&self) -> i64 {
        self.now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    }

    /// Moves the clock forward (by at most a hundred years in all). Time never goes back, as
    /// on a real server.
    pub fn advance(&self, by: Duration) {
        const LIMIT: Duration = Duration::from_secs(100 * 365 * 86_400);
        let mut offset = self.offset.lock().unwrap_or_else(PoisonError::into_inner);
        *offset = offset.saturating_add(by).min(LIMIT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_now_forward_by_the_given_amount() {
        let clock = Clock::default();
        let before = clock.now_unix();
        clock.advance(Duration::from_secs(3600));
        let moved = clock.now_unix() - before;
        assert!((3600..3660).contains(&moved), "moved {moved} s");
    }
}
