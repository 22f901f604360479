"""The Neo4j store: the production database, behind the same interface as the embedded one.

Reads run in READ access mode, so Neo4j itself refuses a write (with ``neo4j://`` a cluster
routes them to any member); every session shares one bookmark manager, so a read after a
write sees it. A load of up to :data:`ATOMIC_ROWS` rows runs in one managed write
transaction; a bigger one commits batch by batch (recorded incomplete until its last batch
commits). Rows new to the graph are CREATEd, the others MERGEd, a batch at a time with
values as parallel lists. Constraints and indexes come from the schema.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Any

from graph.errors import StoreError
from graph.sandbox import check_neo4j
from graph.schema import (
    DISPLAY_PROPS,
    LOAD_LEASE,
    LOAD_RECORD,
    NODE_KINDS,
    NodeKind,
    RelKind,
    node_kind,
    rel_kind,
)
from graph.statements import history_complete, node_create, sync_plan
from graph.store import (
    COUNT_ROW_STATEMENT,
    SCALARS,
    Counts,
    Progress,
    Result,
    Store,
    refused_write,
    tally,
)

# The driver imports pyarrow (and pyarrow.compute) when it is installed, for DataFrame and
# Arrow exports rsp does not use: 0.15-0.25 s of every Neo4j command's start. Hidden while
# the driver loads, unless something imported it already (a load has, for validation).
_HIDE_ARROW = "pyarrow" not in sys.modules
if _HIDE_ARROW:
    sys.modules["pyarrow"] = None  # type: ignore[assignment]  # import raises ImportError
try:
    import neo4j
    from neo4j import exceptions as neo4j_errors
    from neo4j import graph as neo4j_graph
    from neo4j import time as neo4j_time
finally:
    if _HIDE_ARROW:
        del sys.modules["pyarrow"]

if TYPE_CHECKING:
    from graph.dataset import Dataset, RelGroup


#: A load of more rows than this commits batch by batch (recorded incomplete until done).
ATOMIC_ROWS = 50_000
#: Rows per batch (one statement, one transaction when batched): big enough that the
#: per-statement cost vanishes, small enough for the default transaction memory.
LOAD_BATCH_ROWS = 10_000
#: The element ids of the nodes a load creates, by label and id: relationships between
#: them are then matched by element id rather than by two index seeks (about 20 % less
#: of the server's time per relationship, measured at 100,000 ATTENDS rows).
Elements = dict[str, dict[str, str]]
#: Batches a batched load commits at once: the client encodes one while the server
#: writes another (the relationships' ends are locked, so a deadlock can happen: the
#: driver retries that batch alone).
WRITERS = 2


def schema_statements() -> list[str]:
    """Uniqueness constraints on every kind's ``id`` and indexes on names, idempotently."""
    out = []
    for kind in (LOAD_LEASE, *NODE_KINDS):  # the lease: one node at most (graph.lease)
        out.append(f"CREATE CONSTRAINT {kind.label.lower()}_id IF NOT EXISTS "
                   f"FOR (n:{kind.label}) REQUIRE n.id IS UNIQUE")
        prop = kind.display_prop
        if prop in DISPLAY_PROPS:
            out.append(f"CREATE INDEX {kind.label.lower()}_{prop} IF NOT EXISTS "
                       f"FOR (n:{kind.label}) ON (n.{prop})")
    return out


def _plain(value: Any) -> Any:
    if type(value) in SCALARS:
        return value
    if isinstance(value, neo4j_graph.Node):
        out = {k: _plain(v) for k, v in value.items()}
        out["_kind"] = next(iter(value.labels), None)
        return out
    if isinstance(value, neo4j_graph.Relationship):
        out = {k: _plain(v) for k, v in value.items()}
        out["_kind"] = value.type
        return out
    if isinstance(value, neo4j_graph.Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, neo4j_time.Date | neo4j_time.DateTime | neo4j_time.Time):
        return value.to_native()
    if isinstance(value, neo4j_time.Duration):
        return str(value)
    if isinstance(value, list):
        if all(type(v) in SCALARS for v in value):
            return value
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _native(value: Any) -> Any:
    """Parameters: Python dates pass as they are; tuples become lists."""
    if isinstance(value, tuple):
        return [_native(v) for v in value]
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    if isinstance(value, dt.datetime | dt.date):
        return value
    return value


def _run_schema(tx: neo4j.ManagedTransaction, statement: str) -> None:
    tx.run(statement).consume()


class Neo4jStore(Store):
    """A Neo4j 5 database reached over Bolt."""

    backend = "neo4j"
    keeps_plans = True
    batched_loads = True

    def __init__(self, uri: str, *, user: str | None = None, password: str | None = None,
                 database: str | None = None):
        self.uri = uri
        self.location = uri + (f" (database {database})" if database else "")
        self.database = database or None
        self.user = user or "neo4j"
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        try:
            # Warnings such as "label does not exist" on an empty database are noise here.
            self._driver = neo4j.GraphDatabase.driver(
                uri, auth=(self.user, password or ""), notifications_min_severity="OFF")
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise StoreError(f"invalid Neo4j URI {uri!r}: {exc}") from exc
        try:
            self._driver.verify_connectivity()
            self.execute("RETURN 1")
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            self._driver.close()
            raise self._translate(exc) from exc
        except BaseException:
            self._driver.close()
            raise

    def _session(self, write: bool) -> neo4j.Session:
        """A session in WRITE or READ access mode (with ``neo4j://`` a cluster routes reads
        to followers); every session shares one bookmark manager, so a read that follows
        a write in the same command sees it even on another cluster member."""
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode,
                                    bookmark_manager=self._bookmarks)

    def _translate(self, exc: Exception) -> StoreError:
        if isinstance(exc, neo4j_errors.AuthError):
            return StoreError(f"Neo4j at {self.uri} refused user {self.user!r}: wrong user name "
                              "or password (set NEO4J_PASSWORD or --neo4j-password)")
        if isinstance(exc, neo4j_errors.ServiceUnavailable | OSError):
            return StoreError(f"cannot reach Neo4j at {self.uri}: is the server running? "
                              "Start it again, keeping its data: docker compose up -d, or "
                              "scripts/neo4j-local restart")
        code = getattr(exc, "code", "") or ""
        if code.endswith("DatabaseNotFound"):
            return StoreError(f"Neo4j at {self.uri} has no database {self.database!r} "
                              "(check NEO4J_DATABASE / --neo4j-database)")
        if code.endswith("AccessMode") or code.endswith("ForbiddenOnReadOnlyDatabase"):
            return refused_write(f"Neo4j: {getattr(exc, 'message', exc)}")
        message = getattr(exc, "message", None) or str(exc)
        return StoreError(f"Neo4j: {message.strip().splitlines()[0]}")

    def _read(self, statement: str, params: dict[str, Any],
              types: Mapping[str, str]) -> Result:
        return self._run(statement, params, write=False)

    def _write(self, statement: str, params: dict[str, Any]) -> Result:
        return self._run(statement, params, write=True)

    def _sandbox(self, statement: str, params: dict[str, Any]) -> None:
        bound = _native(params)

        def plan(text: str) -> Any:
            def work(tx: neo4j.ManagedTransaction) -> Any:
                return tx.run(text, bound).consume().plan
            with self._session(False) as session:
                return session.execute_read(work)

        try:
            check_neo4j(statement, plan)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from exc

    def _run(self, statement: str, params: dict[str, Any], *, write: bool) -> Result:
        bound = _native(params)

        def work(tx: neo4j.ManagedTransaction) -> Result:
            result = tx.run(statement, bound)
            columns = list(result.keys())
            rows = [tuple(_plain(v) for v in record.values()) for record in result]
            return Result(columns, rows)

        try:
            with self._session(write) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from exc

    def counts(self) -> dict[str, int]:
        """The counts of every kind from Neo4j's count store (see COUNT_ROW_STATEMENT)."""
        row = self.execute(COUNT_ROW_STATEMENT)
        return tally(list(zip(row.columns, row.rows[0], strict=True)))

    def ensure_schema(self) -> None:
        # Only what is missing, each in a managed (retried) transaction: two loads starting
        # together may both create constraints, which Neo4j can report as a deadlock.
        try:
            existing = {r[0] for r in self.execute("SHOW INDEXES YIELD name RETURN name").rows}
            existing |= {r[0] for r in
                         self.execute("SHOW CONSTRAINTS YIELD name RETURN name").rows}
            with self._session(True) as session:
                for statement in schema_statements():
                    if statement.split()[2] not in existing:
                        session.execute_write(_run_schema, statement)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from exc

    def write_dataset(self, dataset: Dataset, progress: Progress | None = None,
                      batch_size: int | None = None, *, atomic: bool | None = None,
                      create_new: bool = True, writers: int | None = None) -> Counts:
        """Write ``dataset`` in one transaction when it has at most :data:`ATOMIC_ROWS` rows
        (or ``atomic=True``); a larger one commits batch by batch, so that a load of any
        size fits the server's transaction memory. ``batch_size`` rows go in one statement
        (default :data:`LOAD_BATCH_ROWS`), ``writers`` batches at once (default
        :data:`WRITERS`).

        Rows new to the graph are CREATEd (relationships between nodes this load creates,
        the others MERGEd); rows that exist are MERGEd. ``create_new=False`` MERGEs every
        row (the same graph, slower). Each batch is one statement with its values as
        parallel lists (values every row of the batch shares travel once).

        Only the rows a sync found new or changed count (a reload that changes little is
        atomic). A batched load is recorded as incomplete (its ``LoadRecord`` has
        ``complete=false``) until its last batch commits; every command warns about it,
        and running the same load again completes it (the rerun's sync sees what committed;
        a load that commits marks the dataset's earlier incomplete loads complete).
        ``writers`` batches run at once, each its own transaction: a deadlock or transient
        error retries only its batch. Loads through ``loaders.load_path`` run one at a
        time (:mod:`graph.lease`); a node another writer created meanwhile fails on the
        uniqueness constraint and its batch is run again with MERGE.
        """
        self.ensure_schema()
        if atomic is None:
            atomic = _rows_to_write(dataset) <= ATOMIC_ROWS
        batch_size = batch_size or LOAD_BATCH_ROWS
        writers = writers or WRITERS
        try:
            if atomic:
                try:
                    return self._write_atomic(dataset, progress, batch_size, create_new)
                except neo4j_errors.ConstraintError:
                    if not create_new:
                        raise
                    # Another load created some of these nodes since this one was planned.
                    return self._write_atomic(dataset, progress, batch_size, False)
            return self._write_batched(dataset, progress, batch_size, create_new, writers)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from exc

    def _write_atomic(self, dataset: Dataset, progress: Progress | None, batch_size: int,
                      create_new: bool) -> Counts:
        def work(tx: neo4j.ManagedTransaction) -> Counts:
            # The counts are read in the same transaction as the writes (a retried
            # transaction reads them again), so "before" is what this load saw.
            before = _count(tx)
            elements: Elements = {}  # a retried transaction creates (and records) again
            for batch in chain(node_batches(dataset, before, batch_size, create_new,
                                            elements),
                               rel_batches(dataset, before, batch_size, create_new,
                                           elements)):
                batch.run(tx)
                if progress:
                    progress(batch.n)
            for statement, rows in sync_plan(dataset, batch_size):
                _run(tx, statement, {"rows": rows})
            if dataset.history is not None:
                # The graph now matches the dataset: earlier interrupted loads are done.
                _run(tx, history_complete(), {"dataset": dataset.history["dataset"]})
            return Counts(before, _count(tx))

        with self._session(True) as session:
            counts: Counts = session.execute_write(work)
            return counts

    def _write_batched(self, dataset: Dataset, progress: Progress | None, batch_size: int,
                       create_new: bool, writers: int) -> Counts:
        history = dataset.history
        with self._session(True) as session:
            before = session.execute_read(_count)
            if history is not None:
                session.execute_write(_run, node_create(LOAD_RECORD),
                                      {"rows": [{**history, "complete": False}]})
        # Every node before any relationship (which matches its ends).
        elements: Elements = {}
        self._run_parallel(node_batches(dataset, before, batch_size, create_new, elements),
                           progress, writers)
        self._run_parallel(rel_batches(dataset, before, batch_size, create_new, elements),
                           progress, writers)
        del elements
        dataset.history = None  # written first, as incomplete; completed below
        try:
            steps = list(sync_plan(dataset, batch_size))
        finally:
            dataset.history = history
        with self._session(True) as session:
            for statement, rows in steps:
                session.execute_write(_run, statement, {"rows": rows})
            if history is not None:
                session.execute_write(_run, history_complete(),
                                      {"dataset": history["dataset"]})
            return Counts(before, session.execute_read(_count))

    def _run_parallel(self, batches_: Iterator[LoadBatch], progress: Progress | None,
                      writers: int) -> None:
        """Commit each batch in its own managed transaction, ``writers`` at once (while
        the server writes one, the client encodes the next)."""
        def commit(batch: LoadBatch) -> int:
            with self._session(True) as session:
                try:
                    session.execute_write(batch.run)
                except neo4j_errors.ConstraintError:
                    if not batch.created:
                        raise
                    # Another load created some of these nodes: MERGE them instead.
                    session.execute_write(batch.merged().run)
            return batch.n

        with ThreadPoolExecutor(max_workers=max(1, writers)) as pool:
            pending: set[Future[int]] = set()
            try:
                for batch in batches_:
                    pending.add(pool.submit(commit, batch))
                    if len(pending) > writers:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        _report(done, progress)
                done, pending = wait(pending)
                _report(done, progress)
            except BaseException:
                for future in pending:
                    future.cancel()
                raise

    def close(self) -> None:
        self._driver.close()



# --- bulk writes ----------------------------------------------------------------------

#: The properties that identify a row: always sent row by row.
_KEYS = frozenset({"id", "from", "to"})


class _Rows:
    """One group's rows to write: an Arrow table (columns) or a list of row dicts."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.arrow = hasattr(data, "column_names")

    def __len__(self) -> int:
        return int(self.data.num_rows) if self.arrow else len(self.data)

    def slice(self, start: int, size: int) -> _Rows:
        return _Rows(self.data.slice(start, size) if self.arrow
                     else self.data[start:start + size])

    def column(self, name: str) -> list[Any] | None:
        """The values of ``name`` row by row; None when no row has the column."""
        if self.arrow:
            if name not in self.data.column_names:
                return None
            values: list[Any] = self.data.column(name).to_pylist()
            return values
        if not any(name in row for row in self.data[:1]):
            return None
        return [row.get(name) for row in self.data]

    def dicts(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.data.to_pylist() if self.arrow else self.data
        return rows


def _same(values: list[Any]) -> bool:
    """Whether every value equals the first (and has its type: 1 is not 1.0 or True)."""
    first = values[0]
    if not all(v == first for v in values):
        return False
    if isinstance(first, bool | int | float):
        kind = type(first)
        return all(type(v) is kind for v in values)
    return True


@dataclass(frozen=True)
class LoadBatch:
    """One statement's worth of rows of one node kind or relationship group.

    Values travel as parallel lists (``$c``, one per property that differs between rows)
    and once per batch (``$k``, the properties every row shares): far less for the driver
    to encode than one map per row.
    """

    label: str  # node label, or relationship type
    ends: tuple[str, str] | None  # (source label, target label) of a relationship
    created: bool  # CREATE (rows new to the graph), else MERGE
    n: int
    columns: dict[str, list[Any]]
    constants: dict[str, Any]
    #: Nodes: where to record the element ids of the nodes written (id -> element id).
    #: Relationships: whether ``from`` and ``to`` hold element ids rather than ids.
    elements: dict[str, str] | None = None
    by_element: bool = False

    @property
    def nodes(self) -> bool:
        return self.ends is None

    def statement(self) -> str:
        return _statement(self.label, self.ends, self.created, tuple(sorted(self.columns)),
                          tuple(sorted(k for k, v in self.constants.items() if v is None)),
                          self.elements is not None, self.by_element)

    def run(self, tx: neo4j.ManagedTransaction) -> None:
        result = tx.run(self.statement(), {"n": self.n, "c": self.columns,
                                           "k": self.constants})
        if self.elements is None:
            result.consume()
            return
        record = result.single(strict=True)
        self.elements.update(zip(record["ids"], record["elements"], strict=True))

    def merged(self) -> LoadBatch:
        return replace(self, created=False)


@lru_cache(maxsize=512)
def _statement(label: str, ends: tuple[str, str] | None, created: bool,
               varying: tuple[str, ...], nulls: tuple[str, ...], recorded: bool = False,
               by_element: bool = False) -> str:
    """UNWIND over the batch's row numbers; labels, types and property names come from the
    schema (an unknown one raises), values only from ``$c`` and ``$k``. ``recorded``:
    the nodes' ids and element ids are returned (as two lists); ``by_element``: a
    relationship's ends are found by element id."""
    kind: NodeKind | RelKind = rel_kind(label) if ends else node_kind(label)

    def value(name: str) -> str:
        return f"$c.`{name}`[i]" if name in varying else f"$k.`{name}`"

    def props(names: list[str]) -> str:
        # CREATE leaves out what is null in every row (Neo4j stores no nulls anyway).
        return ", ".join(f"`{p}`: {value(p)}" for p in names if p not in nulls)

    def assign(var: str, names: list[str]) -> str:
        return ", ".join(f"{var}.`{p}` = {value(p)}" for p in names)

    stored = [p.name for p in kind.stored_props]
    others = [p.name for p in kind.value_props]
    head = "UNWIND range(0, $n - 1) AS i "
    if isinstance(kind, NodeKind):
        tail = " RETURN collect(n.id) AS ids, collect(elementId(n)) AS elements" \
            if recorded else ""
        if created:
            return head + f"CREATE (n:{kind.label} {{{props(stored)}}})" + tail
        return (head + f"MERGE (n:{kind.label} {{id: {value('id')}}}) "
                + (f"SET {assign('n', others)}" if others else "") + tail)
    assert ends is not None
    source, target = ends
    if ends not in kind.endpoint_pairs:
        raise ValueError(f"{kind.type} does not go from {source} to {target}")
    if by_element:
        match = (head + f"MATCH (a:{node_kind(source).label}) "
                 f"WHERE elementId(a) = {value('from')} "
                 f"MATCH (b:{node_kind(target).label}) WHERE elementId(b) = {value('to')} ")
    else:
        match = (head + f"MATCH (a:{node_kind(source).label} {{id: {value('from')}}}) "
                 f"MATCH (b:{node_kind(target).label} {{id: {value('to')}}}) ")
    if created:
        return match + f"CREATE (a)-[:{kind.type} {{{props(others)}}}]->(b)"
    return match + f"MERGE (a)-[r:{kind.type}]->(b) SET {assign('r', others)}"


def _batches(label: str, ends: tuple[str, str] | None, rows: _Rows, created: bool,
             size: int, elements: Elements | None = None) -> Iterator[LoadBatch]:
    """``elements``: for nodes, record there the element ids of those created; for
    relationships, find their ends there by id (a batch with an end not there matches
    ends by id)."""
    kind: NodeKind | RelKind = rel_kind(label) if ends else node_kind(label)
    names = [p.name for p in kind.stored_props]
    record = elements.setdefault(label, {}) if elements is not None and ends is None \
        and created else None
    for start in range(0, len(rows), size):
        part = rows.slice(start, size)
        n = len(part)
        columns: dict[str, list[Any]] = {}
        constants: dict[str, Any] = {}
        for name in names:
            values = part.column(name)
            if values is None:
                constants[name] = None
            elif name not in _KEYS and _same(values):
                constants[name] = values[0]
            else:
                columns[name] = values
        by_element = False
        if ends is not None and elements and "from" in columns and "to" in columns:
            sources, targets = elements.get(ends[0]), elements.get(ends[1])
            if sources and targets:
                try:
                    found = ([sources[str(v)] for v in columns["from"]],
                             [targets[str(v)] for v in columns["to"]])
                except KeyError:  # an end this load did not create: matched by id
                    pass
                else:
                    columns["from"], columns["to"] = found
                    by_element = True
        yield LoadBatch(label, ends, created, n, columns, constants, record, by_element)


def _planned(dataset: Dataset) -> tuple[dict[Any, Any], dict[Any, Any]] | None:
    """The sync's split of the rows (new ones, changed ones) when the dataset has one."""
    new = getattr(dataset, "new_rows", None)
    changed = getattr(dataset, "changed_rows", None)
    return None if new is None or changed is None else (new, changed)


def node_batches(dataset: Dataset, before: Mapping[str, int], size: int,
                 create_new: bool = True, elements: Elements | None = None
                 ) -> Iterator[LoadBatch]:
    """The node rows to write, batch by batch: rows new to the graph CREATEd (as the sync
    planned, or every row of a kind the graph had none of), the others MERGEd. The
    element ids of the nodes CREATEd are recorded in ``elements``."""
    planned = _planned(dataset)
    if planned is not None:
        new, changed = planned
        for key, table in new.items():
            if isinstance(key, str):
                yield from _batches(key, None, _Rows(table), create_new, size, elements)
        for key, rows in changed.items():
            if isinstance(key, str) and rows:
                yield from _batches(key, None, _Rows(rows), False, size)
        return
    for label, rows in dataset.node_groups():
        empty = before.get(label, 0) == 0
        yield from _batches(label, None, _Rows(rows), create_new and empty, size, elements)


def _created_ids(dataset: Dataset, before: Mapping[str, int]) -> set[str]:
    """The ids of the nodes this load creates."""
    planned = _planned(dataset)
    if planned is not None:
        return {str(v) for key, table in planned[0].items() if isinstance(key, str)
                for v in (_Rows(table).column("id") or [])}
    return {str(row["id"]) for label, rows in dataset.node_groups()
            if before.get(label, 0) == 0 for row in rows}


def rel_batches(dataset: Dataset, before: Mapping[str, int], size: int,
                create_new: bool = True, elements: Elements | None = None
                ) -> Iterator[LoadBatch]:
    """The relationship rows to write, batch by batch: a new relationship is CREATEd when
    one of its ends is a node this load creates (so no other load can have made it),
    every other row is MERGEd. A batch whose ends this load all created (in
    ``elements``) finds them by element id."""
    planned = _planned(dataset)
    parts: list[tuple[RelGroup, _Rows, bool]]
    if planned is not None:
        new, changed = planned
        parts = [(key, _Rows(table), create_new) for key, table in new.items()
                 if not isinstance(key, str)]
        parts += [(key, _Rows(rows), False) for key, rows in changed.items()
                  if not isinstance(key, str) and rows]
    else:
        parts = [(key, _Rows(rows), create_new) for key, rows in dataset.rel_groups()]
    created: set[str] | None = None
    for (rel_type, source, target), rows, new_rows in parts:
        ends = (source, target)
        if not new_rows or before.get(source, 0) == 0 or before.get(target, 0) == 0:
            # A kind the graph had none of: every such end is new.
            yield from _batches(rel_type, ends, rows, new_rows, size,
                                elements if new_rows else None)
            continue
        if created is None:
            created = _created_ids(dataset, before)
        fresh: list[dict[str, Any]] = []
        known: list[dict[str, Any]] = []
        for row in rows.dicts():
            (fresh if row["from"] in created or row["to"] in created else known).append(row)
        yield from _batches(rel_type, ends, _Rows(fresh), True, size, elements)
        yield from _batches(rel_type, ends, _Rows(known), False, size)


def _rows_to_write(dataset: Dataset) -> int:
    """Rows a load writes: after a sync only the new and changed ones, and what it
    releases and deletes (a reload that changes little stays one transaction)."""
    planned = _planned(dataset)
    if planned is None:
        return dataset.size
    new, changed = planned
    others = (dataset.release_nodes, dataset.release_rels, dataset.delete_nodes,
              dataset.delete_rels)
    return (sum(len(_Rows(t)) for t in new.values()) + sum(len(r) for r in changed.values())
            + sum(len(rows) for group in others for rows in group.values()))


def _count(tx: neo4j.ManagedTransaction) -> dict[str, int]:
    return tally([pair for record in tx.run(COUNT_ROW_STATEMENT)
                  for pair in zip(record.keys(), record.values(), strict=True)])


def _run(tx: neo4j.ManagedTransaction, statement: str, params: dict[str, Any]) -> None:
    tx.run(statement, _native(params)).consume()


def _report(done: set[Future[int]], progress: Progress | None) -> None:
    for future in done:
        rows = future.result()  # raises the batch's error
        if progress:
            progress(rows)


def open_target(target: str, *, user: str | None = None, password: str | None = None,
                database: str | None = None, **_: Any) -> Neo4jStore:
    """Open the Neo4j database at URI ``target`` (see :mod:`graph.registry`)."""
    return Neo4jStore(target, user=user, password=password, database=database)
