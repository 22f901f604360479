"""A load killed at any step leaves a database that the next command reads by itself.

Each test kills a real ``rsp load`` (SIGKILL, through the crash points of
:mod:`graph.faults`) while it loads the partnership data over the mini dataset, then
runs ``rsp stats`` read-only in a fresh process, with no manual step in between, and
checks that the graph is exactly the old one or exactly the new one. The points: inside
the load's transaction, while COMMIT writes the log, after it, and at three stages of
the final checkpoint (found by watching the engine's files), plus kills at fixed times
into that checkpoint. Then what recovery cannot do alone: a log cut off mid-record,
another process holding the write lock, no write access. Embedded backend only: Neo4j
recovers its own transaction log.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ladybug
import pytest
from click.testing import CliRunner

from cli import main
from graph import embedded
from graph.embedded import DB_FILE, MEMO_FILE, EmbeddedStore
from graph.errors import StoreError
from graph.faults import DELAY_ENV, ENV
from graph.registry import open_store
from tests.support import MINI, PARTNERSHIP, ROOT, graph_dump

#: Crash point -> which graph a reader must then see ("either" while COMMIT writes the log).
POINTS = {
    "load:after-begin": "old",
    "load:mid-write": "old",
    "load:before-commit": "old",
    "load:commit": "either",
    "load:after-commit": "new",
    "load:checkpoint": "new",
    "load:checkpoint-shadow": "new",
    "load:checkpoint-apply": "new",
}
KILLED = {-signal.SIGKILL, 137} if hasattr(signal, "SIGKILL") else {137}


def rsp(*args: str, crash: str | None = None, delay: str | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``rsp ARGS`` in a fresh process, optionally armed to die at a crash point."""
    env = {k: v for k, v in os.environ.items() if k not in (ENV, DELAY_ENV, "RSP_DB")}
    if crash:
        env[ENV] = crash
    if delay:
        env[DELAY_ENV] = delay
    return subprocess.run([sys.executable, "-c", "from cli import run; run()", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def dump(db: Path) -> list[tuple[Any, ...]]:
    with open_store(str(db), read_only=True) as store:
        return graph_dump(store)


def leftovers(db: Path) -> list[str]:
    """Files the engine leaves when a write did not finish (lock files are harmless, and
    rsp's memo names the files' state it holds for)."""
    return sorted(p.name for p in db.iterdir()
                  if p.name not in (DB_FILE, MEMO_FILE) and not p.name.endswith(".lock"))


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A database holding the mini dataset, and the dumps of the old and new graphs."""
    base = tmp_path_factory.mktemp("crash")
    old = base / "old"
    done = rsp("load", str(MINI), "--db", str(old))
    assert done.returncode == 0, done.stderr
    new = base / "new"
    shutil.copytree(old, new)
    done = rsp("load", str(PARTNERSHIP), "--db", str(new))
    assert done.returncode == 0, done.stderr
    stats = {name: json.loads(rsp("stats", "--db", str(db), "--format", "json").stdout)
             for name, db in (("old", old), ("new", new))}
    assert stats["old"] != stats["new"]
    return {"old_db": old, "old": dump(old), "new": dump(new), "stats": stats}


@pytest.fixture
def db(graphs: dict[str, Any], tmp_path: Path) -> Path:
    """A fresh copy of the database holding the old graph."""
    target = tmp_path / "db"
    shutil.copytree(graphs["old_db"], target)
    return target


def crash(db: Path, point: str, delay: str | None = None) -> subprocess.CompletedProcess[str]:
    killed = rsp("load", str(PARTNERSHIP), "--db", str(db), crash=point, delay=delay)
    if killed.returncode == 0:
        pytest.fail(f"the load finished before reaching {point}: make the step longer")
    assert killed.returncode in KILLED, (killed.returncode, killed.stderr)
    return killed


def which(graphs: dict[str, Any], db: Path,
          read: subprocess.CompletedProcess[str] | None = None) -> str:
    """Which graph the database holds, 'old' or 'new', as ``rsp stats`` and a dump see it.

    ``read`` is that ``rsp stats --format json`` run, if the caller made it already.
    """
    read = read or rsp("stats", "--db", str(db), "--format", "json")
    assert read.returncode == 0, read.stderr
    stats = json.loads(read.stdout)
    graph = dump(db)
    found = [name for name in ("old", "new") if graphs[name] == graph]
    assert found, "the graph is neither the old one nor the new one"
    assert stats == graphs["stats"][found[0]]
    return found[0]


@pytest.mark.parametrize("point", list(POINTS))
def test_killed_load_leaves_a_readable_database(graphs: dict[str, Any], db: Path,
                                                point: str) -> None:
    crash(db, point)
    left = leftovers(db)
    read = rsp("stats", "--db", str(db), "--format", "json")
    assert read.returncode == 0, read.stderr
    assert POINTS[point] in (which(graphs, db, read), "either")
    # Whatever the killed load left was finished (and said so) by that first read.
    assert [f for f in leftovers(db) if not f.startswith("damaged-")] == []
    assert ("was cut off" in read.stderr) == bool(left), (left, read.stderr)


@pytest.mark.parametrize("delay", ["0.002", "0.05", "0.3"])
def test_kill_at_a_time_into_the_final_checkpoint(graphs: dict[str, Any], db: Path,
                                                   delay: str) -> None:
    """The same by the clock: killed some ms after CHECKPOINT starts (or not at all)."""
    killed = rsp("load", str(PARTNERSHIP), "--db", str(db), crash="load:checkpoint",
                 delay=delay)
    assert killed.returncode in KILLED | {0}, killed.stderr
    assert which(graphs, db) == "new"


def test_the_next_load_after_a_cut_off_checkpoint_just_works(graphs: dict[str, Any],
                                                              db: Path) -> None:
    crash(db, "load:checkpoint-apply")
    assert f"{DB_FILE}.shadow" in leftovers(db)
    again = rsp("load", str(MINI), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "nothing committed was lost" in again.stderr
    assert leftovers(db) == []
    assert dump(db) == graphs["new"]  # mini is already in the new graph: nothing changes


def test_a_log_torn_while_committing_is_replayed_up_to_the_damage(
        graphs: dict[str, Any], db: Path) -> None:
    """A kill during COMMIT can leave half a transaction in the log: that load is lost."""
    crash(db, "load:after-commit")
    wal = db / f"{DB_FILE}.wal"
    whole = wal.read_bytes()
    wal.write_bytes(whole[: len(whole) // 2])  # what a kill in the middle of the write leaves
    read = rsp("stats", "--db", str(db), "--format", "json")
    assert read.returncode == 0, read.stderr
    assert "damaged" in read.stderr and "run it again" in read.stderr
    copies = [f for f in leftovers(db) if f.startswith("damaged-")]
    assert len(copies) == 1 and (db / copies[0]).read_bytes() == whole[: len(whole) // 2]
    assert dump(db) == graphs["old"]


@contextmanager
def writer(db: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database's write lock (as a running load does)."""
    code = ("import fcntl, os, time\n"
            f"fd = os.open({str(db / DB_FILE)!r}, os.O_RDWR)\n"
            "fcntl.lockf(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX record locks")
def test_a_writer_at_work_is_named_with_what_to_do(graphs: dict[str, Any], db: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    crash(db, "load:checkpoint")
    monkeypatch.setattr(embedded, "WRITER_WAIT", 0.3)
    with writer(db) as holder:
        result = CliRunner().invoke(main, ["stats", "--db", str(db)])
        assert result.exit_code == 1
        message = " ".join(result.stderr.split())
        assert f"another rsp process (PID {holder.pid}) is writing to {db}" in message
        assert "wait for it to finish, then run this command again" in message
        assert ".wal.checkpoint" in "".join(leftovers(db))  # nothing was touched meanwhile
    assert which(graphs, db) == "new"  # once the writer is gone the read recovers


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX record locks")
def test_a_read_waits_for_a_writer_that_finishes(graphs: dict[str, Any], db: Path) -> None:
    crash(db, "load:checkpoint")
    with writer(db) as holder:
        start = time.monotonic()
        timer = threading.Timer(0.5, holder.kill)
        timer.start()
        try:
            with EmbeddedStore(db, read_only=True) as store:
                assert graph_dump(store) == graphs["new"]
        finally:
            timer.cancel()
        assert time.monotonic() - start >= 0.5


def test_without_write_access_the_message_names_the_fix(
        graphs: dict[str, Any], db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crash(db, "load:checkpoint")
    real = ladybug.Database

    def no_write_access(path: str, **options: Any) -> Any:
        if not options.get("read_only"):
            raise RuntimeError(f"IO exception: Cannot open file {path}: Permission denied")
        return real(path, **options)

    monkeypatch.setattr(ladybug, "Database", no_write_access)
    with pytest.raises(StoreError) as refused:
        EmbeddedStore(db, read_only=True)
    message = str(refused.value)
    assert "needs a one-time recovery" in message and "Permission denied" in message
    assert f"Run 'rsp stats --db {db}' once as a user who can write" in message
    monkeypatch.setattr(ladybug, "Database", real)
    assert which(graphs, db) == "new"
