"""Pages kept for everybody are never someone else's: not another village's, not another
language's, not a logged-in person's, never anyone's cart, and never stale after a change."""

import re

import pytest
from django.test import Client
from factories import make_product, make_seller, place_order

from tokodesa.catalog import services as catalog
from tokodesa.villages.services import village_status_set

pytestmark = pytest.mark.django_db


def test_a_page_is_rendered_once_then_kept_for_visitors_without_a_session(client, village, seller):
    make_product(seller, "Gula Aren")
    first = client.get("/batu-ampar/")
    assert "X-Page" not in first and "Gula Aren" in first.text
    again = Client().get("/batu-ampar/")
    assert again["X-Page"] == "kept" and again.text.replace(
        _token(again), ""
    ) == first.text.replace(_token(first), "")


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]


def test_each_visitor_gets_their_own_csrf_token_and_can_add_to_cart(village, seller):
    product = make_product(seller, "Gula Aren")
    Client().get(f"/batu-ampar/produk/{product.slug}/")  # kept now
    buyer = Client(enforce_csrf_checks=True)
    page = buyer.get(f"/batu-ampar/produk/{product.slug}/")
    assert page["X-Page"] == "kept" and "csrftoken" in page.cookies
    assert "tokodesa-csrf-marker" not in page.text
    added = buyer.post(
        "/batu-ampar/keranjang/tambah/",
        {"variant": product.variants.get().pk, "quantity": 1, "csrfmiddlewaretoken": _token(page)},
    )
    assert added.status_code == 302  # not 403: the token is this buyer's
    # With a cart the buyer has a session: their pages are their own, never kept.
    mine = buyer.get(f"/batu-ampar/produk/{product.slug}/")
    assert "X-Page" not in mine and '<span id="cart-count">1</span>' in mine.text
    other = Client().get(f"/batu-ampar/produk/{product.slug}/")
    assert '<span id="cart-count">0</span>' in other.text


def test_never_across_villages(village, other_village, seller):
    other = other_village
    make_product(seller, "Gula Aren")
    make_product(make_seller(other), "Guci Gerabah")
    assert "Gula Aren" in Client().get("/batu-ampar/produk/").text
    theirs = Client().get("/bangunjiwo/produk/").text
    assert "Guci Gerabah" in theirs and "Gula Aren" not in theirs


def test_never_across_languages(village, seller):
    make_product(seller, "Gula Aren")
    indonesian = Client().get("/batu-ampar/")
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.get("/batu-ampar/")
    assert 'lang="en"' in page.text and 'lang="id"' in indonesian.text
    assert "Keranjang" in indonesian.text and "Keranjang" not in page.text


def test_a_logged_in_team_member_never_gets_or_leaves_a_kept_page(village, staff):
    village_status_set(village=village, status="draft", actor=_operator())
    anonymous = Client().get("/batu-ampar/")
    assert anonymous.status_code == 404  # not open yet
    team = Client()
    team.force_login(staff)
    preview = team.get("/batu-ampar/")
    assert preview.status_code == 200 and "X-Page" not in preview
    assert Client().get("/batu-ampar/").status_code == 404  # the preview was not kept


def _operator():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("operator", password="x")


def test_a_change_of_the_catalogue_shows_at_once(village, seller):
    product = make_product(seller, "Gula Aren", price=20000)
    assert "Rp20.000" in Client().get("/batu-ampar/").text
    catalog.product_update(
        product=product,
        by_seller=False,
        variants=[
            catalog.VariantChange(
                label="500 g", price=23000, weight_g=550, stock=10, id=product.variants.get().pk
            )
        ],
    )
    page = Client().get("/batu-ampar/")
    assert "X-Page" not in page and "Rp23.000" in page.text


def test_selling_the_last_one_shows_out_of_stock_at_once(
    village, seller, regions, bank_account, django_capture_on_commit_callbacks
):
    product = make_product(seller, "Gula Aren", stock=1)
    assert "Stok tersedia" in Client().get(f"/batu-ampar/produk/{product.slug}/").text
    with django_capture_on_commit_callbacks(execute=True):
        place_order(village, [(product.variants.get(), 1)])
    assert "Stok sedang habis" in Client().get(f"/batu-ampar/produk/{product.slug}/").text


def test_a_seller_renamed_shows_at_once(village, seller):
    product = make_product(seller, "Gula Aren")
    Client().get(f"/batu-ampar/produk/{product.slug}/")
    seller.display_name = "Ibu Sumarni"
    seller.save()
    assert "Ibu Sumarni" in Client().get(f"/batu-ampar/produk/{product.slug}/").text


def test_a_process_trusts_its_versions_for_a_moment_and_its_own_changes_at_once(settings):
    from django.core.cache import cache

    from tokodesa.core import versions

    settings.VERSION_MEMO_SECONDS = 60
    versions.forget_memo()
    first = versions.token("test-version")
    cache.set("test-version", "drawn-by-another-process", None)
    assert versions.token("test-version") == first  # trusted for VERSION_MEMO_SECONDS
    mine = versions.renew("test-version")  # a change made here is seen here at once
    assert versions.token("test-version") == mine != first
    versions.forget_memo()
    settings.VERSION_MEMO_SECONDS = 0
    cache.set("test-version", "drawn-by-another-process", None)
    assert versions.token("test-version") == "drawn-by-another-process"


def test_a_new_release_of_the_code_never_answers_with_the_old_ones_page(
    village, seller, monkeypatch
):
    from tokodesa.core import pagecache

    assert re.fullmatch(r"[0-9a-f]{12}", pagecache.release())  # a digest of the package's files
    make_product(seller, "Gula Aren")
    Client().get("/batu-ampar/")
    assert Client().get("/batu-ampar/")["X-Page"] == "kept"
    monkeypatch.setattr(pagecache, "release", lambda: "deployed-since")  # a template changed
    assert "X-Page" not in Client().get("/batu-ampar/")
