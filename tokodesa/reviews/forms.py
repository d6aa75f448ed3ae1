from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX

STARS = [(n, "★" * n) for n in range(5, 0, -1)]


class ReviewForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        label=_("How many stars?"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your review (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
