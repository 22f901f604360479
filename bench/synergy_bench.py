"""Benchmark: generate an EU-scale synthetic network, load it into both backends, time
loading and the all-pairs synergy computation. Prints figures; asserts nothing.

Usage: .venv/bin/python bench/synergy_bench.py [--regions 300] [--organisations 100000]
       [--relationships 1000000] [--skip-neo4j]
Neo4j: NEO4J_URI/NEO4J_PASSWORD if set, else scripts/neo4j-local is started and stopped.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.synergy import build_model, suggestions  # noqa: E402
from analysis.synergy_graph import read_synergy_graph  # noqa: E402
from graph.registry import open_store  # noqa: E402
from graph.store import Store  # noqa: E402
from loaders.generate import Scale, generate  # noqa: E402
from loaders.validate import read_dataset  # noqa: E402


def timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"  {label:<44} {time.perf_counter() - start:8.2f} s", flush=True)
    return result


def synergy_figures(store: Store) -> None:
    g = timed("read synergy graph (5 Cypher queries)", lambda: read_synergy_graph(store))
    model = timed("all-pairs matrices (sparse)", lambda: build_model(g))
    pairs = timed("rank all pairs (scores)", lambda: suggestions(model, None, top=0,
                                                                 explain=False))
    print(f"  pairs with a positive score: {len(pairs):,}")
    timed("evidence index (built once)", lambda: model.index)
    top = timed("top 100 pairs with evidence", lambda: suggestions(model, None, top=100))
    print(f"  evidence lines for the top 100: {sum(len(s.evidence) for s in top):,}")
    region = model.regions[0]
    timed(f"one region ({region}), top 10 with evidence",
          lambda: suggestions(model, region, top=10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--workdir", type=Path,
                        help="Keep data and the embedded database here; reuse them if present "
                             "(then only the synergy figures are measured again).")
    args = parser.parse_args()
    scale = Scale(args.regions, args.organisations, args.relationships)
    with tempfile.TemporaryDirectory(prefix="rsp-bench-") as tmp:
        work = args.workdir or Path(tmp)
        data, db = work / "data", work / "db"
        print(f"Synthetic network: {scale}")
        reuse = (db / "graph.lbug").exists()
        if not reuse:
            counts = timed("generate CSV", lambda: generate(data, scale))
            print(f"  rows: {sum(counts.values()):,}")
        dataset = timed("read + validate", lambda: read_dataset(data))
        print("LadybugDB (embedded)")
        if not reuse:
            with open_store(str(db)) as store:
                timed("load (one transaction)", lambda: store.write_dataset(dataset))
                timed("reload (idempotent, nothing changes)",
                      lambda: store.write_dataset(dataset))
        with open_store(str(db), read_only=True) as store:
            synergy_figures(store)
        if args.skip_neo4j:
            return
        print("Neo4j 5.26")
        env = dict(os.environ)
        stop = None
        if not env.get("NEO4J_URI"):
            # A run directory of its own: start keeps data, so never a developer's database.
            env["RSP_NEO4J_RUN"] = tempfile.mkdtemp(prefix="rsp-bench-neo4j-")
            out = subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "start"],
                                 capture_output=True, text=True, check=True,
                                 env={**env, "NEO4J_HEAP_MAX": "4g"})
            env.update(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)
            stop = [str(ROOT / "scripts" / "neo4j-local"), "stop"]
        try:
            with open_store(env["NEO4J_URI"], user=env.get("NEO4J_USERNAME", "neo4j"),
                            password=env.get("NEO4J_PASSWORD")) as neo:
                from graph.neo4j_store import Neo4jStore

                assert isinstance(neo, Neo4jStore)
                timed("load (batched commits, resumable)",
                      lambda: neo.write_dataset(dataset, atomic=False))
                synergy_figures(neo)
        finally:
            if stop:
                subprocess.run(stop, capture_output=True, env=env)


if __name__ == "__main__":
    main()
