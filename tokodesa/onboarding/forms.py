from django import forms
from django.utils.translation import gettext_lazy as _

from tokodesa.regions.forms import LEVELS, RegionPickersForm

from .models import VillageApplication


class VillageApplicationForm(RegionPickersForm):
    """A village asks for its shop: which desa, who runs it, whom to contact."""

    run_by = forms.ChoiceField(
        label=_("Who runs the shop?"),
        choices=VillageApplication.RunBy.choices,
        widget=forms.RadioSelect,
    )
    organisation = forms.CharField(
        label=_("Name of the BUMDes (when the BUMDes runs it)"), max_length=160, required=False
    )
    leader_name = forms.CharField(label=_("Name of the Kepala Desa or BUMDes director"))
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    contact_whatsapp = forms.CharField(
        label=_("Contact WhatsApp number"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "0812 3456 7890"}
        ),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail (optional)"), required=False)
    message = forms.CharField(
        label=_("What will the villagers sell? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = forms.FileField(
        label=_("Letter from the village: SK or BUMDes letter (photo or PDF, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    field_order = [*LEVELS, "run_by", "organisation", "leader_name", "contact_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_region_choices()
        # The form only reads what was sent; the rules, and their messages, are the
        # service's (application_submit), so the web and the command say the same.
        for field in self.fields.values():
            field.required = False


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the village (for asking more or declining)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
