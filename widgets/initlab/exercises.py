"""Feedback on a learner's own initializers, measured against the lesson's (core/schemes.py).

    from initlab.exercises import check_zeros, check_random, check_he
    check_he(initialize_parameters_he)    # -> Feedback; shown as text in a notebook

Each check calls the learner's function on a few layer sizes and explains what differs
from the lesson's reference, naming the classic slips (``layers_dims[1]`` for
``layers_dims[l]``, a missing ``np.random.seed(3)``, Xavier's sqrt(1/n) for He's
sqrt(2/n), a scale other than 10, non-zero biases, wrong or transposed shapes) rather
than only saying pass or fail.
"""
import math

import numpy as np

from .core.initializers import check_parameters
from .core.schemes import LESSON_NAMES, LESSON_SEED, SCHEMES

__all__ = ["Feedback", "check_zeros", "check_random", "check_he", "check", "ready_for_lab",
           "CHECK_DIMS"]

# [3, 2, 1] and [2, 4, 1] are the lesson's own test sizes; [2, 10, 5, 1] is its network.
# In [3, 2, 1] layers_dims[1] != layers_dims[2], so the layers_dims[1] slip shows.
CHECK_DIMS = ([3, 2, 1], [2, 4, 1], [2, 10, 5, 1])

PASSED, FAILED, NOT_IMPLEMENTED = "passed", "failed", "not implemented"


def _scale_mistakes(kind):
    """[(scale(n_prev, n_l), what to tell the learner)]: scales learners use by mistake."""
    if kind != "he":
        return []
    he, xavier, random = (SCHEMES[n] for n in ("he", "xavier", "random"))
    right = he.formula_for()
    return [
        (lambda n_prev, n_l: xavier.scale_for(n_prev),
         f"W is scaled by {xavier.formula_for()}: that is Xavier's scale. "
         f"He initialization, made for ReLU, doubles the variance: use {right}."),
        (lambda n_prev, n_l: he.scale_for(n_l),
         "W is scaled by sqrt(2 / layers_dims[l]), the layer's own size. He uses the size of "
         f"the layer feeding in: {right}."),
        (lambda n_prev, n_l: 2.0 / n_prev,
         "W is scaled by 2 / layers_dims[l-1]: the square root is missing. "
         f"Use np.{right}."),
        (lambda n_prev, n_l: random.scale_for(n_prev),
         f"W is scaled by {random.formula_for()}, the large random initialization. "
         f"He scales by {right}."),
        (lambda n_prev, n_l: 1.0,
         f"W is plain np.random.randn(...), not scaled. Multiply it by {right}."),
    ]


class Feedback:
    """The outcome of one check: status (passed / failed / not implemented) and messages.

    Its text form (str, and what a notebook shows) is the whole report."""

    def __init__(self, name, status, messages):
        self.name = name
        self.status = status
        self.messages = list(messages)

    @property
    def passed(self):
        return self.status == PASSED

    @property
    def implemented(self):
        return self.status != NOT_IMPLEMENTED

    def __str__(self):
        if self.status == PASSED:
            return f"{self.name}: all checks passed. " + " ".join(self.messages)
        if self.status == NOT_IMPLEMENTED:
            return f"{self.name}: not implemented yet. " + " ".join(self.messages)
        n = len(self.messages)
        lines = [f"{self.name}: {n} problem{'s' if n > 1 else ''} found"]
        lines += [f"  {i}. {m}" for i, m in enumerate(self.messages, start=1)]
        return "\n".join(lines)

    def __repr__(self):
        return str(self)

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))


class _Stop(Exception):
    """Raised inside a check when later checks would only repeat the same problem."""

    def __init__(self, feedback):
        self.feedback = feedback


def _name(fn):
    return getattr(fn, "__name__", repr(fn))


def _shape(dims, key):
    l = int(key[1:])
    return (dims[l], dims[l - 1]) if key[0] == "W" else (dims[l], 1)


def _keys(dims):
    return [f"{p}{l}" for l in range(1, len(dims)) for p in "Wb"]


def _exception_hint(exc, kind):
    text = f"{type(exc).__name__}: {exc}"
    msg = str(exc)
    if isinstance(exc, TypeError) and ("data type" in msg or "cannot be interpreted" in msg):
        if not SCHEMES[kind].draws or "data type" in msg:
            return (f"It raised {text}. np.zeros takes the shape as ONE tuple: "
                    "np.zeros((layers_dims[l], layers_dims[l-1])) — note the double parentheses.")
        return (f"It raised {text}. np.random.randn takes the sizes as separate numbers, "
                "not a tuple: np.random.randn(layers_dims[l], layers_dims[l-1]).")
    if isinstance(exc, IndexError):
        return (f"It raised {text}. An index ran past the end of layers_dims: loop over "
                "l in range(1, L) with L = len(layers_dims), reading layers_dims[l] and layers_dims[l-1].")
    if isinstance(exc, NameError):
        return (f"It raised {text}. Define or import that name first "
                "(np.sqrt works without importing math).")
    return f"It raised {text}."


def _call(fn, dims, kind):
    """fn(dims), or stop the check with feedback that explains what went wrong."""
    name = _name(fn)
    try:
        params = fn(list(dims))
    except NotImplementedError:
        raise _Stop(Feedback(name, NOT_IMPLEMENTED, [
            "Replace the `raise NotImplementedError` line with your code, "
            "run that cell, then run this check again."]))
    except Exception as exc:  # the learner's code: any error is feedback, not a crash
        raise _Stop(Feedback(name, FAILED, [
            f"Called with layers_dims={list(dims)}. " + _exception_hint(exc, kind)]))
    if params is None:
        raise _Stop(Feedback(name, NOT_IMPLEMENTED, [
            "It returned None. If you have written the body, end it with `return parameters`."]))
    if not isinstance(params, dict):
        raise _Stop(Feedback(name, FAILED, [
            f"It returned a {type(params).__name__}; return the dictionary "
            "{'W1': ..., 'b1': ..., ...} of parameters."]))
    return params


def _check_keys(params, dims):
    """[(mistake, message)] about missing or unexpected keys."""
    want = _keys(dims)
    missing = [k for k in want if k not in params]
    extra = sorted(set(params) - set(want), key=str)
    problems = []
    L = len(dims) - 1
    if missing:
        if missing == [f"W{L}", f"b{L}"] and not extra:
            problems.append(("stops early", (
                f"For layers_dims={dims} it has no W{L}/b{L}: the loop stops one layer early. "
                "Loop over range(1, L) with L = len(layers_dims).")))
        else:
            problems.append(("missing", (
                f"For layers_dims={dims} the keys {', '.join(missing)} are missing.")))
    if extra:
        hint = " Layers are numbered from 1: start the loop at l = 1." if "W0" in extra else ""
        problems.append(("extra", (
            f"For layers_dims={dims} there are unexpected keys {', '.join(map(repr, extra))}; "
            f"expected exactly {', '.join(want)}.{hint}")))
    return problems


def _check_shapes(params, dims):
    """[(mistake, message)] for the W/b of wrong shape; one message per kind of mistake."""
    found = {}
    typo = []
    for key in _keys(dims):
        got = np.shape(params[key])
        want = _shape(dims, key)
        if got == want:
            continue
        l = int(key[1:])
        slip = (dims[1], dims[l - 1]) if key[0] == "W" else (dims[1], 1)
        if got == slip:
            typo.append(key)
        elif key[0] == "W" and got == want[::-1]:
            found.setdefault("transposed", (
                f"{key} has shape {got}, transposed: it must be "
                f"(layers_dims[l], layers_dims[l-1]) = {want} for layers_dims={dims}."))
        elif key[0] == "b" and got == (want[0],):
            found.setdefault("flat bias", (
                f"{key} has shape {got}, a 1-D array: make it a column, "
                f"np.zeros((layers_dims[l], 1)) = {want} for layers_dims={dims}."))
        else:
            what = "(layers_dims[l], layers_dims[l-1])" if key[0] == "W" else "(layers_dims[l], 1)"
            found.setdefault(f"shape {key}", (
                f"For layers_dims={dims}, {key} has shape {got}; expected {what} = {want}."))
    if typo:
        rows = f"{dims[1]} row{'' if dims[1] == 1 else 's'}"
        found = {"layers_dims[1]": (
            f"For layers_dims={dims}, {', '.join(typo)} {'have' if len(typo) > 1 else 'has'} "
            f"{rows}: the shape uses layers_dims[1] (the digit one) where layers_dims[l] "
            "(the loop variable, lowercase L) was meant, so every layer gets the first "
            "layer's size."), **found}
    return list(found.items())


def _weights(params, dims):
    return [np.asarray(params[f"W{l}"], dtype=float) for l in range(1, len(dims))]


def _fit_scale(W, unit):
    """c with W == c * unit (to rounding), or None."""
    denom = float(np.sum(unit * unit))
    if denom == 0:
        return None
    c = float(np.sum(W * unit)) / denom
    return c if np.allclose(W, c * unit, rtol=1e-6, atol=1e-12) else None


def _unit_draws(dims, seed=LESSON_SEED, reseed_each_layer=False, draw=None):
    """The standard normal numbers the lesson draws for W1, W2, ... (before scaling)."""
    rng = np.random.RandomState(seed)
    out = []
    for l in range(1, len(dims)):
        if reseed_each_layer:
            rng = np.random.RandomState(seed)
        if draw is None:
            out.append(rng.randn(dims[l], dims[l - 1]))
        else:
            out.append(draw(rng, dims[l], dims[l - 1]))
    return out


def _fit_all(Ws_by_dims, units_by_dims):
    """Per dims, per layer scale c_l with W_l == c_l * unit_l; None if any layer fails."""
    fits = []
    for Ws, units in zip(Ws_by_dims, units_by_dims):
        row = [_fit_scale(W, u) for W, u in zip(Ws, units)]
        if any(c is None for c in row):
            return None
        fits.append(row)
    return fits


def _scales_match(fits, dims_list, scale):
    return all(math.isclose(c, scale(d[l - 1], d[l]), rel_tol=1e-6)
               for row, d in zip(fits, dims_list) for l, c in enumerate(row, start=1))


def _check_draws(kind, Ws_by_dims, dims_list):
    """Explain how the learner's W differ from the lesson's seeded randn * scale."""
    scheme = SCHEMES[kind]
    label = scheme.formula_for()

    def scale(n_prev, n_l):
        return scheme.scale_for(n_prev)

    fits = _fit_all(Ws_by_dims, [_unit_draws(d) for d in dims_list])
    if fits is not None:
        if _scales_match(fits, dims_list, scale):
            return []
        for wrong, message in _scale_mistakes(kind):
            if _scales_match(fits, dims_list, wrong):
                return [message]
        if scheme.takes_random_scale:
            cs = [c for row in fits for c in row]
            if np.allclose(cs, cs[0], rtol=1e-6):
                return [f"W is scaled by {cs[0]:g}; the large random initialization of this "
                        f"lesson multiplies np.random.randn(...) by {label}."]
        d = dims_list[-1]
        found = ", ".join(f"W{l}: {c:.4g} (expected {scale(d[l - 1], d[l]):.4g})"
                          for l, c in enumerate(fits[-1], start=1))
        return [f"The random numbers are right but the scale is not {label}. "
                f"For layers_dims={dims_list[-1]} the scales are {found}."]
    # The numbers themselves differ: look for the usual reasons.
    if _fit_all(Ws_by_dims, [_unit_draws(d, reseed_each_layer=True) for d in dims_list]) is not None:
        return [f"np.random.seed({LESSON_SEED}) is called inside the loop, so every layer starts "
                "the same random sequence again. Call it once, before the loop."]
    uniform = [_unit_draws(d, draw=lambda rng, a, b: rng.rand(a, b)) for d in dims_list]
    if _fit_all(Ws_by_dims, uniform) is not None:
        return ["The weights come from np.random.rand, uniform on [0, 1), so all have the same "
                "sign. Use np.random.randn, the standard normal distribution."]
    transposed = [_unit_draws(d, draw=lambda rng, a, b: rng.randn(b, a).T) for d in dims_list]
    if _fit_all(Ws_by_dims, transposed) is not None:
        return ["The weights are drawn as randn(layers_dims[l-1], layers_dims[l]) and transposed; "
                "draw them directly as np.random.randn(layers_dims[l], layers_dims[l-1])."]
    for seed in range(0, 101):
        if seed != LESSON_SEED and _fit_all(Ws_by_dims, [_unit_draws(d, seed) for d in dims_list]) is not None:
            return [f"The weights come from np.random.seed({seed}); the lesson uses "
                    f"np.random.seed({LESSON_SEED}), so its numbers are the ones to reproduce."]
    return [f"The weights are not the numbers np.random.randn draws after np.random.seed({LESSON_SEED}), "
            "layer by layer (W1 first, then W2, ...). Seed once at the start, then draw each W "
            "with np.random.randn(layers_dims[l], layers_dims[l-1]) and draw nothing else."]


def _check_seeded(fn, kind, first_Ws, dims_list):
    """Calling twice must give the same numbers: that needs the lesson's np.random.seed inside."""
    for dims, Ws in zip(dims_list, first_Ws):
        again = _weights(_call(fn, dims, kind), dims)
        if not all(np.array_equal(a, b) for a, b in zip(Ws, again)):
            return [f"Two calls with layers_dims={dims} gave different weights: "
                    f"np.random.seed({LESSON_SEED}) is not called inside the function. Call it once "
                    "at the start, before the loop, so every call draws the same numbers."]
    return []


def check(kind, fn, networks=CHECK_DIMS):
    """Feedback on fn as the lesson's initialize_parameters_<kind> (zeros, random or he).

    networks -- the layers_dims fn is called with (the graded notebook's hidden tests pass
    others, such as [3, 1, 2] or a deep network)."""
    if kind not in LESSON_NAMES:
        raise ValueError(f"kind must be one of {', '.join(LESSON_NAMES)}; got {kind!r}")
    networks = _networks(networks)
    name = _name(fn)
    if not callable(fn):
        return Feedback(name, FAILED, [f"Expected a function; got {type(fn).__name__}."])
    state = np.random.get_state()  # checking leaves the notebook's random stream as it was
    try:
        return _check(kind, fn, name, networks)
    except _Stop as stop:
        return stop.feedback
    finally:
        np.random.set_state(state)


def _networks(networks):
    """networks as a list of layers_dims lists, or a ValueError that says what is wrong."""
    try:
        out = [list(dims) for dims in networks]
    except TypeError:
        raise ValueError("networks must be a list of layers_dims such as [[3, 2, 1]]; "
                         f"got {networks!r}") from None
    if not out:
        raise ValueError("networks must hold at least one layers_dims; got none")
    for dims in out:
        if len(dims) < 2 or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool)
                                    and n >= 1 for n in dims):
            raise ValueError("each layers_dims in networks must list at least two layer sizes, "
                             f"whole numbers from 1 up; got {dims!r}")
    return out


def _check(kind, fn, name, networks):
    results = [(dims, _call(fn, dims, kind)) for dims in networks]
    for structure in (_check_keys, _check_shapes):
        problems = {}
        for dims, params in results:
            for mistake, message in structure(params, dims):
                problems.setdefault(mistake, message)  # the first example of each is enough
        if problems:
            return Feedback(name, FAILED, list(problems.values()))
    problems = []

    nonzero_b = sorted({key for dims, params in results for key in _keys(dims)
                        if key[0] == "b" and np.any(np.asarray(params[key]) != 0)},
                       key=lambda k: int(k[1:]))
    if nonzero_b:
        problems.append(f"{', '.join(nonzero_b)} {'are' if len(nonzero_b) > 1 else 'is'} not zero: "
                        "start every bias at zero with np.zeros((layers_dims[l], 1)); "
                        "the weights alone are enough to break the symmetry.")
    Ws = [_weights(params, dims) for dims, params in results]
    dims_list = [dims for dims, _ in results]
    if not SCHEMES[kind].draws:
        nonzero_w = sorted({f"W{l}" for row in Ws for l, W in enumerate(row, start=1) if np.any(W != 0)},
                           key=lambda k: int(k[1:]))
        if nonzero_w:
            problems.append(f"{', '.join(nonzero_w)} {'are' if len(nonzero_w) > 1 else 'is'} not "
                            "all zeros: this initialization sets every weight to 0 with np.zeros.")
    else:
        seeded = _check_seeded(fn, kind, Ws, dims_list)
        problems += seeded
        if not seeded:
            draws = _check_draws(kind, Ws, dims_list)
            if draws and nonzero_b:
                draws[-1] += (" Drawing random biases also uses up random numbers, which shifts "
                              "the ones the next W receives.")
            problems += draws
    if problems:
        return Feedback(name, FAILED, problems)
    return Feedback(name, PASSED, [_success(kind, networks)])


def _success(kind, networks):
    sizes = ", ".join(str(d) for d in networks)
    if not SCHEMES[kind].draws:
        return f"Every W and b is zeros with the right shape for layers_dims {sizes}."
    label = SCHEMES[kind].formula_for()
    return (f"Shapes, zero biases, np.random.seed({LESSON_SEED}) and the scale {label} all match the "
            f"lesson for layers_dims {sizes}.")


def check_zeros(fn, networks=CHECK_DIMS):
    return check("zeros", fn, networks)


def check_random(fn, networks=CHECK_DIMS):
    return check("random", fn, networks)


def check_he(fn, networks=CHECK_DIMS):
    return check("he", fn, networks)


def ready_for_lab(fn, layers_dims=(2, 10, 5, 1)):
    """True when fn can seed a lab run: it returns finite W/b of the right shapes.

    Otherwise prints why not (not implemented yet, an error, a wrong shape) and returns False.
    The values are not compared with the lesson: a wrong scale is worth watching train."""
    name = _name(fn)
    try:
        params = fn(list(layers_dims))
    except NotImplementedError:
        print(f"{name} is not implemented yet: write it in its exercise cell above, run that "
              "cell, then run this one again to train it next to the reference He.")
        return False
    except Exception as exc:  # the learner's code
        print(f"{name}({list(layers_dims)}) raised {type(exc).__name__}: {exc}. "
              "Its check cell above says more.")
        return False
    if params is None:
        print(f"{name} returned None: it is not implemented yet (or lacks `return parameters`).")
        return False
    try:
        check_parameters(params, list(layers_dims), source=name)
    except (TypeError, ValueError) as exc:
        print(f"{exc}. Its check cell above says more.")
        return False
    return True
