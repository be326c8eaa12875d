"""Readers for the forms a user's copy of a document comes in: bytes -> (form, text).

PDF (pypdf, imported only here), a saved web page (navigation, scripts and styles left out; list items
become '•' bullets), .docx (its document.xml, bounded), and plain text in any common encoding and line
ending. What comes out is text whose canonical form (``normalise``) the matcher compares; layout is not trusted.
"""

from __future__ import annotations

import re

from ..errors import DataError

__all__ = ["FORMS", "read_form", "sniff", "decode"]

FORMS = ("text", "html", "pdf", "docx")
_DOCX_MAX = 64 * 1024 * 1024  # uncompressed document.xml: a zip bomb is refused, not inflated


def sniff(data: bytes, name: str = "") -> str | None:
    """The form of a file's bytes: 'pdf', 'docx', 'html', 'text', or None for something else (binary)."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx" if name.lower().endswith(".docx") or b"word/" in data[:4096] else None
    try:
        head = decode(data[:4096], partial=True).lower()
    except ValueError:
        return None
    if re.search(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]", head) or name.lower().endswith((".htm", ".html")):
        return "html"
    return "text"


def decode(data: bytes, partial: bool = False) -> str:
    """Text in any common encoding: a BOM (UTF-8, UTF-16, UTF-32) decides, else UTF-8, else Windows-1252.
    Raises ValueError for bytes that are no text (NUL characters)."""
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(enc, errors="replace" if partial else "strict")
            break
    else:
        if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:4:2] != b"\x00\x00":
            text = data.decode("utf-16-le", errors="replace")  # UTF-16 without a BOM, as some editors save it
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as e:
                if partial and e.start >= len(data) - 3:  # a character cut by the sniffing window
                    text = data[: e.start].decode("utf-8")
                else:
                    text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ValueError("binary")
    return text


def read_form(data: bytes, name: str = "") -> tuple[str, str]:
    """(form, text) of a copy's bytes. Raises DataError (one line) for a form hrcli cannot read."""
    form = sniff(data, name)
    if form is None:
        raise DataError(f"{name or 'file'}: not a text, web page, PDF or .docx")
    try:
        if form == "pdf":
            return form, _pdf(data, name)
        if form == "docx":
            return form, _docx(data, name)
        text = decode(data)
    except ValueError:
        raise DataError(f"{name or 'file'}: not a text, web page, PDF or .docx") from None
    return form, (_html(text) if form == "html" else text.replace("\r\n", "\n").replace("\r", "\n"))


def _pdf(data: bytes, name: str) -> str:
    try:
        import pypdf  # ~100 ms: only when a copy is a PDF
    except ImportError:
        raise DataError(f"{name}: reading a PDF needs pypdf: pip install pypdf") from None
    import io
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF's warnings are not the user's business
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DataError(f"{name}: the PDF is encrypted; save an unprotected copy")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except DataError:
        raise
    except Exception as e:  # pypdf raises many kinds on a damaged file; each is one line for the user
        raise DataError(f"{name}: cannot read the PDF ({type(e).__name__}: {e})") from None


def _docx(data: bytes, name: str) -> str:
    import io
    import zipfile
    from xml.etree import ElementTree as ET

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > _DOCX_MAX:
                raise DataError(f"{name}: its document.xml is {info.file_size} bytes; too large to read")
            root = ET.fromstring(z.read(info))
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError) as e:
        raise DataError(f"{name}: cannot read the .docx ({e})") from None
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paras = []
    for p in root.iter(f"{w}p"):
        parts = []
        for el in p.iter():
            if el.tag == f"{w}t":
                parts.append(el.text or "")
            elif el.tag == f"{w}tab":
                parts.append("\t")
            elif el.tag in (f"{w}br", f"{w}cr"):
                parts.append("\n")
        text = "".join(parts)
        if text.strip():
            bullet = p.find(f"{w}pPr/{w}numPr") is not None
            paras.append(("• " if bullet else "") + text)
    return "\n\n".join(paras)


_SKIP = {"script", "style", "nav", "noscript", "template", "svg", "head", "header", "footer", "aside", "form", "button"}
_BLOCK = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "section",
    "article", "main", "blockquote", "dd", "dt", "dl", "hr", "pre", "figure", "figcaption", "td", "th",
}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


def _html(text: str) -> str:
    """A saved web page's readable text: one block a paragraph, list items as '•' bullets."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.skip: list[str] = []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            role = dict(attrs).get("role") or ""
            if tag in _VOID:
                if tag in _BLOCK and not self.skip:
                    self.out.append("\n")
                return
            if self.skip or tag in _SKIP or role in ("navigation", "banner", "contentinfo", "search"):
                self.skip.append(tag)
                return
            if tag in _BLOCK:
                self.out.append("\n\n")
            if tag == "li":
                self.out.append("• ")

        def handle_endtag(self, tag: str) -> None:
            if self.skip:
                if tag in self.skip:  # close up to the tag, whatever sloppy markup left open inside it
                    while self.skip and self.skip.pop() != tag:
                        pass
                return
            if tag in _BLOCK:
                self.out.append("\n\n")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.out.append(re.sub(r"\s+", " ", data))

    r = Reader()
    r.feed(text)
    r.close()
    lines = [ln.strip() for ln in "".join(r.out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
