"""Turn a dataset on disk (a folder of CSV files or one XLSX workbook) into raw tables.

A table keeps the spreadsheet's own row numbers (the header is row 1), so every
problem found later can be reported where the coordinator will look for it.
CSV dialects as European Excel writes them (UTF-8 with a BOM, ``;`` delimiter)
are detected rather than demanded.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import DatasetError, Issue
from graph.schema import BY_FILE


@dataclass
class Table:
    """The cells of one file or sheet, as text, with their spreadsheet row numbers."""

    name: str  # schema file name, e.g. "regions"
    origin: str  # what to call it in messages, e.g. "regions.csv" or "book.xlsx[regions]"
    header: list[str]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    #: The file could not be read at all (its problem is reported separately).
    unreadable: bool = False

    def records(self) -> Iterator[tuple[int, dict[str, object]]]:
        for number, cells in self.rows:
            yield number, dict(zip(self.header, cells, strict=False))


def read_tables(path: Path) -> tuple[list[Table], list[Issue]]:
    """Read every table of a dataset; unknown files and unreadable cells become issues."""
    if not path.exists():
        raise DatasetError([Issue(str(path), None, None, "no such file or folder")])
    if path.is_dir():
        return _read_folder(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    if path.suffix.lower() == ".csv":
        return _read_files([path])
    raise DatasetError([Issue(str(path), None, None,
                              "expected a folder of CSV files or an .xlsx workbook")])


def _read_folder(folder: Path) -> tuple[list[Table], list[Issue]]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    workbooks = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm"))
    if not files and not workbooks:
        raise DatasetError([Issue(str(folder), None, None,
                                  "no .csv files or .xlsx workbook in this folder")])
    tables, issues = _read_files(files)
    for book in workbooks:
        more, more_issues = _read_workbook(book)
        tables += more
        issues += more_issues
    return tables, issues


def _read_files(files: list[Path]) -> tuple[list[Table], list[Issue]]:
    tables: list[Table] = []
    issues: list[Issue] = []
    for file in files:
        name = file.stem.lower()
        if name not in BY_FILE:
            issues.append(Issue(file.name, None, None, _unknown_table(name)))
            continue
        try:
            tables.append(_read_csv(file, name))
        except UnicodeDecodeError as exc:
            issues.append(Issue(file.name, None, None,
                                f"not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8'"))
            tables.append(Table(name, file.name, [], unreadable=True))
        except csv.Error as exc:
            issues.append(Issue(file.name, None, None, f"unreadable CSV: {exc}"))
            tables.append(Table(name, file.name, [], unreadable=True))
    return tables, issues


def _unknown_table(name: str) -> str:
    known = ", ".join(sorted(BY_FILE))
    return f"unknown table {name!r}; expected one of: {known}"


def _read_csv(file: Path, name: str) -> Table:
    text = file.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    first = lines[0] if lines else ""
    try:
        # Only the delimiter is guessed; quoting follows Excel ("" inside a quoted cell).
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(text.splitlines(keepends=True), csv.excel, delimiter=delimiter)
    header: list[str] = []
    table = Table(name, file.name, header)
    for index, cells in enumerate(reader, start=1):
        if index == 1:
            header.extend(c.strip() for c in cells)
            continue
        if not any(c.strip() for c in cells):
            continue
        # Numbered by record, as a spreadsheet numbers rows (a multi-line cell is one row).
        table.rows.append((index, list(cells)))
    return table


def _read_workbook(book: Path) -> tuple[list[Table], list[Issue]]:
    import openpyxl  # imported here: only XLSX users pay for it

    try:
        workbook = openpyxl.load_workbook(book, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise DatasetError([Issue(book.name, None, None, f"unreadable workbook: {exc}")]) from exc
    tables: list[Table] = []
    issues: list[Issue] = []
    try:
        for sheet in workbook.worksheets:
            name = sheet.title.strip().lower()
            origin = f"{book.name}[{sheet.title}]"
            if name not in BY_FILE:
                if not name.startswith("_"):  # "_guide" sheets are notes for people
                    issues.append(Issue(origin, None, None, _unknown_table(name)))
                continue
            header: list[str] = []
            table = Table(name, origin, header)
            for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if index == 1:
                    while cells and cells[-1] == "":
                        cells.pop()
                    header.extend(str(c).strip() for c in cells)
                    continue
                if not any(str(c).strip() for c in cells):
                    continue
                table.rows.append((index, cells[: len(header)] + [""] * (len(header) - len(cells))))
            tables.append(table)
    finally:
        workbook.close()
    return tables, issues


def _cell_text(value: object) -> object:
    """Excel cells arrive typed; dates lose their time of day, empty cells become ''."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value
