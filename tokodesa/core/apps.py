from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tokodesa.core"
    verbose_name = _("Core")

    def ready(self):
        from django.urls import register_converter

        from . import lookups  # noqa: F401 (registers the bounded "in" lookup)
        from .numbers import IdConverter

        register_converter(IdConverter, "id")
