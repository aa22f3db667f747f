// The fuzz targets' entry points, one function per target, shared by the targets
// (`fuzz_targets/*.rs`, built with `cargo +nightly fuzz`) and by the stable replay test
// (`tests/it/fuzz_replay.rs`), which runs every committed corpus and crash file through them.
// Included with `include!`, so both build the same code. Each takes any bytes and must return
// without a panic, a hang or unbounded memory.

#[allow(dead_code)]
mod entries {
    use std::path::Path;
    use std::sync::OnceLock;

    use gijiroku::ingest;
    use gijiroku::record::{DocumentKind, Format};

    /// A target's entry point.
    pub type Entry = fn(&[u8]);

    /// Every target by name, for the replay test.
    pub const TARGETS: &[(&str, Entry)] = &[
        ("text_decode", text_decode),
        ("pdf", pdf),
        ("docx", docx),
        ("html", html),
        ("minutes", minutes),
        ("material", material),
        ("notes", notes),
        ("query", query),
        ("web_params", web_params),
    ];

    /// Text decoding (`.txt` and `.md`): decoded with replacements and warnings, or refused.
    pub fn text_decode(data: &[u8]) {
        let _ = ingest::text::extract_with_warnings(Path::new("fuzz.txt"), Format::Txt, data);
        let _ = ingest::text::extract_with_warnings(Path::new("fuzz.md"), Format::Md, data);
    }

    /// PDF extraction with its checks, without the worker thread: a hang or a panic in the
    /// third-party crates shows as libFuzzer's timeout or crash instead of being absorbed.
    pub fn pdf(data: &[u8]) {
        let _ = ingest::pdf::extract(Path::new("fuzz.pdf"), data);
    }

    /// DOCX extraction with its checks (bounded inflation, XML depth), without the worker.
    /// Data that is not a zip (`PK`) is taken as `word/document.xml` and stored (not deflated)
    /// in an archive with the other parts a DOCX needs, so that mutations reach the XML checks
    /// and docx-rs's reader instead of stopping at the zip's checksums.
    pub fn docx(data: &[u8]) {
        let path = Path::new("fuzz.docx");
        if data.starts_with(b"PK") {
            let _ = ingest::docx::extract(path, data);
        } else {
            let _ = ingest::docx::extract(path, &stored_docx(data));
        }
    }

    const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    const RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

    const DOCUMENT_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#;

    /// A zip of stored parts: `[Content_Types].xml`, the relationships and `document` as
    /// `word/document.xml`.
    pub fn stored_docx(document: &[u8]) -> Vec<u8> {
        let parts: [(&str, &[u8]); 4] = [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/document.xml", document),
        ];
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, body) in parts {
            let mut crc = flate2::Crc::new();
            crc.update(body);
            let offset = out.len() as u32;
            let fixed = |v: &mut Vec<u8>| {
                v.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]); // version, flags, stored, time, date (1980-01-01)
                v.extend_from_slice(&crc.sum().to_le_bytes());
                v.extend_from_slice(&(body.len() as u32).to_le_bytes());
                v.extend_from_slice(&(body.len() as u32).to_le_bytes());
                v.extend_from_slice(&(name.len() as u16).to_le_bytes());
                v.extend_from_slice(&0u16.to_le_bytes()); // extra
            };
            out.extend_from_slice(b"PK\x03\x04");
            fixed(&mut out);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(body);
            central.extend_from_slice(b"PK\x01\x02\x14\x00");
            fixed(&mut central);
            central.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
            central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let at = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x04\x00\x04\x00");
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&at.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    /// A web page's text.
    pub fn html(data: &[u8]) {
        let _ = ingest::html::extract(Path::new("fuzz.html"), data);
    }

    fn decoded(data: &[u8]) -> Option<ingest::Document> {
        ingest::extract_bytes(Path::new("fuzz.txt"), Format::Txt, data).ok()
    }

    /// The minutes parser on decoded text (and the kind detection before it).
    pub fn minutes(data: &[u8]) {
        if let Some(doc) = decoded(data) {
            let record = gijiroku::parse::parse_as(&doc, Some(DocumentKind::Minutes));
            let _ = serde_json::to_string(&record);
        }
    }

    /// The material parser on decoded text.
    pub fn material(data: &[u8]) {
        if let Some(doc) = decoded(data) {
            let record = gijiroku::parse::parse_as(&doc, Some(DocumentKind::Material));
            let _ = serde_json::to_string(&record);
        }
    }

    /// The secretariat's notes (TOML), then what is computed from them.
    pub fn notes(data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        if let Ok(notes) = gijiroku::notes::Notes::from_toml(Path::new("fuzz.toml"), text) {
            let _ = notes.flat_items();
            let _ = notes.effective_materials();
            let _ = notes.members();
            let _ = notes.date();
            let _ = notes.fiscal_year();
            let _ = notes.to_toml();
        }
    }

    fn tokenizer() -> &'static gijiroku::index::tokenizer::JapaneseTokenizer {
        static JA: OnceLock<gijiroku::index::tokenizer::JapaneseTokenizer> = OnceLock::new();
        JA.get_or_init(|| {
            gijiroku::index::tokenizer::JapaneseTokenizer::new(&[]).expect("the dictionary loads")
        })
    }

    /// The search query syntax and what is done with a query before the index is read: its
    /// terms, their reduction to content words, synonyms, bigrams, and the snippet marking.
    pub fn query(data: &[u8]) {
        use gijiroku::index::{search, tokenizer};
        use gijiroku::text::synonyms;
        // The bigram field's form, the one the search compares synonyms in.
        let form = |s: &str| -> String { tokenizer::bigram_chars(s).into_iter().map(|c| c.0).collect() };
        let q = String::from_utf8_lossy(data);
        // The web page and the API refuse longer queries; the CLI does not, so go further.
        let q: String = q.chars().take(1000).collect();
        let terms = search::parse_query(&q);
        let _ = search::reduce(tokenizer(), &q);
        let mut needles = Vec::new();
        for t in terms.iter().take(64) {
            let _ = synonyms::variants(&t.text, form);
            let _ = synonyms::inside(&t.text, form);
            let _ = synonyms::okurigana(&t.text, form);
            let _ = tokenizer::bigrams(&t.text);
            let _ = tokenizer().terms(&t.text);
            needles.push(t.text.clone());
        }
        let (snippet, marks) = search::snippet(&q, &needles, 80);
        let _ = search::mark(&snippet, &marks, "<mark>", "</mark>");
    }

    /// The web server's request parameters: a request target (`/path?query`) checked as the
    /// routes check it, before anything is looked up.
    pub fn web_params(data: &[u8]) {
        let _ = gijiroku::web::check_target(data);
    }
}
