"""Validate-then-write: a load either writes the whole dataset or nothing.

A load is a sync of one dataset (:mod:`loaders.sync`): the graph ends up holding exactly
what the dataset holds, for what it supplies, and the load is recorded in the history.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from graph import lease
from graph.dataset import Dataset, GroupKey, arrow_schema
from graph.errors import DatasetError, RspError
from graph.memory import give_back_memory, map_big_blocks
from graph.schema import NODE_KINDS, REL_KINDS, NodeKind, RelKind
from graph.statements import (
    count_tagged,
    last_load,
    match_group,
    match_ids,
    match_incident,
)
from graph.store import Store, tally
from graph.values import json_default
from loaders.sync import (
    REMOVAL_THRESHOLD,
    GraphRecords,
    RelKey,
    SyncPlan,
    checksum,
    dataset_name,
    plan_sync,
)
from loaders.validate import read_dataset

#: At most this many field changes are kept in one load's history record.
MAX_RECORDED_CHANGES = 5000
#: A group of fewer rows than this reads only its own keys' records from the graph;
#: a bigger one reads the whole kind, column by column.
FEW_ROWS = 5000
#: What a store remembers after a whole load (Store.remember): the dataset and its files'
#: checksum, as the graph holds them exactly until the next write.
LOADED = "loaded"


@dataclass
class LoadReport:
    """What a load read, what it changes, and the graph's counts before and after it."""

    dataset: Dataset
    before: dict[str, int]
    after: dict[str, int]
    written: bool
    plan: SyncPlan | None = None
    name: str = ""

    @property
    def changes(self) -> dict[str, int]:
        """Growth per kind; all zeros when the data was already loaded."""
        return {k: self.after.get(k, 0) - self.before.get(k, 0) for k in self.after}


def _read(store: Store, statement: str, params: dict[str, Any], schema: pa.Schema
          ) -> pa.Table:
    """A query's rows as an Arrow table of ``schema`` (read column by column where the
    store can: see ``EmbeddedStore.read_arrow``)."""
    reader = getattr(store, "read_arrow", None)
    if reader is not None:
        table: pa.Table = reader(statement, params)
        if table.num_columns == len(schema):
            return table.rename_columns(schema.names).cast(schema)
    return pa.Table.from_pylist(store.execute(statement, params).dicts(), schema=schema)


def _schema(kind: NodeKind | RelKind) -> pa.Schema:
    keys = [p for p in kind.stored_props if p.name in kind.key_columns]
    return arrow_schema([*keys, *kind.value_props])


class GraphIds:
    """The ids already in the graph that dataset ``name`` may refer to without defining
    them: those some other dataset supplies (or that were loaded before datasets were
    recorded), not its own earlier rows. Asked only about the ids it needs."""

    def __init__(self, store: Store, name: str, counts: dict[str, int]):
        self.store, self.name = store, name
        self.labels = [k for k in NODE_KINDS if counts.get(k.label)]

    def _others(self, supplied: list[str] | None) -> bool:
        return not supplied or bool(set(supplied) - {self.name})

    def __call__(self, ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for kind in self.labels:
            for ident, supplied in self.store.execute(match_ids(kind, among=True),
                                                      {"ids": ids}).rows:
                if self._others(supplied):
                    found[str(ident)] = kind.label
        return found

    def __bool__(self) -> bool:
        for kind in self.labels:
            for _ident, supplied in self.store.execute(match_ids(kind)).rows:
                if self._others(supplied):
                    return True
        return False


def read_graph(store: Store, dataset: Dataset, name: str, counts: dict[str, int]
               ) -> GraphRecords:
    """The graph's records a load of ``dataset`` as ``name`` compares against: of each
    group, those with the dataset's keys (every record of a big group) and those tagged
    with ``name``; every node id by kind; the relationships at some nodes, on demand."""
    records = GraphRecords()
    for kind in NODE_KINDS:
        if counts.get(kind.label):
            ids = _read(store, match_ids(kind), {},
                        pa.schema([("id", pa.string()), ("datasets", pa.list_(pa.string()))]))
            records.ids[kind.label] = ids.column("id").combine_chunks()
    groups: list[tuple[GroupKey, NodeKind | RelKind, str | None, str | None]] = [
        (k.label, k, None, None) for k in NODE_KINDS if counts.get(k.label)]
    groups += [((r.type, s, t), r, s, t) for r in REL_KINDS if counts.get(r.type)
               for s, t in r.endpoint_pairs]
    for key, each, source, target in groups:
        group = (dataset.node_tables.get(key) if isinstance(key, str)
                 else dataset.rel_tables.get(key))
        params: dict[str, Any] = {"dataset": name}
        if group is None:
            statement = match_group(each, source, target, tagged=True)
        elif group.table.num_rows < FEW_ROWS:
            column = "id" if isinstance(key, str) else "from"
            params["ids"] = sorted(set(group.table.column(column).to_pylist()))
            statement = match_group(each, source, target, keys=True, tagged=True)
        else:
            statement = match_group(each, source, target)
            params = {}
        table = _read(store, statement, params, _schema(each))
        if table.num_rows or group is not None:
            records.tables[key] = table

    def incident(ids: list[str]) -> list[RelKey]:
        rows = store.execute(match_incident(store.backend), {"ids": ids}).rows
        return [(str(t), str(s), str(u), str(a), str(b)) for t, s, u, a, b in rows]

    records.incident = incident
    return records


def unchanged(store: Store, dataset: Dataset, name: str, digest: str | None) -> bool:
    """Whether the graph holds this dataset exactly as these files: the dataset's last
    load was complete and read the same files (checksum), and the graph has as many
    records tagged with it, kind by kind, as the files hold."""
    if digest is None:
        return False
    last = store.execute(last_load(), {"dataset": name}).rows
    if not last or last[0][0] != digest or last[0][1] is False:
        return False
    if store.remembered(LOADED) == {"dataset": name, "checksum": digest}:
        return True  # nothing has written since a load made the graph match these files
    tagged = tally(store.execute(count_tagged(), {"dataset": name}).rows)
    held = dataset.counts()
    return all(tagged[kind] == held.get(kind, 0) for kind in tagged)


def remember_load(store: Store, report: LoadReport, *, add_only: bool = False) -> None:
    """Remember that the graph now holds exactly the dataset ``report`` loaded, after the
    last write of the load (any write forgets it): a reload of the same files then skips
    counting the dataset's records in the graph (a scan of every record's ``datasets``,
    0.3 s at EU scale). Not after ``--add-only``, which leaves records the files lack."""
    if report.written and report.plan is not None and not add_only:
        store.remember(LOADED, {"dataset": report.plan.dataset,
                                "checksum": report.dataset.checksum})


def prepare(store: Store, path: Path | str, *, name: str | None = None,
            add_only: bool = False) -> tuple[Dataset, SyncPlan, str]:
    """Read, validate (references may use ids already in the graph) and plan a load."""
    chosen = dataset_name(path, name)
    counts = store.counts()
    filled = any(counts.values())
    if not filled:
        # A first load holds the most at once; its reading is about 10 % slower this way.
        map_big_blocks()
    # Reading the files needs the graph only for the ids they refer to without defining
    # them (asked once, at the end of reading): the database rests meanwhile.
    with store.resting():
        dataset = read_dataset(path, GraphIds(store, chosen, counts) if filled else None)
    digest = _safe_checksum(path)
    if not filled:  # an empty graph: every row is new, nothing to compare
        plan = plan_sync(dataset, chosen, GraphRecords(), add_only=add_only)
    elif unchanged(store, dataset, chosen, digest):
        plan = SyncPlan(chosen, supplied_before=dataset.size, unchanged=True)
        dataset.new_rows, dataset.changed_rows = {}, {}
    else:
        plan = plan_sync(dataset, chosen, read_graph(store, dataset, chosen, counts),
                         add_only=add_only)
    if plan.conflicts:
        raise DatasetError(plan.conflicts)
    _attach(dataset, plan)
    dataset.checksum = digest
    return dataset, plan, chosen


def _attach(dataset: Dataset, plan: SyncPlan) -> None:
    """Hand the plan's deletions and releases to the dataset the store writes."""
    for label, ident in plan.delete_nodes:
        dataset.delete_nodes[label].append({"id": ident})
    for rel_type, source, target, a, b in plan.delete_rels:
        dataset.delete_rels[(rel_type, source, target)].append({"from": a, "to": b})
    for label, ident, others in plan.release_nodes:
        # ``others`` is empty for a node kept only because staying relationships use it.
        dataset.release_nodes[label].append({"id": ident, "datasets": others})
    for (rel_type, source, target, a, b), others in plan.release_rels:
        dataset.release_rels[(rel_type, source, target)].append(
            {"from": a, "to": b, "datasets": others})


def history_record(plan: SyncPlan, path: Path | str, backend: str,
                   now: dt.datetime | None = None, digest: str | None = None
                   ) -> dict[str, Any]:
    """The history row of a load (``LoadRecord``): when, what, from where, and what
    changed (each field change, each added or removed record; capped)."""
    exact = now or dt.datetime.now(dt.UTC)
    at = exact.replace(microsecond=0)
    changes: list[dict[str, Any]] = []
    total = 0
    for kind, diff in sorted(plan.kinds.items()):
        total += len(diff.added) + len(diff.changed) + len(diff.removed)
        room = MAX_RECORDED_CHANGES - len(changes)
        changes += [{"kind": kind, "key": k, "change": "added"}
                    for k in itertools.islice(diff.added, max(room, 0))]
        changes += [{"kind": c.kind, "key": c.key, "change": "changed", "field": c.field,
                     "old": c.old, "new": c.new} for c in diff.changed]
        changes += [{"kind": kind, "key": k, "change": "removed"} for k in diff.removed]
    more = total - MAX_RECORDED_CHANGES
    kept = changes[:MAX_RECORDED_CHANGES]
    if more > 0:
        kept.append({"kind": "", "key": "", "change": f"and {more} more"})
    totals = plan.counts().values()
    return {
        # The id sorts in time order to the microsecond (two loads in one second).
        "id": f"load-{exact.strftime('%Y%m%dT%H%M%S%f')}-{plan.dataset}",
        "dataset": plan.dataset, "at": at.isoformat(),
        "checksum": digest if digest is not None else _safe_checksum(path),
        "backend": backend, "added": sum(t[0] for t in totals),
        "changed": sum(t[1] for t in totals), "removed": sum(t[2] for t in totals),
        "complete": True, "changes": json.dumps(kept, default=json_default, ensure_ascii=False),
        "source": str(path), "updated": at.date(), "verified": True, "illustrative": False,
        "note": None, "datasets": [plan.dataset],
    }


def _safe_checksum(path: Path | str) -> str | None:
    try:
        return checksum(path)
    except OSError:
        return None


def load_path(store: Store, path: Path | str, *, dry_run: bool = False,
              progress: Callable[[Dataset], Callable[[int], None] | None] | None = None,
              name: str | None = None, add_only: bool = False, yes: bool = False
              ) -> LoadReport:
    """Validate the dataset at ``path`` completely, then make the graph match it.

    ``name`` names the dataset (default: the folder's or workbook's name). ``add_only``
    removes nothing. A load that would remove more than :data:`REMOVAL_THRESHOLD` of the
    records the dataset supplied needs ``yes``. ``progress`` receives the validated
    dataset and returns the callback told how many rows each batch wrote.
    """
    if dry_run:
        return _load(store, path, dry_run=True, progress=progress, name=name,
                     add_only=add_only, yes=yes)
    # On a server, loads run one at a time from before they read the graph to plan
    # until they have written (see graph.lease).
    with lease.held(store, dataset_name(path, name)) as held:
        return _load(store, path, dry_run=False, progress=progress, name=name,
                     add_only=add_only, yes=yes, check=held.check)


def _load(store: Store, path: Path | str, *, dry_run: bool,
          progress: Callable[[Dataset], Callable[[int], None] | None] | None,
          name: str | None, add_only: bool, yes: bool,
          check: Callable[[], None] | None = None) -> LoadReport:
    # Reading and validating allocate and free many buffers: from the C library's
    # allocator, which gives them back to the system below (Arrow's own keeps them),
    # before the database takes its share of memory.
    arrow_pool = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        dataset, plan, chosen = prepare(store, path, name=name, add_only=add_only)
    finally:
        pa.set_memory_pool(arrow_pool)
    give_back_memory()
    if dry_run:
        before = store.counts()
        return LoadReport(dataset, before, before, written=False, plan=plan, name=chosen)
    if plan.removal_share > REMOVAL_THRESHOLD and not yes:
        raise RspError(
            f"this load would remove {plan.removed} of the {plan.supplied_before} records "
            f"dataset {chosen!r} supplied ({plan.removal_share:.0%}): is {path} the whole "
            "dataset? Check with --dry-run, then pass --yes to load it anyway (or "
            "--add-only to remove nothing)")
    dataset.history = history_record(plan, path, store.backend, digest=dataset.checksum)
    plan.spill_keys(store.scratch)
    give_back_memory()
    callback = progress(dataset) if progress else None
    dataset.disposable = True  # nothing reads the rows once written (only their counts)
    if check is not None:
        check()  # the lease is still this load's: its plan is of the graph as it is
    counts = store.write_dataset(dataset, progress=callback)
    return LoadReport(dataset, counts.before, counts.after, written=True, plan=plan,
                      name=chosen)
