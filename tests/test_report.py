"""The progress report: self-contained, escaped, with charts, suggestions and new contacts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from analysis.synergy import Evidence, Suggestion
from graph.errors import RspError
from graph.store import Store
from loaders import load_path
from tests.support import AS_OF, PARTNERSHIP
from tests.support import MILESTONES as FIXTURE
from usecases.progress import collect_report, new_contacts
from views.charts import bar_chart, line_chart, quarter_end, quarter_of, quarter_range
from views.report import render_report, write_report

HOSTILE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def _suggestion(a: str, b: str, score: float, lines: list[tuple[str, str | None]]
                ) -> Suggestion:
    return Suggestion(a.lower(), a, b.lower(), b, score, external=False, existing=False,
                      evidence=[Evidence("shared_challenge", text, 0.5, source)
                                for text, source in lines])


SUGGESTIONS = [
    _suggestion("Alpha Region", "Delta <b>Region</b>", 0.8123,
                [("both face battery skills", None), ("<script>alert('x')</script>", None)]),
    _suggestion("Beta Region", "Gamma Region", 0.5, []),
]


def report(store: Store, suggestions: list[Suggestion] | None = None, fmt: str = "html",
           as_of: dt.date = AS_OF) -> str:
    return render_report(collect_report(store, as_of, top=0, suggestions=suggestions),
                         fmt)  # type: ignore[arg-type]


def _assert_self_contained(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert not re.search(r"<[a-z][^>]*\s(src|srcset|data|poster)\s*=", html, re.IGNORECASE)
    assert "<link" not in lowered and "@import" not in lowered and "url(" not in lowered
    assert "<iframe" not in lowered and "<object" not in lowered and "<embed" not in lowered
    assert re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.IGNORECASE) is None


def test_html_report_is_self_contained_and_escaped(store: Store) -> None:
    load_path(store, FIXTURE)
    html = report(store)
    assert html.startswith("<!DOCTYPE html>")
    _assert_self_contained(html)
    assert HOSTILE not in html and ESCAPED in html
    assert html.count("<svg") == 2 and html.count("</svg>") == 2
    assert "Events per quarter" in html and "Partnership members" in html
    for ident in ("ms-meetings-2025", "ms-visit-2025", "ms-members-2026", "ms-members-2027",
                  "ms-participations-2025", "ms-pilots-2026"):
        assert ident in html
    for status in ("met", "missed", "at risk", "no data"):
        assert f">{status}</span>" in html
    assert "No synergy suggestions were given" in html
    assert "Delta Region and Epsilon Region" in html  # first met in January 2026
    assert "illustrative source D" in html  # the data sources section


def test_suggestions_are_rendered_and_escaped(store: Store) -> None:
    load_path(store, FIXTURE)
    html = report(store, SUGGESTIONS)
    _assert_self_contained(html)
    assert "No synergy suggestions were given" not in html
    assert "Delta &lt;b&gt;Region&lt;/b&gt;" in html and "score 17/100 for Alpha Region" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert html.index("Alpha Region</strong>") < html.index("Beta Region</strong>")
    assert "No synergy suggestions were given" in report(store, [])


def test_suggestion_evidence_shows_its_source(store: Store) -> None:
    load_path(store, FIXTURE)
    engine = [_suggestion("Alpha Region", "Beta Region", 1.25,
                          [("both face <jobs>", "engine source")])]
    html = report(store, engine)
    assert "both face &lt;jobs&gt; (engine source)" in html and "score 24/100" in html
    assert "engine source" in html.split("Data sources")[-1]
    assert "both face &lt;jobs&gt; (engine source)" in report(store, engine, fmt="md")


def test_markdown_report(store: Store) -> None:
    load_path(store, FIXTURE)
    md = report(store, SUGGESTIONS, fmt="md")
    assert md.startswith("# ")
    assert HOSTILE not in md and "<script" not in md and "<svg" not in md
    assert "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "| Quarter | Events | Names |" in md and "**met**" in md
    assert "Delta &lt;b&gt;Region&lt;/b&gt;" in md
    with pytest.raises(RspError, match="unknown report format"):
        report(store, fmt="pdf")


def test_write_report(store: Store, tmp_path: Path) -> None:
    load_path(store, FIXTURE)
    data = collect_report(store, AS_OF, top=0)
    html = write_report(data, tmp_path / "report.html")
    md = write_report(data, tmp_path / "report.md")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert md.read_text(encoding="utf-8").startswith("# ")
    with pytest.raises(RspError, match=r"\.pdf.*print-to-pdf"):
        write_report(data, tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists()


def test_new_contacts(store: Store) -> None:
    load_path(store, FIXTURE)
    in_2025 = new_contacts(store, dt.date(2025, 12, 31))
    # Alpha and Beta first met at meeting 1; Beta and Delta already shared a 2024 project.
    assert [(c["region_a"], c["region_b"], c["action"]) for c in in_2025] == [
        ("region-alpha", "region-beta", "event-wg-1")]
    assert in_2025[0]["shared"] == 2 and in_2025[0]["date"] == dt.date(2025, 2, 10)
    in_2026 = new_contacts(store, AS_OF)
    assert {(c["region_a"], c["region_b"]) for c in in_2026} == {
        ("region-delta", "region-epsilon"), ("region-delta", "region-gamma"),
        ("region-epsilon", "region-gamma")}
    assert new_contacts(store, dt.date(2026, 1, 19)) == []  # meeting 5 is after as_of


def test_chart_data_respects_as_of(store: Store) -> None:
    load_path(store, FIXTURE)
    data = collect_report(store, dt.date(2025, 12, 31), top=0)
    assert data.quarters[-1].label == "2025 Q4"
    assert sum(len(q.events) for q in data.quarters) == 5  # wg-1..4 and the workshop
    members = {q.label: q.members for q in data.quarters}
    assert members["2024 Q1"] == 2 and members["2025 Q1"] == 3 and members["2025 Q3"] == 4
    assert data.members_undated == 1


def test_shipped_partnership_report(store: Store) -> None:
    load_path(store, PARTNERSHIP)
    html = report(store)
    _assert_self_contained(html)
    assert html.count("<svg") == 2
    assert "ms-ap3-asa-support-2026" in html and "partnership-document.txt" in html
    assert "No new contacts between regions" in html


def test_chart_helpers() -> None:
    assert quarter_of(dt.date(2025, 4, 1)) == (2025, 2)
    assert quarter_end((2024, 1)) == dt.date(2024, 3, 31)
    assert len(quarter_range((2022, 2), (2026, 4))) == 19
    svg = bar_chart(["Q1"], [2], title=HOSTILE, tooltips=[HOSTILE])
    assert HOSTILE not in svg and svg.count(ESCAPED) == 4
    empty = line_chart([], [], title="Nothing")
    assert empty.startswith("<svg") and empty.endswith("</svg>")
