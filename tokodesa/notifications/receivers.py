"""Who is told what when an order moves (connected in ``apps.NotificationsConfig.ready``)."""

from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tokodesa.orders.models import Order
from tokodesa.villages.selectors import shop_url

from .services import message_queue

SELLER_TEMPLATE = "pesanan_untuk_penjual"  # {{1}} name {{2}} code {{3}} items {{4}} when {{5}} link


def tell_sellers(*, order, to_status, **kwargs) -> None:
    """Once an order is paid (or, paid on delivery, starts being prepared), each villager whose
    goods are in it is told what to bring to the village shop, and by when."""
    due = to_status == Order.Status.PAID or (
        to_status == Order.Status.PROCESSING and order.pays_on_delivery
    )
    if not due:
        return
    by_seller: dict[int, list] = {}
    for line in order.lines.select_related("seller"):
        by_seller.setdefault(line.seller_id, []).append(line)
    with override("id"):  # villagers read Indonesian
        when = formats.date_format(timezone.localdate() + timedelta(days=1), "l, j F")
        stall = shop_url(order.village, "/lapak/")
        for lines in by_seller.values():
            seller = lines[0].seller
            if not seller.whatsapp:
                continue
            items = ", ".join(f"{x.quantity} × {x.product_name} ({x.variant_label})" for x in lines)
            params = [seller.display_name, order.code, items, when, stall]
            text = _(
                "Hello %(name)s, order %(code)s at %(shop)s needs: %(items)s. Please bring it "
                "to the village shop by %(when)s. Thank you! %(link)s"
            ) % {
                "link": stall,
                "name": seller.display_name,
                "code": order.code,
                "shop": order.village.name,
                "items": items,
                "when": when,
            }
            message_queue(
                village_id=order.village_id,
                order=order,
                to=seller.whatsapp,
                to_label=_("%(name)s (seller)") % {"name": seller.display_name},
                template=SELLER_TEMPLATE,
                params=params,
                text=text,
            )
