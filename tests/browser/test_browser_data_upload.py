"""'Your own data' in the dashboard: a CSV chosen in the Data row is trained on, in chromium
against the real Voila server. A bad file is named and the data stay."""
import json

import numpy as np
import pytest
from playwright.sync_api import expect

from dashboard_page import BOUNDARY, COST, RUN, STATUS, Dashboard, serious_violations
from voila_harness import PLAYGROUND, new_page

UPLOAD = ".initlab-data-upload"
MESSAGE = ".initlab-data-message"
DATASET = ".initlab-controls select"
ITERATIONS = 2000
N_PER_CLASS = 45  # 90 points: of each class 15 held out as test points, 30 trained on


def blobs_csv(path):
    """Two overlapping clouds in a spreadsheet's units (cm, kg), far from the lesson's square."""
    rng = np.random.RandomState(0)
    lines = ["x1,x2,label"]
    for label, (cx, cy) in enumerate([(150, 50), (175, 75)]):
        for x, y in zip(rng.normal(cx, 8, N_PER_CLASS), rng.normal(cy, 10, N_PER_CLASS)):
            lines.append(f"{x:.2f},{y:.2f},{label}")
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def uploaded(voila_server, browser, tmp_path_factory):
    page = new_page(browser)
    page.goto(voila_server.url + PLAYGROUND, timeout=120_000)
    d = Dashboard(page)
    d.wait_ready()
    box = page.get_by_label("iterations", exact=True)
    box.fill(str(ITERATIONS))
    box.press("Enter")
    page.locator(STATUS).filter(has_text=f"of {ITERATIONS:,}").wait_for(timeout=30_000)
    choose_file(page, blobs_csv(tmp_path_factory.mktemp("csv") / "heights.csv"))
    expect(page.locator(MESSAGE)).to_contain_text("heights.csv: 90 points loaded", timeout=30_000)
    yield d
    page.context.close()


def choose_file(page, path):
    """ipywidgets 8's FileUpload keeps its <input type=file> outside the page's tree and opens
    it from its button, so the file goes to the chooser the click opens."""
    with page.expect_file_chooser() as chooser:
        page.locator(UPLOAD).click()
    chooser.value.set_files(str(path))


def dots_per_panel(d):
    """Scatter points drawn in each boundary panel (bqplot draws one path.dot per point)."""
    return d.page.eval_on_selector_all(BOUNDARY, "ps => ps.map(p => p.querySelectorAll('path.dot').length)")


def test_the_file_becomes_the_dataset_and_the_panels_show_its_points(uploaded):
    page = uploaded.page
    expect(page.locator(DATASET).first).to_have_value("uploaded", timeout=30_000)
    page.wait_for_function(
        "([sel, n]) => [...document.querySelectorAll(sel)].every(p => p.querySelectorAll('path.dot').length === n)",
        arg=[BOUNDARY, 2 * N_PER_CLASS], timeout=30_000)
    assert dots_per_panel(uploaded) == [2 * N_PER_CLASS] * 3  # zeros, random ×10, He
    assert page.locator(".initlab-share input").input_value().startswith("no link: uploaded data (90 points)")


def test_training_on_the_file_draws_the_cost_and_learns(uploaded):
    page = uploaded.page
    before = uploaded.boundary_images()
    uploaded.click(RUN)
    page.locator(STATUS).filter(has_text="finished").wait_for(timeout=180_000)
    assert uploaded.iteration() == ITERATIONS
    paths = uploaded.cost_paths()
    assert len(paths) == 3 and all(p.count("L") > 10 for p in paths)  # cost points arrived, per line
    after = uploaded.boundary_images()
    assert after[2] != before[2]  # He's boundary moved
    assert uploaded.results()["he"] > 0.85  # the clouds are mostly separable by a line


def test_a_bad_file_is_named_and_the_data_stay(uploaded, tmp_path):
    page = uploaded.page
    bad = tmp_path / "typo.csv"
    bad.write_text("x1,x2,label\n150,50,0\n151,5O,1\n" + "160,60,1\n" * 10)
    choose_file(page, bad)
    alert = page.locator(f"{MESSAGE} [role=alert]")
    expect(alert).to_contain_text("typo.csv was not loaded: row 3: x2 '5O' is not a number", timeout=30_000)
    expect(alert).to_contain_text("The current data stay.")
    assert page.locator(DATASET).first.input_value() == "uploaded"
    assert dots_per_panel(uploaded) == [2 * N_PER_CLASS] * 3


def test_axe_finds_no_serious_violations_with_the_upload_message_shown(uploaded):
    page = uploaded.page
    expect(page.locator(f"{MESSAGE} [role=alert]")).to_be_visible()  # left by the bad file above
    serious = serious_violations(page, ".initlab-controls")
    assert not serious, json.dumps(serious, indent=1)
