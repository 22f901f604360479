"""One formatter: a value reads the same in the table, CSV, the page and the report; CSV
and table output are safe to open or print."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from analysis.synergy import Evidence, Suggestion
from graph.values import number, plain, spreadsheet_safe, text
from usecases.network import NetworkData, NetworkEdge, NetworkNode
from usecases.progress import ReportData
from views.network import render_html
from views.output import render, to_json
from views.report import to_html, to_markdown

SCORE = 6.4967
SHOWN = "6.5"


def test_one_number_reads_the_same_everywhere() -> None:
    assert text(SCORE) == number(SCORE) == SHOWN
    assert render(["score"], [(SCORE,)]).splitlines()[-1] == SHOWN
    assert render(["score"], [(SCORE,)], "csv").splitlines()[-1] == SHOWN
    page = render_html(NetworkData(
        nodes=[NetworkNode("a", "A", "Region"), NetworkNode("b", "B", "Region")],
        edges=[NetworkEdge("a", "b", "SYNERGY", fields=(("score", SCORE),))], directed=False))
    assert f'["score","{SHOWN}"]' in page
    suggestion = Suggestion("a", "A", "b", "B", SCORE, external=False, existing=False,
                            evidence=[Evidence("shared_challenge", "both face x", 1.0)])
    data = ReportData(dt.date(2026, 1, 1), "ladybug", [], [], 0, dt.date(2026, 1, 1), [],
                      [suggestion], [])
    # The report shows the pair's 0-100 score, as rsp synergies does.
    shown = f"score {suggestion.scaled}/100 for A"
    assert shown in to_html(data) and shown in to_markdown(data)
    assert text(suggestion.scaled) == str(suggestion.scaled) == "62"


def test_json_keeps_raw_values_and_refuses_nan() -> None:
    assert json.loads(to_json({"score": SCORE, "day": dt.date(2025, 1, 2)})) == {
        "score": SCORE, "day": "2025-01-02"}
    with pytest.raises(ValueError):
        to_json({"x": float("nan")})


@pytest.mark.parametrize("value, shown", [
    (None, ""), (True, "yes"), (False, "no"), (3, "3"), (2.0, "2"), (0.25, "0.25"),
    (1234.567, "1234.57"), (0.012345, "0.0123"), (["a", 2.5], "a; 2.5"),
    (dt.date(2025, 3, 1), "2025-03-01"), (dt.datetime(2025, 3, 1, 9, 5), "2025-03-01 09:05"),
])
def test_values(value: object, shown: str) -> None:
    assert text(value) == shown


def test_csv_cells_never_run_as_formulas() -> None:
    rows = [("=HYPERLINK(\"http://x\",\"y\")",), ("+1",), ("-cmd",), ("@SUM(A1)",), (-2,),
            ("plain",)]
    out = render(["cell"], rows, "csv").splitlines()[1:]
    assert out == ['"\'=HYPERLINK(""http://x"",""y"")"', "'+1", "'-cmd", "'@SUM(A1)", "-2",
                   "plain"]
    assert spreadsheet_safe(-2.5) == "-2.5"


def test_tables_show_direction_overrides_instead_of_obeying_them() -> None:
    evil = "invoice\u202etxt.exe"
    table = render(["file"], [(evil,)])
    assert "\u202e" not in table and "invoice<U+202E>txt.exe" in table
    assert plain("a\x1b[31mb") == "a<U+001B>[31mb"
