"""Every size limit of an experiment, in one place: Config enforces them, the UI shows them.

Chosen so that the largest allowed experiment (all maxima at once) stays under 500 MB
of kernel memory and 100 ms per iteration on a 2-core machine; benchmarks/limits.py
builds it and prints both. The learning rate reaches 100 so that divergence (lr 10 on
the lesson network) can be seen.
"""
import math
import numbers
from dataclasses import dataclass


def _number(x):
    """1000000 -> '1,000,000'; 0.001 -> '0.001'; 1e-06 -> '0.000001'."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:.10f}".rstrip("0")


@dataclass(frozen=True)
class Limit:
    """A closed range [low, high] of whole numbers (integer=True) or of real numbers."""
    low: float
    high: float
    integer: bool = False

    def describe(self):
        kind = "a whole number" if self.integer else "a number"
        return f"{kind} from {_number(self.low)} to {_number(self.high)}"

    def message(self, name):
        return f"{name} must be {self.describe()}"

    def check(self, value, name):
        """The value as int/float, or TypeError/ValueError naming `name` and the range."""
        wanted = numbers.Integral if self.integer else numbers.Real
        if isinstance(value, bool) or not isinstance(value, wanted):
            raise TypeError(f"{self.message(name)}; got {value!r}")
        if not (math.isfinite(value) and self.low <= value <= self.high):
            raise ValueError(f"{self.message(name)}; got {_number(value) if math.isfinite(value) else value}")
        return int(value) if self.integer else float(value)


NUM_ITERATIONS = Limit(1, 1_000_000, integer=True)
HIDDEN_LAYERS = Limit(0, 20, integer=True)
UNITS = Limit(1, 64, integer=True)          # per hidden layer
INITIALIZATIONS = Limit(1, 6, integer=True)  # trained side by side
N_SAMPLES = Limit(6, 500, integer=True)    # training points; the test set adds a third
RANDOM_SCALE = Limit(0.001, 1_000)
LEARNING_RATE = Limit(0.000001, 100)
NOISE = Limit(0, 1)
SEED = Limit(0, 2**32 - 2, integer=True)     # what np.random.RandomState accepts
# Recorded cost points per run: num_iterations / record_every may not exceed this,
# so a whole run's history stays a few tens of MB.
MAX_RECORDS = 100_000

# The dashboard's default size for a newly added hidden layer.
NEW_LAYER_UNITS = 10
