"""Validate-then-write: a load either writes the whole dataset or nothing.

A load is a sync of one dataset (:mod:`loaders.sync`): the graph ends up holding exactly
what the dataset holds, for what it supplies, and the load is recorded in the history.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.dataset import Dataset
from graph.errors import DatasetError, RspError
from graph.schema import NODE_KINDS, REL_KINDS
from graph.statements import match_nodes, match_rel_pairs
from graph.store import Store
from graph.values import json_default
from loaders.sync import (
    REMOVAL_THRESHOLD,
    GraphRecords,
    SyncPlan,
    checksum,
    dataset_name,
    plan_sync,
)
from loaders.validate import read_dataset

#: At most this many field changes are kept in one load's history record.
MAX_RECORDED_CHANGES = 5000


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


def read_records(store: Store) -> GraphRecords:
    """Every node and relationship of the graph with its properties (what a sync compares
    against), keyed by id and by ``(type, source label, target label, from, to)``."""
    records = GraphRecords()
    for kind in NODE_KINDS:
        for (props,) in store.execute(match_nodes(kind)).rows:
            records.nodes[str(props["id"])] = (kind.label, props)
    for rel in REL_KINDS:
        for source, target in rel.endpoint_pairs:
            for a, b, props in store.execute(match_rel_pairs(rel, source, target)).rows:
                records.rels[(rel.type, source, target, str(a), str(b))] = props
    return records


def prepare(store: Store, path: Path | str, *, name: str | None = None,
            add_only: bool = False) -> tuple[Dataset, SyncPlan, str]:
    """Read, validate (references may use ids already in the graph) and plan a load."""
    records = read_records(store)
    chosen = dataset_name(path, name)
    # Ids the dataset may refer to without defining them: those some other dataset supplies
    # (or that were loaded before datasets were recorded), not its own earlier rows.
    known = {ident: label for ident, (label, props) in records.nodes.items()
             if set(props.get("datasets") or []) - {chosen} or not props.get("datasets")}
    dataset = read_dataset(path, known)
    plan = plan_sync(dataset, chosen, records, add_only=add_only)
    if plan.conflicts:
        raise DatasetError(plan.conflicts)
    _attach(dataset, plan)
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
                   now: dt.datetime | None = None) -> dict[str, Any]:
    """The history row of a load (``LoadRecord``): when, what, from where, and what
    changed (each field change, each added or removed record; capped)."""
    exact = now or dt.datetime.now(dt.UTC)
    at = exact.replace(microsecond=0)
    changes: list[dict[str, Any]] = []
    for kind, diff in sorted(plan.kinds.items()):
        changes += [{"kind": kind, "key": k, "change": "added"} for k in diff.added]
        changes += [{"kind": c.kind, "key": c.key, "change": "changed", "field": c.field,
                     "old": c.old, "new": c.new} for c in diff.changed]
        changes += [{"kind": kind, "key": k, "change": "removed"} for k in diff.removed]
    more = len(changes) - MAX_RECORDED_CHANGES
    kept = changes[:MAX_RECORDED_CHANGES]
    if more > 0:
        kept.append({"kind": "", "key": "", "change": f"and {more} more"})
    totals = plan.counts().values()
    return {
        # The id sorts in time order to the microsecond (two loads in one second).
        "id": f"load-{exact.strftime('%Y%m%dT%H%M%S%f')}-{plan.dataset}",
        "dataset": plan.dataset, "at": at.isoformat(), "checksum": _safe_checksum(path),
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
    dataset, plan, chosen = prepare(store, path, name=name, add_only=add_only)
    if dry_run:
        before = store.counts()
        return LoadReport(dataset, before, before, written=False, plan=plan, name=chosen)
    if plan.removal_share > REMOVAL_THRESHOLD and not yes:
        raise RspError(
            f"this load would remove {plan.removed} of the {plan.supplied_before} records "
            f"dataset {chosen!r} supplied ({plan.removal_share:.0%}): is {path} the whole "
            "dataset? Check with --dry-run, then pass --yes to load it anyway (or "
            "--add-only to remove nothing)")
    dataset.history = history_record(plan, path, store.backend)
    callback = progress(dataset) if progress else None
    counts = store.write_dataset(dataset, progress=callback)
    return LoadReport(dataset, counts.before, counts.after, written=True, plan=plan,
                      name=chosen)
