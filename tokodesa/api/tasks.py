from django_tasks import task

from tokodesa.core.tenancy import in_village


@task()
@in_village
def webhook_deliver(village_id: int, delivery_id: int) -> str:
    """Send one webhook delivery; a failure is written on it and raised, so the worker tries
    again later (TASK_MAX_ATTEMPTS runs in all)."""
    from .models import WebhookDelivery
    from .services import webhook_send

    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == WebhookDelivery.Status.DELIVERED:
        return "gone" if delivery is None else "delivered already"
    if not delivery.webhook.is_active:
        return "webhook off"
    webhook_send(delivery=delivery)
    return "delivered"


@task()
def forget_old_answers() -> int:
    """Idempotent answers are kept a day (ANSWERS_KEPT)."""
    from .services import answers_forget_old

    return answers_forget_old()
