"""Validate raw tables against the schema and turn them into a typed :class:`Dataset`.

Every problem is collected (not just the first), located by file, row and
column, so a coordinator can fix a spreadsheet in one pass. Row checks are
pydantic models built from the schema; cross-table checks (duplicate ids,
dangling references, endpoint kinds) follow once all rows are typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, create_model

from graph.errors import DatasetError, Issue
from graph.schema import BY_FILE, LIST_SEPARATOR, NodeKind, Prop, RelKind
from loaders.dataset import Dataset
from loaders.tables import Table, read_tables

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_COMMA = re.compile(r"^-?\d+(\.\d{3})*,\d+$|^-?\d+,\d+$")


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _date(value: object) -> object:
    value = _blank_to_none(value)
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date without a time of day, got {value!r}")
    return value


def _number(value: object) -> object:
    value = _blank_to_none(value)
    if isinstance(value, str) and _DECIMAL_COMMA.match(value):
        # European spreadsheets write 1.234,5; accept it rather than make people re-export.
        value = value.replace(".", "").replace(",", ".")
    return value


def _choice(value: object) -> object:
    value = _blank_to_none(value)
    if isinstance(value, str):
        return re.sub(r"[\s-]+", "_", value.lower())
    return value


def _items(value: object) -> object:
    value = _blank_to_none(value)
    if isinstance(value, str):
        return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    return value


def _field(prop: Prop) -> tuple[Any, Any]:
    """The pydantic type and default of one schema property."""
    base: Any
    before: Callable[[object], object] = _blank_to_none
    if prop.choices:
        base = Literal[prop.choices]
        before = _choice
    elif prop.type == "int":
        base, before = int, _number
    elif prop.type == "float":
        base, before = float, _number
    elif prop.type == "bool":
        base = bool
    elif prop.type == "date":
        base, before = dt.date, _date
    elif prop.type == "list":
        base, before = list[str], _items
    else:
        base = str
    annotated = Annotated[base, BeforeValidator(before)]
    if prop.required:
        return annotated, ...
    default = list(prop.default) if isinstance(prop.default, tuple) else prop.default
    return annotated | None, default


@cache
def row_model(kind: NodeKind | RelKind) -> type[BaseModel]:
    """The pydantic model that checks one row of ``kind``'s table."""
    fields = {p.name: _field(p) for p in kind.all_props}
    # "from" is a Python keyword: pydantic fields get a safe name and an alias.
    renamed = {f"f_{name}": (typ, default) for name, (typ, default) in fields.items()}
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        f"{kind.name}Row",
        __config__=ConfigDict(extra="forbid", populate_by_name=False, str_strip_whitespace=True,
                              alias_generator=lambda n: n[2:]),
        **renamed,
    )
    return model


def _type_hint(prop: Prop) -> str:
    if prop.choices:
        return "one of " + ", ".join(prop.choices)
    return {
        "int": "a whole number", "float": "a number", "bool": "true or false",
        "date": "a date YYYY-MM-DD", "list": f"values separated by '{LIST_SEPARATOR}'",
    }.get(prop.type, "text")


def _row_issues(table: Table, kind: NodeKind | RelKind, row: int, err: ValidationError
                ) -> list[Issue]:
    issues = []
    for e in err.errors():
        column = str(e["loc"][0]) if e["loc"] else None
        prop = kind.prop(column) if column else None
        value = e.get("input")
        if e["type"] == "missing" or (prop and prop.required and value is None):
            message = "a value is required"
        elif prop is not None:
            shown = value if not isinstance(value, str) else value.strip()
            message = f"{shown!r} is not valid: expected {_type_hint(prop)}"
        else:
            message = e["msg"]
        issues.append(Issue(table.origin, row, column, message))
    return issues


def _check_header(table: Table, kind: NodeKind | RelKind) -> list[Issue]:
    issues = []
    names = [p.name for p in kind.all_props]
    seen: set[str] = set()
    for col in table.header:
        if col in seen:
            issues.append(Issue(table.origin, 1, col, "column appears twice"))
        seen.add(col)
        if col not in names:
            close = [n for n in names if n.lower() == col.lower().replace(" ", "_")]
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            issues.append(Issue(table.origin, 1, col or "(empty)", "unknown column" + hint
                                + f"; '{kind.file}' columns are: {', '.join(names)}"))
    for p in kind.all_props:
        if p.required and p.name not in seen:
            issues.append(Issue(table.origin, 1, p.name, "required column is missing"))
    return issues


def validate_tables(tables: list[Table], issues: list[Issue] | None = None) -> Dataset:
    """Check tables against the schema and each other; raise :class:`DatasetError` on any issue."""
    issues = list(issues or [])
    dataset = Dataset()
    origins: dict[str, str] = {}
    typed: list[tuple[Table, RelKind, list[tuple[int, dict[str, Any]]]]] = []
    id_at: dict[str, tuple[str, str, int]] = {}  # id -> (label, origin, row)
    ambiguous: set[str] = set()  # duplicated ids: already reported, references not judged
    unknown_kinds: set[str] = set()  # kinds whose file could not be read at all

    for table in tables:
        kind = BY_FILE[table.name]
        if table.name in origins:
            issues.append(Issue(table.origin, None, None,
                                f"table '{table.name}' is also given by {origins[table.name]}"))
            continue
        origins[table.name] = table.origin
        if table.unreadable:
            if isinstance(kind, NodeKind):
                unknown_kinds.add(kind.label)
            continue
        header_issues = _check_header(table, kind)
        issues += header_issues
        if header_issues:
            if isinstance(kind, NodeKind):  # its ids still exist for the references' sake
                for number, record in table.records():
                    raw = str(record.get("id") or "").strip()
                    if raw:
                        id_at.setdefault(raw, (kind.label, table.origin, number))
            continue
        model = row_model(kind)
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, record in table.records():
            # A blank cell means "not given": the schema's default applies.
            given = {k: v for k, v in record.items() if _blank_to_none(v) is not None}
            try:
                rows.append((number, model.model_validate(given).model_dump()))
            except ValidationError as err:
                issues += _row_issues(table, kind, number, err)
                ident = given.get("id")
                if isinstance(kind, NodeKind) and isinstance(ident, str):
                    # Known, though invalid: references to it should not add more errors.
                    id_at.setdefault(ident.strip(), (kind.label, table.origin, number))
        if isinstance(kind, NodeKind):
            for number, values in rows:
                ident = values["f_id"]
                if ident in id_at:
                    ambiguous.add(ident)
                    _label, origin, row = id_at[ident]
                    issues.append(Issue(table.origin, number, "id",
                                        f"duplicate id {ident!r} (already used in {origin}, "
                                        f"row {row})"))
                    continue
                id_at[ident] = (kind.label, table.origin, number)
                dataset.add_node(kind.label, _plain(values))
        else:
            typed.append((table, kind, rows))

    for table, rel, rows in typed:
        seen: dict[tuple[str, str], int] = {}
        for number, values in rows:
            ends: list[str] = []
            for column, allowed in (("from", rel.sources), ("to", rel.targets)):
                ident = values[f"f_{column}"]
                found = id_at.get(ident)
                if ident in ambiguous:
                    continue
                if found is None:
                    if unknown_kinds.intersection(allowed):
                        continue  # the unreadable file may well hold it
                    issues.append(Issue(table.origin, number, column,
                                        f"no node has id {ident!r}"))
                elif found[0] not in allowed:
                    issues.append(Issue(
                        table.origin, number, column,
                        f"{ident!r} is a {found[0]}, but {rel.type} {column} must be "
                        f"{' or '.join(allowed)}"))
                else:
                    ends.append(found[0])
            pair = (values["f_from"], values["f_to"])
            if pair in seen:
                issues.append(Issue(table.origin, number, "to",
                                    f"duplicate relationship {pair[0]} -> {pair[1]} "
                                    f"(already on row {seen[pair]})"))
                continue
            seen[pair] = number
            if len(ends) == 2:
                dataset.add_rel(rel.type, ends[0], ends[1], _plain(values))

    if issues:
        raise DatasetError(issues)
    return dataset


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {name[2:]: value for name, value in values.items()}


def read_dataset(path: Path | str) -> Dataset:
    """Read and validate a dataset folder or workbook; raise :class:`DatasetError` if invalid."""
    tables, issues = read_tables(Path(path))
    return validate_tables(tables, issues)


