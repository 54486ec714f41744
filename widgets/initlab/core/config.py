"""One experiment's settings: the single source of truth, validated, JSON round-trippable."""
import dataclasses
import json
from dataclasses import dataclass, field

from . import limits, uploaded, validation
from .activations import check_activation
from .datasets import DATASETS, UPLOADED
from .schemes import DEFAULT_RANDOM_SCALE, LESSON_NAMES, LESSON_SEED, SCHEMES, check_name

COSTS = ("lesson", "stable")


def initializer_name(init):
    """Display/JSON name of an initialization: its registry name or the function's name."""
    return init if isinstance(init, str) else getattr(init, "__name__", type(init).__name__)


def _initializations(inits):
    """A tuple of distinct registry names and functions; a single name or function is accepted."""
    if isinstance(inits, str) or callable(inits):
        inits = (inits,)
    if isinstance(inits, (bytes, dict)) or not hasattr(inits, "__iter__"):
        raise TypeError("initializations must be a name such as 'he', a function, or a list of them; "
                        f"got {inits!r}")
    inits = tuple(inits)
    for init in inits:
        if isinstance(init, str):
            check_name(init)
        elif callable(init):
            name = initializer_name(init)
            if name in SCHEMES:
                raise ValueError(f"initializations: your function {name!r} has the name of the built-in "
                                 f"{name!r} initialization; rename the function (e.g. my_{name})")
        else:
            raise TypeError(f"initializations entries must be names or functions; got {init!r}")
    names = [initializer_name(i) for i in inits]
    if len(set(names)) != len(names):
        raise ValueError(f"initializations must be distinct; got {names}")
    limit = limits.INITIALIZATIONS
    if not inits:
        raise ValueError(f"initializations must name at least one scheme (from {limit.low} to {limit.high} at once)")
    if len(inits) > limit.high:
        raise ValueError(f"initializations must name from {limit.low} to {limit.high} schemes at once; "
                         f"got {len(inits)}")
    return inits


@dataclass(frozen=True)
class Config:
    """Every keyword defaults to the lesson's value. Initializations may be names from
    core/schemes.py or functions layers_dims -> {"W1", "b1", ...}."""
    dataset: str = "circles"
    n_samples: int = 300
    noise: float = 0.05
    data_seed: int = 1
    # dataset "uploaded": (x1, x2, label) rows (core/uploaded.py); n_samples and noise then
    # do not apply. Compared, so new points define a new experiment.
    points: tuple = field(default=None, repr=False)
    layers_dims: tuple = (2, 10, 5, 1)
    activation: str = "relu"
    initializations: tuple = LESSON_NAMES
    random_scale: float = DEFAULT_RANDOM_SCALE
    seed: int = LESSON_SEED
    learning_rate: float = 0.01
    num_iterations: int = 15000
    cost: str = "lesson"
    record_every: int = 10
    custom: dict = field(default=None, compare=False, repr=False)  # filled in from initializations

    def __post_init__(self):
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731 (frozen dataclass)
        if self.dataset == UPLOADED:
            if self.points is None:
                raise ValueError("dataset 'uploaded' needs points: (x1, x2, label) rows, e.g. from a CSV file")
            set_("points", uploaded.check_points(self.points))
        elif self.dataset not in DATASETS:
            raise ValueError(f"dataset must be one of {', '.join(DATASETS)}; got {self.dataset!r}")
        elif self.points is not None:
            raise ValueError(f"points are used only with dataset {UPLOADED!r}; got dataset {self.dataset!r}")
        set_("n_samples", limits.N_SAMPLES.check(self.n_samples, "n_samples"))
        set_("noise", validation.noise(self.noise))
        set_("data_seed", validation.seed(self.data_seed, "data_seed"))
        set_("layers_dims", validation.config_layers_dims(self.layers_dims))
        check_activation(self.activation)
        inits = _initializations(self.initializations)
        set_("initializations", inits)
        set_("custom", {initializer_name(i): i for i in inits if callable(i)})
        set_("random_scale", limits.RANDOM_SCALE.check(self.random_scale, "random_scale"))
        set_("seed", validation.seed(self.seed))
        set_("learning_rate", validation.learning_rate(self.learning_rate))
        set_("num_iterations", limits.NUM_ITERATIONS.check(self.num_iterations, "num_iterations"))
        if self.cost not in COSTS:
            raise ValueError(f"cost must be one of {', '.join(COSTS)}; got {self.cost!r}")
        set_("record_every", validation.iterations(self.record_every, "record_every"))
        fewest = -(-self.num_iterations // limits.MAX_RECORDS)
        if self.record_every < fewest:
            raise ValueError(f"record_every must be at least {fewest:,} for num_iterations {self.num_iterations:,} "
                             f"(at most {limits.MAX_RECORDS:,} recorded costs per run); got {self.record_every}")

    @property
    def names(self):
        return tuple(initializer_name(i) for i in self.initializations)

    def replace(self, **changes):
        return dataclasses.replace(self, **changes)

    def to_dict(self):
        """Plain JSON-able values; custom initializer functions are stored by name."""
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "custom"}
        d["layers_dims"] = list(self.layers_dims)
        d["initializations"] = list(self.names)
        if self.points is not None:
            d["points"] = [list(p) for p in self.points]
        return d

    def to_json(self):
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, d, custom=None):
        """Inverse of to_dict; custom maps the names of custom initializers to their functions."""
        if not isinstance(d, dict):
            raise TypeError(f"config must be a dict; got {type(d).__name__}")
        known = {f.name for f in dataclasses.fields(cls)} - {"custom"}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown config keys {sorted(unknown)}; allowed: {sorted(known)}")
        d = dict(d)
        custom = custom or {}
        if "initializations" in d:
            inits = []
            for name in d["initializations"]:
                if isinstance(name, str) and name in custom:
                    inits.append(custom[name])
                else:
                    inits.append(name)
            d["initializations"] = tuple(inits)
        return cls(**d)

    @classmethod
    def from_json(cls, text, custom=None):
        return cls.from_dict(json.loads(text), custom)

