"""Scenarios in the dashboard, in Debian's chromium against a real Voila server: a
`?scenario=symmetry` link opens that scenario; one click sets every setting; deep-relu's
per-layer histograms change as it trains; the cost and the boundaries fit one 1280x800 view,
and the inside view fits it when scrolled to. Saves screenshots of symmetry, deep-relu and exploding.

One page load for the module (every GET / on Voila takes a kernel), opened with the link.
"""
import pytest
from playwright.sync_api import expect

from dashboard_page import BOUNDARY, COST, ERROR, ITERATION, PAUSE, PICTURE, RUN, STATUS, Dashboard
from voila_harness import PLAYGROUND, new_page

from initlab import scenarios
from initlab.core.query import to_query

HISTOGRAM = ".initlab-activation-histogram"
TEXT = ".initlab-scenario-text"


@pytest.fixture(scope="module")
def dashboard(voila_server, browser):
    page = new_page(browser)
    page.goto(voila_server.url + "?scenario=symmetry", timeout=120_000)
    d = Dashboard(page)
    d.wait_ready()
    page.locator(f"{HISTOGRAM} image").first.wait_for(state="attached", timeout=30_000)
    yield d
    page.context.close()


def histogram_images(page):
    return page.eval_on_selector_all(f"{HISTOGRAM} image", "els => els.map(e => e.getAttribute('href') || '')")


def pick(d, name, expect_text):
    d.page.locator(f".initlab-scenario-{name}").click()
    expect(d.page.locator(TEXT)).to_contain_text(expect_text, timeout=30_000)
    expect(d.page.locator(RUN)).to_be_enabled(timeout=30_000)
    expect(d.page.locator(ITERATION)).to_have_text("0", timeout=10_000)


def run_until(d, predicate_js, timeout=120_000):
    d.click(RUN)
    d.wait_iteration(predicate_js, timeout=timeout)
    d.click(PAUSE)
    expect(d.page.locator(STATUS)).to_contain_text("paused", timeout=10_000)


def verdict(page, name):
    return page.locator(f"tr[data-initialization='{name}'] td.initlab-verdict").inner_text()


def in_view(page, selectors):
    """The cost and the boundaries fit the first 1280x800 view; the inside tab's picture fits it
    once the tabs are scrolled to (they sit below the pictures, the lesson's layout)."""
    for inside in (False, True):
        target = ".initlab-inside-tabs" if inside else ".initlab"
        page.evaluate(f"() => document.querySelector('{target}').scrollIntoView({{block: 'start'}})")
        page.mouse.move(1279, 799)  # no hover toolbar on the figures
        page.wait_for_timeout(300)
        for selector in selectors:
            if (".initlab-activation" in selector or ".initlab-weight" in selector) != inside:
                continue
            # The timeline's dashed marker rule is a cost path too, hidden while live: not a cost line.
            boxes = [loc.bounding_box() for loc in page.locator(selector).all()
                     if loc.evaluate("e => ['', 'none'].includes(e.style.strokeDasharray)")]
            assert boxes, f"nothing matches {selector}"
            for box in boxes:
                assert box and 0 <= box["y"] and box["y"] + box["height"] <= 800 + 1 and box["x"] + box["width"] <= 1280 + 1, (
                    f"{selector} is not inside the 1280x800 view: {box}")
    page.evaluate("() => window.scrollTo(0, 0)")


def test_a_scenario_link_opens_that_scenario(dashboard):
    d, page = dashboard, dashboard.page
    symmetry = scenarios.config("symmetry")
    expect(page.locator(TEXT)).to_contain_text("What to look for")
    expect(page.locator(TEXT)).to_contain_text(scenarios.describe("symmetry")[:60])
    assert "mod-info" in page.locator(".initlab-scenario-symmetry").get_attribute("class")
    for name in ("zeros", "random", "he", "xavier"):
        assert d.init_checkbox(name).is_checked() == (name in symmetry.initializations), name
    assert d.boundary_titles() == ["zeros", "He"]
    assert page.locator(".initlab-iterations input").input_value() == str(symmetry.num_iterations)
    assert [int(v) for v in page.eval_on_selector_all(".initlab-layer-size input", "els => els.map(e => e.value)")] \
        == list(symmetry.layers_dims[1:-1])
    assert page.locator(".initlab-settings-message").inner_text().strip() == ""
    # The share box writes the same settings out explicitly.
    assert page.locator(".initlab-share input").input_value().endswith("?" + to_query(symmetry))


def test_deep_relu_one_click_run_and_the_histograms_change(dashboard, artifacts):
    d, page = dashboard, dashboard.page
    pick(d, "deep-relu", "Ten hidden ReLU layers")
    sizes = page.locator(".initlab-layer-size")
    expect(sizes).to_have_count(10)
    assert {sizes.nth(i).locator("input").input_value() for i in range(10)} == {"64"}
    expect(d.init_checkbox("he")).to_be_checked()
    expect(d.init_checkbox("xavier")).to_be_checked()
    expect(d.init_checkbox("zeros")).not_to_be_checked()
    page.wait_for_function(f"() => [...document.querySelectorAll('{HISTOGRAM} text')].some(t => t.textContent.trim() == 'Xavier')",
                           timeout=30_000)
    titles = page.eval_on_selector_all(f"{HISTOGRAM} text", "els => els.map(e => e.textContent.trim())")
    assert "He" in titles and "Xavier" in titles, titles
    page.wait_for_function(f"() => [...document.querySelectorAll('{HISTOGRAM} image')].length == 2 && "
                           f"[...document.querySelectorAll('{HISTOGRAM} image')].every(i => i.getAttribute('href'))")
    before = histogram_images(page)
    in_view(page, [f"{COST} .plotarea_background", PICTURE, f"{HISTOGRAM} image"])

    run_until(d, "n >= 30")
    page.wait_for_function(
        f"(before) => [...document.querySelectorAll('{HISTOGRAM} image')].some((e, i) => e.getAttribute('href') != before[i])",
        arg=before, timeout=30_000)
    after = histogram_images(page)
    assert len(after) == 2 and after != before
    assert verdict(page, "xavier").startswith("signal vanishes from layer"), verdict(page, "xavier")
    assert page.locator(ERROR).inner_text().strip() == ""
    in_view(page, [f"{COST} g.curve path.line", PICTURE, f"{HISTOGRAM} image"])
    page.screenshot(path=str(artifacts / "scenario-deep-relu.png"))
    assert not page.errors, page.errors


def test_symmetry_then_exploding(dashboard, artifacts):
    d, page = dashboard, dashboard.page
    pick(d, "symmetry", "Zeros beside He")
    expect(page.locator(".initlab-layer-size")).to_have_count(2)
    run_until(d, "n >= 1000")
    page.locator(".initlab-inside-tabs .lm-TabBar-tab", has_text="Symmetry").click()
    counts = page.locator(".initlab-distinct-counts")
    expect(counts).to_contain_text("zeros: 1/10, 1/5")
    expect(counts).to_contain_text("He: 10/10, 5/5")
    expect(page.locator(".initlab-weight-matrix image")).to_have_count(2)
    assert "symmetric" in verdict(page, "zeros")
    in_view(page, [f"{COST} g.curve path.line", PICTURE, ".initlab-weight-matrix image"])
    page.screenshot(path=str(artifacts / "scenario-symmetry.png"))

    page.locator(".initlab-inside-tabs .lm-TabBar-tab", has_text="Inside: activations").click()
    pick(d, "exploding", "unscaled normal weights")
    in_view(page, [f"{COST} .plotarea_background", PICTURE, f"{HISTOGRAM} image"])
    page.screenshot(path=str(artifacts / "scenario-exploding-start.png"))  # the blow-up is at iteration 0
    run_until(d, "n >= 20")
    assert verdict(page, "random").startswith("weights too large"), verdict(page, "random")
    cost = page.locator("tr[data-initialization='random'] td.initlab-current-cost").inner_text()
    assert cost == "not finite", cost
    in_view(page, [f"{COST} g.curve path.line", PICTURE, f"{HISTOGRAM} image"])
    page.screenshot(path=str(artifacts / "scenario-exploding.png"))
    assert page.locator(ERROR).inner_text().strip() == ""
    assert not page.errors, page.errors
