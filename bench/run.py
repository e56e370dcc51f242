"""``make bench``: the service against its floor, on PostgreSQL, at 1k, 10k and 100k.

One run creates a database of its own on the PostgreSQL server (the machine's at
127.0.0.1:5432, or ``KIPNI_BENCH_POSTGRES_URL``), migrates and seeds it, loads the
generated directory in three steps, starts the API as production does (``kipni serve``
with one worker, and with two) next to the baseline (``bench.baseline``: bare FastAPI on
uvicorn answering the same bytes from memory), drives them with wrk at the same
concurrency in alternating rounds, prints one table of medians and writes it as JSON
under ``bench/results/``. The database is dropped at the end, whatever happens.

Knobs (environment): ``KIPNI_BENCH_SECONDS`` per round (default 5), ``KIPNI_BENCH_ROUNDS``
(3), ``KIPNI_BENCH_CONNECTIONS`` (16), ``KIPNI_BENCH_SIZES`` (``1000,10000,100000``),
``KIPNI_BENCH_ONLY`` (comma-separated scenario names, to iterate on one).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import http.client
import json
import os
import platform
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from bench import generate, wrk

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
LIST_PATH = "/api/v1/organisations?limit=50"
FLOOD_CONNECTIONS = 2
FLOOD_DELAY_MS = 20  # each flooding connection: one request, then 20 ms rest (at most 100/s)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


SECONDS = float(os.environ.get("KIPNI_BENCH_SECONDS", "5"))
ROUNDS = _env_int("KIPNI_BENCH_ROUNDS", 3)
CONNECTIONS = _env_int("KIPNI_BENCH_CONNECTIONS", 16)
SIZES = [int(size) for size in os.environ.get("KIPNI_BENCH_SIZES", "1000,10000,100000").split(",")]
ONLY = {name for name in os.environ.get("KIPNI_BENCH_ONLY", "").split(",") if name}
SEED = _env_int("KIPNI_BENCH_SEED", generate.DEFAULT_SEED)
SEARCHES = _env_int("KIPNI_BENCH_SEARCHES", 200)


def wanted(name: str) -> bool:
    return not ONLY or name in ONLY


# --- processes -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _status(pid: int) -> dict[str, int]:
    values: dict[str, int] = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) // 1024
    return values


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User plus system time of one process so far (``/proc/PID/stat``, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def busy_ticks(stat_cpu_line: str) -> int:
    """The ticks all cores spent on anything but waiting, from the ``cpu`` line of
    ``/proc/stat``: user, nice, system, irq, softirq and steal (guest time is already in
    user). It holds what no process is charged for, the kernel's loopback delivery in
    softirq among it."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in stat_cpu_line.split()[1:9])
    return user + nice + system + irq + softirq + steal


def machine_cpu_seconds() -> float:
    """CPU time the whole machine has been busy so far, all cores together."""
    with open("/proc/stat") as stat:
        return busy_ticks(stat.readline()) / _CLOCK_TICKS


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]


@dataclass
class Server:
    """One server process (``kipni serve`` or the baseline) on a port of its own."""

    name: str
    command: list[str]
    env: dict[str, str]
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, logs: Path) -> None:
        self.log = logs / f"{self.name}-{self.port}.log"
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                [*self.command, "--port", str(self.port)],
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} ended at start-up; see {self.log}")
            if len(self.worker_pids()) == self.workers:
                with contextlib.suppress(OSError):
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                    connection.request("GET", "/healthz")
                    if connection.getresponse().status < 500:
                        return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer within 60 s; see {self.log}")

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        if self.workers == 1:
            return [self.process.pid]
        return [
            child
            for child in _children(self.process.pid)
            if "resource_tracker" not in Path(f"/proc/{child}/cmdline").read_text(errors="replace")
        ]

    def cpu_seconds(self) -> float:
        """CPU time its workers have used so far: with wrk's, it shows where a run's time went."""
        return sum(_cpu_seconds(pid) for pid in self.worker_pids())

    def memory(self) -> dict[str, int]:
        """Current and peak resident memory, in MB, of the largest worker."""
        stats = [_status(pid) for pid in self.worker_pids()]
        return {"rss_mb": max(s["VmRSS"] for s in stats), "peak_rss_mb": max(s["VmHWM"] for s in stats)}

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def running(servers: list[Server], logs: Path) -> Iterator[list[Server]]:
    try:
        for server in servers:
            server.start(logs)
        yield servers
    finally:
        for server in servers:
            server.stop()


# --- plain HTTP, for the walks and searches that follow one answer with the next ----------


class Client:
    """One keep-alive connection, timing each request from send to the last body byte."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, float, Any]:
        started = time.perf_counter()
        self.connection.request("GET", path, headers=headers or {})
        response = self.connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started, response.headers

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        self.connection.request("POST", path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()


# --- results -------------------------------------------------------------------------------


@dataclass
class Row:
    scenario: str
    size: int
    workers: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    peak_rss_mb: int
    baseline_rps: float | None = None
    ratio: float | None = None
    rounds: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _summarise(results: list[wrk.Result]) -> dict[str, float | int]:
    return {
        "rps": median([r.rps for r in results]),
        "p50_ms": median([r.p50_ms for r in results]),
        "p99_ms": median([r.p99_ms for r in results]),
        "errors": sum(r.errors for r in results),
    }


def alternate(
    name: str,
    size: int,
    workers: int,
    subject: Callable[[], wrk.Result],
    baseline: Callable[[], wrk.Result] | None,
    memory: Callable[[], dict[str, int]],
) -> Row:
    """``ROUNDS`` rounds of subject then baseline, a short warm-up first; medians."""
    subject_results: list[wrk.Result] = []
    baseline_results: list[wrk.Result] = []
    ratios: list[float] = []
    rounds: list[dict[str, Any]] = []
    for _ in range(ROUNDS):
        ours = subject()
        subject_results.append(ours)
        entry: dict[str, Any] = {"subject": ours.to_json()}
        if baseline is not None:
            theirs = baseline()
            baseline_results.append(theirs)
            ratios.append(ours.rps / theirs.rps if theirs.rps else 0.0)
            entry["baseline"] = theirs.to_json()
        rounds.append(entry)
    summary = _summarise(subject_results)
    row = Row(
        scenario=name,
        size=size,
        workers=workers,
        rps=float(summary["rps"]),
        p50_ms=float(summary["p50_ms"]),
        p99_ms=float(summary["p99_ms"]),
        errors=int(summary["errors"]),
        peak_rss_mb=memory()["peak_rss_mb"],
        rounds=rounds,
    )
    row.extra["cpu"] = {"subject": cpu_summary(subject_results)}
    if baseline is not None:
        row.baseline_rps = median([r.rps for r in baseline_results])
        row.ratio = median(ratios)
        row.extra["cpu"]["baseline"] = cpu_summary(baseline_results)
    return row


def cpu_summary(results: list[wrk.Result]) -> dict[str, float]:
    """Medians over the rounds: CPU microseconds per request of the server, of wrk and of
    the whole machine, and the cores the server kept busy (1.0 is one core all the time)."""
    summary: dict[str, float] = {}
    per_request = [result.cpu_us_per_request() for result in results]
    for side in ("server", "client", "machine"):
        values = [each[side] for each in per_request if side in each]
        if values:
            summary[f"{side}_us_per_request"] = round(median(values), 1)
    busy = [r.server_cpu_s / r.seconds for r in results if r.server_cpu_s is not None and r.seconds]
    if busy:
        summary["server_cores_busy"] = round(median(busy), 2)
    return summary


def sharing_ceiling(cores: int, worker_us: float, other_us: float, workers: int) -> float:
    """The most ``workers`` can serve over one when the load generator runs on the same cores.

    One worker answers at most one request per ``worker_us``; the machine at most
    ``cores`` requests per ``worker_us + other_us``, where ``other_us`` is what the rest
    of it spends per request (wrk, and the kernel's share no process is charged for).
    Scaling by the number of workers ends where the second bound starts: on two cores,
    at ``2 * worker / (worker + other)``.
    """

    def most(count: int) -> float:
        return min(count / worker_us, cores / (worker_us + other_us))

    return most(workers) / most(1)


def serial(name: str, size: int, timings: list[float], errors: int, memory: dict[str, int]) -> Row:
    """A row for requests sent one after the other, each timed by the client."""
    total = sum(timings)
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0
    return Row(
        scenario=name,
        size=size,
        workers=1,
        rps=len(timings) / total if total else 0.0,
        p50_ms=median(timings) * 1000,
        p99_ms=p99 * 1000,
        errors=errors,
        peak_rss_mb=memory["peak_rss_mb"],
        extra={"requests": len(timings)},
    )


# --- scenarios -----------------------------------------------------------------------------


def cold_walk(api: Server, size: int) -> Row:
    """Every page of the list once, following ``next_cursor``, on a fresh server."""
    client = Client(api.port)
    timings: list[float] = []
    errors = 0
    path: str | None = LIST_PATH
    items = 0
    while path is not None:
        status, body, elapsed, _ = client.get(path)
        if status != 200:
            errors += 1
            break
        timings.append(elapsed)
        page = json.loads(body)
        items += len(page["items"])
        cursor = page["next_cursor"]
        path = f"{LIST_PATH}&cursor={urllib.parse.quote(cursor)}" if cursor else None
    row = serial("cold page walk", size, timings, errors, api.memory())
    row.extra["items"] = items
    return row


def search(api: Server, size: int, topic_ids: list[uuid.UUID]) -> Row:
    """Searches for words of the data, each text once, so none is answered from cache."""
    client = Client(api.port)
    timings: list[float] = []
    errors = 0
    hits = 0
    for text in generate.search_words(SEED, SEARCHES, topic_ids, size=size):
        status, body, elapsed, _ = client.get(f"{LIST_PATH}&q={urllib.parse.quote(text)}")
        if status != 200:
            errors += 1
            continue
        timings.append(elapsed)
        hits += len(json.loads(body)["items"])
    row = serial("search (new words)", size, timings, errors, api.memory())
    row.extra["items_found"] = hits
    return row


def forged_cursor(rng: random.Random) -> str:
    """A cursor of the right shape that the service never issued."""
    key = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz ", k=rng.randint(3, 20))), str(uuid.uuid4())]
    raw = json.dumps(key, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def flood_paths(count: int) -> list[str]:
    rng = random.Random(SEED)
    paths = []
    for number in range(count):
        if number % 2:
            paths.append(f"{LIST_PATH}&cursor={forged_cursor(rng)}")
        else:
            words = "".join(rng.choices("abcdefghijklmnopqrstuvwxyzäöü", k=rng.randint(4, 12)))
            paths.append(f"{LIST_PATH}&q={urllib.parse.quote(words)}")
    return paths


def token(api: Server, client_id: str, client_secret: str) -> str:
    form = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret}
    ).encode()
    status, body = Client(api.port).post(
        "/api/v1/auth/token", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status != 200:
        raise RuntimeError(f"token endpoint answered {status}: {body[:200]!r}")
    access: str = json.loads(body)["access_token"]
    return access


REFERRAL = {
    "subject": {"pseudonym": "Falke-17", "birth_year": 2009, "gender": "male", "municipality": "Celle"},
    "concern": "Teilt seit Wochen Videos eines bekannten Hasspredigers in der Klassengruppe.",
    "indicators": ["propaganda_distribution", "social_withdrawal"],
    "urgency": "routine",
    "consent": {"person_informed": True, "consent_given": True, "legal_basis": "Einwilligung"},
    "contact_person": {
        "name": "Frau Schulsozialarbeit",
        "phone": "+49 5141 000",
        "email": "s@schule.example",
    },
    "preferred_programme": None,
}


# --- the run -------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = bool(
        subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "commit": commit + ("-dirty" if dirty else ""),
        "wrk": f"-t1 -c{CONNECTIONS}, {ROUNDS} rounds of {SECONDS:g} s, alternating",
    }


@contextlib.contextmanager
def bench_database() -> Iterator[str]:
    admin = os.environ.get("KIPNI_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"kipni_bench_{secrets.token_hex(6)}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(admin)
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(url: str) -> dict[str, str]:
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("KIPNI_") or key.startswith("KIPNI_BENCH")
    }
    env.update(
        {
            "KIPNI_ENVIRONMENT": "production",
            "KIPNI_DATABASE_URL": url,
            "KIPNI_JWT_SECRET": secrets.token_urlsafe(48),
            "KIPNI_DATA_KEYS": f"bench:{key}",
            "KIPNI_AUDIT_KEYS": f"bench:{secrets.token_urlsafe(48)}",
            "KIPNI_FRONTEND_DIST": "/nonexistent",
        }
    )
    return env


def kipni(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(
        [str(BIN / "kipni"), *args], env=env, capture_output=True, text=True, check=False, cwd=ROOT
    )
    if completed.returncode != 0:
        raise RuntimeError(f"kipni {' '.join(args)} failed: {completed.stderr[-2000:]}")
    return completed.stdout


def log(message: str) -> None:
    sys.stdout.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stdout.flush()


def api_server(env: dict[str, str], workers: int) -> Server:
    return Server(
        name=f"api-{workers}w",
        command=[str(BIN / "kipni"), "serve", "--workers", str(workers)],
        env=env,
        workers=workers,
    )


def baseline_server(env: dict[str, str], folder: Path) -> Server:
    return Server(
        name="baseline",
        command=[
            str(BIN / "uvicorn"),
            "bench.baseline:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--no-access-log",
            "--no-server-header",
            "--log-level",
            "warning",
        ],
        env={**env, "KIPNI_BENCH_BASELINE_DIR": str(folder)},
    )


def drive(
    server: Server, path: str, script: str = "", connections: int = CONNECTIONS
) -> Callable[[], wrk.Result]:
    return measured(
        server, lambda: wrk.run(server.base + path, seconds=SECONDS, connections=connections, script=script)
    )


def measured(server: Server, run: Callable[[], wrk.Result]) -> Callable[[], wrk.Result]:
    """``run``, with the CPU time the server's workers and the whole machine spent on it."""

    def go() -> wrk.Result:
        before, machine_before = server.cpu_seconds(), machine_cpu_seconds()
        result = run()
        return dataclasses.replace(
            result,
            server_cpu_s=server.cpu_seconds() - before,
            machine_cpu_s=machine_cpu_seconds() - machine_before,
        )

    return go


def warm(server: Server, path: str, script: str = "") -> None:
    wrk.run(server.base + path, seconds=1, connections=CONNECTIONS, script=script)


def hot_scenarios(
    rows: list[Row], size: int, env: dict[str, str], logs: Path, client: tuple[str, str]
) -> None:
    api = api_server(env, 1)
    with running([api], logs):
        status, list_body, _, headers = Client(api.port).get(LIST_PATH)
        assert status == 200, status
        etag = headers["ETag"]
        slug = json.loads(list_body)["items"][0]["slug"]
        detail_path = f"/api/v1/organisations/{slug}"
        _, detail_body, _, _ = Client(api.port).get(detail_path)
        folder = Path(tempfile.mkdtemp(dir=logs))
        (folder / "list.json").write_bytes(list_body)
        (folder / "detail.json").write_bytes(detail_body)
        baseline = baseline_server(env, folder)
        two = api_server(env, 2)
        with running([baseline, two], logs):
            for server in (api, baseline, two):
                warm(server, LIST_PATH)
                warm(server, detail_path)
            if wanted("hot list"):
                log(f"hot list ({len(list_body) // 1024} KiB) against the baseline")
                rows.append(
                    alternate(
                        "hot list", size, 1, drive(api, LIST_PATH), drive(baseline, LIST_PATH), api.memory
                    )
                )
            if wanted("detail"):
                log(f"detail ({len(detail_body) // 1024} KiB) against the baseline")
                rows.append(
                    alternate(
                        "detail", size, 1, drive(api, detail_path), drive(baseline, detail_path), api.memory
                    )
                )
            if wanted("304"):
                log("304 against the full hot list")
                conditional = wrk.headers_script({"If-None-Match": etag})
                status, _, _, _ = Client(api.port).get(LIST_PATH, {"If-None-Match": etag})
                assert status == 304, status
                row = alternate(
                    "304 (If-None-Match)",
                    size,
                    1,
                    drive(api, LIST_PATH, conditional),
                    drive(api, LIST_PATH),
                    api.memory,
                )
                row.extra["compared_with"] = "the full hot list of the same server"
                rows.append(row)
            if wanted("two workers"):
                log("two workers against one (hot list)")
                row = alternate(
                    "two workers (hot list)",
                    size,
                    2,
                    drive(two, LIST_PATH),
                    drive(api, LIST_PATH),
                    two.memory,
                )
                row.extra["compared_with"] = "one worker"
                one = row.extra["cpu"]["baseline"]
                one_worker, machine = one.get("server_us_per_request"), one.get("machine_us_per_request")
                if one_worker and machine is not None:
                    # Beside the worker, an answer costs wrk and the kernel what the machine spent on it.
                    row.extra["ceiling_on_these_cores"] = round(
                        sharing_ceiling(
                            os.cpu_count() or 1, one_worker, max(0.0, machine - one_worker), workers=2
                        ),
                        2,
                    )
                rows.append(row)
            if wanted("flood"):
                log("hot list under a cache flood")
                flooded(rows, size, api)
            if wanted("referral POST"):
                log("referral POST against a validating baseline")
                access = token(api, *client)
                body = json.dumps(REFERRAL)
                headers = {"Authorization": f"Bearer {access}"}
                run_id = secrets.token_hex(4)

                def submissions(server: Server, label: str) -> Callable[[], wrk.Result]:
                    """A round of POSTs, each round with keys of its own."""
                    rounds = iter(range(10_000))
                    return measured(
                        server,
                        lambda: wrk.run(
                            server.base + "/api/v1/referrals",
                            seconds=SECONDS,
                            connections=CONNECTIONS,
                            script=wrk.post_script(body, headers, f"{label}-{run_id}-{next(rounds)}-"),
                        ),
                    )

                ours, theirs = submissions(api, "bench"), submissions(baseline, "baseline")
                rows.append(alternate("referral POST", size, 1, ours, theirs, api.memory))


def flooded(rows: list[Row], size: int, api: Server) -> None:
    """The hot list alone, then with a flooding client beside it, round by round."""
    paths = flood_paths(int(ROUNDS * SECONDS * FLOOD_CONNECTIONS * 1000 / FLOOD_DELAY_MS) + 100)
    script_file = Path(tempfile.mkdtemp()) / "flood.lua"
    script_file.write_text(wrk.paths_script(paths, delay_ms=FLOOD_DELAY_MS))
    before = api.memory()["rss_mb"]
    alone: list[wrk.Result] = []
    together: list[wrk.Result] = []
    flood_results: list[wrk.Result] = []
    for _ in range(ROUNDS):
        alone.append(drive(api, LIST_PATH)())
        flood = subprocess.Popen(
            [sys.executable, "-c", _FLOOD_CHILD, api.base + LIST_PATH, str(SECONDS + 1), str(script_file)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        together.append(drive(api, LIST_PATH)())
        output, _ = flood.communicate()
        flood_results.append(wrk.Result(**json.loads(output)))
    after = api.memory()
    ratios = [t.rps / a.rps for t, a in zip(together, alone, strict=True) if a.rps]
    summary = _summarise(together)
    rows.append(
        Row(
            scenario="hot list under flood",
            size=size,
            workers=1,
            rps=float(summary["rps"]),
            p50_ms=float(summary["p50_ms"]),
            p99_ms=float(summary["p99_ms"]),
            errors=int(summary["errors"]),
            peak_rss_mb=after["peak_rss_mb"],
            baseline_rps=median([a.rps for a in alone]),
            ratio=median(ratios),
            extra={
                "compared_with": "the hot list alone, same server",
                "rss_before_mb": before,
                "rss_after_mb": after["rss_mb"],
                "rss_growth_mb": after["rss_mb"] - before,
                "flood": {
                    "connections": FLOOD_CONNECTIONS,
                    "pause_ms": FLOOD_DELAY_MS,
                    "requests": sum(r.requests for r in flood_results),
                    "rps": round(median([r.rps for r in flood_results]), 1),
                    "answers_400_or_more": sum(r.errors for r in flood_results),
                },
            },
        )
    )


# The flooding client runs in a process of its own, at the same time as the measured one.
_FLOOD_CHILD = """
import json, sys
from bench import wrk
from pathlib import Path
script = Path(sys.argv[3]).read_text()
result = wrk.run(sys.argv[1], seconds=float(sys.argv[2]), connections=2, script=script)
print(json.dumps({"requests": result.requests, "seconds": result.seconds, "rps": result.rps,
                  "p50_ms": result.p50_ms, "p99_ms": result.p99_ms, "errors": result.errors}))
"""


TARGETS: list[tuple[str, str]] = []


def evaluate(rows: list[Row]) -> list[dict[str, Any]]:
    """Each target of the issue, the measured value and whether it is met."""

    def find(scenario: str, size: int | None = None) -> Row | None:
        matches = [row for row in rows if row.scenario == scenario and (size is None or row.size == size)]
        return matches[-1] if matches else None

    checks: list[dict[str, Any]] = []

    def check(name: str, value: float | None, target: str, met: bool | None) -> None:
        checks.append(
            {"target": name, "value": None if value is None else round(value, 3), "goal": target, "met": met}
        )

    def at_least(name: str, scenario: str, goal: float) -> None:
        row = find(scenario)
        ratio = row.ratio if row is not None else None
        check(name, ratio, f">= {goal}", ratio is not None and ratio >= goal)

    smallest, largest = min(SIZES), max(SIZES)
    at_least("hot list, to its baseline", "hot list", 0.9)
    at_least("detail, to its baseline", "detail", 0.9)
    at_least("referral POST, to its baseline", "referral POST", 0.25)
    at_least("304, to the full hot list", "304 (If-None-Match)", 1.5)
    walk_small, walk_large = find("cold page walk", smallest), find("cold page walk", largest)
    if walk_small and walk_large and walk_small.p50_ms:
        value = walk_large.p50_ms / walk_small.p50_ms
        check(f"cold walk p50 at {largest:,}, to {smallest:,}", value, "<= 1.5", value <= 1.5)
    search_large = find("search (new words)", largest)
    if walk_small and search_large and walk_small.p50_ms:
        value = search_large.p50_ms / walk_small.p50_ms
        check(f"search p50 at {largest:,}, to the cold list at {smallest:,}", value, "<= 3", value <= 3)
    at_least("hot list under flood, to alone", "hot list under flood", 0.8)
    flood = find("hot list under flood")
    if flood:
        growth = flood.extra["rss_growth_mb"]
        check("RSS growth under flood (MB)", growth, "< 50", growth < 50)
    at_least("two workers, to one", "two workers (hot list)", 1.6)
    peak = max((row.peak_rss_mb for row in rows), default=0)
    check("peak RSS per worker (MB)", peak, "< 250", peak < 250)
    errors = sum(row.errors for row in rows)
    check("answers other than 2xx/304", errors, "0", errors == 0)
    return checks


def _fmt(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def table(rows: list[Row], checks: list[dict[str, Any]]) -> str:
    header = [
        "scenario",
        "orgs",
        "workers",
        "rps",
        "p50 ms",
        "p99 ms",
        "baseline rps",
        "ratio",
        "non-2xx",
        "peak RSS MB",
    ]
    lines = [header] + [
        [
            row.scenario,
            f"{row.size:,}",
            str(row.workers),
            _fmt(row.rps, 0),
            _fmt(row.p50_ms, 2),
            _fmt(row.p99_ms, 2),
            _fmt(row.baseline_rps, 0),
            _fmt(row.ratio, 2),
            str(row.errors),
            str(row.peak_rss_mb),
        ]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    out.extend(["", *cpu_table(rows)])
    out.append("")
    out.append("| target | measured | goal | met |")
    out.append("|---|---|---|---|")
    for item in checks:
        out.append(
            f"| {item['target']} | {item['value']} | {item['goal']} | {'yes' if item['met'] else 'NO'} |"
        )
    return "\n".join(out)


def cpu_table(rows: list[Row]) -> list[str]:
    """Where each scenario's time went: the server's, wrk's and the whole machine's CPU per request."""
    out = [
        "| scenario | server CPU µs/request | wrk CPU µs/request | machine CPU µs/request "
        "| server cores busy | baseline server CPU µs/request |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        cpu = row.extra.get("cpu")
        if not cpu:
            continue
        ours, theirs = cpu.get("subject", {}), cpu.get("baseline", {})
        out.append(
            f"| {row.scenario} | {_fmt(ours.get('server_us_per_request'), 0)} "
            f"| {_fmt(ours.get('client_us_per_request'), 0)} | {_fmt(ours.get('machine_us_per_request'), 0)} "
            f"| {_fmt(ours.get('server_cores_busy'), 2)} "
            f"| {_fmt(theirs.get('server_us_per_request'), 0)} |"
        )
    for row in rows:
        if "ceiling_on_these_cores" in row.extra:
            out.append(
                f"\n{row.scenario}: at most {row.extra['ceiling_on_these_cores']} times one worker on "
                f"{os.cpu_count()} cores shared with wrk and the kernel (the machine's CPU per request "
                "beside one worker's)"
            )
    return out


def main() -> None:
    started = time.monotonic()
    info = machine()
    rows: list[Row] = []
    logs = Path(tempfile.mkdtemp(prefix="kipni-bench-"))
    log(f"{info['cores']} cores, {info['cpu']}, commit {info['commit']}; logs in {logs}")
    failure: Exception | None = None
    try:
        with bench_database() as url:
            env = production_env(url)
            kipni(env, "db", "upgrade")
            kipni(env, "seed")
            created = json.loads(
                kipni(
                    env,
                    "clients",
                    "create",
                    "bench-partner",
                    "--organisation",
                    "mk",
                    "--scope",
                    "referrals:submit",
                    "--json",
                )
            )
            client = (created["client_id"], created["client_secret"])
            with psycopg.connect(url) as connection:
                topic_ids = [
                    row[0] for row in connection.execute("SELECT id FROM topics ORDER BY position, slug")
                ]
            loaded = 0
            for size in SIZES:
                log(f"loading organisations {loaded:,} to {size:,}")
                generate.load(url, SEED, loaded, size)
                loaded = size
                if wanted("cold page walk") or wanted("search"):
                    api = api_server(env, 1)
                    with running([api], logs):
                        if wanted("cold page walk"):
                            log(f"cold page walk at {size:,}")
                            rows.append(cold_walk(api, size))
                        if wanted("search"):
                            log(f"search at {size:,}")
                            rows.append(search(api, size, topic_ids))
                if size == SIZES[-1]:
                    hot_scenarios(rows, size, env, logs, client)
    except Exception as exc:  # the rows measured so far are still written
        failure = exc
        info["error"] = repr(exc)
        log(f"failed: {exc!r}")
    checks = evaluate(rows)
    info["seconds"] = round(time.monotonic() - started)
    report = {
        "machine": info,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": [row.__dict__ for row in rows],
        "targets": checks,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"{datetime.now(UTC):%Y-%m-%dT%H%M%SZ}-{info['commit']}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.write(
        f"\n{info['cores']} cores ({info['cpu']}), {info['memory_gb']} GB, commit {info['commit']}, "
        f"load at start {info['load_average_at_start']}; wrk {info['wrk']}; {info['seconds']} s\n"
        f"{table(rows, checks)}\n\nwritten to {target.relative_to(ROOT)}\n"
    )
    if failure is not None:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
