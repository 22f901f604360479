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
import mmap
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph.dataset import Dataset, Group, GroupKey, Keys, Row, arrow_type, kind_of
from graph.errors import Issue
from graph.schema import DATASETS, NodeKind, RelKind

#: A load that would remove more than this share of a dataset's records asks for --yes.
REMOVAL_THRESHOLD = 0.5
#: Added keys of a kind kept in a file rather than memory from this many (SyncPlan.spill_keys).
SPILL_KEYS = 10_000

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

    #: Keys of the records added (made text only when read: a first load adds millions).
    added: Sequence[str] = field(default_factory=list)
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
    #: The graph already held exactly this dataset (same files as its last load): nothing
    #: but the history record is written.
    unchanged: bool = False

    def diff(self, kind: str) -> KindDiff:
        return self.kinds.setdefault(kind, KindDiff())

    def spill_keys(self, folder: Path | None = None) -> None:
        """Move the keys of the added records out of memory, into a file in ``folder``
        (default: the system's temporary folder) mapped back and read only when they are
        listed (the summary needs only their number). A first load at EU scale adds 1.1M
        records: their keys took about 21 MB for the whole load. The file has no name
        (nothing is left behind); the mapping keeps it until the plan is gone."""
        for diff in self.kinds.values():
            if isinstance(diff.added, Keys) and len(diff.added) >= SPILL_KEYS:
                diff.added = _spilled(diff.added, folder)

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
    """The graph's current records that a load of one dataset compares against, column
    by column (Arrow tables with the key columns and every stored property).

    ``tables`` holds, per group (node label, or relationship type with its end labels),
    at least the records with the dataset's keys and every record tagged with the
    dataset; ``ids`` every node id of each label (an id may be one kind only);
    ``incident`` the relationships (as :data:`RelKey`) that touch some node ids.
    """

    tables: dict[GroupKey, pa.Table] = field(default_factory=dict)
    ids: dict[str, pa.Array] = field(default_factory=dict)
    incident: Callable[[list[str]], list[RelKey]] = lambda ids: []


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
        with f.open("rb") as handle:  # a piece at a time: the files may be large
            for piece in iter(lambda: handle.read(1 << 20), b""):
                digest.update(piece)
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


def only(name: str, n: int) -> pa.Array:
    """A ``datasets`` column saying ``[name]`` ``n`` times."""
    offsets = pa.array(np.arange(n + 1, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, pa.repeat(pa.scalar(name, pa.string()), n))


def contains(lists: pa.Array, value: str) -> np.ndarray[Any, Any]:
    """Which of the lists hold ``value``."""
    out = np.zeros(len(lists), dtype=bool)
    if len(lists):
        hits = pc.fill_null(pc.equal(pc.list_flatten(lists), value), False)
        out[pc.list_parent_indices(lists).filter(hits).to_numpy()] = True
    return out


def keys_of(key: GroupKey, table: pa.Table) -> pa.Array:
    """One text key per row: the id, or ``from`` and ``to`` joined."""
    if isinstance(key, str):
        return _array(table.column("id"))
    return _array(pc.binary_join_element_wise(table.column("from"), table.column("to"),
                                              "\x00"))


def _array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _positions(keys: pa.Array, among: pa.Array) -> np.ndarray[Any, Any]:
    """Where each key is in ``among`` (-1: not there)."""
    if len(among) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    found = pc.fill_null(pc.index_in(keys, value_set=among), -1)
    return np.asarray(_array(found).to_numpy(), dtype=np.int64)


def _differs(prop_type: str, new: pa.Array, old: pa.Array) -> np.ndarray[Any, Any]:
    """Which rows' values differ, as :func:`_norm` compares them (null = null)."""
    if prop_type == "string":
        old = pc.if_else(pc.equal(old, ""), pa.scalar(None, pa.string()), old)
    if prop_type == "list":
        new_text = pc.binary_join(new, "\x1f")
        old_text = pc.binary_join(old, "\x1f")
        same = pc.and_(pc.equal(pc.list_value_length(new), pc.list_value_length(old)),
                       pc.equal(new_text, old_text))
    else:
        same = pc.equal(new, old)
    both_null = pc.and_(pc.is_null(new), pc.is_null(old))
    result = pc.invert(pc.or_(both_null, pc.fill_null(same, False)))
    return np.asarray(_array(result).to_numpy(zero_copy_only=False), dtype=bool)


def _key_text(key: GroupKey, row: Mapping[str, Any]) -> str:
    return str(row["id"]) if isinstance(key, str) else f"{row['from']} -> {row['to']}"


def _spilled(keys: Keys, folder: Path | None) -> Keys:
    """``keys`` read back from an unnamed file in ``folder`` mapped into memory (the same
    keys, in memory, where the file cannot be written)."""
    columns = [keys.first] if keys.second is None else [keys.first, keys.second]
    batch = pa.record_batch(columns, names=[str(n) for n in range(len(columns))])
    try:
        with tempfile.TemporaryFile(dir=folder, prefix="rsp-keys-") as out:
            with pa.ipc.new_file(out, batch.schema) as writer:
                writer.write_batch(batch)
            out.flush()
            mapped = mmap.mmap(out.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return keys
    table = pa.ipc.open_file(pa.BufferReader(pa.py_buffer(mapped))).read_all()
    arrays = [c.chunk(0) if c.num_chunks == 1 else c.combine_chunks() for c in table.columns]
    return Keys(arrays[0], arrays[1] if len(arrays) > 1 else None)


def _add_keys(diff: KindDiff, key: GroupKey, table: pa.Table) -> None:
    """Keep the keys of a group's added rows (for the summary and the diff). The ends of
    relationships repeat (an event has hundreds of participants): kept dictionary-encoded,
    a first load's keys at EU scale take about 21 MB instead of 38 MB."""
    if isinstance(key, str):
        first, second = _array(table.column("id")), None
    else:
        first = _array(table.column("from")).dictionary_encode()
        second = _array(table.column("to")).dictionary_encode()
    if isinstance(diff.added, Keys):
        first = pa.concat_arrays([diff.added.first, first])
        if second is not None and diff.added.second is not None:
            second = pa.concat_arrays([diff.added.second, second])
    diff.added = Keys(first, second)


def plan_sync(dataset: Dataset, name: str, graph: GraphRecords, *,
              add_only: bool = False) -> SyncPlan:
    """What loading ``dataset`` as ``name`` does to ``graph``: sets each row's
    ``datasets`` and the dataset's rows to write (new ones, changed ones).
    ``add_only`` keeps everything the dataset no longer holds."""
    plan = SyncPlan(name)
    dataset.new_rows, dataset.changed_rows = {}, {}
    tagged: dict[GroupKey, np.ndarray[Any, Any]] = {}
    for key, table in graph.tables.items():
        tagged[key] = contains(_array(table.column(DATASETS)), name)
        plan.supplied_before += int(tagged[key].sum())
    seen: dict[GroupKey, pa.Array] = {}
    other_ids = any(len(ids) for ids in graph.ids.values())
    for key, group in dataset.groups():
        # The rows' keys, where there is something to compare them with (not in a first
        # load: a million relationships' keys would be made for nothing).
        keys = None
        if key in graph.tables or (isinstance(key, str) and other_ids):
            keys = seen[key] = keys_of(key, group.table)
        _place_group(plan, dataset, key, group, keys, graph)
    if add_only:
        return plan
    order = sorted(graph.tables, key=lambda k: isinstance(k, str))  # relationships first
    candidates: list[tuple[str, str]] = []
    for key in order:
        table = graph.tables[key]
        kind = kind_of(key)
        mine = keys_of(key, table)
        gone = tagged[key] & (_positions(mine, seen[key]) < 0 if key in seen
                              else np.ones(table.num_rows, dtype=bool))
        if not gone.any():
            continue
        rows = table.filter(pa.array(gone)).to_pylist()
        for row in rows:
            others = [d for d in (row.get(DATASETS) or []) if d != name]
            label = _key_text(key, row)
            if isinstance(key, str):
                if others:
                    plan.release_nodes.append((key, label, others))
                    plan.diff(key).kept.append((label, f"also supplied by {', '.join(others)}"))
                else:
                    candidates.append((key, label))
                continue
            rkey: RelKey = (*key, row["from"], row["to"])
            if others:
                plan.release_rels.append((rkey, others))
                plan.diff(kind.name).kept.append((label,
                                                  f"also supplied by {', '.join(others)}"))
            else:
                plan.delete_rels.append(rkey)
                plan.diff(kind.name).removed.append(label)
        del rows
    if candidates:
        deleted = set(plan.delete_rels)
        staying: dict[str, int] = {}
        for rkey in graph.incident([ident for _, ident in candidates]):
            if rkey not in deleted:
                staying[rkey[3]] = staying.get(rkey[3], 0) + 1
                staying[rkey[4]] = staying.get(rkey[4], 0) + 1
        for label, ident in candidates:
            if staying.get(ident):
                plan.release_nodes.append((label, ident, []))
                plan.diff(label).kept.append(
                    (ident, f"still used by {staying[ident]} relationship(s) that stay"))
            else:
                plan.delete_nodes.append((label, ident))
                plan.diff(label).removed.append(ident)
    return plan


def _place_group(plan: SyncPlan, dataset: Dataset, key: GroupKey, group: Group,
                 keys: pa.Array | None, graph: GraphRecords) -> None:
    """Classify one group's rows as added, changed or unchanged, or as conflicts; set
    their ``datasets`` and what the store writes of them. ``keys`` (see :func:`keys_of`)
    may be None when the graph has no records to compare the group with."""
    assert dataset.new_rows is not None and dataset.changed_rows is not None
    kind = kind_of(key)
    table = group.table
    n = table.num_rows
    names = [p.name for p in kind.value_props if p.name != DATASETS]
    conflicts: list[tuple[int, Issue]] = []
    blocked = np.zeros(n, dtype=bool)
    if isinstance(kind, NodeKind):
        for other, ids in graph.ids.items():
            if other == key or not len(ids):
                continue
            assert keys is not None
            for index in np.flatnonzero(_positions(keys, ids) >= 0):
                blocked[index] = True
                ident = keys[int(index)].as_py()
                conflicts.append((int(index), Issue(
                    group.origin, int(group.numbers[int(index)].as_py()), "id",
                    f"{ident!r} is already a {other} in the graph")))
    current = graph.tables.get(key)
    place = (_positions(keys, keys_of(key, current))
             if current is not None and keys is not None
             else np.full(n, -1, dtype=np.int64))
    new = (place < 0) & ~blocked
    existing = np.flatnonzero((place >= 0) & ~blocked)
    name = plan.dataset
    datasets = only(name, n)
    changed_rows: list[Row] = []
    if len(existing) and current is not None:
        ours = table.take(pa.array(existing))
        theirs = current.take(pa.array(place[existing]))
        look = np.zeros(len(existing), dtype=bool)
        for prop in kind.value_props:
            if prop.name != DATASETS:
                look |= _differs(prop.type, ours.column(prop.name).combine_chunks(),
                                 theirs.column(prop.name).combine_chunks()
                                 .cast(arrow_type(prop)))
        supplied = theirs.column(DATASETS).combine_chunks()
        just_ours = pc.and_(pc.equal(pc.list_value_length(supplied), 1),
                            pc.equal(pc.list_element(pc.fill_null(supplied, [""]), 0), name))
        look |= ~_array(pc.fill_null(just_ours, False)).to_numpy(zero_copy_only=False)
        if look.any():
            picked = pa.array(np.flatnonzero(look))
            overrides: dict[int, list[str]] = {}
            rows = ours.take(picked).to_pylist()
            olds = theirs.take(picked).to_pylist()
            for at, row, old in zip(existing[look], rows, olds, strict=True):
                outcome = _place(plan, kind, key, row, old, names, group, int(at))
                if isinstance(outcome, Issue):
                    conflicts.append((int(at), outcome))
                    continue
                overrides[int(at)] = row[DATASETS]
                if outcome:
                    changed_rows.append(row)
            if overrides:
                values = datasets.to_pylist()
                for at, value in overrides.items():
                    values[at] = value
                datasets = pa.array(values, pa.list_(pa.string()))
    plan.conflicts += [issue for _, issue in sorted(conflicts, key=lambda c: c[0])]
    dataset.set_datasets(key, datasets)
    table = dataset.node_tables[key].table if isinstance(key, str) else \
        dataset.rel_tables[key].table
    if new.any():
        added = table if new.all() else table.filter(pa.array(new))
        dataset.new_rows[key] = added
        _add_keys(plan.diff(kind.name), key, added)
    if changed_rows:
        dataset.changed_rows[key] = changed_rows


def _place(plan: SyncPlan, kind: NodeKind | RelKind, key: GroupKey, row: Row,
           old: Mapping[str, Any], names: list[str], group: Group, index: int
           ) -> Issue | bool:
    """One existing row: a conflict (the issue), or whether it must be written; sets
    its ``datasets`` and records its changes."""
    name = plan.dataset
    label = _key_text(key, row)
    supplied = sorted(set(old.get(DATASETS) or []))
    changes = _differences(kind.name, label, old, row, names)
    others = [d for d in supplied if d != name]
    if changes and others:
        first = changes[0]
        return Issue(
            group.origin, int(group.numbers[index].as_py()) or None, first.field,
            f"{kind.name} {label!r} is defined differently by dataset {', '.join(others)} "
            f"({first.field}: {first.old!r} there, {first.new!r} here); change one of them "
            "or load into the dataset that owns it (--dataset)")
    row[DATASETS] = sorted({*supplied, name})
    if changes:
        plan.diff(kind.name).changed.extend(changes)
    return bool(changes) or row[DATASETS] != list(old.get(DATASETS) or [])
