"""The store interface both databases implement, and :func:`open_store` to pick one.

A store runs Cypher (named or ad hoc) read-only or for writing, and bulk-writes
a validated dataset all-or-nothing. Labels and relationship types in generated
statements come from the schema only; values always travel as parameters.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import queries
from graph.schema import NODE_KINDS, REL_KINDS

if TYPE_CHECKING:
    from loaders.dataset import Dataset

Progress = Callable[[int], None]
BATCH_SIZE = 5000
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


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


class Store(ABC):
    """A graph database holding the partnership graph."""

    backend: ClassVar[str]
    location: str

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create tables/constraints/indexes from the schema; safe to call again."""

    @abstractmethod
    def execute(self, cypher: str, params: Mapping[str, Any] | None = None, *,
                write: bool = False) -> Result:
        """Run one statement; unless ``write``, the engine itself refuses any write."""

    @abstractmethod
    def write_dataset(self, dataset: Dataset, progress: Progress | None = None,
                      batch_size: int = BATCH_SIZE) -> None:
        """MERGE every node and relationship of ``dataset`` in one transaction."""

    @abstractmethod
    def close(self) -> None: ...

    def query(self, name: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run the named query from ``queries/`` read-only."""
        q = queries.get(name)
        q.check_engine(self.backend)
        return self._run_named(q, q.bind(params))

    def _run_named(self, query: queries.Query, params: dict[str, Any]) -> Result:
        return self.execute(query.text, params)

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and relationships per type (zeros included)."""
        parts = [f"MATCH (n:{k.label}) RETURN '{k.label}' AS kind, count(n) AS n"
                 for k in NODE_KINDS]
        parts += [f"MATCH ()-[r:{k.type}]->() RETURN '{k.type}' AS kind, count(r) AS n"
                  for k in REL_KINDS]
        result = self.execute(" UNION ALL ".join(parts))
        found = {kind: int(n) for kind, n in result.rows}
        # LadybugDB returns no row at all for count() over an empty table.
        kinds = [k.label for k in NODE_KINDS] + [k.type for k in REL_KINDS]
        return {kind: found.get(kind, 0) for kind in kinds}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_location() -> Path:
    """Where the embedded database lives unless ``--db`` or ``RSP_DB`` says otherwise."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rsp-graph" / "db"


def resolve_target(db: str | None = None) -> str:
    """The database to use: ``db``, else ``RSP_DB``, else ``NEO4J_URI``, else the default path."""
    for candidate in (db, os.environ.get("RSP_DB"), os.environ.get("NEO4J_URI")):
        if candidate:
            return candidate
    return str(default_location())


def is_neo4j_uri(target: str) -> bool:
    return target.lower().startswith(NEO4J_SCHEMES)


def open_store(db: str | None = None, *, read_only: bool = False,
               user: str | None = None, password: str | None = None,
               database: str | None = None) -> Store:
    """Open the store named by ``db`` (a directory for the embedded store, or a Neo4j URI).

    ``read_only`` opens the embedded database in the engine's read-only mode (several
    readers may share it); Neo4j always reads in READ access mode and writes only
    through :meth:`Store.write_dataset` or ``execute(write=True)``.
    """
    target = resolve_target(db)
    if is_neo4j_uri(target):
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(target, user=user, password=password, database=database)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(Path(target).expanduser(), read_only=read_only)
