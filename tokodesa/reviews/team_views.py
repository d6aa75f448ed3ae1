"""The shop team reads every review and hides one with a reason (never edits it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.core.numbers import posted_id
from tokodesa.villages.decorators import team_only

from . import selectors, services
from .models import Review


@team_only
@require_http_methods(["GET", "POST"])
def reviews(request):
    if request.method == "POST":
        review = get_object_or_404(
            Review, village=request.village, pk=posted_id(request.POST, "review")
        )
        try:
            services.review_hide(
                review=review, reason=request.POST.get("reason", ""), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The review is hidden."))
        return redirect("reviews:team")
    return TemplateResponse(
        request,
        "reviews/team.html",
        {"reviews": selectors.reviews_for_team(village=request.village)},
    )
