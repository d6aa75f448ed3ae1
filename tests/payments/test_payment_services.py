"""Kode unik, claims with proofs, confirmation, refunds, cash on delivery, QRIS settings."""

import pdf_samples
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from factories import jpeg_bytes, make_product, place_order, upload
from qris_samples import NATIONAL_ONLY

from tokodesa.orders import services as orders
from tokodesa.orders.models import Order
from tokodesa.payments import services as payments
from tokodesa.payments.models import BankAccount, PaymentRecord
from tokodesa.payments.selectors import order_paid_amount, order_refund_outstanding

pytestmark = pytest.mark.django_db


@pytest.fixture
def variant(seller, regions, bank_account):
    return make_product(seller, "Gula Aren", price=20000, stock=500).variants.get()


def place(village, variant, quantity=1, payment="bank_transfer", delivery="pickup"):
    return place_order(village, [(variant, quantity)], payment=payment, delivery=delivery)


def test_every_open_order_has_its_own_amount_to_transfer(village, variant):
    placed = [place(village, variant) for _ in range(40)]
    payables = [o.payable for o in placed]
    assert len(set(payables)) == 40
    assert all(1 <= o.unique_code <= 999 and o.payable == o.total + o.unique_code for o in placed)


def test_the_database_refuses_two_open_orders_with_one_amount(village, variant, staff):
    first = place(village, variant)
    second = place(village, variant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=second.pk).update(
            unique_code=first.unique_code, payable=first.payable
        )
    # When the first order ends, its amount is free again.
    orders.order_cancel(order=first, actor=staff, reason="batal")
    Order.objects.filter(pk=second.pk).update(unique_code=first.unique_code, payable=first.payable)


def test_claim_with_a_photo_then_staff_confirm_and_the_paid_amount_is_derived(
    village, variant, staff
):
    order = place(village, variant, 2)
    record = payments.payment_claim(order=order, proof=upload(jpeg_bytes()), note="a.n. Rina")
    assert record.proof.name.endswith(".webp") and record.amount == order.payable
    assert order_paid_amount(order=order) == 0  # a claim is not money
    payments.payment_confirm(order=order, actor=staff, reference="BRI 123")
    order.refresh_from_db()
    assert order.status == "paid" and order_paid_amount(order=order) == order.payable
    with pytest.raises(ValidationError):  # confirming twice changes nothing
        payments.payment_confirm(order=order, actor=staff, reference="BRI 123")
    assert PaymentRecord.objects.filter(kind="confirmed").count() == 1


def test_too_little_money_is_not_a_payment(village, variant, staff):
    order = place(village, variant)
    with pytest.raises(ValidationError):
        payments.payment_confirm(order=order, actor=staff, amount=order.payable - 1)
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"


def test_rejection_tells_the_buyer_and_keeps_the_order_waiting(
    village, variant, staff, mailoutbox, django_capture_on_commit_callbacks
):
    order = place(village, variant)
    Order.objects.filter(pk=order.pk).update(buyer_email="rina@example.id")
    order.refresh_from_db()
    with pytest.raises(ValidationError):
        payments.payment_reject(order=order, actor=staff, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        payments.payment_reject(order=order, actor=staff, reason="Belum ada dana masuk")
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"
    assert any("Belum ada dana masuk" in m.body for m in mailoutbox)


def test_cancelling_a_paid_order_records_a_refund_to_make(village, variant, staff):
    order = place(village, variant, 3)
    payments.payment_confirm(order=order, actor=staff)
    orders.order_cancel(order=order, actor=staff, reason="Stok rusak")
    assert order_refund_outstanding(order=order) == order.payable
    payments.refund_mark_done(order=order, actor=staff, reference="transfer balik")
    assert order_refund_outstanding(order=order) == 0
    assert order_paid_amount(order=order) == 0
    with pytest.raises(ValidationError):
        payments.refund_mark_done(order=order, actor=staff)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"MZ\x90\x00 not a receipt", "bukan foto"),
        (b"<html><script>alert(1)</script></html>", "bukan foto"),
        (jpeg_bytes()[:500], "rusak"),
        (pdf_samples.open_action_script(), "skrip"),
        (pdf_samples.receipt()[:-8], "tidak lengkap"),
        (pdf_samples.receipt()[:200] + b"\n%%EOF\n", "rusak"),
    ],
)
def test_bad_proofs_are_refused_and_nothing_is_saved(village, variant, content, message):
    order = place(village, variant)
    with pytest.raises(ValidationError) as error:
        payments.payment_claim(order=order, proof=upload(content, "bukti.pdf"))
    assert message in " ".join(error.value.messages)
    assert not PaymentRecord.objects.exists()


@pytest.mark.parametrize(
    "sample",
    [
        "open_action_script",
        "escaped_names",
        "script_in_name_tree",
        "page_additional_action",
        "embedded_file",
        "script_in_object_stream",
    ],
)
def test_pdfs_that_could_run_anything_are_refused(village, variant, sample):
    """Parsed, not searched: escaped names and scripts inside compressed object streams are
    found too (a byte search for /JavaScript passes every one but the first)."""
    content = getattr(pdf_samples, sample)()
    order = place(village, variant)
    with pytest.raises(ValidationError) as error:
        payments.payment_claim(order=order, proof=upload(content, "bukti.pdf"))
    assert "skrip" in " ".join(error.value.messages)
    assert not PaymentRecord.objects.exists()


def test_oversized_proof_is_refused(village, variant, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    order = place(village, variant)
    with pytest.raises(ValidationError):
        payments.payment_claim(order=order, proof=upload(pdf_samples.receipt() + b"x" * 2_000_000))


def test_an_order_takes_a_few_proofs_not_unlimited(village, variant):
    order = place(village, variant)
    for _n in range(payments.MAX_PROOFS_PER_ORDER):
        payments.payment_claim(order=order, proof=upload(pdf_samples.receipt(), "bukti.pdf"))
    with pytest.raises(ValidationError) as error:
        payments.payment_claim(order=order, proof=upload(pdf_samples.receipt(), "bukti.pdf"))
    assert "WhatsApp" in " ".join(error.value.messages)
    assert PaymentRecord.objects.filter(order=order).count() == payments.MAX_PROOFS_PER_ORDER


def test_a_plain_pdf_receipt_is_kept_privately(village, variant):
    order = place(village, variant)
    record = payments.payment_claim(order=order, proof=upload(pdf_samples.receipt(), "bukti.pdf"))
    assert record.proof.name.endswith(".pdf")
    assert "/media/" not in record.proof.path and "private" in record.proof.path


def test_cash_on_delivery_only_for_pickup_and_under_the_limit(village, variant, staff):
    from tokodesa.payments.methods import payment_options
    from tokodesa.shipping.methods import DeliveryOption

    payments.payment_settings_update(
        actor=None, village=village, cod_enabled=True, cod_max_amount=100000
    )
    pickup = DeliveryOption("pickup", "Ambil", 0, collected=True, by_village=True)
    local = DeliveryOption("local", "Kurir desa", 8000, by_village=True)
    jne = DeliveryOption("courier:jne-reg", "JNE REG", 12000, courier="jne-reg")

    def codes(total, delivery):
        options = payment_options(village=village, total=total, delivery=delivery)
        return [option.code for option in options]

    assert "cod" in codes(50000, pickup) and "cod" in codes(50000, local)
    assert "cod" not in codes(150000, pickup)
    assert "cod" not in codes(50000, jne)
    assert "cod" not in codes(50000, None)  # no delivery chosen yet

    order = place(village, variant, 2, payment="cod")
    assert order.expires_at is None and order.unique_code == 0
    order = orders.order_start_preparing(order=order, actor=staff)
    assert order.status == "processing"
    with pytest.raises(ValidationError):
        payments.cash_collect(order=order, actor=staff, amount=order.payable + 1)
    payments.cash_collect(order=order, actor=staff)
    assert order_paid_amount(order=order) == order.payable
    with pytest.raises(ValidationError):
        payments.cash_collect(order=order, actor=staff)


def test_qris_settings_are_checked_and_the_merchant_is_read_back(village):
    config = payments.payment_settings_update(
        actor=None, village=village, qris_payload=f"  {NATIONAL_ONLY}\n"
    )
    assert config.qris_merchant_name and config.qris_merchant_city
    broken = NATIONAL_ONLY[:-1] + ("0" if NATIONAL_ONLY[-1] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        payments.payment_settings_update(actor=None, village=village, qris_payload=broken)
    assert "CRC" in str(error.value)


def test_qris_order_page_shows_a_dynamic_code_for_the_exact_amount(client, village, variant):
    from tokodesa.payments.qris import parse

    payments.payment_settings_update(actor=None, village=village, qris_payload=NATIONAL_ONLY)
    order = place(village, variant, 2, payment="qris")
    session = client.session
    session["orders"] = [order.code]
    session.save()
    html = client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()
    assert "<svg" in html and "viewBox" in html and "Rp40.000" in html
    from tokodesa.payments.methods import Qris

    payload = Qris().context(order=order)["qris_payload"]
    parsed = parse(payload)
    assert not parsed.is_static and parsed.amount == str(order.payable)


def test_proofs_are_shown_only_to_the_villages_team(client, village, variant, staff, other_village):
    order = place(village, variant)
    record = payments.payment_claim(order=order, proof=upload(jpeg_bytes()))
    url = f"/batu-ampar/kelola/bukti/{record.pk}/"
    assert client.get(url).status_code == 302  # log in first
    outsider = get_user_model().objects.create_user("luar", password="x")
    from tokodesa.villages.services import membership_grant

    membership_grant(village=other_village, user=outsider, role="admin")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"  # WebP


def test_staff_cannot_change_where_buyers_pay(client, village, staff):
    """QRIS, Midtrans keys and bank accounts decide who gets the money: village admins only."""
    client.force_login(staff)
    for part in ("qris", "midtrans", "options"):
        response = client.post(
            "/batu-ampar/kelola/pembayaran/", {"part": part, "qris_payload": NATIONAL_ONLY}
        )
        assert response.status_code == 404
    assert client.get("/batu-ampar/kelola/pembayaran/").status_code == 404
    assert "kelola/pembayaran/" not in client.get("/batu-ampar/kelola/").content.decode()
    from tokodesa.payments.selectors import payment_settings

    assert payment_settings(village).qris_payload == ""


def test_a_new_qris_or_bank_account_is_audited(client, village, village_admin):
    from tokodesa.audit.models import AuditEntry

    client.force_login(village_admin)
    client.post("/batu-ampar/kelola/pembayaran/", {"part": "qris", "qris_payload": NATIONAL_ONLY})
    client.post(
        "/batu-ampar/kelola/desa/",
        {"part": "bank", "bank_name": "BRI", "account_number": "0123", "account_holder": "BUMDes"},
    )
    account = BankAccount.objects.get(village=village)
    client.post("/batu-ampar/kelola/desa/", {"part": "bank-off", "account": account.pk})
    off, added, qris = AuditEntry.objects.filter(village=village, action="payment_route")
    assert {off.actor, added.actor, qris.actor} == {village_admin}
    assert qris.after["changed"] == ["qris_payload"] and qris.after["qris_merchant"]
    assert added.before is None and added.after["number"] == "0123"
    assert off.before["in_use"] is True and off.after["in_use"] is False
    html = client.get("/batu-ampar/kelola/catatan/").content.decode()
    assert "tempat pembeli membayar diubah" in html.lower()
    assert "Dipakai: ya → tidak" in html and "Diubah: kode QRIS<" in html  # in words, not code


def test_team_pastes_a_qris_and_sees_the_merchant_or_a_clear_error(client, village, village_admin):
    client.force_login(village_admin)
    broken = NATIONAL_ONLY[:-1] + ("0" if NATIONAL_ONLY[-1] != "0" else "1")
    html = client.post(
        "/batu-ampar/kelola/pembayaran/", {"part": "qris", "qris_payload": broken}
    ).content.decode()
    assert "CRC" in html and broken in html  # what was pasted is kept to fix
    response = client.post(
        "/batu-ampar/kelola/pembayaran/",
        {"part": "qris", "qris_payload": NATIONAL_ONLY},
        follow=True,
    )
    from tokodesa.payments.selectors import payment_settings

    config = payment_settings(village)
    assert config.qris_payload == NATIONAL_ONLY
    assert config.qris_merchant_name in response.content.decode()
    bad_cash = client.post(
        "/batu-ampar/kelola/pembayaran/",
        {"part": "options", "cod_enabled": "on", "cod_max_amount": "sejuta"},
    ).content.decode()
    assert "rupiah" in bad_cash.lower()
    assert not payment_settings(village).cod_enabled


def test_payment_settings_are_for_the_team_only(client, village, other_village):
    from tokodesa.villages.services import membership_grant

    outsider = get_user_model().objects.create_user("luar", password="x")
    membership_grant(village=other_village, user=outsider, role="admin")
    client.force_login(outsider)
    assert client.get("/batu-ampar/kelola/pembayaran/").status_code == 404
    assert (
        client.post(
            "/batu-ampar/kelola/pembayaran/", {"part": "qris", "qris_payload": ""}
        ).status_code
        == 404
    )
