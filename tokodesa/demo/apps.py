from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo villages (``load_demo``): the top of the house, building on every feature."""

    name = "tokodesa.demo"
    verbose_name = _("Demo villages")
