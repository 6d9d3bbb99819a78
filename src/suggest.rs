//! "Did you mean" suggestions.

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &'c str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&lower, &candidate.to_lowercase());
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// `; did you mean `x`?` to append to a message, or nothing.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    closest(word, candidates).map_or(String::new(), did_you_mean_text)
}

/// `; did you mean `{closest}`?`: [`did_you_mean`]'s text for a suggestion already found.
pub fn did_you_mean_text(closest: &str) -> String {
    format!("; did you mean `{closest}`?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_kind_and_nothing_for_noise() {
        let kinds = ["thank-you", "check-in", "interview"];
        assert_eq!(closest("thank-yu", kinds), Some("thank-you"));
        assert_eq!(closest("chek-in", kinds), Some("check-in"));
        assert_eq!(closest("zzzzzz", kinds), None);
    }
}
