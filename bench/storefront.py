"""Storefront benchmark: throughput, latency, page weight and SQL queries of the shop pages.

    .venv/bin/python bench/storefront.py [--products 1000 100000] [--db sqlite postgres]
                                         [--seconds 10] [--concurrency 8]

For each database and catalogue size it builds a throwaway database in a temp dir (a SQLite
file, or a fresh PostgreSQL database that is dropped afterwards), migrates it, loads one
village with ~50 sellers and N products (bulk inserts, denormalised fields filled exactly as
``catalog.services.product_refresh`` does, a few dozen real photos), collects static files,
counts the SQL queries of every page in-process, serves the shop under gunicorn and drives
load at it over loopback. See bench/README.md.

The Django work (loading data, counting queries) runs in child processes of this script
(``--child load`` / ``--child queries``) so that each database gets its own settings.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
GUNICORN = str(BIN / "gunicorn")
VILLAGE = "batu-ampar"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"

# --------------------------------------------------------------------------- the catalogue

# Leaf category slug (from catalog/migrations/0003_national_categories.py) -> product kinds:
# (base name, unit, illustration kind or "", lowest and highest price of the biggest variant).
CATALOGUE: dict[str, list[tuple[str, str, str, int, int]]] = {
    "gula-pemanis": [
        ("Gula Aren Cetak Batok", "kg", "gula-aren", 30000, 60000),
        ("Gula Semut Aren", "bungkus", "gula-aren", 20000, 45000),
        ("Gula Kelapa", "kg", "gula-aren", 22000, 40000),
        ("Nira Aren Kental", "botol", "", 25000, 50000),
    ],
    "kopi-teh": [
        ("Kopi Bubuk Robusta", "bungkus", "kopi-bubuk", 25000, 90000),
        ("Kopi Bubuk Arabika", "bungkus", "kopi-bubuk", 40000, 150000),
        ("Biji Kopi Sangrai", "bungkus", "kopi-bubuk", 45000, 160000),
        ("Teh Daun Kelor", "bungkus", "", 15000, 40000),
        ("Teh Kayu Manis", "bungkus", "", 15000, 35000),
    ],
    "sayur-umbi": [
        ("Rebung Segar", "kg", "rebung", 10000, 25000),
        ("Singkong Mentega", "kg", "", 5000, 12000),
        ("Ubi Jalar Ungu", "kg", "", 8000, 18000),
        ("Cabai Merah Keriting", "kg", "", 30000, 80000),
        ("Daun Singkong", "ikat", "", 3000, 8000),
    ],
    "buah": [
        ("Kolang-kaling Segar", "kg", "kolang-kaling", 15000, 30000),
        ("Pisang Kepok", "ikat", "", 15000, 35000),
        ("Durian Lokal", "pcs", "", 40000, 150000),
        ("Jeruk Gerga", "kg", "", 15000, 30000),
        ("Alpukat Mentega", "kg", "", 18000, 40000),
    ],
    "rempah": [
        ("Jahe Merah", "kg", "", 20000, 45000),
        ("Kunyit Kering", "bungkus", "", 10000, 25000),
        ("Kayu Manis Batang", "bungkus", "", 15000, 40000),
        ("Cengkeh Kering", "bungkus", "", 25000, 70000),
        ("Serai Wangi", "ikat", "", 3000, 10000),
    ],
    "beras-biji": [
        ("Beras Merah", "kg", "", 15000, 25000),
        ("Beras Pandan Wangi", "kg", "", 14000, 22000),
        ("Kacang Tanah Kupas", "kg", "", 25000, 40000),
        ("Jagung Pipil Kering", "kg", "", 7000, 12000),
    ],
    "camilan-keripik": [
        ("Keripik Pisang", "bungkus", "", 10000, 30000),
        ("Keripik Singkong Balado", "bungkus", "", 8000, 25000),
        ("Keripik Tempe", "bungkus", "", 10000, 25000),
        ("Rengginang Ketan", "bungkus", "", 12000, 30000),
        ("Emping Melinjo", "bungkus", "", 20000, 60000),
    ],
    "manisan-olahan-buah": [
        ("Manisan Kolang-kaling", "toples", "kolang-kaling", 20000, 45000),
        ("Dodol Durian", "bungkus", "", 25000, 60000),
        ("Selai Nanas", "toples", "", 18000, 35000),
        ("Manisan Pala", "toples", "", 15000, 35000),
    ],
    "minuman": [
        ("Wedang Jahe Instan", "bungkus", "", 15000, 35000),
        ("Sirup Kayu Manis", "botol", "", 20000, 45000),
        ("Jamu Kunyit Asam", "botol", "", 10000, 25000),
        ("Kopi Jahe Sachet", "bungkus", "kopi-bubuk", 12000, 30000),
    ],
    "sambal-bumbu-jadi": [
        ("Sambal Terasi", "toples", "", 18000, 40000),
        ("Sambal Bawang", "toples", "", 18000, 40000),
        ("Bumbu Rendang", "bungkus", "", 15000, 30000),
        ("Bumbu Pecel Kacang", "bungkus", "", 12000, 28000),
    ],
    "kue-roti": [
        ("Lemang Bambu", "pcs", "", 15000, 35000),
        ("Kue Bolu Pandan", "pcs", "", 30000, 70000),
        ("Bagea Sagu", "bungkus", "", 15000, 30000),
        ("Kue Lapis Legit", "pcs", "", 80000, 250000),
    ],
    "kerajinan-bambu": [
        ("Cangkir Bambu", "pcs", "cangkir-bambu", 15000, 40000),
        ("Nampan Bambu", "pcs", "nampan-bambu", 35000, 90000),
        ("Sedotan Bambu", "set", "cangkir-bambu", 10000, 30000),
        ("Tempat Pensil Bambu", "pcs", "cangkir-bambu", 12000, 30000),
        ("Anyaman Bambu Tudung Saji", "pcs", "nampan-bambu", 40000, 100000),
    ],
    "tanah-liat-gerabah": [
        ("Guci Gerabah Kasongan", "pcs", "guci", 60000, 350000),
        ("Celengan Tanah Liat", "pcs", "celengan", 15000, 50000),
        ("Piring Tanah Liat", "pcs", "piring-tanah-liat", 20000, 60000),
        ("Anglo Tanah Liat", "pcs", "anglo", 35000, 80000),
        ("Kendi Gerabah", "pcs", "guci", 25000, 70000),
    ],
    "anyaman": [
        ("Tas Anyaman Pandan", "pcs", "nampan-bambu", 45000, 150000),
        ("Tikar Anyaman Mendong", "pcs", "nampan-bambu", 60000, 200000),
        ("Bakul Anyaman Bambu", "pcs", "nampan-bambu", 25000, 70000),
        ("Topi Anyaman Rotan", "pcs", "", 35000, 90000),
    ],
    "kerajinan-kayu": [
        ("Talenan Kayu Nangka", "pcs", "", 30000, 90000),
        ("Sendok Kayu Sonokeling", "set", "", 25000, 75000),
        ("Patung Kayu Ukir", "pcs", "", 100000, 500000),
        ("Asbak Kayu Jati", "pcs", "", 20000, 50000),
    ],
    "pot-hiasan-taman": [
        ("Pot Bunga Tanah Liat", "pcs", "pot-bunga", 15000, 80000),
        ("Pot Bunga Semen", "pcs", "pot-bunga", 25000, 120000),
        ("Hiasan Air Mancur Bambu", "set", "hiasan-air-mancur", 75000, 300000),
        ("Pot Gantung Sabut Kelapa", "pcs", "pot-bunga", 15000, 40000),
    ],
    "kain-tenun-batik": [
        ("Kain Batik Tulis Besurek", "pcs", "", 150000, 900000),
        ("Kain Tenun Ikat", "pcs", "", 200000, 1200000),
        ("Selendang Batik Cap", "pcs", "", 75000, 250000),
        ("Sarung Tenun Tangan", "pcs", "", 120000, 400000),
    ],
    "madu": [
        ("Madu Hutan Bukit Barisan", "botol", "", 60000, 200000),
        ("Madu Kelulut", "botol", "", 80000, 250000),
        ("Madu Randu", "botol", "", 50000, 150000),
    ],
    "telur": [
        ("Telur Ayam Kampung", "set", "", 20000, 45000),
        ("Telur Bebek Asin", "set", "", 25000, 50000),
        ("Telur Puyuh", "bungkus", "", 10000, 25000),
    ],
    "ikan-olahan": [
        ("Ikan Asin Teri", "bungkus", "", 20000, 60000),
        ("Ikan Lele Asap", "bungkus", "", 30000, 70000),
        ("Abon Ikan Tuna", "toples", "", 30000, 75000),
        ("Kerupuk Ikan Tenggiri", "bungkus", "", 15000, 40000),
    ],
    "tanaman-hias": [
        ("Anggrek Bulan", "pcs", "pot-bunga", 50000, 200000),
        ("Aglonema Merah", "pcs", "pot-bunga", 40000, 250000),
        ("Kaktus Mini", "pcs", "pot-bunga", 10000, 35000),
        ("Monstera Variegata", "pcs", "pot-bunga", 80000, 500000),
    ],
    "bibit": [
        ("Bibit Kopi Robusta", "pcs", "", 5000, 15000),
        ("Bibit Aren Genjah", "pcs", "", 15000, 40000),
        ("Bibit Durian Musang King", "pcs", "", 50000, 150000),
        ("Bibit Cabai Rawit", "set", "", 5000, 15000),
    ],
}
QUALIFIERS = [
    "Asli",
    "Premium",
    "Super",
    "Pilihan",
    "Organik",
    "Khas Kepahiang",
    "Batu Ampar",
    "Oleh-oleh",
    "Kemasan Hemat",
    "Buatan Tangan",
]
ORIGINS = [
    "kebun warga di kaki Bukit Barisan",
    "dapur rumah tangga di Merigi",
    "bengkel kerajinan desa",
    "kelompok tani Batu Ampar",
    "ibu-ibu PKK Batu Ampar",
]
CLOSINGS = [
    "Dikemas rapi dan dikirim dari kantor desa.",
    "Pesanan diproses satu sampai dua hari kerja.",
    "Cocok untuk oleh-oleh, hadiah dan kebutuhan sehari-hari.",
    "Setiap pembelian membantu warga desa secara langsung.",
]
INGREDIENTS = [
    "",
    "Bahan alami tanpa pengawet",
    "Tanpa pemanis buatan",
    "Gula aren, garam, rempah pilihan",
]
# Variant labels per unit: (label, share of the biggest variant's price, weight in grams).
SIZES = {
    "kg": [("250 g", 0.3, 280), ("500 g", 0.55, 550), ("1 kg", 1.0, 1100)],
    "bungkus": [("100 g", 0.3, 130), ("250 g", 0.6, 280), ("500 g", 1.0, 550)],
    "botol": [("250 ml", 0.4, 400), ("500 ml", 0.7, 700), ("1 liter", 1.0, 1300)],
    "toples": [("150 g", 0.45, 300), ("300 g", 0.75, 500), ("500 g", 1.0, 750)],
    "pcs": [("Kecil", 0.45, 400), ("Sedang", 0.7, 800), ("Besar", 1.0, 1500)],
    "set": [("Isi 6", 0.35, 400), ("Isi 12", 0.65, 800), ("Isi 24", 1.0, 1500)],
    "ikat": [("1 ikat", 0.35, 300), ("3 ikat", 0.7, 900), ("5 ikat", 1.0, 1500)],
}
WOMEN = [
    "Siti",
    "Nur",
    "Sri",
    "Dewi",
    "Rina",
    "Yanti",
    "Lestari",
    "Ani",
    "Wati",
    "Fitri",
    "Aminah",
    "Ratna",
    "Endang",
]
MEN = [
    "Harun",
    "Ahmad",
    "Budi",
    "Joko",
    "Slamet",
    "Rudi",
    "Agus",
    "Hendra",
    "Yusuf",
    "Eko",
    "Darmawan",
    "Syamsul",
]
FAMILY = [
    "Aminah",
    "Rasyid",
    "Saputra",
    "Wahyuni",
    "Hidayat",
    "Susanto",
    "Rahmawati",
    "Pratama",
    "Kurniawan",
    "Handayani",
    "Siregar",
    "Fauzi",
]
SELLERS = 50
FEATURED = 24
CHUNK = 5000


def pages(product_slug: str, seller_slug: str) -> list[tuple[str, str]]:
    """(name, path) of the pages the benchmark drives, in order."""
    shop = f"/{VILLAGE}"
    return [
        ("portal", "/"),
        ("home", f"{shop}/"),
        ("listing", f"{shop}/produk/?sort=termurah&page=3"),
        ("category", f"{shop}/kategori/hasil-pertanian/"),
        ("product", f"{shop}/produk/{product_slug}/"),
        ("search", f"{shop}/cari/?q=kopi"),
        ("search-2w", f"{shop}/cari/?q={quote_plus('gula aren')}"),
        ("seller", f"{shop}/penjual/{seller_slug}/"),
    ]


# --------------------------------------------------------------------------- child: load data


def _django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tokodesa.settings")
    import django

    django.setup()


def child_load(n_products: int, seed: int) -> dict:
    """Load one village, its sellers and ``n_products`` products; return timings and facts."""
    _django_setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils.text import slugify

    from tokodesa.catalog import services as catalog
    from tokodesa.catalog.models import Product, ProductImage, Variant
    from tokodesa.catalog.search import index_words
    from tokodesa.catalog.selectors import CategoryTree
    from tokodesa.demo import art
    from tokodesa.sellers import services as sellers
    from tokodesa.villages import services as villages

    rng = random.Random(seed)
    started = time.perf_counter()
    tree = CategoryTree.load()
    leaves = sorted(
        (c for c in tree.nodes.values() if not tree.children.get(c.pk)),
        key=lambda c: (tree.root_of(c).position, c.position, c.pk),
    )
    if not leaves:
        raise RuntimeError("no categories: did the data migration run?")
    kinds = {
        leaf.pk: CATALOGUE.get(leaf.slug) or [(f"Produk {leaf.name}", "pcs", "", 10000, 90000)]
        for leaf in leaves
    }

    with transaction.atomic():
        village = villages.village_create(
            name="Desa Batu Ampar",
            slug=VILLAGE,
            region_code="17.08.05.2007",
            district="Merigi",
            regency="Kabupaten Kepahiang",
            province="Bengkulu",
            postal_code="39371",
            whatsapp="081234567801",
            email="toko@batuampar.id",
            tagline="Gula aren, kopi dan kerajinan bambu dari kaki Bukit Barisan",
            story="Desa Batu Ampar berada di Kecamatan Merigi, Kabupaten Kepahiang, Bengkulu.",
            status="active",
            logo=SimpleUploadedFile(
                "logo.png", art.village_logo("Desa Batu Ampar", size=128), content_type="image/png"
            ),
        )
        # Each seller makes what two leaf categories hold; every leaf gets a few sellers.
        by_leaf: dict[int, list] = {leaf.pk: [] for leaf in leaves}
        seller_rows = []
        for j in range(SELLERS):
            woman = j % 2 == 0
            given = (WOMEN if woman else MEN)[j // 2 % len(WOMEN if woman else MEN)]
            family = FAMILY[(j * 5 + 3) % len(FAMILY)]
            own = [leaves[j % len(leaves)], leaves[(j * 7 + 3) % len(leaves)]]
            craft = kinds[own[0].pk][0][0].split()
            seller = sellers.seller_register(
                village=village,
                status="active",
                display_name=f"{'Ibu' if woman else 'Bapak'} {given} {family}",
                shop_name=f"{' '.join(craft[:2])} {'Bu' if woman else 'Pak'} {given}",
            )
            seller_rows.append(seller)
            for leaf in own:
                by_leaf[leaf.pk].append(seller)
        for leaf in leaves:  # a leaf nobody was given still needs a seller
            by_leaf[leaf.pk] = by_leaf[leaf.pk] or [seller_rows[leaf.pk % SELLERS]]
    setup_s = time.perf_counter() - started

    units = {u: str(Product(unit=u).get_unit_display()) for u in Product.Unit.values}
    text_cache: dict[tuple, str] = {}
    name_words: dict[tuple[str, str], str] = {}
    every_nth_featured = max(1, n_products // FEATURED)
    ids: list[int] = []
    prices: list[int] = []  # price_min by insertion order, to find what a sorted list shows
    featured: list[int] = []  # insertion index
    art_of: list[str] = []
    variant_count: list[int] = []
    n_variants = 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # this loading connection only: 256 MB of cache
            cursor.execute("PRAGMA cache_size = -262144")
    started, started_cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        for start in range(0, n_products, CHUNK):
            products, chunk_variants = [], []
            for i in range(start, min(n_products, start + CHUNK)):
                leaf = rng.choice(leaves)
                base, unit, picture, low, high = rng.choice(kinds[leaf.pk])
                seller = rng.choice(by_leaf[leaf.pk])
                qualifier = rng.choice(QUALIFIERS)
                name = f"{base} {qualifier} {i + 1}"
                description = (
                    f"{base} {qualifier.lower()} dari {ORIGINS[len(base) % len(ORIGINS)]}, "
                    f"Desa Batu Ampar. {CLOSINGS[len(qualifier) % len(CLOSINGS)]}"
                )
                ingredients = (
                    rng.choice(INGREDIENTS) if tree.root_of(leaf).slug == "olahan-pangan" else ""
                )
                top = round(rng.randint(low, high) / 500) * 500
                sizes = SIZES.get(unit, SIZES["pcs"])
                count = rng.choice((1, 1, 2, 2, 3))
                variants = []
                for position, (label, share, weight) in enumerate(sizes[-count:]):
                    stock = 0 if rng.random() < 0.08 else rng.randint(1, 120)
                    variants.append(
                        Variant(
                            village_id=village.pk,
                            position=position,
                            label=label,
                            price=max(1000, round(top * share / 500) * 500),
                            weight_g=weight,
                            stock=stock,
                        )
                    )
                # What catalog.services.product_refresh computes, computed the same way but
                # once per distinct input: the name's number is one more word (digits are
                # their own stem), the other texts repeat. Checked against the real thing below.
                if (base, qualifier) not in name_words:
                    name_words[base, qualifier] = index_words(f"{base} {qualifier}")
                key = (description, leaf.pk, seller.pk, unit, ingredients)
                if key not in text_cache:
                    parent = tree.nodes.get(leaf.parent_id)
                    text_cache[key] = index_words(
                        description,
                        leaf.name,
                        parent.name if parent else "",
                        seller.display_name,
                        seller.shop_name,
                        units[unit],
                        ingredients,
                    )
                is_featured = i % every_nth_featured == every_nth_featured // 2
                products.append(
                    Product(
                        village_id=village.pk,
                        seller_id=seller.pk,
                        category_id=leaf.pk,
                        name=name,
                        slug=slugify(name)[:140],
                        description=description,
                        unit=unit,
                        status="active",
                        is_featured=is_featured,
                        ingredients=ingredients,
                        price_min=min(v.price for v in variants),
                        price_max=max(v.price for v in variants),
                        stock_total=sum(v.stock for v in variants),
                        search_name=f"{name_words[base, qualifier]} {i + 1}",
                        search_text=text_cache[key],
                    )
                )
                chunk_variants.append(variants)
                prices.append(products[-1].price_min)
                art_of.append(picture or art.KINDS[leaf.pk % len(art.KINDS)])
                variant_count.append(count)
                if is_featured:
                    featured.append(i)
            Product.objects.bulk_create(products, batch_size=1000)
            flat = []
            for product, variants in zip(products, chunk_variants, strict=True):
                ids.append(product.pk)
                for variant in variants:
                    variant.product_id = product.pk
                    flat.append(variant)
            Variant.objects.bulk_create(flat, batch_size=1000)
            n_variants += len(flat)
    bulk_s, bulk_cpu_s = time.perf_counter() - started, time.process_time() - started_cpu

    # Check the shortcut against the real thing: product_refresh must change nothing.
    fields = ("price_min", "price_max", "stock_total", "search_name", "search_text")
    for pk in rng.sample(ids, min(30, len(ids))):
        product = Product.objects.select_related("seller", "category__parent").get(pk=pk)
        before = [getattr(product, f) for f in fields]
        catalog.product_refresh(product=product)
        after = [getattr(product, f) for f in fields]
        if before != after:
            raise RuntimeError(f"product {pk}: bulk-loaded {before} != product_refresh {after}")

    # A few dozen real photos where the driven pages show them: the featured products (home),
    # the newest (home, category), every other card of "termurah" page 3 (listing).
    started = time.perf_counter()
    by_price = sorted(range(len(ids)), key=lambda i: (prices[i], ids[i]))
    with_photo = dict.fromkeys(
        featured + list(range(max(0, len(ids) - 12), len(ids))) + by_price[48:72:2]
    )
    detail = max(featured or [len(ids) - 1], key=lambda i: (variant_count[i], -i))
    pictures: dict[tuple[str, int], bytes] = {}
    for n, i in enumerate(with_photo):
        product = Product.objects.get(pk=ids[i])
        for photo in range(2 if i == detail else 1):
            kind = (art_of[i], (n + photo) % 2)
            if kind not in pictures:
                pictures[kind] = art.product_illustration(kind[0], variant=kind[1], size=480)
            catalog.product_image_add(
                product=product,
                alt=product.name,
                upload=SimpleUploadedFile(f"{kind[0]}.jpg", pictures[kind], "image/jpeg"),
            )
    photos_s = time.perf_counter() - started

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        # What autovacuum does to a freshly loaded table a minute later; plans depend on it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        call_command("analyze_db")  # what `make run` does after loading data
    analyze_s = time.perf_counter() - started

    return {
        "setup_s": setup_s,
        "bulk_s": bulk_s,
        "bulk_cpu_s": bulk_cpu_s,
        "photos_s": photos_s,
        "analyze_s": analyze_s,
        "products": Product.objects.count(),
        "variants": n_variants,
        "photos": ProductImage.objects.count(),
        "renditions": ProductImage.objects.exclude(rendition_widths=[]).count(),
        "sellers": len(seller_rows),
        "categories": len(leaves),
        "product_slug": Product.objects.get(pk=ids[detail]).slug,
        "seller_slug": seller_rows[0].slug,
    }


# --------------------------------------------------------------------------- child: queries


def _explain(connection, sql: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        rows = cursor.fetchall()
    depth: dict[int, int] = {0: -1}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines


def child_queries(page_list: list[tuple[str, str]], explain_ms: float | None) -> dict:
    """Run each page through the test client and capture its SQL: after a warm-up, the
    fastest of three runs (one request at a time, so this is the page's own cost)."""
    _django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    out = {}
    for name, path in page_list:
        client.get(path)
        runs = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                runs.append((time.perf_counter() - started, captured.captured_queries))
        seconds, captured_queries = min(runs, key=lambda run: run[0])
        wall_ms = seconds * 1000
        queries = sorted(
            ((float(q["time"]) * 1000, q["sql"]) for q in captured_queries), reverse=True
        )
        page = {
            "status": response.status_code,
            "count": len(queries),
            "wall_ms": wall_ms,
            "sql_ms": sum(ms for ms, _ in queries),
            "slowest": queries[:3],
            "plans": [],
        }
        if explain_ms is not None:
            for ms, sql in queries[:3]:
                if ms >= explain_ms:
                    page["plans"].append({"ms": ms, "sql": sql, "plan": _explain(connection, sql)})
        out[name] = page
    return out


# --------------------------------------------------------------------------- the workspace


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_admin(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@dataclass
class Workspace:
    """A temp dir and a fresh database; removed on exit unless ``keep``."""

    db: str
    products: int
    pg_url: str
    keep: bool = False
    cache: str = "file"
    tmp: Path = field(init=False)
    db_name: str = ""
    server: subprocess.Popen | None = None

    def __enter__(self) -> Workspace:
        self.tmp = Path(tempfile.mkdtemp(prefix=f"tokodesa-bench-{self.db}-{self.products}-"))
        if self.db == "postgres":
            self.db_name = f"tokodesa_bench_{os.getpid()}_{self.products}_{secrets.token_hex(3)}"
            _pg_admin(self.pg_url, f'CREATE DATABASE "{self.db_name}"')
        return self

    def __exit__(self, *exc) -> None:
        self.stop_server()
        if self.keep:
            print(
                f"  kept {self.tmp}" + (f" and database {self.db_name}" if self.db_name else ""),
                file=sys.stderr,
            )
            return
        if self.db_name:
            try:
                _pg_admin(self.pg_url, f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            except Exception as error:  # noqa: BLE001 - report, then go on cleaning up
                print(f"  could not drop database {self.db_name}: {error}", file=sys.stderr)
        shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def database_url(self) -> str:
        if self.db == "postgres":
            return f"{self.pg_url}/{self.db_name}"
        return f"sqlite:///{self.tmp / 'var' / 'tokodesa.sqlite3'}"

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in {
                "REDIS_URL",
                "TASKS_BACKEND",
                "STATIC_MANIFEST",
                "CONN_MAX_AGE",
                "MEDIA_URL",
                "SERVE_MEDIA",
                "DJANGO_SETTINGS_MODULE",
            }
        }
        (self.tmp / "var").mkdir(exist_ok=True)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "tokodesa.settings",
                "TOKODESA_VAR_DIR": str(self.tmp / "var"),
                "DATABASE_URL": self.database_url,
                "MEDIA_ROOT": str(self.tmp / "media"),
                "STATIC_ROOT": str(self.tmp / "static"),
                "SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
                "DEBUG": "0",
                "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                "PLATFORM_HOSTS": "127.0.0.1",
                "LOG_LEVEL": "WARNING",
                "PYTHONWARNINGS": "ignore",
            }
        )
        if self.cache == "redis":
            env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
            env["CACHE_KEY_PREFIX"] = f"bench-{os.getpid()}-{self.products}"
        elif self.cache == "memory":
            env["LOCAL_CACHE"] = "memory"  # each app process its own
        else:
            env.pop("LOCAL_CACHE", None)  # a folder under var/, shared by the processes
        return env

    def run(self, *argv: str) -> float:
        """Run a command with this workspace's environment; return its wall time."""
        started = time.perf_counter()
        done = subprocess.run(
            argv, cwd=ROOT, env=self.env(), capture_output=True, text=True, check=False
        )
        if done.returncode:
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
            raise RuntimeError(f"{' '.join(argv[:4])}… failed with exit code {done.returncode}")
        return time.perf_counter() - started

    def child(self, *argv: str):
        out = self.tmp / f"child-{secrets.token_hex(4)}.json"
        self.run(PYTHON, str(Path(__file__).resolve()), "--child", *argv, "--out", str(out))
        return json.loads(out.read_text())

    def start_server(
        self, workers: int, threads: int, app: str = "tokodesa.wsgi", ready: str = f"/{VILLAGE}/"
    ) -> int:
        port = _free_port()
        log = open(self.tmp / "gunicorn.log", "w")  # noqa: SIM115 - lives as long as the server
        self.server = subprocess.Popen(
            [
                GUNICORN,
                "--chdir",
                str(ROOT / "bench") if app == "bare_app:application" else str(ROOT),
                app,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it in order
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + (self.tmp / "gunicorn.log").read_text())
            with contextlib.suppress(OSError, http.client.HTTPException):
                if fetch(port, ready)[0] == 200:
                    return port
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def server_cpu_s(self) -> float:
        """CPU seconds used so far by gunicorn's master and workers (Linux /proc), or nan."""
        if self.server is None:
            return float("nan")
        total = 0
        try:
            for stat in Path("/proc").glob("[0-9]*/stat"):
                with contextlib.suppress(OSError):
                    # Fields after "(comm)": state ppid ... utime (12th) stime (13th).
                    rest = stat.read_text().rsplit(")", 1)[1].split()
                    if int(stat.parent.name) == self.server.pid or int(rest[1]) == self.server.pid:
                        total += int(rest[11]) + int(rest[12])
        except OSError:
            return float("nan")
        return total / os.sysconf("SC_CLK_TCK")

    def stop_server(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        self.server.send_signal(signal.SIGINT)  # gunicorn: quick shutdown of master + workers
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)  # the session we started for it
            self.server.wait()


# --------------------------------------------------------------------------- load generator


def fetch(port: int, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def drive(port: int, path: str, seconds: float, concurrency: int) -> dict:
    """``concurrency`` keep-alive clients GET ``path`` back to back for ``seconds``."""
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency

    def client(slot: int) -> None:
        conn = None
        while time.perf_counter() < deadline:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                started = time.perf_counter()
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                latencies[slot].append(time.perf_counter() - started)
                if response.status != 200:
                    errors[slot] += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    all_ms = sorted(ms * 1000 for slot in latencies for ms in slot)
    done = len(all_ms)

    def pct(q: float) -> float:
        return all_ms[min(done - 1, int(q * done))] if done else float("nan")

    return {
        "rps": done / elapsed,
        "p50": pct(0.50),
        "p99": pct(0.99),
        "errors": sum(errors),
        "requests": done,
    }


# --------------------------------------------------------------------------- one run


def bench_one(db: str, n_products: int, args) -> dict:
    result: dict = {"db": db, "products": n_products, "pages": {}}
    say = _say
    result["cache"] = args.cache
    with Workspace(db, n_products, args.pg_url, keep=args.keep, cache=args.cache) as ws:
        say(f"[{db} {n_products:,}] migrate…")
        result["migrate_s"] = ws.run(PYTHON, "-m", "tokodesa", "migrate", "--no-input", "-v", "0")
        say(f"[{db} {n_products:,}] load {n_products:,} products…")
        load = ws.child("load", "--products", str(n_products), "--seed", str(args.seed))
        result["load"] = load
        say(
            f"[{db} {n_products:,}]   {load['products']:,} products, {load['variants']:,} "
            f"variants, {load['photos']} photos in {load['bulk_s'] + load['photos_s']:.1f} s"
        )
        say(f"[{db} {n_products:,}] collectstatic…")
        result["collectstatic_s"] = ws.run(
            PYTHON, "-m", "tokodesa", "collectstatic", "--no-input", "-v", "0"
        )
        page_list = pages(load["product_slug"], load["seller_slug"])
        say(f"[{db} {n_products:,}] SQL queries per page (test client)…")
        queries = ws.child(
            "queries",
            "--pages",
            json.dumps(page_list),
            *(["--explain", str(args.explain)] if args.explain is not None else []),
        )
        say(f"[{db} {n_products:,}] the bare Django view, same gunicorn…")
        port = ws.start_server(args.workers, args.threads, app="bare_app:application", ready="/")
        drive(port, "/", args.warmup, args.concurrency)
        result["bare"] = drive(port, "/", args.seconds, args.concurrency)
        ws.stop_server()
        say(f"[{db} {n_products:,}]   bare view {result['bare']['rps']:7.1f} req/s")
        say(f"[{db} {n_products:,}] gunicorn --workers {args.workers} --threads {args.threads}…")
        port = ws.start_server(args.workers, args.threads)
        drive(port, "/healthz", args.warmup, args.concurrency)
        result["healthz"] = drive(port, "/healthz", args.seconds, args.concurrency)
        for name, path in page_list:
            status, raw, _ = fetch(port, path)
            _, packed, headers = fetch(port, path, {"Accept-Encoding": "gzip"})
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            if headers.get("Content-Encoding") != "gzip":
                say(f"  warning: {path} was not gzipped")
            drive(port, path, args.warmup, args.concurrency)
            cpu_before, load_before = ws.server_cpu_s(), os.getloadavg()[0]
            load_result = drive(port, path, args.seconds, args.concurrency)
            cpu = ws.server_cpu_s() - cpu_before
            load_result["cpu_ms"] = cpu * 1000 / max(1, load_result["requests"])
            load_result["loadavg"] = max(load_before, os.getloadavg()[0])
            result["pages"][name] = {
                "path": path,
                "html": len(raw),
                "gzip": len(packed),
                "imgs": raw.count(b"<img"),
                **load_result,
                "sql": queries[name],
            }
            say(
                f"[{db} {n_products:,}] {name:10} {load_result['rps']:7.1f} req/s "
                f"({100 * load_result['rps'] / result['bare']['rps']:4.1f} % of bare)  "
                f"p50 {load_result['p50']:7.1f} ms  p99 {load_result['p99']:7.1f} ms  "
                f"{queries[name]['count']} queries"
            )
    return result


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def report(results: list[dict], args) -> str:
    lines = [
        f"Storefront benchmark: gunicorn --workers {args.workers} --threads {args.threads}, "
        f"cache: {args.cache}, "
        f"{args.concurrency} keep-alive clients, {args.seconds:g} s per page "
        f"(after {args.warmup:g} s warm-up), {os.cpu_count()} CPUs.",
        "app CPU = CPU time of the gunicorn processes per request (SQLite's work included, the "
        "PostgreSQL server's not); solo = one request in-process (test client), SQL = its "
        "queries' time; load avg = the machine's 1-minute load average during the run.",
        "",
        "% bare = the page's req/s as a share of the bare Django view's (bench/bare_app.py: no "
        "apps, no middleware, 5 KB) under the same gunicorn in the same run.",
        "",
        "| db | products | page | req/s | % bare | p50 ms | p99 ms | errors | app CPU ms/req "
        "| HTML B | gzip B | <img> | queries | solo ms | SQL ms | load avg |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        bare = r["bare"]
        lines.append(
            f"| {r['db']} | {r['products']:,} | *bare view* | {bare['rps']:.1f} | 100 "
            f"| {bare['p50']:.1f} | {bare['p99']:.1f} | {bare['errors']} | | 5,120 | | | 0 | | | |"
        )
        h = r["healthz"]
        lines.append(
            f"| {r['db']} | {r['products']:,} | /healthz | {h['rps']:.1f} "
            f"| {100 * h['rps'] / bare['rps']:.0f} | {h['p50']:.1f} | {h['p99']:.1f} "
            f"| {h['errors']} | | 3 | | | 0 | | | |"
        )
        for name, p in r["pages"].items():
            lines.append(
                f"| {r['db']} | {r['products']:,} | {name} | {p['rps']:.1f} "
                f"| {100 * p['rps'] / bare['rps']:.1f} | {p['p50']:.1f} "
                f"| {p['p99']:.1f} | {p['errors']} | {p['cpu_ms']:.1f} | {p['html']:,} "
                f"| {p['gzip']:,} | {p['imgs']} | {p['sql']['count']} | {p['sql']['wall_ms']:.1f} "
                f"| {p['sql']['sql_ms']:.1f} | {p['loadavg']:.1f} |"
            )
    lines += [
        "",
        "Load times (s): data = village, sellers, products + variants (bulk_create), of which "
        "the loader's own CPU (Python; the database's work is not in it); photos = "
        "product_image_add with renditions; analyze = VACUUM ANALYZE (PostgreSQL), "
        "analyze_db (SQLite).",
        "",
        "| db | products | variants | photos | migrate | data | loader CPU | photos | analyze "
        "| collectstatic |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ld = r["load"]
        lines.append(
            f"| {r['db']} | {ld['products']:,} | {ld['variants']:,} | {ld['photos']} "
            f"| {r['migrate_s']:.1f} | {ld['setup_s'] + ld['bulk_s']:.1f} "
            f"| {ld['bulk_cpu_s']:.1f} | {ld['photos_s']:.1f} | {ld['analyze_s']:.1f} "
            f"| {r['collectstatic_s']:.1f} |"
        )
    # The budget: a page's query count does not grow with the catalogue (the databases may
    # differ: PostgreSQL search checks for word matches before falling back to typos).
    counts: dict[tuple[str, str], dict[int, int]] = {}
    for r in results:
        for name, p in r["pages"].items():
            counts.setdefault((r["db"], name), {})[r["products"]] = p["sql"]["count"]
    lines += ["", "SQL queries per page by catalogue size:"]
    for (db, name), by_size in counts.items():
        verdict = "constant" if len(set(by_size.values())) == 1 else "GROWS WITH THE CATALOGUE"
        sizes = ", ".join(f"{n:,}: {count}" for n, count in by_size.items())
        lines.append(f"  {db:8} {name:10} {sizes}  ({verdict})")
    lines += ["", "Slowest SQL query of each page (in-process, ms):"]
    for r in results:
        for name, p in r["pages"].items():
            if p["sql"]["slowest"]:
                ms, sql = p["sql"]["slowest"][0]
                lines.append(
                    f"  {r['db']:8} {r['products']:>7,} {name:10} {ms:8.1f}  "
                    f"{sql[:110]}{'…' if len(sql) > 110 else ''}"
                )
            for plan in p["sql"]["plans"]:
                lines += [
                    "",
                    f"  EXPLAIN {r['db']} {r['products']:,} {name} ({plan['ms']:.1f} ms):",
                    f"    {plan['sql']}",
                ]
                lines += [f"      {row}" for row in plan["plan"]]
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--products",
        type=int,
        nargs="+",
        default=[1000, 100_000],
        help="catalogue sizes (default: 1000 100000)",
    )
    parser.add_argument(
        "--db",
        nargs="+",
        choices=["sqlite", "postgres"],
        default=["sqlite"],
        help="databases to run on (default: sqlite)",
    )
    parser.add_argument("--seconds", type=float, default=10, help="load time per page")
    parser.add_argument("--warmup", type=float, default=1, help="warm-up time per page")
    parser.add_argument("--concurrency", type=int, default=8, help="keep-alive clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the catalogue")
    parser.add_argument(
        "--cache",
        choices=["file", "memory", "redis"],
        default="file",
        help="the app's cache: var/ folder (make run's), each process's memory, or Redis",
    )
    parser.add_argument(
        "--pg-url",
        default=DEFAULT_PG,
        help=f"PostgreSQL server, user with CREATEDB (default: {DEFAULT_PG})",
    )
    parser.add_argument(
        "--explain",
        type=float,
        metavar="MS",
        default=None,
        help="print the plan of each page's slowest queries taking >= MS ms",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temp dirs and databases (to inspect them afterwards)",
    )
    parser.add_argument("--child", choices=["load", "queries"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pages", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        _django_setup()
        from tokodesa.core.tenancy import across_villages

        # The loader writes the one village's rows; requests set their own scope.
        with across_villages("the benchmark builds and inspects its own village"):
            if args.child == "load":
                args.out.write_text(json.dumps(child_load(args.products[0], args.seed)))
            else:
                page_list = [tuple(p) for p in json.loads(args.pages)]
                args.out.write_text(json.dumps(child_queries(page_list, args.explain)))
        return 0

    if not Path(GUNICORN).exists():
        parser.error(f"{GUNICORN} not found: run `make install` first")

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with it ignored
    results = []
    try:
        for db in args.db:
            for n_products in args.products:
                results.append(bench_one(db, n_products, args))
    except KeyboardInterrupt:
        _say("interrupted; cleaned up")
        return 130
    finally:
        if results:
            print(report(results, args))
            if args.json:
                args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
