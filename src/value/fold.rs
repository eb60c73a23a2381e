//! Case folding (SPEC §3): text compared after Unicode lowercase mapping, without allocating.

use std::cmp::Ordering;

/// The Unicode lowercase mapping of `s`, as a stream of chars.
///
/// This is `str::to_lowercase` char by char, with one difference: Greek final sigma `ς`
/// (which `str::to_lowercase` produces for a word-final `Σ`, depending on context) folds to
/// `σ`, so that `ΟΔΟΣ`, `οδος` and `οδοσ` all compare equal.
pub(crate) fn folded(s: &str) -> impl Iterator<Item = char> + Clone + '_ {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ς' { 'σ' } else { c })
}

/// The folded form of a needle, computed once per query.
pub(crate) fn fold(s: &str) -> String {
    folded(s).collect()
}

/// `hay` equals `needle` (already folded) after folding.
pub(crate) fn eq_folded(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() {
        hay.len() == needle.len()
            && hay
                .bytes()
                .zip(needle.bytes())
                .all(|(h, n)| h.to_ascii_lowercase() == n)
    } else {
        folded(hay).eq(needle.chars())
    }
}

/// `hay` starts with `needle` (already folded) after folding.
///
/// An ASCII prefix folds byte for byte. Its bytes are compared without an early exit:
/// branching on text just read from memory would stall each record's evaluation until its
/// read completes, where a branch-free comparison lets the reads of many records overlap.
#[inline]
pub(crate) fn starts_with_folded(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if let Some(prefix) = h.get(..n.len()) {
        let (mut high, mut diff) = (0u8, 0u8);
        for (&hb, &nb) in prefix.iter().zip(n) {
            high |= hb;
            diff |= hb.to_ascii_lowercase() ^ nb;
        }
        if high.is_ascii() {
            return diff == 0;
        }
    }
    // A non-ASCII character may fold to text of another length (or to ASCII: `K`, the
    // Kelvin sign, folds to `k`).
    starts_with_folded_chars(hay, needle)
}

/// [`starts_with_folded`] char by char.
#[cold]
fn starts_with_folded_chars(hay: &str, needle: &str) -> bool {
    let mut hay = folded(hay);
    needle.chars().all(|c| hay.next() == Some(c))
}

/// `hay` contains `needle` (already folded), starting at a character boundary, after folding.
pub(crate) fn contains_folded(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() {
        return hay.as_bytes().windows(needle.len()).any(|w| {
            w.iter()
                .zip(needle.bytes())
                .all(|(h, n)| h.to_ascii_lowercase() == n)
        });
    }
    hay.char_indices()
        .any(|(i, _)| starts_with_folded(&hay[i..], needle))
}

/// Orders `hay`, folded, against `needle` (already folded).
pub(crate) fn cmp_folded(hay: &str, needle: &str) -> Ordering {
    if hay.is_ascii() {
        // UTF-8 byte order is code point order.
        hay.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(needle.bytes())
    } else {
        folded(hay).cmp(needle.chars())
    }
}

/// Orders two texts by their lowercase mappings.
pub(crate) fn cmp_folded_both(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        folded(a).cmp(folded(b))
    }
}
