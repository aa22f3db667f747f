#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into DIR/<target>/ (default fuzz/seeds-out), from
the repository's own samples and small documents built here: nothing third-party.

    fuzz/seeds.py [DIR]

The campaign (README, Reliability) starts from these; what is committed under fuzz/corpus/ is
the campaign's corpus minimised with libFuzzer's -merge=1.
"""
import glob
import io
import os
import sys
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sample(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def samples(pattern):
    return sorted(glob.glob(os.path.join(ROOT, pattern)))


def pdf(objects):
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for o in offsets:
        out += f"{o:010} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data, flate=False, extra=b""):
    if flate:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def latin_pdf(lines, flate=False):
    ops = b"BT /F1 11 Tf 56 780 Td 14 TL " + b" ".join(b"(%s) '" % l.encode() for l in lines) + b" ET"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(ops, flate),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ])


def cid_pdf(lines):
    """Japanese text as CIDs of an Identity-H font with a ToUnicode map (as word processors write)."""
    chars = sorted({c for l in lines for c in l})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n"
            + "".join(f"<{cid[c]:04X}> <{ord(c):04X}>\n" for c in chars)
            + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    ops = b"BT /F1 10.5 Tf 56 780 Td 16 TL "
    for l in lines:
        ops += b"<" + "".join(f"{cid[c]:04X}" for c in l).encode() + b"> Tj T* "
    ops += b"ET"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(ops, flate=True),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /MSMincho /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MSMincho /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        stream(cmap, flate=True),
    ])


def docx(body, method=zipfile.ZIP_DEFLATED):
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document(body))
    return buf.getvalue()


def document(body):
    return ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + body + '</w:body></w:document>').encode()


def para(text):
    return f"<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def table(rows):
    out = '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/></w:tblGrid>'
    for r in rows:
        out += '<w:tr><w:trPr><w:trHeight w:val="400"/></w:trPr>' + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/><w:vMerge/><w:gridSpan w:val="1"/></w:tcPr>{para(c)}</w:tc>' for c in r) + "</w:tr>"
    return out + "</w:tbl>"


def head(text, n):
    return text.split("\n")[:n]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fuzz", "seeds-out")
    texts = [sample(p) for p in samples("samples/minutes/*.txt") + samples("samples/materials/*.txt")]
    sources = [sample(p) for p in samples("samples/src/*.txt.in")]

    def put(target, name, data):
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)

    first = texts[0].decode()
    short = "\n".join(head(first, 25)) + "\n"
    for i, t in enumerate(texts):
        put("text_decode", f"sample{i}.txt", t)
        put("minutes", f"sample{i}.txt", t)
        put("material", f"sample{i}.txt", t)
    for i, t in enumerate(sources):
        put("minutes", f"src{i}.txt", t)
        put("material", f"src{i}.txt", t)
    put("text_decode", "short-sjis.txt", short.encode("cp932"))
    put("text_decode", "short-eucjp.txt", short.encode("euc_jp", "replace"))
    put("text_decode", "short-utf16.txt", short.encode("utf-16"))
    put("text_decode", "short-bom.txt", b"\xef\xbb\xbf" + short.encode())
    put("text_decode", "short.md", ("# " + short.replace("\n", "\n\n- ", 3) + "\n**強調** [リンク](x) `code`\n").encode())
    put("text_decode", "bad-byte.txt", short.encode()[:40] + b"\xff" + short.encode()[40:])
    put("text_decode", "crlf.txt", short.replace("\n", "\r\n").encode())
    put("minutes", "short-sjis.txt", short.encode("cp932"))

    html = sample("samples/minutes/2025-06-11_soudanshien_verbatim.html")
    put("html", "sample.html", html)
    put("html", "short.html", ("<!DOCTYPE html><html><head><meta charset=\"Shift_JIS\"><title>会議録</title><style>p{}</style>"
                               "<script>var x=1;</script></head><body><nav>メニュー</nav><main><h1>" + head(first, 1)[0] + "</h1>"
                               + "".join(f"<p>{l}<br>続き</p>" for l in head(first, 12)[1:])
                               + "<table><tr><th>日時</th><td>令和6年5月20日</td></tr></table><ul><li>一</li></ul></main>"
                               "<footer>フッター</footer></body></html>").encode("cp932"))

    lines = head(first, 14)
    put("pdf", "cid.pdf", cid_pdf([l for l in lines if l.strip()]))
    put("pdf", "latin.pdf", latin_pdf(["Meeting minutes", "Date: 2024-05-20 (Mon) 14:00", "1. Opening", "(1) Report"]))
    put("pdf", "latin-flate.pdf", latin_pdf(["Agenda", "Materials 1-3"], flate=True))
    put("pdf", "parent-cycle.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        stream(b"")]))
    put("pdf", "no-mediabox.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        stream(b"BT (x) Tj ET")]))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(20):
        parent = "" if level == 0 else f"/Parent {level + 1} 0 R"
        objs.append(f"<< /Type /Pages /Kids [{level + 3} 0 R] /Count 1 {parent} >>".encode())
    objs.append(b"<< /Type /Page /Parent 21 0 R /MediaBox [0 0 595 842] >>")
    put("pdf", "deep20.pdf", pdf(objs))

    sample_docx = sample("samples/minutes/2024-02-26_zentaikai_summary.docx")
    put("docx", "sample.docx", sample_docx)
    xml = zipfile.ZipFile(io.BytesIO(sample_docx)).read("word/document.xml")
    put("docx", "sample-document.xml", xml[:12000])
    body = para(lines[0]) + table([["開催日時", lines[1] if len(lines) > 1 else "令和6年"], ["場所", "市役所"]]) + "".join(para(l) for l in lines[2:10])
    put("docx", "small.docx", docx(body))
    put("docx", "small-stored.docx", docx(body, zipfile.ZIP_STORED))
    put("docx", "small-document.xml", document(body))
    put("docx", "nested.xml", document("<w:tbl><w:tr><w:tc>" * 3 + para("奥") + "</w:tc></w:tr></w:tbl>" * 3))

    for p in samples("samples/notes/*.toml"):
        put("notes", os.path.basename(p), sample(os.path.relpath(p, ROOT)))

    queries = ["地域部会", "相談支援 -就労", "\"地域生活支援拠点\" 意見", "グループホーム 何カ所",
               "いつ 決まった", "－除外 「括弧の句」", "委員から 意見 要望", "令和6年度 予算 5件",
               "ＡＢＣ　全角", "\"unclosed phrase", "- - \"\"", "障害者差別解消法 改正 何人"]
    for i, q in enumerate(queries):
        put("query", f"q{i}", q.encode())

    targets = ["/?q=%E5%9C%B0%E5%9F%9F&page=2", "/api/search?q=a&from=2024-04-01&to=2025/3/31&kind=opinion&per_page=50",
               "/api/search?q=x&page=0", "/meetings/0123456789ab?q=%22phrase%22", "/api/meetings/zzzzzzzzzzzz",
               "/track?facts=%E4%BA%BA&unit=%E4%BA%BA&council=c&all=1", "/api/track/agenda?q=%E6%94%AF%E6%8F%B4",
               "/api/search?q=%FF%FE&page=999999999", "/?q=%&speaker=%E5", "/?from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94%E5%B9%B4"]
    for i, t in enumerate(targets):
        put("web_params", f"t{i}", t.encode())


if __name__ == "__main__":
    main()
