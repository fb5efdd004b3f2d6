//! The window's zoom: the steps View → Zoom in and Zoom out go through, as browsers take them,
//! from half size to three times, and the choice kept in the settings.

/// The zoom levels, in percent.
pub const STEPS: [u16; 12] = [50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300];

/// Actual size.
pub const ACTUAL: u16 = 100;

/// The next step up from `percent` (the largest stays).
pub fn zoomed_in(percent: u16) -> u16 {
    STEPS
        .iter()
        .copied()
        .find(|&step| step > percent)
        .unwrap_or(STEPS[STEPS.len() - 1])
}

/// The next step down from `percent` (the smallest stays).
pub fn zoomed_out(percent: u16) -> u16 {
    STEPS
        .iter()
        .rev()
        .copied()
        .find(|&step| step < percent)
        .unwrap_or(STEPS[0])
}

/// `percent` within the steps' range: a hand-edited settings file cannot make the window
/// unreadable.
pub fn bounded(percent: u16) -> u16 {
    percent.clamp(STEPS[0], STEPS[STEPS.len() - 1])
}

/// The factor the webview takes.
pub fn factor(percent: u16) -> f64 {
    f64::from(bounded(percent)) / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_goes_step_by_step_and_stops_at_the_ends() {
        assert_eq!(zoomed_in(100), 110);
        assert_eq!(zoomed_in(175), 200);
        assert_eq!(zoomed_in(300), 300);
        assert_eq!(zoomed_out(100), 90);
        assert_eq!(zoomed_out(50), 50);
        // A level between steps goes to the nearest step in that direction.
        assert_eq!(zoomed_in(105), 110);
        assert_eq!(zoomed_out(105), 100);
    }

    #[test]
    fn a_level_out_of_range_is_brought_back() {
        assert_eq!(bounded(10), 50);
        assert_eq!(bounded(1000), 300);
        assert!((factor(200) - 2.0).abs() < f64::EPSILON);
    }
}
