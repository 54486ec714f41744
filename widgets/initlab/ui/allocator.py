"""The process's memory allocator, set up so that frames do not fault in fresh pages.

A frame's snapshot makes many short-lived arrays of a few hundred kB (a deep net's histograms,
boundary grid, accuracies). glibc hands out blocks above its mmap threshold (128 kB at first)
straight from the kernel and gives them back on free, so every frame paid for its memory again
in page faults: about 660 per deep-relu frame, which cost the dashboard 5-10% of its training
rate. Served from the heap and kept there, the same frame faults none once the heap has grown.
"""
import ctypes
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
KEEP = 32 * 2 ** 20  # blocks up to this come from the heap, and this much free heap is kept
_done = None


def reuse_freed_memory():
    """Once per process: blocks under 32 MiB from the heap, and up to 32 MiB of freed heap kept
    for the next frame instead of returned. Returns whether it took effect (glibc only; elsewhere
    the allocator is left as it is)."""
    global _done
    if _done is None:
        _done = False
        if sys.platform.startswith("linux"):
            try:
                mallopt = ctypes.CDLL("libc.so.6").mallopt
            except (OSError, AttributeError):  # not glibc (musl, say): nothing to tune
                return _done
            mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
            _done = bool(mallopt(M_MMAP_THRESHOLD, KEEP)) and bool(mallopt(M_TRIM_THRESHOLD, KEEP))
    return _done
