"""docker-compose.yml is accepted by Compose and says what the README promises."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True
                                 ).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_config_is_valid(tmp_path: Path) -> None:
    compose = _compose()
    if compose is None:
        if os.environ.get("CI"):
            pytest.fail("neither 'docker compose' nor 'docker-compose' is installed")
        pytest.skip("Compose is not installed")
    empty = tmp_path / "empty.env"  # a developer's own .env must not decide the test
    empty.write_text("")
    compose = [*compose, "--env-file", str(empty), "-f", str(ROOT / "docker-compose.yml")]
    env = dict(os.environ, NEO4J_PASSWORD="example-password")
    result = subprocess.run([*compose, "config"],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    config = result.stdout
    assert "neo4j:5.26-community" in config
    assert "127.0.0.1:7687:7687" in config and "127.0.0.1:7474:7474" in config
    assert "neo4j/example-password" in config
    assert "healthcheck" in config and "neo4j-data" in config
    missing = subprocess.run([*compose, "config"],
                             capture_output=True, text=True, cwd=ROOT,
                             env={k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"})
    assert missing.returncode != 0 and "NEO4J_PASSWORD" in missing.stderr
