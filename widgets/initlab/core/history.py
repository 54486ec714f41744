"""The recorded cost history, in growable arrays: appends are amortised O(1) and a long run
costs (1 + 2K) floats per record, not a Python tuple of arrays."""
import numpy as np


class CostHistory:
    """Rows are recorded iterations; lesson and stable costs per model (K,)."""

    def __init__(self, K, capacity=256):
        self.K = K
        self._its = np.zeros(capacity, dtype=np.int64)
        self._costs = np.zeros((2, K, capacity))
        self._n = 0

    def __len__(self):
        return self._n

    @property
    def nbytes(self):
        return self._its.nbytes + self._costs.nbytes

    def extend(self, records):
        """records: [(iteration, lesson (K,), stable (K,))] as Network.train returns them."""
        n, add = self._n, len(records)
        if not add:
            return
        if n + add > len(self._its):
            capacity = max(2 * len(self._its), n + add)
            its, costs = np.zeros(capacity, dtype=np.int64), np.zeros((2, self.K, capacity))
            its[:n], costs[:, :, :n] = self._its[:n], self._costs[:, :, :n]
            self._its, self._costs = its, costs  # readers holding the old arrays stay valid
        its, costs = self._its, self._costs
        for j, (i, lesson, stable) in enumerate(records, start=n):
            its[j] = i
            costs[0, :, j] = lesson
            costs[1, :, j] = stable
        self._n = n + add  # published last: a reader on another thread sees whole rows only

    def arrays(self, before=None):
        """(iterations (T,), lesson (K, T), stable (K, T)) as copies, records < before if given."""
        n, its, costs = self._n, self._its, self._costs
        if before is not None:
            n = int(np.searchsorted(its[:n], before, side="left"))
        return its[:n].copy(), costs[0, :, :n].copy(), costs[1, :, :n].copy()
