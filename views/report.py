"""The partnership's progress report: one self-contained HTML page (or Markdown file).

It shows every milestone with its status and evidence, charts of events per quarter and
of partnership members over time (inline SVG from :mod:`views.charts`, no JavaScript,
nothing loaded from the network), the synergy suggestions passed in, the new contacts
between regions in the reporting year, and the data sources behind all of it.
Every data string is HTML-escaped, in both formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any, Literal

from analysis.explain import plain
from analysis.milestones import STATUSES, status_counts
from graph.errors import RspError
from graph.values import number, text
from usecases.progress import ReportData
from usecases.synergies import Suggestion
from views.charts import bar_chart, line_chart

Format = Literal["html", "md"]
FORMATS: tuple[Format, ...] = ("html", "md")
TITLE = "Regional Skills Partnership for the Automotive Regions' Twin Transition"
STATUS_COLORS = {"met": "#1a7f37", "on track": "#0969da", "at risk": "#bc4c00",
                 "no data": "#6e7781", "missed": "#cf222e"}
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`|\\]+$")


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


# --- shared wording ---------------------------------------------------------------------

_text = text


def _suggestion_evidence(suggestion: Suggestion) -> list[str]:
    """A suggestion's evidence in plain words, each line with its source."""
    return [f"{line.text} ({line.source})" if line.source else line.text
            for group in plain(suggestion) for line in group.lines]


def _score(s: Suggestion) -> str:
    """The pair's scores as ``rsp synergies`` shows them (both sides in a pair ranking)."""
    shown = f"{s.scaled}/100 for {s.a_name}"
    if s.reverse is not None:
        shown += f", {s.reverse.scaled}/100 for {s.b_name}"
    return f"{shown}; {s.band}"


def _summary(data: ReportData) -> str:
    counts = status_counts(data.statuses)
    return ", ".join(f"{counts[s]} {s}" for s in STATUSES)


def _evidence_cells(row: Mapping[str, Any]) -> tuple[str, str, str, str]:
    return (_text(row.get("item")), _text(row.get("name")), _text(row.get("date")),
            _text(row.get("source")))


EVENTS_TITLE = "Events per quarter"
MEMBERS_TITLE = "Partnership members at the end of each quarter"


def _members_note(data: ReportData) -> str:
    if not data.members_undated:
        return "Members are regions with rsp_member=true, counted from their member_since date."
    return (f"Members are regions with rsp_member=true; {data.members_undated} of them have no "
            "member_since date and are counted in every quarter.")


def _events_note(data: ReportData) -> str:
    note = "Events of every kind in the graph, by the quarter of their date."
    if data.earlier_events:
        note += f" {data.earlier_events} earlier event(s) fall before the quarters shown."
    return note


def _contacts_heading(data: ReportData) -> str:
    return f"New contacts between regions in {data.contacts_since.year}"


CONTACTS_NOTE = ("Region pairs whose first shared action falls in the reporting year: both "
                 "host or attend the same event, or both are partners in the same project "
                 "(each region itself or an organisation located in it).")


# --- HTML -------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;
color:#1f2328;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.num{text-align:right;white-space:nowrap}
.status{display:inline-block;padding:.05rem .5rem;border-radius:1rem;color:#fff;
font-size:.85rem;white-space:nowrap}
.muted{color:#59636e;font-size:.9rem}details{margin:.2rem 0}
summary{cursor:pointer}
.charts svg{width:100%;max-width:56rem;height:auto;display:block;margin:1rem 0}
"""


def _e(value: Any) -> str:
    return escape(_text(value))


def _link(source: str) -> str:
    if _SAFE_URL.match(source):
        return f'<a href="{escape(source)}" rel="noreferrer">{escape(source)}</a>'
    return escape(source)


def _html_status(status: str) -> str:
    color = STATUS_COLORS.get(status, "#6e7781")
    return f'<span class="status" style="background:{color}">{escape(status)}</span>'


def _html_milestones(data: ReportData) -> list[str]:
    out = ["<h2>Milestones</h2>",
           f'<p class="muted">Status on {_e(data.as_of)}: {escape(_summary(data))}. '
           "Evidence counts up to the reporting date or the deadline, whichever is "
           "earlier.</p>"]
    if not data.statuses:
        out.append("<p>No milestones in the graph (load milestones.csv and measures.csv).</p>")
        return out
    out.append("<table><thead><tr><th>Action point</th><th>Milestone</th><th>Metric</th>"
               '<th class="num">Value</th><th class="num">Target</th>'
               '<th class="num">Expected now</th><th>Window</th><th>Status</th>'
               "</tr></thead><tbody>")
    for s in data.statuses:
        m = s.milestone
        points = "; ".join(m.action_points)
        window = f"{_text(m.start) or '…'} to {_text(m.deadline)}"
        flag = " <em>(illustrative)</em>" if m.illustrative else ""
        baseline = (f'<br><span class="muted">baseline {_e(number(m.baseline))}</span>'
                    if m.baseline is not None else "")
        out.append(
            f"<tr><td>{_e(points)}</td><td>{_e(m.title)}{flag}<br>"
            f'<span class="muted">{_e(m.id)}</span></td><td>{_e(m.metric)}</td>'
            f'<td class="num">{_e(number(s.value))}</td>'
            f'<td class="num">{_e(number(s.target))}{baseline}</td>'
            f'<td class="num">{_e(number(s.expected))}</td><td>{escape(window)}</td>'
            f"<td>{_html_status(s.status)}<br>"
            f'<span class="muted">{_e(s.reason)}</span></td></tr>')
    out.append("</tbody></table>")
    out.append("<h3>Evidence</h3>")
    for s in data.statuses:
        out.append(f"<details><summary>{_e(s.id)}: {_e(s.title)} "
                   f"({len(s.evidence)} row{'s' if len(s.evidence) != 1 else ''}, "
                   f"query <code>{_e(s.milestone.query)}</code>"
                   f"{' with ' + _e(', '.join(s.milestone.params)) if s.milestone.params else ''}"
                   ")</summary>")
        if s.evidence:
            out.append("<table><thead><tr><th>Item</th><th>Name</th><th>Date</th>"
                       "<th>Source</th></tr></thead><tbody>")
            for row in s.evidence:
                item, name, day, source = _evidence_cells(row)
                out.append(f"<tr><td>{escape(item)}</td><td>{escape(name)}</td>"
                           f"<td>{escape(day)}</td><td>{_link(source)}</td></tr>")
            out.append("</tbody></table>")
        else:
            out.append('<p class="muted">No evidence rows.</p>')
        out.append("</details>")
    return out


def _html_charts(data: ReportData) -> list[str]:
    labels = [f"Q{p.quarter[1]}" for p in data.quarters]
    years = [str(p.quarter[0]) for p in data.quarters]
    event_tips = [f"{p.label}: {len(p.events)} event(s)"
                  + (": " + "; ".join(p.events) if p.events else "") for p in data.quarters]
    member_tips = [f"{p.label}: {p.members} member(s)"
                   + (", joined: " + "; ".join(p.joined) if p.joined else "")
                   for p in data.quarters]
    return [
        "<h2>Activity</h2>", '<div class="charts">',
        bar_chart(labels, [len(p.events) for p in data.quarters], title=EVENTS_TITLE,
                  sublabels=years, tooltips=event_tips),
        f'<p class="muted">{escape(_events_note(data))}</p>',
        line_chart(labels, [p.members for p in data.quarters], title=MEMBERS_TITLE,
                   sublabels=years, tooltips=member_tips),
        f'<p class="muted">{escape(_members_note(data))}</p>', "</div>",
    ]


def _html_suggestions(data: ReportData) -> list[str]:
    out = ["<h2>Synergy suggestions</h2>"]
    if not data.suggestions:
        out.append("<p>No synergy suggestions were given for this report.</p>")
        return out
    out.append("<ol>")
    for s in data.suggestions:
        items = "".join(f"<li>{_e(line)}</li>" for line in _suggestion_evidence(s))
        out.append(f"<li><strong>{_e(s.a_name)}</strong> and <strong>{_e(s.b_name)}</strong> "
                   f'<span class="muted">(score {escape(_score(s))})</span>'
                   + (f"<ul>{items}</ul>" if items else "") + "</li>")
    out.append("</ol>")
    return out


def _html_contacts(data: ReportData) -> list[str]:
    out = [f"<h2>{escape(_contacts_heading(data))}</h2>",
           f'<p class="muted">{escape(CONTACTS_NOTE)}</p>']
    if not data.new_contacts:
        out.append(f"<p>No new contacts between regions from {_e(data.contacts_since)} "
                   f"to {_e(data.as_of)}.</p>")
        return out
    out.append("<table><thead><tr><th>Regions</th><th>First shared action</th><th>Date</th>"
               '<th class="num">Shared actions</th><th>Source</th></tr></thead><tbody>')
    for c in data.new_contacts:
        out.append(f"<tr><td>{_e(c['a_name'])} and {_e(c['b_name'])}</td>"
                   f"<td>{_e(c['action_name'])} ({_e(c['action_kind'])})</td>"
                   f"<td>{_e(c['date'])}</td><td class=\"num\">{_e(c['shared'])}</td>"
                   f"<td>{_link(_text(c.get('source')))}</td></tr>")
    out.append("</tbody></table>")
    return out


def _html_sources(data: ReportData) -> list[str]:
    out = ["<h2>Data sources</h2>",
           '<p class="muted">The distinct sources of the records behind the figures above '
           "(milestone evidence, new contacts, events, members and suggestion evidence), with "
           "how many records cite each.</p>"]
    if not data.sources:
        out.append("<p>No records, so no sources.</p>")
        return out
    out.append("<ul>")
    out += [f"<li>{_link(source)} <span class=\"muted\">({count})</span></li>"
            for source, count in data.sources]
    out.append("</ul>")
    return out


def to_html(data: ReportData) -> str:
    """The report as one self-contained HTML page."""
    body = [
        f"<h1>{escape(TITLE)}</h1>",
        f'<p class="muted">Progress report as of {_e(data.as_of)}, computed from the '
        f"knowledge graph ({escape(data.backend)}).</p>",
        *_html_milestones(data), *_html_charts(data), *_html_suggestions(data),
        *_html_contacts(data), *_html_sources(data),
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


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def to_markdown(data: ReportData) -> str:
    """The report as Markdown (chart data as tables)."""
    out = [f"# {_m(TITLE)}", "",
           f"Progress report as of {_m(data.as_of)}, computed from the knowledge graph "
           f"({_m(data.backend)}).", "", "## Milestones", "",
           f"Status: {_m(_summary(data))}. Evidence counts up to the reporting date or the "
           "deadline, whichever is earlier.", ""]
    if data.statuses:
        out += _md_table(
            ["Action point", "Milestone", "Value", "Target", "Expected now", "Deadline",
             "Status", "Why"],
            [[_m("; ".join(s.milestone.action_points)), f"{_m(s.title)} ({_m(s.id)})",
              _m(number(s.value)), _m(number(s.target)), _m(number(s.expected)),
              _m(s.deadline), f"**{_m(s.status)}**", _m(s.reason)] for s in data.statuses])
        out += ["", "### Evidence", ""]
        for s in data.statuses:
            out.append(f"- **{_m(s.id)}** ({len(s.evidence)} rows, query "
                       f"{_m(s.milestone.query)})")
            for row in s.evidence:
                item, name, day, source = _evidence_cells(row)
                out.append(f"  - {_m(name or item)} ({_m(item)}, {_m(day)}): "
                           f"{_m_source(source)}")
    else:
        out.append("No milestones in the graph (load milestones.csv and measures.csv).")
    out += ["", "## Activity", "", f"### {_m(EVENTS_TITLE)}", "", _m(_events_note(data)),
            ""]
    out += _md_table(["Quarter", "Events", "Names"],
                     [[_m(p.label), str(len(p.events)), _m("; ".join(p.events))]
                      for p in data.quarters])
    out += ["", f"### {_m(MEMBERS_TITLE)}", "", _m(_members_note(data)), ""]
    out += _md_table(["Quarter", "Members", "Joined"],
                     [[_m(p.label), str(p.members), _m("; ".join(p.joined))]
                      for p in data.quarters])
    out += ["", "## Synergy suggestions", ""]
    if not data.suggestions:
        out.append("No synergy suggestions were given for this report.")
    for i, sug in enumerate(data.suggestions or [], start=1):
        out.append(f"{i}. **{_m(sug.a_name)}** and **{_m(sug.b_name)}** "
                   f"(score {_m(_score(sug))})")
        out += [f"   - {_m(line)}" for line in _suggestion_evidence(sug)]
    out += ["", f"## {_m(_contacts_heading(data))}", "", _m(CONTACTS_NOTE), ""]
    if data.new_contacts:
        out += _md_table(["Regions", "First shared action", "Date", "Shared actions"],
                         [[f"{_m(c['a_name'])} and {_m(c['b_name'])}",
                           f"{_m(c['action_name'])} ({_m(c['action_kind'])})", _m(c["date"]),
                           _m(c["shared"])] for c in data.new_contacts])
    else:
        out.append(f"No new contacts between regions from {_m(data.contacts_since)} to "
                   f"{_m(data.as_of)}.")
    out += ["", "## Data sources", ""]
    out += [f"- {_m_source(source)} ({count})" for source, count in data.sources]
    if not data.sources:
        out.append("No records, so no sources.")
    return "\n".join(out) + "\n"
