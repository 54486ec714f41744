"""notebooks/lecture.ipynb rendered by Voila in Debian's chromium: its printed numbers, its
figures and the embedded lab all show. Screenshots go to tests/artifacts/.

Uses the shared harness (voila_harness.VoilaServer, the `browser` and `artifacts` fixtures);
one Voila server and one page load for the module.
"""
import nbformat
import pytest

from voila_harness import REPO, HarnessError, VoilaServer, new_page

LECTURE = "notebooks/lecture.ipynb"
BOUNDARY_TITLES = ("zeros: y_hat = 0.5 everywhere, no boundary",
                   "random ×10: saturated, blocky boundary",
                   "He: a round boundary between the rings")


@pytest.fixture(scope="module")
def lecture_server():
    # No preheated pool: it would execute the lecture for kernels no page asks for.
    server = VoilaServer(LECTURE, cwd=REPO, args=["--VoilaConfiguration.preheat_kernel=False"])
    try:
        server.start(timeout=120)
    except HarnessError as exc:
        server.stop()
        pytest.fail(str(exc))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def lecture_page(lecture_server, browser, artifacts):
    page = new_page(browser, blocked := [])
    page.goto(lecture_server.url, timeout=120_000)
    # The lab is the last output: once its Run button shows, every cell has run.
    page.locator(".initlab-run").wait_for(state="visible", timeout=120_000)
    page.wait_for_function(
        """(titles) => {
             const shown = [...document.querySelectorAll('text.mainheading')].map(t => t.textContent);
             // the lab's panels show an <img>; their in-figure <image> is an empty copy for saving
             const images = [...document.querySelectorAll('.bqplot image')]
               .filter(i => !i.closest('.initlab-boundary-panel'));
             const pictures = [...document.querySelectorAll('img.initlab-boundary-picture')];
             return titles.every(t => shown.includes(t)) && images.length >= titles.length
                    && images.every(i => (i.getAttribute('href') || '').startsWith('data:image/png'))
                    && pictures.length === 3 && pictures.every(p => p.naturalWidth > 0);
           }""", arg=list(BOUNDARY_TITLES), timeout=60_000)
    page.wait_for_timeout(500)  # let the last marks finish their transitions
    # Voila scrolls #rendered_cells, not the document: grow the window to the whole lecture.
    height = page.evaluate("() => document.querySelector('#rendered_cells').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": height + 40})
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "lecture_voila.png"), full_page=True)
    page.blocked = blocked
    yield page
    page.context.close()


def stored_checked_lines():
    nb = nbformat.read(REPO / LECTURE, as_version=4)
    return [line for c in nb.cells if "nbval-check-output" in c.metadata.get("tags", [])
            for o in c.outputs if o.output_type == "stream"
            for line in o.text.splitlines() if line.strip()]


def test_lecture_shows_the_stored_numbers(lecture_page):
    text = lecture_page.evaluate("() => document.body.innerText")
    lines = stored_checked_lines()
    assert any(l.startswith("Cost after iteration 14000") for l in lines)
    missing = [l for l in lines if l.strip() not in text]
    assert not missing, missing
    assert "Traceback" not in text and "Error" not in text.replace("error", "")
    assert lecture_page.errors == []


def test_lecture_draws_its_figures(lecture_page, artifacts):
    titles = lecture_page.locator("text.mainheading").all_text_contents()
    for title in BOUNDARY_TITLES + ("stable cost during training",):
        assert title in titles
    # the data figure and three boundary maps: their points are drawn as SVG dots
    dots = lecture_page.locator(".bqplot path.dot").count()
    assert dots >= 400 + 3 * 300, dots
    he = lecture_page.locator(".bqplot", has=lecture_page.locator(f"text.mainheading:text-is('{BOUNDARY_TITLES[2]}')"))
    he.first.screenshot(path=str(artifacts / "lecture_voila_he_boundary.png"))


def test_lecture_embeds_the_live_lab(lecture_page, artifacts):
    run = lecture_page.locator(".initlab-run")
    assert run.is_visible() and run.is_enabled()
    assert lecture_page.locator(".initlab-cost g.curve path.line").count() > 0
    pictures = lecture_page.locator(".initlab-boundary-panel img.initlab-boundary-picture")
    assert pictures.count() == 3  # zeros, random, He
    assert all(p.is_visible() for p in pictures.all())
    lecture_page.locator(".initlab").first.screenshot(path=str(artifacts / "lecture_voila_lab.png"))
