"""Benchmark: how each cost of rsp grows with the size of the network, next to an anchor.

Generates the synthetic EU-scale network (``rsp generate``) at each size, runs every
command as a user would (``rsp ...`` in a process of its own, so start-up is included and
its peak memory is that process's), runs the anchor alongside in the same run, and prints
one markdown table: row, size, rows, figure, anchor, ratio, target, met, peak memory.
It asserts nothing; it prints figures. See docs/performance.md.

Usage:
  python bench/scale.py --sizes 0.25,0.5,1 [--skip-neo4j] [--double] [--workdir DIR]
                        [--out docs-table.md] [--region region-s0000]

Size 1 is the EU scale of ``rsp generate`` (300 regions, 100,000 organisations, 1,000,000
relationships: about 1.1 million rows); a size f scales regions, organisations and
relationships by f (challenges and funds stay), so one region's neighbourhood keeps its
size. ``--double`` adds the network at 2x (2.2 million rows): the loads with their anchors
and the one-region synergies, whose time should stay flat.

Neo4j: NEO4J_URI / NEO4J_PASSWORD if set (the database is emptied with DETACH DELETE in
transactions between loads; the LOAD CSV anchor needs the server's import directory, from
NEO4J_IMPORT_DIR or $RSP_NEO4J_RUN/import), else scripts/neo4j-local is started in a run
directory of its own with its default memory, reset to an empty database before each load
and stopped at the end.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import json
import math
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for _path in (str(ROOT), str(BENCH)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from loaders.generate import Scale  # noqa: E402

RSP = str(Path(sys.executable).parent / "rsp")
NEO4J_LOCAL = str(ROOT / "scripts" / "neo4j-local")
EU = Scale()
DEFAULT_REGION = "region-s0000"
#: How many times a question asked again runs: its row shows the median.
REPEAT = 5
#: rsp's packages (pyproject.toml's packages.find), compiled before the runs.
PACKAGES = ("graph", "queries", "loaders", "analysis", "usecases", "views")


# -- measuring one process ---------------------------------------------------------------


@dataclass
class Run:
    """One process: wall time, peak resident memory (MB, 10^6 bytes), exit code, where its
    output went."""

    seconds: float
    peak_mb: float
    code: int
    stdout: Path
    stderr: Path
    #: When this is the median of several runs: (fastest, slowest, how many runs).
    spread: tuple[float, float, int] | None = None

    @property
    def ok(self) -> bool:
        return self.code == 0

    def error(self) -> str:
        lines = self.stderr.read_text(errors="replace").strip().splitlines()
        return lines[-1][:160] if lines else f"exit code {self.code}"

    def json(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.stdout.read_text().strip().splitlines()[-1])
        return result


class Runner:
    """Runs commands in processes of their own and keeps their output in ``logs``."""

    def __init__(self, logs: Path, env: dict[str, str]) -> None:
        self.logs = logs
        self.env = env
        self.n = 0
        logs.mkdir(parents=True, exist_ok=True)

    def run(self, name: str, argv: Sequence[str], env: dict[str, str] | None = None,
            timeout: float = 3600) -> Run:
        self.n += 1
        stem = self.logs / f"{self.n:03d}-{name}"
        out, err = stem.with_suffix(".out"), stem.with_suffix(".err")
        print(f"  $ {' '.join(argv)}", file=sys.stderr, flush=True)
        with out.open("wb") as o, err.open("wb") as e:
            start = time.perf_counter()
            proc = subprocess.Popen(list(argv), stdout=o, stderr=e, cwd=ROOT,
                                    env={**self.env, **(env or {})})
            deadline = start + timeout
            while True:
                # wait4 on this one child: its own rusage, so its own peak RSS.
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    proc.send_signal(signal.SIGKILL)
                time.sleep(0.02)
            seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        # ru_maxrss is in KiB; figures are in MB (10^6 bytes), like the files' size.
        run = Run(seconds, usage.ru_maxrss * 1024 / 1e6, proc.returncode, out, err)
        note = "" if run.ok else f"  FAILED: {run.error()}"
        print(f"    {seconds:8.2f} s  {run.peak_mb:7.0f} MB{note}", file=sys.stderr, flush=True)
        return run

    def rsp(self, name: str, *args: str, db: str) -> Run:
        return self.run(name, [RSP, *args, "--db", db])

    def rsp_median(self, name: str, *args: str, db: str, times: int = REPEAT) -> Run:
        """The same command ``times`` times: the run of median time, with the spread; the
        first failure instead, if any. A figure of about a second moves by 10-30 % from
        one run to the next on a shared machine; the median is the time to expect."""
        runs = []
        for i in range(times):
            run = self.rsp(f"{name}-{i + 1}", *args, db=db)
            if not run.ok:
                return run
            runs.append(run)
        ordered = sorted(runs, key=lambda r: r.seconds)
        middle = ordered[len(ordered) // 2]
        return dataclasses.replace(middle, spread=(ordered[0].seconds, ordered[-1].seconds,
                                                   times))

    def python(self, name: str, *args: str) -> Run:
        return self.run(name, [sys.executable, *args])


# -- the table ---------------------------------------------------------------------------


@dataclass
class Row:
    what: str
    size: float
    rows: int
    figure: str
    anchor: str = "–"
    ratio: str = "–"
    target: str = "–"
    met: str = "–"
    peak: str = "–"
    seconds: float | None = None  # for the growth table


@dataclass
class Target:
    """How a row is judged. ``speed``: anchor time / figure time must be >= ``limit``
    (the figure runs at that fraction of the anchor's speed); ``time``: figure time /
    anchor time <= ``limit``; ``seconds``: figure time < ``limit``; ``memory``: peak
    memory / file size <= ``limit``."""

    kind: str
    limit: float

    def text(self) -> str:
        return {"speed": f"≥ {self.limit:g}x speed", "time": f"≤ {self.limit:g}x time",
                "seconds": f"< {self.limit:g} s", "memory": f"≤ {self.limit:g}x files"}[self.kind]


def _secs(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _size(size: float) -> str:
    return {0.25: "1/4", 0.5: "1/2", 1.0: "1", 2.0: "2x"}.get(size, f"{size:g}")


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(self, what: str, size: float, nrows: int, run: Run | None, *,
            anchor: float | None = None, anchor_note: str = "",
            target: Target | None = None, figure: float | None = None) -> None:
        """One row: ``run`` the measured process (or ``figure`` seconds derived from
        runs), ``anchor`` the anchor's seconds."""
        if run is not None and not run.ok:
            self.rows.append(Row(what, size, nrows, f"failed: {run.error()}",
                                 target=target.text() if target else "–", met="no"))
            return
        seconds = figure if figure is not None else (run.seconds if run else None)
        text = _secs(seconds) if seconds is not None else "–"
        if run is not None and run.spread is not None and figure is None:
            fastest, slowest, times = run.spread
            text += f" (median of {times}: {fastest:.2f}–{slowest:.2f})"
        row = Row(what, size, nrows, text,
                  peak=f"{run.peak_mb:.0f} MB" if run else "–", seconds=seconds)
        if anchor is not None:
            row.anchor = _secs(anchor) + (f" ({anchor_note})" if anchor_note else "")
        elif anchor_note:
            row.anchor = anchor_note
        if target:
            row.target = target.text()
        if seconds is not None and anchor is not None and seconds > 0 and anchor > 0:
            if target and target.kind == "speed":
                ratio = anchor / seconds
                row.ratio = f"{ratio:.2f}x speed"
            else:
                ratio = seconds / anchor
                row.ratio = f"{ratio:.2f}x time"
            if target and target.kind in ("speed", "time"):
                ok = ratio >= target.limit if target.kind == "speed" else ratio <= target.limit
                row.met = "yes" if ok else "no"
        if target and target.kind == "seconds" and seconds is not None:
            row.met = "yes" if seconds < target.limit else "no"
        self.rows.append(row)

    def memory(self, what: str, size: float, nrows: int, run: Run | None,
               files_mb: float, limit: float) -> None:
        if run is None or not run.ok:
            return
        ratio = run.peak_mb / files_mb
        self.rows.append(Row(what, size, nrows, f"{run.peak_mb:.0f} MB peak",
                             f"{files_mb:.1f} MB CSV", f"{ratio:.1f}x files", f"≤ {limit:g}x files",
                             "yes" if ratio <= limit else "no", f"{run.peak_mb:.0f} MB"))

    def note(self, what: str, size: float, nrows: int, text: str) -> None:
        self.rows.append(Row(what, size, nrows, text))

    def markdown(self) -> str:
        head = ["row", "size", "rows", "figure", "anchor", "ratio", "target", "met?",
                "peak RSS"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in self.rows:
            cells = [r.what, _size(r.size), f"{r.rows:,}", r.figure, r.anchor, r.ratio,
                     r.target, r.met, r.peak]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines)

    def growth(self) -> str:
        """Each timed row across sizes, with the exponent of its growth in rows between the
        smallest and the largest size (1.0: linear; 0: flat)."""
        series: dict[str, list[tuple[float, int, float]]] = {}
        for r in self.rows:
            if r.seconds is not None and r.seconds > 0:
                series.setdefault(r.what, []).append((r.size, r.rows, r.seconds))
        sizes = sorted({s for points in series.values() for s, _, _ in points})
        if len(sizes) < 2:
            return ""
        head = ["row", *(_size(s) for s in sizes), "growth exponent"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for what, points in series.items():
            by = {s: t for s, _, t in points}
            if len(points) >= 2:
                (_, n1, t1), (_, n2, t2) = min(points), max(points)
                exponent = f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}" if n2 != n1 else "–"
            else:
                exponent = "–"
            lines.append("| " + " | ".join([what, *(_secs(by[s]) if s in by else "–"
                                                     for s in sizes), exponent]) + " |")
        return "\n".join(lines)


# -- data ----------------------------------------------------------------------------------


def scale_at(size: float) -> Scale:
    return Scale(regions=max(2, round(EU.regions * size)),
                 organisations=max(10, round(EU.organisations * size)),
                 relationships=max(10, round(EU.relationships * size)),
                 challenges=EU.challenges, seed=EU.seed)


def dataset(runner: Runner, work: Path, size: float) -> tuple[Path, int, float]:
    """The generated folder for ``size`` (reused when the workdir holds it), its rows and
    its CSV megabytes."""
    scale = scale_at(size)
    folder = work / f"data-{_size(size).replace('/', 'of')}"
    stamp = folder / ".scale.json"
    wanted = json.dumps(scale.__dict__, sort_keys=True)
    if not (stamp.exists() and stamp.read_text() == wanted):
        shutil.rmtree(folder, ignore_errors=True)
        run = runner.run("generate", [RSP, "generate", str(folder),
                                      "--regions", str(scale.regions),
                                      "--organisations", str(scale.organisations),
                                      "--relationships", str(scale.relationships),
                                      "--challenges", str(scale.challenges),
                                      "--seed", str(scale.seed)])
        if not run.ok:
            raise SystemExit(f"rsp generate failed: {run.error()}")
        stamp.write_text(wanted)
    rows = 0
    size_bytes = 0
    for path in folder.glob("*.csv"):
        size_bytes += path.stat().st_size
        with path.open("rb") as handle:
            rows += sum(1 for _ in handle) - 1
    return folder, rows, size_bytes / 1e6


# -- Neo4j -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Neo4j:
    """The server the Neo4j rows run on: the caller's (NEO4J_URI) or one of our own."""

    def __init__(self, work: Path, *, wipe: bool = False) -> None:
        self.own = not os.environ.get("NEO4J_URI")
        self.env: dict[str, str] = {}
        self.emptying = 0.0  # seconds spent emptying the database, all loads together
        if self.own:
            run_dir = work / "neo4j"
            shutil.rmtree(run_dir, ignore_errors=True)
            self.env = {"RSP_NEO4J_RUN": str(run_dir),
                        "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", "rsp-bench-pw"),
                        "NEO4J_BOLT_PORT": str(_free_port()),
                        "NEO4J_HTTP_PORT": str(_free_port())}
            self.import_dir: Path | None = run_dir / "import"
            self._script("start")
        else:
            self.env = {k: v for k, v in os.environ.items() if k.startswith("NEO4J_")}
            given = os.environ.get("NEO4J_IMPORT_DIR") or (
                os.environ.get("RSP_NEO4J_RUN") and f"{os.environ['RSP_NEO4J_RUN']}/import")
            self.import_dir = Path(given) if given else None
            if not wipe and self.count() > 0:
                raise SystemExit(f"the database at {self.uri} is not empty and the benchmark "
                                 "empties it between loads: pass --wipe-given-neo4j if that is "
                                 "meant, else unset NEO4J_URI (a server of its own is started)")

    def _script(self, command: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        out = subprocess.run([NEO4J_LOCAL, command], capture_output=True, text=True,
                             env={**env, **self.env}, check=False)
        if out.returncode:
            raise SystemExit(f"scripts/neo4j-local {command} failed:\n{out.stderr[-2000:]}")
        if command in ("start", "reset"):
            for line in out.stdout.splitlines():
                key, eq, value = line.partition("=")
                if eq:
                    self.env[key] = value

    @property
    def uri(self) -> str:
        return self.env["NEO4J_URI"]

    def driver(self) -> Any:
        import neo4j

        return neo4j.GraphDatabase.driver(
            self.uri, auth=(self.env.get("NEO4J_USERNAME", "neo4j"),
                            self.env.get("NEO4J_PASSWORD", "")))

    def count(self) -> int:
        with self.driver() as driver, driver.session(
                database=self.env.get("NEO4J_DATABASE")) as session:
            n: int = session.run("MATCH (n) RETURN count(n) AS n").single()["n"]
            return n

    def empty(self) -> float:
        """An empty database; returns the seconds it took."""
        start = time.perf_counter()
        if self.own:
            self._script("reset")
        else:
            with self.driver() as driver, driver.session(
                    database=self.env.get("NEO4J_DATABASE")) as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } "
                            "IN TRANSACTIONS OF 10000 ROWS").consume()
        took = time.perf_counter() - start
        self.emptying += took
        how = "scripts/neo4j-local reset" if self.own else "DETACH DELETE"
        print(f"  Neo4j emptied ({how}): {took:.1f} s", file=sys.stderr, flush=True)
        return took

    def stop(self) -> None:
        if self.own:
            self._script("stop")


def load_csv_anchor(neo: Neo4j, folder: Path) -> tuple[float | None, str]:
    """Neo4j's LOAD CSV … CALL {} IN TRANSACTIONS of the same CSVs into the empty
    database (bench/anchors_neo4j.py); (seconds, note), or (None, why not)."""
    if neo.import_dir is None:
        return None, "no import dir (set NEO4J_IMPORT_DIR)"
    try:
        from anchors_neo4j import run_anchor  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        return None, f"anchor unavailable: {exc}"
    try:
        with neo.driver() as driver:
            timing = run_anchor(driver, folder, neo.import_dir,
                                database=neo.env.get("NEO4J_DATABASE"))
    except Exception as exc:  # the anchor failing must not end the benchmark
        print(f"  LOAD CSV anchor failed: {exc}", file=sys.stderr, flush=True)
        return None, f"LOAD CSV failed: {str(exc).splitlines()[0][:120]}"
    print(f"  LOAD CSV anchor: {timing.rows:,} rows in {timing.seconds:.1f} s", file=sys.stderr,
          flush=True)
    return float(timing.seconds), f"LOAD CSV, {timing.rows:,} rows"


# -- the rows ------------------------------------------------------------------------------


@dataclass
class Plan:
    sizes: list[float]
    double: bool
    neo4j: bool
    region: str
    wipe: bool = False
    brokers_sample: int | None = None


def analysis_rows(runner: Runner, table: Table, backend: str, db: str, size: float,
                  nrows: int, work: Path, *, region: str, full: bool, fast: float,
                  brokers_anchor: float | None) -> None:
    """The read rows on one backend: synergies, communities, brokers, viz."""
    run = runner.rsp(f"{backend}-synergies-one", "synergies", region, "--explain", db=db)
    table.add(f"{backend}: synergies REGION --explain", size, nrows, run,
              target=Target("seconds", fast))
    # The same question again: the first one after a load also pays for the database's
    # cold start (Neo4j plans each query text once, then keeps the plan; pages come into
    # the cache), which a server in use has paid already. Asked REPEAT times: the median,
    # as a first question can only be asked once.
    run = runner.rsp_median(f"{backend}-synergies-one-again", "synergies", region,
                            "--explain", db=db)
    table.add(f"{backend}: synergies REGION --explain, asked again", size, nrows, run,
              target=Target("seconds", fast))
    if not full:
        return
    run = runner.rsp(f"{backend}-synergies-all", "synergies", "--all", db=db)
    table.add(f"{backend}: synergies --all", size, nrows, run, target=Target("seconds", 5))
    run = runner.rsp(f"{backend}-communities", "communities", db=db)
    table.add(f"{backend}: communities", size, nrows, run, target=Target("seconds", 30))
    run = runner.rsp(f"{backend}-brokers", "brokers", db=db)
    table.add(f"{backend}: brokers", size, nrows, run, target=Target("seconds", 30),
              anchor=brokers_anchor, anchor_note="igraph" if brokers_anchor else "")
    page = work / f"viz-{backend}.html"
    run = runner.rsp(f"{backend}-viz", "viz", "-o", str(page), db=db)
    table.add(f"{backend}: viz (whole network, summarised)", size, nrows, run)
    run = runner.rsp(f"{backend}-viz-region", "viz", "--region", region, "--depth", "2",
                     "-o", str(page), db=db)
    table.add(f"{backend}: viz --region R --depth 2", size, nrows, run)


def one_size(runner: Runner, table: Table, plan: Plan, work: Path, size: float,
             neo: Neo4j | None) -> None:
    full = size <= 1.0  # at 2x: only the loads and the one-region synergies
    print(f"size {_size(size)}: {scale_at(size)}", file=sys.stderr, flush=True)
    folder, nrows, files_mb = dataset(runner, work, size)
    label = _size(size).replace("/", "of")

    # Reading and validating alone: the anchor of the no-change reload.
    validate = runner.python("validate", str(BENCH / "anchors_embedded.py"), "validate",
                             str(folder))
    validated = validate.seconds if validate.ok else None
    table.add("read and validate (read_dataset)", size, nrows, validate)

    # Embedded: first load against COPY FROM into an empty database, then the reload.
    copy_db = work / f"copy-{label}"
    shutil.rmtree(copy_db, ignore_errors=True)
    copy = runner.python("copy-anchor", str(BENCH / "anchors_embedded.py"), "copy",
                         str(folder), str(copy_db))
    copy_s = copy.json()["seconds"] if copy.ok else None
    shutil.rmtree(copy_db, ignore_errors=True)
    db = work / f"db-{label}"
    shutil.rmtree(db, ignore_errors=True)
    first = runner.rsp("embedded-load", "load", str(folder), db=str(db))
    table.add("embedded: first load", size, nrows, first, anchor=copy_s,
              anchor_note="COPY FROM" if copy.ok else f"COPY failed: {copy.error()}",
              target=Target("speed", 0.5))
    table.memory("embedded: peak memory of the load", size, nrows, first, files_mb, 5)
    if full:
        again = runner.rsp("embedded-reload", "load", str(folder), db=str(db))
        table.add("embedded: reload, nothing changed", size, nrows, again, anchor=validated,
                  anchor_note="read and validate", target=Target("time", 1.3))
    brokers_anchor = None
    if full:
        anchor = runner.python("brokers-anchor", str(BENCH / "anchors_embedded.py"),
                               "brokers", str(folder),
                               *([str(plan.brokers_sample)] if plan.brokers_sample else []))
        brokers_anchor = anchor.seconds if anchor.ok else None
    if first.ok:
        analysis_rows(runner, table, "embedded", str(db), size, nrows, work, region=plan.region,
                      full=full, fast=1, brokers_anchor=brokers_anchor)
    if not full:
        shutil.rmtree(db, ignore_errors=True)
    if neo is None:
        return

    # Neo4j: LOAD CSV anchor, then rsp load --dry-run and rsp load, each on an empty database.
    neo.empty()
    anchor_s, anchor_note = load_csv_anchor(neo, folder)
    neo.empty()
    dry = runner.rsp("neo4j-dry-run", "load", str(folder), "--dry-run", db=neo.uri)
    load = runner.rsp("neo4j-load", "load", str(folder), db=neo.uri)
    table.add("Neo4j: load (whole, with validation)", size, nrows, load, anchor=anchor_s,
              anchor_note=anchor_note, target=Target("speed", 0.7))
    if load.ok and dry.ok:
        table.add("Neo4j: load, write phase (load − dry-run)", size, nrows, None,
                  figure=max(0.0, load.seconds - dry.seconds), anchor=anchor_s,
                  anchor_note=anchor_note, target=Target("speed", 1.0))
    table.memory("Neo4j: peak memory of the load", size, nrows, load, files_mb, 5)
    if load.ok:
        analysis_rows(runner, table, "Neo4j", neo.uri, size, nrows, work, region=plan.region,
                      full=full, fast=2, brokers_anchor=brokers_anchor)


@contextmanager
def neo4j_server(plan: Plan, work: Path) -> Iterator[Neo4j | None]:
    if not plan.neo4j:
        yield None
        return
    neo = Neo4j(work, wipe=plan.wipe)
    try:
        yield neo
    finally:
        neo.stop()


def machine() -> str:
    cpu = "unknown CPU"
    with Path("/proc/cpuinfo").open() as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with Path("/proc/meminfo").open() as handle:
        for line in handle:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
                break
    import ladybug

    load = os.getloadavg()
    return (f"{os.cpu_count()} cores ({cpu}), {mem} RAM, Python {platform.python_version()}, "
            f"LadybugDB {ladybug.__version__}; load average at the start "
            f"{load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}")


def _emptying(neo: Neo4j | None) -> str:
    if neo is None:
        return ""
    how = "scripts/neo4j-local reset" if neo.own else "DETACH DELETE"
    return f"; of which {neo.emptying / 60:.1f} min emptying Neo4j between loads ({how})"


def compile_project() -> None:
    """Byte-compile rsp's modules once, as an installed package has them: an editable
    install under ``PYTHONDONTWRITEBYTECODE`` (set on some machines, this benchmark's
    among them) would otherwise compile every module again in every command, about 0.1 s
    of each, which no user with a normal install pays."""
    for name in PACKAGES:
        compileall.compile_dir(ROOT / name, quiet=1)
    compileall.compile_file(ROOT / "cli.py", quiet=1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1",
                        help="Fractions of the EU-scale network, e.g. 0.25,0.5,1.")
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--double", action="store_true",
                        help="Also the network at 2x: loads and one-region synergies.")
    parser.add_argument("--workdir", type=Path,
                        help="Keep data, databases and logs here (generated data is reused).")
    parser.add_argument("--out", type=Path, help="Also write the tables (markdown) here.")
    parser.add_argument("--region", default=DEFAULT_REGION,
                        help="The region of the one-region rows (present at every size).")
    parser.add_argument("--brokers-sample", type=int, default=None,
                        help="Sources of the igraph betweenness anchor (default: as many as "
                             "rsp brokers' work budget allows, as rsp does).")
    parser.add_argument("--wipe-given-neo4j", action="store_true",
                        help="Allow emptying a non-empty database at $NEO4J_URI.")
    args = parser.parse_args(argv)
    sizes = sorted(float(s) for s in args.sizes.split(",") if s.strip())
    plan = Plan(sizes + ([2.0] if args.double and 2.0 not in sizes else []), args.double,
                not args.skip_neo4j, args.region, args.wipe_given_neo4j, args.brokers_sample)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="rsp-bench-"))
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("RSP_DB",)}
    compile_project()
    runner = Runner(work / "logs", env)
    table = Table()
    header = machine()
    started = time.perf_counter()
    server: Neo4j | None = None
    try:
        with neo4j_server(plan, work) as neo:
            server = neo
            if neo is not None:
                print(f"Neo4j at {neo.uri} ({'own scripts/neo4j-local' if neo.own else 'given'})",
                      file=sys.stderr, flush=True)
            if neo is not None:  # the rsp commands log in as the benchmark does
                runner.env.update({k: v for k, v in neo.env.items()
                                   if k in ("NEO4J_USERNAME", "NEO4J_PASSWORD",
                                            "NEO4J_DATABASE")})
            for size in plan.sizes:
                one_size(runner, table, plan, work, size, neo)
    finally:
        took = time.perf_counter() - started
        text = (f"Machine: {header}. Benchmark took {took / 60:.1f} min "
                f"(sizes {', '.join(_size(s) for s in plan.sizes)}"
                f"{'' if plan.neo4j else ', Neo4j skipped'}"
                f"{_emptying(server)}).\n\n"
                f"{table.markdown()}\n")
        growth = table.growth()
        if growth:
            text += f"\nGrowth with size (exponent 1.0 = linear in rows):\n\n{growth}\n"
        print(text)
        if args.out:
            args.out.write_text(text)
        if not args.workdir:  # keep the logs, not gigabytes of data and databases
            for path in work.iterdir():
                if path.name != "logs":
                    shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink()
            print(f"(the commands' output is in {work / 'logs'})", file=sys.stderr)


if __name__ == "__main__":
    main()
