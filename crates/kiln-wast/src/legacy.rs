//! The folded syntax of legacy exception handling, which the spec's
//! `legacy/` scripts use and the `wast` parser no longer reads:
//!
//! ```text
//! (try $l? blocktype (do instr*) (catch $tag instr*)* (catch_all instr*)?)
//! (try $l? blocktype (do instr*) (delegate $label))
//! ```
//!
//! [`unfold_legacy_try`] rewrites each such form into the flat
//! `try ... catch ... end` (or `... delegate $label`) the parser does read.
//! The rewrite only drops and renames parentheses and keywords, keeping
//! every line break, so failures still point at the script's own lines.
//! Text that has no folded `try` comes back unchanged.

/// One lexical piece of a script, as far as the rewrite cares.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Open,
    Close,
    /// A keyword, identifier, number or string, or whitespace and comments.
    Text(&'a str),
}

/// What a `)` closes.
enum Frame {
    /// Anything the rewrite keeps.
    Kept,
    /// A folded `try`; `delegates` once it has a `delegate` clause.
    Try { delegates: bool },
    /// A `do`, `catch`, `catch_all` or `delegate` clause of a folded `try`.
    Clause,
}

/// Rewrites folded legacy `try` forms into the flat syntax.
pub(crate) fn unfold_legacy_try(source: &str) -> String {
    let tokens = tokenize(source);
    let mut out = String::with_capacity(source.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            Token::Open => {
                let keyword = match tokens.get(i + 1) {
                    Some(Token::Text(word)) => *word,
                    _ => "",
                };
                let in_try = matches!(frames.last(), Some(Frame::Try { .. }));
                match keyword {
                    "try" => {
                        out.push_str("try");
                        frames.push(Frame::Try { delegates: false });
                        i += 1;
                    }
                    "do" | "catch" | "catch_all" | "delegate" if in_try => {
                        if keyword != "do" {
                            out.push_str(keyword);
                        }
                        if let (Some(Frame::Try { delegates }), "delegate") = (frames.last_mut(), keyword) {
                            *delegates = true;
                        }
                        frames.push(Frame::Clause);
                        i += 1;
                    }
                    _ => {
                        out.push('(');
                        frames.push(Frame::Kept);
                    }
                }
            }
            Token::Close => match frames.pop() {
                Some(Frame::Try { delegates: false }) => out.push_str(" end"),
                Some(Frame::Try { delegates: true } | Frame::Clause) => {}
                Some(Frame::Kept) | None => out.push(')'),
            },
            Token::Text(text) => out.push_str(text),
        }
        i += 1;
    }
    out
}

/// Splits `source` into parentheses and the text between them, keeping
/// strings and comments (which may hold parentheses) whole.
fn tokenize(source: &str) -> Vec<Token<'_>> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        match bytes[at] {
            b'(' if bytes.get(at + 1) == Some(&b';') => at = block_comment_end(bytes, at),
            b'(' => {
                tokens.push(Token::Open);
                at += 1;
                continue;
            }
            b')' => {
                tokens.push(Token::Close);
                at += 1;
                continue;
            }
            b';' if bytes.get(at + 1) == Some(&b';') => {
                at = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| at + n);
            }
            b'"' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                at = (at + 1).min(bytes.len());
            }
            b if b.is_ascii_whitespace() => {
                while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
            }
            _ => {
                // At least one byte, so that a lone `;` (not a comment)
                // cannot stall the scan.
                at += 1;
                while at < bytes.len()
                    && !matches!(bytes[at], b'(' | b')' | b'"' | b';')
                    && !bytes[at].is_ascii_whitespace()
                {
                    at += 1;
                }
            }
        }
        tokens.push(Token::Text(source.get(start..at).unwrap_or_default()));
    }
    tokens
}

/// One past the end of the (possibly nested) block comment starting at
/// `at`.
fn block_comment_end(bytes: &[u8], mut at: usize) -> usize {
    let mut depth = 0;
    while at < bytes.len() {
        if bytes[at..].starts_with(b"(;") {
            depth += 1;
            at += 2;
        } else if bytes[at..].starts_with(b";)") {
            depth -= 1;
            at += 2;
            if depth == 0 {
                return at;
            }
        } else {
            at += 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_try_becomes_flat() {
        let folded = "(func (try $t (result i32)\n  (do (i32.const 1))\n  (catch $e (i32.const 2))\n  (catch_all (i32.const 3))))";
        assert_eq!(
            unfold_legacy_try(folded),
            "(func try $t (result i32)\n   (i32.const 1)\n  catch $e (i32.const 2)\n  catch_all (i32.const 3) end)"
        );
        let delegate = "(try (do (try (do (throw $e)) (delegate 0))) (catch_all))";
        assert_eq!(unfold_legacy_try(delegate), "try  try  (throw $e) delegate 0 catch_all end");
    }

    #[test]
    fn other_text_is_unchanged() {
        let text = "(module (; (try (do)) ;) (func \"(try\" ;; (try (do))\n (try_table (catch $e 0))))";
        assert_eq!(unfold_legacy_try(text), text);
        for odd in ["(@a ;)", "a;b", ";", "(;", "\"", "\"\\", "x)", ";)"] {
            assert_eq!(unfold_legacy_try(odd), odd);
        }
    }
}
