"""``rsp export``: the loader's spreadsheets per dataset load back into the same graph, on
both backends; the graph files open in NetworkX; contact persons stay out unless asked."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from cli import main
from graph.errors import NotFoundError, RspError
from graph.registry import open_store
from graph.schema import NODE_KINDS, NODES, REL_KINDS, RELS
from graph.store import Store
from loaders.export import (
    FORMATS,
    UNATTRIBUTED,
    NodeRecord,
    Records,
    RelRecord,
    load_order,
    write_export,
)
from loaders.load import load_path
from loaders.validate import read_dataset
from tests.support import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    MINI,
    PARTNERSHIP,
    graph_dump,
    make_dataset,
    write_tables,
)
from usecases.export import export, read_records


def reload(written_dirs: list[tuple[str, Path]], db: Path) -> list[tuple[Any, ...]]:
    """Load each exported dataset (in the order given) into a fresh embedded store."""
    fresh = open_store(str(db))
    try:
        for name, path in written_dirs:
            load_path(fresh, path, name=name)
        return graph_dump(fresh)
    finally:
        fresh.close()


def round_trip(store: Store, tmp_path: Path, fmt: str = "csv", **options: Any
               ) -> list[tuple[Any, ...]]:
    summary = export(store, tmp_path / f"out-{fmt}", fmt=fmt, **options)
    return reload([(d.name, d.path) for d in summary.written.datasets],
                  tmp_path / f"fresh-{fmt}")


def node_count(store: Store) -> int:
    counts = store.counts()
    return sum(counts[k.label] for k in NODE_KINDS)


def rel_count(store: Store) -> int:
    counts = store.counts()
    return sum(counts[k.type] for k in REL_KINDS)


def without(dump: list[tuple[Any, ...]], ids: set[str]) -> list[tuple[Any, ...]]:
    """The dump without the nodes ``ids`` and the relationships that touch them."""
    out = []
    for item in dump:
        if isinstance(item[0], str):  # a relationship: (from, properties, to)
            if item[0] in ids or item[2] in ids:
                continue
        elif any(("id", repr(i)) in item for i in ids):
            continue
        out.append(item)
    return out


# --------------------------------------------------------------------------- round trips


def test_csv_round_trip_of_the_partnership(store: Store, tmp_path: Path) -> None:
    load_path(store, PARTNERSHIP)
    before = graph_dump(store)
    summary = export(store, tmp_path / "out")
    written = summary.written
    assert [d.name for d in written.datasets] == ["partnership"]
    folder = tmp_path / "out" / "partnership"
    assert written.datasets[0].path == folder
    assert (folder / "regions.csv").exists() and (tmp_path / "out" / "README.md").exists()
    assert not (folder / "contacts.csv").exists()  # empty tables are not written
    # Every exported table reads back in the loader's format.
    assert read_dataset(folder).size == node_count(store) + rel_count(store)
    assert reload([("partnership", folder)], tmp_path / "fresh") == before


def test_csv_cells_as_the_loader_writes_them(store: Store, tmp_path: Path) -> None:
    load_path(store, PARTNERSHIP)
    export(store, tmp_path / "out")
    folder = tmp_path / "out" / "partnership"
    with (folder / "funds.csv").open(encoding="utf-8", newline="") as f:
        funds = {row["id"]: row for row in csv.DictReader(f)}
    assert funds["fund-jtf"]["budget_eur"] == "17500000000"  # no float noise
    assert funds["fund-jtf"]["verified"] == "true"
    assert funds["fund-jtf"]["updated"] == "2026-11-25"
    assert funds["fund-jtf"]["url"] == ""
    with (folder / "regions.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == [p.name for p in NODES["Region"].all_props]  # no system column
    with (folder / "supports.csv").open(encoding="utf-8", newline="") as f:
        territories = [row["eligible_territory"] for row in csv.DictReader(f)]
    assert "CZ08" in territories and "EU" in territories


def alpha_dataset(tmp_path: Path, *, shared: bool = True) -> Path:
    """A second dataset: a challenge of its own that a region of the mini data faces, and
    (when ``shared``) the mini data's first region, defined identically."""
    folder = tmp_path / "alpha"
    folder.mkdir()
    if shared:
        lines = (MINI / "regions.csv").read_text(encoding="utf-8").splitlines()
        (folder / "regions.csv").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    return write_tables(folder, {
        "challenges": [{"id": "chal-extra", "name": "Extra", "theme": "green"}],
        "faces": [{"from": "region-east", "to": "chal-extra", "priority": "low"}]})


def test_several_datasets_load_back_in_dependency_order(store: Store, tmp_path: Path) -> None:
    """'zeta' defines the mini regions; 'alpha' refers to them and repeats one region: the
    shared region is in both folders, and 'alpha' must load after 'zeta'."""
    load_path(store, MINI, name="zeta")
    load_path(store, alpha_dataset(tmp_path), name="alpha")
    before = graph_dump(store)
    shared = [row for row in before if ("id", "'region-north'") in row]
    assert ("datasets", repr(["alpha", "zeta"])) in shared[0]

    summary = export(store, tmp_path / "out")
    order = [d.name for d in summary.written.datasets]
    assert order == ["zeta", "alpha"]
    assert summary.written.datasets[1].after == ("zeta",)
    for name in order:
        with (tmp_path / "out" / name / "regions.csv").open(encoding="utf-8") as f:
            assert "region-north" in f.read()
    assert round_trip(store, tmp_path) == before

    only = export(store, tmp_path / "alpha-only", dataset="alpha")
    assert [d.name for d in only.written.datasets] == ["alpha"]
    assert sorted(p.name for p in (tmp_path / "alpha-only").iterdir()) == ["README.md", "alpha"]
    tables = {p.stem for p in (tmp_path / "alpha-only" / "alpha").iterdir()}
    assert tables == {"regions", "challenges", "faces"}


def test_unattributed_records_go_to_their_own_folder(store: Store, tmp_path: Path) -> None:
    load_path(store, MINI)
    store.execute("MATCH (n:Region) SET n.datasets = NULL", write=True)
    summary = export(store, tmp_path / "out")
    names = [d.name for d in summary.written.datasets]
    assert names == [UNATTRIBUTED, "mini"]  # the regions first: mini refers to them
    regions = read_dataset(tmp_path / "out" / UNATTRIBUTED).nodes["Region"]
    assert len(regions) == 3
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "unattributed" in readme


def test_xlsx_round_trip_through_rsp_load(store: Store, tmp_path: Path) -> None:
    load_path(store, PARTNERSHIP)
    before = graph_dump(store)
    summary = export(store, tmp_path / "out", fmt="xlsx")
    (book,) = [d.path for d in summary.written.datasets]
    assert book == tmp_path / "out" / "partnership.xlsx"
    db = tmp_path / "fresh"
    result = CliRunner().invoke(main, ["load", str(book), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open_store(str(db)) as fresh:
        assert graph_dump(fresh) == before


def test_tricky_values_read_back_equal(tmp_path: Path) -> None:
    """Quotes, separators, line breaks, formulas, float precision, empty cells: each format
    of the loader reads back exactly what was exported."""
    tricky = ['He said "hi", twice; then left', "line one\nline two\r\nline three",
              "=SUM(A1:A2)", "+49 30 1234", "Košice – Žilina €", "@home", "a;b\tc"]
    fund = NODES["Fund"]
    nodes = []
    for i, text in enumerate(tricky):
        nodes.append(NodeRecord("Fund", {
            "id": f"fund-{i}", "name": text, "level": "eu", "description": text,
            "budget_eur": [0.1, 1 / 3, 17500000000.0, 1e-07, 2.5e22, 123456.789, 0.0][i],
            "period": None, "url": None, "source": f"src {i}", "updated": dt.date(2025, 1, 2),
            "verified": i % 2 == 0, "illustrative": False, "note": None,
            "datasets": ["tricky"]}))
    nodes.append(NodeRecord("Challenge", {
        "id": "chal-x", "name": "X", "theme": "green", "description": None, "source": "s",
        "updated": dt.date(2025, 1, 2), "verified": True, "illustrative": True,
        "note": None, "datasets": ["tricky"]}))
    rels = [RelRecord("SUPPORTS", "Fund", "Challenge", "fund-0", "chal-x", {
        "eligible_territory": ["SK", "ITS1", "EU"], "source": "s",
        "updated": dt.date(2025, 1, 2), "verified": True, "illustrative": False,
        "note": "x", "datasets": ["tricky"]})]
    for fmt in ("csv", "xlsx"):
        written = write_export(Records(nodes, rels), tmp_path / fmt, fmt)
        (d,) = written.datasets
        back = read_dataset(d.path)
        got = {row["id"]: row for row in back.nodes["Fund"]}
        for node in nodes[:-1]:
            expected = {p.name: node.props[p.name] for p in fund.all_props}
            if fmt == "xlsx":  # a workbook keeps line breaks as LF (XML reads CR LF so)
                expected = {k: v.replace("\r\n", "\n") if isinstance(v, str) else v
                            for k, v in expected.items()}
            assert got[node.id] == expected, fmt
        (rel,) = back.rels[("SUPPORTS", "Fund", "Challenge")]
        assert rel["eligible_territory"] == ["SK", "ITS1", "EU"]


# --------------------------------------------------------------------------- contacts


def test_contacts_stay_out_unless_asked(store: Store, tmp_path: Path) -> None:
    folder = make_dataset(tmp_path, contacts=True)
    load_path(store, folder)
    before = graph_dump(store)
    assert any(("id", "'contact-jana'") in item for item in before)

    summary = export(store, tmp_path / "out")
    assert summary.left_out is not None
    assert (summary.left_out.nodes, summary.left_out.rels) == (1, 1)
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert CONTACT_NAME not in text and CONTACT_EMAIL not in text, path
    assert not (tmp_path / "out" / "dataset" / "contacts.csv").exists()
    got = reload([(d.name, d.path) for d in summary.written.datasets], tmp_path / "fresh")
    assert got == without(before, {"contact-jana"})

    assert round_trip(store, tmp_path, include_contacts=True) == before


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_files_leave_contacts_out(store: Store, tmp_path: Path, fmt: str) -> None:
    load_path(store, make_dataset(tmp_path, contacts=True))
    export(store, tmp_path / "out", fmt=fmt)
    text = (tmp_path / "out" / f"rsp-graph.{fmt}").read_text(encoding="utf-8")
    assert CONTACT_NAME not in text and CONTACT_EMAIL not in text and "contact-jana" not in text
    export(store, tmp_path / "with", fmt=fmt, include_contacts=True)
    text = (tmp_path / "with" / f"rsp-graph.{fmt}").read_text(encoding="utf-8")
    assert CONTACT_NAME in text and CONTACT_EMAIL in text


# --------------------------------------------------------------------------- graph files


def test_graphml_opens_in_networkx(store: Store, tmp_path: Path) -> None:
    load_path(store, PARTNERSHIP)
    summary = export(store, tmp_path / "out", fmt="graphml")
    path = tmp_path / "out" / "rsp-graph.graphml"
    assert summary.written.files == [path, tmp_path / "out" / "README.md"]
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == node_count(store)
    assert graph.number_of_edges() == rel_count(store)
    trnava = graph.nodes["region-trnava"]
    assert (trnava["kind"], trnava["label"]) == ("Region", "Trnava Region")
    assert trnava["rsp_member"] is True and trnava["datasets"] == "partnership"
    assert trnava["updated"] == "2026-11-25"
    assert "member_since" not in trnava  # None is left out
    practice = next(d for _, d in graph.nodes(data=True) if d["kind"] == "Practice")
    assert practice["prop_kind"] in ("good", "bad")  # the property does not hide the kind
    types = {d["type"] for _, _, d in graph.edges(data=True)}
    assert types == {k.type for k in REL_KINDS if store.counts()[k.type]}
    supports = [d for _, _, d in graph.edges(data=True) if d["type"] == "SUPPORTS"]
    assert {"EU", "CZ08"} <= {d["eligible_territory"] for d in supports}
    fund = graph.nodes["fund-jtf"]
    assert fund["budget_eur"] == 17500000000.0


def test_gexf_and_json_parse(store: Store, tmp_path: Path) -> None:
    load_path(store, PARTNERSHIP)
    nodes, rels = node_count(store), rel_count(store)
    export(store, tmp_path / "gexf", fmt="gexf")
    gexf = nx.read_gexf(tmp_path / "gexf" / "rsp-graph.gexf")
    assert (gexf.number_of_nodes(), gexf.number_of_edges()) == (nodes, rels)
    assert gexf.nodes["region-trnava"]["label"] == "Trnava Region"
    project = next(d for _, d in gexf.nodes(data=True) if d.get("prop_start"))
    assert project["prop_start"][:2] in ("19", "20")  # a date, not a GEXF time interval
    assert {d["relationship"] for _, _, d in gexf.edges(data=True)} >= {"LOCATED_IN"}

    export(store, tmp_path / "json", fmt="json")
    data = json.loads((tmp_path / "json" / "rsp-graph.json").read_text(encoding="utf-8"))
    assert (len(data["nodes"]), len(data["links"])) == (nodes, rels)
    graph = nx.node_link_graph(data, source="from", target="to", edges="links")
    assert graph.number_of_edges() == rels
    trnava = graph.nodes["region-trnava"]
    assert trnava["kind"] == "Region" and trnava["properties"]["datasets"] == ["partnership"]
    supports = next(link for link in data["links"] if link["type"] == "SUPPORTS")
    assert isinstance(supports["properties"]["eligible_territory"], list)


def test_region_neighbourhood(store: Store, tmp_path: Path) -> None:
    load_path(store, PARTNERSHIP)
    rows = store.execute("MATCH (r:Region {id: 'region-trnava'})-[]-(n) "
                         "RETURN DISTINCT n.id").rows
    expected = {"region-trnava", *(str(r[0]) for r in rows)}
    export(store, tmp_path / "out", fmt="json", region="region-trnava", depth=1)
    data = json.loads((tmp_path / "out" / "rsp-graph.json").read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == expected
    ids = {n["id"] for n in data["nodes"]}
    assert all(link["from"] in ids and link["to"] in ids for link in data["links"])

    summary = export(store, tmp_path / "csv", region="region-trnava", depth=0)
    assert summary.written.nodes == 1 and summary.written.rels == 0
    with pytest.raises(NotFoundError):
        export(store, tmp_path / "nowhere", region="region-nowhere")


def test_a_dataset_in_a_graph_file_keeps_the_ends_of_its_relationships(
        store: Store, tmp_path: Path) -> None:
    load_path(store, MINI, name="zeta")
    load_path(store, alpha_dataset(tmp_path, shared=False), name="alpha")
    export(store, tmp_path / "out", fmt="graphml", dataset="alpha")
    graph = nx.read_graphml(tmp_path / "out" / "rsp-graph.graphml")
    assert set(graph.nodes) == {"chal-extra", "region-east"}
    assert graph.number_of_edges() == 1
    with pytest.raises(NotFoundError, match="alpha, zeta"):
        export(store, tmp_path / "none", dataset="nope")


# --------------------------------------------------------------------------- command line


def test_the_command(db_args: list[str], tmp_path: Path) -> None:
    runner = CliRunner()
    folder = make_dataset(tmp_path, contacts=True)
    assert runner.invoke(main, ["load", str(folder), *db_args]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(main, ["export", str(out), *db_args])
    assert result.exit_code == 0, result.output
    assert ("Left out as personal data: 1 contact person, 1 relationship to or from them, "
            "0 other personal values") in result.output
    assert f"rsp load {out / 'dataset'} --dataset dataset" in result.output
    again = runner.invoke(main, ["export", str(out), *db_args])
    assert again.exit_code == 1 and "not empty" in again.output
    forced = runner.invoke(main, ["export", str(out), "--force", "--include-contacts",
                                  *db_args])
    assert forced.exit_code == 0 and "personal data" in forced.output
    graph = runner.invoke(main, ["export", str(tmp_path / "g"), "--format", "gexf",
                                 "--region", "North Region", "--depth", "2", *db_args])
    assert graph.exit_code == 0, graph.output
    assert "rsp-graph.gexf" in graph.output
    usage = runner.invoke(main, ["export", str(tmp_path / "u"), "--depth", "2", *db_args])
    assert usage.exit_code == 2 and "--depth needs --region" in usage.output


def test_the_command_offers_every_format() -> None:
    command = main.commands["export"]
    (option,) = [p for p in command.params if p.name == "fmt"]
    assert tuple(option.type.choices) == FORMATS  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- pure parts


def test_load_order_puts_suppliers_first_and_reports_cycles() -> None:
    def node(ident: str) -> NodeRecord:
        return NodeRecord("Region", {"id": ident})

    def rel(a: str, b: str) -> RelRecord:
        return RelRecord("MEMBER_OF", "Region", "Organisation", a, b, {})

    groups = {"a": Records([node("x")], [rel("x", "y")]), "b": Records([node("y")], []),
              "c": Records([], [rel("z", "q")])}
    order, cyclic, after, outside = load_order(groups)
    assert order == ["b", "a", "c"] and cyclic == [] and after["a"] == ("b",)
    assert outside == {"a": 0, "b": 0, "c": 2}
    groups["b"] = Records([node("y")], [rel("y", "x")])
    order, cyclic, _, _ = load_order(groups)
    assert cyclic == ["a", "b"] and set(order) == {"a", "b", "c"}


def test_records_read_are_the_schemas_properties(store: Store) -> None:
    load_path(store, MINI)
    records = read_records(store)
    assert len(records.nodes) == node_count(store) and len(records.rels) == rel_count(store)
    for n in records.nodes:
        assert set(n.props) == {p.name for p in NODES[n.label].stored_props}
    for r in records.rels:
        assert set(r.props) == {p.name for p in RELS[r.type].value_props}


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RspError, match="unknown export format"):
        write_export(Records(), tmp_path, "pdf")


def test_folder_names_are_safe(tmp_path: Path) -> None:
    node = NodeRecord("Challenge", {"id": "c", "name": "C", "theme": "green", "source": "s",
                                    "updated": dt.date(2025, 1, 1), "datasets": ["../up"]})
    written = write_export(Records([node], []), tmp_path / "out")
    (d,) = written.datasets
    assert d.path == tmp_path / "out" / "up" and d.name == "../up"
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "rsp load up --dataset ../up" in readme
