"""Write use-cases of orders: write a priced order (checkout prices it), move it through its
states. Orders know no payment or delivery method and no ledger: they announce each change
(``signals.order_status_changed``) and the apps that care answer in the same transaction.

Each state change is one function, one transaction, and one conditional UPDATE on the status
(``WHERE status IN (<legal sources>)``), so a change happens at most once however many staff
taps, retries or workers race for it; stock is released by the same transaction that ends
an order, hence exactly once.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.catalog.services import stock_release, stock_take
from tokodesa.core.people import actor_label
from tokodesa.core.tasks import enqueue_with_transaction
from tokodesa.core.tenancy import across_villages, village_scope
from tokodesa.core.validators import normalize_whatsapp
from tokodesa.regions.selectors import region_path

from .models import Order, OrderEvent, OrderLine
from .pricing import deposit_amount, order_totals
from .selectors import preorder_lines_waiting
from .signals import order_placed, order_status_changed
from .tasks import notify_order_changed, notify_order_placed

S = Order.Status
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read over the phone


@dataclass(frozen=True)
class BuyerDetails:
    name: str
    whatsapp: str
    email: str = ""
    note: str = ""


@dataclass(frozen=True)
class AddressDetails:
    village_code: str  # the desa/kelurahan; the higher levels follow from it
    street: str
    rt_rw: str = ""
    postal_code: str = ""


class OutOfStock(ValidationError):
    """Some lines could not be reserved; nothing was saved."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(
            _("Sorry, not enough stock left for: %(names)s. Please change your cart.")
            % {"names": ", ".join(names)},
            code="out_of_stock",
        )


class IllegalTransition(ValidationError):
    pass


def clean_buyer(buyer: BuyerDetails) -> BuyerDetails:
    """The buyer's details tidied and checked (ValidationError names the wrong fields)."""
    errors = {}
    name = " ".join(buyer.name.split())[:100]
    if len(name) < 2:
        errors["name"] = _("Write your name.")
    try:
        whatsapp = normalize_whatsapp(buyer.whatsapp)
    except ValidationError as error:
        errors["whatsapp"] = error.messages
        whatsapp = ""
    if errors:
        raise ValidationError(errors)
    return BuyerDetails(name, whatsapp, buyer.email.strip()[:254], buyer.note.strip()[:1000])


def clean_address(address: AddressDetails) -> tuple[list, AddressDetails]:
    """The address checked against the official regions: (its four regions, tidied address)."""
    path = region_path(code=address.village_code)
    if len(path) != 4:
        raise ValidationError({"village_code": _("Choose your village or kelurahan.")})
    street = " ".join(address.street.split())[:200]
    if len(street) < 3:
        raise ValidationError({"street": _("Write the street, house number or landmark.")})
    postal = address.postal_code.strip() or path[3].postal_code
    if postal and (len(postal) != 5 or not postal.isdigit()):
        raise ValidationError({"postal_code": _("A postal code has 5 digits.")})
    return path, AddressDetails(path[3].code, street, address.rt_rw.strip()[:20], postal)


def _new_code(village) -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
    return f"{village.order_prefix}-{body}"


def order_create(
    *,
    village,
    buyer: BuyerDetails,
    address: AddressDetails,
    path: list,
    lines: list,
    shipping_fee: int,
    delivery: tuple[str, str],
    payment: tuple[str, str],
    channel: str = Order.Channel.WEB,
    awaiting_confirmation: bool = False,
    unique_code: int = 0,
    pays_on_delivery: bool = False,
    collected_at_shop: bool = False,
    courier: str = "",
    idempotency_key: str = "",
    user=None,
    voucher: tuple[str, int, int, dict[int, int], str] | None = None,
    source: str = "",
) -> Order:
    """Write a priced order and reserve its stock, in the caller's transaction (or one of its
    own), with no savepoint: a clash rolls back everything the caller did with it.

    The caller (checkout) has priced ``lines`` (``variant_id``, ``seller_id``, names,
    ``unit_price``, ``quantity``, ``weight_g``, ``line_total``, ``on_sale``) and chosen the
    delivery, the payment and the kode unik (``unique_code``, 0 for none; see
    ``selectors.unique_code_choose``); ``buyer``/``address`` come from
    ``clean_buyer``/``clean_address`` (``path`` is the address's four regions).
    ``delivery``/``payment`` are (code, label) as shown to the buyer; what they mean for the
    order's course is given by the flags, so the state machine never reads a method code.

    Raises OutOfStock naming every line that could not be reserved, or IntegrityError when
    the database refuses a clash with an order placed at the same moment: the same
    ``idempotency_key``, the same amount to transfer among open orders, or (once in millions)
    the same order code. Either way nothing is saved.

    ``voucher`` is what a voucher took off, as checkout priced it: (code, goods discount,
    shipping discount, the goods discount per variant id, who bears it).
    """
    code, discount, shipping_discount, per_variant, bearer = voucher or ("", 0, 0, {}, "")
    totals = order_totals(
        ((line.unit_price, line.quantity, line.weight_g) for line in lines),
        shipping_fee=shipping_fee,
    )
    total = totals.total - discount - shipping_discount
    deposit = 0
    if not pays_on_delivery:
        deposit = deposit_amount(
            ((line.line_total, getattr(line, "deposit_percent", None)) for line in lines),
            total=total,
        )
    quantities: dict[int, int] = {}
    for line in lines:
        if not line.on_sale:
            raise OutOfStock([line.product_name])
        quantities[line.variant_id] = quantities.get(line.variant_id, 0) + line.quantity
    status = S.AWAITING_CONFIRMATION if awaiting_confirmation else S.AWAITING_PAYMENT
    with transaction.atomic(savepoint=False):
        short = stock_take(village_id=village.pk, quantities=quantities)
        if short:
            raise OutOfStock([line.product_name for line in lines if line.variant_id in short])
        order = Order(
            village=village,
            user=user if user and user.is_authenticated else None,
            status=status,
            channel=channel,
            source=source[:40],
            buyer_name=buyer.name,
            buyer_whatsapp=buyer.whatsapp,
            buyer_email=buyer.email,
            note=buyer.note,
            province_code=path[0].code,
            regency_code=path[1].code,
            district_code=path[2].code,
            village_code=path[3].code,
            region_label=", ".join(r.short_name for r in reversed(path)),
            street=address.street,
            rt_rw=address.rt_rw,
            postal_code=address.postal_code,
            delivery_method=delivery[0],
            delivery_label=delivery[1],
            payment_method=payment[0],
            payment_label=payment[1],
            pays_on_delivery=pays_on_delivery,
            collected_at_shop=collected_at_shop,
            tracking_courier=courier[:40],
            subtotal=totals.subtotal,
            shipping_fee=totals.shipping_fee,
            voucher_code=code,
            discount=discount,
            shipping_discount=shipping_discount,
            total=total,
            deposit=deposit,
            weight_g=totals.weight_g,
            fee_basis_points=village.fee_basis_points,
            expires_at=None
            if pays_on_delivery
            else timezone.now() + timedelta(hours=settings.ORDER_PAYMENT_HOURS),
            idempotency_key=idempotency_key[:64],
            code=_new_code(village),
            unique_code=unique_code,
            payable=total + unique_code,
        )
        order.save(force_insert=True)
        left = dict(per_variant)  # a variant in two lines: its part goes to the first
        OrderLine.objects.bulk_create(
            OrderLine(
                village=village,
                order=order,
                variant_id=line.variant_id,
                seller_id=line.seller_id,
                product_name=line.product_name,
                variant_label=line.variant_label,
                seller_name=line.seller_name,
                unit_price=line.unit_price,
                quantity=line.quantity,
                weight_g=line.weight_g,
                line_total=line.line_total,
                ready_on=getattr(line, "ready_on", None),
                discount=(part := left.pop(line.variant_id, 0)),
                discount_bearer=bearer if part else "",
            )
            for line in lines
        )
        _record(order, "", status, actor=user, label=buyer.name)
        order_placed.send(sender=Order, order=order)
        enqueue_with_transaction(notify_order_placed, order.village_id, order.pk)
    return order


def _record(
    order: Order, from_status: str, to_status: str, *, actor=None, label: str = "", reason: str = ""
) -> OrderEvent:
    return OrderEvent.objects.create(
        village_id=order.village_id,
        order=order,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label(actor, label),
        reason=reason[:300],
    )


def _transition(
    order: Order,
    sources: tuple,
    target: str,
    *,
    actor=None,
    label: str = "",
    reason: str = "",
    release: bool = False,
    **changes,
) -> Order:
    with transaction.atomic():
        previous = Order.objects.filter(pk=order.pk).values_list("status", flat=True).first()
        moved = Order.objects.filter(pk=order.pk, status__in=sources).update(
            status=target, **changes
        )
        if not moved:
            raise IllegalTransition(
                _("Order %(code)s is %(status)s; it cannot become %(target)s.")
                % {
                    "code": order.code,
                    "status": S(previous).label if previous else "?",
                    "target": S(target).label,
                },
                code="illegal_transition",
            )
        if release:
            quantities: dict[int, int] = {}
            for variant_id, quantity in order.lines.exclude(variant=None).values_list(
                "variant_id", "quantity"
            ):
                quantities[variant_id] = quantities.get(variant_id, 0) + quantity
            stock_release(village_id=order.village_id, quantities=quantities)
        _record(order, previous, target, actor=actor, label=label, reason=reason)
        order.refresh_from_db()
        # Inside the transaction: what other apps record in answer (a seller's earning, a
        # refund due) commits or rolls back with the change itself.
        order_status_changed.send(
            sender=Order,
            order=order,
            from_status=previous,
            to_status=target,
            actor=actor,
            reason=reason,
        )
        enqueue_with_transaction(notify_order_changed, order.village_id, order.pk, target)
    return order


def order_confirm(*, order: Order, actor, shipping_fee: int, reason: str = "") -> Order:
    """The shop accepts an order made through WhatsApp, with the shipping fee agreed there."""
    if not isinstance(shipping_fee, int) or shipping_fee < 0:
        raise ValidationError({"shipping_fee": _("Enter the shipping fee in rupiah (0 or more).")})
    hours = settings.ORDER_PAYMENT_HOURS
    return _transition(
        order,
        (S.AWAITING_CONFIRMATION,),
        S.AWAITING_PAYMENT,
        actor=actor,
        reason=reason,
        shipping_fee=shipping_fee,
        total=order.subtotal - order.discount + shipping_fee,
        payable=order.subtotal - order.discount + shipping_fee + order.unique_code,
        expires_at=timezone.now() + timedelta(hours=hours),
    )


def order_mark_paid(*, order: Order, actor, reason: str = "") -> Order:
    """Money due now arrived: the order is paid, or, for the deposit of a pre-order, waits
    for its goods (or, when they are ready already, for the rest of the money)."""
    # Only an order with a deposit needs a look at its state first.
    waiting_deposit = Order.objects.filter(pk=order.pk, status=S.AWAITING_PAYMENT)
    if order.deposit and waiting_deposit.exists():
        if _goods_waiting(order):
            target, expires = S.DEPOSIT_PAID, None
        else:
            target, expires = S.AWAITING_BALANCE, _balance_deadline()
        return _transition(
            order, (S.AWAITING_PAYMENT,), target, actor=actor, reason=reason, expires_at=expires
        )
    return _transition(
        order, Order.PAYING_STATUSES, S.PAID, actor=actor, reason=reason, expires_at=None
    )


def _goods_waiting(order: Order) -> bool:
    """Whether some pre-ordered goods of the order are not ready yet."""
    return order.lines.filter(ready_on__isnull=False, ready_at__isnull=True).exists()


def _balance_deadline():
    """When the rest of a pre-order should be paid by (shown to the buyer; the team decides
    what happens after it: such an order never expires by itself)."""
    return timezone.now() + timedelta(days=settings.ORDER_BALANCE_DAYS)


def preorder_batch_ready(*, village, product_id: int, actor) -> list[Order]:
    """The team says a pre-order's goods are ready (the harvest is in): every waiting line of
    that product is ready now, and each order whose pre-orders are all ready and whose deposit
    was paid asks its buyer for the rest. Returns the orders that now wait for the balance."""
    with transaction.atomic():
        lines = preorder_lines_waiting(village=village).filter(variant__product_id=product_id)
        name = lines.values_list("product_name", flat=True).first() or str(product_id)
        orders = set(lines.values_list("order_id", flat=True))
        lines.update(ready_at=timezone.now())
        asked = []
        for order in Order.objects.filter(pk__in=orders, status=S.DEPOSIT_PAID):
            if _goods_waiting(order):
                continue  # another pre-order in it is still growing
            asked.append(
                _transition(
                    order,
                    (S.DEPOSIT_PAID,),
                    S.AWAITING_BALANCE,
                    actor=actor,
                    reason=_("The pre-ordered goods are ready"),
                    expires_at=_balance_deadline(),
                )
            )
        audit_record(
            village_id=village.pk,
            actor=actor,
            action="preorder_ready",
            subject=name,
            after={"orders": len(orders), "asked_for_balance": [o.code for o in asked]},
        )
    return asked


def preorder_batch_failed(*, village, product_id: int, actor, reason: str) -> list[Order]:
    """The harvest failed: every order still waiting for that product's pre-ordered goods is
    cancelled with the reason, its stock released, and whatever was paid (the deposit, or
    everything) is owed back to the buyer (payments answers the cancellation)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the goods will not come, for the buyers.")})
    codes = (
        preorder_lines_waiting(village=village)
        .filter(variant__product_id=product_id)
        .values_list("order__code", flat=True)
    )
    cancelled = []
    with transaction.atomic():
        for order in Order.objects.filter(village=village, code__in=list(codes)):
            cancelled.append(order_cancel(order=order, actor=actor, reason=reason))
    return cancelled


def order_start_preparing(*, order: Order, actor, reason: str = "") -> Order:
    """Paid orders, and pay-on-delivery orders (their cash comes later), go to packing."""
    sources = (S.PAID, S.AWAITING_PAYMENT) if order.pays_on_delivery else (S.PAID,)
    return _transition(order, sources, S.PROCESSING, actor=actor, reason=reason)


RESI = re.compile(r"^[A-Z0-9][A-Z0-9-]{6,38}[A-Z0-9]$")


def clean_tracking_number(value: str) -> str:
    """A courier's resi: letters, digits and dashes, 8–40 characters, spaces removed."""
    resi = "".join(str(value or "").split()).upper()
    if not RESI.match(resi):
        raise ValidationError(
            {"tracking_number": _("A tracking number has 8–40 letters, digits or dashes.")}
        )
    return resi


def order_ship(
    *, order: Order, actor, tracking_number: str = "", courier: str = "", reason: str = ""
) -> Order:
    """The parcel left the village: with a courier's resi, or with the village courier."""
    changes = {"shipped_at": timezone.now()}
    if order.tracking_courier or tracking_number:  # a courier's parcel needs its resi
        changes["tracking_number"] = clean_tracking_number(tracking_number)
        changes["tracking_courier"] = (courier or order.tracking_courier)[:40]
    return _transition(
        order, (S.PAID, S.PROCESSING), S.SHIPPED, actor=actor, reason=reason, **changes
    )


def order_complete(*, order: Order, actor, reason: str = "") -> Order:
    """Delivered, or handed over at the shop (collected orders need no shipping step).
    Without an actor it is the system's doing (e.g. delivered long ago)."""
    sources = (S.SHIPPED, S.PROCESSING) if order.collected_at_shop else (S.SHIPPED,)
    label = "" if actor is not None else _("system")
    return _transition(order, sources, S.COMPLETED, actor=actor, label=label, reason=reason)


def order_cancel(*, order: Order, actor, reason: str, by_buyer: bool = False) -> Order:
    """Cancel an order that has not been shipped; its stock goes back on sale."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the order is cancelled.")})
    sources = (
        (S.AWAITING_CONFIRMATION, S.AWAITING_PAYMENT) if by_buyer else Order.CANCELLABLE_STATUSES
    )
    label = order.buyer_name if by_buyer else ""
    with transaction.atomic():
        order = _transition(
            order,
            sources,
            S.CANCELLED,
            actor=actor,
            label=label,
            reason=reason,
            release=True,
            expires_at=None,
        )
        audit_record(
            village_id=order.village_id,
            actor=actor,
            action="order_cancelled",
            subject=order.code,
            after={"reason": reason, "by_buyer": by_buyer},
        )
    return order


def order_expire(*, order: Order) -> Order:
    return _transition(
        order,
        Order.OPEN_STATUSES,
        S.EXPIRED,
        label=_("system"),
        reason=_("Not paid in time"),
        release=True,
        expires_at=None,
    )


def order_confirm_received(*, order: Order) -> Order:
    """The buyer says the parcel arrived."""
    return _transition(
        order, (S.SHIPPED,), S.COMPLETED, label=order.buyer_name, reason=_("Received by the buyer")
    )


def orders_expire_due(*, now=None) -> int:
    """Expire every open order whose time is up, in every village (each in its own village's
    scope); return how many. Safe to run concurrently."""
    now = now or timezone.now()
    expired = 0
    with across_villages("unpaid orders whose time is up, in every village"):
        due = list(
            Order.objects.filter(status__in=Order.OPEN_STATUSES, expires_at__lte=now).values_list(
                "pk", "village_id"
            )
        )
    for pk, village_id in due:
        with village_scope(village_id):
            order = Order.objects.only("pk", "code", "village_id").get(pk=pk)
            try:
                order_expire(order=order)
                expired += 1
            except IllegalTransition:
                pass  # paid or cancelled meanwhile, or expired by another worker
    return expired
