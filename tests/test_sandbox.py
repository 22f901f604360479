"""The ad-hoc query sandbox (graph/sandbox.py) against the real engines.

Every statement in ``tests/queries_hostile/`` is refused on its backend with a one-line
message containing the expected fragment, and leaves no trace: no file written, no file
content in the message, no URL fetched, the database file and the graph unchanged.
Every named query in ``queries/`` passes on both backends. The checks are called the way
the stores call them: with a callable that runs ``EXPLAIN ...`` on the real connection.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ladybug
import neo4j
import pytest

import queries
from graph import open_store
from graph.embedded import DB_FILE, with_null_literals
from graph.errors import ReadOnlyError
from graph.sandbox import (
    REFUSED,
    check_embedded,
    check_embedded_plan,
    check_neo4j,
    check_neo4j_plan,
    screen_embedded,
    tokens,
)
from graph.store import Store
from loaders import load_path
from tests.support import PARTNERSHIP, ROOT

HOSTILE = ROOT / "tests" / "queries_hostile"
QUERIES = ROOT / "queries"
SECRET = "sandbox-secret-7f3a"
_META = re.compile(r"^//\s*(backends|expect|expect-ladybug|expect-neo4j|ladybug-stage|absent)"
                   r":\s*(.*?)\s*$")


# ---------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Hostile:
    """One file of tests/queries_hostile/: the statement and what the test expects."""

    name: str
    text: str
    backends: tuple[str, ...]
    expect: Mapping[str, str]
    stage: str | None
    absent: tuple[str, ...]

    def expected(self, backend: str) -> str:
        return self.expect.get(backend) or self.expect[""]


def _read_hostile(path: Path) -> Hostile:
    meta: dict[str, list[str]] = {}
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        found = _META.match(line)
        if found and not body:
            meta.setdefault(found.group(1), []).append(found.group(2))
        else:
            body.append(line)
    expect = {"": meta.get("expect", [""])[0]}
    for backend in ("ladybug", "neo4j"):
        if f"expect-{backend}" in meta:
            expect[backend] = meta[f"expect-{backend}"][0]
    backends = tuple(b.strip() for b in meta["backends"][0].split(","))
    stage = meta.get("ladybug-stage", [None])[0]
    return Hostile(path.stem, "\n".join(body).strip(), backends, expect, stage,
                   tuple(meta.get("absent", [])))


CORPUS = [_read_hostile(p) for p in sorted(HOSTILE.glob("*.cypher"))]


def _cases(backend: str) -> list[Any]:
    return [pytest.param(h, id=h.name) for h in CORPUS if backend in h.backends]


@dataclass(frozen=True)
class Places:
    """What the placeholders of a hostile statement stand for in one test."""

    tmp: Path
    secret: Path
    link: Path
    url: str = "http://127.0.0.1:9"

    def render(self, text: str) -> str:
        return (text.replace("@TMP@", str(self.tmp)).replace("@SECRET@", str(self.secret))
                .replace("@LINK@", str(self.link)).replace("@URL@", self.url))


def _places(tmp_path: Path, db_file: Path, url: str = "http://127.0.0.1:9") -> Places:
    secret = tmp_path / "secret.csv"
    secret.write_text(f"{SECRET}:x:0:0:root:/root:/bin/sh\n{SECRET}-2:x:1:1::/:/bin/sh\n",
                      encoding="utf-8")
    link = tmp_path / "graph-link.csv"
    link.symlink_to(db_file)
    return Places(tmp_path, secret, link, url)


def _assert_refusal(message: str, fragment: str) -> None:
    assert message.startswith(REFUSED), message
    assert "\n" not in message, message
    assert fragment in message, f"{fragment!r} not in {message!r}"
    assert SECRET not in message, message


def test_corpus_is_complete() -> None:
    assert len(CORPUS) >= 40
    for case in CORPUS:
        assert case.text, case.name
        assert set(case.backends) <= {"ladybug", "neo4j"}, case.name
        assert all(case.expected(b) for b in case.backends), case.name
        if "ladybug" in case.backends:
            assert case.stage in ("screen", "plan"), case.name


# ---------------------------------------------------------------- lexical layer (no DB)


def test_tokens_skip_strings_comments_and_quoted_names() -> None:
    text = "MATCH (n) /* LOAD FROM 'x' */ RETURN 'CALL f()' AS `LOAD`, \"COPY\" // CALL g()"
    words = [t for kind, t in tokens(text) if kind == "word"]
    assert words == ["MATCH", "N", "RETURN", "AS"]


@pytest.mark.parametrize("text", [
    "MATCH (r:Region) WITH r.name AS load RETURN load AS call ORDER BY call",
    "MATCH (r:Region) RETURN r.id, 'LOAD FROM /etc/passwd; CALL x()' AS note",
    "MATCH (r:Region) // CALL show_tables()\nRETURN r.id",
    "OPTIONAL MATCH (r:Region) RETURN r.id",
    "UNWIND [1, 2] AS x RETURN x",
    "WITH 1 AS x RETURN x",
])
def test_screen_lets_reading_text_through(text: str) -> None:
    screen_embedded(text)


def test_plan_text_cannot_be_spoofed_by_literals() -> None:
    plan = ("│ RESULT_COLLECTOR[2] │\n│ Expressions: 'SCAN_NODE_TABLE[9]', Function: "
            "READ_FTABLE │\n│ COPY_TO[1] │\n│ SCAN_NODE_TABLE[0] │")
    with pytest.raises(ReadOnlyError, match=r"COPY \.\.\. TO writes a file"):
        check_embedded_plan(plan)
    with pytest.raises(ReadOnlyError, match="could not be classified"):
        check_embedded_plan("no operators here")
    with pytest.raises(ReadOnlyError, match="could not be identified"):
        check_embedded_plan("│ TABLE_FUNCTION_CALL[0] │")
    with pytest.raises(ReadOnlyError, match=r"CALL show_tables\(\) reads"):
        check_embedded_plan("│ TABLE_FUNCTION_CALL[0] │\n│ Function: SHOW_TABLES │")


def test_neo4j_plan_unknown_or_system_operators_are_refused() -> None:
    def node(op: str, *children: dict[str, Any], details: str = "") -> dict[str, Any]:
        return {"operatorType": op, "args": {"Details": details}, "children": list(children)}

    check_neo4j_plan(node("ProduceResults@neo4j", node("Expand(All)@neo4j",
                                                       node("AllNodesScan@neo4j"))))
    with pytest.raises(ReadOnlyError, match="NewFancyWrite is not on the allow-list"):
        check_neo4j_plan(node("ProduceResults@neo4j", node("NewFancyWrite@neo4j")))
    with pytest.raises(ReadOnlyError, match="administration commands"):
        check_neo4j_plan(node("ProduceResults@system"))
    with pytest.raises(ReadOnlyError, match="no plan"):
        check_neo4j_plan(None)
    with pytest.raises(ReadOnlyError, match=r"CALL apoc\.load\.json is not an allowed"):
        check_neo4j_plan(node("ProcedureCall@neo4j", details="apoc.load.json($x) :: (v)"))


# ----------------------------------------------------------------- LadybugDB (embedded)


@pytest.fixture(scope="module")
def embedded_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The partnership graph in a LadybugDB database, and its counts."""
    directory = tmp_path_factory.mktemp("sandbox") / "db"
    store = open_store(str(directory))
    try:
        load_path(store, PARTNERSHIP)
        counts = store.counts()
    finally:
        store.close()
    return directory / DB_FILE, counts


@pytest.fixture(params=[True, False], ids=["read-only", "writable"])
def lbug(request: pytest.FixtureRequest,
         embedded_db: tuple[Path, dict[str, int]]) -> Iterator[ladybug.Connection]:
    """A connection to the loaded database, opened as `rsp query` does and writable."""
    db = ladybug.Database(str(embedded_db[0]), read_only=request.param)
    conn = ladybug.Connection(db)
    try:
        yield conn
    finally:
        conn.close()
        db.close()


class Explain:
    """``explain`` for check_embedded: runs the text on the real connection, records it."""

    def __init__(self, conn: ladybug.Connection, params: Mapping[str, Any] | None = None):
        self.conn = conn
        self.params = dict(params or {})
        self.calls: list[str] = []

    def __call__(self, text: str) -> str:
        self.calls.append(text)
        result = self.conn.execute(text, self.params)
        assert not isinstance(result, list)
        row = result.get_all()[0]
        assert isinstance(row, list)
        return str(row[0])


def _stat(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


@pytest.mark.parametrize("case", _cases("ladybug"))
def test_embedded_refuses_hostile_query(case: Hostile, lbug: ladybug.Connection,
                                        embedded_db: tuple[Path, dict[str, int]],
                                        tmp_path: Path) -> None:
    db_file = embedded_db[0]
    places = _places(tmp_path, db_file)
    before = _stat(db_file)
    explain = Explain(lbug)
    with pytest.raises(ReadOnlyError) as refused:
        check_embedded(places.render(case.text), explain)
    _assert_refusal(str(refused.value), case.expected("ladybug"))
    if case.stage == "screen":
        assert explain.calls == [], "the engine saw a statement the screen must stop"
    else:
        assert explain.calls and explain.calls[0].startswith("EXPLAIN ")
    for path in case.absent:
        assert not Path(places.render(path)).exists(), path
    assert _stat(db_file) == before
    assert _stat(places.link) == before


def test_explain_copy_to_plans_without_writing(lbug: ladybug.Connection,
                                               tmp_path: Path) -> None:
    """Why the plan is a safe oracle: EXPLAIN plans COPY TO but never writes the file."""
    target = tmp_path / "out.csv"
    plan = Explain(lbug)(f"EXPLAIN COPY (MATCH (r:Region) RETURN r.id) TO '{target}'")
    assert "COPY_TO[" in plan
    assert not target.exists()
    with pytest.raises(ReadOnlyError, match=r"COPY \.\.\. TO writes a file"):
        check_embedded_plan(plan)


def test_read_only_transaction_alone_lets_copy_to_write(lbug: ladybug.Connection,
                                                        tmp_path: Path) -> None:
    """The hole the sandbox closes: a read-only transaction still runs COPY ... TO."""
    target = tmp_path / "leak.csv"
    lbug.execute("BEGIN TRANSACTION READ ONLY")
    try:
        lbug.execute(f"COPY (MATCH (r:Region) RETURN r.id) TO '{target}'")
    finally:
        lbug.execute("ROLLBACK")
    assert target.exists()


_SAMPLES: dict[str, Any] = {"string": "x", "int": 1, "float": 0.5, "bool": True,
                            "date": dt.date(2025, 1, 1), "list": ["x"]}
def _named(backend: str) -> list[Any]:
    names = sorted(p.stem for p in QUERIES.glob("*.cypher"))
    return [pytest.param(queries.get(n), id=n) for n in names
            if backend in queries.get(n).engines]


def _variants(query: queries.Query) -> Iterator[tuple[str, dict[str, Any]]]:
    """The query as the store runs it: every parameter given, and optionals left null."""
    yield query.text, {p.name: _SAMPLES[p.type] for p in query.params}
    # LadybugDB's store replaces a null parameter by a null literal.
    yield with_null_literals(
        query.text, {p.name: None if p.optional else _SAMPLES[p.type] for p in query.params},
        {p.name: p.type for p in query.params})


@pytest.mark.parametrize("query", _named("ladybug"))
def test_embedded_named_queries_pass(query: queries.Query, lbug: ladybug.Connection) -> None:
    for text, params in _variants(query):
        check_embedded(text, Explain(lbug, params))
        result = lbug.execute(text, params)  # and they really are valid statements
        assert not isinstance(result, list)
        result.get_all()


_READS = [
    "MATCH (r:Region) RETURN r.name AS name ORDER BY name LIMIT 5",
    "MATCH (r:Region) OPTIONAL MATCH (r)<-[:LOCATED_IN]-(o:Organisation) "
    "RETURN r.id AS id, count(o) AS n ORDER BY n DESC, id SKIP 1 LIMIT 3",
    "UNWIND [1, 2, 2] AS x RETURN DISTINCT x",
    "MATCH (r:Region) RETURN r.id AS id UNION MATCH (c:Challenge) RETURN c.id AS id",
    "MATCH (r:Region) WHERE EXISTS { MATCH (r)<-[:LOCATED_IN]-(:Organisation) } "
    "RETURN count(r) AS n",
    "MATCH (r:Region) RETURN r.id, COUNT { MATCH (r)<-[:LOCATED_IN]-(:Organisation) } AS n",
    "MATCH p = (a:Region)-[*1..2]-(b:Challenge) RETURN length(p) AS hops LIMIT 3",
    "MATCH (r:Region) WITH r.name AS load RETURN load AS call, "
    "'COPY (x) TO y; LOAD FROM z' AS note LIMIT 1",
    "/* comment */ MATCH (r:Region {id: 'none'}) RETURN r",
    "RETURN 1 AS one",
]


@pytest.mark.parametrize("text", _READS)
def test_embedded_reading_queries_pass(text: str, lbug: ladybug.Connection) -> None:
    check_embedded(text, Explain(lbug))


def test_embedded_graph_unchanged(embedded_db: tuple[Path, dict[str, int]]) -> None:
    store = open_store(str(embedded_db[0].parent), read_only=True)
    try:
        assert store.counts() == embedded_db[1]
    finally:
        store.close()


# ----------------------------------------------------------------------------- Neo4j


_NEO4J_COUNTS: dict[str, int] = {}


def _neo4j_store(server: Mapping[str, str]) -> Store:
    return open_store(server["uri"], user=server["user"], password=server["password"])


@pytest.fixture(scope="module")
def neo4j_driver(neo4j_server: dict[str, str]) -> Iterator[neo4j.Driver]:
    """A driver to the session's Neo4j server holding the partnership graph."""
    store = _neo4j_store(neo4j_server)
    try:
        store.execute("MATCH (n) DETACH DELETE n", write=True)
        load_path(store, PARTNERSHIP)
        _NEO4J_COUNTS.update(store.counts())
    finally:
        store.close()
    driver = neo4j.GraphDatabase.driver(
        neo4j_server["uri"], auth=(neo4j_server["user"], neo4j_server["password"]),
        notifications_min_severity="OFF")
    try:
        yield driver
    finally:
        driver.close()


def _neo4j_check(driver: neo4j.Driver, statement: str,
                 params: Mapping[str, Any] | None = None) -> None:
    """check_neo4j as Neo4jStore wires it: inside the READ transaction, same parameters."""
    bound = dict(params or {})

    def work(tx: neo4j.ManagedTransaction) -> None:
        check_neo4j(statement, lambda text: tx.run(text, bound).consume().plan)

    with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
        session.execute_read(work)


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """An HTTP server on 127.0.0.1 that records every request and answers a tiny CSV."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                hits.append(conn.recv(4096))
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", hits
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


@pytest.mark.parametrize("case", _cases("neo4j"))
def test_neo4j_refuses_hostile_query(case: Hostile, neo4j_driver: neo4j.Driver,
                                     listener: tuple[str, list[bytes]],
                                     tmp_path: Path) -> None:
    url, hits = listener
    (tmp_path / "db").write_text("")
    places = _places(tmp_path, tmp_path / "db", url)
    with pytest.raises(ReadOnlyError) as refused:
        _neo4j_check(neo4j_driver, places.render(case.text))
    _assert_refusal(str(refused.value), case.expected("neo4j"))
    assert hits == [], "EXPLAIN must not fetch a LOAD CSV URL"


def test_neo4j_read_mode_alone_fetches_load_csv_urls(neo4j_driver: neo4j.Driver,
                                                     listener: tuple[str, list[bytes]]
                                                     ) -> None:
    """The hole the sandbox closes: a READ session still runs LOAD CSV from a URL."""
    url, hits = listener
    try:
        with neo4j_driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
            rows = session.execute_read(
                lambda tx: tx.run(f"LOAD CSV FROM '{url}/x.csv' AS row RETURN row").data())
    except neo4j.exceptions.ClientError as exc:  # a server in a container cannot reach us
        pytest.skip(f"the Neo4j server cannot reach {url}: {exc.code}")
    assert rows and hits


@pytest.mark.parametrize("query", _named("neo4j"))
def test_neo4j_named_queries_pass(query: queries.Query, neo4j_driver: neo4j.Driver) -> None:
    given = {p.name: _SAMPLES[p.type] for p in query.params}
    nulls = {p.name: None if p.optional else _SAMPLES[p.type] for p in query.params}
    for params in (given, nulls):
        _neo4j_check(neo4j_driver, query.text, params)


@pytest.mark.parametrize("text", [*_READS[:-1],
                                  "CALL db.labels() YIELD label RETURN label",
                                  "CALL db.relationshipTypes()",
                                  "CALL db.schema.visualization()",
                                  "SHOW INDEXES YIELD name RETURN name",
                                  "SHOW CONSTRAINTS YIELD name RETURN name",
                                  "MATCH (r:Region) CALL (r) { MATCH (r)--(x) "
                                  "RETURN count(x) AS n } RETURN r.id, n",
                                  "MATCH p = shortestPath((a:Region)-[*..4]-(c:Challenge)) "
                                  "RETURN length(p) AS hops LIMIT 3",
                                  "RETURN 1 AS one"])
def test_neo4j_reading_queries_pass(text: str, neo4j_driver: neo4j.Driver) -> None:
    _neo4j_check(neo4j_driver, text)


def test_neo4j_graph_unchanged_after_corpus(neo4j_driver: neo4j.Driver,
                                            neo4j_server: dict[str, str]) -> None:
    store = _neo4j_store(neo4j_server)
    try:
        assert store.counts() == _NEO4J_COUNTS
        indexes = store.execute("SHOW INDEXES YIELD name WHERE name = 'leak' RETURN name")
    finally:
        store.close()
    assert indexes.rows == []
    with neo4j_driver.session(database="system") as session:
        users = session.run("SHOW USERS YIELD user WHERE user = 'leak' RETURN user").data()
    assert users == []
