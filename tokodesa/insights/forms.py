from django import forms
from django.utils.translation import gettext_lazy as _


class MonitorForm(forms.Form):
    """The platform operator lets a person of a dinas, a kabupaten or the ministry read the
    figures of a region (checked by ``insights.services.monitor_grant``)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    organisation = forms.CharField(
        label=_("Office"),
        max_length=150,
        help_text=_("E.g. Dinas Koperasi dan UKM Kabupaten Kepahiang."),
    )
    email = forms.CharField(label=_("E-mail"), max_length=254)
    whatsapp = forms.CharField(label=_("WhatsApp (optional)"), max_length=20, required=False)
    region = forms.CharField(
        label=_("Region watched"),
        max_length=100,
        required=False,
        help_text=_(
            "A kabupaten/kota or province, by name or code (Kepahiang, 17.08, Bengkulu, 17); "
            "empty for all of Indonesia."
        ),
    )
