"""How people are named in histories and logs."""


def actor_label(user, fallback: str = "") -> str:
    """How a person is named in histories and logs: full name, else username, else a
    program's own name (``ProgramActor``), else fallback."""
    if user is not None and getattr(user, "is_authenticated", False):
        return (user.get_full_name() or user.get_username())[:100]
    return (getattr(user, "actor_label", "") or fallback)[:100]


class ProgramActor:
    """A program acting for the shop team through an API key: named in histories and the
    audit log ("API: Kasir BUMDes"), never a user (no user row is linked)."""

    is_authenticated = False

    def __init__(self, label: str):
        self.actor_label = label[:100]


def one_time_login(user) -> tuple[str, str]:
    """The (uidb64, token) of a one-time link on which ``user`` chooses a password (Django's
    password-reset token: used once, expires after PASSWORD_RESET_TIMEOUT)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
