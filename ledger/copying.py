"""A fast deep copy for aggregates whose state is containers of immutable values.

The event store's cache hands out a deep copy of a cached aggregate on every read, so a
refused command can never leave a half-changed aggregate behind. The generic deepcopy
walks every string of every dict; these aggregates only need their containers copied.
"""

from __future__ import annotations

import copy
from typing import Any


def copy_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: copy_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_value(item) for item in value]
    if isinstance(value, set):
        return set(value)
    return value  # strings, numbers, dates, None and frozen events are immutable


class CheapCopy:
    """Mix in before Aggregate: containers are copied, immutable values shared."""

    def __deepcopy__(self, memo: dict) -> Any:
        clone = copy.copy(self)
        clone.__dict__.update({name: copy_value(value) for name, value in vars(self).items()})
        return clone
