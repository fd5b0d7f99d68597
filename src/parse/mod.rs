//! Raw record → structure: title, paragraphs, header facts, boilerplate,
//! doc type.
//!
//! Each markup has its own way of showing blocks ([`text::blocks`],
//! [`markdown::blocks`], [`html::structure`], which also rejects index
//! pages); from there on every format is treated alike: web boilerplate
//! lines and "Original text:" lines ([`translation`], which give
//! `translation_of`) are removed and counted, the first remaining line is the title
//! (unless the container named one), a feed body's header repeating the
//! issuer is dropped, the issuer and dateline place are read from the
//! header lines ([`header`]), the remaining blocks are the paragraphs, and
//! the doc type is read from the title and first lines. A record left with
//! no title or no body is rejected, saying whether boilerplate was all it
//! held. The container's URL and date are left to `normalise`, which owns
//! every field taken from metadata.

pub mod boilerplate;
pub mod doc_type;
pub mod header;
pub mod html;
pub mod markdown;
pub mod text;
pub mod translation;

use crate::record::{RawFormat, Record, RejectReason};

/// A document's blocks as the markup shows them: each block is a paragraph
/// candidate made of one or more lines.
pub type Blocks = Vec<Vec<String>>;

/// Finds the structure of an accepted record's raw text.
pub fn parse(record: &mut Record) {
    if !record.is_accepted() {
        return;
    }
    let blocks = match record.raw.format {
        RawFormat::PlainText => text::blocks(&record.raw.text),
        RawFormat::Markdown => markdown::blocks(&record.raw.text),
        RawFormat::Html => {
            let structure =
                (record.html_structure.take()).unwrap_or_else(|| html::structure(&record.raw.text));
            if structure.is_listing() {
                record.reject(
                    RejectReason::NotAStatement,
                    format!(
                        "looks like an index page, not a statement: {} of its {} paragraphs are \
                         links to other pages; give the pages of the statements themselves",
                        structure.link_blocks,
                        structure.text_blocks()
                    ),
                );
                return;
            }
            structure.blocks
        }
    };
    assemble(record, blocks);
}

/// Fills the statement from the blocks and the container's metadata.
fn assemble(record: &mut Record, blocks: Blocks) {
    let (blocks, original) = translation::take_links(blocks);
    let (mut blocks, removed) = remove_boilerplate(blocks);
    let removed = removed + original.lines;
    let statement = &mut record.statement;
    statement.boilerplate_lines = i32::try_from(removed).unwrap_or(i32::MAX);
    let meta = &record.raw.meta;
    let container_title = match record.raw.format {
        RawFormat::Html => meta.title.as_deref().map(html::fragment_text),
        RawFormat::PlainText | RawFormat::Markdown => meta.title.as_deref().map(crate::text::clean),
    };
    let title = match container_title {
        Some(title) if !title.is_empty() => {
            drop_repeated_title(&mut blocks, &title);
            Some(title)
        }
        _ => take_first_line(&mut blocks),
    };
    let dateline = take_header(&mut blocks, meta.issuer.as_deref());
    let head = header::lines(&blocks);
    let issuer = (meta.issuer.as_deref().map(crate::text::clean)).or_else(|| header::issuer(&head));
    let dateline = dateline.or_else(|| header::place(&head));
    let paragraphs: Vec<String> = blocks
        .into_iter()
        .map(joined)
        .filter(|p| !p.trim().is_empty())
        .collect();
    let Some(title) = title else {
        reject_empty(record, removed, "no title");
        return;
    };
    if paragraphs.is_empty() {
        reject_empty(record, removed, "a title but no body");
        return;
    }
    statement.doc_type = doc_type::classify(&title, &paragraphs);
    statement.title = title;
    statement.paragraphs = paragraphs;
    statement.issuer = issuer;
    statement.dateline = dateline;
    statement.translation_of = original.url;
}

/// The lines of a block joined by spaces; a single line is taken as it
/// is rather than copied.
fn joined(mut lines: Vec<String>) -> String {
    if lines.len() == 1 {
        return lines.pop().unwrap_or_default();
    }
    lines.join(" ")
}

/// Removes boilerplate lines (and the blocks they empty), returning what
/// is left and how many lines went.
///
/// Inside a block only the leading and trailing runs of boilerplate lines
/// go: a line in the middle of a hard-wrapped paragraph ("[Tweet," before
/// "12/20/22]") is part of a sentence, whatever it looks like alone.
fn remove_boilerplate(blocks: Blocks) -> (Blocks, usize) {
    let mut removed = 0;
    let kept = blocks
        .into_iter()
        .map(|lines| {
            let is_boilerplate: Vec<bool> = lines
                .iter()
                .map(|l| boilerplate::is_boilerplate(l))
                .collect();
            let first = is_boilerplate.iter().position(|b| !b);
            let last = is_boilerplate.iter().rposition(|b| !b);
            let (Some(first), Some(last)) = (first, last) else {
                removed += lines.len();
                return Vec::new();
            };
            removed += lines.len() - (last + 1 - first);
            lines
                .into_iter()
                .skip(first)
                .take(last + 1 - first)
                .collect()
        })
        .filter(|lines: &Vec<String>| !lines.is_empty())
        .collect();
    (kept, removed)
}

/// Takes the first line as the title; the rest of its block stays a
/// paragraph.
fn take_first_line(blocks: &mut Blocks) -> Option<String> {
    let first = blocks.first_mut()?;
    let title = first.remove(0);
    if first.is_empty() {
        blocks.remove(0);
    }
    Some(title)
}

/// Removes the header a feed body opens with when the container named the
/// issuer: the lines naming the issuer again ("Office of the Spokesperson";
/// one line per speaker of a transcript), then a place line ("Kuwait City,
/// Kuwait"), which is returned as the dateline.
fn take_header(blocks: &mut Blocks, issuer: Option<&str>) -> Option<String> {
    let issuer_key = squeezed_key(issuer?);
    let mut removed = 0;
    while let Some(line) = single_line(blocks) {
        let key = squeezed_key(line);
        if key.is_empty() || key.len() > 200 || !issuer_key.contains(&key) {
            break;
        }
        blocks.remove(0);
        removed += 1;
    }
    if removed == 0 {
        return None;
    }
    let line = single_line(blocks).filter(|line| is_place_line(line))?;
    let dateline = crate::text::clean(line);
    blocks.remove(0);
    Some(dateline)
}

/// The text of the first block when it is a single line.
fn single_line(blocks: &Blocks) -> Option<&str> {
    match blocks.first().map(Vec::as_slice) {
        Some([line]) => Some(line.as_str()),
        _ => None,
    }
}

/// A matching key without white space, so that "Secretary<br>Bureau" in a
/// body and "SecretaryBureau" in a feed field compare equal.
fn squeezed_key(text: &str) -> String {
    crate::text::fold_key(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A short "City, Country" line: at most seven words, a comma, and no
/// sentence ending (a final full stop is allowed for "Washington, D.C.").
fn is_place_line(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    let ends_sentence = line.ends_with(['!', '?', ':', ';', '؟', '。']);
    line.chars().count() <= 60
        && words <= 7
        && line.contains([',', '،'])
        && !ends_sentence
        && !line.ends_with(|c: char| c == '.' && line.matches('.').count() == 1)
}

/// A body that repeats the container's title as its first block loses
/// that copy.
fn drop_repeated_title(blocks: &mut Blocks, title: &str) {
    let repeats = blocks
        .first()
        .is_some_and(|lines| crate::text::clean(&lines.join(" ")) == title);
    if repeats {
        blocks.remove(0);
    }
}

fn reject_empty(record: &mut Record, boilerplate_lines: usize, missing: &str) {
    if boilerplate_lines > 0 {
        record.reject(
            RejectReason::NotAStatement,
            format!(
                "holds {missing} once {boilerplate_lines} line(s) of web boilerplate (cookie \
                 banner, links, footer) are removed; give the statement's own text"
            ),
        );
    } else {
        record.reject(
            RejectReason::Empty,
            format!("holds {missing}; a statement needs a title line and at least one paragraph"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{DocType, Raw, SourceMeta};

    #[test]
    fn the_original_text_line_gives_translation_of_and_is_boilerplate() {
        let record = parsed(
            "بيان بشأن اليمن\n\nرحّبت الوزارة بالنتائج.\n\n\
             للاطلاع على النص الأصلي: https://www.state.gov/yemen-pledges/\n\n\
             هذه الترجمة مقدمة كخدمة مجانية، ويعتبر النص الأصلي باللغة الإنجليزية هو النص الرسمي المعتمد.\n",
        );
        assert!(record.is_accepted(), "{:?}", record.reject);
        let statement = &record.statement;
        assert_eq!(
            statement.translation_of.as_deref(),
            Some("https://www.state.gov/yemen-pledges/")
        );
        assert_eq!(statement.paragraphs, ["رحّبت الوزارة بالنتائج."]);
        assert_eq!(statement.boilerplate_lines, 2);
    }

    fn parsed(text: &str) -> Record {
        let raw = Raw {
            text: text.to_string(),
            ..Raw::default()
        };
        let mut record = Record::new("test.txt", raw);
        parse(&mut record);
        record
    }

    #[test]
    fn parses_the_seed() {
        let text = crate::read::shared_text("seed/000_9e8232f106620835.txt");
        let record = parsed(&text);
        assert!(record.is_accepted(), "{:?}", record.reject);
        let statement = &record.statement;
        assert_eq!(
            statement.title,
            "بيان حول اجتماع المجموعة المصغّرة للمدراء السياسيين للتحالف الدولي لهزيمة داعش"
        );
        assert_eq!(statement.paragraphs.len(), 4);
        assert_eq!(statement.boilerplate_lines, 1);
        assert_eq!(statement.doc_type, DocType::Statement);
        for paragraph in &statement.paragraphs {
            assert!(!paragraph.contains("الارتباط"), "{paragraph}");
            assert!(!paragraph.contains("قراءة المزيد"), "{paragraph}");
        }
        assert!(statement.paragraphs[0].starts_with("عقد ممثلون"));
    }

    #[test]
    fn joins_wrapped_lines_and_splits_on_blank_lines() {
        let record = parsed("Title\n\nFirst line\nwrapped.\n\n\nSecond.\n");
        assert_eq!(record.statement.title, "Title");
        assert_eq!(
            record.statement.paragraphs,
            ["First line wrapped.", "Second."]
        );
    }

    #[test]
    fn splits_on_single_newlines_without_blank_lines() {
        let record = parsed("Title\r\nOne.\r\nTwo.\r\n");
        assert_eq!(record.statement.paragraphs, ["One.", "Two."]);
    }

    #[test]
    fn keeps_the_rest_of_the_title_block() {
        let record = parsed("Title\nWashington, DC\n\nBody.");
        assert_eq!(record.statement.title, "Title");
        assert_eq!(record.statement.paragraphs, ["Washington, DC", "Body."]);
    }

    #[test]
    fn boilerplate_before_the_title_is_not_the_title() {
        let record = parsed(
            "Skip to main content\nAn official website of the United States Government\n\n\
             Joint Statement on Ethiopia\n\nBody text.\n\nBack to top\n",
        );
        assert_eq!(record.statement.title, "Joint Statement on Ethiopia");
        assert_eq!(record.statement.doc_type, DocType::JointStatement);
        assert_eq!(record.statement.paragraphs, ["Body text."]);
        assert_eq!(record.statement.boilerplate_lines, 3);
    }

    #[test]
    fn removes_boilerplate_only_at_the_edges_of_a_wrapped_paragraph() {
        let record = parsed("Title\n\nShare\nA quote.” [Tweet,\nTweet,\n12/20/22]\nRead more\n");
        assert_eq!(
            record.statement.paragraphs,
            ["A quote.” [Tweet, Tweet, 12/20/22]"]
        );
        assert_eq!(record.statement.boilerplate_lines, 2);
    }

    #[test]
    fn rejects_records_of_only_boilerplate_or_only_a_title() {
        let record = parsed("Accept Read More\n\nAll rights reserved\n");
        let reject = record.reject.expect("rejected");
        assert_eq!(reject.reason, RejectReason::NotAStatement);
        assert!(reject.detail.contains("2 line(s)"), "{}", reject.detail);

        let record = parsed("Just a title\n");
        assert_eq!(record.reject.map(|r| r.reason), Some(RejectReason::Empty));

        let record = parsed("Title\n\nRead more\n");
        assert_eq!(
            record.reject.map(|r| r.reason),
            Some(RejectReason::NotAStatement)
        );
    }

    #[test]
    fn takes_title_and_issuer_from_the_container() {
        let raw = Raw {
            text: "Readout of the Call\n\nThe Secretary spoke today.".into(),
            format: RawFormat::PlainText,
            meta: SourceMeta {
                title: Some("Readout of the Call".into()),
                url: Some("https://example.gov/readout".into()),
                published: chrono::NaiveDate::from_ymd_opt(2021, 7, 19),
                issuer: Some("Office of the Spokesperson".into()),
                ..SourceMeta::default()
            },
        };
        let mut record = Record::new("feed.jsonl#1", raw);
        parse(&mut record);
        let statement = &record.statement;
        assert_eq!(statement.title, "Readout of the Call");
        assert_eq!(statement.paragraphs, ["The Secretary spoke today."]);
        assert_eq!(statement.doc_type, DocType::Readout);
        assert_eq!(
            statement.issuer.as_deref(),
            Some("Office of the Spokesperson")
        );
        assert_eq!(statement.url, None, "normalise takes the URL");
    }

    #[test]
    fn moves_the_feed_header_into_issuer_and_dateline() {
        let raw = Raw {
            text: "<p>Antony J. Blinken, Secretary of State</p><p>Mute Egede, Premier</p>\
                   <p>Kangerlussuaq, Greenland</p><p>Kangerlussuaq Airport</p>\
                   <p><b>PREMIER EGEDE:</b> Welcome.</p>"
                .into(),
            format: RawFormat::Html,
            meta: SourceMeta {
                title: Some("Secretary Blinken&#8217;s Joint Press Availability".into()),
                issuer: Some("Antony J. Blinken, Secretary of State, Mute Egede, Premier".into()),
                ..SourceMeta::default()
            },
        };
        let mut record = Record::new("feed.jsonl#1", raw);
        parse(&mut record);
        let statement = &record.statement;
        assert_eq!(
            statement.title,
            "Secretary Blinken’s Joint Press Availability"
        );
        assert_eq!(
            statement.dateline.as_deref(),
            Some("Kangerlussuaq, Greenland")
        );
        assert_eq!(
            statement.paragraphs,
            ["Kangerlussuaq Airport", "PREMIER EGEDE: Welcome."]
        );
    }

    #[test]
    fn keeps_a_first_sentence_that_is_not_a_place() {
        let raw = Raw {
            text: "<p>Office of the Spokesperson</p><p>The Secretary met, today, the Minister.</p>"
                .into(),
            format: RawFormat::Html,
            meta: SourceMeta {
                title: Some("Readout".into()),
                issuer: Some("Office of the Spokesperson".into()),
                ..SourceMeta::default()
            },
        };
        let mut record = Record::new("feed.jsonl#2", raw);
        parse(&mut record);
        assert_eq!(record.statement.dateline, None);
        assert_eq!(
            record.statement.paragraphs,
            ["The Secretary met, today, the Minister."]
        );
    }

    #[test]
    fn parses_a_full_statement_page() {
        let html = r#"<!DOCTYPE html><html lang="ar"><head>
            <title>بيان حول اليمن - وزارة الخارجية</title>
            <meta property="og:title" content="بيان حول اليمن">
            <link rel="canonical" href="https://example.gov/ar/yemen/"></head>
            <body><section class="usa-banner"><p>An official website of the United States Government</p></section>
            <header class="site-header"><nav><a href="/">الرئيسية</a></nav></header>
            <main id="main"><article>
            <div class="featured-content__headline"><h1>بيان حول اليمن</h1></div>
            <p class="article-meta__author-bureau">مكتب المتحدث الرسمي</p>
            <p class="article-meta__publish-date">19 تموز/يوليو 2021</p>
            <div class="entry-content"><p>ترحب الولايات المتحدة بالهدنة.</p>
            <p>هذه الترجمة مقدمة كخدمة مجانية، ويعتبر النص الأصلي باللغة الإنجليزية هو النص الرسمي المعتمد.</p></div>
            <div class="related-tags"><a href="/t">اليمن</a></div></article>
            <aside class="related-content"><a href="/x">أخبار أخرى عن المنطقة والعالم اليوم</a></aside></main>
            <footer><p>سياسة الخصوصية</p></footer>
            <div id="cookie-notice">يستخدم موقع الويب هذا ملفات تعريف الارتباط</div></body></html>"#;
        let mut record = crate::read::html::record("yemen.html", html.to_string());
        parse(&mut record);
        assert!(record.is_accepted(), "{:?}", record.reject);
        let statement = &record.statement;
        assert_eq!(statement.title, "بيان حول اليمن");
        assert_eq!(statement.doc_type, DocType::Statement);
        assert_eq!(statement.issuer.as_deref(), Some("مكتب المتحدث الرسمي"));
        assert_eq!(
            statement.paragraphs,
            [
                "مكتب المتحدث الرسمي",
                "19 تموز/يوليو 2021",
                "ترحب الولايات المتحدة بالهدنة."
            ]
        );
        assert_eq!(statement.boilerplate_lines, 1);
        assert_eq!(
            record.raw.meta.url.as_deref(),
            Some("https://example.gov/ar/yemen/")
        );
    }

    #[test]
    fn leaves_rejected_records_alone() {
        let mut record = Record::new("x", Raw::default());
        record.reject(RejectReason::Binary, "binary");
        parse(&mut record);
        assert_eq!(record.reject.map(|r| r.reason), Some(RejectReason::Binary));
    }
}
