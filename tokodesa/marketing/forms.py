from django import forms
from django.utils.translation import gettext_lazy as _

from tokodesa.catalog.forms import DateInput
from tokodesa.catalog.models import Category, Product
from tokodesa.core.numbers import MAX_RUPIAH, WholeNumberField
from tokodesa.sellers.models import Seller

from .models import Voucher


def _rupiah(label, **kwargs) -> WholeNumberField:
    """An optional amount in whole rupiah ("5.000" or "5000")."""
    return WholeNumberField(
        label=label, min_value=0, max_value=MAX_RUPIAH, required=False, grouped=True, **kwargs
    )


class VoucherForm(forms.Form):
    """A voucher as the team sets it up from a phone; the scope lists only this shop's rows."""

    code = forms.CharField(
        label=_("Code buyers type"),
        max_length=20,
        help_text=_("Letters and digits, e.g. PANEN10. Buyers may type it in small letters."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label=_("What it is for (for the team)"), max_length=120, required=False
    )
    kind = forms.ChoiceField(
        label=_("Discount on the goods"), choices=Voucher.Kind.choices, widget=forms.RadioSelect
    )
    value = _rupiah(_("How much off (percent or rupiah; 0 for a shipping discount only)"))
    max_discount = _rupiah(_("Largest discount (Rp, empty for no limit)"))
    min_subtotal = _rupiah(_("Minimum purchase (Rp, empty for none)"))
    shipping = forms.ChoiceField(
        label=_("Shipping"), choices=Voucher.Shipping.choices, widget=forms.RadioSelect
    )
    shipping_off = _rupiah(_("Shipping discount up to (Rp)"))
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Last day (empty: no end)"), required=False, widget=DateInput()
    )
    quota = WholeNumberField(
        label=_("Number of uses (empty: no limit)"),
        min_value=1,
        max_value=1_000_000,
        required=False,
    )
    per_buyer = WholeNumberField(
        label=_("Uses per WhatsApp number"), min_value=1, max_value=100, initial=1
    )
    bearer = forms.ChoiceField(
        label=_("Who bears the discount"), choices=Voucher.Bearer.choices, widget=forms.RadioSelect
    )
    sellers = forms.ModelMultipleChoiceField(
        label=_("Only these sellers' products"),
        queryset=Seller.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Only these categories"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Only these products"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sellers"].queryset = Seller.objects.filter(
            village=village, status=Seller.Status.ACTIVE
        ).order_by("display_name")
        used = Product.objects.filter(village=village).values("category_id")
        self.fields["categories"].queryset = Category.objects.filter(pk__in=used).order_by("name")
        self.fields["products"].queryset = (
            Product.objects.filter(village=village)
            .exclude(status=Product.Status.ARCHIVED)
            .only("pk", "name")
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        for name in ("value", "max_discount", "min_subtotal", "shipping_off"):
            data[name] = data.get(name) or 0
        return data
