"""The first requests after the app server starts, with and without the workers' warm-up.

    .venv/bin/python bench/coldstart.py [--requests 10]

Uses `make run`'s demo database (var/; run `make db` first). For each mode it starts
``python -m tokodesa serve`` with one worker and one thread (so every request meets the same
worker), waits for /healthz, then asks for pages that are never kept (a new query string
each time) and prints each request's time: the first should not be slower than the tenth.
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PAGES = ["/batu-ampar/produk/", "/batu-ampar/cari/", "/cari/", "/jelajah/"]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(warm: bool, n: int) -> list[list[float]]:
    port = _port()
    env = {
        **os.environ,
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "1",
        "WEB_THREADS": "1",
        "WEB_WARMUP": "1" if warm else "0",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen([PYTHON, "-m", "tokodesa", "serve"], env=env, cwd=ROOT)
    try:
        for _ in range(200):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        rows = []
        for path in PAGES:
            times = []
            for i in range(n):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                started = time.perf_counter()
                # A session cookie: a fresh render every time, never a kept page.
                headers = {"Host": "localhost", "Cookie": "sessionid=bench-fresh"}
                conn.request("GET", f"{path}?q=gula&x={i}", headers=headers)
                response = conn.getresponse()
                response.read()
                times.append((time.perf_counter() - started) * 1000)
                assert response.status == 200, (path, response.status)
            rows.append(times)
        return rows
    finally:
        server.terminate()
        server.wait(20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    for warm in (False, True):
        print(f"\n{'with' if warm else 'without'} the warm-up (ms per request, in order):")
        for path, times in zip(PAGES, run(warm, args.requests), strict=True):
            print(
                f"  {path:<22} first {times[0]:6.1f}, second {times[1]:5.1f}, "
                f"tenth {times[min(9, len(times) - 1)]:5.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
