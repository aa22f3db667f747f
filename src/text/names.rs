//! Names folded for comparison: a speaker's label, a roster name and a `--speaker` query meet
//! in one form (widths, white space and the variant characters of names folded).

use super::compact;

/// Variant characters of names and the character they are folded to.
const VARIANTS: &[(char, char)] = &[
    ('髙', '高'),
    ('﨑', '崎'),
    ('嵜', '崎'),
    ('嶋', '島'),
    ('嶌', '島'),
    ('邊', '辺'),
    ('邉', '辺'),
    ('濵', '浜'),
    ('濱', '浜'),
    ('齋', '斎'),
    ('齊', '斎'),
    ('斉', '斎'),
    ('澤', '沢'),
    ('櫻', '桜'),
    ('廣', '広'),
    ('德', '徳'),
    ('瀨', '瀬'),
    ('國', '国'),
    ('眞', '真'),
    ('惠', '恵'),
    ('實', '実'),
    ('淺', '浅'),
    ('圓', '円'),
    ('龍', '竜'),
    ('藏', '蔵'),
    ('關', '関'),
    ('榮', '栄'),
    ('萬', '万'),
    ('冨', '富'),
    ('峯', '峰'),
    ('槇', '槙'),
    ('籠', '篭'),
    ('條', '条'),
    ('彌', '弥'),
    ('兒', '児'),
    ('祐', '佑'),
];

/// A name folded for comparison: NFKC, no white space, variant characters folded.
pub fn fold_name(name: &str) -> String {
    compact(name)
        .chars()
        .map(|c| {
            VARIANTS
                .iter()
                .find(|(v, _)| *v == c)
                .map_or(c, |(_, to)| *to)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_widths_spaces_and_variant_characters() {
        assert_eq!(fold_name("髙橋　一郎"), fold_name("高橋 一郎"));
        assert_eq!(fold_name("齋藤"), "斎藤");
        assert_eq!(fold_name("Ｋｏｎｏ"), fold_name("Kono"));
        assert_ne!(fold_name("田中"), fold_name("田村"));
    }
}
