"""What Voila tells a kernel about the page it renders: the query string and the address.

Voila puts them in the kernel's environment. A preheated kernel runs the notebook before any
page asks for it, so it must first wait until a page takes it; Voila then sends the
request's variables over its query websocket. `voila.utils.wait_for_request` does that wait,
but importing voila.utils imports the whole server (jupyter_server, nbconvert, jupyterlab_server):
45 MB and 1.7 s in every kernel. This is the same wait with only `websockets`, which Voila
itself uses for it; tests/test_voila_page.py checks the two agree against a stand-in server.
"""
import asyncio
import json
import os
import threading
import warnings

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
OPEN_TIMEOUT = 5  # seconds, as Voila waits


def query_socket_url():
    """Voila 0.5's query websocket for this kernel, from the variables it starts kernels with."""
    protocol = os.getenv("VOILA_WS_PROTOCOL", "ws")
    ip = os.getenv("VOILA_APP_IP", "127.0.0.1")
    port = os.getenv("VOILA_APP_PORT", "8866")
    base = os.getenv("VOILA_WS_BASE_URL", os.getenv("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{ip}:{port}{base}voila/query/{os.getenv('VOILA_KERNEL_ID')}"


def wait_for_request():
    """In a preheated kernel, block until a page takes it and its request's variables are in
    os.environ; elsewhere return at once."""
    if os.getenv("VOILA_PREHEAT", "False") == "False":
        return
    from websockets.asyncio.client import connect

    async def receive(url):
        try:
            async with connect(url, open_timeout=OPEN_TIMEOUT) as socket:
                return await socket.recv()
        except (TimeoutError, ConnectionRefusedError):
            warnings.warn(f"Failed to connect to {url}")
            return None

    info = []
    # The kernel's own event loop is running this cell: wait on a loop of our own, in a thread.
    thread = threading.Thread(target=lambda: info.append(asyncio.run(receive(query_socket_url()))))
    thread.start()
    thread.join()
    if info and info[0] is not None:
        os.environ.update(json.loads(info[0]))


def voila_request():
    """(query string, page URL or None, problems) of the Voila page this kernel renders.

    Outside Voila both are empty. The request carries no scheme: a loopback server is
    plain http, anything else (Binder, a proxy) is taken to be https.
    """
    try:
        wait_for_request()
    except Exception as exc:  # noqa: BLE001 (the lab still comes up, with its defaults)
        return "", None, [f"the link's settings could not be read ({type(exc).__name__}: {exc}); "
                          "the defaults are used"]
    query = os.environ.get("QUERY_STRING", "")
    path, host = os.environ.get("SCRIPT_NAME"), os.environ.get("SERVER_NAME")
    if not (path and host):
        return query, None, []
    port = os.environ.get("SERVER_PORT")
    scheme = "http" if host in LOOPBACK else "https"
    return query, f"{scheme}://{host}{':' + port if port else ''}{path}", []
