"""Loads run one at a time: on Neo4j through the database's load lease (graph.lease), on
the embedded store because LadybugDB admits one writing process.

Two loads planned from the same graph would both create the relationships they found
missing; these tests check, on a real server, that a load finding the lease held waits
before it reads anything (and gives up, having written nothing, past its wait), that a
crashed holder's lease is taken over, that two loads taking it at once cannot both win,
and that the holder keeps it alive. (Two loads started together converge:
tests/test_living_data.py.)
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph import lease
from graph.errors import StoreError
from graph.registry import open_store
from graph.schema import LOAD_LEASE
from graph.store import Store
from loaders import load_path
from tests.support import MINI, ROOT

LEASES = f"MATCH (l:{LOAD_LEASE.label}) RETURN l.holder AS holder, l.renewed AS renewed"


def leases(store: Store) -> list[dict[str, object]]:
    return store.execute(LEASES).dicts()


def test_a_load_takes_the_lease_and_gives_it_back(store: Store,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[dict[str, object]]] = []
    write = store.write_dataset

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(leases(store))  # while the load writes
        return write(*args, **kwargs)

    monkeypatch.setattr(store, "write_dataset", spy)
    load_path(store, MINI)
    assert len(seen) == 1
    assert len(seen[0]) == (0 if store.one_writer else 1)
    assert leases(store) == []  # given back


def test_a_load_waits_while_another_holds_the_lease(
        neo4j: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store = neo4j
    monkeypatch.setattr(lease, "POLL_SECONDS", 0.05)
    monkeypatch.setattr(lease, "WAIT_SECONDS", 0.5)
    lease.take(store, "other-dataset", "another-load")
    before = store.counts()
    with pytest.raises(lease.LeaseHeld, match="other-dataset"):
        load_path(store, MINI)
    assert store.counts() == before  # nothing written
    assert [r["holder"] for r in leases(store)] == ["another-load"]
    monkeypatch.setattr(lease, "WAIT_SECONDS", 30.0)
    done = threading.Timer(0.5, lease.give_back, (store, "another-load"))
    done.start()
    started = time.monotonic()
    load_path(store, MINI)  # waits for the other load, then loads
    done.join()
    assert time.monotonic() - started >= 0.5
    assert store.counts() != before and leases(store) == []


def test_a_stopped_loads_lease_is_taken_over(neo4j: Store) -> None:
    store = neo4j
    lease.take(store, "crashed", "a-crashed-load")
    stale_ms = int(lease.STALE_SECONDS * 1000) + 1000
    store.execute(f"MATCH (l:{LOAD_LEASE.label}) SET l.renewed = timestamp() - $ms",
                  {"ms": stale_ms}, write=True)
    load_path(store, MINI)
    assert leases(store) == []


def test_two_loads_taking_the_lease_at_once_cannot_both_win(neo4j: Store) -> None:
    store = neo4j
    store.ensure_schema()
    for round_ in range(6):
        start = threading.Barrier(2)
        won: list[str] = []

        def claim(holder: str, start: threading.Barrier = start,
                  won: list[str] = won) -> None:
            start.wait()
            try:
                lease.take(store, "d", holder)
                won.append(holder)
            except lease.LeaseHeld:
                pass

        threads = [threading.Thread(target=claim, args=(f"load-{round_}-{i}",))
                   for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(won) == 1, won
        assert [r["holder"] for r in leases(store)] == won
        if round_ % 2 == 0:
            lease.give_back(store, won[0])  # the next round races to create it
        else:  # the next round races to take over a stale one
            store.execute(f"MATCH (l:{LOAD_LEASE.label}) SET l.renewed = timestamp() - $ms",
                          {"ms": int(lease.STALE_SECONDS * 1000) + 1000}, write=True)


def test_the_holder_keeps_its_lease_alive(neo4j: Store,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    store = neo4j
    monkeypatch.setattr(lease, "RENEW_SECONDS", 0.05)
    with lease.held(store, "d"):
        (first,) = leases(store)
        time.sleep(0.5)
        (later,) = leases(store)
        assert later["holder"] == first["holder"]
        assert int(later["renewed"]) > int(first["renewed"])  # type: ignore[call-overload]
    assert leases(store) == []


HOLD = """
import sys, time
from graph.registry import open_store
store = open_store(sys.argv[1])
store.ensure_schema()
print("open", flush=True)
time.sleep(30)
"""


def test_the_embedded_store_admits_one_writing_process(tmp_path: Path) -> None:
    """Why the embedded store needs no lease: while one process has the database open
    for writing, another cannot open it for writing (so cannot load)."""
    db = tmp_path / "db"
    open_store(str(db)).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError), open_store(str(db)) as second:
            load_path(second, MINI)
    finally:
        holder.kill()
        holder.wait()
    with open_store(str(db)) as store:
        assert store.one_writer
        load_path(store, MINI)
        assert store.counts()["Region"] > 0


def test_a_load_whose_lease_was_taken_over_writes_nothing(
        neo4j: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A load paused for longer than the lease lasts (a suspended laptop) finds another
    load took its turn: it stops before writing from its plan."""
    store = neo4j
    monkeypatch.setattr(lease, "RENEW_SECONDS", 0.05)
    before = store.counts()
    with lease.held(store, "mini") as held:
        store.execute(f"MATCH (l:{LOAD_LEASE.label}) SET l.holder = 'another-load'",
                      write=True)  # what a take-over does
        deadline = time.monotonic() + 10
        while not held.lost and time.monotonic() < deadline:
            time.sleep(0.05)
        assert held.lost
        with pytest.raises(lease.LeaseLost, match="nothing was written"):
            load_path(store, MINI)  # inside the block: the same (lost) lease
    assert store.counts() == before
    assert [r["holder"] for r in leases(store)] == ["another-load"]  # not given back


def test_the_lease_covers_the_synergy_index_of_a_load(
        neo4j: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The synergy index is counted (or restamped) while the load still holds the lease: a
    load that waited for another must not restamp the build that one's refresh replaced."""
    from usecases import data, synergy_index

    store = neo4j
    held_during: list[int] = []
    for name in ("refresh", "restamp"):
        real = getattr(synergy_index, name)

        def spy(*args, real=real, **kwargs):  # type: ignore[no-untyped-def]
            held_during.append(len(leases(store)))
            return real(*args, **kwargs)

        monkeypatch.setattr(synergy_index, name, spy)
    data.load(store, MINI)  # refreshes
    data.load(store, MINI)  # changes nothing: restamps
    assert held_during == [1, 1] and leases(store) == []
