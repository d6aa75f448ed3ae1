"""The synthetic nation for benchmarks: rows as the services would write them."""

import io

import pytest
from django.core.management import CommandError, call_command

from tokodesa.catalog.models import Product
from tokodesa.catalog.services import product_refresh
from tokodesa.core.tenancy import village_scope
from tokodesa.insights.selectors import catalog_figures
from tokodesa.insights.services import figures_refresh
from tokodesa.orders.models import Order
from tokodesa.villages.models import Village

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_small_nation_is_made_in_real_desa_and_adds_up(regions, client):
    from tokodesa.catalog.models import Category
    from tokodesa.catalog.national_tree import ensure_national_tree

    ensure_national_tree(Category)  # a transactional test before this one may have emptied it
    out = io.StringIO()
    call_command(
        "generate_nation", "--villages", "3", "--products", "5", "--orders", "2", stdout=out
    )
    assert "3 villages, 9 sellers, 15 products" in out.getvalue()
    villages = list(Village.objects.order_by("region_code"))
    assert [v.region_code for v in villages] == ["17.08.05.2007", "34.02.16.2001", "34.71.01.1001"]
    assert villages[2].name == "Kelurahan Gedongkiwo" and villages[1].time_zone == "Asia/Jakarta"
    # What the services compute is what the generator wrote.
    for product in Product.objects.all():
        with village_scope(product.village_id):
            before = (
                product.price_min,
                product.price_max,
                product.stock_total,
                product.search_text,
            )
            product_refresh(product=product)
            product.refresh_from_db()
            assert (product.price_min, product.price_max, product.stock_total) == before[:3]
    assert Order.objects.count() == 6 and len({o.code for o in Order.objects.all()}) == 6
    figures_refresh()
    assert catalog_figures(codes=[""])[""].products == 15
    product = Product.objects.select_related("village").first()
    html = client.get("/cari/", {"q": product.name.split()[0]}).content.decode()
    assert f'href="/{product.village.slug}/produk/{product.slug}/"' in html
    again = io.StringIO()  # every desa of the list has its shop now: nothing more to open
    call_command("generate_nation", "--villages", "3", stdout=again)
    assert "0 villages" in again.getvalue()


def test_bad_arguments_are_refused(db):
    with pytest.raises(CommandError, match="regions"):
        call_command("generate_nation", "--villages", "2")
    with pytest.raises(CommandError, match="≥ 1"):
        call_command("generate_nation", "--villages", "0")
