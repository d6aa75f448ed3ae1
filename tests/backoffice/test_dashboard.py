"""The team's 'today': every number is what its link opens."""

import re

import pytest
from factories import make_product, make_seller, place_order

from tokodesa.orders.models import Order

pytestmark = pytest.mark.django_db


def _tile(html: str, words: str) -> tuple[str, int]:
    found = re.search(r'<a href="([^"]+)"><strong>(\d+)</strong> ' + re.escape(words), html)
    assert found, words
    return found[1], int(found[2])


def test_each_tile_counts_what_its_list_shows(client, village, staff, regions, bank_account):
    gula = make_product(make_seller(village), "Gula Aren", stock=50).variants.get()
    codes = {}
    for status in ("awaiting_payment", "paid", "processing"):
        order = place_order(village, [(gula, 1)])
        Order.objects.filter(pk=order.pk).update(status=status)
        codes[status] = order.code
    client.force_login(staff)
    html = client.get("/batu-ampar/kelola/").content.decode()

    link, n = _tile(html, "pesanan menunggu pembayaran")
    listed = client.get(link).content.decode()
    assert n == 1 and codes["awaiting_payment"] in listed
    assert codes["paid"] not in listed

    link, n = _tile(html, "pesanan dibayar, perlu dikemas dan dikirim")
    packing = client.get(link).content.decode()
    assert n == 2 and codes["paid"] in packing and codes["processing"] in packing

    link, n = _tile(html, "pesanan terlambat dikirim")
    assert (link, n) == ("#terlambat", 0)  # none is late yet: the list below is empty
