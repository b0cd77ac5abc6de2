"""The SPARQL endpoint: a real Oxigraph server on a free loopback port, queried over HTTP."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.request

import pytest
import rdflib
from rdflib.namespace import RDF, VOID
from SPARQLWrapper import JSON, SPARQLWrapper

from paperkg.store.query import load_store, run_query, with_prefixes
from paperkg.store.serve import load_into_store
from support import PAPERKG, ROOT

pytestmark = pytest.mark.slow
QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(seeds_build, tmp_path_factory):
    out, _ = seeds_build
    port = _free_port()
    while True:  # the views take port + 1: both must be free
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
                break
            except OSError:
                port = _free_port()
    store = tmp_path_factory.mktemp("store")
    server = subprocess.Popen(
        [
            *PAPERKG,
            "serve",
            str(out),
            "--port",
            str(port),
            "--store",
            str(store),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "the endpoint did not come up"
            time.sleep(0.2)
    yield url, port, store
    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=20) in (0, -signal.SIGINT)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_endpoint_answers_like_paperkg_query(endpoint, seeds_build, path):
    url, _, _ = endpoint
    out, _ = seeds_build
    text = path.read_text(encoding="utf-8")
    client = SPARQLWrapper(url)
    client.setQuery(with_prefixes(text))
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    variables = answer["head"]["vars"]
    remote = [
        tuple(b.get(v, {}).get("value") for v in variables) for b in answer["results"]["bindings"]
    ]
    local = run_query(load_store(out), text)
    assert tuple(variables) == local.variables
    expected = [tuple(t.value if t is not None else None for t in row) for row in local.rows]
    assert remote == expected


def test_endpoint_is_read_only(endpoint):
    url, _, _ = endpoint
    client = SPARQLWrapper(url.replace("/query", "/update"))
    client.setMethod("POST")
    client.setQuery("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    with pytest.raises(Exception):  # noqa: B017 - the server refuses; the client's error type varies
        client.query()


def test_the_well_known_void_names_the_endpoint(endpoint, seeds_build):
    url, port, _ = endpoint
    void = url.replace("/query", "/.well-known/void")
    request = urllib.request.Request(void, headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.headers["Content-Type"].startswith("text/turtle")
        served = rdflib.Graph().parse(data=answer.read(), format="turtle")
    [dataset] = served.subjects(RDF.type, VOID.Dataset)
    assert served.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(url)
    built = rdflib.Graph().parse(seeds_build[0] / "graph.ttl")
    assert served.value(dataset, VOID.triples) == built.value(dataset, VOID.triples)
    forged = urllib.request.Request(void, headers={"Accept": "text/turtle", "Host": "x> <y"})
    with urllib.request.urlopen(forged, timeout=10) as answer:
        again = rdflib.Graph().parse(data=answer.read(), format="turtle")
    assert str(again.value(dataset, VOID.sparqlEndpoint)).endswith(f":{port}/query")


def test_views_are_served_beside_the_endpoint(endpoint):
    _, port, _ = endpoint
    page = urllib.request.urlopen(f"http://127.0.0.1:{port + 1}/index.html", timeout=5).read()
    assert b"paperkg report" in page


def test_loading_is_idempotent(seeds_build, tmp_path):
    out, _ = seeds_build
    store = tmp_path / "store"
    assert load_into_store(out, store) is True
    assert load_into_store(out, store) is False


@pytest.mark.parametrize("cors", [None, "*", "https://example.org"])
def test_cors_headers_and_preflight_only_when_asked(cors):
    import http.client
    import threading

    from paperkg.store.endpoint import GuardServer

    guard = GuardServer(("127.0.0.1", 0), timeout=5, max_rows=10, allow_service=False, cors=cors)
    thread = threading.Thread(target=guard.serve_forever, daemon=True)
    thread.start()
    try:
        answers = {}
        for method in ("OPTIONS", "GET"):
            connection = http.client.HTTPConnection(*guard.server_address, timeout=5)
            connection.request(method, "/nowhere", headers={"Origin": "https://example.org"})
            response = connection.getresponse()
            response.read()
            answers[method] = (response.status, response.getheader("Access-Control-Allow-Origin"))
            connection.close()
    finally:
        guard.shutdown()
        guard.server_close()
    if cors is None:
        assert answers == {"OPTIONS": (405, None), "GET": (404, None)}
    else:  # the preflight is answered, and every answer (an error too) names the origin
        assert answers == {"OPTIONS": (204, cors), "GET": (404, cors)}


def test_query_reuses_a_loaded_store_while_it_holds_the_graph(seeds_build, tmp_path):
    import os
    import shutil

    from paperkg.store.query import loaded_store

    out = tmp_path / "build"
    shutil.copytree(seeds_build[0], out, ignore=shutil.ignore_patterns("oxigraph"))
    ask = "SELECT ?class WHERE { ?class rdfs:subClassOf pkg:Concept } ORDER BY ?class"
    classes = ["pkg:Architecture", "pkg:Dataset", "pkg:Method", "pkg:Metric", "pkg:Task"]
    assert loaded_store(out) is None  # nothing loaded yet: the graph is parsed
    parsed = subprocess.run(
        [*PAPERKG, "query", str(out), ask, "--format", "csv"], capture_output=True
    )
    assert subprocess.run([*PAPERKG, "load", str(out)], capture_output=True).returncode == 0
    assert loaded_store(out) is not None
    reused = subprocess.run(
        [*PAPERKG, "query", str(out), ask, "--format", "csv"], capture_output=True
    )
    assert parsed.stdout == reused.stdout  # the ontology is in both stores
    assert [row.rsplit("#", 1)[1] for row in reused.stdout.decode().split()[1:]] == [
        c.split(":")[1] for c in classes
    ]
    graph = out / "graph.ttl"
    os.utime(graph, ns=(graph.stat().st_atime_ns, graph.stat().st_mtime_ns + 10**9))
    assert loaded_store(out) is None, "a graph written since the load is parsed, not the store"
