"""Parameter checkpoints of one run, so any past iteration can be recomputed instead of stored.

Checkpoints sit at multiples of `interval`. When they would exceed the memory budget,
every other one is dropped and the interval doubles: a run of any length keeps at most
~budget bytes, and reaching an iteration replays fewer than `interval` iterations.
"""
import bisect

BUDGET_BYTES = 8 * 2**20
FIRST_INTERVAL = 100


class Checkpoints:
    def __init__(self, theta, budget_bytes=BUDGET_BYTES, interval=FIRST_INTERVAL):
        self.interval = interval
        self.max_count = max(8, budget_bytes // max(theta.nbytes, 1))
        self._items = [(0, theta.copy())]  # replaced whole, so a reader's reference stays consistent

    def __len__(self):
        return len(self._items)

    @property
    def nbytes(self):
        return sum(theta.nbytes for _, theta in self._items)

    def next_boundary(self, iteration):
        """The first checkpoint iteration after `iteration`."""
        return (iteration // self.interval + 1) * self.interval

    def save(self, iteration, theta):
        if iteration % self.interval:
            return
        items = self._items + [(iteration, theta.copy())]
        if len(items) > self.max_count:
            self.interval *= 2
            items = [(i, t) for i, t in items if i % self.interval == 0]
        self._items = items

    def at_or_before(self, iteration):
        """(iteration, theta) of the latest checkpoint not after `iteration`."""
        items = self._items
        j = bisect.bisect_right([i for i, _ in items], iteration) - 1
        return items[max(j, 0)]
