"""Search and the long lists' pagers at 100,000 and 1,000,000 products, on PostgreSQL.

    .venv/bin/python bench/search.py [--products 100000 1000000] [--requests 30]
                                     [--explain MS] [--keep]
    .venv/bin/python bench/search.py --reuse tokodesa_bench_…=1000000 [--requests 30]

For each catalogue size: a fresh PostgreSQL database (dropped afterwards unless --keep), one
village loaded by bench/storefront.py's loader (about 8 minutes for a million products on 2
cores: keep the database and measure it again with --reuse), then, one request at a time in
one process after two warm-up runs, for each realistic query (one word, two words, a typo, a
kind of product, a rare number, one product, a word with no hits) and each listing page
(first page, a sorted page, the last page the pager offers, a far page number, a category):

- **selector**: ``catalog.selectors.product_page`` evaluated as the template does (the
  cards of the page, the capped count, the number of pages), p50 / p95 / max wall ms, the SQL
  ms inside it and the number of queries;
- **page**: the shop's page through the whole Django stack, rendered fresh (a session cookie:
  the page kept for everybody is never what is measured), p50 / p95 / max.

``--explain MS`` prints EXPLAIN (ANALYZE, BUFFERS) of every query of a selector run slower
than MS ms. ``--reuse DB=N`` measures a database kept by an earlier --keep run (N products)
without loading again; it is left in place.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent))

import storefront as sf  # noqa: E402 - the loader and the workspace are shared

SEARCHES = [
    ("one word", "kopi"),
    ("two words", "gula aren"),
    ("typo", "robsta"),
    ("typo, two words", "gula arn"),
    ("a kind of product", "sonokeling"),
    ("rare: a number", "4242"),
    ("one product", "777777"),
    ("no hits", "sepatu"),
]
LISTINGS = [
    ("all products", "/produk/", {}),
    ("cheapest, page 3", "/produk/?sort=termurah&page=3", {"sort": "termurah", "page": "3"}),
    ("last page offered", "/produk/?page=42", {"page": "42"}),
    ("far page number", "/produk/?page=999999", {"page": "999999"}),
    ("category", "/kategori/hasil-pertanian/", {"category": "hasil-pertanian"}),
    (
        "category, A-Z page 5",
        "/kategori/kerajinan-tangan/?sort=nama&page=5",
        {"category": "kerajinan-tangan", "sort": "nama", "page": "5"},
    ),
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _stats(values: list[float]) -> dict:
    return {
        "p50": statistics.median(values),
        "p95": _pct(values, 0.95),
        "max": max(values),
    }


def child_measure(requests: int, explain_ms: float | None) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tokodesa.catalog import selectors
    from tokodesa.catalog.models import Product
    from tokodesa.catalog.selectors import CategoryTree
    from tokodesa.villages.models import Village

    village = Village.objects.get(slug=sf.VILLAGE)
    tree = CategoryTree.load()
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = "bench-fresh-render"  # never the page kept for everybody
    shop = f"/{sf.VILLAGE}"

    def select(kwargs: dict):
        page = selectors.product_page(village=village, **kwargs)
        cards = list(page.object_list)
        return page, len(cards)

    cases = []
    for label, q in SEARCHES:
        cases.append(("search", label, q, {"query": q}, f"{shop}/cari/?q={quote_plus(q)}"))
    for label, path, params in LISTINGS:
        kwargs = {"sort": params.get("sort", selectors.DEFAULT_SORT), "page": params.get("page")}
        if "category" in params:
            category = tree.by_slug(params["category"])
            kwargs["category_ids"] = tree.descendant_ids(category)
        cases.append(("listing", label, path, kwargs, f"{shop}{path}"))

    out = {"products": Product.objects.count(), "cases": []}
    for kind, label, shown, kwargs, url in cases:
        for _ in range(2):
            select(kwargs)
            client.get(url)
        wall, sql, queries, slowest = [], [], 0, (0.0, None)
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                page, n_cards = select(kwargs)
                count, pages = page.paginator.count, page.paginator.num_pages
                wall.append((time.perf_counter() - started) * 1000)
            sql.append(sum(float(q["time"]) * 1000 for q in captured.captured_queries))
            queries = len(captured.captured_queries)
            run_ms = wall[-1]
            if run_ms > slowest[0]:
                slowest = (run_ms, [q["sql"] for q in captured.captured_queries])
        page_ms = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            page_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
        case = {
            "kind": kind,
            "label": label,
            "shown": shown,
            "selector": _stats(wall),
            "sql": _stats(sql),
            "page": _stats(page_ms),
            "queries": queries,
            "cards": n_cards,
            "count": count,
            "capped": page.paginator.capped,
            "cap": page.paginator.cap,
            "number": page.number,
            "pages": pages,
            "plans": [],
        }
        if explain_ms is not None and slowest[0] >= explain_ms:
            with connection.cursor() as cursor:
                for statement in slowest[1]:
                    if not statement.lstrip().upper().startswith("SELECT"):
                        continue
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
                    case["plans"].append(
                        {"sql": statement, "plan": [row[0] for row in cursor.fetchall()]}
                    )
        cases_done = out["cases"]
        cases_done.append(case)
        sf._say(
            f"  {kind:7} {label:22} selector p50 {case['selector']['p50']:7.1f} "
            f"p95 {case['selector']['p95']:7.1f} ms, page p95 {case['page']['p95']:7.1f} ms, "
            f"{queries} queries, {count}{'+' if case['capped'] else ''} found"
        )
    return out


def report(results: list[dict], requests: int) -> str:
    lines = [
        f"Search and listings on PostgreSQL, one request at a time, {requests} runs each after "
        "2 warm-up runs, in one process. selector = catalog.selectors.product_page with its "
        "cards, count and pages evaluated (wall ms; SQL = the database's share); page = the "
        "shop's page rendered fresh through the whole stack.",
        "",
        "| products | kind | what | selector p50 | selector p95 | SQL p95 | page p50 | page p95 "
        "| page max | queries | found | page shown |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for result in results:
        for c in result["cases"]:
            found = f"{c['cap']:,}+" if c["capped"] else f"{c['count']:,}"
            lines.append(
                f"| {result['products']:,} | {c['kind']} | {c['label']} `{c['shown']}` "
                f"| {c['selector']['p50']:.1f} | {c['selector']['p95']:.1f} "
                f"| {c['sql']['p95']:.1f} | {c['page']['p50']:.1f} | {c['page']['p95']:.1f} "
                f"| {c['page']['max']:.1f} | {c['queries']} | {found} "
                f"| {c['number']} of {c['pages']} |"
            )
    for result in results:
        for c in result["cases"]:
            for plan in c["plans"]:
                lines += ["", f"EXPLAIN {result['products']:,} {c['label']}:", f"  {plan['sql']}"]
                lines += [f"    {row}" for row in plan["plan"]]
    return "\n".join(lines)


class Reused(sf.Workspace):
    """A database kept by an earlier run: measured, never dropped."""

    def __init__(self, name: str, products: int, pg_url: str):
        super().__init__("postgres", products, pg_url, keep=True)
        self.reused = name

    def __enter__(self):
        super().__enter__()
        sf._pg_admin(self.pg_url, f'DROP DATABASE IF EXISTS "{self.db_name}"')  # the new one
        self.db_name = self.reused
        return self

    def __exit__(self, *exc):
        self.keep = False
        name, self.db_name = self.db_name, ""  # leave the reused database in place
        super().__exit__(*exc)
        self.db_name = name


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--requests", type=int, default=30, help="runs per query and level")
    parser.add_argument("--explain", type=float, metavar="MS", default=None)
    parser.add_argument("--pg-url", default=sf.DEFAULT_PG)
    parser.add_argument("--keep", action="store_true", help="keep the databases made")
    parser.add_argument("--reuse", nargs="+", default=[], metavar="DB=N")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", choices=["measure"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        sf._django_setup()
        from tokodesa.core.tenancy import across_villages

        with across_villages("the benchmark measures its own village"):
            result = child_measure(args.requests, args.explain)
        args.out.write_text(json.dumps(result))
        return 0

    runs: list[tuple[str | None, int]] = [(None, n) for n in args.products]
    if args.reuse:
        runs = [(spec.split("=")[0], int(spec.split("=")[1])) for spec in args.reuse]
    results = []
    try:
        for reuse, n in runs:
            workspace = (
                Reused(reuse, n, args.pg_url)
                if reuse
                else sf.Workspace("postgres", n, args.pg_url, keep=args.keep)
            )
            with workspace as ws:
                if not reuse:
                    sf._say(f"[{n:,}] migrate and load…")
                    ws.run(sf.PYTHON, "-m", "tokodesa", "migrate", "--no-input", "-v", "0")
                    load = ws.child("load", "--products", str(n))
                    sf._say(f"[{n:,}]   loaded in {load['setup_s'] + load['bulk_s']:.0f} s")
                ws.run(sf.PYTHON, "-m", "tokodesa", "collectstatic", "--no-input", "-v", "0")
                sf._say(f"[{n:,}] measure…")
                out = ws.tmp / "measure.json"
                ws.run(
                    sf.PYTHON,
                    str(Path(__file__).resolve()),
                    "--child",
                    "measure",
                    "--requests",
                    str(args.requests),
                    *(["--explain", str(args.explain)] if args.explain is not None else []),
                    "--out",
                    str(out),
                )
                results.append(json.loads(out.read_text()))
    except KeyboardInterrupt:
        sf._say("interrupted; cleaned up")
        return 130
    finally:
        if results:
            print(report(results, args.requests))
            if args.json:
                args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())
