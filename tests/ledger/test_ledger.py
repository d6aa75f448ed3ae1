"""What the village owes each villager: earnings on completion, payouts, balances."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from factories import make_product, make_seller, place_order
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tokodesa.catalog.services import VariantData
from tokodesa.checkout.services import VoucherRefused
from tokodesa.ledger.models import LedgerEntry
from tokodesa.ledger.services import payout_record, seller_balance, village_fee
from tokodesa.marketing.services import voucher_save
from tokodesa.orders import services as orders
from tokodesa.orders.models import Order
from tokodesa.payments.selectors import order_paid_amount, order_refund_outstanding
from tokodesa.payments.services import payment_confirm
from tokodesa.returns.models import ProblemReport
from tokodesa.returns.services import problem_decide, problem_report
from tokodesa.shipping import services as shipping_services
from tokodesa.villages.services import village_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(village, regions, bank_account):
    village.fee_basis_points = 500  # 5 % for the BUMDes
    village.save()
    sellers = [make_seller(village, display_name=f"Warga {n}") for n in range(3)]
    variants = [
        make_product(
            seller, f"Produk {n}", variants=[VariantData("x", price, 500, 10_000)]
        ).variants.get()
        for n, (seller, price) in enumerate(
            zip(sellers * 2, [15000, 22000, 9999, 350000, 1, 47500], strict=True)
        )
    ]
    # The next harvest, pre-ordered with a 30 % deposit (the rest when it is ready).
    variants.append(
        make_product(
            sellers[2],
            "Kopi Panen Raya",
            variants=[VariantData("1 kg", 85_000, 1_000, 10_000)],
            ready_on=date.today() + timedelta(days=40),
            deposit_percent=30,
        ).variants.get()
    )
    return sellers, variants


place = place_order

#: Vouchers of the property test: borne by the village or by the seller, percent or rupiah.
VOUCHERS = {
    "DESA10": {"kind": "percent", "value": 10, "max_discount": 20_000, "bearer": "village"},
    "YULI7777": {"kind": "amount", "value": 7_777, "min_subtotal": 10_000, "bearer": "seller"},
    "WARGA1": {"kind": "percent", "value": 100, "bearer": "seller"},  # all off, one seller
}
for _fields in VOUCHERS.values():
    _fields["starts_on"] = date(2026, 1, 1)


def pay(order, staff):
    """Pay what the order asks for; a pre-order's deposit, then (the batch marked ready) the
    rest."""
    payment_confirm(order=order, actor=staff)
    order.refresh_from_db()
    if order.status == "deposit_paid":
        for product_id in order.lines.exclude(ready_on=None).values_list(
            "variant__product_id", flat=True
        ):
            orders.preorder_batch_ready(village=order.village, product_id=product_id, actor=staff)
        order.refresh_from_db()
    if order.status == "awaiting_balance":
        payment_confirm(order=order, actor=staff)
        order.refresh_from_db()
    assert order.status == "paid" and order_paid_amount(order=order) == order.payable
    return order


def complete(order, staff):
    order = pay(order, staff)
    order = orders.order_start_preparing(order=order, actor=staff)
    return orders.order_complete(order=order, actor=staff)


@pytest.mark.parametrize(
    "total, basis_points, fee",
    [
        (10000, 500, 500),
        (9999, 500, 500),
        (9990, 500, 500),
        (9989, 500, 499),
        (1, 500, 0),
        (10, 500, 1),
        (10000, 0, 0),
        (10000, 10000, 10000),
        (333, 333, 11),
    ],
)
def test_village_fee_rounds_half_up_to_whole_rupiah(total, basis_points, fee):
    assert village_fee(total, basis_points) == fee


def test_completing_an_order_earns_each_seller_their_lines_minus_the_fee(village, shop, staff):
    sellers, variants = shop
    order = complete(place(village, [(variants[0], 2), (variants[1], 1)]), staff)
    assert seller_balance(seller=sellers[0]) == 30000 - 1500
    assert seller_balance(seller=sellers[1]) == 22000 - 1100
    # Completing is the only way to earn, and it earns once.
    assert shipping_services.orders_complete_shipped() == 0
    assert LedgerEntry.objects.filter(order_line__order=order).count() == 2


def test_a_fee_change_never_rewrites_what_open_orders_earn(village, shop, staff):
    sellers, variants = shop
    order = place(village, [(variants[0], 2)])  # placed at 5 %
    village_update(village=village, actor=staff, fee_basis_points=2000)  # then 20 %
    complete(order, staff)
    assert seller_balance(seller=sellers[0]) == 30000 - 1500
    later = complete(place(village, [(variants[0], 1)]), staff)
    assert later.fee_basis_points == 2000
    assert seller_balance(seller=sellers[0]) == 30000 - 1500 + 15000 - 3000


def test_cancelled_orders_never_earn(village, shop, staff):
    sellers, variants = shop
    order = place(village, [(variants[0], 1)])
    payment_confirm(order=order, actor=staff)
    orders.order_cancel(order=order, actor=staff, reason="batal")
    assert seller_balance(seller=sellers[0]) == 0


def test_payouts_come_from_the_balance_and_never_exceed_it(village, shop, staff):
    sellers, variants = shop
    complete(place(village, [(variants[0], 2)]), staff)  # 28,500 owed
    with pytest.raises(ValidationError):
        payout_record(seller=sellers[0], amount=28501, method="cash", actor=staff)
    for bad in (0, -5, "seratus", None, 10.5):
        with pytest.raises(ValidationError):
            payout_record(seller=sellers[0], amount=bad, method="cash", actor=staff)
    with pytest.raises(ValidationError):
        payout_record(seller=sellers[0], amount=100, method="emas", actor=staff)
    payout_record(seller=sellers[0], amount=20000, method="cash", actor=staff)
    assert seller_balance(seller=sellers[0]) == 8500


operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("order"),
            st.lists(st.tuples(st.integers(0, 6), st.integers(1, 4)), min_size=1, max_size=4),
            st.sampled_from(
                ["complete", "complete_refund", "cancel", "cancel_deposit", "cancel_paid", "leave"]
            ),
            st.sampled_from(["", "DESA10", "YULI7777", "WARGA1"]),  # a voucher, or none
        ),
        st.tuples(st.just("payout"), st.integers(0, 2), st.integers(1, 400_000)),
    ),
    max_size=8,
)


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_balances_always_equal_earnings_minus_payouts(village, shop, staff, ops):
    """With vouchers borne by the village or the seller, pre-orders paid by deposit and
    balance (or cancelled after the deposit, which is then owed back in full), and refunds:
    earnings + fees = what buyers paid for the goods, and earnings + fees + discounts = the
    goods at their prices, to the rupiah; each seller's balance = earnings − reversals −
    payouts."""
    sellers, variants = shop
    with transaction.atomic():
        for code, fields in VOUCHERS.items():
            voucher = voucher_save(village=village, code=code, per_buyer=100, **fields)
            if code == "WARGA1":
                voucher.sellers.set([sellers[1]])
        for op in ops:
            if op[0] == "order":
                _, picks, fate, code = op
                try:
                    order = place(village, [(variants[i], q) for i, q in picks], voucher_code=code)
                except VoucherRefused:  # below its minimum, or not for these products
                    order = place(village, [(variants[i], q) for i, q in picks])
                if fate in ("complete", "complete_refund"):
                    complete(order, staff)
                if fate == "complete_refund":  # half of the first line's price back
                    line = order.lines.order_by("pk").first()
                    report = problem_report(order=order, line_id=line.pk, kind="damaged")
                    paid = line.line_total - line.discount
                    if paid:  # a line a voucher made free has nothing to give back
                        problem_decide(
                            report=report, decision="refund", refund=max(paid // 2, 1), actor=staff
                        )
                elif fate in ("cancel", "cancel_deposit", "cancel_paid"):
                    if fate == "cancel_paid":
                        pay(order, staff)
                    elif fate == "cancel_deposit":  # only the first payment (a deposit's)
                        payment_confirm(order=order, actor=staff)
                    paid = order_paid_amount(order=order)
                    orders.order_cancel(order=order, actor=staff, reason="panen gagal")
                    assert order_refund_outstanding(order=order) == paid  # all of it back
            else:
                _, who, amount = op
                try:
                    payout_record(
                        seller=sellers[who], amount=amount, method="transfer", actor=staff
                    )
                except ValidationError:
                    assert amount > seller_balance(seller=sellers[who])
        completed = Order.objects.filter(village=village, status="completed").aggregate(
            sales=Sum("subtotal", default=0), discounts=Sum("discount", default=0)
        )
        earnings = LedgerEntry.objects.filter(village=village, kind="earning")
        totals = earnings.aggregate(
            earned=Sum("amount", default=0),
            fee=Sum("fee", default=0),
            discount=Sum("discount", default=0),
        )
        assert totals["discount"] == completed["discounts"]
        assert totals["earned"] + totals["fee"] == completed["sales"] - completed["discounts"]
        assert totals["earned"] + totals["fee"] + totals["discount"] == completed["sales"]
        reversals = LedgerEntry.objects.filter(village=village, kind="correction")
        taken_back = ProblemReport.objects.aggregate(s=Sum("reversed_earning", default=0))["s"]
        assert -(reversals.aggregate(s=Sum("amount", default=0))["s"]) == taken_back
        for seller in sellers:
            entries = LedgerEntry.objects.filter(seller=seller)
            earned = entries.filter(kind="earning").aggregate(s=Sum("amount"))["s"] or 0
            back = -(entries.filter(kind="correction").aggregate(s=Sum("amount"))["s"] or 0)
            paid = sum(p.amount for p in seller.payouts.all())
            assert seller_balance(seller=seller) == earned - back - paid
        transaction.set_rollback(True)


def test_team_pays_a_seller_in_cash_and_prints_a_receipt_to_sign(client, village, shop, staff):
    sellers, variants = shop
    complete(place(village, [(variants[0], 2)]), staff)
    client.force_login(staff)
    page = client.get("/batu-ampar/kelola/penjual/").content.decode()
    assert "Warga 0" in page and "Rp28.500" in page
    response = client.post(
        f"/batu-ampar/kelola/penjual/{sellers[0].pk}/", {"amount": "20.000", "method": "cash"}
    )
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    assert "Rp20.000" in receipt and "Warga 0" in receipt and "tanda tangan" in receipt.lower()
    too_much = client.post(
        f"/batu-ampar/kelola/penjual/{sellers[0].pk}/",
        {"amount": "9000", "method": "cash"},
        follow=True,
    )
    assert "hanya" in too_much.content.decode()
    assert seller_balance(seller=sellers[0]) == 8500


def test_another_villages_team_cannot_see_or_pay_our_sellers(
    client, village, shop, staff, other_village
):
    from tokodesa.villages.services import membership_grant

    sellers, _ = shop
    outsider = get_user_model().objects.create_user("luar", password="x")
    membership_grant(village=other_village, user=outsider, role="admin")
    client.force_login(outsider)
    assert client.get("/batu-ampar/kelola/penjual/").status_code == 404
    assert client.get(f"/bangunjiwo/kelola/penjual/{sellers[0].pk}/").status_code == 404
    response = client.post(
        f"/bangunjiwo/kelola/penjual/{sellers[0].pk}/", {"amount": "1", "method": "cash"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "bearer, earned, fee", [("village", 28500, -1500), ("seller", 25650, 1350)]
)
def test_who_bears_a_voucher_decides_whose_share_shrinks(village, shop, staff, bearer, earned, fee):
    """Rp30.000 of goods, 10 % off (Rp3.000), village fee 5 %: the village bears it from its
    fee (Rp1.500 − Rp3.000), or the seller earns 95 % of the Rp27.000 the buyer paid."""
    sellers, variants = shop
    voucher_save(
        village=village,
        code="HEMAT",
        kind="percent",
        value=10,
        bearer=bearer,
        starts_on=date(2026, 1, 1),
    )
    order = complete(place(village, [(variants[0], 2)], voucher_code="HEMAT"), staff)
    entry = LedgerEntry.objects.get(order_line__order=order)
    assert (entry.amount, entry.fee, entry.discount, entry.sale) == (earned, fee, 3000, 30000)
    assert entry.amount + entry.fee == order.total == 27000
    assert seller_balance(seller=sellers[0]) == earned
