"""The production shape, started for real: nginx (deploy/nginx) in front of two app server
processes (``python -m tokodesa serve``), the worker, Redis, object storage (moto's S3 server)
and the test run's own database. A seller uploads a photo (renditions made by the worker, in
the bucket), a buyer orders, staff confirm; a cache counter is shared by both processes; a
worker killed mid-task loses nothing."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from conftest import free_port
from django.contrib.auth import get_user_model
from django.db import connection
from factories import category as national_category
from factories import jpeg_bytes, make_seller

from tokodesa.catalog.models import Product
from tokodesa.orders.models import Order

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    return f"sqlite:///{db['NAME']}"


class Stack:
    def __init__(self, tmp: Path, s3_endpoint: str):
        self.tmp = tmp
        self.processes: dict[str, subprocess.Popen] = {}
        self.web_ports = [free_port(), free_port()]
        self.port = free_port()
        bucket = f"smoke-{uuid.uuid4().hex[:8]}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "SECRET_KEY": "smoke-test-secret-key-" + "x" * 30,
            "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14"),
            "CACHE_KEY_PREFIX": f"smoke-{uuid.uuid4().hex[:8]}",
            "TASKS_BACKEND": "database",
            "S3_BUCKET": bucket,
            "S3_PRIVATE_BUCKET": f"{bucket}-private",
            "S3_ENDPOINT_URL": s3_endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "tokodesa-test",
            "S3_SECRET_ACCESS_KEY": "tokodesa-test-secret",
            "TOKODESA_VAR_DIR": str(tmp / "var"),
            "STATIC_ROOT": str(tmp / "var" / "static"),
            "STATIC_MANIFEST": "1",
            "PLATFORM_HOSTS": "localhost",
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_FORMAT": "json",
            "WEB_WORKERS": "1",
            "PYTHONPATH": str(Path(__file__).parent),  # the worker imports sample_tasks
        }
        self.env.pop("LOCAL_CACHE", None)
        self.env.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(self, *args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "tokodesa", *args],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]

    def start(self, name: str, *args: str, env: dict | None = None) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            args, env={**self.env, **(env or {})}, cwd=REPO, stdout=log, stderr=log
        )
        self.processes[name] = process
        return process

    def start_worker(self) -> subprocess.Popen:
        return self.start(
            "worker",
            sys.executable,
            "-m",
            "tokodesa",
            "worker",
            "--worker-id",
            "smoke-worker",
            "--interval",
            "0.2",
        )

    def nginx_conf(self) -> Path:
        var = self.tmp / "var"
        upstreams = "".join(f"server 127.0.0.1:{p};\n" for p in self.web_ports)
        brotli = f"load_module {BROTLI};" if BROTLI.exists() else ""
        brotli_include = (
            f"include {REPO}/deploy/nginx/tokodesa-brotli.conf;" if BROTLI.exists() else ""
        )
        # As root (CI's machines), workers would drop to nobody and not read the test's
        # private temporary folder.
        user = "user root;" if os.geteuid() == 0 else ""
        conf = self.tmp / "nginx.conf"
        conf.write_text(
            f"""{brotli}
{user}
daemon off;
pid {self.tmp}/nginx.pid;
error_log {self.tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {self.tmp}/nginx-access.log;
    client_body_temp_path {self.tmp}/body;
    proxy_temp_path {self.tmp}/proxy;
    fastcgi_temp_path {self.tmp}/fastcgi;
    uwsgi_temp_path {self.tmp}/uwsgi;
    scgi_temp_path {self.tmp}/scgi;
    upstream tokodesa {{ {upstreams} keepalive 4; }}
    server {{
        listen 127.0.0.1:{self.port};
        server_name _;
        set $tokodesa_var {var};
        include {REPO}/deploy/nginx/tokodesa-common.conf;
        {brotli_include}
    }}
}}
"""
        )
        return conf

    def up(self) -> None:
        self.manage("storage_init")
        self.manage("collectstatic", "--no-input", "-v", "0")
        for i, port in enumerate(self.web_ports):
            self.start(
                f"web{i}",
                sys.executable,
                "-m",
                "tokodesa",
                "serve",
                env={"WEB_BIND": f"127.0.0.1:{port}"},
            )
        self.start_worker()
        conf = self.nginx_conf()
        check = subprocess.run(
            [NGINX, "-t", "-c", str(conf), "-p", str(self.tmp)], capture_output=True
        )
        assert check.returncode == 0, check.stderr.decode()
        self.start("nginx", NGINX, "-c", str(conf), "-p", str(self.tmp))
        wait_for(lambda: self.get("/readyz").status_code == 200, "the stack to be ready", self)

    def get(self, path: str, headers: dict | None = None) -> httpx.Response:
        try:
            return httpx.get(
                f"http://127.0.0.1:{self.port}{path}",
                headers={"Host": "localhost", **(headers or {})},
            )
        except httpx.TransportError:
            return httpx.Response(599)

    def down(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-1500:]}" for p in self.tmp.glob("*.log")
        )


def wait_for(condition, what: str, stack: Stack, timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}\n{stack.logs()}")


@pytest.fixture
def stack(tmp_path, s3_endpoint):
    running = Stack(tmp_path, s3_endpoint)
    try:
        running.up()
        yield running
    finally:
        running.down()


class Browser:
    """A phone's browser against the stack: cookies, CSRF tokens, one host."""

    def __init__(self, base: str):
        self.http = httpx.Client(base_url=base, headers={"Host": "localhost"}, timeout=30)

    @staticmethod
    def token(page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path)

    def post(self, path: str, data: dict, *, form_on: str | None = None, files=None):
        page = self.http.get(form_on or path).text
        return self.http.post(
            path,
            data={"csrfmiddlewaretoken": self.token(page), **data},
            files=files,
            headers={"Referer": f"http://localhost{form_on or path}"},
        )

    def login(self, username: str, password: str) -> None:
        response = self.post("/batu-ampar/masuk/", {"username": username, "password": password})
        assert response.status_code == 302, response.text[:500]


def test_the_production_shape_serves_a_village_end_to_end(
    stack, village, regions, bank_account, settings
):
    User = get_user_model()
    from tokodesa.villages.services import membership_grant

    siti = User.objects.create_user("siti", password="rahasia-123")
    make_seller(village, display_name="Ibu Siti", user=siti)
    staff = User.objects.create_user("sari", password="rahasia-456")
    membership_grant(village=village, user=staff, role="staff")

    # Probes through nginx: every part answers, the queue is the database's.
    ready = stack.get("/readyz").json()
    assert ready["database"] == ready["cache"] == ready["storage"] == "ok"
    assert ready["queue"].startswith("ok")

    # Static files from nginx's disk, compressed and cached for a year.
    css = max((stack.tmp / "var" / "static").rglob("*.css"), key=lambda p: p.stat().st_size)
    css = css.relative_to(stack.tmp / "var")
    static = stack.get(f"/{css}", headers={"Accept-Encoding": "gzip"})
    assert static.status_code == 200, stack.logs()
    assert "immutable" in static.headers["cache-control"]
    assert static.headers.get("content-encoding") in ("gzip", "br")

    # A seller puts a product up with a photo from the phone.
    base = f"http://127.0.0.1:{stack.port}"
    seller = Browser(base)
    seller.login("siti", "rahasia-123")
    category = national_category("gula-pemanis")
    response = seller.post(
        "/batu-ampar/lapak/produk/baru/",
        {
            "name": "Gula Semut",
            "category": category.pk,
            "unit": "bungkus",
            "description": "Gula aren bubuk.",
            "v-TOTAL_FORMS": "1",
            "v-INITIAL_FORMS": "0",
            "v-MIN_NUM_FORMS": "1",
            "v-MAX_NUM_FORMS": "20",
            "v-0-label": "250 g",
            "v-0-price": "15000",
            "v-0-weight_g": "300",
            "v-0-stock": "10",
        },
        files={"photo": ("gula.jpg", jpeg_bytes((2000, 1500)), "image/jpeg")},
    )
    assert response.status_code == 302, response.text[:1000]
    product = Product.objects.get(name="Gula Semut")
    image = product.images.get()
    # The request only queued the renditions; the worker makes them, into the bucket.
    wait_for(lambda: image.__class__.objects.get(pk=image.pk).rendition_widths, "renditions", stack)
    photo = httpx.get(f"{stack.env['S3_ENDPOINT_URL']}/{stack.env['S3_BUCKET']}/{image.image.name}")
    assert photo.status_code == 200

    # A buyer orders it through nginx.
    if product.status == "review":  # the village checks products first
        from tokodesa.catalog.services import product_approve

        product_approve(product=product)
    variant = product.variants.get()
    buyer = Browser(base)
    added = buyer.post(
        "/batu-ampar/keranjang/tambah/",
        {"variant": variant.pk, "quantity": 2},
        form_on=f"/batu-ampar/produk/{product.slug}/",
    )
    assert added.status_code == 302, added.text[:500]
    address = {
        "name": "Rina Wulandari",
        "whatsapp": "0812-9876-5432",
        "province": "34",
        "regency": "34.71",
        "district": "34.71.01",
        "village": "34.71.01.1001",
        "street": "Jl. Suryowijayan 12",
        "delivery": "pickup",
        "payment": "bank_transfer",
    }
    assert buyer.post("/batu-ampar/pesan/", address).status_code == 302
    review = buyer.get("/batu-ampar/pesan/periksa/").text
    key = re.search(r'name="key" value="(\w+)"', review)[1]
    placed = buyer.post(
        "/batu-ampar/pesan/periksa/",
        {"key": key, "total": "30000"},
        form_on="/batu-ampar/pesan/periksa/",
    )
    assert placed.status_code == 302, placed.text[:500]
    order = Order.objects.get()
    assert order.total == 30000

    # Staff confirm the transfer.
    team = Browser(base)
    team.login("sari", "rahasia-456")
    manage = f"/batu-ampar/kelola/pesanan/{order.code}/"
    assert team.post(manage, {"action": "paid", "reason": "BRI"}).status_code == 302
    order.refresh_from_db()
    assert order.status == "paid"

    # The order e-mails were queued and run by the worker.
    from django_tasks_db.models import DBTaskResult

    wait_for(
        lambda: DBTaskResult.objects.filter(
            task_path__endswith="notify_order_placed", status="SUCCESSFUL"
        ).exists(),
        "the order e-mail task",
        stack,
    )

    # One cache for both app processes: wrong numbers for an order are counted together.
    statuses = []
    for i in range(11):  # alternately to each app process, straight, from fresh sessions
        guesser = Browser(f"http://127.0.0.1:{stack.web_ports[i % 2]}")
        guess = guesser.post(f"/batu-ampar/pesanan/{order.code}/", {"whatsapp": "081200000000"})
        statuses.append(guess.status_code)
    assert statuses[:10] == [403] * 10 and statuses[10] == 429

    # A worker killed mid-task: the task runs again when the worker is back.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from sample_tasks import slow

    marker = stack.tmp / "slow-done"
    result = slow.enqueue(str(marker), 3.0)
    wait_for(
        lambda: DBTaskResult.objects.get(pk=result.id).status == "RUNNING", "the slow task", stack
    )
    stack.processes["worker"].send_signal(signal.SIGKILL)
    stack.processes["worker"].wait(timeout=10)
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING" and not marker.exists()
    stack.start_worker()
    wait_for(
        lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL", "the rerun", stack
    )
    assert marker.read_text() == "done"

    # nginx refuses an upload far too big before it reaches an app process.
    huge = httpx.post(
        f"{base}/batu-ampar/lapak/produk/baru/",
        headers={"Host": "localhost"},
        content=b"x" * (13 * 1024 * 1024),
    )
    assert huge.status_code == 413
