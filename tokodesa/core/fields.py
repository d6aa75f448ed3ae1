"""Model fields of the house.

``PhotoField`` is the only image field models use: whatever form edits it (the shop's pages,
the Django admin, any ModelForm), an uploaded file reaches storage only as the photo
pipeline's clean WebP (tokodesa.core.images), never as the bytes that were sent.
"""

from django import forms
from django.db import models

from . import images


class PhotoFormField(forms.FileField):
    """A file input whose cleaned value is the pipeline's WebP, or a ValidationError."""

    def __init__(self, *, max_side: int = images.MASTER_MAX_SIDE, **kwargs):
        self.max_side = max_side
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return images.clean_photo(upload, max_side=self.max_side)


class PhotoField(models.ImageField):
    def __init__(self, *args, max_side: int = images.MASTER_MAX_SIDE, **kwargs):
        self.max_side = max_side
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_side != images.MASTER_MAX_SIDE:
            kwargs["max_side"] = self.max_side
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        kwargs.pop("form_class", None)  # never a plain ImageField, whoever asks
        defaults = {"max_side": self.max_side}
        return super().formfield(**{"form_class": PhotoFormField, **defaults, **kwargs})
