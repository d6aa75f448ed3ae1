from django import forms
from django.utils.translation import gettext_lazy as _

from .models import REPLY_MAX, TEXT_MAX

STARS = [(n, "★" * n) for n in range(5, 0, -1)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


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


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Your reply"), max_length=REPLY_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why hide it?"), max_length=300)
