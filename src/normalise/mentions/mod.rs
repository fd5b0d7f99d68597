//! Places, people and organisations mentioned in a statement (the
//! `mentions` table).

pub mod organizations;
pub mod people;
pub mod places;

use crate::record::{Mention, Statement};

/// Every place, person and organisation mentioned in the title and body.
pub fn extract(statement: &Statement) -> Vec<Mention> {
    let mut mentions = places::extract(statement);
    mentions.extend(organizations::extract(statement));
    mentions.extend(people::extract(statement));
    mentions
}
