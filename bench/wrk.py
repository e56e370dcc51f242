"""Driving a server with wrk and reading its numbers.

Every run gets a Lua script: the request part says what to send, the ``done`` part
prints one JSON line with the counts and the latency percentiles, which ``run`` parses.
"""

from __future__ import annotations

import json
import resource
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPORT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"mean_us":%f}\\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
"""


def _lua_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def headers_script(headers: dict[str, str]) -> str:
    return "".join(f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}\n" for k, v in headers.items())


def paths_script(paths: list[str], *, delay_ms: int = 0) -> str:
    """Cycles through ``paths``; with ``delay_ms``, each connection pauses between requests."""
    table = ",\n".join(_lua_string(path) for path in paths)
    script = f"local paths = {{\n{table}\n}}\nlocal i = 0\n"
    script += (
        "request = function()\n  i = i + 1\n  return wrk.format(nil, paths[(i - 1) % #paths + 1])\nend\n"
    )
    if delay_ms:
        script += f"delay = function() return {delay_ms} end\n"
    return script


def post_script(body: str, headers: dict[str, str], key_prefix: str) -> str:
    """POSTs ``body`` with a new ``Idempotency-Key`` every time."""
    return (
        'wrk.method = "POST"\n'
        f"wrk.body = {_lua_string(body)}\n"
        + headers_script({"Content-Type": "application/json", **headers})
        + "local n = 0\nlocal thread_id = 0\n"
        + "local counter = 0\n"
        + "setup = function(thread) counter = counter + 1; thread:set('thread_id', counter) end\n"
        + "request = function()\n  n = n + 1\n"
        + f"  wrk.headers['Idempotency-Key'] = {_lua_string(key_prefix)} .. thread_id .. '-' .. n\n"
        + "  return wrk.format()\nend\n"
    )


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # answers of 400 or more, plus failed connections, reads, writes and timeouts
    client_cpu_s: float = 0.0  # wrk's own CPU time (user and system): what the load itself costs
    server_cpu_s: float | None = None  # the server's workers over the same run, when measured
    machine_cpu_s: float | None = None  # every core's busy time over the same run, when measured

    def cpu_us_per_request(self) -> dict[str, float]:
        """CPU microseconds per answered request, of wrk and (if measured) of the server
        and of the whole machine."""
        if not self.requests:
            return {}
        per = {"client": self.client_cpu_s * 1e6 / self.requests}
        if self.server_cpu_s is not None:
            per["server"] = self.server_cpu_s * 1e6 / self.requests
        if self.machine_cpu_s is not None:
            per["machine"] = self.machine_cpu_s * 1e6 / self.requests
        return per

    def to_json(self) -> dict[str, float | int]:
        cpu = {f"{side}_cpu_us": round(value, 1) for side, value in self.cpu_us_per_request().items()}
        return {
            **cpu,
            "requests": self.requests,
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "errors": self.errors,
        }


def run(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int = 1,
    script: str = "",
    timeout_seconds: int = 5,
) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script + REPORT)
        path = Path(handle.name)
    # wrk is the only child reaped in between, so the children's usage is its own.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        completed = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                f"--timeout={timeout_seconds}s",
                "-s",
                str(path),
                url,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        path.unlink()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(line for line in completed.stdout.splitlines() if line.startswith('{"requests"'))
    data = json.loads(line)
    duration = data["duration_us"] / 1e6
    errors = sum(data[name] for name in ("connect", "read", "write", "status", "timeout"))
    return Result(
        requests=data["requests"],
        seconds=duration,
        rps=data["requests"] / duration if duration else 0.0,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=errors,
        client_cpu_s=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
    )
