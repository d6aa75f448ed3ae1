"""Queueing messages: written down with the order (same transaction), sent by the worker."""

from tokodesa.core.tasks import enqueue_with_transaction

from .models import Message
from .tasks import deliver


def message_queue(
    *, village_id: int, to: str, template: str, params: list[str], text: str, order=None,
    to_label: str = "",
) -> Message:  # fmt: skip
    """Write the message down (on the order's history) and have the worker send it."""
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
    return message
