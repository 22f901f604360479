"""Anchors for bench/scale.py that need no server: what the same work costs done directly.

Each runs in a process of its own (so bench/scale.py can measure its wall time and peak
memory like any ``rsp`` command) and prints one JSON object on stdout.

``copy DATA DB``      LadybugDB ``COPY FROM`` of the dataset's rows into an empty database
                      with the project's schema DDL (graph.embedded.node_ddl / rel_ddl).
                      ``seconds`` is the database's work alone (DDL and the COPY statements);
                      ``prep_seconds`` the pre-pass that sorts relationship rows by the node
                      tables at their ends (COPY needs one (from, to) table pair per statement).
``validate DATA``     loaders.validate.read_dataset alone: reading and validating.
``brokers DATA [N]``  igraph betweenness on the graph ``rsp brokers`` ranks (organisations and
                      the projects, events and networks they take part in), from the CSV files,
                      with the same sampling (N seeded sources above N nodes; N = 2,000, as
                      analysis/brokers.py samples).
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.schema import LIST_SEPARATOR, NODE_KINDS, REL_KINDS, NodeKind, Prop, RelKind  # noqa: E402

_TYPES = {"string": "STRING", "int": "INT64", "float": "DOUBLE", "bool": "BOOLEAN",
          "date": "DATE", "list": "STRING[]"}
#: rsp brokers' seed (analysis.brokers.SEED); the sample is the same work budget's.
BROKER_SEED = 42
BROKER_TYPES = ("partner_in", "attends", "hosts", "member_of")


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def _literal(prop: Prop, value: object) -> str:
    """A schema default as a Cypher literal of the column's type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(f"'{v}'" for v in value) + "]"
    if isinstance(value, int | float):
        return str(value)
    return f"CAST('{value}' AS {_TYPES[prop.type]})"


def _expression(prop: Prop, columns: list[str], dataset: str) -> str:
    """The value COPY stores for ``prop``: the CSV column cast to the table's type, its
    default when empty or absent; ``datasets`` is the dataset's name, as rsp load sets it."""
    if prop.name == "datasets":
        return f"['{dataset}']"
    if prop.name not in columns:
        if prop.default is None:
            return f"CAST(NULL AS {_TYPES[prop.type]})"
        return _literal(prop, prop.default)
    col = f"`{prop.name}`"
    if prop.type == "string":
        value = col
    elif prop.type == "list":
        value = (f"CASE WHEN {col} IS NULL OR {col} = '' THEN NULL "
                 f"ELSE string_split({col}, '{LIST_SEPARATOR}') END")
    else:
        value = f"CAST({col} AS {_TYPES[prop.type]})"
    if prop.default is not None:
        value = f"COALESCE({value}, {_literal(prop, prop.default)})"
    return value


def _projection(kind: NodeKind | RelKind, columns: list[str], dataset: str) -> str:
    keys = ", ".join(f"`{c}`" for c in kind.key_columns)
    values = ", ".join(_expression(p, columns, dataset) for p in kind.value_props)
    return f"{keys}, {values}"


def copy(data: Path, db_dir: Path) -> dict[str, Any]:
    """COPY FROM every CSV of ``data`` into a new database at ``db_dir``."""
    import ladybug

    from graph.embedded import DB_FILE, node_ddl, rel_ddl

    dataset = data.resolve().name
    prep_start = time.perf_counter()
    id_kind: dict[str, str] = {}
    node_files: list[tuple[NodeKind, Path]] = []
    for node_kind in NODE_KINDS:
        path = data / f"{node_kind.file}.csv"
        if path.exists():
            node_files.append((node_kind, path))
            with path.open(newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    id_kind[row["id"]] = node_kind.label
    split_dir = Path(tempfile.mkdtemp(prefix="rsp-bench-copy-"))
    # (relationship kind, file, from table, to table) for each COPY statement.
    rel_files: list[tuple[RelKind, Path, str, str]] = []
    for rel_kind in REL_KINDS:
        path = data / f"{rel_kind.file}.csv"
        if not path.exists():
            continue
        groups: dict[tuple[str, str], list[list[str]]] = {}
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            i_from, i_to = header.index("from"), header.index("to")
            for cells in reader:
                groups.setdefault((id_kind[cells[i_from]], id_kind[cells[i_to]]),
                                  []).append(cells)
        if len(groups) == 1:
            ((source, target),) = groups
            rel_files.append((rel_kind, path, source, target))
            continue
        for (source, target), group in groups.items():
            part = split_dir / f"{rel_kind.file}-{source}-{target}.csv"
            with part.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(group)
            rel_files.append((rel_kind, part, source, target))
    prep = time.perf_counter() - prep_start

    db_dir.mkdir(parents=True, exist_ok=True)
    database = ladybug.Database(str(db_dir / DB_FILE))
    conn = ladybug.Connection(database)
    start = time.perf_counter()
    for node_kind in NODE_KINDS:
        conn.execute(node_ddl(node_kind))
    for rel_kind in REL_KINDS:
        conn.execute(rel_ddl(rel_kind))
    for node_kind, path in node_files:
        conn.execute(f"COPY {node_kind.label} FROM (LOAD FROM '{path}' (header=true) RETURN "
                     f"{_projection(node_kind, _header(path), dataset)})")
    for rel_kind, path, source, target in rel_files:
        options = f" (from='{source}', to='{target}')" if len(rel_kind.endpoint_pairs) > 1 else ""
        conn.execute(f"COPY {rel_kind.type} FROM (LOAD FROM '{path}' (header=true) RETURN "
                     f"{_projection(rel_kind, _header(path), dataset)}){options}")
    conn.execute("CHECKPOINT")
    seconds = time.perf_counter() - start
    rows = 0
    for node_kind in NODE_KINDS:
        rows += _count(conn, f"MATCH (n:{node_kind.label}) RETURN count(n)")
    for rel_kind in REL_KINDS:
        rows += _count(conn, f"MATCH ()-[r:{rel_kind.type}]->() RETURN count(r)")
    conn.close()
    database.close()
    shutil.rmtree(split_dir, ignore_errors=True)
    return {"seconds": seconds, "prep_seconds": prep, "rows": rows}


def _count(conn: Any, statement: str) -> int:
    result = conn.execute(statement)
    return int(result.get_next()[0])


def validate(data: Path) -> dict[str, Any]:
    from loaders.validate import read_dataset

    start = time.perf_counter()
    read_dataset(data)
    return {"seconds": time.perf_counter() - start}


def brokers(data: Path, sample: int | None = None) -> dict[str, Any]:
    """igraph betweenness on the same graph rsp brokers builds, from the same number of
    sources (``None``: as many as rsp's work budget allows, as rsp does), read straight
    from the CSV files: the cost of the algorithm without the database."""
    import igraph as ig

    from analysis.brokers import budget_sample

    start = time.perf_counter()
    with (data / "organisations.csv").open(newline="", encoding="utf-8") as handle:
        orgs = {row["id"] for row in csv.DictReader(handle)}
    index: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    for name in BROKER_TYPES:
        path = data / f"{name}.csv"
        if not path.exists():
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["from"] not in orgs:
                    continue
                a = index.setdefault(row["from"], len(index))
                b = index.setdefault(row["to"], len(index))
                pairs.append((a, b))
    graph = ig.Graph(n=len(index), edges=pairs, directed=False)
    graph.simplify()
    n = graph.vcount()
    if sample is None:
        sample = budget_sample(n, graph.ecount()) or n
    build = time.perf_counter() - start
    start = time.perf_counter()
    if n > sample:
        sources = random.Random(BROKER_SEED).sample(range(n), sample)
        graph.betweenness(sources=sources, targets=None, directed=False)
    else:
        graph.betweenness(directed=False)
    return {"seconds": time.perf_counter() - start, "build_seconds": build, "nodes": n,
            "edges": graph.ecount(), "sources": min(n, sample)}


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    command, *args = argv
    if command == "copy":
        result = copy(Path(args[0]), Path(args[1]))
    elif command == "validate":
        result = validate(Path(args[0]))
    elif command == "brokers":
        result = brokers(Path(args[0]), *(int(a) for a in args[1:2]))
    else:
        raise SystemExit(f"unknown anchor {command!r}; one of copy, validate, brokers")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
