"""The progress report: a summary first, a table of contents, a part per member region,
data gaps told apart from misses, the network picture, data freshness; self-contained and
escaped, in HTML and Markdown."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from analysis.milestones import Milestone, MilestoneStatus, Status
from analysis.synergy import ContactPoint, Evidence, Suggestion
from graph.errors import RspError
from graph.registry import open_store
from graph.store import Store
from loaders import load_path
from tests.browser import start_chromium
from tests.support import AS_OF, PARTNERSHIP, append_rows
from tests.support import MILESTONES as FIXTURE
from usecases.progress import (
    Change,
    Freshness,
    RegionPart,
    ReportData,
    SynergyLink,
    SynergyNetwork,
    collect_report,
    new_contacts,
    report_status,
)
from views.charts import (
    ChartEdge,
    ChartNode,
    bar_chart,
    line_chart,
    network_chart,
    quarter_end,
    quarter_of,
    quarter_range,
)
from views.report import expected_words, render_report, to_html, to_markdown, write_report

HOSTILE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
#: The sections of the report, in order (the summary first).
SECTIONS = ["summary", "milestones", "new", "regions", "network", "activity", "freshness",
            "appendix"]


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
    # Every in-page link points at an element of the page.
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= ids


def _main_part(html: str) -> str:
    """The report before its appendix: what members read."""
    return html.split('<section id="appendix">')[0]


def _section(html: str, ident: str) -> str:
    return html.split(f'<section id="{ident}">')[1].split("</section>")[0]


@pytest.fixture
def shipped(store: Store) -> Store:
    load_path(store, PARTNERSHIP)
    return store


def test_html_report_is_self_contained_and_escaped(store: Store) -> None:
    load_path(store, FIXTURE)
    html = report(store)
    assert html.startswith("<!DOCTYPE html>")
    _assert_self_contained(html)
    assert HOSTILE not in html and ESCAPED in html
    # No member pair shares a challenge in the fixture: no network picture, and it says so.
    assert html.count("<svg") == 2 and html.count("</svg>") == 2
    assert "No two member regions share a challenge" in html
    assert "Events per quarter" in html and "Partnership members" in html
    for ident in ("ms-meetings-2025", "ms-visit-2025", "ms-members-2026", "ms-members-2027",
                  "ms-participations-2025", "ms-pilots-2026"):
        assert ident in html
    for status in ("met", "missed", "at risk", "not started"):
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
    # The summary names the best new contacts.
    assert "Delta &lt;b&gt;Region&lt;/b&gt;" in _section(html, "summary")
    assert "No synergy suggestions were given" in report(store, [])


def test_suggestion_evidence_shows_its_source(store: Store) -> None:
    load_path(store, FIXTURE)
    engine = [_suggestion("Alpha Region", "Beta Region", 1.25,
                          [("both face <jobs>", "engine source")])]
    html = report(store, engine)
    assert "both face &lt;jobs&gt; (engine source)" in html and "score 24/100" in html
    # Sources stay out of what members read first: evidence with sources is in the appendix.
    assert "engine source" not in _main_part(html)
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


def test_shipped_partnership_report(shipped: Store) -> None:
    html = report(shipped)
    _assert_self_contained(html)
    # Events per quarter and the network; no member has a joining date, so no flat line.
    assert html.count("<svg") == 2 and 'class="chart network"' in html
    assert "Membership over time cannot be drawn" in html
    assert "ms-ap3-asa-support-2026" in html and "partnership-document.txt" in html
    assert "No new contacts between regions" in html


# --- the structure members read ------------------------------------------------------------

def test_report_opens_with_a_summary_and_a_table_of_contents(shipped: Store) -> None:
    data = collect_report(shipped, AS_OF, top=5)
    html, md = to_html(data), to_markdown(data)
    assert re.findall(r'<section id="([^"]+)"', html) == SECTIONS
    summary = re.sub(r"<[^>]+>", "", _section(html, "summary"))
    # Every milestone in words, what is new, the best new contacts, the data to update.
    for r in data.readings:
        assert r.milestone.title in summary
    assert "New in 2026" in summary and "0 events held" in summary
    assert "Suggested new contacts" in summary and "Catalonia" in summary
    assert "Data to update" in summary and "Events: nothing since 2025-09-10" in summary
    # The table of contents comes right after the summary and links every section.
    toc = html.split('<nav class="toc"')[1].split("</nav>")[0]
    assert html.index('<nav class="toc"') > html.index('<section id="summary">')
    for ident in SECTIONS:
        assert f'href="#{ident}"' in toc
    # Markdown: the same order, with the contents after the summary.
    headings = re.findall(r"^## (.+)$", md, re.MULTILINE)
    assert headings[:3] == ["Summary", "Contents", "Milestones"]
    assert headings[3:] == ["What is new in 2026", "Member regions", "Synergy network",
                            "Activity over time", "Data freshness",
                            "Appendix: identifiers, queries and evidence"]
    assert "](#member-regions)" in md and "](#trnava-region)" in md


def test_ids_queries_and_jargon_move_to_the_appendix(shipped: Store) -> None:
    data = collect_report(shipped, AS_OF, top=5)
    html, md = to_html(data), to_markdown(data)
    main = _main_part(html)
    md_main = md.split("## Appendix")[0]
    for jargon in ("ms-ap1-meetings-2025", "milestone_events", "rsp_member=true",
                   "PILOTS_IN", "(ladybug)", "(neo4j)", "Expected now"):
        assert jargon not in main and jargon not in md_main.replace("\\_", "_"), jargon
    assert "ms-ap1-meetings-2025" in html.split('<section id="appendix">')[1]
    assert not re.search(r">https?://", main), "raw URLs stay in the appendix"
    # "Expected now 2.8" reads as words; the number itself is in the appendix.
    assert "10.81" not in main and "about 11 expected by now" in main


def test_a_section_per_member_region(shipped: Store) -> None:
    data = collect_report(shipped, AS_OF, top=0)
    html, md = to_html(data), to_markdown(data)
    members = [r["name"] for r in shipped.execute(
        "MATCH (r:Region) WHERE r.rsp_member = true RETURN r.name AS name").dicts()]
    assert sorted(p.name for p in data.regions) == sorted(members) and len(members) == 15
    regions = _section(html, "regions")
    assert regions.count('<article class="region"') == 15
    for part in data.regions:
        assert f'id="r-{part.id}"' in regions and f"](#{part.name.lower().replace(' ', '-')})" \
            in md
    trnava = regions.split('id="r-region-trnava"')[1].split("</article>")[0]
    assert "Battery value-chain skills" in trnava and ">high<" in trnava  # its challenges
    assert "Skellefteå kommun" in trnava and "62/100" in trnava  # its best fit
    assert "Contact: " in trnava and "Skellefteå municipality" in trnava
    assert "Both face: Battery value-chain skills" in trnava
    assert "1st ARA political conference" in trnava  # what it took part in
    stuttgart = regions.split('id="r-region-stuttgart"')[1].split("</article>")[0]
    assert "hosted" in stuttgart and "TRIREME" in stuttgart
    # One model serves every region: the same scores as rsp synergies REGION.
    part = next(p for p in data.regions if p.id == "region-trnava")
    assert [s.b_name for s in part.suggestions] == [
        "Skellefteå kommun", "Mangualde", "Grand Est"]
    assert "### Trnava Region" in md and "Whom to contact" in md


def test_no_data_recorded_is_not_missed(shipped: Store) -> None:
    """The shipped data records no 2025 working-group meeting, no study visit and no
    joining date: those read as gaps to fill, never as missed."""
    data = collect_report(shipped, AS_OF, top=0)
    judged = {r.milestone.id: r.status.status for r in data.readings}
    shown = {r.milestone.id: r.shown for r in data.readings}
    assert judged["ms-ap1-meetings-2025"] == "missed"  # the rule's status ...
    assert shown == {  # ... and what the report says
        "ms-ap1-meetings-2025": "no data recorded", "ms-ap1-study-visit-2025":
        "no data recorded", "ms-ap2-members-2025": "no data recorded",
        "ms-ap2-members-2026": "no data recorded", "ms-ap3-asa-support-2026": "at risk",
        "ms-ap4-pilot-regions-2026": "no data recorded"}
    html, md = to_html(data), to_markdown(data)
    main = _main_part(html)
    assert ">missed</span>" not in main and "**missed**" not in md
    assert main.count(">no data recorded</span>") == 10  # summary and milestone table
    milestones = _section(html, "milestones")
    assert "the newest is from 2024-06-24" in re.sub(r"<[^>]+>", "", milestones)
    assert "no member has a joining date (member_since)" in milestones
    assert "member_since in regions.csv" in milestones  # what to record
    assert "kind working_group_meeting" in milestones
    # At risk, but the data stops in September 2025: said so.
    assert "newer records may be missing" in _section(html, "summary")


def test_missed_stays_missed_when_the_window_is_covered(store: Store, tmp_path: Path) -> None:
    """A study visit held after the deadline shows recording went on: the empty 2025 is a
    miss. A kind of event never recorded is a gap."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    append_rows(folder, "milestones", [{
        "id": "ms-tours-2025", "title": "Two study tours in 2025", "metric": "Study tours",
        "query": "milestone_events", "target": "2", "deadline": "2025-12-31",
        "start": "2025-01-01", "params": "kind=study_tour", "baseline": "",
        "source": "constructed test", "updated": "2026-11-25", "verified": "true",
        "illustrative": "true"}])
    append_rows(folder, "measures", [{"from": "ms-tours-2025", "to": "ap-1",
                                      "source": "constructed test", "updated": "2026-11-25",
                                      "verified": "true", "illustrative": "true"}])
    load_path(store, folder)
    data = collect_report(store, AS_OF, top=0)
    shown = {r.milestone.id: r.shown for r in data.readings}
    assert shown["ms-visit-2025"] == "missed" and shown["ms-tours-2025"] == "no data recorded"
    assert shown["ms-members-2027"] == "not started"
    html = to_html(data)
    visit = next(r for r in data.readings if r.milestone.id == "ms-visit-2025")
    assert visit.freshness is not None and visit.freshness.newest == dt.date(2026, 3, 5)
    assert "though later records exist" in html and "study tours held in events.csv" in html
    # "Expected now 1.84" reads "about 2 expected by now".
    assert "about 2 expected by now" in _main_part(html)


def test_report_status_rule() -> None:
    d = dt.date
    milestone = Milestone("ms-x", "X", "x", "milestone_events", 2, d(2025, 12, 31),
                          d(2025, 1, 1))

    def status(judged: Status, as_of: dt.date | None = None, rows: int = 0
               ) -> MilestoneStatus:
        as_of = as_of or d(2026, 3, 1)
        return MilestoneStatus(milestone, as_of, min(as_of, milestone.deadline), rows,
                               judged, 2, "", tuple({"item": str(i)} for i in range(rows)))

    def fresh(newest: dt.date | None, records: int = 1) -> Freshness:
        return Freshness("Events", records, 0 if newest else records, newest, d(2025, 12, 31))

    missed = status("missed")
    assert report_status(missed, False) == "no data recorded"
    assert report_status(missed, False, fresh(d(2024, 6, 1))) == "no data recorded"
    assert report_status(missed, False, fresh(d(2026, 2, 1))) == "missed"
    assert report_status(missed, False, fresh(None, records=5)) == "no data recorded"
    assert report_status(status("missed", rows=1), True, fresh(d(2025, 3, 1))) == "missed"
    assert report_status(status("no data", as_of=d(2024, 6, 1)), False) == "not started"
    assert report_status(status("no data", as_of=d(2025, 6, 1)), False) == "no data recorded"
    assert report_status(status("at risk", rows=1), True) == "at risk"
    assert expected_words(2.8) == "about 3 expected by now"
    assert expected_words(3.0) == "3 expected by now"


def test_what_is_new_in_the_period(store: Store) -> None:
    load_path(store, FIXTURE)
    data = collect_report(store, AS_OF, top=0)
    assert data.news is not None
    assert [e["item"] for e in data.news.events] == ["event-wg-5", "event-visit-late"]
    assert len(data.news.contacts) == 3 and data.news.joined == []
    wider = collect_report(store, AS_OF, top=0, since=dt.date(2025, 1, 1))
    assert wider.news is not None
    assert [m["item"] for m in wider.news.joined] == ["region-beta", "region-gamma"]
    html = to_html(wider)
    new = _section(html, "new")
    assert "Working group meeting 5" in new and "Beta Region (2025-03-01)" in new
    # The load history fills the hook: the loads are counted here, listed in the appendix.
    assert "Changes since the last report, added:" in new and "Region" in new
    assert "appendix-changes" in new and 'id="appendix-changes"' in html
    with pytest.raises(RspError, match="after the reporting date"):
        collect_report(store, AS_OF, since=dt.date(2027, 1, 1))


def test_changes_since_the_last_report_are_listed_escaped(store: Store) -> None:
    load_path(store, FIXTURE)
    changes = [Change("changed", "Region", "region-gamma", HOSTILE, "member_since", None,
                      dt.date(2025, 9, 15), "2026-11-20T10:00:00"),
               Change("added", "Event", "event-wg-5", "Working group meeting 5")]
    data = collect_report(store, AS_OF, top=0, changes=changes,
                          changes_since=dt.date(2026, 11, 1))
    html, md = to_html(data), to_markdown(data)
    _assert_self_contained(html)
    new = _section(html, "new")
    assert "2 changes to the graph since 2026-11-01" in new
    assert "added: 1 Event; changed: 1 Region" in new
    listed = _section(html, "appendix")
    assert "Changes since the last report" in listed and "Changes since the last report" in md
    assert ESCAPED in listed and HOSTILE not in html and HOSTILE not in md
    assert "member_since: (empty) -&gt; 2025-09-15" in listed


def test_network_picture_is_inline_svg(shipped: Store) -> None:
    data = collect_report(shipped, AS_OF, top=0)
    assert data.network is not None and len(data.network.regions) == 15
    html = to_html(data)
    network = _section(html, "network")
    svg = network.split("<svg")[1].split("</svg>")[0]
    assert svg.count("<circle") == 15
    assert "Catalonia and Grand Est: 69/100 (strong)" in svg  # the strongest pair's tooltip
    assert "already work together" in svg  # Skellefteå and Mangualde share projects
    md = _section_md(to_markdown(data), "Synergy network")
    assert "| Regions | Score | Strength | Note |" in md and "Catalonia and Grand Est" in md


def _section_md(md: str, heading: str) -> str:
    return md.split(f"## {heading}\n")[1].split("\n## ")[0]


def test_data_freshness(shipped: Store) -> None:
    data = collect_report(shipped, AS_OF, top=0)
    kinds = {f.measure: f for f in data.freshness if f.milestone is None}
    assert kinds["Events"].newest == dt.date(2025, 9, 10) and kinds["Events"].gap == "stale"
    assert kinds["Member joining dates"].gap == "undated"
    assert kinds["Member joining dates"].records == 15
    assert data.checked == dt.date(2026, 11, 25)
    html = to_html(data)
    fresh = re.sub(r"<[^>]+>", "", _section(html, "freshness"))
    assert "Nothing recorded since 2025-09-10, 14 months before 2026-11-25: likely a data " \
           "gap." in fresh
    assert "No member has a joining date (member_since)" in fresh
    assert "Records were last checked on 2026-11-25" in fresh
    md = _section_md(to_markdown(data), "Data freshness")
    assert "| Measure | Used by | Records | Newest record | In the window |" in md


def test_new_sections_escape_data() -> None:
    """Region parts, the network and freshness escape what they show, in both formats."""
    link = SynergyLink("r-a", HOSTILE, "r-b", "B", 70, 70, 60, "strong", False, True)
    suggestion = Suggestion("r-a", HOSTILE, "r-b", "B <i>", 7.0, external=False,
                            existing=False,
                            evidence=[Evidence("shared_challenge", "x", 1.0, "s",
                                               challenge_name=HOSTILE)],
                            contacts=[ContactPoint("org", HOSTILE, "agency",
                                                   "javascript:alert(1)", why=HOSTILE)])
    part = RegionPart("r-a", HOSTILE, HOSTILE, None, [(HOSTILE, "high")], [suggestion], "")
    data = ReportData(AS_OF, "ladybug", [], [], 0, dt.date(2026, 1, 1), [], [suggestion], [],
                      regions=[part],
                      network=SynergyNetwork([("r-a", HOSTILE, "X"), ("r-b", "B", "Y")],
                                             [link]),
                      freshness=[Freshness(HOSTILE, 0, 0, None, AS_OF, record=HOSTILE)])
    html, md = to_html(data), to_markdown(data)
    _assert_self_contained(html)
    assert HOSTILE not in html and HOSTILE not in md and ESCAPED in html and ESCAPED in md
    assert "javascript:" not in html  # not a web address: the contact is not linked
    assert 'class="chart network"' in html and "first met in the period" in html


def test_chart_helpers() -> None:
    assert quarter_of(dt.date(2025, 4, 1)) == (2025, 2)
    assert quarter_end((2024, 1)) == dt.date(2024, 3, 31)
    assert len(quarter_range((2022, 2), (2026, 4))) == 19
    svg = bar_chart(["Q1"], [2], title=HOSTILE, tooltips=[HOSTILE])
    assert HOSTILE not in svg and svg.count(ESCAPED) == 4
    empty = line_chart([], [], title="Nothing")
    assert empty.startswith("<svg") and empty.endswith("</svg>")
    net = network_chart([ChartNode("a", HOSTILE, HOSTILE), ChartNode("b", "B")],
                        [ChartEdge("a", "b", 80, "strong", HOSTILE),
                         ChartEdge("a", "missing", 80)], title=HOSTILE)
    assert HOSTILE not in net and net.count("<circle") == 2
    assert net.count("<line") == 2  # the edge and its legend entry; unknown nodes skipped


# --- in a real browser ---------------------------------------------------------------------

def test_report_in_a_browser(tmp_path: Path) -> None:
    """The HTML report in headless Chromium at 1400x900: the summary is the first section
    and fits the first screen, the sections and the contents are there; the screenshot is
    make screenshots writes the same view to docs/screenshots/report.png."""
    store = open_store(str(tmp_path / "db"))
    try:
        load_path(store, PARTNERSHIP)
        page = write_report(collect_report(store, AS_OF), tmp_path / "report.html")
    finally:
        store.close()
    driver = start_chromium(tmp_path / "profile")
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        driver.get(page.resolve().as_uri())
        found = driver.execute_script(
            "return Array.from(document.querySelectorAll('main > section'), s => s.id)")
        assert found == SECTIONS
        box = driver.execute_script(
            "const r = document.getElementById('summary').getBoundingClientRect();"
            "return [r.top, r.bottom, window.innerHeight]")
        assert box[0] < 200 and box[1] <= box[2], f"the summary does not fit a screen: {box}"
        toc = driver.execute_script(
            "const n = document.querySelector('nav.toc'); const r = n.getBoundingClientRect();"
            "return [r.left, r.width, n.querySelectorAll('a').length]")
        assert toc[0] == 0 and toc[1] > 100 and toc[2] == len(SECTIONS) + 15  # a sidebar
        assert driver.execute_script(
            "return document.querySelectorAll('article.region').length") == 15
        assert driver.execute_script(
            "return document.querySelector('#network svg').getBoundingClientRect().width") > 400
        shot = tmp_path / "report.png"  # make screenshots writes the one in docs/
        driver.save_screenshot(str(shot))
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    finally:
        driver.quit()
