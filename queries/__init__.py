"""The project's named Cypher queries: ``queries/*.cypher``, loaded by name.

Each file starts with ``//`` comment lines: a one-line description, then
``@param NAME TYPE [optional] description`` for each parameter and, where a
query runs on one engine only, ``@engines neo4j: reason``. The rest is Cypher
written in the subset both LadybugDB and Neo4j 5 run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from graph.errors import QueryNotFound, RspError
from graph.store import Result, Store

_PARAM = re.compile(r"^@param\s+(\w+)\s+(string|int|float|bool|date|list)(\s+optional)?\s*(.*)$")
_ENGINES = re.compile(r"^@engines\s+([\w,]+)\s*:?\s*(.*)$")
ENGINES = ("ladybug", "neo4j")


#: The words a command line may use for true and false, in any case.
TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0")


def parse_bool(value: str) -> bool | None:
    """``True``/``False`` for the words of :data:`TRUE_WORDS`/:data:`FALSE_WORDS`, else None.

    >>> parse_bool("Yes"), parse_bool("false"), parse_bool("maybe")
    (True, False, None)
    """
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def guess(value: str) -> Any:
    """Type a parameter of ad-hoc Cypher, which declares none: true/false words as
    booleans, numbers as numbers, the rest as text.

    >>> guess("true"), guess("12"), guess("2.5"), guess("Trnava")
    (True, 12, 2.5, 'Trnava')
    """
    if value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool
    description: str

    def convert(self, value: Any) -> Any:
        """Turn a command-line string into the declared type; pass typed values through."""
        if value is None or not isinstance(value, str):
            return value
        try:
            if self.type == "int":
                return int(value)
            if self.type == "float":
                return float(value)
            if self.type == "bool":
                flag = parse_bool(value)
                if flag is None:
                    raise ValueError(value)
                return flag
            if self.type == "date":
                return dt.date.fromisoformat(value)
            if self.type == "list":
                return [v.strip() for v in value.split(",") if v.strip()]
        except ValueError:
            raise RspError(f"parameter {self.name!r}: {value!r} is not a valid {self.type}"
                           ) from None
        return value


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    engines: tuple[str, ...] = ENGINES
    engine_note: str = ""

    def bind(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Parameters for a run: declared ones converted, optional ones defaulted to null."""
        given = dict(given or {})
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            names = ", ".join(declared) or "none"
            raise RspError(f"query {self.name!r} has no parameter {unknown[0]!r} "
                           f"(its parameters: {names})")
        bound: dict[str, Any] = {}
        for p in self.params:
            value = p.convert(given.get(p.name))
            if value is None and not p.optional:
                raise RspError(f"query {self.name!r} needs parameter {p.name!r} "
                               f"({p.description or p.type}); pass --param {p.name}=VALUE")
            bound[p.name] = value
        return bound

    def check_engine(self, engine: str) -> None:
        if engine not in self.engines:
            raise RspError(f"query {self.name!r} runs only on {', '.join(self.engines)}"
                           f"{': ' + self.engine_note if self.engine_note else ''}")


def parse(name: str, source: str) -> Query:
    """Build a :class:`Query` from a ``.cypher`` file's text.

    >>> q = parse("demo", "// Says hi.\\n// @param who string optional Whom\\nRETURN $who")
    >>> q.description, [p.name for p in q.params], q.text
    ('Says hi.', ['who'], 'RETURN $who')
    """
    description: list[str] = []
    params: list[Param] = []
    engines: tuple[str, ...] = ENGINES
    note = ""
    body: list[str] = []
    header = True
    for line in source.splitlines():
        stripped = line.strip()
        if header and stripped.startswith("//"):
            comment = stripped[2:].strip()
            if m := _PARAM.match(comment):
                params.append(Param(m[1], m[2], bool(m[3]), m[4].strip()))
            elif m := _ENGINES.match(comment):
                engines = tuple(e.strip() for e in m[1].split(","))
                note = m[2].strip()
            elif comment:
                description.append(comment)
            continue
        header = False
        body.append(line)
    return Query(name, " ".join(description), tuple(params), "\n".join(body).strip(), engines,
                 note)


@cache
def get(name: str) -> Query:
    """The named query (file ``queries/NAME.cypher``)."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise QueryNotFound(f"no query named {name!r}")
    resource = resources.files(__package__).joinpath(f"{name}.cypher")
    if not resource.is_file():
        close = [q for q in names() if name in q or q in name]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise QueryNotFound(f"no query named {name!r}{hint}; see 'rsp query --list'")
    return parse(name, resource.read_text(encoding="utf-8"))


def names() -> list[str]:
    """Names of all shipped queries, sorted."""
    return sorted(
        entry.name[: -len(".cypher")]
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".cypher")
    )


def all_queries() -> list[Query]:
    return [get(n) for n in names()]


def run(store: Store, name: str, params: Mapping[str, Any] | None = None) -> Result:
    """Run the named query read-only on ``store``, its parameters converted and checked."""
    query = get(name)
    query.check_engine(store.backend)
    return store.execute(query.text, query.bind(params),
                         types={p.name: p.type for p in query.params})
