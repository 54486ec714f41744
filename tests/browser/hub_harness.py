"""JupyterHub from deploy/jupyterhub/jupyterhub_config.py as a subprocess on free loopback ports,
its REST API, and the memory of a learner's server read from /proc. Raises HarnessError, never
skips, when the hub or its proxy is missing or does not come up."""
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from urllib.parse import urlparse

from voila_harness import LOOPBACK, REPO, VIEWPORT, HarnessError, free_port, rss_mb

HUB_CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = REPO / ".chp" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "initlab-class-test"


class Hub:
    """`jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`, with `settings` as its INITLAB_HUB_*
    environment (short timeouts for a test) and its state in `state`."""

    def __init__(self, state, **settings):
        self.state = Path(state)
        self.token = secrets.token_hex(16)
        self.env = dict(os.environ, PYTHONUNBUFFERED="1", INITLAB_HUB_STATE=str(self.state),
                        INITLAB_HUB_PASSWORD=PASSWORD, INITLAB_HUB_API_TOKEN=self.token,
                        **{f"INITLAB_HUB_{k.upper()}": str(v) for k, v in settings.items()})
        self.proc = None
        self._log, self._lock = [], threading.Lock()

    @property
    def log(self):
        with self._lock:
            return "".join(self._log)

    def _pump(self):
        for line in self.proc.stdout:
            with self._lock:
                self._log.append(line)

    def start(self, timeout=120):
        jupyterhub = Path(sys.executable).with_name("jupyterhub")
        if not jupyterhub.exists():
            raise HarnessError(f"jupyterhub is not installed beside {sys.executable} (the `hub` extra)")
        if not PROXY.exists():
            raise HarnessError(f"{PROXY} missing: `make test` installs configurable-http-proxy")
        port, hub_port, proxy_api = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{port}/"
        cmd = [str(jupyterhub), "-f", str(HUB_CONFIG), f"--JupyterHub.bind_url={self.url}",
               f"--JupyterHub.hub_bind_url=http://127.0.0.1:{hub_port}",
               f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{proxy_api}"]
        self.proc = subprocess.Popen(cmd, cwd=self.state, env=self.env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._pump, daemon=True).start()
        try:
            self.wait_for_log(r"JupyterHub is now running at", timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_for_log(self, pattern, timeout=60, since=0):
        deadline, rx = time.monotonic() + timeout, re.compile(pattern)
        while time.monotonic() < deadline:
            m = rx.search(self.log, since)
            if m:
                return m
            if self.proc.poll() is not None:
                raise HarnessError(f"jupyterhub exited with {self.proc.returncode}:\n" + self.log[-4000:])
            time.sleep(0.1)
        raise HarnessError(f"/{pattern}/ not in the hub's log after {timeout}s:\n" + self.log[-4000:])

    def api(self, path):
        request = urllib.request.Request(self.url + "hub/api/" + path,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.loads(r.read())

    def running_servers(self):
        """{learner: server model} for every learner whose default server is ready."""
        return {u["name"]: u["servers"][""] for u in self.api("users")
                if u.get("servers", {}).get("", {}).get("ready")}

    def stop(self, timeout=60):
        """SIGTERM (the hub stops the learners' servers, its services and the proxy), then kill
        whatever of its process tree is left."""
        if self.proc is None:
            return
        tree = descendants(self.proc.pid)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pid in tree:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def new_hub_page(browser):
    """A page in a browser context of its own (its own cookies), whose requests to non-loopback
    hosts are aborted. Only those are routed: a routed request is buffered, and the hub's
    spawn-pending page waits on an event stream (server-sent events) that never ends."""
    context = browser.new_context(viewport=VIEWPORT)

    def external(url):
        return not url.startswith(("data:", "blob:")) and urlparse(url).hostname not in LOOPBACK

    context.route(external, lambda route: route.abort())
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page


def _children():
    children = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                ppid = int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(p))
    return children


def descendants(pid):
    """Every process below pid (children, grandchildren, ...)."""
    children, found, todo = _children(), [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def learner_server_pid(home):
    """The jupyterhub-singleuser process that runs in a learner's home folder, or None."""
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            if (Path(os.readlink(f"/proc/{p}/cwd")) == Path(home)
                    and b"jupyterhub-singleuser" in Path(f"/proc/{p}/cmdline").read_bytes()):
                return int(p)
        except OSError:
            continue
    return None


def tree_rss_mb(pid):
    """Resident memory of a process and all its descendants (its kernels), in MB."""
    return sum(rss_mb(p) or 0 for p in [pid, *descendants(pid)])
