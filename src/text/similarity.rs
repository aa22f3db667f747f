//! How alike two texts are: the Dice coefficient of their character bigrams, with [`Bigrams`]
//! built once per text for comparing it with many (agenda titles, topics, fact subjects).
//!
//! Texts are compared as given: each caller brings them in its own comparison form first
//! (`parse::proceedings` its title key, `track` its lower-cased compact form).

/// A text's character bigrams, computed once for comparing it with many.
#[derive(Debug, Clone)]
pub struct Bigrams {
    /// The text, for texts too short to have a bigram (they are alike only when equal).
    text: String,
    /// The bigrams, sorted, each as often as it occurs.
    grams: Vec<(char, char)>,
}

impl Bigrams {
    /// The bigrams of `text`.
    pub fn of(text: &str) -> Bigrams {
        let chars: Vec<char> = text.chars().collect();
        let mut grams: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        grams.sort_unstable();
        Bigrams {
            text: text.to_string(),
            grams,
        }
    }

    /// The Dice coefficient of the two texts' bigrams: twice the bigrams they share over the
    /// bigrams of both, 1 for the same text, 0 for texts with none in common. A text with no
    /// bigram (one character, or none) is 1 alike an equal non-empty text, else 0.
    pub fn similarity(&self, other: &Bigrams) -> f64 {
        let (a, b) = (&self.grams, &other.grams);
        if a.is_empty() || b.is_empty() {
            return if self.text == other.text && !self.text.is_empty() {
                1.0
            } else {
                0.0
            };
        }
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        2.0 * common as f64 / (a.len() + b.len()) as f64
    }
}

/// How alike two texts are (see [`Bigrams::similarity`]).
pub fn similarity(a: &str, b: &str) -> f64 {
    Bigrams::of(a).similarity(&Bigrams::of(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_of_bigrams() {
        assert!(similarity("重層的支援体制整備事業", "重層的支援体制整備事業") > 0.99);
        assert!(similarity("地域生活支援拠点", "重層的支援体制整備事業") < 0.2);
        // 支援 is one bigram of each: 2 × 1 / (3 + 3).
        assert!((similarity("相談支援", "支援会議") - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn texts_without_bigrams_are_alike_only_when_equal() {
        assert_eq!(similarity("会", "会"), 1.0);
        assert_eq!(similarity("会", "会議"), 0.0);
        assert_eq!(similarity("", ""), 0.0);
    }
}
