#!/usr/bin/env python3
"""Turn a minutes source text (samples/src/*.txt) into a flat ODF text document (.fodt).

LibreOffice then converts the .fodt to PDF or DOCX (see make.sh). The source is plain UTF-8
text, one paragraph per line, with a few directives:

    @header TEXT     running header printed on every page but the first (e.g. 会 議 概 要（続き）)
    @title TEXT      centred bold title paragraph
    @table           start of a two-column table (the header block); each following line is
                     LABEL<TAB>VALUE; a line that starts with a TAB adds a paragraph to the
                     value cell of the row above
    @end             end of the table
    @pagebreak       start a new page

Outside a table, a TAB in a line is a right-aligned tab stop at the right margin (used for the
material references after agenda items). Lines that start with a bullet mark (・ ○ → ⇒ ＊ ※)
get a hanging indent of one character, as a Word document would. Pages are A4, the text font
is IPAexMincho 10.5pt, and the page number is printed centred in the footer.
"""

import sys
from xml.sax.saxutils import escape

FONT = "IPAexMincho"
HANGING = "・○→⇒＊※"

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>
  <dc:title>{title}</dc:title>
  <dc:language>ja-JP</dc:language>
 </office:meta>
 <office:font-face-decls>
  <style:font-face style:name="{font}" svg:font-family="{font}" style:font-family-generic="roman" style:font-pitch="variable"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:line-height="135%" style:line-break="strict" style:writing-mode="lr-tb"/>
   <style:text-properties style:font-name="{font}" fo:font-size="10.5pt" fo:language="ja" fo:country="JP"
    style:font-name-asian="{font}" style:font-size-asian="10.5pt" style:language-asian="ja" style:country-asian="JP"
    style:font-name-complex="{font}" style:font-size-complex="10.5pt"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties>
    <style:tab-stops><style:tab-stop style:position="15.9cm" style:type="right"/></style:tab-stops>
   </style:paragraph-properties>
  </style:style>
  <style:style style:name="Bullet" style:family="paragraph" style:parent-style-name="Body">
   <style:paragraph-properties fo:margin-left="10.5pt" fo:text-indent="-10.5pt"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.3cm"/>
   <style:text-properties fo:font-size="12pt" fo:font-weight="bold" style:font-size-asian="12pt" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Cell" style:family="paragraph" style:parent-style-name="Standard"/>
  <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="end"/>
  </style:style>
  <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="A4">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"
    fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
   <style:header-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-bottom="0.3cm"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-top="0.3cm"/></style:footer-style>
  </style:page-layout>
  <style:style style:name="FirstTitle" style:family="paragraph" style:parent-style-name="Title" style:master-page-name="First"/>
  <style:style style:name="Break" style:family="paragraph" style:parent-style-name="Body">
   <style:paragraph-properties fo:break-before="page"/>
  </style:style>
  <style:style style:name="HeadTable" style:family="table">
   <style:table-properties style:width="15.9cm" table:align="left"/>
  </style:style>
  <style:style style:name="HeadTable.A" style:family="table-column">
   <style:table-column-properties style:column-width="2.8cm"/>
  </style:style>
  <style:style style:name="HeadTable.B" style:family="table-column">
   <style:table-column-properties style:column-width="13.1cm"/>
  </style:style>
  <style:style style:name="HeadTable.Cell" style:family="table-cell">
   <style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/>
  </style:style>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="A4">
   <style:header><text:p text:style-name="Header">{header}</text:p></style:header>
   <style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current">2</text:page-number></text:p></style:footer>
  </style:master-page>
  <style:master-page style:name="First" style:page-layout-name="A4" style:next-style-name="Standard">
   <style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text>
"""

TAIL = """  </office:text>
 </office:body>
</office:document>
"""


def inline(s: str) -> str:
    """Escape text for ODF: tabs become <text:tab/>, runs of spaces <text:s/>."""
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\t":
            out.append("<text:tab/>")
            i += 1
        elif c == " ":
            j = i
            while j < len(s) and s[j] == " ":
                j += 1
            n = j - i
            # a single space between words stays a space; leading or repeated spaces are kept
            if n == 1 and i > 0 and j < len(s):
                out.append(" ")
            else:
                out.append(f'<text:s text:c="{n}"/>')
            i = j
        else:
            out.append(escape(c))
            i += 1
    return "".join(out)


def para(line: str, style: str | None = None) -> str:
    if style is None:
        style = "Bullet" if line[:1] in HANGING else "Body"
    return f'   <text:p text:style-name="{style}">{inline(line)}</text:p>\n'


def convert(lines: list[str]) -> str:
    header = ""
    title = ""
    body = []
    first = True
    table = None  # list of (label, [values])
    for raw in lines:
        line = raw.rstrip("\n").rstrip("\r")
        if line.startswith("@header "):
            header = line[len("@header "):]
            continue
        if line.startswith("@title "):
            title = title or line[len("@title "):]
            body.append(para(line[len("@title "):], "FirstTitle" if first else "Title"))
            first = False
            continue
        if line == "@pagebreak":
            body.append('   <text:p text:style-name="Break"/>\n')
            continue
        if line == "@table":
            table = []
            continue
        if line == "@end":
            rows = []
            for label, values in table:
                cells = "".join(para(v, "Cell") for v in values) or para("", "Cell")
                rows.append(
                    "    <table:table-row>\n"
                    f'     <table:table-cell table:style-name="HeadTable.Cell" office:value-type="string">{para(label, "Cell")}</table:table-cell>\n'
                    f'     <table:table-cell table:style-name="HeadTable.Cell" office:value-type="string">{cells}</table:table-cell>\n'
                    "    </table:table-row>\n"
                )
            body.append(
                '   <table:table table:name="HeaderBlock" table:style-name="HeadTable">\n'
                '    <table:table-column table:style-name="HeadTable.A"/>\n'
                '    <table:table-column table:style-name="HeadTable.B"/>\n'
                + "".join(rows)
                + "   </table:table>\n"
            )
            table = None
            continue
        if table is not None:
            if line.startswith("\t"):
                table[-1][1].append(line[1:])
            else:
                label, _, value = line.partition("\t")
                table.append((label, [value] if value else []))
            continue
        body.append(para(line))
    return HEAD.format(font=FONT, header=escape(header), title=escape(title)) + "".join(body) + TAIL


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: txt2fodt.py SOURCE.txt OUT.fodt")
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.readlines()
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(convert(lines))


if __name__ == "__main__":
    main()
