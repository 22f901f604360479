"""Both stores: read-only enforcement, errors, and parity of every named query."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import queries
from graph.errors import ReadOnlyError, RspError, StoreError
from graph.registry import open_store
from graph.store import Store
from loaders import load_path
from tests.support import PARTNERSHIP

WRITES = [
    "CREATE (:Region {id: 'x'})",
    "MATCH (r:Region) SET r.name = 'changed'",
    "MATCH (n) DETACH DELETE n",
    "MERGE (:Challenge {id: 'y'})",
]


@pytest.mark.parametrize("cypher", WRITES)
def test_reads_refuse_writes(store: Store, cypher: str) -> None:
    load_path(store, PARTNERSHIP)
    before = store.counts()
    with pytest.raises(ReadOnlyError):
        store.execute(cypher)
    assert store.counts() == before
    assert "changed" not in {r["name"] for r in queries.run(store, "regions")}


def test_statement_lists_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="exactly one"):
        store.execute("MATCH (n) RETURN n; CREATE (:Region {id: 'z'})")
    with pytest.raises(StoreError):
        store.execute("COMMIT")


def test_named_query_parameters_are_checked(store: Store) -> None:
    with pytest.raises(RspError, match="needs parameter 'text'"):
        queries.run(store, "nodes_by_name")
    with pytest.raises(RspError, match="no parameter 'bogus'"):
        queries.run(store, "regions", {"bogus": 1})
    with pytest.raises(RspError, match="no query named"):
        queries.run(store, "no_such_query")


#: When each backend's load was written: not the same instant on both.
_LOAD_TIMES = {"at", "last_load"}


def _normalise(rows: list[dict[str, Any]]) -> list[str]:
    """Rows as comparable text: in any order, a collected list's items in any order (Cypher
    leaves the order of collect() open), the load times left out."""
    def value(v: Any) -> Any:
        return sorted(map(repr, v)) if isinstance(v, list) else v
    return sorted(repr(sorted((k, value(v)) for k, v in r.items() if k not in _LOAD_TIMES))
                  for r in rows)


SAMPLES: dict[str, Any] = {
    "text": "region", "region": "region-skelleftea", "country": "Italy", "rsp_member": True,
    "challenge": "chal-battery-value-chain", "challenges": ["chal-battery-value-chain",
                                                            "chal-hydrogen"],
    "project": "proj-albatts", "kind": "working_group_meeting",
}
BY_TYPE: dict[str, Any] = {"date": dt.date(2026, 11, 25), "int": 1, "float": 1.0,
                           "bool": True, "string": "x", "list": ["x"]}


def _sample_params(q: queries.Query) -> dict[str, Any]:
    """A meaningful value for every parameter, so no query is compared on empty rows only."""
    return {p.name: SAMPLES.get(p.name, BY_TYPE[p.type]) for p in q.params}


@pytest.fixture(scope="module")
def both_loaded(tmp_path_factory: pytest.TempPathFactory, neo4j_server: dict[str, str]
                ) -> Any:
    embedded = open_store(str(tmp_path_factory.mktemp("parity") / "db"))
    neo = open_store(neo4j_server["uri"], user=neo4j_server["user"],
                     password=neo4j_server["password"])
    neo.execute("MATCH (n) DETACH DELETE n", write=True)
    for s in (embedded, neo):
        load_path(s, PARTNERSHIP)
    yield embedded, neo
    embedded.close()
    neo.close()


@pytest.mark.parametrize("name", queries.names())
def test_named_query_parity(name: str, both_loaded: tuple[Store, Store]) -> None:
    """Every named query returns the same rows on LadybugDB and Neo4j."""
    embedded, neo = both_loaded
    q = queries.get(name)
    params = _sample_params(q)
    a = queries.run(embedded, name, params).dicts()
    b = queries.run(neo, name, params).dicts()
    assert _normalise(a) == _normalise(b)
    assert embedded.counts() == neo.counts()


def test_neo4j_errors_are_one_line(neo4j_server: dict[str, str]) -> None:
    with pytest.raises(StoreError, match="wrong user name or password"):
        open_store(neo4j_server["uri"], user="neo4j", password="wrong-password")
    with pytest.raises(StoreError, match="cannot reach Neo4j"):
        open_store("bolt://127.0.0.1:1", password="x")
    with pytest.raises(StoreError, match="no database 'missing'"):
        open_store(neo4j_server["uri"], user=neo4j_server["user"],
                   password=neo4j_server["password"], database="missing")


def test_neo4j_constraints_exist(neo4j_server: dict[str, str]) -> None:
    with open_store(neo4j_server["uri"], user=neo4j_server["user"],
                    password=neo4j_server["password"]) as s:
        s.ensure_schema()
        s.ensure_schema()  # idempotent
        names = {r["name"] for r in s.execute("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"region_id", "organisation_id", "challenge_id"} <= names


def test_embedded_read_only_database_needs_existing_data(tmp_path: Any) -> None:
    with pytest.raises(StoreError, match="no database"):
        open_store(str(tmp_path / "none"), read_only=True)


def test_concurrent_loads_into_neo4j_create_no_duplicates(neo4j_server: dict[str, str]) -> None:
    """Two loads at once: the uniqueness constraints make MERGE serialise, not duplicate."""
    from concurrent.futures import ThreadPoolExecutor

    def connect() -> Store:
        return open_store(neo4j_server["uri"], user=neo4j_server["user"],
                          password=neo4j_server["password"])

    with connect() as s:
        s.execute("MATCH (n) DETACH DELETE n", write=True)
    stores = [connect(), connect()]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda s: load_path(s, PARTNERSHIP), stores))
        counts = stores[0].counts()
        ids = stores[0].execute("MATCH (n) RETURN n.id AS id, count(*) AS c").rows
    finally:
        for s in stores:
            s.close()
    assert all(c == 1 for _, c in ids)
    with connect() as s:
        s.execute("MATCH (n) DETACH DELETE n", write=True)
        load_path(s, PARTNERSHIP)
        assert s.counts() == counts


def _threads(store: Store) -> int:
    return int(store.execute("CALL current_setting('threads') RETURN *").scalar())


def test_point_reads_run_on_one_thread_on_the_embedded_store(tmp_path: Any) -> None:
    """One region's answer runs dozens of small reads: LadybugDB then runs each on one
    thread (cheaper than waking the others), and goes back to all of them after; a
    store that rests in the block wakes with the same setting."""
    from usecases.synergies import suggest

    with open_store(str(tmp_path / "db")) as store:
        load_path(store, PARTNERSHIP)
        every = _threads(store)
        with store.point_reads():
            assert _threads(store) == 1
            with store.resting():
                pass
            assert _threads(store) == 1
        assert _threads(store) == every
        seen: list[int] = []
        real = store.execute

        def spy(cypher: str, *args: Any, **kwargs: Any) -> Any:
            if not cypher.startswith("CALL current_setting"):
                seen.append(_threads(store))
            return real(cypher, *args, **kwargs)

        store.execute = spy  # type: ignore[method-assign]
        suggest(store, "region-trnava")
        assert seen and set(seen) == {1}
