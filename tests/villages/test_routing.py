"""A village shop is reached by its own host name or by /<slug>/ on the platform's host."""

import pytest
from django.contrib.auth import get_user_model
from factories import make_product, make_seller, make_village

from tokodesa.villages.services import domain_add, membership_grant

pytestmark = pytest.mark.django_db


def test_shop_by_path_on_the_platform_host_links_under_its_prefix(client, village, seller):
    product = make_product(seller, "Gula Aren")
    html = client.get("/batu-ampar/").content.decode()
    assert f'href="/batu-ampar/produk/{product.slug}/"' in html
    assert 'action="/batu-ampar/cari/"' in html
    assert client.get(f"/batu-ampar/produk/{product.slug}/").status_code == 200


def test_shop_by_its_own_domain_links_from_the_root(client, village, seller):
    domain_add(village=village, host="Toko.BatuAmpar.id", primary=True)
    product = make_product(seller, "Gula Aren")
    response = client.get("/", HTTP_HOST="toko.batuampar.id")
    html = response.content.decode()
    assert response.status_code == 200 and "Desa Batu Ampar" in html
    assert f'href="/produk/{product.slug}/"' in html
    response = client.get(f"/produk/{product.slug}/", HTTP_HOST="toko.batuampar.id:443")
    assert response.status_code == 200


def test_canonical_url_is_the_main_domain_when_the_village_has_one(client, village, seller):
    product = make_product(seller, "Gula Aren")
    html = client.get(f"/batu-ampar/produk/{product.slug}/").content.decode()
    assert f'rel="canonical" href="http://testserver/batu-ampar/produk/{product.slug}/"' in html

    domain_add(village=village, host="toko.batuampar.id", primary=True)
    html = client.get(f"/batu-ampar/produk/{product.slug}/").content.decode()
    assert f'rel="canonical" href="https://toko.batuampar.id/produk/{product.slug}/"' in html
    assert (
        f'<meta property="og:url" content="https://toko.batuampar.id/produk/{product.slug}/">'
        in html
    )


def test_slug_without_trailing_slash_redirects(client, village):
    response = client.get("/batu-ampar?x=1")
    assert response.status_code == 301 and response["Location"] == "/batu-ampar/?x=1"


def test_unknown_hosts_and_slugs_are_not_found(client, village):
    assert client.get("/", HTTP_HOST="unknown.example").status_code == 404
    response = client.get("/desa-entah/")
    assert response.status_code == 404 and "Halaman tidak ditemukan" in response.content.decode()


def test_the_portal_lists_open_villages(client, village, other_village):
    make_village(slug="desa-draf", name="Desa Draf", status="draft")
    html = client.get("/").content.decode()
    assert "Desa Batu Ampar" in html and "Desa Bangunjiwo" in html and "Desa Draf" not in html
    assert 'href="/batu-ampar/"' in html


def test_a_closed_village_is_hidden_except_from_its_own_team(client, db):
    village = make_village(slug="desa-baru", name="Desa Baru", status="draft")
    assert client.get("/desa-baru/").status_code == 404
    user = get_user_model().objects.create_user("staf", password="x")
    client.force_login(user)
    assert client.get("/desa-baru/").status_code == 404
    membership_grant(village=village, user=user, role="staff")
    assert client.get("/desa-baru/").status_code == 200


def test_a_villages_products_never_appear_in_another_villages_shop(client, village, other_village):
    ours = make_product(make_seller(village), "Gula Aren Batu Ampar")
    theirs = make_product(
        make_seller(other_village), "Guci Kasongan", category_slug="tanah-liat-gerabah"
    )
    assert client.get(f"/bangunjiwo/produk/{ours.slug}/").status_code == 404
    assert client.get(f"/batu-ampar/produk/{theirs.slug}/").status_code == 404
    for path in ["/", "/produk/", "/cari/?q=guci", "/kategori/kerajinan-tangan/", "/sitemap.xml"]:
        html = client.get(f"/batu-ampar{path}").content.decode()
        assert "Guci Kasongan" not in html and theirs.slug not in html, path
    assert client.get(f"/batu-ampar/penjual/{theirs.seller.slug}/").status_code == 404


def test_reserved_words_cannot_be_village_slugs(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_village(slug="admin")


def test_with_the_official_regions_loaded_the_village_code_must_exist(db):
    from django.core.exceptions import ValidationError

    from tokodesa.regions.models import Region

    for code, name, parent in [
        ("17", "Bengkulu", None),
        ("17.08", "Kabupaten Kepahiang", "17"),
        ("17.08.05", "Merigi", "17.08"),
    ]:
        Region.objects.create(code=code, name=name, level=code.count(".") + 1, parent_id=parent)
    Region.objects.create(
        code="17.08.05.2007", name="Batu Ampar", level=4, parent_id="17.08.05", postal_code="39371"
    )
    village = make_village(district="", regency="", province="", postal_code="")
    assert (village.district, village.regency, village.province, village.postal_code) == (
        "Merigi",
        "Kabupaten Kepahiang",
        "Bengkulu",
        "39371",
    )
    with pytest.raises(ValidationError) as error:
        make_village(slug="desa-lain", region_code="17.08.05.2999")
    assert "17.08.05.2999" in str(error.value)


def test_the_village_is_looked_up_once_then_remembered_until_it_changes(
    client, village, django_assert_num_queries
):
    from tokodesa.villages.selectors import village_by_host, village_by_slug
    from tokodesa.villages.services import domain_add, village_update

    assert village_by_slug(slug="batu-ampar").pk == village.pk
    with django_assert_num_queries(0):
        again = village_by_slug(slug="batu-ampar")
    assert again.pk == village.pk and again is not village_by_slug(slug="batu-ampar")
    assert village_by_host(host="desabatuampar.id") is None  # unknown hosts are remembered too
    with django_assert_num_queries(0):
        assert village_by_host(host="desabatuampar.id") is None
    domain_add(village=village, host="desabatuampar.id", primary=True)
    assert village_by_host(host="desabatuampar.id").pk == village.pk  # the change is seen
    village_update(village=village, tagline="Gula aren terbaik")
    assert village_by_slug(slug="batu-ampar").tagline == "Gula aren terbaik"
    assert village_by_slug(slug="batu-ampar").primary_host == "desabatuampar.id"


def test_another_process_changing_a_village_is_seen_at_the_next_request(village):
    from django.core.cache import cache

    from tokodesa.villages.models import Village
    from tokodesa.villages.selectors import GENERATION_KEY, village_by_slug

    assert village_by_slug(slug="batu-ampar").name == village.name
    Village.objects.filter(pk=village.pk).update(name="Desa Batu Ampar Baru")  # elsewhere …
    cache.set(GENERATION_KEY, "a-token-another-process-drew", None)  # … and it said so
    assert village_by_slug(slug="batu-ampar").name == "Desa Batu Ampar Baru"
