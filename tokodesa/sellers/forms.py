from django import forms
from django.utils.translation import gettext_lazy as _

from tokodesa.core.validators import normalize_whatsapp


class SellerApplicationForm(forms.Form):
    """A villager asks to sell through the village shop (or staff sign them up)."""

    display_name = forms.CharField(label=_("Your name"), max_length=120)
    whatsapp = forms.CharField(
        label=_("WhatsApp number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    story = forms.CharField(
        label=_("What do you make or grow?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shop_name = forms.CharField(label=_("Shop name (optional)"), max_length=120, required=False)
    payout_account = forms.CharField(
        label=_("Bank account for your money (optional)"),
        max_length=120,
        required=False,
        help_text=_("E.g. BRI 0123… a.n. Siti. Leave empty to be paid in cash at the shop."),
    )

    def clean_whatsapp(self):
        return normalize_whatsapp(self.cleaned_data["whatsapp"])
