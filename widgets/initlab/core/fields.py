"""Each Config field declared once: its kind (core/kinds.py), its limits or options, its
label for people, its unit, and whether a link carries it. Config checks its values with these, links read and write
them (core/query.py), the controls take their ranges, labels and options from them, and
the invalid-value tests are generated from them.

The limits are chosen so that the largest allowed experiment (all maxima at once) stays
under 500 MB of kernel memory and 100 ms per iteration on a 2-core machine;
benchmarks/limits.py builds it and prints both. The learning rate reaches 100 so that
divergence (lr 10 on the lesson network) can be seen.
"""
from dataclasses import dataclass

from .activations import ACTIVATIONS
from .datasets import DATASETS, TEST_FRACTION, UPLOADED
from .kinds import Choice, Layers, Limit, Points, Schemes


@dataclass(frozen=True)
class Field:
    name: str    # the Config attribute, as code and links spell it
    label: str   # as the dashboard says it
    kind: object  # a kind from core/kinds.py: Limit, Choice, Layers, Schemes or Points
    unit: str = ""
    help: str = ""  # what the setting does, for a tooltip; the label where empty
    in_link: bool = True  # whether a link (core/query.py) can carry it

    @property
    def limit(self):
        return self.kind if isinstance(self.kind, Limit) else None

    def check(self, value, name=None):
        return self.kind.check(value, name or self.name)

    def parse(self, text):
        """The value a link's text stands for; ValueError names the field and the form it takes."""
        return self.kind.parse(text, self.name)

    def format(self, value):
        return self.kind.format(value)

    def tooltip(self):
        unit = f" ({self.unit})" if self.unit else ""
        return f"{self.help or self.label}: {self.kind.describe()}{unit}"


_SEED = Limit(0, 2**32 - 2, integer=True)  # what np.random.RandomState accepts
# Recorded cost points per run: num_iterations / record_every may not exceed this,
# so a whole run's history stays a few tens of MB.
MAX_RECORDS = 100_000

# The test set is a third of the points; it needs at least two.
_POINTS = Limit(2 * TEST_FRACTION, 500, integer=True)

DATASET = Field("dataset", "dataset", Choice(DATASETS + (UPLOADED,)))
N_SAMPLES = Field("n_samples", "training points", _POINTS, unit="points")
NOISE = Field("noise", "noise", Limit(0, 1))
DATA_SEED = Field("data_seed", "data seed", _SEED)
# With dataset "uploaded" (and only then): parsed from a CSV by core/uploaded.py. Up to 500 rows
# would make a link too long, so they travel in the settings JSON only.
POINTS = Field("points", "your own points", Points(rows=_POINTS), in_link=False)
LAYERS_DIMS = Field("layers_dims", "layer sizes", Layers(
    inputs=2, outputs=1, hidden=Limit(0, 20, integer=True), units=Limit(1, 64, integer=True), new_units=10))
ACTIVATION = Field("activation", "activation", Choice(tuple(ACTIVATIONS)))
INITIALIZATIONS = Field("initializations", "initializations", Schemes(count=Limit(1, 6, integer=True)))
RANDOM_SCALE = Field("random_scale", "random scale ×", Limit(0.001, 1_000), help="random weights are randn × this scale")
SEED = Field("seed", "weight seed", _SEED)
LEARNING_RATE = Field("learning_rate", "learning rate", Limit(0.000001, 100))
NUM_ITERATIONS = Field("num_iterations", "iterations", Limit(1, 1_000_000, integer=True))
COST = Field("cost", "cost", Choice(
    ("lesson", "stable"), labels=("lesson cost", "stable cost"),
    helps=("the lesson's −mean(y log a + (1−y) log(1−a)); inf when a sigmoid saturates",
           "the same cost computed from the pre-sigmoid values: always finite")),
    help="which cost the chart and the table show")
RECORD_EVERY = Field("record_every", "record every", Limit(1, NUM_ITERATIONS.kind.high, integer=True),
                     unit="iterations", help="how often the cost history is recorded")

# In Config's order (tests/test_fields.py checks), the order Config checks them in.
DECLARED = (DATASET, N_SAMPLES, NOISE, DATA_SEED, POINTS, LAYERS_DIMS, ACTIVATION, INITIALIZATIONS, RANDOM_SCALE, SEED,
            LEARNING_RATE, NUM_ITERATIONS, COST, RECORD_EVERY)
FIELDS = {f.name: f for f in DECLARED}
