//! Organizations mentioned in a statement.

use crate::record::{Mention, Statement};

/// Every organisation mention in the statement's title and body.
pub fn extract(_statement: &Statement) -> Vec<Mention> {
    Vec::new()
}
