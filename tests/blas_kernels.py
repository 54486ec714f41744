"""Two OpenBLAS kernel choices to run the lecture under, so a CPU difference is caught here.

The same numpy wheel picks its BLAS kernel per CPU, or as OPENBLAS_CORETYPE says, and the
last digits of sums differ between kernels. The suite runs the lecture under the machine's
own settings and under a second choice: with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset when
the machine sets them, or else with a core type other than the one OpenBLAS detects.
"""
import json
import os
import platform
import subprocess
import sys

OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
ALTERNATIVES = {"x86_64": ("Haswell", "Sandybridge"), "aarch64": ("ARMV8", "NEOVERSEN1")}
_PROBE = ("import json, numpy, threadpoolctl; "
          "print(json.dumps([i.get('architecture') for i in threadpoolctl.threadpool_info() "
          "if i.get('internal_api') == 'openblas']))")


def architecture(env):
    """The kernel OpenBLAS picks under env, as threadpoolctl reports it."""
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True,
                         check=True, timeout=60).stdout
    found = json.loads(out)
    if not found:
        raise RuntimeError("numpy is not linked against OpenBLAS here; the kernel choice cannot be varied")
    return found[0]


def kernel_choices(base=None):
    """[(label, env), (label, env)]: the machine's settings and a second, different kernel."""
    machine = dict(os.environ if base is None else base)
    choices = [("machine settings", machine)]
    detected = architecture(machine)
    if any(k in machine for k in OVERRIDES):
        other = {k: v for k, v in machine.items() if k not in OVERRIDES}
        # e.g. OPENBLAS_CORETYPE=Zen on a CPU whose own choice is Zen's kernel, Haswell
        if architecture(other) != detected:
            choices.append((" and ".join(OVERRIDES) + " unset", other))
            return choices
    for core in ALTERNATIVES.get(platform.machine(), ()):
        env = {**machine, "OPENBLAS_CORETYPE": core}
        if architecture(env) != detected:
            choices.append((f"OPENBLAS_CORETYPE={core}", env))
            return choices
    raise RuntimeError(f"no second OpenBLAS kernel found for {platform.machine()} (detected {detected})")
