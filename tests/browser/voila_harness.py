"""A real Voila server on loopback and Debian's chromium driven by Playwright.

Shared by the browser tests (tests/browser/conftest.py) and the dashboard
benchmark (benchmarks/dashboard_speed.py). Nothing here skips: a missing
chromium or a server that does not come up raises HarnessError.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[2]
from initlab import serve  # noqa: E402  (the installed initlab: the checkout, editable)

DASHBOARD = "notebooks/dashboard.ipynb"
# The dashboard opens on the guided lesson; these tests and benches drive the full playground.
PLAYGROUND = "?mode=playground"
# The classroom settings as `initlab serve` (`make app`) gives them to Voila: from this
# directory only, whatever the working directory (tests/test_deploy_config.py checks it is
# the checkout's voila-config/).
CONFIG_DIR = serve.config_dir()
APP_ARGS = serve.config_args()
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
VIEWPORT = {"width": 1280, "height": 800}


class HarnessError(RuntimeError):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """`voila <notebook>` as a subprocess, started as `make app` starts it (APP_ARGS), from `cwd`.

    The log (stderr and stdout merged) is collected in `self.log`; `wait_for_log`
    blocks until a regular expression appears in it.
    """

    def __init__(self, notebook=DASHBOARD, cwd=REPO, args=(), env=None):
        self.notebook = str(notebook)
        self.cwd = Path(cwd)
        self.args = list(args)
        self.env = env
        self.proc = None
        self.port = None
        self.url = None
        self._log = []
        self._lock = threading.Lock()

    @property
    def log(self):
        with self._lock:
            return "".join(self._log)

    def _pump(self):
        for line in self.proc.stdout:
            with self._lock:
                self._log.append(line)

    def command(self):
        voila = Path(sys.executable).with_name("voila")
        if not voila.exists():
            raise HarnessError(f"voila is not installed beside {sys.executable}")
        return [str(voila), self.notebook, *APP_ARGS, f"--port={self.port}",
                "--Voila.port_retries=0", "--no-browser", *self.args]

    def start(self, timeout=60, wait_pool=False, port=None):
        """Start (on `port`, or a free one) and wait until it serves; with wait_pool, also until
        the preheated pool is filled (its size is then in self.pool_size)."""
        self.port = port or free_port()
        cmd = self.command()
        env = dict(os.environ if self.env is None else self.env)
        env.setdefault("PYTHONUNBUFFERED", "1")
        self.proc = subprocess.Popen(
            cmd, cwd=self.cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True)
        threading.Thread(target=self._pump, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.pool_size = None
        try:
            self.wait_for_log(r"Voil. is running at", timeout)
            self._wait_http(timeout)
            if wait_pool:
                name = re.escape(Path(self.notebook).name)
                m = self.wait_for_log(rf"Kernel pool of \S*{name} is filled with (\d+) kernel", timeout)
                self.pool_size = int(m.group(1))
        except BaseException:
            self.stop()
            raise
        return self

    def log_mark(self):
        """A position in the log, for wait_for_log(..., since=mark)."""
        return len(self.log)

    def wait_for_log(self, pattern, timeout=60, since=0):
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while time.monotonic() < deadline:
            m = rx.search(self.log, since)
            if m:
                return m
            if self.proc.poll() is not None:
                raise HarnessError(
                    f"voila exited with {self.proc.returncode} before /{pattern}/ appeared:\n"
                    + self.log[-4000:])
            time.sleep(0.05)
        raise HarnessError(f"/{pattern}/ not in voila's log after {timeout}s:\n" + self.log[-4000:])

    def _wait_http(self, timeout):
        # A static file, not `/`: every GET / starts (or takes) a kernel.
        import urllib.request
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "voila/static/voila.js", timeout=5):
                    return
            except OSError as exc:  # URLError and HTTPError are OSErrors
                if getattr(exc, "code", None) is not None:  # the server answered
                    return
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise HarnessError(f"voila at {self.url} did not answer: {exc}\n"
                                       + self.log[-4000:]) from exc
                time.sleep(0.1)

    def stop(self, timeout=15):
        """SIGTERM (Voila shuts its kernels down), then kill the whole process group."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class AppServer(VoilaServer):
    """The `initlab` command (`serve --port N` is added) as a subprocess: `argv` is the
    command itself, e.g. [python, "-m", "initlab", "serve"] or a venv's bin/initlab."""

    def __init__(self, argv, cwd=REPO, env=None):
        super().__init__(notebook="dashboard.ipynb", cwd=cwd, env=env)
        self.argv = [str(a) for a in argv]

    def command(self):
        return [*self.argv, f"--port={self.port}"]


def launch_chromium(playwright):
    """Debian's chromium, headless, with the flags this machine's closed network needs."""
    if not os.access(CHROMIUM, os.X_OK):
        raise HarnessError(
            f"{CHROMIUM} not found: browser tests need Debian's chromium "
            "(apt-get update && apt-get install -y chromium; .ci/run does this)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def block_external(context, blocked=None):
    """Abort every request to a non-loopback host (Voila's template asks a font CDN)."""
    def route(r):
        host = urlparse(r.request.url).hostname
        if host in LOOPBACK or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            if blocked is not None:
                blocked.append(r.request.url)
            r.abort()
    context.route("**/*", route)


def new_page(browser, blocked=None):
    context = browser.new_context(viewport=VIEWPORT)
    block_external(context, blocked)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    return page


# ---- processes, from /proc (kernels are children of the server, found by their kernel id) ----
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def kernel_pid(kernel_id):
    """The pid of the kernel process whose connection file names kernel_id, or None."""
    for p in os.listdir("/proc"):
        if p.isdigit() and f"kernel-{kernel_id}" in _cmdline(p):
            return int(p)
    return None


def kernel_pids(server):
    """Pids of the kernels (ipykernel_launcher children) of a VoilaServer."""
    pids = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) == server.proc.pid and "ipykernel" in _cmdline(p):
            pids.append(int(p))
    return pids


def rss_mb(pid):
    """Resident memory of a process in MB, or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid):
    """User + system CPU time of a process so far, or None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return None


def settled(pids, timeout=90):
    """Wait (bounded) until the kernels stop using CPU, as preheated kernels do once they have
    rendered the dashboard up to the page's request. True if they did within timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = [cpu_seconds(p) or 0 for p in pids]
        time.sleep(1.0)
        if all((cpu_seconds(p) or 0) - b < 0.02 for p, b in zip(pids, before)):
            return True
    return False
