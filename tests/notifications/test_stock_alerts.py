""" "Kabari saya": a buyer leaves a WhatsApp number or an e-mail on a sold-out product and is
told once, by the worker, when it is back; the contact is then deleted (or after 90 days)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from factories import make_product

from tokodesa.catalog.services import variant_stock_adjust
from tokodesa.notifications.models import Message, StockAlert
from tokodesa.notifications.services import stock_alerts_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold_out(seller):
    return make_product(seller, "Kopi Robusta", stock=0)


def test_a_buyer_is_told_once_when_the_product_is_back(
    client, sold_out, django_capture_on_commit_callbacks
):
    page = client.get("/batu-ampar/produk/kopi-robusta/").content.decode()
    assert "Kabari saya" in page
    for contact in ("0812-9876-5432", "+62 812 9876 5432", "rina@example.id"):
        client.post("/batu-ampar/produk/kopi-robusta/kabari/", {"contact": contact})
    assert StockAlert.objects.count() == 2  # the same number twice is one request
    assert stock_alerts_send() == 0  # still sold out: nobody told, nothing deleted
    variant_stock_adjust(variant=sold_out.variants.get(), delta=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert stock_alerts_send() == 2
    message = Message.objects.get()
    assert message.to == "+6281298765432" and message.template == "stok_tersedia_lagi"
    assert "Kopi Robusta tersedia lagi di Desa Batu Ampar" in message.text
    assert "http://testserver/batu-ampar/produk/kopi-robusta/" in message.text
    assert [m.to for m in mail.outbox] == [["rina@example.id"]]
    assert not StockAlert.objects.exists()  # told, then forgotten
    assert stock_alerts_send() == 0


def test_bad_contacts_are_refused_and_old_requests_are_forgotten(client, sold_out):
    page = client.post(
        "/batu-ampar/produk/kopi-robusta/kabari/", {"contact": "bukan nomor"}, follow=True
    ).content.decode()
    assert "Tulis nomor WhatsApp atau alamat e-mail." in page
    assert not StockAlert.objects.exists()
    client.post("/batu-ampar/produk/kopi-robusta/kabari/", {"contact": "0812-1111-2222"})
    StockAlert.objects.update(created_at=timezone.now() - timedelta(days=91))
    stock_alerts_send()
    assert not StockAlert.objects.exists()
