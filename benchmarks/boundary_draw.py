"""What a boundary frame costs the page: three panels redrawn 20 times a second, drawn as
InitLab draws them (ui/views/boundary.py: a PNG in an <img> under a transparent figure of the
points) and as a bqplot HeatMap under the points in one figure (how they were drawn before).

    .venv/bin/python benchmarks/boundary_draw.py [--seconds 10]

A throwaway notebook per way of drawing is served by plain Voila (no InitLab runner: only the
views), and a kernel thread replaces every panel's probabilities 20 times a second with a
moving ring on the 60x60 grid. Prints, per way: panel redraws the page made per second (a
MutationObserver on the picture's src or the HeatMap's href), chromium's renderer CPU seconds
per wall second (from /proc), and that CPU per redraw. The two ways run one after the other
in one chromium, twice, so the ratio is measured in one run.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from voila_harness import CLOCK_TICKS, launch_chromium, new_page  # noqa: E402

PANELS, FPS = 3, 20

CELL = r'''
import threading, time
import bqplot as bq, ipywidgets as widgets, numpy as np
from initlab.core.datasets import make_dataset
from initlab.ui.palette import BOUNDARY_COLORS
from initlab.ui.views.boundary import BoundaryView, _points

WAY, PANELS, FPS, SECONDS = {way!r}, {panels}, {fps}, {seconds}
data = make_dataset()  # the lesson's circles
xs = ys = np.linspace(-1.5, 1.5, 60)
R = np.hypot(*np.meshgrid(xs, ys))
frame = lambda i, k: (1 / (1 + np.exp(-(R - 0.6 - 0.3 * np.sin(i / 10 + k)) * 8))).astype(np.float32)

class Boundary:
    pass

if WAY == "picture":
    view = BoundaryView(panel_size=(232, 248))
    view.show_data(data)
    class Snapshot:
        labels = tuple(f"p{{k}}" for k in range(PANELS))
        boundary = Boundary()
    snap = Snapshot()
    snap.boundary.xs, snap.boundary.ys = xs, ys
    def draw(i):
        snap.boundary.probability = np.stack([frame(i, k) for k in range(PANELS)])
        view.update(snap)
    draw(0)
    shown = view.widget
else:
    marks = []
    figures = []
    for k in range(PANELS):
        scales = {{"x": bq.LinearScale(min=-1.5, max=1.5), "y": bq.LinearScale(min=-1.5, max=1.5)}}
        heatmap = bq.HeatMap(x=xs, y=ys, color=frame(0, k), scales={{**scales, "color": bq.ColorScale(
            colors=BOUNDARY_COLORS, min=0.0, max=1.0, mid=0.5)}})
        points = _points(data.train_X, data.train_Y, scales, test=False) + _points(data.test_X, data.test_Y, scales, test=True)
        marks.append(heatmap)
        figures.append(bq.Figure(marks=[heatmap, *points], title=f"p{{k}}", animation_duration=0, padding_x=0.0,
                                 padding_y=0.0, fig_margin={{"top": 28, "bottom": 6, "left": 6, "right": 6}},
                                 layout=widgets.Layout(width="232px", height="248px")))
    def draw(i):
        for k, m in enumerate(marks):
            m.color = frame(i, k)
    shown = widgets.HBox(figures)
counter = widgets.IntText(0)
counter.add_class("bench-frames")
def loop():
    time.sleep(3)
    for i in range(1, int(FPS * (SECONDS + 6))):
        t0 = time.monotonic()
        draw(i)
        counter.value = i
        time.sleep(max(0.0, 1 / FPS - (time.monotonic() - t0)))
threading.Thread(target=loop, daemon=True).start()
widgets.VBox([shown, counter])
'''

OBSERVE = """() => { window.redraws = 0;
  new MutationObserver(ms => { for (const m of ms) if (m.target.matches('img.initlab-boundary-picture, image')) window.redraws++; })
    .observe(document.body, {subtree: true, attributes: true, attributeFilter: ['href', 'src']}); }"""


def renderer_cpu():
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if b"--type=renderer" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except OSError:
            continue
    return total


def wait_for(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Voila did not answer at {url}")
            time.sleep(0.3)


def notebook(path, way, seconds):
    cell = {"cell_type": "code", "id": "bench", "metadata": {}, "execution_count": None, "outputs": [],
            "source": CELL.format(way=way, panels=PANELS, fps=FPS, seconds=seconds)}
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [cell], "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10.0, help="seconds measured per way (default 10)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        for way in ("picture", "heatmap"):
            notebook(Path(tmp) / f"{way}.ipynb", way, args.seconds)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([str(Path(sys.executable).with_name("voila")), "--no-browser", f"--port={port}",
                                   "--Voila.ip=127.0.0.1", tmp], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = {"picture": [], "heatmap": []}
        try:
            wait_for(f"http://127.0.0.1:{port}/", server)
            with sync_playwright() as p:
                browser = launch_chromium(p)
                for way in ("picture", "heatmap", "picture", "heatmap"):
                    page = new_page(browser)
                    page.goto(f"http://127.0.0.1:{port}/voila/render/{way}.ipynb", timeout=120_000)
                    page.wait_for_selector(".bench-frames input", timeout=120_000)
                    page.evaluate(OBSERVE)
                    page.wait_for_function("Number(document.querySelector('.bench-frames input').value) > 10",
                                           timeout=60_000)
                    c0, r0, t0 = renderer_cpu(), page.evaluate("window.redraws"), time.monotonic()
                    time.sleep(args.seconds)
                    c1, r1, t1 = renderer_cpu(), page.evaluate("window.redraws"), time.monotonic()
                    results[way].append(((r1 - r0) / PANELS / (t1 - t0), (c1 - c0) / (t1 - t0), (c1 - c0) / max(r1 - r0, 1)))
                    page.context.close()
        finally:
            server.terminate()
            server.wait(30)
    for way, label in (("picture", "PNG <img> under the points (InitLab)"), ("heatmap", "bqplot HeatMap under the points")):
        rates = ", ".join(f"{r:.1f}/s per panel, renderer {c:.2f} CPU s/s = {ms * 1000:.1f} ms per redraw"
                          for r, c, ms in results[way])
        print(f"boundary draw, {PANELS} panels at {FPS} frames/s, {label}: {rates}")
    ratio = [h[2] / p_[2] for p_, h in zip(results["picture"], results["heatmap"])]
    print(f"boundary draw: a HeatMap redraw costs the page {', '.join(f'{r:.1f}' for r in ratio)} x a picture redraw "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end)")


if __name__ == "__main__":
    main()
