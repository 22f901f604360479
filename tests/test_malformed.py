"""Every malformed input names its file, row and column, and writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.errors import DatasetError
from graph.store import Store
from loaders import load_path
from tests.conftest import MINI, graph_dump

CORPUS = Path(__file__).parent / "malformed"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def build_case(name: str, target: Path) -> Path:
    case = CORPUS / name
    if not (case / "REPLACE").exists():
        shutil.copytree(MINI, target)
    else:
        target.mkdir()
    for file in case.iterdir():
        if file.name not in ("expected.txt", "REPLACE"):
            shutil.copy(file, target / file.name)
    return target


def expected(name: str) -> list[tuple[str, int | None, str | None, str]]:
    out = []
    for line in (CORPUS / name / "expected.txt").read_text().splitlines():
        file, row, column, text = line.split("|", 3)
        out.append((file, int(row) if row else None, column or None, text))
    return out


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES)
def test_malformed_input_is_reported_and_nothing_written(case: str, store: Store,
                                                         tmp_path: Path) -> None:
    load_path(store, MINI)
    before = graph_dump(store)
    path = build_case(case, tmp_path / case)
    if (CORPUS / case / "REPLACE").exists():
        path = next(path.iterdir()) if len(list(path.iterdir())) == 1 else path

    with pytest.raises(DatasetError) as caught:
        load_path(store, path)

    found = [(i.file, i.row, i.column, i.message) for i in caught.value.issues]
    wanted = expected(case)
    assert len(found) == len(wanted), found
    for (file, row, column, text), issue in zip(wanted, sorted(found, key=_order(wanted)),
                                                strict=True):
        assert issue[0] == file and issue[1] == row and issue[2] == column, (issue, file, row)
        assert text in issue[3], (text, issue[3])
    assert graph_dump(store) == before


def _order(wanted: list[tuple[str, int | None, str | None, str]]):  # type: ignore[no-untyped-def]
    keys = [(f, r, c) for f, r, c, _ in wanted]
    return lambda issue: keys.index((issue[0], issue[1], issue[2])) if (
        issue[0], issue[1], issue[2]) in keys else len(keys)
