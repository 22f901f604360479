"""The Neo4j store: the production database, behind the same interface as the embedded one.

Reads run in READ access mode, so Neo4j itself refuses a write; loads run in one
managed write transaction (retried on transient errors, which is safe because
every statement MERGEs). Constraints and indexes come from the schema.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import neo4j
from neo4j import exceptions as neo4j_errors
from neo4j import graph as neo4j_graph
from neo4j import time as neo4j_time

from graph.errors import StoreError
from graph.sandbox import check_neo4j
from graph.schema import DISPLAY_PROPS, LOAD_RECORD, NODE_KINDS
from graph.statements import history_complete, node_create, write_plan
from graph.store import (
    BATCH_SIZE,
    COUNT_STATEMENT,
    Counts,
    Progress,
    Result,
    Store,
    refused_write,
    tally,
)

if TYPE_CHECKING:
    from graph.dataset import Dataset


#: A load of more rows than this commits batch by batch (recorded incomplete until done).
ATOMIC_ROWS = 50_000


def schema_statements() -> list[str]:
    """Uniqueness constraints on every kind's ``id`` and indexes on names, idempotently."""
    out = []
    for kind in NODE_KINDS:
        out.append(f"CREATE CONSTRAINT {kind.label.lower()}_id IF NOT EXISTS "
                   f"FOR (n:{kind.label}) REQUIRE n.id IS UNIQUE")
        prop = kind.display_prop
        if prop in DISPLAY_PROPS:
            out.append(f"CREATE INDEX {kind.label.lower()}_{prop} IF NOT EXISTS "
                       f"FOR (n:{kind.label}) ON (n.{prop})")
    return out


def _plain(value: Any) -> Any:
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
                      batch_size: int = BATCH_SIZE, *, atomic: bool | None = None) -> Counts:
        """Write ``dataset`` in one transaction when it has at most :data:`ATOMIC_ROWS` rows
        (or ``atomic=True``); a larger one commits batch by batch, so that a load of any
        size fits the server's transaction memory.

        A batched load is recorded as incomplete (its ``LoadRecord`` has
        ``complete=false``) until its last batch commits; every command warns about it,
        and running the same load again completes it: every statement is idempotent, and a
        deadlock or transient error retries only its batch.
        """
        self.ensure_schema()
        if atomic is None:
            atomic = dataset.size <= ATOMIC_ROWS
        history = dataset.history
        if not atomic and history is not None:
            dataset.history = None  # written first, as incomplete, then completed
        plan = list(write_plan(dataset, batch_size))

        def count(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            return tally([tuple(r.values()) for r in tx.run(COUNT_STATEMENT)])

        def run_all(tx: neo4j.ManagedTransaction, steps: list[tuple[str, list[Any]]]
                    ) -> Counts:
            # The counts are read in the same transaction as the writes (a retried
            # transaction reads them again), so "before" is what this load saw.
            before = count(tx)
            for statement, batch in steps:
                tx.run(statement, {"rows": _native(batch)}).consume()
                if progress:
                    progress(len(batch))
            return Counts(before, count(tx))

        try:
            with self._session(True) as session:
                if atomic:
                    counts: Counts = session.execute_write(run_all, plan)
                    return counts
                before = session.execute_read(count)
                if history is not None:
                    session.execute_write(run_all, [(node_create(LOAD_RECORD),
                                                     [{**history, "complete": False}])])
                for step in plan:
                    session.execute_write(run_all, [step])
                if history is not None:
                    session.execute_write(
                        lambda tx: tx.run(history_complete(),
                                          {"dataset": history["dataset"]}).consume())
                return Counts(before, session.execute_read(count))
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as exc:
            raise self._translate(exc) from exc

    def close(self) -> None:
        self._driver.close()


def open_target(target: str, *, user: str | None = None, password: str | None = None,
                database: str | None = None, **_: Any) -> Neo4jStore:
    """Open the Neo4j database at URI ``target`` (see :mod:`graph.registry`)."""
    return Neo4jStore(target, user=user, password=password, database=database)
