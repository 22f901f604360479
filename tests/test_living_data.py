"""Living data on both backends: a reload follows the spreadsheets exactly (removed rows
go), regions contribute their own workbooks, conflicts are refused, loads are recorded."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph.errors import DatasetError, RspError
from graph.schema import BY_FILE, RelKind
from graph.store import Store
from loaders.load import load_path
from tests.support import MINI, PARTNERSHIP, graph_dump, write_tables
from usecases.history import changes, history

#: Relationship files of the mini fixture that hold rows.
REL_FILES = sorted(p.stem for p in MINI.glob("*.csv")
                   if isinstance(BY_FILE.get(p.stem), RelKind)
                   and len(p.read_text(encoding="utf-8").splitlines()) > 1)


def _copy(tmp_path: Path, name: str = "mini") -> Path:
    target = tmp_path / name
    shutil.copytree(MINI, target)
    return target


def _drop_row(file: Path, index: int = 0) -> dict[str, str]:
    """Delete data row ``index`` of a CSV file; returns it."""
    with file.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    dropped = rows.pop(index)
    with file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return dropped


def _rels(store: Store, rel_type: str) -> set[tuple[str, str]]:
    rows = store.execute(f"MATCH (a)-[r:{rel_type}]->(b) RETURN a.id, b.id").rows
    return {(a, b) for a, b in rows}


@pytest.mark.parametrize("rel_file", REL_FILES)
def test_deleting_a_relationship_row_removes_exactly_it(store: Store, tmp_path: Path,
                                                         rel_file: str) -> None:
    data = _copy(tmp_path)
    load_path(store, data)
    rel_type = BY_FILE[rel_file].name
    before = _rels(store, rel_type)
    dump = graph_dump(store)
    gone = _drop_row(data / f"{rel_file}.csv")
    preview = load_path(store, data, dry_run=True)
    assert preview.plan is not None
    assert preview.plan.counts() == {rel_type: (0, 0, 1)}
    assert preview.plan.kinds[rel_type].removed == [f"{gone['from']} -> {gone['to']}"]
    assert graph_dump(store) == dump  # the dry run wrote nothing
    load_path(store, data)
    assert before - _rels(store, rel_type) == {(gone["from"], gone["to"])}
    assert len(graph_dump(store)) == len(dump) - 1


def test_deleting_a_node_row_removes_the_node_unless_used(store: Store, tmp_path: Path) -> None:
    data = _copy(tmp_path)
    load_path(store, data)
    # A fund with its support rows removed from the sheets: the fund goes too.
    funds = list(csv.DictReader((data / "funds.csv").open(encoding="utf-8")))
    fund = funds[0]["id"]
    _drop_row(data / "funds.csv")
    supports = data / "supports.csv"
    rows = [r for r in csv.DictReader(supports.open(encoding="utf-8")) if r["from"] != fund]
    with supports.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(csv.DictReader(
            (MINI / "supports.csv").open(encoding="utf-8")).fieldnames or []))
        writer.writeheader()
        writer.writerows(rows)
    report = load_path(store, data)
    assert report.plan is not None and fund in report.plan.kinds["Fund"].removed
    assert store.execute("MATCH (f:Fund) WHERE f.id = $id RETURN f.id", {"id": fund}).rows == []


def test_a_node_row_removed_while_still_referenced_is_refused(store: Store,
                                                              tmp_path: Path) -> None:
    data = _copy(tmp_path)
    load_path(store, data)
    dump = graph_dump(store)
    funds = list(csv.DictReader((data / "funds.csv").open(encoding="utf-8")))
    _drop_row(data / "funds.csv")
    with pytest.raises(DatasetError) as caught:
        load_path(store, data)
    assert any(f"no node has id {funds[0]['id']!r}" in str(i) for i in caught.value.issues)
    assert graph_dump(store) == dump


def test_a_region_contributes_its_own_workbook(store: Store, tmp_path: Path) -> None:
    load_path(store, PARTNERSHIP)
    partnership = graph_dump(store)
    region = write_tables(tmp_path / "trnava", {
        "organisations": [{"id": "org-trnava-new-school", "name": "A new VET school",
                           "category": "vet_provider"}],
        "located_in": [{"from": "org-trnava-new-school", "to": "region-trnava"}],
        "faces": [{"from": "region-trnava", "to": "chal-hydrogen", "priority": "low"}],
    })
    report = load_path(store, region)
    assert report.name == "trnava" and report.plan is not None
    assert report.plan.counts() == {"FACES": (1, 0, 0), "LOCATED_IN": (1, 0, 0),
                                    "Organisation": (1, 0, 0)}
    assert ("region-trnava", "chal-hydrogen") in _rels(store, "FACES")
    # The partnership's own records are untouched, and reloading it keeps the region's rows.
    load_path(store, PARTNERSHIP)
    assert ("org-trnava-new-school", "region-trnava") in _rels(store, "LOCATED_IN")
    after = graph_dump(store)
    assert set(partnership) <= set(after) and len(after) == len(partnership) + 3


def test_a_conflicting_definition_is_refused_naming_both_sources(store: Store,
                                                                  tmp_path: Path) -> None:
    load_path(store, PARTNERSHIP)
    dump = graph_dump(store)
    other = write_tables(tmp_path / "other", {
        "regions": [{"id": "region-trnava", "name": "Trnava (renamed)", "country": "Slovakia",
                     "country_code": "SK", "rsp_member": "true"}],
    })
    with pytest.raises(DatasetError) as caught:
        load_path(store, other)
    issue = caught.value.issues[0]
    assert issue.file == "regions.csv" and issue.row == 2 and issue.column == "name"
    assert "dataset partnership" in issue.message and "'Trnava (renamed)'" in issue.message
    assert graph_dump(store) == dump


def test_a_large_removal_asks_for_yes(store: Store, tmp_path: Path) -> None:
    data = _copy(tmp_path)
    load_path(store, data)
    for file in data.glob("*.csv"):
        if isinstance(BY_FILE.get(file.stem), RelKind):
            file.unlink()
    with pytest.raises(RspError, match="--yes"):
        load_path(store, data)
    assert load_path(store, data, add_only=True).plan.removed == 0  # type: ignore[union-attr]
    assert load_path(store, data, yes=True).plan.removed > 0  # type: ignore[union-attr]


def test_history_and_changes_record_every_load(store: Store, tmp_path: Path) -> None:
    data = _copy(tmp_path)
    load_path(store, data)
    regions = data / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace("North Region",
                                                                   "North Region (renamed)"),
                       encoding="utf-8")
    load_path(store, data)
    loads = history(store)
    assert [(e.dataset, e.changed) for e in loads][:2] == [("mini", 1), ("mini", 0)]
    assert loads[1].added > 0 and loads[0].checksum and loads[0].checksum != loads[1].checksum
    found = [c for c in changes(store, dt.date.today()) if c.change == "changed"]
    assert [(c.kind, c.key, c.field, c.old, c.new) for c in found] == [
        ("Region", "region-north", "name", "North Region", "North Region (renamed)")]


def test_cli_dry_run_history_and_changes(db_args: list[str], tmp_path: Path) -> None:
    data = _copy(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(data), *db_args]).exit_code == 0
    gone = _drop_row(data / "faces.csv")
    dry = runner.invoke(main, ["load", str(data), "--dry-run", *db_args])
    assert dry.exit_code == 0 and "FACES removed (1):" in dry.stdout
    assert f"{gone['from']} -> {gone['to']}" in dry.stdout
    as_json = json.loads(runner.invoke(main, ["load", str(data), "--dry-run", "--format",
                                              "json", *db_args]).stdout)
    assert {"kind": "FACES", "change": "removed", "id": f"{gone['from']} -> {gone['to']}",
            "detail": None} in as_json["diff"]
    assert runner.invoke(main, ["load", str(data), *db_args]).exit_code == 0
    listed = runner.invoke(main, ["history", *db_args])
    assert listed.exit_code == 0 and listed.stdout.count("mini") == 2
    since = runner.invoke(main, ["changes", "--since", dt.date.today().isoformat(), *db_args])
    assert "removed" in since.stdout and gone["from"] in since.stdout


def test_concurrent_syncs_of_one_dataset_converge(neo4j: Store, tmp_path: Path,
                                                  neo4j_server: dict[str, str]) -> None:
    from graph.registry import open_store

    store, server = neo4j, neo4j_server
    data = _copy(tmp_path)
    load_path(store, data)
    _drop_row(data / "faces.csv")
    stores = [open_store(server["uri"], user=server["user"], password=server["password"])
              for _ in range(2)]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda s: load_path(s, data), stores))
    finally:
        for s in stores:
            s.close()
    alone = tmp_path / "alone"
    from graph.registry import open_store as open_embedded

    with open_embedded(str(alone)) as reference:
        load_path(reference, MINI, name="mini")
        load_path(reference, data)
        assert graph_dump(store) == graph_dump(reference)


def test_a_large_neo4j_load_commits_in_batches_and_a_rerun_completes_it(
        neo4j: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        neo4j_server: dict[str, str]) -> None:
    from graph import neo4j_store

    store = neo4j
    db_args = ["--db", neo4j_server["uri"], "--neo4j-user", neo4j_server["user"],
               "--neo4j-password", neo4j_server["password"]]
    from usecases.history import incomplete

    monkeypatch.setattr(neo4j_store, "ATOMIC_ROWS", 10)

    def interrupted() -> str:
        raise RuntimeError("killed before the last batch")

    monkeypatch.setattr(neo4j_store, "history_complete", interrupted)
    with pytest.raises(RuntimeError):
        load_path(store, MINI)
    assert [e.dataset for e in incomplete(store)] == ["mini"]
    assert store.counts()["Region"] > 0  # the batches that committed stay
    warned = CliRunner().invoke(main, ["stats", *db_args])
    assert "did not finish" in warned.stderr and "rsp load" in warned.stderr
    monkeypatch.undo()
    monkeypatch.setattr(neo4j_store, "ATOMIC_ROWS", 10)
    load_path(store, MINI)
    assert incomplete(store) == []
    with open_reference(tmp_path) as reference:
        assert graph_dump(store) == graph_dump(reference)


def test_an_embedded_store_asks_nothing_about_incomplete_loads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its loads are all or nothing, so no command pays for the question (on LadybugDB a
    first statement's parsing is its dearest part)."""
    from graph.registry import open_store
    from usecases.history import incomplete

    with open_store(str(tmp_path / "db")) as store:
        load_path(store, MINI)
        asked: list[str] = []
        monkeypatch.setattr(store, "execute", lambda cypher, *a, **k: asked.append(cypher))
        assert not store.batched_loads
        assert incomplete(store) == [] and asked == []


def open_reference(tmp_path: Path) -> Store:
    """The mini fixture loaded in one go into a fresh embedded store."""
    from graph.registry import open_store

    reference = open_store(str(tmp_path / "reference"))
    load_path(reference, MINI)
    return reference
