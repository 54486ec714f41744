"""The running Voila server really applies voila-config/ (voila.json, voila.py): culling,
preheated pool, XSRF on with a working tab-close shutdown, the kernel cap, one BLAS thread per kernel.

(`strip_sources` is checked in the rendered dashboard, in test_browser_dashboard.py.)
"""
import json
import os
import re
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

from voila_harness import DASHBOARD, PLAYGROUND, REPO, HarnessError, VoilaServer, _cmdline, kernel_pid, kernel_pids, rss_mb, settled


def http_status(url, data=None):
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def get_page(url):
    """GET like a browser without one: (status, body, cookies as a dict)."""
    req = urllib.request.Request(url)
    try:
        resp = urllib.request.urlopen(req, timeout=120)
    except urllib.error.HTTPError as exc:
        resp = exc
    with resp:
        body = resp.read().decode()
        cookies = dict(c.split(";", 1)[0].split("=", 1) for c in resp.headers.get_all("Set-Cookie") or [])
        return resp.status if hasattr(resp, "status") else resp.code, body, cookies


def page_kernel_id(html):
    m = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html)
    assert m, "no kernelId in the page"
    return m.group(1)


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
    # Kernels on Unix sockets: a TCP port picked for a kernel can be taken before it binds
    # (20 pages at once: "Address already in use", the kernel dead, its page hung).
    pids = kernel_pids(voila_server)
    assert pids
    for pid in pids:
        connection = next(a for a in _cmdline(pid).split() if a.endswith(".json"))
        assert json.loads(Path(connection).read_text())["transport"] == "ipc"
    assert "running over TCP" not in log


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


CULL_TIMEOUT = 10  # seconds: above a page's time to connect its websocket (loaded machine), short for the test
FIRST_CONNECTION = CULL_TIMEOUT + 10  # seconds a never-connected page's kernel is kept, short for the test


def tiny_notebook(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(TINY)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "tiny.ipynb")
    return "tiny.ipynb"


def start(server):
    try:
        server.start(timeout=90, wait_pool=True)
    except HarnessError as exc:
        server.stop()
        pytest.fail(str(exc))
    return server


def test_closed_tabs_free_kernels_and_pages_loading_or_open_keep_theirs(tmp_path, open_page):
    """With voila-config/ (timeouts shortened):
    - a preheated kernel that sat in the pool longer than the idle timeout still reaches its
      page (voila.py: idle time counts from when it left the pool);
    - the page carries the _xsrf cookie, so Voila's tab-close beacon passes the XSRF check
      and shuts the closed tab's kernel down at once;
    - a kernel whose page never connected (a plain GET) is kept for first_connection_timeout,
      not only the idle timeout (a page on a busy machine takes minutes to connect), then culled;
    - a connected page's kernel is kept (cull_connected is false)."""
    server = start(VoilaServer(tiny_notebook(tmp_path), cwd=tmp_path, args=[
        f"--MappingKernelManager.cull_idle_timeout={CULL_TIMEOUT}",
        f"--ClassroomKernelManager.first_connection_timeout={FIRST_CONNECTION}",
        "--MappingKernelManager.cull_interval=1", "--VoilaConfiguration.default_pool_size=1"]))
    with server:
        def check(ok, message):
            if not ok:
                pytest.fail(message + "\n--- voila log ---\n" + server.log[-4000:])

        time.sleep(CULL_TIMEOUT + 1.5)  # the pooled kernel is now "idle" past the timeout
        closing, staying = open_page(), open_page()
        for page in (closing, staying):
            page.goto(server.url + PLAYGROUND)
            try:
                page.locator(".t-go").wait_for(timeout=30_000)
            except Exception as exc:  # noqa: BLE001 (playwright's TimeoutError)
                check(False, f"the page's widgets never showed: {exc}")
        check("Using pre-heated kernel" in server.log, "no page got the preheated kernel")
        check(any(c["name"] == "_xsrf" for c in closing.context.cookies()), "no _xsrf cookie")
        gone, kept = kernel_id(closing), kernel_id(staying)
        assert gone != kept
        closing.close(run_before_unload=True)
        deadline = time.monotonic() + 10
        while http_status(server.url + f"api/kernels/{gone}") == 200:
            check(time.monotonic() < deadline, "the closed tab's kernel is still alive")
            time.sleep(0.2)
        check(f"403 POST /voila/api/shutdown/{gone}" not in server.log, "the beacon was refused")
        check(re.search(rf"Culling 'idle' kernel '\S+' \({gone}\)", server.log) is None,
              "the closed tab's kernel was culled, not shut down by its beacon")

        # No browser: the page is rendered, its websocket never connects.
        status, html, _ = get_page(server.url)
        assert status == 200
        orphan, rendered = page_kernel_id(html), time.monotonic()
        time.sleep(CULL_TIMEOUT + 3)
        check(http_status(server.url + f"api/kernels/{orphan}") == 200,
              "a page still loading lost its kernel at the idle timeout")
        deadline = rendered + FIRST_CONNECTION + 30
        while http_status(server.url + f"api/kernels/{orphan}") == 200:
            check(time.monotonic() < deadline, "a never-connected page's kernel was never culled")
            time.sleep(0.2)
        check(re.search(rf"Culling 'idle' kernel '\S+' \({orphan}\)", server.log) is not None,
              "the never-connected kernel went away, but not by the culler")
        check(time.monotonic() - rendered >= FIRST_CONNECTION - 1, "culled before first_connection_timeout")
        check(http_status(server.url + f"api/kernels/{kept}") == 200, "the open tab's kernel was culled")
        staying.locator(".t-go").click()  # the open tab still works


def test_kernel_cap_shows_lab_full_then_recovers(tmp_path):
    """max_kernels=2, pool 1: two visitors hold both kernels, the third gets a 503 page that
    says the lab is full; once a kernel is freed the next visitor gets the lab."""
    server = start(VoilaServer(tiny_notebook(tmp_path), cwd=tmp_path, args=[
        "--ClassroomKernelManager.max_kernels=2", "--VoilaConfiguration.default_pool_size=1"]))
    with server:
        first = get_page(server.url)
        second = get_page(server.url)
        assert first[0] == second[0] == 200, server.log[-3000:]
        status, html, _ = get_page(server.url)
        assert status == 503, server.log[-3000:]
        assert "The lab is full right now (2 learners). Please reload this page in a minute." in html
        assert "Kernel cap reached" in server.log

        # Free the first visitor's kernel the way its tab-close beacon does (with the XSRF token).
        kid, token = page_kernel_id(first[1]), first[2]["_xsrf"]
        req = urllib.request.Request(
            server.url + f"voila/api/shutdown/{kid}", data=f"_xsrf={token}".encode(), method="POST",
            headers={"Cookie": f"_xsrf={token}", "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            assert resp.status == 204
        mark = server.log_mark()
        server.wait_for_log(r"Kernel pool of \S*tiny.ipynb is filled", timeout=60, since=mark)
        status, html, _ = get_page(server.url)
        assert status == 200 and "lab is full" not in html, server.log[-3000:]
        page_kernel_id(html)


THREADS = """import os
import numpy
from threadpoolctl import threadpool_info
print("THREADS", os.environ.get("OPENBLAS_NUM_THREADS"), os.environ.get("OMP_NUM_THREADS"),
      [i["num_threads"] for i in threadpool_info() if i["internal_api"] == "openblas"])"""


def kernel_environ(pid):
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(kv.split("=", 1) for kv in raw.decode(errors="replace").split("\0") if "=" in kv)


def test_kernels_run_one_blas_thread_unless_the_environment_says_otherwise(tmp_path):
    """voila.py sets OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1 for every kernel, preheated
    or not, but keeps a value the environment already has (here OMP_NUM_THREADS=3)."""
    for name in ("pooled", "plain"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(THREADS)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    env["OMP_NUM_THREADS"] = "3"
    server = VoilaServer(".", cwd=tmp_path, env=env, args=[
        "--VoilaConfiguration.default_pool_size=1",
        "--VoilaKernelManager.preheat_denylist=['plain.ipynb']"])
    try:
        server.start(timeout=90)
        server.wait_for_log(r"Kernel pool of pooled\.ipynb is filled", timeout=90)
    except HarnessError as exc:
        server.stop()
        pytest.fail(str(exc))
    with server:
        for name in ("pooled", "plain"):
            status, html, _ = get_page(server.url + f"voila/render/{name}.ipynb")
            assert status == 200, server.log[-3000:]
            m = re.search(r"THREADS (\S+) (\S+) \[([\d, ]*)\]", html)
            assert m, (name, html[-3000:])
            assert m.groups() == ("1", "3", "1"), (name, m.groups())  # one OpenBLAS thread, really
            pid = kernel_pid(page_kernel_id(html))
            assert pid is not None, name
            environ = kernel_environ(pid)
            assert environ["OPENBLAS_NUM_THREADS"] == "1" and environ["OMP_NUM_THREADS"] == "3", name
        assert "Using pre-heated kernel" in server.log  # the pooled path was the one tested


IDLE_KERNEL_MB = 150  # an idle dashboard kernel's budget: 40 of them fit in 6 GB


def test_an_idle_dashboard_kernel_stays_light():
    """The preheated kernels, rendered up to the page's request, as every learner's starts.
    Importing voila.utils there once added 45 MB to each."""
    with start(VoilaServer(DASHBOARD, cwd=REPO)) as server:
        pids = kernel_pids(server)
        assert len(pids) == server.pool_size >= 1
        assert settled(pids), "the pool's kernels kept using CPU"
        sizes = [rss_mb(p) for p in pids]
        assert all(s is not None and s < IDLE_KERNEL_MB for s in sizes), sizes


LONG_WAIT = 25  # seconds a preheated kernel waits for its visitor, longer than TOO_SHORT
TOO_SHORT = 10  # a per-cell execution limit, as a "timeout" in voila.json would set


def test_a_preheated_kernel_may_wait_for_its_visitor_as_long_as_it_takes():
    """The dashboard's cell waits in the pool until a page takes the kernel (voila_page), so
    any per-cell execution limit broke the pool: a kernel that waited longer than it served
    its visitor a page with no lab. Shown on a server with such a limit, beside the repo's."""
    limited = VoilaServer(DASHBOARD, cwd=REPO, args=[f"--VoilaExecutor.timeout={TOO_SHORT}"])
    with start(VoilaServer(DASHBOARD, cwd=REPO)) as server, start(limited):
        time.sleep(LONG_WAIT)
        for s, lab_expected in ((server, True), (limited, False)):
            status, html, _ = get_page(s.url)
            assert status == 200
            assert ("application/vnd.jupyter.widget-view+json" in html) is lab_expected, s.args
        assert "Timeout waiting for execute reply" not in server.log
        assert "Timeout waiting for execute reply" in limited.log
