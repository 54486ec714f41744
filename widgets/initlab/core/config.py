"""One experiment's settings: the single source of truth, validated, JSON round-trippable."""
import dataclasses
import json
from dataclasses import dataclass, field

from . import fields
from .datasets import UPLOADED
from .kinds import scheme_name
from .schemes import DEFAULT_RANDOM_SCALE, LESSON_NAMES, LESSON_SEED


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
        for f in fields.DECLARED:  # each field's declared check, in Config's order
            object.__setattr__(self, f.name, f.check(getattr(self, f.name)))  # frozen dataclass
        if self.dataset == UPLOADED and self.points is None:
            raise ValueError("dataset 'uploaded' needs points: (x1, x2, label) rows, e.g. from a CSV file")
        if self.dataset != UPLOADED and self.points is not None:
            raise ValueError(f"points are used only with dataset {UPLOADED!r}; got dataset {self.dataset!r}")
        object.__setattr__(self, "custom", {scheme_name(i): i for i in self.initializations if callable(i)})
        fewest = -(-self.num_iterations // fields.MAX_RECORDS)
        if self.record_every < fewest:
            raise ValueError(f"record_every must be at least {fewest:,} for num_iterations {self.num_iterations:,} "
                             f"(at most {fields.MAX_RECORDS:,} recorded costs per run); got {self.record_every}")

    @property
    def names(self):
        return tuple(scheme_name(i) for i in self.initializations)

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

