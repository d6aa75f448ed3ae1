"""Secrets a village gives the shop (its Midtrans server key), kept encrypted in the database.

Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) with a key derived by HKDF-SHA256
from ``settings.PAYMENT_SECRETS_KEY`` when that is set, else from ``settings.SECRET_KEY``.

Rotating the key material makes every stored secret unreadable: ``decrypt`` then raises
``SecretUnreadable`` (``decrypt_or_none`` returns None), the Midtrans method is no longer
offered at checkout, notifications for that village are refused, and the village team has to
enter its server key again. Set ``PAYMENT_SECRETS_KEY`` (any long random string) to be free
to rotate ``SECRET_KEY`` without that.
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_SALT = b"tokodesa.payments.secrets"
_INFO = b"fernet key v1"


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted (the key material changed, or it is damaged)."""


def _material() -> str:
    return getattr(settings, "PAYMENT_SECRETS_KEY", "") or settings.SECRET_KEY


@lru_cache(maxsize=4)
def _fernet(material: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO).derive(
        material.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(plain: str) -> str:
    return _fernet(_material()).encrypt(plain.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet(_material()).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError, ValueError) as error:
        raise SecretUnreadable from error


def decrypt_or_none(token: str) -> str | None:
    if not token:
        return None
    try:
        return decrypt(token)
    except SecretUnreadable:
        return None
