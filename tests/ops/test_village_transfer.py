"""A village moves between installations: profile, settings, sellers, catalogue, photos."""

import pytest
from django.core.management import CommandError, call_command
from factories import jpeg_bytes, make_seller, upload

from tokodesa.catalog import services as catalog
from tokodesa.catalog.models import Product
from tokodesa.payments import services as payments
from tokodesa.payments.models import PaymentSettings
from tokodesa.shipping import services as shipping
from tokodesa.shipping.models import ShippingSettings
from tokodesa.villages.models import Village
from tokodesa.villages.services import domain_add, village_update

pytestmark = pytest.mark.django_db


def picture(field_file) -> tuple:
    """What a photo shows (its size and kind): imports put photos through the pipeline again,
    so the bytes are a fresh WebP of the same picture."""
    from PIL import Image

    with field_file.open("rb") as handle, Image.open(handle) as image:
        return image.format, image.size


@pytest.fixture
def full_village(village, staff, django_capture_on_commit_callbacks):
    village_update(
        village=village, actor=staff, logo=upload(jpeg_bytes((300, 300))), fee_basis_points=750,
        review_products=True,
    )  # fmt: skip
    domain_add(village=village, host="desabatuampar.id", primary=True)
    siti = make_seller(
        village, display_name="Ibu Siti", shop_name="Gula Siti", payout_account="BRI 0123",
        photo=upload(jpeg_bytes((400, 400))),
    )  # fmt: skip
    product = catalog.product_create(
        seller=siti,
        category=catalog_category("gula-pemanis"),
        name="Gula Aren Cetak",
        description="Dari nira aren.",
        unit="bungkus",
        status="active",
        pirt_number="2061708010123-25",
        variants=[
            catalog.VariantData("500 g", 25000, 550, 20, "GA-500"),
            catalog.VariantData("1 kg", 48000, 1050, 10, length_cm=20, width_cm=12, height_cm=8),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        catalog.product_image_add(
            product=product, upload=upload(jpeg_bytes((1200, 900))), alt="Gula"
        )
    payments.payment_settings_update(
        village=village, actor=staff, cod_enabled=True, cod_max_amount=500000, unique_code=False
    )
    payments.bank_account_add(
        village=village, actor=staff, bank_name="BRI", account_number="0123-01-000456-30-1",
        account_holder="BUMDes Batu Ampar",
    )  # fmt: skip
    shipping.shipping_settings_update(
        village=village, opening_hours="08.00–16.00", local_enabled=True
    )
    shipping.local_area_set(village=village, region_code="17.08.05", region_name="Merigi", fee=8000)
    return village


def catalog_category(slug):
    from factories import category

    return category(slug)


def test_a_village_exported_and_imported_comes_back_whole(full_village, tmp_path):
    archive = tmp_path / "batu-ampar.tar.gz"
    call_command("village_export", "batu-ampar", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command(
        "village_import", str(archive), "--slug", "batu-ampar-baru",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )  # fmt: skip
    old, new = full_village, Village.objects.get(slug="batu-ampar-baru")
    assert new.status == "draft"  # the operator opens it
    for name in ("name", "region_code", "district", "regency", "province", "postal_code",
                 "whatsapp", "fee_basis_points", "review_products"):  # fmt: skip
        assert getattr(new, name) == getattr(old, name), name
    assert picture(new.logo) == picture(old.logo)
    assert not new.domains.exists()  # DNS first: --with-domains adds them

    [siti] = new.sellers.all()
    assert (siti.display_name, siti.shop_name, siti.payout_account, siti.user) == (
        "Ibu Siti", "Gula Siti", "BRI 0123", None,
    )  # fmt: skip
    assert picture(siti.photo) == picture(old.sellers.get().photo)
    copy = Product.objects.get(village=new)
    original = Product.objects.get(village=old)
    assert (copy.name, copy.slug, copy.unit, copy.status, copy.pirt_number, copy.category) == (
        original.name, original.slug, original.unit, "active", original.pirt_number,
        original.category,
    )  # fmt: skip
    assert [
        (v.label, v.price, v.weight_g, v.stock, v.sku, v.length_cm) for v in copy.variants.all()
    ] == [
        (v.label, v.price, v.weight_g, v.stock, v.sku, v.length_cm) for v in original.variants.all()
    ]
    assert (copy.price_min, copy.stock_total) == (original.price_min, original.stock_total)
    [image] = copy.images.all()
    assert image.alt == "Gula" and image.width == original.images.get().width

    config = PaymentSettings.objects.get(village=new)
    assert (config.cod_enabled, config.cod_max_amount, config.unique_code) == (True, 500000, False)
    assert list(new.bank_accounts.values_list("bank_name", "account_number")) == [
        ("BRI", "0123-01-000456-30-1")
    ]
    ship = ShippingSettings.objects.get(village=new)
    assert (ship.opening_hours, ship.local_enabled) == ("08.00–16.00", True)
    assert list(new.local_delivery_areas.values_list("region_code", "fee")) == [("17.08.05", 8000)]


def test_an_import_never_overwrites_a_village(full_village, tmp_path):
    archive = tmp_path / "v.tar.gz"
    call_command("village_export", "batu-ampar", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="exists here already"):
        call_command("village_import", str(archive))
    assert Village.objects.count() == 1
