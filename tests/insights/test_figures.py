"""The figures across villages add up shops, sellers, products and sales by region."""

from datetime import date

import pytest
from factories import make_product, make_seller, make_village, place_order

from tokodesa.insights.models import Figure
from tokodesa.insights.selectors import (
    catalog_figures,
    child_catalog_figures,
    figures_stale,
    monthly_sales,
    top_keys,
)
from tokodesa.insights.services import figures_refresh
from tokodesa.orders.models import Order

pytestmark = pytest.mark.django_db


def test_shops_sellers_products_and_sales_add_up_by_region(
    village, other_village, regions, bank_account, staff
):
    make_village(slug="desa-draf", name="Desa Draf", region_code="34.71.01.1001", status="draft")
    gula = make_product(make_seller(village), "Gula Aren", price=20000, stock=50)
    make_product(make_seller(village), "Cangkir Bambu", category_slug="kerajinan-bambu")
    make_product(make_seller(other_village), "Gerabah Kasongan", category_slug="kerajinan-bambu")
    order = place_order(village, [(gula.variants.get(), 2)])
    Order.objects.filter(pk=order.pk).update(status="paid")  # sold: paid counts
    place_order(village, [(gula.variants.get(), 1)])  # awaiting payment: not a sale yet

    assert figures_stale()
    assert figures_refresh() > 0 and not figures_stale()

    figures = catalog_figures(codes=["", "17", "17.08.05", "17.08.05.2007", "34"])
    assert (figures[""].shops, figures[""].preparing, figures[""].products) == (2, 1, 3)
    assert (figures["17"].shops, figures["17"].sellers, figures["17"].products) == (1, 2, 2)
    assert figures["34"].preparing == 1 and figures["17.08.05.2007"].shops == 1
    assert (figures["34"].shops, figures["34"].products) == (1, 1)
    assert set(child_catalog_figures(parent_code="", level=1)) == {"17", "34"}
    assert set(child_catalog_figures(parent_code="17.08", level=3)) == {"17.08.05"}

    month = date.today().replace(day=1)
    assert monthly_sales(code="17.08", since=month) == [(month, 1, 40000)]
    assert monthly_sales(code="34", since=month) == []
    assert top_keys(code="", kind="category", since=month) == [("hasil-pertanian", 2, 40000)]
    assert top_keys(code="17", kind="buyers", since=month) == [("34", 1, 40000)]
    # Aggregates only: nothing that names a buyer or an order is kept.
    assert not Figure.objects.filter(key__contains="Rina").exists()
