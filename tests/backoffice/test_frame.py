"""The shop team and the sellers have their own frame: their navigation and a way out, not
the buyer's cart and search."""

import pytest
from django.contrib.auth import get_user_model
from factories import make_seller

pytestmark = pytest.mark.django_db


def _header(html: str) -> str:
    return html.split("<main", 1)[0]


def test_the_team_pages_wear_the_teams_frame(client, village, staff):
    client.force_login(staff)
    header = _header(client.get("/batu-ampar/kelola/").content.decode())
    for link in (
        "/batu-ampar/kelola/",
        "/batu-ampar/kelola/pesanan/",
        "/batu-ampar/kelola/laporan/",
    ):
        assert f'href="{link}"' in header, link
    assert 'action="/batu-ampar/keluar/"' in header and "Keluar" in header
    assert "Keranjang" not in header and 'role="search"' not in header
    assert 'aria-current="page">Hari ini' in header
    # The buyer's shop, even for the team, is the buyer's frame.
    header = _header(client.get("/batu-ampar/produk/").content.decode())
    assert "Keranjang" in header and "Keluar" not in header


def test_a_seller_has_the_stall_frame_and_the_footer_knows_she_is_in(client, village):
    user = get_user_model().objects.create_user("siti", password="rahasia-123")
    make_seller(village, display_name="Ibu Siti", user=user)
    client.force_login(user)
    html = client.get("/batu-ampar/lapak/").content.decode()
    header = _header(html)
    assert 'href="/batu-ampar/lapak/uang/"' in header and "Keluar" in header
    assert "Keranjang" not in header
    footer = html.split("<footer", 1)[1]
    assert "Halaman saya" in footer and ">Masuk<" not in footer


def test_logging_out_from_the_team_frame(client, village, staff):
    client.force_login(staff)
    response = client.post("/batu-ampar/keluar/")
    assert response.status_code == 302
    assert client.get("/batu-ampar/kelola/").status_code == 302  # to the login
