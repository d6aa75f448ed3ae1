"""The API with a key (``Authorization: Bearer tdk_…``): a village's orders, stock and prices,
reports and balances, through the same services and selectors as the shop's own pages (ADR 22).

A key belongs to one village (or one of its sellers) and carries scopes; anything of another
village is "not found". Every POST may carry an ``Idempotency-Key`` (required to place an
order): the same key and body get the same answer for a day, a different body a 409.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, override
from ninja import Field, Header, Path, Query, Router, Schema, Status
from ninja.security import HttpBearer
from pydantic import BaseModel, ConfigDict

from tokodesa.cart.services import cart_add, cart_get_or_create
from tokodesa.catalog.models import Variant
from tokodesa.catalog.services import variant_price_set, variant_stock_adjust
from tokodesa.checkout.services import AddressDetails, BuyerDetails, order_place
from tokodesa.core.clients import attempt
from tokodesa.core.numbers import MAX_ID, MAX_PRICE, MAX_STOCK
from tokodesa.core.people import ProgramActor
from tokodesa.core.tenancy import village_scope
from tokodesa.ledger.selectors import sellers_with_balances
from tokodesa.orders import services as order_services
from tokodesa.orders.models import Order
from tokodesa.orders.selectors import order_for_page
from tokodesa.payments import selectors as payment_selectors
from tokodesa.payments.services import payment_confirm
from tokodesa.reports import selectors as reports

from .api import ApiError
from .models import ApiKey, Scope
from .schemas import (
    BalancesOut,
    Error,
    OrderDetail,
    OrderPage,
    ReportOut,
    VariantStockOut,
)
from .services import answer_find, answer_keep, key_authenticate, request_fingerprint

CALLS_PER_MINUTE = 600  # per key


class KeyAuth(HttpBearer):
    def authenticate(self, request, token):
        key = key_authenticate(token)
        if key is not None:
            if not attempt("api-key", key.prefix, limit=CALLS_PER_MINUTE, window=60):
                raise ApiError(
                    429,
                    "too_many_requests",
                    gettext_noop("Too many requests. Please wait a minute."),
                )
            request.api_key = key
        return key


router = Router(auth=KeyAuth(), tags=["with a key"])

UNAUTHORIZED = {401: Error, 403: Error, 429: Error}


def _need(request, scope: str) -> ApiKey:
    key = request.api_key
    if scope not in key.scopes:
        raise ApiError(
            403, "insufficient_scope", gettext_noop("This key may not do this. Ask for a new key.")
        )
    return key


def _actor(key: ApiKey) -> ProgramActor:
    return ProgramActor(f"API: {key.name}")


def _run(fn):
    """Run a service; a rule it refuses becomes a 422 saying why in Indonesian and in English.
    (The refusal changed nothing, so asking it again in the other language gives the same
    words; a second run that succeeds, in a race, is rolled back.)"""
    try:
        with transaction.atomic(), override("id"):
            return fn()
    except ValidationError as error:
        indonesian = " ".join(error.messages)
        english = indonesian
        try:
            with transaction.atomic(), override("en"):
                fn()
                transaction.set_rollback(True)
        except ValidationError as again:
            english = " ".join(again.messages)
        raise ApiError(422, "refused", indonesian, english=english) from error


def _idempotent(request, key: ApiKey, idempotency_key: str | None, payload, fn) -> Status:
    """Answer a POST once per ``Idempotency-Key`` (``fn`` returns status and body): the same
    key and body get the first answer again, another body a 409."""
    if not idempotency_key:
        return Status(*fn())
    idempotency_key = idempotency_key.strip()[:64]
    fingerprint = request_fingerprint([request.path, payload])
    found = answer_find(key=key, idempotency_key=idempotency_key)
    if found is None:
        status, body = fn()
        if answer_keep(
            key=key, idempotency_key=idempotency_key, fingerprint=fingerprint, status=status,
            body=body,
        ):  # fmt: skip
            return Status(status, body)
        found = answer_find(key=key, idempotency_key=idempotency_key)  # answered meanwhile
    if found.request_hash != fingerprint:
        raise ApiError(
            409,
            "idempotency_key_reused",
            gettext_noop("This Idempotency-Key was used for a different request."),
        )
    return Status(found.status, found.body)


# -- orders --------------------------------------------------------------------------------------


def _order(order: Order, lines=None) -> dict:
    lines = order.lines.all() if lines is None else lines
    return {
        "code": order.code,
        "status": order.status,
        "status_label": order.get_status_display(),
        "created_at": order.created_at.isoformat(),
        "buyer_name": order.buyer_name,
        "buyer_whatsapp": order.buyer_whatsapp,
        "buyer_email": order.buyer_email,
        "address": order.address_lines,
        "delivery": order.delivery_label,
        "payment": order.payment_label,
        "tracking_number": order.tracking_number,
        "subtotal": order.subtotal,
        "shipping_fee": order.shipping_fee,
        "discount": order.discount + order.shipping_discount,
        "total": order.total,
        "unique_code": order.unique_code,
        "payable": order.payable,
        "deposit": order.deposit,
        "due_now": order.due_now,
        "lines": [
            {
                "product": line.product_name,
                "variant": line.variant_label,
                "variant_id": line.variant_id,
                "seller": line.seller_name,
                "unit_price": line.unit_price,
                "quantity": line.quantity,
                "line_total": line.line_total,
                "discount": line.discount,
                "ready_on": line.ready_on.isoformat() if line.ready_on else None,
            }
            for line in lines
        ],
    }


def _detail(order: Order) -> dict:
    return {
        **_order(order),
        "paid": payment_selectors.order_paid_amount(order=order),
        "refund_due": payment_selectors.order_refund_outstanding(order=order),
    }


def _found(village, code: str) -> Order:
    order = order_for_page(village=village, code=code[:12])
    if order is None:
        raise ApiError(404, "not_found", gettext_noop("There is no such order in this shop."))
    return order


class OrderFilter(Schema):
    after: int = Field(0, ge=0, le=MAX_ID, description="the last id of the page before")
    limit: int = Field(20, ge=1, le=100)
    status: Order.Status | None = None


@router.get("/pesanan", response={200: OrderPage, 400: Error, **UNAUTHORIZED})
def orders(request, filters: Query[OrderFilter]):
    """The village's orders, newest first (scope ``orders:read``; 2 queries a page)."""
    key = _need(request, Scope.ORDERS_READ)
    with village_scope(key.village_id):
        rows = Order.objects.filter(village_id=key.village_id).order_by("-id")
        if filters.after:
            rows = rows.filter(pk__lt=filters.after)
        if filters.status:
            rows = rows.filter(status=filters.status)
        page = list(rows.prefetch_related("lines")[: filters.limit + 1])
        items = [_order(order) for order in page[: filters.limit]]
    more = len(page) > filters.limit
    return {"items": items, "next_cursor": page[filters.limit - 1].pk if more else None}


@router.get("/pesanan/{code}", response={200: OrderDetail, 404: Error, **UNAUTHORIZED})
def order_detail(request, code: str):
    """One order with what was paid and what is owed back (scope ``orders:read``)."""
    key = _need(request, Scope.ORDERS_READ)
    with village_scope(key.village_id):
        return _detail(_found(key.village, code))


class Strict(BaseModel):
    """A JSON body taken as written: ``false`` is not 0, ``"5"`` not 5, a list not an object."""

    model_config = ConfigDict(strict=True)


class BuyerIn(Strict):
    name: str = Field(..., max_length=100)
    whatsapp: str = Field(..., max_length=30)
    email: str = Field("", max_length=254)
    note: str = Field("", max_length=1000)


class AddressIn(Strict):
    village_code: str = Field(..., max_length=13, description="the desa, e.g. 34.71.01.1001")
    street: str = Field(..., max_length=200)
    rt_rw: str = Field("", max_length=20)
    postal_code: str = Field("", max_length=5)


class LineIn(Strict):
    variant_id: int = Field(..., ge=1, le=MAX_ID)
    quantity: int = Field(..., ge=1, le=999)


class OrderIn(Strict):
    buyer: BuyerIn
    address: AddressIn
    lines: list[LineIn] = Field(..., min_length=1, max_length=30)
    delivery: str = Field(
        "whatsapp", max_length=60, description='"pickup", "local", "courier:…" or "whatsapp"'
    )
    payment: str = Field(
        "whatsapp", max_length=40, description='"bank_transfer", "qris", "cod" or "whatsapp"'
    )
    voucher: str = Field("", max_length=20)


@router.post(
    "/pesanan",
    response={201: OrderDetail, 400: Error, 404: Error, 409: Error, 422: Error, **UNAUTHORIZED},
)
def order_create(
    request,
    body: OrderIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=64),
):
    """Place an order, priced by the shop as its checkout does (scope ``orders:write``; an
    ``Idempotency-Key`` is required). With delivery and payment "whatsapp" the shop confirms
    the shipping fee later, as for an order sent on WhatsApp."""
    key = _need(request, Scope.ORDERS_WRITE)

    def place():
        # A cart of this request alone (in _run's transaction: gone with a refusal).
        cart = cart_get_or_create(village=key.village, session={})
        for line in body.lines:
            change = cart_add(cart=cart, variant_id=line.variant_id, quantity=line.quantity)
            if change.note:  # fewer than asked for: a program must not get less silently
                raise ValidationError(
                    gettext("Only %(n)d of %(name)s left in stock.")
                    % {"n": change.item.quantity, "name": change.item.variant.product.name}
                )
        order = order_place(
            cart=cart,
            buyer=BuyerDetails(**body.buyer.model_dump()),
            address=AddressDetails(**body.address.model_dump()),
            delivery_code=body.delivery,
            payment_code=body.payment,
            idempotency_key=f"api:{key.pk}:{idempotency_key}",
            voucher_code=body.voucher,
        )
        cart.delete()
        return 201, _detail(_found(key.village, order.code))

    with village_scope(key.village_id):
        return _idempotent(request, key, idempotency_key, body.model_dump(), lambda: _run(place))


ACTIONS = {
    "payment_received": lambda order, actor, data: (
        payment_confirm(order=order, actor=actor, note=data.reason).order
    ),
    "confirm": lambda order, actor, data: order_services.order_confirm(
        order=order, actor=actor, shipping_fee=data.shipping_fee, reason=data.reason
    ),
    "prepare": lambda order, actor, data: order_services.order_start_preparing(
        order=order, actor=actor, reason=data.reason
    ),
    "ship": lambda order, actor, data: order_services.order_ship(
        order=order,
        actor=actor,
        tracking_number=data.tracking_number,
        courier=data.courier,
        reason=data.reason,
    ),
    "complete": lambda order, actor, data: order_services.order_complete(
        order=order, actor=actor, reason=data.reason
    ),
    "cancel": lambda order, actor, data: order_services.order_cancel(
        order=order, actor=actor, reason=data.reason
    ),
}


class ActionIn(Strict):
    action: str = Field(
        ..., description="payment_received, confirm, prepare, ship, complete, cancel"
    )
    reason: str = Field("", max_length=300)
    tracking_number: str = Field("", max_length=60)
    courier: str = Field("", max_length=40)
    shipping_fee: int = Field(0, ge=0, le=10**12, description="for confirm")


@router.post(
    "/pesanan/{code}/aksi",
    response={200: OrderDetail, 400: Error, 404: Error, 409: Error, 422: Error, **UNAUTHORIZED},
)
def order_action(
    request,
    code: str,
    body: ActionIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=64),
):
    """Move an order as the team does on its page, by the same rules (scope
    ``orders:write``): the money received, confirm (an order sent on WhatsApp, with the agreed
    shipping fee), prepare, ship (with the resi), complete, cancel (with a reason)."""
    key = _need(request, Scope.ORDERS_WRITE)
    action = ACTIONS.get(body.action)
    if action is None:
        raise ApiError(400, "bad_request", gettext_noop("Some parameters are not valid."))

    def move():
        order = _found(key.village, code)
        _run(lambda: action(order, _actor(key), body))
        return 200, _detail(_found(key.village, code))

    with village_scope(key.village_id):
        return _idempotent(request, key, idempotency_key, [code, body.model_dump()], move)


# -- stock and prices ---------------------------------------------------------------------------


class VariantIn(Strict):
    stock: int | None = Field(None, ge=0, le=MAX_STOCK, description="the stock to have now")
    price: int | None = Field(None, ge=1, le=MAX_PRICE, description="the price in rupiah")


@router.post(
    "/varian/{variant_id}",
    response={200: VariantStockOut, 400: Error, 404: Error, 409: Error, 422: Error, **UNAUTHORIZED},
)
def variant_update(
    request,
    body: VariantIn,
    variant_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=64),
):
    """Set a variant's stock and/or price (scope ``stock:write``; a seller's key: her own
    products only). The stock is set by the difference from now, so units sold meanwhile are
    not sold twice."""
    key = _need(request, Scope.STOCK_WRITE)

    def change():
        variant = (
            Variant.objects.filter(village_id=key.village_id, pk=variant_id)
            .select_related("product")
            .first()
        )
        if variant is None or (key.seller_id and variant.product.seller_id != key.seller_id):
            raise ApiError(404, "not_found", gettext_noop("There is no such product variant here."))

        def apply():
            if body.price is not None:
                variant_price_set(variant=variant, price=body.price, actor=_actor(key))
            if body.stock is not None:
                now = Variant.objects.select_for_update().get(pk=variant.pk).stock
                if body.stock != now:
                    variant_stock_adjust(variant=variant, delta=body.stock - now)

        _run(apply)
        variant.refresh_from_db()
        return 200, {
            "id": variant.pk,
            "product": variant.product.name,
            "label": variant.label,
            "price": variant.price,
            "stock": variant.stock,
        }

    with village_scope(key.village_id):
        return _idempotent(request, key, idempotency_key, [variant_id, body.model_dump()], change)


# -- reports -------------------------------------------------------------------------------------


DAY = r"^\d{4}-\d{2}-\d{2}$"


class ReportFilter(Schema):
    start: str = Field("", pattern=DAY, description="first day, YYYY-MM-DD (default: 30 days ago)")
    end: str = Field("", pattern=DAY, description="last day, YYYY-MM-DD (default: today)")


def _day(text: str, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise ApiError(
            400, "bad_request", gettext_noop("Some parameters are not valid.")
        ) from error


@router.get("/laporan", response={200: ReportOut, 400: Error, **UNAUTHORIZED})
def report(request, filters: Query[ReportFilter]):
    """Sales of a period, as the village's report page counts them (scope ``reports:read``)."""
    key = _need(request, Scope.REPORTS_READ)
    end = _day(filters.end, timezone.localdate())
    start = _day(filters.start, end - timedelta(days=30))
    if start > end or (end - start).days > 3660:
        raise ApiError(400, "bad_request", gettext_noop("Some parameters are not valid."))
    period = reports.Period(start, end)
    village = key.village
    with village_scope(key.village_id), override("id"):
        figures = reports.summary(village=village, period=period)
        return {
            "start": start.isoformat(),
            "end": end.isoformat(),
            **figures,
            "months": [
                {"month": m, "turnover": t}
                for m, t in reports.by_month(village=village, period=period)
            ],
            "sellers_top": [
                {"name": n, "amount": a}
                for n, a in reports.by_seller(village=village, period=period)
            ],
            "products_top": [
                {"name": n, "amount": a}
                for n, a in reports.by_product(village=village, period=period)
            ],
        }


@router.get("/saldo", response={200: BalancesOut, **UNAUTHORIZED})
def balances(request: HttpRequest):
    """What the village owes each seller: earned and balance (scope ``reports:read``)."""
    key = _need(request, Scope.REPORTS_READ)
    with village_scope(key.village_id):
        rows = sellers_with_balances(village=key.village)
        return {
            "items": [
                {"seller": s.display_name, "earned": s.earned, "balance": s.balance} for s in rows
            ]
        }
