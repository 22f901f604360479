"""Getting data in: validate and load a dataset, empty templates, synthetic data, counts."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, overload

from graph import lease
from graph.errors import RspError
from graph.schema import NODES
from graph.store import Store
from loaders.dataset import Dataset
from loaders.generate import Scale
from loaders.generate import generate as write_generated
from loaders.load import LoadReport, load_path, remember_load
from loaders.sync import dataset_name
from loaders.templates import write_templates
from loaders.validate import read_dataset
from usecases import synergy_index

log = logging.getLogger(__name__)


def ensure_empty_folder(directory: Path, *, force: bool = False) -> None:
    """Refuse to write into a folder that holds files, unless ``force``."""
    if directory.exists() and not directory.is_dir():
        raise RspError(f"{directory} is a file, not a folder")
    if directory.exists() and any(directory.iterdir()) and not force:
        raise RspError(f"{directory} is not empty; choose another folder or pass --force")


def dataset_folders(path: Path) -> list[Path]:
    """The datasets in ``path``: the folder itself, or (as ``rsp export`` writes them) one
    subfolder or workbook per dataset when the folder holds no table of its own."""
    if not path.is_dir() or any(p.suffix.lower() == ".csv" for p in path.iterdir()):
        return [path]
    inner = sorted(p for p in path.iterdir()
                   if (p.is_dir() and any(f.suffix.lower() == ".csv" for f in p.iterdir()))
                   or p.suffix.lower() in (".xlsx", ".xlsm"))
    return inner or [path]


def load(store: Store, path: Path, *, dry_run: bool = False,
         progress: Callable[[Dataset], Callable[[int], None] | None] | None = None,
         name: str | None = None, add_only: bool = False, yes: bool = False) -> LoadReport:
    """Validate the dataset at ``path`` completely, then make the graph match it, all or
    nothing (see :mod:`loaders.sync`); then count the synergy index anew
    (:mod:`usecases.synergy_index`). Should that fail, the load stands and the answers are
    counted from the graph until the next load refreshes the index. On a database that
    keeps query plans, one synergy question is asked before the load reports
    (:func:`usecases.synergies.warm_up`)."""
    if dry_run:
        return load_path(store, path, dry_run=True, progress=progress, name=name,
                         add_only=add_only, yes=yes)
    # On a server the load lease covers the index too: a load that waited for another
    # must not restamp the build that one's refresh replaced (see graph.lease).
    with lease.held(store, dataset_name(path, name)):
        return _load_and_index(store, path, progress=progress, name=name,
                               add_only=add_only, yes=yes)


def _load_and_index(store: Store, path: Path, *,
                    progress: Callable[[Dataset], Callable[[int], None] | None] | None,
                    name: str | None, add_only: bool, yes: bool) -> LoadReport:
    current = synergy_index.fresh_build(store)
    report = load_path(store, path, progress=progress, name=name, add_only=add_only,
                       yes=yes)
    if report.written:
        try:
            if current is not None and report.plan is not None and report.plan.empty:
                synergy_index.restamp(store, current)  # nothing changed: same counts
            else:
                synergy_index.refresh(store)
        except RspError as exc:
            log.warning("rsp: the synergy index was not refreshed (%s); answers are "
                        "counted from the graph until the next load", exc)
        if store.keeps_plans:
            from usecases.synergies import warm_up

            try:
                warm_up(store)
            except RspError as exc:  # the load stands; only the first answer is slower
                log.warning("rsp: could not prepare the synergy answers (%s)", exc)
        remember_load(store, report, add_only=add_only)  # after the load's last write
    return report


@dataclass(frozen=True)
class LoadRow:
    """One line of a load's summary: a kind, its rows in the dataset, what the load adds,
    changes and removes, and the graph's counts."""

    kind: str
    in_dataset: int
    added: int
    changed: int
    removed: int
    before: int
    after: int


def load_rows(report: LoadReport) -> list[LoadRow]:
    """The kinds a load touched or that exist in the graph, with their counts."""
    in_file = report.dataset.counts()
    diff = report.plan.counts() if report.plan else {}
    return [LoadRow(kind, in_file.get(kind, 0), *diff.get(kind, (0, 0, 0)),
                    report.before[kind], report.after[kind])
            for kind in report.after
            if in_file.get(kind) or report.after[kind] or kind in diff]


class DiffLine(NamedTuple):
    """One record a load adds, changes or removes (with the fields a change touches)."""

    kind: str
    change: str
    key: str
    detail: str = ""


_Block = tuple[str, str, Sequence[str], Sequence[str] | None]


def _line(block: _Block, index: int) -> DiffLine:
    """Line ``index`` of a diff's block ``(kind, change, keys, details or None)``."""
    kind, change, keys, details = block
    return DiffLine(kind, change, keys[index], details[index] if details else "")


class LoadDiff(Sequence[DiffLine]):
    """A load's diff, line by line, made when read: a first load adds a million records,
    and most readers look at a few lines (or none)."""

    def __init__(self, blocks: list[_Block]):
        #: ``(kind, change, keys, details or None)``, in the order the lines are read.
        self.blocks = [b for b in blocks if len(b[2])]

    def __len__(self) -> int:
        return sum(len(keys) for _, _, keys, _ in self.blocks)

    def __iter__(self) -> Iterator[DiffLine]:
        for kind, change, keys, details in self.blocks:
            if details is None:
                yield from map(DiffLine, itertools.repeat(kind), itertools.repeat(change),
                               keys)
            else:
                yield from map(DiffLine, itertools.repeat(kind), itertools.repeat(change),
                               keys, details)

    def changes(self) -> set[str]:
        """The kinds of change in the diff, from its blocks: a first load's million lines
        are never made to learn that all were added."""
        return {change for _, change, _, _ in self.blocks}

    def groups(self, limit: int = 0) -> Iterator[tuple[str, str, int, list[DiffLine]]]:
        """Per kind and kind of change, in the order of the lines: how many lines, and the
        first ``limit`` of them (0: all)."""
        for block in self.blocks:
            kind, change, keys, _ = block
            shown = len(keys) if not limit else min(limit, len(keys))
            yield kind, change, len(keys), [_line(block, i) for i in range(shown)]

    @overload
    def __getitem__(self, index: int) -> DiffLine: ...
    @overload
    def __getitem__(self, index: slice) -> list[DiffLine]: ...

    def __getitem__(self, index: int | slice) -> DiffLine | list[DiffLine]:
        if isinstance(index, slice):
            return list(self)[index]
        at = index + len(self) if index < 0 else index
        for block in self.blocks:
            if 0 <= at < len(block[2]):
                return _line(block, at)
            at -= len(block[2])
        raise IndexError(index)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"LoadDiff({list(self)!r})"


def load_diff(report: LoadReport) -> LoadDiff:
    """The load's diff record by record, kind by kind (added, changed, removed, then what
    stays and why)."""
    if report.plan is None:
        return LoadDiff([])
    blocks: list[_Block] = []
    for kind, diff in sorted(report.plan.kinds.items()):
        blocks.append((kind, "added", diff.added, None))
        fields: dict[str, list[str]] = {}
        for c in diff.changed:
            fields.setdefault(c.key, []).append(f"{c.field}: {c.old!r} -> {c.new!r}")
        blocks.append((kind, "changed", list(fields), ["; ".join(v) for v in fields.values()]))
        blocks.append((kind, "removed", diff.removed, None))
        blocks.append((kind, "kept", [k for k, _ in diff.kept], [why for _, why in diff.kept]))
    return LoadDiff(blocks)


def validate(path: Path) -> dict[str, int]:
    """Check a dataset without loading it; rows per kind (raises ``DatasetError``)."""
    return dict(sorted(read_dataset(path).counts().items()))


def templates(directory: Path, *, xlsx: bool = False, force: bool = False,
              region: str | None = None, store: Store | None = None) -> list[Path]:
    """Empty spreadsheets (headers only) and a guide in ``directory``; for ``region``
    (read from ``store``), the guide lists the ids its rows may refer to."""
    ensure_empty_folder(directory, force=force)
    extra = region_guide(store, region) if region and store else ""
    return write_templates(directory, xlsx=xlsx, extra=extra)


def region_guide(store: Store, region: str) -> str:
    """The part of a region's guide that names the ids already in the graph."""
    import queries
    from usecases.names import region_id

    rid = region_id(store, region)
    name = next(r["name"] for r in queries.run(store, "regions") if r["id"] == rid)
    challenges = queries.run(store, "challenges").rows
    faced = {r["challenge"] for r in queries.run(store, "region_challenges", {"region": rid})}
    lines = [f"## Your region: {name}", "",
             f"Your region is already in the graph as `{rid}`: do not add it to regions.csv;",
             "refer to it in `from`/`to` (e.g. located_in.csv: your organisation -> "
             f"`{rid}`). Load your folder as your own dataset (its name is the folder's, or",
             "`--dataset NAME`): reloading it later removes the rows you deleted, and never",
             "touches the partnership's records. Preview first: `rsp load DIR --dry-run`.", "",
             "Challenges you can refer to (faces.csv `to`, addresses.csv `to`):", ""]
    lines += [f"- `{cid}`: {cname}" + (" (your region faces it)" if cname in faced else "")
              for cid, cname, *_ in challenges]
    return "\n".join(lines) + "\n"


def generate(directory: Path, scale: Scale, *, force: bool = False) -> dict[str, int]:
    """A seeded synthetic dataset (every record illustrative) for benchmarks."""
    ensure_empty_folder(directory, force=force)
    for name, value in (("regions", scale.regions), ("organisations", scale.organisations),
                        ("challenges", scale.challenges)):
        if value < 1:
            raise RspError(f"--{name} must be at least 1")
    return write_generated(directory, scale)


@dataclass(frozen=True)
class KindCount:
    kind: str
    is_node: bool
    count: int


def stats(store: Store) -> list[KindCount]:
    """Nodes per kind and relationships per type, zeros included."""
    return [KindCount(kind, kind in NODES, n) for kind, n in store.counts().items()]
