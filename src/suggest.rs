//! "Did you mean" suggestions.

/// The candidate closest to `word`, when it is close enough to be a likely typo: the first of
/// the best Jaro-Winkler similarities (case ignored), if it is at least 0.8.
///
/// Candidates that cannot reach the best so far (nor 0.8) are skipped before the similarity
/// is computed: Jaro's matches are at most the characters the two words have in common, which
/// bounds the similarity from above (ASCII words; others are always compared). A J002 over
/// thousands of opened slugs stays linear, with the answers of comparing every candidate
/// (the tests hold it to that).
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let counts = ascii_counts(&lower);
    let mut best: Option<(f64, &'c str)> = None;
    for candidate in candidates {
        let folded: std::borrow::Cow<'_, str> = if candidate
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            candidate.to_lowercase().into()
        } else {
            candidate.into()
        };
        if let Some(counts) = &counts {
            let floor = best.map_or(0.8, |(s, _)| s.max(0.8));
            if upper_bound(&lower, counts, &folded).is_some_and(|b| b + 1e-9 < floor) {
                continue;
            }
        }
        let score = strsim::jaro_winkler(&lower, &folded);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// How many times each ASCII character occurs in `word`; `None` when it is not ASCII.
fn ascii_counts(word: &str) -> Option<[u32; 128]> {
    let mut counts = [0u32; 128];
    for b in word.bytes() {
        *counts.get_mut(b as usize)? += 1;
    }
    Some(counts)
}

/// A bound from above on `strsim::jaro_winkler(word, other)` for ASCII words (`counts` is
/// `word`'s [`ascii_counts`]): Jaro with every common character matched and none transposed,
/// plus Winkler's boost for the actual common prefix. `None` when no bound is known.
fn upper_bound(word: &str, counts: &[u32; 128], other: &str) -> Option<f64> {
    if !other.is_ascii() || word.is_empty() || other.is_empty() {
        return None;
    }
    let mut left = *counts;
    let mut common = 0u32;
    for b in other.bytes() {
        let n = &mut left[b as usize];
        if *n > 0 {
            *n -= 1;
            common += 1;
        }
    }
    let c = f64::from(common);
    let jaro = (c / word.len() as f64 + c / other.len() as f64 + 1.0) / 3.0;
    let prefix = word
        .bytes()
        .zip(other.bytes())
        .take(4)
        .take_while(|(a, b)| a == b)
        .count();
    Some(jaro + 0.1 * prefix as f64 * (1.0 - jaro))
}

/// [`closest`] as it was first written (every candidate compared): the reference the tests
/// hold it to.
#[cfg(test)]
fn closest_reference<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
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
    fn skipping_candidates_never_changes_the_answer() {
        // Words over a small alphabet (so that many are close), with capitals, digits, a
        // hyphen and a non-ASCII letter; every word against the same list.
        let alphabet: Vec<char> = "aabcdeSR-19é".chars().collect();
        let mut rng = crate::generate::Rng::new(7);
        let mut next = |n: usize| rng.below(n as u64) as usize;
        let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
            let len = next(9);
            (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
        };
        let words: Vec<String> = (0..400).map(|_| word(&mut next)).collect();
        let mut found = 0;
        for w in &words[..200] {
            let candidates = words[200..].iter().map(String::as_str);
            let want = closest_reference(w, candidates.clone());
            assert_eq!(closest(w, candidates), want, "{w:?}");
            found += usize::from(want.is_some());
        }
        assert!(found > 20, "the lists should hold close words: {found}");
    }

    #[test]
    fn suggests_a_close_kind_and_nothing_for_noise() {
        let kinds = ["thank-you", "check-in", "interview"];
        assert_eq!(closest("thank-yu", kinds), Some("thank-you"));
        assert_eq!(closest("chek-in", kinds), Some("check-in"));
        assert_eq!(closest("zzzzzz", kinds), None);
    }
}
