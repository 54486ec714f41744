"""Per-layer statistics for the "inside the network" views: plain NumPy on the network's buffers.

Activation magnitudes |a| are binned on one fixed log scale shared by every layer and every
initialization, so a signal that shrinks or blows up with depth shows as the mass sliding left or
right from one row to the next. The first bin also holds exact zeros (a ReLU's inactive units),
the last everything from 1e5 up, overflow (inf, nan) included.
"""
import numpy as np

BINS_PER_DECADE = 2
LOW_DECADE, HIGH_DECADE = -5, 5
# Bin i covers [edges[i], edges[i + 1]); the outer edges are 0 and inf.
BIN_EDGES = np.concatenate(
    [[0.0], 10.0 ** np.arange(LOW_DECADE, HIGH_DECADE + 1e-9, 1 / BINS_PER_DECADE), [np.inf]])
N_BINS = len(BIN_EDGES) - 1
INNER_EDGES = BIN_EDGES[1:-1]

# What a trainable layer looks like at the inputs' scale (the datasets' coordinates are ~1):
# activations whose root mean square stays within two decades of 1 carry the signal forward.
# Below 0.1 the signal is fading (vanishing); above 10 it is blowing up (exploding).
HEALTHY_ACTIVATION = (0.1, 10.0)
# Gradient norms ||dW|| at the lesson's learning rate (0.01): below 1e-4 a layer's weights move
# less than 1e-6 per iteration (frozen in practice); above 10 one step changes them by 0.1.
HEALTHY_GRADIENT = (1e-4, 10.0)


def _octave_tables():
    """For the octaves [2**(e-1), 2**e) that hold an inner edge or touch one, the bin of the
    octave's lower end and the one inner edge inside the octave (inf if none): edges are half a
    decade apart, more than an octave, so an octave holds at most one."""
    lo = int(np.floor(np.log2(INNER_EDGES[0])))  # the octave below the first inner edge
    hi = int(np.ceil(np.log2(INNER_EDGES[-1]))) + 2
    exponents = np.arange(lo, hi + 1)
    starts = np.ldexp(1.0, exponents - 1)
    base = np.searchsorted(BIN_EDGES, starts, side="right") - 1
    inside = np.full(len(exponents), np.inf)
    for i, (a, b) in enumerate(zip(starts, starts * 2)):
        edge = INNER_EDGES[(INNER_EDGES > a) & (INNER_EDGES < b)]
        if edge.size:
            inside[i] = edge[0]
    return lo, base, inside


_OCTAVE_LO, _OCTAVE_BASE, _OCTAVE_EDGE = _octave_tables()


def bin_index(values):
    """The bin of each |a| in `values` (any shape, >= 0 or nan): exactly the bin whose
    [edges[i], edges[i + 1]) holds it (nan in the last, overflow). A value's binary exponent
    names its octave; an octave's bin is that of its lower end, plus one past the single edge an
    octave can hold. Several times quicker than sorting each layer's values or locating every value
    among the edges, the exact ways before (ARCHITECTURE.md rule 5: frames stay cheap)."""
    mantissa, exponent = np.frexp(values)  # values = mantissa * 2**exponent, mantissa in [0.5, 1)
    exponent -= _OCTAVE_LO
    np.clip(exponent, 0, len(_OCTAVE_BASE) - 1, out=exponent)
    index = _OCTAVE_BASE.take(exponent)
    index += values >= _OCTAVE_EDGE.take(exponent)
    # Below the first octave everything is in bin 0, past the last in the overflow bin (the
    # tables' ends say so); left: 0, inf and nan, whose exponent frexp gives as 0.
    index *= mantissa != 0
    np.putmask(index, ~(mantissa < 1), N_BINS - 1)
    return index


def activation_histograms(hidden, K=None):
    """hidden: per hidden layer an (n_l, K, m) array of activations (K: needed when there are none).
    Returns (K, L, N_BINS): per model and layer, the fraction of |a| values in each bin."""
    K = hidden[0].shape[1] if hidden else K or 0
    out = np.zeros((K, len(hidden), N_BINS))
    offsets = (np.arange(K) * N_BINS)[None, :, None]
    for l, A in enumerate(hidden):
        index = bin_index(np.abs(A))
        index += offsets
        counts = np.bincount(index.ravel(), minlength=K * N_BINS).reshape(K, N_BINS)
        out[:, l] = counts / max(A.shape[0] * A.shape[2], 1)
    return out


def activation_rms(hidden, K=None):
    """(K, L): root mean square of each hidden layer's activations (inf on overflow)."""
    if not hidden:
        return np.zeros((K or 0, 0))
    with np.errstate(over="ignore", invalid="ignore"):
        return np.stack([np.sqrt((A ** 2).mean(axis=(0, 2))) for A in hidden], axis=1)


def distinct_units(blocks, rtol=1e-9, K=None):
    """blocks: per hidden layer a (K, n_l, n_prev + 1) array of incoming weights and bias.
    Returns (K, L) ints: how many different units each layer has. Units with the same incoming
    weights and bias compute the same function and receive the same gradient, so they stay equal.
    A unit whose weights overflowed (inf or nan) is not counted: it computes nothing."""
    K = blocks[0].shape[0] if blocks else K or 0
    out = np.zeros((K, len(blocks)), dtype=int)
    for l, P in enumerate(blocks):
        todo = range(K)
        if np.isfinite(P).all():
            # Quick exact answer in the usual case: rows whose first rounded entries all differ are
            # all different units (the same rounding as below, so the same count).
            scale = rtol * (1.0 + np.abs(P).max(axis=(1, 2)))
            first = np.sort(np.round(P[:, :, 0] / scale[:, None]), axis=1)
            tied = (first[:, 1:] == first[:, :-1]).any(axis=1)
            out[~tied, l] = P.shape[1]
            todo = np.flatnonzero(tied)
        for k in todo:
            W = P[k][np.isfinite(P[k]).all(axis=1)]
            if W.shape[0] == 0:
                continue
            R = np.round(W / (rtol * (1.0 + np.abs(W).max())))
            R = R[np.lexsort(R.T[::-1])]  # equal rows end up next to each other
            out[k, l] = 1 + int(np.any(R[1:] != R[:-1], axis=1).sum())
    return out


def first_layer_outside(rms, low=HEALTHY_ACTIVATION[0], high=HEALTHY_ACTIVATION[1]):
    """(layer number from 1, "low" | "high") of the first hidden layer whose rms leaves the
    healthy range, or None. A non-finite rms counts as high."""
    for l, value in enumerate(np.asarray(rms, dtype=float), start=1):
        if not np.isfinite(value) or value > high:
            return l, "high"
        if value < low:
            return l, "low"
    return None
