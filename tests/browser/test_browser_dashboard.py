"""End to end: the Voila dashboard in Debian's chromium, the whole lesson run by clicks.

One page load for the module (every GET / on Voila takes a kernel).
"""
import time

import pytest
from playwright.sync_api import expect

from dashboard_page import BOUNDARY, COST, ERROR, PAUSE, PICTURE, RUN, STATUS, Dashboard
from voila_harness import DASHBOARD, PLAYGROUND, REPO, new_page

LESSON = ("zeros", "random", "he")
ITERATIONS = 15000


@pytest.fixture(scope="module")
def dashboard(voila_server, browser):
    page = new_page(browser)
    started = time.perf_counter()
    page.goto(voila_server.url + PLAYGROUND)
    d = Dashboard(page)
    d.wait_ready()
    d.load_seconds = time.perf_counter() - started
    yield d
    page.context.close()


def test_sources_are_stripped(dashboard):
    import nbformat
    nb = nbformat.read(REPO / DASHBOARD, as_version=4)
    code = [ln.strip() for c in nb.cells if c.cell_type == "code"
            for ln in c.source.splitlines() if ln.strip()]
    assert code, "the dashboard has code cells"
    text = dashboard.page.evaluate("() => document.body.innerText")
    shown = [ln for ln in code if ln in text]
    assert not shown, f"source lines visible in the page: {shown}"
    assert dashboard.page.locator(".jp-CodeCell .jp-InputArea").count() == 0


def test_lesson_run_pause_resume_and_results(dashboard, artifacts):
    d, page = dashboard, dashboard.page
    t0 = time.perf_counter()

    # Zeros, random and He selected (and only those), like the lesson.
    for name in ("zeros", "random", "he", "xavier"):
        box = d.init_checkbox(name)
        if box.is_checked() != (name in LESSON):
            box.click()
    for name in ("zeros", "random", "he", "xavier"):
        expect(d.init_checkbox(name)).to_be_checked(checked=name in LESSON)
    expect(page.locator(RUN)).to_be_enabled()
    assert d.iteration() == 0
    titles = d.boundary_titles()
    assert len(titles) == 3 and [t.split()[0].lower() for t in titles] == ["zeros", "random", "he"], titles
    paths0, images0 = d.cost_paths(), d.boundary_images()
    assert len(images0) == 3 and all(h.startswith("data:image/png") for h in images0)

    # Run, then Pause mid-run: the iteration count freezes below the end.
    d.click(RUN)
    d.wait_iteration("n > 0", timeout=30_000)
    d.click(PAUSE)
    expect(page.locator(PAUSE)).to_have_text("Resume", timeout=5_000)
    expect(page.locator(STATUS)).to_contain_text("paused")
    paused_at = d.iteration()
    page.wait_for_timeout(800)
    assert d.iteration() == paused_at, "the iteration count moved while paused"
    assert 0 < paused_at < ITERATIONS, (
        f"Pause landed at {paused_at}: the run should still have been going")
    paths1, images1 = d.cost_paths(), d.boundary_images()
    assert len(paths1) == 3 and all(paths1), f"one cost line per initialization: {paths1}"
    assert paths1 != paths0, "the cost paths did not change after Run"
    assert images1 != images0, "no boundary image changed after Run"

    # Resume to the end of the lesson.
    d.click(PAUSE)
    d.wait_iteration(f"n >= {ITERATIONS}", timeout=120_000)
    expect(page.locator(STATUS)).to_contain_text("finished", timeout=10_000)
    assert d.iteration() == ITERATIONS
    expect(page.locator(RUN)).to_have_text("Continue")  # a finished run may train on
    paths2, images2 = d.cost_paths(), d.boundary_images()
    assert all(a != b for a, b in zip(paths1, paths2)), "every cost line grew after Resume"
    changed = [t for t, a, b in zip(titles, images0, images2) if a != b]
    for title in titles:
        if not title.lower().startswith("zeros"):  # zeros stays symmetric: p = 0.5 almost everywhere
            assert title in changed, f"the {title} boundary image never changed"

    labels = d.cost_labels()
    for expected in ("zeros", "random", "He"):
        assert any(lbl.startswith(expected) for lbl in labels), f"no {expected!r} cost line in {labels}"

    acc = d.results()
    assert set(acc) == set(LESSON), acc
    assert acc["he"] > acc["random"] > acc["zeros"], acc
    # The lesson's numbers (the 2021 notebook's train accuracies): 0.9933 / 0.83 / 0.5.
    assert acc["zeros"] == pytest.approx(0.5, abs=0.005)
    assert acc["he"] >= 0.95

    assert page.locator(ERROR).inner_text().strip() == ""
    assert not page.errors, page.errors

    # One 1280x800 view from the top, scrolled only as far as the end of the results table.
    page.evaluate("""() => {
        const table = document.querySelector('table.initlab-results');
        (document.querySelector('h1') || document.querySelector('.initlab')).scrollIntoView({block: 'start'});
        if (table.getBoundingClientRect().bottom > window.innerHeight)
            table.scrollIntoView({block: 'end'});
    }""")
    page.mouse.move(1279, 799)  # no hover toolbar on the figures
    page.wait_for_timeout(300)
    for selector in (f"{COST} g.curve path.line", PICTURE, "table.initlab-results"):
        for box in (loc.bounding_box() for loc in page.locator(selector).all()):
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= 800 + 1, (
                f"{selector} is not inside the 1280x800 screenshot: {box}")
    # Each boundary picture lies exactly under its figure's plot area, where the points are drawn.
    pairs = page.eval_on_selector_all(BOUNDARY, """panels => panels.map(p => [
        p.querySelector('img.initlab-boundary-picture'), p.querySelector('.plotarea_background')]
        .map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }))""")
    assert len(pairs) == 3
    for picture, plot_area in pairs:
        assert picture == pytest.approx(plot_area, abs=0.5), (picture, plot_area)
    assert page.eval_on_selector_all(PICTURE, "els => els.map(e => e.alt)") == [
        f"{t}: decision boundary, the predicted probability of class 1" for t in ("zeros", "random ×10", "He")]
    shot = artifacts / "dashboard.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    print(f"\npage load {d.load_seconds:.1f}s, paused at {paused_at}, lesson done "
          f"{time.perf_counter() - t0:.1f}s after the first click; results {acc}; screenshot {shot}")
