"""Getting data in: validate and load a dataset, empty templates, synthetic data, counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import RspError
from graph.schema import NODES
from graph.store import Store
from loaders.dataset import Dataset
from loaders.generate import Scale
from loaders.generate import generate as write_generated
from loaders.load import LoadReport, load_path
from loaders.templates import write_templates
from loaders.validate import read_dataset


def ensure_empty_folder(directory: Path, *, force: bool = False) -> None:
    """Refuse to write into a folder that holds files, unless ``force``."""
    if directory.exists() and not directory.is_dir():
        raise RspError(f"{directory} is a file, not a folder")
    if directory.exists() and any(directory.iterdir()) and not force:
        raise RspError(f"{directory} is not empty; choose another folder or pass --force")


def load(store: Store, path: Path, *, dry_run: bool = False,
         progress: Callable[[Dataset], Callable[[int], None] | None] | None = None
         ) -> LoadReport:
    """Validate the dataset at ``path`` completely, then write it all or nothing."""
    return load_path(store, path, dry_run=dry_run, progress=progress)


@dataclass(frozen=True)
class LoadRow:
    """One line of a load's summary: a kind, its rows in the dataset, the graph's counts."""

    kind: str
    in_dataset: int
    before: int
    after: int


def load_rows(report: LoadReport) -> list[LoadRow]:
    """The kinds a load touched or that exist in the graph, with their counts."""
    in_file = report.dataset.counts()
    return [LoadRow(kind, in_file.get(kind, 0), report.before[kind], report.after[kind])
            for kind in report.after if in_file.get(kind) or report.after[kind]]


def validate(path: Path) -> dict[str, int]:
    """Check a dataset without loading it; rows per kind (raises ``DatasetError``)."""
    return dict(sorted(read_dataset(path).counts().items()))


def templates(directory: Path, *, xlsx: bool = False, force: bool = False) -> list[Path]:
    """Empty spreadsheets (headers only) and a guide in ``directory``."""
    ensure_empty_folder(directory, force=force)
    return write_templates(directory, xlsx=xlsx, force=True)


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
