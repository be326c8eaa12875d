"""The html page as a reader sees it: opened from disk in headless Chromium (slow; CI installs chromium)."""

from __future__ import annotations

import os
import re

import pytest

import browser
from conftest import ok_json

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def need_chromium():
    if browser.find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")


def _env(isolated):
    return {k: os.environ[k] for k in ("HRCLI_DATA_DIR", "HRCLI_CACHE_DIR", "HRCLI_CONFIG_DIR")}


def test_the_harness_sees_script_errors(isolated):
    """A page whose script throws is caught: the check below cannot pass vacuously."""
    bad = isolated / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html data-js="off"><body><p>x</p><script>notDefined();'
        'document.documentElement.setAttribute("data-js", "ok");</script></body></html>',
        encoding="utf-8",
    )
    dom, messages = browser.dump_dom(bad)
    assert any("notDefined" in m for m in messages)
    assert browser.dom_facts(dom) == (0, "off")


@pytest.mark.parametrize(
    "args",
    [
        browser.README_QUERY,
        ["timeline", "--body", "CAT"],
        ["timeline"],
    ],
    ids=["readme", "cat", "all"],
)
def test_page_renders_without_errors_and_draws_every_selected_event(isolated, args):
    page = browser.make_page(args, isolated / "page.html", env=_env(isolated))
    events = ok_json(*args)
    dom, messages = browser.dump_dom(page)
    assert messages == []
    marks, js = browser.dom_facts(dom)
    assert js == "ok"  # the page's script ran to its end
    assert marks == len(events) > 0
    png = isolated / "page.png"
    assert browser.screenshot(page, png, 1000, 900) == []
    seen = browser.colours(png)
    total = sum(seen.values())
    background, most = seen.most_common(1)[0]
    assert most < 0.97 * total and len(seen) > 50, "the screenshot is blank"
    # the timeline is drawn in the colours of the voices it shows (Government of Belarus: #c4510b)
    voices = {e["voice"] for e in events}
    assert "government" in voices
    gov = sum(n for rgb, n in seen.items() if abs(rgb[0] - 0xC4) < 8 and abs(rgb[1] - 0x51) < 8 and rgb[2] < 0x30)
    assert gov > 20, "no government-coloured marks on screen"


def test_hover_focus_enter_and_filter_work_in_the_browser(isolated):
    page = browser.make_page(["timeline", "--body", "CAT"], isolated / "cat.html", env=_env(isolated))
    events = ok_json("timeline", "--body", "CAT")
    first = events[0]
    seen, messages = browser.probe(page, "dialogue torture")
    assert messages == [] and "error" not in seen, (messages, seen)
    cite = f"{first['source']}, {first['locator']}"
    for how in ("hover", "focus"):  # the summary and its citation, by mouse or by keyboard
        assert seen[f"{how}Shown"] and first["summary"] in seen[f"{how}Text"] and cite in seen[f"{how}Text"], seen
    assert seen["hiddenAfterLeave"] and seen["focused"]
    assert seen["enterRow"] == seen["markRow"] == "rec-1"  # Enter shows the mark's row in the table
    # typing filters the rows (every word, any case) and dims the other marks
    text = [f"{e['summary']} {e['id']} {e['title'] or ''}".lower() for e in events]
    keep = [n for n, t in enumerate(text, 1) if "dialogue" in t and "torture" in t]
    assert keep and seen["rowsShown"] == [f"rec-{n}" for n in keep]
    assert seen["marksDim"] == len(events) - len(keep)
    assert seen["count"] == f"{len(keep)} of {len(events)} records"


def test_page_prints(isolated):
    page = browser.make_page(["upr"], isolated / "upr.html", env=_env(isolated))
    pdf = isolated / "upr.pdf"
    assert browser.print_pdf(page, pdf) == []
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert data.startswith(b"%PDF") and 2 <= pages <= 40, pages  # the whole page, on paper


NARROW = """
<script>
(function () {
  var s = document.getElementById("tl-scroller"), hint = document.getElementById("tl-scroll");
  var out = {scrolls: s.scrollWidth > s.clientWidth, hint: getComputedStyle(hint).display,
             fade: getComputedStyle(s.parentNode, "::after").display,
             hatched: document.querySelectorAll(".mark.st-planned .hatch").length};
  s.scrollLeft = s.scrollWidth;
  s.dispatchEvent(new Event("scroll"));
  out.fadeAtEnd = getComputedStyle(s.parentNode, "::after").display;
  document.documentElement.setAttribute("data-probe", JSON.stringify(out));
})();
</script>
"""


@pytest.mark.parametrize("width, narrow", [(390, True), (1280, False)])
def test_on_a_phone_the_timeline_says_it_scrolls(isolated, width, narrow):
    import json
    from html.parser import HTMLParser

    page = browser.make_page(["timeline", "--body", "CAT"], isolated / "cat.html", env=_env(isolated))
    probed = page.with_name("cat-narrow.html")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", NARROW + "</body>"), encoding="utf-8")
    r = browser._run(probed, f"--window-size={width},844", "--dump-dom")
    found = {}

    class _Html(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "html" and dict(attrs).get("data-probe"):
                found.update(json.loads(dict(attrs)["data-probe"]))

    _Html().feed(r.stdout)
    assert found, r.stderr[-2000:]
    assert found["hatched"] == 1  # CAT's planned 2015-2016 report
    if narrow:
        assert found["scrolls"] and found["hint"] == "block" and found["fade"] != "none"
        assert found["fadeAtEnd"] == "none"  # scrolled to the last year: nothing more to hint at
    else:
        assert not found["scrolls"] and found["hint"] == "none"
    png = isolated / f"cat-{width}.png"
    assert browser.screenshot(probed, png, width, 844) == []
