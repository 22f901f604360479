"""Loading: typed values, idempotence, CSV dialects and XLSX, on both backends."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl

import queries
from graph.schema import BY_FILE
from graph.store import Store
from loaders import load_path, read_dataset
from tests.support import MINI, PARTNERSHIP, graph_dump


def test_values_are_typed_and_defaults_applied() -> None:
    ds = read_dataset(MINI)
    north = next(r for r in ds.nodes["Region"] if r["id"] == "region-north")
    assert north["member_since"] == dt.date(2025, 6, 1)
    assert north["rsp_member"] is True
    fund = ds.nodes["Fund"][0]
    assert fund["budget_eur"] == 1000000.5
    support = ds.rels[("SUPPORTS", "Fund", "Challenge")][0]
    assert support["eligible_territory"] == ["SK", "ITS"]
    org = next(r for r in ds.nodes["Organisation"] if r["id"] == "org-network")
    assert org["country_code"] is None and org["verified"] is True


def test_loading_twice_changes_nothing(store: Store) -> None:
    first = load_path(store, PARTNERSHIP)
    assert first.after["Region"] >= 15
    dump = graph_dump(store)
    counts = store.counts()
    second = load_path(store, PARTNERSHIP)
    assert set(second.changes.values()) == {0}
    assert store.counts() == counts
    assert graph_dump(store) == dump


def test_reload_updates_changed_values(store: Store, tmp_path: Path) -> None:
    load_path(store, MINI)
    changed = tmp_path / "mini"
    shutil.copytree(MINI, changed)
    path = changed / "challenges.csv"
    path.write_text(path.read_text().replace("Battery skills", "Battery cell skills"))
    faces = changed / "faces.csv"
    faces.write_text(faces.read_text().replace("region-north,chal-jobs,medium",
                                               "region-north,chal-jobs,high")
                     + "region-east,chal-software,low,illustrative test fixture,2026-11-25,"
                       "true,true\n")
    places = changed / "regions.csv"
    places.write_text(places.read_text().replace("SK0N", ""))
    load_path(store, changed)
    names = {r["name"] for r in queries.run(store, "challenges")}
    assert "Battery cell skills" in names and "Battery skills" not in names
    assert store.counts()["Challenge"] == 3 and store.counts()["FACES"] == 6
    rows = queries.run(store, "region_challenges", {"region": "region-north"}).dicts()
    assert {r["challenge"]: r["priority"] for r in rows}["Job losses"] == "high"
    north = queries.run(store, "regions", {"country": "SK"}).dicts()[0]
    assert north["nuts_code"] is None


def test_semicolon_bom_decimal_comma(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "d")
    funds = tmp_path / "d" / "funds.csv"
    funds.write_bytes(b"\xef\xbb\xbf" + (
        b"id;name;level;budget_eur;source;updated\n"
        b"fund-example;Fonds, exemple;eu;1.000.000,5;doc;2026-01-01\n"))
    fund = read_dataset(tmp_path / "d").nodes["Fund"][0]
    assert fund["name"] == "Fonds, exemple"
    assert fund["budget_eur"] == 1000000.5


def test_xlsx_workbook_loads_like_csv(tmp_path: Path, store: Store) -> None:
    book = openpyxl.Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    import csv

    for file in sorted(MINI.glob("*.csv")):
        sheet = book.create_sheet(file.stem)
        with file.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
    path = tmp_path / "mini.xlsx"
    book.save(path)
    assert read_dataset(path).counts() == read_dataset(MINI).counts()
    load_path(store, path)
    dump = graph_dump(store)
    load_path(store, MINI)
    assert graph_dump(store) == dump


def test_dry_run_writes_nothing(store: Store) -> None:
    report = load_path(store, MINI, dry_run=True)
    assert not report.written
    assert set(store.counts().values()) == {0}


def test_templates_match_schema(tmp_path: Path) -> None:
    from loaders.templates import write_templates

    write_templates(tmp_path / "t")
    files = {p.stem for p in (tmp_path / "t").glob("*.csv")}
    assert files == set(BY_FILE)
    assert read_dataset(tmp_path / "t").size == 0


def test_excel_quoting_with_doubled_quotes(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "d")
    path = tmp_path / "d" / "challenges.csv"
    path.write_text(path.read_text().replace("Job losses", '"Job ""losses"", cuts"'))
    names = {r["name"] for r in read_dataset(tmp_path / "d").nodes["Challenge"]}
    assert 'Job "losses", cuts' in names
