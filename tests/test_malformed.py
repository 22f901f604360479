"""Every malformed input names its file, row and column, and writes nothing.

The corpus runs on the embedded database: the refusal comes before the store is touched.
One representative case runs on both backends to prove a refused load changes nothing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import DatasetError
from graph.registry import open_store
from graph.store import Store
from loaders import load_path
from tests.support import MINI, graph_dump

CORPUS = Path(__file__).parent / "malformed"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())

Wanted = list[tuple[str, int | None, str | None, str]]


def build_case(name: str, target: Path) -> Path:
    """The dataset of corpus case ``name``, written into ``target``; returns what to load."""
    case = CORPUS / name
    if not (case / "REPLACE").exists():
        shutil.copytree(MINI, target)
    else:
        target.mkdir()
    for file in case.iterdir():
        if file.name not in ("expected.txt", "REPLACE"):
            shutil.copy(file, target / file.name)
    if (case / "REPLACE").exists() and len(list(target.iterdir())) == 1:
        return next(target.iterdir())
    return target


def expected(name: str) -> Wanted:
    out: Wanted = []
    for line in (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines():
        file, row, column, text = line.split("|", 3)
        out.append((file, int(row) if row else None, column or None, text))
    return out


def assert_refused(store: Store, path: Path, wanted: Wanted) -> None:
    """Loading ``path`` reports exactly ``wanted`` (in any order) and leaves ``store`` as it was."""
    before = graph_dump(store)
    with pytest.raises(DatasetError) as caught:
        load_path(store, path)
    found = [(i.file, i.row, i.column, i.message) for i in caught.value.issues]
    assert len(found) == len(wanted), found
    keys = [(f, r, c) for f, r, c, _ in wanted]

    def order(issue: tuple[str, int | None, str | None, str]) -> int:
        key = (issue[0], issue[1], issue[2])
        return keys.index(key) if key in keys else len(keys)

    for (file, row, column, text), issue in zip(wanted, sorted(found, key=order), strict=True):
        assert (issue[0], issue[1], issue[2]) == (file, row, column), (issue, wanted)
        assert text in issue[3], (text, issue[3])
        assert "\n" not in issue[3], issue  # one line per problem
    assert graph_dump(store) == before


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One LadybugDB holding the mini dataset, shared by the corpus (nothing may change it)."""
    store = open_store(str(tmp_path_factory.mktemp("malformed") / "db"))
    load_path(store, MINI)
    try:
        yield store
    finally:
        store.close()


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES)
def test_malformed_input_is_reported_and_nothing_written(case: str, loaded: Store,
                                                         tmp_path: Path) -> None:
    assert_refused(loaded, build_case(case, tmp_path / case), expected(case))


def test_refused_load_leaves_either_graph_unchanged(store: Store, tmp_path: Path) -> None:
    load_path(store, MINI)
    case = "many_problems_in_one_file"
    assert_refused(store, build_case(case, tmp_path / case), expected(case))


def test_folder_named_like_a_csv_file(loaded: Store, tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "d")
    (tmp_path / "d" / "regions.csv").unlink()
    (tmp_path / "d" / "regions.csv").mkdir()
    # The regions are unknown, so nothing is said about references to them.
    assert_refused(loaded, tmp_path / "d",
                   [("regions.csv", None, None, "is a folder, not a CSV file")])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_named_like_a_csv_file_is_not_opened(loaded: Store, tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "d")
    (tmp_path / "d" / "events.csv").unlink()
    os.mkfifo(tmp_path / "d" / "events.csv")  # opening it would block for ever
    assert_refused(loaded, tmp_path / "d",
                   [("events.csv", None, None, "is a named pipe (FIFO), not a CSV file")])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("name", ["data.csv", "book.xlsx", "data"])
def test_fifo_as_the_dataset_is_not_opened(loaded: Store, tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    assert_refused(loaded, tmp_path / name,
                   [(str(tmp_path / name), None, None, "is a named pipe (FIFO), not a CSV file")])


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_device_as_the_dataset(loaded: Store) -> None:
    assert_refused(loaded, Path("/dev/null"), [("/dev/null", None, None, "is a device")])


def test_workbook_name_on_a_folder(loaded: Store, tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "d")
    (tmp_path / "d" / "book.xlsx").mkdir()
    assert_refused(loaded, tmp_path / "d",
                   [("book.xlsx", None, None, "is a folder, not a workbook")])
