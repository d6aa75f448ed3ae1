"""A shared product link looks like a product card: a 1200×630 picture, a natural share text,
and a short link that says where it was shared."""

import io
import re
from urllib.parse import unquote

import pytest
from factories import jpeg_bytes, make_product, make_seller, upload
from PIL import Image

from tokodesa.catalog.services import product_image_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def gula(seller):
    product = make_product(seller, "Gula Aren Cetak Batok", price=22000)
    product_image_add(product=product, upload=upload(jpeg_bytes((900, 700))))
    return product


def test_every_product_page_has_a_share_card_of_1200_by_630(client, gula, seller):
    html = client.get("/batu-ampar/produk/gula-aren-cetak-batok/").content.decode()
    card = re.search(r'<meta property="og:image" content="([^"]+)"', html)[1]
    assert re.fullmatch(
        r"http://testserver/batu-ampar/produk/gula-aren-cetak-batok/kartu\.jpg\?v=\w{12}", card
    )
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    response = client.get(card.removeprefix("http://testserver"))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as picture:
        assert (picture.format, picture.size) == ("JPEG", (1200, 630))
    # A product without a photo still gets a card.
    make_product(seller, "Kolang Kaling")
    html = client.get("/batu-ampar/produk/kolang-kaling/").content.decode()
    card = re.search(r'<meta property="og:image" content="([^"]+)"', html)[1]
    assert client.get(card.removeprefix("http://testserver")).status_code == 200


def test_a_new_price_makes_a_new_card(client, gula):
    from tokodesa.catalog.services import VariantChange, product_update

    first = client.get("/batu-ampar/produk/gula-aren-cetak-batok/").content.decode()
    variant = gula.variants.get()
    product_update(
        product=gula,
        by_seller=False,
        actor=None,
        variants=[VariantChange(id=variant.pk, label="500 g", price=25000, weight_g=550, stock=10)],
    )
    again = client.get("/batu-ampar/produk/gula-aren-cetak-batok/").content.decode()
    card = re.compile(r'og:image" content="([^"]+)"')
    assert card.search(first)[1] != card.search(again)[1]


def test_the_share_text_reads_naturally_and_links_short_with_its_source(client, gula):
    html = client.get("/batu-ampar/produk/gula-aren-cetak-batok/").content.decode()
    text = unquote(re.search(r'href="https://wa.me/\?text=([^"]+)"', html)[1])
    assert text == (
        f"Gula Aren Cetak Batok – Rp22.000 dari Desa Batu Ampar\n"
        f"http://testserver/batu-ampar/p/{gula.pk}/?src=wa"
    )
    facebook = unquote(re.search(r'facebook.com/sharer/sharer.php\?u=([^"]+)"', html)[1])
    assert facebook == f"http://testserver/batu-ampar/p/{gula.pk}/?src=fb"


def test_a_short_link_opens_the_product_with_its_source_kept(client, gula, other_village):
    response = client.get(f"/batu-ampar/p/{gula.pk}/?src=wa&utm_campaign=panen")
    assert response.status_code == 302
    assert (
        response["Location"]
        == "/batu-ampar/produk/gula-aren-cetak-batok/?src=wa&utm_campaign=panen"
    )
    assert client.get("/batu-ampar/p/999999/").status_code == 404
    pot = make_product(make_seller(other_village), "Pot Gerabah")
    assert client.get(f"/batu-ampar/p/{pot.pk}/").status_code == 404  # another village's
