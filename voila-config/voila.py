# Voila server config for a classroom, loaded with voila.json beside it because `make app`
# passes this directory: `voila --Voila.config_file_paths=voila-config ...`. It is kept out of
# the repository root: a voila.py there shadows the `voila` package for anything started there.
#
# Binder runs Voila as a Jupyter server extension, which never reads this directory: the
# preheated pool, idle culling, the kernel cap, the XSRF cookie and the BLAS threads below do
# not apply there (Binder frees the whole server when the learner leaves).
#
# voila.json holds the settings (among them KernelManager.transport = ipc: with many pages
# opening at once, a TCP port picked for a new kernel can be taken before it binds, and that
# kernel dies with its page hung); this file holds what JSON cannot:
# 1. ClassroomKernelManager, the base class of Voila's pooling kernel manager:
#    - idle culling that spares kernels just handed out from the pool. Voila 0.5 keeps pooled
#      kernels out of the culler only while they sit in the pool; a pooled kernel's last
#      activity is its pre-render, possibly long ago, and once handed to a page it has 0
#      connections until the page's websocket connects (1-3 s later, more under load): a cull
#      tick in that window shut it down and the learner got a dashboard with no widgets. So a
#      kernel's idle time counts from no earlier than the first cull tick that saw it outside
#      the pool.
#    - a longer grace for a kernel whose page has not connected yet (first_connection_timeout):
#      with 20 pages opening at once on 2 cores a page took up to 220 s to load its scripts and
#      connect, and a kernel culled at the idle timeout before that left its learner a page of
#      Python text ('<... object at 0x...>, HBox(children=...') and 404s, never widgets. Once a
#      cull tick has seen a page connected, the idle timeout alone applies.
#    - a cap on live kernels (max_kernels, pool included): past it a visitor gets a 503 page
#      saying the lab is full and to reload in a minute, instead of the server running out of
#      memory (about 103 MB an idle dashboard kernel, more after a big run).
# 2. The `_xsrf` cookie on every dashboard page. Voila's tab-close beacon posts the cookie's
#    value to /voila/api/shutdown/<kernel>, but Voila 0.5 never sets the cookie on a pre-
#    rendered page, so the XSRF check (kept on) refused it with 403 and closed tabs kept their
#    kernels until culled. Reading handler.xsrf_token sets the cookie (tornado).
#
# 3. One BLAS thread per kernel (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS), unless the environment
#    already sets them. Every kernel copies the server's environment when it starts (pooled
#    or not); with OpenBLAS threading in each of many kernels on 2 cores, one deep training
#    step took 90-430 ms instead of ~11 ms.
#
# 1 and 2 lean on Voila 0.5 internals (the pooling subclass's private `_pools`, VoilaHandler
# having no prepare of its own): they are checked here and fail loudly, at start-up, when
# Voila changes. pyproject.toml bounds voila to the versions this was checked against.
import asyncio
import inspect
import os

import voila
from jupyter_server._tz import utcnow
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from datetime import timedelta

from traitlets import Integer
from voila.handler import VoilaHandler
from voila.voila_kernel_manager import voila_kernel_manager_factory

KERNEL_THREADS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
for _name, _value in KERNEL_THREADS.items():
    os.environ.setdefault(_name, _value)  # before any kernel starts: this file loads first

TESTED_VOILA = ((0, 5, 7), (0, 6, 0))  # [low, high): keep in step with pyproject.toml
BUSY = "The lab is full right now ({} learners). Please reload this page in a minute."


def _check_voila():
    version = tuple(int(p) for p in voila.__version__.split(".")[:3] if p.isdigit())
    low, high = TESTED_VOILA
    if not low <= version < high:
        raise RuntimeError(
            f"voila-config/voila.py was checked against Voila >={low}, <{high}; this is Voila "
            f"{voila.__version__}. Re-check its use of Voila internals, then update TESTED_VOILA.")
    pooled = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    if "self._pools" not in inspect.getsource(pooled.__init__):
        raise RuntimeError("Voila's pooling kernel manager no longer sets self._pools: "
                           "voila-config/voila.py cannot tell pooled kernels apart")
    if "prepare" in vars(VoilaHandler):
        raise RuntimeError("VoilaHandler now defines prepare(): re-check the _xsrf cookie "
                           "patch in voila-config/voila.py")


class ClassroomKernelManager(AsyncMappingKernelManager):
    """Voila's pooling manager subclasses this; its cull_kernel_if_idle returns early for
    kernels waiting in the pool and calls this one for every other kernel."""

    max_kernels = Integer(
        40, config=True,
        help="Most kernels alive at once, preheated pool included; past it a page says the "
             "lab is full. Each idle dashboard kernel holds about 103 MB.")

    first_connection_timeout = Integer(
        300, config=True,
        help="Seconds a kernel handed to a page is kept while that page has never connected "
             "(it is still loading its scripts on a busy machine); the idle timeout applies "
             "once a page has connected.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._first_seen_out_of_pool = {}
        self._ever_connected = set()

    def _pooled_kernel_ids(self):
        if not hasattr(self, "get_rendered_notebook"):
            return set()  # preheat off: Voila's plain manager, no pool
        ids = set()
        for pool in self._pools.values():  # AttributeError here means Voila changed
            for future in pool:
                if future.done() and not future.cancelled() and future.exception() is None:
                    ids.add(future.result()["kernel_id"])
        return ids

    def live_kernel_count(self):
        # _pending_kernels: started but not yet ready (jupyter_client registers them first).
        return len(set(self._kernels) | set(self._pending_kernels))

    async def start_kernel(self, *args, **kwargs):
        # Checked and registered with no await in between, so concurrent starts cannot overshoot.
        if self.live_kernel_count() >= self.max_kernels:
            self.log.warning("Kernel cap reached (%d live): refusing a new kernel", self.max_kernels)
            raise web.HTTPError(503, reason=BUSY.format(self.max_kernels))
        return await super().start_kernel(*args, **kwargs)

    async def cull_kernels(self):
        for kernel_id in self._pooled_kernel_ids():  # back in the pool: forget any sighting
            self._first_seen_out_of_pool.pop(kernel_id, None)
        return await super().cull_kernels()

    async def cull_kernel_if_idle(self, kernel_id):
        kernel = self._kernels.get(kernel_id)
        if (kernel is not None and hasattr(kernel, "last_activity")
                and kernel_id not in self._pooled_kernel_ids()):
            first = self._first_seen_out_of_pool.setdefault(kernel_id, utcnow())
            if kernel.last_activity < first:
                kernel.last_activity = first
            if self._kernel_connections.get(kernel_id, 0) > 0:  # AttributeError: jupyter_server changed
                self._ever_connected.add(kernel_id)
            elif (kernel_id not in self._ever_connected
                  and utcnow() - first < timedelta(seconds=self.first_connection_timeout)):
                return None  # its page is still on its way
        return await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self._first_seen_out_of_pool.pop(kernel_id, None)
        self._ever_connected.discard(kernel_id)
        result = await super().shutdown_kernel(kernel_id, *args, **kwargs)
        self._refill_refused_pools()
        return result

    def _refill_refused_pools(self):
        """A pool refill refused at the cap leaves a failed entry (the next visitor would get
        'lab full' even after a kernel is freed), or none at all once a visitor took it: drop
        those and top the pools up now that there is room."""
        if not hasattr(self, "get_rendered_notebook"):
            return
        for name, pool in list(self._pools.items()):
            for future in [f for f in pool if f.done() and not f.cancelled()
                           and isinstance(f.exception(), web.HTTPError)]:
                pool.remove(future)
            self.fill_if_needed(delay=0, notebook_name=name)  # tops up to the pool size only


async def _prepare_with_xsrf_cookie(self, *args, **kwargs):
    result = JupyterHandler.prepare(self, *args, **kwargs)
    while inspect.isawaitable(result):
        result = await result
    if not self._finished:  # not redirected to a login page
        self.xsrf_token  # noqa: B018 (the property sets the _xsrf cookie the beacon sends back)
    return result


_check_voila()
assert asyncio.iscoroutinefunction(JupyterHandler.prepare)
VoilaHandler.prepare = _prepare_with_xsrf_cookie

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.VoilaConfiguration.multi_kernel_manager_class = ClassroomKernelManager
