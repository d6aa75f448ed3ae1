from django.apps import AppConfig
from django.contrib.admin import apps as django_admin
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "tokodesa.villages"
    verbose_name = _("Villages")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Domain, Village
        from .selectors import villages_changed

        def changed(**kwargs):
            villages_changed()

        for model in (Village, Domain):  # weak=False: `changed` lives only in this function
            for signal in (post_save, post_delete):
                signal.connect(
                    changed, sender=model, weak=False, dispatch_uid=f"vc-{model.__name__}"
                )


class AdminConfig(django_admin.AdminConfig):
    """django.contrib.admin with the village-scoped site (villages.admin_site)."""

    default = False
    default_site = "tokodesa.villages.admin_site.AdminSite"
