"""The network page's data and HTML, on both backends (the browser test is separate)."""

from __future__ import annotations

import datetime as dt
import json
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
from tests.support import CONTACT_EMAIL, CONTACT_NAME, HOSTILE, MINI, make_dataset
from usecases.network import NetworkError, TooManyNodesError, network_data, synergy_data
from views.network import render_html, script_json, write_html

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


def test_refuses_more_than_max_nodes(mini: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "MAX_NODES", 5)
    with pytest.raises(TooManyNodesError) as caught:
        network_data(mini)
    message = str(caught.value)
    assert "13 nodes" in message and "(5)" in message
    assert "--region R --depth 1" in message and "--kinds" in message
    with pytest.raises(TooManyNodesError, match="around 'region-north'"):
        network_data(mini, region="region-north", depth=2)
    assert len(network_data(mini, region="region-east").nodes) <= 5
    assert len(network_data(mini, kinds=["Fund", "Project"]).nodes) == 2


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


def test_synergy_view(mini: Store) -> None:
    suggestions = [
        {"a": "region-north", "b": "region-south", "score": 0.9,
         "evidence": ["both face Battery skills", HOSTILE]},
        {"a": "region-south", "b": "region-east", "score": 0.3, "evidence": ["Italy"]},
    ]
    data = synergy_data(mini, suggestions)
    assert {n.id for n in data.nodes} == {"region-north", "region-south", "region-east"}
    assert {n.kind for n in data.nodes} == {"Region"}
    assert len(data.edges) == 2 and not data.directed
    strong, weak = sorted(data.edges, key=lambda e: -e.width)
    assert (strong.source, strong.target, strong.type) == ("region-north", "region-south",
                                                           "SYNERGY")
    assert strong.width == 10 and 1 < weak.width < strong.width
    assert strong.lines == ("both face Battery skills", HOSTILE)
    assert dict(strong.fields)["score"] == 0.9
    page = render_html(data)
    assert HOSTILE not in page and "both face Battery skills" in page
    assert data.description == "2 synergy suggestions between 3 regions"
    assert len(synergy_data(mini, []).nodes) == 0


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
