"""How the Voila dashboard performs in a real browser, measured in one run.

    .venv/bin/python benchmarks/dashboard_speed.py      (or: make bench)

Starts `voila notebooks/dashboard.ipynb` on loopback as `make app` does (voila-config/)
and drives Debian's chromium (/usr/bin/chromium) with Playwright.
Prints:
  - time from page request to widgets visible (Run button shown, cost lines and every
    boundary image drawn), with cold kernels (preheat off) and with preheated kernels;
  - training throughput while streaming to the page at full speed (the pace slider moved
    to "full speed"), as a ratio to headless throughput (Experiment.step alone, same
    config, same machine);
  - pause latency: click on Pause to the iteration shown in the page frozen;
  - updates per second the page actually renders, counted by MutationObservers on
    the iteration text, the cost paths and the boundary images.
"""
import os
import re
import statistics
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from dashboard_page import PAUSE, RESET, RUN, STATUS, Dashboard  # noqa: E402
from voila_harness import DASHBOARD, PLAYGROUND, VoilaServer, launch_chromium, new_page  # noqa: E402

LOADS = 3           # page loads per kernel mode (each GET / takes a kernel)
STREAM_RUNS = 3     # whole lesson runs streamed to the page
PAUSES = 5          # pause/resume cycles for the latency
LONG_RUN = 200_000  # iterations for the pause cycles, so the run cannot end under them


def headless_rate(config):
    """Iterations per second of Experiment.step alone: the whole lesson in one call."""
    from initlab import Experiment
    exp = Experiment(config)
    t = time.perf_counter()
    exp.step(config.num_iterations)
    return config.num_iterations / (time.perf_counter() - t)


def _cpu_ticks(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class CpuMeter:
    """CPU time of the page's kernel, the Voila server and chromium over an interval, from /proc."""
    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, server, kernel_id):
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
        self.groups = {
            "kernel": [p for p in pids if kernel_id in _cmdline(p)],
            "voila server": [server.proc.pid],
            "chromium": [p for p in pids if _cmdline(p).startswith(("/usr/lib/chromium/", "/usr/bin/chromium"))],
        }

    def _read(self):
        return {g: {p: _cpu_ticks(p) for p in ps} for g, ps in self.groups.items()}

    def __enter__(self):
        self._start, self._t = self._read(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        end, wall = self._read(), time.perf_counter() - self._t
        # a process that ended meanwhile reads 0 at the end: leave it out
        self.usage = {g: sum(max(end[g][p] - self._start[g][p], 0) for p in end[g] if end[g][p])
                      / self.TICK / wall for g in end}


def kernel_ids(server):
    return re.findall(r"Kernel started: ([0-9a-f-]{36})", server.log)


def wait_kernels_settled(server, quiet=1.0, timeout=120):
    """Until every live kernel has been idle, with no new activity, for `quiet` seconds
    (a preheated kernel has then finished rendering the notebook)."""
    deadline = time.monotonic() + timeout
    stable_since, last = None, None
    while time.monotonic() < deadline:
        states = []
        for kid in kernel_ids(server):
            try:
                with urllib.request.urlopen(f"{server.url}api/kernels/{kid}", timeout=5) as r:
                    body = r.read().decode()
            except urllib.error.HTTPError:
                continue  # shut down or culled
            states.append(body)
        busy = any('"execution_state": "idle"' not in s for s in states)
        if not busy and states == last:
            stable_since = stable_since or time.monotonic()
            if time.monotonic() - stable_since >= quiet:
                return
        else:
            stable_since = None
        last = states
        time.sleep(0.1)
    raise RuntimeError("kernels never settled:\n" + server.log[-3000:])


def load_page(browser, server):
    """(seconds to the Run button, seconds to widgets and figures drawn, Dashboard)."""
    page = new_page(browser)
    t0 = time.perf_counter()
    page.goto(server.url + PLAYGROUND, wait_until="commit")
    page.locator(RUN).wait_for(state="visible", timeout=120_000)
    t_button = time.perf_counter() - t0
    d = Dashboard(page)
    d.wait_ready(timeout=120_000)
    return t_button, time.perf_counter() - t0, d


POOL_FILLED = r"Kernel pool of \S+ is filled"


def measure_loads(browser, server, preheated):
    """LOADS page loads, each on a quiet machine: with preheat, the pool refilled and
    its kernels done rendering (a refill after a load starts a kernel and runs the notebook)."""
    times, last = [], None
    for i in range(LOADS):
        wait_kernels_settled(server)
        mark = server.log_mark()
        t_button, t_ready, d = load_page(browser, server)
        if preheated:
            server.wait_for_log(POOL_FILLED, 120, since=mark)
            wait_kernels_settled(server)
        times.append((t_button, t_ready))
        if i < LOADS - 1:
            d.page.context.close()
        else:
            last = d
    return times, last


def clusters(stamps, gap=5.0):
    """Count DOM-update events: mutation timestamps closer than `gap` ms are one redraw."""
    n, prev = 0, None
    for t in sorted(stamps):
        if prev is None or t - prev > gap:
            n += 1
        prev = t
    return n


def streaming_run(d, iterations):
    """Run the lesson from iteration 0 to the end in the page; returns what the page saw."""
    page = d.page
    d.observe()
    t_click = d.click_in_page(RUN)
    d.wait_iteration(f"n >= {iterations}", timeout=120_000)
    page.locator(STATUS).filter(has_text="finished").wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    log = d.observed()
    its = [(t, int(re.sub(r"[^\d]", "", s) or 0)) for t, s in log["iteration"]]
    moving = [(t, n) for t, n in its if n > 0]
    (t_first, n_first), (t_done, n_done) = moving[0], moving[-1]
    assert n_done == iterations, its[-3:]
    window = (t_done - t_first) / 1000
    in_run = lambda ts: [t for t in ts if t_first <= t <= t_done]  # noqa: E731
    return {
        "steady_rate": (n_done - n_first) / window,
        "whole_rate": iterations / ((t_done - t_click) / 1000),
        "whole_seconds": (t_done - t_click) / 1000,
        "first_update_ms": t_first - t_click,
        "iteration_ups": clusters(in_run([t for t, _ in moving])) / window,
        "cost_ups": clusters(in_run(log["cost"])) / window,
        "boundary_ups": statistics.mean(clusters(in_run(b)) for b in log["boundary"]) / window,
    }


def set_pace_full_speed(d):
    """Move the pace slider to its last stop ("full speed") with the keyboard."""
    handle = d.page.locator(".initlab-pace .noUi-handle")
    handle.focus()
    handle.press("End")
    d.page.locator(".initlab-pace").filter(has_text="full speed").wait_for(timeout=10_000)


def streaming_runs(d, config, server, kernel_id):
    """STREAM_RUNS lesson runs in the page, Reset between them, each paired with a headless
    run just before it (the machine's load moves; a pair sees the same); medians."""
    runs = []
    for i in range(STREAM_RUNS):
        if i:
            d.click(RESET)
            d.wait_iteration("n === 0")
            d.page.locator(RUN).and_(d.page.locator(":enabled")).wait_for(timeout=30_000)
        headless = headless_rate(config)
        with CpuMeter(server, kernel_id) as cpu:
            run = streaming_run(d, config.num_iterations)
        run.update({f"cpu {g}": u for g, u in cpu.usage.items()})
        run["headless"] = headless
        run["ratio"] = run["steady_rate"] / headless
        run["whole_ratio"] = run["whole_rate"] / headless
        runs.append(run)
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}, runs


def pause_latencies(d):
    """Pause/Resume cycles on a long run; per pause, ms from the click to the last
    change of the iteration shown (then checked frozen for 1 s)."""
    page = d.page
    d.click(RESET)
    page.locator(RUN).wait_for(state="visible")
    iterations = page.get_by_label("iterations", exact=True)
    iterations.fill(str(LONG_RUN))
    iterations.press("Enter")
    page.locator(STATUS).filter(has_text=f"of {LONG_RUN:,}").wait_for(timeout=30_000)
    d.observe()
    d.click_in_page(RUN)
    latencies = []
    for i in range(PAUSES):
        d.wait_iteration("n > 0")
        page.wait_for_timeout(400)  # mid-run, past the first publishes
        t_click = d.click_in_page(PAUSE)
        page.locator(PAUSE).filter(has_text="Resume").wait_for(timeout=10_000)
        page.wait_for_timeout(1000)
        log = d.observed()
        after = [(t, s) for t, s in log["iteration"] if t >= t_click]
        frozen_at = max((t for t, _ in after), default=t_click)
        shown = d.iteration()
        page.wait_for_timeout(200)
        if d.iteration() != shown or d.observed()["iteration"][-1][0] > frozen_at:
            raise AssertionError("the iteration kept changing after Pause")
        if shown >= LONG_RUN:
            raise AssertionError("the long run ended before the pause")
        latencies.append(frozen_at - t_click)
        if i < PAUSES - 1:
            d.click_in_page(PAUSE)  # Resume
            page.locator(PAUSE).filter(has_text="Pause").wait_for(timeout=10_000)
    return latencies


def fmt_loads(times):
    button = [b for b, _ in times]
    ready = [r for _, r in times]
    return (f"median {statistics.median(ready):.2f} s to widgets and figures drawn "
            f"({', '.join(f'{r:.2f}' for r in ready)}); Run button {statistics.median(button):.2f} s")


def main():
    from playwright.sync_api import sync_playwright
    from initlab import Config

    config = Config()  # what the dashboard trains by default: the lesson, zeros/random/he
    iterations = config.num_iterations
    headless_rate(config)  # warm up

    with sync_playwright() as p:
        browser = launch_chromium(p)
        with VoilaServer(DASHBOARD, cwd=REPO, args=["--VoilaConfiguration.preheat_kernel=False"]) as cold:
            cold.start(timeout=120)
            cold_times, page = measure_loads(browser, cold, preheated=False)
            page.page.context.close()
        with VoilaServer(DASHBOARD, cwd=REPO) as warm:
            warm.start(timeout=120, wait_pool=True)
            warm_times, d = measure_loads(browser, warm, preheated=True)
            kid = d.page.evaluate(
                "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
            set_pace_full_speed(d)  # the dashboard's default pace would time the pace, not the page
            run, runs = streaming_runs(d, config, warm, kid)
            latencies = pause_latencies(d)
            d.page.context.close()
        browser.close()

    ratios = ", ".join(f"{r['ratio']:.2f}" for r in runs)
    print(f"dashboard page load, cold kernel (preheat off): {fmt_loads(cold_times)}")
    print(f"dashboard page load, preheated kernel (pool {warm.pool_size}): {fmt_loads(warm_times)}")
    print(f"training throughput headless (Experiment.step, {len(config.names)} inits, "
          f"{iterations:,} iterations): {run['headless']:,.0f} it/s (median of {len(runs)})")
    print(f"training throughput streaming to the page (median of {len(runs)} runs): "
          f"{run['steady_rate']:,.0f} it/s between the first and last update shown = {run['ratio']:.2f} x headless "
          f"(target >= 0.8; runs {ratios}); "
          f"click -> {iterations:,} shown {run['whole_seconds']:.2f} s = "
          f"{run['whole_ratio']:.2f} x headless; first update {run['first_update_ms']:.0f} ms "
          "after the click")
    print("CPU while streaming a run, in cores (median of the runs; this machine has "
          f"{os.cpu_count()}): " + ", ".join(f"{k[4:]} {v:.2f}" for k, v in run.items()
                                              if k.startswith("cpu ")))
    print(f"pause latency (click -> iteration frozen in the page), {len(latencies)} pauses: "
          f"median {statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms (target <= 100 ms; "
          f"each: {', '.join(f'{x:.0f}' for x in latencies)} ms)")
    print(f"updates rendered by the page while training: iteration text {run['iteration_ups']:.1f}/s, "
          f"cost lines {run['cost_ups']:.1f}/s, each boundary image {run['boundary_ups']:.1f}/s")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end of the run)")


if __name__ == "__main__":
    main()
