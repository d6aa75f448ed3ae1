"""Queueing messages: written down with the order (same transaction), sent by the worker."""

from tokodesa.core.tasks import enqueue_with_transaction

from .models import Message
from .tasks import deliver, email_send


def message_queue(
    *, village_id: int, to: str, template: str, params: list[str], text: str, order=None,
    to_label: str = "", emails: list[str] | tuple = (), subject: str = "",
) -> Message:  # fmt: skip
    """Write the message down (on the order's history) and have the worker send it, and a copy
    by e-mail to ``emails`` (with ``subject``) when given."""
    message = Message.objects.create(
        village_id=village_id,
        order=order,
        to=to,
        to_label=to_label[:120],
        template=template,
        params=[str(p)[:1000] for p in params],
        text=text,
    )
    enqueue_with_transaction(deliver, village_id, message.pk)
    if emails:
        enqueue_with_transaction(email_send, village_id, sorted(emails), subject, text)
    return message


BACK_TEMPLATE = "stok_tersedia_lagi"  # {{1}} product, {{2}} shop, {{3}} link, {{4}} stop link
STOP_SALT = "tokodesa.notifications.stop"


def stop_token(*, village_id: int, contact: str) -> str:
    """The signed part of a "stop these messages" link (no lookup, nothing stored until used)."""
    from django.core import signing

    return signing.dumps([village_id, contact], salt=STOP_SALT, compress=True)


def stop_token_read(token: str) -> tuple[int, str] | None:
    from django.core import signing

    try:
        village_id, contact = signing.loads(token[:500], salt=STOP_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(village_id, int) or not isinstance(contact, str):
        return None
    return village_id, contact


def opt_out(*, village, contact: str) -> None:
    """No more notices for this contact from this shop; those waiting are forgotten now."""
    from django.db import IntegrityError, transaction
    from django.db.models import Q

    from .models import OptOut, StockAlert

    with transaction.atomic():
        StockAlert.objects.filter(village=village).filter(
            Q(whatsapp=contact) | Q(email=contact)
        ).delete()
        try:
            with transaction.atomic():
                OptOut.objects.create(village=village, contact=contact)
        except IntegrityError:
            pass  # asked twice


def stock_alert_add(*, product, contact: str, link: str):
    """Remember a buyer's WhatsApp number or e-mail to tell them once when ``product`` is back
    (asking twice changes nothing). Raises ValidationError for a contact that is neither."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import IntegrityError, transaction
    from django.utils.translation import gettext as _

    from tokodesa.core.validators import normalize_whatsapp

    from .models import StockAlert

    contact = str(contact or "").strip()[:254]
    fields = {}
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError as error:
            raise ValidationError(_("Write a WhatsApp number or an e-mail address.")) from error
        fields["email"] = contact.lower()
    else:
        try:
            fields["whatsapp"] = normalize_whatsapp(contact)
        except ValidationError as error:
            raise ValidationError(_("Write a WhatsApp number or an e-mail address.")) from error
    from .models import OptOut

    try:
        with transaction.atomic():
            # Asking again is consent given anew, after an earlier "stop".
            OptOut.objects.filter(
                village_id=product.village_id, contact__in=list(fields.values())
            ).delete()
            return StockAlert.objects.create(
                village_id=product.village_id, product=product, link=link[:300], **fields
            )
    except IntegrityError:
        return None  # asked already


def stock_alerts_send() -> int:
    """Tell everyone waiting for a product that is back in stock (once), then forget them;
    forget those who waited longer than ``StockAlert.KEEP_DAYS``. Scheduled every 15 minutes."""
    from datetime import timedelta

    from django.conf import settings
    from django.core.mail import send_mail
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    from tokodesa.catalog.selectors import products_back_in_stock
    from tokodesa.core.tenancy import across_villages
    from tokodesa.villages.selectors import shop_url

    from .models import OptOut, StockAlert

    told = 0
    with across_villages("the worker tells every village's waiting buyers"):
        old = timezone.now() - timedelta(days=StockAlert.KEEP_DAYS)
        StockAlert.objects.filter(created_at__lt=old).delete()
        waiting = StockAlert.objects.values_list("product_id", flat=True).distinct()
        back = products_back_in_stock(ids=list(waiting))
        alerts = list(
            StockAlert.objects.filter(product_id__in=list(back)).select_related("product__village")
        )
        stopped = set(
            OptOut.objects.filter(contact__in={a.whatsapp or a.email for a in alerts}).values_list(
                "village_id", "contact"
            )
        )
        for alert in alerts:
            product, village = alert.product, alert.product.village
            contact = alert.whatsapp or alert.email
            with override("id"), transaction.atomic():
                if (village.pk, contact) in stopped:
                    alert.delete()
                    continue
                stop = shop_url(
                    village,
                    reverse(
                        "notifications:stop", urlconf=settings.SHOP_URLCONF,
                        kwargs={"token": stop_token(village_id=village.pk, contact=contact)},
                    ),
                )  # fmt: skip
                text = _(
                    "%(product)s is available again at %(shop)s: %(link)s\n"
                    "No more such messages: %(stop)s"
                ) % {
                    "product": product.name, "shop": village.name, "link": alert.link,
                    "stop": stop,
                }  # fmt: skip
                if alert.whatsapp:
                    message_queue(
                        village_id=village.pk, to=alert.whatsapp, template=BACK_TEMPLATE,
                        params=[product.name, village.name, alert.link, stop], text=text,
                    )  # fmt: skip
                else:
                    transaction.on_commit(
                        lambda a=alert, t=text: send_mail(
                            _("%(product)s is available again") % {"product": a.product.name},
                            t, None, [a.email],
                        )
                    )  # fmt: skip
                alert.delete()
                told += 1
    return told


PLACED_TEMPLATE = "pesanan_baru_toko"  # {{1}} code, {{2}} buyer, {{3}} amount, {{4}} link
CLAIMED_TEMPLATE = "pembayaran_perlu_dicek"  # {{1}} code, {{2}} buyer, {{3}} amount, {{4}} link


def tell_shop(*, order, template: str) -> Message | None:
    """The shop's own WhatsApp number is told of a new order or a payment to check (in the
    caller's transaction), with a link to the order's page for the team. A payment to check
    also goes to the team by e-mail (a new order is e-mailed with its lines by
    ``orders.tasks.notify_order_placed``)."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    from tokodesa.core.templatetags.rupiah import format_rupiah
    from tokodesa.villages.selectors import shop_url, team_emails

    village = order.village
    claimed = template == CLAIMED_TEMPLATE
    emails = team_emails(village) if claimed else []
    path = reverse("orders-team:manage", urlconf=settings.SHOP_URLCONF, kwargs={"code": order.code})
    link = shop_url(village, path)
    amount = format_rupiah(order.due_now if claimed else order.payable)
    with override("id"):
        if claimed:
            text = _("%(buyer)s says order %(code)s is paid (%(amount)s). Please check: %(link)s")
        else:
            text = _("New order %(code)s from %(buyer)s, %(amount)s: %(link)s")
        text = text % {
            "code": order.code,
            "buyer": order.buyer_name,
            "amount": amount,
            "link": link,
        }
        subject = _("Payment to check: %(code)s") % {"code": order.code}
        if not village.whatsapp:
            if emails:  # no number to write to: the e-mail alone
                enqueue_with_transaction(email_send, order.village_id, emails, subject, text)
            return None
        return message_queue(
            village_id=order.village_id,
            order=order,
            to=village.whatsapp,
            to_label=_("the shop"),
            template=template,
            params=[order.code, order.buyer_name, amount, link],
            text=text,
            emails=emails,
            subject=subject,
        )
