"""The Neo4j load anchor: Neo4j's own ``LOAD CSV … CALL {} IN TRANSACTIONS`` of a CSV folder.

``rsp load`` on Neo4j is measured against this in the same run (issue #14: the write phase
at least 1.0x its speed, the whole load with validation at least 0.7x). The anchor writes the
same graph as ``rsp load`` would into an empty database: every node and relationship kind
of :mod:`graph.schema`, values typed as the loader types them (dates, booleans, numbers,
``|``-lists, the schema's defaults), the ``datasets`` property, after the same uniqueness
constraints and indexes. Nodes are CREATEd and relationships MATCH/MATCH/CREATEd (the
fastest Cypher idiom into an empty database; ``merge=True`` gives the MERGE form).

The server reads the CSVs itself (``file:///`` URLs), so they must lie in its import
directory (``server.directories.import``): :func:`stage` hard-links (or copies) a folder
there; ``scripts/neo4j-local`` puts the import directory at ``$RSP_NEO4J_RUN/import`` or
``$NEO4J_IMPORT_DIR``.

Usage (prints the seconds per file and in total)::

    NEO4J_URI=... NEO4J_PASSWORD=... .venv/bin/python bench/anchors_neo4j.py FOLDER IMPORT_DIR

The database must be empty (``scripts/neo4j-local reset``, or :func:`clear`).
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.neo4j_store import schema_statements  # noqa: E402
from graph.schema import (  # noqa: E402
    DATASETS,
    LIST_SEPARATOR,
    NODE_KINDS,
    REL_KINDS,
    NodeKind,
    Prop,
    RelKind,
)

#: Rows per inner transaction: Neo4j's own default for ``IN TRANSACTIONS`` is 1000.
ROWS_PER_TRANSACTION = 10_000


@dataclass
class AnchorTiming:
    """Seconds the anchor took per statement (file and label pair) and in total."""

    seconds: float = 0.0
    rows: int = 0
    steps: list[tuple[str, float]] = field(default_factory=list)


def _value(prop: Prop) -> str:
    """The Cypher expression that types one CSV column as the loader does (an empty cell
    is null; LOAD CSV already reads an empty unquoted field as null)."""
    cell = f"row.`{prop.name}`"
    typed = {
        "string": cell,
        "int": f"toInteger({cell})",
        "float": f"toFloat({cell})",
        "bool": f"toBoolean({cell})",
        "date": f"date({cell})",
        "list": f"split({cell}, '{LIST_SEPARATOR}')",
    }[prop.type]
    if prop.name == DATASETS:
        return "$datasets"
    if prop.default is not None:
        return f"coalesce({typed}, $defaults.`{prop.name}`)"
    return typed


def _defaults(kind: NodeKind | RelKind) -> dict[str, Any]:
    return {p.name: list(p.default) if isinstance(p.default, tuple) else p.default
            for p in kind.stored_props if p.default is not None}


def _props(props: tuple[Prop, ...]) -> str:
    return ", ".join(f"`{p.name}`: {_value(p)}" for p in props)


def node_statement(kind: NodeKind, rows: int = ROWS_PER_TRANSACTION, *,
                   merge: bool = False) -> str:
    """LOAD CSV of one node file (``$url``) in transactions of ``rows`` rows."""
    if merge:
        others = tuple(p for p in kind.stored_props if p.name != "id")
        body = f"MERGE (n:{kind.label} {{id: row.id}}) SET n += {{{_props(others)}}}"
    else:
        body = f"CREATE (n:{kind.label} {{{_props(kind.stored_props)}}})"
    return (f"LOAD CSV WITH HEADERS FROM $url AS row CALL (row) {{ {body} }} "
            f"IN TRANSACTIONS OF {int(rows)} ROWS")


def rel_statement(kind: RelKind, source: str, target: str, rows: int = ROWS_PER_TRANSACTION,
                  *, merge: bool = False) -> str:
    """LOAD CSV of one relationship file (``$url``) between ``source`` and ``target``
    nodes; rows whose ends are other kinds find no match and write nothing."""
    props = _props(kind.value_props)
    write = (f"MERGE (a)-[r:{kind.type}]->(b) SET r += {{{props}}}" if merge
             else f"CREATE (a)-[:{kind.type} {{{props}}}]->(b)")
    return (f"LOAD CSV WITH HEADERS FROM $url AS row CALL (row) {{ "
            f"MATCH (a:{source} {{id: row.`from`}}) MATCH (b:{target} {{id: row.`to`}}) "
            f"{write} }} IN TRANSACTIONS OF {int(rows)} ROWS")


def label_pairs(folder: Path | str) -> dict[str, list[tuple[str, str]]]:
    """For each relationship file of ``folder``: the (source, target) node kinds its rows
    join (read from the node files; not part of the timed anchor)."""
    folder = Path(folder)
    label_of: dict[str, str] = {}
    for node in NODE_KINDS:
        path = folder / f"{node.file}.csv"
        if path.exists():
            with path.open(newline="", encoding="utf-8-sig") as f:
                for row in csv.DictReader(f):
                    label_of[row["id"]] = node.label
    out: dict[str, list[tuple[str, str]]] = {}
    for rel in REL_KINDS:
        path = folder / f"{rel.file}.csv"
        if not path.exists():
            continue
        seen: set[tuple[str, str]] = set()
        with path.open(newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                pair = (label_of.get(row["from"], ""), label_of.get(row["to"], ""))
                if pair in rel.endpoint_pairs:
                    seen.add(pair)
        out[rel.file] = sorted(seen)
    return out


def stage(folder: Path | str, import_dir: Path | str) -> str:
    """Put ``folder``'s CSVs under ``import_dir`` (hard links, else copies) unless they are
    there already; returns their path relative to the import directory (for URLs)."""
    folder, import_dir = Path(folder).resolve(), Path(import_dir).resolve()
    if folder.is_relative_to(import_dir):
        return folder.relative_to(import_dir).as_posix()
    target = import_dir / f"anchor-{folder.name}"
    target.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.csv"):
        dest = target / path.name
        dest.unlink(missing_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copyfile(path, dest)
    return target.relative_to(import_dir).as_posix()


def plan(folder: Path | str, relative: str, rows: int = ROWS_PER_TRANSACTION, *,
         merge: bool = False) -> list[tuple[str, str, str]]:
    """(step name, statement, URL) of the anchor: node files first, then relationships."""
    folder = Path(folder)
    steps = []
    for kind in NODE_KINDS:
        if (folder / f"{kind.file}.csv").exists():
            steps.append((kind.file, node_statement(kind, rows, merge=merge),
                          f"file:///{relative}/{kind.file}.csv"))
    pairs = label_pairs(folder)
    for rel in REL_KINDS:
        for source, target in pairs.get(rel.file, []):
            steps.append((f"{rel.file} {source}->{target}",
                          rel_statement(rel, source, target, rows, merge=merge),
                          f"file:///{relative}/{rel.file}.csv"))
    return steps


def ensure_schema(driver: neo4j.Driver, database: str | None = None) -> None:
    """The same constraints and indexes ``rsp load`` creates before it writes."""
    with driver.session(database=database) as session:
        for statement in schema_statements():
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()


def run_anchor(driver: neo4j.Driver, folder: Path | str, import_dir: Path | str, *,
               dataset: str | None = None, rows: int = ROWS_PER_TRANSACTION,
               merge: bool = False, database: str | None = None) -> AnchorTiming:
    """Load ``folder`` with LOAD CSV … IN TRANSACTIONS into the (empty) database and time
    it. Staging, the constraints and the label scan are not timed; every statement is."""
    relative = stage(folder, import_dir)
    steps = plan(folder, relative, rows, merge=merge)
    ensure_schema(driver, database)
    name = dataset or Path(folder).name
    kinds: dict[str, NodeKind | RelKind] = {k.file: k for k in NODE_KINDS}
    kinds.update({k.file: k for k in REL_KINDS})
    timing = AnchorTiming()
    with driver.session(database=database) as session:
        for step, statement, url in steps:
            kind = kinds[step.split()[0]]
            start = time.perf_counter()
            summary = session.run(statement, {"url": url, "datasets": [name],
                                              "defaults": _defaults(kind)}).consume()
            took = time.perf_counter() - start
            counters = summary.counters
            timing.rows += counters.nodes_created + counters.relationships_created
            timing.steps.append((step, took))
            timing.seconds += took
    return timing


def clear(driver: neo4j.Driver, database: str | None = None) -> None:
    """Empty the database in batches (slow for millions of rows: prefer a fresh server)."""
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } "
                    "IN TRANSACTIONS OF 10000 ROWS").consume()


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        raise SystemExit(__doc__)
    folder, import_dir = argv[1], argv[2]
    rows = int(argv[3]) if len(argv) > 3 else ROWS_PER_TRANSACTION
    auth = (os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
    with neo4j.GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver:
        timing = run_anchor(driver, folder, import_dir, rows=rows,
                            database=os.environ.get("NEO4J_DATABASE"))
    for step, took in timing.steps:
        print(f"{step:40} {took:8.2f} s")
    print(f"LOAD CSV IN TRANSACTIONS OF {rows} ROWS: {timing.rows:,} rows in "
          f"{timing.seconds:.2f} s")


if __name__ == "__main__":
    main(sys.argv)
