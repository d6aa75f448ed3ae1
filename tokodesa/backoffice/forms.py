from django import forms
from django.utils.translation import gettext_lazy as _


class VillageSettingsForm(forms.Form):
    tagline = forms.CharField(label=_("Tagline"), max_length=160, required=False)
    story = forms.CharField(
        label=_("Our village's story"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    logo = forms.ImageField(label=_("Logo (optional)"), required=False)
    whatsapp = forms.CharField(label=_("Shop's WhatsApp number"), max_length=30, required=False)
    email = forms.EmailField(label=_("Shop's e-mail"), required=False)
    address = forms.CharField(
        label=_("Address of the shop"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fee_percent = forms.DecimalField(
        label=_("Village fee (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        help_text=_(
            "Kept from each sale, e.g. for the BUMDes. A change counts for orders placed after it."
        ),
    )
    review_products = forms.BooleanField(
        label=_("Check sellers' products before they go on sale"), required=False
    )
    transparency_public = forms.BooleanField(label=_("Public transparency page"), required=False)
    problem_days = forms.IntegerField(
        label=_("Days a buyer has to report a problem after receiving"),
        min_value=0,
        max_value=60,
        help_text=_("Damaged, wrong or missing goods; 0: buyers report on WhatsApp only."),
    )
    opening_hours = forms.CharField(label=_("Pickup hours"), max_length=120, required=False)
    map_url = forms.URLField(label=_("Map link"), required=False, assume_scheme="https")


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username of the person"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("staff", _("shop staff")), ("admin", _("village admin"))]
    )


class BankAccountForm(forms.Form):
    bank_name = forms.CharField(label=_("Bank"), max_length=60)
    account_number = forms.CharField(label=_("Account number"), max_length=30)
    account_holder = forms.CharField(label=_("In the name of"), max_length=100)
