//! Money amounts mentioned in a statement (the `amounts` table).

use crate::record::{Amount, Statement};

/// Every money amount mentioned in the statement's title and body.
pub fn extract(_statement: &Statement) -> Vec<Amount> {
    Vec::new()
}
