"""Validate raw tables against the schema and turn them into a typed :class:`Dataset`.

Every problem is collected (not just the first), located by file, row and
column, so a coordinator can fix a spreadsheet in one pass. Row checks are
pydantic models built from the schema; cross-table checks (duplicate ids,
dangling references, endpoint kinds) follow once all rows are typed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, create_model
from pydantic_core import PydanticCustomError

from graph.errors import DatasetError, Issue
from graph.schema import BY_FILE, LIST_SEPARATOR, NodeKind, Prop, RelKind
from loaders.dataset import Dataset
from loaders.tables import Table, read_tables

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_AND_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{1,2}:[0-9]{2}")

# Numbers. A dot is always a decimal point; a comma is a decimal comma (2,5), also after
# dots grouping thousands as European Excel writes them (1.234,5). Refused, with the way to
# write them: a comma before exactly three digits (250,000: thousands or decimals?), and
# every other thousands separator (1,234.5  1.234.567  1 234  1_000): a decimal comma
# spreadsheet and a decimal point one read them differently.
_AMBIGUOUS_COMMA = re.compile(r"[-+]?[1-9][0-9]{0,2},[0-9]{3}")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]{1,3}(\.[0-9]{3})+,[0-9]+|[-+]?[0-9]+,[0-9]+")
_GROUPED = re.compile(r"[-+]?[0-9]{1,3}(?P<sep>[,. _\u00a0\u202f'\u2019])[0-9]{3}"
                      r"((?P=sep)[0-9]{3})*(?P<fraction>[.,][0-9]+)?")

#: Error type of the checks below: the message is theirs, not pydantic's.
_OWN = "rsp_invalid"


def _invalid(detail: str) -> PydanticCustomError:
    """A refused cell; ``detail`` follows "'<cell>' is not valid: " in the message."""
    return PydanticCustomError(_OWN, "{detail}", {"detail": detail})


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _text(value: object) -> object:
    """Text columns take what a workbook typed as a number or date as the text it shows."""
    value = _blank_to_none(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: object) -> object:
    value = _blank_to_none(value)
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # pydantic refuses impossible dates such as 2026-02-30
    if isinstance(value, dt.datetime) or (isinstance(value, str)
                                          and _DATE_AND_TIME.match(value)):
        raise _invalid("expected a date YYYY-MM-DD (without a time of day)")
    raise _invalid("expected a date YYYY-MM-DD")


def _number(expected: str) -> Callable[[object], object]:
    """The reading of a number cell; ``expected`` names what the column takes."""

    def read(value: object) -> object:
        value = _blank_to_none(value)
        if isinstance(value, bool):
            raise _invalid(f"expected {expected}")
        if isinstance(value, float) and not math.isfinite(value):
            raise _invalid(f"not a finite number; expected {expected}")
        if not isinstance(value, str):
            return value
        if _AMBIGUOUS_COMMA.fullmatch(value):
            whole, part = value.split(",")
            raise _invalid(f"ambiguous, a comma before exactly three digits may separate "
                           f"thousands; write {whole}{part}, or {whole}.{part} if the comma "
                           "is a decimal comma")
        if _DECIMAL_COMMA.fullmatch(value):
            # European spreadsheets write 1.234,5; accept it rather than make people re-export.
            return value.replace(".", "").replace(",", ".")
        grouped = _GROUPED.fullmatch(value)
        if grouped and _is_grouping(value, grouped["sep"], grouped["fraction"]):
            plain = value.replace(grouped["sep"], "").replace(",", ".")
            raise _invalid(f"write numbers without thousands separators, e.g. {plain}")
        try:
            number = float(value)
        except ValueError:
            return value  # pydantic refuses it with the column's type
        if not math.isfinite(number):
            raise _invalid(f"not a finite number; expected {expected}")
        return value

    return read


def _is_grouping(value: str, sep: str, fraction: str | None) -> bool:
    if fraction and fraction[0] == sep:
        return False  # 1,234,5: no reading of it is likely
    # 1.234 is one and a bit: a dot alone is a decimal point.
    return not (sep == "." and value.count(".") == 1 and not fraction)


def _choice(value: object) -> object:
    value = _blank_to_none(value)
    if isinstance(value, str):
        return re.sub(r"[\s-]+", "_", value.lower())
    return value


def _items(value: object) -> object:
    value = _text(value)
    if isinstance(value, str):
        return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    return value


def _field(prop: Prop) -> tuple[Any, Any]:
    """The pydantic type and default of one schema property."""
    base: Any
    before: Callable[[object], object] = _text
    if prop.choices:
        base = Literal[prop.choices]
        before = _choice
    elif prop.type == "int":
        base, before = int, _number(_type_hint(prop))
    elif prop.type == "float":
        base, before = float, _number(_type_hint(prop))
    elif prop.type == "bool":
        base, before = bool, _blank_to_none
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


def _shown(value: object) -> str:
    """A cell as the coordinator sees it: text quoted, numbers plain, never a repr()."""
    if isinstance(value, str):
        return repr(value.strip())
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return repr(value.isoformat())
    return repr(str(value))  # a datetime as 2025-01-02 10:00:00


def _row_issues(table: Table, kind: NodeKind | RelKind, row: int, record: dict[str, object],
                err: ValidationError) -> list[Issue]:
    issues = []
    for e in err.errors():
        column = str(e["loc"][0]) if e["loc"] else None
        prop = kind.prop(column) if column else None
        # The cell as written, not as pydantic last saw it (1.234,5 became 1234.5).
        value = record[column] if column in record else e.get("input")
        if e["type"] == "missing" or (prop and prop.required and _blank_to_none(value) is None):
            message = "a value is required"
        elif prop is not None:
            detail = (str(e["ctx"]["detail"]) if e["type"] == _OWN and "ctx" in e
                      else f"expected {_type_hint(prop)}")
            message = f"{_shown(value)} is not valid: {detail}"
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


def validate_tables(tables: list[Table], issues: list[Issue] | None = None,
                    known: Mapping[str, str] | None = None) -> Dataset:
    """Check tables against the schema and each other; raise :class:`DatasetError` on any issue.

    ``known`` maps ids already in the graph to their node kind: a dataset may refer to
    them (a region's own workbook referring to the partnership's regions).
    """
    issues = list(issues or [])
    known = known or {}
    dataset = Dataset()
    origins: dict[str, str] = {}
    typed: list[tuple[Table, RelKind, list[tuple[int, dict[str, Any]]]]] = []
    id_at: dict[str, tuple[str, str, int]] = {}  # id -> (label, origin, row)
    ambiguous: set[str] = set()  # duplicated ids: already reported, references not judged
    unknown_kinds: set[str] = set()  # kinds whose file could not be read (fully)
    # Cells the reader already reported (e.g. a formula without a value): said once only.
    reported = {(i.file, i.row, i.column) for i in issues}

    for table in tables:
        kind = BY_FILE[table.name]
        if table.name in origins:
            issues.append(Issue(table.origin, None, None,
                                f"table '{table.name}' is also given by {origins[table.name]}"))
            continue
        origins[table.name] = table.origin
        if isinstance(kind, NodeKind) and (table.unreadable or table.incomplete):
            unknown_kinds.add(kind.label)
        if table.unreadable:
            continue
        header_issues = _check_header(table, kind)
        issues += header_issues
        # Rows not checked (their problem is reported): their ids exist for references' sake.
        unchecked = [*table.broken_records(), *(table.records() if header_issues else ())]
        if isinstance(kind, NodeKind):
            for number, record in unchecked:
                raw = str(_text(record.get("id")) or "").strip()
                if raw:
                    id_at.setdefault(raw, (kind.label, table.origin, number))
        if header_issues:
            continue
        model = row_model(kind)
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, record in table.records():
            # A blank cell means "not given": the schema's default applies.
            given = {k: v for k, v in record.items() if _blank_to_none(v) is not None}
            try:
                rows.append((number, model.model_validate(given).model_dump()))
            except ValidationError as err:
                issues += [i for i in _row_issues(table, kind, number, record, err)
                           if (i.file, i.row, i.column) not in reported]
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
                dataset.add_node(kind.label, _plain(values), (table.origin, number))
        else:
            typed.append((table, kind, rows))

    for table, rel, rows in typed:
        seen: dict[tuple[str, str], int] = {}
        for number, values in rows:
            ends: list[str] = []
            for column, allowed in (("from", rel.sources), ("to", rel.targets)):
                ident = values[f"f_{column}"]
                found = id_at.get(ident)
                if found is None and ident in known:
                    found = (known[ident], "the graph", 0)
                if ident in ambiguous:
                    continue
                if found is None:
                    if unknown_kinds.intersection(allowed):
                        continue  # the unreadable file may well hold it
                    issues.append(Issue(table.origin, number, column,
                                        f"no node has id {ident!r}"
                                        + (" (in this dataset or the graph)" if known
                                           else "")))
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
                dataset.add_rel(rel.type, ends[0], ends[1], _plain(values),
                                (table.origin, number))

    if issues:
        raise DatasetError(issues)
    return dataset


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {name[2:]: value for name, value in values.items()}


def read_dataset(path: Path | str, known: Mapping[str, str] | None = None) -> Dataset:
    """Read and validate a dataset folder or workbook; raise :class:`DatasetError` if invalid.

    ``known`` (id -> node kind) are ids already in the graph that references may use.
    """
    tables, issues = read_tables(Path(path))
    return validate_tables(tables, issues, known)


