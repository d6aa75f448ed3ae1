from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from tokodesa.core.tenancy import in_village


@task()
@in_village
def notify_payment_rejected(village_id: int, record_id: int) -> int:
    """Tell the buyer (by e-mail, when given) that their payment was not accepted, and why."""
    from .models import PaymentRecord

    record = PaymentRecord.objects.select_related("order__village").filter(pk=record_id).first()
    if record is None or not record.order or not record.order.buyer_email:
        return 0
    with translation.override("id"):
        context = {"order": record.order, "record": record}
        subject = render_to_string("payments/email/rejected_subject.txt", context).strip()
        body = render_to_string("payments/email/rejected_buyer.txt", context)
        return send_mail(subject, body, None, [record.order.buyer_email])
