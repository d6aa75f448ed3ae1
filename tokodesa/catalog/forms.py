from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from tokodesa.catalog.models import Category, Product
from tokodesa.core.numbers import MAX_STOCK, WholeNumberField


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product name"), max_length=120)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    unit = forms.ChoiceField(label=_("Sold per"), choices=Product.Unit.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    photo = forms.ImageField(
        label=_("Photo (from the camera or gallery)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    net_weight_g = WholeNumberField(
        label=_("Net weight (grams, food only)"), required=False, min_value=1, max_value=1_000_000
    )
    pirt_number = forms.CharField(label=_("P-IRT number (if any)"), max_length=30, required=False)
    halal_number = forms.CharField(label=_("Halal number (if any)"), max_length=40, required=False)
    shelf_life_days = WholeNumberField(
        label=_("Keeps for (days)"), required=False, min_value=1, max_value=3650
    )
    ready_on = forms.DateField(
        label=_("Ready around (for a pre-order)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Only for goods ordered now and ready later, e.g. the next coffee harvest. The stock "
            "is then how many can be ordered."
        ),
    )
    deposit_percent = WholeNumberField(
        label=_("Deposit for a pre-order (percent, optional)"),
        required=False,
        min_value=10,
        max_value=90,
        help_text=_(
            "E.g. 30: the buyer pays 30 percent when ordering and the rest when the goods are "
            "ready. Empty: paid in full when ordering."
        ),
    )
    season_month = forms.TypedChoiceField(
        label=_("Next season (for a seasonal product)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Not seasonal")), *MONTHS.items()],
    )

    def clean(self):
        data = super().clean()
        if data.get("deposit_percent") and not data.get("ready_on"):
            self.add_error(
                "deposit_percent", _("A deposit is for a pre-order: set the ready date too.")
            )
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(parent__isnull=False)
        # Shown under their top-level category, by name, after a real prompt (not "-----").
        from tokodesa.catalog.selectors import CategoryTree

        tree = CategoryTree.load()
        groups = []
        for root in sorted(tree.children.get(None, []), key=lambda c: c.name):
            below, todo = [], list(tree.children.get(root.pk, []))
            while todo:
                node = todo.pop()
                below.append(node)
                todo.extend(tree.children.get(node.pk, []))
            groups.append(
                (root.name, [(c.pk, c.name) for c in sorted(below, key=lambda c: c.name)])
            )
        self.fields["category"].widget.choices = [("", _("Choose a category")), *groups]


class VariantForm(forms.Form):
    id = WholeNumberField(required=False, widget=forms.HiddenInput)
    stock_seen = WholeNumberField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(
        label=_("Size or kind"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "250 g"}),
    )
    price = WholeNumberField(
        label=_("Price (Rp)"),
        min_value=1,
        max_value=2_000_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    weight_g = WholeNumberField(
        label=_("Weight with packing (grams)"), min_value=1, max_value=1_000_000
    )
    stock = WholeNumberField(label=_("Stock"), min_value=0, max_value=MAX_STOCK)


VariantFormSet = forms.formset_factory(
    VariantForm,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=20,
    validate_max=True,
    absolute_max=20,  # a forged TOTAL_FORMS never builds more forms than this
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class PriceCutForm(forms.Form):
    """A price cut as a seller (for one product) or the team (for any product) sets it."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    percent = WholeNumberField(label=_("Percent off"), min_value=1, max_value=90)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())

    def __init__(self, *args, village=None, product=None, **kwargs):
        super().__init__(*args, **kwargs)
        if product is not None:  # the seller's own product: no choice to make
            del self.fields["product"]
        else:
            self.fields["product"].queryset = (
                Product.objects.filter(village=village, status=Product.Status.ACTIVE)
                .only("pk", "name")
                .order_by("name")
            )
