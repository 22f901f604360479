"""How the Neo4j store uses the driver (a stand-in driver: one server cannot show a cluster's
routing or stale reads): reads in READ mode, writes in WRITE mode, one bookmark manager for
every session so a read after a write sees it."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from graph import neo4j_store


class _Result:
    def keys(self) -> list[str]:
        return ["x"]

    def __iter__(self) -> Any:
        return iter([])

    def consume(self) -> None:
        return None


class _Session:
    def __init__(self, calls: list[dict[str, Any]], **options: Any) -> None:
        self.options = options
        calls.append(options)

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute_read(self, work: Any, *args: Any) -> Any:
        return work(self, *args)

    def execute_write(self, work: Any, *args: Any) -> Any:
        return work(self, *args)

    def run(self, *args: Any, **kwargs: Any) -> _Result:
        return _Result()


class _Driver:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def session(self, **options: Any) -> _Session:
        return _Session(self.calls, **options)

    def verify_connectivity(self) -> None:
        return None

    def close(self) -> None:
        return None


def test_sessions_use_access_modes_and_one_bookmark_manager(
        monkeypatch: pytest.MonkeyPatch) -> None:
    driver = _Driver()
    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda *a, **k: driver)
    store = neo4j_store.Neo4jStore("neo4j://cluster.example:7687", password="x")
    store.execute("CREATE (n:Region {id: 'r'})", write=True)
    store.execute("MATCH (n:Region) RETURN n.id")
    modes = [c["default_access_mode"] for c in driver.calls]
    assert modes[-2:] == [neo4j.WRITE_ACCESS, neo4j.READ_ACCESS]
    managers = {id(c["bookmark_manager"]) for c in driver.calls}
    assert len(managers) == 1 and driver.calls[0]["bookmark_manager"] is not None
