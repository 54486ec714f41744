"""JupyterHub for a class (deploy/jupyterhub/jupyterhub_config.py), on this machine: three learners
log in at once through the hub's login page in chromium, each lands on the dashboard in a server of their
own, on the guided lesson, and runs its first step to the end; the REST API lists three running servers; once the learners
have left, the idle culler stops them. Each learner's server memory and start time are printed
(and written to tests/artifacts/hub.json)."""
import json
import re
import time

import pytest
from playwright.sync_api import expect

from dashboard_page import ITERATION, RUN, Dashboard
from hub_harness import PASSWORD, Hub, learner_server_pid, new_hub_page, tree_rss_mb
from voila_harness import HarnessError, rss_mb

LEARNERS = ("ada", "grace", "alan")
ITERATIONS = 15000  # the lesson's run
HEADING, CHOICE, EXPLANATION = ".initlab-step-heading", ".initlab-choice", ".initlab-explanation"
# Short enough for a test: the culler stops a server idle for 20 s, checking every 5 s, and
# activity is reported every 5 s (a class uses the config's defaults: 600 s, 60 s, 60 s).
IDLE_TIMEOUT, CULL_EVERY, ACTIVITY_INTERVAL = 20, 5, 5


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    hub = Hub(tmp_path_factory.mktemp("hub"), idle_timeout=IDLE_TIMEOUT, cull_every=CULL_EVERY,
              activity_interval=ACTIVITY_INTERVAL)
    try:
        hub.start()
    except HarnessError as exc:
        hub.stop()
        pytest.fail(str(exc))
    yield hub
    hub.stop()


def submit_login(browser, hub, name):
    """Open the hub, which sends to its login page, and sign in; return the page and the time
    "Sign in" was pressed. The hub starts the learner's server from there."""
    page = new_hub_page(browser)
    page.goto(hub.url, timeout=60_000)
    expect(page.locator("#login_submit")).to_be_visible(timeout=30_000)
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    return page, time.perf_counter()


def wait_for_dashboard(page, name):
    page.wait_for_url(re.compile(rf"/user/{name}/voila/render/dashboard\.ipynb"), timeout=240_000)
    Dashboard(page).wait_ready(timeout=240_000)


def test_three_learners_each_get_the_dashboard_and_idle_servers_are_culled(hub, browser, artifacts):
    pages, to_dashboard = {}, {}
    try:
        pressed = {}
        for name in LEARNERS:  # all three sign in before any server has started
            pages[name], pressed[name] = submit_login(browser, hub, name)
        for name in LEARNERS:
            wait_for_dashboard(pages[name], name)
            to_dashboard[name] = time.perf_counter() - pressed[name]
        spawn = {name: float(hub.wait_for_log(rf"User {name} took ([\d.]+) seconds to start").group(1))
                 for name in LEARNERS}

        ran_at = time.perf_counter()
        for page in pages.values():  # the three run at once, each in its own server
            expect(page.locator(HEADING)).to_contain_text("Step 1 of 10")
            page.locator(CHOICE).first.click()  # the prediction comes first
            page.locator(RUN).click()
        for name, page in pages.items():
            expect(page.locator(EXPLANATION)).to_contain_text(
                re.compile(r"^(Right|Not this time)"), timeout=180_000)
            assert page.locator(ITERATION).inner_text() == str(ITERATIONS)
            assert not page.errors, (name, page.errors)

        lesson = time.perf_counter() - ran_at
        running = hub.running_servers()
        assert sorted(running) == sorted(LEARNERS), running
        for name, server in running.items():
            assert server["url"] == f"/user/{name}/", server
        homes = {name: hub.state / "home" / name for name in LEARNERS}
        pids = {name: learner_server_pid(home) for name, home in homes.items()}
        assert all(pids.values()) and len(set(pids.values())) == len(LEARNERS), pids
        memory = {name: tree_rss_mb(pid) for name, pid in pids.items()}
        server_only = {name: rss_mb(pid) for name, pid in pids.items()}
    finally:
        for page in pages.values():
            page.context.close()  # the learners leave

    # Idle from here on: the culler stops every server.
    left_at = time.perf_counter()
    deadline = time.monotonic() + IDLE_TIMEOUT + 12 * CULL_EVERY + 4 * ACTIVITY_INTERVAL
    left = hub.running_servers()
    while left and time.monotonic() < deadline:
        time.sleep(2)
        left = hub.running_servers()
    assert not left, f"the culler left {sorted(left)} running:\n" + hub.log[-3000:]
    culled = time.perf_counter() - left_at
    for name in LEARNERS:
        assert re.search(rf"Culling server {name} ", hub.log), f"{name}'s server was not culled"
    stopping = time.monotonic() + 60  # the API drops a server as its stop begins
    while any(learner_server_pid(home) for home in homes.values()) and time.monotonic() < stopping:
        time.sleep(1)
    alive = [name for name, home in homes.items() if learner_server_pid(home)]
    assert not alive, f"culled, but the server processes of {alive} are still running"

    report = {name: {"server_start_seconds": spawn[name],
                     "login_to_dashboard_seconds": round(to_dashboard[name], 1),
                     "server_memory_mb": round(memory[name]),
                     "of_which_jupyter_server_mb": round(server_only[name])} for name in LEARNERS}
    (artifacts / "hub.json").write_text(json.dumps(
        {"learners": report, "three_lessons_seconds": round(lesson, 1),
         "culled_after_leaving_seconds": round(culled, 1)}, indent=1))
    print("\nper learner: " + "; ".join(
        f"{n}: server started in {r['server_start_seconds']:.1f} s, dashboard "
        f"{r['login_to_dashboard_seconds']} s after login, {r['server_memory_mb']} MB after the lesson "
        f"(Jupyter server {r['of_which_jupyter_server_mb']} MB, the rest its kernel)" for n, r in report.items())
        + f"\nthe three lessons ran in {lesson:.0f} s; the culler stopped the servers "
          f"{culled:.0f} s after the learners left")
