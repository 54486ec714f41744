# Voila server config, loaded with ./voila.json when `voila` runs from the repository root
# (`make app`). voila.json holds the settings; this file holds the one thing JSON cannot:
# a kernel manager base class that makes preheated kernels and idle culling safe together.
#
# Voila 0.5 keeps preheated kernels out of the idle culler only while they sit in the pool.
# A pooled kernel's last activity is its pre-render, possibly long ago; once Voila hands it
# to a page it has 0 connections until the page's websocket connects (1-3 s later), and a
# cull tick in that window shuts it down: the learner gets a dashboard with no widgets.
# Measured here: pool kernel idle 5 s, cull_idle_timeout=2, cull_interval=1 -> culled
# mid-page-load every time; with the repo's 600 s / 60 s it hits the first visitor after
# ten quiet minutes whenever a tick lands in that window. The fix: a kernel's idle time
# counts from no earlier than the first cull tick that saw it outside the pool.
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


class PoolAwareCullingKernelManager(AsyncMappingKernelManager):
    """Voila's pooling manager subclasses this; its cull_kernel_if_idle returns early for
    kernels waiting in the pool and calls this one for every other kernel."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._first_seen_out_of_pool = {}

    def _pooled_kernel_ids(self):
        ids = set()
        for pool in getattr(self, "_pools", {}).values():  # set by Voila's pooling subclass
            for future in pool:
                if future.done() and not future.cancelled() and future.exception() is None:
                    ids.add(future.result().get("kernel_id"))
        return ids

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
        return await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self._first_seen_out_of_pool.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)


c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.VoilaConfiguration.multi_kernel_manager_class = PoolAwareCullingKernelManager
