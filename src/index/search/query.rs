//! The query syntax: white space separates terms, `"…"` groups a phrase, a leading `-`
//! excludes.

/// A query term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The text.
    pub text: String,
    /// Quoted (`"…"`).
    pub phrase: bool,
    /// Excluded (`-term`).
    pub negated: bool,
}

/// Splits a query into terms: white space separates, `"…"` groups, a leading `-` excludes.
pub fn parse_query(q: &str) -> Vec<QueryTerm> {
    let mut out = Vec::new();
    let chars: Vec<char> = q.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negated = c == '-' || c == '－';
        if negated {
            i += 1;
        }
        let quote = |c: char| matches!(c, '"' | '“' | '”' | '「' | '」');
        if i < chars.len() && quote(chars[i]) {
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && !quote(chars[j]) {
                j += 1;
            }
            let text: String = chars[start..j].iter().collect();
            if !text.trim().is_empty() {
                out.push(QueryTerm {
                    text: text.trim().to_string(),
                    phrase: true,
                    negated,
                });
            }
            i = j + 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            if !text.is_empty() {
                out.push(QueryTerm {
                    text,
                    phrase: false,
                    negated,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_syntax() {
        let q = parse_query(r#"重層的支援 "地域 部会" -Libero"#);
        assert_eq!(
            q,
            [
                QueryTerm {
                    text: "重層的支援".into(),
                    phrase: false,
                    negated: false
                },
                QueryTerm {
                    text: "地域 部会".into(),
                    phrase: true,
                    negated: false
                },
                QueryTerm {
                    text: "Libero".into(),
                    phrase: false,
                    negated: true
                },
            ]
        );
    }
}
