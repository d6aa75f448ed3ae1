"""A backup restored into a fresh database and fresh storage gives back every row and file."""

import json
import tarfile

import pytest
from django.core import serializers
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from factories import jpeg_bytes, make_product, make_seller, place_order, upload

from tokodesa.catalog import services as catalog
from tokodesa.core.tenancy import across_villages
from tokodesa.ledger.services import payout_record
from tokodesa.ops.backup import _models, _named_files
from tokodesa.orders import services as orders
from tokodesa.payments import services as payments

pytestmark = pytest.mark.django_db(transaction=True)


def everything() -> tuple[dict, dict]:
    """Every row (as serialized) and every named file's bytes."""
    with across_villages("comparing a backup"):
        models = _models()
        rows = {
            m._meta.label_lower: serializers.serialize(
                "json", m._base_manager.order_by("pk"), use_natural_foreign_keys=True
            )
            for m in models
        }
        files = {}
        for store, name in _named_files(models):
            if storages[store].exists(name):
                with storages[store].open(name, "rb") as handle:
                    files[(store, name)] = handle.read()
    return rows, files


def fresh_storage(settings, tmp_path, label):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / label / "media")},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / label / "private"), "base_url": None},
        },
    }


def test_backup_then_restore_into_a_fresh_installation(
    settings, tmp_path, village, regions, bank_account, staff
):
    fresh_storage(settings, tmp_path, "before")
    seller = make_seller(village, display_name="Ibu Siti")
    product = make_product(seller, "Gula Aren", price=20000, stock=50)
    catalog.product_image_add(product=product, upload=upload(jpeg_bytes((1200, 900))))
    variant = product.variants.get()
    paid = place_order(village, [(variant, 2)])
    payments.payment_claim(order=paid, proof=upload(jpeg_bytes((600, 800))))
    payments.payment_confirm(order=paid, actor=staff)
    orders.order_start_preparing(order=paid, actor=staff)
    orders.order_complete(order=paid, actor=staff)  # pickup: handed over, sellers earn
    payout_record(seller=seller, amount=10000, actor=staff, method="cash")
    place_order(village, [(variant, 1)], buyer="Budi")  # still waiting for its payment
    rows, files = everything()
    assert rows["ledger.ledgerentry"] != "[]" and rows["payments.paymentrecord"] != "[]"
    assert {store for store, _ in files} == {"default", "private"} and len(files) >= 4

    archive = tmp_path / "tokodesa.tar.gz"
    call_command("backup", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "data.json"} <= set(tar.getnames())

    call_command("flush", interactive=False, verbosity=0)  # a fresh database …
    fresh_storage(settings, tmp_path, "after")  # … and fresh storage
    assert everything()[0]["villages.village"] == "[]"
    call_command("restore", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115

    restored_rows, restored_files = everything()
    assert restored_rows == rows
    assert restored_files == files

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    # The shop goes on where it stopped: new rows get new ids.
    after = place_order(village, [(variant, 1)], buyer="Citra")
    assert after.pk > max(o["pk"] for o in json.loads(rows["orders.order"]))


def test_the_daily_backup_keeps_the_newest_archives(settings, tmp_path, village):
    from tokodesa.ops.tasks import backup_daily

    settings.BACKUP_DIR, settings.BACKUP_KEEP = str(tmp_path / "backups"), 2
    (tmp_path / "backups").mkdir()
    for day in ("20261101", "20261102", "20261103"):
        (tmp_path / "backups" / f"tokodesa-{day}.tar.gz").write_bytes(b"old")
    written = backup_daily.call()
    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert kept == ["tokodesa-20261103.tar.gz", written.rsplit("/", 1)[1]]
    with tarfile.open(written) as tar:
        assert "manifest.json" in tar.getnames()


def test_what_backups_leave_out_names_real_models():
    from django.apps import apps

    from tokodesa.ops.backup import LEFT_OUT

    labels = {m._meta.label_lower for m in apps.get_models()}
    assert labels >= LEFT_OUT, LEFT_OUT - labels
