"""The lesson as a learner meets it, in chromium against the real Voila server: the pictures in
view without scrolling at two laptop sizes, the guided path from step 1 to the conclusions, and
links to a step."""
import re

import pytest
from playwright.sync_api import expect

from dashboard_page import BOUNDARY, COST, ITERATION, RUN, Dashboard, serious_violations
from voila_harness import PLAYGROUND, new_page

CHOICE, EXPLANATION, NEXT = ".initlab-choice", ".initlab-explanation", ".initlab-next"
HEADING, SETTINGS = ".initlab-step-heading", ".initlab-settings-panel"
ROWS = ".initlab-results tbody tr"
MIN_PANEL = 220


def open_dashboard(browser, url, size):
    page = new_page(browser)
    page.set_viewport_size(size)
    page.goto(url, timeout=120_000)
    Dashboard(page).wait_ready()
    return page


BOXES_JS = """(selectors) => selectors.map(sel => [...document.querySelectorAll(sel)].map(el => {
    const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
}))"""


def boxes_out_of_view(page):
    """Every box the learner must see without scrolling that is not wholly inside the viewport,
    and every boundary panel smaller than MIN_PANEL on a side. Read in one go: the results
    table is redrawn every frame."""
    size = page.viewport_size
    assert page.evaluate("() => [window.scrollX, window.scrollY]") == [0, 0]
    selectors = (RUN, COST, BOUNDARY, ROWS)
    wrong = []
    for selector, boxes in zip(selectors, page.evaluate(BOXES_JS, list(selectors))):
        assert boxes, selector
        for i, b in enumerate(boxes):
            if b["width"] == 0 or b["x"] < 0 or b["y"] < 0 or b["x"] + b["width"] > size["width"] \
                    or b["y"] + b["height"] > size["height"]:
                wrong.append((selector, i, b))
            if selector == BOUNDARY and min(b["width"], b["height"]) < MIN_PANEL:
                wrong.append((selector, i, "smaller than 220 px", b))
    return wrong


def full_speed(page):
    handle = page.locator(".initlab-pace .noUi-handle")
    handle.focus()
    handle.press("End")
    expect(page.locator(".initlab-pace")).to_contain_text("full speed")


@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, {"width": 1366, "height": 768}],
                         ids=["1280x800", "1366x768"])
@pytest.mark.parametrize("mode", ["guided", "playground"])
def test_the_pictures_are_in_view_on_load_and_mid_run(voila_server, browser, artifacts, size, mode):
    page = open_dashboard(browser, voila_server.url + ("" if mode == "guided" else PLAYGROUND), size)
    try:
        settings_open = page.locator(f"{SETTINGS} .initlab-controls").is_visible()
        assert settings_open == (mode == "playground")
        if mode == "guided":
            expect(page.locator(RUN)).to_be_disabled()  # predict first
            page.locator(CHOICE).first.click()
        if mode == "guided":
            page.locator(NEXT).click()  # zeros: the lesson's network, not step 1's bare line
            expect(page.locator(HEADING)).to_contain_text("Step 2 of 10")
            page.locator(CHOICE).first.click()
        assert boxes_out_of_view(page) == []
        page.locator(RUN).click()
        page.wait_for_function(f"() => +document.querySelector('{ITERATION}').textContent > 1000",
                               timeout=60_000)
        assert boxes_out_of_view(page) == []
        page.screenshot(path=str(artifacts / f"lesson-{mode}-{size['width']}x{size['height']}.png"))
    finally:
        page.context.close()


def results_text(page):
    return page.locator(ROWS).all_inner_texts()


def test_a_learner_walks_the_lesson_from_step_1_to_the_conclusions(voila_server, browser, artifacts):
    page = open_dashboard(browser, voila_server.url, {"width": 1280, "height": 800})
    try:
        full_speed(page)
        for number, title in enumerate(["The data and the network", "Zeros", "Random ×10", "He",
                                        "Side by side"], start=1):
            expect(page.locator(HEADING)).to_contain_text(f"Step {number} of 10: {title}")
            expect(page.locator(EXPLANATION)).to_have_text("")
            expect(page.locator(RUN)).to_be_disabled()
            page.locator(CHOICE).last.click()
            page.locator(RUN).click()
            explanation = page.locator(EXPLANATION)
            expect(explanation).to_contain_text(re.compile(r"^(Right|Not this time)"), timeout=90_000)
            text = explanation.inner_text()
            # This run's numbers, as the results table shows them (accuracies to 4 places there).
            rows = results_text(page)
            assert page.locator(ITERATION).inner_text() == "15000"
            for row in rows:
                train = float(row.split("\t")[1])
                assert f"train {100 * train:.1f}".replace(".0", "") in text.replace(".0%", "%"), (row, text)
            page.screenshot(path=str(artifacts / f"lesson-step-{number}.png"))
            page.locator(NEXT).click()
        expect(page.locator(HEADING)).to_contain_text("Step 6 of 10")
    finally:
        page.context.close()


def test_a_link_opens_a_step_and_its_tab(voila_server, browser):
    page = open_dashboard(browser, voila_server.url + "?step=he", {"width": 1280, "height": 800})
    try:
        expect(page.locator(HEADING)).to_contain_text("Step 4 of 10: He")
        assert Dashboard(page).boundary_titles() == ["He"]
    finally:
        page.context.close()
    page = open_dashboard(browser, voila_server.url + "?step=symmetry", {"width": 1280, "height": 800})
    try:
        expect(page.locator(HEADING)).to_contain_text("Step 6 of 10")
        expect(page.locator(".initlab-inside-tabs [role=tab][aria-selected=true]")).to_have_text("Symmetry")
    finally:
        page.context.close()


def test_the_guided_lesson_passes_axe_and_fits_a_phone(voila_server, browser, artifacts):
    """axe-core on the guided page with its question, then its explanation; and at 420 px wide
    nothing runs off the side."""
    page = open_dashboard(browser, voila_server.url + "?step=zeros", {"width": 1280, "height": 800})
    try:
        assert serious_violations(page) == []
        full_speed(page)
        page.locator(CHOICE).first.click()
        page.locator(RUN).click()
        expect(page.locator(EXPLANATION)).not_to_have_text("", timeout=90_000)
        assert serious_violations(page) == []
        page.set_viewport_size({"width": 420, "height": 800})
        page.wait_for_timeout(1000)  # bqplot redraws on resize
        page.screenshot(path=str(artifacts / "lesson-420.png"), full_page=True)
        view = page.evaluate("() => document.documentElement.clientWidth")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= view
    finally:
        page.context.close()

