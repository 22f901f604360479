"""The project's named queries for analysts in the Neo4j Browser (5.x): a guide and favourites.

Two generated forms of every query in ``queries/`` that runs on Neo4j (queries marked
``@engines`` without ``neo4j`` are left out):

* **a Browser guide** (:data:`GUIDE_FILE`): one HTML page, one ``<slide>`` per query with its
  description, its parameters, a runnable ``:param`` block with example values and the
  runnable query. The Browser fetches it with ``:guide URL`` (sidebar) or ``:play URL``
  (a frame) from a host in the server setting ``browser.remote_content_hostname_whitelist``,
  over CORS, so it needs an HTTP server that answers the CORS preflight: :func:`serve`.
* **favourites** (:data:`FAVORITES_ZIP` and ``favorites/NAME.cypher``): one ``.cypher`` file
  per query whose first line ``// NAME: description`` becomes the favourite's title. Dropping
  the zip on the Browser window saves them all in one Favorites folder, :data:`FAVORITES_FOLDER`.

:func:`write_guide` writes both into a directory (the project commits them in
``docs/browser-guide/``); :func:`stale_files` tells whether such a directory is up to date.
Every text from a query file is HTML-escaped; the Browser strips ``<script>`` and ``on*``
attributes from guides anyway. Generation is deterministic (the zip has fixed timestamps and
no compression), so the committed files can be compared byte for byte.

``python -m views.browser_guide write DIR`` and ``python -m views.browser_guide serve`` run
this module directly; the serving half uses the standard library only, so the module also
runs as a lone file (``python browser_guide.py serve``), e.g. in a stock Python container.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import http.server
import io
import sys
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from queries import Query

GUIDE_FILE = "rsp-queries.html"
FAVORITES_DIR = "favorites"
FAVORITES_ZIP = "rsp-queries-favorites.zip"
#: The Favorites folder the zip's entries land in (the Browser takes it from the entry path).
FAVORITES_FOLDER = "rsp-graph"
GUIDE_TITLE = "rsp-graph: project queries"
#: Where :func:`serve` listens by default: loopback only.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7480

#: Example values for parameters, by name: ids from ``data/partnership`` with which each
#: slide finds something (a test runs them all). Required parameters must have one; optional
#: ones without one are set to null, which every project query reads as "no filter".
EXAMPLES: dict[str, Any] = {
    "region": "region-moravian-silesian",
    "text": "battery",
    "project": "proj-albatts",
    "challenge": "chal-battery-value-chain",
    "challenges": ["chal-battery-value-chain", "chal-electrification"],
    "ids": ["region-trnava", "region-kosice", "org-stellantis-trnava"],
    "regions": ["region-trnava", "region-skelleftea"],
    "organisations": ["org-asa", "org-vsb-tuo"],
    "country": "SK",
    "category": "vet_provider",
    "theme": "green",
    "practices": ["prac-uva-facyl-dual-degrees", "prac-motor-valley-college"],
    "courses": ["course-skelleftea-vux-battery", "course-ltu-targeted-education"],
    "projects": ["proj-albatts", "proj-drives"],
    "events": ["event-ara-launch-2022", "event-ara-conference-leipzig-2022"],
}


# --- what goes into the guide and the favourites ------------------------------------


def browser_queries(queries: Iterable[Query] | None = None) -> list[Query]:
    """The queries that run on Neo4j (all shipped queries when none are given), by name."""
    if queries is None:
        from queries import all_queries

        queries = all_queries()
    return sorted((q for q in queries if "neo4j" in q.engines), key=lambda q: q.name)


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a parameter value, as ``:param name => LITERAL`` needs it.

    >>> cypher_literal("it's"), cypher_literal(None), cypher_literal(True), cypher_literal(3)
    ("'it\\\\'s'", 'null', 'true', '3')
    >>> cypher_literal(["a", dt.date(2025, 1, 31)])
    "['a', date('2025-01-31')]"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        return f"'{escaped}'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {value!r}")


def example_params(query: Query, examples: Mapping[str, Any] = EXAMPLES) -> dict[str, Any]:
    """Example values for every parameter of the query (null for optional ones without one)."""
    values: dict[str, Any] = {}
    for p in query.params:
        if p.name in examples:
            values[p.name] = examples[p.name]
        elif p.optional:
            values[p.name] = None
        else:
            raise KeyError(f"query {query.name!r}: no example value for required parameter "
                           f"{p.name!r}; add one to views.browser_guide.EXAMPLES")
    return values


def param_commands(query: Query, examples: Mapping[str, Any] = EXAMPLES) -> list[str]:
    """``:param name => value`` Browser commands that set the query's parameters."""
    return [f":param {name} => {cypher_literal(value)};"
            for name, value in example_params(query, examples).items()]


def _param_doc(query: Query) -> list[tuple[str, str]]:
    """(name, "(type[, optional])[: description]") for each parameter."""
    return [(p.name, f"({p.type}{', optional' if p.optional else ''})"
                     f"{': ' + p.description if p.description else ''}") for p in query.params]


def favorite_text(query: Query, examples: Mapping[str, Any] = EXAMPLES) -> str:
    """One favourite: ``// NAME: description`` (its title), the parameters, the query.

    The parameters are documented in comments with ready ``:param`` commands to run first,
    so running the favourite never overwrites parameters the analyst has set.
    """
    lines = [f"// {query.name}: {' '.join(query.description.split())}"]
    if query.params:
        lines.append("// Parameters (null = no filter):")
        lines += [f"//   {name} {rest}" for name, rest in _param_doc(query)]
        lines.append("// Set them first, e.g.:")
        lines += [f"//   {command}" for command in param_commands(query, examples)]
    lines.append(query.text.strip())
    return "\n".join(lines) + "\n"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _slide(query: Query, number: int, examples: Mapping[str, Any]) -> str:
    parts = [
        '<slide class="row-fluid">',
        '<div class="col-sm-12">',
        f"<h3>{number}. {_esc(query.name)}</h3>",
        f'<p class="lead">{_esc(query.description)}</p>',
    ]
    if query.params:
        parts.append("<p>Parameters (null means no filter):</p>")
        parts.append("<ul>" + "".join(f"<li><code>{_esc(name)}</code> {_esc(rest)}</li>"
                                      for name, rest in _param_doc(query)) + "</ul>")
        parts.append("<p>1. Set the parameters: click the block to edit the values in the "
                     "editor, or its play icon to run it as it is.</p>")
        parts.append('<pre class="code runnable">'
                     + _esc("\n".join(param_commands(query, examples))) + "</pre>")
        parts.append("<p>2. Run the query:</p>")
    else:
        parts.append("<p>No parameters. Run the query:</p>")
    parts.append(f'<pre class="code runnable">{_esc(query.text.strip())}</pre>')
    parts.append(f"<p><small>Source: <code>queries/{_esc(query.name)}.cypher</code>; "
                 f"on the command line: <code>rsp query {_esc(query.name)}</code>.</small></p>")
    parts += ["</div>", "</slide>"]
    return "\n".join(parts)


def guide_html(queries: Sequence[Query], examples: Mapping[str, Any] = EXAMPLES) -> str:
    """The Browser guide: an index slide (slide 1), then one slide per query (from slide 2).

    Each query's heading and index entry carry its slide number, the number the Browser
    shows in its page counter and takes in ``:play URL#slide-N``.
    """
    index = "\n".join(f"<li><code>{_esc(q.name)}</code>: {_esc(q.description)}</li>"
                      for q in queries)
    first = "\n".join([
        '<slide class="row-fluid">',
        '<div class="col-sm-12">',
        f"<h3>{_esc(GUIDE_TITLE)}</h3>",
        '<p class="lead">The Cypher queries of <code>queries/</code>, the same ones '
        "<code>rsp query</code> runs. Each of the next slides shows one query: set its "
        "parameters, then run it.</p>",
        "<p>Click a grey block to copy it into the editor (then run it with Ctrl+Enter), or "
        "its play icon to run it at once. <code>:params</code> shows the parameters set.</p>",
        "<p>The numbers are slide numbers: use the page numbers at the bottom, or open a "
        "query's slide in a frame with <code>:play GUIDE-URL#slide-N</code>.</p>",
        f'<ol start="2">\n{index}\n</ol>',
        "</div>",
        "</slide>",
    ])
    slides = [first] + [_slide(q, n, examples) for n, q in enumerate(queries, start=2)]
    return "\n".join([
        "<!DOCTYPE html>",
        "<!-- Generated by views/browser_guide.py from queries/*.cypher: do not edit. -->",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>{_esc(GUIDE_TITLE)}</title></head>",
        "<body>",
        '<article class="guide">',
        '<carousel class="deck container-fluid">',
        *slides,
        "</carousel>",
        "</article>",
        "</body>",
        "</html>",
        "",
    ])


def favorites_zip(queries: Sequence[Query], examples: Mapping[str, Any] = EXAMPLES) -> bytes:
    """A zip with ``rsp-graph/NAME.cypher`` per query; byte-for-byte reproducible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for q in queries:
            info = zipfile.ZipInfo(f"{FAVORITES_FOLDER}/{q.name}.cypher",
                                   date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, favorite_text(q, examples).encode("utf-8"))
    return buffer.getvalue()


def guide_files(queries: Iterable[Query] | None = None,
                examples: Mapping[str, Any] = EXAMPLES) -> dict[str, bytes]:
    """Every generated file, by path relative to the output directory."""
    chosen = browser_queries(queries)
    files = {GUIDE_FILE: guide_html(chosen, examples).encode("utf-8"),
             FAVORITES_ZIP: favorites_zip(chosen, examples)}
    for q in chosen:
        files[f"{FAVORITES_DIR}/{q.name}.cypher"] = favorite_text(q, examples).encode("utf-8")
    return files


def _extra_favorites(directory: Path, files: Mapping[str, bytes]) -> list[Path]:
    folder = directory / FAVORITES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.cypher")
                  if f"{FAVORITES_DIR}/{p.name}" not in files)


def write_guide(directory: Path) -> list[Path]:
    """Write the guide, the favourites zip and ``favorites/*.cypher`` into the directory.

    Favourite files of queries that no longer exist are removed. Returns the written paths.
    """
    files = guide_files()
    for extra in _extra_favorites(directory, files):
        extra.unlink()
    written: list[Path] = []
    for relative, content in sorted(files.items()):
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
        written.append(path)
    return written


def stale_files(directory: Path) -> list[str]:
    """Generated files that are missing, differ or are left over: empty when up to date."""
    files = guide_files()
    stale = [relative for relative, content in sorted(files.items())
             if not (directory / relative).is_file()
             or (directory / relative).read_bytes() != content]
    stale += [f"{FAVORITES_DIR}/{p.name}" for p in _extra_favorites(directory, files)]
    return stale


# --- serving the guide -----------------------------------------------------------------


class GuideRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the CORS headers the Neo4j Browser's guide fetch needs.

    The Browser fetches ``:guide``/``:play`` URLs from its own origin (the Neo4j HTTP port)
    with ``pragma`` and ``cache-control`` request headers, so the browser first sends a CORS
    preflight (``OPTIONS``), which ``python -m http.server`` refuses (501).
    """

    server_version = "rsp-browser-guide"

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        requested = self.headers.get("Access-Control-Request-Headers")
        self.send_header("Access-Control-Allow-Headers",
                         requested or "pragma, cache-control, content-type")
        if self.headers.get("Access-Control-Request-Private-Network"):
            self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def list_directory(self, path: str | Any) -> None:
        self.send_error(404, "No directory listings")
        return None

    def log_message(self, format: str, *args: Any) -> None:
        if getattr(self.server, "quiet", False):
            return
        super().log_message(format, *args)


def make_server(directory: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
                quiet: bool = False) -> http.server.ThreadingHTTPServer:
    """An HTTP server (not yet serving) for the directory; port 0 picks a free port."""
    if not directory.is_dir():
        raise FileNotFoundError(f"no such directory: {directory}")
    handler = partial(GuideRequestHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


def guide_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/{GUIDE_FILE}"


def serve(directory: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the directory until interrupted, printing the Browser command to use."""
    server = make_server(directory, host, port)
    bound_port = int(server.server_address[1])
    shown = host if host not in ("0.0.0.0", "") else DEFAULT_HOST
    print(f"Serving {directory} on http://{host}:{bound_port}/ (Ctrl+C stops).\n"
          f"In the Neo4j Browser run:  :guide {guide_url(shown, bound_port)}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: Sequence[str] | None = None) -> int:
    default_dir = Path(__file__).resolve().parent.parent / "docs" / "browser-guide"
    parser = argparse.ArgumentParser(
        prog="python -m views.browser_guide",
        description="Generate or serve the Neo4j Browser guide of the project's queries.")
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write", help="generate the guide and the favourites")
    write.add_argument("directory", nargs="?", type=Path, default=default_dir)
    check = sub.add_parser("check", help="exit 1 if the generated files are out of date")
    check.add_argument("directory", nargs="?", type=Path, default=default_dir)
    run = sub.add_parser("serve", help="serve the guide with CORS for the Neo4j Browser")
    run.add_argument("--directory", type=Path, default=default_dir)
    run.add_argument("--host", default=DEFAULT_HOST,
                     help=f"address to listen on (default {DEFAULT_HOST}, loopback only)")
    run.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    if args.command == "write":
        for path in write_guide(args.directory):
            print(path)
        return 0
    if args.command == "check":
        stale = stale_files(args.directory)
        for relative in stale:
            print(f"out of date: {args.directory / relative}", file=sys.stderr)
        return 1 if stale else 0
    serve(args.directory, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
