"""The national portal at the scale of the whole country, on PostgreSQL, under the production
server: a fresh database, the official regions, a synthetic nation (generate_nation), the
figures added up once, then each page asked for one request at a time (warm).

    .venv/bin/python bench/portal.py [--villages 84000] [--products 60] [--requests 40]
                                     [--pg-url postgres://postgres@127.0.0.1:5432] [--keep DB]
                                     [--reuse DB]

Prints per page p50 / p95 over ``--requests`` requests (after 3 warm-up requests), fresh
(with a session cookie: rendered every time, as for a buyer with a cart) and kept (a visitor
without a session gets the kept page),
queries per page (one in-process run), the plans of the slowest portal queries, the time to
generate the nation and to add the figures up, and the database's size. The regional
dashboards (and an export) are asked for as the platform operator, logged in: never kept.
Targets (issue 13): portal search p95 ≤ 50 ms, other pages p95 ≤ 20 ms, dashboards ≤ 200 ms.
The database is dropped at the end unless --keep; --reuse measures an existing one (made
with --keep) without loading again.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"
QUERIES = ["gula aren", "kopi", "keripik pisang", "madu hutan", "anyaman pandan", "robsta"]


def _pg(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _env(database_url: str, tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "TASKS_BACKEND")}
    env.update(
        DATABASE_URL=database_url,
        TOKODESA_VAR_DIR=str(tmp / "var"),
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
        SECRET_KEY="bench-" + secrets.token_urlsafe(24),
        DEBUG="0",
        LOG_LEVEL="WARNING",
        PLATFORM_HOSTS="127.0.0.1,localhost",
        FIGURES_REFRESH_MINUTES="100000",  # the bench adds them up itself, once
    )
    return env


def _manage(env: dict, *args: str) -> float:
    started = time.monotonic()
    subprocess.run([PYTHON, "-m", "tokodesa", *args], env=env, cwd=ROOT, check=True)
    return time.monotonic() - started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _child(env: dict, what: str) -> str:
    """Run this script's ``--child what`` with Django set up on the bench database."""
    return subprocess.run(
        [PYTHON, __file__, "--child", what],
        env={**env, "DJANGO_SETTINGS_MODULE": "tokodesa.settings"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _pages(env: dict) -> dict[str, str]:
    """The addresses to measure, picked from the data (a village in the middle of the list,
    its kecamatan, kabupaten and province)."""
    found = json.loads(_child(env, "pick").strip().splitlines()[-1])
    parts = found["code"].split(".")
    pages = {f"search '{q}'": f"/cari/?q={q.replace(' ', '+')}" for q in QUERIES}
    pages.update(
        {
            "search near": "/cari/?q=kopi&dekat=34",
            "all products": "/cari/",
            "category": "/kategori/hasil-pertanian/",
            "category page 3": "/kategori/kerajinan-tangan/?page=3",
            "portal home": "/",
            "regions": "/jelajah/",
            "province": f"/jelajah/{parts[0]}/",
            "kabupaten": f"/jelajah/{'.'.join(parts[:2])}/",
            "kecamatan": f"/jelajah/{'.'.join(parts[:3])}/",
            "village home": f"/{found['village']}/",
            "product page": f"/{found['village']}/produk/{found['product']}/",
            "statistics": "/statistik/",
        }
    )
    return pages


def child_pick() -> None:
    from tokodesa.catalog.models import Product
    from tokodesa.core.tenancy import across_villages
    from tokodesa.villages.models import Village

    with across_villages("the portal bench picks a village to measure"):
        open_ = Village.objects.filter(status="active").order_by("region_code")
        village = open_[open_.count() // 2]
        product = Product.objects.filter(village=village).order_by("id").first()
    print(
        json.dumps({"village": village.slug, "product": product.slug, "code": village.region_code})
    )


def child_login() -> None:
    """A platform operator's session (reads every region's dashboard), printed as its key."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = get_user_model().objects.get_or_create(
        username="bench-operator", defaults={"is_superuser": True, "is_staff": True}
    )
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    print(session.session_key)


def child_plans() -> None:
    """The plans of the slowest queries of the portal's search page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.cookies["sessionid"] = "bench-fresh"  # rendered, not a kept page
    client.get("/cari/?q=kopi")
    with CaptureQueriesContext(connection) as queries:
        client.get("/cari/?q=kopi")
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
    with connection.cursor() as cursor:
        for query in slowest:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"-- {float(query['time']) * 1000:.1f} ms: {query['sql'][:200]}\n{plan}\n")


def _measure(port: int, path: str, n: int, *, fresh: bool, session: str = "") -> list[float]:
    """``fresh``: with a session cookie, so every request is rendered (a buyer with a cart);
    else as a visitor without one, who gets the kept page after the first. ``session``: a
    logged-in person's session (the dashboards)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookie = f"sessionid={session or 'bench-fresh'}" if fresh or session else "seen=1"
    times = []
    for i in range(n + 3):
        started = time.perf_counter()
        conn.request("GET", path, headers={"Host": "localhost", "Cookie": cookie})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status}")
        if i >= 3:
            times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--villages", type=int, default=84_000)
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--orders", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", default="", help="an existing bench database to measure")
    args = parser.parse_args()
    name = args.reuse or f"tokodesa_bench_portal_{secrets.token_hex(3)}"
    tmp = Path(tempfile.mkdtemp(prefix="tokodesa-bench-portal-"))
    env = _env(f"{args.pg_url}/{name}", tmp)
    server = None
    timings: dict[str, float] = {}
    try:
        if not args.reuse:
            _pg(args.pg_url, f'CREATE DATABASE "{name}"')
            timings["migrate"] = _manage(env, "migrate", "--no-input", "-v", "0")
            timings["regions"] = _manage(env, "load_regions")
            timings["nation"] = _manage(
                env,
                "generate_nation",
                "--villages",
                str(args.villages),
                "--products",
                str(args.products),
                "--orders",
                str(args.orders),
            )
            _pg_db(args.pg_url, name, "VACUUM ANALYZE")
        timings["figures"] = _manage(
            env, "shell", "-c", "from tokodesa.insights.services import figures_refresh as f; f()"
        )
        _manage(env, "collectstatic", "--no-input", "-v", "0")
        port = _free_port()
        server = subprocess.Popen(
            [PYTHON, "-m", "tokodesa", "serve"],
            env={**env, "WEB_BIND": f"127.0.0.1:{port}", "WEB_WORKERS": "2", "WEB_THREADS": "1"},
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        pages = _pages(env)
        rows = []
        for label, path in pages.items():
            row = [label, path]
            for fresh in (True, False):
                times = sorted(_measure(port, path, args.requests, fresh=fresh))
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                row += [statistics.median(times), p95]
            rows.append(row)
        session = _child(env, "login").strip().splitlines()[-1]
        parts = _child(env, "pick").strip().splitlines()[-1]
        code = json.loads(parts)["code"].split(".")
        for label, path in (
            ("dashboard: Indonesia", "/pantau/id/"),
            ("dashboard: province", f"/pantau/{code[0]}/"),
            ("dashboard: kabupaten", f"/pantau/{'.'.join(code[:2])}/"),
            ("dashboard: province, 24 months", f"/pantau/{code[0]}/?bulan=24"),
            ("export: kabupaten of Indonesia (xlsx)", "/pantau/id/wilayah.xlsx"),
        ):
            times = sorted(_measure(port, path, args.requests, fresh=True, session=session))
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            rows.append([label, path, statistics.median(times), p95, float("nan"), float("nan")])
        size = _pg_size(args.pg_url, name)
        print(f"\n## {args.villages:,} villages × {args.products} products (PostgreSQL)\n")
        print("load: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))
        print(f"database size: {size / 1e9:.2f} GB\n")
        print(
            "| page | path | fresh p50 ms | fresh p95 ms | kept p50 ms | kept p95 ms |\n"
            "|---|---|---:|---:|---:|---:|"
        )
        for label, path, p50, p95, kept50, kept95 in rows:
            kept = f"{kept50:.1f} | {kept95:.1f}" if kept50 == kept50 else "– | –"  # not NaN
            print(f"| {label} | `{path}` | {p50:.1f} | {p95:.1f} | {kept} |")
        print()
        print(_child(env, "plans"))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(20)
        if not args.keep and not args.reuse:
            _pg(args.pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        elif args.keep:
            print(f"kept database {name}")
        subprocess.run(["rm", "-rf", str(tmp)], check=False)
    return 0


def _pg_db(url: str, name: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{url}/{name}", autocommit=True) as conn:
        conn.execute(sql)


def _pg_size(url: str, name: str) -> int:
    import psycopg

    with psycopg.connect(f"{url}/{name}") as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        {"pick": child_pick, "plans": child_plans, "login": child_login}[sys.argv[2]]()
        sys.exit(0)
    sys.exit(main())
