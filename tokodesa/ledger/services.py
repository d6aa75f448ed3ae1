"""Money owed to villagers. Earnings are written when an order completes; payouts when staff
hand money over. Nothing is ever updated or deleted: a mistake is corrected by a new entry.

Fee rounding rule: the village fee of a line is ``line_total × basis_points / 10 000`` rounded
half up to whole rupiah; the seller earns the rest, so fee + earning = line total exactly.

A voucher's part of a line (``discount``, ADR 18) is borne by whom the voucher says: by the
seller, then the fee is taken from what the buyer paid (line total − discount) and the seller
earns the rest; by the village, then the seller earns as without a voucher and the village's
fee shrinks by the discount (below zero when the discount is larger). Either way
earning + fee = what the buyer paid for the line, and earning + fee + discount = line total.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.core.numbers import whole_rupiah
from tokodesa.core.people import actor_label
from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.sellers.models import Seller

from .models import LedgerEntry, Payout


def village_fee(line_total: int, basis_points: int) -> int:
    """The village's part of a sale, in whole rupiah, rounded half up."""
    if line_total < 0 or not 0 <= basis_points <= 10_000:
        raise ValueError("line total must be >= 0 and basis points 0..10000")
    return (line_total * basis_points + 5_000) // 10_000


def earnings_record(*, order) -> list[LedgerEntry]:
    """Turn each line of a completed order into its seller's earning (once per line)."""
    if order.status != "completed":
        raise ValidationError(_("Only completed orders earn money for sellers."))
    basis_points = order.fee_basis_points  # frozen when the order was placed
    done = set(
        LedgerEntry.objects.filter(order_line__order=order).values_list("order_line_id", flat=True)
    )
    entries = []
    for line in order.lines.all():
        if line.pk in done:
            continue
        paid = line.line_total - line.discount
        if line.discount and line.discount_bearer == "seller":
            fee = village_fee(paid, basis_points)
        else:
            fee = village_fee(line.line_total, basis_points) - line.discount
        entries.append(
            LedgerEntry(
                village_id=order.village_id,
                seller_id=line.seller_id,
                kind=LedgerEntry.Kind.EARNING,
                amount=paid - fee,
                fee=fee,
                sale=line.line_total,
                discount=line.discount,
                order_line=line,
                note=f"{order.code}: {line.quantity} × {line.product_name}"[:300],
            )
        )
    return LedgerEntry.objects.bulk_create(entries)


def seller_balance(*, seller) -> int:
    return LedgerEntry.objects.filter(seller=seller).aggregate(s=Sum("amount"))["s"] or 0


@transaction.atomic
def payout_record(*, seller: Seller, amount, method: str, actor, reference: str = "") -> Payout:
    """Hand money to a seller from their balance. Never more than the balance.

    The seller's row is locked while the balance is checked, so two staff paying the same
    villager at once cannot both take the same rupiah.
    """
    amount = whole_rupiah(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    if method not in Payout.Method.values:
        raise ValidationError({"method": _("Choose transfer or cash.")})
    Seller.objects.select_for_update().filter(pk=seller.pk).first()
    balance = seller_balance(seller=seller)
    if amount > balance:
        raise ValidationError(
            {
                "amount": _("%(name)s's balance is only %(balance)s.")
                % {"name": seller.display_name, "balance": format_rupiah(balance)}
            }
        )
    label = actor_label(actor)
    payout = Payout.objects.create(
        village_id=seller.village_id,
        seller=seller,
        amount=amount,
        method=method,
        reference=reference.strip()[:120],
        actor=actor,
        actor_label=label,
    )
    LedgerEntry.objects.create(
        village_id=seller.village_id,
        seller=seller,
        kind=LedgerEntry.Kind.PAYOUT,
        amount=-amount,
        payout=payout,
        note=payout.get_method_display(),
    )
    audit_record(
        village_id=seller.village_id,
        actor=actor,
        action="payout_recorded",
        subject=seller.display_name,
        before={"balance": balance},
        after={"balance": balance - amount, "amount": amount, "method": method},
    )
    return payout


@transaction.atomic
def correction_record(*, seller: Seller, amount: int, note: str, actor) -> LedgerEntry:
    """Fix a mistake with a new entry (positive: the village owes more; negative: less)."""
    if not note.strip():
        raise ValidationError({"note": _("Explain the correction.")})
    if not isinstance(amount, int) or amount == 0:
        raise ValidationError({"amount": _("Enter a non-zero amount in whole rupiah.")})
    return LedgerEntry.objects.create(
        village_id=seller.village_id,
        seller=seller,
        kind=LedgerEntry.Kind.CORRECTION,
        amount=amount,
        note=note.strip()[:300],
    )


def earning_reverse(*, line, refunded: int, note: str) -> int:
    """Take back from a seller the part of a line's earning that a refund gives back to the
    buyer, by a new correction entry (rows are never changed): earning × refund / what the
    buyer paid for the line, rounded half up. Returns the amount taken back."""
    earning = LedgerEntry.objects.filter(order_line=line, kind=LedgerEntry.Kind.EARNING).first()
    if earning is None:
        raise ValidationError(_("The order is not completed: there is no earning to correct."))
    paid = earning.amount + earning.fee
    if refunded <= 0 or paid <= 0:
        return 0
    back = (earning.amount * min(refunded, paid) * 2 + paid) // (2 * paid)
    if back:
        LedgerEntry.objects.create(
            village_id=earning.village_id,
            seller_id=earning.seller_id,
            kind=LedgerEntry.Kind.CORRECTION,
            amount=-back,
            note=note[:300],
        )
    return back
