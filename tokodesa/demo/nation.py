"""A synthetic nation for measuring the platform at the scale it is meant for: a village shop
in each of up to 84,000 real desa/kelurahan of the official list, with sellers, products
(realistic names and prices per kind), and some sold orders.

Rows are written straight to the tables in large batches (COPY on PostgreSQL), not through
the services: this is measurement data, made in minutes rather than days. What the services
would compute on the way (slugs, price range, stock total, stemmed search text, order totals)
is computed here the same way. Never run it on a real installation's database.
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from tokodesa.catalog.models import Category, Product, Variant
from tokodesa.catalog.search import index_words
from tokodesa.orders.models import Order, OrderLine
from tokodesa.orders.services import CODE_ALPHABET
from tokodesa.regions.models import Region
from tokodesa.sellers.models import Seller
from tokodesa.villages.models import Village, order_prefix_for

# (category slug, unit, names, lowest and highest price of the largest size)
KINDS = [
    ("gula-pemanis", "kg", ["Gula Aren Cetak", "Gula Semut Aren", "Gula Kelapa"], 18000, 45000),
    (
        "kopi-teh",
        "bungkus",
        ["Kopi Bubuk Robusta", "Kopi Arabika Sangrai", "Teh Daun"],
        25000,
        90000,
    ),
    ("beras-biji", "kg", ["Beras Merah", "Beras Pandan Wangi", "Kacang Tanah"], 12000, 30000),
    (
        "camilan-keripik",
        "bungkus",
        ["Keripik Pisang", "Keripik Singkong Balado", "Rempeyek Kacang"],
        10000,
        35000,
    ),
    ("madu", "botol", ["Madu Hutan", "Madu Kelulut"], 60000, 180000),
    ("rempah", "bungkus", ["Jahe Merah Kering", "Kunyit Bubuk", "Kayu Manis"], 8000, 40000),
    (
        "kerajinan-bambu",
        "pcs",
        ["Cangkir Bambu", "Nampan Bambu", "Tempat Tisu Bambu"],
        15000,
        80000,
    ),
    ("anyaman", "pcs", ["Tas Anyaman Pandan", "Tikar Mendong", "Bakul Rotan"], 25000, 150000),
    (
        "tanah-liat-gerabah",
        "pcs",
        ["Pot Gerabah", "Kendi Tanah Liat", "Celengan Gerabah"],
        15000,
        120000,
    ),
    (
        "kain-tenun-batik",
        "pcs",
        ["Kain Tenun Ikat", "Batik Tulis", "Selendang Songket"],
        150000,
        900000,
    ),
    (
        "ikan-olahan",
        "bungkus",
        ["Ikan Asin Jambal", "Abon Ikan Tuna", "Terasi Udang"],
        15000,
        70000,
    ),
    ("tanaman-hias", "pcs", ["Anggrek Bulan", "Monstera", "Kaktus Mini"], 15000, 150000),
]
QUALIFIERS = ["Asli", "Premium", "Pilihan", "Organik", "Kemasan Hemat", "Buatan Tangan", "Super"]
SIZES = [("250 g", 0.3), ("500 g", 0.55), ("1 kg", 1.0)]
NAMES = ["Siti", "Nur", "Sri", "Dewi", "Rina", "Budi", "Joko", "Slamet", "Agus", "Eko", "Yanti"]
SOLD = ["completed", "completed", "paid", "shipped"]


@dataclass
class NationResult:
    villages: int = 0
    sellers: int = 0
    products: int = 0
    variants: int = 0
    orders: int = 0
    seconds: float = 0.0


def _time_zone(code: str) -> str:
    from tokodesa.onboarding.services import time_zone_for

    return time_zone_for(code)


class _Writer:
    """Rows of one model, written in batches: COPY on PostgreSQL, bulk_create elsewhere.
    Primary keys are given here (counted on from the table's largest), so children can name
    their parents before anything is written."""

    BATCH = 20_000

    def __init__(self, model):
        self.model, self.rows = model, []
        self.next_id = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.fields = [f for f in model._meta.concrete_fields if not f.generated]
        self.written = 0

    def add(self, **values) -> int:
        pk, self.next_id = self.next_id, self.next_id + 1
        obj = self.model(pk=pk, **values)
        self.rows.append(obj)
        if len(self.rows) >= self.BATCH:
            self.flush()
        return pk

    def _values(self, obj) -> list:
        # A value given is kept (an order's date in the past); the rest as saving would do.
        return [
            f.get_db_prep_save(
                value if (value := getattr(obj, f.attname)) is not None else f.pre_save(obj, True),
                connection,
            )
            for f in self.fields
        ]

    def flush(self) -> None:
        if not self.rows:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for obj in self.rows:
                        copy.write_row(self._values(obj))
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                    [self._values(obj) for obj in self.rows],
                )
        self.written += len(self.rows)
        self.rows = []

    def finish(self) -> None:
        self.flush()
        if connection.vendor == "postgresql":
            table = self.model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )


def _code(n: int) -> str:
    """A distinct order code body for every number (base 31 of the readable alphabet)."""
    body = ""
    for _ in range(5):
        n, digit = divmod(n, len(CODE_ALPHABET))
        body = CODE_ALPHABET[digit] + body
    return body


def nation_generate(
    *, villages: int, products: int = 60, orders: int = 3, seed: int = 1, say=print
) -> NationResult:
    """Open ``villages`` shops in desa that have none yet, each with 3 sellers, ``products``
    products of 1–3 sizes and ``orders`` sold orders of the last year."""
    started = time.monotonic()
    rng = random.Random(seed)
    taken = set(Village.objects.values_list("region_code", flat=True))
    desa = [r for r in Region.objects.filter(level=4).order_by("code") if r.code not in taken]
    if villages < len(desa):  # spread over the whole country, not the first provinces only
        step = len(desa) / villages
        desa = [desa[int(i * step)] for i in range(villages)]
    parents = {r.code: r for r in Region.objects.filter(level__lt=4)}
    categories = dict(Category.objects.values_list("slug", "pk"))
    kinds = [kind for kind in KINDS if kind[0] in categories]
    if not kinds:
        raise ValueError("The national category tree is missing (migrate first).")
    result = NationResult()
    writers = {m: _Writer(m) for m in (Village, Seller, Product, Variant, Order, OrderLine)}
    words: dict[str, str] = {}
    now = timezone.now()
    first_order = writers[Order].next_id
    with transaction.atomic():
        for n, region in enumerate(desa, 1):
            district = parents[region.code.rsplit(".", 1)[0]]
            regency = parents[district.code.rsplit(".", 1)[0]]
            province = parents[regency.code.rsplit(".", 1)[0]]
            name = f"{'Kelurahan' if region.code.split('.')[3][0] == '1' else 'Desa'} {region.name}"
            village_id = writers[Village].add(
                name=name,
                slug=f"{slugify(region.name)[:40]}-{region.code.replace('.', '')}",
                region_code=region.code,
                district=district.name,
                regency=regency.name,
                province=province.name,
                postal_code=region.postal_code,
                tagline=f"Hasil warga {name}",
                time_zone=_time_zone(region.code),
                order_prefix=order_prefix_for(name),
                status=Village.Status.ACTIVE,
            )
            sellers = []
            for s in range(3):
                given = rng.choice(NAMES)
                sellers.append(
                    (
                        writers[Seller].add(
                            village_id=village_id,
                            display_name=f"{given} {region.name}",
                            shop_name="",
                            slug=f"{slugify(given)}-{s + 1}",
                            status="active",
                        ),
                        f"{given} {region.name}",
                    )
                )
            sold = []
            for p in range(products):
                slug, unit, names, low, high = kinds[(n + p) % len(kinds)]
                base = rng.choice(names)
                product_name = f"{base} {rng.choice(QUALIFIERS)} {p + 1}"
                top = round(rng.randint(low, high) / 500) * 500
                sizes = SIZES[-rng.choice((1, 2, 3)) :] if unit != "pcs" else [("1 buah", 1.0)]
                prices = [max(1000, round(top * share / 500) * 500) for _label, share in sizes]
                stocks = [rng.randint(0, 80) for _ in sizes]
                seller_id, seller_name = sellers[p % 3]
                description = f"{base} dari warga {name}, {regency.name}."
                if description not in words:
                    words[description] = index_words(description, seller_name, region.name)
                product_id = writers[Product].add(
                    village_id=village_id,
                    seller_id=seller_id,
                    category_id=categories[slug],
                    name=product_name,
                    slug=slugify(product_name)[:140],
                    description=description,
                    unit=unit,
                    status="active",
                    price_min=min(prices),
                    price_max=max(prices),
                    stock_total=sum(stocks),
                    search_name=index_words(product_name),
                    search_text=words[description],
                )
                for position, ((label, share), price, stock) in enumerate(
                    zip(sizes, prices, stocks, strict=True)
                ):
                    variant_id = writers[Variant].add(
                        village_id=village_id,
                        product_id=product_id,
                        position=position,
                        label=label,
                        price=price,
                        weight_g=int(1000 * share) + 50,
                        stock=stock,
                    )
                    if len(sold) < orders:
                        sold.append(
                            (variant_id, seller_id, seller_name, product_name, label, price)
                        )
            for o, line in enumerate(sold):
                variant_id, seller_id, seller_name, product_name, label, price = line
                quantity = rng.randint(1, 3)
                subtotal = price * quantity
                buyer_province = rng.choice(["31", "32", "33", "34", "35", "17", "51", "73"])
                order_id = writers[Order].add(
                    village_id=village_id,
                    code=f"{order_prefix_for(name)}-{_code(writers[Order].next_id - first_order)}",
                    status=SOLD[o % len(SOLD)],
                    channel="web",
                    buyer_name="Pembeli Contoh",
                    buyer_whatsapp="+6281200000000",
                    province_code=buyer_province,
                    delivery_method="pickup",
                    delivery_label="Ambil di toko desa",
                    payment_method="bank_transfer",
                    payment_label="Transfer bank",
                    subtotal=subtotal,
                    total=subtotal,
                    payable=subtotal,
                    weight_g=600 * quantity,
                    fee_basis_points=0,
                    created_at=now - timedelta(days=rng.randint(0, 330), hours=rng.randint(0, 23)),
                )
                writers[OrderLine].add(
                    village_id=village_id,
                    order_id=order_id,
                    variant_id=variant_id,
                    seller_id=seller_id,
                    product_name=product_name,
                    variant_label=label,
                    seller_name=seller_name,
                    unit_price=price,
                    quantity=quantity,
                    weight_g=600,
                    line_total=subtotal,
                )
            if n % 1000 == 0:
                made = writers[Product].written + len(writers[Product].rows)
                say(f"  {n:,} villages, {made:,} products")
        for writer in writers.values():
            writer.finish()
    result.villages = writers[Village].written
    result.sellers = writers[Seller].written
    result.products = writers[Product].written
    result.variants = writers[Variant].written
    result.orders = writers[Order].written
    result.seconds = time.monotonic() - started
    return result
