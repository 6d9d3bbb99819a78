//! The one catalogue of rules (SPEC §3): each rule's code, name, family, default severity,
//! summary and explain page, declared once. [`Rule`] is generated from it, so a rule that is
//! not in the catalogue does not compile.
//!
//! A leaf module: it imports nothing from the crate, and the diagnostic type imports it.
//!
//! An unknown code does not compile:
//!
//! ```compile_fail
//! let _ = nudge::rule::Rule::C099;
//! ```
//! ```
//! assert_eq!(nudge::rule::Rule::C004.name(), "missing-value-add");
//! ```

use serde::Serialize;

/// How serious a finding is; `Off` silences a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn from_word(word: &str) -> Option<Severity> {
        match word {
            "off" => Some(Severity::Off),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Declares [`Rule`] from the catalogue: one line per rule, `CODE, name, family, default
/// severity, summary;`, in catalogue order; the explain page is `rules/explain/CODE.md`.
macro_rules! catalogue {
    ($($code:ident, $name:literal, $family:literal, $severity:ident, $summary:literal;)*) => {
        /// A rule of the catalogue; ordered as the catalogue lists them (not by code).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = $summary] $code,)*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$code),*];

            /// The code, e.g. `"C004"`.
            pub const fn code(self) -> &'static str {
                match self {
                    $(Rule::$code => stringify!($code),)*
                }
            }

            /// The kebab-case name, e.g. `"missing-value-add"`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Rule::$code => $name,)*
                }
            }

            /// The family, e.g. `"check-in"`.
            pub const fn family(self) -> &'static str {
                match self {
                    $(Rule::$code => $family,)*
                }
            }

            /// The severity a finding has unless a `rule` directive changes it.
            pub const fn default_severity(self) -> Severity {
                match self {
                    $(Rule::$code => Severity::$severity,)*
                }
            }

            /// One line: when the rule fires.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Rule::$code => $summary,)*
                }
            }

            /// The `nudge explain` page (Markdown): what it does, why, a bad and a good
            /// example.
            pub const fn explain(self) -> &'static str {
                match self {
                    $(Rule::$code => include_str!(concat!("rules/explain/", stringify!($code), ".md")),)*
                }
            }
        }
    };
}

catalogue! {
    J001, "syntax-error", "journal", Error,
        "A line cannot be parsed";
    J002, "unknown-opportunity", "journal", Error,
        "An entry names an opportunity that was never opened";
    J003, "future-entry", "journal", Warning,
        "An entry that is not planned is dated after today";
    J004, "unknown-attribute", "journal", Warning,
        "An attribute key that nudge does not know";
    J005, "misplaced-attribute", "journal", Warning,
        "A known key on a kind that does not take it, or a single key given twice";
    J006, "invalid-directive", "journal", Error,
        "A bad workweek, holiday, policy or rule line or value";
    J007, "include-error", "journal", Error,
        "An include is missing, unreadable, not a regular file, cyclic, or over the limits";
    J008, "several-people", "journal", Warning,
        "A `with:` or `to:` value that names several people";
    J009, "control-character", "journal", Warning,
        "A control character or a bidirectional override in the journal";
    J010, "duplicate-include", "journal", Warning,
        "A file already included is included again";
    P001, "stale-planned", "planned", Warning,
        "A planned entry dated before today";
    T001, "late-thank-you", "thank-you", Error,
        "A thank-you sent after the thank-you window";
    T002, "missing-thank-you", "thank-you", Error,
        "The thank-you window has passed and an interviewer got no thank-you";
    T003, "generic-thank-you", "thank-you", Warning,
        "A thank-you without `ref:`";
    T004, "group-thank-you", "thank-you", Warning,
        "One thank-you with several `to:`";
    T005, "unknown-recipient", "thank-you", Warning,
        "A thank-you `to:` that matches no interviewer of the round";
    X001, "no-decision-date", "expectations", Warning,
        "An interview without `expect:`";
    C001, "contact-before-deadline", "check-in", Error,
        "A check-in on or before the decision date";
    C002, "first-check-in-too-soon", "check-in", Warning,
        "Check-in #1 before the first day of `first-check-in-after`";
    C003, "second-check-in-too-soon", "check-in", Warning,
        "Check-in #2 before the first day of `second-check-in-after`";
    C004, "missing-value-add", "check-in", Error,
        "Check-in #2 without `value:`";
    C005, "third-check-in-too-soon", "check-in", Warning,
        "Check-in #3 before the first day of `third-check-in-after`";
    C006, "too-many-check-ins", "check-in", Error,
        "A check-in numbered above `max-check-ins`";
    C007, "contact-after-close", "check-in", Error,
        "A check-in after the opportunity was closed";
    W001, "early-withdrawal", "withdraw", Warning,
        "A withdrawal too soon after the final check-in";
    M001, "long-message", "message", Warning,
        "A message body over `max-words` words";
    M002, "demanding-tone", "message", Warning,
        "A message body with demanding phrases";
    M003, "desperate-tone", "message", Warning,
        "A message body with desperate signals";
    M004, "missing-call-to-action", "message", Warning,
        "A check-in body with no polite request";
    M005, "value-add-not-first", "message", Warning,
        "Check-in #2 opens with the status request instead of its value-add";
    M006, "incomplete-final-check-in", "message", Warning,
        "Check-in #3 does not restate interest or ask for an updated timeline";
    M007, "graceless-withdrawal", "message", Warning,
        "A withdrawal that does not thank them or keep the door open";
    M008, "unfilled-placeholder", "message", Error,
        "A `[...]` slot left unfilled in a message";
    N001, "unused-suppression", "nudge", Warning,
        "A `; nudge: allow` comment that silenced nothing";
}

impl Rule {
    /// The rule with exactly this code.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// The rule with this code or name, both case-insensitive (user input: `nudge explain`,
    /// `--allow`, `rule` directives, `; nudge: allow`).
    pub fn lookup(code_or_name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| {
            r.code().eq_ignore_ascii_case(code_or_name)
                || r.name().eq_ignore_ascii_case(code_or_name)
        })
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_found_case_insensitively() {
        for (i, r) in Rule::ALL.iter().enumerate() {
            assert_eq!(Rule::ALL[i] as usize, i);
            assert_eq!(Rule::from_code(r.code()), Some(*r));
            assert_eq!(Rule::lookup(&r.code().to_lowercase()), Some(*r));
            assert_eq!(Rule::lookup(&r.name().to_uppercase()), Some(*r));
        }
        let mut names: Vec<_> = Rule::ALL
            .iter()
            .flat_map(|r| [r.code(), r.name()])
            .collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 2 * Rule::ALL.len());
        assert_eq!(Rule::from_code("c004"), None);
        assert_eq!(Rule::lookup("c999"), None);
    }
}
