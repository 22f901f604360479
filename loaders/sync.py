"""Datasets as sources of truth: what a load adds, changes and removes.

Every node and relationship remembers the datasets that supply it (the ``datasets``
property). Loading dataset D makes the graph match D for what D supplies: rows new to the
graph are added; rows D supplied before and now differently are changed; records D
supplied before and no longer holds are released: removed when no other dataset supplies
them (a node only when no relationship that stays still uses it: what is kept is said, with
why). Another dataset's records are never touched; a row that another dataset defines
differently is a conflict, reported with both sources, and nothing is written.

:func:`plan_sync` is pure: it takes the validated dataset and the graph's current records
of the same kinds and returns a :class:`SyncPlan`; the stores write it in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.dataset import Dataset, Row
from graph.errors import Issue
from graph.schema import DATASETS, node_kind, rel_kind

#: A load that would remove more than this share of a dataset's records asks for --yes.
REMOVAL_THRESHOLD = 0.5

RelKey = tuple[str, str, str, str, str]  # type, source label, target label, from, to


@dataclass(frozen=True)
class Change:
    """One field of one record that a load changes."""

    kind: str
    key: str
    field: str
    old: Any
    new: Any


@dataclass
class KindDiff:
    """What a load does to one node kind or relationship type."""

    added: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: Records this dataset no longer holds but that stay: ``(key, why)``.
    kept: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed_keys(self) -> list[str]:
        return sorted({c.key for c in self.changed})


@dataclass
class SyncPlan:
    """Everything a load of ``dataset`` would do, before anything is written."""

    dataset: str
    kinds: dict[str, KindDiff] = field(default_factory=dict)
    conflicts: list[Issue] = field(default_factory=list)
    #: How many records the dataset supplied before this load.
    supplied_before: int = 0
    #: Writes the store carries out besides the rows: nodes and relationships to delete,
    #: and kept records whose ``datasets`` shrink.
    delete_nodes: list[tuple[str, str]] = field(default_factory=list)
    delete_rels: list[RelKey] = field(default_factory=list)
    release_nodes: list[tuple[str, str, list[str]]] = field(default_factory=list)
    release_rels: list[tuple[RelKey, list[str]]] = field(default_factory=list)

    def diff(self, kind: str) -> KindDiff:
        return self.kinds.setdefault(kind, KindDiff())

    def counts(self) -> dict[str, tuple[int, int, int]]:
        """``(added, changed, removed)`` per kind that changes."""
        return {k: (len(d.added), len(d.changed_keys), len(d.removed))
                for k, d in sorted(self.kinds.items())
                if d.added or d.changed or d.removed}

    @property
    def removed(self) -> int:
        return sum(len(d.removed) for d in self.kinds.values())

    @property
    def removal_share(self) -> float:
        """The share of the dataset's earlier records this load removes."""
        return self.removed / self.supplied_before if self.supplied_before else 0.0

    @property
    def empty(self) -> bool:
        return not any(d.added or d.changed or d.removed for d in self.kinds.values())


@dataclass
class GraphRecords:
    """The graph's current records of the kinds a load touches: properties by key."""

    nodes: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # id: label
    rels: dict[RelKey, dict[str, Any]] = field(default_factory=dict)


def dataset_name(path: Path | str, given: str | None = None) -> str:
    """The dataset's name: given, else the folder's or workbook's name.

    >>> dataset_name("data/partnership"), dataset_name("trnava.xlsx"), dataset_name("x", "ASA")
    ('partnership', 'trnava', 'ASA')
    """
    if given and given.strip():
        return given.strip()
    p = Path(path)
    return (p.stem if p.suffix.lower() in (".xlsx", ".xlsm", ".csv") else p.name) or "dataset"


def checksum(path: Path | str) -> str:
    """SHA-256 of a file, or of a folder's files (names and contents), for the history."""
    digest = hashlib.sha256()
    p = Path(path)
    files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    for f in files:
        digest.update(f.relative_to(p).as_posix().encode() if p.is_dir() else b"")
        digest.update(f.read_bytes())
    return digest.hexdigest()


def _differences(kind: str, key: str, old: Mapping[str, Any], new: Mapping[str, Any],
                 names: Iterable[str]) -> list[Change]:
    out = []
    for name in names:
        before, after = _norm(old.get(name)), _norm(new.get(name))
        if before != after:
            out.append(Change(kind, key, name, before, after))
    return out


def _norm(value: Any) -> Any:
    """Stored values compared as the loader writes them (a list as a list, '' as null)."""
    if isinstance(value, tuple):
        return list(value)
    return None if value == "" else value


def _where(dataset: Dataset, key: object) -> tuple[str, int | None]:
    origin, row = dataset.where.get(key, ("the dataset", 0))
    return origin, row or None


def plan_sync(dataset: Dataset, name: str, graph: GraphRecords, *,
              add_only: bool = False) -> SyncPlan:
    """What loading ``dataset`` as ``name`` does to ``graph``; sets each row's
    ``datasets``. ``add_only`` keeps everything the dataset no longer holds."""
    plan = SyncPlan(name)
    plan.supplied_before = (
        sum(1 for _, props in graph.nodes.values() if name in (props.get(DATASETS) or []))
        + sum(1 for props in graph.rels.values() if name in (props.get(DATASETS) or [])))
    seen_nodes: set[str] = set()
    for label, rows in dataset.node_groups():
        names = [p.name for p in node_kind(label).value_props if p.name != DATASETS]
        for row in rows:
            key = row["id"]
            seen_nodes.add(key)
            current = graph.nodes.get(key)
            old = current[1] if current else None
            if current and current[0] != label:
                origin, number = _where(dataset, key)
                plan.conflicts.append(Issue(origin, number, "id",
                                            f"{key!r} is already a {current[0]} in the graph"))
                continue
            _place(plan, label, key, row, old, names, dataset)
    seen_rels: set[RelKey] = set()
    for (rel_type, source, target), rows in dataset.rel_groups():
        names = [p.name for p in rel_kind(rel_type).value_props if p.name != DATASETS]
        for row in rows:
            rkey: RelKey = (rel_type, source, target, row["from"], row["to"])
            seen_rels.add(rkey)
            _place(plan, rel_type, f"{row['from']} -> {row['to']}", row, graph.rels.get(rkey),
                   names, dataset, (rel_type, row["from"], row["to"]))
    if add_only:
        return plan
    staying_ends: dict[str, int] = {}
    for rkey, props in graph.rels.items():
        supplied = list(props.get(DATASETS) or [])
        if rkey in seen_rels or name not in supplied:
            staying_ends[rkey[3]] = staying_ends.get(rkey[3], 0) + 1
            staying_ends[rkey[4]] = staying_ends.get(rkey[4], 0) + 1
            continue
        others = [d for d in supplied if d != name]
        label = f"{rkey[3]} -> {rkey[4]}"
        if others:
            plan.release_rels.append((rkey, others))
            plan.diff(rkey[0]).kept.append((label, f"also supplied by {', '.join(others)}"))
            staying_ends[rkey[3]] = staying_ends.get(rkey[3], 0) + 1
            staying_ends[rkey[4]] = staying_ends.get(rkey[4], 0) + 1
        else:
            plan.delete_rels.append(rkey)
            plan.diff(rkey[0]).removed.append(label)
    for key, (label, props) in graph.nodes.items():
        supplied = list(props.get(DATASETS) or [])
        if key in seen_nodes or name not in supplied:
            continue
        others = [d for d in supplied if d != name]
        if others:
            plan.release_nodes.append((label, key, others))
            plan.diff(label).kept.append((key, f"also supplied by {', '.join(others)}"))
        elif staying_ends.get(key):
            plan.release_nodes.append((label, key, []))
            plan.diff(label).kept.append(
                (key, f"still used by {staying_ends[key]} relationship(s) that stay"))
        else:
            plan.delete_nodes.append((label, key))
            plan.diff(label).removed.append(key)
    return plan


def _place(plan: SyncPlan, kind: str, key: str, row: Row, old: Mapping[str, Any] | None,
           names: list[str], dataset: Dataset, where_key: object = None) -> None:
    """Classify one row as added, changed or unchanged, or as a conflict; set its
    ``datasets``."""
    name = plan.dataset
    if old is None:
        row[DATASETS] = [name]
        plan.diff(kind).added.append(key)
        return
    supplied = sorted(set(old.get(DATASETS) or []))
    changes = _differences(kind, key, old, row, names)
    others = [d for d in supplied if d != name]
    if changes and others:
        origin, number = _where(dataset, key if where_key is None else where_key)
        first = changes[0]
        plan.conflicts.append(Issue(
            origin, number, first.field,
            f"{kind} {key!r} is defined differently by dataset {', '.join(others)} "
            f"({first.field}: {first.old!r} there, {first.new!r} here); change one of them "
            "or load into the dataset that owns it (--dataset)"))
        return
    row[DATASETS] = sorted({*supplied, name})
    if changes:
        plan.diff(kind).changed.extend(changes)
