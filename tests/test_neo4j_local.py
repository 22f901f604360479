"""``scripts/neo4j-local`` keeps its database; only ``reset`` deletes it.

One real Neo4j 5.26 server in its own run directory on free loopback ports, driven through
the script as a user would: write data, kill the JVM with SIGKILL (a crash), ``start`` again
and find the data recovered; ``restart`` keeps it too; a wrong password makes ``start`` fail
with a clear message and stop the server again; ``reset`` starts empty with a new password.
Slow: five JVM starts, 1–4 minutes depending on the machine's load. Without Java, or without
Maven while the jars are not cached yet, it is skipped, except under CI (``CI`` set): there it
fails.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import neo4j
import pytest

from tests.support import ROOT

SCRIPT = ROOT / "scripts" / "neo4j-local"
# Ports other servers on this machine use (the defaults, .ci/run's and the benchmarks').
TAKEN = {7474, 7687, 17474, 17687, 27474, 27687}
PASSWORD = "crash-test-password"
ROWS = 500


def _free_port() -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in TAKEN:
            return port


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI needs it (apt-get install -y openjdk-17-jre-headless maven)")
    pytest.skip(reason)


class LocalNeo4j:
    """``scripts/neo4j-local`` with its own run directory and ports."""

    def __init__(self, run_dir: Path) -> None:
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("NEO4J_") and k != "RSP_NEO4J_RUN"}
        bolt = _free_port()
        http = _free_port()
        while http == bolt:
            http = _free_port()
        self.env.update(RSP_NEO4J_RUN=str(run_dir), NEO4J_PASSWORD=PASSWORD,
                        NEO4J_BOLT_PORT=str(bolt), NEO4J_HTTP_PORT=str(http))
        self.uri = f"bolt://127.0.0.1:{self.env['NEO4J_BOLT_PORT']}"

    def run(self, *args: str, check: bool = True, unset: tuple[str, ...] = (),
            **env: str) -> subprocess.CompletedProcess[str]:
        command_env = {k: v for k, v in {**self.env, **env}.items() if k not in unset}
        done = subprocess.run([str(SCRIPT), *args], env=command_env, capture_output=True,
                              text=True, timeout=900)
        if check and done.returncode != 0:
            pytest.fail(f"scripts/neo4j-local {' '.join(args)} exited {done.returncode}:\n"
                        f"{done.stderr[-4000:]}")
        return done

    def query(self, cypher: str, password: str = PASSWORD, **params: Any) -> list[Any]:
        with neo4j.GraphDatabase.driver(self.uri, auth=("neo4j", password)) as driver:
            records, _, _ = driver.execute_query(cypher, params, database_="neo4j")
        return [record[0] for record in records]

    def owns(self, pid: int) -> bool:
        """Whether ``pid`` is this run directory's Neo4j JVM."""
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return False
        return f"--home-dir={self.env['RSP_NEO4J_RUN']}".encode() in args

    def pid(self) -> int:
        status = self.run("status")
        found = re.search(r"running \(pid (\d+)", status.stdout)
        assert found, status.stdout
        return int(found.group(1))


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs; a JVM whose main thread is a zombie while other threads still
    exit (holding ports and files) runs, an exited unreaped zombie does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[0]
        return state != "Z" or len(os.listdir(f"/proc/{pid}/task")) > 1
    except (OSError, IndexError):
        return True


def _crash(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while _alive(pid):
        assert time.monotonic() < deadline, f"pid {pid} survived SIGKILL"
        time.sleep(0.1)


def _settings(stdout: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in stdout.splitlines() if "=" in line)


def test_data_survives_crash_and_restart_and_reset_wipes_it(tmp_path: Path) -> None:
    if shutil.which(os.environ.get("JAVA", "java")) is None:
        _unavailable("no Java: scripts/neo4j-local needs Java 17+")
    server = LocalNeo4j(tmp_path / "run")
    fetched = server.run("fetch", check=False)
    if fetched.returncode != 0:
        if shutil.which(os.environ.get("MVN", "mvn")) is None:
            _unavailable("no Maven to fetch the Neo4j jars (and none cached)")
        pytest.fail(f"scripts/neo4j-local fetch failed:\n{fetched.stderr[-4000:]}")
    pids: list[int] = []
    try:
        started = server.run("start")
        assert _settings(started.stdout)["NEO4J_URI"] == server.uri
        assert "new database" in started.stderr
        server.query("CREATE (:Probe {id: 'before-crash'})")
        server.query("UNWIND range(1, $n) AS i CREATE (:Bulk {i: i})", n=ROWS)

        # Crash: the JVM dies at once; pid file and store lock files stay behind.
        pids.append(server.pid())
        _crash(pids[-1])
        crashed = server.run("status", check=False)
        assert crashed.returncode == 3
        assert "ended without 'stop'" in crashed.stdout

        began = time.monotonic()
        recovered = server.run("start")
        took = time.monotonic() - began
        assert "recovers its database" in recovered.stderr
        assert "starting the existing database" in recovered.stderr
        assert server.query("MATCH (p:Probe) RETURN p.id") == ["before-crash"]
        assert server.query("MATCH (b:Bulk) RETURN count(b)") == [ROWS]
        print(f"start after SIGKILL: {took:.1f}s")

        # restart keeps the data; the password comes from the last start when not given.
        pids.append(server.pid())
        restarted = server.run("restart", unset=("NEO4J_PASSWORD",))
        assert _settings(restarted.stdout)["NEO4J_BOLT_PORT"] == server.env["NEO4J_BOLT_PORT"]
        assert not _alive(pids[-1])
        pids.append(server.pid())
        assert server.query("MATCH (p:Probe) RETURN p.id") == ["before-crash"]

        # stop keeps the data; a start with another password refuses and stops again.
        server.run("stop")
        stopped = server.run("status", check=False)
        assert stopped.returncode == 3
        assert "database kept" in stopped.stdout
        wrong = server.run("start", check=False, NEO4J_PASSWORD="not-the-password")
        assert wrong.returncode == 1
        assert "wrong password" in wrong.stderr
        assert "scripts/neo4j-local reset" in wrong.stderr
        assert server.run("status", check=False).returncode == 3

        # reset deletes the database and starts empty with the password given now.
        reset = server.run("reset", NEO4J_PASSWORD="after-reset-password")
        assert "deleting the database" in reset.stderr
        assert "new database" in reset.stderr
        pids.append(server.pid())
        assert server.query("MATCH (n) RETURN count(n)", password="after-reset-password") == [0]
    finally:
        server.run("stop", check=False)
        for pid in pids:  # only if still our JVM: a PID may have been reused meanwhile
            if _alive(pid) and server.owns(pid):
                os.kill(pid, signal.SIGKILL)
