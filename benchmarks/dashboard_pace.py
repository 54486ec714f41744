"""The dashboard at its default pace, a long run at full speed, and deep-relu at full speed,
in chromium; and from them, how many learners one core serves.

    .venv/bin/python benchmarks/dashboard_pace.py [--long N]     (or: make bench)

For 3 (the lesson) and 4 initializations, against a real Voila server (preheated pool):
  - the 15,000-iteration lesson at the dashboard's default pace: seconds from Run to the last
    iteration shown, boundary updates rendered per second, panel by panel (goal >= 15), cost
    updates per second, websocket bytes the page received over the run, and the CPU the
    kernel and the Voila server used per wall second (from /proc);
  - N iterations at full speed (100,000 by default; the limit is 1,000,000, which only makes
    the run longer: every frame is bounded): websocket bytes over the run, and the page's lag
    behind the kernel, from three pauses: at the click the page shows n_shown, the kernel
    stops at n_paused (pause takes effect within a chunk, ~30 ms), so the page was
    (n_paused - n_shown) / kernel rate seconds behind; and click -> frozen in the page.
Then the deep-relu scenario (10 hidden ReLU layers of 64, He and Xavier), chosen with its
button, at full speed: iterations per second between the first and last update shown, against
Experiment.step alone on the same config in this process just before and after (goal >= 0.75),
frames the page showed per second (goal >= 10), and the kernel's CPU per wall second.
Learners per core = 1 / (kernel + server CPU seconds per wall second): the page itself runs
on the learner's machine.
Updates are counted by MutationObservers in the page (dashboard_page.OBSERVE_JS).
"""
import os
import re
import statistics
import sys
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    # One BLAS thread, as the dashboard's kernels run (voila-config/voila.py), before NumPy loads:
    # the headless rate below must be measured as the kernel trains.
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "benchmarks"))

from dashboard_page import PAUSE, RUN, STATUS, Dashboard  # noqa: E402
from dashboard_speed import CpuMeter, clusters, set_pace_full_speed  # noqa: E402
from voila_harness import DASHBOARD, PLAYGROUND, VoilaServer, launch_chromium, new_page  # noqa: E402

LESSON = 15_000
LONG = 100_000  # --long 1000000 for the largest allowed run (same frames, ten times longer)
DEEP = "deep-relu"
DEEP_HEADLESS_SECONDS = 2.0  # of Experiment.step alone, before and after the page's run
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
    page.wait_for_function("n => document.querySelectorAll('.initlab-boundary-picture').length === n",
                           arg=len(names), timeout=30_000)
    return d, counter


def set_iterations(d, n):
    box = d.page.get_by_label("iterations", exact=True)
    box.fill(str(n))
    box.press("Enter")
    d.page.locator(STATUS).filter(has_text=f"of {n:,}").wait_for(timeout=30_000)


def kernel_id(page):
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def lesson_at_default_pace(d, counter, server):
    page = d.page
    d.observe()
    before = counter.received
    with CpuMeter(server, kernel_id(page)) as cpu:
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
            "cost": clusters(inside(log["cost"])) / window, "bytes": counter.received - before,
            "cpu": cpu.usage}


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
          f"websocket {lesson['bytes'] / MB:.1f} MB received over the run; {cpu_text(lesson['cpu'])}",
          flush=True)


def cpu_text(usage):
    return ("CPU seconds per wall second: kernel " f"{usage['kernel']:.2f}, Voila server "
            f"{usage['voila server']:.2f}, chromium {usage['chromium']:.2f}")


def learners_per_core(usage):
    return 1 / max(usage["kernel"] + usage["voila server"], 1e-9)


def headless_deep_rate(seconds=DEEP_HEADLESS_SECONDS):
    """Iterations per second of Experiment.step alone on deep-relu, for about `seconds`."""
    from initlab import Experiment, scenarios
    e = Experiment(scenarios.config(DEEP))
    t = time.perf_counter()
    e.step(5)
    n = max(10, int(seconds * 5 / (time.perf_counter() - t)))
    t = time.perf_counter()
    e.step(n)
    return n / (time.perf_counter() - t)


def deep_at_full_speed(browser, server):
    """The deep-relu scenario, chosen by its button, run at full speed to its end."""
    from initlab import scenarios
    total = scenarios.config(DEEP).num_iterations
    page = new_page(browser)
    page.goto(server.url + PLAYGROUND)
    d = Dashboard(page)
    d.wait_ready(timeout=120_000)
    page.locator(f".initlab-scenario-{DEEP}").click()
    page.locator(STATUS).filter(has_text=f"of {total:,}").wait_for(timeout=30_000)
    page.wait_for_function("n => document.querySelectorAll('.initlab-boundary-picture').length === n",
                           arg=len(scenarios.config(DEEP).initializations), timeout=30_000)
    set_pace_full_speed(d)
    before = headless_deep_rate()
    d.observe()
    with CpuMeter(server, kernel_id(page)) as cpu:
        d.click_in_page(RUN)
        d.wait_iteration(f"n >= {total}", timeout=600_000)
        page.locator(STATUS).filter(has_text="finished").wait_for(timeout=60_000)
    page.wait_for_timeout(300)
    after = headless_deep_rate()
    log = d.observed()
    moving = [(t, int(re.sub(r"[^\d]", "", s) or 0)) for t, s in log["iteration"]]
    moving = [(t, n) for t, n in moving if n > 0]
    (t_first, n_first), (t_done, n_done) = moving[0], moving[-1]
    window = (t_done - t_first) / 1000
    inside = lambda ts: [t for t in ts if t_first <= t <= t_done]  # noqa: E731
    page.context.close()
    headless = (before + after) / 2
    rate = (n_done - n_first) / window
    return {"rate": rate, "headless": headless, "headless_each": (before, after), "ratio": rate / headless,
            "frames": clusters(inside([t for t, _ in moving])) / window,
            "boundary": [clusters(inside(b)) / window for b in log["boundary"]], "cpu": cpu.usage,
            "iterations": total}


def print_deep(deep):
    print(f"{DEEP} at full speed in the page ({deep['iterations']:,} it): {deep['rate']:.0f} it/s between the "
          f"first and last update shown, Experiment.step alone {deep['headless']:.0f} it/s (before "
          f"{deep['headless_each'][0]:.0f}, after {deep['headless_each'][1]:.0f}): {deep['ratio']:.2f} x the "
          f"bare core (goal >= 0.75); frames shown {deep['frames']:.1f}/s (goal >= 10), boundary updates per "
          f"panel {', '.join(f'{r:.1f}' for r in deep['boundary'])}/s; {cpu_text(deep['cpu'])}", flush=True)


def print_learners(lessons, deep):
    parts = [f"the paced lesson, {k} inits: {learners_per_core(r['cpu']):.1f} learners running at once"
             for k, r in lessons.items()]
    used = deep["cpu"]["kernel"] + deep["cpu"]["voila server"]
    print("learners per core (1 / (kernel + Voila server CPU seconds per wall second); the page runs on "
          "the learner's machine): " + "; ".join(parts) + f". {DEEP} at full speed trains as fast as the "
          f"CPU it gets allows (here {used:.2f} CPU seconds per second, {deep['rate']:.0f} it/s): one "
          f"learner per core while it runs ({deep['iterations']:,} iterations take "
          f"{deep['iterations'] / max(deep['headless'], 1e-9):.0f} s at the bare core's rate measured here). "
          "A learner reading, "
          "not running, costs next to nothing", flush=True)


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
    parser.add_argument("--long", type=int, default=LONG, help="iterations of the full-speed run (0: none)")
    long_n = parser.parse_args().long
    with sync_playwright() as p:
        browser = launch_chromium(p)
        with VoilaServer(DASHBOARD, cwd=REPO) as server:
            server.start(timeout=120, wait_pool=True)
            lessons = {}
            for k, names in INITS.items():
                d, counter = open_dashboard(browser, server, names)
                pace = " ".join(d.page.locator(".initlab-pace").inner_text().split()[-2:])
                lessons[k] = lesson_at_default_pace(d, counter, server)
                print_lesson(k, pace, lessons[k])
                if long_n:
                    print_long(k, long_n, long_run_at_full_speed(d, counter, long_n))
                d.page.context.close()
            deep = deep_at_full_speed(browser, server)
            print_deep(deep)
            print_learners(lessons, deep)
        browser.close()
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end; the machine is shared)")


if __name__ == "__main__":
    main()
