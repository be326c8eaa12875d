"""Make README's screenshot of an html page (docs/html-report.png), the way tests/test_browser.py checks pages.

Needs Debian's chromium. Uses the bundled facts only (empty private data, cache and config folders).

    python scripts/screenshot.py            # writes docs/html-report.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import browser  # noqa: E402  (the test helper; tests/ is not a package)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="hrcli-shot-") as tmp:
        t = Path(tmp)
        env = {"HRCLI_DATA_DIR": str(t / "data"), "HRCLI_CACHE_DIR": str(t / "cache"), "HRCLI_CONFIG_DIR": str(t / "c")}
        page = browser.make_page(browser.README_QUERY, t / "page.html", env=env)
        messages = browser.screenshot(page, browser.README_PNG, 1200, 1100)
    if messages:
        sys.stderr.write("console messages:\n" + "\n".join(messages) + "\n")
        return 1
    query = " ".join(browser.README_QUERY)
    print(f"wrote {browser.README_PNG.relative_to(browser.REPO)} (hrcli {query} --format html)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
