use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// The emulator's notion of "now": the system time plus an offset that tests move forward
/// through the control API (to expire tokens or pass deadlines without sleeping).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset: Arc<Mutex<Duration>>,
}

impl Clock {
    pub fn now(&self) -> SystemTime {
        SystemTime::now() + *self.offset.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves the clock forward. Time never goes back, as on a real server.
    pub fn advance(&self, by: Duration) {
        *self.offset.lock().unwrap_or_else(PoisonError::into_inner) += by;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_now_forward_by_the_given_amount() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(Duration::from_secs(3600));
        let moved = clock.now().duration_since(before).unwrap();
        assert!(moved >= Duration::from_secs(3600), "moved only {moved:?}");
        assert!(
            moved < Duration::from_secs(3660),
            "moved too far: {moved:?}"
        );
    }
}
