"""The running Voila server really applies ./voila.json: culling, preheated pool, XSRF on.

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
    assert "'_xsrf' argument missing from POST" in voila_server.log


TINY = """import ipywidgets as w
b = w.Button(description='Go'); b.add_class('t-go')
w.VBox([b])"""


def test_closed_tab_kernel_is_culled_and_open_tab_kernel_is_kept(tmp_path, open_page):
    """Voila's tab-close shutdown beacon carries no XSRF token here and is refused (403);
    the idle culler is what frees that kernel, while a connected one is kept
    (cull_connected is false). Same config as the repo's, with timeouts shortened."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(TINY)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "tiny.ipynb")
    shutil.copy(REPO / "voila.json", tmp_path / "voila.json")
    server = VoilaServer("tiny.ipynb", cwd=tmp_path, args=[
        "--MappingKernelManager.cull_idle_timeout=2", "--MappingKernelManager.cull_interval=1",
        "--VoilaConfiguration.default_pool_size=1"])
    try:
        server.start(timeout=60, wait_pool=True)
    except HarnessError as exc:
        server.stop()
        pytest.fail(str(exc))
    with server:
        closing, staying = open_page(), open_page()
        for page in (closing, staying):
            page.goto(server.url)
            page.locator(".t-go").wait_for(timeout=30_000)
        gone, kept = kernel_id(closing), kernel_id(staying)
        assert gone != kept
        closing.close(run_before_unload=True)

        deadline = time.monotonic() + 20
        while http_status(server.url + f"api/kernels/{gone}") == 200:
            assert time.monotonic() < deadline, "closed tab's kernel was never culled:\n" + server.log[-3000:]
            time.sleep(0.2)
        assert http_status(server.url + f"api/kernels/{gone}") == 404
        assert f"403 POST /voila/api/shutdown/{gone}" in server.log, "beacon was not refused"
        assert re.search(rf"Culling 'idle' kernel '\S+' \({gone}\)", server.log)
        assert http_status(server.url + f"api/kernels/{kept}") == 200
        staying.locator(".t-go").click()  # the open tab still works
