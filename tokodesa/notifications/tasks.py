from django.utils import timezone
from django_tasks import task

from tokodesa.core.tenancy import in_village


@task()
@in_village
def deliver(village_id: int, message_id: int) -> str:
    """Send one queued message through the WhatsApp service; without one it waits for the
    team to send it by hand. A refusal is written down and raised, so the worker tries again
    (``TASK_MAX_ATTEMPTS``)."""
    from .models import Message
    from .providers import SendFailed, provider

    message = Message.objects.filter(pk=message_id).first()
    if message is None or message.status == Message.Status.SENT:
        return "gone" if message is None else "sent already"
    service = provider()
    if service is None:
        Message.objects.filter(pk=message_id).update(status=Message.Status.BY_HAND)
        return "by hand"
    attempts = message.attempts + 1
    try:
        provider_id = service.send_template(
            to=message.to, template=message.template, params=message.params
        )
    except SendFailed as error:
        Message.objects.filter(pk=message_id).update(
            status=Message.Status.FAILED, attempts=attempts, error=str(error)[:300]
        )
        raise
    Message.objects.filter(pk=message_id).update(
        status=Message.Status.SENT,
        attempts=attempts,
        error="",
        provider_id=provider_id[:120],
        sent_at=timezone.now(),
    )
    return "sent"


@task()
def send_stock_alerts() -> int:
    """Tell buyers waiting for a product that it is back (scheduled every 15 minutes)."""
    from .services import stock_alerts_send

    return stock_alerts_send()


@task()
@in_village
def email_send(village_id: int, emails: list[str], subject: str, text: str) -> int:
    """A message by e-mail to those who gave an address (the team, a seller with an account):
    WhatsApp is the first way, e-mail the one that leaves a trace."""
    from django.core.mail import send_mail

    return send_mail(subject, text, None, emails) if emails else 0
