"""Synergy suggestions on small graphs whose right answer is known by construction."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import queries
from analysis.synergy import MAX_ITEMS, Weights, build_model, suggestions
from cli import main
from graph.store import Store
from loaders import load_path
from tests.support import PARTNERSHIP, statements_run
from tests.support import write_tables as write
from usecases import synergy_index
from usecases.synergies import StoreSource, read_synergy_graph, synergy_model


def region(ident: str, member: bool = True) -> dict[str, str]:
    return {"id": ident, "name": ident.upper(), "country": "Testland", "country_code": "TL",
            "rsp_member": str(member).lower()}


def challenge(ident: str) -> dict[str, str]:
    return {"id": ident, "name": ident, "theme": "green"}


def faces(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"from": r, "to": c, "priority": "medium"} for r, c in pairs]


def ranked(store: Store, who: str, **kwargs: bool) -> list[str]:
    model = synergy_model(store)
    return [s.b for s in suggestions(model, who, top=0, **kwargs)]


def test_rarity_beats_plain_overlap(store: Store, tmp_path: Path) -> None:
    # B shares two common challenges with A, C shares one rare one: C must win.
    data = write(tmp_path / "d", {
        "regions": [region(r) for r in "abcde"],
        "challenges": [challenge("common1"), challenge("common2"), challenge("rare")],
        "faces": faces([("a", "common1"), ("a", "common2"), ("a", "rare"),
                        ("b", "common1"), ("b", "common2"), ("d", "common1"),
                        ("d", "common2"), ("e", "common1"), ("e", "common2"), ("c", "rare")]),
    })
    load_path(store, data)
    order = ranked(store, "a")
    assert order.index("c") < order.index("b")


def test_complementarity_decides(store: Store, tmp_path: Path) -> None:
    # B and C face the same challenge as A; only C offers a course for it.
    data = write(tmp_path / "d", {
        "regions": [region(r) for r in "abcd"],
        "challenges": [challenge("x"), challenge("y"), challenge("z")],
        "faces": faces([("a", "x"), ("b", "x"), ("c", "x"), ("a", "y"), ("d", "z")]),
        "organisations": [{"id": "org-c", "name": "C College", "category": "vet_provider"}],
        "located_in": [{"from": "org-c", "to": "c"}],
        "courses": [{"id": "course-x", "name": "X course"}],
        "offers": [{"from": "org-c", "to": "course-x"}],
        "addresses": [{"from": "course-x", "to": "x"}],
    })
    load_path(store, data)
    model = synergy_model(store)
    found = suggestions(model, "a", top=0)
    assert [s.b for s in found][:2] == ["c", "b"]
    best = found[0]
    assert [(c.id, c.name) for c in best.contacts] == [("org-c", "C College")]
    offers = [e for e in best.evidence if e.kind == "offer"]
    assert offers and "X course" in offers[0].text
    assert abs(sum(e.contribution for e in best.evidence) - best.score) < 1e-3


def test_existing_collaboration_is_marked_and_ranked_lower(store: Store, tmp_path: Path) -> None:
    data = write(tmp_path / "d", {
        "regions": [region(r) for r in "abcd"],
        "challenges": [challenge("x"), challenge("other")],
        "faces": faces([("a", "x"), ("b", "x"), ("c", "x"), ("d", "other")]),
        "events": [{"id": "ev", "name": "Meeting", "kind": "workshop", "date": "2025-05-01"}],
        "attends": [{"from": "a", "to": "ev"}, {"from": "b", "to": "ev"}],
    })
    load_path(store, data)
    model = synergy_model(store)
    found = {s.b: s for s in suggestions(model, "a", top=0)}
    assert found["b"].existing and not found["c"].existing
    assert found["b"].score < found["c"].score
    assert any(e.kind == "existing" and "Meeting" in e.text for e in found["b"].evidence)
    # With the novelty weight at 1 the two are equal again.
    neutral = synergy_model(store, Weights(existing=1.0))
    scores = {s.b: s.score for s in suggestions(neutral, "a", top=0)}
    assert scores["b"] == scores["c"]


def test_external_regions_only_when_asked(store: Store, tmp_path: Path) -> None:
    data = write(tmp_path / "d", {
        "regions": [region("a"), region("b"), region("c"), region("ext", member=False)],
        "challenges": [challenge("x"), challenge("y")],
        "faces": faces([("a", "x"), ("b", "x"), ("ext", "x"), ("c", "y")]),
    })
    load_path(store, data)
    assert "ext" not in ranked(store, "a")
    model = synergy_model(store)
    found = {s.b: s for s in suggestions(model, "a", top=0, include_external=True)}
    assert found["ext"].external and not found["b"].external


def test_cli_synergies_on_partnership(db_args: list[str]) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(PARTNERSHIP), *db_args]).exit_code == 0
    result = runner.invoke(main, ["synergies", "trnava region", "--explain", *db_args])
    assert result.exit_code == 0, result.output
    assert "/100" in result.stdout and "source: http" in result.stdout
    result = runner.invoke(main, ["synergies", "Trnava Region", "--format", "json", *db_args])
    data = json.loads(result.stdout)
    assert data and all(s["evidence"] for s in data)
    assert data == sorted(data, key=lambda s: -s["score"])
    result = runner.invoke(main, ["synergies", "Trnavva", *db_args])
    assert result.exit_code == 1 and "did you mean 'Trnava Region'" in result.stderr
    result = runner.invoke(main, ["synergies", "Tranva", *db_args])
    assert result.exit_code == 1 and "did you mean 'Trnava Region'" in result.stderr
    result = runner.invoke(main, ["synergies", "--all", "--top", "3", "--format", "csv",
                                  *db_args])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 4


def test_contact_persons_only_when_asked(store: Store, tmp_path: Path) -> None:
    data = write(tmp_path / "d", {
        "regions": [region(r) for r in "abcd"],
        "challenges": [challenge("x"), challenge("z")],
        "faces": faces([("a", "x"), ("b", "x"), ("d", "z")]),
        "organisations": [{"id": "org-b", "name": "B College", "category": "vet_provider"}],
        "located_in": [{"from": "org-b", "to": "b"}],
        "courses": [{"id": "course-x", "name": "X course"}],
        "offers": [{"from": "org-b", "to": "course-x"}],
        "addresses": [{"from": "course-x", "to": "x"}],
        "contacts": [{"id": "person-1", "name": "Example Person", "role": "coordinator"}],
        "works_for": [{"from": "person-1", "to": "org-b"}],
    })
    load_path(store, data)
    plain = suggestions(synergy_model(store), "a", top=1)[0]
    assert plain.contact_names == ["B College"] and plain.people == []
    model = synergy_model(store)
    found = suggestions(model, "a", top=1, include_contacts=True)[0]
    assert [p["name"] for p in found.people] == ["Example Person"]


def _same_answers(store: Store) -> None:
    """The scores and evidence from the database's aggregates (the commands' path) equal
    those of the whole synergy graph read item by item (the reference), for every region,
    from the all-pairs model and from each region's own: counted live from the graph, and
    read from the synergy index once it is refreshed."""
    assert synergy_index.fresh_build(store) is None
    _same_as_reference(store)
    report = synergy_index.refresh(store)
    assert synergy_index.fresh_build(store) == report.build and report.totals
    _same_as_reference(store)


def _same_as_reference(store: Store) -> None:
    reference = build_model(read_synergy_graph(store))
    counted = synergy_model(store)
    for name in ("similarity", "complementarity", "funds", "existing"):
        assert np.array_equal(getattr(reference, name), getattr(counted, name)), name
    for region in reference.regions:
        own = synergy_model(store, region=region)
        expected = [s.as_dict() for s in suggestions(reference, region, top=0,
                                                     include_external=True)]
        for model in (counted, own):
            found = suggestions(model, region, top=0, include_external=True)
            assert [s.as_dict() for s in found] == expected, region
    expected = [s.as_dict() for s in suggestions(reference, None, top=0)]
    assert [s.as_dict() for s in suggestions(counted, None, top=0)] == expected


def test_aggregates_in_the_database_equal_the_whole_graph(store: Store, tmp_path: Path
                                                          ) -> None:
    """Every way an offer reaches a region, several at once for the same item, lessons,
    and every way of taking part in an event or project."""
    data = write(tmp_path / "d", {
        "regions": [region(r) for r in "abcd"] + [region("e", member=False)],
        "challenges": [challenge(c) for c in "xyz"],
        "faces": faces([("a", "x"), ("a", "y"), ("b", "x"), ("c", "y"), ("c", "z"),
                        ("d", "z"), ("e", "x")]),
        "organisations": [{"id": f"org-{r}", "name": f"Org {r}", "category": "vet_provider"}
                          for r in "abcde"],
        "located_in": [{"from": f"org-{r}", "to": r} for r in "abcde"]
        + [{"from": "prac-1", "to": "b"}, {"from": "prac-2", "to": "c"}],
        "practices": [{"id": "prac-1", "name": "P1", "kind": "good"},
                      {"id": "prac-2", "name": "P2", "kind": "bad"}],
        "shares": [{"from": "b", "to": "prac-1"}, {"from": "org-b", "to": "prac-1"},
                   {"from": "org-c", "to": "prac-2"}, {"from": "d", "to": "prac-2"}],
        "courses": [{"id": "course-1", "name": "K1"}, {"id": "course-2", "name": "K2"}],
        "offers": [{"from": "org-b", "to": "course-1"}, {"from": "org-d", "to": "course-2"},
                   {"from": "org-e", "to": "course-1"}],
        "projects": [{"id": "proj-1", "name": "J1"}, {"id": "proj-2", "name": "J2"}],
        "partner_in": [{"from": "org-c", "to": "proj-1"}, {"from": "org-a", "to": "proj-2"},
                       {"from": "d", "to": "proj-2"}],
        "pilots_in": [{"from": "proj-1", "to": "c"}, {"from": "proj-2", "to": "b"}],
        "addresses": [{"from": "prac-1", "to": "x"}, {"from": "prac-1", "to": "y"},
                      {"from": "prac-2", "to": "y"}, {"from": "course-1", "to": "x"},
                      {"from": "course-2", "to": "z"}, {"from": "proj-1", "to": "y"},
                      {"from": "proj-2", "to": "x"}, {"from": "proj-2", "to": "z"}],
        "events": [{"id": "ev", "name": "Meeting", "kind": "workshop", "date": "2025-05-01"}],
        "attends": [{"from": "a", "to": "ev"}, {"from": "org-a", "to": "ev"},
                    {"from": "org-c", "to": "ev"}],
    })
    load_path(store, data)
    _same_answers(store)


def test_evidence_reads_the_first_offers_and_counts_the_rest(store: Store, tmp_path: Path
                                                              ) -> None:
    """A region with many offers for a challenge: the evidence lists the first
    MAX_ITEMS by id with the organisations behind them (the contact points), and one
    line counts the rest, so the contributions still add up to the score; only the
    listed items are read in full (the same from the store as from the reference)."""
    n, events = MAX_ITEMS + 3, MAX_ITEMS + 2
    data = write(tmp_path / "d", {
        "regions": [region(r) for r in "ab"],
        "challenges": [challenge("x")],
        "faces": faces([("a", "x"), ("b", "x")]),
        "organisations": [{"id": f"org-{i}", "name": f"Org {i}", "category": "vet_provider"}
                          for i in range(n)],
        "located_in": [{"from": f"org-{i}", "to": "b"} for i in range(n)],
        "courses": [{"id": f"course-{i}", "name": f"K{i}"} for i in range(n)],
        "offers": [{"from": f"org-{i}", "to": f"course-{i}"} for i in range(n)],
        "addresses": [{"from": f"course-{i}", "to": "x"} for i in range(n)],
        "events": [{"id": f"ev-{i}", "name": f"E{i}", "kind": "workshop",
                    "date": "2025-05-01"} for i in range(events)],
        "attends": [{"from": r, "to": f"ev-{i}"} for r in "ab" for i in range(events)],
    })
    load_path(store, data)
    shown = [f"course-{i}" for i in sorted(range(n), key=str)[:MAX_ITEMS]]
    sample = StoreSource(store).offers(["b"], ["x"], MAX_ITEMS)
    assert sample.counts == {("b", "x", "Course", False): n}
    assert sorted({r["item"] for r in sample.rows}) == shown
    reference = build_model(read_synergy_graph(store))
    for model in (synergy_model(store, region="a"), reference):
        best = suggestions(model, "a", top=1)[0]
        listed = [e.item for e in best.evidence if e.kind == "offer" and not e.more]
        assert listed == shown
        assert [e.more for e in best.evidence if e.more and e.kind == "offer"] == [n - MAX_ITEMS]
        assert [e.more for e in best.evidence if e.more and e.kind == "existing"] == [
            events - MAX_ITEMS]
        assert [c.id for c in best.contacts] == [f"org-{c.split('-')[1]}" for c in shown]
        assert abs(sum(e.contribution for e in best.evidence) - best.score) < 1e-3


def test_aggregates_equal_the_whole_graph_on_the_partnership(store: Store) -> None:
    load_path(store, PARTNERSHIP)
    _same_answers(store)


def test_the_synergy_index_is_used_only_while_it_matches_the_graph(
        store: Store, tmp_path: Path) -> None:
    """A load after the refresh makes the index stale: answers are counted live again
    (and right); a refresh makes it current; its rows never show in the graph's counts."""
    tables = {
        "regions": [region(r) for r in "abcd"],
        "challenges": [challenge("x"), challenge("y")],
        "faces": faces([("a", "x"), ("b", "x"), ("c", "x"), ("d", "y")]),
        "events": [{"id": "ev", "name": "Meeting", "kind": "workshop", "date": "2025-05-01"}],
        "attends": [{"from": "a", "to": "ev"}, {"from": "b", "to": "ev"}],
    }
    load_path(store, write(tmp_path / "d", tables))
    counts = store.counts()
    first = synergy_index.refresh(store)
    assert synergy_index.fresh_build(store) == first.build and first.pairs == 1
    assert store.counts() == counts
    assert ranked(store, "a") == ["c", "b"]  # b already works with a
    tables["attends"] = [{"from": "a", "to": "ev"}, {"from": "c", "to": "ev"}]
    load_path(store, write(tmp_path / "d2", tables), name="d")
    assert synergy_index.fresh_build(store) is None
    assert ranked(store, "a") == ["b", "c"]  # counted live: now c works with a
    second = synergy_index.refresh(store)
    assert second.build != first.build and synergy_index.fresh_build(store) == second.build
    assert ranked(store, "a") == ["b", "c"]
    builds = {r[0] for r in store.execute("MATCH (p:SynergyPair) RETURN p.build").rows}
    assert builds == {second.build}  # the old build's rows are gone
    # An index in another layout (written by an older rsp) is not read: counted live.
    store.execute("MATCH (s:SynergyStamp) SET s.format = 1", write=True)
    assert synergy_index.fresh_build(store) is None
    assert ranked(store, "a") == ["b", "c"]


def _index_rows(store: Store) -> list[list[object]]:
    """The index's rows without their build ids: what a refresh counted."""
    totals = store.execute("MATCH (t:SynergyTotal) RETURN t.region, t.totals, t.samples "
                           "ORDER BY t.region").rows
    pairs = store.execute("MATCH (p:SynergyPair) RETURN p.region, p.partners, "
                          "p.taking_part ORDER BY p.region").rows
    return [list(r) for r in totals + pairs]


def test_a_refresh_a_few_regions_at_a_time_counts_what_one_pass_counts(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refresh asks its queries for a few regions at a time (its memory stays small
    at EU scale); the index is the same as when every region is asked at once, and
    each part is asked for its own regions only."""
    load_path(store, PARTNERSHIP)
    monkeypatch.setattr(synergy_index, "REGIONS_AT_ONCE", 10_000)
    one_pass = synergy_index.refresh(store)
    whole = _index_rows(store)
    monkeypatch.setattr(synergy_index, "REGIONS_AT_ONCE", 2)
    monkeypatch.setattr(synergy_index, "WRITE_ROWS", 3)
    asked: list[int] = []
    run = queries.run

    def spy(store: Store, name: str, params: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
        if name == "synergy_offer_items" and params:
            asked.append(len(params["regions"]))  # type: ignore[arg-type]
        return run(store, name, params)

    monkeypatch.setattr(queries, "run", spy)
    parts = synergy_index.refresh(store)
    assert asked and max(asked) <= 2 and sum(asked) == len(queries.run(store, "regions"))
    assert (parts.totals, parts.pairs) == (one_pass.totals, one_pass.pairs)
    assert len(whole) > 10 and _index_rows(store) == whole


def test_the_embedded_store_skips_the_freshness_count_until_the_database_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting every kind to check the index's stamp is a tenth of a one-region answer.
    The embedded store remembers the build it found fresh, with its files' state: the next
    answers skip the count until anything writes to the database, rsp or not."""
    from graph.registry import open_store
    from usecases import data

    db = str(tmp_path / "db")
    with open_store(db) as writer:
        data.load(writer, PARTNERSHIP)
        build = synergy_index.fresh_build(writer)
    assert build is not None
    counted: list[int] = []

    def answer() -> str | None:
        with open_store(db, read_only=True) as reader:
            count = reader.counts

            def counting() -> dict[str, int]:
                counted.append(1)
                return count()

            monkeypatch.setattr(reader, "counts", counting)
            return synergy_index.fresh_build(reader)

    assert answer() == build and counted == []  # remembered by the load itself
    with open_store(db) as other:  # a write that is no load of rsp's
        other.execute("CREATE (:Region {id: 'region-outside', name: 'Outside'})", write=True)
    assert answer() is None and counted == [1]  # counted: the graph no longer matches
    with open_store(db) as writer:
        synergy_index.refresh(writer)
        fresh = synergy_index.fresh_build(writer)
        writer.execute("MATCH (r:Region {id: 'region-outside'}) SET r.name = 'Moved'",
                       write=True)  # after the refresh, in the same process: forgotten
    assert answer() == fresh and counted == [1, 1]  # counted again, then remembered
    assert answer() == fresh and counted == [1, 1]


def test_cli_load_refreshes_the_synergy_index(db_args: list[str], tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(PARTNERSHIP), *db_args]).exit_code == 0
    result = runner.invoke(main, ["query", "synergy_index_stamp", "--format", "json",
                                  *db_args])
    assert result.exit_code == 0, result.output
    (first,) = json.loads(result.stdout)
    # A reload that changes nothing keeps the index's build and stamps the new load.
    assert runner.invoke(main, ["load", str(PARTNERSHIP), *db_args]).exit_code == 0
    result = runner.invoke(main, ["query", "synergy_index_stamp", "--format", "json",
                                  *db_args])
    (second,) = json.loads(result.stdout)
    assert second["build"] == first["build"] and second["loads"] == first["loads"] + 1


def test_a_load_prepares_the_answers_where_the_database_keeps_plans(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Neo4j (which plans each query text once) a load asks one region's question
    before it reports, so the user's first question is not the one that pays for the
    planning; LadybugDB keeps no plans between processes, so nothing is asked there."""
    from usecases import data

    ran = statements_run(store, monkeypatch)
    data.load(store, PARTNERSHIP)
    evidence = queries.get("synergy_offer_details").text  # only an answer reads details
    assert (evidence in ran) == store.keeps_plans
    assert store.keeps_plans == (store.backend == "neo4j")


def test_a_one_region_answer_reads_its_evidence_from_the_index(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the index matching the graph, the groups of offers and the events a pair
    shares come from the index rows of the regions shown: the queries that walk those
    regions' organisations are not asked, only the details of the items listed. (The
    answers equal the reference's: see the tests above.)"""
    from usecases import data
    from usecases.synergies import suggest

    data.load(store, PARTNERSHIP)
    assert synergy_index.fresh_build(store) is not None
    ran = statements_run(store, monkeypatch)
    answer = suggest(store, "region-trnava", top=0, include_external=True)
    assert any(e.kind == "offer" for s in answer.suggestions for e in s.evidence)
    assert any(e.kind == "existing" and e.item for s in answer.suggestions
               for e in s.evidence)
    walks = {queries.get(name).text for name in ("synergy_offer_items",
                                                 "synergy_taking_part")}
    assert not walks & set(ran)
    assert {queries.get(name).text for name in ("synergy_index_taking_part",
                                                "synergy_offer_details")} <= set(ran)
