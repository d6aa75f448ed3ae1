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


def test_a_buyer_stops_notices_from_the_link_in_one(
    client, sold_out, django_capture_on_commit_callbacks
):
    import re

    from tokodesa.notifications.models import OptOut

    client.post("/batu-ampar/produk/kopi-robusta/kabari/", {"contact": "0812-9876-5432"})
    variant_stock_adjust(variant=sold_out.variants.get(), delta=5)
    stock_alerts_send()
    message = Message.objects.get()
    stop = re.search(r"https?://[^/\s]+(/batu-ampar/berhenti/[^/\s]+/)", message.text)[1]
    assert message.params[3].endswith(stop)  # the template's fourth parameter

    # Opening the link (a preview, a scanner) changes nothing; the button does.
    assert "Ya, hentikan" in client.get(stop).content.decode()
    assert not OptOut.objects.exists()
    assert "tidak akan mengirimi Anda kabar" in client.post(stop).content.decode()
    client.post(stop)  # twice is once
    assert OptOut.objects.get().contact == "+6281298765432"

    # Waiting notices of that number are forgotten, and none is sent any more…
    variant_stock_adjust(variant=sold_out.variants.get(), delta=-5)
    StockAlert.objects.create(
        village=sold_out.village, product=sold_out, whatsapp="+6281298765432", link="http://x/"
    )
    variant_stock_adjust(variant=sold_out.variants.get(), delta=5)
    assert stock_alerts_send() == 0 and Message.objects.count() == 1
    assert not StockAlert.objects.exists()
    # … until the buyer asks again: that is consent given anew.
    variant_stock_adjust(variant=sold_out.variants.get(), delta=-5)
    client.post("/batu-ampar/produk/kopi-robusta/kabari/", {"contact": "0812-9876-5432"})
    assert not OptOut.objects.exists()


def test_a_broken_or_foreign_stop_link_says_so(client, sold_out, other_village):
    from tokodesa.notifications.services import stop_token

    assert client.get("/batu-ampar/berhenti/rusak/").status_code == 404
    foreign = stop_token(village_id=other_village.pk, contact="+6281298765432")
    page = client.post(f"/batu-ampar/berhenti/{foreign}/")
    assert page.status_code == 404 and "Tautan ini tidak berlaku" in page.content.decode()
