"""Giving freed memory back to the system during a load.

A load of a million rows allocates and frees hundreds of MB: Arrow's pool keeps what it
freed for reuse, and so does the C library's allocator (which reading and validating use,
see ``loaders.load.load_path``, and which the embedded engine uses). Given back after
each step, what one step freed does not add up with the next step's own into the peak
of a load.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys


def give_back_memory() -> None:
    """Return to the system the memory freed so far (Arrow's pool when pyarrow is in use,
    then the GNU C library's heap; elsewhere the latter is left as it is)."""
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError, TypeError):  # GNU C library only
        ctypes.CDLL(None).malloc_trim(0)
