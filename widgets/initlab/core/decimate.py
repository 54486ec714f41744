"""Thin a long cost history to a bounded number of points, keeping its shape: the first and
last points and, in every bucket, each line's highest point (a spike is never smoothed away)."""
import numpy as np

MAX_POINTS = 2000


def decimate(iterations, *lines, max_points=MAX_POINTS):
    """iterations (T,), each line (K, T) -> the same arrays at <= max_points shared columns.

    The T columns are cut into buckets; each bucket keeps the column of each line's maximum
    (NaN/inf count as highest), so at most K columns per bucket plus the first and the last.
    """
    T = len(iterations)
    if T <= max_points:
        return (iterations, *lines)
    stacked = np.concatenate([np.atleast_2d(l) for l in lines], axis=0) if lines else np.zeros((1, T))
    K = stacked.shape[0]
    buckets = max(1, (max_points - 2) // K)
    edges = np.linspace(1, T - 1, buckets + 1).astype(int)  # interior columns only
    keep = [np.array([0, T - 1])]
    ranked = np.where(np.isfinite(stacked), stacked, np.inf)
    for lo, hi in zip(edges[:-1], edges[1:]):
        if hi > lo:
            keep.append(lo + np.argmax(ranked[:, lo:hi], axis=1))
    idx = np.unique(np.concatenate(keep))
    return (iterations[idx], *(np.asarray(l)[..., idx] for l in lines))
