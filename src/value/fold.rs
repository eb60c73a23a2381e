//! Case folding (SPEC §3): text compared after Unicode lowercase mapping, without allocating.
//!
//! A filter's value is folded once per query into a [`FoldedText`], which also keeps what its
//! comparisons need to be fast: whether it is ASCII, and for `co` the byte a search scans for.
//! A record's text is folded on the fly, and only where ASCII shortcuts cannot decide.
//!
//! The shortcuts rest on a fact about Unicode's lowercase mapping, checked over every
//! character by a test: **only two non-ASCII characters map to text holding ASCII** — the
//! Kelvin sign `K` (U+212A, three bytes) to `k`, and `İ` (U+0130, two bytes) to `i` followed by
//! U+0307. Every other character maps ASCII to ASCII byte for byte, and non-ASCII to
//! non-ASCII. So an ASCII needle can only be found in a text's lowercase mapping where the text
//! holds the needle's bytes in some case — unless the text holds one of those two characters.

use std::cmp::Ordering;

/// The Kelvin sign, which folds to `k`.
const KELVIN: char = '\u{212A}';
/// Capital I with dot above, which folds to `i` and a combining dot.
const DOTTED_I: char = '\u{130}';

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

/// A filter's text value, folded, with what comparing records' text with it needs: prepared
/// once per query.
#[derive(Clone, Debug)]
pub(crate) struct FoldedText {
    text: Box<str>,
    /// Whether `text` is ASCII.
    ascii: bool,
    /// How many `k`s `text` holds: a text equal to it after folding may spell each as a
    /// Kelvin sign, two bytes longer.
    ks: usize,
    /// For `co` with an ASCII needle: the needle byte the search scans for.
    scan: Scan,
}

/// The byte a substring search scans for: the needle's rarest byte (by [`commonness`]), its
/// offset in the needle, and the bits that fold it (`0x20` for a letter, so that the scan
/// finds both cases; 0 otherwise).
#[derive(Clone, Copy, Debug)]
struct Scan {
    offset: usize,
    byte: u8,
    fold: u8,
}

impl FoldedText {
    /// Folds `raw` (a filter's value).
    pub(crate) fn new(raw: &str) -> FoldedText {
        let text: Box<str> = fold(raw).into();
        let bytes = text.as_bytes();
        let offset = (0..bytes.len())
            .min_by_key(|&i| commonness(bytes[i]))
            .unwrap_or(0);
        let byte = bytes.get(offset).copied().unwrap_or(0);
        FoldedText {
            ascii: text.is_ascii(),
            ks: bytes.iter().filter(|&&b| b == b'k').count(),
            scan: Scan {
                offset,
                byte,
                fold: if byte.is_ascii_lowercase() { 0x20 } else { 0 },
            },
            text,
        }
    }

    /// `hay` equals this text after folding.
    ///
    /// Against an ASCII text, a text of the same length is equal exactly when its bytes are in
    /// some case (a non-ASCII character would fold to non-ASCII, or to fewer bytes); one of
    /// another length can only be equal if it is longer by two bytes per Kelvin sign, which
    /// the text's `k`s bound.
    #[inline]
    pub(crate) fn eq(&self, hay: &str) -> bool {
        let (n, len) = (self.text.len(), hay.len());
        if self.ascii {
            if len == n {
                return hay.as_bytes().eq_ignore_ascii_case(self.text.as_bytes());
            }
            let extra = len.wrapping_sub(n);
            if len < n || extra % 2 != 0 || extra / 2 > self.ks {
                return false;
            }
        } else if hay.is_ascii() {
            // ASCII folds to ASCII.
            return false;
        }
        eq_chars(hay, &self.text)
    }

    /// `hay` starts with this text after folding.
    ///
    /// An ASCII text is compared eight bytes at a time with the start of `hay`, its letters
    /// lowercased in the word ([`lower_ascii_word`]); only where those bytes are not all ASCII
    /// (or `hay` is shorter) is the start of `hay` folded character by character.
    #[inline]
    pub(crate) fn is_prefix_of(&self, hay: &str) -> bool {
        if self.ascii
            && let Some(decided) = self.ascii_prefix(hay.as_bytes())
        {
            return decided;
        }
        starts_with_folded(hay, &self.text)
    }

    /// Whether `hay` starts with this ASCII text in any ASCII case: `None` when the bytes
    /// compared are not all ASCII, or `hay` is shorter than the text (then only folding
    /// character by character decides).
    ///
    /// A text of eight bytes or more is compared a word at a time, the last word ending where
    /// the text ends (overlapping the one before it), so that no byte is compared alone.
    #[inline(always)]
    fn ascii_prefix(&self, hay: &[u8]) -> Option<bool> {
        let needle = self.text.as_bytes();
        let n = needle.len();
        let hay = hay.get(..n)?;
        let word = |bytes: &[u8], at: usize| {
            bytes[at..]
                .first_chunk::<8>()
                .map(|w| u64::from_le_bytes(*w))
        };
        let (mut diff, mut high) = (0u64, 0u64);
        let Some(last) = n.checked_sub(8) else {
            for (&b, &want) in hay.iter().zip(needle) {
                diff |= u64::from(b.to_ascii_lowercase() ^ want);
                high |= u64::from(b);
            }
            return (high & 0x80 == 0).then_some(diff == 0);
        };
        let mut at = 0;
        loop {
            let at_word = at.min(last);
            let (got, want) = (word(hay, at_word)?, word(needle, at_word)?);
            diff |= lower_ascii_word(got) ^ want;
            high |= got;
            if at_word == last {
                break;
            }
            at += 8;
        }
        (high & splat(0x80) == 0).then_some(diff == 0)
    }

    /// `hay` contains this text, starting at one of its character boundaries, after folding.
    ///
    /// An ASCII needle is searched for byte by byte in both cases ([`FoldedText::find_ascii`]);
    /// only a text that holds a Kelvin sign or an `İ` — the characters that fold into ASCII —
    /// and where that search found nothing is searched again character by character. A
    /// non-ASCII needle is never in ASCII text.
    #[inline]
    pub(crate) fn is_in(&self, hay: &str) -> bool {
        if self.text.is_empty() {
            return true;
        }
        if self.ascii {
            return self.find_ascii(hay.as_bytes())
                || (!hay.is_ascii()
                    && hay.contains([KELVIN, DOTTED_I])
                    && contains_chars(hay, &self.text));
        }
        !hay.is_ascii() && contains_chars(hay, &self.text)
    }

    /// Orders `hay`, folded, against this text.
    #[inline]
    pub(crate) fn cmp_with(&self, hay: &str) -> Ordering {
        cmp_folded(hay, &self.text)
    }

    /// Whether the ASCII needle occurs in `hay` in any ASCII case.
    ///
    /// Candidates are the positions of the needle's rarest byte, in either case, found eight
    /// bytes at a time: a word of the text, its letters lowercased by setting bit 5 where the
    /// byte is a letter, XORed with the byte repeated, has a zero byte where the byte is. The
    /// usual zero-byte test (`(x - 0x01…) & !x & 0x80…`) marks every zero byte, and at worst a
    /// few bytes next to one; each mark is confirmed by comparing the whole needle, so a false
    /// mark costs a comparison and no mark is missed.
    fn find_ascii(&self, hay: &[u8]) -> bool {
        let needle = self.text.as_bytes();
        let Some(last_start) = hay.len().checked_sub(needle.len()) else {
            return false;
        };
        let Scan { offset, byte, fold } = self.scan;
        // The bytes a candidate's scanned byte can be at.
        let region = &hay[offset..=last_start + offset];
        let at = |start: usize| hay[start..start + needle.len()].eq_ignore_ascii_case(needle);
        let (ones, highs) = (splat(0x01), splat(0x80));
        let (want, fold) = (splat(byte), splat(fold));
        let candidates = |word: u64| {
            let x = (word | fold) ^ want;
            x.wrapping_sub(ones) & !x & highs
        };
        let (words, tail) = region.as_chunks::<8>();
        for (i, word) in words.iter().enumerate() {
            let mut marks = candidates(u64::from_le_bytes(*word));
            while marks != 0 {
                if at(i * 8 + (marks.trailing_zeros() / 8) as usize) {
                    return true;
                }
                marks &= marks - 1;
            }
        }
        if tail.is_empty() {
            return false;
        }
        let mut last = [0u8; 8];
        last[..tail.len()].copy_from_slice(tail);
        // Marks past the tail's bytes are dropped.
        let mut marks = candidates(u64::from_le_bytes(last)) & (highs >> (8 * (8 - tail.len())));
        let base = words.len() * 8;
        while marks != 0 {
            if at(base + (marks.trailing_zeros() / 8) as usize) {
                return true;
            }
            marks &= marks - 1;
        }
        false
    }
}

/// The word with the ASCII capital letters among its bytes lowercased; other bytes (non-ASCII
/// ones too) unchanged. Each byte's low seven bits plus a constant carries into its high bit
/// exactly when the byte is at least `A` (or past `Z`), and no sum carries into the next byte.
#[inline]
pub(crate) fn lower_ascii_word(word: u64) -> u64 {
    let low = word & splat(0x7f);
    let from_a = low + splat(0x80 - b'A');
    let past_z = low + splat(0x80 - b'Z' - 1);
    let upper = from_a & !past_z & !word & splat(0x80);
    word | (upper >> 2)
}

/// `b` repeated in each byte of a word.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// How common a byte of folded text is, higher for more common: the order of letters in
/// English text, space and digits among the most common, other bytes rare. A guess that only
/// decides which byte a search scans for; any answer is correct, some are faster.
fn commonness(b: u8) -> u8 {
    const BY_FREQUENCY: &[u8] = b" etaoinsrhldcumfpgwybvkxjqz";
    match BY_FREQUENCY.iter().position(|&c| c == b) {
        Some(i) => 100 - i as u8,
        None if b.is_ascii_digit() => 90,
        None => 0,
    }
}

/// `hay`, folded, equals `needle` (already folded), char by char.
fn eq_chars(hay: &str, needle: &str) -> bool {
    folded(hay).eq(needle.chars())
}

/// `hay` contains `needle` (already folded) at one of its character boundaries, char by char.
#[cold]
fn contains_chars(hay: &str, needle: &str) -> bool {
    hay.char_indices()
        .any(|(i, _)| starts_with_folded(&hay[i..], needle))
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

#[cfg(test)]
#[path = "fold_tests.rs"]
mod tests;
