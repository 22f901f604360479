"""Which backend opens a database target: chosen by the target's URI scheme.

A target is a directory (the embedded LadybugDB store, the default) or a URI whose scheme
names a backend (``bolt://``, ``neo4j://`` ... for Neo4j). Each backend is one module with
a ``open_target(target, **options)`` function; adding a backend is one new module and one
line in :data:`BACKENDS`. The store interface (:mod:`graph.store`) imports none of them.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

from graph.errors import StoreError
from graph.store import Store


@dataclass(frozen=True)
class Backend:
    """A backend: its name, the module that opens it, and the URI schemes it serves."""

    name: str
    module: str
    schemes: tuple[str, ...] = ()


#: The embedded store is first: it opens every target without a known scheme (a path).
BACKENDS: tuple[Backend, ...] = (
    Backend("ladybug", "graph.embedded"),
    Backend("neo4j", "graph.neo4j_store",
            ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")),
)


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


def backend_for(target: str) -> Backend:
    """The backend that serves ``target``.

    >>> backend_for("bolt://localhost:7687").name, backend_for("/tmp/db").name
    ('neo4j', 'ladybug')
    """
    scheme, sep, _ = target.partition("://")
    if sep:
        for backend in BACKENDS:
            if scheme.lower() in backend.schemes:
                return backend
        if len(scheme) > 1:  # "C://..." is a Windows path, not a scheme
            known = ", ".join(f"{s}://" for b in BACKENDS for s in b.schemes)
            raise StoreError(f"unknown database scheme {scheme + '://'!r}; use a directory "
                             f"for the embedded store or one of {known}")
    return BACKENDS[0]


def open_store(db: str | None = None, *, read_only: bool = False,
               user: str | None = None, password: str | None = None,
               database: str | None = None) -> Store:
    """Open the store named by ``db`` (a directory for the embedded store, or a Neo4j URI).

    ``read_only`` opens the embedded database in the engine's read-only mode (several
    readers may share it); Neo4j always reads in READ access mode and writes only
    through :meth:`Store.write_dataset` or ``execute(write=True)``.
    """
    target = resolve_target(db)
    backend = backend_for(target)
    module = importlib.import_module(backend.module)
    store: Store = module.open_target(target, read_only=read_only, user=user,
                                      password=password, database=database)
    return store
