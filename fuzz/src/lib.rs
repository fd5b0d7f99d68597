//! What the fuzz targets share: the stages after reading, and the check
//! that an extractor's spans slice back to the text they point into.

use bayan::record::{Field, Record, Span, Statement};

/// Runs the parse and normalise stages over records a reader produced,
/// as the pipeline does.
pub fn parse_and_normalise(records: Vec<Record>) {
    for mut record in records {
        bayan::parse::parse(&mut record);
        bayan::normalise::normalise(&mut record);
        for span in record.mentions.iter().map(|m| m.span) {
            assert_slices_back(&record.statement, span);
        }
    }
}

/// A statement whose title is the input's first line and body the rest.
pub fn statement(text: &str) -> Statement {
    let (title, body) = text.split_once('\n').unwrap_or((text, ""));
    Statement {
        title: title.to_string(),
        body: body.to_string(),
        paragraphs: body.split("\n\n").map(String::from).collect(),
        ..Default::default()
    }
}

/// Panics unless `span` is a code-point range inside its field.
pub fn assert_slices_back(statement: &Statement, span: Span) {
    let field = match span.field {
        Field::Title => &statement.title,
        Field::Body => &statement.body,
    };
    let length = field.chars().count();
    let (start, end) = (span.start, span.end);
    assert!(
        0 <= start && start <= end && (end as usize) <= length,
        "span {start}..{end} outside a field of {length} code points"
    );
}
