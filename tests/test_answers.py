"""Answers a coordinator can act on, on both backends: contact points for every
suggestion, one score per ordered pair in every view, plain explanations, lessons,
self-explaining empty answers, and candidate members."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import queries
from cli import main
from graph.store import Store
from loaders import load_path
from tests.support import AS_OF, PARTNERSHIP
from tests.support import write_tables as write
from usecases import synergies
from usecases.network import synergy_view
from usecases.progress import collect_report
from views.report import to_html


@pytest.fixture
def partnership(store: Store) -> Store:
    load_path(store, PARTNERSHIP)
    return store


def test_every_member_suggestion_names_a_contact_in_the_other_region(
        partnership: Store) -> None:
    members = queries.run(partnership, "regions", {"rsp_member": True}).dicts()
    located = {(r["org"], r["region"]) for r in partnership.execute(
        "MATCH (o:Organisation)-[:LOCATED_IN]->(r:Region) "
        "RETURN o.id AS org, r.id AS region").dicts()}
    model = synergies.synergy_model(partnership)
    assert len(members) == 15
    for member in members:
        found = synergies.suggest(partnership, member["id"], top=5, model=model).suggestions
        assert found, member["name"]
        for s in found:
            assert any((c.id, s.b) in located for c in s.contacts), (s.a_name, s.b_name)
            names = [c.name for c in s.contacts]
            assert len(names) == len(set(names)) and not any("(the region)" in n
                                                             for n in names)
            assert s.contacts[0].represents, (s.a_name, s.b_name)


def test_one_score_per_ordered_pair_in_every_view(partnership: Store) -> None:
    region = synergies.suggest(partnership, "region-trnava", top=0).suggestions
    by_b = {s.b: s.scaled for s in region}
    pairs = synergies.suggest(partnership, None, top=0).suggestions
    seen = 0
    for p in pairs:
        for view in (p, p.reverse):
            assert view is not None
            if view.a == "region-trnava":
                assert view.scaled == by_b[view.b]
                seen += 1
    assert seen >= 3
    best = region[0]
    page = synergy_view(partnership, "region-trnava")
    edge = next(e for e in page.edges if {e.source, e.target} == {best.a, best.b})
    assert dict(edge.fields)[f"score for {best.a_name}"] == best.scaled
    report = to_html(collect_report(partnership, AS_OF, suggestions=[best]))
    assert f"{best.scaled}/100 for {best.a_name}" in report
    assert 0 <= best.scaled <= 100 and best.band in ("strong", "moderate", "weak")


def test_default_output_has_no_jargon_or_raw_ids(db_args: list[str]) -> None:
    db = _loaded(db_args)
    runner = CliRunner()
    for args in (["synergies", "trnava"], ["synergies", "trnava", "--explain"],
                 ["synergies", "--all", "--top", "3", "--explain"], ["candidates", "--explain"]):
        out = runner.invoke(main, [*args, *db])
        assert out.exit_code == 0, out.output
        text = out.stdout
        without_urls = re.sub(r"https?://\S+", "", text)
        assert "idf" not in without_urls, args
        assert not re.search(r"\b(region|org|chal|prac|proj|fund)-[a-z0-9-]+", without_urls), (
            args, re.findall(r"\b(?:region|org|chal)-[a-z0-9-]+", without_urls)[:3])
    detail = runner.invoke(main, ["synergies", "trnava", "--explain", "detail", *db]).stdout
    assert "idf" in detail and "raw" in detail


def test_existing_collaboration_is_said_once_and_universal_funds_once(
        db_args: list[str], tmp_path: Path) -> None:
    data = write(tmp_path / "d", {
        "regions": [_region(r) for r in "abcd"],
        "challenges": [_challenge("x"), _challenge("y")],
        "faces": [{"from": r, "to": c, "priority": "high"}
                  for r, c in (("a", "x"), ("b", "x"), ("c", "y"), ("d", "y"))],
        "funds": [{"id": "fund-eu", "name": "EU Fund", "level": "eu"}],
        "supports": [{"from": "fund-eu", "to": "x", "eligible_territory": "EU"}],
        "events": [{"id": "ev", "name": "Meeting", "kind": "workshop", "date": "2025-05-01"}],
        "attends": [{"from": "a", "to": "ev"}, {"from": "b", "to": "ev"}],
    })
    result = CliRunner().invoke(main, ["synergies", "a", "--explain", *_loaded(db_args, data)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.count("counts x0.5") == 1 and "(score x" not in text
    assert text.count("EU Fund") == 1 and "Open to every region" in text


def test_bad_practice_is_a_lesson_and_located_practices_count(store: Store,
                                                                tmp_path: Path) -> None:
    data = write(tmp_path / "d", {
        "regions": [_region(r) for r in "abcd"],
        "challenges": [_challenge("x"), _challenge("y")],
        "faces": [{"from": "a", "to": "x", "priority": ""}, {"from": "b", "to": "x"},
                  {"from": "c", "to": "x"}, {"from": "d", "to": "y"}],
        "practices": [{"id": "p-bad", "name": "Closed plant, no retraining", "kind": "bad"},
                      {"id": "p-good", "name": "Retraining fund", "kind": "good"}],
        "addresses": [{"from": "p-bad", "to": "x"}, {"from": "p-good", "to": "x"}],
        "shares": [{"from": "b", "to": "p-bad"}],
        "located_in": [{"from": "p-good", "to": "c"}],
    })
    load_path(store, data)
    found = {s.b: s for s in synergies.suggest(store, "a", top=0).suggestions}
    shared = next(e for e in found["b"].evidence if e.kind == "shared_challenge")
    assert shared.priority_a == "medium"
    lesson = [e for e in found["b"].evidence if e.kind == "lesson"]
    assert lesson and not [e for e in found["b"].evidence if e.kind == "offer"]
    assert any(e.kind == "offer" and e.item == "p-good" for e in found["c"].evidence)
    assert found["c"].score > found["b"].score  # a lesson weighs less than an offer
    store.close() if store.backend == "ladybug" else None
    db = ["--db", store.location] if store.backend == "ladybug" else None
    if db is None:
        return  # the CLI wording is backend-independent; checked on the embedded store
    out = CliRunner().invoke(main, ["synergies", "a", "--explain", *db]).stdout
    assert "shares what did not work: Closed plant, no retraining" in out
    assert "offers the practice Closed plant" not in out
    assert "medium priority" in out  # a blank priority weighs as the schema's default


def test_empty_and_wrong_answers_explain_themselves(db_args: list[str]) -> None:
    db = _loaded(db_args)
    runner = CliRunner()
    out = runner.invoke(main, ["synergies", "Bratislava", *db])
    assert out.exit_code == 0 and "Bratislava has no challenges recorded" in out.stdout
    assert "faces.csv" in out.stdout
    out = runner.invoke(main, ["query", "region_practices", "-p", "region=trnava", *db])
    assert out.exit_code == 0 and "dual VET" in out.stdout
    out = runner.invoke(main, ["regions", "--country", "Slovaki", *db])
    assert out.exit_code == 1 and "did you mean 'Slovakia'" in out.stderr
    out = runner.invoke(main, ["synergies", "Tranva", *db])
    assert out.exit_code == 1
    assert re.search(r"did you mean 'Trnava Region'", out.stderr), out.stderr
    out = runner.invoke(main, ["synergies", "Slovakia", *db])
    assert "is a country" in out.stderr and "Trnava Region" in out.stderr
    out = runner.invoke(main, ["synergies", "trnava", "--weights", "funds=abc", *db])
    assert out.exit_code == 2 and "--weights" in out.stderr and "'abc'" in out.stderr
    assert "could not convert" not in out.stderr


def test_top_zero_keeps_the_contact_points(db_args: list[str]) -> None:
    db = _loaded(db_args)
    for fmt in ("table", "csv"):
        every = CliRunner().invoke(main, ["synergies", "trnava", "--top", "0", "--format", fmt,
                                          *db]).stdout
        two = CliRunner().invoke(main, ["synergies", "trnava", "--top", "2", "--format", fmt,
                                        *db]).stdout
        skip = 2 if fmt == "table" else 1
        assert _cells(every, skip) == _cells(two, skip), fmt
    rows = list(csv.DictReader(io.StringIO(every)))
    assert all(r["contact points"] for r in rows)


def test_candidates_rank_non_members_with_evidence(partnership: Store) -> None:
    found = synergies.candidates(partnership, top=0)
    ranked = [c for c in found if not c.missing]
    missing = [c for c in found if c.missing]
    members = {r["id"] for r in queries.run(partnership, "regions", {"rsp_member": True})}
    assert ranked and all(c.region not in members for c in found)
    assert [c.fit for c in ranked] == sorted((c.fit for c in ranked), reverse=True)
    for c in ranked:
        assert c.matches and all(m.member in members for m in c.matches)
        assert all(e.source for m in c.matches for e in m.suggestion.evidence
                   if e.kind == "shared_challenge")
    assert any("no challenges recorded" in c.missing for c in missing)



def test_candidates_command(db_args: list[str]) -> None:
    out = CliRunner().invoke(main, ["candidates", "--format", "json", *_loaded(db_args)])
    data = json.loads(out.stdout)
    assert data[0]["matches"][0]["evidence"] and data[-1]["missing"]


def _cells(text: str, skip: int) -> list[list[str]]:
    """The first two data rows of a table or CSV, cell by cell."""
    return [re.split(r"\s{2,}|,", line) for line in text.splitlines()[skip:skip + 2]]


def _loaded(db_args: list[str], data: Path = PARTNERSHIP) -> list[str]:
    """Load ``data`` through the command line into the database ``db_args`` name."""
    result = CliRunner().invoke(main, ["load", str(data), *db_args])
    assert result.exit_code == 0, result.output
    return db_args


def _region(ident: str) -> dict[str, str]:
    return {"id": ident, "name": ident.upper(), "country": "Testland", "country_code": "TL",
            "rsp_member": "true"}


def _challenge(ident: str) -> dict[str, str]:
    return {"id": ident, "name": f"Challenge {ident}", "theme": "green"}




def test_existing_collaborations_are_the_shared_events_and_projects(
        store: Store, tmp_path: Path) -> None:
    """The named query lists, for a region (or every pair), the events and projects both
    regions take part in: directly, or both through organisations located in them. Checked
    against the same pairs counted in Python from the graph's relationships, on a generated
    network where most regions share something, and on the partnership (where regions
    also attend events themselves)."""
    from loaders.generate import Scale, generate

    generate(tmp_path / "net", Scale(regions=12, organisations=150, relationships=1500,
                                     challenges=8, seed=3))
    load_path(store, tmp_path / "net")
    load_path(store, PARTNERSHIP)
    names = {r["id"]: r["name"] for r in queries.run(store, "regions").dicts()}
    taking_part = store.execute(
        "MATCH (r:Region)-[:ATTENDS|HOSTS|PARTNER_IN]->(x) RETURN r.id AS region, "
        "x.id AS item, x.name AS name, 'direct' AS way UNION ALL "
        "MATCH (r:Region)<-[:LOCATED_IN]-(:Organisation)-[:ATTENDS|HOSTS|PARTNER_IN]->(x) "
        "RETURN r.id AS region, x.id AS item, x.name AS name, 'located' AS way").dicts()
    items: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for row in taking_part:
        items.setdefault((row["way"], row["region"]), set()).add((row["item"], row["name"]))

    def expected(region: str | None, ways: tuple[str, ...] = ("direct", "located")
                 ) -> set[tuple[str, str, str, str]]:
        pairs = set()
        for (way, a), mine in items.items():
            for (other_way, b), theirs in items.items():
                if way != other_way or way not in ways or a == b or (
                        region is None and a >= b) or (region is not None and a != region):
                    continue
                pairs |= {(names[a], names[b], x, name) for x, name in mine & theirs}
        return pairs

    def found(region: str | None) -> set[tuple[str, str, str, str]]:
        return {(r["region_a"], r["region_b"], r["shared"], r["name"]) for r in queries.run(
            store, "existing_collaborations", {"region": region}).dicts()}

    assert len(expected(None)) > 50, "the generated network should share many items"
    assert expected(None, ("direct",)), "regions should take part together themselves"
    assert found(None) == expected(None)
    for region in [*sorted(names)[:3], max(names),
                   *(r for w, r in sorted(items) if w == "direct")]:
        assert found(region) == expected(region)
