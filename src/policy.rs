//! The follow-up policy: durations, windows and the `policy` settings of SPEC §1.3.

use std::fmt;

/// The unit of a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Hours,
    Days,
    BusinessDays,
    Weeks,
}

impl Unit {
    fn suffix(self) -> &'static str {
        match self {
            Unit::Hours => "h",
            Unit::Days => "d",
            Unit::BusinessDays => "bd",
            Unit::Weeks => "w",
        }
    }
    /// The largest count accepted: about ten years.
    fn max(self) -> u32 {
        match self {
            Unit::Hours => 87_600,
            Unit::Days => 3_650,
            Unit::BusinessDays => 2_600,
            Unit::Weeks => 520,
        }
    }
}

/// A duration such as `24h`, `5bd`, `7d` or `2w`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duration {
    pub count: u32,
    pub unit: Unit,
}

impl Duration {
    pub const fn new(count: u32, unit: Unit) -> Duration {
        Duration { count, unit }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, self.unit.suffix())
    }
}

/// A window `A..B` of one unit; a single duration is a window of one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: Duration,
    pub to: Duration,
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}..{}", self.from.count, self.to)
        }
    }
}

/// The policy names of SPEC §1.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name {
    ThankYouWithin,
    AssumedWait,
    FirstCheckInAfter,
    SecondCheckInAfter,
    ThirdCheckInAfter,
    MaxCheckIns,
    WithdrawAfter,
    MaxWords,
}

impl Name {
    pub const ALL: [Name; 8] = [
        Name::ThankYouWithin,
        Name::AssumedWait,
        Name::FirstCheckInAfter,
        Name::SecondCheckInAfter,
        Name::ThirdCheckInAfter,
        Name::MaxCheckIns,
        Name::WithdrawAfter,
        Name::MaxWords,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Name::ThankYouWithin => "thank-you-within",
            Name::AssumedWait => "assumed-wait",
            Name::FirstCheckInAfter => "first-check-in-after",
            Name::SecondCheckInAfter => "second-check-in-after",
            Name::ThirdCheckInAfter => "third-check-in-after",
            Name::MaxCheckIns => "max-check-ins",
            Name::WithdrawAfter => "withdraw-after",
            Name::MaxWords => "max-words",
        }
    }
    pub fn from_word(word: &str) -> Option<Name> {
        Name::ALL.into_iter().find(|n| n.as_str() == word)
    }
    fn shape(self) -> Shape {
        match self {
            Name::ThankYouWithin | Name::AssumedWait => Shape::Duration,
            Name::MaxCheckIns | Name::MaxWords => Shape::Count,
            _ => Shape::Window,
        }
    }
    /// The accepted forms, for help text.
    pub fn forms(self) -> &'static str {
        match self.shape() {
            Shape::Duration => "a duration: a whole number with `h` (hours), `d` (days), `bd` (business days) or `w` (weeks), e.g. `24h`, `5bd`",
            Shape::Window => "a duration like `7d`, or a range of one unit like `2..3bd` or `6..8d` (units h, d, bd, w)",
            Shape::Count => "a whole number, e.g. `3`",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Duration,
    Window,
    Count,
}

/// A parsed `policy NAME VALUE` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    ThankYouWithin(Duration),
    AssumedWait(Duration),
    FirstCheckInAfter(Window),
    SecondCheckInAfter(Window),
    ThirdCheckInAfter(Window),
    MaxCheckIns(u32),
    WithdrawAfter(Window),
    MaxWords(u32),
}

/// The effective policy: defaults overridden by the journal's `policy` lines (last one wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub thank_you_within: Duration,
    pub assumed_wait: Duration,
    pub first_check_in_after: Window,
    pub second_check_in_after: Window,
    pub third_check_in_after: Window,
    pub max_check_ins: u32,
    pub withdraw_after: Window,
    pub max_words: u32,
}

const fn window(from: u32, to: u32, unit: Unit) -> Window {
    Window {
        from: Duration::new(from, unit),
        to: Duration::new(to, unit),
    }
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            thank_you_within: Duration::new(24, Unit::Hours),
            assumed_wait: Duration::new(5, Unit::BusinessDays),
            first_check_in_after: window(2, 3, Unit::BusinessDays),
            second_check_in_after: window(6, 8, Unit::Days),
            third_check_in_after: window(7, 10, Unit::Days),
            max_check_ins: 3,
            withdraw_after: window(21, 28, Unit::Days),
            max_words: 150,
        }
    }
}

impl Policy {
    pub fn apply(&mut self, setting: Setting) {
        match setting {
            Setting::ThankYouWithin(d) => self.thank_you_within = d,
            Setting::AssumedWait(d) => self.assumed_wait = d,
            Setting::FirstCheckInAfter(w) => self.first_check_in_after = w,
            Setting::SecondCheckInAfter(w) => self.second_check_in_after = w,
            Setting::ThirdCheckInAfter(w) => self.third_check_in_after = w,
            Setting::MaxCheckIns(n) => self.max_check_ins = n,
            Setting::WithdrawAfter(w) => self.withdraw_after = w,
            Setting::MaxWords(n) => self.max_words = n,
        }
    }
}

/// Why a policy line was rejected: the message and the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub message: String,
    pub help: String,
}

/// Parse the value of `policy NAME VALUE` for a known name.
pub fn parse_setting(name: Name, value: &str) -> Result<Setting, PolicyError> {
    let err = |message: String| PolicyError {
        message,
        help: format!("`{}` takes {}", name.as_str(), name.forms()),
    };
    match name.shape() {
        Shape::Count => {
            let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
            if !digits {
                return Err(err(format!("`{value}` is not a whole number")));
            }
            let n: u32 = value.parse().unwrap_or(u32::MAX);
            let (lo, hi) = match name {
                Name::MaxWords => (1, 100_000),
                _ => (0, 100),
            };
            if n < lo || n > hi {
                return Err(err(format!(
                    "{n} is out of range for `{}` ({lo} to {hi})",
                    name.as_str()
                )));
            }
            Ok(match name {
                Name::MaxWords => Setting::MaxWords(n),
                _ => Setting::MaxCheckIns(n),
            })
        }
        Shape::Duration => {
            if value.contains("..") {
                return Err(err(format!(
                    "`{}` takes a single duration, not the range `{value}`",
                    name.as_str()
                )));
            }
            let d = parse_duration(value).map_err(err)?;
            if name == Name::AssumedWait && d.unit == Unit::Hours && d.count % 24 != 0 {
                return Err(err(format!(
                    "`{value}` is not a whole number of days; use `d` or `bd`"
                )));
            }
            Ok(match name {
                Name::ThankYouWithin => Setting::ThankYouWithin(d),
                _ => Setting::AssumedWait(d),
            })
        }
        Shape::Window => {
            let w = parse_window(value).map_err(err)?;
            if w.from.unit == Unit::Hours && (w.from.count % 24 != 0 || w.to.count % 24 != 0) {
                return Err(err(format!(
                    "`{value}` is not a whole number of days; use `d`, `bd` or `w`"
                )));
            }
            Ok(match name {
                Name::FirstCheckInAfter => Setting::FirstCheckInAfter(w),
                Name::SecondCheckInAfter => Setting::SecondCheckInAfter(w),
                Name::ThirdCheckInAfter => Setting::ThirdCheckInAfter(w),
                _ => Setting::WithdrawAfter(w),
            })
        }
    }
}

/// `24h`, `5bd`, `7d`, `2w`.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    let (num, suffix) = value.split_at(digits);
    let unit = match suffix {
        "h" => Unit::Hours,
        "d" => Unit::Days,
        "bd" => Unit::BusinessDays,
        "w" => Unit::Weeks,
        "" if !num.is_empty() => return Err(format!("`{value}` has no unit")),
        _ => return Err(format!("`{value}` is not a duration")),
    };
    if num.is_empty() {
        return Err(format!("`{value}` has no number"));
    }
    let count: u32 = num
        .parse()
        .ok()
        .filter(|n| *n <= unit.max())
        .ok_or_else(|| format!("`{value}` is longer than nudge accepts (about ten years)"))?;
    Ok(Duration { count, unit })
}

/// `7d`, `2..3bd` or `2bd..3bd`.
pub fn parse_window(value: &str) -> Result<Window, String> {
    let Some((a, b)) = value.split_once("..") else {
        let d = parse_duration(value)?;
        return Ok(Window { from: d, to: d });
    };
    let to = parse_duration(b)?;
    let from = if a.bytes().all(|c| c.is_ascii_digit()) && !a.is_empty() {
        parse_duration(&format!("{a}{}", to.unit.suffix()))?
    } else {
        parse_duration(a)?
    };
    if from.unit != to.unit {
        return Err(format!("the range `{value}` mixes units; use one unit"));
    }
    if from.count > to.count {
        return Err(format!(
            "the range `{value}` is reversed; write the smaller number first"
        ));
    }
    Ok(Window { from, to })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_durations_and_ranges() {
        assert_eq!(parse_duration("24h"), Ok(Duration::new(24, Unit::Hours)));
        assert_eq!(parse_window("2..3bd"), Ok(window(2, 3, Unit::BusinessDays)));
        assert_eq!(
            parse_window("2bd..3bd"),
            Ok(window(2, 3, Unit::BusinessDays))
        );
        assert_eq!(parse_window("7d"), Ok(window(7, 7, Unit::Days)));
        assert!(parse_window("3..2bd").unwrap_err().contains("reversed"));
        assert!(parse_window("2d..3bd").unwrap_err().contains("mixes"));
        assert!(parse_duration("99999999999d").is_err());
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("bd").is_err());
    }

    #[test]
    fn rejects_ranges_where_a_single_duration_is_taken() {
        assert!(parse_setting(Name::AssumedWait, "2..3bd").is_err());
        assert!(parse_setting(Name::MaxCheckIns, "101").is_err());
        assert_eq!(
            parse_setting(Name::MaxCheckIns, "4"),
            Ok(Setting::MaxCheckIns(4))
        );
    }
}
