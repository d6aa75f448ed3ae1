"""Who is told what when an order moves (connected in ``apps.NotificationsConfig.ready``)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from tokodesa.core.tasks import enqueue_with_transaction
from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.orders.models import Order
from tokodesa.villages.selectors import shop_url

from .services import message_queue
from .tasks import email_send

SELLER_TEMPLATE = "pesanan_untuk_penjual"  # {{1}} name {{2}} code {{3}} items {{4}} when {{5}} link
PREORDER_TEMPLATE = "pesan_dulu_untuk_penjual"  # {{1}} name {{2}} code {{3}} items {{4}} link
S = Order.Status


def tell_sellers(*, order, to_status, **kwargs) -> None:
    """Each villager whose goods are in an order is told what it needs from them, on WhatsApp
    and (with an account that has one) by e-mail: once it is paid (or, paid on delivery,
    starts being prepared), what to bring to the village shop and by when; once a pre-order's
    deposit is paid, what to have ready and for when."""
    preorder = to_status == S.DEPOSIT_PAID
    due = to_status == S.PAID or (to_status == S.PROCESSING and order.pays_on_delivery)
    if not (due or preorder):
        return
    by_seller: dict[int, list] = {}
    for line in order.lines.select_related("seller__user"):
        by_seller.setdefault(line.seller_id, []).append(line)
    with override("id"):  # villagers read Indonesian
        when = formats.date_format(timezone.localdate() + timedelta(days=1), "l, j F")
        stall = shop_url(order.village, "/lapak/")
        for lines in by_seller.values():
            seller = lines[0].seller
            values = {
                "name": seller.display_name,
                "code": order.code,
                "shop": order.village.name,
                "items": ", ".join(_item(line, preorder) for line in lines),
                "when": when,
                "link": stall,
            }
            if preorder:
                template, params = PREORDER_TEMPLATE, ("name", "code", "items", "link")
                text = _(
                    "Hello %(name)s, pre-order %(code)s at %(shop)s (deposit paid): %(items)s. "
                    "Please have it ready; the shop will tell you when to bring it. %(link)s"
                )
            else:
                template, params = SELLER_TEMPLATE, ("name", "code", "items", "when", "link")
                text = _(
                    "Hello %(name)s, order %(code)s at %(shop)s needs: %(items)s. Please bring "
                    "it to the village shop by %(when)s. Thank you! %(link)s"
                )
            _to_seller(order, seller, template, [values[n] for n in params], text % values)


def _item(line, preorder: bool) -> str:
    item = f"{line.quantity} × {line.product_name} ({line.variant_label})"
    if preorder and line.ready_on:
        item += " – " + _("ready around %(day)s") % {"day": formats.date_format(line.ready_on)}
    return item


def _to_seller(order, seller, template: str, params: list, text: str) -> None:
    email = seller.user.email if seller.user_id and seller.user.email else ""
    subject = _("Order %(code)s") % {"code": order.code}
    if seller.whatsapp:
        message_queue(
            village_id=order.village_id,
            order=order,
            to=seller.whatsapp,
            to_label=_("%(name)s (seller)") % {"name": seller.display_name},
            template=template,
            params=params,
            text=text,
            emails=[email] if email else [],
            subject=subject,
        )
    elif email:
        enqueue_with_transaction(email_send, order.village_id, [email], subject, text)


#: What the buyer is told on WhatsApp when their order moves: template name and text (its
#: parameters, in the template's order, are made by ``_buyer_params``).
BUYER_MESSAGES = {
    S.AWAITING_PAYMENT: (
        "pesanan_dikonfirmasi",
        gettext_noop("Order %(code)s is confirmed by %(shop)s. Please pay %(amount)s: %(link)s"),
    ),
    S.DEPOSIT_PAID: (
        "dp_diterima",
        gettext_noop(
            "The deposit for order %(code)s is received, thank you! The goods should be ready "
            "around %(day)s; we will then ask you for the rest, %(amount)s. %(link)s"
        ),
    ),
    S.AWAITING_BALANCE: (
        "pelunasan_diminta",
        gettext_noop(
            "Good news: the goods of order %(code)s are ready! Please pay the rest, %(amount)s, "
            "before %(day)s: %(link)s"
        ),
    ),
    S.PAID: (
        "pembayaran_diterima",
        gettext_noop(
            "Payment for order %(code)s is received, thank you! We are preparing it. %(link)s"
        ),
    ),
    S.SHIPPED: (
        "pesanan_dikirim",
        gettext_noop("Order %(code)s is on its way: %(courier)s. %(link)s"),
    ),
    S.COMPLETED: (
        "pesanan_selesai",
        gettext_noop(
            "Thank you for buying from %(shop)s! How was order %(code)s? Give it stars here: "
            "%(link)s"
        ),
    ),
    S.CANCELLED: (
        "pesanan_dibatalkan",
        gettext_noop("Order %(code)s is cancelled: %(reason)s. %(link)s"),
    ),
}
PICKUP_MESSAGE = (
    "pesanan_siap_diambil",
    gettext_noop(
        "Order %(code)s is being made ready: please collect it at %(shop)s, %(address)s. %(link)s"
    ),
)
#: The parameters of each template, in order (docs/whatsapp-templates.md).
BUYER_PARAMS = {
    "pesanan_dikonfirmasi": ("code", "shop", "amount", "link"),
    "dp_diterima": ("code", "day", "amount", "link"),
    "pelunasan_diminta": ("code", "amount", "day", "link"),
    "pembayaran_diterima": ("code", "link"),
    "pesanan_dikirim": ("code", "courier", "link"),
    "pesanan_selesai": ("shop", "code", "link"),
    "pesanan_dibatalkan": ("code", "reason", "link"),
    "pesanan_siap_diambil": ("code", "shop", "address", "link"),
}


def tell_buyer(*, order, from_status, to_status, actor, reason, **kwargs) -> None:
    """The buyer is told on WhatsApp how their order moved (written on the order's history;
    sent by the worker, or by the team from the order page when no WhatsApp service is set
    up). Not what the buyer did themselves (cancelling, saying it arrived)."""
    by_team = getattr(actor, "is_authenticated", False) or bool(getattr(actor, "actor_label", ""))
    if to_status in (S.COMPLETED, S.CANCELLED) and not by_team:
        return  # the buyer said it arrived, or cancelled it: they know
    if to_status == S.AWAITING_PAYMENT and from_status != S.AWAITING_CONFIRMATION:
        return  # placed: the buyer is on the order page already
    if to_status == S.PROCESSING and order.collected_at_shop:
        template, text = PICKUP_MESSAGE
    elif to_status in BUYER_MESSAGES:
        template, text = BUYER_MESSAGES[to_status]
    else:
        return
    with override("id"):
        name = "reviews:write" if to_status == S.COMPLETED else "checkout:order"
        path = reverse(name, urlconf=settings.SHOP_URLCONF, kwargs={"code": order.code})
        if to_status == S.AWAITING_BALANCE and order.expires_at:
            day = timezone.localtime(order.expires_at).date()  # pay the rest by
        elif to_status == S.DEPOSIT_PAID:  # the goods ready around
            day = order.lines.aggregate(last=Max("ready_on"))["last"] or timezone.localdate()
        else:
            day = timezone.localdate()  # (no template of these names a day)
        courier = order.tracking_courier or order.delivery_label
        if order.tracking_number:
            courier = _("%(courier)s, tracking number %(resi)s") % {
                "courier": courier,
                "resi": order.tracking_number,
            }
        values = {
            "code": order.code,
            "shop": order.village.name,
            "address": order.village.address or order.village.name,
            "amount": format_rupiah(
                order.balance if to_status == S.DEPOSIT_PAID else order.due_now
            ),
            "day": formats.date_format(day),
            "courier": courier,
            "reason": reason or _("no reason given"),
            "link": shop_url(order.village, path),
        }
        message_queue(
            village_id=order.village_id,
            order=order,
            to=order.buyer_whatsapp,
            to_label=_("%(name)s (buyer)") % {"name": order.buyer_name},
            template=template,
            params=[values[name] for name in BUYER_PARAMS[template]],
            text=_(text) % values,
        )
