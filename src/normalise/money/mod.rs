//! Money amounts mentioned in a statement (the `amounts` table).
//!
//! An amount is a number with a currency: a symbol or code before it
//! (`$5`, `US$ 2.5 billion`, `EUR 40`) or a currency word after it and its
//! scale words (`600 مليون دولار`, `1,5 million d'euros`, `5 млн долларов`,
//! `۲۵ میلیون دلار`, `6亿美元`). A number without a currency is not money:
//! years (`عام 2021`), dates, percentages (`5%`) and counts (`600 مقاتل`)
//! are never amounts.
//!
//! # Fields
//!
//! - `text` and the span cover the amount as written, **qualifier, currency
//!   and scale words included**: `أكثر من 600 مليون دولار`, `about $5
//!   million`, `près de 2 milliards d'euros`, `около 3 млн долларов`,
//!   `约6亿美元`. An Arabic proclitic on the first word stays outside
//!   (`بأكثر من 600 مليون دولار` → `أكثر من 600 مليون دولار`).
//! - `value_cents` is the value in hundredths, computed in integers:
//!   `2.5 billion` → 250 000 000 000 cents exactly. Scale words multiply
//!   (`mil millones` = 10^9, `万亿` = 10^12, `5 کروڑ` = 5·10^7); smaller
//!   scales add up (`۸ لاکھ ۵۰ ہزار` = 850 000). A number word counts before
//!   a scale word (`a billion dollars`, `ثلاثة مليارات دولار`, `یک میلیارد
//!   دلار`, `一亿美元`), and a scale word alone stands for one of itself
//!   (`مليار دولار`, `mil millones`, `миллиард долларов`) or two in the
//!   Arabic dual (`مليوني دولار`).
//!   Separators follow the locale (CLDR `numbers.json`): `210،000`,
//!   `1 000 000`, `1,5 million` and `2.5 billion` all read as written; a lone
//!   `.` or `,` before exactly three digits groups thousands unless it is the
//!   decimal separator of the statement's language (`1,500` is 1500 in
//!   English, 1.5 in French). Persian `۲/۵` is 2.5 before a scale word.
//! - `currency` is the ISO 4217 code (current codes only). Names and symbols
//!   come from CLDR for every locale; a bare "dollar" (دولار، دلار، ڈالر،
//!   доллар, dólar) is **USD**, `$` alone is **USD** (`C$`, `A$`, `HK$`...
//!   name their country), `¥` is **JPY** unless the text is Chinese
//!   (**CNY**), `£` is **GBP**, a bare ريال is **SAR** in Arabic and **IRR**
//!   in Persian, a bare جنيه is **EGP**. A bare name that several countries
//!   use takes the currency of the country the statement names (درهم with
//!   المغرب → **MAD**, else **AED**; pesos with Colombia → **COP**, and no
//!   amount without such a country). The defaults and context words are
//!   listed in `tools/tables/curated/currencies.tsv`. ISO codes count only
//!   in capitals, and not those that are common acronyms (COP26, SDG).
//! - `qualifier`: `exact` unless a qualifier stands next to the amount:
//!   more than / over / أكثر من / ما يزيد على / plus de / más de / более /
//!   свыше / بیش از / سے زائد / 超过 → `more_than`; about / around / nearly /
//!   almost / نحو / حوالي / قرابة / تقريبا / environ / près de / alrededor de /
//!   около / почти / حدود / تقریباً / 约 / 左右 → `about`; less than / under /
//!   أقل من / moins de / менее / کمتر از / 不到 → `less_than`; at least /
//!   على الأقل / au moins / al menos / не менее / دست کم / 至少 → `at_least`;
//!   up to / not to exceed / ما يصل إلى / حتى / jusqu'à / hasta / вплоть до /
//!   تا سقف / حداکثر / 高达 → `up_to`. Verbs of exceeding count as
//!   `more_than` (تجاوزت, превысил), and so does Chinese 多/余 inside the
//!   number (`600多万美元`). A bare Russian "до" is not a qualifier: "довести
//!   до 200 млрд" states a target.
//!
//! # Ranges
//!
//! A range gives two rows: the lower end with `at_least`, the upper end
//! with `up_to`. Row 1 spans the opening word (if any) through the lower
//! number and whatever is written with it; row 2 spans the upper number
//! through the currency and scale words: `between $5 and $10 million` →
//! `between $5` (5 000 000 USD, at_least) and `$10 million` (10 000 000 USD,
//! up_to); `من 5 إلى 10 ملايين دولار` → `من 5` and `10 ملايين دولار`;
//! `$5–10 million` → `$5` and `10 million`. The lower end takes the upper
//! end's scale when it has none and its number is smaller (`$5–10 million`),
//! not otherwise (`$500,000 to $1 million`).

mod lexicon;
mod number;
mod tokens;

/// Builds the lexicon of currencies, scales and number words now rather
/// than on first use (see `pipeline::workers::build_tables`).
pub fn build_tables() {
    std::sync::LazyLock::force(&lexicon::LEXICON);
}

use crate::normalise::FieldTexts;
use crate::record::{Amount, Field, Qualifier, Span, Statement};
use crate::text::{Folded, FoldedText};

use lexicon::{Entry, LEXICON, Placement, ScaleReading};
use number::RawNumber;
use tokens::{Piece, Token, tokenize};

/// Every money amount mentioned in the statement's title and body.
pub fn extract(statement: &Statement) -> Vec<Amount> {
    extract_in(statement, &FieldTexts::new(statement))
}

/// [`extract`] from the statement's fields already folded.
pub fn extract_in(statement: &Statement, texts: &FieldTexts) -> Vec<Amount> {
    // The key of "title\nbody": the fold works character by character.
    let context = format!("{}\n{}", texts.title.key(), texts.body.key());
    let language = statement.language.as_str();
    let mut amounts = amounts_in(Field::Title, &texts.title, language, &context);
    amounts.extend(amounts_in(Field::Body, &texts.body, language, &context));
    amounts
}

/// The amounts of one field; `context` is the matching key of the whole
/// statement (it settles bare currency names such as "درهم").
fn amounts_in(
    field: Field,
    text: &FoldedText,
    statement_language: &str,
    context: &str,
) -> Vec<Amount> {
    let (folded, chars) = (&text.folded, text.chars.as_slice());
    let tokens = tokenize(folded, chars);
    found_in(text, &tokens, statement_language, context)
        .into_iter()
        .filter_map(|found| found.into_amount(field, folded, chars))
        .collect()
}

/// The amounts read from the `tokens` of a field.
fn found_in(
    text: &FoldedText,
    tokens: &[Token],
    statement_language: &str,
    context: &str,
) -> Vec<Found> {
    let reader = Reader {
        key: &text.folded.key,
        tokens,
        language: language_of(statement_language, text.text),
        context,
        decimal: known_language(statement_language)
            .and_then(|_| LEXICON.decimal_separator(statement_language)),
    };
    reader.amounts()
}

/// The primary language subtag, unless the language is unknown.
fn known_language(language: &str) -> Option<String> {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    let primary = primary.to_ascii_lowercase();
    (!primary.is_empty() && primary != "und").then_some(primary)
}

/// The language used to pick between readings of a word: the statement's,
/// or, when unknown, a guess from the letters of the text.
fn language_of(statement_language: &str, text: &str) -> String {
    if let Some(language) = known_language(statement_language) {
        return language;
    }
    let has = |letters: &str| text.chars().any(|c| letters.contains(c));
    let guess = if text.chars().any(is_han) {
        "zh"
    } else if has("ےںٹڈڑ") {
        "ur"
    } else if has("پچژگیک") {
        "fa"
    } else if text.chars().any(is_arabic) {
        "ar"
    } else if text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        "ru"
    } else {
        "en"
    };
    guess.to_string()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A letter or digit that makes a word longer. Han characters are not:
/// Chinese writes words without spaces (`6亿美元`).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() && !is_han(c)
}

/// True when the letters right before `at` (back to the previous space)
/// are one to three Arabic proclitics (و ف ب ل ك): `بأكثر`, `ب600`.
fn only_proclitics_before(key: &str, at: usize) -> bool {
    let word: Vec<char> = key[..at]
        .chars()
        .rev()
        .take_while(|&c| is_word_char(c))
        .collect();
    (1..=3).contains(&word.len()) && word.iter().all(|c| "وفبلك".contains(*c))
}

/// An amount found in a key: byte range, value and meaning.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    start: usize,
    end: usize,
    cents: i128,
    currency: String,
    qualifier: Qualifier,
}

impl Found {
    fn into_amount(self, field: Field, folded: &Folded, chars: &[char]) -> Option<Amount> {
        let (start, end) = folded.source_span(self.start, self.end);
        let text: String = chars.get(start..end)?.iter().collect();
        Some(Amount {
            text,
            value_cents: self.cents,
            currency: self.currency,
            qualifier: self.qualifier,
            span: Span {
                field,
                start: i32::try_from(start).ok()?,
                end: i32::try_from(end).ok()?,
            },
        })
    }
}

/// A number with what is written with it: a currency before, scale words
/// and a currency after. Indices are token indices.
#[derive(Debug)]
struct Part<'t> {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    raw: &'t RawNumber,
    power: u32,
    /// Further numbers with smaller scales: "۸ لاکھ ۵۰ ہزار" is 8·10^5 +
    /// 50·10^3.
    compounds: Vec<(&'t RawNumber, u32)>,
    has_scale: bool,
    scale_language: Option<String>,
    currency: Option<String>,
    currency_after: bool,
    /// A qualifier written between the number and its scale word:
    /// Chinese "600多万美元" (more than six million).
    infix: Option<Qualifier>,
}

/// How the number of a part is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    Digits,
    /// A number word: counts only before a scale word.
    Word,
    /// A scale word standing for one (or two) of itself.
    ScaleAlone(&'static ScaleReading),
}

/// Reads amounts out of the tokens of one field.
struct Reader<'a> {
    key: &'a str,
    tokens: &'a [Token],
    /// Picks between readings of a word ("billion", "¥").
    language: String,
    /// Matching key of the whole statement, for currency readings that
    /// depend on the country named.
    context: &'a str,
    /// The decimal separator of the statement's locale, when known.
    decimal: Option<char>,
}

impl<'a> Reader<'a> {
    fn amounts(&self) -> Vec<Found> {
        let mut found: Vec<Found> = Vec::new();
        let mut at = 0;
        while at < self.tokens.len() {
            // A symbol already read as the currency after one amount cannot
            // also open the next ("5$مليون€").
            let taken_to = found.last().map_or(0, |f| f.end);
            match self.amounts_at(at) {
                Some((amounts, next)) if amounts.iter().all(|a| a.start >= taken_to) => {
                    found.extend(amounts);
                    at = next;
                }
                _ => at += 1,
            }
        }
        found
    }

    /// The amount (or the two ends of a range) whose number is token `at`,
    /// and the index of the first token after it.
    fn amounts_at(&self, at: usize) -> Option<(Vec<Found>, usize)> {
        let lower = self.part_at(at)?;
        if let Some(range) = self.range_from(&lower) {
            return Some(range);
        }
        let currency = lower.currency.clone()?;
        let cents = self.cents(&lower, lower.power)?;
        let mut start = lower.start;
        let mut end = lower.end;
        let before = self
            .word_before(lower.first, lower.start)
            .and_then(|(token, entry)| Some((token, entry.qualifier(Placement::Before)?)));
        let after = self
            .word_after(lower.last, lower.end)
            .and_then(|(token, entry)| Some((token, entry.qualifier(Placement::After)?)));
        if let Some((token, _)) = before {
            start = token.start;
        }
        if let Some((token, _)) = after {
            end = token.end;
        }
        let qualifier = before
            .or(after)
            .map(|(_, qualifier)| qualifier)
            .or(lower.infix)
            .unwrap_or(Qualifier::Exact);
        let next = lower.last + 1 + usize::from(after.is_some());
        let found = Found {
            start,
            end,
            cents,
            currency,
            qualifier,
        };
        Some((vec![found], next))
    }

    /// Two rows for a range whose lower end is `lower`, if one follows.
    fn range_from(&self, lower: &Part) -> Option<(Vec<Found>, usize)> {
        let (joiner, joiner_entry) = self.word_after(lower.last, lower.end)?;
        let needs_opener = joiner_entry.joins_range?;
        let joiner_index = lower.last + 1;
        let upper_number = (joiner_index + 1..=joiner_index + 2).find(|&i| {
            matches!(
                self.tokens.get(i),
                Some(Token {
                    piece: Piece::Number(_),
                    ..
                })
            )
        })?;
        let upper = self.part_at(upper_number)?;
        if upper.first != joiner_index + 1 || !self.adjacent(joiner.end, upper.start) {
            return None;
        }
        let opener = self
            .word_before(lower.first, lower.start)
            .filter(|(_, entry)| entry.opens_range);
        if needs_opener && opener.is_none() {
            return None;
        }
        let upper_stands = upper.currency.is_some() || (upper.has_scale && !lower.currency_after);
        if !upper_stands {
            return None;
        }
        let currency = match (&lower.currency, &upper.currency) {
            (Some(a), Some(b)) if a != b => return None,
            (_, Some(code)) | (Some(code), None) => code.clone(),
            (None, None) => return None,
        };
        let lower_power = if lower.has_scale {
            lower.power
        } else if upper.has_scale && self.cents(lower, 0)? < self.cents(&upper, 0)? {
            upper.power
        } else {
            0
        };
        let low = Found {
            start: opener.map_or(lower.start, |(token, _)| token.start),
            end: lower.end,
            cents: self.cents(lower, lower_power)?,
            currency: currency.clone(),
            qualifier: Qualifier::AtLeast,
        };
        let high = Found {
            start: upper.start,
            end: upper.end,
            cents: self.cents(&upper, upper.power)?,
            currency,
            qualifier: Qualifier::UpTo,
        };
        Some((vec![low, high], upper.last + 1))
    }

    /// The number at token `at` with its currency and scale words, if it is
    /// a number standing on its own (not glued to a word, not a percentage).
    fn part_at(&self, at: usize) -> Option<Part<'a>> {
        let token = self.tokens.get(at)?;
        let (raw, written) = self.number_at(at)?;
        let mut part = Part {
            first: at,
            last: at,
            start: token.start,
            end: token.end,
            raw,
            power: 0,
            compounds: Vec::new(),
            has_scale: false,
            scale_language: None,
            currency: None,
            currency_after: false,
            infix: None,
        };
        if let Some((before, entry)) = self.word_before(at, token.start)
            && let Some(reading) = entry
                .currency(&self.language, self.context)
                .filter(|r| r.symbolic)
        {
            part.first = at - 1;
            part.start = before.start;
            part.currency = Some(reading.code.clone());
        } else if written == Written::Digits && !self.stands_alone_before(at) {
            return None;
        }
        if let Written::ScaleAlone(scale) = written {
            part.power = scale.power;
            part.has_scale = true;
            part.scale_language = Some(scale.lang.clone());
        }
        self.take_infix_qualifier(&mut part);
        self.take_scales(&mut part);
        let needs_scale = written == Written::Word || raw.has_slash();
        if (needs_scale && !part.has_scale) || (part.last == at && !self.stands_alone_after(at)) {
            return None;
        }
        self.take_compounds(&mut part);
        self.take_currency_after(&mut part);
        Some(part)
    }

    /// The number token `at` stands for: digits, a number word followed by
    /// a scale word ("three million"), or a scale word that implies its
    /// number ("مليار دولار", "mil millones").
    fn number_at(&self, at: usize) -> Option<(&'a RawNumber, Written)> {
        let token = self.tokens.get(at)?;
        let id = match &token.piece {
            Piece::Number(raw) => return Some((raw, Written::Digits)),
            Piece::Word(id) => *id,
        };
        let entry: &'static Entry = &LEXICON.entries[id];
        if let Some(raw) = &entry.number_word {
            return Some((raw, Written::Word));
        }
        let scale = entry.scale(&self.language)?;
        let raw = scale.alone.as_ref()?;
        let after_a_number = at > 0 && {
            let before = &self.tokens[at - 1];
            let counts = match before.piece {
                Piece::Number(_) => true,
                Piece::Word(id) => {
                    let entry = &LEXICON.entries[id];
                    entry.number_word.is_some() || !entry.scales.is_empty()
                }
            };
            counts && self.adjacent(before.end, token.start)
        };
        (!after_a_number).then_some((raw, Written::ScaleAlone(scale)))
    }

    fn take_scales(&self, part: &mut Part) {
        if self.hyphen_before_scale(part) {
            part.last += 1;
        }
        while let Some(token) = self.tokens.get(part.last + 1) {
            let Piece::Word(id) = token.piece else { break };
            let Some(scale) = LEXICON.entries[id].scale(&self.language) else {
                break;
            };
            let hyphenated = self.key.get(part.end..token.start) == Some("-");
            if !self.adjacent(part.end, token.start) && !hyphenated {
                break;
            }
            part.power += scale.power;
            part.has_scale = true;
            part.scale_language
                .get_or_insert_with(|| scale.lang.clone());
            part.last += 1;
            part.end = token.end;
        }
    }

    /// Numbers that continue a scaled number with a smaller scale ("8 lakh
    /// 50 thousand").
    fn take_compounds(&self, part: &mut Part<'a>) {
        let mut last_power = part.power;
        while part.has_scale {
            let Some(token) = self.tokens.get(part.last + 1) else {
                return;
            };
            let Piece::Number(raw) = &token.piece else {
                return;
            };
            if !self.adjacent(part.end, token.start) {
                return;
            }
            let mut power = 0;
            let mut last = part.last + 1;
            let mut end = token.end;
            while let Some(next) = self.tokens.get(last + 1)
                && let Piece::Word(id) = next.piece
                && let Some(scale) = LEXICON.entries[id].scale(&self.language)
                && self.adjacent(end, next.start)
            {
                power += scale.power;
                last += 1;
                end = next.end;
            }
            if power == 0 || power >= last_power {
                return;
            }
            part.compounds.push((raw, power));
            part.last = last;
            part.end = end;
            last_power = power;
        }
    }

    /// Chinese "多" or "余" between the number and the scale word: "600多万"
    /// is more than six million.
    fn take_infix_qualifier(&self, part: &mut Part) {
        let (Some(infix), Some(scale)) = (
            self.tokens.get(part.last + 1),
            self.tokens.get(part.last + 2),
        ) else {
            return;
        };
        let is_scale =
            matches!(scale.piece, Piece::Word(id) if !LEXICON.entries[id].scales.is_empty());
        let is_infix = matches!(self.key.get(infix.start..infix.end), Some("多" | "余"));
        if is_scale && is_infix && infix.start == part.end && infix.end == scale.start {
            part.infix = Some(Qualifier::MoreThan);
            part.last += 1;
            part.end = infix.end;
        }
    }

    /// "$5-million": a hyphen token glued between the number and a scale
    /// word.
    fn hyphen_before_scale(&self, part: &Part) -> bool {
        let (Some(dash), Some(scale)) = (
            self.tokens.get(part.last + 1),
            self.tokens.get(part.last + 2),
        ) else {
            return false;
        };
        let is_scale =
            matches!(scale.piece, Piece::Word(id) if !LEXICON.entries[id].scales.is_empty());
        is_scale
            && dash.start == part.end
            && dash.end == scale.start
            && self.key.get(dash.start..dash.end) == Some("-")
    }

    /// A currency word after the number and scale words ("millions de
    /// dollars" through a linking "de"). A symbol that starts the next
    /// amount ("2020 $5") is left to it.
    fn take_currency_after(&self, part: &mut Part) {
        let mut index = part.last + 1;
        let mut from = part.end;
        if part.has_scale
            && let Some((link, entry)) = self.word_after(part.last, part.end)
            && entry.links_scale
        {
            index += 1;
            from = link.end;
        }
        let Some(token) = self.tokens.get(index) else {
            return;
        };
        let Piece::Word(id) = token.piece else { return };
        let Some(reading) = LEXICON.entries[id].currency(&self.language, self.context) else {
            return;
        };
        if !self.adjacent(from, token.start) {
            return;
        }
        let starts_next_amount = reading.symbolic
            && self.tokens.get(index + 1).is_some_and(|next| {
                matches!(next.piece, Piece::Number(_)) && self.adjacent(token.end, next.start)
            });
        let agrees = part
            .currency
            .as_ref()
            .is_none_or(|code| *code == reading.code);
        if starts_next_amount || !agrees {
            return;
        }
        part.currency = Some(reading.code.clone());
        part.currency_after = true;
        part.last = index;
        part.end = token.end;
    }

    /// The number is not the tail of a word (`COVID19`), except after
    /// Arabic proclitics (`ب600`) or a range word (`و10`).
    fn stands_alone_before(&self, at: usize) -> bool {
        let Some(token) = self.tokens.get(at) else {
            return false;
        };
        if at > 0 && self.tokens[at - 1].end == token.start {
            return true;
        }
        match self.key[..token.start].chars().next_back() {
            Some(c) if is_word_char(c) => only_proclitics_before(self.key, token.start),
            _ => true,
        }
    }

    /// The number is not glued to a word (`5th`) or a percent sign.
    fn stands_alone_after(&self, at: usize) -> bool {
        let Some(token) = self.tokens.get(at) else {
            return false;
        };
        if self
            .tokens
            .get(at + 1)
            .is_some_and(|next| next.start == token.end)
        {
            return true;
        }
        !self.key[token.end..]
            .chars()
            .next()
            .is_some_and(|c| is_word_char(c) || matches!(c, '%' | '٪' | '‰'))
    }

    /// The lexicon word right before token `at`, separated by white space
    /// at most.
    fn word_before(&self, at: usize, start: usize) -> Option<(&'a Token, &'static Entry)> {
        let token = self.tokens.get(at.checked_sub(1)?)?;
        let Piece::Word(id) = token.piece else {
            return None;
        };
        self.adjacent(token.end, start)
            .then(|| (token, &LEXICON.entries[id]))
    }

    /// The lexicon word right after token `at`, separated by white space at
    /// most.
    fn word_after(&self, at: usize, end: usize) -> Option<(&'a Token, &'static Entry)> {
        let token = self.tokens.get(at + 1)?;
        let Piece::Word(id) = token.piece else {
            return None;
        };
        self.adjacent(end, token.start)
            .then(|| (token, &LEXICON.entries[id]))
    }

    /// Only white space (three characters at most) between the two offsets.
    fn adjacent(&self, from: usize, to: usize) -> bool {
        from <= to
            && self.key.get(from..to).is_some_and(|gap| {
                gap.chars().count() <= 3
                    && gap.chars().all(|c| c.is_whitespace() || c == '\u{200C}')
            })
    }

    /// The part's value times `10^power`, in hundredths.
    fn cents(&self, part: &Part, power: u32) -> Option<i128> {
        let decimal = self.decimal.or_else(|| {
            let language = part.scale_language.as_deref().unwrap_or(&self.language);
            LEXICON.decimal_separator(language)
        });
        let mut cents = part.raw.value(decimal)?.cents(power)?;
        for (raw, power) in &part.compounds {
            cents = cents.checked_add(raw.value(decimal)?.cents(*power)?)?;
        }
        Some(cents)
    }
}

#[cfg(test)]
pub(crate) mod tests;
