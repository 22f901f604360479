"""How the Neo4j store uses the driver (a stand-in driver: one server cannot show a cluster's
routing or stale reads): reads in READ mode, writes in WRITE mode, one bookmark manager for
every session so a read after a write sees it."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from graph import neo4j_store


class _Result:
    def __init__(self, record: dict[str, Any] | None = None) -> None:
        self.record = record

    def keys(self) -> list[str]:
        return ["x"]

    def __iter__(self) -> Any:
        return iter([])

    def consume(self) -> None:
        return None

    def single(self, strict: bool = False) -> dict[str, Any] | None:
        return self.record


def _answer(statement: str, params: dict[str, Any]) -> _Result:
    """What a server returns: for nodes created, their ids and (made-up) element ids."""
    if "collect(elementId(n))" in statement:
        ids = params["c"]["id"]
        return _Result({"ids": ids, "elements": [f"4:db:{i}" for i in ids]})
    return _Result()


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


class _Recorder(_Session):
    """A session that records each transaction function's statements and parameters."""

    def __init__(self, calls: list[dict[str, Any]], log: dict[str, Any], **options: Any
                 ) -> None:
        super().__init__(calls, **options)
        self.log = log
        self.current: list[str] | None = None

    def execute_write(self, work: Any, *args: Any) -> Any:
        self.current = []
        self.log["transactions"].append(self.current)  # sessions may run in threads
        try:
            return work(self, *args)
        finally:
            self.current = None

    def run(self, statement: str, params: dict[str, Any] | None = None, **kw: Any
            ) -> _Result:
        self.log["runs"].append((statement, params or {}))
        if self.current is not None:
            self.current.append(statement)
        return _answer(statement, params or {})


class _RecordingDriver(_Driver):
    def __init__(self) -> None:
        super().__init__()
        self.log: dict[str, Any] = {"runs": [], "transactions": []}

    def session(self, **options: Any) -> _Session:
        return _Recorder(self.calls, self.log, **options)


def _dataset(orgs: int) -> Any:
    """A stand-in for a validated dataset without a sync's split (every row to write)."""
    import datetime as dt
    from types import SimpleNamespace

    common = {"source": "s", "updated": dt.date(2026, 1, 1), "verified": True,
              "illustrative": True, "note": None, "datasets": ["d"]}
    nodes = {"Organisation": [{"id": f"o{i}", "name": f"O {i}", "category": "industry",
                               **common} for i in range(orgs)],
             "Region": [{"id": "r", "name": "R", "country": "X", "country_code": "XX",
                         **common}]}
    rels = {("LOCATED_IN", "Organisation", "Region"):
            [{"from": f"o{i}", "to": "r", **common} for i in range(orgs)]}
    return SimpleNamespace(
        size=2 * orgs + 1, history=None, node_groups=lambda: iter(nodes.items()),
        rel_groups=lambda: iter(rels.items()), release_nodes={}, release_rels={},
        delete_nodes={}, delete_rels={})


def test_a_load_sends_values_as_parameters_in_column_batches(
        monkeypatch: pytest.MonkeyPatch) -> None:
    driver = _RecordingDriver()
    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda *a, **k: driver)
    store = neo4j_store.Neo4jStore("neo4j://cluster.example:7687", password="x")
    store.write_dataset(_dataset(5), batch_size=2, atomic=True)
    loads = [(s, p) for s, p in driver.log["runs"] if s.startswith("UNWIND range")]
    # 3 organisation batches (2 + 2 + 1 rows), 1 region batch, 3 relationship batches.
    assert len(loads) == 7
    first_statement, first = loads[0]
    # An empty graph: every row is new, so CREATE; what all rows share is sent once.
    assert first_statement.startswith("UNWIND range(0, $n - 1) AS i CREATE (n:Organisation")
    assert first["n"] == 2 and first["c"]["id"] == ["o0", "o1"]
    assert first["k"]["category"] == "industry" and "category" not in first["c"]
    assert "`note`" not in first_statement  # null in every row: not set at all
    for statement, params in loads:
        assert "o0" not in statement and "industry" not in statement  # values never inline
        assert set(params) == {"n", "c", "k"}
    # The ends this load created are found by the element ids their CREATE returned.
    located = [(s, p) for s, p in loads if "CREATE (a)-[:LOCATED_IN" in s]
    assert located and all("WHERE elementId(a) = $c.`from`[i] MATCH (b:Region)" in s
                           for s, _ in located)
    assert located[0][1]["c"]["from"] == ["4:db:o0", "4:db:o1"]
    store.write_dataset(_dataset(5), batch_size=2, atomic=True, create_new=False)
    merged = [s for s, _ in driver.log["runs"][len(driver.log["runs"]) // 2:]
              if s.startswith("UNWIND range")]
    assert merged and all("MERGE" in s and "CREATE" not in s for s in merged)


def test_a_batched_load_commits_each_batch_alone_and_shares_bookmarks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each batch is its own transaction function (the driver retries a deadlocked or
    otherwise transient batch alone); every session, read or write, shares the bookmark
    manager, so a read after the load sees it (on a cluster, ``neo4j://`` routes reads to
    any member)."""
    driver = _RecordingDriver()
    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda *a, **k: driver)
    store = neo4j_store.Neo4jStore("neo4j://cluster.example:7687", password="x")
    store.write_dataset(_dataset(5), batch_size=2, atomic=False, writers=2)
    store.execute("MATCH (n:Organisation) RETURN n.id")
    batches = [t for t in driver.log["transactions"] if any("UNWIND range" in s for s in t)]
    assert len(batches) == 7 and all(len(t) == 1 for t in batches)
    modes = [c["default_access_mode"] for c in driver.calls]
    assert modes[-1] == neo4j.READ_ACCESS and neo4j.WRITE_ACCESS in modes
    assert len({id(c["bookmark_manager"]) for c in driver.calls}) == 1
