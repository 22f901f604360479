"""Empty spreadsheets for coordinators to fill in: a CSV folder or one XLSX workbook."""

from __future__ import annotations

import csv
from pathlib import Path

from graph.schema import LIST_SEPARATOR, NODE_KINDS, REL_KINDS, NodeKind, RelKind

GUIDE = f"""# How to fill in these spreadsheets

One file (or workbook sheet) per kind of record. Keep the header row as it is;
delete the columns you do not use, except the required ones.

- Every node has an `id`: short, lowercase, unique across ALL files
  (e.g. `region-trnava`, `org-stellantis-trnava`). Relationships refer to ids in
  their `from` and `to` columns.
- Every record says where the fact comes from (`source`: a URL or document) and
  when it was checked (`updated`: YYYY-MM-DD). Set `verified` to false for facts
  no source confirms, and `illustrative` to true for made-up examples.
- Dates are YYYY-MM-DD, without a time of day; true/false (or yes/no) for
  yes-no columns; lists separated by `{LIST_SEPARATOR}`.
- Numbers have no thousands separators: 250000, 2.5 or 2,5 (a dot is always a
  decimal point, so 1.500 is one and a half). 1.234,5 as European Excel writes
  it is read too. Refused, with how to write them: one to three digits, a
  comma and exactly three digits (250,000: thousands or decimals? 0,125 is
  fine), other thousands separators (1,234.5 or 1 234), and NaN or inf.
- Comma- or semicolon-separated CSV, UTF-8 (Excel: "CSV UTF-8") both work.
  The first row is the header. A row may leave out empty cells at its end, but
  may not have more cells than the header: put a cell that contains the
  separator or a line break in double quotes, and double a quote inside it.
- An empty file is refused: delete a file you do not use, or keep its header.
- In a workbook, sheets named like the files hold the tables; sheets whose name
  starts with `_` (e.g. `_notes`) are notes, and an empty extra sheet such as
  `Sheet1` is ignored. Formulas need a saved value (open and save the workbook
  in Excel or LibreOffice); error values such as #N/A are refused.

Check your files with `rsp validate DIR`, then load them with `rsp load DIR`.
See `rsp schema` for every column and its allowed values.
"""


def _header(kind: NodeKind | RelKind) -> list[str]:
    return [p.name for p in kind.all_props]


def write_templates(target: Path, *, xlsx: bool = False, extra: str = "") -> list[Path]:
    """Write empty tables with headers and a guide into ``target``; returns what was written.

    ``extra`` is appended to the guide (e.g. a region's own ids to refer to). Whether the
    folder may be written into is the caller's check
    (:func:`usecases.data.ensure_empty_folder`).
    """
    kinds: list[NodeKind | RelKind] = [*NODE_KINDS, *REL_KINDS]
    target.mkdir(parents=True, exist_ok=True)
    written = [target / "GUIDE.md"]
    written[0].write_text(GUIDE + (("\n" + extra) if extra else ""), encoding="utf-8")
    if xlsx:
        import openpyxl

        book = openpyxl.Workbook()
        guide = book.active
        assert guide is not None
        guide.title = "_guide"
        for line in (GUIDE + (("\n" + extra) if extra else "")).splitlines():
            guide.append([line])
        for kind in kinds:
            sheet = book.create_sheet(kind.file)
            sheet.append(_header(kind))
        path = target / "partnership.xlsx"
        book.save(path)
        return [*written, path]
    for kind in kinds:
        path = target / f"{kind.file}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow(_header(kind))
        written.append(path)
    return written
