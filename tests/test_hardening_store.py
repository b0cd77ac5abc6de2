"""Hardening of query, load, serve and validate: what they refuse, in one line and with the
documented exit code, and what they never do (delete a folder they did not make, call an
address a query names, leave a child process or a busy port behind)."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from paperkg.store.query import TABLE_BLOCK, RowStream, names_service, write_result
from support import PAPERKG, ROOT, run_cli

pytestmark = pytest.mark.slow
CROSS_JOIN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_JOIN_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


# --------------------------------------------------------------------------- helpers


def _one_line_error(result: subprocess.CompletedProcess, code: int, *needles: str) -> str:
    """The single stderr line of a refused command, checked for its exit code and words."""
    err = result.stderr.decode()
    assert result.returncode == code, err
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("paperkg: error: "), err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def _free_port_pair() -> int:
    """A loopback port that is free, with the next one free too (serve takes both)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            if port >= 65534:
                continue
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
        return port
    raise AssertionError("no two free loopback ports in a row")


def _port_is_free(port: int) -> bool:
    """Nobody listens on the port (a server could bind it; TIME_WAIT does not count)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Listener:
    """A TCP listener on 127.0.0.1 that records every request it receives and answers
    with ``reply`` (an HTTP response), or with nothing."""

    def __init__(self, reply: bytes = b"") -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.port = self.socket.getsockname()[1]
        self.reply = reply
        self.received: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(5)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        data += connection.recv(65536) or b"\r\n\r\n"
                    head, _, body = data.partition(b"\r\n\r\n")
                    length = next(
                        (
                            int(line.split(b":")[1])
                            for line in head.split(b"\r\n")
                            if line.lower().startswith(b"content-length:")
                        ),
                        0,
                    )
                    while len(body) < length:
                        body += connection.recv(65536) or b"x" * length
                except OSError:
                    pass
                self.received.append(data)
                if self.reply:
                    connection.sendall(self.reply)

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory) -> Path:
    """``paperkg build`` over the built-in sample page (856 triples)."""
    out = tmp_path_factory.mktemp("sample-build")
    result = run_cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    return out


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    folder: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def oxigraph(self) -> int:
        (child,) = _children(self.process.pid)
        return child


def _start_serve(folder: Path, log: Path, *options: str) -> Served:
    port = _free_port_pair()
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [*PAPERKG, "serve", str(folder), "--port", str(port), *options],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            cwd=ROOT,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)
            return Served(process, port, folder, log)
        except OSError:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the endpoint did not come up"
            time.sleep(0.2)


@pytest.fixture(scope="module")
def served(sample_build, tmp_path_factory) -> Served:
    """``paperkg serve`` on a copy of the sample build with its store in the default
    place (``oxigraph/`` inside it), two planted symbolic links out of the folder, a 2 s
    timeout and 50 rows an answer."""
    folder = tmp_path_factory.mktemp("served")
    shutil.copytree(sample_build, folder, dirs_exist_ok=True)
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to("/etc")
    server = _start_serve(folder, folder.parent / "serve.log", "--timeout", "2", "--max-rows", "50")
    yield server
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=30)


def _get(url: str, accept: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _query_url(server: Served, query: str, path: str = "/query") -> str:
    return f"{server.url}{path}?{urllib.parse.urlencode({'query': query})}"


# ------------------------------------------------------- 1. the store folder is never a stranger's


@pytest.mark.parametrize("command", ["load", "serve"])
def test_a_folder_paperkg_did_not_make_is_refused_and_kept(sample_build, tmp_path, command):
    thesis = tmp_path / "x"
    thesis.mkdir()
    (thesis / "thesis.tex").write_text("keep\n", encoding="utf-8")
    ports = ["--port", str(_free_port_pair())] if command == "serve" else []
    result = run_cli(command, str(sample_build), "--store", str(thesis), *ports)
    _one_line_error(result, 2, str(thesis), "pick an empty or new folder")
    assert (thesis / "thesis.tex").read_text(encoding="utf-8") == "keep\n"
    assert sorted(p.name for p in thesis.iterdir()) == ["thesis.tex"]


def test_a_build_folder_as_store_is_refused_and_kept(sample_build, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(sample_build, build)
    before = sorted(p.relative_to(build) for p in build.rglob("*"))
    result = run_cli("load", str(build), "--store", str(build))
    _one_line_error(result, 2, str(build), "pick an empty or new folder")
    assert sorted(p.relative_to(build) for p in build.rglob("*")) == before
    assert (build / "graph.ttl").stat().st_size > 0


def test_a_store_paperkg_made_is_reloaded_when_the_graph_changes(sample_build, tmp_path):
    store = tmp_path / "store"
    store.mkdir()  # an empty folder is fine
    assert run_cli("load", str(sample_build), "--store", str(store)).stdout.startswith(b"loaded")
    again = run_cli("load", str(sample_build), "--store", str(store))
    assert again.stdout.startswith(b"already loaded")
    other = tmp_path / "other.nt"
    other.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    changed = run_cli("load", str(other), "--store", str(store))
    assert changed.returncode == 0 and changed.stdout.startswith(b"loaded"), changed.stderr
    answer = run_cli("load", str(other), "--store", str(store))
    assert answer.stdout.startswith(b"already loaded")


def test_load_of_a_missing_graph_exits_3(tmp_path):
    result = run_cli("load", str(tmp_path / "missing.ttl"), "--store", str(tmp_path / "s"))
    _one_line_error(result, 3, "missing.ttl", "no such graph file")
    assert not (tmp_path / "s").exists()


# ------------------------------------------------------------- 13. SERVICE is refused by default

SERVICE_QUERIES = {
    "plain": "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "lower-case, silent": "select * where {{ service silent <http://127.0.0.1:{port}/> "
    "{{ ?s ?p ?o }} }}",
    "no space after a dot": "SELECT * WHERE {{ ?x ?y ?z .SERVICE <http://127.0.0.1:{port}/> "
    "{{ ?s ?p ?o }} }}",
    "in a subquery": "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE "
    "<http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }} }}",
    "in FILTER EXISTS": "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE "
    "<http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "after a string holding '<'": "SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'x>') "
    "SERVICE<http://127.0.0.1:{port}/>{{?s ?p ?o}} FILTER(?o='') }}",
}


@pytest.mark.parametrize("template", SERVICE_QUERIES.values(), ids=SERVICE_QUERIES.keys())
def test_query_refuses_service_and_calls_nobody(sample_build, listener, template):
    query = template.format(port=listener.port)
    result = run_cli("query", str(sample_build), query)
    _one_line_error(result, 2, "SERVICE", "--allow-service")
    time.sleep(0.2)
    assert listener.received == []


def test_the_word_service_in_a_literal_is_no_federation(sample_build):
    query = "SELECT ?t WHERE { ?p dcterms:title ?t FILTER(!CONTAINS(LCASE(?t), 'service')) }"
    result = run_cli("query", str(sample_build), query, "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    assert len(result.stdout.decode().splitlines()) > 1
    assert not names_service("SELECT * WHERE { ?s <urn:service> ?o . ?s ?p ?service }")


def test_query_with_allow_service_asks_the_named_server(sample_build):
    answer = json.dumps(
        {
            "head": {"vars": ["x"]},
            "results": {
                "bindings": [{"x": {"type": "literal", "value": "from the remote server"}}]
            },
        }
    ).encode()
    remote = Listener(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Content-Length: " + str(len(answer)).encode() + b"\r\n\r\n" + answer
    )
    try:
        query = f"SELECT ?x WHERE {{ SERVICE <http://127.0.0.1:{remote.port}/> {{ ?x ?p ?o }} }}"
        result = run_cli("query", str(sample_build), query, "--allow-service", "--format", "csv")
    finally:
        remote.close()
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines() == ["x", "from the remote server"]
    assert len(remote.received) == 1 and remote.received[0].startswith(b"POST / ")


@pytest.mark.parametrize(
    "how", ["GET /query", "GET /sparql", "POST form", "POST query", "POST update"]
)
def test_endpoint_answers_400_to_service_and_calls_nobody(served, listener, how):
    query = SERVICE_QUERIES["plain"].format(port=listener.port)
    method, path = how.split()
    if how == "GET /sparql":
        request = urllib.request.Request(_query_url(served, query, "/sparql"))
    elif method == "GET":
        request = urllib.request.Request(_query_url(served, query))
    elif path == "form":
        request = urllib.request.Request(
            f"{served.url}/query",
            data=urllib.parse.urlencode({"query": query}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    elif path == "query":
        request = urllib.request.Request(
            f"{served.url}/query",
            data=query.encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
    else:
        update = (
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/>"
            " { ?s ?p ?o } }"
        )
        request = urllib.request.Request(
            f"{served.url}/update",
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    message = refused.value.read().decode()
    assert "SERVICE" in message and "--allow-service" in message
    assert len(message.strip().splitlines()) == 1
    time.sleep(0.2)
    assert listener.received == []


# ------------------------------------------------------------- 14. time and size budgets


def test_query_times_out_in_one_line(sample_build):
    started = time.monotonic()
    result = run_cli("query", str(sample_build), CROSS_JOIN_COUNT, "--timeout", "1")
    _one_line_error(result, 2, "timed out after 1 s", "--timeout")
    assert time.monotonic() - started < 30  # the cross join alone runs for minutes


def test_query_stops_at_max_rows_with_a_warning(sample_build):
    result = run_cli(
        "query",
        str(sample_build),
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
        "--format",
        "csv",
        "--max-rows",
        "3",
    )
    assert result.returncode == 0
    assert len(result.stdout.decode().splitlines()) == 4  # the header and three rows
    warning = result.stderr.decode().strip()
    assert warning.startswith("paperkg: warning: stopped after 3 rows (--max-rows)")


def test_endpoint_cuts_answers_at_max_rows(served):
    status, headers, body = _get(
        _query_url(served, "SELECT * WHERE { ?s ?p ?o }"), "application/sparql-results+json"
    )
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 50
    assert headers["X-SPARQL-MaxRows"] == "50"
    status, headers, body = _get(
        _query_url(served, "SELECT * WHERE { ?s ?p ?o } LIMIT 3"), "text/csv"
    )
    assert status == 200 and "X-SPARQL-MaxRows" not in headers
    assert len(body.decode().splitlines()) == 4
    status, _, body = _get(
        _query_url(served, "CONSTRUCT WHERE { ?s ?p ?o }"), "application/n-triples"
    )
    assert status == 200 and len(body.decode().splitlines()) == 50
    status, _, body = _get(_query_url(served, "ASK { ?s ?p ?o }"), "application/json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_endpoint_times_out_with_503_and_oxigraph_stops_working(served):
    started = time.monotonic()
    status, _, body = _get(_query_url(served, CROSS_JOIN_COUNT))
    assert status == 503, body
    assert b"took longer than 2 s" in body and len(body.decode().strip().splitlines()) == 1
    assert time.monotonic() - started < 15
    oxigraph = served.oxigraph()
    time.sleep(1)  # let a cancellation in flight finish
    before = _cpu_seconds(oxigraph)
    time.sleep(2)
    assert _cpu_seconds(oxigraph) - before < 0.5, "oxigraph still evaluates the query"


@pytest.mark.parametrize(
    "args, words",
    [
        (["query", "GRAPH", "ASK {}", "--timeout", "0"], ["--timeout", "positive"]),
        (["query", "GRAPH", "ASK {}", "--timeout", "-3"], ["--timeout", "positive"]),
        (["query", "GRAPH", "ASK {}", "--timeout", "nan"], ["--timeout", "positive"]),
        (["query", "GRAPH", "ASK {}", "--max-rows", "0"], ["--max-rows", "positive"]),
        (["serve", "GRAPH", "--timeout", "0"], ["--timeout", "positive"]),
        (["serve", "GRAPH", "--max-rows", "-1"], ["--max-rows", "positive"]),
        (["serve", "GRAPH", "--port", "80000"], ["--port 80000", "1-65534"]),
        (["serve", "GRAPH", "--port", "0"], ["--port 0", "1-65534"]),
        (["serve", "GRAPH", "--port", "65535"], ["--port 65535", "port + 1"]),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_bad_option_values_exit_2_before_any_work(tmp_path, args, words):
    graph = tmp_path / "graph.ttl"  # not even there: the options are checked first
    result = run_cli(*[str(graph) if a == "GRAPH" else a for a in args])
    _one_line_error(result, 2, *words)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------- 15. serve stops its children


@pytest.mark.parametrize(
    "stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["SIGTERM", "SIGINT", "SIGKILL"]
)
def test_stopping_serve_stops_oxigraph_and_frees_the_ports(sample_build, tmp_path, stop):
    server = _start_serve(sample_build, tmp_path / "serve.log", "--store", str(tmp_path / "s"))
    oxigraph = server.oxigraph()
    assert _alive(oxigraph)
    server.process.send_signal(stop)
    code = server.process.wait(timeout=30)
    if stop != signal.SIGKILL:
        assert code == 0, server.log.read_text()
        assert "Traceback" not in server.log.read_text()
    deadline = time.monotonic() + 10  # after SIGKILL, the kernel tells the child
    while _alive(oxigraph) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(oxigraph), "the oxigraph child outlived paperkg serve"
    assert _port_is_free(server.port) and _port_is_free(server.port + 1)


# ----------------------------------------------------------------------- 16. the views server


@pytest.mark.parametrize(
    "path, status",
    [
        ("/index.html", 200),
        ("/", 200),  # the folder's index.html
        ("/oxigraph/", 404),  # the store: no listing
        ("/oxigraph/CURRENT", 404),  # nor its files
        ("/oxigraph/paperkg-source.sha256", 404),
        ("/papers/", 404),  # no listing of any folder
        ("/passwd", 404),  # a link out of the build folder
        ("/etc/passwd", 404),  # a folder link out of it
        ("/..%2f..%2f..%2fetc/passwd", 404),
        ("/a%00b", 400),
        ("/papers/%00", 400),
        ("/%C0%AE%C0%AE/etc/passwd", 404),
    ],
)
def test_views_serve_the_build_folder_only(served, path, status):
    got, _, body = _get(f"http://127.0.0.1:{served.port + 1}{path}")
    assert got == status, body[:200]
    assert b"root:" not in body
    if status == 200:
        assert b"paperkg report" in body


def test_the_server_log_has_no_traceback(served):
    for path in ("/a%00b", "/oxigraph/", "/passwd"):
        _get(f"http://127.0.0.1:{served.port + 1}{path}")
    _get(_query_url(served, "SELECT * WHERE { ?s ?p }"))
    log = served.log.read_text()
    assert "Traceback" not in log
    assert "No such page" in log and "not valid SPARQL" in log  # each refusal in one line
    assert all(not line.startswith((" ", "\t")) for line in log.splitlines())


# ------------------------------------------------------------- 17. query streams its rows


@pytest.mark.parametrize("style", ["table", "csv", "json"])
def test_query_streams_into_a_pipe_and_ends_quietly_when_it_closes(sample_build, style):
    """627 million rows: only a streamed answer reaches ``head`` before the timeout."""
    query = subprocess.Popen(
        [
            *PAPERKG,
            "query",
            str(sample_build),
            CROSS_JOIN_ROWS,
            "--format",
            style,
            "--max-rows",
            "1000000000",
            "--timeout",
            "60",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    head = [query.stdout.readline() for _ in range(5)]
    query.stdout.close()  # as `| head -5` does
    code = query.wait(timeout=60)
    err = query.stderr.read().decode()
    assert code == 0, err
    assert err == ""
    assert all(line.endswith(b"\n") for line in head)


class _Recorder(io.StringIO):
    """An output that notes how many rows the engine had given at the first data row."""

    def __init__(self, pulled: list[int], header_lines: int) -> None:
        super().__init__()
        self.pulled, self.header_lines, self.at_first_row = pulled, header_lines, None

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.at_first_row is None and self.getvalue().count("\n") > self.header_lines:
            self.at_first_row = self.pulled[0]
        return written


def _rows(count: int, pulled: list[int], long_at: int | None = None):
    for number in range(count):
        pulled[0] += 1
        text = "x" * 60 if number == long_at else f"row {number}"
        yield (ox.NamedNode(f"urn:r{number}"), ox.Literal(text))


@pytest.mark.parametrize(
    "style, header_lines, bound", [("csv", 1, 1), ("json", 0, 1), ("table", 2, TABLE_BLOCK)]
)
def test_write_result_writes_each_row_as_it_comes(style, header_lines, bound):
    pulled = [0]
    out = _Recorder(pulled, header_lines)
    written = write_result(RowStream(("r", "t"), _rows(3 * TABLE_BLOCK, pulled)), style, out)
    assert written.rows == 3 * TABLE_BLOCK and not written.truncated
    assert out.at_first_row is not None and out.at_first_row <= bound


def test_the_table_sizes_columns_from_its_first_block():
    pulled = [0]
    out = io.StringIO()
    rows = _rows(TABLE_BLOCK + 10, pulled, long_at=TABLE_BLOCK + 5)
    written = write_result(RowStream(("r", "t"), rows), "table", out, max_rows=TABLE_BLOCK + 8)
    lines = out.getvalue().splitlines()
    assert written.rows == TABLE_BLOCK + 8 and written.truncated
    assert lines[1] == "-" * len("urn:r999") + "  " + "-" * len("row 999")
    assert lines[2 + TABLE_BLOCK + 5].endswith("x" * 60)  # a longer cell shifts its own row
    assert lines[-1] == f"({TABLE_BLOCK + 8} rows)"
    assert pulled[0] == TABLE_BLOCK + 9  # the row past the limit was read, and no more


# ------------------------------------------------------------- 19. one line, not a traceback


def test_a_busy_views_port_is_named_before_any_work(sample_build, tmp_path):
    port = _free_port_pair()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port + 1))
        taken.listen()
        result = run_cli(
            "serve", str(sample_build), "--port", str(port), "--store", str(tmp_path / "store")
        )
    _one_line_error(result, 2, f"127.0.0.1:{port + 1}", "busy", "views")
    assert not (tmp_path / "store").exists()  # nothing loaded
    assert _port_is_free(port)


def test_a_busy_sparql_port_is_named_before_any_work(sample_build, tmp_path):
    port = _free_port_pair()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = run_cli(
            "serve", str(sample_build), "--port", str(port), "--store", str(tmp_path / "store")
        )
    _one_line_error(result, 2, f"127.0.0.1:{port}", "busy", "--port")
    assert result.stdout == b""  # no endpoint URL is announced
    assert not (tmp_path / "store").exists()
    assert _port_is_free(port + 1)


def test_query_file_that_is_binary(sample_build, tmp_path):
    binary = tmp_path / "q.rq"
    binary.write_bytes(bytes(range(256)))
    result = run_cli("query", str(sample_build), "--file", str(binary))
    _one_line_error(result, 2, str(binary), "not UTF-8 text", "byte 0x80")


@pytest.mark.parametrize(
    "content, where",
    [
        (bytes(range(256)) * 4, "not UTF-8 text"),
        (b"hello world, this is not turtle\n<a> <b> .\n", "garbage.ttl:1: not valid RDF"),
        (b'@prefix : <urn:x#> .\n:a :b :c .\n:a :b "open\n', "garbage.ttl:3: not valid RDF"),
        (b"\x00\x01\x02\x03 control characters\n", "garbage.ttl:1: not valid RDF"),
    ],
    ids=["binary", "words", "open string", "control characters"],
)
def test_validate_on_a_garbage_file(tmp_path, content, where):
    garbage = tmp_path / "garbage.ttl"
    garbage.write_bytes(content)
    line = _one_line_error(run_cli("validate", str(garbage)), 3, str(garbage), where)
    assert "b'" not in line and "\\x" not in line and "\x00" not in line


@pytest.mark.parametrize(
    "query, where, expected",
    [
        ("SELECT * WHERE { ?s foo:p ?o }", "query:1:26", "undeclared prefix"),
        ("SELECT *\nWHERE {\n  ?s ?p ?o\n  LIMT 3 }", "query:4:11", "expected OPTIONAL"),
        ("SELECT * WHERE { ?s pkg:title ?o\n  LIMT 3 }", "query:2:11", "expected OPTIONAL"),
    ],
)
def test_a_sparql_syntax_error_is_one_line_with_line_and_column(
    sample_build, query, where, expected
):
    line = _one_line_error(
        run_cli("query", str(sample_build), query), 2, where, "not valid SPARQL", expected
    )
    assert "\\u{" not in line and "[_]" not in line


def test_the_endpoint_gives_a_syntax_error_in_one_line(served):
    status, _, body = _get(_query_url(served, "SELECT * WHERE { ?s foo:p ?o }"))
    message = body.decode()
    assert status == 400
    assert message.startswith("not valid SPARQL at line 1, column 26: expected")
    assert len(message.strip().splitlines()) == 1 and "\\u{" not in message


def test_csv_results_write_a_blank_node_with_its_prefix(sample_build):
    result = run_cli(
        "query", str(sample_build), "SELECT ?b WHERE { BIND(BNODE() AS ?b) }", "--format", "csv"
    )
    assert result.returncode == 0, result.stderr.decode()
    header, cell = result.stdout.decode().splitlines()
    assert header == "b" and cell.startswith("_:") and len(cell) > 2
