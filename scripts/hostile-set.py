#!/usr/bin/env python3
"""Writes the hostile files of issue 14 into a folder, for measuring `gijiroku ingest` on them
(time, peak memory with /usr/bin/time -v). The same cases as tests/it/hostile.rs, plus the large
text files. Nothing here is third-party text.

    scripts/hostile-set.py DIR [--big]     # --big adds a 50 MB one-line file and a 60 MB file
"""
import io
import os
import sys
import zipfile
import zlib


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


def docx(body):
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + body + '</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
    return buf.getvalue()


def p(text):
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    def put(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    put("parent-cycle.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream"]))
    depth = 10_000
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        parent = "" if level == 0 else f"/Parent {level + 1} 0 R"
        objs.append(f"<< /Type /Pages /Kids [{level + 3} 0 R] /Count 1 {parent} >>".encode())
    objs.append(f"<< /Type /Page /Parent {depth + 1} 0 R /MediaBox [0 0 595 842] >>".encode())
    put("deep-tree.pdf", pdf(objs))
    z = zlib.compressobj(1)
    data = b"".join(z.compress(b" " * (1 << 20)) for _ in range(1024)) + z.flush()
    put("flate-bomb-1gb.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream"]))
    put("no-mediabox.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream"]))
    put("broken-quote.docx", docx('<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="dxa/></w:tblPr><w:tr><w:tc>'
                                  + p("開催日時") + "</w:tc></w:tr></w:tbl>" + p("以上")))
    put("nested-tables.docx", docx("<w:tbl><w:tr><w:tc>" * 580 + p("奥") + "</w:tc></w:tr></w:tbl>" * 580))
    put("inflates-2gb.docx", docx(p("委員から意見があった。") * (2_000_000_000 // 80)))
    good = "第1回 全体会 会議概要\n日時 令和6年5月20日(月)\n会議概要\n・委員から意見があった。\n"
    put("bad-byte.txt", good.encode()[:40] + b"\xff" + good.encode()[40:])
    put("cut.txt", good.encode().rstrip(b"\n")[:-1])
    if "--big" in sys.argv:
        sentence = "委員から、地域生活支援拠点の相談機能について意見があった。"
        put("one-50mb-line.txt", (good + sentence * (50_000_000 // len(sentence.encode()))).encode())
        para = "・委員から、地域生活支援拠点の相談機能について意見があった。\n"
        put("text-60mb.txt", (good + para * (60_000_000 // len(para.encode()))).encode())
        put("text-200mb.txt", (good + para * (200_000_000 // len(para.encode()))).encode())
    put("good.txt", good.encode())


if __name__ == "__main__":
    main()
