"""WhatsApp click-to-chat links (wa.me), used wherever the shop writes to someone."""

from urllib.parse import quote


def wa_link(number: str, text: str) -> str:
    """A wa.me link to ``number`` (E.164, with or without +) with ``text`` prefilled."""
    return f"https://wa.me/{number.lstrip('+')}?text={quote(text)}"
