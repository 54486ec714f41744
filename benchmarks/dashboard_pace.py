"""The dashboard at its default pace and a 1,000,000-iteration run at full speed, in chromium.

    .venv/bin/python benchmarks/dashboard_pace.py [--long N]     (or: make bench)

For 3 (the lesson) and 4 initializations, against a real Voila server (preheated pool):
  - the 15,000-iteration lesson at the dashboard's default pace: seconds from Run to the last
    iteration shown, boundary updates rendered per second, panel by panel (goal >= 15), cost
    updates per second, websocket bytes the page received over the run;
  - 1,000,000 iterations at full speed: websocket bytes over the run, and the page's lag
    behind the kernel, from three pauses: at the click the page shows n_shown, the kernel
    stops at n_paused (pause takes effect within a chunk, ~30 ms), so the page was
    (n_paused - n_shown) / kernel rate seconds behind; and click -> frozen in the page.
Updates are counted by MutationObservers in the page (dashboard_page.OBSERVE_JS).
"""
import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "benchmarks"))

from dashboard_page import PAUSE, RUN, STATUS, Dashboard  # noqa: E402
from dashboard_speed import clusters, set_pace_full_speed  # noqa: E402
from voila_harness import DASHBOARD, PLAYGROUND, VoilaServer, launch_chromium, new_page  # noqa: E402

LESSON = 15_000
LONG = 1_000_000  # the largest allowed run; --long N for a shorter one on a loaded machine
PAUSE_AT = (0.25, 0.5, 0.8)
INITS = {3: ("zeros", "random", "he"), 4: ("zeros", "random", "he", "xavier")}


class Bytes:
    """Websocket payload bytes the page received (kernel -> page) and sent."""

    def __init__(self, page):
        self.received = self.sent = 0
        page.on("websocket", self._attach)

    def _attach(self, ws):
        ws.on("framereceived", lambda p: self._add("received", p))
        ws.on("framesent", lambda p: self._add("sent", p))

    def _add(self, key, payload):
        setattr(self, key, getattr(self, key) + len(payload.encode() if isinstance(payload, str) else payload))


def open_dashboard(browser, server, names):
    page = new_page(browser)
    counter = Bytes(page)
    page.goto(server.url + PLAYGROUND)
    d = Dashboard(page)
    d.wait_ready(timeout=120_000)
    for name in INITS[4]:
        box = d.init_checkbox(name)
        if box.is_checked() != (name in names):
            box.click()
    page.wait_for_function("n => document.querySelectorAll('.initlab-boundary-panel image').length === n",
                           arg=len(names), timeout=30_000)
    return d, counter


def set_iterations(d, n):
    box = d.page.get_by_label("iterations", exact=True)
    box.fill(str(n))
    box.press("Enter")
    d.page.locator(STATUS).filter(has_text=f"of {n:,}").wait_for(timeout=30_000)


def lesson_at_default_pace(d, counter):
    page = d.page
    d.observe()
    before = counter.received
    t_click = d.click_in_page(RUN)
    d.wait_iteration(f"n >= {LESSON}", timeout=120_000)
    page.locator(STATUS).filter(has_text="finished").wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    log = d.observed()
    moving = [(t, int(re.sub(r"[^\d]", "", s) or 0)) for t, s in log["iteration"]]
    moving = [(t, n) for t, n in moving if n > 0]
    t_first, t_done = moving[0][0], moving[-1][0]
    window = (t_done - t_first) / 1000
    inside = lambda ts: [t for t in ts if t_first <= t <= t_done]  # noqa: E731
    per_panel = [clusters(inside(b)) / window for b in log["boundary"]]
    return {"seconds": (t_done - t_click) / 1000, "boundary": per_panel,
            "cost": clusters(inside(log["cost"])) / window, "bytes": counter.received - before}


def long_run_at_full_speed(d, counter, LONG):
    page = d.page
    page.locator(".initlab-reset").click()
    d.wait_iteration("n === 0")
    set_iterations(d, LONG)
    set_pace_full_speed(d)
    d.observe()
    before = counter.received
    started = time.perf_counter()
    d.click_in_page(RUN)
    lags, freezes, rates = [], [], []
    for frac in PAUSE_AT:
        d.wait_iteration(f"n >= {int(frac * LONG)}", timeout=900_000)
        status = d.status()
        m = re.search(r"([\d,]+) it/s", status)
        rate = float(m.group(1).replace(",", "")) if m else float("nan")
        shown, t_click = page.evaluate(
            """([it, pause]) => { const t = performance.now();
                 const n = parseInt(document.querySelector(it).textContent.replace(/[^0-9]/g, ''), 10);
                 document.querySelector(pause).click(); return [n, t]; }""", [".initlab-iteration", PAUSE])
        page.locator(PAUSE).filter(has_text="Resume").wait_for(timeout=60_000)
        page.wait_for_timeout(800)
        log = d.observed()
        frozen_at = max((t for t, _ in log["iteration"] if t >= t_click), default=t_click)
        paused = d.iteration()
        lags.append((paused - shown) / rate)
        freezes.append(frozen_at - t_click)
        rates.append(rate)
        d.click_in_page(PAUSE)  # resume
        page.locator(PAUSE).filter(has_text="Pause").wait_for(timeout=10_000)
    d.wait_iteration(f"n >= {LONG}", timeout=1_800_000)
    page.locator(STATUS).filter(has_text="finished").wait_for(timeout=60_000)
    updates = len(d.observed()["iteration"])
    return {"bytes": counter.received - before, "per_update": (counter.received - before) / max(updates, 1), "lags": lags, "freezes": freezes,
            "rate": statistics.median(rates), "seconds": time.perf_counter() - started}


MB = 2**20


def print_lesson(k, pace, lesson):
    print(f"{k} inits, lesson ({LESSON:,} it) at the default pace ({pace}): {lesson['seconds']:.1f} s "
          f"Run -> last iteration shown; boundary updates rendered per panel "
          f"{', '.join(f'{r:.1f}' for r in lesson['boundary'])}/s (goal >= 15; a panel whose picture "
          f"does not change, as zeros', is not redrawn); cost updates {lesson['cost']:.1f}/s; "
          f"websocket {lesson['bytes'] / MB:.1f} MB received over the run", flush=True)


def print_long(k, n, long):
    print(f"{k} inits, {n:,} iterations at full speed ({long['rate']:,.0f} it/s, {long['seconds']:.0f} s with "
          f"3 pauses): websocket {long['bytes'] / MB:.1f} MB received ({long['per_update'] / 1024:.0f} kB per "
          "update shown); page lag behind the kernel at "
          + ", ".join(f"{int(f * 100)}%" for f in PAUSE_AT) + ": "
          + ", ".join(f"{x:.2f}" for x in long["lags"]) + " s (goal <= ~1 s); click Pause -> frozen in page "
          + ", ".join(f"{x:.0f}" for x in long["freezes"]) + " ms (goal <= 100 ms)", flush=True)


def main():
    import argparse
    from playwright.sync_api import sync_playwright
    parser = argparse.ArgumentParser()
    parser.add_argument("--long", type=int, default=LONG, help="iterations of the full-speed run")
    long_n = parser.parse_args().long
    with sync_playwright() as p:
        browser = launch_chromium(p)
        with VoilaServer(DASHBOARD, cwd=REPO) as server:
            server.start(timeout=120, wait_pool=True)
            for k, names in INITS.items():
                d, counter = open_dashboard(browser, server, names)
                pace = " ".join(d.page.locator(".initlab-pace").inner_text().split()[-2:])
                print_lesson(k, pace, lesson_at_default_pace(d, counter))
                print_long(k, long_n, long_run_at_full_speed(d, counter, long_n))
                d.page.context.close()
        browser.close()
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end; the machine is shared)")


if __name__ == "__main__":
    main()
