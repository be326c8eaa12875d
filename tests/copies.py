"""Build a user's copy of a source text in the forms people have: a printed PDF, a saved web page,
re-wrapped text. Built at test time from ../shared/sources; nothing of the texts is stored."""

from __future__ import annotations

import html
import io
import re
import textwrap
import zipfile

from hrcli import passages


def paragraphs(source_id: str, text: str) -> list[tuple[str, str]]:
    """(locator, passage as the resolver prints it) for every locator, in document order."""
    return [(loc, passages.resolve(source_id, loc, text).text) for loc in passages.locators(source_id, text)]


def as_text(paras: list[tuple[str, str]], width: int = 64, numbers: str = "keep", eol: str = "\r\n") -> str:
    """Re-wrapped text; ``numbers``: 'keep' the printed paragraph numbers, 'strip' them, or 'add' some."""
    out = []
    for n, (_loc, p) in enumerate(paras, 1):
        if numbers == "strip":
            p = re.sub(r"^\d{1,2}\.\s+", "", p)
        elif numbers == "add" and not re.match(r"^\d{1,2}\.\s", p):
            p = f"{n}. {p}"
        out.append(eol.join(ln for part in p.split("\n") for ln in textwrap.wrap(part, width)))
    return (eol + eol).join(out) + eol


def as_html(paras: list[tuple[str, str]], title: str) -> str:
    """A saved web page: navigation, a script and a style around the paragraphs; bullets as list items."""
    menu = "".join(f'<li><a href="/{i}">{html.escape(w)}</a></li>' for i, w in enumerate(title.split()))
    body = []
    for _loc, p in paras:
        first, *rest = p.split("\n")
        if first.startswith("• "):
            body.append(f"<ul><li>{html.escape(first[2:])}</li></ul>")
        else:
            body.append(f"<p>{html.escape(first)}</p>")
        if rest:
            body.append("<ul>" + "".join(f"<li>{html.escape(r.lstrip('•- '))}</li>" for r in rest) + "</ul>")
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{t}</title>'
        "<style>p {{ margin: 0 }} /* Belarus */</style></head>\n<body>\n"
        '<nav class="menu"><ul>{menu}</ul></nav>\n<header><p>Ministry of Foreign Affairs</p></header>\n'
        '<script>var lead = "Belarus cooperation with the UN";</script>\n'
        "<main><h1>{t}</h1>\n{body}\n</main>\n"
        '<footer><p>© Ministry</p><ul><li><a href="/a">Belarusian Diplomatic Missions</a></li></ul></footer>\n'
        "</body></html>\n"
    )
    text = page.format(t=html.escape(title), menu=menu, body="\n".join(body))
    return text.replace("’", "&rsquo;")  # a saved page spells some characters as entities


def _hyphenated(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters; a long word at a line end is broken with a hyphen."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split():
            room = width - len(line) - (1 if line else 0)
            if len(word) <= room:
                line = f"{line} {word}" if line else word
                continue
            if word.isalpha() and len(word) >= 8 and room >= 5:
                cut = min(room - 1, len(word) - 3)
                lines.append(f"{line} {word[:cut]}-")
                word = word[cut:]
            elif line:
                lines.append(line)
            line = word
        lines.append(line)
    return lines


def as_pdf(paras: list[tuple[str, str]], header: str, symbol: str) -> bytes:
    """A printed PDF: a running header, a footer with the page number, a date and the file name, and
    words broken by a hyphen at line ends; paragraphs run across pages."""
    from fpdf import FPDF

    class Printed(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 4, header, new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 4, symbol, new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-18)
            self.set_font("Helvetica", size=8)
            self.cell(0, 4, str(self.page_no()), new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 4, "09-12345.pdf", new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 4, "12/11/2009", new_x="LMARGIN", new_y="NEXT")

    pdf = Printed()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for _loc, p in paras:
        for line in _hyphenated(p, 95):
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def as_docx(paras: list[tuple[str, str]]) -> bytes:
    """A minimal .docx: one Word paragraph per line of each passage, bullets as numbered-list paragraphs."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = []
    for _loc, p in paras:
        for line in p.split("\n"):
            bullet = line.startswith(("• ", "- "))
            ppr = "<w:pPr><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr>" if bullet else ""
            text = html.escape(line[2:] if bullet else line)
            body.append(f"<w:p>{ppr}<w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>")
    xml = (
        f"<?xml version='1.0' encoding='UTF-8'?><w:document xmlns:w='{w}'><w:body>{''.join(body)}</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


# ---------------------------------------------------------------- copies of the raw texts themselves
# The copies above are printed from hrcli's own parsed paragraphs; a user's copy comes from the document,
# so these start from the raw text as ../shared/sources has it (its bullets, page numbers and footnotes).


def _blocks(raw: str) -> list[list[str]]:
    """The raw text's lines in blank-line-separated blocks."""
    out: list[list[str]] = [[]]
    for line in raw.split("\n"):
        if line.strip():
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [b for b in out if b]


def raw_html(raw: str, title: str) -> bytes:
    """A saved web page of the raw text: a block a paragraph, its lines kept with <br>, entities for quotes."""
    body = "\n".join("<p>" + "<br>\n".join(html.escape(ln) for ln in b) + "</p>" for b in _blocks(raw))
    page = (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        "<script>var x = 1;</script></head>\n<body><nav><a href='/'>Home</a></nav>\n"
        f"<main>\n{body}\n</main><footer>© 2024</footer></body></html>\n"
    )
    return page.replace("’", "&rsquo;").encode("utf-8")


def raw_docx(raw: str) -> bytes:
    """A .docx of the raw text: a Word paragraph per line, as a pasted text is."""
    return as_docx([("", "\n".join(ln for ln in raw.split("\n") if ln.strip()))])


def _printable(line: str) -> str:
    return line.encode("cp1252", errors="replace").decode("cp1252")


def raw_pdf_browser(raw: str, name: str) -> bytes:
    """A browser's print of the raw text file: monospaced lines (a long one wrapped), a header with the
    date and the file name, a footer with its address and 'page/pages' on every page."""
    from fpdf import FPDF

    class Printed(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=7)
            self.cell(0, 4, f"12/8/26, 1:02 AM    {name}", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=7)
            self.cell(0, 4, f"file:///home/user/Downloads/{name}    {self.page_no()}/{{nb}}")

    pdf = Printed()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("Courier", size=8)
    for line in raw.split("\n"):
        for part in textwrap.wrap(_printable(line), 110) or [""]:
            pdf.cell(0, 3.6, part, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def raw_pdf_flowed(raw: str) -> bytes:
    """A second route to a PDF: a word processor's print of the text file, each line flowed in a
    proportional font (a long one wrapped where it fits), centred page numbers."""
    from fpdf import FPDF

    class Printed(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Printed()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Times", size=11)
    for line in raw.split("\n"):
        pdf.multi_cell(0, 5, _printable(line.strip()), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def raw_copies(raw: str, name: str, forms: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """Honest copies of one raw text (every form, or those in ``forms``): form -> the file's bytes."""
    import unicodedata

    makers = {
        "crlf": lambda: raw.replace("\n", "\r\n").encode("utf-8"),
        "trailing newline": lambda: (raw + "\n").encode("utf-8"),
        "utf-16": lambda: raw.encode("utf-16"),
        "nfd": lambda: unicodedata.normalize("NFD", raw).encode("utf-8"),
        "bullets as •": lambda: raw.replace("¾", "•").encode("utf-8"),
        "pdf, browser": lambda: raw_pdf_browser(raw, name),
        "pdf, flowed": lambda: raw_pdf_flowed(raw),
        "html": lambda: raw_html(raw, "Belarus and the United Nations"),
        "docx": lambda: raw_docx(raw),
    }
    return {form: make() for form, make in makers.items() if forms is None or form in forms}


# ---------------------------------------------------------------- hostile files a texts folder may hold


def hostile(kind: str, passage: str = "") -> tuple[str, bytes]:
    """(file name, bytes) of a file built to hang or exhaust a reader or the matcher. ``passage``: a
    passage's text, for the file that repeats its first and last words to defeat the matcher."""
    import zlib

    if kind == "html, unclosed tags":
        return "page.html", b"<!DOCTYPE html><html><body>" + b"<p<a <b x='" * 30000
    if kind == "html, unclosed skipped tags":
        return "page.html", b"<!DOCTYPE html><html><body>" + b"<nav><div>" * 30000 + b"</span>" * 60000
    if kind == "pdf, inflating stream":
        content = b"BT /F1 1 Tf " + b"(AAAAAAAAAA) Tj " * 700_000 + b"ET"
        stream = zlib.compress(content, 9)
        objs = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        out = bytearray(b"%PDF-1.4\n")
        offsets = []
        for i, body in enumerate(objs, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
        return "report.pdf", bytes(out)
    if kind == "docx, nested paragraphs":
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        depth = 100_000
        xml = (
            f"<?xml version='1.0'?><w:document xmlns:w='{w}'><w:body>"
            + "<w:p><w:r><w:t>word</w:t></w:r>" * depth
            + "</w:p>" * depth
            + "</w:body></w:document>"
        )
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", xml)
        return "notes.docx", buf.getvalue()
    if kind == "text, anchors repeated":
        words = passage.split()
        head, tail = " ".join(words[:12]), " ".join(words[-12:])
        block = "\n".join([head] + ["x"] * 40 + [tail])
        return "notes.txt", ("\n".join([block] * 400) + "\n").encode("utf-8")
    if kind == "text, huge":
        line = b"the council and the committee reported on rights in the session of the year\n"
        return "dump.txt", line * (19 * 1024 * 1024 // len(line))
    raise ValueError(kind)


HOSTILE = [
    "html, unclosed tags",
    "html, unclosed skipped tags",
    "pdf, inflating stream",
    "docx, nested paragraphs",
    "text, anchors repeated",
    "text, huge",
]
