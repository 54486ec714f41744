"""initlab.ui.voila_page waits for a preheated kernel's page as voila.utils does, without
importing the Voila server into every kernel: both are run against a stand-in of Voila's
query websocket, and must ask the same URL and leave the same environment."""
import asyncio
import json
import os
import subprocess
import sys
import threading

import pytest

from initlab.ui.voila_page import query_socket_url, voila_request, wait_for_request

REQUEST = {"QUERY_STRING": "dataset=moons&seed=7", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8866",
           "SCRIPT_NAME": "/voila/render/dashboard.ipynb", "PATH_INFO": "", "SERVER_SOFTWARE": "voila/0.5"}


@pytest.fixture
def query_server():
    """Voila's /voila/query/<kernel> stand-in on loopback: records the path, sends REQUEST."""
    from websockets.asyncio.server import serve
    paths, ready, box = [], threading.Event(), {}

    async def handler(socket):
        paths.append(socket.request.path)
        await socket.send(json.dumps(REQUEST))

    async def main():
        async with serve(handler, "127.0.0.1", 0) as server:
            box["port"] = server.sockets[0].getsockname()[1]
            box["stop"] = asyncio.get_running_loop().create_future()
            box["loop"] = asyncio.get_running_loop()
            ready.set()
            await box["stop"]

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(10)
    yield box["port"], paths
    box["loop"].call_soon_threadsafe(box["stop"].set_result, None)
    thread.join(10)


def preheated(monkeypatch, port):
    for name in REQUEST:  # set, then unset: monkeypatch restores what the wait adds
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    monkeypatch.setenv("VOILA_SERVER_URL", "/base/")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-123")


def test_a_preheated_kernel_gets_its_request_as_voila_would(monkeypatch, query_server):
    port, paths = query_server
    preheated(monkeypatch, port)
    assert query_socket_url() == f"ws://127.0.0.1:{port}/base/voila/query/k-123"
    wait_for_request()
    ours = {name: os.environ[name] for name in REQUEST}
    assert ours == REQUEST
    preheated(monkeypatch, port)  # the same again, through Voila's own helper
    from voila.utils import wait_for_request as voilas
    voilas()
    assert {name: os.environ[name] for name in REQUEST} == ours
    assert paths == ["/base/voila/query/k-123"] * 2
    preheated(monkeypatch, port)
    assert voila_request() == (REQUEST["QUERY_STRING"], "http://127.0.0.1:8866/voila/render/dashboard.ipynb", [])


def test_a_ws_base_url_wins_over_the_server_url(monkeypatch):
    monkeypatch.setenv("VOILA_SERVER_URL", "/a/")
    monkeypatch.setenv("VOILA_WS_BASE_URL", "/b/")
    monkeypatch.setenv("VOILA_WS_PROTOCOL", "wss")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k")
    assert query_socket_url().startswith("wss://") and query_socket_url().endswith("/b/voila/query/k")


@pytest.mark.parametrize("preheat", [None, "False"])
def test_without_preheat_nothing_is_awaited(monkeypatch, preheat):
    if preheat is None:
        monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    else:
        monkeypatch.setenv("VOILA_PREHEAT", preheat)
    # A wait would first import the websocket client: make that import fail, so that a missing
    # guard raises here instead of turning a refused connection into a warning.
    monkeypatch.setitem(sys.modules, "websockets.asyncio.client", None)
    wait_for_request()


def test_a_failed_wait_is_reported_and_the_defaults_used(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setitem(sys.modules, "websockets.asyncio.client", None)  # import fails
    query, url, problems = voila_request()
    assert (query, url) == ("", None)
    assert problems[0].startswith("the link's settings could not be read (ModuleNotFoundError")


def test_the_lab_imports_no_part_of_the_voila_server():
    code = ("import sys; from initlab import InitLab; InitLab.from_voila(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('voila', 'jupyter_server', 'nbconvert', 'jupyterlab_server')))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOILA_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"
