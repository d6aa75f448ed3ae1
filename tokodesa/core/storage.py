"""The private file store (payment proofs): ``settings.STORAGES["private"]``, looked up when
used, so it follows the settings (a folder on a laptop, a private bucket in production)."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
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


def private_file_response(file) -> HttpResponse:
    """Show a private file (a payment proof, a village's letter) to the one allowed to see it:
    a signed address valid for minutes in a private bucket, else streamed, never cached and
    never run as a page."""
    if url := signed_url(file.storage, file.name):
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(file.open("rb"), as_attachment=False)
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
        response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
