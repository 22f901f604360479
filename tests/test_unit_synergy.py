"""The synergy maths on hand-built graphs and matrices: no files, no database."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from analysis.complementarity import complementarity_matrix
from analysis.similarity import idf, profile_matrix, similarity_matrix
from analysis.synergy import Weights, build_model, suggestions
from analysis.synergy_graph import AVAILABLE_IN, TAKES_PART
from graph.errors import RspError
from graph.schema import PRIORITY_WEIGHTS


def graph(faces: list[tuple[str, str, str]], *, members: str = "") -> nx.DiGraph:
    """Regions facing challenges: ``(region, challenge, priority)``."""
    g = nx.DiGraph()
    for region, challenge, priority in faces:
        g.add_node(region, kind="Region", name=region.upper(),
                   member=not members or region in members)
        g.add_node(challenge, kind="Challenge", name=challenge)
        g.add_edge(region, challenge, rel="FACES", priority=priority, source="s")
    return g


def offer(g: nx.DiGraph, item: str, kind: str, region: str, challenge: str,
          orgs: dict[str, str] | None = None) -> None:
    g.add_node(item, kind=kind, name=item, source="offer source")
    g.add_edge(item, challenge, rel="ADDRESSES")
    g.add_edge(item, region, rel=AVAILABLE_IN, orgs=dict(orgs or {}))


def test_similarity_is_priority_times_priority_times_idf() -> None:
    profiles = np.array([[1.0, 0.6], [0.3, 0.6], [0.0, 1.0]])
    weights = np.array([2.0, 0.5])
    s = similarity_matrix(profiles, weights)
    assert s[0, 1] == pytest.approx(1.0 * 0.3 * 2.0 + 0.6 * 0.6 * 0.5)
    assert s[0, 2] == pytest.approx(0.6 * 1.0 * 0.5)
    assert np.all(np.diag(s) == 0) and np.allclose(s, s.T)


def test_complementarity_is_directed() -> None:
    profiles = np.array([[1.0], [0.0]])  # only a faces the challenge
    offers = np.array([[0.0], [0.8]])  # only b offers something
    c = complementarity_matrix(profiles, offers, np.array([math.log(2)]))
    assert c[0, 1] == pytest.approx(1.0 * 0.8 * (1 + math.log(2)))
    assert c[1, 0] == 0


def test_idf_and_profiles_follow_the_schema_weights() -> None:
    g = graph([("a", "x", "high"), ("b", "x", "low"), ("b", "y", "")])
    assert idf(g) == {"x": 0.0, "y": pytest.approx(math.log(2))}
    p = profile_matrix(g, ["a", "b"], ["x", "y"])
    # A blank priority weighs as the schema's default (medium).
    assert p.tolist() == [[PRIORITY_WEIGHTS["high"], 0.0],
                          [PRIORITY_WEIGHTS["low"], PRIORITY_WEIGHTS["medium"]]]


def test_rarity_beats_plain_overlap() -> None:
    faces = [("a", "common1", "medium"), ("a", "common2", "medium"), ("a", "rare", "medium"),
             ("c", "rare", "medium")]
    for r in "bde":
        faces += [(r, "common1", "medium"), (r, "common2", "medium")]
    order = [s.b for s in suggestions(build_model(graph(faces)), "a", top=0)]
    assert order.index("c") < order.index("b")


def test_an_offer_for_a_need_decides_and_names_the_contact() -> None:
    g = graph([("a", "x", "high"), ("b", "x", "high"), ("c", "x", "high"), ("d", "y", "low")])
    offer(g, "course-x", "Course", "c", "x", {"org-c": "C College"})
    found = suggestions(build_model(g), "a", top=0)
    assert [s.b for s in found][:2] == ["c", "b"]
    best = found[0]
    assert [(c.id, c.name, c.why) for c in best.contacts] == [
        ("org-c", "C College", "behind 'course-x'")]
    assert sum(e.contribution for e in best.evidence) == pytest.approx(best.score, abs=1e-3)
    assert {e.kind for e in best.evidence} == {"shared_challenge", "offer"}


def test_existing_collaboration_scales_the_score() -> None:
    g = graph([("a", "x", "high"), ("b", "x", "high"), ("c", "x", "high"), ("d", "y", "high"),
               ("e", "y", "high")])
    g.add_node("event-1", kind="Event", name="Meeting", source="e")
    g.add_edge("a", "event-1", rel=TAKES_PART)
    g.add_edge("b", "event-1", rel=TAKES_PART)
    model = build_model(g, Weights(existing=0.5))
    by_b = {s.b: s for s in suggestions(model, "a", top=0)}
    assert by_b["b"].existing and not by_b["c"].existing
    assert by_b["b"].score == pytest.approx(by_b["c"].score * 0.5)


def test_external_regions_only_on_request() -> None:
    g = graph([("a", "x", "high"), ("b", "x", "high"), ("z", "x", "high"), ("d", "y", "high")],
              members="abd")
    assert [s.b for s in suggestions(build_model(g), "a", top=0)] == ["b"]
    both = suggestions(build_model(g), "a", top=0, include_external=True)
    assert {s.b for s in both} == {"b", "z"} and next(s for s in both if s.b == "z").external


def test_weights_parse_and_refuse() -> None:
    assert Weights.parse("funds=0, needs=2").needs == 2.0
    with pytest.raises(RspError, match="unknown weight 'fund'"):
        Weights.parse("fund=1")
    with pytest.raises(RspError, match="key=value"):
        Weights.parse("funds")
