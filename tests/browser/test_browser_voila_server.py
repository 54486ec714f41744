"""The running Voila server really applies ./voila.json and ./voila.py: culling, preheated pool, XSRF on.

(`strip_sources` is checked in the rendered dashboard, in test_browser_dashboard.py.)
"""
import re
import shutil
import time
import urllib.error
import urllib.request
import uuid

import nbformat
import pytest

from voila_harness import REPO, HarnessError, VoilaServer


def http_status(url, data=None):
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def kernel_id(page):
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def test_server_runs_with_the_repo_config(voila_server, voila_config):
    log = voila_server.log
    cull = voila_config["MappingKernelManager"]
    assert (f"Culling kernels with idle durations > {cull['cull_idle_timeout']} seconds "
            f"at {cull['cull_interval']} second intervals") in log
    assert voila_server.pool_size == voila_config["VoilaConfiguration"]["default_pool_size"]
    assert re.search(r"Voil. is running at:\s*http://127\.0\.0\.1:", log), "ip from voila.json"


def test_xsrf_check_is_on(voila_server):
    # A POST without the _xsrf token is refused before the handler runs. With the check
    # off, this unknown kernel id would reach the kernel manager (404/500) instead.
    status = http_status(voila_server.url + f"voila/api/shutdown/{uuid.uuid4()}", data=b"")
    assert status == 403
    # The server's log reaches us through a pipe, a moment after the response.
    try:
        voila_server.wait_for_log(re.escape("'_xsrf' argument missing from POST"), timeout=10)
    except HarnessError as exc:
        pytest.fail(str(exc))


TINY = """import ipywidgets as w
b = w.Button(description='Go'); b.add_class('t-go')
w.VBox([b])"""


CULL_TIMEOUT = 4  # seconds: above a page's time to connect its websocket, short for the test


def test_culling_frees_closed_tabs_and_spares_pages_loading_or_open(tmp_path, open_page):
    """With the repo's voila.json and voila.py (timeouts shortened):
    - a preheated kernel that sat in the pool longer than the idle timeout still reaches
      its page (voila.py: idle time counts from when it left the pool);
    - Voila's tab-close shutdown beacon carries no XSRF token and is refused (403), so the
      idle culler is what frees a closed tab's kernel;
    - a connected page's kernel is kept (cull_connected is false)."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(TINY)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "tiny.ipynb")
    for name in ("voila.json", "voila.py"):
        shutil.copy(REPO / name, tmp_path / name)
    server = VoilaServer("tiny.ipynb", cwd=tmp_path, args=[
        f"--MappingKernelManager.cull_idle_timeout={CULL_TIMEOUT}",
        "--MappingKernelManager.cull_interval=1", "--VoilaConfiguration.default_pool_size=1"])
    try:
        server.start(timeout=60, wait_pool=True)
    except HarnessError as exc:
        pytest.fail(str(exc))
    with server:
        def check(ok, message):
            if not ok:
                pytest.fail(message + "\n--- voila log ---\n" + server.log[-4000:])

        time.sleep(CULL_TIMEOUT + 1.5)  # the pooled kernel is now "idle" past the timeout
        closing, staying = open_page(), open_page()
        for page in (closing, staying):
            page.goto(server.url)
            try:
                page.locator(".t-go").wait_for(timeout=30_000)
            except Exception as exc:  # noqa: BLE001 (playwright's TimeoutError)
                check(False, f"the page's widgets never showed: {exc}")
        check("Using pre-heated kernel" in server.log, "no page got the preheated kernel")
        gone, kept = kernel_id(closing), kernel_id(staying)
        assert gone != kept
        closing.close(run_before_unload=True)

        deadline = time.monotonic() + 30
        while http_status(server.url + f"api/kernels/{gone}") == 200:
            check(time.monotonic() < deadline, "the closed tab's kernel was never culled")
            time.sleep(0.2)
        check(f"403 POST /voila/api/shutdown/{gone}" in server.log, "the beacon was not refused")
        check(re.search(rf"Culling 'idle' kernel '\S+' \({gone}\)", server.log) is not None,
              "the closed tab's kernel went away, but not by the culler")
        check(http_status(server.url + f"api/kernels/{kept}") == 200, "the open tab's kernel was culled")
        staying.locator(".t-go").click()  # the open tab still works
