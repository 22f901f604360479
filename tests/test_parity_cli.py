"""Every CLI command that reads the graph prints the same rows on LadybugDB and Neo4j."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from graph.registry import open_store
from loaders import load_path
from tests.support import PARTNERSHIP

COMMANDS = [
    ["stats"],
    ["regions"],
    ["regions", "--country", "Italy", "--ara"],
    ["query", "region_challenges", "-p", "rsp_member=true"],
    ["query", "-e", "MATCH (r:Region)-[:FACES]->(c:Challenge) RETURN r.name AS r, c.id AS c"],
    ["synergies", "Trnava Region", "--top", "0"],
    ["synergies", "--all", "--top", "0", "--include-external"],
    ["profile", "Skellefteå kommun"],
    ["funds", "Moravian-Silesian Region"],
    ["training", "Trnava Region"],
    ["partners", "hydrogen"],
    ["partners", "ALBATTS"],
    ["communities"],
    ["brokers", "--top", "20"],
]


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory, neo4j_server: dict[str, str]
              ) -> Iterator[dict[str, list[str]]]:
    path = tmp_path_factory.mktemp("parity-cli") / "db"
    with open_store(str(path)) as embedded:
        load_path(embedded, PARTNERSHIP)
    with open_store(neo4j_server["uri"], user=neo4j_server["user"],
                    password=neo4j_server["password"]) as neo:
        neo.execute("MATCH (n) DETACH DELETE n", write=True)
        load_path(neo, PARTNERSHIP)
    yield {"ladybug": ["--db", str(path)],
           "neo4j": ["--db", neo4j_server["uri"], "--neo4j-user", neo4j_server["user"],
                     "--neo4j-password", neo4j_server["password"]]}


def _normalise(value: Any) -> Any:
    if isinstance(value, list):
        return sorted((_normalise(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_same_output_on_both_backends(args: list[str], databases: dict[str, list[str]],
                                      tmp_path: Path) -> None:
    outputs = {}
    for backend, db in databases.items():
        result = CliRunner().invoke(main, [*args, "--format", "json", *db])
        assert result.exit_code == 0, (backend, result.output)
        outputs[backend] = json.loads(result.stdout)
    assert outputs["ladybug"], "the command printed nothing to compare"
    assert _normalise(outputs["ladybug"]) == _normalise(outputs["neo4j"])
