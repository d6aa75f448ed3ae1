import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from factories import make_product, make_seller

from tokodesa.catalog.models import Product, Variant
from tokodesa.catalog.services import VariantData, product_create, product_refresh

pytestmark = pytest.mark.django_db


def test_product_needs_a_variant(seller):
    from factories import category

    with pytest.raises(ValidationError):
        product_create(seller=seller, category=category(), name="Tanpa Varian", variants=[])
    assert not Product.objects.exists()


def test_slugs_are_unique_per_village_and_readable(village, seller, other_village):
    first = make_product(seller, "Gula Aren")
    second = make_product(seller, "Gula Aren")
    elsewhere = make_product(make_seller(other_village), "Gula Aren")
    assert (first.slug, second.slug, elsewhere.slug) == ("gula-aren", "gula-aren-2", "gula-aren")


def test_price_range_and_stock_follow_the_variants(seller):
    product = make_product(
        seller, variants=[VariantData("kecil", 20000, 500, 3), VariantData("besar", 35000, 1000, 0)]
    )
    assert (product.price_min, product.price_max, product.stock_total) == (20000, 35000, 3)
    product.variants.filter(label="kecil").update(stock=0)
    product_refresh(product=product)
    product.refresh_from_db()
    assert not product.in_stock


def test_a_bad_variant_saves_nothing(seller):
    from factories import category

    with pytest.raises(ValidationError):
        product_create(
            seller=seller,
            category=category(),
            name="Kopi",
            variants=[VariantData("250 g", -5, 300, 1)],
        )
    assert not Product.objects.exists()


def test_stock_can_never_go_below_zero_in_the_database(seller):
    product = make_product(seller, stock=1)
    variant = product.variants.get()
    taken = Variant.objects.filter(pk=variant.pk, stock__gte=2).update(stock=F("stock") - 2)
    assert taken == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        Variant.objects.filter(pk=variant.pk).update(stock=F("stock") - 2)
    variant.refresh_from_db()
    assert variant.stock == 1
