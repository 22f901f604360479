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


#: ``mallopt``'s parameter for the size from which a block gets its own mapping.
_M_MMAP_THRESHOLD = -3
#: Blocks from this size on are mapped on their own (see :func:`map_big_blocks`).
BIG_BLOCK = 256 * 1024


def map_big_blocks() -> None:
    """From now on, let the GNU C library give every block of :data:`BIG_BLOCK` or more
    its own mapping, returned to the system as soon as it is freed. By default the
    library raises that threshold (up to 32 MB) after the first such block is freed, and
    later big blocks come from the heap, where what the next block leaves around them
    stays: at EU scale a load's peak was about 15 MB higher. Elsewhere nothing happens."""
    with contextlib.suppress(OSError, AttributeError, TypeError):  # GNU C library only
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, BIG_BLOCK)
