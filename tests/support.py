"""What several test modules share that is not a fixture: paths and the graph dump.

Test modules import from here (or get fixtures from ``conftest.py``), never from each other.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from graph.schema import LOAD_RECORD, SYSTEM_KINDS
from graph.store import Store

ROOT = Path(__file__).resolve().parent.parent
PARTNERSHIP = ROOT / "data" / "partnership"
MINI = ROOT / "tests" / "fixtures" / "mini"
FIXTURES = ROOT / "tests" / "fixtures"


def statements_run(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The list every statement ``store`` runs from now on is appended to (the test's
    view of which queries a use case asks, and which it does not)."""
    ran: list[str] = []
    execute = store.execute

    def spy(cypher: str, *args: object, **kwargs: object) -> object:
        ran.append(cypher)
        return execute(cypher, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "execute", spy)
    return ran


def graph_dump(store: Store, *, history: bool = False) -> list[tuple[Any, ...]]:
    """Every node and relationship with all properties, sorted: equal dumps = equal graphs.

    The load history (``LoadRecord`` nodes) is left out unless ``history``: it records
    loads, it is not the graph's content; the synergy index, derived from it, always is.
    """
    left_out = {k.label for k in SYSTEM_KINDS} - ({LOAD_RECORD.label} if history else set())
    nodes = [row for row in store.execute("MATCH (n) RETURN n").rows
             if row[0].get("_kind") not in left_out]
    rels = store.execute("MATCH (a)-[r]->(b) RETURN a.id, r, b.id").rows

    def props(item: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        # Neo4j does not store nulls; LadybugDB returns every column: compare what is set.
        return tuple(sorted((k, repr(v)) for k, v in item.items() if v is not None))

    node_items = sorted(props(row[0]) for row in nodes)
    rel_items = sorted((row[0], props(row[1]), row[2]) for row in rels)
    return [*node_items, *rel_items]


COMMON = {"source": "constructed test", "updated": "2026-11-25", "illustrative": "true"}


def write_tables(folder: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    """Write a small dataset (one CSV per table, provenance columns added) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        rows = [{**r, **COMMON} for r in rows]
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


HOSTILE = '<img src=x onerror="window.__xss=1">'
CONTACT_NAME = "Jana Example-Person"
CONTACT_EMAIL = "jana@example.invalid"
ILLUSTRATIVE = {"source": "illustrative test fixture", "updated": "2026-11-25", "verified": "true",
           "illustrative": "true"}


def append_rows(folder: Path, file: str, rows: list[dict[str, str]]) -> None:
    """Append rows to a CSV of the dataset (or create it), one plain line per row.

    Cells are written unquoted: the loader sniffs the dialect from the header line alone,
    which reads Excel's doubled quotes (``""``) wrongly, while a bare ``"`` inside an
    unquoted cell is read as it is.
    """
    path = folder / f"{file}.csv"
    if path.exists():
        with path.open(newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        lines = []
    else:
        header = list(rows[0])
        lines = [",".join(header)]
    for row in rows:
        cells = [row.get(k, ILLUSTRATIVE.get(k, "")) for k in header]
        assert not any(c.startswith('"') or set(c) & {",", "\n", "\r"} for c in cells)
        lines.append(",".join(cells))
    with path.open("a", newline="", encoding="utf-8") as f:
        f.write("".join(line + "\r\n" for line in lines))


def make_dataset(tmp_path: Path, *, hostile: bool = True, contacts: bool = False) -> Path:
    """The mini fixture, plus an organisation with a hostile name and optionally a contact."""
    folder = tmp_path / "dataset"
    shutil.copytree(MINI, folder)
    if hostile:
        append_rows(folder, "organisations", [{"id": "org-hostile", "name": HOSTILE,
                                           "category": "other", "country_code": "IT",
                                           "source": "https://example.org/<script>x</script>"}])
        append_rows(folder, "located_in", [{"from": "org-hostile", "to": "region-south"}])
    if contacts:
        append_rows(folder, "contacts", [{"id": "contact-jana", "name": CONTACT_NAME,
                                      "role": "regional skills coordinator",
                                      "email": CONTACT_EMAIL, **ILLUSTRATIVE}])
        append_rows(folder, "works_for",
                    [{"from": "contact-jana", "to": "org-carmaker", **ILLUSTRATIVE}])
    return folder


#: The reporting date the milestone fixture is built for.
AS_OF = dt.date(2026, 11, 25)
MILESTONES = FIXTURES / "milestones"
