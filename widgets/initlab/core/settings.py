"""Which Config fields define an experiment and which apply live (ARCHITECTURE.md: experiment vs live settings), so what a
Reset would change is computed from two configs, not patched field by field."""
import dataclasses

LIVE_FIELDS = ("learning_rate", "cost")  # applied to a running experiment; pace and log scale are UI-only


def defining_changes(current, proposed):
    """Names of the experiment-defining fields in which `proposed` differs from `current`."""
    return [f.name for f in dataclasses.fields(current)
            if f.compare and f.name not in LIVE_FIELDS and getattr(current, f.name) != getattr(proposed, f.name)]
