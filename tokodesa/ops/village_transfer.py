"""Moving one village between installations: its profile, settings, sellers and catalogue.

``village_export`` writes one archive (tar, gzip): ``village.json`` and the photos it names
(``files/…``). ``village_import`` rebuilds the village from it on another installation, through
each app's own services (so every rule and every audit applies), in one transaction, as a
draft shop the operator opens. Not moved, on purpose: orders, payments, the ledger and reports
(they stay where they happened), user accounts and team roles (people log in where they are;
the team signs them up again and hands sellers their new login), domains (their DNS must be
pointed at the new installation first; `--with-domains` adds them) and Midtrans keys (they are
encrypted with the old installation's secret: the village admin enters them again).
"""

import json
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from tokodesa.catalog import services as catalog
from tokodesa.catalog.models import Category, Product
from tokodesa.core.tenancy import village_scope
from tokodesa.payments import services as payments
from tokodesa.payments.models import PaymentSettings
from tokodesa.sellers import services as sellers
from tokodesa.shipping import services as shipping
from tokodesa.shipping.models import ShippingSettings
from tokodesa.villages import services as villages
from tokodesa.villages.models import Village

from .backup import add_to_archive

FORMAT = 1
VILLAGE_FIELDS = [
    "name", "slug", "region_code", "district", "regency", "province", "postal_code",
    "tagline", "story", "whatsapp", "email", "address", "time_zone",
]  # fmt: skip
VILLAGE_SETTINGS = ["fee_basis_points", "review_products", "transparency_public"]
SELLER_FIELDS = ["display_name", "shop_name", "story", "whatsapp", "payout_account", "status"]
PRODUCT_FIELDS = [
    "name", "description", "unit", "status", "is_featured", "net_weight_g", "pirt_number",
    "halal_number", "bpom_number", "shelf_life_days", "ingredients",
]  # fmt: skip
VARIANT_FIELDS = [
    "label",
    "price",
    "weight_g",
    "stock",
    "sku",
    "length_cm",
    "width_cm",
    "height_cm",
]
PAYMENT_FIELDS = ["unique_code", "cod_enabled", "cod_max_amount", "qris_payload"]
SHIPPING_FIELDS = [
    "packing_allowance_g", "opening_hours", "map_url", "local_enabled", "local_free_minimum",
    "couriers_enabled", "auto_complete_days", "rate_table",
]  # fmt: skip


class TransferError(Exception):
    pass


def _pick(row, names) -> dict:
    return {name: getattr(row, name) for name in names}


def village_export(village: Village, path: Path) -> dict:
    """Write the village's archive; return what it holds."""
    files: dict[str, bytes] = {}

    def keep(field_file) -> str:
        if not field_file:
            return ""
        with field_file.open("rb") as handle:
            files[field_file.name] = handle.read()
        return field_file.name

    with village_scope(village):
        payment = PaymentSettings.objects.filter(village=village).first()
        ship = ShippingSettings.objects.filter(village=village).first()
        document = {
            "format": FORMAT,
            "exported_at": datetime.now(UTC).isoformat(),
            "village": {
                **_pick(village, VILLAGE_FIELDS + VILLAGE_SETTINGS),
                "logo": keep(village.logo),
            },
            "domains": [
                {"host": d.host, "is_primary": d.is_primary} for d in village.domains.all()
            ],
            "sellers": [
                {**_pick(s, SELLER_FIELDS), "slug": s.slug, "photo": keep(s.photo)}
                for s in village.sellers.order_by("pk")
            ],
            "products": [
                {
                    **_pick(p, PRODUCT_FIELDS),
                    "seller": p.seller.slug,
                    "category": p.category.slug,
                    "variants": [_pick(v, VARIANT_FIELDS) for v in p.variants.order_by("position")],
                    "images": [
                        {"file": keep(i.image), "alt": i.alt} for i in p.images.order_by("position")
                    ],
                }
                for p in Product.objects.filter(village=village)
                .select_related("seller", "category")
                .order_by("pk")
            ],
            "payments": {
                **(_pick(payment, PAYMENT_FIELDS) if payment else {}),
                "bank_accounts": [
                    {
                        "bank_name": a.bank_name,
                        "account_number": a.account_number,
                        "account_holder": a.account_holder,
                    }
                    for a in village.bank_accounts.filter(is_active=True).order_by("position")
                ],
            },  # fmt: skip
            "shipping": {
                **(_pick(ship, SHIPPING_FIELDS) if ship else {}),
                "areas": [
                    {"region_code": a.region_code, "region_name": a.region_name, "fee": a.fee}
                    for a in village.local_delivery_areas.order_by("pk")
                ],
            },
        }
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            add_to_archive(archive, f"files/{name}", content)
        add_to_archive(
            archive, "village.json", json.dumps(document, ensure_ascii=False, indent=1).encode()
        )
    return document


def village_import(path: Path, *, slug: str = "", actor=None, with_domains: bool = False):
    """Rebuild the village of an archive here, as a draft shop; return it."""
    with tarfile.open(path, "r:gz") as archive:
        document = json.loads(archive.extractfile("village.json").read())
        if document.get("format") != FORMAT:
            raise TransferError(f"unknown archive format {document.get('format')!r}")
        files = {
            member.name.removeprefix("files/"): archive.extractfile(member).read()
            for member in archive.getmembers()
            if member.name.startswith("files/") and member.isfile()
        }

    def upload(name: str):
        if not name:
            return None
        if name not in files:
            raise TransferError(f"the archive lacks {name}")
        return ContentFile(files[name], name=Path(name).name)

    data = document["village"]
    slug = slug or data["slug"]
    if Village.objects.filter(slug=slug).exists():
        raise TransferError(f"a village with the address {slug!r} exists here already")
    categories = {c.slug: c for c in Category.objects.all()}
    with transaction.atomic():
        fields = {name: data[name] for name in VILLAGE_FIELDS if name != "slug"}
        village = villages.village_create(slug=slug, logo=upload(data["logo"]), **fields)
        with village_scope(village):
            villages.village_update(
                village=village, actor=actor, **{k: data[k] for k in VILLAGE_SETTINGS}
            )
            if with_domains:
                for domain in document["domains"]:
                    villages.domain_add(
                        village=village, host=domain["host"], primary=domain["is_primary"]
                    )
            by_slug = {}
            for row in document["sellers"]:
                by_slug[row["slug"]] = sellers.seller_register(
                    village=village,
                    photo=upload(row["photo"]),
                    **{name: row[name] for name in SELLER_FIELDS},
                )
            for row in document["products"]:
                category = categories.get(row["category"])
                if category is None:
                    raise TransferError(f"no category {row['category']!r} here")
                product = catalog.product_create(
                    seller=by_slug[row["seller"]],
                    category=category,
                    variants=[catalog.VariantData(**v) for v in row["variants"]],
                    **{name: row[name] for name in PRODUCT_FIELDS},
                )
                for image in row["images"]:
                    catalog.product_image_add(
                        product=product, upload=upload(image["file"]), alt=image["alt"]
                    )
            money = document["payments"]
            if settings_fields := {k: money[k] for k in PAYMENT_FIELDS if k in money}:
                payments.payment_settings_update(village=village, actor=actor, **settings_fields)
            for account in money["bank_accounts"]:
                payments.bank_account_add(village=village, actor=actor, **account)
            delivery = document["shipping"]
            if settings_fields := {k: delivery[k] for k in SHIPPING_FIELDS if k in delivery}:
                shipping.shipping_settings_update(village=village, **settings_fields)
            for area in delivery["areas"]:
                shipping.local_area_set(village=village, **area)
    return village
