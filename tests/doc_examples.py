"""The console examples of README.md and docs/*.md, run for real on the shipped data.

A ```console block holds commands (lines starting with ``$ rsp``) each followed by its
output. A line ``...`` in the output stands for any number of lines. Each file runs on a
fresh embedded database in a scratch folder (``data/`` is linked in, so the examples'
paths work); unless the file's first command is ``rsp load``, the partnership data is
loaded first. The database's path reads as ``~/.local/share/rsp-graph/db``.

``python -m tests.doc_examples`` checks every example; ``--update`` rewrites the outputs
from real runs (keeping ``...`` lines where they cut an output short).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHOWN_DB = "~/.local/share/rsp-graph/db"
_BLOCK = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass
class Example:
    """One command of a console block and the output the docs show for it."""

    file: Path
    line: int
    command: str
    expected: list[str]
    #: Blank lines after the output (they separate it from the next command).
    gap: int = 0


def examples(file: Path) -> list[Example]:
    text = file.read_text(encoding="utf-8")
    out: list[Example] = []
    for block in _BLOCK.finditer(text):
        first_line = text.count("\n", 0, block.start(1)) + 1
        current: Example | None = None
        for offset, line in enumerate(block.group(1).splitlines()):
            if line.startswith("$ "):
                current = Example(file, first_line + offset, line[2:], [])
                out.append(current)
            elif current is not None:
                current.expected.append(line)
    for example in out:
        while example.expected and not example.expected[-1].strip():
            example.expected.pop()
            example.gap += 1
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines fit ``expected``, where a ``...`` line matches any lines.

    >>> matches(["a", "...", "z"], ["a", "b", "c", "z"]), matches(["a"], ["b"])
    (True, False)
    """
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0].rstrip() == head.rstrip() and matches(rest, actual[1:])


@contextmanager
def scratch() -> Iterator[tuple[Path, Path]]:
    """A scratch working folder with ``data/`` linked in, and a database path in it."""
    with tempfile.TemporaryDirectory(prefix="rsp-docs-") as tmp:
        work = Path(tmp)
        (work / "data").symlink_to(ROOT / "data")
        yield work, work / "db"


def run(command: str, work: Path, db: Path) -> list[str]:
    """Run one ``rsp`` command line in ``work`` on ``db``; its output lines as shown."""
    args = shlex.split(command)
    assert args[0] == "rsp", f"not an rsp command: {command}"
    previous = Path.cwd()
    os.chdir(work)
    try:
        result = CliRunner(env={"RSP_DB": str(db), "COLUMNS": "200"}).invoke(
            main, args[1:], catch_exceptions=False)
    finally:
        os.chdir(previous)
    text = result.output.replace(str(db), SHOWN_DB).replace(str(work) + "/", "")
    return text.rstrip("\n").splitlines()


def check_file(file: Path) -> list[tuple[Example, list[str]]]:
    """Every example of ``file`` whose real output differs: ``(example, actual lines)``."""
    found = examples(file)
    failures = []
    with scratch() as (work, db):
        if found and not found[0].command.startswith("rsp load"):
            run("rsp load data/partnership", work, db)
        for example in found:
            actual = run(example.command, work, db)
            if not matches(example.expected, actual):
                failures.append((example, actual))
    return failures


def update_file(file: Path) -> int:
    """Rewrite the outputs of ``file``'s examples from real runs; returns how many changed.

    Where the docs cut an output short with a final ``...``, the same number of leading
    lines is kept and the ``...`` stays.
    """
    text = file.read_text(encoding="utf-8")
    changed = 0
    lines = text.splitlines(keepends=True)
    with scratch() as (work, db):
        found = examples(file)
        if found and not found[0].command.startswith("rsp load"):
            run("rsp load data/partnership", work, db)
        # Replace from the bottom up so earlier line numbers stay valid.
        plans = []
        for example in found:
            actual = run(example.command, work, db)
            if matches(example.expected, actual):
                continue
            shown = actual
            if example.expected and example.expected[-1].strip() == "...":
                shown = [*actual[:max(len(example.expected) - 1, 1)], "..."]
            plans.append((example, shown))
        for example, shown in reversed(plans):
            start = example.line  # index of the first output line (0-based)
            end = start + len(example.expected)
            lines[start:end] = [line + "\n" for line in shown]
            changed += 1
    file.write_text("".join(lines), encoding="utf-8")
    return changed


if __name__ == "__main__":
    update = "--update" in sys.argv
    bad = 0
    for path in FILES:
        if update:
            n = update_file(path)
            if n:
                print(f"{path.relative_to(ROOT)}: {n} example(s) rewritten")
        else:
            for example, actual in check_file(path):
                bad += 1
                print(f"{path.relative_to(ROOT)}:{example.line}: $ {example.command}")
                print("\n".join("  | " + line for line in actual))
    sys.exit(1 if bad else 0)
