"""The embedded store: LadybugDB in a directory, no server, the zero-set-up default."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ladybug

import queries
from graph.cypher import single_statement
from graph.errors import ReadOnlyError, StoreError
from graph.schema import NODE_KINDS, REL_KINDS, NodeKind, Prop, RelKind
from graph.statements import write_plan
from graph.store import BATCH_SIZE, Progress, Result, Store

if TYPE_CHECKING:
    from loaders.dataset import Dataset

DB_FILE = "graph.lbug"
_TYPES = {"string": "STRING", "int": "INT64", "float": "DOUBLE", "bool": "BOOLEAN",
          "date": "DATE", "list": "STRING[]"}


def _column(prop: Prop) -> str:
    return f"`{prop.name}` {_TYPES[prop.type]}"


def node_ddl(kind: NodeKind) -> str:
    cols = ", ".join(_column(p) for p in kind.all_props if p.name != "id")
    return f"CREATE NODE TABLE IF NOT EXISTS {kind.label}(id STRING PRIMARY KEY, {cols})"


def rel_ddl(kind: RelKind) -> str:
    ends = ", ".join(f"FROM {s} TO {t}" for s, t in kind.endpoint_pairs)
    cols = "".join(", " + _column(p) for p in kind.all_props if p.name not in ("from", "to"))
    return f"CREATE REL TABLE IF NOT EXISTS {kind.type}({ends}{cols})"


def _typed(prop: Prop) -> str:
    # CAST gives an all-null column its declared type; without it LadybugDB infers STRING.
    return f"CAST(row.`{prop.name}` AS {_TYPES[prop.type]})"


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
                self._add_missing_columns(kind.label, kind.all_props)
        for rel in REL_KINDS:
            self._raw(rel_ddl(rel))
            if rel.type in existing:
                self._add_missing_columns(rel.type, rel.all_props)

    def _add_missing_columns(self, table: str, props: tuple[Prop, ...]) -> None:
        """A database made by an older schema gains the properties added since."""
        have = {row[1] for row in self._raw(f"CALL table_info('{table}') RETURN *").rows}
        for p in props:
            if p.name not in have and p.name not in ("id", "from", "to"):
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

    def execute(self, cypher: str, params: Mapping[str, Any] | None = None, *,
                write: bool = False) -> Result:
        statement = single_statement(cypher)
        if statement is None:
            raise StoreError("give exactly one Cypher statement (no ';'-separated list, "
                             "no BEGIN/COMMIT)")
        if write:
            if self.read_only:
                raise ReadOnlyError("the database is open read-only")
            return self._raw(statement, params)
        self._raw("BEGIN TRANSACTION READ ONLY")
        try:
            result = self._raw(statement, params)
        except StoreError as exc:
            self._rollback()
            if "read-only" in str(exc).lower() or "read only" in str(exc).lower():
                raise ReadOnlyError("refused: this query writes, and queries run read-only "
                                    f"({exc})") from exc
            raise
        self._raw("COMMIT")
        return result

    def _run_named(self, query: queries.Query, params: dict[str, Any]) -> Result:
        # LadybugDB types a null parameter as BOOL, so `$p IS NULL OR x = $p` fails for
        # other types; a typed null literal (text we write, never user text) avoids that.
        text = query.text
        declared = {p.name: p.type for p in query.params}
        for name, value in list(params.items()):
            if value is None and name in declared:
                text = re.sub(rf"\${name}\b", f"CAST(NULL AS {_TYPES[declared[name]]})", text)
                del params[name]
        return self.execute(text, params)

    def _rollback(self) -> None:
        with contextlib.suppress(RuntimeError):  # the engine may have ended it already
            self._conn.execute("ROLLBACK")

    def write_dataset(self, dataset: Dataset, progress: Progress | None = None,
                      batch_size: int = BATCH_SIZE) -> None:
        if self.read_only:
            raise ReadOnlyError("the database is open read-only")
        self._raw("BEGIN TRANSACTION")
        try:
            for statement, batch in write_plan(dataset, batch_size, _typed):
                self._raw(statement, {"rows": batch})
                if progress:
                    progress(len(batch))
        except BaseException:
            self._rollback()
            raise
        self._raw("COMMIT")

    def close(self) -> None:
        if getattr(self, "_conn", None) is not None:
            self._conn.close()
            self._db.close()
            self._conn = None  # type: ignore[assignment]


def _clean(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.sub(r"^(Runtime|Binder|Parser|Catalog|Connection) exception: ", "", text)


def _explain(exc: BaseException, directory: Path) -> str:
    text = _clean(exc)
    if "lock" in text.lower():
        return (f"the database at {directory} is in use by another rsp process; "
                "close it (LadybugDB allows one writer at a time) and try again")
    return f"cannot open the database at {directory}: {text}"
