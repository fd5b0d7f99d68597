//! Tests of the whole extractor: sentences in every supported language,
//! the seed statement, negatives, and offsets.

use chrono::NaiveDate;

use super::extract;
use crate::record::{Calendar, DateMention, Field, Precision, Statement};

fn statement(body: &str, published: Option<NaiveDate>) -> Statement {
    Statement {
        body: body.to_string(),
        published,
        ..Statement::default()
    }
}

fn dates(body: &str) -> Vec<DateMention> {
    extract(&statement(body, None))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// (text, date, end_date, precision, year_inferred, calendar) of a row.
type Row = (
    String,
    NaiveDate,
    Option<NaiveDate>,
    Precision,
    bool,
    Calendar,
);

fn summary(rows: &[DateMention]) -> Vec<Row> {
    let fields = |r: &DateMention| {
        (
            r.text.clone(),
            r.date,
            r.end_date,
            r.precision,
            r.year_inferred,
            r.calendar,
        )
    };
    rows.iter().map(fields).collect()
}

fn one(body: &str) -> Row {
    let rows = summary(&dates(body));
    assert_eq!(rows.len(), 1, "{body:?} gave {rows:?}");
    rows.into_iter().next().unwrap_or_else(|| unreachable!())
}

/// A row with the year written and no end date.
fn written(text: &str, date: NaiveDate, precision: Precision, calendar: Calendar) -> Row {
    row(text, date, None, precision, false, calendar)
}

fn row(
    text: &str,
    date: NaiveDate,
    end_date: Option<NaiveDate>,
    precision: Precision,
    year_inferred: bool,
    calendar: Calendar,
) -> Row {
    (
        text.to_string(),
        date,
        end_date,
        precision,
        year_inferred,
        calendar,
    )
}

/// Each input gives exactly one row: a Gregorian day with its year written.
fn check_days(cases: &[(&str, &str, NaiveDate)]) {
    for &(input, text, date) in cases {
        assert_eq!(one(input), day(text, date));
    }
}

/// A Gregorian day with its year written.
fn day(text: &str, date: NaiveDate) -> Row {
    written(text, date, Precision::Day, Calendar::Gregorian)
}

#[test]
fn arabic_day_month_year_in_every_month_family() {
    check_days(&[
        (
            "عقد الاجتماع في 3 كانون الثاني 2022 في بغداد",
            "3 كانون الثاني 2022",
            ymd(2022, 1, 3),
        ),
        (
            "وصل الوفد في 15 تشرين الأول 2021.",
            "15 تشرين الأول 2021",
            ymd(2021, 10, 15),
        ),
        ("بتاريخ 7 يناير 2023 أعلنت", "7 يناير 2023", ymd(2023, 1, 7)),
        (
            "يوم 5 جويلية 2022 بالجزائر",
            "5 جويلية 2022",
            ymd(2022, 7, 5),
        ),
        ("في 20 غشت 2021 بالرباط", "20 غشت 2021", ymd(2021, 8, 20)),
        ("في 9 شتنبر 2020", "9 شتنبر 2020", ymd(2020, 9, 9)),
        ("في 9 اغسطس 2020", "9 اغسطس 2020", ymd(2020, 8, 9)),
        ("في 1 فيفري 2024", "1 فيفري 2024", ymd(2024, 2, 1)),
    ]);
}

#[test]
fn arabic_paired_months_and_comma() {
    check_days(&[
        (
            "في 18 أيار/ مايو، 2022 قال",
            "18 أيار/ مايو، 2022",
            ymd(2022, 5, 18),
        ),
        (
            "بتاريخ 10 آذار/مارس، 2022.",
            "10 آذار/مارس، 2022",
            ymd(2022, 3, 10),
        ),
        (
            "في 4 أيار (مايو) 2022",
            "4 أيار (مايو) 2022",
            ymd(2022, 5, 4),
        ),
    ]);
}

#[test]
fn arabic_indic_and_persian_digits() {
    check_days(&[
        ("في ٢٦ آب/أغسطس ٢٠٢١", "٢٦ آب/أغسطس ٢٠٢١", ymd(2021, 8, 26)),
        ("در ۱۲ آوریل ۲۰۲۳ گفت", "۱۲ آوریل ۲۰۲۳", ymd(2023, 4, 12)),
        ("تا ۵ دسامبر ۲۰۲۲", "۵ دسامبر ۲۰۲۲", ymd(2022, 12, 5)),
    ]);
}

#[test]
fn persian_solar_hijri() {
    let got = one("روز ۷ اردیبهشت ۱۴۰۲ برگزار شد");
    assert_eq!(
        got,
        written(
            "۷ اردیبهشت ۱۴۰۲",
            ymd(2023, 4, 27),
            Precision::Day,
            Calendar::Persian
        )
    );
    let got = one("در خرداد ۱۴۰۱ ");
    assert_eq!(
        got,
        written(
            "خرداد ۱۴۰۱",
            ymd(2022, 5, 22),
            Precision::Month,
            Calendar::Persian
        )
    );
    let got = one("در سال ۱۴۰۰ شمسی");
    assert_eq!(got.1, ymd(2021, 3, 21));
    assert_eq!((got.3, got.5), (Precision::Year, Calendar::Persian));
}

#[test]
fn hijri_dates() {
    let got = one("يبدأ الشهر في 1 رمضان 1445 هـ بإذن الله");
    assert_eq!(
        got,
        written(
            "1 رمضان 1445 هـ",
            ymd(2024, 3, 11),
            Precision::Day,
            Calendar::Islamic
        )
    );
    let got = one("الموافق 10 ذي الحجة 1444هـ");
    assert_eq!((got.1, got.5), (ymd(2023, 6, 28), Calendar::Islamic));
    let got = one("في شهر محرم 1446");
    assert_eq!((got.1, got.3), (ymd(2024, 7, 7), Precision::Month));
}

#[test]
fn chinese() {
    check_days(&[(
        "2021年2月11日，外交部发言人",
        "2021年2月11日",
        ymd(2021, 2, 11),
    )]);
    let got = one("2021年2月，双方");
    assert_eq!(
        (got.0.as_str(), got.1, got.3),
        ("2021年2月", ymd(2021, 2, 1), Precision::Month)
    );
}

#[test]
fn russian_french_spanish_portuguese() {
    check_days(&[
        (
            "Встреча состоялась 28 февраля 2022 года в Москве.",
            "28 февраля 2022 года",
            ymd(2022, 2, 28),
        ),
        (
            "Paris, le 2 février 2021.",
            "2 février 2021",
            ymd(2021, 2, 2),
        ),
        (
            "Depuis le 1er mars 2022, la France",
            "1er mars 2022",
            ymd(2022, 3, 1),
        ),
        (
            "el 20 de diciembre de 2023 en Madrid",
            "20 de diciembre de 2023",
            ymd(2023, 12, 20),
        ),
        (
            "Em 3 de março de 2022, o Brasil",
            "3 de março de 2022",
            ymd(2022, 3, 3),
        ),
    ]);
    let got = one("в июне 2022 года");
    assert_eq!(
        (got.0.as_str(), got.1, got.3),
        ("июне 2022 года", ymd(2022, 6, 1), Precision::Month)
    );
}

#[test]
fn english_forms() {
    check_days(&[
        (
            "On March 3, 2022, the Secretary met",
            "March 3, 2022",
            ymd(2022, 3, 3),
        ),
        (
            "Signed 3 March 2022 in Geneva.",
            "3 March 2022",
            ymd(2022, 3, 3),
        ),
    ]);
    let got = one("The talks resumed in March 2022.");
    assert_eq!(
        (got.0.as_str(), got.1, got.3),
        ("March 2022", ymd(2022, 3, 1), Precision::Month)
    );
    let rows = extract(&statement(
        "We will meet on the 1st of May.",
        Some(ymd(2022, 4, 20)),
    ));
    assert_eq!(
        summary(&rows),
        [row(
            "1st of May",
            ymd(2022, 5, 1),
            None,
            Precision::Day,
            true,
            Calendar::Gregorian
        )]
    );
    let rows = extract(&statement("Sept. 14, 2021 and Aug 2021", None));
    assert_eq!(
        rows.iter().map(|r| r.date).collect::<Vec<_>>(),
        [ymd(2021, 9, 14), ymd(2021, 8, 1)]
    );
}

#[test]
fn years() {
    let got = one("تأمينها في عام 2021.");
    assert_eq!(
        got,
        written(
            "عام 2021",
            ymd(2021, 1, 1),
            Precision::Year,
            Calendar::Gregorian
        )
    );
    assert_eq!(one("لعام 2021 والميزانية").0, "عام 2021");
    assert_eq!(one("in 2019 the coalition").0, "2019");
    assert_eq!(one("ожидается в 2030 году").0, "2030 году");
    assert_eq!(one("الموازنة لسنة 2024 م").0, "سنة 2024 م");
}

#[test]
fn ranges() {
    let rows = summary(&dates("from 3 to 5 May 2022"));
    assert_eq!(
        rows,
        [row(
            "3 to 5 May 2022",
            ymd(2022, 5, 3),
            Some(ymd(2022, 5, 5)),
            Precision::Day,
            false,
            Calendar::Gregorian
        )]
    );
    let rows = summary(&dates("Plan 2021–2022 adopted"));
    assert_eq!(
        rows,
        [row(
            "2021–2022",
            ymd(2021, 1, 1),
            Some(ymd(2022, 12, 31)),
            Precision::Year,
            false,
            Calendar::Gregorian
        )]
    );
    let rows = summary(&dates("بين 2019 و2021 تضاعف"));
    assert_eq!(
        rows[0].1..=rows[0].2.unwrap_or_default(),
        ymd(2019, 1, 1)..=ymd(2021, 12, 31)
    );
    let rows = summary(&dates("du 3 au 5 mai 2022"));
    assert_eq!(
        (rows[0].1, rows[0].2),
        (ymd(2022, 5, 3), Some(ymd(2022, 5, 5)))
    );
    let rows = summary(&dates("من 3 إلى 5 أيار 2022"));
    assert_eq!(
        (rows[0].1, rows[0].2),
        (ymd(2022, 5, 3), Some(ymd(2022, 5, 5)))
    );
    let rows = summary(&dates("May–June 2022"));
    assert_eq!(
        (rows[0].1, rows[0].2, rows[0].3),
        (ymd(2022, 5, 1), Some(ymd(2022, 6, 30)), Precision::Month)
    );
    let rows = summary(&dates("the 2021-22 season"));
    assert_eq!(
        (rows[0].1, rows[0].2),
        (ymd(2021, 1, 1), Some(ymd(2022, 12, 31)))
    );
}

#[test]
fn year_inferred_from_publication() {
    let published = Some(ymd(2022, 1, 5));
    let rows = extract(&statement(
        "The attack of 28 December killed ten.",
        published,
    ));
    assert_eq!(
        summary(&rows),
        [row(
            "28 December",
            ymd(2021, 12, 28),
            None,
            Precision::Day,
            true,
            Calendar::Gregorian
        )]
    );
    let rows = extract(&statement(
        "Lors de la réunion de juin dernier",
        Some(ymd(2021, 9, 1)),
    ));
    assert_eq!(
        (rows[0].text.as_str(), rows[0].date, rows[0].precision),
        ("juin dernier", ymd(2021, 6, 1), Precision::Month)
    );
    let rows = extract(&statement("last June", Some(ymd(2021, 6, 10))));
    assert_eq!(rows[0].date, ymd(2020, 6, 1));
    let rows = extract(&statement(
        "el pasado 20 de diciembre",
        Some(ymd(2024, 1, 10)),
    ));
    assert_eq!(
        (rows[0].text.as_str(), rows[0].date),
        ("pasado 20 de diciembre", ymd(2023, 12, 20))
    );
}

#[test]
fn not_dates() {
    for text in [
        "تعهد الشركاء بتقديم أكثر من 600 مليون دولار",
        "قرار مجلس الأمن 2178 بشأن المقاتلين",
        "Resolution 2178 (2014) on foreign fighters",
        "Call +1 202 555 2021 for details",
        "في 2000 مليون حالة",
        "في 1850 قرية",
        "in 2500 villages",
        "over 2021 people were counted",
        "صفر حالة جديدة 12",
        "Total: 1,2021 units",
        "It may 5 times",
        "الساعة 10:30 صباحاً",
        "هذا الأب يعمل",
    ] {
        assert_eq!(summary(&dates(text)), [], "{text}");
    }
}

#[test]
fn no_year_anywhere_gives_no_row() {
    assert_eq!(summary(&dates("Le 3 mars, la délégation est arrivée.")), []);
}

fn seed() -> Option<Statement> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/000_9e8232f106620835.txt"
    );
    let raw = std::fs::read_to_string(path).ok()?;
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let body = lines.get(1..5)?.join("\n\n");
    Some(Statement {
        title: lines.first()?.to_string(),
        body,
        ..Statement::default()
    })
}

#[test]
fn seed_statement() {
    let Some(seed) = seed() else {
        eprintln!("seed statement not found; skipping");
        return;
    };
    let rows = extract(&seed);
    let got: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.text.as_str(),
                r.date,
                r.end_date,
                r.precision,
                r.year_inferred,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("عام 2021", ymd(2021, 1, 1), None, Precision::Year, false),
            ("26 آب/أغسطس", ymd(2021, 8, 26), None, Precision::Day, true),
            (
                "حزيران/يونيو الماضي",
                ymd(2021, 6, 1),
                None,
                Precision::Month,
                true
            ),
        ]
    );
    assert!(rows.iter().all(|r| r.span.field == Field::Body));
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn check_offsets(title: &str, body: &str) {
        let statement = Statement {
            title: title.to_string(),
            body: body.to_string(),
            ..Statement::default()
        };
        for row in extract(&statement) {
            let field = if row.span.field == Field::Title {
                title
            } else {
                body
            };
            let start = usize::try_from(row.span.start).unwrap_or(usize::MAX);
            let end = usize::try_from(row.span.end).unwrap_or(0);
            let sliced: String = field
                .chars()
                .skip(start)
                .take(end.saturating_sub(start))
                .collect();
            assert_eq!(sliced, row.text);
            assert!(start < end);
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_offsets_slice_back(title in "\\PC{0,40}", body in "\\PC{0,200}") {
            check_offsets(&title, &body);
        }

        #[test]
        fn date_like_text_slices_back(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("26"), Just("آب"), Just("/"), Just("أغسطس"), Just("٢٠٢١"), Just("عام"),
                    Just("لعام"), Just("May"), Just("1st"), Just("–"), Just("2022"), Just("هـ"),
                    Just("رمضان"), Just("年"), Just("月"), Just("日"), Just("،"), Just(" "), Just("الماضي"),
                    Just("\u{64e}"), Just("\u{200c}"), Just("3"), Just("to"), Just("بين"), Just("و"),
                    Just("/"), Just("."), Just("-"), Just("۱۴۰۰"), Just("至"), Just("ق"), Just("م"),
                    Just("of this year"), Just("(مايو)"), Just("since"),
                ],
                0..20,
            )
        ) {
            let body: String = parts.concat();
            check_offsets("", &body);
        }
    }
}

#[test]
fn urdu_forms() {
    let got = one("حج ۸ ذوالحجہ ۱۴۴۳ ہجری کو ادا کیا جائے گا");
    assert_eq!(
        got,
        written(
            "۸ ذوالحجہ ۱۴۴۳ ہجری",
            ymd(2022, 7, 7),
            Precision::Day,
            Calendar::Islamic
        )
    );
    let got = one("امریکہ 2022 سے 2024 کے دوران");
    assert_eq!(
        got,
        row(
            "2022 سے 2024",
            ymd(2022, 1, 1),
            Some(ymd(2024, 12, 31)),
            Precision::Year,
            false,
            Calendar::Gregorian
        )
    );
    let rows = summary(&dates("15 اگست 2022 تک۔ ستمبر اور اکتوبر کے دوران اضافہ"));
    let texts: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(texts, ["15 اگست 2022", "ستمبر", "اکتوبر"]);
    assert_eq!(rows[1].1, ymd(2022, 9, 1));
    assert_eq!(summary(&dates("2000 سے زائد افراد")), []);
}

#[test]
fn chinese_months_and_ranges() {
    let rows = summary(&dates(
        "2021年6月9日，会议指出，1至5月全国城镇新增就业574万人。",
    ));
    assert_eq!(
        rows[1],
        row(
            "1至5月",
            ymd(2021, 1, 1),
            Some(ymd(2021, 5, 31)),
            Precision::Month,
            true,
            Calendar::Gregorian
        )
    );
    let got = one("会议于2021年3月1日至5日举行");
    assert_eq!(
        got,
        row(
            "2021年3月1日至5日",
            ymd(2021, 3, 1),
            Some(ymd(2021, 3, 5)),
            Precision::Day,
            false,
            Calendar::Gregorian
        )
    );
    let got = one("项目将于2021年至2025年实施");
    assert_eq!((got.1, got.2), (ymd(2021, 1, 1), Some(ymd(2025, 12, 31))));
    let rows = summary(&dates("2022年2月22日宣布，发放工作预计于4月开始"));
    assert_eq!((rows[1].0.as_str(), rows[1].1), ("4月", ymd(2022, 4, 1)));
}

#[test]
fn month_first_ranges() {
    let got = one("the meeting October 12-14, 2021 in Rome");
    assert_eq!(
        got,
        row(
            "October 12-14, 2021",
            ymd(2021, 10, 12),
            Some(ymd(2021, 10, 14)),
            Precision::Day,
            false,
            Calendar::Gregorian
        )
    );
    let rows = extract(&statement(
        "a series October 12-14th.",
        Some(ymd(2021, 8, 13)),
    ));
    assert_eq!(
        (rows[0].date, rows[0].end_date),
        (ymd(2021, 10, 12), Some(ymd(2021, 10, 14)))
    );
    let rows = summary(&dates("entre janvier et mars 2022"));
    assert_eq!(
        (rows[0].1, rows[0].2),
        (ymd(2022, 1, 1), Some(ymd(2022, 3, 31)))
    );
}

#[test]
fn year_phrases_and_anchors() {
    let rows = extract(&statement(
        "jobs since January 20th of this year.",
        Some(ymd(2021, 12, 1)),
    ));
    assert_eq!(
        (rows[0].text.as_str(), rows[0].date),
        ("January 20th of this year", ymd(2021, 1, 20))
    );
    let rows = summary(&dates(
        "في 5 كانون الثاني 2022 أعلن. وقدمت خلال عام 2021. الاجتماع المقبل في 20 آذار/مارس.",
    ));
    assert_eq!(
        rows[2],
        row(
            "20 آذار/مارس",
            ymd(2022, 3, 20),
            None,
            Precision::Day,
            true,
            Calendar::Gregorian
        )
    );
    let rows = summary(&dates(
        "aprobó el plan en junio de 2021 y pagó el 17 de agosto.",
    ));
    assert_eq!(rows[1].1, ymd(2021, 8, 17));
    let rows = summary(&dates("وقعت في آذار من العام الماضي، بعد 4 شباط 2022"));
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1),
        ("آذار من العام الماضي", ymd(2021, 3, 1))
    );
}

#[test]
fn persian_and_afghan_months() {
    let rows = summary(&dates(
        "روز ۱۵ حمل ۱۴۰۰ رسید. توزیع تا ۳۱ ثور ادامه خواهد داشت.",
    ));
    assert_eq!(
        rows[1],
        row(
            "۳۱ ثور",
            ymd(2021, 5, 21),
            None,
            Precision::Day,
            true,
            Calendar::Persian
        )
    );
    let rows = summary(&dates(
        "از ۱۲ تا ۱۴ مهر ۱۴۰۰ برگزار شد. تا پایان آذر بازگشایی",
    ));
    assert_eq!(rows[0].2, Some(ymd(2021, 10, 6)));
    assert_eq!((rows[1].0.as_str(), rows[1].1), ("آذر", ymd(2021, 11, 22)));
    assert_eq!(summary(&dates("شیر و اسد در باغ وحش")), []);
}

#[test]
fn russian_month_context_and_arabic_clitic() {
    let rows = summary(&dates(
        "2 сентября 2021 года решение. Груз будет доставлен до конца сентября.",
    ));
    assert_eq!(
        (rows[1].0.as_str(), rows[1].1),
        ("сентября", ymd(2021, 9, 1))
    );
    let rows = summary(&dates("بين كانون الثاني وآذار 2022"));
    assert_eq!(
        (rows[0].0.as_str(), rows[0].2),
        ("كانون الثاني وآذار 2022", Some(ymd(2022, 3, 31)))
    );
}

#[test]
fn english_false_friends() {
    let published = Some(ymd(2021, 8, 5));
    for text in [
        "May this new year bring peace.",
        "hold back on this march.",
        "they have to stay there for 12 to 14 months",
    ] {
        assert_eq!(summary(&extract(&statement(text, published))), [], "{text}");
    }
    let rows = extract(&statement("I'm talking about since January.", published));
    assert_eq!(
        (rows[0].text.as_str(), rows[0].date),
        ("January", ymd(2021, 1, 1))
    );
    let rows = extract(&statement("we met in may 2021", published));
    assert_eq!(rows.len(), 1);
}

#[test]
fn arabic_newswire_forms() {
    check_days(&[
        (
            "في 25 ابريل نيسان عام 1945 عقد",
            "25 ابريل نيسان عام 1945",
            ymd(1945, 4, 25),
        ),
        (
            "توفي في 26 يوليو من عام 1987 ، و",
            "26 يوليو من عام 1987",
            ymd(1987, 7, 26),
        ),
        (
            "حمل اسم هانز في 14 من ايار ( مايو ) عام 1904 .",
            "14 من ايار ( مايو ) عام 1904",
            ymd(1904, 5, 14),
        ),
    ]);
    let rows = extract(&statement(
        "منذ اعلانه في فبراير شباط الماضي",
        Some(ymd(2003, 6, 1)),
    ));
    assert_eq!(
        (rows[0].text.as_str(), rows[0].date),
        ("فبراير شباط الماضي", ymd(2003, 2, 1))
    );
    assert_eq!(summary(&dates("و بحلول عام 2000 ق . م . نزح")), []);
    assert_eq!(summary(&dates("founded in 1950 BC by")), []);
}

#[test]
fn persian_eras_and_names() {
    let got = one("در ۲۵ اسفند ۱۳۹۹ ه.ش. اعلام شد");
    assert_eq!(
        got,
        written(
            "۲۵ اسفند ۱۳۹۹ ه.ش",
            ymd(2021, 3, 15),
            Precision::Day,
            Calendar::Persian
        )
    );
    let got = one("سال ۱۴۰۰ هجری شمسی");
    assert_eq!((got.1, got.5), (ymd(2021, 3, 21), Calendar::Persian));
    let published = Some(ymd(2021, 6, 1));
    assert_eq!(
        summary(&extract(&statement("پیامی از بهمن قبادی رسید", published))),
        []
    );
    let rows = extract(&statement("در بهمن گذشته", published));
    assert_eq!(
        (rows[0].text.as_str(), rows[0].date),
        ("بهمن گذشته", ymd(2021, 1, 20))
    );
}

#[test]
fn dates_in_digits() {
    check_days(&[
        (
            "published 2022-05-03 in Geneva",
            "2022-05-03",
            ymd(2022, 5, 3),
        ),
        ("بتاريخ 2021/04/13 أعلن", "2021/04/13", ymd(2021, 4, 13)),
        (
            "Встреча 28.02.2022 в Москве",
            "28.02.2022",
            ymd(2022, 2, 28),
        ),
        ("في 13/04/2021 أعلنت", "13/04/2021", ymd(2021, 4, 13)),
        ("في 04/05/2021 أعلنت", "04/05/2021", ymd(2021, 5, 4)),
        ("on 04/13/2021 the", "04/13/2021", ymd(2021, 4, 13)),
    ]);
    let got = one("تاریخ ۱۴۰۰/۰۱/۱۵ گزارش");
    assert_eq!(
        got,
        written(
            "۱۴۰۰/۰۱/۱۵",
            ymd(2021, 4, 4),
            Precision::Day,
            Calendar::Persian
        )
    );
    let got = one("الموافق 1445/09/01هـ");
    assert_eq!((got.1, got.5), (ymd(2024, 3, 11), Calendar::Islamic));
    let mut french = statement("le 04/05/2021 à Paris", None);
    french.language = "fr".to_string();
    assert_eq!(extract(&french)[0].date, ymd(2021, 5, 4));
    for text in [
        "on 04/05/2021 the",
        "version 1.2.2021.5",
        "call 12-34-5678",
        "ratio 10/20/30",
    ] {
        assert_eq!(summary(&dates(text)), [], "{text}");
    }
}

#[test]
fn ranges_across_new_year() {
    let got = one("from 28 December to 3 January 2022");
    assert_eq!((got.1, got.2), (ymd(2021, 12, 28), Some(ymd(2022, 1, 3))));
    let rows = extract(&statement(
        "closed from 28 December to 3 January.",
        Some(ymd(2022, 1, 10)),
    ));
    assert_eq!(
        (rows[0].date, rows[0].end_date),
        (ymd(2021, 12, 28), Some(ymd(2022, 1, 3)))
    );
    let rows = dates("from 5 to 3 May 2022");
    assert!(
        rows.iter().all(|r| r.end_date.is_none()),
        "ends out of order: {rows:?}"
    );
}

#[test]
fn lists_of_days_and_parts_of_years() {
    let rows = summary(&dates("Le sommet aura lieu les 3 et 4 mai 2022 à Paris"));
    let got: Vec<(&str, NaiveDate)> = rows.iter().map(|r| (r.0.as_str(), r.1)).collect();
    assert_eq!(
        got,
        [("3", ymd(2022, 5, 3)), ("4 mai 2022", ymd(2022, 5, 4))]
    );
    let rows = summary(&dates("on 3, 4 and 5 May 2022"));
    assert_eq!(
        rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        [ymd(2022, 5, 3), ymd(2022, 5, 4), ymd(2022, 5, 5)]
    );
    assert_eq!(one("In the first quarter of 2022, exports rose").0, "2022");
    assert_eq!(
        summary(&dates("a total of 2022 people, 3 and 4 percent")),
        []
    );
}

#[test]
fn hyphenated_prefixes() {
    assert_eq!(one("growth resumed in mid-2022 across").0, "2022");
    let rows = extract(&statement(
        "talks planned for mid-June",
        Some(ymd(2022, 3, 1)),
    ));
    assert_eq!(
        (rows[0].text.as_str(), rows[0].date),
        ("June", ymd(2022, 6, 1))
    );
    assert_eq!(summary(&dates("COVID-2019 and SARS-2003")), []);
}

/// Pieces of date expressions and of the words around them, and filler
/// long enough to leave some of them out of the tokens the grammar reads.
fn date_piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "26",
        "1",
        "3",
        "12",
        "31",
        "2021",
        "2022",
        "1445",
        "1402",
        "٢٠٢١",
        "۱۴۰۰",
        "1st",
        "3rd",
        "1er",
        "آب",
        "أغسطس",
        "آذار",
        "مارس",
        "(مايو)",
        "أيار",
        "May",
        "may",
        "June",
        "jan.",
        "Sep",
        "mars",
        "juin",
        "diciembre",
        "февраля",
        "июне",
        "اردیبهشت",
        "ماه",
        "رمضان",
        "ذو الحجة",
        "وآذار",
        "بآذار",
        "صفر",
        "عام",
        "لعام",
        "سال",
        "year",
        "في",
        "in",
        "since",
        "منذ",
        "de",
        "of",
        "the end of",
        "mid",
        "بين",
        "between",
        "و",
        "and",
        "to",
        "إلى",
        "تا",
        "الماضي",
        "last",
        "next",
        "من العام الماضي",
        "of this year",
        "this year",
        "هـ",
        "ه.ش",
        "ه.ق",
        "م",
        "ق.م",
        "B.C.",
        "года",
        "مليون",
        "million",
        "%",
        "年",
        "月",
        "日",
        "至",
        "میں",
        "کے دوران",
        "اور",
        "/",
        "-",
        "–",
        ".",
        ",",
        "،",
        ":",
        "(",
        ")",
        " ",
        " ",
        " ",
        "\n",
        "\u{a0}",
        "\u{200c}",
        "the statement said that",
        "قال المتحدث الرسمي إن الوزارة",
        "a b c d e f g h i j k l m n",
        "x",
        "2021/04/13",
        "28.02.2022",
        "13/04/2021",
    ])
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Reading only the tokens near numbers and month names finds what
    /// reading every token found.
    #[test]
    fn the_tokens_near_anchors_find_what_every_token_found(
        pieces in proptest::collection::vec(date_piece(), 0..40),
        spaced in proptest::collection::vec(proptest::bool::ANY, 40),
        language in proptest::sample::select(vec!["en", "ar", "fa", "und"]),
    ) {
        let mut text = String::new();
        for (piece, space) in pieces.iter().zip(&spaced) {
            text.push_str(piece);
            if *space {
                text.push(' ');
            }
        }
        let key = crate::text::fold_key(&text);
        proptest::prop_assert_eq!(
            super::grammar::find(&key, language),
            super::grammar::find_in_every_token(&key, language)
        );
    }
}
