"""Loads at the database's bulk speed: new rows are copied in bulk, columns are validated
column by column, an unchanged reload only validates and records itself.

Each test checks the fast path against the careful one on a real database: the graph a
bulk load leaves is the graph the row-by-row path leaves; the errors the columnar
validation reports are those the row-by-row reader reports; a load killed while it
copies leaves the old graph.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graph.errors import DatasetError, RspError, StoreError
from graph.registry import open_store
from graph.store import Store
from loaders import tables as tables_module
from loaders.generate import Scale, generate
from loaders.load import load_path
from loaders.sync import GraphRecords, plan_sync
from loaders.validate import read_dataset
from tests.support import MINI, PARTNERSHIP, ROOT, append_rows, graph_dump, write_tables
from usecases.history import history

CORPUS = Path(__file__).parent / "malformed"
KILLED = {-signal.SIGKILL, 137} if hasattr(signal, "SIGKILL") else {137}
SMALL = Scale(regions=40, organisations=500, relationships=5000, seed=7)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded synthetic dataset, a few thousand rows: every relationship group is big
    enough to be copied in bulk."""
    folder = tmp_path_factory.mktemp("gen") / "generated"
    generate(folder, SMALL)
    return folder


def row_path_dump(path: Path, tmp_path: Path, name: str | None = None) -> list[Any]:
    """The graph the row-by-row path writes (one CREATE per row, no COPY)."""
    with open_store(str(tmp_path / "row-path")) as reference:
        dataset = read_dataset(path)
        plan_sync(dataset, name or path.name, GraphRecords())
        dataset.new_rows = dataset.changed_rows = None  # every row by statement
        reference.write_dataset(dataset)
        return graph_dump(reference)


def test_a_bulk_load_gives_the_graph_of_the_row_path(store: Store, generated: Path,
                                                     tmp_path: Path) -> None:
    report = load_path(store, generated)
    assert report.plan is not None and sum(a for a, _, _ in report.plan.counts().values()) \
        == report.dataset.size
    assert graph_dump(store) == row_path_dump(generated, tmp_path)


def test_a_dataset_name_no_column_default_can_hold_is_copied_as_it_is(
        store: Store, generated: Path, tmp_path: Path) -> None:
    """A first bulk load leaves each table's ``datasets`` column out of its COPY and
    adds it back with the dataset's name as its default (a literal): a name with a quote
    is not written into the schema's text; its column is copied like the others."""
    name = "o'brien \\ data"
    load_path(store, generated, name=name)
    assert graph_dump(store) == row_path_dump(generated, tmp_path, name)
    tagged = store.execute("MATCH (n:Organisation) WHERE $name IN n.datasets "
                           "RETURN count(n)", {"name": name}).rows
    assert tagged == [(SMALL.organisations,)]


def test_tables_filled_by_a_first_bulk_load_keep_tagging_by_dataset(
        generated: Path, tmp_path: Path) -> None:
    """After a first bulk load set each table's ``datasets`` by a column default, later
    loads still say which datasets supply each record; a record another tool creates
    without ``datasets`` takes the default (the engine cannot drop it: documented)."""
    with open_store(str(tmp_path / "db")) as store:
        load_path(store, generated, name="gen")
        extra = tmp_path / "extra"
        write_tables(extra, {"challenges": [
            {"id": "chal-extra", "name": "Extra", "theme": "green"}]})
        load_path(store, extra)

        def datasets(query: str) -> list[Any]:
            return sorted({tuple(sorted(row[0])) for row in store.execute(query).rows})

        assert datasets("MATCH (c:Challenge) WHERE c.id <> 'chal-extra' "
                        "RETURN c.datasets") == [("gen",)]
        assert datasets("MATCH (c:Challenge {id: 'chal-extra'}) RETURN c.datasets") == [
            ("extra",)]
        assert datasets("MATCH ()-[r:ATTENDS]->() RETURN r.datasets") == [("gen",)]
        store.execute("CREATE (:Challenge {id: 'chal-by-hand', name: 'By hand'})",
                      write=True)
        assert datasets("MATCH (c:Challenge {id: 'chal-by-hand'}) RETURN c.datasets") == [
            ("gen",)]


def test_a_load_lets_go_of_rows_once_copied_and_keeps_their_counts(
        store: Store, generated: Path, tmp_path: Path) -> None:
    """``rsp load`` has no use for the rows once the engine has them: a bulk load of its
    dataset drops each group's rows after its COPY (its memory stays small at EU scale)
    and still reports how many there were. A dataset the caller keeps keeps its rows:
    written twice, it gives the same graph twice."""
    expected = read_dataset(generated).counts()
    report = load_path(store, generated)
    assert report.dataset.counts() == expected
    if store.backend == "embedded":  # the store that copies in bulk
        assert all(g.table.num_rows == 0 for _, g in report.dataset.groups())
    kept = read_dataset(generated)
    plan_sync(kept, generated.name, GraphRecords())
    assert not kept.disposable
    with open_store(str(tmp_path / "first")) as first, \
            open_store(str(tmp_path / "second")) as second:
        first.write_dataset(kept)
        second.write_dataset(kept)
        assert kept.counts() == expected and kept.size == sum(expected.values())
        assert graph_dump(first) == graph_dump(second) == graph_dump(store)


def test_a_bulk_load_copies_from_files_staged_on_disk_and_leaves_none(
        generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bulk load writes each group's new rows to a Parquet file beside the database and
    lets go of them before the first ``COPY``, so that no rows are held in memory while
    the engine copies; each file goes once copied. A database whose path cannot be
    written into the statement copies from memory as before. Both give the row path's
    graph."""
    from graph import embedded

    seen: list[tuple[str, bool, int]] = []
    real = embedded.EmbeddedStore._copy

    def watching(self: Any, statement: str, table: Any) -> None:
        staged = len(list(self._sibling(embedded.STAGED).glob("*.parquet")))
        seen.append((statement, table is None, staged))
        real(self, statement, table)

    monkeypatch.setattr(embedded.EmbeddedStore, "_copy", watching)
    expected = row_path_dump(generated, tmp_path)
    for folder, from_files in (("plain db", True), ("o'brien db", False)):
        seen.clear()
        db = tmp_path / folder
        with open_store(str(db)) as store:
            report = load_path(store, generated)
            assert graph_dump(store) == expected
        assert all(g.table.num_rows == 0 for _, g in report.dataset.groups())
        assert len(seen) > 5
        assert [s[1] for s in seen] == [from_files] * len(seen)
        assert all((" FROM '" in s[0]) == from_files for s in seen)
        if from_files:  # all staged before the first COPY, each gone once copied
            assert [s[2] for s in seen] == list(range(len(seen), 0, -1))
        assert not any("staged" in p.name for p in db.iterdir())


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def other_writes(db: Path) -> str:
    """Code for another program writing to the database at ``db`` (not through rsp)."""
    return (f"import ladybug; db = ladybug.Database({str(db / 'graph.lbug')!r}); "
            "ladybug.Connection(db).execute("
            "\"CREATE (:Challenge {id: 'chal-other', name: 'Other'})\")")


@pytest.mark.parametrize("first", [True, False])
def test_a_load_lets_the_database_go_while_it_reads_its_files(
        generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: bool
        ) -> None:
    """A load's files need the graph only for the ids they refer to without defining
    them: the embedded database is closed while they are read (its open holds about
    70 MB) and opened again for those ids or at the end. Meanwhile another rsp process
    may read it; one that would write waits (here: gives up at once); and should
    anything else write to it, the load stops, loading nothing, and the store goes on."""
    import loaders.load as load_module

    db, alone = tmp_path / "db", tmp_path / "alone"
    if not first:
        assert rsp("load", str(MINI), "--db", str(db)).returncode == 0
        shutil.copytree(db, alone)
    else:
        open_store(str(alone)).close()
    assert python(other_writes(alone)).returncode == 0
    real = read_dataset
    seen: dict[str, subprocess.CompletedProcess[str]] = {}

    def meanwhile(path: Path, known: Any = None) -> Any:
        seen["reader"] = rsp("stats", "--db", str(db))
        seen["writer"] = python(
            "import graph.embedded as e; e.WRITER_WAIT = 0.3; "
            f"from graph.registry import open_store; open_store({str(db)!r})")
        seen["other"] = python(other_writes(db))  # not rsp: the marker means nothing
        return real(path, known)

    monkeypatch.setattr(load_module, "read_dataset", meanwhile)
    with open_store(str(db)) as store:
        with pytest.raises(RspError, match="another process wrote to the database"):
            load_path(store, generated)
        assert seen["reader"].returncode == 0, seen["reader"].stderr
        assert "another rsp process is loading data" in seen["writer"].stderr
        assert seen["other"].returncode == 0, seen["other"].stderr
        monkeypatch.setattr(load_module, "read_dataset", real)
        with open_store(str(alone), read_only=True) as reference:
            assert graph_dump(store) == graph_dump(reference)
        load_path(store, generated)  # the store goes on
        assert store.counts()["Organisation"] > 0
    assert not (db / "graph.lbug.bulk-load").exists()


def test_a_resting_writer_that_died_leaves_nothing_to_recover(tmp_path: Path) -> None:
    """Killed while its database rested, a load leaves the marker saying so: the next
    open removes it, puts nothing back and reports no recovery."""
    from graph import embedded

    db = tmp_path / "db"
    with open_store(str(db)) as store:
        load_path(store, MINI)
        before = graph_dump(store, history=True)
    (db / "graph.lbug.bulk-load").write_bytes(embedded.REST + b" 12345")
    with open_store(str(db)) as store:
        assert store.recovered is None  # type: ignore[attr-defined]
        assert graph_dump(store, history=True) == before
    assert not (db / "graph.lbug.bulk-load").exists()


def test_a_resting_database_wakes_for_the_ids_a_dataset_takes_from_the_graph(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dataset that refers to records only the graph holds is read while the database
    rests; it is opened again for those ids, and the load goes through."""
    import loaders.load as load_module
    from graph import embedded

    woken: list[bool] = []  # each wake: whether the files were being read
    reading = [False]
    real_wake, real_read = embedded.EmbeddedStore._wake, read_dataset

    def wake(self: Any, *, check: bool = True) -> None:
        if self._asleep is not None:
            woken.append(reading[0])
        real_wake(self, check=check)

    def read(path: Path, known: Any = None) -> Any:
        reading[0] = True
        try:
            return real_read(path, known)
        finally:
            reading[0] = False

    monkeypatch.setattr(embedded.EmbeddedStore, "_wake", wake)
    monkeypatch.setattr(load_module, "read_dataset", read)
    with open_store(str(tmp_path / "db")) as store:
        load_path(store, MINI)
        region = store.execute("MATCH (r:Region) RETURN r.id ORDER BY r.id LIMIT 1").scalar()
        extra = tmp_path / "extra"
        write_tables(extra, {"challenges": [
            {"id": "chal-extra", "name": "Extra", "theme": "green"}],
            "faces": [{"from": region, "to": "chal-extra"}]})
        woken.clear()
        load_path(store, extra)
        assert woken == [True]  # opened while reading, for the graph's ids, and once
        assert store.execute("MATCH (r:Region)-[:FACES]->(c:Challenge {id: 'chal-extra'}) "
                             "RETURN r.id").scalar() == region


def _mapped_deleted(folder: Path) -> list[str]:
    """This process's mappings of files in ``folder`` that have no name any more."""
    return [line for line in Path("/proc/self/maps").read_text().splitlines()
            if f" {folder}/" in line and line.endswith("(deleted)")]


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="Linux: /proc/self/maps")
def test_the_keys_of_added_records_move_to_a_file_and_read_the_same(
        generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The keys of a load's added records (the summary and the diff list them) leave
    memory for a file without a name, mapped back: the same keys as kept in memory,
    nothing left in the folder. ``rsp load`` does so in the database's folder."""
    from graph.dataset import Keys
    from loaders import sync

    monkeypatch.setattr(sync, "SPILL_KEYS", 100)
    plan = plan_sync(read_dataset(generated), "g", GraphRecords())
    plain = {kind: [str(k) for k in diff.added] for kind, diff in plan.kinds.items()}
    assert any(len(keys) >= 100 and " -> " in keys[0] for keys in plain.values())
    spill = tmp_path / "spill"
    spill.mkdir()
    plan.spill_keys(spill)
    assert {kind: list(diff.added) for kind, diff in plan.kinds.items()} == plain
    assert all(plan.kinds[k].added[-1] == keys[-1] for k, keys in plain.items() if keys)
    assert list(spill.iterdir()) == [] and _mapped_deleted(spill)
    assert all(isinstance(plan.kinds[k].added, Keys) for k, keys in plain.items()
               if len(keys) >= 100)
    with open_store(str(tmp_path / "db")) as store:
        report = load_path(store, generated)
        assert report.plan is not None and _mapped_deleted(tmp_path / "db")
        assert sorted(report.plan.kinds) == sorted(plain)
        assert {k: list(d.added) for k, d in report.plan.kinds.items()} == plain


def test_bulk_and_row_paths_agree_on_every_kind_of_value(store: Store,
                                                         tmp_path: Path) -> None:
    """The shipped data: dates, lists, floats, defaults, nulls and several end kinds."""
    load_path(store, PARTNERSHIP)
    assert graph_dump(store) == row_path_dump(PARTNERSHIP, tmp_path)


def test_a_second_dataset_adds_in_bulk_and_shares_records(store: Store,
                                                          tmp_path: Path) -> None:
    """Rows another dataset already supplies are shared (``datasets`` grows), new ones
    are copied: the graph is the one a reload of both, row by row, gives."""
    load_path(store, MINI)
    extra = tmp_path / "extra"
    shutil.copytree(MINI, extra)
    append_rows(extra, "regions", [{"id": "region-bulk-extra", "name": "Extra",
                                    "country": "Slovakia", "country_code": "SK"}])
    report = load_path(store, extra)
    assert report.plan is not None and report.plan.counts() == {"Region": (1, 0, 0)}
    shared = store.execute("MATCH (n:Region) WHERE n.id <> 'region-bulk-extra' "
                           "RETURN n.datasets").rows
    assert shared and all(sorted(row[0]) == ["extra", "mini"] for row in shared)
    added = store.execute("MATCH (n:Region {id: 'region-bulk-extra'}) RETURN n.datasets")
    assert added.rows == [(["extra"],)]


def test_an_unchanged_reload_changes_nothing_and_is_recorded(store: Store,
                                                             generated: Path) -> None:
    load_path(store, generated)
    before = graph_dump(store)
    again = load_path(store, generated)
    assert again.plan is not None and again.plan.unchanged and again.plan.counts() == {}
    assert again.before == again.after
    assert graph_dump(store) == before
    loads = history(store)
    assert len(loads) == 2 and (loads[0].added, loads[0].changed, loads[0].removed) == (0, 0, 0)
    assert loads[0].checksum == loads[1].checksum


def test_a_reload_is_compared_when_the_graph_no_longer_matches(store: Store,
                                                               tmp_path: Path) -> None:
    """Same files, but a record of the dataset went missing: the reload puts it back."""
    data = tmp_path / "mini"
    shutil.copytree(MINI, data)
    load_path(store, data)
    before = graph_dump(store)
    store.execute("MATCH (n:Challenge {id: 'chal-batteries'}) DETACH DELETE n", write=True)
    again = load_path(store, data)
    assert again.plan is not None and not again.plan.unchanged
    assert again.plan.counts()["Challenge"] == (1, 0, 0)
    assert graph_dump(store) == before


def test_an_embedded_reload_skips_the_tagged_count_until_the_database_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a load, the embedded store remembers that the graph holds exactly that
    dataset's files (with the database files' state): a reload of the same files skips
    counting the dataset's records (a scan of every record's ``datasets``). Any write by
    another hand forgets it, and the reload compares again and puts back what is gone."""
    from graph import statements
    from usecases import data

    data_dir = tmp_path / "mini"
    shutil.copytree(MINI, data_dir)
    db = str(tmp_path / "db")
    counted: list[str] = []
    real = statements.count_tagged

    def counting() -> str:
        counted.append("tagged")
        return real()

    monkeypatch.setattr("loaders.load.count_tagged", counting)
    with open_store(db) as store:
        data.load(store, data_dir)
        before = graph_dump(store)
    with open_store(db) as store:
        again = data.load(store, data_dir)
    assert again.plan is not None and again.plan.unchanged and counted == []
    with open_store(db) as store:  # added only: records the files lack may stay
        data.load(store, data_dir, add_only=True)
    with open_store(db) as store:
        assert data.load(store, data_dir).plan.unchanged  # type: ignore[union-attr]
    assert counted == ["tagged"]
    with open_store(db) as other:  # a write that is no load of rsp's
        other.execute("MATCH (n:Challenge {id: 'chal-batteries'}) DETACH DELETE n",
                      write=True)
    with open_store(db) as store:
        repaired = data.load(store, data_dir)
        assert repaired.plan is not None and not repaired.plan.unchanged
        assert counted == ["tagged", "tagged"]
        assert repaired.plan.counts()["Challenge"] == (1, 0, 0)
        assert graph_dump(store) == before


def test_a_changed_file_is_not_taken_for_unchanged(store: Store, tmp_path: Path) -> None:
    data = tmp_path / "mini"
    shutil.copytree(MINI, data)
    load_path(store, data)
    funds = data / "funds.csv"
    funds.write_text(funds.read_text(encoding="utf-8").replace("Example Fund,",
                                                               "Example Fund (EF),"),
                     encoding="utf-8")
    again = load_path(store, data)
    assert again.plan is not None and not again.plan.unchanged
    assert again.plan.counts() == {"Fund": (0, 1, 0)}


def test_an_unchanged_reload_still_validates(tmp_path: Path) -> None:
    """The files are read and checked even when nothing changed: a reference to a node
    another dataset no longer supplies is reported."""
    with open_store(str(tmp_path / "db")) as store:
        write_tables(tmp_path / "base", {"regions": [
            {"id": "region-a", "name": "A", "country": "Slovakia", "country_code": "SK"},
            {"id": "region-b", "name": "B", "country": "Slovakia", "country_code": "SK"}]})
        write_tables(tmp_path / "orgs", {
            "organisations": [{"id": "org-x", "name": "X", "category": "industry"}],
            "located_in": [{"from": "org-x", "to": "region-b"}]})
        load_path(store, tmp_path / "base")
        load_path(store, tmp_path / "orgs")
        store.execute("MATCH (n:Region {id: 'region-b'}) DETACH DELETE n", write=True)
        with pytest.raises(DatasetError) as caught:
            load_path(store, tmp_path / "orgs")
        assert [(i.file, i.row, i.column) for i in caught.value.issues] == [
            ("located_in.csv", 2, "to")]


def _issues(path: Path) -> list[tuple[str, int | None, str | None, str]]:
    try:
        read_dataset(path)
    except DatasetError as exc:
        return [(i.file, i.row, i.column, i.message) for i in exc.issues]
    return []


def test_columnar_and_row_readers_report_the_same_errors(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Every malformed CSV case, and a table with many bad rows, read by Arrow's reader
    and by the careful one: the same issues, the same dataset."""
    many = write_tables(tmp_path / "many", {
        "regions": [{"id": f"region-{i}", "name": f"R{i}", "country": "Slovakia",
                     "country_code": "SK", "member_since": ["2024-01-02", "2024-02-30",
                                                            "yesterday", ""][i % 4],
                     "rsp_member": ["true", "maybe", "", "FALSE"][i % 4]}
                    for i in range(40)] + [{"id": "region-1", "name": "again",
                                            "country": "X", "country_code": "SK",
                                            "member_since": "", "rsp_member": ""}],
        "faces": [{"from": f"region-{i % 45}", "to": "chal-x", "priority": "high"}
                  for i in range(50)],
        "challenges": [{"id": "chal-x", "name": "X", "theme": ["green", "blue"][0]}]})
    cases = [many, PARTNERSHIP, MINI]
    for case in sorted(CORPUS.iterdir()):
        if case.is_dir() and any(case.glob("*.csv")):
            target = tmp_path / case.name
            shutil.copytree(MINI, target)
            for file in case.glob("*.csv"):
                shutil.copy(file, target / file.name)
            cases.append(target)
    fast = {path: (_issues(path), _rows(path)) for path in cases}
    assert fast[many][0], "the constructed table has problems to report"
    monkeypatch.setattr(tables_module, "read_csv_columns", lambda *_: None)
    for path in cases:
        assert (_issues(path), _rows(path)) == fast[path], path.name


def _rows(path: Path) -> Any:
    try:
        dataset = read_dataset(path)
    except DatasetError:
        return None
    return dict(dataset.nodes), dict(dataset.rels)


def rsp(*args: str, crash: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("RSP_CRASH_AT", "RSP_DB")}
    if crash:
        env["RSP_CRASH_AT"] = crash
    return subprocess.run([sys.executable, "-c", "from cli import run; run()", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


#: Where a bulk load is killed. Everywhere, the next reader sees the old graph: until the
#: checkpoint after its COMMIT, what COPY wrote is in the engine's pages only, so a bulk
#: load keeps a copy of the database from before it and puts it back when it was cut off.
BULK_POINTS = ["load:mid-write", "load:before-commit", "load:after-commit",
               "load:checkpoint", "load:checkpoint-shadow"]


@pytest.fixture(scope="module")
def bulk_graphs(generated: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> dict[str, Any]:
    """A database holding the mini dataset; the dumps before and after a bulk load."""
    base = tmp_path_factory.mktemp("bulk-crash")
    old, new = base / "old", base / "new"
    assert rsp("load", str(MINI), "--db", str(old)).returncode == 0
    shutil.copytree(old, new)
    done = rsp("load", str(generated), "--db", str(new))
    assert done.returncode == 0, done.stderr
    dumps = {}
    for name, db in (("old", old), ("new", new)):
        with open_store(str(db), read_only=True) as store:
            dumps[name] = graph_dump(store)
    return {"old_db": old, **dumps}


@pytest.mark.parametrize("point", BULK_POINTS)
def test_a_bulk_load_killed_leaves_the_old_or_the_new_graph(
        bulk_graphs: dict[str, Any], generated: Path, tmp_path: Path, point: str) -> None:
    """Killed anywhere before it finished, a bulk load leaves the old graph (and says
    so); run again, it loads."""
    db = tmp_path / "db"
    shutil.copytree(bulk_graphs["old_db"], db)
    killed = rsp("load", str(generated), "--db", str(db), crash=point)
    assert killed.returncode in KILLED, killed.stderr
    read = rsp("stats", "--db", str(db))
    assert read.returncode == 0 and "bulk load into it was cut off" in read.stderr
    with open_store(str(db), read_only=True) as store:
        assert graph_dump(store) == bulk_graphs["old"]
    assert sorted(p.name for p in db.iterdir() if "bulk" in p.name or "staged" in p.name
                  ) == []
    again = rsp("load", str(generated), "--db", str(db))
    assert again.returncode == 0, again.stderr
    with open_store(str(db), read_only=True) as store:
        assert graph_dump(store) == bulk_graphs["new"]


def test_a_bulk_load_that_fails_midway_leaves_the_old_graph(generated: Path,
                                                            tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """The new rows are copied before the rest is written in one transaction: a failure
    after some copies puts the database from before the load back, and the store goes on."""
    from graph import embedded

    with open_store(str(tmp_path / "db")) as store:
        load_path(store, MINI)
        old = graph_dump(store, history=True)
        calls = []
        real = embedded.EmbeddedStore._copy

        def failing(self: Any, statement: str, table: Any) -> None:
            calls.append(statement)
            if len(calls) == 3:
                raise RuntimeError("disk full (injected)")
            real(self, statement, table)

        monkeypatch.setattr(embedded.EmbeddedStore, "_copy", failing)
        with pytest.raises(RuntimeError, match="injected"):
            load_path(store, generated)
        assert len(calls) == 3
        assert graph_dump(store, history=True) == old
        assert sorted(p.name for p in (tmp_path / "db").iterdir()
                      if "bulk" in p.name or "staged" in p.name) == []
        monkeypatch.setattr(embedded.EmbeddedStore, "_copy", real)
        load_path(store, generated)
        assert graph_dump(store) == bulk_dump(generated, tmp_path)


def test_the_buffer_pool_is_bounded_and_a_full_one_is_explained(
        generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LadybugDB opens with a bounded buffer pool (``RSP_BUFFER_POOL_MB``; by default
    rsp's, or 80 % of the machine's memory if that is less; 0: the engine's own). A load
    the pool cannot hold fails with a message naming the setting, and the graph stays as
    it was."""
    from graph import embedded

    env = embedded.BUFFER_POOL_ENV
    monkeypatch.delenv(env, raising=False)
    machine = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    assert embedded.buffer_pool_size() == min(embedded.BUFFER_POOL_MB << 20,
                                              int(machine * 0.8))
    monkeypatch.setenv(env, "0")
    assert embedded.buffer_pool_size() == 0
    monkeypatch.setenv(env, "lots")
    with pytest.raises(StoreError, match="whole number of MiB"):
        embedded.buffer_pool_size()
    monkeypatch.setenv(env, "300")
    assert embedded.buffer_pool_size() == 300 << 20
    db = str(tmp_path / "db")
    with open_store(db) as store:
        load_path(store, MINI)
        old = graph_dump(store, history=True)
    monkeypatch.setenv(env, "16")
    with pytest.raises(StoreError, match=f"buffer pool is 16 MiB: set {env}"), \
            open_store(db) as store:
        load_path(store, generated)
    monkeypatch.delenv(env)
    with open_store(db) as store:
        assert graph_dump(store, history=True) == old


def bulk_dump(path: Path, tmp_path: Path) -> list[Any]:
    """The graph of MINI, then ``path``, each loaded into a database of its own."""
    with open_store(str(tmp_path / "reference")) as reference:
        load_path(reference, MINI)
        load_path(reference, path)
        return graph_dump(reference)


def test_many_rows_are_written_as_by_a_list_parameter(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    """A write of many ``$rows`` reads them as an Arrow table: the same nodes as a list
    parameter gives, whatever the values (text, numbers, dates, lists, nulls)."""
    import datetime as dt

    from graph import embedded
    from graph.embedded import SCAN_ROWS
    from graph.schema import LOAD_RECORD
    from graph.statements import node_create

    records = [{"id": f"l{i}", "dataset": "d", "at": "2026-01-01T00:00:00",
                "checksum": None if i % 2 else "abc", "backend": "ladybug",
                "added": i, "changed": 0, "removed": None if i % 3 else i,
                "complete": i % 2 == 0, "changes": "[]", "source": f"s{i}",
                "updated": dt.date(2026, 1, 1 + i % 28), "verified": True,
                "illustrative": False, "note": None if i % 4 else "n",
                "datasets": ["d", f"e{i % 3}"] if i % 5 else []}
               for i in range(2 * SCAN_ROWS + 5)]
    scans = []
    real = embedded.EmbeddedStore._scan

    def scan(self: Any, rest: str, table: Any) -> Any:
        scans.append(table.num_rows)
        return real(self, rest, table)

    monkeypatch.setattr(embedded.EmbeddedStore, "_scan", scan)
    dumps = []
    for name, size in (("scan", SCAN_ROWS + 5), ("list", SCAN_ROWS - 1)):
        with open_store(str(tmp_path / name)) as store:
            for start in range(0, len(records), size):
                store.execute(node_create(LOAD_RECORD), {"rows": records[start:start + size]},
                              write=True)
            dumps.append(graph_dump(store, history=True))
    assert scans == [SCAN_ROWS + 5, SCAN_ROWS]
    assert dumps[0] == dumps[1] and len(dumps[0]) == len(records)
