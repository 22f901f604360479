"""The synthetic generator: valid, seeded, skewed, loadable."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from cli import main
from loaders.generate import Scale, generate
from loaders.validate import read_dataset


def test_generated_dataset_is_valid_and_seeded(tmp_path: Path) -> None:
    scale = Scale(regions=40, organisations=500, relationships=5000, challenges=20, seed=7)
    counts = generate(tmp_path / "a", scale)
    generate(tmp_path / "b", scale)
    for name in counts:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == \
            (tmp_path / "b" / f"{name}.csv").read_bytes()
    ds = read_dataset(tmp_path / "a")
    assert len(ds.nodes["Region"]) == 40 and len(ds.nodes["Organisation"]) == 500
    assert 4500 <= sum(len(r) for r in ds.rels.values()) <= 5500
    assert all(r["illustrative"] for r in ds.nodes["Organisation"])
    faced = Counter(r["to"] for r in ds.rels[("FACES", "Region", "Challenge")])
    ranked = [n for _, n in faced.most_common()]
    assert ranked[0] > 4 * ranked[-1], "challenge frequencies should be skewed"


def test_cli_generate_then_synergies(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["generate", str(tmp_path / "g"), "--regions", "12",
                                  "--organisations", "200", "--relationships", "1500"])
    assert result.exit_code == 0, result.output
    db = ["--db", str(tmp_path / "db")]
    assert runner.invoke(main, ["load", str(tmp_path / "g"), *db]).exit_code == 0
    result = runner.invoke(main, ["synergies", "--all", "--top", "5", "--format", "json", *db])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 5
    again = runner.invoke(main, ["generate", str(tmp_path / "g")])
    assert again.exit_code == 1 and "not empty" in again.output
