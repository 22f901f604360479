"""``rsp``: the command line of rsp-graph, a thin layer over the importable library.

Every command that reads the graph takes ``--db`` (a directory for the embedded
store, or a ``bolt://``/``neo4j://`` URI for Neo4j) and prints rows with
``--format table|json|csv``. Library errors become one line and exit code 1.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from graph import schema_doc
from graph.errors import DatasetError, RspError
from graph.registry import open_store, resolve_target
from graph.store import Result, Store
from usecases import ad_hoc, names
from usecases import regions as region_cases
from usecases import synergies as synergy_cases
from views import console
from views.output import FORMATS, render, to_json

F = TypeVar("F", bound=Callable[..., Any])
DATA_DIR = Path(os.environ.get("RSP_DATA", Path(__file__).resolve().parent / "data"))
PARTNERSHIP = DATA_DIR / "partnership"


class RspGroup(click.Group):
    """Turns the library's errors into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DatasetError as exc:
            n = len(exc.issues)
            click.echo(f"Error: {n} problem{'s' if n != 1 else ''} found; nothing was written:",
                       err=True)
            for issue in exc.issues:
                click.echo(f"  {issue}", err=True)
            ctx.exit(1)
        except RspError as exc:
            raise click.ClickException(str(exc)) from exc


def db_options(f: F) -> F:
    """``--db`` and the Neo4j credentials, shared by every command that opens the graph."""
    options = [
        click.option("--db", "db", metavar="PATH|URI", envvar="RSP_DB",
                     help="Embedded database directory, or a Neo4j URI (bolt://, neo4j://). "
                          "Default: $RSP_DB, else $NEO4J_URI, else ~/.local/share/rsp-graph/db."),
        click.option("--neo4j-user", envvar="NEO4J_USERNAME", default="neo4j",
                     show_default=True, help="Neo4j user [env NEO4J_USERNAME]."),
        click.option("--neo4j-password", envvar="NEO4J_PASSWORD",
                     help="Neo4j password [env NEO4J_PASSWORD]."),
        click.option("--neo4j-database", envvar="NEO4J_DATABASE",
                     help="Neo4j database name [env NEO4J_DATABASE; default: the server's]."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def format_option(f: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format.")(f)


@contextmanager
def store_from(kwargs: dict[str, Any], *, read_only: bool = True) -> Iterator[Store]:
    store = open_store(kwargs.pop("db", None), read_only=read_only,
                       user=kwargs.pop("neo4j_user", None),
                       password=kwargs.pop("neo4j_password", None),
                       database=kwargs.pop("neo4j_database", None))
    try:
        _warn_incomplete(store)
        yield store
    finally:
        store.close()


def _warn_incomplete(store: Store) -> None:
    """Say so when a batched load was interrupted: the graph holds part of it."""
    from usecases.history import incomplete

    for entry in incomplete(store):
        click.secho(f"Warning: the load of dataset {entry.dataset!r} from {entry.path} "
                    f"started {entry.at} did not finish; the graph holds part of it. Run "
                    f"'rsp load {entry.path} --dataset {entry.dataset}' again to complete it.",
                    fg="yellow", err=True)


def echo_result(result: Result, fmt: str) -> None:
    click.echo(render(result.columns, result.rows, fmt))


def echo_lines(lines: Sequence[tuple[str, bool]]) -> None:
    """Lines of text, headings in bold, written at once (an explained answer has
    thousands of lines; one write each cost ~30 ms at EU scale)."""
    if lines:
        click.echo("\n".join(click.style(line, bold=True) if heading else line
                             for line, heading in lines))


def echo_rows(table: tuple[list[str], list[tuple[Any, ...]]], fmt: str) -> None:
    click.echo(render(*table, fmt))


def with_store(read_only: bool = True) -> Callable[[F], F]:
    """Open the store named by the db options and pass it to the command as ``store``."""
    def decorate(f: F) -> F:
        @db_options
        @functools.wraps(f)
        def wrapper(**kwargs: Any) -> Any:
            with store_from(kwargs, read_only=read_only) as store:
                return f(store=store, **kwargs)
        return wrapper  # type: ignore[return-value]
    return decorate


@click.group(cls=RspGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rsp-graph")
def main() -> None:
    """rsp-graph: the stakeholder network of the Regional Skills Partnership for the
    Automotive Regions' Twin Transition.

    \b
    Start here:
      rsp demo                      load the shipped partnership data and tour it
      rsp load data/partnership     load a dataset into the default embedded database
      rsp regions --country SK      list regions
      rsp query --list              the named Cypher queries

    The graph lives in an embedded LadybugDB directory (default
    ~/.local/share/rsp-graph/db) or in Neo4j: pass --db bolt://HOST:7687 or set
    RSP_DB / NEO4J_URI.
    """


# -- loading ---------------------------------------------------------------------------


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True,
              help="Validate and show what would be added, changed and removed; write nothing.")
@click.option("--dataset", "name", metavar="NAME",
              help="The dataset's name (default: the folder's or workbook's name).")
@click.option("--add-only", is_flag=True,
              help="Remove nothing: only add and update (the graph keeps rows deleted from "
                   "the spreadsheets).")
@click.option("--yes", is_flag=True,
              help="Load even when it removes more than half of the dataset's records.")
@format_option
@with_store(read_only=False)
def load(store: Store, path: Path, dry_run: bool, name: str | None, add_only: bool, yes: bool,
         fmt: str) -> None:
    """Validate the dataset at PATH (a folder of CSV files or an .xlsx workbook) and make
    the graph match it.

    Everything is checked before anything is written; any problem is reported
    with its file, row and column and nothing is written. The graph then holds exactly
    what the dataset holds, for what this dataset supplies: new rows are added, changed
    rows updated, rows deleted from the spreadsheets removed (unless another dataset
    supplies them too); other datasets' records are never touched. A dataset may refer
    to ids already in the graph. Loading the same data twice changes nothing.

    \b
    Examples:
      rsp load data/partnership
      rsp load trnava.xlsx --dry-run
      rsp load trnava.xlsx --dataset trnava
    """
    from usecases import data

    parts = data.dataset_folders(path)
    if len(parts) > 1:
        if name:
            raise click.BadParameter("a folder of several datasets is loaded under their own "
                                     "names; load one folder to name it", param_hint="--dataset")
        # A dataset may refer to another's records: one that cannot be read yet for that
        # reason waits for the others (as rsp export orders them).
        waiting = list(parts)
        while waiting:
            deferred: list[Path] = []
            for part in waiting:
                click.secho(f"== {part.name}", bold=True, err=True)
                try:
                    _load_one(store, part, dry_run, None, add_only, yes, fmt)
                except DatasetError as exc:
                    if len(waiting) > 1 and all("no node has id" in i.message
                                                for i in exc.issues):
                        click.echo(f"{part.name} refers to records of a dataset not loaded "
                                   "yet; trying it again after the others", err=True)
                        deferred.append(part)
                        continue
                    raise
            if len(deferred) == len(waiting):
                _load_one(store, deferred[0], dry_run, None, add_only, yes, fmt)  # says why
            waiting = deferred
        return
    _load_one(store, path, dry_run, name, add_only, yes, fmt)


def _load_one(store: Store, path: Path, dry_run: bool, name: str | None, add_only: bool,
              yes: bool, fmt: str) -> None:
    from usecases import data

    def progress(dataset: Any) -> Callable[[int], None] | None:
        if dataset.size < 20_000:
            return None
        bar = click.progressbar(length=dataset.size, label="Writing", file=sys.stderr)

        def update(n: int) -> None:
            bar.update(n)
            if bar.finished:
                bar.render_finish()
        return update

    report = data.load(store, path, dry_run=dry_run, progress=progress, name=name,
                       add_only=add_only, yes=yes)
    rows = data.load_rows(report)
    diff = data.load_diff(report)
    if fmt == "json":
        click.echo(to_json({"written": report.written, "path": str(path),
                            "dataset": report.name, "database": store.location,
                            "kinds": [{"kind": r.kind, "in_dataset": r.in_dataset,
                                       "added": r.added, "changed": r.changed,
                                       "removed": r.removed, "before": r.before,
                                       "after": r.after} for r in rows],
                            "diff": [{"kind": d.kind, "change": d.change, "id": d.key,
                                      "detail": d.detail or None} for d in diff]}))
        return
    echo_rows(console.load_table(rows), fmt)
    if fmt == "table":
        if dry_run or diff.changes() - {"added"}:
            lines = console.diff_lines(diff, limit=10)
            if lines:
                click.echo("")
            for line in lines:
                click.echo(line)
        verb = "Checked (dry run, nothing written)" if dry_run else "Loaded"
        click.echo(f"\n{verb}: {report.dataset.size} records of dataset {report.name!r} from "
                   f"{path} into {store.location}", err=True)


@main.command()
@click.option("--dataset", "name", metavar="NAME", help="Only the loads of this dataset.")
@format_option
@with_store()
def history(store: Store, name: str | None, fmt: str) -> None:
    """Every load, newest first: when, which dataset, from which file (and its checksum),
    and how many records it added, changed and removed.

    \b
    Example:
      rsp history --dataset partnership
    """
    from usecases.history import history as loads

    found = loads(store, dataset=name)
    click.echo(render(["at", "dataset", "path", "added", "changed", "removed", "complete",
                       "checksum"],
                      [(e.at, e.dataset, e.path, e.added, e.changed, e.removed, e.complete,
                        (e.checksum or "")[:12]) for e in found], fmt,
                      empty="No loads recorded yet: rsp load PATH records each one."))


@main.command()
@click.option("--since", "since", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="First day that counts, YYYY-MM-DD.")
@click.option("--dataset", "name", metavar="NAME", help="Only the changes of this dataset.")
@format_option
@with_store()
def changes(store: Store, since: dt.datetime, name: str | None, fmt: str) -> None:
    """What changed since a date: kind, id, field, old -> new, and the dataset behind it.

    \b
    Example:
      rsp changes --since 2026-01-01
    """
    from usecases.history import changes as changed

    found = changed(store, since.date(), dataset=name)
    click.echo(render(["at", "dataset", "kind", "id", "change", "field", "old", "new"],
                      [(c.at, c.dataset, c.kind, c.key, c.change, c.field, c.old, c.new)
                       for c in found], fmt,
                      empty=f"No changes recorded since {since.date().isoformat()}."))


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
def validate(path: Path) -> None:
    """Check a dataset (folder of CSV files or .xlsx workbook) without loading it.

    Prints every problem with its file, row and column; exit code 1 if any.

    \b
    Example:
      rsp validate data/partnership
    """
    from usecases import data

    counts = data.validate(path)
    click.echo(f"OK: {path} is valid: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--xlsx", is_flag=True, help="One workbook with a sheet per table instead of CSVs.")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@click.option("--region", help="A region's own workbook: the guide lists the ids in the graph "
                               "its rows may refer to (reads the database).")
@db_options
def init(directory: Path, xlsx: bool, force: bool, region: str | None, **kwargs: Any) -> None:
    """Create empty spreadsheets (headers only) and a short GUIDE.md in DIRECTORY.

    \b
    Examples:
      rsp init my-region
      rsp init trnava --region "Trnava Region" --xlsx
    """
    from usecases import data

    if region:
        with store_from(kwargs) as store:
            written = data.templates(directory, xlsx=xlsx, force=force, region=region,
                                     store=store)
    else:
        written = data.templates(directory, xlsx=xlsx, force=force)
    click.echo(f"Wrote {len(written)} files to {directory}; read {directory / 'GUIDE.md'}, "
               f"fill them in, then run: rsp validate {directory}")


@main.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "graphml", "gexf", "json"]),
              default="csv", show_default=True,
              help="csv/xlsx: the loader's spreadsheets, one per dataset (loads back into the "
                   "same graph); graphml/gexf/json: one graph file for Gephi, yEd, NetworkX.")
@click.option("--dataset", "name", metavar="NAME", help="Only the records of this dataset.")
@click.option("--region", help="Only the neighbourhood of this region (name or id).")
@click.option("--depth", default=1, show_default=True,
              help="With --region: how many relationships away to go.")
@click.option("--include-contacts", is_flag=True,
              help="Include contact persons (personal data); left out by default.")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@with_store()
def export_cmd(store: Store, directory: Path, fmt: str, name: str | None, region: str | None,
               depth: int, include_contacts: bool, force: bool) -> None:
    """Export the graph into DIRECTORY: the loader's own spreadsheets, or a graph file.

    CSV (the default) writes DIRECTORY/<dataset>/<table>.csv, a folder per dataset in the
    format 'rsp load' reads; loading each folder as its dataset gives the same graph.
    A record several datasets supply is in each of their folders; records loaded
    before datasets were recorded are in 'unattributed'. --format xlsx writes a workbook
    per dataset; graphml, gexf and json write DIRECTORY/rsp-graph.<format>. Contact persons,
    their relationships and personal properties are left out unless --include-contacts.

    \b
    Examples:
      rsp export backup
      rsp export backup --format xlsx --dataset partnership
      rsp export gephi --format gexf --region "Trnava Region" --depth 2
    """
    import shlex

    from usecases import export as export_cases

    if depth != 1 and not region:
        raise click.UsageError("--depth needs --region")
    summary = export_cases.export(
        store, directory, fmt=fmt, dataset=name,
        region=names.region_id(store, region) if region else None, depth=depth,
        include_contacts=include_contacts, force=force)
    written = summary.written
    what = f"{written.nodes} nodes, {written.rels} relationships"
    if written.datasets:
        click.echo(render(["dataset", "nodes", "relationships", "written to"],
                          [(d.name, d.nodes, d.rels, d.path) for d in written.datasets]))
        click.echo(f"\nWrote {len(written.files)} files to {directory} ({what}; "
                   f"{summary.description}); see {directory / 'README.md'}.")
    else:
        files = " and ".join(str(f) for f in written.files)
        click.echo(f"Wrote {files} ({what}; {summary.description}).")
    left = summary.left_out
    if left is None:
        click.echo("It holds personal data (contact persons): share it only with people "
                   "entitled to it.")
    else:
        def some(n: int, what: str) -> str:
            return f"{n} {what}{'' if n == 1 else 's'}"
        click.echo(f"Left out as personal data: {some(left.nodes, 'contact person')}, "
                   f"{some(left.rels, 'relationship')} to or from them, "
                   f"{some(left.props, 'other personal value')} (--include-contacts "
                   "includes them).")
    if written.datasets:
        click.echo("Load it back" + (", in this order:" if len(written.datasets) > 1 else ":"))
        for d in written.datasets:
            click.echo(f"  rsp load {shlex.quote(str(d.path))} --dataset {shlex.quote(d.name)}")
    if written.cyclic:
        click.echo("Warning: datasets " + ", ".join(written.cyclic) + " refer to each other's "
                   "records; no order loads them one by one.", err=True)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--regions", default=300, show_default=True)
@click.option("--organisations", default=100_000, show_default=True)
@click.option("--relationships", default=1_000_000, show_default=True,
              help="Approximate number of relationships.")
@click.option("--challenges", default=40, show_default=True)
@click.option("--seed", default=42, show_default=True)
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def generate(directory: Path, regions: int, organisations: int, relationships: int,
             challenges: int, seed: int, force: bool) -> None:
    """Write a seeded synthetic dataset (all records marked illustrative) for benchmarks.

    \b
    Example:
      rsp generate /tmp/eu-scale --regions 300 --organisations 100000
      rsp load /tmp/eu-scale --db /tmp/eu-db
    """
    from loaders.generate import Scale
    from usecases import data

    counts = data.generate(directory, Scale(regions, organisations, relationships, challenges,
                                            seed), force=force)
    click.echo(render(["file", "rows"], sorted(counts.items())))


# -- reading ---------------------------------------------------------------------------


@main.command()
@format_option
@with_store()
def stats(store: Store, fmt: str) -> None:
    """Count nodes by kind and relationships by type.

    \b
    Example:
      rsp stats --format json
    """
    from usecases import data

    counts = data.stats(store)
    if fmt == "json":
        click.echo(to_json({c.kind: c.count for c in counts}))
        return
    click.echo(render(["kind", "is", "count"],
                      [(c.kind, "node" if c.is_node else "relationship", c.count)
                       for c in counts], fmt))


@main.command()
@click.option("--country", help="Country name or ISO code, e.g. Slovakia or SK.")
@click.option("--members/--non-members", "members", default=None,
              help="Only partnership members / only regions outside the partnership.")
@click.option("--ara", is_flag=True, default=None,
              help="Only members of the Automotive Regions Alliance.")
@format_option
@with_store()
def regions(store: Store, country: str | None, members: bool | None, ara: bool | None,
            fmt: str) -> None:
    """List regions with their memberships and number of challenges.

    \b
    Example:
      rsp regions --members
      rsp regions --country Italy --ara --format csv
    """
    echo_result(region_cases.list_regions(store, country=country, members=members,
                                          ara=ara or None), fmt)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"--param takes KEY=VALUE, got {pair!r}")
        params[key.strip()] = value
    return params


@main.command()
@click.argument("name", required=False)
@click.option("-e", "--execute", "cypher", metavar="CYPHER", help="Run this Cypher instead.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Query parameter (repeatable). Values are typed by the query's declaration; "
                   "with -e, numbers and true/false are converted.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@format_option
@db_options
def query(name: str | None, cypher: str | None, params: tuple[str, ...], list_: bool, fmt: str,
          **kwargs: Any) -> None:
    """Run a named query from queries/ or ad-hoc Cypher, always read-only.

    A query that would write is refused by the database itself.

    \b
    Examples:
      rsp query --list
      rsp query regions --param country=Italy
      rsp query -e "MATCH (r:Region) RETURN r.name AS name ORDER BY name LIMIT 5"
    """
    if list_:
        rows = [(q.name, q.parameters, q.only_on, q.description)
                for q in ad_hoc.list_queries()]
        click.echo(render(["name", "parameters", "only on", "description"], rows, fmt))
        return
    if bool(name) == bool(cypher):
        raise click.UsageError("give a query NAME or -e CYPHER (see rsp query --list)")
    values = _parse_params(params)
    with store_from(kwargs) as store:
        if cypher:
            result = ad_hoc.run_cypher(store, cypher, values)
        else:
            assert name is not None
            result = ad_hoc.run_named(store, name, values)
    echo_result(result, fmt)


@main.command("schema")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "markdown"]), default="table",
              show_default=True, help="Output format; markdown is docs/data-format.md.")
@click.option("--kind", help="Only this node label or relationship type.")
def schema_cmd(fmt: str, kind: str | None) -> None:
    """Show every table, column, type and allowed value of the data format.

    \b
    Example:
      rsp schema --kind Region
      rsp schema --format markdown > docs/data-format.md
    """
    if fmt == "markdown":
        click.echo(schema_doc.markdown(), nl=False)
        return
    if fmt == "json" and not kind:
        click.echo(to_json(schema_doc.as_dict()))
        return
    rows = schema_doc.rows()
    if kind:
        rows = [r for r in rows if r[1].lower() == kind.lower() or r[0] == f"{kind}.csv"]
        if not rows:
            raise click.BadParameter(f"no node kind or relationship type {kind!r}",
                                     param_hint="--kind")
    click.echo(render(schema_doc.COLUMNS, rows, fmt))


@main.command()
@click.option("--db", "db", metavar="DIR", type=click.Path(path_type=Path),
              help="Empty directory for the demo database (default: a temporary one).")
@click.option("--data", "data_path", type=click.Path(exists=True, path_type=Path),
              default=PARTNERSHIP,
              show_default=True, help="Dataset to load.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("rsp-demo"), show_default=True,
              help="Folder for the network page and the report the demo writes.")
def demo(db: Path | None, data_path: Path, out: Path) -> None:
    """Load the partnership dataset into a fresh embedded database and tour the product:
    regions, one region's synergies explained, candidate members, the network page and
    the progress report (written to --out).

    \b
    Example:
      rsp demo
    """
    with tempfile.TemporaryDirectory(prefix="rsp-demo-") as tmp:
        directory = db or Path(tmp) / "db"
        if directory.exists() and any(directory.iterdir()):
            raise click.UsageError(f"{directory} is not empty; the demo needs a fresh database")
        with open_store(str(directory)) as store:
            _demo(store, data_path, out)


def _demo(store: Store, path: Path, out: Path) -> None:
    from usecases import data
    from usecases import network as network_cases
    from usecases.progress import collect_report
    from views import network
    from views.report import write_report

    def step(title: str, command: str) -> None:
        click.secho(f"\n== {title}", bold=True)
        click.secho(f"$ {command}", fg="cyan")

    step("Load the partnership's spreadsheets (validated, then written all or nothing)",
         f"rsp load {path}")
    report = data.load(store, path)
    click.echo(f"{report.dataset.size} records loaded, each with its source.")
    step("The partnership's regions", "rsp regions --members")
    members = region_cases.list_regions(store, members=True)
    echo_result(Result(["name", "country", "ara_member", "challenges"],
                       [(r["name"], r["country"], r["ara_member"], r["challenges"])
                        for r in members]), "table")
    step("Whom should Trnava talk to, about what, and whom there?",
         "rsp synergies trnava --top 2 --explain")
    answer = synergy_cases.suggest(store, "trnava", top=2)
    echo_lines(console.explanation(answer))
    step("Which regions outside the partnership could join?", "rsp candidates --top 3")
    echo_rows(console.candidate_table(synergy_cases.candidates(store, top=3)[:3]), "table")
    out.mkdir(parents=True, exist_ok=True)
    step("The network of synergies, as a page to open and share",
         f"rsp viz --synergies -o {out / 'synergies.html'}")
    page = network.write_html(network_cases.synergy_view(store), out / "synergies.html",
                              title=network.SYNERGY_TITLE)
    click.echo(f"Wrote {page.resolve()}")
    step("The progress report for members", f"rsp report -o {out / 'report.html'}")
    written = write_report(collect_report(store, dt.date.today()), out / "report.html")
    click.echo(f"Wrote {written.resolve()}")
    rsp = Path(sys.argv[0])
    command = str(rsp) if rsp.name == "rsp" and rsp.parent != Path() else "rsp"
    click.secho(f"\nThat was a temporary database. Next, load the data into your own and "
                f"ask your own questions:\n  {command} load {path}\n  {command} synergies "
                f"\"YOUR REGION\" --explain\n  {command} --help", fg="green")


# -- synergies -------------------------------------------------------------------------


@main.command()
@click.argument("region", required=False)
@click.option("--all", "all_pairs", is_flag=True, help="Rank pairs across the partnership.")
@click.option("--top", default=10, show_default=True, help="How many suggestions (0 = all).")
@click.option("--explain", type=click.Choice(["plain", "detail"]), is_flag=False,
              flag_value="plain", default=None,
              help="Explain every score: in plain words (--explain), or with the arithmetic "
                   "(--explain detail).")
@click.option("--include-external", is_flag=True,
              help="Also suggest regions outside the partnership (e.g. ARA members).")
@click.option("--include-contacts", is_flag=True,
              help="Also name contact persons (personal data) at the contact organisations.")
@click.option("--weights", metavar="K=V,...|FILE.json",
              help="Score weights: similarity, needs, gives, funds, existing "
                   "(see docs/synergy.md).")
@format_option
@with_store()
def synergies(store: Store, region: str | None, all_pairs: bool, top: int, explain: str | None,
              include_external: bool, include_contacts: bool, weights: str | None,
              fmt: str) -> None:
    """Suggest synergy contacts for REGION (or --all pairs), each with its evidence.

    Regions that face the same rare challenges, and regions that offer practices,
    courses or projects for REGION's challenges, rank high; pairs that already work
    together are marked and ranked lower. Scores run from 0 to 100 (strong from 60,
    moderate from 35); --all shows each pair from both sides. Names are matched
    forgivingly.

    \b
    Examples:
      rsp synergies "Trnava Region" --explain
      rsp synergies kosice --top 3 --format json
      rsp synergies --all --top 20 --weights funds=0
    """
    from analysis.synergy import Weights

    if bool(region) == all_pairs:
        raise click.UsageError("give a REGION or --all")
    if top < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--top")
    try:
        parsed = Weights.parse(weights)
    except RspError as exc:
        raise click.BadParameter(str(exc), param_hint="--weights") from exc
    answer = synergy_cases.suggest(
        store, region, top=top, include_external=include_external,
        explain=bool(explain) or fmt == "json" or top != 0,
        include_contacts=include_contacts, weights=parsed)
    if fmt == "json":
        click.echo(to_json([s.as_dict() for s in answer.suggestions]))
        return
    if not answer.suggestions and fmt == "table":
        click.echo(answer.why_empty)
        return
    if explain and fmt == "table":
        echo_lines(console.explanation(answer, detail=explain == "detail"))
        return
    echo_rows(console.evidence_table(answer, detail=explain == "detail") if explain
              else console.synergy_table(answer), fmt)


@main.command()
@click.option("--top", default=10, show_default=True, help="How many candidates (0 = all).")
@click.option("--explain", is_flag=True, help="Show why each candidate fits, with sources.")
@format_option
@with_store()
def candidates(store: Store, top: int, explain: bool, fmt: str) -> None:
    """Regions outside the partnership to invite as members, best first.

    For each: which members it shares challenges with (their scores of it, 0-100), what it
    could bring (practices, courses, projects), and whom to approach there. Regions whose
    data is missing are listed last with what to add, not ranked silently low.

    \b
    Examples:
      rsp candidates --top 5
      rsp candidates --explain --top 3
    """
    if top < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--top")
    found = synergy_cases.candidates(store, top=top)
    if fmt == "json":
        click.echo(to_json([console.candidate_dict(c) for c in found]))
        return
    if explain and fmt == "table":
        echo_lines(console.candidate_explanation(found))
        return
    echo_rows(console.candidate_table(found), fmt)


@main.command()
@click.argument("region")
@format_option
@with_store()
def profile(store: Store, region: str, fmt: str) -> None:
    """Everything about REGION: stakeholders by category, challenges with priority,
    practices, projects, funds and events.

    \b
    Example:
      rsp profile "Castilla y Leon"
    """
    found = region_cases.profile(store, region)
    if fmt == "json":
        click.echo(to_json({"region": found.region,
                            **{k: v.dicts() for k, v in found.sections.items()}}))
        return
    for title, result in found.sections.items():
        if fmt == "table":
            click.secho(f"\n== {title} ({len(result)})", bold=True)
        else:
            click.echo(f"# {title}")
        columns = [c for c in result.columns if c not in ("id", "region")]
        rows = [tuple(r[c] for c in columns) for r in result.dicts()]
        click.echo(render(columns, rows, fmt))


@main.command()
@click.argument("region")
@format_option
@with_store()
def funds(store: Store, region: str, fmt: str) -> None:
    """Funds that support REGION's challenges and for which its territory is eligible.

    \b
    Example:
      rsp funds "Moravian-Silesian Region"
    """
    echo_result(region_cases.funds(store, region), fmt)


@main.command()
@click.argument("target", metavar="CHALLENGE|REGION")
@format_option
@with_store()
def training(store: Store, target: str, fmt: str) -> None:
    """Courses, providers and micro-credentials that address a challenge, or the
    challenges a region faces.

    \b
    Examples:
      rsp training "battery value-chain skills"
      rsp training "Trnava Region"
    """
    echo_result(region_cases.training(store, target), fmt)


@main.command()
@click.argument("target", metavar="CHALLENGE|PROJECT")
@format_option
@with_store()
def partners(store: Store, target: str, fmt: str) -> None:
    """Consortium candidates across regions for a proposal on a challenge, or for a
    project's challenges (its current partners left out).

    \b
    Examples:
      rsp partners "hydrogen"
      rsp partners TRIREME
    """
    echo_result(region_cases.partners(store, target), fmt)


@main.command()
@click.option("--seed", default=42, show_default=True, help="Louvain's random seed.")
@click.option("--resolution", default=1.0, show_default=True,
              help="Above 1: more, smaller communities.")
@format_option
@with_store()
def communities(store: Store, seed: int, resolution: float, fmt: str) -> None:
    """Communities of partnership regions, linked by their synergy scores (Louvain).

    \b
    Example:
      rsp communities --format json
    """
    found = synergy_cases.communities(store, seed=seed, resolution=resolution)
    click.echo(render(["community", "region", "id"],
                      [(m.community, m.name, m.region) for m in found], fmt))


@main.command()
@click.option("--top", default=10, show_default=True, help="How many organisations.")
@format_option
@with_store()
def brokers(store: Store, top: int, fmt: str) -> None:
    """Organisations that connect the partnership (betweenness over shared projects,
    events and networks).

    \b
    Example:
      rsp brokers --top 5
    """
    found = synergy_cases.brokers(store, top=top)
    click.echo(render(["organisation", "category", "betweenness"],
                      [(b.name, b.category, b.betweenness) for b in found.brokers], fmt))
    if found.sample and fmt == "table":
        click.echo(f"\nEstimated from {found.sample} of {found.nodes} nodes as sources "
                   "(seeded, so the same data gives the same ranking).", err=True)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("rsp-network.html"), show_default=True, help="HTML file to write.")
@click.option("--region", help="Only the neighbourhood of this region (name or id); with "
              "--synergies, the region's partners around it.")
@click.option("--focus", metavar="NAME", help="Only the neighbourhood of any node: an "
              "organisation, challenge, project... (name or id).")
@click.option("--depth", default=1, show_default=True,
              help="With --region or --focus: how many relationships away to go.")
@click.option("--through-hubs", is_flag=True,
              help="With --region or --focus: also go on through hubs (ASA, ARA, the CoR, other "
              "EU bodies and networks), which link to almost every region.")
@click.option("--kinds", metavar="K,K,...", help="Only these node kinds, e.g. Region,Challenge.")
@click.option("--synergies", "synergy_view", is_flag=True,
              help="Regions linked by suggested synergies (width = score, hover = reasons).")
@click.option("--top", type=int, help="With --synergies: each member region's N best partners "
              "(default 2); with --region too: the region's N best (default all).")
@click.option("--include-contacts", is_flag=True,
              help="Include contact persons (personal data); left out by default.")
@click.option("--open", "open_page", is_flag=True, help="Open the page in a browser.")
@with_store()
def viz(store: Store, output: Path, region: str | None, focus: str | None, depth: int,
        through_hubs: bool, kinds: str | None, synergy_view: bool, top: int | None,
        include_contacts: bool, open_page: bool) -> None:
    """Write an interactive network page: one self-contained HTML file that works offline.

    Regions on a ring in map order (members bold, others pale) with their organisations
    around them, shared challenges inside. Click any node to bring its neighbourhood
    forward; filter by kind, relationship, country, membership, theme, verified; search
    names and values; the view is kept in the link (#...), and "Save picture" writes a PNG.
    A neighbourhood does not go through hubs (ASA, ARA, CoR) unless --through-hubs. A graph
    above 1,500 nodes is summarised by region, with a note. Contact persons are left out
    unless --include-contacts is given.

    \b
    Examples:
      rsp viz -o network.html
      rsp viz --region "Trnava Region" --depth 2 -o trnava.html
      rsp viz --focus ALBATTS -o albatts.html
      rsp viz --synergies -o synergies.html --open
      rsp viz --synergies --region trnava -o trnava-synergies.html
    """
    from usecases import network as network_cases
    from views import network

    if depth != 1 and not (region or focus):
        raise click.UsageError("--depth needs --region or --focus")
    if through_hubs and not (region or focus):
        raise click.UsageError("--through-hubs needs --region or --focus")
    if region and focus:
        raise click.UsageError("give --region or --focus, not both")
    if top is not None and not synergy_view:
        raise click.UsageError("--top needs --synergies")
    if synergy_view:
        if focus or kinds or depth != 1 or through_hubs:
            raise click.UsageError("--synergies takes only --region and --top")
        view = network_cases.synergy_view(store, region, top=top)
        title = network.SYNERGY_TITLE
    else:
        view = network_cases.network_data(
            store, region=names.region_id(store, region) if region else None,
            focus=network_cases.node_id(store, focus) if focus else None,
            depth=depth, through_hubs=through_hubs,
            kinds=[k.strip() for k in kinds.split(",") if k.strip()] if kinds else None,
            include_contacts=include_contacts)
        title = network.DEFAULT_TITLE
    path = network.write_html(view, output, title=title)
    nodes, edges = len(view.nodes), len(view.edges)
    click.echo(f"Wrote {path} ({nodes} nodes, {edges} relationships); it works offline.")
    for note in view.notes:
        click.echo(f"Note: {note}")
    if open_page:
        click.launch(str(path))


# -- progress --------------------------------------------------------------------------


def _as_of(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


AS_OF = click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
                     help="Reporting date, YYYY-MM-DD (default: today); later facts don't count.")


@main.command()
@AS_OF
@click.option("--explain", is_flag=True, help="List the evidence behind every value.")
@format_option
@with_store()
def milestones(store: Store, as_of: dt.datetime | None, explain: bool, fmt: str) -> None:
    """Every milestone of the partnership document: value, target, deadline, status.

    Status: met (value reached), missed (deadline passed), no data (nothing recorded
    yet), on track (at least the target prorated to the date), else at risk. The
    milestones are data (milestones.csv); each names the query that computes it.

    \b
    Examples:
      rsp milestones --explain
      rsp milestones --as-of 2025-12-31 --format json
    """
    from usecases.progress import milestone_readings

    readings = milestone_readings(store, _as_of(as_of))
    found = [r.status for r in readings]
    if fmt == "json":
        click.echo(to_json([{**r.status.as_dict(evidence=explain), "reads_as": r.shown,
                             "to_record": r.record or None} for r in readings]))
        return
    echo_rows(console.milestone_table(readings), fmt)
    if explain:
        if fmt == "table":
            click.secho("\nEvidence", bold=True)
        echo_rows(console.milestone_evidence_table(found), fmt)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("rsp-report.html"), show_default=True, help="File to write.")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]),
              help="html or md (default: from the file name).")
@AS_OF
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="First day of the period 'what is new' covers, YYYY-MM-DD (default: "
                   "1 January of the reporting year).")
@click.option("--synergies", "top", default=10, show_default=True,
              help="How many top synergy pairs of the partnership to include (0: none).")
@with_store()
def report(store: Store, output: Path, fmt: str | None, as_of: dt.datetime | None,
           since: dt.datetime | None, top: int) -> None:
    """Write the partnership's progress report for its members: a one-screen summary,
    then the milestones in words, what is new in the period, a part per member region
    (challenges, whom to contact and why, events and projects), the synergy network,
    activity over time, data freshness, and an appendix with ids, queries and evidence.

    A milestone with nothing recorded reads "no data recorded" with what to record, not
    "missed". One self-contained file (pictures are inline SVG) that opens offline; for
    a PDF, print the HTML from a browser.

    \b
    Examples:
      rsp report -o report.html
      rsp report -o report.md --as-of 2025-12-31
      rsp report -o report.html --since 2026-07-01
    """
    from usecases.progress import collect_report
    from views.report import report_format, write_report

    chosen = report_format(output, fmt)  # refuse a .pdf before computing anything
    data = collect_report(store, _as_of(as_of), top=top,
                          since=since.date() if since else None)
    path = write_report(data, output, chosen)
    click.echo(f"Wrote {path}; it opens offline.")


def run() -> None:
    """Entry point that never shows a traceback for an unexpected error unless RSP_DEBUG is set.

    Once the command is done, the objects left are frozen (``gc.freeze``): the
    interpreter's exit then skips a last cycle collection over them, about 0.1 s of
    every one-region answer at EU scale, with nothing left to gain by it (files and the
    store are closed, output flushed; objects are still freed by reference counts).
    """
    try:
        main(standalone_mode=True)
    except Exception as exc:  # pragma: no cover - last resort for bugs
        if os.environ.get("RSP_DEBUG"):
            raise
        click.echo(f"Error: internal error: {exc} (set RSP_DEBUG=1 for details)", err=True)
        sys.exit(1)
    finally:
        gc.freeze()


__all__ = ["main", "resolve_target", "run"]
