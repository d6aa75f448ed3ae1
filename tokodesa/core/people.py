"""How people are named in histories and logs."""


def actor_label(user, fallback: str = "") -> str:
    """How a person is named in histories and logs: full name, else username, else fallback."""
    if user is not None and getattr(user, "is_authenticated", False):
        return (user.get_full_name() or user.get_username())[:100]
    return fallback[:100]
