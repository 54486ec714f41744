"""Links, exports and accessibility of the dashboard, in Debian's chromium against the real
Voila server (the session's `voila_server`, started the way `make app` starts it).

Page loads: one with a preset link (most tests use it, in order), one opening the URL the
share control shows, one with a bad value. Every GET / takes a kernel.
"""
import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from dashboard_page import BOUNDARY, COST, STEP, Dashboard, serious_violations
from voila_harness import new_page

from initlab import Config
from initlab.core.query import to_query
from initlab.ui.palette import contrast

PRESET = "?dataset=moons&initializations=he,xavier&layers_dims=2-20-20-1"
SHARE = ".initlab-share input"
MESSAGE = ".initlab-settings-message"


def open_dashboard(browser, url):
    page = new_page(browser)
    page.goto(url, timeout=120_000)  # Voila streams the page while the kernel runs it
    d = Dashboard(page)
    d.wait_ready()
    return d


def shown_settings(d):
    """What the controls show: dataset, hidden sizes, checked initializations, activation."""
    page = d.page
    return {
        "dataset": page.locator(".initlab-controls select").first.input_value(),
        "hidden": [int(v) for v in page.eval_on_selector_all(
            ".initlab-layer-size input", "els => els.map(e => e.value)")],
        "initializations": sorted(n for n in ("zeros", "random", "he", "xavier") if d.init_checkbox(n).is_checked()),
        "activation": page.eval_on_selector(
            ".initlab-controls .widget-toggle-buttons button.mod-active", "b => b.textContent.trim()"),
        "panels": d.boundary_titles(),
    }


@pytest.fixture(scope="module")
def preset(voila_server, browser):
    d = open_dashboard(browser, voila_server.url + PRESET)
    yield d
    d.page.context.close()


def test_a_link_sets_up_the_dashboard(preset):
    shown = shown_settings(preset)
    assert shown["dataset"] == "moons"
    assert shown["hidden"] == [20, 20]
    assert shown["initializations"] == ["he", "xavier"]
    assert shown["panels"] == ["He", "Xavier"]
    assert preset.page.locator(MESSAGE).inner_text().strip() == ""
    expected = Config(dataset="moons", initializations=("he", "xavier"), layers_dims=(2, 20, 20, 1))
    assert preset.page.locator(SHARE).input_value().endswith("?" + to_query(expected))


def test_controls_have_names_and_toggles_expose_their_state(preset):
    page = preset.page
    handles = page.locator(".initlab-controls [role=slider]")
    expect(handles.first).to_have_attribute("aria-label", "noise", timeout=10_000)
    assert sorted(handles.evaluate_all("hs => hs.map(h => h.getAttribute('aria-label'))")) == [
        "learning rate", "noise"]
    relu = page.get_by_role("button", name="relu", exact=True)
    tanh = page.get_by_role("button", name="tanh", exact=True)
    expect(relu).to_have_attribute("aria-pressed", "true")
    expect(tanh).to_have_attribute("aria-pressed", "false")
    assert page.get_by_role("textbox", name="random scale ×", exact=True).count() == 1
    assert page.get_by_role("textbox", name="layer 1", exact=True).count() == 1


def test_axe_finds_no_serious_violations(preset):
    serious = serious_violations(preset.page)
    assert not serious, json.dumps(serious, indent=1)


def test_focus_ring_has_3_to_1_contrast(preset):
    page = preset.page
    page.locator(".initlab-iterations input").focus()
    page.keyboard.press("Tab")  # keyboard focus: :focus-visible applies
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                    return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }""")
    style, width, color = ring
    assert style != "none" and float(width.rstrip("px")) >= 2, ring
    r, g, b = [int(x) for x in re.findall(r"\d+", color)[:3]]
    assert contrast(f"#{r:02x}{g:02x}{b:02x}") >= 3.0, ring


def test_settings_download_is_the_config_json(preset):
    page = preset.page
    with page.expect_download() as info:
        page.locator(".initlab-settings-download a").click()
    download = info.value
    assert download.suggested_filename == "initlab-settings.json"
    saved = Config.from_json(open(download.path()).read())
    assert saved == Config(dataset="moons", initializations=("he", "xavier"), layers_dims=(2, 20, 20, 1))


def test_results_download_matches_the_table(preset):
    page = preset.page
    preset.click(STEP)
    preset.wait_iteration("n > 0")
    expect(page.locator(".initlab-status")).to_contain_text("paused", timeout=10_000)
    page.wait_for_timeout(300)  # the final publish reaches the page
    with page.expect_download() as info:
        page.locator(".initlab-results-download a").click()
    download = info.value
    assert download.suggested_filename == "initlab-results.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path()).read())))
    assert [r["initialization"] for r in rows] == ["he", "xavier"]
    table = preset.results()
    for r in rows:
        assert int(r["iteration"]) == preset.iteration() > 0
        assert round(float(r["train_accuracy"]), 4) == table[r["initialization"]]


def test_cost_figure_saves_with_a_white_legend_and_a_telling_name(preset, artifacts):
    page = preset.page  # stepped above: the cost lines and their legend are drawn
    page.locator(f"{COST} .g_legend rect").first.wait_for(state="attached")
    page.locator(".initlab-figure-choice select").select_option("cost")
    files = {}
    for kind in ("svg", "png"):
        with page.expect_download() as info:
            page.locator(f".initlab-save-{kind}").click()
        download = info.value
        assert download.suggested_filename == f"initlab-cost.{kind}"
        files[kind] = artifacts / download.suggested_filename
        download.save_as(files[kind])
    # The saved files alone, without the page's CSS: the legend box must not be black, in the
    # SVG as rendered and in the PNG's pixels at the same spot.
    viewer = new_page(page.context.browser)
    try:
        viewer.set_content("<body style='margin:0'>" + files["svg"].read_text()
                           + "<canvas id='c'></canvas></body>")
        fill, box = viewer.evaluate("""() => { const r = document.querySelector('.g_legend rect');
            const b = r.getBoundingClientRect(); return [getComputedStyle(r).fill, [b.x, b.y, b.width, b.height]]; }""")
        assert fill in ("rgb(255, 255, 255)", "#ffffff", "white"), fill
        pixel = viewer.evaluate("""async ([src, x, y]) => {
            const img = new Image(); img.src = src; await img.decode();
            const c = document.getElementById('c'); c.width = img.width; c.height = img.height;
            const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
            const scale = img.width / document.querySelector('svg').getBoundingClientRect().width;
            return [...ctx.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data];
        }""", ["data:image/png;base64," + __import__("base64").b64encode(files["png"].read_bytes()).decode(),
               box[0] + 3, box[1] + 3])
        assert min(pixel[:3]) >= 200, f"legend background in the PNG is {pixel}"
    finally:
        viewer.context.close()


def test_boundary_panels_are_saved_by_their_initialization(preset):
    page = preset.page
    options = page.eval_on_selector_all(".initlab-figure-choice option", "os => os.map(o => o.value)")
    assert {"cost", "boundary-he", "boundary-xavier", "activation-histograms", "gradient-norm",
            "distinct-units", "weights-he", "weights-xavier"} <= set(options)
    page.locator(".initlab-figure-choice select").select_option("boundary-xavier")
    with page.expect_download() as info:
        page.locator(".initlab-save-png").click()
    assert info.value.suggested_filename == "initlab-boundary-xavier.png"
    assert page.locator(f"{BOUNDARY} .bqplot-toolbar, {COST} .bqplot-toolbar").evaluate_all(
        "ts => ts.filter(t => getComputedStyle(t).display !== 'none').length") == 0


def upload(page, path):
    """ipywidgets' FileUpload opens a file chooser from its button."""
    with page.expect_file_chooser() as chooser:
        page.locator(".initlab-settings-upload").click()
    chooser.value.set_files(str(path))


def test_uploaded_settings_replace_the_current_ones(preset, tmp_path):
    page = preset.page
    page.locator(".initlab-reset").click()
    config = Config(dataset="xor", initializations=("zeros", "he"), layers_dims=(2, 7, 1), activation="tanh")
    path = tmp_path / "mine.json"
    path.write_text(config.to_json())
    upload(page, path)
    expect(page.locator(".initlab-controls select").first).to_have_value("xor", timeout=15_000)
    # The preset has two panels too: wait for the new ones, not for a count it already had.
    expect(page.locator(f"{BOUNDARY} text.mainheading")).to_have_text(["zeros", "He"], timeout=15_000)
    shown = shown_settings(preset)
    assert shown["hidden"] == [7] and shown["initializations"] == ["he", "zeros"]
    assert shown["activation"] == "tanh" and shown["panels"] == ["zeros", "He"]
    expect(page.locator(SHARE)).to_have_value(re.compile(re.escape("?" + to_query(config)) + "$"))
    # A file that is not InitLab settings: a message, and the settings stay.
    bad = tmp_path / "notes.json"
    bad.write_text('{"dataset": "donut"}')
    upload(page, bad)
    expect(page.locator(MESSAGE)).to_contain_text("notes.json is not InitLab settings", timeout=15_000)
    expect(page.locator(MESSAGE)).to_contain_text("dataset must be one of")
    assert shown_settings(preset)["hidden"] == [7]


def test_the_share_url_reproduces_the_settings(preset, browser):
    page = preset.page  # now xor / zeros+He / [2, 7, 1] / tanh, from the upload above
    page.locator(".initlab-controls .widget-inline-hbox:has(> label:text-is('data seed')) input").fill("5")
    page.keyboard.press("Enter")
    expect(page.locator(SHARE)).to_have_value(re.compile(r"data_seed=5"), timeout=10_000)
    url = page.locator(SHARE).input_value()
    assert url.startswith("http://127.0.0.1:")
    before = shown_settings(preset)
    other = open_dashboard(browser, url)
    try:
        assert shown_settings(other) == before
        assert other.page.locator(SHARE).input_value() == url
        assert other.page.locator(MESSAGE).inner_text().strip() == ""
    finally:
        other.page.context.close()


def test_a_bad_value_in_the_link_is_named_and_the_default_used(voila_server, browser):
    d = open_dashboard(browser, voila_server.url + "?dataset=donut&layers_dims=2-8-1&learning_rate=fast")
    try:
        message = d.page.locator(MESSAGE)
        expect(message).to_contain_text("dataset must be one of circles, moons, xor, gaussian, spiral, uploaded; got 'donut'")
        expect(message).to_contain_text("learning_rate must be a number from 0.000001 to 100; got 'fast'")
        shown = shown_settings(d)
        assert shown["dataset"] == "circles"  # the default
        assert shown["hidden"] == [8]  # the good value is kept
    finally:
        d.page.context.close()


@pytest.mark.parametrize("width, height", [(1024, 768), (420, 800)])
def test_layout_fits_the_window(preset, artifacts, width, height):
    page = preset.page
    page.set_viewport_size({"width": width, "height": height})
    try:
        page.wait_for_timeout(1000)  # bqplot redraws on resize
        page.screenshot(path=str(artifacts / f"dashboard-{width}.png"))
        boxes = page.evaluate("""() => Object.fromEntries(
            ['.initlab-cost svg.svg-figure', '.initlab-boundary-panel', '.initlab-controls', '.initlab-share',
             '.initlab-export', '.initlab-scenario', '.initlab-inside-tabs', '.initlab-layer-size input',
             '.initlab-activation-histogram svg.svg-figure']
            .map(s => [s, [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().toJSON())]))""")
        view = page.evaluate("() => document.documentElement.clientWidth")
        cost, panels = boxes[".initlab-cost svg.svg-figure"][0], boxes[".initlab-boundary-panel"]
        assert all(boxes[s] for s in boxes), boxes  # every one of them is on the page
        assert all(r["width"] >= 30 for r in boxes[".initlab-layer-size input"]), boxes  # not squeezed away
        if width == 1024:  # cost and boundaries side by side, no empty half page
            assert all(p["left"] >= cost["right"] and p["top"] < cost["bottom"] for p in panels), boxes
        for selector, rects in boxes.items():
            for r in rects:
                assert r["left"] >= 0 and r["right"] <= view + 0.5, (width, selector, r, view)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= view
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})
