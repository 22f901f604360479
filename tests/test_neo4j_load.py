"""Big loads on a real Neo4j: batched commits give the same graph as one transaction, an
interrupted batched load is recorded incomplete and a rerun completes it, and rows written
by CREATE (new to the graph) or by MERGE (already there) end up the same."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from graph import neo4j_store
from graph.registry import open_store
from graph.schema import BY_FILE, RelKind
from graph.store import Store
from loaders.load import load_path
from tests.support import PARTNERSHIP, graph_dump
from usecases.history import incomplete


@pytest.fixture
def neo4j(neo4j_server: dict[str, str]) -> Iterator[neo4j_store.Neo4jStore]:
    store = open_store(neo4j_server["uri"], user=neo4j_server["user"],
                       password=neo4j_server["password"])
    store.execute("MATCH (n) DETACH DELETE n", write=True)
    try:
        assert isinstance(store, neo4j_store.Neo4jStore)
        yield store
    finally:
        store.close()


def _clear(store: Store) -> None:
    store.execute("MATCH (n) DETACH DELETE n", write=True)


def _batched(monkeypatch: pytest.MonkeyPatch, rows: int = 7) -> None:
    """Every load commits in batches of ``rows`` rows, two at once."""
    monkeypatch.setattr(neo4j_store, "ATOMIC_ROWS", 10)
    monkeypatch.setattr(neo4j_store, "LOAD_BATCH_ROWS", rows)


def _history(store: Store) -> list[tuple[Any, ...]]:
    return store.execute("MATCH (l:LoadRecord) RETURN l.dataset, l.complete, l.added").rows


def test_a_batched_load_gives_the_same_graph_as_an_atomic_one(
        neo4j: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    load_path(neo4j, PARTNERSHIP)
    atomic, atomic_history = graph_dump(neo4j), _history(neo4j)
    _clear(neo4j)
    _batched(monkeypatch)
    load_path(neo4j, PARTNERSHIP)
    assert graph_dump(neo4j) == atomic
    assert _history(neo4j) == atomic_history  # one record, complete
    assert incomplete(neo4j) == []
    load_path(neo4j, PARTNERSHIP)  # a batched reload changes nothing
    assert graph_dump(neo4j) == atomic


def test_an_interrupted_batched_load_is_incomplete_and_a_rerun_completes_it(
        neo4j: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    load_path(neo4j, PARTNERSHIP)
    whole = graph_dump(neo4j)
    _clear(neo4j)
    _batched(monkeypatch)
    run = neo4j_store.LoadBatch.run
    done: list[int] = []

    def dies_midway(batch: neo4j_store.LoadBatch, tx: Any) -> None:
        if not batch.nodes and len(done) > 3:
            raise RuntimeError("killed between two relationship batches")
        run(batch, tx)
        done.append(batch.n)

    monkeypatch.setattr(neo4j_store.LoadBatch, "run", dies_midway)
    with pytest.raises(RuntimeError, match="killed"):
        load_path(neo4j, PARTNERSHIP)
    assert [e.dataset for e in incomplete(neo4j)] == ["partnership"]
    partial_graph = graph_dump(neo4j)
    assert partial_graph and partial_graph != whole  # what committed stays
    monkeypatch.setattr(neo4j_store.LoadBatch, "run", run)
    load_path(neo4j, PARTNERSHIP)
    assert incomplete(neo4j) == []
    assert graph_dump(neo4j) == whole


def _half_of_every_relationship(tmp_path: Path) -> Path:
    """PARTNERSHIP with every other row of each relationship file left out."""
    folder = tmp_path / "partnership"
    shutil.copytree(PARTNERSHIP, folder)
    for path in folder.glob("*.csv"):
        if not isinstance(BY_FILE.get(path.stem), RelKind):
            continue
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            fields, rows = reader.fieldnames or [], list(reader)
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows[::2])
    return folder


@pytest.mark.parametrize("batched", [False, True], ids=["atomic", "batched"])
def test_created_and_merged_rows_give_the_same_graph(
        neo4j: neo4j_store.Neo4jStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        batched: bool) -> None:
    if batched:
        _batched(monkeypatch, rows=11)
    load_path(neo4j, PARTNERSHIP)  # into an empty graph: every row CREATEd
    created = graph_dump(neo4j)
    _clear(neo4j)
    with monkeypatch.context() as m:
        m.setattr(neo4j, "write_dataset", partial(neo4j.write_dataset, create_new=False))
        load_path(neo4j, PARTNERSHIP)  # every row MERGEd
    assert graph_dump(neo4j) == created
    _clear(neo4j)
    # Half the relationships first: the rest join nodes that exist (MERGEd), and each row
    # that changes its datasets is MERGEd too.
    load_path(neo4j, _half_of_every_relationship(tmp_path), name="partnership")
    load_path(neo4j, PARTNERSHIP)
    assert graph_dump(neo4j) == created
    ids = neo4j.execute("MATCH (n) RETURN n.id AS id, count(*) AS c").rows
    assert all(c == 1 for _, c in ids)


@pytest.mark.parametrize("batched", [False, True], ids=["atomic", "batched"])
def test_a_first_load_finds_the_ends_it_created_by_element_id(
        neo4j: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, batched: bool) -> None:
    """Relationships between nodes the load created match their ends by element id (not
    two index seeks); the graph is the one an embedded load of the same files holds."""
    if batched:
        _batched(monkeypatch, rows=50)
    ran: list[tuple[str, bool]] = []
    run = neo4j_store.LoadBatch.run

    def spy(batch: neo4j_store.LoadBatch, tx: Any) -> None:
        if not batch.nodes:
            ran.append((batch.label, batch.by_element))
        run(batch, tx)

    monkeypatch.setattr(neo4j_store.LoadBatch, "run", spy)
    load_path(neo4j, PARTNERSHIP)
    assert ran and all(by_element for _, by_element in ran)
    with open_store(str(tmp_path / "embedded")) as reference:
        load_path(reference, PARTNERSHIP)
        assert graph_dump(neo4j) == graph_dump(reference)
    ran.clear()
    load_path(neo4j, PARTNERSHIP)  # nothing new: nothing created, nothing to find
    assert not any(by_element for _, by_element in ran)
