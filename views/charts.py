"""Small self-contained SVG charts for the progress report: no JavaScript, nothing loaded.

Every text that reaches the SVG (titles, labels, tooltips) is HTML-escaped here, so
callers may pass data strings as they are. The SVG is meant to be inlined in an HTML page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from analysis.quarters import Quarter, quarter_end, quarter_label, quarter_of, quarter_range
from graph.values import number

FONT = "font-family=\"system-ui, sans-serif\""
BAR_COLOR = "#4e79a7"
LINE_COLOR = "#59a14f"
AXIS_COLOR = "#6b7280"
GRID_COLOR = "#e5e7eb"


def _ticks(top: float) -> list[float]:
    """Round y-axis ticks from 0 to at least ``top`` (at most about five).

    >>> _ticks(4), _ticks(15)
    ([0, 1, 2, 3, 4], [0, 5, 10, 15])
    """
    top = max(top, 1)
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1)
    count = math.ceil(top / step)
    return [int(i * step) if float(i * step).is_integer() else i * step
            for i in range(count + 1)]


class _Frame:
    """Plot geometry shared by the chart kinds: margins, scales, axes and x labels."""

    def __init__(self, n: int, top: float, width: int, height: int):
        self.left, self.right, self.top_m, self.bottom = 36, 12, 42, 44
        self.width, self.height = width, height
        self.n = max(n, 1)
        self.ticks = _ticks(top)
        self.ymax = self.ticks[-1] or 1
        self.plot_w = width - self.left - self.right
        self.plot_h = height - self.top_m - self.bottom
        self.slot = self.plot_w / self.n

    def x(self, i: int) -> float:
        """Centre of slot ``i``."""
        return self.left + self.slot * (i + 0.5)

    def y(self, value: float) -> float:
        return self.top_m + self.plot_h * (1 - value / self.ymax)

    def axes(self, title: str, labels: Sequence[str], sublabels: Sequence[str] | None) -> str:
        parts = [f'<text x="{self.left}" y="18" font-size="14" font-weight="600" {FONT}>'
                 f"{escape(title)}</text>"]
        for tick in self.ticks:
            y = self.y(tick)
            parts.append(f'<line x1="{self.left}" x2="{self.width - self.right}" '
                         f'y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID_COLOR}"/>')
            parts.append(f'<text x="{self.left - 6}" y="{y + 4:.1f}" font-size="10" '
                         f'text-anchor="end" fill="{AXIS_COLOR}" {FONT}>{number(tick)}</text>')
        base = self.top_m + self.plot_h
        parts.append(f'<line x1="{self.left}" x2="{self.width - self.right}" y1="{base}" '
                     f'y2="{base}" stroke="{AXIS_COLOR}"/>')
        previous = None
        for i, label in enumerate(labels):
            parts.append(f'<text x="{self.x(i):.1f}" y="{base + 14}" font-size="10" '
                         f'text-anchor="middle" fill="{AXIS_COLOR}" {FONT}>'
                         f"{escape(label)}</text>")
            sub = sublabels[i] if sublabels and i < len(sublabels) else None
            if sub and sub != previous:
                parts.append(f'<text x="{self.x(i) - self.slot / 2 + 2:.1f}" y="{base + 30}" '
                             f'font-size="10" fill="{AXIS_COLOR}" {FONT}>{escape(sub)}</text>')
            previous = sub
        return "".join(parts)

    def open(self, title: str) -> str:
        return (f'<svg class="chart" role="img" aria-label="{escape(title)}" '
                f'width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}">'
                f"<title>{escape(title)}</title>")


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str,
              sublabels: Sequence[str] | None = None, tooltips: Sequence[str] | None = None,
              width: int = 680, height: int = 240, color: str = BAR_COLOR) -> str:
    """A vertical bar chart as inline SVG; ``tooltips`` become each bar's ``<title>``.

    >>> svg = bar_chart(["Q1", "Q2"], [1, 3], title="Events <per> quarter")
    >>> svg.startswith("<svg") and svg.count("<rect") == 2 and "&lt;per&gt;" in svg
    True
    """
    frame = _Frame(len(labels), max(values, default=0), width, height)
    parts = [frame.open(title), frame.axes(title, labels, sublabels)]
    bar_w = max(frame.slot * 0.7, 1)
    base = frame.y(0)
    for i, value in enumerate(values):
        top = frame.y(value)
        tip = tooltips[i] if tooltips and i < len(tooltips) else f"{labels[i]}: {number(value)}"
        parts.append(f"<g><title>{escape(tip)}</title>"
                     f'<rect x="{frame.x(i) - bar_w / 2:.1f}" y="{top:.1f}" '
                     f'width="{bar_w:.1f}" height="{max(base - top, 0):.1f}" fill="{color}"/>')
        if value:
            parts.append(f'<text x="{frame.x(i):.1f}" y="{top - 3:.1f}" font-size="10" '
                         f'text-anchor="middle" {FONT}>{number(value)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def line_chart(labels: Sequence[str], values: Sequence[float], *, title: str,
               sublabels: Sequence[str] | None = None, tooltips: Sequence[str] | None = None,
               width: int = 680, height: int = 240, color: str = LINE_COLOR) -> str:
    """A line chart with a marked point per label, as inline SVG.

    >>> svg = line_chart(["a", "b", "c"], [1, 2, 2], title="Members")
    >>> svg.count("<circle"), "<polyline" in svg
    (3, True)
    """
    frame = _Frame(len(labels), max(values, default=0), width, height)
    parts = [frame.open(title), frame.axes(title, labels, sublabels)]
    points = " ".join(f"{frame.x(i):.1f},{frame.y(v):.1f}" for i, v in enumerate(values))
    if points:
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                     'stroke-width="2"/>')
    for i, value in enumerate(values):
        tip = tooltips[i] if tooltips and i < len(tooltips) else f"{labels[i]}: {number(value)}"
        parts.append(f"<g><title>{escape(tip)}</title>"
                     f'<circle cx="{frame.x(i):.1f}" cy="{frame.y(value):.1f}" r="3.5" '
                     f'fill="{color}"/>'
                     f'<text x="{frame.x(i):.1f}" y="{frame.y(value) - 7:.1f}" font-size="10" '
                     f'text-anchor="middle" {FONT}>{number(value)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["Quarter", "bar_chart", "line_chart", "quarter_end", "quarter_label", "quarter_of",
           "quarter_range"]
