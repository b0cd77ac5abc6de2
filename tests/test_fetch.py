"""``paperkg fetch`` against a local server that replays the APIs' formats (never the
real services): pages joined, 429 and Retry-After, 5xx retries, truncated bodies,
resume, offline, arXiv pagination and spacing, and the README's daily recipe."""

from __future__ import annotations

import copy
import http.server
import json
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from support import FIXTURES, run_cli

HF_TEMPLATE = json.loads((FIXTURES / "hf_daily_papers.json").read_text(encoding="utf-8"))[0]
ATOM = (FIXTURES / "arxiv_query.atom").read_text(encoding="utf-8")
ATOM_HEAD = ATOM[: ATOM.index("<entry>")]
ATOM_ENTRY = ATOM[ATOM.index("<entry>") : ATOM.index("</entry>") + len("</entry>")]


def hf_entries(day: str, count: int) -> list[dict]:
    """``count`` daily-paper entries in the API's shape, distinct papers."""
    entries = []
    for number in range(count):
        entry = copy.deepcopy(HF_TEMPLATE)
        arxiv = f"{day[2:4]}{day[5:7]}.{day[8:10]}{number:03d}"
        title = f"Paper {number} of {day}: Sparse Adapters for Graph Transformers"
        entry["paper"].update(id=arxiv, title=title)
        entry["title"] = title
        entries.append(entry)
    return entries


def atom_page(start: int, count: int, total: int) -> str:
    """An arXiv API feed with ``count`` entries from ``start`` of ``total``."""
    head = ATOM_HEAD.replace(
        "<opensearch:totalResults>2</opensearch:totalResults>",
        f"<opensearch:totalResults>{total}</opensearch:totalResults>",
    )
    entries = [
        ATOM_ENTRY.replace("2401.00001", f"2401.{start + n:05d}").replace(
            "Sparse Lattice Adapters for", f"Sparse Lattice Adapters {start + n} for"
        )
        for n in range(count)
    ]
    return head + "\n".join(entries) + "\n</feed>\n"


class Replay(http.server.ThreadingHTTPServer):
    """Answers by a script: ``script(params) -> [(status, headers, body), ...]`` per key,
    consumed in order (the last one repeats); every request is logged."""

    def __init__(self, answer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer, self.log, self.served = answer, [], {}
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        server = self.server
        server.log.append((time.monotonic(), params, self.headers.get("User-Agent")))
        key, answers = server.answer(params)
        served = server.served.get(key, 0)
        server.served[key] = served + 1
        status, headers, body = answers[min(served, len(answers) - 1)]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        """Quiet."""


def ok(value) -> tuple[int, dict, bytes]:
    body = value if isinstance(value, bytes) else json.dumps(value).encode()
    return 200, {}, body


@pytest.fixture()
def server():
    servers = []

    def start(answer):
        servers.append(Replay(answer))
        return servers[-1]

    yield start
    for running in servers:
        running.shutdown()
        running.server_close()


def fetch(*args: str, cache: Path):
    return run_cli("fetch", *args, "--cache", str(cache), "--wait", "0.01")


def test_hf_pages_join_into_one_file_per_day_and_build_reads_them(server, tmp_path):
    days = {"2026-11-30": hf_entries("2026-11-30", 150), "2026-12-01": []}

    def answer(params):
        entries, page = days[params["date"]], int(params["p"])
        return (params["date"], params["p"]), [ok(entries[page * 100 : page * 100 + 100])]

    replay = server(answer)
    cache = tmp_path / "cache"
    args = ("hf", "--since", "2026-11-30", "--until", "2026-12-01", "--base-url", replay.url)
    result = fetch(*args, cache=cache)
    assert result.returncode == 0, result.stderr.decode()
    written = cache / "hf" / "daily-papers-2026-11-30.json"
    assert result.stdout.decode().splitlines() == [
        f"fetched {written} (150 entries)",
        "nothing listed: 2026-12-01",
    ]
    assert [(p["date"], p["p"], p["limit"]) for _, p, _ in replay.log] == [
        ("2026-11-30", "0", "100"),
        ("2026-11-30", "1", "100"),
        ("2026-12-01", "0", "100"),
    ]
    assert all(agent.startswith("paperkg/") for _, _, agent in replay.log)
    assert len(json.loads(written.read_text(encoding="utf-8"))) == 150
    built = run_cli("build", str(written), "--out", str(tmp_path / "kg"), "--format", "nt")
    assert built.returncode == 0, built.stderr.decode()
    assert "150 papers" in built.stdout.decode()


def test_a_day_fetched_before_is_not_fetched_again(server, tmp_path):
    replay = server(lambda params: (params["date"], [ok(hf_entries(params["date"], 3))]))
    cache = tmp_path / "cache"
    args = ("hf", "--date", "2026-11-30", "--base-url", replay.url)
    assert fetch(*args, cache=cache).returncode == 0
    again = fetch(*args, cache=cache)
    assert again.returncode == 0
    assert again.stdout.decode().startswith("kept ")
    assert len(replay.log) == 1


def test_429_waits_as_asked_then_succeeds(server, tmp_path):
    answers = [(429, {"Retry-After": "1"}, b"slow down"), ok(hf_entries("2026-11-30", 2))]
    replay = server(lambda params: ("day", answers))
    result = fetch("hf", "--date", "2026-11-30", "--base-url", replay.url, cache=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    (first, _, _), (second, _, _) = replay.log
    assert second - first >= 0.9  # Retry-After: 1
    assert "HTTP 429" in result.stderr.decode()


def test_a_server_error_is_retried_and_a_lasting_one_is_one_line(server, tmp_path):
    def answer(params):
        if params["date"] == "2026-11-29":
            return "bad", [(500, {}, b"oops")]
        return params["date"], [(502, {}, b"busy"), ok(hf_entries(params["date"], 1))]

    replay = server(answer)
    args = ("hf", "--since", "2026-11-29", "--until", "2026-11-30", "--base-url", replay.url)
    result = fetch(*args, cache=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.decode().splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith("paperkg: error: 2026-11-29: ")
    assert "HTTP 500 after 6 tries" in errors[0]
    assert (tmp_path / "hf" / "daily-papers-2026-11-30.json").is_file()
    assert not (tmp_path / "hf" / "daily-papers-2026-11-29.json").exists()
    assert sum(p["date"] == "2026-11-29" for _, p, _ in replay.log) == 6


def test_a_truncated_body_is_fetched_again_never_written_half(server, tmp_path):
    whole = json.dumps(hf_entries("2026-11-30", 5)).encode()
    cut = (200, {"Content-Length": str(len(whole))}, whole[: len(whole) // 2])
    replay = server(lambda params: ("day", [cut, ok(whole)]))
    result = fetch("hf", "--date", "2026-11-30", "--base-url", replay.url, cache=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert len(replay.log) == 2
    written = tmp_path / "hf" / "daily-papers-2026-11-30.json"
    assert len(json.loads(written.read_text(encoding="utf-8"))) == 5


def test_offline_is_one_line_at_once(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    result = fetch(
        "hf", "--date", "2026-11-30", "--base-url", f"http://127.0.0.1:{port}/api", cache=tmp_path
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "cannot be reached" in lines[0] and "offline" in lines[0]
    assert b"Traceback" not in result.stderr


def test_arxiv_pages_through_a_query_one_request_at_a_time(server, tmp_path):
    pages = {0: atom_page(0, 200, 450), 200: atom_page(200, 200, 450), 400: atom_page(400, 50, 450)}
    replay = server(lambda params: (params["start"], [ok(pages[int(params["start"])].encode())]))
    args = ("arxiv", "--query", "cat:cs.LG", "--since", "2026-11-30", "--until", "2026-12-01")
    result = run_cli(
        "fetch", *args, "--base-url", replay.url, "--cache", str(tmp_path), "--wait", "0.2"
    )
    assert result.returncode == 0, result.stderr.decode()
    assert [p["start"] for _, p, _ in replay.log] == ["0", "200", "400"]
    query = replay.log[0][1]["search_query"]
    assert query == "(cat:cs.LG) AND submittedDate:[202611300000 TO 202612012359]"
    times = [when for when, _, _ in replay.log]
    assert all(b - a >= 0.19 for a, b in zip(times, times[1:], strict=False))
    feeds = sorted((tmp_path / "arxiv").glob("*.atom"))
    assert len(feeds) == 3
    built = run_cli("build", *map(str, feeds), "--out", str(tmp_path / "kg"), "--format", "nt")
    assert built.returncode == 0, built.stderr.decode()
    assert "450 papers" in built.stdout.decode()
    again = run_cli(
        "fetch", *args, "--base-url", replay.url, "--cache", str(tmp_path), "--wait", "0.01"
    )
    assert again.returncode == 0 and len(replay.log) == 3  # every page was kept


def test_the_daily_recipe_end_to_end(server, tmp_path):
    replay = server(lambda params: (params["date"], [ok(hf_entries(params["date"], 4))]))
    cache, kg = tmp_path / "cache", tmp_path / "kg"
    first = fetch("hf", "--date", "2026-11-29", "--base-url", replay.url, cache=cache)
    assert first.returncode == 0, first.stderr.decode()
    built = run_cli("build", *map(str, sorted((cache / "hf").glob("*.json"))), "--out", str(kg))
    assert built.returncode == 0, built.stderr.decode()
    for day in ("2026-11-30", "2026-12-01"):  # the next days: fetch, then update
        step = fetch("hf", "--since", day, "--until", day, "--base-url", replay.url, cache=cache)
        assert step.returncode == 0, step.stderr.decode()
        files = sorted((cache / "hf").glob("*.json"))
        update = run_cli("build", *map(str, files), "--update", str(kg))
        assert update.returncode == 0, update.stderr.decode()
    assert "12 papers" in update.stdout.decode()
    assert len(replay.log) == 3  # each day fetched once


def test_fetch_options_that_do_not_go_together_are_usage_errors(tmp_path):
    assert fetch("arxiv", cache=tmp_path).returncode == 2
    both = fetch("hf", "--date", "2026-11-30", "--since", "2026-11-29", cache=tmp_path)
    assert both.returncode == 2 and "not both" in both.stderr.decode()
    bad = fetch("hf", "--date", "30/11/2026", cache=tmp_path)
    assert bad.returncode == 2 and "is no date" in bad.stderr.decode()
    backwards = fetch("hf", "--since", "2026-12-01", "--until", "2026-11-30", cache=tmp_path)
    assert backwards.returncode == 2
