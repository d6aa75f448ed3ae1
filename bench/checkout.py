"""Checkout benchmark: order throughput and latency, and a stock race that must never oversell.

    .venv/bin/python bench/checkout.py [--db postgres|sqlite ...] [--concurrency 1 8 32]
                                       [--seconds 10] [--products 200]

For each database it builds a throwaway database (a fresh PostgreSQL database that is dropped
afterwards, or a SQLite file in a temp dir), migrates it and creates, through the services,
one open village with a bank account, the regions a buyer's address needs, a few sellers and
``--products`` products with plenty of stock. Then, for each concurrency level N:

* throughput: N threads (one database connection each) loop for ``--seconds``: a new cart,
  1-3 random variants of quantity 1-2 (``cart_add``), ``order_place`` (pickup, bank transfer).
  Orders/s, p50/p99 latency of ``order_place``, OutOfStock refusals and other errors.
* contention: one fresh variant with 10 units, N x 5 one-unit orders racing (N threads, a
  barrier before each of 5 rounds). Units sold, final stock, oversell (must be 0).

At the end every variant's ledger is checked (initial stock - units in order lines == stock,
and each product's ``stock_total`` == the sum of its variants). The client threads run in the
same Python process as the application code, so at high N the GIL is part of what is measured
(as it is in one gunicorn worker with that many threads). See bench/README.md.

With several ``--db`` values each database runs in a child process of this script (Django's
settings are per process) and the tables are printed together at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"
BUYER_VILLAGE = "34.71.01.1001"
# The fixture `regions` of tests/conftest.py: the shop's village and a buyer's village.
REGIONS = [
    ("17", "Bengkulu", ""),
    ("17.08", "Kabupaten Kepahiang", ""),
    ("17.08.05", "Merigi", ""),
    ("17.08.05.2007", "Batu Ampar", "39371"),
    ("34", "Daerah Istimewa Yogyakarta", ""),
    ("34.71", "Kota Yogyakarta", ""),
    ("34.71.01", "Mantrijeron", ""),
    ("34.71.01.1001", "Gedongkiwo", "55142"),
]
CATEGORIES = ("gula-pemanis", "kopi-teh", "kerajinan-bambu", "rempah", "camilan-keripik")
SELLERS = 10
STOCK = 100_000  # per variant in the throughput runs: stock never runs out there
RACE_STOCK = 10
RACE_ROUNDS = 5
ERROR_SAMPLES = 3  # tracebacks kept per kind of error


# --------------------------------------------------------------------------- workspace


def _pg_admin(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@dataclass
class Workspace:
    """A temp dir and a fresh database, both removed on exit (also on Ctrl-C) unless ``keep``."""

    db: str
    pg_url: str
    keep: bool = False
    tmp: Path | None = None
    db_name: str = ""

    def __enter__(self) -> Workspace:
        self.tmp = Path(tempfile.mkdtemp(prefix=f"tokodesa-bench-checkout-{self.db}-"))
        if self.db == "postgres":
            self.db_name = f"tokodesa_bench_checkout_{os.getpid()}_{secrets.token_hex(3)}"
            _pg_admin(self.pg_url, f'CREATE DATABASE "{self.db_name}"')
        return self

    def __exit__(self, *exc) -> None:
        # A second Ctrl-C (or the parent's SIGTERM) must not cut the clean-up short.
        handlers = {
            sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            self._clean_up()
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    def _clean_up(self) -> None:
        logging.disable(logging.CRITICAL)  # threads cut off by the drop below log tracebacks
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if self.keep:
            print(f"  kept {self.tmp} {self.db_name}", file=sys.stderr)
            return
        if self.db_name:
            try:
                _pg_admin(self.pg_url, f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            except Exception as error:  # noqa: BLE001 - report, then go on cleaning up
                print(f"  could not drop database {self.db_name}: {error}", file=sys.stderr)
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def database_url(self) -> str:
        if self.db == "postgres":
            return f"{self.pg_url}/{self.db_name}"
        return f"sqlite:///{self.tmp / 'var' / 'tokodesa.sqlite3'}"

    def configure(self, tasks: str = "database") -> None:
        """Environment for tokodesa.settings, then django.setup() (once per process)."""
        for name in ("REDIS_URL", "TASKS_BACKEND", "CONN_MAX_AGE"):
            os.environ.pop(name, None)
        os.environ["TASKS_BACKEND"] = tasks
        (self.tmp / "var").mkdir(exist_ok=True)
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "tokodesa.settings",
                "DATABASE_URL": self.database_url,
                "TOKODESA_VAR_DIR": str(self.tmp / "var"),
                "MEDIA_ROOT": str(self.tmp / "media"),
                "STATIC_ROOT": str(self.tmp / "static"),
                "STATIC_MANIFEST": "0",
                "SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
                "DEBUG": "0",
                "LOG_LEVEL": "WARNING",
                # The order e-mails are rendered as in production, then dropped.
                "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            }
        )
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        import django

        django.setup()


# --------------------------------------------------------------------------- data


def seed(n_products: int, rng: random.Random) -> dict:
    """Migrate, then make the village, its bank account, regions, sellers and products."""
    from django.core.management import call_command

    from tokodesa.catalog.models import Category
    from tokodesa.catalog.services import VariantData, product_create
    from tokodesa.payments.services import bank_account_add
    from tokodesa.regions.models import Region
    from tokodesa.sellers.services import seller_register
    from tokodesa.villages.services import village_create

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter() - started
    Region.objects.bulk_create(
        Region(
            code=code,
            name=name,
            level=code.count(".") + 1,
            postal_code=postal,
            parent_id=code.rpartition(".")[0] or None,
        )
        for code, name, postal in REGIONS
    )
    village = village_create(
        name="Desa Batu Ampar",
        slug="batu-ampar",
        region_code="17.08.05.2007",
        district="Merigi",
        regency="Kabupaten Kepahiang",
        province="Bengkulu",
        postal_code="39371",
        whatsapp="081234567801",
        email="bumdes@batu-ampar.example",  # so the order e-mail to the team is rendered
        status="active",
    )
    bank_account_add(
        village=village,
        actor=None,
        bank_name="BRI",
        account_number="0123-01-000456-30-1",
        account_holder="BUMDes Batu Ampar",
    )
    sellers = [
        seller_register(
            village=village,
            display_name=f"Ibu Penjual {i + 1}",
            whatsapp="081234567811",
            status="active",
        )
        for i in range(SELLERS)
    ]
    categories = [Category.objects.get(slug=slug) for slug in CATEGORIES]
    initial: dict[int, int] = {}
    for i in range(n_products):
        price = rng.randrange(5, 100) * 1000
        variants = [VariantData(label="500 g", price=price, weight_g=550, stock=STOCK)]
        if i % 2:  # every other product also sells a bigger size
            variants.append(
                VariantData(label="1 kg", price=price * 2 - 1000, weight_g=1050, stock=STOCK)
            )
        product = product_create(
            seller=sellers[i % len(sellers)],
            category=categories[i % len(categories)],
            name=f"Produk Desa {i + 1}",
            variants=variants,
            status="active",
        )
        for variant_id, stock in product.variants.values_list("pk", "stock"):
            initial[variant_id] = stock
    return {
        "village_id": village.pk,
        "sellers": [s.pk for s in sellers],
        "category_id": categories[0].pk,
        "initial": initial,
        "for_sale": sorted(initial),  # the throughput runs buy these (never a race's variant)
        "migrate_s": migrated,
        "seed_s": time.perf_counter() - started - migrated,
    }


def _place(cart):
    from tokodesa.checkout.services import AddressDetails, BuyerDetails, order_place

    return order_place(
        cart=cart,
        buyer=BuyerDetails(name="Pembeli Bench", whatsapp="081298765432"),
        address=AddressDetails(village_code=BUYER_VILLAGE, street="Jl. Bantul 12"),
        delivery_code="pickup",
        payment_code="bank_transfer",
    )


# --------------------------------------------------------------------------- measurements


@dataclass
class Errors:
    """Errors by kind, with a few tracebacks as evidence; thread-safe."""

    counts: Counter = field(default_factory=Counter)
    samples: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, phase: str, error: BaseException) -> None:
        kind = f"{phase}: {type(error).__name__}: {str(error).splitlines()[0][:120]}"
        with self.lock:
            self.counts[kind] += 1
            if len(self.samples.setdefault(kind, [])) < ERROR_SAMPLES:
                self.samples[kind].append(_where(error))

    def total(self) -> int:
        return sum(self.counts.values())


def _where(error: BaseException) -> str:
    """The project's frames of the traceback (where in tokodesa it happened), then the error."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/tokodesa/" in f.filename or f.filename == __file__]
    lines = [f"{Path(f.filename).name}:{f.lineno} {f.name}: {f.line}" for f in ours]
    if frames and frames[-1] not in ours:
        last = frames[-1]
        lines.append(f"… {Path(last.filename).name}:{last.lineno} {last.name}")
    lines.append(f"{type(error).__name__}: {error}")
    return "\n".join(lines)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _pg_deadlocks() -> int | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _pg_waiting(waits: Counter) -> tuple[int, int] | None:
    """Backends of this database (other than ours): waiting on a lock, and active.

    Adds what each waiter waits for and the statement it is stuck on to ``waits``.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state, wait_event_type, wait_event, left(query, 70) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        rows = cursor.fetchall()
    waiting = 0
    for _state, wait_type, wait_event, query in rows:
        if wait_type == "Lock":
            waiting += 1
            waits[f"{wait_event}: {query}"] += 1
    return waiting, sum(1 for row in rows if row[0] == "active")


def _join(threads: list[threading.Thread], stop: threading.Event, barrier=None) -> None:
    """Wait for the threads; on Ctrl-C tell them to stop, wait a little, then re-raise."""
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)
    except KeyboardInterrupt:
        stop.set()
        if barrier is not None:
            barrier.abort()
        for thread in threads:
            thread.join(10)
        raise


def probe(ctx: dict) -> dict:
    """One order on its own: its SQL queries and time (the unloaded cost of a checkout)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tokodesa.cart.services import cart_add, cart_get_or_create
    from tokodesa.villages.models import Village

    village = Village.objects.get(pk=ctx["village_id"])
    ids = sorted(ctx["initial"])[:3]
    cart = cart_get_or_create(village=village, session={})
    for variant_id in ids:
        cart_add(cart=cart, variant_id=variant_id, quantity=1)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        _place(cart)
        elapsed = time.perf_counter() - started
    statements = Counter(q["sql"].split()[0].upper() for q in queries.captured_queries)
    return {
        "lines": len(ids),
        "queries": len(queries),
        "kinds": dict(statements),
        "ms": elapsed * 1e3,
    }


def _clients(ctx: dict, n: int, seconds: float, seed_: int, first_slot: int, start_at: float):
    """``n`` buyer threads in this process, each with its own connection, placing orders from
    ``start_at`` (a ``time.time()``) for ``seconds``. Returns what they did."""
    from django.db import connections

    from tokodesa.cart.services import cart_add, cart_get_or_create
    from tokodesa.orders.services import OutOfStock
    from tokodesa.villages.models import Village

    variant_ids = ctx["for_sale"]
    stop = threading.Event()
    errors = Errors()
    lock = threading.Lock()
    latencies: list[float] = []
    tally = Counter()

    def client(slot: int) -> None:
        rng = random.Random(seed_ * 1000 + slot)
        mine: list[float] = []
        counts = Counter()
        try:
            village = Village.objects.get(pk=ctx["village_id"])
            time.sleep(max(0.0, start_at - time.time()))
            while not stop.is_set():
                try:
                    cart = cart_get_or_create(village=village, session={})
                    for variant_id in rng.sample(variant_ids, rng.randint(1, 3)):
                        cart_add(cart=cart, variant_id=variant_id, quantity=rng.randint(1, 2))
                except Exception as error:  # noqa: BLE001 - counted and shown
                    errors.add("cart", error)
                    continue
                started = time.perf_counter()
                try:
                    _place(cart)
                    counts["orders"] += 1
                    mine.append(time.perf_counter() - started)
                except OutOfStock:
                    counts["refused"] += 1
                except Exception as error:  # noqa: BLE001 - counted and shown
                    errors.add("order_place", error)
        except Exception as error:  # noqa: BLE001 - counted and shown
            errors.add("thread", error)
        finally:
            connections.close_all()
            with lock:
                latencies.extend(mine)
                tally.update(counts)

    client = _in_village(client, ctx["village_id"])
    threads = [
        threading.Thread(target=client, args=(first_slot + i,), daemon=True) for i in range(n)
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start_at - time.time()))
    cpu_started = time.process_time()
    time.sleep(max(0.0, start_at + seconds - time.time()))
    stop.set()
    _join(threads, stop)
    return {
        "tally": tally,
        "latencies": latencies,
        "cpu": time.process_time() - cpu_started,
        "errors": errors.counts,
        "samples": errors.samples,
    }


def _clients_in_child(queue, *args) -> None:
    """A worker process (forked: Django is set up already) reporting through ``queue``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it
    try:
        queue.put(_clients(*args))
    except BaseException as error:  # noqa: BLE001 - the parent shows it
        queue.put({"failed": _where(error)})


def throughput(ctx: dict, n: int, seconds: float, seed_: int, processes: int = 1) -> dict:
    """``n`` buyers placing orders for ``seconds``, spread over ``processes`` processes (as an
    app server runs several workers; one process is bound by its GIL to one core)."""
    import multiprocessing

    from django.db import connections

    processes = max(1, min(processes, n))
    shares = [n // processes + (i < n % processes) for i in range(processes)]
    start_at = time.time() + 1.0 + 0.3 * processes  # every buyer connected and ready
    deadlocks_before = _pg_deadlocks()
    parts: list[dict] = []
    children = []
    queue = None
    if processes == 1:
        runner = threading.Thread(
            target=lambda: parts.append(_clients(ctx, n, seconds, seed_, 0, start_at))
        )
        runner.start()
    else:
        connections.close_all()  # never share a connection with a forked child
        fork = multiprocessing.get_context("fork")
        queue = fork.Queue()
        for i, share in enumerate(shares):
            args = (queue, ctx, share, seconds, seed_, sum(shares[:i]), start_at)
            children.append(fork.Process(target=_clients_in_child, args=args, daemon=True))
        for child in children:
            child.start()
    samples: list[tuple[int, int]] = []  # (waiting on a lock, active), every 0.1 s
    waits: Counter = Counter()
    try:
        time.sleep(max(0.0, start_at - time.time()))
        deadline = start_at + seconds
        while time.time() < deadline:
            time.sleep(min(0.1, max(0.0, deadline - time.time())))
            if (sample := _pg_waiting(waits)) is not None:
                samples.append(sample)
        if processes == 1:
            runner.join()
        else:
            parts += [queue.get(timeout=120) for _ in children]
            for child in children:
                child.join(10)
    except KeyboardInterrupt:
        for child in children:
            child.terminate()
        raise
    elapsed = time.time() - start_at  # includes the orders under way at the deadline
    failures = [part["failed"] for part in parts if "failed" in part]
    if failures:
        raise RuntimeError("a buyer process failed:\n" + failures[0])
    tally, latencies, error_counts, error_samples = Counter(), [], Counter(), {}
    for part in parts:
        tally.update(part["tally"])
        latencies += part["latencies"]
        error_counts.update(part["errors"])
        for kind, found in part["samples"].items():
            error_samples.setdefault(kind, found)
    deadlocks_after = _pg_deadlocks()
    return {
        "n": n,
        "processes": processes,
        "seconds": elapsed,
        "orders": tally["orders"],
        "orders_s": tally["orders"] / elapsed,
        "p50_ms": _pct(latencies, 0.50) * 1e3,
        "p99_ms": _pct(latencies, 0.99) * 1e3,
        "max_ms": max(latencies, default=float("nan")) * 1e3,
        # the buyer processes together: clients + application code; 100% = one core
        "cpu_pct": 100 * sum(part["cpu"] for part in parts) / elapsed,
        "lock_waits": sum(w for w, _ in samples) / len(samples) if samples else None,
        "lock_waits_max": max((w for w, _ in samples), default=None),
        "active": sum(a for _, a in samples) / len(samples) if samples else None,
        "waits": waits.most_common(5),
        "refused": tally["refused"],
        "errors": sum(error_counts.values()),
        "error_kinds": dict(error_counts),
        "error_samples": error_samples,
        "deadlocks": None if deadlocks_before is None else deadlocks_after - deadlocks_before,
    }


def contention(ctx: dict, n: int) -> dict:
    """N x RACE_ROUNDS one-unit orders for RACE_STOCK units, N at a time behind a barrier."""
    from django.db import connections
    from django.db.models import Sum

    from tokodesa.cart.services import cart_add, cart_get_or_create
    from tokodesa.catalog.models import Category, Product, Variant
    from tokodesa.catalog.services import VariantData, product_create
    from tokodesa.orders.models import OrderLine
    from tokodesa.orders.services import OutOfStock
    from tokodesa.sellers.models import Seller
    from tokodesa.villages.models import Village

    village = Village.objects.get(pk=ctx["village_id"])
    product = product_create(
        seller=Seller.objects.get(pk=ctx["sellers"][0]),
        category=Category.objects.get(pk=ctx["category_id"]),
        name=f"Gula Aren Rebutan {n}",
        variants=[VariantData(label="500 g", price=20000, weight_g=550, stock=RACE_STOCK)],
        status="active",
    )
    variant = product.variants.get()
    ctx["initial"][variant.pk] = RACE_STOCK
    carts = [[] for _ in range(n)]
    for slot in range(n):
        for _ in range(RACE_ROUNDS):
            cart = cart_get_or_create(village=village, session={})
            cart_add(cart=cart, variant_id=variant.pk, quantity=1)
            carts[slot].append(cart)

    stop = threading.Event()
    barrier = threading.Barrier(n)
    errors = Errors()
    tally = Counter()
    lock = threading.Lock()

    def buyer(slot: int) -> None:
        counts = Counter()
        try:
            for cart in carts[slot]:
                if stop.is_set():
                    break
                barrier.wait(timeout=120)
                try:
                    _place(cart)
                    counts["bought"] += 1
                except OutOfStock:
                    counts["refused"] += 1
                except Exception as error:  # noqa: BLE001 - counted and shown
                    errors.add("race", error)
        except threading.BrokenBarrierError as error:
            if not stop.is_set():
                errors.add("race", error)
        finally:
            connections.close_all()
            with lock:
                tally.update(counts)

    deadlocks_before = _pg_deadlocks()
    buyer = _in_village(buyer, ctx["village_id"])
    threads = [threading.Thread(target=buyer, args=(i,), daemon=True) for i in range(n)]
    for thread in threads:
        thread.start()
    _join(threads, stop, barrier)
    deadlocks_after = _pg_deadlocks()

    sold = OrderLine.objects.filter(variant=variant).aggregate(n=Sum("quantity"))["n"] or 0
    stock = Variant.objects.get(pk=variant.pk).stock
    total = Product.objects.get(pk=product.pk).stock_total
    oversell = max(0, sold - RACE_STOCK) + (1 if stock < 0 else 0)
    return {
        "n": n,
        "attempts": n * RACE_ROUNDS,
        "bought": tally["bought"],
        "refused": tally["refused"],
        "errors": errors.total(),
        "error_kinds": dict(errors.counts),
        "error_samples": errors.samples,
        "sold": sold,
        "stock": stock,
        "stock_total": total,
        "oversell": oversell,
        "consistent": sold + stock == RACE_STOCK
        and total == stock
        and tally["bought"] == sold
        and tally["bought"] == min(RACE_STOCK, n * RACE_ROUNDS),
        "deadlocks": None if deadlocks_before is None else deadlocks_after - deadlocks_before,
    }


def ledger(ctx: dict) -> dict:
    """Every variant: initial - sold == stock; every product: stock_total == sum of variants."""
    from django.db.models import F, Sum

    from tokodesa.catalog.models import Product, Variant
    from tokodesa.orders.models import Order, OrderLine

    sold = dict(
        OrderLine.objects.filter(variant__isnull=False)
        .order_by()
        .values("variant")
        .annotate(n=Sum("quantity"))
        .values_list("variant", "n")
    )
    stock = dict(Variant.objects.values_list("pk", "stock"))
    wrong = [
        (pk, initial, sold.get(pk, 0), stock.get(pk))
        for pk, initial in sorted(ctx["initial"].items())
        if initial - sold.get(pk, 0) != stock.get(pk)
    ]
    totals_wrong = (
        Product.objects.annotate(variant_stock=Sum("variants__stock"))
        .exclude(stock_total=F("variant_stock"))
        .count()
    )
    return {
        "variants": len(ctx["initial"]),
        "units_sold": sum(sold.values()),
        "orders": Order.objects.count(),
        "orders_without_lines": Order.objects.filter(lines__isnull=True).count(),
        "variants_wrong": wrong[:10],
        "variants_wrong_count": len(wrong),
        "products_total_wrong": totals_wrong,
        "consistent": not wrong and not totals_wrong,
    }


def _server_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return "PostgreSQL " + connection.cursor().connection.info.parameter_status(
            "server_version"
        )
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def _in_village(work, village_id: int):
    """A buyer's thread works in the village's scope, as each request does."""

    def scoped(*args):
        from tokodesa.core.tenancy import village_scope

        with village_scope(village_id):
            return work(*args)

    return scoped


def run_one(args, db: str) -> dict:
    """The whole benchmark on one database, in this process."""
    rng = random.Random(args.seed)
    with Workspace(db, args.pg_url, args.keep) as workspace:
        workspace.configure(args.tasks)
        from tokodesa.core.tenancy import across_villages

        # The setup and the checks read and write the one village by name; threads set theirs.
        with across_villages("the checkout benchmark builds and checks its village"):
            _say(f"[{db}] migrating and creating {args.products} products …")
            ctx = seed(args.products, rng)
            result = {
                "db": db,
                "server": _server_version(),
                "products": args.products,
                "variants": len(ctx["initial"]),
                "seconds": args.seconds,
                "tasks": args.tasks,
                "migrate_s": ctx["migrate_s"],
                "seed_s": ctx["seed_s"],
                "cpus": os.cpu_count(),
                "load_start": os.getloadavg(),
                "probe": probe(ctx),
                "throughput": [],
                "contention": [],
            }
            for n in args.concurrency:
                _say(f"[{db}] throughput, {n} thread(s), {args.seconds:g} s …")
                row = throughput(ctx, n, args.seconds, args.seed, args.processes)
                result["throughput"].append(row)
                _say(
                    f"[{db}]   {row['orders']} orders, {row['orders_s']:.1f}/s, "
                    f"p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms, "
                    f"{row['refused']} refused, {row['errors']} errors"
                )
                _say(f"[{db}] contention, {n} thread(s) x {RACE_ROUNDS} for {RACE_STOCK} units …")
                race = contention(ctx, n)
                result["contention"].append(race)
                _say(
                    f"[{db}]   sold {race['sold']}, stock {race['stock']}, "
                    f"oversell {race['oversell']}, {race['errors']} errors"
                )
            result["ledger"] = ledger(ctx)
            result["variants"] = len(ctx["initial"])
            result["load_end"] = os.getloadavg()
    return result


# --------------------------------------------------------------------------- report


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _table(header: list[str], rows: list[list]) -> list[str]:
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"
    return [line(cells[0]), rule] + [line(row) for row in cells[1:]]


def report(results: list[dict]) -> str:
    out = []
    for r in results:
        probe_ = r["probe"]
        kinds = ", ".join(f"{v} {k}" for k, v in sorted(probe_["kinds"].items()))
        out += [
            "",
            f"## {r['server']}: {r['products']} products ({r['variants']} variants), "
            f"{r['seconds']:g} s per level, {r['cpus']} CPUs (load average "
            f"{r['load_start'][0]:.1f} at the start, {r['load_end'][0]:.1f} at the end)",
            "",
            f"One order alone ({probe_['lines']} lines): {probe_['queries']} queries "
            f"({kinds}), {probe_['ms']:.1f} ms. Migrate {r['migrate_s']:.1f} s, "
            f"seed {r['seed_s']:.1f} s.",
            "",
            "Throughput (new cart, 1-3 variants x 1-2 units, order_place; latency of order_place;"
            " python CPU = the buyer processes, clients and app code together, 100% = one core;"
            f" tasks backend: {r.get('tasks', '?')}"
            + (
                "; in DB / lock waits = connections running a query / waiting for a row lock,"
                " mean of samples every 0.1 s):"
                if r["db"] == "postgres"
                else "):"
            ),
            "",
        ]
        out += _table(
            ["threads", "processes", "orders", "orders/s", "p50 ms", "p99 ms", "max ms"]
            + ["refused", "errors", "python CPU"]
            + (["in DB", "lock waits", "deadlocks"] if r["db"] == "postgres" else []),
            [
                [
                    t["n"],
                    t.get("processes", 1),
                    t["orders"],
                    f"{t['orders_s']:.1f}",
                    f"{t['p50_ms']:.1f}",
                    f"{t['p99_ms']:.1f}",
                    f"{t['max_ms']:.1f}",
                    t["refused"],
                    t["errors"],
                    f"{t['cpu_pct']:.0f}%",
                ]
                + (
                    [
                        f"{t['active']:.1f}",
                        f"{t['lock_waits']:.2f} (max {t['lock_waits_max']})",
                        t["deadlocks"],
                    ]
                    if r["db"] == "postgres"
                    else []
                )
                for t in r["throughput"]
            ],
        )
        out += [
            "",
            f"Contention ({RACE_STOCK} units, threads x {RACE_ROUNDS} one-unit orders racing):",
            "",
        ]
        out += _table(
            ["threads", "attempts", "bought", "refused", "errors", "units sold", "final stock"]
            + ["oversell", "consistent"]
            + (["deadlocks"] if r["db"] == "postgres" else []),
            [
                [
                    c["n"],
                    c["attempts"],
                    c["bought"],
                    c["refused"],
                    c["errors"],
                    c["sold"],
                    c["stock"],
                    c["oversell"],
                    "yes" if c["consistent"] else "NO",
                ]
                + ([c["deadlocks"]] if r["db"] == "postgres" else [])
                for c in r["contention"]
            ],
        )
        led = r["ledger"]
        out += [
            "",
            f"stock ledger consistent: {'yes' if led['consistent'] else 'no'} "
            f"({led['variants']} variants, {led['units_sold']} units in {led['orders']} orders; "
            f"{led['variants_wrong_count']} variants and {led['products_total_wrong']} product "
            f"totals off; {led['orders_without_lines']} orders without lines)",
        ]
        if led["variants_wrong"]:
            out.append(f"  variants off (id, initial, sold, stock): {led['variants_wrong']}")
        for t in r["throughput"]:
            for what, count in t.get("waits", []):
                out.append(f"  lock waits seen, N={t['n']}: {count} x {what}")
        for section in ("throughput", "contention"):
            for row in r[section]:
                for kind, count in row["error_kinds"].items():
                    out.append(f"  {section} N={row['n']}: {count} x {kind}")
                    out.append("    " + row["error_samples"][kind][0].replace("\n", "\n    "))
    return "\n".join(out)


def failed(results: list[dict]) -> bool:
    return any(
        c["oversell"] or not c["consistent"] for r in results for c in r["contention"]
    ) or any(not r["ledger"]["consistent"] for r in results)


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db",
        nargs="+",
        choices=["postgres", "sqlite"],
        default=["postgres"],
        help="databases to run on (default: postgres)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        nargs="+",
        default=[1, 8, 32],
        help="threads per run (default: 1 8 32)",
    )
    parser.add_argument("--seconds", type=float, default=10, help="throughput run per level")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="spread each level's buyers over this many processes, as an app server's workers"
        " (default: 1, where the GIL holds everything to one core)",
    )
    parser.add_argument(
        "--tasks",
        choices=["database", "immediate"],
        default="database",
        help="tasks backend: database (production: the order e-mails are queued for the"
        " worker, one row each) or immediate (rendered and sent inside the request, as make run"
        " does); default: database",
    )
    parser.add_argument("--products", type=int, default=200, help="products in the shop")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--pg-url",
        default=DEFAULT_PG,
        help=f"PostgreSQL server, user with CREATEDB (default: {DEFAULT_PG})",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir and database")
    args = parser.parse_args()
    if min(args.concurrency) < 1 or args.products < 3:
        parser.error("--concurrency must be >= 1 and --products >= 3")

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with it ignored

    results: list[dict] = []
    try:
        if len(args.db) == 1:
            results.append(run_one(args, args.db[0]))
        else:
            results += run_children(args)
    except KeyboardInterrupt:
        _say("interrupted; cleaned up")
        return 130
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    print(report(results))
    if failed(results):
        print("\nFAILED: oversell or an inconsistent stock ledger (see above)")
        return 1
    return 0


def run_children(args) -> list[dict]:
    """Each database in its own process (Django's settings are per process)."""
    results = []
    with tempfile.TemporaryDirectory(prefix="tokodesa-bench-checkout-") as tmp:
        for db in args.db:
            out = Path(tmp) / f"{db}.json"
            argv = [sys.executable, __file__, "--db", db, "--json", str(out)]
            argv += ["--concurrency", *map(str, args.concurrency)]
            argv += ["--seconds", str(args.seconds), "--products", str(args.products)]
            argv += ["--processes", str(args.processes), "--tasks", args.tasks]
            argv += ["--seed", str(args.seed), "--pg-url", args.pg_url]
            argv += ["--keep"] if args.keep else []
            child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
            try:
                child.wait()
            except KeyboardInterrupt:
                child.send_signal(signal.SIGTERM)  # it cleans up (Ctrl-C reached it already)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.wait(60)
                raise
            if not out.exists():
                raise SystemExit(f"the {db} run failed (exit code {child.returncode})")
            results += json.loads(out.read_text())
    return results


if __name__ == "__main__":
    sys.exit(main())
