"""Messages about orders, sent through the tasks framework (in-process by default)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from tokodesa.core.tenancy import in_village
from tokodesa.villages.selectors import shop_url, team_emails


def _links(order) -> dict:
    """The order's page and its review page, as absolute addresses for an e-mail."""

    def url(name: str) -> str:
        path = reverse(name, urlconf=settings.SHOP_URLCONF, kwargs={"code": order.code})
        return shop_url(order.village, path)

    return {"order_url": url("checkout:order"), "review_url": url("reviews:write")}


@task()
@in_village
def notify_order_placed(village_id: int, order_id: int) -> int:
    """E-mail the buyer (when they gave an address) and the village shop team."""
    from .models import Order

    order = Order.objects.select_related("village").filter(pk=order_id).first()
    if order is None:
        return 0
    sent = 0
    with translation.override("id"):
        context = {"order": order, "lines": list(order.lines.all()), **_links(order)}
        subject = render_to_string("orders/email/placed_subject.txt", context).strip()
        if order.buyer_email:
            body = render_to_string("orders/email/placed_buyer.txt", context)
            sent += send_mail(subject, body, None, [order.buyer_email])
        if team := team_emails(order.village):
            subject = render_to_string("orders/email/placed_team_subject.txt", context).strip()
            body = render_to_string("orders/email/placed_team.txt", context)
            sent += send_mail(f"[{order.village.name}] {subject}", body, None, team)
    return sent


@task()
@in_village
def notify_order_changed(village_id: int, order_id: int, status: str) -> int:
    """Tell the buyer by e-mail that their order moved on (when they gave an address)."""
    from .models import Order

    order = Order.objects.select_related("village").filter(pk=order_id).first()
    if order is None or not order.buyer_email:
        return 0
    order.status = status  # what this e-mail announces, even if the order moved on since
    with translation.override("id"):
        context = {"order": order, **_links(order)}
        subject = render_to_string("orders/email/changed_subject.txt", context).strip()
        body = render_to_string("orders/email/changed_buyer.txt", context)
        return send_mail(subject, body, None, [order.buyer_email])


@task()
def expire_due_orders() -> int:
    """Expire unpaid orders whose time is up (run it every few minutes: see README)."""
    from .services import orders_expire_due

    return orders_expire_due()
