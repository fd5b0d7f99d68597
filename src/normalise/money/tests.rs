use proptest::prelude::*;

use super::tokens::{
    Place, at_word_edges, first_word_end, for_each_place_in, for_each_possible_start, tokenize,
    tokenize_everywhere, windows_around_anchors,
};
use super::*;

fn statement(language: &str, body: &str) -> Statement {
    Statement {
        language: language.to_string(),
        body: body.to_string(),
        ..Statement::default()
    }
}

/// (text, value in units as written in the contract, currency, qualifier).
fn amounts(language: &str, body: &str) -> Vec<(String, String, String, &'static str)> {
    extract(&statement(language, body))
        .into_iter()
        .map(|a| {
            let units = format!("{}.{:02}", a.value_cents / 100, a.value_cents % 100);
            (a.text, units, a.currency, a.qualifier.as_str())
        })
        .collect()
}

fn one(language: &str, body: &str) -> (String, String, String, &'static str) {
    let mut found = amounts(language, body);
    assert_eq!(found.len(), 1, "{body}: {found:?}");
    found.remove(0)
}

fn row(
    text: &str,
    units: &str,
    currency: &str,
    qualifier: &'static str,
) -> (String, String, String, &'static str) {
    (
        text.to_string(),
        units.to_string(),
        currency.to_string(),
        qualifier,
    )
}

/// The seed statement (`../shared/seed`): its first line is the title, the
/// four paragraphs after it are the body; the cookie line is boilerplate.
pub(crate) fn seed(language: &str) -> Statement {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/000_9e8232f106620835.txt"
    );
    let seed = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("the seed statement is needed at {path}: {error}"));
    let lines: Vec<&str> = seed.lines().filter(|l| !l.trim().is_empty()).collect();
    Statement {
        title: lines[0].to_string(),
        body: lines[1..5].join("\n\n"),
        language: language.to_string(),
        ..Statement::default()
    }
}

/// The code points of `text` that `span` covers.
pub(crate) fn slice(text: &str, span: Span) -> String {
    let start = usize::try_from(span.start).unwrap_or(0);
    let end = usize::try_from(span.end).unwrap_or(0);
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

#[test]
fn seed_statement() {
    for language in ["und", "ar"] {
        let statement = seed(language);
        let found = extract(&statement);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].text, "أكثر من 600 مليون دولار");
        assert_eq!(found[0].value_cents, 60_000_000_000);
        assert_eq!(found[0].currency, "USD");
        assert_eq!(found[0].qualifier, Qualifier::MoreThan);
        assert_eq!(found[1].text, "670 مليون دولار");
        assert_eq!(found[1].value_cents, 67_000_000_000);
        assert_eq!(found[1].qualifier, Qualifier::Exact);
        for amount in &found {
            assert_eq!(slice(&statement.body, amount.span), amount.text);
        }
    }
}

#[test]
fn arabic() {
    assert_eq!(
        one(
            "ar",
            "قدمت الولايات المتحدة نحو 210،000 دولار أمريكي للبرنامج."
        ),
        row("نحو 210،000 دولار أمريكي", "210000.00", "USD", "about")
    );
    assert_eq!(
        one("ar", "بتكلفة ٢٥٠ مليون دولار"),
        row("٢٥٠ مليون دولار", "250000000.00", "USD", "exact")
    );
    assert_eq!(
        one("ar", "تعهدت بما يزيد على 1.5 مليار يورو"),
        row(
            "ما يزيد على 1.5 مليار يورو",
            "1500000000.00",
            "EUR",
            "more_than"
        )
    );
    assert_eq!(
        one("ar", "بقيمة 5 ملايين دولار تقريباً."),
        row("5 ملايين دولار تقريباً", "5000000.00", "USD", "about")
    );
    assert_eq!(
        one("ar", "خصصت بأكثر من 3 آلاف جنيه"),
        row("أكثر من 3 آلاف جنيه", "3000.00", "EGP", "more_than")
    );
    assert_eq!(
        one("ar", "منحة ما يصل إلى 20 مليون ريال سعودي"),
        row(
            "ما يصل إلى 20 مليون ريال سعودي",
            "20000000.00",
            "SAR",
            "up_to"
        )
    );
}

#[test]
fn english() {
    assert_eq!(
        one(
            "en",
            "The United States is providing more than $600 million in aid."
        ),
        row("more than $600 million", "600000000.00", "USD", "more_than")
    );
    assert_eq!(
        one("en", "a grant of US$ 2.5 billion"),
        row("US$ 2.5 billion", "2500000000.00", "USD", "exact")
    );
    assert_eq!(
        one("en", "nearly €40,000,000 for schools"),
        row("nearly €40,000,000", "40000000.00", "EUR", "about")
    );
    assert_eq!(
        one("en", "an additional $5m grant"),
        row("$5m", "5000000.00", "USD", "exact")
    );
    assert_eq!(
        one("en", "a $5-million program"),
        row("$5-million", "5000000.00", "USD", "exact")
    );
    assert_eq!(
        one("en", "at least 12 million U.S. dollars"),
        row(
            "at least 12 million U.S. dollars",
            "12000000.00",
            "USD",
            "at_least"
        )
    );
    assert_eq!(
        one("en", "Canada gave C$3.25 million"),
        row("C$3.25 million", "3250000.00", "CAD", "exact")
    );
    assert_eq!(
        one("en", "and USD 1,234.56 was returned"),
        row("USD 1,234.56", "1234.56", "USD", "exact")
    );
    assert_eq!(
        one("en", "approximately £300,000"),
        row("approximately £300,000", "300000.00", "GBP", "about")
    );
}

#[test]
fn french_spanish_russian() {
    assert_eq!(
        one("fr", "une aide de plus de 1,5 million de dollars"),
        row(
            "plus de 1,5 million de dollars",
            "1500000.00",
            "USD",
            "more_than"
        )
    );
    assert_eq!(
        one("fr", "environ 2 milliards d'euros"),
        row(
            "environ 2 milliards d'euros",
            "2000000000.00",
            "EUR",
            "about"
        )
    );
    assert_eq!(
        one("fr", "un budget de 1 000 000 €"),
        row("1 000 000 €", "1000000.00", "EUR", "exact")
    );
    assert_eq!(
        one("es", "casi 5 mil millones de dólares"),
        row(
            "casi 5 mil millones de dólares",
            "5000000000.00",
            "USD",
            "about"
        )
    );
    assert_eq!(
        one("es", "un aporte de 2.500 millones de euros"),
        row("2.500 millones de euros", "2500000000.00", "EUR", "exact")
    );
    assert_eq!(
        one("ru", "более 3,5 млрд долларов США"),
        row(
            "более 3,5 млрд долларов США",
            "3500000000.00",
            "USD",
            "more_than"
        )
    );
    assert_eq!(
        one("ru", "около 600 миллионов долларов"),
        row(
            "около 600 миллионов долларов",
            "600000000.00",
            "USD",
            "about"
        )
    );
}

#[test]
fn persian_urdu_chinese() {
    assert_eq!(
        one("fa", "بیش از ۲۵ میلیون دلار کمک"),
        row("بیش از ۲۵ میلیون دلار", "25000000.00", "USD", "more_than")
    );
    assert_eq!(
        one("fa", "۲٫۵ میلیارد ریال"),
        row("۲٫۵ میلیارد ریال", "2500000000.00", "IRR", "exact")
    );
    assert_eq!(
        one("ur", "امریکہ نے 25 ملین ڈالر سے زائد کی امداد دی"),
        row("25 ملین ڈالر سے زائد", "25000000.00", "USD", "more_than")
    );
    assert_eq!(
        one("ur", "ہر عازم کو تقریباً ۸ لاکھ ۵۰ ہزار روپے ادا کرنے ہوں گے"),
        row("تقریباً ۸ لاکھ ۵۰ ہزار روپے", "850000.00", "PKR", "about")
    );
    assert_eq!(
        one("fa", "تا سقف ۳ میلیارد دلار"),
        row("تا سقف ۳ میلیارد دلار", "3000000000.00", "USD", "up_to")
    );
    assert_eq!(
        one("ur", "5 کروڑ روپے"),
        row("5 کروڑ روپے", "50000000.00", "PKR", "exact")
    );
    assert_eq!(
        one("zh", "美国将提供约6亿美元的援助"),
        row("约6亿美元", "600000000.00", "USD", "about")
    );
    assert_eq!(
        one("zh", "总额1.5万亿美元"),
        row("1.5万亿美元", "1500000000000.00", "USD", "exact")
    );
    assert_eq!(
        one("zh", "价值¥300万左右"),
        row("¥300万左右", "3000000.00", "CNY", "about")
    );
    assert_eq!(one("ja", "¥500").2, "JPY");
    assert_eq!(
        one("zh", "援助600多万美元"),
        row("600多万美元", "6000000.00", "USD", "more_than")
    );
    assert_eq!(
        one("fa", "۲/۵ میلیارد دلار"),
        row("۲/۵ میلیارد دلار", "2500000000.00", "USD", "exact")
    );
    assert_eq!(amounts("fa", "۲۴/۷ دلار"), vec![]);
}

#[test]
fn bare_currency_names_follow_the_country_named() {
    assert_eq!(
        one("ar", "خصصت الحكومة المغربية مبلغ 150 مليون درهم").2,
        "MAD"
    );
    assert_eq!(one("ar", "قدمت الإمارات 150 مليون درهم").2, "AED");
    assert_eq!(
        one("es", "Colombia ha invertido más de 1,2 billones de pesos"),
        row(
            "más de 1,2 billones de pesos",
            "1200000000000.00",
            "COP",
            "more_than"
        )
    );
    assert_eq!(amounts("es", "costó 5 millones de pesos"), vec![]);
    assert_eq!(
        one(
            "fr",
            "Le Sénégal lance un emprunt de 330 milliards de francs CFA"
        ),
        row(
            "330 milliards de francs CFA",
            "330000000000.00",
            "XOF",
            "exact"
        )
    );
    assert_eq!(one("ru", "помощь на сумму около 1,2 млрд тенге").2, "KZT");
    assert_eq!(
        one("ru", "выделит 5 млн долл. США"),
        row("5 млн долл. США", "5000000.00", "USD", "exact")
    );
}

#[test]
fn verbs_of_exceeding_and_targets() {
    assert_eq!(
        amounts(
            "ru",
            "превысил 140 млрд долларов, а к 2024 году довести его до 200 млрд долларов"
        ),
        vec![
            row(
                "превысил 140 млрд долларов",
                "140000000000.00",
                "USD",
                "more_than"
            ),
            row("200 млрд долларов", "200000000000.00", "USD", "exact"),
        ]
    );
    assert_eq!(
        one("en", "in an amount not to exceed $500 million"),
        row("not to exceed $500 million", "500000000.00", "USD", "up_to")
    );
}

#[test]
fn number_words_and_scale_words_alone() {
    assert_eq!(
        one("ar", "تعهدت بأكثر من مليار دولار"),
        row("أكثر من مليار دولار", "1000000000.00", "USD", "more_than")
    );
    assert_eq!(one("ar", "قدمت مليوني دولار").1, "2000000.00");
    assert_eq!(one("ar", "ثلاثة مليارات دولار").1, "3000000000.00");
    assert_eq!(one("ar", "ألف مليار دولار").1, "1000000000000.00");
    assert_eq!(
        one("es", "aportará mil millones de dólares"),
        row("mil millones de dólares", "1000000000.00", "USD", "exact")
    );
    assert_eq!(one("es", "un millón de euros").1, "1000000.00");
    assert_eq!(one("en", "nearly a billion dollars").1, "1000000000.00");
    assert_eq!(one("en", "three million dollars").1, "3000000.00");
    assert_eq!(one("en", "five hundred million dollars").1, "500000000.00");
    assert_eq!(one("ar", "مئة مليون دولار").1, "100000000.00");
    assert_eq!(one("ru", "миллиард долларов").1, "1000000000.00");
    assert_eq!(one("fa", "یک میلیارد دلار").1, "1000000000.00");
    assert_eq!(one("zh", "一亿美元").1, "100000000.00");
    for body in [
        "a million refugees",
        "ملايين الدولارات",
        "مليون لاجئ",
        "a dollar",
        "mil personas",
    ] {
        assert_eq!(amounts("und", body), vec![], "{body}");
    }
}

#[test]
fn ranges_give_two_rows() {
    assert_eq!(
        amounts("en", "between $5 and $10 million"),
        vec![
            row("between $5", "5000000.00", "USD", "at_least"),
            row("$10 million", "10000000.00", "USD", "up_to"),
        ]
    );
    assert_eq!(
        amounts("en", "costs of $5–10 million"),
        vec![
            row("$5", "5000000.00", "USD", "at_least"),
            row("10 million", "10000000.00", "USD", "up_to"),
        ]
    );
    assert_eq!(
        amounts("en", "from $500,000 to $1 million"),
        vec![
            row("from $500,000", "500000.00", "USD", "at_least"),
            row("$1 million", "1000000.00", "USD", "up_to"),
        ]
    );
    assert_eq!(
        amounts("ar", "من 5 إلى 10 ملايين دولار"),
        vec![
            row("من 5", "5000000.00", "USD", "at_least"),
            row("10 ملايين دولار", "10000000.00", "USD", "up_to"),
        ]
    );
    assert_eq!(
        amounts("ar", "بين 5 و10 ملايين دولار"),
        vec![
            row("بين 5", "5000000.00", "USD", "at_least"),
            row("10 ملايين دولار", "10000000.00", "USD", "up_to"),
        ]
    );
}

#[test]
fn sums_given_to_counts_are_not_ranges() {
    assert_eq!(
        amounts("en", "provided $5 million to 10 countries"),
        vec![row("$5 million", "5000000.00", "USD", "exact")]
    );
    assert_eq!(
        amounts("en", "$5 million and $7 million"),
        vec![
            row("$5 million", "5000000.00", "USD", "exact"),
            row("$7 million", "7000000.00", "USD", "exact"),
        ]
    );
}

#[test]
fn numbers_without_currency_are_not_money() {
    for body in [
        "في عام 2021 التقى 600 مقاتل",
        "On 26 August 2021, 5% of 600 people",
        "في 26 آب/أغسطس",
        "COVID19 cases rose 5,000",
        "the 5th of 10 million households",
        "all 50 states",
        "Resolution 2254 (2015)",
        "ملايين الدولارات",
    ] {
        assert_eq!(amounts("und", body), vec![], "{body}");
    }
}

#[test]
fn a_symbol_read_after_one_amount_does_not_open_the_next() {
    let found = amounts("und", "5$مليون€");
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_year_before_a_symbol_leaves_the_symbol_to_the_amount() {
    assert_eq!(
        amounts("en", "In 2020 $5 million was pledged"),
        vec![row("$5 million", "5000000.00", "USD", "exact")]
    );
}

#[test]
fn unknown_language_reads_from_the_letters() {
    assert_eq!(one("und", "۲۵ میلیون ریال").2, "IRR");
    assert_eq!(one("und", "25 مليون ريال").2, "SAR");
    assert_eq!(one("und", "1,5 milliard de dollars").1, "1500000000.00");
    assert_eq!(one("und", "2 billion dollars").1, "2000000000.00");
    assert_eq!(one("fr", "2 billions de dollars").1, "2000000000000.00");
}

#[test]
fn title_and_body_are_both_read() {
    let statement = Statement {
        title: "$5 million for Iraq".to_string(),
        body: "The grant of $5 million".to_string(),
        language: "en".to_string(),
        ..Statement::default()
    };
    let found = extract(&statement);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].span.field, Field::Title);
    assert_eq!(
        found[1].span,
        Span {
            field: Field::Body,
            start: 13,
            end: 23
        }
    );
}

proptest! {
    #[test]
    fn never_panics_and_spans_slice_back(body in "\\PC{0,200}") {
        for amount in extract(&statement("und", &body)) {
            prop_assert_eq!(slice(&body, amount.span), amount.text);
        }
    }

    #[test]
    fn money_like_text_slices_back(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("$"), Just("5"), Just("1,5"), Just(" "), Just("مليون"), Just("دولار"),
                Just("أكثر من"), Just("million"), Just("to"), Just("-"), Just("و"),
                Just("بين"), Just("€"), Just("亿"), Just("美元"), Just("٢٥٠"), Just("USD"),
                Just("ب"), Just("."), Just("،"), Just("de"), Just("euros"),
            ],
            0..24,
        )
    ) {
        let body: String = parts.concat();
        let found = extract(&statement("und", &body));
        let mut previous_end = 0;
        for amount in found {
            prop_assert_eq!(slice(&body, amount.span), amount.text.clone());
            prop_assert!(amount.span.start >= previous_end, "overlap in {}", body);
            prop_assert!(amount.value_cents >= 0);
            previous_end = amount.span.end;
        }
    }

    /// The tokenizer walks the lexicon only from the possible starts; an
    /// unanchored search of the whole key, filtered the same way, finds
    /// exactly the same words.
    #[test]
    fn words_from_possible_starts_are_every_word_at_an_edge(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("$"), Just("5"), Just(" "), Just("مليون"), Just("دولار"), Just("وب"),
                Just("a"), Just("an"), Just("banana"), Just("million"), Just("m"), Just("و"),
                Just("فل"), Just("€"), Just("亿"), Just("美元"), Just("USD"), Just("US$"),
                Just("ب"), Just("."), Just("de"), Just("euros"), Just("أكثر من"), Just("x"),
            ],
            0..24,
        )
    ) {
        prop_assert_eq!(walked_words(&parts.concat()), words_at_edges(&parts.concat()));
    }

    /// The same, in English-like text with signs, digits and phrases.
    #[test]
    fn words_of_english_text_from_possible_starts_are_every_word_at_an_edge(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("the"), Just("thousand"), Just(" "), Just("  "), Just("5"), Just("m"),
                Just("bn"), Just("approx."), Just("d'"), Just("d’"), Just("dollars"), Just("-"),
                Just("k"), Just("mln"), Just("млн"), Just("тыс."), Just("plus de"), Just("more"),
                Just("than"), Just("mil"), Just("millones"), Just("café"), Just("2021"),
                Just(","), Just("("), Just("ministry"), Just("a"), Just("over"), Just("é"),
                Just("£"), Just("€"), Just("EUR"), Just("and"), Just("to"), Just("’"),
            ],
            0..24,
        )
    ) {
        prop_assert_eq!(walked_words(&parts.concat()), words_at_edges(&parts.concat()));
    }
}

proptest! {
    /// The end of a word, read eight ASCII bytes at a time, is the first
    /// character that is no word character or is an ASCII digit.
    #[test]
    fn a_word_ends_at_its_first_non_word_character(
        text in "[a-zA-Z0-9 .,'@\\[`{~\u{7f}éЖوب亿²_-]{0,40}"
    ) {
        for (start, _) in text.char_indices() {
            let expected = text[start..]
                .char_indices()
                .find(|&(_, c)| !is_word_char(c) || c.is_ascii_digit())
                .map_or(text.len(), |(at, _)| start + at);
            prop_assert_eq!(first_word_end(&text, start), expected, "{:?} from {}", text, start);
        }
    }
}

/// The amounts read from the words near numbers only, and from every word
/// of the key, in `language`.
fn found_near_numbers_and_everywhere(language: &str, text: &str) -> (Vec<Found>, Vec<Found>) {
    let text = crate::text::FoldedText::new(text);
    let (folded, chars) = (&text.folded, text.chars.as_slice());
    let read = |tokens: &[tokens::Token]| found_in(&text, tokens, language, &folded.key);
    (
        read(&tokenize(folded, chars)),
        read(&tokenize_everywhere(folded, chars)),
    )
}

/// Words, numbers and signs that make up amounts and the text between
/// them, in several languages.
const PIECES_OF_MONEY_TEXT: &[&str] = &[
    "the",
    "ministry",
    " ",
    "  ",
    "\n",
    "5",
    "2021",
    "1,5",
    "m",
    "bn",
    "million",
    "a",
    "three",
    "dollars",
    "$",
    "US$",
    "€",
    "EUR",
    "euros",
    "de",
    "d'",
    "more",
    "than",
    "over",
    "between",
    "and",
    "to",
    "-",
    "up",
    "of",
    "in excess of",
    "approx.",
    "%",
    ".",
    ",",
    "café",
    "é",
    "x",
    "مليون",
    "دولار",
    "ب",
    "أكثر من",
    "مليار",
    "بين",
    "و",
    "亿",
    "美元",
    "多",
    "约",
    "mil",
    "millones",
    "pesos",
    "Colombia",
    "درهم",
    "المغرب",
    "k",
    "b",
    "hundred",
    "thousand",
    "mille",
    "family",
    "Md",
    "_",
    "'",
    "ألف",
    "الألف",
    "млн",
    "тыс.",
    "一",
    "万",
    "two",
    "mil millones",
];

proptest! {
    /// Looking for words only in the stretches that may hold an amount
    /// reads the same amounts as looking everywhere.
    #[test]
    fn words_near_numbers_read_the_amounts_of_every_word(
        language in prop_oneof![Just("en"), Just("und"), Just("fr"), Just("ar"), Just("zh")],
        parts in proptest::collection::vec(proptest::sample::select(PIECES_OF_MONEY_TEXT), 0..30),
    ) {
        let text = parts.concat();
        let (near, everywhere) = found_near_numbers_and_everywhere(language, &text);
        prop_assert_eq!(near, everywhere, "{:?}", text);
    }
}

proptest! {
    /// Reading a window of the key meets the places that reading the
    /// whole key meets there, and the windows hold every number and every
    /// scale word at word edges.
    #[test]
    fn windows_meet_the_places_of_the_whole_key(
        parts in proptest::collection::vec(proptest::sample::select(PIECES_OF_MONEY_TEXT), 0..30),
    ) {
        let key = crate::text::fold_key(&parts.concat());
        let places_in = |window: std::ops::Range<usize>| {
            let mut places = Vec::new();
            for_each_place_in(&key, &LEXICON, window, |place| places.push(place));
            places
        };
        let everywhere = places_in(0..key.len());
        let numbers = number::scan(&key);
        let windows = windows_around_anchors(&key, &LEXICON, &numbers);
        for window in &windows {
            let expected: Vec<Place> = everywhere
                .iter()
                .copied()
                .filter(|&(Place::Start(at) | Place::Barrier(at))| window.contains(&at))
                .collect();
            prop_assert_eq!(places_in(window.clone()), expected, "{:?} in {:?}", window, key);
        }
        let in_a_window = |at: usize| windows.iter().any(|w| w.contains(&at));
        for number in &numbers {
            prop_assert!(in_a_window(number.span.start), "{:?} in {:?}", number, key);
        }
        for (start, end, id) in words_at_edges(&key) {
            if !LEXICON.entries[id].scales.is_empty() {
                prop_assert!(in_a_window(start) && in_a_window(end - 1), "{} in {:?}", &key[start..end], key);
            }
        }
    }
}

#[test]
fn words_far_from_numbers_are_not_looked_for() {
    let text = "the ministry and the people said more than 5 million dollars";
    let folded = crate::text::FoldedText::new(text);
    let tokens = tokenize(&folded.folded, &folded.chars);
    let everywhere = tokenize_everywhere(&folded.folded, &folded.chars);
    assert!(tokens.len() < everywhere.len(), "{tokens:?}");
    let (near, everywhere) = found_near_numbers_and_everywhere("en", text);
    assert_eq!(near.len(), 1);
    assert_eq!(near, everywhere);
}

/// The lexicon words at word edges of the key of `text`, walked from the
/// possible starts.
fn walked_words(text: &str) -> Vec<(usize, usize, usize)> {
    let key = crate::text::fold_key(text);
    let mut walked = Vec::new();
    for_each_possible_start(&key, &LEXICON, |start| {
        LEXICON.words_at(&key, start, |end, id| {
            if at_word_edges(&key, start, end, &LEXICON.entries[id]) {
                walked.push((start, end, id));
            }
        });
    });
    walked.sort_unstable();
    walked
}

/// The lexicon words at word edges of the key of `text`, found by an
/// unanchored search of the whole key.
fn words_at_edges(text: &str) -> Vec<(usize, usize, usize)> {
    use aho_corasick::automaton::Automaton;
    let key = crate::text::fold_key(text);
    let at_edges =
        |start: usize, end: usize, id: usize| at_word_edges(&key, start, end, &LEXICON.entries[id]);
    let mut everywhere: Vec<(usize, usize, usize)> = LEXICON
        .automaton()
        .try_find_overlapping_iter(aho_corasick::Input::new(&key))
        .expect("an unanchored overlapping search")
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .filter(|&(start, end, id)| at_edges(start, end, id))
        .collect();
    everywhere.sort_unstable();
    everywhere
}
