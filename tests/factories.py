"""Test data made through the services, as the application makes it."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tokodesa.cart.services import cart_add, cart_get_or_create
from tokodesa.catalog import services as catalog
from tokodesa.catalog.models import Category
from tokodesa.catalog.national_tree import ensure_national_tree
from tokodesa.checkout import services as checkout
from tokodesa.sellers import services as sellers
from tokodesa.villages import services as villages

_counter = itertools.count(1)

#: The checkout form as a guest in Yogyakarta fills it (POST to /<slug>/pesan/).
CHECKOUT_FORM = {
    "name": "Rina Wulandari",
    "whatsapp": "0812-9876-5432",
    "email": "",
    "province": "34",
    "regency": "34.71",
    "district": "34.71.01",
    "village": "34.71.01.1001",
    "street": "Jl. Suryowijayan 12",
    "rt_rw": "",
    "postal_code": "",
    "note": "",
    "delivery": "pickup",
    "payment": "bank_transfer",
}


def race(village, jobs) -> list[str]:
    """Run ``jobs`` (callables) at the same moment, each in its own thread with its own
    database connection and the village's scope, as requests would; returns each outcome:
    "done", "told: <message>" for a ValidationError, or "error: …"."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connections

    from tokodesa.core.tenancy import village_scope

    start = threading.Barrier(len(jobs))
    results: list[str] = []
    lock = threading.Lock()

    def run(job):
        with village_scope(village):  # a new thread starts with no village, as a request
            try:
                start.wait()
                job()
                outcome = "done"
            except ValidationError as error:
                outcome = "told: " + error.messages[0]
            except Exception as error:  # noqa: BLE001 - reported to the test
                outcome = f"error: {error!r}"
            finally:
                connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def make_village(**overrides):
    fields = {
        "name": "Desa Batu Ampar",
        "slug": "batu-ampar",
        "region_code": "17.08.05.2007",
        "district": "Merigi",
        "regency": "Kabupaten Kepahiang",
        "province": "Bengkulu",
        "postal_code": "39371",
        "whatsapp": "081234567801",
        "tagline": "Gula aren dan kerajinan bambu",
        "story": "Desa di kaki Bukit Barisan.",
        "status": "active",
    }
    fields.update(overrides)
    return villages.village_create(**fields)


def make_seller(village, **overrides):
    fields = {
        "display_name": f"Ibu Penjual {next(_counter)}",
        "status": "active",
        "whatsapp": "081234567811",
    }
    fields.update(overrides)
    return sellers.seller_register(village=village, **fields)


def category(slug: str = "gula-pemanis") -> Category:
    try:
        return Category.objects.get(slug=slug)
    except Category.DoesNotExist:
        # Transactional tests (browser, races) flush the tables, data migrations included.
        ensure_national_tree(Category)
        return Category.objects.get(slug=slug)


def make_product(
    seller,
    name=None,
    *,
    category_slug="gula-pemanis",
    price=20000,
    stock=10,
    variants=None,
    status="active",
    **fields,
):
    variants = variants or [
        catalog.VariantData(label="500 g", price=price, weight_g=550, stock=stock)
    ]
    return catalog.product_create(
        seller=seller,
        category=category(category_slug),
        name=name or f"Produk {next(_counter)}",
        variants=variants,
        status=status,
        **fields,
    )


def jpeg_bytes(size=(800, 600), color=(180, 90, 30), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def upload(content: bytes, name="foto.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def bulk_products(
    sellers, n: int, *, category_slugs=("gula-pemanis", "kopi-teh", "kerajinan-bambu")
) -> None:
    """Many on-sale products quickly (bulk inserts), with the fields services would fill."""
    from tokodesa.catalog.models import Product, Variant
    from tokodesa.catalog.search import index_words

    categories = [category(slug) for slug in category_slugs]
    start = next(_counter) * 100_000
    products = []
    for i in range(n):
        seller = sellers[i % len(sellers)]
        name = f"Produk Massal {start + i}"
        products.append(
            Product(
                village_id=seller.village_id,
                seller=seller,
                category=categories[i % len(categories)],
                name=name,
                slug=f"produk-massal-{start + i}",
                status="active",
                description="Hasil bumi desa.",
                price_min=1000 + i,
                price_max=2000 + i,
                stock_total=i % 5,
                search_name=index_words(name),
                search_text=index_words("Hasil bumi desa."),
            )
        )
    Product.objects.bulk_create(products, batch_size=500)
    Variant.objects.bulk_create(
        [
            Variant(
                village_id=p.village_id,
                product=p,
                label=label,
                price=price,
                weight_g=500,
                stock=p.stock_total,
            )
            for p in products
            for label, price in (("kecil", p.price_min), ("besar", p.price_max))
        ],
        batch_size=1000,
    )
    catalog.catalog_changed(village_id=sellers[0].village_id)


def place_order(
    village, picks, *, delivery="pickup", payment="bank_transfer", buyer="Rina", email="", **kw
):
    """An order placed through checkout by a buyer in Yogyakarta (needs the ``regions``
    fixture): ``picks`` is [(variant, quantity), …]."""
    cart = cart_get_or_create(village=village, session={})
    for variant, quantity in picks:
        cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    return checkout.order_place(
        cart=cart,
        buyer=checkout.BuyerDetails(name=buyer, whatsapp="081298765432", email=email),
        address=checkout.AddressDetails(village_code="34.71.01.1001", street="Jl. A 1"),
        delivery_code=delivery,
        payment_code=payment,
        **kw,
    )


def placing(cart, *, buyer="Pembeli"):
    """Placing ``cart`` as a buyer in Yogyakarta would (pickup, bank transfer): for races."""
    return lambda: checkout.order_place(
        cart=cart,
        buyer=checkout.BuyerDetails(name=buyer, whatsapp="081298765432"),
        address=checkout.AddressDetails(village_code="34.71.01.1001", street="Jl. A 1"),
        delivery_code="pickup",
        payment_code="bank_transfer",
    )


def log_in_as_seller(client, seller, username="siti"):
    """A login for ``seller`` (her stall at /<slug>/lapak/), logged in on ``client``."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, password="x")
    sellers.seller_link_user(seller=seller, user=user)
    client.force_login(user)
    return user


def edit_form(product, **fields):
    """The seller's product form as it shows ``product`` (one variant, unchanged), with
    ``fields`` changed."""
    variant = product.variants.get()
    data = {
        "name": product.name,
        "category": product.category_id,
        "unit": product.unit,
        "description": product.description,
        "v-TOTAL_FORMS": "1",
        "v-INITIAL_FORMS": "1",
        "v-MIN_NUM_FORMS": "0",
        "v-MAX_NUM_FORMS": "20",
        "v-0-id": variant.pk,
        "v-0-stock_seen": variant.stock,
        "v-0-label": variant.label,
        "v-0-price": variant.price,
        "v-0-stock": variant.stock,
        "v-0-weight_g": variant.weight_g,
    }
    data.update(fields)
    return data
