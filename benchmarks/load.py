"""A classroom on one server: N concurrent chromium pages open the dashboard and click Run.

    .venv/bin/python benchmarks/load.py [--pages 20]   (or: make bench PAGES=20)

Starts Voila as `make app` does (voila-config/) on a free 127.0.0.1 port, opens N pages at
once in Debian's chromium (/usr/bin/chromium), clicks Run in each as soon as its widgets show,
then closes them all. Prints:
  - pages finished out of N (widgets shown and the run trained to its end), and what every
    other page showed instead (a message, or nothing);
  - time to widgets (page request to Run button, cost lines and boundary images drawn),
    median and max;
  - kernel RSS: an idle dashboard kernel (the preheated pool, before any page), and every
    page's kernel after its run;
  - the Voila server's RSS, idle and at its peak;
  - kernels left 60 s after the pages close.
Bounded: every wait has a timeout (--page-timeout), and the run stops by itself.
"""
import argparse
import asyncio
import signal
import statistics
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from dashboard_page import COST, ERROR, ITERATION, PICTURE, READY_JS, RUN, STATUS  # noqa: E402
from voila_harness import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, DASHBOARD, LOOPBACK, PLAYGROUND, VIEWPORT, VoilaServer, kernel_pid, kernel_pids, rss_mb,
    settled)

ITERATION_JS = """([sel, n]) => {
  const el = document.querySelector(sel);
  return el && parseInt(el.textContent.replace(/[^0-9]/g, ''), 10) >= n; }"""
AFTER_CLOSE = 60  # seconds
LESSON_ITERATIONS = 15000  # the dashboard's default run
WATCH_NOTE = ".initlab-watch-note"


def alive(server, kernel_id):
    # Voila refuses to list kernels (GET /api/kernels is 403) but answers for one.
    try:
        with urllib.request.urlopen(server.url + f"api/kernels/{kernel_id}", timeout=30):
            return True
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


async def one_page(browser, url, iterations, timeout_ms, result):
    context = await browser.new_context(viewport=VIEWPORT)

    async def route(r):
        host = urlparse(r.request.url).hostname
        if host in LOOPBACK or r.request.url.startswith(("data:", "blob:")):
            await r.continue_()
        else:
            await r.abort()  # Voila's template asks a font CDN; this machine has no network
    await context.route("**/*", route)
    page = await context.new_page()
    result["page"] = page
    t0 = time.perf_counter()
    try:
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        await page.wait_for_selector(RUN, state="visible", timeout=timeout_ms)
        await page.wait_for_function(READY_JS, arg=[COST, PICTURE], timeout=timeout_ms)
        result["widgets_s"] = time.perf_counter() - t0
        result["kernel"] = await page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
        # A page this loaded can take longer than Playwright's 30 s default to take a click.
        await page.click(RUN, timeout=timeout_ms)
        await page.wait_for_function(ITERATION_JS, arg=[ITERATION, iterations], timeout=timeout_ms,
                                     polling=500)
        result["finished_s"] = time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 (reported: what the page showed instead)
        result["error"] = type(exc).__name__
        # With widgets, the lab's own lines say where it stopped; without, the page's text.
        sel = f"{ITERATION}, {STATUS}, {WATCH_NOTE}, {ERROR}" if "widgets_s" in result else "body"
        try:
            text = await page.evaluate(
                "(sel) => [...document.querySelectorAll(sel)].map(e => e.innerText).join(' | ')", sel)
        except Exception:  # noqa: BLE001
            text = ""
        text = " ".join(text.split())
        # Without widgets the end says most (a message after the dashboard's intro).
        result["shown"] = (text[:240] if "widgets_s" in result else text[-240:]) or "(blank)"


async def main_async(args):
    from playwright.async_api import async_playwright
    server = VoilaServer(DASHBOARD, cwd=REPO)
    server.start(timeout=180, wait_pool=True)
    try:
        pool = kernel_pids(server)
        settled(pool, timeout=120)
        idle_kernel = [rss_mb(p) for p in pool]
        idle_server = rss_mb(server.proc.pid)
        peak = {"server": idle_server}
        results = [{} for _ in range(args.pages)]
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

            async def watch_server(stop):
                while not stop.is_set():
                    peak["server"] = max(peak["server"], rss_mb(server.proc.pid) or 0)
                    await asyncio.sleep(0.5)
            stop = asyncio.Event()
            watcher = asyncio.create_task(watch_server(stop))
            t0 = time.perf_counter()
            await asyncio.gather(*(one_page(browser, server.url + PLAYGROUND, LESSON_ITERATIONS,
                                            args.page_timeout * 1000, r) for r in results))
            wall = time.perf_counter() - t0
            page_kernels = [r["kernel"] for r in results if r.get("kernel")]
            kernel_rss = [m for m in (rss_mb(kernel_pid(k) or -1) for k in page_kernels) if m]
            server_after_runs = rss_mb(server.proc.pid)
            for r in results:
                await r["page"].close(run_before_unload=True)
            await asyncio.sleep(AFTER_CLOSE)
            stop.set()
            await watcher
            left = [k for k in page_kernels if alive(server, k)]
            processes = len(kernel_pids(server))
            await browser.close()

        finished = [r for r in results if "finished_s" in r]
        widgets = sorted(r["widgets_s"] for r in results if "widgets_s" in r)
        print(f"load: {args.pages} concurrent pages, each clicks Run on the lesson "
              f"({LESSON_ITERATIONS:,} iterations), one Voila server ({wall:.0f} s in all)")
        print(f"  pages finished: {len(finished)}/{args.pages}")
        others = [r for r in results if "finished_s" not in r]
        for r in others:
            state = "widgets shown, run not finished" if "widgets_s" in r else "no widgets"
            print(f"    {state} ({r.get('error')}): page shows {r.get('shown')!r}")
        if widgets:
            print(f"  time to widgets: median {statistics.median(widgets):.1f} s, max {widgets[-1]:.1f} s "
                  f"({len(widgets)} pages)")
        if finished:
            done = sorted(r["finished_s"] for r in finished)
            print(f"  time to run finished: median {statistics.median(done):.1f} s, max {done[-1]:.1f} s")
        if idle_kernel:
            print(f"  kernel RSS, idle dashboard (preheated pool): "
                  + ", ".join(f"{m:.0f} MB" for m in idle_kernel))
        if kernel_rss:
            print(f"  kernel RSS after a run: median {statistics.median(kernel_rss):.0f} MB, "
                  f"max {max(kernel_rss):.0f} MB ({len(kernel_rss)} kernels)")
        print(f"  server RSS: idle {idle_server:.0f} MB, peak {peak['server']:.0f} MB, "
              f"after the runs {server_after_runs:.0f} MB")
        if others:
            errors = [ln for ln in server.log.splitlines()
                      if "Error" in ln or "Timeout" in ln or "WARNING | Kernel" in ln]
            print("  server log, errors and warnings (last 10):\n    " + "\n    ".join(errors[-10:]))
        print(f"  kernels left {AFTER_CLOSE} s after the pages closed: "
              f"{len(left)} of the pages' {len(page_kernels)} "
              f"({processes} kernel processes in all, the preheated pool included)")
    finally:
        server.stop()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=20, help="concurrent pages (default 20)")
    ap.add_argument("--page-timeout", type=float, default=600,
                    help="seconds each page may take for each step (default 600)")
    args = ap.parse_args(argv)
    if not 1 <= args.pages <= 60:
        ap.error("--pages must be between 1 and 60 (the kernel cap is 40)")
    def interrupted(*_):  # `kill` or a timeout: still stop the server and chromium (finally)
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupted)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
