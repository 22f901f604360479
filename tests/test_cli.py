"""The ``rsp`` command line, through click's CliRunner, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.support import MINI, PARTNERSHIP

COMMANDS = sorted(main.commands)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example" in out and f"rsp {command}" in out


def test_load_twice_leaves_stats_identical(db_args: list[str]) -> None:
    assert run("load", str(PARTNERSHIP), *db_args)[0] == 0
    code, first, _ = run("stats", "--format", "json", *db_args)
    assert code == 0
    assert run("load", str(PARTNERSHIP), *db_args)[0] == 0
    assert run("stats", "--format", "json", *db_args)[1] == first
    counts = json.loads(first)
    assert counts["Region"] >= 15 and counts["FACES"] > 0


def test_write_queries_are_refused(db_args: list[str]) -> None:
    run("load", str(MINI), *db_args)
    code, _out, err = run("query", "-e", "CREATE (:Region {id: 'x', name: 'X'})", *db_args)
    assert code == 1
    assert "read-only" in err and "Traceback" not in err
    assert json.loads(run("stats", "--format", "json", *db_args)[1])["Region"] == 3


def test_query_named_and_adhoc_with_params(db_args: list[str]) -> None:
    run("load", str(MINI), *db_args)
    code, out, _ = run("query", "regions", "--param", "country=Italy", "--format", "json",
                       *db_args)
    assert code == 0
    assert {r["name"] for r in json.loads(out)} == {"South Region", "East Region"}
    code, out, _ = run("query", "-e", "MATCH (r:Region) WHERE r.id = $id RETURN r.name AS n",
                       "-p", "id=region-north", "--format", "csv", *db_args)
    assert code == 0 and out.splitlines() == ["n", "North Region"]


def test_regions_filters(db_args: list[str]) -> None:
    run("load", str(MINI), *db_args)
    out = run("regions", "--members", "--format", "json", *db_args)[1]
    assert {r["id"] for r in json.loads(out)} == {"region-north", "region-south"}
    out = run("regions", "--non-members", "--format", "json", *db_args)[1]
    assert {r["id"] for r in json.loads(out)} == {"region-east"}
    out = run("regions", "--ara", "--country", "it", "--format", "csv", *db_args)[1]
    assert out.splitlines()[1].startswith("region-east,")


def test_invalid_dataset_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "regions.csv").write_text("id,name,country,country_code,source,updated\n"
                                     "r1,,Italy,IT,doc,2026-01-01\nr2,B,Italy,IT,doc,yesterday\n")
    code, _, err = run("load", str(bad), "--db", str(tmp_path / "db"))
    assert code == 1
    assert "2 problems found; nothing was written" in err
    assert "regions.csv, row 2, column 'name': a value is required" in err
    assert "regions.csv, row 3, column 'updated'" in err
    code, _, err = run("validate", str(bad))
    assert code == 1 and "row 3" in err


def test_validate_and_init(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(MINI))
    assert code == 0 and "OK" in out
    code, out, _ = run("init", str(tmp_path / "new"))
    assert code == 0 and (tmp_path / "new" / "regions.csv").exists()
    assert run("validate", str(tmp_path / "new"))[0] == 0
    code, _, err = run("init", str(tmp_path / "new"))
    assert code == 1 and "not empty" in err
    code, _, _ = run("init", str(tmp_path / "book"), "--xlsx")
    assert code == 0 and (tmp_path / "book" / "partnership.xlsx").exists()
    assert run("validate", str(tmp_path / "book" / "partnership.xlsx"))[0] == 0


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("query", "--db", str(tmp_path))[0] == 2
    assert run("stats", "--format", "yaml")[0] == 2
    assert run("query", "regions", "-p", "novalue", "--db", str(tmp_path))[0] == 2


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("stats", "--db", str(tmp_path / "nothing"))
    assert code == 1 and err.startswith("Error: no database at")


def test_schema_outputs() -> None:
    _, out, _ = run("schema", "--format", "json")
    data = json.loads(out)
    assert {n["label"] for n in data["nodes"]} >= {"Region", "Organisation", "Milestone"}
    _code, out, _ = run("schema", "--kind", "Region")
    assert "nuts_code" in out and "FACES" not in out
    assert run("schema", "--kind", "Nope")[0] == 2


def test_data_format_doc_is_current() -> None:
    doc = Path(__file__).parent.parent / "docs" / "data-format.md"
    assert doc.read_text(encoding="utf-8") == run("schema", "--format", "markdown")[1]


def test_demo_tours_the_product(tmp_path: Path) -> None:
    code, out, _ = run("demo", "--out", str(tmp_path / "tour"))
    assert code == 0, out
    for region in ("Trnava Region", "Basilicata", "Catalonia", "Stuttgart Region"):
        assert region in out
    assert "/100" in out and "contact:" in out and "Shared challenges" in out
    assert "could join" in out
    for name in ("synergies.html", "report.html"):
        page = tmp_path / "tour" / name
        assert f"Wrote {page.resolve()}" in out and page.read_text(encoding="utf-8")
    closing = out.strip().splitlines()[-3:]
    assert [line.split()[1:2] for line in closing] == [["load"], ["synergies"], ["--help"]]


def test_viz_writes_offline_pages(db_args: list[str], tmp_path: Path) -> None:
    run("load", str(PARTNERSHIP), *db_args)
    out = tmp_path / "net.html"
    code, stdout, _ = run("viz", "-o", str(out), *db_args)
    assert code == 0 and "works offline" in stdout
    page = out.read_text(encoding="utf-8")
    assert "Trnava Region" in page and "<script src=" not in page
    code, _, _ = run("viz", "--synergies", "--top", "5", "-o", str(tmp_path / "s.html"),
                     *db_args)
    assert code == 0 and "Mangualde" in (tmp_path / "s.html").read_text(encoding="utf-8")
    code, _, err = run("viz", "--region", "trnava", "--depth", "1", "--kinds", "Region,Nope",
                       "-o", str(out), *db_args)
    assert code == 1 and "Nope" in err
    assert run("viz", "--depth", "2", "-o", str(out), *db_args)[0] == 2


def test_milestones_and_report(db_args: list[str], tmp_path: Path) -> None:
    run("load", str(PARTNERSHIP), *db_args)
    code, out, _ = run("milestones", "--explain", "--as-of", "2026-11-25", "--format", "json",
                       *db_args)
    assert code == 0
    found = {m["id"]: m for m in json.loads(out)}
    wanted = {"ms-ap1-meetings-2025", "ms-ap2-members-2026", "ms-ap4-pilot-regions-2026"}
    assert wanted <= set(found)
    assert all("evidence" in m and m["status"] for m in found.values())
    code, out, _ = run("milestones", "--as-of", "2026-11-25", *db_args)
    assert code == 0 and "ms-ap3-asa-support-2026" in out
    code, out, _ = run("report", "-o", str(tmp_path / "r.html"), "--synergies", "3", *db_args)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert code == 0 and "<svg" in page and "Mangualde" in page and "<script" not in page
    code, _, _ = run("report", "-o", str(tmp_path / "r.md"), "--as-of", "2025-12-31", *db_args)
    assert code == 0 and (tmp_path / "r.md").read_text(encoding="utf-8").startswith("#")
    assert run("milestones", "--as-of", "2025-13-01", *db_args)[0] == 2
