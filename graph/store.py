"""The store interface both databases implement, and the behaviour they share.

A store runs one Cypher statement read-only or for writing, and bulk-writes a validated
dataset all-or-nothing. What is the same on every database lives here: the
single-statement check, the refusal to write through a read-only store, batching and
counting. A backend implements only what differs (:meth:`Store._read`,
:meth:`Store._write`, :meth:`Store.write_dataset`, :meth:`Store.ensure_schema`). Labels and
relationship types in generated statements come from the schema only; values always
travel as parameters. Which backend opens a target is decided by :mod:`graph.registry`.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from graph.cypher import single_statement
from graph.errors import ReadOnlyError, StoreError
from graph.schema import NODE_KINDS, REL_KINDS

if TYPE_CHECKING:
    from graph.dataset import Dataset

Progress = Callable[[int], None]
BATCH_SIZE = 5000
T = TypeVar("T")


@dataclass
class Result:
    """Rows of a query, with their column names; values are plain Python."""

    columns: list[str]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.dicts())

    def __len__(self) -> int:
        return len(self.rows)


#: The types a driver returns as they are: most values of a result, so each backend's
#: conversion of results checks for them first and passes them through.
SCALARS = frozenset({str, int, float, bool, type(None)})


def batches(rows: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """``rows`` in slices of at most ``size``: one bulk statement each.

    >>> [list(b) for b in batches([1, 2, 3, 4, 5], 2)]
    [[1, 2], [3, 4], [5]]
    """
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


class Store(ABC):
    """A graph database holding the partnership graph."""

    backend: ClassVar[str]
    location: str
    read_only: bool = False
    #: Whether the database keeps query plans between connections (Neo4j plans each
    #: query text once per server): then a load asks one question before it reports, so
    #: that the user's first question after it does not pay for the planning.
    keeps_plans: ClassVar[bool] = False
    #: Whether the database admits one writing process at a time (LadybugDB): then loads
    #: need no lease of their own to run one at a time (see :mod:`graph.lease`).
    one_writer: ClassVar[bool] = False
    #: Whether a load too big for one transaction commits in batches (Neo4j), so that an
    #: interrupted one leaves part of itself, recorded as incomplete: only then is there
    #: anything for every command to warn about (an embedded load is all or nothing).
    batched_loads: ClassVar[bool] = False
    #: A folder on the database's own disk for a load's temporary files (the system's
    #: temporary folder may be a small RAM disk); None: the system's.
    scratch: Path | None = None
    #: The load lease this store holds now (a ``graph.lease.Held``), if any.
    _load_lease: Any = None

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create tables/constraints/indexes from the schema; safe to call again."""

    @abstractmethod
    def _read(self, statement: str, params: dict[str, Any],
              types: Mapping[str, str]) -> Result:
        """Run one checked statement so that the database itself refuses any write."""

    @abstractmethod
    def _write(self, statement: str, params: dict[str, Any]) -> Result:
        """Run one checked statement that may write."""

    @abstractmethod
    def write_dataset(self, dataset: Dataset, progress: Progress | None = None,
                      batch_size: int = BATCH_SIZE) -> Counts:
        """Write every node and relationship of ``dataset``, all or nothing.

        Returns the graph's counts before and after, read inside the load's own
        transaction: what this load saw, even while another load runs.
        """

    @abstractmethod
    def close(self) -> None: ...

    def execute(self, cypher: str, params: Mapping[str, Any] | None = None, *,
                write: bool = False, types: Mapping[str, str] | None = None) -> Result:
        """Run one statement; unless ``write``, the engine itself refuses any write.

        ``types`` gives declared parameter types (``string``, ``int``, ...) so a backend
        that needs it can type a null parameter.
        """
        statement = _one_statement(cypher)
        if write:
            if self.read_only:
                raise ReadOnlyError("the database is open read-only")
            return self._write(statement, dict(params or {}))
        return self._read(statement, dict(params or {}), types or {})

    def query_untrusted(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run an analyst's ad-hoc statement: only reading the graph is allowed (no files,
        extensions, procedures or network), checked against the database's own plan
        (:mod:`graph.sandbox`) before it runs read-only."""
        statement = _one_statement(cypher)
        bound = dict(params or {})
        self._sandbox(statement, bound)
        return self._read(statement, bound, {})

    @abstractmethod
    def _sandbox(self, statement: str, params: dict[str, Any]) -> None:
        """Refuse ``statement`` unless the database's plan shows it only reads the graph."""

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and relationships per type (zeros included)."""
        return tally(self.execute(COUNT_STATEMENT).rows)

    @contextlib.contextmanager
    def point_reads(self) -> Iterator[None]:
        """The reads in this block each touch a small part of the graph (one region's
        answer): a database that would spread each over threads may run it on one.
        Nothing changes by default."""
        yield

    def remembered(self, name: str) -> Any:
        """What :meth:`remember` kept under ``name``, as long as nothing has written to the
        database since; None otherwise, and always where the store cannot tell cheaply
        (a server: other clients write without this one knowing)."""
        return None

    def remember(self, name: str, value: Any) -> None:
        """Keep ``value`` (JSON) under ``name`` until the database is next written: a
        conclusion drawn from the graph that holds until then (see
        ``usecases.synergy_index.fresh_build``). Nothing where the store cannot tell."""
        del name, value  # a server cannot tell when another client writes

    @contextlib.contextmanager
    def resting(self) -> Iterator[None]:
        """Let the database go while the block does work without it (a load reading its
        files), to open it again at the block's first statement or its end: an embedded
        engine keeps memory for every table from its open. A store that can tell raises
        :class:`StoreError` when something else wrote to the database meanwhile. Nothing
        to do for a server."""
        yield

    def release_memory(self) -> None:
        """Give back the memory the database engine kept from earlier statements (the
        embedded engine keeps the pages it read until it is closed). Not inside a
        transaction. Nothing to do for a server."""
        return None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _one_statement(cypher: str) -> str:
    """The one statement of ``cypher``; several, or transaction control, are refused."""
    statement = single_statement(cypher)
    if statement is None:
        raise StoreError("give exactly one Cypher statement (no ';'-separated list, "
                         "no BEGIN/COMMIT)")
    return statement


#: A statement per node kind and relationship type counting it (generated from the schema).
COUNT_STATEMENTS = tuple(
    [f"MATCH (n:{k.label}) RETURN '{k.label}' AS kind, count(n) AS n" for k in NODE_KINDS]
    + [f"MATCH ()-[r:{k.type}]->() RETURN '{k.type}' AS kind, count(r) AS n"
       for k in REL_KINDS])
#: All of them in one statement: the counts a load reads inside its own transaction.
COUNT_STATEMENT = " UNION ALL ".join(COUNT_STATEMENTS)


#: The same counts as one row, a ``COUNT {}`` per kind: Neo4j answers each from its count
#: store (7 ms for the EU-scale network), where the ``UNION ALL`` form scans every label
#: and type (about 300 ms).
COUNT_ROW_STATEMENT = "RETURN " + ", ".join(
    [f"COUNT {{ MATCH (n:{k.label}) }} AS {k.label}" for k in NODE_KINDS]
    + [f"COUNT {{ MATCH ()-[r:{k.type}]->() }} AS {k.type}" for k in REL_KINDS])


def tally(rows: Sequence[Sequence[Any]]) -> dict[str, int]:
    """``(kind, n)`` rows of :data:`COUNT_STATEMENT` as counts of every kind, zeros included.

    >>> tally([("Region", 3)])["Region"], tally([])["FACES"]
    (3, 0)
    """
    found = {str(kind): int(n) for kind, n in rows}
    # LadybugDB returns no row at all for count() over an empty table.
    kinds = [k.label for k in NODE_KINDS] + [k.type for k in REL_KINDS]
    return {kind: found.get(kind, 0) for kind in kinds}


@dataclass(frozen=True)
class Counts:
    """The graph's counts per kind before and after a load."""

    before: dict[str, int]
    after: dict[str, int]


def refused_write(detail: object) -> ReadOnlyError:
    """The one message both backends give for a write through a read-only query."""
    return ReadOnlyError(f"refused: this query writes, and queries run read-only ({detail})")
