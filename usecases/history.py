"""What changed, when, and from which dataset: the history every load records."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import queries
from graph.errors import StoreError
from graph.store import Store


@dataclass(frozen=True)
class LoadEntry:
    """One load: when, which dataset, from where, and how much it changed."""

    at: str
    dataset: str
    path: str
    checksum: str | None
    added: int
    changed: int
    removed: int
    complete: bool


@dataclass(frozen=True)
class ChangeEntry:
    """One change a load made: a record added or removed, or one field changed."""

    at: str
    dataset: str
    kind: str
    key: str
    change: str
    field: str | None = None
    old: object = None
    new: object = None


def history(store: Store, *, dataset: str | None = None) -> list[LoadEntry]:
    """Every load, newest first (of one dataset, if given)."""
    rows = queries.run(store, "load_history", {"dataset": dataset, "since": None})
    return [LoadEntry(r["at"], r["dataset"], r["path"], r["checksum"], r["added"] or 0,
                      r["changed"] or 0, r["removed"] or 0, r["complete"] is not False)
            for r in rows]


def changes(store: Store, since: dt.date, *, dataset: str | None = None) -> list[ChangeEntry]:
    """Every change recorded since ``since`` (oldest first): kind, id, field, old -> new."""
    rows = queries.run(store, "load_history",
                       {"dataset": dataset, "since": since.isoformat()}).dicts()
    out = []
    for r in reversed(rows):
        for c in json.loads(r["changes"] or "[]"):
            out.append(ChangeEntry(r["at"], r["dataset"], c.get("kind", ""), c.get("key", ""),
                                   c.get("change", ""), c.get("field"), c.get("old"),
                                   c.get("new")))
    return out


def incomplete(store: Store) -> list[LoadEntry]:
    """Batched loads interrupted before their last batch committed (rerun them to finish).

    None on a store whose loads are all or nothing: nothing asked, so a command's start
    pays for no extra statement (on LadybugDB, a first statement's parsing costs ~20 ms).
    """
    if not store.batched_loads:
        return []
    try:
        rows = queries.run(store, "load_incomplete").dicts()
    except StoreError:  # a database made before load history existed has no such table
        return []
    return [LoadEntry(r["at"], r["dataset"], r["path"], None, 0, 0, 0, False) for r in rows]
