"""Every console example in README.md and docs/ matches what the command really prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.doc_examples import FILES, ROOT, check_file, examples, matches


def test_the_docs_have_examples() -> None:
    assert len([e for f in FILES for e in examples(f)]) >= 10


@pytest.mark.parametrize("file", [f for f in FILES if examples(f)],
                         ids=lambda f: str(f.relative_to(ROOT)))
def test_console_examples_match_real_output(file: Path) -> None:
    failures = check_file(file)
    report = "\n".join(f"{e.file.name}:{e.line}: $ {e.command}\n" + "\n".join(actual)
                       for e, actual in failures)
    assert not failures, "docs drifted (make docs rewrites them):\n" + report


def test_a_drifted_example_is_caught() -> None:
    assert not matches(["rank  region  score", "1     Mangualde  99"],
                       ["rank  region  score", "1     Mangualde  62"])
