//! When to kill a child. Half the kills are drawn over the whole life of a typical unkilled
//! child, from its start; half over its charge alone, from the `ready` line it prints just
//! before calling `charge_off_session`. The first half is the plain "uniformly from zero to the
//! duration of an unkilled child"; the second keeps kills inside the charge for languages whose
//! start-up takes most of a child's life (Python, Node: tens of milliseconds of start-up for a
//! few of charging), which the first half alone would mostly spend before the first request.
//!
//! Both windows are medians over spared children (the first three, then one in five), measured
//! during the run. Medians, not means: a child held by a `delay` fault takes 400 ms more, and a
//! few of those would stretch a mean until most kills came after the typical child had ended.

use std::time::Duration;

/// The share of children that are never killed; their durations set the windows.
const SPARE: f64 = 0.2;
/// Children timed (spared) before the first kill.
const WARM_UP: usize = 3;

/// What to do with the next child.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Plan {
    /// Let it run: it is timed.
    Spare,
    /// Kill it this long after it started.
    FromStart(Duration),
    /// Kill it this long after its `ready` line (never, if it ends before printing one).
    FromReady(Duration),
}

/// Durations of spared children.
#[derive(Default)]
pub struct Window {
    /// Start to exit.
    runs: Vec<Duration>,
    /// `ready` to exit.
    charges: Vec<Duration>,
}

fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

impl Window {
    /// Times a spared child.
    pub fn record(&mut self, run: Duration, charge: Option<Duration>) {
        self.runs.push(run);
        self.charges.extend(charge);
    }

    /// Spared children so far.
    pub fn spared(&self) -> usize {
        self.runs.len()
    }

    /// The medians of a spared child's run and charge.
    pub fn medians(&self) -> (Duration, Duration) {
        (median(&self.runs), median(&self.charges))
    }

    /// The plan for the next child.
    pub fn draw(&self, rng: &mut fastrand::Rng) -> Plan {
        if self.runs.len() < WARM_UP || self.charges.is_empty() || rng.f64() < SPARE {
            return Plan::Spare;
        }
        let (run, charge) = self.medians();
        if rng.bool() {
            Plan::FromStart(run.mul_f64(rng.f64()))
        } else {
            Plan::FromReady(charge.mul_f64(rng.f64()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_spared_until_timed_then_killed_within_the_medians() {
        let mut window = Window::default();
        let mut rng = fastrand::Rng::with_seed(7);
        assert_eq!(window.draw(&mut rng), Plan::Spare);
        for ms in [10, 40, 20] {
            window.record(
                Duration::from_millis(ms),
                Some(Duration::from_millis(ms / 10)),
            );
        }
        assert_eq!(
            window.medians(),
            (Duration::from_millis(20), Duration::from_millis(2))
        );
        let plans: Vec<Plan> = (0..1000).map(|_| window.draw(&mut rng)).collect();
        let spared = plans.iter().filter(|p| **p == Plan::Spare).count();
        assert!((100..300).contains(&spared), "{spared} spared of 1000");
        for plan in plans {
            match plan {
                Plan::FromStart(d) => assert!(d <= Duration::from_millis(20)),
                Plan::FromReady(d) => assert!(d <= Duration::from_millis(2)),
                Plan::Spare => {}
            }
        }
    }
}
