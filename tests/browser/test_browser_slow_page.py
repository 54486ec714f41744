"""A page too slow for the frames is sent fewer, not a backlog (issue 7: twenty learners'
tabs on two cores). Chromium's CPU throttling stands in for the slow machine: the page
must stay within a few seconds of its kernel, so a Pause shows at once rather than after
minutes of queued frames, and its heartbeat keeps the run going."""
import time

from dashboard_page import ITERATION, PAUSE, RUN, STATUS, Dashboard
from test_browser_closing import set_long_run
from voila_harness import PLAYGROUND, new_page

THROTTLE = 20  # times slower than this machine's CPU
RUN_FOR = 12.0  # seconds of training under the throttle: far more frames than such a page can draw
FROZEN_WITHIN = 6.0  # seconds from the Pause click to the page's last update


def test_a_slow_page_keeps_up_with_its_kernel(voila_server, browser):
    page = new_page(browser)
    try:
        page.goto(voila_server.url + PLAYGROUND)
        d = Dashboard(page)
        d.wait_ready()
        set_long_run(page)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        page.evaluate("""(sel) => {
            const it = document.querySelector(sel);
            window.__updates = [];
            new MutationObserver(() => window.__updates.push([performance.now(), it.textContent]))
              .observe(it, {subtree: true, childList: true, characterData: true}); }""", ITERATION)
        d.click(RUN)
        d.wait_iteration("n > 0", timeout=60_000)
        time.sleep(RUN_FOR)
        clicked = d.click_in_page(PAUSE)
        page.locator(STATUS).filter(has_text="paused").wait_for(timeout=60_000)  # a backlog: minutes
        time.sleep(2.0)  # anything still queued shows meanwhile
        updates = page.evaluate("() => window.__updates")
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        late = [u for u in updates if u[0] > clicked]
        frozen = (late[-1][0] - clicked) / 1000 if late else 0.0
        shown = len([u for u in updates if u[0] <= clicked])
        print(f"\nslow page: {shown} updates shown, frozen {frozen:.2f} s after Pause, {len(late)} late")
        assert shown >= 3, f"only {shown} updates shown in {RUN_FOR} s: the page was starved, not paced"
        assert frozen <= FROZEN_WITHIN, (
            f"the page kept updating {frozen:.1f} s after Pause ({len(late)} updates queued)")
        assert "stopped answering" not in page.locator(".initlab-watch-note").inner_text()
        assert not page.errors
    finally:
        page.context.close()
