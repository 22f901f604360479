"""Shared fixtures: a real LadybugDB per test, and one real Neo4j server per session.

The Neo4j server comes from ``NEO4J_URI`` if set, else testcontainers when a
Docker daemon answers, else ``scripts/neo4j-local`` (Neo4j 5.26 from Maven
Central). Under CI (``CI`` set) a missing Neo4j fails the run; it is never skipped.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.registry import open_store
from graph.store import Store
from tests.support import ROOT

# Tests choose their database explicitly; the developer's own settings must not leak in.
_ENV = {k: os.environ.pop(k) for k in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD",
                                        "NEO4J_DATABASE", "RSP_DB") if k in os.environ}
BACKENDS = ["ladybug", "neo4j"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _docker_neo4j() -> tuple[dict[str, str], Any] | None:
    try:
        from testcontainers.community.neo4j import Neo4jContainer
    except ImportError:
        try:
            from testcontainers.neo4j import Neo4jContainer
        except ImportError:
            return None
    try:
        container = Neo4jContainer("neo4j:5.26-community", password="rsp-test-password")
        container.with_exposed_ports(7474)  # HTTP: the Neo4j Browser
        container.start()
    except Exception:  # no Docker daemon: docker.errors.DockerException and friends
        return None
    uri = container.get_connection_url()
    http = f"http://{container.get_container_host_ip()}:{container.get_exposed_port(7474)}"
    return ({"uri": uri, "user": "neo4j", "password": "rsp-test-password", "http": http},
            container.stop)


def _local_neo4j(tmp: Path) -> tuple[dict[str, str], Any] | None:
    script = ROOT / "scripts" / "neo4j-local"
    env = dict(os.environ, RSP_NEO4J_RUN=str(tmp / "neo4j"), NEO4J_PASSWORD="rsp-test-password",
               NEO4J_BOLT_PORT=str(_free_port()), NEO4J_HTTP_PORT=str(_free_port()))
    started = subprocess.run([str(script), "start"], env=env, capture_output=True, text=True,
                             timeout=600)
    if started.returncode != 0:
        raise RuntimeError(f"scripts/neo4j-local start failed:\n{started.stderr[-3000:]}")
    values = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)

    def stop() -> None:
        subprocess.run([str(script), "stop"], env=env, capture_output=True, timeout=120)

    return {"uri": values["NEO4J_URI"], "user": "neo4j", "password": "rsp-test-password",
            "http": values.get("NEO4J_HTTP_URL", "")}, stop


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Connection settings of a real Neo4j 5 server for the whole test session."""
    stop = None
    if _ENV.get("NEO4J_URI"):
        server: dict[str, str] | None = {
            "uri": _ENV["NEO4J_URI"], "user": _ENV.get("NEO4J_USERNAME", "neo4j"),
            "password": _ENV.get("NEO4J_PASSWORD", ""),
            "http": os.environ.get("NEO4J_HTTP_URL", "")}
    else:
        found = _docker_neo4j() or _local_neo4j(tmp_path_factory.mktemp("neo4j"))
        server, stop = found if found else (None, None)
    if server is None:
        message = "no Neo4j available (set NEO4J_URI, start Docker, or fix scripts/neo4j-local)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield server
    finally:
        if stop:
            stop()


def _neo4j_store(server: dict[str, str]) -> Store:
    store = open_store(server["uri"], user=server["user"], password=server["password"])
    store.execute("MATCH (n) DETACH DELETE n", write=True)
    return store


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of each backend (Neo4j is wiped before the test)."""
    if backend == "neo4j":
        opened = _neo4j_store(request.getfixturevalue("neo4j_server"))
    else:
        opened = open_store(str(tmp_path / "db"))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def neo4j(neo4j_server: dict[str, str]) -> Iterator[Store]:
    """An empty Neo4j store, for what is Neo4j's matter alone (concurrent writers,
    batched commits, the load lease: LadybugDB admits one writing process and loads in
    one transaction)."""
    store = _neo4j_store(neo4j_server)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def db_args(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> list[str]:
    """CLI arguments that select an empty database of each backend."""
    if backend == "neo4j":
        server = request.getfixturevalue("neo4j_server")
        _neo4j_store(server).close()
        return ["--db", server["uri"], "--neo4j-user", server["user"],
                "--neo4j-password", server["password"]]
    return ["--db", str(tmp_path / "clidb")]
