"""Fixtures for the browser tests: one Voila server for the session, one chromium.

Both fail (never skip) when chromium, voila or the dashboard is missing.
"""
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voila_harness import (  # noqa: E402
    CONFIG_DIR, DASHBOARD, PLAYGROUND, REPO, HarnessError, VoilaServer, launch_chromium, new_page)
from dashboard_page import Dashboard  # noqa: E402

ARTIFACTS = REPO / "tests" / "artifacts"


def repo_voila_config():
    return json.loads((CONFIG_DIR / "voila.json").read_text())


@pytest.fixture(scope="session")
def voila_config():
    return repo_voila_config()


@pytest.fixture(scope="session")
def voila_server(voila_config):
    """`voila notebooks/dashboard.ipynb` started as `make app` does (voila-config/), on a
    free loopback port, with its preheated kernel pool filled."""
    if not (REPO / DASHBOARD).exists():
        pytest.fail(f"{DASHBOARD} does not exist")
    server = VoilaServer(DASHBOARD, cwd=REPO)
    try:
        server.start(timeout=120, wait_pool=True)
    except HarnessError as exc:
        server.stop()
        pytest.fail(str(exc))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        try:
            b = launch_chromium(p)
        except HarnessError as exc:
            pytest.fail(str(exc))
        yield b
        b.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def open_page(browser):
    """open_page() -> a new 1280x800 page whose non-loopback requests are aborted."""
    pages = []

    def make():
        blocked = []
        page = new_page(browser, blocked)
        page.blocked = blocked
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()


@pytest.fixture(scope="module")
def dashboard(voila_server, browser):
    """One dashboard page, drawn and ready, for a module's tests (a module may define its own)."""
    page = new_page(browser)
    page.goto(voila_server.url + PLAYGROUND)
    d = Dashboard(page)
    d.wait_ready()
    yield d
    page.context.close()
