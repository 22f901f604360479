"""One load at a time on a Neo4j server: the load lease.

A load reads the graph, plans what is new (to be created) and what differs, then writes.
Two loads planned from the same graph would both create the relationships they found
missing: Neo4j keeps node ids unique (a constraint), but nothing keeps two relationships
between the same nodes apart. So a load on Neo4j first takes the database's lease, one
``LoadLease`` node (``graph.schema.LOAD_LEASE``), and keeps it until it has written; another
load finding it held says which load holds it and waits (up to :data:`WAIT_SECONDS`), then
plans from the graph the first one left.

The lease lives in the database, so it is shared by every client of the server. A load
that crashed cannot give it back: the holder renews it every :data:`RENEW_SECONDS` from a
background thread, and a lease not renewed for :data:`STALE_SECONDS` (by the server's
clock, the same for every client) is taken over by the next load. The embedded store
needs none: LadybugDB lets one process at a time open a database for writing, and while a
load has it closed for a moment (reading files, or between bulk copies) it holds a marker
that other rsp writers wait for (see ``graph.embedded``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Iterator

from graph.errors import RspError
from graph.schema import LOAD_LEASE
from graph.store import Store

log = logging.getLogger(__name__)

#: A lease not renewed for this long belongs to a load that is gone.
STALE_SECONDS = 60.0
#: How often the holder renews it.
RENEW_SECONDS = 10.0
#: How long a load waits for the lease before it gives up, and how often it asks.
WAIT_SECONDS = 600.0
POLL_SECONDS = 1.0
#: The lease's key: one per database, whatever the dataset (datasets share records).
LEASE_ID = "load"

_L = LOAD_LEASE.label
#: Take the lease when nobody holds it or its holder stopped renewing it; say who holds it.
#: Setting ``asked`` locks an existing lease before its holder is read, so two loads taking
#: over a stale one are served one after the other (the second sees the first as holder).
TAKE = f"""
MERGE (l:{_L} {{id: $id}})
ON CREATE SET l.holder = $holder, l.dataset = $dataset, l.since = $since,
              l.renewed = timestamp()
ON MATCH SET l.asked = timestamp()
WITH l, l.holder = $holder OR coalesce(l.renewed, 0) < timestamp() - $stale_ms AS free
FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END |
  SET l.holder = $holder, l.dataset = $dataset, l.since = $since, l.renewed = timestamp())
RETURN free, l.dataset AS dataset, l.since AS since,
       (timestamp() - l.renewed) / 1000.0 AS idle
"""
RENEW = f"""
MATCH (l:{_L} {{id: $id}}) WHERE l.holder = $holder
SET l.renewed = timestamp()
RETURN count(l) AS held
"""
GIVE_BACK = f"MATCH (l:{_L} {{id: $id}}) WHERE l.holder = $holder DELETE l"


class LeaseHeld(RspError):
    """Another load holds the lease."""


class LeaseLost(RspError):
    """This load's lease was taken over (it stopped renewing it for too long)."""


class Held:
    """A lease this process holds: :meth:`check` before writing."""

    def __init__(self, store: Store):
        self.store = store
        self.lost = False

    def check(self) -> None:
        """Raise :class:`LeaseLost` if another load took the lease over (this one was
        paused for longer than :data:`STALE_SECONDS`): it must not write from its plan."""
        if self.lost:
            raise LeaseLost(
                f"this load was paused for over {STALE_SECONDS:.0f} s and another load "
                f"took its turn on {self.store.location}; nothing was written: load again")


def take(store: Store, dataset: str, holder: str) -> None:
    """Take the lease for ``holder`` or raise :class:`LeaseHeld`."""
    since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    row = store.execute(TAKE, {"id": LEASE_ID, "holder": holder, "dataset": dataset,
                               "since": since, "stale_ms": int(STALE_SECONDS * 1000)},
                        write=True).dicts()[0]
    if not row["free"]:
        raise LeaseHeld(
            f"another load is writing to {store.location}: dataset {row['dataset']!r}, "
            f"started {row['since']} (last sign of life {row['idle']:.0f} s ago)")


def renew(store: Store, holder: str) -> bool:
    """Renew the lease; False when ``holder`` no longer holds it."""
    row = store.execute(RENEW, {"id": LEASE_ID, "holder": holder}, write=True).rows
    return bool(row and row[0][0])


def give_back(store: Store, holder: str) -> None:
    store.execute(GIVE_BACK, {"id": LEASE_ID, "holder": holder}, write=True)


@contextlib.contextmanager
def held(store: Store, dataset: str) -> Iterator[Held]:
    """Hold the database's load lease while the block runs (nothing to hold where the
    database admits one writer only: ``store.one_writer``). Re-entrant: a block inside
    another one of the same store holds the same lease."""
    if store._load_lease is not None:
        yield store._load_lease
        return
    if store.one_writer:
        yield Held(store)
        return
    holder = uuid.uuid4().hex
    store.ensure_schema()  # the lease's uniqueness constraint: one lease, even when raced
    deadline = time.monotonic() + WAIT_SECONDS
    told = False
    while True:
        try:
            take(store, dataset, holder)
            break
        except LeaseHeld as exc:
            if time.monotonic() >= deadline:
                raise LeaseHeld(
                    f"{exc}; waited {WAIT_SECONDS:.0f} s for it. Load again once it is "
                    f"done (a load that was stopped gives its turn up {STALE_SECONDS:.0f} "
                    "s after its last sign of life)") from None
            if not told:
                log.warning("rsp: %s; waiting for it to finish (up to %.0f s)", exc,
                            WAIT_SECONDS)
                told = True
            time.sleep(POLL_SECONDS)
    handle = Held(store)
    stop = threading.Event()

    def keep() -> None:
        while not stop.wait(RENEW_SECONDS):
            try:
                if not renew(store, holder):
                    handle.lost = True
                    log.warning("rsp: this load's lease on %s was taken over by another "
                                "load", store.location)
                    return
            except Exception as exc:
                log.warning("rsp: could not renew this load's lease (%s)", exc)

    keeper = threading.Thread(target=keep, name="rsp-load-lease", daemon=True)
    keeper.start()
    store._load_lease = handle
    try:
        yield handle
    finally:
        store._load_lease = None
        stop.set()
        keeper.join(timeout=RENEW_SECONDS)
        try:
            give_back(store, holder)
        except RspError as exc:  # it goes stale and the next load takes it
            log.warning("rsp: could not give the load lease back (%s)", exc)
