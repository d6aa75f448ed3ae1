"""A problem with received goods: reported by the buyer within the village's window, decided
once by the team; a refund is money owed to the buyer and a new ledger entry taking the
seller's share back; stock returns only when the goods came back."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from factories import jpeg_bytes, make_product, place_order, upload

from tokodesa.audit.models import AuditEntry
from tokodesa.catalog.models import Variant
from tokodesa.ledger.models import LedgerEntry
from tokodesa.ledger.services import seller_balance
from tokodesa.orders import services as orders
from tokodesa.orders.models import OrderEvent
from tokodesa.payments.models import PaymentRecord
from tokodesa.payments.services import payment_confirm
from tokodesa.returns.models import ProblemReport
from tokodesa.returns.services import problem_decide, problem_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(village, seller, staff, regions, bank_account):
    village.fee_basis_points = 500
    village.save()
    variant = make_product(seller, "Pot Bunga", price=22000, stock=10).variants.get()
    order = place_order(village, [(variant, 1)])
    payment_confirm(order=order, actor=staff)
    order = orders.order_start_preparing(order=order, actor=staff)
    return orders.order_complete(order=order, actor=staff)


def test_a_buyer_reports_a_broken_pot_and_the_team_gives_part_of_the_money_back(
    client, village, staff, seller, received
):
    session = client.session
    session["orders"] = [received.code]
    session.save()
    assert (
        f"/batu-ampar/pesanan/{received.code}/masalah/"
        in client.get(f"/batu-ampar/pesanan/{received.code}/").content.decode()
    )
    line = received.lines.get()
    page = client.post(
        f"/batu-ampar/pesanan/{received.code}/masalah/",
        {"line": line.pk, "kind": "damaged", "text": "Pecah di pinggir.",
         "photos": [upload(jpeg_bytes(), "pecah.jpg")]},
        follow=True,
    ).content.decode()  # fmt: skip
    assert "Toko sudah menerima laporan Anda" in page
    report = ProblemReport.objects.get()
    assert report.photos.count() == 1 and report.status == "open"
    assert seller_balance(seller=seller) == 20900  # 22,000 less the 5 % fee

    stock = Variant.objects.get(pk=line.variant_id).stock
    client.force_login(staff)
    client.post(
        "/batu-ampar/kelola/masalah/",
        {"report": report.pk, "decision": "refund", "refund": "11.000", "note": "Maaf, Bu.",
         "goods_back": "1"},
    )  # fmt: skip
    report.refresh_from_db()
    assert (report.status, report.refund, report.reversed_earning) == ("refunded", 11000, 10450)
    due = PaymentRecord.objects.get(order=received, kind="refund_due")
    assert due.amount == 11000
    correction = LedgerEntry.objects.get(kind="correction")
    assert correction.amount == -10450  # half of the earning, as half the money goes back
    assert seller_balance(seller=seller) == 10450
    assert Variant.objects.get(pk=line.variant_id).stock == stock + 1
    assert AuditEntry.objects.filter(action="problem_decided").exists()
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        problem_decide(report=report, decision="replace", actor=staff)


def test_reports_outside_the_window_or_twice_are_refused(village, staff, received):
    line = received.lines.get()
    OrderEvent.objects.filter(order=received, to_status="completed").update(
        created_at=received.created_at - timedelta(days=10)
    )
    with pytest.raises(ValidationError, match="sudah berakhir"):
        problem_report(order=received, line_id=line.pk, kind="missing")
    OrderEvent.objects.filter(order=received, to_status="completed").update(
        created_at=received.created_at
    )
    with pytest.raises(ValidationError, match="Pilih"):
        problem_report(order=received, line_id=line.pk, kind="bosan")
    with pytest.raises(ValidationError, match="tanpa tanda"):
        problem_report(order=received, line_id=line.pk, kind="wrong", text="<b>salah</b>")
    problem_report(order=received, line_id=line.pk, kind="wrong")
    with pytest.raises(ValidationError, match="sudah dilaporkan"):
        problem_report(order=received, line_id=line.pk, kind="wrong")
    open_order = place_order(village, [(line.variant, 1)])
    with pytest.raises(ValidationError, match="setelah pesanan selesai"):
        problem_report(order=open_order, line_id=open_order.lines.get().pk, kind="damaged")


def test_a_decision_needs_a_reason_to_decline_and_a_refund_within_what_was_paid(
    village, staff, received
):
    report = problem_report(order=received, line_id=received.lines.get().pk, kind="missing")
    for decision, refund, note, message in [
        ("decline", 0, "", "alasan"),
        ("refund", 22001, "", "Rp22.000"),
        ("refund", 0, "", "Rp22.000"),
        ("tukar", 0, "", "Pilih"),
    ]:
        with pytest.raises(ValidationError, match=message):
            problem_decide(report=report, decision=decision, refund=refund, note=note, actor=staff)
    assert ProblemReport.objects.get().status == "open"
    assert not LedgerEntry.objects.filter(kind="correction").exists()
    done = problem_decide(report=report, decision="decline", note="Ada di foto paket", actor=staff)
    assert done.status == "declined" and done.decision_note == "Ada di foto paket"
