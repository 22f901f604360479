"""Benchmark: how fast the Neo4j backend reads, to judge whether neo4j-rust-ext pays off.

Run it twice, with and without the extension installed (`pip install neo4j-rust-ext`),
against the same server and data; it prints the driver's flavour and the timings.

Usage: NEO4J_URI=... NEO4J_PASSWORD=... .venv/bin/python bench/neo4j_read_bench.py [DATASET]
DATASET is loaded first when given (e.g. a folder written by `rsp generate`).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.registry import open_store  # noqa: E402
from loaders import load_path  # noqa: E402
from usecases.synergies import read_synergy_graph, synergy_model  # noqa: E402


def main() -> None:
    import importlib.util

    rust = importlib.util.find_spec("neo4j._rust") is not None
    flavour = "with neo4j-rust-ext" if rust else "pure-Python driver"
    store = open_store(os.environ["NEO4J_URI"], user=os.environ.get("NEO4J_USERNAME", "neo4j"),
                       password=os.environ.get("NEO4J_PASSWORD"))
    with store:
        if len(sys.argv) > 1:
            store.execute("MATCH (n) DETACH DELETE n", write=True)
            load_path(store, sys.argv[1])
        print(f"{flavour}; {sum(store.counts().values()):,} nodes and relationships")
        for label, fn in (
            ("all nodes as dicts", lambda: store.execute("MATCH (n) RETURN n")),
            ("all relationships (ids)",
             lambda: store.execute("MATCH (a)-[r]->(b) RETURN a.id, b.id, r")),
            ("whole synergy graph (reference)", lambda: read_synergy_graph(store)),
            ("synergy model (aggregates)", lambda: synergy_model(store)),
        ):
            best = min(_time(fn) for _ in range(3))
            print(f"  {label:<28} best of 3: {best:6.2f} s")


def _time(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
