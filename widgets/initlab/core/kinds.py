"""The kinds of value a setting can take. Each kind checks a value, says in words what it
allows, reads and writes the value as link text (points never travel in a link), and lists
values just outside what it allows (as scikit-learn's generate_invalid_param_val does), so
tests come from the same declaration as the checks. core/fields.py declares which kind each
Config field is.
"""
import math
import numbers
from dataclasses import dataclass
from typing import NamedTuple

from . import validation
from .schemes import NAMES, SCHEMES


class Invalid(NamedTuple):
    """A value a kind refuses: the error it raises and a phrase the message must hold."""
    value: object
    error: type
    says: str
    in_link: bool = True  # False when its link text would be a valid value (e.g. the string "1")


def _number(x):
    """1000000 -> '1,000,000'; 0.001 -> '0.001'; 1e-06 -> '0.000001'."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:.10f}".rstrip("0")


def _shown(x):
    """x in plain digits, or its repr where ten decimals would round it (a value just outside a limit)."""
    text = _number(x)
    return text if float(text.replace(",", "")) == x else repr(float(x))


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
            raise ValueError(f"{self.message(name)}; got {_shown(value) if math.isfinite(value) else value}")
        return int(value) if self.integer else float(value)

    def parse(self, text, name):
        try:
            return int(text) if self.integer else float(text)
        except ValueError:
            raise ValueError(f"{self.message(name)}; got {text!r}") from None

    def format(self, value):
        if isinstance(value, float):
            text = repr(value)  # shortest text that reads back to the same float
            return text[:-2] if text.endswith(".0") else text
        return str(value)

    def invalid(self):
        says = self.describe()
        if self.integer:
            out = [Invalid(int(self.low) - 1, ValueError, says), Invalid(int(self.high) + 1, ValueError, says),
                   Invalid(self.low + 0.5, TypeError, says), Invalid(math.nan, TypeError, says),
                   Invalid(float(self.low), TypeError, says, in_link=False)]
        else:
            out = [Invalid(math.nextafter(self.low, -math.inf), ValueError, says),
                   Invalid(math.nextafter(self.high, math.inf), ValueError, says),
                   Invalid(math.nan, ValueError, says), Invalid(math.inf, ValueError, says),
                   Invalid(-math.inf, ValueError, says)]
        return out + [Invalid(True, TypeError, says), Invalid(None, TypeError, says),
                      Invalid(str(self.low), TypeError, says, in_link=False)]


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of names; labels and helps are the words the controls show for each."""
    options: tuple
    labels: tuple = ()  # one per option; the option's own name where empty
    helps: tuple = ()   # one tooltip per option, or none

    def describe(self):
        return f"one of {', '.join(self.options)}"

    def check(self, value, name):
        if not isinstance(value, str) or value not in self.options:
            raise ValueError(f"{name} must be {self.describe()}; got {value!r}")
        return value

    def parse(self, text, name):
        return text

    def format(self, value):
        return str(value)

    def shown(self):
        """(label, option) pairs for a Dropdown or ToggleButtons."""
        return tuple(zip(self.labels or self.options, self.options))

    def invalid(self):
        says = self.describe()
        return [Invalid(f"not {' or '.join(self.options)}", ValueError, says),
                Invalid(self.options[0].upper(), ValueError, says),
                Invalid(3, ValueError, says), Invalid(None, ValueError, says)]


@dataclass(frozen=True)
class Layers:
    """Layer sizes: a fixed input and output size around hidden layers within the limits."""
    inputs: int
    outputs: int
    hidden: Limit     # how many hidden layers
    units: Limit      # units per hidden layer
    new_units: int    # the size the dashboard gives a newly added hidden layer

    def describe(self):
        return (f"{self.inputs} inputs, {_number(self.hidden.low)} to {_number(self.hidden.high)} hidden layers "
                f"of {_number(self.units.low)} to {_number(self.units.high)} units, {self.outputs} output")

    def check(self, value, name):
        dims = validation.layers_dims(value, input_size=self.inputs)
        if dims[-1] != self.outputs:
            raise ValueError(f"{name} must end in {self.outputs} (one sigmoid output); got {list(dims)}")
        hidden = len(dims) - 2
        if not self.hidden.low <= hidden <= self.hidden.high:
            raise ValueError(f"{name} may have at most {self.hidden.high} hidden layers "
                             f"(the number of hidden layers must be {self.hidden.describe()}); got {hidden}")
        for i, n in enumerate(dims[1:-1], start=1):
            if not self.units.low <= n <= self.units.high:
                raise ValueError(f"{name}[{i}] (units in hidden layer {i}) must be "
                                 f"{self.units.describe()}; got {n:,}")
        return dims

    def parse(self, text, name):
        try:
            return tuple(int(part) for part in text.split("-"))
        except ValueError:
            raise ValueError(f"{name} must be layer sizes joined by '-', e.g. 2-10-5-1; got {text!r}") from None

    def format(self, value):
        return "-".join(str(n) for n in value)

    def invalid(self):
        i, o, units = self.inputs, self.outputs, int(self.units.high)
        return [Invalid((i,), ValueError, "at least 2 sizes"),
                Invalid((i + 1, units, o), ValueError, f"[0] must equal the number of input features ({i})"),
                Invalid((i, units, o + 1), ValueError, f"must end in {o}"),
                Invalid((i, *[1] * (int(self.hidden.high) + 1), o), ValueError, self.hidden.describe()),
                Invalid((i, units + 1, o), ValueError, self.units.describe()),
                Invalid((i, int(self.units.low) - 1, o), ValueError,
                        self.units.describe() if self.units.low > 1 else "entries must be at least 1"),
                Invalid((i, 2.5, o), TypeError, "entries must be integers"),
                Invalid(f"{i},{units},{o}", TypeError, "a list of layer sizes"),
                Invalid(None, TypeError, "a list of layer sizes", in_link=False)]


@dataclass(frozen=True)
class Points:
    """A learner's own (x1, x2, label) rows, `rows` of them with both labels, or None (no points)."""
    rows: Limit
    labels: tuple = (0, 1)

    def describe(self):
        return (f"{_number(self.rows.low)} to {_number(self.rows.high)} (x1, x2, label) rows of finite numbers, "
                f"labels {' or '.join(map(str, self.labels))}, both present")

    def count_problem(self, n, what):
        if n < self.rows.low:
            return f"{what} {n:,} rows; at least {self.rows.low:,} are needed"
        if n > self.rows.high:
            return f"{what} {n:,} rows (at most {self.rows.high:,})"
        return None

    def classes_problem(self, labels, what):
        present = set(labels)
        if len(present) < len(self.labels):
            (only,) = present
            return (f"{what} only label {only} (one class only): the points need both classes, "
                    f"labels {' and '.join(map(str, self.labels))}")
        return None

    def check(self, points, name):
        """None, or a tuple of (float x1, float x2, int label) rows; the error names the row by its
        0-based index, as Python shows it (points[3])."""
        if points is None:
            return None
        if isinstance(points, (str, bytes, dict)) or not hasattr(points, "__iter__"):
            raise TypeError(f"{name} must be a list of (x1, x2, label) rows; got {type(points).__name__}")
        rows = []
        for i, row in enumerate(points):
            if isinstance(row, (str, bytes, dict)) or not hasattr(row, "__len__") or len(row) != 3:
                raise ValueError(f"{name}[{i}] must be one (x1, x2, label) row; got {row!r}")
            x1, x2, label = row
            for column, x in (("x1", x1), ("x2", x2)):
                if isinstance(x, bool) or not isinstance(x, numbers.Real):
                    raise TypeError(f"{name}[{i}]: {column} must be a number; got {x!r}")
                if not math.isfinite(x):
                    raise ValueError(f"{name}[{i}]: {column} must be finite; got {x}")
            if isinstance(label, bool) or not isinstance(label, numbers.Real) or label not in self.labels:
                raise ValueError(f"{name}[{i}]: label must be {' or '.join(map(str, self.labels))}; got {label!r}")
            rows.append((float(x1), float(x2), int(label)))
        problem = (self.count_problem(len(rows), f"{name} has")
                   or self.classes_problem((r[2] for r in rows), f"{name} has"))
        if problem:
            raise ValueError(problem)
        return tuple(rows)

    def invalid(self):
        # Points never travel in a link (Field.in_link), so none of these is tried there.
        low, high = int(self.rows.low), int(self.rows.high)
        good = [(0.0, 0.0, 0), (1.0, 1.0, 1)] * high
        return [Invalid(good[:low - 1], ValueError, f"at least {low:,}", in_link=False),
                Invalid(good[:high + 1], ValueError, f"at most {high:,}", in_link=False),
                Invalid([(0.0, 0.0, 1)] * low, ValueError, "both classes", in_link=False),
                Invalid(good[:low - 1] + [(0.0, 0.0, 2)], ValueError, "label must be 0 or 1", in_link=False),
                Invalid(good[:low - 1] + [(math.nan, 0.0, 1)], ValueError, "must be finite", in_link=False),
                Invalid(good[:low - 1] + [(math.inf, 0.0, 1)], ValueError, "must be finite", in_link=False),
                Invalid(good[:low - 1] + [(0.0, True, 1)], TypeError, "must be a number", in_link=False),
                Invalid(good[:low - 1] + [(0.0, 1.0)], ValueError, "one (x1, x2, label) row", in_link=False),
                Invalid("0,0,1", TypeError, "a list of (x1, x2, label) rows", in_link=False)]


def scheme_name(init):
    """Display/JSON name of an initialization: its registry name or the function's name."""
    return init if isinstance(init, str) else getattr(init, "__name__", type(init).__name__)


@dataclass(frozen=True)
class Schemes:
    """Distinct initialization scheme names (from core/schemes.py) or functions, `count` of them."""
    count: Limit

    def describe(self):
        return (f"from {_number(self.count.low)} to {_number(self.count.high)} of "
                f"{', '.join(NAMES)} or your own functions of layers_dims")

    def check(self, inits, name):
        """A tuple of distinct registry names and functions; a single name or function is accepted."""
        if isinstance(inits, str) or callable(inits):
            inits = (inits,)
        if isinstance(inits, (bytes, dict)) or not hasattr(inits, "__iter__"):
            raise TypeError(f"{name} must be a name such as 'he', a function, or a list of them; got {inits!r}")
        inits = tuple(inits)
        for init in inits:
            if isinstance(init, str):
                if init not in SCHEMES:
                    raise ValueError(f"{name} entries must be one of {', '.join(NAMES)} "
                                     f"or functions of layers_dims; got {init!r}")
            elif callable(init):
                own = scheme_name(init)
                if own in SCHEMES:
                    raise ValueError(f"{name}: your function {own!r} has the name of the built-in "
                                     f"{own!r} initialization; rename the function (e.g. my_{own})")
            else:
                raise TypeError(f"{name} entries must be names or functions; got {init!r}")
        names = [scheme_name(i) for i in inits]
        if len(set(names)) != len(names):
            raise ValueError(f"{name} must be distinct; got {names}")
        low, high = self.count.low, self.count.high
        if not inits:
            raise ValueError(f"{name} must name at least one scheme (from {low} to {high} at once)")
        if len(inits) > high:
            raise ValueError(f"{name} must name from {low} to {high} schemes at once; got {len(inits)}")
        return inits

    def parse(self, text, name):
        names = tuple(part.strip() for part in text.split(","))
        if any(not n for n in names):
            raise ValueError(f"{name} must be names joined by ',', e.g. he,xavier; got {text!r}")
        return names

    def format(self, value):
        return ",".join(scheme_name(i) for i in value)

    def invalid(self):
        first = NAMES[0]
        many = tuple(_custom(f"mine_{k}") for k in range(int(self.count.high) + 1))
        named_like_a_builtin = _custom(first)
        return [Invalid((), ValueError, f"from {self.count.low} to {self.count.high}"),
                Invalid(many, ValueError, f"from {self.count.low} to {self.count.high}"),
                Invalid(f"not {' or '.join(NAMES)}", ValueError, f"one of {', '.join(NAMES)}"),
                Invalid((first, first), ValueError, "distinct"),
                Invalid((named_like_a_builtin,), ValueError, "the name of the built-in", in_link=False),
                Invalid((3,), TypeError, "names or functions"),
                Invalid(None, TypeError, "a name such as 'he', a function, or a list", in_link=False)]


def _custom(name):
    """An initializer function called `name` (its output is never needed: the check refuses it first)."""
    def init(layers_dims):
        raise AssertionError("an invalid configuration must be refused before it is trained")
    init.__name__ = name
    return init
