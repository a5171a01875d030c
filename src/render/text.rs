//! Decides which characters may reach a reader as they are, and how many terminal columns
//! each takes. Every format that writes registry or git values takes its rules from here.

/// Says whether a character must never reach a reader as it is: every control character
/// (C0 with tab, CR and LF, DEL, C1 with its one-character CSI), the bidirectional
/// embeddings, overrides and isolates that make text read differently from what it holds
/// (CVE-2021-42574), and the Unicode line and paragraph separators.
pub(crate) fn is_hazard(character: char) -> bool {
    character.is_control()
        || matches!(character, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(character, '\u{2028}' | '\u{2029}')
}

/// Returns text with every hazard replaced by `�`, so a value stays on its line and
/// cannot steer the terminal or reorder what is around it.
pub(crate) fn sanitize(text: &str) -> String {
    text.chars()
        .map(|character| if is_hazard(character) { char::REPLACEMENT_CHARACTER } else { character })
        .collect()
}

/// Returns how many terminal columns a character that is not a hazard takes: none for
/// combining marks and zero-width characters, two for East Asian wide characters and
/// emoji, one otherwise.
pub(crate) fn char_width(character: char) -> usize {
    match character {
        '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' => 0,
        _ if unicode_normalization::char::is_combining_mark(character) => 0,
        _ if is_wide(character) => 2,
        _ => 1,
    }
}

/// Returns how many terminal columns sanitized text takes.
pub(crate) fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Returns sanitized text padded with spaces to a number of terminal columns.
pub(crate) fn pad(text: &str, columns: usize) -> String {
    let mut padded = text.to_owned();
    padded.push_str(&" ".repeat(columns.saturating_sub(width(text))));
    padded
}

/// Says whether a character takes two terminal columns: the East Asian wide and fullwidth
/// blocks and the common emoji blocks, an approximation of Unicode's `East_Asian_Width`.
fn is_wide(character: char) -> bool {
    matches!(
        u32::from(character),
        0x1100..=0x115f
            | 0x2e80..=0x303e
            | 0x3041..=0x33ff
            | 0x3400..=0x4dbf
            | 0x4e00..=0x9fff
            | 0xa000..=0xa4cf
            | 0xa960..=0xa97f
            | 0xac00..=0xd7a3
            | 0xf900..=0xfaff
            | 0xfe10..=0xfe19
            | 0xfe30..=0xfe6f
            | 0xff00..=0xff60
            | 0xffe0..=0xffe6
            | 0x1f300..=0x1f64f
            | 0x1f680..=0x1f6ff
            | 0x1f900..=0x1f9ff
            | 0x20000..=0x2fffd
            | 0x30000..=0x3fffd
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escape_and_line_injection_is_replaced() {
        let cases = [
            (
                "E\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}X",
                "E\u{fffd}[2J\u{fffd}]0;pwned\u{fffd}\u{fffd}X",
            ),
            ("nl\nerror[fake]: pwned", "nl\u{fffd}error[fake]: pwned"),
            ("cr\rlf\r\n", "cr\u{fffd}lf\u{fffd}\u{fffd}"),
            ("c1 \u{9b}31m del \u{7f}", "c1 \u{fffd}31m del \u{fffd}"),
            ("tab\there", "tab\u{fffd}here"),
            ("\u{2066}iso\u{2069} \u{202a}emb\u{202c}", "\u{fffd}iso\u{fffd} \u{fffd}emb\u{fffd}"),
            ("line\u{2028}sep\u{2029}", "line\u{fffd}sep\u{fffd}"),
            ("Công ty Cổ phần 名前 🎉", "Công ty Cổ phần 名前 🎉"),
        ];
        for (text, expected) in cases {
            assert_eq!(sanitize(text), expected, "{text:?}");
        }
    }

    #[test]
    fn measures_terminal_columns() {
        let cases = [("acme", 4), ("Cổ phần", 7), ("te\u{302}n", 3), ("名前", 4), ("🎉x", 3)];
        for (text, expected) in cases {
            assert_eq!(width(text), expected, "{text:?}");
        }
        assert_eq!(pad("名前", 6), "名前  ");
        assert_eq!(pad("long", 2), "long");
    }
}
