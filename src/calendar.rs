//! Business days: the workweek and the holidays, and date arithmetic over them.

use crate::model::WeekdaySet;
use crate::policy::{Duration, Unit};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::HashSet;

/// Which days are business days.
#[derive(Clone, Debug)]
pub struct Calendar {
    workweek: WeekdaySet,
    holidays: HashSet<NaiveDate>,
}

impl Default for Calendar {
    fn default() -> Calendar {
        Calendar::new(WeekdaySet::MON_FRI, [])
    }
}

impl Calendar {
    pub fn new(workweek: WeekdaySet, holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar {
            workweek,
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.workweek.contains(date.weekday()) && !self.holidays.contains(&date)
    }

    /// The `n`-th business day strictly after `date` (`n = 0` gives `date` itself). `None` when
    /// the workweek is empty or the date would leave chrono's range.
    pub fn add_business_days(&self, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n == 0 {
            return Some(date);
        }
        if self.workweek.is_empty() {
            return None;
        }
        // Every week holds a workday, so n business days are reached within this many days.
        let bound = (n as usize + self.holidays.len() + 1) * 7;
        let mut day = date;
        let mut left = n;
        for _ in 0..bound {
            day = day.succ_opt()?;
            if self.is_business_day(day) {
                left -= 1;
                if left == 0 {
                    return Some(day);
                }
            }
        }
        None
    }

    /// `date` plus a duration: business days on this calendar, hours rounded up to whole days.
    pub fn add(&self, date: NaiveDate, d: Duration) -> Option<NaiveDate> {
        match d.unit {
            Unit::BusinessDays => self.add_business_days(date, d.count),
            Unit::Days => date.checked_add_days(Days::new(d.count.into())),
            Unit::Weeks => date.checked_add_days(Days::new(u64::from(d.count) * 7)),
            Unit::Hours => date.checked_add_days(Days::new(u64::from(d.count).div_ceil(24))),
        }
    }

    /// Business days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier.
    pub fn business_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let span = (b - a).num_days();
        if span > 40_000 {
            return sign * span;
        }
        let count = a
            .iter_days()
            .skip(1)
            .take(span as usize)
            .filter(|d| self.is_business_day(*d))
            .count() as i64;
        sign * count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn skips_weekends_and_holidays() {
        let cal = Calendar::new(WeekdaySet::MON_FRI, [d("2026-11-26")]);
        // Friday + 1bd = Monday
        assert_eq!(
            cal.add_business_days(d("2026-11-06"), 1),
            Some(d("2026-11-09"))
        );
        // Wednesday before Thanksgiving + 1bd = Friday
        assert_eq!(
            cal.add_business_days(d("2026-11-25"), 1),
            Some(d("2026-11-27"))
        );
        // Saturday + 1bd = Monday
        assert_eq!(
            cal.add_business_days(d("2026-11-07"), 1),
            Some(d("2026-11-09"))
        );
    }

    #[test]
    fn empty_workweek_never_loops() {
        let cal = Calendar::new(WeekdaySet(0), []);
        assert_eq!(cal.add_business_days(d("2026-11-06"), 3), None);
    }

    proptest! {
        #[test]
        fn business_day_arithmetic_laws(
            days in 0i64..20_000,
            n in 0u32..40,
            mask in 1u8..128,
            hol in proptest::collection::vec(0i64..60, 0..10),
        ) {
            let start = d("2000-01-01") + chrono::Duration::days(days);
            let holidays = hol.iter().map(|h| start + chrono::Duration::days(*h));
            let cal = Calendar::new(WeekdaySet(mask), holidays);
            let once = cal.add_business_days(start, n).unwrap();
            if n > 0 {
                prop_assert!(once > start);
                prop_assert!(cal.is_business_day(once));
                prop_assert_eq!(cal.business_days_between(start, once), n as i64);
            }
            let twice = cal.add_business_days(once, n).unwrap();
            prop_assert_eq!(Some(twice), cal.add_business_days(start, 2 * n));
        }
    }
}
