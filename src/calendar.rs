//! Business days: the workweek and the holidays, and date arithmetic over them.
//!
//! Every question costs O(log holidays) (SPEC §4): the holidays that fall on workweek days are
//! kept sorted and counted by binary search, whole weeks are counted by multiplication, and
//! "the n-th business day after" is a binary search over that count — nothing steps day by day,
//! whatever the policy or the number of holidays.

use crate::model::WeekdaySet;
use crate::policy::{Duration, Unit};
use chrono::{Datelike, Days, NaiveDate};

/// Which days are business days.
#[derive(Clone, Debug)]
pub struct Calendar {
    workweek: WeekdaySet,
    /// The holidays that fall on workweek days (the others change nothing), sorted, unique.
    holidays: Vec<NaiveDate>,
}

impl Default for Calendar {
    fn default() -> Calendar {
        Calendar::new(WeekdaySet::MON_FRI, [])
    }
}

impl Calendar {
    pub fn new(workweek: WeekdaySet, holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        let mut holidays: Vec<NaiveDate> = holidays
            .into_iter()
            .filter(|d| workweek.contains(d.weekday()))
            .collect();
        holidays.sort_unstable();
        holidays.dedup();
        Calendar { workweek, holidays }
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.workweek.contains(date.weekday()) && self.holidays.binary_search(&date).is_err()
    }

    /// Workweek days in `(from, from + days]`, holidays not subtracted.
    fn workdays_after(&self, from: NaiveDate, days: i64) -> i64 {
        let per_week = i64::from((self.workweek.0 & 0x7f).count_ones());
        let mut count = days / 7 * per_week;
        let mut day = from.weekday();
        for _ in 0..days % 7 {
            day = day.succ();
            if self.workweek.contains(day) {
                count += 1;
            }
        }
        count
    }

    /// The least `x` with `n` workweek days in `(from, from + x]` (holidays not subtracted):
    /// whole weeks, then at most a week of weekdays. `n >= 1` and the workweek not empty.
    fn nth_workday(&self, from: NaiveDate, n: i64) -> i64 {
        let per_week = i64::from((self.workweek.0 & 0x7f).count_ones());
        let weeks = (n - 1) / per_week;
        let mut left = n - weeks * per_week;
        let mut x = weeks * 7;
        let mut day = from.weekday();
        while left > 0 {
            day = day.succ();
            x += 1;
            if self.workweek.contains(day) {
                left -= 1;
            }
        }
        x
    }

    /// Business days in `(from, to]` for `from <= to`.
    fn count(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let workdays = self.workdays_after(from, (to - from).num_days());
        let lo = self.holidays.partition_point(|h| *h <= from);
        let hi = self.holidays.partition_point(|h| *h <= to);
        workdays - (hi - lo) as i64
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
        let n = i64::from(n);
        // Without holidays in the way, the n-th workday after `date` is the answer.
        let fast = (self.workweek.0 & 0x7f != 0)
            .then(|| date.checked_add_days(Days::new(self.nth_workday(date, n) as u64)));
        if let Some(Some(day)) = fast {
            let lo = self.holidays.partition_point(|h| *h <= date);
            if self.holidays.get(lo).is_none_or(|h| *h > day) {
                return Some(day);
            }
        }
        // Every week holds a workday, so n business days plus every holiday after `date` are
        // reached within this many days.
        let holidays_after =
            (self.holidays.len() - self.holidays.partition_point(|h| *h <= date)) as i64;
        let max_days = (NaiveDate::MAX - date).num_days();
        let mut hi = ((n + holidays_after) * 7 + 7).min(max_days);
        if self.count(date, date + chrono::Duration::days(hi)) < n {
            return None;
        }
        // The least `x` with count(date, date + x) >= n.
        let mut lo = 0;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.count(date, date + chrono::Duration::days(mid)) >= n {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        date.checked_add_days(Days::new(lo as u64))
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
        if to >= from {
            self.count(from, to)
        } else {
            -self.count(to, from)
        }
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

    /// The reference: step one day at a time.
    fn naive_add(cal: &Calendar, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n == 0 {
            return Some(date);
        }
        let mut day = date;
        let mut left = n;
        for _ in 0..(n as usize + cal.holidays.len() + 1) * 7 {
            day = day.succ_opt()?;
            if cal.is_business_day(day) {
                left -= 1;
                if left == 0 {
                    return Some(day);
                }
            }
        }
        None
    }

    fn naive_between(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        sign * a
            .iter_days()
            .skip(1)
            .take((b - a).num_days() as usize)
            .filter(|d| cal.is_business_day(*d))
            .count() as i64
    }

    #[test]
    fn twenty_thousand_holidays_and_questions_finish() {
        let start = d("2000-01-03");
        let holidays: Vec<NaiveDate> = (0..20_000)
            .map(|i| start + chrono::Duration::days(i * 2))
            .collect();
        let cal = Calendar::new(WeekdaySet::MON_FRI, holidays);
        let mut last = start;
        for i in 0..20_000 {
            let day = start + chrono::Duration::days(i * 2);
            last = cal.add_business_days(day, 5).unwrap().max(last);
            assert!(cal.business_days_between(start, day) >= 0);
        }
        assert!(cal.is_business_day(last));
    }

    #[test]
    fn edges_of_the_date_range_give_none() {
        let cal = Calendar::default();
        assert_eq!(cal.add_business_days(NaiveDate::MAX, 1), None);
        assert!(cal.add_business_days(NaiveDate::MIN, 3).is_some());
    }

    proptest! {
        #[test]
        fn fast_path_equals_the_naive_stepper(
            days in 0i64..20_000,
            n in 0u32..60,
            mask in 0u8..128,
            hol in proptest::collection::vec(-20i64..200, 0..40),
            other in -400i64..400,
        ) {
            let start = d("2000-01-01") + chrono::Duration::days(days);
            let holidays = hol.iter().map(|h| start + chrono::Duration::days(*h));
            let cal = Calendar::new(WeekdaySet(mask), holidays);
            prop_assert_eq!(cal.add_business_days(start, n), naive_add(&cal, start, n));
            let to = start + chrono::Duration::days(other);
            prop_assert_eq!(cal.business_days_between(start, to), naive_between(&cal, start, to));
        }

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
