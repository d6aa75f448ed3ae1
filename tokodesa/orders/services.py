"""Write use-cases of orders: place one from a cart, and move it through its states.

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
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.backoffice.services import audit_record
from tokodesa.cart.models import Cart
from tokodesa.cart.selectors import cart_summary
from tokodesa.cart.services import cart_empty
from tokodesa.catalog.services import stock_release, stock_take
from tokodesa.core.people import actor_label
from tokodesa.core.tenancy import across_villages, village_scope
from tokodesa.core.validators import normalize_whatsapp
from tokodesa.ledger.services import earnings_record
from tokodesa.payments.methods import payment_option
from tokodesa.regions.selectors import region_path
from tokodesa.shipping.methods import Destination, Parcel, delivery_option

from .models import Order, OrderEvent, OrderLine
from .pricing import order_totals
from .tasks import notify_order_changed, notify_order_placed

S = Order.Status
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read over the phone
WHATSAPP_METHOD = "whatsapp"


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


def _clean_buyer(buyer: BuyerDetails) -> BuyerDetails:
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


def _resolve_address(address: AddressDetails) -> tuple[list, AddressDetails]:
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


def order_place(
    *,
    cart: Cart,
    buyer: BuyerDetails,
    address: AddressDetails,
    delivery_code: str,
    payment_code: str,
    idempotency_key: str = "",
    expected_total: int | None = None,
    user=None,
) -> Order:
    """Turn a cart into an order and reserve its stock.

    ``delivery_code``/``payment_code`` name the chosen options (``"whatsapp"`` for both: the
    buyer sends the order to the shop's WhatsApp and the shop confirms it with the agreed
    shipping fee). Prices and fees are taken from the catalogue and the methods now, never from
    the browser; ``expected_total`` is the total the buyer reviewed, and a different total
    (a price changed meanwhile) refuses the order. The same ``idempotency_key`` returns the
    order already placed (a double-submitted form makes one order).

    Raises OutOfStock naming every line that could not be reserved (then nothing is saved),
    or ValidationError naming what is wrong with the details.
    """
    village = cart.village
    key = idempotency_key[:64]
    if key and (existing := Order.objects.filter(village=village, idempotency_key=key).first()):
        return existing
    summary = cart_summary(cart=cart)
    if not summary.lines:
        raise ValidationError(_("Your cart is empty."))
    buyer = _clean_buyer(buyer)
    path, address = _resolve_address(address)
    destination = Destination(*(region.code for region in path))
    parcel = Parcel(
        weight_g=summary.weight_g, subtotal=summary.subtotal, volume_cm3=summary.volume_cm3
    )

    via_whatsapp = delivery_code == WHATSAPP_METHOD
    if via_whatsapp:
        delivery_label = payment_label = _("Agreed with the shop on WhatsApp")
        fee, status, channel = 0, S.AWAITING_CONFIRMATION, Order.Channel.WHATSAPP
        payment_code = WHATSAPP_METHOD
    else:
        delivery = delivery_option(
            village=village, destination=destination, parcel=parcel, code=delivery_code
        )
        if delivery is None:
            raise ValidationError({"delivery": _("Choose a delivery method.")})
        fee, delivery_label = delivery.fee, delivery.label
        payment = payment_option(
            village=village,
            total=summary.subtotal + fee,
            code=payment_code,
            delivery_code=delivery.code,
        )
        if payment is None:
            raise ValidationError({"payment": _("Choose a payment method.")})
        payment_label, status, channel = payment.label, S.AWAITING_PAYMENT, Order.Channel.WEB

    totals = order_totals(
        ((line.unit_price, line.quantity, line.weight_g) for line in summary.lines),
        shipping_fee=fee,
    )
    if expected_total is not None and expected_total != totals.total:
        raise ValidationError(
            _("A price changed while you were checking out. Please look at the new total."),
            code="price_changed",
        )
    quantities: dict[int, int] = {}
    for line in summary.lines:
        if not line.on_sale:
            raise OutOfStock([line.product_name])
        quantities[line.variant_id] = quantities.get(line.variant_id, 0) + line.quantity

    try:
        with transaction.atomic():
            short = stock_take(quantities=quantities)
            if short:
                raise OutOfStock(
                    [line.product_name for line in summary.lines if line.variant_id in short]
                )
            order = _insert_order(
                village=village,
                user=user,
                status=status,
                channel=channel,
                buyer=buyer,
                path=path,
                address=address,
                totals=totals,
                key=key,
                delivery=(delivery_code, delivery_label),
                payment=(payment_code, payment_label),
                unique_code=not via_whatsapp and payment.unique_code,
                pays_later=not via_whatsapp and payment.pays_later,
            )
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
                )
                for line in summary.lines
            )
            _record(order, "", status, actor=user, label=buyer.name)
            cart_empty(cart=cart)
            transaction.on_commit(lambda: notify_order_placed.enqueue(order.village_id, order.pk))
    except IntegrityError:
        if key and (existing := Order.objects.filter(village=village, idempotency_key=key).first()):
            return existing  # the same form, submitted twice at the same moment
        raise
    return order


def _free_unique_code(village, total: int) -> int:
    """A code 1–999 such that no open order of the village has the amount total + code."""
    taken = set(
        Order.objects.filter(
            village=village,
            status__in=Order.OPEN_STATUSES,
            unique_code__gt=0,
            payable__range=(total + 1, total + 999),
        ).values_list("payable", flat=True)
    )
    free = [code for code in range(1, 1000) if total + code not in taken]
    if not free:
        raise ValidationError(_("The shop is very busy right now. Please try again in a moment."))
    return secrets.choice(free)


def _insert_order(
    *,
    village,
    user,
    status,
    channel,
    buyer,
    path,
    address,
    totals,
    key,
    delivery,
    payment,
    unique_code: bool = False,
    pays_later: bool = False,
) -> Order:
    hours = settings.ORDER_PAYMENT_HOURS
    order = Order(
        village=village,
        user=user if user and user.is_authenticated else None,
        status=status,
        channel=channel,
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
        subtotal=totals.subtotal,
        shipping_fee=totals.shipping_fee,
        total=totals.total,
        weight_g=totals.weight_g,
        fee_basis_points=village.fee_basis_points,
        expires_at=None if pays_later else timezone.now() + timedelta(hours=hours),
        idempotency_key=key,
    )
    # Both the order code and the unique transfer code may clash with another order placed
    # at the same moment; the database refuses the clash and we draw again.
    for attempt in range(8):
        order.code = _new_code(village)
        order.unique_code = _free_unique_code(village, order.total) if unique_code else 0
        order.payable = order.total + order.unique_code
        try:
            with transaction.atomic():
                order.save()
            return order
        except IntegrityError:
            if key and Order.objects.filter(village=village, idempotency_key=key).exists():
                raise
            if attempt == 7:
                raise
    raise AssertionError("unreachable")


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
            stock_release(quantities=quantities)
        _record(order, previous, target, actor=actor, label=label, reason=reason)
        order.refresh_from_db()
        if target == S.COMPLETED:
            earnings_record(order=order)  # each line becomes its seller's earning
        transaction.on_commit(
            lambda: notify_order_changed.enqueue(order.village_id, order.pk, target)
        )
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
        total=order.subtotal + shipping_fee,
        payable=order.subtotal + shipping_fee + order.unique_code,
        expires_at=timezone.now() + timedelta(hours=hours),
    )


def order_mark_paid(*, order: Order, actor, reason: str = "") -> Order:
    return _transition(
        order, (S.AWAITING_PAYMENT,), S.PAID, actor=actor, reason=reason, expires_at=None
    )


def order_start_preparing(*, order: Order, actor, reason: str = "") -> Order:
    """Paid orders, and pay-on-delivery orders (their cash comes later), go to packing."""
    sources = (
        (S.PAID, S.AWAITING_PAYMENT)
        if order.expires_at is None and order.payment_method == "cod"
        else (S.PAID,)
    )
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
    if order.delivery_method.startswith("courier:") or tracking_number:
        changes["tracking_number"] = clean_tracking_number(tracking_number)
        changes["tracking_courier"] = (courier or order.delivery_method.removeprefix("courier:"))[
            :40
        ]
    return _transition(
        order, (S.PAID, S.PROCESSING), S.SHIPPED, actor=actor, reason=reason, **changes
    )


def order_complete(*, order: Order, actor, reason: str = "") -> Order:
    """Delivered, or handed over at the shop (pickup orders need no shipping step)."""
    sources = (S.SHIPPED, S.PROCESSING) if order.delivery_method == "pickup" else (S.SHIPPED,)
    return _transition(order, sources, S.COMPLETED, actor=actor, reason=reason)


def order_cancel(*, order: Order, actor, reason: str, by_buyer: bool = False) -> Order:
    """Cancel an order that has not been shipped; its stock goes back on sale."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the order is cancelled.")})
    sources = (
        (S.AWAITING_CONFIRMATION, S.AWAITING_PAYMENT)
        if by_buyer
        else (S.AWAITING_CONFIRMATION, S.AWAITING_PAYMENT, S.PAID, S.PROCESSING)
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
        from tokodesa.payments.services import refund_record_due  # payments builds on orders

        refund_record_due(order=order, actor=actor, reason=reason)
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


def orders_complete_shipped(*, days: int | None = None, now=None) -> int:
    """Complete orders shipped more than ``days`` ago (the village's setting when None).
    Looks in every village; each order is completed in its own village's scope."""
    from tokodesa.shipping.selectors import shipping_settings

    now = now or timezone.now()
    done = 0
    with across_villages("orders shipped long ago, in every village"):
        shipped = list(
            Order.objects.filter(status=S.SHIPPED, shipped_at__isnull=False).values_list(
                "pk", "village_id"
            )
        )
    for pk, village_id in shipped:
        with village_scope(village_id):
            order = Order.objects.select_related("village").get(pk=pk)
            wait = days if days is not None else shipping_settings(order.village).auto_complete_days
            if order.shipped_at > now - timedelta(days=wait):
                continue
            try:
                _transition(
                    order,
                    (S.SHIPPED,),
                    S.COMPLETED,
                    label=_("system"),
                    reason=_("Delivered long ago; completed automatically"),
                )
                done += 1
            except IllegalTransition:
                pass
    return done


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
