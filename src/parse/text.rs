//! Plain text → blocks.
//!
//! Paragraphs are separated by blank lines. Text with no blank line at all
//! (common when a statement is pasted from a web page or exported one
//! paragraph per line) has one paragraph per line instead.

use super::Blocks;

/// The blocks of a plain text: lines grouped between blank lines, or one
/// line per block when the text has no blank line.
pub fn blocks(text: &str) -> Blocks {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    let content = lines.get(first..last).unwrap_or_default();
    if content.iter().any(|line| line.is_empty()) {
        content
            .split(|line| line.is_empty())
            .filter(|block| !block.is_empty())
            .map(|block| block.iter().map(|l| l.to_string()).collect())
            .collect()
    } else {
        content.iter().map(|line| vec![line.to_string()]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_blocks() {
        assert_eq!(
            blocks("\n\nA\nb\n \nC\n\n"),
            vec![
                vec!["A".to_string(), "b".to_string()],
                vec!["C".to_string()]
            ]
        );
    }

    #[test]
    fn without_blank_lines_each_line_is_a_block() {
        assert_eq!(
            blocks("A\nb\n"),
            vec![vec!["A".to_string()], vec!["b".to_string()]]
        );
    }

    #[test]
    fn white_space_only_lines_count_as_blank() {
        assert_eq!(blocks("A\n\t\nB").len(), 2);
        assert!(blocks("").is_empty());
    }
}
