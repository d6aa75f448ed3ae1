from .models import Message


def order_messages(*, order) -> list[Message]:
    """The messages sent (or to send by hand) about an order, oldest first."""
    return list(Message.objects.filter(village=order.village_id, order=order))
