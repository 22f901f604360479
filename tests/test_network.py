"""The network page's data and HTML, on both backends (the browser test is separate)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import usecases.network as network
from cli import main
from graph.errors import NotFoundError
from graph.schema import NODE_KINDS, REL_KINDS
from graph.store import Store
from loaders import load_path
from tests.support import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    HOSTILE,
    ILLUSTRATIVE,
    MINI,
    PARTNERSHIP,
    append_rows,
    make_dataset,
    statements_run,
)
from usecases.network import (
    NetworkError,
    network_data,
    node_id,
    summary_view,
    synergy_data,
    synergy_view,
)
from views.network import render_html, scale_of, script_json, write_html

NORTH_EGO = {"region-north", "org-carmaker", "chal-batteries", "chal-jobs", "proj-pilot",
             "event-wg1"}


@pytest.fixture
def mini(store: Store) -> Store:
    load_path(store, MINI)
    return store


def _ids(data: network.NetworkData) -> set[str]:
    return {n.id for n in data.nodes}


def test_whole_graph_matches_the_store(mini: Store) -> None:
    data = network_data(mini)
    counts = mini.counts()
    assert len(data.nodes) == sum(counts[k.label] for k in NODE_KINDS) == 13
    assert len(data.edges) == sum(counts[k.type] for k in REL_KINDS) == 15
    assert {k: v for k, v in data.counts().items()} == {k: v for k, v in counts.items() if v}
    assert _ids(data) == {row[0]["id"] for row in mini.execute("MATCH (n) RETURN n").rows
                          if row[0]["_kind"] != "LoadRecord"}
    assert data.description == "the whole graph"


def test_nodes_and_edges_carry_schema_fields(mini: Store) -> None:
    data = network_data(mini)
    north = next(n for n in data.nodes if n.id == "region-north")
    assert (north.label, north.kind, north.source) == ("North Region", "Region",
                                                       "illustrative test fixture")
    fields = dict(north.fields)
    assert fields["country"] == "Slovakia" and fields["rsp_member"] is True
    assert fields["member_since"] == dt.date(2025, 6, 1) and "source" not in fields
    faces = [e for e in data.edges if e.type == "FACES" and e.source == "region-north"]
    assert {e.target for e in faces} == {"chal-batteries", "chal-jobs"}
    assert {dict(e.fields)["priority"] for e in faces} == {"high", "medium"}
    support = next(e for e in data.edges if e.type == "SUPPORTS")
    assert dict(support.fields)["eligible_territory"] == ["SK", "ITS"]


def test_ego_network_of_a_region(mini: Store) -> None:
    one = network_data(mini, region="region-north")
    assert _ids(one) == NORTH_EGO
    assert all(e.source in NORTH_EGO and e.target in NORTH_EGO for e in one.edges)
    assert len(one.edges) == 6
    assert one.description == "around North Region (region-north), depth 1"
    assert _ids(network_data(mini, region="region-north", depth=0)) == {"region-north"}
    two = network_data(mini, region="region-north", depth=2)
    assert _ids(two) > NORTH_EGO
    assert {"region-south", "org-college", "region-east"} <= _ids(two)
    assert "chal-software" not in _ids(two)  # three steps away (via region-south)
    three = network_data(mini, region="region-north", depth=3)
    assert "chal-software" in _ids(three)
    assert "org-network" not in _ids(three)  # not connected at all
    direct = mini.execute("MATCH (r:Region)-[]-(n) WHERE r.id = $id RETURN DISTINCT n.id AS id",
                          {"id": "region-north"}).dicts()
    assert _ids(one) == {"region-north"} | {r["id"] for r in direct}


def test_kinds_filter(mini: Store) -> None:
    data = network_data(mini, kinds=["Region", "challenge"])
    assert {n.kind for n in data.nodes} == {"Region", "Challenge"}
    assert len(data.nodes) == 6
    assert {e.type for e in data.edges} == {"FACES"} and len(data.edges) == 5
    assert data.description == "kinds: Region, Challenge"
    # With a region, depth counts steps through the chosen kinds; the region always stays.
    ego = network_data(mini, region="region-north", depth=2, kinds=["Organisation", "Project"])
    assert _ids(ego) == {"region-north", "org-carmaker", "proj-pilot", "org-college"}
    assert {e.type for e in ego.edges} == {"LOCATED_IN", "PARTNER_IN", "PILOTS_IN"}


def test_user_errors_are_rsp_errors(mini: Store) -> None:
    with pytest.raises(NetworkError, match="unknown node kind 'Regions'; choose from Region"):
        network_data(mini, kinds=["Regions"])
    with pytest.raises(NetworkError, match="no node kinds"):
        network_data(mini, kinds=[])
    with pytest.raises(NotFoundError, match="no region with id 'region-nowhere'"):
        network_data(mini, region="region-nowhere")
    with pytest.raises(NotFoundError):
        network_data(mini, region="org-carmaker")  # not a region
    with pytest.raises(NetworkError, match="depth"):
        network_data(mini, region="region-north", depth=-1)
    with pytest.raises(NetworkError, match="--include-contacts"):
        network_data(mini, kinds=["Contact"])



def test_a_bad_selection_is_one_line_on_the_command_line(tmp_path: Path) -> None:
    """A NetworkError reaches the user as one 'Error:' line, not a traceback."""
    runner = CliRunner()
    db = ["--db", str(tmp_path / "db")]
    assert runner.invoke(main, ["load", str(MINI), *db]).exit_code == 0
    result = runner.invoke(main, ["viz", "--kinds", "Regions", "-o", str(tmp_path / "x.html"),
                                  *db])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: unknown node kind 'Regions'")
    assert "Traceback" not in result.output and not (tmp_path / "x.html").exists()
    focus = runner.invoke(main, ["viz", "--focus", "Battery skills", "--depth", "2",
                                 "-o", str(tmp_path / "f.html"), *db])
    assert focus.exit_code == 0, focus.output
    assert "Battery skills" in (tmp_path / "f.html").read_text(encoding="utf-8")
    for bad, message in ((["--top", "3"], "--top needs --synergies"),
                         (["--through-hubs"], "--through-hubs needs"),
                         (["--region", "north", "--focus", "x"], "not both"),
                         (["--synergies", "--focus", "x"], "--synergies takes only")):
        refused = runner.invoke(main, ["viz", *bad, "-o", str(tmp_path / "y.html"), *db])
        assert refused.exit_code == 2 and message in refused.output, refused.output


def test_contacts_are_left_out_unless_asked_for(store: Store, tmp_path: Path) -> None:
    load_path(store, make_dataset(tmp_path, hostile=False, contacts=True))
    default = network_data(store)
    assert "contact-jana" not in _ids(default)
    assert "WORKS_FOR" not in {e.type for e in default.edges}
    page = render_html(default)
    assert CONTACT_NAME not in page and CONTACT_EMAIL not in page and "contact-jana" not in page
    assert "contact-jana" not in _ids(network_data(store, region="region-north", depth=5))

    shown = network_data(store, include_contacts=True)
    jana = next(n for n in shown.nodes if n.id == "contact-jana")
    assert jana.label == CONTACT_NAME and dict(jana.fields)["email"] == CONTACT_EMAIL
    assert ("contact-jana", "org-carmaker") in {(e.source, e.target) for e in shown.edges
                                                 if e.type == "WORKS_FOR"}
    only = network_data(store, kinds=["Contact", "Organisation"], include_contacts=True)
    assert {n.kind for n in only.nodes} == {"Contact", "Organisation"}


def test_above_max_nodes_a_summary_is_shown_counted_before_reading(
        mini: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above MAX_NODES the page is not refused: it shows the regions with counts, and what
    a view would hold is counted (counts queries) before anything is read node by node."""
    monkeypatch.setattr(network, "MAX_NODES", 6)
    ran = statements_run(mini, monkeypatch)
    data = network_data(mini)
    assert data.view == "summary"
    assert not [c for c in ran if "RETURN n" in c and "MATCH (n:" in c]  # no full read
    assert {n.kind for n in data.nodes} == {"Region", "Challenge"}
    assert _ids(data) == {"region-north", "region-south", "region-east", "chal-batteries",
                          "chal-software", "chal-jobs"}
    north = dict(next(n for n in data.nodes if n.id == "region-north").fields)
    assert (north["organisations"], north["projects running there"], north["challenges"]) == (
        1, 1, 2)
    assert {e.type for e in data.edges} == {"FACES"} and len(data.edges) == 5
    (note,) = data.notes
    assert "13 nodes" in note and "(6)" in note and "--focus" in note
    assert data.size_meaning.startswith("organisations")
    # A neighbourhood that would pass the budget stops at the last depth that fits.
    monkeypatch.setattr(network, "MAX_NODES", 7)
    two = network_data(mini, region="region-north", depth=2)
    assert _ids(two) == NORTH_EGO and "shown up to depth 1" in two.notes[0]
    assert two.depth == 1 and two.description.endswith("depth 1 (of 2 asked)")
    page = render_html(data)
    assert "more than the page draws one by one" in page


def test_summary_keeps_members_first(mini: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "MAX_NODES", 5)  # 3 challenges + 2 regions fit
    data = summary_view(mini)
    regions = {n.id for n in data.nodes if n.kind == "Region"}
    assert regions == {"region-north", "region-south"}  # the members, not East
    assert "3 regions are more than fit" in data.notes[-1]


def _hub_dataset(tmp_path: Path) -> Path:
    """The mini fixture plus an alliance (a network) that two far regions and North belong
    to: the only path from North to the far regions goes through the alliance."""
    folder = make_dataset(tmp_path, hostile=False)
    append_rows(folder, "regions", [
        {"id": f"region-far{i}", "name": f"Far Region {i}", "country": "Spain",
         "country_code": "ES", "rsp_member": "false", "ara_member": "true"} for i in (1, 2)])
    append_rows(folder, "organisations", [{"id": "org-alliance", "name": "Example Alliance",
                                           "category": "network"}])
    append_rows(folder, "member_of", [{"from": r, "to": "org-alliance", **ILLUSTRATIVE} for r in (
        "region-north", "region-far1", "region-far2")])
    return folder


def test_neighbourhoods_stop_at_hubs(store: Store, tmp_path: Path) -> None:
    load_path(store, _hub_dataset(tmp_path))
    two = network_data(store, region="region-north", depth=2)
    assert "org-alliance" in _ids(two)  # the hub itself is shown...
    assert not {"region-far1", "region-far2"} & _ids(two)  # ...but not gone through
    assert "Example Alliance" in two.notes[-1] and "--through-hubs" in two.notes[-1]
    alliance = next(n for n in two.nodes if n.id == "org-alliance")
    assert alliance.hub and not next(n for n in two.nodes if n.id == "org-carmaker").hub
    assert {e.style for e in two.edges if "org-alliance" in (e.source, e.target)} == {"hub"}
    through = network_data(store, region="region-north", depth=2, through_hubs=True)
    assert {"region-far1", "region-far2"} <= _ids(through) and through.through_hubs
    assert not through.notes
    # A hub in the centre is expanded: focusing on it shows its members.
    hub = network_data(store, focus="org-alliance")
    assert {"region-north", "region-far1", "region-far2"} <= _ids(hub)


def test_focus_on_any_node(mini: Store) -> None:
    data = network_data(mini, focus="chal-batteries")
    assert data.view == "ego" and data.centre == "chal-batteries"
    assert _ids(data) == {"chal-batteries", "region-north", "region-south",
                          "course-battery-basics", "fund-example"}
    assert data.description == "around Battery skills (chal-batteries), depth 1"
    centre = next(n for n in data.nodes if n.id == data.centre)
    assert (centre.x, centre.y) == (0.0, 0.0) and centre.importance == network.ALWAYS
    assert node_id(mini, "battery skills") == "chal-batteries"
    assert node_id(mini, "org-carmaker") == "org-carmaker"
    with pytest.raises(NotFoundError, match="no node 'Nowhere'"):
        node_id(mini, "Nowhere")
    with pytest.raises(NotFoundError, match="no node with id 'nothing'"):
        network_data(mini, focus="nothing")
    with pytest.raises(NetworkError, match="not both"):
        network_data(mini, region="region-north", focus="chal-batteries")


def test_filter_values_of_every_node(mini: Store) -> None:
    data = network_data(mini)
    facets = {n.id: dict(n.facets) for n in data.nodes}
    assert facets["region-north"]["country"] == ("Slovakia",)
    assert facets["region-north"]["partnership"] == (network.MEMBER,)
    assert facets["region-east"]["partnership"] == (network.NOT_MEMBER,)
    assert facets["region-east"]["ara"] == (network.ARA,)
    assert facets["region-south"]["ara"] == (network.NOT_ARA,)
    assert facets["region-north"]["theme"] == ("green", "social")
    # An organisation is where its region is; a course where its provider is.
    assert facets["org-carmaker"]["country"] == ("Slovakia",)
    assert facets["org-carmaker"]["partnership"] == (network.MEMBER,)
    assert facets["course-battery-basics"]["country"] == ("Italy",)
    assert facets["course-battery-basics"]["theme"] == ("green",)
    assert facets["proj-pilot"]["country"] == ("Italy", "Slovakia")  # pilot and partners
    assert facets["chal-software"]["theme"] == ("digital",)
    assert "country" not in facets["chal-software"]  # a challenge is in no country
    assert all(f["verified"] == (network.VERIFIED,) for f in facets.values())
    network_only = facets["org-network"]
    assert "partnership" not in network_only and "country" not in network_only


def test_layout_groups_by_region_and_is_stable(mini: Store) -> None:
    data = network_data(mini)
    assert all(n.x is not None and n.y is not None for n in data.nodes)
    pos = {n.id: (n.x, n.y) for n in data.nodes}
    assert len(set(pos.values())) == len(pos)  # no two nodes on one spot

    def far(a: str, b: str) -> float:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        return math.hypot((x1 or 0.0) - (x2 or 0.0), (y1 or 0.0) - (y2 or 0.0))

    # An organisation sits by its region; members on the inner ring, the others outside it.
    assert far("org-carmaker", "region-north") < far("org-carmaker", "region-south")
    assert far("org-college", "region-south") < far("org-college", "region-north")
    ring = {r: far(r, "chal-batteries") for r in ("region-north", "region-south")}
    assert all(v > 0 for v in ring.values())
    roles = {n.id: n.role for n in data.nodes if n.kind == "Region"}
    assert roles == {"region-north": "member", "region-south": "member",
                     "region-east": "other"}
    centre_x = sum((pos[r][0] or 0) for r in roles) / 3
    assert abs(centre_x) < 1e6
    # What reaches no region (here an unconnected network) is set apart, not in the ring.
    assert data.apart.startswith("bottom right") and "1 Organisation" in data.apart
    again = network_data(mini)
    assert [(n.id, n.x, n.y) for n in again.nodes] == [(n.id, n.x, n.y) for n in data.nodes]
    importance = {n.id: n.importance for n in data.nodes}
    assert importance["region-north"] == network.ALWAYS > importance["region-east"]
    assert importance["chal-batteries"] == network.OVERVIEW


def test_ego_layout_rings(mini: Store) -> None:
    data = network_data(mini, region="region-north", depth=2)
    pos = {n.id: (n.x or 0.0, n.y or 0.0) for n in data.nodes}
    assert pos["region-north"] == (0.0, 0.0)

    def dist(i: str) -> float:
        return float((pos[i][0] ** 2 + pos[i][1] ** 2) ** 0.5)

    assert max(dist(i) for i in NORTH_EGO - {"region-north"}) < min(
        dist(i) for i in _ids(data) - NORTH_EGO)


def _page_data(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="rsp-data">(.*?)</script>', page,
                      re.S)
    assert found
    data = json.loads(found.group(1))
    assert isinstance(data, dict)
    return data


def _markup(page: str) -> str:
    """The page without the contents of its script elements."""
    return re.sub(r"(<script\b[^>]*>).*?(</script>)", r"\1\2", page, flags=re.S | re.I)


def test_page_is_offline(mini: Store) -> None:
    page = render_html(network_data(mini))
    markup = _markup(page)
    assert re.findall(r"<script\b[^>]*>", markup) == [
        '<script type="application/json" id="rsp-data">', "<script>", "<script>"]
    assert not re.search(r"<(?:link|img|iframe|object|embed|base)\b", markup, re.I)
    assert not re.search(r"\b(?:src|href)\s*=", markup, re.I)
    assert not re.search(r"https?://", markup)
    assert not re.search(r"url\(\s*[\"']?\s*(?:https?:)?//", page)  # CSS loads nothing either
    assert "bootstrap" not in page.lower() and "tom-select" not in page
    assert "default-src &#x27;none&#x27;" in markup  # the CSP forbids loading anything
    assert "vis-network" in page and "window.rspNetwork" in page  # inlined, not linked
    data = _page_data(page)
    assert isinstance(data["nodes"], list) and len(data["nodes"]) == 13
    assert isinstance(data["edges"], list) and len(data["edges"]) == 15


def test_hostile_strings_are_escaped(store: Store, tmp_path: Path) -> None:
    load_path(store, make_dataset(tmp_path))
    data = network_data(store)
    assert HOSTILE in {n.label for n in data.nodes}
    page = render_html(data, title='Trnava <script>alert("t")</script>')
    assert HOSTILE not in page
    assert "<img" not in page
    assert "<script>x</script>" not in page
    assert "Trnava &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
    assert "\\u003cimg src=x onerror=\\\"window.__xss=1\\\"\\u003e" in page
    nodes = _page_data(page)["nodes"]
    assert isinstance(nodes, list)
    hostile = next(n for n in nodes if n["id"] == "org-hostile")
    assert hostile["label"] == HOSTILE and hostile["rspSource"].endswith("<script>x</script>")
    assert "title" not in hostile  # tooltips are built as DOM elements by the page


def test_script_json_escapes_everything_that_could_end_a_script() -> None:
    text = script_json({"x": "</script><!-- & \u2028\u2029 >"})
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == {"x": "</script><!-- & \u2028\u2029 >"}


def test_synergy_data(mini: Store) -> None:
    suggestions = [
        {"a": "region-north", "b": "region-south", "score": 90,
         "evidence": ["both face Battery skills", HOSTILE]},
        {"a": "region-south", "b": "region-east", "score": 30, "evidence": ["Italy"],
         "existing": True},
    ]
    data = synergy_data(mini, suggestions)
    assert {n.id for n in data.nodes} == {"region-north", "region-south", "region-east"}
    assert {n.kind for n in data.nodes} == {"Region"}
    assert len(data.edges) == 2 and not data.directed and data.view == "synergy"
    strong, weak = sorted(data.edges, key=lambda e: -e.width)
    assert (strong.source, strong.target, strong.type) == ("region-north", "region-south",
                                                           "SYNERGY")
    # The width is the score on one scale for every page: 1 at 0, 12 at 100.
    assert strong.width == 10.9 and weak.width == 4.3
    assert (strong.label, strong.strength, strong.style) == ("90", "strong", "")
    assert (weak.label, weak.strength, weak.style) == ("30", "weak", "existing")
    assert strong.lines == ("both face Battery skills", HOSTILE)
    assert dict(strong.fields)["score"] == 90
    page = render_html(data)
    assert HOSTILE not in page and "both face Battery skills" in page
    assert data.description == "2 synergy suggestions between 3 regions"
    assert len(synergy_data(mini, []).nodes) == 0
    # A region without any suggestion is still shown, with the reason.
    alone = synergy_data(mini, suggestions[:1], regions=["region-east"],
                         empty={"region-east": "no challenges recorded"})
    east = next(n for n in alone.nodes if n.id == "region-east")
    assert dict(east.fields)["suggestions"] == "no challenges recorded"
    assert alone.notes == ["East Region: no challenges recorded"]


@pytest.fixture
def partnership(store: Store) -> Store:
    load_path(store, PARTNERSHIP)
    return store


def test_synergy_view_shows_every_member(partnership: Store) -> None:
    data = synergy_view(partnership)
    members = {r["id"] for r in partnership.execute(
        "MATCH (r:Region) WHERE r.rsp_member RETURN r.id AS id").dicts()}
    assert {n.id for n in data.nodes} == members and len(members) == 15
    linked = {x for e in data.edges for x in (e.source, e.target)}
    assert linked == members  # each member's best partners: nobody is dropped
    existing = [e for e in data.edges if e.style == "existing"]
    assert existing and all(dict(e.fields)["already together"] is True for e in existing)
    for e in data.edges:
        fields = dict(e.fields)
        scores = [v for k, v in fields.items() if k.startswith("score for")]
        assert e.label == str(max(scores)) and e.score == max(scores)
        assert fields["strength"] == e.strength in ("strong", "moderate", "weak")
        assert e.lines  # the reasons in plain words
    assert "best partners" in data.description
    star = synergy_view(partnership, "trnava")
    assert star.centre == "region-trnava"
    assert all("region-trnava" in (e.source, e.target) for e in star.edges)
    assert len(star.edges) == len(star.nodes) - 1
    best = max(star.edges, key=lambda e: e.score or 0)
    other = best.target if best.source == "region-trnava" else best.source
    pos = {n.id: (n.x or 0.0, n.y or 0.0) for n in star.nodes}
    worst = min(star.edges, key=lambda e: e.score or 0)
    last = worst.target if worst.source == "region-trnava" else worst.source
    assert abs(pos[other][1]) + abs(pos[other][0]) < abs(pos[last][1]) + abs(pos[last][0])
    assert len(synergy_view(partnership, "trnava", top=3).edges) == 3
    with pytest.raises(NetworkError, match="--top"):
        synergy_view(partnership, top=0)


def test_page_styles_members_apart_and_explains_sizes(partnership: Store) -> None:
    data = network_data(partnership)
    payload = _page_data(render_html(data))
    nodes = payload["nodes"]
    assert isinstance(nodes, list)
    members = [n for n in nodes if n["rspRole"] == "member"]
    others = [n for n in nodes if n["rspRole"] == "other"]
    assert len(members) == 15 and len(others) == 26
    assert {n["color"]["background"] for n in members}.isdisjoint(
        {n["color"]["background"] for n in others})
    assert min(n["size"] for n in members) > max(n["size"] for n in others)
    assert all(n["font"].get("mod") == "bold" for n in members)
    legend = payload["legend"]
    assert isinstance(legend, dict)
    assert [r["count"] for r in legend["regions"]] == [15, 26]
    assert legend["sizeMeaning"] == "number of relationships" and len(legend["sizes"]) == 3
    assert legend["hubs"] >= 3  # ASA, ARA, the CoR...
    choices = payload["facets"]
    assert isinstance(choices, list)
    facets = {f["name"]: dict(f["values"]) for f in choices}
    assert set(facets) == {"country", "partnership", "ara", "theme", "verified"}
    assert facets["partnership"]["member"] >= 15 and "Slovakia" in facets["country"]
    # The picture fits the page at about its design size, so labels are readable.
    assert 0.8 < scale_of(data).px < 1.6
    synergy = _page_data(render_html(synergy_view(partnership)))["legend"]
    assert isinstance(synergy, dict) and synergy["synergy"]
    assert [line["dashed"] for line in synergy["lines"]][-1] is True


def test_synergy_errors(mini: Store) -> None:
    with pytest.raises(NotFoundError, match="'region-nowhere'"):
        synergy_data(mini, [{"a": "region-north", "b": "region-nowhere", "score": 1,
                             "evidence": []}])
    with pytest.raises(NetworkError, match="numeric 'score'"):
        synergy_data(mini, [{"a": "region-north", "b": "region-south", "score": "high"}])
    with pytest.raises(NetworkError, match="region ids"):
        synergy_data(mini, [{"a": "region-north", "score": 1}])
    with pytest.raises(NetworkError, match="list of lines"):
        synergy_data(mini, [{"a": "region-north", "b": "region-south", "score": 1,
                             "evidence": "one line"}])


def test_write_html(mini: Store, tmp_path: Path) -> None:
    path = write_html(network_data(mini, region="region-south"), tmp_path / "net.html",
                      title="South")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>South</title>" in page
    with pytest.raises(NetworkError, match="cannot write"):
        write_html(network_data(mini), tmp_path / "missing" / "net.html")


def test_render_checks_edges_have_nodes() -> None:
    data = network.NetworkData(nodes=[network.NetworkNode("a", "A", "Region")],
                               edges=[network.NetworkEdge("a", "b", "FACES")])
    with pytest.raises(NetworkError, match="no node to draw"):
        render_html(data)
    empty = render_html(network.NetworkData())
    assert '"nodes":[]' in empty
