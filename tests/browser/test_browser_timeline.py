"""The dashboard's default pace and its timeline, in chromium against the real Voila server:
a default run unfolds in 15-30 s, and dragging the timeline of the finished run back to its
middle shows that iteration (He's boundary as it was then). Screenshots in tests/artifacts.
"""
import time

from playwright.sync_api import expect

from dashboard_page import PICTURE, PICTURES_JS, RUN, STATUS

ITERATIONS = 15000
TIMELINE = ".initlab-timeline"


def he_image(d):
    titles, images = d.boundary_titles(), d.boundary_images()
    (he,) = [img for title, img in zip(titles, images) if title.startswith("He")]
    return he


def histogram_images(page):
    return page.eval_on_selector_all(".initlab-activation-histogram image",
                                     "els => els.map(e => e.getAttribute('href') || '')")


def test_default_run_at_default_pace_then_scrub_back(dashboard, artifacts):
    d, page = dashboard, dashboard.page
    expect(page.locator(".initlab-pace")).to_contain_text("750 it/s")
    assert d.iteration() == 0 and len(d.boundary_titles()) == 3

    started = time.perf_counter()
    d.click(RUN)
    shots, seen = [], []
    while "finished" not in d.status():
        elapsed = time.perf_counter() - started
        assert elapsed < 60, f"the run is still going after {elapsed:.0f} s"
        if elapsed >= 4 * len(shots):
            shot = artifacts / f"timeline_run_{4 * len(shots):02d}s.png"
            page.screenshot(path=str(shot))
            shots.append(shot)
            seen.append((round(elapsed, 1), d.iteration()))
        page.wait_for_timeout(50)
    took = time.perf_counter() - started
    assert d.iteration() == ITERATIONS
    assert 15 <= took <= 30, f"the lesson took {took:.1f} s at the default pace: {seen}"
    # It unfolds: each screenshot caught a later iteration than the one before.
    its = [n for _, n in seen]
    assert len(its) >= 4 and its == sorted(its) and len(set(its)) == len(its), seen
    expect(page.locator(RUN)).to_have_text("Continue")
    final_he = he_image(d)
    final_histograms = histogram_images(page)

    # Drag the timeline's handle to the middle of its track.
    track = page.locator(f"{TIMELINE} .noUi-base").bounding_box()
    handle = page.locator(f"{TIMELINE} .noUi-handle").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    for frac in (0.9, 0.75, 0.6, 0.5):
        page.mouse.move(track["x"] + frac * track["width"], track["y"] + track["height"] / 2, steps=5)
    page.mouse.up()
    d.wait_iteration("Math.abs(n - 7500) <= 300", timeout=10_000)
    expect(page.locator(".initlab-timeline-status")).to_contain_text("looking back", timeout=5_000)
    page.wait_for_function(
        f"(final) => ({PICTURES_JS})('{PICTURE}').some(p => p && p !== final)", arg=final_he, timeout=10_000)
    page.wait_for_timeout(300)  # let the last drag message land
    middle = d.iteration()
    assert abs(middle - 7500) <= 300, middle
    assert he_image(d) != final_he, "He's boundary at the middle of the run looks like its final one"
    # The inside-the-network histograms follow the timeline too (issue 8: "the inside view").
    page.wait_for_function(
        "(final) => [...document.querySelectorAll('.initlab-activation-histogram image')]"
        ".some((e, i) => e.getAttribute('href') && e.getAttribute('href') !== final[i])",
        arg=final_histograms, timeout=10_000)
    page.screenshot(path=str(artifacts / "timeline_scrubbed.png"))

    # Live returns to the present.
    page.locator(".initlab-timeline-live").click()
    d.wait_iteration(f"n === {ITERATIONS}", timeout=10_000)
    page.wait_for_function(
        f"(final) => ({PICTURES_JS})('{PICTURE}').some(p => p === final)", arg=final_he, timeout=10_000)
    expect(page.locator(STATUS)).to_contain_text("finished")
    assert not page.errors, page.errors
    print(f"\ndefault run {took:.1f} s; (s, iteration) seen {seen}; scrubbed to {middle}")
