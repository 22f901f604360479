"""The embedded store: LadybugDB in a directory, no server, the zero-set-up default.

Crash recovery. LadybugDB appends committed transactions to a write-ahead log
(``graph.lbug.wal``) and copies them into ``graph.lbug`` at a checkpoint (here: the
``CHECKPOINT`` that :meth:`EmbeddedStore.close` runs after a write). A checkpoint renames
the log to ``graph.lbug.wal.checkpoint``, writes changed pages to ``graph.lbug.shadow``,
applies them and deletes both. A writer killed on the way leaves these files behind
(the ``*.checkpoint.*.lock`` files it also leaves are harmless). A read-write open
finishes the work; a read-only open replays a plain log in memory but refuses a
cut-off checkpoint ("checkpoint recovery is pending"). So a read-only open that finds
such files first opens the database read-write once (which completes and checkpoints
everything), closes it and then opens it read-only; while another process holds the
write lock it leaves the files alone and, if its read-only open is refused, waits up to
:data:`WRITER_WAIT` seconds for that writer before saying which process to wait for. A
log whose last transaction was cut off while being written (a kill during COMMIT) fails
its checksum: the read-write open keeps a copy of it, replays it up to the damage (that
transaction never committed) and says so. Every recovery is logged as a warning.

Bulk loads. The engine keeps what ``COPY`` writes in its pages, not in its log, and runs
``COPY`` fastest as a statement of its own (inside a transaction, the COMMIT does the work
again). Before such a load the store therefore checkpoints, copies the database file
aside (``graph.lbug.before-bulk-load``) and creates a marker (``graph.lbug.bulk-load``)
that it holds locked until the load is checkpointed; then it copies every group's new
rows, each ``COPY`` committing by itself (after a big one it closes and opens the
database again, which frees the memory the engine kept), and writes the rest in one
transaction. A failure puts the copy back at once; an open that finds the marker
unlocked (its writer is gone) puts it back; an open that finds it locked waits for its
writer (up to :data:`WRITER_WAIT` seconds). Either way the graph is the one before that
load, or the whole load once it is checkpointed. The new rows of a load's disposable
dataset (``rsp load``'s) are copied from Parquet files staged beside the database
(``graph.lbug.staged``) before the first ``COPY``, so that no rows are held in memory
while the engine copies (a database whose path cannot be written into the statement as
a literal copies from memory); the files are removed as they are copied, and whatever a
killed load left is removed at the next open.

Resting. While a load reads its files, and before the synergy index is written, the
store closes the database (:meth:`EmbeddedStore.resting`), which gives back the 70 MB an
open holds, and holds the same marker saying ``rest``: another rsp process that opens the
database to write waits for it as for a bulk load, one that reads goes on. The store
opens the database again at the first statement or at the end, and refuses to go on if
its files changed meanwhile (something other than rsp wrote). A marker saying ``rest``
whose process died is removed at the next open; nothing is put back.

A table that a bulk load fills from empty, every row supplied by the one dataset, is
copied without its ``datasets`` list column, which is then added back with that list as
its default (:meth:`EmbeddedStore._set_by_default`): copying a list column costs the
engine's ``COPY`` of a relationship table about 40 % of its time and a quarter of its
memory. The engine cannot drop a column's default, so it stays: rsp's writes always give
``datasets``, but a record created in such a table by another tool without ``datasets``
says it is supplied by that first dataset (and a reload of that dataset would remove it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ladybug

from graph.errors import ReadOnlyError, StoreError
from graph.faults import crash_during, crash_point
from graph.memory import give_back_memory
from graph.sandbox import check_embedded
from graph.schema import (
    DATASETS,
    NODE_KINDS,
    REL_KINDS,
    SYSTEM_KINDS,
    NodeKind,
    Prop,
    RelKind,
    node_kind,
    rel_kind,
)
from graph.statements import (
    datasets_prop,
    node_create,
    node_upsert,
    rel_create,
    rel_upsert,
    sync_plan,
)
from graph.store import (
    BATCH_SIZE,
    COUNT_STATEMENT,
    COUNT_STATEMENTS,
    SCALARS,
    Counts,
    Progress,
    Result,
    Store,
    batches,
    refused_write,
    tally,
)

if TYPE_CHECKING:
    import pyarrow as pa

    from graph.dataset import Dataset, GroupKey

DB_FILE = "graph.lbug"
#: Conclusions drawn from the graph that hold until it is next written (Store.remember),
#: with the state of the database's files when they were drawn.
MEMO_FILE = "rsp-memo.json"
#: A group of at least this many new rows is copied in bulk (``COPY``); fewer are created
#: by statement (their write goes through the log like every other change).
BULK_ROWS = 1000
#: Beside the database file while a bulk load runs: a copy of the file as it was before,
#: and a marker that the loading process keeps locked (see :meth:`EmbeddedStore._bulk`).
BEFORE_BULK, BULK_MARK = ".before-bulk-load", ".bulk-load"
#: What the marker says while its writer has the database closed between two steps of a
#: load (:meth:`EmbeddedStore.resting`), not bulk loading: nothing to put back.
REST = b"rest"
#: Beside the database file while a bulk load copies: the new rows of each group, staged
#: as Parquet files the engine copies from (see :meth:`EmbeddedStore._stage`).
STAGED = ".staged"
#: Rows per row group of a staged file (what the Parquet writer buffers at once).
ROW_GROUP = 100_000
#: The engine's page cache in MiB (``RSP_BUFFER_POOL_MB``; unset: :data:`BUFFER_POOL_MB`;
#: 0: the engine's own default, 80 % of the machine's memory). It bounds what a load keeps
#: in memory.
BUFFER_POOL_ENV = "RSP_BUFFER_POOL_MB"
#: rsp's default pool, or 80 % of the machine's memory if that is less. The engine keeps
#: 8 bytes of state per page of the pool from the moment it opens: for its own default on
#: a 24 GB machine, 37 MB resident and 35 ms of every open, for pages a partnership's
#: graph never fills (the EU-scale network at 2x is a 115 MB file; at size 1 a load
#: needs between 128 and 256 MB).
BUFFER_POOL_MB = 2048
#: After a ``COPY`` of at least this many rows a bulk load closes the database and opens
#: it again, which gives back the memory the engine kept for the copy.
REOPEN_ROWS = 50_000
#: A write of at least this many ``$rows`` reads them as an Arrow table (``LOAD FROM``)
#: instead of a list parameter (see :meth:`EmbeddedStore._scan`).
SCAN_ROWS = 1000
_UNWIND_ROWS = "UNWIND $rows AS row "
#: Dataset names written into a column default (a literal: the engine takes no parameter
#: there); a load of any other name copies its ``datasets`` column as it is.
_PLAIN_NAME = re.compile(r"[\w .()+-]{1,200}")
#: Paths written into a ``COPY ... FROM '<path>'`` (a literal, like a default); a database
#: in any other directory copies its new rows from memory.
_PLAIN_PATH = re.compile(r"[\w ./:()+,=@~-]{1,4000}")
#: How long a read-only open waits for another process's write to finish before giving up.
WRITER_WAIT = 10.0
log = logging.getLogger(__name__)
_TYPES = {"string": "STRING", "int": "INT64", "float": "DOUBLE", "bool": "BOOLEAN",
          "date": "DATE", "list": "STRING[]"}


def buffer_pool_size() -> int:
    """The buffer pool to open the database with, in bytes (0: the engine's default)."""
    value = os.environ.get(BUFFER_POOL_ENV, "").strip()
    if not value:
        try:
            machine = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):  # not known here: the engine knows
            return 0
        if machine <= 0:
            return 0
        return min(BUFFER_POOL_MB * 1024 * 1024, int(machine * 0.8))
    try:
        return max(int(value), 0) * 1024 * 1024
    except ValueError:
        raise StoreError(f"{BUFFER_POOL_ENV} must be a whole number of MiB, not {value!r}"
                         ) from None


def with_null_literals(statement: str, params: Mapping[str, Any],
                       types: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    """The statement with each null parameter of a declared type written as ``NULL``.

    LadybugDB types a null parameter as BOOL, so ``$p IS NULL OR x = $p`` fails for other
    types; a null literal (text we write, never user text) takes the type of what it
    meets. Not ``CAST(NULL AS ...)``: a new process parses each new construct slowly
    once, about 10 ms more for each statement with a cast.

    >>> with_null_literals("RETURN $a IS NULL OR $a = $b", {"a": None, "b": 1},
    ...                    {"a": "string", "b": "int"})
    ('RETURN NULL IS NULL OR NULL = $b', {'b': 1})
    """
    kept = dict(params)
    for name, value in params.items():
        if value is None and name in types:
            statement = re.sub(rf"\${name}\b", "NULL", statement)
            del kept[name]
    return statement, kept


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
        return [v if type(v) in SCALARS else _plain(v) for v in value]
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


class EmbeddedStore(Store):
    """LadybugDB database kept in ``directory`` (created on first write)."""

    backend = "ladybug"
    one_writer = True

    def __init__(self, directory: Path, *, read_only: bool = False):
        self.directory = directory
        self.scratch = directory
        self.location = str(directory)
        self.read_only = read_only
        #: What recovery this open did, if any (also logged as a warning), else None.
        self.recovered: str | None = None
        file = directory / DB_FILE
        if read_only and not file.exists():
            raise StoreError(f"no database at {directory}: load data first with 'rsp load PATH'")
        if not read_only:
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the database directory {directory}: "
                                 f"{exc.strerror or exc}") from exc
        self._marker: int | None = None
        #: While the database rests closed (see :meth:`resting`): the files' state, and
        #: the marker held meanwhile.
        self._asleep: tuple[list[list[int] | None], int] | None = None
        #: What this process remembered since it last wrote (see :meth:`remember`).
        self._memo: dict[str, Any] = {}
        self._wrote = False
        self._undo_cut_off_bulk_load(file)
        self._db = self._open_read_only(file) if read_only else self._open_writable(file)
        #: The most threads a statement may use now (0: as many as the database's);
        #: see :meth:`point_reads`.
        self._threads = 0
        try:
            self._conn = self._connect()
        except RuntimeError as exc:
            self._db.close()
            raise StoreError(_explain(exc, directory)) from exc
        if not read_only:
            self.ensure_schema()

    # -- opening and recovery ------------------------------------------------------------

    def _open_writable(self, file: Path) -> ladybug.Database:
        """Open read-write; the engine itself replays the log and ends a cut-off checkpoint."""
        leftovers = _leftovers(file)
        try:
            db = ladybug.Database(str(file), buffer_pool_size=buffer_pool_size())
        except RuntimeError as exc:
            if not _damaged_log(_clean(exc)):
                raise _open_error(exc, self.directory) from exc
            return self._open_past_damage(file, exc)
        if leftovers:  # we hold the write lock: whoever left them is gone
            self._note(f"recovered {self.directory}: a write to it was cut off before it "
                       "finished and has now been completed from its log; nothing committed "
                       "was lost")
        return db

    def _open_past_damage(self, file: Path, exc: RuntimeError) -> ladybug.Database:
        """The log's tail is damaged: keep a copy, replay it up to the damage."""
        kept = _keep_logs(file)
        try:
            db = ladybug.Database(str(file), throw_on_wal_replay_failure=False,
                                  buffer_pool_size=buffer_pool_size())
        except RuntimeError as again:
            if _locked(_clean(again)):
                raise _open_error(again, self.directory) from again
            raise Unrecoverable(_unrecoverable(again, self.directory, kept)) from again
        where = f"; a copy of the damaged log is in {kept[0]}" if kept else ""
        self._note(f"the write-ahead log of {self.directory} ended in a damaged record "
                   f"({_clean(exc)}): a write was cut off while committing. Recovered every "
                   f"transaction before it{where}. If a load is missing, run it again")
        return db

    def _open_read_only(self, file: Path) -> ladybug.Database:
        """Open read-only, first finishing what a killed writer left (see the module doc)."""
        if _leftovers(file):
            self._try_recovery(file)
        deadline = time.monotonic() + WRITER_WAIT
        recoveries = 0
        while True:
            try:
                return ladybug.Database(str(file), read_only=True,
                                        buffer_pool_size=buffer_pool_size())
            except RuntimeError as exc:
                text = _clean(exc)
                if not (_unfinished(text) or _locked(text)):
                    raise _open_error(exc, self.directory) from exc
                if recoveries >= 2:
                    raise Unrecoverable(_unrecoverable(exc, self.directory, [])) from exc
                refused = exc
            # Work left in the files: a read-write open completes it, unless another
            # process is writing (its own checkpoint finishes it: wait for that).
            try:
                db = self._open_writable(file)
            except WriterBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)
                continue
            except Unrecoverable:
                raise
            except StoreError as failed:
                raise StoreError(_needs_writer(failed, refused, self.directory)) from failed
            db.close()
            recoveries += 1

    def _try_recovery(self, file: Path) -> None:
        """Checkpoint a log a killed writer left, so reads need not replay it every time.

        Only if no one else is writing, and only if we may write: otherwise the
        read-only open replays the log in memory, or says what it needs.
        """
        try:
            db = self._open_writable(file)
        except Unrecoverable:
            raise
        except StoreError:  # a writer at work (its log is its own), or no write access
            return
        db.close()

    def _undo_cut_off_bulk_load(self, file: Path) -> None:
        """Put back the database as it was before a bulk load whose process died."""
        marker, before = Path(str(file) + BULK_MARK), Path(str(file) + BEFORE_BULK)
        if not marker.exists():
            with contextlib.suppress(OSError):  # left by a load killed as it finished
                before.unlink()
            shutil.rmtree(Path(str(file) + STAGED), ignore_errors=True)
            return
        try:
            fd = os.open(marker, os.O_RDWR)
        except OSError as exc:
            if self.read_only and _rests(marker):
                return  # a writer rests, or did: its database is closed whole
            raise StoreError(f"cannot check the bulk load cut off in {self.directory}: "
                             f"{exc.strerror or exc}") from exc
        try:
            deadline = time.monotonic() + WRITER_WAIT
            while not _lock(fd):
                if self.read_only and _rests(marker, fd):
                    return  # a writer rests: it closed the database whole; reading goes on
                # Its writer is still at work; between two of its statements it may have
                # the database closed for a moment (see write_dataset): what it copied so
                # far is not the graph yet, so wait for it rather than open.
                if time.monotonic() >= deadline:
                    raise WriterBusy(
                        f"another rsp process is loading data into {self.directory}; wait "
                        "for it to finish, then run this command again")
                time.sleep(0.05)
            try:
                current = marker.stat().st_ino == os.fstat(fd).st_ino
            except OSError:
                current = False
            if not current:
                return  # its writer finished meanwhile and removed the marker
            if _rests(marker, fd):  # its writer rested and is gone
                with contextlib.suppress(OSError):
                    marker.unlink()
                return
            try:
                shutil.rmtree(Path(str(file) + STAGED), ignore_errors=True)
                if before.exists():
                    os.replace(before, file)
                for suffix in (WAL, CHECKPOINT_WAL, SHADOW):
                    with contextlib.suppress(FileNotFoundError):
                        Path(str(file) + suffix).unlink()
                marker.unlink()
            except OSError as exc:
                raise StoreError(
                    f"the database at {self.directory} needs a one-time recovery because a "
                    f"bulk load into it was cut off, which failed here: {exc.strerror or exc}. "
                    f"Run 'rsp stats --db {self.directory}' as a user who can write to that "
                    "directory") from exc
        finally:
            os.close(fd)
        self._note(f"recovered {self.directory}: a bulk load into it was cut off before it "
                   "finished; the database is as it was before that load. Run it again")

    def _bulk_begin(self) -> None:
        """Before a bulk load: checkpoint, copy the file aside, hold the marker locked."""
        file = self.directory / DB_FILE
        self._conn.execute("CHECKPOINT")
        before = Path(str(file) + BEFORE_BULK)
        partial = before.with_name(before.name + ".partial")
        shutil.copyfile(file, partial)
        _sync(partial)
        os.replace(partial, before)
        fd = self._take_marker(str(os.getpid()).encode())
        if fd is None:
            raise StoreError(f"another process is bulk loading into {self.directory}")
        os.fsync(fd)
        _sync(self.directory)
        self._marker = fd

    def _take_marker(self, says: bytes) -> int | None:
        """Create the marker beside the database saying ``says`` and hold it locked (its
        file descriptor); None if another process holds it."""
        fd = os.open(self._sibling(BULK_MARK), os.O_RDWR | os.O_CREAT, 0o644)
        if not _lock(fd):
            os.close(fd)
            return None
        os.ftruncate(fd, 0)
        os.write(fd, says)
        return fd

    def _drop_marker(self, fd: int) -> None:
        """Remove the marker, then let its lock go."""
        with contextlib.suppress(OSError):
            self._sibling(BULK_MARK).unlink()
        os.close(fd)

    def _close_db(self) -> None:
        """Close the database and give back what the engine freed (and what else was
        let go)."""
        self._conn.close()
        self._conn = None  # type: ignore[assignment]
        self._db.close()
        give_back_memory()

    def _open_db(self) -> None:
        self._db = self._open_writable(self.directory / DB_FILE)
        self._conn = self._connect()

    def _connect(self) -> ladybug.Connection:
        conn = ladybug.Connection(self._db)
        if self._threads:
            conn.set_max_threads_for_exec(self._threads)
        return conn

    @contextlib.contextmanager
    def point_reads(self) -> Iterator[None]:
        """Statements run on one thread meanwhile. LadybugDB spreads each statement over
        every core; for the dozens of small reads of a one-region answer, waking and
        joining the other threads costs more than they give: at EU scale on 2 cores the
        answer took 0.73 s on one thread against 0.82 s (medians of 12), while the
        reads of a whole-network page took 3.1 s against 2.9 s."""
        before = self._threads
        self._threads = 1
        if self._conn is not None:  # else resting: the connection at waking takes it
            self._conn.set_max_threads_for_exec(1)
        try:
            yield
        finally:
            self._threads = before
            if self._conn is not None:
                self._conn.set_max_threads_for_exec(before)

    def _reopen(self) -> None:
        """Close the database and open it again: the engine keeps the memory a big
        ``COPY`` used until the database is closed (hundreds of MB at EU scale)."""
        self._close_db()
        self._open_db()

    @contextlib.contextmanager
    def resting(self) -> Iterator[None]:
        """Close the database while the block runs, and open it again at its end or at
        its first statement (see :meth:`Store.resting`): the open costs about 3.4 MB per
        node table, about 70 MB for rsp's schema, whatever the data.

        Meanwhile the store holds the bulk-load marker, saying :data:`REST`: another rsp
        process that opens the database to write waits for it (as for a bulk load), one
        that only reads does not. Should something else have written to the database
        meanwhile (its files changed), the store raises :class:`StoreError` once open
        again: what the caller read before is stale."""
        if self.read_only or self._marker is not None or self._conn is None:
            yield
            return
        fd = self._take_marker(REST + f" {os.getpid()}".encode())
        if fd is None:
            yield
            return
        if self._wrote:
            self._checkpoint()
        # Closing rewrites the file even when nothing was written: what holds until the
        # next write is carried over (it still holds if nobody writes meanwhile).
        self._memo = {**({} if self._wrote else self._saved_memo()), **self._memo}
        self._close_db()
        self._asleep = (self._files_state(), fd)
        try:
            yield
        except BaseException:
            with contextlib.suppress(StoreError):  # the block's own error says more
                self._wake(check=False)
            raise
        self._wake()

    def _wake(self, *, check: bool = True) -> None:
        """Open the database again after :meth:`resting`, if it is still closed (should
        that fail, the next statement tries again), then let the marker go."""
        if self._asleep is None:
            return
        state, fd = self._asleep
        self._open_db()
        self._asleep = None
        changed = self._files_state() != state
        self._drop_marker(fd)
        if changed:
            self._memo.clear()
            if check:
                raise StoreError(
                    f"another process wrote to the database at {self.directory} while "
                    "this command had it closed to read files; nothing was written. Run "
                    "the command again")

    def release_memory(self) -> None:
        """Close the database and open it again (:meth:`resting`, with its checks)."""
        with self.resting():
            pass

    def _bulk_undo(self) -> None:
        """A bulk load failed: put back the database file set aside before it (what the
        ``COPY`` statements committed is gone with it), then open it again. Should that
        fail, the marker stays for the next open to finish (see the module doc)."""
        file = self.directory / DB_FILE
        before = Path(str(file) + BEFORE_BULK)
        for handle in (self._conn, self._db):
            if handle is not None:
                with contextlib.suppress(RuntimeError):
                    handle.close()
        self._conn = None  # type: ignore[assignment]  # closed: close() has nothing to do
        try:
            os.replace(before, file)
            for suffix in (WAL, CHECKPOINT_WAL, SHADOW):
                with contextlib.suppress(FileNotFoundError):
                    Path(str(file) + suffix).unlink()
        except OSError as exc:
            log.warning("rsp: could not put back %s after a failed bulk load (%s); the "
                        "next open will", self.directory, exc.strerror or exc)
            if self._marker is not None:
                os.close(self._marker)  # unlocked: the next open puts the copy back
                self._marker = None
            return
        self._bulk_end()
        self._open_db()

    def _bulk_end(self) -> None:
        """The bulk load is checkpointed (or undone): drop the marker, then the copy."""
        if self._marker is None:
            return
        with contextlib.suppress(OSError):  # the marker first: then nothing to put back
            self._sibling(BULK_MARK).unlink()
        with contextlib.suppress(OSError):
            self._sibling(BEFORE_BULK).unlink()
        os.close(self._marker)
        self._marker = None

    def _note(self, message: str) -> None:
        self.recovered = message
        log.warning("rsp: %s", message)

    def ensure_schema(self) -> None:
        existing = {row[0] for row in self._raw("CALL show_tables() RETURN name").rows}
        for kind in (*NODE_KINDS, *SYSTEM_KINDS):
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
        self._wake()
        try:
            result = self._conn.execute(cypher, dict(params or {}))
        except RuntimeError as exc:
            raise StoreError(_clean(exc)) from exc
        if isinstance(result, list):  # several statements: only ever from a caller's text
            result = result[-1]
        columns = result.get_column_names()
        rows = [tuple(v if type(v) in SCALARS else _plain(v) for v in row)
                for row in result.get_all()]
        return Result(columns, rows)

    def _write(self, statement: str, params: dict[str, Any]) -> Result:
        self._written()
        rows = params.get("rows")
        if (statement.startswith(_UNWIND_ROWS) and set(params) == {"rows"}
                and isinstance(rows, list) and len(rows) >= SCAN_ROWS):
            table = _arrow_rows(rows)
            if table is not None:
                return self._scan(statement[len(_UNWIND_ROWS):], table)
        return self._raw(statement, params)

    def _scan(self, rest: str, table: pa.Table) -> Result:
        """Run ``UNWIND $rows AS row <rest>`` with the rows read from an Arrow table by
        ``LOAD FROM`` (each row made the same ``row`` map), in one transaction as before:
        the engine converts a list parameter value by value, several times slower."""
        fields = ", ".join(f"`{name}`: `{name}`" for name in table.column_names)
        rows = table  # noqa: F841 (read by the statement)
        return self._raw(f"LOAD FROM rows WITH {{{fields}}} AS row {rest}")

    def read_arrow(self, statement: str, params: Mapping[str, Any] | None = None
                   ) -> pa.Table:
        """A statement's rows as an Arrow table, column by column (no Python row objects);
        statements written by the loader only, never a user's text."""
        self._wake()
        try:
            result = self._conn.execute(statement, dict(params or {}))
            if isinstance(result, list):
                result = result[-1]
            table: pa.Table = result.get_as_arrow()
        except RuntimeError as exc:
            raise StoreError(_clean(exc)) from exc
        return table

    def counts(self) -> dict[str, int]:
        """A statement per kind, in one read transaction: LadybugDB counts each table in
        about 2 ms, but takes 70-150 ms over the same counts as one ``UNION ALL``."""
        with self.point_reads():
            self._raw("BEGIN TRANSACTION READ ONLY")
            try:
                rows = [row for statement in COUNT_STATEMENTS
                        for row in self._raw(statement).rows]
            finally:
                self._rollback()
        return tally(rows)

    def _sandbox(self, statement: str, params: dict[str, Any]) -> None:
        check_embedded(statement, lambda text: str(self._raw(text, params).scalar()))

    def _read(self, statement: str, params: dict[str, Any],
              types: Mapping[str, str]) -> Result:
        statement, params = with_null_literals(statement, params, types)
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
        """Write only what differs: rows new to the graph by the engine's bulk path
        (``COPY`` from Arrow tables), changed ones by MERGE/SET, then releases, deletions
        and the history record; the rest is skipped.

        The graph ends up exactly as with a MERGE of every row, all or nothing. A small
        load runs in one transaction. A bulk load (some group has :data:`BULK_ROWS` new
        rows) first sets the database file aside (:meth:`_bulk_begin`), copies every new
        group with ``COPY``, each its own statement as the engine's bulk path runs fastest,
        then writes the rest in one transaction: a failure puts the file set aside back
        (:meth:`_bulk_undo`), a crash leaves it for the next open to put back.
        """
        if self.read_only:
            raise ReadOnlyError("the database is open read-only")
        self._wake()
        self._written()
        if not any(t.num_rows >= BULK_ROWS for t in (dataset.new_rows or {}).values()):
            return self._write_all(dataset, progress, batch_size)
        self._bulk_begin()
        try:
            before = tally(self._raw(COUNT_STATEMENT).rows)
            crash_point("load:after-begin")
            from graph.dataset import kind_of  # pyarrow: only loads need it

            keys = self._copy_order(dataset)
            assert dataset.new_rows is not None
            defaults = self._set_by_default(dataset, keys, before)
            for table, (prop, _) in defaults.items():
                self._raw(f"ALTER TABLE {table} DROP `{prop.name}`")
            sizes = {key: dataset.new_rows[key].num_rows for key in keys}
            staged = self._stage(dataset, keys) if dataset.disposable else {}
            for n, key in enumerate(keys):
                rows = sizes[key]
                statement = self._copy_target(key, kind_of(key), staged.get(key))
                if key in staged:
                    self._copy(statement, None)
                    staged[key].unlink()
                else:
                    self._copy(statement, dataset.new_rows[key])
                if n == 0:
                    crash_point("load:mid-write")
                if dataset.disposable and key not in staged:  # held no longer than needed
                    dataset.let_go(key)
                # Each node COPY leaves its table's key index in the engine's memory
                # (15-20 MB, however few its rows): given back after the last of them,
                # before the relationship COPYs, which need the most.
                last_node = isinstance(key, str) and (
                    n + 1 == len(keys) or not isinstance(keys[n + 1], str))
                if rows >= REOPEN_ROWS or last_node:
                    self._reopen()
                if progress:
                    progress(rows)
            for table, (prop, names) in defaults.items():
                listed = ", ".join(f"'{name}'" for name in names)
                self._raw(f"ALTER TABLE {table} ADD {_column(prop)} DEFAULT [{listed}]")
            if defaults:
                self._reopen()  # the added columns' pages, written out
            counts = self._write_all(dataset, progress, batch_size, before=before)
        except BaseException:
            self._unstage()
            self._bulk_undo()
            raise
        self._unstage()
        self._bulk_end()
        self._reopen()  # what comes next (the synergy index) starts from little memory
        return counts

    def _write_all(self, dataset: Dataset, progress: Progress | None, batch_size: int,
                   before: dict[str, int] | None = None) -> Counts:
        """Write in one transaction; ``before``: the counts before a bulk load, whose new
        rows are copied already (the load is checkpointed after its COMMIT)."""
        self._raw("BEGIN TRANSACTION")
        if before is None:
            crash_point("load:after-begin")
        try:
            if before is None:
                before = tally(self._raw(COUNT_STATEMENT).rows)
            written = 0
            steps = (self._planned(dataset, batch_size) if dataset.new_rows is not None
                     else self._changes(dataset, batch_size))
            for statement, batch, skipped in steps:
                if batch:
                    self._raw(statement, {"rows": batch})
                    written += 1
                    if written == 1:
                        crash_point("load:mid-write")
                if progress:
                    progress(len(batch) + skipped)
            after = tally(self._raw(COUNT_STATEMENT).rows)
        except BaseException:
            self._rollback()
            raise
        crash_point("load:before-commit")
        wal = self._sibling(WAL)
        size = _size(wal)
        with contextlib.ExitStack() as points:
            points.enter_context(crash_during("load:commit", lambda: _size(wal) > size))
            # A big log is checkpointed by the COMMIT itself, not at close: watched by the
            # files only, as a small load's COMMIT has no checkpoint.
            self._checkpoint_points(points, clock=False)
            self._raw("COMMIT")
        crash_point("load:after-commit")
        if self._marker is not None:
            # What COPY wrote is durable once checkpointed, so that happens now, before
            # the load reports (and before the file set aside is dropped).
            self._checkpoint(strict=True)
        return Counts(before, after)

    @staticmethod
    def _copy_order(dataset: Dataset) -> list[GroupKey]:
        """The groups a bulk load copies: those with new rows, nodes first, the biggest
        node group first (the memory its COPY takes is given back before the small ones
        add theirs; nothing refers to nodes yet), then the relationship groups, the
        biggest last (a disposable dataset has let go of every other group's rows by
        then, and the engine of the memory their COPYs took)."""
        assert dataset.new_rows is not None
        new_rows = dataset.new_rows

        def size(key: GroupKey) -> int:
            table = new_rows.get(key)
            return 0 if table is None else table.num_rows

        nodes: list[GroupKey] = sorted(dataset.node_tables, key=size, reverse=True)
        rels: list[GroupKey] = sorted(dataset.rel_tables, key=size)
        return [key for key in [*nodes, *rels] if size(key)]

    @staticmethod
    def _set_by_default(dataset: Dataset, keys: list[GroupKey], before: Mapping[str, int]
                        ) -> dict[str, tuple[Prop, list[str]]]:
        """The tables this bulk load fills from empty whose new rows, in every group of
        the table, all say the same ``datasets`` (a first load: the dataset's name), with
        the property and that list: their ``datasets`` column is left out of the
        ``COPY`` and added back with the list as its default (see the module doc)."""
        from graph.dataset import kind_of  # pyarrow: only loads need it

        assert dataset.new_rows is not None
        groups: dict[str, list[GroupKey]] = {}
        for key in keys:
            groups.setdefault(key if isinstance(key, str) else key[0], []).append(key)
        found: dict[str, tuple[Prop, list[str]]] = {}
        for table, members in groups.items():
            if before.get(table, 0):
                continue
            lists = {_one_list(dataset.new_rows[key].column(DATASETS)) for key in members}
            names = lists.pop() if len(lists) == 1 else None
            if names:
                found[table] = (datasets_prop(kind_of(members[0])), list(names))
        return found

    def _planned(self, dataset: Dataset, batch_size: int
                 ) -> Iterator[tuple[str, list[dict[str, Any]], int]]:
        """A synced dataset's writes in the transaction: each group's new rows created
        (unless a bulk load copied them already), its changed rows merged, then what the
        sync releases and deletes."""
        assert dataset.new_rows is not None and dataset.changed_rows is not None
        copied = self._marker is not None
        keys: list[GroupKey] = [*dataset.node_tables, *dataset.rel_tables]
        for key in keys:
            new = dataset.new_rows.get(key)
            if isinstance(key, str):
                create = node_create(node_kind(key), _typed)
                statement = node_upsert(node_kind(key), _typed)
            else:
                create = rel_create(rel_kind(key[0]), key[1], key[2], _typed)
                statement = rel_upsert(rel_kind(key[0]), key[1], key[2], _typed)
            if new is not None and new.num_rows and not copied:
                for start in range(0, new.num_rows, batch_size):
                    yield create, new.slice(start, batch_size).to_pylist(), 0
            changed = dataset.changed_rows.get(key, [])
            for batch in batches(changed, batch_size):
                yield statement, list(batch), 0
        for statement, batch in sync_plan(dataset, batch_size, _typed):
            yield statement, batch, 0

    def _copy_target(self, key: GroupKey, kind: NodeKind | RelKind,
                     file: Path | None = None) -> str:
        """The COPY statement of a group: its table, where from (the ``rows`` in memory,
        or a staged file) and, for a relationship table with several end pairs, which
        one."""
        source = "rows" if file is None else f"'{file}'"
        if isinstance(key, str):
            return f"COPY {key} FROM {source}"
        several = isinstance(kind, RelKind) and len(kind.endpoint_pairs) > 1
        ends = f" (from='{key[1]}', to='{key[2]}')" if several else ""
        return f"COPY {key[0]} FROM {source}{ends}"

    def _copy_columns(self, table_name: str, table: pa.Table) -> pa.Table:
        """``table``'s columns in the order of the database's table (``COPY`` reads them
        by position)."""
        columns = [row[1] for row in
                   self._raw(f"CALL table_info('{table_name}') RETURN *").rows]
        keys = ["from", "to"] if "from" in table.column_names else []
        missing = [c for c in columns if c not in table.column_names]
        if missing:
            raise StoreError(f"cannot load {table_name}: the database's table has columns "
                             f"the schema does not know ({', '.join(missing)})")
        return table.select([*keys, *columns])

    def _copy(self, statement: str, table: pa.Table | None) -> None:
        """Copy ``table`` in bulk (None: the statement names a staged file)."""
        if table is not None:
            rows = self._copy_columns(statement.split()[1], table)  # noqa: F841 (read by it)
        try:
            self._conn.execute(statement)
        except RuntimeError as exc:
            raise StoreError(_clean(exc)) from exc

    def _stage(self, dataset: Dataset, keys: list[GroupKey]) -> dict[GroupKey, Path]:
        """Write each group's new rows to a Parquet file beside the database and let go
        of them, so that no rows are held in memory while the engine copies (at EU scale
        the rows of every group, about 90 MB, were held during the biggest ``COPY``).
        The files are removed as they are copied (:meth:`_unstage` removes the rest).
        Nothing is staged where the path would not be a plain literal."""
        folder = self._sibling(STAGED)
        if not _PLAIN_PATH.fullmatch(str(folder.resolve())):
            return {}
        import pyarrow.parquet as pq  # only bulk loads need it

        assert dataset.new_rows is not None
        self._unstage()
        folder.mkdir()
        files: dict[GroupKey, Path] = {}
        for n, key in enumerate(keys):
            table = self._copy_columns(key if isinstance(key, str) else key[0],
                                       dataset.new_rows[key])
            file = folder.resolve() / f"{n}.parquet"
            try:
                pq.write_table(table, file, compression="none", row_group_size=ROW_GROUP)
            except OSError as exc:  # e.g. a full disk: the rest is copied from memory
                log.warning("rsp: could not stage rows beside %s (%s); copying the rest "
                            "from memory", self.directory, exc.strerror or exc)
                with contextlib.suppress(OSError):
                    file.unlink()
                break
            del table
            dataset.let_go(key)
            files[key] = file
        give_back_memory()
        return files

    def _unstage(self) -> None:
        shutil.rmtree(self._sibling(STAGED), ignore_errors=True)

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
        for statement, batch in sync_plan(dataset, batch_size, _typed):
            yield statement, batch, 0

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

    def _sibling(self, suffix: str) -> Path:
        return self.directory / (DB_FILE + suffix)

    def _checkpoint(self, *, strict: bool = False) -> None:
        """Copy the log into the database file now, with crash points inside it.

        Closing would checkpoint too; doing it as a statement of its own makes the
        final checkpoint a step that tests can interrupt (see :mod:`graph.faults`):
        ``load:checkpoint`` once the log is frozen, ``load:checkpoint-shadow`` while
        pages are written to the shadow file, ``load:checkpoint-apply`` once the frozen
        log is gone and the shadow pages are being applied.
        """
        with contextlib.ExitStack() as points:
            self._checkpoint_points(points)
            try:
                self._conn.execute("CHECKPOINT")
            except RuntimeError as exc:  # committed data is safe in the log either way
                if strict:  # ... but not a bulk copy's: see write_dataset
                    raise StoreError(f"could not checkpoint {self.directory} after a bulk "
                                     f"load ({_clean(exc)}); load the data again") from exc
                log.warning("rsp: could not checkpoint %s (%s); the next open will",
                            self.directory, _clean(exc))

    def _checkpoint_points(self, points: contextlib.ExitStack, *, clock: bool = True
                           ) -> None:
        """Arm the crash points inside a checkpoint (see :meth:`_checkpoint`);
        ``clock=False`` where the checkpoint may not happen at all (see
        :func:`graph.faults.crash_during`)."""
        frozen, shadow = self._sibling(CHECKPOINT_WAL), self._sibling(SHADOW)
        points.enter_context(crash_during("load:checkpoint", frozen.exists, clock=clock))
        points.enter_context(crash_during("load:checkpoint-shadow",
                                          lambda: _size(shadow) > 0, clock=clock))
        points.enter_context(crash_during(
            "load:checkpoint-apply", lambda: shadow.exists() and not frozen.exists(),
            clock=clock))

    def close(self) -> None:
        if getattr(self, "_asleep", None) is not None:
            self._wake(check=False)  # checked and closed like an open database
        if getattr(self, "_conn", None) is not None:
            if not self.read_only:
                self._checkpoint()
            self._conn.close()
            self._db.close()
            self._conn = None  # type: ignore[assignment]
            if self._memo and not self.read_only:
                self._save_memo()  # drawn after this process's last write: the files now

    # -- what holds until the next write (Store.remember) --------------------------------

    def _written(self) -> None:
        if not self._wrote:  # the files' state says so too, unless their clock is coarse
            with contextlib.suppress(OSError):
                (self.directory / MEMO_FILE).unlink(missing_ok=True)
        self._wrote = True
        self._memo.clear()

    def _files_state(self) -> list[list[int] | None]:
        """The identity, size and modification time of the database file, its log and what
        a cut-off checkpoint leaves: a write changes them (a checkpoint rewrites the file;
        a write not yet checkpointed is in the log), and the engine admits no writer while
        a reader has the database open."""
        out: list[list[int] | None] = []
        for name in (DB_FILE, *(DB_FILE + suffix for suffix in (WAL, CHECKPOINT_WAL,
                                                                   SHADOW))):
            try:
                st = (self.directory / name).stat()
            except FileNotFoundError:
                out.append(None)
                continue
            out.append([st.st_ino, st.st_size, st.st_mtime_ns])
        return out

    def _saved_memo(self) -> dict[str, Any]:
        """The entries of the memo file, if the files are as they were when it was saved."""
        try:
            memo = json.loads((self.directory / MEMO_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(memo, dict) or memo.get("files") != self._files_state():
            return {}
        entries = memo.get("entries")
        return entries if isinstance(entries, dict) else {}

    def remembered(self, name: str) -> Any:
        if name in self._memo:
            return self._memo[name]
        return None if self._wrote else self._saved_memo().get(name)

    def remember(self, name: str, value: Any) -> None:
        """Kept in the memo file beside the database with the files' state: at once when
        open read-only, at close otherwise (the close checkpoints); any write in this
        process forgets it, and any write by another changes the files' state."""
        self._memo[name] = value
        if self.read_only:
            self._save_memo()

    def _save_memo(self) -> None:
        entries = {**({} if self._wrote else self._saved_memo()), **self._memo}
        memo = {"files": self._files_state(), "entries": entries}
        target = self.directory / MEMO_FILE
        part = target.with_name(f"{MEMO_FILE}.{os.getpid()}.part")
        try:  # a cache: a folder the user cannot write to only makes answers slower
            part.write_text(json.dumps(memo), encoding="utf-8")
            os.replace(part, target)
        except OSError:
            with contextlib.suppress(OSError):
                part.unlink()


def open_target(target: str, *, read_only: bool = False, **_: Any) -> EmbeddedStore:
    """Open the embedded database in directory ``target`` (see :mod:`graph.registry`)."""
    return EmbeddedStore(Path(target).expanduser(), read_only=read_only)


def _arrow_rows(rows: list[dict[str, Any]]) -> pa.Table | None:
    """Rows of one shape (the same keys, each key's values of one type) as an Arrow table;
    None for any other rows (they go as a list parameter)."""
    import pyarrow as pa  # only writes need it: a read starts 0.15 s sooner without it

    first = rows[0]
    if not isinstance(first, dict) or not first:
        return None
    keys = list(first)
    if any(not isinstance(r, dict) or r.keys() != first.keys() for r in rows):
        return None
    try:
        table = pa.Table.from_pylist(rows)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None
    if table.column_names != keys or not all(map(_scannable, table.schema.types)):
        return None
    return table


def _one_list(column: pa.ChunkedArray) -> tuple[str, ...] | None:
    """The list every row of a ``datasets`` column says, when all say the same one and
    its names can be written into a column default's literal (:data:`_PLAIN_NAME`)."""
    import pyarrow.compute as pc  # pyarrow: only loads need it

    names = column[0].as_py() if len(column) and column.null_count == 0 else None
    if not names or not all(isinstance(n, str) and _PLAIN_NAME.fullmatch(n) for n in names):
        return None
    joined = pc.binary_join(column, "\x1f")
    same = pc.all(pc.equal(joined, "\x1f".join(names)), skip_nulls=False).as_py()
    return tuple(names) if same else None


def _scannable(column: pa.DataType) -> bool:
    """Whether a column of rows keeps its values' types read by ``LOAD FROM``: not an
    all-null column or list (no type to read), a map or a time (left as given)."""
    import pyarrow as pa

    if pa.types.is_list(column):
        column = column.value_type
    return not (pa.types.is_null(column) or pa.types.is_struct(column)
                or pa.types.is_timestamp(column) or pa.types.is_list(column))


def _clean(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"^(Runtime|Binder|Parser|Catalog|Connection|Storage|IO|Buffer manager) "
                  r"exception: ", "",
                  text)
    if "buffer pool is full" in text.lower():
        size = buffer_pool_size()
        now = f"{size // (1024 * 1024)} MiB" if size else "the engine's default"
        text += (f" (the buffer pool is {now}: set {BUFFER_POOL_ENV} to a larger number "
                 "of MiB, or 0 for 80 % of the machine's memory)")
    return text


WAL, CHECKPOINT_WAL, SHADOW = ".wal", ".wal.checkpoint", ".shadow"


def _rests(marker: Path, fd: int | None = None) -> bool:
    """Whether the bulk-load marker (read through ``fd`` when given: the file it locks,
    even if unlinked since) is a resting writer's (see EmbeddedStore.resting)."""
    try:
        if fd is not None:
            return os.pread(fd, len(REST), 0) == REST
        return marker.read_bytes().startswith(REST)
    except OSError:
        return False


def _lock(fd: int) -> bool:
    """Take the exclusive lock of ``fd`` without waiting; False if another process has it."""
    try:
        import fcntl
    except ImportError:  # no POSIX locks (Windows): only this process can be the writer
        return True
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _sync(path: Path) -> None:
    """Flush a file (or a directory's entries) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _leftovers(file: Path) -> set[str]:
    """Which of the engine's recovery files sit next to ``file``."""
    return {s for s in (WAL, CHECKPOINT_WAL, SHADOW) if Path(str(file) + s).exists()}


_RECOVERY_WORDS = re.compile(r"\b(wal|checkpoint\w*|shadow)\b", re.IGNORECASE)


def _unfinished(text: str) -> bool:
    """The read-only open failed on work a writer left in the files (see the module doc).

    Also what a read-only open sees while another process checkpoints, or when the log
    is damaged: a read-write attempt sorts these out (it waits on the writer's lock).

    >>> _unfinished("Cannot open database in read-only mode while checkpoint recovery is "
    ...             "pending."), _unfinished("Cannot open file /home/walter/db/graph.lbug")
    (True, False)
    """
    return _RECOVERY_WORDS.search(text) is not None


def _damaged_log(text: str) -> bool:
    """The write-ahead log ends in a record that was cut off (or is otherwise damaged).

    >>> _damaged_log("Checksum verification failed, the WAL file is corrupted.")
    True
    """
    return re.search(r"\bwal\b", text, re.IGNORECASE) is not None and any(
        word in text.lower() for word in ("checksum", "corrupt", "reading past the end"))


def _locked(text: str) -> bool:
    return "could not set lock" in text.lower()


def _keep_logs(file: Path) -> list[Path]:
    """Copy the write-ahead log files aside (they are replayed, then deleted)."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    kept = []
    for suffix in (WAL, CHECKPOINT_WAL):
        source = Path(str(file) + suffix)
        if source.exists():
            copy = source.with_name(f"damaged-{stamp}-{source.name}")
            with contextlib.suppress(OSError):
                shutil.copy2(source, copy)
                kept.append(copy)
    return kept


class WriterBusy(StoreError):
    """Another process holds the database's write lock."""


class Unrecoverable(StoreError):
    """Recovery itself failed: the files are damaged beyond what the engine repairs."""


def _open_error(exc: BaseException, directory: Path) -> StoreError:
    return (WriterBusy if _locked(_clean(exc)) else StoreError)(_explain(exc, directory))


def _explain(exc: BaseException, directory: Path) -> str:
    text = _clean(exc)
    if _locked(text):
        pid = re.search(r"held by PID (\d+)", text)
        who = f"another rsp process (PID {pid.group(1)})" if pid else "another rsp process"
        return (f"{who} is writing to {directory}; wait for it to finish, then run this "
                "command again (LadybugDB allows one writer at a time)")
    return f"cannot open the database at {directory}: {text}"


def _needs_writer(failed: StoreError, refused: BaseException, directory: Path) -> str:
    """A read-only open needs a recovery this process cannot do (no write access, ...)."""
    why = _clean(failed.__cause__ or failed)
    return (f"the database at {directory} needs a one-time recovery because a write to it "
            f"was cut off ({_clean(refused)}), and the recovery opens it for writing, which "
            f"failed here: {why}. Run 'rsp stats --db {directory}' once as a user who can "
            "write to that directory; it recovers the database, and nothing is lost")


def _unrecoverable(exc: BaseException, directory: Path, kept: list[Path]) -> str:
    copy = f" (a copy of its log is in {kept[0]})" if kept else ""
    return (f"cannot recover the database at {directory}: {_clean(exc)}{copy}. Move the "
            "directory aside and load the data again with 'rsp load PATH --db "
            f"{directory}'")
