"""Test-only crash points: kill the process at a named step of a write, to test recovery.

Set ``RSP_CRASH_AT`` to a point's name and the process dies there with SIGKILL: no
``finally``, no ``atexit``, no destructor of the database engine runs, exactly as when
the machine loses power or the user kills the process. Without the variable a point is
one dictionary look-up.

Two kinds of point:

* :func:`crash_point` dies *at* the step (between two statements);
* :func:`crash_during` dies *while* a statement runs inside the engine: a watcher thread
  kills the process as soon as ``when()`` (a look at the database's files) turns true,
  or ``RSP_CRASH_DELAY`` seconds after the step starts. If the step ends first, the
  watcher stops and the process carries on: the point was not reached.

>>> crash_point("no such point")  # not armed: nothing happens
>>> with crash_during("no such point", lambda: True):
...     pass
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: The environment variable naming the point to die at.
ENV = "RSP_CRASH_AT"
#: For a :func:`crash_during` point: die this many seconds after the step starts.
DELAY_ENV = "RSP_CRASH_DELAY"
#: How long a :func:`crash_during` watcher waits for its moment before giving up.
WATCH_LIMIT = 30.0


def armed(name: str) -> bool:
    """Whether ``RSP_CRASH_AT`` names this point."""
    return os.environ.get(ENV) == name


def die() -> None:
    """End the process at once, as ``kill -9`` would (exit status 137 / -9)."""
    kill = getattr(signal, "SIGKILL", None)
    if kill is not None:
        os.kill(os.getpid(), kill)
    os._exit(137)  # no SIGKILL (Windows), or it did not land yet


def crash_point(name: str) -> None:
    """Die here if ``RSP_CRASH_AT`` is ``name``."""
    if os.environ.get(ENV) == name:
        die()


@contextmanager
def crash_during(name: str, when: Callable[[], bool], *, clock: bool = True
                 ) -> Iterator[None]:
    """If ``RSP_CRASH_AT`` is ``name``, die while the ``with`` block runs.

    A daemon thread polls ``when()`` (every ~0.1 ms) and dies once it is true; with
    ``RSP_CRASH_DELAY`` set it dies that many seconds after the block starts instead,
    unless ``clock`` is false: a block that only *may* contain the step (a COMMIT that
    checkpoints by itself when its log is big) is watched by ``when()`` alone, so a
    delay counts from the step's real start. The engine releases the GIL while it
    works, so the thread runs during a statement.
    """
    if os.environ.get(ENV) != name:
        yield
        return
    delay = os.environ.get(DELAY_ENV) if clock else None
    start = time.monotonic()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set() and time.monotonic() - start < WATCH_LIMIT:
            if (time.monotonic() - start >= float(delay)) if delay else _safe(when):
                die()
            time.sleep(0.0001)

    threading.Thread(target=watch, name=f"crash:{name}", daemon=True).start()
    try:
        yield
    finally:
        done.set()


def _safe(when: Callable[[], bool]) -> bool:
    try:
        return when()
    except OSError:  # a file vanished between two looks
        return False
