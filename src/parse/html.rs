//! HTML → blocks.
//!
//! The main content of a page (its `<main>`, `<article>` or `role="main"`
//! element, else its `<body>`) is walked in document order: block elements
//! (paragraphs, headings, list items, quotes, table cells) start a new
//! block, `<br>` starts a new line inside one, and what a reader never sees
//! as the statement is skipped: scripts, styles, forms, navigation,
//! headers and footers of the site, and elements whose class or id names
//! them as menus, share bars or cookie banners. Entities are decoded by the
//! HTML parser.

use scraper::{ElementRef, Html, Node};

use super::Blocks;

/// Elements whose content is never statement text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button",
    "select", "input", "textarea", "label", "iframe", "object", "embed", "svg", "canvas", "img",
    "video", "audio", "map", "dialog", "menu", "head", "title", "meta", "link",
];

/// Elements that start a new block. Table cells do not: a row is one
/// block, its cells separated by a space.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "div",
    "section",
    "article",
    "main",
    "header",
    "address",
    "figure",
    "figcaption",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "hr",
    "center",
    "details",
    "summary",
];

/// Class and id words that mark page furniture rather than content.
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "social",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "skip",
    "skipnav",
    "usa-banner",
    "related",
    "newsletter",
    "print",
];

/// A listing page has at least this many blocks that are nothing but a
/// link with a headline-like text...
const LISTING_MIN_LINK_BLOCKS: usize = 5;
/// ...and they make up at least this share (per cent) of its blocks.
const LISTING_MIN_LINK_SHARE: usize = 20;
/// A link text of at least this many words reads as a headline.
const HEADLINE_MIN_WORDS: usize = 4;

/// What an HTML document holds: its blocks, and how many of them are
/// whole-block links to other pages (the headlines of a listing).
pub type Structure = crate::record::HtmlStructure;

impl Structure {
    /// True for an index page (press-release listing, search results):
    /// many blocks that are only a link with a headline.
    pub fn is_listing(&self) -> bool {
        self.link_blocks >= LISTING_MIN_LINK_BLOCKS
            && self.link_blocks * 100 >= self.text_blocks() * LISTING_MIN_LINK_SHARE
    }

    /// Blocks long enough to be a headline or a paragraph (date boxes and
    /// labels of a listing do not count).
    pub fn text_blocks(&self) -> usize {
        self.blocks
            .iter()
            .filter(|lines| {
                let words: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
                words >= HEADLINE_MIN_WORDS
            })
            .count()
    }
}

/// The blocks of an HTML document or fragment.
pub fn blocks(html: &str) -> Blocks {
    structure(html).blocks
}

/// The blocks of an HTML document or fragment, with its link blocks
/// counted.
pub fn structure(html: &str) -> Structure {
    structure_of(&Html::parse_document(html))
}

/// [`structure`] of a document already parsed.
pub fn structure_of(document: &Html) -> Structure {
    let root = main_content(document);
    let mut walker = Walker::default();
    walker.walk(root, root.value().name() == "body");
    walker.finish()
}

/// The text of an HTML fragment with entities decoded and tags dropped
/// (for titles that a feed gives as HTML: `A &#8217;s`).
pub fn fragment_text(html: &str) -> String {
    // Without a tag, an entity or a NUL (which the parser drops) the parser
    // would only turn line breaks into "\n", which cleaning makes a space
    // anyway: the text is cleaned as it is.
    if !html.contains(['<', '&', '\0']) {
        return crate::text::clean(html);
    }
    parsed_fragment_text(html)
}

/// [`fragment_text`] through the HTML parser.
fn parsed_fragment_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let text: String = fragment.root_element().text().collect();
    crate::text::clean(&text)
}

/// The element holding the page's main content: the only `<main>`, else
/// the only `role="main"` element (or the first, when it is the `<body>`),
/// else the only `<article>`, else the first `<body>`, else the root.
///
/// One pass over the nodes in the order the parser made them, which is
/// the order `Html::select` visits them, does what selecting each of the
/// four in turn did (see the test against that).
fn main_content(document: &Html) -> ElementRef<'_> {
    let mut main = Found::default();
    let mut role_main = Found::default();
    let mut article = Found::default();
    let mut body = Found::default();
    for node in document.tree.nodes() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        if element.parent().is_none() {
            continue;
        }
        match element.value().name() {
            "main" => main.add(element),
            "article" => article.add(element),
            "body" => body.add(element),
            _ => {}
        }
        if has_role_main(element.value()) {
            role_main.add(element);
        }
    }
    let role_main = role_main
        .unique()
        .or_else(|| (role_main.first).filter(|first| first.value().name() == "body"));
    (main.unique())
        .or(role_main)
        .or_else(|| article.unique())
        .or(body.first)
        .unwrap_or_else(|| document.root_element())
}

/// The first element a selector matched, and whether there were more.
#[derive(Default)]
struct Found<'a> {
    first: Option<ElementRef<'a>>,
    more: bool,
}

impl<'a> Found<'a> {
    fn add(&mut self, element: ElementRef<'a>) {
        if self.first.is_some() {
            self.more = true;
        } else {
            self.first = Some(element);
        }
    }

    /// The element when it was the only one.
    fn unique(&self) -> Option<ElementRef<'a>> {
        self.first.filter(|_| !self.more)
    }
}

/// True for an element matching `[role=main]`: the attribute in no
/// namespace, its value compared case-sensitively.
fn has_role_main(element: &scraper::node::Element) -> bool {
    element
        .attrs
        .iter()
        .any(|(name, value)| name.ns.is_empty() && &*name.local == "role" && &**value == "main")
}

/// Collects blocks of lines while walking the tree.
#[derive(Default)]
struct Walker {
    blocks: Blocks,
    lines: Vec<String>,
    line: String,
    /// Text of the current block that sits inside a link, and outside one.
    linked_text: String,
    unlinked_text: String,
    /// How deep in `<a href>` elements the walk is.
    link_depth: usize,
    link_blocks: usize,
    /// Headline-link table cells counted in the current block.
    link_cells_in_block: usize,
}

/// True when a block's (or cell's) text is only a link reading like a
/// headline.
fn is_headline_link(linked: &str, unlinked: &str) -> bool {
    unlinked.trim().is_empty() && linked.split_whitespace().count() >= HEADLINE_MIN_WORDS
}

impl Walker {
    /// Walks `node`; `in_body` says the walk started at `<body>`, where a
    /// `<header>` is the site's header rather than the article's.
    fn walk(&mut self, node: ElementRef<'_>, in_body: bool) {
        for child in node.children() {
            match child.value() {
                Node::Text(text) => {
                    self.line.push_str(text);
                    if self.link_depth > 0 {
                        self.linked_text.push_str(text);
                    } else {
                        self.unlinked_text.push_str(text);
                    }
                }
                Node::Element(element) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = element.name();
                    if SKIPPED.contains(&name) || (in_body && name == "header") {
                        continue;
                    }
                    let marks = Marks::of(element);
                    if marks.is_furniture() || marks.is_hidden() {
                        continue;
                    }
                    if name == "br" {
                        self.end_line();
                        continue;
                    }
                    let block = BLOCK_ELEMENTS.contains(&name);
                    if block {
                        self.end_block();
                    }
                    let link = name == "a" && marks.href;
                    let cell = matches!(name, "td" | "th");
                    let before = (self.linked_text.len(), self.unlinked_text.len());
                    self.link_depth += usize::from(link);
                    self.walk(child, in_body);
                    self.link_depth -= usize::from(link);
                    if block {
                        self.end_block();
                    } else if cell {
                        self.line.push(' ');
                        self.count_link_cell(before);
                    }
                }
                _ => {}
            }
        }
    }

    fn end_line(&mut self) {
        let line = crate::text::clean(&self.line);
        self.line.clear();
        if !line.is_empty() {
            self.lines.push(line);
        }
    }

    fn end_block(&mut self) {
        self.end_line();
        let cells_counted = std::mem::take(&mut self.link_cells_in_block);
        let headline = !self.lines.is_empty()
            && cells_counted == 0
            && is_headline_link(&self.linked_text, &self.unlinked_text);
        // Cleared rather than taken: the next block reuses their buffers.
        self.linked_text.clear();
        self.unlinked_text.clear();
        if self.lines.is_empty() {
            return;
        }
        self.link_blocks += usize::from(headline);
        self.blocks.push(std::mem::take(&mut self.lines));
    }

    /// Counts a table cell that is only a headline link (listings laid out
    /// as a table of date and headline cells); `before` is where the cell's
    /// text starts in the block's linked and unlinked text.
    fn count_link_cell(&mut self, before: (usize, usize)) {
        let linked = self.linked_text.get(before.0..).unwrap_or_default();
        let unlinked = self.unlinked_text.get(before.1..).unwrap_or_default();
        if is_headline_link(linked, unlinked) {
            self.link_blocks += 1;
            self.link_cells_in_block += 1;
        }
    }

    fn finish(mut self) -> Structure {
        self.end_block();
        Structure {
            blocks: self.blocks,
            link_blocks: self.link_blocks,
        }
    }
}

/// The attributes (in no namespace) that decide how the walk treats an
/// element, read in one pass over them.
#[derive(Default)]
struct Marks<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    hidden: bool,
    aria_hidden: Option<&'a str>,
    style: Option<&'a str>,
    href: bool,
}

impl<'a> Marks<'a> {
    fn of(element: &'a scraper::node::Element) -> Marks<'a> {
        let mut marks = Marks::default();
        for (name, value) in &element.attrs {
            if name.prefix.is_some() || !name.ns.is_empty() {
                continue;
            }
            let value: &str = value;
            match &*name.local {
                "class" => marks.class = Some(value),
                "id" => marks.id = Some(value),
                "role" => marks.role = Some(value),
                "hidden" => marks.hidden = true,
                "aria-hidden" => marks.aria_hidden = Some(value),
                "style" => marks.style = Some(value),
                "href" => marks.href = true,
                _ => {}
            }
        }
        marks
    }

    /// True when the element's class, id or role names page furniture.
    fn is_furniture(&self) -> bool {
        let names = [self.class, self.id, self.role];
        names
            .into_iter()
            .flatten()
            .flat_map(str::split_whitespace)
            .any(is_furniture_name)
    }

    /// True for elements a browser does not show.
    fn is_hidden(&self) -> bool {
        self.hidden
            || self.aria_hidden == Some("true")
            || self.style.is_some_and(|style| {
                let style = style.to_ascii_lowercase().replace(' ', "");
                style.contains("display:none") || style.contains("visibility:hidden")
            })
    }
}

/// True when a class or id name (ASCII case aside) is a furniture word,
/// or holds one between hyphens or underscores ("cookie-banner"), "print"
/// only as the whole name.
fn is_furniture_name(name: &str) -> bool {
    let is_word = |word: &str| {
        FURNITURE_WORDS
            .iter()
            .any(|furniture| furniture.eq_ignore_ascii_case(word))
    };
    is_word(name)
        || name
            .split(['-', '_'])
            .any(|word| is_word(word) && !word.eq_ignore_ascii_case("print"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The main content as selecting each candidate in turn found it.
    fn main_content_by_selectors(document: &Html) -> ElementRef<'_> {
        for selector in ["main", "[role=main]", "article", "body"] {
            let selector = scraper::Selector::parse(selector).expect("a valid selector");
            let mut found = document.select(&selector);
            if let Some(first) = found.next()
                && (found.next().is_none() || first.value().name() == "body")
            {
                return first;
            }
        }
        document.root_element()
    }

    /// [`Marks::is_furniture`] as asking for each attribute did it.
    fn is_furniture_by_lookup(element: &scraper::node::Element) -> bool {
        let names = element
            .attr("class")
            .into_iter()
            .chain(element.attr("id"))
            .chain(element.attr("role"));
        names.flat_map(str::split_whitespace).any(|name| {
            let name = name.to_ascii_lowercase();
            FURNITURE_WORDS.contains(&name.as_str())
                || name
                    .split(['-', '_'])
                    .any(|word| FURNITURE_WORDS.contains(&word) && word != "print")
        })
    }

    /// [`Marks::is_hidden`] as asking for each attribute did it.
    fn is_hidden_by_lookup(element: &scraper::node::Element) -> bool {
        element.attr("hidden").is_some()
            || element.attr("aria-hidden") == Some("true")
            || element.attr("style").is_some_and(|style| {
                let style = style.to_ascii_lowercase().replace(' ', "");
                style.contains("display:none") || style.contains("visibility:hidden")
            })
    }

    /// Pieces of markup that make main content candidates, furniture and
    /// hidden elements, also in foreign content and misnested.
    const PIECES: &[&str] = &[
        "<main>",
        "</main>",
        "<article>",
        "</article>",
        "<div role=main>",
        "<div role=MAIN>",
        "<body role=main>",
        "<body>",
        "</body>",
        "<p>text",
        "<svg><main>x</main><a xlink:href=y role=main>z</a></svg>",
        "<math><article/></math>",
        "<table><main>",
        "<b><i><main></b>",
        "<template><article>",
        "<div class=\"Cookie-Banner x\">",
        "<div class=print_x id=PRINT>",
        "<nav id=skip>",
        "<a href=x>",
        "<span hidden>",
        "<span aria-hidden=true>",
        "<span aria-hidden=TRUE>",
        "<span style='DISPLAY: none'>",
        "<span role=navigation>",
        "</div>",
        "</span>",
    ];

    proptest! {
        #[test]
        fn a_title_without_markup_reads_as_the_parser_reads_it(
            title in "[a-z \\r\\n\\t\\u{FEFF}\\u{200B}\\u{0001}\\u{00A0}é\\u{0301};#>\\u{FDD0}]{0,16}|[^<&\\u{0}]{0,24}"
        ) {
            prop_assert_eq!(fragment_text(&title), parsed_fragment_text(&title));
        }

        #[test]
        fn one_pass_finds_what_the_selectors_found(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..12)
        ) {
            let document = Html::parse_document(&pieces.concat());
            prop_assert_eq!(
                main_content(&document).id(),
                main_content_by_selectors(&document).id()
            );
            for node in document.tree.nodes() {
                if let Some(element) = node.value().as_element() {
                    let marks = Marks::of(element);
                    prop_assert_eq!(marks.is_furniture(), is_furniture_by_lookup(element));
                    prop_assert_eq!(marks.is_hidden(), is_hidden_by_lookup(element));
                    prop_assert_eq!(marks.href, element.attr("href").is_some());
                }
            }
        }
    }

    fn texts(html: &str) -> Vec<String> {
        blocks(html)
            .into_iter()
            .map(|lines| lines.join(" | "))
            .collect()
    }

    #[test]
    fn paragraphs_headings_and_line_breaks() {
        let html = "<h1>Title</h1><p>One &amp; <b>two</b>\n  three&#8217;s.</p>\
                    <p>Line<br>break</p><ul><li>Item</li></ul><p><input type=\"hidden\" /></p>";
        assert_eq!(
            texts(html),
            ["Title", "One & two three’s.", "Line | break", "Item"]
        );
    }

    #[test]
    fn a_table_row_is_one_block() {
        let html = "<table><tr><th>Country</th><th>Amount</th></tr>\
                    <tr><td>Jordan</td><td>$10 million</td></tr></table>";
        assert_eq!(texts(html), ["Country Amount", "Jordan $10 million"]);
    }

    #[test]
    fn drops_scripts_navigation_and_furniture() {
        let html = "<html><body><header><a>Home</a></header><nav>Menu</nav>\
                    <div class=\"cookie-banner\">We use cookies</div>\
                    <script>var x = 1;</script><style>p {}</style>\
                    <p>Kept.</p><div class=\"share-tools\">Share</div>\
                    <p style=\"display: none\">Hidden</p><footer>© 2024</footer></body></html>";
        assert_eq!(texts(html), ["Kept."]);
    }

    #[test]
    fn prefers_the_main_content() {
        let html = "<body><p>Site intro</p><main><header><h1>Title</h1></header>\
                    <p>Body.</p></main><p>After</p></body>";
        assert_eq!(texts(html), ["Title", "Body."]);
    }

    #[test]
    fn tells_listing_pages_from_statements() {
        let item = "<h3><a href=\"/r\">Senator Introduces Bill on Water Quality</a></h3>\
                    <p>Apr 16, 2015 Press Release</p>";
        let listing = format!("<html><body>{}</body></html>", item.repeat(6));
        let listing = structure(&listing);
        assert_eq!(listing.link_blocks, 6);
        assert!(listing.is_listing());
        let statement = "<p>The Secretary <a href=\"/x\">met the Minister of Foreign Affairs</a> \
                         today.</p>"
            .repeat(8);
        let statement = structure(&statement);
        assert_eq!(statement.link_blocks, 0);
        assert!(!statement.is_listing());
    }

    #[test]
    fn tells_table_listings_from_statements() {
        let row = "<tr><td>04/25/13</td><td><a href=\"/r\">Senator Announces New Grants for Ports</a></td></tr>";
        let listing = structure(&format!("<table>{}</table>", row.repeat(6)));
        assert_eq!(listing.link_blocks, 6);
        assert!(listing.is_listing());
        let table = "<tr><td>Jordan</td><td>$10 million for <a href=\"/w\">water</a></td></tr>";
        let statement = structure(&format!("<p>Aid.</p><table>{}</table>", table.repeat(6)));
        assert_eq!(statement.link_blocks, 0);
    }

    #[test]
    fn the_congress_press_pages_are_listings() {
        for page in [
            "bill_nelson_press.html",
            "butterfield_press.html",
            "cowan_press.html",
            "drupal_press.html",
            "vitter_press.html",
        ] {
            let html = crate::read::shared_text(&format!("corpus/congress-press-html/{page}"));
            assert!(
                structure(&html).is_listing(),
                "{page} not taken for a listing"
            );
        }
    }

    #[test]
    fn decodes_fragment_titles() {
        assert_eq!(
            fragment_text("Secretary&#8217;s <em>Call</em>"),
            "Secretary’s Call"
        );
        assert_eq!(fragment_text("Plain"), "Plain");
    }
}
