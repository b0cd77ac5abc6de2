"""The SPARQL endpoint's front door: a guard between the network and the Oxigraph server.

The Oxigraph server can neither turn federation off nor cap a result, so ``paperkg
serve`` runs it on a private loopback port and puts this small HTTP server on the
public one:

* a query or update holding SERVICE (which makes the server send a request to any
  address the query names) is answered 400 unless federation was allowed;
* a query's answer is read from Oxigraph as TSV or N-Triples, one row a line, cut after
  ``max_rows`` rows (said in the ``X-SPARQL-MaxRows`` header) and written in the format
  the client asked for, so the guard holds at most ``max_rows`` rows at a time;
* a query that takes longer than the time budget is answered 503: Oxigraph stops it
  (``--timeout-s``) and the guard stops reading;
* every error is one line of text/plain, a SPARQL syntax error as its line, column and
  the tokens expected.

``/.well-known/void`` answers the graph's VoID description with the endpoint's address as
its ``void:sparqlEndpoint`` (where VoID says clients look for it). The other paths
Oxigraph serves (its query page, ``/store``, ``/update``) are passed
through; any other path is 404 here.
"""

from __future__ import annotations

import http.client
import io
import re
import sys
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar

import pyoxigraph as ox

from paperkg.store.query import names_service, sparql_error

__all__ = ["GuardServer", "QuietServer", "negotiate"]

_QUERY_PATHS = {"/query", "/sparql", "/update"}
_PASSED_PATHS = {"/", "/yasgui.min.css", "/yasgui.min.js", "/logo.svg", "/store"}
#: VoID's well-known place for a dataset's description (VoID, section 7.2)
_VOID_PATH = "/.well-known/void"
_VOID_QUERY = """CONSTRUCT {{ ?dataset ?property ?value .
  ?dataset <http://rdfs.org/ns/void#sparqlEndpoint> <{endpoint}> }}
WHERE {{ ?dataset a <http://rdfs.org/ns/void#Dataset> ; ?property ?value }}"""
#: A Host header fit to name the endpoint in an IRI: a name or address and a port
_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
_MAX_BODY = 1 << 20  # bytes of a POSTed query or update
_MAX_LINE = 1 << 24  # bytes of one row of an answer
_BACKEND_ACCEPT = "text/tab-separated-values, application/n-triples"
_TSV = "text/tab-separated-values"
_NTRIPLES = "application/n-triples"
_RESULTS = ox.QueryResultsFormat
_Format = TypeVar("_Format")
RESULT_OFFERS = (
    ("application/sparql-results+json", _RESULTS.JSON),
    ("application/json", _RESULTS.JSON),
    ("application/sparql-results+xml", _RESULTS.XML),
    ("application/xml", _RESULTS.XML),
    ("text/csv", _RESULTS.CSV),
    ("text/tab-separated-values", _RESULTS.TSV),
)
GRAPH_OFFERS = tuple(
    (f.media_type, f)
    for f in (
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.RDF_XML,
        ox.RdfFormat.JSON_LD,
        ox.RdfFormat.N3,
    )
)


def negotiate(accept: str | None, offers: tuple[tuple[str, _Format], ...]) -> _Format | None:
    """The offered format the Accept header prefers (highest q, then the client's
    order; wildcards take the first offer they match); the first offer when there is
    no header, None when nothing offered is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_OFFERS).name
    'SPARQL Results in XML'
    >>> negotiate("text/*", RESULT_OFFERS).name
    'SPARQL Results in CSV'
    >>> negotiate("image/png", RESULT_OFFERS) is None
    True
    """
    if not accept or not accept.strip():
        return offers[0][1]
    best, best_key = None, None
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            if param.lower().startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        kind, _, sub = media.lower().partition("/")
        match = next(
            (
                fmt
                for offered, fmt in offers
                if media.lower() == offered
                or (sub == "*" and (kind == "*" or offered.startswith(kind + "/")))
            ),
            None,
        )
        key = (quality, -position)
        if match is not None and quality > 0 and (best_key is None or key > best_key):
            best, best_key = match, key
    return best


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that logs a failed request in one line, not a traceback;
    a client that went away is no failure."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            print(
                f"paperkg serve: request from {client_address[0]} failed: {error!r}",
                file=sys.stderr,
            )


class GuardServer(QuietServer):
    """The public endpoint; ``backend`` is set to Oxigraph's address once it listens."""

    def __init__(
        self,
        address: tuple[str, int],
        *,
        timeout: float,
        max_rows: int,
        allow_service: bool,
        cors: str | None = None,
    ) -> None:
        super().__init__(address, _Guard)
        self.backend: tuple[str, int] | None = None
        self.query_timeout = timeout
        self.max_rows = max_rows
        self.allow_service = allow_service
        #: the origin browser pages may query from ("*": any), or None: no CORS headers
        self.cors = cors


class _Guard(BaseHTTPRequestHandler):
    server: GuardServer
    server_version = "paperkg-guard"

    def do_GET(self) -> None:
        self._handle(b"")

    def do_HEAD(self) -> None:
        self._handle(b"")

    def do_OPTIONS(self) -> None:
        """A browser's preflight: allowed with ``serve --cors``, else 405."""
        if not self.server.cors:
            self._fail(
                HTTPStatus.METHOD_NOT_ALLOWED, "no cross-origin requests (paperkg serve --cors)"
            )
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Methods", "GET, POST, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def end_headers(self) -> None:
        """Every answer says which origins may read it when CORS is on (errors too, so
        a page can show them)."""
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Access-Control-Expose-Headers", "X-SPARQL-MaxRows")
            if self.server.cors != "*":
                self.send_header("Vary", "Origin")
        super().end_headers()

    def do_POST(self) -> None:
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self._fail(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length")
            return
        if int(length) > _MAX_BODY:
            self._fail(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"bodies over {_MAX_BODY} bytes")
            return
        self._handle(self.rfile.read(int(length)))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Errors are logged (one line each), answered requests are not."""

    def _handle(self, body: bytes) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == _VOID_PATH and not body:
            self._describe()
            return
        if url.path not in _QUERY_PATHS | _PASSED_PATHS:
            self._fail(HTTPStatus.NOT_FOUND, f"no such page {url.path!r}; queries go to /query")
            return
        if url.path in _QUERY_PATHS:
            try:
                texts = _sparql_texts(url, self.headers.get("Content-Type", ""), body)
            except UnicodeDecodeError:
                self._fail(HTTPStatus.BAD_REQUEST, "the query is not UTF-8 text")
                return
            if not self.server.allow_service and any(
                names_service(text, update=update) for text, update in texts
            ):
                self._fail(
                    HTTPStatus.BAD_REQUEST,
                    "SERVICE (a federated query, calling another server) is refused by this "
                    "endpoint; start it with 'paperkg serve --allow-service' to allow it",
                )
                return
            if url.path != "/update" and texts and not any(update for _, update in texts):
                self._answer_query(body)
                return
        self._pass_through(body)

    def _describe(self) -> None:
        """The graph's VoID description with this endpoint as its ``void:sparqlEndpoint``,
        in the RDF format the client asks for: a build cannot know where it will be
        served, so the server says it (the address as the client reached it)."""
        host = self.headers.get("Host", "")
        if not _HOST.fullmatch(host):
            host = "{}:{}".format(*self.server.server_address[:2])
        query = _VOID_QUERY.format(endpoint=f"http://{host}/query")
        self.path = "/query?" + urllib.parse.urlencode({"query": query})
        self._answer_query(b"")

    def _backend_request(self, body: bytes, accept: str | None) -> http.client.HTTPResponse:
        assert self.server.backend is not None, "the guard serves only once Oxigraph listens"
        connection = http.client.HTTPConnection(
            *self.server.backend, timeout=self.server.query_timeout + 5
        )
        headers = {}
        if body and self.headers.get("Content-Type"):
            headers["Content-Type"] = self.headers["Content-Type"]
        if accept:
            headers["Accept"] = accept
        connection.request(self.command, self.path, body=body or None, headers=headers)
        return connection.getresponse()

    def _answer_query(self, body: bytes) -> None:
        started = time.monotonic()
        timeout = self.server.query_timeout
        try:
            response = self._backend_request(body, _BACKEND_ACCEPT)
            if response.status != HTTPStatus.OK:
                self._relay_error(response)
                return
            kind = (response.getheader("Content-Type") or "").split(";")[0].strip()
            limit = self.server.max_rows + (kind == _TSV)  # TSV's first line names the columns
            lines, truncated = _read_lines(response, limit, deadline=started + timeout + 1)
            response.close()
        except (TimeoutError, http.client.HTTPException, OSError) as err:
            late = time.monotonic() - started >= timeout
            if late or isinstance(err, TimeoutError):
                self._timed_out()
            else:
                self._fail(HTTPStatus.BAD_GATEWAY, f"the SPARQL server failed: {err}")
            return
        boolean = kind == _TSV and lines in ([b"true"], [b"false"])  # an ASK's answer
        if lines and not lines[-1].endswith(b"\n") and not boolean:  # stopped mid-answer
            if b"cancelled" in lines[-1] or time.monotonic() - started >= timeout:
                self._timed_out()
            else:
                reason = lines[-1].decode("utf-8", "replace").strip()[:200]
                self._fail(HTTPStatus.BAD_GATEWAY, f"the SPARQL server failed: {reason}")
            return
        self._write_answer(kind, b"".join(lines), truncated)

    def _write_answer(self, kind: str, data: bytes, truncated: bool) -> None:
        accept = self.headers.get("Accept")
        out = io.BytesIO()
        if kind not in (_TSV, _NTRIPLES):
            self._fail(HTTPStatus.BAD_GATEWAY, f"the SPARQL server answered in {kind!r}")
            return
        offers: tuple[tuple[str, ox.QueryResultsFormat | ox.RdfFormat], ...] = (
            RESULT_OFFERS if kind == _TSV else GRAPH_OFFERS
        )
        chosen = negotiate(accept, offers)
        if chosen is None:
            known = ", ".join(media for media, _ in offers)
            self._fail(HTTPStatus.NOT_ACCEPTABLE, f"no format in the Accept header; known: {known}")
            return
        try:
            if isinstance(chosen, ox.QueryResultsFormat):  # offered for TSV answers only
                ox.parse_query_results(data, _RESULTS.TSV).serialize(out, chosen)
            else:
                ox.serialize(ox.parse(data, ox.RdfFormat.N_TRIPLES), out, chosen)
        except (SyntaxError, ValueError) as err:
            self._fail(HTTPStatus.BAD_GATEWAY, f"the SPARQL server's answer is broken: {err}")
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", chosen.media_type)
        self.send_header("Content-Length", str(len(out.getvalue())))
        if truncated:
            self.send_header("X-SPARQL-MaxRows", str(self.server.max_rows))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(out.getvalue())

    def _relay_error(self, response: http.client.HTTPResponse) -> None:
        text = response.read(1 << 16).decode("utf-8", "replace")
        line, column, reason = sparql_error(text)
        if response.status == HTTPStatus.BAD_REQUEST and line is not None:
            reason = f"not valid SPARQL at line {line}, column {column}: {reason}"
        self._fail(response.status, reason)

    def _timed_out(self) -> None:
        self._fail(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query took longer than {self.server.query_timeout:g} s (paperkg serve "
            "--timeout); narrow it or add LIMIT",
        )

    def _pass_through(self, body: bytes) -> None:
        try:
            response = self._backend_request(body, self.headers.get("Accept"))
        except (TimeoutError, http.client.HTTPException, OSError) as err:
            self._fail(HTTPStatus.BAD_GATEWAY, f"the SPARQL server failed: {err}")
            return
        if response.status >= 400:
            self._relay_error(response)
            return
        self.send_response(response.status)
        for name in ("Content-Type", "Content-Length", "Location"):
            if value := response.getheader(name):
                self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            while block := response.read(1 << 16):
                self.wfile.write(block)
        response.close()

    def _fail(self, status: int, reason: str) -> None:
        """A one-line text/plain answer; the same line goes to the log."""
        message = " ".join(reason.split()) or HTTPStatus(status).phrase
        self.log_error("%s %s: %s", status, self.command, message)
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _sparql_texts(
    url: urllib.parse.SplitResult, content_type: str, body: bytes
) -> list[tuple[str, bool]]:
    """Every query or update text the request holds, each with whether it is an update:
    the URL's ``query`` and ``update`` parameters, a form body's, or the body itself."""
    texts = [
        (value, name == "update")
        for name, values in urllib.parse.parse_qs(url.query).items()
        if name in {"query", "update"}
        for value in values
    ]
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qs(body.decode("utf-8", "strict"))
        texts += [(v, name == "update") for name in ("query", "update") for v in form.get(name, [])]
    elif body:
        update = kind == "application/sparql-update" or url.path == "/update"
        texts.append((body.decode("utf-8", "strict"), update))
    return texts


def _read_lines(
    response: http.client.HTTPResponse, limit: int, *, deadline: float
) -> tuple[list[bytes], bool]:
    """Up to ``limit`` lines of the answer, and whether there were more; TimeoutError
    past the deadline (Oxigraph stops evaluating, but may still be sending)."""
    lines: list[bytes] = []
    while line := response.readline(_MAX_LINE):
        if time.monotonic() > deadline:
            raise TimeoutError("the answer took too long")
        if len(lines) == limit:
            return lines, True
        lines.append(line)
    return lines, False
