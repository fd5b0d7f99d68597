//! Organisations mentioned in a statement: international bodies,
//! government departments and agencies, armed groups.
//!
//! The table (`tables/organizations.tsv`, made by
//! `tools/tables/organizations.py`) joins the supraverden list of
//! intergovernmental organisations (CC BY-SA 4.0), the entities of the UN
//! Security Council sanctions list, Wikidata labels of US federal agencies
//! and a curated list (ISIS and its branches, the Global Coalition to
//! Defeat ISIS, US departments, G7/G20, Arabic and Persian names). Matching
//! follows the [`gazetteer`](super::gazetteer) rules: acronyms match only
//! in capitals ("WHO", not "who"), the longest name wins ("داعش خراسان" is
//! ISIS-K, not ISIS).

use std::sync::LazyLock;

use super::gazetteer::EntityTable;
use crate::normalise::FieldTexts;
use crate::record::{Mention, MentionKind, Statement};

static ORGANIZATIONS: LazyLock<EntityTable> =
    LazyLock::new(|| EntityTable::from_tsv(include_str!("../tables/organizations.tsv")));

/// Builds the table now rather than on first use (see
/// `pipeline::workers::build_tables`).
pub fn build_table() {
    LazyLock::force(&ORGANIZATIONS);
}

/// Every organisation mention in the statement's title and body.
pub fn extract(statement: &Statement) -> Vec<Mention> {
    extract_in(&FieldTexts::new(statement))
}

/// [`extract`] from the statement's fields already folded.
pub fn extract_in(texts: &FieldTexts) -> Vec<Mention> {
    ORGANIZATIONS.mentions(texts, MentionKind::Organization, |_, _, _| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(body: &str) -> Vec<(String, String)> {
        let statement = Statement {
            body: body.to_string(),
            ..Statement::default()
        };
        extract(&statement)
            .into_iter()
            .map(|m| (m.name, m.text))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|&(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn isis_and_its_branches() {
        assert_eq!(
            names("تنظيم داعش خراسان ومقاتلي داعش ولداعش"),
            pairs(&[
                ("ISIS-K", "داعش خراسان"),
                ("ISIS", "داعش"),
                ("ISIS", "داعش")
            ])
        );
        assert_eq!(
            names("للتحالف الدولي لهزيمة داعش"),
            pairs(&[(
                "Global Coalition to Defeat ISIS",
                "لتحالف الدولي لهزيمة داعش"
            )])
        );
        assert_eq!(
            names("ISIS-K and ISIS"),
            pairs(&[("ISIS-K", "ISIS-K"), ("ISIS", "ISIS")])
        );
    }

    #[test]
    fn national_security_council_is_not_the_un_one() {
        assert_eq!(
            names("مجلس الأمن القومي ومجلس الأمن"),
            pairs(&[
                ("National Security Council", "مجلس الأمن القومي"),
                ("United Nations Security Council", "مجلس الأمن"),
            ])
        );
        let isis = Statement {
            body: "ISIS".to_string(),
            ..Statement::default()
        };
        assert_eq!(extract(&isis)[0].wikidata.as_deref(), Some("Q2429253"));
    }

    #[test]
    fn bodies_agencies_and_acronyms() {
        assert_eq!(
            names("The UN, NATO and the World Health Organization; who knows"),
            pairs(&[
                ("United Nations", "UN"),
                ("North Atlantic Treaty Organisation", "NATO"),
                ("World Health Organization", "World Health Organization"),
            ])
        );
        let usaid = Statement {
            body: "USAID".to_string(),
            ..Statement::default()
        };
        let found = extract(&usaid);
        assert_eq!(found[0].country.as_deref(), Some("US"));
        assert_eq!(found[0].wikidata.as_deref(), Some("Q217072"));
        assert_eq!(
            names("وزارة الخارجية الأمريكية والأمم المتحدة"),
            pairs(&[
                (
                    "United States Department of State",
                    "وزارة الخارجية الأمريكية"
                ),
                ("United Nations", "الأمم المتحدة"),
            ])
        );
    }
}
