"""Readers for the forms a user's copy of a document comes in: bytes -> (form, text).

PDF (pypdf, imported only here), a saved web page (navigation, scripts and styles left out; list items
become '•' bullets), .docx (its document.xml, streamed), and plain text in any common encoding and line
ending. Every reader works within a ``Budget``: at most so much text, in so much time, and in memory
bounded by both; a file past it is ``OverBudget`` (too large or too complex to be a copy of a source),
never a hang. The web page reader is linear (stdlib html.parser is quadratic on unclosed tags). What
comes out is text whose canonical form (``normalise``) the matcher compares; layout is not trusted.
"""

from __future__ import annotations

import re
import time

from ..errors import DataError

__all__ = ["FORMS", "read_form", "sniff", "decode", "Budget", "OverBudget"]

FORMS = ("text", "html", "pdf", "docx")
_DOCX_MAX = 16 * 1024 * 1024  # uncompressed document.xml: a zip bomb is refused, not inflated
_PDF_STREAM_MAX = 4 * 1024 * 1024  # one decompressed PDF stream: a page's text is far less


class OverBudget(DataError):
    """A file too large or too complex to read as a copy within its budget."""


class Budget:
    """What reading and matching one copy may cost: ``max_text`` characters of text, ``seconds`` of this
    process's CPU time (not wall time: a busy machine never makes an honest copy look hostile)."""

    def __init__(self, max_text: int, seconds: float):
        self.max_text, self.seconds = max_text, seconds
        self.deadline = time.process_time() + seconds

    def check(self, size: int = 0) -> None:
        """Raise OverBudget when ``size`` characters are more than the budget's text, or its time is up."""
        if size > self.max_text:
            raise OverBudget(f"more than {self.max_text} characters of text")
        if time.process_time() > self.deadline:
            raise OverBudget(f"more than {self.seconds:g} s to read")


_UNBOUNDED = Budget(1 << 62, 1e12)


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


def read_form(data: bytes, name: str = "", budget: Budget | None = None) -> tuple[str, str]:
    """(form, text) of a copy's bytes. Raises DataError (one line) for a form hrcli cannot read, and
    OverBudget for a copy past ``budget``."""
    budget = budget or _UNBOUNDED
    form = sniff(data, name)
    if form is None:
        raise DataError(f"{name or 'file'}: not a text, web page, PDF or .docx")
    try:
        if form == "pdf":
            text = _pdf(data, name, budget)
        elif form == "docx":
            text = _docx(data, name, budget)
        else:
            if form == "text":
                budget.check(len(data) // 4)  # no encoding takes more than four bytes a character
            text = decode(data)
            budget.check(len(text) if form == "text" else 0)
            text = _html(text, budget) if form == "html" else text.replace("\r\n", "\n").replace("\r", "\n")
    except ValueError:
        raise DataError(f"{name or 'file'}: not a text, web page, PDF or .docx") from None
    budget.check(len(text))
    return form, text


def _pdf(data: bytes, name: str, budget: Budget) -> str:
    try:
        import pypdf  # ~100 ms: only when a copy is a PDF
    except ImportError:
        raise DataError(f"{name}: reading a PDF needs pypdf: pip install pypdf") from None
    import contextlib
    import io
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF's warnings are not the user's business
    try:
        with _pdf_limits(pypdf) if hasattr(pypdf, "apply_configuration") else contextlib.nullcontext():
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DataError(f"{name}: the PDF is encrypted; save an unprotected copy")
            pages, size = [], 0
            for page in reader.pages:
                budget.check(size)
                text = page.extract_text() or ""
                size += len(text)
                pages.append(text)
            budget.check(size)
            return "\n".join(pages)
    except DataError:
        raise
    except Exception as e:  # pypdf raises many kinds on a damaged file; each is one line for the user
        if type(e).__name__ == "LimitReachedError":  # a stream inflating past _PDF_STREAM_MAX
            raise OverBudget(f"{name}: a stream of the PDF inflates past {_PDF_STREAM_MAX} bytes") from None
        raise DataError(f"{name}: cannot read the PDF ({type(e).__name__}: {e})") from None


def _pdf_limits(pypdf):  # noqa: ANN001, ANN202 (pypdf is imported lazily)
    """pypdf's decompression limits lowered to what a document's page needs: an inflating stream is refused."""
    limits = {
        "zlib_maximum_output_length": _PDF_STREAM_MAX,
        "lzw_maximum_output_length": _PDF_STREAM_MAX,
        "run_length_maximum_output_length": _PDF_STREAM_MAX,
        "array_based_stream_maximum_output_length": _PDF_STREAM_MAX,
    }
    fields = set(getattr(pypdf.Configuration, "__dataclass_fields__", ()))
    return pypdf.apply_configuration(**{k: v for k, v in limits.items() if k in fields})


def _docx(data: bytes, name: str, budget: Budget) -> str:
    """A .docx's text: each paragraph from its own runs (a paragraph nested in another, as a text box is,
    is its own paragraph, never read again as part of the outer one), streamed, within ``budget``."""
    import io
    import zipfile
    from xml.etree import ElementTree as ET

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paras: list[str] = []
    stack: list[list] = []  # open paragraphs, innermost last: [parts, bullet]
    size = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > _DOCX_MAX:
                raise OverBudget(f"its document.xml is {info.file_size} bytes")
            with z.open(info) as f:
                for n, (event, el) in enumerate(ET.iterparse(f, events=("start", "end"))):
                    if n % 4096 == 0:
                        budget.check(size)
                    tag = el.tag
                    if event == "start":
                        if tag == f"{w}p":
                            stack.append([[], False])
                        continue
                    if not stack:
                        el.clear()
                        continue
                    own = stack[-1]
                    if tag == f"{w}t":
                        own[0].append(el.text or "")
                        size += len(el.text or "")
                    elif tag == f"{w}tab":
                        own[0].append("\t")
                    elif tag in (f"{w}br", f"{w}cr"):
                        own[0].append("\n")
                    elif tag == f"{w}numPr":
                        own[1] = True
                    elif tag == f"{w}p":
                        parts, bullet = stack.pop()
                        text = "".join(parts)
                        if text.strip():
                            paras.append(("• " if bullet else "") + text)
                    if tag != f"{w}pPr" and tag != f"{w}numPr":
                        el.clear()  # streamed: what is read is let go
    except OverBudget:
        raise
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError, EOFError, RuntimeError) as e:
        raise DataError(f"{name}: cannot read the .docx ({e})") from None
    budget.check(size)
    return "\n\n".join(paras)


_SKIP = {"script", "style", "nav", "noscript", "template", "svg", "head", "header", "footer", "aside", "form", "button"}
_BLOCK = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "section",
    "article", "main", "blockquote", "dd", "dt", "dl", "hr", "pre", "figure", "figcaption", "td", "th",
}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)")
_ROLE = re.compile(r"""\brole\s*=\s*["']?([\w-]+)""", re.I)
_RAW = {"script", "style", "textarea", "title", "xmp", "noembed", "noframes"}  # their text is never markup
_MAX_DEPTH = 512  # nested skipped elements followed; deeper ones are counted, not kept


def _html(text: str, budget: Budget | None = None) -> str:
    """A saved web page's readable text: one block a paragraph, list items as '•' bullets. One pass over the
    page, each character looked at a bounded number of times: an unclosed tag, comment or script ends the
    page's text rather than being searched for again and again."""
    import html

    budget = budget or _UNBOUNDED
    low = text.lower()
    out: list[str] = []
    skip: list[str] = []  # the open skipped elements (navigation, scripts...), outermost first
    size, i, n, steps = 0, 0, len(text), 0

    def data(chunk: str) -> None:
        nonlocal size
        if chunk and not skip:
            piece = re.sub(r"\s+", " ", html.unescape(chunk))
            out.append(piece)
            size += len(piece)

    while i < n:
        steps += 1
        if steps % 2048 == 0:
            budget.check(size)
        lt = text.find("<", i)
        if lt < 0:
            data(text[i:])
            break
        data(text[i:lt])
        if text.startswith("<!--", lt):
            end = text.find("-->", lt + 4)
            i = n if end < 0 else end + 3
            continue
        if text.startswith(("<!", "<?"), lt):
            end = text.find(">", lt)
            i = n if end < 0 else end + 1
            continue
        m = _TAG.match(text, lt)
        if m is None:
            data("<")
            i = lt + 1
            continue
        end = text.find(">", m.end())
        if end < 0:
            break  # an unclosed tag: the rest of the page is inside it
        tag = m.group(1).lower()
        inner = text[m.end() : end]
        i = end + 1
        if text[lt + 1] == "/":
            _end_tag(tag, skip, out)
            continue
        role = _ROLE.search(inner).group(1).lower() if "role" in inner.lower() and _ROLE.search(inner) else ""
        if tag in _RAW:
            close = low.find("</" + tag, i)
            if tag not in _SKIP and not skip:
                data(text[i : n if close < 0 else close])
            if close < 0:
                break
            gt = text.find(">", close)
            i = n if gt < 0 else gt + 1
            continue
        if tag in _VOID or inner.rstrip().endswith("/"):
            if tag in _BLOCK and not skip:
                out.append("\n")
            continue
        if skip or tag in _SKIP or role in ("navigation", "banner", "contentinfo", "search"):
            skip.append(tag if len(skip) < _MAX_DEPTH else "")
            continue
        if tag in _BLOCK:
            out.append("\n\n")
        if tag == "li":
            out.append("• ")
    budget.check(size)
    lines = [ln.strip() for ln in "".join(out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _end_tag(tag: str, skip: list[str], out: list[str]) -> None:
    """An end tag: it closes the innermost open skipped element of its name (and whatever sloppy markup
    left open inside it), looked for among the innermost few only; else it ends a block."""
    if skip:
        for k in range(len(skip) - 1, max(-1, len(skip) - 1 - 64), -1):
            if skip[k] == tag:
                del skip[k:]
                break
        return
    if tag in _BLOCK:
        out.append("\n\n")
