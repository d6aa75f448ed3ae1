"""Long lists never count past what they show: the capped pager through the shop's pages
and the selector (the cap is made small here; it is 1,000 in production)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import bulk_products, make_seller

from tokodesa.catalog import selectors
from tokodesa.core import paging

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(village, monkeypatch):
    monkeypatch.setattr(paging, "CAP", 30)
    sellers = [make_seller(village) for _ in range(2)]
    bulk_products(sellers, 60)
    return sellers


def test_listing_says_more_than_the_cap_and_pages_up_to_it(shop, many):
    html = shop.get("/produk/?sort=termurah").content.decode()
    assert "Lebih dari 30 produk" in html and "Halaman 1 dari 2" in html
    assert 'rel="next"' in html and "page=2" in html
    second = shop.get("/produk/?sort=termurah&page=2").content.decode()
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert second.count('class="card') == 7  # rows 25-31: the cap and one more, no further


@pytest.mark.parametrize("page", ["999999", "99999999999999999999", "-5", "abc", "1e9", ""])
def test_a_far_or_junk_page_number_shows_a_page_not_an_error(shop, many, page):
    response = shop.get(f"/produk/?page={page}")
    assert response.status_code == 200
    assert response.context["page"].number in (1, 2)
    assert shop.get(f"/kategori/hasil-pertanian/?page={page}").status_code == 200
    assert shop.get(f"/cari/?q=produk&page={page}").status_code == 200


def test_the_count_reads_at_most_the_cap_and_sorts_nothing(shop, many):
    shop.get("/produk/?sort=termurah")
    with CaptureQueriesContext(connection) as queries:
        shop.get("/produk/?sort=termurah&page=2")
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "LIMIT 31" in counts[0] and "ORDER BY" not in counts[0].upper()


def test_search_results_are_capped_too(shop, many):
    html = shop.get("/cari/?q=produk").content.decode()
    assert "Lebih dari 30 produk ditemukan" in html
    page = selectors.product_page(village=many[0].village, query="produk massal", page=9)
    assert page.paginator.capped and page.paginator.num_pages == 2 and page.number == 2


def test_a_short_list_is_counted_exactly(shop, village, monkeypatch):
    monkeypatch.setattr(paging, "CAP", 30)
    bulk_products([make_seller(village)], 5)
    page = selectors.product_page(village=village, page=1)
    assert page.paginator.count == 5 and not page.paginator.capped
    assert "5 produk" in shop.get("/produk/").content.decode()
