"""The embedded store: LadybugDB in a directory, no server, the zero-set-up default."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ladybug

from graph.errors import ReadOnlyError, StoreError
from graph.schema import NODE_KINDS, REL_KINDS, NodeKind, Prop, RelKind, node_kind, rel_kind
from graph.statements import node_create, node_upsert, rel_create, rel_upsert
from graph.store import (
    BATCH_SIZE,
    COUNT_STATEMENT,
    Counts,
    Progress,
    Result,
    Store,
    batches,
    refused_write,
    tally,
)

if TYPE_CHECKING:
    from graph.dataset import Dataset

DB_FILE = "graph.lbug"
_TYPES = {"string": "STRING", "int": "INT64", "float": "DOUBLE", "bool": "BOOLEAN",
          "date": "DATE", "list": "STRING[]"}


def _column(prop: Prop) -> str:
    return f"`{prop.name}` {_TYPES[prop.type]}"


def node_ddl(kind: NodeKind) -> str:
    (key,) = kind.key_columns
    cols = ", ".join(_column(p) for p in kind.value_props)
    return f"CREATE NODE TABLE IF NOT EXISTS {kind.label}({key} STRING PRIMARY KEY, {cols})"


def rel_ddl(kind: RelKind) -> str:
    ends = ", ".join(f"FROM {s} TO {t}" for s, t in kind.endpoint_pairs)
    cols = "".join(", " + _column(p) for p in kind.value_props)
    return f"CREATE REL TABLE IF NOT EXISTS {kind.type}({ends}{cols})"


def _typed(prop: Prop) -> str:
    # CAST gives an all-null column its declared type; without it LadybugDB infers STRING.
    return f"CAST(row.`{prop.name}` AS {_TYPES[prop.type]})"


def _key(kind: NodeKind | RelKind) -> Callable[[dict[str, Any]], Any]:
    """A row's identity in its table: ``id``, or the ``(from, to)`` pair."""
    columns = kind.key_columns
    if len(columns) == 1:
        return lambda row: row[columns[0]]
    return lambda row: tuple(row[c] for c in columns)


def _plain(value: Any) -> Any:
    """Nodes and relationships as property dicts with their kind under ``_kind``."""
    if isinstance(value, dict):
        if "_LABEL" in value:
            out = {k: _plain(v) for k, v in value.items() if not k.startswith("_")}
            out["_kind"] = value["_LABEL"]
            return out
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


class EmbeddedStore(Store):
    """LadybugDB database kept in ``directory`` (created on first write)."""

    backend = "ladybug"

    def __init__(self, directory: Path, *, read_only: bool = False):
        self.directory = directory
        self.location = str(directory)
        self.read_only = read_only
        file = directory / DB_FILE
        if read_only and not file.exists():
            raise StoreError(f"no database at {directory}: load data first with 'rsp load PATH'")
        try:
            if not read_only:
                directory.mkdir(parents=True, exist_ok=True)
            self._db = ladybug.Database(str(file), read_only=read_only)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise StoreError(_explain(exc, directory)) from exc
        if not read_only:
            self.ensure_schema()

    def ensure_schema(self) -> None:
        existing = {row[0] for row in self._raw("CALL show_tables() RETURN name").rows}
        for kind in NODE_KINDS:
            self._raw(node_ddl(kind))
            if kind.label in existing:
                self._add_missing_columns(kind.label, kind.value_props)
        for rel in REL_KINDS:
            self._raw(rel_ddl(rel))
            if rel.type in existing:
                self._add_missing_columns(rel.type, rel.value_props)

    def _add_missing_columns(self, table: str, props: tuple[Prop, ...]) -> None:
        """A database made by an older schema gains the properties added since."""
        have = {row[1] for row in self._raw(f"CALL table_info('{table}') RETURN *").rows}
        for p in props:
            if p.name not in have:
                self._raw(f"ALTER TABLE {table} ADD {_column(p)}")

    def _raw(self, cypher: str, params: Mapping[str, Any] | None = None) -> Result:
        try:
            result = self._conn.execute(cypher, dict(params or {}))
        except RuntimeError as exc:
            raise StoreError(_clean(exc)) from exc
        if isinstance(result, list):  # several statements: only ever from a caller's text
            result = result[-1]
        columns = result.get_column_names()
        rows = [tuple(_plain(v) for v in row) for row in result.get_all()]
        return Result(columns, rows)

    def _write(self, statement: str, params: dict[str, Any]) -> Result:
        return self._raw(statement, params)

    def _read(self, statement: str, params: dict[str, Any],
              types: Mapping[str, str]) -> Result:
        # LadybugDB types a null parameter as BOOL, so `$p IS NULL OR x = $p` fails for
        # other types; a typed null literal (text we write, never user text) avoids that.
        for name, value in list(params.items()):
            if value is None and name in types:
                statement = re.sub(rf"\${name}\b", f"CAST(NULL AS {_TYPES[types[name]]})",
                                   statement)
                del params[name]
        self._raw("BEGIN TRANSACTION READ ONLY")
        try:
            result = self._raw(statement, params)
        except StoreError as exc:
            self._rollback()
            if "read-only" in str(exc).lower() or "read only" in str(exc).lower():
                raise refused_write(exc) from exc
            raise
        self._raw("COMMIT")
        return result

    def _rollback(self) -> None:
        with contextlib.suppress(RuntimeError):  # the engine may have ended it already
            self._conn.execute("ROLLBACK")

    def write_dataset(self, dataset: Dataset, progress: Progress | None = None,
                      batch_size: int = BATCH_SIZE) -> Counts:
        """Write only what differs: CREATE what is new, MERGE/SET what changed, skip the rest.

        The graph ends up exactly as with a MERGE of every row, but a reload of
        unchanged data reads instead of writing. One transaction, as before.
        """
        if self.read_only:
            raise ReadOnlyError("the database is open read-only")
        self._raw("BEGIN TRANSACTION")
        try:
            before = tally(self._raw(COUNT_STATEMENT).rows)
            for statement, batch, skipped in self._changes(dataset, batch_size):
                if batch:
                    self._raw(statement, {"rows": batch})
                if progress:
                    progress(len(batch) + skipped)
            after = tally(self._raw(COUNT_STATEMENT).rows)
        except BaseException:
            self._rollback()
            raise
        self._raw("COMMIT")
        return Counts(before, after)

    def _changes(self, dataset: Dataset, batch_size: int
                 ) -> Iterator[tuple[str, list[dict[str, Any]], int]]:
        for label, rows in dataset.node_groups():
            kind = node_kind(label)
            have = {r[0]: r[1] for r in self._raw(f"MATCH (n:{label}) RETURN n.id, n").rows}
            yield from self._split(rows, have, kind, node_create(kind, _typed),
                                   node_upsert(kind, _typed), batch_size)
        for (rel_type, source, target), rows in dataset.rel_groups():
            rel = rel_kind(rel_type)
            found = self._raw(f"MATCH (a:{source})-[r:{rel_type}]->(b:{target}) "
                              "RETURN a.id, b.id, r").rows
            pairs = {(a, b): r for a, b, r in found}
            yield from self._split(rows, pairs, rel, rel_create(rel, source, target, _typed),
                                   rel_upsert(rel, source, target, _typed), batch_size)

    @staticmethod
    def _split(rows: list[dict[str, Any]], have: Mapping[Any, dict[str, Any]],
               kind: NodeKind | RelKind, create: str, update: str, batch_size: int
               ) -> Iterator[tuple[str, list[dict[str, Any]], int]]:
        key = _key(kind)
        names = [p.name for p in kind.value_props]
        new, changed, same = [], [], 0
        for row in rows:
            old = have.get(key(row))
            if old is None:
                new.append(row)
            elif any(old.get(n) != row.get(n) for n in names):
                changed.append(row)
            else:
                same += 1
        for statement, todo in ((create, new), (update, changed)):
            for batch in batches(todo, batch_size):
                yield statement, list(batch), 0
        yield create, [], same

    def close(self) -> None:
        if getattr(self, "_conn", None) is not None:
            self._conn.close()
            self._db.close()
            self._conn = None  # type: ignore[assignment]


def open_target(target: str, *, read_only: bool = False, **_: Any) -> EmbeddedStore:
    """Open the embedded database in directory ``target`` (see :mod:`graph.registry`)."""
    return EmbeddedStore(Path(target).expanduser(), read_only=read_only)


def _clean(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.sub(r"^(Runtime|Binder|Parser|Catalog|Connection) exception: ", "", text)


def _explain(exc: BaseException, directory: Path) -> str:
    text = _clean(exc)
    if "lock" in text.lower():
        return (f"the database at {directory} is in use by another rsp process; "
                "close it (LadybugDB allows one writer at a time) and try again")
    return f"cannot open the database at {directory}: {text}"
