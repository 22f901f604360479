"""Validate-then-write: a load either writes the whole dataset or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.store import Store
from loaders.dataset import Dataset
from loaders.validate import read_dataset


@dataclass
class LoadReport:
    """What a load read, and the graph's counts before and after it."""

    dataset: Dataset
    before: dict[str, int]
    after: dict[str, int]
    written: bool

    @property
    def changes(self) -> dict[str, int]:
        """Growth per kind; all zeros when the data was already loaded."""
        return {k: self.after.get(k, 0) - self.before.get(k, 0) for k in self.after}


def load_path(store: Store, path: Path | str, *, dry_run: bool = False,
              progress: Callable[[Dataset], Callable[[int], None] | None] | None = None
              ) -> LoadReport:
    """Validate the dataset at ``path`` completely, then MERGE it into ``store``.

    ``progress`` receives the validated dataset (so it can size a bar) and returns
    the callback that is told how many rows each batch wrote.
    """
    dataset = read_dataset(path)
    if dry_run:
        before = store.counts()
        return LoadReport(dataset, before, before, written=False)
    callback = progress(dataset) if progress else None
    counts = store.write_dataset(dataset, progress=callback)
    return LoadReport(dataset, counts.before, counts.after, written=True)
