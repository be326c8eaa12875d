"""Open an hrcli page in headless Chromium (Debian's ``chromium``) as a reader would, from the disk.

Used by tests/test_browser.py and by scripts/screenshot.py (the README's screenshot), so the picture
in docs/ is made the way the test checks pages. No browser automation library: Chromium's own
``--dump-dom`` (the DOM after the page's script ran), ``--screenshot``, and its console on stderr
(``--enable-logging=stderr --v=0`` prints every console message and uncaught error as ``:CONSOLE``).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(page: Path, *args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    exe = find_chromium()
    if exe is None:
        raise FileNotFoundError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="hrcli-chromium-") as profile:
        return subprocess.run(
            [exe, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "HOME": profile},  # keep the developer's own profile and crash dumps out of it
        )


def console(stderr: str) -> list[str]:
    """The page's console messages and uncaught errors (hrcli's page writes none when all is well)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def dump_dom(page: Path) -> tuple[str, list[str]]:
    """The DOM after the page's script has run, and the console messages."""
    r = _run(page, "--dump-dom")
    if r.returncode != 0:
        raise RuntimeError(f"chromium --dump-dom failed ({r.returncode}): {r.stderr[-2000:]}")
    return r.stdout, console(r.stderr)


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 1600) -> list[str]:
    """Write a PNG of the page's first width x height pixels; return the console messages."""
    r = _run(page, f"--window-size={width},{height}", f"--screenshot={png.resolve()}")
    if r.returncode != 0 or not png.exists():
        raise RuntimeError(f"chromium --screenshot failed ({r.returncode}): {r.stderr[-2000:]}")
    return console(r.stderr)


def print_pdf(page: Path, pdf: Path) -> list[str]:
    """Print the page to PDF as a reader's "Print" would (print stylesheet applies); return console messages."""
    r = _run(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf.resolve()}")
    if r.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"chromium --print-to-pdf failed ({r.returncode}): {r.stderr[-2000:]}")
    return console(r.stderr)


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.marks = 0
        self.js = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "g" and "mark" in (a.get("class") or "").split():
            self.marks += 1
        if tag == "html":
            self.js = a.get("data-js") or ""


def dom_facts(dom: str) -> tuple[int, str]:
    """(number of timeline marks, the page's data-js flag: 'ok' once its script ran to the end)."""
    p = _Marks()
    p.feed(dom)
    p.close()
    return p.marks, p.js


# Run after the page's own script, in the page: what a reader's mouse, keyboard and typing would do.
PROBE = """
<script>
(function () {
  var out = {};
  try {
    var marks = document.querySelectorAll(".mark"), tip = document.getElementById("tip");
    var first = marks[0];
    first.dispatchEvent(new MouseEvent("mouseenter"));
    out.hoverShown = !tip.hidden;
    out.hoverText = tip.textContent;
    first.dispatchEvent(new MouseEvent("mouseleave"));
    out.hiddenAfterLeave = tip.hidden;
    first.focus();
    out.focused = document.activeElement === first;
    // a headless window that has not been given system focus yet (it varies with machine load) moves
    // activeElement but dispatches no focus event; deliver the one a focused window would
    out.documentHadFocus = document.hasFocus();
    if (!out.documentHadFocus && out.focused) { first.dispatchEvent(new FocusEvent("focus")); }
    out.focusShown = !tip.hidden;
    out.focusText = tip.textContent;
    first.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    var cur = document.querySelector("tr.current");
    out.enterRow = cur ? cur.id : null;
    out.markRow = first.getAttribute("data-row");
    var input = document.getElementById("filter");
    input.value = FILTER;
    input.dispatchEvent(new Event("input"));
    out.rowsShown = Array.prototype.filter.call(document.querySelectorAll("#record-table tbody tr"),
      function (r) { return !r.hidden; }).map(function (r) { return r.id; });
    out.marksDim = document.querySelectorAll(".mark.dim").length;
    out.count = document.getElementById("filter-count").textContent;
  } catch (e) {
    out.error = String(e);
  }
  document.documentElement.setAttribute("data-probe", JSON.stringify(out));
})();
</script>
"""


def probe(page: Path, filter_text: str) -> tuple[dict, list[str]]:
    """Hover, focus, press Enter on the first timeline mark and type ``filter_text`` in the filter box,
    inside Chromium; return what the page did and the console messages."""
    import json

    text = page.read_text(encoding="utf-8")
    probed = page.with_name(page.stem + "-probe.html")
    script = PROBE.replace("FILTER", json.dumps(filter_text))
    probed.write_text(text.replace("</body>", script + "</body>"), encoding="utf-8")
    dom, messages = dump_dom(probed)

    class _Html(HTMLParser):
        found = ""

        def handle_starttag(self, tag, attrs):
            if tag == "html":
                self.found = dict(attrs).get("data-probe") or ""

    p = _Html()
    p.feed(dom)
    return (json.loads(p.found) if p.found else {}), messages


def png_pixels(png: Path) -> tuple[int, int, list[tuple[int, ...]]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes): width, height, pixels."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    width, height, depth, colour, _c, _f, interlace = ihdr
    assert depth == 8 and colour in (2, 6) and interlace == 0, ihdr
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    pixels = []
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif f == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        pixels += [tuple(line[i : i + 3]) for i in range(0, stride, bpp)]
        prev = line
    return width, height, pixels


def colours(png: Path) -> Counter:
    """How many pixels of each RGB colour the screenshot has."""
    return Counter(png_pixels(png)[2])


def make_page(args: list[str], out: Path, env: dict[str, str] | None = None) -> Path:
    """Run hrcli (this checkout's) with ``--format html`` and write the page to ``out``."""
    r = subprocess.run(
        [sys.executable, "-m", "hrcli", *args, "--format", "html"],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=REPO,
        timeout=120,
    )
    if r.returncode != 0:
        raise RuntimeError(f"hrcli {' '.join(args)} failed: {r.stderr}")
    out.write_text(r.stdout, encoding="utf-8")
    return out


# the page README shows: six busy years, both voices, disputed records, open and uncertain dates
README_QUERY = ["timeline", "--from", "2009", "--to", "2014"]
README_PNG = REPO / "docs" / "html-report.png"
