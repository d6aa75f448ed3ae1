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


def test_saving_a_form_opened_before_a_sale_does_not_put_sold_units_back(seller):
    from tokodesa.catalog.services import VariantChange, product_update, stock_take

    product = make_product(seller, stock=10)
    variant = product.variants.get()
    seen = variant.stock  # the seller opens the edit page
    # A buyer takes 3 meanwhile.
    stock_take(village_id=variant.village_id, quantities={variant.pk: 3})
    change = VariantChange(
        id=variant.pk, label="500 g", price=20000, weight_g=550, stock=seen, stock_seen=seen
    )
    product_update(product=product, by_seller=False, variants=[change])
    variant.refresh_from_db()
    assert variant.stock == 7
    product_update(
        product=product,
        by_seller=False,
        variants=[
            VariantChange(
                id=variant.pk, label="500 g", price=20000, weight_g=550, stock=12, stock_seen=10
            )
        ],
    )
    variant.refresh_from_db()
    assert variant.stock == 9  # +2 on what is there now
    product.refresh_from_db()
    assert product.stock_total == 9
    with pytest.raises(ValidationError):  # would go below zero: refused, nothing saved
        product_update(
            product=product,
            by_seller=False,
            variants=[
                VariantChange(
                    id=variant.pk, label="1 kg", price=20000, weight_g=550, stock=0, stock_seen=20
                )
            ],
        )
    variant.refresh_from_db()
    assert (variant.stock, variant.label) == (9, "500 g")
