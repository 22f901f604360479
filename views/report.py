"""The partnership's progress report: one self-contained HTML page (or Markdown file).

Written for the partnership's members, in this order: a one-screen **summary** (each
milestone's status in words, what is new in the period, the best new contacts to make,
the data to update), a table of contents, the **milestones** with what each status means,
**what is new** in the period, a part per **member region** (its challenges, whom to
contact and why, what it takes part in), the **synergy network** of the members (inline
SVG), **activity** over time, **data freshness** (how far each measure's records reach),
and an **appendix** with the identifiers, queries, raw evidence and sources.

A milestone with nothing recorded reads "no data recorded" with what to record, never
"missed" (see :func:`usecases.progress.report_status`). The HTML has no JavaScript and
loads nothing; every data string is HTML-escaped, in both formats. Markdown has the same
structure, with tables where the HTML draws.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Literal

from analysis.explain import how_to_reach, plain
from graph.errors import RspError
from graph.schema import NODES
from graph.values import number, text
from usecases.progress import (
    DRAWN_FROM,
    MAX_LINKS,
    REPORT_STATUSES,
    Freshness,
    MilestoneReading,
    Participation,
    RegionPart,
    ReportData,
    SynergyLink,
)
from usecases.synergies import Suggestion
from views.charts import ChartEdge, ChartNode, bar_chart, line_chart, network_chart

Format = Literal["html", "md"]
FORMATS: tuple[Format, ...] = ("html", "md")
TITLE = "Regional Skills Partnership for the Automotive Regions' Twin Transition"
STATUS_COLORS = {"met": "#1a7f37", "on track": "#0969da", "at risk": "#bc4c00",
                 "not started": "#57606a", "no data recorded": "#6e7781",
                 "no data": "#6e7781", "missed": "#cf222e"}
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`|\\]+$")
#: Reasons shown per suggestion in a region's part (the rest: rsp synergies --explain).
REASONS_SHOWN = 3
#: Events and projects listed per region before "and N more".
ITEMS_SHOWN = 6


def render_report(data: ReportData, fmt: Format = "html") -> str:
    """The progress report as one self-contained HTML page or Markdown text."""
    if fmt not in FORMATS:
        raise RspError(f"unknown report format {fmt!r} (use html or md)")
    return to_html(data) if fmt == "html" else to_markdown(data)


def report_format(path: Path, fmt: str | None = None) -> Format:
    """The format to write ``path`` in: ``fmt`` if given, else from the file's suffix.

    A ``.pdf`` (or any other suffix that is not HTML or Markdown) is refused with a hint
    rather than given HTML under a name that promises something else.
    """
    if fmt is not None:
        if fmt not in FORMATS:
            raise RspError(f"unknown report format {fmt!r} (use html or md)")
        return fmt
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix in (".html", ".htm", ""):
        return "html"
    hint = (" To get a PDF, write HTML and print it to PDF from a browser "
            "(e.g. chromium --headless --print-to-pdf=report.pdf report.html)."
            if suffix == ".pdf" else "")
    raise RspError(f"cannot write a report as {suffix!r}: use a .html or .md file name."
                   + hint)


def write_report(data: ReportData, path: Path | str, fmt: str | None = None) -> Path:
    """Write the report to ``path`` in the format of its suffix (or ``fmt``)."""
    target = Path(path)
    chosen = report_format(target, fmt)
    try:
        target.write_text(render_report(data, chosen), encoding="utf-8")
    except OSError as exc:
        raise RspError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


# --- wording shared by both formats -----------------------------------------------------

_text = text


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def expected_words(expected: float | None) -> str:
    """The prorated target in words: a whole number, or "about" the nearest one.

    >>> expected_words(2.8), expected_words(2.0), expected_words(0.3), expected_words(None)
    ('about 3 expected by now', '2 expected by now', 'less than 1 expected by now', '')
    """
    if expected is None:
        return ""
    if expected < 0.05:
        return "none expected yet"
    if expected < 0.95:
        return "less than 1 expected by now"
    whole = round(expected)
    if abs(expected - whole) < 0.05:
        return f"{whole} expected by now"
    return f"about {whole} expected by now"


def _window(r: MilestoneReading, open_start: str = "so far") -> str:
    """The counting window in words: "in 2025", "from 2025-07-01 to 2026-12-31", or
    ``open_start`` for a milestone without a start date."""
    m = r.milestone
    if m.start is None:
        return open_start
    if (m.start.month, m.start.day, m.deadline.month, m.deadline.day) == (1, 1, 12, 31) \
            and m.start.year == m.deadline.year:
        return f"in {m.start.year}"
    return f"from {_text(m.start)} to {_text(m.deadline)}"


def _progress(r: MilestoneReading) -> str:
    return f"{number(r.status.value)} of {number(r.status.target)}"


def _found_words(f: Freshness | None) -> str:
    """What the graph holds of a measure beyond its window, for a "no data" sentence."""
    if f is None:
        return ""
    if not f.records:
        return "none is recorded at all"
    if f.newest is None:
        return f.undated_words or f"none of the {f.records} records has a date"
    return f"the newest is from {_text(f.newest)}"


def status_words(r: MilestoneReading, *, short: bool = False) -> str:
    """A milestone's status as a sentence a member reads (``short``: for the summary)."""
    s = r.status
    f = r.freshness
    passed = s.as_of > s.deadline
    if r.shown == "met":
        return f"Reached: {_progress(r)}."
    if r.shown == "not started":
        return f"Counting starts on {_text(s.start)} (deadline {_text(s.deadline)})."
    if r.shown == "no data recorded":
        found = _found_words(f)
        words = f"Nothing recorded {_window(r)}" + (f": {found}" if found else "") + "."
        if short:
            return words
        if passed:
            words += (f" The deadline ({_text(s.deadline)}) has passed; once the data is "
                      "recorded, the report shows whether the target was reached.")
        return f"{words} To measure it, record {r.record}."
    if r.shown == "missed":
        words = f"{_progress(r)} by the deadline {_text(s.deadline)}."
        if not r.has_data and f is not None and f.newest is not None:
            words += (f" Nothing was recorded {_window(r, 'by then')}, though later records "
                      "exist "
                      f"(newest {_text(f.newest)}).")
        return words
    expected = expected_words(s.expected)
    words = f"{_progress(r)} so far" + (f", {expected}" if expected else "")
    words += "." if short else f" (deadline {_text(s.deadline)})."
    if f is not None and f.gap == "stale" and r.shown == "at risk":
        words += (f" Nothing recorded since {_text(f.newest)}, so newer records may be "
                  "missing.")
        if not short:
            words += f" Record {r.record}."
    return words


def _headline(data: ReportData) -> str:
    """How the milestones stand, in one sentence."""
    if not data.readings:
        return "No milestones are loaded (load milestones.csv and measures.csv)."
    counts = {s: 0 for s in REPORT_STATUSES}
    for r in data.readings:
        counts[r.shown] += 1
    parts = [f"{counts[s]} {s}" for s in REPORT_STATUSES if counts[s]]
    words = f"{_plural(len(data.readings), 'milestone')}: " + ", ".join(parts) + "."
    gaps = counts["no data recorded"]
    if gaps:
        words += (" Missing data is a gap to fill, not a failure: the graph does not hold "
                  "the records yet.")
    return words


def _gap_words(f: Freshness) -> str:
    """A freshness warning in words (empty when the data looks fine)."""
    if f.gap == "nothing":
        return "Nothing recorded."
    if f.gap == "undated":
        words = f.undated_words or f"none of the {f.records} records has a date"
        return words[:1].upper() + words[1:] + "."
    if f.gap == "stale":
        months = (f.age_days or 0) // 30
        return (f"Nothing recorded since {_text(f.newest)}, {_plural(months, 'month')} "
                f"before {_text(f.until)}: likely a data gap.")
    return ""


def _fresh_words(f: Freshness) -> str:
    """A measure's freshness: the warning and what to record, or that it looks current."""
    warning = _gap_words(f)
    if warning:
        return f"{warning} Record {f.record}." if f.record else warning
    words = "Looks current."
    if f.undated:
        words += f" {_plural(f.undated, 'record')} without a date."
    return words


def _short_gap(f: Freshness) -> str:
    if f.gap == "nothing":
        return f"{f.measure}: none recorded"
    if f.gap == "undated":
        return f"{f.measure}: none recorded"
    return f"{f.measure}: nothing since {_text(f.newest)}"


def _fresh_summary(data: ReportData) -> str:
    """The summary's word on the data when nothing needs updating."""
    if not data.freshness:
        return "Nothing is recorded yet: load the partnership's data (rsp load)."
    return "Every measure has recent records."


def _short_gaps(data: ReportData) -> list[str]:
    """The summary's data warnings, kinds of record first, each said once."""
    out: list[str] = []
    for f in sorted(data.gaps, key=lambda f: f.milestone is not None):
        line = _short_gap(f)
        if line not in out:
            out.append(line)
    return out


def _period(data: ReportData) -> str:
    since, until = data.period
    if (since.month, since.day) == (1, 1) and since.year == until.year:
        return f"{since.year}"
    return f"{_text(since)} to {_text(until)}"


def _new_heading(data: ReportData) -> str:
    return f"What is new in {_period(data)}"


def _news_counts(data: ReportData) -> list[str]:
    news = data.news
    assert news is not None
    return [_plural(len(news.events), "event") + " held",
            _plural(len(news.projects), "project") + " started",
            _plural(len(news.contacts), "new contact") + " between regions",
            _plural(len(news.joined), "member") + " joined"]


def _newest_event(data: ReportData) -> str:
    events = next((f for f in data.freshness if f.milestone is None
                   and f.measure.startswith("Events")), None)
    if events is None or events.newest is None:
        return ""
    return f"The newest event in the graph is from {_text(events.newest)}."


#: The report lists at most this many changes; ``rsp changes`` lists them all.
MAX_CHANGES = 40


def _more_changes(data: ReportData) -> str:
    since = _text(data.changes_since) if data.changes_since else "YYYY-MM-DD"
    return (f"and {len(data.changes or []) - MAX_CHANGES} more: "
            f"rsp changes --since {since} lists them all.")


def _changes_summary(data: ReportData) -> str:
    """What the loads changed, counted by kind of record, in words."""
    counts: dict[str, dict[str, int]] = {}
    for c in data.changes or []:
        counts.setdefault(c.change, {})
        counts[c.change][c.kind] = counts[c.change].get(c.kind, 0) + 1
    def words(kind: str) -> str:
        return kind if kind in NODES else f"'{kind.lower().replace('_', ' ')}' links"

    parts = [f"{change}: " + ", ".join(f"{n} {words(kind)}"
                                      for kind, n in sorted(kinds.items()))
             for change, kinds in sorted(counts.items())]
    return "Changes since the last report, " + "; ".join(parts) + "."


def _md_changes(data: ReportData) -> list[str]:
    """The appendix's list of changes, in Markdown."""
    if not data.changes:
        return []
    out = ["### Changes since the last report", ""]
    out += _md_table(["Change", "Record", "Detail", "When"],
                     [[_m(c.change), f"{_m(c.name or c.key)} ({_m(c.kind)})",
                       _m(c.detail), _m(c.at)] for c in data.changes[:MAX_CHANGES]])
    if len(data.changes) > MAX_CHANGES:
        out += ["", _m(_more_changes(data))]
    return [*out, ""]


def _changes_note(data: ReportData) -> str:
    if data.changes is None:
        return ("Changes since the last report: listed once the load history records "
                "them.")
    if not data.changes:
        since = f" since {_text(data.changes_since)}" if data.changes_since else ""
        return f"No changes to the graph{since}."
    since = f" since {_text(data.changes_since)}" if data.changes_since else ""
    return f"{_plural(len(data.changes), 'change')} to the graph{since}."


def _new_suggestions(data: ReportData, count: int = 3) -> list[Suggestion]:
    """The best suggested pairs that do not work together yet (else the best pairs)."""
    found = data.suggestions or []
    fresh = [s for s in found if not s.existing]
    return (fresh or found)[:count]


def _score(s: Suggestion) -> str:
    """The pair's scores as ``rsp synergies`` shows them (both sides in a pair ranking)."""
    shown = f"{s.scaled}/100 for {s.a_name}"
    if s.reverse is not None:
        shown += f", {s.reverse.scaled}/100 for {s.b_name}"
    return f"{shown}; {s.band}"


def _reasons(s: Suggestion, limit: int | None = REASONS_SHOWN) -> tuple[list[str], int]:
    """A suggestion's reasons in plain words (no sources), at most ``limit`` of them:
    the first of each group first; and how many more there are."""
    groups = [[line.text for line in g.lines] for g in plain(s)]
    firsts = [lines[0] for lines in groups if lines]
    rest = [line for lines in groups for line in lines[1:]]
    every = firsts + rest
    if limit is None:
        return every, 0
    return every[:limit], max(len(every) - limit, 0)


def _short_reason(s: Suggestion) -> str:
    """The main reason for a pair in a few words: the challenges both face, else the first
    plain reason."""
    shared = [e.challenge_name for e in s.evidence
              if e.kind == "shared_challenge" and e.challenge_name]
    if shared:
        more = len(shared) - 1
        return f"Both face {shared[0]}" + (f" and {_plural(more, 'more challenge')}"
                                           if more > 0 else "")
    reasons, _ = _reasons(s, 1)
    return reasons[0] if reasons else ""


def _names(items: Sequence[str], extra: int = 0, shown: int = 3) -> str:
    """Distinct names joined, at most ``shown`` of them, then how many more (``extra``:
    further ones known only by their number)."""
    distinct = list(dict.fromkeys(items))
    more = max(len(distinct) - shown, 0) + extra
    return "; ".join(distinct[:shown]) + (f" (and {more} more)" if more > 0 else "")


def compact_reasons(s: Suggestion) -> list[str]:
    """A suggestion's reasons in a few short lines, one per kind of reason: the
    challenges both face, what the suggested region offers and the lessons it shares,
    what the asking region could offer back, and the actions they already share. Evidence
    without these facts (made by hand) reads as its plain sentences."""
    by_kind: dict[str, list[str]] = {}
    extra: dict[str, int] = {}
    for e in s.evidence:
        if e.kind == "shared_challenge" and e.challenge_name:
            by_kind.setdefault(e.kind, []).append(e.challenge_name)
        elif e.kind in ("offer", "reverse_offer", "lesson", "reverse_lesson", "existing"):
            if e.more:
                extra[e.kind] = extra.get(e.kind, 0) + e.more
            elif e.item_name:
                label = e.item_name if "lesson" in e.kind or e.kind == "existing" or \
                    not e.item_kind else f"{e.item_kind} {e.item_name}"
                by_kind.setdefault(e.kind, []).append(label)
    if not by_kind:
        return _reasons(s, REASONS_SHOWN)[0]
    heads = {"shared_challenge": "Both face", "offer": f"{s.b_name} offers",
             "lesson": f"{s.b_name} shares lessons from",
             "reverse_offer": f"{s.a_name} could offer",
             "reverse_lesson": f"{s.a_name} could share lessons from",
             "existing": "Already together in"}
    out = []
    for kind, head in heads.items():
        if kind in by_kind:
            out.append(f"{head}: {_names(by_kind[kind], extra.get(kind, 0))}")
    return out


def _suggestion_evidence(suggestion: Suggestion) -> list[str]:
    """A suggestion's evidence in plain words, each line with its source (the appendix)."""
    return [f"{line.text} ({line.source})" if line.source else line.text
            for group in plain(suggestion) for line in group.lines]


def _contact_words(c: Any) -> str:
    """A contact point without its name: category, why, whom to ask."""
    parts = []
    if c.category:
        parts.append(str(c.category).replace("_", " "))
    if c.why:
        parts.append(str(c.why))
    words = ", ".join(parts) + how_to_reach(c)
    if not c.verified:
        words += "; not confirmed by a source"
    return words


ROLE_WORDS = {"hosted": "hosted", "attended": "attended", "partner": "partner",
              "pilot": "piloted here"}


def _item_words(p: Participation) -> str:
    roles = ", ".join(ROLE_WORDS.get(r, r) for r in p.roles)
    when = _text(p.date) if p.kind == "event" else (
        f"since {_text(p.date)}" if p.date else "start not recorded")
    return f"{p.name} ({when}; {roles})"


def _joined_words(part: RegionPart) -> str:
    if part.member_since is not None:
        return f"member since {_text(part.member_since)}"
    return "joining date not recorded"


@dataclass(frozen=True)
class _Drawn:
    link: SynergyLink
    style: str


def _drawn_links(data: ReportData) -> list[_Drawn]:
    """The pairs the network picture draws (chosen by the use case), styled by strength,
    with new contacts and existing collaborations apart."""
    if data.network is None:
        return []
    out = []
    for link in data.network.links:
        if link.new_contact:
            style = "new"
        elif link.score >= 60:
            style = "strong"
        elif link.score >= DRAWN_FROM:
            style = "moderate"
        else:
            style = "weak"
        out.append(_Drawn(link, style))
    return out


def _network_note(data: ReportData) -> str:
    note = NETWORK_NOTE
    net = data.network
    if net is not None and net.total > len(net.links):
        note += (f" Shown: the {len(net.links)} strongest of {net.total} pairs."
                 if len(net.links) >= MAX_LINKS else
                 f" {len(net.links)} of the {net.total} pairs that fit at all are drawn.")
    return note


def _link_tip(link: SynergyLink) -> str:
    tip = (f"{link.a_name} and {link.b_name}: {link.score}/100 ({link.band}); "
           f"{link.score_a}/100 for {link.a_name}, {link.score_b}/100 for {link.b_name}")
    if link.existing:
        tip += "; already work together"
    if link.new_contact:
        tip += "; first met in the period"
    return tip


NETWORK_NOTE = ("Member regions on a circle, grouped by country; a line joins two regions "
                "that fit well: they face the same challenges or one offers practices, "
                "courses or projects for the other's. Wider lines fit better. Every pair "
                "scoring 35 or more of 100 is drawn, and each region's best pair.")

EVENTS_TITLE = "Events per quarter"
MEMBERS_TITLE = "Partnership members at the end of each quarter"


def _members_note(data: ReportData) -> str:
    if not data.members_undated:
        return "Members counted from the day they joined."
    return (f"{_plural(data.members_undated, 'member')} without a joining date "
            f"{'is' if data.members_undated == 1 else 'are'} counted in every quarter.")


def _members_chart_missing(data: ReportData) -> bool:
    """No member has a joining date: a chart would be a flat line that says nothing."""
    return bool(data.quarters) and data.members_undated > 0 and all(
        p.members == data.members_undated and not p.joined for p in data.quarters)


def _members_missing_note(data: ReportData) -> str:
    return (f"Membership over time cannot be drawn: none of the {data.members_undated} "
            "member regions has a joining date recorded (member_since in regions.csv). "
            f"{_plural(data.members_undated, 'region')} "
            f"{'is a member' if data.members_undated == 1 else 'are members'} on "
            f"{_text(data.as_of)}.")


def _events_note(data: ReportData) -> str:
    note = "Events of every kind in the graph, by the quarter of their date."
    if data.earlier_events:
        note += f" {_plural(data.earlier_events, 'earlier event')} fall before the quarters " \
                "shown."
    newest = _newest_event(data)
    return f"{note} {newest}" if newest else note


def _contacts_heading(data: ReportData) -> str:
    return f"New contacts between regions in {data.contacts_since.year}" \
        if (data.contacts_since.month, data.contacts_since.day) == (1, 1) else \
        f"New contacts between regions since {_text(data.contacts_since)}"


CONTACTS_NOTE = ("Region pairs whose first shared action falls in the period: both host or "
                 "attend the same event, or both are partners in the same project (each "
                 "region itself or an organisation located in it).")

METHOD_NOTES = (
    "Milestones are data rows (milestones.csv, linked to action points by measures.csv); "
    "each names the query in queries/ that counts its evidence, up to the reporting date "
    "or the deadline, whichever is earlier (docs/milestones.md).",
    "Status: met (target reached); on track (at least the target prorated to the elapsed "
    "share of the window); at risk (behind that pace, or below target without a start "
    "date); not started (the window lies ahead); no data recorded (nothing in the graph "
    "to count, and nothing of the kind after the deadline either, so a miss cannot be "
    "told from records not entered); missed (the deadline passed below target).",
    "Members are regions with rsp_member=true, dated by member_since.",
    "Synergy scores (0-100) come from rsp synergies: shared challenges weighted by "
    "priority and rarity, offers for each other's challenges, shared funds; pairs that "
    "already work together count less (docs/synergy.md).",
    "A measure looks stale when its newest record is more than six months older than "
    "the day its data should reach (projects: a year); member joining dates and pilots "
    "are rare, so only their absence is flagged.",
)


def _sections(data: ReportData) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The table of contents: (anchor, heading, sub-entries)."""
    return [
        ("summary", "Summary", []),
        ("milestones", "Milestones", []),
        ("new", _new_heading(data), []),
        ("regions", "Member regions", [(_region_anchor(p), p.name) for p in data.regions]),
        ("network", "Synergy network", []),
        ("activity", "Activity over time", []),
        ("freshness", "Data freshness", []),
        ("appendix", "Appendix: identifiers, queries and evidence", []),
    ]


def _region_anchor(part: RegionPart) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", part.id.lower()).strip("-")
    return f"r-{slug}"


# --- HTML -------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;margin:0;color:#1f2328;line-height:1.45;
background:#fff}
.page{max-width:70rem;margin:0 auto;padding:1.2rem 1.5rem 3rem}
header h1{font-size:1.45rem;margin:0 0 .15rem}
header p{margin:.1rem 0}
h2{margin:2.2rem 0 .6rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;
font-size:1.3rem}
#summary h2{margin-top:1rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}h4{font-size:.92rem;margin:.7rem 0 .3rem;
color:#424a53}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.num{text-align:right;white-space:nowrap}.day{white-space:nowrap}
table.milestones td:first-child{width:22%}table.milestones td:last-child{width:40%}
.status{display:inline-block;padding:.05rem .5rem;border-radius:1rem;color:#fff;
font-size:.8rem;white-space:nowrap;font-weight:600}
.muted{color:#59636e;font-size:.88rem}
.lead{font-size:1.02rem;margin:.3rem 0 .6rem}
ul.ms{list-style:none;padding:0;margin:.4rem 0}
ul.ms li{display:grid;grid-template-columns:9.5rem 1fr;gap:.6rem;padding:.28rem 0;
border-bottom:1px solid #eaeef2}
ul.ms li .status{justify-self:start;align-self:start;margin-top:.1rem}
.cards{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.35fr) minmax(0,1fr);
gap:1rem;margin-top:.8rem}
.card{border:1px solid #d0d7de;border-radius:.5rem;padding:.6rem .8rem;background:#f9fafb}
.card h3{margin:.1rem 0 .4rem;font-size:1rem}
.card ul,.card ol{margin:.2rem 0;padding-left:1.1rem}.card li{margin:.15rem 0}
.card.warn{background:#fff8e6;border-color:#e3c27a}
.bar{display:inline-block;width:6rem;height:.55rem;background:#eaeef2;border-radius:.3rem;
vertical-align:middle;margin-right:.4rem;overflow:hidden}
.bar span{display:block;height:100%;background:#0969da}
nav.toc{font-size:.9rem}
nav.toc ol{padding-left:1.2rem;margin:.2rem 0}nav.toc li{margin:.1rem 0}
nav.toc ol ol{font-size:.85rem;padding-left:1rem}
nav.toc a{color:#0550ae;text-decoration:none}nav.toc a:hover{text-decoration:underline}
.region{border:1px solid #d0d7de;border-radius:.5rem;padding:.2rem 1rem .6rem;
margin:1rem 0;break-inside:avoid}
.region h3{margin:.6rem 0 .1rem}.region>p.muted{margin:0 0 .3rem}
.cols{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:1.2rem}
.region ul,.region ol{margin:.2rem 0;padding-left:1.1rem}.region li{margin:.2rem 0}
.prio{display:inline-block;font-size:.72rem;border-radius:.3rem;padding:0 .3rem;
margin-left:.3rem;border:1px solid #d0d7de;color:#424a53}
.prio.high{background:#ffebe9;border-color:#ffaba8}
.why{font-size:.86rem;color:#424a53;margin:.1rem 0}
.contact{font-size:.86rem;margin:.1rem 0}
.warnline{color:#9a6700}
.charts svg,.network svg{width:100%;max-width:56rem;height:auto;display:block;
margin:1rem 0}
details{margin:.2rem 0}summary{cursor:pointer}
@media (min-width:1100px){
nav.toc{position:fixed;top:0;left:0;width:15rem;height:100vh;overflow:auto;
padding:1.2rem 1rem;border-right:1px solid #d0d7de;background:#f6f8fa}
.page{margin-left:15rem;margin-right:auto}
}
@media (max-width:900px){.cards,.cols{grid-template-columns:1fr}}
@media print{nav.toc{position:static;width:auto;height:auto;border:0;background:none}
.page{margin:0}}
"""


def _e(value: Any) -> str:
    return escape(_text(value))


def _link(source: str) -> str:
    if _SAFE_URL.match(source):
        return f'<a href="{escape(source)}" rel="noreferrer">{escape(source)}</a>'
    return escape(source)


def _named_link(name: str, url: str | None) -> str:
    """``name`` linked to ``url`` when that is a plain web address, else just the name."""
    if url and _SAFE_URL.match(url):
        return f'<a href="{escape(url)}" rel="noreferrer">{escape(name)}</a>'
    return escape(name)


_ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def _ed(value: Any) -> str:
    """A data string escaped for HTML, its dates kept on one line."""
    return _ISO_DAY.sub(r'<span class="day">\1</span>', escape(_text(value)))


def _html_status(status: str) -> str:
    color = STATUS_COLORS.get(status, "#6e7781")
    return f'<span class="status" style="background:{color}">{escape(status)}</span>'


def _html_bar(r: MilestoneReading) -> str:
    target = r.status.target or 1
    share = max(0.0, min(1.0, r.status.value / target))
    return f'<span class="bar"><span style="width:{share * 100:.0f}%"></span></span>'


def _html_toc(data: ReportData) -> list[str]:
    out = ['<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>']
    for anchor, heading, subs in _sections(data):
        inner = ""
        if subs:
            inner = "<ol>" + "".join(f'<li><a href="#{escape(a)}">{escape(h)}</a></li>'
                                     for a, h in subs) + "</ol>"
        out.append(f'<li><a href="#{escape(anchor)}">{escape(heading)}</a>{inner}</li>')
    out.append("</ol></nav>")
    return out


def _html_summary(data: ReportData) -> list[str]:
    out = ['<section id="summary">', "<h2>Summary</h2>",
           f'<p class="lead">{escape(_headline(data))}</p>']
    if data.readings:
        out.append('<ul class="ms">')
        for r in data.readings:
            out.append(f"<li>{_html_status(r.shown)}<span><strong>{_e(r.milestone.title)}"
                       f"</strong>. {_ed(status_words(r, short=True))}</span></li>")
        out.append("</ul>")
    out.append('<div class="cards">')
    out += _html_news_card(data), _html_suggested_card(data), _html_gaps_card(data)
    out += ["</div>", "</section>"]
    return out


def _html_news_card(data: ReportData) -> str:
    news = data.news
    assert news is not None
    items = "".join(f"<li>{escape(line)}</li>" for line in _news_counts(data))
    body = f"<ul>{items}</ul>"
    if news.empty:
        body += f'<p class="muted">Nothing new is dated in the period. ' \
                f"{_ed(_newest_event(data))}</p>"
    else:
        names = [f"{_text(e.get('date'))}: {_text(e.get('name'))}" for e in news.events[:3]]
        names += [f"{_text(p.get('start'))}: {_text(p.get('name'))} started"
                  for p in news.projects[:2]]
        names += [f"{_text(c['date'])}: {_text(c['a_name'])} and {_text(c['b_name'])} "
                  "first met" for c in news.contacts[:2]]
        names += [f"{_text(m.get('date'))}: {_text(m.get('name'))} joined"
                  for m in news.joined[:2]]
        body += '<ul class="muted">' + "".join(f"<li>{_ed(n)}</li>" for n in names[:5]) \
            + "</ul>"
    body += f'<p class="muted">{escape(_changes_note(data))}</p>'
    return (f'<div class="card"><h3><a href="#new">New in {escape(_period(data))}</a></h3>'
            f"{body}</div>")


def _html_suggested_card(data: ReportData) -> str:
    chosen = _new_suggestions(data)
    if not chosen:
        body = "<p>No synergy suggestions were given for this report.</p>"
    else:
        items = []
        for s in chosen:
            reason = _short_reason(s)
            contact = s.contacts[0].name if s.contacts else ""
            items.append(f"<li><strong>{_e(s.a_name)}</strong> and <strong>{_e(s.b_name)}"
                         f"</strong> <span class=\"muted\">({s.scaled}/100, {_e(s.band)})"
                         "</span>"
                         + (f'<div class="why">{_e(reason)}</div>' if reason else "")
                         + (f'<div class="contact">Contact: {_e(contact)}</div>'
                            if contact else "") + "</li>")
        body = "<ol>" + "".join(items) + "</ol>"
    return ('<div class="card"><h3><a href="#network">Suggested new contacts</a></h3>'
            f"{body}</div>")


def _html_gaps_card(data: ReportData) -> str:
    gaps = data.gaps
    if not gaps:
        words = _fresh_summary(data)
        return ('<div class="card"><h3><a href="#freshness">Data freshness</a></h3>'
                f"<p>{escape(words)}</p></div>")
    seen = _short_gaps(data)
    items = "".join(f"<li>{_ed(line)}</li>" for line in seen[:8])
    more = f'<p class="muted">and {len(seen) - 8} more</p>' if len(seen) > 8 else ""
    return ('<div class="card warn"><h3><a href="#freshness">Data to update</a></h3>'
            f"<ul>{items}</ul>{more}</div>")


def _html_milestones(data: ReportData) -> list[str]:
    out = ['<section id="milestones">', "<h2>Milestones</h2>",
           f'<p class="muted">Status on {_e(data.as_of)}. Evidence counts up to the reporting '
           "date or the deadline, whichever is earlier. Identifiers, queries and the "
           'evidence itself are in the <a href="#appendix">appendix</a>.</p>']
    if not data.readings:
        out += ["<p>No milestones in the graph (load milestones.csv and measures.csv).</p>",
                "</section>"]
        return out
    out.append('<table class="milestones"><thead><tr><th>Milestone</th><th>Progress</th>'
               "<th>Expected by now</th><th>Deadline</th><th>Status</th>"
               "<th>What it means</th></tr></thead><tbody>")
    for r in data.readings:
        m = r.milestone
        point = "; ".join(m.action_point_titles) or "; ".join(m.action_points)
        flag = " <em>(illustrative)</em>" if m.illustrative else ""
        expected = expected_words(r.status.expected) if r.shown in ("on track", "at risk") \
            else ""
        out.append(
            f"<tr><td><strong>{_e(m.title)}</strong>{flag}"
            + (f'<br><span class="muted">{_e(point)}</span>' if point else "")
            + f'</td><td class="num">{_html_bar(r)}{escape(_progress(r))}</td>'
            f"<td>{escape(expected.replace(' expected by now', '') or '-')}</td>"
            f'<td class="day">{_e(m.deadline)}</td><td>{_html_status(r.shown)}</td>'
            f"<td>{_ed(status_words(r))}</td></tr>")
    out += ["</tbody></table>", "</section>"]
    return out


def _html_news(data: ReportData) -> list[str]:
    news = data.news
    assert news is not None
    out = ['<section id="new">', f"<h2>{escape(_new_heading(data))}</h2>",
           f'<p class="muted">What the graph dates in the period: '
           f"{escape('; '.join(_news_counts(data)))}. {escape(_changes_note(data))}</p>"]
    if data.changes:
        out.append(f"<p>{escape(_changes_summary(data))} The records one by one are in the "
                   '<a href="#appendix-changes">appendix</a>.</p>')
    out.append("<h3>Events held</h3>")
    if news.events:
        out.append("<table><thead><tr><th>Date</th><th>Event</th><th>Kind</th><th>Place</th>"
                   "</tr></thead><tbody>")
        out += [f"<tr><td>{_e(e.get('date'))}</td><td>{_e(e.get('name'))}</td>"
                f"<td>{_e(_text(e.get('kind')).replace('_', ' '))}</td>"
                f"<td>{_e(e.get('place'))}</td></tr>" for e in news.events]
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{_ed(('No events recorded in the period. ' + _newest_event(data)).strip())}"
                   "</p>")
    out.append("<h3>Projects started</h3>")
    if news.projects:
        out.append("<ul>" + "".join(
            f"<li>{_e(p.get('name'))} ({_e(p.get('programme'))}; started "
            f"{_e(p.get('start'))})</li>" for p in news.projects) + "</ul>")
    else:
        out.append("<p>No projects recorded as starting in the period.</p>")
    out.append(f"<h3>{escape(_contacts_heading(data))}</h3>")
    out.append(f'<p class="muted">{escape(CONTACTS_NOTE)}</p>')
    if data.new_contacts:
        out.append("<table><thead><tr><th>Regions</th><th>First shared action</th>"
                   '<th>Date</th><th class="num">Shared actions</th></tr></thead><tbody>')
        out += [f"<tr><td>{_e(c['a_name'])} and {_e(c['b_name'])}</td>"
                f"<td>{_e(c['action_name'])} ({_e(c['action_kind'])})</td>"
                f"<td>{_e(c['date'])}</td><td class=\"num\">{_e(c['shared'])}</td></tr>"
                for c in data.new_contacts]
        out.append("</tbody></table>")
    else:
        out.append(f"<p>No new contacts between regions from {_e(data.contacts_since)} "
                   f"to {_e(data.as_of)}.</p>")
    out.append("<h3>Members joined</h3>")
    if news.joined:
        out.append("<ul>" + "".join(f"<li>{_e(m.get('name'))} ({_e(m.get('date'))})</li>"
                                    for m in news.joined) + "</ul>")
    else:
        out.append("<p>No member recorded as joining in the period"
                   + (" (no member has a joining date recorded)." if data.members
                      and data.members_undated == data.members else ".") + "</p>")
    out.append("</section>")
    return out


def _html_region(part: RegionPart) -> list[str]:
    where = " · ".join(x for x in (_text(part.country), _joined_words(part)) if x)
    out = [f'<article class="region" id="{escape(_region_anchor(part))}">',
           f"<h3>{_e(part.name)}</h3>", f'<p class="muted">{escape(where)}</p>',
           '<div class="cols"><div>', "<h4>Challenges</h4>"]
    if part.challenges:
        out.append("<ul>" + "".join(
            f"<li>{_e(name)}<span class=\"prio {escape(prio)}\">{escape(prio)}</span></li>"
            for name, prio in part.challenges) + "</ul>")
    else:
        out.append('<p class="warnline">No challenges recorded (faces.csv).</p>')
    out.append("<h4>Takes part in</h4>")
    items = [*part.events, *part.projects]
    if items:
        shown = [*part.events[:ITEMS_SHOWN], *part.projects[:ITEMS_SHOWN]]
        out.append("<ul>" + "".join(f"<li>{escape(_item_words(p))}</li>" for p in shown)
                   + "</ul>")
        hidden = len(items) - len(shown)
        if hidden:
            out.append(f'<p class="muted">and {_plural(hidden, "more")}</p>')
    else:
        out.append('<p class="muted">No events or projects recorded.</p>')
    out += ["</div><div>", "<h4>Whom to contact</h4>"]
    if part.suggestions:
        out.append("<ol>")
        for s in part.suggestions:
            out.append(f"<li><strong>{_e(s.b_name)}</strong> "
                       f'<span class="muted">{s.scaled}/100, {_e(s.band)}'
                       f"{', already work together' if s.existing else ''}</span>")
            out += [f'<div class="why">{_e(line)}</div>' for line in compact_reasons(s)]
            for c in s.contacts[:2]:
                out.append(f'<div class="contact">Contact: {_named_link(c.name, c.website)}'
                           f" ({_e(_contact_words(c))})</div>")
            out.append("</li>")
        out.append("</ol>")
    else:
        out.append(f'<p class="muted">{_e(part.why_empty or "No suggestions.")}</p>')
    out += ["</div></div>", "</article>"]
    return out


def _html_regions(data: ReportData) -> list[str]:
    out = ['<section id="regions">', "<h2>Member regions</h2>",
           '<p class="muted">Each member region: the challenges it recorded (with its '
           "priority), the member regions that fit it best and whom to contact there, and "
           "the events and projects it takes part in (itself or through an organisation "
           "located in it). Full reasons: rsp synergies REGION --explain.</p>"]
    if not data.regions:
        out.append("<p>No member regions in the graph (rsp_member=true in regions.csv).</p>")
    for part in data.regions:
        out += _html_region(part)
    out.append("</section>")
    return out


def _html_network(data: ReportData) -> list[str]:
    out = ['<section id="network">', "<h2>Synergy network</h2>"]
    drawn = _drawn_links(data)
    if data.network is not None and data.network.regions and drawn:
        nodes = [ChartNode(r, name, f"{name} ({country})" if country else name)
                 for r, name, country in data.network.regions]
        edges = [ChartEdge(d.link.a, d.link.b, d.link.score, d.style, _link_tip(d.link),
                           dashed=d.link.existing) for d in drawn]
        out += ['<div class="network">',
                network_chart(nodes, edges, title="Synergies between member regions",
                              dashed="dashed: already work together"),
                "</div>", f'<p class="muted">{escape(_network_note(data))}</p>']
    else:
        out.append("<p>No two member regions share a challenge or offer anything for each "
                   "other's challenges yet.</p>")
    out.append("<h3>Best pairs of the partnership</h3>")
    out.append('<p class="muted">Scores for each side (0-100); the evidence behind each '
               'pair, with its sources, is in the <a href="#appendix-synergies">appendix'
               "</a>.</p>")
    if not data.suggestions:
        out.append("<p>No synergy suggestions were given for this report.</p>")
    else:
        out.append("<ol>")
        for s in data.suggestions:
            out.append(f"<li><strong>{_e(s.a_name)}</strong> and <strong>{_e(s.b_name)}"
                       f'</strong> <span class="muted">(score {escape(_score(s))})</span>'
                       + "".join(f'<div class="why">{_e(line)}</div>'
                                 for line in compact_reasons(s)) + "</li>")
        out.append("</ol>")
    out.append("</section>")
    return out


def _html_activity(data: ReportData) -> list[str]:
    labels = [f"Q{p.quarter[1]}" for p in data.quarters]
    years = [str(p.quarter[0]) for p in data.quarters]
    event_tips = [f"{p.label}: {_plural(len(p.events), 'event')}"
                  + (": " + "; ".join(p.events) if p.events else "") for p in data.quarters]
    out = ['<section id="activity">', "<h2>Activity over time</h2>", '<div class="charts">',
           bar_chart(labels, [len(p.events) for p in data.quarters], title=EVENTS_TITLE,
                     sublabels=years, tooltips=event_tips),
           f'<p class="muted">{escape(_events_note(data))}</p>']
    if _members_chart_missing(data):
        out.append(f'<p class="warnline">{escape(_members_missing_note(data))}</p>')
    else:
        member_tips = [f"{p.label}: {_plural(p.members, 'member')}"
                       + (", joined: " + "; ".join(p.joined) if p.joined else "")
                       for p in data.quarters]
        out += [line_chart(labels, [p.members for p in data.quarters], title=MEMBERS_TITLE,
                           sublabels=years, tooltips=member_tips),
                f'<p class="muted">{escape(_members_note(data))}</p>']
    out += ["</div>", "</section>"]
    return out


@dataclass(frozen=True)
class _FreshRow:
    measure: str
    used_by: str
    records: str
    newest: str
    counted: str
    words: str
    warn: bool


FRESH_HEADER = ("Measure", "Used by", "Records", "Newest record", "In the window",
                "What it means")


def _freshness_rows(data: ReportData) -> list[_FreshRow]:
    """One row per measure: kinds of record first, then each milestone's measure."""
    rows = []
    for f in sorted(data.freshness, key=lambda f: f.milestone is not None):
        used_by = "the whole report"
        if f.milestone is not None:
            used_by = next((r.milestone.title for r in data.readings
                            if r.milestone.id == f.milestone), f.milestone)
        records = number(f.records) + (f" ({number(f.undated)} undated)" if f.undated else "")
        counted = "" if f.counted is None else (
            number(f.counted) + (f", newest {_text(f.newest_counted)}"
                                 if f.newest_counted else ""))
        rows.append(_FreshRow(f.measure, used_by, records, _text(f.newest), counted,
                              _fresh_words(f), bool(f.gap)))
    return rows


FRESHNESS_NOTE = ("For each measure, the newest record the graph holds up to the reporting "
                  "date (inside or outside a milestone's window) and what the milestone "
                  "counted in its window. An old newest record usually means the data has "
                  "not been entered, not that nothing happened.")


def _html_freshness(data: ReportData) -> list[str]:
    out = ['<section id="freshness">', "<h2>Data freshness</h2>",
           f'<p class="muted">{escape(FRESHNESS_NOTE)}'
           + (f" Records were last checked on {_e(data.checked)}." if data.checked else "")
           + "</p>"]
    rows = _freshness_rows(data)
    if not rows:
        out += ["<p>No measures to check.</p>", "</section>"]
        return out
    num = ' class="num"'
    out.append("<table><thead><tr>" + "".join(
        f"<th{num if h == 'Records' else ''}>{escape(h)}</th>" for h in FRESH_HEADER)
        + "</tr></thead><tbody>")
    for row in rows:
        cls = ' class="warnline"' if row.warn else ""
        out.append(f"<tr><td>{escape(row.measure)}</td><td>{escape(row.used_by)}</td>"
                   f'<td class="num">{escape(row.records)}</td>'
                   f'<td class="day">{escape(row.newest)}</td>'
                   f"<td>{_ed(row.counted)}</td><td{cls}>{_ed(row.words)}</td></tr>")
    out += ["</tbody></table>", "</section>"]
    return out


def _html_appendix(data: ReportData) -> list[str]:
    out = ['<section id="appendix">', "<h2>Appendix: identifiers, queries and evidence</h2>",
           f'<p class="muted">Computed from the knowledge graph ({escape(data.backend)}) on '
           f"{_e(data.as_of)}; period {_e(data.contacts_since)} to {_e(data.as_of)}.</p>",
           '<h3 id="appendix-milestones">Milestones in detail</h3>']
    if data.readings:
        out.append("<table><thead><tr><th>Id</th><th>Action point</th><th>Query</th>"
                   '<th>Window</th><th class="num">Value</th><th class="num">Target</th>'
                   '<th class="num">Expected now</th><th>Rule status</th><th>Reason</th>'
                   "</tr></thead><tbody>")
        for r in data.readings:
            m, s = r.milestone, r.status
            params = f" ({', '.join(m.params)})" if m.params else ""
            baseline = f", baseline {number(m.baseline)}" if m.baseline is not None else ""
            out.append(
                f"<tr><td>{_e(m.id)}</td><td>{_e('; '.join(m.action_points))}</td>"
                f"<td><code>{_e(m.query)}</code>{_e(params)}</td>"
                f"<td>{_e(m.start) or '…'} to {_e(m.deadline)}</td>"
                f'<td class="num">{_e(number(s.value))}</td>'
                f'<td class="num">{_e(number(s.target))}{_e(baseline)}</td>'
                f'<td class="num">{_e(number(s.expected))}</td><td>{_e(s.status)}</td>'
                f"<td>{_e(s.reason)}</td></tr>")
        out.append("</tbody></table>")
        out.append("<h4>Evidence</h4>")
        for r in data.readings:
            s = r.status
            out.append(f"<details><summary>{_e(s.id)}: {_e(s.title)} "
                       f"({_plural(len(s.evidence), 'row')})</summary>")
            if s.evidence:
                out.append("<table><thead><tr><th>Item</th><th>Name</th><th>Date</th>"
                           "<th>Source</th></tr></thead><tbody>")
                for row in s.evidence:
                    out.append(f"<tr><td>{_e(row.get('item'))}</td><td>{_e(row.get('name'))}"
                               f"</td><td>{_e(row.get('date'))}</td>"
                               f"<td>{_link(_text(row.get('source')))}</td></tr>")
                out.append("</tbody></table>")
            else:
                out.append('<p class="muted">No evidence rows.</p>')
            out.append("</details>")
    else:
        out.append("<p>No milestones in the graph (load milestones.csv and measures.csv).</p>")
    out.append('<h3 id="appendix-synergies">Evidence behind the best pairs</h3>')
    if data.suggestions:
        out.append("<ol>")
        for sug in data.suggestions:
            items = "".join(f"<li>{_e(line)}</li>" for line in _suggestion_evidence(sug))
            out.append(f"<li>{_e(sug.a_name)} and {_e(sug.b_name)} "
                       f'<span class="muted">(score {escape(_score(sug))})</span>'
                       + (f"<ul>{items}</ul>" if items else "") + "</li>")
        out.append("</ol>")
    else:
        out.append("<p>No synergy suggestions were given for this report.</p>")
    if data.new_contacts:
        out.append("<h3>Sources of the new contacts</h3><ul>")
        out += [f"<li>{_e(c['a_name'])} and {_e(c['b_name'])}: "
                f"{_link(_text(c.get('source')))}</li>" for c in data.new_contacts]
        out.append("</ul>")
    if data.changes:
        out.append('<h3 id="appendix-changes">Changes since the last report</h3><table>'
                   "<thead><tr><th>Change</th><th>Record</th><th>Detail</th><th>When</th>"
                   "</tr></thead><tbody>")
        out += [f"<tr><td>{_e(c.change)}</td><td>{_e(c.name or c.key)} "
                f'<span class="muted">({_e(c.kind)})</span></td><td>{_e(c.detail)}</td>'
                f"<td>{_e(c.at)}</td></tr>" for c in data.changes[:MAX_CHANGES]]
        out.append("</tbody></table>")
        if len(data.changes) > MAX_CHANGES:
            out.append(f'<p class="muted">{escape(_more_changes(data))}</p>')
    out += ['<h3 id="appendix-method">How the figures are computed</h3>', "<ul>"]
    out += [f"<li>{escape(note)}</li>" for note in METHOD_NOTES]
    out += ["</ul>", '<h3 id="appendix-sources">Data sources</h3>',
            '<p class="muted">The distinct sources of the records behind the figures above '
            "(milestone evidence, events, members, new contacts, participation and synergy "
            "evidence), with how many records cite each.</p>"]
    if data.sources:
        out.append("<ul>")
        out += [f"<li>{_link(source)} <span class=\"muted\">({count})</span></li>"
                for source, count in data.sources]
        out.append("</ul>")
    else:
        out.append("<p>No records, so no sources.</p>")
    out.append("</section>")
    return out


def to_html(data: ReportData) -> str:
    """The report as one self-contained HTML page."""
    checked = f" · records checked up to {_e(data.checked)}" if data.checked else ""
    body = [
        '<div class="page">',
        "<header>", f"<h1>{escape(TITLE)}</h1>",
        f'<p class="muted">Progress report on {_e(data.as_of)} · period '
        f"{_e(data.contacts_since)} to {_e(data.as_of)}{checked}</p>", "</header>",
        "<main>",
        *_html_summary(data), *_html_toc(data), *_html_milestones(data), *_html_news(data),
        *_html_regions(data), *_html_network(data), *_html_activity(data),
        *_html_freshness(data), *_html_appendix(data),
        "</main>", "</div>",
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(TITLE)}: progress on {_e(data.as_of)}</title>"
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


# --- Markdown ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def _m(value: Any) -> str:
    """A data string for Markdown: HTML-escaped, Markdown syntax neutralised, one line."""
    text = escape(_text(value), quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def _m_source(source: str) -> str:
    return f"<{source}>" if _SAFE_URL.match(source) else _m(source)


def _m_link(name: str, url: str | None) -> str:
    return f"[{_m(name)}]({url})" if url and _SAFE_URL.match(url) and ")" not in url \
        else _m(name)


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def md_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped,
    spaces to hyphens.

    >>> md_anchor("What is new: 2026 so far (2026-01-01 to 2026-11-25)")
    'what-is-new-2026-so-far-2026-01-01-to-2026-11-25'
    >>> md_anchor("Košice Region")
    'košice-region'
    """
    kept = "".join(ch for ch in heading.lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


def _md_toc(data: ReportData) -> list[str]:
    out = ["## Contents", ""]
    for i, (_, heading, subs) in enumerate(_sections(data), start=1):
        out.append(f"{i}. [{_m(heading)}](#{md_anchor(heading)})")
        out += [f"   - [{_m(name)}](#{md_anchor(name)})" for _, name in subs]
    return out


def _md_summary(data: ReportData) -> list[str]:
    out = ["## Summary", "", _m(_headline(data)), ""]
    out += [f"- **{_m(r.shown)}**: {_m(r.milestone.title)}. "
            f"{_m(status_words(r, short=True))}" for r in data.readings]
    news = data.news
    assert news is not None
    out += ["", f"**New in {_m(_period(data))}:** {_m('; '.join(_news_counts(data)))}."
            + (f" {_m(_newest_event(data))}" if news.empty and _newest_event(data) else ""),
            "", _m(_changes_note(data)), "", "**Suggested new contacts:**", ""]
    chosen = _new_suggestions(data)
    if not chosen:
        out.append("No synergy suggestions were given for this report.")
    for i, s in enumerate(chosen, start=1):
        reason = _short_reason(s)
        contact = f" Contact: {_m(s.contacts[0].name)}." if s.contacts else ""
        out.append(f"{i}. **{_m(s.a_name)}** and **{_m(s.b_name)}** ({s.scaled}/100, "
                   f"{_m(s.band)})" + (f": {_m(reason)}." if reason else ".") + contact)
    gaps = _short_gaps(data)
    out += ["", "**Data to update:** " + (_m("; ".join(gaps)) + "." if gaps else
                                         _m(_fresh_summary(data)))]
    return out


def _md_milestones(data: ReportData) -> list[str]:
    out = ["## Milestones", "",
           f"Status on {_m(data.as_of)}. Evidence counts up to the reporting date or the "
           "deadline, whichever is earlier. Identifiers, queries and the evidence itself are "
           "in the appendix.", ""]
    if not data.readings:
        return [*out, "No milestones in the graph (load milestones.csv and measures.csv)."]
    out += _md_table(
        ["Milestone", "Progress", "Expected by now", "Deadline", "Status", "What it means"],
        [[_m(r.milestone.title), _m(_progress(r)),
          _m(expected_words(r.status.expected).replace(" expected by now", "")
             if r.shown in ("on track", "at risk") else ""),
          _m(r.milestone.deadline), f"**{_m(r.shown)}**", _m(status_words(r))]
         for r in data.readings])
    return out


def _md_news(data: ReportData) -> list[str]:
    news = data.news
    assert news is not None
    out = [f"## {_m(_new_heading(data))}", "",
           f"What the graph dates in the period: {_m('; '.join(_news_counts(data)))}. "
           f"{_m(_changes_note(data))}", ""]
    if data.changes:
        out += [_m(_changes_summary(data) + " The records one by one are in the appendix."),
                ""]
    out += ["### Events held", ""]
    if news.events:
        out += _md_table(["Date", "Event", "Kind", "Place"],
                         [[_m(e.get("date")), _m(e.get("name")),
                           _m(_text(e.get("kind")).replace("_", " ")), _m(e.get("place"))]
                          for e in news.events])
    else:
        out.append(_m(f"No events recorded in the period. {_newest_event(data)}".strip()))
    out += ["", "### Projects started", ""]
    out += [f"- {_m(p.get('name'))} ({_m(p.get('programme'))}; started {_m(p.get('start'))})"
            for p in news.projects] or ["No projects recorded as starting in the period."]
    out += ["", f"### {_m(_contacts_heading(data))}", "", _m(CONTACTS_NOTE), ""]
    if data.new_contacts:
        out += _md_table(["Regions", "First shared action", "Date", "Shared actions"],
                         [[f"{_m(c['a_name'])} and {_m(c['b_name'])}",
                           f"{_m(c['action_name'])} ({_m(c['action_kind'])})", _m(c["date"]),
                           _m(c["shared"])] for c in data.new_contacts])
    else:
        out.append(f"No new contacts between regions from {_m(data.contacts_since)} to "
                   f"{_m(data.as_of)}.")
    out += ["", "### Members joined", ""]
    out += [f"- {_m(m.get('name'))} ({_m(m.get('date'))})" for m in news.joined] or [
        "No member recorded as joining in the period."]
    return out


def _md_region(part: RegionPart) -> list[str]:
    where = " · ".join(x for x in (_text(part.country), _joined_words(part)) if x)
    out = [f"### {_m(part.name)}", "", _m(where), "", "**Challenges:** "
           + (_m("; ".join(f"{name} ({prio})" for name, prio in part.challenges))
              if part.challenges else "none recorded (faces.csv)."), ""]
    items = [*part.events[:ITEMS_SHOWN], *part.projects[:ITEMS_SHOWN]]
    hidden = len(part.events) + len(part.projects) - len(items)
    out.append("**Takes part in:** " + (_m("; ".join(_item_words(p) for p in items))
                                         if items else "no events or projects recorded.")
               + (f" (and {hidden} more)" if hidden else ""))
    out += ["", "**Whom to contact:**", ""]
    if not part.suggestions:
        out.append(_m(part.why_empty or "No suggestions."))
    for i, s in enumerate(part.suggestions, start=1):
        out.append(f"{i}. **{_m(s.b_name)}** ({s.scaled}/100, {_m(s.band)}"
                   f"{', already work together' if s.existing else ''})")
        out += [f"   - {_m(line)}" for line in compact_reasons(s)]
        out += [f"   - Contact: {_m_link(c.name, c.website)} ({_m(_contact_words(c))})"
                for c in s.contacts[:2]]
    return out


def _md_network(data: ReportData) -> list[str]:
    out = ["## Synergy network", "", _m(_network_note(data)), ""]
    drawn = _drawn_links(data)
    if drawn:
        out += _md_table(["Regions", "Score", "Strength", "Note"],
                         [[f"{_m(d.link.a_name)} and {_m(d.link.b_name)}",
                           f"{d.link.score}/100", _m(d.link.band),
                           "already work together" if d.link.existing else
                           "first met in the period" if d.link.new_contact else ""]
                          for d in drawn])
    else:
        out.append("No two member regions share a challenge or offer anything for each "
                   "other's challenges yet.")
    out += ["", "### Best pairs of the partnership", ""]
    if not data.suggestions:
        out.append("No synergy suggestions were given for this report.")
    for i, s in enumerate(data.suggestions or [], start=1):
        out.append(f"{i}. **{_m(s.a_name)}** and **{_m(s.b_name)}** (score {_m(_score(s))})")
        out += [f"   - {_m(line)}" for line in compact_reasons(s)]
    return out


def _md_activity(data: ReportData) -> list[str]:
    out = ["## Activity over time", "", f"### {_m(EVENTS_TITLE)}", "",
           _m(_events_note(data)), ""]
    out += _md_table(["Quarter", "Events", "Names"],
                     [[_m(p.label), str(len(p.events)), _m("; ".join(p.events))]
                      for p in data.quarters])
    out += ["", f"### {_m(MEMBERS_TITLE)}", ""]
    if _members_chart_missing(data):
        return [*out, _m(_members_missing_note(data))]
    out += [_m(_members_note(data)), ""]
    out += _md_table(["Quarter", "Members", "Joined"],
                     [[_m(p.label), str(p.members), _m("; ".join(p.joined))]
                      for p in data.quarters])
    return out


def _md_freshness(data: ReportData) -> list[str]:
    out = ["## Data freshness", "", _m(FRESHNESS_NOTE)
           + (f" Records were last checked on {_m(data.checked)}." if data.checked else ""),
           ""]
    rows = _freshness_rows(data)
    if not rows:
        return [*out, "No measures to check."]
    out += _md_table(FRESH_HEADER,
                     [[_m(r.measure), _m(r.used_by), _m(r.records), _m(r.newest),
                       _m(r.counted), f"**{_m(r.words)}**" if r.warn else _m(r.words)]
                      for r in rows])
    return out


def _md_appendix(data: ReportData) -> list[str]:
    out = ["## Appendix: identifiers, queries and evidence", "",
           f"Computed from the knowledge graph ({_m(data.backend)}) on {_m(data.as_of)}; "
           f"period {_m(data.contacts_since)} to {_m(data.as_of)}.", "",
           *_md_changes(data), "### Milestones in detail", ""]
    if data.readings:
        out += _md_table(
            ["Id", "Action point", "Query", "Window", "Value", "Target", "Expected now",
             "Rule status", "Reason"],
            [[_m(r.milestone.id), _m("; ".join(r.milestone.action_points)),
              _m(r.milestone.query) + (f" ({_m(', '.join(r.milestone.params))})"
                                       if r.milestone.params else ""),
              f"{_m(r.milestone.start) or '…'} to {_m(r.milestone.deadline)}",
              _m(number(r.status.value)), _m(number(r.status.target)),
              _m(number(r.status.expected)), _m(r.status.status), _m(r.status.reason)]
             for r in data.readings])
        out += ["", "#### Evidence", ""]
        for r in data.readings:
            s = r.status
            out.append(f"- **{_m(s.id)}** ({_plural(len(s.evidence), 'row')}, query "
                       f"{_m(s.milestone.query)})")
            for row in s.evidence:
                out.append(f"  - {_m(row.get('name') or row.get('item'))} "
                           f"({_m(row.get('item'))}, {_m(row.get('date'))}): "
                           f"{_m_source(_text(row.get('source')))}")
    else:
        out.append("No milestones in the graph (load milestones.csv and measures.csv).")
    out += ["", "### Evidence behind the best pairs", ""]
    if not data.suggestions:
        out.append("No synergy suggestions were given for this report.")
    for i, sug in enumerate(data.suggestions or [], start=1):
        out.append(f"{i}. {_m(sug.a_name)} and {_m(sug.b_name)} (score {_m(_score(sug))})")
        out += [f"   - {_m(line)}" for line in _suggestion_evidence(sug)]
    if data.new_contacts:
        out += ["", "### Sources of the new contacts", ""]
        out += [f"- {_m(c['a_name'])} and {_m(c['b_name'])}: "
                f"{_m_source(_text(c.get('source')))}" for c in data.new_contacts]
    out += ["", "### How the figures are computed", ""]
    out += [f"- {_m(note)}" for note in METHOD_NOTES]
    out += ["", "### Data sources", ""]
    out += [f"- {_m_source(source)} ({count})" for source, count in data.sources]
    if not data.sources:
        out.append("No records, so no sources.")
    return out


def to_markdown(data: ReportData) -> str:
    """The report as Markdown: the HTML's structure, with tables where it draws."""
    checked = f" · records checked up to {_m(data.checked)}" if data.checked else ""
    out = [f"# {_m(TITLE)}", "",
           f"Progress report on {_m(data.as_of)} · period {_m(data.contacts_since)} to "
           f"{_m(data.as_of)}{checked}", ""]
    out += [*_md_summary(data), "", *_md_toc(data), "", *_md_milestones(data), ""]
    out += [*_md_news(data), "", "## Member regions", "",
            "Each member region: its challenges, the member regions that fit it best and "
            "whom to contact there, and what it takes part in.", ""]
    if not data.regions:
        out.append("No member regions in the graph (rsp\\_member=true in regions.csv).")
    for part in data.regions:
        out += [*_md_region(part), ""]
    out += [*_md_network(data), "", *_md_activity(data), "", *_md_freshness(data)]
    out += ["", *_md_appendix(data)]
    return "\n".join(out) + "\n"
