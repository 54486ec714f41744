"""The InitLab dashboard as the browser sees it: selectors and DOM reads in one place.

The widgets carry the CSS classes documented in initlab/ui/app.py. bqplot draws a
Lines mark as `g.curve > path.line` (one per series; the legend lives in `g.g_legend`),
a figure title as `text.mainheading`, and a HeatMap as one SVG <image> whose href is
a PNG data URL of its canvas. A boundary panel's picture is an <img> (PICTURE) whose src is a
blob: URL, new on every frame: boundary_images() reads the pixels back as a data URL, so equal
pictures compare equal.
"""
import re
from pathlib import Path

from initlab.core.schemes import SCHEMES

# axe-core, which `make test` installs from the npm registry into the git-ignored .axe/.
AXE = Path(__file__).resolve().parents[2] / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_JS = """async (selector) => {
    const r = await axe.run(document.querySelector(selector));
    return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html.slice(0, 120))}));
}"""


def serious_violations(page, selector=".initlab"):
    """axe-core's serious and critical findings inside `selector` (axe is added to the page once)."""
    assert AXE.exists(), f"{AXE} missing: `make test` installs axe-core (see the Makefile)"
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(AXE_JS, selector) if v["impact"] in ("serious", "critical")]


RUN = ".initlab-run"
PAUSE = ".initlab-pause"
STEP = ".initlab-step"
RESET = ".initlab-reset"
ITERATION = ".initlab-iteration"
RESULTS = ".initlab-results"
COST = ".initlab-cost"
BOUNDARY = ".initlab-boundary-panel"
PICTURE = "img.initlab-boundary-picture"  # the <img> inside each boundary panel
# The page is drawn: cost lines, and every boundary picture loaded (wait_ready, benchmarks/load.py).
READY_JS = """([cost, picture]) =>
  document.querySelectorAll(cost + ' g.curve path.line').length > 0 &&
  document.querySelectorAll(picture).length > 0 &&
  [...document.querySelectorAll(picture)].every(i => i.getAttribute('src'))"""
# Each boundary picture's pixels ('' until it has loaded): a blob URL says nothing of them.
PICTURES_JS = """(sel) => [...document.querySelectorAll(sel)].map(img => {
  if (!img.getAttribute('src') || !img.complete || !img.naturalWidth) return '';
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  c.getContext('2d').drawImage(img, 0, 0);
  return c.toDataURL('image/png');
})"""
STATUS = ".initlab-status"
ERROR = ".initlab-error"
# The initialization checkboxes have no CSS class; they are found by their label.
INIT_LABELS = {name: scheme.short_label for name, scheme in SCHEMES.items()}

# Observer installed in the page: when the browser actually changed the DOM. One entry per
# observer callback (one per task that mutated): the iteration text, the cost lines' paths,
# and each boundary panel's image.
OBSERVE_JS = """
(sel) => {
  const t = () => performance.now();
  const panels = [...document.querySelectorAll(sel.boundary)];
  const log = {iteration: [], cost: [], boundary: panels.map(() => [])};
  const it = document.querySelector(sel.iteration);
  new MutationObserver(() => log.iteration.push([t(), it.textContent]))
    .observe(it, {subtree: true, childList: true, characterData: true});
  new MutationObserver(records => {
    if (records.some(r => r.target.matches && r.target.matches('g.curve path.line'))) log.cost.push(t());
  }).observe(document.querySelector(sel.cost), {subtree: true, attributes: true, attributeFilter: ['d']});
  panels.forEach((p, i) => new MutationObserver(() => log.boundary[i].push(t()))
    .observe(p, {subtree: true, attributes: true, attributeFilter: ['src']}));
  window.__initlab = log;
  return t();
}
"""


class Dashboard:
    def __init__(self, page):
        self.page = page

    # ---- reading the DOM -------------------------------------------------------
    def wait_ready(self, timeout=90_000):
        """Until the controls, the cost figure and every boundary panel are drawn."""
        self.page.locator(RUN).wait_for(state="visible", timeout=timeout)
        self.page.wait_for_function(
READY_JS, arg=[COST, PICTURE], timeout=timeout)

    def iteration(self):
        text = self.page.locator(ITERATION).inner_text()
        digits = re.sub(r"[^\d]", "", text)
        if not digits:
            raise AssertionError(f"no iteration number in {text!r}")
        return int(digits)

    def cost_paths(self):
        """The cost lines' paths, without the timeline's dashed marker rule."""
        return self.page.eval_on_selector_all(
            f"{COST} g.curve path.line",
            """els => els.filter(e => ['', 'none'].includes(e.style.strokeDasharray))
                        .map(e => e.getAttribute('d') || '')""")

    def cost_labels(self):
        return self.page.eval_on_selector_all(
            f"{COST} .g_legend text", "els => els.map(e => e.textContent.trim())")

    def boundary_images(self):
        return self.page.evaluate(PICTURES_JS, PICTURE)

    def boundary_titles(self):
        return self.page.eval_on_selector_all(
            f"{BOUNDARY} text.mainheading", "els => els.map(e => e.textContent.trim())")

    def results(self):
        """{initialization name: train accuracy} from table.initlab-results:
        <tr data-initialization="he"> rows with a td.initlab-train-accuracy number."""
        cells = self.page.eval_on_selector_all(
            f"table{RESULTS} tr[data-initialization]",
            """rows => rows.map(r => [r.dataset.initialization,
                                     (r.querySelector('.initlab-train-accuracy') || {}).textContent])""")
        out = {}
        for name, text in cells:
            if text is None or not re.fullmatch(r"\s*\d*\.?\d+\s*", text):
                raise AssertionError(f"train accuracy of {name!r} is not a plain number: {text!r}")
            out[name] = float(text)
        return out

    def init_checkbox(self, name):
        return self.page.get_by_role("checkbox", name=INIT_LABELS[name], exact=True)

    def status(self):
        return self.page.locator(STATUS).inner_text()

    # ---- acting ----------------------------------------------------------------
    def click(self, selector):
        self.page.locator(selector).click()

    def click_in_page(self, selector):
        """Click from inside the page and return performance.now() at the click."""
        return self.page.evaluate(
            "(sel) => { const t = performance.now(); document.querySelector(sel).click(); return t; }",
            selector)

    def wait_iteration(self, predicate_js, timeout=60_000):
        """Wait until `n => <predicate_js>` holds for the shown iteration number."""
        self.page.wait_for_function(
            f"""(sel) => {{
                const el = document.querySelector(sel);
                const n = parseInt((el ? el.textContent : '').replace(/[^0-9]/g, ''), 10);
                return !Number.isNaN(n) && (n => {predicate_js})(n);
            }}""", arg=ITERATION, timeout=timeout, polling="raf")

    def observe(self):
        """Start recording DOM updates; returns the page clock (ms) at the start."""
        return self.page.evaluate(OBSERVE_JS, {"iteration": ITERATION, "cost": COST, "boundary": BOUNDARY})

    def observed(self):
        return self.page.evaluate("() => window.__initlab")

    def now(self):
        return self.page.evaluate("() => performance.now()")
