"""The project's exceptions: one base class, so the CLI can turn any of them into one line."""

from __future__ import annotations

from dataclasses import dataclass


class RspError(Exception):
    """Base of every error the library raises on purpose."""


class StoreError(RspError):
    """The database could not be opened, reached, or answered with an error."""


class ReadOnlyError(StoreError):
    """A query tried to write where only reading is allowed."""


class QueryNotFound(RspError):
    """No named query with that name exists in ``queries/``."""


class NotFoundError(RspError):
    """A region, challenge or other record named by the user does not exist."""


@dataclass(frozen=True)
class Issue:
    """One problem in an input file, located as a spreadsheet user would look for it."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class DatasetError(RspError):
    """The dataset has problems; nothing was written. ``issues`` lists every one."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        n = len(issues)
        first = str(issues[0]) if issues else "invalid dataset"
        more = f" (and {n - 1} more problem{'s' if n > 2 else ''})" if n > 1 else ""
        super().__init__(first + more)
