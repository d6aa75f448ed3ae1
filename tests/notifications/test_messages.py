"""Villagers are told of every order that needs them: through the WhatsApp Business Cloud API
when it is set up (tested against a local stand-in), else by the team from a click-to-chat
link; each message is on the order's history with what became of it."""

import pytest
from factories import make_product, make_seller, place_order
from whatsapp_stub import CloudStub

from tokodesa.notifications.models import Message
from tokodesa.orders import services as orders
from tokodesa.payments.services import payment_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sellers_order(village, seller, regions, bank_account):
    from tokodesa.sellers.models import Seller

    Seller.objects.filter(pk=seller.pk).update(whatsapp="+6281211112222")
    darmawan = make_seller(village, display_name="Pak Darmawan", whatsapp="+6281233334444")
    quiet = make_seller(village, display_name="Bu Tanpa WA", whatsapp="")
    picks = [
        (make_product(seller, "Gula Aren").variants.get(), 2),
        (make_product(darmawan, "Cangkir Bambu").variants.get(), 1),
        (make_product(quiet, "Rebung").variants.get(), 1),
    ]
    return place_order(village, picks)


@pytest.fixture
def cloud(settings):
    with CloudStub() as stub:
        settings.WHATSAPP_CLOUD_TOKEN = "test-token"
        settings.WHATSAPP_CLOUD_PHONE_NUMBER_ID = "1234567890"
        settings.WHATSAPP_CLOUD_BASE_URL = stub.base
        yield stub


def test_without_a_service_the_team_sends_each_seller_a_prepared_message(
    client, village, staff, two_sellers_order, django_capture_on_commit_callbacks
):
    order = two_sellers_order
    sellers = Message.objects.filter(template="pesanan_untuk_penjual")
    assert not sellers.exists()  # placed, not paid: no seller is told yet
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(order=order, actor=staff)
    messages = list(sellers.order_by("to"))
    assert [m.to for m in messages] == ["+6281211112222", "+6281233334444"]  # not Bu Tanpa WA
    assert {m.status for m in messages} == {"by_hand"}
    assert order.code in messages[1].text and "1 × Cangkir Bambu" in messages[1].text
    assert messages[1].text.startswith("Halo Pak Darmawan, pesanan")
    client.force_login(staff)
    page = client.get(f"/batu-ampar/kelola/pesanan/{order.code}/").content.decode()
    assert "https://wa.me/6281233334444?text=" in page and "Kirim lewat WhatsApp" in page
    orders.order_start_preparing(order=order, actor=staff)
    assert sellers.count() == 2  # told once


def test_with_the_cloud_api_each_seller_gets_the_approved_template(
    village, staff, two_sellers_order, cloud, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(order=two_sellers_order, actor=staff)
    sellers = Message.objects.filter(template="pesanan_untuk_penjual")
    assert {m.status for m in sellers} == {"sent"}
    assert all(m.provider_id.startswith("wamid.") for m in sellers)
    request = next(r for r in cloud.requests if r["body"]["to"] == "6281233334444")
    assert request["path"] == "/v21.0/1234567890/messages"
    assert request["headers"]["Authorization"] == "Bearer test-token"
    template = request["body"]["template"]
    assert (request["body"]["messaging_product"], request["body"]["type"]) == (
        "whatsapp",
        "template",
    )
    assert template["name"] == "pesanan_untuk_penjual" and template["language"] == {"code": "id"}
    params = [p["text"] for p in template["components"][0]["parameters"]]
    assert params[:3] == ["Pak Darmawan", two_sellers_order.code, "1 × Cangkir Bambu (500 g)"]


def test_a_refusal_is_written_down_for_the_worker_to_try_again(
    village, staff, two_sellers_order, cloud, django_capture_on_commit_callbacks
):
    cloud.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(order=two_sellers_order, actor=staff)
    message = Message.objects.filter(template="pesanan_untuk_penjual").first()
    assert (message.status, message.attempts) == ("failed", 1)
    assert "Template name does not exist" in message.error


def test_the_shop_is_told_of_each_new_order_and_each_payment_to_check(village, two_sellers_order):
    from tokodesa.payments.services import payment_claim

    order = two_sellers_order
    placed = Message.objects.get(template="pesanan_baru_toko")
    assert placed.to == village.whatsapp and placed.order == order
    assert placed.text.startswith(f"Pesanan baru {order.code} dari Rina")
    assert f"/batu-ampar/kelola/pesanan/{order.code}/" in placed.text
    payment_claim(order=order, note="sudah transfer")
    claimed = Message.objects.get(template="pembayaran_perlu_dicek")
    assert "sudah dibayar" in claimed.text and claimed.params[0] == order.code


def test_the_team_and_sellers_with_an_address_get_the_same_message_by_e_mail(
    village, staff, seller, two_sellers_order, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from django.core import mail

    from tokodesa.payments.services import payment_claim
    from tokodesa.sellers.services import seller_link_user
    from tokodesa.villages.services import village_update

    order = two_sellers_order
    staff.email = "sari@batuampar.id"
    staff.save()
    siti = get_user_model().objects.create_user("siti", password="x", email="siti@example.id")
    seller_link_user(seller=seller, user=siti)
    with django_capture_on_commit_callbacks(execute=True):
        payment_claim(order=order)
    [claim] = mail.outbox
    assert (
        claim.to == ["sari@batuampar.id"]
        and claim.subject == f"Pembayaran perlu dicek: {order.code}"
    )
    assert "sudah dibayar" in claim.body
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(order=order, actor=staff)
    [to_siti] = [m for m in mail.outbox if m.to == ["siti@example.id"]]
    assert to_siti.body == Message.objects.get(to="+6281211112222").text
    # A shop without a WhatsApp number still hears of a payment to check, by e-mail.
    village_update(village=village, actor=staff, whatsapp="")
    mail.outbox.clear()
    other = place_order(village, [(make_product(seller, "Kopi").variants.get(), 1)])
    with django_capture_on_commit_callbacks(execute=True):
        payment_claim(order=other)
    assert [m.to for m in mail.outbox] == [["sari@batuampar.id"]]


def test_the_buyer_is_told_each_step_and_never_what_she_did_herself(
    village, staff, two_sellers_order
):
    order = two_sellers_order
    to_buyer = Message.objects.filter(to=order.buyer_whatsapp)
    assert not to_buyer.exists()  # placing: she is on the order page already
    payment_confirm(order=order, actor=staff)
    order = orders.order_start_preparing(order=order, actor=staff)
    order = orders.order_ship(order=order, actor=staff, tracking_number="JP1234567890")
    orders.order_confirm_received(order=order)
    assert list(to_buyer.values_list("template", flat=True)) == [
        "pembayaran_diterima",
        "pesanan_siap_diambil",  # picked up at the shop: told where, when it is being made ready
        "pesanan_dikirim",
    ]
    assert "silakan ambil di Desa Batu Ampar" in to_buyer[1].text
    assert "nomor resi JP1234567890" in to_buyer.last().text
    other = place_order(village, [(make_product(make_seller(village), "Rebung").variants.get(), 1)])
    orders.order_cancel(order=other, actor=None, reason="salah pesan", by_buyer=True)
    assert not Message.objects.filter(order=other, to=other.buyer_whatsapp).exists()
    third = place_order(village, [(make_product(make_seller(village), "Pot").variants.get(), 1)])
    orders.order_cancel(order=third, actor=staff, reason="stok rusak kena banjir")
    [cancelled] = Message.objects.filter(order=third, to=third.buyer_whatsapp)
    assert cancelled.template == "pesanan_dibatalkan" and "stok rusak kena banjir" in cancelled.text
