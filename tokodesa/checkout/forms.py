"""The checkout form: buyer, address through the official region pickers, delivery, payment."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tokodesa.core.validators import normalize_whatsapp
from tokodesa.regions.forms import LEVELS, RegionPickersForm

__all__ = ["LEVELS", "CheckoutForm"]


class CheckoutForm(RegionPickersForm):
    name = forms.CharField(label=_("Your name"), max_length=100)
    whatsapp = forms.CharField(
        label=_("WhatsApp number"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "0812 3456 7890"}
        ),
    )
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    street = forms.CharField(label=_("Street, house number, landmark"), max_length=200)
    rt_rw = forms.CharField(label=_("RT/RW (optional)"), max_length=20, required=False)
    postal_code = forms.CharField(
        label=_("Postal code (optional)"),
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Note to the shop (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    delivery = forms.ChoiceField(label=_("Delivery"), widget=forms.RadioSelect, required=False)
    payment = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect, required=False)

    field_order = ["name", "whatsapp", "email", *LEVELS, "street", "rt_rw", "postal_code"]

    def __init__(
        self,
        *args,
        delivery_options=(),
        payment_options=(),
        default_delivery=None,
        via_whatsapp=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.via_whatsapp = via_whatsapp
        self.set_region_choices()
        source = self.data if self.is_bound else self.initial
        self.fields["delivery"].choices = [(o.code, o) for o in delivery_options]
        self.fields["payment"].choices = [(o.code, o) for o in payment_options]
        if not via_whatsapp:
            self.fields["delivery"].required = bool(delivery_options)
            self.fields["payment"].required = True
        if default_delivery is not None and not source.get("delivery"):
            self.initial.setdefault("delivery", default_delivery.code)
        if len(payment_options) == 1:
            self.initial.setdefault("payment", payment_options[0].code)

    def clean_whatsapp(self) -> str:
        return normalize_whatsapp(self.cleaned_data["whatsapp"])

    def clean_postal_code(self) -> str:
        code = self.cleaned_data["postal_code"].strip()
        if code and (len(code) != 5 or not code.isdigit()):
            raise ValidationError(_("A postal code has 5 digits."))
        return code
