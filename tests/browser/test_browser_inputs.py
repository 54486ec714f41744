"""Typing into the dashboard's boxes in chromium: `1e9`, `1.5` and `abc` in iterations and the
weight seed each give a message naming the field, Run is disabled, the panels go stale, and the
box never shows a number other than the one typed (IntText turned `1e9` into 19).

One page load for the module (every GET / on Voila takes a kernel).
"""
import re

from playwright.sync_api import expect

from dashboard_page import COST, RUN, STATUS, STEP

CONFIG_ERROR = ".initlab-config-error"
STALE = ".initlab-stale"
BOXES = {"iterations": (".initlab-iterations input", "a whole number from 1 to 1,000,000"),
         "weight seed": (".initlab-seed input", "a whole number from 0 to 4,294,967,294")}
TYPED = ("1e9", "1.5", "abc")

# Records every value each box shows, sampled every few ms and on every input event.
WATCH_JS = """
(selectors) => {
  window.__shown = {};
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    const seen = window.__shown[sel] = [el.value];
    const note = () => { if (seen[seen.length - 1] !== el.value) seen.push(el.value); };
    el.addEventListener('input', note);
    el.addEventListener('change', note);
    setInterval(note, 4);
  }
}
"""


def test_typed_values_are_never_changed_and_always_explained(dashboard, artifacts):
    page = dashboard.page
    selectors = [sel for sel, _ in BOXES.values()]
    originals = {sel: page.locator(sel).input_value() for sel in selectors}
    assert originals == {".initlab-iterations input": "15000", ".initlab-seed input": "3"}
    page.evaluate(WATCH_JS, selectors)
    expect(page.locator(RUN)).to_be_enabled()
    assert page.locator(STALE).count() == 0

    for label, (sel, allowed) in BOXES.items():
        box = page.locator(sel)
        for text in TYPED:
            box.click()
            box.press("Control+a")
            box.press_sequentially(text, delay=20)
            box.press("Enter")  # the box sends its value on Enter or blur
            message = f"{label} must be {allowed} (you typed “{text}”)"
            expect(page.locator(CONFIG_ERROR)).to_contain_text(message, timeout=30_000)
            expect(page.locator(RUN)).to_be_disabled()
            expect(page.locator(STEP)).to_be_disabled()
            expect(box).to_have_value(text)
            page.wait_for_timeout(300)  # anything the kernel sent back has arrived
            expect(box).to_have_value(text)
    # Both fields' errors are listed at once, by their labels.
    items = page.locator(f"{CONFIG_ERROR} li").all_inner_texts()
    assert items == ["weight seed must be a whole number from 0 to 4,294,967,294 (you typed “abc”)",
                     "iterations must be a whole number from 1 to 1,000,000 (you typed “abc”)"], items
    # The panels that no longer match the settings are visibly marked stale.
    expect(page.locator(f"{STALE} {COST}")).to_have_count(1)
    for view in (".initlab-boundary", ".initlab-results-view", ".initlab-inside"):
        assert page.locator(f"{STALE}:is({view}, :has({view}))").count() == 1, view
    opacity = page.eval_on_selector(f"{STALE}:has({COST})", "el => getComputedStyle(el).opacity")
    assert float(opacity) < 0.6, opacity
    page.screenshot(path=str(artifacts / "inputs-invalid.png"))
    page.locator(RUN).click(force=True)  # a click on the disabled button starts nothing
    page.wait_for_timeout(500)
    assert dashboard.iteration() == 0

    # Every value ever shown in a box is a prefix of what was typed there, or its first value.
    shown = page.evaluate("() => window.__shown")
    for sel in selectors:
        allowed_values = {originals[sel], ""} | {t[:i] for t in TYPED for i in range(1, len(t) + 1)}
        strange = [v for v in shown[sel] if v not in allowed_values]
        assert not strange, f"{sel} showed values nobody typed: {strange} (all: {shown[sel]})"

    # Valid values again: the message goes, Run comes back, nothing is stale.
    for sel, value in ((".initlab-iterations input", "300"), (".initlab-seed input", "3")):
        box = page.locator(sel)
        box.click()
        box.press("Control+a")
        box.press_sequentially(value)
        box.press("Enter")
    expect(page.locator(RUN)).to_be_enabled(timeout=30_000)
    expect(page.locator(f"{CONFIG_ERROR} li")).to_have_count(0)
    expect(page.locator(STALE)).to_have_count(0)
    # The runner has the new experiment when Run is enabled; its status line follows in the next message.
    expect(page.locator(STATUS)).to_have_text(re.compile(r"of 300\b"), timeout=10_000)


def test_slider_boxes_do_not_clamp_or_round_what_is_typed(dashboard):
    """The learning-rate and noise readouts used to clamp silently; their boxes keep the text."""
    page = dashboard.page
    lr, noise = page.locator(".initlab-learning-rate input"), page.locator(".initlab-noise input")
    for box, text in ((lr, "1000"), (noise, "0.123")):
        box.click()
        box.press("Control+a")
        box.press_sequentially(text)
        box.press("Enter")
    expect(page.locator(CONFIG_ERROR)).to_contain_text(
        "learning rate must be a number from 0.000001 to 100 (you typed “1000”)", timeout=30_000)
    expect(page.locator(RUN)).to_be_disabled()
    page.wait_for_timeout(500)  # the slider has moved to 0.123 and anything it sent back has arrived
    expect(lr).to_have_value("1000")
    expect(noise).to_have_value("0.123")
    lr.click()
    lr.press("Control+a")
    lr.press_sequentially("10")  # high enough to diverge, and allowed
    lr.press("Enter")
    expect(page.locator(RUN)).to_be_enabled(timeout=30_000)
    expect(page.locator(f"{CONFIG_ERROR} li")).to_have_count(0)
    page.wait_for_timeout(500)
    expect(lr).to_have_value("10")
    expect(noise).to_have_value("0.123")
