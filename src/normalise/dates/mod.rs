//! Dates and periods mentioned in a statement (the `dates` table).
//!
//! Every date expression of the title and the body becomes one row:
//!
//! - `text` and the span are the expression as written, with its year noun,
//!   era mark and relative word but without a leading preposition or
//!   article, or punctuation at its ends: `عام 2021` (in `في عام 2021`),
//!   `26 آب/أغسطس`, `حزيران/يونيو الماضي`, `2 février 2021` (in
//!   `le 2 février 2021`), `28 февраля 2022 года`, `1 رمضان 1445 هـ`.
//! - `date` is the first day of what was written: a day, the 1st of a
//!   month, 1 January of a year. `precision` says which: `March 3, 2022`
//!   → 2022-03-03 day; `June 2021` / `حزيران 2021` → 2021-06-01 month;
//!   `عام 2021` / `in 2021` / `2021年` → 2021-01-01 year. No day or month
//!   is ever invented.
//! - `end_date` is filled only for a range written with two ends, and is
//!   the last day of the second end: `from 3 to 5 May 2022` →
//!   2022-05-03..2022-05-05; `2021–2022` / `بين 2019 و2021` →
//!   2021-01-01..2022-12-31 (year); `May–June 2022` → 2022-05-01..2022-06-30
//!   (month). A single month or year is a period too, but its `end_date`
//!   stays empty: its precision already says how long it is.
//! - `calendar` is the calendar the text used. Hijri dates (`islamic`) are
//!   converted with the Umm al-Qura calendar, the official one of Saudi
//!   Arabia (`1 رمضان 1445 هـ` → 2024-03-11); Solar Hijri dates (`persian`)
//!   with the Iranian calendar (`۷ اردیبهشت ۱۴۰۲` → 2023-04-27).
//! - `year_inferred` is true when no year was written. The year is then
//!   found from a reference date: the publication date, else the nearest
//!   day or month the statement wrote with its year before the expression
//!   (else the first one after it). The year chosen is the one that puts
//!   the date nearest the reference (`28 December` in a statement of
//!   5 January 2022 → 2021-12-28; `5 كانون الثاني/يناير 2022 … في 20
//!   آذار/مارس` → 2022-03-20; `junio de 2021 … el 17 de agosto` →
//!   2021-08-17). Relative words take the latest such month or day before
//!   the reference (`حزيران/يونيو الماضي`, `last June`, `juin dernier`,
//!   `el pasado 20 de diciembre`, `since January`, `منذ آذار`) or the first
//!   after it (`تموز المقبل`, `next May`); year phrases fix the year
//!   (`January 20th of this year`, `آذار من العام الماضي`). Without any
//!   reference date the year is the nearest one the statement wrote before
//!   the expression, else the one it writes most often (the seed's
//!   `26 آب/أغسطس` after `عام 2021` → 2021-08-26); without any year at
//!   all, the expression is left out.
//!
//! Month names are CLDR's for ar (all regional families: كانون الثاني,
//! يناير, جانفي, غشت…), fa, fa-AF, ur, en, fr, es, pt, ru (genitive and
//! nominative, plus the prepositional `в июне`) and hi, with paired
//! spellings (`26 آب/أغسطس`, `18 أيار/ مايو، 2022`, `أيار (مايو)`,
//! `فبراير شباط الماضي`). Arabic-Indic and Persian digits, the Arabic
//! comma and ordinals (`1er`, `1st`, `1º`) are read. Urdu postpositions
//! make a month or year a date (`ستمبر اور اکتوبر کے دوران`, `2022 سے
//! 2024`); Chinese dates use 年 月 日 with digits (`2021年2月11日`,
//! `2021年3月1日至5日`, `1至5月`, `8月`).
//! Dates in digits are read with the year first (`2021/04/13`,
//! `۱۴۰۰/۰۱/۱۵` Solar Hijri in Persian text, `1445/09/01هـ`) or last, day
//! first (`28.02.2022`, `13/04/2021`); `04/13/2021` is read month first,
//! and `04/05/2021` in English (or, when the language is unknown, in
//! Latin script), where it may be either, is left out.
//!
//! A four-digit number is a year only where the text says so: after a year
//! noun (`عام`, `سنة`, `سال`, `year`), a preposition (`في`, `in`, `en`,
//! `в`, `desde`), before an era mark (`م`, `هـ`, `ش`, `года`), next to a
//! month, or as one end of a range; and only 1900–2100 (1300–1500 for Hijri
//! and Solar Hijri years). So `600 مليون`, `القرار 2178`, `في 2000 مليون`
//! and phone numbers are not dates, nor are years before the Common Era
//! (`2000 ق.م`, `500 BC`). Month names that are also everyday words
//! (`صفر` "zero", Persian `مه` "fog") need a year beside them, the Afghan
//! zodiac months (`ثور` "bull") a day or a year; a month written alone
//! needs a preposition or a relative word (`in June`, `في حزيران`,
//! `تا پایان آذر`, `до конца сентября`, `last June`), and lowercase
//! English `may` and `march` without a day are not months.

mod calendar;
mod grammar;
mod infer;
mod lexicon;
mod months;
mod tokens;

/// Builds the month names' automaton now rather than on first use (see
/// `pipeline::workers::build_tables`).
pub fn build_tables() {
    std::sync::LazyLock::force(&months::MONTHS);
}

use crate::normalise::FieldTexts;
use crate::record::{DateMention, Field, Precision, Span, Statement};
use crate::text::FoldedText;

use grammar::Found;
use infer::Reference;

/// Every date or period mentioned in the statement's title and body, title
/// first, each field in text order.
pub fn extract(statement: &Statement) -> Vec<DateMention> {
    extract_in(statement, &FieldTexts::new(statement))
}

/// [`extract`] from the statement's fields already folded.
pub fn extract_in(statement: &Statement, texts: &FieldTexts) -> Vec<DateMention> {
    let located: Vec<(Field, &FoldedText, Found)> = texts
        .each()
        .into_iter()
        .flat_map(|(field, text)| {
            grammar::find(text.key(), &statement.language)
                .into_iter()
                .map(move |found| (field, text, found))
        })
        .collect();
    let reference = Reference::new(
        statement.published,
        located.iter().map(|(_, _, found)| found),
    );
    located
        .iter()
        .enumerate()
        .filter_map(|(order, (field, text, found))| to_row(*field, text, found, order, &reference))
        .collect()
}

/// The row of expression number `order`, found in `text`.
fn to_row(
    field: Field,
    text: &FoldedText,
    found: &Found,
    order: usize,
    reference: &Reference,
) -> Option<DateMention> {
    let resolved = infer::resolve(found, order, reference)?;
    let (start, end) = text.folded.source_span(found.start, found.end);
    let written: String = text.chars.get(start..end)?.iter().collect();
    let bare_month = resolved.precision == Precision::Month && resolved.year_inferred;
    if bare_month && is_lowercase_english_verb(&written) {
        return None;
    }
    Some(DateMention {
        text: written,
        date: resolved.date,
        end_date: resolved.end_date,
        precision: resolved.precision,
        year_inferred: resolved.year_inferred,
        calendar: found.calendar,
        span: Span {
            field,
            start: i32::try_from(start).ok()?,
            end: i32::try_from(end).ok()?,
        },
    })
}

/// English writes month names with a capital; a lowercase `may` or
/// `march` written without a day is the verb or the noun
/// ("may this new year", "hold back on this march").
fn is_lowercase_english_verb(text: &str) -> bool {
    text.split_whitespace()
        .any(|word| matches!(word, "may" | "march"))
}

#[cfg(test)]
mod tests;
