"""The private file store (payment proofs): ``settings.STORAGES["private"]``, looked up when
used, so it follows the settings (a folder on a laptop, a private bucket in production)."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def signed_url(storage, name: str) -> str | None:
    """A short-lived signed address of ``name`` when the storage gives such (a private
    bucket), else None (then the file is streamed by the app)."""
    if not getattr(storage, "querystring_auth", False):
        return None
    return storage.url(name, parameters={"ResponseContentDisposition": "inline"})
