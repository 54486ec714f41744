# JupyterHub for a class on one large machine, the way The Littlest JupyterHub serves one:
# each learner logs in and gets a single-user Jupyter server of their own, which opens on the
# dashboard; servers left idle are stopped by jupyterhub-idle-culler. `make hub` runs it on
# this machine (tests/browser/test_hub.py logs three learners in through it).
#
# This file is for a test and a trial run: SimpleLocalProcessSpawner runs every learner as
# the hub's own system user, and SharedPasswordAuthenticator lets anyone with the class
# password in under any name. For a course, swap in the spawner and authenticator that
# docs/serving.md names (each learner their own system user with a memory limit; LTI or OAuth).
#
# Settings that a run may change come from the environment (the test sets short timeouts):
#   INITLAB_HUB_PASSWORD      the class password (8 characters or more), required
#   INITLAB_HUB_STATE         where the hub keeps its database, cookie secret and the learners'
#                             home folders (default: .hub/ in the repository, git-ignored)
#   INITLAB_HUB_IDLE_TIMEOUT  seconds without activity before a server is stopped (600)
#   INITLAB_HUB_CULL_EVERY    seconds between the culler's checks (60)
#   INITLAB_HUB_ACTIVITY_INTERVAL  seconds between activity reports, a learner's server to the
#                             hub and the proxy to the hub (60); keep it well under the timeout
#   INITLAB_HUB_API_TOKEN     if set, a service `initlab-monitor` with this token may list the
#                             learners and their servers through the REST API (the test uses it)
#   INITLAB_HUB_PROXY         the configurable-http-proxy executable (default: the one `make hub`
#                             installs into .chp/)
# Ports are JupyterHub's own options: `jupyterhub -f this-file --JupyterHub.bind_url=...`.
import json
import os
import sys
from pathlib import Path

from initlab.app_files import DASHBOARD, config_dir, notebooks_dir

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

REPO = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("INITLAB_HUB_STATE", REPO / ".hub")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
IDLE_TIMEOUT = int(os.environ.get("INITLAB_HUB_IDLE_TIMEOUT", 600))
CULL_EVERY = int(os.environ.get("INITLAB_HUB_CULL_EVERY", 60))
ACTIVITY_INTERVAL = int(os.environ.get("INITLAB_HUB_ACTIVITY_INTERVAL", 60))
BIN = Path(sys.executable).parent  # the hub's own environment has initlab, voila and the culler

# ---- the hub ----
c.JupyterHub.bind_url = "http://127.0.0.1:8000"  # a reverse proxy with TLS goes in front
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.ConfigurableHTTPProxy.command = [os.environ.get(
    "INITLAB_HUB_PROXY", str(REPO / ".chp" / "node_modules" / ".bin" / "configurable-http-proxy"))]
# A start costs a few CPU-seconds: past 10 at once a learner is asked to retry in 30-60 s
# rather than every start slowing down together.
c.JupyterHub.concurrent_spawn_limit = 10
c.JupyterHub.last_activity_interval = ACTIVITY_INTERVAL

# ---- who may log in ----
c.JupyterHub.authenticator_class = "shared-password"
PASSWORD = os.environ.get("INITLAB_HUB_PASSWORD", "")
if len(PASSWORD) < 8:
    raise SystemExit("Set INITLAB_HUB_PASSWORD to the class password, 8 characters or more "
                     "(`make hub HUB_PASSWORD=...`)")
c.SharedPasswordAuthenticator.user_password = PASSWORD
c.Authenticator.allow_all = True  # any learner name, with the class password

# ---- each learner's server ----
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
# Every learner reads the same notebooks, those initlab ships; Voila never writes them.
c.Spawner.notebook_dir = str(notebooks_dir())
c.Spawner.default_url = f"/voila/render/{DASHBOARD}"
# A loaded machine starts servers slowly; JupyterHub's defaults (60 s, 30 s) gave up too soon.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120

# In a learner's server Voila runs as a Jupyter server extension: it reads no voila-config/,
# so the classroom settings that apply there are passed to the server as options, taken from
# the one voila.json. Not here: Voila's preheated pool, its kernel cap and the XSRF cookie
# patch (voila.py), which exist only in the `initlab serve` server; the hub's culler and the
# one-learner-one-server split do their work.
CLASSROOM = json.loads((config_dir() / "voila.json").read_text())
SERVER_SETTINGS = {
    # No per-cell limit, and the executor's waits for a loaded machine.
    "VoilaExecutor": CLASSROOM["VoilaExecutor"],
    "VoilaConfiguration": {"strip_sources": CLASSROOM["VoilaConfiguration"]["strip_sources"]},
    # A kernel whose tab is gone is shut down within 2 minutes, inside the learner's server too.
    "MappingKernelManager": CLASSROOM["MappingKernelManager"],
    # Not KernelManager.transport = ipc: its socket files would sit in the learner's runtime
    # folder, whose path can pass the 107-character limit of a socket's name; and a server
    # starts a kernel or two, not the dozens at once that made TCP ports collide.
}
c.Spawner.args = [f"--{cls}.{name}={value}" for cls, traits in SERVER_SETTINGS.items()
                  for name, value in traits.items()]
if os.geteuid() == 0:  # CI runs as root, and Jupyter refuses root unless told
    c.Spawner.args.append("--allow-root")
c.Spawner.environment = {
    # One BLAS thread per kernel: many learners' kernels share the machine's cores.
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "JUPYTERHUB_ACTIVITY_INTERVAL": str(ACTIVITY_INTERVAL),
}

# ---- idle servers are stopped ----
CULLER = "jupyterhub-idle-culler"
c.JupyterHub.services = [{
    "name": CULLER,
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={IDLE_TIMEOUT}", f"--cull-every={CULL_EVERY}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": [CULLER],
}]
if os.environ.get("INITLAB_HUB_API_TOKEN"):
    c.JupyterHub.services.append({"name": "initlab-monitor",
                                  "api_token": os.environ["INITLAB_HUB_API_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "initlab-monitor", "services": ["initlab-monitor"],
                                    "scopes": ["list:users", "read:users", "read:servers"]})
