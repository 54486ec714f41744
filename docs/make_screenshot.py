"""Remake docs/dashboard.png: the dashboard at 1280x800 after the lesson's run.

    .venv/bin/python docs/make_screenshot.py [--port N] [--out docs/dashboard.png]

It starts Voila as `make app` does and drives Debian's chromium with the browser tests'
harness (tests/browser/voila_harness.py) in playground mode, clicks Run, waits until the run
has finished and
the page has drawn it, and saves what a 1280x800 window shows.
"""
import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
from dashboard_page import RUN, STATUS, Dashboard  # noqa: E402
from voila_harness import DASHBOARD, VoilaServer, launch_chromium, new_page  # noqa: E402

LESSON_ITERATIONS = 15000
PLAYGROUND = "?mode=playground"  # every control, on the lesson's zeros, random ×10 and He


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None, help="Voila's port (default: a free one)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "dashboard.png")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    with VoilaServer(DASHBOARD, cwd=REPO) as server, sync_playwright() as p:
        server.start(timeout=180, port=args.port)
        browser = launch_chromium(p)
        try:
            page = new_page(browser)
            page.goto(server.url + PLAYGROUND)
            lab = Dashboard(page)
            lab.wait_ready(timeout=180_000)
            lab.click(RUN)
            lab.wait_iteration(f"n >= {LESSON_ITERATIONS}", timeout=600_000)
            # The final frame reaches the charts just after the iteration text: wait until the
            # status says finished and nothing in the page changes for a second.
            page.wait_for_function(f"() => /finished/.test(document.querySelector('{STATUS}').textContent)",
                                   timeout=60_000)
            settle(page)
            page.screenshot(path=str(args.out))
        finally:
            browser.close()
    print(f"wrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")


def settle(page, quiet_ms=1000, timeout=30):
    """Until the page's DOM has not changed for quiet_ms."""
    page.evaluate("""() => { window.__last = performance.now();
        new MutationObserver(() => window.__last = performance.now())
          .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true}); }""")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate("() => performance.now() - window.__last") >= quiet_ms:
            return
        time.sleep(0.2)


if __name__ == "__main__":
    main()
