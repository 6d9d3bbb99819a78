//! Lookups over the catalogue of rules ([`crate::rule`]): by code or name, a "did you mean",
//! and the whole explain page.

pub use crate::rule::Rule;

/// Every rule, in catalogue order.
pub static RULES: &[Rule] = Rule::ALL;

/// The rule with this code or name (both case-insensitive).
pub fn lookup(code_or_name: &str) -> Option<Rule> {
    Rule::lookup(code_or_name)
}

/// `; did you mean `C004`?` for an unknown rule code or name, or nothing.
pub fn did_you_mean(word: &str) -> String {
    let words = RULES.iter().flat_map(|r| [r.code(), r.name()]);
    crate::suggest::did_you_mean(word, words)
}

/// A rule's whole explain page: [`Rule::explain`] and how to acknowledge a finding on a
/// message already sent (SPEC §3.2), or why it cannot be acknowledged.
pub fn page(r: Rule) -> String {
    let how = if super::acknowledgeable(r) {
        format!(
            "\n## Acknowledging it\nA finding on a message already sent cannot be fixed. Acknowledge it with an indented comment in the entry, with your reason after ` -- `:\n```\n    ; nudge: allow {} -- sent late, lesson learned\n```\n`nudge check --add-allow` adds such a line to every sent entry that has findings; planned entries are never acknowledged this way: fix them before you send.\n",
            r.code()
        )
    } else if r == Rule::N001 {
        "\n## Acknowledging it\nN001 cannot be acknowledged with `; nudge: allow`: remove the suppression that silences nothing.\n".to_string()
    } else {
        format!(
            "\n## Acknowledging it\n{} cannot be acknowledged with `; nudge: allow {}`: nudge cannot judge a journal it cannot read whole, so fix it.\n",
            r.code(),
            r.code()
        )
    };
    format!("{}{how}", r.explain())
}
