"""Loaded by pytest before anything under tests/ or notebooks/ is collected."""
import os

# numpy's exp and log take another code path on AVX-512 CPUs (X86_V4) and differ in the last
# bit: the lecture's zeros run, whose stored costs have 16 digits and whose largest parameter is
# ~1e-16, then printed other digits on another CI machine (OpenBLAS's kernel choice changes
# nothing there). Every kernel the tests start (nbval, Voila) inherits this, so the stored
# outputs are checked on the AVX2 path on every x86 machine. A learner's own run may differ
# in that last digit.
os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "X86_V4")
